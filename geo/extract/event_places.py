"""Where an event happened: the place its sentence names nearest its trigger.

The rules shared by events (:mod:`geo.extract.incidents`) and zones
(:mod:`geo.extract.zone_words`) for which named place is the event's, and what
a sentence that names none falls back on.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from typing import Protocol

from geo.extract.event_dates import gap
from geo.extract.patterns import caseless, search_caseless
from geo.extract.places import PlaceMention
from geo.extract.retold import SAID_IT_HAD as _TELLER_DID  # the teller's own deed
from geo.extract.text import Span
from geo.geocode.areas import TOWN_TYPES, WIDE_TYPES
from geo.geocode.gazetteer import Place


class SentenceFacts(Protocol):
    """The places of one sentence, as :class:`geo.extract.incidents._Sentence` keeps them."""

    text: str
    span: Span  # the sentence
    local: list[PlaceMention]
    local_starts: list[int]

    def reported_between(self, start: int, end: int) -> bool: ...


def place_for(
    trigger: Span, facts: SentenceFacts, fallback: Place | None
) -> tuple[Place | None, str, PlaceMention | None]:
    """Return the place of the event the trigger tells, why, and its mention in the sentence.

    The nearest place named in the sentence, unless words introducing a
    speaker stand between ("the spokesman in Baghdad told reporters"): then
    every place farther on that side has them between too.
    """
    # The places that can be nearest (two before, two after: the first after
    # may be where things came from), less those a speaker's words part from it.
    first = bisect_left(facts.local_starts, trigger.start)
    after = bisect_left(facts.local_starts, trigger.end)
    # "Counter-terrorism police in Lakki Marwat said they had seized": the teller
    # tells its own deed, done where it is.
    own_deed = _TELLER_DID.search(
        facts.text, max(facts.span.start, trigger.start - 40), trigger.start
    )

    def may_be(pm: PlaceMention) -> bool:
        return (
            (own_deed is not None and pm.span.end <= trigger.start)
            or not facts.reported_between(
                min(pm.span.end, trigger.end), max(pm.span.start, trigger.start)
            )
            # "Residents of Kenscoff told us that gunmen shot dead a farmer": those who
            # tell live where it happened.
            or WITNESSES_OF.search(facts.text, max(0, pm.span.start - 30), pm.span.start)
            is not None
        ) and not (
            _OFFICE_BEFORE.search(facts.text, max(0, pm.span.start - FROM_CHARS), pm.span.start)
            # "the Kursk governor reported": the office's place, not the event's.
            or _OFFICE_AFTER.match(facts.text, pm.span.end)
        )

    local = [pm for pm in facts.local[max(0, first - 2) : after + 2] if may_be(pm)]
    # "the fishing boat from Quang Ngai province ... 60 nautical miles east of Ly
    # Son", "rockets fired from Lebanon hit Kiryat Shmona": a place things came
    # from is no place of the event while the sentence names another.
    here = [
        pm
        for pm in local
        if not search_caseless(
            _FROM_WORDS, facts.text, max(0, pm.span.start - FROM_CHARS), pm.span.start
        )
        # "Moscow claims its forces destroyed two jets at Myrhorod airfield": a
        # capital that speaks is its government, not where things happened.
        and not (
            _SPEAKS_AFTER.match(facts.text, pm.span.end)
            and not _IN_BEFORE.search(facts.text, max(0, pm.span.start - 12), pm.span.start)
        )
    ]
    nearest = min(
        here or local, key=lambda pm: gap(pm.span.start, pm.span.end, trigger), default=None
    )
    if nearest is not None and _new_clause_between(facts.text, nearest, trigger):
        # "one fell in the Negev and another hit a house near Sderot", "Hasakah:
        # Turkish drones struck an oil facility near Qamishli": a place
        # before a new clause is the last clause's; the trigger's own clause
        # names its place after it.
        ahead = next((pm for pm in here or local if pm.span.start >= trigger.end), None)
        if (
            ahead is not None
            and ahead.span.start - trigger.end <= CLAUSE_WINDOW
            and not _CLAUSE_BREAK.search(facts.text, trigger.end, ahead.span.start)
        ):
            nearest = ahead
    if nearest is not None and nearest.place.place_type != "offset":
        # "in the north-western part of the Black Sea, 60 km west of Cape
        # Tarkhankut": a position told after a comma says where in the place.
        k = _index_of(facts, nearest)
        told = facts.local[k + 1] if k + 1 < len(facts.local) else None
        if (
            told is not None
            and any(pm is told for pm in local)
            and told.place.place_type == "offset"
            and _APPOSITION.fullmatch(facts.text, nearest.span.end, told.span.start)
        ):
            nearest = told
    if nearest is not None and nearest.place.place_type in WIDE_TYPES:
        # "on patrol near Banibangou, in the Tillaberi region, was attacked": the
        # region says where the place before it lies; that place is the event's.
        k = _index_of(facts, nearest)
        told = facts.local[k - 1] if k > 0 else None
        if (
            told is not None
            and any(pm is told for pm in local)
            and told.place.place_type not in WIDE_TYPES
            and _LIES_IN.fullmatch(facts.text, told.span.end, nearest.span.start)
            # "... Berd in Tavush province and that its air defences shot down":
            # the region ends the clause before; no place of this one.
            and not _new_clause_between(facts.text, nearest, trigger)
        ):
            nearest = told
    if nearest is not None and nearest.place.place_type in WIDE_TYPES:
        # "In Chernihiv region, a Russian drone struck a car near Semenivka": the
        # region sets the scene, the place in the trigger's own clause is the event's.
        # Past the two places after the trigger too ("the Red Sea and the Gulf of
        # Aden, where a drone struck a tanker near Hodeidah"), within the clause's reach.
        ahead = next(
            (
                pm
                for pm in itertools.takewhile(
                    lambda pm: pm.span.start - trigger.end <= CLAUSE_WINDOW, facts.local[after:]
                )
                if pm.place.place_type not in WIDE_TYPES and may_be(pm)
            ),
            None,
        )
        if (
            ahead is not None
            and nearest.span.end <= trigger.start
            and ahead.span.start - trigger.end <= CLAUSE_WINDOW
            and not _CLAUSE_BREAK.search(facts.text, trigger.end, ahead.span.start)
        ):
            nearest = ahead
    if nearest is not None and nearest.place.place_type == "offset":
        # "In Zawiya, about 45 km west of Tripoli, gunmen abducted": the offset
        # says where the town lies; the town is the event's place.
        k = _index_of(facts, nearest)
        told = facts.local[k - 1] if k > 0 else None
        if (
            told is not None
            and any(pm is told for pm in local)
            and told.place.place_type in TOWN_TYPES
            and _APPOSITION.fullmatch(facts.text, told.span.end, nearest.span.start)
        ):
            nearest = told
    return (*place_named(nearest, fallback), nearest)


def _index_of(facts: SentenceFacts, pm: PlaceMention) -> int:
    """Return where ``pm`` stands among the sentence's places (by bisection, not equality)."""
    k = bisect_left(facts.local_starts, pm.span.start)
    while facts.local[k] is not pm:
        k += 1
    return k


# How far back from a trigger a clause boundary is looked for, and how far on its
# own clause's place: a scraped run-on "sentence" is not read whole per trigger.
CLAUSE_WINDOW = 200


def _new_clause_between(text: str, before: PlaceMention, trigger: Span) -> bool:
    """Return whether a new clause begins between a place and the trigger after it."""
    if before.span.end > trigger.start:
        return False
    start = max(before.span.end, trigger.start - CLAUSE_WINDOW)
    return _NEW_CLAUSE.search(text, start, trigger.start) is not None


_APPOSITION = re.compile(r"\s*,\s*")
WITNESSES_OF = re.compile(
    r"\b(?:residents|villagers|inhabitants|locals|people|witnesses|families|farmers)\s+(?:of|in)"
    r"\s+(?:the\s+(?:town|village|city)\s+of\s+)?$",
    re.I,
)
_NEW_CLAUSE = re.compile(r"\b(?:and|but|while|whereas)\s+(?!of\b|in\b|at\b|near\b)|;|:\s", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:and|but|while|after|before)\b", re.I)
_LIES_IN = re.compile(
    # "Tyotkino, a border village in Kursk region": what the place is may stand between.
    r"(?:\s*,\s+an?\s+(?:[\w-]+\s+){0,2}?(?:village|town|city|hamlet|settlement|district|camp)"
    r"(?:\s+[\w-]+){0,2}?)?"
    r"\s*,?\s+in\s+(?:the\s+)?(?:(?:north|south|east|west|central)[\w-]*\s+(?:part\s+of\s+)?"
    r"(?:the\s+)?)?",
    re.I,
)


_FROM_BEFORE = re.compile(
    r"\bfrom\s+(?:the\s+)?$"
    # Where the doers went afterwards: "withdrew towards Hombori", "fled into the forest".
    r"|\b(?:withdrew|withdrawing|fled|fleeing|retreated|retreating|escaped|headed|heading"
    r"|returned|pulled\s+back)\s+(?:back\s+)?(?:towards?|to|into|in\s+the\s+direction\s+of)"
    r"\s+(?:the\s+)?$"
    # Where the doers are based: "council troops based in Kalay fired at villages in Tedim".
    r"|\b(?:based|stationed|garrisoned|positioned|deployed)\s+(?:in|at|near)\s+(?:the\s+)?$",
    re.I,
)
_FROM_WORDS = caseless(_FROM_BEFORE.pattern)  # tried where its first words begin
# An office's place: "the governor of the Far North region attributed the bombing"
# names whose governor, not where the event was.
_OFFICE_BEFORE = re.compile(
    r"\b(?:governor|mayor|prefect|administrator|police\s+chief|commissioner)\s+of\s+(?:the\s+)?$",
    re.I,
)
_OFFICE_AFTER = re.compile(
    r"\s+(?:regional\s+|region(?:al)?\s+|oblast\s+)?(?:governor|mayor|prefect|police\s+chief"
    r"|governorate|administration|authorities)\s+(?:said|says|reported|reports|told|wrote|writes"
    r"|added|announced)\b",
    re.I,
)
_SPEAKS_AFTER = re.compile(
    r"\s+(?:says?|said|claims?|claimed|denie[sd]|accuse[sd]|announced|insist(?:s|ed)?"
    r"|alleges?|alleged|warn(?:s|ed))\b"
)
_IN_BEFORE = re.compile(r"\b(?:in|at|from|of|near|outside)\s+(?:the\s+)?$", re.I)
FROM_CHARS = 40  # the words before a place that say things came from it or went to it


def can_locate(place: Place) -> bool:
    """Return whether a place can be an event's: located, or a facility known to be unknown."""
    return place.lat is not None or place.id.startswith("facility:")


def place_named(named: PlaceMention | None, fallback: Place | None) -> tuple[Place | None, str]:
    """Return the place named in the sentence, else the one the article names most, and why.

    The one rule of events (the place nearest the trigger) and zones (the
    place a radius is around) for what a sentence that names none falls back on.
    """
    if named is not None:
        return named.place, f"named in the sentence (“{named.span.text}”)"
    if fallback is not None:
        return fallback, "not named in the sentence; the place the article names most"
    return None, "no place found"


# "the missiles hit a businessman's house in the city", "the town's weekly market".
THE_TOWN = re.compile(r"\b(?:the|this)\s+(?:town|city|village)(?:['’]s)?(?!\s+of\b)", re.I)
_THE_TOWN_WORDS = caseless(THE_TOWN.pattern)  # tried at "the" and "this" only
TOWN_BEFORE_CHARS = 600  # how far back "the town" may point
TOWN_CLAUSE_CHARS = 200  # how far from its trigger "the town" of its sentence may stand


def town_told_before(
    text: str,
    sentence: Span,
    trigger: Span,
    places: list[PlaceMention],
    place_starts: list[int],
) -> tuple[Place, str] | None:
    """Return the town a sentence calls "the town" or "the city", the last one named before it.

    For a sentence whose event no place was found for: a town its teller
    names ("the governor of Sevastopol said ... over the city") or, before
    it, one named within ``TOWN_BEFORE_CHARS``; else None.
    """
    # Near the trigger only: a run-on "sentence" has thousands of triggers.
    found = search_caseless(
        _THE_TOWN_WORDS,
        text,
        max(sentence.start, trigger.start - TOWN_CLAUSE_CHARS),
        min(sentence.end, trigger.end + TOWN_CLAUSE_CHARS),
    )
    if found is None:
        return None
    k = bisect_left(place_starts, found.start()) - 1
    while k >= 0 and places[k].span.start >= sentence.start - TOWN_BEFORE_CHARS:
        pm = places[k]
        if pm.place.place_type in TOWN_TYPES:
            return pm.place, f"“the town” of the sentence, the last named before (“{pm.span.text}”)"
        k -= 1
    return None


HEADING_CHARS = 160  # an item's heading line: its date, time and position


def heading_place(
    text: str,
    previous: Span | None,
    sentence: Span,
    places: list[PlaceMention],
    place_starts: list[int],
) -> tuple[Place, str] | None:
    """Return the position an item's heading gives, for the event of the sentence after it.

    Advisories number their items "18 FEB 2024, 2145 UTC — approx 32NM SSW of
    Mokha. Bulk carrier hit by two missiles.": a short heading that tells no
    event of its own (the caller knows) gives the position of the event told
    next in its paragraph. The heading's last place, an offset first.
    """
    if (
        previous is None
        or previous.end - previous.start > HEADING_CHARS
        or "\n\n" in text[previous.end : sentence.start]
    ):
        return None
    k = bisect_left(place_starts, previous.start)
    told = []
    while k < len(places) and places[k].span.start < previous.end:
        told.append(places[k])
        k += 1
    if not told:
        return None
    pm = next((pm for pm in reversed(told) if pm.place.place_type == "offset"), told[-1])
    return pm.place, f"the heading of its item (“{pm.span.text}”)"
