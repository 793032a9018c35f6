"""Keeping requests to a provider's rate: at least a minimum delay between two calls."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Pacer:
    """Spaces calls at least ``min_delay_s`` apart, across threads.

    Only pacing: retrying belongs to the caller, which honours a server's
    ``Retry-After`` and backs off. ``sleep`` and ``clock`` are injectable
    together, so tests can run on a fake clock that their fake sleep advances.
    """

    def __init__(
        self,
        min_delay_s: float,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.min_delay_s = min_delay_s
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._last: float | None = None

    def wait(self) -> None:
        """Return once a call may be made, having slept as long as the pace asks.

        The slot is taken when this returns: the delay runs from the start of
        one call to the start of the next, however long the call itself takes.
        """
        while True:
            with self._lock:
                now = self._clock()
                wait = 0.0 if self._last is None else self.min_delay_s - (now - self._last)
                if wait <= 0:
                    self._last = now
                    return
            # Not under the lock: another thread may take the next slot first,
            # so the slot is checked again after the sleep.
            self._sleep(wait)
