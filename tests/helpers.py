"""Shared test data: paths and the seed extraction, computed once per session."""

from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
DATA = TESTS / "data"
DEVSET = TESTS / "fixtures" / "devset"
SEEDS = ROOT / "seeds"
SEED_DRONE = SEEDS / "000_bfb0a29499321356.txt"
SEED_FP = SEEDS / "004_33e3685fc877e8b3.txt"


@lru_cache(maxsize=1)
def seed_collection() -> dict:
    """Return the FeatureCollection `geo extract seeds/` produces."""
    from geo.extract.batch import extract
    from geo.read.articles import read_articles

    articles, problems = read_articles([SEEDS])
    assert problems == []
    return extract(articles).collection


def of_kind(collection: dict, kind: str) -> list[dict]:
    return [f for f in collection["features"] if f["properties"]["kind"] == kind]


def incidents_read(text: str, published: str) -> list[tuple[str, str, str | None, str | None]]:
    """Return (sub_event_type, place, actor1, actor2) of each incident of one report."""
    from geo.extract.batch import extract
    from geo.read.articles import article_from_text

    article = article_from_text(f"date {published} {text}", "t.txt", default_date=None)
    return [
        (
            f["properties"]["sub_event_type"],
            f["properties"]["place"],
            f["properties"]["actor1"],
            f["properties"]["actor2"],
        )
        for f in of_kind(extract([article]).collection, "incident")
    ]
