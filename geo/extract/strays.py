"""Towns far from the story: a doubtful reading of a name needs support from the rest.

A report's places lie near each other; a town of the same name thousands of
km away is seldom what it means. ``without_strays`` weighs the doubtful
readings of a report's names against the others (see its docstring), and puts
the supplement's qualified rows ("Boni (Mali)") where the bare name's reading
has nothing in the story with it.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from geo.geocode.names import cached_key, loosely_alike
from geo.geocode.place import Place
from geo.geocode.rank import distance_km

if TYPE_CHECKING:
    from geo.extract.places import PlaceMention
    from geo.geocode.gazetteer import Gazetteer

SMALL_TOWN = 15_000  # fewer people than this: named only where the context agrees
BIG_TOWN = 100_000  # a town this big is seldom a common word at a sentence's start
CITY = 1_000_000  # by another of its names ("Hamas" is one for Hamm), only a city this big
STORY_KM = 1500  # a town farther than this from every other place the story names is a stray


def without_strays(
    mentions: list[PlaceMention], countries: tuple[str, ...], gazetteer: Gazetteer
) -> list[PlaceMention]:
    """Return ``mentions`` without the towns that lie far from everything else the story names.

    Only a doubtful reading is weighed: a town named by another of its names
    ("Truong Sa" is Changsha's in Vietnamese), or a small one whose name other
    places share. Such a town needs support in the story: another place of
    its country, a place within ``STORY_KM`` (a third of that by another of
    its names), or, by its own name, its country named or ``BIG_TOWN`` people
    (``CITY`` when only spelled alike). And it is an outlier only beside a
    story of places near each other. "Boni" in a report from Mali is a
    village there, not Bonn (one of whose alternate names it is); "David"
    beside Israeli towns is a sling, not the town in Panama. A name with one
    meaning stands, "Geneva" and "Avdiivka" are both kept (no cluster to
    stray from), and no story is left without places.
    """
    by_place: dict[str, list[PlaceMention]] = {}
    for m in mentions:
        if m.place.lon is not None and m.place.lat is not None:
            by_place.setdefault(m.place.id, []).append(m)
    if len(by_place) < 2:
        return mentions
    others = [ms[0].place for ms in by_place.values() if not ms[0].place.is_country]
    per_country: dict[str, int] = {}
    for q in others:
        per_country[q.country] = per_country.get(q.country, 0) + 1
    strays = set()
    instead: dict[str, Place] = {}
    for pid, ms in by_place.items():
        place = ms[0].place
        if not pid.startswith("geonames:") or place.is_country or place.place_type == "region":
            continue
        # The supplement's "Solhan (Burkina Faso)" beside Burkinabe towns, where the
        # bare name's reading (a Solhan in Turkey) has nothing in the story with it.
        if place.country not in countries and per_country.get(place.country, 0) <= 1:
            rest = [q for q in others if q.id != pid]
            local = _qualified_near(gazetteer, ms[0].span.text, rest, per_country, countries)
            if local is not None and local.id != pid:
                instead[pid] = local
                strays.add(pid)
                continue
        own_name = all(_own_name(m.span.text, place) for m in ms)
        exact = all(cached_key(m.span.text) == cached_key(place.name) for m in ms)
        if own_name and (
            max(m.candidates for m in ms) <= 1
            or place.country in countries
            or place.population >= (BIG_TOWN if exact else CITY)
        ):
            continue
        if own_name and per_country.get(place.country, 0) > 1:
            continue  # another place of its country (by another name, it needs one near)
        # Another of its names is weaker evidence: it needs support nearer by.
        reach = STORY_KM if own_name else STORY_KM / 3
        here = _point(place)
        rest = [q for q in others if q.id != pid]
        if any(distance_km(here, _point(q)) <= reach for q in rest):
            continue
        # An outlier only beside a story that has a place of its own: two places
        # near each other ("Geneva" and "Avdiivka" are two stories' worth, not one).
        if not _has_cluster(rest):
            continue
        strays.add(pid)

    if not strays:
        return mentions
    mentions = [
        replace(
            m,
            place=instead[m.place.id],
            reason="named so in the supplement, in the story's country",
        )
        if m.place.id in instead
        else m
        for m in mentions
    ]
    strays -= set(instead)
    kept = [m for m in mentions if m.place.id not in strays]
    if not any(not m.place.is_country and m.place.lat is not None for m in kept):
        return mentions  # a story is not left without a place
    return kept


def _qualified_near(
    gazetteer: Gazetteer,
    name: str,
    rest: list[Place],
    per_country: dict[str, int],
    countries: tuple[str, ...],
) -> Place | None:
    """Return the supplement's "name (qualifier)" place in or near the story's places."""
    for candidate in gazetteer.qualified(name):
        if candidate.lat is None or candidate.lon is None:
            continue
        if (
            candidate.country in countries
            or per_country.get(candidate.country)
            or any(distance_km(_point(candidate), _point(q)) <= STORY_KM for q in rest)
        ):
            return candidate
    return None


def _point(place: Place) -> tuple[float, float]:
    assert place.lon is not None and place.lat is not None
    return (place.lon, place.lat)


def _has_cluster(places: list[Place]) -> bool:
    """Return whether two of ``places`` lie within ``STORY_KM`` of each other (one pass, sorted)."""
    points = sorted(_point(q) for q in places)
    # Sorted by longitude, a place's neighbours within STORY_KM lie within this many
    # degrees of longitude at any latitude up to 80 degrees.
    window = STORY_KM / 111.32 / math.cos(math.radians(80.0))
    for i, a in enumerate(points):
        for b in points[i + 1 :]:
            if b[0] - a[0] > window:
                break
            if distance_km(a, b) <= STORY_KM:
                return True
    return False


def _own_name(surface: str, place: Place) -> bool:
    """Return whether ``surface`` spells the place's own name, not one of its alternates."""
    key, own = cached_key(surface), cached_key(place.name)
    return key == own or loosely_alike(key, own)
