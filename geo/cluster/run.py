"""A corpus run on Dask: a local cluster of N processes, or one already running elsewhere.

``run_corpus`` shares the corpus's parts out to the workers
(``geo.cluster.state.extract_part``), brings their records together by key
(``geo.cluster.reduce``) and writes the dataset (``geo.cluster.dataset``).
Dask does the scheduling, the moving of results and the recovery from a
lost worker; geo keeps no queue or pool of its own. Each worker loads the
gazetteer once, from its on-disk cache, when it starts (``GazetteerPlugin``):
no task carries it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed import Client, WorkerPlugin, as_completed, progress

from geo import __version__
from geo.cluster.dataset import ZONES_PART, Work, mark_complete, part_name, plan_work, write_part
from geo.cluster.local import local_cluster, start_fork_server
from geo.cluster.reduce import (
    Finished,
    centre_documents_of,
    counts_of,
    finish_bucket,
    gather_bucket,
    make_plan,
    summed,
)
from geo.cluster.state import extract_part, read_shared
from geo.errors import GeoError, one_line
from geo.geocode.index import GEONAMES_ATTRIBUTION
from geo.read.corpus import DEFAULT_COLUMNS, DEFAULT_ROWS_PER_PART, CorpusColumns
from geo.support.collector import collector_paused
from geo.tables import column_kinds, joined_kinds


class GazetteerPlugin(WorkerPlugin):
    """Loads the gazetteer in each worker as it starts, from the on-disk cache."""

    name = "geo-gazetteer"

    def setup(self, worker: Any) -> None:
        warm_up()


_warm = False


def warm_up() -> None:
    """Load the gazetteer in this process, once, and the readers' lazy tables with it.

    A worker forked from the local cluster's fork server has them already
    (``geo.cluster.preload``).
    """
    global _warm
    if _warm:
        return
    from geo.extract.batch import extract
    from geo.geocode.gazetteer import default_gazetteer
    from geo.read.articles import article_from_text

    # Kept to the worker's end, so out of the garbage collector's sight.
    gazetteer = default_gazetteer(freeze=True)
    # One short report read now loads the readers' lazy tables, so the
    # first part of the corpus is not slower than the others.
    extract([article_from_text("Drones struck Kharkiv on Monday.", "warm-up")], gazetteer)
    _warm = True


class RunError(GeoError, RuntimeError):
    """A corpus run that could not finish: some part failed."""


@dataclass
class Summary:
    """What a run did: parts done now and before, reports read, output parts written.

    And how long it took, in seconds: to the first part extracted, to the
    last, and the reduction with the writing of the dataset.
    """

    parts: int
    done_before: int
    articles: int
    written: list[str]
    first_part_s: float = 0.0
    extract_s: float = 0.0
    reduce_s: float = 0.0


@contextmanager
def cluster_client(workers: int | None, scheduler: str | None) -> Iterator[Client]:
    """Yield a client of the cluster at ``scheduler``, or of a new local one of ``workers``."""
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with local_cluster(workers or 1) as cluster, Client(cluster) as client:
        yield client


def run_corpus(
    paths: list[str],
    output: Path,
    say: Callable[[str], None],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    columns: CorpusColumns = DEFAULT_COLUMNS,
    default_date: Any = None,
    rows_per_part: int = DEFAULT_ROWS_PER_PART,
    show_progress: bool | None = None,
    client: Client | None = None,
) -> Summary:
    """Extract the corpus files ``paths`` on a cluster into the dataset folder ``output``.

    Every problem (a bad row, a file that cannot be read) is one line given
    to ``say``. Raises ``RunError`` when a part fails: the parts done are
    kept, and the same command run again does the rest. ``client``: a
    client of a cluster already running (else one is made, and closed at
    the end).
    """
    if not client and not scheduler:
        start_fork_server()  # loading the workers' gazetteer while the work is planned
    problems: list[str] = []
    work = plan_work(
        output,
        paths,
        problems,
        columns=columns,
        default_date=default_date,
        rows_per_part=rows_per_part,
    )
    for p in problems:
        say(p)
    done = work.done()
    with nullcontext(client) if client else cluster_client(workers, scheduler) as running:
        say(f"Dask dashboard: {running.dashboard_link}")
        running.register_plugin(GazetteerPlugin())
        start = time.perf_counter()
        summary = Summary(len(work.parts), sum(done), 0, [])
        shared = _extract(running, work, done, say, columns, default_date, show_progress, summary)
        summary.extract_s = time.perf_counter() - start
        summary.written = _reduce(running, work, shared)
        summary.reduce_s = time.perf_counter() - start - summary.extract_s
    mark_complete(output, summary.written)
    summary.articles = sum(s.articles for n, s in enumerate(shared) if not done[n])
    return summary


def _extract(
    client: Client,
    work: Work,
    done: list[bool],
    say: Callable[[str], None],
    columns: CorpusColumns,
    default_date: Any,
    show_progress: bool | None,
    summary: Summary,
) -> list:
    """Extract the parts not done yet; return every part's shared records, in order."""
    start = time.perf_counter()
    futures = {
        client.submit(
            extract_part,
            part,
            work.state(n),
            work.buckets,
            columns=columns,
            default_date=default_date,
            key=f"extract-{work.keys[n]}-{work.token}",
            retries=1,
        ): n
        for n, part in enumerate(work.parts)
        if not done[n]
    }
    if show_progress if show_progress is not None else sys.stdout.isatty():
        progress(list(futures), multi=False)
        print(file=sys.stdout)
    shared: list = [read_shared(work.state(n)) if done[n] else None for n in range(len(done))]
    failed = []
    for future in as_completed(list(futures)):
        n = futures[future]
        summary.first_part_s = summary.first_part_s or time.perf_counter() - start
        if future.status == "error":
            failed.append(n)
            say(f"{work.parts[n].name}: part {n + 1} failed ({one_line(future.exception())})")
            continue
        shared[n] = future.result()
        for p in shared[n].problems:
            say(p)
        future.release()
    if failed:
        raise RunError(
            f"{len(failed)} of {len(work.parts)} parts failed; the others are kept,"
            " and the same command run again does only what is missing"
        )
    return shared


def _reduce(client: Client, work: Work, shared: list) -> list[str]:
    """Bring the buckets together, relate them to the zones, and write the dataset's parts."""
    plan = make_plan(shared)
    # Not hashed for a key: Dask's hash walks every zone, and took longer than the sending.
    plan_f = client.scatter([plan], broadcast=True, hash=False)[0]
    states = [str(work.state(n)) for n in range(len(work.parts))]
    gathered = [
        client.submit(gather_bucket, b, states, plan_f, key=f"gather-{b}-{work.token}")
        for b in range(work.buckets)
    ]
    centres: dict[str, set[str]] = {}
    for found in client.gather([client.submit(centre_documents_of, g) for g in gathered]):
        centres.update(found)
    # In a list: a dict would be scattered by key.
    centres_f = client.scatter([centres], broadcast=True, hash=False)[0]
    finished = [client.submit(finish_bucket, g, plan_f, centres_f) for g in gathered]
    facts = client.gather([client.submit(_facts_of, f) for f in finished])
    zones = plan.zones
    zones.count_inside(
        summed((f[0] for f in facts), len(zones.rings)),
        summed((f[1] for f in facts), len(zones.shaped)),
    )
    zone_features = list(zones.features(plan.unplaced))
    kinds = joined_kinds([column_kinds(zone_features)] + [f[3] for f in facts])
    attribution = [GEONAMES_ATTRIBUTION] if any(f[2] for f in facts) else []
    writes = [
        client.submit(_write_bucket, f, str(work.folder), kinds, attribution) for f in finished
    ]
    # The zones' part is written here while the workers write the buckets'.
    members = {
        "geo": {
            "version": __version__,
            "documents": [],
            "attribution": attribution,
            "findings": zones.findings,
        }
    }
    zones_part = write_part(work.folder / ZONES_PART, zone_features, kinds, members)
    written = [name for name in client.gather(writes) if name]
    return written + [zones_part] if zones_part else written


def _facts_of(finished: Finished) -> tuple[list[int], list[int], bool, dict]:
    """Return a bucket's counts of incidents in each zone, its GeoNames use, its columns' kinds."""
    with collector_paused():
        return (*counts_of(finished), column_kinds(finished.features))


def _write_bucket(finished: Finished, folder: str, kinds: dict, attribution: list) -> str | None:
    members = {
        "geo": {
            "version": __version__,
            "documents": finished.documents,
            "attribution": attribution,
            "findings": [],
        }
    }
    path = Path(folder) / part_name(finished.bucket)
    # A worker holds many buckets' features: the collector would walk them all,
    # again and again, while this part's table is made.
    with collector_paused():
        return write_part(path, finished.features, kinds, members)
