"""The service's work in the Wagtail admin: the list of requests, a request's card with its
actions (take, assign, return to the queue, reply, close, note), and the figures.

Every view reads requests through ``parents.access.visible_requests``: a request that is not
the user's to see answers 404, by link or by typed URL, exactly as one that does not exist.
An action the user may not take on a request they do see is refused with a message.
"""

from __future__ import annotations

import csv
import datetime

import django_filters

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Q, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import DeleteView, EditView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView

from registry.models import Municipality

from . import access, figures, workflow
from .choices import FORMAT_SHORT, OPEN_STATUSES, Format, Status
from .forms import AssignForm, CloseForm, NoteForm, ReleaseForm, ReplyForm
from .models import ConsultationRequest, ConsultationTopic
from .references import normalise

URL_NAMESPACE = "parents_requests"


def card_url(consultation) -> str:
    return reverse(f"{URL_NAMESPACE}:inspect", args=[consultation.pk])


def _scoped(user):
    return access.visible_requests(user).select_related("topic", "consultant", "municipality", "school")


# --- The list ----------------------------------------------------------------------------------


class RequestFilterSet(WagtailFilterSet):
    whose = django_filters.ChoiceFilter(
        label="Чьи обращения",
        choices=[("mine", "Мои"), ("queue", "Очередь: ещё не назначены")],
        method="filter_whose",
        empty_label="Все, что мне видны",
    )
    status = django_filters.MultipleChoiceFilter(
        label="Состояние", choices=Status.choices, widget=forms.CheckboxSelectMultiple
    )
    deadline = django_filters.ChoiceFilter(
        label="Срок ответа",
        choices=[("overdue", "Просрочено"), ("soon", "Истекает в ближайшие 3 дня")],
        method="filter_deadline",
        empty_label="Любой",
    )
    topic = django_filters.ModelChoiceFilter(label="Тема", queryset=ConsultationTopic.objects.all())
    municipality = django_filters.ModelChoiceFilter(label="Муниципалитет", queryset=Municipality.objects.all())
    consultant = django_filters.ModelChoiceFilter(label="Консультант", queryset=lambda request: access.consultants())
    created_at = django_filters.DateFromToRangeFilter(label="Поступило", widget=DateRangePickerWidget)

    class Meta:
        model = ConsultationRequest
        fields = []

    def filter_whose(self, queryset, name, value):
        if value == "mine":
            return queryset.filter(consultant=self.request.user)
        if value == "queue":
            return queryset.filter(consultant__isnull=True, status=Status.NEW)
        return queryset

    def filter_deadline(self, queryset, name, value):
        if value == "overdue":
            return queryset.overdue()
        if value == "soon":
            return queryset.due_soon()
        return queryset


class DueColumn(Column):
    """The answer's last day, with «просрочено» next to it when it has passed."""

    cell_template_name = "parents/admin/due_cell.html"


class RequestIndexView(IndexView):
    default_ordering = "due_date"

    def get_base_queryset(self):
        return _scoped(self.request.user)

    def order_queryset(self, queryset):
        # By default the work to do comes first, soonest deadline on top; answered and closed
        # requests follow, so a closed request's old date never hides an open one.
        if self.ordering == self.default_ordering:
            open_first = Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1))
            return queryset.order_by(open_first, "due_date", "-pk")
        return super().order_queryset(queryset)

    def search_queryset(self, queryset):
        # A reference typed any way (lower case, Latin «K», spaces) finds its request.
        reference = normalise(self.search_query or "")
        if reference:
            return queryset.filter(reference=reference)
        return super().search_queryset(queryset)

    @cached_property
    def columns(self):
        return [
            TitleColumn("reference", label="Номер", get_url=self.get_inspect_url, sort_key="reference"),
            DateColumn("created_at", label="Поступило", sort_key="created_at"),
            Column("topic", label="Тема"),
            StatusTagColumn("get_status_display", label="Состояние", sort_key="status", primary=lambda r: r.is_open),
            Column("consultant_name", label="Консультант", accessor=_consultant_name),
            Column("format", label="Формат", accessor=lambda r: FORMAT_SHORT[Format(r.preferred_format)]),
            DueColumn("due_date", label="Ответить до", sort_key="due_date"),
        ]

    def get_edit_url(self, instance):
        if access.can_change(self.request.user, instance):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        return None  # deleting is done from the card, deliberately


def _consultant_name(consultation) -> str:
    if consultation.consultant is None:
        return "— в очереди —"
    return consultation.consultant.get_full_name() or consultation.consultant.get_username()


# --- The card and the standard views, scoped ---------------------------------------------------


class RequestCardView(InspectView):
    template_name = "parents/admin/request_card.html"

    def get_object(self, queryset=None):
        return get_object_or_404(_scoped(self.request.user), pk=self.pk)

    def get_page_subtitle(self):
        return self.object.reference

    def get_edit_url(self):
        if access.can_change(self.request.user, self.object):
            return super().get_edit_url()
        return None

    def get_delete_url(self):
        if access.is_supervisor(self.request.user) and self.request.user.has_perm("parents.delete_consultationrequest"):
            return super().get_delete_url()
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, consultation = self.request.user, self.object
        context.update(
            {
                "consultation": consultation,
                "history": consultation.history.select_related("user"),
                "notes": consultation.notes.all(),
                "note_form": NoteForm(),
                "can": {
                    "take": access.can_take(user, consultation),
                    "assign": access.can_assign(user, consultation),
                    "release": access.can_release(user, consultation),
                    "reply": access.can_reply(user, consultation),
                    "close": access.can_close(user, consultation),
                    "note": access.can_note(user, consultation),
                },
                "urls": {
                    name: reverse(f"{URL_NAMESPACE}:{name}", args=[consultation.pk])
                    for name in ("take", "assign", "release", "reply", "close", "note")
                },
                "format_label": FORMAT_SHORT[Format(consultation.preferred_format)],
            }
        )
        return context


class RequestEditView(EditView):
    def get_queryset(self):
        return _scoped(self.request.user)

    def get_object(self, queryset=None):
        consultation = super().get_object(queryset)
        if not access.can_change(self.request.user, consultation):
            raise PermissionDenied
        return consultation

    def get_success_url(self):
        return card_url(self.object)


class RequestDeleteView(DeleteView):
    def get_queryset(self):
        return _scoped(self.request.user)


class RequestHistoryView(HistoryView):
    def get_base_object_queryset(self):
        return _scoped(self.request.user)


class RequestUsageView(UsageView):
    def get_base_object_queryset(self):
        return _scoped(self.request.user)


# --- Actions -----------------------------------------------------------------------------------


class RequestActionView(WagtailAdminTemplateMixin, FormView):
    """One step of the workflow on one request: a small form page (GET) and its post.

    The object is looked up in the user's scope first (404 otherwise); then ``allowed`` says
    whether this user may take this step on it now; if not, the card says why.
    """

    template_name = "parents/admin/action_form.html"
    header_icon = "mail"
    form_class = forms.Form
    action = ""
    submit_label = "Сохранить"
    refusal = "Это действие сейчас недоступно."
    intro = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(_scoped(request.user), pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed():
            messages.error(request, self.refusal)
            return redirect(card_url(self.object))
        return super().dispatch(request, *args, **kwargs)

    def allowed(self) -> bool:
        raise NotImplementedError

    def get_page_subtitle(self):
        return self.object.reference

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{URL_NAMESPACE}:index"), "label": "Обращения родителей"},
            {"url": card_url(self.object), "label": self.object.reference},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "consultation": self.object,
                "submit_label": self.submit_label,
                "intro": self.intro,
                "action_url": self.request.path,
                "card_url": card_url(self.object),
            }
        )
        return context

    def form_valid(self, form):
        try:
            message = self.perform(form)
        except workflow.WorkflowError as error:
            messages.error(self.request, str(error))
            return redirect(card_url(self.object))
        except PermissionDenied as refusal:
            messages.error(self.request, str(refusal) or self.refusal)
            return redirect(card_url(self.object))
        messages.success(self.request, message)
        return redirect(card_url(self.object))

    def perform(self, form) -> str:
        raise NotImplementedError


class TakeView(RequestActionView):
    page_title = "Взять в работу"
    submit_label = "Взять в работу"
    refusal = "Взять в работу можно только новое обращение из очереди, и только консультанту."
    intro = "Обращение будет назначено вам, и руководитель службы увидит это в истории."

    def allowed(self):
        return access.can_take(self.request.user, self.object)

    def perform(self, form):
        workflow.take(self.object, self.request.user)
        return f"Обращение {self.object.reference} назначено вам."


class AssignView(RequestActionView):
    page_title = "Назначить консультанта"
    form_class = AssignForm
    submit_label = "Назначить"
    refusal = "Назначать консультантов может руководитель службы, пока обращение не получило ответ."
    intro = "Консультант получит письмо со ссылкой на обращение (без персональных данных заявителя)."

    def allowed(self):
        return access.can_assign(self.request.user, self.object)

    def get_initial(self):
        return {"consultant": self.object.consultant_id}

    def perform(self, form):
        consultant = form.cleaned_data["consultant"]
        workflow.assign(self.object, consultant, self.request.user, form.cleaned_data["note"])
        return (
            f"Обращение {self.object.reference} назначено: {consultant.get_full_name() or consultant.get_username()}."
        )


class ReleaseView(RequestActionView):
    page_title = "Вернуть в очередь"
    form_class = ReleaseForm
    submit_label = "Вернуть в очередь"
    refusal = "Вернуть в очередь можно только назначенное вам обращение."
    intro = "Обращение снова станет новым, и его сможет взять другой консультант."

    def allowed(self):
        return access.can_release(self.request.user, self.object)

    def perform(self, form):
        workflow.release(self.object, self.request.user, form.cleaned_data["note"])
        return f"Обращение {self.object.reference} возвращено в очередь."


class ReplyView(RequestActionView):
    page_title = "Ответить заявителю"
    form_class = ReplyForm
    submit_label = "Отправить ответ"
    refusal = "Ответить может консультант, которому назначено обращение."
    template_name = "parents/admin/reply_form.html"

    def allowed(self):
        return access.can_reply(self.request.user, self.object)

    def get_initial(self):
        return {"text": self.object.answer}

    def perform(self, form):
        consultation = workflow.reply(self.object, self.request.user, form.cleaned_data["text"])
        if consultation.email:
            return f"Ответ записан и отправлен на {consultation.email}."
        return "Ответ записан. Заявитель не оставил e-mail: сообщите ему ответ по телефону."


class CloseView(RequestActionView):
    page_title = "Закрыть обращение"
    form_class = CloseForm
    submit_label = "Закрыть обращение"
    refusal = "Закрыть можно только своё обращение (или любое — руководителю службы)."

    def allowed(self):
        return access.can_close(self.request.user, self.object)

    @property
    def intro(self):
        if self.object.status == Status.ANSWERED:
            return "Заявителю уже ответили. Закрытое обращение хранится установленный срок, затем обезличивается."
        return "Заявителю ещё не ответили: напишите, почему обращение закрывается без ответа."

    def perform(self, form):
        workflow.close(self.object, self.request.user, form.cleaned_data["note"])
        return f"Обращение {self.object.reference} закрыто."


class NoteView(RequestActionView):
    page_title = "Служебная заметка"
    form_class = NoteForm
    submit_label = "Добавить заметку"
    refusal = "Заметки можно писать к обращениям, которые вы ведёте."

    def allowed(self):
        return access.can_note(self.request.user, self.object)

    def perform(self, form):
        workflow.add_note(self.object, self.request.user, form.cleaned_data["text"])
        return "Заметка добавлена."


# --- Figures -----------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="С", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(label="По", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError("Начало периода позже его конца.")
        return data


class FiguresView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "parents/admin/figures.html"
    page_title = "Показатели консультационной службы"
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not access.can_see_figures(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def period(self):
        start, end = figures.default_period()
        form = PeriodForm(self.request.GET or None)
        if form.is_bound and form.is_valid():
            start = form.cleaned_data["start"] or start
            end = form.cleaned_data["end"] or end
            if start > end:
                start, end = end, start
        # Ten years back is plenty and keeps a typed year 0001 from walking millennia of months.
        start = max(start, end - datetime.timedelta(days=3660))
        if not form.is_bound:
            form = PeriodForm(initial={"start": start, "end": end})
        return form, start, end

    def get(self, request, *args, **kwargs):
        form, start, end = self.period()
        result = figures.compute(start, end)
        if request.GET.get("format") == "csv":
            return _figures_csv(result)
        context = self.get_context_data(form=form, figures=result, **kwargs)
        context["overdue_url"] = reverse(f"{URL_NAMESPACE}:index") + "?deadline=overdue"
        context["csv_query"] = request.GET.copy()
        context["csv_query"]["format"] = "csv"
        return self.render_to_response(context)


def _figures_csv(result: figures.Figures) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="consultations-{result.start:%Y%m%d}-{result.end:%Y%m%d}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["Раздел", "Показатель", "Значение"])
    for section, label, value in result.rows():
        # Topic and municipality names are typed by people: never let a spreadsheet run them.
        text = str(label)
        writer.writerow([section, "'" + text if text[:1] in "=+-@\t\r" else text, value])
    return response


# --- The admin home page -----------------------------------------------------------------------


def summary_for(user) -> dict | None:
    """Counts for the admin home page of a consultant or a supervisor; None for others."""
    if not (access.is_supervisor(user) or user.has_perm(access.VIEW)):
        return None
    visible = access.visible_requests(user)
    today = timezone.localdate()
    mine = visible.filter(consultant=user).open()
    return {
        "mine": mine.count(),
        "mine_overdue": mine.filter(due_date__lt=today).count(),
        "queue": visible.filter(Q(consultant__isnull=True) & Q(status=Status.NEW)).count(),
        "overdue": visible.overdue(today).count() if access.is_supervisor(user) else None,
        "index_url": reverse(f"{URL_NAMESPACE}:index"),
    }
