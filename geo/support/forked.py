"""Line-wise string work shared with a forked child, for the one-time index build.

Forking is a program's choice, never a library call's side effect: the
gazetteer index is built this way only when asked (``Gazetteer.load(fork=True)``,
as the geo commands ask through ``geo.cli.options.program_gazetteer``).
"""

from __future__ import annotations

import os
import select
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable

# Below this many items the fork costs more than it saves.
MIN_ITEMS = 50_000
# A child that has not answered by then is stopped, and its half done here.
CHILD_TIMEOUT_S = 120.0


def _usable() -> bool:
    """Return whether forking is safe and useful here: Linux, 2+ CPUs, no other thread.

    With another thread running, a lock it holds would stay locked in the
    child, and a process it forks could inherit the pipe and hold it open.
    """
    return (
        sys.platform == "linux"
        and len(os.sched_getaffinity(0)) >= 2
        and threading.active_count() == 1
    )


def map_in_two(function: Callable[[list[str]], list[str]], items: list[str]) -> list[str]:
    """Return ``function(items)``, half of it computed in a forked child process.

    ``function`` maps strings to strings one for one, and its results hold no
    line breaks: the child sends its half back as one UTF-8 text of lines,
    which costs a fraction of pickling a list. Used only where it is safe and
    useful (see ``_usable``) and for large lists. Whatever goes wrong with the
    child (no fork, a crash, a short answer, no answer within
    ``CHILD_TIMEOUT_S``), the parent computes the whole list itself, so the
    result is always the same as ``function(items)``.
    """
    if len(items) < MIN_ITEMS or not _usable():
        return function(items)
    half = len(items) // 2
    read_end, write_end = os.pipe()
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns when a threaded process forks; _usable checked.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return function(items)
    if pid == 0:  # the child: compute the second half, send it, leave at once
        status = 1
        try:
            os.close(read_end)
            data = "\n".join(function(items[half:])).encode("utf-8", "surrogatepass")
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        mine = function(items[:half])
    finally:
        data, finished = _collect(read_end, pid)
    theirs = data.decode("utf-8", "surrogatepass").split("\n") if finished else []
    if len(theirs) != len(items) - half:
        return mine + function(items[half:])
    return mine + theirs


def _collect(read_end: int, pid: int) -> tuple[bytes, bool]:
    """Return what the child wrote and whether it exited cleanly; never wait past the timeout."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + CHILD_TIMEOUT_S
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([pipe], [], [], max(left, 0.0))
            if not ready:  # no answer in time: stop the child
                _stop(pid)
                return b"", False
            chunk = pipe.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # reaped elsewhere (SIGCHLD ignored): its exit is unknown
        return b"".join(chunks), True
    return b"".join(chunks), os.waitstatus_to_exitcode(status) == 0


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
