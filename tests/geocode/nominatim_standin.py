"""A stand-in Nominatim on 127.0.0.1 for tests: no test ever reaches a real server.

It serves ``/search`` in Nominatim's JSON shape (lat/lon as strings,
``display_name``, ``osm_type``, ``osm_id``, ``address.country_code`` only with
``addressdetails=1``, ``countrycodes`` honoured) from a dict of places, after
playing a per-test script of replies first (429 with Retry-After, 500, a hang
past the client's timeout, ...), and then ``default`` if given. It records every
request it receives, and how much of each reply it got out before the client
went away (``sent``).

Replies that misbehave the ways a real server can: ``drip`` (one byte every N
seconds, headers included), ``silence`` (accepts, never answers), ``huge_body``
(streams far more than any geocoder answer), ``raw`` (anything that is not
JSON, or JSON of the wrong shape) and ``redirect`` (to another path, port or host).

    with NominatimStandin({"rukban": [place("Rukban", 33.31, 38.70, country_code="jo")]},
                          script=[Reply(429, headers={"Retry-After": "2"}), hang(1.5)]) as srv:
        OnlineGeocoder(url=srv.url).geocode("Rukban")
        assert len(srv.searches) == 3
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Reply:
    """One scripted reply: a status, JSON body and headers, sent after ``delay_s``.

    ``raw`` is sent as the body instead of ``body`` as JSON; ``drip_s`` sends the
    reply one byte every ``drip_s`` seconds (status line first, or only the body
    when not ``drip_headers``);
    ``body_bytes`` streams that many bytes of body (with a Content-Length only
    when ``declare_length``); ``silent`` reads the request and never answers.
    """

    status: int = 200
    body: Any = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    raw: bytes | None = None
    drip_s: float = 0.0
    drip_headers: bool = True
    body_bytes: int = 0
    declare_length: bool = True
    silent: bool = False


def hang(seconds: float) -> Reply:
    """Return a reply that comes only after ``seconds``: a server too slow for the client."""
    return Reply(delay_s=seconds)


def drip(every_s: float, body: Any = None, *, headers_too: bool = True) -> Reply:
    """Return a reply sent one byte every ``every_s`` seconds (from its status line on, or
    only its body when not ``headers_too``)."""
    return Reply(body=[] if body is None else body, drip_s=every_s, drip_headers=headers_too)


def silence() -> Reply:
    """Return a reply that never comes: the server accepts, reads and says nothing."""
    return Reply(silent=True)


def huge_body(size: int, *, declare_length: bool = False) -> Reply:
    """Return a 200 reply streaming ``size`` bytes of body, ended by closing the connection."""
    return Reply(body_bytes=size, declare_length=declare_length)


def garbage(raw: bytes | str) -> Reply:
    """Return a 200 reply whose body is ``raw`` as it is (not JSON, or JSON of the wrong shape)."""
    return Reply(raw=raw.encode() if isinstance(raw, str) else raw)


def redirect(location: str, status: int = 302) -> Reply:
    """Return a redirect to ``location`` (a path, or a url on another port or host)."""
    return Reply(status=status, body={}, headers={"Location": location})


@dataclass(frozen=True)
class Sent:
    """How much of one reply's body went out, and whether all of it did."""

    body_bytes: int
    complete: bool


@dataclass(frozen=True)
class Request:
    """What the stand-in received: path, query parameters and headers."""

    path: str
    params: dict[str, str]
    headers: dict[str, str]


def place(
    name: str,
    lat: float,
    lon: float,
    *,
    country_code: str = "sy",
    osm_type: str = "node",
    osm_id: int = 1,
    place_type: str = "village",
    display_name: str | None = None,
) -> dict:
    """Return a Nominatim ``format=json`` search result for a place (address included)."""
    return {
        "place_id": osm_id + 1000,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
        "osm_type": osm_type,
        "osm_id": osm_id,
        "lat": repr(lat),  # Nominatim sends coordinates as strings
        "lon": repr(lon),
        "class": "place",
        "type": place_type,
        "addresstype": place_type,
        "place_rank": 19,
        "importance": 0.3,
        "name": name,
        "display_name": display_name or f"{name}, Country {country_code.upper()}",
        "address": {place_type: name, "country_code": country_code.lower()},
        "boundingbox": [str(lat - 0.01), str(lat + 0.01), str(lon - 0.01), str(lon + 0.01)],
    }


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        standin = self.server.standin
        parts = urlsplit(self.path)
        params = dict(parse_qsl(parts.query))
        reply = standin._receive(Request(parts.path, params, dict(self.headers.items())))
        if reply.silent:
            standin._stopping.wait()
            return
        # Waiting on the stop event, not time.sleep: a hanging reply ends at once
        # when the test shuts the server down.
        if reply.delay_s and standin._stopping.wait(reply.delay_s):
            return
        if reply.body_bytes:
            self._stream(reply)
            return
        payload = reply.raw if reply.raw is not None else json.dumps(reply.body).encode()
        if reply.drip_s:
            self._drip(reply, payload)
            return
        try:
            self.wfile.write(self._head(reply, len(payload)))
            self.wfile.write(payload)
        except OSError:  # the client went away (TLS ones too)
            standin._sent(Sent(0, False))  # the client gave up waiting (the timeout scenario)
        else:
            standin._sent(Sent(len(payload), True))

    def _head(self, reply: Reply, length: int | None) -> bytes:
        lines = [
            f"HTTP/1.0 {reply.status} {self.responses.get(reply.status, ('',))[0]}",
            "Content-Type: application/json; charset=utf-8",
        ]
        if length is not None:
            lines.append(f"Content-Length: {length}")
        lines += [f"{name}: {value}" for name, value in reply.headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _drip(self, reply: Reply, payload: bytes) -> None:
        head = self._head(reply, len(payload))
        data = head + payload
        at = start = 0 if reply.drip_headers else len(head)
        try:
            if start:
                self.wfile.write(head)
            for at in range(start, len(data)):
                self.wfile.write(data[at : at + 1])
                if self.server.standin._stopping.wait(reply.drip_s):
                    return
        except OSError:  # the client went away (TLS ones too)
            self.server.standin._sent(Sent(max(0, at - len(head)), False))
            return
        self.server.standin._sent(Sent(len(payload), True))

    def _stream(self, reply: Reply) -> None:
        chunk = b" " * (64 * 1024)
        sent = 0
        try:
            self.wfile.write(self._head(reply, reply.body_bytes if reply.declare_length else None))
            while sent < reply.body_bytes and not self.server.standin._stopping.is_set():
                piece = b"[" if sent == 0 else b""  # the start of a JSON list, never ended
                piece += chunk[: reply.body_bytes - sent - len(piece)]
                self.wfile.write(piece)
                sent += len(piece)
        except OSError:  # the client went away (TLS ones too)
            self.server.standin._sent(Sent(sent, False))
        else:
            self.server.standin._sent(Sent(sent, sent == reply.body_bytes))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        pass  # keep test output clean


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    standin: NominatimStandin
    tls: ssl.SSLContext | None = None

    def get_request(self) -> tuple[Any, Any]:
        sock, address = super().get_request()
        if self.tls is not None:
            # The handshake happens in the handler's thread, on its first read.
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address


class NominatimStandin:
    """A scripted Nominatim on an ephemeral port of 127.0.0.1; a context manager."""

    def __init__(
        self,
        places: dict[str, list[dict]] | None = None,
        script: Iterable[Reply] = (),
        *,
        default: Reply | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.places = {k.casefold(): v for k, v in (places or {}).items()}
        self.script: deque[Reply] = deque(script)
        self.default = default  # the reply once the script is played, if not the places
        self.requests: list[Request] = []
        self.sent: list[Sent] = []
        self._lock = threading.Condition()
        self._stopping = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.standin = self
        self._server.tls = tls  # a server-side context: serve https
        self.port = self._server.server_address[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def searches(self) -> list[Request]:
        """Return the ``/search`` requests received so far."""
        with self._lock:
            return [r for r in self.requests if r.path == "/search"]

    def _receive(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.script:
                return self.script.popleft()
            if self.default is not None:
                return self.default
        if request.path != "/search":
            return Reply(404, {"error": "not found"})
        return Reply(200, self._search(request.params))

    def _sent(self, sent: Sent) -> None:
        with self._lock:
            self.sent.append(sent)
            self._lock.notify_all()

    def wait_sent(self, count: int, timeout_s: float = 10.0) -> list[Sent]:
        """Return ``sent`` once ``count`` replies have ended (or ``timeout_s`` has passed)."""
        ends = time.monotonic() + timeout_s
        with self._lock:
            while len(self.sent) < count and (left := ends - time.monotonic()) > 0:
                self._lock.wait(left)
            return list(self.sent)

    def _search(self, params: dict[str, str]) -> list[dict]:
        query = " ".join(params.get("q", "").casefold().split())
        wanted = {c.strip().lower() for c in params.get("countrycodes", "").split(",") if c}
        results = []
        for result in self.places.get(query, []):
            if wanted and result["address"]["country_code"] not in wanted:
                continue
            result = dict(result)
            if params.get("addressdetails") != "1":
                result.pop("address")
            results.append(result)
        limit = int(params.get("limit", "10"))
        return results[:limit]

    def stop(self) -> None:
        """Shut the server down and free its port; hanging replies end at once."""
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> NominatimStandin:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self._stopping.is_set():
            self.stop()
