"""geo.geocode.online against a stand-in Nominatim on 127.0.0.1: retries, pacing, cache, errors."""

import io
import json
import re
import shutil
import sqlite3
import ssl
import subprocess
import time

import pytest
from click.testing import CliRunner
from geopy.geocoders import options as geopy_options

from geo.cli.main import cli
from geo.cli.options import online_geocoder
from geo.errors import (
    GeocodeError,
    GeoError,
    OnlineConfigError,
    OnlineNotAskedError,
    OnlineProviderError,
)
from geo.geocode.online import OnlineGeocoder, geocode_many
from geo.support.progress import Progress
from tests.geocode.nominatim_standin import (
    NominatimStandin,
    Reply,
    drip,
    garbage,
    hang,
    huge_body,
    place,
    redirect,
    silence,
)

pytestmark = pytest.mark.slow  # processes, browsers or servers: `-m "not slow"` leaves it out

RUKBAN = place(
    "Rukban",
    33.3140523,
    38.7034161,
    country_code="jo",
    osm_id=4242,
    place_type="village",
    display_name="Rukban, Ruwayshid, Mafraq, Jordan",
)
TANF = place("At Tanf", 33.5, 38.66, country_code="sy", osm_type="way", osm_id=77)
PLACES = {"Rukban": [RUKBAN], "At Tanf": [TANF]}


class FakeTime:
    """A clock that only the recorded sleeps move, so no test really waits."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self):
        return self.now


@pytest.fixture
def fake_time():
    return FakeTime()


@pytest.fixture
def standin():
    with NominatimStandin(PLACES) as server:
        yield server


def run_cli(args):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def make(server_url, tmp_path, fake_time, **kwargs):
    kwargs.setdefault("timeout_s", 2.0)
    return OnlineGeocoder(
        url=server_url,
        cache_path=tmp_path / "online.sqlite",
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        **kwargs,
    )


def test_429_then_500_then_hang_then_answer_and_then_from_the_cache(tmp_path, fake_time):
    # The done-when: every way a server can fail once, then the answer.
    script = [
        Reply(429, {"error": "slow down"}, {"Retry-After": "2"}),
        Reply(500, {"error": "boom"}),
        hang(3.0),
    ]
    server = NominatimStandin(PLACES, script=script)
    with server, make(server.url, tmp_path, fake_time, timeout_s=0.5) as online:
        result = online.geocode("Rukban")
        assert result["geometry"] == {"type": "Point", "coordinates": [38.7034161, 33.3140523]}
        assert len(server.searches) == 4
        # Retry-After is honoured first; the 500 and the timeout back off 2, 4 s.
        assert fake_time.sleeps == [2, 2.0, 4.0]
    assert server._stopping.is_set()  # the hanging handler did not keep the server up

    # Server gone: the same query (any spelling) still answers, from SQLite on disk.
    later = FakeTime()
    with make(server.url, tmp_path, later) as online:
        again = online.geocode("  rukban ")
    assert again["geometry"] == result["geometry"]
    assert again["properties"] == {**result["properties"], "query": "  rukban "}
    assert later.sleeps == []
    assert len(server.searches) == 4


def test_feature_shape_matches_the_offline_contract(standin, tmp_path, fake_time):
    with make(standin.url, tmp_path, fake_time) as online:
        result = online.geocode("Rukban")
        tanf = online.geocode("At Tanf")
    assert result["type"] == "Feature"
    assert result["properties"] == {
        "kind": "place",
        "name": "Rukban",
        "country": "JO",
        "gazetteer_id": "nominatim:node/4242",
        "place_type": "village",
        "gazetteer_source": standin.url,
        "provider": "nominatim",
        "query": "Rukban",
        "found": True,
        "candidates": 1,
    }
    assert tanf["properties"]["gazetteer_id"] == "nominatim:way/77"
    assert tanf["properties"]["country"] == "SY"
    # The country comes from the address details geo asks for.
    assert standin.searches[0].params["addressdetails"] == "1"


def test_not_found_is_cached_as_not_found(standin, tmp_path, fake_time):
    with make(standin.url, tmp_path, fake_time) as online:
        assert online.geocode("Qwxzyville") is None
        assert online.geocode("QWXZYVILLE") is None
    assert len(standin.searches) == 1
    with make(standin.url, tmp_path, fake_time) as online:  # and it survives the run
        assert online.geocode("Qwxzyville") is None
    assert len(standin.searches) == 1


def test_countries_restrict_and_are_part_of_the_cache_key(standin, tmp_path, fake_time):
    with make(standin.url, tmp_path, fake_time) as online:
        assert online.geocode("Rukban", countries=("SY",)) is None
        jordan = online.geocode("Rukban", countries=("jo", "SY"))
        assert online.geocode("Rukban", countries=("SY", "JO")) == jordan  # same key
    assert jordan["properties"]["country"] == "JO"
    assert [r.params.get("countrycodes") for r in standin.searches] == ["sy", "jo,sy"]
    with pytest.raises(OnlineConfigError, match="alpha-2"):
        make(standin.url, tmp_path, fake_time).geocode("Rukban", countries=("Syria",))


def test_a_server_that_keeps_failing_gives_one_line_naming_the_query(tmp_path, fake_time):
    server = NominatimStandin(PLACES, script=[Reply(500)] * 3)
    with server, make(server.url, tmp_path, fake_time, max_retries=2) as online:
        with pytest.raises(GeocodeError) as caught:
            online.geocode("Rukban")
        message = str(caught.value)
        assert "\n" not in message
        assert message == (
            f"'Rukban': provider nominatim at {server.url} answered HTTP 500 3 times"
        )
        assert isinstance(caught.value, OnlineProviderError)
        assert isinstance(caught.value, OSError)
        assert fake_time.sleeps == [1.0, 2.0]  # exponential back-off
        assert len(server.searches) == 3
        # The error was not cached: once the server recovers, the answer comes.
        assert online.geocode("Rukban")["properties"]["country"] == "JO"
        assert len(server.searches) == 4


def test_server_gone_cached_answers_come_back_uncached_names_fail_cleanly(tmp_path, fake_time):
    with NominatimStandin(PLACES) as server:
        with make(server.url, tmp_path, fake_time) as online:
            assert online.geocode("At Tanf") is not None
    with make(server.url, tmp_path, fake_time, max_retries=1) as online:
        assert online.geocode("At Tanf")["properties"]["gazetteer_id"] == "nominatim:way/77"
        with pytest.raises(OnlineProviderError) as caught:
            online.geocode("Rukban")
    assert str(caught.value) == (
        f"'Rukban': provider nominatim at {server.url} could not be reached 2 times"
    )


def test_a_refused_request_is_not_retried(tmp_path, fake_time):
    server = NominatimStandin(PLACES, script=[Reply(403, {"error": "blocked"})])
    with server, make(server.url, tmp_path, fake_time) as online:
        with pytest.raises(OnlineProviderError, match="refused the request"):
            online.geocode("Rukban")
    assert len(server.searches) == 1
    assert fake_time.sleeps == []


def test_an_unreasonable_retry_after_fails_now_instead_of_blocking(tmp_path, fake_time):
    server = NominatimStandin(PLACES, script=[Reply(429, headers={"Retry-After": "3600"})])
    with server, make(server.url, tmp_path, fake_time) as online:
        with pytest.raises(OnlineProviderError, match="asks to wait 3600 s"):
            online.geocode("Rukban")
    assert fake_time.sleeps == []


def test_user_agent_names_geo(standin, tmp_path, fake_time):
    with make(standin.url, tmp_path, fake_time) as online:
        online.geocode("Rukban")
    assert standin.searches[0].headers["User-Agent"].startswith("geo/")


def test_url_with_a_path_prefix_reaches_the_server_there(standin, tmp_path, fake_time):
    with make(standin.url + "/nominatim/", tmp_path, fake_time) as online:
        assert online.endpoint == standin.url + "/nominatim"
        # The stand-in answers 404 off its root: proof the prefix went along, and
        # a wrong path is not worth retrying.
        with pytest.raises(OnlineProviderError, match="refused the request .*HTTP 404"):
            online.geocode("Rukban")
    assert standin.requests[0].path == "/nominatim/search"


@pytest.mark.parametrize("url", ["ftp://127.0.0.1:1", "127.0.0.1:8080", "http://h/?x=1"])
def test_bad_url_is_one_line_error(url, tmp_path):
    with pytest.raises(OnlineConfigError, match="http\\(s\\)://host") as caught:
        OnlineGeocoder(url=url, cache_path=tmp_path / "c.sqlite")
    assert "\n" not in str(caught.value)


def test_rate_limiter_spaces_requests(standin, tmp_path, fake_time):
    with make(standin.url, tmp_path, fake_time, min_delay_s=1.0) as online:
        online.geocode("Rukban")
        online.geocode("At Tanf")
        online.geocode("Rukban")  # cached: no request, so no wait
    assert fake_time.sleeps == [pytest.approx(1.0)]
    assert len(standin.searches) == 2


def test_public_nominatim_is_paced_at_one_per_second_and_own_servers_are_not(tmp_path):
    with OnlineGeocoder(cache_path=tmp_path / "a.sqlite") as public:
        assert public.min_delay_s == 1.0
        assert public.endpoint == "https://nominatim.openstreetmap.org"
    with OnlineGeocoder(url="http://127.0.0.1:9", cache_path=tmp_path / "b.sqlite") as own:
        assert own.min_delay_s == 0.0


def test_unknown_provider_is_one_line_listing_the_supported(tmp_path):
    with pytest.raises(GeocodeError) as caught:
        OnlineGeocoder("nosuchmaps", cache_path=tmp_path / "c.sqlite")
    message = str(caught.value)
    assert "\n" not in message
    assert "'nosuchmaps'" in message and "nominatim" in message and "opencage" in message


def test_online_errors_are_geo_errors_and_the_builtins_callers_catch():
    # The CLI turns any GeoError into one line; library callers catch the builtin.
    assert issubclass(OnlineConfigError, GeoError) and issubclass(OnlineConfigError, ValueError)
    assert issubclass(OnlineProviderError, GeocodeError)
    assert issubclass(OnlineProviderError, OSError)
    assert issubclass(OnlineNotAskedError, OnlineProviderError)


def test_provider_needing_more_than_a_key_is_refused(tmp_path):
    with pytest.raises(OnlineConfigError, match="needs more than an API key.*supported: "):
        OnlineGeocoder("liveaddress", cache_path=tmp_path / "c.sqlite")


def test_api_key_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("GEO_OPENCAGE_API_KEY", raising=False)
    with pytest.raises(OnlineConfigError, match="GEO_OPENCAGE_API_KEY"):
        OnlineGeocoder("opencage", cache_path=tmp_path / "c.sqlite")
    monkeypatch.setenv("GEO_OPENCAGE_API_KEY", "k-from-env")
    online = OnlineGeocoder("OpenCage", cache_path=tmp_path / "c.sqlite")
    assert online.provider == "opencage"
    assert online._geocoder.api_key == "k-from-env"
    assert (
        OnlineGeocoder(
            "opencage", api_key="given", cache_path=tmp_path / "c.sqlite"
        )._geocoder.api_key
        == "given"
    )


def test_a_damaged_cache_file_costs_requests_not_the_run(standin, tmp_path, fake_time):
    (tmp_path / "online.sqlite").write_bytes(b"this is not a database" * 100)
    with make(standin.url, tmp_path, fake_time) as online:
        assert online.geocode("Rukban")["properties"]["country"] == "JO"
        assert online.geocode("Rukban") is not None
    assert len(standin.searches) == 1  # remembered for the run all the same


def test_default_cache_lives_in_geo_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cachedir"))
    online = OnlineGeocoder(url="http://127.0.0.1:9")
    online.close()
    assert online.cache_path == tmp_path / "cachedir" / "online.sqlite"
    assert online.cache_path.is_file()


def test_geocode_many_goes_on_after_a_failure_and_is_quiet_in_pipes(tmp_path, fake_time, capsys):
    server = NominatimStandin(PLACES, script=[Reply(500), Reply(500)])
    with server, make(server.url, tmp_path, fake_time, max_retries=1) as online:
        rows = list(geocode_many(online, ["Rukban", "At Tanf", "Qwxzyville"]))
    assert [name for name, _, _ in rows] == ["Rukban", "At Tanf", "Qwxzyville"]
    assert isinstance(rows[0][2], OnlineProviderError) and rows[0][1] is None
    assert rows[1][1]["properties"]["gazetteer_id"] == "nominatim:way/77" and rows[1][2] is None
    assert rows[2][1:] == (None, None)
    assert capsys.readouterr().err == ""  # stderr is not a terminal here


def test_geocode_many_progress_bar_when_asked(standin, tmp_path, fake_time, capsys):
    with make(standin.url, tmp_path, fake_time) as online:
        list(geocode_many(online, ["Rukban", "At Tanf"], progress=True))
    err = capsys.readouterr().err
    assert "geocoding online 1/2" in err and "geocoding online 2/2" in err
    assert err.endswith("\n")


def test_progress_line_shows_count_rate_and_time_left():
    now = [0.0]
    stream = io.StringIO()
    bar = Progress("geocoding online", 10, stream=stream, clock=lambda: now[0], enabled=True)
    now[0] = 2.0
    bar.step()
    assert stream.getvalue() == "\rgeocoding online 1/10 | 0.5/s | 0:18 left\x1b[K"


def test_a_provider_that_cannot_be_reached_is_not_asked_again(tmp_path, fake_time):
    # Nothing listens on the discard port: every retry is refused at once.
    with make("http://127.0.0.1:9", tmp_path, fake_time, max_retries=2) as online:
        with pytest.raises(OnlineProviderError, match="could not be reached 3 times"):
            online.geocode("Rukban")
        slept = len(fake_time.sleeps)
        with pytest.raises(OnlineProviderError, match="was not asked: it could not be reached"):
            online.geocode("Tower 22")
        assert len(fake_time.sleeps) == slept  # no retries, no waiting for the second name


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


# --- a name's time, and a provider that keeps failing --------------------------------------------


def test_the_time_one_name_may_take_is_bounded(tmp_path, fake_time):
    server = NominatimStandin(PLACES, default=Reply(500))
    with server, make(server.url, tmp_path, fake_time, max_retries=10, name_budget_s=10) as online:
        with pytest.raises(OnlineProviderError) as caught:
            online.geocode("Rukban")
    # Back-off 1, 2, 4 s; the next 8 s would take the name past its 10 s.
    assert fake_time.sleeps == [1.0, 2.0, 4.0]
    assert str(caught.value) == (
        f"'Rukban': provider nominatim at {server.url} answered HTTP 500 4 times; "
        "stopped trying after 7 s (at most 10 s a name)"
    )


def test_a_retry_after_beyond_the_names_time_fails_now(tmp_path, fake_time):
    script = [Reply(429, headers={"Retry-After": "5"}), Reply(429, headers={"Retry-After": "8"})]
    server = NominatimStandin(PLACES, script=script)
    with server, make(server.url, tmp_path, fake_time, name_budget_s=10) as online:
        with pytest.raises(OnlineProviderError, match="asks to wait 8 s; try later"):
            online.geocode("Rukban")
    assert fake_time.sleeps == [5]  # the first pause fitted and was honoured


def test_a_silent_server_is_given_up_after_three_failed_names(tmp_path, fake_time):
    server = NominatimStandin(PLACES, default=silence())
    notes = []
    names = ["Rukban", "At Tanf", "Tower 22", "Zaza", "Qaryatayn"]
    started = time.monotonic()
    with (
        server,
        make(
            server.url, tmp_path, fake_time, timeout_s=0.3, max_retries=1, notify=notes.append
        ) as online,
    ):
        rows = list(geocode_many(online, names))
        asked = len(server.searches)
        assert notes == []  # said once, when the run is over
    took = time.monotonic() - started
    errors = [error for _, _, error in rows]
    assert all(isinstance(e, OnlineProviderError) for e in errors)
    assert [str(e) for e in errors[:3]] == [
        f"'{n}': provider nominatim at {server.url} timed out 2 times" for n in names[:3]
    ]
    assert all(isinstance(e, OnlineNotAskedError) for e in errors[3:])
    assert not any(isinstance(e, OnlineNotAskedError) for e in errors[:3])
    assert asked == 6  # two tries for each of three names, none for the last two
    assert notes == ["nominatim: not asked for 2 names after 3 failures in a row"]
    assert took < 15


def test_an_answer_between_failures_starts_the_count_again(tmp_path, fake_time):
    refused = Reply(403, {"error": "blocked"})
    server = NominatimStandin(
        PLACES, script=[refused, refused, Reply(200, [RUKBAN])], default=refused
    )
    notes = []
    names = ["A", "B", "Rukban", "C", "D", "E", "F", "G"]
    with server, make(server.url, tmp_path, fake_time, notify=notes.append) as online:
        rows = list(geocode_many(online, names))
    kinds = [
        "found" if place else "not asked" if isinstance(error, OnlineNotAskedError) else "failed"
        for _, place, error in rows
    ]
    assert kinds == [
        "failed",
        "failed",
        "found",
        "failed",
        "failed",
        "failed",
        "not asked",
        "not asked",
    ]
    assert len(server.searches) == 6
    assert notes == ["nominatim: not asked for 2 names after 3 failures in a row"]


def test_names_not_asked_are_one_line_at_the_end(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path))
    names = ["Qwxzyville", "Qwxzytown", "Qwxzyburg", "Qwxzyfort", "Qwxzyport"]
    with NominatimStandin(PLACES, default=Reply(403, {"error": "blocked"})) as server:
        result = run_cli(["geocode", *names, "--online", "nominatim", "--online-url", server.url])
        asked = len(server.searches)
    assert result.exit_code == 1
    assert [f["geometry"] for f in map(json.loads, result.stdout.splitlines())] == [None] * 5
    assert result.stderr.splitlines() == [
        f"geo: '{name}': provider nominatim at {server.url} refused the request (answered HTTP 403)"
        for name in names[:3]
    ] + ["geo: nominatim: not asked for 2 names after 3 failures in a row"]
    assert asked == 3


def test_the_extract_resolver_says_the_names_not_asked_once(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path))
    with NominatimStandin(PLACES, default=Reply(403)) as server:
        with online_geocoder("nominatim", server.url) as online:
            assert [online.choose(n).place for n in ["A", "B", "C", "D"]] == [None] * 4
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 4 and all(line.startswith("geo: ") for line in lines)
    assert lines[-1] == "geo: nominatim: not asked for 1 name after 3 failures in a row"


# --- the cache: damaged rows, a damaged file, a busy file ----------------------------------------


DAMAGED_ROWS = {
    "broken-json": '{"type": "Feature", "geometry": {"type": "Poi',
    "not-an-object": "[1, 2]",
    "no-geometry": '{"type": "Feature", "properties": {"found": true}}',
    "lat-999": '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [38.7, 999]},'
    ' "properties": {"found": true}}',
    "coords-text": '{"type": "Feature", "geometry": {"type": "Point", "coordinates": ["a", "b"]},'
    ' "properties": {"found": true}}',
    "coords-NaN": '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [NaN, 1]},'
    ' "properties": {"found": true}}',
    "no-properties": '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}}',
}


@pytest.mark.parametrize("stored", DAMAGED_ROWS.values(), ids=DAMAGED_ROWS.keys())
def test_a_damaged_cached_answer_is_dropped_and_asked_again(stored, standin, tmp_path, fake_time):
    with make(standin.url, tmp_path, fake_time) as online:
        first = online.geocode("Rukban")
    with sqlite3.connect(tmp_path / "online.sqlite") as db:
        db.execute("UPDATE answers SET feature = ?", (stored,))
    db.close()
    notes = []
    with make(standin.url, tmp_path, fake_time, notify=notes.append) as online:
        assert online.geocode("Rukban") == first
        assert online.geocode("Rukban") == first
    assert len(standin.searches) == 2  # asked once more, then cached again
    assert notes == [
        f"online cache {tmp_path / 'online.sqlite'} held an unreadable answer "
        "for 'rukban'; it was dropped and asked again"
    ]
    with make(standin.url, tmp_path, fake_time) as online:
        assert online.geocode("Rukban") == first
    assert len(standin.searches) == 2


def test_a_damaged_cache_file_is_moved_aside_and_said_once(standin, tmp_path, fake_time):
    path = tmp_path / "online.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    notes = []
    with make(standin.url, tmp_path, fake_time, notify=notes.append) as online:
        assert online.geocode("Rukban")["properties"]["country"] == "JO"
        assert online.geocode("Rukban") is not None
    assert notes == [
        f"online cache {path} is damaged (file is not a database); moved it to "
        f"{path}.damaged and started a new one"
    ]
    assert (tmp_path / "online.sqlite.damaged").read_bytes().startswith(b"this is not")
    with make(standin.url, tmp_path, fake_time, notify=notes.append) as online:
        assert online.geocode("Rukban") is not None
    assert len(standin.searches) == 1  # the new cache works for the next run
    assert len(notes) == 1


def test_a_damaged_cache_file_on_the_command_line_is_a_geo_line(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path))
    (tmp_path / "online.sqlite").write_bytes(b"garbage" * 1000)
    with NominatimStandin({"qwxzyville": [place("Qwxzyville", 34.5, 39.5)]}) as server:
        result = run_cli(
            ["geocode", "Qwxzyville", "--online", "nominatim", "--online-url", server.url]
        )
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"geo: online cache {tmp_path / 'online.sqlite'} is damaged (file is not a database); "
        f"moved it to {tmp_path / 'online.sqlite.damaged'} and started a new one"
    ]


@pytest.mark.parametrize("lock", ["EXCLUSIVE", "IMMEDIATE"])
def test_a_busy_cache_costs_a_moment_and_one_line(lock, standin, tmp_path, fake_time):
    path = tmp_path / "online.sqlite"
    with make(standin.url, tmp_path, fake_time) as online:
        online.geocode("Rukban")
    other = sqlite3.connect(path, isolation_level=None)  # another process, as far as SQLite sees
    other.execute(f"BEGIN {lock}")
    other.execute("INSERT INTO answers VALUES ('x', 'y', 'z', '', NULL, 'now')")
    notes = []
    started = time.monotonic()
    try:
        with make(standin.url, tmp_path, fake_time, notify=notes.append) as online:
            rukban = online.geocode("Rukban")
            tanf = online.geocode("At Tanf")
            assert online.geocode("at tanf") == {
                **tanf,
                "properties": {**tanf["properties"], "query": "at tanf"},
            }  # remembered for this run
        took = time.monotonic() - started
    finally:
        other.close()  # and with it, its lock
    assert rukban["properties"]["country"] == "JO" and tanf["properties"]["country"] == "SY"
    assert took < 10  # SQLite's own wait was 30 s a statement
    assert notes == [
        f"online cache {path} is busy (another process holds it); answers this run are not cached"
    ]
    # A write lock still lets the cache be read; an exclusive one does not.
    assert len(standin.searches) == (3 if lock == "EXCLUSIVE" else 2)
    with make(standin.url, tmp_path, fake_time) as online:
        online.geocode("At Tanf")  # not cached by the busy run: asked again
    assert len(standin.searches) == (4 if lock == "EXCLUSIVE" else 3)


def test_a_cache_that_cannot_be_opened_is_one_note_and_costs_requests(standin, tmp_path, fake_time):
    (tmp_path / "online.sqlite").mkdir()  # a folder where the file should be
    notes = []
    with make(standin.url, tmp_path, fake_time, notify=notes.append) as online:
        assert online.geocode("Rukban") is not None
        assert online.geocode("Rukban") is not None
    assert len(standin.searches) == 1  # remembered for the run all the same
    assert notes == [
        f"online cache {tmp_path / 'online.sqlite'} is unusable (unable to open "
        "database file); answers this run are not cached"
    ]
