"""Admin forms of the programme records, narrowed to the editor's scope (``analytics.access``).

A municipal specialist or a school leader is offered only the schools (and municipalities) of
their scope, and ``clean`` refuses any other one posted by hand: the choice list alone is no
protection. A regional analyst keeps Wagtail's school chooser over the whole region. The
partner school of an agreement and a mentor's school may be any school: a supported school's
partner is usually elsewhere.

The models' own ``clean`` (an agreement of a school with itself, an end before the start,
hours not positive) runs in ``full_clean`` after this, and Django puts its messages under the
fields they name.
"""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.urls import reverse

from wagtail.admin.forms import WagtailAdminModelForm

from .access import Level, scope_for
from .programme_scope import covers_event, municipalities_in_scope

OUT_OF_SCOPE = "Школа вне вашей зоны ответственности"
MUNICIPALITY_OUT_OF_SCOPE = "Муниципалитет вне вашей зоны ответственности"
EVENT_OUT_OF_SCOPE = {
    Level.MUNICIPALITY: (
        "Укажите школу-организатора из вашего муниципалитета или сам муниципалитет: иначе мероприятие "
        "окажется вне вашей зоны ответственности."
    ),
    Level.SCHOOL: "Укажите свою школу как организатора: иначе мероприятие окажется вне вашей зоны ответственности.",
}

DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "rtf", "jpg", "jpeg", "png"]
MAX_DOCUMENT_SIZE = 20 * 1024 * 1024


def _limit_size(upload) -> None:
    if upload is not None and getattr(upload, "size", 0) > MAX_DOCUMENT_SIZE:
        raise ValidationError(f"Файл больше {MAX_DOCUMENT_SIZE // 2**20} МБ: загрузите файл поменьше.")


DOCUMENT_VALIDATORS = [
    FileExtensionValidator(
        DOCUMENT_EXTENSIONS, message="Загрузите документ PDF, DOC, DOCX, ODT или RTF либо скан в JPG или PNG."
    ),
    _limit_size,
]


class _Download:
    """What ClearableFileInput shows for the current file: its name and the scoped download."""

    def __init__(self, name: str, url: str):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


class PrivateFileInput(forms.ClearableFileInput):
    """A file input whose current file links to ``analytics:programme_file``: the private storage
    has no public URL, and its download checks the reader's scope first."""

    def __init__(self, record: str, attrs=None):
        super().__init__(attrs)
        self.record = record

    def is_initial(self, value):
        return bool(value and getattr(getattr(value, "instance", None), "pk", None))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            url = reverse("analytics:programme_file", args=[self.record, value.instance.pk])
            context["widget"]["value"] = _Download(PurePath(value.name).name, url)
        return context


def _offer(field, queryset) -> None:
    """Show ``queryset`` as a plain list; validation still looks the value up among all rows,
    so a posted value outside the list reaches ``clean`` and gets the scope's message."""
    offered = forms.ModelChoiceField(queryset=queryset, empty_label=field.empty_label)
    # Full width of the field, not of the longest school name: the form stays inside a phone's screen.
    field.widget = forms.Select(choices=offered.choices, attrs={"class": "w-w-full"})


class ScopedRecordForm(WagtailAdminModelForm):
    """Base of the programme records' admin forms; subclasses name their scoped fields."""

    scoped_school_fields: tuple[str, ...] = ("school",)
    scoped_municipality_fields: tuple[str, ...] = ()
    document_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope_for(self.for_user)
        if not self.scope.is_regional:
            for name in self._present(self.scoped_school_fields):
                _offer(self.fields[name], self.scope.schools().order_by("name"))
            for name in self._present(self.scoped_municipality_fields):
                _offer(self.fields[name], self.offered_municipalities())
        for name in self._present(self.document_fields):
            self.fields[name].validators.extend(DOCUMENT_VALIDATORS)

    def _present(self, names):
        return [name for name in names if name in self.fields]

    def offered_municipalities(self):
        return municipalities_in_scope(self.scope)

    def clean(self):
        cleaned_data = super().clean()
        for name in self._present(self.scoped_school_fields):
            school = cleaned_data.get(name)
            if school is not None and not self.scope.can_view_school(school):
                self.add_error(name, OUT_OF_SCOPE)
        for name in self._present(self.scoped_municipality_fields):
            municipality = cleaned_data.get(name)
            if municipality is not None and not self.offered_municipalities().filter(pk=municipality.pk).exists():
                self.add_error(name, MUNICIPALITY_OUT_OF_SCOPE)
        return cleaned_data


class ParticipationForm(ScopedRecordForm):
    pass


class ImprovementProgrammeForm(ScopedRecordForm):
    document_fields = ("document",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Yearly reports are child forms of the inline panel: their files get the same limits.
        for report in self.formsets["reports"].forms:
            report.fields["document"].validators.extend(DOCUMENT_VALIDATORS)


class MunicipalProgrammeForm(ScopedRecordForm):
    scoped_school_fields = ()
    scoped_municipality_fields = ("municipality",)
    document_fields = ("document",)

    def offered_municipalities(self):
        # A municipality's own programme: a school leader writes none, even of their municipality.
        if self.scope.level == Level.SCHOOL:
            return super().offered_municipalities().none()
        return super().offered_municipalities()


class PartnershipForm(ScopedRecordForm):
    scoped_school_fields = ("low_school",)
    document_fields = ("signed_file",)


class MentoringPairForm(ScopedRecordForm):
    pass


class ProfessionalDevelopmentForm(ScopedRecordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "hours" in self.fields:
            # The form field stops negatives before the model's own "more than zero" check runs.
            self.fields["hours"].error_messages["min_value"] = "Объём курса должен быть больше нуля часов."


class ProgrammeEventForm(ScopedRecordForm):
    scoped_school_fields = ("host_school",)
    scoped_municipality_fields = ("municipality",)

    def clean(self):
        cleaned_data = super().clean()
        if self.scope.is_regional or self.has_error("host_school") or self.has_error("municipality"):
            return cleaned_data
        if not covers_event(self.scope, cleaned_data.get("host_school"), cleaned_data.get("municipality")):
            field = "municipality" if self.scope.level == Level.MUNICIPALITY else "host_school"
            self.add_error(field, EVENT_OUT_OF_SCOPE.get(self.scope.level, OUT_OF_SCOPE))
        return cleaned_data
