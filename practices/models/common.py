"""What practices and materials share: text helpers and the resource bank contract."""

from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from base.models import BasePage

from .downloads import CountedDownloadsMixin

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "document-link"]


def plain(html):
    """Rich text as plain text for the search index."""
    return " ".join(strip_tags(html or "").split())


def stream_text(stream):
    return " ".join(plain(str(part)) for part in stream.stream_block.get_searchable_content(stream))


def terms(queryset):
    return [(term.slug, term.name) for term in queryset]


class ResourcePage(CountedDownloadsMixin, BasePage):
    """What practices and materials share: taxonomies, year and the bank contract."""

    bank_type = ""
    bank_type_label = ""

    class Meta:
        abstract = True

    @property
    def published_on(self):
        return timezone.localdate(self.first_published_at) if self.first_published_at else timezone.localdate()

    @property
    def updated_on(self):
        """Date of the revision visitors see (the live one), not of a later unpublished draft."""
        revision = self.live_revision
        moment = revision.created_at if revision else self.last_published_at
        return timezone.localdate(moment) if moment else None

    def level_terms(self):
        return list(self.levels.all())

    def bank_facets(self):
        return {
            "type": [(self.bank_type, self.bank_type_label)],
            "subject": terms(self.subjects.all()),
            "level": terms(self.level_terms()),
            "audience": terms(self.audiences.all()),
            "risk": [(risk.code, risk.name) for risk in self.risks.all()],
            "year": [(str(self.year), str(self.year))] if self.year else [],
        }

    def bank_text_parts(self):
        return [self.title, self.summary]

    def bank_document(self):
        """The page as the resource bank indexes it (see search/ for the consumer)."""
        return {
            "title": self.title,
            "type": self.bank_type,
            "type_label": self.bank_type_label,
            "summary": self.summary,
            "text": "\n".join(part for part in self.bank_text_parts() if part),
            "attachments": self.attached_documents(),
            "facets": self.bank_facets(),
            "date": self.published_on,
            "downloads": self.download_total,
        }


class AttachedFile(Orderable):
    """A document attached to a library page, shown with an optional caption and counted on download."""

    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="Документ",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="PDF, DOCX, XLSX, PPTX и другие офисные форматы, не больше 20 МБ.",
    )
    title = models.CharField(
        "Подпись", max_length=200, blank=True, help_text="Если пусто, показывается название документа."
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def label(self):
        return self.title or self.document.title
