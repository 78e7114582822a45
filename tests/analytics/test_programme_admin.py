"""The programme's records in the Wagtail admin, narrowed to the editor's scope.

Two municipalities: «Северный» with schools N1 and N2, «Южный» with S1. A municipal specialist
of «Северный» and the leader of N1 work in the admin; a regional analyst sees everything. Out
of scope is answered as unknown (404), a school outside the scope posted by hand is refused
with the scope's message, and the models' own checks reach the form as Russian field errors.
"""

import datetime

import pytest

from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import ModelLogEntry

from analytics.forms import DOCUMENT_EXTENSIONS, EVENT_OUT_OF_SCOPE, MUNICIPALITY_OUT_OF_SCOPE, OUT_OF_SCOPE
from analytics.models import (
    CooperationDirection,
    ImprovementProgramme,
    ImprovementProgrammeReport,
    MentoringPair,
    MunicipalProgramme,
    Partnership,
    ProfessionalDevelopment,
    ProgrammeEvent,
    ProgrammeParticipation,
)
from base.roles import CONSULTANTS, MUNICIPAL_SPECIALISTS, REGIONAL_ANALYSTS, SCHOOL_LEADERS
from base.storage import private_files
from tests.factories.analytics import municipal_specialist, regional_analyst, school_leader
from tests.factories.registry import MunicipalityFactory, SchoolFactory
from tests.factories.users import user_in

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 10)


@pytest.fixture
def region(db):
    north = MunicipalityFactory(name="Северный район")
    south = MunicipalityFactory(name="Южный район")
    return {
        "north": north,
        "south": south,
        "n1": SchoolFactory(code="N1", name="Школа Северная первая", municipality=north),
        "n2": SchoolFactory(code="N2", name="Школа Северная вторая", municipality=north),
        "s1": SchoolFactory(code="S1", name="Школа Южная", municipality=south),
    }


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def municipal(client, region):
    return signed_in(client, municipal_specialist(region["north"]))


@pytest.fixture
def leader(client, region):
    return signed_in(client, school_leader(region["n1"]))


@pytest.fixture
def analyst(client, region):
    return signed_in(client, regional_analyst())


def url(model, view, *args):
    return reverse(f"wagtailsnippets_analytics_{model}:{view}", args=args)


# One record of each school-bound kind, for a given school.
BUILDERS = {
    "programmeparticipation": lambda school, other: ProgrammeParticipation.objects.create(
        school=school, year=2025, category=ProgrammeParticipation.Category.LOW_RESULTS, tutor=f"Тьютор {school.code}"
    ),
    "improvementprogramme": lambda school, other: ImprovementProgramme.objects.create(
        school=school,
        kind=ImprovementProgramme.Kind.QUALITY,
        start_date=START,
        end_date=datetime.date(2026, 12, 31),
    ),
    "partnership": lambda school, other: Partnership.objects.create(
        low_school=school, strong_school=other, start_date=START
    ),
    "mentoringpair": lambda school, other: MentoringPair.objects.create(
        school=school, mentor=f"Наставник {school.code}", mentee="Петрова А. А.", start_date=START
    ),
    "professionaldevelopment": lambda school, other: ProfessionalDevelopment.objects.create(
        school=school, year=2025, person=f"Педагог {school.code}", course="Формирующее оценивание", hours=36
    ),
    "programmeevent": lambda school, other: ProgrammeEvent.objects.create(
        title=f"Открытые уроки {school.code}",
        date=START,
        hours=4,
        level=ProgrammeEvent.Level.SCHOOL,
        host_school=school,
    ),
}


def records(region):
    """Per model: the record of N1, of N2 and of S1 (each agreement's partner in another municipality)."""
    return {
        model: {
            code: build(region[code], region["s1"] if code != "s1" else region["n1"]) for code in ("n1", "n2", "s1")
        }
        for model, build in BUILDERS.items()
    }


# --- rights given by migrate ------------------------------------------------------------------


def rights(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_migrate_lets_municipal_specialists_and_school_leaders_keep_programme_records():
    municipal, school = rights(MUNICIPAL_SPECIALISTS), rights(SCHOOL_LEADERS)
    for model in (*BUILDERS, "improvementprogrammereport"):
        for action in ("add", "change", "view", "delete"):
            assert f"analytics.{action}_{model}" in municipal, (model, action)
            assert f"analytics.{action}_{model}" in school, (model, action)
    assert {"wagtailadmin.access_admin", "analytics.view_cooperationdirection"} <= municipal & school
    assert "analytics.add_municipalprogramme" in municipal
    assert not {p for p in school if p.endswith("_municipalprogramme")}
    # Their scope, not a right, decides which schools: neither sees the region.
    assert "analytics.view_region" not in municipal | school


def test_migrate_keeps_every_programme_right_with_the_analysts():
    analysts = rights(REGIONAL_ANALYSTS)
    for model in (*BUILDERS, "improvementprogrammereport", "municipalprogramme"):
        for action in ("add", "change", "view", "delete"):
            assert f"analytics.{action}_{model}" in analysts, (model, action)
    assert {"analytics.view_cooperationdirection", "analytics.view_region", "registry.add_school"} <= analysts


def test_content_roles_get_no_programme_records():
    assert not {p for p in rights(CONSULTANTS) if "programme" in p or "partnership" in p}


# --- listings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("model", list(BUILDERS))
def test_listings_hold_only_the_records_of_the_scope(client, region, model):
    made = records(region)[model]
    expected = {
        "municipal": {"n1", "n2"},
        "leader": {"n1"},
        "analyst": {"n1", "n2", "s1"},
    }
    users = {
        "municipal": municipal_specialist(region["north"]),
        "leader": school_leader(region["n1"]),
        "analyst": regional_analyst(),
    }
    for role, user in users.items():
        client.force_login(user)
        response = client.get(url(model, "list"))
        assert response.status_code == 200, role
        page = response.content.decode()
        shown = {code for code, record in made.items() if url(model, "edit", record.pk) in page}
        assert shown == expected[role], (model, role)


def test_municipal_programmes_are_the_municipalitys_and_no_schools(client, region):
    north = MunicipalProgramme.objects.create(municipality=region["north"], year=2025, title="Северная программа")
    south = MunicipalProgramme.objects.create(municipality=region["south"], year=2025, title="Южная программа")
    client.force_login(municipal_specialist(region["north"]))
    page = client.get(url("municipalprogramme", "list")).content.decode()
    assert "Северная программа" in page and "Южная программа" not in page
    assert client.get(url("municipalprogramme", "edit", south.pk)).status_code == 404
    assert client.get(url("municipalprogramme", "edit", north.pk)).status_code == 200
    client.force_login(school_leader(region["n1"]))
    assert client.get(url("municipalprogramme", "list")).status_code in (302, 403)
    assert client.get(url("municipalprogramme", "edit", north.pk)).status_code in (302, 403, 404)


def test_an_event_of_the_municipality_without_a_host_is_the_municipal_specialists(client, region):
    ours = ProgrammeEvent.objects.create(
        title="Методический день",
        date=START,
        hours=6,
        level=ProgrammeEvent.Level.MUNICIPAL,
        municipality=region["north"],
    )
    theirs = ProgrammeEvent.objects.create(
        title="Южный семинар", date=START, hours=6, level=ProgrammeEvent.Level.MUNICIPAL, municipality=region["south"]
    )
    regional = ProgrammeEvent.objects.create(
        title="Региональная конференция", date=START, hours=6, level=ProgrammeEvent.Level.REGIONAL
    )
    client.force_login(municipal_specialist(region["north"]))
    page = client.get(url("programmeevent", "list")).content.decode()
    assert "Методический день" in page
    assert "Южный семинар" not in page and "Региональная конференция" not in page
    assert client.get(url("programmeevent", "edit", theirs.pk)).status_code == 404
    assert client.get(url("programmeevent", "edit", regional.pk)).status_code == 404
    assert client.get(url("programmeevent", "edit", ours.pk)).status_code == 200


def test_a_person_with_the_rights_but_no_scope_sees_no_records(client, region):
    made = records(region)["partnership"]
    client.force_login(user_in(MUNICIPAL_SPECIALISTS))  # no StaffProfile: half-configured
    page = client.get(url("partnership", "list")).content.decode()
    assert not any(url("partnership", "edit", record.pk) in page for record in made.values())
    assert client.get(url("partnership", "edit", made["n1"].pk)).status_code == 404


def test_filters_narrow_by_year_status_and_municipality(analyst, region):
    old = Partnership.objects.create(
        low_school=region["n1"],
        strong_school=region["s1"],
        start_date=datetime.date(2022, 9, 1),
        end_date=datetime.date(2023, 6, 30),
        status=Partnership.Status.ENDED,
    )
    current = Partnership.objects.create(
        low_school=region["s1"], strong_school=region["n2"], start_date=START, status=Partnership.Status.SIGNED
    )
    listing = url("partnership", "list")

    def shown(query):
        page = analyst.get(listing, query).content.decode()
        return {record.pk for record in (old, current) if url("partnership", "edit", record.pk) in page}

    assert shown({"year": "2023"}) == {old.pk}
    assert shown({"year": "2025"}) == {current.pk}
    assert shown({"status": "signed"}) == {current.pk}
    assert shown({"municipality": region["north"].pk}) == {old.pk}
    assert shown({"year": "1700"}) == {old.pk, current.pk}  # not a year of the records: no filter, no error
    assert shown({"q": "Южная"}) == {old.pk, current.pk}


def test_the_municipality_filter_is_for_the_regions_staff(client, region):
    client.force_login(municipal_specialist(region["north"]))
    page = client.get(url("partnership", "list")).content.decode()
    assert 'name="year"' in page
    assert 'name="municipality"' not in page


@pytest.mark.parametrize(
    ("filterset", "filters"),
    [
        ("ParticipationFilterSet", ["Год", "Статус в программе", "Категория", "Муниципалитет"]),
        ("ImprovementProgrammeFilterSet", ["Год реализации", "Вид", "Статус", "Муниципалитет"]),
        ("MunicipalProgrammeFilterSet", ["Год", "Муниципалитет"]),
        ("PartnershipFilterSet", ["Год действия", "Статус", "Муниципалитет"]),
        ("MentoringPairFilterSet", ["Год", "Муниципалитет"]),
        ("ProfessionalDevelopmentFilterSet", ["Год", "Форма обучения", "Муниципалитет"]),
        ("ProgrammeEventFilterSet", ["Год", "Уровень", "Обмен опытом", "Муниципалитет"]),
    ],
)
def test_each_listing_offers_its_filters_in_order(region, filterset, filters):
    from analytics import programme_filters

    labels = [str(item.label) for item in getattr(programme_filters, filterset).base_filters.values()]
    assert labels == filters


def test_an_event_is_found_by_its_municipality_or_its_hosts(analyst, region):
    hosted = ProgrammeEvent.objects.create(
        title="Семинар в школе", date=START, hours=4, level=ProgrammeEvent.Level.SCHOOL, host_school=region["n1"]
    )
    municipal = ProgrammeEvent.objects.create(
        title="Муниципальный день",
        date=START,
        hours=6,
        level=ProgrammeEvent.Level.MUNICIPAL,
        municipality=region["north"],
    )
    elsewhere = ProgrammeEvent.objects.create(
        title="Южный семинар", date=START, hours=4, level=ProgrammeEvent.Level.SCHOOL, host_school=region["s1"]
    )
    page = analyst.get(url("programmeevent", "list"), {"municipality": region["north"].pk}).content.decode()
    shown = {event.pk for event in (hosted, municipal, elsewhere) if url("programmeevent", "edit", event.pk) in page}
    assert shown == {hosted.pk, municipal.pk}


# --- one record: 404 outside the scope --------------------------------------------------------


@pytest.mark.parametrize("view", ["edit", "delete", "inspect", "history", "usage", "copy"])
@pytest.mark.parametrize("model", list(BUILDERS))
def test_a_record_of_another_municipality_is_unknown(municipal, region, model, view):
    made = records(region)[model]
    assert municipal.get(url(model, view, made["s1"].pk)).status_code == 404
    assert municipal.get(url(model, view, made["n2"].pk)).status_code == 200


@pytest.mark.parametrize("model", list(BUILDERS))
def test_a_school_leader_reaches_only_the_schools_records(leader, region, model):
    made = records(region)[model]
    assert leader.get(url(model, "edit", made["n1"].pk)).status_code == 200
    assert leader.get(url(model, "edit", made["n2"].pk)).status_code == 404
    assert leader.get(url(model, "edit", made["s1"].pk)).status_code == 404


def test_deleting_another_municipalitys_record_deletes_nothing(municipal, region):
    made = records(region)["professionaldevelopment"]
    assert municipal.post(url("professionaldevelopment", "delete", made["s1"].pk)).status_code == 404
    bulk = reverse("wagtail_bulk_action", args=["analytics", "professionaldevelopment", "delete"])
    municipal.post(f"{bulk}?id={made['s1'].pk}&id={made['n1'].pk}")
    assert ProfessionalDevelopment.objects.filter(pk=made["s1"].pk).exists()
    assert not ProfessionalDevelopment.objects.filter(pk=made["n1"].pk).exists()


def test_the_choosers_list_only_records_of_the_scope(municipal, region):
    made = records(region)["partnership"]
    page = municipal.get(reverse("wagtailsnippetchoosers_analytics_partnership:choose")).content.decode()
    chosen = "wagtailsnippetchoosers_analytics_partnership:chosen"
    assert reverse(chosen, args=[made["n1"].pk]) in page
    assert reverse(chosen, args=[made["s1"].pk]) not in page
    assert municipal.get(reverse(chosen, args=[made["s1"].pk])).status_code == 404


# --- forms: offered schools, refused schools, the models' checks ------------------------------


def test_the_form_offers_only_the_schools_of_the_scope(municipal, region):
    page = municipal.get(url("mentoringpair", "add")).content.decode()
    school_select = page[page.index('name="school"') : page.index("</select>", page.index('name="school"'))]
    assert "Школа Северная первая" in school_select and "Школа Северная вторая" in school_select
    assert "Школа Южная" not in school_select


def participation_data(school, **fields):
    return {"school": school.pk, "year": 2025, "role": "programme_school", "category": "low_results", **fields}


def test_posting_a_school_of_another_municipality_is_refused_and_saves_nothing(municipal, region):
    response = municipal.post(url("programmeparticipation", "add"), participation_data(region["s1"]))
    assert response.status_code == 200
    assert OUT_OF_SCOPE in response.content.decode()
    assert not ProgrammeParticipation.objects.exists()


def test_a_school_leader_cannot_write_for_the_neighbouring_school(leader, region):
    response = leader.post(url("programmeparticipation", "add"), participation_data(region["n2"]))
    assert OUT_OF_SCOPE in response.content.decode()
    assert not ProgrammeParticipation.objects.exists()
    response = leader.post(url("programmeparticipation", "add"), participation_data(region["n1"], tutor="Смирнова"))
    assert response.status_code == 302
    assert ProgrammeParticipation.objects.get().tutor == "Смирнова"


def test_editing_cannot_move_a_record_out_of_the_scope(municipal, region):
    record = records(region)["programmeparticipation"]["n1"]
    response = municipal.post(url("programmeparticipation", "edit", record.pk), participation_data(region["s1"]))
    assert OUT_OF_SCOPE in response.content.decode()
    record.refresh_from_db()
    assert record.school == region["n1"]


def partnership_data(low, strong, **fields):
    return {
        "low_school": low.pk,
        "strong_school": strong.pk,
        "status": "draft",
        "start_date": "2025-01-20",
        **fields,
    }


def test_the_partner_school_may_be_of_any_municipality(municipal, region):
    directions = list(CooperationDirection.objects.order_by("order")[:2])
    data = partnership_data(region["n1"], region["s1"], directions=[d.pk for d in directions])
    response = municipal.post(url("partnership", "add"), data)
    assert response.status_code == 302
    agreement = Partnership.objects.get()
    assert (agreement.low_school, agreement.strong_school) == (region["n1"], region["s1"])
    assert set(agreement.directions.all()) == set(directions)


def test_the_directions_are_checkboxes_of_the_standard_form(municipal, region):
    page = municipal.get(url("partnership", "add")).content.decode()
    assert CooperationDirection.objects.count() == 7
    assert page.count('type="checkbox" name="directions"') == 7


def test_a_supported_school_outside_the_scope_is_refused_even_with_a_partner_inside(municipal, region):
    response = municipal.post(url("partnership", "add"), partnership_data(region["s1"], region["n1"]))
    assert OUT_OF_SCOPE in response.content.decode()
    assert not Partnership.objects.exists()


def test_an_agreement_of_a_school_with_itself_is_refused(municipal, region):
    response = municipal.post(url("partnership", "add"), partnership_data(region["n1"], region["n1"]))
    assert "Школа не может заключить соглашение сама с собой" in response.content.decode()
    assert not Partnership.objects.exists()


def test_an_end_before_the_start_is_refused(municipal, region):
    data = partnership_data(region["n1"], region["s1"], end_date="2024-12-31")
    response = municipal.post(url("partnership", "add"), data)
    assert "Дата окончания раньше даты начала." in response.content.decode()
    assert not Partnership.objects.exists()


@pytest.mark.parametrize("hours", ["0", "-4"])
def test_course_hours_must_be_positive(municipal, region, hours):
    data = {"school": region["n1"].pk, "year": 2025, "person": "Иванова", "course": "Курс", "hours": hours}
    response = municipal.post(url("professionaldevelopment", "add"), data)
    assert "Объём курса должен быть больше нуля часов." in response.content.decode()
    assert not ProfessionalDevelopment.objects.exists()


def test_event_hours_must_be_positive(analyst, region):
    data = {"title": "Семинар", "date": "2025-03-01", "hours": "0", "level": "regional", "is_exchange": "on"}
    response = analyst.post(url("programmeevent", "add"), data)
    assert "Продолжительность должна быть больше нуля." in response.content.decode()
    assert not ProgrammeEvent.objects.exists()


def event_data(**fields):
    return {"title": "Методический день", "date": "2025-03-01", "hours": "6", "level": "municipal", **fields}


def test_a_municipal_specialists_event_must_stay_in_their_municipality(municipal, region):
    response = municipal.post(url("programmeevent", "add"), event_data())
    assert EVENT_OUT_OF_SCOPE["municipality"] in response.content.decode()
    response = municipal.post(url("programmeevent", "add"), event_data(municipality=region["south"].pk))
    assert MUNICIPALITY_OUT_OF_SCOPE in response.content.decode()
    response = municipal.post(url("programmeevent", "add"), event_data(host_school=region["s1"].pk))
    assert OUT_OF_SCOPE in response.content.decode()
    assert not ProgrammeEvent.objects.exists()
    assert municipal.post(url("programmeevent", "add"), event_data(municipality=region["north"].pk)).status_code == 302
    assert ProgrammeEvent.objects.get().municipality == region["north"]


def test_a_school_leader_records_events_hosted_by_the_school(leader, region):
    response = leader.post(url("programmeevent", "add"), event_data(level="school"))
    assert "Для школьного мероприятия укажите школу-организатора." in response.content.decode()
    response = leader.post(url("programmeevent", "add"), event_data(level="municipal", municipality=region["north"].pk))
    assert EVENT_OUT_OF_SCOPE["school"] in response.content.decode()
    assert not ProgrammeEvent.objects.exists()
    assert (
        leader.post(url("programmeevent", "add"), event_data(level="school", host_school=region["n1"].pk)).status_code
        == 302
    )


def test_a_municipal_programme_of_another_municipality_is_refused(municipal, region):
    data = {"municipality": region["south"].pk, "year": 2025, "title": "Программа поддержки"}
    response = municipal.post(url("municipalprogramme", "add"), data)
    assert MUNICIPALITY_OUT_OF_SCOPE in response.content.decode()
    assert not MunicipalProgramme.objects.exists()
    data["municipality"] = region["north"].pk
    assert municipal.post(url("municipalprogramme", "add"), data).status_code == 302


# --- school programmes with their yearly reports and documents --------------------------------


def programme_data(school, **fields):
    return {
        "school": school.pk,
        "kind": "quality",
        "status": "approved",
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
        "approved_on": "2025-02-01",
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
        "reports-MIN_NUM_FORMS": "0",
        "reports-MAX_NUM_FORMS": "1000",
        **fields,
    }


@pytest.fixture
def stored_names():
    """Names written to the private storage by a test, removed after it."""
    names = []
    yield names
    for name in names:
        private_files().delete(name)


def test_a_school_programme_is_saved_with_its_report_and_documents_in_the_private_storage(
    municipal, region, stored_names
):
    data = programme_data(
        region["n2"],
        document=SimpleUploadedFile("programme.pdf", b"%PDF-1.4 programme"),
        **{
            "reports-TOTAL_FORMS": "1",
            "reports-0-year": "2025",
            "reports-0-summary": "Открыты два кружка по математике.",
            "reports-0-document": SimpleUploadedFile("report.docx", b"report"),
            "reports-0-ORDER": "1",
        },
    )
    response = municipal.post(url("improvementprogramme", "add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    programme = ImprovementProgramme.objects.get()
    report = ImprovementProgrammeReport.objects.get()
    assert report.programme == programme
    stored_names.extend([programme.document.name, report.document.name])
    assert private_files().exists(programme.document.name) and private_files().exists(report.document.name)
    assert not default_storage.exists(programme.document.name)
    # The current file links to the scoped download, not to a storage URL.
    page = municipal.get(url("improvementprogramme", "edit", programme.pk)).content.decode()
    assert reverse("analytics:programme_file", args=["school-programme", programme.pk]) in page
    assert reverse("analytics:programme_file", args=["programme-report", report.pk]) in page


def test_an_anti_risk_programme_needs_its_risk(municipal, region):
    response = municipal.post(url("improvementprogramme", "add"), programme_data(region["n1"], kind="anti_risk"))
    assert "Для антирисковой программы укажите риск." in response.content.decode()
    assert not ImprovementProgramme.objects.exists()


def test_a_document_of_an_unexpected_kind_is_refused(municipal, region):
    data = programme_data(region["n1"], document=SimpleUploadedFile("programme.exe", b"MZ"))
    response = municipal.post(url("improvementprogramme", "add"), data)
    assert "Загрузите документ PDF" in response.content.decode()
    assert not ImprovementProgramme.objects.exists()
    assert "exe" not in DOCUMENT_EXTENSIONS


# --- the menu ---------------------------------------------------------------------------------


def test_the_programme_menu_is_shown_by_role(rf, region):
    from wagtail.admin.menu import admin_menu

    def items(user):
        request = rf.get("/admin/")
        request.user = user
        group = next((i for i in admin_menu.menu_items_for_request(request) if i.label == "Программа"), None)
        return {item.label for item in group.menu.menu_items_for_request(request)} if group else set()

    municipal = items(municipal_specialist(region["north"]))
    assert {"Участие в программе", "Муниципальные программы", "Соглашения о партнёрстве"} <= municipal
    leader = items(school_leader(region["n1"]))
    assert "Соглашения о партнёрстве" in leader and "Муниципальные программы" not in leader
    assert items(user_in(CONSULTANTS)) == set()


# --- the site history -------------------------------------------------------------------------


def test_the_site_history_names_no_school_or_person(client, region):
    """Wagtail shows its site history to anyone with a right on the table, whatever the scope:
    a record is logged there by its kind and number only."""
    client.force_login(regional_analyst())
    data = {"school": region["s1"].pk, "year": 2025, "person": "Секретова Анна", "course": "Курс", "hours": 36}
    assert client.post(url("professionaldevelopment", "add"), data).status_code == 302
    record = ProfessionalDevelopment.objects.get()
    assert client.post(url("professionaldevelopment", "edit", record.pk), {**data, "hours": 40}).status_code == 302
    # The record's own history keeps who did what.
    entries = ModelLogEntry.objects.filter(object_id=str(record.pk), content_type__model="professionaldevelopment")
    assert sorted(entries.values_list("action", "label")) == [
        ("wagtail.create", f"Повышение квалификации №{record.pk}"),
        ("wagtail.edit", f"Повышение квалификации №{record.pk}"),
    ]
    assert client.get(url("professionaldevelopment", "history", record.pk)).status_code == 200
    client.force_login(municipal_specialist(region["north"]))
    page = client.get("/admin/reports/site-history/").content.decode()
    assert "Секретова" not in page and "Школа Южная" not in page
    assert f"Повышение квалификации №{record.pk}" in page
    client.force_login(regional_analyst(username="second-analyst"))
    assert client.post(url("professionaldevelopment", "delete", record.pk)).status_code == 302
    assert not ProfessionalDevelopment.objects.exists()
    assert entries.filter(action="wagtail.delete").get().label == f"Повышение квалификации №{record.pk}"
