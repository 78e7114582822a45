"""Resilient and strongly effective schools whose experience the library does not hold yet.

METHODOLOGY.md names two kinds of school worth learning from: resilient ones (high results in
hard social conditions) and those whose results are above what their social context predicts
(effectiveness "above"). Methodologists ask such schools to describe a practice; this list, in
the admin's «Программа» group, shows who has none published yet, from the latest year of the
latest successful computation.

Who sees it: whoever may add practice pages (methodologists, experts) or sees the whole region's
analytics (regional analysts); the list names schools across the region, so a municipal
specialist's scope is too narrow for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.template.response import TemplateResponse
from django.views import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from practices.models import PracticeIndexPage, PracticePage
from registry.models import School

from .access import log_access, scope_for
from .exports import stream_csv, xlsx_response
from .models import AccessLog, ComputationRun, SchoolYearResult
from .views.common import FLAG_EXPLANATIONS, latest_run, run_years

TITLE = "Резильентные и эффективные школы без практик"
RESILIENT = "Резильентная: " + FLAG_EXPLANATIONS["resilient"][0].lower() + FLAG_EXPLANATIONS["resilient"][1:]
EFFECTIVE = "Результаты выше ожидаемых по социальному контексту"


@dataclass(frozen=True)
class PracticeSource:
    """One school to ask for a practice, with what the computation says about it."""

    school: School
    resilient: bool
    effective: bool
    quality_group: int | None
    isbs_group: int | None
    residual_z: float | None
    practice_in_review: bool = False

    @property
    def reasons(self) -> list[str]:
        reasons = [RESILIENT] if self.resilient else []
        if self.effective:
            gain = f" (z добавленной ценности {self.residual_z:.2f})".replace(".", ",") if self.residual_z else ""
            reasons.append(EFFECTIVE + gain)
        return reasons

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass
class PracticeSources:
    run: ComputationRun | None
    year: int | None
    schools: list[PracticeSource] = field(default_factory=list)


def practice_sources(run: ComputationRun | None = None) -> PracticeSources:
    """Schools of ``run``'s latest year (the latest successful run by default) that are
    resilient or effective above expectation and have no live practice in the library.

    Resilient schools come first, then by how far above expectation, then by name.
    """
    run = run or latest_run()
    years = run_years(run) if run else []
    if not years:
        return PracticeSources(run, None)
    year = years[-1]
    with_practice = PracticePage.objects.live().filter(school__isnull=False).values("school_id")
    in_review = set(PracticePage.objects.not_live().filter(school__isnull=False).values_list("school_id", flat=True))
    rows = (
        SchoolYearResult.objects.filter(run=run, year=year)
        .filter(Q(resilient=True) | Q(effectiveness="above"))
        .exclude(school_id__in=with_practice)
        .select_related("school__municipality")
    )
    schools = [
        PracticeSource(
            school=row.school,
            resilient=row.resilient,
            effective=row.effectiveness == "above",
            quality_group=row.quality_group,
            isbs_group=row.isbs_group,
            residual_z=row.residual_z,
            practice_in_review=row.school_id in in_review,
        )
        for row in rows
    ]
    schools.sort(key=lambda s: (not s.resilient, -(s.residual_z or 0.0), s.school.name, s.school.code))
    return PracticeSources(run, year, schools)


def may_see_practice_sources(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if scope_for(user).is_regional:
        return True
    return any(index.permissions_for_user(user).can_add_subpage() for index in PracticeIndexPage.objects.all())


HEADER = [
    "Код школы",
    "Школа",
    "Муниципалитет",
    "Группа по качеству",
    "Группа по ИСБШ",
    "Почему в списке",
    "Практика на экспертизе",
]


def _rows(sources: PracticeSources):
    for source in sources.schools:
        yield [
            source.school.code,
            source.school.name,
            source.school.municipality.name,
            source.quality_group,
            source.isbs_group,
            source.reason,
            "да" if source.practice_in_review else "",
        ]


class PracticeSourcesView(WagtailAdminTemplateMixin, View):
    """The list in the admin, with CSV and XLSX downloads (``?export=csv|xlsx``)."""

    template_name = "analytics/admin/practice_sources.html"
    page_title = TITLE
    header_icon = "pick"

    def get(self, request):
        if not may_see_practice_sources(request.user):
            log_access(request, AccessLog.Action.DENIED)
            return self.render({"forbidden": True}, status=403)
        sources = practice_sources()
        export = request.GET.get("export")
        if export in ("csv", "xlsx") and sources.year is not None:
            log_access(request, AccessLog.Action.EXPORT, "practice-sources", rows=len(sources.schools))
            filename = f"practice-sources-{sources.year}.{export}"
            if export == "csv":
                return stream_csv(filename, HEADER, _rows(sources))
            return xlsx_response(filename, "Школы без практик", HEADER, _rows(sources))
        log_access(request, AccessLog.Action.VIEW, "practice-sources", rows=len(sources.schools))
        # Passports are for those who see the region; a methodologist gets the names only.
        return self.render({"sources": sources, "passports": scope_for(request.user).is_regional})

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def render(self, context, status=200):
        return TemplateResponse(self.request, self.template_name, {**self.get_context_data(), **context}, status=status)
