"""Wagtail admin pages around the import: where to upload each table and its templates."""

from __future__ import annotations

import io

import pandas as pd

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from .importing import SCHEMAS
from .models import ImportRecord

ADMIN_MODELS = {
    "municipalities": "municipality",
    "schools": "school",
    "results": "assessmentresult",
    "context": "socialcontext",
    "risks": "riskprofile",
}


def template_frame(kind: str) -> pd.DataFrame:
    schema = SCHEMAS[kind]
    return pd.DataFrame(columns=schema.names)


@permission_required("analytics.view_importrecord", raise_exception=True)
def import_index(request):
    kinds = []
    for kind, schema in SCHEMAS.items():
        kinds.append(
            {
                "kind": kind,
                "title": schema.title,
                "columns": [(c.name, c.label, c.required) for c in schema.columns],
                "upload_url": reverse(f"admin:analytics_{ADMIN_MODELS[kind]}_import"),
                "csv_url": reverse("analytics_import_template", args=[kind, "csv"]),
                "xlsx_url": reverse("analytics_import_template", args=[kind, "xlsx"]),
            }
        )
    records = ImportRecord.objects.select_related("user")[:20]
    return render(request, "analytics/admin/import_index.html", {"kinds": kinds, "records": records})


@permission_required("analytics.view_importrecord", raise_exception=True)
def import_template(request, kind, fmt):
    if kind not in SCHEMAS or fmt not in ("csv", "xlsx"):
        raise Http404
    frame = template_frame(kind)
    if fmt == "csv":
        # With a BOM, so Excel opens the UTF-8 template with Cyrillic intact.
        body = "\ufeff" + frame.to_csv(index=False, lineterminator="\r\n")
        response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    else:
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, engine="openpyxl")
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.{fmt}"'
    return response
