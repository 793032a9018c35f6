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

import codecs
import csv
import datetime as dt
import io
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, AnyStr

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from geo import __version__
from geo.errors import InputFormatError, one_line
from geo.features import feature, feature_collection, point
from geo.read import articles as documents
from geo.read.articles import DATA_LIMIT, decode_text
from geo.support.collector import collector_paused

ATTRIBUTION = "ACLED (Armed Conflict Location & Event Data), acleddata.com"
ACLED_URL = "https://acleddata.com/"

# The columns of an ACLED export, in its order; only REQUIRED and CONTENT must be present.
COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
REQUIRED = ("event_date", "latitude", "longitude")
CONTENT = ("event_type", "notes")  # a row needs at least one of these to say what happened

SUMMARY_CHARS = 300
# ACLED's time_precision: 1 = the exact day, 2 = within a week of it, 3 = within its month.
_DAY_PRECISIONS = {1, 2}
_MONTH_PRECISION = 3
_GEO_PRECISIONS = {1, 2, 3}  # 1 = the town itself, 2 = near it, 3 = the wider region
_DELIMITERS = (",", ";", "\t")  # ACLED writes commas; spreadsheets re-save with ; or tabs
_SNIFF_BYTES = 65_536  # far more than any header row, so is_acled_csv reads little
_SHOWN_CHARS = 60  # a value quoted in a problem line is cut here to keep the line readable
_HEAD_BYTES = 1 << 20  # where the header is looked for
# pyarrow parses a block at a time and a record must fit in one: far more than any row.
_BLOCK_BYTES = 16 << 20
_CHUNK_BYTES = 16 << 20  # UTF-8 is checked this much at a time
# The binary check reads the first 64 KiB and 16 blocks of 4 KiB spread through the rest.
_SAMPLE_HEAD = 65_536
_SAMPLE_BLOCKS = 16
_SAMPLE_BLOCK = 4_096
_CONTROLS = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f")
_NO_CONTROLS = str.maketrans("", "", _CONTROLS)
_CONTROL_BYTES = _CONTROLS.encode("ascii")
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NOT_BLANK = re.compile(rb"\S")
_NOT_BLANK_TEXT = re.compile(r"\S")
# What str.split() and str.strip() take for whitespace, for pyarrow's regular expressions.
_OTHER_SPACES = (
    r"\t\n\x0b\x0c\r\x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}"
    r"\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
)
_BLANK = f"^[ {_OTHER_SPACES}]*$"
# Notes that one_line would change inside (after strip): other spaces, or two in a row.
_UNTIDY = f"[{_OTHER_SPACES}]|  "

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


def _header_key(name: str) -> str:
    """Return a header cell as a column key: lower case, no surrounding blanks."""
    return name.strip().lower()


def _shown(value: str) -> str:
    """Return ``value`` quoted for a problem line: cut short, newlines escaped by repr."""
    if len(value) > _SHOWN_CHARS:
        value = value[: _SHOWN_CHARS - 1] + "…"
    return repr(value)


def _sample(data: AnyStr, start: int = 0) -> AnyStr:
    """Return the head of ``data[start:]`` and blocks spread through the rest of it.

    The binary check reads this much and no more, so a file of hundreds of MB
    is judged in microseconds; a binary file is binary from its first block.
    """
    size = len(data) - start
    if size <= _SAMPLE_HEAD + _SAMPLE_BLOCKS * _SAMPLE_BLOCK:
        return data[start:]
    room = size - _SAMPLE_HEAD - _SAMPLE_BLOCK  # where a block can start, past the head
    parts: list[AnyStr] = [data[start : start + _SAMPLE_HEAD]]
    for k in range(_SAMPLE_BLOCKS):  # the last block ends the file
        offset = start + _SAMPLE_HEAD + room * k // (_SAMPLE_BLOCKS - 1)
        parts.append(data[offset : offset + _SAMPLE_BLOCK])
    empty: AnyStr = data[:0]
    return empty.join(parts)


def _reject_binary(sample: bytes | str, source: str) -> None:
    """Raise ``InputFormatError`` when ``sample`` has more control characters than text has.

    The rule of ``geo.read.articles.decode_text`` (a NUL or more than 1 % of
    controls besides tab, line breaks and form feed), applied to a sample.
    """
    if isinstance(sample, str):
        controls = len(sample) - len(sample.translate(_NO_CONTROLS))
    else:
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(sample) // 100):
        raise InputFormatError(f"{source}: binary file, not text")


def _utf8_error(data: bytes, start: int) -> UnicodeDecodeError | None:
    """Return why ``data[start:]`` is not UTF-8, or None; decoded a chunk at a time, kept never."""
    if data.isascii():
        return None
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for offset in range(start, len(data), _CHUNK_BYTES):
            decoder.decode(view[offset : offset + _CHUNK_BYTES])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        return exc
    return None


def _content(
    path_or_text: str | os.PathLike[str] | bytes, source: str, name: str | None = None
) -> tuple[bytes, int]:
    """Return the CSV as UTF-8 bytes and where its text starts in them (after a BOM).

    ``path_or_text`` is read from a path, or is the file's bytes, or its text
    (a ``str`` with a line break). Bytes are UTF-8 with or without a BOM,
    UTF-16/32 with a BOM, else Windows-1252, as ``geo.read.articles.decode_text``
    takes them; UTF-8 (nearly every export) is passed on without a copy.
    """
    if isinstance(path_or_text, str) and ("\n" in path_or_text or "\r" in path_or_text):
        # Text read as "utf-8" rather than "utf-8-sig" still starts with the BOM. A lone
        # surrogate (not text any file holds) cannot be UTF-8 and becomes U+FFFD.
        return path_or_text.removeprefix("\ufeff").encode("utf-8", "replace"), 0
    if isinstance(path_or_text, bytes):
        data = path_or_text
    else:
        # At most geo.read.articles.MAX_DATA_BYTES, be it a file or a stream.
        path = Path(path_or_text)
        data = documents.read_file(path, documents.MAX_DATA_BYTES, DATA_LIMIT, name or source)
    if not _NOT_BLANK.search(data):
        raise InputFormatError(f"{source}: file is empty")
    if data.startswith(codecs.BOM_UTF8):
        if (error := _utf8_error(data, len(codecs.BOM_UTF8))) is not None:
            raise InputFormatError(f"{source}: broken utf-8-sig text ({error.reason})")
        if b"\x00" in data:
            raise InputFormatError(f"{source}: binary file, not text")
        _reject_binary(_sample(data, len(codecs.BOM_UTF8)), source)
        return data, len(codecs.BOM_UTF8)
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputFormatError(f"{source}: broken {encoding} text ({exc.reason})") from exc
            break
    else:
        if b"\x00" in data:
            raise InputFormatError(f"{source}: binary file, not text")
        if _utf8_error(data, 0) is None:
            _reject_binary(_sample(data), source)
            return data, 0
        try:
            # Text that is not UTF-8 is nearly always Windows-1252; its five undefined
            # bytes only occur in binary data.
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputFormatError(f"{source}: binary file, not text") from exc
    if not _NOT_BLANK_TEXT.search(text):
        raise InputFormatError(f"{source}: file is empty")
    if "\x00" in text:
        raise InputFormatError(f"{source}: binary file, not text")
    _reject_binary(_sample(text), source)
    return text.encode("utf-8"), 0


def _columns(header: Sequence[str]) -> dict[str, int]:
    """Return the index of each column by its key; the first of two same-named columns wins."""
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        index.setdefault(_header_key(name), i)
    return index


def _missing(columns: dict[str, int]) -> list[str]:
    """Return what the header lacks of ACLED's required columns, as readable names."""
    missing = [c for c in REQUIRED if c not in columns]
    if not any(c in columns for c in CONTENT):
        missing.append(" or ".join(CONTENT))
    return missing


def _first_record(text: str, delimiter: str) -> list[str]:
    """Return the first CSV record of ``text`` (the header), or [] when there is none."""
    try:
        return next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    except csv.Error:
        return []


def _delimiter(text: str) -> str:
    """Return the delimiter under which ``text``'s header names the required columns.

    A comma when none does, so the error names what a comma-separated header lacks.
    """
    for delimiter in _DELIMITERS:
        if not _missing(_columns(_first_record(text, delimiter))):
            return delimiter
    return ","


def is_acled_csv(path: str | os.PathLike[str]) -> bool:
    """Return whether ``path`` is a ``.csv`` file whose header has ACLED's required columns.

    Reads only the start of the file and never raises: an unreadable file is not one.
    """
    path = Path(path)
    if path.suffix.lower() != ".csv":
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
        text = decode_text(head, str(path))
    except (OSError, ValueError):
        return False
    return not _missing(_columns(_first_record(text, _delimiter(text))))


def is_acled_collection(collection: dict) -> bool:
    """Return whether ``collection`` holds ACLED events only, as ``read_acled`` makes them.

    Its documents are ACLED exports and its features ACLED incidents (none
    when every row was bad); a GeoJSON file of such events counts too.
    """
    meta = collection.get("geo")
    documents = meta.get("documents") if isinstance(meta, dict) else None
    if not documents or not isinstance(documents, list):
        return False
    return all(
        isinstance(d, dict) and d.get("outlet") == "ACLED" and d.get("url") == ACLED_URL
        for d in documents
    ) and all((f.get("properties") or {}).get("origin") == "acled" for f in collection["features"])


@dataclass
class _Records:
    """The records after the header, in file order, split by their number of fields.

    ``table`` holds those with the header's number of fields as string
    columns ``f0``, ``f1``, ... (by position: two columns may share a name),
    ``lines`` the first physical line of each. ``odd`` holds the others as
    (line, fields), or (line, why the csv module cannot read it).
    """

    table: pa.Table
    lines: np.ndarray
    odd: list[tuple[int, list[str] | str]]


def _names(width: int) -> list[str]:
    return [f"f{i}" for i in range(width)]


def _breaks(values: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Return how many line breaks (\\n, \\r or \\r\\n) each value holds."""
    count = [pc.count_substring(values, pattern=p).to_numpy() for p in ("\n", "\r", "\r\n")]
    return count[0] + count[1] - count[2]


def _arrow_records(data: bytes, start: int, delimiter: str, width: int) -> _Records | None:
    """Return the records of ``data[start:]`` parsed by pyarrow, column by column.

    None when pyarrow cannot parse the file the way Python's csv module
    does (a record longer than a block, say): the caller then reads it row by row.
    """
    odd: list[tuple[int | None, str]] = []

    def set_aside(row: pa_csv.InvalidRow) -> str:
        odd.append((row.number, row.text))
        return "skip"

    try:
        table = pa_csv.read_csv(
            pa.py_buffer(data).slice(start),
            # One thread: only then does pyarrow number the rows it sets aside.
            read_options=pa_csv.ReadOptions(
                use_threads=False, block_size=_BLOCK_BYTES, column_names=_names(width)
            ),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=True,
                ignore_empty_lines=False,  # an empty line is a record, as for csv
                invalid_row_handler=set_aside,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(_names(width), pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowException:
        return None
    # Record numbers count the header as 1; each is a table row or one set aside.
    records = table.num_rows + len(odd)
    numbers = [n for n, _ in odd]
    if any(n is None or not 2 <= n <= records for n in numbers) or len(set(numbers)) < len(odd):
        return None
    in_table = np.ones(records + 1, dtype=bool)
    in_table[0] = False
    in_table[np.array(numbers, dtype=np.int64)] = False
    row_records = np.flatnonzero(in_table)
    if row_records.size != table.num_rows or not row_records.size or row_records[0] != 1:
        return None

    # Lines per record: one, plus the line breaks inside its quoted values.
    span = np.ones(records + 1, dtype=np.int64)
    span[0] = 0
    returns = data.count(b"\r")  # a file with none (nearly all) needs no count of \r\n
    total = data.count(b"\n") + (returns - data.count(b"\r\n") if returns else 0)
    ends = records if data.endswith((b"\n", b"\r")) else records - 1
    if total != ends:  # else no record spans two lines: no need to look
        for column in table.columns:
            span[row_records] += _breaks(column)
        if odd:
            span[np.array(numbers, dtype=np.int64)] += _breaks(pa.array([t for _, t in odd]))
    first_line = np.cumsum(span) - span + 1
    return _Records(
        table.slice(1),  # the header
        first_line[row_records[1:]],
        [(int(first_line[n]), _fields(text, delimiter)) for n, text in odd],
    )


def _fields(text: str, delimiter: str) -> list[str]:
    """Return the fields of one record's text, as Python's csv module splits them."""
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return [field for row in rows for field in row]


def _records(
    reader: Iterator[list[str]], line_num: Callable[[], int]
) -> Iterator[tuple[int, list[str] | str]]:
    """Yield (first line, fields) per record, or (line, message) when csv cannot parse it."""
    while True:
        start = line_num() + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # The csv reader starts afresh at the next line, so the file goes on.
            yield start, f"not readable as CSV ({exc})"
            continue
        yield start, row


def _python_records(text: str, delimiter: str, width: int) -> _Records:
    """Return the records of ``text`` read row by row by Python's csv module."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader, None)  # the header
    rows: list[list[str]] = []
    lines: list[int] = []
    odd: list[tuple[int, list[str] | str]] = []
    for line, row in _records(reader, lambda: reader.line_num):
        if isinstance(row, list) and len(row) == width:
            rows.append(row)
            lines.append(line)
        else:
            odd.append((line, row))
    columns = [pa.array([row[i] for row in rows], pa.string()) for i in range(width)]
    table = pa.table(columns, names=_names(width))
    return _Records(table, np.array(lines, dtype=np.int64), odd)


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


def _summary(notes: str, tidy: bool) -> str | None:
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


def _incidents(
    records: _Records, header: list[str], columns: dict[str, int], delimiter: str, source: str
) -> tuple[list[dict], list[str]]:
    """Return the incidents of ``records`` and one problem line per bad record, in line order."""
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
        i = columns.get(name)
        return table.column(f"f{i}") if i is not None else None

    def texts(name: str) -> list[str]:
        values = column(name)
        return values.to_pylist() if values is not None else [""] * rows

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
    notes = [value.strip() for value in texts("notes")]
    untold = np.array([v is None for v in event_type.values], dtype=bool)[event_type.index]
    untold &= np.fromiter((not value for value in notes), dtype=bool, count=rows)
    checked = (lat, lon, date, time_precision, geo_precision, fatalities)
    fine = read & ~untold
    for values in checked:
        fine &= ~values.bad

    # Merged exports repeat events; drawing one twice would double its weight on the map.
    # A row repeats the first good row before it with its event id.
    event_ids = [value.strip() for value in texts("event_id_cnty")]
    named = np.fromiter(map(bool, event_ids), dtype=bool, count=rows)
    first = np.full(rows, rows, dtype=np.int64)
    if named.any():
        ids = pa.array(event_ids, pa.string())
        unique = pc.unique(ids)
        code = pc.index_in(ids, value_set=unique).to_numpy()
        keep = np.flatnonzero(fine & named)
        first_of = np.full(len(unique), rows, dtype=np.int64)
        np.minimum.at(first_of, code[keep], keep)
        first = first_of[code]
    repeats = read & named & (first < np.arange(rows))
    good = fine & ~repeats

    for row in np.flatnonzero(read & ~good):
        wrong = []
        if repeats[row]:
            wrong.append(
                f"event_id_cnty repeats line {lines[first[row]]} ({_shown(event_ids[row])})"
            )
        wrong += [m for values in checked if (m := values.message(int(row))) is not None]
        if untold[row]:
            wrong.append("neither event_type nor notes says what happened ('')")
        problems.append((int(lines[row]), "; ".join(wrong)))
    problems.sort(key=lambda problem: problem[0])
    told = [f"{source}, line {line}: {what}" for line, what in problems]

    # The incidents of the good rows, each value made above once per distinct value.
    take = np.flatnonzero(good)
    days = date.values
    iso = _objects(d.isoformat() if d else None for d in days)
    month = _objects(d.strftime("%Y-%m") if d else None for d in days)
    by_month = np.array([v == _MONTH_PRECISION for v in time_precision.values], dtype=bool)
    monthly = by_month[time_precision.index[take]]
    day = date.index[take]
    # Within a week (2) is still given as a day: the map shows time_precision beside it.
    date_text = np.where(monthly, month[day], iso[day]).tolist()
    date_precision = _objects(("day", "month"))[monthly.astype(np.intp)].tolist()
    tidy = np.ones(rows, dtype=bool)
    if (values := column("notes")) is not None:
        tidy = ~pc.match_substring_regex(values, _UNTIDY).to_numpy(zero_copy_only=False)
    sub_event_type = _Values(column("sub_event_type"), rows, _plain)
    actor1 = _Values(column("actor1"), rows, _plain)
    actor2 = _Values(column("actor2"), rows, _plain)
    outlet = _Values(column("source"), rows, _plain)
    places = _places(column("location"), column("admin1"), column("country"), rows, take)
    features = [
        feature(
            point(x, y),
            {
                "kind": "incident",
                "origin": "acled",
                "acled_event_id": event_ids[row] or None,
                "date": text,
                "date_precision": precision,
                "date_basis": "acled",
                "acled_event_date": acled_date,
                "time_precision": time,
                "event_type": kind,
                "sub_event_type": sub,
                "actor1": first_actor,
                "actor2": second_actor,
                "fatalities": dead,
                "place": place,
                "place_basis": "acled",
                "geo_precision": where,
                "summary": _summary(notes[row], tidy[row]),
                "notes": notes[row],
                "sources": [
                    {
                        "document": source,
                        "text": notes[row],
                        "start": 0,
                        "end": len(notes[row]),
                        "line": line,
                        "outlet": told_by,
                    }
                ],
            },
        )
        for (
            row,
            x,
            y,
            text,
            precision,
            acled_date,
            time,
            kind,
            sub,
            first_actor,
            second_actor,
            dead,
            place,
            where,
            line,
            told_by,
        ) in zip(
            take.tolist(),
            lon.at(take),
            lat.at(take),
            date_text,
            date_precision,
            iso[day].tolist(),
            time_precision.at(take),
            event_type.at(take),
            sub_event_type.at(take),
            actor1.at(take),
            actor2.at(take),
            fatalities.at(take),
            places,
            geo_precision.at(take),
            lines[take].tolist(),
            outlet.at(take),
            strict=True,
        )  # fmt: skip
    ]
    return features, told


def _objects(values: Iterable[Any]) -> np.ndarray:
    """Return ``values`` as a numpy array of Python objects (never split into a 2-D array)."""
    items = list(values)
    array = np.empty(len(items), dtype=object)
    for i, value in enumerate(items):
        array[i] = value
    return array


def _places(
    location: pa.ChunkedArray | None,
    admin1: pa.ChunkedArray | None,
    country: pa.ChunkedArray | None,
    rows: int,
    take: np.ndarray,
) -> list[str | None]:
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
    return _objects(made)[inverse.reshape(-1)].tolist()


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
    data, start = _content(path_or_text, source, name)
    head = data[start : start + _HEAD_BYTES].decode("utf-8", "ignore")
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
    records = _arrow_records(data, start, delimiter, len(header))
    if records is None:
        records = _python_records(data[start:].decode("utf-8"), delimiter, len(header))
    del data  # the columns hold what is needed of it
    # A million incidents are some ten million new dicts and lists, none in a cycle:
    # the collector would walk them again and again as they pile up (a third of the time).
    with collector_paused():
        features, problems = _incidents(records, header, columns, delimiter, source)

    documents = [
        {
            "id": source,
            "outlet": "ACLED",
            "published": None,
            "published_basis": None,
            "url": ACLED_URL,
        }
    ]
    collection = feature_collection(
        features,
        geo={"version": __version__, "documents": documents, "attribution": [ATTRIBUTION]},
    )
    return collection, problems
