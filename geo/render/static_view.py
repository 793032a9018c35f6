"""Where the print map looks: Web Mercator, and the view box around the content.

Everything is drawn in Web Mercator (EPSG:3857), the projection the HTML map
uses, so shapes look the same in both and the view's aspect is right at every
latitude.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

if TYPE_CHECKING:
    from geo.render.static_content import Spot, Zone

MAP_ASPECT_RANGE = (0.5, 1.2)  # map height / width: neither a strip nor a tower
VIEW_MARGIN = 0.08  # of the content's larger side, on each side
MIN_VIEW_M = 60_000.0  # a lone point gets about this much ground around it
MAX_LAT = 85.0  # Web Mercator's usable band
EARTH_RADIUS_M = 6378137.0  # EPSG:3857's sphere


def to_mercator(lon: Any, lat: Any) -> tuple[Any, Any]:
    """Return Web Mercator (EPSG:3857) x, y of lon/lat degrees (scalars or arrays).

    Written out rather than through PROJ, which folds longitudes into
    -180..180: a view across the antimeridian needs 181 degrees to stay east
    of 179.
    """
    lam = np.radians(lon)
    phi = np.radians(np.clip(lat, -MAX_LAT, MAX_LAT))
    return EARTH_RADIUS_M * lam, EARTH_RADIUS_M * np.log(np.tan(np.pi / 4 + phi / 2))


def to_lonlat(x: Any, y: Any) -> tuple[Any, Any]:
    """Return lon/lat degrees of Web Mercator x, y (the inverse of :func:`to_mercator`)."""
    lon = np.degrees(np.asarray(x) / EARTH_RADIUS_M)
    lat = np.degrees(2 * np.arctan(np.exp(np.asarray(y) / EARTH_RADIUS_M)) - np.pi / 2)
    return float(lon) if lon.ndim == 0 else lon, float(lat) if lat.ndim == 0 else lat


def mercator(geometry: shapely.Geometry) -> shapely.Geometry:
    """Return a lon/lat geometry in Web Mercator, cut to the band Mercator can show."""
    cut = shapely.clip_by_rect(geometry, -540.0, -MAX_LAT, 540.0, MAX_LAT)
    return shapely.transform(cut, lambda xy: np.column_stack(to_mercator(xy[:, 0], xy[:, 1])))


def content_bounds(zones: list[Zone], spots: list[Spot]) -> tuple[float, float, float, float]:
    """Return the Web Mercator box around all content, grown to a minimum size."""
    boxes = [z.geometry.bounds for z in zones]
    boxes += [(s.xy[0], s.xy[1], s.xy[0], s.xy[1]) for s in spots]
    boxes += [s.area.bounds for s in spots if s.area is not None]
    if not boxes:
        x0, y0 = to_mercator(-180.0, -60.0)
        x1, y1 = to_mercator(180.0, 80.0)
        return x0, y0, x1, y1
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[2] for b in boxes)
    y1 = max(b[3] for b in boxes)
    # Mercator stretches distances by 1/cos(lat): the minimum is ground metres.
    _, lat = to_lonlat((x0 + x1) / 2, (y0 + y1) / 2)
    min_size = MIN_VIEW_M / max(math.cos(math.radians(lat)), 0.05)
    grow_x = max(0.0, min_size - (x1 - x0)) / 2
    grow_y = max(0.0, min_size - (y1 - y0)) / 2
    return x0 - grow_x, y0 - grow_y, x1 + grow_x, y1 + grow_y


def view_box(
    bounds: tuple[float, float, float, float],
    aspect: float | None = None,
    *,
    margin: float = VIEW_MARGIN,
) -> tuple[tuple[float, ...], float]:
    """Return the view box (content plus margin, at a page-friendly aspect) and its aspect.

    ``aspect`` (height / width) is the map's on a page of fixed size; without
    it the aspect is the content's, kept within ``MAP_ASPECT_RANGE``.
    ``margin`` is a fraction of the content's larger side on each side (none
    for an extent given by hand).
    """
    x0, y0, x1, y1 = bounds
    grow_by = margin * max(x1 - x0, y1 - y0)
    x0, y0, x1, y1 = x0 - grow_by, y0 - grow_by, x1 + grow_by, y1 + grow_by
    if aspect is None:
        aspect = min(max((y1 - y0) / (x1 - x0), MAP_ASPECT_RANGE[0]), MAP_ASPECT_RANGE[1])
    # Grow the short side so the box has exactly the map's aspect, centred.
    if (y1 - y0) / (x1 - x0) < aspect:
        grow = (aspect * (x1 - x0) - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    else:
        grow = ((y1 - y0) / aspect - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    limit = to_mercator(0.0, MAX_LAT)[1]
    if y1 - y0 < 2 * limit:  # keep the view inside the band Mercator can show
        shift = max(0.0, -limit - y0) - max(0.0, y1 - limit)
        y0, y1 = y0 + shift, y1 + shift
    return (x0, y0, x1, y1), aspect


def lonlat_box(view: tuple[float, ...]) -> tuple[float, float, float, float]:
    west, south = to_lonlat(view[0], view[1])
    east, north = to_lonlat(view[2], view[3])
    return west, max(south, -MAX_LAT), east, min(north, MAX_LAT)


def mercator_box(lonlat: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Return the Web Mercator box of a (west, south, east, north) box in degrees."""
    x0, y0 = to_mercator(lonlat[0], lonlat[1])
    x1, y1 = to_mercator(lonlat[2], lonlat[3])
    return float(x0), float(y0), float(x1), float(y1)
