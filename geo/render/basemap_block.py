"""The offline basemap of the HTML map: Natural Earth countries, water, their names and towns.

The page carries it as JSON in a data block of its own, which the map's script
draws as vectors under the data: the whole world coarse, and the region around
the data in the detail :mod:`geo.render.basemap` picks for its size (1:10m for
a region up to 12 degrees across, else 1:50m), with its lakes and rivers, so
the map is never blank without network. Names (countries, seas, lakes, rivers,
towns) are plain strings in the JSON, which the script shows as text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import shapely
import shapely.geometry
import shapely.ops

from geo.errors import InputFormatError
from geo.features import rounded_geometry
from geo.render.basemap import (
    countries_in,
    lake_labels,
    lakes_in,
    river_labels,
    rivers_in,
    seas_in,
    towns_in,
)
from geo.render.contract import Bounds
from geo.render.escape import js
from geo.render.style import (
    BORDER_COLOUR,
    LAND_COLOUR,
    RIVER_COLOUR,
    WATER_COLOUR,
    WATER_LABEL_COLOUR,
)
from geo.support.naturalearth import layer

OCEAN_LABEL_DEG = 8.0  # seas this large are named on the whole world, the others near the data
RIVER_LABEL_SPACING_DEG = 0.6  # a long river has a name every so often; the map shows a few


def warm() -> None:
    """Read the data files every basemap needs, once per process (their first map's
    wait, taken ahead: ``geo map`` does it in a thread while an export is parsed)."""
    _world()
    towns_in((0.0, 0.0, 0.0, 0.0))
    for name in ("10m", "lakes", "rivers"):
        layer(name)


@lru_cache(maxsize=1)
def _world() -> tuple[tuple[dict, shapely.Geometry], ...]:
    """Return (properties, geometry) of every Natural Earth country at 1:110m."""
    world = countries_in((-180.0, -85.0, 180.0, 85.0), margin_deg=0.0)
    return tuple(
        (f["properties"], shapely.geometry.shape(f["geometry"])) for f in world["features"]
    )


@lru_cache(maxsize=1)
def _country_labels() -> list[list[Any]]:
    """Return ``[lat, lon, size in degrees, name]`` per country, largest first."""
    labels = []
    for props, geometry in _world():
        parts = list(getattr(geometry, "geoms", [geometry]))
        largest = max(parts, key=lambda g: g.area)
        # The pole of inaccessibility keeps a name off the coast of a ragged country.
        spot = shapely.ops.polylabel(largest, tolerance=0.2)
        if props.get("name"):
            labels.append(
                [
                    round(spot.y, 2),
                    round(spot.x, 2),
                    round(math.sqrt(largest.area), 2),
                    str(props["name"]),
                ]
            )
    labels.sort(key=lambda lab: (-lab[2], lab[3]))
    return labels


def _country_features(
    shapes: Iterable[tuple[Any, shapely.Geometry]], cut: shapely.Geometry, decimals: int
) -> list[dict]:
    """Return GeoJSON features of country ``shapes`` whose outlines skip the ``cut`` lines.

    A country cut by the edge of a layer would show its cut as a border; such a
    country is drawn as a fill (``"e": 1``) with its true borders as lines.
    """
    features = []
    for name, shape in shapes:
        if shape.is_empty:
            continue
        geometry = rounded_geometry(shapely.geometry.mapping(shape), decimals)
        if not shape.intersects(cut):
            features.append({"type": "Feature", "properties": {"name": name}, "geometry": geometry})
            continue
        features.append(
            {"type": "Feature", "properties": {"name": name, "e": 1}, "geometry": geometry}
        )
        borders = shape.boundary.difference(cut)
        if not borders.is_empty:
            geometry = rounded_geometry(shapely.geometry.mapping(borders), decimals)
            features.append({"type": "Feature", "properties": {}, "geometry": geometry})
    return features


@lru_cache(maxsize=16)
def _basemap_json(box: tuple[float, float, float, float] | None) -> str:
    """Return the basemap data block: the world at 1:110m, and ``box`` in finer detail.

    The finer countries of :func:`geo.render.basemap.countries_in` cover ``box`` (the
    data and a wide margin) at the scale its size gets; the coarse world is cut out
    there, so land is never drawn twice and the reader who zooms out still sees every
    country. The box's lakes, rivers and water names come with it, clipped to it;
    the largest seas are named on the whole world.
    """
    # The world's own edges (the antimeridian, 85 degrees) and the box's are cuts, not borders.
    world_edge = shapely.box(-180.0, -85.0, 180.0, 85.0).exterior
    hole = shapely.box(*box) if box else None
    cut = shapely.union_all([world_edge] + ([hole.exterior] if hole is not None else []))
    cut = cut.buffer(1e-6)
    coarse = (
        (props.get("name"), geometry.difference(hole) if hole is not None else geometry)
        for props, geometry in _world()
    )
    layers = [{"type": "FeatureCollection", "features": _country_features(coarse, cut, 2)}]
    water: dict[str, Any] = {"lakes": [], "rivers": [], "water": _sea_labels(box)}
    scale = "110m"
    if hole is not None:
        assert box is not None  # the hole is the box
        detail = countries_in(box, margin_deg=0.0)
        shapes = (
            (f["properties"].get("name"), shapely.geometry.shape(f["geometry"]))
            for f in detail["features"]
        )
        layers.append(
            {
                "type": "FeatureCollection",
                "features": _country_features(shapes, hole.exterior.buffer(1e-6), 3),
            }
        )
        water = _water(box, water["water"])
        scale = detail["resolution"]
    return js(
        {
            "attribution": '<a href="https://www.naturalearthdata.com/">Natural Earth</a>'
            + (' | <a href="https://www.geonames.org/">GeoNames</a>' if box else ""),
            "labels": _country_labels(),
            "layers": layers,
            "scale": scale,  # of the detailed layer: the world's is 1:110m
            **water,
            "style": {
                "border": BORDER_COLOUR,
                "land": LAND_COLOUR,
                "river": RIVER_COLOUR,
                "water": WATER_COLOUR,
                "waterLabel": WATER_LABEL_COLOUR,
            },
        }
    )


def _sea_labels(box: tuple[float, float, float, float] | None) -> list[list[Any]]:
    """Return ``[lat, lon, size, name, 0, narrow]`` per sea: large ones anywhere, all in ``box``.

    ``narrow`` (1) is a strait or channel, named when zoomed in whatever its size.
    """
    found = seas_in((-180.0, -90.0, 180.0, 90.0), min_size_deg=OCEAN_LABEL_DEG)
    if box is not None:
        known = {(s[3], s[0]) for s in found}
        found += [s for s in seas_in(box, fit=True) if (s[3], s[0]) not in known]
    return [
        [lat, round(lon, 3), size, name, 0, int(narrow)] for lat, lon, size, name, narrow in found
    ]


def _water(box: tuple[float, float, float, float], seas: list[list[Any]]) -> dict[str, Any]:
    """Return the lakes, rivers and water names (seas, lakes, rivers) of ``box``, clipped to it.

    Lakes are polygons and rivers lines with their rank (``r``, 1 the largest);
    names are ``[lat, lon, size, name, kind]`` (kind 0 a sea, with a sixth item
    1 for a strait; 1 a lake) or, for a river, ``[lat, lon, length, name, 2, angle]``.
    """
    lakes = lakes_in(box)
    rivers = rivers_in(box)
    names = list(seas)
    names += [[lat, lon, size, name, 1] for lat, lon, size, name in lake_labels(lakes)]
    names += [
        [lat, lon, length, name, 2, angle]
        for lat, lon, angle, length, name in river_labels(
            rivers, spacing_deg=RIVER_LABEL_SPACING_DEG
        )
    ]
    return {
        "lakes": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": rounded_geometry(f["geometry"], 3),
            }
            for f in lakes["features"]
        ],
        "rivers": [
            {
                "type": "Feature",
                "properties": {"r": f["properties"].get("rank") or 6},
                "geometry": rounded_geometry(f["geometry"], 3),
            }
            for f in rivers["features"]
        ],
        "water": names,
    }


def _basemap_box(bounds: Bounds) -> tuple[float, float, float, float] | None:
    """Return the box the detailed basemap covers: the data and a margin as wide as the data."""
    if bounds.empty:
        return None
    margin = max(3.0, 0.75 * max(bounds.east - bounds.west, bounds.north - bounds.south))
    west, east = bounds.west - margin, bounds.east + margin
    if east - west >= 360:
        return None
    return (
        round(west, 1),
        round(max(bounds.south - margin, -85.0), 1),
        round(east, 1),
        round(min(bounds.north + margin, 85.0), 1),
    )


def _near_seas(bounds: Bounds) -> list[list[Any]]:
    """Return the seas named for the first view, the data's: each at the middle of its part there.

    A sea's own point may lie far from a close view of its shore (the Red Sea's
    from the Bab el Mandeb); the map shows these names first, then the box's.
    """
    grow = max(0.15, 0.25 * max(bounds.east - bounds.west, bounds.north - bounds.south))
    view = (
        bounds.west - grow,
        max(bounds.south - grow, -85.0),
        bounds.east + grow,
        min(bounds.north + grow, 85.0),
    )
    return [
        [lat, round(lon, 3), size, name, 0, int(narrow)]
        for lat, lon, size, name, narrow in seas_in(view, fit=True, narrow_up_to_deg=12.0)
    ]


TOWN_CLEARANCE_DEG = 0.1  # about 10 km: a town this close to a place of the data is that place


def basemap_data(
    bounds: Bounds, named: list[list[float]], labels: Sequence[tuple[float, float, str]] = ()
) -> str:
    """Return the basemap JSON for a map of ``bounds`` (an empty world if the data is missing).

    The main towns around the data orient a reader with no tiles; a town the
    data itself names (lon, lat in ``named``) is left to the data's own label,
    and the data's labels (``labels``: lon, lat, text) are kept clear of town
    names (``avoid``).
    """
    try:
        box = _basemap_box(bounds)
        towns = [
            t
            for t in (towns_in(box) if box else [])
            if all(
                abs(t[0] - lat) > TOWN_CLEARANCE_DEG or abs(t[1] - lon) > TOWN_CLEARANCE_DEG
                for lon, lat in named
            )
        ]
        avoid = [[round(lat, 4), round(lon, 4), len(text)] for lon, lat, text in labels]
        extra = ',"avoid":' + js(avoid) if avoid else ""
        near = _near_seas(bounds) if box else []
        extra += ',"near":' + js(near) if near else ""
        return _basemap_json(box)[:-1] + extra + ',"towns":' + js(towns) + "}"
    except InputFormatError:
        # The basemap is orientation, not content: a map without it still maps.
        return js({"attribution": "", "labels": [], "layers": [], "style": {}, "towns": []})
