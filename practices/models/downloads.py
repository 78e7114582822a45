"""Counted downloads of files attached to practices and materials.

The counter lives in its own table rather than on the inline file rows: publishing a revision
rewrites the inline rows from the revision's snapshot, which would turn the counter back to
whatever it was when the editor opened the page.
"""

from django.db import models, transaction
from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse

from wagtail import hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin, path


class FileDownloadCount(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="Страница", on_delete=models.CASCADE, related_name="file_download_counts"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="Документ", on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveIntegerField("Скачиваний", default=0)

    class Meta:
        verbose_name = "Счётчик скачиваний"
        verbose_name_plural = "Счётчики скачиваний"
        constraints = [models.UniqueConstraint(fields=["page", "document"], name="unique_download_counter")]

    def __str__(self):
        return f"{self.document} — {self.count}"


def downloads_subquery():
    """Total downloads of a page, for annotating listings without duplicating rows on joins."""
    totals = (
        FileDownloadCount.objects.filter(page=OuterRef("pk"))
        .order_by()
        .values("page")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return Coalesce(Subquery(totals, output_field=models.IntegerField()), 0)


class CountedDownloadsMixin(RoutablePageMixin):
    """Serves the page's attached files through /<page>/files/<document id>/ and counts them.

    The route runs inside Wagtail's page serving, so a draft page is a 404 and a private page
    asks for a login before this code runs; the explicit check below refuses any page that is
    not live and public as well, so a file of a restricted page is never counted or served here.
    The file itself then passes the checks of Wagtail's own /documents/ route (the
    `before_serve_document` hooks: its collection's privacy, and practices/wagtail_hooks.py),
    so a document of a private collection is not served here either.
    """

    # Name of the inline relation holding the page's files (rows with a `document`).
    file_relation = "files"

    def attached_documents(self):
        return [row.document for row in getattr(self, self.file_relation).all() if row.document_id]

    def file_rows(self):
        """Inline file rows with their download counts, in the editor's order."""
        counts = dict(
            FileDownloadCount.objects.filter(page=self).values_list("document_id", "count") if self.pk else []
        )
        rows = [row for row in getattr(self, self.file_relation).all() if row.document_id]
        for row in rows:
            row.download_count = counts.get(row.document_id, 0)
        return rows

    @property
    def download_total(self):
        return FileDownloadCount.objects.filter(page=self).aggregate(total=Sum("count"))["total"] or 0

    @path("files/<int:document_id>/", name="download")
    def download(self, request, document_id):
        from wagtail.models import Page

        if not Page.objects.live().public().filter(pk=self.pk).exists():
            raise Http404("Материал не опубликован")
        row = getattr(self, self.file_relation).filter(document_id=document_id).select_related("document").first()
        if row is None:
            raise Http404("Файл не найден")
        document = row.document
        for check in hooks.get_hooks("before_serve_document"):
            refusal = check(document, request)
            if isinstance(refusal, HttpResponse):
                return refusal
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, OSError) as error:
            raise Http404("Файл недоступен") from error
        with transaction.atomic():
            counter, _ = FileDownloadCount.objects.get_or_create(page_id=self.pk, document=document)
            FileDownloadCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)
        return FileResponse(handle, as_attachment=True, filename=document.filename)
