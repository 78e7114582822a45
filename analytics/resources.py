"""django-import-export resources for the admin import (upload, preview, confirm).

They do not validate on their own: ``before_import`` runs the shared validation of
``analytics.importing`` over the whole file, file-level problems stop the import, and each
row's problems come back in the preview as that row's errors. Values reach the widgets
already normalised (canonical headers, ``да/нет`` as booleans, decimal commas as numbers).
"""

from __future__ import annotations

import math

import tablib
from import_export import fields, resources
from import_export.formats.base_formats import Format
from import_export.widgets import ForeignKeyWidget

from django.core.exceptions import ValidationError

from registry.models import Municipality, Risk, School

from .importing import SCHEMAS, DatabaseRegistry, ImportFileError, read_table, validate
from .importing import sha256 as file_sha256
from .models import AssessmentResult, ImportRecord, RiskProfile, SocialContext


class TableFormat(Format):
    """CSV (UTF-8 or Windows-1251, comma or semicolon) or XLSX, told apart by content."""

    def __init__(self, encoding=None):
        # The admin passes an encoding to text formats; this one detects it from the bytes.
        self.encoding = encoding

    def get_title(self):
        return "CSV или XLSX"

    def get_extension(self):
        return "csv"

    def can_import(self):
        return True

    def is_binary(self):
        return True

    def create_dataset(self, in_stream):
        data = in_stream if isinstance(in_stream, bytes) else in_stream.encode("utf-8")
        frame = read_table(data)
        dataset = tablib.Dataset(*frame.itertuples(index=False, name=None), headers=list(frame.columns))
        dataset.sha256 = file_sha256(data)
        return dataset


def _cell(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


class ValidatedResource(resources.ModelResource):
    kind = ""

    def before_import(self, dataset, **kwargs):
        import pandas as pd

        raw = pd.DataFrame(list(dataset), columns=dataset.headers, dtype=object).fillna("").astype(str)
        validated = validate(self.kind, raw, DatabaseRegistry())
        file_problems = [p for p in validated.problems if p.row is None]
        if file_problems:
            raise ImportFileError(" ".join(str(p) for p in file_problems))
        self._row_problems = validated.row_problems()
        self._digest = getattr(dataset, "sha256", "")
        for name in validated.new_municipalities:
            # The first schools file founds the registry; a dry run rolls this back.
            Municipality.objects.get_or_create(name=name)
        self._new_municipalities = validated.new_municipalities
        frame = validated.frame
        rows = [tuple(_cell(v) for v in row) for row in frame.astype(object).itertuples(index=False, name=None)]
        dataset.wipe()
        dataset.headers = list(frame.columns)
        for row in rows:
            dataset.append(row)

    def before_import_row(self, row, **kwargs):
        problems = self._row_problems.get(kwargs.get("row_number", 0) - 1)
        if problems:
            errors: dict[str, list[str]] = {}
            for p in problems:
                errors.setdefault(p.column or "__all__", []).append(f"Строка файла {p.row}: {p.message}")
            raise ValidationError(errors)

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        totals = result.totals
        ImportRecord.objects.create(
            kind=self.kind,
            user=kwargs.get("user") if getattr(kwargs.get("user"), "is_authenticated", False) else None,
            source="admin",
            file_name=(kwargs.get("file_name") or "")[:300],
            sha256=self._digest,
            rows=result.total_rows,
            created=totals.get("new", 0),
            updated=totals.get("update", 0),
            note=("Созданы муниципалитеты: " + ", ".join(self._new_municipalities)) if self._new_municipalities else "",
        )


def _school_field():
    return fields.Field(attribute="school", column_name="school_code", widget=ForeignKeyWidget(School, "code"))


class MunicipalityResource(ValidatedResource):
    kind = "municipalities"

    class Meta:
        model = Municipality
        fields = ("name", "code")
        import_id_fields = ("name",)
        skip_unchanged = True


class SchoolResource(ValidatedResource):
    kind = "schools"
    municipality = fields.Field(
        attribute="municipality", column_name="municipality", widget=ForeignKeyWidget(Municipality, "name")
    )

    class Meta:
        model = School
        fields = tuple(SCHEMAS["schools"].names)
        import_id_fields = ("code",)
        skip_unchanged = True


class AssessmentResultResource(ValidatedResource):
    kind = "results"
    school_code = _school_field()

    class Meta:
        model = AssessmentResult
        fields = tuple(SCHEMAS["results"].names)
        import_id_fields = ("school_code", "year", "assessment", "grade", "subject")
        skip_unchanged = True


class SocialContextResource(ValidatedResource):
    kind = "context"
    school_code = _school_field()

    class Meta:
        model = SocialContext
        fields = tuple(SCHEMAS["context"].names)
        import_id_fields = ("school_code", "year")
        skip_unchanged = True


class RiskProfileResource(ValidatedResource):
    kind = "risks"
    school_code = _school_field()
    risk = fields.Field(attribute="risk", column_name="risk", widget=ForeignKeyWidget(Risk, "code"))

    class Meta:
        model = RiskProfile
        fields = tuple(SCHEMAS["risks"].names)
        import_id_fields = ("school_code", "year", "risk")
        skip_unchanged = True


RESOURCES = {
    "municipalities": MunicipalityResource,
    "schools": SchoolResource,
    "results": AssessmentResultResource,
    "context": SocialContextResource,
    "risks": RiskProfileResource,
}
