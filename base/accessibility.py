"""The version for the visually impaired (ГОСТ Р 52872-2019, section 7): what can be chosen,
how the choice is kept in one cookie and how it reaches the page.

The choice lives in a cookie set by plain GET links, so it works without JavaScript and the
public pages need no form, no CSRF cookie and no session: they stay cacheable once the cache
varies on the cookie. The page applies it through classes on <html> (static/css/accessibility.css).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

COOKIE = "a11y"
ONE_YEAR = 365 * 24 * 60 * 60
# The value the first version of the switch wrote: it still means "on, with the defaults".
LEGACY_ON = "on"


@dataclass(frozen=True)
class Setting:
    key: str
    title: str
    choices: tuple[tuple[str, str], ...]
    default: str

    def accepts(self, value: str) -> bool:
        return any(value == choice for choice, _ in self.choices)


# The colour pairs are the ones ГОСТ Р 52872-2019 names for the version for the visually
# impaired; static/css/accessibility.css holds their exact colours.
SETTINGS = (
    Setting("size", "Размер шрифта", (("100", "100 %"), ("150", "150 %"), ("200", "200 %")), "150"),
    Setting(
        "colors",
        "Цвета",
        (
            ("black-on-white", "Чёрным по белому"),
            ("white-on-black", "Белым по чёрному"),
            ("blue-on-lightblue", "Тёмно-синим по голубому"),
            ("brown-on-beige", "Коричневым по бежевому"),
        ),
        "black-on-white",
    ),
    Setting(
        "spacing",
        "Расстояние между буквами",
        (("normal", "Обычное"), ("wide", "Большое"), ("wider", "Очень большое")),
        "normal",
    ),
    Setting(
        "lines",
        "Межстрочный интервал",
        (("normal", "Обычный"), ("wide", "Большой"), ("wider", "Очень большой")),
        "normal",
    ),
    Setting("images", "Изображения", (("on", "Показывать"), ("off", "Не показывать")), "on"),
)
BY_KEY = {setting.key: setting for setting in SETTINGS}
DEFAULTS = {setting.key: setting.default for setting in SETTINGS}


def parse(raw: str | None) -> dict[str, str] | None:
    """The choices a cookie holds, the defaults filling what it lacks; None for the usual site.

    A cookie the visitor edited by hand never breaks a page: what is not understood is dropped.
    """
    if not raw:
        return None
    chosen = {}
    for part in raw.split("."):
        key, _, value = part.partition(":")
        if key in BY_KEY and BY_KEY[key].accepts(value):
            chosen[key] = value
    if not chosen and raw != LEGACY_ON:
        return None
    return DEFAULTS | chosen


def serialize(choices: dict[str, str]) -> str:
    # Only characters a cookie carries unquoted: ":" and "." are legal cookie octets.
    return ".".join(f"{setting.key}:{choices[setting.key]}" for setting in SETTINGS)


def html_classes(choices: dict[str, str] | None) -> str:
    if choices is None:
        return ""
    return " ".join(["a11y"] + [f"a11y-{key}-{choices[key]}" for key in DEFAULTS])


def apply(current: dict[str, str] | None, params) -> tuple[dict[str, str] | None, list[str]]:
    """The choices after a switch link was followed, and the parameters it could not use.

    ``mode=off`` turns the version off; any valid setting (or ``mode=on``) turns it on and
    changes only what the link names, so each link of the panel changes one thing.
    """
    rejected = []
    mode = params.get("mode")
    if mode == "off":
        return None, []
    if mode not in (None, "on"):
        rejected.append("mode")
    chosen = dict(current or DEFAULTS)
    for key in params:
        if key in ("mode", "next"):
            continue
        value = params.get(key)
        if key in BY_KEY and BY_KEY[key].accepts(value):
            chosen[key] = value
        else:
            rejected.append(key)
    return chosen, rejected


def safe_next(request, target: str | None) -> str:
    """A path of this site to go back to; anything else (another host, a scheme) goes home."""
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return "/"


@dataclass(frozen=True)
class Option:
    label: str
    url: str
    current: bool
    value: str


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    options: tuple[Option, ...]


def switch_url(back_to: str, **params) -> str:
    return f"{reverse('accessibility')}?{urlencode(params | {'next': back_to})}"


def panel(choices: dict[str, str] | None, back_to: str) -> tuple[Group, ...]:
    """The panel's groups of links, each link changing one setting and coming back to the page."""
    if choices is None:
        return ()
    return tuple(
        Group(
            setting.key,
            setting.title,
            tuple(
                Option(label, switch_url(back_to, **{setting.key: value}), choices[setting.key] == value, value)
                for value, label in setting.choices
            ),
        )
        for setting in SETTINGS
    )
