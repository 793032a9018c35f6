import pytest

from geo.extract.actors import actors_of
from geo.extract.text import Span


def _actors(sentence: str, trigger: str):
    start = sentence.index(trigger)
    return actors_of(
        sentence, Span(0, len(sentence), sentence), Span(start, start + len(trigger), trigger)
    )


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        (
            "Coalition aircraft struck two trucks of an Iranian-backed militia.",
            "struck",
            ("U.S.-led coalition", "pro-regime forces"),
        ),
        (
            "The vehicles were bombed by American jets.",
            "bombed",
            ("Military Forces of the United States", None),
        ),
        (
            "Regime forces were struck by coalition warplanes near the base.",
            "struck",
            ("U.S.-led coalition", "Military Forces of Syria"),
        ),
        (
            "ISIS fighters attacked SDF positions east of the river.",
            "attacked",
            ("Islamic State", "Syrian Democratic Forces"),
        ),
        ("An explosion was heard.", "explosion", (None, None)),
        # A state's forces by the country's adjective or name, as ACLED names them.
        (
            "A Russian Iskander missile struck a fuel depot near Kharkiv.",
            "struck",
            ("Military Forces of Russia", None),
        ),
        (
            "Azerbaijani forces opened fire with artillery at Armenian positions near Sotk.",
            "opened fire",
            ("Military Forces of Azerbaijan", "Military Forces of Armenia"),
        ),
        (
            "North Korea fired about 200 rounds into the sea.",
            "fired",
            ("Military Forces of North Korea", None),
        ),
        # Who reports it is no party to it.
        (
            "Most rockets were intercepted, the Israeli military said, and one hit a house.",
            "hit",
            (None, "Civilians"),
        ),
        # A target outside any armed party: civilians, named by the place's country later.
        ("Drones struck a residential building in Odesa.", "struck", (None, "Civilians")),
    ],
)
def test_who_acted_on_whom(sentence, trigger, expected):
    assert _actors(sentence, trigger) == expected


def test_civilians_are_named_by_the_country_of_the_event_place():
    import datetime as dt

    from geo.extract.batch import Extractor
    from geo.geocode.gazetteer import default_gazetteer
    from geo.read.articles import Article

    extractor = Extractor(default_gazetteer())
    extractor.add(
        Article(
            "a.txt",
            "A Russian drone struck a residential building in Odesa on Monday.",
            dt.date(2024, 3, 5),
            "test",
        )
    )
    (incident,) = [
        f["properties"]
        for f in extractor.finish().collection()["features"]
        if f["properties"]["kind"] == "incident"
    ]
    assert (incident["actor1"], incident["actor2"]) == (
        "Military Forces of Russia",
        "Civilians (Ukraine)",
    )


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        (
            "Houthi forces fired two anti-ship missiles at a tanker in the Red Sea.",
            "fired two anti-ship missiles at",
            ("Houthis (Ansar Allah)", "Civilians"),
        ),
        (
            "The Rapid Support Forces shelled army positions in El Fasher.",
            "shelled",
            ("RSF: Rapid Support Forces", None),
        ),
        (
            "A Chinese coast guard ship fired a water cannon at a Philippine Coast Guard vessel.",
            "water cannon",
            ("China Coast Guard", "Philippine Coast Guard"),
        ),
    ],
)
def test_the_parties_of_the_wars_in_the_news_are_named_from_the_sourced_lexicon(
    sentence, trigger, expected
):
    assert _actors(sentence, trigger) == expected
