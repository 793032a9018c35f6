"""Articles: reading report texts from files, folders and stdin, with their metadata.

``read_articles`` is the front door. It never stops at a bad file: each problem
becomes one line in the returned list of problems, and the other articles go on.

Conventions understood in the text itself (as in news scrapes):

- a leading ``date YYYY-MM-DD`` gives the publication date;
- a trailing ``Source » outlet`` line gives the outlet.

A folder may hold ``metadata.csv`` with columns ``file, published,
published_basis, outlet, url, note`` for articles that carry no such lines; a
date given there is the user's word (or the user's inference, when
``published_basis`` says so), never the tool's guess. ``--date`` is the last
fallback for articles with no date at all. Offsets used anywhere in geo refer to
``Article.text``, the whole decoded file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import errno
import io
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from geo.errors import ArticleReadError
from geo.read.markup import blank_furniture, blank_markup

ARTICLE_SUFFIXES = (".txt",)
METADATA_FILE = "metadata.csv"
# Read limits. A regular file's size is checked before reading; anything else
# (stdin, a pipe, a device such as /dev/zero, a process substitution) is read up
# to the limit and one byte more, then refused, so nothing is read without bound.
MAX_ARTICLE_BYTES = 5_000_000
# GeoJSON and CSV inputs (ACLED exports, metadata.csv) can rightly be hundreds of MB.
MAX_DATA_BYTES = 500_000_000
# An ACLED export is read as typed columns, not one Python object per value: about twice
# its size in memory, not GeoJSON's tenfold. ACLED's whole history (2M+ events) fits.
MAX_TABLE_BYTES = 2_000_000_000
ARTICLE_LIMIT = "one article"
DATA_LIMIT = "a GeoJSON or CSV input"
TABLE_LIMIT = "an ACLED CSV input"
_CHUNK_BYTES = 1 << 20

# What a name must not carry into an id or a one-line message: lone surrogates
# (bytes that are not UTF-8), control characters and line separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_DATE_LINE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")
_SOURCE_LINE = re.compile(r"(?:^|\n)[ \t]*Source\s*»\s*(?P<outlet>[^\n]+?)\s*\Z")


@dataclass(frozen=True)
class Article:
    """One report: its text and what is known about where and when it was published."""

    id: str
    text: str
    published: dt.date | None = None
    published_basis: str | None = None  # "text", "metadata", "metadata (inferred: ...)", "option"
    outlet: str | None = None
    url: str | None = None
    body_start: int = 0
    body_end: int | None = None
    path: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def body(self) -> str:
        """Return the text without the metadata lines."""
        return self.text[self.body_start : self.body_end]


def safe_name(value: str | os.PathLike[str]) -> str:
    """Return a file name or path as one line of text any output can hold, every byte told.

    A Linux file name is bytes; Python keeps the bytes that are not UTF-8 as
    lone surrogates, which UTF-8 cannot encode. Each becomes a ``\\xff``-style
    escape here, as does a control character (a newline is ``\\x0a``); any
    other lone surrogate or line separator is a ``\\uXXXX`` escape. So a
    document id or a message naming the file is always valid text on one
    line. Other names are unchanged.
    """
    return _UNPRINTABLE.sub(_escaped, os.fspath(value))


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, kept by surrogateescape
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def decode_text(data: bytes, name: str) -> str:
    """Return ``data`` decoded as text: UTF-8, UTF-16/32 with a BOM, else Windows-1252.

    Raises ``ArticleReadError`` for empty or binary content.
    """
    if not data.strip():
        raise ArticleReadError(f"{name}: file is empty")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ArticleReadError(f"{name}: broken {encoding} text ({exc.reason})") from exc
            return _reject_binary(text, name)
    if b"\x00" in data:
        raise ArticleReadError(f"{name}: binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Text that is not UTF-8 is nearly always Windows-1252 in news scrapes;
        # its five undefined bytes only occur in binary data.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ArticleReadError(f"{name}: binary file, not text") from exc
    return _reject_binary(text, name)


def _reject_binary(text: str, name: str) -> str:
    if not text.strip():
        raise ArticleReadError(f"{name}: file is empty")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in text or controls > max(8, len(text) // 100):
        raise ArticleReadError(f"{name}: binary file, not text")
    return text


def parse_date(value: str, where: str) -> dt.date:
    """Return the date in ``value`` (YYYY-MM-DD); errors name ``where``."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ArticleReadError(f"{where}: date {value!r} is not YYYY-MM-DD") from None


def article_from_text(
    text: str,
    doc_id: str,
    *,
    metadata: dict[str, str] | None = None,
    default_date: dt.date | None = None,
    path: str | None = None,
    described_as: str = METADATA_FILE,
) -> Article:
    """Return an Article for ``text``: its own lines first, then ``metadata`` (``described_as``)."""
    published = None
    basis = None
    body_start, body_end = 0, len(text)
    outlet = url = None
    notes: list[str] = []

    if m := _DATE_LINE.match(text):
        published = parse_date(m.group(1), doc_id)
        basis = "text"
        body_start = m.end()
    if m := _SOURCE_LINE.search(text, body_start):
        outlet = m["outlet"]
        body_end = m.start()

    meta = metadata or {}
    if meta.get("published"):
        meta_date = parse_date(meta["published"], f"{METADATA_FILE} entry for {doc_id}")
        if published is None:
            published = meta_date
            given = (meta.get("published_basis") or "").strip()
            basis = f"metadata ({given})" if given else "metadata"
        elif meta_date != published:
            notes.append(
                f"{described_as} says {meta_date}, the text says {published}; the text wins"
            )
    outlet = outlet or (meta.get("outlet") or "").strip() or None
    url = (meta.get("url") or "").strip() or None
    if published is None and default_date is not None:
        published, basis = default_date, "option"

    return Article(
        id=doc_id,
        text=text,
        published=published,
        published_basis=basis,
        outlet=outlet,
        url=url,
        body_start=body_start,
        body_end=body_end,
        path=path,
        notes=tuple(notes),
    )


def read_metadata(
    folder: Path, problems: list[str], *, follow_links: bool = False
) -> dict[str, dict[str, str]]:
    """Return ``metadata.csv`` of ``folder`` keyed by file name (empty when absent).

    A row the csv module cannot read (a field over its size limit, say) is
    one line in ``problems``, naming the file and line, and is left out; the
    other rows are kept. A file that cannot be used at all raises
    ``ArticleReadError``. A symbolic link is followed as an article's is (see
    ``read_articles``).
    """
    path = folder / METADATA_FILE
    name = safe_name(path)
    try:
        if (why := _link_problem(path, folder.resolve(), follow_links)) is not None:
            raise ArticleReadError(f"{name}: {why}")
        if not path.is_file():
            return {}
    except (OSError, RuntimeError) as exc:
        if isinstance(exc, ArticleReadError):
            raise
        reason = getattr(exc, "strerror", None) or exc
        raise ArticleReadError(f"{name}: cannot read ({reason})") from exc
    text = decode_text(read_file(path, MAX_DATA_BYTES, DATA_LIMIT, name), name)
    reader = csv.reader(io.StringIO(text, newline=""))
    records = csv_records(reader)
    header = next(records, (1, []))[1]
    if isinstance(header, str):
        raise ArticleReadError(f"{name}, line 1: {header}")
    if "file" not in header:
        raise ArticleReadError(f"{name}: needs a header row with a 'file' column")
    rows: dict[str, dict[str, str]] = {}
    for line, record in records:
        if isinstance(record, str):
            problems.append(f"{name}, line {line}: {record}; row skipped")
            continue
        row = dict(zip(header, record, strict=False))
        if row.get("file"):
            rows[row["file"].strip()] = row
    return rows


def csv_records(reader: Any) -> Iterator[tuple[int, list[str] | str]]:
    """Yield (first line, fields) per CSV record, or (line, why) for one csv cannot read.

    The csv reader starts afresh at the next line after an error, so one bad
    record does not end the file.
    """
    while True:
        line = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                limit = csv.field_size_limit()
                yield line, f"a field is longer than {limit:,} characters"
            else:
                yield line, f"not readable as CSV ({exc})"
            continue
        yield line, record


def _article_files(
    folder: Path, problems: list[str], follow_links: bool
) -> tuple[list[Path], set[str]]:
    """Return the article files of ``folder`` in name order, and the names skipped.

    A symbolic link is read when it leads to a file in the folder (or anywhere
    with ``follow_links``); one out of the folder, dangling or in a loop is one
    line in ``problems`` and skipped.
    """
    try:
        entries = sorted(p for p in folder.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
        root = folder.resolve()
    except (OSError, RuntimeError) as exc:
        why = getattr(exc, "strerror", None) or exc
        raise ArticleReadError(f"{safe_name(folder)}: cannot list folder ({why})") from exc
    files: list[Path] = []
    skipped: set[str] = set()
    for entry in entries:
        try:
            why = _link_problem(entry, root, follow_links)
            if why is None and entry.is_file():
                files.append(entry)
        except OSError as exc:
            why = f"cannot read ({exc.strerror or exc})"
        if why is not None:
            problems.append(f"{safe_name(entry)}: {why}")
            skipped.add(safe_name(entry.name))
    return files, skipped


def _broken_link(path: Path) -> str | None:
    """Return what is wrong with ``path`` if it is a symbolic link leading nowhere, else None."""
    if not path.is_symlink():
        return None
    try:
        path.resolve(strict=True)
    except FileNotFoundError:
        return "dangling symbolic link"
    except RuntimeError:  # a loop, before Python 3.13
        return "symbolic link loop"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        raise
    return None


def _link_problem(path: Path, root: Path, follow_links: bool) -> str | None:
    """Return why the folder entry ``path`` is skipped as a symbolic link, or None to read it.

    ``root`` is the folder, resolved. Only links to regular files are named:
    anything else in a folder is passed over, as it always was.
    """
    if (broken := _broken_link(path)) is not None:
        return f"{broken}; skipped"
    if not path.is_symlink() or follow_links:
        return None
    target = path.resolve(strict=True)
    if target.is_relative_to(root) or not target.is_file():
        return None
    return "symbolic link to a file outside the folder; skipped (use --follow-links)"


def _check_size(
    size: int, name: str, limit: int = MAX_ARTICLE_BYTES, what: str = ARTICLE_LIMIT
) -> None:
    if size > limit:
        raise ArticleReadError(
            f"{name}: {size:,} bytes is larger than the {limit:,}-byte limit for {what}"
        )


def too_long(name: str, limit: int, what: str) -> str:
    """Return the problem line for a stream that went on past ``limit`` bytes."""
    return f"{name}: longer than the {limit:,}-byte limit for {what}; stopped reading there"


def read_at_most(handle: BinaryIO, size: int) -> bytes:
    """Return the next ``size`` bytes of ``handle``, or fewer at its end."""
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = handle.read(min(left, _CHUNK_BYTES))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_file(path: Path, limit: int, what: str, name: str | None = None) -> bytes:
    """Return the bytes of the file at ``path``, refusing more than ``limit`` of them.

    Works for regular files and streams alike (a pipe, a device, /dev/fd/N).
    Raises ``ArticleReadError``, one line naming ``name`` (default: the path).
    """
    name = name or safe_name(path)
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode):
                # Checked before reading, so a huge file is never loaded.
                _check_size(info.st_size, name, limit, what)
                data = handle.read(info.st_size + 1)  # one buffer, not chunks joined
                if len(data) > info.st_size:  # it grew meanwhile: on to the limit
                    data += read_at_most(handle, limit + 1 - len(data))
            else:
                data = read_at_most(handle, limit + 1)
    except ArticleReadError:
        raise
    except OSError as exc:
        raise ArticleReadError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise ArticleReadError(too_long(name, limit, what))
    return data


def read_article_bytes(
    data: bytes,
    doc_id: str,
    *,
    metadata: dict[str, str] | None = None,
    default_date: dt.date | None = None,
    path: str | None = None,
) -> Article:
    """Return the Article in ``data``; raises ``ArticleReadError`` naming ``doc_id``.

    ``doc_id`` is kept printable (see ``safe_name``); ``path`` is kept as given.
    """
    doc_id = safe_name(doc_id)
    name = safe_name(path) if path else doc_id
    _check_size(len(data), name)
    text = blank_furniture(blank_markup(decode_text(data, name)))
    return article_from_text(text, doc_id, metadata=metadata, default_date=default_date, path=path)


def read_article_file(
    path: Path,
    *,
    metadata: dict[str, str] | None = None,
    default_date: dt.date | None = None,
    doc_id: str | None = None,
) -> Article:
    """Return the Article in the file at ``path``; raises ``ArticleReadError``.

    At most ``MAX_ARTICLE_BYTES`` are read, whatever the file is.
    """
    data = read_file(path, MAX_ARTICLE_BYTES, ARTICLE_LIMIT)
    return read_article_bytes(
        data,
        doc_id or safe_name(path.name),
        metadata=metadata,
        default_date=default_date,
        path=str(path),
    )


def _unique_id(file: Path, taken: set[str]) -> str:
    """Return the file's name as its id, or enough of its path to tell it apart.

    Bytes of the name that are not UTF-8 are kept as ``\\xff`` escapes.
    """
    parts = [safe_name(part) for part in file.parts]
    for depth in range(1, len(parts) + 1):
        candidate = "/".join(parts[-depth:])
        if candidate not in taken:
            return candidate
    return safe_name(file)


class ArticleFiles:
    """The articles that files and folders ``inputs`` name: listed at once, read when iterated.

    Listing (folders, their ``metadata.csv``, links) happens on creation;
    each file is read only when the iteration reaches it, so a batch of
    any size holds one article's text at a time. ``len()`` is the number of
    files listed; ``problems`` gets one line for each input or file that
    cannot be read, as they are met. See ``read_articles`` for the rules.
    """

    def __init__(
        self,
        inputs: Iterable[str | Path],
        *,
        default_date: dt.date | None = None,
        follow_links: bool = False,
        problems: list[str] | None = None,
    ):
        self.default_date = default_date
        self.problems: list[str] = problems if problems is not None else []
        self._files: list[tuple[Path, dict[str, str] | None]] = []
        seen: set[Path] = set()
        for item in inputs:
            if not os.fspath(item):
                # Path("") is the current folder; an empty argument is a slip, not a choice.
                self.problems.append("'': an empty name names no file or folder")
                continue
            path = Path(item)
            try:
                files, metadata = _files_of(path, self.problems, follow_links)
            except ArticleReadError as exc:
                self.problems.append(str(exc))
                continue
            for file in files:
                key = file.resolve()
                if key in seen:
                    continue
                seen.add(key)
                self._files.append((file, metadata.get(safe_name(file.name))))

    def __len__(self) -> int:
        return len(self._files)

    def __iter__(self) -> Iterator[Article]:
        ids: set[str] = set()
        for file, metadata in self._files:
            doc_id = _unique_id(file, ids)
            try:
                article = read_article_file(
                    file, metadata=metadata, default_date=self.default_date, doc_id=doc_id
                )
            except ArticleReadError as exc:
                self.problems.append(str(exc))
                continue
            ids.add(doc_id)
            yield article


def read_articles(
    inputs: Iterable[str | Path],
    *,
    default_date: dt.date | None = None,
    follow_links: bool = False,
) -> tuple[list[Article], list[str]]:
    """Return the articles found in files and folders ``inputs``, and one line per problem.

    Folders contribute their ``*.txt`` files in name order, with the folder's
    ``metadata.csv`` applied. A path read twice is read once. An article's id
    is its file name, or as much of its path as tells two same-named files apart.

    A symbolic link in a folder is read when it leads to a file in that
    folder; one leading out of it is skipped, with one line saying so, unless
    ``follow_links``. Dangling links and link loops are named and skipped. A
    file named in ``inputs`` is read wherever a link named there leads.
    """
    files = ArticleFiles(inputs, default_date=default_date, follow_links=follow_links)
    articles = list(files)
    return articles, files.problems


def _files_of(
    path: Path, problems: list[str], follow_links: bool
) -> tuple[list[Path], dict[str, dict[str, str]]]:
    """Return the article files an input names and its folder's metadata."""
    try:
        is_dir, exists = path.is_dir(), path.exists()
        broken = None if exists else _broken_link(path)
    except OSError as exc:
        raise ArticleReadError(f"{safe_name(path)}: cannot read ({exc.strerror or exc})") from exc
    if broken is not None:
        raise ArticleReadError(f"{safe_name(path)}: {broken}")
    if not exists:
        raise ArticleReadError(f"{safe_name(path)}: no such file or folder")
    folder = path if is_dir else path.parent
    try:
        metadata = read_metadata(folder, problems, follow_links=follow_links)
    except ArticleReadError as exc:
        problems.append(str(exc))
        metadata = {}
    if not is_dir:
        return [path], metadata
    files, skipped = _article_files(path, problems, follow_links)
    if not files and not skipped:
        problems.append(f"{safe_name(path)}: no article files (*.txt) in this folder")
    present = {safe_name(f.name) for f in files} | skipped
    for name in sorted(set(metadata) - present):
        problems.append(
            f"{safe_name(path / METADATA_FILE)}: lists {name!r}, which is not in the folder"
        )
    return files, metadata
