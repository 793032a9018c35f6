"""What a report's words say of its zones: what a zone is around, and what it runs along.

A zone's centre is the place its sentence names, or the facility it points
back at ("the garrison", "the shoal"), or the zone told before; otherwise
it needs review (``zone_center``). "The bank of the Dnipro" is the river,
not the city (``names_a_river``). Which sentences may measure a zone from a
coast or a line is found in one scan of a report (``sentences_with``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from geo.extract.event_places import place_named
from geo.extract.facilities import FACILITY_TYPES, listed_near
from geo.extract.patterns import Caseless, caseless, finditer_caseless, lowered
from geo.extract.places import PlaceMention
from geo.extract.radii import RadiusMention
from geo.extract.text import Span
from geo.geocode.areas import TOWN_TYPES
from geo.geocode.place import Place
from geo.strips import river_line

# "the west bank of the Dnipro", "across the Euphrates", "within 3 km of the Dnipro": a
# river, where a town's name would not stand.
_RIVER_BEFORE = re.compile(
    r"\b(?:banks?\s+of|across|crossed|crossing|along|over|beyond|upstream\s+on|downstream\s+on"
    r"|(?:km|kilometres?|kilometers?|miles?|metres?|meters?)\s+(?:of|from))\s+the\s+$",
    re.I,
)
_RIVER_AFTER = re.compile(r"\s+river\b", re.I)


def names_a_river(text: str, pm: PlaceMention) -> bool:
    """Return whether a town's name names a river where it stands ("the bank of the Dnipro")."""
    if pm.place.place_type not in ("city", "town", "village", "place"):
        return False
    if not (
        _RIVER_BEFORE.search(text, max(0, pm.span.start - 40), pm.span.start)
        or _RIVER_AFTER.match(text, pm.span.end)
    ):
        return False
    return river_line(pm.span.text) is not None


def sentences_with(
    pattern: Caseless, text: str, story: list[Span], holds: tuple[str, ...] = ()
) -> set[int]:
    """Return the indices of the ``story`` sentences in which ``pattern`` matches, in one scan.

    ``pattern`` is a ``caseless`` pair: the quick twin runs over the lower-cased text.
    ``holds``: lower-case strings one of which every match holds; a story holding
    none of them is not scanned.
    """
    if not story:
        return set()
    if holds:
        low = lowered(text, story[0].start, story[-1].end)
        if low is not None and not any(word in low[0] for word in holds):
            return set()
    starts = [s.start for s in story]
    found = set()
    for m in finditer_caseless(pattern, text, story[0].start, story[-1].end):
        n = bisect_right(starts, m.start()) - 1
        if story[n].end >= m.end():
            found.add(n)
    return found


def zone_center(
    text: str,
    sentence: Span,
    radius: RadiusMention,
    local: list[PlaceMention],
    starts: list[int],
    before: list[PlaceMention],
    told: Place | None,
) -> tuple[Place | None, str]:
    """Return the centre of a zone the radius sizes, and why.

    ``local`` are the places of the radius's sentence that can be a centre, in
    text order, with ``starts`` their offsets: the first named after the
    radius ("a 55 km zone around At Tanf"), else the last named before it.
    A sentence that names none may point back: at a facility the article
    named ("the zone around the garrison", "the garrison ... is surrounded
    by a 55 km zone"), the last of ``before`` (the article's places) that is
    one; or at the zone it told before ("describes the zone as 55 km deep"),
    whose centre is ``told``. Otherwise the centre is not known and the zone
    says so: it is never put on whatever the article names most.
    """
    unknown = [
        pm
        for pm in before
        if sentence.start <= pm.span.start < sentence.end
        and pm.place.lat is None
        and pm.place.place_type in FACILITY_TYPES
    ]
    if local:
        i = bisect_left(starts, radius.end)
        nearest = local[i] if i < len(local) else local[-1]
        # "around the Zaporizhzhia nuclear power plant": a facility not placed is no town.
        ahead = [pm for pm in unknown if pm.span.start >= radius.end]
        if ahead and (i >= len(local) or ahead[0].span.start < nearest.span.start):
            return None, f"centre needs review: “{ahead[0].span.text}” is not in the gazetteer"
        return place_named(nearest, None)
    if unknown:
        return None, f"centre needs review: “{unknown[0].span.text}” is not in the gazetteer"
    facility = _THE_FACILITY.search(text, sentence.start, sentence.end)
    if facility is not None:
        noun = re.sub(r"\s+", " ", facility["noun"].lower())
        if facility["owner"] is not None:
            # "the town's airport": the listed airport of the town named last.
            town = next(
                (
                    pm.place
                    for pm in reversed(before)
                    if pm.span.start < radius.start and pm.place.place_type in TOWN_TYPES
                ),
                None,
            )
            found = listed_near(town.name, town, _LISTED_KIND.get(noun, "")) if town else None
            if town is not None and found is not None:
                return found, f"the {noun} of the town named before (“{town.name}”)"
        # The last named of the noun's own kind ("the shoal": a shoal, not the
        # island named since), else of a kind the noun may stand for.
        for kinds in (frozenset({noun}), _NOUN_KINDS.get(noun, FACILITY_TYPES)):
            for pm in reversed(before):
                if pm.span.start < radius.start and pm.place.place_type in kinds:
                    return pm.place, f"the {facility['noun']} named before (“{pm.span.text}”)"
        return None, f"centre needs review: “the {facility['noun']}” is no facility placed before"
    if told is not None and _THE_ZONE.search(text, sentence.start, sentence.end):
        return told, "the zone the report told before"
    return None, "centre needs review: the sentence names no place the zone is around"


# The widest zone along a border, a coast or a river (an EEZ is 370 km): wider is a misreading.
MAX_LINE_ZONE_M = 1_000_000.0
# A sentence that may measure a zone from a road, a river or a front line.
LINE_HINT = caseless(
    r"\b(?:road|highway|motorway|railway|rail|railroad|canal|pipeline|river|front\s*line"
    r"|frontline|contact\s+line|line\s+of\s+contact|within)\b"
)
# A sentence that may measure a zone from a coast.
COAST = caseless(r"\bcoast|\bshore|territorial\s+(?:waters|sea)|economic\s+zone|\beez\b")
# One of these every match of COAST holds. Its matches need not begin a word,
# so it has no first words to look up, and would be scanned through every report.
COAST_HOLDS = ("coast", "shore", "territorial", "economic", "eez")

# "the garrison", "the air base": a facility the sentence points back at.
_THE_FACILITY = re.compile(
    r"\b(?:the|that|this|its)\s+(?:(?P<owner>town|city)['’]s\s+)?(?:[\w-]+\s+){0,2}?(?P<noun>garrison|base|airbase|air\s+base|outpost"
    r"|camp|plant|facility|port|airport|airfield|dam|installation|shoal|reef|atoll|island|islet"
    r"|crossing|checkpoint|terminal|harbou?r|bridge)\b",
    re.I,
)
_WATER_FEATURES = frozenset(
    {"shoal", "reef", "atoll", "island", "islet", "islands", "cape", "spit"}
)
# What kind of place each noun points back at; other nouns, any facility.
_NOUN_KINDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("shoal", "reef", "atoll", "island", "islet"), _WATER_FEATURES),
    **dict.fromkeys(
        ("airport", "airfield", "airbase", "air base"), frozenset({"airport", "airbase"})
    ),
    **dict.fromkeys(
        ("port", "terminal", "harbour", "harbor"), frozenset({"port", "naval_base", "oil_terminal"})
    ),
    "dam": frozenset({"dam", "power_plant", "reservoir"}),
    "plant": frozenset({"nuclear_power_plant", "power_plant", "facility", "refinery"}),
    **dict.fromkeys(("crossing", "checkpoint"), frozenset({"border_crossing", "checkpoint"})),
}
# The list that knows each noun's facilities (geo.geocode.listed).
_LISTED_KIND = {
    **dict.fromkeys(("airport", "airfield"), "airport"),
    **dict.fromkeys(("airbase", "air base"), "airbase"),
    **dict.fromkeys(("port", "harbour", "harbor", "terminal"), "port"),
}
# "the zone", "this exclusion area": a zone the report told before.
_THE_ZONE = re.compile(
    r"\b(?:the|this|that|its)\s+(?:[\w-]+\s+)?(?:zone|area|perimeter|radius|bubble|cordon)\b",
    re.I,
)
