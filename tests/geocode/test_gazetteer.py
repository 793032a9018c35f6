import pytest

from geo.errors import InputFormatError
from geo.extract.places import find_place_mentions
from geo.geocode.gazetteer import Gazetteer, default_gazetteer
from geo.geocode.index import read_supplement
from geo.geocode.lookup import geocode
from geo.geocode.names import normalize_name


@pytest.mark.parametrize(
    "variant", ["At Tanf", "at Tanf", "al-Tanf", "al Tanf", "Al Tanf", "Tanf", "At-Tanf", "AL-TANF"]
)
def test_tanf_variants_share_a_key(variant):
    assert normalize_name(variant) == "tanf"


def test_normalisation_folds_diacritics_marks_inner_articles_and_doubled_letters():
    assert normalize_name("Ḩamāh") == normalize_name("Hamah")
    assert (
        normalize_name("Deir ez-Zor")
        == normalize_name("Deir el-Zor")
        == normalize_name("Deir al Zor")
    )
    assert normalize_name("Aleppo") == normalize_name("Alepo")
    assert normalize_name("Raʿs al-ʿAyn") == normalize_name("Ras al Ayn")
    assert normalize_name("Tanf") != normalize_name("Tadmur")


def test_tanf_is_the_garrison_from_the_sourced_supplement():
    feature = geocode("al-Tanf")
    assert feature["geometry"]["coordinates"] == [38.61778, 33.50583]
    props = feature["properties"]
    assert props["name"] == "At Tanf garrison"
    assert props["gazetteer_source"].startswith("https://en.wikipedia.org/")


def test_aleppo_is_the_syrian_city():
    lon, lat = geocode("Aleppo")["geometry"]["coordinates"]
    assert abs(lat - 36.2012) < 0.05 and abs(lon - 37.1612) < 0.05
    assert geocode("Aleppo")["properties"]["country"] == "SY"


def test_unknown_name_has_null_geometry():
    feature = geocode("Qwxzyville")
    assert feature["geometry"] is None and feature["properties"]["found"] is False


def test_country_preference_picks_among_same_named_places():
    gaz = default_gazetteer()
    many = gaz.candidates("Tripoli")
    assert {p.country for p in many} >= {"LY", "LB"}
    place, count = gaz.lookup("Tripoli", countries=("LB",))
    assert place.country == "LB" and count == len(many)


def test_bad_supplement_row_names_file_and_line(tmp_path):
    path = tmp_path / "gazetteer.csv"
    path.write_text(
        "id,name,alternate_names,latitude,longitude,country,place_type,population,source_url\n"
        "x:1,Good,,1,2,SY,camp,0,https://example.org\n"
        "x:2,Bad,,north,2,SY,camp,0,https://example.org\n",
        encoding="utf-8",
    )
    with pytest.raises(InputFormatError, match=r"gazetteer.csv, line 3"):
        read_supplement(path)


def _names(text):
    return [(m.span.text, m.place.name) for m in find_place_mentions(text, default_gazetteer())]


def test_mentions_in_text_with_spans():
    text = "Vehicles moved towards the town of At Tanf, and militias operating around at Tanf."
    found = find_place_mentions(text, default_gazetteer())
    assert [(m.span.text, m.place.name) for m in found] == [
        ("At Tanf", "At Tanf garrison"),
        ("at Tanf", "At Tanf garrison"),
    ]
    for m in found:
        assert text[m.span.start : m.span.end] == m.span.text


def test_english_preposition_is_not_part_of_a_name():
    assert _names("The strike at Aleppo was the first.") == [("Aleppo", "Aleppo")]


@pytest.mark.parametrize(
    "text",
    [
        "Colonel Ryan Dillon spoke.",  # a person, though GeoNames lists "Ryan" as a name
        "The U.S. Central Command said so.",  # an organisation
        "But nobody was hurt.",  # a sentence-initial word
        "Russia 24 reported it.",  # a TV channel
        "The New York Times reported it.",  # a newspaper
        "Police said nothing.",  # a common word that is also a town in Poland
        "They fled as Moscow's forces pressed their offensive.",  # the state, not the city
    ],
)
def test_names_that_are_not_places(text):
    assert _names(text) == []


def test_gazetteer_without_geonames_still_loads_the_supplement():
    gaz = Gazetteer.load(geonames=False)
    assert gaz.lookup("Tanf")[0].name == "At Tanf garrison"
    # No town of Aleppo without GeoNames: at most its governorate, by its bare name.
    aleppo = gaz.lookup("Aleppo")[0]
    assert aleppo is None or aleppo.place_type == "region"


@pytest.mark.parametrize(
    "text",
    ["Pentagon spokesman Capt. Jeff Davis said so.", "Sgt. Maj. Ryan Jordan spoke."],
)
def test_names_after_a_title_abbreviation_are_people(text):
    assert _names(text) == []


def test_a_korean_name_is_found_without_its_division_suffix():
    # GeoNames 6800487 "Yongsan-dong", Seoul (37.5445, 126.9837, 12,612 people) has no
    # bare "Yongsan" alternate; the bare name also belongs to a village of 0 people.
    (first, *_) = default_gazetteer().candidates("Yongsan")
    assert first.name == "Yongsan-dong" and first.country == "KR"
    assert round(first.lat, 2) == 37.54
    assert default_gazetteer().candidates("Yongsan-dong")[0].id == first.id
