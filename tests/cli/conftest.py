"""What the command tests share: one incident as an extracted GeoJSON to map."""

from __future__ import annotations

import json

import pytest

from geo.features import feature, feature_collection, point


@pytest.fixture
def one_incident(tmp_path):
    path = tmp_path / "one.geojson"
    collection = feature_collection(
        [feature(point(38.6, 33.5), {"kind": "incident", "event_type": "Battles"})]
    )
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path
