"""The data import in the Wagtail admin: choose a table, upload, preview, confirm.

It is the command line's import behind a form: the same reader (``read_table``), the same
validation (``validate`` with the database registry) and the same all-or-nothing
``importing.write``, so a file the command refuses is refused here too, with the same
messages. Between preview and confirm the upload waits in the default storage under a random
name that only this user's session knows; the confirm reads it again and validates the whole
file again, because the registry may have changed in between.
"""

from __future__ import annotations

import datetime
import io
import secrets
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

from django import forms
from django.contrib.auth import get_permission_codename, get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from registry.models import Municipality, School

from .access import log_access, scope_for
from .importing import SCHEMAS, DatabaseRegistry, ImportFileError, count_changes, read_table, sha256, validate, write
from .models import (
    AccessLog,
    AssessmentResult,
    ImportRecord,
    ImprovementProgramme,
    MentoringPair,
    MunicipalProgramme,
    Partnership,
    ProfessionalDevelopment,
    ProgrammeEvent,
    ProgrammeParticipation,
    RiskProfile,
    SocialContext,
)

# The table each kind of file writes: importing it needs that table's add and change rights
# (an import both creates rows and updates the ones already there).
TABLES = {
    "municipalities": Municipality,
    "schools": School,
    "results": AssessmentResult,
    "context": SocialContext,
    "risks": RiskProfile,
    "participation": ProgrammeParticipation,
    "school_programmes": ImprovementProgramme,
    "municipal_programmes": MunicipalProgramme,
    "partnerships": Partnership,
    "mentoring": MentoringPair,
    "training": ProfessionalDevelopment,
    "programme_events": ProgrammeEvent,
}
MAX_UPLOAD_SIZE = 20 * 1024 * 1024
PREVIEW_ROWS = 10
MAX_PROBLEMS_SHOWN = 500  # as many as the command prints; the count says how many there are
UPLOAD_DIR = "analytics-imports"
PENDING_TTL = datetime.timedelta(hours=12)
SESSION_PENDING = "analytics_import_pending"
SESSION_FINISHED = "analytics_import_finished"
FINISHED_KEPT = 20


def import_permissions(kind: str) -> list[str]:
    opts = TABLES[kind]._meta
    return [f"{opts.app_label}.{get_permission_codename(action, opts)}" for action in ("add", "change")]


def can_import(user, kind: str) -> bool:
    return user.has_perms(import_permissions(kind))


def importable_kinds(user) -> list[str]:
    return [kind for kind in SCHEMAS if can_import(user, kind)]


def may_open_import_page(user) -> bool:
    """Those who may import something, and those who only read the journal of imports."""
    return bool(importable_kinds(user)) or user.has_perm("analytics.view_importrecord")


def registry_for(user) -> DatabaseRegistry:
    """The registry as this user may import into it: the programme's records only within their
    scope (the command line has no such limit)."""
    return DatabaseRegistry(scope=scope_for(user))


def template_frame(kind: str) -> pd.DataFrame:
    return pd.DataFrame(columns=SCHEMAS[kind].names)


# --- the upload waiting for confirmation -------------------------------------------------


@dataclass
class PendingUpload:
    token: str
    kind: str
    path: str  # in the default storage
    file_name: str  # as uploaded, for the journal
    sha256: str
    uploaded_at: datetime.datetime

    @property
    def expired(self) -> bool:
        return timezone.now() - self.uploaded_at > PENDING_TTL

    def read(self) -> bytes | None:
        """The stored bytes, or None when the file is gone or is no longer the one previewed."""
        try:
            with default_storage.open(self.path, "rb") as handle:
                data = handle.read()
        except (FileNotFoundError, OSError):
            return None
        return data if sha256(data) == self.sha256 else None


def _stash(request, kind: str, file_name: str, data: bytes) -> str:
    """Keep the upload until confirm or cancel; returns the token the preview URL carries."""
    _sweep_stale_uploads()
    token = secrets.token_urlsafe(18)
    # The stored name is another secret than the token: the token travels in URLs (and so in
    # access logs), the name only in the session, so nobody reaches the file from a URL.
    suffix = ".xlsx" if data.startswith(b"PK\x03\x04") else ".csv"
    name = f"{UPLOAD_DIR}/{request.user.pk}-{secrets.token_urlsafe(18)}{suffix}"
    path = default_storage.save(name, ContentFile(data))
    limit = timezone.now() - PENDING_TTL
    pending = {
        key: entry
        for key, entry in request.session.get(SESSION_PENDING, {}).items()
        if datetime.datetime.fromisoformat(entry["uploaded_at"]) >= limit  # their files are swept
    }
    pending[token] = {
        "kind": kind,
        "path": path,
        "file_name": file_name,
        "sha256": sha256(data),
        "user": request.user.pk,
        "uploaded_at": timezone.now().isoformat(),
    }
    request.session[SESSION_PENDING] = pending
    return token


def _pending(request, token: str) -> PendingUpload | None:
    entry = request.session.get(SESSION_PENDING, {}).get(token)
    if not entry or entry.get("user") != request.user.pk:
        return None
    return PendingUpload(
        token=token,
        kind=entry["kind"],
        path=entry["path"],
        file_name=entry["file_name"],
        sha256=entry["sha256"],
        uploaded_at=datetime.datetime.fromisoformat(entry["uploaded_at"]),
    )


def _discard(request, upload: PendingUpload, outcome: str, record: ImportRecord | None = None) -> None:
    """Delete the stored file and remember how this upload ended, for a repeated submit."""
    default_storage.delete(upload.path)
    pending = dict(request.session.get(SESSION_PENDING, {}))
    pending.pop(upload.token, None)
    request.session[SESSION_PENDING] = pending
    finished = dict(request.session.get(SESSION_FINISHED, {}))
    finished[upload.token] = {"outcome": outcome, "record": record.pk if record else None}
    request.session[SESSION_FINISHED] = dict(list(finished.items())[-FINISHED_KEPT:])


def _sweep_stale_uploads() -> None:
    """Uploads nobody confirmed or cancelled (a closed tab, an ended session) do not pile up."""
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    limit = timezone.now() - PENDING_TTL
    for name in files:
        path = f"{UPLOAD_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError, OSError):
            continue


def _gone(request, token: str):
    """The answer to a preview, confirm or cancel of an upload this session no longer holds."""
    finished = request.session.get(SESSION_FINISHED, {}).get(token)
    if finished and finished["outcome"] == "imported":
        record = ImportRecord.objects.filter(pk=finished["record"]).first()
        when = f" ({timezone.localtime(record.created_at):%d.%m.%Y %H:%M})" if record else ""
        messages.warning(request, f"Этот файл уже загружен{when}; повторно он не записывается.")
    elif finished and finished["outcome"] == "cancelled":
        messages.warning(request, "Эта загрузка отменена; чтобы загрузить файл, выберите его снова.")
    else:
        messages.warning(
            request,
            "Предпросмотр устарел или уже использован: файл не записан повторно. "
            "Чтобы загрузить данные, выберите файл снова.",
        )
    return redirect("analytics_import")


# --- the form and the pages ----------------------------------------------------------------


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="Что загружается", help_text="Таблица, в которую запишутся строки файла.")
    file = forms.FileField(
        label="Файл",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
        help_text=(
            "CSV (UTF-8 или Windows-1251, разделитель — запятая или точка с запятой) или XLSX, "
            f"не больше {MAX_UPLOAD_SIZE // (1024 * 1024)} МБ."
        ),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, SCHEMAS[kind].title) for kind in kinds]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                f"Файл слишком большой: {upload.size / (1024 * 1024):.1f} МБ при пределе "
                f"{MAX_UPLOAD_SIZE // (1024 * 1024)} МБ. Разделите его на части или загрузите командой "
                "import_data."
            )
        return upload


class ImportPageMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"
    page_title = "Импорт данных"
    previewing = True

    def get_breadcrumbs_items(self):
        if not self.previewing:
            return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]
        return [
            *self.breadcrumbs_items,
            {"url": reverse("analytics_import"), "label": self.page_title},
            {"url": "", "label": "Предпросмотр"},
        ]

    def render(self, context, status=200, template_name=None):
        context = {**self.get_context_data(), **context}
        return TemplateResponse(self.request, template_name or self.template_name, context, status=status)

    def refuse(self):
        """A 403 page in the admin (Wagtail would turn PermissionDenied into a redirect home)."""
        self.previewing = False
        return self.render({}, status=403, template_name="analytics/admin/import_forbidden.html")


def _head(frame: pd.DataFrame) -> dict:
    """The first rows as the file has them, numbered as the spreadsheet numbers them."""
    head = frame.head(PREVIEW_ROWS)
    return {
        "columns": [str(c) for c in frame.columns],
        "rows": [(number, list(values)) for number, values in enumerate(head.itertuples(index=False), start=2)],
    }


def _preview_context(kind: str, file_name: str, frame: pd.DataFrame, validated) -> dict:
    row_problems = [p for p in validated.problems if p.row is not None]
    return {
        "kind": kind,
        "schema": SCHEMAS[kind],
        "file_name": file_name,
        "total_rows": len(frame),
        "head": _head(frame),
        "warnings": validated.warnings,
        "problems": row_problems[:MAX_PROBLEMS_SHOWN],
        "problems_total": len(row_problems),
        "problems_hidden": max(0, len(row_problems) - MAX_PROBLEMS_SHOWN),
        "rows_with_problems": len({p.row for p in row_problems}),
        "new_municipalities": validated.new_municipalities,
        "counts": count_changes(validated) if validated.ok else None,
    }


class ImportIndexView(ImportPageMixin, View):
    """The form (table and file), what each table's file holds, its templates, recent imports."""

    template_name = "analytics/admin/import_index.html"
    previewing = False

    def dispatch(self, request, *args, **kwargs):
        if not may_open_import_page(request.user):
            return self.refuse()
        self.kinds = importable_kinds(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render_index(UploadForm(kinds=self.kinds))

    def post(self, request):
        kind = request.POST.get("kind", "")
        if not self.kinds or (kind in SCHEMAS and kind not in self.kinds):
            return self.refuse()
        form = UploadForm(request.POST, request.FILES, kinds=self.kinds)
        if not form.is_valid():
            return self.render_index(form)
        upload = form.cleaned_data["file"]
        file_name = PurePath(upload.name).name[:300]
        data = upload.read()
        try:
            frame = read_table(data, file_name)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return self.render_index(form)
        validated = validate(kind, frame, registry_for(request.user))
        file_problems = [p for p in validated.problems if p.row is None]
        if file_problems:
            for problem in file_problems:
                form.add_error("file", str(problem))
            return self.render_index(form)
        if not validated.ok:
            # Nothing to confirm: the problems are shown and the file is not kept.
            self.template_name = "analytics/admin/import_preview.html"
            self.previewing = True
            self.page_subtitle = SCHEMAS[kind].title
            return self.render(_preview_context(kind, file_name, frame, validated))
        token = _stash(request, kind, file_name, data)
        return redirect("analytics_import_preview", token=token)

    def render_index(self, form):
        user = self.request.user
        kinds = [
            {
                "kind": kind,
                "title": schema.title,
                "columns": [(c.name, c.label, c.required) for c in schema.columns],
                "hint": schema.hint,
                "csv_url": reverse("analytics_import_template", args=[kind, "csv"]),
                "xlsx_url": reverse("analytics_import_template", args=[kind, "xlsx"]),
            }
            for kind, schema in SCHEMAS.items()
            if kind in self.kinds
        ]
        records = None
        if user.has_perm("analytics.view_importrecord"):
            records = list(ImportRecord.objects.select_related("user")[:20])
        context = {"form": form, "kinds": kinds, "records": records, "max_mb": MAX_UPLOAD_SIZE // 2**20}
        context["founds_registry"] = "schools" in self.kinds
        context["programme_records"] = any(SCHEMAS[kind].scoped for kind in self.kinds)
        return self.render(context)


class PendingUploadView(ImportPageMixin, View):
    """Base of the preview, confirm and cancel of one stored upload."""

    template_name = "analytics/admin/import_preview.html"

    def dispatch(self, request, token):
        self.upload = _pending(request, token)
        if self.upload is None:
            return _gone(request, token)
        if not can_import(request.user, self.upload.kind):
            return self.refuse()
        if self.upload.expired:
            _discard(request, self.upload, "expired")
            return _gone(request, token)
        self.page_subtitle = SCHEMAS[self.upload.kind].title
        return super().dispatch(request, token)

    def read_again(self):
        """(frame, validated) of the stored file, or None when it cannot be read any more."""
        data = self.upload.read()
        if data is None:
            return None
        try:
            frame = read_table(data, self.upload.file_name)
        except ImportFileError:
            return None
        return frame, validate(self.upload.kind, frame, registry_for(self.request.user))

    def show(self, frame, validated, status=200):
        context = _preview_context(self.upload.kind, self.upload.file_name, frame, validated)
        context["token"] = self.upload.token
        return self.render(context, status=status)


class ImportPreviewView(PendingUploadView):
    def get(self, request, token):
        again = self.read_again()
        if again is None:
            _discard(request, self.upload, "expired")
            return _gone(request, token)
        return self.show(*again)


class ImportConfirmView(PendingUploadView):
    http_method_names = ["post"]

    def post(self, request, token):
        again = self.read_again()
        if again is None:
            _discard(request, self.upload, "expired")
            return _gone(request, token)
        frame, validated = again
        if not validated.ok:
            # The registry changed since the preview: nothing is written, the problems are shown.
            messages.error(request, "Файл больше не проходит проверку: ничего не записано.")
            return self.show(frame, validated)
        with transaction.atomic():
            # Two clicks on «Загрузить» arrive together: the second waits here for the first and
            # then finds its record instead of writing the file again. (The same file uploaded
            # twice, in two tabs, and confirmed in both is also written once.)
            list(get_user_model().objects.select_for_update().filter(pk=request.user.pk).values_list("pk"))
            record = ImportRecord.objects.filter(
                user=request.user,
                source="admin",
                kind=self.upload.kind,
                sha256=self.upload.sha256,
                created_at__gte=self.upload.uploaded_at,
            ).first()
            if record is None:
                record = write(
                    validated,
                    file_name=self.upload.file_name,
                    digest=self.upload.sha256,
                    user=request.user,
                    source="admin",
                )
                # In the same transaction as the rows: the journal names every admin import.
                log_access(
                    request,
                    AccessLog.Action.IMPORT,
                    f"импорт №{record.pk}: {self.upload.kind}, {record.file_name}",
                    rows=record.rows,
                )
                created = True
            else:
                created = False
        _discard(request, self.upload, "imported", record)
        if not created:
            return _gone(request, token)
        text = (
            f"Загружено ({SCHEMAS[self.upload.kind].title}, «{record.file_name}»): строк {record.rows}, "
            f"создано {record.created}, обновлено {record.updated}."
        )
        if record.note:
            text += f" {record.note}."
        messages.success(request, text)
        return redirect("analytics_import")


class ImportCancelView(PendingUploadView):
    http_method_names = ["post"]

    def post(self, request, token):
        _discard(request, self.upload, "cancelled")
        messages.success(request, f"Загрузка файла «{self.upload.file_name}» отменена, файл удалён.")
        return redirect("analytics_import")


class ImportTemplateView(ImportPageMixin, View):
    """An empty file with the canonical columns of ``kind``, to fill in and upload."""

    def get(self, request, kind, fmt):
        if kind not in SCHEMAS or fmt not in ("csv", "xlsx"):
            raise Http404
        if not can_import(request.user, kind):
            return self.refuse()
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
