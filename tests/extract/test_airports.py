"""Airports by the names reports give them: the airport, never its town, never a far namesake."""

import pytest

from geo.extract.facilities import read_airports, read_facilities
from geo.extract.places import PlaceFinder
from geo.geocode.airports import Airport, Airports, airports
from geo.geocode.gazetteer import default_gazetteer
from geo.geocode.rank import distance_km


def read(text: str):
    gazetteer = default_gazetteer()
    return read_airports(text, read_facilities(text, PlaceFinder(gazetteer).find(text), gazetteer))


def _at(found, lat, lon, km=3.0):
    return distance_km((found.place.lon, found.place.lat), (lon, lat)) <= km


def test_an_airport_named_after_its_town_is_the_airport_not_the_town():
    # airportsdata: Kharkiv International Airport (UKHH) 49.9248, 36.29; the city is 12 km north.
    (found,) = [m for m in read("Russian missiles hit Kharkiv airport at dawn.")]
    assert found.place.name == "Kharkiv International Airport" and _at(found, 49.9248, 36.29)
    assert found.span.text == "Kharkiv airport"


def test_an_airport_by_its_town_and_its_own_name_joined_by_a_hyphen():
    # airportsdata: Ambodedjo Airport (GAMB), Mopti region, 14.5128, -4.07956.
    found = read("Mali's army guards the Mopti-Ambodedjo airport, officials in Mopti said.")
    (airport,) = [m for m in found if m.place.id.startswith("airport:")]
    assert airport.place.name == "Ambodedjo Airport" and _at(airport, 14.5128, -4.07956)
    assert airport.span.text == "Mopti-Ambodedjo airport"


def test_an_airport_by_its_own_name_of_a_country_the_story_is_not_about_is_not_taken():
    # "Ambodedjo" alone, in a story about Ukraine: nothing ties the name to Mali.
    found = read("Drones flew over the Ambodedjo airport and Kyiv, Ukraine's air force said.")
    assert not any(m.place.id.startswith("airport:") for m in found)


def test_a_town_with_an_airport_named_alone_stays_the_town():
    found = read("Shelling hit Kharkiv on Monday.")
    assert [m.place.place_type for m in found] == ["city"]


def _airport(icao, iata, name, city, lat, lon, country="XX"):
    return Airport(icao, iata, name, city, "", country, lat, lon)


def test_the_airport_sharing_most_words_then_near_then_with_flights_wins():
    listed = Airports(
        [
            _airport("XXAA", "", "North Field", "Aton", 10.0, 20.0),
            _airport("XXAB", "ATN", "Aton International Airport", "Aton", 10.1, 20.1),
            _airport("XXAC", "", "Aton Bela Airport", "Aton", 10.2, 20.2),
            _airport("YYAA", "FAR", "Aton Airport", "Aton", 40.0, 60.0, "YY"),
        ]
    )
    assert listed.find("Aton", near=(20.0, 10.0)).icao == "XXAB"  # flights, near
    assert listed.find("Aton-Bela", near=(20.0, 10.0)).icao == "XXAC"  # both words
    assert listed.find("Aton", near=(60.0, 40.0)).icao == "YYAA"  # the near one only
    assert listed.find("Aton", country="YY").icao == "YYAA"
    assert listed.find("Bela", near=(60.0, 40.0)) is None  # far from the town read


@pytest.mark.parametrize("name", ["Kharkiv", "Hodeidah", "El Fasher", "Sanaa"])
def test_the_shipped_list_has_airports_of_the_theatres(name):
    assert airports().find(name) is not None
