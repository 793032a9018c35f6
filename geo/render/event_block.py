"""The incidents' data block made from an event table's columns, not from features.

The same block as :func:`geo.render.incidents.incident_block` (the format is
described there, and the page's script reads both alike), built for an ACLED
export with numpy and pyarrow over whole columns: sites by hashing integer
positions, types, periods and dictionaries once per distinct value, notes and
event ids straight from their pyarrow arrays into the block's numbered words.
No Python object is made per event, so a million events take seconds.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geo.read.acled import summary_of
from geo.read.events import SUMMARY_CHARS, Coded, EventTable
from geo.render.block_bytes import _Arrays, _pack, encoded_later
from geo.render.contract import Document
from geo.render.dates import period
from geo.render.incidents import (
    COORD_SCALE,
    IncidentBlock,
    _acled_basis,
    _add_time_range,
    _Strings,
    _summary_ref,
)
from geo.render.strings import words
from geo.render.style import SHAPE_ORDER, TypeTable

# zlib's fastest level: the text block of 300,000 events (53.6 MB) is 16.84 MB at
# level 1 in 1.6 s, 16.44 at 3 in 1.9 s, 16.08 at 6 in 4.2 s (measured while the
# tests ran alongside): 5 % more page for a third of the time.
EVENT_GZIP_LEVEL = 1

_ROWS_AT_ONCE = 8_192  # notes cut for their summary this many at a time
_HALVES_FROM = 50_000  # strings: from here their words are numbered by two threads,
_PIECE_STRINGS = 125_000  # in pieces of about this many strings
_TRIMMED = np.frombuffer(b" ,;:", dtype=np.uint8)  # what a cut summary loses at its end


def _numbers(strings: _Strings, column: Coded, values: list | None = None) -> np.ndarray:
    """Return the string number (-1 none) of each distinct value of ``column`` (or of
    ``values``, one per code)."""
    numbers = [strings(v) for v in (column.values if values is None else values)]
    return np.array(numbers, dtype=np.int64).reshape(-1)


def _dictionary(arrays: _Arrays, name: str, numbers: np.ndarray, codes: np.ndarray) -> None:
    """Add the column whose events have codes ``codes`` into the string ``numbers``.

    What ``_Arrays.dictionary`` makes of the events' string numbers, worked out
    on the distinct values and told to the events by one lookup, not a sort.
    """
    used = np.zeros(numbers.size, dtype=bool)
    used[codes] = True
    table = np.unique(numbers[used & (numbers >= 0)])
    if not table.size:
        return  # no event fills it
    index = np.where(numbers >= 0, np.searchsorted(table, numbers) + 1, 0)
    arrays.add(name, index[codes])
    arrays.add(name + ".d", table, "u32")


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


def _cut_lengths(notes: pa.Array, rows: np.ndarray) -> np.ndarray:
    """Return the length of the summary of each ASCII note of ``rows``, before its ellipsis.

    ``summary_of``'s cut of a note longer than the summary, for many at once:
    its first ``SUMMARY_CHARS - 1`` characters, up to the last space when that
    keeps more than half of them, less trailing `` ,;:``.
    """
    offsets, data = _buffers(notes)
    keep = SUMMARY_CHARS - 1
    lengths = np.empty(rows.size, dtype=np.int64)
    for lo in range(0, rows.size, _ROWS_AT_ONCE):
        starts = offsets[rows[lo : lo + _ROWS_AT_ONCE]]
        window = data[starts[:, None] + np.arange(keep)]  # every note is longer than this
        space = window == 32
        last = keep - 1 - np.argmax(space[:, ::-1], axis=1)
        cut = np.where(space.any(axis=1) & (last > SUMMARY_CHARS // 2), last, keep)
        at = np.arange(cut.size)
        while True:
            end = window[at, np.maximum(cut - 1, 0)]
            trim = (cut > 0) & np.isin(end, _TRIMMED)
            if not trim.any():
                break
            cut -= trim
        lengths[lo : lo + cut.size] = cut
    return lengths


def _summaries(
    tidy: np.ndarray, notes: pa.Array, extra: _Strings
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
    long = np.flatnonzero(tidy & ascii_ & (chars > SUMMARY_CHARS))
    if long.size:
        length[long] = _cut_lengths(notes, long)
        kind[long] = 3
    odd = ~tidy | (~ascii_ & (chars > SUMMARY_CHARS)) | ((kind == 3) & (length == 0))
    rows = np.flatnonzero(odd & (chars > 0))
    if rows.size:
        for row, note in zip(rows.tolist(), notes.take(pa.array(rows)).to_pylist(), strict=True):
            made = _summary_ref(summary_of(note, bool(tidy[row])), note, extra)
            kind[row], start[row], end, text[row] = made
            length[row] = end - start[row]
    return kind, start, length, text


def _numbered_words(strings: pa.ChunkedArray) -> tuple[np.ndarray, list[np.ndarray], pa.Array]:
    """Return each string's number of words, the word numbers (a chunk at a time) and the
    distinct words, numbered as first met."""
    lists = pc.split_pattern(strings, " ")
    counts = pc.list_value_length(lists).to_numpy(zero_copy_only=False)
    encoded = pa.chunked_array([c.flatten() for c in lists.chunks], pa.string()).dictionary_encode()
    del lists
    chunks = [c.indices.to_numpy(zero_copy_only=False) for c in encoded.chunks]
    return counts, chunks, encoded.chunks[0].dictionary


def _words_in_pieces(strings: pa.ChunkedArray) -> tuple[np.ndarray, list[np.ndarray], pa.Array]:
    """Return ``_numbered_words(strings)``, the strings worked on in pieces by two threads.

    pyarrow lets go of the interpreter while it splits and hashes, so both
    cores work; a piece's split words are let go once numbered, so no more than
    two pieces' are held at once. Each piece's words are then renumbered into
    those before: the ones it met first take the next numbers, in its order,
    as one pass would.
    """
    if len(strings) < _HALVES_FROM:
        return _numbered_words(strings)
    pieces = min(max(len(strings) // _PIECE_STRINGS, 2), 16)
    cuts = [len(strings) * k // pieces for k in range(pieces + 1)]
    counts: list[np.ndarray] = []
    chunks: list[np.ndarray] = []
    words: pa.Array | None = None
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="geo-words") as pool:
        done = pool.map(
            _numbered_words, [strings.slice(cuts[k], cuts[k + 1] - cuts[k]) for k in range(pieces)]
        )
        for piece_counts, piece_chunks, piece_words in done:
            counts.append(piece_counts)
            if words is None:
                chunks += piece_chunks
                words = piece_words
                continue
            known = pc.fill_null(pc.index_in(piece_words, value_set=words), -1).to_numpy()
            new = known < 0
            renumber = np.where(new, len(words) + np.cumsum(new) - 1, known).astype(np.int32)
            chunks += [renumber[ids] for ids in piece_chunks]
            words = pa.concat_arrays([words, piece_words.filter(pa.array(new))])
    # pyarrow's allocator keeps what splitting freed for later; give it back to the system.
    pa.default_memory_pool().release_unused()
    assert words is not None
    return np.concatenate(counts), chunks, words


def _chunk_by_chunk(
    tidy: np.ndarray, notes: pa.ChunkedArray, extra: _Strings
) -> tuple[np.ndarray, ...]:
    """Return ``_summaries`` of all ``notes``, worked out a chunk at a time (no copy of them)."""
    parts, at = [], 0
    for chunk in notes.chunks:
        parts.append(_summaries(tidy[at : at + len(chunk)], chunk, extra))
        at += len(chunk)
    if not parts:
        return tuple(np.zeros(0, dtype=np.int64) for _ in range(4))
    return tuple(np.concatenate(column) for column in zip(*parts, strict=True))


def _add_words(arrays: _Arrays, strings: pa.ChunkedArray) -> int:
    """Add ``strings`` as numbered words, as ``geo.render.incidents._add_words`` does.

    Split on single spaces and numbered by pyarrow's hashing, commonest first;
    the numbers stored as byte planes. Return the bytes per number. The word
    numbers are counted and ranked a chunk at a time, never widened all at once.
    """
    counts_per_string, chunks, vocabulary = _words_in_pieces(strings)
    arrays.add("sN", counts_per_string)
    counts = np.zeros(len(vocabulary), dtype=np.int64)
    for ids in chunks:
        counts += np.bincount(ids, minlength=counts.size)
    order = np.argsort(-counts, kind="stable")
    rank = np.empty(order.size, dtype="<u4")
    rank[order] = np.arange(order.size, dtype="<u4")
    top = max(len(vocabulary) - 1, 0)
    width = 1 if top < 1 << 8 else 2 if top < 1 << 16 else 3 if top < 1 << 24 else 4
    total = sum(ids.size for ids in chunks)
    planes = np.empty((width, total), dtype=np.uint8)
    at = 0
    for ids in chunks:
        tokens = rank[ids].view(np.uint8)  # little-endian: byte b of each is tokens[b::4]
        for b in range(width):
            planes[b, at : at + ids.size] = tokens[b::4]
        at += ids.size
    del chunks
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
        "place": (_numbers(strings, events.place), events.place.codes),
        "a1": (_numbers(strings, events.actor1), events.actor1.codes),
        "a2": (_numbers(strings, events.actor2), events.actor2.codes),
        "db": (_numbers(strings, events.time_precision, basis), events.time_precision.codes),
        "pb": (_numbers(strings, events.geo_precision, place_basis), events.geo_precision.codes),
        "sub": (_numbers(strings, events.sub_event_type), events.sub_event_type.codes),
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
    notes = events.notes
    extra = _Strings()
    sum_kind, sum_a, sum_l, sum_text = _chunk_by_chunk(events.tidy, notes, extra)
    named = pc.greater(pc.binary_length(events.ids), 0).to_numpy(zero_copy_only=False)
    ids = events.ids.filter(pa.array(named)) if not named.all() else events.ids
    first_note = len(strings.index)
    first_extra = first_note + n
    first_id = first_extra + len(extra.index)  # past the strings made of words
    sum_text = np.where(sum_text >= 0, sum_text + first_extra, -1)

    for name, (numbers, codes) in columns.items():
        _dictionary(arrays, name, numbers, codes)
    if len(ids):
        # The ids are strings first_id, first_id + 1, ... in the order of their events.
        arrays.add("id", np.where(named, np.cumsum(named), 0))
        arrays.add("id.d", np.arange(first_id, first_id + len(ids)), "u32")
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
    _dictionary(arrays, "srcOut", outlets, events.outlet.codes)
    everything = pa.chunked_array(
        [pa.array(list(strings.index), pa.string()), *notes.chunks,
         pa.array(list(extra.index), pa.string())],
        pa.string(),
    )  # fmt: skip
    del notes
    token_bytes = _add_words(arrays, everything)
    del everything
    if len(ids):
        # Event ids as they are: each is one word no other string has, and a million
        # such words would make every word number a byte wider.
        offsets, data = _buffers(ids.combine_chunks())
        arrays.add("rOff", offsets, "u32")
        arrays.add("rTxt", data, "u8")
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
