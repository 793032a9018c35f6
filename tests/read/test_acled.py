"""ACLED CSV exports read as incidents: properties, sources, problems per row, encodings."""

import csv
import io
import json

import pytest

from geo.errors import ArticleReadError, InputFormatError
from geo.features import dumps, loads, validate
from geo.read.acled import ATTRIBUTION, SUMMARY_CHARS, read_acled
from geo.read.acled_file import is_acled_csv
from tests.helpers import DATA

SAMPLE = DATA / "acled_sample.csv"
NAME = "acled_sample.csv"

# The sample's defects, one per kind, with the lines they are on. The quoted notes of
# IRQ90002 span lines 3-5, so every row after it is two lines further down than its
# record number suggests.
SAMPLE_PROBLEMS = [
    f"{NAME}, line 7: latitude is not a number ('thirty-three')",
    f"{NAME}, line 8: longitude is missing ('')",
    f"{NAME}, line 9: empty row ('')",
    f"{NAME}, line 10: latitude is out of range -90 to 90 ('133.3000')",
    f"{NAME}, line 11: event_date is not a date like 2017-06-08 ('31 Juin 2017')",
    f"{NAME}, line 12: 28 fields where the header has 31"
    " ('IRQ90008,2017-06-10,2017,1,Political violence,Explosions/Re…')",
]
HOSTILE = (
    '<script>alert("x")</script> <img src=x onerror=alert(1)>'
    ' =HYPERLINK("http://evil.example","click") &amp; {{ notes }}'
)


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def by_id(collection: dict) -> dict[str, dict]:
    return {f["properties"]["acled_event_id"]: f for f in collection["features"]}


def make_csv(header: list[str], *rows: list[str]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


MINIMAL = ["event_date", "latitude", "longitude", "event_type", "notes"]


def one_row(**values: str) -> tuple[dict, list[str]]:
    """Return read_acled of a one-row CSV with the given columns over sensible defaults."""
    row = {"event_date": "2017-06-08", "latitude": "33.49", "longitude": "38.62",
           "event_type": "Battles", "notes": "Clashes near At Tanf."} | values  # fmt: skip
    return read_acled(make_csv(list(row), list(row.values())), source="t.csv")


@pytest.fixture(scope="module")
def sample() -> tuple[dict, list[str]]:
    return read_acled(SAMPLE, source=NAME)


def test_sample_gives_the_good_rows_in_file_order(sample):
    collection, _ = sample
    assert [f["properties"]["acled_event_id"] for f in collection["features"]] == [
        "SYR90001", "IRQ90002", "JOR90003", "SYR90009",
    ]  # fmt: skip
    assert all(f["properties"]["kind"] == "incident" for f in collection["features"])
    assert all(f["properties"]["origin"] == "acled" for f in collection["features"])


def test_sample_reports_each_bad_row_once_with_its_physical_line(sample):
    _, problems = sample
    assert problems == SAMPLE_PROBLEMS


def test_incident_properties_follow_the_contract(sample):
    feat = by_id(sample[0])["SYR90001"]
    assert feat["geometry"] == {"type": "Point", "coordinates": [38.618, 33.492]}  # lon, lat
    props = feat["properties"]
    notes = (
        "On 8 June 2017, a coalition aircraft shot down an armed drone near At Tanf, after it"
        " dropped a munition near coalition forces. No casualties reported."
    )
    expected = {
        "kind": "incident",
        "date": "2017-06-08",  # from ACLED's "08 June 2017"
        "date_precision": "day",
        "time_precision": 1,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Military Forces of the United States (2017-2021)",
        "actor2": "Pro-Government Militia (Syria)",
        "fatalities": 0,
        "geo_precision": 2,
        "place": "At Tanf, Homs, Syria",
        "summary": notes,
        "notes": notes,
        "acled_event_id": "SYR90001",
    }
    assert {key: props.get(key) for key in expected} == expected
    assert isinstance(props["fatalities"], int)


def test_source_is_a_span_of_the_notes_with_line_and_outlet(sample):
    feats = by_id(sample[0])
    src = feats["SYR90001"]["properties"]["sources"]
    assert src == [
        {
            "document": NAME,
            "text": feats["SYR90001"]["properties"]["notes"],
            "start": 0,
            "end": 150,
            "line": 2,
            "outlet": "Reuters; CENTCOM",
        }
    ]
    notes = feats["IRQ90002"]["properties"]["notes"]
    irq = feats["IRQ90002"]["properties"]["sources"][0]
    assert notes[irq["start"] : irq["end"]] == irq["text"]
    assert (irq["line"], irq["outlet"]) == (3, "Shafaq News")


def test_multiline_notes_are_kept_whole_and_shift_the_following_lines(sample):
    feats = by_id(sample[0])
    notes = feats["IRQ90002"]["properties"]["notes"]
    assert notes.count("\n") == 2 and notes.endswith('"several" vehicles destroyed.')
    assert "\n" not in feats["IRQ90002"]["properties"]["summary"]
    assert feats["JOR90003"]["properties"]["sources"][0]["line"] == 6

    # The same file with those notes on one line: everything after moves up two lines.
    flat = (
        sample_text()
        .replace("Al Qa'im.\nLocal", "Al Qa'im. Local")
        .replace("killed,\n", "killed, ")
    )
    collection, problems = read_acled(flat, source=NAME)
    assert by_id(collection)["JOR90003"]["properties"]["sources"][0]["line"] == 4
    assert [p.split(":")[0] for p in problems] == [f"{NAME}, line {n}" for n in (5, 6, 7, 8, 9, 10)]


def test_time_precision_2_is_a_day_and_3_a_month(sample):
    feats = by_id(sample[0])
    week = feats["IRQ90002"]["properties"]
    assert (week["date"], week["date_precision"], week["time_precision"]) == (
        "2017-06-06", "day", 2,
    )  # fmt: skip
    month = feats["JOR90003"]["properties"]
    assert (month["date"], month["date_precision"], month["time_precision"]) == (
        "2017-05", "month", 3,
    )  # fmt: skip
    assert month["acled_event_date"] == "2017-05-15"  # ACLED's date is not lost


@pytest.mark.parametrize(
    ("given", "date"),
    [
        ("08 June 2017", "2017-06-08"),
        ("8 june 2017", "2017-06-08"),
        ("08 Jun 2017", "2017-06-08"),
        ("08-Jun-2017", "2017-06-08"),
        ("2017-06-08", "2017-06-08"),
        (" 2017-6-8 ", "2017-06-08"),
        ("29 February 2016", "2016-02-29"),
    ],
)
def test_acled_and_iso_dates_are_read(given, date):
    collection, problems = one_row(event_date=given)
    assert problems == []
    assert collection["features"][0]["properties"]["date"] == date


@pytest.mark.parametrize("given", ["2017-02-30", "06/08/2017", "June 2017", "31 Juin 2017", "x"])
def test_dates_that_are_not_dates_are_reported(given):
    collection, problems = one_row(event_date=given)
    assert collection["features"] == []
    assert problems == [f"t.csv, line 2: event_date is not a date like 2017-06-08 ({given!r})"]


def test_place_joins_location_admin1_country_without_repeats(sample):
    assert by_id(sample[0])["SYR90009"]["properties"]["place"] == "Damascus, Syria"
    collection, _ = one_row(location="Rukban", admin1="", country="Syria")
    assert collection["features"][0]["properties"]["place"] == "Rukban, Syria"
    collection, _ = one_row()
    assert collection["features"][0]["properties"]["place"] is None


def test_long_notes_are_summarised_but_kept_whole():
    notes = ("Coalition aircraft struck a convoy approaching the garrison. " * 20).strip()
    collection, _ = one_row(notes=notes)
    props = collection["features"][0]["properties"]
    assert len(props["summary"]) <= SUMMARY_CHARS
    assert props["summary"].endswith("…")
    kept = props["summary"][:-1]
    assert notes.startswith(kept) and notes[len(kept)] == " "  # cut between words
    assert props["notes"] == notes
    assert props["sources"][0]["end"] == len(notes)


def test_only_the_required_columns_are_needed():
    text = make_csv(["event_date", "latitude", "longitude", "notes"],
                    ["2017-06-08", "33.49", "38.62", "A drone was shot down."])  # fmt: skip
    collection, problems = read_acled(text, source="min.csv")
    assert problems == []
    props = collection["features"][0]["properties"]
    assert props["event_type"] is None and props["place"] is None
    assert props["time_precision"] is None and props["date_precision"] == "day"
    assert props["fatalities"] is None and props["acled_event_id"] is None
    assert props["sources"][0]["outlet"] is None


def test_notes_lose_only_surrounding_blanks():
    collection, _ = one_row(notes="  Clashes near\n the camp. \n")
    props = collection["features"][0]["properties"]
    assert props["notes"] == "Clashes near\n the camp."
    assert props["summary"] == "Clashes near the camp."
    assert props["sources"][0]["end"] == len("Clashes near\n the camp.")


def test_header_names_are_case_insensitive():
    text = sample_text()
    header, rest = text.split("\n", 1)
    collection, problems = read_acled(header.upper() + "\n" + rest, source=NAME)
    assert problems == SAMPLE_PROBLEMS
    assert len(collection["features"]) == 4


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"time_precision": "5"}, "time_precision is not one of 1, 2, 3 ('5')"),
        ({"geo_precision": "near"}, "geo_precision is not one of 1, 2, 3 ('near')"),
        ({"fatalities": "many"}, "fatalities is not a whole number ('many')"),
        ({"fatalities": "-2"}, "fatalities is not a whole number ('-2')"),
        ({"longitude": "nan"}, "longitude is out of range -180 to 180 ('nan')"),
        ({"longitude": "181"}, "longitude is out of range -180 to 180 ('181')"),
        ({"event_type": " ", "notes": ""}, "neither event_type nor notes says what happened ('')"),
    ],
)
def test_values_outside_acled_codes_make_the_row_bad(values, problem):
    collection, problems = one_row(**values)
    assert collection["features"] == []
    assert problems == [f"t.csv, line 2: {problem}"]


def test_all_defects_of_one_row_are_on_one_line():
    collection, problems = one_row(latitude="", longitude="x", event_date="")
    assert collection["features"] == []
    assert problems == [
        "t.csv, line 2: latitude is missing (''); longitude is not a number ('x');"
        " event_date is missing ('')"
    ]


def test_a_repeated_event_id_is_reported_and_drawn_once():
    header = ["event_id_cnty", *MINIMAL]
    row = ["SYR1", "2017-06-08", "33.49", "38.62", "Battles", "Clashes."]
    collection, problems = read_acled(make_csv(header, row, row), source="dup.csv")
    assert len(collection["features"]) == 1
    assert problems == ["dup.csv, line 3: event_id_cnty repeats line 2 ('SYR1')"]


def test_trailing_blank_lines_are_not_problems():
    _, problems = read_acled(sample_text() + "\n\n", source=NAME)
    assert problems == SAMPLE_PROBLEMS


def test_utf8_bom_is_not_part_of_the_first_column(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(sample_text().encode("utf-8-sig"))
    collection, problems = read_acled(path, source=NAME)
    assert problems == SAMPLE_PROBLEMS
    # event_id_cnty is the first column: with the BOM left in, it would not be found.
    assert by_id(collection)["SYR90001"]["properties"]["acled_event_id"] == "SYR90001"
    assert is_acled_csv(path)
    # Text decoded as plain "utf-8" keeps the BOM as a character.
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    assert read_acled(text, source=NAME) == (collection, problems)


def test_windows_1252_text_is_decoded(tmp_path):
    path = tmp_path / "cp1252.csv"
    path.write_bytes(sample_text().encode("cp1252"))
    collection, problems = read_acled(path, source=NAME)
    assert problems == SAMPLE_PROBLEMS
    notes = by_id(collection)["JOR90003"]["properties"]["notes"]
    assert "Ar Ruwayshid’s border crossing" in notes  # U+2019, byte 0x92 in cp1252


def test_windows_line_ends_give_the_same_lines():
    collection, problems = read_acled(sample_text().replace("\n", "\r\n"), source=NAME)
    assert problems == SAMPLE_PROBLEMS
    # The line breaks inside the quoted notes are the file's own and are kept as such.
    assert by_id(collection)["IRQ90002"]["properties"]["notes"].count("\r\n") == 2


def test_semicolon_separated_exports_are_read():
    text = sample_text()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    collection, problems = read_acled(out.getvalue(), source=NAME)
    assert len(collection["features"]) == 4
    assert len(problems) == len(SAMPLE_PROBLEMS)


def test_path_bytes_and_text_give_the_same_collection():
    from_path = read_acled(SAMPLE, source=NAME)
    assert read_acled(str(SAMPLE), source=NAME) == from_path
    assert read_acled(SAMPLE.read_bytes(), source=NAME) == from_path
    assert read_acled(sample_text(), source=NAME) == from_path


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (["date", "lat", "lon", "notes"], "missing columns event_date, latitude, longitude"),
        (["event_date", "latitude", "lon", "notes"], "missing column longitude"),
        (["event_date", "latitude", "longitude", "actor1"], "missing column event_type or notes"),
    ],
)
def test_a_csv_without_the_required_columns_is_an_input_format_error(header, missing):
    text = make_csv(header, ["2017-06-08", "33.5", "38.6", "x"])
    with pytest.raises(InputFormatError) as info:
        read_acled(text, source="events.csv")
    message = str(info.value)
    assert message.startswith(f"events.csv: not an ACLED CSV: {missing} (header: ")
    assert "\n" not in message
    assert isinstance(info.value, ValueError)  # callers catching ValueError get it too


@pytest.mark.parametrize(
    "content", [b"", b"   \n", b'{"type": "FeatureCollection", "features": []}\n', b"\x00\x01PK"]
)
def test_files_that_are_not_csv_at_all_raise_one_line(tmp_path, content):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(InputFormatError, match=r"^x\.csv: ") as info:
        read_acled(path, source="x.csv")
    assert "\n" not in str(info.value)
    assert not is_acled_csv(path)


def test_a_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(ArticleReadError, match=r"^gone\.csv: cannot read"):
        read_acled(tmp_path / "gone.csv", source="gone.csv")


def test_a_row_csv_cannot_parse_is_reported_and_the_rest_goes_on():
    old = csv.field_size_limit(140)  # the 150-character notes of line 2 go over it
    try:
        collection, problems = read_acled(sample_text(), source=NAME)
    finally:
        csv.field_size_limit(old)
    assert problems[0] == (
        f"{NAME}, line 2: not readable as CSV (field larger than field limit (140))"
    )
    assert "SYR90009" in by_id(collection)


def test_output_validates_and_survives_json(sample):
    collection, _ = sample
    assert validate(collection, NAME) is collection
    assert loads(dumps(collection), NAME) == json.loads(json.dumps(collection))
    meta = collection["geo"]
    assert meta["attribution"] == [ATTRIBUTION]
    assert meta["documents"][0]["id"] == NAME and meta["documents"][0]["outlet"] == "ACLED"
    sources = [s for f in collection["features"] for s in f["properties"]["sources"]]
    assert {s["document"] for s in sources} == {d["id"] for d in meta["documents"]}


def test_hostile_notes_stay_plain_text(sample):
    props = by_id(sample[0])["SYR90009"]["properties"]
    # Exactly as in the file: not escaped, not stripped, not evaluated. Escaping is the
    # renderers' job; an already-escaped "&amp;" here would show up doubled on the map.
    assert props["notes"] == HOSTILE
    assert props["summary"] == HOSTILE
    assert props["sources"][0]["text"] == HOSTILE
    assert props["sources"][0]["outlet"] == "<b>Outlet</b>"
    assert json.loads(dumps(sample[0]))["features"][3]["properties"]["notes"] == HOSTILE


def test_a_hostile_bad_value_stays_on_one_problem_line():
    _, problems = one_row(latitude="33\n</pre><script>alert(1)</script>")
    assert len(problems) == 1 and "\n" not in problems[0]
    assert problems[0].startswith("t.csv, line 2: latitude is not a number ('33\\n</pre>")


def test_is_acled_csv_dispatches_on_suffix_and_header(tmp_path):
    assert is_acled_csv(SAMPLE)
    as_txt = tmp_path / "events.txt"
    as_txt.write_text(sample_text(), encoding="utf-8")
    assert not is_acled_csv(as_txt)
    upper = tmp_path / "EVENTS.CSV"
    upper.write_text(sample_text().upper(), encoding="utf-8")
    assert is_acled_csv(upper)
    metadata = tmp_path / "metadata.csv"
    metadata.write_text("file,published,published_basis,outlet,url,note\n", encoding="utf-8")
    assert not is_acled_csv(metadata)
    assert not is_acled_csv(tmp_path / "missing.csv")
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert not is_acled_csv(folder)


def test_thousands_of_bad_rows_are_told_up_to_a_cap_then_counted(monkeypatch):
    import geo.read.acled

    monkeypatch.setattr(geo.read.acled, "MAX_TOLD", 5)
    rows = [["2017-06-08", "33.49" if k % 3 else "north", "38.62", "Battles", f"Clash {k}."]
            for k in range(30)]  # fmt: skip
    collection, problems = read_acled(make_csv(MINIMAL, *rows), source="t.csv")
    assert len(collection["features"]) == 20
    # The first five bad rows (every third, from line 2), then one line for the other five.
    assert problems[:5] == [
        f"t.csv, line {2 + k}: latitude is not a number ('north')" for k in range(0, 15, 3)
    ]
    assert problems[5:] == [
        "t.csv: 5 more bad rows after line 14, left out like these and not listed one by one"
    ]
