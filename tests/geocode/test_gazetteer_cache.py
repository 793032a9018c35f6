"""The gazetteer index is built once and kept on disk, rebuilt when its data change."""

import shutil

import pytest

from geo.geocode import index
from geo.geocode.gazetteer import Gazetteer
from geo.support.paths import data_dir


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def supplement(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(data_dir() / "gazetteer.csv", folder / "gazetteer.csv")
    return folder


def _refuse_to_build(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the index was built instead of read from the cache")

    monkeypatch.setattr(index, "build_tables", refuse)


@pytest.mark.slow
def test_second_load_reads_the_cache_and_answers_the_same(cache, supplement, monkeypatch):
    built = Gazetteer.load(supplement)
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 1
    _refuse_to_build(monkeypatch)
    cached = Gazetteer.load(supplement)
    for name in ("Aleppo", "al-Tanf", "Tripoli", "Deir el-Zour", "Syria"):
        assert cached.candidates(name) == built.candidates(name)
    assert cached.written_with_article("at Tanf") and not cached.written_with_article("at Aleppo")


def test_changed_supplement_is_rebuilt(cache, supplement):
    Gazetteer.load(supplement, geonames=False)
    with open(supplement / "gazetteer.csv", "a", encoding="utf-8") as fh:
        fh.write("x:camp,Test Camp,,33.0,38.0,SY,camp,0,https://example.org/camp,\n")
    assert Gazetteer.load(supplement, geonames=False).lookup("Test Camp")[0].id == "x:camp"
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 2


def test_damaged_cache_is_rebuilt(cache, supplement):
    Gazetteer.load(supplement, geonames=False)
    [path] = cache.glob("gazetteer-*.pickle")
    path.write_bytes(b"not a pickle")
    assert Gazetteer.load(supplement, geonames=False).lookup("Tanf")[0].name == "At Tanf garrison"


def test_unwritable_cache_only_costs_time(tmp_path, supplement, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GEO_CACHE_DIR", str(blocker / "cache"))
    assert Gazetteer.load(supplement, geonames=False).lookup("Tanf")[0] is not None


def test_cache_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("GEO_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert index.cache_dir() == tmp_path / "geo"


def _in_a_fresh_process(code: str, cache) -> str:
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "GEO_CACHE_DIR": str(cache)},
    )
    return done.stdout.splitlines()[-1]


@pytest.mark.slow
def test_the_library_leaves_the_collector_alone_and_the_cli_chooses_to_freeze(cache):
    # The first load builds and keeps the index, the others read it back.
    load = "import gc; from geo.geocode.gazetteer import Gazetteer; Gazetteer.load(); "
    built = _in_a_fresh_process(load + "print(gc.get_freeze_count())", cache)
    read = _in_a_fresh_process(load + "print(gc.get_freeze_count())", cache)
    assert (built, read) == ("0", "0")
    command = (
        "import gc; from geo.cli.main import cli; "
        "cli(['geocode', 'Aleppo'], standalone_mode=False); print(gc.get_freeze_count())"
    )
    assert int(_in_a_fresh_process(command, cache)) > 100_000
