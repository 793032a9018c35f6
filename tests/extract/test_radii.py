import pytest

from geo.extract.radii import find_radii, number_value


@pytest.mark.parametrize(
    ("text", "value", "unit", "metres", "matched"),
    [
        ("extends in a 34 mile radius around at Tanf", 34, "mi", 54717.696, "34 mile radius"),
        (
            "carved out a 55-mile “deconfliction zone” around al Tanf",
            55,
            "mi",
            88513.92,
            "55-mile “deconfliction zone”",
        ),
        ("a 55 km zone", 55, "km", 55000, "55 km zone"),
        ("the 55-kilometer deconfliction zone", 55, "km", 55000, "55-kilometer deconfliction zone"),
        ("a radius of 55km around the base", 55, "km", 55000, "55km"),
        (
            "a fifty-five kilometre exclusion zone",
            55,
            "km",
            55000,
            "fifty-five kilometre exclusion zone",
        ),
        ("a 50 nautical mile no-fly zone", 50, "nmi", 92600, "50 nautical mile no-fly zone"),
        (
            "the zone as fifty-five kilometers deep in every direction",
            55,
            "km",
            55000,
            "fifty-five kilometers",
        ),
    ],
)
def test_zone_sizes(text, value, unit, metres, matched):
    [r] = find_radii(text)
    assert (r.value, r.unit, r.text) == (value, unit, matched)
    assert r.radius_m == pytest.approx(metres, abs=1e-6)
    assert text[r.start : r.end] == r.text


def test_writers_conversion_is_kept_as_equivalent():
    [r] = find_radii("a 34 miles (55 km) radius around the garrison")
    assert (r.value, r.unit, r.equivalent) == (34, "mi", (55, "km"))


@pytest.mark.parametrize(
    "text",
    [
        "the convoy came within 17 miles of the base",
        "forces pushed 10 km into the zone",
        "the camp lies 20 km from the zone",
        "the drone flew 300 miles",
        "jets flew 40 miles over the zone",
        "a zone around the base",
    ],
)
def test_distances_that_are_not_zone_sizes(text):
    assert find_radii(text) == []


def test_number_words():
    assert number_value("fifty-five") == 55
    assert number_value("thirty four") == 34
    assert number_value("1,200") == 1200


def test_a_unit_spelled_with_a_long_s_reads_as_the_unit_not_a_crash():
    # re.IGNORECASE matches "ſ" as "s": the unit must be read the same way.
    [radius] = find_radii("a deconfliction zone of 55 kmſ around the base")
    assert radius.unit == "km" and radius.radius_m == 55_000


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("The governor has banned motorbike traffic within 20 km of Goundam.", 20_000),
        ("China will expel foreign vessels within 10 nautical miles of Escoda Shoal.", 18_520),
    ],
)
def test_a_rules_reach_within_a_distance_of_a_named_place_is_a_zone(text, metres):
    assert [round(r.radius_m) for r in find_radii(text)] == [metres]


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces advanced to within 5 km of Pokrovsk on Monday.",
        # A reach from a line is a strip's, not a ring's.
        "Officials banned farming within 5 km of the border.",
    ],
)
def test_within_a_distance_with_no_rule_or_of_a_line_is_no_ring(text):
    assert find_radii(text) == []
