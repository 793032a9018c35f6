"""A facility named after a town is the facility: known, or said to be unknown, never the town."""

import datetime as dt

import pytest

from geo.extract.batch import Extractor
from geo.extract.facilities import UNKNOWN_FACILITY, read_facilities
from geo.extract.places import PlaceFinder
from geo.geocode.gazetteer import default_gazetteer
from geo.read.articles import Article


def read(text: str):
    gazetteer = default_gazetteer()
    return read_facilities(text, PlaceFinder(gazetteer).find(text), gazetteer)


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "Drones hit the Zaporizhzhia nuclear power plant.",
            "Zaporizhzhia nuclear power plant",
            "nuclear_power_plant",
        ),
        ("A missile struck Saky airbase overnight.", "Saky airbase", "airbase"),
        ("Russian drones hit the port of Odesa on Monday.", "port of Odesa", "port"),
    ],
)
def test_an_unknown_facility_is_said_to_be_unknown_not_put_on_its_town(text, name, kind):
    (found,) = [m for m in read(text) if m.place.place_type == kind]
    assert found.span.text == name and found.place.name == name
    assert found.place.lat is None and found.reason == UNKNOWN_FACILITY
    assert not any(m.place.place_type == "city" for m in read(text))


def test_a_facility_the_gazetteer_has_is_that_facility():
    (found,) = read("Rockets were fired at Hmeimim air base on Sunday.")
    assert found.place.name == "Khmeimim Air Base" and found.place.lat is not None


def test_a_town_named_alone_stays_the_town():
    names = [m.place.name for m in read("Shelling hit Zaporizhzhia city and Odesa on Monday.")]
    assert "Odesa" in names and any(n.startswith("Zaporizh") for n in names)


def test_events_and_zones_at_an_unknown_facility_need_review():
    extractor = Extractor(default_gazetteer())
    text = (
        "Drones struck the Zaporizhzhia nuclear power plant on Sunday, and the agency asked "
        "for a 30-kilometre exclusion zone around the Zaporizhzhia nuclear power plant. "
        "Shelling hit Zaporizhzhia on Sunday."
    )
    extractor.add(Article("npp.txt", text, dt.date(2024, 4, 8), "test"))
    features = extractor.finish().collection()["features"]
    (zone,) = [f for f in features if f["properties"]["kind"] == "zone"]
    assert (
        zone["geometry"] is None and "is not in the gazetteer" in zone["properties"]["center_basis"]
    )
    strikes = [f for f in features if f["properties"].get("label") == "drone strike"]
    assert [f["properties"]["place"] for f in strikes] == ["Zaporizhzhia nuclear power plant"]
    assert strikes[0]["geometry"] is None
    (shelling,) = [f for f in features if f["properties"].get("label") == "shelling"]
    assert shelling["geometry"] is not None  # the city itself, named alone


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The drone fell at 04:10 Kyiv time near Odesa.", "Kyiv"),
        ("Moscow blamed the Kyiv regime for the attack on Belgorod.", "Kyiv"),
    ],
)
def test_a_clock_or_a_government_named_after_a_city_is_no_place(text, absent):
    names = [m.span.text for m in PlaceFinder(default_gazetteer()).find(text)]
    assert absent not in names and names  # the real places are still read


def test_a_transliteration_the_gazetteer_lists_is_read_without_its_country():
    # "Hodeidah" is GeoNames' alternate for Al Ḩudaydah: the same consonants, no common word.
    names = [
        m.place.name
        for m in PlaceFinder(default_gazetteer()).find("A ship was hit west of Hodeidah on Monday.")
    ]
    assert names == ["Al Ḩudaydah"]
    # Alternates that are English words still need their country named.
    assert PlaceFinder(default_gazetteer()).find("But the strike hit nothing. Room was made.") == []
