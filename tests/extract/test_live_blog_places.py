"""Places as live blogs and locator phrases write them.

A live blog's entry opens after its time ("09:30 In Zawiya, ..."); a town
is told with where it lies ("Zawiya, about 45 km west of Tripoli"); a region
sets the scene for the place of the trigger's own clause; "Ye-U" ends in a
capital after its hyphen.
"""

import pytest

from geo.extract.batch import extract
from geo.read.articles import article_from_text
from tests.helpers import of_kind

BLOG = (
    "date 2025-05-13 Libya live\n"
    "09:30 In Zawiya, about 45 km west of Tripoli, gunmen abducted a member of the municipal "
    "council outside his home this morning.\n"
    "09:50 - In Chernihiv region, a Russian drone struck a car carrying a family near "
    "Semenivka, the regional administration said.\n"
)


def _collection(text: str) -> dict:
    return extract([article_from_text(text, "t.txt", default_date=None)]).collection


def test_a_word_after_a_blog_entrys_time_opens_its_sentence():
    names = {f["properties"]["name"] for f in of_kind(_collection(BLOG), "place")}
    assert "Zawiya" in names


def test_a_town_told_with_where_it_lies_is_the_events_place_not_the_offset():
    places = [f["properties"]["place"] for f in of_kind(_collection(BLOG), "incident")]
    assert places[0] == "Zawiya"


def test_a_region_setting_the_scene_yields_to_the_town_of_the_triggers_clause():
    places = [f["properties"]["place"] for f in of_kind(_collection(BLOG), "incident")]
    assert places[1] == "Semenivka"


def test_a_name_ending_in_a_capital_after_a_hyphen_is_read():
    text = "date 2024-12-10 Regime troops burned 200 houses in Ye-U in Myanmar on Thursday."
    names = {f["properties"]["name"] for f in of_kind(_collection(text), "place")}
    assert "Ye-u" in names or "Ye-U" in names


def test_days_counted_back_from_the_day_a_statement_was_made():
    text = (
        "date 2024-12-10 The Arakan Army announced on Sunday that it had captured the junta's "
        "last base in the area, after months of fighting.\n\n"
        "Two days earlier, regime jets bombed a village in Kyauktaw township in Myanmar, killing "
        "11 civilians.\n"
    )
    found = {
        f["properties"]["label"]: f["properties"]["date"]
        for f in of_kind(_collection(text), "incident")
    }
    # The capture is Sunday's; the air strike two days before the statement.
    assert found["air strike"] == "2024-12-06"
    assert found.get("territory", "2024-12-08") == "2024-12-08"


def test_a_place_and_date_line_under_a_communiques_title_is_its_dateline():
    from geo.extract.text import dateline

    text = (
        "SECURITY MEDIA CELL - STATEMENT (unofficial translation)\nBaghdad, 10 March 2025\n\n"
        "1. On Saturday night, militants attacked an army post south-west of Kirkuk."
    )
    found = dateline(text)
    assert found is not None and found.text.startswith("Baghdad")


def test_a_bylines_town_is_its_dateline():
    from geo.extract.text import dateline

    text = "Northern Frontier Daily\nBy Our Correspondent, MANDERA\n\nFour officers were killed."
    found = dateline(text)
    assert found is not None and found.text == "MANDERA"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            "Chenab Daily\nBy our correspondent | Bhaderwah\n\nFour soldiers were killed.",
            "Bhaderwah",
        ),
        (
            "Sabastiya Post\nNablus - by our correspondent Khaled Duma\n\nForces stormed a camp.",
            "Nablus",
        ),
        (
            "PRESS RELEASE No PR-219/2025 | Rawalpindi, 20 November 2025\n\nTroops fired.",
            "Rawalpindi",
        ),
        (
            "KURA TV (transcript)\n\nPRESENTER: Good evening. Our correspondent Nigar Mammadova is "
            "reporting from Gazakh.\n\nMAMMADOVA: Troops took control of four villages.",
            "Gazakh",
        ),
    ],
)
def test_a_bylines_town_a_release_line_and_a_correspondents_post_are_datelines(text, where):
    from geo.extract.text import dateline

    found = dateline(text)
    assert found is not None and found.text.startswith(where)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("QAMISHLI - Translated from Kurdish by the desk\n\nA drone struck a car.", "QAMISHLI"),
        ("BUNIA (Ituri Matin) - By Beni Kasereka\n\nMilitiamen attacked a site.", "BUNIA"),
        ("POPAYÁN - Dissidents attacked the police station in Argelia.", "POPAYÁN"),
        (
            "CUCUTA (Voz del Catatumbo, translated from Spanish) - The ELN launched an offensive.",
            "CUCUTA",
        ),
        (
            "Rima Valley Times | By Ibrahim Maru, Gusau | 21 August 2024\n\nBandits killed 14.",
            "Gusau",
        ),
        ("Beirut, 17 March (NNA) - Israeli strikes hit Tyre.", "Beirut"),
        ("RAWALPINDI, 14 July: Indian troops fired on villages.", "RAWALPINDI"),
    ],
)
def test_datelines_with_a_byline_an_accent_or_a_long_agency_note(text, where):
    from geo.extract.text import dateline

    found = dateline(text)
    assert found is not None and found.text.startswith(where)


def test_a_heading_over_a_list_and_a_weekday_after_a_bar_are_no_datelines():
    from geo.extract.text import dateline

    assert dateline("KEY TAKEAWAYS\n\n- Russian forces advanced near Pokrovsk.") is None
    assert dateline("LIVE | Sunday, 12 November 2023\n\n16:40 Strikes hit Srifa.") is None


def test_a_kicker_title_with_a_dash_is_no_dateline():
    from geo.extract.text import dateline

    assert dateline("SECURITY MEDIA CELL - STATEMENT (unofficial translation)\n\nText.") is None


def test_the_city_is_the_town_its_teller_or_the_story_named_before():
    text = (
        "date 2024-01-16 Iranian missiles struck Erbil in Iraq overnight. Kurdish officials said "
        "the missiles hit a businessman's house in the city, killing him. Officials in Baghdad "
        "and in Baghdad's ministries condemned the attack.\n\n"
        "In Crimea, the Russian-installed governor of Sevastopol said air defences had shot down "
        "three Ukrainian drones over the city overnight.\n"
    )
    places = [f["properties"]["place"] for f in of_kind(_collection(text), "incident")]
    assert places[-1] == "Sevastopol" and "Baghdad" not in places


def test_a_suicide_bombers_ramming_is_no_harassment_at_sea():
    text = (
        "date 2024-03-17 Seven soldiers were killed when a suicide bomber rammed an "
        "explosives-laden vehicle into a military post in Mir Ali, Pakistan, on Saturday."
    )
    subs = [f["properties"]["sub_event_type"] for f in of_kind(_collection(text), "incident")]
    assert subs == ["Suicide bomb"]


def test_a_channels_mark_before_the_time_and_a_village_told_with_its_region():
    # "⚡️ 11:15": the entry opens after the mark and the time; "Tyotkino, a border
    # village in Kursk region" lies in the region; "the Kursk governor reported"
    # names the office's place, not the event's.
    text = (
        "date 2023-06-02 Belgorod Frontier\n\n"
        "⚡️ 11:15\nIn Tyotkino, a border village in Kursk region, a woman was wounded on "
        "Wednesday by an explosive dropped from a drone, the Kursk governor reported.\n"
    )
    incidents = of_kind(_collection(text), "incident")
    assert [f["properties"]["place"] for f in incidents] == ["Tëtkino"]
