"""`geo map -o x.png` with the print page options: sizes, and bad values said in one line."""

from __future__ import annotations

import struct

import pytest
from click.testing import CliRunner

from geo.cli.main import cli


def run(args):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_a4_landscape_png_has_its_exact_pixels(one_incident, tmp_path) -> None:
    out = tmp_path / "a4.png"
    result = run([
        "map", str(one_incident), "-o", str(out), "--size", "A4", "--orientation", "landscape"
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert struct.unpack(">II", out.read_bytes()[16:24]) == (3508, 2480)


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--size", "B7"], "--size 'B7'"),
        (["--size", "A4", "--dpi", "-3"], "--dpi '-3'"),
        (["--dpi", "lots"], "--dpi 'lots'"),
        (["--bounds", "1,2,3"], "--bounds '1,2,3'"),
        (["--size", "A4", "--orientation", "diagonal"], "--orientation 'diagonal'"),
        (["--orientation", "landscape"], "give --size too"),
    ],
)
def test_a_bad_value_is_one_line_naming_it(one_incident, tmp_path, options, said) -> None:
    out = tmp_path / "x.png"
    result = run(["map", str(one_incident), "-o", str(out), *options])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geo: error: ") and said in lines[0]
    assert "Traceback" not in result.output and not out.exists()


def test_print_options_on_an_html_map_are_refused(one_incident, tmp_path) -> None:
    result = run(["map", str(one_incident), "-o", str(tmp_path / "x.html"), "--size", "A4"])
    assert result.exit_code == 1
    assert "--size make a print map" in result.stderr


def test_help_lists_the_print_options() -> None:
    result = run(["map", "--help"])
    for option in ("--size A4|A3|letter|WxHmm|WxHpx", "--dpi N", "--orientation", "--bounds"):
        assert option in result.output
