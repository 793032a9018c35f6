"""Several inputs made one collection: the same feature from two inputs is one feature."""

from __future__ import annotations

from geo.features import feature, feature_collection, point
from geo.read.inputs import combine


def _incident(lon: float, lat: float, **props) -> dict:
    return feature(point(lon, lat), {"kind": "incident", "event_type": "Battles", **props})


def _collection(*features: dict, documents=()) -> dict:
    return feature_collection(list(features), geo={"documents": list(documents)})


def test_the_same_feature_from_two_inputs_is_one() -> None:
    a = _incident(36.0, 33.0, date="2024-01-02", place="A")
    b = _incident(37.0, 33.0, date="2024-01-02", place="B")
    # The earlier extraction carries relations, which are made again anyway.
    again = {**a, "properties": {**a["properties"], "zones": [{"center": "X"}]}}
    joined = combine([_collection(a, b), _collection(again)])
    assert joined["features"] == [a, b]


def test_features_that_share_the_cheap_key_but_differ_are_both_kept() -> None:
    # Same place, date and type: only the actors tell them apart.
    a = _incident(36.0, 33.0, date="2024-01-02", actor1="X")
    b = _incident(36.0, 33.0, date="2024-01-02", actor1="Y")
    c = _incident(36.0, 33.0, date="2024-01-02", actor1="X")
    joined = combine([_collection(a), _collection(b, c)])
    assert joined["features"] == [a, b]


def test_one_input_is_kept_as_it_is() -> None:
    a = _incident(36.0, 33.0, date="2024-01-02")
    joined = combine([_collection(a, a)])
    # One input is not compared with itself: its features are its own.
    assert len(joined["features"]) == 2


def test_documents_are_kept_once_in_their_order() -> None:
    d1, d2 = {"id": "one.txt"}, {"id": "two.txt", "outlet": "Wire"}
    joined = combine([
        _collection(_incident(1, 1), documents=[d1, d2]),
        _collection(_incident(2, 2), documents=[d2, d1]),
    ])  # fmt: skip
    assert joined["geo"]["documents"] == [d1, d2]
