"""The listing pages: /practices/ and /materials/ with filters, sort and pagination."""

from base.models import SectionIndexPage
from base.pagination import paginate
from registry.models import Risk

from .collection import CollectionPage
from .common import terms
from .material import MaterialPage
from .practice import PracticePage
from .snippets import Audience, EducationLevel, Grade, MaterialType, PracticeType, Subject


class LibraryIndexPage(SectionIndexPage):
    """A section listing its child resources with filters, sort and pagination."""

    resource_model = None
    per_page = 12
    # Everything published here passes «Экспертиза» (base.roles attaches the workflow).
    review_workflow = True

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs):
        return "practices/library_index_page.html"

    def facets(self):
        raise NotImplementedError

    # What the listing's cards show, fetched with the page rather than once per card.
    list_select_related = ()

    def resources(self):
        return (
            self.resource_model.objects.live()
            .public()
            .child_of(self)
            .select_related(*self.list_select_related)
            .prefetch_related("subjects")
        )

    def collections(self):
        return CollectionPage.objects.live().public().child_of(self).order_by("-first_published_at")

    def get_context(self, request, *args, **kwargs):
        from ..filters import filter_listing

        context = super().get_context(request, *args, **kwargs)
        form, items = filter_listing(self.resources(), self.facets(), request.GET)
        chosen = form.selected()
        page_of_items = paginate(request, items, self.per_page)
        context.update(
            filter_form=form,
            items=page_of_items,
            # The paginator has counted them already.
            total=page_of_items.paginator.count,
            filtered=bool(chosen),
            # The folded filters say how many values are chosen, so a phone shows it without opening them.
            filters_chosen=sum(len(values) for values in chosen.values()),
            collections=self.collections(),
        )
        return context

    def year_choices(self):
        values = self.resources().exclude(year=None).values_list("year", flat=True).distinct()
        return [(str(year), str(year)) for year in sorted(set(values), reverse=True)]


def subject_choices():
    return terms(Subject.objects.all())


def level_choices():
    return [
        (level.slug, f"{level.name} ({level.short_name})" if level.short_name else level.name)
        for level in EducationLevel.objects.all()
    ]


def grade_choices():
    return [(grade.slug, str(grade)) for grade in Grade.objects.all()]


def risk_choices():
    return [(risk.code, risk.name) for risk in Risk.objects.all()]


def audience_choices():
    return terms(Audience.objects.all())


class PracticeIndexPage(LibraryIndexPage):
    """The best-practice library."""

    subpage_types = ["practices.PracticePage", "practices.CollectionPage"]
    list_select_related = ("practice_type", "school__municipality")

    class Meta:
        verbose_name = "Библиотека лучших практик"

    @property
    def resource_model(self):
        return PracticePage

    def facets(self):
        from ..filters import Facet

        return [
            Facet("subject", "Предмет", subject_choices, "subjects__slug__in", multiple=True),
            Facet("level", "Уровень образования", level_choices, "levels__slug__in", multiple=True),
            # A practice is described by its levels, not by single grades: a grade finds the
            # practices of the level it belongs to (7 класс → ООО), as Grade.level defines.
            Facet("grade", "Класс", grade_choices, "levels__grades__number__in", empty_label="Любой"),
            Facet("type", "Тип практики", lambda: terms(PracticeType.objects.all()), "practice_type__slug__in"),
            Facet("risk", "Риск, с которым работает практика", risk_choices, "risks__code__in", empty_label="Любой"),
            Facet("audience", "Для кого", audience_choices, "audiences__slug__in"),
            Facet("year", "Год внедрения", self.year_choices, "year__in", empty_label="Любой"),
        ]


class MaterialIndexPage(LibraryIndexPage):
    """The bank of methodological materials."""

    subpage_types = ["practices.MaterialPage", "practices.CollectionPage"]
    list_select_related = ("material_type",)

    class Meta:
        verbose_name = "Методические материалы"

    @property
    def resource_model(self):
        return MaterialPage

    def facets(self):
        from ..filters import Facet

        return [
            Facet("subject", "Предмет", subject_choices, "subjects__slug__in", multiple=True),
            Facet("level", "Уровень образования", level_choices, "grades__level__slug__in", multiple=True),
            Facet("grade", "Класс", grade_choices, "grades__number__in", empty_label="Любой"),
            Facet("type", "Вид материала", lambda: terms(MaterialType.objects.all()), "material_type__slug__in"),
            Facet("audience", "Для кого", audience_choices, "audiences__slug__in"),
            Facet("risk", "Риск, с которым помогает работать", risk_choices, "risks__code__in", empty_label="Любой"),
            Facet("year", "Год создания", self.year_choices, "year__in", empty_label="Любой"),
        ]
