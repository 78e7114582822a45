from django.db import migrations

from analytics.risks import seed_federal_risks


def add_federal_risks(apps, schema_editor):
    seed_federal_risks(apps.get_model("analytics", "Risk"))


class Migration(migrations.Migration):
    dependencies = [("analytics", "0002_registry")]

    operations = [migrations.RunPython(add_federal_risks, migrations.RunPython.noop)]
