"""Geocoding the region's names in their news spellings, offline."""

import csv

import pytest

from geo.geocode.gazetteer import default_gazetteer
from geo.geocode.lookup import geocode, geocode_batch
from geo.geocode.names import loose_key, normalize_name
from geo.geocode.rank import distance_km
from tests.helpers import DATA

NAMES = DATA / "region_names.csv"
ROWS = list(csv.DictReader(NAMES.open(encoding="utf-8")))


def _hits(features) -> list[bool]:
    hits = []
    for row, feature in zip(ROWS, features, strict=True):
        if feature["geometry"] is None:
            hits.append(False)
            continue
        lon, lat = feature["geometry"]["coordinates"]
        expected = (float(row["expected_lon"]), float(row["expected_lat"]))
        hits.append(distance_km((lon, lat), expected) <= 10)
    return hits


def test_the_list_is_long_enough_and_sourced():
    assert len(ROWS) >= 50
    assert all(r["expected_id"].startswith(("geonames:", "geo:")) for r in ROWS)


def test_at_least_95_percent_of_news_spellings_land_within_10_km():
    hits = _hits(geocode_batch([r["query"] for r in ROWS], gazetteer=default_gazetteer()))
    misses = [r["query"] for r, hit in zip(ROWS, hits, strict=True) if not hit]
    assert sum(hits) / len(hits) >= 0.95, misses


def test_each_name_asked_alone_also_lands():
    hits = _hits([geocode(r["query"]) for r in ROWS])
    assert sum(hits) / len(hits) >= 0.95


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Deir el-Zour", "Dayr az Zawr"),
        ("Albukamal", "Al-Bukamal"),
        ("Kamishli", "Qamishli"),
        ("Hamah", "Hama"),
        ("al-Hasakeh", "Hasakah"),
    ],
)
def test_spelling_shifts_share_a_skeleton(a, b):
    assert loose_key(normalize_name(a)) == loose_key(normalize_name(b))


def test_loose_spelling_is_said_in_the_reason():
    feature = geocode("Albukamal")
    assert feature["properties"]["name"] == "Ālbū Kamāl"
    assert "spelling matched loosely" in feature["properties"]["chosen_because"]


def test_context_picks_among_namesakes():
    (palmyra_alone,) = geocode_batch(["Palmyra"], countries=("US",))
    assert palmyra_alone["properties"]["country"] == "US"
    tripoli, _ = geocode_batch(["Tripoli", "Beirut"])
    assert tripoli["properties"]["country"] == "LB"
    assert "nearest to the other places named" in tripoli["properties"]["chosen_because"]


def test_domain_sites_come_from_the_sourced_supplement():
    for query in ("Tower 22", "Rukban camp", "Ain al-Asad"):
        props = geocode(query)["properties"]
        assert props["gazetteer_id"].startswith("geo:")
        assert props["gazetteer_source"].startswith("https://")
