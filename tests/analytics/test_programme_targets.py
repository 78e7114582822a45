"""The engine's programme monitoring (METHODOLOGY.md "Programme monitoring") on hand-made frames."""

import datetime

import numpy as np
import pandas as pd
import pytest

from analytics.methodology import Parameters
from analytics.methodology.programme import (
    MEASUREMENTS,
    SHORTFALL_COLUMNS,
    TARGET_COLUMNS,
    measure_programme,
    plural,
    programme_shortfalls,
    programme_targets,
)
from analytics.methodology.programme_events import combine_events
from analytics.methodology.programme_table import MEASURED_CODES, PROGRAMME_TABLE, ROWS_BY_CODE

YEAR = 2024


def results(rows):
    """The computation's Output for the tests: (code, year, quality, isbs, low, unfavourable[, group])."""
    frame = pd.DataFrame(
        [(*row, None)[:7] for row in rows],
        columns=["school_code", "year", "quality_index", "isbs", "low_results", "unfavourable", "quality_group"],
    )
    frame["quality_index"] = frame["quality_index"].astype("float64")
    frame["isbs"] = frame["isbs"].astype("float64")
    return frame


# Four programme schools A-D (A and B ШНОР, C ШФНСУ, D both) and two others, E strong, F ordinary.
TABLE = results(
    [
        ("A", YEAR, 0.80, 0.90, True, False, 2),
        ("B", YEAR, 0.85, 1.00, True, False, 3),
        ("C", YEAR, 1.00, 0.70, False, True, 6),
        ("D", YEAR, 0.70, 0.60, True, True, 1),
        ("E", YEAR, 1.30, 1.20, False, False, 10),
        ("F", YEAR, np.nan, 1.00, False, False),
    ]
)
PROGRAMME = pd.DataFrame({"school_code": list("ABCD"), "year": YEAR, "tutor": ["Иванова", "", "Петров", None]})
SCHOOLS = pd.DataFrame({"code": list("ABCDEF"), "municipality": [1, 1, 2, 2, 3, 1]})


def measure(**records):
    records.setdefault("programme_schools", PROGRAMME)
    records.setdefault("schools", SCHOOLS)
    return measure_programme(TABLE, YEAR, **records)


def row(measured, code):
    return measured.targets.set_index("indicator").loc[code]


def reasons(measured, code):
    frame = measured.shortfalls.loc[measured.shortfalls["indicator"] == code]
    return {(r.school_code if isinstance(r.school_code, str) else r.municipality): r.reason for r in frame.itertuples()}


# --- the catalogue ------------------------------------------------------------------------------


def test_catalogue_lists_the_programme_table_rows_once_each():
    numbers = [r.number for r in PROGRAMME_TABLE]
    assert numbers == list(range(1, 25))
    assert len({r.title for r in PROGRAMME_TABLE}) == 24


def test_every_row_is_measured_here_or_says_why_not():
    for spec in PROGRAMME_TABLE:
        if spec.measured:
            assert spec.definition and not spec.why
        else:
            assert spec.why and not spec.definition
            assert "скоро" not in spec.why and "появятся" not in spec.why


def test_every_measured_row_has_its_measurement_and_the_metholodogy_eight_are_there():
    assert set(MEASUREMENTS) == set(MEASURED_CODES)
    assert {
        "indices_computed",
        "programme_share_of_identified",
        "approved_programme",
        "active_partnership",
        "trained_staff",
        "hosted_event",
        "exchange_events",
        "recommendations_given",
    } <= set(MEASURED_CODES)


def test_targets_come_from_the_run_parameters_where_methodology_fixes_them():
    params = Parameters(target_exchange_events=6, gap_target_pct=-1.0)
    assert ROWS_BY_CODE["exchange_events"].target(params) == 6
    assert ROWS_BY_CODE["gap_reduction"].target(params) == -1.0
    assert ROWS_BY_CODE["mentoring_pair"].target(params) is None


def test_plural_forms_follow_russian_grammar():
    forms = ("школа", "школы", "школ")
    assert [plural(n, forms) for n in (0, 1, 2, 5, 11, 12, 21, 22, 25, 111)] == [
        "школ", "школа", "школы", "школ", "школ", "школ", "школа", "школы", "школ", "школ",
    ]  # fmt: skip


# --- shape and "not measured" ---------------------------------------------------------------------


def test_output_has_one_row_per_measured_row_in_table_order():
    out = programme_targets(TABLE, YEAR)
    assert list(out.columns) == TARGET_COLUMNS
    assert list(out["indicator"]) == list(MEASURED_CODES)
    assert list(programme_shortfalls(TABLE, YEAR).columns) == SHORTFALL_COLUMNS


def test_without_records_every_record_target_is_not_measured_and_nobody_falls_short():
    out = measure_programme(TABLE, YEAR)
    targets = out.targets.set_index("indicator")
    for code in MEASURED_CODES:
        if code in ("indices_computed",):
            continue
        assert pd.isna(targets.loc[code, "value"]), code
        assert pd.isna(targets.loc[code, "met"]), code
    assert set(out.shortfalls["indicator"]) == {"indices_computed"}


def test_programme_schools_alone_measure_only_what_participation_records_carry():
    out = measure()
    targets = out.targets.set_index("indicator")
    measured = set(targets.index[targets["value"].notna()])
    assert measured == {"indices_computed", "programme_share_of_identified", "tutor_assigned"}


# --- each target ------------------------------------------------------------------------------------


def test_indices_computed_names_the_missing_index():
    out = measure()
    assert row(out, "indices_computed")["value"] == pytest.approx(5 / 6)
    assert not row(out, "indices_computed")["met"]
    assert reasons(out, "indices_computed")["F"].startswith("не рассчитан индекс качества")


def test_programme_share_counts_identified_schools_only_and_says_how_many_more():
    table = results([(f"S{i}", YEAR, 0.8, 1.0, True, False, 2) for i in range(25)])
    out = measure_programme(table, YEAR, programme_schools=pd.DataFrame({"school_code": ["S0", "X"]}))
    assert row(out, "programme_share_of_identified")["numerator"] == 1
    assert row(out, "programme_share_of_identified")["denominator"] == 25
    assert not row(out, "programme_share_of_identified")["met"]
    (reason,) = reasons(out, "programme_share_of_identified").values()
    assert reason == "в программе 1 из 25 выявленных ШНОР и ШФНСУ; для 10% нужно включить в программу ещё 2 школы"


def test_municipal_programme_needs_an_approved_programme_of_the_year_in_each_municipality():
    municipal = pd.DataFrame(
        {"municipality": [1, 2, 3], "year": [YEAR, YEAR, YEAR - 1], "approved": [True, False, True]}
    )
    out = measure(municipal_programmes=municipal)
    assert row(out, "municipal_programme")["numerator"] == 1  # municipality 1 of 1 and 2 (3 has no programme school)
    assert row(out, "municipal_programme")["denominator"] == 2
    assert reasons(out, "municipal_programme") == {
        2: "муниципальная программа поддержки школ на 2024 год не утверждена"
    }
    out = measure(municipal_programmes=municipal.iloc[[2]])
    assert reasons(out, "municipal_programme")[1] == "нет муниципальной программы поддержки школ на 2024 год"


def test_approved_programme_reads_statuses_and_periods():
    programmes = pd.DataFrame(
        {
            "school_code": ["A", "B", "C", "D"],
            "status": ["approved", "submitted", "draft", "reported"],
            "start_year": [2023, 2024, 2024, 2021],
            "end_year": [2025, 2025, 2025, 2022],
        }
    )
    out = measure(school_programmes=programmes)
    assert row(out, "approved_programme")["value"] == pytest.approx(0.25)
    assert reasons(out, "approved_programme") == {
        "B": "нет утверждённой программы: программа школы на согласовании",
        "C": "нет утверждённой программы: программа школы — черновик",
        "D": "нет программы школы на 2024 год",
    }


def test_approved_programme_still_reads_the_older_flag_column():
    programme = PROGRAMME.assign(approved_programme=[True, True, False, None])
    out = measure(programme_schools=programme)
    assert row(out, "approved_programme")["value"] == pytest.approx(0.5)


def test_reports_and_risk_profiles_count_records_of_the_year():
    reports = pd.DataFrame({"school_code": ["A", "B"], "year": [YEAR, YEAR - 1]})
    risks = pd.DataFrame({"school_code": ["A", "B", "C", "D"], "year": YEAR})
    out = measure(programme_reports=reports, risk_profiles=risks)
    assert row(out, "programme_report")["numerator"] == 1
    assert pd.isna(row(out, "programme_report")["met"])  # the programme sets no target for it
    assert reasons(out, "programme_report")["B"] == "нет отчёта о реализации программы школы за год"
    assert row(out, "risk_profile")["met"]
    assert reasons(out, "risk_profile") == {}


def test_tutor_counts_named_tutors_only():
    out = measure()
    assert row(out, "tutor_assigned")["numerator"] == 2
    assert set(reasons(out, "tutor_assigned")) == {"B", "D"}


def test_active_partnership_explains_each_kind_of_missing_agreement():
    partnerships = pd.DataFrame(
        {
            "low_school_code": ["A", "B", "C", "C"],
            "strong_school_code": ["E", "E", "E", "F"],
            "status": ["signed", "draft", "signed", "terminated"],
            "start_year": [2024, 2024, 2021, 2024],
            "end_year": [np.nan, 2025, 2022, 2024],
        }
    )
    out = measure(partnerships=partnerships)
    assert row(out, "active_partnership")["value"] == pytest.approx(0.25)
    assert reasons(out, "active_partnership") == {
        "B": "нет действующего соглашения (есть проект)",
        "C": "подписанное соглашение не действует в 2024 году",
        "D": "нет соглашения о партнёрстве",
    }


def test_active_partnership_still_reads_the_active_flag():
    partnerships = pd.DataFrame(
        {"low_school_code": ["A", "B"], "strong_school_code": ["E", "E"], "active": [True, False]}
    )
    out = measure(partnerships=partnerships)
    assert row(out, "active_partnership")["numerator"] == 1


def test_mentoring_pair_in_force_during_the_year():
    mentoring = pd.DataFrame(
        {"school_code": ["A", "B", "C"], "start_year": [2023, 2025, 2022], "end_year": [np.nan, np.nan, 2023]}
    )
    out = measure(mentoring=mentoring)
    assert row(out, "mentoring_pair")["numerator"] == 1
    assert reasons(out, "mentoring_pair")["B"] == "нет наставнических пар в 2024 году"


def test_trained_staff_counts_people_with_long_courses_and_says_how_many():
    courses = pd.DataFrame(
        {
            "school_code": ["A"] * 6 + ["B"] * 4,
            "year": YEAR,
            "person": [1, 2, 3, 4, 5, 5, 1, 2, 3, 4],
            "hours": [32, 36, 72, 40, 32, 8, 36, 36, 36, 16],
        }
    )
    out = measure(course_completions=courses)
    assert row(out, "trained_staff")["numerator"] == 1
    assert reasons(out, "trained_staff")["B"] == "3 педагога с курсами от 32 ч из 5 нужных"
    assert reasons(out, "trained_staff")["C"] == "0 педагогов с курсами от 32 ч из 5 нужных"


def test_hosted_event_needs_four_hours_at_the_school():
    events = pd.DataFrame(
        {
            "host_school_code": ["A", "B", None],
            "hours": [4.0, 2.5, 6.0],
            "level": ["school", "school", "regional"],
            "year": YEAR,
        }
    )
    out = measure(events=events)
    assert row(out, "hosted_event")["numerator"] == 1
    assert reasons(out, "hosted_event")["B"] == "мероприятия на базе школы короче 4 ч (самое долгое — 2,5 ч)"
    assert reasons(out, "hosted_event")["C"] == "на базе школы не проведено мероприятий от 4 ч"


def test_exchange_events_count_wide_exchange_events_of_the_year():
    events = pd.DataFrame(
        {
            "host_school_code": [None, None, None, "A", None],
            "hours": [6.0, 3.0, 2.0, 8.0, 4.0],
            "level": ["regional", "municipal", "regional", "school", "municipal"],
            "is_exchange": [True, True, False, True, True],
            "year": [YEAR, YEAR, YEAR, YEAR, YEAR - 1],
        }
    )
    out = measure(events=events)
    assert row(out, "exchange_events")["value"] == 2
    assert not row(out, "exchange_events")["met"]
    assert list(reasons(out, "exchange_events").values()) == ["проведено 2 мероприятия по обмену опытом из 4 нужных"]


def test_recommendations_given_in_the_year():
    recommendations = pd.DataFrame({"school_code": ["A", "B", "C", "D"], "year": [YEAR, YEAR, YEAR, YEAR - 1]})
    out = measure(recommendations=recommendations)
    assert row(out, "recommendations_given")["value"] == pytest.approx(0.75)
    assert reasons(out, "recommendations_given") == {"D": "аналитические данные и рекомендации не переданы"}


def test_left_low_results_follows_last_year_programme_schools_that_were_low():
    table = pd.concat(
        [
            TABLE,
            results(
                [
                    ("A", YEAR - 1, 0.8, 1.0, True, False, 2),
                    ("B", YEAR - 1, 0.8, 1.0, True, False, 2),
                    ("C", YEAR - 1, 0.9, 1.0, True, False, 3),
                    ("D", YEAR - 1, 0.9, 1.0, False, True, 6),
                    ("F", YEAR - 1, 0.7, 1.0, True, False, 1),
                ]
            ),
        ],
        ignore_index=True,
    )
    programme = pd.concat([PROGRAMME, PROGRAMME.assign(year=YEAR - 1)], ignore_index=True)
    out = measure_programme(table, YEAR, programme_schools=programme, schools=SCHOOLS)
    # A, B stay ШНОР, C left; D was not ШНОР, F was not in the programme.
    assert row(out, "left_low_results")["numerator"] == 1
    assert row(out, "left_low_results")["denominator"] == 3
    assert reasons(out, "left_low_results") == {
        "A": "в 2024 году по-прежнему ШНОР (группа 2)",
        "B": "в 2024 году по-прежнему ШНОР (группа 3)",
    }
    first_year = measure_programme(table, YEAR - 1, programme_schools=programme)
    assert pd.isna(row(first_year, "left_low_results")["value"])


def test_gap_reduction_averages_the_change_and_lists_indicators_short_of_it():
    gap = pd.DataFrame(
        {
            "year": [YEAR, YEAR, YEAR, YEAR - 1],
            "assessment": ["OGE", "OGE", "EGE", "OGE"],
            "grade": [9, 9, 11, 9],
            "subject": ["math", "russian", "math", "math"],
            "gap_change_pct": [-1.0, 0.5, -0.6, np.nan],
        }
    )
    out = measure(gap=gap)
    assert row(out, "gap_reduction")["value"] == pytest.approx(-1.1 / 3)
    assert row(out, "gap_reduction")["met"]  # −0.37% is at most −0.3%
    assert row(out, "gap_reduction")["numerator"] == 2
    (reason,) = reasons(out, "gap_reduction").values()
    assert reason == "ОГЭ, 9 кл., русский язык: разрыв изменился на +0,5% (нужно сокращение не менее чем на 0,3%)"
    assert pd.isna(row(measure_programme(TABLE, YEAR - 1, gap=gap), "gap_reduction")["value"])


def test_municipal_view_of_the_same_records_is_narrowed_by_its_frames():
    mine = ["A", "B", "F"]
    table = TABLE.loc[TABLE["school_code"].isin(mine)]
    programme = PROGRAMME.loc[PROGRAMME["school_code"].isin(mine)]
    out = measure_programme(table, YEAR, programme_schools=programme, schools=SCHOOLS)
    assert row(out, "tutor_assigned")["denominator"] == 2
    assert set(out.shortfalls["school_code"].dropna()) <= set(mine)


# --- events from two sources --------------------------------------------------------------------


def event(title, day, host=None, level="regional", hours=4.0, exchange=True):
    return {
        "ref": 1,
        "title": title,
        "date": day,
        "year": day.year,
        "hours": hours,
        "level": level,
        "host_school_code": host,
        "municipality": None,
        "is_exchange": exchange,
    }


def test_an_event_both_in_the_calendar_and_in_the_records_counts_once():
    day = datetime.date(YEAR, 3, 12)
    calendar = pd.DataFrame([event("Семинар «Смысловое чтение»", day), event("Открытые уроки", day, host="A")])
    records = pd.DataFrame(
        [
            event("семинар  «смысловое чтение»", day),  # same title, other spelling
            event("Открытые уроки: школа A", day, host="A", level="school"),  # same host, same day
            event("Семинар «Смысловое чтение»", datetime.date(YEAR, 4, 12)),  # another day: another meeting
        ]
    )
    merged = combine_events(records, calendar)
    assert len(merged) == 3
    assert list(merged["source"]) == ["calendar", "calendar", "record"]
    out = measure(events=merged)
    assert row(out, "exchange_events")["value"] == 3


def test_either_source_alone_is_enough_and_none_means_not_measured():
    day = datetime.date(YEAR, 3, 12)
    assert len(combine_events(pd.DataFrame([event("Семинар", day)]), None)) == 1
    assert len(combine_events(None, pd.DataFrame([event("Семинар", day)]))) == 1
    assert combine_events(None, None) is None


def test_parent_satisfaction_pools_the_schools_with_enough_answers_and_names_the_rest():
    satisfaction = pd.DataFrame(
        {
            "school_code": ["A", "B", "C", "E"],
            "year": YEAR,
            "answered": [20, 3, 10, 50],
            "satisfied": [19, 3, 7, 10],
            "reportable": [True, False, True, True],
        }
    )
    measured = measure(parent_satisfaction=satisfaction)
    target = row(measured, "parent_satisfaction")
    # A (19 of 20) and C (7 of 10); B has too few answers, D none, E is not a programme school.
    assert (target["numerator"], target["denominator"]) == (26, 30)
    assert target["value"] == pytest.approx(26 / 30) and not target["met"]
    reasons = dict(
        measured.shortfalls.loc[
            measured.shortfalls["indicator"] == "parent_satisfaction", ["school_code", "reason"]
        ].itertuples(index=False, name=None)
    )
    assert reasons == {
        "B": "мало ответов (3): по ним о школе судить нельзя",
        "C": "удовлетворены 70 % из 10 ответивших родителей",
        "D": f"нет ответов родителей за {YEAR} год",
    }


def test_parent_satisfaction_is_not_measured_without_surveys():
    target = row(measure(), "parent_satisfaction")
    assert np.isnan(target["value"]) and pd.isna(target["met"])
