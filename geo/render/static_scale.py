"""The print map's scale bar: true at the view's centre latitude, in the emptiest corner."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox
from pyproj import Geod

from geo.render.static_view import to_lonlat

_GEOD = Geod(ellps="WGS84")


def nice_length(max_m: float) -> float:
    """Return the largest 1, 2 or 5 times a power of ten not above ``max_m``."""
    power = 10 ** math.floor(math.log10(max_m))
    return max(m * power for m in (1, 2, 5) if m * power <= max_m)


def scale_bar(ax: Axes, renderer: RendererBase, view: tuple[float, ...], avoid: np.ndarray) -> Bbox:
    """Return the box (pixels) of the scale bar drawn, true at the view's centre latitude.

    It goes in the corner of the map that covers fewest of the ``avoid``
    points (pixels), lower left when several tie.
    """
    cx, cy = (view[0] + view[2]) / 2, (view[1] + view[3]) / 2
    lon, lat = to_lonlat(cx, cy)
    # Ground metres per Web Mercator unit along the centre parallel, measured geodesically.
    quarter = (view[2] - view[0]) / 4
    lon2, _ = to_lonlat(cx + quarter, cy)
    _, _, metres = _GEOD.inv(lon, lat, lon2, lat)
    metres_per_unit = metres / quarter
    length_m = nice_length(metres_per_unit * (view[2] - view[0]) / 4)
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
    ax: Axes,
    renderer: RendererBase,
    origin: tuple[float, float],
    width: float,
    length_m: float,
    lat: float,
) -> tuple[list[Artist], Bbox]:
    """Return the artists of a scale bar drawn at ``origin`` and its card (axes fractions)."""
    unit, factor = ("km", 1000.0) if length_m >= 1000 else ("m", 1.0)
    frame = ax.get_window_extent(renderer)
    px = ax.figure.dpi / 72.0
    fx, fy = px / frame.width, px / frame.height
    x, y = origin
    bar = 4 * fy
    transform = ax.transAxes
    artists: list[Artist] = []
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
