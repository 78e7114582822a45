"""Row rules of the programme's records: the models' own rules (``clean`` of each record), said
of a row of a file, and the importing user's scope.

Scope follows the admin's (``analytics.access``; DESIGN.md "Access"): a municipal specialist
imports records of their municipality's schools and their municipality's programmes, a school
leader their own school's; a regional analyst (and the command line, ``registry.scope is
None``) imports anything. An agreement belongs to its supported school (the partner may be any
school), an event to its host school or, without one, to its municipality.
"""

from __future__ import annotations

import pandas as pd

from .checks import Checker
from .dates import russian

MAX_COURSE_HOURS = 32_767  # the largest value of the hours column
MIN_EVENT_HOURS = 0.5
MAX_EVENT_HOURS = 9_999.9  # five digits, one after the point


def _present(frame: pd.DataFrame, name: str) -> pd.Series:
    """Cells that hold a value (a date, a number or non-empty text)."""
    if name not in frame:
        return pd.Series(False, index=frame.index)
    values = frame[name]
    return values.notna() & (values.astype("str") != "")


def _period(frame: pd.DataFrame, checker: Checker, start: str = "start_date", end: str = "end_date") -> None:
    if end not in frame or start not in frame:
        return
    both = _present(frame, start) & _present(frame, end)
    early = both & pd.Series(
        [bool(b) and e < s for b, s, e in zip(both, frame[start], frame[end], strict=True)], index=frame.index
    )
    checker.add_rows(
        early,
        end,
        lambda pos: (
            f"дата окончания ({russian(frame[end].iloc[pos])}) раньше даты начала ({russian(frame[start].iloc[pos])})."
        ),
    )


def _participation(frame: pd.DataFrame, checker: Checker) -> None:
    supported = frame["role"] == "programme_school"
    other_role = ~supported & (frame["role"] != "")  # an unreadable role has its own message
    category = _present(frame, "category")
    checker.add(
        supported & ~category,
        "category",
        "для школы — участника программы укажите категорию: «ШНОР», «ШФНСУ» или «ШНОР и ШФНСУ».",
    )
    checker.add(
        other_role & category,
        "category",
        "категорию указывают только для школ — участников программы; для этого статуса оставьте ячейку пустой.",
    )


def _school_programmes(frame: pd.DataFrame, checker: Checker) -> None:
    _period(frame, checker)
    anti_risk = frame["kind"] == "anti_risk"
    risk = _present(frame, "risk")
    checker.add(
        anti_risk & ~risk,
        "risk",
        "для антирисковой программы укажите риск: его код или название из федерального перечня.",
    )
    checker.add(
        ~anti_risk & risk & (frame["kind"] != ""),
        "risk",
        "риск указывают только для антирисковой программы; для этого вида оставьте ячейку пустой.",
    )
    if "status" in frame:
        approved = frame["status"].isin(["approved", "reported"])
        checker.add(
            approved & ~_present(frame, "approved_on"),
            "approved_on",
            "для утверждённой программы укажите дату утверждения.",
        )


def _partnerships(frame: pd.DataFrame, checker: Checker) -> None:
    _period(frame, checker)
    itself = (frame["low_school"] != "") & (frame["low_school"].str.lower() == frame["strong_school"].str.lower())
    checker.add(
        itself,
        "strong_school",
        lambda v: f"школа «{v}» не может заключить соглашение сама с собой: укажите другую школу-партнёра.",
    )


def _training(frame: pd.DataFrame, checker: Checker) -> None:
    hours = frame["hours"]
    checker.add(hours <= 0, "hours", lambda v: f"объём курса должен быть больше нуля часов, а в ячейке «{v}».")
    checker.add(
        hours > MAX_COURSE_HOURS,
        "hours",
        lambda v: f"объём курса не может быть больше {MAX_COURSE_HOURS} часов: «{v}».",
    )
    completed = _present(frame, "completed_on")
    completed_year = frame["completed_on"].map(lambda d: d.year if d else None) if "completed_on" in frame else None
    year = frame["year"]  # absent from the file: all missing (validation fills the key)
    checker.add(
        year.isna() & ~completed,
        "year",
        "укажите год или дату окончания курса: без них запись не отнести ни к одному году.",
    )
    if completed_year is not None:
        other = completed & year.notna() & (completed_year.astype("float64") != year)
        checker.add_rows(
            other,
            "completed_on",
            lambda pos: (
                f"дата окончания курса ({russian(frame['completed_on'].iloc[pos])}) не в {int(year.iloc[pos])} году, "
                "указанном в строке."
            ),
        )
        frame["year"] = year.where(year.notna(), completed_year.astype("float64"))


def _events(frame: pd.DataFrame, checker: Checker) -> None:
    hours = frame["hours"]
    checker.add(hours <= 0, "hours", lambda v: f"продолжительность должна быть больше нуля часов, а в ячейке «{v}».")
    checker.add(
        (hours > 0) & (hours < MIN_EVENT_HOURS),
        "hours",
        lambda v: f"продолжительность должна быть не меньше 0,5 часа, а в ячейке «{v}».",
    )
    checker.add(
        hours > MAX_EVENT_HOURS,
        "hours",
        lambda v: f"продолжительность не может быть больше {MAX_EVENT_HOURS:.1f} часа: «{v}».".replace(".", ",", 1),
    )
    tenths = (hours * 10).round(6)
    checker.add(
        hours.notna() & (tenths != tenths.round()),
        "hours",
        lambda v: f"продолжительность указывают с точностью до 0,1 часа, а в ячейке «{v}».",
    )
    checker.add(
        (frame["level"] == "school") & ~_present(frame, "host_school"),
        "host_school",
        "для школьного мероприятия укажите школу-организатора (её код).",
    )
    if "participants" in frame:
        checker.add(
            frame["participants"] < 0,
            "participants",
            lambda v: f"число участников не может быть отрицательным: «{v}».",
        )


ROW_RULES = {
    "participation": _participation,
    "school_programmes": _school_programmes,
    "partnerships": _partnerships,
    "mentoring": _period,
    "training": _training,
    "programme_events": _events,
}


def check_rows(kind: str, frame: pd.DataFrame, checker: Checker) -> None:
    """The rules a row breaks by itself, whatever the database holds."""
    rule = ROW_RULES.get(kind)
    if rule is not None:
        rule(frame, checker)


# --- rules that need the registry and the user's scope ---------------------------------------

# The column whose school makes a row the importing user's (or not).
SCHOOL_OF_ROW = {
    "participation": "school_code",
    "school_programmes": "school_code",
    "partnerships": "low_school",
    "mentoring": "school_code",
    "training": "school_code",
    "programme_events": "host_school",
}


def _outside_school(frame, checker, registry, column: str) -> None:
    codes = frame[column]
    outside = registry.schools_outside_scope(set(codes[codes != ""]))
    if not outside:
        return
    checker.add(
        codes.isin(outside),
        column,
        lambda v: f"школа «{v}» вне вашей зоны ответственности (муниципалитет «{outside[v]}»).",
    )


def _outside_municipality(frame, checker, registry, rows: pd.Series) -> None:
    names = frame["municipality"]
    outside = registry.municipalities_outside_scope(set(names[rows & (names != "")]))
    checker.add(
        rows & names.isin(outside),
        "municipality",
        lambda v: f"муниципалитет «{v}» вне вашей зоны ответственности.",
    )


def _event_municipality(frame, checker, registry) -> None:
    """An event takes its host school's municipality; a different one named beside it is a mistake."""
    host = frame["host_school"]
    of_host = registry.school_municipalities(set(host[host != ""]))
    expected = host.map(of_host)
    if "municipality" not in frame:
        frame["municipality"] = ""
    given = frame["municipality"]
    other = expected.notna() & (given != "") & (given != expected)
    checker.add_rows(
        other,
        "municipality",
        lambda pos: (
            f"школа-организатор «{host.iloc[pos]}» из муниципалитета «{expected.iloc[pos]}», а в строке указан "
            f"«{given.iloc[pos]}»: исправьте одно из двух или оставьте муниципалитет пустым."
        ),
    )
    frame["municipality"] = given.where((given != "") | expected.isna(), expected)


def check_registry(kind: str, frame: pd.DataFrame, checker: Checker, registry) -> None:
    """Rules that ask the registry: an event's municipality, and whether each row is the user's."""
    if kind == "programme_events":
        _event_municipality(frame, checker, registry)
    if kind == "municipal_programmes":
        _outside_municipality(frame, checker, registry, pd.Series(True, index=frame.index))
    elif kind in SCHOOL_OF_ROW:
        _outside_school(frame, checker, registry, SCHOOL_OF_ROW[kind])
    if kind == "programme_events" and registry.limited:
        no_host = frame["host_school"] == ""
        checker.add(
            # A school event without its school already has its own message.
            no_host & (frame["municipality"] == "") & (frame["level"] != "school"),
            "municipality",
            "укажите школу-организатора или муниципалитет из вашей зоны ответственности: региональные "
            "мероприятия загружают региональные аналитики.",
        )
        _outside_municipality(frame, checker, registry, no_host)
