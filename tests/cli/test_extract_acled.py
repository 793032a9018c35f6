"""`geo extract` converts an ACLED export: its events as incidents, in every output format."""

import csv
import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from geo.features import validate
from tests.helpers import DATA, SEEDS

ACLED = DATA / "acled_sample.csv"
# The sample's good rows (event id: lon, lat, date), and the lines of its bad ones.
GOOD = {
    "SYR90001": (38.618, 33.492, "2017-06-08"),
    "IRQ90002": (41.0917, 34.3686, "2017-06-06"),
    "JOR90003": (39.142, 32.508, "2017-05"),
    "SYR90009": None,  # present, checked by id only
}
BAD_LINES = [7, 8, 9, 10, 11, 12]
KML = {"k": "http://www.opengis.net/kml/2.2"}


def run(args, **kwargs):
    return CliRunner().invoke(cli, args, catch_exceptions=False, **kwargs)


def _bad_rows_named(stderr: str) -> list[int]:
    prefix = "geo: acled_sample.csv, line "
    return [
        int(line[len(prefix) :].split(":")[0])
        for line in stderr.splitlines()
        if line.startswith(prefix)
    ]


def _converted(tmp_path, suffix):
    out = tmp_path / f"events{suffix}"
    result = run(["extract", str(ACLED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert _bad_rows_named(result.stderr) == BAD_LINES
    assert result.stderr.splitlines()[-1] == f"geo: wrote {out}"
    assert "reads articles" not in result.stderr
    return out


def test_acled_to_geopackage_has_its_events_in_the_incidents_layer(tmp_path):
    import geopandas as gpd
    import pyogrio

    out = _converted(tmp_path, ".gpkg")
    assert {name for name, _ in pyogrio.list_layers(out)} == {"places", "zones", "incidents"}
    incidents = gpd.read_file(out, layer="incidents")
    assert sorted(incidents["acled_event_id"]) == sorted(GOOD)
    assert set(incidents["kind"]) == {"incident"} and set(incidents["origin"]) == {"acled"}
    by_id = incidents.set_index("acled_event_id")
    for event_id, expected in GOOD.items():
        if expected is None:
            continue
        lon, lat, date = expected
        point = by_id.loc[event_id, "geometry"]
        assert (point.x, point.y) == pytest.approx((lon, lat))
        assert by_id.loc[event_id, "date"] == date
    assert by_id.loc["IRQ90002", "event_type"] == "Battles"
    assert by_id.loc["IRQ90002", "fatalities"] == 4
    sources = json.loads(by_id.loc["IRQ90002", "sources"])
    assert sources[0]["document"] == "acled_sample.csv" and sources[0]["line"] == 3
    assert len(gpd.read_file(out, layer="places")) == 0


def test_acled_to_kml_is_one_dated_placemark_per_event(tmp_path):
    root = ET.parse(_converted(tmp_path, ".kml")).getroot()
    [folder] = root.findall(".//k:Folder", KML)
    assert folder.findtext("k:name", namespaces=KML) == "Incidents (4)"
    marks = folder.findall("k:Placemark", KML)
    ids = {
        m.find("k:ExtendedData/k:Data[@name='acled_event_id']/k:value", KML).text: m for m in marks
    }
    assert set(ids) == set(GOOD)
    clash = ids["IRQ90002"]
    assert clash.findtext("k:TimeStamp/k:when", namespaces=KML) == "2017-06-06"
    assert clash.findtext("k:Point/k:coordinates", namespaces=KML) == "41.0917,34.3686"
    assert "Iraqi forces clashed with IS fighters" in clash.findtext(
        "k:description", namespaces=KML
    )


def test_acled_to_csv_is_one_row_per_event(tmp_path):
    with _converted(tmp_path, ".csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["kind"] for r in rows] == ["incident"] * 4
    first = rows[0]
    assert (first["longitude"], first["latitude"], first["date"]) == (
        "38.618",
        "33.492",
        "2017-06-08",
    )
    assert first["event_type"] == "Explosions/Remote violence"
    assert first["place"] == "At Tanf, Homs, Syria" and first["sources"] == "acled_sample.csv"
    assert rows[2]["date"] == "2017-05" and rows[2]["date_precision"] == "month"


@pytest.mark.parametrize("where", ["file", "stdout"])
def test_acled_to_geojson_is_the_contract(tmp_path, where):
    if where == "file":
        text = _converted(tmp_path, ".geojson").read_text(encoding="utf-8")
    else:
        result = run(["extract", str(ACLED), "-q"])
        assert result.exit_code == 0 and result.stderr == ""
        text = result.stdout
    collection = validate(json.loads(text))
    assert [f["properties"]["acled_event_id"] for f in collection["features"]] == list(GOOD)
    meta = collection["geo"]
    assert [d["id"] for d in meta["documents"]] == ["acled_sample.csv"]
    assert any("ACLED" in a for a in meta["attribution"]) and "version" in meta


def test_acled_beside_articles_joins_their_extraction_and_zones(tmp_path):
    out = tmp_path / "both.geojson"
    result = run(["extract", str(SEEDS), str(ACLED), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    collection = validate(json.loads(out.read_text(encoding="utf-8")))
    incidents = [
        f["properties"] for f in collection["features"] if f["properties"]["kind"] == "incident"
    ]
    assert len(incidents) == 6 + 4
    documents = {d["id"] for d in collection["geo"]["documents"]}
    assert "acled_sample.csv" in documents and len(documents) == 3
    # ACLED's strike near At Tanf lies inside the seeds' 55 km zone around the garrison.
    [tanf] = [p for p in incidents if p.get("acled_event_id") == "SYR90001"]
    assert any(z["inside"] and z["center"] == "At Tanf garrison" for z in tanf["zones"])


def test_the_same_export_twice_is_converted_once(tmp_path):
    out = tmp_path / "x.csv"
    assert run(["extract", str(ACLED), str(ACLED), "-o", str(out), "-q"]).exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + 4


@pytest.mark.parametrize("suffix", [".gpkg", ".kml", ".csv", ".geojson"])
def test_an_export_without_a_good_row_is_an_error_and_writes_nothing(tmp_path, suffix):
    header = ACLED.read_text(encoding="utf-8").splitlines()[0]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"{header}\nX1,nope,2017,1,,Battles,{',' * 16}abc,def,1,,,,0,,\n", encoding="utf-8"
    )
    out = tmp_path / f"out{suffix}"
    result = run(["extract", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "geo: bad.csv, line 2: latitude is not a number ('abc'); longitude is not a number"
        " ('def'); event_date is not a date like 2017-06-08 ('nope')",
        "geo: error: bad.csv: no ACLED event could be read, so nothing is written",
    ]
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]


def test_geojson_is_still_left_to_geo_map_with_one_line(tmp_path):
    empty = tmp_path / "e.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    out = tmp_path / "x.csv"
    result = run(["extract", str(empty), str(ACLED), "-o", str(out)])
    assert result.exit_code == 0
    assert "geo: skipped 1 GeoJSON input: `geo map` maps GeoJSON" in result.stderr
    only = run(["extract", str(empty)])
    assert only.exit_code == 1
    assert only.stderr.splitlines()[-1] == "geo: error: no article or ACLED export could be read"


def test_only_acled_collections_are_taken_for_acled_and_articles_alone_stream_as_before():
    from geo.pipeline import join_acled
    from geo.read.acled import read_acled
    from geo.read.acled_file import is_acled_collection
    from tests.helpers import seed_collection

    events, _ = read_acled(ACLED, source="acled_sample.csv")
    assert is_acled_collection(events)
    assert not is_acled_collection(seed_collection())
    assert not is_acled_collection({"type": "FeatureCollection", "features": []})
    finished = object()
    assert join_acled(finished, []) is finished
