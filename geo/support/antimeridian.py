"""A ring on the sphere as RFC 7946 GeoJSON: cut at the antimeridian, closed at the poles.

RFC 7946 asks for geometries that cross longitude ±180 to be split there, and
for exterior rings counter-clockwise. :func:`ring_geometry` takes the vertices
of a closed ring in order (longitudes wrapped to [-180, 180]) and returns a
Polygon or MultiPolygon that GIS tools and web maps draw on the right side of
the world.
"""

from __future__ import annotations

import math

import numpy as np


def mercator_y(lat_deg: np.ndarray) -> np.ndarray:
    """Return Web Mercator's y (in radians of the equator) for latitudes in degrees."""
    return np.arcsinh(np.tan(np.radians(lat_deg)))


def mercator_lat(y: np.ndarray) -> np.ndarray:
    """Return the latitude in degrees of Web Mercator's ``y``: the inverse of :func:`mercator_y`."""
    return np.degrees(np.arctan(np.sinh(y)))


# Perimeter of the lon/lat rectangle [-180, 180] x [-90, 90], walked
# counter-clockwise from its south-west corner; corners at these distances.
_PERIMETER = 1080.0
_CORNERS = (
    (0.0, (-180.0, -90.0)),
    (360.0, (180.0, -90.0)),
    (540.0, (180.0, 90.0)),
    (900.0, (-180.0, 90.0)),
)


def _perimeter_position(lon: float, lat: float) -> float:
    """Return how far along the rectangle's boundary (counter-clockwise) a cut point is."""
    if lon > 0:
        return 360.0 + (lat + 90.0)
    return 900.0 + (90.0 - lat)


# Points closer than this (about 0.1 mm) are one point: a crossing of 180
# computed twice can differ in the last bits and fold the ring on itself.
_SAME_POINT_DEG = 1e-9


def _same(a: list[float], b: list[float]) -> bool:
    return abs(a[0] - b[0]) <= _SAME_POINT_DEG and abs(a[1] - b[1]) <= _SAME_POINT_DEG


def _snap(p: list[float]) -> list[float]:
    """Return ``p`` with a longitude within a hair of the antimeridian set onto it."""
    if 0.0 < 180.0 - abs(p[0]) <= _SAME_POINT_DEG:
        return [math.copysign(180.0, p[0]), *p[1:]]
    return p


def _dedupe(points: list[list[float]]) -> list[list[float]]:
    points = [_snap(p) for p in points]
    out = [points[0]]
    for p in points[1:]:
        if not _same(p, out[-1]):
            out.append(p)
    if len(out) > 1 and _same(out[0], out[-1]):
        out[-1] = list(out[0])
    else:
        out.append(list(out[0]))
    return out


def _signed_area(lon: np.ndarray, lat: np.ndarray) -> float:
    return 0.5 * float(np.sum(lon * np.roll(lat, -1) - np.roll(lon, -1) * lat))


def _pieces(lon: np.ndarray, lat: np.ndarray) -> list[np.ndarray] | None:
    """Return the ring cut at every crossing of longitude ±180, or None if it crosses none.

    Each piece is an ``(m, 2)`` array inside [-180, 180] that starts and ends on
    the cut. Crossing points are interpolated on the straight Mercator edge, the
    line Leaflet draws, so cutting does not move the drawn boundary.
    """
    n = len(lon)
    dlon = (np.roll(lon, -1) - lon + 180.0) % 360.0 - 180.0
    # Net turn in longitude: 0, or ±360 for a ring around a pole. Rounded so the
    # second lap below lines up exactly with the first.
    turn = 360.0 * round(float(np.sum(dlon)) / 360.0)
    ulon = lon[0] + np.concatenate([[0.0], np.cumsum(dlon[:-1])])
    # Keep Geod.fwd's exact longitudes plus whole turns, so a vertex exactly on
    # ±180 is recognised as such rather than a rounding error away from it.
    ulon = lon + 360.0 * np.round((ulon - lon) / 360.0)
    # Two laps, so a piece that runs past the last vertex keeps its longitudes.
    ulon = np.concatenate([ulon, ulon + turn, [ulon[0] + 2 * turn]])
    ulat = np.concatenate([lat, lat, lat[:1]])
    band = np.floor((ulon + 180.0) / 360.0)
    crossing = np.flatnonzero(band[1 : n + 1] != band[:n])
    if len(crossing) == 0:
        return None
    y = mercator_y(ulat)
    cut_lon = 180.0 + 360.0 * np.minimum(band[crossing], band[crossing + 1])
    t = (cut_lon - ulon[crossing]) / (ulon[crossing + 1] - ulon[crossing])
    cut_lat = mercator_lat(y[crossing] + t * (y[crossing + 1] - y[crossing]))
    # A vertex on the cut is its own crossing point: reuse its latitude exactly,
    # or the Mercator round trip would leave a spike one rounding error tall.
    cut_lat = np.where(t == 0.0, ulat[crossing], cut_lat)
    cut_lat = np.where(t == 1.0, ulat[crossing + 1], cut_lat)
    ends = np.append(crossing[1:], crossing[0] + n)
    end_lon = np.append(cut_lon[1:], cut_lon[0] + turn)
    end_lat = np.append(cut_lat[1:], cut_lat[0])
    pieces: list[np.ndarray] = []
    for i, stop, lon_in, lat_in, lon_out, lat_out in zip(
        crossing.tolist(),
        ends.tolist(),
        cut_lon.tolist(),
        cut_lat.tolist(),
        end_lon.tolist(),
        end_lat.tolist(),
        strict=True,
    ):
        body = np.arange(i + 1, stop + 1)
        shift = 360.0 * band[i + 1]
        # Snap to the exact longitudes Geod.fwd gave; unwrapping only added 360s.
        original = lon[body % n]
        x = original + 360.0 * np.round((ulon[body] - shift - original) / 360.0)
        piece = np.vstack(
            [
                [np.sign(lon_in - shift) * 180.0, lat_in],
                np.column_stack([np.clip(x, -180.0, 180.0), ulat[body]]),
                [np.sign(lon_out - shift) * 180.0, lat_out],
            ]
        )
        # A ring only touching the cut leaves nothing on this side; a vertex a
        # hair from it counts as on it, as _snap will put it there.
        if np.all(np.abs(piece[:, 0]) >= 180.0 - _SAME_POINT_DEG):
            continue
        pieces.append(piece)
    return pieces


def _assemble(pieces: list[np.ndarray]) -> list[list[list[float]]]:
    """Return closed counter-clockwise rings joining ``pieces`` along the map's edge.

    Every piece keeps the zone on its left; from where one leaves the map, walk
    the map's edge counter-clockwise (keeping the map on the left too) to the
    next piece that enters it. Past ±90 latitude this closes a ring around a pole.
    """
    t_in = [_perimeter_position(*p[0]) for p in pieces]
    t_out = [_perimeter_position(*p[-1]) for p in pieces]
    unused = set(range(len(pieces)))
    rings: list[list[list[float]]] = []
    while unused:
        start = min(unused)
        unused.discard(start)
        ring: list[list[float]] = pieces[start].tolist()
        current = start
        while True:
            candidates = sorted(unused | {start})
            gaps = [(t_in[c] - t_out[current]) % _PERIMETER for c in candidates]
            nxt = candidates[int(np.argmin(gaps))]
            gap = min(gaps)
            ring.extend([list(corner) for corner in _corners_between(t_out[current], gap)])
            if nxt == start:
                break
            unused.discard(nxt)
            ring.extend(pieces[nxt].tolist())
            current = nxt
        rings.append(_dedupe(ring))
    return rings


def _corners_between(t_from: float, gap: float) -> list[tuple[float, float]]:
    """Return the map corners passed walking ``gap`` counter-clockwise from ``t_from``."""
    ahead = [((pos - t_from) % _PERIMETER, corner) for pos, corner in _CORNERS]
    return [corner for dist, corner in sorted(ahead) if 0.0 < dist < gap]


def ring_geometry(lon: np.ndarray, lat: np.ndarray) -> dict:
    """Return a closed ring of lon/lat vertices as an RFC 7946 Polygon or MultiPolygon.

    A ring crossing longitude ±180 is cut there into pieces closed along the
    map's edge; a ring around a pole is closed along latitude ±90; a clockwise
    ring is the world with the ring as its hole.
    """
    pieces = _pieces(lon, lat)
    if pieces is None:
        coords = np.column_stack([lon, lat]).tolist()
        coords.append(list(coords[0]))
        if _signed_area(lon, lat) > 0:
            return {"type": "Polygon", "coordinates": [coords]}
        # Clockwise: the zone is everything outside this loop (a circle holding
        # both poles), i.e. the whole map with the loop as its hole.
        world = [list(c) for _, c in _CORNERS] + [[-180.0, -90.0]]
        return {"type": "Polygon", "coordinates": [world, coords]}
    polygons = [[ring] for ring in _assemble(pieces)]
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}
