"""School passport: a school's indices across years, groups, flags, peers and recommendations.

``passport_data`` gathers everything once; the page, its chart endpoint and the PDF use it, so
the three always show the same numbers of the same run.
"""

from __future__ import annotations

import pandas as pd

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.gzip import gzip_page

from analytics import charts
from analytics.access import log_access, scoped
from analytics.agreements import suggestions_for
from analytics.methodology import OUTPUT_COLUMNS, contextual_peers, partner_suggestions
from analytics.models import (
    ImprovementProgramme,
    IndicatorResult,
    Partnership,
    ProgrammeParticipation,
    RiskProfile,
    SchoolYearResult,
)
from analytics.other_assessments import results_for
from practices.queries import practices_addressing

from .common import (
    EFFECTIVENESS_LABELS,
    FLAG_EXPLANATIONS,
    FLAG_LABELS,
    OBJECTIVITY_LABELS,
    TREND_LABELS,
    cluster_label,
    indicator_label,
    latest_run,
    no_data,
)

PEER_LIMIT = 10
WEAK_INDICATORS = 3
PRACTICE_LIMIT = 5
# analytics subject codes -> practices' Subject slugs
SUBJECT_SLUGS = {"math": "mathematics", "russian": "russian"}
# A passport shows every column of the methodology output except the school code it is about.
YEAR_FIELDS = OUTPUT_COLUMNS[1:]


def _peers(scope, run, school, latest):
    if not latest or not latest["cluster"]:
        return []
    rows = list(
        SchoolYearResult.objects.filter(run=run, year=latest["year"], cluster=latest["cluster"]).values(
            "school_id",
            "school__code",
            "school__name",
            "school__municipality_id",
            "school__municipality__name",
            "quality_index",
            "quality_group",
            "isbs",
            "cluster",
            "year",
        )
    )
    frame = pd.DataFrame(rows).rename(columns={"school__code": "school_code"})
    peers = contextual_peers(frame, school.code, latest["year"], limit=PEER_LIMIT)
    info = {r["school__code"]: r for r in rows}
    out = []
    for peer in peers.to_dict("records"):
        row = info[peer["school_code"]]
        visible = scope.is_regional or scope.municipality_id == row["school__municipality_id"] or peer["is_self"]
        out.append(
            {
                "rank": int(peer["rank"]),
                "code": peer["school_code"] if visible else "",
                "name": row["school__name"] if visible else "школа вне вашей области доступа",
                # Schools of a region share names («СОШ № 1»): the code and the place tell them apart.
                "municipality": row["school__municipality__name"] if visible else "",
                "quality_index": peer["quality_index"],
                "quality_group": peer["quality_group"],
                "isbs": peer["isbs"],
                "is_self": bool(peer["is_self"]),
                "link": visible and not peer["is_self"],
            }
        )
    return out


def _partner(scope, run, school, latest, params):
    """The engine's first partner suggestion for a low-results school without an active partnership."""
    if not latest or not latest["low_results"]:
        return None
    if Partnership.objects.active().filter(low_school=school).exists():
        return None
    year = latest["year"]
    # Only this school and the possible strong partners: the engine's answer for this school is
    # the same as over the whole region (other low schools do not affect it), and a
    # 40,000-school region stays fast.
    candidates = SchoolYearResult.objects.filter(run=run, year=year).filter(
        Q(school=school) | Q(quality_group__gte=params.partner_min_group)
    )
    table = pd.DataFrame(
        list(
            candidates.values(
                "school__code",
                "school__municipality__name",
                "year",
                "low_results",
                "quality_group",
                "quality_index",
                "cluster",
            )
        )
    ).rename(columns={"school__code": "school_code"})
    schools = table[["school_code", "school__municipality__name"]].rename(
        columns={"school_code": "code", "school__municipality__name": "municipality"}
    )
    table = table.drop(columns=["school__municipality__name"])
    partnerships = pd.DataFrame(
        list(Partnership.objects.values("low_school__code", "strong_school__code", "status")),
        columns=["low_school__code", "strong_school__code", "status"],
    ).rename(columns={"low_school__code": "low_school_code", "strong_school__code": "strong_school_code"})
    partnerships["active"] = partnerships.pop("status") == Partnership.Status.SIGNED
    suggestions = partner_suggestions(table, schools, partnerships, year=year, params=params)
    mine = suggestions.loc[suggestions["low_school_code"] == school.code]
    if mine.empty:
        return None
    best = mine.iloc[0]
    partner = (
        SchoolYearResult.objects.filter(run=run, year=year, school__code=best["strong_school_code"])
        .select_related("school__municipality")
        .first()
    )
    if partner is None:
        return None
    visible = scope.can_view_school(partner.school)
    same_municipality = partner.school.municipality_id == school.municipality_id
    if visible:
        municipality = partner.school.municipality.name
    else:
        # Out of the viewer's scope nothing names the partner, its municipality included: only
        # whether it is in the same municipality as the school, which the viewer knows anyway.
        municipality = "тот же муниципалитет" if same_municipality else "другой муниципалитет"
    return {
        "code": partner.school.code if visible else "",
        "name": partner.school.name if visible else "школа вне вашей области доступа",
        "municipality": municipality,
        "quality_index": partner.quality_index,
        "quality_group": partner.quality_group,
        "same_municipality": same_municipality,
        "link": visible,
    }


def _programme(scope, run, school) -> dict:
    """The school's place in the programme: roles by year, its own programmes with their
    documents, its agreements on either side, and partner suggestions while it is a programme
    school of the current year without a signed agreement (analytics.agreements)."""
    participations = list(ProgrammeParticipation.objects.filter(school=school).order_by("-year", "role"))
    programme_years = [p.year for p in participations if p.is_supported]
    current = max(int(y) for y in run.years) if run.years else None
    # The programme year may run ahead of the latest results, never behind them.
    year = max(programme_years) if programme_years and current and max(programme_years) >= current else None
    agreements = list(
        Partnership.objects.filter(Q(low_school=school) | Q(strong_school=school))
        .select_related("low_school", "strong_school")
        .order_by("-start_date", "-pk")
    )
    signed = any(a.active and a.low_school_id == school.pk for a in agreements)
    return {
        "participations": participations,
        "improvement_programmes": list(
            ImprovementProgramme.objects.filter(school=school)
            .select_related("risk")
            .prefetch_related("reports")
            .order_by("-start_date", "-pk")
        ),
        "agreements": agreements,
        "programme_year": year,
        "signed_agreement": signed,
        "suggestions": suggestions_for(scope, year, schools=[school]) if year and not signed else [],
    }


def _risk_sources(risks) -> list[str]:
    """Where the profile came from, in words: «самодиагностика школы, 12.10.2025 (Самодиагностика — 2025)»."""
    sources = []
    for r in risks:
        text = r.get_source_display().lower()
        if r.assessed_on:
            text += f", {r.assessed_on:%d.%m.%Y}"
        if r.source_note:
            text += f" ({r.source_note})"
        if text not in sources:
            sources.append(text)
    return sources


def _practices(school, risk_ids, weak_subjects):
    """Published practices that address the school's risks or its weak subjects."""
    slugs = [SUBJECT_SLUGS.get(s, s) for s in weak_subjects]
    return practices_addressing(risk_ids=risk_ids, subject_slugs=slugs, limit=PRACTICE_LIMIT)


def passport_data(scope, run, school) -> dict:
    params = run.engine_parameters()
    years = list(SchoolYearResult.objects.filter(run=run, school=school).order_by("year").values(*YEAR_FIELDS))
    latest = years[-1] if years else None
    critical = params.critical_value
    for row in years:
        se = row["quality_se"]
        row["ci_low"] = row["quality_index"] - critical * se if row["quality_index"] is not None and se else None
        row["ci_high"] = row["quality_index"] + critical * se if row["quality_index"] is not None and se else None
        row["trend_label"] = TREND_LABELS.get(row["trend"], "")
    indicators = []
    if latest:
        for ind in IndicatorResult.objects.filter(run=run, school=school, year=latest["year"]).order_by(
            "assessment", "grade", "subject"
        ):
            indicators.append(
                {
                    "label": indicator_label(ind.assessment, ind.grade, ind.subject),
                    "subject": ind.subject,
                    "participants": ind.participants,
                    "mean_score": ind.mean_score,
                    "regional_mean": ind.regional_mean,
                    "index": ind.index,
                    "se": ind.se,
                }
            )
    flags = []
    if latest:
        for key in ("low_results", "stably_low", "unfavourable", "resilient", "rosobrnadzor_risk"):
            if latest[key]:
                flags.append({"key": key, "label": FLAG_LABELS[key], "explanation": FLAG_EXPLANATIONS[key]})
    signals = []
    if latest and latest["objectivity_flags"]:
        signals = [
            {"code": code, "text": OBJECTIVITY_LABELS.get(code, code)}
            for code in latest["objectivity_flags"].split(";")
            if code
        ]
    risks = []
    risk_ids = []
    if latest:
        profile = (
            RiskProfile.objects.filter(school=school, year__lte=latest["year"])
            .select_related("risk")
            .order_by("-year", "risk__order")
        )
        profile = list(profile)
        if profile:
            newest = profile[0].year
            risks = [p for p in profile if p.year == newest]
            risk_ids = [p.risk_id for p in risks if p.level in ("medium", "high")]
    weak = sorted((i for i in indicators if i["index"] < 1), key=lambda i: i["index"])[:WEAK_INDICATORS]
    weak_subjects = sorted({i["subject"] for i in weak})
    return {
        "school": school,
        "run": run,
        "params": params,
        "years": years,
        "latest": latest,
        "cluster_label": cluster_label(latest["cluster"]) if latest else "",
        "effectiveness_label": EFFECTIVENESS_LABELS.get(latest["effectiveness"], "") if latest else "",
        "indicators": indicators,
        "flags": flags,
        "signals": signals,
        "risks": risks,
        "risk_sources": _risk_sources(risks),
        "weak": weak,
        "practices": _practices(school, risk_ids, weak_subjects),
        "peers": _peers(scope, run, school, latest),
        "partner": _partner(scope, run, school, latest, params),
        "other_assessments": results_for(school, params),
        **_programme(scope, run, school),
    }


@scoped()
def school_passport(request, scope, code):
    school = scope.school_or_404(code)
    run = latest_run()
    if run is None:
        return no_data(request, f"Паспорт школы: {school.name}", scope)
    data = passport_data(scope, run, school)
    log_access(request, "view", school.code)
    data.update(
        {
            "scope": scope,
            "section": "passport",
            "chart_url": reverse("analytics:school_chart", args=[school.code]),
            "pdf_url": reverse("analytics:school_pdf", args=[school.code]),
        }
    )
    return render(request, "analytics/passport.html", data)


@gzip_page  # as the dashboard's figures (views/dashboard.py)
@scoped()
def school_chart(request, scope, code):
    school = scope.school_or_404(code)
    run = latest_run()
    if run is None:
        return HttpResponse("{}", content_type="application/json", status=404)
    rows = list(SchoolYearResult.objects.filter(run=run, school=school).order_by("year").values(*YEAR_FIELDS))
    log_access(request, "chart", school.code)
    return HttpResponse(
        charts.school_indices(rows, run.engine_parameters().critical_value), content_type="application/json"
    )


@scoped()
def school_pdf(request, scope, code):
    from analytics.passport_pdf import render_passport

    school = scope.school_or_404(code)
    run = latest_run()
    if run is None:
        return no_data(request, f"Паспорт школы: {school.name}", scope)
    data = passport_data(scope, run, school)
    log_access(request, "pdf", school.code)
    response = HttpResponse(render_passport(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="passport-{school.code}.pdf"'
    return response
