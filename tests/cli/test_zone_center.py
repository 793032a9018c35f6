"""`geo zone --center` reads positions as people write them and says what it understood."""

import json
import re

import pytest
from click.testing import CliRunner

from geo.cli.main import cli


def run(args):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def zone(center, *more):
    result = run(["zone", "--center", center, "--radius", "5 km", *more])
    assert "Traceback" not in result.output
    return result


def centre_of(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["properties"]["center_lonlat"]


@pytest.mark.parametrize(
    "written",
    [
        "33.5N 38.6E",
        "33.5N,38.6E",
        "33.5N, 38.6E",
        "38.6E 33.5N",
        "N33.5 E38.6",
        "33.5n 38.6e",
        "33.5N38.6E",
        "33.5°N 38.6°E",
        "33°30'N 38°36'E",
        "33°30′N 38°36′E",
        "33°30'00\"N 38°36'00\"E",
        "33°30′00″N 38°36′00″E",
        "33 30 00 N, 38 36 00 E",
        "33 30 00 N 38 36 00 E",
        "38 36 E 33 30 N",
        "33 30 N, 38.6",  # one letter is enough: the other number is the other axis
    ],
)
def test_hemisphere_letters_fix_the_order_and_say_nothing(written):
    result = zone(written)
    assert centre_of(result) == pytest.approx([38.6, 33.5])
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("written", "lonlat"),
    [
        ("33.5S 38.6W", [-38.6, -33.5]),
        ("38°36'W, 33°30'S", [-38.6, -33.5]),
        ("-38.6,-33.5", [-38.6, -33.5]),
        ("−38.6, −33.5", [-38.6, -33.5]),  # a typographic minus
        ("12°30'36\"N 45°01'48\"E", [45.03, 12.51]),
    ],
)
def test_south_and_west_are_negative(written, lonlat):
    assert centre_of(zone(written)) == pytest.approx(lonlat)


def test_a_bare_pair_stays_lon_lat_and_says_where_the_other_order_would_be():
    result = zone("33.5,38.6")
    assert centre_of(result) == [33.5, 38.6]  # the documented order, never swapped silently
    [line] = result.stderr.splitlines()
    assert line.startswith("geo: --center 33.5,38.6 read as lon 33.5, lat 38.6 (Turkey);")
    assert "as lat,lon it would be in Syria, 729 km away" in line
    assert line.endswith("write 38.6,33.5 or 33.5N 38.6E if you meant that")
    # What the note suggests gives the other reading, silently.
    for suggested in ("38.6,33.5", "33.5N 38.6E"):
        other = zone(suggested)
        assert centre_of(other) == pytest.approx([38.6, 33.5])
    assert "read as lon 38.6, lat 33.5 (Syria)" in zone("38.6,33.5").stderr


def test_a_pair_at_sea_that_swapped_lands_says_so():
    # lon 10, lat 40 is the Tyrrhenian Sea; lat 10, lon 40 is Ethiopia.
    [line] = zone("10,40").stderr.splitlines()
    assert "read as lon 10, lat 40, at sea; as lat,lon it would be in Ethiopia" in line


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("42.5,14.8", "lat,lon would be at sea too (the Adriatic)"),
        ("120,33.5", "120 cannot be a latitude"),
        ("5.0,5", "both orders are one place"),
        ("33.5N 38.6E", "letters say the order"),
    ],
)
def test_no_note_when_nothing_tells_the_orders_apart_or_only_one_is_possible(written, why):
    result = zone(written)
    assert result.exit_code == 0 and result.stderr == "", why


def test_quiet_keeps_the_note_off_stderr():
    assert zone("33.5,38.6", "-q").stderr == ""


def test_a_latitude_over_90_that_fits_swapped_is_an_error_with_the_fix():
    result = zone("38,95")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "geo: error: centre '38,95': latitude 95 is out of range (-90 to 90) as LON,LAT; "
        "if it is lat,lon, write 95,38 or 38N 95E"
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("33.5S 38.6S", "both numbers are latitudes (N or S)"),
        ("38.6E 33.5W", "both numbers are longitudes (E or W)"),
        ("95N 38E", "latitude 95 is out of range (-90 to 90)"),
        ("33.5N 200E", "longitude 200 is out of range (-180 to 180)"),
        ("200,30", "longitude 200 is out of range"),
        ("120,100", "latitude 100 is out of range"),
        ("33 75 N, 38 E", "'33 75 N' is not a coordinate"),
        ("33.5 30 N, 38 E", "'33.5 30 N' is not a coordinate"),
        ("-33.5S 38.6E", "is not LON,LAT"),
        ("N33.5N, 38E", "'N33.5N' is not a coordinate"),
        ("33 30 38 36", "more than one way; put a comma between them"),
        ("1.5, 2, 3", "is not two coordinates"),
        ("38.6", "is not LON,LAT"),
        ("38.6,", "'' is not a coordinate"),
    ],
)
def test_a_bad_position_is_one_line_naming_it_and_writes_nothing(tmp_path, written, message):
    out = tmp_path / "zone.geojson"
    result = zone(written, "-o", str(out))
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"geo: error: centre {written!r}") and message in line
    assert not out.exists()


@pytest.mark.parametrize("name", ["Springfield", "Route 66", "Al-Tanf", "Homs", "N'Djamena"])
def test_names_are_not_positions(name):
    from geo.center import parse_position

    assert parse_position(name) is None


def test_a_name_of_several_places_says_which_was_taken_why_and_the_next_ones():
    result = zone("Tripoli")
    assert centre_of(result) == pytest.approx([13.18733, 32.88743], abs=1e-4)  # Libya's
    [line] = result.stderr.splitlines()
    assert re.match(
        r"geo: --center Tripoli: \d+ places of that name; took Tripoli, Libya "
        r"\(pop\. [\d,]+; largest population\) at 13\.1873,32\.8874; others: ",
        line,
    )
    others = line.split("; others: ")[1]
    assert others.startswith("Tripoli, Lebanon (pop. ")
    assert line.endswith(" — give LON,LAT to choose")
    # The position a note gives for another place chooses it.
    lebanon = re.search(r"Tripoli, Lebanon \(pop\. [\d,]+\) at (-?[\d.]+,-?[\d.]+)", others)
    assert lebanon
    assert centre_of(zone(lebanon.group(1), "-q")) == pytest.approx([35.84, 34.43], abs=0.01)


def test_a_common_name_lists_three_others_and_counts_the_rest():
    [line] = zone("Springfield").stderr.splitlines()
    count = int(re.search(r"Springfield: (\d+) places of that name", line).group(1))
    assert count > 4
    others = line.split("; others: ")[1]
    assert others.count("Springfield, ") == 3
    assert f" and {count - 4} more — give LON,LAT to choose" in line


def test_a_loose_spelling_says_it_was_loose():
    result = zone("Damscus")
    assert centre_of(result) == pytest.approx([36.29128, 33.5102], abs=1e-4)
    [line] = result.stderr.splitlines()
    assert line.startswith("geo: --center Damscus: no place of exactly that name")
    assert "took Damascus, Syria (" in line and "spelling matched loosely" in line


def test_a_name_of_one_place_says_nothing():
    result = zone("al-Tanf")
    assert json.loads(result.stdout)["properties"]["center"] == "At Tanf garrison"
    assert result.stderr == ""


def test_a_country_has_no_one_centre():
    result = zone("Georgia")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "geo: error: centre 'Georgia' is a country in the gazetteer, which has no one centre; "
        "give a town or LON,LAT instead"
    ]


def test_a_bad_radius_after_an_ambiguous_pair_is_still_one_line():
    result = zone("33.5,38.6", "--radius", "five km")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "geo: error: radius 'five km' is not a number with a unit (e.g. '55 km', '34 mi', '50 nmi')"
    ]
