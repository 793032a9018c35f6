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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import Bbox

from geo.errors import OutputError
from geo.features import validate
from geo.render.basemap import towns_in
from geo.render.static_content import (
    attribution,
    drawn_zones,
    finding_lines,
    incident_spots,
    incident_types,
    line,
    place_spots,
)
from geo.render.static_inset import inset_at, shows_region
from geo.render.static_map import (
    Density,
    MapDrawn,
    density_of,
    draw_map,
    incident_radius_pt,
)
from geo.render.static_page import Page
from geo.render.static_view import (
    VIEW_MARGIN,
    content_bounds,
    lonlat_box,
    mercator_box,
    view_box,
)
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


@dataclass
class PrintLayout:
    """A drawn print map: its figure, and what is where on it (for callers and tests)."""

    figure: Figure
    map_ax: Axes
    legend: Legend | None
    drawn: MapDrawn
    view: tuple[float, ...]  # the map's extent in Web Mercator


def render_static(
    collection: dict,
    path: Path | str,
    *,
    title: str,
    page: Page | None = None,
    dpi: int | None = None,
    bounds: tuple[float, float, float, float] | None = None,
) -> Path:
    """Return ``path`` after writing the print map of ``collection`` there (.png, .svg or .pdf).

    The format follows the suffix; any other suffix raises ``OutputError``.
    ``collection`` is validated (``InputFormatError`` names the first bad
    feature). ``page`` fixes the page's size and resolution (default: a page
    10 inches wide as tall as its content, at ``dpi``, 150 unless given); ``bounds`` (west,
    south, east, north in degrees) the map's extent (default: the data's).
    The file is written whole or not at all.
    """
    target = Path(path)
    fmt = FORMATS.get(target.suffix.lower())
    if fmt is None:
        shown = f"'{target.suffix}'" if target.suffix else "no suffix"
        raise OutputError(f"{target}: a static map is .png, .svg or .pdf, not {shown}")
    return write_atomic(
        target, render_static_bytes(collection, fmt, title=title, page=page, dpi=dpi, bounds=bounds)
    )


def render_static_bytes(
    collection: dict,
    fmt: str,
    *,
    title: str,
    page: Page | None = None,
    dpi: int | None = None,
    bounds: tuple[float, float, float, float] | None = None,
) -> bytes:
    """Return the print map of ``collection`` as the bytes of a ``fmt`` file ('png', 'svg', 'pdf').

    The same input gives the same bytes.
    """
    if fmt not in _METADATA:
        raise OutputError(f"static map format {fmt!r} is not png, svg or pdf")
    buffer = io.BytesIO()
    with _print_settings():
        layout = print_layout(collection, title=title, page=page, dpi=dpi, bounds=bounds)
        layout.figure.savefig(buffer, format=fmt, dpi="figure", metadata=_METADATA[fmt])
    return buffer.getvalue()


@contextmanager
def _print_settings() -> Iterator[None]:
    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        # Scripts DejaVu Sans lacks are drawn as boxes; a warning per glyph helps no one.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        yield


def print_layout(
    collection: dict,
    *,
    title: str,
    page: Page | None = None,
    dpi: int | None = None,
    bounds: tuple[float, float, float, float] | None = None,
) -> PrintLayout:
    """Return the print map of ``collection`` drawn and laid out, not yet written.

    See :func:`render_static` for ``page`` and ``bounds``.
    """
    validate(collection)
    with _print_settings():
        content = _Content(collection)
        if page is None:
            return _draw(content, title, bounds, dpi or DPI)
        return _draw_page(content, title, page, bounds)


class _Content:
    """What the page shows of a collection, read once."""

    def __init__(self, collection: dict) -> None:
        self.zones = drawn_zones(collection)
        self.incidents = incident_spots(collection)
        self.places = place_spots(collection)
        self.types = incident_types(collection)
        self.findings = finding_lines(collection)
        self.credit = attribution(collection)

    def credit_for(self, view: tuple[float, ...]) -> str:
        """Return the credit line, naming GeoNames when the view has towns to name."""
        if "GeoNames" in self.credit or not towns_in(lonlat_box(view)):
            return self.credit
        basemap, _, rest = self.credit.partition(". ")
        return f"{basemap}. Town names: GeoNames (geonames.org), CC BY 4.0. {rest}".strip()

    def extent(self, bounds: tuple[float, float, float, float] | None) -> tuple[tuple, float]:
        """Return the Mercator box to show and the margin it takes (none for given bounds)."""
        if bounds is not None:
            return mercator_box(bounds), 0.0
        return content_bounds(self.zones, self.incidents + self.places), VIEW_MARGIN


def _draw(
    content: _Content, title: str, bounds: tuple[float, float, float, float] | None, dpi: int
) -> PrintLayout:
    """Return the laid-out figure of a page as tall as its content needs."""
    box, margin = content.extent(bounds)
    view, aspect = view_box(box, margin=margin)

    map_w = PAGE_WIDTH_IN - 2 * SIDE_MARGIN_IN
    map_h = map_w * aspect
    figure = Figure(figsize=(PAGE_WIDTH_IN, map_h + 3), dpi=dpi, facecolor="white")
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
    findings = "\n".join(textwrap.fill(f, int(map_w * 72 / (0.52 * 9.5))) for f in content.findings)
    findings_text = figure.text(
        0, 0, findings, fontsize=9.5, color="#7a3e00", ha="left", va="top", linespacing=1.3
    )
    density = density_of(view, content.incidents, map_w)
    handles = _legend_handles(content, density)
    legend = figure.legend(
        handles=handles,
        loc="upper left",
        frameon=False,
        fontsize=9,
        ncols=1 if len(handles) <= 6 else 2,
        handleheight=_handle_height(handles, 9),
        handlelength=2.2,
        borderaxespad=0,
        borderpad=0,
    )
    credit = figure.text(
        0,
        0,
        textwrap.fill(content.credit_for(view), int(map_w * 72 / (0.52 * 7.5))),
        fontsize=7.5,
        color="#555555",
        ha="left",
        va="top",
        linespacing=1.3,
    )

    def height_in(artist) -> float:
        return artist.get_window_extent(renderer).height / dpi if artist.get_visible() else 0.0

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
    drawn = draw_map(ax, renderer, view, content.zones, content.incidents, content.places, density)
    return PrintLayout(figure, ax, legend if handles else None, drawn, view)


def _draw_page(
    content: _Content,
    title: str,
    page: Page,
    bounds: tuple[float, float, float, float] | None,
) -> PrintLayout:
    """Return the laid-out figure of a page of fixed size.

    Title and findings across the top; on a landscape page the legend and
    credits fill a column right of the map, on a portrait page they go under
    it. The map takes the rest, its extent grown to the shape it gets, so the
    data's extent (or ``bounds``) is all on it.
    """
    box, margin = content.extent(bounds)
    if page.turnable:
        # A wide extent on a landscape page, a tall one on a portrait page.
        _, aspect = view_box(box, margin=margin)
        if (aspect < PORTRAIT_FROM_ASPECT) != page.landscape:
            page = page.turned()
    width, height = page.size_in
    dpi = page.dpi
    figure = Figure(figsize=(width, height), dpi=dpi, facecolor="white")
    renderer = FigureCanvasAgg(figure).get_renderer()

    def height_in(artist) -> float:
        return artist.get_window_extent(renderer).height / dpi

    edge = min(max(0.05 * min(width, height), 0.25), 0.6)
    inner_w = width - 2 * edge
    top = edge
    title_text = figure.text(
        edge / width,
        1 - top / height,
        textwrap.fill(line(title), _chars(inner_w, 16)),
        fontsize=16,
        fontweight="bold",
        ha="left",
        va="top",
    )
    top += height_in(title_text) + 0.1
    if content.findings:
        findings = "\n".join(textwrap.fill(f, _chars(inner_w, 9)) for f in content.findings)
        findings_text = figure.text(
            edge / width,
            1 - top / height,
            findings,
            fontsize=9,
            color="#7a3e00",
            ha="left",
            va="top",
            linespacing=1.3,
        )
        top += height_in(findings_text)
    top += 0.15
    body_h = height - top - edge
    gap = 0.2

    if page.landscape:
        panel_w = min(max(0.27 * inner_w, 2.3), 3.8)
        map_w, map_h = inner_w - panel_w - gap, body_h
        text_w = panel_w
    else:
        map_w, map_h, text_w = inner_w, body_h, inner_w
    # The density grid is the map's: sized by the map's width, known before the legend.
    view, _ = view_box(box, map_h / map_w, margin=margin)
    density = density_of(view, content.incidents, map_w)
    handles = _legend_handles(content, density)
    credit = figure.text(
        0,
        edge / height,
        textwrap.fill(content.credit_for(view), _chars(text_w, 7)),
        fontsize=7,
        color="#555555",
        ha="left",
        va="bottom",
        linespacing=1.3,
    )
    credit_h = height_in(credit)
    legend = None
    if handles:
        # The legend gets what the map leaves; its font shrinks before it spills.
        room = body_h - credit_h - gap if page.landscape else 0.4 * body_h - credit_h
        for fontsize in (9.0, 8.0, 7.0, 6.5):
            if legend is not None:
                legend.remove()
            columns = 1 if page.landscape or len(handles) <= 6 else 2
            legend = _page_legend(figure, handles, fontsize, text_w / columns, columns)
            if height_in(legend) <= room:
                break
    legend_h = height_in(legend) if legend is not None else 0.0

    if page.landscape:
        map_x = edge
        panel_x = edge + map_w + gap
        if legend is not None:
            legend.set_bbox_to_anchor(
                (panel_x / width, 1 - top / height), transform=figure.transFigure
            )
        credit.set_x(panel_x / width)
    else:
        map_x = edge
        map_h = body_h - (legend_h + gap if legend is not None else 0.0) - credit_h - gap
        view, _ = view_box(box, map_h / map_w, margin=margin)
        density = density_of(view, content.incidents, map_w)
        if legend is not None:
            legend.set_bbox_to_anchor(
                (edge / width, 1 - (top + map_h + gap) / height), transform=figure.transFigure
            )
        credit.set_x(edge / width)
    ax = figure.add_axes(
        (map_x / width, 1 - (top + map_h) / height, map_w / width, map_h / height),
        label="map",
    )
    # On a landscape page the locator goes in the column, over the credits, where
    # it covers nothing; where the column has no room, in a corner of the map.
    inset_box = None
    if page.landscape and shows_region(view):
        free = height - 2 * edge - top - legend_h - credit_h - 2 * gap
        side = min(panel_w, free, MAX_PANEL_INSET_IN)
        if side >= MIN_PANEL_INSET_IN:
            inset_box = Bbox.from_bounds(
                panel_x * dpi, (edge + credit_h + gap) * dpi, side * dpi, side * dpi
            )
    drawn = draw_map(
        ax,
        renderer,
        view,
        content.zones,
        content.incidents,
        content.places,
        density,
        inset_in_corner=inset_box is None,
    )
    if inset_box is not None:
        drawn.inset = inset_at(figure, inset_box, view)
    return PrintLayout(figure, ax, legend, drawn, view)


MIN_PANEL_INSET_IN = 1.3  # a smaller locator is no use; the map's corner has one
MAX_PANEL_INSET_IN = 2.6
PORTRAIT_FROM_ASPECT = 0.95  # a map area taller than this (height / width) prints upright


def _chars(width_in: float, fontsize: float) -> int:
    """Return about how many characters of ``fontsize`` fit in ``width_in`` (DejaVu Sans)."""
    return max(10, int(width_in * 72 / (0.55 * fontsize)))


def _page_legend(
    figure: Figure, handles: list, fontsize: float, width_in: float, columns: int
) -> Legend:
    """Return a legend of ``handles`` whose labels wrap to ``width_in`` per column."""
    handle_in = 2.6 * fontsize / 72  # the symbol and the space after it
    chars = _chars(width_in - handle_in, fontsize)
    wrapped = [textwrap.fill(h.get_label(), chars) for h in handles]
    return figure.legend(
        handles=handles,
        labels=wrapped,
        loc="upper left",
        frameon=False,
        fontsize=fontsize,
        ncols=columns,
        handleheight=_handle_height(handles, fontsize),
        handlelength=2.0,
        borderaxespad=0,
        borderpad=0,
        labelspacing=0.6,
    )


def _legend_handles(content: _Content, density: Density | None = None) -> list:
    """Return the legend's entries: zones, incidents and their types, places."""
    handles: list = []
    for zone in sorted(content.zones, key=lambda z: z.radius_m or 0.0):
        handles.append(
            Patch(
                facecolor=to_rgba(zone.colour, 0.15),
                edgecolor=zone.colour,
                linewidth=1.8,
                label=zone.legend,
            )
        )
    incidents = content.incidents
    n_incidents = sum(s.count for s in incidents)
    if n_incidents and density is not None:
        handles += _density_handles(content, density, n_incidents)
    elif n_incidents:
        handles.append(_marker("circle", INCIDENT_COLOUR, 10, f"Incidents ({n_incidents:,})"))
        # Each type with its symbol and colour, as on the HTML map.
        for name, count, (shape, colour) in content.types:
            handles.append(_marker(shape, colour, 9, f"{name} ({count:,})"))
        handles += _stack_handles(max(s.count for s in incidents))
    if content.places:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=6,
                markerfacecolor="white",
                markeredgecolor=PLACE_COLOUR,
                label=f"Places ({len(content.places)})",
            )
        )
    if any(spot.area is not None for spot in content.places):
        handles.append(
            Patch(
                facecolor=to_rgba(PLACE_COLOUR, 0.06),
                edgecolor=PLACE_COLOUR,
                linestyle=(0, (4, 3)),
                label="where a position given as distance and direction from a place may lie",
            )
        )
    return handles


def _handle_height(handles: list, fontsize: float) -> float:
    """Return the legend rows' height (in font sizes) that keeps its largest symbol in its row."""
    largest = max((h.get_markersize() for h in handles if isinstance(h, Line2D)), default=0.0)
    return max(0.7, 0.8 * largest / fontsize)


def _marker(shape: str, colour: str, size: float, label: str) -> Line2D:
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=MPL_MARKERS[shape],
        markersize=size * (1.3 if shape == "star" else 1.0),
        markerfacecolor=colour,
        markeredgecolor="white",
        label=label,
    )


def _stack_handles(most: int) -> list:
    """Return the key to stacked markers: a few counts at the size the map draws them."""
    if most < 2:
        return []
    # Two sizes say "bigger is more"; more would crowd the legend with large circles.
    shown = [2, 10] if most >= 10 else [2, most] if most > 2 else [2]
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=2 * incident_radius_pt(n),
            markerfacecolor="#9a9a9a",
            markeredgecolor="white",
            label=f"{n} incidents at one spot (the number is in the symbol)"
            if i == 0
            else f"{n} at one spot",
        )
        for i, n in enumerate(shown)
    ]
    return handles


def _density_handles(content: _Content, density: Density, n_incidents: int) -> list:
    """Return the key to the hexagons, then the incident types as counts (not drawn one by one)."""
    handles: list = [
        Line2D([], [], linestyle="none", label=f"Incidents ({n_incidents:,}) per hexagon:")
    ]
    edges = density.edges
    for k, (low, colour) in enumerate(zip(edges, density.colours, strict=True)):
        high = edges[k + 1] - 1 if k + 1 < len(edges) else None
        text = f"{low:,}" if high == low else f"{low:,}–{high:,}" if high else f"{low:,} or more"
        handles.append(Patch(facecolor=to_rgba(colour, 0.9), edgecolor="white", label=text))
    # The types still count, as text: their symbols are not drawn at this density.
    handles.append(Line2D([], [], linestyle="none", label="Of which:"))
    for name, count, _symbol in content.types:
        handles.append(Line2D([], [], linestyle="none", label=f"{name} ({count:,})"))
    return handles
