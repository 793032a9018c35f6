"""A zone's centre as a user types it: a position in the forms people write, or a place name.

``resolve_center`` reads ``--center`` and says what it understood, in lines
for the caller to show (``Center.notes``):

* A bare pair of numbers (``38.6,33.5``, ``38.6 33.5``) is LONGITUDE,LATITUDE,
  the documented order and GeoJSON's. Maps and news write latitude first, so
  a pair that reads both ways and lands on a country's land when swapped gets
  a note naming both readings and how to write the other one; a pair valid
  only swapped (a "latitude" beyond 90) is an error that says so. The meaning
  never changes silently.
* With hemisphere letters the order is the letters' (``33.5N 38.6E``,
  ``38.6E 33.5N``, ``N33.5 E38.6``); S and W are negative. Degrees may come
  with minutes and seconds, with or without their symbols (``33°30'N
  38°36'E``, ``33 30 00 N, 38 36 00 E``, ′ and ″ too).
* Anything else is a gazetteer name. When several places have it, a note
  says which was taken and why, and names the next few with their
  positions, so the user can give LON,LAT instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geo.errors import CoordinateError, GeocodeError

if TYPE_CHECKING:
    from geo.geocode.gazetteer import Gazetteer
    from geo.geocode.place import Choice, Place

# Two readings of a pair closer than this are one place: nothing to tell apart.
SAME_PLACE_KM = 1.0
# Namesakes listed after the one taken.
OTHERS_LISTED = 3

_EARTH_RADIUS_KM = 6371.0088

# Characters a position may be written with; text made only of these, with a
# digit, is a position (or a mistyped one), never a place name.
_POSITION_CHARS = re.compile(r"[\d\s.,;+\-°'\"NSEWnsew]+")
# Other ways of writing the signs and symbols, as typed or pasted from a web page.
_SPELLINGS = str.maketrans(
    {"−": "-", "–": "-", "º": "°", "˚": "°", "′": "'", "’": "'", "‘": "'", "″": '"', "”": '"'}
)
_NUMBER = r"\d+(?:\.\d+)?"
# One coordinate: a hemisphere letter before or after, or a sign; degrees, then
# minutes and seconds, each with or without its symbol.
_COORDINATE = re.compile(
    rf"""
    (?P<before>[NSEW])?\s*
    (?P<sign>[+-])?\s*
    (?P<deg>{_NUMBER})\s*°?\s*
    (?:(?P<min>{_NUMBER})\s*'?\s*
       (?:(?P<sec>{_NUMBER})\s*"?\s*)?
    )?
    (?P<after>[NSEW])?
    """,
    re.X | re.I,
)
_LATITUDE_LETTERS = frozenset("NS")


@dataclass(frozen=True)
class Center:
    """A zone's centre: the name it goes by, its position, and what was understood."""

    name: str
    lon: float
    lat: float
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Coordinate:
    """One number of a position as written: its value (signed), hemisphere letter, text."""

    value: float
    letter: str | None
    text: str


def resolve_center(text: str, *, load_gazetteer: Callable[[], Gazetteer] | None = None) -> Center:
    """Return the centre ``text`` gives: a position in one of the forms above, or a name.

    ``load_gazetteer`` (default: the process's shared gazetteer) is called only
    for a name. Raises ``CoordinateError`` for a position that is not one (one
    line naming ``text``), ``GeocodeError`` for a name the gazetteer lacks.
    """
    position = parse_position(text)
    if position is not None:
        lon, lat, notes = position
        ns, ew = "N" if lat >= 0 else "S", "E" if lon >= 0 else "W"
        return Center(f"{abs(lat):.5f}° {ns} {abs(lon):.5f}° {ew}", lon, lat, notes)
    from geo.geocode.gazetteer import default_gazetteer

    choice = (load_gazetteer or default_gazetteer)().choose(text)
    place = choice.place
    if place is None:
        raise GeocodeError(f"centre {text!r} is not in the gazetteer; give LON,LAT instead")
    if place.lat is None or place.lon is None:
        what = "a country" if place.is_country else "a place without a point"
        raise GeocodeError(
            f"centre {text!r} is {what} in the gazetteer, which has no one centre; "
            "give a town or LON,LAT instead"
        )
    return Center(place.name, place.lon, place.lat, _choice_notes(text, choice))


# --------------------------------------------------------------------------
# Positions
# --------------------------------------------------------------------------


def parse_position(text: str) -> tuple[float, float, tuple[str, ...]] | None:
    """Return ``(lon, lat, notes)`` of a position written as ``text``; None for a name.

    Raises ``CoordinateError`` when ``text`` is made of the characters of a
    position but is not a valid one.
    """
    written = text.translate(_SPELLINGS).replace("''", '"').strip()
    if not (_POSITION_CHARS.fullmatch(written) and re.search(r"\d", written)):
        return None
    first, second = _two_coordinates(written, text)
    if first.letter is None and second.letter is None:
        return _bare_pair(first, second, text)
    lon, lat = _by_letters(first, second, text)
    return lon, lat, ()


def _two_coordinates(written: str, text: str) -> tuple[_Coordinate, _Coordinate]:
    """Return ``written``'s two coordinates, split at its comma, or where only one split fits."""
    if re.search(r"[,;]", written):
        parts = re.split(r"\s*[,;]\s*", written)
        if len(parts) != 2:
            raise CoordinateError(
                f"centre {text!r} is not two coordinates (e.g. 38.61778,33.50583 or 33.5N 38.6E)"
            )
        return _coordinate(parts[0], text), _coordinate(parts[1], text)
    # Without a comma, the split is at a space, or where a letter meets a number
    # ("33.5N38.6E"); it must be the only one at which both halves are coordinates.
    spaced = re.sub(r"(?<=[\d°'\"])(?=[NSEWnsew])|(?<=[NSEWnsew])(?=[\d+-])", " ", written)
    tokens = spaced.split()
    readings: dict[tuple[float, str | None, float, str | None], tuple[_Coordinate, ...]] = {}
    for i in range(1, len(tokens)):
        a = _coordinate_or_none(" ".join(tokens[:i]))
        b = _coordinate_or_none(" ".join(tokens[i:]))
        if a is not None and b is not None:
            readings.setdefault((a.value, a.letter, b.value, b.letter), (a, b))
    if len(readings) == 1:
        a, b = next(iter(readings.values()))
        return a, b
    if readings:
        raise CoordinateError(
            f"centre {text!r} can be split into two coordinates in more than one way; "
            "put a comma between them or give hemisphere letters (33 30 N, 38 36 E)"
        )
    raise CoordinateError(
        f"centre {text!r} is not LON,LAT (e.g. 38.61778,33.50583) "
        "nor a position with hemisphere letters (e.g. 33.5N 38.6E)"
    )


def _coordinate(part: str, text: str) -> _Coordinate:
    found = _coordinate_or_none(part)
    if found is None:
        raise CoordinateError(
            f"centre {text!r}: {part.strip()!r} is not a coordinate "
            "(e.g. 38.6, -38.6, 38.6E, 38°36'E or 38 36 00 E)"
        )
    return found


def _coordinate_or_none(part: str) -> _Coordinate | None:
    """Return the coordinate ``part`` writes, None when it is not one."""
    m = _COORDINATE.fullmatch(part.strip())
    if m is None:
        return None
    before, after, sign = m["before"], m["after"], m["sign"]
    if before and after:
        return None  # two letters for one number
    letter = (before or after or "").upper() or None
    if letter and sign:
        return None  # "-33.5S": a sign and a letter say the same thing twice, or contradict
    degrees, minutes, seconds = m["deg"], m["min"], m["sec"]
    value = float(degrees)
    if minutes is not None:
        # Only the last of degrees, minutes and seconds may have a fraction.
        if "." in degrees or float(minutes) >= 60:
            return None
        value += float(minutes) / 60
    if seconds is not None:
        if minutes is None or "." in minutes or float(seconds) >= 60:
            return None
        value += float(seconds) / 3600
    negative = sign == "-" or letter in ("S", "W")
    # The number as typed without its sign, for suggestions.
    shown = part.strip().lstrip("+-").strip()
    if letter:
        shown = shown.strip("NSEWnsew").strip()
    return _Coordinate(-value if negative else value, letter, shown)


def _check(lon: float, lat: float, text: str) -> tuple[float, float]:
    if not -90.0 <= lat <= 90.0:
        raise CoordinateError(f"centre {text!r}: latitude {lat:g} is out of range (-90 to 90)")
    if not -180.0 <= lon <= 180.0:
        raise CoordinateError(f"centre {text!r}: longitude {lon:g} is out of range (-180 to 180)")
    return lon, lat


def _by_letters(first: _Coordinate, second: _Coordinate, text: str) -> tuple[float, float]:
    """Return (lon, lat) of two coordinates of which one or both carry a hemisphere letter."""
    axes = [
        None if c.letter is None else ("lat" if c.letter in _LATITUDE_LETTERS else "lon")
        for c in (first, second)
    ]
    if axes[0] == axes[1]:
        both = "latitudes (N or S)" if axes[0] == "lat" else "longitudes (E or W)"
        raise CoordinateError(f"centre {text!r}: both numbers are {both}; give one N/S, one E/W")
    if axes[0] == "lat" or axes[1] == "lon":
        lat, lon = first.value, second.value
    else:
        lon, lat = first.value, second.value
    return _check(lon, lat, text)


def _signed(coordinate: _Coordinate) -> str:
    """Return a coordinate without letter as written, its sign kept: "-33.5"."""
    return coordinate.text if coordinate.value >= 0 else "-" + coordinate.text


def _hemispheres(lon: _Coordinate, lat: _Coordinate) -> str:
    """Return a position written with hemisphere letters: "33.5N 38.6E"."""
    return f"{lat.text}{'S' if lat.value < 0 else 'N'} {lon.text}{'W' if lon.value < 0 else 'E'}"


def _bare_pair(
    first: _Coordinate, second: _Coordinate, text: str
) -> tuple[float, float, tuple[str, ...]]:
    """Return (lon, lat, notes) of a pair without letters: LON,LAT, and what else it could be."""
    a, b = first.value, second.value
    given = abs(a) <= 180 and abs(b) <= 90
    swapped = abs(b) <= 180 and abs(a) <= 90
    other = f"{_signed(second)},{_signed(first)}"  # the pair as LON,LAT if it was lat,lon
    if not given and swapped:
        raise CoordinateError(
            f"centre {text!r}: latitude {b:g} is out of range (-90 to 90) as LON,LAT; "
            f"if it is lat,lon, write {other} or {_hemispheres(second, first)}"
        )
    lon, lat = _check(a, b, text)
    if not swapped or _distance_km((a, b), (b, a)) < SAME_PLACE_KM:
        return lon, lat, ()
    from geo.support.naturalearth import country_at

    there = country_at(b, a)
    if there is None:
        return lon, lat, ()  # swapped it would be at sea: nothing says it was meant
    here = country_at(a, b)
    away = f"{_distance_km((a, b), (b, a)):,.0f} km away"
    read = f"--center {text.strip()} read as lon {a:g}, lat {b:g}"
    read += f" ({here})" if here else ", at sea"
    note = (
        f"{read}; as lat,lon it would be in {there}, {away} — write {other} or "
        f"{_hemispheres(second, first)} if you meant that"
    )
    return lon, lat, (note,)


def _distance_km(p: tuple[float, float], q: tuple[float, float]) -> float:
    """Return the great-circle distance between two (lon, lat) points, in km."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*p, *q))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# --------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------


def _choice_notes(text: str, choice: Choice) -> tuple[str, ...]:
    """Return the note on a name that several places have, or that matched loosely."""
    place = choice.place
    assert place is not None
    count = len(choice.candidates)
    if count < 2 and not choice.loose:
        return ()
    asked = f"--center {text.strip()}"
    if not choice.loose:
        head = f"{asked}: {count} places of that name; took"
    elif count > 1:
        head = f"{asked}: no place of exactly that name, {count} spelled like it; took"
    else:
        head = f"{asked}: no place of exactly that name; took"
    line = f"{head} {_described(place, choice.reason)}"
    others = [p for p in choice.candidates if p is not place][:OTHERS_LISTED]
    if others:
        more = count - 1 - len(others)
        listed = "; ".join(_described(p) for p in others)
        line += f"; others: {listed}" + (f" and {more} more" if more > 0 else "")
    return (f"{line} — give LON,LAT to choose",)


def _described(place: Place, reason: str | None = None) -> str:
    """Return "Tripoli, Lebanon (pop. 229,398) at 35.8497,34.4367" for a note."""
    from geo.strips import country_name

    words = place.name + (f", {country_name(place.country)}" if place.country else "")
    facts = []
    if place.is_country:
        facts.append("the country")
    elif place.population:
        facts.append(f"pop. {place.population:,}")
    if reason:
        facts.append(reason)
    if facts:
        words += f" ({'; '.join(facts)})"
    if place.lon is not None and place.lat is not None:
        words += f" at {place.lon:.4f},{place.lat:.4f}"
    return words
