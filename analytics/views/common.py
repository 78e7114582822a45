"""Shared pieces of the staff analytics pages: the run they read, the year, labels."""

from __future__ import annotations

from django.shortcuts import render

from analytics.models import ComputationRun

NO_DATA = "Данных пока нет: расчёт индексов ещё не выполнялся"

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


def clean_text(value: str | None, limit: int) -> str:
    """A free-text query parameter as the database can take it, trimmed to ``limit``.

    PostgreSQL refuses a NUL character in text outright (SQLite quietly matches nothing), so a
    value carrying one is dropped like any other invalid filter instead of becoming a 500.
    """
    value = (value or "").strip()[:limit]
    return "" if "\x00" in value else value


def no_data(request, title: str, scope):
    return render(request, "analytics/no_data.html", {"title": title, "message": NO_DATA, "scope": scope})
