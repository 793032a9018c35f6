"""A one-line progress bar on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class Progress:
    """Draw "label 12/40 | 3 places | 5.1/s | 0:05 left" in place; quiet in pipes and CI.

    ``enabled=None`` shows the bar only when ``stream`` is a terminal.
    Counters passed to ``step`` (``places=3``) are added up and shown.
    """

    def __init__(
        self,
        label: str,
        total: int | None,
        *,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        enabled: bool | None = None,
    ):
        self.label, self.total, self.clock = label, total, clock
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.start = clock()
        self.done = 0
        self.counts: dict[str, int] = {}

    def step(self, **counts: int) -> None:
        """Count one item done (and the given counters), and redraw the line."""
        self.done += 1
        for name, value in counts.items():
            self.counts[name] = self.counts.get(name, 0) + value
        if not self.enabled:
            return
        elapsed = max(self.clock() - self.start, 1e-9)
        rate = self.done / elapsed
        line = f"{self.label} {self.done}" + (f"/{self.total}" if self.total is not None else "")
        line += "".join(f" | {value} {name}" for name, value in self.counts.items())
        line += f" | {rate:.1f}/s"
        if self.total is not None and rate > 0:
            left = (self.total - self.done) / rate
            line += f" | {int(left // 60)}:{int(left % 60):02d} left"
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()

    def finish(self) -> None:
        """End the line, so what follows starts on its own."""
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()
