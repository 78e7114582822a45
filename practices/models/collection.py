"""Thematic collections (подборки) of practices and materials."""

from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from base.blocks import BodyBlock
from base.models import BasePage

from .common import TEXT_FEATURES, plain, stream_text


class CollectionPage(BasePage):
    """A thematic collection (подборка) of practices and materials, e.g. «Работа с мотивацией»."""

    intro = RichTextField("Вступление", features=TEXT_FEATURES, help_text="Для кого подборка и как ею пользоваться.")
    body = StreamField(BodyBlock(), verbose_name="Дополнительно", blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("items", heading="Состав подборки", label="Практика или материал", min_num=1),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["practices.PracticeIndexPage", "practices.MaterialIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Подборка"
        verbose_name_plural = "Подборки"

    def visible_items(self):
        """The collection's items whose page visitors may see, in the editor's order."""
        items = list(self.items.select_related("page"))
        visible = set(
            Page.objects.live().public().filter(pk__in=[item.page_id for item in items]).values_list("pk", flat=True)
        )
        shown = []
        for item in items:
            if item.page_id in visible:
                item.resource = item.page.specific
                shown.append(item)
        return shown

    def resources(self):
        return [item.resource for item in self.visible_items()]

    def bank_document(self):
        resources = self.resources()
        facets = {"type": [("collection", "Подборка")]}
        for key in ("subject", "level", "audience", "risk", "year"):
            seen = {}
            for resource in resources:
                for value, label in resource.bank_facets()[key]:
                    seen.setdefault(value, label)
            facets[key] = list(seen.items())
        published = self.first_published_at
        return {
            "title": self.title,
            "type": "collection",
            "type_label": "Подборка",
            "summary": self.summary,
            "text": "\n".join(
                part
                for part in [self.title, self.summary, plain(self.intro), stream_text(self.body)]
                + [f"{r.title}. {r.summary}" for r in resources]
                if part
            ),
            "attachments": [],
            "facets": facets,
            "date": timezone.localdate(published) if published else timezone.localdate(),
            "downloads": sum(r.download_total for r in resources),
        }


class CollectionItem(Orderable):
    collection = ParentalKey(CollectionPage, related_name="items", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Страница",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Практика или методический материал.",
    )
    note = models.CharField(
        "Комментарий составителя", max_length=300, blank=True, help_text="Зачем это в подборке, чем полезно."
    )

    panels = [
        PageChooserPanel("page", page_type=["practices.PracticePage", "practices.MaterialPage"]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "Элемент подборки"
        verbose_name_plural = "Элементы подборки"
