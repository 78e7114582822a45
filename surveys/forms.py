"""The form of one section of a survey, built from the version's questions.

Django's fields do the checking (a choice outside the list, a scale value outside the scale, a
text too long, a NUL character), each with a message a parent or a teacher can act on; a
section is stored only when its whole form is valid.
"""

from __future__ import annotations

from django import forms

from .definition import MULTIPLE, SCALE, SINGLE, TEXT, TEXT_MAX_LENGTH, Question, Section

HONEYPOT = "website"
REQUIRED = "Ответьте на этот вопрос."
BAD_CHOICE = "Выберите один из предложенных вариантов."
TOO_LONG = "Ответ слишком длинный: не больше %(limit_value)d знаков (сейчас %(show_value)d)."
NOT_HUMAN = "Форма заполнена не так, как её заполняет человек, и ответы не сохранены. Обновите страницу."


def field_name(question: Question) -> str:
    return f"q-{question.key}"


def _scale_label(question: Question, value: int) -> str:
    if value == question.scale_min and question.min_label:
        return f"{value} — {question.min_label}"
    if value == question.scale_max and question.max_label:
        return f"{value} — {question.max_label}"
    return str(value)


def _field(question: Question) -> forms.Field:
    common = {"label": question.text, "help_text": question.help, "required": question.required}
    if question.kind == SINGLE:
        return forms.ChoiceField(
            choices=[(o.key, o.label) for o in question.options],
            widget=forms.RadioSelect,
            error_messages={"required": REQUIRED, "invalid_choice": BAD_CHOICE},
            **common,
        )
    if question.kind == MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(o.key, o.label) for o in question.options],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Выберите хотя бы один вариант.", "invalid_choice": BAD_CHOICE},
            **common,
        )
    if question.kind == SCALE:
        scale = f"Выберите оценку от {question.scale_min} до {question.scale_max}."
        return forms.TypedChoiceField(
            choices=[(v, _scale_label(question, v)) for v in question.scale_values],
            coerce=int,
            widget=forms.RadioSelect(attrs={"class": "scale-choice"}),
            error_messages={"required": REQUIRED, "invalid_choice": scale},
            **common,
        )
    if question.kind == TEXT:
        return forms.CharField(
            max_length=TEXT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX_LENGTH}),
            error_messages={"required": REQUIRED, "max_length": TOO_LONG},
            **common,
        )
    raise ValueError(f"unknown question kind {question.kind!r}")


class SectionForm(forms.Form):
    def __init__(self, section: Section, *args, enforce_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        for question in section.questions:
            field = _field(question)
            # Going back saves what is there without insisting on the rest.
            field.required = field.required and enforce_required
            self.fields[field_name(question)] = field
        self.fields[HONEYPOT] = forms.CharField(required=False, max_length=200, label="Не заполняйте это поле")
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @classmethod
    def initial_from(cls, section: Section, answers: dict) -> dict:
        return {field_name(q): answers[q.key] for q in section.questions if q.key in answers}

    def clean(self):
        data = super().clean()
        if data.get(HONEYPOT):
            raise forms.ValidationError(NOT_HUMAN, code="honeypot")
        return data

    def answers(self) -> dict:
        """The section's valid answers by question key; an emptied answer is ``None``."""
        out = {}
        for question in self.section.questions:
            name = field_name(question)
            if name in self.errors:
                continue
            value = self.cleaned_data.get(name)
            if question.kind == MULTIPLE:
                value = sorted(value) if value else None
            elif question.kind == TEXT:
                value = value or None
            elif value in ("", None):
                value = None
            out[question.key] = value
        return out

    @property
    def question_fields(self):
        """(question, bound field) pairs, in the section's order, for the template."""
        return [(q, self[field_name(q)]) for q in self.section.questions]
