"""An ACLED export's bytes as the reader needs them: held, or scanned on disk and let go.

The column-wise reader (``geo.read.acled_file``) needs of a file's bytes: where
its text starts (after a BOM), where its line breaks are, how long its longest
line is, and the bytes themselves for pyarrow to parse. A :class:`Source` holds
that. Made from bytes (a stream, a file that is not plain UTF-8), it keeps
them; made from a regular UTF-8 file (nearly every export), it scans the file
a chunk at a time and keeps nothing but the line breaks: pyarrow then reads
the file itself, so half a GB of export is never copied into memory whole
(a million rows: a third less time spent in the kernel and 0.5 GB less held).
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa

from geo.errors import ArticleReadError
from geo.read import articles as documents

_CHUNK_BYTES = 16 << 20  # a file is scanned this much at a time
_NOT_BLANK = re.compile(rb"\S")


@dataclass
class Source:
    """The bytes of an export, held (``data``) or on disk (``path``), and their line breaks.

    ``start``: where the text starts (after a UTF-8 BOM); ``breaks``: where each
    \\n is; ``returns``: how many \\r there are, ``paired`` of them before a \\n.
    """

    size: int
    start: int
    breaks: np.ndarray
    returns: int
    paired: int
    last: bytes  # the last byte ("" for none)
    data: bytes | None = None
    path: Path | None = None

    @classmethod
    def of_bytes(cls, data: bytes, start: int) -> Source:
        """Return the source of ``data``, its text from ``start``."""
        view = np.frombuffer(data, dtype=np.uint8)
        found = [
            np.flatnonzero(view[k : k + _CHUNK_BYTES] == 10) + k
            for k in range(0, view.size, _CHUNK_BYTES)
        ]
        breaks = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        returns = data.count(b"\r")
        paired = int(np.count_nonzero(view[breaks[breaks > 0] - 1] == 13)) if returns else 0
        return cls(len(data), start, breaks, returns, paired, data[-1:], data=data)

    def longest(self) -> int:
        """Return the most bytes between two line breaks (or an end)."""
        ends = np.concatenate([[-1], self.breaks, [self.size]])
        return int(np.diff(ends).max()) - 1

    def parsed(self) -> pa.Buffer | BinaryIO:
        """Return the text (from ``start``) as pyarrow reads it: a buffer, or the file open
        at it (a Python file: its name need not be UTF-8). The caller closes it."""
        if self.data is not None:
            return pa.py_buffer(self.data).slice(self.start)
        assert self.path is not None
        handle = open(self.path, "rb")  # noqa: SIM115 (closed by the caller, once parsed)
        handle.seek(self.start)
        return handle

    def at(self, lo: int, hi: int) -> bytes:
        """Return the bytes from ``lo`` to ``hi``."""
        if self.data is not None:
            return self.data[lo:hi]
        assert self.path is not None
        with open(self.path, "rb") as handle:
            handle.seek(lo)
            return handle.read(max(hi - lo, 0))

    def text(self) -> str:
        """Return the text from ``start``, decoded (it is UTF-8)."""
        return self.at(self.start, self.size).decode("utf-8")


def scan_file(path: Path, name: str, sample: list[bytes]) -> Source | None:
    """Return the source of the file at ``path`` scanned on disk, or None to read it whole.

    None unless it is a regular file of UTF-8 text (with or without a BOM) and
    not blank, without a NUL byte; within the limit of an ACLED export, else
    ``ArticleReadError`` as reading it would raise. ``sample`` gets the parts
    of it the binary check reads (see ``acled_file._sample``): its head and
    blocks spread through the rest.
    """
    try:
        info = os.stat(path)
        if not os.path.isfile(path) or info.st_size == 0:
            return None
        documents._check_size(info.st_size, name, documents.MAX_TABLE_BYTES, documents.TABLE_LIMIT)
        with open(path, "rb") as handle:
            return _scan(handle, path, sample)
    except ArticleReadError:
        raise
    except OSError as exc:
        raise ArticleReadError(f"{name}: cannot read ({exc.strerror or exc})") from exc


def _scan(handle, path: Path, sample: list[bytes]) -> Source | None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    found: list[np.ndarray] = []
    returns = paired = offset = 0
    start = 0
    previous = b""
    text = False
    while chunk := handle.read(_CHUNK_BYTES):
        if not offset and chunk.startswith(codecs.BOM_UTF8):
            start = len(codecs.BOM_UTF8)
        if b"\x00" in chunk:
            return None
        if not chunk.isascii():
            try:
                decoder.decode(chunk[start:] if not offset else chunk)
            except UnicodeDecodeError:
                return None
        text = text or bool(_NOT_BLANK.search(chunk, start if not offset else 0))
        view = np.frombuffer(chunk, dtype=np.uint8)
        at = np.flatnonzero(view == 10)
        if b"\r" in chunk:
            returns += chunk.count(b"\r")
            before = view[at[at > 0] - 1]
            paired += int(np.count_nonzero(before == 13))
            paired += int(at.size > 0 and at[0] == 0 and previous == b"\r")
        found.append(at + offset)
        offset += len(chunk)
        previous = chunk[-1:]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    if not text:
        return None  # blank: the whole-file reader says so
    breaks = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    source = Source(offset, start, breaks, returns, paired, previous, path=path)
    sample += _sample_of(source)
    return source


def _sample_of(source: Source) -> list[bytes]:
    """Return the parts of ``source`` the binary check reads, as ``acled_file._sample`` takes
    them from bytes: the head, and blocks spread through the rest."""
    from geo.read.acled_file import _SAMPLE_BLOCK, _SAMPLE_BLOCKS, _SAMPLE_HEAD

    size = source.size - source.start
    if size <= _SAMPLE_HEAD + _SAMPLE_BLOCKS * _SAMPLE_BLOCK:
        return [source.at(source.start, source.size)]
    room = size - _SAMPLE_HEAD - _SAMPLE_BLOCK
    parts = [source.at(source.start, source.start + _SAMPLE_HEAD)]
    for k in range(_SAMPLE_BLOCKS):
        at = source.start + _SAMPLE_HEAD + room * k // (_SAMPLE_BLOCKS - 1)
        parts.append(source.at(at, at + _SAMPLE_BLOCK))
    return parts
