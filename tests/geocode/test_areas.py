"""Regions and water bodies in the gazetteer: a division is not its town, a sea is a sea."""

import csv
import json
import shutil

import pytest
import shapely
from shapely.geometry import shape

from geo.geocode import index
from geo.geocode.areas import (
    AREAS_FILE,
    OUTLINES_FILE,
    Outlines,
    designated_base,
    geo_precision,
    read_areas,
)
from geo.geocode.gazetteer import Gazetteer, default_gazetteer
from geo.geocode.lookup import geocode, geocode_batch
from geo.geocode.place import Place
from geo.geocode.protocol import Context
from geo.geocode.rank import distance_km
from geo.support.paths import data_dir


def _found(name: str, **kwargs) -> dict:
    return geocode(name, gazetteer=default_gazetteer(), **kwargs)


def _lonlat(feature: dict) -> tuple[float, float]:
    return tuple(feature["geometry"]["coordinates"])


# (query, place_type, country, a point from the linked articles: a division's admin
# centre, which the answer lies within 60 km of, or a point of the water body, which
# lies within 35 km of the answer's outline (Natural Earth draws a strait as its narrows);
# the answer's own point lies inside the outline)
AREAS = [
    ("Kherson Oblast", "region", "UA", (32.617, 46.636)),  # Kherson, the admin centre
    ("Kherson region", "region", "UA", (32.617, 46.636)),
    ("Zaporizhzhia Oblast", "region", "UA", (35.139, 47.838)),  # Zaporizhzhia city
    ("Zaporizhzhia oblast", "region", "UA", (35.139, 47.838)),
    ("Donetsk region", "region", "UA", (37.80, 48.00)),
    ("South Kordofan", "region", "SD", (29.72, 11.02)),  # Kadugli
    ("North Darfur", "region", "SD", (25.35, 13.63)),  # El Fasher
    ("Idlib governorate", "region", "SY", (36.63, 35.93)),
    ("Deir ez-Zor province", "region", "SY", (40.14, 35.34)),
    ("Tillaberi region", "region", "NE", (1.45, 14.21)),
    ("Borno State", "region", "NG", (13.16, 11.85)),  # Maiduguri
    ("Black Sea", "sea", None, (34.0, 43.0)),
    ("Red Sea", "sea", None, (38.5, 20.0)),
    ("Gulf of Aden", "gulf", None, (48.0, 12.5)),
    ("Bab el-Mandeb", "strait", None, (43.33, 12.58)),
    ("Strait of Hormuz", "strait", None, (56.5, 26.6)),
    ("Snake Island", "island", "UA", (30.204, 45.255)),
    ("Second Thomas Shoal", "shoal", None, (115.867, 9.733)),
    ("Scarborough Shoal", "shoal", None, (117.767, 15.183)),
    ("Spratly Islands", "islands", None, (114.0, 10.0)),
    ("Yeonpyeong Island", "island", "KR", (125.696, 37.667)),
]


@pytest.mark.parametrize(("query", "kind", "country", "near"), AREAS)
def test_regions_and_water_geocode_as_what_they_are(query, kind, country, near):
    found = _found(query)
    props = found["properties"]
    assert props["found"], query
    assert (props["place_type"], props["country"]) == (kind, country)
    gazetteer = default_gazetteer()
    outline = gazetteer.outline(gazetteer.choose(query).place)
    if kind == "region" or outline is None:
        assert distance_km(_lonlat(found), near) <= 60
    else:
        assert shape(outline).distance(shapely.Point(*near)) < 0.3
        assert shape(outline).contains(shapely.Point(*_lonlat(found)))
    wide = kind in ("region", "sea", "gulf", "strait", "islands")
    assert props["geo_precision"] == (3 if wide else 1)


@pytest.mark.parametrize("query", ["Kherson Oblast", "Kherson region", "Kherson Province"])
def test_a_region_is_never_its_capital_city(query):
    region = _found(query)["properties"]
    city = _found("Kherson")["properties"]
    assert region["place_type"] == "region" and region["gazetteer_id"].startswith("ne:admin1:")
    assert city["place_type"] == "city" and city["gazetteer_id"].startswith("geonames:")


def test_a_region_sits_at_its_admin_centre_as_acled_codes_it():
    region, city = geocode_batch(["Kherson Oblast", "Kherson"], gazetteer=default_gazetteer())
    assert distance_km(_lonlat(region), _lonlat(city)) < 1
    assert region["properties"]["geo_precision"] == 3 and city["properties"]["geo_precision"] == 1


def test_well_known_areas_are_the_union_of_their_divisions():
    gazetteer = default_gazetteer()
    donbas = gazetteer.choose("Donbas").place
    donetsk = gazetteer.choose("Donetsk Oblast").place
    luhansk = gazetteer.choose("Luhansk Oblast").place
    outline = shape(gazetteer.outline(donbas))
    assert donbas.place_type == "region" and donbas.country == "UA"
    for part in (donetsk, luhansk):
        assert shape(gazetteer.outline(part)).difference(outline).area < 0.01
    assert outline.contains(shapely.Point(donbas.lon, donbas.lat))


def test_a_seas_point_lies_inside_its_outline_and_its_feature_has_the_extent():
    gazetteer = default_gazetteer()
    sea = gazetteer.choose("Black Sea").place
    outline = shape(gazetteer.outline(sea))
    assert outline.contains(shapely.Point(sea.lon, sea.lat))
    west, south, east, north = _found("Black Sea")["bbox"]
    assert (27 < west < 28.5) and (40.5 < south < 41.5) and (41 < east < 42) and (46 < north < 47.5)


def test_a_town_has_no_outline():
    gazetteer = default_gazetteer()
    assert gazetteer.outline(gazetteer.choose("Aleppo").place) is None
    assert "bbox" not in _found("Aleppo")


def test_a_division_called_by_common_words_needs_its_country_named():
    gazetteer = default_gazetteer()
    assert gazetteer.choose("Northern region").place is None
    found = gazetteer.choose("Northern region", Context(countries=("GH",))).place
    assert found is not None and found.country == "GH" and found.place_type == "region"


def test_a_designator_without_a_division_names_nothing():
    gazetteer = default_gazetteer()
    for phrase in ("Islamic State", "Qwertyville province", "Gulf state"):
        assert gazetteer.choose(phrase).place is None, phrase


@pytest.mark.parametrize(
    ("key", "base"),
    [
        ("kherson region", "kherson"),
        ("luhansk regions", "luhansk"),
        ("province of idlib", "idlib"),
        ("red sea state", "red sea"),
        ("kherson", None),
        ("gulf of aden", None),
    ],
)
def test_designators_are_read_off_a_key(key, base):
    assert designated_base(key) == base


def test_every_area_row_is_sourced_and_has_a_point():
    places, bases = read_areas(data_dir() / AREAS_FILE)
    assert len(places) == len(bases) > 4000
    for place in places:
        assert place.source.startswith("https://"), place.id
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180
    with open(data_dir() / AREAS_FILE, encoding="utf-8") as fh:
        assert all(row["source_note"] for row in csv.DictReader(fh))


def test_outlines_decode_to_valid_closed_polygons():
    outlines = Outlines(data_dir() / OUTLINES_FILE)
    data = json.loads((data_dir() / OUTLINES_FILE).read_text(encoding="utf-8"))
    for area_id in list(data["areas"])[::200]:
        geometry = outlines.geometry(area_id)
        rings = [geometry["coordinates"]] if geometry["type"] == "Polygon" else []
        for polygon in rings or geometry["coordinates"]:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4
        assert shape(geometry).is_valid, area_id


def test_precision_follows_the_kind_of_place():
    def place(kind: str) -> Place:
        return Place("x:1", "X", "SY", kind, 1.0, 1.0)

    assert [geo_precision(place(k)) for k in ("city", "airbase", "island", "shoal")] == [1] * 4
    assert [geo_precision(place(k)) for k in ("region", "sea", "strait", "country")] == [3] * 4


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "data"
    (folder / "areas").mkdir(parents=True)
    shutil.copy(data_dir() / "gazetteer.csv", folder / "gazetteer.csv")
    with open(data_dir() / AREAS_FILE, encoding="utf-8") as fh:
        head = [next(fh) for _ in range(30)]
    (folder / AREAS_FILE).write_text("".join(head), encoding="utf-8")
    return folder


def test_a_changed_areas_file_invalidates_the_cached_index(data_copy):
    before = index.cache_path(data_copy / "gazetteer.csv", False)
    Gazetteer.load(data_copy, geonames=False)
    with open(data_copy / AREAS_FILE, "a", encoding="utf-8") as fh:
        fh.write("ne:test:lagoon,Test Lagoon,,Test,1.0,2.0,,bay,0,https://example.org/l,note\n")
    after = index.cache_path(data_copy / "gazetteer.csv", False)
    assert before != after
    found = Gazetteer.load(data_copy, geonames=False).choose("Test Lagoon").place
    assert found is not None and found.id == "ne:test:lagoon"


def test_an_area_row_must_carry_the_area_prefix(data_copy):
    with open(data_copy / AREAS_FILE, "a", encoding="utf-8") as fh:
        fh.write("x:lagoon,Test Lagoon,,,1.0,2.0,,bay,0,https://example.org/l,note\n")
    with pytest.raises(Exception, match="does not begin"):
        Gazetteer.load(data_copy, geonames=False, cache=False)


def test_english_names_of_a_division_find_it_and_invalidate_the_cache(data_copy):
    with open(data_copy / AREAS_FILE, "a", encoding="utf-8") as fh:
        fh.write("ne:test:shamal,Shamal Test Governorate,,Shamal Test,1.0,2.0,EG,region,0,u,n\n")
    before = index.cache_path(data_copy / "gazetteer.csv", False)
    assert Gazetteer.load(data_copy, geonames=False).choose("North Test governorate").place is None
    (data_copy / "areas" / "english_names.csv").write_text(
        "id,alternate_names,base_names,source_url,source_note\n"
        "ne:test:shamal,North Test Region,North Test,https://example.org/g,the list page\n",
        encoding="utf-8",
    )
    assert index.cache_path(data_copy / "gazetteer.csv", False) != before
    gazetteer = Gazetteer.load(data_copy, geonames=False)
    for name in ("North Test governorate", "North Test Region"):
        assert gazetteer.choose(name).place.id == "ne:test:shamal"
    # A base name stands alone only where no other place has it: here none has.
    assert gazetteer.choose("North Test").place.id == "ne:test:shamal"


def test_an_english_name_for_no_area_is_one_clear_error(data_copy):
    (data_copy / "areas" / "english_names.csv").write_text(
        "id,alternate_names,base_names,source_url,source_note\nne:nowhere,X,,u,n\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="english_names.csv, line 2: no area 'ne:nowhere'"):
        Gazetteer.load(data_copy, geonames=False, cache=False)


def test_every_english_name_row_is_sourced_and_names_an_area():
    with open(data_dir() / AREAS_FILE, encoding="utf-8") as fh:
        ids = {row["id"] for row in csv.DictReader(fh)}
    with open(data_dir() / "areas" / "english_names.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        assert row["id"] in ids, row["id"]
        assert row["source_url"].startswith(("https://", "http://")) and row["source_note"]
        assert row["alternate_names"] or row["base_names"], row["id"]


@pytest.mark.parametrize(
    ("names", "country"),
    [
        (["Nineveh province"], "IQ"),
        (["North Sinai governorate"], "EG"),
        # Named with Egypt, Egypt's Red Sea governorate; not Sudan's Red Sea State.
        (["Red Sea governorate", "Egypt"], "EG"),
        (["Red Sea state", "Sudan"], "SD"),
        # Its own name beats another division's alternate, even beside that one's country.
        (["Tovuz district", "Armenia"], "AZ"),
    ],
)
def test_divisions_answer_to_their_english_names(names, country):
    (first, *_) = geocode_batch(names, gazetteer=default_gazetteer())
    assert first["properties"]["place_type"] == "region"
    assert first["properties"]["country"] == country
