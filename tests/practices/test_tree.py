from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from practices.models import CollectionPage, MaterialIndexPage, MaterialPage, PracticeIndexPage, PracticePage


class LibraryTreeRulesTests(WagtailPageTestCase):
    def test_practices_live_only_in_the_practice_library(self):
        self.assertAllowedParentPageTypes(PracticePage, {PracticeIndexPage})
        self.assertAllowedSubpageTypes(PracticePage, set())

    def test_materials_live_only_in_the_materials_section(self):
        self.assertAllowedParentPageTypes(MaterialPage, {MaterialIndexPage})
        self.assertAllowedSubpageTypes(MaterialPage, set())

    def test_index_pages_hold_their_resources_and_collections(self):
        self.assertAllowedSubpageTypes(PracticeIndexPage, {PracticePage, CollectionPage})
        self.assertAllowedSubpageTypes(MaterialIndexPage, {MaterialPage, CollectionPage})

    def test_collections_sit_in_either_library_section(self):
        self.assertAllowedParentPageTypes(CollectionPage, {PracticeIndexPage, MaterialIndexPage})
        self.assertAllowedSubpageTypes(CollectionPage, set())

    def test_index_pages_are_singletons_under_the_home_page(self):
        for index_page in (PracticeIndexPage, MaterialIndexPage):
            with self.subTest(index_page=index_page.__name__):
                self.assertAllowedParentPageTypes(index_page, {HomePage})
                self.assertEqual(index_page.max_count, 1)

    def test_editors_can_create_resources_in_their_sections(self):
        self.assertCanCreateAt(PracticeIndexPage, PracticePage)
        self.assertCanCreateAt(MaterialIndexPage, MaterialPage)
        self.assertCanCreateAt(MaterialIndexPage, CollectionPage)
        self.assertCanNotCreateAt(MaterialIndexPage, PracticePage)
        self.assertCanNotCreateAt(PracticeIndexPage, MaterialPage)
        self.assertCanNotCreateAt(HomePage, PracticePage)
