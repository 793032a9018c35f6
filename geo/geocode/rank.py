"""Ranking a name's candidates: the countries and places named with it, the source, size."""

from __future__ import annotations

import math
from collections.abc import Callable

from geo.geocode.areas import AREA_PREFIX
from geo.geocode.place import Choice, Place

EARTH_RADIUS_KM = 6371.0088


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the distance in km between two (lon, lat) points, for ranking candidates.

    An equirectangular approximation: within the few hundred kilometres that
    matter for "near", it is within a fraction of a percent of the geodesic,
    and far cheaper; zones and incident distances use the ellipsoid.
    """
    lat1, lat2 = math.radians(a[1]), math.radians(b[1])
    dlon = math.radians((b[0] - a[0] + 180.0) % 360.0 - 180.0)
    x = dlon * math.cos((lat1 + lat2) / 2)
    return EARTH_RADIUS_KM * math.hypot(x, lat2 - lat1)


def nearest_km(lon: float, lat: float, points: tuple[tuple[float, float], ...]) -> float:
    """Return ``min(distance_km((lon, lat), p) for p in points)`` (inf for none), in one loop."""
    best = math.inf
    lat1 = math.radians(lat)
    for plon, plat in points:
        lat2 = math.radians(plat)
        dlon = math.radians((plon - lon + 180.0) % 360.0 - 180.0)
        step = math.hypot(dlon * math.cos((lat1 + lat2) / 2), lat2 - lat1)
        if step < best:
            best = step
    return EARTH_RADIUS_KM * best


# Among candidates in the countries a text names, where no other place of it tells
# them apart, one whose own name was written outranks one that only lists it among
# its other names, unless ten times bigger: "Pokrovsk" in a report on Russian and
# Ukrainian forces is Pokrovsk, not Engels (Pokrovsk until 1914). Not beyond them:
# "Hama" alone is Ḩamāh, whose English name it is, not El Hamma in Tunisia.
OWN_NAME_BONUS = 0.5


def score(
    place: Place,
    countries: tuple[str, ...],
    near: tuple[tuple[float, float], ...],
    own: Callable[[Place], bool] | None = None,
) -> tuple:
    """Return a sort key (higher is better) and the reason that would be given for it.

    ``own`` says whether the name written is the place's own name.
    """
    value, nearest, in_country = _value(place, countries, near, own)
    return value, _reason(place, nearest, in_country)


def _value(
    place: Place,
    countries: tuple[str, ...],
    near: tuple[tuple[float, float], ...],
    own: Callable[[Place], bool] | None,
) -> tuple[float, float, bool]:
    """Return ``score``'s sort key, with the nearest distance and whether in a country named."""
    in_country = place.country in countries
    nearest = (
        nearest_km(place.lon, place.lat, near)
        if place.lon is not None and place.lat is not None
        else math.inf
    )
    value = (
        (5.0 if in_country else 0.0)
        + (3.0 if not place.id.startswith("geonames:") else 0.0)
        + (4.0 if place.is_country else 0.0)
        + max(0.0, 3.0 - nearest / 200.0)
        + math.log10(place.population + 1) / 2.0
        + (OWN_NAME_BONUS if own is not None and in_country and not near and own(place) else 0.0)
    )
    return value, nearest, in_country


def _reason(place: Place, nearest: float, in_country: bool) -> str:
    """Return the reason ``score`` gives for a place's rank."""
    if nearest < 600:
        return f"nearest to the other places named ({nearest:,.0f} km)"
    if in_country:
        return "in a country named with it"
    if place.id.startswith(AREA_PREFIX):
        return "a region or water body, not a town"
    if not place.id.startswith("geonames:"):
        return "domain gazetteer entry"
    return "largest population"


def listing_order(place: Place) -> tuple[int, int, int]:
    """Return the sort key of a name's candidates listed without context.

    Domain supplement entries first, then countries, then by population.
    """
    return (
        0 if not place.id.startswith("geonames:") else 1,
        0 if place.is_country else 1,
        -place.population,
    )


def ranked_choice(
    found: list[Place],
    *,
    countries: tuple[str, ...] = (),
    near: tuple[tuple[float, float], ...] = (),
    loose: bool = False,
    own: Callable[[Place], bool] | None = None,
) -> Choice:
    """Return the choice among a name's candidates ``found``, best first, with the reason.

    Places in ``countries`` (named in the same text), near the (lon, lat)
    points ``near`` (other places of the same text), from the domain supplement,
    and with more people rank higher; ties go by id. ``loose`` says the
    candidates were found by a loose spelling, which the reason then says.
    """
    if not found:
        return Choice(None)
    # Only the winner's reason is given: the others' are not written (a string
    # formatted per candidate).
    valued = sorted(
        ((_value(p, countries, near, own), p) for p in found),
        key=lambda vp: (-vp[0][0], vp[1].id),
    )
    ranked = tuple(p for _, p in valued)
    (_, nearest, in_country), best = valued[0]
    reason = "only candidate" if len(ranked) == 1 else _reason(best, nearest, in_country)
    if loose:
        reason += "; spelling matched loosely"
    return Choice(ranked[0], ranked, reason, loose)
