"""Admin for the library's taxonomies (one menu group «Справочники») and who may open a document.

The federal list of school risks (registry.Risk) is kept in the analytics admin.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Q
from django.db.models.functions import Cast
from django.http import Http404

from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Audience, EducationLevel, Grade, MaterialFile, MaterialType, PracticeFile, PracticeType, Subject

# A document used only by restricted pages is checked against each page's restrictions; a
# handful is enough to find one the visitor may see without a query per page of a large site.
RESTRICTED_PAGES_CHECKED = 10


def live_pages_using(document):
    """Live pages whose published content uses the document, as one queryset.

    Wagtail's reference index records every use in a page's saved row: chooser blocks,
    rich-text links and inline file rows. Saving a draft of a live page leaves the row (and so
    the index) at the published content, so a file added only in a draft is not there. The
    library's own file rows are added because the index is refreshed by a task, which a
    queue may run later than the publish.
    """
    references = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .annotate(page_id=Cast("object_id", IntegerField()))
        .values("page_id")
    )
    return Page.objects.live().filter(
        Q(pk__in=references)
        | Q(pk__in=MaterialFile.objects.filter(document=document).values("page_id"))
        | Q(pk__in=PracticeFile.objects.filter(document=document).values("page_id"))
    )


def manages_document(user, document):
    """Editors who may choose or change the document in the admin open it anywhere (to review drafts)."""
    if not user.is_authenticated:
        return False
    policy = policy_registry.get_by_type(get_document_model())
    return policy.user_has_any_permission_for_instance(user, ["choose", "change"], document)


def may_open_document(document, request):
    """A document is served to whoever may see a live page that uses it, and to its editors.

    An unused document, one used only in a draft, and one of an unpublished page are not
    served to visitors. The collection's own privacy is Wagtail's `before_serve_document` hook.
    """
    pages = live_pages_using(document)
    if pages.public().exists():
        return True
    if manages_document(request.user, document):
        return True
    return any(
        all(restriction.accept_request(request) for restriction in page.get_view_restrictions())
        for page in pages[:RESTRICTED_PAGES_CHECKED]
    )


@hooks.register("before_serve_document")
def serve_only_documents_of_visible_pages(document, request):
    """Wagtail's /documents/ links and the library's counted downloads serve the same documents.

    Without this, every uploaded file would be public at /documents/<id>/<name> as soon as it
    is uploaded, including one attached only to a draft or to an unpublished page.
    """
    if not may_open_document(document, request):
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
