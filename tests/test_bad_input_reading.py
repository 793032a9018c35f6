"""Reading inputs: one bad input gives one line naming it, and the rest of the batch goes on.

Streams are read only up to a limit, file names that are not UTF-8 are kept
printable, a bad feature of a GeoJSON input is left out alone, and symbolic
links do not lead out of an input folder unless asked.
"""

import json
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from geo.cli.options import read_inputs
from geo.documents import MAX_ARTICLE_BYTES
from geo.features import feature_collection
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
        f"import geo.documents as d; d.{k} = {v!r}; " for k, v in (limits or {}).items()
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


def test_dev_zero_is_read_only_up_to_the_article_limit(tmp_path, good):
    out = tmp_path / "m.html"
    result = geo_capped("map", "/dev/zero", str(good), "-o", str(out))
    line = only_line(result, "/dev/zero")
    assert line == (
        f"geo: /dev/zero: longer than the {MAX_ARTICLE_BYTES:,}-byte limit for one article;"
        " stopped reading there"
    )
    assert result.returncode == 0 and out.exists()  # the good article is still mapped


def test_process_substitution_and_stdin_pipe_are_cut_at_the_limit(good):
    result = geo_capped(shell=f"GEO extract <(yes) {good}")
    assert only_line(result, "/dev/fd/", "limit for one article; stopped reading there")
    assert result.returncode == 0 and b"good.txt" in result.stdout

    result = geo_capped(shell=f"yes | GEO extract - {good}")
    assert only_line(result, "<stdin>: longer than the", "limit for one article")
    assert result.returncode == 0 and b"good.txt" in result.stdout


def test_stdin_from_dev_zero_is_cut_at_the_limit(tmp_path, good):
    with open("/dev/zero", "rb") as zero:
        result = geo_capped("extract", "-", str(good), stdin=zero)
    assert only_line(result, "<stdin>: longer than the", "limit for one article")
    assert result.returncode == 0
    assert json.loads(result.stdout)["geo"]["documents"][0]["id"] == "good.txt"


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


@pytest.mark.parametrize("name", ["zero.geojson", "zero.csv"])
def test_geojson_and_csv_streams_have_a_limit_too(tmp_path, good, name):
    # A link to /dev/zero named like a data input: read as one, up to the data limit.
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    result = geo_capped("extract", str(link), str(good), limits={"MAX_DATA_BYTES": 2_000_000})
    line = only_line(result, str(link))
    assert line == (
        f"geo: {link}: longer than the 2,000,000-byte limit for a GeoJSON or CSV input;"
        " stopped reading there"
    )
    assert result.returncode == 0


def test_regular_data_file_over_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    import geo.documents

    monkeypatch.setattr(geo.documents, "MAX_DATA_BYTES", 1_000)
    path = tmp_path / "big.geojson"
    path.write_text(json.dumps(feature_collection([])) + " " * 2_000)
    collections, articles, problems = read_inputs((str(path),), None)
    assert collections == [] and articles == []
    size = path.stat().st_size
    assert problems == [
        f"{path}: {size:,} bytes is larger than the 1,000-byte limit for a GeoJSON or CSV input"
    ]
