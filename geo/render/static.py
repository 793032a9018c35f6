"""The print map: one PNG, SVG or PDF page per FeatureCollection, drawn with matplotlib.

The page reads the GeoJSON contract of :mod:`geo.features` only and shows, on
the Natural Earth countries of :mod:`geo.render.basemap`, every zone (each its own
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
"""

from __future__ import annotations

import io
import math
import re
import textwrap
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
import shapely.affinity
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import Bbox
from pyproj import Geod
from shapely.geometry import shape

from geo.errors import OutputError
from geo.features import validate
from geo.render.basemap import ATTRIBUTION as BASEMAP_ATTRIBUTION
from geo.render.basemap import countries_in
from geo.render.style import INCIDENT_COLOUR, PLACE_COLOUR, ZONE_PALETTE
from geo.support.output import write_atomic
from geo.units import format_distance

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
DPI = 150
PAGE_WIDTH_IN = 10.0
SIDE_MARGIN_IN = 0.35
MAP_ASPECT_RANGE = (0.5, 1.2)  # map height / width: neither a strip nor a tower
VIEW_MARGIN = 0.08  # of the content's larger side, on each side
MIN_VIEW_M = 60_000.0  # a lone point gets about this much ground around it
MAX_LAT = 85.0  # Web Mercator's usable band
MAX_PLACE_LABELS = 40  # more names than this crowd a page; the most mentioned win
MAX_LABEL_CHARS = 60

WATER = "#e4eef5"
LAND = "#f3f1ec"
BORDER = "#9a9a9a"
COUNTRY_LABEL = "#8a8a8a"
# A light card behind a label keeps it readable over borders and rings. (A stroked
# halo would need path effects, which turn SVG and PDF text into outlines.)
CARD = {
    "boxstyle": "round,pad=0.12,rounding_size=0.2",
    "facecolor": "white",
    "edgecolor": "none",
    "alpha": 0.8,
}

# Characters XML 1.0 forbids (the SVG would not parse) and lone surrogates (no UTF-8).
_UNDRAWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

_GEOD = Geod(ellps="WGS84")
EARTH_RADIUS_M = 6378137.0  # EPSG:3857's sphere


def _to_mercator(lon: Any, lat: Any) -> tuple[Any, Any]:
    """Return Web Mercator (EPSG:3857) x, y of lon/lat degrees (scalars or arrays).

    Written out rather than through PROJ, which folds longitudes into
    -180..180: a view across the antimeridian needs 181 degrees to stay east
    of 179.
    """
    lam = np.radians(lon)
    phi = np.radians(np.clip(lat, -MAX_LAT, MAX_LAT))
    return EARTH_RADIUS_M * lam, EARTH_RADIUS_M * np.log(np.tan(np.pi / 4 + phi / 2))


def _to_lonlat(x: Any, y: Any) -> tuple[Any, Any]:
    """Return lon/lat degrees of Web Mercator x, y (the inverse of :func:`_to_mercator`)."""
    lon = np.degrees(np.asarray(x) / EARTH_RADIUS_M)
    lat = np.degrees(2 * np.arctan(np.exp(np.asarray(y) / EARTH_RADIUS_M)) - np.pi / 2)
    return float(lon) if lon.ndim == 0 else lon, float(lat) if lat.ndim == 0 else lat


# Applied for one render only (rc_context restores the caller's settings).
_RC = {
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


# --------------------------------------------------------------------------
# What is drawn
# --------------------------------------------------------------------------


@dataclass
class _Zone:
    geometry: shapely.Geometry  # Web Mercator
    colour: str
    radius_m: float | None
    legend: str


@dataclass
class _Spot:
    """Incidents or a place at one position."""

    xy: tuple[float, float]  # Web Mercator
    label: str
    count: int = 1
    weight: int = 0  # mentions: the most mentioned places are named first


def _line(value: Any) -> str:
    """Return ``value`` as one line of drawable text (no control characters)."""
    return " ".join(_UNDRAWABLE.sub("\ufffd", str(value)).split()) if value is not None else ""


def _text(value: Any, limit: int = MAX_LABEL_CHARS) -> str:
    """Return ``value`` as one line of at most ``limit`` characters for a label."""
    text = _line(value)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _spans(props: dict, key: str) -> list[dict]:
    value = props.get(key)
    return [s for s in value if isinstance(s, dict)] if isinstance(value, list) else []


def _documents(spans: Iterable[dict]) -> list[str]:
    """Return the documents of ``spans``, each once, in order of first appearance."""
    return list(dict.fromkeys(str(s["document"]) for s in spans if s.get("document")))


def _with_geometry(collection: dict, kind: str, types: tuple[str, ...]) -> list[dict]:
    return [
        f
        for f in collection["features"]
        if f["properties"].get("kind") == kind
        and isinstance(f.get("geometry"), dict)
        and f["geometry"].get("type") in types
    ]


def _mercator(geometry: shapely.Geometry) -> shapely.Geometry:
    """Return a lon/lat geometry in Web Mercator, cut to the band Mercator can show."""
    cut = shapely.clip_by_rect(geometry, -540.0, -MAX_LAT, 540.0, MAX_LAT)
    return shapely.transform(cut, lambda xy: np.column_stack(_to_mercator(xy[:, 0], xy[:, 1])))


def _unwrapped(geometry: shapely.Geometry, centre_lon: float | None) -> shapely.Geometry:
    """Return a zone split at the antimeridian as one shape next to its centre.

    RFC 7946 cuts such a ring at 180 degrees; drawn as it is, half of it would
    land on the far side of the world and the view would span the globe.
    """
    if centre_lon is None or geometry.geom_type != "MultiPolygon":
        return geometry
    parts = []
    for part in geometry.geoms:
        offset = part.centroid.x - centre_lon
        shift = -360.0 if offset > 180 else 360.0 if offset < -180 else 0.0
        parts.append(shapely.affinity.translate(part, xoff=shift) if shift else part)
    return shapely.union_all(parts)


def _zones(collection: dict) -> list[_Zone]:
    """Return the zones to draw, largest first (a smaller ring stays visible on top)."""
    features = _with_geometry(collection, "zone", ("Polygon", "MultiPolygon"))
    # Rings around one centre never share a colour: each centre takes the next
    # run of palette entries, smallest radius first (as the HTML map does).
    centres = list(dict.fromkeys(str(f["properties"].get("center")) for f in features))
    ordered = sorted(
        range(len(features)),
        key=lambda i: (
            centres.index(str(features[i]["properties"].get("center"))),
            _number(features[i]["properties"].get("radius_m")) or 0.0,
        ),
    )
    colour_of = {i: ZONE_PALETTE[rank % len(ZONE_PALETTE)] for rank, i in enumerate(ordered)}
    zones = []
    for i, feat in enumerate(features):
        props = feat["properties"]
        radius = _number(props.get("radius_m"))
        centre = props.get("center_lonlat")
        centre_lon = _number(centre[0]) if isinstance(centre, list | tuple) and centre else None
        geometry = _mercator(_unwrapped(shape(feat["geometry"]), centre_lon))
        if geometry.is_empty:
            continue
        size = format_distance(radius) if radius else "zone"
        around = f" around {_text(props['center'], 40)}" if props.get("center") else ""
        documents = _documents(_spans(props, "sources"))
        cited = ", ".join(_text(d, 40) for d in documents) if documents else "no source"
        zones.append(_Zone(geometry, colour_of[i], radius, f"{size}{around} — {cited}"))
    zones.sort(key=lambda z: -(z.radius_m or 0.0))
    return zones


def _project_point(feat: dict) -> tuple[float, float]:
    lon, lat = feat["geometry"]["coordinates"][:2]
    x, y = _to_mercator(lon, lat)
    return float(x), float(y)


def _incident_spots(collection: dict) -> list[_Spot]:
    """Return one spot per position with incidents, with how many happened there."""
    at: dict[tuple[float, float], list[dict]] = {}
    for feat in _with_geometry(collection, "incident", ("Point",)):
        lon, lat = feat["geometry"]["coordinates"][:2]
        at.setdefault((round(lon, 7), round(lat, 7)), []).append(feat)
    return [
        _Spot(_project_point(here[0]), _text(here[0]["properties"].get("place")), len(here))
        for here in at.values()
    ]


def _place_spots(collection: dict) -> list[_Spot]:
    return [
        _Spot(
            _project_point(f),
            _text(f["properties"].get("name")),
            weight=len(_spans(f["properties"], "mentions")),
        )
        for f in _with_geometry(collection, "place", ("Point",))
    ]


def _findings(collection: dict) -> list[str]:
    meta = collection.get("geo")
    findings = meta.get("findings") if isinstance(meta, dict) else None
    if not isinstance(findings, list):
        return []
    return [
        ("Sources agree: " if f.get("agree") else "Sources differ: ") + _line(f["text"])
        for f in findings
        if isinstance(f, dict) and f.get("text")
    ]


def _attribution(collection: dict) -> str:
    """Return the credit line: basemap, GeoNames when its places are shown, the documents."""
    parts = [f"{BASEMAP_ATTRIBUTION}."]
    places = [f for f in collection["features"] if f["properties"].get("kind") == "place"]
    if any(str(f["properties"].get("gazetteer_id") or "").startswith("geonames:") for f in places):
        parts.append("Place coordinates: GeoNames (geonames.org), CC BY 4.0.")
    spans = [
        s
        for f in collection["features"]
        for key in ("sources", "mentions")
        for s in _spans(f["properties"], key)
    ]
    documents = _documents(spans)
    meta = collection.get("geo")
    described = {
        str(d.get("id")): d
        for d in (meta.get("documents") or [] if isinstance(meta, dict) else [])
        if isinstance(d, dict)
    }
    shown = []
    for doc in documents:
        info = described.get(doc, {})
        extra = [str(info[k]) for k in ("outlet", "published", "url") if info.get(k)]
        shown.append(
            _text(doc, 80) + (f" ({', '.join(_text(e, 80) for e in extra)})" if extra else "")
        )
    if shown:
        parts.append("Sources: " + "; ".join(shown) + ".")
    return " ".join(parts)


# --------------------------------------------------------------------------
# The view
# --------------------------------------------------------------------------


def _content_bounds(zones: list[_Zone], spots: list[_Spot]) -> tuple[float, float, float, float]:
    """Return the Web Mercator box around all content, grown to a minimum size."""
    boxes = [z.geometry.bounds for z in zones]
    boxes += [(s.xy[0], s.xy[1], s.xy[0], s.xy[1]) for s in spots]
    if not boxes:
        x0, y0 = _to_mercator(-180.0, -60.0)
        x1, y1 = _to_mercator(180.0, 80.0)
        return x0, y0, x1, y1
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[2] for b in boxes)
    y1 = max(b[3] for b in boxes)
    # Mercator stretches distances by 1/cos(lat): the minimum is ground metres.
    _, lat = _to_lonlat((x0 + x1) / 2, (y0 + y1) / 2)
    min_size = MIN_VIEW_M / max(math.cos(math.radians(lat)), 0.05)
    grow_x = max(0.0, min_size - (x1 - x0)) / 2
    grow_y = max(0.0, min_size - (y1 - y0)) / 2
    return x0 - grow_x, y0 - grow_y, x1 + grow_x, y1 + grow_y


def _view(bounds: tuple[float, float, float, float]) -> tuple[tuple[float, ...], float]:
    """Return the view box (content plus margin, at a page-friendly aspect) and its aspect."""
    x0, y0, x1, y1 = bounds
    margin = VIEW_MARGIN * max(x1 - x0, y1 - y0)
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    aspect = min(max((y1 - y0) / (x1 - x0), MAP_ASPECT_RANGE[0]), MAP_ASPECT_RANGE[1])
    # Grow the short side so the box has exactly the map's aspect, centred.
    if (y1 - y0) / (x1 - x0) < aspect:
        grow = (aspect * (x1 - x0) - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    else:
        grow = ((y1 - y0) / aspect - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    limit = _to_mercator(0.0, MAX_LAT)[1]
    if y1 - y0 < 2 * limit:  # keep the view inside the band Mercator can show
        shift = max(0.0, -limit - y0) - max(0.0, y1 - limit)
        y0, y1 = y0 + shift, y1 + shift
    return (x0, y0, x1, y1), aspect


def _lonlat_box(view: tuple[float, ...]) -> tuple[float, float, float, float]:
    west, south = _to_lonlat(view[0], view[1])
    east, north = _to_lonlat(view[2], view[3])
    return west, max(south, -MAX_LAT), east, min(north, MAX_LAT)


def _nice_length(max_m: float) -> float:
    """Return the largest 1, 2 or 5 times a power of ten not above ``max_m``."""
    power = 10 ** math.floor(math.log10(max_m))
    return max(m * power for m in (1, 2, 5) if m * power <= max_m)


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------


class _Labels:
    """Places labels where they overlap nothing already drawn, inside the map."""

    def __init__(self, ax, renderer) -> None:
        self.ax = ax
        self.renderer = renderer
        self.area = ax.get_window_extent(renderer)
        self.taken: list[Bbox] = []
        self.lines: list[shapely.Geometry] = []  # in pixels: zone rings optional labels avoid

    def block(self, box: Bbox) -> None:
        self.taken.append(box)

    def block_circle(self, xy: tuple[float, float], radius_pt: float) -> None:
        cx, cy = self.ax.transData.transform(xy)
        r = radius_pt * self.ax.figure.dpi / 72.0
        self.block(Bbox.from_extents(cx - r, cy - r, cx + r, cy + r))

    def _cost(self, box: Bbox) -> float:
        overlap = 0.0
        for other in self.taken:
            common = Bbox.intersection(other, box)
            if common is not None:
                overlap += common.width * common.height
        inside = Bbox.intersection(box, self.area)
        outside = box.width * box.height - (inside.width * inside.height if inside else 0.0)
        return overlap + 4 * outside  # a label cut off by the frame is worst

    def block_line(self, geometry: shapely.Geometry) -> None:
        self.lines.append(shapely.transform(geometry, self.ax.transData.transform))

    def place(
        self,
        xy: tuple[float, float],
        text: str,
        offsets: list[tuple],
        *,
        required: bool,
        **style: Any,
    ):
        """Return the annotation drawn at the first free offset (or the least bad), or None.

        A label that may be left out (``required=False``) also keeps off the
        zone rings; one that must be drawn goes where it covers least.
        """
        best = None
        for dx, dy, ha, va in offsets:
            note = self._annotate(text, xy, (dx, dy, ha, va), style)
            box = note.get_window_extent(self.renderer).padded(2)
            cost = self._cost(box)
            if not required and any(
                line.intersects(shapely.box(box.x0, box.y0, box.x1, box.y1)) for line in self.lines
            ):
                cost += 1.0
            if cost == 0:
                self.block(box)
                return note
            note.remove()
            if best is None or cost < best[0]:
                best = (cost, (dx, dy, ha, va), box)
        if not required or best is None:
            return None
        dx, dy, ha, va = best[1]
        self.block(best[2])
        return self._annotate(text, xy, (dx, dy, ha, va), style)

    def _annotate(self, text: str, xy, placement: tuple, style: dict):
        dx, dy, ha, va = placement
        return self.ax.annotate(
            text,
            xy,
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            annotation_clip=False,
            **style,
        )


def _around(r: float) -> list[tuple[float, float, str, str]]:
    """Return label offsets (points) around a marker of radius ``r``: right first."""
    d = r + 2.5
    return [
        (d, 0, "left", "center"),
        (-d, 0, "right", "center"),
        (0, d, "center", "bottom"),
        (0, -d, "center", "top"),
        (d * 0.8, d * 0.8, "left", "bottom"),
        (d * 0.8, -d * 0.8, "left", "top"),
        (-d * 0.8, d * 0.8, "right", "bottom"),
        (-d * 0.8, -d * 0.8, "right", "top"),
    ]


def _incident_radius_pt(count: int) -> float:
    return 6.0 + 1.5 * min(count - 1, 6)


def _draw(collection: dict, title: str) -> Figure:
    """Return the laid-out figure of ``collection``."""
    zones = _zones(collection)
    incidents = _incident_spots(collection)
    places = _place_spots(collection)
    view, aspect = _view(_content_bounds(zones, incidents + places))

    map_w = PAGE_WIDTH_IN - 2 * SIDE_MARGIN_IN
    map_h = map_w * aspect
    figure = Figure(figsize=(PAGE_WIDTH_IN, map_h + 3), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)  # text extents for the layout are measured with Agg
    renderer = figure.canvas.get_renderer()

    # Text blocks above and below the map, measured first so the page fits them exactly.
    chars = int(map_w * 72 / (0.55 * 15))
    title_text = figure.text(
        0,
        0,
        textwrap.fill(_line(title), chars),
        fontsize=15,
        fontweight="bold",
        ha="left",
        va="top",
    )
    findings = "\n".join(
        textwrap.fill(f, int(map_w * 72 / (0.52 * 9.5))) for f in _findings(collection)
    )
    findings_text = figure.text(
        0, 0, findings, fontsize=9.5, color="#7a3e00", ha="left", va="top", linespacing=1.3
    )
    handles = _legend_handles(zones, incidents, places)
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
        textwrap.fill(_attribution(collection), int(map_w * 72 / (0.52 * 7.5))),
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
        elif artist is legend:
            legend.set_bbox_to_anchor((left, y), transform=figure.transFigure)
        else:
            artist.set_position((left, y))
        top += height

    _draw_map(ax, renderer, view, zones, incidents, places)
    return figure


def _legend_handles(zones: list[_Zone], incidents: list[_Spot], places: list[_Spot]) -> list:
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
    return handles


def _draw_map(
    ax,
    renderer,
    view: tuple[float, ...],
    zones: list[_Zone],
    incidents: list[_Spot],
    places: list[_Spot],
) -> None:
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    ax.set_aspect("equal", adjustable="box")  # the view already has the axes' aspect
    ax.set_facecolor(WATER)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#666666")
        spine.set_linewidth(0.8)

    lonlat = _lonlat_box(view)
    countries = countries_in(lonlat, margin_deg=0.5)
    country_frame = None
    if countries["features"]:
        country_frame = gpd.GeoDataFrame.from_features(countries["features"], crs=4326)
        country_frame = country_frame.set_geometry(
            [_mercator(g) for g in country_frame.geometry], crs=3857
        )
        country_frame.plot(ax=ax, facecolor=LAND, edgecolor=BORDER, linewidth=0.6, zorder=1)

    for zone in zones:
        series = gpd.GeoSeries([zone.geometry], crs=3857)
        series.plot(
            ax=ax,
            facecolor=to_rgba(zone.colour, 0.12),
            edgecolor=zone.colour,
            linewidth=1.8,
            zorder=2,
        )

    place_r = 3.0
    for spot in places:
        ax.plot(
            *spot.xy,
            marker="o",
            markersize=2 * place_r,
            markerfacecolor="white",
            markeredgecolor=PLACE_COLOUR,
            markeredgewidth=1.2,
            zorder=3,
        )
    for spot in incidents:
        r = _incident_radius_pt(spot.count)
        ax.plot(
            *spot.xy,
            marker="o",
            markersize=2 * r,
            markerfacecolor=INCIDENT_COLOUR,
            markeredgecolor="white",
            markeredgewidth=1.2,
            zorder=4,
        )
        if spot.count > 1:
            ax.text(
                *spot.xy,
                str(spot.count),
                color="white",
                fontsize=7.5,
                fontweight="bold",
                ha="center",
                va="center_baseline",
                zorder=5,
            )

    # geopandas names the axes after the CRS; a map needs no "Easting [metre]".
    ax.set_xlabel("")
    ax.set_ylabel("")
    labels = _Labels(ax, renderer)
    content = [spot.xy for spot in places + incidents]
    for zone in zones:
        content += shapely.get_coordinates(zone.geometry.boundary).tolist()
    avoid = ax.transData.transform(np.array(content)) if content else np.empty((0, 2))
    scale_box = _scale_bar(ax, renderer, view, avoid)
    labels.block(scale_box)
    for spot in places:
        labels.block_circle(spot.xy, place_r)
    incident_r = {}
    for spot in incidents:
        incident_r[spot.xy] = _incident_radius_pt(spot.count)
        labels.block_circle(spot.xy, incident_r[spot.xy])

    # Ring labels first: they say which ring is which; then place names, most mentioned first.
    for zone in zones:
        if zone.radius_m:
            _label_ring(labels, zone)
    named = sorted(places, key=lambda s: -s.weight)[:MAX_PLACE_LABELS]
    for spot in named:
        if spot.label:
            labels.place(
                spot.xy,
                spot.label,
                _around(incident_r.get(spot.xy, place_r)),
                required=True,
                fontsize=8.5,
                color="#222222",
                bbox=CARD,
                zorder=6,
            )
    for zone in zones:
        labels.block_line(zone.geometry.boundary)
    if country_frame is not None:
        _label_countries(labels, country_frame)


def _label_ring(labels: _Labels, zone: _Zone) -> None:
    """Write the zone's radius just outside its ring: top, bottom, right or left."""
    x0, y0, x1, y1 = zone.geometry.bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    text = format_distance(zone.radius_m).split(" (")[0]
    candidates = [
        ((cx, y1), (0, 2, "center", "bottom")),
        ((cx, y0), (0, -2, "center", "top")),
        ((x1, cy), (2, 0, "left", "center")),
        ((x0, cy), (-2, 0, "right", "center")),
    ]
    style = {"fontsize": 8.5, "fontweight": "bold", "color": zone.colour, "bbox": CARD, "zorder": 6}
    for xy, offset in candidates:
        if labels.place(xy, text, [offset], required=False, **style):
            return
    labels.place(candidates[0][0], text, [candidates[0][1]], required=True, **style)


def _label_countries(labels: _Labels, frame: gpd.GeoDataFrame) -> None:
    """Name the countries whose largest part is well inside the view, where there is room."""
    ax = labels.ax
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    view = shapely.box(x0, y0, x1, y1)
    for name, geometry in sorted(
        zip(frame["name"], frame.geometry, strict=True), key=lambda p: -p[1].intersection(view).area
    ):
        visible = geometry.intersection(view)
        # A sliver at the edge of the map is not worth a name.
        if not name or visible.is_empty or visible.area < 0.02 * view.area:
            continue
        point = visible.representative_point()
        # The centre of the country's visible part, else a little off it.
        offsets = [
            (dx, dy, "center", "center")
            for dx, dy in ((0, 0), (0, 14), (0, -14), (40, 0), (-40, 0))
        ]
        labels.place(
            (point.x, point.y),
            _text(name, 30).upper(),
            offsets,
            required=False,
            fontsize=8,
            color=COUNTRY_LABEL,
            fontstyle="italic",
            zorder=1.5,
        )


def _scale_bar(ax, renderer, view: tuple[float, ...], avoid: np.ndarray) -> Bbox:
    """Draw a scale bar true at the view's centre latitude; return its box in pixels.

    It goes in the corner of the map that covers fewest of the ``avoid``
    points (pixels), lower left when several tie.
    """
    cx, cy = (view[0] + view[2]) / 2, (view[1] + view[3]) / 2
    lon, lat = _to_lonlat(cx, cy)
    # Ground metres per Web Mercator unit along the centre parallel, measured geodesically.
    quarter = (view[2] - view[0]) / 4
    lon2, _ = _to_lonlat(cx + quarter, cy)
    _, _, metres = _GEOD.inv(lon, lat, lon2, lat)
    metres_per_unit = metres / quarter
    length_m = _nice_length(metres_per_unit * (view[2] - view[0]) / 4)
    width = length_m / metres_per_unit / (view[2] - view[0])  # axes fraction

    frame = ax.get_window_extent(renderer)
    px = ax.figure.dpi / 72.0
    fx, fy = px / frame.width, px / frame.height  # one point in axes fractions
    artists, card = _draw_scale_bar(ax, renderer, (12 * fx, 17 * fy), width, length_m, lat)
    corners = [
        (0.0, 0.0),
        (1.0 - card.width - 2 * card.x0, 0.0),
        (0.0, 1.0 - card.height - 2 * card.y0),
        (1.0 - card.width - 2 * card.x0, 1.0 - card.height - 2 * card.y0),
    ]
    to_axes = ax.transAxes.inverted()
    points = to_axes.transform(avoid) if len(avoid) else np.empty((0, 2))

    def covered(dx: float, dy: float) -> int:
        # Counted with room around the card: a dot just above it is crowded too.
        inside = (
            (points[:, 0] >= card.x0 + dx - 20 * fx)
            & (points[:, 0] <= card.x1 + dx + 20 * fx)
            & (points[:, 1] >= card.y0 + dy - 20 * fy)
            & (points[:, 1] <= card.y1 + dy + 20 * fy)
        )
        return int(inside.sum())

    dx, dy = min(corners, key=lambda c: covered(*c))  # min keeps the first of equals
    if (dx, dy) != (0.0, 0.0):
        for artist in artists:
            artist.remove()
        artists, card = _draw_scale_bar(
            ax, renderer, (12 * fx + dx, 17 * fy + dy), width, length_m, lat
        )
    return card.transformed(ax.transAxes)


def _draw_scale_bar(
    ax, renderer, origin: tuple[float, float], width: float, length_m: float, lat: float
) -> tuple[list, Bbox]:
    """Return the artists of a scale bar drawn at ``origin`` and its card (axes fractions)."""
    unit, factor = ("km", 1000.0) if length_m >= 1000 else ("m", 1.0)
    frame = ax.get_window_extent(renderer)
    px = ax.figure.dpi / 72.0
    fx, fy = px / frame.width, px / frame.height
    x, y = origin
    bar = 4 * fy
    transform = ax.transAxes
    artists = []
    for i in range(4):
        artists.append(
            ax.add_patch(
                Rectangle(
                    (x + i * width / 4, y),
                    width / 4,
                    bar,
                    transform=transform,
                    facecolor="#222222" if i % 2 == 0 else "white",
                    edgecolor="#222222",
                    linewidth=0.8,
                    zorder=8,
                )
            )
        )
    ticks = ((0.0, "0"), (0.5, f"{length_m / 2 / factor:g}"), (1.0, f"{length_m / factor:g}"))
    for frac, text in ticks:
        artists.append(
            ax.text(
                x + frac * width,
                y + bar + 3 * fy,
                text,
                transform=transform,
                fontsize=7.5,
                ha="center",
                va="bottom",
                zorder=8,
            )
        )
    # The unit follows the last number, which stays centred on its tick.
    end = artists[-1].get_window_extent(renderer).transformed(ax.transAxes.inverted())
    artists.append(
        ax.text(
            end.x1 + 2 * fx,
            y + bar + 3 * fy,
            unit,
            transform=transform,
            fontsize=7.5,
            ha="left",
            va="bottom",
            zorder=8,
        )
    )
    hemisphere = "N" if lat >= 0 else "S"
    artists.append(
        ax.text(
            x,
            y - 3 * fy,
            f"true at {abs(lat):.1f}° {hemisphere}",
            transform=transform,
            fontsize=6.5,
            color="#555555",
            ha="left",
            va="top",
            zorder=8,
        )
    )
    # A white card behind bar and text, sized to what was drawn.
    extent = Bbox.union([a.get_window_extent(renderer) for a in artists]).padded(5 * px)
    card = extent.transformed(ax.transAxes.inverted())
    artists.append(
        ax.add_patch(
            Rectangle(
                (card.x0, card.y0),
                card.width,
                card.height,
                transform=transform,
                facecolor="white",
                edgecolor="none",
                alpha=0.85,
                zorder=7,
            )
        )
    )
    return artists, card
