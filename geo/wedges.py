"""The area a position given as an offset may lie in: a geodesic wedge around its point.

"70 nautical miles west of Hodeidah" is as sure as its compass point, its
distance's last digit and the reference place's size (see
:mod:`geo.extract.offsets`, which reads such phrases). The wedge is drawn from
the offset's facts as the contract writes them (``properties.offset``), so a
hand-edited offset is drawn as edited.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pyproj import Geod

from geo.support.antimeridian import ring_geometry

_GEOD = Geod(ellps="WGS84")


def offset_point(offset: dict) -> tuple[float, float]:
    """Return (lon, lat) of an offset: from its reference along its bearing and distance."""
    lon0, lat0 = offset["reference_lonlat"]
    lon, lat, _ = _GEOD.fwd(lon0, lat0, float(offset["bearing_deg"]), float(offset["distance_m"]))
    return float(lon), float(lat)


def point_fits(geometry: Any, offset: dict, tolerance_m: float = 0.25) -> bool:
    """Return whether ``geometry`` is the offset's point (within ``tolerance_m``)."""
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return False
    lon, lat = offset_point(offset)
    here = geometry["coordinates"]
    return float(_GEOD.inv(here[0], here[1], lon, lat)[2]) <= tolerance_m


# Vertices of the wedge's arcs: at most this many degrees apart.
_ARC_STEP_DEG = 2.0


def uncertainty_area(offset: dict) -> tuple[dict, float]:
    """Return the wedge an offset may lie in (GeoJSON Polygon) and its point-radius in metres.

    The sector between the bearings ± their half width, widened by the
    reference's extent, and between the distances ± their precision and the
    extent. ``offset`` is ``Offset.properties()``, so an edited offset is
    drawn from its facts.
    """
    lon0, lat0 = offset["reference_lonlat"]
    bearing = float(offset["bearing_deg"])
    distance = float(offset["distance_m"])
    spread = offset["uncertainty"]
    extent = float(spread["reference_extent_m"])
    near = max(0.0, distance - float(spread["distance_m"]) - extent)
    far = distance + float(spread["distance_m"]) + extent
    widen = math.degrees(extent / distance) if distance > extent else 180.0
    half = min(180.0, float(spread["bearing_deg"]) + widen)
    steps = max(2, math.ceil(2 * half / _ARC_STEP_DEG))
    azimuths = np.linspace(bearing - half, bearing + half, steps + 1)
    # Clockwise along the far arc, back along the near one: the sector's boundary.
    out_lon, out_lat, _ = _GEOD.fwd(
        np.full(len(azimuths), lon0),
        np.full(len(azimuths), lat0),
        azimuths,
        np.full(len(azimuths), far),
    )
    if near > 0:
        back = azimuths[::-1]
        in_lon, in_lat, _ = _GEOD.fwd(
            np.full(len(back), lon0), np.full(len(back), lat0), back, np.full(len(back), near)
        )
    else:
        in_lon, in_lat = np.array([lon0]), np.array([lat0])
    lon = np.concatenate([out_lon, in_lon])
    lat = np.concatenate([out_lat, in_lat])
    # Counter-clockwise, as RFC 7946 asks of an exterior ring.
    lon, lat = lon[::-1].copy(), lat[::-1].copy()
    point_lon, point_lat, _ = _GEOD.fwd(lon0, lat0, bearing, distance)
    _, _, reach = _GEOD.inv(np.full(len(lon), point_lon), np.full(len(lat), point_lat), lon, lat)
    return ring_geometry(lon, lat), float(np.max(reach))


# Vertices of a zone sized by direction: at most this many degrees apart along its
# arcs, fewer for wide zones (see sectored_zone); the zones' tolerance_m.
_SECTOR_STEP_DEG = 0.5
_TOLERANCE_M = 1.0


def sectored_zone(lon0: float, lat0: float, directions: list[tuple[float, float]]) -> dict:
    """Return a zone whose reach differs by direction, as a GeoJSON Polygon.

    ``directions`` are (bearing in degrees, metres): "10 km in the north and
    5 km in the south" is [(0, 10000), (180, 5000)]. Each azimuth reaches as
    far as the stated direction nearest to it (the farther of two equally
    near); the reach changes along the bisector between two directions.
    """
    stated = sorted((b % 360.0, m) for b, m in directions)

    def reach(azimuth: float) -> float:
        def gap(b: float) -> float:
            return abs((azimuth - b + 180.0) % 360.0 - 180.0)

        return max(stated, key=lambda d: (-round(gap(d[0]), 9), d[1]))[1]

    # The bisectors between neighbouring directions: where the reach steps.
    steps = []
    for (b1, _), (b2, _) in zip(stated, stated[1:] + stated[:1], strict=True):
        width = (b2 - b1) % 360.0 or 360.0
        steps.append((b1 + width / 2.0) % 360.0)
    azimuths: list[float] = []
    distances: list[float] = []
    # Arcs close enough that the chord strays at most a quarter of TOLERANCE_M from
    # the circle of the widest reach (Web Mercator's bending aside): 0.5° for 10 km.
    widest = max(m for _, m in stated)
    step = min(_SECTOR_STEP_DEG, math.degrees(2 * math.acos(1 - _TOLERANCE_M / 4 / widest)))
    grid = np.arange(0.0, 360.0, step)
    for a in sorted(set(grid.tolist()) | set(steps)):
        if a in steps:
            # Both sides of the step at the same azimuth: a straight radial edge.
            before, after = reach(a - 1e-6), reach(a + 1e-6)
            azimuths += [a, a]
            distances += [before, after]
        else:
            azimuths.append(a)
            distances.append(reach(a))
    az = np.array(azimuths)
    lon, lat, _ = _GEOD.fwd(np.full(len(az), lon0), np.full(len(az), lat0), az, np.array(distances))
    # Azimuths run clockwise; RFC 7946 asks counter-clockwise.
    return ring_geometry(lon[::-1].copy(), lat[::-1].copy())
