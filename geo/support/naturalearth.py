"""Natural Earth data shipped in ``data/naturalearth/``, read once per process.

The basemap (``geo.render.basemap``) draws from these files, and the zones
along borders and coasts (``geo.strips``) measure from the same countries, so
a strip's border and the country it lies in come from one source. See
``data/naturalearth/README.md`` for the files and the compact format.
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, shape

from geo.errors import InputFormatError
from geo.support.paths import data_dir

# The files, by name: countries at three scales, lakes and rivers.
FILES = {
    "110m": "countries-110m.geojson",
    "50m": "countries-50m.json",
    "10m": "countries-10m.json",
    "lakes": "lakes-10m.json",
    "rivers": "rivers-50m.json",
}


class Layer:
    """One basemap file: its head, and per feature its properties, box and geometry.

    A compact file (``geo basemap 1``, written by ``data/naturalearth/build_detail.py``)
    keeps each geometry as integer steps on a grid; a feature's geometry is decoded
    the first time a view asks for it, then kept.
    """

    def __init__(self, head: dict, features: list[dict], scale: float | None) -> None:
        self.head = head
        self.scale = scale
        self.properties = [f["p"] for f in features]
        self.boxes = np.array([f["b"] for f in features], dtype=float).reshape(-1, 4)
        self._encoded = [f["g"] for f in features]
        self._shapes: dict[int, shapely.Geometry] = {}
        self.polygonal = head.get("kind") != "rivers"

    @classmethod
    def from_geojson(cls, collection: dict) -> Layer:
        shapes = [shape(f["geometry"]) for f in collection["features"]]
        features = [
            {"p": {**f["properties"], "id": f.get("id")}, "b": list(g.bounds), "g": None}
            for f, g in zip(collection["features"], shapes, strict=True)
        ]
        layer = cls({k: v for k, v in collection.items() if k != "features"}, features, None)
        layer._shapes = dict(enumerate(shapes))
        return layer

    def __len__(self) -> int:
        return len(self.properties)

    def shape(self, i: int) -> shapely.Geometry:
        """Return feature ``i``'s geometry (shapely), decoding it the first time."""
        found = self._shapes.get(i)
        if found is None:
            found = self._shapes[i] = self._decode(self._encoded[i])
        return found

    def _decode(self, encoded: list) -> shapely.Geometry:
        assert self.scale is not None
        if self.polygonal:
            polygons = [
                Polygon(rings[0], rings[1:])
                for rings in ([self._positions(r) for r in p] for p in encoded)
            ]
            return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
        lines = [LineString(self._positions(flat)) for flat in encoded]
        return lines[0] if len(lines) == 1 else MultiLineString(lines)

    def _positions(self, flat: list[int]) -> np.ndarray:
        """Return the positions of a first position and steps (see ``build_detail.steps``)."""
        assert self.scale is not None
        steps = np.asarray(flat, dtype=np.int64).reshape(-1, 2)
        return np.cumsum(steps, axis=0) / self.scale

    def candidates(self, window: tuple[float, float, float, float]) -> np.ndarray:
        """Return the indices of the features whose box meets ``window``."""
        west, south, east, north = window
        b = self.boxes
        hit = (b[:, 0] <= east) & (b[:, 2] >= west) & (b[:, 1] <= north) & (b[:, 3] >= south)
        return np.flatnonzero(hit)


def layer(name: str) -> Layer:
    """Return one of the Natural Earth files by its name in ``FILES``, read once per process."""
    return _read(FILES[name])


@lru_cache(maxsize=len(FILES))
def _read(filename: str) -> Layer:
    path = data_dir() / "naturalearth" / filename
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") == "geo basemap 1":
            head = {k: v for k, v in data.items() if k != "features"}
            return Layer(head, data["features"], float(data["scale"]))
        return Layer.from_geojson(data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputFormatError(f"{path}: basemap data missing or unreadable ({exc})") from exc


# The 1:10m countries cover these latitudes only; beyond, the 1:50m world answers.
_DETAIL_LATS = (-60.0, 75.0)


def country_at(lon: float, lat: float) -> str | None:
    """Return the name of the country whose land holds (lon, lat), None at sea.

    Natural Earth's own short names ("Syria", "Turkey"), at 1:10m where that
    file reaches and 1:50m elsewhere: a point a few hundred metres off a coast
    may read as land or sea, which is all a rough "where is this" needs.
    """
    name = "10m" if _DETAIL_LATS[0] <= lat <= _DETAIL_LATS[1] else "50m"
    countries = layer(name)
    for i in countries.candidates((lon, lat, lon, lat)):
        if shapely.contains_xy(countries.shape(int(i)), lon, lat):
            found = countries.properties[i].get("name")
            return str(found) if found else None
    return None
