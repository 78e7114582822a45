import datetime

import base.storage
from analytics.directions import seed_cooperation_directions
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import modelcluster.fields
from decimal import Decimal
from django.db import migrations, models


def seed_directions(apps, schema_editor):
    """The directions of the standard agreement form: production needs them from the start."""
    seed_cooperation_directions(apps.get_model("analytics", "CooperationDirection"))


def carry_over_records(apps, schema_editor):
    """Nothing recorded before is lost: an approval date becomes an approved school programme
    of that year, and an active partnership a signed agreement."""
    Participation = apps.get_model("analytics", "ProgrammeParticipation")
    Programme = apps.get_model("analytics", "ImprovementProgramme")
    Partnership = apps.get_model("analytics", "Partnership")
    for row in Participation.objects.exclude(approved_on=None):
        Programme.objects.create(
            school_id=row.school_id,
            kind="quality",
            status="approved",
            start_date=datetime.date(row.year, 1, 1),
            end_date=datetime.date(row.year, 12, 31),
            approved_on=row.approved_on,
        )
    Partnership.objects.filter(active=True).update(status="signed")
    Partnership.objects.filter(active=False).update(status="ended")


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0004_rename_schoolprogramme"),
        ("registry", "0002_federal_risks"),
    ]

    operations = [
        migrations.CreateModel(
            name="CooperationDirection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="Код")),
                ("name", models.CharField(max_length=200, verbose_name="Направление")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="Порядок")),
            ],
            options={
                "verbose_name": "Направление сотрудничества",
                "verbose_name_plural": "Направления сотрудничества",
                "ordering": ["order"],
            },
        ),
        migrations.CreateModel(
            name="ImprovementProgramme",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("transition", "Программа перехода в эффективный режим работы"),
                            ("quality", "Программа повышения качества образования"),
                            ("anti_risk", "Антирисковая программа"),
                        ],
                        max_length=20,
                        verbose_name="Вид программы",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Черновик"),
                            ("submitted", "Представлена на согласование"),
                            ("approved", "Утверждена"),
                            ("reported", "Отчёт о реализации представлен"),
                        ],
                        default="draft",
                        max_length=20,
                        verbose_name="Статус",
                    ),
                ),
                ("start_date", models.DateField(verbose_name="Начало реализации")),
                ("end_date", models.DateField(verbose_name="Окончание реализации")),
                ("approved_on", models.DateField(blank=True, null=True, verbose_name="Дата утверждения")),
                (
                    "document",
                    models.FileField(
                        blank=True,
                        storage=base.storage.private_files,
                        upload_to="programmes/school/",
                        verbose_name="Документ программы",
                    ),
                ),
            ],
            options={
                "verbose_name": "Программа школы",
                "verbose_name_plural": "Программы школ",
                "ordering": ["-start_date", "school__code"],
            },
        ),
        migrations.CreateModel(
            name="ImprovementProgrammeReport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="Год")),
                ("summary", models.TextField(blank=True, verbose_name="Итоги года")),
                (
                    "document",
                    models.FileField(
                        blank=True,
                        storage=base.storage.private_files,
                        upload_to="programmes/reports/",
                        verbose_name="Файл отчёта",
                    ),
                ),
            ],
            options={
                "verbose_name": "Отчёт о реализации программы",
                "verbose_name_plural": "Отчёты о реализации программы",
                "ordering": ["year"],
            },
        ),
        migrations.CreateModel(
            name="MentoringPair",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("mentor", models.CharField(max_length=200, verbose_name="Наставник")),
                ("mentee", models.CharField(max_length=200, verbose_name="Наставляемый педагог")),
                ("subject", models.CharField(blank=True, max_length=200, verbose_name="Предмет или направление")),
                ("start_date", models.DateField(verbose_name="Начало")),
                ("end_date", models.DateField(blank=True, null=True, verbose_name="Окончание")),
            ],
            options={
                "verbose_name": "Наставническая пара",
                "verbose_name_plural": "Наставнические пары",
                "ordering": ["-start_date", "school__code"],
            },
        ),
        migrations.CreateModel(
            name="MunicipalProgramme",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="Год")),
                ("title", models.CharField(max_length=300, verbose_name="Название")),
                ("approved_on", models.DateField(blank=True, null=True, verbose_name="Дата утверждения")),
                (
                    "document",
                    models.FileField(
                        blank=True,
                        storage=base.storage.private_files,
                        upload_to="programmes/municipal/",
                        verbose_name="Документ",
                    ),
                ),
            ],
            options={
                "verbose_name": "Муниципальная программа поддержки школ",
                "verbose_name_plural": "Муниципальные программы поддержки школ",
                "ordering": ["-year", "municipality__name"],
            },
        ),
        migrations.AlterModelOptions(
            name="partnership",
            options={
                "ordering": ["-start_date", "-pk"],
                "verbose_name": "Соглашение о партнёрстве школ",
                "verbose_name_plural": "Соглашения о партнёрстве школ",
            },
        ),
        migrations.AlterModelOptions(
            name="programmeparticipation",
            options={
                "ordering": ["-year", "school__code", "role"],
                "verbose_name": "Участие в программе",
                "verbose_name_plural": "Участие школ в программе",
            },
        ),
        migrations.AddField(
            model_name="partnership",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="Создано"),
        ),
        migrations.AddField(
            model_name="partnership",
            name="notes",
            field=models.TextField(blank=True, verbose_name="Примечания"),
        ),
        migrations.AddField(
            model_name="partnership",
            name="signed_file",
            field=models.FileField(
                blank=True,
                storage=base.storage.private_files,
                upload_to="programmes/agreements/",
                verbose_name="Подписанное соглашение",
            ),
        ),
        migrations.AddField(
            model_name="partnership",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Проект"),
                    ("signed", "Подписано, действует"),
                    ("ended", "Завершено"),
                    ("terminated", "Расторгнуто"),
                ],
                default="draft",
                max_length=20,
                verbose_name="Статус",
            ),
        ),
        migrations.AddField(
            model_name="professionaldevelopment",
            name="position",
            field=models.CharField(blank=True, max_length=200, verbose_name="Должность"),
        ),
        migrations.AddField(
            model_name="professionaldevelopment",
            name="study_form",
            field=models.CharField(
                blank=True,
                choices=[
                    ("full_time", "Очная"),
                    ("blended", "Очно-заочная"),
                    ("distance", "Заочная с применением дистанционных технологий"),
                ],
                max_length=20,
                verbose_name="Форма обучения",
            ),
        ),
        migrations.AddField(
            model_name="programmeevent",
            name="participants",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="Число участников"),
        ),
        migrations.AddField(
            model_name="programmeparticipation",
            name="role",
            field=models.CharField(
                choices=[
                    ("programme_school", "Школа — участник программы"),
                    ("pilot_site", "Пилотная площадка"),
                    ("innovation_platform", "Региональная инновационная площадка"),
                    ("partner_school", "Школа-партнёр (ресурсная школа)"),
                    ("internship_site", "Стажировочная площадка"),
                ],
                default="programme_school",
                max_length=30,
                verbose_name="Статус в программе",
            ),
        ),
        migrations.AddField(
            model_name="programmeparticipation",
            name="tutor",
            field=models.CharField(
                blank=True,
                help_text="ФИО специалиста, закреплённого за школой.",
                max_length=200,
                verbose_name="Тьютор или эксперт-консультант",
            ),
        ),
        migrations.AlterField(
            model_name="assessmentresult",
            name="assessment",
            field=models.CharField(
                choices=[
                    ("VPR", "ВПР"),
                    ("OGE", "ОГЭ"),
                    ("EGE", "ЕГЭ"),
                    ("NIKO", "НИКО"),
                    ("KDR", "Региональная диагностическая работа (КДР)"),
                    ("MOCK", "Пробный экзамен"),
                ],
                max_length=10,
                verbose_name="Процедура",
            ),
        ),
        migrations.AlterField(
            model_name="partnership",
            name="low_school",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="partnerships_low",
                to="registry.school",
                verbose_name="Поддерживаемая школа",
            ),
        ),
        migrations.AlterField(
            model_name="professionaldevelopment",
            name="hours",
            field=models.PositiveSmallIntegerField(
                validators=[django.core.validators.MinValueValidator(1, "Объём курса должен быть больше нуля часов.")],
                verbose_name="Объём, часов",
            ),
        ),
        migrations.AlterField(
            model_name="programmeevent",
            name="hours",
            field=models.DecimalField(
                decimal_places=1,
                max_digits=5,
                validators=[
                    django.core.validators.MinValueValidator(
                        Decimal("0.5"), "Продолжительность должна быть больше нуля."
                    )
                ],
                verbose_name="Продолжительность, часов",
            ),
        ),
        migrations.AlterField(
            model_name="programmeparticipation",
            name="category",
            field=models.CharField(
                blank=True,
                choices=[("low_results", "ШНОР"), ("unfavourable", "ШФНСУ"), ("both", "ШНОР и ШФНСУ")],
                help_text="Только для школ — участников программы: ШНОР, ШФНСУ или обе категории.",
                max_length=20,
                verbose_name="Категория",
            ),
        ),
        migrations.AlterField(
            model_name="programmeparticipation",
            name="school",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="participations",
                to="registry.school",
                verbose_name="Школа",
            ),
        ),
        migrations.AddConstraint(
            model_name="programmeparticipation",
            constraint=models.UniqueConstraint(
                fields=("school", "year", "role"), name="unique_programme_participation"
            ),
        ),
        migrations.AddField(
            model_name="partnership",
            name="directions",
            field=models.ManyToManyField(
                blank=True, to="analytics.cooperationdirection", verbose_name="Направления сотрудничества"
            ),
        ),
        migrations.AddField(
            model_name="improvementprogramme",
            name="risk",
            field=models.ForeignKey(
                blank=True,
                help_text="Для антирисковой программы: риск, на снижение которого она направлена.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="registry.risk",
                verbose_name="Риск",
            ),
        ),
        migrations.AddField(
            model_name="improvementprogramme",
            name="school",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="improvement_programmes",
                to="registry.school",
                verbose_name="Школа",
            ),
        ),
        migrations.AddField(
            model_name="improvementprogrammereport",
            name="programme",
            field=modelcluster.fields.ParentalKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="reports", to="analytics.improvementprogramme"
            ),
        ),
        migrations.AddField(
            model_name="mentoringpair",
            name="mentor_school",
            field=models.ForeignKey(
                blank=True,
                help_text="Если наставник из другой школы, например из школы-партнёра.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="registry.school",
                verbose_name="Школа наставника",
            ),
        ),
        migrations.AddField(
            model_name="mentoringpair",
            name="school",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="mentoring_pairs",
                to="registry.school",
                verbose_name="Школа",
            ),
        ),
        migrations.AddField(
            model_name="municipalprogramme",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="support_programmes",
                to="registry.municipality",
                verbose_name="Муниципалитет",
            ),
        ),
        migrations.AddConstraint(
            model_name="municipalprogramme",
            constraint=models.UniqueConstraint(
                fields=("municipality", "year", "title"), name="unique_municipal_programme"
            ),
        ),
            migrations.RunPython(seed_directions, migrations.RunPython.noop),
        migrations.RunPython(carry_over_records, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="partnership",
            name="active",
        ),
        migrations.RemoveField(
            model_name="programmeparticipation",
            name="approved_on",
        ),
    ]
