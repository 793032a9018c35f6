"""geo.geocode.online's answer cache: damaged rows, a damaged file, a busy file."""

import sqlite3
import time

import pytest

from tests.geocode.nominatim_standin import (
    NominatimStandin,
    place,
)
from tests.geocode.online_support import make, run_cli

pytestmark = pytest.mark.slow  # processes, browsers or servers: `-m "not slow"` leaves it out


# --- the cache: damaged rows, a damaged file, a busy file ----------------------------------------


DAMAGED_ROWS = {
    "broken-json": '{"type": "Feature", "geometry": {"type": "Poi',
    "not-an-object": "[1, 2]",
    "no-geometry": '{"type": "Feature", "properties": {"found": true}}',
    "lat-999": '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [38.7, 999]},'
    ' "properties": {"found": true}}',
    "coords-text": '{"type": "Feature", "geometry": {"type": "Point", "coordinates": ["a", "b"]},'
    ' "properties": {"found": true}}',
    "coords-NaN": '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [NaN, 1]},'
    ' "properties": {"found": true}}',
    "no-properties": '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}}',
}


@pytest.mark.parametrize("stored", DAMAGED_ROWS.values(), ids=DAMAGED_ROWS.keys())
def test_a_damaged_cached_answer_is_dropped_and_asked_again(stored, standin, tmp_path, fake_time):
    with make(standin.url, tmp_path, fake_time) as online:
        first = online.geocode("Rukban")
    with sqlite3.connect(tmp_path / "online.sqlite") as db:
        db.execute("UPDATE answers SET feature = ?", (stored,))
    db.close()
    notes = []
    with make(standin.url, tmp_path, fake_time, notify=notes.append) as online:
        assert online.geocode("Rukban") == first
        assert online.geocode("Rukban") == first
    assert len(standin.searches) == 2  # asked once more, then cached again
    assert notes == [
        f"online cache {tmp_path / 'online.sqlite'} held an unreadable answer "
        "for 'rukban'; it was dropped and asked again"
    ]
    with make(standin.url, tmp_path, fake_time) as online:
        assert online.geocode("Rukban") == first
    assert len(standin.searches) == 2


def test_a_damaged_cache_file_is_moved_aside_and_said_once(standin, tmp_path, fake_time):
    path = tmp_path / "online.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    notes = []
    with make(standin.url, tmp_path, fake_time, notify=notes.append) as online:
        assert online.geocode("Rukban")["properties"]["country"] == "JO"
        assert online.geocode("Rukban") is not None
    assert notes == [
        f"online cache {path} is damaged (file is not a database); moved it to "
        f"{path}.damaged and started a new one"
    ]
    assert (tmp_path / "online.sqlite.damaged").read_bytes().startswith(b"this is not")
    with make(standin.url, tmp_path, fake_time, notify=notes.append) as online:
        assert online.geocode("Rukban") is not None
    assert len(standin.searches) == 1  # the new cache works for the next run
    assert len(notes) == 1


def test_a_damaged_cache_file_on_the_command_line_is_a_geo_line(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path))
    (tmp_path / "online.sqlite").write_bytes(b"garbage" * 1000)
    with NominatimStandin({"qwxzyville": [place("Qwxzyville", 34.5, 39.5)]}) as server:
        result = run_cli(
            ["geocode", "Qwxzyville", "--online", "nominatim", "--online-url", server.url]
        )
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"geo: online cache {tmp_path / 'online.sqlite'} is damaged (file is not a database); "
        f"moved it to {tmp_path / 'online.sqlite.damaged'} and started a new one"
    ]


@pytest.mark.parametrize("lock", ["EXCLUSIVE", "IMMEDIATE"])
def test_a_busy_cache_costs_a_moment_and_one_line(lock, standin, tmp_path, fake_time):
    path = tmp_path / "online.sqlite"
    with make(standin.url, tmp_path, fake_time) as online:
        online.geocode("Rukban")
    other = sqlite3.connect(path, isolation_level=None)  # another process, as far as SQLite sees
    other.execute(f"BEGIN {lock}")
    other.execute("INSERT INTO answers VALUES ('x', 'y', 'z', '', NULL, 'now')")
    notes = []
    started = time.monotonic()
    try:
        with make(standin.url, tmp_path, fake_time, notify=notes.append) as online:
            rukban = online.geocode("Rukban")
            tanf = online.geocode("At Tanf")
            assert online.geocode("at tanf") == {
                **tanf,
                "properties": {**tanf["properties"], "query": "at tanf"},
            }  # remembered for this run
        took = time.monotonic() - started
    finally:
        other.close()  # and with it, its lock
    assert rukban["properties"]["country"] == "JO" and tanf["properties"]["country"] == "SY"
    assert took < 10  # SQLite's own wait was 30 s a statement
    assert notes == [
        f"online cache {path} is busy (another process holds it); answers this run are not cached"
    ]
    # A write lock still lets the cache be read; an exclusive one does not.
    assert len(standin.searches) == (3 if lock == "EXCLUSIVE" else 2)
    with make(standin.url, tmp_path, fake_time) as online:
        online.geocode("At Tanf")  # not cached by the busy run: asked again
    assert len(standin.searches) == (4 if lock == "EXCLUSIVE" else 3)


def test_a_cache_that_cannot_be_opened_is_one_note_and_costs_requests(standin, tmp_path, fake_time):
    (tmp_path / "online.sqlite").mkdir()  # a folder where the file should be
    notes = []
    with make(standin.url, tmp_path, fake_time, notify=notes.append) as online:
        assert online.geocode("Rukban") is not None
        assert online.geocode("Rukban") is not None
    assert len(standin.searches) == 1  # remembered for the run all the same
    assert notes == [
        f"online cache {tmp_path / 'online.sqlite'} is unusable (unable to open "
        "database file); answers this run are not cached"
    ]
