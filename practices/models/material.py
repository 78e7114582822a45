"""A methodological material: files teachers download, with who made it and on what terms."""

import json

from django import forms
from django.db import models
from django.utils.safestring import mark_safe

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from base.models import BasePage

from .common import TEXT_FEATURES, AttachedFile, ResourcePage, plain
from .snippets import Audience, EducationLevel, Grade, MaterialType, Subject


class MaterialPageTag(TaggedItemBase):
    content_object = ParentalKey("practices.MaterialPage", related_name="tagged_items", on_delete=models.CASCADE)


class MaterialPage(ResourcePage):
    """A methodological material: files teachers download, with who made it and on what terms."""

    bank_type = "material"
    bank_type_label = "Методический материал"

    class License(models.TextChoices):
        CC_BY = "cc-by", "CC BY 4.0 — свободное использование с указанием автора"
        CC_BY_SA = "cc-by-sa", "CC BY-SA 4.0 — с указанием автора и на тех же условиях"
        EDUCATION = "education", "Свободное использование в образовательных целях со ссылкой на источник"
        VIEW_ONLY = "view-only", "Только для ознакомления; распространение — с согласия автора"

    LICENSE_URLS = {
        "cc-by": "https://creativecommons.org/licenses/by/4.0/deed.ru",
        "cc-by-sa": "https://creativecommons.org/licenses/by-sa/4.0/deed.ru",
    }

    material_type = models.ForeignKey(
        MaterialType,
        verbose_name="Вид материала",
        null=True,
        on_delete=models.PROTECT,
        related_name="materials",
        help_text="Методические рекомендации, пособие, конспект урока, диагностическая работа…",
    )
    audiences = ParentalManyToManyField(
        Audience,
        verbose_name="Для кого",
        blank=True,
        related_name="materials",
        help_text="Кому адресован материал.",
    )
    subjects = ParentalManyToManyField(
        Subject,
        verbose_name="Предметы",
        blank=True,
        related_name="materials",
        help_text="Оставьте пустым для материалов не по предмету.",
    )
    grades = ParentalManyToManyField(
        Grade,
        verbose_name="Классы",
        blank=True,
        related_name="materials",
        help_text="Уровень образования определяется по классам автоматически.",
    )
    risks = ParentalManyToManyField(
        "registry.Risk",
        verbose_name="Риски, с которыми помогает работать",
        blank=True,
        related_name="materials",
        help_text="Необязательно: из федерального перечня рисков школ.",
    )
    author = models.CharField("Автор", max_length=300, help_text="ФИО автора или авторского коллектива.")
    organisation = models.CharField(
        "Организация", max_length=300, blank=True, help_text="Где подготовлен материал: школа, институт, центр."
    )
    year = models.PositiveSmallIntegerField("Год создания", null=True, blank=True, help_text="Например: 2025.")
    description = RichTextField(
        "Описание", features=TEXT_FEATURES, help_text="Что внутри, как и когда этим пользоваться."
    )
    license = models.CharField(
        "Лицензия",
        max_length=20,
        choices=License.choices,
        default=License.EDUCATION,
        help_text="На каких условиях материал можно использовать и распространять.",
    )
    terms_of_use = models.TextField(
        "Условия использования", blank=True, help_text="Дополнительные условия, если они есть."
    )
    related_practices = ParentalManyToManyField(
        "practices.PracticePage",
        verbose_name="Связанные практики",
        blank=True,
        related_name="materials",
        help_text="Практики, в которых используется материал.",
    )
    related_materials = ParentalManyToManyField(
        "self",
        verbose_name="Связанные материалы",
        blank=True,
        symmetrical=False,
        help_text="Материалы, которые стоит посмотреть вместе с этим.",
    )
    tags = ClusterTaggableManager(
        through=MaterialPageTag, verbose_name="Ключевые слова", blank=True, help_text="Через запятую."
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("material_type"), FieldPanel("year")]),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("subjects", widget=forms.CheckboxSelectMultiple),
                FieldPanel("grades", widget=forms.CheckboxSelectMultiple),
                FieldPanel("risks", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading="Классификация",
        ),
        MultiFieldPanel([FieldPanel("author"), FieldPanel("organisation")], heading="Авторство"),
        FieldPanel("description"),
        InlinePanel("files", heading="Файлы", label="Файл", min_num=1),
        MultiFieldPanel([FieldPanel("license"), FieldPanel("terms_of_use")], heading="Условия использования"),
        MultiFieldPanel([FieldPanel("related_practices"), FieldPanel("related_materials")], heading="Связи"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("author"),
        index.SearchField("organisation"),
        index.FilterField("year"),
    ]

    parent_page_types = ["practices.MaterialIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Методический материал"
        verbose_name_plural = "Методические материалы"

    def level_terms(self):
        return list(EducationLevel.objects.filter(grades__in=self.grades.all()).distinct())

    def live_related_practices(self):
        return self.related_practices.live().public().order_by("title")

    def live_related_materials(self):
        return self.related_materials.live().public().order_by("title")

    @property
    def license_url(self):
        return self.LICENSE_URLS.get(self.license, "")

    def bank_text_parts(self):
        return [
            self.title,
            self.summary,
            self.material_type.name if self.material_type else "",
            self.author,
            self.organisation,
            plain(self.description),
            self.terms_of_use,
            " ".join(tag.name for tag in self.tags.all()),
        ]

    def json_ld(self):
        """schema.org LearningResource for search engines and aggregators."""
        url = self.full_url
        data = {
            "@context": "https://schema.org",
            "@type": "LearningResource",
            "name": self.title,
            "description": self.summary or plain(self.description)[:500],
            "inLanguage": "ru",
            "isAccessibleForFree": True,
            "author": {"@type": "Person", "name": self.author},
            "license": self.license_url or self.get_license_display(),
            "datePublished": self.published_on.isoformat(),
            "keywords": ", ".join(tag.name for tag in self.tags.all()),
            "about": [subject.name for subject in self.subjects.all()],
            "educationalLevel": [str(level.name) for level in self.level_terms()],
            "audience": [{"@type": "EducationalAudience", "educationalRole": a.name} for a in self.audiences.all()],
            "encoding": [
                {"@type": "MediaObject", "name": row.label, "encodingFormat": row.document.file_extension}
                for row in self.file_rows()
            ],
        }
        if url:
            data["url"] = url
        if self.material_type:
            data["learningResourceType"] = self.material_type.name
        if self.organisation:
            data["sourceOrganization"] = {"@type": "Organization", "name": self.organisation}
        if self.year:
            data["dateCreated"] = str(self.year)
        if self.updated_on:
            data["dateModified"] = self.updated_on.isoformat()
        grades = [grade.number for grade in self.grades.all()]
        if grades:
            data["educationalAlignment"] = {
                "@type": "AlignmentObject",
                "alignmentType": "educationalLevel",
                "targetName": ", ".join(f"{number} класс" for number in grades),
            }
        return data

    def json_ld_script(self):
        payload = json.dumps(self.json_ld(), ensure_ascii=False).replace("<", "\\u003c")
        return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 (escaped above)


class MaterialFile(AttachedFile):
    page = ParentalKey(MaterialPage, related_name="files", on_delete=models.CASCADE)

    class Meta(AttachedFile.Meta):
        verbose_name = "Файл материала"
        verbose_name_plural = "Файлы материала"
