"""The incidents' block as bytes: typed arrays packed behind a JSON header, then text.

The format is described in :mod:`geo.render.incidents`. Here: the arrays in
the order they are written (:class:`_Arrays`), packed into one buffer and
read back, and the buffers made into base64 parts for ``<script>`` elements,
gzip-compressed above :data:`RAW_UP_TO` bytes (in pieces on every core above
:data:`PIECE_BYTES`), in a thread of its own when asked.
"""

from __future__ import annotations

import base64
import json
import os
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

RAW_UP_TO = 64 * 1024  # a small block stays uncompressed: read at once, as the page loads
PART_CHARS = 64 * 1024 * 1024  # base64 characters per <script> element (a multiple of 4)
MAGIC = b"GEO1"
PIECE_BYTES = 16 * 1024 * 1024  # a block this big or more is deflated in pieces at once
# A gzip member's header: deflate, no flags, mtime 0, no extra flags, unknown system.
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
_DTYPES = {"u8": np.uint8, "u16": np.uint16, "u32": np.uint32, "i32": np.int32}


def _smallest(values: np.ndarray) -> tuple[str, np.ndarray]:
    """Return the smallest unsigned type that holds ``values`` (all >= 0), and them in it."""
    top = int(values.max()) if values.size else 0
    name = "u8" if top < 1 << 8 else "u16" if top < 1 << 16 else "u32"
    return name, values.astype(_DTYPES[name])


class _Arrays:
    """The block's arrays, in the order they are written."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, np.ndarray]] = []

    def add(self, name: str, values: Any, dtype: str | None = None) -> None:
        if dtype is not None and getattr(values, "dtype", None) == _DTYPES[dtype]:
            self.items.append((name, dtype, values))  # as it is: a column of bytes is not
            return  # widened to eight times its size on its way in
        array = np.asarray(values, dtype=np.int64)
        if dtype is None:
            dtype, array = _smallest(array)
        else:
            array = array.astype(_DTYPES[dtype])
        self.items.append((name, dtype, array))

    def dictionary(self, name: str, ids: list[int] | np.ndarray) -> None:
        """Add a column of string numbers (-1: none) as small indexes into a dictionary."""
        values = np.asarray(ids, dtype=np.int64)
        if not values.size or values.max() < 0:
            return  # no incident fills it
        table, inverse = np.unique(values, return_inverse=True)
        if table[0] < 0:
            table = table[1:]
        else:
            inverse = inverse + 1
        self.add(name, inverse)
        self.add(name + ".d", table, "u32")


def _pack(header: dict, arrays: _Arrays) -> bytearray:
    header = {**header, "arrays": [[n, d, int(a.size)] for n, d, a in arrays.items]}
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    starts, size = [], 8 + len(head)
    for _, _, array in arrays.items:
        size += -size % 8
        starts.append(size)
        size += array.nbytes
    # Each array copied once, into its place in the one buffer.
    out = bytearray(size)
    out[: 8 + len(head)] = MAGIC + len(head).to_bytes(4, "little") + head
    for at, (_, _, array) in zip(starts, arrays.items, strict=True):
        little = array.astype(array.dtype.newbyteorder("<"), copy=False)
        out[at : at + array.nbytes] = np.ascontiguousarray(little).view(np.uint8).data
    return out  # (not copied once more into bytes: zlib and base64 read it as it is)


def _encoded(
    blocks: list[tuple[str, bytes | bytearray]], level: int
) -> tuple[str, list[tuple[str, str]]]:
    """Return the encoding and the base64 parts of the named buffers ``blocks``."""
    encoding = "gzip" if sum(len(raw) for _, raw in blocks) > RAW_UP_TO else "raw"
    parts = []
    for name, raw in blocks:
        if encoding == "gzip":
            raw = _gzip(raw, level)
        text = base64.b64encode(raw).decode("ascii")
        parts += [(name, text[k : k + PART_CHARS]) for k in range(0, len(text), PART_CHARS)]
    return encoding, parts


def _gzip(raw: bytes | bytearray, level: int) -> bytes:
    """Return ``raw`` as one gzip member (mtime 0: the same bytes each time).

    A buffer of more than :data:`PIECE_BYTES` is deflated in pieces at once, one
    thread per core, as pigz does: every piece but the last ends on a byte with
    a sync flush, so their streams joined are one stream any inflater reads.
    """
    pieces = min(os.cpu_count() or 1, 4, len(raw) // PIECE_BYTES)
    if pieces < 2:
        return zlib.compress(raw, level, wbits=31)
    view = memoryview(raw)
    cuts = [len(raw) * k // pieces for k in range(pieces + 1)]

    def deflate(k: int) -> bytes:
        deflater = zlib.compressobj(level, zlib.DEFLATED, -15)  # raw deflate: no header
        out = deflater.compress(view[cuts[k] : cuts[k + 1]])
        return out + deflater.flush(zlib.Z_FINISH if k == pieces - 1 else zlib.Z_SYNC_FLUSH)

    with ThreadPoolExecutor(max_workers=pieces, thread_name_prefix="geo-gzip") as pool:
        crc = pool.submit(zlib.crc32, view)
        body = b"".join(pool.map(deflate, range(pieces)))
        check = crc.result()
    size = (len(raw) & 0xFFFFFFFF).to_bytes(4, "little")
    return _GZIP_HEADER + body + check.to_bytes(4, "little") + size


def encoded_later(blocks: list[tuple[str, bytes | bytearray]], level: int) -> Future:
    """Return the future of ``_encoded(blocks, level)``, worked out in a thread of its own.

    zlib lets go of the interpreter while it compresses, so the page's other
    parts (the basemap, the Leaflet map) are made meanwhile on the other core.
    """
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="geo-block")
    try:
        return pool.submit(_encoded, blocks, level)
    finally:
        pool.shutdown(wait=False)  # the thread ends with its one task


def _unpack(raw: bytes) -> tuple[dict, dict[str, np.ndarray]]:
    """Return the header and the arrays of a block's buffer."""
    if raw[:4] != MAGIC:
        raise ValueError("not a geo incident block")
    size = int.from_bytes(raw[4:8], "little")
    header = json.loads(raw[8 : 8 + size].decode("utf-8"))
    at, arrays = 8 + size, {}
    for name, dtype, length in header["arrays"]:
        at += -at % 8
        kind = np.dtype(_DTYPES[dtype]).newbyteorder("<")
        arrays[name] = np.frombuffer(raw, dtype=kind, count=length, offset=at)
        at += length * kind.itemsize
    return header, arrays
