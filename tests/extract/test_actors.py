import pytest

from geo.extract.roles import actors_of
from geo.extract.text import Span
from tests.helpers import of_kind


def _actors(sentence: str, trigger: str):
    start = sentence.index(trigger)
    return actors_of(
        sentence, Span(0, len(sentence), sentence), Span(start, start + len(trigger), trigger)
    )


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        (
            "Coalition aircraft struck two trucks of an Iranian-backed militia.",
            "struck",
            ("U.S.-led coalition", "pro-regime forces"),
        ),
        (
            "The vehicles were bombed by American jets.",
            "bombed",
            ("Military Forces of the United States", None),
        ),
        (
            "Regime forces were struck by coalition warplanes near the base.",
            "struck",
            # the government's forces, named by the country the event is in
            ("U.S.-led coalition", "Military Forces"),
        ),
        (
            "ISIS fighters attacked SDF positions east of the river.",
            "attacked",
            ("Islamic State", "Syrian Democratic Forces"),
        ),
        ("An explosion was heard.", "explosion", (None, None)),
        # What a state drops or fires is its forces'.
        (
            "A Russian glide bomb hit a five-storey building in Krasnopillia.",
            "hit",
            ("Military Forces of Russia", None),
        ),
        # The government's ships, named by what it is: the forces of where it happened;
        # villages shelled are the civilians'.
        (
            "Regime navy vessels shelled villages near Kyauktaw.",
            "shelled",
            ("Military Forces", "Civilians"),
        ),
        # Who the teller blames did it.
        (
            "A drone struck a rebel position near Rutshuru, an M23 spokesman said, blaming the "
            "Congolese army.",
            "struck",
            ("Military Forces of the Democratic Republic of Congo", None),
        ),
        # Russia's fleets, and Russian statements' name for Ukraine's forces.
        (
            "An aircraft of the Black Sea Fleet destroyed an uncrewed boat of the Ukrainian navy.",
            "destroyed",
            ("Military Forces of Russia", "Military Forces of Ukraine"),
        ),
        (
            "The Kyiv regime attacked facilities in Crimea with drones.",
            "attacked",
            ("Military Forces of Ukraine", None),
        ),
        # A state's forces by the country's adjective or name, as ACLED names them.
        (
            "A Russian Iskander missile struck a fuel depot near Kharkiv.",
            "struck",
            ("Military Forces of Russia", None),
        ),
        (
            "Azerbaijani forces opened fire with artillery at Armenian positions near Sotk.",
            "opened fire",
            ("Military Forces of Azerbaijan", "Military Forces of Armenia"),
        ),
        (
            "North Korea fired about 200 rounds into the sea.",
            "fired",
            ("Military Forces of North Korea", None),
        ),
        # Who reports it is no party to it.
        (
            "Most rockets were intercepted, the Israeli military said, and one hit a house.",
            "hit",
            (None, "Civilians"),
        ),
        # A target outside any armed party: civilians, named by the place's country later.
        ("Drones struck a residential building in Odesa.", "struck", (None, "Civilians")),
    ],
)
def test_who_acted_on_whom(sentence, trigger, expected):
    assert _actors(sentence, trigger) == expected


def test_civilians_are_named_by_the_country_of_the_event_place():
    import datetime as dt

    from geo.extract.batch import Extractor
    from geo.geocode.gazetteer import default_gazetteer
    from geo.read.articles import Article

    extractor = Extractor(default_gazetteer())
    extractor.add(
        Article(
            "a.txt",
            "A Russian drone struck a residential building in Odesa on Monday.",
            dt.date(2024, 3, 5),
            "test",
        )
    )
    (incident,) = [
        f["properties"]
        for f in extractor.finish().collection()["features"]
        if f["properties"]["kind"] == "incident"
    ]
    assert (incident["actor1"], incident["actor2"]) == (
        "Military Forces of Russia",
        "Civilians (Ukraine)",
    )


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        (
            "Houthi forces fired two anti-ship missiles at a tanker in the Red Sea.",
            "fired two anti-ship missiles at",
            ("Houthis (Ansar Allah)", "Civilians"),
        ),
        (
            "The Rapid Support Forces shelled army positions in El Fasher.",
            "shelled",
            ("RSF: Rapid Support Forces", "Military Forces"),  # the army's: where it happens
        ),
        (
            # A warring army's name for its enemy: data/actors.csv lists it as a variant.
            "RSF paramilitaries shelled army positions in El Fasher.",
            "shelled",
            ("RSF: Rapid Support Forces", "Military Forces"),
        ),
        (
            "A Chinese coast guard ship fired a water cannon at a Philippine Coast Guard vessel.",
            "water cannon",
            ("China Coast Guard", "Philippine Coast Guard"),
        ),
    ],
)
def test_the_parties_of_the_wars_in_the_news_are_named_from_the_sourced_lexicon(
    sentence, trigger, expected
):
    assert _actors(sentence, trigger) == expected


def _parties(text):
    """Return (place, actor1, actor2) of each incident geo reads from one report."""
    from geo.extract.batch import extract
    from geo.read.articles import article_from_text
    from tests.helpers import of_kind

    article = article_from_text(f"date 2024-05-15 {text}", "t.txt", default_date=None)
    return sorted(
        (f["properties"]["place"], f["properties"]["actor1"], f["properties"]["actor2"])
        for f in of_kind(extract([article]).collection, "incident")
    )


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # A party that tells of its own act is who acted; one that tells of another's is not.
        ("Hezbollah said it fired guided missiles at an Israeli post.", "fired", "Hezbollah"),
        (
            "The China Coast Guard said on Monday it had boarded the vessels.",
            "boarded",
            "China Coast Guard",
        ),
        ("Hezbollah said Israeli jets struck a house.", "struck", "Military Forces of Israel"),
        # The country after a word that is none: "on Tuesday that Azerbaijani forces".
        (
            "The ministry said on Tuesday that Azerbaijani forces had shelled Armenian positions.",
            "shelled",
            "Military Forces of Azerbaijan",
        ),
        # Adjectives of countries whose stem is another country, and peoples.
        ("Nigerian troops attacked a camp.", "attacked", "Military Forces of Nigeria"),
        ("The Russians shelled the village.", "shelled", "Military Forces of Russia"),
        # Armed men named by what they are.
        ("Unidentified aircraft bombed a convoy.", "bombed", "Unidentified Military Forces"),
        ("Gunmen attacked a village.", "attacked", "Unidentified Armed Group"),
        # An attack by someone: the one after "by" did it.
        (
            "Troops repelled an attack by the RSF on the town.",
            "attack",
            "RSF: Rapid Support Forces",
        ),
        # A passive with no agent names who was hit, not who hit.
        ("A convoy escorted by soldiers was ambushed near the town.", "ambushed", None),
    ],
)
def test_who_acted_is_read_from_how_the_sentence_tells_it(sentence, trigger, expected):
    assert _actors(sentence, trigger)[0] == expected


def test_the_two_sides_of_clashes_between_them_are_the_two_parties():
    assert _actors("Clashes between the SDF and the Islamic State continued.", "Clashes") == (
        "Syrian Democratic Forces",
        "Islamic State",
    )


def test_a_party_in_another_clause_is_not_the_target():
    # "killing two Hezbollah fighters" belongs to the drone strike, not to the air strikes.
    sentence = (
        "Israeli air strikes hit houses in Aita al-Shaab, and an Israeli drone struck a car "
        "near Khiam, killing two Hezbollah fighters."
    )
    assert _actors(sentence, "hit") == ("Military Forces of Israel", "Civilians")
    assert _actors(sentence, "struck") == ("Military Forces of Israel", "Hezbollah")


def test_forces_named_without_their_country_are_those_of_the_country_the_event_is_in():
    assert _parties("Our forces repelled an attack by the RSF on El Fasher on Tuesday.") == [
        ("El Fasher", "RSF: Rapid Support Forces", "Military Forces of Sudan")
    ]
    # Named with their country, they are that country's, wherever they are.
    assert _parties("Russian troops attacked Vovchansk on Tuesday.") == [
        ("Vovchansk", "Military Forces of Russia", None)
    ]


def test_a_sentence_that_names_no_doer_continues_the_story_just_told():
    got = _parties(
        "Russian drones struck Izmail on Tuesday. Hours later, a missile hit a depot in "
        "Odesa. Ukrainian air defences shot down two drones over Mykolaiv on Tuesday."
    )
    assert ("Odesa", "Military Forces of Russia", None) in got
    # Another kind of event does not take the doer of the one before.
    assert [a1 for place, a1, _ in got if place.startswith("Mykola")] == [
        "Military Forces of Ukraine"
    ]


def test_the_militants_point_back_at_the_group_told_before():
    got = _parties(
        "Al-Shabaab fighters attacked an army base in Jowhar on Tuesday. "
        "The militants then ambushed a convoy near Balcad on Tuesday."
    )
    assert [a1 for _, a1, _ in got] == ["Al Shabaab", "Al Shabaab"]


def test_unnamed_gunmen_are_an_unidentified_armed_group_of_the_country():
    got = _parties("Gunmen attacked a village near Mopti on Tuesday, killing five villagers.")
    assert got == [("Mopti", "Unidentified Armed Group (Mali)", "Civilians (Mali)")]


def test_a_ships_crew_at_sea_is_of_no_country_the_place_tells():
    got = _parties("A missile struck a bulk carrier 40 nautical miles east of Aden on Tuesday.")
    assert [a2 for _, _, a2 in got] == ["Civilians"]


def test_who_claims_an_unattributed_attack_did_it():
    got = _parties(
        "A suicide bomber blew himself up at a restaurant in Mogadishu on Friday, killing "
        "32 people. Al-Shabaab claimed the attack."
    )
    assert [a1 for _, a1, _ in got] == ["Al Shabaab"]
    # "No group claimed it" names nobody.
    got = _parties("A bomb exploded near a bus stand in Beni on Sunday. No group claimed it.")
    assert [a1 for _, a1, _ in got] == [None]


def test_a_claim_later_in_the_events_paragraph_names_its_doer():
    # The claim four sentences on, its claimant named with a label of its own.
    story = (
        "About 20 rockets were fired at Kiryat Shmona on Monday. Most were intercepted. "
        "The rest fell in open areas. No injuries were reported. "
        "The Hezbollah terrorist organization claimed responsibility for the launches."
    )
    got = _parties(story)
    # The launches are Hezbollah's; their interception, Israel's defences' on them.
    assert [(a1, a2) for _, a1, a2 in got] == [
        ("Hezbollah", None),
        ("Military Forces of Israel", "Hezbollah"),
    ]
    # In the next paragraph, three sentences on, a claim is another story's.
    got = _parties(
        "A bomb exploded near a bus stand in Beni on Sunday. Two people were hurt.\n\n"
        "The market stayed shut. Traders stayed home. ADF fighters claimed the attack."
    )
    assert [a1 for _, a1, _ in got] == [None]


def test_an_advisorys_attribution_names_the_doer_and_tells_no_new_event():
    got = _parties(
        "A bulk carrier was struck by a missile about 50 nautical miles west of Hodeidah on "
        "Monday. Attack assessed to have been conducted by Houthi forces."
    )
    assert [a1 for _, a1, _ in got] == ["Houthis (Ansar Allah)"]


def test_country_names_in_brackets_have_no_article():
    got = _parties("Gunmen attacked a village near Beni on Tuesday, killing five villagers.")
    assert got[0][1:] == (
        "Unidentified Armed Group (Democratic Republic of Congo)",
        "Civilians (Democratic Republic of Congo)",
    )


def test_government_forces_are_those_of_the_country_the_event_is_in():
    got = _parties("Government forces repelled an attack near Marib on Tuesday.")
    assert "Military Forces of Yemen" in got[0][1:]


def test_people_hurt_told_before_the_event_are_its_civilian_target():
    got = _parties(
        "A man was wounded by Ukrainian shelling in Shebekino in Russia's Belgorod region on "
        "Saturday."
    )
    assert got[0][1:] == ("Military Forces of Ukraine", "Civilians (Russia)")


def test_a_group_that_takes_a_place_takes_it_from_the_states_forces():
    got = _parties("Fano militiamen captured Lalibela on Tuesday.")
    assert got[0][2] == "Military Forces of Ethiopia"


def test_troops_of_a_named_operation_are_the_states():
    got = _parties(
        "On Wednesday, troops of Operation Hadin Kai repelled an attack by ISWAP "
        "terrorists on their location at Marte."
    )
    assert got[0][2] == "Military Forces of Nigeria"


def test_rebels_named_by_what_they_are_are_no_particular_group():
    assert _actors("Rebels attacked an army post near Yei.", "attacked")[0] == (
        "Unidentified Armed Group"
    )
    got = _parties("M23 rebels attacked Sake on Tuesday. The rebels then shelled Goma on Tuesday.")
    assert {a1 for _, a1, _ in got} == {"M23: March 23 Movement"}


@pytest.mark.parametrize(
    ("text", "party"),
    [
        # "IAF" is Israel's air force over Lebanon and India's over Pakistan.
        (
            "IAF fighter jets struck Hezbollah posts near Khiam in southern Lebanon on Tuesday.",
            "Military Forces of Israel",
        ),
        (
            "IAF jets struck camps near Muzaffarabad in Pakistan on Tuesday.",
            "Military Forces of India",
        ),
        # "al-Shabaab" in Cabo Delgado is the Islamic State's province there.
        (
            "Insurgents known as al-Shabaab attacked Macomia in Cabo Delgado, Mozambique, "
            "on Tuesday.",
            "Islamic State Mozambique",
        ),
        ("Al-Shabaab fighters attacked a base in Jowhar, Somalia, on Tuesday.", "Al Shabaab"),
    ],
)
def test_a_name_of_several_parties_is_the_one_of_the_events_country_or_its_neighbour(text, party):
    assert _parties(text)[0][1] == party


def test_a_merchant_ship_named_before_the_event_is_its_civilian_target():
    assert _actors("A bulk carrier reported two explosions nearby.", "explosions nearby")[1] == (
        "Civilians"
    )
    # A warship is no civilian.
    assert _actors("A Russian patrol ship was hit by a sea drone.", "hit")[1] != "Civilians"


@pytest.mark.parametrize(
    ("sentence", "trigger", "party"),
    [
        # A group the lexicon does not know is named as the report names it.
        ("Elements of the 3R armed group attacked a position.", "attacked", "3R"),
        ("On Tuesday, Viv Ansanm gangs seized the town of Mirebalais.", "seized", "Viv Ansanm"),
        # Not a country's people, nor a place's: those are unidentified.
        (
            "Palestinian militants fired rockets at Sderot.",
            "fired rockets at",
            "Unidentified Armed Group",
        ),
        ("Idlib rebels shelled the town.", "shelled", "Unidentified Armed Group"),
    ],
)
def test_armed_men_named_by_their_group(sentence, trigger, party):
    assert _actors(sentence, trigger)[0] == party


def test_who_repelled_an_attack_was_its_target():
    sentence = (
        "Russia's Defence Ministry said its troops had repelled a Ukrainian attack near Sudzha."
    )
    assert _actors(sentence, "repelled a Ukrainian attack") == (
        "Military Forces of Ukraine",
        "Military Forces of Russia",
    )


def test_a_military_base_or_police_station_attacked_is_the_states():
    got = _parties("Militants attacked a military base near Djibo in Burkina Faso on Tuesday.")
    assert got[0][2] == "Military Forces of Burkina Faso"
    got = _parties("Gunmen attacked a police station in Mandera in Kenya on Tuesday.")
    assert got[0][2] == "Police Forces of Kenya"


def test_every_lexicon_row_has_its_five_fields():
    import csv

    from geo.support.paths import data_dir

    with open(data_dir() / "actors.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["actor", "phrases", "country", "source_url", "note"]
    assert all(len(row) == 5 and row[0] and row[1] and row[4] for row in rows[1:])


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # One government label, two wars: told apart by where the event is.
        ("The army clashed with the Khawarij near Wanlaweyn in Somalia.", "Al Shabaab"),
        (
            "Fitna al-Khawarij attacked a police post in Bannu, Pakistan.",
            "TTP: Tehreek-i-Taliban Pakistan",
        ),
    ],
)
def test_a_governments_label_names_the_party_of_its_war(text, actor):
    got = _parties(f"{text[:-1]} on Monday.")
    assert actor in got[0][1:]


def test_words_for_what_the_men_are_name_no_group():
    # "Separatist fighters" are of no group named "Separatist"; the group that
    # claims the abduction, its acronym in brackets, did it.
    got = _parties(
        "Separatist fighters abducted seven teachers from a school in Bali on Monday. "
        "The Ambazonia Defence Forces (ADF) claimed the abduction in a video."
    )
    assert [a1 for _, a1, _ in got] == ["Ambazonian Separatists (Cameroon)"]


def test_a_unit_on_patrol_attacked_is_the_forces_of_where_it_was():
    got = _parties(
        "On Thursday, a unit on patrol near Tillaberi in Niger was attacked by several hundred "
        "armed terrorists on motorcycles."
    )
    assert [a2 for _, _, a2 in got] == ["Military Forces of Niger"]


def test_the_seed_reports_keep_who_did_what_at_at_tanf():
    # "None of the coalition or partner forces ... were injured by the drone's weapon":
    # the drone told again, not a new doer or target for the pro-regime drone's strike.
    from tests.helpers import seed_collection

    found = {
        (p["date"], p["label"]): (p["actor1"], p["actor2"])
        for p in (f["properties"] for f in of_kind(seed_collection(), "incident"))
    }
    assert found[("2017-06-08", "drone strike")] == ("pro-regime forces", "U.S.-led coalition")
    assert found[("2017-06-08", "air strike")] == ("U.S.-led coalition", "pro-regime forces")
    assert found[("2017-06-08", "shoot-down")] == (
        "Military Forces of the United States",
        "pro-regime forces",
    )
