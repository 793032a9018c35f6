"""Targets told away from the verb: an aim after a comma, a target listed with its
own place after a country, a teller's voice that is no target, a group's short
name, and a target one telling of an event gives and another leaves out.
"""

from tests.helpers import incidents_read


def _read(text: str) -> list[tuple[str, str, str | None, str | None]]:
    return incidents_read(text, "2024-03-13")


def test_an_aim_after_a_comma_names_the_civilians_hit():
    found = _read(
        "Indian troops resorted to unprovoked ceasefire violations in the Hajira sector on "
        "Tuesday, deliberately targeting the civil population with artillery and mortars."
    )
    assert [(place, a1, a2) for _, place, a1, a2 in found] == [
        ("Hajira", "Military Forces of India", "Civilians (Pakistan)")
    ]


def test_the_military_media_wing_tells_and_is_no_target():
    found = _read(
        "Indian troops shelled villages in the Hajira sector on Tuesday, the military's "
        "media wing said."
    )
    assert [a2 for *_, a2 in found] != ["Military Forces of Pakistan"]
    assert [a1 for _, _, a1, _ in found] == ["Military Forces of India"]


def test_a_target_listed_with_its_place_after_a_country_is_an_incident_there():
    found = _read(
        "On Tuesday, Israeli jets struck Hezbollah launch posts in the areas of Yaroun and "
        "Maroun al-Ras in southern Lebanon, as well as a Hezbollah military structure in the "
        "area of Khiam."
    )
    assert sorted((place, a1, a2) for _, place, a1, a2 in found) == [
        ("Khiam", "Military Forces of Israel", "Hezbollah"),
        ("Maroun al-Ras", "Military Forces of Israel", "Hezbollah"),
        ("Yaroun", "Military Forces of Israel", "Hezbollah"),
    ]


def test_islamic_jihad_by_its_short_name():
    found = _read(
        "An Israeli air strike in Khan Younis on Tuesday killed two Islamic Jihad commanders."
    )
    assert [(a1, a2) for *_, a1, a2 in found] == [
        ("Military Forces of Israel", "PIJ: Palestinian Islamic Jihad")
    ]


def test_one_telling_gives_the_doer_another_the_target():
    # The first telling names who acted, the second what was hit (an airbase in
    # Crimea, held by Russia): the incident has both.
    found = _read(
        "On Tuesday Ukraine attacked the Saky airbase with drones, the Russian ministry said. "
        "Ukrainian officials said drones had hit an air-defence system at the Saky airbase "
        "on Tuesday."
    )
    assert [(a1, a2) for *_, a1, a2 in found] == [
        ("Military Forces of Ukraine", "Military Forces of Russia")
    ]


def test_commanders_killed_are_a_target_and_a_commander_who_speaks_tells():
    killed = _read("An Israeli air strike killed two Hamas commanders in Khan Younis on Tuesday.")
    told = _read(
        "An Israeli air strike hit Khan Younis on Tuesday, a Hamas commander in the city said."
    )
    assert [a2 for *_, a2 in killed] == ["Hamas Movement"]
    assert [a2 for *_, a2 in told] == [None]


def test_what_an_attack_answered_is_no_target_of_it():
    found = _read(
        "Militants in Gaza fired dozens of rockets at Sderot on Tuesday, the first response "
        "to Israeli air strikes on Monday."
    )
    assert [(a1, a2) for _, _, a1, a2 in found if a1 != "Military Forces of Israel"] != []
    assert all(a2 != "Military Forces of Israel" for *_, a2 in found)


def test_a_supply_boat_is_no_state_s_forces():
    found = _read(
        "A China Coast Guard vessel fired water cannon at a Philippine supply boat near "
        "Ayungin Shoal on Tuesday, injuring three crew."
    )
    assert [(a1, a2) for _, _, a1, a2 in found] == [
        ("China Coast Guard", "Civilians (Philippines)")
    ]


def test_an_attack_told_as_what_came_before_has_its_own_doer():
    found = _read("Israeli jets struck Gaza on Tuesday, hours after a rocket attack on Sderot.")
    sderot = [(a1, a2) for _, place, a1, a2 in found if place == "Sderot"]
    assert sderot and all(a1 != "Military Forces of Israel" for a1, _ in sderot)
    # Both sides of an exchange of fire are still the sentence's.
    found = _read(
        "Syrian troops shelled Sarmin on Tuesday after an exchange of fire with rebels near "
        "Saraqib."
    )
    assert all(a1 == "Military Forces of Syria" for *_, a1, _ in found)
