"""`geo extract` driven through the real command group."""

import json

import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from geo.features import validate
from tests.helpers import SEED_FP, SEEDS


def run(args, **kwargs):
    return CliRunner().invoke(cli, args, catch_exceptions=False, **kwargs)


@pytest.mark.slow
def test_extract_writes_the_contract_to_stdout():
    result = run(["extract", str(SEEDS)])
    assert result.exit_code == 0
    collection = validate(json.loads(result.stdout))
    kinds = sorted(f["properties"]["kind"] for f in collection["features"])
    assert kinds.count("zone") == 2 and kinds.count("incident") == 6
    docs = {d["id"]: d for d in collection["geo"]["documents"]}
    assert docs[SEED_FP.name]["published_basis"].startswith("metadata (inferred")
    assert result.stderr == ""


def test_extract_to_file_is_atomic_and_stable(tmp_path):
    out = tmp_path / "x.geojson"
    assert run(["extract", str(SEEDS), "-o", str(out), "-q"]).exit_code == 0
    first = out.read_bytes()
    assert run(["extract", str(SEEDS), "-o", str(out), "-q"]).exit_code == 0
    assert out.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["x.geojson"]


def test_stdin_article_with_date_option():
    text = "A drone attack hit a patrol near Aleppo on Tuesday."
    result = run(["extract", "-", "--date", "2017-06-08"], input=text)
    collection = json.loads(result.stdout)
    [incident] = [f for f in collection["features"] if f["properties"]["kind"] == "incident"]
    assert incident["properties"]["date"] == "2017-06-06"
    assert incident["properties"]["sources"][0]["document"] == "<stdin>"


def test_bad_date_option_is_a_usage_error():
    result = run(["extract", str(SEEDS), "--date", "8 June"])
    assert result.exit_code == 2 and "'8 June' is not a date in YYYY-MM-DD form" in result.output


def test_no_readable_article_exits_non_zero(tmp_path):
    result = run(["extract", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "nope: no such file or folder" in result.stderr


def test_extract_writes_gis_formats_by_suffix(tmp_path):
    import xml.etree.ElementTree as ET

    import pyogrio

    kml, gpkg, table = tmp_path / "s.kml", tmp_path / "s.gpkg", tmp_path / "s.csv"
    for out in (kml, gpkg, table):
        assert run(["extract", str(SEEDS), "-o", str(out), "-q"]).exit_code == 0
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    assert len(ET.parse(kml).getroot().findall(".//k:Placemark", ns)) >= 2 + 6
    layers = {name for name, _ in pyogrio.list_layers(gpkg)}
    assert {"zones", "incidents", "places"} <= layers
    assert "2017-05-18" in table.read_text(encoding="utf-8")


def test_online_places_names_the_gazetteer_does_not_know(tmp_path, monkeypatch):
    from tests.geocode.nominatim_standin import NominatimStandin, place

    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path))
    article = tmp_path / "a.txt"
    article.write_text(
        "date 2017-06-06 Militants attacked a checkpoint near Qwxzyville in Syria on Tuesday.",
        encoding="utf-8",
    )
    places = {"qwxzyville": [place("Qwxzyville", 34.5, 39.5, country_code="sy", osm_id=9)]}
    with NominatimStandin(places) as server:
        result = run(["extract", str(article), "--online", "nominatim", "--online-url", server.url])
        asked = [(r.params["q"], r.params.get("countrycodes")) for r in server.searches]
    assert asked == [("Qwxzyville", "sy")]  # only the unknown name, biased to the article
    collection = json.loads(result.stdout)
    [incident] = [f for f in collection["features"] if f["properties"]["kind"] == "incident"]
    assert incident["properties"]["place"] == "Qwxzyville"
    assert incident["geometry"]["coordinates"] == [39.5, 34.5]
    [found] = [f for f in collection["features"] if f["properties"].get("name") == "Qwxzyville"]
    assert found["properties"]["chosen_because"] == "not in the offline gazetteer; found online"


def test_without_online_unknown_names_stay_unplaced(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("date 2017-06-06 Militants attacked a checkpoint near Qwxzyville.")
    collection = json.loads(run(["extract", str(article)]).stdout)
    names = [f["properties"].get("name") for f in collection["features"]]
    assert "Qwxzyville" not in names
