"""A stand-in Nominatim on 127.0.0.1 for tests: no test ever reaches a real server.

It serves ``/search`` in Nominatim's JSON shape (lat/lon as strings,
``display_name``, ``osm_type``, ``osm_id``, ``address.country_code`` only with
``addressdetails=1``, ``countrycodes`` honoured) from a dict of places, after
playing a per-test script of replies first (429 with Retry-After, 500, a hang
past the client's timeout, ...). It records every request it receives.

    with NominatimStandin({"rukban": [place("Rukban", 33.31, 38.70, country_code="jo")]},
                          script=[Reply(429, headers={"Retry-After": "2"}), hang(1.5)]) as srv:
        OnlineGeocoder(url=srv.url).geocode("Rukban")
        assert len(srv.searches) == 3
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Reply:
    """One scripted reply: a status, JSON body and headers, sent after ``delay_s``."""

    status: int = 200
    body: Any = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


def hang(seconds: float) -> Reply:
    """Return a reply that comes only after ``seconds``: a server too slow for the client."""
    return Reply(delay_s=seconds)


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
        # Waiting on the stop event, not time.sleep: a hanging reply ends at once
        # when the test shuts the server down.
        if reply.delay_s and standin._stopping.wait(reply.delay_s):
            return
        payload = json.dumps(reply.body).encode()
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout scenario)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        pass  # keep test output clean


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    standin: NominatimStandin


class NominatimStandin:
    """A scripted Nominatim on an ephemeral port of 127.0.0.1; a context manager."""

    def __init__(
        self, places: dict[str, list[dict]] | None = None, script: Iterable[Reply] = ()
    ) -> None:
        self.places = {k.casefold(): v for k, v in (places or {}).items()}
        self.script: deque[Reply] = deque(script)
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.standin = self
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
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
        if request.path != "/search":
            return Reply(404, {"error": "not found"})
        return Reply(200, self._search(request.params))

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
