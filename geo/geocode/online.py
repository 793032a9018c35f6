"""Online geocoding for the names the offline gazetteer cannot place.

The offline gazetteer comes first (``geo.geocode.chain``); this module asks a
geopy provider (public or self-hosted Nominatim by default) only for what is
left, and degrades cleanly:

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

``OnlineGeocoder`` is a ``Geocoder`` (``geo.geocode.protocol``): ``choose``
answers a ``Choice`` of a ``Place``. ``geocode`` answers the GeoJSON Feature
(``geo.geocode.lookup.answer_feature``), shaped like the gazetteer's, so the
rest of the flow cannot tell an online place from an offline one except by
``properties.provider`` and ``gazetteer_source``.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sized
from pathlib import Path
from typing import Any

from geopy.adapters import AdapterHTTPError
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
    one_line,
)
from geo.geocode.answers import AnswerCache, normalise_query
from geo.geocode.index import cache_dir
from geo.geocode.lookup import answer_feature, answer_place
from geo.geocode.pacer import Pacer
from geo.geocode.place import Choice, Place
from geo.geocode.protocol import NO_CONTEXT, Context
from geo.geocode.providers import (
    PROVIDERS,
    SUPPORTED_PROVIDERS,
    ProviderSpec,
    Unusable,
    check_lonlat,
    country_codes,
    country_of,
    endpoint_of,
    key_variable,
    parse_url,
    place_id,
    place_name,
    place_type,
    stated_lonlat,
)
from geo.geocode.transport import AnswerTooLarge, DeadlinePassed, GuardedAdapter, RedirectRefused
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

# geopy warns before it refuses a latitude past a pole; the refusal is reported
# as an unusable answer naming the place, so the warning would only be noise.
warnings.filterwarnings(
    "ignore", message="Latitude normalization has been prohibited", category=UserWarning
)


class OnlineGeocoder:
    """Return GeoJSON Features for place names from an online provider, cached on disk.

    Use it only for the names the offline gazetteer leaves unplaced::

        from geo.geocode.chain import chain, reporting
        from geo.geocode.gazetteer import default_gazetteer
        from geo.geocode.online import OnlineGeocoder

        with OnlineGeocoder() as online:                 # public Nominatim, 1 request/s
            geocoder = chain(default_gazetteer(), reporting(online, print))
            for name in ["Aleppo", "Rukban", "Zaza"]:
                choice = geocoder.choose(name)           # Aleppo never reaches the network
                print(name, choice.geocoder, choice.place)

    Or names already known to be missing offline, as Features::

        from geo.geocode.online import OnlineGeocoder, geocode_many

        with OnlineGeocoder() as online:
            for name, place, error in geocode_many(online, ["Rukban", "Zaza"]):
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
        for label, value in (
            ("timeout_s", timeout_s),
            ("deadline_s", deadline_s),
            ("max_answer_bytes", max_answer_bytes),
            ("name_budget_s", name_budget_s),
            ("max_failures", max_failures),
        ):
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
        self.endpoint = endpoint_of(self._geocoder, self.provider)
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
        self._cache = AnswerCache(self.cache_path, self._notify)

    # --- setting up ---------------------------------------------------------------------

    @staticmethod
    def _spec_for(provider: str) -> ProviderSpec:
        supported = ", ".join(SUPPORTED_PROVIDERS)
        try:
            get_geocoder_for_service(provider)
        except GeocoderNotFound:
            raise OnlineConfigError(
                f"unknown geocoding provider {provider!r}; supported: {supported}"
            ) from None
        if provider not in PROVIDERS:
            raise OnlineConfigError(
                f"provider {provider!r} needs more than an API key or does not look up "
                f"place names; supported: {supported}"
            )
        return PROVIDERS[provider]

    def _make_geocoder(
        self, url: str | None, api_key: str | None, user_agent: str, timeout_s: float
    ) -> Any:
        cls = get_geocoder_for_service(self.provider)
        accepts = inspect.signature(cls.__init__).parameters
        adapter = functools.partial(
            GuardedAdapter, deadline_s=self.deadline_s, max_bytes=self.max_answer_bytes
        )
        kwargs: dict[str, Any] = {
            "user_agent": user_agent,
            "timeout": timeout_s,
            "adapter_factory": adapter,
        }
        if url is not None:
            if "domain" not in accepts:
                raise OnlineConfigError(
                    f"provider {self.provider} cannot be pointed at a server url"
                )
            kwargs["scheme"], kwargs["domain"] = parse_url(self.provider, url)
        elif self._spec.needs_url:
            raise OnlineConfigError(f"provider {self.provider} needs the url of its server")
        if self._spec.key_param is not None:
            key = api_key if api_key is not None else os.environ.get(key_variable(self.provider))
            if key:
                kwargs[self._spec.key_param] = key
            elif self._spec.key_required:
                raise OnlineConfigError(
                    f"provider {self.provider} needs an API key: set "
                    f"{key_variable(self.provider)} or pass api_key"
                )
        try:
            return cls(**kwargs)
        except (ConfigurationError, TypeError, ValueError) as exc:
            raise OnlineConfigError(f"provider {self.provider}: {one_line(exc)}") from exc

    # --- asking -----------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """Return the provider's name: the geocoder's, as its choices give it."""
        return self.provider

    def choose(self, name: str, context: Context = NO_CONTEXT) -> Choice:
        """Return the provider's place for ``name`` as a ``Choice`` (``geo.geocode.protocol``).

        ``context.only_in`` restricts the answer as ``geocode``'s ``countries``
        do; the rest of the context ranks offline candidates, and a provider
        gives one answer. Raises as ``geocode`` does.
        """
        found = self.geocode(name, countries=context.only_in)
        place = None if found is None else answer_place(found)
        if place is None:
            return Choice(None, geocoder=self.provider)
        return Choice(place, (place,), "found online", geocoder=self.provider)

    def geocode(self, name: str, *, countries: tuple[str, ...] = ()) -> dict | None:
        """Return a Point Feature for ``name`` from the cache or the provider, or ``None``.

        ``countries`` (ISO alpha-2) restricts the answer to places in them.
        Raises ``OnlineProviderError`` when the provider gives no usable answer
        after the retries, ``OnlineConfigError`` for an empty name or bad codes.
        """
        query = " ".join(name.split())
        if not query:
            raise OnlineConfigError("an empty place name cannot be geocoded")
        codes = country_codes(countries)
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
                raise self._failure(
                    query, f"was not asked: {self._stopped[0]}", kind=OnlineNotAskedError
                )
        try:
            location = self._ask(query, codes)
            try:
                result = self._feature(location, name, codes) if location is not None else None
            except Unusable as exc:
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
            unreachable = exc.unreachable if isinstance(exc, _Unreachable) else None
            if unreachable:
                # Not one connection through every retry: no need to wait for more names.
                self._stopped = (f"it {unreachable} earlier in this run", f"it {unreachable}")
            elif self._failed_in_a_row >= self.max_failures:
                count = self._failed_in_a_row
                self._stopped = (
                    f"it failed for {count} names in a row earlier in this run",
                    f"{count} failures in a row",
                )

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
            except (AnswerTooLarge, RedirectRefused) as exc:
                # The same question would get the same answer.
                raise self._failure(query, str(exc)) from exc
            except DeadlinePassed as exc:
                cause, wait = str(exc), None
            except GeocoderRateLimited as exc:
                cause, wait = "was rate-limited (HTTP 429)", exc.retry_after
            except GeocoderParseError as exc:
                raise self._unusable(query, exc) from exc
            except (
                GeocoderAuthenticationFailure,
                GeocoderInsufficientPrivileges,
                GeocoderQuotaExceeded,
                GeocoderQueryError,
            ) as exc:
                # A refused key, a spent quota or a bad query stay so when asked again.
                raise self._failure(query, f"refused the request ({_describe(exc)})") from exc
            except GeocoderServiceError as exc:
                status = _http_status(exc)
                if status is not None and status < 500 and status != 408:
                    raise self._failure(query, f"refused the request ({_describe(exc)})") from exc
                cause, wait = _describe(exc), None
            except GeopyError as exc:
                raise self._failure(query, f"failed ({one_line(exc)})") from exc
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
        if set(causes) == {"could not be reached"}:
            unreachable = f"could not be reached {_times(causes)}"
            raise _Unreachable(self._failure(query, _summary(causes)), unreachable)
        raise self._failure(query, _summary(causes))

    def _failure(
        self, query: str, what: str, kind: type[OnlineProviderError] = OnlineProviderError
    ) -> OnlineProviderError:
        return kind(f"{query!r}: provider {self.provider} at {self.endpoint} {what}")

    def _unusable(self, query: str, exc: BaseException) -> OnlineProviderError:
        # A failure, not "not found": a garbled answer says nothing about the
        # place, so it is not cached, and the name is asked again next run.
        why = one_line(exc, 120).rstrip(".") or type(exc).__name__
        if isinstance(exc, TypeError | AttributeError | LookupError):
            why = f"not in the shape of a {self.provider} answer: {why}"
        return self._failure(query, f"sent an unusable answer ({why})")

    def _feature(self, location: Any, name: str, codes: tuple[str, ...]) -> dict | None:
        place = self._place(location, name, codes)
        return None if place is None else answer_feature(name, place, self.provider)

    def _place(self, location: Any, name: str, codes: tuple[str, ...]) -> Place | None:
        """Return the place geopy's Location describes ("" for what it does not say)."""
        raw = location.raw
        stated = stated_lonlat(raw)
        if stated is not None:
            check_lonlat(*stated)
        lon, lat = check_lonlat(location.longitude, location.latitude)
        country = country_of(raw)
        # A provider that cannot restrict by country is filtered here; a place
        # whose country it does not say is kept rather than lost.
        if codes and country is not None and country not in codes:
            return None
        return Place(
            id=place_id(self.provider, raw, lon, lat),
            name=place_name(raw, location.address, name),
            country=country or "",
            place_type=place_type(raw) or "",
            lat=lat,
            lon=lon,
            source=self.endpoint,
        )

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


class _Unreachable(OnlineProviderError):
    """A provider not reached once through every retry: no need to wait on it for more names.

    ``unreachable`` says so for the notes ("could not be reached 5 times").
    """

    def __init__(self, failure: OnlineProviderError, unreachable: str) -> None:
        super().__init__(*failure.args)
        self.unreachable = unreachable


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
    return one_line(exc) or type(exc).__name__


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
