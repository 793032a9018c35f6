"""Areas: regions, seas, straits and islands, beside the gazetteer's towns.

``data/areas/areas.csv`` (built by ``data/areas/build.py`` from Natural Earth)
lists first-level divisions ("Kherson Oblast"), well-known areas made of
them (Donbas, Darfur) and named seas, gulfs and straits, each with the point
a map puts it at: a division's admin centre, as ACLED codes an event that a
report places only in a region, or a point well inside a water body.
``data/areas/outlines.json`` keeps their polygons, read only when asked
(``Outlines``). ``data/gazetteer.csv`` adds what no package has (shoals,
reefs, small islands), with the same place types.

A division is named with a designator ("Kherson region", "Idlib governorate",
"Red Sea State"): ``designated_base`` reads one off a name's key, and the
gazetteer looks the rest up among the divisions' base names only, so
"Kherson region" is never the city of Kherson.
"""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.errors import InputFormatError
from geo.geocode.place import Place

AREAS_FILE = Path("areas") / "areas.csv"
# English names news uses that Natural Earth's transliterations lack ("North Sinai").
ENGLISH_NAMES_FILE = Path("areas") / "english_names.csv"
OUTLINES_FILE = Path("areas") / "outlines.json"
# Every area's id begins so (areas.csv); supplement rows have their own ids.
AREA_PREFIX = "ne:"

# Divisions, and the areas of the supplement that are no division (the Negev, the
# Bekaa valley, the Nuba Mountains): ACLED codes each at geo_precision 3.
REGION_TYPES = frozenset(
    {"region", "desert", "mountains", "valley", "plain", "plateau", "peninsula", "coast"}
)
WATER_TYPES = frozenset(
    {"sea", "ocean", "gulf", "bay", "strait", "channel", "sound", "reef", "shoal", "water"}
)
ISLAND_TYPES = frozenset({"island", "islands"})
# GeoNames' populated places: what a facility or a division is named after, and is not.
TOWN_TYPES = frozenset({"city", "town", "village", "place", "populated_place"})
# ACLED's geo_precision: 1 the place itself, 2 near it or part of it, 3 a larger region.
# A town, a facility, a small island or a shoal is a place; a region, a sea, a strait,
# an archipelago or a country is a larger area.
WIDE_TYPES = REGION_TYPES | (WATER_TYPES - {"reef", "shoal"}) | {"islands", "country"}

# The words that name a division's kind, after its name ("Kherson Oblast", "Borno
# state") or before it with "of" ("the Province of Idlib"); plurals for "the
# Donetsk and Luhansk regions". As keys (``normalize_name``): lower case.
DESIGNATORS = frozenset(
    {
        "region",
        "oblast",
        "province",
        "governorate",
        "state",
        "county",
        "department",
        "prefecture",
        "krai",
        "kray",
        "district",
        "muhafazat",
    }
)
# Words after a name that make it the division too, though no division is called
# by them: "the eastern Deir ez-Zor countryside" (Syria's reports: the governorate
# around its city), "the Belgorod regional governor" (read only before a governing
# word; see ``geo.extract.name_runs``).
TRAILING_DESIGNATORS = frozenset({"countryside", "regional"})
PLURAL_DESIGNATORS = {
    "regions": "region",
    "oblasts": "oblast",
    "provinces": "province",
    "governorates": "governorate",
    "states": "state",
    "counties": "county",
    "departments": "department",
    "prefectures": "prefecture",
    "districts": "district",
}
# Words that make no name of their own: a division called only by them
# ("Northern", "Upper East", "Delta") is read only in a country named with it.
COMMON_WORDS = frozenset(
    "north south east west northern southern eastern western central centre center upper"
    " lower middle capital coast coastal lakes delta plateau unity rivers islands island"
    " highlands lowlands interior mountain mountains valley littoral nord sud est ouest"
    " savanes plains river lake bay sea gulf border frontier federal national greater"
    " far orient oriental occidental the of and".split()
)


def generic(key: str) -> bool:
    """Return whether a name's key is made only of common words ("northern", "upper east")."""
    return all(word in COMMON_WORDS for word in key.split())


def is_designator(word: str) -> bool:
    """Return whether a word (any case) is a designator, singular or plural."""
    lower = word.lower()
    return lower in DESIGNATORS or lower in PLURAL_DESIGNATORS


def designated_base(key: str) -> str | None:
    """Return the base of a designated name's key ("kherson" of "kherson region"), else None.

    The designator stands after the base, or before it with "of" ("province
    of idlib"); a plural counts ("luhansk regions").
    """
    head, _, last = key.rpartition(" ")
    if head and (last in DESIGNATORS or last in PLURAL_DESIGNATORS or last in TRAILING_DESIGNATORS):
        return head
    first, _, rest = key.partition(" of ")
    if rest and first in DESIGNATORS:
        return rest
    return None


def geo_precision(place: Place) -> int:
    """Return ACLED's geo_precision for a place: 3 for a region, sea or country, else 1.

    2 for a place known only to lie in a larger one, and placed there: a
    district at its city ("district:"), a village at its region ("within:").
    """
    if place.place_type in WIDE_TYPES:
        return 3
    return 2 if place.id.startswith(("district:", "within:")) else 1


def is_area(place: Place) -> bool:
    """Return whether a place is an area of ``areas.csv`` (it has an outline there)."""
    return place.id.startswith(AREA_PREFIX)


def read_areas(path: Path) -> tuple[list[Place], list[tuple[str, ...]]]:
    """Return the areas of an ``areas.csv`` and the base names of each (none: no file).

    The rows have ``gazetteer.csv``'s columns plus ``base_names`` (names that
    stand only with a designator); errors name the file and line.
    """
    from geo.geocode.index import read_supplement

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], []
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFormatError(f"{path}: cannot read the areas ({exc})") from exc
    places = read_supplement(path, text=text)
    bases = [
        tuple(b for b in (row.get("base_names") or "").split("|") if b)
        for row in csv.DictReader(text.splitlines())
    ]
    for place in places:
        if not place.id.startswith(AREA_PREFIX):
            raise InputFormatError(f"{path}: area id {place.id!r} does not begin {AREA_PREFIX!r}")
    english = path.parent / ENGLISH_NAMES_FILE.name
    numbers = {p.id: n for n, p in enumerate(places)}
    for line_no, row in _english_names(english):
        number = numbers.get(row["id"])
        if number is None:
            raise InputFormatError(f"{english}, line {line_no}: no area {row['id']!r}")
        alternates = tuple(a.strip() for a in row["alternate_names"].split("|") if a.strip())
        place = places[number]
        places[number] = replace(place, alternate_names=place.alternate_names + alternates)
        bases[number] += tuple(b.strip() for b in row["base_names"].split("|") if b.strip())
    return places, bases


@lru_cache(maxsize=4)
def english_bases(path: Path) -> frozenset[tuple[str, str]]:
    """Return (area id, name key) of every English name ``english_names.csv`` gives an area."""
    from geo.geocode.names import cached_key

    found = set()
    for _, row in _english_names(path):
        for name in (row["alternate_names"] + "|" + row["base_names"]).split("|"):
            if name.strip():
                key = cached_key(name.strip())
                found.add((row["id"], designated_base(key) or key))
    return frozenset(found)


def _english_names(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Return the rows of ``english_names.csv`` (none: no file), each with its line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFormatError(f"{path}: cannot read the areas' English names ({exc})") from exc
    rows = []
    for line_no, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        if not row.get("id") or row.get("alternate_names") is None or row.get("base_names") is None:
            raise InputFormatError(f"{path}, line {line_no}: needs id, alternate_names, base_names")
        rows.append((line_no, row))
    return rows


class Outlines:
    """The areas' polygons, read from ``outlines.json`` when first asked for, then kept."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._encoded: dict[str, list] | None = None

    def _load(self) -> dict[str, list]:
        if self._encoded is None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self._scale = float(data["scale"])
                self._encoded = data["areas"]
            except FileNotFoundError:
                self._encoded = {}
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise InputFormatError(f"{self.path}: cannot read the outlines ({exc})") from exc
        return self._encoded

    def geometry(self, area_id: str) -> dict[str, Any] | None:
        """Return an area's outline as a GeoJSON Polygon or MultiPolygon, None if it has none."""
        encoded = self._load().get(area_id)
        if not encoded:
            return None
        polygons = [[self._ring(flat) for flat in rings] for rings in encoded]
        if len(polygons) == 1:
            return {"type": "Polygon", "coordinates": polygons[0]}
        return {"type": "MultiPolygon", "coordinates": polygons}

    def bbox(self, area_id: str) -> list[float] | None:
        """Return [west, south, east, north] of an area's outline, None if it has none."""
        geometry = self.geometry(area_id)
        if geometry is None:
            return None
        coordinates = geometry["coordinates"]
        polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
        xs = [x for polygon in polygons for x, _ in polygon[0]]
        ys = [y for polygon in polygons for _, y in polygon[0]]
        return [min(xs), min(ys), max(xs), max(ys)]

    def _ring(self, flat: list[int]) -> list[list[float]]:
        """Return a ring's positions from its first position and steps (see build.py's encode)."""
        x, y = flat[0], flat[1]
        ring = [[x / self._scale, y / self._scale]]
        for i in range(2, len(flat) - 1, 2):
            x += flat[i]
            y += flat[i + 1]
            ring.append([x / self._scale, y / self._scale])
        ring.append(ring[0])
        return ring
