"""The seed articles, end to end through extraction: the figures issue 2 asks for."""

import pytest
from pyproj import Geod
from shapely.geometry import shape

from geo.extract.batch import extract
from geo.features import dumps, loads
from geo.read.articles import article_from_text
from geo.zones import drawn_error_m
from tests.helpers import SEED_DRONE, SEED_FP, of_kind, seed_collection

GEOD = Geod(ellps="WGS84")
GARRISON = (38.61778, 33.50583)


def test_spans_are_exact_slices_of_the_article_text():
    texts = {p.name: p.read_text(encoding="utf-8") for p in (SEED_DRONE, SEED_FP)}
    spans = []
    for f in seed_collection()["features"]:
        props = f["properties"]
        spans += props.get("mentions", []) + props.get("sources", [])
        spans += [{**s["match"], "document": s["document"]} for s in props.get("sources", [])]
    assert len(spans) > 20
    for s in spans:
        assert texts[s["document"]][s["start"] : s["end"]] == s["text"]


def test_zones_are_the_two_reported_radii_at_the_garrison_within_one_metre():
    zones = sorted(of_kind(seed_collection(), "zone"), key=lambda f: f["properties"]["radius_m"])
    assert [round(z["properties"]["radius_m"], 1) for z in zones] == [54717.7, 88513.9]
    for z in zones:
        props = z["properties"]
        lon, lat = props["center_lonlat"]
        _, _, dist = GEOD.inv(lon, lat, *GARRISON)
        assert dist < 5000
        assert shape(z["geometry"]).is_valid
        assert drawn_error_m(z["geometry"], (lon, lat), props["radius_m"]) <= 1.0
    small, large = zones
    assert small["properties"]["reported"] == {"value": 34, "unit": "mi", "text": "34 mile radius"}
    assert [s["document"] for s in small["properties"]["sources"]] == [SEED_DRONE.name]
    assert large["properties"]["reported"]["unit"] == "mi"
    assert [s["document"] for s in large["properties"]["sources"]] == [SEED_FP.name]


def test_places_include_the_garrison_and_aleppo():
    places = {f["properties"]["name"]: f for f in of_kind(seed_collection(), "place")}
    lon, lat = places["Aleppo"]["geometry"]["coordinates"]
    _, _, dist = GEOD.inv(lon, lat, 37.1612, 36.2012)
    assert dist < 5000
    assert places["Aleppo"]["properties"]["country"] == "SY"
    assert len(places["At Tanf garrison"]["properties"]["mentions"]) == 7
    assert places["Syria"]["geometry"] is None  # a country: named, not a dot


def _incidents():
    return [
        (
            f["properties"]["date"],
            f["properties"]["label"],
            f["properties"]["place"],
            sorted({s["document"] for s in f["properties"]["sources"]}),
        )
        for f in of_kind(seed_collection(), "incident")
    ]


def test_incidents_dates_types_places_and_sources():
    both = sorted([SEED_DRONE.name, SEED_FP.name])
    assert sorted(_incidents()) == sorted(
        [
            ("2015-10", "drone strike", "Aleppo", [SEED_FP.name]),
            ("2017-05-18", "air strike", "At Tanf garrison", [SEED_FP.name]),
            ("2017-06-06", "air strike", "At Tanf garrison", [SEED_FP.name]),
            ("2017-06-08", "air strike", "At Tanf garrison", both),
            ("2017-06-08", "drone strike", "At Tanf garrison", both),
            ("2017-06-08", "shoot-down", "At Tanf garrison", [SEED_DRONE.name]),
        ]
    )


def test_month_precision_and_bases_are_recorded():
    by_date = {
        f["properties"]["date"]: f["properties"] for f in of_kind(seed_collection(), "incident")
    }
    assert by_date["2015-10"]["date_precision"] == "month"
    assert "October 2015" in by_date["2015-10"]["date_basis"]
    assert by_date["2017-05-18"]["date_precision"] == "day"
    assert "May 18" in by_date["2017-05-18"]["date_basis"]


def test_extraction_survives_its_own_geojson():
    text = dumps(seed_collection())
    again = loads(text)
    assert len(again["features"]) == len(seed_collection()["features"]) == 14
    assert dumps(again) == text


def test_article_with_no_place_is_reported_and_still_gives_zones_nothing():
    article = article_from_text("Nothing to see in this note.", "empty-note.txt")
    result = extract([article])
    assert result.collection["features"] == []
    assert result.problems == ["empty-note.txt: no place found in the text"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("could be subject to attack", []),
        ("were using drones to hit targets", []),
        ("footage shows other strikes by the drone", []),
        ("the base was not attacked", []),
    ],
)
def test_hedged_or_generic_events_are_not_incidents(sentence, expected):
    text = f"date 2017-06-08 On Thursday near Aleppo, officials said forces {sentence}."
    result = extract([article_from_text(text, "t.txt")])
    assert [f["properties"]["label"] for f in of_kind(result.collection, "incident")] == expected


def test_place_of_the_speaker_is_not_the_place_of_the_event():
    text = (
        "date 2017-06-08 The spokesman in Baghdad told reporters that a drone attack hit a "
        "patrol on Thursday. The patrol had left Aleppo and went back to Aleppo at night."
    )
    result = extract([article_from_text(text, "t.txt")])
    [incident] = of_kind(result.collection, "incident")
    assert incident["properties"]["place"] == "Aleppo"
    assert "names most" in incident["properties"]["place_basis"]


def _incidents_of(text):
    result = extract([article_from_text(text, "t.txt", default_date=None)])
    return [
        (f["properties"]["label"], f["properties"]["date"], f["properties"]["place"])
        for f in of_kind(result.collection, "incident")
    ], result.collection


def test_dateline_city_is_where_the_report_was_filed_not_the_event():
    incidents, collection = _incidents_of(
        "date 2017-06-08 WASHINGTON (Reuters) - A U.S. F-15E shot down an Iranian-made drone "
        "near al-Tanf on Thursday, officials said."
    )
    assert incidents == [("shoot-down", "2017-06-08", "At Tanf garrison")]
    [washington] = [
        f for f in of_kind(collection, "place") if f["properties"]["name"] == "Washington"
    ]
    assert washington["properties"]["mentions"][0]["role"] == "dateline"


def test_active_ground_attack_does_not_inherit_the_air_strike_before_it():
    incidents, _ = _incidents_of(
        "date 2017-06-08 Israeli jets hit a depot near Damascus on Tuesday. "
        "Islamic State fighters attacked an army checkpoint east of Homs on Monday."
    )
    assert incidents == [("air strike", "2017-06-06", "Damascus"), ("attack", "2017-06-05", "Homs")]


def test_passive_bare_verb_takes_the_kind_told_before():
    incidents, _ = _incidents_of(
        "date 2017-06-08 On May 18 vehicles near Aleppo were bombed by jets. "
        "On Tuesday, another group entered the area. They were also destroyed."
    )
    assert incidents == [
        ("air strike", "2017-05-18", "Aleppo"),
        ("air strike", "2017-06-06", "Aleppo"),
    ]


def test_incidents_speak_acleds_codebook():
    by_label = {}
    for f in of_kind(seed_collection(), "incident"):
        by_label.setdefault(f["properties"]["label"], f["properties"])
    strike = by_label["air strike"]
    assert (strike["event_type"], strike["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert by_label["shoot-down"]["sub_event_type"] == "Disrupted weapons use"
    month = [
        f["properties"]
        for f in of_kind(seed_collection(), "incident")
        if f["properties"]["date"] == "2015-10"
    ][0]
    assert (month["time_precision"], month["geo_precision"]) == (3, 1)  # month; Aleppo named
    assert strike["notes"]


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Regime artillery shelled the town of Aleppo on Tuesday.", "shelling"),
        ("A car bomb exploded near Aleppo on Tuesday.", "bombing"),
    ],
)
def test_shelling_and_bombs_are_their_own_kinds(sentence, label):
    incidents, _ = _incidents_of(f"date 2017-06-08 {sentence}")
    assert [i[0] for i in incidents] == [label]


@pytest.mark.parametrize(
    "opening",
    [
        # A colon after the date, as press releases write it.
        "RAWALPINDI, July 14: ",
        # Below a page's blanked markup: blank lines count for nothing.
        "\n\n   \n\n     \n\n  \n\n   \n\n    \n\n  \n\n \nRAWALPINDI, Pakistan, July 14 (APP) - ",
        # The city and a colon, as South Asian papers file.
        "RAWALPINDI: ",
    ],
)
def test_a_dateline_in_other_forms_is_where_the_report_was_filed(opening):
    from geo.extract.text import dateline

    text = opening + "Indian troops fired across the Line of Control near Kotli on Monday."
    found = dateline(text)
    assert found is not None and found.text.startswith("RAWALPINDI")


def test_a_label_with_a_date_and_a_colon_is_no_dateline():
    from geo.extract.text import dateline

    assert dateline("UPDATE, June 5: Drones hit Kharkiv overnight.") is None


@pytest.mark.parametrize("label", ["EDITOR'S NOTE", "BREAKING NEWS", "LIVE UPDATES", "FACT CHECK"])
def test_labels_of_several_words_are_no_dateline(label):
    from geo.extract.text import dateline

    assert dateline(f"{label}, June 5: Drones hit Kharkiv overnight.") is None


@pytest.mark.parametrize("label", ["UPDATE", "KEY POINTS", "WARNING", "EDITOR'S NOTE"])
def test_a_label_and_a_colon_is_no_dateline(label):
    from geo.extract.text import dateline

    assert dateline(f"{label}: Drones hit Kharkiv overnight.") is None


def test_a_city_and_a_colon_is_no_place_of_the_event():
    incidents, _ = _incidents_of(
        "date 2024-03-17 PESHAWAR: Seven soldiers were killed when a suicide bomber rammed a "
        "vehicle into a post in Bannu on Saturday."
    )
    assert {i[2] for i in incidents} == {"Bannu"}


def test_extractors_of_one_gazetteer_share_the_word_memory_of_one_finder():
    # A stream of single-article calls reads each capitalised word once, not once a call.
    from geo.extract.batch import Extractor
    from geo.extract.places import finder_for
    from geo.geocode.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    first, second = Extractor(gazetteer), Extractor(gazetteer)
    assert first._finder is second._finder is finder_for(gazetteer)
    first._finder.names_a_place_alone("Aleppo")
    assert second._finder.names_a_place_alone.cache_info().currsize >= 1


def test_a_finder_that_remembers_reads_each_report_as_a_fresh_one_does():
    # The shared finder remembers runs of words and readings from report to report;
    # what it finds must be what a finder that has read nothing else finds.
    from pathlib import Path

    from geo.extract.places import PlaceFinder
    from geo.geocode.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    shared = PlaceFinder(gazetteer)
    folder = Path(__file__).parents[1] / "fixtures" / "devset_world"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    assert len(texts) >= 30
    for text in texts + texts:  # the second pass reads from memory
        fresh = PlaceFinder(gazetteer).find(text)
        again = shared.find(text)
        assert [(m.span, m.place.id) for m in again] == [(m.span, m.place.id) for m in fresh]
    assert shared.runs and shared.choose_in.cache_info().hits > 0


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            "PRESS RELEASE No PR-61/2019-ISPR\nRawalpindi - February 27, 2019\n\n1. On 26 "
            "February, Indian aircraft intruded.",
            "Rawalpindi - February 27, 2019",
        ),
        (
            "Ministry of Foreign Affairs — statement by the spokesperson, Hà Nội, 19 July 2019 "
            "(unofficial translation)\n\nSince early July, the survey ship has operated.",
            "Hà Nội, 19 July 2019 (unofficial translation)",
        ),
        (
            "North Korean drones cross border\nHangang Estuary News | Ganghwa | 27 December 2022\n"
            "Five North Korean drones crossed the line.",
            "Ganghwa | 27 December 2022",
        ),
    ],
)
def test_a_statements_line_of_issue_is_its_dateline(text, where):
    from geo.extract.text import dateline

    found = dateline(text)
    assert found is not None and found.text == where


def test_a_town_in_capitals_before_its_country_is_the_datelines_place():
    from geo.extract.batch import extract
    from geo.read.articles import article_from_text

    text = (
        "date 2024-08-14 SUMY, Ukraine, Aug 14 (Northline Wire) - Russian aircraft dropped three "
        "guided bombs on Bilopillia overnight."
    )
    collection = extract([article_from_text(text, "t.txt")]).collection
    names = {f["properties"]["name"] for f in of_kind(collection, "place")}
    assert "Sumy" in names
