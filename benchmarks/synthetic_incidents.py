"""Synthetic incidents shaped like geo's own extraction, for the page's scale tests.

``synthetic_collection(n)`` gives ``n`` incidents (a date with its precision and
basis, an ACLED event type and sub-type, actors, a place, a summary cut from the
source sentence, one or two source sentences with their trigger words) and two
zones, related as ``geo map`` relates them; every incident at its own random
position, the worst case for clustering. ``benchmarks/map_scale.py`` measures
ACLED exports; this is what ``tests/render/test_scale.py`` builds pages from.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # map_scale, beside it

from map_scale import EVENT_TYPES  # noqa: E402  (ACLED's types and sub-event types)

from geo.features import feature, feature_collection, point  # noqa: E402
from geo.relations import relate  # noqa: E402

CENTRE = (38.61778, 33.50583)  # At Tanf garrison (lon, lat)
TYPE_WEIGHTS = (40, 25, 15, 10, 6, 4)
BOX = (35.0, 29.0, 48.0, 38.0)  # west, south, east, north: Syria, Iraq, Jordan


def _words(rnd: random.Random, vocabulary: list[str], n: int) -> str:
    return " ".join(rnd.choice(vocabulary) for _ in range(n))


def synthetic_collection(n: int, seed: int = 6) -> dict:
    """Return a FeatureCollection of ``n`` incidents and two zones, related as ``geo map`` does."""
    rnd = random.Random(seed)
    syllables = ["al", "ra", "tan", "qa", "mi", "sh", "dar", "ko", "bu", "el", "ha", "zu", "ni"]
    vocabulary = [
        "".join(rnd.choice(syllables) for _ in range(rnd.randint(1, 4))) for _ in range(5000)
    ]
    towns = [_words(rnd, vocabulary, rnd.randint(1, 2)).title() for _ in range(3000)]
    actors = [f"{_words(rnd, vocabulary, 2).title()} Forces" for _ in range(60)]
    outlets = ["Reuters", "AP", "AFP", "Al Jazeera", "BBC", "foreignpolicy", None]
    documents = [
        {
            "id": f"report-{k:05d}.txt",
            "outlet": rnd.choice(outlets),
            "published": (dt.date(2015, 1, 1) + dt.timedelta(days=rnd.randrange(3650))).isoformat(),
            "url": f"https://news.example.org/{k}" if k % 3 else None,
            "published_basis": "metadata",
        }
        for k in range(4000)
    ]
    types = list(EVENT_TYPES)
    features = []
    for k in range(2):
        radius = (55_000.0, 88_513.92)[k]
        features.append(
            feature(
                _circle(*CENTRE, radius),
                {
                    "kind": "zone",
                    "center": "At Tanf garrison",
                    "center_lonlat": list(CENTRE),
                    "radius_m": radius,
                    "reported": {
                        "value": (55, 55)[k],
                        "unit": ("km", "mi")[k],
                        "text": ("55 km", "55 miles")[k],
                    },
                    "sources": [],
                },
            )
        )
    for _ in range(n):
        event_type = rnd.choices(types, TYPE_WEIGHTS)[0]
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rnd.randrange(3652))
        precision = rnd.choices(["day", "month", "year"], (90, 8, 2))[0]
        date = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}
        town = rnd.choice(towns)
        trigger = rnd.choice(["struck", "shelled", "attacked", "clashed with", "shot down"])
        spans = []
        for _ in range(rnd.choice((1, 1, 1, 2))):
            before = _words(rnd, vocabulary, rnd.randint(4, 12)).capitalize()
            text = (
                f"{before} {trigger} {_words(rnd, vocabulary, rnd.randint(6, 14))}, "
                f"near {town}, {_words(rnd, vocabulary, rnd.randint(4, 10))}."
            )
            start = rnd.randrange(5000)
            doc = rnd.choice(documents)["id"]
            at = len(before) + 1
            spans.append(
                {
                    "document": doc,
                    "text": text,
                    "start": start,
                    "end": start + len(text),
                    "match": {
                        "document": doc,
                        "text": trigger,
                        "start": start + at,
                        "end": start + at + len(trigger),
                    },
                }
            )
        summary = spans[0]["text"].split(",")[0]
        props = {
            "kind": "incident",
            "date": date[precision],
            "date_precision": precision,
            "date_basis": rnd.choice(
                [
                    "the article's date line",
                    f"“Thursday”, read against the publication date {day}",
                    "the narrative date",
                ]
            ),
            "event_type": event_type,
            "sub_event_type": rnd.choice(EVENT_TYPES[event_type]),
            "actor1": rnd.choice(actors),
            "actor2": rnd.choice(actors + [None] * 30),
            "place": town,
            "place_basis": rnd.choice(
                [
                    "named in the sentence",
                    "not named in the sentence; the place the article names most",
                ]
            ),
            "summary": summary,
            "sources": spans,
        }
        lon = round(rnd.uniform(BOX[0], BOX[2]), 7)
        lat = round(rnd.uniform(BOX[1], BOX[3]), 7)
        features.append(feature(point(lon, lat), props))
    collection = feature_collection(
        features,
        geo={"documents": documents, "attribution": ["Synthetic incidents for a benchmark"]},
    )
    return relate(collection)


def _circle(lon: float, lat: float, radius_m: float) -> dict:
    from geo.zones import geodesic_ring

    return geodesic_ring((lon, lat), radius_m)
