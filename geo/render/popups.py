"""HTML of the map's popups, tooltips and layer names: the zones' and places' own, as text.

(The incidents' popups are built in the browser from their data block, see
:mod:`geo.render.incidents`; the sentences and zone lines they show are cut here.)
"""

from __future__ import annotations

from typing import Any

from geo.features import finite_number, spans_of
from geo.render.contract import Document, as_text, zone_preposition
from geo.render.escape import h
from geo.render.strings import words


def _sentence_html(span: dict) -> str:
    """Return a source sentence as HTML, with its triggering words (``match``) marked."""
    text = "" if span.get("text") is None else str(span["text"])
    lo, hi = match_offsets(span, text)
    if lo >= 0:
        return f"{h(text[:lo])}<mark>{h(text[lo:hi])}</mark>{h(text[hi:])}"
    return h(text)


def match_offsets(span: dict, text: str) -> tuple[int, int]:
    """Return where ``match`` lies in the span's text, or (-1, -1) when it does not fit."""
    match, start = span.get("match"), span.get("start")
    if isinstance(match, dict) and isinstance(start, int):
        m_start, m_end = match.get("start"), match.get("end")
        if isinstance(m_start, int) and isinstance(m_end, int):
            lo, hi = m_start - start, m_end - start
            if 0 <= lo < hi <= len(text) and text[lo:hi] == match.get("text", text[lo:hi]):
                return lo, hi
    return -1, -1


def cite_html(name: str, docs: dict[str, Document], outlet: Any = None) -> str:
    """Return the citation of document ``name``: outlet, name, date and a link when known."""
    doc = docs.get(name, Document(name))
    parts = [h(p) for p in (as_text(outlet) or doc.outlet, name, doc.published) if p]
    link = (
        f' · <a href="{h(doc.url)}" target="_blank" rel="noopener noreferrer">'
        f"{h(words()('link'))}</a>"
        if doc.url
        else ""
    )
    return " · ".join(parts) + link


def _sources_html(spans: list[dict], docs: dict[str, Document]) -> str:
    w = words()
    if not spans:
        return f'<p class="geo-none">{h(w("noSourceSentence"))}</p>'
    unknown = w("unknownDocument")
    items = "".join(
        f"<li><q>{_sentence_html(s)}</q> <cite>"
        f"{cite_html(str(s.get('document') or unknown), docs, s.get('outlet'))}"
        "</cite></li>"
        for s in spans
    )
    label = h(w.n("sources", len(spans)))
    return f'<p class="geo-label">{label}</p><ol class="geo-sources">{items}</ol>'


def _row(label: str, value_html: str) -> str:
    return f"<tr><th>{label}</th><td>{value_html}</td></tr>"


def swatch(colour: str) -> str:
    """Return a small square of ``colour`` to put before a layer's name."""
    return f'<span class="geo-swatch" style="background:{colour}"></span>'


def zone_popup(props: dict, radius: str, docs: dict[str, Document]) -> str:
    """Return the popup of a zone: radius, reported words, centre, comparisons and sources."""
    w = words()
    reported = props.get("reported")
    reported_text = reported.get("text") if isinstance(reported, dict) else None
    rows = _row(h(w("radius")), h(radius))
    if reported_text:
        rows += _row(h(w("reported")), f"<q>{h(reported_text)}</q>")
    centre = h(props.get("center") or w("unknown"))
    rows += _row(h(w("centre")), centre)
    inside = finite_number(props.get("incidents_inside"))
    if inside is not None:
        rows += _row(h(w("incidentsInside")), h(w.numbers(f"{inside:.0f}")))
    notes = [c.get("note") for c in props.get("comparison") or [] if isinstance(c, dict)]
    notes_html = "".join(f'<p class="geo-finding">{h(n)}</p>' for n in notes if n)
    rows += _row(h(w("compared")), notes_html) if notes_html else ""
    title = w(ZONE_TITLE[zone_preposition(props)], centre=centre)
    return (
        f'<div class="geo-popup"><h3>{title}</h3>'
        f"<table>{rows}</table>{_sources_html(spans_of(props, 'sources'), docs)}</div>"
    )


# The phrases a zone is named by, by how it lies (zone_preposition).
ZONE_TITLE = {"around": "zoneTitleAround", "along": "zoneTitleAlong"}
ZONE_NAME = {"around": "zoneAround", "along": "zoneAlong"}


def km(metres: float) -> str:
    """Return a distance in km: one decimal under 100 km, none from there ("21.3 km")."""
    kilometres = metres / 1000
    return words().number(kilometres, 1 if kilometres < 100 else 0) + " km"


def zone_lines(zones: Any, not_listed: int = 0) -> list[str]:
    """Return "21 km from X: inside the 55 km zone, outside the 88.5 km zone" per centre.

    ``not_listed``: how many more zones lie near that the extraction did not list.
    """
    if not isinstance(zones, list):
        return []
    w = words()
    by_centre: dict[str, list[tuple[float, float, str]]] = {}
    for z in zones:
        if not isinstance(z, dict):
            continue
        distance = finite_number(z.get("distance_m"))
        if distance is not None:
            label = w.numbers(str(z.get("label") or ""))
            state = w("insideZone" if z.get("inside") else "outsideZone", label=label)
            by_centre.setdefault(str(z.get("center") or w("unknownCentre")), []).append(
                (finite_number(z.get("radius_m")) or 0.0, distance, state)
            )
    lines = []
    for centre, items in by_centre.items():
        items.sort(key=lambda item: item[0])
        states = ", ".join(item[2] for item in items)
        lines.append(w("zoneLine", distance=km(items[0][1]), centre=centre, states=states))
    if not_listed > 0:
        lines.append(w.n("zonesNotListed", not_listed))
    return lines


def place_tooltip(props: dict) -> str:
    """Return a place's tooltip: its name, country and how often the reports mention it."""
    w = words()
    count = len(spans_of(props, "mentions"))
    country = f" ({h(props['country'])})" if props.get("country") else ""
    name = h(props.get("name") or w("unnamedPlace"))
    return f"<b>{name}</b>{country}<br>{h(w.n('mentioned', count))}"


def offset_tooltip(props: dict) -> str:
    """Return an offset wedge's tooltip: what was written, and how sure each part of it is."""
    w = words()
    offset = props["offset"]
    reported = offset.get("reported") or {}
    said = h(reported.get("text") or props.get("name") or "")
    spread = offset.get("uncertainty") or {}
    reach = finite_number(props.get("uncertainty_m"))
    within = h(w("offsetWithin", d=km(reach)) if reach else w("offsetUncertain"))
    bearing = w.numbers(f"{finite_number(spread.get('bearing_deg')) or 0:g}")
    parts = [
        h(w("offsetBearing", deg=bearing)),
        h(w("offsetDistance", d=km(finite_number(spread.get("distance_m")) or 0.0))),
        w(
            "offsetReference",
            place=h(offset.get("reference") or w("offsetTheplace")),
            d=h(km(finite_number(spread.get("reference_extent_m")) or 0.0)),
        ),
    ]
    tip = w("offsetTip", within=within, parts=", ".join(parts))
    return f"<b>{w('quoted', text=said)}</b><br>{tip}"


def unique(name: str, taken: set[str]) -> str:
    """Return ``name``, numbered if needed: the layer control keys layers by name."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name} ({n})"
    taken.add(candidate)
    return candidate
