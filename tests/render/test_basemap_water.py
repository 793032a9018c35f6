"""The basemap anywhere: 1:10m near the data, rivers, lakes and seas with their names.

Each test would fail if the map went back to a blank field around Zaporizhzhia,
lost its water, or grew past its stated size.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape

from geo.features import feature, feature_collection, point
from geo.render import render_html
from geo.render.basemap import lake_labels, lakes_in, river_labels, rivers_in, seas_in
from geo.render.static import render_static_bytes
from geo.render.style import BORDER_COLOUR, LAND_COLOUR, RIVER_COLOUR, WATER_COLOUR
from tests.helpers import ROOT, seed_collection
from tests.render import browser
from tests.render.test_html import collection, data_block
from tests.render.test_static import svg_text

ZAPORIZHZHIA = (35.1, 47.5)  # lon, lat: on the Dnipro, below the city
BLACK_SEA = (33.0, 43.5)
# A map of one place stays within this (about 520 KB today: 180 KB of scripts,
# the coarse world and the region at 1:10m); the seed map within the second (590 KB).
ONE_PLACE_PAGE_BYTES = 600_000
SEED_PAGE_BYTES = 700_000


def one_place(lon: float, lat: float, name: str = "Somewhere") -> dict:
    return feature_collection(
        [
            feature(
                point(lon, lat),
                {
                    "kind": "place",
                    "name": name,
                    "country": None,
                    "gazetteer_id": None,
                    "mentions": [],
                },
            )
        ]
    )


@pytest.fixture(scope="module")
def zaporizhzhia_page() -> str:
    return render_html(one_place(*ZAPORIZHZHIA, "Zaporizhzhia"))


def _water_names(basemap: dict, kind: int) -> set[str]:
    return {w[3] for w in basemap["water"] if w[4] == kind}


def test_zaporizhzhia_has_the_dnipro_and_its_country_at_10m(zaporizhzhia_page: str) -> None:
    basemap = data_block(zaporizhzhia_page, "basemap")
    assert basemap["scale"] == "10m"
    detail = basemap["layers"][1]["features"]
    ukraine = [f for f in detail if f["properties"].get("name") == "Ukraine"]
    assert ukraine and shape(ukraine[0]["geometry"]).contains(Point(*ZAPORIZHZHIA))
    # Land borders at 1:10m (or finer than 1:50m's step) reach the view: Russia's too.
    assert {"Ukraine", "Russia"} <= {f["properties"].get("name") for f in detail}
    borders = [f for f in detail if "LineString" in f["geometry"]["type"]]
    assert borders
    # The Dnipro runs through the view and is named there, turned along its course.
    rivers = shapely.union_all([shape(f["geometry"]) for f in basemap["rivers"]])
    assert rivers.distance(Point(*ZAPORIZHZHIA)) < 0.15
    names = [w for w in basemap["water"] if w[4] == 2 and w[3] == "Dnipro"]
    assert names and all(-90 < w[5] <= 90 for w in names)
    assert min(abs(w[0] - ZAPORIZHZHIA[1]) + abs(w[1] - ZAPORIZHZHIA[0]) for w in names) < 0.6
    # Reservoirs upstream are water; the Kakhovka one, drained since 2023, is not.
    assert "Kremenchuk Reservoir" in _water_names(basemap, 1)
    assert not any("Kakhovka" in w[3] for w in basemap["water"])
    assert basemap["lakes"] and all("Polygon" in f["geometry"]["type"] for f in basemap["lakes"])
    assert "Sea of Azov" in _water_names(basemap, 0)


def test_the_page_carries_only_the_view_and_stays_small(zaporizhzhia_page: str) -> None:
    basemap = data_block(zaporizhzhia_page, "basemap")
    # Detail, lakes and rivers are clipped to the box around the data (plus margin).
    for layer in (basemap["layers"][1]["features"], basemap["lakes"], basemap["rivers"]):
        west, south, east, north = shapely.union_all([shape(f["geometry"]) for f in layer]).bounds
        assert 31.5 <= west and east <= 38.7 and 43.9 <= south and north <= 51.1
    assert len(zaporizhzhia_page.encode("utf-8")) < ONE_PLACE_PAGE_BYTES
    seed = render_html(seed_collection())
    assert len(seed.encode("utf-8")) < SEED_PAGE_BYTES


def test_a_black_sea_map_names_the_black_sea() -> None:
    basemap = data_block(render_html(one_place(*BLACK_SEA)), "basemap")
    seas = _water_names(basemap, 0)
    assert "Black Sea" in seas
    # The oceans are named on the whole world, for the reader who zooms out.
    assert {"Indian Ocean", "North Atlantic Ocean", "Mediterranean Sea"} <= seas
    assert seas_in((28.0, 40.0, 42.0, 47.0))[0][3] == "Black Sea"  # the largest first


def test_a_close_map_of_a_strait_names_the_water_in_view() -> None:
    # The Red Sea's own point is 5 degrees north of the Bab el Mandeb: the first view
    # gets the name where its water is, and the strait is named however small.
    basemap = data_block(render_html(one_place(43.4, 12.6)), "basemap")
    near = {w[3]: w for w in basemap["near"]}
    assert "Red Sea" in near and abs(near["Red Sea"][0] - 12.6) < 0.5
    assert any(w[3] == "Bab el Mandeb" and w[5] == 1 for w in basemap["water"])
    text = svg_text(render_static_bytes(one_place(43.4, 12.6), "svg", title="t"))
    assert "Red Sea" in text and "Gulf of Aden" in text
    text = svg_text(render_static_bytes(one_place(43.35, 12.3), "svg", title="t"))
    assert "Bab el Mandeb" in text


def test_a_middle_east_map_keeps_its_look() -> None:
    page = render_html(collection())  # zones and places around Damascus
    basemap = data_block(page, "basemap")
    assert basemap["style"]["land"] == LAND_COLOUR == "#f3f1ec"
    assert basemap["style"]["border"] == BORDER_COLOUR == "#9a9a9a"
    assert basemap["style"]["water"] == WATER_COLOUR == "#e4eef5"
    assert basemap["style"]["river"] == RIVER_COLOUR
    coarse, detail = basemap["layers"]
    assert {"Syria", "Lebanon", "Jordan", "Israel"} <= {
        f["properties"].get("name") for f in detail["features"]
    }
    assert "Brazil" in {f["properties"].get("name") for f in coarse["features"]}
    assert "Syria" in {lab[3] for lab in basemap["labels"]}
    # Water joins the countries: the Mediterranean, the Jordan, the Sea of Galilee.
    assert "Mediterranean Sea" in _water_names(basemap, 0)
    assert "Jordan" in _water_names(basemap, 2)
    assert {"Sea of Galilee", "Dead Sea"} <= _water_names(basemap, 1)
    # The seed map (At Tanf to Baghdad) is wide enough for 1:50m, with the Euphrates.
    seed = data_block(render_html(seed_collection()), "basemap")
    assert seed["scale"] == "50m"
    assert {"Euphrates", "Tigris"} <= _water_names(seed, 2)


def test_names_from_the_data_files_reach_the_page_as_json_strings_only() -> None:
    page = render_html(one_place(*ZAPORIZHZHIA))
    block = re.search(r'class="geo-data-basemap">(.*?)</script>', page, re.S)
    assert block and "<" not in block[1] and "</" not in block[1]
    # The map's script puts the names on screen as text, never as markup.
    script = (ROOT / "geo" / "render" / "js" / "map.js").read_text(encoding="utf-8")
    water = script[script.index("function waterItems") : script.index("function waterFits")]
    assert 'el("span", null, w[3])' in water and "innerHTML" not in water


def test_river_and_lake_labels_sit_on_their_water() -> None:
    box = (32.0, 44.0, 38.0, 50.0)
    rivers = rivers_in(box)
    course = shapely.union_all([shape(f["geometry"]) for f in rivers["features"]])
    for lat, lon, angle, length, name in river_labels(rivers, spacing_deg=1.0):
        assert course.distance(Point(lon, lat)) < 1e-3, name  # on it, to the rounding
        assert -90 < angle <= 90 and length >= 0.3
    lakes = lakes_in(box)
    water = shapely.union_all([shape(f["geometry"]) for f in lakes["features"]])
    for lat, lon, _, name in lake_labels(lakes):
        assert water.contains(Point(lon, lat)), name


def test_a_wide_view_keeps_only_the_large_rivers_and_lakes() -> None:
    near = {f["properties"]["rank"] for f in rivers_in((30.0, 44.0, 40.0, 52.0))["features"]}
    wide = {f["properties"]["rank"] for f in rivers_in((-20.0, 0.0, 80.0, 70.0))["features"]}
    assert max(wide) <= 3 < max(near)
    assert max(f["properties"]["rank"] for f in lakes_in((-20.0, 0.0, 80.0, 70.0))["features"]) <= 3


def test_the_print_map_draws_and_names_the_water() -> None:
    places = [
        feature(
            point(*lonlat),
            {"kind": "place", "name": name, "country": "UA", "gazetteer_id": None, "mentions": []},
        )
        for name, lonlat in (
            ("Zaporizhzhia", (35.14, 47.84)),
            ("Henichesk", (34.82, 46.17)),
            ("Mariupol", (37.55, 47.1)),
        )
    ]
    svg = render_static_bytes(feature_collection(places), "svg", title="t").decode("utf-8")
    assert RIVER_COLOUR in svg  # rivers and lake shores
    text = svg_text(svg.encode("utf-8"))
    assert "Dnipro" in text and "Sea of Azov" in text


@pytest.mark.slow
def test_the_browser_shows_the_river_and_sea_names_clear_of_the_towns(tmp_path: Path) -> None:
    page = render_html(one_place(35.1, 46.9, "Vasylivka"))  # the Dnipro and the Sea of Azov
    probe = (
        """
    var api = document.querySelector('.geo-root').geoMap;
    api.map.setView([46.6, 35.5], 7, {animate: false});
    function boxes(sel) {
      return Array.prototype.map.call(document.querySelectorAll(sel), function (e) {
        var r = e.getBoundingClientRect();
        return {text: e.textContent, l: r.left, t: r.top, r: r.right, b: r.bottom};
      });
    }
    var water = boxes('.geo-water-label span'), towns = boxes('.geo-town-name'), found = [];
    water.forEach(function (w) {
      towns.forEach(function (t) {
        if (w.l < t.r && t.l < w.r && w.t < t.b && t.t < w.b) { found.push([w.text, t.text]); }
      });
    });
    var rivers = Array.prototype.filter.call(document.querySelectorAll('path'), function (p) {
      return p.getAttribute('stroke') === '"""
        + RIVER_COLOUR
        + """';
    });
    return {water: water.map(function (w) { return w.text; }), overlaps: found,
            towns: towns.length, riverPaths: rivers.length};
    """
    )
    probe_result, _ = browser.run_probe(tmp_path / "water.html", page, probe, delay_ms=500)
    assert probe_result["errors"] == []
    result = probe_result["result"]
    assert "Dnipro" in result["water"] and "Sea of Azov" in result["water"]
    assert result["riverPaths"] >= 2 and result["towns"] >= 3
    assert result["overlaps"] == []
