"""Distance units: names as news and users write them, and their length in metres."""

from __future__ import annotations

import math
import re

from geo.errors import RadiusError

METRES_PER = {
    "m": 1.0,
    "km": 1000.0,
    "mi": 1609.344,  # international mile
    "nmi": 1852.0,  # international nautical mile
}

# Every spelling geo accepts, mapped to its canonical unit. Longest first in the
# regular expression below, so "nautical miles" wins over "miles".
UNIT_NAMES = {
    "m": "m",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "km": "km",
    "kms": "km",
    "kilometer": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometres": "km",
    "mi": "mi",
    "mile": "mi",
    "miles": "mi",
    "nmi": "nmi",
    "nm": "nmi",
    "nautical mile": "nmi",
    "nautical miles": "nmi",
}

UNIT_PATTERN = "|".join(
    re.escape(name).replace(r"\ ", r"[\s-]+") for name in sorted(UNIT_NAMES, key=len, reverse=True)
)

_RADIUS_TEXT = re.compile(
    rf"^\s*(?P<value>[+-]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|[+-]?\.\d+)\s*-?\s*"
    rf"(?P<unit>{UNIT_PATTERN})\s*$",
    re.IGNORECASE,
)

# Half the Earth's meridian circumference: a larger radius wraps past the antipode.
MAX_RADIUS_M = 20_003_931.0


def canonical_unit(name: str) -> str:
    """Return the canonical unit (m, km, mi, nmi) for a spelling such as 'Miles'."""
    # Case-folded as re.IGNORECASE matched it: "kmſ" is "kms", "mıles" is "miles".
    key = re.sub(r"[\s-]+", " ", name.strip().casefold().replace("ı", "i"))
    try:
        return UNIT_NAMES[key]
    except KeyError:
        raise RadiusError(f"unknown distance unit {name!r} (use m, km, mi or nmi)") from None


def check_radius(radius_m: float, shown: str | None = None) -> float:
    """Return ``radius_m`` as a float if it is a usable zone radius in metres.

    Raises ``RadiusError`` with a one-line message naming the value as the user
    gave it (``shown``, e.g. "'30000 km'"), or in metres.
    """
    shown = shown or f"{radius_m!r} m"
    if isinstance(radius_m, bool):
        raise RadiusError(f"radius {shown} is not a number")
    try:
        r = float(radius_m)
    except (TypeError, ValueError):
        raise RadiusError(f"radius {shown} is not a number") from None
    if not math.isfinite(r):
        raise RadiusError(f"radius {shown} is not a finite number")
    if r <= 0:
        raise RadiusError(f"radius {shown} must be greater than zero")
    if r > MAX_RADIUS_M:
        raise RadiusError(
            f"radius {shown} is more than half the Earth's circumference"
            f" ({MAX_RADIUS_M / 1000:,.0f} km)"
        )
    return r


def parse_tolerance(text: str) -> float:
    """Return a tolerance text such as '1 m' or '0.5 m' in metres; errors say 'tolerance'."""
    try:
        return parse_radius(text)[2]
    except RadiusError as exc:
        raise RadiusError(str(exc).replace("radius", "tolerance", 1)) from None


def parse_radius(text: str) -> tuple[float, str, float]:
    """Return ``(value, unit, radius_m)`` for a radius text like '55 km' or '34 miles'.

    Raises ``RadiusError`` with a one-line message for anything that is not a
    positive distance no larger than half the Earth's circumference.
    """
    match = _RADIUS_TEXT.match(text or "")
    if not match:
        raise RadiusError(
            f"radius {text!r} is not a number with a unit (e.g. '55 km', '34 mi', '50 nmi')"
        )
    value = float(match["value"].replace(",", ""))
    unit = canonical_unit(match["unit"])
    return value, unit, check_radius(value * METRES_PER[unit], repr(text))


def format_distance(radius_m: float) -> str:
    """Return a radius in km and mi for labels: '55 km (34.2 mi)'."""
    km = radius_m / 1000.0
    mi = radius_m / METRES_PER["mi"]
    return f"{_trim(km)} km ({_trim(mi)} mi)"


_COMPASS_POINTS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


def format_by_direction(legs: list[tuple[float, float]]) -> str:
    """Return sizes by direction for labels: '10 km N, 5 km S' from [(0, 10000), (180, 5000)]."""
    return ", ".join(
        f"{_trim(metres / 1000.0)} km {_COMPASS_POINTS[round(bearing % 360.0 / 45.0) % 8]}"
        for bearing, metres in legs
    )


def _trim(x: float) -> str:
    text = f"{x:,.1f}" if abs(x) < 1000 else f"{x:,.0f}"
    return text[:-2] if text.endswith(".0") else text
