"""Partnership agreements started from the engine's suggestions, their DOCX, and the scoped
download of the programme's private documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from analytics.access import log_access, scoped
from analytics.agreements import ADD_PERMISSION, can_start, start_agreement, suggestion_for_pair
from analytics.documents.agreement import content_disposition, render_agreement
from analytics.models import (
    AccessLog,
    ImprovementProgramme,
    ImprovementProgrammeReport,
    MunicipalProgramme,
    Partnership,
)
from analytics.programme_scope import records_in_scope

from .common import clean_text

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CODE_LIMIT = 20  # School.code's max_length


def _partnership_or_404(scope, pk) -> Partnership:
    """The agreement if either of its schools is in scope; otherwise it looks unknown (404)."""
    partnership = (
        Partnership.objects.select_related("low_school__municipality", "strong_school__municipality")
        .filter(pk=pk)
        .first()
    )
    if partnership is None or not (
        scope.can_view_school(partnership.low_school) or scope.can_view_school(partnership.strong_school)
    ):
        raise Http404("Соглашение не найдено")
    return partnership


def _posted_year(request) -> int | None:
    try:
        return int(clean_text(request.POST.get("year"), 4))
    except ValueError:
        return None


@require_POST
@scoped(need="list")
def start(request, scope):
    """Start the draft agreement of one suggested pair.

    The pair is recomputed here from the records and the viewer's scope: the posted codes only
    say which suggestion was chosen, so a forged pair (a school outside the scope, a partner the
    engine does not offer, a school with itself) starts nothing.
    """
    if not can_start(request.user, scope):
        log_access(request, AccessLog.Action.DENIED, "проект соглашения")
        raise PermissionDenied
    low = scope.school_or_404(clean_text(request.POST.get("low"), CODE_LIMIT))
    strong_code = clean_text(request.POST.get("strong"), CODE_LIMIT)
    suggestion = suggestion_for_pair(scope, low, strong_code, _posted_year(request))
    if suggestion is None:
        messages.error(
            request,
            "Эта пара школ не входит в предложения партнёров: у школы уже есть действующее соглашение, "
            "она не участвует в программе в этом году или выбранная школа-партнёр ей не подходит. "
            "Проект соглашения не создан.",
        )
        return redirect("analytics:school", low.code)
    if not suggestion.strong_in_scope:
        messages.error(
            request,
            "Соглашение со школой другого муниципалитета готовит региональный аналитик. Проект соглашения не создан.",
        )
        return redirect("analytics:school", low.code)
    partnership, created = start_agreement(suggestion)
    if created:
        messages.success(
            request,
            f"Подготовлен проект соглашения: {low.name} и {suggestion.strong_school.name}. "
            "Проверьте направления сотрудничества и срок, скачайте документ на подпись.",
        )
    else:
        messages.info(request, "Проект соглашения этих школ уже был подготовлен — он открыт.")
    return redirect("analytics:agreement", partnership.pk)


def _can_edit(user, partnership) -> bool:
    """Whether the admin would let this user edit the agreement (its permission policy decides,
    so a scoped policy of the programme's admin is respected here too)."""
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    viewset = getattr(Partnership, "snippet_viewset", None)
    if viewset is None:
        return user.has_perm("analytics.change_partnership")
    return viewset.permission_policy.user_has_permission_for_instance(user, "change", partnership)


@scoped()
def detail(request, scope, pk):
    partnership = _partnership_or_404(scope, pk)
    log_access(request, AccessLog.Action.VIEW, f"соглашение {partnership.pk}")
    return render(
        request,
        "analytics/agreement.html",
        {
            "scope": scope,
            "section": "programme",
            "partnership": partnership,
            "directions": list(partnership.directions.order_by("order", "pk")),
            "low_visible": scope.can_view_school(partnership.low_school),
            "strong_visible": scope.can_view_school(partnership.strong_school),
            "can_edit": _can_edit(request.user, partnership),
            "can_add": request.user.has_perm(ADD_PERMISSION),
        },
    )


@scoped()
def docx(request, scope, pk):
    partnership = _partnership_or_404(scope, pk)
    log_access(request, AccessLog.Action.EXPORT, f"соглашение {partnership.pk}")
    response = HttpResponse(render_agreement(partnership), content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition(partnership)
    return response


# record slug -> (model, file field). Who may read follows the records' scope
# (analytics.programme_scope); an agreement is also readable by its partner school's side,
# as its page is.
PRIVATE_RECORDS = {
    "agreement": (Partnership, "signed_file"),
    "school-programme": (ImprovementProgramme, "document"),
    "programme-report": (ImprovementProgrammeReport, "document"),
    "municipal-programme": (MunicipalProgramme, "document"),
}


@scoped()
def private_file(request, scope, record, pk):
    """A document of the programme's records from the private storage, to a reader in scope.

    Out of scope, unknown, without a file, or a file gone from the storage: all the same 404.
    """
    if record not in PRIVATE_RECORDS:
        raise Http404("Документ не найден")
    model, field = PRIVATE_RECORDS[record]
    if model is Partnership:
        item = _partnership_or_404(scope, pk)
    else:
        item = records_in_scope(model, scope).filter(pk=pk).first()
    if item is None:
        raise Http404("Документ не найден")
    document = getattr(item, field)
    if not document:
        raise Http404("Документ не найден")
    try:
        handle = document.storage.open(document.name, "rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404("Документ не найден") from missing
    log_access(request, AccessLog.Action.EXPORT, f"{record} {item.pk}")
    filename = document.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
