"""Actors: who struck whom, from a lexicon of how news names the parties.

``data/actors.csv`` maps the phrases reports use ("coalition aircraft",
"Iranian-backed militias", "ISIS") to one name per party, so the same actor
reads the same across reports. In a trigger's sentence, the party named
before an active verb is ``actor1`` and the one after it ``actor2``; with a
passive verb and "by" ("were bombed by American jets") it is the other way
round.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from geo.paths import data_dir
from geo.patterns import caseless, finditer_caseless, trie_pattern
from geo.text import Span, words_before


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[re.Pattern, re.Pattern], dict[str, str]]:
    names: dict[str, str] = {}
    with open(data_dir() / "actors.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for phrase in row["phrases"].split("|"):
                if phrase.strip():
                    names[phrase.strip().lower()] = row["actor"].strip()
    # A trie prefers the longer phrase: "coalition aircraft" before "coalition".
    return caseless(rf"(?<![\w-])(?:{trie_pattern(names)})(?![\w-])"), names


def actors_in(text: str, sentence: Span) -> list[tuple[int, int, str]]:
    """Return (start, end, actor) for each party the sentence names, in order."""
    return list(_actors_between(text, sentence.start, sentence.end))


@lru_cache(maxsize=256)  # a sentence that tells several events is read once
def _actors_between(text: str, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
    patterns, names = _lexicon()
    return tuple(
        (m.start(), m.end(), names[m.group().lower()])
        for m in finditer_caseless(patterns, text, start, end)
    )


_PASSIVE_BY = re.compile(r"^\s*(?:\w+\s+){0,3}?by\b", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|got)\s+(?:\w+\s+){0,2}$", re.I)


def actors_of(text: str, sentence: Span, trigger: Span) -> tuple[str | None, str | None]:
    """Return (actor1, actor2): who acted in the event the trigger tells, and on whom."""
    found = actors_in(text, sentence)
    before = [a for a in found if a[1] <= trigger.start]
    after = [a for a in found if a[0] >= trigger.end]
    passive = bool(_PASSIVE.search(words_before(text, sentence, trigger)))
    if passive and after and _PASSIVE_BY.match(text[trigger.end : after[0][0] + 1]):
        agent, patient = after[0][2], (before[-1][2] if before else None)
    else:
        agent = before[-1][2] if before else None
        patient = next((a[2] for a in after if a[2] != agent), None)
    return agent, patient if patient != agent else None
