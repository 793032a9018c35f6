"""geo.geocode.online against a stand-in Nominatim on 127.0.0.1: retries, pacing, errors."""

import io
import json
import time

import pytest

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
    hang,
    silence,
)
from tests.geocode.online_support import PLACES, RUKBAN, FakeTime, make, run_cli

pytestmark = pytest.mark.slow  # processes, browsers or servers: `-m "not slow"` leaves it out


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
