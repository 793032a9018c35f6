"""The online answers kept on disk (SQLite), so nothing is asked twice.

Every answer, "not found" included, is committed as soon as it arrives; a
damaged row is dropped and asked again, a damaged file moved aside, and a
file another process holds costs a moment, not the run (see ``AnswerCache``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from geo.errors import one_line
from geo.geocode.providers import Unusable, check_lonlat

# Another process holding the cache is waited for this long, not SQLite's 30 s.
_CACHE_BUSY_WAIT_S = 1.5
_CACHE_SCHEMA = 1


def normalise_query(name: str) -> str:
    """Return the cache form of a place name: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS answers ("
    " provider TEXT NOT NULL, endpoint TEXT NOT NULL, query TEXT NOT NULL,"
    " countries TEXT NOT NULL, feature TEXT, fetched_at TEXT NOT NULL,"
    " PRIMARY KEY (provider, endpoint, query, countries))"
)
_KEY = "provider = ? AND endpoint = ? AND query = ? AND countries = ?"


def _connect(path: Path) -> sqlite3.Connection:
    """Return a connection to the cache file at ``path``, its table made if need be.

    The table is only created when missing, so opening a cache another process
    is writing to needs no write lock.
    """
    db = sqlite3.connect(path, timeout=_CACHE_BUSY_WAIT_S, check_same_thread=False)
    db.text_factory = bytes  # a row that is not UTF-8 is a damaged row, not an error
    try:
        if not db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'answers'"
        ).fetchone():
            with db:
                db.execute(_SCHEMA)
                db.execute(f"PRAGMA user_version = {_CACHE_SCHEMA}")
    except BaseException:
        db.close()
        raise
    return db


def _trouble(exc: sqlite3.Error) -> str:
    """Return ``"busy"``, ``"damaged"`` or ``"other"`` for an SQLite error."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        code &= 0xFF  # the primary code of an extended one
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return "busy"
        if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            return "damaged"
        return "other"
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "busy"
    if "not a database" in text or "malformed" in text:
        return "damaged"
    return "other"


def _cached_feature(stored: bytes | str) -> dict | None:
    """Return the Feature a cache row holds, or None when the row is damaged."""
    try:
        feature = json.loads(stored)
    except (ValueError, RecursionError):
        return None
    if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
        return None
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or len(coordinates) != 2:
        return None
    if not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates):
        return None
    try:
        check_lonlat(coordinates[0], coordinates[1])
    except Unusable:
        return None
    return feature


class AnswerCache:
    """The answers on disk (SQLite), and what is done when the file will not serve.

    - A damaged file is moved aside to ``<name>.damaged`` and a new one started.
    - A file another process holds is waited for ``_CACHE_BUSY_WAIT_S`` at most;
      then it is only read (when the lock allows) and this run's answers are
      kept in memory.
    - A damaged row is dropped, so its name is asked again.
    Each is said once, through ``notify``. Thread-safe.
    """

    def __init__(self, path: Path, notify: Callable[[str], None]) -> None:
        self.path = path
        self._notify = notify
        self._lock = threading.Lock()
        self._memory: dict[tuple[str, ...], str | None] = {}  # what the file could not take
        self._writable = True
        self._moved_aside = False
        self._said: set[str] = set()
        self._db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = _connect(path)
        except sqlite3.Error as exc:
            self._handle(exc)
        except OSError as exc:
            self._give_up(exc)

    def get(self, key: tuple[str, str, str, str]) -> tuple[bool, dict | None]:
        """Return ``(True, feature or None)`` for a cached answer, ``(False, None)`` otherwise."""
        with self._lock:
            if key in self._memory:
                stored = self._memory[key]
            elif self._db is None:
                return False, None
            else:
                try:
                    row = self._db.execute(
                        f"SELECT feature FROM answers WHERE {_KEY}", key
                    ).fetchone()
                except sqlite3.Error as exc:
                    self._handle(exc)  # an unreadable cache only costs a request
                    return False, None
                if row is None:
                    return False, None
                stored = row[0]
            if stored is None:
                return True, None  # asked before: not found
            feature = _cached_feature(stored)
            if feature is None:
                self._drop(key)
                self._say(
                    "row",
                    f"online cache {self.path} held an unreadable answer for "
                    f"{key[2]!r}; it was dropped and asked again",
                )
                return False, None
            return True, feature

    def put(self, key: tuple[str, str, str, str], result: dict | None) -> None:
        """Keep ``result`` (None: not found) for ``key``: on disk, or for this run if it must."""
        stored = json.dumps(result, ensure_ascii=False, sort_keys=True) if result else None
        with self._lock:
            if self._db is not None and self._writable:
                try:
                    # One transaction, committed now: a crash later loses nothing.
                    with self._db:
                        self._db.execute(
                            "INSERT OR REPLACE INTO answers "
                            "(provider, endpoint, query, countries, feature, fetched_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            (*key, stored, datetime.now(UTC).isoformat(timespec="seconds")),
                        )
                    return
                except sqlite3.Error as exc:
                    self._handle(exc, writing=True)
            self._memory[key] = stored

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # --- when the file does not serve (called with the lock held, or from __init__) ---

    def _drop(self, key: tuple[str, ...]) -> None:
        self._memory.pop(key, None)
        if self._db is not None and self._writable:
            try:
                with self._db:
                    self._db.execute(f"DELETE FROM answers WHERE {_KEY}", key)
            except sqlite3.Error as exc:
                self._handle(exc, writing=True)

    def _handle(self, exc: sqlite3.Error, *, writing: bool = False) -> None:
        kind = _trouble(exc)
        if kind == "busy":
            self._writable = False
            if self._db is not None:
                try:  # reads go on while the lock allows them, without waiting for it
                    self._db.execute("PRAGMA busy_timeout = 0")
                except sqlite3.Error:
                    pass
            self._say(
                "busy",
                f"online cache {self.path} is busy (another process holds it); "
                "answers this run are not cached",
            )
        elif kind == "damaged" and not self._moved_aside:
            self._move_aside(exc)
        elif kind == "damaged" or writing or self._db is None:
            self._give_up(exc)
        # else: a read that failed for another reason only costs a request

    def _move_aside(self, exc: sqlite3.Error) -> None:
        self._moved_aside = True
        if self._db is not None:
            self._db.close()
            self._db = None
        aside = self.path.with_name(self.path.name + ".damaged")
        try:
            os.replace(self.path, aside)
            # A journal left beside the damaged file must not be played into the new one.
            for suffix in ("-journal", "-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + suffix))
            self._db = _connect(self.path)
        except (OSError, sqlite3.Error) as again:
            self._give_up(again)
            return
        self._say(
            "damaged",
            f"online cache {self.path} is damaged ({one_line(exc)}); "
            f"moved it to {aside} and started a new one",
        )

    def _give_up(self, exc: BaseException) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._say(
            "unusable",
            f"online cache {self.path} is unusable ({one_line(exc)}); "
            "answers this run are not cached",
        )

    def _say(self, topic: str, message: str) -> None:
        if topic not in self._said:
            self._said.add(topic)
            self._notify(message)
