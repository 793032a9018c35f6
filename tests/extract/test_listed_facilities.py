"""Airports and ports by the names reports give them: the facility, not its town or a namesake."""

import pytest

from geo.extract.facilities import read_facilities, read_listed
from geo.extract.places import PlaceFinder
from geo.geocode.gazetteer import default_gazetteer
from geo.geocode.listed import FacilityList, Listed, airports, ports
from geo.geocode.rank import distance_km


def read(text: str):
    gazetteer = default_gazetteer()
    return read_listed(text, read_facilities(text, PlaceFinder(gazetteer).find(text), gazetteer))


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
    return Listed("airport", icao, bool(iata), name, city, "", country, lat, lon)


def test_the_airport_sharing_most_words_then_near_then_with_flights_wins():
    listed = FacilityList(
        [
            _airport("XXAA", "", "North Field", "Aton", 10.0, 20.0),
            _airport("XXAB", "ATN", "Aton International Airport", "Aton", 10.1, 20.1),
            _airport("XXAC", "", "Aton Bela Airport", "Aton", 10.2, 20.2),
            _airport("YYAA", "FAR", "Aton Airport", "Aton", 40.0, 60.0, "YY"),
        ]
    )
    assert listed.find("Aton", near=(20.0, 10.0)).code == "XXAB"  # flights, near
    assert listed.find("Aton-Bela", near=(20.0, 10.0)).code == "XXAC"  # both words
    assert listed.find("Aton", near=(60.0, 40.0)).code == "YYAA"  # the near one only
    assert listed.find("Aton", countries={"YY"}).code == "YYAA"
    assert listed.find("Bela", near=(60.0, 40.0)) is None  # far from the town read


@pytest.mark.parametrize("name", ["Kharkiv", "Hodeidah", "El Fasher", "Sanaa"])
def test_the_shipped_list_has_airports_of_the_theatres(name):
    assert airports().find(name) is not None


def test_a_port_by_its_own_name_is_the_listed_port_in_a_country_of_the_story():
    # searoute ports: Ras Isa Marine Terminal (YERAI) 15.2235, 42.6934.
    found = read("A tanker was hit near the port of Ras Isa in Yemen's Hodeidah province.")
    (port,) = [m for m in found if m.place.id.startswith("port:")]
    assert port.place.name == "Ras Isa Marine Terminal" and _at(port, 15.2235, 42.6934)
    assert port.span.text == "port of Ras Isa" and port.place.place_type == "port"


def test_the_port_of_a_town_is_the_listed_port_near_it():
    # searoute ports: Izmail (UAIZM) 45.3295, 28.8308, on the Danube by the town.
    found = read("Russian drones struck the port of Izmail overnight, Ukraine said.")
    (port,) = [m for m in found if m.place.place_type == "port"]
    assert port.place.id == "port:UAIZM" and _at(port, 45.3295, 28.8308)
    assert not any(m.place.place_type == "city" for m in found)


def test_the_port_list_is_read_from_the_shipped_data():
    assert ports().find("Hodeidah port", countries={"YE"}).code == "YEHOD"
    assert ports().find("Hodeidah port", countries={"UA"}) is None


def test_an_airport_by_its_town_and_a_capitalised_name_is_the_airport():
    # airportsdata: Beirut Rafic Hariri International Airport (OLBA) 33.8209, 35.4884.
    found = read("Flights resumed at Beirut Rafic Hariri International Airport on Monday.")
    (airport,) = found  # the supplement's row for it, or the list's: never the city
    assert airport.place.place_type == "airport" and _at(airport, 33.8209, 35.4884)
    found = read("Flights resumed at Kharkiv Osnova International Airport on Monday.")
    (airport,) = found  # airportsdata: Kharkiv International Airport (UKHH), the list's only
    assert airport.place.id == "airport:UKHH" and airport.span.text.startswith("Kharkiv Osnova")
