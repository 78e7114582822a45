# The title gets a full-text index of its own and its length (the first step of relevance), facet counts come
# from the columns each process keeps (search/columns.py), so the stored bank counts go, and
# IndexVersion tells a process when its columns are out of date.

import importlib
import uuid

import django.contrib.postgres.search
from django.db import migrations, models

RunSQLOn = importlib.import_module("search.migrations.0003_fts5_gin_and_facet_rows").RunSQLOn

CREATE_TITLE_FTS = [
    """CREATE VIRTUAL TABLE search_bankentry_title_fts USING fts5(
        title, tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
    )""",
]


def index_titles(apps, schema_editor):
    """The entries indexed before this migration get their title index; the index gets its first version."""
    from search.backends.database import index_titles as write_title_index
    from search.backends.database import title_vector
    from search.text import words

    BankEntry = apps.get_model("search", "BankEntry")
    entries = list(BankEntry.objects.values_list("page_id", "title").order_by("page_id"))
    if schema_editor.connection.vendor == "sqlite":
        write_title_index(entries, schema_editor.connection)
    for page_id, title in entries:
        fields = {"title_length": min(len(words(title)), 1000)}
        if schema_editor.connection.vendor == "postgresql":
            fields["title_vector"] = title_vector(title)
        BankEntry.objects.filter(pk=page_id).update(**fields)
    apps.get_model("search", "IndexVersion").objects.create(token=uuid.uuid4().hex)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_pending_index_updates"),
    ]

    operations = [
        migrations.AddField(
            model_name="bankentry",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RemoveField(model_name="facetlabel", name="bank_count"),
        migrations.RemoveField(model_name="bankfacet", name="in_bank"),
        # The columns are read in page id order; the sorts are made over them.
        migrations.RemoveIndex(model_name="bankentry", name="search_bankentry_row"),
        migrations.RemoveIndex(model_name="bankentry", name="search_bankentry_newest"),
        migrations.RemoveIndex(model_name="bankentry", name="search_bankentry_downloads"),
        migrations.AddField(
            model_name="bankentry",
            name="title_length",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="bankentry",
            index=models.Index(
                fields=["page", "in_bank", "date", "downloads", "title_length"], name="search_bankentry_columns"
            ),
        ),
        migrations.CreateModel(
            name="IndexVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        RunSQLOn("sqlite", CREATE_TITLE_FTS, ["DROP TABLE search_bankentry_title_fts"]),
        RunSQLOn(
            "postgresql",
            ["CREATE INDEX search_bankentry_title_vector ON search_bankentry USING gin (title_vector)"],
            ["DROP INDEX search_bankentry_title_vector"],
        ),
        # The vectors out of the row: a match is read from the index, and a bitmap scan of a
        # narrow table (25 MB at 100,000 entries instead of 234) gives 100,000 matches in 30 ms.
        # Entries written before keep their place until the index is rebuilt.
        RunSQLOn(
            "postgresql",
            [
                "ALTER TABLE search_bankentry SET (toast_tuple_target = 128)",
                "ALTER TABLE search_bankentry ALTER COLUMN search_vector SET STORAGE EXTENDED",
            ],
            [
                "ALTER TABLE search_bankentry RESET (toast_tuple_target)",
                "ALTER TABLE search_bankentry ALTER COLUMN search_vector SET STORAGE MAIN",
            ],
        ),
        migrations.RunPython(index_titles, migrations.RunPython.noop),
    ]
