"""geo.pipeline: each command's work as a library call, without the command line."""

import json
import subprocess
import sys

import pytest

from geo.errors import CoordinateError, OutputError
from geo.features import dumps
from geo.pipeline import (
    check_map_output,
    drawn_kinds,
    map_collection,
    map_title,
    write_extraction,
    write_map,
    zones_around,
)
from geo.read.inputs import read
from tests.helpers import ROOT, SEEDS, of_kind


@pytest.mark.slow  # runs the command line too
def test_a_map_written_by_the_library_is_the_one_geo_map_writes(tmp_path):
    collection, problems = map_collection(read(SEEDS))
    assert problems == []
    assert map_title(collection) == "Incidents and zones from 2 reports"
    kinds = drawn_kinds(collection)
    assert kinds["zone"] == len(of_kind(collection, "zone")) and kinds["incident"] > 0
    ours = tmp_path / "ours.html"
    write_map(collection, ours, title=map_title(collection))
    theirs = tmp_path / "theirs.html"
    subprocess.run(
        [sys.executable, "-m", "geo.cli", "map", str(SEEDS), "-o", str(theirs), "-q"],
        cwd=ROOT,
        check=True,
    )
    assert ours.read_bytes() == theirs.read_bytes()


def test_the_suffix_chooses_the_map_and_a_wrong_one_is_refused(tmp_path):
    collection, _ = map_collection(read(SEEDS))
    svg = tmp_path / "seeds.svg"
    write_map(collection, svg, title="Print")
    assert b"<svg" in svg.read_bytes()[:400]
    with pytest.raises(OutputError, match="writes .html"):
        check_map_output(tmp_path / "seeds.txt")
    with pytest.raises(OutputError, match="--embed"):
        write_map(collection, tmp_path / "seeds.png", title="Print", embed=True)
    assert not (tmp_path / "seeds.png").exists()


def test_an_extraction_is_written_as_its_suffix_says(tmp_path):
    from geo.extract.batch import extract_batch

    finished = extract_batch(read(SEEDS).articles)
    out = tmp_path / "seeds.geojson"
    write_extraction(finished, out)
    assert out.read_text(encoding="utf-8") == dumps(finished.collection(), indent=1)
    csv = tmp_path / "seeds.csv"
    write_extraction(finished, csv)
    assert csv.read_text(encoding="utf-8").splitlines()[0].startswith("kind,")


def test_zones_around_a_point_one_ring_per_distinct_radius():
    one = zones_around("38.61778,33.50583", ["5 km", "5000 m"])
    assert one["type"] == "Feature" and one["properties"]["radius_m"] == 5000.0
    assert one["properties"]["reported"] == {"value": 5.0, "unit": "km", "text": "5 km"}
    two = zones_around("38.61778,33.50583", ["5 km", "34 mi"])
    assert [f["properties"]["radius_m"] for f in two["features"]] == [5000.0, 54717.696]
    assert json.loads(dumps(two))["features"][1]["properties"]["label"] == "54.7 km (34 mi)"
    with pytest.raises(CoordinateError):
        zones_around("1.5, 2, 3", ["5 km"])
