"""A corpus run on a local cluster of two processes: the same result, a lost worker, a resumed run.

Slow: each test starts processes. One cluster serves the module; the
interrupted run starts its own, as `geo extract --workers` does.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from geo.cluster.dataset import STATE_FOLDER
from geo.cluster.run import run_corpus
from tests.cluster.helpers import features_of, one_process, sample_files, told_in_other_files

pytestmark = pytest.mark.slow
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    from geo.cluster.local import local_cluster
    from geo.geocode.gazetteer import default_gazetteer

    default_gazetteer()  # its cache built once, before the workers load it
    # As `geo extract --workers 2` starts one: workers forked from a fork server
    # that has loaded the gazetteer, and forked again when one is lost.
    with local_cluster(2) as cluster, distributed.Client(cluster) as c:
        yield c


def _states(out: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in (out / STATE_FOLDER / "parts").glob("*.state")}


def test_two_processes_give_the_one_process_result_and_the_dataset_reads(tmp_path, client):
    out = tmp_path / "out.parquet"
    summary = run_corpus(sample_files(), out, lambda _: None, client=client, rows_per_part=7)
    assert summary.parts > 10
    features, documents = features_of(out)
    assert (features, documents) == one_process()
    assert told_in_other_files(features) >= 10

    import dask_geopandas
    import geopandas

    whole = geopandas.read_parquet(out)
    assert len(whole) == len(features) and whole.crs.to_epsg() == 4326
    lazy = dask_geopandas.read_parquet(out)
    assert lazy.npartitions == len(list(out.glob("*.parquet")))
    assert sorted(lazy.compute()["kind"]) == sorted(whole["kind"])

    page = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["map", str(out), "-o", str(page)])
    assert result.exit_code == 0, result.output
    kinds = {json.loads(f)["properties"]["kind"] for f in features}
    counts = {k: sum(json.loads(f)["properties"]["kind"] == k for f in features) for k in kinds}
    assert f"{counts['incident']} incidents" in result.output
    assert page.stat().st_size > 10_000


def test_a_worker_killed_mid_run_still_gives_the_whole_result(tmp_path, client):
    out = tmp_path / "out.parquet"
    done: dict = {}

    def run() -> None:
        done["summary"] = run_corpus(
            sample_files(), out, lambda _: None, client=client, rows_per_part=2
        )

    runner = threading.Thread(target=run)
    runner.start()
    killed = None
    while runner.is_alive() and killed is None:
        busy = [w for w, keys in client.processing().items() if any("extract-" in k for k in keys)]
        if busy:
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            states_then = len(_states(out))
            os.kill(pid, signal.SIGKILL)
            killed = pid
        time.sleep(0.01)
    runner.join(timeout=300)
    assert killed is not None, "the run ended before a worker could be killed"
    parts = done["summary"].parts
    assert states_then < parts  # killed mid-run
    assert killed not in client.run(os.getpid).values()
    assert len(_states(out)) == parts
    assert features_of(out) == one_process()


def test_an_interrupted_run_resumes_where_it_stopped(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    rows = []
    for path in sample_files()[1:2]:
        for line in open(path, encoding="utf-8"):
            try:
                rows.append(json.loads(line))
            except ValueError:
                continue
    rows = [r for r in rows if r.get("text")]
    with open(corpus, "w", encoding="utf-8") as handle:
        for copy in range(8):
            for r in rows:
                handle.write(json.dumps({**r, "id": f"{r['id']}-{copy}"}) + "\n")
    out = tmp_path / "out.parquet"
    command = [sys.executable, "-m", "geo.cli", "extract", str(corpus), "-o", str(out)]
    command += ["--workers", "1", "--rows-per-part", "6"]
    process = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, start_new_session=True, env=os.environ
    )
    parts = out / STATE_FOLDER / "parts"
    while process.poll() is None and len(list(parts.glob("*.state"))) < 3:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err and err.rstrip().endswith("geo: interrupted")
    before = _states(out)
    assert not list(out.glob("*.parquet")) and not list(parts.glob(".*"))

    # The same command again: it does only what is missing.
    again = subprocess.run(command, capture_output=True, text=True, env=os.environ, timeout=300)
    assert again.returncode == 0, again.stderr
    parts_total = len(json.loads((out / STATE_FOLDER / "manifest.json").read_text())["parts"])
    assert len(before) < parts_total
    assert f"geo: {len(before)} of {parts_total} parts were done by an earlier run" in again.stderr
    assert {p: t for p, t in _states(out).items() if p in before} == before  # not written again
    assert len(_states(out)) == parts_total

    result = CliRunner().invoke(cli, ["extract", str(corpus), "-o", str(tmp_path / "one.parquet")])
    assert result.exit_code == 0, result.output
    assert features_of(out) == features_of(tmp_path / "one.parquet")
