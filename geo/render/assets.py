"""What the HTML map inlines: Leaflet, and geo's own script and style.

A map must open with no network, so the page carries its JavaScript and CSS
inline instead of linking a CDN. Nothing third-party is copied into this
repository: Leaflet is read at run time from the ``XStatic-Leaflet`` wheel,
and the few images its CSS refers to become ``data:`` URIs so the page needs no sibling
files either. geo's own code lives beside this module as real files, read as
package resources: ``js/mgrs.js`` (MGRS references), ``js/map.js`` (the map
runtime), ``js/helpers.js`` (the runtime's leaf helpers, kept apart so Node can
load and test them; see :func:`map_js`), ``js/fragment.js`` (what an embedded
map carries: it adds each style sheet and script only if the page lacks it),
``css/map.css`` (the map's style, every rule scoped to a ``.geo-root`` element)
and ``css/page.css`` (a standalone page around one map).

The runtime is the one piece of JavaScript that draws incidents: they come as
a compressed binary block of columns (:mod:`geo.render.incidents`), which it
clusters on a grid and draws on a canvas of its own at each redraw (incidents
at one position share a site), and every popup and tooltip is built on demand
with DOM nodes and ``textContent``, so article text is never parsed as HTML. It also
adds the legend, time filter, measuring tool, cursor coordinates and
full-screen button. The colours of its offline basemap match the print map's
(:mod:`geo.render.static`).
"""

from __future__ import annotations

import base64
import json
import re
import textwrap
from functools import cache
from importlib.resources import files
from pathlib import Path

import xstatic.pkg.leaflet as _xstatic_leaflet

LEAFLET_VERSION: str = _xstatic_leaflet.VERSION
_DATA_DIR = Path(_xstatic_leaflet.BASE_DIR)
_OWN = files(__package__)

# A source-map comment makes browser dev tools fetch a file that is not there.
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)
_CSS_URL = re.compile(r"url\((['\"]?)(images/[A-Za-z0-9_.-]+\.png)\1\)")
# Inside <script> or <style> only a closing tag of the same name ends the element.
_CLOSING_TAG = re.compile(r"</(script|style)|<!--", re.IGNORECASE)
# map.js names what helpers.js gives it in an ESLint "global" comment; the helpers go there.
_HELPERS_SLOT = re.compile(r"^  /\* global [^*]*\*/\n", re.MULTILINE)
# helpers.js opens with a comment for its readers, which the page does without.
_HEADER = re.compile(r"\A/\*.*?\*/\n+", re.DOTALL)


def _guard(text: str, name: str) -> str:
    if _CLOSING_TAG.search(text):
        # Never expected from these files; refusing is safer than a page that breaks.
        raise RuntimeError(f"{name} contains a closing script/style tag; cannot inline it")
    return text


def _own(name: str) -> str:
    """Return the text of one of geo's own assets (``js/...``, ``css/...``) in this package."""
    return _guard(_OWN.joinpath(name).read_text(encoding="utf-8"), name)


def _script(path: Path) -> str:
    return _guard(_SOURCE_MAP.sub("", path.read_text(encoding="utf-8")).rstrip() + "\n", path.name)


@cache
def leaflet_js() -> str:
    """Return Leaflet's minified JavaScript, ready to go inside a ``<script>`` element."""
    return _script(_DATA_DIR / "leaflet.js")


@cache
def leaflet_css() -> str:
    """Return Leaflet's CSS with its images as ``data:`` URIs, for a ``<style>`` element."""

    def inline(match: re.Match[str]) -> str:
        payload = base64.b64encode((_DATA_DIR / match[2]).read_bytes()).decode("ascii")
        return f'url("data:image/png;base64,{payload}")'

    text = (_DATA_DIR / "leaflet.css").read_text(encoding="utf-8")
    return _guard(_CSS_URL.sub(inline, text), "leaflet.css")


@cache
def mgrs_js() -> str:
    """Return geo's MGRS converter (``window.GeoMGRS``), written for geo."""
    return _own("js/mgrs.js")


def _runtime() -> str:
    """Return map.js with helpers.js inside it, in place of the comment that names them.

    The helpers were once part of map.js, in its function at that point; put back
    there (indented, less their opening comment) they make the same text as before,
    so every page stays as it was, and they share the runtime's scope.
    """
    runtime = _own("js/map.js")
    helpers = textwrap.indent(_HEADER.sub("", _own("js/helpers.js"), count=1), "  ")
    parts = _HELPERS_SLOT.split(runtime)
    if len(parts) != 2:
        raise RuntimeError("map.js must have exactly one '/* global ... */' comment for helpers.js")
    return parts[0] + helpers + parts[1]


@cache
def map_js() -> str:
    """Return geo's map runtime (``window.GeoMap``) with the MGRS converter it uses."""
    return mgrs_js() + "\n" + _runtime()


@cache
def map_css() -> str:
    """Return geo's map style, every rule scoped to a ``.geo-root`` element."""
    # The blank line first keeps the page as it was when the style was a Python string.
    return "\n" + _own("css/map.css")


def stylesheets() -> list[tuple[str, str]]:
    """Return the page's stylesheets as (element id, CSS) pairs, in the order they apply.

    The ids carry versions: a page holding two geo maps loads each sheet once.
    """
    return [
        (f"geo-css-leaflet-{LEAFLET_VERSION}", leaflet_css()),
        ("geo-css-map", map_css()),
    ]


@cache
def page_css() -> str:
    """Return the style of a standalone page around one map (the map fills the window)."""
    return _own("css/page.css")


def page_head_assets() -> str:
    """Return the ``<style>`` and ``<script>`` elements a standalone page's head carries."""
    styles = "".join(f'<style id="{key}">\n{css}</style>\n' for key, css in stylesheets())
    return f"{styles}<script>\n{leaflet_js()}</script>\n<script>\n{map_js()}</script>\n"


def _js_string(text: str) -> str:
    # Only inside JSON strings can these occur, so the escapes mean the same thing.
    return (
        json.dumps(text, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def fragment_assets() -> str:
    """Return one ``<script>`` that loads every asset unless the page already has it.

    For a map pasted into another page: a second geo map on that page (or a page
    that brings its own Leaflet) finds ``window.L``, ``window.GeoMap`` and the
    style sheets in place and leaves them alone.
    """
    sheets = ",".join(f"[{_js_string(key)},{_js_string(css)}]" for key, css in stylesheets())
    # js/fragment.js marks where the style sheets and scripts go with comments,
    # filled in one pass so nothing inserted is read as a slot.
    fill = {
        "/* @sheets */[]": f"[{sheets}]",
        "/* @leaflet */": leaflet_js(),
        "/* @runtime */\n": map_js(),
    }
    loader = _own("js/fragment.js")
    for slot in fill:
        if loader.count(slot) != 1:
            raise RuntimeError(f"js/fragment.js must have exactly one {slot.strip()!r}")
    slots = re.compile("|".join(re.escape(slot) for slot in fill))
    loader = slots.sub(lambda m: fill[m.group()], loader)
    return f"<script>\n{loader}</script>\n"
