"""The ACLED reader as it was before it read column by column: the tests' reference.

Python's csv module, one row at a time, each value checked as it comes
(geo.read.acled before pyarrow). tests/read/test_acled_columns.py holds the
column-wise reader to what this one gives on generated exports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from geo import __version__
from geo.errors import ArticleReadError, InputFormatError, one_line
from geo.features import feature, feature_collection, point
from geo.read import articles as documents
from geo.read.articles import DATA_LIMIT, decode_text

ATTRIBUTION = "ACLED (Armed Conflict Location & Event Data), acleddata.com"
ACLED_URL = "https://acleddata.com/"

REQUIRED = ("event_date", "latitude", "longitude")
CONTENT = ("event_type", "notes")  # a row needs at least one of these to say what happened

SUMMARY_CHARS = 300
# ACLED's time_precision: 1 = the exact day, 2 = within a week of it, 3 = within its month.
_DAY_PRECISIONS = {1, 2}
_MONTH_PRECISION = 3
_GEO_PRECISIONS = {1, 2, 3}  # 1 = the town itself, 2 = near it, 3 = the wider region
_DELIMITERS = (",", ";", "\t")  # ACLED writes commas; spreadsheets re-save with ; or tabs
_SHOWN_CHARS = 60  # a value quoted in a problem line is cut here to keep the line readable

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


def _decode(data: bytes, source: str) -> str:
    """Return ``data`` as text (UTF-8 with or without BOM, UTF-16/32, Windows-1252)."""
    try:
        return decode_text(data, source)
    except ArticleReadError as exc:
        # Empty or binary content is a wrong kind of input, not an unreadable file.
        raise InputFormatError(str(exc)) from exc


def _load(path_or_text: str | os.PathLike[str] | bytes, source: str) -> str:
    """Return the CSV text: read from a path, decoded from bytes, or given as is.

    A ``str`` with a line break is CSV text; any other ``str`` is a path.
    """
    if isinstance(path_or_text, bytes):
        return _decode(path_or_text, source)
    if isinstance(path_or_text, str) and ("\n" in path_or_text or "\r" in path_or_text):
        # Text read as "utf-8" rather than "utf-8-sig" still starts with the BOM.
        return path_or_text.removeprefix("\ufeff")
    # At most geo.read.articles.MAX_DATA_BYTES, be it a file or a stream.
    data = documents.read_file(Path(path_or_text), documents.MAX_DATA_BYTES, DATA_LIMIT, source)
    return _decode(data, source)


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


def _incident(get: Callable[[str], str], line: int, source: str, wrong: list[str]) -> dict | None:
    """Return the incident feature of one row, or None after adding its defects to ``wrong``."""
    lat = _coordinate(get("latitude"), "latitude", 90, wrong)
    lon = _coordinate(get("longitude"), "longitude", 180, wrong)
    raw_date = get("event_date")
    date = _parse_date(raw_date)
    if date is None:
        what = "is missing" if not raw_date.strip() else "is not a date like 2017-06-08"
        wrong.append(f"event_date {what} ({_shown(raw_date)})")
    time_precision = _small_int(
        get("time_precision"), "time_precision", _DAY_PRECISIONS | {_MONTH_PRECISION}, wrong
    )
    geo_precision = _small_int(get("geo_precision"), "geo_precision", _GEO_PRECISIONS, wrong)
    fatalities = _small_int(get("fatalities"), "fatalities", None, wrong)
    event_type = one_line(get("event_type"), limit=None) or None
    notes = get("notes").strip()
    if event_type is None and not notes:
        wrong.append("neither event_type nor notes says what happened ('')")
    if wrong or lat is None or lon is None or date is None:
        return None

    if time_precision == _MONTH_PRECISION:
        date_text, date_precision = date.strftime("%Y-%m"), "month"
    else:
        # Within a week (2) is still given as a day: the map shows time_precision beside it.
        date_text, date_precision = date.isoformat(), "day"
    return feature(
        point(lon, lat),
        {
            "kind": "incident",
            "origin": "acled",
            "acled_event_id": get("event_id_cnty").strip() or None,
            "date": date_text,
            "date_precision": date_precision,
            "date_basis": "acled",
            "acled_event_date": date.isoformat(),
            "time_precision": time_precision,
            "event_type": event_type,
            "sub_event_type": one_line(get("sub_event_type"), limit=None) or None,
            "actor1": one_line(get("actor1"), limit=None) or None,
            "actor2": one_line(get("actor2"), limit=None) or None,
            "fatalities": fatalities,
            "place": _place(get("location"), get("admin1"), get("country")),
            "place_basis": "acled",
            "geo_precision": geo_precision,
            "summary": summarize(notes),
            "notes": notes,
            "sources": [
                {
                    "document": source,
                    "text": notes,
                    "start": 0,
                    "end": len(notes),
                    "line": line,
                    "outlet": one_line(get("source"), limit=None) or None,
                }
            ],
        },
    )


def read_acled(
    path_or_text: str | os.PathLike[str] | bytes, *, source: str
) -> tuple[dict, list[str]]:
    """Return the incidents of an ACLED CSV as a FeatureCollection, and one line per bad row.

    ``path_or_text`` is a path, the file's bytes, or its text (a ``str`` holding a
    line break). ``source`` names the file in problems and in every incident's
    ``sources``. A bad row (coordinates missing, not numbers or out of range,
    a date that is not one, a wrong number of fields, an empty row, a value
    outside ACLED's codes, a repeated event id) is reported and left out.

    Raises ``InputFormatError`` when the header lacks event_date, latitude,
    longitude, or both event_type and notes, and ``ArticleReadError`` when the
    file cannot be read.
    """
    text = _load(path_or_text, source)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
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

    features: list[dict] = []
    problems: list[str] = []
    blank_lines: list[int] = []  # reported only if a row follows: trailing blank lines are fine
    first_line_of: dict[str, int] = {}
    for line, row in _records(reader, lambda: reader.line_num):
        if isinstance(row, str):
            problems.append(f"{source}, line {line}: {row}")
            continue
        if not any(cell.strip() for cell in row):
            blank_lines.append(line)
            continue
        problems += [f"{source}, line {n}: empty row ('')" for n in blank_lines]
        blank_lines.clear()
        if len(row) != len(header):
            problems.append(
                f"{source}, line {line}: {len(row)} fields where the header has {len(header)}"
                f" ({_shown(delimiter.join(row))})"
            )
            continue

        def get(name: str, row: list[str] = row) -> str:
            i = columns.get(name)
            return row[i] if i is not None else ""

        wrong: list[str] = []
        event_id = get("event_id_cnty").strip()
        if event_id and event_id in first_line_of:
            # Merged exports repeat events; drawing one twice would double its weight on the map.
            first = first_line_of[event_id]
            wrong.append(f"event_id_cnty repeats line {first} ({_shown(event_id)})")
        incident = _incident(get, line, source, wrong)
        if incident is None:
            problems.append(f"{source}, line {line}: {'; '.join(wrong)}")
            continue
        if event_id:
            first_line_of[event_id] = line
        features.append(incident)

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
