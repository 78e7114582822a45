"""The records behind one target, so a person can check its value by hand.

Each builder lists, for the chosen year and the viewer's scope, the rows the engine counted
(and those it looked at but did not count, marked so): the courses of each programme school's
staff, the events with their source, the agreements with their statuses, and so on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from django.db.models import Q

from analytics.methodology.programme import APPROVED_STATUSES, indicator_name, number
from analytics.methodology.programme_events import CALENDAR, SOURCE_LABELS
from analytics.models import (
    GapResult,
    ImprovementProgramme,
    ImprovementProgrammeReport,
    MentoringPair,
    MunicipalProgramme,
    Partnership,
    ProfessionalDevelopment,
    ProgrammeEvent,
    ProgrammeParticipation,
    RiskProfile,
    SchoolYearResult,
)
from communities.models import EventOccurrence
from registry.models import Municipality, School
from surveys import queries as survey_queries

from . import frames

YES, NO = "да", "нет"
COUNTED, NOT_COUNTED = "учтено", "не учтено"
OTHER_SCHOOL = "школа другого муниципалитета"
LEVEL_LABELS = dict(ProgrammeEvent.Level.choices)


@dataclass
class TraceRow:
    cells: list[str]
    school: School | None = None
    counted: bool | None = None
    link: str = ""


@dataclass
class Trace:
    """A table of records: ``headers`` after the school column (when ``by_school``)."""

    caption: str
    headers: list[str]
    rows: list[TraceRow] = field(default_factory=list)
    by_school: bool = True
    note: str = ""


def _date(value) -> str:
    return f"{value:%d.%m.%Y}" if value else "—"


def _period(start, end) -> str:
    return f"{_date(start)} — {_date(end) if end else 'без срока'}"


def _programme_schools(scope, year) -> list[School]:
    rows = frames.participations(scope).filter(year=year).select_related("school__municipality")
    return sorted((p.school for p in rows), key=lambda s: (s.municipality.name, s.code))


def _per_school(scope, year, caption, headers, records_of, note="") -> Trace:
    """One row per record of each programme school; a school without records gets a row of dashes."""
    trace = Trace(caption, headers, note=note)
    schools = _programme_schools(scope, year)
    found = records_of([s.pk for s in schools])
    for school in schools:
        items = found.get(school.pk) or [TraceRow(["—"] * len(headers), counted=False)]
        for item in items:
            item.school = school
            trace.rows.append(item)
    return trace


def _grouped(queryset, row) -> dict[int, list[TraceRow]]:
    out = defaultdict(list)
    for record in queryset:
        out[record.school_id].append(row(record))
    return out


def _indices(scope, monitoring, year) -> Trace:
    rows = (
        scope.filter_schools(SchoolYearResult.objects.filter(run=monitoring.run, year=year), "school__")
        .select_related("school__municipality")
        .order_by("school__municipality__name", "school__code")
    )
    trace = Trace("Школы с результатами оценочных процедур", ["Индекс качества", "ИСБШ", "Учтена как рассчитанная"])
    for r in rows:
        done = r.quality_index is not None and r.isbs is not None
        trace.rows.append(
            TraceRow(
                [
                    "—" if r.quality_index is None else number(round(r.quality_index, 3), 3),
                    "—" if r.isbs is None else number(round(r.isbs, 3), 3),
                    YES if done else NO,
                ],
                r.school,
                done,
            )
        )
    return trace


def _identified(scope, monitoring, year) -> Trace:
    rows = (
        scope.filter_schools(SchoolYearResult.objects.filter(run=monitoring.run, year=year), "school__")
        .filter(Q(low_results=True) | Q(unfavourable=True))
        .select_related("school__municipality")
        .order_by("school__municipality__name", "school__code")
    )
    members = dict(frames.participations(scope).filter(year=year).values_list("school_id", "category"))
    labels = dict(ProgrammeParticipation.Category.choices)
    trace = Trace("Выявленные ШНОР и ШФНСУ", ["Отнесена к", "Участник программы"])
    for r in rows:
        kinds = [k for k, flag in (("ШНОР", r.low_results), ("ШФНСУ", r.unfavourable)) if flag]
        inside = r.school_id in members
        status = f"да ({labels.get(members[r.school_id], 'категория не указана')})" if inside else NO
        trace.rows.append(TraceRow([", ".join(kinds), status], r.school, inside))
    return trace


def _municipal(scope, monitoring, year) -> Trace:
    schools = _programme_schools(scope, year)
    places = sorted({s.municipality for s in schools}, key=lambda m: m.name)
    programmes = defaultdict(list)
    for p in MunicipalProgramme.objects.filter(year=year, municipality__in=places):
        programmes[p.municipality_id].append(p)
    trace = Trace(
        "Муниципалитеты со школами — участниками программы",
        ["Муниципалитет", "Программа поддержки", "Утверждена"],
        by_school=False,
    )
    for place in places:
        items = programmes.get(place.pk) or [None]
        for p in items:
            approved = p is not None and p.approved_on is not None
            trace.rows.append(
                TraceRow(
                    [place.name, p.title if p else "—", _date(p.approved_on) if p else "—"],
                    counted=approved,
                )
            )
    return trace


def _approved(scope, monitoring, year) -> Trace:
    def records_of(ids):
        programmes = ImprovementProgramme.objects.filter(
            school_id__in=ids, start_date__year__lte=year, end_date__year__gte=year
        ).select_related("risk")
        return _grouped(
            programmes,
            lambda p: TraceRow(
                [str(p.get_kind_display()) + (f": {p.risk.name}" if p.risk_id else ""), p.get_status_display(),
                 _period(p.start_date, p.end_date), _date(p.approved_on)],
                counted=p.status in APPROVED_STATUSES,
            ),
        )  # fmt: skip

    return _per_school(
        scope,
        year,
        f"Программы школ — участников, действующие в {year} году",
        ["Программа", "Статус", "Срок", "Утверждена"],
        records_of,
    )


def _reports(scope, monitoring, year) -> Trace:
    def records_of(ids):
        reports = ImprovementProgrammeReport.objects.filter(programme__school_id__in=ids, year=year).select_related(
            "programme"
        )
        out = defaultdict(list)
        for r in reports:
            out[r.programme.school_id].append(
                TraceRow([r.programme.get_kind_display(), f"за {r.year} год", YES if r.document else NO], counted=True)
            )
        return out

    return _per_school(
        scope, year, f"Отчёты о реализации программ за {year} год", ["Программа", "Отчёт", "Файл приложен"], records_of
    )


def _risks(scope, monitoring, year) -> Trace:
    def records_of(ids):
        profiles = RiskProfile.objects.filter(school_id__in=ids, year=year).select_related("risk")
        by_school = defaultdict(list)
        for p in profiles:
            by_school[p.school_id].append(p)
        out = {}
        for school_id, items in by_school.items():
            high = [p.risk.name for p in items if p.level == RiskProfile.Level.HIGH]
            sources = sorted({p.get_source_display() for p in items})
            out[school_id] = [TraceRow([str(len(items)), "; ".join(high) or "—", "; ".join(sources)], counted=True)]
        return out

    return _per_school(
        scope, year, f"Рисковые профили за {year} год", ["Рисков оценено", "Высокий уровень", "Источник"], records_of
    )


def _tutors(scope, monitoring, year) -> Trace:
    trace = Trace("Тьюторы и эксперты-консультанты", ["Тьютор или эксперт-консультант"])
    for p in frames.participations(scope).filter(year=year).select_related("school__municipality"):
        named = bool(p.tutor.strip())
        trace.rows.append(TraceRow([p.tutor if named else "—"], p.school, named))
    trace.rows.sort(key=lambda r: (r.school.municipality.name, r.school.code))
    return trace


def _partnerships(scope, monitoring, year) -> Trace:
    def records_of(ids):
        agreements = Partnership.objects.filter(low_school_id__in=ids).select_related("strong_school")
        out = defaultdict(list)
        for a in agreements:
            partner = a.strong_school.name if scope.can_view_school(a.strong_school) else OTHER_SCHOOL
            out[a.low_school_id].append(
                TraceRow(
                    [partner, a.agreement_number or "—", a.get_status_display(), _period(a.start_date, a.end_date)],
                    counted=a.active_in(year),
                )
            )
        return out

    return _per_school(
        scope,
        year,
        "Соглашения о партнёрстве школ — участников",
        ["Школа-партнёр", "Номер", "Статус", "Срок"],
        records_of,
        note="Учитывается подписанное соглашение, действующее хотя бы часть года.",
    )


def _mentoring(scope, monitoring, year) -> Trace:
    def records_of(ids):
        pairs = MentoringPair.objects.filter(school_id__in=ids, start_date__year__lte=year).filter(
            Q(end_date__isnull=True) | Q(end_date__year__gte=year)
        )
        return _grouped(
            pairs,
            lambda p: TraceRow([p.mentor, p.mentee, p.subject or "—", _period(p.start_date, p.end_date)], counted=True),
        )

    return _per_school(
        scope,
        year,
        f"Наставнические пары, действовавшие в {year} году",
        ["Наставник", "Наставляемый", "Предмет", "Срок"],
        records_of,
    )


def _courses(scope, monitoring, year) -> Trace:
    hours = monitoring.params.target_course_hours

    def records_of(ids):
        courses = ProfessionalDevelopment.objects.filter(school_id__in=ids, year=year).order_by("person", "course")
        return _grouped(
            courses,
            lambda c: TraceRow(
                [c.person, c.position or "—", c.course, str(c.hours), COUNTED if c.hours >= hours else NOT_COUNTED],
                counted=c.hours >= hours,
            ),
        )

    return _per_school(
        scope,
        year,
        f"Курсы повышения квалификации педагогов школ — участников за {year} год",
        ["Педагог", "Должность", "Курс", "Часов", "В зачёт"],
        records_of,
        note=f"В зачёт идут курсы от {number(hours)} часов; каждый педагог считается один раз.",
    )


def _event_rows(scope, year):
    """The combined events of the year (``frames.events``) with what the page links to."""
    combined = frames.events(scope)
    if combined is None:
        return []
    combined = combined.loc[combined["year"] == year]
    codes = set(combined["host_school_code"].dropna())
    hosts = {s.code: s for s in School.objects.select_related("municipality").filter(code__in=codes)}
    places = Municipality.objects.in_bulk([int(m) for m in combined["municipality"].dropna().unique()])
    refs = [int(r) for r in combined.loc[combined["source"] == CALENDAR, "ref"]]
    occurrences = EventOccurrence.objects.select_related("event").in_bulk(refs)
    out = []
    for e in combined.itertuples(index=False):
        host = hosts.get(e.host_school_code) if isinstance(e.host_school_code, str) else None
        if host is not None and not scope.can_view_school(host):
            host = None
            host_text = OTHER_SCHOOL
        else:
            host_text = host.name if host else "—"
        link = ""
        if e.source == CALENDAR and int(e.ref) in occurrences:
            link = occurrences[int(e.ref)].event.url or ""
        place = places.get(int(e.municipality)) if pd.notna(e.municipality) else None
        out.append((e, host, host_text, place, link))
    return out


def _hosted(scope, monitoring, year) -> Trace:
    hours = monitoring.params.target_event_hours
    members = {s.code for s in _programme_schools(scope, year)}
    trace = Trace(
        f"Мероприятия на базе школ — участников в {year} году",
        ["Мероприятие", "Дата", "Часов", "Источник", "В зачёт"],
        note=f"В зачёт идут мероприятия от {number(hours)} часов.",
    )
    for e, host, _host_text, _place, link in _event_rows(scope, year):
        if host is None or host.code not in members:
            continue
        long_enough = e.hours >= hours
        trace.rows.append(
            TraceRow(
                [
                    e.title,
                    _date(e.date),
                    number(e.hours),
                    SOURCE_LABELS[e.source],
                    COUNTED if long_enough else NOT_COUNTED,
                ],
                host,
                long_enough,
                link,
            )
        )
    return trace


def _exchange(scope, monitoring, year) -> Trace:
    trace = Trace(
        f"Мероприятия по обмену опытом в {year} году",
        ["Мероприятие", "Дата", "Уровень", "Муниципалитет", "Школа-организатор", "Часов", "Источник", "В зачёт"],
        by_school=False,
        note=(
            "В зачёт идут региональные и муниципальные мероприятия, отмеченные как обмен опытом. "
            "Мероприятие, записанное и в календаре, и в записях программы, показано один раз — из календаря."
        ),
    )
    for e, _host, host_text, place, link in _event_rows(scope, year):
        wide = e.level in (ProgrammeEvent.Level.MUNICIPAL, ProgrammeEvent.Level.REGIONAL)
        counted = bool(wide and e.is_exchange)
        if not (wide or e.is_exchange):
            continue
        trace.rows.append(
            TraceRow(
                [
                    e.title,
                    _date(e.date),
                    LEVEL_LABELS.get(e.level, e.level),
                    place.name if place else "—",
                    host_text,
                    number(e.hours),
                    SOURCE_LABELS[e.source],
                    COUNTED if counted else NOT_COUNTED,
                ],
                counted=counted,
                link=link,
            )
        )
    return trace


def _recommendations(scope, monitoring, year) -> Trace:
    trace = Trace("Передача аналитических данных и рекомендаций", ["Рекомендации переданы"])
    for p in frames.participations(scope).filter(year=year).select_related("school__municipality"):
        trace.rows.append(TraceRow([_date(p.recommendations_on)], p.school, p.recommendations_on is not None))
    trace.rows.sort(key=lambda r: (r.school.municipality.name, r.school.code))
    return trace


def _left_low(scope, monitoring, year) -> Trace:
    trace = Trace(
        f"ШНОР — участники программы {year - 1} года",
        [f"Группа в {year - 1}", f"Группа в {year}", f"ШНОР в {year}"],
        note="Школы без индекса качества в выбранном году не учитываются.",
    )
    members = frames.participations(scope).filter(year=year - 1).values("school_id")
    before = {
        r.school_id: r
        for r in SchoolYearResult.objects.filter(
            run=monitoring.run, year=year - 1, low_results=True, school__in=members
        )
    }
    now = {
        r.school_id: r
        for r in SchoolYearResult.objects.filter(
            run=monitoring.run, year=year, school_id__in=list(before)
        ).select_related("school__municipality")
    }
    for school_id, old in before.items():
        new = now.get(school_id)
        if new is None:
            continue
        judged = new.quality_index is not None
        trace.rows.append(
            TraceRow(
                [
                    str(old.quality_group or "—"),
                    str(new.quality_group or "—"),
                    "—" if not judged else YES if new.low_results else NO,
                ],
                new.school,
                judged and not new.low_results,
            )
        )
    trace.rows.sort(key=lambda r: (r.school.municipality.name, r.school.code))
    return trace


def _gap(scope, monitoring, year) -> Trace:
    target = monitoring.params.gap_target_pct
    trace = Trace(
        f"Разрыв между 10% лучших и 10% худших школ, {year} год (по региону)",
        ["Показатель", "Лучшие 10%", "Худшие 10%", "Разрыв", "Годом раньше", "Изменение, %", "Цель"],
        by_school=False,
    )
    for g in GapResult.objects.filter(run=monitoring.run, year=year).order_by("assessment", "grade", "subject"):
        label = indicator_name(g.assessment, g.grade, g.subject)
        changed = g.gap_change_pct is not None
        met = changed and g.gap_change_pct <= target
        trace.rows.append(
            TraceRow(
                [
                    label,
                    number(round(g.top_mean, 2), 2),
                    number(round(g.bottom_mean, 2), 2),
                    number(round(g.gap, 2), 2),
                    "—" if g.previous_gap is None else number(round(g.previous_gap, 2), 2),
                    "—" if not changed else number(round(g.gap_change_pct, 2), 2),
                    "—" if not changed else "достигнута" if met else "не достигнута",
                ],
                counted=met if changed else None,
            )
        )
    return trace


def _satisfaction(scope, monitoring, year) -> Trace:
    trace = Trace(
        f"Удовлетворённость родителей, {year} год",
        ["Ответили родителей", "Удовлетворены", "Доля удовлетворённых"],
        note="Доля не показывается, если ответили меньше 5 родителей: по таким ответам о школе судить нельзя.",
    )
    schools = _programme_schools(scope, year)
    found = {r.school_id: r for r in survey_queries.satisfaction(school_ids=[s.pk for s in schools], year=year)}
    target = monitoring.params.target_parent_satisfaction
    for school in schools:
        result = found.get(school.pk)
        if result is None:
            trace.rows.append(TraceRow(["0", "—", "нет ответов"], school, False))
        elif not result.reportable:
            trace.rows.append(TraceRow([str(result.answered), "—", "мало ответов"], school, False))
        else:
            share = f"{number(100 * result.share)} %"
            trace.rows.append(
                TraceRow([str(result.answered), str(result.satisfied), share], school, result.share >= target)
            )
    return trace


BUILDERS = {
    "indices_computed": _indices,
    "programme_share_of_identified": _identified,
    "municipal_programme": _municipal,
    "approved_programme": _approved,
    "programme_report": _reports,
    "risk_profile": _risks,
    "tutor_assigned": _tutors,
    "active_partnership": _partnerships,
    "mentoring_pair": _mentoring,
    "trained_staff": _courses,
    "hosted_event": _hosted,
    "exchange_events": _exchange,
    "recommendations_given": _recommendations,
    "left_low_results": _left_low,
    "gap_reduction": _gap,
    "parent_satisfaction": _satisfaction,
}


def trace(scope, monitoring, code: str) -> Trace:
    """The records behind target ``code`` for ``monitoring.year`` in ``scope``."""
    return BUILDERS[code](scope, monitoring, monitoring.year)
