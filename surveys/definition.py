"""A survey as it was given to respondents: one version's questions, read from its stored JSON.

A ``SurveyVersion`` stores the survey's sections and questions as plain data at the moment a
campaign first used it; everything that reads answers (the form, the results, the risk profile,
the deficit diagnostics) reads this, never the survey's current text, so an answer is always
judged by the questions it was given to. No Django here: the results and the scoring are tested
and reused on plain dictionaries.

The stored shape::

    {"title", "kind", "intro", "thanks",
     "sections": [{"key", "title", "intro",
                   "questions": [{"key", "text", "help", "kind", "required",
                                  "options": [{"key", "label", "points"}],
                                  "scale_min", "scale_max", "min_label", "max_label",
                                  "satisfaction", "satisfied_from", "risk", "deficit", "reverse"}]}]}

An answer is stored under the question's key: an option's key for a single choice, a list of
keys for a multiple choice, an integer for a scale, a string for a free-text answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SINGLE = "single"
MULTIPLE = "multiple"
SCALE = "scale"
TEXT = "text"
KINDS = (SINGLE, MULTIPLE, SCALE, TEXT)
TEXT_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    points: int | None = None


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str
    help: str = ""
    required: bool = True
    options: tuple[Option, ...] = ()
    scale_min: int = 1
    scale_max: int = 5
    min_label: str = ""
    max_label: str = ""
    # What the answer measures: the overall satisfaction (answers scoring at least
    # ``satisfied_from`` count as satisfied), one of the federal risks, or a professional deficit.
    satisfaction: bool = False
    satisfied_from: int | None = None
    risk: str = ""
    deficit: str = ""
    # A scale whose top means "all is well" (agreement with a positive statement): its risk or
    # deficit is read from the bottom.
    reverse: bool = False

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))

    def option(self, key) -> Option | None:
        return next((o for o in self.options if o.key == key), None)

    def score(self, value) -> float | None:
        """The answer as a number: the chosen option's points, or the scale's value."""
        if self.kind == SCALE and isinstance(value, int) and not isinstance(value, bool):
            return float(value) if self.scale_min <= value <= self.scale_max else None
        if self.kind == SINGLE:
            option = self.option(value)
            return None if option is None or option.points is None else float(option.points)
        return None

    def _score_range(self) -> tuple[float, float] | None:
        if self.kind == SCALE:
            return float(self.scale_min), float(self.scale_max)
        points = [o.points for o in self.options if o.points is not None]
        if self.kind == SINGLE and len(set(points)) > 1:
            return float(min(points)), float(max(points))
        return None

    def severity(self, value) -> float | None:
        """How strongly the answer signals the question's risk or deficit, from 0 (none) to 1."""
        score, bounds = self.score(value), self._score_range()
        if score is None or bounds is None:
            return None
        low, high = bounds
        share = (score - low) / (high - low)
        return 1.0 - share if self.reverse else share

    def is_satisfied(self, value) -> bool | None:
        """Whether the answer counts as satisfied; ``None`` when none was given. An option
        without points («затрудняюсь ответить») is an answer, and not a satisfied one."""
        if not self.satisfaction or self.satisfied_from is None:
            return None
        score = self.score(value)
        if score is None:
            return False if self.kind == SINGLE and self.option(value) is not None else None
        return score >= self.satisfied_from

    def is_answered(self, value) -> bool:
        if value is None:
            return False
        if self.kind == MULTIPLE:
            return bool(value)
        if self.kind == TEXT:
            return bool(str(value).strip())
        return True


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    questions: tuple[Question, ...]
    intro: str = ""


@dataclass(frozen=True)
class Definition:
    title: str
    kind: str
    sections: tuple[Section, ...]
    intro: str = ""
    thanks: str = ""
    _by_key: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self._by_key.update({q.key: q for s in self.sections for q in s.questions})

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question(self, key: str) -> Question | None:
        return self._by_key.get(key)

    @property
    def satisfaction_question(self) -> Question | None:
        return next((q for q in self.questions if q.satisfaction), None)

    def missing_required(self, answers: dict) -> list[tuple[int, Question]]:
        """Required questions without an answer, with the number of their section (from 1)."""
        return [
            (number, q)
            for number, section in enumerate(self.sections, start=1)
            for q in section.questions
            if q.required and not q.is_answered(answers.get(q.key))
        ]

    @classmethod
    def from_dict(cls, data: dict) -> Definition:
        sections = tuple(
            Section(
                key=str(s["key"]),
                title=s.get("title", ""),
                intro=s.get("intro", ""),
                questions=tuple(_question(q) for q in s.get("questions", [])),
            )
            for s in data.get("sections", [])
        )
        return cls(
            title=data.get("title", ""),
            kind=data.get("kind", ""),
            intro=data.get("intro", ""),
            thanks=data.get("thanks", ""),
            sections=sections,
        )


def _question(data: dict) -> Question:
    return Question(
        key=str(data["key"]),
        text=data.get("text", ""),
        kind=data.get("kind", SINGLE),
        help=data.get("help", ""),
        required=bool(data.get("required", True)),
        options=tuple(Option(str(o["key"]), o.get("label", ""), o.get("points")) for o in data.get("options", [])),
        scale_min=int(data.get("scale_min", 1)),
        scale_max=int(data.get("scale_max", 5)),
        min_label=data.get("min_label", ""),
        max_label=data.get("max_label", ""),
        satisfaction=bool(data.get("satisfaction", False)),
        satisfied_from=data.get("satisfied_from"),
        risk=data.get("risk", "") or "",
        deficit=data.get("deficit", "") or "",
        reverse=bool(data.get("reverse", False)),
    )
