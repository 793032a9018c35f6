"""Zones along roads: a road of data/roads.csv found by its name or by its two ends."""

from __future__ import annotations

import datetime as dt

import pytest
from pyproj import Geod
from shapely.geometry import Point, shape

from geo.extract.batch import Extractor
from geo.geocode.gazetteer import default_gazetteer
from geo.read.articles import Article
from geo.render.contract import zone_radius
from geo.roads import road_by_name, road_named, roads
from geo.strips import zone_line

_GEOD = Geod(ellps="WGS84")


def _zones(text: str) -> list[dict]:
    extractor = Extractor(default_gazetteer())
    extractor.add(Article("road.txt", text, dt.date(2023, 4, 24), "test"))
    collection = extractor.finish().collection()
    return [f for f in collection["features"] if f["properties"]["kind"] == "zone"]


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("the road that links Khankendi with Armenia", "Lachin corridor"),
        ("the road which connects Stepanakert to Goris", "Lachin corridor"),
        ("the Lachin–Khankendi road", "Lachin corridor"),
        ("the key Khankendi-Kornidzor road", "Lachin corridor"),
        ("the M4 highway", "M4 highway"),
        ("the highway between Saraqib and Latakia", "M4 highway"),
        ("the road from Latakia to Aleppo was closed", "M4 highway"),
        ("the Salah al-Deen Road", "Salah al-Din Road"),
        ("the road that links Mosul with Erbil", None),
        ("the road", None),
        ("the road between Saraqib and Erbil", None),
    ],
)
def test_a_road_is_found_by_its_name_or_its_two_ends(phrase, name):
    road = road_named(phrase)
    assert (road.name if road else None) == name


def test_every_road_of_the_data_has_a_source_and_a_route():
    for road in roads():
        assert road.source.startswith("https://") and len(road.route) >= 2
        assert road_by_name(road.name) is road


def test_a_strip_told_wide_along_a_road_is_half_the_width_each_side():
    (zone,) = _zones(
        "Under the 2020 statement, the corridor is a strip 5 km wide along the road that "
        "links Khankendi with Armenia, under the control of Russian peacekeepers."
    )
    props = zone["properties"]
    assert props["center"] == "Lachin corridor" and props["line"]["kind"] == "road"
    assert props["radius_m"] == pytest.approx(2500.0) and props["label"] == "5 km (3.1 mi) wide"
    assert props["line"]["source"].endswith("wikipedia.org/wiki/Lachin_corridor")
    # The maps name it by its whole width, as told.
    assert props["across_m"] == pytest.approx(5000.0)
    assert zone_radius(props) == "5 km (3.1 mi) wide"
    area = shape(zone["geometry"])
    # Lachin lies on the route: 2.4 km from it is inside, 2.6 km outside.
    route = zone_line(props)
    assert route is not None and route.distance(Point(46.54977, 39.63742)) < 1e-6
    for metres, inside in ((2400.0, True), (2700.0, False)):
        # Across the leg Lachin -> Kornidzor, which runs about south (bearing 190):
        # due west of Lachin, 2.7 km is 2.66 km from the route.
        lon, lat, _ = _GEOD.fwd(46.54977, 39.63742, 270.0, metres)
        assert area.contains(Point(lon, lat)) is inside, metres


def test_a_distance_from_a_road_is_that_far_on_each_side():
    (zone,) = _zones(
        "Turkey and Russia agreed on a security corridor 6 km deep to the north and south of "
        "the M4 highway in Idlib."
    )
    props = zone["properties"]
    assert props["center"] == "M4 highway" and props["radius_m"] == pytest.approx(6000.0)
    area = shape(zone["geometry"])
    # Ariha lies on the route; 5.8 km north of it is in the corridor, 6.3 km is not.
    for metres, inside in ((5800.0, True), (6300.0, False)):
        lon, lat, _ = _GEOD.fwd(36.60964, 35.81374, 0.0, metres)
        assert area.contains(Point(lon, lat)) is inside, metres


def test_a_road_of_that_name_far_from_the_story_is_not_drawn():
    (zone,) = _zones("Police closed a 5 km zone along the M4 motorway near Bristol.")
    props = zone["properties"]
    assert zone["geometry"] is None and props["center_basis"].startswith("line needs review")
