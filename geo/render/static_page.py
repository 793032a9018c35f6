"""The print map's page: its size in pixels and dots per inch, and the map's extent.

``geo map --size A4 --orientation landscape --dpi 300`` asks for a page of
exactly 3508 x 2480 pixels: paper sizes are in millimetres, rounded to whole
pixels at the resolution, and the figure is sized from those pixels so the
PNG has them exactly. ``WxHmm`` and ``WxHpx`` name any other page.
Everything here is plain values; nothing imports matplotlib.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from geo.errors import PageError

MM_PER_INCH = 25.4
# Paper in millimetres, portrait (width, height).
PAPER_MM = {"a4": (210.0, 297.0), "a3": (297.0, 420.0), "letter": (215.9, 279.4)}
PAPER_NAMES = "A4, A3, letter"
PAPER_DPI = 300  # print resolution: sizes in mm and paper names
SCREEN_DPI = 150  # a page given in pixels is for a screen or slide: text at a readable size
DPI_RANGE = (50, 1200)
MAX_PIXELS = 12_000  # a side longer than this is a typo, and a gigabyte of memory
ORIENTATIONS = ("portrait", "landscape")

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(mm|px)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    """A page of ``width_px`` x ``height_px`` at ``dpi``.

    ``turnable``: no orientation was asked for a paper size, so the map may
    turn the page to suit its shape (see :meth:`turned`).
    """

    width_px: int
    height_px: int
    dpi: int
    turnable: bool = False

    @property
    def size_in(self) -> tuple[float, float]:
        """Return the page's width and height in inches, true to its whole pixels.

        Matplotlib truncates the canvas to whole pixels, and 3508 / 300 * 300
        can come out a hair under 3508: a hundredth of a pixel more keeps it.
        """
        return (self.width_px + 0.01) / self.dpi, (self.height_px + 0.01) / self.dpi

    @property
    def landscape(self) -> bool:
        return self.width_px > self.height_px

    def turned(self) -> Page:
        """Return the page on its other side."""
        return Page(self.height_px, self.width_px, self.dpi, self.turnable)


def parse_dpi(text: str | None, default: int) -> int:
    """Return the resolution ``--dpi`` gives (``default`` when not given)."""
    if text is None:
        return default
    try:
        dpi = float(text)
    except ValueError:
        dpi = math.nan
    low, high = DPI_RANGE
    if not (math.isfinite(dpi) and dpi == int(dpi) and low <= dpi <= high):
        raise PageError(
            f"--dpi {text!r}: give a whole number of dots per inch from {low} to {high}"
        )
    return int(dpi)


def parse_page(size: str, dpi_text: str | None = None, orientation: str | None = None) -> Page:
    """Return the page ``--size``, ``--dpi`` and ``--orientation`` ask for.

    ``size`` is a paper name (portrait; with no ``orientation``, the map may
    turn it to suit its shape), or ``WxHmm`` / ``WxHpx``, kept as written
    unless ``orientation`` turns it.
    Paper and millimetres default to 300 dpi, pixels to 150 (the pixels stay
    as given; the resolution sets how large text and symbols are on them).
    """
    if orientation is not None and orientation.lower() not in ORIENTATIONS:
        raise PageError(f"--orientation {orientation!r}: give portrait or landscape")
    key = size.strip().lower()
    if key in PAPER_MM:
        dpi = parse_dpi(dpi_text, PAPER_DPI)
        w_mm, h_mm = PAPER_MM[key]
        width, height = _pixels(w_mm, dpi, size), _pixels(h_mm, dpi, size)
        page = _turned(width, height, dpi, orientation)
        return Page(page.width_px, page.height_px, dpi, turnable=orientation is None)
    m = _SIZE.match(size)
    if m is None:
        raise PageError(
            f"--size {size!r}: give {PAPER_NAMES}, or width x height in mm or px "
            "(e.g. 180x120mm, 1600x900px)"
        )
    w, h, unit = float(m.group(1)), float(m.group(2)), m.group(3).lower()
    if unit == "px":
        dpi = parse_dpi(dpi_text, SCREEN_DPI)
        if w != int(w) or h != int(h):
            raise PageError(f"--size {size!r}: pixels are whole numbers")
        width, height = int(w), int(h)
        _check_pixels(width, height, size)
    else:
        dpi = parse_dpi(dpi_text, PAPER_DPI)
        width, height = _pixels(w, dpi, size), _pixels(h, dpi, size)
    return _turned(width, height, dpi, orientation)


def _pixels(mm: float, dpi: int, size: str) -> int:
    px = round(mm / MM_PER_INCH * dpi)
    _check_pixels(px, px, size, dpi)
    return px


def _check_pixels(width: int, height: int, size: str, dpi: int | None = None) -> None:
    at = f" at {dpi} dpi" if dpi is not None else ""
    if min(width, height) < 200:
        raise PageError(f"--size {size!r}: too small for a map{at} (under 200 pixels a side)")
    if max(width, height) > MAX_PIXELS:
        raise PageError(f"--size {size!r}: too large{at} (over {MAX_PIXELS} pixels a side)")


def _turned(width: int, height: int, dpi: int, orientation: str | None) -> Page:
    if orientation is not None and (orientation.lower() == "landscape") != (width > height):
        if width != height:
            width, height = height, width
    return Page(width, height, dpi)


def parse_bounds(text: str) -> tuple[float, float, float, float]:
    """Return ``--bounds W,S,E,N`` as degrees (west, south, east, north).

    A box across the antimeridian is written as it is read on a map, west
    greater than east (``170,-20,-170,0``); east comes back past 180.
    """
    parts = text.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise PageError(
            f"--bounds {text!r}: give four numbers WEST,SOUTH,EAST,NORTH in degrees"
            " (e.g. 35,29,48,38)"
        )
    west, south, east, north = values
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise PageError(f"--bounds {text!r}: longitudes run from -180 to 180")
    if not (-85 <= south < north <= 85):
        raise PageError(
            f"--bounds {text!r}: latitudes run from -85 to 85 (Web Mercator), south below north"
        )
    if west == east:
        raise PageError(f"--bounds {text!r}: west and east are the same longitude")
    if west > east:
        east += 360.0
    return west, south, east, north
