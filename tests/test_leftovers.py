"""Nothing left behind: temporary files of interrupted writes are removed.

SIGTERM turns into an orderly exit that removes the file being written; after
kill -9 nothing can run, so the next write to the same folder removes what a
dead writer left, and nothing else.
"""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from geo.geocode.gazetteer import Gazetteer
from geo.support.output import STALE_AFTER_S, temporary_folder, write_atomic

pytestmark = pytest.mark.slow  # processes, browsers or servers: `-m "not slow"` leaves it out

ROOT = Path(__file__).resolve().parent.parent

# A child that runs the real CLI with os.replace made to stop before the rename
# of a temporary file: it tells the test the temporary file's name (so the test
# knows the write is under way) and waits there to be terminated.
PAUSED_WRITE = textwrap.dedent(
    """
    import os, sys, time
    import geo.geocode.index as index

    real_replace = os.replace
    ready = sys.argv[1]

    def paused_replace(src, dst, *args, **kwargs):
        if str(src).endswith(".tmp"):
            with open(ready, "w") as fh:
                fh.write(str(src))
            time.sleep(60)
        return real_replace(src, dst, *args, **kwargs)

    os.replace = paused_replace
    # The domain supplement alone: the index builds in an instant.
    index.geonames_records = lambda first_number=0: ([], [], [])
    from geo.cli.main import cli

    cli(sys.argv[2:], prog_name="geo")
    """
)


def _terminate_while_writing(tmp_path: Path, *args: str, cache: Path) -> tuple:
    ready = tmp_path / "ready"
    env = {**os.environ, "GEO_CACHE_DIR": str(cache)}
    child = subprocess.Popen(
        [sys.executable, "-c", PAUSED_WRITE, str(ready), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not (ready.exists() and ready.read_text()):
            assert child.poll() is None, child.stderr.read().decode()
            assert time.monotonic() < deadline, "the child never began its write"
            time.sleep(0.02)
        temporary = Path(ready.read_text())
        assert temporary.exists()  # the write is under way
        child.send_signal(signal.SIGTERM)
        _, stderr = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return child.returncode, stderr.decode(), temporary


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_sigterm_during_a_map_write_leaves_no_temporary_file(tmp_path):
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [38.8 + i / 100, 33.5]},
                "properties": {"kind": "place", "name": f"Place {i}", "country": "SY"},
            }
            for i in range(200)
        ],
    }
    source = tmp_path / "in.geojson"
    source.write_text(json.dumps(collection), encoding="utf-8")
    out = tmp_path / "maps"
    code, stderr, temporary = _terminate_while_writing(
        tmp_path, "map", str(source), "-o", str(out / "big.html"), cache=tmp_path / "cache"
    )
    assert temporary.parent == out
    assert code == 143
    assert stderr.splitlines() == ["geo: terminated"]
    assert _temporaries(out) == []
    assert not (out / "big.html").exists()


def test_sigterm_during_the_gazetteer_cache_write_leaves_no_temporary_file(tmp_path):
    cache = tmp_path / "cache"
    code, stderr, temporary = _terminate_while_writing(tmp_path, "geocode", "Tanf", cache=cache)
    assert temporary.parent == cache
    assert code == 143
    assert stderr.splitlines() == ["geo: terminated"]
    assert _temporaries(cache) == []
    assert list(cache.glob("gazetteer-*.pickle")) == []


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _aged(path: Path, seconds: float) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_next_write_removes_what_a_killed_writer_left_and_nothing_else(tmp_path):
    dead, live = _dead_pid(), os.getpid()
    stale = tmp_path / f".x.html.geo-{dead}-abcd1234.tmp"
    stale.write_bytes(b"x" * 1000)
    _aged(stale, STALE_AFTER_S + 60)
    # A live writer's file, however old, and a just-written file of a writer
    # that looks dead (another machine sharing the folder) are left alone.
    alive = tmp_path / f".x.html.geo-{live}-efgh5678.tmp"
    alive.write_bytes(b"y")
    _aged(alive, STALE_AFTER_S + 60)
    fresh = tmp_path / f".x.html.geo-{dead}-ijkl9012.tmp"
    fresh.write_bytes(b"z")
    # Not of our naming: never touched.
    others = [
        tmp_path / ".x.html.tmp",
        tmp_path / "notes.tmp",
        tmp_path / f".x.html.{dead}.tmp",
        tmp_path / f".x.html.geo-{dead}-abcd1234.tmp.keep",
    ]
    for other in others:
        other.write_bytes(b"other")
        _aged(other, 10 * 86400)

    write_atomic(tmp_path / "y.html", "<html></html>")

    assert not stale.exists()
    assert alive.exists() and fresh.exists()
    assert all(other.exists() for other in others)
    assert (tmp_path / "y.html").read_text() == "<html></html>"


def test_a_writer_older_than_any_write_takes_is_stale_even_if_its_pid_lives(tmp_path):
    # A pid is reused: a file a day old is no write in progress.
    reused = tmp_path / f".x.html.geo-{os.getpid()}-abcd1234.tmp"
    reused.write_bytes(b"x")
    _aged(reused, 2 * 86400)
    write_atomic(tmp_path / "y.html", "x")
    assert not reused.exists()


def test_gazetteer_cache_write_removes_stale_temporaries_of_its_folder(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("GEO_CACHE_DIR", str(cache))
    dead = _dead_pid()
    stale = cache / f".gazetteer-0123.pickle.geo-{dead}-abcd1234.tmp"
    stale.write_bytes(b"half a pickle")
    _aged(stale, 3600)
    # What earlier versions left after kill -9: our prefix, in our own folder.
    legacy = cache / ".gazetteer.k2j3h4l5.tmp"
    legacy.write_bytes(b"half a pickle")
    _aged(legacy, 3600)
    young_legacy = cache / ".gazetteer.m6n7p8q9.tmp"
    young_legacy.write_bytes(b"maybe being written by an older geo")
    unrelated = cache / "online.sqlite-journal.tmp"
    unrelated.write_bytes(b"not ours")
    _aged(unrelated, 3600)

    Gazetteer.load(geonames=False)

    assert list(cache.glob("gazetteer-*.pickle"))
    assert not stale.exists() and not legacy.exists()
    assert young_legacy.exists() and unrelated.exists()


def test_stale_private_folders_of_a_killed_export_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    dead = _dead_pid()
    stale = tmp_path / f"geo-gpkg-{dead}-abcd1234"
    stale.mkdir()
    (stale / "export.gpkg").write_bytes(b"x" * 100)
    _aged(stale, STALE_AFTER_S + 60)
    foreign = tmp_path / "geo-gpkg-abcd1234"  # an earlier version's, or anyone's
    foreign.mkdir()
    _aged(foreign, 10 * 86400)
    with temporary_folder("gpkg") as folder:
        assert Path(folder).name.startswith(f"geo-gpkg-{os.getpid()}-")
        assert Path(folder).parent == tmp_path
    assert not Path(folder).exists()
    assert not stale.exists()
    assert foreign.exists()
