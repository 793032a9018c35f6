"""A corpus run gives what one process gives, on a cluster of threads in this process.

The cluster of processes is in test_local_cluster.py (slow); here the
reduction itself is checked: the same places, zones and incidents, feature
by feature, with events told in several files merged across parts.
"""

from __future__ import annotations

import json

import pytest

from geo.cluster.dataset import STATE_FOLDER, read_manifest
from geo.cluster.run import run_corpus
from tests.cluster.helpers import features_of, one_process, sample_files, told_in_other_files

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    with distributed.Client(processes=False, n_workers=2, threads_per_worker=1) as c:
        yield c


def test_a_run_in_parts_equals_one_process(tmp_path, client):
    said: list[str] = []
    out = tmp_path / "out.parquet"
    summary = run_corpus(sample_files(), out, said.append, client=client, rows_per_part=9)
    assert summary.parts > 8 and summary.done_before == 0
    features, documents = features_of(out)
    reference = one_process()
    assert features == reference[0]
    assert documents == reference[1]
    assert told_in_other_files(features) >= 10  # the merge did cross parts
    assert [line for line in said if "row skipped" in line] == [
        f"{sample_files()[1]}, line 8: not JSON (Invalid control character at: line 1 column 44"
        " (char 43)); row skipped",
        f"{sample_files()[1]}, line 16: no text in its 'text' column; row skipped",
    ]
    manifest = read_manifest(out)
    assert manifest["complete"] and len(manifest["parts"]) == summary.parts
    assert sorted(manifest["output"]) == sorted(p.name for p in out.glob("*.parquet"))


def test_a_rerun_of_a_finished_run_extracts_nothing_again(tmp_path, client):
    out = tmp_path / "out.parquet"
    first = run_corpus(sample_files(), out, lambda _: None, client=client, rows_per_part=20)
    states = {p: p.stat().st_mtime_ns for p in (out / STATE_FOLDER / "parts").iterdir()}
    parts = {p: p.stat().st_mtime_ns for p in out.glob("*.parquet")}
    again = run_corpus(sample_files(), out, lambda _: None, client=client, rows_per_part=20)
    assert again.done_before == first.parts and again.articles == 0
    assert {p: p.stat().st_mtime_ns for p in (out / STATE_FOLDER / "parts").iterdir()} == states
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.parquet")} == parts


def test_a_changed_input_is_extracted_again_and_stale_parts_go(tmp_path, client):
    rows = []
    for line in open(sample_files()[1], encoding="utf-8"):
        try:
            rows.append(json.loads(line))
        except ValueError:
            continue  # the sample's bad row
    rows = [r for r in rows if r.get("text")][:6]
    kept, changed = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    kept.write_text("".join(json.dumps(r) + "\n" for r in rows[:2]), encoding="utf-8")
    changed.write_text("".join(json.dumps(r) + "\n" for r in rows[2:4]), encoding="utf-8")
    out = tmp_path / "out.parquet"
    files = [str(kept), str(changed)]
    run_corpus(files, out, lambda _: None, client=client, rows_per_part=2)
    changed.write_text("".join(json.dumps(r) + "\n" for r in rows[4:6]), encoding="utf-8")
    summary = run_corpus(files, out, lambda _: None, client=client, rows_per_part=2)
    # The file whose bytes are the same is not read again; the other is.
    assert summary.parts == 2 and summary.done_before == 1 and summary.articles == 2
    assert len(list((out / STATE_FOLDER / "parts").glob("*.state"))) == 2
    _, documents = features_of(out)
    wanted = rows[:2] + rows[4:6]
    assert [json.loads(d)["id"] for d in documents] == sorted(r["id"] for r in wanted)


def test_a_broken_file_is_one_line_and_the_others_are_written(tmp_path, client):
    import gzip

    good = tmp_path / "good.jsonl.gz"
    rows = [json.dumps({"text": "Drones struck Kharkiv on Monday.", "date": "2024-03-04"})]
    good.write_bytes(gzip.compress(("\n".join(rows) + "\n").encode()))
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(gzip.compress(b'{"text": "Shelling hit Kherson."}\n' * 50)[:40])
    said: list[str] = []
    out = tmp_path / "out.parquet"
    run_corpus([str(good), str(broken)], out, said.append, client=client)
    [line] = [line for line in said if "broken.jsonl.gz" in line]
    assert line.startswith(f"{broken}: cannot read (")
    assert line.endswith("); the rest of it skipped") and "\n" not in line
    _, documents = features_of(out)
    assert [json.loads(d)["id"] for d in documents] == ["good.jsonl.gz:1"]
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]  # no temporary file left


def test_one_position_told_in_two_forms_in_two_parts_is_one_place(tmp_path, client):
    from click.testing import CliRunner

    from geo.cli.main import cli

    corpus = tmp_path / "offsets.jsonl"
    texts = [
        "A merchant vessel reported an explosion 70 nm west of Hodeidah on Monday.",
        "The vessel was struck about 130 km west of Hodeidah on Monday, the navy said.",
    ]
    rows = [{"text": t, "date": "2024-03-04", "id": f"r{n}"} for n, t in enumerate(texts)]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    one = tmp_path / "one.parquet"
    result = CliRunner().invoke(cli, ["extract", str(corpus), "-o", str(one), "--quiet"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.parquet"
    summary = run_corpus([str(corpus)], out, lambda _: None, client=client, rows_per_part=1)
    assert summary.parts == 2
    features, _ = features_of(out)
    assert features == features_of(one)[0]
    offsets = [json.loads(f) for f in features if '"place_type": "offset"' in f]
    assert len(offsets) == 1
    assert {m["document"] for m in offsets[0]["properties"]["mentions"]} == {"r0", "r1"}
