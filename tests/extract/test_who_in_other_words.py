"""Who did it, told in other words than a subject before its verb.

An owner named before a weapon type, an acronym between a group and its
fighters, an attack repelled whose attackers a later claim names, a blame,
"strikes ... also hit" after an air strike, settlers, an army by its acronym.
"""

import pytest

from tests.helpers import incidents_read


def _typed(text: str) -> list[tuple[str, str, str | None, str | None]]:
    return incidents_read(text, "2025-01-19")


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        # The owner before the type, not the type's usual flier (the F-16 for the US).
        (
            "On Sunday, Iraqi Air Force F-16 aircraft struck a Daesh hideout near Tuz Khurmatu, "
            "killing five terrorists.",
            "Military Forces of Iraq",
        ),
        (
            "A Ukrainian F-16 struck a command post near Tokmak on Sunday.",
            "Military Forces of Ukraine",
        ),
        # An acronym in brackets between the group and its fighters.
        (
            "Tehreek-e-Taliban Pakistan (TTP) fighters attacked a checkpost near Wana on "
            "Saturday, killing 16 soldiers.",
            "TTP: Tehreek-i-Taliban Pakistan",
        ),
        (
            "Two cars were set on fire by settlers in Qaryut, south of Nablus, on Saturday night.",
            "Settlers (Israel)",
        ),
        (
            "US AFRICOM said it carried out an airstrike against al-Shabaab approx 35 km NE of "
            "Jilib on Sunday.",
            "Military Forces of the United States",
        ),
    ],
)
def test_who_acted(text, actor1):
    assert [a1 for _, _, a1, _ in _typed(text)] == [actor1]


def test_an_attack_repelled_is_the_attackers_on_the_repellers():
    (found,) = _typed(
        "The army said the FAMa had repelled a complex terrorist attack on their camp in "
        "Douentza on Friday. The attack was claimed the same day by JNIM."
    )
    assert found[2:] == ("JNIM: Group for Support of Islam and Muslims", "Military Forces of Mali")


def test_an_attack_repelled_with_its_attackers_named_by_by():
    (found,) = _typed(
        "The army repelled an attack by al-Shabaab militants on a base in Lower Shabelle on "
        "Saturday."
    )
    assert found[2:] == ("Al Shabaab", "Military Forces of Somalia")


def test_who_is_blamed_in_a_later_sentence_did_it():
    (found,) = _typed(
        "Four police officers were killed on Saturday when their vehicle hit an improvised "
        "explosive device about 12 km south of El Wak, police said. County police commander "
        "James Otieno blamed al-Shabaab militants."
    )
    assert found[2] == "Al Shabaab"


def test_strikes_that_also_hit_are_more_of_the_strikes_told():
    found = _typed(
        "Israeli warplanes struck a residential building in Tyre on Sunday, killing seven "
        "people, the health ministry said.\n\nStrikes overnight also hit the outskirts of "
        "Nabatieh, the civil defence said."
    )
    assert [(sub, a1) for sub, _, a1, _ in found] == [
        ("Air/drone strike", "Military Forces of Israel"),
        ("Air/drone strike", "Military Forces of Israel"),
    ]


def test_a_salvo_fired_at_a_place_is_a_shelling():
    found = _typed(
        "Hezbollah said it had fired a salvo of rockets at an army base near Kiryat Shmona on "
        "Saturday evening."
    )
    assert found[0][0] == "Shelling/artillery/missile attack" and found[0][2] == "Hezbollah"


def test_a_name_written_is_the_places_own_among_the_countries_named():
    # Engels (Russia) was Pokrovsk until 1914; both countries are named.
    (found,) = _typed("Ukrainian forces repelled a Russian assault near Pokrovsk on Sunday.")
    assert found[1] == "Pokrovsk"


def test_unnamed_fighters_hit_are_the_one_group_the_report_names():
    found = _typed(
        "JNIM fighters attacked an army post near Boni on Thursday. On Saturday, the army said "
        "its drones struck militants fleeing north of Douentza in Mali, killing twelve."
    )
    assert found[-1][3] == "JNIM: Group for Support of Islam and Muslims"


def test_unnamed_fighters_stay_unidentified_beside_two_groups():
    found = _typed(
        "JNIM fighters attacked an army post near Boni on Thursday, and Islamic State Sahel "
        "Province fighters raided Menaka. On Saturday, the army said its drones struck "
        "militants fleeing north of Douentza in Mali, killing twelve."
    )
    assert found[-1][3] == "Unidentified Armed Group (Mali)"


def test_unnamed_attackers_are_not_given_the_reports_group():
    found = _typed(
        "JNIM claimed an attack on Boni on Thursday. On Saturday, gunmen attacked a bus near "
        "Douentza in Mali, killing four passengers."
    )
    assert found[-1][2] == "Unidentified Armed Group (Mali)"


def test_two_sides_joined_by_and_before_a_verb_of_fighting():
    (found,) = _typed(
        "Yesterday, the Ethiopian National Defence Force (ENDF) and the OLA fought for several "
        "hours on the outskirts of Dembi Dolo."
    )
    assert found[2:] == ("Military Forces of Ethiopia", "Oromo Liberation Army")


def test_the_first_side_named_by_one_of_its_units():
    (found,) = _typed(
        "In Nyala, the army's 16th Infantry Division and the RSF fought in the city's western "
        "neighbourhoods overnight."
    )
    assert found[2:] == ("Military Forces of Sudan", "RSF: Rapid Support Forces")


def test_a_cartel_named_after_planted_by_did_it():
    (found,) = _typed(
        "On Sunday, an explosive device planted by the Jalisco New Generation Cartel wounded two "
        "soldiers near Aguililla in Mexico."
    )
    assert found[2] == "CJNG: Jalisco New Generation Cartel"


@pytest.mark.parametrize(
    "text",
    [
        "A junta fighter jet bombed a monastery in Kyauktaw township in Myanmar on Sunday.",
        "A drone strike hit a bus station in Bahir Dar in Ethiopia on Sunday.",
        "Armed youth raided a cattle camp near Leer in South Sudan on Sunday.",
    ],
)
def test_a_place_of_worship_gathering_or_living_is_the_civilians(text):
    (found,) = _typed(text)
    assert found[3] is not None and found[3].startswith("Civilians")


def test_a_paramilitary_under_the_armys_command_is_the_states_forces():
    (found,) = _typed("Assam Rifles troops exchanged fire with armed men near Moreh in India.")
    assert found[2] == "Military Forces of India"


def test_a_pronoun_goes_on_with_the_doer_told_last_whatever_it_did():
    found = _typed(
        "RSF fighters attacked an army base in El Fasher in Sudan on Saturday. On Sunday they "
        "shelled the Abu Shouk camp, killing five people."
    )
    assert [a1 for _, _, a1, _ in found] == ["RSF: Rapid Support Forces"] * 2


def test_drones_launched_at_a_ship_are_an_event():
    found = _typed(
        "The Houthis fired two missiles at a tanker in the Red Sea on Saturday. The group also "
        "launched drones at a bulk carrier off Hodeidah on Sunday."
    )
    assert [sub for sub, *_ in found][-1] == "Air/drone strike"


def test_a_nights_count_of_drones_launched_at_a_country_is_told_by_its_hits():
    found = _typed(
        "Russian forces launched 120 drones and 8 missiles at Ukraine overnight, the air force "
        "said. A missile hit an apartment block in Dnipro, killing four people."
    )
    assert [(sub, place) for sub, place, _, _ in found] == [
        ("Shelling/artillery/missile attack", "Dnipro")
    ]


def test_fighters_a_teller_calls_its_own_are_the_tellers():
    (found,) = _typed("Hamas said its fighters had blown up an Israeli tank in Jabalia on Sunday.")
    assert (found[0], found[2]) == ("Remote explosive/landmine/IED", "Hamas Movement")


def test_the_army_that_says_its_soldiers_killed_militants_did_it():
    (found,) = _typed(
        "The army said its soldiers killed four militants near Boni in Mali on Sunday."
    )
    assert found[2:] == ("Military Forces of Mali", "Unidentified Armed Group (Mali)")


def test_soldiers_killed_when_their_vehicle_struck_a_mine_are_its_target():
    (found,) = _typed(
        "Three Nigerien soldiers were killed on Sunday when their vehicle struck a landmine "
        "near Tillaberi."
    )
    assert found[3] == "Military Forces of Niger"


def test_two_armies_by_their_adjectives_before_a_verb_of_fighting():
    (found,) = _typed(
        "Indian and Pakistani troops exchanged fire along the Line of Control in Poonch on Sunday."
    )
    assert found[2:] == ("Military Forces of India", "Military Forces of Pakistan")


def test_a_drone_attack_named_by_its_owners_adjective():
    (found,) = _typed(
        "A Ukrainian drone attack sparked a fire at an oil depot in Russia's Bryansk region "
        "overnight, the governor said."
    )
    assert found[2] == "Military Forces of Ukraine"


def test_a_village_one_army_takes_in_another_country_is_taken_from_its_forces():
    (found,) = _typed(
        "Russian troops captured the village of Novoselivka in Donetsk region, the Russian "
        "defence ministry said on Sunday."
    )
    assert found[2:] == ("Military Forces of Russia", "Military Forces of Ukraine")
