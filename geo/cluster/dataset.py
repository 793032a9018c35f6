"""The output of a corpus run: a GeoParquet dataset folder, and the manifest that resumes it.

``out.parquet/`` holds one part per bucket (``part-00000.parquet``, ...)
with the bucket's places and incidents, ``zones.parquet`` with the run's
zones, and ``_geo/``: the manifest and the parts' state files (a leading
underscore keeps it out of a dataset reader's sight). Every part has the
same columns, typed alike (``geo.tables.joined_kinds``), and the contract's
metadata, so ``geopandas.read_parquet``, ``dask_geopandas.read_parquet``,
DuckDB and QGIS read the folder, and ``geo map out.parquet`` draws it.

The manifest names each input file by path with its size, modification
time and SHA-256, and each part of the work by a key made of its file's
hash, its rows and the run's options. A part whose state file is there is
done; a rerun with the same inputs does only the rest, and writes no output
part that is already there. Files are written to a temporary name and
renamed, so none is ever there half written.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo import __version__
from geo.errors import OutputError
from geo.read.corpus import CorpusColumns, CorpusPart, corpus_parts, file_digest
from geo.support.output import write_atomic

STATE_FOLDER = "_geo"
MANIFEST = "manifest.json"
ZONES_PART = "zones.parquet"
# Enough buckets for a cluster's reducers to share; few enough that every part's
# state file holds no more of them than it holds records.
MAX_BUCKETS = 256


def part_name(bucket: int) -> str:
    return f"part-{bucket:05d}.parquet"


@dataclass
class Work:
    """A run's work: the corpus's parts in order, their keys, and the buckets they fill."""

    folder: Path
    parts: list[CorpusPart]
    keys: list[str]
    buckets: int
    run_key: str

    @property
    def token(self) -> str:
        """Return what tells this run's tasks from those of another output on the same cluster."""
        where = f"{os.path.abspath(self.folder)}:{self.run_key}"
        return hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()[:16]

    def state(self, n: int) -> Path:
        return self.folder / STATE_FOLDER / "parts" / f"{self.keys[n]}.state"

    def done(self) -> list[bool]:
        return [self.state(n).exists() for n in range(len(self.parts))]


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        found = json.loads((folder / STATE_FOLDER / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def check_output(folder: Path) -> None:
    """Raise OutputError if ``folder`` cannot hold a dataset: a file, or a folder of others'."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file; a corpus run writes a dataset folder there")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / STATE_FOLDER).is_dir():
        raise OutputError(f"{folder}: a folder that is not a geo dataset; name another output")


def plan_work(
    folder: Path,
    paths: list[str],
    problems: list[str],
    *,
    columns: CorpusColumns,
    default_date: Any,
    rows_per_part: int,
) -> Work:
    """Return the work a corpus needs, with what an earlier run of it left: the manifest.

    An input that cannot be read is one line in ``problems``. Output parts of
    an earlier run of other inputs, and state files no part of this one
    needs, are removed.
    """
    check_output(folder)
    old = read_manifest(folder)
    known = old.get("files", {})
    files: dict[str, dict[str, Any]] = {}
    parts: list[CorpusPart] = []
    digests: list[str] = []
    for path in paths:
        try:
            info = os.stat(path)
            entry = known.get(os.path.abspath(path))
            if not entry or (entry["size"], entry["mtime_ns"]) != (info.st_size, info.st_mtime_ns):
                entry = {"size": info.st_size, "mtime_ns": info.st_mtime_ns}
                entry["sha256"] = file_digest(path)
            found = corpus_parts(path, rows_per_part)
        except OSError as exc:
            problems.append(str(exc) if str(exc).startswith(path) else f"{path}: {exc}")
            continue
        files[os.path.abspath(path)] = entry
        parts += found
        digests += [entry["sha256"]] * len(found)
    buckets = max(1, min(len(parts), MAX_BUCKETS))
    options = json.dumps(
        [__version__, buckets, str(default_date), columns.__dict__], sort_keys=True
    )
    keys = [
        hashlib.sha256(f"{d}:{p.start}:{p.stop}:{p.first_line}:{options}".encode()).hexdigest()[:24]
        for d, p in zip(digests, parts, strict=True)
    ]
    run_key = hashlib.sha256(":".join(keys).encode()).hexdigest()[:24]
    work = Work(folder, parts, keys, buckets, run_key)
    (folder / STATE_FOLDER / "parts").mkdir(parents=True, exist_ok=True)
    if old.get("run") != run_key:
        for stale in [*folder.glob("part-*.parquet"), folder / ZONES_PART]:
            stale.unlink(missing_ok=True)
    wanted = {work.state(n).name for n in range(len(parts))}
    for state in (folder / STATE_FOLDER / "parts").glob("*.state"):
        if state.name not in wanted:
            state.unlink(missing_ok=True)
    manifest = {
        "geo": __version__,
        "run": run_key,
        "buckets": buckets,
        "files": files,
        "parts": [
            {"key": k, "file": p.path, "start": p.start, "stop": p.stop, "line": p.first_line}
            for k, p in zip(keys, parts, strict=True)
        ],
        "complete": old.get("run") == run_key and bool(old.get("complete")),
    }
    write_manifest(folder, manifest)
    return work


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    write_atomic(folder / STATE_FOLDER / MANIFEST, json.dumps(manifest, indent=1))


def mark_complete(folder: Path, written: list[str]) -> None:
    """Record in the manifest that the run's output is whole, and its parts' names."""
    manifest = read_manifest(folder)
    manifest["complete"] = True
    manifest["output"] = sorted(written)
    write_manifest(folder, manifest)


def write_part(path: Path, features: list[dict], kinds: dict, members: dict) -> str | None:
    """Write one part of the dataset (never over one already there); return its name.

    A part with no features and no reports is not written (None).
    """
    from geo.tables import parquet_bytes

    if not features and not members["geo"]["documents"]:
        return None
    if not path.exists():
        collection = {"type": "FeatureCollection", **members, "features": features}
        write_atomic(path, parquet_bytes(collection, kinds))
    return path.name
