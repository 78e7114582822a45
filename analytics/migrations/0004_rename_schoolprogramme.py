from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0003_accesslog_ip_and_actions"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="schoolprogramme", name="unique_school_programme"),
        migrations.RenameModel("SchoolProgramme", "ProgrammeParticipation"),
    ]
