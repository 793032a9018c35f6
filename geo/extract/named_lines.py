"""Lines between two countries that news names by name: "the Line of Control", "the Blue Line".

Read from ``data/named_lines.csv`` (each line's names and the two countries
it parts, with its source); :mod:`geo.extract.strips` asks which pair a
strip's words name, or which named line the report spoke of last.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from geo.support.paths import data_dir


@lru_cache(maxsize=1)
def named_lines() -> list[tuple[re.Pattern, tuple[str, str]]]:
    """Return the named lines between two countries ("the Line of Control"), as patterns."""
    found = []
    with open(data_dir() / "named_lines.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names = [row["name"], *row["aliases"].split("|")]
            words = "|".join(
                re.escape(n.strip()).replace(r"\ ", r"\s+") for n in names if n.strip()
            )
            a, b = row["iso_a2_pair"].split("|")
            found.append((re.compile(rf"\b(?:{words})\b", re.I), (a, b)))
    return found


def named_line(text: str) -> tuple[str, str] | None:
    """Return the pair of countries of the named line ``text`` names, or None."""
    for pattern, pair in named_lines():
        if pattern.search(text):
            return pair
    return None


def line_named_before(text: str, at: int) -> tuple[str, str] | None:
    """Return the pair of the named line the text spoke of last before ``at``, if any."""
    last, found = -1, None
    for pattern, pair in named_lines():
        for hit in pattern.finditer(text, 0, at):
            if hit.start() > last:
                last, found = hit.start(), pair
    return found
