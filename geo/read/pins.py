"""Places the user pins: a name the tool got wrong, or does not know, at the user's coordinates.

Read here (``--place``, ``places.csv``); put on the articles' names by
:func:`geo.extract.pins.apply_pins`.

``--place "Khiam=35.613,33.328"`` on the command line, or a ``places.csv``
beside the articles (``name,lon,lat`` and optional ``kind`` and ``note``),
pins a name: wherever the articles name it, it is that point, before any
gazetteer reading. The pin is the user's word, and the map says so.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

from geo.errors import InputFormatError, one_line
from geo.geocode.place import Place

PINNED = "pinned by the user"
PINS_FILE = "places.csv"  # beside the articles of a folder


@dataclass(frozen=True)
class Pin:
    """A name the user placed: its point, and optionally its kind and a note."""

    name: str
    lon: float
    lat: float
    kind: str = "place"
    note: str = ""

    def place(self) -> Place:
        return Place(
            id=f"pin:{self.name.casefold()}",
            name=self.name,
            country="",
            place_type=self.kind or "place",
            lat=self.lat,
            lon=self.lon,
            source=self.note or PINNED,
        )


def _pin(name: str, lon: str, lat: str, where: str, kind: str = "", note: str = "") -> Pin:
    name = " ".join(name.split())
    try:
        x, y = float(lon), float(lat)
    except ValueError:
        raise InputFormatError(
            f"{where}: {one_line(lon, 30)},{one_line(lat, 30)} is not LON,LAT"
        ) from None
    if not name:
        raise InputFormatError(f"{where}: a pinned place needs a name")
    if not (math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90):
        raise InputFormatError(f"{where}: {x},{y} is not a longitude,latitude")
    return Pin(name, x, y, kind.strip() or "place", note.strip())


def parse_pin(text: str) -> Pin:
    """Return the pin ``NAME=LON,LAT`` gives; a bad one raises one clear line."""
    name, sep, coords = text.rpartition("=")
    parts = coords.split(",")
    if not sep or len(parts) != 2:
        raise InputFormatError(f"--place {one_line(text, 60)!r}: write NAME=LON,LAT")
    return _pin(name, parts[0], parts[1], f"--place {one_line(text, 60)!r}")


def read_pins(path: Path) -> tuple[list[Pin], list[str]]:
    """Return the pins of a ``places.csv`` and a line for each row that cannot be read."""
    pins, problems = [], []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{path}: cannot read ({one_line(exc, 80)})"]
    rows = csv.DictReader(io.StringIO(text))
    if not rows.fieldnames or not {"name", "lon", "lat"} <= set(rows.fieldnames):
        return [], [f"{path}: needs the columns name,lon,lat (and optionally kind,note)"]
    for n, row in enumerate(rows, start=2):
        try:
            pins.append(
                _pin(
                    row.get("name") or "",
                    row.get("lon") or "",
                    row.get("lat") or "",
                    f"{path}: line {n}",
                    row.get("kind") or "",
                    row.get("note") or "",
                )
            )
        except InputFormatError as exc:
            problems.append(str(exc))
    return pins, problems
