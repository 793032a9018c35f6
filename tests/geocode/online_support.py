"""What the online tests share: the places the stand-in serves, a fake clock, helpers."""

from click.testing import CliRunner

from geo.cli.main import cli
from geo.geocode.online import OnlineGeocoder
from tests.geocode.nominatim_standin import place

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
