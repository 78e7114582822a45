"""Survey results for staff: /analytics/surveys/.

Scoped like every analytics page (``analytics.access``): an analyst sees the region, a
municipal specialist their municipality, a school leader their school. Figures from fewer
answers than the minimum cell size are never shown, only their count; free-text answers are
shown to staff only, and under the same rule.
"""

from __future__ import annotations

import segno

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from analytics import survey_results
from analytics.access import log_access, scoped
from analytics.exports import fixed, stream_csv, xlsx_response
from analytics.methodology import Parameters
from analytics.models import ComputationRun
from registry.models import Municipality
from surveys import queries as survey_queries
from surveys.models import Campaign, Response, Survey

SECTION = "surveys"
FEW = survey_results.FEW_ANSWERS
# Ids beyond a 64-bit integer make the database raise instead of finding nothing.
MAX_ID = 2**63 - 1


def _number(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


def _target() -> float:
    run = ComputationRun.latest_success()
    return (run.engine_parameters() if run else Parameters()).target_parent_satisfaction


def _campaign_or_404(scope, pk: int) -> Campaign:
    """The campaign, if it asks any school of the viewer's scope; others look unknown."""
    if pk > MAX_ID:
        raise Http404("Кампания не найдена")
    campaign = Campaign.objects.select_related("survey", "version").filter(pk=pk).first()
    if campaign is None or not scope.filter_schools(campaign.targets.all(), "school__").exists():
        raise Http404("Кампания не найдена")
    return campaign


def _link_or_404(scope, campaign, code: str):
    school = scope.school_or_404(code)
    link = campaign.targets.select_related("school__municipality").filter(school=school).first()
    if link is None:
        raise Http404("Школа не участвует в кампании")
    return link


@scoped()
def index(request, scope):
    programme_only = request.GET.get("schools") != "all"
    overview = survey_results.satisfaction_overview(
        scope, _number(request.GET.get("year", "")), programme_only, _target()
    )
    campaigns = list(survey_queries.campaigns_for(None if scope.is_regional else scope.schools().values("pk")))
    answered = dict(
        scope.filter_schools(Response.objects.filter(submitted_at__isnull=False), "school__")
        .order_by()
        .values_list("campaign")
        .annotate(n=Count("pk"))
    )
    for campaign in campaigns:
        campaign.answered_in_scope = answered.get(campaign.pk, 0)
    log_access(request, "view", "анкетирование", rows=len(overview.rows) if overview else 0)
    context = {"scope": scope, "section": SECTION, "overview": overview, "campaigns": campaigns}
    return render(request, "analytics/surveys/index.html", context)


@scoped()
def campaign(request, scope, pk):
    campaign = _campaign_or_404(scope, pk)
    municipalities = []
    municipality_id = None
    if scope.is_regional:
        municipalities = list(Municipality.objects.filter(schools__survey_links__campaign=campaign).distinct())
        municipality_id = _number(request.GET.get("municipality", ""))
    results = survey_results.campaign_results(scope, campaign, municipality_id)
    log_access(request, "view", f"анкетирование: {campaign.title}", rows=len(results.rows))
    context = {
        "scope": scope,
        "section": SECTION,
        "campaign": campaign,
        "results": results,
        "municipalities": municipalities,
        "municipality_id": municipality_id,
    }
    return render(request, "analytics/surveys/campaign.html", context)


@scoped()
def school(request, scope, pk, code):
    campaign = _campaign_or_404(scope, pk)
    link = _link_or_404(scope, campaign, code)
    results = survey_results.school_results(campaign, link)
    log_access(request, "view", f"анкетирование: {campaign.title}, {link.school.code}", rows=results.answered)
    context = {"scope": scope, "section": SECTION, "campaign": campaign, "link": link, "results": results}
    return render(request, "analytics/surveys/school.html", context)


def _survey_url(request, link) -> str:
    return request.build_absolute_uri(reverse("surveys:start", args=[link.code]))


@scoped()
def links(request, scope, pk):
    campaign = _campaign_or_404(scope, pk)
    targets = scope.filter_schools(campaign.targets.select_related("school__municipality"), "school__").order_by(
        "school__municipality__name", "school__code"
    )
    answered = dict(survey_queries.submitted(campaign).order_by().values_list("school").annotate(n=Count("pk")))
    rows = [(link, _survey_url(request, link), answered.get(link.school_id, 0)) for link in targets]
    if request.GET.get("format") == "csv":
        log_access(request, "export", f"ссылки опроса: {campaign.title}", rows=len(rows))
        header = ["Код школы", "Школа", "Муниципалитет", "Ссылка", "Ответов"]
        data = [[link.school.code, link.school.name, link.school.municipality.name, url, n] for link, url, n in rows]
        return stream_csv(f"survey-{campaign.pk}-links.csv", header, data)
    context = {"scope": scope, "section": SECTION, "campaign": campaign, "rows": rows}
    return render(request, "analytics/surveys/links.html", context)


def _qr(url: str):
    """The link as a QR code, with error correction that survives a photocopy."""
    return segno.make(url, error="m", micro=False)


@scoped()
def handout(request, scope, pk, code):
    """A page to print for a school: what the survey is, its link and QR code."""
    campaign = _campaign_or_404(scope, pk)
    link = _link_or_404(scope, campaign, code)
    url = _survey_url(request, link)
    context = {
        "scope": scope,
        "section": SECTION,
        "campaign": campaign,
        "link": link,
        "url": url,
        "qr": _qr(url).svg_inline(
            scale=8, dark="#000", light="#fff", title="QR-код ссылки на опрос", svgclass="qr-code"
        ),
    }
    return render(request, "analytics/surveys/handout.html", context)


@scoped()
def qr(request, scope, pk, code):
    campaign = _campaign_or_404(scope, pk)
    link = _link_or_404(scope, campaign, code)
    response = HttpResponse(content_type="image/svg+xml")
    _qr(_survey_url(request, link)).save(response, kind="svg", scale=10, border=4)
    response["Content-Disposition"] = f'attachment; filename="qr-{link.school.code}.svg"'
    return response


def _share(value) -> object:
    return None if value is None else fixed(100 * value, 1)


def _school_rows(results):
    kind = results.kind
    for row in results.rows:
        cells = [row.school.code, row.school.name, row.school.municipality.name, row.answered]
        if kind == Survey.Kind.SATISFACTION:
            cells.append(_share(row.satisfied_share) if row.reportable else FEW)
        elif kind == Survey.Kind.RISK_SELF_DIAGNOSIS:
            for code in results.risk_names:
                result = row.risks.get(code)
                cells.append(survey_results.LEVEL_LABELS[result.level] if result else "")
        elif kind == Survey.Kind.TEACHER_DEFICITS:
            for code in results.deficit_areas:
                result = row.deficits.get(code)
                cells.append(
                    _share(result.share) if result and row.reportable else (FEW if not row.reportable else None)
                )
        yield cells


def _school_header(results) -> list[str]:
    header = ["Код школы", "Школа", "Муниципалитет", "Ответов"]
    if results.kind == Survey.Kind.SATISFACTION:
        header.append("Удовлетворены, %")
    elif results.kind == Survey.Kind.RISK_SELF_DIAGNOSIS:
        header += list(results.risk_names.values())
    elif results.kind == Survey.Kind.TEACHER_DEFICITS:
        header += [f"{area.name}: доля с дефицитом, %" for area in results.deficit_areas.values()]
    return header


def _question_rows(results):
    for number, (section, summaries) in enumerate(results.summaries, start=1):
        for summary in summaries:
            base = [number, section.title, summary.question.text, summary.answered]
            if summary.suppressed:
                yield [*base, FEW, None, None]
            elif summary.question.kind == "text":
                yield [*base, "свободные ответы — на странице", None, None]
            else:
                for share in summary.shares:
                    yield [*base, share.label, share.count, _share(share.share)]


@scoped()
def export(request, scope, pk, fmt):
    """The campaign's results in the viewer's scope: by school (``?kind=schools``, the default)
    or by question (``?kind=questions``); figures below the cell size stay out."""
    campaign = _campaign_or_404(scope, pk)
    results = survey_results.campaign_results(scope, campaign)
    if request.GET.get("kind") == "questions":
        header = ["Раздел №", "Раздел", "Вопрос", "Ответили", "Вариант", "Выбрали", "Доля, %"]
        rows, sheet, kind = list(_question_rows(results)), "По вопросам", "questions"
    else:
        header, rows, sheet, kind = _school_header(results), list(_school_rows(results)), "По школам", "schools"
    log_access(request, "export", f"анкетирование: {campaign.title} ({kind}, {fmt})", rows=len(rows))
    filename = f"survey-{campaign.pk}-{kind}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(filename, sheet, header, rows)
    return stream_csv(filename, header, rows)
