"""Airports and airbases by the names reports give them: "Kharkiv airport", "Mopti-Ambodedjo".

A report names an airport after the town it serves, after its own name, or
both; the data (``data/airports/airports.csv``, built from the PyPI package
airportsdata, MIT) has each airport's own name ("Ambodedjo Airport"), the
town it serves and its first-level division. Each word of the report's name
is looked up among those; the airport that shares the most of them wins,
then one near the town the report named, then one with an IATA code (the
airport with scheduled flights, not the disused strip of the same town).
The list is read the first time an airport is asked for, not at start-up.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from geo.geocode.index import note
from geo.geocode.names import cached_key
from geo.geocode.place import Place
from geo.geocode.rank import distance_km
from geo.support.paths import data_dir

AIRPORTS_FILE = "airports/airports.csv"
SOURCE = "https://github.com/mborsetti/airportsdata"
# An airport named after a town lies this near it (Ambodedjo is 9 km from Mopti).
NEAR_TOWN_KM = 60.0
# Words of an airport's name that say what it is, not which one it is.
_KIND_WORDS = re.compile(
    r"\b(?:international|intl|regional|domestic|municipal|military|airport|aeroport|aeropuerto"
    r"|air\s*base|airbase|air\s+field|airfield|airstrip|aerodrome|heliport|air\s+station"
    r"|air\s+force\s+base|afb|field)\b",
    re.IGNORECASE,
)
_MILITARY = re.compile(r"\bair\s*base\b|\bairbase\b|\bair\s+force\b|\bmilitary\b", re.I)
_PARTS = re.compile(r"\s*[-/–,]\s*|\s+\(|\)")


@dataclass(frozen=True)
class Airport:
    icao: str
    iata: str
    name: str
    city: str
    subdivision: str
    country: str
    lat: float
    lon: float

    @property
    def military(self) -> bool:
        return bool(_MILITARY.search(self.name))

    def place(self, kind: str) -> Place:
        """Return the airport as a gazetteer place of the facility ``kind`` the text gave."""
        return Place(
            id=f"airport:{self.icao}",
            name=self.name,
            country=self.country,
            place_type="airbase" if self.military else kind,
            lat=self.lat,
            lon=self.lon,
            source=SOURCE,
        )


def name_keys(text: str) -> set[str]:
    """Return the keys of a name and its parts, kind words left out: "Mopti-Ambodedjo airport"."""
    bare = _KIND_WORDS.sub(" ", text)
    keys = {cached_key(" ".join(bare.split()))}
    keys.update(cached_key(part) for part in _PARTS.split(bare) if part.strip())
    return {k for k in keys if len(k) >= 3}


class Airports:
    """The airport list, indexed by the keys of each airport's name and town."""

    def __init__(self, airports: list[Airport]) -> None:
        self.airports = airports
        self._by_key: dict[str, list[int]] = {}
        for n, airport in enumerate(airports):
            keys = name_keys(airport.name)
            # The town it serves; the division when the data gives no town.
            keys |= name_keys(airport.city or airport.subdivision)
            for key in keys:
                self._by_key.setdefault(key, []).append(n)

    def find(
        self,
        words: str,
        *,
        country: str = "",
        near: tuple[float, float] | None = None,
    ) -> Airport | None:
        """Return the airport a report's name for it means, or None.

        ``words``: the report's name without its kind word ("Mopti-Ambodedjo");
        ``near`` (lon, lat): the town the name was read as, which the airport
        must lie near; without it, the airport must be in ``country`` when given.
        """
        shared: dict[int, int] = {}
        for key in name_keys(words):
            for n in self._by_key.get(key, ()):
                shared[n] = shared.get(n, 0) + 1
        best: tuple | None = None
        for n, count in shared.items():
            airport = self.airports[n]
            if near is not None:
                km = distance_km(near, (airport.lon, airport.lat))
                if km > NEAR_TOWN_KM:
                    continue
            else:
                km = 0.0
                if country and airport.country != country:
                    continue
            rank = (-count, not airport.iata, km, airport.icao)
            if best is None or rank < best[0]:
                best = (rank, airport)
        return None if best is None else best[1]


@lru_cache(maxsize=1)
def airports() -> Airports:
    """Return the airport list, read once per process."""
    path = data_dir() / AIRPORTS_FILE
    found = []
    try:
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                try:
                    found.append(
                        Airport(
                            row["icao"],
                            row["iata"],
                            row["name"],
                            row["city"],
                            row["subdivision"],
                            row["country"],
                            float(row["latitude"]),
                            float(row["longitude"]),
                        )
                    )
                except (KeyError, TypeError, ValueError):
                    continue  # a damaged row is left out, not the whole list
    except OSError as exc:
        note(f"{path}: cannot read the airport list ({exc}); airports stay facilities to review")
    return Airports(found)
