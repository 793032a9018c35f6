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


def test_names_from_stdin_and_country_restriction():
    result = run(["geocode", "-", "--country", "LB"], input="Tripoli\n\nAleppo\n")
    assert result.exit_code == 1  # Aleppo is not in Lebanon
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["properties"]["country"] == "LB"
    assert lines[1]["geometry"] is None


def test_names_asked_together_read_each_other():
    alone = json.loads(run(["geocode", "Tripoli"]).stdout)
    with_beirut = json.loads(run(["geocode", "Tripoli", "Beirut"]).stdout.splitlines()[0])
    assert alone["properties"]["country"] == "LY"  # the largest Tripoli
    assert with_beirut["properties"]["country"] == "LB"
    assert with_beirut["properties"]["chosen_because"].startswith("nearest to the other places")


def test_all_lists_the_other_candidates():
    feature = json.loads(run(["geocode", "Palmyra", "--all"]).stdout)
    props = feature["properties"]
    assert props["name"] == "Tadmur" and props["candidates"] > 5
    others = props["alternatives"]
    assert len(others) == props["candidates"] - 1
    assert any(o["country"] == "US" for o in others)
