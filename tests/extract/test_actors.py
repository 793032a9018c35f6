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
        ("The vehicles were bombed by American jets.", "bombed", ("U.S. forces", None)),
        (
            "Regime forces were struck by coalition warplanes near the base.",
            "struck",
            ("U.S.-led coalition", "Syrian regime forces"),
        ),
        (
            "ISIS fighters attacked SDF positions east of the river.",
            "attacked",
            ("Islamic State", "Syrian Democratic Forces"),
        ),
        ("An explosion was heard.", "explosion", (None, None)),
    ],
)
def test_who_acted_on_whom(sentence, trigger, expected):
    assert _actors(sentence, trigger) == expected
