"""What geo knows of each geopy provider: how to drive it, and how to read its answers.

Which providers need a key and how they take a country restriction, the
server a url names, and the place a raw answer describes (its country, id,
type and name, and coordinates checked to be numbers on the globe).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from geo.errors import OnlineConfigError, one_line
from geo.features import COORD_DECIMALS


@dataclass(frozen=True)
class ProviderSpec:
    """How geo drives one geopy provider."""

    key_param: str | None = None  # the constructor argument that takes the API key
    key_required: bool = True
    country_param: str | None = None  # geocode() argument restricting to a list of countries
    single_country: bool = False  # ... which takes one country only
    extra: tuple[tuple[str, Any], ...] = ()  # fixed geocode() arguments
    needs_url: bool = False  # no public default server: the user must give one


_NOMINATIM_LIKE = ProviderSpec(country_param="country_codes", extra=(("addressdetails", True),))

# The geopy providers that need no more than an API key (or nothing). Those left
# out need more (LiveAddress: id and token; IGN France: user and password) or
# answer something other than place names (what3words).
PROVIDERS: dict[str, ProviderSpec] = {
    "nominatim": _NOMINATIM_LIKE,
    "photon": ProviderSpec(),
    "arcgis": ProviderSpec(),
    "banfrance": ProviderSpec(),
    "databc": ProviderSpec(),
    "pelias": ProviderSpec(
        key_param="api_key", key_required=False, country_param="countries", needs_url=True
    ),
    "geocodeearth": ProviderSpec(key_param="api_key", country_param="countries"),
    "opencage": ProviderSpec(key_param="api_key", country_param="country"),
    "mapbox": ProviderSpec(key_param="api_key", country_param="country"),
    "maptiler": ProviderSpec(key_param="api_key"),
    "geokeo": ProviderSpec(key_param="api_key", country_param="country", single_country=True),
    "geolake": ProviderSpec(key_param="api_key", country_param="country_codes"),
    "openmapquest": replace(_NOMINATIM_LIKE, key_param="api_key"),
    "pickpoint": replace(_NOMINATIM_LIKE, key_param="api_key"),
    "geonames": ProviderSpec(key_param="username", country_param="country"),
    "google": ProviderSpec(key_param="api_key"),
    "googlev3": ProviderSpec(key_param="api_key"),
    "bing": ProviderSpec(key_param="api_key", extra=(("include_country_code", True),)),
    "azure": ProviderSpec(key_param="subscription_key"),
    "tomtom": ProviderSpec(key_param="api_key"),
    "here": ProviderSpec(key_param="apikey"),
    "herev7": ProviderSpec(key_param="apikey"),
    "mapquest": ProviderSpec(key_param="api_key"),
    "yandex": ProviderSpec(key_param="api_key"),
    "woosmap": ProviderSpec(key_param="api_key"),
    "geocodio": ProviderSpec(key_param="api_key"),
    "baidu": ProviderSpec(key_param="api_key"),
    "baiduv3": ProviderSpec(key_param="api_key"),
}
SUPPORTED_PROVIDERS: tuple[str, ...] = tuple(sorted(PROVIDERS))


def key_variable(provider: str) -> str:
    return f"GEO_{provider.upper()}_API_KEY"


def country_codes(countries: Iterable[str]) -> tuple[str, ...]:
    codes = tuple(sorted({c.strip().upper() for c in countries if c.strip()}))
    bad = [c for c in codes if len(c) != 2 or not c.isascii() or not c.isalpha()]
    if bad:
        raise OnlineConfigError(
            f"country codes must be ISO 3166-1 alpha-2 (like SY, IQ): got {', '.join(bad)}"
        )
    return codes


def parse_url(provider: str, url: str) -> tuple[str, str]:
    """Return geopy's ``(scheme, domain)`` for a server url like ``http://host:8080/nominatim``."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise OnlineConfigError(
            f"provider {provider}: url {url!r} is not of the form http(s)://host[:port][/path]"
        )
    # geopy joins scheme, domain and its API path as strings, so a path prefix
    # (a Nominatim served under /nominatim) can ride along in the domain.
    return parts.scheme, parts.netloc + parts.path.rstrip("/")


def endpoint_of(geocoder: Any, provider: str) -> str:
    """Return the server url a geopy geocoder talks to, for messages, cache keys and sources."""
    scheme = getattr(geocoder, "scheme", "https")
    domain = getattr(geocoder, "domain", None)
    if isinstance(domain, str) and domain:
        return f"{scheme}://{domain.strip('/')}"
    api = getattr(geocoder, "api", None)
    if isinstance(api, str) and (parts := urlsplit(api)).netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return provider


# --- reading a provider's raw answer --------------------------------------------------------


def _dig(raw: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(raw, dict):
            return None
        raw = raw.get(key)
    return raw


_COUNTRY_PATHS = (
    ("address", "country_code"),  # Nominatim family, with addressdetails=1
    ("components", "ISO_3166-1_alpha-2"),  # OpenCage
    ("components", "country_code"),
    ("properties", "countrycode"),  # Photon
    ("properties", "country_code"),  # Pelias, Geocode Earth
    ("address", "countryRegionIso2"),  # Bing with include_country_code
    ("address", "countryCode"),  # TomTom, Azure (HERE gives alpha-3, which is skipped)
    ("countryCode",),  # GeoNames
    ("adminArea1",),  # MapQuest
)


def country_of(raw: Any) -> str | None:
    """Return the ISO alpha-2 country of a raw answer, when the provider gives one."""
    candidates = [_dig(raw, *path) for path in _COUNTRY_PATHS]
    for component in _dig(raw, "address_components") or []:  # Google
        if isinstance(component, dict) and "country" in component.get("types", []):
            candidates.append(component.get("short_name"))
    for code in candidates:
        if isinstance(code, str) and len(code) == 2 and code.isascii() and code.isalpha():
            return code.upper()
    return None


_OSM_TYPES = {"N": "node", "W": "way", "R": "relation"}  # Photon abbreviates them


def place_id(provider: str, raw: Any, lon: float, lat: float) -> str:
    """Return the id of an answer: its OSM object, else ``"<provider>:<lat>,<lon>"``."""
    osm_type = _dig(raw, "osm_type") or _dig(raw, "properties", "osm_type")
    osm_id = _dig(raw, "osm_id") or _dig(raw, "properties", "osm_id")
    if isinstance(osm_type, str) and osm_type and osm_id not in (None, ""):
        return f"{provider}:{_OSM_TYPES.get(osm_type, osm_type)}/{osm_id}"
    return f"{provider}:{round(lat, COORD_DECIMALS)},{round(lon, COORD_DECIMALS)}"


def place_type(raw: Any) -> str | None:
    for path in (
        ("addresstype",),
        ("type",),
        ("properties", "osm_value"),
        ("properties", "layer"),
        ("components", "_type"),
    ):
        value = _dig(raw, *path)
        if isinstance(value, str) and value:
            return value
    return None


def place_name(raw: Any, address: str | None, query: str) -> str:
    for path in (("name",), ("properties", "name")):
        value = _dig(raw, *path)
        if isinstance(value, str) and value.strip():
            return value.strip()
    if address and address.split(",")[0].strip():
        return address.split(",")[0].strip()
    return query


class Unusable(ValueError):
    """An answer that parses but is no place: coordinates missing, not numbers, off the globe."""


def _number(value: Any, what: str) -> float:
    """Return ``value`` (a number, or a number in a string as Nominatim sends) as a float."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Unusable(f"{what} {one_line(repr(value), 40)} is not a number")
    try:
        number = float(value)
    except ValueError:
        raise Unusable(f"{what} {one_line(repr(value), 40)} is not a number") from None
    if not math.isfinite(number):
        raise Unusable(f"{what} {one_line(repr(value), 40)} is not finite")
    return number


def check_lonlat(lon: Any, lat: Any) -> tuple[float, float]:
    """Return ``(lon, lat)`` as floats when they are finite and on the globe; else raise.

    The latitude is checked first: its fault is the one said when both are wrong.
    """
    lat = _number(lat, "latitude")
    lon = _number(lon, "longitude")
    if not -90 <= lat <= 90:
        raise Unusable(f"latitude {lat:g} is not within ±90")
    if not -180 <= lon <= 180:
        raise Unusable(f"longitude {lon:g} is not within ±180")
    return lon, lat


def stated_lonlat(raw: Any) -> tuple[Any, Any] | None:
    """Return the (lon, lat) a raw answer states, in the shapes geo knows, before geopy.

    geopy reads a missing Nominatim coordinate as 0 (a place at 0°, 0°) and
    wraps a longitude like 1e308 round the globe, so the raw values are checked.
    """
    if not isinstance(raw, dict):
        return None
    if "lat" in raw or "lon" in raw:  # the Nominatim family (strings), GeoNames (lng)
        return raw.get("lon", raw.get("lng")), raw.get("lat")
    coordinates = _dig(raw, "geometry", "coordinates")  # GeoJSON: Photon, Pelias, ...
    if raw.get("type") == "Feature" and coordinates is not None:
        if isinstance(coordinates, list) and len(coordinates) >= 2:
            return coordinates[0], coordinates[1]
        return None, None
    return None
