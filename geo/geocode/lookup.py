"""Geocoding: place names to GeoJSON Features, from the offline gazetteer (and online)."""

from __future__ import annotations

from collections.abc import Sequence

from geo.features import feature, point
from geo.geocode.areas import Outlines, geo_precision
from geo.geocode.chain import chain
from geo.geocode.gazetteer import Choice, Gazetteer, Place, default_gazetteer
from geo.geocode.place import GAZETTEER
from geo.geocode.protocol import Context, Geocoder

MAX_ALTERNATIVES = 20
# Names asked together are read as one article's places only in small batches:
# a list of thousands of names is a list, not a context.
CONTEXT_BATCH = 50


def place_properties(place: Place) -> dict:
    """Return the contract's properties of a place (without mentions).

    ``geo_precision`` is ACLED's: 3 for a region, a sea or a country (the
    point stands for an area: a division's admin centre, a point inside a
    sea), 1 for a town or a facility. ``country`` is null for a sea.
    """
    return {
        "kind": "place",
        "name": place.name,
        "country": place.country or None,
        "gazetteer_id": place.id,
        "place_type": place.place_type,
        "geo_precision": geo_precision(place),
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


def choice_feature(
    query: str, choice: Choice, *, alternatives: bool = False, outlines: Outlines | None = None
) -> dict:
    """Return the GeoJSON Feature for a choice: a Point, or null geometry if none.

    ``properties.query`` is the name asked; ``candidates`` how many places it
    could mean; ``chosen_because`` why this one won; ``match`` is ``"loose"``
    when no gazetteer name is spelled as asked and one spelled alike was taken
    (see ``loosely_alike``); with ``alternatives`` the others are listed, best
    first; with ``outlines`` (a gazetteer's), an area's Feature has its ``bbox``.
    An online provider's choice is its answer's Feature (``answer_feature``).
    """
    place = choice.place
    if place is None:
        return feature(None, {"kind": "place", "query": query, "found": False, "candidates": 0})
    if choice.geocoder != GAZETTEER:
        return answer_feature(query, place, choice.geocoder)
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
    lon, lat = place.lon, place.lat
    found = feature(point(lon, lat) if lon is not None and lat is not None else None, props)
    if outlines is not None and (box := outlines.bbox(place.id)) is not None:
        # An area's extent, as RFC 7946 lets a Feature say; its outline is
        # Gazetteer.outline(place).
        found["bbox"] = box
    return found


def answer_feature(query: str, place: Place, provider: str) -> dict:
    """Return the Feature of an online provider's answer: a Point, found, one candidate.

    ``country`` and ``place_type`` are null when the provider did not say
    them (``""`` in the place); ``provider`` names it and ``gazetteer_source``
    is its server.
    """
    if place.lon is None or place.lat is None:
        raise ValueError(f"an online answer is a point: {place.id} has no coordinates")
    return feature(
        point(place.lon, place.lat),
        {
            "kind": "place",
            "name": place.name,
            "country": place.country or None,
            "gazetteer_id": place.id,
            "place_type": place.place_type or None,
            "gazetteer_source": place.source,
            "provider": provider,
            "query": query,
            "found": True,
            "candidates": 1,
        },
    )


def answer_place(found: dict) -> Place | None:
    """Return the place of an answer's Feature (``answer_feature``'s), None without a point."""
    geometry, props = found.get("geometry"), found["properties"]
    if not geometry or geometry.get("type") != "Point":
        return None
    lon, lat = geometry["coordinates"][:2]
    return Place(
        id=str(props.get("gazetteer_id")),
        name=str(props.get("name") or props.get("query")),
        country=str(props.get("country") or ""),
        place_type=str(props.get("place_type") or ""),
        lat=float(lat),
        lon=float(lon),
        source=str(props.get("gazetteer_source") or ""),
    )


def geocode(
    name: str, *, gazetteer: Gazetteer | None = None, countries: tuple[str, ...] = ()
) -> dict:
    """Return a GeoJSON Feature for one ``name`` (``countries`` restricts the candidates)."""
    return geocode_batch([name], gazetteer=gazetteer, countries=countries)[0]


def choose_batch(
    names: Sequence[str],
    *,
    gazetteer: Gazetteer | None = None,
    countries: tuple[str, ...] = (),
    online: Geocoder | None = None,
    progress: bool | None = False,
) -> list[Choice]:
    """Return the choice for each name, in order, each read in the light of the others.

    Names asked together (up to ``CONTEXT_BATCH``) are taken to belong
    together, as the places of one article do: a name that means one place
    anchors the rest, so "Palmyra" asked with "Homs" is Tadmur in Syria, and a
    country named among them is preferred. ``countries`` (ISO alpha-2)
    restricts every name to those countries. The names the gazetteer cannot
    place are then asked of ``online``, when given (see ``geo.geocode.chain``;
    ``progress`` as there).
    """
    gazetteer = gazetteer or default_gazetteer()
    plain = Context(only_in=countries)
    first = [gazetteer.choose(n, plain) for n in names]
    named_countries = tuple(
        sorted({c.place.country for c in first if c.place and c.place.is_country})
    )
    anchors = {
        i: c.anchor
        for i, c in enumerate(first)
        if len(names) <= CONTEXT_BATCH and c.anchor is not None
    }
    geocoder = chain(gazetteer, online)
    if not (anchors or named_countries):
        # Nothing named with them tells the names more than they say alone.
        return geocoder.choose_all([(n, plain) for n in names], offline=first, progress=progress)
    asked = [
        (
            name,
            Context(
                countries=named_countries,
                near=tuple(a for j, a in anchors.items() if j != i),
                only_in=countries,
            ),
        )
        for i, name in enumerate(names)
    ]
    return geocoder.choose_all(asked, progress=progress)


def geocode_batch(
    names: Sequence[str],
    *,
    gazetteer: Gazetteer | None = None,
    countries: tuple[str, ...] = (),
    alternatives: bool = False,
    online: Geocoder | None = None,
    progress: bool | None = False,
) -> list[dict]:
    """Return one GeoJSON Feature per name, in order, each read in the light of the others.

    The choices are ``choose_batch``'s (which see), made features by
    ``choice_feature``: with ``alternatives``, a found name lists its other
    candidates.
    """
    gazetteer = gazetteer or default_gazetteer()
    choices = choose_batch(
        names, gazetteer=gazetteer, countries=countries, online=online, progress=progress
    )
    return [
        choice_feature(name, choice, alternatives=alternatives, outlines=gazetteer.outlines)
        for name, choice in zip(names, choices, strict=True)
    ]
