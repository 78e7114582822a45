"""Programme monitoring for a viewer (METHODOLOGY.md "Programme monitoring"): the programme's
targets measured from the portal's records, for one year, in the viewer's scope.

``monitoring(scope, year)`` loads the records into frames (``frames``), runs the engine
(``analytics.methodology.programme``) for every year of the latest successful computation,
and returns the chosen year with model instances in place of codes, so pages, exports and the
annual report show the same figures. ``trace`` lists the records behind one target.

A municipal specialist's figures are computed over their municipality's schools only; the gap
between the best and worst schools is regional by nature and the same for everyone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from analytics.methodology import Parameters
from analytics.methodology.programme import measure_programme, number, plural, signed
from analytics.methodology.programme_table import AT_MOST, COUNT, INDEX, PROGRAMME_TABLE, ROWS_BY_CODE, SHARE
from analytics.models import ComputationRun
from registry.models import Municipality, School

from . import frames

__all__ = ["Monitoring", "Shortfall", "Target", "format_value", "monitoring"]

PERCENT = "\u00a0%"
SCHOOLS = ("школа", "школы", "школ")
MUNICIPALITIES = ("муниципалитет", "муниципалитета", "муниципалитетов")
INDICATORS = ("показатель", "показателя", "показателей")
# After «из N» Russian takes the genitive: из 1 школы, из 3 школ, из 21 школы.
OF_SCHOOLS = ("школы", "школ", "школ")
OF_MUNICIPALITIES = ("муниципалитета", "муниципалитетов", "муниципалитетов")
OF_INDICATORS = ("показателя", "показателей", "показателей")
OF_TARGETS = ("цели", "целей", "целей")
OF_PARENTS = ("родителя", "родителей", "родителей")
# What a share counts, when it is not schools: «2 из 4 муниципалитетов», «412 из 460 родителей».
RATIO_NOUNS = {"municipal_programme": OF_MUNICIPALITIES, "parent_satisfaction": OF_PARENTS}


@dataclass(frozen=True)
class Shortfall:
    """Who falls short of a target and why: a school, a municipality, or (both empty) the
    whole of the viewer's scope, e.g. too few experience-exchange events."""

    school: School | None
    municipality: Municipality | None
    reason: str


@dataclass
class Target:
    """One measured row of the programme's table for the chosen year.

    ``value`` is a share (0..1), a count, or for the gap an index (percentage change);
    ``None`` when the records it needs are not kept on the portal. ``met`` is ``None`` when
    nothing was measured or the programme sets no target for the row.
    """

    code: str
    number: int
    title: str
    unit: str
    value: float | None
    numerator: int | None
    denominator: int | None
    target: float | None
    met: bool | None
    shortfalls: list[Shortfall] = field(default_factory=list)
    trend: list[tuple[int, float | None]] = field(default_factory=list)
    definition: str = ""
    direction: str = "at_least"

    @property
    def measured(self) -> bool:
        return self.value is not None

    @property
    def value_text(self) -> str:
        return format_value(self.unit, self.value)

    @property
    def target_text(self) -> str:
        if self.target is None:
            return "не задана"
        bound = "не более" if self.direction == AT_MOST else "не менее"
        return f"{bound} {format_value(self.unit, self.target)}"

    @property
    def ratio_text(self) -> str:
        """What the value is made of: «17 из 20 школ», «2 из 4 показателей»."""
        if self.numerator is None or not self.denominator:
            return ""
        if self.unit == INDEX:
            return (
                f"цель достигнута по {self.numerator} из {self.denominator} {plural(self.denominator, OF_INDICATORS)}"
            )
        noun = RATIO_NOUNS.get(self.code, OF_SCHOOLS)
        return f"{self.numerator} из {self.denominator} {plural(self.denominator, noun)}"

    @property
    def status_text(self) -> str:
        if self.met is True:
            return "достигнута"
        if self.met is False:
            return "не достигнута"
        return "цель не задана" if self.measured else "нет данных"

    @property
    def school_shortfalls(self) -> list[Shortfall]:
        return [s for s in self.shortfalls if s.school is not None]

    @property
    def municipality_shortfalls(self) -> list[Shortfall]:
        return [s for s in self.shortfalls if s.school is None and s.municipality is not None]

    @property
    def overall_shortfalls(self) -> list[Shortfall]:
        """Shortfalls of the viewer's whole scope (too few events, an indicator of the gap)."""
        return [s for s in self.shortfalls if s.school is None and s.municipality is None]

    @property
    def trend_text(self) -> list[tuple[int, str]]:
        return [(year, format_value(self.unit, value)) for year, value in self.trend]

    @property
    def shortfall_text(self) -> str:
        """Who falls short, in words: «3 школы», «1 муниципалитет», or what is missing overall."""
        if not self.shortfalls:
            return "—"
        schools = len(self.school_shortfalls)
        places = len(self.municipality_shortfalls)
        parts = []
        if schools:
            parts.append(f"{schools} {plural(schools, SCHOOLS)}")
        if places:
            parts.append(f"{places} {plural(places, MUNICIPALITIES)}")
        wide = self.overall_shortfalls
        if wide and self.unit == INDEX:
            parts.append(f"{len(wide)} {plural(len(wide), INDICATORS)}")
        elif wide:
            parts.extend(s.reason for s in wide)
        return ", ".join(parts)


@dataclass
class Monitoring:
    """The programme's targets for ``year`` (one of ``years``, those of ``run``) in a scope."""

    year: int
    years: list[int]
    targets: list[Target]
    not_measured: list[tuple[int, str, str]]
    run: ComputationRun
    params: Parameters

    def target(self, code: str) -> Target | None:
        return next((t for t in self.targets if t.code == code), None)

    @property
    def met_count(self) -> int:
        return sum(1 for t in self.targets if t.met is True)

    @property
    def judged_count(self) -> int:
        return sum(1 for t in self.targets if t.met is not None)

    @property
    def met_text(self) -> str:
        """The words after the count of targets met: «из 11 целей достигнуто»."""
        judged = self.judged_count
        return f"из {judged} {plural(judged, OF_TARGETS)} достигнуто"


def format_value(unit: str, value: float | None) -> str:
    """A value as the pages write it: «85,5 %», «4», «−1,25 %»."""
    if value is None:
        return "—"
    if unit == SHARE:
        return number(round(100 * value, 1)) + PERCENT
    if unit == COUNT:
        return str(int(value))
    return signed(value) + PERCENT


def _clean(value):
    """A frame's cell as plain Python: missing values (NaN, ``pd.NA``) become ``None``."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _float(value) -> float | None:
    value = _clean(value)
    return None if value is None else float(value)


def _shortfalls(frame, schools: dict, places: dict) -> dict[str, list[Shortfall]]:
    out: dict[str, list[Shortfall]] = {}
    for row in frame.itertuples(index=False):
        school = schools.get(row.school_code) if isinstance(row.school_code, str) else None
        place = school.municipality if school is not None else places.get(_clean(row.municipality))
        out.setdefault(row.indicator, []).append(Shortfall(school, place, row.reason))
    for items in out.values():
        items.sort(
            key=lambda s: (
                s.municipality.name if s.municipality else "",
                s.school.code if s.school else "",
            )
        )
    return out


def monitoring(scope, year: int | None = None) -> Monitoring | None:
    """The programme's targets in ``scope`` for ``year`` (a year of the latest successful run;
    any other value, or none, means its latest year); ``None`` when no run has succeeded yet."""
    run = ComputationRun.latest_success()
    years = sorted(int(y) for y in (run.years or [])) if run is not None else []
    if not years:
        return None
    if year not in years:
        year = years[-1]
    params = run.engine_parameters()
    table = frames.run_table(scope, run)
    school_frame = frames.schools(scope)
    gap = frames.gap(run)
    records = frames.records(scope)
    measures = {y: measure_programme(table, y, schools=school_frame, gap=gap, params=params, **records) for y in years}
    current = measures[year]
    codes = list(current.shortfalls["school_code"].dropna().unique())
    schools = {s.code: s for s in School.objects.select_related("municipality").filter(code__in=codes)}
    place_ids = list(current.shortfalls["municipality"].dropna().unique())
    places = Municipality.objects.in_bulk([int(p) for p in place_ids])
    short = _shortfalls(current.shortfalls, schools, places)
    by_year = {y: m.targets.set_index("indicator") for y, m in measures.items()}
    targets = []
    for row in current.targets.itertuples(index=False):
        spec = ROWS_BY_CODE[row.indicator]
        targets.append(
            Target(
                code=row.indicator,
                number=spec.number,
                title=spec.title,
                unit=spec.unit,
                value=_float(row.value),
                numerator=None if _clean(row.numerator) is None else int(row.numerator),
                denominator=None if _clean(row.denominator) is None else int(row.denominator),
                target=_float(row.target),
                met=None if _clean(row.met) is None else bool(row.met),
                shortfalls=short.get(row.indicator, []),
                trend=[(y, _float(by_year[y].loc[row.indicator, "value"])) for y in years],
                definition=spec.definition,
                direction=spec.direction,
            )
        )
    not_measured = [(row.number, row.title, row.why) for row in PROGRAMME_TABLE if not row.measured]
    return Monitoring(year=year, years=years, targets=targets, not_measured=not_measured, run=run, params=params)
