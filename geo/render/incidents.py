"""The incidents' data block: every incident of the map as one compact JSON object of columns.

Incidents are not Leaflet objects built in Python: the page carries them as
columns (strings stored once in a table, positions as integers), which the
map's script draws as clustered markers, building each popup only when it is
opened. 100,000 incidents build in a few seconds. Article text in the block
is plain strings, which the script puts on screen with ``textContent``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from geo.features import spans_of
from geo.render.contract import Document, as_text
from geo.render.dates import period
from geo.render.escape import string_table
from geo.render.popups import match_offsets, zone_lines
from geo.render.strings import Words, words
from geo.render.style import SHAPE_ORDER, TypeTable

COORD_SCALE = 100_000  # incident positions are stored in 1e-5 degree (about 1 m)
HISTOGRAM_BARS = 60


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
class IncidentBlock:
    """The incidents as the page carries them, and what the legend and time filter show."""

    json: str = ""
    count: int = 0
    sites: int = 0
    # name, count, shape, colour, and the type's index in the runtime's data
    types: list[tuple[str, int, str, str, int]] = field(default_factory=list)
    first_day: int | None = None
    last_day: int | None = None
    undated: int = 0
    histogram: list[int] = field(default_factory=list)
    corners: list[tuple[float, float]] = field(default_factory=list)  # (lon, lat) of the extent
    shared_sites: bool = False  # some site holds several incidents
    mixed_sites: bool = False  # some site holds several types


def incident_block(incidents: list[dict], docs: dict[str, Document]) -> IncidentBlock:
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
    w = words()
    strings = _Strings()
    sites: dict[tuple[int, int], int] = {}
    lat: list[int] = []
    lon: list[int] = []
    # The types and their symbols, as the print map has them too (geo.render.style).
    type_table = TypeTable()
    doc_ids: dict[str, int] = {}
    cols: dict[str, list[Any]] = {
        k: []
        for k in (
            "si",
            "type",
            "date",
            "prec",
            "place",
            "a1",
            "a2",
            "db",
            "pb",
            "sub",
            "fat",
            "sum",
            "src",
            "zl",
            "id",
        )
    }
    si, types, dates, precs, place = (cols[k] for k in ("si", "type", "date", "prec", "place"))
    a1, a2, db, pb, sub, fat = (cols[k] for k in ("a1", "a2", "db", "pb", "sub", "fat"))
    summaries, sources, zone_refs = cols["sum"], cols["src"], cols["zl"]
    acled_ids = cols["id"]
    line_cache: dict[tuple, Any] = {}
    index = strings.index
    index_get = index.get
    text_columns = (
        ("date", dates),
        ("date_precision", precs),
        ("place", place),
        ("actor1", a1),
        ("actor2", a2),
        ("date_basis", db),
        ("place_basis", pb),
        ("sub_event_type", sub),
    )
    site_type: list[int] = []
    shared = mixed = False

    for feat in incidents:
        props = feat["properties"]
        x, y = feat["geometry"]["coordinates"][:2]
        key = (round(y * COORD_SCALE), round(x * COORD_SCALE))
        t = type_table.add(props)
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
        if props.get("origin") == "acled":
            # ACLED's own codes, spelled out: what its date and location stand for.
            props = {
                **props,
                **_acled_basis(w, props.get("time_precision"), props.get("geo_precision")),
            }
            acled_ids.append(strings(props.get("acled_event_id")))
        else:
            acled_ids.append(-1)
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
        fat.append(
            deaths
            if isinstance(deaths, int) and not isinstance(deaths, bool) and deaths >= 0
            else -1
        )

        spans = spans_of(props, "sources")
        sources.append([_source_entry(span, strings, doc_ids, w) for span in spans])
        first_text = None if not spans or spans[0].get("text") is None else str(spans[0]["text"])
        summaries.append(_summary_ref(props.get("summary"), first_text, strings))

        zones = props.get("zones")
        if isinstance(zones, list) and zones:
            more = props.get("zones_not_listed")
            more = more if isinstance(more, int) and not isinstance(more, bool) else 0
            # Many incidents share a place and so their distances: format each once.
            cache_key = tuple(
                (
                    z.get("center"),
                    z.get("label"),
                    z.get("radius_m"),
                    z.get("distance_m"),
                    z.get("inside"),
                )
                if isinstance(z, dict)
                else None
                for z in zones
            ) + (more,)
            ids = line_cache.get(cache_key)
            if ids is None:
                found = [strings.text(line) for line in zone_lines(zones, more)]
                ids = line_cache[cache_key] = (
                    -1 if not found else found[0] if len(found) == 1 else found
                )
            zone_refs.append(ids)
        else:
            zone_refs.append(-1)

    names = list(type_table.ids)
    symbols = type_table.symbols()
    documents = [
        [strings.text(doc.name), strings(doc.outlet), strings(doc.published), strings(doc.url)]
        for doc in (docs.get(name, Document(name)) for name in doc_ids)
    ]
    payload: dict[str, Any] = {
        "lat": lat,
        "lon": lon,
        "docs": documents,
        "types": [
            [strings.text(n), SHAPE_ORDER.index(symbols[n][0]), symbols[n][1]] for n in names
        ],
    }
    for col, values in cols.items():
        if col in ("si", "type", "src") or any(v != -1 for v in values):
            payload[col] = values
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), allow_nan=False)
    block = IncidentBlock(
        json=body[:-1] + ',"s":' + string_table(strings.index) + "}",
        count=len(incidents),
        sites=len(sites),
        shared_sites=shared,
        mixed_sites=mixed,
        corners=[
            (min(lon) / COORD_SCALE, min(lat) / COORD_SCALE),
            (max(lon) / COORD_SCALE, max(lat) / COORD_SCALE),
        ]
        if sites
        else [],
        types=[
            (n, type_table.counts[type_table.ids[n]], *symbols[n], type_table.ids[n])
            for n in type_table.commonest()
        ],
    )
    _add_time_range(block, incidents)
    return block


# ACLED's codebook: the codes of how exactly an event's date and location are known,
# spelled out by the interface words acledTime_N and acledGeo_N.
_TIME_PRECISION = (1, 2, 3)
_GEO_PRECISION = (1, 2, 3)


@lru_cache(maxsize=64)
def _acled_basis(w: Words, time_precision: Any, geo_precision: Any) -> dict[str, str]:
    """Return the date and place bases of an ACLED event in words."""
    return {
        "date_basis": w(
            "acledDatePrecision", code=time_precision, meaning=w(f"acledTime_{time_precision}")
        )
        if time_precision in _TIME_PRECISION
        else w("acledDate"),
        "place_basis": w(
            "acledPlacePrecision", code=geo_precision, meaning=w(f"acledGeo_{geo_precision}")
        )
        if geo_precision in _GEO_PRECISION
        else w("acledPlace"),
    }


def _source_entry(span: dict, strings: _Strings, doc_ids: dict[str, int], w: Words) -> list[int]:
    """Return ``[document, sentence, match start, match end(, outlet)]`` for a source span."""
    text = "" if span.get("text") is None else str(span["text"])
    name = str(span.get("document") or w("unknownDocument"))
    document = doc_ids.setdefault(name, len(doc_ids))
    lo, hi = match_offsets(span, text)
    entry = [document, strings.text(text), lo, hi]
    outlet = strings(span.get("outlet"))  # a span may name its own outlet (ACLED's source)
    if outlet >= 0:
        entry.append(outlet)
    return entry


def _summary_ref(summary: Any, first_text: str | None, strings: _Strings) -> Any:
    """Return the summary as a slice of the first source sentence when it is one, else a string."""
    text = as_text(summary)
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


def _add_time_range(block: IncidentBlock, incidents: list[dict]) -> None:
    """Set the block's first and last day, its undated count and its histogram."""
    periods: dict[tuple[Any, Any], tuple[int, int] | None] = {}
    found: list[tuple[int, int]] = []
    for feat in incidents:
        props = feat["properties"]
        key = (props.get("date"), props.get("date_precision"))
        if key not in periods:
            periods[key] = period(*key)
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
