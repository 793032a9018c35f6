"""How incidents are told: again, anew, many at once, imagined, across reports."""

import datetime as dt

import pytest

from geo.extract.batch import extract
from geo.extract.places import find_place_mentions
from geo.geocode.gazetteer import default_gazetteer
from geo.read.articles import article_from_text
from geo.read.markup import blank_markup
from tests.helpers import of_kind


def _incidents(*texts):
    articles = [article_from_text(t, f"t{i}.txt", default_date=None) for i, t in enumerate(texts)]
    collection = extract(articles).collection
    return [
        (
            f["properties"]["label"],
            f["properties"]["date"],
            f["properties"]["place"],
            len(f["properties"]["sources"]),
        )
        for f in of_kind(collection, "incident")
    ]


def test_the_attack_named_again_is_the_same_incident():
    assert _incidents(
        "date 2017-06-08 A drone attacked a patrol near Aleppo on Monday. "
        "A spokesman declined to comment on the attack."
    ) == [("drone strike", "2017-06-05", "Aleppo", 2)]


def test_another_attack_the_same_day_is_a_second_incident():
    assert _incidents(
        "date 2017-06-08 A drone attack hit a patrol near Aleppo on Monday. "
        "Hours later, another drone attack hit the patrol."
    ) == [
        ("drone strike", "2017-06-05", "Aleppo", 1),
        ("drone strike", "2017-06-05", "Aleppo", 1),
    ]


def test_a_named_again_attack_with_its_own_other_date_is_its_own_incident():
    assert _incidents(
        "date 2017-06-08 Jets struck a convoy near Aleppo on Monday. "
        "The air strike on May 18 had hit a depot near Aleppo."
    ) == [("air strike", "2017-06-05", "Aleppo", 1), ("air strike", "2017-05-18", "Aleppo", 1)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Forces near Aleppo have been attacked at least 19 times since October.",
        "Militias near Aleppo claimed a series of attacks.",
        "A drone attack on Aleppo would then be only a matter of time.",
        "Nobody near Aleppo wants to learn the lessons of the next strike.",
        "The Air Force warns that Russia may launch a new missile attack on Aleppo tonight.",
        "The group threatened to carry out further drone attacks near Aleppo.",
        "A full-scale war would likely see Israel strike Aleppo's southern suburbs.",
    ],
)
def test_many_events_at_once_or_imagined_ones_are_no_incident(sentence):
    assert _incidents(f"date 2017-06-08 {sentence}") == []


def test_a_month_telling_joins_the_day_telling_of_another_report():
    assert _incidents(
        "date 2017-05-19 Coalition jets struck a convoy near Aleppo on Thursday (May 18).",
        "date 2019-01-10 In May 2017, coalition jets bombed a convoy near Aleppo.",
    ) == [("air strike", "2017-05-18", "Aleppo", 2)]


def test_phrasal_and_dropping_triggers():
    assert _incidents(
        "date 2017-06-08 On Thursday a drone dropped a munition near a patrol at Aleppo. "
        "An F-15E shot it down minutes later."
    ) == [("drone strike", "2017-06-08", "Aleppo", 1), ("shoot-down", "2017-06-08", "Aleppo", 1)]


def test_the_doer_types_a_bare_verb_not_the_target():
    assert _incidents(
        "date 2024-02-03 On Friday long-range bombers hit drone storage sites near Aleppo."
    ) == [("air strike", "2024-02-02", "Aleppo", 1)]


def test_the_story_goes_on_from_the_main_event_of_the_lead():
    assert _incidents(
        "date 2024-02-03 U.S. jets on Friday struck targets near Homs in retaliation for the "
        "Jan. 28 drone attack on a base near Aleppo. Bombers also hit depots near Hama."
    ) == [
        ("air strike", "2024-02-02", "Homs", 1),
        ("drone strike", "2024-01-28", "Aleppo", 1),
        ("air strike", "2024-02-02", "Ḩamāh", 1),
    ]


def test_block_tags_become_paragraph_breaks_and_keep_offsets():
    page = "<html><h1>Drone attack</h1><p>By Staff | 29 Jan 2024</p><p>A drone struck.</p>"
    blank = blank_markup(page)
    assert len(blank) == len(page)
    assert blank[page.index("A drone") :].startswith("A drone struck.")
    assert "\n\n" in blank[: page.index("By Staff")]


def test_a_name_after_initials_is_a_person():
    found = find_place_mentions("aboard the USS George H.W. Bush near Aleppo.", default_gazetteer())
    assert [m.span.text for m in found] == ["Aleppo"]


def test_a_spelling_of_a_citys_own_name_stands_alone_a_domain_word_does_not():
    gazetteer = default_gazetteer()
    assert [m.place.name for m in find_place_mentions("Troops left Hama.", gazetteer)] == ["Ḩamāh"]
    found = find_place_mentions("Drones attacked a patrol near Aleppo.", gazetteer)
    assert [m.span.text for m in found] == ["Aleppo"]


def test_an_attack_named_with_its_date_is_the_event_of_that_date():
    assert _incidents(
        "date 2022-08-17 Drones struck a base near Aleppo on Monday. "
        "Last year, on October 20, drones struck the same base near Aleppo. "
        "Analysts said the timing of Monday's attack was no accident."
    ) == [("drone strike", "2022-08-15", "Aleppo", 2), ("drone strike", "2021-10-20", "Aleppo", 1)]


def test_a_trigger_word_naming_a_weapon_is_no_event():
    assert _incidents(
        "date 2017-06-20 An F-15E Strike Eagle shot down a drone near Aleppo on Monday. "
        "The budget would buy interceptors against one-way attack drones near Aleppo."
    ) == [("shoot-down", "2017-06-19", "Aleppo", 1)]


def test_a_verb_before_fighters_is_still_an_event():
    assert _incidents("date 2017-06-20 On Sunday a jet bombed fighters near Aleppo.") == [
        ("air strike", "2017-06-18", "Aleppo", 1)
    ]


def test_an_event_a_long_clause_later_called_possible_is_imagined():
    assert (
        _incidents(
            "date 2019-01-10 Near Aleppo, an Israeli strike on militia convoys crossing from "
            "the east might follow."
        )
        == []
    )


def _kinds(*texts):
    return [(label, date) for label, date, _, _ in _incidents(*texts)]


def test_a_match_across_a_paragraph_break_does_not_hide_the_next_sentence():
    page = (
        "date 2024-02-04 <p>Archive photo: a rocket being fired</p>"
        "<p>Jets struck on Saturday a depot near Homs.</p>"
    )
    assert ("air strike", "2024-02-03") in _kinds(page)


def test_the_headline_of_a_web_page_is_no_second_event():
    page = (
        "date 2024-02-03 <html><body><h1>Drones hit base near Homs</h1>"
        "<p>Drones struck a base near Homs on Friday.</p></body></html>"
    )
    assert _kinds(page) == [("drone strike", "2024-02-02")]


def test_a_month_and_a_day_in_one_report_stay_two_events():
    assert _kinds(
        "date 2024-04-01 Russian drones struck Kharkiv in March 2024, killing 40 people over "
        "the month. On March 5, a drone strike hit the main market in Kharkiv."
    ) == [("drone strike", "2024-03"), ("drone strike", "2024-03-05")]


def test_a_named_again_event_wins_over_again_and_hours_later():
    assert _kinds(
        "date 2024-03-06 A drone strike hit a fuel depot near Kharkiv on Monday. "
        "Officials again blamed Russia for the strike. "
        "Hours later, rescuers said the strike had killed 12."
    ) == [("drone strike", "2024-03-04")]


def test_another_event_in_the_same_sentence_is_a_second_incident():
    assert _kinds(
        "date 2024-03-06 A drone strike hit Kharkiv on Monday; hours later, another drone "
        "strike hit Kharkiv."
    ) == [("drone strike", "2024-03-04"), ("drone strike", "2024-03-04")]


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "Drones attacked the port near Kharkiv on Monday and officials said more could follow.",
            "drone strike",
        ),
        ("Jets struck Homs on Monday as talks that would end the war stalled.", "air strike"),
        (
            "An air strike hit a hospital near Homs on Monday and rescuers could not reach it.",
            "air strike",
        ),
        (
            "A missile strike on Monday killed 12 people in Sumy, three times the toll of last "
            "week.",
            "shelling",  # ACLED's Shelling/artillery/missile attack
        ),
        ("Israel strikes weapons depots near Damascus on Monday, officials said.", "attack"),
        ("The next day drones struck Sumy.", "drone strike"),
    ],
)
def test_ordinary_sentences_keep_their_event(sentence, label):
    assert [k for k, _ in _kinds(f"date 2024-03-06 {sentence}")] == [label]


def test_an_event_named_to_date_another_does_not_set_the_story_date():
    kinds = _kinds(
        "date 2024-02-03 Days after the Jan. 28 drone attack near Aleppo, U.S. jets struck "
        "targets near Homs on Friday. Bombers also hit depots near Hama."
    )
    assert kinds[-1] == ("air strike", "2024-02-02")


def test_a_bare_verb_with_its_own_place_and_date_is_not_the_event_before_it():
    kinds = _kinds(
        "date 2024-03-06 A drone strike hit Kharkiv on Monday, and Russian troops attacked "
        "Sumy on Tuesday."
    )
    assert ("attack", "2024-03-05") in kinds


@pytest.mark.parametrize(
    ("sentence", "label", "acled"),
    [
        # Guns, rockets and missiles give a bare verb its kind, as aircraft and drones do.
        (
            "Houthi forces fired two anti-ship missiles at a tanker off Aden on Monday.",
            "shelling",
            ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ),
        (
            "Azerbaijani forces opened intensive fire with artillery at Armenian positions near "
            "Jermuk on Monday.",
            "shelling",
            ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ),
        (
            "Russian aircraft dropped guided bombs on Pokrovsk on Monday.",
            "air strike",
            ("Explosions/Remote violence", "Air/drone strike"),
        ),
        # An aircraft before the verb outranks guns named with it.
        (
            "Coalition aircraft and artillery struck the column near Khasham on Monday.",
            "air strike",
            ("Explosions/Remote violence", "Air/drone strike"),
        ),
        (
            "Troops exchanged fire with gunmen at the Nur Shams camp on Monday.",
            "clash",
            ("Battles", "Armed clash"),
        ),
        (
            "Gunmen ambushed a supply convoy near Arbinda on Monday.",
            "clash",
            ("Battles", "Armed clash"),
        ),
        (
            "Militants threw a grenade at a police bunker in Srinagar on Monday.",
            "grenade attack",
            ("Explosions/Remote violence", "Grenade"),
        ),
        (
            "Young men threw stones at armoured vehicles in Jenin on Monday.",
            "riot",
            ("Riots", "Violent demonstration"),
        ),
        (
            "Iran's Revolutionary Guards boarded a Marshall Islands-flagged tanker in the Strait "
            "of Hormuz on Monday.",
            "seizure",
            ("Strategic developments", "Other"),
        ),
        (
            "Air defences intercepted two drones approaching the Merowe Dam on Monday.",
            "shoot-down",
            ("Strategic developments", "Disrupted weapons use"),
        ),
        (
            "Russian air defences destroyed eleven Ukrainian drones over Crimea on Monday.",
            "shoot-down",
            ("Strategic developments", "Disrupted weapons use"),
        ),
        (
            "Several soldiers were wounded near Cheorwon on Monday when mines exploded.",
            "bombing",
            ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ),
    ],
)
def test_events_of_every_kind_get_their_acled_type(sentence, label, acled):
    from geo.extract.acled import ACLED_TYPES

    assert [k for k, _ in _kinds(f"date 2024-03-06 {sentence}")] == [label]
    assert ACLED_TYPES[label] == acled


@pytest.mark.parametrize(
    "sentence",
    [
        "A judge struck down the order on Monday.",  # no military event
        "Officials said the mines in the region produce copper.",
    ],
)
def test_words_of_other_trades_tell_no_event(sentence):
    assert _kinds(f"date 2024-03-06 {sentence} Kharkiv.") == []


def _places_of(text: str) -> list[str]:
    from geo.extract.batch import Extractor
    from geo.geocode.gazetteer import default_gazetteer
    from geo.read.articles import Article

    extractor = Extractor(default_gazetteer())
    extractor.add(Article("a.txt", text, dt.date(2024, 1, 10), "test"))
    return sorted(
        f["properties"]["place"]
        for f in extractor.finish().collection()["features"]
        if f["properties"]["kind"] == "incident"
    )


def test_an_event_at_a_list_of_places_is_an_incident_at_each():
    places = _places_of(
        "Israeli air strikes hit houses in Aita al-Shaab and Kfar Kila in south Lebanon on Tuesday."
    )
    assert len(places) == 2 and all(places)


def test_a_route_between_two_places_is_no_list_of_event_places():
    places = _places_of(
        "Jets struck three positions on the road between Homs and Palmyra on Monday."
    )
    assert len(places) == 1


def _typed(text):
    """Return (label, event_type, sub_event_type, actor1, actor2) of each incident of one report."""
    article = article_from_text(f"date 2024-05-15 {text}", "t.txt", default_date=None)
    return [
        (
            f["properties"]["label"],
            f["properties"]["event_type"],
            f["properties"]["sub_event_type"],
            f["properties"]["actor1"],
            f["properties"]["actor2"],
        )
        for f in of_kind(extract([article]).collection, "incident")
    ]


def _places(text, published="2024-05-15"):
    """Return the place of each incident geo reads from one report."""
    article = article_from_text(f"date {published} {text}", "t.txt", default_date=None)
    return [f["properties"]["place"] for f in of_kind(extract([article]).collection, "incident")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gunmen killed five villagers near Mopti on Tuesday.",
            ("killing", "Violence against civilians", "Attack"),
        ),
        (
            "Militants abducted 20 students from a school in Kaduna on Tuesday.",
            ("abduction", "Violence against civilians", "Abduction/forced disappearance"),
        ),
        (
            "A suicide bomber blew himself up at a market in Maiduguri on Tuesday.",
            ("suicide bombing", "Explosions/Remote violence", "Suicide bomb"),
        ),
        (
            "Rebels overran an army base near Goma on Tuesday.",
            ("territory", "Battles", "Non-state actor overtakes territory"),
        ),
        (
            "The army recaptured Kidal on Tuesday.",
            ("territory", "Battles", "Government regains territory"),
        ),
        (
            "A landmine killed two soldiers near Kidal on Tuesday.",
            ("bombing", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ),
        (
            "Gunmen attacked a village near Mopti on Tuesday, killing five villagers.",
            ("attack", "Violence against civilians", "Attack"),
        ),
    ],
)
def test_each_kind_of_violence_is_typed_as_acled_codes_it(text, expected):
    got = _typed(text)
    assert [g[:3] for g in got] == [expected]


def test_the_targets_of_killings_and_abductions_are_civilians():
    assert _typed("Gunmen kidnapped a priest in Kaduna on Tuesday.")[0][3:] == (
        "Unidentified Armed Group (Nigeria)",
        "Civilians (Nigeria)",
    )


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # The toll of an event told before it in its sentence is no event of its own.
        ("An air strike killed ten civilians in Idlib on Tuesday.", ["air strike"]),
        # What soldiers take is no territory unless it is a place.
        ("Soldiers seized weapons and three vehicles in Kidal on Tuesday.", []),
    ],
)
def test_a_toll_or_a_seizure_of_things_is_no_event_of_its_own(text, labels):
    assert [g[0] for g in _typed(text)] == labels


def test_two_words_for_one_event_at_one_place_are_one_incident():
    got = _typed("Troops raided the Nur Shams camp near Tulkarm and exchanged fire on Tuesday.")
    assert len(got) == 1 and got[0][1] == "Battles"


@pytest.mark.parametrize(
    "text",
    [
        # A count of events is no event.
        "The group has carried out more than 300 attacks in Borno this year.",
        "The military has conducted 1,600 air strikes in Sagaing since 2021.",
        # A habit is no event.
        "The group frequently attacks hotels in Mogadishu.",
        "Krasnopillia has been shelled almost daily since 2022.",
    ],
)
def test_counts_and_habits_of_attacks_are_no_incident(text):
    assert _typed(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # A sum over a period, told in the present perfect with "since": no one event.
        "Russian strikes have killed more than 100 civilians in Kharkiv since May.",
        "Attacks by groups linked to al Qaeda and Islamic State have spread in Mali since 2012.",
        "Since 2015, attacks have killed thousands of people in Mopti.",
        "Militants have attacked convoys near Djibo since the town was besieged.",
        "The army has carried out air strikes in Idlib since Monday.",
    ],
)
def test_a_sum_told_since_a_time_is_no_incident(text):
    assert _typed(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # "since" in a clause of its own, or an event of a day: the event stands.
        "Hezbollah, which has fought Israel since 2006, fired rockets at Kiryat Shmona on Monday.",
        "Russian drones struck Odesa on Monday, the first attack on the port since May.",
        "Russian strikes have killed three civilians in Kharkiv on Monday.",
    ],
)
def test_an_event_beside_a_since_is_still_an_event(text):
    assert len(_typed(text)) == 1


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        # Bombs dropped from the air, and drone boats: ACLED's air/drone strikes.
        ("A Russian glide bomb hit a building in Krasnopillia.", "Air/drone strike"),
        ("A guided aerial bomb hit a block of flats in Kharkiv.", "Air/drone strike"),
        ("A tanker was struck by an uncrewed surface vessel off Hodeidah.", "Air/drone strike"),
        # What a vehicle struck is the weapon: an explosion of it.
        (
            "A convoy struck an improvised explosive device near Tera.",
            "Remote explosive/landmine/IED",
        ),
        ("A truck hit a landmine near Kidal, killing four.", "Remote explosive/landmine/IED"),
        # A mine that is a pit is no weapon.
        ("Drones struck a coal mine near Donetsk.", "Air/drone strike"),
    ],
)
def test_the_weapon_named_with_a_bare_verb_types_the_event(text, sub_event):
    assert [g[2] for g in _typed(text)] == [sub_event]


@pytest.mark.parametrize(
    ("text", "label", "actor1", "actor2"),
    [
        # A drone or missile destroyed in flight is intercepted: its owner is the target.
        (
            "Ukrainian forces destroyed 20 Russian drones over the Kharkiv region.",
            "shoot-down",
            "Military Forces of Ukraine",
            "Military Forces of Russia",
        ),
        (
            "Russian air defences destroyed eleven Ukrainian drones over Crimea.",
            "shoot-down",
            "Military Forces of Russia",
            "Military Forces of Ukraine",
        ),
        # A launcher destroyed, or a drone boat on the water, was struck.
        (
            "Israeli jets destroyed a Hezbollah rocket launcher near Khiam.",
            "air strike",
            "Military Forces of Israel",
            "Hezbollah",
        ),
        (
            "A Russian aircraft destroyed an uncrewed boat in the Black Sea.",
            "air strike",
            None,
            None,
        ),
    ],
)
def test_a_weapon_destroyed_in_flight_is_intercepted(text, label, actor1, actor2):
    (got,) = _typed(text)
    assert got[0] == label
    if actor1:
        assert (got[3], got[4]) == (actor1, actor2)


def test_unnamed_troops_in_the_west_bank_are_israels():
    # ACLED codes no military of Palestine: the soldiers who raid a camp there are Israel's.
    (got,) = _typed("Soldiers raided the Jenin refugee camp in the West Bank on Monday.")
    assert got[3] == "Military Forces of Israel"
    # Elsewhere the troops of a place are its country's.
    (got,) = _typed("Troops raided a village near Kidal in Mali on Monday.")
    assert got[3] == "Military Forces of Mali"


def test_a_place_things_came_from_is_not_the_events():
    got = _incidents(
        "date 2024-07-20 A Chinese vessel rammed a fishing boat from Quang Ngai province "
        "about 60 nautical miles east of Ly Son island on Friday."
    )
    assert [g[2] for g in got] == ["about 60 nm E of Ly Son"]
    got = _incidents("date 2024-07-20 Rockets fired from Lebanon hit Kiryat Shmona on Friday.")
    assert [g[2] for g in got] == ["Qiryat Shmona"]
    # Where they landed untold, the event's place is left for review.
    got = _incidents("date 2024-07-20 Rockets were fired from Lebanon on Friday.")
    assert [g[2] for g in got] == [None]


def test_a_ceasefire_violation_is_firing_across_the_line_and_a_count_of_them_is_not():
    got = _typed(
        "Pakistani troops violated the ceasefire in the Poonch sector on Monday, firing mortars."
    )
    assert [(g[0], g[3]) for g in got] == [("shelling", "Military Forces of Pakistan")]
    got = _typed("Indian troops resorted to unprovoked ceasefire violations in Hajira on Monday.")
    assert [g[3] for g in got] == ["Military Forces of India"]
    assert (
        _typed("There have been more than 300 ceasefire violations along the LoC this year.") == []
    )


def test_three_strikes_in_a_day_at_one_place_are_still_an_event():
    assert [g[0] for g in _typed("Three air strikes hit Idlib on Tuesday.")] == ["air strike"]


def test_the_day_a_report_was_told_does_not_date_the_story_after_it():
    got = _incidents(
        "date 2023-11-21 Over the past day the Russian army carried out 87 attacks on Kherson "
        "region, the administration reported on Tuesday morning. "
        "Residential quarters of Beryslav came under fire."
    )
    assert [(label, date) for label, date, _, _ in got] == [("shelling", "2023-11-20")]


def test_a_doer_named_acting_in_the_sentence_before_is_the_doer_of_the_next():
    got = _typed(
        "Over the past day the Russian army carried out 87 attacks on Kherson region. "
        "Two people were killed. Residential quarters of Beryslav came under fire."
    )
    assert [g[3] for g in got] == ["Military Forces of Russia"]


def test_days_earlier_count_from_the_day_of_the_event_told_before():
    got = _incidents(
        "date 2024-06-15 Jets bombed Ann on Sunday. Two days earlier, a drone struck Kyauktaw."
    )
    assert sorted((place, date) for _, date, place, _ in got) == [
        ("Ann", "2024-06-09"),
        ("Kyauktaw", "2024-06-07"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Special forces dismantled an explosives workshop near Qoryooley on Sunday.",
            ("weapons seized", "Strategic developments", "Disrupted weapons use"),
        ),
        (
            "Insurgents looted shops and set houses on fire in Macomia on Friday.",
            ("looting", "Strategic developments", "Looting/property destruction"),
        ),
    ],
)
def test_weapons_taken_and_looting_are_strategic_developments(text, expected):
    assert [g[:3] for g in _typed(text)] == [expected]


def test_vehicles_prepared_as_car_bombs_are_no_explosion():
    got = _typed(
        "Troops seized two vehicles near Qoryooley on Sunday that had been prepared as car bombs."
    )
    assert "bombing" not in [g[0] for g in got]


def test_air_defences_in_the_trigger_are_its_doer():
    got = _typed("Air defences destroyed 16 rockets over Belgorod on Sunday.")
    assert [(g[0], g[3]) for g in got] == [("shoot-down", "Military Forces of Russia")]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Ukrainian troops repelled 14 Russian assaults near Sudzha on Tuesday.", "clash"),
        (
            "The army carried out an operation against militants near Wanlaweyn on Saturday.",
            "clash",
        ),
        ("Russian forces began an offensive against Vovchansk on Friday.", "clash"),
        ("Russia said on Thursday its forces had “liberated” the town of Sudzha.", "territory"),
        ("A vessel reported a missile impacting the water 20NM W of Mokha on Tuesday.", "shelling"),
        ("Five drones flew into South Korean airspace near Gimpo on Monday.", "harassment"),
    ],
)
def test_long_spans_tell_events(text, label):
    assert label in [g[0] for g in _typed(text)]


@pytest.mark.parametrize(
    "text",
    [
        # Denials and accusations report no event of their own.
        "A spokesman denied on Tuesday that the army had targeted civilians in Lalibela.",
        "Moscow has also accused Ukraine of shelling Belgorod on Tuesday.",
        # Earlier attacks, told in general, and a compound word.
        "Officials have blamed earlier attacks on the field near Sulaymaniyah on militias.",
        "Families in the worst-hit villages near Mendhar moved into bunkers on Tuesday.",
    ],
)
def test_denials_accusations_and_compounds_are_no_incident(text):
    assert _typed(text) == []


def test_a_headline_under_a_kicker_counts_once():
    got = _incidents(
        "date 2024-04-12 DEFENCE HEADQUARTERS PRESS RELEASE\n"
        "TROOPS REPEL ATTACK ON MARTE\n\n"
        "On Wednesday, troops repelled an attack by ISWAP terrorists on their location at Marte."
    )
    assert len(got) == 1 and got[0][1] == "2024-04-10"


def test_a_place_inside_a_partys_name_is_no_place_of_the_story():
    got = _incidents(
        "date 2023-09-18 Fighters of the Islamic State West Africa Province (ISWAP) attacked "
        "a military base in Malam Fatori, in Nigeria's Borno state, on Sunday."
    )
    assert [place for _, _, place, _ in got] == ["Mallam Fatori"]


def test_arrests_are_strategic_developments_with_the_arrested_as_civilians():
    got = _typed("Police arrested two men in Churachandpur on Tuesday.")
    assert got == [
        (
            "arrests",
            "Strategic developments",
            "Arrests",
            "Police Forces of India",
            "Civilians (India)",
        )
    ]


def test_a_town_taken_after_a_brief_exchange_of_fire_is_taken_by_who_took_it():
    got = _typed(
        "Fighters of the Fano militia took control of the historic town of Lalibela on Tuesday "
        "after a brief exchange of fire with government troops."
    )
    assert ("territory", "Fano") in [(g[0], g[3]) for g in got]
    assert all(g[3] == "Fano" for g in got)


def test_the_nth_attack_in_a_period_counts_the_one_just_told():
    got = _typed(
        "Russian drones hit warehouses at the port of Izmail, in Ukraine's Odesa region, on "
        "Tuesday, the fourth attack on the river port in a month."
    )
    assert len(got) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Firing at a weapon in flight is an attempt to intercept it.
        (
            "South Korean helicopters fired about 100 rounds at the drones near Gimpo on Monday.",
            ["shoot-down"],
        ),
        ("Soldiers opened fire on an incoming drone near Kharkiv on Monday.", ["shoot-down"]),
        # Firing at what launches a weapon, or at a place, is a strike.
        ("Troops fired at rocket launch sites near Kharkiv on Monday.", ["shelling"]),
        # A weapon described by its firing tells only its interception.
        ("A rocket fired at Beersheba was shot down on Monday.", ["shoot-down"]),
    ],
)
def test_firing_at_a_weapon_in_flight_is_an_interception(text, expected):
    assert [g[0] for g in _typed(text)] == expected


def test_an_interception_without_its_agent_is_by_the_defences_of_where_it_happened():
    # "13 were shot down over Odesa region": Ukraine's defences, on the drones
    # of who struck just before.
    got = _typed(
        "Russian drones hit grain warehouses at the port of Izmail on Monday. "
        "Of 15 drones launched overnight, 13 were shot down over Odesa region."
    )
    assert ("shoot-down", "Military Forces of Ukraine", "Military Forces of Russia") in [
        (g[0], g[3], g[4]) for g in got
    ]


def test_an_interception_names_no_owner_when_the_strike_before_names_no_doer():
    # The strike just before names none: the drones' owner is not the party of
    # an older strike.
    got = _typed(
        "Israeli jets struck Khan Younis on Monday. "
        "A rocket hit a house in Sderot on Monday. "
        "Two more rockets were intercepted over Sderot on Monday."
    )
    (down,) = [g for g in got if g[0] == "shoot-down"]
    assert (down[3], down[4]) == ("Military Forces of Israel", None)


def test_the_weapons_of_the_last_interception_are_the_owners_of_the_next():
    got = _typed(
        "Air defences shot down three drones launched by the RSF at the Wadi Seidna air base "
        "on Monday. Shelling killed four civilians in Omdurman on Monday. On Monday night, "
        "air defences intercepted two drones approaching the Merowe Dam."
    )
    downs = [g for g in got if g[0] == "shoot-down"]
    assert [g[4] for g in downs] == ["RSF: Rapid Support Forces"] * 2


def test_a_position_told_after_a_comma_says_where_in_the_place():
    # One event, at the position: the sea and the offset are one place told twice.
    (place,) = _places(
        "A Russian aircraft struck a Ukrainian boat in the north-western part of the Black "
        "Sea, 60 km west of Cape Tarkhankut, on Monday."
    )
    assert "Tarkhankut" in place


def test_two_names_and_more_after_them_are_a_list():
    # "Sotk, Goris and the town of Jermuk": the list goes on past its second name.
    got = _typed("Russian shelling hit Sotk, Goris and the town of Jermuk on Monday.")
    assert len(got) == 2


def test_weapons_counted_by_place_are_an_event_at_each_place():
    got = _typed(
        "Russian air defences destroyed eleven Ukrainian drones over the Black Sea and one "
        "over the north of the Crimean peninsula on Monday."
    )
    assert [g[0] for g in got] == ["shoot-down", "shoot-down"]


def test_a_missile_launched_from_a_partys_ground_is_that_partys():
    got = _typed(
        "A U.S. Navy destroyer shot down an anti-ship ballistic missile launched from "
        "Houthi-controlled areas of Yemen toward the Gulf of Aden on Monday."
    )
    assert [(g[0], g[3], g[4]) for g in got] == [
        ("shoot-down", "Military Forces of the United States", "Houthis (Ansar Allah)")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The U.S. said it would keep its ships there as long as the Houthis attack shipping.",
        "Israel will respond unless Hezbollah attacks northern towns near Metula.",
    ],
)
def test_an_event_in_a_condition_is_no_event(sentence):
    assert _typed(sentence) == []


def test_a_place_said_to_lie_in_a_region_is_the_events_not_the_region():
    places = _places(
        "On Thursday, a patrol near Banibangou, in the Tillaberi region, was attacked by armed "
        "men on motorcycles.",
        "2023-04-21",
    )
    assert places == ["Bani Bangou"]  # GeoNames spelling


def test_targets_listed_each_with_its_place_are_an_event_at_each():
    got = _typed(
        "U.S. forces conducted strikes against a Houthi radar site near the port of Ras Isa "
        "and a coastal drone launch site on Kamaran Island on Monday."
    )
    assert len(got) == 2
    # A verb between is another clause, not a list: "and a man was killed in".
    got = _typed(
        "Russian shelling hit Kherson on Monday and a man was killed in Mykolaiv on Tuesday."
    )
    assert [g[0] for g in got].count("shelling") == 1


def test_a_place_before_a_new_clause_is_the_last_clauses():
    places = _places(
        "One rocket fell in an open area in the Negev on Wednesday and another hit a house "
        "near Sderot.",
        "2023-05-10",
    )
    assert "Sderot" in places


def test_the_people_a_killing_names_are_its_target():
    got = _typed("In raids on Sunday, security forces killed 12 militants near Bir al-Abd.")
    assert [(g[3], g[4]) for g in got] == [
        ("Military Forces of Egypt", "Unidentified Armed Group (Egypt)")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # Stopped, not told.
        "A U.N.-brokered truce in 2022 largely halted air strikes on Taiz.",
        # A cause named, told elsewhere.
        "Officials named the militants behind an attack on a checkpoint in Bannu.",
        # A party's attacks in general.
        "Officials say Russia uses the region as a launch pad for its attacks on Kharkiv.",
    ],
)
def test_events_stopped_or_named_as_a_cause_are_no_incident(sentence):
    assert _typed(sentence) == []


def test_one_partys_attack_on_a_day_is_still_an_event():
    assert [g[0] for g in _typed("Their attack on Kharkiv on Monday killed two.")] == ["attack"]


def test_a_place_heading_a_line_gives_way_to_the_place_the_clause_names():
    places = _places(
        "Hasakah: Turkish drones struck an oil facility near Qamishli on Thursday.", "2023-10-06"
    )
    assert places == ["Al Qāmishlī"]  # GeoNames spelling


def test_us_without_dots_names_the_united_states():
    got = _typed(
        "US Central Command reported that its forces destroyed two Houthi UAVs over the Red "
        "Sea on Wednesday."
    )
    assert [(g[3], g[4]) for g in got] == [
        ("Military Forces of the United States", "Houthis (Ansar Allah)")
    ]


def test_an_event_told_twice_in_a_sentence_has_the_parties_its_later_word_names():
    got = _typed(
        "Sake has seen heavy fighting on Tuesday, when Wazalendo militiamen clashed with M23 "
        "rebels north of the town."
    )
    assert [(g[0], g[3], g[4]) for g in got] == [("clash", "Wazalendo", "M23: March 23 Movement")]


def test_a_region_ending_the_clause_before_holds_no_place_of_the_next():
    got = _typed(
        "Officials said Azerbaijani drones had targeted Chinari and Berd in Tavush province on "
        "Monday and that its air defences shot down 13 of them."
    )
    assert [g[0] for g in got].count("shoot-down") == 1


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        # The weapon a verb acts with types it, whatever the rest of the sentence names.
        (
            "Azerbaijani forces opened fire with artillery at Armenian positions near Goris on "
            "Monday, and drones had also been used.",
            "shelling",
        ),
        ("Militants attacked the base with drones near Gao on Monday.", "drone strike"),
        ("Troops attacked the village with heavy artillery near Kharkiv on Monday.", "shelling"),
    ],
)
def test_the_weapon_a_verb_acts_with_types_the_event(sentence, label):
    assert [g[0] for g in _typed(sentence)] == [label]


def test_the_rest_of_the_weapons_told_before_are_the_strike_just_told():
    got = _typed(
        "Russian drones hit grain warehouses at the port of Izmail on Monday. Of 15 drones "
        "launched, 13 were shot down over Odesa region. The remaining two hit the port, "
        "damaging a warehouse."
    )
    assert [g[0] for g in got] == ["drone strike", "shoot-down"]


def test_the_strikes_named_again_at_their_place_are_the_strikes_told_there():
    got = _typed(
        "U.S. forces conducted strikes against a radar site on Kamaran Island on Monday. On "
        "Tuesday, a U.S. destroyer shot down a missile over the Gulf of Aden. Houthi officials "
        "said the strikes killed one member of the coast guard on Kamaran Island."
    )
    assert len(got) == 2


def test_a_time_in_am_or_pm_ends_no_sentence_that_goes_on():
    from geo.extract.text import sentences

    text = (
        "Troops crossed the line at 8:30 a.m. on Tuesday, officials said. "
        "They left at 5 p.m. It ended."
    )
    assert [s.text for s in sentences(text)] == [
        "Troops crossed the line at 8:30 a.m. on Tuesday, officials said.",
        "They left at 5 p.m.",
        "It ended.",
    ]


def test_the_splm_n_is_a_party_of_sudans_war():
    got = _typed(
        "Shells fired by fighters of the SPLM-North faction hit residential areas of Kadugli on "
        "Sunday, killing two women."
    )
    assert [g[3] for g in got] == ["SPLM-N (al-Hilu)"]


def test_a_group_that_goes_on_acting_is_the_doer_of_the_event_after():
    got = _typed(
        "Rapid Support Forces fighters attacked Omdurman on Tuesday. The militia continues to "
        "shell residential neighbourhoods of Bahri with artillery. On Wednesday the shelling "
        "killed four civilians in Bahri."
    )
    assert [g[3] for g in got if g[0] == "shelling"] == ["RSF: Rapid Support Forces"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Security forces killed three more khwarij near Tank in Pakistan on Monday.",
        "Troops killed five attackers near Mopti in Mali on Monday.",
    ],
)
def test_fighters_killed_by_the_dozen_are_a_clash(sentence):
    assert [g[0] for g in _typed(sentence)] == ["clash"]


def test_air_interdiction_is_an_air_strike():
    got = _typed(
        "On Monday, the air force conducted air interdiction on terrorists' enclaves in the "
        "Sambisa forest, south of Bama."
    )
    assert [g[0] for g in got] == ["air strike"]


def test_who_the_sources_attribute_the_strike_to_did_it():
    got = _typed(
        "On Tuesday, a drone strike hit a market in Omdurman, killing 21 civilians. Local "
        "sources attributed the strike to the Rapid Support Forces (RSF)."
    )
    assert [g[3] for g in got] == ["RSF: Rapid Support Forces"]


def test_one_of_a_navys_ships_is_that_navy():
    got = _typed(
        "The Italian Navy reported that one of its frigates shot down a Houthi UAV over the "
        "Gulf of Aden on Tuesday."
    )
    assert [(g[3], g[4]) for g in got] == [("Military Forces of Italy", "Houthis (Ansar Allah)")]


@pytest.mark.parametrize(
    ("sentence", "party"),
    [
        (
            "Rebels of the National Salvation Front attacked a military base near Yei on Monday.",
            "NAS: National Salvation Front",
        ),
        (
            "The National Liberation Army claimed responsibility for a drone attack on an army "
            "base in Saravena on Saturday.",
            "ELN: National Liberation Army",
        ),
    ],
)
def test_more_parties_of_the_wars_in_the_news(sentence, party):
    assert [g[3] for g in _typed(sentence)] == [party]


def test_fire_reported_in_a_place_happened_there():
    # "was reported" is no speaker: the place after it is the event's.
    found = _incidents(
        "date 2021-02-18 Pakistani shells hit houses near Mendhar in India on Wednesday. "
        "Mortar fire was reported in Nowshera late on Wednesday night."
    )
    assert [(label, place) for label, _, place, _ in found] == [
        ("shelling", "Mendhar"),
        ("shelling", "Nowshera"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "date 2025-03-26 The Houthis' claim that they struck a U.S. aircraft carrier on March 24 "
        "is false.",
        "date 2025-05-26 The statement of the Ministry of Defence of Azerbaijan that Armenian "
        "units fired at Azerbaijani positions near Sadarak on 24 May does not correspond to "
        "reality.",
        "date 2024-10-09 Since 1 October, Poltava region has had 19 air raid alerts.",
    ],
)
def test_a_claim_called_false_and_an_air_raid_alert_are_no_incidents(text):
    assert _incidents(text) == []


def test_a_claim_called_false_leaves_the_event_told_beside_it():
    found = _incidents(
        "date 2025-05-26 Russian missiles struck Kyiv on Monday, officials said, and Moscow's "
        "claim that it hit only military targets is false."
    )
    assert [(label, place) for label, _, place, _ in found] == [("shelling", "Kyiv")]


def test_an_advisory_items_heading_gives_the_position_of_the_event_told_next():
    found = _incidents(
        "date 2024-02-20 THREAT ADVISORY\nArea: Southern Red Sea\n\n"
        "1. 18 FEB 2024, 2145 UTC — approx 32NM SSW of Mokha. Bulk carrier hit by two anti-ship "
        "ballistic missiles. Crew abandoned ship.\n"
    )
    assert [place for _, _, place, _ in found] == ["32 nm SSW of Mokha"]


def test_arrests_in_connection_with_an_attack_told_before_are_arrests_only():
    found = _incidents(
        "date 2023-04-22 Police detained 12 people in Rajouri, India, on Friday for questioning "
        "in connection with the ambush."
    )
    assert [label for label, *_ in found] == ["arrests"]


def test_damage_told_after_an_attack_in_its_sentence_is_that_attacks():
    found = _incidents(
        "date 2023-04-21 Five soldiers were killed when militants ambushed an army truck near "
        "Poonch, India, on Thursday, firing on the vehicle and hurling grenades that set it "
        "ablaze, the army said."
    )
    assert len(found) == 1


def test_an_event_without_a_place_is_not_put_on_the_region_a_story_names_most():
    # The region the story is about is no place of an event its sentence does not
    # place: that is left for review, not drawn on the region's centre.
    text = (
        "date 2024-03-12 Russian forces pressed on in Kherson region. Officials of Kherson "
        "region said shelling went on all week. A drone struck a car on Monday, police said."
    )
    collection = extract([article_from_text(text, "t.txt", default_date=None)]).collection
    (incident,) = [
        f for f in of_kind(collection, "incident") if f["properties"]["date"] == "2024-03-11"
    ]
    props = incident["properties"]
    assert props["place"] is None and incident["geometry"] is None
    assert props["place_basis"] == "no place found"


def test_a_capital_that_speaks_is_no_place_of_what_it_tells():
    found = _incidents(
        "date 2024-10-09 Moscow claims its forces destroyed two Su-27 jets at Myrhorod "
        "airfield on Monday."
    )
    assert [place for _, _, place, _ in found] == ["Myrhorod Air Base"]


@pytest.mark.parametrize(
    "sentence",
    [
        "No U.S. vessel has been hit.",
        "None of the ships was struck, the navy said.",
        "Neither tanker was hit.",
    ],
)
def test_a_sentence_whose_subject_is_no_one_tells_no_event(sentence):
    assert _incidents(f"date 2025-03-25 {sentence}") == []


def test_a_headline_between_a_masthead_and_a_byline_counts_once():
    got = _incidents(
        "date 2024-04-12 NORTHERN PRESS DIGEST (translated from Arabic)\n"
        "Jets strike depot near Idlib; two killed\n"
        "By our correspondent, Aleppo\n\n"
        "On Wednesday, Russian jets struck a fuel depot near Idlib, killing two workers."
    )
    assert len(got) == 1 and got[0][1] == "2024-04-10"


@pytest.mark.parametrize(
    "text",
    [
        # A tally of many, a place in a series, a party's practice.
        "The coast guard recorded 47 dangerous manoeuvres by Chinese ships near Sandy Cay.",
        "The navy has logged more than 30 unsafe intercepts near Scarborough Shoal this year.",
        "It was the third ambush on the Kidal road in two months.",
        "The ministry insists it strikes only military sites in Kharkiv.",
    ],
)
def test_tallies_series_and_practices_are_no_incident(text):
    assert _typed(text) == []
