"""`geo geocode` driven through the real command group."""

import json
import subprocess
import sys

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


def test_online_provider_places_only_what_the_gazetteer_cannot(tmp_path, monkeypatch):
    from tests.geocode.nominatim_standin import NominatimStandin, Reply, place

    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path))
    places = {"qwxzyville": [place("Qwxzyville", 34.5, 39.5, country_code="sy", osm_id=9)]}
    with NominatimStandin(places, script=[Reply(500, {"error": "boom"})]) as server:
        result = run(
            [
                "geocode",
                "Aleppo",
                "Qwxzyville",
                "Nowhere-at-all",
                "--online",
                "nominatim",
                "--online-url",
                server.url,
            ]
        )
        asked = [r.params["q"] for r in server.searches]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [f["properties"].get("gazetteer_id", "")[:9] for f in lines] == [
        "geonames:",
        "nominatim",
        "",
    ]
    assert lines[1]["geometry"]["coordinates"] == [39.5, 34.5]
    assert "Aleppo" not in asked  # offline first: the provider was asked only the rest
    assert asked.count("Qwxzyville") == 2  # once failed with HTTP 500, once answered
    assert result.exit_code == 1 and "'Nowhere-at-all': not found online either" in result.stderr


def test_unknown_provider_is_one_line():
    result = run(["geocode", "Qwxzyville", "--online", "no-such-provider"])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "no-such-provider" in result.stderr


def test_geocode_starts_without_the_map_libraries():
    # A fresh interpreter: the test process itself has imported everything.
    code = (
        "import sys\n"
        "from geo.cli.main import cli\n"
        "cli(['geocode', 'Aleppo'], standalone_mode=False)\n"
        "print(sorted(m for m in ('folium', 'matplotlib', 'pandas') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
    assert '"name": "Aleppo"' in done.stdout


def test_a_mistyped_command_gets_a_suggestion():
    result = CliRunner().invoke(cli, ["geocod", "Aleppo"])
    assert result.exit_code == 2
    assert "Did you mean 'geocode'?" in result.output
