"""`geo map --help` says what the command reads and what it writes."""

import re

from click.testing import CliRunner

from geo.cli.main import cli


def _help() -> str:
    result = CliRunner().invoke(cli, ["map", "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    return result.stdout


def _section(text: str, heading: str) -> str:
    """Return the lines of the help block that starts with ``heading``, up to a blank line."""
    start = text.index(heading)
    end = text.find("\n\n", start)
    return text[start:end]


def test_help_lists_every_output_format_by_suffix():
    outputs = _section(_help(), "Output, chosen by")
    for suffix in (".html", ".png", ".svg", ".pdf"):
        assert re.search(rf"^\s+{re.escape(suffix)}\s+\w", outputs, re.M), suffix


def test_help_lists_the_three_kinds_of_input_with_their_suffixes():
    inputs = _section(_help(), "INPUTS, any mix of:")
    for kind, suffixes in {
        "articles": (".txt", ".html", ".md", "folders", "- for stdin"),
        "GeoJSON": (".geojson", "geo extract"),
        "ACLED": (".csv",),
    }.items():
        block = re.search(rf"^\s+{kind}\s.*?(?=^\s+\S+\s{{2,}}|\Z)", inputs, re.M | re.S)
        assert block, kind
        for suffix in suffixes:
            assert suffix in block.group(), (kind, suffix)


def test_every_output_the_help_names_is_one_the_command_writes(tmp_path):
    from geo.pipeline import HTML_FORMATS, PRINT_FORMATS, check_map_output

    outputs = _section(_help(), "Output, chosen by")
    named = re.findall(r"^\s+(\.\w+)\s", outputs, re.M)
    assert set(named) <= {*HTML_FORMATS, *PRINT_FORMATS}
    for suffix in named:
        check_map_output(tmp_path / f"m{suffix}")  # raises for a format geo map cannot write
