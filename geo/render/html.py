"""The interactive map: one standalone HTML page (folium/Leaflet) per FeatureCollection.

The page is built from the GeoJSON contract of :mod:`geo.features` only and
must hold up to three demands:

* **Offline.** Leaflet's JS and CSS are inlined from XStatic-Leaflet
  (:mod:`geo.render.assets`); folium's CDN links are switched off per map
  instance. Only the OpenStreetMap basemap tiles need the network.
* **Byte-identical.** branca gives every element a random id. The folium
  classes used here override branca's ``_generate_id`` hook to draw ids from a
  counter that lives in a :class:`~contextvars.ContextVar` for the duration of
  one :func:`render_html` call, so ids are ``1, 2, 3...`` in build order,
  independent of other renders, threads or processes, and nothing global is
  patched.
* **Hostile text.** Article text (place names, sentences, summaries, document
  names) reaches the page only HTML-escaped and then JSON-encoded for a
  ``<script>``. It never goes through folium's ``Popup``/``Tooltip`` (raw HTML
  inside a JavaScript template literal) nor through a Jinja template: branca
  compiles each rendered script snippet as a template again, so ``{{ ... }}``
  in an article would otherwise be evaluated in Python.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import folium
import shapely
import shapely.geometry
from branca.element import Element, Figure, MacroElement

from geo.features import round_coords, validate
from geo.render.assets import leaflet_css, leaflet_js
from geo.units import format_distance

DEFAULT_TITLE = "Incident map"

# Distinct, colour-blind-friendly hues (Okabe-Ito plus two); red is kept for
# incidents so a zone never looks like an incident.
ZONE_PALETTE = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7a5195", "#8c6d31",
)
INCIDENT_COLOUR = "#c0392b"
PLACE_COLOUR = "#333333"
FIT_MAX_ZOOM = 12  # a lone point should not zoom to street level
POPUP_OPTIONS = {"maxWidth": 380, "maxHeight": 320}
PERMANENT_LABELS_UP_TO = 30  # more place names than this crowd the map

# --------------------------------------------------------------------------
# Deterministic element ids
# --------------------------------------------------------------------------

_id_counter: ContextVar[Iterator[int] | None] = ContextVar("geo_render_ids", default=None)


@contextmanager
def _deterministic_ids() -> Iterator[None]:
    """Give elements built inside the block the ids 1, 2, 3... (this context only)."""
    token = _id_counter.set(itertools.count(1))
    try:
        yield
    finally:
        _id_counter.reset(token)


class _CountedIds:
    """Mixin: draw the branca element id from the render's counter when there is one."""

    @classmethod
    def _generate_id(cls) -> str:
        counter = _id_counter.get()
        if counter is None:  # built outside render_html: keep branca's behaviour
            return super()._generate_id()  # type: ignore[misc]
        return str(next(counter))


class _Map(_CountedIds, folium.Map):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Per instance, never on the class: folium's lists are shared by every map.
        self.default_js: list[tuple[str, str]] = []
        self.default_css: list[tuple[str, str]] = []


class _TileLayer(_CountedIds, folium.TileLayer):
    pass


class _FeatureGroup(_CountedIds, folium.FeatureGroup):
    pass


class _LayerControl(_CountedIds, folium.LayerControl):
    pass


class _FitBounds(_CountedIds, folium.FitBounds):
    pass


class _Raw(Element):
    """Literal text in the page, never compiled as a Jinja template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


class _Vector(_CountedIds, MacroElement):
    """A Leaflet layer made by a JavaScript expression, added to its parent layer.

    The expression is assembled by this module from JSON-encoded values, and is
    written out as is: a MacroElement's usual path would compile it as a Jinja
    template, which must never see article text.
    """

    def __init__(self, name: str, expression: str) -> None:
        super().__init__()
        self._name = name
        self._expression = expression

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "render the map, not a lone layer"
        figure.script.add_child(
            _Raw(f"{self._expression}.addTo({self._parent.get_name()});\n"),
            name=self.get_name(),
        )


# --------------------------------------------------------------------------
# Escaping
# --------------------------------------------------------------------------

# Beyond html.escape: braces and "$"/backtick never reach a template engine or a
# JS template literal in readable form, and the JS line separators are defused.
_EXTRA_HTML = str.maketrans({
    "{": "&#123;", "}": "&#125;", "$": "&#36;", "`": "&#96;",
    "\u2028": "&#8232;", "\u2029": "&#8233;",
})
_JS_UNSAFE = str.maketrans({
    "<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
    "\u2028": "\\u2028", "\u2029": "\\u2029",
})


def _h(value: Any) -> str:
    """Return ``value`` as text escaped for HTML content and attribute values."""
    text = "" if value is None else str(value)
    return html.escape(text, quote=True).translate(_EXTRA_HTML)


def _js(value: Any) -> str:
    """Return ``value`` as a JavaScript literal that is safe inside ``<script>``."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False,
                      separators=(",", ":"))
    # These characters only occur inside JSON strings, where \\uXXXX means the same.
    return text.translate(_JS_UNSAFE)


# --------------------------------------------------------------------------
# Reading the contract
# --------------------------------------------------------------------------


def _positions(geometry: dict) -> Iterator[tuple[float, float]]:
    coords = geometry["coordinates"]
    if geometry["type"] == "Point":
        yield coords[0], coords[1]
    elif geometry["type"] == "Polygon":
        for ring in coords:
            for pos in ring:
                yield pos[0], pos[1]
    elif geometry["type"] == "MultiPolygon":
        for poly in coords:
            for ring in poly:
                for pos in ring:
                    yield pos[0], pos[1]


def _spans(props: dict, key: str) -> list[dict]:
    value = props.get(key)
    return [s for s in value if isinstance(s, dict)] if isinstance(value, list) else []


def _documents(spans: Iterable[dict]) -> list[str]:
    """Return the distinct document names of ``spans``, in order of appearance."""
    return list(dict.fromkeys(str(s["document"]) for s in spans if s.get("document")))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


@dataclass
class _Bounds:
    """The smallest lat/lon box around everything drawn."""

    south: float = 90.0
    west: float = 180.0
    north: float = -90.0
    east: float = -180.0
    empty: bool = True

    def extend(self, positions: Iterable[tuple[float, float]]) -> None:
        for lon, lat in positions:
            self.south, self.north = min(self.south, lat), max(self.north, lat)
            self.west, self.east = min(self.west, lon), max(self.east, lon)
            self.empty = False

    def as_leaflet(self) -> list[list[float]]:
        return [[self.south, self.west], [self.north, self.east]]


# --------------------------------------------------------------------------
# HTML fragments for popups, tooltips and layer names
# --------------------------------------------------------------------------


def _sentence_html(span: dict) -> str:
    """Return a source sentence as HTML, with its triggering words (``match``) marked."""
    text = "" if span.get("text") is None else str(span["text"])
    match, start = span.get("match"), span.get("start")
    if isinstance(match, dict) and isinstance(start, int):
        m_start, m_end = match.get("start"), match.get("end")
        if isinstance(m_start, int) and isinstance(m_end, int):
            lo, hi = m_start - start, m_end - start
            words = text[lo:hi] if 0 <= lo < hi <= len(text) else None
            if words and words == match.get("text", words):
                return f"{_h(text[:lo])}<mark>{_h(words)}</mark>{_h(text[hi:])}"
    return _h(text)


def _sources_html(spans: list[dict]) -> str:
    if not spans:
        return '<p class="geo-none">No source sentence recorded.</p>'
    items = "".join(
        f"<li><q>{_sentence_html(s)}</q> <cite>{_h(s.get('document') or 'unknown document')}"
        "</cite></li>"
        for s in spans
    )
    return f'<p class="geo-label">Sources ({len(spans)})</p><ol class="geo-sources">{items}</ol>'


def _row(label: str, value_html: str) -> str:
    return f"<tr><th>{label}</th><td>{value_html}</td></tr>"


def _swatch(colour: str) -> str:
    return f'<span class="geo-swatch" style="background:{colour}"></span>'


def _zone_radius(props: dict) -> str:
    radius = _number(props.get("radius_m"))
    return format_distance(radius) if radius is not None and radius > 0 else "unknown radius"


def _zone_popup(props: dict, radius: str) -> str:
    reported = props.get("reported")
    reported_text = reported.get("text") if isinstance(reported, dict) else None
    rows = _row("Radius", _h(radius))
    if reported_text:
        rows += _row("Reported", f"<q>{_h(reported_text)}</q>")
    rows += _row("Centre", _h(props.get("center") or "unknown"))
    inside = _number(props.get("incidents_inside"))
    if inside is not None:
        rows += _row("Incidents inside", _h(f"{inside:.0f}"))
    notes = [c.get("note") for c in props.get("comparison") or [] if isinstance(c, dict)]
    notes_html = "".join(f'<p class="geo-finding">{_h(n)}</p>' for n in notes if n)
    rows += _row("Compared", notes_html) if notes_html else ""
    return (
        f'<div class="geo-popup"><h3>Zone around {_h(props.get("center") or "unknown")}</h3>'
        f"<table>{rows}</table>{_sources_html(_spans(props, 'sources'))}</div>"
    )


def _incident_popup(props: dict) -> str:
    date = props.get("date")
    date_html = _h(date or "unknown")
    if date and props.get("date_precision"):
        date_html += f' <span class="geo-note">({_h(props["date_precision"])} precision)</span>'
    rows = _row("Date", date_html) + _row("Place", _h(props.get("place") or "unknown"))
    zones_html = _incident_zones_html(props.get("zones"))
    if zones_html:
        rows += _row("Zones", zones_html)
    summary = props.get("summary")
    summary_html = f'<p class="geo-summary">{_h(summary)}</p>' if summary else ""
    return (
        f'<div class="geo-popup"><h3>{_h(props.get("event_type") or "Incident")}</h3>'
        f"<table>{rows}</table>{summary_html}{_sources_html(_spans(props, 'sources'))}</div>"
    )


def _km(metres: float) -> str:
    km = metres / 1000
    return f"{km:,.1f} km" if km < 100 else f"{km:,.0f} km"


def _incident_zones_html(zones: Any) -> str:
    """Return "21 km from X: inside the 55 km zone, outside the 88.5 km zone" per centre."""
    if not isinstance(zones, list):
        return ""
    by_centre: dict[str, list[dict]] = {}
    for z in zones:
        if isinstance(z, dict) and _number(z.get("distance_m")) is not None:
            by_centre.setdefault(str(z.get("center") or "unknown centre"), []).append(z)
    lines = []
    for centre, items in by_centre.items():
        items.sort(key=lambda z: _number(z.get("radius_m")) or 0.0)
        states = ", ".join(
            f"{'inside' if z.get('inside') else 'outside'} the {_h(z.get('label') or '')} zone"
            for z in items
        )
        distance = _km(_number(items[0]["distance_m"]) or 0.0)
        lines.append(f"{_h(distance)} from {_h(centre)}: {states}")
    return "<br>".join(lines)


def _incident_tooltip(props: dict) -> str:
    parts = [props.get("date"), props.get("event_type"), props.get("place")]
    return " · ".join(_h(p) for p in parts if p) or "Incident"


def _place_tooltip(props: dict) -> str:
    count = len(_spans(props, "mentions"))
    times = "once" if count == 1 else f"{count} times"
    country = f" ({_h(props['country'])})" if props.get("country") else ""
    return f"<b>{_h(props.get('name') or 'unnamed place')}</b>{country}<br>mentioned {times}"


def _zone_colours(zones: list[dict]) -> list[str]:
    """Return a colour per zone: radii around one centre never share a colour.

    Each centre (in order of first appearance) takes the next run of palette
    entries, one per distinct radius, smallest radius first.
    """
    radii: dict[str, list[float]] = {}
    for z in zones:
        radii.setdefault(str(z["properties"].get("center")), []).append(
            _number(z["properties"].get("radius_m")) or 0.0
        )
    slot: dict[tuple[str, float], int] = {}
    offset = 0
    for centre, values in radii.items():
        for rank, radius in enumerate(sorted(set(values))):
            slot[(centre, radius)] = offset + rank
        offset += len(set(values))
    return [
        ZONE_PALETTE[
            slot[(str(z["properties"].get("center")), _number(z["properties"].get("radius_m"))
                  or 0.0)] % len(ZONE_PALETTE)
        ]
        for z in zones
    ]


def _unique(name: str, taken: set[str]) -> str:
    """Return ``name``, numbered if needed: the layer control keys layers by name."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name} ({n})"
    taken.add(candidate)
    return candidate


# --------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------

_PAGE_CSS = """
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.geo-header { flex: 0 0 auto; padding: 6px 12px; border-bottom: 1px solid #ccc;
  background: #fafafa; }
/* The map fills the height left under the header (folium's own rule says 100%). */
.folium-map { flex: 1 1 auto; height: auto !important; }
.geo-header h1 { font-size: 17px; margin: 0; }
.geo-caption { font-size: 12px; color: #555; margin: 2px 0 0; }
.geo-finding { font-size: 13px; margin: 2px 0 0; color: #7a3e00; }
.geo-popup .geo-finding { color: #7a3e00; margin: 0 0 2px; }
.geo-popup { font-size: 13px; }
.geo-popup h3 { font-size: 15px; margin: 0 0 4px; }
.geo-popup h3::first-letter { text-transform: uppercase; }
.geo-popup table { border-collapse: collapse; margin-bottom: 4px; }
.geo-popup th { text-align: left; padding: 1px 8px 1px 0; color: #555; font-weight: 600;
  vertical-align: top; }
.geo-popup td { padding: 1px 0; }
.leaflet-popup-content .geo-summary { margin: 4px 0; }
.leaflet-popup-content .geo-label { margin: 8px 0 2px; font-weight: 600; }
.geo-sources { margin: 0; padding-left: 18px; }
.geo-sources li { margin-bottom: 4px; }
.geo-sources cite { display: block; color: #555; font-size: 12px; }
.geo-note, .geo-none { color: #555; }
.geo-popup mark { background: #fff2a8; }
.geo-many hr { border: 0; border-top: 1px solid #ccc; margin: 8px 0; }
.geo-swatch { display: inline-block; width: 11px; height: 11px; margin-right: 4px;
  border: 1px solid #0006; border-radius: 2px; vertical-align: -1px; }
.leaflet-control-layers { font-size: 13px; }
.geo-place-label { background: #fffc; border: 0; box-shadow: none; padding: 0 3px;
  font-size: 12px; color: #222; }
.geo-place-label::before { display: none; }
.leaflet-control-layers-overlays label { max-width: 340px; }
.geo-layer-src { display: block; margin-left: 38px; color: #555; font-size: 12px; }
"""


def _findings_html(collection: dict) -> str:
    """Return the collection's findings (sources that disagree) as header lines."""
    meta = collection.get("geo")
    findings = meta.get("findings") if isinstance(meta, dict) else None
    if not isinstance(findings, list):
        return ""
    lines = []
    for f in findings:
        if isinstance(f, dict) and f.get("text"):
            lead = "<b>Sources agree.</b> " if f.get("agree") else "<b>Sources differ.</b> "
            lines.append(f'<p class="geo-finding">{lead}{_h(f["text"])}</p>')
    return "".join(lines)


def _caption(zones: list[dict], incidents: list[dict], places: list[dict]) -> str:
    spans = [s for f in zones + incidents for s in _spans(f["properties"], "sources")]
    spans += [s for f in places for s in _spans(f["properties"], "mentions")]
    documents = _documents(spans)
    parts = []
    if documents:
        parts.append("Sources: " + ", ".join(_h(d) for d in documents) + ".")
    if any(str(f["properties"].get("gazetteer_id") or "").startswith("geonames:")
           for f in places):
        parts.append("Place coordinates: GeoNames (geonames.org), CC BY 4.0.")
    parts.append("Basemap: OpenStreetMap contributors (online only).")
    return " ".join(parts)


def render_html(collection: dict, *, title: str = DEFAULT_TITLE) -> str:
    """Return a standalone HTML page mapping the zones, incidents and places of ``collection``.

    ``collection`` is a FeatureCollection in the contract of :mod:`geo.features`
    (validated here; an ``InputFormatError`` names the first bad feature).
    Features with a null geometry are not drawn. The same input gives the same
    bytes, the page works without network (except basemap tiles), and every
    string from the collection is shown as text.
    """
    validate(collection)
    with _deterministic_ids():
        return _build(collection, title).get_root().render()


def _with_geometry(collection: dict, kind: str, types: tuple[str, ...]) -> list[dict]:
    return [
        f for f in collection["features"]
        if f["properties"].get("kind") == kind
        and isinstance(f.get("geometry"), dict) and f["geometry"].get("type") in types
    ]


def _build(collection: dict, title: str) -> folium.Map:
    zones = _with_geometry(collection, "zone", ("Polygon", "MultiPolygon"))
    incidents = _with_geometry(collection, "incident", ("Point",))
    places = _with_geometry(collection, "place", ("Point",))

    # Quarter zoom steps let fitBounds frame the content tightly.
    fmap = _Map(location=None, tiles=None, control_scale=True, zoom_start=2, zoom_snap=0.25)
    figure = fmap.get_root()
    # Replaces branca's http-equiv meta in place, so charset stays the first tag.
    figure.header.add_child(
        _Raw(f'<meta charset="utf-8">\n<title>{_h(title)}</title>\n'), name="meta_http"
    )
    figure.header.add_child(
        _Raw(f"<style>\n{leaflet_css()}</style>\n<script>\n{leaflet_js()}</script>\n"
             f"<style>{_PAGE_CSS}</style>\n"),
        name="geo_assets",
    )
    figure.html.add_child(
        _Raw(f'<header class="geo-header"><h1>{_h(title)}</h1>'
             f"{_findings_html(collection)}"
             f'<p class="geo-caption">{_caption(zones, incidents, places)}</p></header>\n'),
        name="geo_header",
    )
    # The basemap is the one thing allowed to fail offline; it is not a choice
    # in the layer control, so the control only lists the data.
    _TileLayer("OpenStreetMap", control=False).add_to(fmap)

    bounds = _Bounds()
    taken: set[str] = set()
    _add_incidents(fmap, incidents, bounds, taken)
    _add_places(fmap, places, bounds, taken)
    _add_zones(fmap, zones, bounds, taken)

    _LayerControl(collapsed=False).add_to(fmap)
    if not bounds.empty:
        _FitBounds(bounds.as_leaflet(), padding=(24, 24), max_zoom=FIT_MAX_ZOOM).add_to(fmap)
    return fmap


def _bind(expression: str, tooltip: str, popup: str | None, sticky: bool = False,
          tooltip_options: dict | None = None) -> str:
    options = {**({"sticky": True} if sticky else {}), **(tooltip_options or {})}
    expression += f".bindTooltip({_js(tooltip)}{',' + _js(options) if options else ''})"
    if popup is not None:
        expression += f".bindPopup({_js(popup)},{_js(POPUP_OPTIONS)})"
    return expression


def _circle(feature: dict, style: dict) -> str:
    lon, lat = feature["geometry"]["coordinates"][:2]
    return f"L.circleMarker({_js(round_coords([lat, lon]))},{_js(style)})"


def _add_incidents(fmap: folium.Map, incidents: list[dict], bounds: _Bounds,
                   taken: set[str]) -> None:
    if not incidents:
        return
    name = _unique(f"{_swatch(INCIDENT_COLOUR)}Incidents ({len(incidents)})", taken)
    group = _FeatureGroup(name=name).add_to(fmap)
    # Incidents told at one place share one dot: stacked dots would hide all but
    # the top one from the reader. Its popup lists them all, in date order.
    at: dict[tuple[float, float], list[dict]] = {}
    for feat in incidents:
        lon, lat = feat["geometry"]["coordinates"][:2]
        at.setdefault((round_coords(lon), round_coords(lat)), []).append(feat)
    for here in at.values():
        here.sort(key=lambda f: str(f["properties"].get("date") or ""))
        bounds.extend(_positions(here[0]["geometry"]))
        # Incident dots sit in the marker pane, above the places and every zone.
        style = {"radius": 7 + 2 * min(len(here) - 1, 5), "color": "#ffffff", "weight": 2,
                 "fillColor": INCIDENT_COLOUR, "fillOpacity": 0.95, "pane": "markerPane"}
        if len(here) == 1:
            props = here[0]["properties"]
            tooltip, popup = _incident_tooltip(props), _incident_popup(props)
        else:
            place = here[0]["properties"].get("place")
            tooltip = f"<b>{len(here)} incidents</b>" + (f" at {_h(place)}" if place else "")
            tooltip += "<br>" + "<br>".join(_incident_tooltip(f["properties"]) for f in here)
            popup = '<div class="geo-many">' + "<hr>".join(
                _incident_popup(f["properties"]) for f in here
            ) + "</div>"
        expression = _bind(_circle(here[0], style), tooltip, popup)
        _Vector("incident", expression).add_to(group)


def _add_places(fmap: folium.Map, places: list[dict], bounds: _Bounds,
                taken: set[str]) -> None:
    if not places:
        return
    name = _unique(f"{_swatch('#ffffff')}Places ({len(places)})", taken)
    group = _FeatureGroup(name=name).add_to(fmap)
    # The shadow pane lies between the zones (overlay pane) and incidents (marker pane).
    style = {"radius": 4, "color": PLACE_COLOUR, "weight": 1.5, "fillColor": "#ffffff",
             "fillOpacity": 1, "pane": "shadowPane"}
    for feat in places:
        bounds.extend(_positions(feat["geometry"]))
        # With no basemap offline, a few named places are what orients the reader.
        label = {"permanent": True, "direction": "right", "offset": [6, 0],
                 "className": "geo-place-label"} if len(places) <= PERMANENT_LABELS_UP_TO else None
        details = _place_tooltip(feat["properties"])
        if label:
            name = _h(feat["properties"].get("name") or "")
            expression = _bind(_circle(feat, style), name, details, tooltip_options=label)
        else:
            expression = _bind(_circle(feat, style), details, None)
        _Vector("place", expression).add_to(group)


def _unwrapped(geometry: dict, centre: Any) -> dict:
    """Return a zone split at the antimeridian with its far parts moved next to its centre.

    RFC 7946 splits a ring at 180 degrees, but Leaflet draws longitudes as they
    are: the part at -179 would appear on the far side of the world. Shifting
    it by 360 degrees draws one ring (Web Mercator repeats every 360 degrees,
    so the drawn shape is unchanged) and lets the view fit it.
    """
    if geometry["type"] != "MultiPolygon" or not (
        isinstance(centre, list | tuple) and centre and _number(centre[0]) is not None
    ):
        return geometry
    centre_lon = float(centre[0])
    parts = []
    for polygon in geometry["coordinates"]:
        lons = [pos[0] for ring in polygon for pos in ring]
        mean = sum(lons) / len(lons) if lons else centre_lon
        shift = 360.0 if mean - centre_lon < -180 else -360.0 if mean - centre_lon > 180 else 0.0
        parts.append([[[pos[0] + shift, *pos[1:]] for pos in ring] for ring in polygon])
    # Joined again, the parts lose the seam that would be stroked along 180 degrees.
    joined = shapely.union_all([shapely.geometry.Polygon(p[0], p[1:]) for p in parts])
    return shapely.geometry.mapping(joined)


def _add_zones(fmap: folium.Map, zones: list[dict], bounds: _Bounds, taken: set[str]) -> None:
    colours = _zone_colours(zones)
    # Largest first, so a smaller zone is drawn on top and stays clickable.
    order = sorted(range(len(zones)),
                   key=lambda i: -(_number(zones[i]["properties"].get("radius_m")) or 0.0))
    for i in order:
        feat, colour = zones[i], colours[i]
        props = feat["properties"]
        radius = _zone_radius(props)
        centre = _h(props.get("center") or "unknown centre")
        documents = _documents(_spans(props, "sources"))
        cited = ", ".join(_h(d) for d in documents) if documents else "no source"
        label = f'{_h(radius)} around {centre}<span class="geo-layer-src">{cited}</span>'
        name = _unique(_swatch(colour) + label, taken)
        group = _FeatureGroup(name=name).add_to(fmap)

        geometry = _unwrapped(feat["geometry"], props.get("center_lonlat"))
        bounds.extend(_positions(geometry))
        shape = {"type": geometry["type"], "coordinates": round_coords(geometry["coordinates"])}
        # Leaflet simplifies lines to 1 px by default, which shows as facets on a
        # circle; a finer factor keeps the drawn ring round at every zoom.
        style = {"color": colour, "weight": 2, "opacity": 0.9, "fillColor": colour,
                 "fillOpacity": 0.12, "smoothFactor": 0.25}
        expression = f"L.geoJSON({_js(shape)},{{style:{_js(style)}}})"
        tooltip = f"<b>{_h(radius)}</b> around {centre}"
        expression = _bind(expression, tooltip, _zone_popup(props, radius), sticky=True)
        _Vector("zone", expression).add_to(group)
