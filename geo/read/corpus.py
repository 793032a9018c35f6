"""Corpus files: JSON Lines, CSV and Parquet tables holding one report a row.

An archive of news (an outlet's coverage, a GDELT or Common Crawl extract)
comes as tables, not as one file per report. A row gives the report's text
and, in columns whose names ``CorpusColumns`` holds, its publication date,
url, outlet and id. JSON Lines and CSV files may be gzip or zstd compressed
(``.gz``, ``.zst``). Each row becomes an :class:`~geo.read.articles.Article`
as a file of its own would (the same markup blanking, size limit and
metadata lines); a row that cannot be one is named by file and line and
skipped, and the rest goes on.

A corpus is read in parts (``corpus_parts``): ranges of rows that can be
read on their own, so that a cluster can share them out. An uncompressed
JSON Lines file is cut at line boundaries, a Parquet file at row groups; a
compressed file or a CSV file (whose quoted fields may hold newlines) is one
part.
"""

from __future__ import annotations

import csv
import datetime as dt
import glob
import hashlib
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import ArticleReadError, one_line
from geo.read.articles import (
    MAX_ARTICLE_BYTES,
    Article,
    article_from_text,
    csv_records,
    safe_name,
)
from geo.read.markup import blank_furniture, blank_markup

JSONL_SUFFIXES = (".jsonl", ".ndjson")
COMPRESSIONS = {".gz": "gzip", ".zst": "zstd"}
CORPUS_SUFFIXES = (*JSONL_SUFFIXES, ".csv", ".parquet")
DEFAULT_ROWS_PER_PART = 2000
_GLOB_CHARS = set("*?[")
_SCAN_BYTES = 1 << 22


@dataclass(frozen=True)
class CorpusColumns:
    """The names of a corpus's columns: the text's, and the optional metadata's."""

    text: str = "text"
    date: str = "date"
    url: str = "url"
    outlet: str = "outlet"
    id: str = "id"


DEFAULT_COLUMNS = CorpusColumns()


@dataclass(frozen=True)
class CorpusPart:
    """Rows of one corpus file that can be read on their own.

    ``start`` and ``stop`` are byte offsets for an uncompressed JSON Lines
    file (``first_line`` the number of the line at ``start``), row group
    numbers for Parquet, and 0, -1 (the whole file) otherwise.
    """

    path: str
    start: int = 0
    stop: int = -1
    first_line: int = 1

    @property
    def name(self) -> str:
        return safe_name(self.path)


def compression_of(path: str | os.PathLike) -> tuple[str | None, str]:
    """Return the compression a file's name says (None for none) and its suffix without it."""
    name = os.fspath(path).lower()
    for ending, codec in COMPRESSIONS.items():
        if name.endswith(ending):
            return codec, Path(name[: -len(ending)]).suffix
    return None, Path(name).suffix


def is_corpus_file(path: str | os.PathLike, columns: CorpusColumns = DEFAULT_COLUMNS) -> bool:
    """Return whether ``path`` is a corpus table: JSON Lines, or CSV/Parquet with a text column.

    A CSV whose header has no text column is left to the other readers (an
    ACLED export, or an article), as is a Parquet file without one (a table
    of features, ``geo.tables``).
    """
    codec, suffix = compression_of(path)
    if suffix in JSONL_SUFFIXES:
        return True
    if suffix == ".parquet" and codec is None:
        try:
            import pyarrow.parquet as pq

            return columns.text in pq.read_schema(path).names
        except (OSError, ValueError, ImportError):
            return False
    if suffix == ".csv":
        try:
            with _open_text(path, codec) as handle:
                header = next(csv.reader([handle.readline(1 << 16)]), [])
        except (OSError, ValueError, UnicodeDecodeError, csv.Error):
            return False
        return columns.text in [h.strip().lstrip("\ufeff") for h in header]
    return False


def expand_globs(inputs: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """Return ``inputs`` with each pattern ("reports/*.jsonl.gz") as the files it matches.

    A name that exists is taken as it is, even with a ``*`` in it. A pattern
    matching nothing is one line in the returned problems.
    """
    found: list[str] = []
    problems: list[str] = []
    for item in inputs:
        if item == "-" or not _GLOB_CHARS & set(item) or os.path.lexists(item):
            found.append(item)
            continue
        matches = sorted(glob.glob(item, recursive=True))
        if not matches:
            problems.append(f"{safe_name(item)}: no file matches this pattern")
        found += matches
    return tuple(found), problems


def _open_binary(path: str | os.PathLike, codec: str | None) -> io.BufferedReader:
    if codec is None:
        return open(path, "rb")
    import pyarrow as pa

    # pyarrow's streams decompress gzip and zstd alike (Python 3.11 has no zstd).
    return io.BufferedReader(pa.input_stream(os.fspath(path), compression=codec))


def _open_text(path: str | os.PathLike, codec: str | None) -> io.TextIOWrapper:
    return io.TextIOWrapper(_open_binary(path, codec), encoding="utf-8-sig", newline="")


def file_digest(path: str | os.PathLike) -> str:
    """Return the SHA-256 of a file's bytes (hex): what a part's results are keyed by."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_SCAN_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def corpus_parts(path: str, rows_per_part: int = DEFAULT_ROWS_PER_PART) -> list[CorpusPart]:
    """Return the parts of the corpus file at ``path``, each about ``rows_per_part`` rows.

    Raises ``ArticleReadError`` naming the file when it cannot be read.
    """
    codec, suffix = compression_of(path)
    try:
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            meta = pq.ParquetFile(path).metadata
            parts, first, rows = [], 0, 0
            for group in range(meta.num_row_groups):
                rows += meta.row_group(group).num_rows
                if rows >= rows_per_part:
                    parts.append(CorpusPart(path, first, group + 1))
                    first, rows = group + 1, 0
            if first < meta.num_row_groups or not parts:
                parts.append(CorpusPart(path, first, meta.num_row_groups))
            return parts
        if suffix not in JSONL_SUFFIXES or codec is not None:
            return [CorpusPart(path)]
        return _line_parts(path, rows_per_part)
    except (OSError, ValueError) as exc:
        raise ArticleReadError(f"{safe_name(path)}: cannot read ({one_line(exc)})") from exc


def _line_parts(path: str, rows_per_part: int) -> list[CorpusPart]:
    """Cut an uncompressed JSON Lines file after every ``rows_per_part``-th line."""
    parts: list[CorpusPart] = []
    start, first_line, line, offset = 0, 1, 1, 0
    with open(path, "rb") as handle:
        while piece := handle.readline(_SCAN_BYTES):
            offset += len(piece)
            if not piece.endswith(b"\n"):
                continue  # a long line read in pieces, or the file's last line
            line += 1
            if line - first_line == rows_per_part:
                parts.append(CorpusPart(path, start, offset, first_line))
                start, first_line = offset, line
    if offset > start or not parts:
        parts.append(CorpusPart(path, start, offset, first_line))
    return parts


def read_part(
    part: CorpusPart,
    problems: list[str],
    *,
    columns: CorpusColumns = DEFAULT_COLUMNS,
    default_date: dt.date | None = None,
) -> Iterator[Article]:
    """Yield the articles of one part of a corpus file; each bad row is a line in ``problems``.

    A file that cannot be read at all is one line too.
    """
    codec, suffix = compression_of(part.path)
    try:
        if suffix == ".parquet":
            rows = _parquet_rows(part, columns)
        elif suffix == ".csv":
            rows = _csv_rows(part, codec)
        else:
            rows = _json_rows(part, codec)
        for where, row in rows:
            if isinstance(row, str):
                problems.append(f"{part.name}, {where}: {row}; row skipped")
                continue
            try:
                yield _article(row, where, part, columns, default_date)
            except ArticleReadError as exc:
                problems.append(f"{part.name}, {where}: {exc}; row skipped")
    except (OSError, ValueError, EOFError) as exc:
        problems.append(f"{part.name}: cannot read ({one_line(exc)}); the rest of it skipped")


def read_corpus(
    path: str,
    problems: list[str],
    *,
    columns: CorpusColumns = DEFAULT_COLUMNS,
    default_date: dt.date | None = None,
) -> Iterator[Article]:
    """Yield every article of the corpus file at ``path`` (see ``read_part``)."""
    yield from read_part(CorpusPart(path), problems, columns=columns, default_date=default_date)


def _json_rows(part: CorpusPart, codec: str | None) -> Iterator[tuple[str, dict | str]]:
    line = part.first_line
    with _open_binary(part.path, codec) as handle:
        if part.start:
            handle.seek(part.start)
        left = part.stop - part.start if part.stop >= 0 else None
        while left is None or left > 0:
            raw = handle.readline(MAX_ARTICLE_BYTES + 1)
            if not raw:
                return
            where = f"line {line}"
            line += 1
            consumed = len(raw)
            too_long = consumed > MAX_ARTICLE_BYTES and not raw.endswith(b"\n")
            if too_long:
                raw = b""  # let go of it, and pass over the rest of the line
                while more := handle.readline(_SCAN_BYTES):
                    consumed += len(more)
                    if more.endswith(b"\n"):
                        break
            if left is not None:
                left -= consumed
            if too_long:
                yield where, f"longer than the {MAX_ARTICLE_BYTES:,}-byte limit for one article"
                continue
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except (ValueError, UnicodeDecodeError) as exc:
                yield where, f"not JSON ({one_line(exc, 80)})"
                continue
            yield where, row if isinstance(row, dict) else "not a JSON object"


def _csv_rows(part: CorpusPart, codec: str | None) -> Iterator[tuple[str, dict | str]]:
    previous = csv.field_size_limit()
    csv.field_size_limit(MAX_ARTICLE_BYTES)
    try:
        with _open_text(part.path, codec) as handle:
            records = csv_records(csv.reader(handle))
            header = next(records, (1, []))[1]
            if isinstance(header, str):
                raise ValueError(f"line 1: {header}")
            header = [h.strip() for h in header]
            for line, record in records:
                if isinstance(record, str):
                    yield f"line {line}", record
                elif any(field.strip() for field in record):
                    yield f"line {line}", dict(zip(header, record, strict=False))
    finally:
        csv.field_size_limit(previous)


def _parquet_rows(part: CorpusPart, columns: CorpusColumns) -> Iterator[tuple[str, dict | str]]:
    import pyarrow.parquet as pq

    table = pq.ParquetFile(part.path)
    wanted = (columns.text, columns.date, columns.url, columns.outlet, columns.id)
    present = [c for c in dict.fromkeys(wanted) if c in table.schema_arrow.names]
    meta = table.metadata
    stop = meta.num_row_groups if part.stop < 0 else part.stop
    row = 1 + sum(meta.row_group(g).num_rows for g in range(part.start))
    for group in range(part.start, stop):
        for batch in table.iter_batches(row_groups=[group], columns=present, batch_size=1024):
            for record in batch.to_pylist():
                yield f"row {row}", record
                row += 1


def _text_of(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip() or None


def _date(value: str | None, column: str) -> str | None:
    """Return the day of a date or timestamp cell ("2024-03-01", "2024-03-01T09:30:00Z")."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise ArticleReadError(f"{column} {value[:40]!r} is not a date (YYYY-MM-DD)") from None


def _article(
    row: dict,
    where: str,
    part: CorpusPart,
    columns: CorpusColumns,
    default_date: dt.date | None,
) -> Article:
    text = row.get(columns.text)
    if not isinstance(text, str) or not text.strip():
        raise ArticleReadError(f"no text in its {columns.text!r} column")
    if len(text) > MAX_ARTICLE_BYTES // 4 and len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise ArticleReadError(f"longer than the {MAX_ARTICLE_BYTES:,}-byte limit for one article")
    doc_id = _text_of(row.get(columns.id)) or f"{Path(part.path).name}:{where.split()[-1]}"
    metadata = {
        "published": _date(_text_of(row.get(columns.date)), columns.date) or "",
        "outlet": _text_of(row.get(columns.outlet)) or "",
        "url": _text_of(row.get(columns.url)) or "",
    }
    return article_from_text(
        blank_furniture(blank_markup(text)),
        safe_name(doc_id),
        metadata=metadata,
        default_date=default_date,
        path=part.path,
        described_as=f"its {columns.date!r} column",
    )


def count_rows(path: str) -> int:
    """Return how many rows a corpus file holds (blank lines of JSON Lines not counted)."""
    codec, suffix = compression_of(path)
    try:
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        if suffix == ".csv":
            with _open_text(path, codec) as handle:
                return max(0, sum(1 for _ in csv.reader(handle)) - 1)
        with _open_binary(path, codec) as handle:
            return sum(1 for raw in iter(lambda: handle.readline(_SCAN_BYTES), b"") if raw.strip())
    except (OSError, ValueError, csv.Error, UnicodeDecodeError):
        return 0  # said when it is read


class CorpusFiles:
    """The articles of corpus files, read a row at a time when iterated.

    ``len()`` is the number of rows (counted once, when first asked);
    ``problems`` gets one line per bad row or unreadable file, as met.
    """

    def __init__(
        self,
        paths: list[str],
        problems: list[str],
        *,
        columns: CorpusColumns = DEFAULT_COLUMNS,
        default_date: dt.date | None = None,
    ):
        self.paths, self.problems = paths, problems
        self.columns, self.default_date = columns, default_date
        self._rows: int | None = None

    def __len__(self) -> int:
        if self._rows is None:
            self._rows = sum(count_rows(p) for p in self.paths)
        return self._rows

    def __iter__(self) -> Iterator[Article]:
        for path in self.paths:
            yield from read_corpus(
                path, self.problems, columns=self.columns, default_date=self.default_date
            )


def corpus_files_in(
    folder: str | os.PathLike, columns: CorpusColumns = DEFAULT_COLUMNS
) -> list[str]:
    """Return the corpus tables directly in ``folder``, in name order (none if unreadable)."""
    try:
        entries = sorted(Path(folder).iterdir())
    except OSError:
        return []
    return [
        os.fspath(p)
        for p in entries
        if p.name[0] not in "._"
        and compression_of(p)[1] in CORPUS_SUFFIXES
        and p.is_file()
        and is_corpus_file(p, columns)
    ]
