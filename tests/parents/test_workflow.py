"""Requests in the admin: who sees which (by list and by typed URL), the steps new → assigned
→ answered → closed with their history, the letters they send, and the notes."""

import pytest

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from base.roles import CONSULTANTS, METHODISTS
from parents.choices import Format, Status
from parents.roles import SUPERVISORS
from tests.factories import parents
from tests.factories.users import UserFactory, superuser, user_in

pytestmark = pytest.mark.django_db

ADMIN = "/admin/parents/requests/"


def card(consultation):
    return f"{ADMIN}inspect/{consultation.pk}/"


@pytest.fixture
def team(home):
    parents.service()
    anna = parents.consultant(first_name="Анна", last_name="Лебедева", email="anna@iro.example.ru")
    boris = parents.consultant(first_name="Борис", last_name="Орлов", email="boris@iro.example.ru")
    return {
        "anna": anna,
        "boris": boris,
        "boss": parents.supervisor(first_name="Галина", last_name="Сергеева"),
        "annas": parents.consultation(status=Status.ASSIGNED, consultant=anna, name="Заявитель Анны"),
        "boriss": parents.consultation(status=Status.ASSIGNED, consultant=boris, name="Заявитель Бориса"),
        "queued": parents.consultation(name="Заявитель из очереди", email="queue@example.ru"),
        "closed_unassigned": parents.consultation(status=Status.CLOSED, name="Закрытый без консультанта"),
    }


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def listed(client, **query):
    response = client.get(ADMIN, query)
    assert response.status_code == 200
    return {row.reference for row in response.context["object_list"]}


def test_the_roles_get_their_rights_from_migrations(db):
    consultants = set(Group.objects.get(name=CONSULTANTS).permissions.values_list("codename", flat=True))
    supervisors = set(Group.objects.get(name=SUPERVISORS).permissions.values_list("codename", flat=True))
    assert {"view_consultationrequest", "change_consultationrequest"} <= consultants
    assert "supervise_consultations" not in consultants and "view_consultation_figures" not in consultants
    assert {"access_admin", "supervise_consultations", "view_consultation_figures"} <= supervisors


def test_a_consultant_lists_only_their_own_requests_and_the_queue(team, as_user):
    client = as_user(team["anna"])
    assert listed(client) == {team["annas"].reference, team["queued"].reference}
    assert listed(client, whose="mine") == {team["annas"].reference}
    assert listed(client, whose="queue") == {team["queued"].reference}
    assert listed(client, q=team["boriss"].reference) == set()


def test_a_supervisor_lists_every_request(team, as_user):
    client = as_user(team["boss"])
    assert len(listed(client)) == 4
    assert listed(client, q=team["boriss"].reference.lower()) == {team["boriss"].reference}


@pytest.mark.parametrize(
    "path",
    ["inspect/{pk}/", "edit/{pk}/", "history/{pk}/", "usage/{pk}/", "delete/{pk}/"]
    + [f"{action}/{{pk}}/" for action in ("take", "assign", "release", "reply", "close", "note")],
)
def test_a_consultant_cannot_open_another_consultants_request_by_url(team, as_user, path):
    client = as_user(team["anna"])
    url = ADMIN + path.format(pk=team["boriss"].pk)
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"text": "чужой ответ", "note": "x"}).status_code in (403, 404)
    team["boriss"].refresh_from_db()
    assert (team["boriss"].status, team["boriss"].consultant, team["boriss"].answer) == (
        Status.ASSIGNED,
        team["boris"],
        "",
    )
    assert not team["boriss"].notes.exists()


def test_the_card_shows_the_request_to_its_consultant(team, as_user):
    response = as_user(team["anna"]).get(card(team["annas"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Заявитель Анны" in body and "Ребёнку трудно даётся математика" in body
    assert "Ответить заявителю" in body and "Назначить консультанта" not in body


@pytest.mark.parametrize("role", [METHODISTS, None], ids=["methodist", "no role"])
def test_staff_without_the_role_see_no_requests(team, client, role):
    client.force_login(user_in(role) if role else UserFactory(is_staff=True))
    assert client.get(ADMIN).status_code in (302, 403)
    assert client.get(card(team["queued"])).status_code in (302, 403, 404)


def test_nobody_adds_a_request_in_the_admin(team, as_user):
    assert as_user(superuser()).get(f"{ADMIN}new/").status_code in (302, 403)


def test_a_consultant_takes_a_request_from_the_queue_and_another_then_loses_sight_of_it(team, as_user, client):
    as_user(team["anna"]).post(f"{ADMIN}take/{team['queued'].pk}/")

    queued = team["queued"]
    queued.refresh_from_db()
    assert (queued.status, queued.consultant) == (Status.ASSIGNED, team["anna"])
    change = queued.history.last()
    assert (change.from_status, change.to_status, change.user) == (Status.NEW, Status.ASSIGNED, team["anna"])
    assert change.user_name == "Анна Лебедева"

    client.force_login(team["boris"])
    assert client.get(card(queued)).status_code == 404
    assert client.post(f"{ADMIN}take/{queued.pk}/").status_code == 404


def test_only_a_supervisor_assigns_and_the_consultant_is_told_without_personal_data(
    team, as_user, django_capture_on_commit_callbacks
):
    queued = team["queued"]
    refused = as_user(team["anna"]).post(f"{ADMIN}assign/{queued.pk}/", {"consultant": team["boris"].pk})
    assert refused.status_code == 302
    queued.refresh_from_db()
    assert queued.consultant is None

    client = as_user(team["boss"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{ADMIN}assign/{queued.pk}/", {"consultant": team["boris"].pk, "note": "По профилю"})

    queued.refresh_from_db()
    assert (queued.status, queued.consultant) == (Status.ASSIGNED, team["boris"])
    assert queued.history.last().user == team["boss"]
    assert "По профилю" in queued.history.last().note
    (letter,) = mail.outbox
    assert letter.to == ["boris@iro.example.ru"]
    assert queued.reference in letter.subject
    assert f"/admin/parents/requests/inspect/{queued.pk}/" in letter.body
    assert "Заявитель из очереди" not in letter.body and "queue@example.ru" not in letter.body


def test_assigning_to_someone_outside_the_consultants_is_refused(team, as_user):
    methodist = user_in(METHODISTS)
    response = as_user(team["boss"]).post(f"{ADMIN}assign/{team['queued'].pk}/", {"consultant": methodist.pk})
    assert response.status_code == 200
    assert "Выберите консультанта из списка" in response.content.decode()


def test_the_reply_is_mailed_to_the_parent_and_recorded(team, as_user, django_capture_on_commit_callbacks):
    consultation = team["annas"]
    client = as_user(team["anna"])
    assert client.get(f"{ADMIN}reply/{consultation.pk}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ADMIN}reply/{consultation.pk}/", {"text": "Попробуйте заниматься по 15 минут."})

    assert response["Location"] == card(consultation)
    consultation.refresh_from_db()
    assert consultation.status == Status.ANSWERED and consultation.answered_at is not None
    assert consultation.answer == "Попробуйте заниматься по 15 минут."
    (letter,) = mail.outbox
    assert letter.to == ["maria@example.ru"]
    assert letter.subject == f"Ответ на обращение {consultation.reference}"
    assert "Попробуйте заниматься по 15 минут." in letter.body
    assert "Анна Лебедева" in letter.body
    assert letter.reply_to == ["parents@iro.example.ru"]
    change = consultation.history.last()
    assert (change.from_status, change.to_status) == (Status.ASSIGNED, Status.ANSWERED)


def test_a_reply_without_an_e_mail_is_recorded_and_nothing_is_sent(team, as_user, django_capture_on_commit_callbacks):
    consultation = parents.consultation(
        status=Status.ASSIGNED, consultant=team["anna"], email="", preferred_format=Format.PHONE
    )
    with django_capture_on_commit_callbacks(execute=True):
        as_user(team["anna"]).post(f"{ADMIN}reply/{consultation.pk}/", {"text": "Обсудили по телефону."})
    consultation.refresh_from_db()
    assert consultation.status == Status.ANSWERED
    assert mail.outbox == []


def test_an_empty_or_huge_reply_is_refused_and_the_text_kept(team, as_user):
    client = as_user(team["anna"])
    empty = client.post(f"{ADMIN}reply/{team['annas'].pk}/", {"text": "  "})
    huge = client.post(f"{ADMIN}reply/{team['annas'].pk}/", {"text": "ы" * 20_001})
    assert empty.status_code == huge.status_code == 200
    assert "Напишите ответ." in empty.content.decode()
    assert "Ответ слишком длинный" in huge.content.decode()
    team["annas"].refresh_from_db()
    assert team["annas"].status == Status.ASSIGNED


def test_closing_without_an_answer_needs_a_reason(team, as_user):
    client = as_user(team["anna"])
    client.post(f"{ADMIN}close/{team['annas'].pk}/", {"note": ""})
    team["annas"].refresh_from_db()
    assert team["annas"].status == Status.ASSIGNED

    client.post(f"{ADMIN}close/{team['annas'].pk}/", {"note": "Заявитель не выходит на связь"})
    team["annas"].refresh_from_db()
    assert team["annas"].status == Status.CLOSED and team["annas"].closed_at is not None
    assert team["annas"].history.last().note == "Заявитель не выходит на связь"


def test_the_whole_way_leaves_its_history(team, as_user, django_capture_on_commit_callbacks):
    queued = team["queued"]
    client = as_user(team["anna"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{ADMIN}take/{queued.pk}/")
        client.post(f"{ADMIN}reply/{queued.pk}/", {"text": "Ответ."})
        client.post(f"{ADMIN}close/{queued.pk}/", {"note": ""})
    queued.refresh_from_db()
    assert queued.status == Status.CLOSED
    steps = [(c.from_status, c.to_status, c.user) for c in queued.history.all()]
    assert steps == [
        (Status.NEW, Status.ASSIGNED, team["anna"]),
        (Status.ASSIGNED, Status.ANSWERED, team["anna"]),
        (Status.ANSWERED, Status.CLOSED, team["anna"]),
    ]
    # The supervisor still reads it, with its history, after it is closed.
    body = as_user(team["boss"]).get(card(queued)).content.decode()
    assert "Анна Лебедева" in body and "Дан ответ → Закрыто" in body


def test_returning_to_the_queue_frees_the_request_for_others(team, as_user):
    as_user(team["anna"]).post(f"{ADMIN}release/{team['annas'].pk}/", {"note": "Ухожу в отпуск"})
    team["annas"].refresh_from_db()
    assert (team["annas"].status, team["annas"].consultant) == (Status.NEW, None)
    assert as_user(team["boris"]).get(card(team["annas"])).status_code == 200


def test_notes_are_for_staff_only(team, as_user, client):
    as_user(team["anna"]).post(f"{ADMIN}note/{team['annas'].pk}/", {"text": "Перезвонить в четверг <b>после</b> 18"})
    assert team["annas"].notes.get().author == team["anna"]
    body = as_user(team["boss"]).get(card(team["annas"])).content.decode()
    assert "Перезвонить в четверг &lt;b&gt;после&lt;/b&gt; 18" in body

    client.logout()
    public = client.post("/parents/status/", {"reference": team["annas"].reference, "email": "maria@example.ru"})
    assert "В работе у консультанта" in public.content.decode()
    assert "Перезвонить" not in public.content.decode()


def test_a_consultant_corrects_the_topic_but_not_an_anonymised_request(team, as_user):
    client = as_user(team["anna"])
    other_topic = parents.topic("Подготовка к экзаменам")
    response = client.post(
        f"{ADMIN}edit/{team['annas'].pk}/",
        {"topic": other_topic.pk, "municipality": "", "school": "", "preferred_format": Format.WRITTEN},
    )
    assert response.status_code == 302
    team["annas"].refresh_from_db()
    assert team["annas"].topic == other_topic

    team["annas"].anonymised_at = timezone.now()
    team["annas"].save()
    assert client.get(f"{ADMIN}edit/{team['annas'].pk}/").status_code in (302, 403)


def test_the_admin_home_shows_my_requests_and_the_queue(team, as_user):
    body = as_user(team["anna"]).get("/admin/").content.decode()
    assert "Обращения родителей" in body
    assert "В работе у меня: 1" in body and "В очереди, не назначены: 1" in body
