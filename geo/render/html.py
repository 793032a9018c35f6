"""The interactive map: one HTML page (or a fragment to paste into a report) per FeatureCollection.

The page is built from the GeoJSON contract of :mod:`geo.features` only and
must hold up to these demands:

* **Offline.** Leaflet, Leaflet.markercluster and geo's own script are inlined
  (:mod:`geo.render.assets`); folium's CDN links are switched off per map
  instance. The default basemap is Natural Earth's countries
  (:func:`geo.render.basemap.countries_in`), drawn as vectors; OpenStreetMap and a
  satellite layer are offered too, and only they need the network.
* **Byte-identical.** branca gives every element a random id. The folium
  classes used here override branca's ``_generate_id`` hook to draw ids from a
  counter that lives in a :class:`~contextvars.ContextVar` for the duration of
  one :func:`render_html` call. Each id starts with a short prefix hashed from
  everything the map shows, so two maps pasted into one report never share an
  id, and the same input still gives the same bytes, independent of other
  renders, threads or processes; nothing global is patched.
* **Hostile text.** Article text (place names, sentences, summaries, document
  names) reaches the page in two ways only: HTML-escaped and then JSON-encoded
  for a ``<script>`` (zones, places, header, legend), or as plain strings in
  the incidents' JSON data block, which the map's script puts on screen with
  ``textContent``. It never goes through folium's ``Popup``/``Tooltip`` (raw
  HTML inside a JavaScript template literal) nor through a Jinja template:
  branca compiles each rendered script snippet as a template again, so
  ``{{ ... }}`` in an article would otherwise be evaluated in Python.
* **Scale.** Incidents are not folium objects: they go into the page as one
  compact JSON block of columns (strings stored once in a table, positions as
  integers), which one script draws as clustered markers, building each popup
  only when it is opened. 100,000 incidents build in a few seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import itertools
import json
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import folium
import shapely
import shapely.geometry
import shapely.ops
import xyzservices.providers as tile_providers
from branca.element import Element, Figure, MacroElement

from geo.errors import InputFormatError
from geo.features import documents_of, finite_number, round_coords, spans_of, validate
from geo.render.assets import fragment_assets, page_head_assets
from geo.render.basemap import ATTRIBUTION as BASEMAP_ATTRIBUTION
from geo.render.basemap import TOWNS_ATTRIBUTION, countries_in, towns_in
from geo.units import format_distance

DEFAULT_TITLE = "Incident map"

# Distinct, colour-blind-friendly hues (Okabe-Ito plus two); red is kept for
# incidents so a zone never looks like an incident.
ZONE_PALETTE = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7a5195", "#8c6d31",
)
INCIDENT_COLOUR = "#c0392b"
PLACE_COLOUR = "#333333"
# The offline basemap, in the print map's colours (geo.render.static).
LAND_COLOUR = "#f3f1ec"
BORDER_COLOUR = "#9a9a9a"
FIT_MAX_ZOOM = 12  # a lone point should not zoom to street level
MAX_ZOOM = 18
POPUP_OPTIONS = {"maxWidth": 380, "maxHeight": 320}
PERMANENT_LABELS_UP_TO = 30  # more place names than this crowd the map
COORD_SCALE = 100_000  # incident positions are stored in 1e-5 degree (about 1 m)
CAPTION_DOCUMENTS = 6  # more sources than this are counted, not listed, in the caption
HISTOGRAM_BARS = 60
ONLINE_LAYERS = (
    ("OpenStreetMap (online)", tile_providers.OpenStreetMap.Mapnik),
    ("Satellite: Esri World Imagery (online)", tile_providers.Esri.WorldImagery),
)
OFFLINE_LAYER = "Countries: Natural Earth (offline)"

# Incident symbols: polygons around (0, 0) in units of the marker radius, y down;
# None is the plain circle, which also marks a site holding several types.
SHAPES: dict[str, list[tuple[float, float]] | None] = {
    "circle": None,
    "triangle": [(0.0, -1.35), (1.2, 0.75), (-1.2, 0.75)],
    "diamond": [(0.0, -1.35), (1.25, 0.0), (0.0, 1.35), (-1.25, 0.0)],
    "triangle-down": [(0.0, 1.35), (1.2, -0.75), (-1.2, -0.75)],
    "square": [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)],
    "pentagon": [(round(1.2 * math.sin(a), 3), round(-1.2 * math.cos(a), 3))
                 for a in (2 * math.pi * k / 5 for k in range(5))],
    "hexagon": [(round(1.15 * math.cos(a), 3), round(1.15 * math.sin(a), 3))
                for a in (2 * math.pi * k / 6 for k in range(6))],
    "star": [(round(r * math.sin(a), 3), round(-r * math.cos(a), 3))
             for r, a in ((1.45 if k % 2 == 0 else 0.65, math.pi * k / 5) for k in range(10))],
}
SHAPE_ORDER = tuple(SHAPES)
# ACLED's event types (geo's incidents use its codebook) keep their symbol from
# map to map; other types take the free shapes, the most frequent first.
PREFERRED_SHAPES = {
    "Explosions/Remote violence": "star",
    "Battles": "triangle",
    "Violence against civilians": "diamond",
    "Strategic developments": "square",
    "Riots": "pentagon",
    "Protests": "hexagon",
}

# --------------------------------------------------------------------------
# Deterministic element ids
# --------------------------------------------------------------------------

_id_counter: ContextVar[tuple[str, Iterator[int]] | None] = ContextVar(
    "geo_render_ids", default=None
)


@contextmanager
def _deterministic_ids(prefix: str) -> Iterator[None]:
    """Give elements built inside the block the ids ``prefix_1``, ``prefix_2``... (this context)."""
    token = _id_counter.set((prefix, itertools.count(1)))
    try:
        yield
    finally:
        _id_counter.reset(token)


class _CountedIds:
    """Mixin: draw the branca element id from the render's counter when there is one."""

    @classmethod
    def _generate_id(cls) -> str:
        state = _id_counter.get()
        if state is None:  # built outside render_html: keep branca's behaviour
            return super()._generate_id()  # type: ignore[misc]
        prefix, counter = state
        return f"{prefix}_{next(counter)}"


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


class _Statement(_CountedIds, MacroElement):
    """A JavaScript statement of the map script, written out as is (never a template)."""

    def __init__(self, statement: str) -> None:
        super().__init__()
        self._name = "statement"
        self._statement = statement

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "render the map, not a lone statement"
        figure.script.add_child(_Raw(self._statement + "\n"), name=self.get_name())


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
# In a JSON list of strings, every one of these is inside a string, where the
# \\uXXXX escape means the same: article text keeps no "<", "{{", "${" or "`"
# anywhere in the page, even in the data block no engine reads.
_STRING_TABLE_ESCAPES = (
    ("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"), ("$", "\\u0024"), ("`", "\\u0060"), ("{", "\\u007b"),
    ("}", "\\u007d"),
)


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


def _string_table(strings: Iterable[str]) -> str:
    """Return a JSON array of ``strings`` that is safe inside ``<script>`` and any template."""
    text = json.dumps(list(strings), ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _STRING_TABLE_ESCAPES:  # str.replace: C speed on megabytes
        text = text.replace(raw, escaped)
    return text


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


def _text(value: Any) -> str | None:
    """Return ``value`` as text, or None when it is missing or empty."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value)
    return text or None


def _web_url(value: Any) -> str | None:
    """Return ``value`` if it is an http(s) address a link may point to."""
    text = _text(value)
    if text and text.lower().startswith(("http://", "https://")):
        return text
    return None


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


@dataclass(frozen=True)
class _Document:
    name: str
    outlet: str | None = None
    published: str | None = None
    url: str | None = None


def _document_table(collection: dict) -> dict[str, _Document]:
    """Return the documents ``collection["geo"]["documents"]`` describes, by id, in order."""
    meta = collection.get("geo")
    documents = meta.get("documents") if isinstance(meta, dict) else None
    table: dict[str, _Document] = {}
    for d in documents if isinstance(documents, list) else []:
        if isinstance(d, dict) and _text(d.get("id")):
            name = str(d["id"])
            table.setdefault(name, _Document(name, _text(d.get("outlet")),
                                             _text(d.get("published")), _web_url(d.get("url"))))
    return table


# --------------------------------------------------------------------------
# Dates: the period a date stands for (the map script has the same rule)
# --------------------------------------------------------------------------

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def _day(year: int, month: int, day: int) -> int:
    return dt.date(year, month, day).toordinal() - _EPOCH_ORDINAL


def _period(date: Any, precision: Any) -> tuple[int, int] | None:
    """Return the first and last day (days since 1970-01-01) ``date`` covers, or None.

    ``YYYY-MM-DD`` is one day, ``YYYY-MM`` its month and ``YYYY`` its year; a
    ``date_precision`` of month or year widens a day to its month or year.
    """
    if not isinstance(date, str) or len(date) not in (4, 7, 10):
        return None
    try:
        year = int(date[:4])
        month = int(date[5:7]) if len(date) >= 7 and date[4] == "-" else 0
        day = int(date[8:10]) if len(date) == 10 and date[7] == "-" else 0
        if len(date) >= 7 and not month or len(date) == 10 and not day:
            return None
        level = 0 if day else 1 if month else 2
        if precision == "month" and month:
            level = max(level, 1)
        elif precision == "year":
            level = 2
        if level == 0:
            first = _day(year, month, day)
            return first, first
        if level == 1:
            last = _day(year + month // 12, month % 12 + 1, 1) - 1
            return _day(year, month, 1), last
        return _day(year, 1, 1), _day(year, 12, 31)
    except ValueError:
        return None


def _iso(day: int) -> str:
    return dt.date.fromordinal(day + _EPOCH_ORDINAL).isoformat()


# --------------------------------------------------------------------------
# HTML fragments for popups, tooltips and layer names
# --------------------------------------------------------------------------


def _sentence_html(span: dict) -> str:
    """Return a source sentence as HTML, with its triggering words (``match``) marked."""
    text = "" if span.get("text") is None else str(span["text"])
    lo, hi = _match_offsets(span, text)
    if lo >= 0:
        return f"{_h(text[:lo])}<mark>{_h(text[lo:hi])}</mark>{_h(text[hi:])}"
    return _h(text)


def _match_offsets(span: dict, text: str) -> tuple[int, int]:
    """Return where ``match`` lies in the span's text, or (-1, -1) when it does not fit."""
    match, start = span.get("match"), span.get("start")
    if isinstance(match, dict) and isinstance(start, int):
        m_start, m_end = match.get("start"), match.get("end")
        if isinstance(m_start, int) and isinstance(m_end, int):
            lo, hi = m_start - start, m_end - start
            if 0 <= lo < hi <= len(text) and text[lo:hi] == match.get("text", text[lo:hi]):
                return lo, hi
    return -1, -1


def _cite_html(name: str, docs: dict[str, _Document], outlet: Any = None) -> str:
    doc = docs.get(name, _Document(name))
    parts = [_h(p) for p in (_text(outlet) or doc.outlet, name, doc.published) if p]
    link = f' · <a href="{_h(doc.url)}" target="_blank" rel="noopener noreferrer">link</a>' \
        if doc.url else ""
    return " · ".join(parts) + link


def _sources_html(spans: list[dict], docs: dict[str, _Document]) -> str:
    if not spans:
        return '<p class="geo-none">No source sentence recorded.</p>'
    items = "".join(
        f"<li><q>{_sentence_html(s)}</q> <cite>"
        f"{_cite_html(str(s.get('document') or 'unknown document'), docs, s.get('outlet'))}"
        "</cite></li>"
        for s in spans
    )
    return f'<p class="geo-label">Sources ({len(spans)})</p><ol class="geo-sources">{items}</ol>'


def _row(label: str, value_html: str) -> str:
    return f"<tr><th>{label}</th><td>{value_html}</td></tr>"


def _swatch(colour: str) -> str:
    return f'<span class="geo-swatch" style="background:{colour}"></span>'


def _zone_radius(props: dict) -> str:
    radius = finite_number(props.get("radius_m"))
    return format_distance(radius) if radius is not None and radius > 0 else "unknown radius"


def _zone_popup(props: dict, radius: str, docs: dict[str, _Document]) -> str:
    reported = props.get("reported")
    reported_text = reported.get("text") if isinstance(reported, dict) else None
    rows = _row("Radius", _h(radius))
    if reported_text:
        rows += _row("Reported", f"<q>{_h(reported_text)}</q>")
    rows += _row("Centre", _h(props.get("center") or "unknown"))
    inside = finite_number(props.get("incidents_inside"))
    if inside is not None:
        rows += _row("Incidents inside", _h(f"{inside:.0f}"))
    notes = [c.get("note") for c in props.get("comparison") or [] if isinstance(c, dict)]
    notes_html = "".join(f'<p class="geo-finding">{_h(n)}</p>' for n in notes if n)
    rows += _row("Compared", notes_html) if notes_html else ""
    return (
        f'<div class="geo-popup"><h3>Zone around {_h(props.get("center") or "unknown")}</h3>'
        f"<table>{rows}</table>{_sources_html(spans_of(props, 'sources'), docs)}</div>"
    )


def _km(metres: float) -> str:
    km = metres / 1000
    return f"{km:,.1f} km" if km < 100 else f"{km:,.0f} km"


def _zone_lines(zones: Any, not_listed: int = 0) -> list[str]:
    """Return "21 km from X: inside the 55 km zone, outside the 88.5 km zone" per centre.

    ``not_listed``: how many more zones lie near that the extraction did not list.
    """
    if not isinstance(zones, list):
        return []
    by_centre: dict[str, list[tuple[float, float, str]]] = {}
    for z in zones:
        if not isinstance(z, dict):
            continue
        distance = finite_number(z.get("distance_m"))
        if distance is not None:
            state = f"{'inside' if z.get('inside') else 'outside'} the {z.get('label') or ''} zone"
            by_centre.setdefault(str(z.get("center") or "unknown centre"), []).append(
                (finite_number(z.get("radius_m")) or 0.0, distance, state))
    lines = []
    for centre, items in by_centre.items():
        items.sort(key=lambda item: item[0])
        states = ", ".join(item[2] for item in items)
        lines.append(f"{_km(items[0][1])} from {centre}: {states}")
    if not_listed > 0:
        lines.append(f"{not_listed} more zone{'s' if not_listed != 1 else ''} nearby, not listed")
    return lines


def _place_tooltip(props: dict) -> str:
    count = len(spans_of(props, "mentions"))
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
            finite_number(z["properties"].get("radius_m")) or 0.0
        )
    slot: dict[tuple[str, float], int] = {}
    offset = 0
    for centre, values in radii.items():
        for rank, radius in enumerate(sorted(set(values))):
            slot[(centre, radius)] = offset + rank
        offset += len(set(values))
    return [
        ZONE_PALETTE[
            slot[(str(z["properties"].get("center")), finite_number(z["properties"].get("radius_m"))
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
# The incidents' data block
# --------------------------------------------------------------------------


class _Strings:
    """A table of distinct strings; each value is stored once and referred to by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, value: Any) -> int:
        """Return the index of ``value`` as text, or -1 when it is missing or empty."""
        if value is None or isinstance(value, dict | list):
            return -1
        text = value if isinstance(value, str) else str(value)
        return self.index.setdefault(text, len(self.index)) if text else -1

    def text(self, value: Any) -> int:
        """Return the index of ``value`` as text, an empty string when it is missing."""
        text = "" if value is None else value if isinstance(value, str) else str(value)
        return self.index.setdefault(text, len(self.index))


@dataclass
class _IncidentBlock:
    """The incidents as the page carries them, and what the legend and time filter show."""

    json: str = ""
    count: int = 0
    sites: int = 0
    types: list[tuple[str, int, str]] = field(default_factory=list)  # name, count, shape
    first_day: int | None = None
    last_day: int | None = None
    undated: int = 0
    histogram: list[int] = field(default_factory=list)
    corners: list[tuple[float, float]] = field(default_factory=list)  # (lon, lat) of the extent
    shared_sites: bool = False  # some site holds several incidents
    mixed_sites: bool = False  # some site holds several types


def _type_shapes(counts: dict[str, int]) -> dict[str, str]:
    """Return a symbol per event type: geo's types keep theirs, the most frequent others next."""
    shapes = {n: PREFERRED_SHAPES[n] for n in counts if n in PREFERRED_SHAPES}
    taken = list(shapes.values())
    # Free shapes, those no type on this map claims first; "circle" means "several types".
    spare = [s for s in SHAPE_ORDER if s != "circle" and s not in PREFERRED_SHAPES.values()]
    free = spare + [s for s in SHAPE_ORDER if s != "circle" and s not in taken + spare]
    for name in sorted(counts, key=lambda n: (-counts[n], n)):
        if name not in shapes:
            shapes[name] = free.pop(0) if free else "circle"
    return shapes


def _incident_block(incidents: list[dict], docs: dict[str, _Document]) -> _IncidentBlock:
    """Return the incidents as one JSON object of columns, strings in one table.

    One entry per incident in each column; strings are indexes into ``s`` (-1:
    none). ``si`` is the incident's site: incidents at one position (to 1e-5
    degree) share a marker, whose ``lat``/``lon`` are integers of 1e-5 degree.
    ``src`` lists ``[document, sentence, match start, match end(, outlet)]``;
    ``sum`` is a string, or ``[start, end(, 1)]``: a slice of the first source
    sentence (plus an ellipsis), which is what summaries usually are. ``zl``
    holds the zone lines ("327 km from X: outside the 55 km zone"). Columns that
    no incident fills are left out.
    """
    strings = _Strings()
    sites: dict[tuple[int, int], int] = {}
    lat: list[int] = []
    lon: list[int] = []
    type_ids: dict[str, int] = {}
    type_counts: list[int] = []
    doc_ids: dict[str, int] = {}
    cols: dict[str, list[Any]] = {k: [] for k in (
        "si", "type", "date", "prec", "place", "a1", "a2", "db", "pb", "sub", "fat", "sum",
        "src", "zl",
    )}
    si, types, dates, precs, place = (cols[k] for k in ("si", "type", "date", "prec", "place"))
    a1, a2, db, pb, sub, fat = (cols[k] for k in ("a1", "a2", "db", "pb", "sub", "fat"))
    summaries, sources, zone_lines = cols["sum"], cols["src"], cols["zl"]
    line_cache: dict[tuple, Any] = {}
    index = strings.index
    index_get = index.get
    text_columns = (("date", dates), ("date_precision", precs), ("place", place),
                    ("actor1", a1), ("actor2", a2), ("date_basis", db), ("place_basis", pb),
                    ("sub_event_type", sub))
    site_type: list[int] = []
    shared = mixed = False

    for feat in incidents:
        props = feat["properties"]
        x, y = feat["geometry"]["coordinates"][:2]
        key = (round(y * COORD_SCALE), round(x * COORD_SCALE))
        # The tool's short label ("air strike") reads better on a map than
        # ACLED's event type, which ACLED rows (having no label) still show.
        name = _text(props.get("label")) or _text(props.get("event_type")) or "incident"
        t = type_ids.get(name)
        if t is None:
            t = type_ids[name] = len(type_ids)
            type_counts.append(0)
        type_counts[t] += 1
        types.append(t)
        site = sites.get(key)
        if site is None:
            site = sites[key] = len(sites)
            lat.append(key[0])
            lon.append(key[1])
            site_type.append(t)
        else:
            shared = True
            mixed = mixed or site_type[site] != t
        si.append(site)
        for prop, column in text_columns:
            value = props.get(prop)
            if value.__class__ is str and value:  # the usual case, without a call
                k = index_get(value)
                if k is None:
                    k = index[value] = len(index)
                column.append(k)
            else:
                column.append(strings(value))
        deaths = props.get("fatalities")
        fat.append(deaths if isinstance(deaths, int) and not isinstance(deaths, bool)
                   and deaths >= 0 else -1)

        spans = spans_of(props, "sources")
        sources.append([_source_entry(span, strings, doc_ids) for span in spans])
        first_text = None if not spans or spans[0].get("text") is None else str(spans[0]["text"])
        summaries.append(_summary_ref(props.get("summary"), first_text, strings))

        zones = props.get("zones")
        if isinstance(zones, list) and zones:
            more = props.get("zones_not_listed")
            more = more if isinstance(more, int) and not isinstance(more, bool) else 0
            # Many incidents share a place and so their distances: format each once.
            cache_key = tuple(
                (z.get("center"), z.get("label"), z.get("radius_m"), z.get("distance_m"),
                 z.get("inside")) if isinstance(z, dict) else None
                for z in zones
            ) + (more,)
            ids = line_cache.get(cache_key)
            if ids is None:
                found = [strings.text(line) for line in _zone_lines(zones, more)]
                ids = line_cache[cache_key] = (
                    -1 if not found else found[0] if len(found) == 1 else found
                )
            zone_lines.append(ids)
        else:
            zone_lines.append(-1)

    names = list(type_ids)
    shapes = _type_shapes(dict(zip(names, type_counts, strict=True)))
    documents = [
        [strings.text(doc.name), strings(doc.outlet), strings(doc.published), strings(doc.url)]
        for doc in (docs.get(name, _Document(name)) for name in doc_ids)
    ]
    payload: dict[str, Any] = {
        "lat": lat, "lon": lon, "docs": documents,
        "types": [[strings.text(n), SHAPE_ORDER.index(shapes[n])] for n in names],
    }
    for key, values in cols.items():
        if key in ("si", "type", "src") or any(v != -1 for v in values):
            payload[key] = values
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), allow_nan=False)
    block = _IncidentBlock(
        json=body[:-1] + ',"s":' + _string_table(strings.index) + "}",
        count=len(incidents), sites=len(sites), shared_sites=shared, mixed_sites=mixed,
        corners=[(min(lon) / COORD_SCALE, min(lat) / COORD_SCALE),
                 (max(lon) / COORD_SCALE, max(lat) / COORD_SCALE)] if sites else [],
        types=[(n, type_counts[type_ids[n]], shapes[n])
               for n in sorted(names, key=lambda n: (-type_counts[type_ids[n]], n))],
    )
    _add_time_range(block, incidents)
    return block


def _source_entry(span: dict, strings: _Strings, doc_ids: dict[str, int]) -> list[int]:
    """Return ``[document, sentence, match start, match end(, outlet)]`` for a source span."""
    text = "" if span.get("text") is None else str(span["text"])
    name = str(span.get("document") or "unknown document")
    document = doc_ids.setdefault(name, len(doc_ids))
    lo, hi = _match_offsets(span, text)
    entry = [document, strings.text(text), lo, hi]
    outlet = strings(span.get("outlet"))  # a span may name its own outlet (ACLED's source)
    if outlet >= 0:
        entry.append(outlet)
    return entry


def _summary_ref(summary: Any, first_text: str | None, strings: _Strings) -> Any:
    """Return the summary as a slice of the first source sentence when it is one, else a string."""
    text = _text(summary)
    if text is None:
        return -1
    if first_text:
        at = first_text.find(text)
        if at >= 0:
            return [at, at + len(text)]
        if text.endswith("…") and len(text) > 1:
            at = first_text.find(text[:-1])
            if at >= 0:
                return [at, at + len(text) - 1, 1]
    return strings(text)


def _add_time_range(block: _IncidentBlock, incidents: list[dict]) -> None:
    """Set the block's first and last day, its undated count and its histogram."""
    periods: dict[tuple[Any, Any], tuple[int, int] | None] = {}
    found: list[tuple[int, int]] = []
    for feat in incidents:
        props = feat["properties"]
        key = (props.get("date"), props.get("date_precision"))
        if key not in periods:
            periods[key] = _period(*key)
        p = periods[key]
        if p is None:
            block.undated += 1
        else:
            found.append(p)
    if not found:
        return
    first, last = min(p[0] for p in found), max(p[1] for p in found)
    block.first_day, block.last_day = first, last
    span = max(last - first + 1, 1)
    bars = [0] * HISTOGRAM_BARS
    for start, _ in found:
        bars[min((start - first) * HISTOGRAM_BARS // span, HISTOGRAM_BARS - 1)] += 1
    block.histogram = bars


# --------------------------------------------------------------------------
# The offline basemap
# --------------------------------------------------------------------------


def _rounded(geometry: dict, decimals: int) -> dict:
    def walk(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, decimals)
        if isinstance(value, list | tuple):
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


@lru_cache(maxsize=1)
def _world() -> tuple[tuple[dict, shapely.Geometry], ...]:
    """Return (properties, geometry) of every Natural Earth country at 1:110m."""
    world = countries_in((-180.0, -85.0, 180.0, 85.0), margin_deg=0.0)
    return tuple((f["properties"], shapely.geometry.shape(f["geometry"]))
                 for f in world["features"])


@lru_cache(maxsize=1)
def _country_labels() -> list[list[Any]]:
    """Return ``[lat, lon, size in degrees, name]`` per country, largest first."""
    labels = []
    for props, geometry in _world():
        parts = list(getattr(geometry, "geoms", [geometry]))
        largest = max(parts, key=lambda g: g.area)
        # The pole of inaccessibility keeps a name off the coast of a ragged country.
        spot = shapely.ops.polylabel(largest, tolerance=0.2)
        if props.get("name"):
            labels.append([round(spot.y, 2), round(spot.x, 2), round(math.sqrt(largest.area), 2),
                           str(props["name"])])
    labels.sort(key=lambda lab: (-lab[2], lab[3]))
    return labels


def _country_features(shapes: Iterable[tuple[Any, shapely.Geometry]], cut: shapely.Geometry,
                      decimals: int) -> list[dict]:
    """Return GeoJSON features of country ``shapes`` whose outlines skip the ``cut`` lines.

    A country cut by the edge of a layer would show its cut as a border; such a
    country is drawn as a fill (``"e": 1``) with its true borders as lines.
    """
    features = []
    for name, shape in shapes:
        if shape.is_empty:
            continue
        geometry = _rounded(shapely.geometry.mapping(shape), decimals)
        if not shape.intersects(cut):
            features.append({"type": "Feature", "properties": {"name": name},
                             "geometry": geometry})
            continue
        features.append({"type": "Feature", "properties": {"name": name, "e": 1},
                         "geometry": geometry})
        borders = shape.boundary.difference(cut)
        if not borders.is_empty:
            features.append({"type": "Feature", "properties": {},
                             "geometry": _rounded(shapely.geometry.mapping(borders), decimals)})
    return features


@lru_cache(maxsize=16)
def _basemap_json(box: tuple[float, float, float, float] | None) -> str:
    """Return the basemap data block: the world at 1:110m, and ``box`` in the finest detail.

    The finer countries of :func:`geo.render.basemap.countries_in` cover ``box`` (the
    data and a wide margin); the coarse world is cut out there, so land is never
    drawn twice and the reader who zooms out still sees every country.
    """
    # The world's own edges (the antimeridian, 85 degrees) and the box's are cuts, not borders.
    world_edge = shapely.box(-180.0, -85.0, 180.0, 85.0).exterior
    hole = shapely.box(*box) if box else None
    cut = shapely.union_all([world_edge] + ([hole.exterior] if hole is not None else []))
    cut = cut.buffer(1e-6)
    coarse = ((props.get("name"), geometry.difference(hole) if hole is not None else geometry)
              for props, geometry in _world())
    layers = [{"type": "FeatureCollection", "features": _country_features(coarse, cut, 2)}]
    if hole is not None:
        detail = countries_in(box, margin_deg=0.0)
        shapes = ((f["properties"].get("name"), shapely.geometry.shape(f["geometry"]))
                  for f in detail["features"])
        layers.append({"type": "FeatureCollection",
                       "features": _country_features(shapes, hole.exterior.buffer(1e-6), 4)})
    return _js({
        "attribution": '<a href="https://www.naturalearthdata.com/">Natural Earth</a>'
        + (' | <a href="https://www.geonames.org/">GeoNames</a>' if box else ""),
        "labels": _country_labels(),
        "layers": layers,
        "style": {"border": BORDER_COLOUR, "land": LAND_COLOUR},
    })


def _basemap_box(bounds: _Bounds) -> tuple[float, float, float, float] | None:
    """Return the box the detailed basemap covers: the data and a margin as wide as the data."""
    if bounds.empty:
        return None
    margin = max(3.0, 0.75 * max(bounds.east - bounds.west, bounds.north - bounds.south))
    west, east = bounds.west - margin, bounds.east + margin
    if east - west >= 360:
        return None
    return (round(west, 1), round(max(bounds.south - margin, -85.0), 1), round(east, 1),
            round(min(bounds.north + margin, 85.0), 1))


TOWN_CLEARANCE_DEG = 0.1  # about 10 km: a town this close to a place of the data is that place


def _basemap_data(bounds: _Bounds, named: list[list[float]]) -> str:
    """Return the basemap JSON for a map of ``bounds`` (an empty world if the data is missing).

    The main towns around the data orient a reader with no tiles; a town the
    data itself names (lon, lat in ``named``) is left to the data's own label.
    """
    try:
        box = _basemap_box(bounds)
        towns = [
            t for t in (towns_in(box) if box else [])
            if all(abs(t[0] - lat) > TOWN_CLEARANCE_DEG or abs(t[1] - lon) > TOWN_CLEARANCE_DEG
                   for lon, lat in named)
        ]
        return _basemap_json(box)[:-1] + ',"towns":' + _js(towns) + "}"
    except InputFormatError:
        # The basemap is orientation, not content: a map without it still maps.
        return _js({"attribution": "", "labels": [], "layers": [], "style": {}, "towns": []})


# --------------------------------------------------------------------------
# Legend, time filter, tools, header
# --------------------------------------------------------------------------


def _symbol_svg(shape: str, fill: str, size: int = 16, stroke: str = "#ffffff") -> str:
    points = SHAPES[shape]
    body = (f'<polygon points="{" ".join(f"{x},{y}" for x, y in points)}"/>' if points
            else '<circle r="1.1"/>')
    return (f'<svg viewBox="-1.6 -1.6 3.2 3.2" width="{size}" height="{size}" aria-hidden="true">'
            f'<g fill="{fill}" stroke="{stroke}" stroke-width="0.3">{body}</g></svg>')


def _ring_svg(colour: str) -> str:
    return (f'<svg viewBox="0 0 18 18" width="16" height="16" aria-hidden="true"><circle cx="9" '
            f'cy="9" r="7" fill="{colour}" fill-opacity="0.15" stroke="{colour}" '
            'stroke-width="2"/></svg>')


def _legend_html(block: _IncidentBlock, zones: list[dict], colours: list[str],
                 places: int, docs: dict[str, _Document]) -> str:
    parts = []
    if block.count:
        items = "".join(
            f"<li>{_symbol_svg(shape, INCIDENT_COLOUR)}<span>{_h(name)} "
            f'<span class="geo-count">({count:,})</span></span></li>'
            for name, count, shape in block.types
        )
        if block.mixed_sites:
            items += (f"<li>{_symbol_svg('circle', INCIDENT_COLOUR)}<span>several types at "
                      "one place</span></li>")
        if block.shared_sites:
            items += (f"<li>{_symbol_svg(block.types[0][2], INCIDENT_COLOUR, size=21)}"
                      "<span>larger: several incidents at one place</span></li>")
        items += ('<li><svg viewBox="0 0 18 18" width="16" height="16" aria-hidden="true">'
                  '<circle cx="9" cy="9" r="8" fill="#c0392b" fill-opacity="0.28"/>'
                  '<circle cx="9" cy="9" r="5.5" fill="#c0392b"/></svg><span>nearby incidents '
                  "grouped (their number); click to zoom in</span></li>")
        parts.append(f"<h4>Incidents ({block.count:,})</h4><ul>{items}</ul>")
    if places:
        parts.append(f"<h4>Places ({places:,})</h4><ul><li>"
                     f"{_symbol_svg('circle', '#ffffff', stroke=PLACE_COLOUR)}"
                     "<span>a place the reports name</span></li></ul>")
    if zones:
        order = sorted(range(len(zones)),
                       key=lambda i: (str(zones[i]["properties"].get("center")),
                                      finite_number(zones[i]["properties"].get("radius_m")) or 0.0))
        items = ""
        for i in order:
            props = zones[i]["properties"]
            cited = "; ".join(_cite_html(d, docs) for d in documents_of(spans_of(props, "sources")))
            items += (f"<li>{_ring_svg(colours[i])}<span>{_h(_zone_radius(props))} around "
                      f"{_h(props.get('center') or 'unknown centre')}"
                      f"<cite>{cited or 'no source'}</cite></span></li>")
        parts.append(f"<h4>Zones: each ring as a source reports it</h4><ul>{items}</ul>")
    return ('<section class="geo-legend geo-panel" aria-label="Legend"><details open>'
            f"<summary>Legend</summary>{''.join(parts)}</details></section>")


def _time_html(block: _IncidentBlock) -> str:
    if block.first_day is None or block.last_day is None or block.last_day <= block.first_day:
        return ""
    first, last = block.first_day, block.last_day
    top = max(block.histogram) or 1
    width = (last - first + 1) / HISTOGRAM_BARS
    bars = "".join(
        f'<rect x="{i + 0.1:g}" y="{20 - h:.2f}" width="0.8" height="{h:.2f}" '
        f'data-from="{first + int(i * width)}" data-to="{first + int((i + 1) * width) - 1}"/>'
        for i, n in enumerate(block.histogram)
        for h in [max(20 * n / top, 0.6) if n else 0.0]
    )
    undated = (f" {block.undated:,} undated incident{'s are' if block.undated != 1 else ' is'} "
               "always shown." if block.undated else "")
    slider = (f'type="range" min="{first}" max="{last}" step="1"')
    return (
        '<section class="geo-time geo-panel" aria-label="Time filter">'
        f'<div class="geo-time-head"><span><span class="geo-time-from">{_iso(first)}</span> '
        f'to <span class="geo-time-to">{_iso(last)}</span></span>'
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


def _tools_html() -> str:
    return (
        '<div class="geo-tools leaflet-bar">'
        f'<a href="#" role="button" class="geo-fullscreen" title="Full screen" '
        f'aria-label="Full screen">{_FULLSCREEN_ICON}</a>'
        f'<a href="#" role="button" class="geo-measure" title="Measure distances" '
        f'aria-label="Measure distances">{_RULER_ICON}</a></div>'
        '<div class="geo-measure-readout geo-panel" aria-live="polite"></div>'
        '<div class="geo-coords geo-panel">Point at the map: degrees and MGRS</div>'
    )


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


def _caption(collection: dict, zones: list[dict], incidents: list[dict], places: list[dict],
             docs: dict[str, _Document]) -> str:
    """Return the caption: the sources cited, then every data attribution the map needs."""
    spans = [s for f in zones + incidents for s in spans_of(f["properties"], "sources")]
    spans += [s for f in places for s in spans_of(f["properties"], "mentions")]
    cited = set(documents_of(spans))
    # The collection's own order of documents first, then any it does not describe.
    names = [n for n in docs if n in cited] + [n for n in documents_of(spans) if n not in docs]
    parts = []
    if names:
        shown = "; ".join(_cite_html(n, docs) for n in names[:CAPTION_DOCUMENTS])
        more = len(names) - CAPTION_DOCUMENTS
        parts.append(f"Sources: {shown}" + (f"; and {more:,} more" if more > 0 else "") + ".")
    parts.append(_h(BASEMAP_ATTRIBUTION) + "; " + _h(TOWNS_ATTRIBUTION) + ".")
    meta = collection.get("geo")
    credits = meta.get("attribution") if isinstance(meta, dict) else None
    credits = [str(c) for c in credits if _text(c)] if isinstance(credits, list) else []
    parts += [_h(c.rstrip(".")) + "." for c in dict.fromkeys(credits)]
    uses_geonames = any(str(f["properties"].get("gazetteer_id") or "").startswith("geonames:")
                        for f in places)
    if uses_geonames and not any("geonames" in c.lower() for c in credits):
        parts.append("Place coordinates: GeoNames (geonames.org), CC BY 4.0.")
    parts.append("Online layers only: map data © OpenStreetMap contributors; imagery © Esri "
                 "and its providers.")
    return " ".join(parts)


# --------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------

_PAGE_CSS = """
html, body { height: 100%; margin: 0; }
body > .geo-root { height: 100%; }
"""


def render_html(collection: dict, *, title: str = DEFAULT_TITLE, embed: bool = False) -> str:
    """Return an HTML map of the zones, incidents and places of ``collection``.

    ``collection`` is a FeatureCollection in the contract of :mod:`geo.features`
    (validated here; an ``InputFormatError`` names the first bad feature).
    Features with a null geometry are not drawn. The result is a standalone
    page, or with ``embed=True`` a fragment (no html/head/body) to paste into a
    report: its element ids carry a prefix of its own, and it loads Leaflet and
    its styles only when the page does not have them yet, so several maps can
    share one page. The same input gives the same bytes, the map works without
    network (except the online basemaps), and every string from the collection
    is shown as text.
    """
    validate(collection)
    zones = _with_geometry(collection, "zone", ("Polygon", "MultiPolygon"))
    incidents = _with_geometry(collection, "incident", ("Point",))
    places = _with_geometry(collection, "place", ("Point",))
    docs = _document_table(collection)
    block = _incident_block(incidents, docs)
    colours = _zone_colours(zones)
    bounds, zone_shapes = _Bounds(), [
        _unwrapped(z["geometry"], z["properties"].get("center_lonlat")) for z in zones
    ]
    for shape in zone_shapes:
        bounds.extend(_positions(shape))
    for f in places:
        bounds.extend(_positions(f["geometry"]))
    bounds.extend(block.corners)
    basemap = _basemap_data(bounds, [f["geometry"]["coordinates"][:2] for f in places])
    heading = "h2" if embed else "h1"
    header = (f'<header class="geo-header"><{heading} class="geo-title">{_h(title)}</{heading}>'
              f"{_findings_html(collection)}<p class=\"geo-caption\">"
              f"{_caption(collection, zones, incidents, places, docs)}</p></header>\n")
    parts = (_legend_html(block, zones, colours, len(places), docs) + _time_html(block)
             + _tools_html())

    # Ids start with a hash of everything shown: stable for one input, distinct
    # for two maps pasted into one report.
    digest = hashlib.sha256()
    shown = json.dumps([zone_shapes, [f["properties"] for f in zones + places]],
                       sort_keys=True, default=str)
    for piece in (title, block.json, basemap, header, parts, shown):
        digest.update(piece.encode("utf-8"))
        digest.update(b"\0")
    prefix = digest.hexdigest()[:8]
    root_id = f"geo-{prefix}"

    with _deterministic_ids(prefix):
        fmap = _build(zones, zone_shapes, colours, places, block, bounds, docs, root_id)
        map_html, script = _render_parts(fmap)
    data_blocks = (
        f'<script type="application/json" class="geo-data-basemap">{basemap}</script>\n'
        + (f'<script type="application/json" class="geo-data-incidents">{block.json}'
           "</script>\n" if block.count else "")
    )
    body = (f"{header}{map_html}\n<div class=\"geo-parts\" hidden>{parts}</div>\n"
            f"{data_blocks}<script>\n{script}</script>\n")
    if embed:
        return (f'<div class="geo-root geo-embed" id="{root_id}">\n{fragment_assets()}'
                f"{body}</div>\n")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_h(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{page_head_assets()}<style>{_PAGE_CSS}</style>\n</head>\n<body>\n"
        f'<div class="geo-root geo-page" id="{root_id}">\n{body}</div>\n</body>\n</html>\n'
    )


def _render_parts(fmap: folium.Map) -> tuple[str, str]:
    """Return the map's HTML (its div) and its script, without folium's page furniture.

    folium's page header sets page-wide styles (``html, body``) and globals that
    would restyle a report the map is pasted into; geo's own style replaces it.
    """
    figure = fmap.get_root()
    for child in list(figure._children.values()):
        child.render()
    return figure.html.render(), figure.script.render()


def _with_geometry(collection: dict, kind: str, types: tuple[str, ...]) -> list[dict]:
    return [
        f for f in collection["features"]
        if f["properties"].get("kind") == kind
        and isinstance(f.get("geometry"), dict) and f["geometry"].get("type") in types
    ]


def _build(zones: list[dict], zone_shapes: list[dict], colours: list[str], places: list[dict],
           block: _IncidentBlock, bounds: _Bounds, docs: dict[str, _Document],
           root_id: str) -> folium.Map:
    """Return the folium map: base layers, layer groups, controls and the runtime's start."""
    # Quarter zoom steps let fitBounds frame the content tightly.
    fmap = _Map(location=None, tiles=None, control_scale=True, zoom_start=2, zoom_snap=0.25)
    # The offline countries are the default base layer, so the page is never blank;
    # the online ones are offered beside them and load only when chosen.
    offline = _FeatureGroup(name=OFFLINE_LAYER, overlay=False, control=True, show=True)
    offline.add_to(fmap)
    for name, provider in ONLINE_LAYERS:
        _TileLayer(provider, name=name, overlay=False, control=True, show=False,
                   max_zoom=MAX_ZOOM).add_to(fmap)

    taken: set[str] = set()
    incidents_group = None
    if block.count:
        name = _unique(f"{_swatch(INCIDENT_COLOUR)}Incidents ({block.count:,})", taken)
        incidents_group = _FeatureGroup(name=name).add_to(fmap)
    _add_places(fmap, places, taken)
    _add_zones(fmap, zones, zone_shapes, colours, taken, docs)

    control = _LayerControl(collapsed=False).add_to(fmap)
    if not bounds.empty:
        _FitBounds(bounds.as_leaflet(), padding=(24, 24), max_zoom=FIT_MAX_ZOOM).add_to(fmap)
    options = {
        "colour": INCIDENT_COLOUR, "maxZoom": MAX_ZOOM, "popup": POPUP_OPTIONS,
        "root": root_id, "shapes": [SHAPES[s] for s in SHAPE_ORDER],
        # Framed again once the panels are on the map, in the room they leave.
        "fit": None if bounds.empty else bounds.as_leaflet(), "fitMaxZoom": FIT_MAX_ZOOM,
    }
    layers = f"{{basemap:{offline.get_name()},control:{control.get_name()}" + (
        f",incidents:{incidents_group.get_name()}}}" if incidents_group else "}")
    _Statement(f"GeoMap.init({fmap.get_name()},{_js(options)},{layers});").add_to(fmap)
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


def _add_places(fmap: folium.Map, places: list[dict], taken: set[str]) -> None:
    if not places:
        return
    name = _unique(f"{_swatch('#ffffff')}Places ({len(places):,})", taken)
    group = _FeatureGroup(name=name).add_to(fmap)
    # The shadow pane lies between the zones (overlay pane) and incidents (marker pane).
    style = {"radius": 4, "color": PLACE_COLOUR, "weight": 1.5, "fillColor": "#ffffff",
             "fillOpacity": 1, "pane": "shadowPane"}
    for feat in places:
        # A few named places orient the reader beside the country names.
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
        isinstance(centre, list | tuple) and centre and finite_number(centre[0]) is not None
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


def _add_zones(fmap: folium.Map, zones: list[dict], shapes: list[dict], colours: list[str],
               taken: set[str], docs: dict[str, _Document]) -> None:
    # Largest first, so a smaller zone is drawn on top and stays clickable.
    order = sorted(range(len(zones)),
                   key=lambda i: -(finite_number(zones[i]["properties"].get("radius_m")) or 0.0))
    for i in order:
        props, colour, geometry = zones[i]["properties"], colours[i], shapes[i]
        radius = _zone_radius(props)
        centre = _h(props.get("center") or "unknown centre")
        documents = documents_of(spans_of(props, "sources"))
        cited = ", ".join(_h(d) for d in documents) if documents else "no source"
        label = f'{_h(radius)} around {centre}<span class="geo-layer-src">{cited}</span>'
        name = _unique(_swatch(colour) + label, taken)
        group = _FeatureGroup(name=name).add_to(fmap)

        shape = {"type": geometry["type"], "coordinates": round_coords(geometry["coordinates"])}
        # Leaflet simplifies lines to 1 px by default, which shows as facets on a
        # circle; a finer factor keeps the drawn ring round at every zoom.
        style = {"color": colour, "weight": 2, "opacity": 0.9, "fillColor": colour,
                 "fillOpacity": 0.12, "smoothFactor": 0.25}
        expression = f"L.geoJSON({_js(shape)},{{style:{_js(style)}}})"
        tooltip = f"<b>{_h(radius)}</b> around {centre}"
        expression = _bind(expression, tooltip, _zone_popup(props, radius, docs), sticky=True)
        _Vector("zone", expression).add_to(group)
