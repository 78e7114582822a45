"""The section «Сведения об образовательной организации» (/sveden/, Рособрнадзор's order № 1493).

The demo step builds the whole section on a bare test site in a second or two, so the rendering
tests use it as the fixture: the same invented institute a newcomer sees in `make demo`.
"""

import io
import re

import pytest

from django.core.exceptions import ValidationError
from django.db import transaction

from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from demo import orginfo as demo_orginfo
from home.models import HomePage, OrgInfoIndexPage, OrgInfoInternationalPage
from home.models import orginfo as models
from home.models.orginfo import SUBSECTION_NAMES
from tests.factories import pages, users

SUBSECTIONS = [getattr(models, name) for name in SUBSECTION_NAMES]

# The order's addresses of the subsections, in the order's sequence.
ADDRESSES = [
    "common",
    "struct",
    "document",
    "education",
    "managers",
    "employees",
    "objects",
    "paid_edu",
    "budget",
    "vacant",
    "grants",
    "inter",
    "catering",
    "eduStandarts",
]

# Microdata names each demo subsection must carry (the data items of the order it holds).
ITEMPROPS = {
    "common": [
        "fullName",
        "shortName",
        "regDate",
        "uchredLaw",
        "nameUchred",
        "addressUchred",
        "telUchred",
        "mailUchred",
        "websiteUchred",
        "address",
        "workTime",
        "telephone",
        "email",
        "addressPlaceDop",
        "addressPlaceSet",
        "licenseDocLink",
        "accreditationDocLink",
    ],
    "struct": [
        "structOrgUprav",
        "name",
        "fio",
        "post",
        "addressStr",
        "site",
        "email",
        "divisionClauseDocLink",
        "filInfo",
        "repInfo",
    ],
    "document": [
        "ustavDocLink",
        "priemDocLink",
        "modeDocLink",
        "tekKontrolDocLink",
        "perevodDocLink",
        "vozDocLink",
        "localActStud",
        "localActOrder",
        "localActCollec",
        "reportEduDocLink",
        "prescriptionDocLink",
    ],
    "education": [
        "eduOp",
        "eduName",
        "eduLevel",
        "eduForm",
        "learningTerm",
        "eduEl",
        "opMain",
        "educationPlan",
        "educationShedule",
        "methodology",
        "languageEl",
        "eduChislenEl",
    ],
    "managers": ["rucovodstvo", "rucovodstvoZam", "fio", "post", "telephone", "email"],
    "employees": [
        "teachingStaff",
        "fio",
        "post",
        "teachingDiscipline",
        "teachingLevel",
        "employeeQualification",
        "degree",
        "academStat",
        "profDevelopment",
        "genExperience",
        "specExperience",
        "teachingOp",
    ],
    "objects": [
        "purposeCab",
        "addressCab",
        "nameCab",
        "osnCab",
        "ovzCab",
        "purposeLibr",
        "purposeSport",
        "purposeFacil",
        "comNet",
        "erList",
        "ovz",
        "purposeFacilOvz",
        "techOvz",
        "comNetOvz",
        "erListOvz",
    ],
    "paid_edu": ["paidEdu", "paidDog", "paidSt", "paidParents"],
    "budget": [
        "volume",
        "finYear",
        "finBFVolume",
        "finBRVolume",
        "finBMVolume",
        "finPVolume",
        "finPlanDocLink",
        "finPost",
        "finRas",
    ],
    "vacant": [
        "vacant",
        "eduName",
        "eduLevel",
        "eduForm",
        "numberBFVacant",
        "numberBRVacant",
        "numberBMVacant",
        "numberPVacant",
    ],
    "grants": ["grant", "support", "hostelInfo", "interInfo", "localAct"],
    "inter": ["internationalDog"],
    "catering": ["meals", "health"],
    "eduStandarts": ["eduFedDoc", "eduFedTreb", "eduStandartDoc", "eduStandartTreb"],
}


def itemprops(html):
    return set(re.findall(r'itemprop="([^"]+)"', html))


class OrgInfoTreeRulesTests(WagtailPageTestCase):
    def test_the_section_sits_once_under_the_home_page(self):
        self.assertAllowedParentPageTypes(OrgInfoIndexPage, {HomePage})
        self.assertEqual(OrgInfoIndexPage.max_count, 1)

    def test_the_section_holds_exactly_the_subsections_of_the_order(self):
        self.assertAllowedSubpageTypes(OrgInfoIndexPage, set(SUBSECTIONS))
        self.assertEqual(sorted(model.fixed_slug for model in SUBSECTIONS), sorted(ADDRESSES))

    def test_each_subsection_sits_once_in_the_section_and_holds_nothing(self):
        for model in SUBSECTIONS:
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {OrgInfoIndexPage})
                self.assertAllowedSubpageTypes(model, set())
                self.assertEqual(model.max_count_per_parent, 1)


@pytest.fixture(scope="class")
def built_section(django_db_setup, django_db_blocker):
    """The demo section built once per test class, in a transaction rolled back at its end
    (its thirty-odd generated PDFs take seconds); each test still runs in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_orginfo.build(pages.home_page())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def section(built_section, db):
    return OrgInfoIndexPage.objects.get()


class TestTheDemoSection:
    def test_the_demo_builds_every_subsection_at_the_order_addresses(self, section):
        assert section.url == "/sveden/"
        assert [page.url for page in section.subsections()] == [f"/sveden/{slug}/" for slug in ADDRESSES]
        assert all(page.live for page in section.subsections())

    def test_building_the_demo_again_duplicates_nothing(self, section):
        before = (Page.objects.count(), get_document_model().objects.count())
        demo_orginfo.build(HomePage.objects.get())
        assert (Page.objects.count(), get_document_model().objects.count()) == before

    @pytest.mark.parametrize("slug", ADDRESSES)
    def test_each_subsection_renders_its_items_under_the_order_microdata_names(self, client, section, slug):
        response = client.get(f"/sveden/{slug}/")
        assert response.status_code == 200
        html = response.content.decode()
        missing = set(ITEMPROPS[slug]) - itemprops(html)
        assert not missing, f"/sveden/{slug}/ lacks itemprop {sorted(missing)}"
        # One navigation across the section, the current subsection marked.
        nav = html.split('class="org-info-nav"')[1]
        assert f'href="/sveden/{slug}/" aria-current="page"' in nav
        assert all(f'href="/sveden/{other}/"' in nav for other in ADDRESSES)

    def test_the_main_information_shows_the_institute_data_on_the_right_elements(self, client, section):
        html = client.get("/sveden/common/").content.decode()
        assert 'itemprop="fullName">Государственное автономное учреждение' in html
        assert '<time itemprop="regDate" datetime="1944-03-01">1 марта 1944 г.</time>' in html
        # The microdata value of a phone or an e-mail is its text, not the tel:/mailto: link.
        assert '<span itemprop="telephone"><a href="tel:+78005550123">+7 (800) 555-01-23</a></span>' in html
        assert '<span itemprop="email"><a href="mailto:info@iro.example.ru">info@iro.example.ru</a></span>' in html
        # A licence extract is a document: the name sits on the link to it.
        assert re.search(r'<a itemprop="licenseDocLink" href="/documents/\d+/', html)
        # No places of the network form: said, under the same name.
        assert '<span itemprop="addressPlaceSet">нет</span>' in html

    def test_the_managers_page_tells_the_head_from_the_deputies(self, client, section):
        html = client.get("/sveden/managers/").content.decode()
        assert html.count('itemprop="rucovodstvo"') == 1
        assert html.count('itemprop="rucovodstvoZam"') == 2

    def test_documents_link_to_their_files_and_an_absent_kind_says_so(self, client, section):
        html = client.get("/sveden/document/").content.decode()
        assert re.search(r'<a itemprop="ustavDocLink" href="/documents/\d+/[^"]+">Устав института</a>', html)
        assert '<p itemprop="prescriptionDocLink">нет</p>' in html

    def test_the_section_is_in_the_main_menu_and_the_footer(self, client, section):
        html = client.get("/").content.decode()
        menu = html.split('aria-label="Основное меню"')[1].split("</nav>")[0]
        footer = html.split('class="site-footer"')[1]
        assert '<a href="/sveden/">Сведения об образовательной организации</a>' in menu
        assert '<a href="/sveden/">Сведения об образовательной организации</a>' in footer

    def test_editors_open_every_subsection_and_the_form_for_a_new_one(self, client, section):
        client.force_login(users.superuser())
        for subsection in section.subsections():
            assert client.get(f"/admin/pages/{subsection.pk}/edit/").status_code == 200, subsection.url
        # Every kind exists once: Wagtail offers no second one.
        for url in (
            f"/admin/pages/{section.pk}/add_subpage/",
            f"/admin/pages/add/home/orginfocommonpage/{section.pk}/",
        ):
            assert client.get(url).status_code in (302, 403), url

    def test_the_section_pages_set_no_fixed_widths(self, client, section):
        """Phone width: the layout comes from the shared grid and lists; no inline size to overflow 320 px."""
        for path in ["/sveden/", *(f"/sveden/{slug}/" for slug in ADDRESSES)]:
            main = client.get(path).content.decode().split('id="main"')[1].split("</main>")[0]
            assert "style=" not in main and " width=" not in main, path


def test_the_demo_step_reports_what_it_built(home):
    out = io.StringIO()
    demo_orginfo.load(out)
    assert "Подразделов сведений об организации: 14." in out.getvalue()


def section_index(home):
    return pages.add_page(home, OrgInfoIndexPage, title="Сведения об образовательной организации", slug="sveden")


def minimal(model):
    """The fields a subsection cannot be saved without."""
    if model is models.OrgInfoCommonPage:
        return {
            "full_name": "Институт",
            "reg_date": "1944-03-01",
            "address": "г. Энск",
            "work_time": "9:00–18:00",
            "phones": "+7 800 000-00-00",
            "emails": "info@iro.test",
        }
    return {}


def test_an_empty_subsection_still_names_its_items(client, home):
    pages.add_page(section_index(home), OrgInfoInternationalPage, title="Международное сотрудничество")
    html = client.get("/sveden/inter/").content.decode()
    assert '<p itemprop="internationalDog">нет</p>' in html


def test_the_index_lists_the_subsections_in_the_order_sequence(client, home):
    index = section_index(home)
    # Created against the order's sequence, listed in it.
    for model in reversed(SUBSECTIONS[:3]):
        pages.add_page(index, model, title=model._meta.verbose_name, **minimal(model))
    html = client.get("/sveden/").content.decode()
    positions = [html.index(f'href="/sveden/{slug}/"') for slug in ADDRESSES[:3]]
    assert positions == sorted(positions)


def test_the_address_is_the_order_one_whatever_the_editor_typed(home):
    index = pages.add_page(home, OrgInfoIndexPage, title="Сведения об организации", slug="svedeniya")
    page = pages.add_page(index, OrgInfoInternationalPage, title="Международное сотрудничество", slug="mezhdunarodnoe")
    assert (index.url, page.url) == ("/sveden/", "/sveden/inter/")


def test_a_second_subsection_of_the_same_kind_is_refused_in_russian(home):
    index = section_index(home)
    pages.add_page(index, OrgInfoInternationalPage, title="Международное сотрудничество")
    assert not OrgInfoInternationalPage.can_create_at(index)
    with pytest.raises(ValidationError) as error:
        index.add_child(instance=OrgInfoInternationalPage(title="Ещё раз"))
    # Wagtail's own message, in Russian: the order's address is taken.
    assert error.value.message_dict["slug"][0].startswith("Слаг «inter» уже используется")


def test_a_mistyped_email_is_refused_with_a_russian_message(home):
    fields = minimal(models.OrgInfoCommonPage) | {"emails": "info@iro.test\nне адрес"}
    with pytest.raises(ValidationError) as error:
        section_index(home).add_child(instance=models.OrgInfoCommonPage(title="Основные сведения", **fields))
    assert error.value.message_dict["emails"] == ["«не адрес» не похож на адрес электронной почты."]


def test_the_footer_has_no_dead_link_before_the_section_exists(client, home):
    assert "/sveden/" not in client.get("/").content.decode()


def test_an_editor_mistyping_an_email_in_the_admin_gets_a_russian_message(client, home):
    index = section_index(home)
    client.force_login(users.superuser())
    form = nested_form_data(
        {
            "title": "Основные сведения",
            "slug": "osnovnye-svedeniya",
            **minimal(models.OrgInfoCommonPage),
            "emails": "info@iro.test\ninfo(at)iro.test",
            "founders": streamfield([]),
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    response = client.post(f"/admin/pages/add/home/orginfocommonpage/{index.pk}/", form)
    assert response.status_code == 200
    assert "«info(at)iro.test» не похож на адрес электронной почты." in response.content.decode()
    assert not models.OrgInfoCommonPage.objects.exists()

    form["emails"] = "info@iro.test"
    response = client.post(f"/admin/pages/add/home/orginfocommonpage/{index.pk}/", form)
    assert response.status_code == 302
    # The order's address, not the one typed.
    assert models.OrgInfoCommonPage.objects.get().url_path.endswith("/sveden/common/")
