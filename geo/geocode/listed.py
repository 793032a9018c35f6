"""Airports and ports by the names reports give them: "Kharkiv airport", "the port of Ras Isa".

A report names an airport or a port after the town it serves, after its own
name, or both. The lists (``data/airports/airports.csv`` from the PyPI
package airportsdata, MIT; ``data/ports/ports.csv`` from the PyPI package
searoute, Apache-2.0) give each its own name ("Ambodedjo Airport", "Ras Isa
Marine Terminal"), and an airport the town it serves and its first-level
division. Each word of the report's name is looked up among those; the entry
that shares the most of them wins, then one near the town the report named,
then an airport with an IATA code (the one with scheduled flights, not the
disused strip of the same town). A list is read the first time it is asked.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from geo.geocode.index import note
from geo.geocode.names import COMPASS_WORDS, cached_key
from geo.geocode.place import Place
from geo.geocode.rank import distance_km
from geo.support.paths import data_dir

AIRPORTS_FILE = "airports/airports.csv"
PORTS_FILE = "ports/ports.csv"
SOURCES = {
    "airport": "https://github.com/mborsetti/airportsdata",
    "port": "https://github.com/genthalili/searoute-py",
}
# A facility named after a town lies this near it (Ambodedjo airport is 9 km from Mopti).
NEAR_TOWN_KM = 60.0
# Words of a name that say what it is, not which one it is.
_KIND_WORDS = re.compile(
    r"\b(?:international|intl|regional|domestic|municipal|military|airport|aeroport|aeropuerto"
    r"|air\s*base|airbase|air\s+field|airfield|airstrip|aerodrome|heliport|air\s+station"
    r"|air\s+force\s+base|afb|field|sea\s*port|port|harbou?r|marine\s+terminal|oil\s+terminal"
    r"|terminal|anchorage|of)\b",
    re.IGNORECASE,
)
_MILITARY = re.compile(r"\bair\s*base\b|\bairbase\b|\bair\s+force\b|\bmilitary\b", re.I)
_PARTS = re.compile(r"\s*[-/–,]\s*|\s+\(|\)")


@dataclass(frozen=True)
class Listed:
    """One airport or port of a list."""

    list_kind: str  # "airport" or "port"
    code: str  # ICAO location indicator, or UN/LOCODE
    scheduled: bool  # an airport with an IATA code; every port
    name: str
    town: str
    subdivision: str
    country: str
    lat: float
    lon: float

    def place(self, kind: str) -> Place:
        """Return the entry as a gazetteer place of the facility ``kind`` the text gave."""
        if self.list_kind == "airport" and _MILITARY.search(self.name):
            kind = "airbase"
        return Place(
            id=f"{self.list_kind}:{self.code}",
            name=self.name,
            country=self.country,
            place_type=kind,
            lat=self.lat,
            lon=self.lon,
            source=SOURCES[self.list_kind],
        )


def name_keys(text: str) -> set[str]:
    """Return the keys of a name, its parts and its words, kind words left out.

    "Mopti-Ambodedjo airport": mopti-ambodedjo, mopti, ambodedjo; "Kharkiv
    Osnova International Airport": kharkiv osnova, kharkiv, osnova. Words of
    fewer than four letters and titles ("King", "Saint") are no keys alone.
    """
    bare = _KIND_WORDS.sub(" ", text)
    keys = {cached_key(" ".join(bare.split()))}
    parts = [part for part in _PARTS.split(bare) if part.strip()]
    keys.update(cached_key(part) for part in parts)
    words = {w for part in parts for w in part.split() if len(w) >= 4}
    keys.update(cached_key(w) for w in words if w.casefold() not in _NO_KEY)
    return {k for k in keys if len(k) >= 3}


# Words that name no one airport or port alone.
_NO_KEY = COMPASS_WORDS | {
    "king",
    "queen",
    "prince",
    "princess",
    "saint",
    "sultan",
    "sheikh",
    "emir",
    "president",
    "general",
    "central",
    "new",
    "city",
    "island",
    "islands",
    "lake",
    "river",
    "mount",
    "port",
    "bay",
}


class FacilityList:
    """A list of airports or ports, indexed by the keys of each one's name and town."""

    def __init__(self, entries: list[Listed]) -> None:
        self.entries = entries
        self._by_key: dict[str, list[int]] = {}
        for n, entry in enumerate(entries):
            # Its own name; the town it serves, else its division.
            keys = name_keys(entry.name) | name_keys(entry.town or entry.subdivision)
            for key in keys:
                self._by_key.setdefault(key, []).append(n)

    def find(
        self,
        words: str,
        *,
        countries: Collection[str] = (),
        near: tuple[float, float] | None = None,
    ) -> Listed | None:
        """Return the entry a report's name means, or None.

        ``words``: the report's name ("Mopti-Ambodedjo airport"); ``near``
        (lon, lat): the town the name was read as, which the entry must lie
        near; without it, the entry must be in one of ``countries`` when given.
        """
        shared: dict[int, int] = {}
        for key in name_keys(words):
            for n in self._by_key.get(key, ()):
                shared[n] = shared.get(n, 0) + 1
        best: tuple | None = None
        for n, count in shared.items():
            entry = self.entries[n]
            km = 0.0
            if near is not None:
                km = distance_km(near, (entry.lon, entry.lat))
                if km > NEAR_TOWN_KM:
                    continue
            elif countries and entry.country not in countries:
                continue
            rank = (-count, not entry.scheduled, km, entry.code)
            if best is None or rank < best[0]:
                best = (rank, entry)
        return None if best is None else best[1]


# Each list's file, and the column of each field of ``Listed`` (None: not in the file).
_FILES: dict[str, tuple[str, dict[str, str | None]]] = {
    "airport": (
        AIRPORTS_FILE,
        {
            "code": "icao",
            "scheduled": "iata",
            "name": "name",
            "town": "city",
            "subdivision": "subdivision",
        },
    ),
    "port": (PORTS_FILE, {"code": "locode", "scheduled": None, "name": "name"}),
}


def _read(list_kind: str) -> FacilityList:
    filename, columns = _FILES[list_kind]
    path = data_dir() / filename
    found = []

    def field(row: dict, name: str) -> str:
        column = columns.get(name)
        return row[column] if column else ""

    try:
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                try:
                    found.append(
                        Listed(
                            list_kind,
                            field(row, "code"),
                            # An airport with an IATA code has flights; every port is one.
                            bool(field(row, "scheduled")) or columns["scheduled"] is None,
                            field(row, "name"),
                            field(row, "town"),
                            field(row, "subdivision"),
                            row["country"],
                            float(row["latitude"]),
                            float(row["longitude"]),
                        )
                    )
                except (KeyError, TypeError, ValueError):
                    continue  # a damaged row is left out, not the whole list
    except OSError as exc:
        note(f"{path}: cannot read the list ({exc}); its facilities stay to be reviewed")
    return FacilityList(found)


@lru_cache(maxsize=1)
def airports() -> FacilityList:
    """Return the airport list, read once per process."""
    return _read("airport")


@lru_cache(maxsize=1)
def ports() -> FacilityList:
    """Return the port list, read once per process."""
    return _read("port")
