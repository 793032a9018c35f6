"""Online geocoding for the names the offline gazetteer cannot place.

The offline gazetteer comes first; this module asks a geopy provider (public or
self-hosted Nominatim by default) only for what is left, and degrades cleanly:

- it keeps to the provider's rate (one request a second for public Nominatim);
- it retries what asking again can fix (HTTP 429 after the ``Retry-After`` the
  server asks for, 5xx, timeouts, refused connections) with exponential
  back-off, and then fails with one line naming the place and the cause;
- it bounds what one server can cost: each request has a wall-clock deadline
  (a server dripping a byte at a time is cut off), each answer a size cap,
  each name a time budget, and after a few names failed in a row the provider
  is not asked again in this run;
- an answer that is not a usable place (bad JSON, coordinates that are not
  finite or not on the globe) is a failure for that name, never a traceback,
  and a redirect to another server is not followed;
- every answer, "not found" included, is kept in a SQLite cache on disk as soon
  as it arrives, so nothing is asked twice, an interrupted run loses nothing it
  already got, and a cached answer comes back with the network gone; a damaged
  row is dropped and asked again, a damaged file is moved aside, and a file
  another process holds costs a moment, not the run.

The answers are GeoJSON Features shaped like ``geo.geocode.lookup.geocode``'s, so the
rest of the flow cannot tell an online place from an offline one except by
``properties.provider`` and ``gazetteer_source``.
"""

from __future__ import annotations

import functools
import inspect
import json
import math
import os
import socket
import sqlite3
import ssl
import sys
import threading
import time
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from geopy.adapters import (
    AdapterHTTPError,
    RequestsAdapter,
    RequestsHTTPAdapter,
    RequestsHTTPWithSSLContextAdapter,
)
from geopy.exc import (
    ConfigurationError,
    GeocoderAuthenticationFailure,
    GeocoderInsufficientPrivileges,
    GeocoderNotFound,
    GeocoderParseError,
    GeocoderQueryError,
    GeocoderQuotaExceeded,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    GeopyError,
)
from geopy.geocoders import get_geocoder_for_service

from geo import __version__
from geo.errors import (
    GeocodeError,
    GeoError,
    OnlineConfigError,
    OnlineNotAskedError,
    OnlineProviderError,
)
from geo.features import COORD_DECIMALS, feature, point
from geo.geocode.gazetteer import cache_dir
from geo.geocode.pacer import Pacer
from geo.support.progress import Progress

__all__ = [
    "OnlineGeocoder",
    "SUPPORTED_PROVIDERS",
    "geocode_many",
    "normalise_query",
]

DEFAULT_USER_AGENT = f"geo/{__version__} (offline-first incident mapper)"
PUBLIC_MIN_DELAY_S = 1.0  # Nominatim's usage policy: at most one request per second
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 30.0
# What one server may cost. A read timeout bounds one wait for bytes, not an
# answer: the deadline bounds a whole request, body included. An answer to one
# place name is a few kB; a few MB is plenty. A name gets no more retries or
# waits (Retry-After included) once they would take it past its budget. After
# that many names failed in a row, the provider is not asked again this run.
DEFAULT_DEADLINE_S = 30.0
DEFAULT_MAX_ANSWER_BYTES = 4_000_000
DEFAULT_NAME_BUDGET_S = 60.0
DEFAULT_MAX_FAILURES = 3
_MAX_REDIRECTS = 5
_READ_CHUNK = 64 * 1024
# Another process holding the cache is waited for this long, not SQLite's 30 s.
_CACHE_BUSY_WAIT_S = 1.5
_CACHE_SCHEMA = 1

# geopy warns before it refuses a latitude past a pole; the refusal is reported
# as an unusable answer naming the place, so the warning would only be noise.
warnings.filterwarnings(
    "ignore", message="Latitude normalization has been prohibited", category=UserWarning
)


@dataclass(frozen=True)
class _ProviderSpec:
    """How geo drives one geopy provider."""

    key_param: str | None = None  # the constructor argument that takes the API key
    key_required: bool = True
    country_param: str | None = None  # geocode() argument restricting to a list of countries
    single_country: bool = False  # ... which takes one country only
    extra: tuple[tuple[str, Any], ...] = ()  # fixed geocode() arguments
    needs_url: bool = False  # no public default server: the user must give one


_NOMINATIM_LIKE = {"country_param": "country_codes", "extra": (("addressdetails", True),)}

# The geopy providers that need no more than an API key (or nothing). Those left
# out need more (LiveAddress: id and token; IGN France: user and password) or
# answer something other than place names (what3words).
_PROVIDERS: dict[str, _ProviderSpec] = {
    "nominatim": _ProviderSpec(**_NOMINATIM_LIKE),
    "photon": _ProviderSpec(),
    "arcgis": _ProviderSpec(),
    "banfrance": _ProviderSpec(),
    "databc": _ProviderSpec(),
    "pelias": _ProviderSpec(
        key_param="api_key", key_required=False, country_param="countries", needs_url=True
    ),
    "geocodeearth": _ProviderSpec(key_param="api_key", country_param="countries"),
    "opencage": _ProviderSpec(key_param="api_key", country_param="country"),
    "mapbox": _ProviderSpec(key_param="api_key", country_param="country"),
    "maptiler": _ProviderSpec(key_param="api_key"),
    "geokeo": _ProviderSpec(key_param="api_key", country_param="country", single_country=True),
    "geolake": _ProviderSpec(key_param="api_key", country_param="country_codes"),
    "openmapquest": _ProviderSpec(key_param="api_key", **_NOMINATIM_LIKE),
    "pickpoint": _ProviderSpec(key_param="api_key", **_NOMINATIM_LIKE),
    "geonames": _ProviderSpec(key_param="username", country_param="country"),
    "google": _ProviderSpec(key_param="api_key"),
    "googlev3": _ProviderSpec(key_param="api_key"),
    "bing": _ProviderSpec(key_param="api_key", extra=(("include_country_code", True),)),
    "azure": _ProviderSpec(key_param="subscription_key"),
    "tomtom": _ProviderSpec(key_param="api_key"),
    "here": _ProviderSpec(key_param="apikey"),
    "herev7": _ProviderSpec(key_param="apikey"),
    "mapquest": _ProviderSpec(key_param="api_key"),
    "yandex": _ProviderSpec(key_param="api_key"),
    "woosmap": _ProviderSpec(key_param="api_key"),
    "geocodio": _ProviderSpec(key_param="api_key"),
    "baidu": _ProviderSpec(key_param="api_key"),
    "baiduv3": _ProviderSpec(key_param="api_key"),
}
SUPPORTED_PROVIDERS: tuple[str, ...] = tuple(sorted(_PROVIDERS))


def _key_variable(provider: str) -> str:
    return f"GEO_{provider.upper()}_API_KEY"


def _one_line(text: object, limit: int = 200) -> str:
    """Return ``text`` on one line, cut to ``limit`` characters: messages are one line."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def normalise_query(name: str) -> str:
    """Return the cache form of a place name: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _country_codes(countries: Iterable[str]) -> tuple[str, ...]:
    codes = tuple(sorted({c.strip().upper() for c in countries if c.strip()}))
    bad = [c for c in codes if len(c) != 2 or not c.isascii() or not c.isalpha()]
    if bad:
        raise OnlineConfigError(
            f"country codes must be ISO 3166-1 alpha-2 (like SY, IQ): got {', '.join(bad)}"
        )
    return codes


def _parse_url(provider: str, url: str) -> tuple[str, str]:
    """Return geopy's ``(scheme, domain)`` for a server url like ``http://host:8080/nominatim``."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise OnlineConfigError(
            f"provider {provider}: url {url!r} is not of the form http(s)://host[:port][/path]"
        )
    # geopy joins scheme, domain and its API path as strings, so a path prefix
    # (a Nominatim served under /nominatim) can ride along in the domain.
    return parts.scheme, parts.netloc + parts.path.rstrip("/")


def _endpoint_of(geocoder: Any, provider: str) -> str:
    """Return the server url a geopy geocoder talks to, for messages, cache keys and sources."""
    scheme = getattr(geocoder, "scheme", "https")
    domain = getattr(geocoder, "domain", None)
    if isinstance(domain, str) and domain:
        return f"{scheme}://{domain.strip('/')}"
    api = getattr(geocoder, "api", None)
    if isinstance(api, str) and (parts := urlsplit(api)).netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return provider


def _size(count: int) -> str:
    return f"{count / 1e6:g} MB" if count >= 1_000_000 else f"{count:,} bytes"


class _DeadlinePassed(GeocoderTimedOut):
    """The whole request, body included, took longer than its deadline."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s to answer")


class _AnswerTooLarge(GeocoderServiceError):
    """The answer was larger than the cap; reading stopped there."""

    def __init__(self, cap: int) -> None:
        super().__init__(f"sent an answer larger than {_size(cap)}; stopped reading it")


class _RedirectRefused(GeocoderServiceError):
    """The server sent the request to another server, which geo does not follow."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        where = f"{parts.scheme}://{parts.netloc}" if parts.netloc else _one_line(target, 80)
        super().__init__(f"redirected to {where}, another server; not followed")


class _Watch:
    """The wall-clock deadline of one request: once it passes, the request's socket is shut.

    A socket timeout bounds one wait for bytes, so a server sending one every
    few seconds never trips it. Shutting the socket down from a timer thread
    ends whatever read is blocked on it, in the status line, the headers or
    the body alike; the reading thread then sees ``expired``.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._done = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def attach(self, sock: socket.socket) -> None:
        with self._lock:
            if self._done:
                return
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def stop(self) -> None:
        with self._lock:
            self._done = True
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    try:
        # The plain socket's shutdown, also for TLS: it leaves the TLS object to
        # the thread reading through it, which then sees the end of the stream.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except (OSError, ValueError, TypeError):
        pass  # already closed


_watch_of_thread = threading.local()  # the _Watch of the request this thread is making


class _WatchedConnection:
    """A urllib3 connection that hands its socket to the current request's deadline."""

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        watch = getattr(_watch_of_thread, "watch", None)
        sock = getattr(self, "sock", None)
        if watch is not None and sock is not None:
            watch.attach(sock)
        return super().getresponse(*args, **kwargs)


class _WatchedHTTPConnection(_WatchedConnection, urllib3.connection.HTTPConnection):
    pass


class _WatchedHTTPSConnection(_WatchedConnection, urllib3.connection.HTTPSConnection):
    pass


class _WatchedHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_STOCK_POOLS = dict(urllib3.poolmanager.pool_classes_by_scheme)


def _watched(manager: Any) -> Any:
    """Return urllib3 pool ``manager``, its connections now watched (unless it has its own)."""
    if dict(manager.pool_classes_by_scheme) == _STOCK_POOLS:  # not SOCKS, say
        manager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}
    return manager


class _WatchedPools:
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        _watched(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        return _watched(super().proxy_manager_for(proxy, **kwargs))


class _WatchedHTTPAdapter(_WatchedPools, RequestsHTTPAdapter):
    pass


class _WatchedHTTPSAdapter(_WatchedPools, RequestsHTTPWithSSLContextAdapter):
    pass


def _caused_by(
    error: BaseException, kind: type[BaseException] | tuple[type[BaseException], ...]
) -> bool:
    """Return whether ``error`` is, wraps or was raised from an exception of ``kind``."""
    seen: set[int] = set()
    todo: list[Any] = [error]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, kind):
            return True
        todo += [*item.args, getattr(item, "reason", None), item.__cause__, item.__context__]
    return False


def _same_server(url: str, other: str) -> bool:
    def server(address: str) -> tuple[str, str, int | None]:
        parts = urlsplit(address)
        scheme = parts.scheme.lower()
        return scheme, (parts.hostname or "").lower(), parts.port or {
            "http": 80, "https": 443}.get(scheme)

    try:
        return server(url) == server(other)
    except ValueError:  # a port that is not a number
        return False


class _GuardedAdapter(RequestsAdapter):
    """geopy's requests adapter with a deadline per request, a size cap and no blind redirects.

    - Each request, redirects and body included, ends by ``deadline_s`` (see ``_Watch``).
    - The answer is streamed and dropped once past ``max_bytes`` (or at once when
      its Content-Length says it will be), so memory holds at most that.
    - A redirect is followed on the same server only; one to another server is
      a failure of the request, so no answer from elsewhere is ever cached as
      this server's.
    - Transport retries are off: retrying lives in one place,
      ``OnlineGeocoder._ask``; urllib3 would otherwise retry read timeouts and
      sleep out a 429's Retry-After by itself, unseen and uncounted.
    """

    def __init__(
        self, *, proxies: Any, ssl_context: Any, deadline_s: float, max_bytes: int
    ) -> None:
        if ssl_context is None:
            ssl_context = ssl.create_default_context()  # what geopy would use
        super().__init__(proxies=proxies, ssl_context=ssl_context, max_retries=0)
        self.deadline_s = deadline_s
        self.max_bytes = max_bytes
        self.session.mount("http://", _WatchedHTTPAdapter(max_retries=0))
        self.session.mount(
            "https://", _WatchedHTTPSAdapter(ssl_context=ssl_context, max_retries=0)
        )

    def get_json(self, url: str, *, timeout: Any, headers: Any) -> Any:
        body, _ = self._fetch(url, timeout=timeout, headers=headers)
        try:
            return json.loads(body)
        except (ValueError, RecursionError) as exc:  # RecursionError: nested past any answer
            raise GeocoderParseError(f"not JSON: {_one_line(exc, 80)}") from None

    def get_text(self, url: str, *, timeout: Any, headers: Any) -> str:
        body, encoding = self._fetch(url, timeout=timeout, headers=headers)
        return body.decode(encoding, errors="replace")

    def _fetch(self, url: str, *, timeout: Any, headers: Any) -> tuple[bytes, str]:
        watch = _Watch(self.deadline_s)
        _watch_of_thread.watch = watch
        try:
            return self._fetch_watched(url, timeout, headers, watch)
        except (GeopyError, AdapterHTTPError):
            if watch.expired:
                raise _DeadlinePassed(self.deadline_s) from None
            raise
        except Exception as error:  # whatever requests and urllib3 raise on the way
            raise self._transport_error(error, watch) from error
        finally:
            watch.stop()
            _watch_of_thread.watch = None

    def _fetch_watched(
        self, url: str, timeout: Any, headers: Any, watch: _Watch
    ) -> tuple[bytes, str]:
        wait = self.deadline_s if timeout is None else min(float(timeout), self.deadline_s)
        for _ in range(_MAX_REDIRECTS + 1):
            with self.session.get(url, timeout=(wait, wait), headers=headers, stream=True,
                                  allow_redirects=False) as resp:
                if resp.is_redirect:
                    target = urljoin(url, resp.headers["location"])
                    if not _same_server(url, target):
                        raise _RedirectRefused(target)
                    url = target
                    continue
                body = self._read_capped(resp)
                status, answer_headers = resp.status_code, resp.headers
                encoding = resp.encoding or "utf-8"
            if watch.expired:
                raise _DeadlinePassed(self.deadline_s)
            if not 200 <= status < 300:
                raise AdapterHTTPError(
                    f"Non-successful status code {status}",
                    status_code=status,
                    headers=answer_headers,
                    text=body.decode(encoding, errors="replace"),
                )
            return body, encoding
        raise GeocoderServiceError(f"redirected more than {_MAX_REDIRECTS} times")

    def _read_capped(self, resp: requests.Response) -> bytes:
        declared = resp.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise _AnswerTooLarge(self.max_bytes)
        body = bytearray()
        for chunk in resp.iter_content(chunk_size=_READ_CHUNK):
            body += chunk
            if len(body) > self.max_bytes:
                raise _AnswerTooLarge(self.max_bytes)
        return bytes(body)

    def _transport_error(self, error: Exception, watch: _Watch) -> GeopyError:
        """Return the geopy error for a transport failure, as geopy's own adapter would."""
        if watch.expired:
            return _DeadlinePassed(self.deadline_s)
        message = _one_line(error)
        if isinstance(error, requests.ConnectTimeout) or _caused_by(
            error, urllib3.exceptions.NewConnectionError
        ):
            return GeocoderUnavailable(message)
        if isinstance(error, requests.Timeout) or _caused_by(
            error, (TimeoutError, urllib3.exceptions.ReadTimeoutError)
        ):
            # requests reports a read timeout in the body as a ConnectionError.
            return GeocoderTimedOut("Service timed out")
        if isinstance(error, requests.ConnectionError):
            return GeocoderUnavailable(message)
        return GeocoderServiceError(message)


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


def _country_of(raw: Any) -> str | None:
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


def _place_id(provider: str, raw: Any, lat: float, lon: float) -> str:
    osm_type = _dig(raw, "osm_type") or _dig(raw, "properties", "osm_type")
    osm_id = _dig(raw, "osm_id") or _dig(raw, "properties", "osm_id")
    if isinstance(osm_type, str) and osm_type and osm_id not in (None, ""):
        return f"{provider}:{_OSM_TYPES.get(osm_type, osm_type)}/{osm_id}"
    return f"{provider}:{round(lat, COORD_DECIMALS)},{round(lon, COORD_DECIMALS)}"


def _place_type(raw: Any) -> str | None:
    for path in (("addresstype",), ("type",), ("properties", "osm_value"),
                 ("properties", "layer"), ("components", "_type")):
        value = _dig(raw, *path)
        if isinstance(value, str) and value:
            return value
    return None


def _place_name(raw: Any, address: str | None, query: str) -> str:
    for path in (("name",), ("properties", "name")):
        value = _dig(raw, *path)
        if isinstance(value, str) and value.strip():
            return value.strip()
    if address and address.split(",")[0].strip():
        return address.split(",")[0].strip()
    return query


class _Unusable(ValueError):
    """An answer that parses but is no place: coordinates missing, not numbers, off the globe."""


def _number(value: Any, what: str) -> float:
    """Return ``value`` (a number, or a number in a string as Nominatim sends) as a float."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _Unusable(f"{what} {_one_line(repr(value), 40)} is not a number")
    try:
        number = float(value)
    except ValueError:
        raise _Unusable(f"{what} {_one_line(repr(value), 40)} is not a number") from None
    if not math.isfinite(number):
        raise _Unusable(f"{what} {_one_line(repr(value), 40)} is not finite")
    return number


def _check_lat_lon(lat: Any, lon: Any) -> tuple[float, float]:
    """Return ``(lat, lon)`` as floats when they are finite and on the globe; else raise."""
    lat, lon = _number(lat, "latitude"), _number(lon, "longitude")
    if not -90 <= lat <= 90:
        raise _Unusable(f"latitude {lat:g} is not within ±90")
    if not -180 <= lon <= 180:
        raise _Unusable(f"longitude {lon:g} is not within ±180")
    return lat, lon


def _stated_lat_lon(raw: Any) -> tuple[Any, Any] | None:
    """Return the coordinates a raw answer states, in the shapes geo knows, before geopy.

    geopy reads a missing Nominatim coordinate as 0 (a place at 0°, 0°) and
    wraps a longitude like 1e308 round the globe, so the raw values are checked.
    """
    if not isinstance(raw, dict):
        return None
    if "lat" in raw or "lon" in raw:  # the Nominatim family (strings), GeoNames (lng)
        return raw.get("lat"), raw.get("lon", raw.get("lng"))
    coordinates = _dig(raw, "geometry", "coordinates")  # GeoJSON: Photon, Pelias, ...
    if raw.get("type") == "Feature" and coordinates is not None:
        if isinstance(coordinates, list) and len(coordinates) >= 2:
            return coordinates[1], coordinates[0]
        return None, None
    return None


class OnlineGeocoder:
    """Return GeoJSON Features for place names from an online provider, cached on disk.

    Use it only for the names the offline gazetteer leaves unplaced::

        from geo.geocode.lookup import geocode
        from geo.geocode.online import OnlineGeocoder, geocode_many

        names = ["Aleppo", "Rukban", "Zaza"]
        offline = {n: geocode(n) for n in names}
        missing = [n for n, f in offline.items() if not f["properties"]["found"]]

        with OnlineGeocoder() as online:                 # public Nominatim, 1 request/s
            for name, place, error in geocode_many(online, missing):
                if error is not None:
                    print(error)                         # one line naming the place
                elif place is None:
                    print(f"{name!r}: not found online either")
                else:
                    print(place["geometry"]["coordinates"], place["properties"]["gazetteer_id"])

    Other servers and providers::

        OnlineGeocoder(url="http://nominatim.internal:8080")  # your own Nominatim: no pacing
        OnlineGeocoder(url="https://maps.example.org/nominatim", min_delay_s=0.2)
        OnlineGeocoder("opencage")                  # key from $GEO_OPENCAGE_API_KEY
        OnlineGeocoder("photon", max_retries=2, timeout_s=5)

    Only places in some countries (ISO alpha-2; the cache keeps each set apart)::

        online.geocode("Rukban", countries=("JO", "SY"))

    What it does for you:

    - ``provider`` is a geopy service name (see ``SUPPORTED_PROVIDERS``); a key,
      when the provider needs one, is ``api_key`` or ``$GEO_<PROVIDER>_API_KEY``.
      An unknown provider, a missing key or a bad ``url`` raise
      ``OnlineConfigError`` (a ``GeocodeError`` and a ``ValueError``) at once.
    - Requests are paced (``geo.geocode.pacer.Pacer``): ``min_delay_s`` between
      two requests, 1 s by default for a public server, none for your ``url``.
    - HTTP 429 is retried after the ``Retry-After`` the server asks for; 5xx,
      timeouts and refused connections after 1, 2, 4 ... s (capped at 30 s);
      at most ``max_retries`` retries, and none that would take the name past
      ``name_budget_s`` (so one name costs at most that plus one request).
      Then, or at once for what retrying cannot fix (a refused key, a 404, a
      bad answer), ``OnlineProviderError`` (a ``GeocodeError`` and an
      ``OSError``) says in one line which name and why:
      ``'Rukban': provider nominatim at http://127.0.0.1:8123 timed out 5 times``.
    - One request gets ``timeout_s`` for each wait on the server and
      ``deadline_s`` in all, body included; an answer larger than
      ``max_answer_bytes`` is not read further. A redirect to another server
      is not followed. An answer whose coordinates are not finite or not on
      the globe, or that is no geocoder answer at all, fails its name.
    - After ``max_failures`` names failed in a row (or one that could not be
      reached at all), the provider is not asked again: the rest raise
      ``OnlineNotAskedError`` at once, and ``close()`` says in one note how
      many were not asked.
    - Every answer, "not found" included, is committed to the SQLite file
      ``cache_path`` (default ``cache_dir() / "online.sqlite"``) the moment it
      arrives, keyed by provider, server, normalised name and countries; a
      cached answer never touches the network. Errors are not cached. A
      damaged row is dropped and asked again; a damaged file is moved aside
      (to ``<cache_path>.damaged``) and a new one started; a file another
      process holds is waited for ``1.5 s`` at most, then this run's answers are
      kept in memory only. Each is said once through ``notify``.
    - ``notify`` takes the one-line notes (without the ``geo:`` prefix); by
      default they go to stderr as ``geo: ...`` lines.
    - ``sleep`` and ``clock`` are injectable together (tests pass a fake clock
      that their fake sleep advances). One instance may serve several threads.

    A found place is a Point Feature with ``properties`` ``kind="place"``,
    ``name``, ``country`` (ISO alpha-2 when the provider gives it),
    ``gazetteer_id`` (``"nominatim:node/123"`` or ``"<provider>:<lat>,<lon>"``),
    ``place_type``, ``gazetteer_source`` (the server), ``provider``, ``query``,
    ``found=True`` and ``candidates=1``. Nothing found is ``None``.
    """

    def __init__(
        self,
        provider: str = "nominatim",
        *,
        url: str | None = None,
        api_key: str | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        min_delay_s: float | None = None,
        timeout_s: float = 10.0,
        deadline_s: float = DEFAULT_DEADLINE_S,
        max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
        max_retries: int = 4,
        name_budget_s: float = DEFAULT_NAME_BUDGET_S,
        max_failures: int = DEFAULT_MAX_FAILURES,
        cache_path: Path | None = None,
        notify: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.provider = provider.strip().lower()
        self._spec = self._spec_for(self.provider)
        if max_retries < 0:
            raise OnlineConfigError(f"max_retries must be 0 or more, not {max_retries}")
        self.max_retries = max_retries
        for label, value in (("timeout_s", timeout_s), ("deadline_s", deadline_s),
                             ("max_answer_bytes", max_answer_bytes),
                             ("name_budget_s", name_budget_s), ("max_failures", max_failures)):
            if not value > 0:
                raise OnlineConfigError(f"{label} must be more than 0, not {value}")
        self.deadline_s = float(deadline_s)
        self.max_answer_bytes = int(max_answer_bytes)
        self.name_budget_s = float(name_budget_s)
        self.max_failures = int(max_failures)
        if min_delay_s is None:
            # Public servers ask for pacing; a server of your own is yours to load.
            min_delay_s = PUBLIC_MIN_DELAY_S if url is None else 0.0
        if min_delay_s < 0:
            raise OnlineConfigError(f"min_delay_s must be 0 or more, not {min_delay_s}")
        self.min_delay_s = float(min_delay_s)
        self._sleep = sleep
        self._clock = clock
        self._notify = notify if notify is not None else _note_on_stderr
        self._geocoder = self._make_geocoder(url, api_key, user_agent, timeout_s)
        self.endpoint = _endpoint_of(self._geocoder, self.provider)
        self._pacer = Pacer(self.min_delay_s, sleep=sleep, clock=clock)
        # The circuit breaker: names failed in a row, and once it is open, why
        # (as "<per name>" and "<for the closing note>") and how many were not asked.
        self._state_lock = threading.Lock()
        self._failed_in_a_row = 0
        self._stopped: tuple[str, str] | None = None
        self._not_asked = 0
        self._closed = False
        if cache_path is None:
            cache_path = cache_dir() / "online.sqlite"
        self.cache_path = Path(cache_path)
        # Thread-safe, as the pacing and the circuit breaker are.
        self._cache = _AnswerCache(self.cache_path, self._notify)

    # --- setting up ---------------------------------------------------------------------

    @staticmethod
    def _spec_for(provider: str) -> _ProviderSpec:
        supported = ", ".join(SUPPORTED_PROVIDERS)
        try:
            get_geocoder_for_service(provider)
        except GeocoderNotFound:
            raise OnlineConfigError(
                f"unknown geocoding provider {provider!r}; supported: {supported}"
            ) from None
        if provider not in _PROVIDERS:
            raise OnlineConfigError(
                f"provider {provider!r} needs more than an API key or does not look up "
                f"place names; supported: {supported}"
            )
        return _PROVIDERS[provider]

    def _make_geocoder(
        self, url: str | None, api_key: str | None, user_agent: str, timeout_s: float
    ) -> Any:
        cls = get_geocoder_for_service(self.provider)
        accepts = inspect.signature(cls.__init__).parameters
        adapter = functools.partial(
            _GuardedAdapter, deadline_s=self.deadline_s, max_bytes=self.max_answer_bytes
        )
        kwargs: dict[str, Any] = {"user_agent": user_agent, "timeout": timeout_s,
                                  "adapter_factory": adapter}
        if url is not None:
            if "domain" not in accepts:
                raise OnlineConfigError(
                    f"provider {self.provider} cannot be pointed at a server url"
                )
            kwargs["scheme"], kwargs["domain"] = _parse_url(self.provider, url)
        elif self._spec.needs_url:
            raise OnlineConfigError(f"provider {self.provider} needs the url of its server")
        if self._spec.key_param is not None:
            key = api_key if api_key is not None else os.environ.get(
                _key_variable(self.provider)
            )
            if key:
                kwargs[self._spec.key_param] = key
            elif self._spec.key_required:
                raise OnlineConfigError(
                    f"provider {self.provider} needs an API key: set "
                    f"{_key_variable(self.provider)} or pass api_key"
                )
        try:
            return cls(**kwargs)
        except (ConfigurationError, TypeError, ValueError) as exc:
            raise OnlineConfigError(
                f"provider {self.provider}: {_one_line(exc)}"
            ) from exc

    # --- asking -----------------------------------------------------------------------------

    def geocode(self, name: str, *, countries: tuple[str, ...] = ()) -> dict | None:
        """Return a Point Feature for ``name`` from the cache or the provider, or ``None``.

        ``countries`` (ISO alpha-2) restricts the answer to places in them.
        Raises ``OnlineProviderError`` when the provider gives no usable answer
        after the retries, ``OnlineConfigError`` for an empty name or bad codes.
        """
        query = " ".join(name.split())
        if not query:
            raise OnlineConfigError("an empty place name cannot be geocoded")
        codes = _country_codes(countries)
        key = (self.provider, self.endpoint, normalise_query(query), ",".join(codes))
        hit, cached = self._cache.get(key)
        if hit:
            if cached is None:
                return None
            cached["properties"]["query"] = name
            return cached
        with self._state_lock:
            if self._stopped is not None:
                # The provider failed too often: the rest of the run does not
                # wait on it name by name.
                self._not_asked += 1
                raise self._failure(query, f"was not asked: {self._stopped[0]}",
                                    kind=OnlineNotAskedError)
        try:
            location = self._ask(query, codes)
            try:
                result = self._feature(location, name, codes) if location is not None else None
            except _Unusable as exc:
                raise self._unusable(query, exc) from exc
        except OnlineProviderError as exc:
            self._count_failure(exc)
            raise
        with self._state_lock:
            self._failed_in_a_row = 0
        self._cache.put(key, result)
        return result

    def _count_failure(self, exc: OnlineProviderError) -> None:
        with self._state_lock:
            self._failed_in_a_row += 1
            if self._stopped is not None:
                return
            unreachable = getattr(exc, "unreachable", None)
            if unreachable:
                # Not one connection through every retry: no need to wait for more names.
                self._stopped = (f"it {unreachable} earlier in this run", f"it {unreachable}")
            elif self._failed_in_a_row >= self.max_failures:
                count = self._failed_in_a_row
                self._stopped = (f"it failed for {count} names in a row earlier in this run",
                                 f"{count} failures in a row")

    def _ask(self, query: str, codes: tuple[str, ...]) -> Any:
        """Return geopy's Location (or None) for ``query``, retrying what can be retried."""
        kwargs = dict(self._spec.extra)
        if codes and self._spec.country_param:
            if not self._spec.single_country:
                kwargs[self._spec.country_param] = [c.lower() for c in codes]
            elif len(codes) == 1:
                kwargs[self._spec.country_param] = codes[0].lower()
        causes: list[str] = []
        started = self._clock()
        for attempt in range(self.max_retries + 1):
            try:
                self._pacer.wait()
                return self._geocoder.geocode(query, exactly_one=True, **kwargs)
            except (_AnswerTooLarge, _RedirectRefused) as exc:
                # The same question would get the same answer.
                raise self._failure(query, str(exc)) from exc
            except _DeadlinePassed as exc:
                cause, wait = str(exc), None
            except GeocoderRateLimited as exc:
                cause, wait = "was rate-limited (HTTP 429)", exc.retry_after
            except GeocoderParseError as exc:
                raise self._unusable(query, exc) from exc
            except (GeocoderAuthenticationFailure, GeocoderInsufficientPrivileges,
                    GeocoderQuotaExceeded, GeocoderQueryError) as exc:
                # A refused key, a spent quota or a bad query stay so when asked again.
                raise self._failure(query, f"refused the request ({_describe(exc)})") from exc
            except GeocoderServiceError as exc:
                status = _http_status(exc)
                if status is not None and status < 500 and status != 408:
                    raise self._failure(query, f"refused the request ({_describe(exc)})") \
                        from exc
                cause, wait = _describe(exc), None
            except GeopyError as exc:
                raise self._failure(query, f"failed ({_one_line(exc)})") from exc
            except GeoError:
                raise
            except (ValueError, TypeError, AttributeError, LookupError) as exc:
                # geopy could not read the answer as a place: not JSON of the
                # provider's shape, or coordinates that are no numbers.
                raise self._unusable(query, exc) from exc
            causes.append(cause)
            if attempt == self.max_retries:
                break
            spent = self._clock() - started
            if wait is None:
                wait = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2**attempt)
            elif spent + wait > self.name_budget_s:
                raise self._failure(query, f"{cause} and asks to wait {wait:g} s; try later")
            if spent + wait > self.name_budget_s:
                raise self._failure(
                    query,
                    f"{_summary(causes)}; stopped trying after {spent:.0f} s "
                    f"(at most {self.name_budget_s:g} s a name)",
                )
            self._sleep(wait)
        error = self._failure(query, _summary(causes))
        if set(causes) == {"could not be reached"}:
            error.unreachable = f"could not be reached {_times(causes)}"
        raise error

    def _failure(
        self, query: str, what: str, kind: type[OnlineProviderError] = OnlineProviderError
    ) -> OnlineProviderError:
        return kind(f"{query!r}: provider {self.provider} at {self.endpoint} {what}")

    def _unusable(self, query: str, exc: BaseException) -> OnlineProviderError:
        # A failure, not "not found": a garbled answer says nothing about the
        # place, so it is not cached, and the name is asked again next run.
        why = _one_line(exc, 120).rstrip(".") or type(exc).__name__
        if isinstance(exc, TypeError | AttributeError | LookupError):
            why = f"not in the shape of a {self.provider} answer: {why}"
        return self._failure(query, f"sent an unusable answer ({why})")

    def _feature(self, location: Any, name: str, codes: tuple[str, ...]) -> dict | None:
        raw = location.raw
        stated = _stated_lat_lon(raw)
        if stated is not None:
            _check_lat_lon(*stated)
        lat, lon = _check_lat_lon(location.latitude, location.longitude)
        country = _country_of(raw)
        # A provider that cannot restrict by country is filtered here; a place
        # whose country it does not say is kept rather than lost.
        if codes and country is not None and country not in codes:
            return None
        return feature(point(lon, lat), {
            "kind": "place",
            "name": _place_name(raw, location.address, name),
            "country": country,
            "gazetteer_id": _place_id(self.provider, raw, lat, lon),
            "place_type": _place_type(raw),
            "gazetteer_source": self.endpoint,
            "provider": self.provider,
            "query": name,
            "found": True,
            "candidates": 1,
        })

    def close(self) -> None:
        """Close the cache and the provider's connections; say how many names were not asked."""
        with self._state_lock:
            if self._closed:
                return
            self._closed = True
            not_asked, stopped = self._not_asked, self._stopped
        self._cache.close()
        try:
            self._geocoder.__exit__(None, None, None)
        except Exception:  # noqa: BLE001 - closing an idle session must not fail a run
            pass
        if not_asked and stopped is not None:
            names = "name" if not_asked == 1 else "names"
            self._notify(f"{self.provider}: not asked for {not_asked} {names} after {stopped[1]}")

    def __enter__(self) -> OnlineGeocoder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _times(causes: list[str]) -> str:
    return "once" if len(causes) == 1 else f"{len(causes)} times"


def _summary(causes: list[str]) -> str:
    if len(set(causes)) == 1:
        return f"{causes[0]} {_times(causes)}"
    return f"failed {_times(causes)} (last: {causes[-1]})"


def _note_on_stderr(message: str) -> None:
    print(f"geo: {message}", file=sys.stderr, flush=True)


def _http_status(exc: BaseException) -> int | None:
    """Return the HTTP status behind a geopy error, when it came from one."""
    cause = exc.__cause__
    return cause.status_code if isinstance(cause, AdapterHTTPError) else None


def _describe(exc: GeopyError) -> str:
    status = _http_status(exc)
    if status is not None:
        return f"answered HTTP {status}"
    if isinstance(exc, GeocoderTimedOut):
        return "timed out"
    if isinstance(exc, GeocoderUnavailable):
        return "could not be reached"
    return _one_line(exc) or type(exc).__name__


# --- the answer cache ------------------------------------------------------------------------

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS answers ("
    " provider TEXT NOT NULL, endpoint TEXT NOT NULL, query TEXT NOT NULL,"
    " countries TEXT NOT NULL, feature TEXT, fetched_at TEXT NOT NULL,"
    " PRIMARY KEY (provider, endpoint, query, countries))"
)
_KEY = "provider = ? AND endpoint = ? AND query = ? AND countries = ?"


def _connect(path: Path) -> sqlite3.Connection:
    """Return a connection to the cache file at ``path``, its table made if need be.

    The table is only created when missing, so opening a cache another process
    is writing to needs no write lock.
    """
    db = sqlite3.connect(path, timeout=_CACHE_BUSY_WAIT_S, check_same_thread=False)
    db.text_factory = bytes  # a row that is not UTF-8 is a damaged row, not an error
    try:
        if not db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'answers'"
        ).fetchone():
            with db:
                db.execute(_SCHEMA)
                db.execute(f"PRAGMA user_version = {_CACHE_SCHEMA}")
    except BaseException:
        db.close()
        raise
    return db


def _trouble(exc: sqlite3.Error) -> str:
    """Return ``"busy"``, ``"damaged"`` or ``"other"`` for an SQLite error."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        code &= 0xFF  # the primary code of an extended one
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return "busy"
        if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            return "damaged"
        return "other"
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "busy"
    if "not a database" in text or "malformed" in text:
        return "damaged"
    return "other"


def _cached_feature(stored: bytes | str) -> dict | None:
    """Return the Feature a cache row holds, or None when the row is damaged."""
    try:
        feature = json.loads(stored)
    except (ValueError, RecursionError):
        return None
    if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
        return None
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or len(coordinates) != 2:
        return None
    if not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates):
        return None
    try:
        _check_lat_lon(coordinates[1], coordinates[0])
    except _Unusable:
        return None
    return feature


class _AnswerCache:
    """The answers on disk (SQLite), and what is done when the file will not serve.

    - A damaged file is moved aside to ``<name>.damaged`` and a new one started.
    - A file another process holds is waited for ``_CACHE_BUSY_WAIT_S`` at most;
      then it is only read (when the lock allows) and this run's answers are
      kept in memory.
    - A damaged row is dropped, so its name is asked again.
    Each is said once, through ``notify``. Thread-safe.
    """

    def __init__(self, path: Path, notify: Callable[[str], None]) -> None:
        self.path = path
        self._notify = notify
        self._lock = threading.Lock()
        self._memory: dict[tuple[str, ...], str | None] = {}  # what the file could not take
        self._writable = True
        self._moved_aside = False
        self._said: set[str] = set()
        self._db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = _connect(path)
        except sqlite3.Error as exc:
            self._handle(exc)
        except OSError as exc:
            self._give_up(exc)

    def get(self, key: tuple[str, str, str, str]) -> tuple[bool, dict | None]:
        """Return ``(True, feature or None)`` for a cached answer, ``(False, None)`` otherwise."""
        with self._lock:
            if key in self._memory:
                stored = self._memory[key]
            elif self._db is None:
                return False, None
            else:
                try:
                    row = self._db.execute(f"SELECT feature FROM answers WHERE {_KEY}",
                                           key).fetchone()
                except sqlite3.Error as exc:
                    self._handle(exc)  # an unreadable cache only costs a request
                    return False, None
                if row is None:
                    return False, None
                stored = row[0]
            if stored is None:
                return True, None  # asked before: not found
            feature = _cached_feature(stored)
            if feature is None:
                self._drop(key)
                self._say("row", f"online cache {self.path} held an unreadable answer for "
                                 f"{key[2]!r}; it was dropped and asked again")
                return False, None
            return True, feature

    def put(self, key: tuple[str, str, str, str], result: dict | None) -> None:
        """Keep ``result`` (None: not found) for ``key``: on disk, or for this run if it must."""
        stored = json.dumps(result, ensure_ascii=False, sort_keys=True) if result else None
        with self._lock:
            if self._db is not None and self._writable:
                try:
                    # One transaction, committed now: a crash later loses nothing.
                    with self._db:
                        self._db.execute(
                            "INSERT OR REPLACE INTO answers "
                            "(provider, endpoint, query, countries, feature, fetched_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            (*key, stored, datetime.now(UTC).isoformat(timespec="seconds")),
                        )
                    return
                except sqlite3.Error as exc:
                    self._handle(exc, writing=True)
            self._memory[key] = stored

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # --- when the file does not serve (called with the lock held, or from __init__) ---

    def _drop(self, key: tuple[str, ...]) -> None:
        self._memory.pop(key, None)
        if self._db is not None and self._writable:
            try:
                with self._db:
                    self._db.execute(f"DELETE FROM answers WHERE {_KEY}", key)
            except sqlite3.Error as exc:
                self._handle(exc, writing=True)

    def _handle(self, exc: sqlite3.Error, *, writing: bool = False) -> None:
        kind = _trouble(exc)
        if kind == "busy":
            self._writable = False
            if self._db is not None:
                try:  # reads go on while the lock allows them, without waiting for it
                    self._db.execute("PRAGMA busy_timeout = 0")
                except sqlite3.Error:
                    pass
            self._say("busy", f"online cache {self.path} is busy (another process holds it); "
                              "answers this run are not cached")
        elif kind == "damaged" and not self._moved_aside:
            self._move_aside(exc)
        elif kind == "damaged" or writing or self._db is None:
            self._give_up(exc)
        # else: a read that failed for another reason only costs a request

    def _move_aside(self, exc: sqlite3.Error) -> None:
        self._moved_aside = True
        if self._db is not None:
            self._db.close()
            self._db = None
        aside = self.path.with_name(self.path.name + ".damaged")
        try:
            os.replace(self.path, aside)
            # A journal left beside the damaged file must not be played into the new one.
            for suffix in ("-journal", "-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + suffix))
            self._db = _connect(self.path)
        except (OSError, sqlite3.Error) as again:
            self._give_up(again)
            return
        self._say("damaged", f"online cache {self.path} is damaged ({_one_line(exc)}); "
                             f"moved it to {aside} and started a new one")

    def _give_up(self, exc: BaseException) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._say("unusable", f"online cache {self.path} is unusable ({_one_line(exc)}); "
                              "answers this run are not cached")

    def _say(self, topic: str, message: str) -> None:
        if topic not in self._said:
            self._said.add(topic)
            self._notify(message)


# --- many names, with a progress bar ----------------------------------------------------------

def geocode_many(
    geocoder: OnlineGeocoder,
    names: Iterable[str],
    *,
    countries: tuple[str, ...] = (),
    progress: bool | None = None,
) -> Iterator[tuple[str, dict | None, GeocodeError | None]]:
    """Yield ``(name, feature or None, error or None)`` for each name, in order.

    One name's ``GeocodeError`` is yielded, not raised, so the rest go on.
    ``progress=None`` shows a bar on stderr only when stderr is a terminal, so
    pipes and CI logs stay quiet; ``True``/``False`` force it on or off.
    """
    total = len(names) if isinstance(names, Sized) else None
    bar = Progress("geocoding online", total, stream=sys.stderr, enabled=progress)
    try:
        for name in names:
            try:
                result, error = geocoder.geocode(name, countries=countries), None
            except GeocodeError as exc:
                result, error = None, exc
            bar.step()
            yield name, result, error
    finally:
        bar.finish()
