"""Places said to lie in another: "Aghdam in its Tovuz district", "the Egyptian town of Rafah".

A name with several meanings is decided by what its sentence says it lies in:

- "X in Y", "X, in Y", "X sector of Y" right before a region or country Y
  the text names ("Chinari and Berd in Tavush province": each of a list
  before Y);
- "the <adjective> town (city, village, port) of X", the adjective a
  country's ("the Egyptian town of Rafah").

X must then lie in Y: in its country, and within ``_EDGE_KM`` of its outline
when the data has one (within ``_NEAR_KM`` of its centre when it has none).
When the meaning read for X does not, a supplement row named for both
("Aghdam, Tovuz") is taken, else another meaning of X that lies there. When
the gazetteer has none: a country Y changes nothing (a list may name places
of several countries); a region Y moves X to Y's centre with ACLED's
``geo_precision`` 2 when X is a place of another country, or one of several
meanings, or more than ``_FAR_KM`` outside Y; never to the far place of the
same name; a place there spelled another way (``Gazetteer.namesakes_near``)
comes before the centre.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import shapely
import shapely.ops
from shapely.geometry import Point, shape

from geo.extract.places import PlaceMention
from geo.extract.strips import country_of_word
from geo.geocode.areas import designated_base
from geo.geocode.gazetteer import Gazetteer
from geo.geocode.names import cached_key
from geo.geocode.place import Place
from geo.geocode.rank import distance_km

# Between X and the place it lies in: "X in", "X, in the", "X in its", "X in southern".
_IN = re.compile(
    r"(?:\s+(?:sector|area|belt|valley|division|village|town))?,?\s+(?:in|of|inside)\s+(?:(?:the|its|their|northern|southern|eastern|western|central"
    r"|north-eastern|north-western|south-eastern|south-western|occupied)\s+){0,2}",
    re.I,
)
_COMMA = re.compile(r",\s*")
# Between two names of a list that lies in one place: "Chinari and Berd in Tavush".
_LIST = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")
# "the Egyptian town of": the country of the place named next.
_COUNTRY_TOWN = re.compile(
    r"\b(?P<adj>[A-Z][\w'’]+)\s+(?:border\s+)?(?:town|city|village|port|hamlet|settlement)"
    r"\s+of\s+$"
)
_NEAR_KM = 150.0  # a region with no outline: its places lie this near its centre
_EDGE_KM = 30.0  # a place this near a region's outline lies in it (coarse outlines, enclaves)
_FAR_KM = 100.0  # a place of one meaning this far outside the region named is another place
# What can lie in a region or country: towns and the like, not areas.
_POINT_TYPES = frozenset({"city", "town", "village", "place", "populated_place", "district"})


@dataclass(frozen=True)
class _Within:
    """Where a text says a place lies: a country, and a region of it when one is named."""

    country: str
    region: Place | None
    said: str  # the words that say it ("Tovuz district", "Egyptian")


def read_containment(
    text: str, named: list[PlaceMention], gazetteer: Gazetteer
) -> list[PlaceMention]:
    """Return ``named`` with each place put where its sentence says it lies."""
    found = list(named)
    # Where each list ends ("Chinari and Berd in ..."): one pass from the right.
    last = list(range(len(named)))
    for i in range(len(named) - 2, -1, -1):
        # A country after a comma ends a list: "Boni, Mali", "Kharkiv, Ukraine".
        if not named[i + 1].place.is_country and _LIST.fullmatch(
            text, named[i].span.end, named[i + 1].span.start
        ):
            last[i] = last[i + 1]
    for i, pm in enumerate(named):
        if pm.place.is_country or pm.place.place_type not in _POINT_TYPES:
            continue
        within = _said_within(text, named, i, last[i], gazetteer)
        if within is None or _lies_in(pm.place, within, gazetteer):
            continue
        found[i] = _moved(pm, within, gazetteer)
    return found


def _said_within(
    text: str, named: list[PlaceMention], i: int, j: int, gazetteer: Gazetteer
) -> _Within | None:
    """Return where the text says the i-th named place lies (``j``: its list's last), or None."""
    pm = named[i]
    before = _COUNTRY_TOWN.search(text, max(0, pm.span.start - 60), pm.span.start)
    if before is not None:
        code = country_of_word(before["adj"], gazetteer)
        if code:
            return _Within(code, None, before["adj"])
    # Past the rest of a list ("Chinari and Berd in ..."), then "in".
    end = named[j].span.end
    if j + 1 >= len(named):
        return None
    outer = named[j + 1].place
    gap = (end, named[j + 1].span.start)
    # "Boni, Mali": a comma before a country says where the place is.
    if not _IN.fullmatch(text, *gap) and not (
        i == j and outer.is_country and _COMMA.fullmatch(text, *gap)
    ):
        return None
    if outer.is_country:
        return _Within(outer.country, None, named[j + 1].span.text)
    if outer.place_type == "region" and outer.country:
        return _Within(outer.country, outer, named[j + 1].span.text)
    return None


def _lies_in(place: Place, within: _Within, gazetteer: Gazetteer) -> bool:
    if place.country != within.country:
        return False
    return _km_outside(place, within, gazetteer) <= _EDGE_KM


def _km_outside(place: Place, within: _Within, gazetteer: Gazetteer) -> float:
    """Return how far ``place`` lies outside the region the text names (0 inside or no region)."""
    region = within.region
    if region is None or place.lat is None or place.lon is None:
        return 0.0
    outline = outline_of(gazetteer, region)
    if outline is not None:
        return km_outside(place.lon, place.lat, outline)
    if region.lat is None or region.lon is None:
        return 0.0
    return max(0.0, distance_km((place.lon, place.lat), (region.lon, region.lat)) - _NEAR_KM)


def km_outside(lon: float, lat: float, outline: shapely.Geometry) -> float:
    """Return how far a point lies outside an outline (0 inside or on it)."""
    here = Point(lon, lat)
    if outline.covers(here):
        return 0.0
    edge = shapely.ops.nearest_points(outline, here)[0]
    return distance_km((lon, lat), (edge.x, edge.y))


_OUTLINES: dict[str, shapely.Geometry | None] = {}


def outline_of(gazetteer: Gazetteer, region: Place) -> shapely.Geometry | None:
    """Return a region's outline as a prepared shapely geometry, made once per region."""
    if region.id not in _OUTLINES:
        geometry = gazetteer.outline(region)
        outline = None if geometry is None else shape(geometry)
        if outline is not None:
            shapely.prepare(outline)
        _OUTLINES[region.id] = outline
    return _OUTLINES[region.id]


def _moved(pm: PlaceMention, within: _Within, gazetteer: Gazetteer) -> PlaceMention:
    """Return the mention as the place of its name that lies where the text says.

    Unchanged when the text names only a country and no place of the name lies
    in it, or when the place has one meaning and lies near the region named.
    """
    name = pm.span.text
    region = within.region
    if region is not None:
        base = designated_base(cached_key(region.name)) or region.name
        for qualified in (f"{name}, {base}", f"{name} ({base})"):
            for place in gazetteer.candidates(qualified):
                if _lies_in(place, within, gazetteer):
                    return PlaceMention(place, pm.span, 1, f"in {within.said}, as the text says")
    for place in gazetteer.qualified(name):  # "Boni (Mali)" for "Boni, Mali"
        if place.lat is not None and _lies_in(place, within, gazetteer):
            return PlaceMention(place, pm.span, 1, f"in {within.said}, as the text says")
    others = [p for p in gazetteer.candidates(name) if p.id != pm.place.id]
    inside = [p for p in others if p.lat is not None and _lies_in(p, within, gazetteer)]
    if inside:
        return PlaceMention(
            inside[0], pm.span, len(others) + 1, f"in {within.said}, as the text says"
        )
    if region is None or region.lat is None or region.lon is None:
        # Only a country, and no place of the name in it: the text may list
        # places of several countries ("Kyiv, Lviv and Belgorod in Russia").
        return pm
    if pm.place.country == region.country and (
        not others or _km_outside(pm.place, within, gazetteer) <= _FAR_KM
    ):
        return pm  # one meaning, near the region: not worth moving
    # A place there spelled another way ("Nowshera" for Nāushahra).
    for place in gazetteer.namesakes_near(name, region.lon, region.lat, _NEAR_KM):
        if place.place_type in _POINT_TYPES and _lies_in(place, within, gazetteer):
            return PlaceMention(place, pm.span, 1, f"in {within.said}, as the text says")
    return PlaceMention(
        Place(
            id=f"within:{region.id}:{cached_key(name)}",
            name=f"{name} ({region.name})",
            country=region.country,
            place_type="place",
            lat=region.lat,
            lon=region.lon,
            source=region.source,
        ),
        pm.span,
        0,
        f"somewhere in {within.said}, as the text says; placed at its centre",
    )
