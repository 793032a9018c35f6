"""Event words of every kind: fighting, killings by office, devices planted, caches, hijackings.

And the history a verb can tell instead ("who have fought the government for
15 years"), and the witnesses who live where it happened.
"""

import pytest

from tests.helpers import incidents_read


def _typed(text: str) -> list[tuple[str, str, str | None, str | None]]:
    return incidents_read(text, "2024-04-18")


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        (
            "Yesterday, the army and the OLA fought for several hours on the outskirts of Dembi "
            "Dolo in Ethiopia.",
            "Armed clash",
        ),
        (
            "Fighters of the 444 Brigade were battling a rival militia in Tripoli on Tuesday.",
            "Armed clash",
        ),
        (
            "On Monday, gunmen shot dead a district administrator in Shambu in Ethiopia.",
            "Attack",
        ),
        (
            "On 11 April, a landmine planted by the Houthis exploded under a car in Maqbanah, "
            "west of Taiz, killing a man.",
            "Remote explosive/landmine/IED",
        ),
        (
            "Militia units found a cache of 40 rockets in farmland in Tarmiyah, north of "
            "Baghdad, on Monday.",
            "Disrupted weapons use",
        ),
        (
            "On Tuesday, regime troops burned around 200 houses in Ye-U in Myanmar.",
            "Looting/property destruction",
        ),
        (
            "On Monday, gunmen robbed a trader in Jos in Nigeria and shot him dead.",
            "Attack",
        ),
        (
            "On Monday, another drone bomb fell on a house near Moirang in Manipur, India.",
            "Air/drone strike",
        ),
        (
            "On Monday, a bomb damaged a section of railway track near Mach in Pakistan.",
            "Remote explosive/landmine/IED",
        ),
        (
            "Security forces killed four terrorists in an intelligence-based operation in "
            "Panjgur, Pakistan, on Monday.",
            "Armed clash",
        ),
        (
            "On Friday two deminers were wounded by a mine near Zangilan in Azerbaijan.",
            "Remote explosive/landmine/IED",
        ),
        (
            "A serviceman was wounded in a mine explosion near Agarak in Armenia on Monday.",
            "Remote explosive/landmine/IED",
        ),
        (
            "On Tuesday night, unidentified gunmen shot and injured a labourer in Shopian.",
            "Attack",
        ),
        (
            "The RSF said its fighters took away 17 men from Tawila in Sudan on Monday.",
            "Abduction/forced disappearance",
        ),
        (
            "On Monday a woman was wounded in Kherson by an explosive dropped from a drone.",
            "Air/drone strike",
        ),
        (
            "A 17-year-old was killed by Israeli tank fire in Jabalia in Gaza on Tuesday.",
            "Shelling/artillery/missile attack",
        ),
        (
            # Counted villages taken: the state's troops, in their own country.
            "On Friday, Azerbaijani troops took control of four villages of Gazakh district.",
            "Government regains territory",
        ),
    ],
)
def test_the_words_tell_the_event(text, sub_event_type):
    assert [sub for sub, *_ in _typed(text)] == [sub_event_type]


def test_a_vessel_hijacked_by_armed_men_is_their_act():
    (found,) = _typed(
        "Fishing dhow boarded and hijacked by six armed men in a skiff 40NM E of Eyl on Monday."
    )
    assert found[2] == "Unidentified Armed Group (Somalia)"


@pytest.mark.parametrize(
    "text",
    [
        "The militants, who have fought the federal government for more than 15 years, "
        "control much of southern Somalia.",
        "The militia, which fought alongside the army in 2021, refused to disarm in Lalibela.",
    ],
)
def test_a_history_of_fighting_is_no_event(text):
    assert _typed(text) == []


def test_residents_who_tell_of_it_live_where_it_happened():
    found = _typed(
        "Officials in Nekemte and Gimbi in Ethiopia have reported unrest in western Oromia. "
        "Residents of Nejo said a drone struck the weekly market on Sunday, killing nine "
        "people, Nekemte's hospital said."
    )
    assert [place for _, place, _, _ in found] == ["Nejo"]


def test_where_the_attackers_withdrew_to_is_not_where_they_attacked():
    (found,) = _typed(
        "Fighters ambushed an army convoy on Monday and withdrew towards Hombori; the convoy "
        "was travelling near Boni in Mali."
    )
    assert found[1] == "Boni (Mali)"


def test_an_accusation_does_not_hide_the_event_told_after_it():
    found = _typed(
        "Residents of Bafut in Cameroon accused the troops of reprisals after two soldiers were "
        "killed when an improvised explosive device went off under their vehicle on Sunday."
    )
    assert [sub for sub, *_ in found] == ["Remote explosive/landmine/IED"]


def test_a_crowd_that_does_one_thing_is_no_count_of_events():
    found = _typed(
        "On Sunday evening, hundreds of settlers stormed the town of Huwara in the West Bank, "
        "setting fire to some 30 houses."
    )
    assert [a1 for _, _, a1, _ in found] == ["Settlers (Israel)"]


@pytest.mark.parametrize(
    "text",
    [
        "The master of a tanker reported a missile splash about 1NM off the starboard beam, "
        "approx 40NM W of Al Khawkhah, on Wednesday. No damage.",
        "On Wednesday, approx 60NM SE of Aden, a container ship reported an explosion approx "
        "1NM off its port side. No injuries.",
    ],
)
def test_a_ship_s_report_of_a_splash_or_blast_off_its_side_is_a_missile_attack(text):
    found = _typed(text)
    assert [sub for sub, *_ in found] == ["Shelling/artillery/missile attack"]


def test_a_ship_rammed_three_times_in_one_encounter_is_one_event():
    found = _typed(
        "At 03:24 on Wednesday, China Coast Guard vessel 5205 rammed BRP Cape San Agustin "
        "three times approximately 80 nautical miles northwest of El Nido, Palawan."
    )
    assert [(place, a1) for _, place, a1, _ in found] == [
        ("about 80 nm NW of El Nido", "China Coast Guard")
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "On Wednesday, a Chinese maritime militia vessel sideswiped PCG vessel BRP Cabra "
            "near El Nido.",
            "Other",
        ),
        (
            "On Wednesday, a North Korean patrol boat crossed the Northern Limit Line near "
            "Yeonpyeong Island.",
            "Other",
        ),
    ],
)
def test_sideswiping_a_ship_and_crossing_the_sea_line_are_strategic_developments(text, kind):
    assert [sub for sub, *_ in _typed(text)] == [kind]


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        (
            "The Rapid Support Forces overran the army's 15th Infantry Division base in "
            "Ardamata on Wednesday.",
            "Non-state actor overtakes territory",
        ),
        (
            "RSF fighters went house to house in Ardamata on Wednesday, killing dozens of "
            "Masalit men.",
            "Attack",
        ),
        (
            "On Wednesday, shells fired from regime-held positions to the north landed on the "
            "edge of the camp at Rukban, killing two women.",
            "Shelling/artillery/missile attack",
        ),
        (
            "On Wednesday, two rockets fell in open areas near Kiryat Shmona, the army said.",
            "Shelling/artillery/missile attack",
        ),
    ],
)
def test_events_told_by_what_was_taken_killed_or_fell(text, sub_event_type):
    assert [sub for sub, *_ in _typed(text)] == [sub_event_type]


def test_a_place_taken_is_read_with_its_arabic_article():
    found = _typed(
        "Clashes went on in Deir ez-Zor province, Syria. The SDF said it had regained control "
        "of al-Busayrah on Wednesday evening."
    )
    assert "Non-state actor overtakes territory" in [sub for sub, *_ in found]
