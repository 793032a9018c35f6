"""One odd report never stalls or sinks a batch: long texts, impossible zones, big batches."""

import datetime as dt
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.extract.batch import extract
from geo.features import dumps, feature_collection, loads, write_collection
from geo.read.articles import ArticleFiles, article_from_text
from tests.helpers import ROOT, of_kind, seed_collection

pytestmark = pytest.mark.slow  # processes, browsers or servers: `-m "not slow"` leaves it out

RUN_ON = "A drone strike hit At Tanf on Thursday near Aleppo and Homs, "


def geo(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo.cli", *args],
        capture_output=True,
        cwd=ROOT,
        check=False,
        timeout=timeout,
    )


def test_a_run_on_sentence_of_a_megabyte_is_read_in_bounded_time(tmp_path):
    # Reading it was cubic in its length: 8 KB took 14 s and this never ended.
    path = tmp_path / "run-on.txt"
    path.write_text("date 2017-06-08 " + RUN_ON * 16_400, encoding="utf-8")  # about 1 MB
    result = geo("extract", str(path), timeout=240)
    assert result.returncode == 0, result.stderr.decode()
    collection = json.loads(result.stdout)
    labels = {f["properties"]["label"] for f in of_kind(collection, "incident")}
    assert labels == {"drone strike"}


def test_sources_of_a_long_sentence_are_quoted_around_their_match():
    towns = ["Aleppo", "Homs", "Hama", "Idlib", "Raqqa", "Palmyra"]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    clauses = [f"a drone strike hit {t} on {d}, " for t in towns for d in days]
    text = "date 2017-06-10 " + "".join(clauses) * 20  # one sentence of 36 events
    collection = extract([article_from_text(text, "long.txt")]).collection
    incidents = of_kind(collection, "incident")
    assert len(incidents) == 36
    for inc in incidents:
        for source in inc["properties"]["sources"]:
            assert len(source["text"]) <= 1_500 and source["clipped"] is True
            assert text[source["start"] : source["end"]] == source["text"]
            assert source["start"] <= source["match"]["start"] < source["end"]
        assert len(inc["properties"]["summary"]) <= 201
    # Quoting the whole sentence for each event would make this 36 times the text.
    assert len(dumps(collection)) < 10 * len(text)


_VOCABULARY = [
    "drone strike",
    "air strike",
    "shelled",
    "struck",
    "hit",
    "attacked",
    "fired at",
    "shot down",
    "artillery fire",
    "the strike",
    "another strike",
    "At Tanf",
    "Aleppo",
    "Homs",
    "Damascus",
    "Kharkiv",
    "Hodeidah",
    "Syria",
    "Russian forces",
    "Houthi forces",
    "U.S. forces",
    "coalition aircraft",
    "on Thursday",
    "on June 8",
    "yesterday",
    "last week",
    "a 55-kilometre zone",
    "34 miles",
    "a 30 km (19 mi) exclusion zone around",
    "near",
    "in",
    "outside",
    "said",
    "according to",
    "would",
    "not",
    "and",
    "the",
    "a",
    "drones",
    "jets",
    "militia",
    "times",
    "series of",
]


@settings(
    max_examples=25,
    deadline=dt.timedelta(seconds=5),  # the cubic reading took tens of seconds on such sentences
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    words=st.lists(st.sampled_from(_VOCABULARY), min_size=20, max_size=300),
    repeat=st.integers(10, 40),
    separators=st.sampled_from([" ", ", ", " and "]),
)
def test_long_run_on_sentences_dense_in_events_finish_quickly(words, repeat, separators):
    # 2,000 to 12,000 words in one sentence: the cubic reading took 3 s for 2,000.
    words = (words * (2_000 // len(words) + repeat))[: max(2_000, len(words) * repeat)]
    text = "date 2017-06-08 " + separators.join(words)
    collection = extract([article_from_text(text, "dense.txt")]).collection
    for inc in of_kind(collection, "incident"):
        for source in inc["properties"]["sources"]:
            assert text[source["start"] : source["end"]] == source["text"]
    loads(dumps(collection))


def test_an_impossible_radius_is_one_line_and_the_rest_is_mapped(tmp_path):
    (tmp_path / "bad.txt").write_text(
        "date 2017-06-08 Officials declared a 30,000-kilometre zone around Aleppo on Monday.\n"
        "A drone strike hit Homs on Monday.\n",
        encoding="utf-8",
    )
    (tmp_path / "good.txt").write_text(
        "date 2017-06-08 Officials declared a 55-kilometre zone around At Tanf on Monday.\n",
        encoding="utf-8",
    )
    out = tmp_path / "m.geojson"
    result = geo("extract", str(tmp_path), "-o", str(out))
    err = result.stderr.decode()
    assert result.returncode == 0 and "Traceback" not in err, err
    [line] = [line for line in err.splitlines() if "30,000-kilometre" in line]
    assert line.startswith("geo: bad.txt: zone “30,000-kilometre zone”: radius 30000000.0 m")
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert [z["properties"]["radius_m"] for z in of_kind(collection, "zone")] == [55_000.0]
    assert [i["properties"]["place"] for i in of_kind(collection, "incident")] == ["Homs"]
    html = tmp_path / "m.html"
    assert geo("map", str(tmp_path), "-o", str(html)).returncode == 0 and html.exists()


def test_a_radius_that_folds_over_at_the_antipode_is_left_out_with_its_report(tmp_path):
    (tmp_path / "fold.txt").write_text(
        "date 2017-06-08 Officials declared a 19,990-kilometre zone around Quito on Monday. "
        "A drone strike hit Quito on Monday.\n",
        encoding="utf-8",
    )
    result = geo("extract", str(tmp_path / "fold.txt"))
    err = result.stderr.decode()
    assert result.returncode == 0 and "Traceback" not in err, err
    assert "geo: fold.txt: zone “19,990-kilometre zone”:" in err and "fold over" in err
    collection = json.loads(result.stdout)
    assert of_kind(collection, "zone") == [] and len(of_kind(collection, "incident")) == 1


def test_the_streamed_collection_is_byte_for_byte_what_dumps_writes():
    collection = seed_collection()
    members = {k: v for k, v in collection.items() if k not in ("type", "features")}
    for indent in (None, 1, 2):
        chunks: list[str] = []
        count = write_collection(
            chunks.append, iter(collection["features"]), members, indent=indent
        )
        assert count == len(collection["features"])
        assert "".join(chunks) == dumps(collection, indent=indent)
    empty: list[str] = []
    write_collection(empty.append, [], {"geo": {}}, indent=1)
    assert "".join(empty) == dumps(feature_collection([], geo={}), indent=1)


def test_geo_extract_writes_what_the_library_collection_holds(tmp_path):
    out = tmp_path / "seeds.geojson"
    assert geo("extract", "seeds", "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8") == dumps(seed_collection(), indent=1)


def test_article_files_are_read_one_at_a_time(tmp_path, monkeypatch):
    import geo.read.articles

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text("date 2017-06-08 Drones struck Aleppo.", encoding="utf-8")
    read = []
    real = geo.read.articles.read_article_file

    def counting(path, **kwargs):
        read.append(path.name)
        return real(path, **kwargs)

    monkeypatch.setattr(geo.read.articles, "read_article_file", counting)
    files = ArticleFiles([tmp_path])
    assert len(files) == 3 and read == []
    it = iter(files)
    assert next(it).id == "a.txt" and read == ["a.txt"]
    (tmp_path / "c.txt").unlink()  # gone before its turn: named then, and the rest goes on
    assert [a.id for a in it] == ["b.txt"]
    assert len(files.problems) == 1 and "c.txt" in files.problems[0]
