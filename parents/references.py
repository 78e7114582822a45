"""Reference numbers of consultation requests: «К-2026-481937».

The year tells staff and parents when the request was made; the six digits after it are
random, not a counter, so a number says nothing about how many requests there are and cannot
be guessed from a neighbour's. A parent sees the status only with the number *and* the e-mail
given in the request, and the look-up is rate-limited, so the number alone opens nothing.
"""

import re
import secrets

PREFIX = "К"
DIGITS = 6


def new_reference(year: int) -> str:
    return f"{PREFIX}-{year}-{secrets.randbelow(9 * 10 ** (DIGITS - 1)) + 10 ** (DIGITS - 1)}"


def normalise(text: str) -> str | None:
    """The canonical form of what a parent typed, or None if it cannot be a reference.

    People type the letter in Latin or lower case, drop it, put spaces instead of hyphens or
    paste the number with the words around it from the e-mail: the ten digits decide.
    """
    digits = "".join(re.findall(r"[0-9]", (text or "")[:200]))
    if len(digits) != 4 + DIGITS:
        return None
    return f"{PREFIX}-{digits[:4]}-{digits[4:]}"
