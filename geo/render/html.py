"""The interactive map: one HTML page (or a fragment to paste into a report) per FeatureCollection.

The page is built from the GeoJSON contract of :mod:`geo.features` only and
must hold up to these demands:

* **Offline.** Leaflet and geo's own script are inlined
  (:mod:`geo.render.assets`); folium's CDN links are switched off per map
  instance (:mod:`geo.render.folium_map`). The default basemap is Natural
  Earth's countries (:mod:`geo.render.basemap_block`), drawn as vectors;
  OpenStreetMap and a satellite layer are offered too, and only they need the
  network.
* **Byte-identical.** Element ids come from a counter for the one render
  (:func:`geo.render.folium_map.deterministic_ids`). Each id starts with a
  short prefix hashed from everything the map shows, so two maps pasted into
  one report never share an id, and the same input still gives the same
  bytes, independent of other renders, threads or processes.
* **Hostile text.** Article text (place names, sentences, summaries, document
  names) reaches the page in two ways only: HTML-escaped and then JSON-encoded
  for a ``<script>`` (zones, places, header, legend; :mod:`geo.render.escape`),
  or as plain strings in the incidents' data block (binary, base64), which
  the map's script puts on screen with ``textContent``. It never goes through
  a template engine.
* **Scale.** Incidents are not folium objects: they go into the page as
  compressed binary columns (:mod:`geo.render.incidents`), which one script
  clusters and draws on a canvas of its own, building each popup only when it
  is opened. A million ACLED events make a page of about 82 MB; an export
  mapped alone has its block made from its columns (:mod:`geo.render.event_block`).

The pieces: :mod:`~geo.render.popups` (zone and place popups),
:mod:`~geo.render.incidents` (the data block), :mod:`~geo.render.panels`
(legend, time filter, tools, header), :mod:`~geo.render.folium_map` (the
Leaflet map itself) and :mod:`~geo.render.style` (colours and symbols, shared
with the print map). This module puts them on one page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from typing import TYPE_CHECKING

from geo.features import validate
from geo.render.assets import fragment_assets, page_css, page_head_assets
from geo.render.basemap_block import basemap_data
from geo.render.contract import Bounds, document_table, positions, with_geometry
from geo.render.escape import h, js
from geo.render.folium_map import (
    FIT_MAX_ZOOM,
    MAX_ZOOM,
    PERMANENT_LABELS_UP_TO,
    build,
    deterministic_ids,
    offset_wedge,
    render_parts,
    unwrapped,
)
from geo.render.incidents import incident_block
from geo.render.layout import Layout
from geo.render.panels import header_html, legend_html, time_html, tools_html
from geo.render.strings import DEFAULT_LANG, browser_strings, speaking

if TYPE_CHECKING:
    from geo.read.events import EventTable
from geo.render.style import zone_colours

DEFAULT_TITLE = "Incident map"

# folium's script finds the map's div by its id: inside the map's own root instead.
_MAP_BY_ID = re.compile(r'L\.map\(\s*"(?P<id>[\w-]+)"')


def runtime(layout: Layout, embed: bool, fit_max_zoom: int) -> dict:
    """Return the map script's options that follow the author's layout."""
    options: dict = {
        "fitMaxZoom": fit_max_zoom,
        # A page on its own is the reader's map; a fragment, or a page framed in a
        # report, lets the report scroll until the map is clicked.
        "scrollZoom": "always" if layout.scroll_zoom else "click" if embed else "top",
        "lang": layout.lang,
        "strings": browser_strings(layout.lang),
    }
    if layout.view is not None:
        lon, lat, zoom = layout.view
        options["view"] = [lat, lon, zoom]
    return options


def own_scope(script: str) -> str:
    """Return the map's script run in a scope of its own, finding its elements in its root.

    The same fragment pasted twice into one report has the same ids and the
    same variable names twice: at the page's top level the second script's
    ``let`` fails ("has already been declared") and its ``L.map("map_…")``
    would find the first map's div. In a function of its own, given the root
    element the script stands in, each copy declares its own names and finds
    its own elements.
    """
    script = _MAP_BY_ID.sub(
        lambda m: f"L.map(geoRoot.querySelector({js('#' + m['id'])})", script, count=1
    )
    script = script.replace("GeoMap.init(", "GeoMap.init(geoRoot,", 1)
    return f"(function (geoRoot) {{\n{script}}})(document.currentScript.parentNode);\n"


def render_html(
    collection: dict,
    *,
    title: str = DEFAULT_TITLE,
    embed: bool = False,
    layout: Layout | None = None,
    events: EventTable | None = None,
) -> str:
    """Return an HTML map of the zones, incidents and places of ``collection``.

    ``collection`` is a FeatureCollection in the contract of :mod:`geo.features`
    (validated here; an ``InputFormatError`` names the first bad feature).
    Features with a null geometry are not drawn. The result is a standalone
    page, or with ``embed=True`` a fragment (no html/head/body) to paste into a
    report: its element ids carry a prefix of its own, and it loads Leaflet and
    its styles only when the page does not have them yet, so several maps can
    share one page. The same input gives the same bytes, the map works without
    network (except the online basemaps), and every string from the collection
    is shown as text. The interface's words are in ``layout.lang``.

    ``events``, an ACLED export's table (``geo.read.events``), are drawn as the
    incidents instead of the collection's: the collection then holds none.
    """
    layout = layout or Layout()
    with speaking(layout.lang):
        return _render(collection, title, embed, layout, events)


def _render(
    collection: dict, title: str, embed: bool, layout: Layout, events: EventTable | None
) -> str:
    """Return the page or fragment (render_html's work, in the language set for it)."""
    validate(collection)
    zones = with_geometry(collection, "zone", ("Polygon", "MultiPolygon"))
    incidents = with_geometry(collection, "incident", ("Point",))
    places = with_geometry(collection, "place", ("Point",))
    docs = document_table(collection)
    if events is not None:
        if incidents:
            raise ValueError("incidents come as features or as an event table, not both")
        from geo.render.event_block import event_block

        block = event_block(events, docs)
        cited = [events.source] if len(events) else []
    else:
        block = incident_block(incidents, docs)
        cited = []
    colours = zone_colours(zones)
    zone_shapes = [unwrapped(z["geometry"], z["properties"].get("center_lonlat")) for z in zones]
    # The first view frames what happened: the zones, incidents and offset
    # positions, not the city a report was filed from or a capital named in
    # passing (those stay on the map, a zoom out away). A map of places only
    # frames them all. The basemap's detail covers everything drawn.
    story = Bounds()
    for shape in zone_shapes:
        story.extend(positions(shape))
    story.extend(block.corners)
    for f in places:
        wedge = offset_wedge(f["properties"])
        if wedge is not None:
            story.extend(positions(wedge))
    bounds = dataclasses.replace(story)
    for f in places:
        bounds.extend(positions(f["geometry"]))
    framed = bounds if story.empty else story
    fit_max_zoom = FIT_MAX_ZOOM
    if layout.bounds is not None:
        west, south, east, north = layout.bounds
        framed = Bounds(south=south, west=west, north=north, east=east, empty=False)
        fit_max_zoom = MAX_ZOOM  # the author's frame, however small
    labelled = places if len(places) <= PERMANENT_LABELS_UP_TO else []
    basemap = basemap_data(
        bounds,
        [f["geometry"]["coordinates"][:2] for f in places],
        [
            (*f["geometry"]["coordinates"][:2], str(f["properties"].get("name") or ""))
            for f in labelled
        ],
    )
    header = header_html(
        collection, title, "h2" if embed else "h1", zones, incidents, places, docs, cited
    )
    offsets = sum(1 for f in places if isinstance(f["properties"].get("offset"), dict))
    legend = legend_html(block, zones, colours, len(places), docs, offsets)
    parts = legend + time_html(block) + tools_html()

    # Ids start with a hash of everything shown: stable for one input, distinct
    # for two maps pasted into one report.
    digest = hashlib.sha256()
    shown = json.dumps(
        [zone_shapes, [f["properties"] for f in zones + places]], sort_keys=True, default=str
    )
    for piece in (title, *(part for _, part in block.ready().parts), basemap, header, parts, shown):
        digest.update(piece.encode("utf-8"))
        digest.update(b"\0")
    prefix = digest.hexdigest()[:8]
    root_id = f"geo-{prefix}"

    with deterministic_ids(prefix):
        fmap = build(
            zones,
            zone_shapes,
            colours,
            places,
            block,
            framed,
            docs,
            root_id,
            runtime(layout, embed, fit_max_zoom),
        )
        map_html, script = render_parts(fmap)
    data_blocks = (
        f'<script type="application/json" class="geo-data-basemap">{basemap}</script>\n'
        + block.script_elements()
    )
    body = (
        f'{header}{map_html}\n<div class="geo-parts" hidden>{parts}</div>\n'
        f"{data_blocks}<script>\n{own_scope(script)}</script>\n"
    )
    if layout.caption:
        body += f'<p class="geo-user-caption">{h(layout.caption)}</p>\n'
    style = f' style="height: {h(layout.height)}"' if layout.height else ""
    lang = f' lang="{h(layout.lang)}"' if layout.lang != DEFAULT_LANG else ""
    if embed:
        return (
            f'<div class="geo-root geo-embed" id="{root_id}"{lang}{style}>\n'
            f"{fragment_assets()}{body}</div>\n"
        )
    return (
        f'<!DOCTYPE html>\n<html lang="{h(layout.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{h(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{page_head_assets()}<style>{page_css()}</style>\n</head>\n<body>\n"
        f'<div class="geo-root geo-page" id="{root_id}"{style}>\n{body}</div>\n</body>\n</html>\n'
    )
