"""Geocoding: place names to GeoJSON Features, from the offline gazetteer."""

from __future__ import annotations

from collections.abc import Sequence

from geo.features import feature, point
from geo.geocode.gazetteer import Choice, Gazetteer, Place, default_gazetteer

MAX_ALTERNATIVES = 20
# Names asked together are read as one article's places only in small batches:
# a list of thousands of names is a list, not a context.
CONTEXT_BATCH = 50


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


def _alternative(place: Place) -> dict:
    return {
        "name": place.name,
        "country": place.country,
        "gazetteer_id": place.id,
        "place_type": place.place_type,
        "population": place.population,
        "lonlat": None if place.lat is None else [place.lon, place.lat],
    }


def choice_feature(query: str, choice: Choice, *, alternatives: bool = False) -> dict:
    """Return the GeoJSON Feature for a gazetteer choice: a Point, or null geometry if none.

    ``properties.query`` is the name asked; ``candidates`` how many places it
    could mean; ``chosen_because`` why this one won; ``match`` is ``"loose"``
    when no gazetteer name is spelled as asked and one spelled alike was taken
    (see ``loosely_alike``); with ``alternatives`` the others are listed, best
    first.
    """
    place = choice.place
    if place is None:
        return feature(None, {"kind": "place", "query": query, "found": False, "candidates": 0})
    props = {
        **place_properties(place),
        "query": query,
        "found": True,
        "candidates": len(choice.candidates),
        "chosen_because": choice.reason,
    }
    if choice.loose:
        # No gazetteer name is spelled so: the name matched one spelled alike.
        props["match"] = "loose"
    if alternatives:
        props["alternatives"] = [_alternative(p) for p in choice.candidates[1:MAX_ALTERNATIVES]]
    geometry = point(place.lon, place.lat) if place.lat is not None else None
    return feature(geometry, props)


def geocode(
    name: str, *, gazetteer: Gazetteer | None = None, countries: tuple[str, ...] = ()
) -> dict:
    """Return a GeoJSON Feature for one ``name`` (``countries`` restricts the candidates)."""
    return geocode_batch([name], gazetteer=gazetteer, countries=countries)[0]


def geocode_batch(
    names: Sequence[str],
    *,
    gazetteer: Gazetteer | None = None,
    countries: tuple[str, ...] = (),
    alternatives: bool = False,
) -> list[dict]:
    """Return one GeoJSON Feature per name, in order, each read in the light of the others.

    Names asked together (up to ``CONTEXT_BATCH``) are taken to belong
    together, as the places of one article do: a name that means one place
    anchors the rest, so "Palmyra" asked with "Homs" is Tadmur in Syria, and a
    country named among them is preferred. ``countries`` (ISO alpha-2)
    restricts every name to those countries.
    """
    gazetteer = gazetteer or default_gazetteer()
    first = [gazetteer.choose(n, only_in=countries) for n in names]
    named_countries = tuple(
        sorted({c.place.country for c in first if c.place and c.place.is_country})
    )
    anchors = {
        i: c.anchor
        for i, c in enumerate(first)
        if len(names) <= CONTEXT_BATCH and c.anchor is not None
    }
    features = []
    for i, (name, plain) in enumerate(zip(names, first, strict=True)):
        if anchors or named_countries:
            near = tuple(a for j, a in anchors.items() if j != i)
            choice = gazetteer.choose(name, countries=named_countries, near=near, only_in=countries)
        else:
            choice = plain
        features.append(choice_feature(name, choice, alternatives=alternatives))
    return features
