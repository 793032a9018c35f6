"""The first view of a map frames what happened, not every place a report names."""

import json
import re

from geo.features import feature, feature_collection, point
from geo.render.html import render_html


def _fit(collection: dict) -> list:
    page = render_html(collection)
    m = re.search(r'"fit":(\[\[[^\]]*\],\[[^\]]*\]\])', page)
    assert m, "no fit bounds on the page"
    return json.loads(m.group(1))


def test_the_first_view_frames_the_incidents_not_a_far_dateline_city():
    near = feature(
        point(35.0, 47.5), {"kind": "incident", "place": "Enerhodar", "date": "2024-04-07"}
    )
    far = feature(point(16.37, 48.21), {"kind": "place", "name": "Vienna"})
    (south, west), (north, east) = _fit(feature_collection([near, far]))
    assert west > 30.0  # Vienna, at 16.4 E, is outside the first view
    assert south <= 47.5 <= north and west <= 35.0 <= east


def test_a_map_of_places_only_frames_them_all():
    a = feature(point(35.0, 47.5), {"kind": "place", "name": "Enerhodar"})
    b = feature(point(16.37, 48.21), {"kind": "place", "name": "Vienna"})
    (south, west), (north, east) = _fit(feature_collection([a, b]))
    assert west <= 16.37 and east >= 35.0
