"""Registration for an occurrence of an event, without an account (routes of EventPage).

``register`` is the public form; ``manage`` is the participant's own page behind a signed
link (status, the broadcast link for confirmed participants, the .ics, cancelling). The rules
live in ``communities.registration``; this module turns requests into calls and refusals into
Russian messages. Nothing here answers with a server error: unknown occurrences and altered
links get a page that says what happened.
"""

from django_ratelimit.decorators import ratelimit

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone

from base.consent import consent_field
from base.http import keep_private
from communities import ical
from communities import registration as service
from communities.models import EventOccurrence, Registration
from registry.models import School

# Registrations per visitor's address and per e-mail an hour. A school's computer class sits
# behind one address and may register a dozen teachers in a row; a script needs far more.
RATE_PER_IP = settings.EVENT_REGISTRATION_RATE_PER_IP
RATE_PER_EMAIL = settings.EVENT_REGISTRATION_RATE_PER_EMAIL
TOO_MANY = "Слишком много попыток регистрации с вашего адреса. Попробуйте снова через час."
# Ids beyond a 64-bit integer make the database raise instead of finding nothing.
MAX_ID = 2**63 - 1

HONEYPOT = "homepage"
SPAM = "Форма заполнена не так, как её заполняет человек. Обновите страницу и попробуйте ещё раз."
NO_SCHOOL = "Выберите школу из списка или, если её там нет, напишите название организации."


def school_choices():
    """Registry schools grouped by municipality, as the select shows them."""
    groups = {}
    rows = School.objects.order_by("municipality__name", "name").values_list("pk", "name", "municipality__name")
    for pk, name, municipality in rows:
        groups.setdefault(municipality, []).append((str(pk), name))
    return [("", "— выберите школу —"), *groups.items()]


class SchoolField(forms.ChoiceField):
    """A registry school picked from the grouped list; cleans to the School itself."""

    def __init__(self, **kwargs):
        super().__init__(choices=school_choices, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        school = School.objects.filter(pk=value).first()
        if school is None:
            raise forms.ValidationError("Такой школы нет в списке. Выберите школу ещё раз.")
        return school


class RegistrationForm(forms.Form):
    full_name = forms.CharField(
        label="Фамилия, имя, отчество",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Укажите фамилию, имя и отчество."},
    )
    email = forms.EmailField(
        label="Электронная почта",
        max_length=254,
        help_text="На неё придут подтверждение, ссылка для отмены и напоминание.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Укажите адрес электронной почты.",
            "invalid": "Проверьте адрес электронной почты: он должен выглядеть как name@example.ru.",
        },
    )
    school = SchoolField(
        label="Школа",
        required=False,
        help_text="Из реестра школ региона. Если вашей организации в нём нет, заполните поле ниже.",
        error_messages={"invalid_choice": "Такой школы нет в списке. Выберите школу ещё раз."},
    )
    organisation = forms.CharField(
        label="Организация, если её нет в списке",
        max_length=300,
        required=False,
        help_text="Например: детский сад, колледж, управление образования.",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    position = forms.CharField(
        label="Должность",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        error_messages={"required": "Укажите должность, например: учитель математики."},
    )
    # Hidden from people by the stylesheet, filled in by bots that fill in everything.
    homepage = forms.CharField(label="Сайт (не заполняйте это поле)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"] = consent_field()
        # Django only sets ``maxlength`` on the input; a hand-made post is checked here too.
        for name in ("full_name", "organisation", "position"):
            field = self.fields[name]
            if not any(isinstance(v, MaxLengthValidator) for v in field.validators):
                field.validators.append(MaxLengthValidator(field.max_length))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT):
            raise forms.ValidationError(SPAM, code="spam")
        if cleaned.get("school"):
            cleaned["organisation"] = ""
        elif "school" not in self.errors and not cleaned.get("organisation"):
            self.add_error("organisation", NO_SCHOOL)
        return cleaned


class ResendForm(forms.Form):
    email = forms.EmailField(max_length=254)


def _unavailable(request, event, title, message, status=404):
    context = {"page": event, "event": event, "title": title, "message": message}
    return keep_private(render(request, "communities/registration/unavailable.html", context, status=status))


def _personal_path(registration, kind=service.PERSONAL):
    event = registration.occurrence.event
    token = service.make_token(registration, kind)
    return event.get_url() + event.reverse_subpage("registration", kwargs={"token": token})


@ratelimit(key="ip", rate=RATE_PER_IP, method="POST", block=False)
@ratelimit(key="post:email", rate=RATE_PER_EMAIL, method="POST", block=False)
def register(request, event, occurrence_id):
    occurrence = None
    if occurrence_id <= MAX_ID:
        occurrence = EventOccurrence.objects.filter(pk=occurrence_id, event=event).first()
    if occurrence is None:
        return _unavailable(
            request,
            event,
            "Занятие не найдено",
            "У этого мероприятия нет такого занятия. Выберите дату на странице мероприятия.",
        )
    occurrence.event = event
    consent = service.calendar_consent(event)
    state = service.availability(occurrence)
    context = {
        "page": event,
        "event": event,
        "occurrence": occurrence,
        "when": service.describe_time(occurrence),
        "state": state,
        "consent": consent,
        "deadline_text": service.describe_moment(state.deadline) if state.deadline else "",
    }
    if request.method == "POST" and request.POST.get("action") == "resend":
        return _resend(request, occurrence, context)

    form = None
    status = 200
    if consent is not None and state.is_open:
        if request.method == "POST":
            form = RegistrationForm(request.POST)
            if getattr(request, "limited", False):
                form.is_valid()
                form.add_error(None, TOO_MANY)
                status = 429
            elif form.is_valid():
                try:
                    registration = service.register(occurrence, form.cleaned_data, consent)
                except service.AlreadyRegistered as refusal:
                    form.add_error(None, refusal.message)
                    context["already_registered"] = form.cleaned_data["email"]
                except service.RegistrationRefused as refusal:
                    form.add_error(None, refusal.message)
                    context["state"] = service.availability(occurrence)
                else:
                    registration.occurrence.event = event
                    return HttpResponseRedirect(_personal_path(registration) + "?new=1")
        else:
            form = RegistrationForm()
    context["form"] = form
    return keep_private(render(request, "communities/registration/form.html", context, status=status))


def _resend(request, occurrence, context):
    """Send the personal link again to a registered address (to it and nowhere else).

    The answer is the same whether or not the address is registered, so the form cannot be used
    to find out who signed up.
    """
    status = 200
    if getattr(request, "limited", False):
        context["resend_message"] = TOO_MANY
        status = 429
    else:
        form = ResendForm(request.POST)
        if form.is_valid():
            registration = (
                Registration.objects.active()
                .filter(occurrence=occurrence, email__iexact=form.cleaned_data["email"])
                .first()
            )
            if registration is not None:
                registration.occurrence = occurrence
                service.resend_link(registration)
            context["resend_message"] = (
                "Если на этот адрес есть регистрация на занятие, письмо со ссылкой на неё уже отправлено. "
                "Проверьте почту, в том числе папку «Спам»."
            )
        else:
            context["resend_message"] = "Проверьте адрес электронной почты."
            status = 400
    context["form"] = None
    return keep_private(render(request, "communities/registration/resent.html", context, status=status))


INVALID_LINK = (
    "Ссылка недействительна: она могла быть скопирована не полностью или изменена. "
    "Откройте ссылку из письма о регистрации ещё раз или зарегистрируйтесь заново на странице мероприятия."
)


def manage(request, event, token):
    try:
        registration, kind = service.read_token(token)
    except service.InvalidLink:
        return _unavailable(request, event, "Ссылка недействительна", INVALID_LINK)
    if registration.occurrence.event_id != event.pk:
        # A genuine link, but of another event's registration: nothing of it is shown here.
        return _unavailable(request, event, "Ссылка недействительна", INVALID_LINK)
    occurrence = registration.occurrence
    occurrence.event = event

    if request.GET.get("format") == "ics":
        return _calendar_file(request, event, registration)

    context = {
        "page": event,
        "event": event,
        "occurrence": occurrence,
        "registration": registration,
        "when": service.describe_time(occurrence),
        "online_url": event.online_url if service.shows_online_link(registration) else "",
        "waiting_place": registration.waiting_place(),
        "personal_path": _personal_path(registration),
        "cancel_path": _personal_path(registration, service.CANCEL),
        "just_registered": request.GET.get("new") == "1" and registration.is_active,
        "just_cancelled": request.GET.get("cancelled") == "1" and not registration.is_active,
        "can_cancel": registration.is_active and (occurrence.is_cancelled or not _started(occurrence)),
    }
    status = 200
    if request.method == "POST":
        if request.POST.get("action") != "cancel":
            context["error"] = "Не понятно, что сделать с регистрацией. Воспользуйтесь кнопками на странице."
            status = 400
        else:
            try:
                service.cancel(registration)
            except service.RegistrationRefused as refusal:
                context["error"] = refusal.message
                status = 409
            else:
                return HttpResponseRedirect(context["personal_path"] + "?cancelled=1")
    confirming = kind == service.CANCEL or request.GET.get("cancel") == "1"
    template = "cancel" if confirming and context["can_cancel"] and status == 200 else "detail"
    if not registration.is_active and state_allows_return(occurrence):
        context["register_path"] = service.register_url(event, occurrence)
    return keep_private(render(request, f"communities/registration/{template}.html", context, status=status))


def _started(occurrence):
    return timezone.now() >= occurrence.start


def state_allows_return(occurrence) -> bool:
    return service.availability(occurrence).is_open and service.calendar_consent(occurrence.event) is not None


def _calendar_file(request, event, registration):
    if not registration.is_active:
        return _unavailable(
            request,
            event,
            "Регистрация отменена",
            "Регистрация отменена, поэтому файла для календаря по этой ссылке больше нет.",
        )
    content = ical.occurrence_calendar(registration.occurrence, request)
    return keep_private(ical.ical_response(content, "event.ics", attachment=True))
