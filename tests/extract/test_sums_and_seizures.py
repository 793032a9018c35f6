"""Words of attacks that tell no event of their own, and deeds told with other words.

Sums over a period ("1,500 killed in militant attacks this year"), counted
plurals headed by a weapon ("more than 40 IED attacks"), events nobody did
("Nobody was arrested"), devices seized, bombs dropped, links to other stories.
"""

from geo.extract.batch import extract
from geo.read.articles import article_from_text, read_article_bytes
from tests.helpers import of_kind


def _typed(text: str) -> list[tuple[str, str]]:
    article = article_from_text(f"date 2024-12-25 {text}", "t.txt", default_date=None)
    return [
        (f["properties"]["event_type"], f["properties"]["sub_event_type"])
        for f in of_kind(extract([article]).collection, "incident")
    ]


def test_a_toll_summed_over_this_year_is_no_event():
    assert (
        _typed(
            "More than 1,500 people have been killed in militant attacks in Khyber Pakhtunkhwa "
            "this year."
        )
        == []
    )


def test_a_toll_of_one_attack_in_the_perfect_is_still_an_event():
    assert _typed("Three soldiers have been killed in a drone strike on Kupiansk on Monday.") == [
        ("Explosions/Remote violence", "Air/drone strike")
    ]


def test_a_count_of_attacks_headed_by_the_weapon_is_no_event():
    assert _typed("Mandera has recorded more than 40 IED attacks since January.") == []


def test_nobody_arrested_is_no_arrest():
    assert _typed("Police searched the market in Bannu on Tuesday. Nobody was arrested.") == []


def test_devices_seized_are_disrupted_weapons_use_not_a_suicide_bombing():
    assert _typed(
        "Police in Lakki Marwat said they had seized 14 rockets, three suicide vests and "
        "detonators on Wednesday."
    ) == [("Strategic developments", "Disrupted weapons use")]


def test_bombs_dropped_with_two_modifiers_are_an_air_strike():
    assert _typed(
        "Russian forces dropped guided aerial bombs on Zaporizhzhia overnight, wounding four "
        "workers."
    ) == [("Explosions/Remote violence", "Air/drone strike")]


def test_a_link_to_another_story_is_not_read():
    data = (
        b"date 2024-10-22 Israeli jets struck Nabatieh in southern Lebanon on Monday.\n"
        b"Read more: UNIFIL says peacekeepers' watchtower hit in Naqoura\n"
        b"Related: Hezbollah fighters attacked a tank near Kfar Kila\n"
    )
    article = read_article_bytes(data, "t.txt")
    places = [f["properties"]["place"] for f in of_kind(extract([article]).collection, "incident")]
    assert len(places) == 1 and "Naq" not in places[0]


def test_a_title_under_a_masthead_line_is_a_headline_not_a_second_event():
    text = (
        "date 2024-09-04 Northern Valleys News | Translated from Arabic | 4 September 2024\n\n"
        "Three killed in drone strike on Tammun\n\n"
        "An Israeli drone fired a missile at a group of men in Tammun in the West Bank on "
        "Tuesday, killing three, the Palestinian health ministry said.\n"
    )
    article = article_from_text(text, "t.txt", default_date=None)
    incidents = of_kind(extract([article]).collection, "incident")
    assert [f["properties"]["date"] for f in incidents] == ["2024-09-03"]


def test_what_the_attackers_also_did_is_part_of_their_attack():
    assert _typed(
        "CODECO militiamen armed with machetes and guns attacked a displacement site near Djugu "
        "in Ituri on Monday night, killing at least 51 civilians, local officials said. The "
        "assailants also set fire to shelters before fleeing into the forest."
    ) == [("Violence against civilians", "Attack")]


def test_more_done_elsewhere_is_another_event():
    assert (
        len(
            _typed(
                "Militants attacked a village near Djugu in Ituri on Monday, killing five "
                "civilians. The militants also attacked an army post in Mongbwalu on Tuesday."
            )
        )
        == 2
    )


def test_a_passive_retelling_with_no_place_or_day_is_the_event_told():
    found = _typed(
        "Coalition aircraft struck pro-regime militiamen near the al-Tanf garrison in Syria on "
        "Monday. They had come from Rukban, where Rukban's elders said they camped. The "
        "militiamen were travelling in pick-up lorries mounted with heavy machine guns when "
        "they were hit, the spokesman said."
    )
    assert found == [("Explosions/Remote violence", "Air/drone strike")]
