"""Zones along a border: "a 32-kilometre security corridor along the Syrian-Jordanian border".

A distance is a strip's width when the words around it make it one:

- a zone word after it, then "along/on/near the ... border (with X)": "a
  32-kilometre security corridor along the border", "a 3-km-deep buffer
  along the frontier with Belarus";
- "border" or "frontier" and a zone word right after it: "the 25-kilometre
  border strip";
- "within" before it and "of the ... border" after it: "within 15 km of the
  frontier".

Which border: the countries the phrase names ("Syrian-Jordanian", "the
Turkish border", "the border with Belarus"), then those of its sentence,
then those of the article, the first two that share a land border. A side
("inside Syria", "on the Lebanese side") keeps only that country's half.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from geo.extract.named_lines import line_named_before, named_line
from geo.extract.patterns import caseless, finditer_caseless
from geo.extract.places import ADJECTIVE_ENDINGS, irregular_demonyms
from geo.extract.radii import DISTANCE, number_value
from geo.extract.text import Span
from geo.geocode.gazetteer import Gazetteer
from geo.roads import road_named
from geo.strips import KnownLine, has_border, river_line
from geo.units import METRES_PER, canonical_unit

_ZONE_WORDS = r"corridor|strip|zone|buffer|belt|area|band|swath|cordon"
_BORDER_WORDS = (
    r"border|frontier|boundary|(?:border\s+|perimeter\s+|security\s+)?fence(?!\s+(?:of|around|at)\b)"
    r"|line\s+of\s+control|LoC|military\s+demarcation\s+line|MDL|DMZ"
    r"|demilitari[sz]ed\s+zone|blue\s+line"
)
_AFTER_ZONE = re.compile(
    rf"^(?:[\s-]+(?:deep|wide))?[\s\"“”'‘’(-]*(?:[\w'’-]+[\s-]+){{0,3}}?(?:{_ZONE_WORDS})\b",
    re.I,
)
_ALONG = re.compile(
    rf"\b(?:along|on|near|at|by|off|inside|from)\s+(?:the|its|their|our|both\s+sides\s+of\s+the)"
    rf"\s+(?P<border>(?:[\w'’-]+[\s-]+){{0,3}}?(?:{_BORDER_WORDS})\b"
    rf"(?:\s+(?:with|between)\s+(?:the\s+)?(?P<with>[A-Z][\w'’-]+(?:\s+(?:and\s+)?[A-Z][\w'’-]+){{0,2}}))?)",
)
_BORDER_STRIP = re.compile(
    rf"^[\s-]*(?:[\w'’-]+[\s-]+)?(?P<border>(?:{_BORDER_WORDS}))\s+(?:{_ZONE_WORDS})\b", re.I
)
# Words before a distance measured from a line: "within 15 km of", "at least 10 km from".
_WITHIN = re.compile(
    r"\b(?:within|at\s+least|up\s+to|extend(?:s|ing|ed)?|reach(?:es|ing|ed)?|stretch(?:es|ing)?)"
    r"\s+(?:about\s+|some\s+)?$",
    re.I,
)
_OF_BORDER = re.compile(
    rf"^\s+(?:(?:on\s+)?(?:either|each|both)\s+sides?\s+)?(?:of|from)\s+(?:the|its|their)\s+(?P<border>(?:[\w'’-]+[\s-]+){{0,3}}?"
    rf"(?:{_BORDER_WORDS})\b(?:\s+with\s+(?:the\s+)?(?P<with>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?))?)",
    re.I,
)
_AGENT = re.compile(r"\bby\s+$")
_SUBJECT_REACH = 30  # characters from a sentence's start where its subject is named
# "The Israeli army", "Russian forces": a subject that is an armed force, not a government.
_FORCES_SUBJECT = re.compile(
    r"\b(?:army|military|forces|troops|navy|air\s+force|defen[cs]e\s+forces|IDF|marines)\b", re.I
)
# Mentions of one country's places the story needs before its side of a border is taken.
_STORY_SIDE_MIN = 3
_BEFORE_REACH = 300  # characters before a sentence where the place named last counts
# A zone two states agreed on lies on both sides of their line.
_AGREED = re.compile(
    r"\b(?:agreements?|accords?|treaty|armistice|truce|ceasefire\s+(?:deal|terms)|agreed|deal)\b",
    re.I,
)
_LOCATIVE_REACH = 60  # characters after a strip's phrase where its places are named
_FROM = re.compile(r"\bfrom\b", re.I)  # "shelling from Nabatieh and Tyre": where fire came from
# "the Nevatim base fence": a facility's fence, not a border.
_FACILITY_FENCE = re.compile(
    r"\b(?:base|plant|airport|airfield|air\s*base|prison|camp|compound|embassy|station"
    r"|facility|factory|school|hospital|port|depot)\s+(?:perimeter\s+|security\s+)?fence\b",
    re.I,
)
_SIDE = re.compile(
    r"\b(?:inside|within|in|into|on\s+the)\s+(?P<side>[A-Z][\w'’-]+)(?:\s+(?:side|territory|soil))?",
)
_WORD = re.compile(r"[A-Z][\w'’]+")
# How far after a zone word the border may be named.
_BORDER_REACH = 120


# A place the article names: where its name starts and ends, its country, and
# its (lon, lat) when it has a point.
PlaceAt = tuple[int, int, str, tuple[float, float] | None]


def sentence_places(places: Sequence[PlaceAt], sentence: Span) -> Sequence[PlaceAt]:
    """Return the places (in text order) that lie within ``sentence``, by bisection."""
    first = bisect_left(places, sentence.start, key=lambda p: p[0])
    last = bisect_left(places, sentence.end, key=lambda p: p[0])
    return [p for p in places[first:last] if p[1] <= sentence.end]


@dataclass(frozen=True)
class StripMention:
    """A zone along a border, as a sentence gives it."""

    value: float
    unit: str
    width_m: float
    span: Span  # the distance through the border's words
    countries: tuple[str, str]
    side: str | None
    border_text: str
    # The (lon, lat) of the places the sentence names, else the article's: a
    # border of several stretches (Israel's with Gaza and with the West Bank)
    # is drawn along the stretches near them.
    near: tuple[tuple[float, float], ...] = ()
    # Widths by the part of the line: "15 km from the line in the east and 10
    # km in the west" is (("east", 15000.0), ("west", 10000.0)); ``width_m`` the widest.
    directions: tuple[tuple[str, float], ...] = ()


# Countries news names by initials, in capitals only ("us" is a pronoun).
_ABBREVIATED = {"US": "US", "U.S.": "US", "USA": "US", "UK": "GB", "U.K.": "GB"}


def country_of_word(word: str, gazetteer: Gazetteer) -> str | None:
    """Return the ISO code of the country a word names or is the adjective of, else None."""
    if word in _ABBREVIATED:
        return _ABBREVIATED[word]  # "a US drone strike", "U.K. jets": the name cut short
    lower = re.sub(r"['’]s?$", "", word.lower())  # "Syria's", "Jordans'"
    # People as well as adjectives: "the Russians", "Israelis", "Somalis".
    bases = [lower, lower[:-1]] if re.search(r"(?:an|i|e)s$", lower) else [lower]
    for base in bases:
        irregular = irregular_demonyms().get(base)
        if irregular:
            return irregular
    stems = {
        base[: -len(e)] + tail
        for base in bases
        for e in ADJECTIVE_ENDINGS
        if base.endswith(e) and len(base) - len(e) >= 3
        for tail in ("", "a", "e", "y")
    }
    # The longest stem first: "Nigerian" is Nigeria before Niger.
    for candidate in [lower] + sorted(stems, key=len, reverse=True):
        for place in gazetteer.candidates(candidate):
            if place.is_country:
                return place.country
    return None


def _codes(text: str, gazetteer: Gazetteer) -> list[str]:
    """Return the countries the capitalised words of ``text`` name, in order, once each."""
    found: list[str] = []
    # "Syrian-Jordanian", "Syria-Jordan": each part of a hyphenated pair.
    for m in _WORD.finditer(text):
        code = country_of_word(m.group(), gazetteer)
        if code and code not in found:
            found.append(code)
    # Two-word names: "North Korea", "South Sudan", "Saudi Arabia".
    for m in re.finditer(r"\b([A-Z][\w'’]+\s+[A-Z][\w'’]+)", text):
        code = country_of_word(m.group(1), gazetteer)
        if code and code not in found:
            found.insert(0, code)
    return found


def _pair(ordered: Iterable[str]) -> tuple[str, str] | None:
    codes = list(dict.fromkeys(ordered))
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            if has_border(a, b):
                return (a, b)
    return None


_BORDER_WORD = caseless(rf"\b(?:{_BORDER_WORDS}|(?:of|from)\s+the\s+line)\b")


def strips_by_sentence(
    text: str,
    sentences: list[Span],
    article_countries: list[str],
    gazetteer: Gazetteer,
    places: Sequence[PlaceAt] = (),
) -> list[list[StripMention]]:
    """Return ``find_strips`` of each sentence, reading only those that name a border."""
    if not sentences:
        return []
    starts = [s.start for s in sentences]
    everywhere = tuple(p[3] for p in places if p[3] is not None)
    counts = Counter(p[2] for p in places)  # mentions of each country's places
    marked: set[int] = set()
    for m in finditer_caseless(_BORDER_WORD, text, sentences[0].start, sentences[-1].end):
        marked.add(max(bisect_right(starts, m.start()) - 1, 0))
    return [
        find_strips(text, s, article_countries, gazetteer, places, everywhere, counts)
        if i in marked
        else []
        for i, s in enumerate(sentences)
    ]


def _side(
    text: str,
    sentence: Span,
    at: int,
    pair: tuple[str, str],
    own: list[str],
    placed: tuple[list[str], list[str], str | None],
    gazetteer: Gazetteer,
    counts: Mapping[str, int],
) -> str | None:
    """Return the country a strip lies in, or None for both sides of the line.

    Said outright ("inside Syria", "on the Jordanian side"); else the one
    the border phrase does not name when it names one ("the border with
    Lebanon", "the Russian border": the strip is on this side of it); else
    the one country of the pair whose places the phrase goes on to name
    ("within 5 km of the LoC in Poonch and Rajouri districts"; ``placed[0]``,
    not places after "from"); else the one country of the pair the sentence
    names as its subject ("Armenia ordered villages within 15 km of the
    frontier", "Ukraine evacuated villages ... after shelling from
    Belgorod"), unless the subject is an armed force; else the one country
    of the pair whose places the rest of the sentence names (``placed[1]``);
    else, unless the sentence tells of an agreement (both sides, then),
    the country of the pair whose places the whole story names half as
    often again as the other's (``counts``: mentions of places, not of
    countries); else the country of the place named last, close before the
    sentence (``placed[2]``).
    """
    said = _SIDE.search(text, sentence.start, sentence.end)
    if said is not None:
        code = country_of_word(said["side"], gazetteer)
        if code in pair:
            return code
    if re.search(r"\b(?:either|each|both)\s+sides?\b", text[sentence.start : sentence.end], re.I):
        return None
    named = [c for c in own if c in pair]
    if len(named) == 1:
        return pair[1] if named[0] == pair[0] else pair[0]
    if named:
        return None  # "the Syrian-Turkish border": both named, no side said
    if len(where := {c for c in placed[0] if c in pair}) == 1:
        return where.pop()
    # The subject, at the sentence's start ("Armenia ordered ..."), not any country
    # named before the distance ("talks between Beirut and Israel on keeping ...").
    subject = text[sentence.start : min(at, sentence.start + _SUBJECT_REACH)]
    before = [c for c in _codes(subject, gazetteer) if c in pair]
    # "The Israeli army has told residents not to return to villages within 3 km
    # of the Blue Line": an armed force orders whoever lives there, often across it.
    if len(set(before)) == 1 and not _FORCES_SUBJECT.search(subject):
        return before[0]
    if len(where := {c for c in placed[1] if c in pair}) == 1:
        return where.pop()
    if _AGREED.search(text, sentence.start, sentence.end):
        return None  # "Under a 2018 military agreement, a no-fly zone ...": both sides agreed
    # The story's own places: a report from Sumy region that tells of "villages
    # within 10 km of the border" tells of Ukraine's side of it.
    first, second = (counts.get(pair[0], 0), counts.get(pair[1], 0))
    if max(first, second) >= _STORY_SIDE_MIN and 2 * max(first, second) >= 3 * min(first, second):
        return pair[0] if first > second else pair[1]
    # Else the place named just before: "... 34 settlements of Sumy region.
    # Families have been ordered to leave villages within 10 km of the border."
    return placed[2] if placed[2] in pair else None


def find_strips(
    text: str,
    sentence: Span,
    article_countries: list[str],
    gazetteer: Gazetteer,
    places: Sequence[PlaceAt] = (),
    everywhere: tuple[tuple[float, float], ...] | None = None,
    counts: Mapping[str, int] | None = None,
) -> list[StripMention]:
    """Return the zones along a border that ``sentence`` of ``text`` states.

    ``places`` are the places the article names (not countries), as
    ``PlaceAt``: those of the sentence tell which border ("the border
    with the Gaza Strip" in the Egyptian town of Rafah) and which side.
    """
    start, end = sentence.start, sentence.end
    local = sentence_places(places, sentence)
    if everywhere is None:
        everywhere = tuple(p[3] for p in places if p[3] is not None)
    if counts is None:
        counts = Counter(p[2] for p in places)
    # The country of the place named last before the sentence, if close before it.
    i = bisect_left([p[0] for p in places], start) - 1 if places else -1
    last = places[i][2] if i >= 0 and start - places[i][1] <= _BEFORE_REACH else None
    near = tuple(p[3] for p in local if p[3] is not None) or everywhere
    found = []
    for m in DISTANCE[0].finditer(text, start, end):
        after = text[m.end() : min(end, m.end() + _BORDER_REACH + 60)]
        border = None
        zone = _AFTER_ZONE.match(after)
        if zone:
            border = _ALONG.search(after, zone.end(), zone.end() + _BORDER_REACH)
        if border is None:
            border = _BORDER_STRIP.match(after)
        told = None
        if border is None and _WITHIN.search(text[max(start, m.start() - 24) : m.start()]):
            border = _OF_BORDER.match(after)
            # "15 km from the line": the named line the article spoke of before.
            if border is None and (line := _OF_THE_LINE.match(after)):
                told = line_named_before(text, m.start())
                border = line if told else None
        if border is None or _FACILITY_FENCE.search(border.group()):
            continue
        phrase = after[: border.end()]
        stop = m.end() + border.end()
        inside = [c for s, e, c, _ in local if m.start() <= s and e <= stop]
        # Not an agent ("suspended by Seoul"): a government, not where the zone is.
        outside = [
            c
            for s, e, c, _ in local
            if not (m.start() <= s and e <= stop) and not _AGENT.search(text, max(0, s - 4), s)
        ]
        own = list(dict.fromkeys(_codes(phrase, gazetteer) + inside))
        in_sentence = _codes(text[start:end], gazetteer) + outside
        pair = told or named_line(border.group()) or _pair(own + in_sentence + article_countries)
        if pair is None:
            continue
        # Places the phrase goes on to name ("in Poonch and Rajouri districts"),
        # not where fire came from ("after shelling from Belgorod").
        following = [
            c
            for at, _, c, _ in local
            if stop <= at <= stop + _LOCATIVE_REACH and not _FROM.search(text, stop, at)
        ]
        side = _side(
            text, sentence, m.start(), pair, own, (following, outside, last), gazetteer, counts
        )
        value = number_value(m["number"])
        unit = canonical_unit(m["unit"])
        width_m = value * METRES_PER[unit]
        directions = _widths_by_part(text, stop, end, width_m)
        if directions:
            stop = directions[1]
            widest = max(w for _, w in directions[0])
            if widest > width_m:  # the label and size: the widest part's
                width_m = widest
                value, unit = widest / METRES_PER[unit], unit
        found.append(
            StripMention(
                value=value,
                unit=unit,
                width_m=width_m,
                span=Span(m.start(), stop, text[m.start() : stop]),
                countries=pair,
                side=side,
                border_text=border["border"] if "border" in border.groupdict() else "border",
                near=near,
                directions=directions[0] if directions else (),
            )
        )
    return found


# "from the line": a line of ``named_lines.csv`` the article named before.
_OF_THE_LINE = re.compile(r"^\s+(?:of|from)\s+the\s+(?P<border>line)\b", re.I)
# "... in the east and 10 km in the west": widths by the part of the line.
_PART = r"east|west|north|south"
_FIRST_PART = re.compile(rf"\s+in\s+the\s+(?P<part>{_PART})\s+and\s+(?:about\s+|some\s+)?", re.I)
_NEXT_PART = re.compile(rf"\s+in\s+the\s+(?P<part>{_PART})\b", re.I)
_OPPOSITE = {"east": "west", "west": "east", "north": "south", "south": "north"}


def _widths_by_part(
    text: str, at: int, end: int, first_m: float
) -> tuple[tuple[tuple[str, float], ...], int] | None:
    """Return the widths a strip has on opposite parts of its line, and where they end.

    "15 km from the line in the east and 10 km in the west": east 15 km,
    west 10 km. Only two opposite parts: a line has no middle to measure from.
    """
    first = _FIRST_PART.match(text, at, end)
    if first is None:
        return None
    second = DISTANCE[0].match(text, first.end(), end)
    if second is None:
        return None
    part = _NEXT_PART.match(text, second.end(), end)
    if part is None or _OPPOSITE[first["part"].lower()] != part["part"].lower():
        return None
    metres = number_value(second["number"]) * METRES_PER[canonical_unit(second["unit"])]
    if metres <= 0:
        return None
    legs = ((first["part"].lower(), first_m), (part["part"].lower(), metres))
    return legs, part.end()


# Zones measured from a coast: "within 12 nautical miles of the Odesa region coast",
# "30NM off the Yemeni coast", "Iran's 12-nautical-mile territorial waters".
_SEA_ZONE = r"territorial\s+(?:waters|sea)|exclusive\s+economic\s+zone|EEZ|contiguous\s+zone"
_OFF_COAST = re.compile(
    r"\s+(?:off|of|from)\s+(?:the|its|their)\s+(?P<whose>(?:[\w'’-]+\s+){0,3}?)"
    r"(?:coast|coastline|shore|shores|coastal\s+waters)\b",
    re.I,
)
_AROUND = re.compile(r"\s+(?:around|surrounding|round)\b", re.I)
_SEA_ZONE_AFTER = re.compile(rf"[\s-]*(?:{_SEA_ZONE})\b", re.I)
_POSSESSIVE_BEFORE = re.compile(r"(?P<whose>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?)['’]s?\s+$")


@dataclass(frozen=True)
class CoastMention:
    """A zone measured from a country's coast, as a sentence gives it."""

    value: float
    unit: str
    width_m: float
    span: Span
    country: str


def find_coasts(
    text: str, sentence: Span, article_countries: list[str], gazetteer: Gazetteer
) -> list[CoastMention]:
    """Return the zones measured from a coast that ``sentence`` of ``text`` states."""
    start, end = sentence.start, sentence.end
    found = []
    for m in DISTANCE[0].finditer(text, start, end):
        after = _OFF_COAST.match(text, m.end(), end)
        whose = after["whose"] if after else ""
        stop = after.end() if after else m.end()
        if after is None:
            sea = _SEA_ZONE_AFTER.match(text, m.end(), end)
            # "the territorial sea around the shoal" is a ring around a feature.
            if sea is None or _AROUND.match(text, sea.end(), end):
                continue
            stop = sea.end()
            owner = _POSSESSIVE_BEFORE.search(text[max(start, m.start() - 40) : m.start()])
            whose = owner["whose"] if owner else ""
        codes = _codes(whose, gazetteer) if whose else []
        if not codes and whose:
            # "the Odesa region coast": the country of the place the coast is named after.
            codes = [
                c.country
                for w in _WORD.findall(whose)
                for c in gazetteer.candidates(w)[:1]
                if c.country
            ][:1]
        if not codes:
            # "its coast", "the coast": the one country the sentence or article names.
            near = _codes(text[start:end], gazetteer) or article_countries[:1]
            codes = near[:1]
        if not codes:
            continue
        value = number_value(m["number"])
        unit = canonical_unit(m["unit"])
        found.append(
            CoastMention(
                value,
                unit,
                value * METRES_PER[unit],
                Span(m.start(), stop, text[m.start() : stop]),
                codes[0],
            )
        )
    return found


# Zones along a line that is no border: "a strip 5 km wide along the road", "areas
# within 3 km of the Dnipro", "villages within 10 km of the front line".
_LINE_WORDS = (
    r"road|highway|motorway|railway|rail\s+line|railroad|canal|pipeline|river|front\s*line"
    r"|frontline|contact\s+line|line\s+of\s+contact"
)
LINE_WORD = rf"\b(?:{_LINE_WORDS})\b"
_LINE_PHRASE = (
    rf"(?:the|its|their)\s+(?P<line>(?:[\w'’-]+\s+){{0,3}}?(?:{_LINE_WORDS})\b"
    r"(?:\s+(?:(?:that|which)\s+(?:links?|connects?|joins?|runs?)|linking|connecting|joining"
    r"|between|from)\s+[^,.;()]{1,60})?"
    r"|(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)(?:\s+[Rr]iver)?\b)"
)
# "6 km on either side of the road", "6 km deep to the north and south of the M4 highway".
_SIDES_OF = (
    r"(?:on\s+)?(?:both|either|each)\s+sides?\s+of"
    r"|(?:north|south|east|west)\s+and\s+(?:the\s+)?(?:north|south|east|west)\s+of"
)
_ALONG_LINE = re.compile(
    rf"^(?:[\s-]+(?:deep|wide))?[\s\"“”'‘’(-]*(?:(?:[\w'’-]+[\s-]+){{0,3}}?(?:{_ZONE_WORDS})\b)?"
    rf"[^.;]{{0,40}}?\b(?:along|on|near|by|beside|{_SIDES_OF})\s+{_LINE_PHRASE}",
    re.I,
)
_OF_LINE = re.compile(rf"^\s+(?:of|from|{_SIDES_OF})\s+{_LINE_PHRASE}")
_WIDE = re.compile(r"[\s-]+wide\b", re.I)
_VERB_AFTER_LINE = re.compile(
    r"\s+(?:was|were|is|are|has|have|had|will|would|shall|must|could|remains?|stays?)\b"
)
_RIVER_NAME = re.compile(r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+[Rr]iver\b")
_ZONE_BEFORE = re.compile(rf"\b(?:{_ZONE_WORDS})(?:\s+(?:of|that\s+is|is))?\s+$", re.I)


_MOTION_BEFORE = re.compile(
    r"\b(?:advanc|push|pushed|mov|land|fell|struck|hit|came|got|reach|drove|retreat|withdr"
    r"|pull|penetrat|fir)\w*\b[^.;]*$|\bto\s+within\s+$",
    re.I,
)
_ZONE_CONTEXT = re.compile(
    rf"\b(?:{_ZONE_WORDS}|areas|exclusion|evacuat\w*|residents?|villages|settlements|"
    r"communities|civilians|closed|ban(?:ned|s)?|prohibit\w*|restrict\w*|curfew|no-go|no-fly"
    r"|shelters?|schools?|ordered)\b",
    re.I,
)


@dataclass(frozen=True)
class LineMention:
    """A zone along a line that is no border (a road, a river, a front line)."""

    value: float
    unit: str
    width_m: float
    span: Span
    line_text: str  # "the road that links Khankendi with Armenia", "the Dnipro"
    name: str | None  # a proper name the line was called by ("Dnipro"), None for "the road"
    # "a strip 5 km wide along the road": the width is across the line, both sides
    # together (2.5 km each side); "within 3 km of the Dnipro" is a distance from it.
    across: bool = False


def find_lines(text: str, sentence: Span, taken: list[Span]) -> list[LineMention]:
    """Return the zones along roads, rivers and front lines that ``sentence`` states.

    The words must make the distance a zone's size: a zone word before or
    after it ("a strip 5 km wide along the road"), or "within" ("within 3 km
    of the Dnipro"). Distances inside ``taken`` (strips, coasts) are skipped.
    A capitalised name is only a candidate line: the caller keeps it only
    when it names a river in the data.
    """
    start, end = sentence.start, sentence.end
    found = []
    for m in DISTANCE[0].finditer(text, start, end):
        if any(s.start <= m.start() < s.end for s in taken):
            continue
        after = text[m.end() : min(end, m.end() + 160)]
        before = text[max(start, m.start() - 40) : m.start()]
        line = None
        along = _ALONG_LINE.match(after)
        if along is not None and (
            _ZONE_BEFORE.search(before) or re.search(rf"\b(?:{_ZONE_WORDS})\b", along.group(), re.I)
        ):
            line = along
        if line is None and _WITHIN.search(before):
            line = _OF_LINE.match(after)
        if line is None:
            continue
        # Where troops got to or shells fell is no zone ("advanced to within 2 km of
        # the road"); a zone is what people are told or barred ("residents of areas").
        if _MOTION_BEFORE.search(text, max(start, m.start() - 40), m.start()) or not (
            _ZONE_CONTEXT.search(text, start, end)
        ):
            continue
        value = number_value(m["number"])
        unit = canonical_unit(m["unit"])
        stop = m.end() + line.end()
        # "the road between Saraqib and Latakia was declared": the line ends before the verb.
        phrase = _VERB_AFTER_LINE.split((line["line"] or line["name"]).strip(), maxsplit=1)[0]
        river = _RIVER_NAME.match(phrase)
        found.append(
            LineMention(
                value=value,
                unit=unit,
                width_m=value * METRES_PER[unit],
                span=Span(m.start(), stop, text[m.start() : stop]),
                line_text=phrase if line["name"] else f"the {phrase}",
                name=line["name"] or (river["name"] if river else None),
                across=_WIDE.match(after) is not None,
            )
        )
    return found


def known_line(line: LineMention, near: tuple[tuple[float, float], ...]) -> KnownLine | None:
    """Return the river or road of the data that ``line`` names, None when the data lacks it.

    A road only near the places the report names (``near``): another
    continent's road of that name is not meant.
    """
    river = river_line(line.name) if line.name else None
    if river is not None:
        return KnownLine("river", str(line.name), river, "Natural Earth 1:50m rivers")
    road = road_named(line.line_text)
    if road is None or (near and not road.near(near)):
        return None
    return KnownLine("road", road.name, road.geometry(), f"data/roads.csv: {road.source}")
