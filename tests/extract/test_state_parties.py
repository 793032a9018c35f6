"""The state's forces and police named without their country, and the people they act on.

"Government aircraft", "army warplanes", "Agents of the National Security
Service", "Russia's FSB" are the forces or police of the country the event is
in; "security forces" stay its military. People right after an arrest's verb
("detained a man") and a toll that ends the trigger's clause (", killing at
least 21 people") make civilians the target; those "fought off" attacked.
"""

import pytest

from geo.extract.batch import extract
from geo.read.articles import article_from_text
from tests.helpers import of_kind


def _parties(text: str) -> list[tuple[str, str | None, str | None]]:
    article = article_from_text(f"date 2025-03-18 {text}", "t.txt", default_date=None)
    return [
        (p["event_type"], p["actor1"], p["actor2"])
        for p in (f["properties"] for f in of_kind(extract([article]).collection, "incident"))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Government aircraft dropped barrel bombs on Malakal, in Upper Nile state, on Sunday "
            "night, killing at least 21 people, local officials said.",
            (
                "Explosions/Remote violence",
                "Military Forces of South Sudan",
                "Civilians (South Sudan)",
            ),
        ),
        (
            "Last Thursday, army warplanes bombed the market in El Obeid, killing 11 civilians.",
            ("Explosions/Remote violence", "Military Forces of Sudan", "Civilians (Sudan)"),
        ),
        (
            "Agents of the National Security Service arrested a journalist at his home in Juba "
            "on Monday.",
            ("Strategic developments", "Police Forces of South Sudan", "Civilians (South Sudan)"),
        ),
        (
            "Russia's FSB security service says it has detained a man in Bryansk on Monday on "
            "suspicion of passing the locations of air defence units to Ukrainian intelligence.",
            ("Strategic developments", "Police Forces of Russia", "Civilians (Russia)"),
        ),
        (
            "On Tuesday, members of the government forces and allied gunmen shot dead 12 men "
            "inside a guesthouse in Homs.",
            ("Violence against civilians", "Military Forces of Syria", "Civilians (Syria)"),
        ),
        (
            # A security service under any title is the state's police; military
            # intelligence is the army's.
            "In Azerbaijan, the State Security Service said it had detained a resident of Gazakh "
            "on Wednesday.",
            ("Strategic developments", "Police Forces of Azerbaijan", "Civilians (Azerbaijan)"),
        ),
        (
            "In Sudan, military intelligence detained six activists in Atbara yesterday, a "
            "lawyers' group said.",
            ("Strategic developments", "Military Forces of Sudan", "Civilians (Sudan)"),
        ),
        (
            # The people detained are the target, not the group they are accused of helping.
            "In Sudan, military intelligence detained six activists in Atbara, accusing them of "
            "collaborating with the RSF.",
            ("Strategic developments", "Military Forces of Sudan", "Civilians (Sudan)"),
        ),
        (
            "Israeli air strikes hit the centre of Nabatieh on Wednesday, killing the town's mayor "
            "and at least five other people, Lebanon's health ministry said.",
            ("Explosions/Remote violence", "Military Forces of Israel", "Civilians (Lebanon)"),
        ),
        (
            "Indian jets struck a seminary in Bahawalpur early on Wednesday.",
            ("Explosions/Remote violence", "Military Forces of India", "Civilians (Pakistan)"),
        ),
    ],
)
def test_the_state_and_the_people_it_acts_on(text, expected):
    assert expected in _parties(text)


def test_security_forces_are_the_military_not_the_police():
    found = _parties(
        "In raids on Sunday, security forces killed 12 militants in hideouts near Sheikh "
        "Zuweid in North Sinai."
    )
    assert found and found[0][1] == "Military Forces of Egypt"


def test_those_fought_off_attacked():
    found = _parties(
        "Members of a vigilante force fought off bandits who tried to overrun their post near "
        "Faskari in Katsina State yesterday."
    )
    assert found == [("Battles", "Unidentified Armed Group (Nigeria)", None)]


def test_who_struck_a_mine_was_hit_by_it():
    found = _parties(
        "On Friday, an army vehicle struck an improvised explosive device near Tera, wounding "
        "three soldiers."
    )
    assert found == [("Explosions/Remote violence", None, "Military Forces of Niger")]


def test_the_doer_of_a_passive_told_past_its_places():
    found = _parties(
        "A drone approaching from the south was shot down over the Gulf of Aqaba, south of "
        "Eilat, by Israeli fighter jets on Sunday."
    )
    assert found and found[0][1] == "Military Forces of Israel"


def test_civilians_killed_in_the_passive_after_the_strike_were_its_target():
    found = _parties(
        "The SDF shelled Hajin with mortars on Sunday, and at least four civilians were killed."
    )
    assert found == [
        ("Explosions/Remote violence", "Syrian Democratic Forces", "Civilians (Syria)")
    ]


def test_tribal_fighters_are_an_ethnic_militia_of_the_events_country():
    found = _parties(
        "On Sunday, the Syrian Democratic Forces clashed with Arab tribal fighters in Dhiban."
    )
    assert found == [("Battles", "Syrian Democratic Forces", "Arab Ethnic Militia (Syria)")]


def test_the_owner_of_a_thing_taken_is_no_doer():
    found = _parties(
        "The Myanmar National Democratic Alliance Army (MNDAA) announced on Saturday that it had "
        "seized the junta's Northeastern Command headquarters in Lashio and taken full control "
        "of the town."
    )
    assert found and found[0][1].startswith("MNTJP/MNDAA")
    assert found[0][2] == "Military Forces of Myanmar"


def test_who_planted_the_device_set_it_off():
    found = _parties(
        "Two soldiers were killed when an explosive device planted by the Jalisco New "
        "Generation Cartel (CJNG) went off under their vehicle near Uruapan on Sunday."
    )
    assert found == [
        (
            "Explosions/Remote violence",
            "CJNG: Jalisco New Generation Cartel",
            "Military Forces of Mexico",
        )
    ]


def test_workers_wounded_are_civilians():
    found = _parties(
        "Russian forces dropped guided aerial bombs on Zaporizhzhia overnight, hitting an "
        "industrial enterprise and wounding four workers."
    )
    assert found == [
        ("Explosions/Remote violence", "Military Forces of Russia", "Civilians (Ukraine)")
    ]


def test_the_cartel_points_back_at_the_cartel_told_before():
    found = _parties(
        "On Sunday, the Jalisco New Generation Cartel (CJNG) attacked a police post in Uruapan. "
        "On Monday, soldiers arrested three alleged members of the cartel in Uruapan."
    )
    assert (
        "Strategic developments",
        "Military Forces of Mexico",
        "CJNG: Jalisco New Generation Cartel",
    ) in found


def test_faca_soldiers_are_the_central_african_army():
    found = _parties(
        "On Monday night, FACA soldiers searched a village near Paoua and arrested 12 young men."
    )
    assert found and found[0][1] == "Military Forces of the Central African Republic"


@pytest.mark.parametrize(
    ("where", "mission"),
    [
        ("near Bunia", "MONUSCO: United Nations Organization Stabilization Mission"),
        ("near Bangassou", "MINUSCA: United Nations Multidimensional Integrated Stabilization"),
        ("near Malakal", "UNMISS: United Nations Mission in South Sudan"),
    ],
)
def test_un_peacekeepers_are_the_mission_of_the_events_country(where, mission):
    found = _parties(f"UN peacekeepers exchanged fire with militiamen {where} on Tuesday.")
    assert found and found[0][1].startswith(mission)


def test_a_party_in_an_aside_is_not_the_subject():
    found = _parties(
        "In South Kordofan, the Sudan People's Liberation Movement-North (SPLM-N), an ally of "
        "the RSF, shelled residential areas of Kadugli yesterday, killing three civilians."
    )
    assert found and found[0][1] == "SPLM-N (al-Hilu)"


def test_the_teller_who_says_its_units_did_it_past_an_aside():
    found = _parties(
        "The SDF said its units, backed by the US-led coalition, had arrested five suspects in "
        "a raid on a house in Hajin yesterday."
    )
    assert found and found[0][1] == "Syrian Democratic Forces"


def test_farc_dissidents_are_all_the_dissident_factions_the_emc_its_own():
    assert (
        _parties(
            "Dissidents of the former FARC guerrilla attacked the police station in Argelia, in "
            "Cauca, on Monday night."
        )[0][1]
        == "FARC Dissidents"
    )
    assert (
        _parties(
            "Fighters of the Estado Mayor Central (EMC) attacked a police station in Argelia, in "
            "Cauca, on Monday night."
        )[0][1]
        == "Central General Staff"
    )


def test_a_garrison_overrun_is_territory_taken_from_the_state():
    assert _parties("The White Army overran the army garrison in Malakal on Monday.") == [
        (
            "Battles",
            "Nuer Ethnic Militia (South Sudan)",
            "Military Forces of South Sudan",
        )
    ]


def test_rangers_are_the_forces_of_the_events_country():
    found = _parties(
        "A roadside bomb exploded under a pickup carrying rangers on patrol in Narathiwat "
        "province on Monday morning."
    )
    assert found and found[0][2] == "Military Forces of Thailand"


def test_a_terrorist_cell_in_a_report_naming_one_group_is_that_group():
    found = _parties(
        "Hezbollah fired rockets at Kiryat Shmona on Tuesday. In addition, an IAF aircraft "
        "struck a terrorist cell that was identified operating near Khiam on Tuesday."
    )
    assert ("Explosions/Remote violence", "Military Forces of Israel", "Hezbollah") in found


def test_a_group_unknown_to_the_lexicon_is_named_by_its_acronym_and_name():
    found = _parties(
        "We regret that Chin National Army (CNA) troops attacked our positions near Hakha on "
        "2 April, killing two of our members."
    )
    assert found and found[0][1] == "CNA: Chin National Army"


def test_an_acronym_of_the_name_in_another_language_and_an_aside_describing_the_group():
    found = _parties(
        "On Sunday, fighters of the Convention for the Popular Revolution (CRP), a new armed "
        "group recruiting among the Hema community, clashed with CODECO in Mongbwalu."
    )
    assert found and found[0][1] == "CRP: Convention for the Popular Revolution"


def test_a_ministry_or_a_teller_by_acronym_is_no_party():
    found = _parties(
        "Suspected Boko Haram insurgents killed at least 11 farmers near Maiduguri on Saturday, "
        "residents and members of the Civilian Joint Task Force (CJTF) said."
    )
    assert found and found[0][2] == "Civilians (Nigeria)"
    found = _parties("The Ministry of Defence (MoD) said troops killed five militants near Hakha.")
    assert all(not (p[1] or "").startswith("MoD") for p in found)


def test_the_military_council_is_the_junta():
    found = _parties(
        "During the final assault, the military council's aircraft bombed residential wards of "
        "Hakha on 5 April, killing two civilians."
    )
    assert found == [
        ("Explosions/Remote violence", "Military Forces of Myanmar", "Civilians (Myanmar)")
    ]


def test_forces_in_an_area_another_state_holds_are_the_holders():
    found = _parties(
        "In Crimea, the governor of Sevastopol said air defences had shot down three Ukrainian "
        "drones over Sevastopol overnight."
    )
    assert (
        "Strategic developments",
        "Military Forces of Russia",
        "Military Forces of Ukraine",
    ) in found


def test_an_airbase_struck_is_the_states_and_in_crimea_russias():
    found = _parties(
        "Ukrainian drones hit an air-defence system at the Saky airbase early on Thursday, the "
        "Russian defence ministry said."
    )
    assert found and found[0][1:] == ("Military Forces of Ukraine", "Military Forces of Russia")


def test_an_airbase_inside_the_trigger_is_the_target():
    # The trigger "missiles reached the Nevatim airbase" spans its object.
    found = _parties(
        "A handful of Iranian ballistic missiles reached the Nevatim airbase in the Negev on "
        "Sunday, causing light damage to a taxiway, the Israeli military said."
    )
    assert found and found[0][1:] == ("Military Forces of Iran", "Military Forces of Israel")


def test_a_state_body_by_its_acronym_is_no_armed_group():
    found = _parties(
        "Members of the Internal Security Forces (ISF) raided a house in Tripoli, Lebanon, on "
        "Monday and arrested two men."
    )
    assert all(not (p[1] or "").startswith("ISF") for p in found)


def test_tribal_fighters_with_no_name_are_no_communal_militia():
    found = _parties("The tribal fighters attacked a checkpoint near Kutum on Monday.")
    assert all("Ethnic Militia" not in (p[1] or "") for p in found)


def test_a_clan_militia_is_named_by_its_clan():
    found = _parties("Hawiye clan militia attacked a checkpoint near Baidoa on Monday.")
    assert found and found[0][1] == "Hawiye Clan Militia (Somalia)"


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        (
            "Pakistani troops fired mortars and small arms at Indian posts near Poonch on "
            "Wednesday.",
            ("Military Forces of Pakistan", "Military Forces of India"),
        ),
        (
            "Azerbaijani forces shelled Armenian outposts near Jermuk on Tuesday.",
            ("Military Forces of Azerbaijan", "Military Forces of Armenia"),
        ),
        (
            "A Russian drone hit a Ukrainian checkpoint near Kupiansk on Monday.",
            ("Military Forces of Russia", "Military Forces of Ukraine"),
        ),
    ],
)
def test_a_states_posts_and_checkpoints_are_its_forces_and_a_list_of_weapons_is_fired(text, actors):
    assert [p[1:] for p in _parties(text)] == [actors]


def test_a_countrys_posts_on_social_media_are_no_forces():
    assert _parties("Ukrainian Telegram posts said that drones struck Kursk on Monday.") == [
        ("Explosions/Remote violence", None, None)
    ]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "A drone attack on a military graduation ceremony in Homs killed dozens on Thursday.",
            "Military Forces of Syria",
        ),
        (
            "Insurgents stormed a military base near Maiduguri on Monday.",
            "Military Forces of Nigeria",
        ),
    ],
)
def test_a_military_place_attacked_is_the_forces_of_the_events_country(text, target):
    assert [p[2] for p in _parties(text)] == [target]


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        (
            "Army troops came under fire while patrolling near Culiacan on Monday.",
            (None, "Military Forces of Mexico"),
        ),
        (
            "A Malian army convoy came under attack from JNIM fighters near Gao on Monday.",
            ("JNIM: Group for Support of Islam and Muslims", "Military Forces of Mali"),
        ),
        (
            "Ukrainian positions near Pokrovsk came under heavy Russian shelling on Monday.",
            ("Military Forces of Russia", "Military Forces of Ukraine"),
        ),
    ],
)
def test_who_came_under_fire_was_attacked_by_whom_it_came_from(text, actors):
    assert [p[1:] for p in _parties(text)] == [actors]


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        (
            "Two civilians were killed by a Russian drone in Kherson on Monday.",
            ("Military Forces of Russia", "Civilians (Ukraine)"),
        ),
        (
            "Three people were killed by a Russian ballistic missile in Odesa on Monday.",
            ("Military Forces of Russia", "Civilians (Ukraine)"),
        ),
        (
            "A fisherman was killed by shells fired from an Israeli navy boat off Khan Younis "
            "on Monday.",
            ("Military Forces of Israel", "Civilians (Palestine)"),
        ),
    ],
)
def test_killed_by_a_states_weapon_is_an_event_of_that_state_on_whom_it_killed(text, actors):
    assert [p[1:] for p in _parties(text)] == [actors]


def test_a_countrys_fishing_boat_is_no_state_force():
    parties = _parties(
        "Chinese coast guard vessels rammed a Vietnamese fishing boat near the Paracel Islands "
        "on Monday."
    )
    assert [p[1] for p in parties] == ["China Coast Guard"]
    assert all(not (p[2] or "").startswith("Military Forces") for p in parties)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Chinese coast guard vessels rammed a Vietnamese fishing boat near the Paracel "
            "Islands on Monday.",
            "Civilians (Vietnam)",
        ),
        (
            "Israeli jets struck a Syrian refugee camp near Baalbek in Lebanon on Monday.",
            "Civilians (Syria)",
        ),
        (
            "Russian missiles struck residential buildings in Kharkiv, Ukraine, on Monday.",
            "Civilians (Ukraine)",
        ),
    ],
)
def test_civilians_are_of_the_country_named_with_them_else_of_the_place(text, target):
    assert [p[2] for p in _parties(text)] == [target]


def test_a_civilian_target_inside_the_trigger_makes_civilians_the_target():
    # The seizure's trigger holds its object: "boarded a Filipino fishing boat".
    assert _parties(
        "On Monday, men from a Chinese maritime militia vessel boarded a Filipino fishing boat "
        "near Sabina Shoal and took its catch."
    ) == [
        (
            "Strategic developments",
            "People's Armed Forces Maritime Militia",
            "Civilians (Philippines)",
        )
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Israeli fire killed three Palestinians near Khan Younis on Monday.",
            ("Violence against civilians", "Military Forces of Israel", "Civilians (Palestine)"),
        ),
        (
            "An Israeli air strike killed five Palestinians in Rafah on Monday.",
            ("Explosions/Remote violence", "Military Forces of Israel", "Civilians (Palestine)"),
        ),
        (
            "Israeli gunfire hit a clearly marked UN vehicle in Nuseirat on Monday.",
            ("Violence against civilians", "Military Forces of Israel", "Civilians (Palestine)"),
        ),
    ],
)
def test_people_named_by_their_nation_a_states_fire_and_the_uns_vehicles(text, expected):
    assert _parties(text) == [expected]


def test_a_countrys_fire_brigade_is_no_fire():
    from geo.extract.parties import actors_in
    from geo.extract.text import Span

    def parties(text: str) -> list[str]:
        return [who for _, _, who in actors_in(text, Span(0, len(text), text))]

    assert parties("Russian fire brigades put out the blaze in Belgorod on Monday.") == []
    assert parties("Israeli fire killed three men.") == ["Military Forces of Israel"]


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        (
            "Hamas's armed wing said its fighters destroyed an Israeli tank in Shujaiya, Gaza, "
            "on Monday.",
            ("Hamas Movement", "Military Forces of Israel"),
        ),
        (
            "An anti-tank missile fired from Lebanon hit an electricity company crew working "
            "near Matsuva, Israel, on Monday.",
            (None, "Civilians (Israel)"),
        ),
        (
            "A Fulani association says VDP volunteers killed 12 civilians in a hamlet near "
            "Diapaga, Burkina Faso, on Sunday, accusing them of feeding the jihadists.",
            ("Volunteers for the Defense of the Homeland", "Civilians (Burkina Faso)"),
        ),
    ],
)
def test_a_tank_a_country_things_came_from_and_the_people_a_killing_names(text, actors):
    assert [p[1:] for p in _parties(text)] == [actors]


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        (
            "Fighters of the CSP-PSD rebel coalition attacked the army camp in Léré, Mali, on "
            "Monday.",
            None,
        ),
        ("The Saudi-led coalition bombed Sanaa, Yemen, on Monday.", None),
        (
            "Coalition jets struck Islamic State positions near Raqqa, Syria, on Monday.",
            "U.S.-led coalition",
        ),
    ],
)
def test_another_coalition_is_not_the_us_led_one(text, actor1):
    assert [p[1] for p in _parties(text)] == [actor1]


def test_troops_that_resorted_to_unprovoked_firing_fired():
    assert _parties(
        "On Monday night, Indian troops resorted to unprovoked firing with mortars on villages "
        "near Khuiratta, Pakistan."
    ) == [("Explosions/Remote violence", "Military Forces of India", "Civilians (Pakistan)")]


def test_a_quadcopter_is_a_drone_and_its_adjective_its_owner():
    found = _parties(
        "An Azerbaijani quadcopter dropped an explosive on an Armenian position near Kajaran on "
        "Tuesday, the ministry said."
    )
    assert found and found[0] == (
        "Explosions/Remote violence",
        "Military Forces of Azerbaijan",
        "Military Forces of Armenia",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Occupation police detained four residents of Starobilsk last week.",
            ("Police Forces of Russia", "Civilians (Ukraine)"),
        ),
        (
            "The occupation forces shelled Nikopol on Tuesday, wounding two people, the governor "
            "said.",
            ("Military Forces of Russia", "Civilians (Ukraine)"),
        ),
        (
            "Occupation forces arrested 14 residents of Qabatiya, south of Jenin, on Wednesday.",
            ("Military Forces of Israel", "Civilians (Palestine)"),
        ),
    ],
)
def test_the_occupation_forces_are_the_occupiers_of_the_events_country(text, expected):
    found = _parties(text)
    assert found and found[0][1:] == expected


def test_occupation_forces_where_no_state_occupies_are_nobody():
    found = _parties("Occupation forces fired at a checkpoint near Bamako in Mali on Monday.")
    assert all(p[1] is None for p in found)


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        (
            "CCG 5402 rammed a Vietnam Coast Guard ship near Vanguard Bank on Thursday.",
            "China Coast Guard",
        ),
        (
            "The Malaysian Maritime Enforcement Agency detained a Vietnamese fishing vessel and "
            "its 16 crew off Bintulu on Tuesday.",
            "Malaysian Maritime Enforcement Agency",
        ),
    ],
)
def test_coast_guards_by_acronym_and_by_agency_name(text, actor1):
    found = _parties(text)
    assert found and found[0][1] == actor1


def test_the_palestinian_authoritys_forces_are_its_police_and_the_nablus_group_is_named():
    found = _parties(
        "Palestinian Authority security forces arrested two members of the Lions' Den in Nablus "
        "on Sunday."
    )
    assert found and found[0][1:] == ("Police Forces of Palestine", "Lions' Den")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A country by its initials; joint doers, the first named first.
        (
            "A suspected US drone strike hit a car near Habban in Yemen late on Monday.",
            ("Military Forces of the United States", "Civilians (Yemen)"),
        ),
        (
            "Overnight, U.S. and U.K. aircraft struck Houthi command-and-control sites near the "
            "city of Hajjah.",
            ("Military Forces of the United States", "Houthis (Ansar Allah)"),
        ),
        # A warship by its class.
        (
            "A Greek frigate shot down a one-way attack drone heading towards a tanker in the Gulf "
            "of Aden on Monday.",
            ("Military Forces of Greece", None),
        ),
    ],
)
def test_states_by_initials_joint_doers_and_warships(text, expected):
    found = _parties(text)
    assert found and found[0][1:] == expected


def test_a_clause_after_a_comma_and_is_no_joint_doer():
    found = _parties(
        "Government forces shelled Al-Atarib in Syria, killing four civilians, and Russian "
        "warplanes carried out air strikes near Jisr al-Shughur."
    )
    assert found[-1][1] == "Military Forces of Russia"


@pytest.mark.parametrize(
    "text",
    [
        "A 17-year-old was killed by Israeli tank fire in Jabalia in Gaza this morning.",
        "A minibus carrying volunteers was hit by a Russian FPV drone near Kherson, Ukraine.",
        "Russian artillery shelled Vovchansk in Ukraine, setting fire to a grain store and "
        "injuring a farmer.",
        "A drone strike hit a group of people outside a distribution point in Bureij in Gaza, "
        "killing four, medics said.",
    ],
)
def test_people_hit_and_their_vehicles_are_civilians(text):
    found = _parties(text)
    assert found and (found[0][2] or "").startswith("Civilians")


def test_officers_who_act_are_their_service_and_who_speak_tell():
    acted = _parties("FSB officers detained a Belgorod resident on Tuesday, the agency said.")
    assert acted and acted[0][1] == "Police Forces of Russia"


def test_people_hit_by_one_event_do_not_do_the_next():
    found = _parties(
        "On Monday shelling killed two civilians in Kharkiv, Ukraine, hours after a drone attack "
        "on a school in Izium."
    )
    assert [a1 for _, a1, _ in found] == [None, None]


def test_young_men_who_throw_stones_are_rioters_of_the_events_country():
    found = _parties("In Jenin, young men threw stones at Israeli armoured vehicles on Monday.")
    assert [p[:2] for p in found] == [("Riots", "Rioters (Palestine)")]


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        # An article opening the sentence is no owner of the forces.
        (
            "An army helicopter fired on a convoy near Kidal, in Mali, on Sunday.",
            "Military Forces of Mali",
        ),
        (
            "A Navy gunboat intercepted a smuggling boat off Zamboanga City, in the Philippines, "
            "on Sunday.",
            "Military Forces of the Philippines",
        ),
        # The forces' own unit named after them.
        (
            "Soldiers of the Northern Command clashed with gunmen in Kaduna, Nigeria, on Sunday.",
            "Military Forces of Nigeria",
        ),
        # Guards of the state, named without their country.
        (
            "National Guard troops raided a ranch near Culiacan, in Mexico, on Sunday.",
            "Military Forces of Mexico",
        ),
        (
            "A coast guard cutter fired warning shots at a fishing boat off Sfax, Tunisia, on "
            "Sunday.",
            "Military Forces of Tunisia",
        ),
        # The teller's own unit did it.
        (
            "The police said its tactical team had raided a gang hideout in Port-au-Prince, Haiti, "
            "on Sunday.",
            "Police Forces of Haiti",
        ),
    ],
)
def test_forces_named_without_their_country_in_other_words(text, actor1):
    found = _parties(text)
    assert found and found[0][1] == actor1


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        (
            "A bomb planted by unidentified individuals exploded at a checkpoint in Jamrud, "
            "Pakistan, on Sunday, wounding two policemen.",
            "Unidentified Armed Group (Pakistan)",
            None,
        ),
        (
            "Five pirates armed with rifles boarded a bulk carrier off Eyl, Somalia, on Sunday.",
            "Unidentified Armed Group (Somalia)",
            None,
        ),
        # Herders who act are a communal militia of their people; herders hit are not a party.
        (
            "Armed Fulani herdsmen attacked farmers near Bokkos, Nigeria, on Sunday.",
            "Fulani Ethnic Militia (Nigeria)",
            None,
        ),
        (
            "Gunmen shot dead four herders near Bokkos, Nigeria, on Sunday.",
            "Unidentified Armed Group (Nigeria)",
            None,
        ),
    ],
)
def test_armed_men_named_by_what_they_do(text, actor1, actor2):
    found = _parties(text)
    assert found and found[0][1] == actor1
    if actor2 is not None:
        assert found[0][2] == actor2
    else:
        assert not (found[0][2] or "").startswith(("Fulani", "Unidentified"))


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        # An occupied country's officials name the occupying state's forces so.
        (
            "The occupiers dropped a bomb on a shop in Kherson on Sunday.",
            "Military Forces of Russia",
        ),
        ("The enemy fired rockets at Mykolaiv overnight.", "Military Forces of Russia"),
        ("Russian invaders shelled Kupiansk on Sunday.", "Military Forces of Russia"),
        # A foe named as a thing's owner is the teller's foe, not the occupier.
        (
            "Ukrainian drones struck enemy depots near Tokmak on Sunday.",
            "Military Forces of Ukraine",
        ),
    ],
)
def test_the_occupier_by_the_names_the_occupied_give_it(text, actor1):
    found = _parties(text)
    assert found and found[0][1] == actor1


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        (
            "Naxalites set fire to two mobile towers near Bijapur, in Chhattisgarh, on Sunday.",
            "CPI (Maoist): Communist Party of India (Maoist)",
        ),
        (
            "Abu Sayyaf gunmen attacked a village near Jolo, in Sulu, on Sunday.",
            "ASG: Abu Sayyaf Group",
        ),
        (
            "New People's Army rebels ambushed an army patrol near Bislig, in Surigao del Sur, on "
            "Sunday.",
            "NPA: New People's Army",
        ),
    ],
)
def test_the_insurgents_of_india_and_the_philippines_are_named(text, actor1):
    found = _parties(text)
    assert found and found[0][1] == actor1


def test_people_counted_roughly_after_an_arrest_are_its_target_not_the_group_named_later():
    found = _parties(
        "Soldiers detained about 30 young men in Nekemte, Ethiopia, on Sunday on suspicion of "
        "supporting the OLA."
    )
    assert found and found[0][2] == "Civilians (Ethiopia)"


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        # Officers who act are their force; officers who speak only tell.
        (
            "Army officers detained two smugglers near Ruwaished, in Jordan, on Sunday.",
            "Military Forces of Jordan",
            None,
        ),
        # A state's numbered unit, and those it fought off attacked it.
        (
            "The 47th Mechanised Brigade repelled an assault near Avdiivka on Sunday.",
            None,
            "Military Forces of Ukraine",
        ),
    ],
)
def test_officers_who_act_and_numbered_units_are_the_state_s_forces(text, actor1, actor2):
    found = _parties(text)
    assert found and found[0][1] == actor1
    if actor2 is not None:
        assert found[0][2] == actor2
