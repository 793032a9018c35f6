"""The contract (geo.features): what every stage writes and reads, written down and checked."""

import json
import math
import typing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import InputFormatError
from geo.features import (
    CollectionMeta,
    Document,
    IncidentProperties,
    Mention,
    Offset,
    OffsetUncertainty,
    PlaceProperties,
    Source,
    ZoneLine,
    ZoneProperties,
    ZoneRelation,
    dumps,
    feature,
    feature_collection,
    loads,
    point,
    round_coords,
    validate,
)
from geo.read.acled import read_acled
from geo.relations import relate
from tests.helpers import DATA, of_kind, seed_collection

_PROPERTIES = {"place": PlaceProperties, "zone": ZoneProperties, "incident": IncidentProperties}


def _keys(typed) -> set[str]:
    return set(typing.get_type_hints(typed))


def _collections():
    acled, _ = read_acled((DATA / "acled_sample.csv").read_bytes(), source="acled_sample.csv")
    return [seed_collection(), relate(acled), _offset_collection(), _strip_collection()]


def _strip_collection():
    from geo.extract.batch import extract
    from geo.read.articles import Article

    text = "Turkey wants a 32-kilometre security corridor along the Syrian-Turkish border."
    collection = extract([Article("strip.txt", text)]).collection
    assert any(f["properties"].get("shape") == "strip" for f in collection["features"])
    return collection


def _offset_collection():
    from geo.extract.batch import extract
    from geo.read.articles import Article

    text = "A tanker was struck 70 nautical miles west of Hodeidah on 12 February 2024."
    collection = extract([Article("offset.txt", text)]).collection
    assert any("offset" in f["properties"] for f in collection["features"])
    return collection


def test_every_property_written_is_in_the_contract():
    for collection in _collections():
        assert set(collection["geo"]) <= _keys(CollectionMeta)
        for document in collection["geo"]["documents"]:
            assert set(document) == _keys(Document)
        for f in collection["features"]:
            props = f["properties"]
            assert set(props) <= _keys(_PROPERTIES[props["kind"]]), props["kind"]
            for span in props.get("mentions", []):
                assert set(span) <= _keys(Mention)
            for span in props.get("sources", []):
                assert set(span) <= _keys(Source)
            for relation in props.get("zones", []):
                assert set(relation) == _keys(ZoneRelation)
            if "line" in props:
                assert set(props["line"]) <= _keys(ZoneLine) and "source" in props["line"]
            if "offset" in props:
                assert set(props["offset"]) == _keys(Offset)
                assert set(props["offset"]["uncertainty"]) == _keys(OffsetUncertainty)


def test_what_extract_writes_fills_the_required_place_properties():
    required = PlaceProperties.__required_keys__
    assert {"offset", "uncertainty_m"} <= PlaceProperties.__optional_keys__
    for place in of_kind(seed_collection(), "place"):
        assert set(place["properties"]) == required
    for place in of_kind(_offset_collection(), "place"):
        assert required <= set(place["properties"]) <= _keys(PlaceProperties)


def test_places_carry_acled_geo_precision_and_their_kind():
    precision = {
        p["properties"]["name"]: p["properties"]["geo_precision"]
        for p in of_kind(seed_collection(), "place")
    }
    assert precision["Aleppo"] == 1 and precision["At Tanf garrison"] == 1
    assert precision["Syria"] == 3
    for place in of_kind(seed_collection(), "place"):
        assert place["properties"]["place_type"]


def test_coordinates_are_rounded_to_a_centimetre_and_only_floats():
    assert round_coords([1.123456789, [2.000000049, 3]]) == [1.1234568, [2.0, 3]]
    garrison = feature(point(38.617777777, 33.505833333), {"kind": "place"})
    text = dumps(feature_collection([garrison]))
    assert json.loads(text)["features"][0]["geometry"]["coordinates"] == [38.6177778, 33.5058333]


def _offset(**changed) -> dict:
    good = {
        "reference_lonlat": [42.95, 14.8],
        "bearing_deg": 270.0,
        "distance_m": 129_640.0,
        "uncertainty": {"bearing_deg": 45.0, "distance_m": 926.0, "reference_extent_m": 8_500.0},
    }
    return {**good, **changed}


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (feature(point(200.0, 0.0), {"kind": "incident"}), "out of range"),
        (feature(point(0.0, 0.0), {"kind": "volcano"}), "kind"),
        (feature(point(0.0, 0.0), {"kind": "incident", "x": math.nan}), "not finite"),
        (
            feature(point(0.0, 0.0), {"kind": "place", "offset": _offset(bearing_deg="W")}),
            "offset bearing_deg 'W' is not a number",
        ),
        (
            feature(point(0.0, 0.0), {"kind": "place", "offset": _offset(distance_m=-5.0)}),
            "offset distance_m -5.0",
        ),
        (
            feature(point(0.0, 0.0), {"kind": "incident", "offset": _offset(uncertainty={})}),
            "offset uncertainty",
        ),
        (
            feature(point(0.0, 0.0), {"kind": "place", "offset": _offset(reference_lonlat=[0])}),
            "offset reference_lonlat",
        ),
    ],
)
def test_validation_names_the_feature_and_what_is_wrong(bad, words):
    with pytest.raises(InputFormatError) as caught:
        validate(feature_collection([feature(point(1.0, 1.0), {"kind": "place"}), bad]))
    assert "feature 1" in str(caught.value) and words in str(caught.value)


def test_a_collection_read_back_is_the_collection_written():
    text = dumps(seed_collection(), indent=1)
    assert dumps(loads(text, "seeds.geojson"), indent=1) == text


# --------------------------------------------------------------------------
# The indented JSON writer: the json module's bytes, faster
# --------------------------------------------------------------------------

_JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
)
_JSON_VALUES = st.recursive(
    _JSON_LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=8), inner, max_size=5),
    ),
    max_leaves=30,
)


def _reference(value, indent):
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent, allow_nan=False)


@settings(max_examples=400, deadline=None)
@given(_JSON_VALUES, st.sampled_from([1, 2, 4]))
def test_indented_text_is_the_json_modules(value, indent):
    from geo.features import _json_text

    assert _json_text(value, indent) == _reference(value, indent)
    nested = _json_text(value, indent, level=2)
    assert nested == _reference(value, indent).replace("\n", "\n" + " " * (2 * indent))


def test_unusual_values_are_written_or_refused_as_the_json_module_does():
    import enum
    from collections import OrderedDict

    from geo.features import _json_text

    class Level(enum.IntEnum):
        HIGH = 3

    class Name(str):
        pass

    for value in (
        {"a": Level.HIGH, "b": Name("x"), "c": OrderedDict(z=1, y=[2.5, {}])},
        {1: "one", 2: [1, 2], 3.5: None},
        [1.0, -0.0, 1e-7, 1e300, 2**70, True, None, 'é\n"\\\u2028'],
        OrderedDict(b=[], a={}),
    ):
        assert _json_text(value, 1) == _reference(value, 1)
    for value, error in (
        ({"x": [float("nan")]}, ValueError),
        ({"x": {1: [1], "a": 2}}, TypeError),
        ({"x": {1, 2}}, TypeError),
    ):
        with pytest.raises(error):
            _json_text(value, 1)
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        _json_text({"x": loop}, 1)


def test_a_written_collection_is_dumps_of_it(tmp_path):
    from geo.features import write_collection
    from tests.helpers import DATA, seed_collection

    for collection in (seed_collection(), read_acled(DATA / "acled_sample.csv", source="a")[0]):
        parts: list[str] = []
        members = {k: v for k, v in collection.items() if k not in ("type", "features")}
        write_collection(parts.append, collection["features"], members, indent=1)
        assert "".join(parts) == dumps(collection, indent=1)
        assert dumps(collection, indent=1) == _reference(json.loads(dumps(collection)), 1) + "\n"
