"""Positions given as offsets from a place: "70 nautical miles west of Hodeidah".

Maritime advisories and military statements place an event by distance and
direction from a known place ("80NM W of Mokha", "40 nautical miles (74 km)
east of Aden", "about 100 nautical miles west of Puerto Princesa", "12 km
north of Kharkiv"). The event lies at the geodesic offset, not on the place.

How sure that position is follows the georeferencing point-radius method
(Wieczorek et al., "The point-radius method for georeferencing locality
descriptions", 2004): the direction is as precise as the compass point
written (a cardinal W is ±45°, an intercardinal NW ±22.5°, a 16-point WNW
±11.25°), the distance as precise as its last digit (70 nm is ±0.5 nm, 7.5
km ±0.05 km), or ±10 % when hedged ("about", "some"), and the reference
place adds its own extent. The area they bound is a wedge around the point;
``uncertainty_m`` is the radius of the smallest circle about the point that
holds it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from pyproj import Geod

from geo.extract.patterns import finditer_caseless, led_by
from geo.extract.places import PlaceMention
from geo.extract.radii import number_value
from geo.extract.text import Span
from geo.geocode.gazetteer import Gazetteer
from geo.geocode.place import Place
from geo.geocode.protocol import Context
from geo.geocode.rank import distance_km
from geo.units import METRES_PER, UNIT_PATTERN, canonical_unit

_GEOD = Geod(ellps="WGS84")

# The 16 compass points, clockwise from north, as words and as letters.
_POINTS = (
    "north", "north-northeast", "northeast", "east-northeast",
    "east", "east-southeast", "southeast", "south-southeast",
    "south", "south-southwest", "southwest", "west-southwest",
    "west", "west-northwest", "northwest", "north-northwest",
)  # fmt: skip
_LETTERS = tuple(
    "".join(w[0] for w in re.findall(r"north|south|east|west", p)).upper() for p in _POINTS
)
# Half the sector a compass point stands for: 4, 8 or 16 points to the circle.
_HALF_WIDTH = {1: 45.0, 2: 22.5, 3: 11.25}

_WORD_POINT = (
    r"(?:north|south)(?:[\s-]?(?:(?:north|south)[\s-]?)?(?:east|west))?"
    r"|(?:east|west)(?:[\s-]?(?:north|south)[\s-]?(?:east|west))?"
)
_LETTER_POINT = r"[NS]{1,2}[EW]{0,1}|[EW](?:[NS][EW])?|N|S|E|W"
_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_HEDGE = r"(?P<about>about|around|some|approximately|approx\.|roughly|nearly|almost|~)"
_CONVERSION = (
    rf"\s*[(\[]\s*(?:about\s+|some\s+|roughly\s+|or\s+)?[\d.,]+\s*-?\s*(?:{UNIT_PATTERN})\s*[)\]]"
)
# "west of the Red Sea port of Hodeidah": up to two words may qualify the noun.
_INTO = (
    r"(?:the\s+)?(?:(?:[\w'’-]+\s+){0,2}?(?:port|city|town|village|coast|island|islands|harbou?r)"
    r"\s+of\s+)?"
)

# The phrase, then the reference's name: capitalised words (a lower-case particle
# may join them: "Bab el-Mandeb"), tried longest first against the gazetteer.
_OFFSET = led_by(
    re.compile(
        rf"\b{_NUMBER}\s*-?\s*(?P<unit>{UNIT_PATTERN})\b(?:{_CONVERSION})?"
        rf"\s+(?:to\s+the\s+)?(?:(?P<word>{_WORD_POINT})|(?-i:(?P<letters>{_LETTER_POINT})))"
        rf"(?:\s+of|\s+from|\s+off)\s+{_INTO}"
        r"(?-i:(?P<name>[A-Z][\w'’]*(?:(?:\s+|-)(?:(?:al|el|ad|ar|as|an|ash|at|az|bin|ibn)-)?"
        r"[A-Z][\w'’]*){0,3}))",
        re.IGNORECASE,
    ),
    rf"\b{_NUMBER}",  # an offset begins with its number
)
# A hedge just before the number: "about 70 nm", "some 40 nautical miles".
_HEDGED = re.compile(rf"\b{_HEDGE}\s*$", re.IGNORECASE)
_MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class Offset:
    """A position stated as distance and direction from a named place."""

    reference: PlaceMention
    span: Span  # the whole phrase, the place's name included
    bearing_deg: float
    direction: str  # as written: "west", "WNW"
    half_width_deg: float
    value: float
    unit: str
    distance_m: float
    distance_uncertainty_m: float
    about: bool
    reference_extent_m: float
    lon: float
    lat: float

    @property
    def name(self) -> str:
        """Return the position as a name: "70 nmi W of Hodeidah"."""
        unit = {"nmi": "nm"}.get(self.unit, self.unit)
        about = "about " if self.about else ""
        # The reference as the report names it: "W of Hodeidah", not of "Al Ḩudaydah".
        point = _LETTERS[_index(self.bearing_deg)]
        return f"{about}{self.value:g} {unit} {point} of {self.reference.span.text}"

    def place(self) -> Place:
        """Return the position as a place of its own, keyed by what states it."""
        ref = self.reference.place
        return Place(
            id=f"offset:{ref.id}:{self.bearing_deg:g}:{self.distance_m:.0f}",
            name=self.name,
            country=ref.country,
            place_type="offset",
            lat=self.lat,
            lon=self.lon,
            source=ref.source,
        )

    def properties(self) -> dict:
        """Return the offset as the contract writes it (``offset`` of a place or incident)."""
        ref = self.reference.place
        return {
            "reference": ref.name,
            "reference_gazetteer_id": ref.id,
            "reference_lonlat": [ref.lon, ref.lat],
            "bearing_deg": self.bearing_deg,
            "direction": self.direction,
            "distance_m": self.distance_m,
            "reported": {"value": self.value, "unit": self.unit, "text": self.span.text},
            "about": self.about,
            "uncertainty": {
                "bearing_deg": self.half_width_deg,
                "distance_m": self.distance_uncertainty_m,
                "reference_extent_m": self.reference_extent_m,
            },
        }


def _index(bearing: float) -> int:
    return int(round(bearing / 22.5)) % 16


def _direction(word: str | None, letters: str | None) -> tuple[float, float] | None:
    """Return (bearing, half width) of a compass point written as words or letters."""
    if word is not None:
        parts = re.findall(r"north|south|east|west", word.lower())
        key = "".join(p[0] for p in parts).upper()
    else:
        key = (letters or "").upper()
    if key not in _LETTERS:
        return None
    return _LETTERS.index(key) * 22.5, _HALF_WIDTH[len(key)]


def _precision_m(number: str, unit: str, about: bool, distance_m: float) -> float:
    """Return how far the stated distance may be off: half its last digit, or 10 % if hedged."""
    if about:
        return max(0.1 * distance_m, 0.5 * METRES_PER[unit])
    decimals = len(number.split(".", 1)[1]) if "." in number else 0
    return 0.5 * 10.0**-decimals * METRES_PER[unit]


def reference_extent_m(place: Place) -> float:
    """Return the radius a place's name covers: a town's grows with its people.

    Without a surveyed footprint, a town of population p is taken to cover
    a disc of radius 10·√p metres (about 1 km for 10,000 people, 8 km for
    600,000), from 0.5 km to 15 km; a place without people (a base, a
    crossing) 0.5 km.
    """
    if place.population <= 0:
        return 500.0
    return min(15_000.0, max(500.0, 10.0 * math.sqrt(place.population)))


def find_offsets(
    text: str, start: int, end: int, places: list[PlaceMention], gazetteer: Gazetteer
) -> list[Offset]:
    """Return the offsets stated in ``text[start:end]``, in order.

    The reference is the place the reading found at the name, else the
    gazetteer's choice for the name's longest run of words that names a
    located place: "70 nm west of" is strong evidence that what follows is a
    place, even one the reading alone would not trust (a city known by a
    spelling of its name, in a story that does not name its country).
    """
    at = {pm.span.start: pm for pm in places}
    countries = tuple(sorted({pm.place.country for pm in places if pm.place.is_country}))
    # A reference's namesakes are told apart by the story's other places (a
    # sea, a port): "18NM W of Mocha" in a note on the Gulf of Aden is Yemen's.
    near = [
        (pm.place.lon, pm.place.lat)
        for pm in places
        if pm.place.lat is not None and pm.place.lon is not None and not pm.place.is_country
    ]
    found = []
    for m in finditer_caseless(_OFFSET, text, start, end):
        direction = _direction(m["word"], m["letters"])
        if direction is None:
            continue
        reference = at.get(m.start("name")) or _reference(
            text, m, gazetteer, countries, tuple(near)
        )
        if reference is None:
            continue
        ref = reference.place
        if ref.is_country:
            # "54NM East of Djibouti": a position is measured from the city of the
            # country's name (the port, the capital), not from a country.
            city = next(
                (
                    p
                    for p in gazetteer.candidates(reference.span.text)
                    if not p.is_country and p.lat is not None and p.country == ref.country
                ),
                None,
            )
            if city is None:
                continue
            reference = replace(reference, place=city, reason="the city of the country's name")
            ref = city
        if ref.lat is None or ref.lon is None:
            continue
        near.append((ref.lon, ref.lat))
        bearing, half_width = direction
        unit = canonical_unit(m["unit"])
        value = number_value(m["number"])
        distance_m = value * METRES_PER[unit]
        if not 0 < distance_m < 5_000_000:
            continue
        hedge = _HEDGED.search(text, max(start, m.start() - 16), m.start())
        about = hedge is not None
        first = hedge.start() if hedge is not None else m.start()
        lon, lat, _ = _GEOD.fwd(ref.lon, ref.lat, bearing, distance_m)
        ref_end = reference.span.end
        found.append(
            Offset(
                reference=reference,
                span=Span(first, ref_end, text[first:ref_end]),
                bearing_deg=bearing,
                direction=m["word"] or m["letters"],
                half_width_deg=half_width,
                value=value,
                unit=unit,
                distance_m=distance_m,
                distance_uncertainty_m=_precision_m(m["number"], unit, about, distance_m),
                about=about,
                reference_extent_m=reference_extent_m(ref),
                lon=float(lon),
                lat=float(lat),
            )
        )
    return found


def _reference(
    text: str,
    m: re.Match,
    gazetteer: Gazetteer,
    countries: tuple[str, ...],
    near: tuple[tuple[float, float], ...] = (),
) -> PlaceMention | None:
    """Return the place the words after an offset phrase name, longest run first."""
    name_start = m.start("name")
    ends = [w.end() for w in re.finditer(r"[\w'’]+", m["name"])][:_MAX_NAME_WORDS]
    for stop in reversed(ends):
        surface = text[name_start : name_start + stop]
        choice = gazetteer.choose(surface, Context(countries=countries, near=near))
        place = choice.place
        if place is not None and place.is_country:
            # "54NM East of Djibouti": the city of the country's name, as below.
            place = next(
                (p for p in choice.candidates if not p.is_country and p.country == place.country),
                place,
            )
        if (
            place is not None
            and stop != ends[-1]
            and _CAPITALISED.match(text, name_start + stop)
            and not _near_any(place, near)
        ):
            # "of Bạch Long Vĩ island": the first word of a longer name is no
            # reference when it names a place far from the story ("Bach").
            continue
        if place is not None and not choice.loose and place.lat is not None:
            span = Span(name_start, name_start + stop, surface)
            return PlaceMention(
                place, span, len(choice.candidates), f"named after an offset; {choice.reason}"
            )
    return None


_CAPITALISED = re.compile(r"[ \t]+[A-ZÀ-ÖØ-Þ]")
NEAR_STORY_KM = 1500.0  # how near the story's places a part of a name must lie


def _near_any(place: Place, near: tuple[tuple[float, float], ...]) -> bool:
    """Return whether a place lies near any of the story's places (or the story names none)."""
    if not near or place.lat is None or place.lon is None:
        return not near
    return any(distance_km((place.lon, place.lat), point) <= NEAR_STORY_KM for point in near)


def same_position(a: dict, b: dict) -> bool:
    """Return whether two offsets (``Offset.properties()``) state one position in two forms.

    Same reference and compass point, distances that agree within both
    precisions ("70 nm" and "130 km" west of Hodeidah).
    """
    if a["reference_gazetteer_id"] != b["reference_gazetteer_id"]:
        return False
    if a["bearing_deg"] != b["bearing_deg"]:
        return False
    slack = a["uncertainty"]["distance_m"] + b["uncertainty"]["distance_m"]
    return abs(a["distance_m"] - b["distance_m"]) <= slack
