"""Print maps for reports: a page of fixed size, a locator inset, names, legend, density.

Checked by what was drawn (the figure's artists and the layout the renderer
returns), not by pixels.
"""

from __future__ import annotations

import struct

import pytest
from matplotlib.patches import Rectangle

from geo.errors import PageError
from geo.features import feature, feature_collection, point
from geo.relations import relate
from geo.render.static import print_layout, render_static_bytes
from geo.render.static_map import DENSITY_MIN_INCIDENTS, incident_radius_pt
from geo.render.static_page import parse_bounds, parse_page
from tests.helpers import seed_collection

A4_LANDSCAPE = parse_page("A4", None, "landscape")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def incidents(spots: list[tuple[float, float, int]], event_type: str = "Battles") -> dict:
    """Return a collection of ``count`` incidents at each ``(lon, lat, count)``."""
    features = [
        feature(
            point(lon, lat),
            {
                "kind": "incident",
                "event_type": event_type,
                "sub_event_type": "Armed clash",
                "date": "2024-03-04",
            },
        )
        for lon, lat, count in spots
        for _ in range(count)
    ]
    return relate(feature_collection(features))


@pytest.fixture(scope="module")
def seed_page():
    return print_layout(relate(seed_collection()), title="Seeds", page=A4_LANDSCAPE)


def test_a4_landscape_at_300_dpi_is_exactly_3508_by_2480_pixels() -> None:
    data = render_static_bytes(incidents([(38.6, 33.5, 1)]), "png", title="t", page=A4_LANDSCAPE)
    assert png_size(data) == (3508, 2480)


@pytest.mark.parametrize(
    ("size", "dpi", "orientation", "pixels"),
    [
        ("A4", None, "portrait", (2480, 3508)),
        ("letter", "150", "portrait", (1275, 1650)),
        ("A3", "100", "landscape", (1654, 1169)),
        ("1600x900px", None, None, (1600, 900)),
        ("180x120mm", None, "portrait", (1417, 2126)),
    ],
)
def test_every_size_gives_its_pixels(size, dpi, orientation, pixels) -> None:
    page = parse_page(size, dpi, orientation)
    assert (page.width_px, page.height_px) == pixels
    layout = print_layout(incidents([(38.6, 33.5, 1)]), title="t", page=page)
    canvas = layout.figure.canvas
    assert canvas.get_width_height() == pixels


def test_a_paper_page_turns_to_the_shape_of_the_map() -> None:
    tall = incidents([(38.0, 30.0, 1), (38.5, 37.0, 1)])  # north to south
    wide = incidents([(35.0, 33.0, 1), (44.0, 33.5, 1)])  # west to east
    upright = print_layout(tall, title="t", page=parse_page("A4"))
    flat = print_layout(wide, title="t", page=parse_page("A4"))
    assert upright.figure.canvas.get_width_height() == (2480, 3508)
    assert flat.figure.canvas.get_width_height() == (3508, 2480)


def test_the_seed_page_has_an_inset_showing_the_maps_extent(seed_page) -> None:
    inset = seed_page.drawn.inset
    assert inset is not None
    extent = [p for p in inset.patches if isinstance(p, Rectangle)]
    assert len(extent) == 1
    x0, y0, x1, y1 = seed_page.view
    assert extent[0].get_xy() == pytest.approx((x0, y0))
    assert extent[0].get_width() == pytest.approx(x1 - x0)
    # The inset shows a wider region around the map, with its countries.
    (ix0, ix1), (iy0, iy1) = inset.get_xlim(), inset.get_ylim()
    assert ix0 < x0 and x1 < ix1 and iy0 < y0 and y1 < iy1
    assert inset.collections, "the region's countries are drawn"
    # On a landscape page it sits beside the map, covering none of it.
    renderer = seed_page.figure.canvas.get_renderer()
    map_box = seed_page.map_ax.get_window_extent(renderer)
    assert not map_box.overlaps(inset.get_window_extent(renderer))


def test_the_seed_page_names_places_and_towns(seed_page) -> None:
    places = {t.get_text() for t in seed_page.drawn.place_labels}
    assert {"At Tanf garrison", "Baghdad", "Aleppo"} <= places
    towns = {t.get_text() for t in seed_page.drawn.town_labels}
    assert len(towns) >= 5 and "Homs" in towns
    assert not towns & places  # a town the data names is named once
    # Names of towns come from GeoNames: the credits say so.
    credits = [t.get_text() for t in seed_page.figure.texts if "Natural Earth" in t.get_text()]
    assert "GeoNames" in credits[0]


def test_the_seed_page_legend_lists_zones_and_types_beside_the_map(seed_page) -> None:
    legend = seed_page.legend
    assert legend is not None
    labels = [t.get_text().replace("\n", " ") for t in legend.get_texts()]
    assert any(label.startswith("54.7 km (34 mi) around At Tanf") for label in labels)
    assert "air strike (3)" in labels and "shoot-down (1)" in labels
    renderer = seed_page.figure.canvas.get_renderer()
    map_box = seed_page.map_ax.get_window_extent(renderer)
    legend_box = legend.get_window_extent(renderer)
    assert not map_box.overlaps(legend_box), "the legend covers none of the map"
    assert legend_box.y0 >= 0 and legend_box.x1 <= seed_page.figure.bbox.width


def test_incidents_at_one_spot_are_one_symbol_sized_by_their_count() -> None:
    layout = print_layout(
        incidents([(38.6, 33.5, 7), (39.5, 34.0, 1), (40.0, 33.0, 30)]),
        title="t",
        page=A4_LANDSCAPE,
    )
    assert sorted(layout.drawn.stacked) == [
        (7, incident_radius_pt(7)),
        (30, incident_radius_pt(30)),
    ]
    assert incident_radius_pt(1) < incident_radius_pt(7) < incident_radius_pt(30)
    numbers = {t.get_text() for t in layout.map_ax.texts}
    assert {"7", "30"} <= numbers
    assert layout.drawn.density is None


def test_thousands_of_incidents_are_hexagons_not_dots() -> None:
    grid = [(36.0 + (k % 30) * 0.25, 32.0 + (k // 30) * 0.2, 4) for k in range(300)]
    layout = print_layout(incidents(grid), title="t", page=A4_LANDSCAPE)
    density = layout.drawn.density
    assert density is not None and density.hexagons is not None
    assert density.hexagons.get_array().sum() == 1200  # every incident is in a hexagon
    assert not layout.drawn.stacked  # no markers under the hexagons
    labels = [t.get_text() for t in layout.legend.get_texts()]
    assert labels[0] == "Incidents (1,200) per hexagon:"
    assert "Battles (1,200)" in labels
    # One fewer incident than the threshold: markers, each counted.
    fewer = [(lon, lat, 3) for lon, lat, _ in grid[:-1]]
    fewer.append((grid[-1][0], grid[-1][1], DENSITY_MIN_INCIDENTS - 1 - 299 * 3))
    assert sum(c for *_, c in fewer) == DENSITY_MIN_INCIDENTS - 1
    below = print_layout(incidents(fewer), title="t", page=A4_LANDSCAPE)
    assert below.drawn.density is None and len(below.drawn.stacked) == 300


def test_bounds_set_the_extent() -> None:
    collection = incidents([(38.6, 33.5, 1)])
    layout = print_layout(collection, title="t", page=A4_LANDSCAPE, bounds=(30, 25, 50, 40))
    from geo.render.static_view import lonlat_box

    west, south, east, north = lonlat_box(layout.view)
    hair = 1e-9  # degrees back from Mercator are a hair off
    assert west <= 30.0 + hair and east >= 50.0 - hair
    assert south <= 25.0 + hair and north >= 40.0 - hair
    # Grown on one axis only, to the map's shape: the other is exact.
    assert (west, east) == pytest.approx((30.0, 50.0)) or (south, north) == pytest.approx(
        (25.0, 40.0)
    )


@pytest.mark.parametrize(
    ("size", "dpi", "orientation", "said"),
    [
        ("B7", None, None, "--size 'B7'"),
        ("A4", "-3", None, "--dpi '-3'"),
        ("A4", "3.5", None, "--dpi '3.5'"),
        ("A4", None, "sideways", "--orientation 'sideways'"),
        ("2000x20000px", None, None, "too large"),
    ],
)
def test_bad_page_values_are_named(size, dpi, orientation, said) -> None:
    with pytest.raises(PageError, match=said):
        parse_page(size, dpi, orientation)


@pytest.mark.parametrize("text", ["1,2,3", "a,b,c,d", "0,50,10,40", "0,0,0,10", "200,0,210,10"])
def test_bad_bounds_are_named(text) -> None:
    with pytest.raises(PageError, match=f"--bounds '{text}'"):
        parse_bounds(text)


def test_bounds_across_the_antimeridian_run_east_past_180() -> None:
    assert parse_bounds("170,-20,-170,0") == (170.0, -20.0, 190.0, 0.0)
