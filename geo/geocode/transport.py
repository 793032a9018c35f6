"""The HTTP adapter geopy talks through: a deadline per request, a size cap, no blind redirects.

See ``GuardedAdapter``. The deadline is wall-clock, body included: a socket
timeout bounds one wait for bytes, so a server dripping a byte every few
seconds would never trip it.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
import urllib3.connection
from geopy.adapters import (
    AdapterHTTPError,
    RequestsAdapter,
    RequestsHTTPAdapter,
    RequestsHTTPWithSSLContextAdapter,
)
from geopy.exc import (
    GeocoderParseError,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    GeopyError,
)

from geo.errors import one_line

_MAX_REDIRECTS = 5
_READ_CHUNK = 64 * 1024


def _size(count: int) -> str:
    return f"{count / 1e6:g} MB" if count >= 1_000_000 else f"{count:,} bytes"


class DeadlinePassed(GeocoderTimedOut):
    """The whole request, body included, took longer than its deadline."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s to answer")


class AnswerTooLarge(GeocoderServiceError):
    """The answer was larger than the cap; reading stopped there."""

    def __init__(self, cap: int) -> None:
        super().__init__(f"sent an answer larger than {_size(cap)}; stopped reading it")


class RedirectRefused(GeocoderServiceError):
    """The server sent the request to another server, which geo does not follow."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        where = f"{parts.scheme}://{parts.netloc}" if parts.netloc else one_line(target, 80)
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


class _WatchedConnection(urllib3.connection.HTTPConnection):
    """A urllib3 connection that hands its socket to the current request's deadline."""

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        watch = getattr(_watch_of_thread, "watch", None)
        sock = getattr(self, "sock", None)
        if watch is not None and sock is not None:
            watch.attach(sock)
        return super().getresponse(*args, **kwargs)


class _WatchedHTTPConnection(_WatchedConnection):
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


class _WatchedHTTPAdapter(RequestsHTTPAdapter):
    """geopy's requests adapter, its connection pools watched (see ``_watched``)."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        _watched(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        return _watched(super().proxy_manager_for(proxy, **kwargs))


class _WatchedHTTPSAdapter(_WatchedHTTPAdapter, RequestsHTTPWithSSLContextAdapter):
    """The same for geopy's adapter with an SSL context (whose pools come first in its MRO)."""


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
        return (
            scheme,
            (parts.hostname or "").lower(),
            parts.port or {"http": 80, "https": 443}.get(scheme),
        )

    try:
        return server(url) == server(other)
    except ValueError:  # a port that is not a number
        return False


class GuardedAdapter(RequestsAdapter):
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
        self.session.mount("https://", _WatchedHTTPSAdapter(ssl_context=ssl_context, max_retries=0))

    def get_json(self, url: str, *, timeout: Any, headers: Any) -> Any:
        body, _ = self._fetch(url, timeout=timeout, headers=headers)
        try:
            return json.loads(body)
        except (ValueError, RecursionError) as exc:  # RecursionError: nested past any answer
            raise GeocoderParseError(f"not JSON: {one_line(exc, 80)}") from None

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
                raise DeadlinePassed(self.deadline_s) from None
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
            with self.session.get(
                url, timeout=(wait, wait), headers=headers, stream=True, allow_redirects=False
            ) as resp:
                if resp.is_redirect:
                    target = urljoin(url, resp.headers["location"])
                    if not _same_server(url, target):
                        raise RedirectRefused(target)
                    url = target
                    continue
                body = self._read_capped(resp)
                status, answer_headers = resp.status_code, resp.headers
                encoding = resp.encoding or "utf-8"
            if watch.expired:
                raise DeadlinePassed(self.deadline_s)
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
            raise AnswerTooLarge(self.max_bytes)
        body = bytearray()
        for chunk in resp.iter_content(chunk_size=_READ_CHUNK):
            body += chunk
            if len(body) > self.max_bytes:
                raise AnswerTooLarge(self.max_bytes)
        return bytes(body)

    def _transport_error(self, error: Exception, watch: _Watch) -> GeopyError:
        """Return the geopy error for a transport failure, as geopy's own adapter would."""
        if watch.expired:
            return DeadlinePassed(self.deadline_s)
        message = one_line(error)
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
