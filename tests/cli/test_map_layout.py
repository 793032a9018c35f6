"""`geo map -o x.html` with the layout options: each reaches the page, bad values in one line."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from geo.cli.main import cli


def run(args):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def _options(page: str) -> dict:
    found = re.search(r"GeoMap\.init\(geoRoot,\w+,(\{.*?\}),\{basemap", page, re.S)
    assert found, "no GeoMap.init call"
    return json.loads(found[1])


def test_layout_options_reach_the_page(one_incident, tmp_path) -> None:
    out = tmp_path / "m.html"
    result = run([
        "map", str(one_incident), "-o", str(out), "--view", "38.6,33.5,8", "--height", "500",
        "--caption", "Source: one report", "--lang", "es", "--scroll-zoom",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    options = _options(page)
    assert options["view"] == [33.5, 38.6, 8.0]
    assert options["scrollZoom"] == "always"
    assert "rueda" in options["strings"]["wheelHint"]
    assert 'style="height: 500px"' in page
    assert '<p class="geo-user-caption">Source: one report</p>' in page
    assert '<html lang="es">' in page


def test_bounds_frame_the_html_map_too(one_incident, tmp_path) -> None:
    out = tmp_path / "m.html"
    result = run(["map", str(one_incident), "-o", str(out), "--bounds", "35,30,42,37"])
    assert result.exit_code == 0, result.output
    options = _options(out.read_text(encoding="utf-8"))
    assert options["fit"] == [[30.0, 35.0], [37.0, 42.0]]
    assert options["fitMaxZoom"] == 18


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--view", "38.6,33.5"], "LON,LAT,ZOOM"),
        (["--view", "200,33.5,8"], "longitude must lie in -180..180"),
        (["--height", "tall"], "is not a height"),
        (["--lang", "xx"], "have: en, es, fr"),
        (["--size", "A4"], "make a print map"),
    ],
)
def test_bad_layout_values_are_one_line(one_incident, tmp_path, options, said) -> None:
    out = tmp_path / "m.html"
    result = run(["map", str(one_incident), "-o", str(out), *options])
    assert result.exit_code != 0
    assert said in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
