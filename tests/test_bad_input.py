"""Bad input of every kind: one line naming the file or value, never a traceback."""

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from geo.errors import OutputError
from geo.features import feature, feature_collection, point
from geo.read.articles import read_articles
from geo.read.markup import blank_markup
from geo.support.output import write_atomic
from tests.helpers import ROOT, SEEDS
from tests.render.test_html import data_block


def incident_strings(page):
    """Return the strings of the incidents' data block of the map page at ``page``."""
    return data_block(page.read_text(encoding="utf-8"))["s"]


pytestmark = pytest.mark.slow  # processes, browsers or servers: `-m "not slow"` leaves it out


def geo(*args, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run the real `geo` in a subprocess, as a user's shell would."""
    return subprocess.run(
        [sys.executable, "-m", "geo.cli", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        check=False,
    )


def one_line_error(result: subprocess.CompletedProcess, *words: str) -> str:
    err = result.stderr.decode()
    assert "Traceback" not in err, err
    for w in words:
        assert w in err, err
    return err


def zone(radius_m):
    return feature(
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 1], [0, 0]]]},
        {"kind": "zone", "center": "X", "center_lonlat": [0.5, 0.5], "radius_m": radius_m},
    )


GOOD_INCIDENT = feature(point(38.6, 33.5), {"kind": "incident", "place": "Good Place"})


def only_problem_line(result: subprocess.CompletedProcess, *words: str) -> str:
    """Return the one stderr line (besides "wrote ...") and check it holds every word."""
    err = result.stderr.decode()
    assert "Traceback" not in err, err
    [line] = [x for x in err.splitlines() if not x.startswith("geo: wrote ")]
    for w in words:
        assert w in line, err
    return line


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (zone(0), ["radius_m 0"]),
        (zone(True), ["radius_m True"]),
        (feature(point(True, False), {"kind": "incident"}), ["coordinates"]),
        (
            feature({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, {"kind": "incident"}),
            ["'LineString'"],
        ),
    ],
)
def test_bad_feature_is_one_line_and_the_good_ones_are_mapped(tmp_path, bad, words):
    path = tmp_path / "edited.geojson"
    path.write_text(json.dumps(feature_collection([GOOD_INCIDENT, bad])))
    result = geo("map", str(path), "-o", str(tmp_path / "m.html"))
    assert result.returncode == 0
    line = only_problem_line(result, *words)
    assert line.startswith(f"geo: {path}: feature 1: "), line
    assert "(1 incident)" in result.stderr.decode()
    assert "Good Place" in incident_strings(tmp_path / "m.html")


@pytest.mark.parametrize(
    ("collection", "words"),
    [
        ({"type": "FeatureCollection", "geo": [1], "features": [GOOD_INCIDENT]}, ["'geo' member"]),
        (
            {
                "type": "FeatureCollection",
                "geo": {"documents": [{"x": 1}]},
                "features": [GOOD_INCIDENT],
            },
            ["geo.documents"],
        ),
        ({"type": "FeatureCollection", "features": {"0": GOOD_INCIDENT}}, ["'features'"]),
    ],
)
def test_bad_geojson_file_is_one_line(tmp_path, collection, words):
    path = tmp_path / "edited.geojson"
    path.write_text(json.dumps(collection))
    result = geo("map", str(path), "-o", str(tmp_path / "m.html"))
    assert result.returncode == 1
    one_line_error(result, "edited.geojson", *words)
    assert not (tmp_path / "m.html").exists()


def test_nan_radius_in_geojson_is_refused(tmp_path):
    path = tmp_path / "nan.geojson"
    path.write_text(json.dumps(feature_collection([zone(1.0)])).replace("1.0", "NaN"))
    result = geo("map", str(path), "-o", str(tmp_path / "m.html"))
    assert result.returncode == 1
    one_line_error(result, "nan.geojson: feature 0: zone radius_m nan", "nothing to map")


def test_deeply_nested_json_is_refused(tmp_path):
    path = tmp_path / "deep.geojson"
    path.write_text("[" * 100_000)
    one_line_error(geo("map", str(path), "-o", str(tmp_path / "m.html")), "deep.geojson")


def test_binary_on_stdin_is_refused():
    result = geo("extract", "-", stdin=bytes(range(256)) * 16)
    assert result.returncode == 1
    one_line_error(result, "<stdin>: binary")


def test_single_zone_feature_pipes_into_map(tmp_path):
    zone_text = geo("zone", "--center", "38.61778,33.50583", "--radius", "55 km").stdout
    assert json.loads(zone_text)["type"] == "Feature"
    result = geo("map", "-", "-o", str(tmp_path / "z.html"), stdin=zone_text)
    assert result.returncode == 0, result.stderr
    assert "55 km (34.2 mi)" in (tmp_path / "z.html").read_text(encoding="utf-8")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_stdout_that_cannot_be_written_is_one_line():
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "geo.cli", "extract", str(SEEDS)],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            check=False,
        )
    assert result.returncode == 1
    one_line_error(result, "cannot write output")


def test_output_into_a_folder_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["map", str(SEEDS), "-o", str(tmp_path)])
    assert result.exit_code == 2  # a usage error, caught before any work
    assert "is a directory" in result.stderr


def test_folder_listing_errors_become_problems(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    from pathlib import Path

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)
    articles, problems = read_articles([folder, tmp_path / "missing.txt"])
    assert articles == []
    assert problems == [
        f"{folder}: cannot list folder (Permission denied)",
        f"{tmp_path / 'missing.txt'}: no such file or folder",
    ]


def test_bad_metadata_beside_one_file_does_not_stop_the_others(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.txt").write_text("Strike near Aleppo.", encoding="utf-8")
    (bad / "metadata.csv").write_text("name,date\n", encoding="utf-8")
    articles, problems = read_articles([bad / "a.txt", SEEDS / "000_bfb0a29499321356.txt"])
    assert [a.id for a in articles] == ["a.txt", "000_bfb0a29499321356.txt"]
    assert problems == [f"{bad / 'metadata.csv'}: needs a header row with a 'file' column"]


def test_same_named_files_in_two_folders_keep_apart(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(f"From {folder}.", encoding="utf-8")
    articles, _ = read_articles([tmp_path / "a", tmp_path / "b"])
    assert [a.id for a in articles] == ["report.txt", "b/report.txt"]


def test_html_markup_is_blanked_keeping_offsets():
    page = (
        "<!DOCTYPE html><html><head><style>.x{color:red}</style>"
        "<script>var attack = 1;</script></head><body><p>Jets struck Aleppo.</p></body></html>"
    )
    text = blank_markup(page)
    assert len(text) == len(page)
    assert "attack" not in text and "<p>" not in text
    i = page.index("Jets struck Aleppo.")
    assert text[i : i + 19] == "Jets struck Aleppo."


def test_plain_text_with_a_stray_angle_bracket_is_unchanged():
    text = "Casualties were < 10 near Aleppo, officials said."
    assert blank_markup(text) == text


def test_interrupted_write_leaves_no_file(tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("old map")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new map")
    assert target.read_text() == "old map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("old map")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OutputError, match="map.html: cannot write"):
        write_atomic(target, "new map")
    assert target.read_text() == "old map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


@pytest.mark.parametrize("bad", [["2017-06-08"], {"x": 1}])
def test_incident_date_that_is_not_text_is_one_line(tmp_path, bad):
    incident = feature(point(38.6, 33.5), {"kind": "incident", "date": bad})
    path = tmp_path / "edited.geojson"
    path.write_text(json.dumps(feature_collection([incident, GOOD_INCIDENT])))
    result = geo("map", str(path), "-o", str(tmp_path / "m.html"))
    assert result.returncode == 0
    only_problem_line(result, "edited.geojson: feature 0: date", "is not text")
    assert "Good Place" in incident_strings(tmp_path / "m.html")


def test_embed_with_a_print_format_is_refused(tmp_path):
    result = geo("map", str(SEEDS), "--embed", "-o", str(tmp_path / "m.png"))
    assert result.returncode == 1
    one_line_error(result, "--embed makes an HTML fragment")
    assert not (tmp_path / "m.png").exists()


def test_unknown_country_code_is_one_line():
    result = geo("geocode", "--country", "XX,SY", "Aleppo")
    assert result.returncode == 1
    one_line_error(result, "--country XX: not an ISO 3166-1 alpha-2 code")


def test_gpkg_is_byte_identical_across_runs(tmp_path):
    from geo.export import export
    from tests.helpers import seed_collection

    first = export(seed_collection(), tmp_path / "a.gpkg").read_bytes()
    second = export(seed_collection(), tmp_path / "b.gpkg").read_bytes()
    assert first == second and first.startswith(b"SQLite format 3")
