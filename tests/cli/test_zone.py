"""`geo zone` driven through the real command group."""

import json

import pytest
from click.testing import CliRunner
from shapely.geometry import shape

from geo.cli.main import cli
from geo.zones import drawn_error_m


def run(args):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_zone_by_name_is_one_feature_within_a_metre():
    result = run(["zone", "--center", "al-Tanf", "--radius", "55 km"])
    assert result.exit_code == 0
    feature = json.loads(result.stdout)
    assert feature["type"] == "Feature"
    props = feature["properties"]
    assert props["center"] == "At Tanf garrison" and props["radius_m"] == 55000
    assert props["label"] == "55 km (34.2 mi)"
    assert shape(feature["geometry"]).is_valid
    assert drawn_error_m(feature["geometry"], props["center_lonlat"], 55000) <= 1.0


def test_zone_by_lonlat_with_several_radii_is_a_collection():
    result = run(
        ["zone", "--center", "38.61778,33.50583", "--radius", "34 mi", "--radius", "55 km"]
    )
    collection = json.loads(result.stdout)
    assert [f["properties"]["radius_m"] for f in collection["features"]] == [54717.696, 55000]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--center", "38,33", "--radius", "-5 km"], "must be greater than zero"),
        (["--center", "38,33", "--radius", "five km"], "is not a number with a unit"),
        (["--center", "38,33", "--radius", "5 parsecs"], "is not a number with a unit"),
        (["--center", "38,33", "--radius", "30000 km"], "half the Earth"),
        (["--center", "38,95", "--radius", "5 km"], "95"),
        (["--center", "Qwxzyville", "--radius", "5 km"], "not in the gazetteer"),
        (
            ["--center", "38,33", "--radius", "5 km", "--tolerance", "0"],
            "tolerance '0' is not a number with a unit",
        ),
        (
            ["--center", "38,33", "--radius", "5 km", "--tolerance", "0.001 m"],
            "tolerance 0.001 m must be a finite number of at least 0.02 m",
        ),
    ],
)
def test_bad_input_is_one_line(args, message):
    result = run(["zone", *args])
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_same_radius_asked_twice_is_one_ring():
    feature = json.loads(
        run(["zone", "--center", "38,33", "--radius", "5 km", "--radius", "5000 m"]).stdout
    )
    assert feature["type"] == "Feature" and feature["properties"]["radius_m"] == 5000
