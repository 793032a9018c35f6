"""The offline gazetteer: names as news writes them, mapped to places.

``Gazetteer`` answers from an index of GeoNames and the domain supplement
(built and kept by ``geo.geocode.index``): the places a name may mean, and
the one it most likely means in the light of what is named with it (ranked
by ``geo.geocode.rank``). Names are looked up by their keys
(``geo.geocode.names``).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from geo.geocode import index
from geo.geocode.areas import (
    AREA_PREFIX,
    AREAS_FILE,
    ENGLISH_NAMES_FILE,
    OUTLINES_FILE,
    WATER_TYPES,
    Outlines,
    designated_base,
    english_bases,
    generic,
    is_area,
    read_areas,
)
from geo.geocode.names import (
    MIN_LOOSE_LENGTH,
    cached_key,
    cached_loose_key,
    loosely_alike,
    spelled_key,
    spelling_distance,
    surface_form,
)
from geo.geocode.place import GAZETTEER, Choice, Place, PlaceRow, place_row
from geo.geocode.protocol import NO_CONTEXT, Context
from geo.geocode.rank import distance_km, listing_order, nearest_km, ranked_choice
from geo.support.collector import collector_paused
from geo.support.paths import data_dir

_QUALIFIED = re.compile(r"(.+?) \(([^()]+)\)")


# Compass words that open the name of a part of a sea ("the Southern Red Sea").
_COMPASS = frozenset(
    "north south east west northern southern eastern western central"
    " northeastern northwestern southeastern southwestern".split()
)


# The shortest bare division name read alone ("Cauca"; not "Est", "Sud").
MIN_BARE_BASE = 5
# How near the story's other places a division's centre lies for its bare name
# to mean it rather than a namesake abroad.
BARE_NEAR_KM = 400
# A division named after water or land that news names for itself: "the southern
# Red Sea" is the sea, not Eritrea's Southern Red Sea Region.
_NOT_BARE = re.compile(
    r"\b(?:sea|seas|gulf|lake|lakes|river|rivers|coast|islands?|mountains?|valley|desert|plateau"
    r"|bay|strait|delta|highlands?|lowlands?|plains?|hills?|forest|city|capital)\b"
)


class Gazetteer:
    """An index from normalised names to places; build it with ``Gazetteer.load()``.

    The index maps keys to place numbers, and places are made from their rows
    only when asked for: loading a cached index of 170,000 places then costs
    one unpickling, not 170,000 objects. It is the offline ``Geocoder``
    (``geo.geocode.protocol``): ``choose`` reads a name in its context.
    """

    name = GAZETTEER

    def __init__(
        self,
        places: list[Place],
        *,
        fork: bool = False,
        bases: dict[str, tuple[str, ...]] | None = None,
        outlines: Path | None = None,
    ):
        """Index ``places``; with ``fork``, a forked child helps (see ``index.build_tables``).

        ``bases`` maps a place's id to its names that stand only with a
        designator (see ``geo.geocode.areas``); ``outlines`` is the areas'
        ``outlines.json``.
        """
        owners, variants = index.flatten([(p.name, *p.alternate_names) for p in places])
        rows = [place_row(p) for p in places]
        numbered = [(n, b) for n, p in enumerate(places) for b in (bases or {}).get(p.id, ())]
        self._use(index.build_tables(rows, owners, variants, fork=fork, bases=numbered))
        self._made: dict[int, Place] = dict(enumerate(places))
        self.outlines = Outlines(outlines or data_dir() / OUTLINES_FILE)

    @classmethod
    def _from_records(
        cls,
        rows: list[PlaceRow],
        owners: list[int],
        variants: list[str],
        *,
        fork: bool = False,
        bases: list[tuple[int, str]] | None = None,
    ) -> Gazetteer:
        """Return the gazetteer of place rows (as ``place_row`` makes them) and their names.

        ``variants`` are every row's name and alternate names, and ``owners``
        the number of the row each belongs to, in row order. ``fork`` and
        ``bases`` as for ``index.build_tables``.
        """
        return cls._from_tables(
            index.build_tables(rows, owners, variants, fork=fork, bases=bases or [])
        )

    @classmethod
    def _from_tables(cls, tables: tuple) -> Gazetteer:
        """Return the gazetteer of an index's tables (see ``index.build_tables``)."""
        gazetteer = cls.__new__(cls)
        gazetteer._use(tables)
        gazetteer._made = {}
        gazetteer.outlines = Outlines(data_dir() / OUTLINES_FILE)
        return gazetteer

    def _use(self, tables: tuple) -> None:
        rows, keys, loose, article_forms, max_words, first_words, designated = tables
        self._rows = rows
        self._index, self._loose = keys, loose
        self.article_forms: set[str] = set(article_forms)
        self.max_name_words: int = max_words
        self._first_words = first_words
        self._designated: dict[str, tuple[int, ...]] = designated
        self._qualified: dict[str, list[int]] | None = None  # made when first asked for
        self._grid: dict[tuple[int, int], list[int]] | None = None  # likewise

    def _tables(self) -> tuple:
        """Return the index as plain tuples, quick to pickle and to load."""
        return (
            self._rows,
            self._index,
            self._loose,
            sorted(self.article_forms),
            self.max_name_words,
            self._first_words,
            self._designated,
        )

    @classmethod
    def load(
        cls,
        folder: Path | None = None,
        *,
        geonames: bool = True,
        cache: bool = True,
        freeze: bool = False,
        fork: bool = False,
    ) -> Gazetteer:
        """Return the gazetteer of ``folder``'s supplement plus (by default) GeoNames.

        Building the index takes seconds; it is kept in the user's cache folder
        (``GEO_CACHE_DIR``, else ``$XDG_CACHE_HOME/geo`` or ``~/.cache/geo``)
        under a key that changes with the data, so a changed supplement or
        GeoNames package is rebuilt, and an unwritable cache only costs time.

        Two choices for a program, not a library, so both are off by default:
        ``freeze`` moves the loaded index out of the garbage collector's sight
        for good (``gc.freeze``; see ``collector_paused``), for a process that
        keeps it to its end; ``fork`` lets a forked child compute half of the
        index when it is built (see ``geo.support.forked``).
        """
        folder = folder or data_dir()
        supplement = folder / index.SUPPLEMENT_FILE
        path = index.cache_path(supplement, geonames) if cache else None
        if path is not None:
            cached = index.read_cache(path, cls._from_tables, freeze=freeze)
            if cached is not None:
                cached.outlines = Outlines(folder / OUTLINES_FILE)
                return cached
        # The supplement first (its numbers are the lowest), then the areas, then GeoNames.
        areas, area_bases = read_areas(folder / AREAS_FILE)
        places = index.read_supplement(supplement) + areas
        bases = [
            (len(places) - len(areas) + n, base) for n, own in enumerate(area_bases) for base in own
        ]
        rows = [place_row(p) for p in places]
        owners, variants = index.flatten([(p.name, *p.alternate_names) for p in places])
        with collector_paused(keep=freeze):
            if geonames:
                more_rows, more_owners, more_variants = index.geonames_records(len(rows))
                rows += more_rows
                owners += more_owners
                variants += more_variants
            gazetteer = cls._from_records(rows, owners, variants, fork=fork, bases=bases)
        gazetteer._made.update(enumerate(places))
        gazetteer.outlines = Outlines(folder / OUTLINES_FILE)
        if path is not None:
            index.write_cache(path, gazetteer._tables())
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
        return surface_form(surface) in self.article_forms

    def candidates(self, name: str) -> list[Place]:
        """Return every place called ``name`` (after normalisation), best first.

        Supplement entries come first, then by population.
        """
        found = [self._place(n) for n in self._numbers(cached_key(name))]
        return sorted(found, key=listing_order)

    def has_key(self, key: str) -> bool:
        """Return whether the normalised ``key`` names any place (a designated division too)."""
        return key in self._index or bool(self._designated_numbers(key))

    def _designated_numbers(self, key: str) -> tuple[int, ...]:
        """Return the divisions a designated key names ("kherson oblast"), none for another key."""
        base = designated_base(key)
        return self._designated.get(base, ()) if base else ()

    def _bare_base_numbers(self, key: str) -> tuple[int, ...]:
        """Return the one division a bare base name names when no place has that name.

        "in northern Cauca", "drone attacks recorded in Cauca": a division's
        name without its designator, where nothing else answers to it exactly,
        one division has it, and it is no common word ("Central", "Upper").
        """
        if len(key) < MIN_BARE_BASE or generic(key) or _NOT_BARE.search(key):
            return ()
        found = self._designated.get(key, ())
        return found if len(found) == 1 else ()

    def outline(self, place: Place) -> dict | None:
        """Return an area's outline as a GeoJSON geometry, None for a place without one."""
        return self.outlines.geometry(place.id) if is_area(place) else None

    def qualified(self, name: str) -> list[Place]:
        """Return the supplement's places named ``name`` with a qualifier: "Boni (Mali)".

        A supplement row whose bare name belongs to a bigger place elsewhere
        is named only with its qualifier, so that it never overrides that
        place; a reader that finds the bare name out of place asks here.
        """
        if self._qualified is None:
            found: dict[str, list[int]] = {}
            for n, row in enumerate(self._rows):
                if row[0].startswith(AREA_PREFIX) or row[0].startswith("geonames:"):
                    continue
                bare = _QUALIFIED.fullmatch(row[1])
                if bare:
                    found.setdefault(cached_key(bare[1]), []).append(n)
            self._qualified = found
        return [self._place(n) for n in self._qualified.get(cached_key(name), ())]

    def namesakes_near(self, name: str, lon: float, lat: float, km: float) -> list[Place]:
        """Return the places within ``km`` of a point spelled like ``name``, closest spelling first.

        For a name the text says lies in a place ("the Nowshera sector of
        Rajouri district"): among the few places there, a spelling further
        from the name than the loose match allows is still the one meant
        (Nāushahra). Same first letter, and at most two fifths of the name's
        length in ``spelling_distance``.
        """
        wanted = spelled_key(cached_key(name))
        if len(wanted) < MIN_LOOSE_LENGTH:
            return []
        grid = self._point_grid()
        rows_km = km / 111.0
        cols_km = km / (111.0 * max(0.1, math.cos(math.radians(lat))))
        found = []
        for row_cell in range(math.floor(lat - rows_km), math.floor(lat + rows_km) + 1):
            for col_cell in range(math.floor(lon - cols_km), math.floor(lon + cols_km) + 1):
                for n in grid.get((row_cell, col_cell), ()):
                    row = self._rows[n]
                    spelled = spelled_key(cached_key(row[1]))
                    if not spelled or spelled[0] != wanted[0]:
                        continue
                    apart = spelling_distance(wanted, spelled)
                    if apart > max(1.0, len(wanted) / 2.5):
                        continue
                    if distance_km((lon, lat), (row[5], row[4])) <= km:
                        found.append((apart, n))
        return [self._place(n) for _, n in sorted(found)]

    def _point_grid(self) -> dict[tuple[int, int], list[int]]:
        """Return the numbers of the point places by one-degree cell, made when first asked for."""
        if self._grid is None:
            grid: dict[tuple[int, int], list[int]] = {}
            for n, row in enumerate(self._rows):
                if row[4] is None or row[5] is None or row[0].startswith(AREA_PREFIX):
                    continue
                grid.setdefault((math.floor(row[4]), math.floor(row[5])), []).append(n)
            self._grid = grid
        return self._grid

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

    def may_continue_domain_name(self, word: str) -> bool:
        """Return whether some domain-supplement name goes on with this word ("base", "camp")."""
        return ("+" + cached_key(word)) in self._first_words

    def has_domain_key(self, key: str) -> bool:
        """Return whether the normalised ``key`` names an entry of the domain supplement."""
        return any(not self._rows[n][0].startswith("geonames:") for n in self._numbers(key))

    def has_loose_key(self, key: str) -> bool:
        """Return whether the normalised ``key`` is a loose spelling of some place's name."""
        return bool(self._loose_keys(key))

    def choose(self, name: str, context: Context = NO_CONTEXT) -> Choice:
        """Return the place ``name`` most likely means, with the candidates and the reason.

        Exact keys first; a division named with a designator ("Kherson
        region", "Idlib province") is looked up among the divisions only (see
        ``geo.geocode.areas``); the consonant skeleton (``loose_key``) only
        when no key matches. Among candidates, places in ``context.countries``
        (named in the same text), near the (lon, lat) points ``context.near``
        (other places of the same text), from the domain supplement, and with
        more people rank higher. ``context.only_in`` (ISO codes) restricts the
        candidates.
        """
        key = cached_key(name)
        numbers, loose = self._numbers(key), False
        designated = self._designated_numbers(key)
        if not designated and numbers:
            numbers = self._part_of_water(key, numbers)
        if designated:
            # Of divisions that answer to the name, those whose own name it is (in
            # Natural Earth or in English): "Tovuz district" is Azerbaijan's Tovuz,
            # not Armenia's Tavush, one of whose other names is "Tovuz". Of those,
            # one of a country named with it: "Red Sea governorate" beside Egypt.
            base = designated_base(key)
            english = english_bases(self.outlines.path.parent / ENGLISH_NAMES_FILE.name)
            own = tuple(
                n
                for n in designated
                if designated_base(cached_key(self._place(n).name)) == base
                or (self._place(n).id, base) in english
            )
            designated = own or designated
            if context.countries:
                named = tuple(n for n in designated if self._place(n).country in context.countries)
                designated = named or designated
            # "Kherson region" is the division, whatever else has that name.
            areas = tuple(n for n in numbers if n not in designated and is_area(self._place(n)))
            numbers = designated + areas
            base = designated_base(key) or ""
            proper = " " in base or name.rsplit(" ", 1)[-1][:1].isupper()
            if generic(base) and (context.countries or len(numbers) > 1 or not proper):
                # "Northern Region": only the division of a country named with it;
                # the one division of a name of several words ("the Far North
                # region") or with its designator capitalised ("Unity State")
                # stands alone ("a Gulf state" is no Gulf Province).
                numbers = tuple(n for n in numbers if self._place(n).country in context.countries)
        if not designated and (bare := self._bare_base_numbers(key)):
            numbers = self._with_bare_division(key, numbers, bare, context)
        if not numbers and not designated:
            numbers = self._loose_numbers(key)
            loose = bool(numbers)
        found = [self._place(n) for n in numbers]
        if context.only_in:
            found = [p for p in found if p.country in context.only_in]
        return ranked_choice(
            found,
            countries=context.countries,
            near=context.near,
            loose=loose,
            own=(lambda place: cached_key(place.name) == key) if len(found) > 1 else None,
        )

    def bare_divisions(self, name: str) -> list[Place]:
        """Return the division a bare name may mean beside its namesakes ("Borno").

        For a reader that looks for the story's places near each reading of
        a name: the division is a reading only where they lie near it (see
        ``_with_bare_division``).
        """
        key = cached_key(name)
        if self._designated_numbers(key):
            return []
        return [self._place(n) for n in self._bare_base_numbers(key)]

    def _with_bare_division(
        self, key: str, numbers: tuple[int, ...], bare: tuple[int, ...], context: Context
    ) -> tuple[int, ...]:
        """Return ``numbers`` with the division a bare name names, where it may be meant.

        "in northern Cauca": beside places that have the name only as one of
        their other names (Coca in Spain is "Cauca" in Latin). "attacks in
        Borno" in a story about Nigeria: also beside a village abroad whose own
        name it is (Borno in Italy), when the story names the division's country
        or places near it, and the division's own name (or English name) is the
        one written. Never beside a town of its own country ("Sweida" is the
        city), a country or another area of that name ("Niger").
        """
        division = self._place(bare[0])
        country = division.country
        places = [self._place(n) for n in numbers]
        if not any(cached_key(p.name) == key or p.country == country for p in places):
            return tuple(dict.fromkeys(numbers + bare))
        if any(p.country == country or p.is_country or is_area(p) for p in places):
            return numbers
        english = english_bases(self.outlines.path.parent / ENGLISH_NAMES_FILE.name)
        own = designated_base(cached_key(division.name)) == key or (division.id, key) in english
        told = country in context.countries or (
            division.lon is not None
            and division.lat is not None
            and bool(context.near)
            and nearest_km(division.lon, division.lat, context.near) <= BARE_NEAR_KM
        )
        return tuple(dict.fromkeys(numbers + bare)) if own and told else numbers

    def _part_of_water(self, key: str, numbers: tuple[int, ...]) -> tuple[int, ...]:
        """Return the water a compass word and its name mean, else ``numbers``.

        "the Southern Red Sea" of a shipping advisory is the south of the Red
        Sea, not Eritrea's Southern Red Sea Region, which answers to the
        same words without its designator.
        """
        first, _, rest = key.partition(" ")
        if first not in _COMPASS or not rest:
            return numbers
        if any(self._place(n).place_type in WATER_TYPES for n in numbers):
            return numbers
        water = tuple(n for n in self._numbers(rest) if self._place(n).place_type in WATER_TYPES)
        return water or numbers

    def lookup(self, name: str, *, countries: tuple[str, ...] = ()) -> tuple[Place | None, int]:
        """Return the best place for ``name`` and how many candidates there were.

        The same choice as ``choose`` (one ranking for every caller);
        ``countries`` (ISO codes, e.g. from the other places in the same
        article) are preferred over the rest.
        """
        choice = self.choose(name, Context(countries=countries))
        return choice.place, len(choice.candidates)


# The process's shared gazetteer, once loaded: one slot, not a cache keyed on anything.
_default: Gazetteer | None = None


def default_gazetteer(*, freeze: bool = False, fork: bool = False) -> Gazetteer:
    """Return the gazetteer of the project's data folder and GeoNames, loaded once.

    The first call loads it, with ``freeze`` and ``fork`` as ``Gazetteer.load``
    takes them: a program that keeps the gazetteer to its end (the CLI) asks
    for them before anything else loads it; later calls return it as loaded.
    """
    global _default
    if _default is None:
        _default = Gazetteer.load(freeze=freeze, fork=fork)
    return _default
