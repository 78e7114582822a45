"""Admin for the library's taxonomies: one menu group «Справочники».

The federal list of school risks (registry.Risk) is kept in the analytics admin.
"""

from django.http import Http404

from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Audience, EducationLevel, Grade, MaterialFile, MaterialType, PracticeFile, PracticeType, Subject


@hooks.register("before_serve_document")
def hide_files_of_unpublished_resources(document, request):
    """Wagtail's own /documents/ links must not leak a file of a draft, unpublished or private page.

    A document attached to library pages is served only while at least one of them is live and
    public; editors (admin access) still open it to review drafts. Documents used elsewhere
    are left to Wagtail's collection privacy.
    """
    if request.user.has_perm("wagtailadmin.access_admin"):
        return None
    page_ids = set(MaterialFile.objects.filter(document=document).values_list("page_id", flat=True))
    page_ids |= set(PracticeFile.objects.filter(document=document).values_list("page_id", flat=True))
    if page_ids and not Page.objects.live().public().filter(pk__in=page_ids).exists():
        raise Http404("Документ не опубликован")
    return None


class TaxonomyViewSet(SnippetViewSet):
    list_display = ["name", "slug", "order"]
    search_fields = ["name"]
    ordering = ["order", "name"]
    add_to_admin_menu = False


class SubjectViewSet(TaxonomyViewSet):
    model = Subject
    icon = "doc-full"


class EducationLevelViewSet(TaxonomyViewSet):
    model = EducationLevel
    icon = "list-ol"
    list_display = ["name", "short_name", "slug", "order"]


class GradeViewSet(SnippetViewSet):
    model = Grade
    icon = "order"
    list_display = ["number", "level"]
    ordering = ["number"]


class AudienceViewSet(TaxonomyViewSet):
    model = Audience
    icon = "group"


class MaterialTypeViewSet(TaxonomyViewSet):
    model = MaterialType
    icon = "folder-open-inverse"


class PracticeTypeViewSet(TaxonomyViewSet):
    model = PracticeType
    icon = "tag"


class LibraryTaxonomiesGroup(SnippetViewSetGroup):
    menu_label = "Справочники"
    menu_icon = "folder-open-1"
    menu_order = 250
    items = (
        SubjectViewSet,
        EducationLevelViewSet,
        GradeViewSet,
        AudienceViewSet,
        MaterialTypeViewSet,
        PracticeTypeViewSet,
    )


register_snippet(LibraryTaxonomiesGroup)
