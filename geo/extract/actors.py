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
    found = [
        (m.start(), m.end(), names[m.group().lower()])
        for m in finditer_caseless(patterns, text, start, end)
        if not _SPEAKS.match(text, m.end(), end)
    ]
    # A state's forces by the country's adjective or name, where the lexicon
    # names no party: "a Russian drone", "Armenian positions", "North Korea fired".
    for m in _STATE_FORCES.finditer(text, start, end):
        who, at = m["who"], m.start("who")
        code = country_code(who)
        if code is None and " " in who:  # "A Russian drone": the article is no country
            first, last = who.split(" ", 1)
            code = country_code(last)
            at += len(first) + 1
        if code is None or any(a < m.end() and at < b for a, b, _ in found):
            continue
        if _SPEAKS.match(text, m.end(), end):
            continue  # "the Israeli military said": who tells, not who acted
        found.append((at, m.end("who"), state_forces(code)))
    return tuple(sorted(found))


# A party that reports ("the Israeli military said") is the source, not the doer.
_SPEAKS = re.compile(
    r"\s+(?:(?:also|later|earlier|then)\s+)?(?:said|says|told|reported|announced|stated|claimed"
    r"|confirmed|denied)\b",
    re.I,
)


# What a state fights with, after its adjective or name.
_MILITARY = (
    r"(?:armed\s+)?forces|troops|army|military|soldiers|artillery|aircraft|warplanes|jets"
    r"|fighter\s+jets|drones?|missiles?|rockets?|navy|naval\s+forces|air\s+force"
    r"|air\s+defen[cs]es|marines|gunboats|warships|helicopters|tanks|units|positions"
    r"|paratroopers|infantry|special\s+forces|bombers|shelling|gunners|snipers|patrols?"
    r"|(?:air\s+)?strikes?|raids?|shells|vessels?|ships?|boats?|coast\s+guard|border\s+guards?"
)
# Verbs of a state named as the doer: "North Korea fired", "Israel struck".
_STATE_VERB = (
    r"fired|struck|hit|shelled|bombed|launched|attacked|shot|opened|intercepted|seized"
    r"|boarded|sent|flew|deployed|pounded|targeted|raided|downed|rammed|expelled"
)
_STATE_FORCES = re.compile(
    r"\b(?P<who>[A-Z][\w'’.-]*(?:[\s-][A-Z][\w'’-]+)?)(?:['’]s?)?\s+"
    rf"(?:(?:(?!said\b|says\b|and\b|or\b|of\b|in\b)[\w'’-]+\s+){{0,2}}?(?i:{_MILITARY})\b"
    rf"|(?:(?:also|then|later|had|has|have)\s+)?(?:{_STATE_VERB})\b)"
)


@lru_cache(maxsize=512)
def country_code(word: str) -> str | None:
    """Return the ISO code of the country a word names or is the adjective of, else None."""
    from geo.extract.strips import country_of_word
    from geo.geocode.gazetteer import default_gazetteer

    return country_of_word(word, default_gazetteer())


@lru_cache(maxsize=256)
def state_forces(code: str) -> str:
    """Return ACLED's name for a state's military: "Military Forces of Russia"."""
    return f"Military Forces of {country_display_name(code)}"


# Where ACLED's country name is not GeoNames' (ACLED writes "Palestine").
_ACLED_COUNTRY = {"PS": "Palestine", "CD": "Democratic Republic of Congo"}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    from geo.geocode.gazetteer import default_gazetteer

    return {p.country: p.name for p in default_gazetteer().candidates_of_kind("country")}


@lru_cache(maxsize=256)
def country_display_name(code: str) -> str:
    """Return a country's name as ACLED writes it in an actor: "the United States", "Syria"."""
    name = _ACLED_COUNTRY.get(code) or _country_names().get(code, code)
    if name.startswith(("United ", "Democratic Republic", "Central African", "Republic")) or (
        name.endswith("s") and name not in ("Laos",)
    ):
        return f"the {name}"
    return name


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


# The target is people or property outside any armed party: ACLED's "Civilians".
CIVILIANS = "Civilians"
_CIVILIAN_TARGET = re.compile(
    r"[^.;,]{0,40}?\b(?:civilians?|residents?|homes?|houses?|residential|apartments?|hospitals?"
    r"|schools?|markets?|fishermen|fishing\s+(?:boats?|vessels?)|merchant\s+(?:vessels?|ships?)"
    r"|tankers?|bulk\s+carriers?|cargo\s+ships?|container\s+ships?|villagers|farmers"
    r"|passers?-by|drivers|buses|bus\b|power\s+(?:plants?|stations?|grid)|energy\s+infrastructure"
    r"|displaced|refugees|worshippers|journalists|aid\s+workers|humanitarian)\b"
    # "civilians said": who tells, not the target.
    r"(?!\s+(?:(?:also|later)\s+)?(?:said|says|told|reported)\b)",
    re.I,
)


def actors_of(text: str, sentence: Span, trigger: Span) -> tuple[str | None, str | None]:
    """Return (actor1, actor2): who acted in the event the trigger tells, and on whom.

    With no party after the trigger, a target of people or property outside
    any armed party ("struck a residential building", "fired at a tanker") is
    ``CIVILIANS``, which the incident names by its place's country.
    """
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
    if patient is None and not passive and _CIVILIAN_TARGET.match(text, trigger.end, sentence.end):
        patient = CIVILIANS
    return agent, patient if patient != agent else None
