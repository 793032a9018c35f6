"""The incidents' data block made from an event table's columns, not from features.

The same block as :func:`geo.render.incidents.incident_block` (the format is
described there, and the page's script reads both alike), built for an ACLED
export with numpy and pyarrow over whole columns: sites by hashing integer
positions, types, periods and dictionaries once per distinct value, notes and
event ids straight from their pyarrow arrays into the block's numbered words.
No Python object is made per event, so a million events take seconds.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geo.read.acled import summary_of
from geo.read.events import SUMMARY_CHARS, Coded, EventTable
from geo.render.contract import Document
from geo.render.dates import period
from geo.render.incidents import (
    COORD_SCALE,
    IncidentBlock,
    _acled_basis,
    _add_time_range,
    _Arrays,
    _pack,
    _Strings,
    _summary_ref,
    encoded_later,
)
from geo.render.strings import words
from geo.render.style import SHAPE_ORDER, TypeTable

# zlib's fastest level: the text block of 300,000 events (53.6 MB) is 16.84 MB at
# level 1 in 1.6 s, 16.44 at 3 in 1.9 s, 16.08 at 6 in 4.2 s (measured while the
# tests ran alongside): 5 % more page for a third of the time.
EVENT_GZIP_LEVEL = 1

_ROWS_AT_ONCE = 8_192  # notes cut for their summary this many at a time
_TRIMMED = np.frombuffer(b" ,;:", dtype=np.uint8)  # what a cut summary loses at its end


def _numbers(strings: _Strings, column: Coded, values: list | None = None) -> np.ndarray:
    """Return each event's string number (-1 none) of ``column`` (or of ``values`` by code)."""
    table = np.array([strings(v) for v in (column.values if values is None else values)])
    return table.astype(np.int64)[column.codes] if table.size else np.full(column.codes.size, -1)


def _sites(events: EventTable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the sites' integer positions (lat, lon), first met first, and each event's site."""
    lat = np.rint(events.lat * COORD_SCALE).astype(np.int64)
    lon = np.rint(events.lon * COORD_SCALE).astype(np.int64)
    key = (lat + 90 * COORD_SCALE) * (360 * COORD_SCALE + 1) + (lon + 180 * COORD_SCALE)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    at = first[order]
    return lat[at], lon[at], rank[np.asarray(inverse).reshape(-1)]


def _first_met(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the distinct codes in the order first met, where each is first met, and each
    event's index among them."""
    distinct, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return distinct[order], first[order], rank[np.asarray(inverse).reshape(-1)]


def _buffers(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Return a string array's offsets (from 0) and its UTF-8 bytes, without a copy."""
    _, offsets_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32, count=len(array) + 1,
                            offset=array.offset * 4)  # fmt: skip
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer else np.zeros(0, np.uint8)
    return offsets - offsets[0], data[offsets[0] : offsets[-1]]


def _cut_lengths(notes: pa.Array) -> np.ndarray:
    """Return the length of each ASCII note's summary before its ellipsis.

    ``summary_of``'s cut of a note longer than the summary, for the whole
    column at once: its first ``SUMMARY_CHARS - 1`` characters, up to the last
    space when that keeps more than half of them, less trailing `` ,;:``.
    """
    offsets, data = _buffers(notes)
    keep = SUMMARY_CHARS - 1
    lengths = np.empty(len(notes), dtype=np.int64)
    for lo in range(0, len(notes), _ROWS_AT_ONCE):
        starts = offsets[:-1][lo : lo + _ROWS_AT_ONCE]
        window = data[starts[:, None] + np.arange(keep)]  # every note is longer than this
        space = window == 32
        last = keep - 1 - np.argmax(space[:, ::-1], axis=1)
        cut = np.where(space.any(axis=1) & (last > SUMMARY_CHARS // 2), last, keep)
        rows = np.arange(cut.size)
        while True:
            end = window[rows, np.maximum(cut - 1, 0)]
            trim = (cut > 0) & np.isin(end, _TRIMMED)
            if not trim.any():
                break
            cut -= trim
        lengths[lo : lo + cut.size] = cut
    return lengths


def _summaries(
    events: EventTable, notes: pa.Array, extra: _Strings
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return each event's summary as the block has it: kind, start, length, string.

    A tidy ASCII note is its own summary (kind 2) or cut (kind 3) with numpy;
    other notes go through ``summary_of`` one by one (their strings in ``extra``).
    """
    n = len(notes)
    chars = pc.utf8_length(notes).to_numpy(zero_copy_only=False).astype(np.int64)
    kind = np.where(chars > 0, 2, 0).astype(np.int64)
    start = np.zeros(n, dtype=np.int64)
    length = np.where(chars <= SUMMARY_CHARS, chars, 0)
    text = np.full(n, -1, dtype=np.int64)
    ascii_ = pc.string_is_ascii(notes).to_numpy(zero_copy_only=False)
    long = np.flatnonzero(events.tidy & ascii_ & (chars > SUMMARY_CHARS))
    if long.size:
        length[long] = _cut_lengths(notes.take(pa.array(long)))
        kind[long] = 3
    odd = ~events.tidy | (~ascii_ & (chars > SUMMARY_CHARS)) | ((kind == 3) & (length == 0))
    rows = np.flatnonzero(odd & (chars > 0))
    for row, note in zip(rows.tolist(), notes.take(pa.array(rows)).to_pylist(), strict=True):
        made = _summary_ref(summary_of(note, bool(events.tidy[row])), note, extra)
        kind[row], start[row], end, text[row] = made
        length[row] = end - start[row]
    return kind, start, length, text


def _add_words(arrays: _Arrays, strings: pa.ChunkedArray) -> int:
    """Add ``strings`` as numbered words, as ``geo.render.incidents._add_words`` does.

    Split on single spaces and numbered by pyarrow's hashing, commonest first;
    the numbers stored as byte planes. Return the bytes per number.
    """
    lists = pc.split_pattern(strings, " ")
    arrays.add("sN", pc.list_value_length(lists).to_numpy(zero_copy_only=False))
    encoded = pa.chunked_array([c.flatten() for c in lists.chunks], pa.string()).dictionary_encode()
    del lists
    ids = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in encoded.chunks])
    vocabulary = encoded.chunks[0].dictionary
    del encoded
    order = np.argsort(-np.bincount(ids, minlength=len(vocabulary)), kind="stable")
    rank = np.empty(order.size, dtype="<u4")
    rank[order] = np.arange(order.size, dtype="<u4")
    top = max(len(vocabulary) - 1, 0)
    width = 1 if top < 1 << 8 else 2 if top < 1 << 16 else 3 if top < 1 << 24 else 4
    tokens = rank[ids]
    del ids
    planes = np.empty((width, tokens.size), dtype=np.uint8)
    for b in range(width):
        planes[b] = (tokens >> (8 * b)) & 0xFF
    del tokens
    arrays.add("sTok", planes.reshape(-1), "u8")
    offsets, data = _buffers(vocabulary.take(pa.array(order)))
    arrays.add("wOff", offsets, "u32")
    arrays.add("wTxt", data, "u8")
    return width


def _types(events: EventTable, type_table: TypeTable) -> np.ndarray:
    """Fill ``type_table`` with the events' types; return each event's type index."""
    names = [v if v else "incident" for v in events.event_type.values]
    name_ids = {name: k for k, name in enumerate(dict.fromkeys(names))}
    per_event = np.array([name_ids[n] for n in names], dtype=np.int64)[events.event_type.codes]
    distinct, first, index = _first_met(per_event)
    counts = np.bincount(index, minlength=distinct.size)
    subs = events.sub_event_type.values
    for k, row in enumerate(first.tolist()):
        props = {
            "event_type": events.event_type.values[events.event_type.codes[row]],
            "sub_event_type": subs[events.sub_event_type.codes[row]],
        }
        type_table.add(props, int(counts[k]))
    return index


def event_block(
    events: EventTable, docs: dict[str, Document], *, level: int = EVENT_GZIP_LEVEL
) -> IncidentBlock:
    """Return the block of ``events`` (see ``geo.render.incidents``), and what panels show.

    Its parts are still being compressed when it comes back: ``ready()`` waits for them.
    """
    n = len(events)
    if not n:
        return IncidentBlock()
    w = words()
    strings = _Strings()
    type_table = TypeTable()
    types = _types(events, type_table)
    lat, lon, si = _sites(events)
    shared = lat.size < n
    mixed = shared and np.unique(si * (len(type_table.ids) + 1) + types).size > lat.size

    # Periods: each distinct (day, known to the month) once, first met first.
    iso, month = events.dates()
    keys, first, per = _first_met(events.day.codes * 2 + events.monthly)
    periods, period_text = [], []
    for key in keys.tolist():
        day, monthly = divmod(key, 2)
        when = (month[day], "month") if monthly else (iso[day], "day")
        periods.append(period(*when))
        period_text.append((strings(when[0]), strings(when[1])))
    dead = [v + 1 if isinstance(v, int) and v >= 0 else 0 for v in events.fatalities.values]
    fat = np.array(dead, dtype=np.int64)[events.fatalities.codes]

    core = _Arrays()
    core.add("lat", np.diff(lat, prepend=0), "i32")
    core.add("lon", np.diff(lon, prepend=0), "i32")
    core.add("si", np.diff(si, prepend=0), "i32")
    core.add("type", types)
    core.add("per", per)
    core.add("per.lo", [p[0] if p else 1 for p in periods], "i32")
    core.add("per.hi", [p[1] if p else 0 for p in periods], "i32")
    if fat.any():
        core.add("fat", fat)

    arrays = _Arrays()
    arrays.add("per.date", [d + 1 for d, _ in period_text], "u32")
    arrays.add("per.prec", [p + 1 for _, p in period_text], "u32")
    basis = [_acled_basis(w, t, None)["date_basis"] for t in events.time_precision.values]
    place_basis = [_acled_basis(w, None, g)["place_basis"] for g in events.geo_precision.values]
    columns = {
        "place": _numbers(strings, events.place),
        "a1": _numbers(strings, events.actor1),
        "a2": _numbers(strings, events.actor2),
        "db": _numbers(strings, events.time_precision, basis),
        "pb": _numbers(strings, events.geo_precision, place_basis),
        "sub": _numbers(strings, events.sub_event_type),
    }
    outlets = _numbers(strings, events.outlet)
    documents = [
        [strings.text(doc.name), strings(doc.outlet), strings(doc.published), strings(doc.url)]
        for doc in [docs.get(events.source, Document(events.source))]
    ]
    symbols = type_table.symbols()
    type_rows = [
        [strings.text(name), SHAPE_ORDER.index(symbols[name][0]), symbols[name][1]]
        for name in type_table.ids
    ]
    # The long strings after the short ones: the notes, the event ids, odd summaries.
    notes = events.notes.combine_chunks()
    extra = _Strings()
    sum_kind, sum_a, sum_l, sum_text = _summaries(events, notes, extra)
    named = pc.greater(pc.binary_length(events.ids), 0).to_numpy(zero_copy_only=False)
    ids = events.ids.filter(pa.array(named)) if not named.all() else events.ids
    first_note = len(strings.index)
    first_id = first_note + n
    first_extra = first_id + len(ids)
    id_numbers = np.full(n, -1, dtype=np.int64)
    id_numbers[named] = first_id + np.arange(len(ids))
    sum_text = np.where(sum_text >= 0, sum_text + first_extra, -1)

    for name, values in columns.items():
        arrays.dictionary(name, values)
    arrays.dictionary("id", id_numbers)
    if sum_kind.any():
        arrays.add("sumK", sum_kind)
        if (sum_kind >= 2).any():
            arrays.add("sumA", sum_a)
            arrays.add("sumL", sum_l)
        arrays.dictionary("sum", sum_text)
    arrays.add("srcN", np.ones(n, dtype=np.int64), "u8")
    arrays.add("srcDoc", np.zeros(n, dtype=np.int64), "u8")
    # Each note is the next string: every delta but the first is 1.
    arrays.add("srcTxt", np.diff(np.arange(first_note, first_note + n), prepend=0), "i32")
    arrays.add("srcLo", np.zeros(n, dtype=np.int64), "u8")  # no match is marked in a note
    arrays.add("srcLen", np.zeros(n, dtype=np.int64), "u8")
    arrays.dictionary("srcOut", outlets)
    everything = pa.chunked_array(
        [pa.array(list(strings.index), pa.string()), notes, *ids.chunks,
         pa.array(list(extra.index), pa.string())],
        pa.string(),
    )  # fmt: skip
    del notes
    token_bytes = _add_words(arrays, everything)
    del everything
    head = {"v": 2, "n": n, "sites": int(lat.size), "types": type_rows}
    text_head = {"docs": documents, "tokenBytes": token_bytes}
    pending = encoded_later(
        [("core", _pack(head, core)), ("text", _pack(text_head, arrays))], level
    )
    block = IncidentBlock(
        pending=pending,
        count=n,
        sites=int(lat.size),
        shared_sites=bool(shared),
        mixed_sites=bool(mixed),
        fatalities=bool((fat > 1).any()),
        corners=[
            (int(lon.min()) / COORD_SCALE, int(lat.min()) / COORD_SCALE),
            (int(lon.max()) / COORD_SCALE, int(lat.max()) / COORD_SCALE),
        ],
        types=[
            (name, type_table.counts[type_table.ids[name]], *symbols[name], type_table.ids[name])
            for name in type_table.commonest()
        ],
    )
    _add_time_range(block, per, periods)
    return block
