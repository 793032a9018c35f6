"""Offsets on the maps: a wedge where "70 nm west of Hodeidah" may lie, drawn from its facts."""

import copy
import datetime as dt

import pytest
import shapely.geometry

from geo.extract.batch import Extractor
from geo.geocode.gazetteer import default_gazetteer
from geo.read.articles import Article
from geo.relations import relate
from geo.render.folium_map import offset_wedge
from geo.render.html import render_html
from geo.render.static import render_static_bytes

TEXT = "A bulk carrier was struck by a missile 70 nautical miles west of Hodeidah on Monday."
WEDGE_LEGEND = "where a position given as distance and direction from a place may lie"


def collection(text: str = TEXT) -> dict:
    extractor = Extractor(default_gazetteer())
    extractor.add(Article("ship.txt", text, dt.date(2024, 2, 12), "test"))
    return relate(extractor.finish().collection())


def offset_place(found: dict) -> dict:
    return next(f for f in found["features"] if f["properties"].get("place_type") == "offset")


def test_the_html_map_draws_the_wedge_with_what_it_rests_on():
    page = render_html(collection(), title="Offsets")
    assert '"dashArray":"5 4"' in page
    assert "“70 nautical miles west of Hodeidah”" in page
    assert "bearing ±45°" in page and "distance ±0.9 km" in page
    assert WEDGE_LEGEND in page
    plain = render_html(collection("A missile struck Aden on Monday."), title="No offsets")
    assert WEDGE_LEGEND not in plain and '"dashArray":"5 4"' not in plain


def test_the_wedge_follows_the_offset_as_edited():
    place = offset_place(collection())
    west = shapely.geometry.shape(offset_wedge(place["properties"]))
    edited = copy.deepcopy(place["properties"])
    edited["offset"]["bearing_deg"] = 0.0  # "north of Hodeidah"
    north = shapely.geometry.shape(offset_wedge(edited))
    lon, lat = place["properties"]["offset"]["reference_lonlat"]
    assert west.centroid.x < lon - 0.8 and abs(west.centroid.y - lat) < 0.3
    assert north.centroid.y > lat + 0.8 and abs(north.centroid.x - lon) < 0.3
    # And no wedge for a place given by name.
    assert offset_wedge({"name": "Aden"}) is None


def test_the_print_map_draws_the_wedge_and_says_what_it_is():
    svg = render_static_bytes(collection(), "svg", title="Offsets").decode()
    assert WEDGE_LEGEND in svg
    plain = render_static_bytes(collection("A missile struck Aden on Monday."), "svg", title="x")
    assert WEDGE_LEGEND not in plain.decode()


def test_an_edited_offset_moves_its_point_and_its_incident():
    found = collection()
    for f in found["features"]:
        if "offset" in f["properties"]:
            f["properties"]["offset"]["bearing_deg"] = 0.0  # now "north of Hodeidah"
    moved = relate(found)
    lon, lat = offset_place(found)["properties"]["offset"]["reference_lonlat"]
    for f in moved["features"]:
        if "offset" in f["properties"]:
            x, y = f["geometry"]["coordinates"]
            assert abs(x - lon) < 0.01 and y == pytest.approx(lat + 1.17, abs=0.02)
    # Unedited, nothing moves: the same geometry objects come back.
    again = collection()
    same = relate(again)
    assert [f["geometry"] for f in same["features"]] == [f["geometry"] for f in again["features"]]
