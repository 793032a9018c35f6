"""The print map: formats, byte-identical output, text as text, layout helpers."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import pytest
import shapely

from geo.errors import InputFormatError, OutputError
from geo.features import feature, feature_collection, point
from geo.render import static_content, static_scale, static_view
from geo.render.basemap import countries_in
from geo.render.static import render_static, render_static_bytes
from geo.units import format_distance
from geo.zones import geodesic_ring
from tests.helpers import of_kind, seed_collection
from tests.test_export import HOSTILE, hostile_collection

TITLE = "At Tanf: zones and incidents, June 2017"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def seed_svg() -> bytes:
    return render_static_bytes(seed_collection(), "svg", title=TITLE)


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    return render_static_bytes(seed_collection(), "pdf", title=TITLE)


def svg_text(svg: bytes) -> str:
    """Return all the text drawn in an SVG, element by element, one per line."""
    root = ET.fromstring(svg)
    return "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_each_suffix_gives_its_format(tmp_path: Path, seed_svg: bytes, seed_pdf: bytes) -> None:
    png = render_static(seed_collection(), tmp_path / "map.png", title=TITLE)
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert seed_pdf.startswith(b"%PDF-")
    assert seed_svg.lstrip().startswith(b"<?xml") and b"<svg" in seed_svg[:1000]
    svg = render_static(seed_collection(), tmp_path / "MAP.SVG", title=TITLE)
    assert svg.read_bytes() == seed_svg
    assert sorted(os.listdir(tmp_path)) == ["MAP.SVG", "map.png"]  # no temporary files left


def test_svg_and_pdf_are_byte_identical_twice(seed_svg: bytes, seed_pdf: bytes) -> None:
    assert render_static_bytes(seed_collection(), "svg", title=TITLE) == seed_svg
    assert render_static_bytes(seed_collection(), "pdf", title=TITLE) == seed_pdf


def test_svg_shows_title_zone_labels_legend_scale_and_credits(seed_svg: bytes) -> None:
    text = svg_text(seed_svg)
    assert TITLE in text
    for zone in of_kind(seed_collection(), "zone"):
        props = zone["properties"]
        label = format_distance(props["radius_m"])
        document = props["sources"][0]["document"]
        assert f"{label} around At Tanf garrison — {document}" in text  # the legend
        assert label.split(" (")[0] in text.splitlines()  # on the ring
    assert "Sources differ: Around At Tanf garrison" in text
    assert "Incidents (6)" in text and "\n5\n" in f"\n{text}\n"  # five at At Tanf, one marker
    for name in ("At Tanf garrison", "Aleppo", "Baghdad"):
        assert name in text.splitlines()
    assert "km" in text.splitlines() and "true at 34.5° N" in text
    assert "Natural Earth" in text and "GeoNames" in text and "CC BY 4.0" in text
    assert "000_bfb0a29499321356.txt" in text and "foreignpolicy" in text


def test_geonames_credit_only_when_a_geonames_place_is_shown() -> None:
    collection = feature_collection(
        [
            feature(
                point(38.6, 33.5),
                {
                    "kind": "place",
                    "name": "Somewhere",
                    "gazetteer_id": "geo:somewhere",
                    "mentions": [],
                },
            )
        ]
    )
    assert "GeoNames" not in static_content.attribution(collection)
    assert "Natural Earth" in static_content.attribution(collection)


def test_hostile_text_is_drawn_as_text_only() -> None:
    svg = render_static_bytes(hostile_collection(), "svg", title=f"Title{HOSTILE}")
    # Parses although the text holds a NUL, "]]>" and markup; none of it becomes markup.
    text = svg_text(svg)
    assert b"<img" not in svg and b"<script" not in svg
    assert 'Title<img src=x onerror="alert(1)">]]><script>' in " ".join(text.split())
    assert "$\\frac{1}{$" in text  # mathtext is off: shown as typed, no error
    assert render_static_bytes(hostile_collection(), "pdf", title=HOSTILE).startswith(b"%PDF-")


def test_render_leaves_matplotlib_settings_alone() -> None:
    before = dict(matplotlib.rcParams)
    render_static_bytes(hostile_collection(), "png", title="x")
    assert dict(matplotlib.rcParams) == before
    if "matplotlib.pyplot" in __import__("sys").modules:
        import matplotlib.pyplot as plt

        assert plt.get_fignums() == []  # no figure left in pyplot's registry


def test_unknown_suffix_is_one_line_output_error(tmp_path: Path) -> None:
    target = tmp_path / "map.jpg"
    with pytest.raises(OutputError) as info:
        render_static(seed_collection(), target, title=TITLE)
    assert "\n" not in str(info.value) and ".jpg" in str(info.value)
    assert not target.exists()


def test_invalid_collection_is_an_input_format_error(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError):
        render_static({"type": "FeatureCollection", "features": [1]}, tmp_path / "x.png", title="x")
    assert os.listdir(tmp_path) == []


def test_empty_collection_gives_a_world_map() -> None:
    text = svg_text(render_static_bytes(feature_collection([]), "svg", title="Nothing"))
    assert "Nothing" in text and "Natural Earth" in text


def test_a_zone_across_the_antimeridian_is_drawn_beside_its_centre() -> None:
    ring = geodesic_ring((179.5, -17.0), 100_000.0)
    assert ring["type"] == "MultiPolygon"
    collection = feature_collection(
        [
            feature(
                ring,
                {
                    "kind": "zone",
                    "center": "Sea",
                    "center_lonlat": [179.5, -17.0],
                    "radius_m": 100_000.0,
                },
            )
        ]
    )
    zone = static_content.drawn_zones(collection)[0]
    west, _, east, _ = zone.geometry.bounds
    # One ring about 200 km wide in Web Mercator, not two halves a world apart.
    assert zone.geometry.geom_type == "Polygon"
    assert 200_000 < east - west < 230_000
    assert "100 km" in svg_text(render_static_bytes(collection, "svg", title="x"))


def test_view_fits_the_content_with_a_margin_at_a_page_aspect() -> None:
    (x0, y0, x1, y1), aspect = static_view.view_box((0.0, 0.0, 1000.0, 100.0))
    assert x0 < 0 and x1 > 1000 and y0 < 0 and y1 > 100
    assert (y1 - y0) / (x1 - x0) == pytest.approx(aspect) == static_view.MAP_ASPECT_RANGE[0]
    x, y = static_view.to_mercator(38.61778, 33.50583)
    assert static_view.to_lonlat(x, y) == pytest.approx((38.61778, 33.50583))
    # Web Mercator's x is linear in longitude, also past 180 degrees.
    assert static_view.to_mercator(181.0, 0.0)[0] > static_view.to_mercator(179.0, 0.0)[0]


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (1.0, 1.0),
        (74_000.0, 50_000.0),
        (150_000.0, 100_000.0),
        (2_500.0, 2_000.0),
    ],
)
def test_scale_bar_takes_a_round_length(limit: float, expected: float) -> None:
    assert static_scale.nice_length(limit) == expected


def test_incidents_at_one_spot_share_one_marker_with_a_count() -> None:
    spots = static_content.incident_spots(seed_collection())
    assert sorted(s.count for s in spots) == [1, 5]
    assert {s.label for s in spots} == {"At Tanf garrison", "Aleppo"}


def test_places_are_projected_where_the_countries_are() -> None:
    # The place dot and the basemap meet in the same projection: At Tanf lies in Syria.
    countries = countries_in((38.0, 33.0, 39.0, 34.0))
    syria = next(f for f in countries["features"] if f["properties"]["iso_n3"] == "760")
    projected = static_view.mercator(shapely.geometry.shape(syria["geometry"]))
    at_tanf = static_content.place_spots(seed_collection())
    xy = next(s.xy for s in at_tanf if s.label == "At Tanf garrison")
    assert projected.contains(shapely.Point(xy))
