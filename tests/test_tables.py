"""GeoParquet and FlatGeobuf: one table for all kinds, read back as the same collection."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pyogrio
import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from geo.errors import OutputError
from geo.export import export, output_format
from geo.features import dumps, feature, feature_collection, loads, point
from geo.read.inputs import read_inputs
from geo.tables import CONTRACT_KEY, read_table
from tests.helpers import DATA, SEEDS, seed_collection
from tests.test_export import hostile_collection

ACLED = DATA / "acled_sample.csv"


def run(args, **kwargs):
    return CliRunner().invoke(cli, args, catch_exceptions=False, **kwargs)


def read_back(path: Path) -> tuple[dict, list[str]]:
    collections, _, problems = read_inputs((str(path),), None)
    assert len(collections) == 1, problems
    return collections[0], problems


def as_geojson(collection: dict) -> dict:
    """Return ``collection`` as geo reads it back from its GeoJSON file."""
    return loads(dumps(collection), "x")


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory) -> dict[str, Path]:
    """The seed articles extracted by `geo extract` to GeoJSON, GeoParquet and FlatGeobuf."""
    folder = tmp_path_factory.mktemp("tables")
    files = {}
    for suffix in ("geojson", "parquet", "fgb"):
        files[suffix] = folder / f"seeds.{suffix}"
        result = run(["extract", str(SEEDS), "-o", str(files[suffix]), "-q"])
        assert result.exit_code == 0, result.output
    return files


@pytest.mark.parametrize("suffix", ["parquet", "fgb"])
def test_a_table_reads_back_as_the_geojson_it_matches(seed_files, suffix):
    expected, _ = read_back(seed_files["geojson"])
    collection, problems = read_back(seed_files[suffix])
    assert problems == []
    assert collection == expected
    assert dumps(collection) == dumps(expected)  # numbers keep their types: 3 is not 3.0


@pytest.mark.slow
def test_the_map_of_a_parquet_file_is_the_map_of_its_geojson(seed_files, tmp_path):
    pages = {}
    for suffix in ("geojson", "parquet"):
        out = tmp_path / f"{suffix}.html"
        result = run(["map", str(seed_files[suffix]), "-o", str(out), "--title", "Seeds", "-q"])
        assert result.exit_code == 0, result.output
        pages[suffix] = out.read_text(encoding="utf-8")
    assert pages["parquet"] == pages["geojson"]


def test_parquet_is_one_table_with_kind_properties_geometry_and_a_bbox(seed_files):
    import geopandas as gpd

    table = pq.read_table(seed_files["parquet"])
    geo = json.loads(table.schema.metadata[b"geo"])
    assert geo["primary_column"] == "geometry"
    assert geo["columns"]["geometry"]["covering"]["bbox"]["xmin"] == ["bbox", "xmin"]
    assert table.column_names[0] == "kind"
    assert {"name", "radius_m", "event_type", "sources", "bbox", "geometry"} <= set(
        table.column_names
    )
    frame = gpd.read_parquet(seed_files["parquet"])
    collection = seed_collection()
    assert sorted(frame["kind"]) == sorted(f["properties"]["kind"] for f in collection["features"])
    assert frame.crs.to_epsg() == 4326
    # Lists and objects are JSON text; numbers are numbers.
    incident = frame[frame["kind"] == "incident"].iloc[0]
    assert isinstance(json.loads(incident["sources"]), list)
    assert frame["radius_m"].dropna().dtype.kind == "f"
    meta = json.loads(table.schema.metadata[CONTRACT_KEY.encode()])
    assert meta["members"]["geo"]["documents"]


def test_flatgeobuf_is_one_layer_with_a_kind_column(seed_files):
    info = pyogrio.read_info(seed_files["fgb"])
    assert info["fields"][0] == "kind" and info["geometry_type"] == "Unknown"
    assert info["features"] == len(seed_collection()["features"])
    assert CONTRACT_KEY in info["layer_metadata"]


def test_flatgeobuf_of_located_features_has_a_spatial_index_and_keeps_their_order(tmp_path):
    import random

    rnd = random.Random(4)
    collection = feature_collection(
        [
            feature(point(rnd.uniform(-170, 170), rnd.uniform(-80, 80)), {"kind": "place", "n": n})
            for n in range(300)
        ],
        geo={"documents": [], "attribution": []},
    )
    out = export(collection, tmp_path / "spread.fgb")
    # FlatGeobuf's index sorts the features along a Hilbert curve: its file order is not ours.
    assert pyogrio.read_dataframe(out)["n"].tolist() != list(range(300))
    assert pyogrio.read_info(out)["capabilities"]["fast_spatial_filter"]
    assert read_back(out)[0] == as_geojson(collection)


def test_hostile_text_and_every_geometry_type_round_trip(tmp_path):
    collection = hostile_collection()
    expected = as_geojson(collection)
    parquet = export(collection, tmp_path / "h.parquet")
    assert read_back(parquet)[0] == expected
    # GDAL's strings end at a NUL, which FlatGeobuf therefore writes as U+FFFD in a text
    # column (in JSON text it is the escape \u0000, which GDAL keeps).
    fgb = export(collection, tmp_path / "h.fgb")
    for f in expected["features"]:
        props = f["properties"]
        props.update({k: v.replace("\x00", "\ufffd") for k, v in props.items() if type(v) is str})
    assert read_back(fgb)[0] == expected


def test_null_properties_outside_a_kinds_keys_and_odd_values_come_back(tmp_path):
    collection = feature_collection(
        [
            feature(point(1.5, 2.5), {"kind": "place", "name": "A", "note": None, "n": 3}),
            feature(point(3.0, 4.0), {"kind": "place", "name": "B", "n": 2.5, "flag": True}),
            feature(None, {"kind": "place", "name": "C", "big": 2**70, "flag": False}),
        ],
        geo={"documents": [], "attribution": ["x"]},
    )
    for suffix in ("parquet", "fgb"):
        back, problems = read_back(export(collection, tmp_path / f"odd.{suffix}"))
        assert problems == []
        assert dumps(back) == dumps(collection), suffix


def test_an_empty_collection_round_trips(tmp_path):
    collection = feature_collection([], geo={"documents": [], "attribution": []})
    for suffix in ("parquet", "fgb"):
        assert read_back(export(collection, tmp_path / f"empty.{suffix}"))[0] == collection


def test_a_parquet_file_from_elsewhere_is_read_cell_by_cell(tmp_path):
    import geopandas as gpd
    import shapely

    frame = gpd.GeoDataFrame(
        {"kind": ["incident"], "date": ["2017-06-08"], "summary": ["A strike."]},
        geometry=[shapely.Point(38.6, 33.5)],
        crs=4326,
    )
    frame.to_parquet(tmp_path / "other.parquet")
    collection, problems = read_back(tmp_path / "other.parquet")
    assert problems == []
    (only,) = collection["features"]
    assert only["geometry"] == {"type": "Point", "coordinates": [38.6, 33.5]}
    assert only["properties"] == {"kind": "incident", "date": "2017-06-08", "summary": "A strike."}


@pytest.mark.parametrize("suffix", [".parquet", ".fgb"])
def test_a_broken_table_is_one_line_and_the_other_inputs_go_on(tmp_path, suffix):
    broken = tmp_path / f"broken{suffix}"
    broken.write_bytes(b"PAR1 this is not a table at all")
    good = export(seed_collection(), tmp_path / "good.parquet")
    collections, _, problems = read_inputs((str(broken), str(good)), None)
    assert len(collections) == 1
    assert len(problems) == 1 and "\n" not in problems[0]
    assert problems[0].startswith(f"{broken}: not a ")


def test_read_table_names_the_file(tmp_path):
    from geo.errors import InputFormatError

    with pytest.raises(InputFormatError, match=r"^events\.parquet: not a GeoParquet file"):
        read_table(b"", ".parquet", "events.parquet")


# --------------------------------------------------------------------------
# geo extract -o .parquet / .fgb / --format
# --------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".parquet", ".fgb"])
def test_acled_converts_to_a_table(tmp_path, suffix):
    out = tmp_path / f"events{suffix}"
    result = run(["extract", str(ACLED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "line 7: latitude is not a number" in result.stderr
    collection, _ = read_back(out)
    ids = [f["properties"]["acled_event_id"] for f in collection["features"]]
    assert ids == ["SYR90001", "IRQ90002", "JOR90003", "SYR90009"]
    geojson = tmp_path / "events.geojson"
    run(["extract", str(ACLED), "-o", str(geojson), "-q"])
    assert collection == read_back(geojson)[0]


def test_format_names_what_the_suffix_does_not(tmp_path):
    out = tmp_path / "events.dat"
    result = run(["extract", str(ACLED), "-o", str(out), "--format", "parquet", "-q"])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows == 4
    result = run(["extract", str(ACLED), "--format", "fgb", "-q"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"fgb\x03")


def test_format_and_suffix_that_disagree_or_say_nothing_are_one_line(tmp_path):
    for args, said in (
        (["-o", str(tmp_path / "x.geojson"), "--format", "parquet"], "the suffix says geojson"),
        (["-o", str(tmp_path / "x.dat")], "cannot export to '.dat'"),
    ):
        result = run(["extract", str(ACLED), *args])
        assert result.exit_code != 0
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and said in lines[0], result.stderr
        assert "line 7" not in result.stderr  # said before any work
    assert list(tmp_path.iterdir()) == []


def test_output_format():
    assert output_format(None) == "geojson"
    assert output_format(Path("a.PARQUET")) == "parquet"
    assert output_format(Path("a.bin"), "fgb") == "fgb"
    with pytest.raises(OutputError, match="unknown format 'shp'"):
        output_format(Path("a.bin"), "shp")
