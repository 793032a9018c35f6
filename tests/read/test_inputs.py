"""Reading inputs: one bad input gives one line naming it, and the rest of the batch goes on.

Streams are read only up to a limit, file names that are not UTF-8 are kept
printable, a bad feature of a GeoJSON input is left out alone, and symbolic
links do not lead out of an input folder unless asked.
"""

import contextlib
import io
import json
import os
import resource
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.cli.main import cli
from geo.errors import InputFormatError
from geo.features import feature, feature_collection, loads, point, validate
from geo.read.articles import MAX_ARTICLE_BYTES, read_articles
from geo.read.inputs import read_inputs
from tests.helpers import ROOT

ARTICLE = "Jets struck Aleppo on Monday, killing three people, officials said.\n"
OTHER = "A drone attack hit a patrol near Homs on Tuesday, the army said.\n"
MEMORY_CAP = 1_500_000_000  # bytes of address space for a geo run that must not read forever
TIMEOUT = 60


def _capped_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def geo_capped(*args, stdin=None, limits: dict | None = None, shell: str | None = None):
    """Run geo in a subprocess with bounded memory and time; ``limits`` override geo's caps."""
    prelude = "".join(
        f"import geo.read.articles as d; d.{k} = {v!r}; " for k, v in (limits or {}).items()
    )
    code = f"{prelude}from geo.cli.main import cli; cli(prog_name='geo')"
    argv = [sys.executable, "-c", code, *args]
    if shell is not None:
        argv = ["bash", "-c", shell.replace("GEO", " ".join(map(_quoted, argv)))]
    return subprocess.run(
        argv,
        stdin=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=TIMEOUT,
        preexec_fn=_capped_memory,
        check=False,
    )


def _quoted(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


def lines(result) -> list[str]:
    err = result.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    return err.splitlines()


def only_line(result, *words: str) -> str:
    """Return the one stderr line holding every word; fail if none or several do."""
    found = [line for line in lines(result) if all(w in line for w in words)]
    assert len(found) == 1, (words, result.stderr.decode())
    return found[0]


@pytest.fixture
def good(tmp_path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


# --------------------------------------------------------------------------
# 1. Reading stops at the limit for anything that is not a regular file
# --------------------------------------------------------------------------


@pytest.mark.slow
def test_dev_zero_is_read_only_up_to_the_article_limit(tmp_path, good):
    out = tmp_path / "m.html"
    result = geo_capped("map", "/dev/zero", str(good), "-o", str(out))
    line = only_line(result, "/dev/zero")
    assert line == (
        f"geo: /dev/zero: longer than the {MAX_ARTICLE_BYTES:,}-byte limit for one article;"
        " stopped reading there"
    )
    assert result.returncode == 0 and out.exists()  # the good article is still mapped


@pytest.mark.slow
def test_process_substitution_and_stdin_pipe_are_cut_at_the_limit(good):
    result = geo_capped(shell=f"GEO extract <(yes) {good}")
    assert only_line(result, "/dev/fd/", "limit for one article; stopped reading there")
    assert result.returncode == 0 and b"good.txt" in result.stdout

    result = geo_capped(shell=f"yes | GEO extract - {good}")
    assert only_line(result, "<stdin>: longer than the", "limit for one article")
    assert result.returncode == 0 and b"good.txt" in result.stdout


@pytest.mark.slow
def test_stdin_from_dev_zero_is_cut_at_the_limit(tmp_path, good):
    with open("/dev/zero", "rb") as zero:
        result = geo_capped("extract", "-", str(good), stdin=zero)
    assert only_line(result, "<stdin>: longer than the", "limit for one article")
    assert result.returncode == 0
    assert json.loads(result.stdout)["geo"]["documents"][0]["id"] == "good.txt"


@pytest.mark.slow
def test_named_fifo_is_cut_at_the_limit(tmp_path, good):
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)

    def endless_writer():
        try:
            with open(fifo, "wb") as pipe:
                while True:
                    pipe.write(b"Jets struck Aleppo.\n" * 4096)
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=endless_writer, daemon=True)
    writer.start()
    result = geo_capped("extract", str(fifo), str(good))
    writer.join(timeout=10)
    assert only_line(result, f"{fifo}: longer than the", "stopped reading there")
    assert result.returncode == 0 and b"good.txt" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, limit, what",
    [
        ("zero.geojson", "MAX_DATA_BYTES", "a GeoJSON or CSV input"),
        ("zero.csv", "MAX_TABLE_BYTES", "an ACLED CSV input"),
    ],
)
def test_geojson_and_csv_streams_have_a_limit_too(tmp_path, good, name, limit, what):
    # A link to /dev/zero named like a data input: read as one, up to its limit (a .csv
    # stream is taken for an ACLED export, which has a limit of its own).
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    result = geo_capped("extract", str(link), str(good), limits={limit: 2_000_000})
    line = only_line(result, str(link))
    assert line == (
        f"geo: {link}: longer than the 2,000,000-byte limit for {what}; stopped reading there"
    )
    assert result.returncode == 0


def test_regular_data_file_over_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    import geo.read.articles

    monkeypatch.setattr(geo.read.articles, "MAX_DATA_BYTES", 1_000)
    path = tmp_path / "big.geojson"
    path.write_text(json.dumps(feature_collection([])) + " " * 2_000)
    collections, articles, problems = read_inputs((str(path),), None)
    articles = list(articles)  # files are read as the articles are iterated
    assert collections == [] and articles == []
    size = path.stat().st_size
    assert problems == [
        f"{path}: {size:,} bytes is larger than the 1,000-byte limit for a GeoJSON or CSV input"
    ]


# --------------------------------------------------------------------------
# 2. File names that are not UTF-8
# --------------------------------------------------------------------------


@pytest.fixture
def odd_folder(tmp_path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_text(OTHER, encoding="utf-8")
    raw = os.fsencode(folder) + b"/report-\xff.txt"
    with open(raw, "wb") as handle:
        handle.write(ARTICLE.encode("utf-8"))
    with open(os.fsencode(folder) + b"/empty-\xfe.txt", "wb"):
        pass
    return folder


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


@pytest.mark.slow
def test_non_utf8_file_name_is_kept_as_an_escape_in_every_output(odd_folder, tmp_path):
    result = run("extract", str(odd_folder))
    assert result.exception is None, result.exception
    assert result.exit_code == 0
    ids = [d["id"] for d in json.loads(result.stdout_bytes.decode("utf-8"))["geo"]["documents"]]
    assert ids == ["good.txt", "report-\\xff.txt"]
    # The message naming the empty file shows its name the same way.
    assert f"geo: {odd_folder}/empty-\\xfe.txt: file is empty" in result.stderr.splitlines()

    for suffix in (".geojson", ".csv", ".kml", ".gpkg"):
        out = tmp_path / f"x{suffix}"
        result = run("extract", str(odd_folder), "-o", str(out))
        assert result.exception is None, (suffix, result.exception)
        data = out.read_bytes()
        if suffix == ".geojson":
            documents = json.loads(data.decode("utf-8"))["geo"]["documents"]
            assert [d["id"] for d in documents] == ids
        elif suffix == ".gpkg":
            with contextlib.closing(sqlite3.connect(out)) as db:
                rows = db.execute("SELECT sources FROM incidents").fetchall()
            assert {s["document"] for (cell,) in rows for s in json.loads(cell)} == set(ids)
        else:
            assert "report-\\xff.txt" in data.decode("utf-8"), suffix

    out = tmp_path / "m.html"
    result = run("map", str(odd_folder), "-o", str(out), "--title", os.fsdecode(b"Title \xff"))
    assert result.exception is None, result.exception
    page = out.read_bytes().decode("utf-8")
    assert "report-\\xff.txt" in page and "Title \\xff" in page


@pytest.mark.slow
def test_non_utf8_name_survives_extract_piped_into_map(odd_folder, tmp_path):
    extracted = subprocess.run(
        [sys.executable, "-m", "geo.cli", "extract", str(odd_folder)],
        capture_output=True,
        cwd=ROOT,
        timeout=TIMEOUT,
        check=False,
        env={**os.environ, "LC_ALL": "C", "LANG": "C"},  # stdout escapes surrogates here
    )
    assert extracted.returncode == 0, extracted.stderr
    text = extracted.stdout.decode("utf-8")  # valid UTF-8
    assert '"report-\\\\xff.txt"' in text
    assert b"empty-\\xfe.txt: file is empty" in extracted.stderr
    out = tmp_path / "m.html"
    result = run("map", "-", "-o", str(out), input=extracted.stdout)
    assert result.exit_code == 0, result.output
    assert "report-\\xff.txt" in out.read_text(encoding="utf-8")


def test_non_utf8_name_on_the_command_line_is_named_safely(tmp_path):
    missing = os.fsdecode(os.fsencode(tmp_path) + b"/gone-\xff.geojson")
    acled = os.fsencode(tmp_path) + b"/events-\xff.csv"
    with open(acled, "wb") as handle:
        handle.write(
            b"event_date,latitude,longitude,event_type,notes\n2017-06-08,33.5,38.6,Battles,x\n"
        )
    collections, _, problems = read_inputs((missing, os.fsdecode(acled)), None)
    assert problems == [f"{tmp_path}/gone-\\xff.geojson: no such file or folder"]
    [collection] = collections
    assert collection["geo"]["documents"][0]["id"] == "events-\\xff.csv"
    json.dumps(collection, ensure_ascii=False).encode("utf-8")  # no surrogate left


# --------------------------------------------------------------------------
# 3. A bad feature is left out alone; 4. rings geo can draw
# --------------------------------------------------------------------------

SQUARE = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]


def zone(coordinates, gtype="Polygon", **props):
    return feature(
        {"type": gtype, "coordinates": coordinates},
        {"kind": "zone", "center": "X", "center_lonlat": [0.5, 0.5], "radius_m": 1000, **props},
    )


GOOD_INCIDENT = feature(point(38.6, 33.5), {"kind": "incident", "date": "2017-06-08"})


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (zone([[[0, 0], [1, 0], [0, 0]]]), "ring 0 has 3 positions; a ring needs at least 4"),
        (zone([[[0, 0], [1, 0]]]), "ring 0 has 2 positions; a ring needs at least 4"),
        (zone([SQUARE[:-1]]), "ring 0 is not closed"),
        (zone([SQUARE, [[0, 0], [1, 0]]]), "ring 1 has 2 positions"),
        (zone([]), "Polygon has no rings"),
        (zone([[]]), "ring 0 has 0 positions"),
        (zone("abc"), "Polygon coordinates are not a list of rings"),
        (zone([[[0, 0], [1, 0], [1, 1], [0, 0]], "x"]), "ring 1 is not a list of positions"),
        (zone([], "MultiPolygon"), "MultiPolygon has no polygons"),
        (zone([[]], "MultiPolygon"), "polygon 0: Polygon has no rings"),
        (zone([[SQUARE], [[[0, 0], [1, 0]]]], "MultiPolygon"), "polygon 1: ring 0 has 2 positions"),
        (
            zone([[[[0, 0], [1, 0], [1, 1], [0, 1]]]], "MultiPolygon"),
            "polygon 0: ring 0 is not closed",
        ),
        (
            feature({"type": "Polygon", "coordinates": [[[0, 0], [1, 0]]]}, {"kind": "place"}),
            "ring 0 has 2 positions",
        ),
        (zone([[[0, 0], [1, 0], [1e999, 1], [0, 0]]]), "coordinates are not [longitude, latitude]"),
        (zone([[[0, 0], [1, 0], [float("nan"), 1], [0, 0]]]), "not [longitude, latitude]"),
        (feature(point(10**400, 1), {"kind": "incident"}), "not [longitude, latitude]"),
        (feature({"type": "Point", "coordinates": [1, 1, "a"]}, {"kind": "incident"}), "numbers"),
        (zone([SQUARE], radius_m=10**400), "radius_m"),
        (feature(point(1, 1), {"kind": "incident", "fatalities": 1e999}), "'fatalities'"),
        (feature(point(1, 1), {"kind": "incident", "summary": "a\udcffb"}), "'summary'"),
    ],
)
def test_bad_feature_is_one_line_and_the_others_go_on(bad, words):
    text = json.dumps(feature_collection([GOOD_INCIDENT, bad, GOOD_INCIDENT]))
    problems: list[str] = []
    collection = loads(text, "edited.geojson", problems)
    assert collection["features"] == [GOOD_INCIDENT, GOOD_INCIDENT]
    assert len(problems) == 1, problems
    assert problems[0].startswith("edited.geojson: feature 1:"), problems
    assert words in problems[0], problems
    assert "\n" not in problems[0]
    # Without a list to report into, the first bad feature refuses the collection.
    with pytest.raises(InputFormatError, match="feature 1"):
        loads(text, "edited.geojson")


def test_valid_polygons_and_multipolygons_pass():
    holes = [SQUARE, [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.2]]]
    collection = feature_collection(
        [zone([SQUARE]), zone(holes), zone([[SQUARE], holes], "MultiPolygon"), GOOD_INCIDENT]
    )
    assert validate(collection) is collection


def test_many_bad_features_are_summed_up_after_twenty_lines():
    bad = feature(point(True, False), {"kind": "incident"})
    problems: list[str] = []
    collection = loads(
        json.dumps(feature_collection([bad] * 25 + [GOOD_INCIDENT])), "e.geojson", problems
    )
    assert len(collection["features"]) == 1
    assert len(problems) == 21
    assert problems[-1] == "e.geojson: 5 more bad features left out"


def test_file_level_problems_stay_one_line_for_the_file():
    problems: list[str] = []
    with pytest.raises(InputFormatError, match="e.geojson: the 'geo' member"):
        loads('{"type": "FeatureCollection", "geo": [], "features": []}', "e.geojson", problems)
    text = json.dumps(
        {"type": "FeatureCollection", "geo": {"documents": [{"id": "d\udcff"}]}, "features": []}
    )
    with pytest.raises(InputFormatError, match="e.geojson: the 'geo' member holds"):
        loads(text, "e.geojson", problems)
    assert problems == []


def test_bad_zone_beside_good_features_is_mapped_without_it(tmp_path):
    path = tmp_path / "edited.geojson"
    bad = zone([[[38, 33], [39, 33], [38, 33]]])
    path.write_text(json.dumps(feature_collection([bad, GOOD_INCIDENT])))
    out = tmp_path / "m.png"
    result = run("map", str(path), "-o", str(out))
    assert result.exception is None, result.exception
    assert result.exit_code == 0
    assert f"geo: {path}: feature 0: ring 0 has 3 positions; a ring needs at least 4" in (
        result.stderr.splitlines()
    )
    assert out.read_bytes().startswith(b"\x89PNG")
    assert "(1 incident)" in result.stderr


def test_no_usable_feature_ends_in_nothing_to_map(tmp_path):
    path = tmp_path / "edited.geojson"
    path.write_text(json.dumps(feature_collection([zone([[[0, 0], [1, 0]]])])))
    result = run("map", str(path), "-o", str(tmp_path / "m.html"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"geo: {path}: feature 0: ring 0 has 2 positions; a ring needs at least 4",
        "geo: error: nothing to map (no place, zone or incident could be located)",
    ]
    assert not (tmp_path / "m.html").exists()


# --------------------------------------------------------------------------
# 5. metadata.csv with a field over the csv module's limit
# --------------------------------------------------------------------------


def test_giant_metadata_field_skips_its_row_only(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "file,published,note\n"
        "a.txt,2017-06-01,\n"
        f"b.txt,2017-06-02,{'x' * 200_000}\n"
        "c.txt,2017-06-03,\n",
        encoding="utf-8",
    )
    articles, problems = read_articles([tmp_path])
    assert [(a.id, str(a.published)) for a in articles] == [
        ("a.txt", "2017-06-01"),
        ("b.txt", "None"),
        ("c.txt", "2017-06-03"),
    ]
    assert problems == [
        f"{tmp_path / 'metadata.csv'}, line 3: a field is longer than 131,072 characters;"
        " row skipped"
    ]


# --------------------------------------------------------------------------
# 6. Symbolic links in an input folder
# --------------------------------------------------------------------------


@pytest.fixture
def linked(tmp_path) -> Path:
    outside = tmp_path / "outside.txt"
    outside.write_text(OTHER, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b-good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "a-inside.txt").symlink_to("b-good.txt")
    (folder / "c-out.txt").symlink_to(outside)
    (folder / "d-dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "e-loop.txt").symlink_to("e-loop.txt")
    return folder


def test_links_out_of_a_folder_dangling_or_looping_are_named_and_skipped(linked):
    articles, problems = read_articles([linked])
    assert [a.id for a in articles] == ["a-inside.txt"]  # the good file, read once
    assert problems == [
        f"{linked / 'c-out.txt'}: symbolic link to a file outside the folder; skipped"
        " (use --follow-links)",
        f"{linked / 'd-dangling.txt'}: dangling symbolic link; skipped",
        f"{linked / 'e-loop.txt'}: symbolic link loop; skipped",
    ]


def test_follow_links_reads_links_out_of_the_folder(linked):
    articles, problems = read_articles([linked], follow_links=True)
    assert [a.id for a in articles] == ["a-inside.txt", "c-out.txt"]
    assert len(problems) == 2 and "outside" not in " ".join(problems)


def test_a_link_named_on_the_command_line_is_read(linked):
    articles, problems = read_articles([linked / "c-out.txt"])
    assert [a.text for a in articles] == [OTHER] and problems == []


def test_a_broken_link_named_on_the_command_line_says_how_it_is_broken(linked):
    articles, problems = read_articles([linked / "d-dangling.txt", linked / "e-loop.txt"])
    assert articles == []
    assert problems == [
        f"{linked / 'd-dangling.txt'}: dangling symbolic link",
        f"{linked / 'e-loop.txt'}: symbolic link loop",
    ]


def test_metadata_link_out_of_the_folder_is_not_read(tmp_path, linked):
    secret = tmp_path / "secret.csv"
    secret.write_text("file,outlet\na-inside.txt,Leaked\n", encoding="utf-8")
    (linked / "metadata.csv").symlink_to(secret)
    articles, problems = read_articles([linked])
    assert articles[0].outlet is None
    assert (
        f"{linked / 'metadata.csv'}: symbolic link to a file outside the folder; skipped"
        " (use --follow-links)" in problems
    )
    articles, _ = read_articles([linked], follow_links=True)
    assert articles[0].outlet == "Leaked"


def test_follow_links_is_an_option_of_map_and_extract(linked, tmp_path):
    result = run("extract", str(linked), "--follow-links", "-q")
    assert result.exit_code == 0, result.output
    ids = [d["id"] for d in json.loads(result.stdout)["geo"]["documents"]]
    assert ids == ["a-inside.txt", "c-out.txt"]
    result = run("map", str(linked), "-o", str(tmp_path / "m.html"))
    assert result.exit_code == 0
    assert "c-out.txt: symbolic link to a file outside the folder" in result.stderr
    assert "--follow-links" in run("map", "--help").output


# --------------------------------------------------------------------------
# 7. Other malformed inputs: one line each, never an exception
# --------------------------------------------------------------------------

ACLED_HEAD = "event_date,latitude,longitude,event_type,notes"


def _make(tmp_path: Path, name: str, content) -> Path:
    path = tmp_path / name
    if content is None:
        path.mkdir()
        (path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    else:
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


MALFORMED = [
    ("deep.geojson", "[" * 1_000_000, "not usable JSON"),
    (
        "deep-props.geojson",
        '{"type":"FeatureCollection","features":[' + "[" * 50_000 + "]" * 50_000 + "]}",
        "not usable JSON",
    ),
    (
        "inf.geojson",
        json.dumps(feature_collection([GOOD_INCIDENT])).replace("38.6", "1e999"),
        "feature 0: coordinates",
    ),
    (
        "bigint.geojson",
        json.dumps(feature_collection([GOOD_INCIDENT])).replace("38.6", "9" * 500),
        "feature 0: coordinates",
    ),
    (
        "digits.geojson",
        json.dumps(feature_collection([GOOD_INCIDENT])).replace("38.6", "9" * 5000),
        "not usable JSON",
    ),
    ("utf16.geojson", "\ufeff{}".encode("utf-16"), "not UTF-8 text"),
    ("list.geojson", "[]", "not a GeoJSON FeatureCollection"),
    ("empty.geojson", "", "not valid JSON"),
    (
        "giant-header.csv",
        ACLED_HEAD + "," + "n" * 200_000 + "\n2017-06-08,33.5,38.6,Battles,x\n",
        "not readable as CSV",
    ),
    (
        "giant-row.csv",
        f"{ACLED_HEAD}\n2017-06-08,33.5,38.6,Battles,{'x' * 200_000}\n",
        "line 2: not readable as CSV",
    ),
    ("nul.csv", f"{ACLED_HEAD}\n2017-06-08,33.5,38.6,Battles,a\0b\n", "binary"),
    ("x" * 300 + ".geojson", None, "File name too long"),
]


@pytest.mark.parametrize(
    ("name", "content", "words"), MALFORMED, ids=[m[0][:20] for m in MALFORMED]
)
def test_malformed_input_is_one_line(tmp_path, name, content, words):
    if content is None:
        path = tmp_path / name  # a name the system refuses: not created
    else:
        path = _make(tmp_path, name, content)
    collections, articles, problems = read_inputs((str(path),), None)
    articles = list(articles)  # files are read as the articles are iterated
    assert problems, (collections, articles)
    assert any(words in p for p in problems), problems
    for p in problems:
        assert "\n" not in p
        assert p.startswith(str(path)) or p.startswith(path.name), p


def test_control_characters_in_a_file_name_keep_messages_on_one_line(tmp_path):
    (tmp_path / "two\nlines.txt").write_bytes(b"")
    (tmp_path / "tab\there.txt").write_text(ARTICLE, encoding="utf-8")
    articles, problems = read_articles([tmp_path])
    assert [a.id for a in articles] == ["tab\\x09here.txt"]
    assert problems == [f"{tmp_path}/two\\x0alines.txt: file is empty"]
    result = run("map", str(tmp_path / "gone\n.txt"), "-o", str(tmp_path / "m.html"))
    assert result.stderr.splitlines()[0] == f"geo: {tmp_path}/gone\\x0a.txt: no such file or folder"


def test_an_empty_input_name_is_not_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "here.txt").write_text(ARTICLE, encoding="utf-8")
    collections, articles, problems = read_inputs(("",), None)
    articles = list(articles)  # files are read as the articles are iterated
    assert (collections, articles) == ([], [])
    assert problems == ["'': an empty name names no file or folder"]


def test_folder_named_like_geojson_is_read_as_a_folder(tmp_path):
    path = _make(tmp_path, "x.geojson", None)
    collections, articles, problems = read_inputs((str(path),), None)
    articles = list(articles)  # files are read as the articles are iterated
    assert (collections, [a.id for a in articles], problems) == ([], ["a.txt"], [])


def test_unreadable_files_are_one_line(tmp_path, monkeypatch):
    paths = [_make(tmp_path, n, "{}") for n in ("a.geojson", "b.csv", "c.txt")]
    real_open = io.open

    def refuse(path, *args, **kwargs):
        if isinstance(path, str | bytes | os.PathLike) and os.fsdecode(path).startswith(
            str(tmp_path)
        ):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    # As root a chmod does not stop reading, so refuse the opening itself.
    monkeypatch.setattr(io, "open", refuse)
    monkeypatch.setattr("builtins.open", refuse)
    collections, articles, problems = read_inputs(tuple(map(str, paths)), None)
    articles = list(articles)  # files are read as the articles are iterated
    assert (collections, articles) == ([], [])
    assert problems == [f"{p}: cannot read (Permission denied)" for p in paths]


_any_text = st.text(st.characters(exclude_categories=()), max_size=5)  # lone surrogates too
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _any_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_any_text, inner, max_size=4),
    max_leaves=20,
)
_geometries = st.one_of(
    _json_values,
    st.fixed_dictionaries(
        {"type": st.sampled_from(["Point", "Polygon", "MultiPolygon"]), "coordinates": _json_values}
    ),
)
_features = st.fixed_dictionaries(
    {
        "type": st.just("Feature"),
        "geometry": _geometries,
        "properties": st.one_of(
            _json_values,
            st.fixed_dictionaries(
                {"kind": st.sampled_from(["place", "zone", "incident"])},
                optional={
                    "radius_m": _json_values,
                    "center_lonlat": _json_values,
                    "date": _json_values,
                    "summary": _json_values,
                },
            ),
        ),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_features, max_size=4))
def test_any_feature_is_kept_whole_or_named_in_one_line(features):
    text = json.dumps(feature_collection(features + [GOOD_INCIDENT]))
    problems: list[str] = []
    collection = loads(text, "h.geojson", problems)
    kept = collection["features"]
    assert kept[-1] == GOOD_INCIDENT
    assert len(kept) + len(problems) == len(features) + 1
    assert all(p.startswith("h.geojson: feature ") and "\n" not in p for p in problems)
    # What is kept can be written back as the contract.
    assert validate(collection) is collection
    json.dumps(collection, allow_nan=False, ensure_ascii=False).encode("utf-8")


def test_an_acled_export_has_a_larger_limit_than_geojson(tmp_path, monkeypatch):
    # Read as columns, an ACLED export may be larger than GeoJSON may; past its own
    # limit it is refused like any other input, before a byte is read.
    import geo.read.articles

    monkeypatch.setattr(geo.read.articles, "MAX_DATA_BYTES", 1_000)
    path = tmp_path / "events.csv"
    row = "EVT{k},2020-01-0{d},1,Battles,{lat},30.5,Clash at the checkpoint near the river.\n"
    path.write_text(
        "event_id_cnty,event_date,time_precision,event_type,latitude,longitude,notes\n"
        + "".join(row.format(k=k, d=1 + k % 9, lat=10 + k / 100) for k in range(40))
    )
    assert path.stat().st_size > 1_000
    collections, _, problems = read_inputs((str(path),), None)
    assert problems == [] and len(collections[0]["features"]) == 40
    monkeypatch.setattr(geo.read.articles, "MAX_TABLE_BYTES", 1_000)
    collections, _, problems = read_inputs((str(path),), None)
    size = path.stat().st_size
    assert collections == [] and problems == [
        f"{path}: {size:,} bytes is larger than the 1,000-byte limit for an ACLED CSV input"
    ]
