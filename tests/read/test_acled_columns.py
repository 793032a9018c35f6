"""The column-wise ACLED reader gives what the row-by-row reader gave, bad rows and all.

``tests/read/acled_reference.py`` is the reader as it was before it read
columns (Python's csv module, one row at a time); it stays here as the
reference the new one is held to on generated exports full of bad rows.
"""

import csv
import io
import random

import pytest

from geo.errors import InputFormatError
from geo.read import acled, acled_file
from geo.read.acled import read_acled
from geo.read.acled_file import COLUMNS
from tests.read import acled_reference

# Values each column is drawn from: mostly good ones, and every kind of bad one.
LATITUDES = ["33.4920", "36.2", "-12.5", "0", "90", " 34.1 ", "1e1", ".5", "+33.5", "1_0",
             "", "  ", "n/a", "thirty-three", "133.3", "-90.0001", "nan", "inf"]  # fmt: skip
LONGITUDES = ["38.6180", "43.13", "-179.9", "180", "180.5", "", "x", "-inf", "\u00a038.1"]
DATES = ["08 June 2017", "2017-06-06", "8 june 2017", "08-Jun-2017", " 2017-6-8 ", "15 Sept 2017",
         "29 February 2016", "29 February 2017", "31 Juin 2017", "06/08/2017", "June 2017",
         "", "2017-02-30", "08 Jun. 2017"]  # fmt: skip
SMALL = ["1", "2", "3", "", " 2 ", "0", "5", "-1", "many", "1.0", "01"]
TYPES = ["Battles", "Explosions/Remote violence", "  Riots ", "Protests\nand more", "", " "]
PLACES = ["At Tanf", "Damascus", "damascus", "", "  Al  Qa'im ", "Homs", "Syria", "SYRIA"]
NOTES = [
    "Clashes near the camp.",
    "",
    "   ",
    "  Leading and trailing blanks.  ",
    "Two  spaces and a\ttab.",
    "A note\non two lines,\r\nthree with a Windows break.",
    "Non\u00a0breaking and\u2003em spaces, a \u2028 line separator.",
    'Quotes "inside" and a delimiter, here; and a tab\there.',
    "Coalition aircraft struck a convoy approaching the garrison near the border crossing. " * 5,
    "x" * 350,
    "A word " + "y" * 320,
    '<script>alert(1)</script> &amp; =HYPERLINK("http://evil.example")',
]
OUTLETS = ["Reuters", "SOHR; CENTCOM", "", "  Shafaq News "]


def random_export(seed: int, rows: int = 400, delimiter: str = ",", newline: str = "\n") -> str:
    """Return an ACLED-like CSV whose rows mix good values with every kind of bad one."""
    rnd = random.Random(seed)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerow(COLUMNS)
    ids: list[str] = []
    for k in range(rows):
        event_id = rnd.choice(ids) if ids and rnd.random() < 0.05 else f"SYR{k:05d}"
        ids.append(event_id)
        row = dict.fromkeys(COLUMNS, "")
        row |= {
            "event_id_cnty": rnd.choice([event_id] * 9 + ["", " "]),
            "event_date": rnd.choice(DATES[:7] * 6 + DATES),
            "time_precision": rnd.choice(SMALL[:3] * 5 + SMALL),
            "event_type": rnd.choice(TYPES),
            "sub_event_type": rnd.choice(["Air/drone strike", "", " Armed  clash"]),
            "actor1": rnd.choice(["Hezbollah", "", "Military Forces of Syria (2000-)\n"]),
            "actor2": rnd.choice(["Civilians (Syria)", ""]),
            "admin1": rnd.choice(PLACES),
            "country": rnd.choice(PLACES),
            "location": rnd.choice(PLACES),
            "latitude": rnd.choice(LATITUDES[:5] * 8 + LATITUDES),
            "longitude": rnd.choice(LONGITUDES[:4] * 8 + LONGITUDES),
            "geo_precision": rnd.choice(SMALL[:3] * 5 + SMALL),
            "source": rnd.choice(OUTLETS),
            "notes": rnd.choice(NOTES),
            "fatalities": rnd.choice(SMALL[:6] * 3 + SMALL + ["12"]),
        }
        values = [row[c] for c in COLUMNS]
        odd = rnd.random()
        if odd < 0.03:
            out.write(newline)  # an empty line
        elif odd < 0.05:
            out.write("   " + newline)  # blanks only: one field
        elif odd < 0.07:
            writer.writerow([""] * len(COLUMNS))  # every field empty
        elif odd < 0.09:
            writer.writerow(values[: rnd.randrange(1, len(COLUMNS))])
        elif odd < 0.10:
            writer.writerow([*values, "extra"])
        writer.writerow(values)
    return out.getvalue() + rnd.choice(["", newline, newline * 3])


def both(data, source: str = "gen.csv"):
    return read_acled(data, source=source), acled_reference.read_acled(data, source=source)


@pytest.mark.parametrize("seed", range(6))
def test_generated_exports_give_what_the_row_reader_gave(seed):
    text = random_export(seed)
    (collection, problems), (expected, expected_problems) = both(text)
    assert problems == expected_problems
    assert collection == expected
    # Not a vacuous comparison: both good and bad rows of every kind are there.
    assert len(collection["features"]) > 100
    kinds = {p.split(": ", 1)[1].split(" (")[0] for p in problems}
    assert {"empty row", "latitude is not a number", "event_date is not a date like 2017-06-08",
            "fatalities is not a whole number"} <= kinds  # fmt: skip
    assert any("fields where the header has 31" in p for p in problems)
    assert any("event_id_cnty repeats line" in p for p in problems)


@pytest.mark.parametrize(("delimiter", "newline"), [(";", "\r\n"), ("\t", "\r"), (",", "\r\n")])
def test_other_delimiters_and_line_ends_give_the_same(delimiter, newline):
    text = random_export(99, rows=200, delimiter=delimiter, newline=newline)
    (collection, problems), (expected, expected_problems) = both(text)
    assert (collection, problems) == (expected, expected_problems)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings_give_the_same(encoding):
    text = random_export(7, rows=150).replace("\u2028", " ").replace("\u2003", " ")
    data = text.encode(encoding, "replace")
    (collection, problems), expected = both(data)
    assert (collection, problems) == expected


def test_a_file_pyarrow_cannot_parse_is_read_row_by_row(monkeypatch):
    text = random_export(3, rows=200)
    expected = acled_reference.read_acled(text, source="gen.csv")
    monkeypatch.setattr(acled_file, "_BLOCK_BYTES", 300)  # a row of 450-character notes is longer
    monkeypatch.setattr(acled, "_python_records", spy := _Spy(acled._python_records))
    assert read_acled(text, source="gen.csv") == expected
    assert spy.calls == 1


def test_an_unclosed_quote_is_one_bad_row_and_the_same_as_before():
    good = random_export(5, rows=20)
    text = (
        good + 'SYR99999,2017-06-08,2017,1,x,Battles,,,,,,,,,,,,,,,,,33.5,38.6,1,,,"never closed\n'
    )
    (collection, problems), (expected, expected_problems) = both(text)
    assert (collection, problems) == (expected, expected_problems)
    assert "fields where the header has 31" in problems[-1]


class _Spy:
    def __init__(self, function):
        self.function, self.calls = function, 0

    def __call__(self, *args):
        self.calls += 1
        return self.function(*args)


def test_blank_pattern_is_python_whitespace():
    import re

    import pyarrow as pa
    import pyarrow.compute as pc

    chars = [chr(c) for c in range(0x3100)]
    matched = pc.match_substring_regex(pa.array(chars), acled._BLANK).to_pylist()
    assert [c for c, m in zip(chars, matched, strict=True) if m] == [
        c for c in chars if c.isspace()
    ]
    untidy = pc.match_substring_regex(pa.array(chars), acled._UNTIDY).to_pylist()
    assert [c for c, m in zip(chars, untidy, strict=True) if m] == [
        c for c in chars if c.isspace() and c != " "
    ]
    assert re.fullmatch(r"\s*", "".join(c for c in chars if c.isspace()))


def test_the_binary_check_reads_a_bounded_sample(tmp_path):
    text = random_export(1, rows=50)
    big = text + "\n".join([text.split("\n", 1)[1]] * 400)  # some 9 MB
    sample = acled_file._sample(big.encode())
    assert (
        len(sample)
        <= acled_file._SAMPLE_HEAD + acled_file._SAMPLE_BLOCKS * acled_file._SAMPLE_BLOCK
    )
    assert big.encode().startswith(sample[: acled_file._SAMPLE_HEAD])
    assert sample.endswith(big.encode()[-acled_file._SAMPLE_BLOCK :])
    # Control characters at the start, or filling a part of the file after it, are found.
    junk = bytes(range(1, 9)) * 2_000
    for data in (junk + big.encode(), big.encode() + junk * 300 + big.encode()):
        path = tmp_path / "junk.csv"
        path.write_bytes(data)
        with pytest.raises(InputFormatError, match=r"^junk\.csv: binary file, not text$"):
            read_acled(path, source="junk.csv")


def test_places_are_the_same_when_their_combinations_are_too_many_to_number(monkeypatch):
    import math
    import types

    text = random_export(11, rows=200)
    expected = acled_reference.read_acled(text, source="gen.csv")
    # As if location x admin1 x country had more combinations than an int64 holds.
    monkeypatch.setattr(acled, "math", types.SimpleNamespace(prod=lambda sizes: 2**62))
    assert read_acled(text, source="gen.csv") == expected
    assert math.prod([2, 3]) == 6


def one_line_export(seed: int, rows: int = 300) -> str:
    """Return a random export with no value on two lines and text in columns no event uses."""
    records = list(csv.reader(io.StringIO(random_export(seed, rows=rows), newline="")))
    header = records[0]
    tags, scale = header.index("tags"), header.index("source_scale")
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for k, cells in enumerate(records[1:]):
        cells = [" ".join(c.splitlines()) for c in cells]
        if len(cells) == len(header):
            cells[tags] = f"crowd size=no report {k}"
            cells[scale] = "National" if k % 3 else ""
            if k % 50 == 7:  # blank where an event is read, but for its tags
                cells = [""] * len(header)
                cells[tags] = "only tags here"
        writer.writerow(cells)
    return out.getvalue()


def test_columns_no_event_uses_are_skipped_yet_judged_as_before(monkeypatch):
    seen = []
    parse = acled_file._parse
    monkeypatch.setattr(
        acled_file, "_parse", lambda *a, **k: seen.append(k.get("wanted")) or parse(*a, **k)
    )
    for seed in (11, 12):
        text = one_line_export(seed)
        assert len(text.splitlines()) == len(list(csv.reader(io.StringIO(text, newline=""))))
        (collection, problems), (expected, expected_problems) = both(text)
        assert (collection, problems) == (expected, expected_problems)
    # Rows blank but for their tags were there, and were judged on all their cells.
    assert any("only tags" not in p and "latitude is missing" in p for p in problems)
    assert seen and seen[-1] is None and seen[0] is not None  # skipped, then all: a blank row
    # Without such rows the columns no event uses are never made, and nothing changes.
    records = list(csv.reader(io.StringIO(one_line_export(14), newline="")))
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(
        r for r in records if len(r) < 25 or any(r[i].strip() for i in (1, 22, 23))
    )
    seen.clear()
    (collection, problems), expected = both(out.getvalue())
    assert (collection, problems) == expected and len(collection["features"]) > 100
    assert seen and all(wanted is not None for wanted in seen)


def test_a_long_value_in_a_column_no_event_uses_is_still_too_long(monkeypatch):
    text = one_line_export(13, rows=40).replace("only tags here", "t" * 200)
    old = csv.field_size_limit(150)  # the 200-character tags go over it, nothing else does
    try:
        got, expected = both(text)
    finally:
        csv.field_size_limit(old)
    assert got == expected
    assert any("field larger than field limit (150)" in p for p in got[1])
