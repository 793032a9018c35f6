"""Names the user pinned (``geo.read.pins``) put on the articles: the pin wins over any reading."""

from __future__ import annotations

import re

from geo.extract.places import PlaceMention
from geo.extract.text import Span
from geo.read.pins import PINNED, Pin


def apply_pins(text: str, named: list[PlaceMention], pins: list[Pin]) -> list[PlaceMention]:
    """Return ``named`` with every place the pins name in ``text`` at the pinned point."""
    if not pins:
        return named
    by_name = {p.name.casefold(): p for p in pins}
    names = sorted(by_name, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + r")(?!\w)",
        re.IGNORECASE,
    )
    pinned = []
    for m in pattern.finditer(text):
        pin = by_name[" ".join(m.group().split()).casefold()]
        pinned.append(PlaceMention(pin.place(), Span(m.start(), m.end(), m.group()), 1, PINNED))
    if not pinned:
        return named
    kept = [
        pm
        for pm in named
        if not any(pm.span.start < p.span.end and p.span.start < pm.span.end for p in pinned)
    ]
    return sorted(kept + pinned, key=lambda pm: pm.span.start)
