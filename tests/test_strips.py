"""Zones along a border: the strip within a distance of the line, to 0.1 % as drawn."""

import math
import random

import numpy as np
import pytest
import shapely.geometry
from pyproj import Geod

from geo.strips import (
    border_between,
    border_name,
    country_shape,
    geodesic_strip,
    has_border,
)

GEOD = Geod(ellps="WGS84")


def distance_to_line_m(lon: float, lat: float, border: dict, step_m: float = 100.0) -> float:
    """Return the geodesic distance from a point to a line, the line sampled every ``step_m``."""
    lines = (
        border["coordinates"] if border["type"] == "MultiLineString" else [border["coordinates"]]
    )
    best = math.inf
    for line in lines:
        for a, b in zip(line, line[1:], strict=False):
            length = GEOD.inv(a[0], a[1], b[0], b[1])[2]
            n = max(1, math.ceil(length / step_m))
            points = GEOD.npts(a[0], a[1], b[0], b[1], n - 1) if n > 1 else []
            samples = [tuple(a), *points, tuple(b)]
            xs = np.array([p[0] for p in samples])
            ys = np.array([p[1] for p in samples])
            d = GEOD.inv(np.full(len(xs), lon), np.full(len(ys), lat), xs, ys)[2]
            best = min(best, float(np.min(d)))
    return best


def outer_vertices(geometry: dict) -> list[tuple[float, float]]:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [tuple(p) for polygon in polygons for p in polygon[0]]


def test_borders_are_the_lines_neighbours_share():
    assert has_border("SY", "JO") and has_border("jo", "sy")
    assert not has_border("SY", "EG") and border_between("SY", "EG") is None
    assert border_name("TR", "SY") == "Turkey–Syria border"
    line = shapely.geometry.shape(border_between("SY", "JO"))
    syria = shapely.geometry.shape(country_shape("SY"))
    jordan = shapely.geometry.shape(country_shape("JO"))
    # The line lies on both countries' edges (the polygons are the same 1:50m data).
    assert line.distance(syria.boundary) < 0.01 and line.distance(jordan.boundary) < 0.01
    assert 300_000 < GEOD.geometry_length(line) < 450_000


@pytest.mark.parametrize(
    ("a", "b", "width_m"),
    [("SY", "JO", 32_000.0), ("UA", "BY", 15_000.0), ("LB", "IL", 3_000.0), ("IN", "PK", 25_000.0)],
)
def test_the_strip_edge_is_the_width_from_the_line_within_a_thousandth(a, b, width_m):
    border = border_between(a, b)
    strip = geodesic_strip(border, width_m)
    shape = shapely.geometry.shape(strip)
    assert shape.is_valid
    # The outer edge: vertices away from the line's two ends, where the strip is rounded.
    random.seed(7)
    vertices = outer_vertices(strip)
    distances = [
        distance_to_line_m(x, y, border, step_m=width_m / 400)
        for x, y in random.sample(vertices, min(40, len(vertices)))
    ]
    assert min(distances) >= width_m * 0.999 - 2 * width_m / 400
    assert max(distances) <= width_m * 1.001


def test_a_strip_inside_one_country_keeps_its_side():
    border = border_between("SY", "JO")
    both = shapely.geometry.shape(geodesic_strip(border, 20_000.0))
    syrian = shapely.geometry.shape(geodesic_strip(border, 20_000.0, inside=country_shape("SY")))
    syria = shapely.geometry.shape(country_shape("SY"))
    assert syrian.intersection(syria).area / syrian.area > 0.97
    assert 0.4 < syrian.area / both.area < 0.6
