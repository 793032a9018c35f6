"""Facilities named after a town: "the Zaporizhzhia nuclear power plant" is not Zaporizhzhia.

News names plants, bases, ports and dams after the nearest town ("Saky
airbase", "the port of Izmail", "the Kakhovka dam"); the facility can lie tens
of kilometres from it. A town's name followed by a facility word (or "the
port of" before it) names the facility: the gazetteer's entry for it when it
has one ("Khmeimim Air Base" answers "Hmeimim air base"), else a facility
that is known to be unknown: no coordinates, "centre needs review", never the
town.
"""

from __future__ import annotations

import re
from dataclasses import replace

from geo.extract.patterns import caseless, finditer_caseless
from geo.extract.places import PlaceMention
from geo.extract.text import Span
from geo.geocode.areas import TOWN_TYPES
from geo.geocode.gazetteer import Gazetteer
from geo.geocode.listed import airports, ports
from geo.geocode.place import Place
from geo.geocode.rank import distance_km

# The kind of facility each word names, as the supplement's place_type spells it.
_KINDS = (
    (r"nuclear\s+power\s+(?:plant|station)|nuclear\s+plant|NPP", "nuclear_power_plant"),
    (r"(?:thermal\s+|hydroelectric\s+|hydro\s*)?power\s+(?:plant|station)", "power_plant"),
    (r"air\s*base|air\s+field|airfield|military\s+airport|air\s+station", "airbase"),
    (r"naval\s+base|navy\s+base", "naval_base"),
    # "the Yarmouk military complex", "the army's Wadi Seidna compound".
    (
        r"military\s+base|army\s+base|garrison|military\s+(?:complex|compound|headquarters)"
        r"|army\s+(?:complex|compound|headquarters)",
        "military_base",
    ),
    (r"(?:international\s+)?airport", "airport"),
    (r"(?:sea\s*)?port|harbou?r|oil\s+terminal|terminal", "port"),
    (r"dam|reservoir\s+dam", "dam"),
    (r"refinery|oil\s+refinery", "refinery"),
    (r"border\s+crossing|crossing\s+point|checkpoint", "border_crossing"),
    (r"(?:(?:refugee|displacement|IDP)\s+)?camp", "camp"),
)
_AFTER = re.compile(
    r"[\s-]+(?P<word>" + "|".join(f"(?:{w})" for w, _ in _KINDS) + r")\b", re.IGNORECASE
)
# "Mopti-Ambodedjo airport", "Beirut Rafic Hariri International Airport": the
# airport's own name between the town's and the word.
_AIRPORT_AFTER = re.compile(
    r"(?P<extra>(?:[\s-]+[A-Z][\w'’]+){1,3}?)[\s-]+(?P<word>(?i:(?:international\s+)?airport"
    r"|air\s*base|air\s+field|airfield))\b",
)
_BEFORE = re.compile(
    r"\b(?P<word>(?:sea\s*)?port|harbou?r|airport|dam)\s+(?:of|at)\s+$", re.IGNORECASE
)


def _kind(word: str) -> str:
    for pattern, kind in _KINDS:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return kind
    return "facility"


# A camp named after a town this big without "refugee" before it is a political camp.
_CAPITAL_SIZE = 1_000_000
UNKNOWN_FACILITY = (
    "facility not in the gazetteer: centre needs review, not the town it is named after"
)


def read_facilities(
    text: str, named: list[PlaceMention], gazetteer: Gazetteer
) -> list[PlaceMention]:
    """Return ``named`` with each town named as part of a facility's name made that facility."""
    found = []
    for pm in named:
        place = pm.place
        if place.is_country or place.place_type not in TOWN_TYPES:
            found.append(pm)
            continue
        after = _AFTER.match(text, pm.span.end, min(len(text), pm.span.end + 40))
        if after is None:
            after = _AIRPORT_AFTER.match(text, pm.span.end, min(len(text), pm.span.end + 60))
        before = None
        if after is None:
            before = _BEFORE.search(text, max(0, pm.span.start - 20), pm.span.start)
        if after is None and before is None:
            found.append(pm)
            continue
        if after is not None:
            span = Span(pm.span.start, after.end(), text[pm.span.start : after.end()])
            word = after["word"]
        else:
            assert before is not None
            span = Span(before.start(), pm.span.end, text[before.start() : pm.span.end])
            word = before["word"]
        kind = _kind(" ".join(word.split()))
        known = _known(gazetteer, span.text, pm.span.text, kind) or listed_near(
            span.text, place, kind
        )
        if known is not None:
            found.append(replace(pm, place=known, span=span, reason=f"the {kind} named"))
            continue
        if word.lower() == "camp" and place.population >= _CAPITAL_SIZE:
            # "the Moscow camp rejected the plan": a side in politics, not a camp.
            found.append(pm)
            continue
        unknown = Place(
            id=f"facility:{place.id}:{kind}",
            name=" ".join(span.text.split()),
            country=place.country,
            place_type=kind,
            source="",
        )
        found.append(PlaceMention(unknown, span, 0, UNKNOWN_FACILITY))
    return found


def _known(gazetteer: Gazetteer, phrase: str, town: str, kind: str) -> Place | None:
    """Return the gazetteer's facility for the phrase, if it has one of a facility type."""
    for query in (phrase, f"{town} {kind.replace('_', ' ')}"):
        for candidate in gazetteer.candidates(" ".join(query.split())):
            if candidate.place_type in FACILITY_TYPES:
                return candidate
    return None


# An airport or a port by its own name, with no town read before it: "the
# Mopti-Ambodedjo airport", "Ben Gurion Airport", "the port of Ras Isa".
_NAME = r"[A-Z][\w'’]+(?:[\s-]+[A-Z][\w'’]+){0,3}"
_NAMED_LISTED = re.compile(
    rf"(?P<name>{_NAME})\s+(?P<word>(?:[Ii]nternational\s+)?[Aa]irport|[Aa]ir\s*[Bb]ase"
    rf"|[Aa]irfield|(?:[Ss]ea\s*)?[Pp]ort|(?:[Oo]il|[Mm]arine)\s+[Tt]erminal)\b"
    rf"|\b(?P<before>(?:[Ss]ea\s*)?[Pp]ort|[Hh]arbou?r)\s+of\s+(?P<after>{_NAME})"
)
_LISTED_WORD = caseless(r"\b(?:airport|air\s*base|airfield|port|seaport|terminal|harbou?r)\b")
_LEADING = frozenset({"The", "A", "An", "At", "In", "On", "Near", "Of"})


def read_listed(text: str, named: list[PlaceMention]) -> list[PlaceMention]:
    """Return ``named`` with the airports and ports named by their own name.

    Only one of a country the story's places are in is taken: the name
    alone may be another's far away.
    """
    # Most reports name no airport or port: the names are looked for only
    # around the words that say one is named.
    hits = [w.start() for w in finditer_caseless(_LISTED_WORD, text, 0, len(text))]
    if not hits:
        return named
    countries = {pm.place.country for pm in named if pm.place.country}
    taken = [(pm.span.start, pm.span.end) for pm in named]
    added = []
    seen: set[int] = set()
    for m in (
        m
        for at in hits
        for m in _NAMED_LISTED.finditer(text, _word_start(text, at - 60), min(len(text), at + 80))
    ):
        if m.start() in seen:
            continue
        seen.add(m.start())
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        group = "name" if m["name"] else "after"
        words = m[group].split()
        while words and words[0] in _LEADING:
            words = words[1:]
        if not words:
            continue
        kind = _kind(" ".join((m["word"] or m["before"]).split()))
        listed = _LISTS.get(kind)
        found = listed().find(" ".join(words), countries=countries) if listed else None
        if found is None:
            continue
        start = m.start() if group == "after" else m.start(group) + m[group].index(words[0])
        span = Span(start, m.end(), text[start : m.end()])
        added.append(PlaceMention(found.place(kind), span, 1, f"the {kind} named"))
    if not added:
        return named
    return sorted([*named, *added], key=lambda pm: pm.span.start)


# A building named by its own name and kind: "the Jamia Masjid", "Al-Shifa Hospital".
_LANDMARK = re.compile(
    r"(?P<name>(?:(?:[A-Z][\w'’]*|al|el)(?:-[\w'’]+)*\s+){1,3}?)"
    r"(?P<word>Mosque|Masjid|Church|Cathedral|Shrine|Hospital|Medical\s+Complex|Palace"
    r"|Temple|Monastery|Synagogue|Embassy)\b"
)
# The words one of which each match of _LANDMARK_WORD holds.
_LANDMARK_KINDS = (
    *("Mosque", "Masjid", "Church", "Cathedral", "Shrine", "Hospital", "Medical", "Palace"),
    *("Temple", "Monastery", "Synagogue", "Embassy"),
)
_LANDMARK_WORD = re.compile(
    r"\b(?:Mosque|Masjid|Church|Cathedral|Shrine|Hospital|Medical\s+Complex|Palace|Temple"
    r"|Monastery|Synagogue|Embassy)\b"
)


def read_landmarks(
    text: str, named: list[PlaceMention], gazetteer: Gazetteer
) -> list[PlaceMention]:
    """Return ``named`` with the buildings named by their own name ("the Jamia Masjid").

    The supplement's landmark when it has the name (or the name qualified
    by a place of the story: "Al-Quds Hospital (Gaza)"), else a landmark
    known to be unknown: no coordinates, "centre needs review", never the
    town it stands in.
    """
    # A substring test rules out most reports before the pattern's search.
    if not any(word in text for word in _LANDMARK_KINDS) or _LANDMARK_WORD.search(text) is None:
        return named
    taken = [(pm.span.start, pm.span.end) for pm in named]
    story = {pm.place.country for pm in named if pm.place.country}
    # The towns the story names: a landmark named with its town's qualifier
    # ("Jamia Masjid (Srinagar)") is the one near a town the story names.
    towns = [
        (pm.place.lon, pm.place.lat)
        for pm in named
        if pm.place.lon is not None and pm.place.lat is not None and not pm.place.is_country
    ]
    added = []
    for m in _LANDMARK.finditer(text):
        words = m["name"].split()
        while words and words[0] in _LEADING:
            words = words[1:]
        if not words:
            continue
        start = m.start("name") + m["name"].index(words[0])
        if any(a < m.end() and start < b for a, b in taken):
            continue
        phrase = " ".join([*words, *m["word"].split()])
        known = [p for p in gazetteer.candidates(phrase) if p.place_type in FACILITY_TYPES]
        known += [
            p
            for p in gazetteer.qualified(phrase)
            if p.country in story and _near_any(p, towns, LANDMARK_TOWN_KM)
        ]
        span = Span(start, m.end(), text[start : m.end()])
        if known:
            added.append(PlaceMention(known[0], span, len(known), "the building named"))
            continue
        unknown = Place(
            id=f"facility:landmark:{phrase.casefold()}",
            name=phrase,
            country="",
            place_type="landmark",
            source="",
        )
        added.append(PlaceMention(unknown, span, 0, UNKNOWN_FACILITY))
    if not added:
        return named
    return sorted([*named, *added], key=lambda pm: pm.span.start)


# A landmark known by its town's name lies in that town: within this of a town named.
LANDMARK_TOWN_KM = 20.0


def _near_any(place: Place, points: list[tuple[float, float]], km: float) -> bool:
    """Return whether ``place`` lies within ``km`` of one of ``points`` (lon, lat)."""
    if place.lon is None or place.lat is None:
        return False
    return any(distance_km((place.lon, place.lat), p) <= km for p in points)


def _word_start(text: str, at: int) -> int:
    """Return where the word at ``at`` begins (0 before the text)."""
    at = max(0, at)
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


# The lists that know facilities of a kind.
_LISTS = {"airport": airports, "airbase": airports, "port": ports}


def listed_near(phrase: str, town: Place, kind: str) -> Place | None:
    """Return the airport or port the phrase names near ``town``, from its list."""
    listed = _LISTS.get(kind)
    if listed is None or town.lat is None or town.lon is None:
        return None
    found = listed().find(phrase, near=(town.lon, town.lat))
    return None if found is None else found.place(kind)


# The kinds of facility: the supplement's types, and those this module names.
FACILITY_TYPES = frozenset(
    {
        "airbase",
        "airport",
        "border_crossing",
        "camp",
        "military_base",
        "oil_field",
        "outpost",
        "facility",
        "bridge",
        "landmark",
        *(kind for _, kind in _KINDS),
    }
)
