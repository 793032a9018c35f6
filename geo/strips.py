"""Zones along a line: the strip of points within a distance of a border, as GeoJSON.

"A 32-kilometre security corridor along the border" is every point within 32
km of the border line, or only those on one side of it ("inside Syria").
The strip is a geodesic buffer: each stretch of the line (at most
``_STRETCH_M`` long) is buffered in an azimuthal equidistant projection
centred on it, where distances from the centre are exact and others off by
less than 1 part in 10,000 at 200 km; the boundary is cut into short pieces
before it is projected back, so that drawn as straight segments in Web
Mercator it stays within 0.1 % of the distance from the line.

Borders come from Natural Earth (``data/naturalearth/borders-50m.geojson``,
built by ``build_borders.py``): the arcs each pair of neighbours shares.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiLineString, Point, box, mapping, shape

from geo.roads import road_by_name
from geo.support import naturalearth
from geo.support.paths import data_dir

_GEOD = Geod(ellps="WGS84")
# Stretches of line buffered in one projection: the projection's error grows with
# the square of the distance from its centre (1e-4 at 200 km).
_STRETCH_M = 300_000.0
# Segments of an arc of the buffer per quarter circle: the chord of the last one
# lies 1 - cos(pi / 256) = 0.0075 % inside the true distance.
_QUAD_SEGS = 128


@lru_cache(maxsize=1)
def _borders() -> dict[frozenset[str], dict]:
    path = data_dir() / "naturalearth" / "borders-50m.geojson"
    with open(path, encoding="utf-8") as fh:
        collection = json.load(fh)
    found = {}
    for f in collection["features"]:
        codes = f["properties"]["iso_a2"]
        if all(codes) and len(set(codes)) == 2:
            found[frozenset(codes)] = f
    return found


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    """Return each country's polygon by ISO alpha-2, from the world at 1:50m.

    The same Natural Earth 1:50m as the borders (both from world-atlas), so
    a border line is the shared edge of its two countries' polygons.
    """
    countries = naturalearth.layer("50m")
    parts: dict[str, list[shapely.Geometry]] = {}
    for i, props in enumerate(countries.properties):
        code = props.get("iso_a2")
        if code:
            parts.setdefault(code, []).append(countries.shape(i))
    return {code: mapping(shapely.union_all(shapes)) for code, shapes in parts.items()}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    path = data_dir() / "naturalearth" / "countries-110m.geojson"
    with open(path, encoding="utf-8") as fh:
        return {
            f["properties"]["iso_a2"]: f["properties"]["name"]
            for f in json.load(fh)["features"]
            if f["properties"].get("iso_a2")
        }


def country_name(code: str) -> str:
    """Return a country's short name (Natural Earth's) by ISO alpha-2 code, else the code."""
    return _country_names().get(code.upper(), code.upper())


def country_shape(code: str) -> dict | None:
    """Return a country's polygon (GeoJSON) by ISO alpha-2 code, or None."""
    return _countries().get(code.upper())


def border_between(a: str, b: str) -> dict | None:
    """Return the land border of two countries (ISO alpha-2) as a GeoJSON MultiLineString."""
    found = _borders().get(frozenset((a.upper(), b.upper())))
    return None if found is None else found["geometry"]


def border_name(a: str, b: str) -> str:
    """Return the border's name from its countries' names: "Syria–Turkey border"."""
    found = _borders().get(frozenset((a.upper(), b.upper())))
    if found is None:
        return f"{a}–{b} border"
    names = dict(zip(found["properties"]["iso_a2"], found["properties"]["countries"], strict=True))
    return f"{names[a.upper()]}–{names[b.upper()]} border"


NEAR_STRETCH_KM = 300.0  # a stretch farther than this from every place of the report is no guide


def stretches_near(border: dict, near: Iterable[tuple[float, float]]) -> dict:
    """Return the connected stretches of ``border`` nearest to the ``near`` points.

    Israel's border with Palestine is two lines, around Gaza and around the
    West Bank; "the Gaza perimeter fence" in a sentence naming Gaza is the
    first. Each point keeps the stretch nearest to it (within
    ``NEAR_STRETCH_KM``); the whole border when no point is that near, or
    none is given.
    """
    points = list(near)
    merged = shapely.line_merge(line_of(border))
    pieces = list(merged.geoms) if hasattr(merged, "geoms") else [merged]
    if not points or len(pieces) < 2:
        return border
    kept: set[int] = set()
    for lon, lat in points:
        metres = [min(_GEOD.inv(lon, lat, x, y)[2] for x, y in piece.coords) for piece in pieces]
        nearest = min(range(len(pieces)), key=metres.__getitem__)
        if metres[nearest] <= NEAR_STRETCH_KM * 1000:
            kept.add(nearest)
    if not kept or len(kept) == len(pieces):
        return border
    return {
        "type": "MultiLineString",
        "coordinates": [[list(c) for c in pieces[i].coords] for i in sorted(kept)],
    }


def has_border(a: str, b: str) -> bool:
    """Return whether the two countries share a land border in the data."""
    return border_between(a, b) is not None


def _stretches(line: list[list[float]]) -> list[list[list[float]]]:
    """Return ``line`` cut into consecutive pieces of at most ``_STRETCH_M``."""
    pieces, current, length = [], [line[0]], 0.0
    for a, b in zip(line, line[1:], strict=False):
        step = _GEOD.inv(a[0], a[1], b[0], b[1])[2]
        if length + step > _STRETCH_M and len(current) > 1:
            pieces.append(current)
            current, length = [a], 0.0
        current.append(b)
        length += step
    if len(current) > 1:
        pieces.append(current)
    return pieces


def _buffered(stretch: list[list[float]], width_m: float, side: int) -> shapely.Geometry:
    """Return one stretch's buffer in lon/lat: both sides (0), left (1) or right (-1)."""
    lons = [p[0] for p in stretch]
    lats = [p[1] for p in stretch]
    mid = stretch[len(stretch) // 2]
    aeqd = f"+proj=aeqd +lat_0={mid[1]} +lon_0={mid[0]} +datum=WGS84 +units=m +no_defs"
    forward = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
    back = Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True)
    x, y = forward.transform(lons, lats)
    line = LineString(np.column_stack([x, y]))
    if side == 0:
        area = line.buffer(width_m, quad_segs=_QUAD_SEGS)
    else:
        area = line.buffer(side * width_m, quad_segs=_QUAD_SEGS, single_sided=True)
    # Short pieces, so that straight in Web Mercator they stay on the true boundary.
    area = shapely.segmentize(area, max(50.0, width_m / 50.0))
    return shapely.transform(area, lambda xy: np.column_stack(back.transform(xy[:, 0], xy[:, 1])))


def _left_is(line: list[list[float]], country_shape: shapely.Geometry) -> bool:
    """Return whether the land left of ``line`` (walking it) lies in ``country_shape``."""
    votes = 0
    for a, b in zip(line, line[1:], strict=False):
        azimuth, _, length = _GEOD.inv(a[0], a[1], b[0], b[1])
        if length < 100:
            continue
        mid = _GEOD.fwd(a[0], a[1], azimuth, length / 2)
        lon, lat, _ = _GEOD.fwd(mid[0], mid[1], azimuth - 90.0, 5_000.0)
        votes += 1 if country_shape.contains(Point(lon, lat)) else -1
    return votes >= 0


def geodesic_strip(border: dict, width_m: float, inside: dict | None = None) -> dict:
    """Return the points within ``width_m`` of ``border`` (a GeoJSON line) as GeoJSON.

    ``inside`` (a country's GeoJSON polygon) keeps only the side of the line
    that country lies on: "a 30 km zone inside Syria along the border".
    """
    lines = (
        border["coordinates"] if border["type"] == "MultiLineString" else [border["coordinates"]]
    )
    country = shape(inside) if inside is not None else None
    parts = []
    for line in lines:
        side = 0
        if country is not None:
            side = 1 if _left_is(line, country) else -1
        parts += [_buffered(s, width_m, side) for s in _stretches(line)]
    joined = shapely.union_all(parts)
    joined = shapely.set_precision(joined, 1e-7)
    return mapping(shapely.make_valid(joined))


def line_part(border: dict, part: str) -> dict | None:
    """Return the part of a GeoJSON line east, west, north or south of its middle, or None.

    The middle is halfway across the line's extent in that direction: "the
    line in the east" of a line running west to east is its eastern half.
    """
    line = line_of(border)
    west, south, east, north = line.bounds
    mid_lon, mid_lat = (west + east) / 2, (south + north) / 2
    halves = {
        "east": (mid_lon, -90.0, 180.0, 90.0),
        "west": (-180.0, -90.0, mid_lon, 90.0),
        "north": (-180.0, mid_lat, 180.0, 90.0),
        "south": (-180.0, -90.0, 180.0, mid_lat),
    }
    cut = line.intersection(box(*halves[part]))
    lines = [
        g for g in getattr(cut, "geoms", [cut]) if g.geom_type == "LineString" and not g.is_empty
    ]
    if not lines:
        return None
    return mapping(MultiLineString(lines))


def line_of(geometry: dict) -> MultiLineString:
    """Return a GeoJSON line as a shapely MultiLineString."""
    return MultiLineString(
        geometry["coordinates"]
        if geometry["type"] == "MultiLineString"
        else [geometry["coordinates"]]
    )


@lru_cache(maxsize=64)
def coastline(code: str) -> dict | None:
    """Return a country's coast as a GeoJSON MultiLineString: its outline less its land borders."""
    country = country_shape(code)
    if country is None:
        return None
    outline = shape(country).boundary
    land = [
        line_of(f["geometry"]).buffer(0.02) for key, f in _borders().items() if code.upper() in key
    ]
    coast = outline.difference(shapely.union_all(land)) if land else outline
    parts = [
        g for g in getattr(coast, "geoms", [coast]) if g.geom_type == "LineString" and g.length > 0
    ]
    if not parts:
        return None
    return {"type": "MultiLineString", "coordinates": [list(map(list, p.coords)) for p in parts]}


def coastal_zone(code: str, width_m: float) -> dict | None:
    """Return the sea within ``width_m`` of a country's coast (its land left out), or None."""
    coast = coastline(code)
    country = country_shape(code)
    if coast is None or country is None:
        return None
    band = shape(geodesic_strip(coast, width_m))
    sea = band.difference(shape(country).buffer(0))
    return mapping(shapely.make_valid(shapely.set_precision(sea, 1e-7)))


# The data's English names where news uses another ("Dnieper" was Natural Earth's).
_RIVER_ALIASES = {"dnieper": "dnipro", "dniepr": "dnipro", "dnepr": "dnipro"}


@lru_cache(maxsize=64)
def river_line(name: str) -> dict | None:
    """Return a river's line (GeoJSON MultiLineString) by its name, None when the data lacks it.

    Natural Earth 1:50m rivers (``data/naturalearth/rivers-50m.json``): the
    major rivers only; every piece of that name, joined.
    """
    key = name.casefold().removeprefix("the ").removesuffix(" river").strip()
    key = _RIVER_ALIASES.get(key, key)
    rivers = naturalearth.layer("rivers")
    pieces = [
        rivers.shape(i)
        for i, props in enumerate(rivers.properties)
        if str(props.get("name") or "").casefold() == key
    ]
    if not pieces:
        return None
    lines = [g for piece in pieces for g in getattr(piece, "geoms", [piece])]
    return {"type": "MultiLineString", "coordinates": [[list(c) for c in g.coords] for g in lines]}


@dataclass(frozen=True)
class KnownLine:
    """A line that is no border and that the data has: a river or a road."""

    kind: str  # "river" or "road"
    name: str  # "Dnipro", "Lachin corridor"
    geometry: dict  # GeoJSON MultiLineString
    source: str  # where the line comes from, as the zone's properties say it

    @property
    def label(self) -> str:
        """Return how a zone names the line: "Dnipro river", "Lachin corridor"."""
        return f"{self.name} river" if self.kind == "river" else self.name


RIVER_REACH_KM = 100.0  # of a river, the stretch this near the report's places is meant


def river_stretch(river: dict, near: Iterable[tuple[float, float]]) -> dict:
    """Return the part of ``river`` within ``RIVER_REACH_KM`` of a ``near`` point.

    "Areas within 3 km of the Dnipro" in a report from Kherson means the
    river there, not its 2,000 km from Russia to the Black Sea. The whole
    river when no point is near it, or none is given.
    """
    points = list(near)
    if not points:
        return river
    line = line_of(river)
    window = shapely.union_all(
        [
            Point(lon, lat).buffer(
                RIVER_REACH_KM / (111.32 * max(0.2, math.cos(math.radians(lat))))
            )
            for lon, lat in points
        ]
    )
    part = line.intersection(window)
    lines = [
        g for g in getattr(part, "geoms", [part]) if g.geom_type == "LineString" and not g.is_empty
    ]
    if not lines:
        return river
    return {"type": "MultiLineString", "coordinates": [[list(c) for c in g.coords] for g in lines]}


def zone_line(props: dict) -> shapely.Geometry | None:
    """Return the line a strip or coastal zone is measured from, as its properties give it.

    The border of ``line.between`` (its stretch near ``line.near``), the
    river or road (``line.kind``) of ``line.name``, or the coast of ``coast``;
    None when the data has no such line.
    """
    given = props.get("line")
    line: dict = given if isinstance(given, dict) else {}
    near = [tuple(p) for p in (line.get("near") or []) if isinstance(p, list) and len(p) == 2]
    if props.get("shape") == "coast":
        coast = coastline(str(props.get("coast") or ""))
        return None if coast is None else line_of(coast)
    between = line.get("between")
    if isinstance(between, list) and len(between) == 2:
        border = border_between(str(between[0]), str(between[1]))
        return None if border is None else line_of(stretches_near(border, near))
    name = line.get("name")
    if not name or not line.get("source"):
        return None
    if line.get("kind") == "road":
        road = road_by_name(str(name))
        return None if road is None else line_of(road.geometry())
    river = river_line(str(name))
    return None if river is None else line_of(river_stretch(river, near))
