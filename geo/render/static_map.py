"""The print map's map: basemap, zones, places and incidents, and labels that do not collide."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.collections import PolyCollection
from matplotlib.colors import BoundaryNorm, ListedColormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from geo.render.basemap import (
    countries_in,
    lake_labels,
    lakes_in,
    river_labels,
    rivers_in,
    seas_in,
    towns_in,
)
from geo.render.static_content import Spot, Zone, label_text
from geo.render.static_inset import draw_inset
from geo.render.static_scale import scale_bar
from geo.render.static_view import lonlat_box, mercator, to_lonlat, to_mercator
from geo.render.style import (
    BORDER_COLOUR,
    INCIDENT_COLOUR,
    LAND_COLOUR,
    MPL_MARKERS,
    PLACE_COLOUR,
    RIVER_COLOUR,
    WATER_COLOUR,
    WATER_LABEL_COLOUR,
)
from geo.units import format_distance

MAX_PLACE_LABELS = 40  # more names than this crowd a page; the most mentioned win
TOWNS_PER_SQUARE_INCH = 0.5  # towns named for orientation, as the HTML map names them
TOWN_CLEARANCE_DEG = 0.1  # about 10 km: a town this close to a place of the data is that place
# From this many incidents on, at this many positions, markers would bury each other
# (and the map): incidents are counted in hexagons instead, darker where there are more.
# Many incidents at a few positions stay counted markers, which say more.
DENSITY_MIN_INCIDENTS = 1000
DENSITY_MIN_SPOTS = 100
HEX_ACROSS_IN = 0.17  # a hexagon's width on the page (about 4 mm)
# Light to dark, ending in the incident red and beyond it, so "more" reads as "redder".
DENSITY_COLOURS = ("#fde0d2", "#f9a98b", "#ef6c4f", "#c0392b", "#8c1d14", "#4d0a06")
COUNTRY_LABEL = "#8a8a8a"
# A light card behind a label keeps it readable over borders and rings. (A stroked
# halo would need path effects, which turn SVG and PDF text into outlines.)
CARD = {
    "boxstyle": "round,pad=0.12,rounding_size=0.2",
    "facecolor": "white",
    "edgecolor": "none",
    "alpha": 0.8,
}


class _Labels:
    """Places labels where they overlap nothing already drawn, inside the map."""

    def __init__(self, ax: Axes, renderer: RendererBase) -> None:
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

    def free_circle(self, xy: tuple[float, float], radius_pt: float) -> bool:
        """Return whether a dot of ``radius_pt`` at ``xy`` is inside the map, clear of all taken."""
        cx, cy = self.ax.transData.transform(xy)
        r = radius_pt * self.ax.figure.dpi / 72.0
        return self._cost(Bbox.from_extents(cx - r, cy - r, cx + r, cy + r)) == 0

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


def incident_radius_pt(count: int) -> float:
    """Return the radius (points) of the marker of ``count`` incidents at one spot.

    The marker's area grows with the count (a little less than in proportion,
    so one spot of 50 does not cover a town), up to a cap.
    """
    return min(6.0 * count**0.3, 18.0)


def count_text(count: int) -> str:
    """Return a count short enough for its marker: 1234 is 1.2k."""
    if count < 1000:
        return str(count)
    return f"{count / 1000:.1f}".rstrip("0").rstrip(".") + "k"


@dataclass
class Density:
    """Incidents counted in hexagons instead of drawn one by one: the grid and its classes."""

    across: int  # hexagons across the map
    edges: list[int]  # class k holds counts edges[k] .. edges[k + 1] - 1; the last is open
    colours: list[str]  # one per class
    most: int  # the largest count in one hexagon
    hexagons: PolyCollection | None = None  # once drawn


@dataclass
class MapDrawn:
    """What :func:`draw_map` drew that the page and its tests need to know."""

    place_labels: list[Text] = field(default_factory=list)
    town_labels: list[Text] = field(default_factory=list)
    inset: Axes | None = None
    density: Density | None = None
    stacked: list[tuple[int, float]] = field(default_factory=list)  # (count, radius in points)


def draw_map(
    ax: Axes,
    renderer: RendererBase,
    view: tuple[float, ...],
    zones: list[Zone],
    incidents: list[Spot],
    places: list[Spot],
    density: Density | None = None,
    *,
    inset_in_corner: bool = True,
) -> MapDrawn:
    """Draw the map into ``ax``: basemap, zones, places, incidents, their labels, a scale bar.

    Also the towns around (named where there is room), and the locator inset
    in a free corner (unless the page has room for it beside the map:
    ``inset_in_corner=False``). With ``density`` (:func:`density_of`) the
    incidents are hexagons of that grid, not markers.
    """
    drawn = MapDrawn()
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    ax.set_aspect("equal", adjustable="box")  # the view already has the axes' aspect
    ax.set_facecolor(WATER_COLOUR)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#666666")
        spine.set_linewidth(0.8)

    lonlat = lonlat_box(view)
    countries = countries_in(lonlat, margin_deg=0.5)
    country_frame = None
    if countries["features"]:
        country_frame = gpd.GeoDataFrame.from_features(countries["features"], crs=4326)
        country_frame = country_frame.set_geometry(
            [mercator(g) for g in country_frame.geometry], crs=3857
        )
        country_frame.plot(
            ax=ax, facecolor=LAND_COLOUR, edgecolor=BORDER_COLOUR, linewidth=0.6, zorder=1
        )
    water = _draw_water(ax, lonlat)

    for zone in zones:
        series = gpd.GeoSeries([zone.geometry], crs=3857)
        series.plot(
            ax=ax,
            facecolor=to_rgba(zone.colour, 0.12),
            edgecolor=zone.colour,
            linewidth=1.8,
            zorder=2,
        )

    for spot in places:
        if spot.area is not None:
            # An offset's wedge: dashed, as on the HTML map, so it reads as no zone.
            gpd.GeoSeries([spot.area], crs=3857).plot(
                ax=ax,
                facecolor=to_rgba(PLACE_COLOUR, 0.06),
                edgecolor=PLACE_COLOUR,
                linewidth=1.0,
                linestyle=(0, (4, 3)),
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
    incident_r: dict[tuple[float, float], float] = {}
    if density is not None:
        density.hexagons = _hexbin(ax, view, incidents, density.across)
        _colour_density(density)
        drawn.density = density
    else:
        for spot in incidents:
            incident_r[spot.xy] = _draw_incident(ax, spot)
            if spot.count > 1:
                drawn.stacked.append((spot.count, incident_r[spot.xy]))

    # geopandas names the axes after the CRS; a map needs no "Easting [metre]".
    ax.set_xlabel("")
    ax.set_ylabel("")
    labels = _Labels(ax, renderer)
    content = [spot.xy for spot in places + incidents]
    for zone in zones:
        content += shapely.get_coordinates(zone.geometry.boundary).tolist()
    avoid = ax.transData.transform(np.array(content)) if content else np.empty((0, 2))
    scale_box = scale_bar(ax, renderer, view, avoid)
    labels.block(scale_box)
    if inset_in_corner:
        drawn.inset = draw_inset(ax, renderer, view, avoid, [scale_box])
    if drawn.inset is not None:
        labels.block(drawn.inset.get_window_extent(renderer).padded(3))
    for spot in places:
        labels.block_circle(spot.xy, place_r)
    for xy, r in incident_r.items():
        labels.block_circle(xy, r)

    # Ring labels first: they say which ring is which; then place names, most mentioned first.
    for zone in zones:
        if zone.radius_m:
            _label_ring(labels, zone, zone.radius_m)
    named = sorted(places, key=lambda s: -s.weight)[:MAX_PLACE_LABELS]
    for spot in named:
        if spot.label:
            note = labels.place(
                spot.xy,
                spot.label,
                _around(incident_r.get(spot.xy, place_r)),
                required=True,
                fontsize=8.5,
                color="#222222",
                bbox=CARD,
                zorder=6,
            )
            if note is not None:
                drawn.place_labels.append(note)
    for zone in zones:
        labels.block_line(zone.geometry.boundary)
    drawn.town_labels = _label_towns(labels, lonlat, places)
    if drawn.density is not None and drawn.density.hexagons is not None:
        # Towns are named over the hexagons; the names of land and water keep off them.
        for x, y in np.asarray(drawn.density.hexagons.get_offsets()):
            labels.block_circle((float(x), float(y)), HEX_ACROSS_IN * 72 / 2)
    if country_frame is not None:
        _label_countries(labels, country_frame)
    _label_water(labels, water)
    return drawn


def _draw_incident(ax: Axes, spot: Spot) -> float:
    """Draw the marker of the incidents at ``spot``; return its radius in points."""
    r = incident_radius_pt(spot.count)
    # One type at the spot: its symbol and colour, as on the HTML map; several: a circle.
    shape, colour = spot.symbol or ("circle", INCIDENT_COLOUR)
    ax.plot(
        *spot.xy,
        marker=MPL_MARKERS[shape],
        markersize=2 * r * (1.3 if shape == "star" else 1.0),
        markerfacecolor=colour,
        markeredgecolor="white",
        markeredgewidth=1.2,
        zorder=4,
    )
    if spot.count > 1:
        text = count_text(spot.count)
        ax.text(
            *spot.xy,
            text,
            color="white",
            # The number fills the marker as far as it can without leaving it.
            fontsize=min(9.0, max(6.0, 2.1 * r / max(len(text), 1.5))),
            fontweight="bold",
            ha="center",
            va="center_baseline",
            zorder=5,
        )
    return r


def density_edges(most: int) -> list[int]:
    """Return the lower bounds of the density classes up to ``most`` per hexagon.

    Round steps (1, 2, 5, 10, 20, 50, ...), at most six classes, the top one
    open: a reader compares classes, not exact counts.
    """
    steps = [1]
    while steps[-1] < most:
        last = steps[-1]
        steps.append(last * 2 if str(last)[0] in "15" else last * 5 // 2)
    edges = steps[:-1] if len(steps) > 1 else steps
    while len(edges) > len(DENSITY_COLOURS):
        edges = edges[:1] + edges[2::2]  # every other step, from 1 on
    return edges


def density_of(view: tuple[float, ...], incidents: list[Spot], width_in: float) -> Density | None:
    """Return the hexagon grid and classes for a map ``width_in`` wide, or None for markers.

    Counted here, before the page is laid out, so the legend can list the
    classes; :func:`draw_map` draws the same grid.
    """
    if (
        len(incidents) < DENSITY_MIN_SPOTS
        or sum(s.count for s in incidents) < DENSITY_MIN_INCIDENTS
    ):
        return None
    across = max(10, round(width_in / HEX_ACROSS_IN))
    scratch = Figure().add_subplot()
    counts = _hexbin(scratch, view, incidents, across).get_array()
    most = int(counts.max()) if counts is not None and len(counts) else 1
    edges = density_edges(most)
    # Fewer classes than colours: spread over the ramp, lightest and darkest kept.
    picks = np.linspace(0, len(DENSITY_COLOURS) - 1, len(edges)).round().astype(int)
    colours = [DENSITY_COLOURS[i] for i in picks] if len(edges) > 1 else [INCIDENT_COLOUR]
    return Density(across, edges, colours, most)


def _hexbin(ax: Axes, view: tuple[float, ...], incidents: list[Spot], across: int):
    xy = np.array([s.xy for s in incidents])
    return ax.hexbin(
        xy[:, 0],
        xy[:, 1],
        C=np.array([s.count for s in incidents], dtype=float),
        reduce_C_function=np.sum,
        gridsize=across,
        extent=(view[0], view[2], view[1], view[3]),
        mincnt=1,
        linewidths=0.2,
        edgecolors="white",
        zorder=4,
    )


def _colour_density(density: Density) -> None:
    assert density.hexagons is not None
    # Classes of whole counts: a hexagon of 2 lies in [2, 5) whatever float it is.
    bounds = [e - 0.5 for e in density.edges] + [max(density.most, density.edges[-1]) + 0.5]
    density.hexagons.set_cmap(ListedColormap(density.colours))
    density.hexagons.set_norm(BoundaryNorm(bounds, len(density.colours)))
    density.hexagons.set_alpha(0.9)


def _label_towns(
    labels: _Labels, lonlat: tuple[float, float, float, float], places: list[Spot]
) -> list[Text]:
    """Name the larger towns of the view where there is room, as the HTML map does.

    A town at a place of the data is left to the data's own label; a town
    whose name finds no room is not drawn at all (a dot with no name helps no one).
    """
    ax = labels.ax
    area = labels.area.width * labels.area.height / ax.figure.dpi**2
    most = max(4, math.floor(area * TOWNS_PER_SQUARE_INCH))
    named = [to_lonlat_pair(spot.xy) for spot in places]
    shown: list[Text] = []
    for lat, lon, _population, name in towns_in(lonlat):
        if len(shown) >= most:
            break
        if any(
            abs(lat - p_lat) < TOWN_CLEARANCE_DEG and abs(lon - p_lon) < TOWN_CLEARANCE_DEG
            for p_lon, p_lat in named
        ):
            continue
        xy = _xy(lon, lat)
        if not labels.free_circle(xy, 2.0):
            continue  # its dot would hide under a label or a marker already drawn
        note = labels.place(
            xy,
            label_text(name, 30),
            _around(2.0)[:4],
            required=False,
            fontsize=7,
            color="#444444",
            bbox=CARD,
            zorder=5.5,
        )
        if note is None:
            continue
        labels.block_circle(xy, 2.0)
        ax.plot(
            *xy,
            marker="o",
            markersize=3.2,
            markerfacecolor="#444444",
            markeredgecolor="white",
            markeredgewidth=0.6,
            zorder=5.4,
        )
        shown.append(note)
    return shown


def to_lonlat_pair(xy: tuple[float, float]) -> tuple[float, float]:
    lon, lat = to_lonlat(*xy)
    return float(lon), float(lat)


def _label_ring(labels: _Labels, zone: Zone, radius_m: float) -> None:
    """Write the zone's radius just outside its ring: top, bottom, right or left."""
    x0, y0, x1, y1 = zone.geometry.bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    text = format_distance(radius_m).split(" (")[0]
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
            label_text(name, 30).upper(),
            offsets,
            required=False,
            fontsize=8,
            color=COUNTRY_LABEL,
            fontstyle="italic",
            zorder=1.5,
        )


def _draw_water(ax: Axes, lonlat: tuple[float, float, float, float]) -> dict[str, list]:
    """Draw the lakes and rivers of the view over the land; return the names to place.

    Names are ``(x, y, text, angle, kind)`` in map units, the most important first:
    seas, then lakes, then rivers (each named along its course).
    """
    lakes = lakes_in(lonlat, margin_deg=0.5)
    rivers = rivers_in(lonlat, margin_deg=0.5)
    if lakes["features"]:
        frame = gpd.GeoDataFrame.from_features(lakes["features"], crs=4326)
        frame = frame.set_geometry([mercator(g) for g in frame.geometry], crs=3857)
        frame.plot(ax=ax, facecolor=WATER_COLOUR, edgecolor=RIVER_COLOUR, linewidth=0.4, zorder=1.1)
    if rivers["features"]:
        frame = gpd.GeoDataFrame.from_features(rivers["features"], crs=4326)
        frame = frame.set_geometry([mercator(g) for g in frame.geometry], crs=3857)
        widths = [1.2 if (r or 6) <= 2 else 0.9 if (r or 6) <= 4 else 0.6 for r in frame["rank"]]
        frame.plot(ax=ax, color=RIVER_COLOUR, linewidth=widths, zorder=1.2)
    west, south, east, north = lonlat
    span = max(east - west, north - south)
    names: list[tuple[float, float, str, float, int]] = []
    for lat, lon, _, name, _ in seas_in(
        lonlat, min_size_deg=span / 40, fit=True, narrow_up_to_deg=12.0
    ):
        names.append((*_xy(lon, lat), name, 0.0, 0))
    for lat, lon, _, name in lake_labels(lakes, min_size_deg=span / 60):
        names.append((*_xy(lon, lat), name, 0.0, 1))
    for lat, lon, angle, _, name in river_labels(
        rivers, min_length_deg=span / 8, spacing_deg=span / 2
    ):
        if west <= lon <= east and south <= lat <= north:
            names.append((*_xy(lon, lat), name, -angle, 2))
    return {"names": names}


def _xy(lon: float, lat: float) -> tuple[float, float]:
    x, y = to_mercator(lon, lat)
    return float(x), float(y)


def _label_water(labels: _Labels, water: dict[str, list]) -> None:
    """Name seas, lakes and rivers where there is room (never over the data or its names)."""
    for x, y, name, angle, kind in water["names"]:
        # Rivers sit on their course; a sea's name may move off its point into clear water.
        offsets = [(0, 0)] if kind == 2 else [(0, 0), (0, 14), (0, -14), (45, 0), (-45, 0)]
        labels.place(
            (x, y),
            label_text(name, 30),
            [(dx, dy, "center", "center") for dx, dy in offsets],
            required=False,
            fontsize=8 if kind == 0 else 7,
            color=WATER_LABEL_COLOUR,
            fontstyle="italic",
            rotation=angle,
            rotation_mode="anchor",
            zorder=1.5,
        )
