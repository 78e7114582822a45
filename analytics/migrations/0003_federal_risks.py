from django.db import migrations

from analytics.risks import FEDERAL_RISKS


def add_federal_risks(apps, schema_editor):
    risk_model = apps.get_model("analytics", "Risk")
    for order, (code, name) in enumerate(FEDERAL_RISKS, start=1):
        risk_model.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("analytics", "0002_registry")]

    operations = [migrations.RunPython(add_federal_risks, migrations.RunPython.noop)]
