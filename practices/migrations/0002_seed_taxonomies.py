"""The library's starting vocabularies; editors extend them under «Справочники»."""

from django.db import migrations

from practices.taxonomies import seed_taxonomies


def seed(apps, schema_editor):
    seed_taxonomies(apps)


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
