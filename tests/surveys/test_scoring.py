"""surveys.scoring and surveys.definition on plain dictionaries: distributions, the minimum
cell size, the satisfied share, risk levels and teachers' deficits."""

import pytest

from surveys import scoring
from surveys.definition import Definition


def definition(*questions, kind="satisfaction"):
    return Definition.from_dict(
        {"title": "Анкета", "kind": kind, "sections": [{"key": "s1", "title": "Раздел", "questions": list(questions)}]}
    )


SATISFACTION = {
    "key": "sat",
    "text": "Удовлетворены?",
    "kind": "single",
    "options": [
        {"key": "1", "label": "Полностью", "points": 2},
        {"key": "2", "label": "Скорее да", "points": 1},
        {"key": "3", "label": "Скорее нет", "points": -1},
        {"key": "4", "label": "Затрудняюсь", "points": None},
    ],
    "satisfaction": True,
    "satisfied_from": 1,
}
SCALE = {"key": "lessons", "text": "Уроки", "kind": "scale", "scale_min": 1, "scale_max": 5}
TEXT = {"key": "wish", "text": "Пожелания", "kind": "text", "required": False}


def test_the_satisfied_share_counts_those_who_answered_and_keeps_hard_to_say_in_the_denominator():
    parsed = definition(SATISFACTION)
    answers = [{"sat": "1"}, {"sat": "2"}, {"sat": "3"}, {"sat": "4"}, {}]
    result = scoring.satisfaction(parsed, answers)
    assert (result.answered, result.satisfied) == (4, 2)
    assert result.share == 0.5


def test_a_survey_without_a_satisfaction_question_has_no_satisfied_share():
    assert scoring.satisfaction(definition(SCALE), [{"lessons": 5}]) is None


def test_below_the_minimum_cell_size_only_the_count_is_given():
    parsed = definition(SATISFACTION, SCALE, TEXT)
    answers = [{"sat": "1", "lessons": 5, "wish": "Иванова Мария, 5 «Б»"}] * 4
    ((_section, summaries),) = scoring.summarise(parsed, answers, min_cell=5)
    assert all(s.suppressed for s in summaries)
    assert [s.answered for s in summaries] == [4, 4, 4]
    assert all(not s.shares and s.mean is None and not s.texts for s in summaries)


def test_at_the_minimum_cell_size_shares_means_and_texts_appear():
    parsed = definition(SATISFACTION, SCALE, TEXT)
    answers = [{"sat": "1", "lessons": 4}, {"sat": "1", "lessons": 5}, {"sat": "2", "lessons": 3}]
    answers += [{"sat": "3", "lessons": 2, "wish": "Больше кружков"}, {"sat": "4", "lessons": 1}]
    ((_section, (sat, lessons, wish)),) = scoring.summarise(parsed, answers, min_cell=5)
    assert [(s.label, s.count) for s in sat.shares] == [
        ("Полностью", 2),
        ("Скорее да", 1),
        ("Скорее нет", 1),
        ("Затрудняюсь", 1),
    ]
    assert sat.shares[0].share == pytest.approx(0.4)
    assert lessons.mean == pytest.approx(3.0)
    assert [s.count for s in lessons.shares] == [1, 1, 1, 1, 1]
    # One free-text answer of five respondents: the cell is the question's own answers.
    assert wish.answered == 1 and wish.suppressed and wish.texts == []


def test_a_multiple_choice_share_is_of_the_respondents_not_of_the_ticks():
    multiple = {
        "key": "m",
        "text": "Что улучшить",
        "kind": "multiple",
        "options": [{"key": "1", "label": "Уроки"}, {"key": "2", "label": "Питание"}],
    }
    ((_s, (summary,)),) = scoring.summarise(
        definition(multiple), [{"m": ["1", "2"]}] * 3 + [{"m": ["2"]}] * 2, min_cell=5
    )
    assert [(s.count, s.share) for s in summary.shares] == [(3, 0.6), (5, 1.0)]


RISK_OPTIONS = [
    {"key": "1", "label": "Нет", "points": 0},
    {"key": "2", "label": "Отчасти", "points": 1},
    {"key": "3", "label": "Да", "points": 2},
]


def test_risk_levels_are_the_mean_severity_of_every_answer_about_the_risk():
    parsed = definition(
        {"key": "a", "text": "a", "kind": "single", "options": RISK_OPTIONS, "risk": "low_motivation"},
        {"key": "b", "text": "b", "kind": "single", "options": RISK_OPTIONS, "risk": "low_motivation"},
        {"key": "c", "text": "c", "kind": "single", "options": RISK_OPTIONS, "risk": "low_equipment"},
        {
            "key": "d",
            "text": "d",
            "kind": "scale",
            "scale_min": 1,
            "scale_max": 5,
            "risk": "weak_environment",
            "reverse": True,
        },
        kind="risk_self_diagnosis",
    )
    levels = scoring.risk_levels(
        parsed, [{"a": "3", "b": "3", "c": "1", "d": 5}, {"a": "3", "b": "2", "c": "2", "d": 4}]
    )
    assert levels["low_motivation"].severity == pytest.approx(0.875)
    assert levels["low_motivation"].level == scoring.HIGH
    assert levels["low_equipment"].severity == pytest.approx(0.25)
    assert levels["low_equipment"].level == scoring.LOW
    # A positive statement on a reversed scale: agreeing (5, 4) means little risk.
    assert levels["weak_environment"].severity == pytest.approx(0.125)
    assert levels["low_motivation"].answers == 4


@pytest.mark.parametrize(
    ("severity", "level"),
    [(0.0, "low"), (0.33, "low"), (0.34, "medium"), (0.66, "medium"), (0.67, "high"), (1.0, "high")],
)
def test_a_level_is_read_from_thirds_of_the_severity(severity, level):
    assert scoring.level_of(severity) == level


def test_a_teacher_has_a_deficit_where_their_answers_lean_to_the_weak_half():
    parsed = definition(
        {
            "key": "a1",
            "text": "a1",
            "kind": "scale",
            "scale_min": 1,
            "scale_max": 5,
            "deficit": "assessment",
            "reverse": True,
        },
        {
            "key": "a2",
            "text": "a2",
            "kind": "scale",
            "scale_min": 1,
            "scale_max": 5,
            "deficit": "assessment",
            "reverse": True,
        },
        {
            "key": "p1",
            "text": "p1",
            "kind": "scale",
            "scale_min": 1,
            "scale_max": 5,
            "deficit": "parents",
            "reverse": True,
        },
        kind="teacher_deficits",
    )
    teacher = {"a1": 1, "a2": 2, "p1": 5}
    assert scoring.deficit_scores(parsed, teacher) == {"assessment": pytest.approx(0.875), "parents": 0.0}
    results = scoring.deficits(parsed, [teacher, {"a1": 5, "a2": 5, "p1": 1}, {"a1": 3, "a2": 3}])
    assert (results["assessment"].respondents, results["assessment"].with_deficit) == (3, 2)
    assert results["parents"].share == pytest.approx(0.5)


def test_answers_outside_the_question_never_score():
    parsed = definition(SATISFACTION, SCALE)
    sat, scale = parsed.questions
    assert sat.score("99") is None and sat.is_satisfied("99") is None
    assert scale.score(6) is None and scale.score(True) is None and scale.score("5") is None


def test_missing_required_names_the_section_of_each_unanswered_question():
    parsed = Definition.from_dict(
        {
            "sections": [
                {"key": "s1", "title": "1", "questions": [SATISFACTION]},
                {"key": "s2", "title": "2", "questions": [SCALE, TEXT]},
            ]
        }
    )
    missing = parsed.missing_required({"sat": "1", "wish": ""})
    assert [(n, q.key) for n, q in missing] == [(2, "lessons")]
    assert parsed.missing_required({"sat": "1", "lessons": 3}) == []
