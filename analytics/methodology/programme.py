"""METHODOLOGY.md "Programme monitoring": the regional programme's targets for one year.

Each target is measured only when the records it needs are given; otherwise its value is
empty rather than a misleading 0%. Beside the figures the engine says who falls short and
why, in Russian, so that a person can act on it: «нет действующего соглашения (есть
проект)» rather than a bare 0.

The rows and their order follow the programme's table (``programme_table``): the eight
targets METHODOLOGY.md fixes, plus every other row the portal's records can measure.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .parameters import Parameters
from .programme_table import AT_MOST, ROWS_BY_CODE

TARGET_COLUMNS = [
    "indicator",
    "numerator",
    "denominator",
    "value",
    "target",
    "met",
]
SHORTFALL_COLUMNS = ["indicator", "school_code", "municipality", "reason"]

APPROVED_STATUSES = ("approved", "reported")
ASSESSMENT_NAMES = {"VPR": "ВПР", "OGE": "ОГЭ", "EGE": "ЕГЭ"}
SUBJECT_NAMES = {"math": "математика", "russian": "русский язык"}

SCHOOLS = ("школу", "школы", "школ")  # accusative: «включить ещё 1 школу, 2 школы, 5 школ»
TEACHERS = ("педагог", "педагога", "педагогов")
EVENTS = ("мероприятие", "мероприятия", "мероприятий")
RESPONDED = ("ответившего родителя", "ответивших родителей", "ответивших родителей")  # after «из N»


def plural(n: int, forms: tuple[str, str, str]) -> str:
    """The noun form for ``n`` from ``forms`` for 1, 2–4 and 5+ (1 педагог, 3 педагога, 11 педагогов, 21 педагог)."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def number(value: float, digits: int = 1) -> str:
    """``32.0`` → «32», ``2.5`` → «2,5», ``0.30`` → «0,3»: hours and percentages in Russian."""
    text = f"{float(value):.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def signed(value: float, digits: int = 2) -> str:
    """A change with its sign: «+0,5», «−1,25», «0»."""
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + number(abs(round(value, digits)), digits)


def indicator_name(assessment: str, grade, subject: str) -> str:
    """«ОГЭ, 9 кл., математика»: an ОГЭ/ЕГЭ indicator of the gap, in words."""
    return f"{ASSESSMENT_NAMES.get(assessment, assessment)}, {int(grade)} кл., {SUBJECT_NAMES.get(subject, subject)}"


def _for_year(frame: pd.DataFrame | None, year: int) -> pd.DataFrame | None:
    """Records of the year when the frame carries a ``year`` column, else all of them."""
    if frame is None:
        return None
    if "year" in frame.columns:
        return frame.loc[frame["year"] == year]
    return frame


def _codes(series: pd.Series) -> set[str]:
    return set(series.dropna().astype("str"))


def _in_force(frame: pd.DataFrame, year: int) -> pd.Series:
    """Rows whose ``start_year``..``end_year`` (an empty end: open) includes ``year``."""
    start = pd.to_numeric(frame["start_year"], errors="coerce")
    end = pd.to_numeric(frame["end_year"], errors="coerce")
    return (start <= year) & (end.isna() | (end >= year))


@dataclass
class _Context:
    """What every measurement of one year shares."""

    table: pd.DataFrame
    year: int
    params: Parameters
    members: set[str] | None  # programme schools of the year; None: no participation records given
    municipality_of: dict[str, object]


@dataclass
class _Measure:
    numerator: int | None
    denominator: int | None
    value: float = np.nan
    shortfalls: list[tuple[str | None, object, str]] | None = None


def _member_measure(ctx: _Context, short: dict[str, str] | None) -> _Measure:
    """A share of programme schools: those not in ``short`` meet the condition."""
    if short is None or ctx.members is None:
        return _Measure(None, None if ctx.members is None else len(ctx.members))
    lacking = {code: reason for code, reason in short.items() if code in ctx.members}
    rows = [(code, ctx.municipality_of.get(code), lacking[code]) for code in sorted(lacking)]
    return _Measure(len(ctx.members) - len(lacking), len(ctx.members), shortfalls=rows)


# --- the measurements, one per row of the programme's table ----------------------------------


def _indices_computed(ctx: _Context, records: dict) -> _Measure:
    rows = ctx.table.loc[ctx.table["year"] == ctx.year]
    quality = rows["quality_index"].notna()
    isbs = rows["isbs"].notna()
    reasons = []
    for code, has_quality, has_isbs in zip(rows["school_code"].astype("str"), quality, isbs, strict=True):
        if has_quality and has_isbs:
            continue
        missing = []
        if not has_quality:
            missing.append(
                f"индекс качества (нет результатов по математике или русскому языку с числом "
                f"участников от {ctx.params.min_participants})"
            )
        if not has_isbs:
            missing.append("ИСБШ (нет полных данных о социальном контексте или регрессия года не построена)")
        reasons.append((code, ctx.municipality_of.get(code), "не рассчитан " + " и ".join(missing)))
    return _Measure(int((quality & isbs).sum()), len(rows), shortfalls=sorted(reasons, key=lambda r: r[0]))


def _programme_share(ctx: _Context, records: dict) -> _Measure:
    rows = ctx.table.loc[ctx.table["year"] == ctx.year]
    identified = _codes(rows.loc[rows["low_results"].astype(bool) | rows["unfavourable"].astype(bool), "school_code"])
    if ctx.members is None:
        return _Measure(None, len(identified))
    covered = len(ctx.members & identified)
    target = ctx.params.target_programme_share
    shortfalls = []
    if identified and covered / len(identified) < target:
        more = math.ceil(round(target * len(identified), 9)) - covered
        shortfalls.append(
            (
                None,
                None,
                f"в программе {covered} из {len(identified)} выявленных ШНОР и ШФНСУ; "
                f"для {number(100 * target)}% нужно включить в программу ещё {more} {plural(more, SCHOOLS)}",
            )
        )
    return _Measure(covered, len(identified), shortfalls=shortfalls)


def _municipal_programme(ctx: _Context, records: dict) -> _Measure:
    frame = records["municipal_programmes"]
    if ctx.members is None or frame is None or not ctx.municipality_of:
        return _Measure(None, None)
    places = {ctx.municipality_of[c] for c in ctx.members if ctx.municipality_of.get(c) is not None}
    of_year = frame.loc[frame["year"] == ctx.year]
    has_any = set(of_year["municipality"])
    if "approved" in of_year.columns:
        approved = set(of_year.loc[of_year["approved"].fillna(False).astype(bool), "municipality"])
    else:
        approved = has_any
    shortfalls = []
    for place in sorted(places - approved, key=str):
        if place in has_any:
            reason = f"муниципальная программа поддержки школ на {ctx.year} год не утверждена"
        else:
            reason = f"нет муниципальной программы поддержки школ на {ctx.year} год"
        shortfalls.append((None, place, reason))
    return _Measure(len(places & approved), len(places), shortfalls=shortfalls)


def _approved_programme(ctx: _Context, records: dict) -> _Measure:
    frame = records["school_programmes"]
    if ctx.members is None:
        return _member_measure(ctx, None)
    if frame is not None:
        current = frame.loc[_in_force(frame, ctx.year)]
        statuses = current.groupby(current["school_code"].astype("str"))["status"].agg(set).to_dict()
        short = {}
        for code in ctx.members:
            found = statuses.get(code, set())
            if found & set(APPROVED_STATUSES):
                continue
            if "submitted" in found:
                short[code] = "нет утверждённой программы: программа школы на согласовании"
            elif "draft" in found:
                short[code] = "нет утверждённой программы: программа школы — черновик"
            else:
                short[code] = f"нет программы школы на {ctx.year} год"
        return _member_measure(ctx, short)
    programme = _for_year(records["programme_schools"], ctx.year)
    if "approved_programme" not in programme.columns:
        return _member_measure(ctx, None)
    flags = programme["approved_programme"].fillna(False).astype(bool)
    approved = _codes(programme.loc[flags, "school_code"])
    return _member_measure(ctx, dict.fromkeys(ctx.members - approved, "нет утверждённой программы школы"))


def _with_records(records_name: str, reason: str):
    """A programme-school share met by having any record of the year in ``records_name``."""

    def measure(ctx: _Context, records: dict) -> _Measure:
        frame = _for_year(records[records_name], ctx.year)
        if frame is None:
            return _member_measure(ctx, None)
        having = _codes(frame["school_code"])
        return _member_measure(ctx, dict.fromkeys(ctx.members - having if ctx.members else set(), reason))

    return measure


def _tutor_assigned(ctx: _Context, records: dict) -> _Measure:
    programme = _for_year(records["programme_schools"], ctx.year)
    if programme is None or "tutor" not in programme.columns:
        return _member_measure(ctx, None)
    named = programme["tutor"].fillna("").astype("str").str.strip() != ""
    having = _codes(programme.loc[named, "school_code"])
    return _member_measure(ctx, dict.fromkeys(ctx.members - having, "тьютор или эксперт-консультант не закреплён"))


def _partnership_reason(statuses: set[str], year: int) -> str:
    if "draft" in statuses:
        return "нет действующего соглашения (есть проект)"
    if "signed" in statuses:
        return f"подписанное соглашение не действует в {year} году"
    if "ended" in statuses:
        return "соглашение о партнёрстве завершено, нового нет"
    if "terminated" in statuses:
        return "соглашение о партнёрстве расторгнуто, нового нет"
    return "нет соглашения о партнёрстве"


def _active_partnership(ctx: _Context, records: dict) -> _Measure:
    frame = records["partnerships"]
    if frame is None or ctx.members is None:
        return _member_measure(ctx, None)
    if "active" in frame.columns:
        # The older shape: the caller already decided which agreements are active.
        partner = _for_year(frame, ctx.year)
        active = partner.loc[partner["active"].fillna(False).astype(bool)]
        having = _codes(active["low_school_code"])
        return _member_measure(ctx, dict.fromkeys(ctx.members - having, "нет действующего соглашения о партнёрстве"))
    # Partnership.active_in: signed, and in force at some point of the year.
    active = frame.loc[(frame["status"] == "signed") & _in_force(frame, ctx.year)]
    having = _codes(active["low_school_code"])
    statuses = frame.groupby(frame["low_school_code"].astype("str"))["status"].agg(set).to_dict()
    short = {code: _partnership_reason(statuses.get(code, set()), ctx.year) for code in ctx.members - having}
    return _member_measure(ctx, short)


def _mentoring_pair(ctx: _Context, records: dict) -> _Measure:
    frame = records["mentoring"]
    if frame is None or ctx.members is None:
        return _member_measure(ctx, None)
    having = _codes(frame.loc[_in_force(frame, ctx.year), "school_code"])
    return _member_measure(ctx, dict.fromkeys(ctx.members - having, f"нет наставнических пар в {ctx.year} году"))


def _trained_staff(ctx: _Context, records: dict) -> _Measure:
    courses = _for_year(records["course_completions"], ctx.year)
    if courses is None or ctx.members is None:
        return _member_measure(ctx, None)
    hours, needed = ctx.params.target_course_hours, ctx.params.target_trained_staff
    long_courses = courses.loc[courses["hours"] >= hours]
    staff = long_courses.groupby(long_courses["school_code"].astype("str"))["person"].nunique().to_dict()
    short = {}
    for code in ctx.members:
        counted = int(staff.get(code, 0))
        if counted < needed:
            short[code] = f"{counted} {plural(counted, TEACHERS)} с курсами от {number(hours)} ч из {needed} нужных"
    return _member_measure(ctx, short)


def _hosted_event(ctx: _Context, records: dict) -> _Measure:
    events = _for_year(records["events"], ctx.year)
    if events is None or ctx.members is None:
        return _member_measure(ctx, None)
    hours = ctx.params.target_event_hours
    hosted = events.loc[events["host_school_code"].notna()]
    longest = hosted.groupby(hosted["host_school_code"].astype("str"))["hours"].max().to_dict()
    short = {}
    for code in ctx.members:
        if code not in longest:
            short[code] = f"на базе школы не проведено мероприятий от {number(hours)} ч"
        elif longest[code] < hours:
            short[code] = (
                f"мероприятия на базе школы короче {number(hours)} ч (самое долгое — {number(longest[code])} ч)"
            )
    return _member_measure(ctx, short)


def _exchange_events(ctx: _Context, records: dict) -> _Measure:
    events = _for_year(records["events"], ctx.year)
    if events is None:
        return _Measure(None, None)
    wide = events["level"].isin(["municipal", "regional"])
    if "is_exchange" in events.columns:
        wide &= events["is_exchange"].fillna(False).astype(bool)
    held = int(wide.sum())
    needed = ctx.params.target_exchange_events
    shortfalls = []
    if held < needed:
        shortfalls.append((None, None, f"проведено {held} {plural(held, EVENTS)} по обмену опытом из {needed} нужных"))
    return _Measure(held, None, float(held), shortfalls)


def _left_low_results(ctx: _Context, records: dict) -> _Measure:
    programme = records["programme_schools"]
    before = ctx.table.loc[ctx.table["year"] == ctx.year - 1]
    if programme is None or before.empty:
        return _Measure(None, None)
    earlier = _for_year(programme, ctx.year - 1)
    cohort = _codes(before.loc[before["low_results"].astype(bool), "school_code"]) & _codes(earlier["school_code"])
    now = ctx.table.loc[(ctx.table["year"] == ctx.year) & ctx.table["quality_index"].notna()]
    now = now.loc[now["school_code"].astype("str").isin(cohort)]
    still = now.loc[now["low_results"].astype(bool)]
    shortfalls = []
    for row in still.sort_values("school_code").itertuples(index=False):
        code = str(row.school_code)
        group = getattr(row, "quality_group", None)
        detail = "" if group is None or pd.isna(group) else f" (группа {int(group)})"
        shortfalls.append((code, ctx.municipality_of.get(code), f"в {ctx.year} году по-прежнему ШНОР{detail}"))
    return _Measure(len(now) - len(still), len(now), shortfalls=shortfalls)


def _gap_reduction(ctx: _Context, records: dict) -> _Measure:
    gap = records["gap"]
    if gap is None:
        return _Measure(None, None)
    rows = gap.loc[(gap["year"] == ctx.year) & gap["gap_change_pct"].notna()]
    if rows.empty:
        return _Measure(None, None)
    target = ctx.params.gap_target_pct
    met = rows["gap_change_pct"] <= target
    shortfalls = []
    for row in rows.loc[~met].sort_values(["assessment", "grade", "subject"]).itertuples(index=False):
        label = indicator_name(row.assessment, row.grade, row.subject)
        change = signed(float(row.gap_change_pct))
        needed = number(abs(target), 2)
        shortfalls.append(
            (None, None, f"{label}: разрыв изменился на {change}% (нужно сокращение не менее чем на {needed}%)")
        )
    return _Measure(int(met.sum()), len(rows), float(rows["gap_change_pct"].mean()), shortfalls)


def _parent_satisfaction(ctx: _Context, records: dict) -> _Measure:
    """Satisfied parents among those who answered, pooled over the programme schools whose
    answers are enough to judge (``reportable``, the surveys' minimum cell size)."""
    frame = _for_year(records["parent_satisfaction"], ctx.year)
    if frame is None or ctx.members is None:
        return _member_measure(ctx, None)
    per_school = {
        str(row.school_code): (int(row.answered), int(row.satisfied), bool(row.reportable))
        for row in frame.itertuples(index=False)
    }
    target = ctx.params.target_parent_satisfaction
    answered_total = satisfied_total = 0
    short = []
    for code in sorted(ctx.members):
        answered, satisfied, reportable = per_school.get(code, (0, 0, False))
        if not answered:
            reason = f"нет ответов родителей за {ctx.year} год"
        elif not reportable:
            reason = f"мало ответов ({answered}): по ним о школе судить нельзя"
        else:
            answered_total += answered
            satisfied_total += satisfied
            share = satisfied / answered
            if share >= target:
                continue
            reason = f"удовлетворены {number(100 * share)} % из {answered} {plural(answered, RESPONDED)}"
        short.append((code, ctx.municipality_of.get(code), reason))
    value = satisfied_total / answered_total if answered_total else np.nan
    return _Measure(satisfied_total, answered_total, value, short)


MEASUREMENTS: dict[str, Callable[[_Context, dict], _Measure]] = {
    "indices_computed": _indices_computed,
    "programme_share_of_identified": _programme_share,
    "municipal_programme": _municipal_programme,
    "approved_programme": _approved_programme,
    "programme_report": _with_records("programme_reports", "нет отчёта о реализации программы школы за год"),
    "risk_profile": _with_records("risk_profiles", "нет рискового профиля за год"),
    "tutor_assigned": _tutor_assigned,
    "active_partnership": _active_partnership,
    "mentoring_pair": _mentoring_pair,
    "trained_staff": _trained_staff,
    "hosted_event": _hosted_event,
    "exchange_events": _exchange_events,
    "recommendations_given": _with_records("recommendations", "аналитические данные и рекомендации не переданы"),
    "left_low_results": _left_low_results,
    "gap_reduction": _gap_reduction,
    "parent_satisfaction": _parent_satisfaction,
}


# --- public functions -------------------------------------------------------------------------


@dataclass
class ProgrammeMeasure:
    """Both answers for one year: ``targets`` (``TARGET_COLUMNS``) and ``shortfalls``
    (``SHORTFALL_COLUMNS``: indicator, school_code or empty, municipality or empty, reason)."""

    targets: pd.DataFrame
    shortfalls: pd.DataFrame


def _row(indicator: str, measure: _Measure, params: Parameters) -> dict:
    spec = ROWS_BY_CODE[indicator]
    target = spec.target(params)
    value = measure.value
    if np.isnan(value) and measure.numerator is not None and measure.denominator:
        value = measure.numerator / measure.denominator
    if np.isnan(value) or target is None:
        met = pd.NA
    elif spec.direction == AT_MOST:
        met = bool(value <= target)
    else:
        met = bool(value >= target)
    return {
        "indicator": indicator,
        "numerator": measure.numerator,
        "denominator": measure.denominator,
        "value": value,
        "target": np.nan if target is None else float(target),
        "met": met,
    }


def measure_programme(
    table: pd.DataFrame,
    year: int,
    *,
    programme_schools: pd.DataFrame | None = None,
    partnerships: pd.DataFrame | None = None,
    course_completions: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    recommendations: pd.DataFrame | None = None,
    schools: pd.DataFrame | None = None,
    school_programmes: pd.DataFrame | None = None,
    programme_reports: pd.DataFrame | None = None,
    municipal_programmes: pd.DataFrame | None = None,
    mentoring: pd.DataFrame | None = None,
    risk_profiles: pd.DataFrame | None = None,
    parent_satisfaction: pd.DataFrame | None = None,
    gap: pd.DataFrame | None = None,
    params: Parameters | None = None,
) -> ProgrammeMeasure:
    """Every measured row of the programme's table for ``year``, with who falls short and why.

    ``table`` is the Output of the computation (all years: "left the low-results list" looks
    at the year before): ``school_code, year, quality_index, isbs, low_results,
    unfavourable`` [, ``quality_group``]. Record frames (each may carry ``year``; then only
    that year counts; a frame left out means its rows are not measured):

    - ``programme_schools``: ``school_code`` [, ``year``, ``tutor``, ``approved_programme`` bool];
    - ``school_programmes``: ``school_code, status, start_year, end_year`` (statuses of
      ``ImprovementProgramme``); when given it decides "approved programme" instead of
      ``approved_programme``;
    - ``partnerships``: ``low_school_code, strong_school_code`` and either ``active`` bool or
      ``status, start_year, end_year`` (signed and in force that year counts);
    - ``course_completions``: ``school_code, person, hours`` (one row per completed course);
    - ``events``: ``host_school_code, hours, level`` (``school``/``municipal``/``regional``)
      [, ``is_exchange`` bool, default true for municipal and regional events]; see
      ``programme_events.combine_events`` for merging the calendar with hand records;
    - ``recommendations``, ``programme_reports``, ``risk_profiles``: ``school_code`` [, ``year``];
    - ``mentoring``: ``school_code, start_year, end_year`` (empty end: still running);
    - ``municipal_programmes``: ``municipality, year`` [, ``approved`` bool];
    - ``parent_satisfaction``: ``school_code, year, answered, satisfied, reportable`` (parents
      who answered the satisfaction question, those satisfied, and whether the answers are
      enough to judge the school);
    - ``schools``: ``code, municipality`` (whose municipality a shortfall belongs to);
    - ``gap``: ``GAP_COLUMNS`` of ``gap_table`` (the run's gap results).

    "Indices computed" means both the quality index and ИСБШ exist for the school-year. The
    programme share counts programme schools among the identified ШНОР/ШФНСУ, so programme
    schools that were never identified do not inflate it.
    """
    params = params or Parameters()
    records = {
        "programme_schools": programme_schools,
        "partnerships": partnerships,
        "course_completions": course_completions,
        "events": events,
        "recommendations": recommendations,
        "school_programmes": school_programmes,
        "programme_reports": programme_reports,
        "municipal_programmes": municipal_programmes,
        "mentoring": mentoring,
        "risk_profiles": risk_profiles,
        "parent_satisfaction": parent_satisfaction,
        "gap": gap,
    }
    programme = _for_year(programme_schools, year)
    municipality_of = {}
    if schools is not None:
        municipality_of = dict(zip(schools["code"].astype("str"), schools["municipality"], strict=True))
    ctx = _Context(
        table=table,
        year=year,
        params=params,
        members=None if programme is None else _codes(programme["school_code"]),
        municipality_of=municipality_of,
    )
    rows, shortfalls = [], []
    for indicator, measurement in MEASUREMENTS.items():
        measure = measurement(ctx, records)
        row = _row(indicator, measure, params)
        rows.append(row)
        if np.isnan(row["value"]):
            continue  # nothing measured, so nobody can be said to fall short
        shortfalls.extend((indicator, code, place, reason) for code, place, reason in measure.shortfalls or [])
    frame = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    frame["numerator"] = frame["numerator"].astype("Int64")
    frame["denominator"] = frame["denominator"].astype("Int64")
    frame["met"] = frame["met"].astype("boolean")
    frame["value"] = frame["value"].astype("float64")
    return ProgrammeMeasure(frame, pd.DataFrame(shortfalls, columns=SHORTFALL_COLUMNS))


def programme_targets(table: pd.DataFrame, year: int, **records) -> pd.DataFrame:
    """Programme monitoring targets for ``year``; returns ``TARGET_COLUMNS``, one row per
    measured row of the programme's table (records as in ``measure_programme``)."""
    return measure_programme(table, year, **records).targets


def programme_shortfalls(table: pd.DataFrame, year: int, **records) -> pd.DataFrame:
    """Who falls short of each target in ``year`` and why (``SHORTFALL_COLUMNS``): a programme
    school, a municipality, or the region as a whole (both empty)."""
    return measure_programme(table, year, **records).shortfalls
