"""Sentences and words of an article, with their character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations that end in a full stop without ending a sentence.
ABBREVIATIONS = {
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "col",
    "gen",
    "lt",
    "maj",
    "capt",
    "sgt",
    "cpl",
    "pvt",
    "adm",
    "brig",
    "cmdr",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "no",
    "vs",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "sen",
    "rep",
    "gov",
    "pres",
    "approx",
    "est",
    "inc",
    "corp",
    "co",
    "ltd",
    "mt",
    "ft",
}
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+|$)|\n\s*\n")
_WORD = re.compile(r"[^\W_](?:[\w'’ʿʾ.]*[^\W_]|)|[^\W_]", re.UNICODE)
_INITIAL = re.compile(r"(?:^|\s)(?:[A-Z]\.)+[A-Z]?$")


@dataclass(frozen=True)
class Span:
    """A stretch of an article's text: ``text == article_text[start:end]``."""

    start: int
    end: int
    text: str


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Return the sentences of ``text[start:end]`` as spans of ``text``, whitespace trimmed."""
    end = len(text) if end is None else end
    result: list[Span] = []
    cursor = start
    for m in _SENTENCE_END.finditer(text, start, end):
        before = text[cursor : m.start()]
        last_word = re.search(r"([\w.]+)$", before)
        if m.group().startswith(".") and last_word:
            word = last_word.group(1).lower().rstrip(".")
            # "U.S." or "Col." or "J." end no sentence, unless a paragraph break follows.
            followed_by_break = "\n" in text[m.end() : m.end() + 3]
            if not followed_by_break and (word in ABBREVIATIONS or _INITIAL.search(before)):
                continue
        _append_trimmed(result, text, cursor, m.end())
        cursor = m.end()
    _append_trimmed(result, text, cursor, end)
    return result


def _append_trimmed(out: list[Span], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    out.append(Span(s, s + len(stripped), stripped))


def words(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Return the words of ``text[start:end]`` (letters and digits, inner dots/apostrophes)."""
    end = len(text) if end is None else end
    found = []
    for m in _WORD.finditer(text, start, end):
        word = m.group()
        # A trailing dot belongs to the sentence unless the word is an abbreviation.
        if word.endswith(".") and word.lower().rstrip(".") not in ABBREVIATIONS:
            word = word.rstrip(".")
        found.append(Span(m.start(), m.start() + len(word), word))
    return found


def paragraph_index(text: str, offset: int) -> int:
    """Return the number of paragraph breaks (blank lines) before ``offset``."""
    return len(re.findall(r"\n\s*\n", text[:offset]))


_DATELINE = re.compile(
    r"\s*(?P<where>[A-Z][A-Z'’.\- ]*[A-Z](?:,\s*[A-Z][A-Za-z'’.\- ]*?)?)"
    r"(?:,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})?"
    r"\s*(?:\([A-Za-z .&-]{1,30}\))?\s*(?:—|–|--|-)\s"
)


def dateline(text: str, start: int = 0, end: int | None = None) -> Span | None:
    """Return the dateline opening ``text[start:end]`` ("BEIRUT —", "NEW YORK, May 19 (Reuters) -").

    A dateline says where the report was filed, not where anything happened.
    """
    end = len(text) if end is None else end
    m = _DATELINE.match(text, start, end)
    if not m or sum(ch.isupper() for ch in m["where"]) < 3:
        return None
    return Span(m.start("where"), m.end(), text[m.start("where") : m.end()].rstrip())
