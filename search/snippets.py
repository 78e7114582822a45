"""Result snippets: whole sentences around the first match, the query's words in <mark>.

An indexed text keeps one part per line: a field, a speaker, an attached file (see
search/indexing.py). A snippet never crosses parts, so a title, an author's name or a list of
tags is never run into the prose beside it. Inside a part it starts and ends at sentence
boundaries; only a sentence longer than the snippet is cut, at a word boundary. An ellipsis
marks every place where text was left out. Everything but the <mark> tags is escaped.
"""

import re

from django.utils.html import escape

from .text import WORD, normalise, root

WIDTH = 240
# Sentences are looked for this far around a match, so a long attachment is never split whole.
REACH = 2_000
ELLIPSIS = "…"

SENTENCE_END = re.compile(r"[.!?…]+[»\"')\]]*\s+(?=[«\"'(\[]?[A-ZА-ЯЁ0-9])")
# A full stop after these ends no sentence: initials («И. И. Петрова») and common abbreviations.
ABBREVIATIONS = frozenset(
    [
        "г",
        "гг",
        "им",
        "ул",
        "д",
        "т",
        "тт",
        "п",
        "пп",
        "с",
        "стр",
        "см",
        "рис",
        "табл",
        "др",
        "пр",
        "ред",
        "изд",
        "вып",
        "обл",
        "ст",
    ]
)
LAST_WORD = re.compile(r"(\w+)$")
# A part with a sentence in it (a word, then sentence-closing punctuation), not a list of tags or names.
PROSE = re.compile(r"\w{2,}[.!?…]")


def sentence_spans(text):
    """(start, end) of each sentence of `text`, its closing punctuation included."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        spans.append((start, match.start() + len(match.group().rstrip())))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _is_abbreviation(text, dot):
    word = LAST_WORD.search(text, max(0, dot - 20), dot)
    if word is None:
        return False
    word = word.group(1)
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def snippet(query_roots, summary, text, *, title="", width=WIDTH):
    """Escaped HTML from the first part (summary first) that has a query word, or the opening sentences.

    `query_roots` as search.text.query_roots gives them; `title` is left out of the parts, since
    the result shows it already.
    """
    parts = _parts(title, summary, text)
    wanted = set(query_roots)
    matches = [(part, match) for part in parts if (match := _first_match(part, wanted)) is not None]
    # The summary and prose read better than a list of tags or names that happens to hold the word first.
    summary = " ".join((summary or "").split())
    chosen = next(
        ((part, match) for part, match in matches if part == summary or PROSE.search(part)),
        matches[0] if matches else None,
    )
    if chosen is not None:
        return _excerpt(chosen[0], chosen[1].start(), wanted, width)
    return _excerpt(parts[0], 0, wanted, width) if parts else ""


def _parts(title, summary, text):
    """The distinct parts of a document but its title, whitespace collapsed."""
    seen = {normalise(" ".join(title.split()))} if title else set()
    parts = []
    for raw in [summary or "", *(text or "").splitlines()]:
        part = " ".join(raw.split())
        key = normalise(part)
        if part and key not in seen:
            seen.add(key)
            parts.append(part)
    return parts


def _first_match(part, wanted):
    if not wanted:
        return None
    return next((match for match in WORD.finditer(part) if root(normalise(match.group())) in wanted), None)


def _excerpt(part, position, wanted, width):
    start, end = _bounds(part, position, width)
    return (
        (ELLIPSIS + " " if start > 0 else "")
        + _marked(part, wanted, start, end)
        + (" " + ELLIPSIS if end < len(part) else "")
    )


def _marked(text, wanted, start, end):
    """text[start:end] escaped, its words whose root is wanted in <mark>."""
    pieces, cursor = [], start
    for match in WORD.finditer(text, start, end):
        if root(normalise(match.group())) in wanted:
            pieces.append(escape(text[cursor : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            cursor = match.end()
    pieces.append(escape(text[cursor:end]))
    return "".join(pieces)


def _bounds(part, position, width):
    """Start and end of the excerpt: the sentence at `position` and those after it that fit."""
    low, high = max(0, position - REACH), min(len(part), position + REACH)
    spans = [(low + start, low + end) for start, end in sentence_spans(part[low:high])]
    # A sentence touching a window edge that cuts the part is incomplete.
    complete = [
        not ((index == 0 and low > 0) or (index == len(spans) - 1 and high < len(part))) for index in range(len(spans))
    ]
    index = next((i for i, (_, end) in enumerate(spans) if position < end), len(spans) - 1)
    start, end = spans[index]
    if not complete[index] or end - start > width:
        return _word_bounds(part, position, width, start, end)
    while index + 1 < len(spans) and complete[index + 1] and spans[index + 1][1] - start <= width:
        index += 1
        end = spans[index][1]
    return start, end


def _word_bounds(part, position, width, sentence_start, sentence_end):
    """A window of a long sentence at word boundaries, with some words before the match."""
    start = max(sentence_start, position - width // 4)
    if start > sentence_start:
        space = part.find(" ", start, position)
        start = space + 1 if space != -1 else position
    end = min(sentence_end, start + width)
    if end < sentence_end:
        space = part.rfind(" ", start, end)
        end = space if space > position else end
    return start, end
