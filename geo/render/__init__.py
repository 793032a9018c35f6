"""Renderers: turn a FeatureCollection (the contract of :mod:`geo.features`) into maps.

:func:`render_html` makes the interactive map, :func:`render_static` the print
map (PNG, SVG, PDF). Each is imported when first asked for, so a print map
never loads folium or the HTML map's modules.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geo.render.html import render_html
    from geo.render.static import render_static

__all__ = ["render_html", "render_static"]

_HOMES = {"render_html": "geo.render.html", "render_static": "geo.render.static"}


def __getattr__(name: str) -> Any:
    """Return ``render_html`` or ``render_static``, importing its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
