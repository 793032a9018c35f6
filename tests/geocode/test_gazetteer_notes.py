"""A gazetteer cache that cannot be kept or read is said, once, never silently."""

import errno
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from geo.geocode import index
from geo.geocode.gazetteer import Gazetteer
from tests.helpers import ROOT

# The real CLI with the domain supplement alone: the index builds in an instant.
SMALL_GEO = textwrap.dedent(
    """
    import sys
    import geo.geocode.index as index

    index.geonames_records = lambda first_number=0: ([], [], [])
    from geo.cli.main import cli

    cli(sys.argv[1:], prog_name="geo")
    """
)


def small_geo(cache: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SMALL_GEO, *args],
        cwd=ROOT,
        env={**os.environ, "GEO_CACHE_DIR": str(cache)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(autouse=True)
def _fresh_notes(monkeypatch):
    # Each note is said once per process; each test is a process of its own here.
    monkeypatch.setattr(index, "_SAID", set(), raising=False)


@pytest.fixture
def unwritable(tmp_path):
    # Tests may run as root, whom chmod does not stop: a folder under a regular
    # file can be made by nobody.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    return blocker / "cache"


def test_an_unwritable_cache_folder_is_said_once_per_run(unwritable):
    result = small_geo(unwritable, "geocode", "Tanf", "Rukban camp")
    notes = [line for line in result.stderr.splitlines() if "gazetteer index" in line]
    assert notes == [
        f"geo: cannot keep the gazetteer index in {unwritable} (Not a directory); "
        "it is rebuilt on every run"
    ]
    assert result.stderr.splitlines() == notes  # nothing else, no traceback
    assert result.returncode == 0


def test_quiet_keeps_the_note_to_itself(unwritable):
    result = small_geo(unwritable, "geocode", "-q", "Tanf")
    assert result.stderr == ""
    assert result.returncode == 0


def test_a_damaged_cache_file_is_rebuilt_and_said(tmp_path):
    cache = tmp_path / "cache"
    assert small_geo(cache, "geocode", "Tanf").stderr == ""
    [index] = cache.glob("gazetteer-*.pickle")
    index.write_bytes(b"garbage, not an index")

    result = small_geo(cache, "geocode", "Tanf")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"geo: the cached gazetteer index {index} cannot be read (damaged); it is rebuilt"
    ]
    assert index.read_bytes() != b"garbage, not an index"
    # Rebuilt for good: the next run reads it without a word.
    assert small_geo(cache, "geocode", "Tanf").stderr == ""


def test_library_callers_get_the_note_as_a_log_record_once(unwritable, monkeypatch, caplog):
    monkeypatch.setenv("GEO_CACHE_DIR", str(unwritable))
    with caplog.at_level(logging.WARNING, logger="geo"):
        Gazetteer.load(geonames=False)
        Gazetteer.load(geonames=False)
    [record] = caplog.records
    assert record.name == "geo.geocode.gazetteer"
    assert record.getMessage().startswith(f"cannot keep the gazetteer index in {unwritable}")


def test_a_full_cache_folder_is_said(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cache"))

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(index.pickle, "dump", disk_full)
    with caplog.at_level(logging.WARNING, logger="geo"):
        assert Gazetteer.load(geonames=False).lookup("Tanf")[0] is not None
    assert [r.getMessage() for r in caplog.records] == [
        f"cannot keep the gazetteer index in {tmp_path / 'cache'} "
        "(No space left on device); it is rebuilt on every run"
    ]
    assert not [p for p in (tmp_path / "cache").iterdir() if p.name.endswith(".tmp")]
