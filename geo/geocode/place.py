"""A gazetteer entry, and the choice of one for a name."""

from __future__ import annotations

from dataclasses import dataclass, field


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


# A place as the index keeps it: id, name, country, type, lat, lon, population, source.
PlaceRow = tuple[str, str, str, str, float | None, float | None, int, str]


def place_row(p: Place) -> PlaceRow:
    """Return the fields of a place but its alternate names, as the index keeps them."""
    return (p.id, p.name, p.country, p.place_type, p.lat, p.lon, p.population, p.source)


# Water bodies whose point anchors no other name (a strait's or a shoal's may).
_OPEN_WATER = frozenset({"sea", "ocean", "gulf", "bay"})

# The name of the offline gazetteer as a geocoder (an online one goes by its provider's).
GAZETTEER = "gazetteer"


@dataclass(frozen=True)
class Choice:
    """The place chosen for a name, the candidates it was chosen from, and why.

    ``geocoder`` names who chose (``GAZETTEER``, or an online provider);
    ``failed`` says it could not answer at all (an online provider that
    failed, its failure said already), which is not "not found".
    """

    place: Place | None
    candidates: tuple[Place, ...] = ()
    reason: str = "not found"
    loose: bool = False
    geocoder: str = GAZETTEER
    failed: bool = False

    @property
    def anchor(self) -> tuple[float, float] | None:
        """Return (lon, lat) when the name means one place whatever the context, else None.

        That is: an exact name with one candidate, or a town of 100,000+ with
        ten times the people of the next candidate (Beirut, not Tripoli).
        """
        place = self.place
        if place is None or place.lon is None or place.lat is None or self.loose:
            return None
        if place.place_type in _OPEN_WATER:
            return None  # a point in mid-sea is near no town the same report names
        if len(self.candidates) > 1:
            runner_up = self.candidates[1].population
            if place.population < 100_000 or place.population < 10 * runner_up:
                return None
        return place.lon, place.lat
