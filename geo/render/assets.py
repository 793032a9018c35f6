"""Leaflet's JavaScript and CSS, read from the installed XStatic-Leaflet package.

A map must open with no network, so the page carries Leaflet inline instead of
linking a CDN. Nothing third-party is copied into this repository: the files are
read at run time from the ``xstatic.pkg.leaflet`` wheel, and the few images the
CSS refers to become ``data:`` URIs so the page needs no sibling files either.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

import xstatic.pkg.leaflet as _xstatic_leaflet

LEAFLET_VERSION: str = _xstatic_leaflet.VERSION
_DATA_DIR = Path(_xstatic_leaflet.BASE_DIR)

# A source-map comment makes browser dev tools fetch a file that is not there.
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)
_CSS_URL = re.compile(r"url\((['\"]?)(images/[A-Za-z0-9_.-]+\.png)\1\)")
# Inside <script> or <style> only a closing tag of the same name ends the element.
_CLOSING_TAG = re.compile(r"</(script|style)", re.IGNORECASE)


def _read(name: str) -> str:
    return (_DATA_DIR / name).read_text(encoding="utf-8")


def _guard(text: str, name: str) -> str:
    if _CLOSING_TAG.search(text):
        # Never expected from Leaflet; refusing is safer than a page that breaks.
        raise RuntimeError(f"{name} contains a closing script/style tag; cannot inline it")
    return text


@cache
def leaflet_js() -> str:
    """Return Leaflet's minified JavaScript, ready to go inside a ``<script>`` element."""
    return _guard(_SOURCE_MAP.sub("", _read("leaflet.js")).rstrip() + "\n", "leaflet.js")


@cache
def leaflet_css() -> str:
    """Return Leaflet's CSS with its images as ``data:`` URIs, for a ``<style>`` element."""

    def inline(match: re.Match[str]) -> str:
        payload = base64.b64encode((_DATA_DIR / match[2]).read_bytes()).decode("ascii")
        return f'url("data:image/png;base64,{payload}")'

    return _guard(_CSS_URL.sub(inline, _read("leaflet.css")), "leaflet.css")
