"""Registration for an occurrence of an event, without an account: the rules, no HTTP.

Who gets a seat is decided here and only here, inside one transaction holding a lock on the
occurrence row (``select_for_update``): PostgreSQL makes the second of two people racing for
the last seat wait until the first has taken it, so the second is counted against the new
total and goes to the waiting list. A cancellation frees the seat under the same lock and
hands it to the first person in the queue, who is told by e-mail.

People reach their registration through signed links (``django.core.signing``): the link
carries the registration's id and creation second under a salt only this module uses, so it
cannot be guessed from another link or forged, and a registration id alone opens nothing.

Every letter goes through ``base.mail.send_templated`` (the outbox and the background queue),
so it is sent after the transaction commits and survives a mail-server outage.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from base import pagecache
from base.consent import consent_record, live_consent
from base.mail import send_templated
from base.models import SiteSettings

from . import display, ical
from .models import EventOccurrence, EventPage, Registration
from .models.occurrences import seats_tag

logger = logging.getLogger(__name__)

PERSONAL = "personal"
CANCEL = "cancel"
_SALTS = {PERSONAL: "communities.registration.personal", CANCEL: "communities.registration.cancel"}
# A signed token is about 40 characters; anything far longer is not one of ours.
MAX_TOKEN_LENGTH = 200

# The reminder goes out within this time before the start (the schedule runs hourly).
REMINDER_LEAD = timedelta(hours=24)

# --- refusals ---------------------------------------------------------------------------------


class RegistrationRefused(Exception):
    """Registration (or its cancellation) is not possible; ``message`` says why, in Russian."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class AlreadyRegistered(RegistrationRefused):
    """This address already holds an active registration for the occurrence."""

    def __init__(self, registration: Registration):
        super().__init__(
            "На этот адрес электронной почты уже есть регистрация на это занятие. "
            "Мы можем ещё раз отправить на него письмо со ссылкой на вашу регистрацию.",
            "duplicate",
        )
        self.registration = registration


class InvalidLink(Exception):
    """A personal or cancel link that is not ours, was altered, or leads nowhere any more."""


NO_CONSENT = (
    "Регистрация временно закрыта: на сайте не опубликован текст согласия на обработку "
    "персональных данных. Попробуйте позже или свяжитесь с организаторами."
)


# --- times, as participants read them (communities.display writes them for the whole app) --------


def describe_time(occurrence: EventOccurrence) -> str:
    """«12 марта 2026, 15:00–17:00 (МСК, Europe/Moscow)», with the local time when it differs."""
    return display.when_text(occurrence.start, occurrence.end, occurrence.event.time_zone)


def describe_moment(moment: datetime) -> str:
    """«11 марта 2026, 18:00 (МСК)» in the site's zone (a deadline, a cancellation)."""
    zone_name = display.site_zone_name()
    local = moment.astimezone(ZoneInfo(zone_name))
    return f"{display.day_text(local.date())}, {local:%H:%M} ({display.zone_abbreviation(zone_name, moment)})"


# --- what the calendar says about an occurrence --------------------------------------------------


def calendar_consent(event: EventPage):
    """The consent text the event's calendar relies on, if it is chosen and published."""
    calendar = event.get_parent().specific
    return live_consent(getattr(calendar, "consent_page", None))


def registration_deadline(occurrence: EventOccurrence) -> datetime:
    """When registration for this occurrence closes.

    The page's deadline is written against its first occurrence; for a repeating event each
    occurrence gets the same lead time (a deadline one day before the first seminar of a weekly
    series means one day before each). Never later than the start: a seat is of no use then.
    """
    event = occurrence.event
    if event.registration_deadline is None:
        return occurrence.start
    if event.repeat == EventPage.Repeat.ONCE:
        deadline = event.registration_deadline
    else:
        deadline = occurrence.start - (event.start - event.registration_deadline)
    return min(deadline, occurrence.start)


OPEN = "open"
WAITING_LIST = "waiting_list"


@dataclass(frozen=True)
class Availability:
    """What a visitor may do about one occurrence now, and the figures behind it."""

    code: str  # OPEN, WAITING_LIST or the reason registration is closed
    message: str
    capacity: int | None
    confirmed: int
    waiting: int
    deadline: datetime | None

    @property
    def is_open(self) -> bool:
        return self.code in (OPEN, WAITING_LIST)

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)


def availability(occurrence: EventOccurrence, now: datetime | None = None) -> Availability:
    """Registration's state for one occurrence (consent aside: that belongs to the calendar)."""
    now = now or timezone.now()
    pagecache.depends_on(seats_tag(occurrence.pk))
    event = occurrence.event
    counts = {"confirmed": 0, "waiting": 0}
    if hasattr(occurrence, "confirmed_count"):
        # A listing annotated the figures (EventOccurrence.objects.with_seats()): no query per row.
        counts = {"confirmed": occurrence.confirmed_count, "waiting": occurrence.waiting_count}
    elif occurrence.pk:
        for status in Registration.objects.filter(occurrence=occurrence).active().values_list("status", flat=True):
            counts[status] += 1
    capacity = event.capacity
    deadline = registration_deadline(occurrence) if event.registration_required else None

    def state(code, message):
        return Availability(code, message, capacity, counts["confirmed"], counts["waiting"], deadline)

    if not EventOccurrence.objects.visible().filter(pk=occurrence.pk).exists():
        return state("hidden", "Это мероприятие не опубликовано, регистрация на него невозможна.")
    if occurrence.is_cancelled:
        return state("cancelled", "Занятие отменено, регистрация на него закрыта.")
    if not event.registration_required:
        return state("not_required", "Регистрация не нужна: участие свободное.")
    if now >= occurrence.start:
        if now < occurrence.end:
            return state("started", "Занятие уже идёт, регистрация закрыта.")
        return state("past", "Занятие уже прошло, регистрация закрыта.")
    if now >= deadline:
        return state("deadline", f"Регистрация закончилась {describe_moment(deadline)}.")
    if capacity is not None and counts["confirmed"] >= capacity:
        return state(
            WAITING_LIST,
            "Свободных мест нет. Можно записаться в лист ожидания: если кто-то откажется от участия, "
            "место перейдёт первому в очереди, и мы сообщим об этом письмом.",
        )
    return state(OPEN, "Регистрация открыта.")


# --- registering and cancelling ----------------------------------------------------------------


def _locked_occurrence(occurrence_id: int) -> EventOccurrence:
    """The occurrence row, locked until the transaction ends, with the page as it is now."""
    locked = EventOccurrence.objects.select_for_update().get(pk=occurrence_id)
    # The page is read after the lock: an editor may have cancelled it a moment ago.
    locked.event = EventPage.objects.get(pk=locked.event_id)
    return locked


def register(occurrence: EventOccurrence, data: dict, consent_page, now: datetime | None = None) -> Registration:
    """Register a person for ``occurrence``: a seat while there is one, the waiting list after.

    ``data`` holds ``full_name``, ``email``, ``position`` and either ``school`` (a registry
    School) or ``organisation`` (text). ``consent_page`` is the text the person agreed to; its
    edition is stored with the registration. Raises ``RegistrationRefused`` (or its
    ``AlreadyRegistered``) with the reason in Russian; nothing is stored then.
    """
    consent = live_consent(consent_page)
    if consent is None:
        raise RegistrationRefused(NO_CONSENT, "no_consent")
    email = data["email"].strip()
    with transaction.atomic():
        locked = _locked_occurrence(occurrence.pk)
        state = availability(locked, now)
        if not state.is_open:
            raise RegistrationRefused(state.message, state.code)
        existing = Registration.objects.active().filter(occurrence=locked, email__iexact=email).first()
        if existing is not None:
            raise AlreadyRegistered(existing)
        has_seat = state.capacity is None or state.confirmed < state.capacity
        school = data.get("school")
        try:
            # A savepoint: the constraint may still refuse (another spelling of the address
            # slipped past the look-up), and the outer transaction must stay usable to say so.
            with transaction.atomic():
                registration = Registration.objects.create(
                    occurrence=locked,
                    full_name=data["full_name"].strip(),
                    email=email,
                    school=school,
                    organisation="" if school else data.get("organisation", "").strip(),
                    position=data["position"].strip(),
                    status=Registration.Status.CONFIRMED if has_seat else Registration.Status.WAITING,
                    notified_sequence=locked.sequence,
                    **consent_record(consent),
                )
        except IntegrityError:
            existing = Registration.objects.active().filter(occurrence=locked, email__iexact=email).first()
            if existing is None:
                raise
            raise AlreadyRegistered(existing) from None
        registration.occurrence = locked
        if registration.is_confirmed:
            send_letter(registration, "confirmation", with_calendar=True)
        else:
            send_letter(registration, "waiting")
    return registration


def cancel(registration: Registration, now: datetime | None = None) -> Registration:
    """Cancel a registration; a seat it held goes to the first person waiting.

    Cancelling twice changes nothing and sends nothing the second time. After the start of the
    occurrence there is nothing to cancel: the refusal says so.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_occurrence(registration.occurrence_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        current.occurrence = locked
        if not current.is_active:
            return current
        if now >= locked.start and not locked.is_cancelled:
            raise RegistrationRefused(
                "Занятие уже началось или прошло, отменить регистрацию на него нельзя.", "started"
            )
        held_seat = current.is_confirmed
        current.status = Registration.Status.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        send_letter(current, "cancelled")
        if held_seat:
            fill_free_seats(locked, now)
    return current


def fill_free_seats(occurrence: EventOccurrence, now: datetime | None = None) -> list[Registration]:
    """Give free seats to the people waiting longest, and tell them. Call with the row locked.

    Seats free up when someone cancels or when an editor raises the capacity. Nobody is
    promoted into an occurrence that is cancelled, has started, or is no longer public.
    """
    now = now or timezone.now()
    event = occurrence.event
    if occurrence.is_cancelled or now >= occurrence.start or not event.registration_required:
        return []
    if not EventOccurrence.objects.visible().filter(pk=occurrence.pk).exists():
        return []
    queue = Registration.objects.filter(occurrence=occurrence).waiting().select_for_update()
    if event.capacity is None:
        promoted = list(queue)
    else:
        free = event.capacity - Registration.objects.filter(occurrence=occurrence).confirmed().count()
        promoted = list(queue[: max(free, 0)])
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        registration.occurrence = occurrence
        send_letter(registration, "promoted", with_calendar=True)
    return promoted


def resend_link(registration: Registration) -> None:
    """The letter with the personal link again, to the registered address only."""
    send_letter(registration, "link")


# --- what publishing an event changes for the people registered ---------------------------------


def event_published(event: EventPage, now: datetime | None = None) -> dict[str, int]:
    """After the occurrences follow a publication: tell people of moved or cancelled occurrences,
    and hand seats a raised capacity freed to the waiting list.

    Each registration remembers the occurrence ``sequence`` it was last told about; the sync
    raises the sequence when the time or status changes, so comparing the two finds exactly who
    has not heard of a change, however many times the page is published.
    """
    now = now or timezone.now()
    counts = {"cancelled": 0, "changed": 0, "promoted": 0}
    visible = set(EventOccurrence.objects.visible().filter(event=event).values_list("pk", flat=True))
    for occurrence_id in EventOccurrence.objects.filter(event=event).values_list("pk", flat=True):
        with transaction.atomic():
            locked = _locked_occurrence(occurrence_id)
            behind = Registration.objects.active().filter(occurrence=locked, notified_sequence__lt=locked.sequence)
            if locked.pk in visible and locked.end > now:
                letter = "event_cancelled" if locked.is_cancelled else "event_changed"
                for registration in behind:
                    registration.occurrence = locked
                    send_letter(registration, letter, with_calendar=True)
                    counts["cancelled" if locked.is_cancelled else "changed"] += 1
            behind.update(notified_sequence=locked.sequence)
            counts["promoted"] += len(fill_free_seats(locked, now))
    return counts


# --- the reminder the day before -----------------------------------------------------------------


def due_reminders(now: datetime | None = None):
    """Confirmed registrations whose occurrence starts within a day and who have not been reminded.

    People who registered (or were given a seat) inside that day have just had a letter with
    everything in it; a second one an hour later would be noise, so they are left out.
    """
    now = now or timezone.now()
    last_letter_before = F("occurrence__start") - REMINDER_LEAD
    return (
        Registration.objects.confirmed()
        .filter(
            reminded_at__isnull=True,
            occurrence__start__gt=now,
            occurrence__start__lte=now + REMINDER_LEAD,
            occurrence__cancelled=False,
            occurrence__in=EventOccurrence.objects.visible(),
            created_at__lte=last_letter_before,
        )
        .filter(Q(promoted_at__isnull=True) | Q(promoted_at__lte=last_letter_before))
        .exclude(occurrence__event__status=EventPage.Status.CANCELLED)
        .select_related("occurrence")
        .order_by("occurrence__start", "pk")
    )


def send_reminders(now: datetime | None = None) -> dict[str, int]:
    """Send each due reminder once, however often (or concurrently) the schedule runs."""
    now = now or timezone.now()
    counts = {"sent": 0, "skipped": 0}
    for registration in due_reminders(now):
        with transaction.atomic():
            # Claim first: a second run that finds the same row updates nothing and sends nothing.
            claimed = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True, status=Registration.Status.CONFIRMED
            ).update(reminded_at=now)
            if not claimed:
                counts["skipped"] += 1
                continue
            send_letter(registration, "reminder")
            counts["sent"] += 1
    return counts


# --- personal links ----------------------------------------------------------------------------


def _signer(kind: str) -> signing.Signer:
    return signing.Signer(salt=_SALTS[kind])


# Wagtail serves pages only at paths of letters, digits, "-" and "_", so the signer's ":" between
# the value and the signature is left out; the signature has a fixed length and is found again
# by counting from the end.
_SIGNATURE_LENGTH = len(signing.Signer(salt="length").signature("x"))


def make_token(registration: Registration, kind: str = PERSONAL) -> str:
    # The creation second ties the link to this very row: an id reused after a restore or a
    # purge does not open someone else's registration.
    payload = [registration.pk, int(registration.created_at.timestamp())]
    value, signature = _signer(kind).sign_object(payload).rsplit(":", 1)
    return value + signature


def read_token(token: str) -> tuple[Registration, str]:
    """The registration and the kind of link (PERSONAL or CANCEL) ``token`` was made for.

    Raises ``InvalidLink`` for anything else: altered, truncated, made with another salt or
    key, or of a registration that no longer exists.
    """
    if not token or len(token) <= _SIGNATURE_LENGTH or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidLink
    signed = f"{token[:-_SIGNATURE_LENGTH]}:{token[-_SIGNATURE_LENGTH:]}"
    for kind in _SALTS:
        try:
            payload = _signer(kind).unsign_object(signed)
        except (signing.BadSignature, ValueError, TypeError, UnicodeError):
            continue
        if not (isinstance(payload, list) and len(payload) == 2 and all(type(part) is int for part in payload)):
            raise InvalidLink
        registration = Registration.objects.select_related("occurrence", "school").filter(pk=payload[0]).first()
        if registration is None or int(registration.created_at.timestamp()) != payload[1]:
            raise InvalidLink
        return registration, kind
    raise InvalidLink


def event_url(event: EventPage) -> str:
    """The page's absolute address on its site (WAGTAILADMIN_BASE_URL when no site routes it)."""
    url = event.get_full_url()
    if url:
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (event.get_url() or "/")


def registration_url(registration: Registration, kind: str = PERSONAL) -> str:
    event = registration.occurrence.event
    return event_url(event) + event.reverse_subpage("registration", kwargs={"token": make_token(registration, kind)})


def register_url(event: EventPage, occurrence: EventOccurrence) -> str:
    """The form's path on the site (relative: pages link to it)."""
    return (event.get_url() or "") + event.reverse_subpage("register", kwargs={"occurrence_id": occurrence.pk})


# --- letters -------------------------------------------------------------------------------------


def shows_online_link(registration: Registration) -> bool:
    """The broadcast link goes to confirmed participants only: a waiting person has no seat."""
    event = registration.occurrence.event
    return (
        registration.is_confirmed
        and bool(event.online_url)
        and event.format in (EventPage.Format.ONLINE, EventPage.Format.MIXED)
        and not registration.occurrence.is_cancelled
    )


def letter_context(registration: Registration) -> dict:
    occurrence = registration.occurrence
    event = occurrence.event
    site = event.get_site()
    organisation = SiteSettings.for_site(site).organisation_name if site else ""
    return {
        "registration": registration,
        "occurrence": occurrence,
        "event": event,
        "when": describe_time(occurrence),
        "when_short": describe_moment(occurrence.start),
        "place": event.place if event.format != EventPage.Format.ONLINE else "",
        "online_url": event.online_url if shows_online_link(registration) else "",
        "waiting_place": registration.waiting_place(),
        "event_url": event_url(event),
        "personal_url": registration_url(registration, PERSONAL),
        "cancel_url": registration_url(registration, CANCEL),
        "organisation_name": organisation or "Институт развития образования",
        "hours": event.hours,
    }


def calendar_attachment(occurrence: EventOccurrence):
    """The occurrence as a one-event iCalendar file (``communities.ical`` builds it); the outbox
    stores attachments as text."""
    return ("event.ics", ical.occurrence_calendar(occurrence).decode("utf-8"), "text/calendar")


def send_letter(registration: Registration, name: str, *, with_calendar: bool = False):
    """Store the letter ``communities/email/<name>`` for the person (sent after commit)."""
    attachments = [calendar_attachment(registration.occurrence)] if with_calendar else []
    return send_templated(
        [registration.email],
        f"communities/email/{name}",
        letter_context(registration),
        purpose=f"communities.{name}",
        attachments=attachments,
    )
