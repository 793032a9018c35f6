"""`geo map` driven through the real command group."""

import os
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from tests.helpers import DATA, ROOT, SEEDS
from tests.render import browser
from tests.render.test_html import data_block

pytestmark = pytest.mark.slow  # processes, browsers or servers: `-m "not slow"` leaves it out


def run(args, **kwargs):
    return CliRunner().invoke(cli, args, catch_exceptions=False, **kwargs)


@pytest.fixture
def seeds_copy(tmp_path):
    """Return a working folder holding a copy of seeds/, as a user's clone would."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path


def test_no_input_maps_seeds_into_maps(seeds_copy, monkeypatch):
    monkeypatch.chdir(seeds_copy)
    result = run(["map"])
    assert result.exit_code == 0, result.output
    page = seeds_copy / "maps" / "seeds.html"
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "wrote maps/seeds.html (6 incidents, 3 places, 2 zones)" in result.stderr
    assert "88.5 km (55 mi) around At Tanf garrison" in html
    assert "54.7 km (34 mi) around At Tanf garrison" in html


def test_map_twice_gives_identical_bytes_across_processes(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.html"
        subprocess.run(
            [sys.executable, "-m", "geo.cli", "map", str(SEEDS), "-o", str(out), "-q"],
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and len(outputs[0]) > 10_000


def test_extract_then_map_equals_map(tmp_path):
    direct = tmp_path / "direct.html"
    run(["map", str(SEEDS), "-o", str(direct), "-q"])
    extracted = run(["extract", str(SEEDS), "-q"]).stdout
    piped = tmp_path / "piped.html"
    result = run(["map", "-", "-o", str(piped), "-q"], input=extracted)
    assert result.exit_code == 0
    assert piped.read_bytes() == direct.read_bytes()


def test_bad_inputs_are_named_and_the_rest_still_maps(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEEDS / "000_bfb0a29499321356.txt", folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "cp1252.txt").write_bytes(
        "A strike near Aleppo on May 5 \u2014 caf\u00e9.".encode("cp1252")
    )
    (folder / "utf16.txt").write_bytes("Nothing local here.".encode("utf-16"))
    out = tmp_path / "map.html"
    result = run(["map", str(folder), str(tmp_path / "missing.txt"), "-o", str(out)])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    for name, words in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("missing.txt", "no such file"),
        ("utf16.txt", "no place found"),
    ]:
        assert any(name in line and words in line for line in lines), (name, lines)
    html = out.read_text(encoding="utf-8")
    assert "Aleppo" in html and "At Tanf garrison" in html


def test_nothing_mappable_exits_non_zero_and_writes_nothing(tmp_path):
    (tmp_path / "a.txt").write_text("No places in this text at all.", encoding="utf-8")
    out = tmp_path / "map.html"
    result = run(["map", str(tmp_path / "a.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert "nothing to map" in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "a.txt"]  # no temporary file left behind


def test_bad_geojson_input_is_one_line(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature"}]}')
    result = run(["map", str(bad), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 1
    assert "bad.geojson: feature 0 has no properties" in result.stderr


def test_wrong_output_suffix_is_refused(tmp_path):
    result = run(["map", str(SEEDS), "-o", str(tmp_path / "map.txt")])
    assert result.exit_code == 1 and "writes .html" in result.stderr


def test_hostile_article_text_renders_as_text(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    payload = "<img src=x onerror=window.__pwned=1>${window.__pwned=2}`"
    (folder / "a<b>.txt").write_text(
        f"date 2017-06-08 A drone attack hit a patrol near Aleppo on Thursday. {payload} "
        f"The 55 km zone around Aleppo {payload} was entered.",
        encoding="utf-8",
    )
    out = tmp_path / "hostile.html"
    assert run(["map", str(folder), "-o", str(out), "-q"]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "a<b>.txt" not in html
    assert "${window" not in html
    # The payload is kept, escaped as text inside JSON, for the reader to see.
    assert "\\u0026lt;img src=x onerror=window.__pwned=1\\u0026gt;" in html


def test_seed_map_in_chromium_offline(tmp_path):
    out = tmp_path / "seeds.html"
    assert run(["map", str(SEEDS), "-o", str(out), "-q"]).exit_code == 0
    probe, dom = browser.run_probe(
        tmp_path / "probed.html",
        out.read_text(encoding="utf-8"),
        "return document.querySelector('.geo-root').geoMap.drawn().sites;",
    )
    assert probe["errors"] == []
    assert "leaflet-container" in dom and "leaflet-control-layers" in dom
    assert "leaflet-control-scale" in dom
    # 2 zone rings + 3 places as SVG paths; 2 incident dots (5 incidents share the
    # garrison's) on the incidents' canvas.
    assert len(re.findall(r"<path[^>]*leaflet-interactive", dom)) == 2 + 3
    assert probe["result"] == 2
    assert "88.5 km (55 mi) around At Tanf garrison" in dom


def test_an_article_and_its_own_extraction_are_mapped_once(tmp_path):
    extracted = tmp_path / "seeds.geojson"
    assert run(["extract", str(SEEDS), "-o", str(extracted), "-q"]).exit_code == 0
    result = run(
        ["map", str(SEEDS), str(extracted), str(extracted), "-o", str(tmp_path / "m.html")]
    )
    assert "(6 incidents, 3 places, 2 zones)" in result.stderr
    html = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert html.count("looks like a km/mi slip") == 3  # header, and each ring's popup


@pytest.mark.parametrize(
    ("suffix", "magic"), [(".png", b"\x89PNG"), (".pdf", b"%PDF-"), (".svg", b"<?xml")]
)
def test_print_versions_by_suffix(tmp_path, suffix, magic):
    out = tmp_path / f"seeds{suffix}"
    result = run(["map", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)


def test_acled_export_maps_beside_the_articles_and_bad_rows_are_named(tmp_path):

    acled = DATA / "acled_sample.csv"
    out = tmp_path / "both.html"
    result = run(["map", str(SEEDS), str(acled), "-o", str(out)])
    assert result.exit_code == 0, result.output
    problems = [line for line in result.stderr.splitlines() if "acled_sample.csv, line" in line]
    assert len(problems) == 6  # one per defective row of the sample
    assert "(10 incidents, 3 places, 2 zones)" in result.stderr  # 6 extracted + 4 from ACLED
    strings = "\n".join(data_block(out.read_text(encoding="utf-8"))["s"])
    assert "Iraqi forces clashed with IS fighters" in strings  # an ACLED event's notes, in a popup


def test_embed_writes_a_fragment_that_works_twice_on_one_page(tmp_path):
    fragment = tmp_path / "fragment.html"
    assert run(["map", str(SEEDS), "--embed", "-o", str(fragment), "-q"]).exit_code == 0
    other = tmp_path / "other.html"
    aleppo_only = tmp_path / "a.txt"
    aleppo_only.write_text("date 2017-06-08 Jets struck Aleppo, Syria, on Thursday.")
    assert run(["map", str(aleppo_only), "--embed", "-o", str(other), "-q"]).exit_code == 0
    body = fragment.read_text(encoding="utf-8")
    assert "<html" not in body and "<body" not in body
    report = tmp_path / "report.html"
    report.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Report</title></head><body>"
        f"<h1>Report</h1>{body}<p>Between the maps.</p>{other.read_text(encoding='utf-8')}"
        "</body></html>",
        encoding="utf-8",
    )
    dom = browser.dump_dom(report)
    assert len(re.findall(r'class="[^"]*\bleaflet-container\b', dom)) == 2
    assert "88.5 km (55 mi) around At Tanf garrison" in dom


def test_main_towns_orient_the_reader_without_repeating_the_datas_places(tmp_path):
    out = tmp_path / "seeds.html"
    assert run(["map", str(SEEDS), "-o", str(out), "-q"]).exit_code == 0
    dom = browser.dump_dom(out)
    towns = re.findall(r'class="geo-town-name">([^<]+)<', dom)
    assert "Damascus" in towns and "Homs" in towns  # not named by the seeds: basemap towns
    assert "Aleppo" not in towns and "Baghdad" not in towns  # the data labels these itself


def test_a_report_with_no_date_says_so_on_stderr_and_on_both_maps(tmp_path):
    from geo.render.static import render_static_bytes

    report = tmp_path / "nodate.txt"
    report.write_text("Drones struck a fuel depot in Kharkiv on Monday, officials said.\n")
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["map", str(report), "-o", str(out)])
    assert result.exit_code == 0
    assert "nodate.txt: no date in its text, metadata.csv or --date" in result.stderr
    assert "<b>No date.</b> “nodate.txt” gives no date" in out.read_text(encoding="utf-8")
    # With --date the report is dated: nothing to say.
    dated = tmp_path / "dated.html"
    result = CliRunner().invoke(cli, ["map", str(report), "-o", str(dated), "--date", "2024-03-04"])
    assert "no date" not in result.stderr and "No date." not in dated.read_text(encoding="utf-8")
    # The print map says it too.
    extracted = CliRunner().invoke(cli, ["extract", str(report)])
    import json

    svg = render_static_bytes(json.loads(extracted.stdout), "svg", title="t").decode()
    assert "No date: “nodate.txt” gives no date" in svg
