"""The map's panels and header: legend, time filter, tools, title, findings and caption.

Each is HTML built here from escaped text; the page hides them until the map's
script has placed them on the map as Leaflet controls.
"""

from __future__ import annotations

from geo.features import documents_of, finite_number, spans_of
from geo.render.basemap import ATTRIBUTION as BASEMAP_ATTRIBUTION
from geo.render.basemap import TOWNS_ATTRIBUTION
from geo.render.contract import (
    Document,
    as_text,
    review_reason,
    undated_documents,
    undated_phrase,
    unplaced_facilities,
    unplaced_zones,
    zone_radius,
)
from geo.render.dates import iso
from geo.render.escape import h
from geo.render.incidents import HISTOGRAM_BARS, IncidentBlock
from geo.render.popups import cite_html, zone_preposition
from geo.render.style import INCIDENT_COLOUR, PLACE_COLOUR, SHAPES

CAPTION_DOCUMENTS = 6  # more sources than this are counted, not listed, in the caption


def _symbol_svg(shape: str, fill: str, size: int = 16, stroke: str = "#ffffff") -> str:
    points = SHAPES[shape]
    body = (
        f'<polygon points="{" ".join(f"{x},{y}" for x, y in points)}"/>'
        if points
        else '<circle r="1.1"/>'
    )
    return (
        f'<svg viewBox="-1.6 -1.6 3.2 3.2" width="{size}" height="{size}" aria-hidden="true">'
        f'<g fill="{fill}" stroke="{stroke}" stroke-width="0.3">{body}</g></svg>'
    )


def _ring_svg(colour: str) -> str:
    return (
        f'<svg viewBox="0 0 18 18" width="16" height="16" aria-hidden="true"><circle cx="9" '
        f'cy="9" r="7" fill="{colour}" fill-opacity="0.15" stroke="{colour}" '
        'stroke-width="2"/></svg>'
    )


def legend_html(
    block: IncidentBlock,
    zones: list[dict],
    colours: list[str],
    places: int,
    docs: dict[str, Document],
    offsets: int = 0,
) -> str:
    """Return the legend: incident symbols by type, places, and each zone with its sources.

    ``offsets``: how many places are positions given as offsets (drawn with a wedge).
    """
    parts = []
    if block.count:
        items = "".join(
            f'<li data-geo-type="{index}" title="Click to hide or show these incidents">'
            f"{_symbol_svg(shape, colour)}<span>{h(name)} "
            f'<span class="geo-count">({count:,})</span></span></li>'
            for name, count, shape, colour, index in block.types
        )
        if block.mixed_sites:
            items += (
                f"<li>{_symbol_svg('circle', INCIDENT_COLOUR)}<span>several types at "
                "one place</span></li>"
            )
        if block.shared_sites:
            items += (
                f"<li>{_symbol_svg(block.types[0][2], block.types[0][3], size=21)}"
                "<span>larger: several incidents at one place</span></li>"
            )
        items += (
            '<li><svg viewBox="0 0 18 18" width="16" height="16" aria-hidden="true">'
            '<circle cx="9" cy="9" r="8" fill="#c0392b" fill-opacity="0.28"/>'
            '<circle cx="9" cy="9" r="5.5" fill="#c0392b"/></svg><span>nearby incidents '
            "grouped (their number); click to zoom in</span></li>"
        )
        parts.append(
            f'<div data-geo-legend="incidents"><h4>Incidents ({block.count:,})</h4>'
            f"<ul>{items}</ul></div>"
        )
    if places:
        parts.append(
            f'<div data-geo-legend="places"><h4>Places ({places:,})</h4><ul><li>'
            f"{_symbol_svg('circle', '#ffffff', stroke=PLACE_COLOUR)}"
            "<span>a place the reports name</span></li>"
            + (
                '<li><svg viewBox="0 0 18 18" width="16" height="16" aria-hidden="true">'
                f'<path d="M2 3 A14 14 0 0 1 16 3 L12 15 A8 8 0 0 0 6 15 Z" fill="{PLACE_COLOUR}" '
                f'fill-opacity="0.08" stroke="{PLACE_COLOUR}" stroke-width="1.2" '
                'stroke-dasharray="3 2"/></svg><span>where a position given as distance and '
                "direction from a place may lie</span></li>"
                if offsets
                else ""
            )
            + "</ul></div>"
        )
    if zones:
        order = sorted(
            range(len(zones)),
            key=lambda i: (
                str(zones[i]["properties"].get("center")),
                finite_number(zones[i]["properties"].get("radius_m")) or 0.0,
            ),
        )
        items = ""
        for i in order:
            props = zones[i]["properties"]
            cited = "; ".join(cite_html(d, docs) for d in documents_of(spans_of(props, "sources")))
            items += (
                f'<li data-geo-legend="zone-{i}">{_ring_svg(colours[i])}'
                f"<span>{h(zone_radius(props))} "
                f"{zone_preposition(props)} "
                f"{h(props.get('center') or 'unknown centre')}"
                f"<cite>{cited or 'no source'}</cite></span></li>"
            )
        # Rings around a point, strips along a border or river, bands off a coast.
        drawn = {
            "ring" if zone_preposition(zones[i]["properties"]) == "around" else "strip"
            for i in order
        }
        noun = "ring" if drawn == {"ring"} else "strip" if drawn == {"strip"} else "zone"
        parts.append(f"<h4>Zones: each {noun} as a source reports it</h4><ul>{items}</ul>")
    return (
        '<section class="geo-legend geo-panel" aria-label="Legend"><details open>'
        f"<summary>Legend</summary>{''.join(parts)}</details></section>"
    )


def time_html(block: IncidentBlock) -> str:
    """Return the time filter (histogram and range), or nothing when the dates span one day."""
    if block.first_day is None or block.last_day is None or block.last_day <= block.first_day:
        return ""
    first, last = block.first_day, block.last_day
    top = max(block.histogram) or 1
    width = (last - first + 1) / HISTOGRAM_BARS
    bars = "".join(
        f'<rect x="{i + 0.1:g}" y="{20 - bar:.2f}" width="0.8" height="{bar:.2f}" '
        f'data-from="{first + int(i * width)}" data-to="{first + int((i + 1) * width) - 1}"/>'
        for i, n in enumerate(block.histogram)
        for bar in [max(20 * n / top, 0.6) if n else 0.0]
    )
    undated = (
        f" {block.undated:,} undated incident{'s are' if block.undated != 1 else ' is'} "
        "always shown."
        if block.undated
        else ""
    )
    slider = f'type="range" min="{first}" max="{last}" step="1"'
    return (
        '<section class="geo-time geo-panel" aria-label="Time filter">'
        f'<div class="geo-time-head"><span><span class="geo-time-from">{iso(first)}</span> '
        f'to <span class="geo-time-to">{iso(last)}</span></span>'
        '<span class="geo-time-count"></span></div>'
        f'<svg class="geo-time-hist" viewBox="0 0 {HISTOGRAM_BARS} 20" '
        f'preserveAspectRatio="none" aria-hidden="true">{bars}</svg>'
        f'<div class="geo-range"><input class="geo-time-lo" {slider} value="{first}" '
        f'aria-label="From date"><input class="geo-time-hi" {slider} value="{last}" '
        'aria-label="To date"></div>'
        '<div class="geo-time-note"><span>A month or year date counts for its whole period.'
        f'{undated}</span><button type="button" class="geo-time-reset">All dates</button></div>'
        "</section>"
    )


_FULLSCREEN_ICON = (
    '<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true"><path d="M3 8V3h5M12 '
    '3h5v5M17 12v5h-5M8 17H3v-5" fill="none" stroke="currentColor" stroke-width="2"/></svg>'
)
_RULER_ICON = (
    '<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true"><path d="M2 13 13 2l5 '
    '5L7 18z M5 10l2 2 M8 7l2 2 M11 4l2 2" fill="none" stroke="currentColor" '
    'stroke-width="1.6"/></svg>'
)


def tools_html() -> str:
    """Return the full-screen and measuring buttons, the measure readout and coordinates."""
    return (
        '<div class="geo-tools leaflet-bar">'
        f'<a href="#" role="button" class="geo-fullscreen" title="Full screen" '
        f'aria-label="Full screen">{_FULLSCREEN_ICON}</a>'
        f'<a href="#" role="button" class="geo-measure" title="Measure distances" '
        f'aria-label="Measure distances">{_RULER_ICON}</a></div>'
        '<div class="geo-measure-readout geo-panel" aria-live="polite"></div>'
        '<div class="geo-coords geo-panel">Point at the map: degrees and MGRS</div>'
    )


def findings_html(collection: dict) -> str:
    """Return the collection's findings (sources that disagree) as header lines."""
    meta = collection.get("geo")
    findings = meta.get("findings") if isinstance(meta, dict) else None
    if not isinstance(findings, list):
        return ""
    lines = []
    for f in findings:
        if isinstance(f, dict) and f.get("text"):
            lead = "<b>Sources agree.</b> " if f.get("agree") else "<b>Sources differ.</b> "
            lines.append(f'<p class="geo-finding">{lead}{h(f["text"])}</p>')
    return "".join(lines) + review_html(collection)


def review_html(collection: dict) -> str:
    """Return a line for each zone the map cannot draw because its centre is not known.

    A zone whose centre the report does not make clear is kept in the
    collection without a ring ("centre needs review"); the map says so
    rather than leave it out silently or draw it on the wrong place.
    """
    lines = []
    for f in unplaced_zones(collection):
        props = f["properties"]
        reported = props.get("reported")
        said = (reported.get("text") if isinstance(reported, dict) else None) or zone_radius(props)
        cited = ", ".join(h(d) for d in documents_of(spans_of(props, "sources"))) or "no source"
        lines.append(
            f'<p class="geo-finding"><b>Centre needs review.</b> A zone of “{h(said)}” '
            f"({cited}) is not drawn: {h(review_reason(props))}.</p>"
        )
    for doc, n in undated_documents(collection):
        lines.append(
            f'<p class="geo-finding"><b>No date.</b> “{h(doc)}” gives no date (in its text, '
            f"metadata.csv or --date): {undated_phrase(n)}.</p>"
        )
    for name in unplaced_facilities(collection):
        lines.append(
            f'<p class="geo-finding"><b>Place needs review.</b> “{h(name)}” is not in the '
            "gazetteer: it and what happened there are not drawn (nor put on the town it is "
            "named after).</p>"
        )
    return "".join(lines)


def caption(
    collection: dict,
    zones: list[dict],
    incidents: list[dict],
    places: list[dict],
    docs: dict[str, Document],
) -> str:
    """Return the caption: the sources cited, then every data attribution the map needs."""
    spans = [s for f in zones + incidents for s in spans_of(f["properties"], "sources")]
    spans += [s for f in places for s in spans_of(f["properties"], "mentions")]
    cited = set(documents_of(spans))
    # The collection's own order of documents first, then any it does not describe.
    names = [n for n in docs if n in cited] + [n for n in documents_of(spans) if n not in docs]
    parts = []
    if names:
        shown = "; ".join(cite_html(n, docs) for n in names[:CAPTION_DOCUMENTS])
        more = len(names) - CAPTION_DOCUMENTS
        parts.append(f"Sources: {shown}" + (f"; and {more:,} more" if more > 0 else "") + ".")
    parts.append(h(BASEMAP_ATTRIBUTION) + "; " + h(TOWNS_ATTRIBUTION) + ".")
    meta = collection.get("geo")
    credits = meta.get("attribution") if isinstance(meta, dict) else None
    credits = [str(c) for c in credits if as_text(c)] if isinstance(credits, list) else []
    parts += [h(c.rstrip(".")) + "." for c in dict.fromkeys(credits)]
    uses_geonames = any(
        str(f["properties"].get("gazetteer_id") or "").startswith("geonames:") for f in places
    )
    if uses_geonames and not any("geonames" in c.lower() for c in credits):
        parts.append("Place coordinates: GeoNames (geonames.org), CC BY 4.0.")
    parts.append(
        "Online layers only: map data © OpenStreetMap contributors; imagery © Esri "
        "and its providers."
    )
    return " ".join(parts)


def header_html(
    collection: dict,
    title: str,
    heading: str,
    zones: list[dict],
    incidents: list[dict],
    places: list[dict],
    docs: dict[str, Document],
) -> str:
    """Return the map's header: its title (in a ``heading`` element), findings and caption."""
    return (
        f'<header class="geo-header"><{heading} class="geo-title">{h(title)}</{heading}>'
        f'{findings_html(collection)}<p class="geo-caption">'
        f"{caption(collection, zones, incidents, places, docs)}</p></header>\n"
    )
