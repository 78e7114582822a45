"""Taxonomies editors manage as snippets (menu group «Справочники»).

Each term has a stable `slug` used in filter URLs and in the resource bank's facets, so that
renaming a term in the admin does not break links people have bookmarked.
"""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Taxonomy(index.Indexed, models.Model):
    name = models.CharField("Название", max_length=150, unique=True, help_text="Как термин показывается на сайте.")
    slug = models.SlugField(
        "Код для адресов",
        max_length=60,
        unique=True,
        allow_unicode=False,
        help_text="Латиницей, без пробелов: используется в ссылках с фильтрами и в поиске. Не меняйте без нужды.",
    )
    order = models.PositiveSmallIntegerField(
        "Порядок", default=0, help_text="Термины с меньшим числом показываются в списках раньше."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Subject(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "Предмет"
        verbose_name_plural = "Предметы"


class EducationLevel(Taxonomy):
    """НОО, ООО, СОО: the levels of general education in the federal standards."""

    short_name = models.CharField(
        "Сокращение", max_length=10, blank=True, help_text="Например: НОО. Показывается в карточках."
    )

    panels = Taxonomy.panels + [FieldPanel("short_name")]

    class Meta(Taxonomy.Meta):
        verbose_name = "Уровень образования"
        verbose_name_plural = "Уровни образования"

    def __str__(self):
        return self.short_name or self.name


class Grade(models.Model):
    """A school grade (класс); it belongs to one education level, which is how a material for
    grade 7 is found under ООО without the editor having to tick the level separately."""

    number = models.PositiveSmallIntegerField("Класс", unique=True, help_text="Номер класса от 1 до 11.")
    level = models.ForeignKey(
        EducationLevel,
        verbose_name="Уровень образования",
        on_delete=models.PROTECT,
        related_name="grades",
        help_text="К какому уровню образования относится класс.",
    )

    panels = [FieldPanel("number"), FieldPanel("level")]

    class Meta:
        verbose_name = "Класс"
        verbose_name_plural = "Классы"
        ordering = ["number"]

    def __str__(self):
        return f"{self.number} класс"

    @property
    def slug(self):
        return str(self.number)


class Audience(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "Аудитория"
        verbose_name_plural = "Аудитории"


class MaterialType(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "Вид материала"
        verbose_name_plural = "Виды материалов"


class PracticeType(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "Тип практики"
        verbose_name_plural = "Типы практик"
