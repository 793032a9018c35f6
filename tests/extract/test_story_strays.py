"""A town far from everything else a story names needs strong evidence to stand."""

import pytest

from geo.extract.places import PlaceFinder
from geo.geocode.gazetteer import default_gazetteer


@pytest.fixture(scope="module")
def finder():
    return PlaceFinder(default_gazetteer())


def _placed(finder, text: str) -> dict[str, tuple[str, str]]:
    return {m.span.text: (m.place.name, m.place.country) for m in finder.find(text)}


def test_an_alternate_name_of_a_far_town_is_dropped(finder):
    # "Boni" is one of Bonn's GeoNames alternate names; beside Malian towns it is not Bonn.
    placed = _placed(finder, "Militants attacked Boni, between Douentza and Hombori, in Mali.")
    # Not Bonn: the supplement's "Boni (Mali)", named so that it never overrides Bonn.
    assert placed["Boni"] == ("Boni (Mali)", "ML")
    assert placed["Douentza"][1] == "ML"


def test_a_far_town_in_another_language_is_dropped(finder):
    # "Truong Sa" is Changsha's Vietnamese name; a report from Da Nang means the Spratlys.
    placed = _placed(finder, "Fishermen from Da Nang and Quang Ngai sailed toward Truong Sa.")
    assert placed.get("Truong Sa", ("", ""))[0] != "Changsha"


def test_the_same_town_stands_by_its_own_name_or_beside_its_country(finder):
    assert _placed(finder, "Officials met in Bonn, Germany, and later in Kyiv.")["Bonn"][1] == "DE"
    # A city of a million by its own name needs no support.
    assert _placed(finder, "Drones hit Kharkiv overnight, officials in Beijing said.")[
        "Beijing"
    ] == ("Beijing", "CN")


def test_a_story_of_one_place_keeps_it(finder):
    assert _placed(finder, "A rally was held in Bonn on Sunday.")["Bonn"][1] == "DE"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Mr Tripoli said the ceasefire held in Gaza.", ["Gaza"]),
        ("Spokesman John Kirby said missiles hit a ship near Aden.", ["Aden"]),
        ("Army spokesman Brigadier Nabil al-Kordofani said Omdurman held.", ["Omdurman"]),
        ("Lieutenant General Aleppo said so.", []),
        # A title that begins a place's name is that place.
        ("General Santos lies in the Philippines.", ["General Santos", "Philippines"]),
        ("Jets took off from King Faisal Air Base in Jordan.", ["King Faisal Air Base", "Jordan"]),
    ],
)
def test_a_name_after_a_title_is_a_person_not_a_place(finder, text, names):
    assert [m.span.text for m in finder.find(text)] == names


@pytest.mark.parametrize(
    "text",
    [
        "Officials in Geneva said drones struck Avdiivka overnight.",
        "US officials in Washington said a ship was hit off Hodeidah.",
        "The drone was launched from Sanaa and struck Eilat.",
        "Officials in Jerusalem said jets struck Natanz.",
    ],
)
def test_two_far_places_of_one_story_are_both_kept(finder, text):
    # No cluster to stray from: both places stand.
    assert len([m for m in finder.find(text) if not m.place.is_country]) == 2


def test_a_persons_name_named_again_alone_is_still_the_person(finder):
    text = (
        "Navy spokeswoman Captain Natalia Kovel spoke in Odesa, the Ukrainian port. "
        "Kovel said the ship was towed away."
    )
    assert "Kovel" not in [m.span.text for m in finder.find(text)]


def test_a_countrys_adjective_names_it_for_the_towns_of_the_story(finder):
    # "Northern State" is a division of common words: it needs its country named,
    # and "the Sudanese army" names Sudan.
    placed = _placed(finder, "The Sudanese army said it retook towns in Northern State.")
    assert placed["Northern State"][1] == "SD"


@pytest.mark.parametrize(
    ("text", "name", "place"),
    [
        (
            "Gunmen attacked Solhan, near Sebba and Dori, overnight.",
            "Solhan",
            "Solhan (Burkina Faso)",
        ),
        ("Militants attacked Boni and Douentza.", "Boni", "Boni (Mali)"),
        # Lower-case "general" and "chief" are no titles: the place stands.
        ("Fighting continued in the general Bakhmut area.", "Bakhmut", "Bakhmut"),
    ],
)
def test_a_qualified_supplement_row_is_the_place_beside_its_country(finder, text, name, place):
    assert _placed(finder, text)[name][0] == place


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Shelling hit Kfar Kila and Houla near Naqoura in southern Lebanon.", "LB"),
        ("Government forces shelled Houla near Homs in Syria.", "SY"),
    ],
)
def test_one_name_two_countries_the_story_decides(finder, text, country):
    assert _placed(finder, text)["Houla"][1] == country


def test_a_part_told_with_its_place_lies_near_it():
    from geo.extract.places import find_place_mentions
    from geo.geocode.gazetteer import default_gazetteer

    found = find_place_mentions(
        "A bomber struck a restaurant on Mogadishu's Lido beach in Somalia.", default_gazetteer()
    )
    assert "Lido" not in [m.span.text for m in found]
    assert "Mogadishu" in [m.span.text for m in found]


def test_a_language_is_no_country_of_the_story():
    from geo.extract.places import find_place_mentions
    from geo.geocode.gazetteer import default_gazetteer

    found = find_place_mentions(
        "CUCUTA (translated from Spanish) - Fighting spread from Tibu to Convencion, and "
        "thousands fled to Ocana.",
        default_gazetteer(),
    )
    assert {m.place.country for m in found if m.span.text == "Ocana"} == {"CO"}


def test_a_name_written_again_is_no_evidence_for_its_own_reading(finder):
    # "Smara" is also one of Samara's (Russia) names; written three times, the
    # out-of-context reading must not count as a place near itself.
    text = (
        "Projectiles hit Smara on Sunday. The UN mission is investigating the Smara attack. "
        "Residents of Smara said the Moroccan army had closed the roads."
    )
    assert _placed(finder, text)["Smara"] == ("Smara", "MA")


def test_an_adjective_that_also_spells_some_name_still_names_its_country(finder):
    # "Moroccan" is a loose spelling of some gazetteer name; it still says Morocco.
    _, adjectives = finder.read("A Moroccan radar post was shelled.")
    assert "MA" in adjectives


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Members of the Zaïre militia fought CODECO fighters near Djugu.", "Zaïre"),
        ("Soldiers of the Kharkiv brigade repelled an assault near Vovchansk.", "Kharkiv"),
    ],
)
def test_a_name_that_names_a_militia_or_a_unit_is_no_place(finder, text, name):
    assert name not in _placed(finder, text)
