"""Pausing Python's cyclic garbage collector around bulk allocation."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, keep: bool = False) -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of the block.

    Building hundreds of thousands of small lists and tuples, none of which can
    form a cycle, otherwise triggers a full collection every few hundred
    allocations, and those collections cost more than the work itself.

    ``keep=True`` is for blocks that load data the process keeps to its end
    (the gazetteer index): everything alive at the end of the block is moved
    out of the collector's sight (``gc.freeze``), so later collections do not
    walk a million objects that can never be garbage. Garbage cycles waiting
    for collection are collected first, so none is frozen. Frozen objects are
    still freed when nothing refers to them; only cycles among them (none in
    an index of strings, numbers and tuples) would linger.
    """
    was_enabled = gc.isenabled()
    if keep:
        gc.collect()
    gc.disable()
    try:
        yield
        if keep:
            gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
