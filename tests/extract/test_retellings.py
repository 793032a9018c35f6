"""One event told again in other words, or with what its doers did besides, is one incident.

"killed 14 villagers and abducted 30 others" is one attack; "The assailants,
who came on motorcycles, also looted" more of it; "the governor attributed
the bombing to Boko Haram" and "The army said it had hit militia positions"
tell again the event just told. A sentence with a place or a day of its own
still tells an event of its own.
"""

import pytest

from geo.extract.batch import extract
from geo.read.articles import article_from_text
from tests.helpers import of_kind


def _incidents(text: str) -> list[dict]:
    article = article_from_text(f"date 2024-06-12 {text}", "t.txt", default_date=None)
    return [f["properties"] for f in of_kind(extract([article]).collection, "incident")]


def _typed(text: str) -> list[tuple[str, str, str]]:
    return [(p["event_type"], p["sub_event_type"], p["place"]) for p in _incidents(text)]


def test_killing_and_abducting_in_one_clause_is_one_attack():
    assert _typed(
        "Boko Haram fighters killed four civilians and abducted about ten women in a village "
        "near Maiduguri on Sunday."
    ) == [("Violence against civilians", "Attack", "Maiduguri")]


def test_an_abduction_told_in_a_clause_of_its_own_is_an_event():
    found = _typed(
        "Boko Haram fighters killed four civilians in a village near Maiduguri on Sunday. "
        "On Monday, gunmen abducted a priest in Biu."
    )
    assert ("Violence against civilians", "Abduction/forced disappearance", "Biu") in found
    assert len(found) == 2


def test_arrests_and_seizures_in_one_clause_are_one_arrest():
    assert _typed(
        "Soldiers arrested nine suspected oil thieves and seized two boats laden with crude "
        "near Bonny on Tuesday."
    ) == [("Strategic developments", "Arrests", "Bonny")]


def test_what_the_assailants_also_did_after_a_relative_clause_is_the_same_event():
    found = _typed(
        "Gunmen killed four civilians in a village near Maiduguri on Sunday night. The assailants, "
        "who arrived on motorcycles, also looted food stocks and burned some twenty huts before "
        "withdrawing."
    )
    assert found == [("Violence against civilians", "Attack", "Maiduguri")]


def test_the_bombing_attributed_to_a_group_is_the_bombing_told_before():
    found = _incidents(
        "Yesterday afternoon, a suicide bomber blew herself up at the entrance to the market in "
        "Mokolo, killing three people. No group has claimed responsibility, but the governor "
        "attributed the bombing to Boko Haram."
    )
    assert [(p["sub_event_type"], p["place"]) for p in found] == [("Suicide bomb", "Mokolo")]


def test_the_doers_own_account_just_after_the_event_is_the_event():
    found = _incidents(
        "Government aircraft dropped barrel bombs on Malakal on Sunday night, killing at least "
        "21 people. The army said it had hit militia positions."
    )
    assert [(p["sub_event_type"], p["place"], p["date"]) for p in found] == [
        ("Air/drone strike", "Malakal", "2024-06-09")
    ]


def test_an_account_with_a_place_of_its_own_is_another_event():
    found = _incidents(
        "Government aircraft dropped barrel bombs on Malakal on Sunday night, killing at least "
        "21 people. The army said it had hit militia positions near Juba."
    )
    assert len(found) == 2


def test_killed_by_shells_is_shelling():
    assert _typed(
        "In Khan Younis, a fisherman was killed by shells fired from a navy boat yesterday, the "
        "health ministry said."
    ) == [("Explosions/Remote violence", "Shelling/artillery/missile attack", "Khān Yūnis")]


def test_killed_by_a_drone_is_a_drone_strike():
    assert _typed("Two farmers were killed by a drone near Kupiansk on Monday.") == [
        ("Explosions/Remote violence", "Air/drone strike", "Kupyansk")
    ]


def test_a_habit_told_several_words_after_the_verb_is_no_event():
    assert (
        _typed(
            "Troops of the two countries have exchanged fire across the Line of Control near "
            "Poonch almost every night."
        )
        == []
    )


def test_what_pirates_typically_do_is_no_event():
    assert _typed("Pirate gangs typically hold kidnapped crew in camps near Warri for weeks.") == []


def test_an_event_named_by_an_earlier_year_is_history():
    assert (
        _typed(
            "On Monday, the provincial court in Narathiwat sentenced two men to death for a 2023 "
            "bombing."
        )
        == []
    )


def test_an_event_named_by_this_year_is_still_an_event():
    assert (
        _typed("The 2024 bombing of the market in Narathiwat on Monday killed three people.") != []
    )


def test_where_the_doers_are_based_is_not_where_they_struck():
    assert [
        p["place"]
        for p in _incidents(
            "On Sunday night, troops based in Mandalay fired heavy artillery at villages near "
            "Sagaing."
        )
    ] == ["Sagaing"]


def test_a_motorcycle_loaded_with_explosives_is_a_bombing():
    assert _typed(
        "On Tuesday, a motorcycle loaded with explosives went off near the market in Popayan, "
        "wounding two people."
    ) == [("Explosions/Remote violence", "Remote explosive/landmine/IED", "Popayán")]


def test_shot_dead_is_a_killing_whoever_was_shot():
    assert _typed("On Sunday, gunmen shot dead a member of a village council in Maiduguri.") == [
        ("Violence against civilians", "Attack", "Maiduguri")
    ]


def test_a_sabotage_group_repelled_is_a_clash():
    assert _typed(
        "Ukrainian troops repelled a Russian sabotage and reconnaissance group near Sumy on Monday."
    ) == [("Battles", "Armed clash", "Sumy")]


def test_killing_some_of_the_attackers_just_told_is_the_same_attack():
    found = _typed(
        "Militants attacked an army checkpoint near El Arish on Monday. Our forces engaged them "
        "and killed five of the attackers, the army said."
    )
    assert found == [("Battles", "Armed clash", "Arīsh")]


def test_targets_listed_each_with_its_place_are_an_event_at_each():
    found = {
        p["place"]
        for p in _incidents(
            "Turkish drones struck an oil facility near Qamishli and a checkpoint of the Syrian "
            "Democratic Forces (SDF) on the outskirts of Amuda on Thursday."
        )
    }
    assert found == {"Al Qāmishlī", "‘Āmūdā"}


def test_a_teller_that_did_it_did_it_where_it_is():
    found = _incidents(
        "Counter-terrorism police in Lakki Marwat said they had seized 14 rockets from an "
        "abandoned compound yesterday. Kabul denied any link. Kabul said nothing else."
    )
    assert [p["place"] for p in found] == ["Lakki"]


def test_a_quoted_statement_of_the_event_just_told_is_that_event():
    found = _typed(
        "Militants attacked an army checkpoint about 12 km south of El Arish on Monday, the "
        'army said.\n\n"Takfiri elements attacked a security checkpoint south of the city of '
        'Arish with light weapons and rocket-propelled grenades," said the statement.'
    )
    assert len(found) == 1


def test_the_answer_in_one_exchange_is_that_exchange():
    found = _typed(
        "Indian troops shelled villages in the Hajira sector on Monday, targeting the civil "
        "population with artillery. In the Nakyal sector of Kotli district, a house and a mosque "
        "were damaged.\n\nPakistan Army troops responded effectively, targeting the Indian posts "
        "which initiated the fire, the press release said."
    )
    assert len(found) == 1


def test_a_quoted_statement_of_another_place_is_another_event():
    found = _typed(
        "Militants attacked an army checkpoint near El Arish on Monday. "
        '"Our forces also struck a hideout near Rafah," said the statement.'
    )
    assert len(found) == 2


def test_highlights_tell_the_story_in_shorthand_and_are_not_counted():
    found = _incidents(
        "HIGHLIGHTS\n- Drone strike on a market in Omdurman kills at least 21 civilians.\n"
        "- Fighting continues in Khartoum North.\n\nSITUATION OVERVIEW\nOn 11 June, a drone "
        "strike hit a busy vegetable market in Omdurman, killing at least 21 civilians."
    )
    assert [(p["place"], p["date"]) for p in found] == [("Omdurman", "2024-06-11")]


@pytest.mark.parametrize(
    "text",
    [
        "Russian drones struck Kherson overnight. Ukraine's air force said it had downed 83 of "
        "the 154 drones Russia launched.",
        "Hezbollah fired rockets at Kiryat Shmona on Monday. The Israeli military said most of "
        "the rockets were intercepted and nobody was hurt.",
    ],
)
def test_a_tally_of_a_salvo_shot_down_is_no_event_of_its_own(text):
    assert all(p["label"] != "shoot-down" for p in _incidents(text))


def test_air_defences_shooting_down_drones_is_still_an_event():
    found = _incidents("Air defences shot down three Ukrainian drones over Belgorod overnight.")
    assert [p["label"] for p in found] == ["shoot-down"]


def test_the_attack_repelled_or_claimed_is_the_attack_told_before():
    found = _incidents(
        "Militants attacked a gendarmerie post near Tillaberi on Sunday. The gendarmes repelled "
        "the attack; two of them were slightly wounded. The Islamic State claimed the attack on "
        "the post the same evening."
    )
    assert len(found) == 1


def test_missiles_that_reached_a_place_struck_it():
    found = _typed(
        "Iran launched more than 300 drones and missiles on Saturday night, and a handful of "
        "ballistic missiles reached the Nevatim airbase on Sunday."
    )
    assert (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "Nevatim Airbase",
    ) in found


def test_subjected_to_an_attack_is_the_attack_not_an_aim():
    found = _incidents(
        "The supply boat was subjected to water cannon attacks by China Coast Guard vessels at "
        "Second Thomas Shoal on Saturday."
    )
    assert [p["label"] for p in found] == ["harassment"]


def test_a_quoted_statement_of_another_kind_with_no_place_keeps_its_kind():
    found = _incidents(
        "Earlier in the day coalition aircraft carried out an airstrike on two vehicles near At "
        'Tanf on Thursday.\n\n"The pro-regime UAV was shot down by a U.S. aircraft after it '
        'dropped one of several weapons it was carrying," the statement said.'
    )
    assert sorted(p["label"] for p in found) == ["air strike", "shoot-down"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "Russian shelling killed two people on Tuesday, Kherson's military administration "
            "said.",
            "Kherson",
        ),
        ("Israeli strikes killed 20 people on Tuesday in Gaza's war-ravaged north.", "Gaza"),
    ],
)
def test_a_citys_administration_or_war_torn_part_is_still_the_city(text, place):
    assert any(place in (p["place"] or "") for p in _incidents(text))


def test_a_habit_in_a_relative_clause_does_not_undo_the_event():
    assert (
        _typed(
            "Russian forces shelled a bakery in Kherson where residents queue daily for bread, "
            "killing two people on Tuesday."
        )
        != []
    )


def test_driving_off_is_leaving_not_fighting():
    assert all(
        p["label"] != "clash"
        for p in _incidents("The attackers drove off towards the border on Monday.")
    )


def test_an_assault_fought_off_is_the_assault_told_before():
    assert (
        len(
            _incidents(
                "Russian forces attacked Avdiivka on Monday. Ukrainian troops fought off the "
                "assault."
            )
        )
        == 1
    )


def test_a_retaliation_with_strikes_is_a_strike_of_its_own():
    labels = sorted(
        p["label"]
        for p in _incidents(
            "Hezbollah fired dozens of rockets at Kiryat Shmona on Tuesday. Israel retaliated "
            "with air strikes on Khiam, the army said."
        )
    )
    assert "air strike" in labels and len(labels) == 2


def test_shooting_dead_an_armed_man_is_no_attack_on_civilians():
    found = _typed("Israeli troops shot dead a Palestinian gunman in Jenin on Monday.")
    assert all(t[0] != "Violence against civilians" for t in found)


def test_a_tally_with_no_salvo_told_before_is_the_event():
    assert (
        _incidents(
            "Ukrainian forces destroyed most of the Russian drones launched at Kyiv on Tuesday."
        )
        != []
    )


def test_missiles_that_reached_a_group_are_a_shipment_not_a_strike():
    assert (
        _typed(
            "Iranian missiles reached Hezbollah through Syria in 2023, officials said on Tuesday."
        )
        == []
    )


def test_key_points_told_in_sentences_over_a_shorter_rest_are_the_story():
    found = _incidents(
        "KEY POINTS\n- Army aircraft struck RSF positions in Omdurman on Tuesday. Residents said "
        "the bombs hit houses.\n- In Nyala, the army and the RSF fought overnight. Medics "
        "reported nine civilians killed.\n\nOUTLOOK\nFighting is likely to go on."
    )
    assert {p["place"] for p in found} >= {"Omdurman", "Nyala"}
