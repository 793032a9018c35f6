"""The names a text's offline reading leaves unplaced, for an online geocoder to try.

"attacked a checkpoint near Qaryatayn": a capitalised name in locative
position is most likely a place, and an online geocoder may know what the
offline gazetteer does not (see ``geo.extract.batch``).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from geo.extract.name_runs import CALENDAR_WORDS, NOT_A_PLACE_AFTER
from geo.extract.places import PlaceMention
from geo.extract.text import Span

# Where an unknown capitalised name is most likely a place: after a locative
# preposition ("near Qaryatayn"), or "the town of ...", or "<direction> of ...".
_LOCATIVE_NAME = re.compile(
    r"\b(?:in|near|at|outside|around|towards?|into|(?:north|south|east|west|northeast|northwest"
    r"|southeast|southwest|outskirts|suburbs|countryside)\s+of)\s+"
    r"(?:the\s+(?:town|village|city|area|camp|base|district|province|region)\s+of\s+)?"
    r"(?P<name>[A-Z][\w'’]*(?:-[\w'’]+)*(?:\s+(?:al|el|ad|as|ash|ar|az|ez|ed|abu|bin|[A-Z][\w'’]*)"
    r"(?:-[\w'’]+)*){0,3})"
)
_NOT_UNKNOWN_PLACES = {
    *CALENDAR_WORDS,
    "the",
    "a",
    "an",
    "this",
    "that",
    "his",
    "her",
    "their",
    "its",
}


def _overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Return whether [start, end) overlaps one of ``spans`` (sorted, not overlapping)."""
    i = bisect_left(starts, end) - 1
    return i >= 0 and spans[i][1] > start


def find_unplaced_names(
    text: str, known: list[PlaceMention], start: int = 0, end: int | None = None
) -> list[Span]:
    """Return capitalised names in locative position that the gazetteer did not place.

    "attacked a checkpoint near Qaryatayn": an online geocoder may know what
    the offline gazetteer does not. Names that overlap a known mention, open
    with a common word, are acronyms, or are adjectives of nationality
    ("Syrian") are left out.
    """
    end = len(text) if end is None else end
    # Known mentions, in text order and not overlapping: an unknown name
    # overlaps one only if it overlaps the last to start before its end.
    taken = sorted((m.span.start, m.span.end) for m in known)
    taken_starts = [a for a, _ in taken]
    found: list[Span] = []
    for m in _LOCATIVE_NAME.finditer(text, start, end):
        s, e = m.start("name"), m.end("name")
        name = m.group("name")
        first = name.split()[0].lower()
        if (
            first in _NOT_UNKNOWN_PLACES
            or name.isupper()
            or re.search(r"(?:ian|ese|ish|i)$", name.split()[0])
            and len(name.split()) == 1
            or _overlaps(taken, taken_starts, s, e)
            or NOT_A_PLACE_AFTER.match(text, e)
        ):
            continue
        found.append(Span(s, e, name))
    return found
