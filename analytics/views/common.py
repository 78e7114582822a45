"""Shared pieces of the staff analytics pages: the run they read, the year, labels."""

from __future__ import annotations

import functools

from django.shortcuts import render

from analytics.models import AssessmentResult, ComputationRun

NO_DATA = "Данных пока нет: расчёт индексов ещё не выполнялся"
# What a table shows for a flag or value that a year's data cannot give (never 0 or «нет»).
NOT_AVAILABLE = "нет данных"

FLAG_LABELS = {
    "low_results": "ШНОР",
    "unfavourable": "ШФНСУ",
    "stably_low": "устойчиво низкие результаты",
    "resilient": "резильентная",
    "rosobrnadzor_risk": "риск по показателю Рособрнадзора",
    "objectivity": "сигналы необъективности ВПР",
}
FLAG_EXPLANATIONS = {
    "low_results": (
        "Школа с низкими образовательными результатами: индекс качества статистически ниже "
        "среднего по региону (группы 1–5)."
    ),
    "unfavourable": (
        "Школа работает в неблагоприятных социальных условиях: ожидаемый по составу семей "
        "уровень результатов заметно ниже среднего (группы ИСБШ 1–4)."
    ),
    "stably_low": "Низкие результаты держатся второй год подряд.",
    "resilient": "Высокие результаты в трудных социальных условиях: опыт школы стоит изучить и распространить.",
    "rosobrnadzor_risk": (
        "Не менее двух предметов, где 30% и более участников не преодолели минимальный порог, "
        "причём хотя бы по одному — и в прошлом году."
    ),
    "objectivity": "Есть признаки, что результаты ВПР стоит перепроверить.",
}
TREND_LABELS = {"improving": "улучшение", "declining": "ухудшение", "stable": "без значимых изменений"}
EFFECTIVENESS_LABELS = {
    "above": "выше ожидаемого по социальному контексту",
    "below": "ниже ожидаемого по социальному контексту",
    "as_expected": "на ожидаемом уровне",
}
# Short names of the signals for tags and exports; OBJECTIVITY_LABELS explains them.
OBJECTIVITY_SHORT = {
    "F1": "ВПР выше экзаменов",
    "F2": "много отметок ВПР выше журнальных",
    "F3": "рост ВПР без роста экзаменов",
}
OBJECTIVITY_LABELS = {
    "F1": "Индекс по ВПР значимо выше среднего, а по ОГЭ/ЕГЭ в том же году — не выше среднего.",
    "F2": "Доля обучающихся, повысивших отметку по ВПР относительно журнальной, необычно высока для региона.",
    "F3": "Индекс по ВПР вырос более чем на 0,15 за год, а по ОГЭ/ЕГЭ не вырос.",
}
ASSESSMENT_LABELS = {"VPR": "ВПР", "OGE": "ОГЭ", "EGE": "ЕГЭ"}
SUBJECT_LABELS = {"math": "математика", "russian": "русский язык", "history": "история"}
LOCALITY_LABELS = {"urban": "городская", "rural": "сельская"}
SIZE_LABELS = {"small": "малокомплектная", "regular": "обычная"}
WELLBEING_LABELS = {"low": "низкое благополучие", "mid": "среднее благополучие", "high": "высокое благополучие"}


def cluster_label(code: str) -> str:
    """``urban-small-low`` → «городская, малокомплектная, низкое благополучие»."""
    parts = (code or "").split("-")
    if len(parts) != 3:
        return code or "—"
    return ", ".join(
        [
            LOCALITY_LABELS.get(parts[0], parts[0]),
            SIZE_LABELS.get(parts[1], parts[1]),
            WELLBEING_LABELS.get(parts[2], parts[2]),
        ]
    )


def indicator_label(assessment: str, grade: int, subject: str) -> str:
    return f"{ASSESSMENT_LABELS.get(assessment, assessment)}, {grade} кл., {SUBJECT_LABELS.get(subject, subject)}"


def objectivity_text(flags: str) -> str:
    """``F1;F3`` → the signals' short names, in plain words."""
    return "; ".join(OBJECTIVITY_SHORT.get(code, code) for code in (flags or "").split(";") if code)


def latest_run():
    """The latest successful computation run, or None: every page reads only this one."""
    return ComputationRun.latest_success()


def run_years(run) -> list[int]:
    return sorted(int(y) for y in (run.years or []))


def chosen_year(request, run) -> int | None:
    """The ``year`` query parameter if the run has it, else the run's latest year."""
    years = run_years(run)
    if not years:
        return None
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return years[-1]
    return year if year in years else years[-1]


def chosen_sort(request, allowed, default: str) -> str:
    """The ``sort`` query parameter (``key`` or ``-key``) if ``key`` is allowed, else ``default``."""
    sort = request.GET.get("sort", default)
    return sort if sort.lstrip("-") in allowed else default


def sort_headers(columns, sort: str) -> list[dict]:
    """Header cells of a table sorted on the server: ``columns`` are (key or None, title).

    A sortable column's link sorts ascending, or flips the direction when it is the sorted
    one; ``aria`` is the value of ``aria-sort`` on the sorted column only.
    """
    key, descending = sort.lstrip("-"), sort.startswith("-")
    headers = []
    for column, title in columns:
        current = column is not None and column == key
        headers.append(
            {
                "key": column,
                "title": title,
                "next": (column if descending else f"-{column}") if current else column,
                "aria": ("descending" if descending else "ascending") if current else "",
            }
        )
    return headers


def sorted_rows(rows: list[dict], sort: str) -> list[dict]:
    """Rows sorted in Python by ``sort`` (``key`` or ``-key``), missing values last either way."""
    key = sort.lstrip("-")
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]
    present.sort(key=lambda r: r[key], reverse=sort.startswith("-"))
    return present + missing


def clean_text(value: str | None, limit: int) -> str:
    """A free-text query parameter as the database can take it, trimmed to ``limit``.

    PostgreSQL refuses a NUL character in text outright (SQLite quietly matches nothing), so a
    value carrying one is dropped like any other invalid filter instead of becoming a 500.
    """
    value = (value or "").strip()[:limit]
    return "" if "\x00" in value else value


def no_data(request, title: str, scope):
    return render(request, "analytics/no_data.html", {"title": title, "message": NO_DATA, "scope": scope})


# Values of year t that read earlier years: METHODOLOGY.md steps 8 (stably_low), 9
# (rosobrnadzor_risk) and 10 (quality_change, trend). How many years back each needs.
def _history_needed(run) -> dict[str, int]:
    back = max(run.engine_parameters().stable_years - 1, 1)
    return {"stably_low": back, "rosobrnadzor_risk": 1, "quality_change": 1, "trend": 1}


def unknown_by_year(run) -> dict[int, set[str]]:
    """For each year of the run, the history-dependent fields its data cannot give.

    The engine stores ``false`` for stably low and the Рособрнадзор risk when the earlier year
    is missing altogether; shown as «нет» or 0 that reads as "no school is stably low", so the
    pages show «нет данных» instead. A run made for chosen years read the earlier years from
    the database, hence the look there (one indexed ``exists`` per year).
    """
    years = run_years(run)
    needed = _history_needed(run)
    deepest = max(needed.values())
    candidates = {y - k for y in years for k in range(1, deepest + 1)} - set(years)
    known = set(years) | {y for y in candidates if AssessmentResult.objects.filter(year=y).exists()}
    return {
        year: {name for name, back in needed.items() if any(year - k not in known for k in range(1, back + 1))}
        for year in years
    }


def blank_unknown(row: dict, unknown: set[str]) -> dict:
    """The row with unknowable counts or flags as None, which templates show as «нет данных»."""
    return {key: (None if key in unknown else value) for key, value in row.items()}


@functools.cache
def _current_engine_version() -> str:
    from analytics.computation import engine_version

    return engine_version()


def methodology_words(run) -> str:
    """Which methodology made the run, in words: the engine's digest means nothing to staff."""
    version = run.engine_version or ""
    digest = version.startswith("src-")
    if version == _current_engine_version():
        return "по действующей редакции методики" + ("" if digest else f" (версия {version})")
    if digest or not version:
        return "по прежней редакции методики"
    return f"по методике версии {version}"


SOURCE_LABELS = {
    "command": "команда compute_indices",
    "web": "кнопка «Пересчитать индексы»",
    "demo": "загрузка демо-данных",
    "test": "проверочный расчёт",
}


def flag_tags(row: dict, unknown: set[str] = frozenset()) -> list[dict]:
    """The flags of a school-year row as tags in plain words (never a bare «устойчиво»)."""
    tags = []
    for key, css in (
        ("low_results", "tag-low"),
        ("stably_low", "tag-low"),
        ("unfavourable", "tag-unf"),
        ("resilient", "tag-res"),
        ("rosobrnadzor_risk", "tag-risk"),
    ):
        if row.get(key) and key not in unknown:
            tags.append({"css": css, "label": FLAG_LABELS[key], "title": FLAG_EXPLANATIONS[key]})
    if row.get("objectivity_flags"):
        tags.append(
            {
                "css": "tag-obj",
                "label": objectivity_text(row["objectivity_flags"]),
                "title": FLAG_EXPLANATIONS["objectivity"],
            }
        )
    return tags
