"""Reading regions and water bodies in reports: "the Kherson region" is no city of Kherson."""

import pytest

from geo.extract.places import PlaceFinder
from geo.geocode.gazetteer import default_gazetteer


@pytest.fixture(scope="module")
def finder():
    return PlaceFinder(default_gazetteer())


def _read(finder, text: str) -> dict[str, tuple[str, str]]:
    """Return each name read, as written, with the kind and country of the place it names."""
    return {m.span.text: (m.place.place_type, m.place.country) for m in finder.find(text)}


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Russian forces shelled the Kherson region overnight.", "Kherson region", "UA"),
        ("Drones struck Zaporizhzhia Oblast on Sunday.", "Zaporizhzhia Oblast", "UA"),
        ("Drones struck the Zaporizhzhia oblast on Sunday.", "Zaporizhzhia oblast", "UA"),
        ("Clashes spread across South Kordofan.", "South Kordofan", "SD"),
        ("Airstrikes hit Idlib governorate again.", "Idlib governorate", "SY"),
        ("Militants attacked in Deir ez-Zor province.", "Deir ez-Zor province", "SY"),
        ("A convoy was ambushed in the Tillaberi region of Niger.", "Tillaberi region", "NE"),
        ("RSF fighters entered North Darfur.", "North Darfur", "SD"),
        ("Boko Haram struck in Borno state.", "Borno state", "NG"),
        ("Shelling continued across the Donbas.", "Donbas", "UA"),
        ("Egypt sent troops into Sinai.", "Sinai", "EG"),
        ("Violence returned to Darfur.", "Darfur", "SD"),
        ("Troops raided towns in the West Bank.", "West Bank", "PS"),
        ("Russia's Belgorod region came under fire.", "Belgorod region", "RU"),
    ],
)
def test_a_division_or_area_is_read_as_the_region(finder, text, name, country):
    assert _read(finder, text)[name] == ("region", country)


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("A drone boat hit a ship in the Black Sea.", "Black Sea", "sea"),
        ("Iran seized a tanker in the Strait of Hormuz.", "Strait of Hormuz", "strait"),
        ("Houthis fired at a ship in the Gulf of Aden.", "Gulf of Aden", "gulf"),
        ("A tanker was hit in the Red Sea.", "Red Sea", "sea"),
        ("Ships avoid Bab el-Mandeb.", "Bab el-Mandeb", "strait"),
        ("Troops landed on Snake Island.", "Snake Island", "island"),
        ("Water cannon were used near Second Thomas Shoal.", "Second Thomas Shoal", "shoal"),
        ("Vessels massed around the Spratly Islands.", "Spratly Islands", "islands"),
        ("Artillery hit Yeonpyeong Island.", "Yeonpyeong Island", "island"),
    ],
)
def test_water_and_islands_are_read_as_what_they_are(finder, text, name, kind):
    assert _read(finder, text)[name][0] == kind


def test_the_town_and_its_region_are_two_places(finder):
    read = _read(finder, "Kherson was shelled, the head of the Kherson region said.")
    assert read["Kherson"] == ("city", "UA")
    assert read["Kherson region"] == ("region", "UA")


def test_names_before_a_plural_designator_share_it(finder):
    text = "Russia claims the Kherson, Zaporizhzhia and Donetsk regions."
    read = _read(finder, text)
    for name in ("Kherson", "Zaporizhzhia", "Donetsk regions"):
        assert read[name] == ("region", "UA"), name


def test_the_regions_capital_is_the_town(finder):
    read = _read(finder, "Missiles hit the Zaporizhzhia region capital.")
    assert read["Zaporizhzhia"] == ("city", "UA")


def test_a_designator_that_names_no_division_leaves_the_words_alone(finder):
    read = _read(finder, "The Islamic state group and a Gulf state said so.")
    assert all(kind != "region" for kind, _ in read.values())


def test_mentions_are_spans_of_the_text(finder):
    text = "Officials in the Donetsk and Luhansk regions said the Black Sea was calm."
    for mention in finder.find(text):
        assert text[mention.span.start : mention.span.end] == mention.span.text


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # A composite of four rayons (data/areas/composites.csv).
        ("The closure would isolate the Armenians of Karabakh.", "Karabakh", "AZ"),
        ("Shelling was reported in Nagorno-Karabakh on Monday.", "Nagorno-Karabakh", "AZ"),
        # Burkina Faso's regions: Natural Earth's first level there is the provinces.
        ("Gunmen attacked a convoy in the Sahel region of Burkina Faso.", "Sahel region", "BF"),
        # An area of the supplement that is no division.
        ("Rockets were fired at the Negev on Tuesday.", "Negev", "IL"),
    ],
)
def test_well_known_areas_are_regions(finder, text, name, country):
    found = _read(finder, text)
    assert name in found and found[name][1] == country
    from geo.geocode.areas import REGION_TYPES

    assert found[name][0] in REGION_TYPES


def test_the_people_of_a_place_are_no_longer_name_but_a_bank_of_a_country_is(finder):
    assert "Idlib" in _read(finder, "Aid was cut to the Syrians of Idlib.")
    assert "England" not in _read(finder, "A loan from the Bank of England arrived.")


def test_a_compass_word_and_a_seas_name_are_part_of_the_sea():
    from geo.extract.places import find_place_mentions
    from geo.geocode.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    got = find_place_mentions(
        "Vessels transiting the Southern Red Sea should stay alert.", gazetteer
    )
    assert [(pm.span.text, pm.place.place_type) for pm in got] == [("Southern Red Sea", "sea")]
    # With its designator the name is the division's.
    got = find_place_mentions("Strikes hit the Southern Red Sea Region of Eritrea.", gazetteer)
    assert got[0].place.place_type == "region"


def test_a_divisions_bare_name_that_names_nothing_else_is_the_division(finder):
    names = {
        (m.span.text, m.place.name)
        for m in finder.find(
            "More than 120 drone attacks have been recorded in Cauca since January."
        )
    }
    assert names == {("Cauca", "Cauca Region")}


@pytest.mark.parametrize(
    "text",
    [
        "Boko Haram fighters attacked a military base in Borno, Nigeria's army said on Monday.",
        "Boko Haram fighters attacked Monguno in Borno on Monday.",
    ],
)
def test_a_bare_division_name_beats_a_village_abroad_when_the_story_is_near_it(finder, text):
    # Borno is also a village in Italy (its own name) and one of Borna's other names.
    assert _read(finder, text)["Borno"] == ("region", "NG")


def test_a_bare_division_name_does_not_displace_a_city_abroad_without_support(finder):
    # Saint Vincent's Charlotte parish does not take the name from the US city.
    assert _read(finder, "Protesters marched in Charlotte on Monday.")["Charlotte"] == (
        "city",
        "US",
    )


def test_a_bare_name_a_town_of_the_same_country_has_stays_the_town(finder):
    places = finder.find("Gunmen attacked a checkpoint in Sweida, in southern Syria, on Monday.")
    assert [m.place.place_type for m in places if m.span.text == "Sweida"] == ["city"]


def test_a_bare_name_of_water_is_not_the_division_named_after_it(finder):
    places = finder.find("A vessel reported an explosion in the SOUTHERN RED SEA on Monday.")
    assert all(m.place.place_type != "region" for m in places)


def test_the_one_division_of_a_generic_name_stands_without_its_country(finder):
    names = [m.place.name for m in finder.find("The governor of the Far North region said.")]
    assert names == ["Far North Region"]


def test_a_generic_division_name_shared_by_many_needs_its_country(finder):
    assert finder.find("Fighting was reported in the Northern region on Monday.") == []


def test_a_generic_division_name_with_its_designator_capitalised_stands_alone(finder):
    assert _read(finder, "Fighting spread across Unity State on Monday.") == {
        "Unity State": ("region", "SS")
    }


def test_a_generic_single_word_division_in_lower_case_needs_its_country(finder):
    assert _read(finder, "A Gulf state said so.") == {}


def test_a_country_named_for_its_forces_is_still_named(finder):
    assert _read(finder, "Russia's forces shelled Kharkiv on Monday.")["Russia"] == (
        "country",
        "RU",
    )


def test_a_country_named_for_its_army_chooses_its_town_of_a_shared_name(finder):
    # Bagh in Azad Kashmir, not Bag in Madhya Pradesh, beside Khuiratta.
    text = (
        "Indian troops fired on villages near Khuiratta, in India's words a reply. Pakistan Army "
        "troops shot down an Indian quadcopter in the Bagh sector."
    )
    assert _read(finder, text)["Bagh"] == ("city", "PK")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("KEY POINTS\n- In Nyala, the army fought overnight.", "Nyala"),
        ("Thread\n5/7 In Oudalan, gunmen stopped a bus near Gorom-Gorom.", "Oudalan"),
    ],
)
def test_a_capital_after_a_lists_point_or_a_threads_number_opens_a_sentence(finder, text, name):
    # "In" there opens the sentence: "In Nyala" is no longer name that holds Nyala.
    assert name in _read(finder, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Talks were held in Abu Dhabi on Monday.", "Abu Dhabi"),
        ("Fighters entered Abu Kamal in Syria on Monday.", "Abu Kamal"),
        ("On Monday, RSF fighters seized Abu Zabad after a day of fighting.", "Abu Zabad"),
    ],
)
def test_a_name_that_opens_with_abu_is_the_whole_name(finder, text, name):
    # Not the name without "Abu" ("Kamal", "Dis" in India), nor nothing.
    assert list(_read(finder, text))[:1] == [name]


def test_yemens_governorates_by_their_news_spellings():
    from geo.extract.places import find_place_mentions
    from geo.geocode.gazetteer import default_gazetteer

    text = "A drone strike hit a car near Habban in Shabwa province, and the Bekaa was struck."
    found = {pm.place.id for pm in find_place_mentions(text, default_gazetteer())}
    assert {"ne:admin1:YE:shabwah", "geo:beqaa-valley"} <= found


@pytest.mark.parametrize(
    "text",
    [
        "Troops clashed in Iligan and Marawi on Monday.",
        "Troops clashed in Marawi and Iligan on Monday.",
    ],
)
def test_a_name_no_anchor_supports_is_read_beside_the_towns_placed(finder, text):
    # Neither name is the only place of its name: the one reading of "Marawi"
    # near the Iligan the text placed is Marawi City, not the Marawi in Sudan.
    places = {pm.span.text: pm.place for pm in finder.find(text)}
    assert places["Marawi"].name == "Marawi City" and places["Marawi"].country == "PH"
    assert places["Iligan"].country == "PH"
