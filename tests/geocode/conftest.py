"""Fixtures of the online tests: a fake clock, and a stand-in Nominatim serving PLACES."""

import pytest

from tests.geocode.nominatim_standin import NominatimStandin
from tests.geocode.online_support import PLACES, FakeTime


@pytest.fixture
def fake_time():
    return FakeTime()


@pytest.fixture
def standin():
    with NominatimStandin(PLACES) as server:
        yield server
