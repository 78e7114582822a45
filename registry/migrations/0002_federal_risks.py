"""The federal programme's ten school risks exist on every install."""

from django.db import migrations

from registry.risks import seed_federal_risks


def add_federal_risks(apps, schema_editor):
    seed_federal_risks(apps.get_model("registry", "Risk"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(add_federal_risks, migrations.RunPython.noop)]
