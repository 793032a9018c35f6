"""ACLED exports as a file: from its bytes to its rows, before any value is read.

What an export must look like to be one (its header, ``is_acled_csv``, and a
collection made from one, ``is_acled_collection``); a bounded sample checked
for binary content; the encoding, its byte-order mark and bad UTF-8 named by
line; the delimiter; and the rows as pyarrow's CSV reader gives them, or
Python's csv module where pyarrow cannot read the file as csv would, with
each row's physical line. ``geo.read.acled`` reads the values of those rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import AnyStr

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from geo.errors import InputFormatError
from geo.read import articles as documents
from geo.read.acled_scan import Source, scan_file
from geo.read.articles import TABLE_LIMIT, decode_text

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
        # At most geo.read.articles.MAX_TABLE_BYTES, be it a file or a stream.
        path = Path(path_or_text)
        data = documents.read_file(path, documents.MAX_TABLE_BYTES, TABLE_LIMIT, name or source)
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


def source_of(
    path_or_text: str | os.PathLike[str] | bytes, source: str, name: str | None = None
) -> Source:
    """Return the CSV's bytes as the reader takes them (see ``_content``).

    A regular file of UTF-8 text is scanned on disk and read by pyarrow itself
    (``geo.read.acled_scan``), never held whole; anything else is read whole.
    """
    text_given = isinstance(path_or_text, str) and ("\n" in path_or_text or "\r" in path_or_text)
    if not text_given and not isinstance(path_or_text, bytes):
        sample: list[bytes] = []
        scanned = scan_file(Path(path_or_text), name or source, sample)
        if scanned is not None:
            _reject_binary(b"".join(sample), source)
            return scanned
    data, start = _content(path_or_text, source, name)
    return Source.of_bytes(data, start)


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


def _parse(
    source: Source,
    delimiter: str,
    width: int,
    *,
    threads: bool,
    wanted: Sequence[int] | None = None,
) -> tuple[pa.Table, list[tuple[int | None, str]]] | None:
    """Return ``source`` parsed by pyarrow, and the rows it set aside (number, text).

    Only the ``wanted`` columns (all when None) are made, named by their position
    as ever. None when pyarrow cannot parse it at all.
    """
    odd: list[tuple[int | None, str]] = []

    def set_aside(row: pa_csv.InvalidRow) -> str:
        odd.append((row.number, row.text))
        return "skip"

    text = source.parsed()
    try:
        table = pa_csv.read_csv(
            text,
            read_options=pa_csv.ReadOptions(
                use_threads=threads, block_size=_BLOCK_BYTES, column_names=_names(width)
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
                include_columns=[f"f{i}" for i in sorted(set(wanted))] if wanted else None,
            ),
        )
    except pa.ArrowException:
        return None
    finally:
        if not isinstance(text, pa.Buffer):
            text.close()
    return table, odd


def _blank_in(
    table: pa.Table, columns: Sequence[int], lines: Callable[[np.ndarray], list[list[str]]]
) -> bool:
    """Return whether a row of ``table`` may be blank in every cell though it is not in
    those it has: blank in every one of ``columns``, its line (``lines`` of the rows)
    holding more than blanks."""
    blank = None
    for i in columns:
        found = pc.match_substring_regex(table.column(f"f{i}"), _BLANK)
        blank = found if blank is None else pc.and_(blank, found)
    if blank is None or not pc.any(blank).as_py():
        return False
    rows = np.flatnonzero(blank.to_numpy(zero_copy_only=False))
    return any(any(cell.strip() for cell in fields) for fields in lines(rows))


def _arrow_records(
    source: Source,
    delimiter: str,
    width: int,
    wanted: Sequence[int] | None = None,
    required: Sequence[int] = (),
) -> _Records | None:
    """Return the records of ``source`` parsed by pyarrow, column by column.

    None when pyarrow cannot parse the file the way Python's csv module
    does (a record longer than a block, say): the caller then reads it row by row.

    Only the ``wanted`` columns are made (the others are skipped, saving a third
    of the time and memory of a million rows) when nothing about a row can hang
    on the others: no line is longer than a field may be, no record spans two
    lines (its line breaks would count), and no row is blank in every
    ``required`` column (such a row is judged on all its cells). Otherwise all.
    """
    breaks = source.breaks
    if source.longest() > csv.field_size_limit():
        wanted = None
    # Parsed on every core first; a file with rows to set aside is parsed again on one
    # thread, as only then does pyarrow number the rows it sets aside.
    parsed = _parse(source, delimiter, width, threads=True, wanted=wanted)
    if parsed is not None and parsed[1]:
        parsed = _parse(source, delimiter, width, threads=False, wanted=wanted)
    if parsed is None:
        return None
    table, odd = parsed
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
    lone_returns = source.returns - source.paired  # \r not followed by \n
    total = breaks.size + lone_returns
    ends = records if source.last in (b"\n", b"\r") else records - 1

    def lines(rows: np.ndarray) -> list[list[str]]:
        # The fields of the rows' lines: record n is line n when none spans two.
        starts = np.concatenate([[source.start - 1], breaks])
        numbers = row_records[1:][rows]  # (the header is record 1, line 1)
        texts = [source.at(starts[n - 1] + 1, starts[n] if n < starts.size else source.size)
                 for n in numbers.tolist()]  # fmt: skip
        return [_fields(t.decode("utf-8").rstrip("\r"), delimiter) for t in texts]

    if wanted is not None and (
        total != ends or lone_returns or _blank_in(table.slice(1), required, lines)
    ):
        return _arrow_records(source, delimiter, width)  # every column, then
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
