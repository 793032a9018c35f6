"""Zones whose size the report gives by direction: "10 km in the north and 5 km in the south"."""

import datetime as dt

import numpy as np
from pyproj import Geod
from shapely.geometry import Point, shape

from geo.extract.batch import Extractor
from geo.extract.radii import find_radii
from geo.geocode.gazetteer import default_gazetteer
from geo.read.articles import Article
from geo.relations import relate
from geo.render.contract import zone_radius
from geo.wedges import sectored_zone

_GEOD = Geod(ellps="WGS84")


def test_sizes_by_direction_are_one_zone_reaching_as_far_as_each_says():
    (r,) = find_radii(
        "The army declared a military operations zone, 10 km in the north and 5 km "
        "in the south of the town."
    )
    assert r.directions == ((0.0, 10_000.0), (180.0, 5_000.0))
    assert r.radius_m == 10_000.0


def test_one_size_toward_one_side_is_no_zone_size():
    # An offset, read elsewhere: one direction, no zone word.
    assert find_radii("A missile struck a depot 12 km north of Kharkiv.") == []
    # Two directions without a zone word are distances, not a zone.
    assert find_radii("Troops advanced 3 km to the north and 2 km to the south.") == []


def test_the_drawn_zone_reaches_each_distance_along_its_direction():
    lon0, lat0 = -1.63, 14.10
    zone = sectored_zone(lon0, lat0, [(0.0, 10_000.0), (180.0, 5_000.0)])
    ring = np.array(zone["coordinates"][0])
    _, _, metres = _GEOD.inv(
        np.full(len(ring), lon0), np.full(len(ring), lat0), ring[:, 0], ring[:, 1]
    )
    assert abs(metres.min() - 5_000.0) < 0.01 and abs(metres.max() - 10_000.0) < 0.01
    area = shape(zone)
    for bearing, inside_m, outside_m in ((0.0, 9_900.0, 10_100.0), (180.0, 4_900.0, 5_100.0)):
        lon, lat, _ = _GEOD.fwd(lon0, lat0, bearing, inside_m)
        assert area.contains(Point(lon, lat))
        lon, lat, _ = _GEOD.fwd(lon0, lat0, bearing, outside_m)
        assert not area.contains(Point(lon, lat))


def _collection(text: str) -> dict:
    extractor = Extractor(default_gazetteer())
    extractor.add(Article("djibo.txt", text, dt.date(2023, 6, 28), "test"))
    return extractor.finish().collection()


def test_the_zone_is_written_with_its_sizes_and_survives_validation():
    collection = _collection(
        "The army has declared the surroundings of Djibo, in Burkina Faso, a military "
        "operations zone, 10 km in the north and 5 km in the south of the town."
    )
    (zone,) = [f for f in collection["features"] if f["properties"]["kind"] == "zone"]
    props = zone["properties"]
    assert props["shape"] == "sectors" and props["center"] == "Djibo"
    assert props["by_direction"] == [
        {"bearing_deg": 0.0, "radius_m": 10_000.0},
        {"bearing_deg": 180.0, "radius_m": 5_000.0},
    ]
    assert zone_radius(props) == "10 km N, 5 km S"
    # Read back as a contract, the zone keeps its shape: no circle of the widest reach.
    again = relate(collection)
    (zone_again,) = [f for f in again["features"] if f["properties"]["kind"] == "zone"]
    south = _GEOD.fwd(*props["center_lonlat"], 180.0, 7_000.0)[:2]
    assert not shape(zone_again["geometry"]).contains(Point(*south))


def test_distances_either_side_of_an_impact_are_no_zone():
    # "the area of" is a place, not a zone word: these are where shells fell.
    assert (
        find_radii("Shells fell in the area of Kupiansk, 3 km north and 5 km south of the city.")
        == []
    )


def test_an_edited_size_by_direction_is_checked_like_a_radius():
    import pytest

    from geo.errors import RadiusError

    collection = _collection(
        "The army has declared the surroundings of Djibo, in Burkina Faso, a military "
        "operations zone, 10 km in the north and 5 km in the south of the town."
    )
    (zone,) = [f for f in collection["features"] if f["properties"]["kind"] == "zone"]
    zone["properties"]["by_direction"][0]["radius_m"] = 30_000_000.0
    with pytest.raises(RadiusError, match="by_direction"):
        relate(collection)


def test_a_malformed_size_by_direction_is_one_problem_not_a_crash():
    from geo.validation import validate_collection

    collection = _collection(
        "The army has declared the surroundings of Djibo, in Burkina Faso, a military "
        "operations zone, 10 km in the north and 5 km in the south of the town."
    )
    (zone,) = [f for f in collection["features"] if f["properties"]["kind"] == "zone"]
    zone["properties"]["by_direction"] = "north"
    problems: list[str] = []
    kept = validate_collection(collection, "edited.geojson", problems)
    assert problems == [
        "edited.geojson: feature "
        f"{collection['features'].index(zone)}: zone by_direction is not a list of sizes"
    ]
    assert all(f["properties"]["kind"] != "zone" for f in kept["features"])


def test_a_sectors_zone_exports_with_its_sizes():
    from geo.export import _zone_name

    props = _collection(
        "The army has declared the surroundings of Djibo, in Burkina Faso, a military "
        "operations zone, 10 km in the north and 5 km in the south of the town."
    )
    (zone,) = [f for f in props["features"] if f["properties"]["kind"] == "zone"]
    assert _zone_name(zone["properties"]) == "10 km N, 5 km S around Djibo"


def test_an_incident_is_inside_a_zone_sized_by_direction_only_within_its_reach():
    from geo.relations import ShapeRelations

    lon0, lat0 = -1.63, 14.10
    zone = sectored_zone(lon0, lat0, [(0.0, 10_000.0), (180.0, 5_000.0)])
    props = {
        "kind": "zone",
        "shape": "sectors",
        "center": "Djibo",
        "center_lonlat": [lon0, lat0],
        "radius_m": 10_000.0,
        "label": "10 km N, 5 km S",
    }
    north = _GEOD.fwd(lon0, lat0, 0.0, 8_000.0)[:2]
    south = _GEOD.fwd(lon0, lat0, 180.0, 8_000.0)[:2]
    relations = ShapeRelations([(props, zone)], [north, south])
    assert relations.inside_counts == [1]
    ((entry,), none) = relations.entries
    assert none == [] and abs(entry["distance_m"] - 8_000.0) < 1.0


def test_every_kind_of_zone_word_may_be_sized_by_direction():
    # The quick check that a sentence may size a zone by direction must pass
    # each word of a zone, however the report writes it.
    for zone in (
        "deconfliction zone",
        "no-fly zone",
        "security area",
        "restricted area",
        "exclusion area",
        "territorial waters",
        "cordon",
        "perimeter",
        "buffer",
        "ring",
        "radius",
        "bubble",
        "no-go",
    ):
        sentence = f"They set a {zone} 10 km to the north and 5 km to the south of the base."
        (r,) = find_radii(sentence)
        assert r.directions == ((0.0, 10_000.0), (180.0, 5_000.0)), zone
