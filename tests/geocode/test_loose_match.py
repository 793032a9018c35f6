"""The loose spelling match finds transliterations, not nonsense or English words."""

import os
import subprocess
import sys

import pytest

from geo.extract.places import find_place_mentions
from geo.geocode.gazetteer import default_gazetteer
from geo.geocode.lookup import geocode
from tests.helpers import ROOT

# Spellings news writes that no gazetteer entry has exactly, and the place each
# means (GeoNames names, ISO country). Several went to a namesake abroad before
# the match asked how near a spelling is (Qamishlo to Camaçari in Brazil,
# Telafar to Tariffville in the United States, Derbasiyah to Derby).
VARIANTS = [
    ("Albukamal", "Ālbū Kamāl", "SY"),
    ("Abukamal", "Ālbū Kamāl", "SY"),
    ("Boukamal", "Ālbū Kamāl", "SY"),
    ("Deir Ezzor", "Deir ez-Zor", "SY"),
    ("Dair al-Zour", "Deir ez-Zor", "SY"),
    ("Der Ez Zor", "Deir ez-Zor", "SY"),
    ("Deyrezzor", "Deir ez-Zor", "SY"),
    ("Qamishlo", "Al Qāmishlī", "SY"),
    ("Qamishly", "Al Qāmishlī", "SY"),
    ("Menbej", "Manbij", "SY"),
    ("Khan Shaykhoun", "Khān Shaykhūn", "SY"),
    ("Maaret al-Numan", "Ma‘arrat an Nu‘mān", "SY"),
    ("Derbasiyah", "Ad Darbāsīyah", "SY"),
    ("Bosra al-Sham", "Buşrá ash Shām", "SY"),
    ("Telafar", "Tall ‘Afar", "IQ"),
    ("Makhmour", "Mexmur", "IQ"),
    # oo and ee for long vowels.
    ("Tadmoor", "Tadmur", "SY"),
    ("Idleeb", "Idlib", "SY"),
    ("Tikreet", "Tikrīt", "IQ"),
    ("Qamishlee", "Al Qāmishlī", "SY"),
]

# Nonsense and English words that a place's consonants once matched (Room was
# Rom, a name of Rome; Door Győr; Been Bern).
NOT_PLACES = [
    "Qwertyville",
    "Blorpton",
    "Lorem",
    "Ipsum",
    "Room",
    "Door",
    "Good",
    "Been",
    "Keep",
    "Troops",
    "Northwest",
    "Southwest",
    "Southeast",
    "Eastern",
    "Northern",
    "Southern",
    "Coalition",
    "Statement",
    "Reuters",
    "Brigade",
    "Drones",
    "Predator",
    "Airbase",
    "Pentagon",
    "Kurdish",
]


@pytest.mark.parametrize(("query", "name", "country"), VARIANTS)
def test_transliterations_still_match_loosely_and_say_so(query, name, country):
    props = geocode(query)["properties"]
    assert (props.get("name"), props.get("country")) == (name, country)
    assert props["match"] == "loose"
    assert "spelling matched loosely" in props["chosen_because"]


def test_an_exact_name_is_not_called_loose():
    props = geocode("Abu Kamal")["properties"]
    assert props["found"] and "match" not in props


@pytest.mark.parametrize("query", NOT_PLACES)
def test_nonsense_and_english_words_are_not_found(query):
    props = geocode(query)["properties"]
    assert props["found"] is False, (props.get("name"), props.get("country"))


def test_geocode_says_a_nonsense_name_is_not_found():
    result = subprocess.run(
        [sys.executable, "-m", "geo.cli", "geocode", "Qwertyville"],
        cwd=ROOT,
        env=dict(os.environ),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["geo: 'Qwertyville': not found in the gazetteer"]
    assert '"found": false' in result.stdout


def _places(text: str) -> list[tuple[str, str, str]]:
    return [
        (m.span.text, m.place.name, m.place.country)
        for m in find_place_mentions(text, default_gazetteer())
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Room by room, troops searched the houses of Aleppo. Room was scarce.",
        # Compass words beside a country named: West and North East are towns
        # of the United States, North an alternate name of one.
        "The United States said the West would respond to the attack near Aleppo.",
        "The United States said so. North of Aleppo, militias fired.",
        "The United States said so. Northeast of Hama, militias fired.",
        "The United States said so. North-East of Hama, militias fired.",
        "The United States said so. North East of Hama, militias fired.",
        "U.S. officials said Northwest, Southeast and Eastern units moved near Aleppo.",
    ],
)
def test_words_of_the_text_are_no_places(text):
    found = _places(text)
    assert all(surface in ("Aleppo", "Hama", "United States") for surface, _, _ in found), found


def test_a_loose_spelling_beside_its_neighbours_is_still_found():
    found = _places("Kurdish forces in Hasakah said a drone struck Qamishlo on Monday.")
    assert ("Qamishlo", "Al Qāmishlī", "SY") in found
