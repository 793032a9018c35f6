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
            "Drones hit the Rivne nuclear power plant.",
            "Rivne nuclear power plant",
            "nuclear_power_plant",
        ),
        ("A missile struck Millerovo airbase overnight.", "Millerovo airbase", "airbase"),
        ("Russian drones hit the port of Berdiansk on Monday.", "port of Berdiansk", "port"),
        # A camp named after its town, with no "refugee" before it.
        ("Fighters shelled the Nyala camp in Sudan.", "Nyala camp", "camp"),
        # Named after a camp in Damascus, it lies in Khartoum.
        (
            "Fighting for the Yarmouk military complex continued.",
            "Yarmouk military complex",
            "military_base",
        ),
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


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Drones hit the Zaporizhzhia nuclear power plant.", "Zaporizhzhia Nuclear Power Plant"),
        ("A missile struck Saky airbase overnight.", "Saky air base"),
    ],
)
def test_a_facility_of_the_sourced_list_is_not_its_town(text, name):
    (found,) = [m for m in read(text) if m.place.place_type not in ("city", "country")]
    assert found.place.name == name and found.place.lat is not None
    assert not any(m.place.place_type == "city" for m in read(text))


def test_a_town_named_alone_stays_the_town():
    names = [m.place.name for m in read("Shelling hit Zaporizhzhia city and Odesa on Monday.")]
    assert "Odesa" in names and any(n.startswith("Zaporizh") for n in names)


def test_events_and_zones_at_an_unknown_facility_need_review():
    extractor = Extractor(default_gazetteer())
    text = (
        "Drones struck the Rivne nuclear power plant on Sunday, and the agency asked "
        "for a 30-kilometre exclusion zone around the Rivne nuclear power plant. "
        "Shelling hit Rivne on Sunday."
    )
    extractor.add(Article("npp.txt", text, dt.date(2024, 4, 8), "test"))
    features = extractor.finish().collection()["features"]
    (zone,) = [f for f in features if f["properties"]["kind"] == "zone"]
    assert (
        zone["geometry"] is None and "is not in the gazetteer" in zone["properties"]["center_basis"]
    )
    strikes = [f for f in features if f["properties"].get("label") == "drone strike"]
    assert [f["properties"]["place"] for f in strikes] == ["Rivne nuclear power plant"]
    assert strikes[0]["geometry"] is None
    (shelling,) = [f for f in features if f["properties"].get("label") == "shelling"]
    assert shelling["geometry"] is not None  # the city itself, named alone


def test_a_zone_around_a_known_facility_is_around_it_not_its_town():
    extractor = Extractor(default_gazetteer())
    text = (
        "The agency asked for a 30-kilometre exclusion zone around the Zaporizhzhia nuclear "
        "power plant. Shelling hit Zaporizhzhia on Sunday."
    )
    extractor.add(Article("npp.txt", text, dt.date(2024, 4, 8), "test"))
    features = extractor.finish().collection()["features"]
    (zone,) = [f for f in features if f["properties"]["kind"] == "zone"]
    assert zone["properties"]["center"] == "Zaporizhzhia Nuclear Power Plant"
    lon, lat = zone["properties"]["center_lonlat"]
    assert 34.5 < lon < 34.7 and 47.4 < lat < 47.6  # Enerhodar, 50 km from the city


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


def test_a_camp_named_after_a_capital_is_a_political_side():
    names = [(m.span.text, m.place.place_type) for m in read("The Moscow camp rejected the plan.")]
    assert names == [("Moscow", "city")]


def test_a_building_named_by_its_name_and_kind_is_that_landmark_or_said_unknown():
    from geo.extract.facilities import read_landmarks

    gazetteer = default_gazetteer()

    def landmarks(text):
        found = read_landmarks(text, PlaceFinder(gazetteer).find(text), gazetteer)
        return {m.span.text: m for m in found if m.place.place_type == "landmark"}

    # data/gazetteer.csv: Al-Shifa Hospital, 31.5242, 34.4442 (English Wikipedia infobox).
    known = landmarks("Troops raided Al-Shifa Hospital in Gaza City on Wednesday.")
    shifa = known["Al-Shifa Hospital"].place
    assert shifa.id == "geo:al-shifa-hospital" and shifa.lat is not None
    # data/gazetteer.csv: Jamia Masjid (Srinagar), 34.0984, 74.8092, named with its town's
    # qualifier: the Jamia Masjid of a story about Srinagar, not of one about Sopore (45 km).
    srinagar = landmarks("A grenade was thrown near the Jamia Masjid in Srinagar.")
    assert srinagar["Jamia Masjid"].place.id == "geo:jamia-masjid-srinagar"
    unknown = landmarks("A grenade was thrown near the Jamia Masjid in Sopore.")
    masjid = unknown["Jamia Masjid"]
    assert masjid.place.lat is None and masjid.reason == UNKNOWN_FACILITY
    assert not landmarks("The hospital said nine people were wounded in Gaza.")


def _zone_of(text):
    extractor = Extractor(default_gazetteer())
    extractor.add(Article("a.txt", text, dt.date(2024, 7, 5), "test"))
    (zone,) = [
        f for f in extractor.finish().collection()["features"] if f["properties"]["kind"] == "zone"
    ]
    return zone


def test_a_zone_around_an_unknown_landmark_names_it_for_review():
    zone = _zone_of("Police sealed a 300-metre radius around the Jamia Masjid in Sopore on Friday.")
    assert zone["geometry"] is None or zone["properties"].get("center_lonlat") is None
    assert "“Jamia Masjid” is not in the gazetteer" in zone["properties"]["center_basis"]


def test_a_zone_around_a_known_landmark_is_around_the_building_not_its_town():
    zone = _zone_of(
        "Police sealed a 300-metre radius around the Jamia Masjid in Srinagar on Friday."
    )
    lon, lat = zone["properties"]["center_lonlat"]
    # The mosque (34.0984, 74.8092), 1.6 km from GeoNames' Srinagar (34.0857, 74.8056).
    assert abs(lat - 34.098352) < 1e-4 and abs(lon - 74.809180) < 1e-4
