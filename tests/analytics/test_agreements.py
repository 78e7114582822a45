"""Partner suggestions for programme schools, draft agreements started from them, and their DOCX.

Each test builds a small stored run by hand (no engine computation): two municipalities,
programme schools of 2024 and strong schools whose groups, clusters and indices decide the
ranking of METHODOLOGY.md section 3.
"""

import datetime
import io
from dataclasses import dataclass
from urllib.parse import unquote

import pytest
from docx import Document

from django.contrib.auth.models import Permission
from django.utils import timezone

from analytics.access import Level, Scope
from analytics.agreements import draft_end, suggestions_for
from analytics.documents.build import build
from analytics.models import (
    AccessLog,
    ComputationRun,
    CooperationDirection,
    Partnership,
    ProgrammeParticipation,
    SchoolYearResult,
)
from registry.models import School
from tests.factories.analytics import municipal_specialist, regional_analyst, school_leader
from tests.factories.registry import MunicipalityFactory, SchoolFactory, StaffProfileFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

YEAR = 2024
REGION = Scope(Level.REGION)
LOW_CLUSTER = "urban-regular-low"


@dataclass
class Place:
    north: object
    south: object
    low: School  # ШНОР programme school, north
    unfavourable: School  # ШФНСУ-only programme school, north
    resilient: School  # programme school of group 9 (ШФНСУ): never anyone's partner
    south_low: School  # ШНОР programme school, south
    near: School  # north, same cluster as `low`, group 9
    far: School  # north, another cluster, group 8
    south_strong: School  # south, group 10
    weak: School  # north, group 5, not in the programme


def result(run, school, group, index, cluster=LOW_CLUSTER, **flags):
    return SchoolYearResult.objects.create(
        run=run, school=school, year=YEAR, quality_group=group, quality_index=index, cluster=cluster, **flags
    )


def in_programme(school, category=ProgrammeParticipation.Category.LOW_RESULTS, year=YEAR):
    return ProgrammeParticipation.objects.create(
        school=school, year=year, role=ProgrammeParticipation.Role.PROGRAMME_SCHOOL, category=category
    )


def agreement(low, strong, status=Partnership.Status.SIGNED, **fields):
    return Partnership.objects.create(
        low_school=low, strong_school=strong, status=status, start_date=datetime.date(YEAR, 1, 20), **fields
    )


@pytest.fixture
def place(home):
    north = MunicipalityFactory(name="Северный район")
    south = MunicipalityFactory(name="Южный район")
    schools = {
        name: SchoolFactory(name=title, municipality=muni)
        for name, title, muni in [
            ("low", "Школа № 1 «Надежда»", north),
            ("unfavourable", "Школа № 2 села Заречье", north),
            ("resilient", "Школа № 3 посёлка Лесного", north),
            ("south_low", "Школа № 4 города Южного", south),
            ("near", "Лицей № 5", north),
            ("far", "Гимназия № 6", north),
            ("south_strong", "Гимназия № 7 Южного района", south),
            ("weak", "Школа № 8", north),
        ]
    }
    run = ComputationRun.objects.create(
        status=ComputationRun.Status.SUCCESS,
        started_at=timezone.now(),
        years=[YEAR],
        parameters={},
        input_fingerprint="test",
        engine_version="test",
    )
    result(run, schools["low"], 3, -0.50, low_results=True)
    result(run, schools["unfavourable"], 6, 0.00, "rural-small-low", unfavourable=True)
    result(run, schools["resilient"], 9, 0.70, unfavourable=True, resilient=True)
    result(run, schools["south_low"], 2, -0.60, low_results=True)
    result(run, schools["near"], 9, 0.80)
    result(run, schools["far"], 8, 1.20, "urban-regular-high")
    result(run, schools["south_strong"], 10, 1.00)
    result(run, schools["weak"], 5, -0.10)
    in_programme(schools["low"])
    in_programme(schools["unfavourable"], ProgrammeParticipation.Category.UNFAVOURABLE)
    in_programme(schools["resilient"], ProgrammeParticipation.Category.UNFAVOURABLE)
    in_programme(schools["south_low"])
    return Place(north=north, south=south, **schools)


def pairs(suggestions):
    return [(s.low_school.code, s.rank, s.strong_school.code) for s in suggestions]


def candidates(suggestions, low):
    return [s.strong_school for s in suggestions if s.low_school == low]


def with_permission(user, codename="add_partnership"):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="analytics", codename=codename))
    return user


def municipal_viewer_only(municipality):
    """Sees a municipality's analytics but may not add agreements (outside the role groups)."""
    user = with_permission(UserFactory(), "view_school_analytics")
    StaffProfileFactory(user=user, municipality=municipality)
    return user


def start(client, low, strong, year=YEAR):
    return client.post("/analytics/programme/agreements/start/", {"low": low.code, "strong": strong.code, "year": year})


# --- suggestions_for ---------------------------------------------------------------------------


def test_suggestions_rank_same_municipality_then_cluster_then_index(place):
    mine = [s for s in suggestions_for(REGION, YEAR) if s.low_school == place.low]
    assert [(s.rank, s.strong_school) for s in mine] == [(1, place.near), (2, place.far), (3, place.south_strong)]
    best = mine[0]
    assert best.same_municipality and best.same_cluster and best.strong_quality_group == 9
    assert best.reasons[:2] == ["тот же муниципалитет", "сходный социальный контекст (тот же кластер)"]
    assert not mine[2].same_municipality and "другой муниципалитет" in mine[2].reasons
    assert best.category == "ШНОР" and best.year == YEAR and best.existing_draft is None


def test_the_year_defaults_to_the_latest_of_the_run_and_a_later_programme_year_uses_it(place):
    assert pairs(suggestions_for(REGION)) == pairs(suggestions_for(REGION, YEAR))
    in_programme(place.low, year=YEAR + 1)
    later = suggestions_for(REGION, YEAR + 1)
    assert {s.low_school for s in later} == {place.low} and later[0].year == YEAR + 1
    assert suggestions_for(REGION, YEAR - 1) == []


def test_shfnsu_only_programme_schools_get_partners_and_programme_schools_are_never_partners(place):
    suggestions = suggestions_for(REGION, YEAR)
    assert candidates(suggestions, place.unfavourable), "a ШФНСУ-only programme school needs a partner too"
    assert candidates(suggestions, place.resilient), "a resilient programme school is still supported"
    partners = {s.strong_school for s in suggestions}
    assert not partners & {place.low, place.unfavourable, place.resilient, place.south_low}
    assert place.weak not in partners


def test_a_school_with_a_signed_agreement_or_outside_the_programme_gets_no_suggestion(place):
    agreement(place.low, place.far)
    agreement(place.unfavourable, place.far, status=Partnership.Status.ENDED)
    lows = {s.low_school for s in suggestions_for(REGION, YEAR)}
    assert place.low not in lows and place.unfavourable in lows
    assert place.weak not in lows and place.near not in lows


def test_a_partner_with_two_signed_agreements_is_not_offered(place):
    others = SchoolFactory.create_batch(2, municipality=place.north)
    for other in others:
        agreement(other, place.near)
    assert place.near not in candidates(suggestions_for(REGION, YEAR), place.low)


def test_a_municipal_scope_sees_its_programme_schools_and_unnamed_partners_elsewhere(place):
    scope = Scope(Level.MUNICIPALITY, municipality_id=place.north.pk)
    suggestions = suggestions_for(scope, YEAR)
    assert {s.low_school.municipality_id for s in suggestions} == {place.north.pk}
    outside = [s for s in suggestions if s.strong_school == place.south_strong]
    assert outside and not any(s.strong_in_scope for s in outside)
    assert all(s.strong_in_scope for s in suggestions if s.strong_school != place.south_strong)


def test_an_existing_draft_is_attached_to_its_pair(place):
    draft = agreement(place.low, place.far, status=Partnership.Status.DRAFT)
    mine = {s.strong_school: s for s in suggestions_for(REGION, YEAR) if s.low_school == place.low}
    assert mine[place.far].existing_draft == draft
    assert mine[place.near].existing_draft is None


def test_no_successful_run_means_no_suggestions(place):
    ComputationRun.objects.update(status=ComputationRun.Status.FAILED)
    assert suggestions_for(REGION, YEAR) == []


@pytest.mark.parametrize(
    ("start_on", "end_on"),
    [
        (datetime.date(2024, 9, 2), datetime.date(2025, 8, 31)),
        (datetime.date(2025, 1, 15), datetime.date(2025, 8, 31)),
        (datetime.date(2025, 4, 1), datetime.date(2026, 8, 31)),
        (datetime.date(2025, 8, 31), datetime.date(2026, 8, 31)),
    ],
)
def test_a_draft_runs_to_the_end_of_the_school_year_or_the_next_when_little_is_left(start_on, end_on):
    assert draft_end(start_on) == end_on


# --- starting a draft --------------------------------------------------------------------------


def test_an_analyst_starts_a_draft_between_the_two_right_schools(client, place):
    client.force_login(regional_analyst())
    response = start(client, place.low, place.near)

    partnership = Partnership.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/analytics/programme/agreements/{partnership.pk}/"
    assert (partnership.low_school, partnership.strong_school) == (place.low, place.near)
    assert partnership.status == Partnership.Status.DRAFT
    today = timezone.localdate()
    assert partnership.start_date == today and partnership.end_date == draft_end(today)
    assert set(partnership.directions.all()) == set(CooperationDirection.objects.all())
    assert CooperationDirection.objects.count() == 7
    page = client.get(response["Location"]).content.decode()
    assert "Подготовлен проект соглашения" in page and place.near.name in page
    assert "смените статус на «Подписано, действует»" in page


def test_starting_the_same_pair_again_opens_the_existing_draft(client, place):
    client.force_login(regional_analyst())
    first = start(client, place.low, place.near)
    second = start(client, place.low, place.near)
    assert Partnership.objects.count() == 1
    assert second["Location"] == first["Location"]
    assert "уже был подготовлен" in client.get(second["Location"]).content.decode()


def test_start_refuses_get(client, place):
    client.force_login(regional_analyst())
    assert client.get("/analytics/programme/agreements/start/").status_code == 405


def test_start_without_the_permission_or_a_list_scope_is_refused_and_saves_nothing(client, place):
    client.force_login(municipal_viewer_only(place.north))
    assert start(client, place.low, place.near).status_code == 403
    client.force_login(with_permission(school_leader(place.low)))  # a school scope cannot list
    assert start(client, place.low, place.near).status_code == 403
    assert not Partnership.objects.exists()
    assert AccessLog.objects.filter(action=AccessLog.Action.DENIED).count() == 2


def test_a_municipal_specialist_with_the_permission_starts_a_draft_in_their_municipality(client, place):
    client.force_login(with_permission(municipal_specialist(place.north)))
    response = start(client, place.low, place.near)
    assert response.status_code == 302
    assert Partnership.objects.filter(low_school=place.low, strong_school=place.near).exists()


def test_a_municipal_specialist_cannot_start_with_a_partner_outside_their_scope(client, place):
    client.force_login(with_permission(municipal_specialist(place.north)))
    response = start(client, place.low, place.south_strong)
    assert response.status_code == 302 and response["Location"] == f"/analytics/schools/{place.low.code}/"
    assert not Partnership.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "готовит региональный аналитик" in page


def test_a_supported_school_outside_the_scope_is_unknown(client, place):
    client.force_login(with_permission(municipal_specialist(place.north)))
    assert start(client, place.south_low, place.south_strong).status_code == 404
    assert not Partnership.objects.exists()


@pytest.mark.parametrize(
    "strong",
    ["weak", "low", "resilient", "unknown"],
    ids=["weak school", "itself", "another programme school", "unknown code"],
)
def test_a_pair_the_engine_does_not_suggest_starts_nothing(client, place, strong):
    client.force_login(regional_analyst())
    school = getattr(place, strong) if strong != "unknown" else School(code="NO-SUCH")
    response = start(client, place.low, school)
    assert response.status_code == 302 and response["Location"] == f"/analytics/schools/{place.low.code}/"
    assert not Partnership.objects.exists()
    assert "не входит в предложения партнёров" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "data",
    [{}, {"low": "", "strong": ""}, {"low": "S\x00", "strong": "x"}, {"low": "x" * 5000, "strong": "y"}],
    ids=["nothing", "empty", "nul", "long"],
)
def test_malformed_start_posts_are_a_404_not_a_500(client, place, data):
    client.force_login(regional_analyst())
    assert client.post("/analytics/programme/agreements/start/", data).status_code == 404
    assert not Partnership.objects.exists()


def test_a_malformed_year_falls_back_to_the_latest(client, place):
    client.force_login(regional_analyst())
    response = client.post(
        "/analytics/programme/agreements/start/", {"low": place.low.code, "strong": place.near.code, "year": "20x4"}
    )
    assert response.status_code == 302 and Partnership.objects.count() == 1


def test_a_school_with_a_signed_agreement_cannot_start_another(client, place):
    agreement(place.low, place.far)
    client.force_login(regional_analyst())
    start(client, place.low, place.near)
    assert Partnership.objects.count() == 1


# --- the component on the passport ------------------------------------------------------------


def test_the_passport_of_a_programme_school_offers_the_start_button_to_an_analyst(client, place):
    client.force_login(regional_analyst())
    page = client.get(f"/analytics/schools/{place.low.code}/").content.decode()
    assert "Подготовить проект соглашения" in page
    assert 'action="/analytics/programme/agreements/start/"' in page and "csrfmiddlewaretoken" in page
    for partner in (place.near, place.far, place.south_strong):
        assert partner.name in page
    assert "сходный социальный контекст" in page


def test_the_passport_links_an_existing_draft_instead_of_the_button(client, place):
    draft = agreement(place.low, place.near, status=Partnership.Status.DRAFT)
    client.force_login(regional_analyst())
    page = client.get(f"/analytics/schools/{place.low.code}/").content.decode()
    assert f'href="/analytics/programme/agreements/{draft.pk}/">Проект соглашения уже подготовлен' in page
    assert page.count("Подготовить проект соглашения</button>") == 2  # the other two candidates


def test_a_school_leader_sees_suggestions_without_button_or_names_outside_the_scope(client, place):
    client.force_login(school_leader(place.low))
    page = client.get(f"/analytics/schools/{place.low.code}/").content.decode()
    assert "Вариант 1" in page
    assert "Подготовить проект соглашения</button>" not in page
    assert place.near.name not in page and place.south_strong.name not in page
    assert "школа вне вашей области доступа" in page


def test_a_municipal_specialist_sees_a_partner_elsewhere_unnamed_and_without_the_button(client, place):
    client.force_login(with_permission(municipal_specialist(place.north)))
    page = client.get(f"/analytics/schools/{place.low.code}/").content.decode()
    assert place.near.name in page and place.south_strong.name not in page
    assert place.south.name not in page
    assert page.count("Подготовить проект соглашения</button>") == 2
    assert "готовит региональный аналитик" in page


def test_the_passport_shows_roles_and_agreements_with_links(client, place):
    signed = agreement(place.low, place.near, agreement_number="СП-7")
    ProgrammeParticipation.objects.filter(school=place.low).update(tutor="Петрова Анна Сергеевна")
    client.force_login(regional_analyst())
    page = client.get(f"/analytics/schools/{place.low.code}/").content.decode()
    assert "школа — участник программы (ШНОР)" in page and "Петрова Анна Сергеевна" in page
    assert f'href="/analytics/programme/agreements/{signed.pk}/">Соглашение № СП-7</a>' in page
    assert "Подготовить проект соглашения" not in page and "действующее партнёрство" in page
    partner_page = client.get(f"/analytics/schools/{place.near.code}/").content.decode()
    assert "эта школа — партнёр" in partner_page and place.low.name in partner_page


# --- the agreement page ------------------------------------------------------------------------


def test_the_agreement_page_shows_both_schools_period_directions_and_links(client, place):
    partnership = agreement(place.low, place.near, agreement_number="СП-2024-001", end_date=datetime.date(2025, 8, 31))
    partnership.directions.set(CooperationDirection.objects.filter(code__in=["management", "mentoring"]))
    client.force_login(regional_analyst())
    page = client.get(f"/analytics/programme/agreements/{partnership.pk}/").content.decode()
    for text in (place.low.name, place.near.name, "СП-2024-001", "20.01.2024", "31.08.2025", "Подписано, действует"):
        assert text in page
    assert "Консультирование управленческой команды" in page and "Наставничество" in page
    assert "Совместные семинары" not in page
    assert f"/analytics/programme/agreements/{partnership.pk}/agreement.docx" in page
    assert f"/admin/snippets/analytics/partnership/edit/{partnership.pk}/" in page
    assert "Подписанное соглашение" not in page


def test_the_agreement_page_is_seen_from_either_side_and_unknown_elsewhere(client, place):
    partnership = agreement(place.low, place.south_strong)
    client.force_login(municipal_specialist(place.south))
    page = client.get(f"/analytics/programme/agreements/{partnership.pk}/")
    assert page.status_code == 200 and place.low.name in page.content.decode()
    assert "Изменить в административной панели" not in page.content.decode()
    client.force_login(school_leader(place.far))
    assert client.get(f"/analytics/programme/agreements/{partnership.pk}/").status_code == 404
    assert client.get(f"/analytics/programme/agreements/{partnership.pk}/agreement.docx").status_code == 404
    assert client.get("/analytics/programme/agreements/999999/").status_code == 404


def test_the_agreement_page_needs_sign_in(client, place):
    partnership = agreement(place.low, place.near)
    response = client.get(f"/analytics/programme/agreements/{partnership.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- the DOCX ------------------------------------------------------------------------------------


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_docx_of_a_started_draft_names_both_schools_and_every_direction(client, place):
    client.force_login(regional_analyst())
    location = start(client, place.low, place.near)["Location"]
    response = client.get(location + "agreement.docx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="soglashenie-{place.low.code.lower()}-{place.near.code.lower()}.docx"' in disposition
    assert f"Соглашение {place.low.code} — {place.near.code}.docx" in unquote(disposition.split("filename*=UTF-8''")[1])
    assert "no-store" in response["Cache-Control"]
    text = docx_text(response.content)
    for school in (place.low, place.near):
        assert school.name in text and school.code in text
    assert place.north.name in text
    for number, direction in enumerate(CooperationDirection.objects.order_by("order"), start=1):
        assert f"2.{number}. {direction.name}" in text
    assert "{{" not in text and "{%" not in text
    assert "СОГЛАШЕНИЕ № ________" in text and "«___»" in text  # a draft has no number or date yet
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT, object_ref__startswith="соглашение").exists()


def test_the_docx_of_a_signed_agreement_carries_its_number_date_and_chosen_directions(client, place):
    partnership = agreement(place.low, place.near, agreement_number="СП-2024-001", end_date=datetime.date(2025, 8, 31))
    partnership.directions.set(CooperationDirection.objects.filter(code__in=["seminars", "mentoring"]))
    client.force_login(regional_analyst())
    text = docx_text(client.get(f"/analytics/programme/agreements/{partnership.pk}/agreement.docx").content)
    assert "СОГЛАШЕНИЕ № СП-2024-001" in text
    assert "«20» января 2024 г." in text and "по «31» августа 2025 г. включительно" in text
    assert "2.1. Совместные семинары;" in text and "2.2. Наставничество." in text
    assert "Консультирование управленческой команды" not in text


def test_the_docx_survives_markup_in_school_names_and_no_directions(client, place):
    place.low.name = 'Школа "Радуга" & <Успех>'
    place.low.save()
    partnership = agreement(place.low, place.near)
    client.force_login(regional_analyst())
    text = docx_text(client.get(f"/analytics/programme/agreements/{partnership.pk}/agreement.docx").content)
    assert 'Школа "Радуга" & <Успех>' in text
    assert "определяют дополнительным соглашением" in text


def test_the_committed_template_is_what_the_build_script_makes(tmp_path):
    from analytics.documents.build import TEMPLATE

    rebuilt = build(tmp_path / "agreement.docx")
    committed, fresh = Document(TEMPLATE), Document(rebuilt)
    assert [p.text for p in committed.paragraphs] == [p.text for p in fresh.paragraphs]
    assert docx_text(TEMPLATE.read_bytes()) == docx_text(rebuilt.read_bytes())
