"""Geocoders composed: the offline one first, the online one only for what it leaves."""

from __future__ import annotations

import pytest

from geo.errors import OnlineNotAskedError, OnlineProviderError
from geo.geocode.chain import chain, reporting
from geo.geocode.gazetteer import Gazetteer
from geo.geocode.lookup import choice_feature, choose_batch
from geo.geocode.place import Choice, Place
from geo.geocode.protocol import NO_CONTEXT, Context, Geocoder


class Fake:
    """A geocoder that knows a few names and writes down what it was asked."""

    def __init__(
        self, name: str, known: dict[str, Place], fails: dict[str, Exception] | None = None
    ):
        self.name = name
        self.known = known
        self.fails = fails or {}
        self.asked: list[tuple[str, Context]] = []

    def choose(self, name: str, context: Context = NO_CONTEXT) -> Choice:
        self.asked.append((name, context))
        if name in self.fails:
            raise self.fails[name]
        place = self.known.get(name)
        if place is None:
            return Choice(None, geocoder=self.name)
        return Choice(place, (place,), f"known to {self.name}", geocoder=self.name)


def _place(id_: str, lon: float, lat: float) -> Place:
    return Place(id_, id_, "SY", "town", lat=lat, lon=lon)


ALEPPO = _place("offline:aleppo", 37.16, 36.2)
ALEPPO_ONLINE = _place("online:aleppo", 37.0, 36.0)
RUKBAN = _place("online:rukban", 38.7, 33.3)


def test_fakes_and_the_real_ones_are_geocoders():
    geocoders: list[Geocoder] = [Fake("a", {}), chain(Fake("a", {}), Fake("b", {}))]
    geocoders.append(Gazetteer([ALEPPO]))
    assert [g.name for g in geocoders] == ["a", "a, then b", "gazetteer"]


def test_a_name_the_offline_geocoder_knows_never_reaches_the_online_one():
    offline, online = Fake("offline", {"Aleppo": ALEPPO}), Fake("online", {"Aleppo": ALEPPO_ONLINE})
    choice = chain(offline, online).choose("Aleppo", Context(countries=("SY",)))
    assert choice.place == ALEPPO and choice.geocoder == "offline"
    assert offline.asked == [("Aleppo", Context(countries=("SY",)))]
    assert online.asked == []


def test_the_online_geocoder_answers_what_the_offline_one_cannot_in_the_same_context():
    offline, online = Fake("offline", {"Aleppo": ALEPPO}), Fake("online", {"Rukban": RUKBAN})
    context = Context(only_in=("JO", "SY"))
    choice = chain(offline, online).choose("Rukban", context)
    assert choice.place == RUKBAN and choice.geocoder == "online"
    assert offline.asked == [("Rukban", context)] and online.asked == [("Rukban", context)]


def test_what_neither_knows_is_not_found_and_without_online_the_offline_answer_stands():
    offline, online = Fake("offline", {}), Fake("online", {})
    assert chain(offline, online).choose("Qwxzyville").place is None
    assert chain(offline).choose("Qwxzyville") == Choice(None, geocoder="offline")
    assert len(online.asked) == 1


def test_all_names_are_read_offline_before_the_first_is_asked_online():
    calls: list[str] = []

    class Logged(Fake):
        def choose(self, name: str, context: Context = NO_CONTEXT) -> Choice:
            calls.append(f"{self.name}:{name}")
            return super().choose(name, context)

    geocoder = chain(Logged("offline", {"Aleppo": ALEPPO}), Logged("online", {"Rukban": RUKBAN}))
    asked = [(n, NO_CONTEXT) for n in ["Rukban", "Aleppo", "Zaza", "Rukban"]]
    choices = geocoder.choose_all(asked)
    assert [c.place for c in choices] == [RUKBAN, ALEPPO, None, RUKBAN]
    assert calls == [
        "offline:Rukban",
        "offline:Aleppo",
        "offline:Zaza",
        "offline:Rukban",
        "online:Rukban",
        "online:Zaza",
        "online:Rukban",
    ]


def test_offline_choices_already_made_are_not_made_again():
    offline, online = Fake("offline", {}), Fake("online", {"Rukban": RUKBAN})
    made = [Choice(ALEPPO, (ALEPPO,), geocoder="offline"), Choice(None)]
    choices = chain(offline, online).choose_all(
        [("Aleppo", NO_CONTEXT), ("Rukban", NO_CONTEXT)], offline=made
    )
    assert [c.place for c in choices] == [ALEPPO, RUKBAN]
    assert offline.asked == [] and [n for n, _ in online.asked] == ["Rukban"]


def test_a_failure_raises_unless_reported_and_then_is_no_not_found():
    failure = OnlineProviderError("'Rukban': provider fake at x timed out 5 times")
    online = Fake("online", {}, fails={"Rukban": failure, "Zaza": OnlineNotAskedError("z")})
    with pytest.raises(OnlineProviderError):
        chain(Fake("offline", {}), online).choose("Rukban")
    said: list[str] = []
    geocoder = chain(Fake("offline", {}), reporting(online, said.append))
    rukban, zaza = geocoder.choose("Rukban"), geocoder.choose("Zaza")
    assert rukban.failed and rukban.place is None and rukban.geocoder == "online"
    assert zaza.failed and zaza.place is None
    # A name not asked is said once, by the provider when it closes, not here.
    assert said == [str(failure)]


def test_a_batch_of_names_reads_them_together_and_asks_online_only_the_rest():
    homs = Place("x:homs", "Homs", "SY", "city", lat=34.73, lon=36.71, population=700_000)
    tadmur = Place("x:tadmur", "Palmyra", "SY", "city", lat=34.56, lon=38.28, population=50_000)
    palmyra_us = Place(
        "x:palmyra-us", "Palmyra", "US", "city", lat=40.0, lon=-75.0, population=60_000
    )
    gazetteer = Gazetteer([homs, tadmur, palmyra_us])
    online = Fake("online", {"Rukban": RUKBAN})
    choices = choose_batch(["Palmyra", "Homs", "Rukban"], gazetteer=gazetteer, online=online)
    assert [c.place for c in choices] == [tadmur, homs, RUKBAN]
    [(name, context)] = online.asked
    assert name == "Rukban" and context.near == ((36.71, 34.73),)  # (lon, lat), as everywhere
    alone = choose_batch(["Palmyra"], gazetteer=gazetteer, online=online)
    assert alone[0].place == palmyra_us and len(online.asked) == 1


def test_an_online_choice_is_the_providers_answer_feature():
    place = Place("nominatim:node/9", "Qwxzyville", "", "", lat=34.5, lon=39.5, source="http://x")
    feature = choice_feature("qwxzyville", Choice(place, (place,), geocoder="nominatim"))
    assert feature["geometry"] == {"type": "Point", "coordinates": [39.5, 34.5]}
    assert feature["properties"] == {
        "kind": "place",
        "name": "Qwxzyville",
        "country": None,
        "gazetteer_id": "nominatim:node/9",
        "place_type": None,
        "gazetteer_source": "http://x",
        "provider": "nominatim",
        "query": "qwxzyville",
        "found": True,
        "candidates": 1,
    }
