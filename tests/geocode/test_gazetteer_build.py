"""The one-time index build: its whole-list shortcuts give what the one-name rules give."""

import os
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.geocode import index
from geo.geocode.gazetteer import Gazetteer
from geo.geocode.names import loose_key, loose_keys, normalize_name, normalize_names
from geo.geocode.place import Place
from geo.geocode.rank import distance_km, nearest_km
from geo.support import forked
from geo.support.forked import map_in_two

# Letters, marks and separators that the normalisation rules treat specially,
# plus a few from further afield.
NAME_CHARS = "aAlLeEsStThdDrRzZnNuUkKqQcCjJgGoOiIyYwW ʿʾ'’`-‐–—_.,\t\u00a0ḨāĀéñøłİıßΣς𝔄1"
KEY_CHARS = "aeiouywkhgsdtpcjqflmnbrz \x01"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=NAME_CHARS, max_size=14), max_size=30))
def test_normalize_names_is_normalize_name_on_each(names):
    assert normalize_names(names) == [normalize_name(n) for n in names]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=10), max_size=10))
def test_normalize_names_holds_for_any_text_line_breaks_included(names):
    assert normalize_names(names) == [normalize_name(n) for n in names]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=KEY_CHARS, max_size=14), max_size=30))
def test_loose_keys_is_loose_key_on_each(keys):
    assert loose_keys(keys) == [loose_key(k) for k in keys]


@pytest.fixture(scope="module")
def geonames():
    return index.geonames_records()


def test_the_shortcuts_agree_on_real_geonames_names(geonames):
    sample = geonames[2][::10]
    keys = normalize_names(sample)
    assert keys == [normalize_name(n) for n in sample]
    assert loose_keys(keys) == [loose_key(k) for k in keys]


def _tenfold(items):
    return [item * 10 for item in items]


def test_map_in_two_gives_the_serial_result():
    items = [f"name {n}" for n in range(60_000)]
    assert map_in_two(_tenfold, items) == _tenfold(items)


needs_fork = pytest.mark.skipif(
    not (hasattr(os, "sched_getaffinity") and forked._usable()),
    reason="map_in_two forks only on Linux with 2+ CPUs and one thread",
)


@needs_fork
def test_map_in_two_shares_the_work_with_a_child_on_linux():
    parent = str(os.getpid())
    done = map_in_two(lambda items: [str(os.getpid())] * len(items), ["x"] * 60_000)
    assert done[0] == parent and done[-1] != parent


@needs_fork
def test_map_in_two_recomputes_what_a_failed_child_did_not_send():
    parent = os.getpid()

    def fails_in_child(items):
        if os.getpid() != parent:
            raise RuntimeError("child failure")
        return [item.upper() for item in items]

    items = ["abc"] * 60_000
    assert map_in_two(fails_in_child, items) == ["ABC"] * 60_000


@needs_fork
def test_map_in_two_stops_a_child_that_does_not_answer(monkeypatch):
    monkeypatch.setattr(forked, "CHILD_TIMEOUT_S", 0.5)
    parent = os.getpid()

    def hangs_in_child(items):
        if os.getpid() != parent:
            time.sleep(30)
        return [item.upper() for item in items]

    start = time.monotonic()
    assert map_in_two(hangs_in_child, ["abc"] * 60_000) == ["ABC"] * 60_000
    assert time.monotonic() - start < 10


@needs_fork
def test_map_in_two_without_fork_leaks_no_descriptor(monkeypatch):
    def no_fork():
        raise OSError("no more processes")

    monkeypatch.setattr(os, "fork", no_fork)
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        assert map_in_two(_tenfold, ["a"] * 60_000) == ["a" * 10] * 60_000
    assert len(os.listdir("/proc/self/fd")) == before


def test_records_and_places_build_the_same_index(geonames):
    rows, owners, variants = geonames
    cut = owners.index(20_000)  # the first 20,000 places and their names
    names = [[] for _ in range(20_000)]
    for number, variant in zip(owners[:cut], variants[:cut], strict=True):
        names[number].append(variant)
    places = [
        Place(*row, alternate_names=tuple(own[1:]))
        for row, own in zip(rows[:20_000], names, strict=True)
    ]
    from_records = Gazetteer._from_records(rows[:20_000], owners[:cut], variants[:cut])
    assert from_records._tables() == Gazetteer(places)._tables()
    assert len(from_records._index) > 20_000


@settings(max_examples=200, deadline=None)
@given(
    st.floats(-180, 180),
    st.floats(-89, 89),
    st.lists(st.tuples(st.floats(-180, 180), st.floats(-89, 89)), max_size=5),
)
def test_nearest_km_is_the_least_distance(lon, lat, points):
    expected = min((distance_km((lon, lat), p) for p in points), default=float("inf"))
    assert nearest_km(lon, lat, tuple(points)) == expected


def test_names_with_line_breaks_index_as_one_at_a_time():
    places = [
        Place("x:1", "Foo\nal Bar", "SY", "camp", 1.0, 1.0),
        Place("x:2", "al\nBaz", "SY", "camp", 1.0, 1.0),
        Place("x:3", "al Qux", "SY", "camp", 1.0, 1.0),
    ]
    built = Gazetteer(places)
    assert built.article_forms == {"al baz", "al qux"}
    assert built.candidates("al Qux")[0].id == "x:3"


def test_map_in_two_does_not_fork_while_another_thread_runs():
    import threading

    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        parent = str(os.getpid())
        done = map_in_two(lambda items: [str(os.getpid())] * len(items), ["x"] * 60_000)
    finally:
        stop.set()
        worker.join()
    assert set(done) == {parent}


@needs_fork
def test_map_in_two_survives_a_child_reaped_elsewhere(monkeypatch):
    real_waitpid = os.waitpid

    def reaped(pid, options):
        real_waitpid(pid, options)  # reaped, as a SIGCHLD handler would
        raise ChildProcessError("no child processes")

    monkeypatch.setattr(os, "waitpid", reaped)
    assert map_in_two(_tenfold, ["b"] * 60_000) == ["b" * 10] * 60_000


def test_freezing_a_kept_block_collects_garbage_cycles_first():
    import weakref

    from geo.support.collector import collector_paused

    class Node:
        pass

    cycle = Node()
    cycle.self = cycle
    alive = weakref.ref(cycle)
    del cycle  # garbage now, but only the cyclic collector can free it
    with collector_paused(keep=True):
        pass
    assert alive() is None
