"""One part of a corpus, extracted: its records, cut into buckets by where and when.

A worker reads a part's rows, extracts them with one ``Extractor`` (as a
batch would) and keeps what the output needs of them: the small records of
``geo.extract.assemble``, not the texts. The records of the whole corpus are
then brought together by key, as a shuffle does: a place by its gazetteer id,
the tellings of events by place and month (``merge`` joins a telling only to
others of the same place and month, so every telling it could join is in
the same bucket), each key to one of ``buckets`` buckets by a stable hash.
What is few and shared by the whole run (zones, zones along lines, offset
positions) stays whole.

A part's state file holds its shared records, then each bucket on its own,
with an index of where each lies, so that a reducer reads only its bucket.
The file is written to a temporary name and renamed: it is there whole or
not at all, and a part whose file is there is done.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.extract.assemble import PlaceMentions, Telling
from geo.read.corpus import DEFAULT_COLUMNS, CorpusColumns, CorpusPart, read_part
from geo.support.collector import collector_paused
from geo.support.output import atomic_file

_HEADER = struct.Struct("<4sQ")  # magic, length of the index
_MAGIC = b"GEOP"


@dataclass
class Shared:
    """What a part found that the whole run shares: zones, lines, offsets, its reports."""

    zones: list = field(default_factory=list)
    strips: list = field(default_factory=list)
    coasts: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    unplaced_zones: list = field(default_factory=list)
    offsets: dict[str, dict] = field(default_factory=dict)
    offset_places: dict[str, Any] = field(default_factory=dict)  # their Place objects
    problems: list[str] = field(default_factory=list)
    articles: int = 0


@dataclass
class Bucket:
    """A part's places, tellings and reports that fall in one bucket."""

    places: dict[str, PlaceMentions] = field(default_factory=dict)
    tellings: list[Telling] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)


def bucket_of(key: str, buckets: int) -> int:
    """Return the bucket of a key: the same on every machine and in every process."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % buckets


def place_key(place_id: str) -> str:
    """Return what buckets a place: an offset position goes with the others of its bearing.

    Two parts may tell one offset position with distances a little apart;
    keyed by reference and bearing, they meet in one bucket.
    """
    if place_id.startswith("offset:"):
        return place_id.rsplit(":", 1)[0]
    return place_id


def telling_key(telling: Telling) -> str:
    month = (telling.date or "")[:7]
    return f"{place_key(telling.place.id) if telling.place else ''}|{month}"


def extract_part(
    part: CorpusPart,
    path: Path,
    buckets: int,
    *,
    columns: CorpusColumns = DEFAULT_COLUMNS,
    default_date: Any = None,
) -> Shared:
    """Extract the articles of ``part`` and write its state file at ``path``; return its share.

    A part whose file is already there (a task run again after its worker
    was lost, or a rerun) is not extracted again: its file is read instead.
    """
    if path.exists():
        return read_shared(path)
    # Reading rows and writing records make many small objects and no cycles: a
    # worker's heap (the results it holds) is not walked again and again meanwhile.
    with collector_paused():
        return _extract(part, path, buckets, columns, default_date)


def _extract(
    part: CorpusPart, path: Path, buckets: int, columns: CorpusColumns, default_date: Any
) -> Shared:
    from geo.extract.batch import Extractor
    from geo.geocode.gazetteer import default_gazetteer

    extractor = Extractor(default_gazetteer())
    problems: list[str] = []
    count = 0
    for article in read_part(part, problems, columns=columns, default_date=default_date):
        extractor.add(article)
        count += 1
    shared = Shared(
        zones=extractor._zones,
        strips=extractor._strips,
        coasts=extractor._coasts,
        lines=extractor._lines,
        unplaced_zones=extractor._unplaced_zones,
        offsets=extractor.offsets,
        offset_places={place_id: extractor._known[place_id] for place_id in extractor.offsets},
        problems=problems + extractor.problems + extractor._notes,
        articles=count,
    )
    split = [Bucket() for _ in range(buckets)]
    for place_id, mentions in extractor._places.items():
        split[bucket_of(place_key(place_id), buckets)].places[place_id] = mentions
    for telling in extractor._tellings:
        split[bucket_of(telling_key(telling), buckets)].tellings.append(telling)
    for document in extractor.documents:
        split[bucket_of(document["id"], buckets)].documents.append(document)
    write_state(path, shared, split)
    return shared


def write_state(path: Path, shared: Shared, buckets: Sequence[Bucket]) -> None:
    """Write a part's state: its shared records, then its buckets, each readable alone."""
    blobs = [pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL)] + [
        pickle.dumps(b, protocol=pickle.HIGHEST_PROTOCOL) for b in buckets
    ]
    index = pickle.dumps([len(b) for b in blobs], protocol=pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path) as handle:
        handle.write(_HEADER.pack(_MAGIC, len(index)))
        handle.write(index)
        for blob in blobs:
            handle.write(blob)


def _read_blob(path: Path, number: int) -> Any:
    with open(path, "rb") as handle:
        magic, size = _HEADER.unpack(handle.read(_HEADER.size))
        if magic != _MAGIC:
            raise ValueError(f"{path}: not a part's state")
        sizes = pickle.loads(handle.read(size))
        handle.seek(sum(sizes[:number]), 1)
        return pickle.loads(handle.read(sizes[number]))


def read_shared(path: Path) -> Shared:
    """Return the shared records of a part's state file."""
    return _read_blob(path, 0)


def read_bucket(path: Path, bucket: int) -> Bucket:
    """Return one bucket of a part's state file."""
    return _read_blob(path, bucket + 1)
