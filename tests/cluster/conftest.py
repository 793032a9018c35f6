"""The cluster tests leave the test process with one thread, as they found it.

Dask keeps a thread of its own for the life of a process that has used a
client ("Dask-Offload"); the gazetteer's build forks only in a process with
no other thread (``geo.support.forked``), and its tests run after these.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest


@pytest.fixture(scope="module", autouse=True)
def _no_thread_left():
    yield
    try:
        from distributed import utils
    except ImportError:
        return
    old = utils._offload_executor
    # A fresh executor starts its thread only when first given work.
    utils._offload_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="Dask-Offload")
    old.shutdown(wait=True)
    assert threading.active_count() == 1, [t.name for t in threading.enumerate()]
