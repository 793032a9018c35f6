"""`geo geocode` driven through the real command group."""

import json

from click.testing import CliRunner

from geo.cli.main import cli


def run(args, **kwargs):
    return CliRunner().invoke(cli, args, catch_exceptions=False, **kwargs)


def test_one_feature_per_name_in_order_with_null_for_unknown():
    result = run(["geocode", "Aleppo", "Qwxzyville", "at Tanf"])
    assert result.exit_code == 1  # some name was not found
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [f["properties"]["query"] for f in lines] == ["Aleppo", "Qwxzyville", "at Tanf"]
    assert lines[0]["properties"]["name"] == "Aleppo"
    assert lines[1]["geometry"] is None
    assert lines[2]["geometry"]["coordinates"] == [38.61778, 33.50583]
    assert "'Qwxzyville': not found" in result.stderr


def test_names_from_stdin_and_country_preference():
    result = run(["geocode", "-", "--country", "LB"], input="Tripoli\n\nAleppo\n")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [f["properties"]["country"] for f in lines] == ["LB", "SY"]
