"""Distance units (geo.units): the spellings news and users write, and their metres."""

import pytest

from geo.errors import RadiusError
from geo.units import (
    MAX_RADIUS_M,
    METRES_PER,
    canonical_unit,
    check_radius,
    format_distance,
    parse_radius,
    parse_tolerance,
)


@pytest.mark.parametrize(
    ("spelling", "unit"),
    [
        ("Miles", "mi"),
        ("kilometres", "km"),
        ("KMs", "km"),
        ("nautical  miles", "nmi"),
        ("nautical-mile", "nmi"),
        ("nm", "nmi"),
        ("metre", "m"),
        ("kmſ", "km"),
        ("mıles", "mi"),
    ],
)
def test_spellings_name_their_unit(spelling, unit):
    assert canonical_unit(spelling) == unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("55 km", (55.0, "km", 55_000.0)),
        ("34 miles", (34.0, "mi", 34 * 1609.344)),
        ("70 nm", (70.0, "nmi", 70 * 1852.0)),
        ("1,200 m", (1200.0, "m", 1200.0)),
        ("0.5-km", (0.5, "km", 500.0)),
    ],
)
def test_radius_texts_are_read_in_metres(text, expected):
    value, unit, metres = parse_radius(text)
    assert (value, unit) == expected[:2] and metres == pytest.approx(expected[2])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("55", "not a number with a unit"),
        ("-5 km", "greater than zero"),
        ("30,000 km", "more than half"),
        ("km 55", "not a number"),
        ("", "not a number"),
    ],
)
def test_radius_texts_that_are_no_radius_are_one_line(text, words):
    with pytest.raises(RadiusError, match=words):
        parse_radius(text)


def test_radius_values_are_checked():
    assert check_radius(55_000) == 55_000.0
    assert check_radius(MAX_RADIUS_M) == MAX_RADIUS_M
    for bad in (0, -1.0, float("nan"), float("inf"), True, "x", MAX_RADIUS_M + 1):
        with pytest.raises(RadiusError):
            check_radius(bad)


def test_tolerance_errors_say_tolerance():
    assert parse_tolerance("0.5 m") == 0.5
    with pytest.raises(RadiusError, match="^tolerance"):
        parse_tolerance("half a metre")


def test_labels_give_both_units_rounded_as_a_reader_reads_them():
    assert format_distance(55_000) == "55 km (34.2 mi)"
    assert format_distance(34 * METRES_PER["mi"]) == "54.7 km (34 mi)"
    assert format_distance(2_500_000) == "2,500 km (1,553 mi)"
