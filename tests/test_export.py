"""Exports: GeoJSON, GeoPackage, KML and CSV from the seed extraction and from hostile text."""

from __future__ import annotations

import csv
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pyogrio
import pytest

from geo.errors import InputFormatError, OutputError
from geo.export import export
from geo.features import dumps, feature, feature_collection, loads, point
from tests.helpers import of_kind, seed_collection

KML = "{http://www.opengis.net/kml/2.2}"
HOSTILE = (
    '<img src=x onerror="alert(1)">]]><script>alert(2)</script>&amp;'
    "=HYPERLINK(\"http://x\") $\\frac{1}{$ \x00\x07 'q'"
)


def _span(doc: str, text: str) -> dict:
    return {"document": doc, "text": text, "start": 0, "end": len(text)}


def hostile_collection(x: str = HOSTILE) -> dict:
    """Return a small collection with ``x`` in every text field and every geometry type."""
    square = [[38.0, 33.0], [39.0, 33.0], [39.0, 34.0], [38.0, 34.0], [38.0, 33.0]]
    hole = [[38.4, 33.4], [38.4, 33.6], [38.6, 33.6], [38.6, 33.4], [38.4, 33.4]]
    east = [[179.0, -17.0], [180.0, -17.0], [180.0, -16.0], [179.0, -16.0], [179.0, -17.0]]
    west = [[-180.0, -17.0], [-179.0, -17.0], [-179.0, -16.0], [-180.0, -16.0], [-180.0, -17.0]]
    source = _span(f"doc{x}.txt", f"A sentence{x}.")
    return feature_collection(
        [
            feature(
                {"type": "Polygon", "coordinates": [square, hole]},
                {
                    "kind": "zone",
                    "center": f"Centre{x}",
                    "center_lonlat": [38.5, 33.5],
                    "radius_m": 55_000.0,
                    "reported": {"value": 55, "unit": "km", "text": x},
                    "sources": [source],
                },
            ),
            feature(
                {"type": "MultiPolygon", "coordinates": [[east], [west]]},
                {
                    "kind": "zone",
                    "center": f"Fiji{x}",
                    "center_lonlat": [180.0, -16.5],
                    "radius_m": 100_000.0,
                    "sources": [],
                },
            ),
            feature(
                point(38.61778, 33.50583),
                {
                    "kind": "incident",
                    "date": "2017-06",
                    "date_precision": "month",
                    "event_type": f"air strike{x}",
                    "place": f"Here{x}",
                    "summary": f"Summary{x}",
                    "sources": [source],
                },
            ),
            feature(
                point(38.61778, 33.50583),
                {
                    "kind": "place",
                    "name": f"Here{x}",
                    "country": "SY",
                    "gazetteer_id": "geonames:1",
                    "mentions": [source, source],
                },
            ),
            feature(
                None,
                {
                    "kind": "place",
                    "name": f"Land{x}",
                    "place_type": "country",
                    "gazetteer_id": None,
                    "mentions": [source],
                },
            ),
        ],
        geo={
            "documents": [{"id": f"doc{x}.txt"}],
            "attribution": [f"Credit{x}"],
            "findings": [{"center": "c", "agree": False, "text": f"Finding{x}"}],
        },
    )


@pytest.fixture(scope="module")
def seed_exports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    collection = seed_collection()
    return {
        ext: export(collection, folder / f"seed.{ext}") for ext in ("geojson", "gpkg", "kml", "csv")
    }


@pytest.fixture(scope="module")
def hostile_exports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    collection = hostile_collection()
    return {
        ext: export(collection, folder / f"hostile.{ext}", title=f"Title{HOSTILE}")
        for ext in ("geojson", "gpkg", "kml", "csv")
    }


def _counts(collection: dict) -> dict[str, int]:
    return {kind: len(of_kind(collection, kind)) for kind in ("place", "zone", "incident")}


# --------------------------------------------------------------------------
# GeoJSON
# --------------------------------------------------------------------------


def test_geojson_is_the_contract(seed_exports) -> None:
    text = seed_exports["geojson"].read_text(encoding="utf-8")
    assert text == dumps(seed_collection(), indent=1)
    assert loads(text)["features"] == json.loads(dumps(seed_collection()))["features"]


# --------------------------------------------------------------------------
# GeoPackage
# --------------------------------------------------------------------------


def test_gpkg_has_one_layer_per_kind_with_every_feature(seed_exports) -> None:
    path = seed_exports["gpkg"]
    layers = {name: gtype for name, gtype in pyogrio.list_layers(path)}
    assert layers == {"places": "Point", "zones": "MultiPolygon", "incidents": "Point"}
    counts = _counts(seed_collection())
    for layer, kind in (("places", "place"), ("zones", "zone"), ("incidents", "incident")):
        assert pyogrio.read_info(path, layer=layer)["features"] == counts[kind]


def test_gpkg_keeps_radius_nested_sources_and_null_geometries(seed_exports) -> None:
    path = seed_exports["gpkg"]
    zones = pyogrio.read_dataframe(path, layer="zones")
    expected = sorted(f["properties"]["radius_m"] for f in of_kind(seed_collection(), "zone"))
    assert sorted(zones["radius_m"]) == pytest.approx(expected)
    assert str(zones.crs).upper().endswith("4326")
    sources = json.loads(zones["sources"][0])
    assert sources[0]["document"].endswith(".txt") and "text" in sources[0]
    places = pyogrio.read_dataframe(path, layer="places")
    syria = places[places["name"] == "Syria"]
    assert len(syria) == 1 and syria.geometry.iloc[0] is None  # a country: no point, kept
    mentions = json.loads(places[places["name"] == "Aleppo"]["mentions"].iloc[0])
    assert mentions[0]["text"] == "Aleppo"


def test_gpkg_of_hostile_text_keeps_it_as_data(hostile_exports) -> None:
    places = pyogrio.read_dataframe(hostile_exports["gpkg"], layer="places")
    # All of it: a NUL (which would end the text in SQLite) is replaced, not a cut.
    assert places["name"].iloc[0] == f"Here{HOSTILE}".replace("\x00", "\ufffd")
    zones = pyogrio.read_dataframe(hostile_exports["gpkg"], layer="zones")
    # A polygon with a hole and one split at the antimeridian both survive.
    assert len(zones) == 2
    assert len(zones.geometry.iloc[0].geoms[0].interiors) == 1
    assert len(zones.geometry.iloc[1].geoms) == 2


def test_gpkg_of_an_empty_collection_has_empty_layers(tmp_path: Path) -> None:
    path = export(feature_collection([]), tmp_path / "empty.gpkg")
    assert sorted(name for name, _ in pyogrio.list_layers(path)) == ["incidents", "places", "zones"]
    assert pyogrio.read_info(path, layer="zones")["features"] == 0


# --------------------------------------------------------------------------
# KML
# --------------------------------------------------------------------------


def _folders(path: Path) -> dict[str, list[ET.Element]]:
    root = ET.parse(path).getroot()
    document = root.find(f"{KML}Document")
    return {
        folder.findtext(f"{KML}name").split(" (")[0]: folder.findall(f"{KML}Placemark")
        for folder in document.findall(f"{KML}Folder")
    }


def test_kml_has_a_folder_of_placemarks_per_kind(seed_exports) -> None:
    folders = _folders(seed_exports["kml"])
    counts = _counts(seed_collection())
    assert {k: len(v) for k, v in folders.items()} == {
        "Zones": counts["zone"],
        "Incidents": counts["incident"],
        "Places": counts["place"],
    }
    root = ET.parse(seed_exports["kml"]).getroot()
    styles = {s.get("id") for s in root.iter(f"{KML}Style")}
    assert styles == {"place", "zone", "incident"}
    zone_style = next(s for s in root.iter(f"{KML}Style") if s.get("id") == "zone")
    fill = zone_style.findtext(f"{KML}PolyStyle/{KML}color")
    assert int(fill[:2], 16) < 0x80  # semi-transparent (KML colours are aabbggrr)


def test_kml_placemarks_have_names_descriptions_times_and_geometry(seed_exports) -> None:
    folders = _folders(seed_exports["kml"])
    zone = folders["Zones"][0]
    assert zone.findtext(f"{KML}name").startswith("54.7 km (34 mi) around At Tanf garrison")
    assert zone.find(f".//{KML}Polygon/{KML}outerBoundaryIs/{KML}LinearRing") is not None
    description = zone.findtext(f"{KML}description")
    assert "<table>" in description and "34 mile radius" in description
    incident = next(p for p in folders["Incidents"] if "Aleppo" in p.findtext(f"{KML}name"))
    assert incident.findtext(f"{KML}TimeStamp/{KML}when") == "2015-10"
    coords = incident.findtext(f"{KML}Point/{KML}coordinates")
    assert coords == "37.16117,36.20124"
    syria = next(p for p in folders["Places"] if p.findtext(f"{KML}name") == "Syria")
    assert syria.find(f"{KML}Point") is None  # no location for a country, kept in the list


def test_kml_polygons_keep_holes_and_multipolygons(hostile_exports) -> None:
    zones = _folders(hostile_exports["kml"])["Zones"]
    assert zones[0].find(f".//{KML}innerBoundaryIs/{KML}LinearRing") is not None
    parts = zones[1].findall(f"{KML}MultiGeometry/{KML}Polygon")
    assert len(parts) == 2


def test_kml_hostile_text_is_only_text(hostile_exports) -> None:
    raw = hostile_exports["kml"].read_text(encoding="utf-8")
    root = ET.parse(hostile_exports["kml"]).getroot()  # well-formed despite \x00 and ]]>
    # Markup from an article never reaches the KML or the balloon HTML as markup.
    assert "<img" not in raw and "<script" not in raw
    names = [e.text for e in root.iter(f"{KML}name")]
    assert root.find(f"{KML}Document/{KML}name").text.startswith('Title<img src=x onerror="')
    assert any(n and n.startswith('Here<img src=x onerror="alert(1)">') for n in names)
    for description in root.iter(f"{KML}description"):
        html = description.text
        assert "<img" not in html and "<script" not in html
    place = _folders(hostile_exports["kml"])["Places"][0]
    html = place.findtext(f"{KML}description")
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;]]&gt;&lt;script&gt;" in html


# --------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_has_a_row_per_place_zone_and_incident(seed_exports) -> None:
    rows = _rows(seed_exports["csv"])
    counts = _counts(seed_collection())
    assert [r["kind"] for r in rows].count("place") == counts["place"]
    assert [r["kind"] for r in rows].count("zone") == counts["zone"]
    assert [r["kind"] for r in rows].count("incident") == counts["incident"]
    assert list(rows[0]) == [
        "kind",
        "name",
        "label",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "date",
        "date_precision",
        "latitude",
        "longitude",
        "place",
        "radius_m",
        "summary",
        "sources",
        "source_text",
    ]
    aleppo = next(r for r in rows if r["kind"] == "incident" and r["place"] == "Aleppo")
    assert (aleppo["date"], aleppo["date_precision"]) == ("2015-10", "month")
    assert (float(aleppo["latitude"]), float(aleppo["longitude"])) == (36.20124, 37.16117)
    assert aleppo["label"] == "drone strike" and "Shahed-129" in aleppo["summary"]
    assert (aleppo["event_type"], aleppo["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert aleppo["sources"] == "004_33e3685fc877e8b3.txt"
    zone = next(r for r in rows if r["kind"] == "zone")
    assert float(zone["radius_m"]) == pytest.approx(54717.696)
    assert (float(zone["latitude"]), float(zone["longitude"])) == (33.50583, 38.61778)
    syria = next(r for r in rows if r["name"] == "Syria")
    assert syria["latitude"] == "" and syria["longitude"] == ""


def test_csv_hostile_text_reads_back_and_never_starts_a_formula(tmp_path: Path) -> None:
    path = export(hostile_collection("\n" + HOSTILE), tmp_path / "h.csv")
    rows = _rows(path)
    assert len(rows) == 5
    assert rows[2]["summary"] == "Summary\n" + HOSTILE  # newlines survive quoting
    collection = hostile_collection()
    collection["features"][2]["properties"]["summary"] = '=HYPERLINK("http://x","y")'
    formula = export(collection, tmp_path / "f.csv")
    # A spreadsheet shows the cell as text instead of running it.
    assert _rows(formula)[2]["summary"] == '\'=HYPERLINK("http://x","y")'


# --------------------------------------------------------------------------
# Paths and failures
# --------------------------------------------------------------------------


def test_unknown_suffix_is_one_line_output_error(tmp_path: Path) -> None:
    target = tmp_path / "map.shp"
    with pytest.raises(OutputError) as info:
        export(seed_collection(), target)
    assert "\n" not in str(info.value) and ".shp" in str(info.value)
    assert not target.exists()


def test_invalid_collection_is_an_input_format_error(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError):
        export({"type": "FeatureCollection", "features": [{"type": "Feature"}]}, tmp_path / "x.csv")
    assert os.listdir(tmp_path) == []


def test_exports_are_written_whole_and_repeatable(tmp_path: Path) -> None:
    for ext in ("geojson", "kml", "csv"):
        first = export(seed_collection(), tmp_path / f"a.{ext}").read_bytes()
        second = export(seed_collection(), tmp_path / f"b.{ext}").read_bytes()
        assert first == second, ext
    assert sorted(os.listdir(tmp_path)) == sorted(
        f"{n}.{e}" for n in "ab" for e in ("geojson", "kml", "csv")
    )


def test_gpkg_header_write_counters_are_fixed_and_the_file_is_sound(tmp_path):
    import sqlite3

    from tests.helpers import seed_collection

    data = export(seed_collection(), tmp_path / "a.gpkg").read_bytes()
    # GDAL makes a varying number of writes; SQLite counts them in the header.
    assert data[24:28] == data[92:96] == (1).to_bytes(4, "big")
    with sqlite3.connect(tmp_path / "a.gpkg") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
