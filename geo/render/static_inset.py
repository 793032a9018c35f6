"""The print map's locator inset: where the map lies in the wider region.

A small map in a corner of the main one shows the countries around it (from
the same offline Natural Earth data as the basemap) with the main map's
extent as a rectangle, so a reader who does not know the area finds it.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure, SubFigure
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox

from geo.render.basemap import countries_in
from geo.render.static_view import MAX_LAT, lonlat_box, mercator, mercator_box, to_lonlat
from geo.render.style import BORDER_COLOUR, LAND_COLOUR, WATER_COLOUR

EXTENT_COLOUR = "#111111"
MAX_VIEW_SPAN_DEG = 40.0  # a map this wide already shows its region: no inset
REGION_FACTOR = 5.0  # the inset spans this many times the map...
MIN_REGION_DEG = 16.0  # ...and at least this many degrees, so a town-sized map shows its country
INSET_FRACTION = 0.26  # of the map's shorter side
MAX_INSET_IN = 1.9
PAD_PT = 6.0  # between the inset and the map's frame


def draw_inset(
    ax: Axes, renderer: RendererBase, view: tuple[float, ...], avoid: np.ndarray, taken: list[Bbox]
) -> Axes | None:
    """Return the locator inset drawn in the emptiest free corner of ``ax``, or None.

    ``avoid`` are the data's positions (pixels): the corner covering fewest of
    them wins, among those clear of the ``taken`` boxes (the scale bar). No
    inset for a view of a whole region or more, nor where no corner is free.
    """
    if not shows_region(view):
        return None
    frame = ax.get_window_extent(renderer)
    px = ax.figure.dpi / 72.0
    side = min(INSET_FRACTION * min(frame.width, frame.height), MAX_INSET_IN * ax.figure.dpi)
    pad = PAD_PT * px
    corners = [
        Bbox.from_bounds(x, y, side, side)
        for y in (frame.y1 - pad - side, frame.y0 + pad)  # top corners first: north is up
        for x in (frame.x1 - pad - side, frame.x0 + pad)
    ]
    free = [c for c in corners if not any(Bbox.intersection(c, t) for t in taken)]
    if not free:
        return None

    def covered(box: Bbox) -> int:
        grown = box.padded(pad)
        inside = (
            (avoid[:, 0] >= grown.x0)
            & (avoid[:, 0] <= grown.x1)
            & (avoid[:, 1] >= grown.y0)
            & (avoid[:, 1] <= grown.y1)
        )
        return int(inside.sum())

    box = min(free, key=covered) if len(avoid) else free[0]
    return inset_at(ax.figure, box, view)


def shows_region(view: tuple[float, ...]) -> bool:
    """Return whether a map of ``view`` is small enough to need a locator inset."""
    west, south, east, north = lonlat_box(view)
    return max(east - west, north - south) <= MAX_VIEW_SPAN_DEG


def inset_at(figure: Figure | SubFigure, box: Bbox, view: tuple[float, ...]) -> Axes:
    """Return the locator inset of a map of ``view``, drawn in ``box`` (pixels of ``figure``)."""
    west, south, east, north = lonlat_box(view)
    inset = figure.add_axes(
        (
            box.x0 / figure.bbox.width,
            box.y0 / figure.bbox.height,
            box.width / figure.bbox.width,
            box.height / figure.bbox.height,
        ),
        label="locator inset",
    )
    _draw_region(inset, view, max(east - west, north - south))
    return inset


def _region(view: tuple[float, ...], span_deg: float) -> tuple[float, ...]:
    """Return the inset's square view (Web Mercator) around the main view's centre."""
    cx, cy = (view[0] + view[2]) / 2, (view[1] + view[3]) / 2
    lon, lat = to_lonlat(cx, cy)
    half = max(span_deg * REGION_FACTOR, MIN_REGION_DEG) / 2
    south, north = max(lat - half, -MAX_LAT), min(lat + half, MAX_LAT)
    x0, y0, x1, y1 = mercator_box((lon - half, south, lon + half, north))
    size = max(x1 - x0, y1 - y0) / 2
    return cx - size, cy - size, cx + size, cy + size


def _draw_region(inset: Axes, view: tuple[float, ...], span_deg: float) -> None:
    region = _region(view, span_deg)
    inset.set_xlim(region[0], region[2])
    inset.set_ylim(region[1], region[3])
    inset.set_aspect("equal", adjustable="box")
    inset.set_facecolor(WATER_COLOUR)
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_zorder(9)  # over the map's labels and the scale bar's card
    for spine in inset.spines.values():
        spine.set_edgecolor("#444444")
        spine.set_linewidth(0.8)
    # The coarsest scale: an inch of map needs no coastline detail.
    countries = countries_in(lonlat_box(region), margin_deg=2.0, resolution="110m")
    if countries["features"]:
        frame = gpd.GeoDataFrame.from_features(countries["features"], crs=4326)
        frame = frame.set_geometry([mercator(g) for g in frame.geometry], crs=3857)
        frame.plot(ax=inset, facecolor=LAND_COLOUR, edgecolor=BORDER_COLOUR, linewidth=0.4)
    inset.set_xlabel("")
    inset.set_ylabel("")
    width, height = view[2] - view[0], view[3] - view[1]
    inset.add_patch(
        Rectangle(
            (view[0], view[1]),
            width,
            height,
            facecolor=(0, 0, 0, 0.08),
            edgecolor=EXTENT_COLOUR,
            linewidth=1.2,
            zorder=3,
            label="extent of the map",
        )
    )
    # A map much smaller than its region would be a speck: a ring marks it.
    if max(width, height) < (region[2] - region[0]) / 12:
        inset.plot(
            (view[0] + view[2]) / 2,
            (view[1] + view[3]) / 2,
            marker="o",
            markersize=9,
            markerfacecolor="none",
            markeredgecolor=EXTENT_COLOUR,
            markeredgewidth=1.0,
            zorder=3,
        )
