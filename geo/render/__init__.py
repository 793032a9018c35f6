"""Renderers: turn a FeatureCollection (the contract of :mod:`geo.features`) into maps."""

from geo.render.html import render_html

__all__ = ["render_html"]
