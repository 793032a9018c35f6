"""Positions given as offsets: "70 nautical miles west of Hodeidah" is not Hodeidah."""

import datetime as dt
import math

import pytest
import shapely.geometry
from pyproj import Geod

from geo.extract.batch import Extractor
from geo.extract.offsets import find_offsets, reference_extent_m
from geo.extract.places import PlaceFinder
from geo.geocode.gazetteer import default_gazetteer
from geo.read.articles import Article
from geo.wedges import uncertainty_area

GEOD = Geod(ellps="WGS84")


def offsets_in(text: str):
    gazetteer = default_gazetteer()
    places = PlaceFinder(gazetteer).find(text)
    return find_offsets(text, 0, len(text), places, gazetteer)


def only(text: str):
    found = offsets_in(text)
    assert len(found) == 1, [o.span.text for o in found]
    return found[0]


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2]


@pytest.mark.parametrize(
    ("text", "reference", "bearing", "half_width", "distance_m"),
    [
        (
            "A ship was hit 70 nautical miles west of Hodeidah.",
            "Al Ḩudaydah",
            270.0,
            45.0,
            129_640.0,
        ),
        ("UKMTO: incident 80NM W of Mokha, vessel safe.", "Mocha", 270.0, 45.0, 148_160.0),
        ("It was struck 40 nautical miles (74 km) east of Aden.", "Aden", 90.0, 45.0, 74_080.0),
        ("Shelling 12 km north of Kharkiv wounded two.", "Kharkiv", 0.0, 45.0, 12_000.0),
        ("A drone fell 12 km north-northwest of Kharkiv.", "Kharkiv", 337.5, 11.25, 12_000.0),
        ("Blasts 25 km NE of Odesa were heard.", "Odesa", 45.0, 22.5, 25_000.0),
        (
            "a patrol 30 miles to the southeast of the port of Sevastopol",
            "Sevastopol",
            135.0,
            22.5,
            48_280.32,
        ),
        (
            "about 100 nautical miles west of Puerto Princesa",
            "Puerto Princesa",
            270.0,
            45.0,
            185_200.0,
        ),
    ],
)
def test_an_offset_is_at_the_geodesic_distance_and_bearing_from_its_place(
    text, reference, bearing, half_width, distance_m
):
    offset = only(text)
    ref = offset.reference.place
    assert ref.name == reference
    assert offset.bearing_deg == bearing and offset.half_width_deg == half_width
    assert offset.distance_m == pytest.approx(distance_m)
    # The point is where a geodesic from the place at that bearing ends, to the millimetre.
    lon, lat, _ = GEOD.fwd(ref.lon, ref.lat, bearing, distance_m)
    assert metres_between((offset.lon, offset.lat), (lon, lat)) < 0.001
    assert metres_between((ref.lon, ref.lat), (offset.lon, offset.lat)) == pytest.approx(
        distance_m, abs=0.01
    )
    assert offset.span.text.endswith(offset.reference.span.text)


@pytest.mark.parametrize(
    ("text", "expected_m"),
    [
        ("70 nautical miles west of Aden", 926.0),  # ±0.5 nm
        ("7.5 km west of Aden", 50.0),  # ±0.05 km
        ("about 70 nautical miles west of Aden", 12_964.0),  # hedged: ±10 %
        ("some 12 km west of Aden", 1_200.0),
    ],
)
def test_the_distance_is_as_precise_as_it_is_written(text, expected_m):
    assert only(text).distance_uncertainty_m == pytest.approx(expected_m)


@pytest.mark.parametrize(
    "text",
    [
        "The convoy came within 17 miles of At Tanf before turning back.",
        "Forces pushed 10 km into the zone near Aden.",
        "A ship was hit 70 nautical miles off the coast.",
        "The unit moved 20 km west of the border.",
        "Troops advanced 5 km in West Bank villages.",
        "The 55 km zone around At Tanf held.",
    ],
)
def test_distances_that_are_not_offsets_from_a_place_give_none(text):
    assert offsets_in(text) == []


def test_the_wedge_holds_the_point_and_every_position_the_words_allow():
    offset = only("The tanker was hit 70 nautical miles west of Hodeidah.")
    facts = offset.properties()
    area, reach = uncertainty_area(facts)
    wedge = shapely.geometry.shape(area)
    assert wedge.is_valid and area["type"] == "Polygon"
    assert wedge.contains(shapely.geometry.Point(offset.lon, offset.lat))
    ref = offset.reference.place
    # The far corners the words allow: 70.5 nm at 225 and 315 degrees, past the town's edge.
    extent = reference_extent_m(ref)
    for bearing in (226.0, 314.0):
        lon, lat, _ = GEOD.fwd(ref.lon, ref.lat, bearing, 70.5 * 1852 + extent * 0.9)
        assert wedge.contains(shapely.geometry.Point(lon, lat))
    # Not the town, nor positions east of it.
    assert not wedge.contains(shapely.geometry.Point(ref.lon, ref.lat))
    lon, lat, _ = GEOD.fwd(ref.lon, ref.lat, 90.0, 129_640.0)
    assert not wedge.contains(shapely.geometry.Point(lon, lat))
    # The point-radius reaches the wedge's farthest corner, and no farther.
    corner = GEOD.fwd(
        ref.lon, ref.lat, 225.0 - math.degrees(extent / 129_640), 129_640 + 926 + extent
    )
    assert reach >= metres_between((offset.lon, offset.lat), corner[:2]) - 1.0
    assert reach < 2 * 129_640 * math.sin(math.radians(46)) + 926 + extent


def test_a_wedge_across_the_antimeridian_is_cut_there_and_stays_small():
    facts = {
        "reference_lonlat": [179.9, -16.5],
        "bearing_deg": 90.0,
        # From 4.5 km to 35.5 km east of 179.9: the wedge spans longitude 180.
        "distance_m": 20_000.0,
        "uncertainty": {"bearing_deg": 22.5, "distance_m": 500.0, "reference_extent_m": 15_000.0},
    }
    area, reach = uncertainty_area(facts)
    shape = shapely.geometry.shape(area)
    assert area["type"] == "MultiPolygon" and shape.is_valid
    assert shape.area < 1.0  # square degrees: the wedge, not the world around it
    assert reach < 40_000


def extracted(*texts: str) -> dict:
    extractor = Extractor(default_gazetteer())
    for i, text in enumerate(texts):
        extractor.add(Article(f"r{i}.txt", text, dt.date(2024, 2, 12), "test"))
    return extractor.finish().collection()


def test_an_incident_told_at_an_offset_is_there_not_on_the_town():
    collection = extracted(
        "A bulk carrier was struck by a missile 70 nautical miles west of Hodeidah on Monday."
    )
    incidents = [f for f in collection["features"] if f["properties"]["kind"] == "incident"]
    assert len(incidents) == 1
    props = incidents[0]["properties"]
    assert props["place"] == "70 nm W of Hodeidah" and props["geo_precision"] == 2
    assert props["offset"]["reference"] == "Al Ḩudaydah"
    assert props["offset"]["reported"]["text"] == "70 nautical miles west of Hodeidah"
    town = next(f for f in collection["features"] if f["properties"].get("name") == "Al Ḩudaydah")
    lon, lat = incidents[0]["geometry"]["coordinates"]
    assert metres_between((lon, lat), tuple(town["geometry"]["coordinates"])) == pytest.approx(
        129_640, abs=1
    )
    assert props["uncertainty_m"] > 0


def test_one_position_told_in_two_forms_is_one_place():
    collection = extracted(
        "A tanker was hit about 70 nautical miles west of Hodeidah on Monday.",
        "UKMTO said the tanker was attacked 130 km W of Hodeidah on Monday.",
    )
    offsets = [f for f in collection["features"] if f["properties"].get("place_type") == "offset"]
    assert len(offsets) == 1
    assert len(offsets[0]["properties"]["mentions"]) == 2
    # Another distance the same way is another position.
    two = extracted("One ship was hit 20 km west of Aden and another 90 km west of Aden.")
    assert len([f for f in two["features"] if f["properties"].get("place_type") == "offset"]) == 2


def test_an_offset_from_a_countrys_name_is_from_its_city():
    import datetime as dt

    from geo.extract.batch import Extractor
    from geo.geocode.gazetteer import default_gazetteer
    from geo.read.articles import Article

    extractor = Extractor(default_gazetteer())
    text = "UKMTO has received a report of an incident approximately 54NM East of Djibouti."
    extractor.add(Article("u.txt", text, dt.date(2024, 3, 4), "test"))
    (offset,) = [
        f
        for f in extractor.finish().collection()["features"]
        if f["properties"].get("place_type") == "offset"
    ]
    facts = offset["properties"]["offset"]
    # From Djibouti city (43.14 E, 11.59 N), not lost for want of a country's point.
    assert abs(facts["reference_lonlat"][0] - 43.14) < 0.1 and facts["bearing_deg"] == 90.0


def test_a_reference_with_namesakes_is_the_one_near_the_storys_other_places():
    # "Mocha" is also an alternate name of Oeiras in Brazil; in a note on the
    # Gulf of Aden it is Yemen's port.
    found = offsets_in(
        "Container ship reported two explosions approx 70NM SE of Aden. "
        "Bulk carrier hit by an anti-ship missile 18NM W of Mocha."
    )
    assert [o.reference.place.country for o in found] == ["YE", "YE"]


def test_the_first_word_of_a_longer_name_far_from_the_story_is_no_reference():
    from geo.extract.batch import extract
    from geo.read.articles import article_from_text

    text = (
        "date 2019-07-19 Vietnam's coast guard on 12 July detained a Chinese fishing trawler "
        "about 20 nautical miles south-west of Bạch Long Vĩ island in the Gulf of Tonkin."
    )
    collection = extract([article_from_text(text, "t.txt")]).collection
    names = [f["properties"].get("name") for f in collection["features"]]
    assert not any(str(n).startswith("about 20 nm SW of Bạch") for n in names)
