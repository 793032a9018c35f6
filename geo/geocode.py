"""Geocoding: place names to GeoJSON Features, from the offline gazetteer."""

from __future__ import annotations

from geo.features import feature, point
from geo.gazetteer import Gazetteer, Place, default_gazetteer


def place_properties(place: Place) -> dict:
    """Return the contract's properties of a place (without mentions)."""
    return {
        "kind": "place",
        "name": place.name,
        "country": place.country,
        "gazetteer_id": place.id,
        "place_type": place.place_type,
        "gazetteer_source": place.source,
    }


def geocode(
    name: str, *, gazetteer: Gazetteer | None = None, countries: tuple[str, ...] = ()
) -> dict:
    """Return a GeoJSON Feature for ``name``: a Point, or a null geometry when not found.

    ``properties.query`` is the name asked; ``candidates`` how many places
    carry that name; ``found`` whether one was chosen.
    """
    gazetteer = gazetteer or default_gazetteer()
    place, count = gazetteer.lookup(name, countries=countries)
    if place is None:
        return feature(None, {"kind": "place", "query": name, "found": False, "candidates": 0})
    geometry = point(place.lon, place.lat) if place.lat is not None else None
    return feature(
        geometry, {**place_properties(place), "query": name, "found": True, "candidates": count}
    )
