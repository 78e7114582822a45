"""What a set of answers says: distributions, the satisfied share, risk levels, deficits.

Pure Python over ``definition.Definition`` and answer dictionaries, no Django: the results
pages, the exports, the programme monitoring and the risk profile all count through here, so
they cannot disagree.

The minimum cell size protects respondents: a figure drawn from fewer than ``min_cell``
answers could point at a person (in a class of four parents, each answer is nearly someone's),
so below it nothing is shown but the count, and the page says «мало ответов».
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import fmean

from .definition import MULTIPLE, SCALE, SINGLE, TEXT, Definition, Question

MIN_CELL = 5
# A risk's level from its mean severity (0..1): the lower third low, the middle third medium.
RISK_LEVEL_BOUNDS = (1 / 3, 2 / 3)
LOW, MEDIUM, HIGH = "low", "medium", "high"
# A teacher has a deficit in an area when their answers there lean to its weak half.
DEFICIT_THRESHOLD = 0.5


def reportable(count: int, min_cell: int = MIN_CELL) -> bool:
    return count >= min_cell


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    share: float


@dataclass
class QuestionSummary:
    """One question over a set of answers; ``suppressed`` hides everything but ``answered``."""

    question: Question
    answered: int
    suppressed: bool
    shares: list[Share] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)


def _summary(question: Question, answer_sets: list[dict], min_cell: int) -> QuestionSummary:
    values = [a.get(question.key) for a in answer_sets if question.is_answered(a.get(question.key))]
    answered = len(values)
    summary = QuestionSummary(question, answered, suppressed=not reportable(answered, min_cell))
    if summary.suppressed or not answered:
        return summary
    if question.kind == TEXT:
        summary.texts = [str(v).strip() for v in values]
        return summary
    if question.kind == SCALE:
        counts = Counter(v for v in values if isinstance(v, int))
        labels = [(v, str(v)) for v in question.scale_values]
        summary.mean = fmean(counts.elements()) if counts else None
    else:
        chosen = [k for v in values for k in v] if question.kind == MULTIPLE else values
        counts = Counter(chosen)
        labels = [(o.key, o.label) for o in question.options]
    summary.shares = [Share(label, counts.get(key, 0), counts.get(key, 0) / answered) for key, label in labels]
    return summary


def summarise(definition: Definition, answer_sets: list[dict], min_cell: int = MIN_CELL):
    """Every question, section by section: ``[(section, [QuestionSummary, ...]), ...]``."""
    return [(s, [_summary(q, answer_sets, min_cell) for q in s.questions]) for s in definition.sections]


@dataclass(frozen=True)
class Satisfaction:
    answered: int
    satisfied: int

    @property
    def share(self) -> float | None:
        return self.satisfied / self.answered if self.answered else None


def satisfaction(definition: Definition, answer_sets: list[dict]) -> Satisfaction | None:
    """Respondents who answered the overall satisfaction question, and those satisfied; ``None``
    when the survey has no such question."""
    question = definition.satisfaction_question
    if question is None:
        return None
    verdicts = [question.is_satisfied(a.get(question.key)) for a in answer_sets]
    given = [v for v in verdicts if v is not None]
    return Satisfaction(len(given), sum(given))


def level_of(severity: float) -> str:
    low, high = RISK_LEVEL_BOUNDS
    if severity < low:
        return LOW
    return MEDIUM if severity < high else HIGH


@dataclass(frozen=True)
class RiskResult:
    severity: float
    level: str
    answers: int


def _severities(definition: Definition, answer_sets: list[dict], attribute: str) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for question in definition.questions:
        code = getattr(question, attribute)
        if not code or question.kind not in (SINGLE, SCALE):
            continue
        for answers in answer_sets:
            severity = question.severity(answers.get(question.key))
            if severity is not None:
                found.setdefault(code, []).append(severity)
    return found


def risk_levels(definition: Definition, answer_sets: list[dict]) -> dict[str, RiskResult]:
    """Each federal risk the survey asks about: the mean severity of every answer about it and
    its level, over all the answers given (a school's self-diagnosis may have several authors)."""
    return {
        code: RiskResult(fmean(values), level_of(fmean(values)), len(values))
        for code, values in _severities(definition, answer_sets, "risk").items()
    }


def deficit_scores(definition: Definition, answers: dict) -> dict[str, float]:
    """One respondent's mean severity in each area of professional deficits they answered about."""
    return {code: fmean(values) for code, values in _severities(definition, [answers], "deficit").items()}


@dataclass(frozen=True)
class DeficitResult:
    respondents: int
    with_deficit: int
    mean_severity: float

    @property
    def share(self) -> float:
        return self.with_deficit / self.respondents if self.respondents else 0.0


def deficits(definition: Definition, answer_sets: list[dict], threshold: float = DEFICIT_THRESHOLD):
    """Each deficit area over the respondents who answered about it: how many show the deficit."""
    per_area: dict[str, list[float]] = {}
    for answers in answer_sets:
        for code, score in deficit_scores(definition, answers).items():
            per_area.setdefault(code, []).append(score)
    return {
        code: DeficitResult(len(scores), sum(s >= threshold for s in scores), fmean(scores))
        for code, scores in per_area.items()
    }
