"""Geodesic zones: the circle of points at a given distance from a centre, as GeoJSON.

A zone is the set of points within ``radius_m`` of a centre on the WGS84
ellipsoid. Its boundary is a polygon whose vertices lie exactly on the geodesic
circle (``pyproj.Geod.fwd`` is accurate to nanometres) and whose edges, drawn
as Leaflet draws them (straight in Web Mercator), stay within ``tolerance_m``
of that circle.

Vertices are placed by azimuth. A uniform first set comes from the sagitta
bound of a circle; the drawn error of every edge is then measured and the
azimuths are redistributed or split where Web Mercator bends the edges (large
radii, high latitudes). All rings are computed together on flat NumPy arrays,
so building ten thousand zones costs one ``Geod.fwd`` call per refinement pass,
not one per vertex.

Coordinates are RFC 7946: ``[longitude, latitude]``, exterior rings
counter-clockwise, holes clockwise. A ring crossing longitude ±180 is split
into a MultiPolygon there; a ring around a pole is closed along latitude ±90.

Leaflet clamps latitudes to ±85.0511° before projecting, so no polygon can be
drawn faithfully beyond that; the accuracy here is measured with the exact
(unclamped) Web Mercator formulas.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np
from pyproj import Geod

from geo.errors import CoordinateError, RadiusError
from geo.support.antimeridian import mercator_lat, mercator_y, ring_geometry
from geo.support.collector import collector_paused
from geo.units import check_radius

__all__ = [
    "check_center",
    "check_radius",
    "drawn_error_m",
    "geodesic_ring",
    "geodesic_rings",
]

_GEOD = Geod(ellps="WGS84")

# Edges are accepted a little inside the tolerance: the refinement measures each
# edge at its midpoint, the true maximum of a chord's error can sit a hair away
# from it when the curvature changes along the edge, and the GeoJSON output
# rounds coordinates to 1e-7 degree (under 1 cm).
_ACCEPT = 0.99
# Share of the tolerance aimed at when vertices are placed: near 1 wastes no
# vertices, below 1 leaves room so one placement pass usually suffices.
_FIRST_TARGET = 0.95
_RESAMPLE_TARGET = 0.92
# A ring whose worst edge uses less than this share of the tolerance has far
# more vertices than it needs (e.g. circles around a pole, which Mercator draws
# as near-straight parallels) and is resampled more sparsely.
_WASTEFUL = 0.5
# The error model (error grows with the square of the step) only holds for
# steps of similar size; never let one edge grow past this many first steps.
_MAX_STRETCH = 4.0
_MIN_VERTICES = 4
_MAX_PASSES = 60
_MAX_PIECES = 64  # per edge and pass; the next pass splits further if needed
# Near its antipode a centre's geodesics cross (the cut locus), so Geod.fwd's
# point at distance r is no longer r away. That starts at pi * b (19,970 km) at
# the equator, so only radii near half the meridian need the check.
_FOLD_CHECK_M = 19_900_000.0
_SHORTEST_EDGE_U = 1e-10


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


def _as_float(value: Any, what: str, error: type[Exception]) -> float:
    if isinstance(value, bool):
        raise error(f"{what} {value!r} is not a number")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise error(f"{what} {value!r} is not a number") from None


def check_center(lon: float, lat: float) -> tuple[float, float]:
    """Return ``(lon, lat)`` as floats if they are a valid WGS84 position.

    Raises ``CoordinateError`` with a one-line message naming the bad value.
    """
    lon_f = _as_float(lon, "longitude", CoordinateError)
    lat_f = _as_float(lat, "latitude", CoordinateError)
    if not math.isfinite(lon_f):
        raise CoordinateError(f"longitude {lon!r} is not a finite number")
    if not math.isfinite(lat_f):
        raise CoordinateError(f"latitude {lat!r} is not a finite number")
    if not -180.0 <= lon_f <= 180.0:
        raise CoordinateError(f"longitude {lon!r} is out of range (-180 to 180)")
    if not -90.0 <= lat_f <= 90.0:
        raise CoordinateError(f"latitude {lat!r} is out of range (-90 to 90)")
    return lon_f, lat_f


# GeoJSON coordinates are rounded to 1e-7 degree (about 1.1 cm): a finer
# tolerance could not survive the output, and would only cost memory and time.
MIN_TOLERANCE_M = 0.02


def _check_tolerance(tolerance_m: float) -> float:
    tol = _as_float(tolerance_m, "tolerance", RadiusError)
    if not (math.isfinite(tol) and tol >= MIN_TOLERANCE_M):
        raise RadiusError(
            f"tolerance {tolerance_m!r} m must be a finite number of at least {MIN_TOLERANCE_M} m"
        )
    return tol


def _center_of(center_lonlat: Sequence[float]) -> tuple[float, float]:
    try:
        lon, lat = center_lonlat
    except (TypeError, ValueError):
        raise CoordinateError(
            f"centre {center_lonlat!r} is not a (longitude, latitude) pair"
        ) from None
    return check_center(lon, lat)


# --------------------------------------------------------------------------
# Vertex placement (edges measured in Web Mercator as Leaflet draws them, without
# its clamp at 85.05°, so edges poleward of it are measured rather than flattened)
# --------------------------------------------------------------------------


def _uniform_count(radius_in_tol: np.ndarray, share: float) -> np.ndarray:
    """Return the fewest uniform azimuth steps whose sagitta is within ``share``."""
    # Sagitta of a chord spanning the angle 2*pi/n: r * (1 - cos(pi/n)).
    ratio = np.minimum(share / radius_in_tol, 2.0)
    n = np.ceil(np.pi / np.arccos(1.0 - ratio))
    return np.maximum(n, _MIN_VERTICES).astype(np.int64)


class _Rings:
    """Vertices of many rings in flat arrays, sorted by ring then turn fraction ``u``.

    Vertex ``i`` of a ring sits at azimuth ``-360 * u`` (decreasing azimuth walks
    the circle counter-clockwise); ``err[i]`` is the drawn error of the edge from
    vertex ``i`` to the next one, NaN while unknown.
    """

    def __init__(self, lon0: np.ndarray, lat0: np.ndarray, radius: np.ndarray) -> None:
        self.lon0, self.lat0, self.radius = lon0, lat0, radius
        self.ring = np.zeros(0, np.int64)
        self.u = np.zeros(0)
        self.lon = np.zeros(0)
        self.lat = np.zeros(0)
        self.err = np.zeros(0)

    # -- bookkeeping -------------------------------------------------------

    def starts(self) -> np.ndarray:
        return np.searchsorted(self.ring, np.arange(len(self.radius) + 1))

    def next_index(self) -> np.ndarray:
        """Return, per vertex, the index of the next vertex of its ring (cyclic)."""
        idx = np.arange(len(self.u)) + 1
        starts = self.starts()
        last = starts[1:] - 1
        idx[last] = starts[:-1]
        return idx

    def next_u(self) -> np.ndarray:
        """Return the turn fraction of each vertex's successor (1.0 after the last)."""
        nxt = self.next_index()
        nu = self.u[nxt]
        nu[nxt <= np.arange(len(self.u))] = 1.0
        return nu

    def add(self, ring: np.ndarray, u: np.ndarray, after: np.ndarray | None = None) -> None:
        """Compute the vertices at ``(ring, u)`` in one vectorised call and merge them in.

        ``after`` gives, per new vertex, the index of the vertex it follows (new
        vertices inside existing rings); without it the new vertices are whole
        rings, each already in order.
        """
        if len(u) == 0:
            return
        lon, lat, _ = _GEOD.fwd(self.lon0[ring], self.lat0[ring], -360.0 * u, self.radius[ring])
        new = {"ring": ring, "u": u, "lon": lon, "lat": lat, "err": np.full(len(u), np.nan)}
        if after is not None:
            for name, values in new.items():
                setattr(self, name, np.insert(getattr(self, name), after + 1, values))
            return
        for name, values in new.items():
            setattr(self, name, np.concatenate([getattr(self, name), values]))
        if np.any(np.diff(self.ring) < 0):
            order = np.argsort(self.ring, kind="stable")
            for name in new:
                setattr(self, name, getattr(self, name)[order])

    def drop_rings(self, rings: np.ndarray) -> None:
        keep = ~np.isin(self.ring, rings)
        for name in ("ring", "u", "lon", "lat", "err"):
            setattr(self, name, getattr(self, name)[keep])

    # -- error measurement -------------------------------------------------

    def measure(self) -> None:
        """Fill in the unknown edge errors: Mercator midpoint vs the true circle."""
        todo = np.flatnonzero(np.isnan(self.err))
        if len(todo) == 0:
            return
        nxt = self.next_index()[todo]
        # Shortest way round in longitude: that is how consecutive vertices are
        # joined once the ring is cut at the antimeridian.
        dlon = (self.lon[nxt] - self.lon[todo] + 180.0) % 360.0 - 180.0
        mid_lon = self.lon[todo] + 0.5 * dlon
        mid_lat = mercator_lat(0.5 * (mercator_y(self.lat[todo]) + mercator_y(self.lat[nxt])))
        mid_lon = (mid_lon + 180.0) % 360.0 - 180.0
        ring = self.ring[todo]
        _, _, dist = _GEOD.inv(self.lon0[ring], self.lat0[ring], mid_lon, mid_lat)
        self.err[todo] = np.abs(dist - self.radius[ring])


def _resample(rings: _Rings, which: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(ring, u)`` spreading each chosen ring's vertices evenly over its error.

    A chord's error grows with the square of its step, so an edge with error
    ``e`` wants ``sqrt(e / target)`` sub-steps; placing vertices at equal shares
    of that running total gives every edge about the same error with the
    fewest vertices.
    """
    target = tol * _RESAMPLE_TARGET
    sel = np.isin(rings.ring, which)
    ring = rings.ring[sel]
    u = rings.u[sel]
    u_next = rings.next_u()[sel]
    floor = target / _MAX_STRETCH**2
    density = np.sqrt(np.maximum(rings.err[sel], floor) / target)
    cum = np.cumsum(density)
    starts = np.searchsorted(ring, which)
    ends = np.searchsorted(ring, which, side="right")
    base = np.where(starts > 0, cum[np.maximum(starts - 1, 0)], 0.0)
    total = cum[ends - 1] - base
    count = np.maximum(np.ceil(total), _MIN_VERTICES).astype(np.int64)
    new_ring = np.repeat(which, count)
    k = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    position = np.repeat(base, count) + k * np.repeat(total / count, count)
    edge = np.searchsorted(cum, position, side="right")
    before = np.where(edge > 0, cum[np.maximum(edge - 1, 0)], 0.0)
    frac = (position - before) / density[edge]
    new_u = u[edge] + np.clip(frac, 0.0, 1.0) * (u_next[edge] - u[edge])
    return new_ring, new_u


def _split(rings: _Rings, tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(ring, u, after)`` of vertices cutting each failing edge into enough pieces."""
    bad = np.flatnonzero(rings.err > tol * _ACCEPT)
    if len(bad) == 0:
        return np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64)
    pieces = np.ceil(np.sqrt(rings.err[bad] / (tol * _RESAMPLE_TARGET)))
    pieces = np.clip(pieces, 2, _MAX_PIECES).astype(np.int64)
    u0 = rings.u[bad]
    u1 = rings.next_u()[bad]
    stuck = np.flatnonzero(u1 - u0 < _SHORTEST_EDGE_U)
    if len(stuck):
        # Only a boundary that is not a smooth curve defeats splitting.
        _raise_folded(rings, int(rings.ring[bad][stuck[0]]))
    inserts = pieces - 1
    edge = np.repeat(np.arange(len(bad)), inserts)
    k = np.arange(inserts.sum()) - np.repeat(np.cumsum(inserts) - inserts, inserts) + 1
    new_u = u0[edge] + (u1[edge] - u0[edge]) * k / pieces[edge]
    # The split edges end somewhere new: measure them again.
    rings.err[bad] = np.nan
    return rings.ring[bad][edge], new_u, bad[edge]


def _raise_folded(rings: _Rings, i: int) -> None:
    raise RadiusError(
        f"radius {float(rings.radius[i])!r} m around "
        f"({float(rings.lon0[i])!r}, {float(rings.lat0[i])!r}) reaches "
        "the far side of the Earth, where geodesic circles fold over; use a smaller radius"
    )


def _check_not_folded(rings: _Rings) -> None:
    """Raise ``RadiusError`` if a ring's vertices are not all at its radius."""
    sel = np.flatnonzero(rings.radius[rings.ring] > _FOLD_CHECK_M)
    if len(sel) == 0:
        return
    ring = rings.ring[sel]
    _, _, dist = _GEOD.inv(rings.lon0[ring], rings.lat0[ring], rings.lon[sel], rings.lat[sel])
    off = np.flatnonzero(np.abs(dist - rings.radius[ring]) > 1e-3)
    if len(off):
        _raise_folded(rings, int(ring[off[0]]))


def _place_vertices(lon0: np.ndarray, lat0: np.ndarray, radius: np.ndarray, tol: float) -> _Rings:
    rings = _Rings(lon0, lat0, radius)
    n0 = _uniform_count(radius / tol, _FIRST_TARGET)
    ring = np.repeat(np.arange(len(radius)), n0)
    k = np.arange(n0.sum()) - np.repeat(np.cumsum(n0) - n0, n0)
    rings.add(ring, k / n0[ring])
    rings.measure()
    _check_not_folded(rings)

    starts = rings.starts()
    worst = np.maximum.reduceat(rings.err, starts[:-1])
    redo = np.flatnonzero((worst > tol * _ACCEPT) | (worst < tol * _WASTEFUL))
    if len(redo):
        new_ring, new_u = _resample(rings, redo, tol)
        rings.drop_rings(redo)
        rings.add(new_ring, new_u)

    for _ in range(_MAX_PASSES):
        rings.measure()
        new_ring, new_u, after = _split(rings, tol)
        if len(new_u) == 0:
            break
        rings.add(new_ring, new_u, after)
    else:  # pragma: no cover - the error falls fourfold per split; never seen
        raise RuntimeError("geodesic ring refinement did not converge")
    return rings


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def geodesic_rings(
    centers_lonlat: Sequence[tuple[float, float]],
    radii_m: Sequence[float],
    tolerance_m: float = 1.0,
) -> list[dict]:
    """Return one GeoJSON geometry per (centre, radius): the geodesic circle as drawn.

    Each is a Polygon, or a MultiPolygon when the circle crosses longitude ±180.
    Every vertex lies on the WGS84 geodesic circle of ``radius`` metres around
    its ``(lon, lat)`` centre, and the boundary as Leaflet draws it (straight in
    Web Mercator between vertices) stays within ``tolerance_m`` of that circle.

    Raises ``CoordinateError`` / ``RadiusError`` for a bad centre or radius and
    ``ValueError`` for a tolerance that is not positive.
    """
    tol = _check_tolerance(tolerance_m)
    centers = [_center_of(c) for c in centers_lonlat]
    radii = [check_radius(r) for r in radii_m]
    if len(centers) != len(radii):
        raise ValueError(f"{len(centers)} centres but {len(radii)} radii")
    if not centers:
        return []
    keys = [(c[0], c[1], r, tol) for c, r in zip(centers, radii, strict=True)]
    with _VERTICES_LOCK:
        vertices = {k: _VERTICES[k] for k in keys if k in _VERTICES}
    missing = [k for k in dict.fromkeys(keys) if k not in vertices]
    if missing:
        lon0 = np.array([k[0] for k in missing])
        lat0 = np.array([k[1] for k in missing])
        rings = _place_vertices(lon0, lat0, np.array([k[2] for k in missing]), tol)
        starts = rings.starts()
        for key, a, b in zip(missing, starts[:-1], starts[1:], strict=True):
            lon, lat = rings.lon[a:b].copy(), rings.lat[a:b].copy()
            lon.flags.writeable = lat.flags.writeable = False  # shared by later calls
            vertices[key] = _remember(key, (lon, lat))
    with collector_paused():
        # Fresh lists every call: a caller may change its geometry freely.
        return [ring_geometry(*vertices[k]) for k in keys]


# Vertices of recent zones by (lon, lat, radius, tolerance): reports about one
# base repeat its zone, and placing vertices is most of a zone's cost.
_VERTICES: dict[tuple[float, float, float, float], tuple[np.ndarray, np.ndarray]] = {}
_VERTICES_KEPT = 256


_VERTICES_LOCK = threading.Lock()  # zones may be built from several threads


def _remember(key: tuple[float, float, float, float], value: tuple) -> tuple:
    with _VERTICES_LOCK:
        if key not in _VERTICES and len(_VERTICES) >= _VERTICES_KEPT:
            del _VERTICES[next(iter(_VERTICES))]  # the oldest
        _VERTICES[key] = value
    return value


def geodesic_ring(
    center_lonlat: tuple[float, float], radius_m: float, tolerance_m: float = 1.0
) -> dict:
    """Return the GeoJSON geometry of one geodesic circle (see ``geodesic_rings``)."""
    return geodesic_rings([center_lonlat], [radius_m], tolerance_m)[0]


def _geometry_rings(geometry: dict) -> list[np.ndarray]:
    gtype = geometry.get("type")
    coords: Any = geometry.get("coordinates")
    if gtype == "Polygon":
        polygons = [coords]
    elif gtype == "MultiPolygon":
        polygons = list(coords)
    else:
        raise ValueError(f"geometry type {gtype!r} is not a Polygon or MultiPolygon")
    return [np.asarray(ring, dtype=float)[:, :2] for polygon in polygons for ring in polygon]


def drawn_error_m(
    geometry: dict,
    center_lonlat: tuple[float, float],
    radius_m: float,
    samples_per_edge: int = 16,
) -> float:
    """Return the largest distance (m) between the boundary as drawn and the true circle.

    The boundary is taken as Leaflet draws it: straight lines in Web Mercator
    between consecutive vertices, sampled ``samples_per_edge`` times per edge.
    Each sample's geodesic distance from the centre is compared with
    ``radius_m``. Edges that are not part of the circle (along the cut at
    longitude ±180, or along latitude ±90 where a ring closes round a pole) are
    left out.
    """
    lon0, lat0 = _center_of(center_lonlat)
    r = check_radius(radius_m)
    if samples_per_edge < 1:
        raise ValueError(f"samples_per_edge {samples_per_edge!r} must be at least 1")
    starts, ends = [], []
    for ring in _geometry_rings(geometry):
        if len(ring) == 0:
            continue
        if not np.array_equal(ring[0], ring[-1]):
            ring = np.vstack([ring, ring[:1]])  # Leaflet closes polygons itself
        starts.append(ring[:-1])
        ends.append(ring[1:])
    if not starts:
        return 0.0
    a = np.concatenate(starts)
    b = np.concatenate(ends)
    if not (
        np.all(np.isfinite(a))
        and np.all(np.abs(a[:, 0]) <= 180.0)
        and np.all(np.abs(a[:, 1]) <= 90.0)
    ):
        raise CoordinateError("geometry has coordinates outside [-180, 180] x [-90, 90]")
    along_cut = (a[:, 0] == b[:, 0]) & (np.abs(a[:, 0]) == 180.0)
    along_pole = (a[:, 1] == b[:, 1]) & (np.abs(a[:, 1]) == 90.0)
    real = ~(along_cut | along_pole)
    a, b = a[real], b[real]
    if len(a) == 0:
        return 0.0
    t = np.arange(samples_per_edge) / samples_per_edge
    x = a[:, :1] + t * (b[:, :1] - a[:, :1])
    ya, yb = mercator_y(a[:, 1:2]), mercator_y(b[:, 1:2])
    lat = mercator_lat(ya + t * (yb - ya))
    x, lat = x.ravel(), lat.ravel()
    _, _, dist = _GEOD.inv(np.full(x.shape, lon0), np.full(x.shape, lat0), x, lat)
    return float(np.max(np.abs(dist - r)))


def ring_fits(
    geometry: dict | None,
    center_lonlat: tuple[float, float],
    radius_m: float,
    within_m: float = 0.25,
) -> bool:
    """Return whether the vertices of a zone's ring lie on its circle, within ``within_m``.

    A ring made by ``geodesic_rings`` has every vertex on the circle (to the
    centimetre the output's rounding leaves); one whose centre or radius was
    edited by hand does not. Vertices added along the cut at longitude ±180 or
    round a pole are not on the circle and are left out.
    """
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return False
    try:
        vertices = np.concatenate(_geometry_rings(geometry))
    except (ValueError, TypeError):
        return False
    on_circle = (np.abs(vertices[:, 0]) != 180.0) & (np.abs(vertices[:, 1]) != 90.0)
    vertices = vertices[on_circle]
    if len(vertices) == 0:
        return False
    lon0, lat0 = center_lonlat
    _, _, dist = _GEOD.inv(
        np.full(len(vertices), float(lon0)),
        np.full(len(vertices), float(lat0)),
        vertices[:, 0],
        vertices[:, 1],
    )
    return bool(np.max(np.abs(np.asarray(dist) - radius_m)) <= within_m)
