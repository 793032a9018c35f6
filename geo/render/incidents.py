"""The incidents' data block: every incident of the map as compact binary columns.

Incidents are not Leaflet objects built in Python: the page carries them as
columns, which the map's script (``js/map.js``) clusters and draws on a canvas
of its own, building each popup only when it is opened. The block is one
binary buffer, described by a small JSON header:

* ``u32`` the header's length in bytes, then the header (UTF-8 JSON): the
  counts, the types and documents, and the list of arrays that follow, each
  ``[name, dtype, length]`` (``dtype`` one of u8, u16, u32, i32), each
  starting at a multiple of 8 bytes.
* Strings are numbered. String ``k`` is ``sN[k]`` words joined by spaces, its
  words numbers in ``sTok`` (byte planes of ``tokenBytes`` bytes), each word
  once in ``wTxt`` (UTF-8) at the byte offsets ``wOff`` (see ``_add_words``).
  Past those, strings no two share (an export's event ids) may be stored as
  they are, UTF-8 in ``rTxt`` at the byte offsets ``rOff``. A column
  of repeated strings (type, actors, places, dates, outlets) holds small
  integers, 0 for none and ``j + 1`` for entry ``j`` of its dictionary
  ``NAME.d`` (string numbers).
* Positions are integers of 1e-5 degree, delta-coded (``lat``, ``lon``, one
  per site: incidents at one position share a site, ``si``).
* Numbers are as small an integer type as holds them: fatalities ``fat``
  (0 none, else deaths + 1), the summary (``sumK``: 0 none, 1 a string of
  ``sum``, 2 a slice ``sumA:sumB`` of the first source sentence, 3 the same
  with an ellipsis), the sources (``srcN`` per incident; per source ``srcDoc``,
  ``srcTxt`` (string number), ``srcLo``/``srcHi`` (the match, + 1; 0 none),
  ``srcOut`` (its own outlet)), the zone lines (``zl``: a set of lines,
  ``zlN`` lines per set, ``zlS`` their strings).

Columns no incident fills are left out. Above :data:`RAW_UP_TO` bytes the
buffer is gzip-compressed (the browser's ``DecompressionStream`` inflates it,
after the basemap is drawn); either way it is base64 text split into parts of
at most :data:`PART_CHARS` characters, each in a ``<script>`` element of its
own (Chromium drops a script text of more than about 537 M characters).
Article text in the block is plain strings, which the script puts on screen
with ``textContent`` only. :func:`decode_block` reads a block back (tests).
"""

from __future__ import annotations

import base64
import zlib
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from geo.features import spans_of
from geo.render.block_bytes import (
    _Arrays,
    _encoded,
    _pack,
    _unpack,
)
from geo.render.contract import Document, as_text
from geo.render.dates import period
from geo.render.popups import match_offsets, zone_lines
from geo.render.strings import Words, words
from geo.render.style import SHAPE_ORDER, TypeTable

COORD_SCALE = 100_000  # incident positions are stored in 1e-5 degree (about 1 m)
HISTOGRAM_BARS = 60
GZIP_LEVEL = 6  # 100k incidents: 10.07 MB of base64 at level 1, 9.93 at 3, 9.74 at 6, 9.70 at 9
# The columns of strings, by the property they come from.
TEXT_COLUMNS = (
    ("place", "place"),
    ("a1", "actor1"),
    ("a2", "actor2"),
    ("db", "date_basis"),
    ("pb", "place_basis"),
    ("sub", "sub_event_type"),
)


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

    # base64 text, one <script> each: what is drawn ("core"), then the text of the popups
    parts: list[tuple[str, str]] = field(default_factory=list)  # (core or text, base64)
    encoding: str = "raw"  # or "gzip"
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
    fatalities: bool = False  # some incident counts its dead: sites are sized by them
    # The encoding and parts while they are being compressed (see ``encoded_later``).
    pending: Future | None = None

    def ready(self) -> IncidentBlock:
        """Return the block with its parts, waiting for their compression if it goes on."""
        if self.pending is not None:
            self.encoding, self.parts = self.pending.result()
            self.pending = None
        return self

    def script_elements(self) -> str:
        """Return the block as ``<script>`` elements of base64 text (empty without incidents)."""
        count = f' data-geo-count="{self.count}"'
        self.ready()
        return "".join(
            f'<script type="application/octet-stream" class="geo-data-incidents"'
            f' data-geo-block="{name}" data-geo-encoding="{self.encoding}"'
            f"{count if k == 0 else ''}>{part}</script>\n"
            for k, (name, part) in enumerate(self.parts)
        )


def _add_words(arrays: _Arrays, strings: list[str]) -> int:
    """Add ``strings`` as words: each string's number of words (``sN``), the words as
    numbers (``sTok``) and each distinct word once (UTF-8 ``wTxt``, byte offsets ``wOff``).

    A string is its words joined by single spaces, so ``str.split(" ")`` takes it apart
    and puts it back exactly. Words repeat across sentences far more than gzip's 32 kB
    window sees: numbered once, the text of a million incidents is about a quarter less.
    The commonest words get the smallest numbers, and the numbers are stored as byte
    planes (every number's lowest byte, then every second byte...): gzip finds the
    runs of zero high bytes, another tenth less. Return the bytes per number.
    """
    arrays.add("sN", [s.count(" ") + 1 for s in strings])
    tokens = " ".join(strings).split(" ")
    first_seen = {word: k for k, word in enumerate(dict.fromkeys(tokens))}
    ids = np.fromiter(map(first_seen.__getitem__, tokens), dtype=np.int64, count=len(tokens))
    order = np.argsort(-np.bincount(ids, minlength=len(first_seen)), kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    words_seen = list(first_seen)
    vocabulary = [words_seen[k] for k in order.tolist()]
    top = max(len(vocabulary) - 1, 0)
    width = 1 if top < 1 << 8 else 2 if top < 1 << 16 else 3 if top < 1 << 24 else 4
    planes = rank[ids].astype("<u4").view(np.uint8).reshape(-1, 4)[:, :width].T
    arrays.add("sTok", np.ascontiguousarray(planes).ravel(), "u8")
    lengths = [
        len(w) if w.isascii() else len(w.encode("utf-8", "surrogatepass")) for w in vocabulary
    ]
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    arrays.add("wOff", offsets, "u32")
    blob = "".join(vocabulary).encode("utf-8", "surrogatepass")
    arrays.add("wTxt", np.frombuffer(blob, dtype=np.uint8), "u8")
    return width


def incident_block(
    incidents: list[dict], docs: dict[str, Document], *, level: int = GZIP_LEVEL
) -> IncidentBlock:
    """Return the incidents as binary columns (see the module's text), and what panels show.

    Incidents at one position (to 1e-5 degree) share a site. A source is
    ``[document, sentence, match start, match end(, outlet)]``; the summary is a
    string, or a slice of the first source sentence (plus an ellipsis), which is
    what summaries usually are; zone lines read "327 km from X: outside the 55
    km zone".
    """
    w = words()
    strings = _Strings()
    index = strings.index
    index_get = index.get
    sites: dict[tuple[int, int], int] = {}
    lat: list[int] = []
    lon: list[int] = []
    type_table = TypeTable()  # the types and their symbols, as the print map has them too
    doc_ids: dict[str, int] = {}
    columns: dict[str, list[int]] = {name: [] for name, _ in TEXT_COLUMNS}
    text_columns = [(prop, columns[name]) for name, prop in TEXT_COLUMNS]
    si: list[int] = []
    types: list[int] = []
    acled_ids: list[int] = []
    fat: list[int] = []
    sum_kind: list[int] = []
    sum_a: list[int] = []
    sum_b: list[int] = []
    sum_text: list[int] = []
    src_n: list[int] = []
    src_doc: list[int] = []
    src_txt: list[int] = []
    src_lo: list[int] = []
    src_hi: list[int] = []
    src_out: list[int] = []
    zl: list[int] = []
    zone_sets: dict[tuple, int] = {}
    zone_set_lines: list[tuple[int, ...]] = []
    site_type: list[int] = []
    shared = mixed = False
    # Each distinct (date, precision) once, with the period it stands for (or None).
    period_of: dict[tuple[Any, Any], int] = {}
    periods: list[tuple[int, int] | None] = []
    period_text: list[tuple[int, int]] = []  # the date and precision as strings
    per: list[int] = []

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
        when = (props.get("date"), props.get("date_precision"))
        k = period_of.get(when)
        if k is None:
            k = period_of[when] = len(periods)
            periods.append(period(*when))
            period_text.append((strings(when[0]), strings(when[1])))
        per.append(k)
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
            deaths + 1
            if isinstance(deaths, int) and not isinstance(deaths, bool) and deaths >= 0
            else 0
        )

        spans = spans_of(props, "sources")
        src_n.append(len(spans))
        first_text = None
        for span in spans:
            text = "" if span.get("text") is None else str(span["text"])
            if first_text is None:
                first_text = text
            name = str(span.get("document") or w("unknownDocument"))
            src_doc.append(doc_ids.setdefault(name, len(doc_ids)))
            k = index_get(text)
            if k is None:
                k = index[text] = len(index)
            src_txt.append(k)
            lo, hi = match_offsets(span, text)
            src_lo.append(lo + 1)
            src_hi.append(hi - lo)
            src_out.append(strings(span.get("outlet")))  # a span may name its own (ACLED's)
        kind, a, b, text_id = _summary_ref(props.get("summary"), first_text, strings)
        sum_kind.append(kind)
        sum_a.append(a)
        sum_b.append(b)
        sum_text.append(text_id)

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
            found = zone_sets.get(cache_key)
            if found is None:
                lines = tuple(strings.text(line) for line in zone_lines(zones, more))
                found = zone_sets[cache_key] = len(zone_set_lines) + 1 if lines else 0
                if lines:
                    zone_set_lines.append(lines)
            zl.append(found)
        else:
            zl.append(0)

    names = list(type_table.ids)
    symbols = type_table.symbols()

    # What is drawn and filtered comes first, in a block of its own: the map shows the
    # incidents once it is read, before the text of their popups is.
    core = _Arrays()
    if sites:
        core.add("lat", np.diff(np.asarray(lat, dtype=np.int64), prepend=0), "i32")
        core.add("lon", np.diff(np.asarray(lon, dtype=np.int64), prepend=0), "i32")
    core.add("si", np.diff(np.asarray(si, dtype=np.int64), prepend=0), "i32")
    core.add("type", types)
    core.add("per", per)
    # An undated entry has its first day after its last.
    core.add("per.lo", [p[0] if p else 1 for p in periods], "i32")
    core.add("per.hi", [p[1] if p else 0 for p in periods], "i32")
    if any(fat):
        core.add("fat", fat)
    arrays = _Arrays()
    # Each incident's date and precision as written: its period's (the core's "per").
    arrays.add("per.date", [d + 1 for d, _ in period_text], "u32")
    arrays.add("per.prec", [p + 1 for _, p in period_text], "u32")
    for name, _ in TEXT_COLUMNS:
        arrays.dictionary(name, columns[name])
    arrays.dictionary("id", acled_ids)
    if any(sum_kind):
        arrays.add("sumK", sum_kind)
        if any(k >= 2 for k in sum_kind):
            arrays.add("sumA", sum_a)
            arrays.add("sumL", np.asarray(sum_b) - np.asarray(sum_a))
        arrays.dictionary("sum", sum_text)
    arrays.add("srcN", src_n)
    if src_doc:
        arrays.add("srcDoc", src_doc)
        # Sentences are numbered as they come: one after the other, so deltas are small.
        arrays.add("srcTxt", np.diff(np.asarray(src_txt, dtype=np.int64), prepend=0), "i32")
        arrays.add("srcLo", src_lo)
        arrays.add("srcLen", src_hi)
        arrays.dictionary("srcOut", src_out)
    if zone_set_lines:
        arrays.add("zl", zl)
        arrays.add("zlN", [len(lines) for lines in zone_set_lines])
        arrays.add("zlS", [k for lines in zone_set_lines for k in lines], "u32")
    documents = [
        [strings.text(doc.name), strings(doc.outlet), strings(doc.published), strings(doc.url)]
        for doc in (docs.get(name, Document(name)) for name in doc_ids)
    ]
    type_rows = [[strings.text(n), SHAPE_ORDER.index(symbols[n][0]), symbols[n][1]] for n in names]
    token_bytes = _add_words(arrays, list(index))
    head = {"v": 2, "n": len(incidents), "sites": len(sites), "types": type_rows}
    text_head = {"docs": documents, "tokenBytes": token_bytes}
    encoding, parts = _encoded(
        [("core", _pack(head, core)), ("text", _pack(text_head, arrays))], level
    )
    block = IncidentBlock(
        parts=parts if incidents else [],
        encoding=encoding,
        count=len(incidents),
        sites=len(sites),
        shared_sites=shared,
        mixed_sites=mixed,
        fatalities=any(f > 1 for f in fat),
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
    _add_time_range(block, np.asarray(per, dtype=np.int64), periods)
    return block


def decode_block(parts: list[tuple[str, str]], encoding: str) -> dict:
    """Return a block read back as plain lists: one entry per incident in each column.

    ``parts``: (core or text, base64) as the page's script elements hold them. For
    tests and readers of a page: ``s`` is the string table, ``lat``/``lon`` the
    sites' integer positions, ``si``/``type`` per incident, each string column its
    string numbers (-1 none), ``fat`` (-1 none), ``sum`` (a string number, or
    ``[start, end(, 1)]``), ``src`` (lists of ``[document, sentence, start, end(,
    outlet)]``), ``zl`` (-1, a string number, or a list of them), ``docs`` and
    ``types`` as the headers have them. Columns the block leaves out are missing.
    """
    blocks = {}
    for name in ("core", "text"):
        raw = base64.b64decode("".join(text for kind, text in parts if kind == name))
        blocks[name] = _unpack(zlib.decompress(raw, wbits=31) if encoding == "gzip" else raw)
    (head, core), (text_head, a) = blocks["core"], blocks["text"]
    w_off, w_txt = a["wOff"], a["wTxt"].tobytes()
    vocabulary = [
        w_txt[w_off[k] : w_off[k + 1]].decode("utf-8", "surrogatepass")
        for k in range(len(w_off) - 1)
    ]
    width = text_head["tokenBytes"]
    planes = a["sTok"].reshape(width, -1).astype(np.int64)
    ids = sum(planes[p] << (8 * p) for p in range(width))
    tokens = [vocabulary[k] for k in np.asarray(ids).tolist()]
    s, at = [], 0
    for count in a["sN"].tolist():
        s.append(" ".join(tokens[at : at + count]))
        at += count
    if "rOff" in a:  # then the strings stored as they are
        r_off, r_txt = a["rOff"].tolist(), a["rTxt"].tobytes()
        s += [r_txt[r_off[k] : r_off[k + 1]].decode("utf-8") for k in range(len(r_off) - 1)]

    def strings_of(name: str) -> list[int] | None:
        if name not in a:
            return None
        table = [-1, *(int(k) for k in a[name + ".d"])]
        return [table[v] for v in a[name].tolist()]

    n = head["n"]
    out: dict[str, Any] = {
        "s": s,
        "lat": np.cumsum(core["lat"], dtype=np.int64).tolist() if "lat" in core else [],
        "lon": np.cumsum(core["lon"], dtype=np.int64).tolist() if "lon" in core else [],
        "si": np.cumsum(core["si"], dtype=np.int64).tolist(),
        "type": core["type"].tolist(),
        "docs": text_head["docs"],
        "types": head["types"],
        "periods": [
            [int(core["per.lo"][k]), int(core["per.hi"][k])]
            if core["per.lo"][k] <= core["per.hi"][k]
            else None
            for k in core["per"].tolist()
        ],
    }
    per = core["per"].tolist()
    out["date"] = [int(a["per.date"][k]) - 1 for k in per]
    out["prec"] = [int(a["per.prec"][k]) - 1 for k in per]
    for name in [c for c, _ in TEXT_COLUMNS] + ["id"]:
        values = strings_of(name)
        if values is not None:
            out[name] = values
    if "fat" in core:
        out["fat"] = [v - 1 for v in core["fat"].tolist()]
    if "sumK" in a:
        texts = strings_of("sum") or [-1] * n
        out["sum"] = [
            -1
            if k == 0
            else texts[i]
            if k == 1
            else [int(a["sumA"][i]), int(a["sumA"][i] + a["sumL"][i])] + ([1] if k == 3 else [])
            for i, k in enumerate(a["sumK"].tolist())
        ]
    outlets = strings_of("srcOut")
    sentences = np.cumsum(a["srcTxt"], dtype=np.int64).tolist() if "srcTxt" in a else []
    src, at = [], 0
    for count in a["srcN"].tolist():
        entries = []
        for j in range(at, at + count):
            lo = int(a["srcLo"][j]) - 1
            entry = [int(a["srcDoc"][j]), sentences[j], lo, lo + int(a["srcLen"][j])]
            if outlets and outlets[j] >= 0:
                entry.append(outlets[j])
            entries.append(entry)
        src.append(entries)
        at += count
    out["src"] = src
    if "zl" in a:
        sets, at = [], 0
        for count in a["zlN"].tolist():
            lines = a["zlS"][at : at + count].tolist()
            sets.append(lines[0] if len(lines) == 1 else lines)
            at += count
        out["zl"] = [sets[k - 1] if k else -1 for k in a["zl"].tolist()]
    return out


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


def _summary_ref(
    summary: Any, first_text: str | None, strings: _Strings
) -> tuple[int, int, int, int]:
    """Return the summary as (kind, start, end, string): a slice of the first source sentence
    when it is one (kind 2; 3 plus an ellipsis), else a string (kind 1); kind 0 for none."""
    text = as_text(summary)
    if text is None:
        return 0, 0, 0, -1
    if first_text:
        at = first_text.find(text)
        if at >= 0:
            return 2, at, at + len(text), -1
        if text.endswith("…") and len(text) > 1:
            at = first_text.find(text[:-1])
            if at >= 0:
                return 3, at, at + len(text) - 1, -1
    return 1, 0, 0, strings(text)


def _add_time_range(
    block: IncidentBlock, per: np.ndarray, periods: list[tuple[int, int] | None]
) -> None:
    """Set the block's first and last day, its undated count and its histogram.

    ``per``: each incident's period, an index into ``periods`` (None: undated).
    """
    counts = np.bincount(per, minlength=len(periods)).tolist() if per.size else []
    dated = [(p, n) for p, n in zip(periods, counts, strict=True) if n and p is not None]
    block.undated = sum(n for p, n in zip(periods, counts, strict=True) if p is None)
    if not dated:
        return
    first = min(p[0] for p, _ in dated)
    last = max(p[1] for p, _ in dated)
    block.first_day, block.last_day = first, last
    span = max(last - first + 1, 1)
    bars = [0] * HISTOGRAM_BARS
    for p, n in dated:
        bars[min((p[0] - first) * HISTOGRAM_BARS // span, HISTOGRAM_BARS - 1)] += n
    block.histogram = bars
