"""Issue #5: `geo extract` on news it was not tuned to (tests/fixtures/devset).

The scoring lives in benchmarks/extraction_quality.py, which prints the full
report; here it is run once and held to the issue's thresholds. Also: extract
never raises, whatever the text.
"""

import datetime as dt
import importlib.util
import sys
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.extract.batch import extract
from geo.features import dumps, loads
from geo.read.articles import article_from_text
from tests.helpers import ROOT

PLACE_RECALL = 0.9
PLACE_PRECISION = 0.9
DATE_ACCURACY = 0.9
# The At Tanf incidents (issue 13: no lower than precision 0.70, recall 0.79):
# 0.71 and 0.85 measured at this commit; floors a little below.
INCIDENT_PRECISION = 0.70
INCIDENT_RECALL = 0.82


def _quality_module():
    spec = importlib.util.spec_from_file_location(
        "extraction_quality", ROOT / "benchmarks" / "extraction_quality.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


quality = _quality_module()


@lru_cache(maxsize=1)
def devset_report():
    return quality.evaluate(quality.DEVSET)


def test_expected_results_quote_the_dev_set_texts():
    expected = quality.load_expected(quality.DEVSET)
    assert len(expected["files"]) >= 18
    assert sum(len(f["incidents"]) for f in expected["files"].values()) >= 40


def test_no_distance_that_is_not_a_zone_becomes_a_zone():
    report = devset_report()
    zoned = [
        line
        for f in report.files
        for line in f.misses.get("distance that is not a zone became a zone", [])
    ]
    assert report.total("not_radii") >= 8
    assert zoned == []


def test_devset_meets_the_issue_thresholds():
    report = devset_report()
    figures = (
        f"place recall {report.place_recall}, place precision {report.place_precision}, "
        f"incident date accuracy {report.date_accuracy}"
    )
    assert report.place_recall is not None and report.place_recall >= PLACE_RECALL, figures
    assert report.place_precision is not None and report.place_precision >= PLACE_PRECISION, figures
    assert report.date_accuracy is not None and report.date_accuracy >= DATE_ACCURACY, figures
    assert report.not_radii_zoned == 0
    assert report.incident_precision is not None
    assert report.incident_precision >= INCIDENT_PRECISION, report.incident_precision
    assert report.incident_recall is not None
    assert report.incident_recall >= INCIDENT_RECALL, report.incident_recall


# Words the extractor reacts to, so random text reaches its rules, not only its fast paths.
_DOMAIN = [
    "At Tanf",
    "al-Tanf",
    "AL-TANF",
    "Tanf",
    "Rukban",
    "Tower 22",
    "Tabqah",
    "Deir el-Zour",
    "Albukamal",
    "Syria",
    "Iraq",
    "Russia 24",
    "New York Times",
    "Predator",
    "May",
    "Thursday",
    "Thursday (May 18)",
    "Monday, June 20",
    "Jan. 28",
    "June 8, 2017",
    "October 2015",
    "earlier in the day",
    "last year",
    "55 km",
    "55-km",
    "55-kilometre",
    "a 34 mile radius",
    "fifty-five kilometers",
    "in every direction",
    "within 17 miles of the base",
    "zone",
    "radius",
    "struck",
    "shot down",
    "drone attack",
    "air strike",
    "shelled",
    "attacked",
    "bombed",
    "WASHINGTON, May 19 (Reuters) -",
    "SOUTHWEST ASIA —",
    "Source » Outlet",
    "<p>",
    "</p>",
    "&nbsp;",
    "<!--",
    "-->",
    "date 2017-06-08",
    "99999999999 km",
    "0 km",
    "-5 miles",
    "1e309 km",
    "Feb. 30",
    "June 31, 2017",
    "Monday, February 29, 2023",
]
_WORD = st.one_of(
    st.sampled_from(_DOMAIN),
    st.text(min_size=1, max_size=12),  # any unicode, controls and marks included
    st.text(alphabet=st.characters(whitelist_categories=("Lu",)), min_size=1, max_size=20),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzAEIOU-'", min_size=200, max_size=3000),
    st.integers(-(10**12), 10**12).map(str),
)
_TEXT = st.lists(_WORD, max_size=120).flatmap(
    lambda words: st.lists(
        st.sampled_from([" ", " ", " ", ", ", ". ", "\n", "\n\n", "-", "—", "(", ")"]),
        min_size=len(words),
        max_size=len(words),
    ).map(lambda seps: "".join(w + s for w, s in zip(words, seps, strict=True)))
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    texts=st.lists(_TEXT, min_size=1, max_size=3),
    published=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))),
)
def test_extract_never_raises_on_random_text(texts, published):
    articles = [
        article_from_text(text, f"fuzz-{i}.txt", default_date=published)
        for i, text in enumerate(texts)
    ]
    collection = extract(articles).collection
    loads(dumps(collection))  # what `geo extract` writes and `geo map` reads back


def test_a_finer_merged_date_counts_only_when_the_other_report_is_annotated_with_it():
    files = {
        "a.txt": {"places": [{"name": "Tanf", "lat": 33.5, "lon": 38.6}], "incidents": []},
        "b.txt": {
            "places": [{"name": "Tanf", "lat": 33.5, "lon": 38.6}],
            "incidents": [{"event_type": "air strike", "date": "2017-05-18", "place": "Tanf"}],
        },
    }
    props = {
        "label": "air strike",
        "date": "2017-05-18",
        "sources": [{"document": "a.txt"}, {"document": "b.txt"}],
    }
    pred = {"props": props, "coords": (33.5, 38.6)}
    assert quality.date_agrees("2017-05", pred, "a.txt", files)
    files["b.txt"]["incidents"][0]["date"] = "2017-05-19"  # b told another day
    assert not quality.date_agrees("2017-05", pred, "a.txt", files)
    alone = {"props": {**props, "sources": [{"document": "a.txt"}]}, "coords": (33.5, 38.6)}
    assert not quality.date_agrees("2017-05", alone, "a.txt", files)


def test_an_annotated_phrase_agrees_with_the_party_the_lexicon_files_it_under():
    assert quality.actor_agrees("Iranian-backed militia", "pro-regime forces")
    assert quality.actor_agrees("U.S. forces", "U.S. forces")
    assert not quality.actor_agrees("Iranian-backed militia", "U.S.-led coalition")
    assert not quality.actor_agrees("Syrian Democratic Forces", "Islamic State")
