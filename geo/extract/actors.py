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
from bisect import bisect_left, bisect_right
from functools import lru_cache

from geo.extract.patterns import caseless, finditer_caseless, text_cache, trie_pattern
from geo.extract.text import Span, words_before
from geo.support.paths import data_dir


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


@text_cache(maxsize=256)  # a sentence that tells several events is read once
def _actors_between(text: str, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
    patterns, names = _lexicon()
    return tuple(
        (m.start(), m.end(), names[m.group().lower()])
        for m in finditer_caseless(patterns, text, start, end)
    )


@text_cache(maxsize=256)
def _actor_index(text: str, start: int, end: int) -> tuple:
    """Return a sentence's parties with their starts, ends, and where a different one follows.

    ``following[i]`` is the index of the first party after party ``i`` that
    is another actor (or the number of parties): a trigger finds its parties
    by bisection instead of reading a long sentence's list again.
    """
    found = _actors_between(text, start, end)
    following = [len(found)] * len(found)
    for i in range(len(found) - 2, -1, -1):
        following[i] = i + 1 if found[i + 1][2] != found[i][2] else following[i + 1]
    return found, [a[0] for a in found], [a[1] for a in found], following


_PASSIVE_BY = re.compile(r"\s*(?:\w+\s+){0,3}?by\b", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|got)\s+(?:\w+\s+){0,2}$", re.I)


def actors_of(text: str, sentence: Span, trigger: Span) -> tuple[str | None, str | None]:
    """Return (actor1, actor2): who acted in the event the trigger tells, and on whom."""
    found, starts, ends, following = _actor_index(text, sentence.start, sentence.end)
    # Parties do not overlap: the last ending before the trigger is the
    # nearest before it, the first starting after it the nearest after.
    before = bisect_right(ends, trigger.start) - 1
    after = bisect_left(starts, trigger.end)
    last_before = found[before][2] if before >= 0 else None
    passive = bool(_PASSIVE.search(words_before(text, sentence, trigger)))
    if passive and after < len(found) and _PASSIVE_BY.match(text, trigger.end, found[after][0] + 1):
        agent, patient = found[after][2], last_before
    else:
        agent = last_before
        patient = None
        if after < len(found):
            # The first party after the trigger that is not the agent.
            k = after if found[after][2] != agent else following[after]
            patient = found[k][2] if k < len(found) else None
    return agent, patient if patient != agent else None
