"""How far each way of drawing a zone strays from the true geodesic circle, and at what cost.

Run: ``.venv/bin/python benchmarks/zones_accuracy.py``

For each radius and latitude, every method's polygon is measured the way a
reader sees it on a Leaflet map: straight lines in Web Mercator between its
vertices, sampled and compared with the geodesic distance on WGS84
(``geo.zones.drawn_error_m``). Methods:

* ``geo``: ``geo.zones.geodesic_rings`` (1 m tolerance).
* ``AEQD buffer``: geopandas, buffer a point in an azimuthal-equidistant
  projection centred on it (default 16 segments per quarter), back to WGS84.
* ``Leaflet model``: a circle in Web Mercator of radius r / cos(lat0) around
  the projected centre (how L.Circle is usually described), sampled densely.
* ``Leaflet 1.9.3``: what the bundled Leaflet 1.9.3 ``L.Circle._project``
  actually draws: an ellipse in Web Mercator through the points latR north and
  south of the centre (spherical R = 6371 km, latitudes clamped at 85.05°).
* ``degree buffer``: shapely buffer of the lon/lat point by r / 111,320 m.

Then the time to build 10,000 zones of 55 km at random centres: geo in one
call, and the AEQD way (timed on fewer zones and extrapolated).
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable

import geopandas as gpd
import numpy as np
import pyproj
from shapely.geometry import Point, mapping, shape

from geo.errors import CoordinateError
from geo.zones import drawn_error_m, geodesic_ring, geodesic_rings

LON = 38.61778  # At Tanf's meridian
LATITUDES = (33.5, 70.0)
RADII_M = (55_000.0, 500_000.0, 5_000_000.0)
METRES_PER_DEGREE = 111_320.0
LEAFLET_SAMPLES = 4096
WEB_MERCATOR_R = 6_378_137.0  # L.Projection.SphericalMercator.R
LEAFLET_EARTH_R = 6_371_000.0  # L.CRS.Earth.R, used for the circle's latitude radius
LEAFLET_MAX_LAT = 85.0511287798
TIMING_ZONES = 10_000
TIMING_ZONES_AEQD = 1_000


# --------------------------------------------------------------------------
# The methods: each returns a GeoJSON geometry for (lon, lat, radius)
# --------------------------------------------------------------------------


def geo_zone(lon: float, lat: float, radius: float) -> dict:
    return geodesic_ring((lon, lat), radius)


def aeqd_buffer(lon: float, lat: float, radius: float) -> dict:
    crs = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    circle = gpd.GeoSeries([Point(0.0, 0.0)], crs=crs).buffer(radius).to_crs(4326)
    return mapping(circle.iloc[0])


def _merc_y(lat: np.ndarray | float) -> np.ndarray:
    return WEB_MERCATOR_R * np.arcsinh(np.tan(np.radians(lat)))


def _merc_lat(y: np.ndarray) -> np.ndarray:
    return np.degrees(np.arctan(np.sinh(y / WEB_MERCATOR_R)))


def _ellipse(x0: float, y0: float, rx: float, ry: float) -> dict:
    theta = np.linspace(0.0, 2.0 * np.pi, LEAFLET_SAMPLES, endpoint=False)
    lon = np.degrees((x0 + rx * np.cos(theta)) / WEB_MERCATOR_R)
    lat = _merc_lat(y0 + ry * np.sin(theta))
    ring = np.column_stack([lon, lat]).tolist()
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


def leaflet_model(lon: float, lat: float, radius: float) -> dict:
    # Web Mercator's scale is 1 / cos(lat): a ground radius r is r / cos(lat0) there.
    rho = radius / math.cos(math.radians(lat))
    return _ellipse(WEB_MERCATOR_R * math.radians(lon), float(_merc_y(lat)), rho, rho)


def leaflet_1_9_3(lon: float, lat: float, radius: float) -> dict:
    def project_y(phi: float) -> float:
        return float(_merc_y(max(min(phi, LEAFLET_MAX_LAT), -LEAFLET_MAX_LAT)))

    d = math.pi / 180.0
    lat_r = radius / LEAFLET_EARTH_R / d
    top, bottom = project_y(lat + lat_r), project_y(lat - lat_r)
    py = (top + bottom) / 2.0
    lat2 = float(_merc_lat(np.array(py)))
    cos_lng = (math.cos(lat_r * d) - math.sin(lat * d) * math.sin(lat2 * d)) / (
        math.cos(lat * d) * math.cos(lat2 * d)
    )
    lng_r = math.acos(cos_lng) / d if -1.0 <= cos_lng <= 1.0 else float("nan")
    if math.isnan(lng_r) or lng_r == 0:
        lng_r = lat_r / math.cos(d * lat)  # Leaflet's own fallback (#2425)
    rx = WEB_MERCATOR_R * lng_r * d
    return _ellipse(WEB_MERCATOR_R * lon * d, py, rx, top - py)


def degree_buffer(lon: float, lat: float, radius: float) -> dict:
    return mapping(Point(lon, lat).buffer(radius / METRES_PER_DEGREE))


METHODS: dict[str, Callable[[float, float, float], dict]] = {
    "geo": geo_zone,
    "AEQD buffer": aeqd_buffer,
    "Leaflet model": leaflet_model,
    "Leaflet 1.9.3": leaflet_1_9_3,
    "degree buffer": degree_buffer,
}
CURVES = {"Leaflet model", "Leaflet 1.9.3"}  # drawn as curves: no vertex count


# --------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------


def vertex_count(geometry: dict) -> int:
    coords = geometry["coordinates"]
    polygons = [coords] if geometry["type"] == "Polygon" else coords
    return sum(len(ring) - 1 for poly in polygons for ring in poly)


def _metres(value: float) -> str:
    if value < 100:
        return f"{value:.2f}"
    return f"{value:,.0f}"


def measure(name: str, lon: float, lat: float, radius: float) -> str:
    geometry = METHODS[name](lon, lat, radius)
    count = "curve" if name in CURVES else str(vertex_count(geometry))
    try:
        error = _metres(drawn_error_m(geometry, (lon, lat), radius))
    except CoordinateError:
        return f"{'off map':>12} {count:>6}!"
    flag = "" if shape(geometry).is_valid else "*"
    return f"{error:>12} {count:>6}{flag or ' '}"


def accuracy_table() -> None:
    print("Max drawn error (m) vs the WGS84 geodesic circle, and vertex count")
    print("(boundary drawn as Leaflet does: straight Web Mercator lines between vertices)\n")
    header = f"{'radius':>9} {'lat':>5} |" + "|".join(f"{m:^20}" for m in METHODS)
    print(header)
    print("-" * len(header))
    for lat in LATITUDES:
        for radius in RADII_M:
            cells = [measure(name, LON, lat, radius) for name in METHODS]
            print(f"{radius / 1000:>6,.0f} km {lat:>4}N |" + "|".join(cells))
    print("\n* geometry not valid (shapely)    ! coordinates off the map (|lat| > 90)")
    print("Leaflet columns are curves sampled at", LEAFLET_SAMPLES, "points; errors only.")


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------


def timing() -> None:
    rng = np.random.default_rng(0)
    lon = rng.uniform(-180.0, 180.0, TIMING_ZONES)
    lat = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, TIMING_ZONES)))  # uniform on the sphere
    centers = list(zip(lon.tolist(), lat.tolist(), strict=True))

    start = time.perf_counter()
    zones = geodesic_rings(centers, [55_000.0] * TIMING_ZONES)
    geo_s = time.perf_counter() - start
    vertices = sum(vertex_count(z) for z in zones)

    start = time.perf_counter()
    for x, y in centers[:TIMING_ZONES_AEQD]:
        aeqd_buffer(x, y, 55_000.0)
    aeqd_s = (time.perf_counter() - start) * TIMING_ZONES / TIMING_ZONES_AEQD

    scale = TIMING_ZONES // TIMING_ZONES_AEQD
    print(
        f"\nTime to build {TIMING_ZONES:,} zones of 55 km at random centres (uniform on the sphere)"
    )
    print(
        f"  geo.zones.geodesic_rings, one call:  {geo_s:8.2f} s "
        f"({vertices / TIMING_ZONES:,.0f} vertices per zone on average)"
    )
    print(
        f"  geopandas AEQD buffer, one per zone: {aeqd_s:8.2f} s "
        f"(timed on {TIMING_ZONES_AEQD:,} zones, extrapolated x{scale})"
    )


def main() -> None:
    # geopandas warns about buffering in a CRS it cannot classify; irrelevant here.
    warnings.simplefilter("ignore", UserWarning)
    accuracy_table()
    timing()


if __name__ == "__main__":
    main()
