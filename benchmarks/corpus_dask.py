"""A corpus extracted in one process and on a local Dask cluster: speed, memory, overhead.

Run: .venv/bin/python benchmarks/corpus_dask.py [--articles 3000] [--workers 2] [--runs 3]

The corpus: ``--articles`` reports of about 500 words, recombined from the
dev set's sentences (``benchmarks.extraction_speed.make_articles``, the
generator of the one-core speed figures), a fifth of them retold by another
outlet (``benchmarks.corpus_files.rows_of``), in four JSON Lines files.
The gazetteer's cache is built first, in a temporary folder, so every run
loads it warm, as a second run on a machine does. Measured, each over
``--runs`` runs and given as a range:

- one process: ``geo extract CORPUS -o one.parquet``, the whole command
  (start-up, gazetteer, reading, extraction, writing), in articles a second;
  and its extraction phase alone (rows read and extracted, in a process
  that has loaded the gazetteer);
- two plain processes side by side, each extracting half the files (no
  Dask, no reduction, no writing): what two cores give this work at the
  time, the bound of the cluster's extraction phase;
- the cluster: ``geo extract CORPUS --workers N -o out.parquet`` the same
  way, the cluster's start included; and inside it (``run_corpus`` on a
  cluster already started, in a process of its own), the rate of the
  extraction phase alone, the time to the first part extracted, and the
  reduction with the writing;
- memory: each worker's resident set once started (forked from a fork
  server that has loaded the gazetteer, where there is one), once the
  worker plugin is set up, and after the run (resident sets count the pages
  a worker shares with the fork server and the other workers);
- CPU: the one process's extraction phase, the workers' CPU time over the
  whole run (extraction, reduction, writing), and each whole command's
  (every process it started, start-ups included), per article: on a machine
  whose cores are shared with other work, wall-clock figures say how busy
  it was; CPU times say what the work costs;
- scheduler overhead: per task, the wall time of 1,000 tasks that do
  nothing, per worker; and in the run, the workers' time not spent in a
  task's own work, per task.

The cluster's output is checked to be the one-process output, feature by feature.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FILES = 4


def write_corpus(folder: Path, count: int, seed: int) -> list[str]:
    """Write ``count`` reports of about 500 words (and their retellings) in JSON Lines files."""
    from benchmarks.corpus_files import rows_of, write_jsonl
    from benchmarks.extraction_speed import devset_sentences, make_articles

    rows = rows_of(
        make_articles(count, seed, devset_sentences()), seed=seed, retold_share=0.2, prefix="b"
    )
    paths = []
    for n in range(FILES):
        path = folder / f"corpus-{n}.jsonl"
        write_jsonl(path, rows[n::FILES])
        paths.append(str(path))
    return paths


def _geo(*args: str) -> tuple[float, float]:
    """Return the seconds a `geo` command took, and the CPU seconds of every process it started.

    The seconds end when the command does. Its local workers are forked by a
    fork server, not by the command, and the fork server outlives it by a
    moment: this process adopts them (``_adopt_orphans``) and waits for each,
    so that their CPU time is counted with the command's.
    """
    _reap()
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "geo.cli", *args, "--quiet"], check=True)
    wall = time.perf_counter() - start
    _reap()
    return wall, _children_cpu() - cpu


def _adopt_orphans() -> None:
    """Make this process the reaper of its descendants whose parent ends (Linux)."""
    import ctypes

    pr_set_child_subreaper = 36
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_child_subreaper, 1, 0, 0, 0)


def _reap() -> None:
    """Wait for every child and adopted process of this one to end."""
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def _children_cpu() -> float:
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


_ONE_PHASE = """
import json, sys, time
from geo.geocode.gazetteer import default_gazetteer
from geo.extract.batch import extract_batch
from geo.read.inputs import read
gazetteer = default_gazetteer(freeze=True)
inputs = read(sys.argv[1:])
start, cpu = time.perf_counter(), time.process_time()
finished = extract_batch(inputs.articles, gazetteer, progress=False)
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"articles": inputs.articles.read, "s": wall, "cpu": cpu}))
"""


def one_process_phase(paths: list[str]) -> tuple[float, float]:
    """Return one process's extraction phase (rows read and extracted): articles/s, CPU ms each."""
    out = subprocess.run(
        [sys.executable, "-c", _ONE_PHASE, *paths], check=True, capture_output=True, text=True
    )
    found = json.loads(out.stdout.strip().splitlines()[-1])
    return found["articles"] / found["s"], found["cpu"] * 1000 / found["articles"]


def two_processes_phase(paths: list[str]) -> tuple[float, float]:
    """Return the extraction phase of two plain processes at once, each on half the files.

    No Dask, no reduction: what two processes extracting side by side get
    from this machine at this time, the bound of the cluster's extraction
    phase. Articles/s (all of them over the slower process's seconds), CPU
    ms each.
    """
    half = len(paths) // 2
    running = [
        subprocess.Popen([sys.executable, "-c", _ONE_PHASE, *group], stdout=subprocess.PIPE)
        for group in (paths[:half], paths[half:])
    ]
    found = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in running]
    articles = sum(f["articles"] for f in found)
    return articles / max(f["s"] for f in found), sum(f["cpu"] for f in found) * 1000 / articles


def _noop(x: int) -> int:
    return x


def _cpu() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


def _rss() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


def _span(values: list[float], fmt: str = "{:,.1f}") -> str:
    low, high = min(values), max(values)
    return fmt.format(low) if low == high else f"{fmt.format(low)} to {fmt.format(high)}"


def measure_cluster(paths: list[str], folder: Path, workers: int, rows_per_part: int) -> dict:
    """Return one run's figures on a cluster started for it, in a process of its own.

    Each run's cluster starts as geo's does, its fork server included.
    """
    command = [sys.executable, __file__, "--measure-cluster", str(folder), str(workers)]
    out = subprocess.run(
        [*command, str(rows_per_part), *paths], check=True, capture_output=True, text=True
    )
    _reap()  # its fork server, which outlives it by a moment
    found: dict = json.loads(out.stdout.strip().splitlines()[-1])
    found["output"] = Path(found["output"])
    return found


def _measure_cluster(paths: list[str], folder: Path, workers: int, rows_per_part: int) -> dict:
    """Return one run's figures on a cluster started for it (its start timed apart)."""
    from distributed import Client

    from geo.cluster.local import local_cluster, start_fork_server
    from geo.cluster.run import GazetteerPlugin, run_corpus

    start = time.perf_counter()
    start_fork_server()  # as geo starts one
    with local_cluster(workers) as cluster, Client(cluster) as client:
        started = time.perf_counter() - start
        bare = list(client.run(_rss).values())
        client.register_plugin(GazetteerPlugin())
        loaded = list(client.run(_rss).values())
        tasks = 1000
        t0 = time.perf_counter()
        client.gather(client.map(_noop, range(tasks), pure=False))
        noop_s = (time.perf_counter() - t0) * workers / tasks
        out = folder / "out.parquet"
        from distributed import get_task_stream

        cpu = sum(client.run(_cpu).values())
        with get_task_stream(client) as stream:
            summary = run_corpus(
                paths, out, lambda _: None, client=client, rows_per_part=rows_per_part
            )
        held = list(client.run(_rss).values())
        cpu = sum(client.run(_cpu).values()) - cpu
    extract = [t for t in stream.data if str(t["key"]).startswith("extract-")]
    busy = sum(
        s["stop"] - s["start"] for t in extract for s in t["startstops"] if s["action"] == "compute"
    )
    overhead = (summary.extract_s * workers - busy) / max(1, len(extract))
    return {
        "start_s": started,
        "articles": summary.articles,
        "extract_rate": summary.articles / summary.extract_s,
        "cpu_ms": cpu * 1000 / summary.articles,
        "first_part_s": summary.first_part_s,
        "reduce_s": summary.reduce_s,
        "bare_mb": [b / 1e6 for b in bare],
        "loaded_mb": [b / 1e6 for b in loaded],
        "held_mb": [h / 1e6 for h in held],
        "noop_ms": noop_s * 1000,
        "overhead_ms": overhead * 1000,
        "tasks": len(extract),
        "output": str(out),
        "output_mb": sum(p.stat().st_size for p in out.glob("*.parquet")) / 1e6,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--measure-cluster"]:
        folder, workers, rows_per_part, *paths = argv[1:]
        found = _measure_cluster(paths, Path(folder), int(workers), int(rows_per_part))
        print(json.dumps(found))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rows-per-part", type=int, default=150)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["GEO_CACHE_DIR"] = str(folder / "cache")
        subprocess.run(
            [sys.executable, "-c", "from geo.geocode.gazetteer import default_gazetteer as g; g()"],
            check=True,
        )
        (folder / "corpus").mkdir()
        paths = write_corpus(folder / "corpus", args.articles, args.seed)
        rows = sum(1 for p in paths for _ in open(p, encoding="utf-8"))
        _adopt_orphans()
        one, whole, runs, phase, pair = [], [], [], [], []
        for n in range(args.runs):
            phase.append(one_process_phase(paths))
            pair.append(two_processes_phase(paths))
            one.append(_geo("extract", *paths, "-o", str(folder / f"one-{n}.parquet")))
            whole.append(
                _geo(
                    "extract",
                    *paths,
                    "--workers",
                    str(args.workers),
                    "--rows-per-part",
                    str(args.rows_per_part),
                    "-o",
                    str(folder / f"cli-{n}.parquet"),
                )
            )
            runs.append(
                measure_cluster(paths, folder / f"run-{n}", args.workers, args.rows_per_part)
            )
        from tests.cluster.helpers import features_of

        same = features_of(folder / "one-0.parquet") == features_of(runs[0]["output"])

    print(f"Corpus on Dask: {rows:,} reports of about 500 words, {args.workers} workers")
    print(f"({os.cpu_count()} CPUs; {args.runs} runs each, slowest to fastest)")
    print(f"  one process, whole command       {_span([rows / s for s, _ in one])} articles/s")
    print(f"  cluster, whole command           {_span([rows / s for s, _ in whole])} articles/s")
    speedups = [o[0] / w[0] for o, w in zip(one, whole, strict=True)]
    print(f"    speed-up, whole command        {_span(speedups, '{:.2f}')}x")
    rate = [r["extract_rate"] for r in runs]
    print(f"  cluster, extraction phase        {_span(rate)} articles/s")
    print(f"  one process, extraction phase    {_span([p[0] for p in phase])} articles/s")
    gains = [c / o[0] for c, o in zip(rate, phase, strict=True)]
    print(f"    speed-up, extraction phase     {_span(gains, '{:.2f}')}x")
    print(f"  two plain processes, extraction  {_span([p[0] for p in pair])} articles/s (no Dask)")
    bound = [p[0] / o[0] for p, o in zip(pair, phase, strict=True)]
    print(f"    speed-up, two plain processes  {_span(bound, '{:.2f}')}x")
    print(
        f"  CPU per article, one process     {_span([p[1] for p in phase], '{:.1f}')} ms"
        " (extraction phase)"
    )
    print(
        f"  CPU per article, two processes   {_span([p[1] for p in pair], '{:.1f}')} ms"
        " (extraction phase, side by side)"
    )
    print(
        f"  CPU per article, workers         {_span([r['cpu_ms'] for r in runs], '{:.1f}')} ms"
        " (the whole run)"
    )
    print(
        f"  CPU per article, whole commands  {_span([c * 1000 / rows for _, c in one], '{:.1f}')}"
        f" ms in one process, {_span([c * 1000 / rows for _, c in whole], '{:.1f}')} ms"
        " on the cluster (every process)"
    )
    print(f"  cluster start                    {_span([r['start_s'] for r in runs], '{:.1f}')} s")
    print(
        f"  time to first part ({args.rows_per_part} reports) "
        f"{_span([r['first_part_s'] for r in runs], '{:.2f}')} s"
    )
    print(f"  reduction and writing            {_span([r['reduce_s'] for r in runs], '{:.2f}')} s")
    bare = [m for r in runs for m in r["bare_mb"]]
    held = [m for r in runs for m in r["held_mb"]]
    loaded = [m for r in runs for m in r["loaded_mb"]]
    print(f"  worker memory, started           {_span(bare, '{:,.0f}')} MB")
    print(f"  worker memory, plugin set up     {_span(loaded, '{:,.0f}')} MB")
    print(f"  worker memory, after the run     {_span(held, '{:,.0f}')} MB")
    print(f"  scheduler overhead, no-op task   {_span([r['noop_ms'] for r in runs], '{:.2f}')} ms")
    print(
        f"  overhead per part in the run     {_span([r['overhead_ms'] for r in runs], '{:.0f}')} ms"
        f" ({runs[0]['tasks']} parts)"
    )
    print(f"  dataset written                  {runs[0]['output_mb']:,.1f} MB of GeoParquet")
    print(f"  cluster output equals one process: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
