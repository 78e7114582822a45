# Each engine's own full-text index instead of the hand-kept posting table (BankTerm), and
# facets as rows counted in SQL.

import django.db.models.deletion
from django.db import migrations, models


class RunSQLOn(migrations.RunSQL):
    """RunSQL on one database engine only: the full-text indexes differ between SQLite and PostgreSQL."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def facet_rows_from_keys(apps, schema_editor):
    """The " name=value " tokens of every entry become BankFacet rows, and the bank's counts follow."""
    BankEntry = apps.get_model("search", "BankEntry")
    BankFacet = apps.get_model("search", "BankFacet")
    FacetLabel = apps.get_model("search", "FacetLabel")
    rows, counts = [], {}
    for page_id, in_bank, facet_keys in BankEntry.objects.values_list("page_id", "in_bank", "facet_keys").iterator():
        for key in dict.fromkeys(facet_keys.split()):
            name, _, value = key.partition("=")
            rows.append(BankFacet(entry_id=page_id, name=name, value=value, in_bank=in_bank))
            if in_bank:
                counts[name, value] = counts.get((name, value), 0) + 1
    BankFacet.objects.bulk_create(rows, batch_size=1000)
    for (name, value), number in counts.items():
        FacetLabel.objects.filter(name=name, value=value).update(bank_count=number)


# Roots, not words: the project stems Russian itself (search/text.py), so the tokenizer only
# splits on spaces; diacritics are left alone (й is not и), and "_" stays inside a root as in \w.
CREATE_FTS = [
    """CREATE VIRTUAL TABLE search_bankentry_fts USING fts5(
        title, body, tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
    )""",
    "INSERT INTO search_bankentry_fts (rowid, title, body) SELECT page_id, title_roots, roots FROM search_bankentry",
]

CREATE_GIN = [
    "CREATE INDEX search_bankentry_vector ON search_bankentry USING gin (search_vector)",
    # Kept in the row, not in TOAST: ranking reads every match's vector, and a vector fetched from
    # TOAST costs a few more page reads each. The long text columns are moved out instead.
    "ALTER TABLE search_bankentry ALTER COLUMN search_vector SET STORAGE MAIN",
]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_site_pages_in_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="BankFacet",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=20)),
                ("value", models.CharField(max_length=100)),
                ("in_bank", models.BooleanField(default=True)),
                (
                    "entry",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="facets",
                        to="search.bankentry",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["name", "value", "entry"], name="search_bankfacet_filter")],
                "constraints": [
                    models.UniqueConstraint(fields=("entry", "name", "value"), name="search_bankfacet_unique")
                ],
            },
        ),
        migrations.AddField(
            model_name="facetlabel",
            name="bank_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(facet_rows_from_keys, migrations.RunPython.noop),
        RunSQLOn("sqlite", CREATE_FTS, ["DROP TABLE search_bankentry_fts"]),
        migrations.RemoveIndex(model_name="bankentry", name="search_bankentry_scope_facets"),
        migrations.RemoveField(model_name="bankentry", name="facet_keys"),
        migrations.RemoveField(model_name="bankentry", name="roots"),
        migrations.RemoveField(model_name="bankentry", name="title_roots"),
        migrations.DeleteModel(name="BankTerm"),
        migrations.AddIndex(
            model_name="bankentry",
            index=models.Index(fields=["page", "in_bank", "date", "downloads"], name="search_bankentry_row"),
        ),
        migrations.AddIndex(
            model_name="bankentry",
            index=models.Index(fields=["in_bank", "date", "page"], name="search_bankentry_newest"),
        ),
        migrations.AddIndex(
            model_name="bankentry",
            index=models.Index(fields=["in_bank", "downloads", "date", "page"], name="search_bankentry_downloads"),
        ),
        RunSQLOn(
            "postgresql",
            CREATE_GIN,
            [
                "DROP INDEX search_bankentry_vector",
                "ALTER TABLE search_bankentry ALTER COLUMN search_vector SET STORAGE EXTENDED",
            ],
        ),
    ]
