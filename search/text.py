"""Russian text normalisation and stemming shared by the search backends (snippets: search/snippets.py).

SQLite knows neither Russian stemming nor Cyrillic case, so the project reduces every word to
a "root" itself: lowercase, ё→е, the Snowball Russian stemmer, then a couple of derivational
rules Snowball does not apply (so «математический» and «математике» share the root «математик»).
The PostgreSQL path and the Elasticsearch analyzer apply the same rules, so every backend has
the same morphology.
"""

import re
from functools import lru_cache

import snowballstemmer

MAX_QUERY_LENGTH = 200
# Punctuation means syntax to the full-text engines (quotes, brackets, operators); visitors
# mean words, so only words reach the backend.
NON_WORD = re.compile(r"[^\w\s]+")
WORD = re.compile(r"\w+")

# Snowball keeps the adjective-forming suffix: «математическ» against «математик». These
# rules fold the commonest derivations back onto the noun's stem. The Elasticsearch analyzer
# repeats them as pattern_replace filters (search/backends/elastic.py).
DERIVATION_RULES = [(re.compile(r"ическ$"), "ик"), (re.compile(r"(?<=\w{3})ьн$"), "")]

# Words too common to narrow a search; they stay in the text but a query does not require them.
STOP_WORDS = frozenset(
    [
        "и",
        "в",
        "во",
        "не",
        "что",
        "он",
        "на",
        "я",
        "с",
        "со",
        "как",
        "а",
        "то",
        "все",
        "она",
        "так",
        "его",
        "но",
        "да",
        "ты",
        "к",
        "у",
        "же",
        "вы",
        "за",
        "бы",
        "по",
        "только",
        "ее",
        "мне",
        "было",
        "вот",
        "от",
        "меня",
        "еще",
        "нет",
        "о",
        "из",
        "ему",
        "теперь",
        "когда",
        "даже",
        "ну",
        "вдруг",
        "ли",
        "если",
        "уже",
        "или",
        "ни",
        "быть",
        "был",
        "него",
        "до",
        "вас",
        "нибудь",
        "опять",
        "уж",
        "вам",
        "ведь",
        "там",
        "потом",
        "себя",
        "ничего",
        "ей",
        "может",
        "они",
        "тут",
        "где",
        "есть",
        "надо",
        "ней",
        "для",
        "мы",
        "тебя",
        "их",
        "чем",
        "была",
        "сам",
        "чтоб",
        "без",
        "будто",
        "чего",
        "раз",
        "тоже",
        "себе",
        "под",
        "будет",
        "ж",
        "тогда",
        "кто",
        "этот",
        "того",
        "потому",
        "этого",
        "какой",
        "совсем",
        "ним",
        "здесь",
        "этом",
        "один",
        "почти",
        "мой",
        "тем",
        "чтобы",
        "нее",
        "сейчас",
        "были",
        "куда",
        "зачем",
        "всех",
        "никогда",
        "можно",
        "при",
        "наконец",
        "два",
        "об",
        "другой",
        "хоть",
        "после",
        "над",
        "больше",
        "тот",
        "через",
        "эти",
        "нас",
        "про",
        "всего",
        "них",
        "какая",
        "много",
        "разве",
        "три",
        "эту",
        "моя",
        "впрочем",
        "хорошо",
        "свою",
        "этой",
        "перед",
        "иногда",
        "лучше",
        "чуть",
        "том",
        "нельзя",
        "такой",
        "им",
        "более",
        "всегда",
        "конечно",
        "всю",
        "между",
    ]
)

_stemmer = snowballstemmer.stemmer("russian")


def clean_query(raw):
    """The words of a visitor's query, without syntax, capped in length."""
    return " ".join(NON_WORD.sub(" ", (raw or "")[:MAX_QUERY_LENGTH]).split())


def normalise(text):
    return (text or "").lower().replace("ё", "е")


def words(text):
    return WORD.findall(normalise(text))


@lru_cache(maxsize=200_000)
def root(word):
    """The search root of one normalised word."""
    stem = _stemmer.stemWord(word)
    for pattern, replacement in DERIVATION_RULES:
        stem = pattern.sub(replacement, stem)
    return stem


def roots(text):
    return [root(word) for word in words(text)]


def derived_roots(text):
    """The roots the derivation rules changed («математическ» → «математик»), once each.

    PostgreSQL's 'russian' configuration is the same Snowball stemmer: its lexemes already are
    every other root, so its index adds only these.
    """
    return list(dict.fromkeys(derived for word in words(text) if (derived := derived_root(word))))


@lru_cache(maxsize=200_000)
def derived_root(word):
    """The word's root if the derivation rules made it differ from the Snowball stem, else ""."""
    word_root = root(word)
    return word_root if word_root != _stemmer.stemWord(word) else ""


def query_roots(query):
    """Distinct roots a query requires, without stop words (all of a query's words if only stop words)."""
    query_words = words(clean_query(query))
    meaningful = [word for word in query_words if word not in STOP_WORDS] or query_words
    return list(dict.fromkeys(root(word) for word in meaningful))
