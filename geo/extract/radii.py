"""Zone radii in report text: "a 34 mile radius", a 55-mile “deconfliction zone”.

A distance counts as a zone's size only when the words around it say so: a
zone word follows it (radius, zone, perimeter, ...) with nothing but modifiers
between, or it is "the radius of" / "a zone of" it. "Came within 17 miles of
the base" or "pushed 10 km into the zone" are distances, not sizes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from geo.extract.patterns import (
    candidate_starts,
    caseless,
    finditer_caseless,
    lowered,
    trie_pattern,
)
from geo.extract.text import Span
from geo.units import METRES_PER, UNIT_PATTERN, canonical_unit

_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Tries of the words (geo.extract.patterns): the same numbers, found quicker.
_WORD_NUMBER = (
    rf"(?:(?:{trie_pattern(_TENS)})(?:[\s-](?:{trie_pattern(k for k in _SMALL if k != 'zero')}))?"
    rf"|{trie_pattern(_SMALL)})(?:[\s-]hundred)?"
)
_NUMBER = rf"(?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{_WORD_NUMBER})"
# Caseless, with a quick twin for lower-cased text (geo.extract.patterns).
_DISTANCE = caseless(rf"\b{_NUMBER}(?:\s*-\s*|\s+|(?<=\d))(?P<unit>{UNIT_PATTERN})\b")
# Any distance a report writes, zone size or not, for other readers (zones along borders).
DISTANCE = _DISTANCE
_CONVERSION = re.compile(
    rf"\s*[(\[]\s*(?:about\s+|some\s+|roughly\s+|or\s+)?{_NUMBER}(?:\s*-\s*|\s+|(?<=\d))(?P<unit>{UNIT_PATTERN})\b\s*[)\]]",
    re.I,
)
ZONE_WORDS = (
    r"radius|zone|perimeter|buffer|exclusion|deconfliction|no-go|no-fly|cordon|ring|bubble"
    r"|security\s+area|exclusion\s+area|restricted\s+area|territorial\s+(?:sea|waters)"
)
# Words that may stand between a distance and its zone word ("55-mile “deconfliction zone”").
_MODIFIERS_THEN_ZONE = re.compile(
    rf"^(?:[\s\"“”'‘’(-]*(?:[a-z-]+-?)?){{0,3}}?[\s\"“”'‘’(-]*(?:{ZONE_WORDS})\b"
    rf"(?:[\s-]+(?:{ZONE_WORDS})\b)*[\"”’']?",
    re.I,
)
_NOT_A_MODIFIER = re.compile(
    r"\b(?:into|from|of|inside|within|toward|towards|past|beyond|away|outside|deep|off|north|south"
    r"|east|west|short|wide|long|high|away|across|along|behind|ahead|over|through|in|near|at"
    r"|to|for|around|beyond|past)\b",
    re.I,
)
_ZONE_THEN_DISTANCE = re.compile(
    rf"\b(?:{ZONE_WORDS})\s+(?:of|extending|extends|that\s+extends|reaching|stretching)\s+"
    rf"(?:about\s+|some\s+|roughly\s+)?$",
    re.I,
)
# What a rule keeps out or in, before "within": a reach around a place, a zone.
RULE_CHARS = 120
_RULE = re.compile(
    r"\b(?:bann?(?:ed|ing|s)?|barred|prohibit\w*|forbid\w*|expel\w*|evacuat\w*|curfews?"
    r"|closed|closing|no-go|off[\s-]limits|stay\s+out|keep\s+out|not\s+(?:be\s+)?allowed"
    r"|restrict\w*|cordon\w*|sealed\s+off|declared"
    # Orders to people inside it: "told residents ... within 3 km of the Rafah
    # crossing to move", "advised to avoid transiting within 30NM of Mokha".
    r"|avoid\w*|ordered|told|urged|instructed|advised|warned"
    # "Families must leave villages within 15 km of X", "limit travel within 20 km of X".
    r"|must|limit|limits|limiting)\b",
    re.I,
)
_WITHIN_BEFORE = re.compile(r"\bwithin\s+(?:about\s+|some\s+)?$", re.I)
# A rule told after the place: "Roads within 10 km of Derbent remain closed".
_RULE_AFTER = re.compile(
    r"[^.;:]{0,60}?\b(?:remains?|will\s+(?:remain|be|stay)|are|is|were|was|stay|have\s+been"
    r"|has\s+been)\s+(?:(?:still|now|temporarily|also)\s+)?(?:closed|shut|banned|prohibited"
    r"|off[\s-]limits|evacuated|sealed(?:\s+off)?|restricted|cordoned(?:\s+off)?|locked\s+down"
    r"|under\s+curfew)\b",
    re.I,
)
# Keeping away from a place: "advised to remain more than 30NM from Hodeidah".
_AWAY_BEFORE = re.compile(
    r"\b(?:remain|remaining|stay|staying|keep|keeping|kept)\s+(?:at\s+least\s+|more\s+than\s+"
    r"|over\s+|beyond\s+|outside\s+(?:of\s+)?)(?:about\s+|some\s+)?$",
    re.I,
)
# "... from Hodeidah", "stay outside 12 nautical miles of Scarborough Shoal".
_FROM_A_NAME = re.compile(r"\s+(?:(?:away\s+)?from|of)\s+(?:the\s+(?=[A-Z]))?[A-Z]")
# "of Goundam", "of Escoda Shoal": a place by its name (a line's "of the border" is a strip's).
_OF_A_NAME = re.compile(
    r"\s+(?:of|around)\s+(?:(?:the\s+)?(?-i:(?=[A-Z]))|(?:the|its)\s+(?:(?:town|city)['’]s\s+)?"
    # "within 1 km of the airport": a facility the report named before.
    r"(?=(?:airport|airfield|air\s*base|airbase|base|garrison|port|harbou?r|plant|dam|camp"
    r"|compound|embassy|prison|bridge|crossing|checkpoint|terminal|facility)\b))",
    re.I,
)
_EVERY_DIRECTION = re.compile(
    r"^\s*(?:(?:deep|wide|out|outward)\s+)?(?:in\s+(?:every|all|each)\s+directions?|around\b)", re.I
)


# Compass words and their bearings, for sizes given by direction.
BEARINGS = {
    "north": 0.0,
    "northeast": 45.0,
    "east": 90.0,
    "southeast": 135.0,
    "south": 180.0,
    "southwest": 225.0,
    "west": 270.0,
    "northwest": 315.0,
}
_COMPASS = r"(?:north|south)(?:[\s-]?(?:east|west))?|east|west"
# One size toward one side: "10 km in the north", "5 km to the south", "3 km northwards".
_LEG = (
    rf"{_NUMBER}(?:\s*-\s*|\s+|(?<=\d))(?P<unit>{UNIT_PATTERN})\b\s+"
    rf"(?:(?:in|to|towards?|on)\s+the\s+)?(?P<dir>{_COMPASS})(?:ern|wards?)?"
    rf"(?:\s+(?:side|part|direction))?\b"
)
_LEG_RE = re.compile(_LEG, re.I)
_COMPASS_HINT = re.compile(r"north|south|east|west", re.I)
_UNNAMED_LEG = re.sub(r"\(\?P<\w+>", "(?:", _LEG)  # the same, its groups unnamed
_LEGS = re.compile(
    rf"{_LEG}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+while\s+){_UNNAMED_LEG})+"
    r"(?:\s+(?:of|from|around)\s+(?:the\s+)?(?:town|city|village|base|camp|[A-Z][\w'’-]+))?",
    re.I,
)
_ZONE_BEFORE = re.compile(rf"\b(?:{ZONE_WORDS})\b", re.I)
_SIDES = ("north", "south", "east", "west")
# A part of every match of ZONE_WORDS, lower-cased.
_ZONE_STEMS = (
    *("radius", "zone", "perimeter", "buffer", "exclusion", "deconfliction", "no-go"),
    *("no-fly", "cordon", "ring", "bubble", "area", "territorial"),
)


@dataclass(frozen=True)
class RadiusMention:
    """A zone size stated in the text, normalised to metres."""

    value: float
    unit: str
    radius_m: float
    start: int
    end: int
    text: str
    equivalent: tuple[float, str] | None = None  # "34 miles (55 km)": the writer's conversion
    # Sizes by direction ("10 km in the north and 5 km in the south"): (bearing,
    # metres) each; ``radius_m`` is then the largest.
    directions: tuple[tuple[float, float], ...] = ()


def number_value(text: str) -> float:
    """Return the value of a number written in digits or English words ("fifty-five")."""
    cleaned = text.replace(",", "").strip().lower()
    try:
        return float(cleaned)
    except ValueError:
        pass
    total = 0
    for part in re.split(r"[\s-]+", cleaned):
        if part == "hundred":
            total = (total or 1) * 100
        else:
            total += _SMALL.get(part, _TENS.get(part, 0))
    return float(total)


def radii_by_sentence(text: str, sentences: list[Span]) -> list[list[RadiusMention]]:
    """Return ``[find_radii(text, s.start, s.end) for s in sentences]``, skipping most sentences.

    One scan of the quick distance pattern over all the sentences marks those
    a distance could lie in (every sentence a candidate touches); only they
    are read. Most sentences of a report name no distance.
    """
    if not sentences:
        return []
    starts = [s.start for s in sentences]
    marked: set[int] = set()
    begin = candidate_starts(_DISTANCE, text, sentences[0].start, sentences[-1].end)
    if begin is not None:  # where a distance's first word is
        marked.update(max(bisect_right(starts, at) - 1, 0) for at in begin)
    elif (low := lowered(text, sentences[0].start, sentences[-1].end)) is not None:
        chunk, offset = low
        base = sentences[0].start - offset
        for q in _DISTANCE[1].finditer(chunk, offset):
            first = max(bisect_right(starts, q.start() + base) - 1, 0)
            last = max(bisect_right(starts, q.end() + base - 1) - 1, 0)
            marked.update(range(first, last + 1))
    else:
        return [find_radii(text, s.start, s.end) for s in sentences]
    return [
        find_radii(text, s.start, s.end) if i in marked else [] for i, s in enumerate(sentences)
    ]


def find_radii(text: str, start: int = 0, end: int | None = None) -> list[RadiusMention]:
    """Return the zone sizes stated in ``text[start:end]``, in order."""
    end = len(text) if end is None else end
    found = _sizes_by_direction(text, start, end)
    taken = [(r.start, r.end) for r in found]
    for m in finditer_caseless(_DISTANCE, text, start, end):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = number_value(m["number"])
        unit = canonical_unit(m["unit"])
        after_start = m.end()
        conversion = _CONVERSION.match(text, m.end(), end)
        equivalent = None
        if conversion:
            equivalent = (number_value(conversion["number"]), canonical_unit(conversion["unit"]))
            after_start = conversion.end()
        after = text[after_start : min(end, after_start + 60)]
        before = text[max(start, m.start() - 40) : m.start()]
        zone_after = _MODIFIERS_THEN_ZONE.match(after)
        is_size = (
            (zone_after is not None and not _NOT_A_MODIFIER.search(zone_after.group()))
            # "banned motorbike traffic within 20 km of Goundam", "will expel vessels
            # within 10 nautical miles of Escoda Shoal": a rule's reach around a place.
            or (
                _WITHIN_BEFORE.search(before) is not None
                and _OF_A_NAME.match(after) is not None
                and (
                    _RULE.search(text, max(start, m.start() - RULE_CHARS), m.start()) is not None
                    or _RULE_AFTER.match(text, after_start, end) is not None
                )
            )
            # "Masters are advised to remain more than 30NM from Hodeidah": the
            # ring around the place that the rule keeps them out of.
            or (
                _AWAY_BEFORE.search(before) is not None
                and _FROM_A_NAME.match(after) is not None
                and _RULE.search(text, max(start, m.start() - RULE_CHARS), m.start()) is not None
            )
            or _ZONE_THEN_DISTANCE.search(before) is not None
            or (
                _EVERY_DIRECTION.match(after) is not None
                and re.search(r"\b(?:zone|area)\b", before, re.I)
            )
        )
        if not is_size or value <= 0:
            continue
        stop = zone_after.end() + after_start if zone_after else after_start
        found.append(
            RadiusMention(
                value=value,
                unit=unit,
                radius_m=value * METRES_PER[unit],
                start=m.start(),
                end=stop,
                text=text[m.start() : stop],
                equivalent=equivalent,
            )
        )
    return sorted(found, key=lambda r: r.start)


def _sizes_by_direction(text: str, start: int, end: int) -> list[RadiusMention]:
    """Return the zones whose size the sentence gives by direction, after a zone word.

    "a military operations zone, 10 km in the north and 5 km in the south of
    the town": one zone, reaching 10 km northward and 5 km southward. Two
    sizes at least, so "12 km north of Kharkiv" stays an offset.
    """
    found: list[RadiusMention] = []
    low = lowered(text, start, end)
    if low is not None:
        # Two sizes at least, each toward a side, after a zone word: most
        # sentences with a distance have not the words for it.
        if sum(low[0].count(side) for side in _SIDES) < 2 or not any(
            word in low[0] for word in _ZONE_STEMS
        ):
            return found
    elif not _COMPASS_HINT.search(text, start, end):
        return found  # most sentences with a distance give no direction
    for m in _LEGS.finditer(text, start, end):
        if not _ZONE_BEFORE.search(text, max(start, m.start() - 120), m.start()):
            continue
        legs = [
            (leg, number_value(leg["number"]) * METRES_PER[canonical_unit(leg["unit"])])
            for leg in _LEG_RE.finditer(text, m.start(), m.end())
        ]
        directions = tuple(
            (BEARINGS[re.sub(r"[\s-]", "", leg["dir"].lower())], metres) for leg, metres in legs
        )
        if len({b for b, _ in directions}) < 2 or min(r for _, r in directions) <= 0:
            continue
        widest, metres = max(legs, key=lambda x: x[1])
        found.append(
            RadiusMention(
                value=number_value(widest["number"]),
                unit=canonical_unit(widest["unit"]),
                radius_m=metres,
                start=m.start(),
                end=m.end(),
                text=text[m.start() : m.end()],
                directions=directions,
            )
        )
    return found
