"""Divisions that news names by other words than their designator, and far namesakes.

"the Belgorod regional governor", "the eastern Deir ez-Zor countryside",
"Djugu territory", "Lamu county" in a report on Kenya.
"""

from geo.extract.batch import extract
from geo.read.articles import article_from_text
from tests.helpers import of_kind


def _places(text: str) -> dict[str, tuple[str, str]]:
    """Return each place feature's name -> (place_type, country) for one report."""
    article = article_from_text(f"date 2024-07-03 {text}", "t.txt", default_date=None)
    return {
        f["properties"]["name"]: (f["properties"]["place_type"], f["properties"].get("country"))
        for f in of_kind(extract([article]).collection, "place")
    }


def test_a_regional_governor_names_the_region_not_its_city():
    found = _places(
        "A drone hit a car in Shebekino on Sunday, killing the driver, the Belgorod regional "
        "governor said."
    )
    assert found["Belgorodskaya Oblast"][0] == "region"
    assert "Belgorod" not in found


def test_regional_before_anything_but_a_governing_body_is_the_city():
    found = _places("Five wounded were taken to the Kharkiv regional hospital on Monday.")
    assert found.get("Kharkiv", ("", ""))[0] == "city"


def test_a_syrian_citys_countryside_is_its_governorate():
    found = _places(
        "Islamic State fighters attacked a checkpoint in the town of Dhiban in the eastern "
        "Deir ez-Zor countryside on Tuesday."
    )
    assert found["Dayr Az Zawr Governorate"][0] == "region"


def test_a_second_level_division_the_data_lacks_stands_at_its_town_as_a_region():
    found = _places(
        "Provincial authorities extended a curfew across Djugu territory. The Sumy regional "
        "military administration said Russian artillery shelled Krasnopillia."
    )
    assert found["Djugu territory"][0] == "region"
    assert found["Sumy Oblast"][0] == "region"


def test_a_division_far_from_every_other_place_is_the_namesake_town_near_them():
    # The Maldives' Laamu spells as Lamu; Kenya's counties are not in the data.
    found = _places(
        "Al-Shabaab fighters attacked a police post in Mandera on Sunday. Police in Garissa "
        "and Wajir were on alert. In Lamu county, police arrested two suspects in Mpeketoni."
    )
    assert found["Lamu county"][0] == "region"
    assert "Laamu Region" not in found


def test_a_division_near_the_other_places_stays_the_division():
    found = _places(
        "Jets struck Lashio and Hsenwi on Monday. Monitors recorded strikes in northern Shan "
        "State, and China urged a ceasefire."
    )
    assert found["Shan State"][0] == "region"


def test_a_word_quoted_alone_is_a_term_not_a_place():
    found = _places(
        'Fighters of the Oromo Liberation Army, which the government calls "Shene", abducted '
        "eight students near Nekemte in Ethiopia on Tuesday."
    )
    assert "Shonē" not in found and any(name.startswith("Nek") for name in found)


def test_a_portuguese_particle_joins_a_name_so_its_last_word_is_no_place_elsewhere():
    found = _places("Rwandan forces clashed with insurgents 15 km south of Mocímboa da Praia.")
    assert "Mocímboa da Praia" in found and "Praia" not in found


def test_an_arabic_surname_of_origin_is_no_place():
    found = _places(
        "Clashes broke out in Tripoli, Libya, on Monday after the 444th Brigade detained a "
        "commander from the west of the country, near Gharyan and Nalut. "
        "The council said al-Zintani had been handed over to a neutral party."
    )
    assert "Zintan" not in found and "Tripoli" in found


def test_the_waziristan_districts_stand_at_their_headquarters():
    found = _places(
        "Security forces killed 12 militants in North Waziristan on Monday, and a checkpost "
        "came under fire in South Waziristan in Pakistan."
    )
    assert found["North Waziristan"] == ("region", "PK")
    assert found["South Waziristan"] == ("region", "PK")
