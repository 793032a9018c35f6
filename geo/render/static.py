"""The print map: one PNG, SVG or PDF page per FeatureCollection, drawn with matplotlib.

The page reads the GeoJSON contract of :mod:`geo.features` only and shows, on
the Natural Earth countries, lakes, rivers and sea names of
:mod:`geo.render.basemap` (at the scale the view's size gets), every zone (each its own
colour, its radius on the ring and in the legend with the documents that
reported it), every incident (red; incidents at one spot share one marker
with their count), the places with names, a scale bar, the title, the
sources' disagreements, a legend under the map and an attribution line.

* **No global state.** The figure is a bare :class:`~matplotlib.figure.Figure`
  on its own Agg canvas: pyplot's figure manager and the global backend are
  never used (geopandas draws into the given axes). rcParams are changed only
  inside :func:`matplotlib.rc_context` for the one render (rcParams are
  process-wide, so renders in threads at the same time are not isolated).
* **Byte-identical.** SVG ids are salted with a constant, the SVG date and
  PDF creation date are left out, PNG's Software is fixed, and fonts are
  matplotlib's own DejaVu Sans, not whatever the system has.
* **Hostile text.** Article text is drawn as text only: mathtext (``$...$``)
  is off, and the SVG writer escapes markup.
* **Aspect.** Everything is drawn in Web Mercator (EPSG:3857), the projection
  the HTML map uses, so shapes look the same in both and the view's aspect is
  right at every latitude; the scale bar is measured geodesically at the
  view's centre latitude, where it is true.

The pieces: :mod:`~geo.render.static_content` (what is drawn, read from the
collection), :mod:`~geo.render.static_view` (projection and view box),
:mod:`~geo.render.static_map` (the map and its labels),
:mod:`~geo.render.static_scale` (the scale bar) and :mod:`~geo.render.style`
(colours shared with the HTML map). This module lays out the page around the
map: title, findings, legend and credits. It imports nothing of the HTML map.
"""

from __future__ import annotations

import io
import textwrap
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from geo.errors import OutputError
from geo.features import validate
from geo.render.static_content import (
    Spot,
    Zone,
    attribution,
    drawn_zones,
    finding_lines,
    incident_spots,
    incident_types,
    line,
    place_spots,
)
from geo.render.static_map import draw_map
from geo.render.static_view import content_bounds, view_box
from geo.render.style import INCIDENT_COLOUR, MPL_MARKERS, PLACE_COLOUR
from geo.support.output import write_atomic

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
DPI = 150
PAGE_WIDTH_IN = 10.0
SIDE_MARGIN_IN = 0.35

# Applied for one render only (rc_context restores the caller's settings).
_RC: dict[RcKeyType, Any] = {
    "svg.hashsalt": "geo",  # fixed ids in the SVG instead of random ones
    "svg.fonttype": "none",  # text stays text: searchable, selectable, testable
    "pdf.fonttype": 42,  # embedded TrueType: text in the PDF can be searched
    "text.parse_math": False,  # "$5" in an article is money, not mathtext
    "text.usetex": False,
    "font.family": "DejaVu Sans",  # ships with matplotlib: same output on every machine
    "axes.unicode_minus": False,
}
_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": "geo"},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None},
}


def render_static(collection: dict, path: Path | str, *, title: str) -> Path:
    """Return ``path`` after writing the print map of ``collection`` there (.png, .svg or .pdf).

    The format follows the suffix; any other suffix raises ``OutputError``.
    ``collection`` is validated (``InputFormatError`` names the first bad
    feature). The file is written whole or not at all.
    """
    target = Path(path)
    fmt = FORMATS.get(target.suffix.lower())
    if fmt is None:
        shown = f"'{target.suffix}'" if target.suffix else "no suffix"
        raise OutputError(f"{target}: a static map is .png, .svg or .pdf, not {shown}")
    return write_atomic(target, render_static_bytes(collection, fmt, title=title))


def render_static_bytes(collection: dict, fmt: str, *, title: str) -> bytes:
    """Return the print map of ``collection`` as the bytes of a ``fmt`` file ('png', 'svg', 'pdf').

    The same input gives the same bytes.
    """
    if fmt not in _METADATA:
        raise OutputError(f"static map format {fmt!r} is not png, svg or pdf")
    validate(collection)
    buffer = io.BytesIO()
    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        # Scripts DejaVu Sans lacks are drawn as boxes; a warning per glyph helps no one.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure = _draw(collection, title)
        figure.savefig(buffer, format=fmt, dpi="figure", metadata=_METADATA[fmt])
    return buffer.getvalue()


def _draw(collection: dict, title: str) -> Figure:
    """Return the laid-out figure of ``collection``."""
    zones = drawn_zones(collection)
    incidents = incident_spots(collection)
    places = place_spots(collection)
    view, aspect = view_box(content_bounds(zones, incidents + places))

    map_w = PAGE_WIDTH_IN - 2 * SIDE_MARGIN_IN
    map_h = map_w * aspect
    figure = Figure(figsize=(PAGE_WIDTH_IN, map_h + 3), dpi=DPI, facecolor="white")
    # Text extents for the layout are measured with Agg.
    renderer = FigureCanvasAgg(figure).get_renderer()

    # Text blocks above and below the map, measured first so the page fits them exactly.
    chars = int(map_w * 72 / (0.55 * 15))
    title_text = figure.text(
        0,
        0,
        textwrap.fill(line(title), chars),
        fontsize=15,
        fontweight="bold",
        ha="left",
        va="top",
    )
    findings = "\n".join(
        textwrap.fill(f, int(map_w * 72 / (0.52 * 9.5))) for f in finding_lines(collection)
    )
    findings_text = figure.text(
        0, 0, findings, fontsize=9.5, color="#7a3e00", ha="left", va="top", linespacing=1.3
    )
    handles = _legend_handles(zones, incidents, places, incident_types(collection))
    legend = figure.legend(
        handles=handles,
        loc="upper left",
        frameon=False,
        fontsize=9,
        ncols=1 if len(handles) <= 6 else 2,
        handlelength=2.2,
        borderaxespad=0,
        borderpad=0,
    )
    credit = figure.text(
        0,
        0,
        textwrap.fill(attribution(collection), int(map_w * 72 / (0.52 * 7.5))),
        fontsize=7.5,
        color="#555555",
        ha="left",
        va="top",
        linespacing=1.3,
    )

    def height_in(artist) -> float:
        return artist.get_window_extent(renderer).height / DPI if artist.get_visible() else 0.0

    findings_text.set_visible(bool(findings))
    legend.set_visible(bool(handles))
    gap = 0.14
    stack = [(title_text, 0.28), (findings_text, gap), (None, gap), (legend, gap), (credit, gap)]
    heights = [height_in(a) if a is not None else map_h for a, _ in stack]
    total = sum(heights) + sum(pad for _, pad in stack) + 0.2
    figure.set_size_inches(PAGE_WIDTH_IN, total)

    # Top down, in inches from the top edge, then as figure fractions.
    top = 0.0
    left = SIDE_MARGIN_IN / PAGE_WIDTH_IN
    ax = None
    for (artist, pad), height in zip(stack, heights, strict=True):
        top += pad
        y = 1 - top / total
        if artist is None:
            ax = figure.add_axes((left, y - map_h / total, map_w / PAGE_WIDTH_IN, map_h / total))
        elif isinstance(artist, Legend):
            artist.set_bbox_to_anchor((left, y), transform=figure.transFigure)
        else:
            artist.set_position((left, y))
        top += height

    assert ax is not None, "the stack has the map's place"
    draw_map(ax, renderer, view, zones, incidents, places)
    return figure


def _legend_handles(
    zones: list[Zone],
    incidents: list[Spot],
    places: list[Spot],
    types: list[tuple[str, int, tuple[str, str]]] | None = None,
) -> list:
    handles: list = []
    for zone in sorted(zones, key=lambda z: z.radius_m or 0.0):
        handles.append(
            Patch(
                facecolor=to_rgba(zone.colour, 0.15),
                edgecolor=zone.colour,
                linewidth=1.8,
                label=zone.legend,
            )
        )
    n_incidents = sum(s.count for s in incidents)
    if n_incidents:
        label = f"Incidents ({n_incidents})"
        if any(s.count > 1 for s in incidents):
            label += "; a number in the marker counts the incidents told at one spot"
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=10,
                markerfacecolor=INCIDENT_COLOUR,
                markeredgecolor="white",
                label=label,
            )
        )
        # Each type with its symbol and colour, as on the HTML map.
        for name, count, (shape, colour) in types or []:
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker=MPL_MARKERS[shape],
                    markersize=9 * (1.3 if shape == "star" else 1.0),
                    markerfacecolor=colour,
                    markeredgecolor="white",
                    label=f"{name} ({count})",
                )
            )
    if places:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=6,
                markerfacecolor="white",
                markeredgecolor=PLACE_COLOUR,
                label=f"Places ({len(places)})",
            )
        )
    if any(spot.area is not None for spot in places):
        handles.append(
            Patch(
                facecolor=to_rgba(PLACE_COLOUR, 0.06),
                edgecolor=PLACE_COLOUR,
                linestyle=(0, (4, 3)),
                label="where a position given as distance and direction from a place may lie",
            )
        )
    return handles
