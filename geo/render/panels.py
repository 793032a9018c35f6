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
from geo.render.popups import ZONE_NAME, cite_html, zone_preposition
from geo.render.strings import words
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
    w = words()
    parts = []
    if block.count:
        toggle = h(w("typeToggle"))
        items = "".join(
            f'<li data-geo-type="{index}" title="{toggle}">'
            f"{_symbol_svg(shape, colour)}<span>{h(name)} "
            f'<span class="geo-count">({w.number(count)})</span></span></li>'
            for name, count, shape, colour, index in block.types
        )
        if block.mixed_sites:
            items += (
                f"<li>{_symbol_svg('circle', INCIDENT_COLOUR)}<span>{h(w('severalTypes'))}"
                "</span></li>"
            )
        if block.shared_sites:
            items += (
                f"<li>{_symbol_svg(block.types[0][2], block.types[0][3], size=21)}"
                f"<span>{h(w('largerMarker'))}</span></li>"
            )
        if block.fatalities:
            # The map's script sizes a site by its dead too (log scale) where the data counts them.
            items += (
                f"<li>{_symbol_svg(block.types[0][2], block.types[0][3], size=24)}"
                f"<span>{h(w('largerDead'))}</span></li>"
            )
        items += (
            '<li><svg viewBox="0 0 18 18" width="16" height="16" aria-hidden="true">'
            '<circle cx="9" cy="9" r="8" fill="#c0392b" fill-opacity="0.28"/>'
            f'<circle cx="9" cy="9" r="5.5" fill="#c0392b"/></svg><span>{h(w("clustered"))}'
            "</span></li>"
        )
        parts.append(
            f'<div data-geo-legend="incidents"><h4>{h(w.n("incidentsCount", block.count))}</h4>'
            f"<ul>{items}</ul></div>"
        )
    if places:
        parts.append(
            f'<div data-geo-legend="places"><h4>{h(w.n("placesCount", places))}</h4><ul><li>'
            f"{_symbol_svg('circle', '#ffffff', stroke=PLACE_COLOUR)}"
            f"<span>{h(w('placeItem'))}</span></li>"
            + (
                '<li><svg viewBox="0 0 18 18" width="16" height="16" aria-hidden="true">'
                f'<path d="M2 3 A14 14 0 0 1 16 3 L12 15 A8 8 0 0 0 6 15 Z" fill="{PLACE_COLOUR}" '
                f'fill-opacity="0.08" stroke="{PLACE_COLOUR}" stroke-width="1.2" '
                f'stroke-dasharray="3 2"/></svg><span>{h(w("offsetItem"))}</span></li>'
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
            named = w(
                ZONE_NAME[zone_preposition(props)],
                radius=h(zone_radius(props)),
                centre=h(props.get("center") or w("unknownCentre")),
            )
            items += (
                f'<li data-geo-legend="zone-{i}">{_ring_svg(colours[i])}'
                f"<span>{named}<cite>{cited or h(w('noSource'))}</cite></span></li>"
            )
        # Rings around a point, strips along a border or river, bands off a coast.
        drawn = {
            "ring" if zone_preposition(zones[i]["properties"]) == "around" else "strip"
            for i in order
        }
        noun = "ring" if drawn == {"ring"} else "strip" if drawn == {"strip"} else "zone"
        parts.append(f"<h4>{h(w('zonesHeading_' + noun))}</h4><ul>{items}</ul>")
    legend = h(w("legend"))
    return (
        f'<section class="geo-legend geo-panel" aria-label="{legend}"><details open>'
        f"<summary>{legend}</summary>{''.join(parts)}</details></section>"
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
    w = words()
    undated = " " + h(w.n("undatedShown", block.undated)) if block.undated else ""
    slider = f'type="range" min="{first}" max="{last}" step="1"'
    span = w(
        "timeRange",
        **{
            "from": f'<span class="geo-time-from">{iso(first)}</span>',
            "to": f'<span class="geo-time-to">{iso(last)}</span>',
        },
    )
    return (
        f'<section class="geo-time geo-panel" aria-label="{h(w("timeFilter"))}">'
        f'<div class="geo-time-head"><span>{span}</span>'
        '<span class="geo-time-count"></span></div>'
        f'<svg class="geo-time-hist" viewBox="0 0 {HISTOGRAM_BARS} 20" '
        f'preserveAspectRatio="none" aria-hidden="true">{bars}</svg>'
        f'<div class="geo-range"><input class="geo-time-lo" {slider} value="{first}" '
        f'aria-label="{h(w("fromDate"))}"><input class="geo-time-hi" {slider} value="{last}" '
        f'aria-label="{h(w("toDate"))}"></div>'
        f'<div class="geo-time-note"><span>{h(w("wholePeriod"))}'
        f'{undated}</span><button type="button" class="geo-time-reset">{h(w("allDates"))}'
        "</button></div></section>"
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
    w = words()
    full, ruler = h(w("fullScreen")), h(w("measureTool"))
    return (
        '<div class="geo-tools leaflet-bar">'
        f'<a href="#" role="button" class="geo-fullscreen" title="{full}" '
        f'aria-label="{full}">{_FULLSCREEN_ICON}</a>'
        f'<a href="#" role="button" class="geo-measure" title="{ruler}" '
        f'aria-label="{ruler}">{_RULER_ICON}</a></div>'
        '<div class="geo-measure-readout geo-panel" aria-live="polite"></div>'
        f'<div class="geo-coords geo-panel">{h(w("coordsHint"))}</div>'
    )


def findings_html(collection: dict) -> str:
    """Return the collection's findings (sources that disagree) as header lines."""
    meta = collection.get("geo")
    findings = meta.get("findings") if isinstance(meta, dict) else None
    if not isinstance(findings, list):
        return ""
    w = words()
    lines = []
    for f in findings:
        if isinstance(f, dict) and f.get("text"):
            lead = f"<b>{h(w('sourcesAgree' if f.get('agree') else 'sourcesDiffer'))}</b> "
            lines.append(f'<p class="geo-finding">{lead}{h(f["text"])}</p>')
    return "".join(lines) + review_html(collection)


def review_html(collection: dict) -> str:
    """Return a line for each zone the map cannot draw because its centre is not known.

    A zone whose centre the report does not make clear is kept in the
    collection without a ring ("centre needs review"); the map says so
    rather than leave it out silently or draw it on the wrong place.
    """
    w = words()
    lines = []
    for f in unplaced_zones(collection):
        props = f["properties"]
        reported = props.get("reported")
        said = (reported.get("text") if isinstance(reported, dict) else None) or zone_radius(props)
        cited = ", ".join(h(d) for d in documents_of(spans_of(props, "sources")))
        line = w(
            "zoneNotDrawn",
            said=h(said),
            cited=cited or h(w("noSource")),
            reason=h(review_reason(props)),
        )
        lines.append(f'<p class="geo-finding"><b>{h(w("centreNeedsReview"))}</b> {line}</p>')
    for doc, n in undated_documents(collection):
        line = w("docUndated", doc=h(doc), count=h(undated_phrase(n)))
        lines.append(f'<p class="geo-finding"><b>{h(w("noDate"))}</b> {line}</p>')
    for name in unplaced_facilities(collection):
        line = w("notInGazetteer", name=h(name))
        lines.append(f'<p class="geo-finding"><b>{h(w("placeNeedsReview"))}</b> {line}</p>')
    return "".join(lines)


def caption(
    collection: dict,
    zones: list[dict],
    incidents: list[dict],
    places: list[dict],
    docs: dict[str, Document],
    also_cited: list[str] | None = None,
) -> str:
    """Return the caption: the sources cited, then every data attribution the map needs.

    ``also_cited``: documents cited by what is not among the features (events).
    """
    spans = [s for f in zones + incidents for s in spans_of(f["properties"], "sources")]
    spans += [s for f in places for s in spans_of(f["properties"], "mentions")]
    named = list(dict.fromkeys([*documents_of(spans), *(also_cited or [])]))
    cited = set(named)
    # The collection's own order of documents first, then any it does not describe.
    names = [n for n in docs if n in cited] + [n for n in named if n not in docs]
    w = words()
    parts = []
    if names:
        shown = "; ".join(cite_html(n, docs) for n in names[:CAPTION_DOCUMENTS])
        more = len(names) - CAPTION_DOCUMENTS
        parts.append(
            w.n("captionSourcesMore", more, list=shown)
            if more > 0
            else w("captionSources", list=shown)
        )
    parts.append(
        h(w("basemapCredit", credit=_credit(BASEMAP_ATTRIBUTION)))
        + "; "
        + h(w("townsCredit", credit=_credit(TOWNS_ATTRIBUTION)))
        + "."
    )
    meta = collection.get("geo")
    credits = meta.get("attribution") if isinstance(meta, dict) else None
    credits = [str(c) for c in credits if as_text(c)] if isinstance(credits, list) else []
    parts += [h(c.rstrip(".")) + "." for c in dict.fromkeys(credits)]
    uses_geonames = any(
        str(f["properties"].get("gazetteer_id") or "").startswith("geonames:") for f in places
    )
    if uses_geonames and not any("geonames" in c.lower() for c in credits):
        parts.append(h(w("geonamesCredit", credit="GeoNames (geonames.org), CC BY 4.0")))
    parts.append(h(w("onlineCredit", osm=w("osmContributors"), esri=w("esriProviders"))))
    return " ".join(parts)


def _credit(attribution: str) -> str:
    """Return an attribution without its "Basemap: " lead: what is credited, and its licence."""
    return attribution.split(": ", 1)[-1]


def header_html(
    collection: dict,
    title: str,
    heading: str,
    zones: list[dict],
    incidents: list[dict],
    places: list[dict],
    docs: dict[str, Document],
    also_cited: list[str] | None = None,
) -> str:
    """Return the map's header: its title (in a ``heading`` element), findings and caption."""
    return (
        f'<header class="geo-header"><{heading} class="geo-title">{h(title)}</{heading}>'
        f'{findings_html(collection)}<p class="geo-caption">'
        f"{caption(collection, zones, incidents, places, docs, also_cited)}</p></header>\n"
    )
