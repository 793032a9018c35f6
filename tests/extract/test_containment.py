"""A place the text says lies in another is there: never the far place of the same name."""

import pytest

from geo.extract.containment import read_containment
from geo.extract.districts import read_divisions
from geo.extract.places import PlaceFinder
from geo.geocode.areas import geo_precision
from geo.geocode.gazetteer import default_gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer()


def _read(gazetteer, text: str) -> dict:
    named = PlaceFinder(gazetteer).find(text)
    return {
        m.span.text: m.place for m in read_containment(text, read_divisions(text, named), gazetteer)
    }


def test_the_country_adjective_before_town_of_decides(gazetteer):
    # GeoNames has a Rafah in Gaza and one in Egypt; the larger is Gaza's.
    assert (
        _read(gazetteer, "Troops cleared homes in the Egyptian town of Rafah.")["Rafah"].country
        == "EG"
    )
    assert _read(gazetteer, "Strikes hit the Palestinian city of Rafah.")["Rafah"].country == "PS"


def test_a_list_in_a_division_lies_in_it(gazetteer):
    places = _read(gazetteer, "Drones targeted Chinari and Berd in Tavush province on Monday.")
    # Berd lies in Tavush as read; "Chinari" read alone is a village in Azerbaijan.
    assert places["Berd"].country == "AM"
    chinari = places["Chinari"]
    assert chinari.country == "AM"


def test_a_village_not_in_the_gazetteer_there_is_placed_at_its_division(gazetteer):
    places = _read(gazetteer, "Artillery shelled the village of Aghdam in its Tovuz district.")
    aghdam = places["Aghdam"]
    # Not the town of Aghdam in Karabakh, 100 km south-east.
    assert aghdam.country == "AZ" and aghdam.lat > 40.5
    region = places["Tovuz district"]
    assert (aghdam.lon, aghdam.lat) == (region.lon, region.lat) or geo_precision(aghdam) == 1


def test_a_place_that_lies_where_the_text_says_is_untouched(gazetteer):
    places = _read(gazetteer, "Shelling hit Kherson in the Kherson region.")
    assert places["Kherson"].place_type == "city" and places["Kherson"].country == "UA"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # A list may name places of several countries before one of them.
        ("Strikes hit Kyiv, Lviv and Belgorod in Russia.", {"Kyiv": "UA", "Lviv": "UA"}),
        ("Talks between Moscow and Kyiv in Saudi Arabia resumed.", {"Moscow": "RU", "Kyiv": "UA"}),
        # A claim the gazetteer does not share is no reason to lose the place.
        ("Protests in the Palestinian city of Jerusalem grew.", {"Jerusalem": "IL"}),
    ],
)
def test_a_place_with_no_meaning_where_the_text_says_is_kept(gazetteer, text, kept):
    places = _read(gazetteer, text)
    assert {name: places[name].country for name in kept} == kept


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Sevastopol is its own division beside Crimea's; Kyiv city inside Kyiv Oblast.
        ("Drones hit Sevastopol in Crimea.", "Sevastopol"),
        ("Missiles hit Kyiv in the Kyiv region.", "Kyiv"),
    ],
)
def test_a_place_at_the_edge_of_the_region_named_is_not_moved(gazetteer, text, name):
    place = _read(gazetteer, text)[name]
    assert place.name == name and place.id.startswith("geonames:")


def test_a_comma_before_a_country_says_where_the_place_is(gazetteer):
    places = _read(gazetteer, "Militants attacked Boni, Mali, on Monday.")
    assert places["Boni"].name == "Boni (Mali)"
