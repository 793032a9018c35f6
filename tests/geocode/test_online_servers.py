"""geo.geocode.online against servers that misbehave and answers that are not answers."""

import json
import re
import shutil
import ssl
import subprocess
import time

import pytest
from geopy.geocoders import options as geopy_options

from geo.errors import (
    OnlineProviderError,
)
from tests.geocode.nominatim_standin import (
    NominatimStandin,
    Reply,
    drip,
    garbage,
    huge_body,
    redirect,
)
from tests.geocode.online_support import PLACES, RUKBAN, TANF, make, run_cli

pytestmark = pytest.mark.slow  # processes, browsers or servers: `-m "not slow"` leaves it out


# --- servers that misbehave: a deadline, a size cap, no redirect elsewhere -----------------------


@pytest.fixture
def tls_contexts(tmp_path):
    """Return (server, client) TLS contexts around a throwaway self-signed certificate."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    return server, ssl.create_default_context(cafile=str(cert))


def test_a_server_dripping_its_status_line_is_cut_off_at_the_deadline(tmp_path, fake_time):
    # One byte every 0.2 s: the ~100 bytes of head alone would take 20 s; no single
    # read waits long enough for the 5 s read timeout to fire.
    server = NominatimStandin(PLACES, default=drip(0.2))
    started = time.monotonic()
    with (
        server,
        make(server.url, tmp_path, fake_time, timeout_s=5, deadline_s=1, max_retries=0) as online,
    ):
        with pytest.raises(OnlineProviderError) as caught:
            online.geocode("Rukban")
        took = time.monotonic() - started
        [sent] = server.wait_sent(1)
    assert str(caught.value) == (
        f"'Rukban': provider nominatim at {server.url} took longer than 1 s to answer once"
    )
    assert took < 10  # the drip alone would take 20 s and more
    assert not sent.complete  # the client hung up, it did not wait the drip out


def test_a_server_dripping_its_body_is_cut_off_at_the_deadline(tmp_path, fake_time):
    # The head comes at once, then the answer (~700 bytes) at 10 bytes a second: 70 s.
    server = NominatimStandin(PLACES, script=[drip(0.1, [RUKBAN], headers_too=False)] * 2)
    started = time.monotonic()
    with (
        server,
        make(server.url, tmp_path, fake_time, timeout_s=5, deadline_s=1, max_retries=1) as online,
    ):
        with pytest.raises(OnlineProviderError, match="took longer than 1 s to answer 2 times"):
            online.geocode("Rukban")
        took = time.monotonic() - started
        sent = server.wait_sent(2)
    assert took < 15
    assert [s.complete for s in sent] == [False, False] and sent[0].body_bytes < 100
    assert fake_time.sleeps == [1.0]  # a slow answer is tried again, after the back-off


def test_the_deadline_holds_over_tls_too(tls_contexts, tmp_path, fake_time, monkeypatch):
    server_side, client_side = tls_contexts
    monkeypatch.setattr(geopy_options, "default_ssl_context", client_side)
    server = NominatimStandin(
        PLACES, script=[Reply(200, [TANF])], default=drip(0.2), tls=server_side
    )
    with (
        server,
        make(server.url, tmp_path, fake_time, timeout_s=5, deadline_s=1, max_retries=0) as online,
    ):
        assert online.geocode("At Tanf")["properties"]["country"] == "SY"  # TLS works
        started = time.monotonic()
        with pytest.raises(OnlineProviderError, match="took longer than 1 s to answer once"):
            online.geocode("Rukban")
        assert time.monotonic() - started < 10  # the drip would take 20 s and more


@pytest.mark.parametrize("declare_length", [False, True], ids=["streamed", "declared"])
def test_a_huge_answer_is_not_read_past_the_cap(declare_length, tmp_path, fake_time):
    size = 50_000_000
    server = NominatimStandin(PLACES, script=[huge_body(size, declare_length=declare_length)])
    started = time.monotonic()
    with server, make(server.url, tmp_path, fake_time, max_answer_bytes=1_000_000) as online:
        with pytest.raises(OnlineProviderError) as caught:
            online.geocode("Rukban")
        took = time.monotonic() - started
        [sent] = server.wait_sent(1)
        assert len(server.searches) == 1  # the same question would get the same answer
        assert online.geocode("Rukban") is not None  # nothing was cached
    assert str(caught.value) == (
        f"'Rukban': provider nominatim at {server.url} sent an answer larger than 1 MB; "
        "stopped reading it"
    )
    assert took < 10
    # The connection was closed with most of the 50 MB unsent (loopback buffers
    # hold a few MB at most).
    assert not sent.complete and sent.body_bytes < size // 2


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"], ids=["other-host", "other-port"])
def test_a_redirect_to_another_server_is_refused(host, tmp_path, fake_time):
    with NominatimStandin(PLACES) as elsewhere:
        target = f"http://{host}:{elsewhere.port}"
        server = NominatimStandin(PLACES, script=[redirect(f"{target}/search?q=Rukban")])
        with server, make(server.url, tmp_path, fake_time) as online:
            with pytest.raises(OnlineProviderError) as caught:
                online.geocode("Rukban")
            # Nothing was cached under this server: asked again, it answers itself.
            assert online.geocode("Rukban")["properties"]["gazetteer_source"] == server.url
            assert len(server.searches) == 2
        assert elsewhere.requests == []
    assert str(caught.value) == (
        f"'Rukban': provider nominatim at {server.url} redirected to {target}, "
        "another server; not followed"
    )


@pytest.mark.parametrize("absolute", [False, True], ids=["path", "url"])
def test_a_redirect_on_the_same_server_is_followed(absolute, tmp_path, fake_time):
    server = NominatimStandin(PLACES)
    where = "/search?q=Rukban&format=json&addressdetails=1&limit=1"
    server.script.append(redirect((server.url if absolute else "") + where, status=301))
    with server, make(server.url, tmp_path, fake_time) as online:
        assert online.geocode("Rukban")["properties"]["country"] == "JO"
    assert len(server.searches) == 2


# --- answers that are not answers ----------------------------------------------------------------


BAD_ANSWERS = {
    "lat-not-a-number": '[{"lat": "abc", "lon": "1", "display_name": "X"}]',
    "lat-1e308": '[{"lat": "1e308", "lon": "1", "display_name": "X"}]',
    "lat-1e308-number": '[{"lat": 1e308, "lon": 1, "display_name": "X"}]',
    "lat-95": '[{"lat": "95", "lon": "1", "display_name": "X"}]',
    "lon-NaN": '[{"lat": "1", "lon": "NaN", "display_name": "X"}]',
    "lon-NaN-literal": '[{"lat": 1, "lon": NaN, "display_name": "X"}]',
    "lon-1e308": '[{"lat": "1", "lon": "1e308", "display_name": "X"}]',
    "lon-181": '[{"lat": "1", "lon": "181", "display_name": "X"}]',
    "lat-null": '[{"lat": null}]',
    "lat-lon-null": '[{"lat": null, "lon": null, "display_name": "X"}]',
    "lon-missing": '[{"lat": "1", "display_name": "X"}]',
    "list-of-numbers": "[1, 2, 3]",
    "a-string": '"Rukban"',
    "not-json": "<html><body>Service temporarily unavailable</body></html>",
    "not-utf8": b"\xff\xfe\x00garbage",
    "nested-too-deep": "[" * 100_000 + "]" * 100_000,
}


@pytest.mark.parametrize("raw", BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
@pytest.mark.filterwarnings("ignore:Latitude normalization")  # geopy's, before it refuses
def test_a_bad_answer_is_one_line_failure_and_is_not_cached(raw, tmp_path, fake_time):
    server = NominatimStandin(PLACES, script=[garbage(raw)])
    with server, make(server.url, tmp_path, fake_time) as online:
        with pytest.raises(OnlineProviderError) as caught:
            online.geocode("Rukban")
        message = str(caught.value)
        # Not cached as "not found": once the server answers properly, the place comes.
        assert online.geocode("Rukban")["properties"]["country"] == "JO"
    assert len(server.searches) == 2
    assert "\n" not in message and len(message) < 300
    assert re.fullmatch(
        rf"'Rukban': provider nominatim at {re.escape(server.url)} sent an unusable answer "
        r"\(.+\)",
        message,
    ), message


def test_a_bad_answer_on_the_command_line_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path))
    with NominatimStandin(PLACES, default=garbage('[{"lat": "abc", "lon": "1"}]')) as server:
        result = run_cli(
            ["geocode", "Qwxzyville", "--online", "nominatim", "--online-url", server.url]
        )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["geometry"] is None
    [line] = result.stderr.splitlines()
    assert line.startswith(
        f"geo: 'Qwxzyville': provider nominatim at {server.url} sent an unusable answer ("
    )
