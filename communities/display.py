"""How dates and times of events read on the site, in e-mails and in feeds' descriptions.

Visitors read times in the site's zone (Europe/Moscow in the region), with the zone named,
because a teacher in another zone joining a webinar must not have to guess; when the event's
own zone differs (an internship in Kaliningrad, a conference abroad), its local time is shown
too. Month names are written out here rather than taken from the active translation: the same
text goes into e-mails sent by the background queue, where no language is activated.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

MONTHS_GENITIVE = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
MONTHS_NOMINATIVE = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]
WEEKDAYS = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"]
WEEKDAYS_SHORT = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]

# Zones of Russia (tzdata's zone1970.tab), named as Russians name them: by the offset from
# Moscow time. Zones elsewhere keep their own abbreviation (CET, CEST) or a UTC offset.
RUSSIAN_ZONES = frozenset(
    {
        "Europe/Kaliningrad",
        "Europe/Moscow",
        "Europe/Simferopol",
        "Europe/Kirov",
        "Europe/Volgograd",
        "Europe/Astrakhan",
        "Europe/Saratov",
        "Europe/Ulyanovsk",
        "Europe/Samara",
        "Asia/Yekaterinburg",
        "Asia/Omsk",
        "Asia/Novosibirsk",
        "Asia/Barnaul",
        "Asia/Tomsk",
        "Asia/Novokuznetsk",
        "Asia/Krasnoyarsk",
        "Asia/Irkutsk",
        "Asia/Chita",
        "Asia/Yakutsk",
        "Asia/Khandyga",
        "Asia/Vladivostok",
        "Asia/Ust-Nera",
        "Asia/Magadan",
        "Asia/Sakhalin",
        "Asia/Srednekolymsk",
        "Asia/Kamchatka",
        "Asia/Anadyr",
    }
)
MOSCOW = ZoneInfo("Europe/Moscow")
MINUS = "\u2212"
EN_DASH = "\u2013"


def site_zone_name() -> str:
    return settings.TIME_ZONE


def _offset_text(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else MINUS
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_abbreviation(zone_name: str, moment: datetime) -> str:
    """«МСК», «МСК+4», «МСК−1» for Russia; «CET», «UTC+5» elsewhere (at ``moment``: DST counts)."""
    zone = ZoneInfo(zone_name)
    local = moment.astimezone(zone)
    if zone_name in RUSSIAN_ZONES:
        difference = local.utcoffset() - moment.astimezone(MOSCOW).utcoffset()
        return "МСК" if not difference else f"МСК{_offset_text(difference)}"
    abbreviation = local.tzname() or ""
    if abbreviation.isalpha() and abbreviation not in ("UTC", "GMT"):
        return abbreviation
    offset = local.utcoffset() or timedelta()
    return "UTC" if not offset else f"UTC{_offset_text(offset)}"


def zone_label(zone_name: str, moment: datetime) -> str:
    """«МСК, Europe/Moscow»: the short name people use and the exact one calendars use."""
    return f"{zone_abbreviation(zone_name, moment)}, {zone_name}"


def day_text(day: date, *, weekday: bool = False, year: bool = True) -> str:
    """«12 марта 2026», or «четверг, 12 марта 2026» with the weekday."""
    text = f"{day.day} {MONTHS_GENITIVE[day.month - 1]}"
    if year:
        text += f" {day.year}"
    return f"{WEEKDAYS[day.weekday()]}, {text}" if weekday else text


def month_title(year: int, month: int) -> str:
    """«Март 2026»."""
    return f"{MONTHS_NOMINATIVE[month - 1].capitalize()} {year}"


def span_text(start: datetime, end: datetime, zone_name: str, *, weekday: bool = False) -> str:
    """«12 марта 2026, 15:00–17:00» in ``zone_name``; a span over days names both days."""
    zone = ZoneInfo(zone_name)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    first = day_text(local_start.date(), weekday=weekday)
    if local_start.date() == local_end.date():
        return f"{first}, {local_start:%H:%M}{EN_DASH}{local_end:%H:%M}"
    return f"{first}, {local_start:%H:%M} {EN_DASH} {day_text(local_end.date(), weekday=weekday)}, {local_end:%H:%M}"


def differs_from_site(event_zone: str, moment: datetime) -> bool:
    """Whether the event's local clock shows another time than the site's at ``moment``."""
    if not event_zone or event_zone == site_zone_name():
        return False
    site_offset = moment.astimezone(ZoneInfo(site_zone_name())).utcoffset()
    return moment.astimezone(ZoneInfo(event_zone)).utcoffset() != site_offset


def when_text(start: datetime, end: datetime, event_zone: str, *, weekday: bool = False) -> str:
    """The full plain-text «when» of an occurrence, as the site, the e-mails and the feeds say it.

    «12 марта 2026, 15:00–17:00 (МСК, Europe/Moscow)»; when the event's zone keeps another time
    than the site's, followed by «; по местному времени: 12 марта 2026, 14:00–16:00 (CET,
    Europe/Berlin)». A zone with the same clock (Europe/Kirov) adds nothing worth repeating.
    """
    site_zone = site_zone_name()
    text = f"{span_text(start, end, site_zone, weekday=weekday)} ({zone_label(site_zone, start)})"
    if differs_from_site(event_zone, start):
        local = span_text(start, end, event_zone, weekday=weekday)
        text += f"; по местному времени: {local} ({zone_label(event_zone, start)})"
    return text


WEEKDAYS_PLURAL_DATIVE = ["понедельникам", "вторникам", "средам", "четвергам", "пятницам", "субботам", "воскресеньям"]
WEEKDAYS_ACCUSATIVE = ["понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"]
# The ordinal agrees with the weekday's gender: «в первый вторник», «в первую среду», «в первое воскресенье».
_GENDER = ["m", "m", "f", "m", "f", "f", "n"]
_ORDINALS = {
    "m": ["первый", "второй", "третий", "четвёртый", "последний"],
    "f": ["первую", "вторую", "третью", "четвёртую", "последнюю"],
    "n": ["первое", "второе", "третье", "четвёртое", "последнее"],
}


def _every(interval: int, one: str, few: str, many: str) -> str:
    if interval <= 1:
        return one
    word = few if interval % 10 in (2, 3, 4) and interval % 100 not in (12, 13, 14) else many
    return f"раз в {interval} {word}"


def series_text(repeat: str, interval: int, first: date, until: date | None) -> str:
    """«Каждую неделю по четвергам, с 5 марта по 28 мая 2026» — the rule of a series in words.

    ``repeat`` is one of communities.recurrence's rule names; an unknown one gives "".
    """
    weekday = first.weekday()
    if repeat == "weekly":
        rule = f"{_every(interval, 'каждую неделю', 'недели', 'недель')} по {WEEKDAYS_PLURAL_DATIVE[weekday]}"
    elif repeat == "monthly_date":
        rule = f"{_every(interval, 'каждый месяц', 'месяца', 'месяцев')}, {first.day}-го числа"
    elif repeat == "monthly_weekday":
        position = (first.day - 1) // 7
        if position == 4 or (first + timedelta(days=7)).month != first.month:
            position = 4
        ordinal = _ORDINALS[_GENDER[weekday]][position]
        preposition = "во" if ordinal.startswith("втор") else "в"
        rule = (
            f"{_every(interval, 'каждый месяц', 'месяца', 'месяцев')}, "
            f"{preposition} {ordinal} {WEEKDAYS_ACCUSATIVE[weekday]}"
        )
    else:
        return ""
    period = f"с {day_text(first, year=first.year != (until or first).year)}"
    if until:
        period += f" по {day_text(until)}"
    return f"{rule[0].upper()}{rule[1:]}, {period}"
