from django.contrib.postgres.search import SearchVectorField
from django.db import models

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from base.models import SectionIndexPage


class BankPage(RoutablePageMixin, SectionIndexPage):
    """The resource bank: one search over practices, materials and collections.

    The page's own URL serves the search (HTML, or JSON with `format=json`); `autocomplete/`
    serves title suggestions for the search box.
    """

    subpage_types = []
    per_page = 10

    class Meta:
        verbose_name = "Банк методических ресурсов"

    @path("")
    def bank_search(self, request):
        from .views import bank_search

        return bank_search(request, self)

    @path("autocomplete/")
    def autocomplete(self, request):
        from .views import bank_autocomplete

        return bank_autocomplete(request)


class BankEntry(models.Model):
    """One published, public page as the database backend searches it.

    Every live page without view restrictions has an entry, the bank's resources marked
    `in_bank`: the site search reads them all, the bank only those. A draft or private page
    has nothing here to leak. Kept up to date by search/indexing.py.

    The words are matched elsewhere: on SQLite in the FTS5 tables `search_bankentry_fts` (the
    project's roots of the title and the text, rowid = page id; migration 0003) and
    `search_bankentry_title_fts` (the title's alone; migration 0005), on PostgreSQL in
    `search_vector` and `title_vector` through their GIN indexes. The facet values are rows of
    BankFacet.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="bank_entry"
    )
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=1000)
    in_bank = models.BooleanField(default=True)
    # A bank resource's kind ("practice"), or another page's model ("home.newsarticlepage").
    type = models.CharField(max_length=100, db_index=True)
    type_label = models.CharField(max_length=100)
    summary = models.TextField(blank=True)
    text = models.TextField(
        blank=True, help_text="Plain text of the page and its attachments, a part per line, for snippets."
    )
    # Space-padded normalised title words, for autocomplete by word prefix.
    title_words = models.TextField(blank=True)
    # Words in the title: among titles with every word of a query, shorter ones rank higher.
    title_length = models.PositiveSmallIntegerField(default=0)
    date = models.DateField(db_index=True)
    downloads = models.PositiveIntegerField(default=0, db_index=True)
    # Filled on PostgreSQL only ('russian' configuration plus the project's roots): the whole
    # text, and the title alone (the first step of relevance).
    search_vector = SearchVectorField(null=True)
    title_vector = SearchVectorField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Запись поискового индекса банка"
        verbose_name_plural = "Записи поискового индекса банка"
        indexes = [
            # What each process reads of every entry into its columns (search/columns.py): read
            # from this index alone, without the rows and their long text.
            models.Index(
                fields=["page", "in_bank", "date", "downloads", "title_length"], name="search_bankentry_columns"
            ),
        ]

    def __str__(self):
        return self.title


class BankFacet(models.Model):
    """One facet value of an indexed page («subject» = «mathematics»): the rows each process's
    columns are read from (search/columns.py)."""

    entry = models.ForeignKey(BankEntry, on_delete=models.CASCADE, related_name="facets", db_index=False)
    name = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["name", "value", "entry"], name="search_bankfacet_filter")]
        constraints = [
            # Also the index the counts join through: an entry's values, read without the table.
            models.UniqueConstraint(fields=["entry", "name", "value"], name="search_bankfacet_unique"),
        ]

    def __str__(self):
        return f"{self.entry_id}: {self.name}={self.value}"


class FacetLabel(models.Model):
    """The Russian label of a facet value (e.g. subject "math" → «Математика»)."""

    name = models.CharField(max_length=20)
    value = models.CharField(max_length=100)
    label = models.CharField(max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "value"], name="search_facetlabel_unique")]

    def __str__(self):
        return f"{self.name}={self.value}: {self.label}"

    @classmethod
    def mapping(cls):
        """(name, value) -> label of every facet value in the index."""
        return {(name, value): label for name, value, label in cls.objects.values_list("name", "value", "label")}


class IndexVersion(models.Model):
    """Which state of the database index a process's columns were read from (search/columns.py).

    One row. Every write to the index gives it a new random token in the same transaction, so
    a process that reads the token sees whether its columns are still the index's; a token,
    unlike a counter, is never reused when a transaction rolls back.
    """

    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token


class BankWord(models.Model):
    """Words seen in indexed texts: the vocabulary spelling suggestions are drawn from."""

    word = models.CharField(max_length=100, primary_key=True)

    def __str__(self):
        return self.word


class AttachmentText(models.Model):
    """Text extracted from an attached document, kept per file version (hash)."""

    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    file_hash = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    extracted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "file_hash"], name="search_attachmenttext_unique"),
        ]

    def __str__(self):
        return f"{self.document_id}:{self.file_hash}"


class PendingIndexUpdate(models.Model):
    """A page whose index upkeep is not finished: its attachments' text is still to be read, or a
    mirror (Elasticsearch) does not hold its current state yet.

    Written in the same transaction as the page's change, so a change cannot be forgotten between
    the request and the queue; deleted once the queue's task has brought every index in step. An
    attempt that fails (Elasticsearch down) leaves the error and the time of the next attempt.
    """

    # Not a foreign key: a deleted page must still be removed from the mirrors.
    page_id = models.IntegerField(primary_key=True)
    requested_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "Отложенное обновление поискового индекса"
        verbose_name_plural = "Отложенные обновления поискового индекса"

    def __str__(self):
        return f"{self.page_id} ({self.attempts})"
