"""A local Dask cluster of N worker processes, started at as little cost as it can be.

The work of a run is the workers' extraction; everything else a local
cluster does is paid for on the same cores, so it is kept small:

- The workers are forked from one fork server (``start_fork_server``) that
  has imported geo, Dask and the GeoParquet writer and loaded the gazetteer
  (``geo.cluster.preload``): each worker starts with all of it, instead of
  importing and loading it again, and a worker lost and restarted starts as
  cheaply. The fork server is started before anything else of the run, so
  that it loads while this process imports Dask and reads the corpus's
  manifest. A process's local clusters share it (and with it the gazetteer
  it loaded first, as one process keeps its ``default_gazetteer``).
- Dask's periodic chores are made rarer (``QUIET``): the event loop's health
  check every 20 ms, the system monitor's sample every 500 ms, the nanny's
  memory check every 100 ms cost the scheduler, nannies and workers about a
  tenth of a core between them; once a second or two they cost almost
  nothing. Dask's sampling profiler is off in the workers.
- Ctrl-C on a terminal reaches every process of the foreground group: the
  fork server and the workers ignore it, this process stops them in order,
  so the user sees one line and no worker's traceback. Dask's own log lines
  (a worker lost and restarted, say) are kept off stderr.

Where the fork server is missing (Windows), workers are started as Dask
starts them by default (``spawn``) and load the gazetteer themselves.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

PRELOAD = "geo.cluster.preload"

QUIET: dict[str, Any] = {
    # Dask's sampling profiler costs the workers a tenth of their time or more on
    # this work (benchmarks/corpus_dask.py); the dashboard's other pages stay.
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def has_fork_server() -> bool:
    return "forkserver" in multiprocessing.get_all_start_methods()


@contextmanager
def sigint_ignored() -> Iterator[None]:
    """Ignore Ctrl-C in this block, so that the processes started in it ignore it too."""
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def start_fork_server() -> bool:
    """Start the fork server the local workers are forked from, if none runs yet.

    It returns at once: the server imports and loads in the background, and
    the first worker forked waits for it. Returns whether there is one.
    """
    if not has_fork_server():
        return False
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PRELOAD])
    with sigint_ignored():  # ignored from its start, and so in every worker it forks
        forkserver.ensure_running()
    return True


@contextmanager
def local_cluster(workers: int) -> Iterator[Any]:
    """Yield a new local cluster of ``workers`` processes of one thread, deaf to Ctrl-C.

    Dask's settings (``QUIET``, and the fork server as the way to start a
    worker) hold while the cluster runs: a worker lost is started again the
    same way.
    """
    import dask
    from distributed import LocalCluster

    settings = dict(QUIET)
    if start_fork_server():
        settings["distributed.worker.multiprocessing-method"] = "forkserver"
    with dask.config.set(settings):
        with sigint_ignored():
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.CRITICAL,
            )
        with cluster:
            yield cluster
