"""A zone's centre is what the report names with it, or it needs review: never the most named."""

import datetime as dt

from geo.extract.batch import Extractor
from geo.geocode.gazetteer import default_gazetteer
from geo.read.articles import Article
from geo.render.html import render_html
from geo.render.static import render_static_bytes


def zones_of(text: str) -> tuple[list[dict], list[str], dict]:
    extractor = Extractor(default_gazetteer())
    extractor.add(Article("z.txt", text, dt.date(2024, 5, 1), "test"))
    finished = extractor.finish()
    collection = finished.collection()
    zones = [f for f in collection["features"] if f["properties"]["kind"] == "zone"]
    return zones, finished.problems, collection


def test_a_facility_the_sentence_points_back_at_is_the_centre():
    (zone,) = zones_of(
        "Militias neared At Tanf on Monday. Damascus and Moscow protested. Damascus said so "
        "again. The garrison sits on the highway, and the 55-kilometer zone the coalition "
        "enforces around it has kept the road closed."
    )[0]
    assert zone["properties"]["center"] == "At Tanf garrison"
    assert zone["properties"]["center_basis"] == "the garrison named before (“At Tanf”)"


def test_the_zone_told_before_keeps_its_centre():
    zones, _, _ = zones_of(
        "The coalition keeps a 55 km zone around At Tanf. Moscow protested in Moscow and Damascus. "
        "Planners describe the zone as 55 kilometres deep in every direction."
    )
    (zone,) = zones
    assert zone["properties"]["center"] == "At Tanf garrison"
    assert len(zone["properties"]["sources"]) == 2


def test_a_zone_with_no_centre_is_kept_and_said_to_need_review():
    zones, problems, collection = zones_of(
        "Shelling hit Kharkiv and Kharkiv again on Monday. Kharkiv was hit once more. "
        "The army then declared a 20 km exclusion zone on Tuesday, officials said."
    )
    (zone,) = zones
    assert zone["geometry"] is None and zone["properties"]["center"] is None
    assert zone["properties"]["center_basis"].startswith("centre needs review")
    assert zone["properties"]["radius_m"] == 20_000.0
    assert any("20 km exclusion zone" in p and "centre needs review" in p for p in problems)
    page = render_html(collection, title="Review")
    assert "Centre needs review.</b> A zone of “20 km exclusion zone”" in page
    svg = render_static_bytes(collection, "svg", title="Review").decode()
    assert "Centre needs review" in svg


def test_a_plant_not_placed_is_not_its_town():
    zones, _, _ = zones_of(
        "Shelling hit Enerhodar on Monday. Enerhodar lost power. Inspectors asked for a "
        "30-kilometre exclusion zone around the nuclear power plant."
    )
    (zone,) = zones
    assert zone["geometry"] is None and zone["properties"]["center"] is None
    assert "“the plant”" in zone["properties"]["center_basis"]


def test_the_noun_points_back_at_a_place_of_its_kind():
    # "the shoal" is the shoal named before, not the airbase named after it.
    (zone,) = zones_of(
        "Chinese ships blocked Scarborough Shoal on Monday, as Russian jets left Khmeimim "
        "Air Base. "
        "China says the 12-nautical-mile territorial sea around the shoal is its own."
    )[0]
    props = zone["properties"]
    assert props["center"] == "Scarborough Shoal" and props["radius_m"] == 22_224.0
    assert props["center_basis"].startswith("the shoal named before")


def _zones_of(text: str) -> list[dict]:
    from geo.extract.batch import extract
    from geo.read.articles import article_from_text

    collection = extract([article_from_text(text, "t.txt")]).collection
    return [f["properties"] for f in collection["features"] if f["properties"]["kind"] == "zone"]


def test_an_order_to_the_people_within_a_distance_of_a_named_place_is_a_zone():
    zones = _zones_of(
        "date 2024-05-07 Israel's army has told residents of neighbourhoods within 3 km of the "
        "Rafah crossing to move to what it calls an expanded humanitarian area."
    )
    assert [(z["radius_m"], z["center"]) for z in zones] == [(3000.0, "Rafah Border Crossing")]


def test_a_name_an_offset_vouched_for_centres_a_zone_told_later():
    zones = _zones_of(
        "date 2024-02-20 THREAT ADVISORY\n\n1. 18 FEB 2024 — approx 32NM SSW of Mokha. Bulk "
        "carrier hit by two missiles.\n\nASSESSMENT: Masters are advised to avoid transiting "
        "within 30NM of Mokha during the hours of darkness.\n"
    )
    assert [(z["radius_m"], z["center"]) for z in zones] == [(55560.0, "Mocha")]


def test_a_rule_told_after_the_place_makes_the_distance_a_zone():
    zones = _zones_of(
        "date 2024-05-07 Shops within 8 km of Kherson will stay shut, and roads within 3 km of "
        "Nikopol remain closed to traffic."
    )
    assert sorted((z["radius_m"], z["center"]) for z in zones) == [
        (3000.0, "Nikopol"),
        (8000.0, "Kherson"),
    ]


def test_being_told_to_keep_more_than_a_distance_from_a_place_is_a_zone_around_it():
    zones = _zones_of(
        "date 2024-05-07 Ships were warned to stay more than 25 nautical miles from Hodeidah."
    )
    assert [(z["radius_m"], z["center"]) for z in zones] == [(46300.0, "Al Ḩudaydah")]


def test_a_distance_someone_merely_went_is_no_zone():
    assert _zones_of("date 2024-05-07 Troops came within 8 km of Kherson on Monday.") == []
    assert _zones_of("date 2024-05-07 The convoy stayed 20 km from Kherson, officials said.") == []


def test_the_town_s_airport_is_the_listed_airport_of_the_town_named_before():
    zones = _zones_of(
        "date 2024-05-07 Fighting reached the outskirts of Sittwe on Monday. The rebels told "
        "civilians to leave areas within 4 km of the town's airport."
    )
    assert [(z["radius_m"], z["center"]) for z in zones] == [(4000.0, "Sittwe Airport")]


def test_the_airport_named_before_centres_a_ban_around_the_airport():
    zones = _zones_of(
        "date 2024-05-07 Shells landed near Aden Adde International Airport in Mogadishu. "
        "Motorbikes are banned within 2 km of the airport until Friday."
    )
    assert [(z["radius_m"], z["center"]) for z in zones] == [
        (2000.0, "Aden Adde International Airport")
    ]


def test_keeping_outside_a_distance_of_a_place_and_limits_within_it_are_zones():
    told = [
        "Fighting flared near Hodeidah. The navy said trawlers must stay outside 6 nautical "
        "miles of Hodeidah.",
        "Troops clashed in Marawi and Iligan. Aid agencies limit travel within 15 km of Marawi.",
        "Shelling hit Pokrovsk. Residents must leave homes within 2 km of Avdiivka.",
    ]
    zones = [z for text in told for z in _zones_of("date 2024-05-07 " + text)]
    assert [(z["radius_m"], z["center"]) for z in zones] == [
        (11112.0, "Al Ḩudaydah"),
        (15000.0, "Marawi City"),
        (2000.0, "Avdiyivka"),
    ]
