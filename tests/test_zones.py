"""Geodesic zones: exact vertices, accurate as drawn, few vertices, valid GeoJSON."""

from __future__ import annotations

import math

import numpy as np
import pyproj
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shapely.geometry import LinearRing, Point, shape

from geo import features
from geo import zones as zones_module
from geo.errors import CoordinateError, GeoError, RadiusError
from geo.units import MAX_RADIUS_M
from geo.zones import check_center, check_radius, drawn_error_m, geodesic_ring, geodesic_rings

GEOD = pyproj.Geod(ellps="WGS84")
AT_TANF = (38.61778, 33.50583)

NAMED_CASES = {
    "55 km At Tanf": (AT_TANF, 55_000.0),
    "34 mi At Tanf": (AT_TANF, 54_717.696),
    "10 m New York": ((-74.0, 40.7), 10.0),
    "5,000 km Tokyo": ((139.7, 35.7), 5_000_000.0),
    "300 km Fiji antimeridian": ((179.9, -16.5), 300_000.0),
    "50 nmi Bering antimeridian": ((-179.95, 65.0), 92_600.0),
    "200 km North Pole": ((0.0, 89.5), 200_000.0),
}


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def polygons_of(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon"
    return geometry["coordinates"]


def all_positions(geometry: dict) -> np.ndarray:
    return np.array([p for poly in polygons_of(geometry) for ring in poly for p in ring])


def circle_vertices(geometry: dict) -> np.ndarray:
    """Distinct vertices that are not on the antimeridian cut or the pole edge."""
    pts = all_positions(geometry)
    on_circle = (np.abs(pts[:, 0]) != 180.0) & (np.abs(pts[:, 1]) != 90.0)
    return np.unique(pts[on_circle], axis=0)


def vertex_budget(radius_m: float, tolerance_m: float = 1.0) -> float:
    """1.5x (3x beyond 100 km) the uniform-step sagitta bound pi * sqrt(r / 2 tol)."""
    bound = math.pi * math.sqrt(radius_m / (2.0 * tolerance_m))
    return (1.5 if radius_m <= 100_000 else 3.0) * bound


def distances_from(center: tuple[float, float], pts: np.ndarray) -> np.ndarray:
    n = len(pts)
    _, _, dist = GEOD.inv(np.full(n, center[0]), np.full(n, center[1]), pts[:, 0], pts[:, 1])
    return dist


def covers_pole(center: tuple[float, float], radius_m: float, pole_lat: float) -> bool:
    return GEOD.inv(center[0], center[1], 0.0, pole_lat)[2] < radius_m


def assert_good_zone(
    geometry: dict, center: tuple[float, float], radius_m: float, tolerance_m: float = 1.0
) -> None:
    """Everything a zone must be: valid, exact vertices, within tolerance, few vertices."""
    shp = shape(geometry)
    assert shp.is_valid, geometry["type"]
    pts = all_positions(geometry)
    assert np.all(np.abs(pts[:, 0]) <= 180.0) and np.all(np.abs(pts[:, 1]) <= 90.0)
    for poly in polygons_of(geometry):
        for k, ring in enumerate(poly):
            assert ring[0] == ring[-1], "ring not closed"
            assert len(ring) >= 4
            # RFC 7946 right-hand rule: exterior counter-clockwise, holes clockwise.
            assert LinearRing(ring).is_ccw == (k == 0)
    vertices = circle_vertices(geometry)
    assert np.max(np.abs(distances_from(center, vertices) - radius_m)) < 1e-3
    assert drawn_error_m(geometry, center, radius_m) <= tolerance_m
    assert len(vertices) <= vertex_budget(radius_m, tolerance_m)
    assert shp.covers(Point(center))
    assert shp.covers(Point(0.0, 90.0)) == covers_pole(center, radius_m, 90.0)
    assert shp.covers(Point(0.0, -90.0)) == covers_pole(center, radius_m, -90.0)
    assert_inside_is_inside(shp, center, radius_m, tolerance_m)


def assert_inside_is_inside(
    shp, center: tuple[float, float], radius_m: float, tolerance_m: float
) -> None:
    """Points a little inside the circle are in the zone, a little outside are not."""
    # shapely works in plain lon/lat, which bends straight Mercator edges by up
    # to a few metres over long edges; keep the probes clear of that.
    margin = max(10 * tolerance_m, 1e-3 * radius_m)
    az = np.linspace(0.0, 360.0, 97)[:-1]
    n = len(az)
    for dist, inside in ((radius_m - margin, True), (radius_m + margin, False)):
        if dist <= 0 or dist >= 19_900_000:
            continue
        lon, lat, _ = GEOD.fwd(np.full(n, center[0]), np.full(n, center[1]), az, np.full(n, dist))
        got = [shp.covers(Point(x, y)) for x, y in zip(lon, lat, strict=True)]
        assert all(g == inside for g in got), (dist, inside)


# --------------------------------------------------------------------------
# Named cases
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def named_zones() -> dict[str, dict]:
    centers = [c for c, _ in NAMED_CASES.values()]
    radii = [r for _, r in NAMED_CASES.values()]
    return dict(zip(NAMED_CASES, geodesic_rings(centers, radii), strict=True))


@pytest.mark.parametrize("name", list(NAMED_CASES))
def test_named_case_is_exact_valid_and_within_budget(named_zones, name):
    center, radius = NAMED_CASES[name]
    assert_good_zone(named_zones[name], center, radius)


@pytest.mark.parametrize("name", list(NAMED_CASES))
def test_named_case_stays_within_1_m_after_geojson_rounding(named_zones, name):
    # The contract writes coordinates rounded to 1e-7 degree: that must not
    # push the drawn boundary past the tolerance.
    center, radius = NAMED_CASES[name]
    collection = features.feature_collection(
        [features.feature(named_zones[name], {"kind": "zone", "radius_m": radius})]
    )
    written = features.loads(features.dumps(collection))
    assert drawn_error_m(written["features"][0]["geometry"], center, radius) <= 1.0


def test_vertex_count_is_near_the_sagitta_bound_for_55_km(named_zones):
    n = len(circle_vertices(named_zones["55 km At Tanf"]))
    bound = math.pi * math.sqrt(55_000 / 2)  # about 521
    assert bound <= n <= 1.1 * bound


def test_vertex_count_follows_the_tolerance():
    fine = geodesic_ring(AT_TANF, 55_000, tolerance_m=0.1)
    coarse = geodesic_ring(AT_TANF, 55_000, tolerance_m=10.0)
    assert drawn_error_m(fine, AT_TANF, 55_000) <= 0.1
    assert drawn_error_m(coarse, AT_TANF, 55_000) <= 10.0
    # Vertices scale with 1 / sqrt(tolerance): 100x tolerance, about 10x fewer.
    ratio = len(circle_vertices(fine)) / len(circle_vertices(coarse))
    assert 8.0 < ratio < 12.0


# --------------------------------------------------------------------------
# Antimeridian and poles
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["300 km Fiji antimeridian", "50 nmi Bering antimeridian"])
def test_antimeridian_ring_is_split_into_parts_touching_180(named_zones, name):
    geometry = named_zones[name]
    assert geometry["type"] == "MultiPolygon"
    parts = [np.array(poly[0]) for poly in geometry["coordinates"]]
    assert len(parts) == 2
    for part in parts:
        assert np.all(np.abs(part[:, 0]) <= 180.0)
        assert np.max(np.abs(part[:, 0])) == 180.0
    # One part east of the cut, one west of it; no edge jumps across the map.
    assert sorted(np.sign(part[:, 0].mean()) for part in parts) == [-1.0, 1.0]
    for part in parts:
        assert np.max(np.abs(np.diff(part[:, 0]))) < 10.0


@pytest.mark.parametrize(
    "name", ["300 km Fiji antimeridian", "50 nmi Bering antimeridian", "200 km North Pole"]
)
def test_split_zones_keep_the_area_of_the_circle(named_zones, name):
    # A lost part, or a pole closed on the wrong side, changes the area a lot.
    _, radius = NAMED_CASES[name]
    area, _ = GEOD.geometry_area_perimeter(shape(named_zones[name]))
    assert area == pytest.approx(math.pi * radius**2, rel=0.005)


def test_pole_zone_covers_the_pole(named_zones):
    geometry = named_zones["200 km North Pole"]
    zone = shape(geometry)
    assert geometry["type"] == "Polygon"
    assert zone.covers(Point(0.0, 90.0))
    assert zone.covers(Point(-123.0, 89.9))  # beyond the pole from the centre
    assert not zone.covers(Point(0.0, 87.0))
    ring = np.array(geometry["coordinates"][0])
    assert np.any(ring[:, 1] == 90.0)  # closed along the top edge of the map


def test_centre_on_the_antimeridian_splits_cleanly():
    geometry = geodesic_ring((180.0, 40.1), 980.0)
    assert geometry["type"] == "MultiPolygon"
    assert_good_zone(geometry, (180.0, 40.1), 980.0)


def test_zone_around_the_south_pole_itself():
    geometry = geodesic_ring((0.0, -90.0), 1_000_000.0)
    assert_good_zone(geometry, (0.0, -90.0), 1_000_000.0)


def test_zone_holding_both_poles_is_the_world_minus_a_hole():
    center, radius = (90.0, 0.0), 15_000_000.0
    geometry = geodesic_ring(center, radius)
    assert geometry["type"] == "Polygon" and len(geometry["coordinates"]) == 2
    assert_good_zone(geometry, center, radius)
    assert not shape(geometry).covers(Point(-90.0, 0.0))  # the antipode is outside


def test_zone_holding_both_poles_with_its_hole_on_the_antimeridian():
    center, radius = (0.0, 0.0), 15_000_000.0
    geometry = geodesic_ring(center, radius)
    assert_good_zone(geometry, center, radius)
    zone = shape(geometry)
    assert not zone.covers(Point(180.0, 0.0)) and not zone.covers(Point(-180.0, 0.0))


def test_radius_folding_over_near_the_antipode_is_refused():
    with pytest.raises(RadiusError) as err:
        geodesic_ring((0.0, 45.0), 19_990_000.0)
    assert "\n" not in str(err.value) and "19990000" in str(err.value)


# --------------------------------------------------------------------------
# Property test
# --------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lon=st.floats(-180.0, 180.0),
    lat=st.floats(-90.0, 90.0),
    log_radius=st.floats(math.log10(10.0), math.log10(5_000_000.0)),
)
# Around a pole, a vertex a hair from ±180 once left a two-point piece on the cut.
@example(lon=179.99999999999997, lat=-90.0, log_radius=1.0)
def test_any_zone_is_exact_valid_and_within_budget(lon, lat, log_radius):
    radius = 10.0**log_radius
    assert_good_zone(geodesic_ring((lon, lat), radius), (lon, lat), radius)


# --------------------------------------------------------------------------
# The checker itself
# --------------------------------------------------------------------------


def _fwd_ring(center: tuple[float, float], radius: float, n: int) -> dict:
    az = -np.arange(n) * 360.0 / n  # counter-clockwise
    lon, lat, _ = GEOD.fwd(np.full(n, center[0]), np.full(n, center[1]), az, np.full(n, radius))
    ring = np.column_stack([lon, lat]).tolist()
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


def test_drawn_error_catches_a_coarse_ring():
    # 16 vertices at 55 km: sagitta 55 km * (1 - cos(pi / 16)), about 1 km.
    error = drawn_error_m(_fwd_ring(AT_TANF, 55_000, 16), AT_TANF, 55_000)
    assert error == pytest.approx(55_000 * (1 - math.cos(math.pi / 16)), rel=0.02)


def test_drawn_error_catches_a_misplaced_ring():
    geometry = _fwd_ring(AT_TANF, 55_005, 2000)
    assert drawn_error_m(geometry, AT_TANF, 55_000) == pytest.approx(5.0, abs=0.01)


def test_drawn_error_catches_an_unsplit_antimeridian_edge():
    center = (179.9, -16.5)
    geometry = _fwd_ring(center, 300_000, 4000)  # lon jumps from +180 to -180
    assert drawn_error_m(geometry, center, 300_000) > 100_000


def test_drawn_error_measures_straight_lines_in_web_mercator():
    # Independent Web Mercator: a PROJ transformer, not geo's formulas.
    to_3857 = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    center, radius = (20.0, 70.0), 1_500_000.0
    geometry = _fwd_ring(center, radius, 7)
    ring = np.array(geometry["coordinates"][0])
    x, y = to_3857.transform(ring[:, 0], ring[:, 1])
    mid_lon, mid_lat = to_3857.transform(
        (x[:-1] + x[1:]) / 2, (y[:-1] + y[1:]) / 2, direction="INVERSE"
    )
    expected = np.max(np.abs(distances_from(center, np.column_stack([mid_lon, mid_lat])) - radius))
    # Two samples per edge: each vertex and each midpoint.
    assert drawn_error_m(geometry, center, radius, samples_per_edge=2) == pytest.approx(
        expected, rel=1e-9
    )
    # Straight lines in longitude/latitude would be a different (wrong) answer.
    plate_mid = (ring[:-1] + ring[1:]) / 2
    plate = np.max(np.abs(distances_from(center, plate_mid) - radius))
    assert abs(plate - expected) > 1_000


def test_drawn_error_ignores_only_the_artificial_edges(named_zones):
    geometry = named_zones["200 km North Pole"]
    assert drawn_error_m(geometry, (0.0, 89.5), 200_000) <= 1.0
    # The same edges measured against a wrong radius are all off by the difference:
    # every real edge is still measured.
    assert drawn_error_m(geometry, (0.0, 89.5), 200_100) >= 99.0


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("radius", "shown"),
    [
        (-5.0, "-5.0"),
        (0.0, "0.0"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (MAX_RADIUS_M + 1, "20003932.0"),
        ("wide", "'wide'"),
    ],
)
def test_bad_radius_raises_radius_error_naming_it(radius, shown):
    with pytest.raises(RadiusError) as err:
        geodesic_ring(AT_TANF, radius)
    message = str(err.value)
    assert "\n" not in message and shown in message
    assert isinstance(err.value, GeoError) and isinstance(err.value, ValueError)
    with pytest.raises(RadiusError):
        check_radius(radius)


@pytest.mark.parametrize(
    ("center", "shown"),
    [
        ((38.6, 91.0), "91.0"),
        ((200.0, 33.5), "200.0"),
        ((38.6, float("nan")), "nan"),
        ((float("-inf"), 0.0), "-inf"),
        ((-180.5, 0.0), "-180.5"),
    ],
)
def test_bad_centre_raises_coordinate_error_naming_it(center, shown):
    with pytest.raises(CoordinateError) as err:
        geodesic_ring(center, 55_000)
    message = str(err.value)
    assert "\n" not in message and shown in message
    with pytest.raises(CoordinateError):
        check_center(*center)


def test_valid_centre_is_returned_as_floats():
    assert check_center(180, -90) == (180.0, -90.0)
    assert check_radius(MAX_RADIUS_M) == MAX_RADIUS_M


@pytest.mark.parametrize("tolerance", [0.0, -1.0, float("nan"), 1e-10, 0.01])
def test_tolerance_must_be_at_least_what_geojson_keeps(tolerance):
    # Below about 2 cm the 1e-7 degree rounding of the output would undo it.
    with pytest.raises(RadiusError, match="tolerance .* at least 0.02 m"):
        geodesic_ring(AT_TANF, 55_000, tolerance_m=tolerance)


def test_centres_and_radii_must_pair_up():
    with pytest.raises(ValueError, match="2 centres but 1 radii"):
        geodesic_rings([AT_TANF, AT_TANF], [55_000])
    assert geodesic_rings([], []) == []


# --------------------------------------------------------------------------
# Vectorisation and the GeoJSON contract
# --------------------------------------------------------------------------


def _count_fwd_calls(monkeypatch) -> list[int]:
    sizes: list[int] = []
    real_fwd = pyproj.Geod.fwd

    def counting_fwd(self, lons, *args, **kwargs):
        sizes.append(np.size(lons))
        return real_fwd(self, lons, *args, **kwargs)

    monkeypatch.setattr(pyproj.Geod, "fwd", counting_fwd)
    monkeypatch.setattr(zones_module, "_VERTICES", {})  # nothing remembered from other tests
    return sizes


def test_three_zones_take_at_most_two_fwd_calls(monkeypatch):
    sizes = _count_fwd_calls(monkeypatch)
    zones = geodesic_rings([AT_TANF, AT_TANF, (-74.0, 40.7)], [55_000, 54_717.696, 10])
    assert 1 <= len(sizes) <= 2
    # Every vertex came out of those calls: the calls were arrays, not points.
    assert sum(sizes) >= sum(len(circle_vertices(z)) for z in zones)


def test_fwd_calls_do_not_grow_with_the_number_of_zones(monkeypatch):
    sizes = _count_fwd_calls(monkeypatch)
    rng = np.random.default_rng(7)
    centers = list(zip(rng.uniform(-180, 180, 300), rng.uniform(-60, 60, 300), strict=True))
    zones = geodesic_rings(centers, [55_000.0] * 300)
    assert len(zones) == 300
    assert len(sizes) <= 3
    assert max(sizes) >= 300 * 500


def test_a_repeated_zone_is_remembered_and_handed_out_fresh(monkeypatch):
    sizes = _count_fwd_calls(monkeypatch)
    first = geodesic_rings([AT_TANF], [55_000])[0]
    calls = len(sizes)
    first["coordinates"][0][0][0] = 0.0  # a caller changing its copy
    again = geodesic_rings([AT_TANF, (-74.0, 40.7)], [55_000, 10])
    assert len(sizes) == calls + 1  # only the new zone was placed
    assert again[0] == geodesic_ring(AT_TANF, 55_000)
    assert again[0]["coordinates"][0][0][0] != 0.0
    assert drawn_error_m(again[0], AT_TANF, 55_000) <= 1.0


def test_remembered_zones_are_bounded(monkeypatch):
    monkeypatch.setattr(zones_module, "_VERTICES", {})
    centers = [(float(lon), 10.0) for lon in range(-150, 150)]
    geodesic_rings(centers, [1_000.0] * 300)
    assert len(zones_module._VERTICES) == zones_module._VERTICES_KEPT


def test_geodesic_ring_is_geodesic_rings_of_one():
    assert geodesic_ring(AT_TANF, 55_000) == geodesic_rings([AT_TANF], [55_000])[0]


def test_zone_geometry_meets_the_feature_contract(named_zones):
    collection = features.feature_collection(
        features.feature(g, {"kind": "zone", "radius_m": 1000.0, "center_lonlat": [0.0, 0.0]})
        for g in named_zones.values()
    )
    text = features.dumps(collection)
    again = features.loads(text)
    assert [f["geometry"]["type"] for f in again["features"]] == [
        g["type"] for g in named_zones.values()
    ]
    assert features.dumps(again) == text


@pytest.mark.parametrize("lon", [179.99999999999997, -179.99999999999997])
def test_tiny_zone_centred_a_hair_from_the_antimeridian_is_valid(lon):
    # Found by hypothesis: the two computed crossings of 180 differed in the last
    # bits and folded one part onto itself, or left a vertex a hair off the cut.
    geometry = geodesic_ring((lon, 0.0), 10.0)
    assert shape(geometry).is_valid
    assert drawn_error_m(geometry, (lon, 0.0), 10.0) <= 1.0
