"""ACLED exports: reading an ACLED event CSV as incidents in the geo contract.

ACLED (Armed Conflict Location & Event Data, acleddata.com) publishes coded
events with coordinates, a date and its precision, actors, fatalities and a
short ``notes`` text. ``read_acled`` turns such an export into a
FeatureCollection of ``kind: "incident"`` Points that ``geo map`` draws like
incidents extracted from articles, each citing its CSV line and ACLED's own
source.

Like ``geo.read.articles.read_articles`` it never stops at a bad row: each one
becomes a single problem line ``"<source>, line N: <what is wrong> (<value>)"``
and the other rows go on. Every reported row is left out; no row is half-kept.
Only a file that is not an ACLED CSV at all raises ``InputFormatError``.

Line numbers are physical lines of the file, the header being line 1; a row
whose quoted notes span several lines is numbered by its first line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geo import __version__
from geo.errors import InputFormatError, one_line
from geo.features import feature_collection
from geo.read.acled_file import (
    _BLANK,
    _HEAD_BYTES,
    _OTHER_SPACES,
    _UNTIDY,
    REQUIRED,
    _arrow_records,
    _columns,
    _delimiter,
    _missing,
    _python_records,
    _Records,
    _shown,
    source_of,
)
from geo.read.events import ATTRIBUTION, SUMMARY_CHARS, Coded, EventTable
from geo.support.collector import collector_paused

__all__ = ["ATTRIBUTION", "SUMMARY_CHARS", "read_acled", "read_acled_events", "summarize"]

# ACLED's time_precision: 1 = the exact day, 2 = within a week of it, 3 = within its month.
_DAY_PRECISIONS = {1, 2}
_MONTH_PRECISION = 3
_GEO_PRECISIONS = {1, 2, 3}  # 1 = the town itself, 2 = near it, 3 = the wider region
# Bad rows told one by one, in line order; a file of many more says how many it left out.
MAX_TOLD = 1_000
# The columns an event is made of; the others are not read when they cannot matter.
_USED = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
         "actor1", "actor2", "admin1", "country", "location", "latitude", "longitude",
         "geo_precision", "source", "notes", "fatalities")  # fmt: skip

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# Full English names and their three-letter abbreviations (plus "sept"), never the
# locale's: strptime's %B follows the process locale.
_MONTHS = {
    **{name: i for i, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: i for i, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# ACLED's own exports write "08 June 2017"; spreadsheets turn it into "08-Jun-2017".
_NAMED_DATE = re.compile(r"(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})")


def _parse_date(value: str) -> dt.date | None:
    """Return the date in ``value`` ("2017-06-08" or "08 June 2017"), or None."""
    value = value.strip()
    if m := _ISO_DATE.fullmatch(value):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif (m := _NAMED_DATE.fullmatch(value)) and m[2].lower() in _MONTHS:
        year, month, day = int(m[3]), _MONTHS[m[2].lower()], int(m[1])
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _coordinate(value: str, name: str, limit: float, wrong: list[str]) -> float | None:
    """Return ``value`` as a coordinate within ±``limit``; else add why not to ``wrong``."""
    if not value.strip():
        wrong.append(f"{name} is missing ({_shown(value)})")
        return None
    try:
        number = float(value)
    except ValueError:
        wrong.append(f"{name} is not a number ({_shown(value)})")
        return None
    if not -limit <= number <= limit:  # NaN fails every comparison, so it is caught here too
        wrong.append(f"{name} is out of range -{limit:g} to {limit:g} ({_shown(value)})")
        return None
    return number


def _small_int(value: str, name: str, allowed: set[int] | None, wrong: list[str]) -> int | None:
    """Return ``value`` as a non-negative int (one of ``allowed`` if given); empty is None."""
    if not value.strip():
        return None
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0 or (allowed is not None and number not in allowed):
        what = f"one of {', '.join(map(str, sorted(allowed)))}" if allowed else "a whole number"
        wrong.append(f"{name} is not {what} ({_shown(value)})")
        return None
    return number


def _checked(check: Callable[..., Any], *args: Any) -> Callable[[str], tuple[Any, str | None]]:
    """Return ``check`` of one value as (value, what is wrong with it or None)."""

    def one(value: str) -> tuple[Any, str | None]:
        wrong: list[str] = []
        result = check(value, *args, wrong)
        return result, (wrong[0] if wrong else None)

    return one


def _date(value: str) -> tuple[dt.date | None, str | None]:
    """Return the date in ``value`` and None, or None and what is wrong with it."""
    date = _parse_date(value)
    if date is None:
        what = "is missing" if not value.strip() else "is not a date like 2017-06-08"
        return None, f"event_date {what} ({_shown(value)})"
    return date, None


def _plain(value: str) -> tuple[str | None, None]:
    """Return ``value`` on one line, or None when blank: it is never wrong."""
    return one_line(value, limit=None) or None, None


class _Values:
    """One column's values made (and checked) once per distinct value, then told per row.

    An export of a million events has a few thousand dates, places and
    actors: each is parsed once by the same function the row-by-row reader
    used, and the result spread to its rows by index. A missing column is
    empty in every row, as it was there.
    """

    def __init__(
        self,
        column: pa.ChunkedArray | None,
        rows: int,
        make: Callable[[str], tuple[Any, str | None]],
    ):
        if column is None:
            distinct: list[str] = [""]
            self.index = np.zeros(rows, dtype=np.intp)
        else:
            unique = pc.unique(column)
            distinct = unique.to_pylist()
            self.index = pc.index_in(column, value_set=unique).to_numpy().astype(np.intp)
        self.distinct = distinct
        made = [make(value) for value in distinct]
        self.values = np.empty(len(made), dtype=object)
        for i, (value, _) in enumerate(made):
            self.values[i] = value
        self.messages = [message for _, message in made]
        self.bad = np.array([m is not None for m in self.messages], dtype=bool)[self.index]

    def at(self, rows: np.ndarray) -> list:
        """Return the values of ``rows``."""
        return self.values[self.index[rows]].tolist()

    def coded(self, rows: np.ndarray) -> Coded:
        """Return the values of ``rows`` as codes into the distinct values."""
        return Coded(self.index[rows], self.values.tolist())

    def message(self, row: int) -> str | None:
        """Return what is wrong with the value of ``row``, or None."""
        return self.messages[self.index[row]]


def _place(location: str, admin1: str, country: str) -> str | None:
    """Return "location, admin1, country" without blanks or a name said twice in a row.

    ACLED often repeats a town as its own province ("Damascus, Damascus").
    """
    parts: list[str] = []
    for part in (location, admin1, country):
        part = one_line(part, limit=None)
        if part and (not parts or part.casefold() != parts[-1].casefold()):
            parts.append(part)
    return ", ".join(parts) or None


def summarize(notes: str, limit: int = SUMMARY_CHARS) -> str | None:
    """Return ``notes`` on one line, cut at a word to at most ``limit`` characters, or None."""
    text = one_line(notes, limit=None)
    if len(text) <= limit:
        return text or None
    cut = text[: limit - 1]
    # Cut at the last space unless that would throw away most of the text (one long word).
    if (space := cut.rfind(" ")) > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def summary_of(notes: str, tidy: bool) -> str | None:
    """Return ``summarize(notes)``; ``tidy`` notes (single spaces only) skip the re-spacing."""
    if not tidy:
        return summarize(notes)
    if len(notes) <= SUMMARY_CHARS:
        return notes or None
    cut = notes[: SUMMARY_CHARS - 1]
    if (space := cut.rfind(" ")) > SUMMARY_CHARS // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def _blank_rows(table: pa.Table, columns: dict[str, int], candidates: np.ndarray) -> np.ndarray:
    """Return which rows of ``table`` have nothing but blanks in every cell.

    Only rows whose required cells are blank can be: pyarrow finds those,
    Python's ``str.strip`` judges them whole, as the row-by-row reader did.
    """
    blank = np.ones(table.num_rows, dtype=bool) & candidates
    for name in REQUIRED:
        values = table.column(f"f{columns[name]}")
        blank &= pc.match_substring_regex(values, _BLANK).to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(blank)
    if rows.size:
        for row, cells in zip(rows, table.take(rows).to_pylist(), strict=True):
            blank[row] = not any(cell.strip() for cell in cells.values())
    return blank


def _column(table: pa.Table, columns: dict[str, int], name: str) -> pa.ChunkedArray | None:
    i = columns.get(name)
    return table.column(f"f{i}") if i is not None else None


# What str.strip() strips: pyarrow trims these same characters.
_STRIPPED = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_EDGE = f"^[ {_OTHER_SPACES}]"


def _stripped(values: pa.ChunkedArray | None, rows: int) -> pa.ChunkedArray:
    """Return ``values`` each as ``str.strip`` leaves it ("" in every row when None).

    Only the first and last character of each value are looked at to find
    whether any needs it: a million notes are copied only when one does.
    """
    if values is None:
        return pa.chunked_array([pa.array([""] * rows, pa.string())])
    if not rows:
        return values
    edges = [pc.utf8_slice_codeunits(values, 0, 1), pc.utf8_slice_codeunits(values, -1)]
    if not any(pc.any(pc.match_substring_regex(e, _EDGE)).as_py() for e in edges):
        return values
    return pc.utf8_trim(values, characters=_STRIPPED)


def _event_table(
    records: _Records, header: list[str], columns: dict[str, int], delimiter: str, source: str
) -> tuple[EventTable, list[str]]:
    """Return the good rows of ``records`` as columns, and one problem line per bad record."""
    table, lines = records.table, records.lines
    rows = table.num_rows
    problems: list[tuple[int, str]] = []  # (line, what is wrong)
    blank_lines: list[int] = []  # reported only if a row follows: trailing blank lines are fine
    last_row = 0  # the last line a row (not blank, readable) starts on

    for line, fields in records.odd:
        if isinstance(fields, str):
            problems.append((line, fields))
        elif not any(cell.strip() for cell in fields):
            blank_lines.append(line)
        else:
            last_row = max(last_row, line)
            problems.append(
                (
                    line,
                    f"{len(fields)} fields where the header has {len(header)}"
                    f" ({_shown(delimiter.join(fields))})",
                )
            )

    # A field over the csv module's limit made the row-by-row reader give up on its row.
    limit = csv.field_size_limit()
    too_long = np.zeros(rows, dtype=bool)
    for values in table.columns:
        if rows and pc.max(pc.binary_length(values)).as_py() > limit:
            too_long |= pc.greater(pc.utf8_length(values), limit).to_numpy(zero_copy_only=False)
    for row in np.flatnonzero(too_long):
        problems.append(
            (int(lines[row]), f"not readable as CSV (field larger than field limit ({limit}))")
        )
    blank = _blank_rows(table, columns, ~too_long)
    read = ~blank & ~too_long
    if read.any():
        last_row = max(last_row, int(lines[read].max()))
    blank_lines += lines[blank].tolist()
    problems += [(n, "empty row ('')") for n in blank_lines if n < last_row]

    def column(name: str) -> pa.ChunkedArray | None:
        return _column(table, columns, name)

    lat = _Values(column("latitude"), rows, _checked(_coordinate, "latitude", 90))
    lon = _Values(column("longitude"), rows, _checked(_coordinate, "longitude", 180))
    date = _Values(column("event_date"), rows, _date)
    precisions = _DAY_PRECISIONS | {_MONTH_PRECISION}
    time_precision = _Values(
        column("time_precision"), rows, _checked(_small_int, "time_precision", precisions)
    )
    geo_precision = _Values(
        column("geo_precision"), rows, _checked(_small_int, "geo_precision", _GEO_PRECISIONS)
    )
    fatalities = _Values(column("fatalities"), rows, _checked(_small_int, "fatalities", None))
    event_type = _Values(column("event_type"), rows, _plain)
    notes = _stripped(column("notes"), rows)
    untold = np.array([v is None for v in event_type.values], dtype=bool)[event_type.index]
    untold &= pc.equal(pc.binary_length(notes), 0).to_numpy(zero_copy_only=False)
    checked = (lat, lon, date, time_precision, geo_precision, fatalities)
    fine = read & ~untold
    for values in checked:
        fine &= ~values.bad

    # Merged exports repeat events; drawing one twice would double its weight on the map.
    # A row repeats the first good row before it with its event id.
    event_ids = _stripped(column("event_id_cnty"), rows)
    named = pc.greater(pc.binary_length(event_ids), 0).to_numpy(zero_copy_only=False)
    first = np.full(rows, rows, dtype=np.int64)
    if named.any():
        encoded = event_ids.dictionary_encode()
        code = np.concatenate(
            [c.indices.to_numpy(zero_copy_only=False) for c in encoded.chunks]
            or [np.zeros(0, dtype=np.int32)]
        )
        keep = np.flatnonzero(fine & named)
        first_of = np.full(len(encoded.chunks[0].dictionary) if encoded.chunks else 0, rows)
        np.minimum.at(first_of, code[keep], keep)
        first = first_of[code]
    repeats = read & named & (first < np.arange(rows))
    good = fine & ~repeats

    wrong_rows = np.flatnonzero(read & ~good)
    bad_rows = len(problems) + wrong_rows.size
    if bad_rows > MAX_TOLD:  # only the first are told: the others need no words
        told_lines = np.concatenate([[line for line, _ in problems], lines[wrong_rows]])
        last_told = np.partition(told_lines, MAX_TOLD - 1)[MAX_TOLD - 1]
        wrong_rows = wrong_rows[lines[wrong_rows] <= last_told]
    wrong_ids = event_ids.take(pa.array(wrong_rows)).to_pylist() if wrong_rows.size else []
    for bad, event_id in zip(wrong_rows.tolist(), wrong_ids, strict=True):
        wrong = []
        if repeats[bad]:
            wrong.append(f"event_id_cnty repeats line {lines[first[bad]]} ({_shown(event_id)})")
        wrong += [m for values in checked if (m := values.message(bad)) is not None]
        if untold[bad]:
            wrong.append("neither event_type nor notes says what happened ('')")
        problems.append((int(lines[bad]), "; ".join(wrong)))
    problems.sort(key=lambda problem: problem[0])
    told = [f"{source}, line {line}: {what}" for line, what in problems[:MAX_TOLD]]
    if bad_rows > MAX_TOLD:
        told.append(
            f"{source}: {bad_rows - MAX_TOLD:,} more bad rows after line"
            f" {problems[MAX_TOLD - 1][0]}, left out like these and not listed one by one"
        )

    # The columns of the good rows, each value made above once per distinct value.
    take = np.flatnonzero(good)
    if take.size < rows:  # (a million notes are not copied when every row is good)
        notes, event_ids = pc.take(notes, pa.array(take)), pc.take(event_ids, pa.array(take))
    tidy = np.ones(take.size, dtype=bool)
    if column("notes") is not None and take.size:
        # Untidy: what one_line would change inside the stripped notes.
        tidy = ~pc.match_substring_regex(notes, _UNTIDY).to_numpy(zero_copy_only=False)
    by_month = np.array([v == _MONTH_PRECISION for v in time_precision.values], dtype=bool)
    events = EventTable(
        source=source,
        lon=np.asarray(lon.values[lon.index[take]], dtype=np.float64),
        lat=np.asarray(lat.values[lat.index[take]], dtype=np.float64),
        lines=lines[take],
        day=date.coded(take),
        monthly=by_month[time_precision.index[take]],
        time_precision=time_precision.coded(take),
        geo_precision=geo_precision.coded(take),
        fatalities=fatalities.coded(take),
        event_type=event_type.coded(take),
        sub_event_type=_Values(column("sub_event_type"), rows, _plain).coded(take),
        actor1=_Values(column("actor1"), rows, _plain).coded(take),
        actor2=_Values(column("actor2"), rows, _plain).coded(take),
        place=_places(column("location"), column("admin1"), column("country"), rows, take),
        outlet=_Values(column("source"), rows, _plain).coded(take),
        notes=notes,
        ids=event_ids,
        tidy=tidy,
    )
    return events, told


def _places(
    location: pa.ChunkedArray | None,
    admin1: pa.ChunkedArray | None,
    country: pa.ChunkedArray | None,
    rows: int,
    take: np.ndarray,
) -> Coded:
    """Return the place of each row in ``take``, made once per (location, admin1, country)."""
    parts = [_Values(values, rows, lambda v: (v, None)) for values in (location, admin1, country)]
    # One number per (location, admin1, country), its distinct values found by hashing.
    key = np.zeros(take.size, dtype=np.int64)
    for values in parts:
        key = key * len(values.distinct) + values.index[take]
    sizes = [len(values.distinct) for values in parts]
    if math.prod(sizes) >= 2**62:  # more combinations than an int64 holds: sort instead
        index = np.stack([values.index[take] for values in parts], axis=1)
        triples, inverse = np.unique(index, axis=0, return_inverse=True)
        keys = [tuple(triple) for triple in triples.tolist()]
    else:
        unique = pc.unique(pa.array(key))
        inverse = pc.index_in(pa.array(key), value_set=unique).to_numpy()
        keys = []
        for k in unique.to_pylist():
            k, country = divmod(k, sizes[2])
            location, admin1 = divmod(k, sizes[1])
            keys.append((location, admin1, country))
    made = [
        _place(*(values.distinct[i] for values, i in zip(parts, triple, strict=True)))
        for triple in keys
    ]
    return Coded(np.asarray(inverse).reshape(-1).astype(np.intp), made)


def read_acled_events(
    path_or_text: str | os.PathLike[str] | bytes, *, source: str, name: str | None = None
) -> tuple[EventTable, list[str]]:
    """Return the good rows of an ACLED CSV as columns, and one line per bad row.

    What ``read_acled`` reads, before any event becomes a feature: the map's
    page is built from these columns (see ``geo.read.events``).
    """
    text = source_of(path_or_text, source, name)
    head = text.at(text.start, text.start + _HEAD_BYTES).decode("utf-8", "ignore")
    delimiter = _delimiter(head)
    try:
        header = next(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter), [])
    except csv.Error as exc:
        # A header cell over the csv field limit, say: no row can be read without it.
        raise InputFormatError(f"{source}, line 1: not readable as CSV ({exc})") from exc
    columns = _columns(header)
    if missing := _missing(columns):
        names = ", ".join(one_line(h, limit=None) for h in header[:8])
        more = ", …" if len(header) > 8 else ""
        raise InputFormatError(
            f"{source}: not an ACLED CSV: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (header: {names or 'none'}{more})"
        )
    wanted = [columns[name] for name in _USED if name in columns]
    required = [columns[name] for name in REQUIRED]
    records = _arrow_records(text, delimiter, len(header), wanted, required)
    if records is None:
        records = _python_records(text.text(), delimiter, len(header))
    del text  # the columns hold what is needed of it
    with collector_paused():
        events, problems = _event_table(records, header, columns, delimiter, source)
    del records
    # pyarrow's allocator keeps what parsing freed for later; give it back to the system.
    pa.default_memory_pool().release_unused()
    return events, problems


def event_collection(events: EventTable, features: list[dict]) -> dict:
    """Return the FeatureCollection of an export's ``features``, citing the export."""
    return feature_collection(
        features,
        geo={"version": __version__, "documents": events.documents(), "attribution": [ATTRIBUTION]},
    )


def read_acled(
    path_or_text: str | os.PathLike[str] | bytes, *, source: str, name: str | None = None
) -> tuple[dict, list[str]]:
    """Return the incidents of an ACLED CSV as a FeatureCollection, and one line per bad row.

    ``path_or_text`` is a path, the file's bytes, or its text (a ``str`` holding a
    line break). ``source`` names the file in problems and in every incident's
    ``sources``; ``name`` (default ``source``) names it when it cannot be read.
    Given a path, the file's bytes are let go once parsed, before the
    incidents are made. A bad row (coordinates missing, not numbers or out of range,
    a date that is not one, a wrong number of fields, an empty row, a value
    outside ACLED's codes, a repeated event id) is reported and left out.

    The file is parsed column by column (pyarrow), and each distinct value
    of a column is checked once; a file pyarrow cannot parse as Python's
    csv module would is read row by row instead, with the same results.

    Raises ``InputFormatError`` when the header lacks event_date, latitude,
    longitude, or both event_type and notes, and ``ArticleReadError`` when the
    file cannot be read.
    """
    events, problems = read_acled_events(path_or_text, source=source, name=name)
    # A million incidents are some ten million new dicts and lists, none in a cycle:
    # the collector would walk them again and again as they pile up (a third of the time).
    with collector_paused():
        return event_collection(events, events.features()), problems
