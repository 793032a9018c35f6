"""Line-wise string work shared with a forked child, for the one-time index build."""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable

# Below this many items the fork costs more than it saves.
MIN_ITEMS = 50_000


def map_in_two(function: Callable[[list[str]], list[str]], items: list[str]) -> list[str]:
    """Return ``function(items)``, half of it computed in a forked child process.

    ``function`` maps strings to strings one for one, and its results hold no
    line breaks: the child sends its half back as one UTF-8 text of lines,
    which costs a fraction of pickling a list. Used only where it is safe and
    useful: on Linux (fork, with its copy-on-write memory), with two or more
    CPUs, for large lists. Whatever goes wrong in the child (no fork, a
    crash, a short answer), the parent computes the whole list itself, so the
    result is always the same as ``function(items)``.
    """
    if len(items) < MIN_ITEMS or sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2:
        return function(items)
    half = len(items) // 2
    try:
        read_end, write_end = os.pipe()
        with warnings.catch_warnings():
            # Python 3.12+ warns when a threaded process forks; the child only
            # runs pure Python string code and leaves by os._exit.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError:
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
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
    theirs = data.decode("utf-8", "surrogatepass").split("\n")
    if status != 0 or len(theirs) != len(items) - half:
        return mine + function(items[half:])
    return mine + theirs
