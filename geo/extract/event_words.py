"""The words that tell an event, by kind, as news writes them ("drone strike", "shelled").

``TYPED_TRIGGERS`` gives each kind of event its words, in the order they are
tried (a more specific kind first); ``GENERIC_TRIGGER`` the bare verbs whose
kind the sentence's other words give ("struck", "hit"); ``KIND_WORDS`` the
words one of which each kind's matches hold, so most reports are not scanned
with the rarer kinds. :mod:`geo.extract.triggers` reads sentences with them.
"""

from __future__ import annotations

import re

from geo.extract.patterns import caseless
from geo.extract.text import Span

# People named by their nation, as a killing's victims: "killed three Palestinians".
NATIONS_PEOPLE = (
    r"palestinians|israelis|ukrainians|russians|syrians|lebanese|yemenis|sudanese|afghans"
    r"|iraqis|pakistanis|indians|kashmiris|somalis|malians|nigerians|congolese|armenians"
    r"|azerbaijanis|kurds|rohingya|burkinab[eè]s?|nigeriens|cameroonians|ethiopians"
)
# Each caseless: a case-insensitive pattern and its quick twin (geo.extract.patterns).
TYPED_TRIGGERS = [
    (
        "shoot-down",
        caseless(
            r"\b(?:shot|shoots?|shooting)\s+(?:(?:it|them|one|both)\s+)?down\b"
            r"|\bshoot-?downs?\b|\bdowned\b|\bintercept(?:ed|ing|s)?\b|\binterceptions?\b"
            # "air defences destroyed eleven drones": what air defence destroys, it
            # intercepts. The defences stay outside the trigger: they tell whose.
            r"|\b(?:(?<=defences\s)|(?<=defenses\s)|(?<=defence\s)|(?<=defense\s))destroyed\b"
            # "destroyed 20 Russian drones": a weapon in flight destroyed is
            # intercepted (not a launcher, depot or factory, nor a drone boat on
            # the water). The verb alone is the trigger: the weapon's owner after
            # it is the target.
            r"|\b(?:destroyed|neutrali[sz]ed)(?=\s+(?:[\w-]+\s+){0,3}?(?:(?<!sea\s)drones?|UAVs?"
            r"|(?:unmanned|uncrewed)\s+aerial\s+vehicles?|missiles?|rockets?|projectiles?)\b"
            r"(?![\s-]+(?:launchers?|systems?|depots?"
            r"|storage|sites?|factor(?:y|ies)|plants?|warehouses?|stockpiles?|production|workshops?)))"
        ),
    ),
    (
        # Weapons taken or made harmless before use: ACLED's disrupted weapons use.
        "weapons seized",
        caseless(
            r"\b(?:dismantled|defused|seized|destroyed|discovered|uncovered|found|raided|recovered"
            r"|confiscated)\s+"
            r"(?:an?\s+|the\s+|two\s+|three\s+|several\s+|a\s+large\s+)?(?:[\w-]+\s+){0,2}?"
            r"(?:explosives?\s+(?:workshop|factory|laboratory|lab|cache)s?|bomb[\s-]making\s+"
            r"(?:factory|workshop|facility|facilities)|IED\s+(?:factory|workshop)s?|weapons?\s+"
            r"(?:caches?|depots?|stores?|stockpiles?)|arms\s+(?:caches?|depots?)|car\s+bombs?"
            r"|IEDs?|improvised\s+explosive\s+devices?|explosive\s+devices?|landmines?"
            # "seized 14 rockets, three suicide vests and detonators"
            r"|rockets|(?:suicide|explosive)\s+(?:vests?|belts?)|detonators|hand\s+grenades|caches?"
            r"|mortar\s+(?:shells|rounds|bombs)|rocket[\s-]propelled\s+grenades|RPGs)\b"
            r"|\bdefused\b"
        ),
    ),
    (
        # Arrests by forces: ACLED's strategic developments.
        "arrests",
        caseless(
            r"\b(?:arrested|detained|apprehended|rounded\s+up)\b(?!\s+(?:in|for|since|without)\b)"
        ),
    ),
    (
        "looting",
        caseless(
            r"\blooted\b|\blooting\b|\bransacked\b|\bpillaged\b|\btorched\b"
            # "burned a chapel and about 20 houses", "razed the village".
            r"|\b(?:burned|burnt|razed)\s+(?:down\s+)?(?:(?:an?|the|about|around|some|at\s+least"
            r"|more\s+than|\d+|dozens\s+of|hundreds\s+of)\s+)*(?:[\w-]+\s+){0,2}?(?:houses?|homes?"
            r"|huts?|shops?|villages?|buildings?|chapels?|churches|church|mosques?|markets?|schools?"
            r"|shelters?|granaries|crops)\b"
            r"|\bset\s+(?:[\w-]+\s+){0,3}?(?:ablaze|alight|on\s+fire)\b"
        ),
    ),
    (
        "grenade attack",
        caseless(
            r"\b(?:threw|hurled|lobbed|tossed)\s+(?:a\s+|an\s+|two\s+|several\s+)?(?:hand\s+)?"
            r"grenades?\b|\bgrenade\s+(?:attack|blast|explosion)s?\b"
        ),
    ),
    (
        "riot",
        caseless(
            r"\b(?:threw|hurled|pelted\s+\w+\s+with)\s+(?:stones|rocks|molotov\s+cocktails"
            r"|petrol\s+bombs|firebombs)\b|\bstone[\s-]throw(?:ing|ers)\b"
        ),
    ),
    (
        "seizure",
        caseless(
            r"\b(?:boarded|seized|hijacked|commandeered)\s+(?:an?\s+|the\s+|two\s+)?(?:[\w-]+\s+){0,3}?"
            r"(?:tankers?|vessels?|ships?|boats?|freighters?|carriers?|dhows?|tugs?|barges?|trawlers?"
            r"|yachts?)\b"
            # "Fishing dhow boarded and hijacked by six armed men": the passive.
            r"|\b(?:tankers?|vessels?|ships?|boats?|freighters?|carriers?|dhows?)\s+(?:was\s+|were\s+)?"
            r"(?:boarded|seized|hijacked|commandeered)(?:\s+and\s+(?:boarded|seized|hijacked"
            r"|commandeered))?(?=\s+by\b)"
        ),
    ),
    (
        "harassment",
        caseless(
            # Ramming is harassment at sea: "a suicide bomber rammed an explosives-laden
            # vehicle into the wall" is the bombing's.
            r"\bwater\s+cannons?\b|\bexpelled\b"
            r"|\brammed\b(?![^.;]{0,80}?\b(?:vehicles?|cars?|trucks?|pickups?|gates?|walls?|checkpoints?"
            r"|convoys?|buses|posts?)\b)"
            r"|\bblocked\s+and\s+shadowed\b|\bdangerous\s+manoeuvres?\b|\bsideswiped\b"
            r"|\bcrossed\s+(?:the\s+)?(?:Military\s+Demarcation\s+Line|MDL|demarcation\s+line"
            r"|Northern\s+Limit\s+Line|NLL)\b"
            r"|\b(?:artillery\s+)?rounds\s+into\s+(?:the\s+)?(?:waters|sea)\b"
            r"|\b(?:into|violated|entered|intruded\s+into)\s+(?:[\w-]+\s+){0,2}?airspace\b"
        ),
    ),
    (
        # Armed men taking a place: ACLED's territory events, typed by who took it.
        "territory",
        caseless(
            r"\b(?:seized|captured|overran|overrun|took\s+(?:full\s+)?control\s+of|retook|recaptured"
            r"|liberated"
            r"|regained\s+(?:full\s+)?control\s+of|taken\s+(?:full\s+)?control\s+of)\b"
        ),
    ),
    (
        "abduction",
        caseless(
            r"\babduct(?:ed|ing|ion|ions)\b|\bkidnap(?:ped|ping|pings)\b"
            r"|\btook\s+(?:[\w-]+\s+){0,3}?hostage\b|\btaken\s+hostage\b"
            # "the fighters took away 17 men", "led away several women".
            r"|\b(?:took|taken|led|carried)\s+away\s+(?:at\s+least\s+)?(?:\d+|two|three|four|five|six"
            r"|seven|eight|nine|ten|several|dozens\s+of|some)\s+(?:[\w-]+\s+)?(?:m[ae]n|wom[ae]n|people"
            r"|civilians|villagers|residents|boys|girls|children|youths|herders|farmers)\b"
        ),
    ),
    (
        # A killing of people outside any armed party, told with no other
        # event word before it ("gunmen killed five villagers"; "an air strike
        # killed ten civilians" is the air strike's toll).
        "killing",
        caseless(
            r"\bshot\s+(?:him|her|them)\s+dead\b"
            # "gunmen shot and injured a labourer from Punjab".
            r"|\bshot\s+and\s+(?:killed|wounded|injured)\s+(?:an?|the|two|three|four|five|\d+)\s+(?=[\w-])"
            r"(?!(?:[\w-]+\s+){0,2}(?:gunm[ae]n|militants?|fighters?|insurgents?|terrorists?"
            r"|attackers?|assailants?|bandits?|soldiers?|troops|rebels?|jihadists?|policem[ae]n"
            r"|officers?)\b)"
            # "gunmen shot dead a member of the Indigenous Guard": whoever it was.
            r"|\b(?:shot\s+dead|gunned\s+down)\s+(?:an?|the|two|three|four|five|\d+)\s+(?=[\w-])"
            # (Not armed men: "shot dead a Palestinian gunman" is a clash's toll.)
            r"(?!(?:[\w-]+\s+){0,2}(?:gunm[ae]n|militants?|fighters?|insurgents?|terrorists?"
            r"|attackers?|assailants?|bandits?|soldiers?|troops|rebels?|jihadists?)\b)"
            r"|\b(?:massacred|executed|beheaded|slaughtered|murdered|assassinated|shot\s+dead|gunned\s+down"
            r"|hacked\s+to\s+death|burned\s+alive|killed|killing)\s+(?:at\s+least\s+|more\s+than\s+"
            r"|some\s+|about\s+|nearly\s+|up\s+to\s+)?(?:\d+|two|three|four|five|six|seven|eight"
            r"|nine|ten|a\s+dozen|dozens\s+of|scores\s+of|hundreds\s+of|several|a|an)?\s*"
            r"(?:[\w-]+\s+){0,2}?(?:civilians?|villagers|farmers|residents|worshippers|people"
            r"|passengers|herders|fishermen|miners|students|children|women|men|traders|displaced"
            r"|persons|family|families|man|woman|boy|girl"
            # "shot dead a district administrator": people by their office or trade.
            r"|officials?|administrators?|chiefs?|elders?|teachers?|doctors?|nurses?|journalists?"
            r"|clerics?|imams?|priests?|judges?|councillors?|mayors?|politicians?|activists?"
            r"|drivers?|shepherds?|farmer|trader|aid\s+workers?|labou?rers?|workers?|shopkeepers?"
            # "Israeli fire killed three Palestinians": people by their nation.
            rf"|{NATIONS_PEOPLE})\b"
        ),
    ),
    (
        "clash",
        caseless(
            r"\bclash(?:ed|es)?\b|\bexchanged\s+(?:gun\s*)?fire\b|\bexchanges?\s+of\s+fire\b"
            r"|\bgun\s*battles?\b|\bfirefights?\b|\bambush(?:ed|es)?\b"
            r"|\bfighting\s+(?:broke\s+out|erupted|raged|flared)\b|\bheavy\s+fighting\b"
            # Pakistan's military statements: "in an intelligence-based operation in Panjgur".
            r"|\bintelligence[\s-]based\s+operations?\b"
            # "the ENDF and the OLA fought for several hours", "are battling the SSA".
            # Not a history ("who have fought the government for 15 years", "which fought
            # alongside the army in 2020") nor the told event's other side ("fought back").
            r"|(?<!which\s)(?<!who\s)(?<!have\s)(?<!has\s)(?<!had\s)\bfought\b"
            r"(?!\s+(?:off|back|alongside|against\s+(?:corruption|poverty)|in\s+the\s+(?:war|19|20)))"
            r"|\bbattl(?:ed|ing)\b|\b(?:are|were|was|is)\s+fighting\b"
            r"|\bfoiled\s+(?:an?\s+)?infiltration\b"
            # "repelled 14 Russian assaults": one day's fighting at one place.
            r"|\brepelled\s+(?:an?\s+|\d+\s+|two\s+|three\s+|four\s+|five\s+|several\s+)?"
            r"(?:[\w-]+\s+){0,3}?(?:assaults?|attacks?|attempts?|offensives?|advances?|raids?|incursions?"
            # "repelled a Russian sabotage and reconnaissance group".
            r"|(?:sabotage|reconnaissance|assault|infiltration)\s+(?:groups?|units?|teams?))\b"
            # "caught up with the attackers and killed seven of them".
            r"|\bkilled\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|some)\s+of\s+"
            r"(?:them|the\s+(?:attackers|assailants|militants|insurgents|gunmen|fighters|raiders))\b"
            # "fought off bandits who tried to overrun their post".
            r"|\b(?:fought|beat)\s+off\b|\bbeat\s+back\b|\brepulsed\b"
            # "began an offensive against", "carried out an operation against the Khawarij".
            r"|\b(?:began|launched|carried\s+out|conducted|mounted|staged)\s+(?:an?\s+)?"
            r"(?:[\w-]+\s+){0,2}?(?:(?:operation|offensive|counter-?offensive)s?\s+(?:against|targeting)"
            r"|(?:offensive|assault|ground\s+assault)\s+on)\b|\bkilled\s+(?:\d+|two|three|four|five|six|seven"
            r"|eight|nine|ten|a\s+dozen|several|dozens\s+of)\s+(?:[\w-]+\s+)?(?:militants|insurgents"
            r"|gunmen|smugglers|terrorists|jihadists|rebels|infiltrators|attackers|assailants|bandits"
            # "killed three khwarij": Pakistan's military names the TTP's fighters so.
            r"|militiamen|fighters|khawarij|khwarij)\b"
        ),
    ),
    (
        "drone strike",
        caseless(
            r"\bdrone\s+(?:attacks?|strikes?)\b"
            # "another drone bomb fell on a house", "used explosive-laden drones against".
            r"|\bdrone\s+bombs?\s+(?:fell|landed|hit|struck|exploded)\b"
            r"|\bused\s+(?:[\w-]+\s+){0,2}?drones?\s+(?:against|to\s+(?:attack|strike|hit|target))\b"
            # "killed by a Russian drone", "wounded by an FPV drone".
            # ("injured by the drone's weapon" tells the drone told before.)
            r"|\b(?:killed|wounded|injured|hit)\s+by\s+(?:an?\s+)?(?!the\b)(?:[\w-]+\s+){0,2}?drones?\b"
            # "wounded by an explosive dropped from a drone".
            r"|\b(?:explosives?|munitions?|grenades?|bombs?|devices?)\s+dropped\s+(?:from|by)\s+(?:an?\s+)?"
            r"(?:[\w-]+\s+)?drones?\b"
        ),
    ),
    (
        "suicide bombing",
        caseless(
            r"\bsuicide\s+(?:bomb(?:er|ers|ing|ings|s)?|attack(?:er|ers|s)?|car\s+bombs?|vests?)\b"
            r"|\bblew\s+(?:himself|herself|themselves)\s+up\b"
            r"|\bdetonated\s+(?:an?\s+|his\s+|her\s+)?(?:explosives?\s+|suicide\s+)?(?:vest|belt)\b"
        ),
    ),
    (
        "shelling",
        caseless(
            r"\bshell(?:ed|ing)\b|\bartillery\s+(?:fire|strikes?|barrage)\b|\brockets?\s+(?:fire|attacks?)\b"
            r"|\bmortar\s+(?:fire|attacks?|rounds?)\b|\bmissile\s+(?:strikes?|attacks?)\b"
            r"|\bcame\s+under\s+(?:heavy\s+|intense\s+|artillery\s+|rocket\s+|mortar\s+)?fire\b"
            r"|\bshells?\s+(?:fell|landed|hit|struck|exploded)\b"
            # "shells fired from regime-held positions to the north landed on the camp".
            r"|\bshells?\s+fired\s+from\s+[^.;,]{0,60}?\b(?:fell|landed|hit|struck|exploded)\b"
            # "a fisherman was killed by shells fired from a navy boat".
            # (A party's adjective is left out of the event's words: "killed by Russian
            # artillery fire" is the fire's, by Russia.)
            r"|\b(?:killed|wounded|injured|hit)\s+by\s+(?:an?\s+)?(?!the\b)(?:[\w-]+\s+){0,2}?"
            r"(?:shells?|shellfire|mortars?|mortar\s+rounds?|rockets?|missiles?"
            r"|(?:tank|artillery|mortar|naval)\s+(?:fire|shells?|rounds?))\b"
            # "a missile impacting the water", "20 launches were identified crossing".
            r"|\b(?:missiles?|rockets?|projectiles?|mortar\s+(?:rounds|shells|bombs)|mortars)"
            r"\s+(?:impact(?:ed|ing)|land(?:ed|ing)|splash(?:ed|ing)|fell)\b"
            # UKMTO's "reported a missile splash about 1NM off the starboard beam".
            r"|\b(?:missile|rocket|projectile)\s+(?:splash|impact)(?:es)?\b"
            r"|\b(?:reported|observed|saw|sighted)\s+(?:an?\s+|two\s+|three\s+|several\s+)?"
            r"splash(?:es)?\b"
            # "a handful of ballistic missiles reached the Nevatim airbase".
            r"|\b(?:missiles?|rockets?)\s+reached\s+(?:the\s+)?(?:[A-Z][\w'’-]+\s+){0,3}?(?:air\s*base"
            r"|airbase|base|city|town|port|village|airport)\b"
            r"|\blaunches\s+(?:were\s+)?(?:identified|detected|fired)\b"
            r"|\bexplosions?\s+(?:in\s+close\s+proximity|nearby|near\s+(?:the|a)\s+(?:vessel|ship))\b"
            # "reported an explosion approx 1NM off its port side".
            r"|\bexplosions?\s+[^.;]{0,30}?\boff\s+(?:its|the|her)\s+(?:port|starboard|bow|stern)\b"
        ),
    ),
    (
        "bombing",
        caseless(
            r"\b(?:car|truck|roadside|suicide)\s+bombs?\b|\bIEDs?\b|\bimprovised\s+explosive\b"
            # "a motorcycle loaded with explosives went off", "an explosives-laden car exploded".
            r"|\b(?:cars?|motorcycles?|motorbikes?|trucks?|vehicles?|pickups?|carts?)\s+(?:loaded|laden"
            r"|packed|rigged|filled)\s+with\s+explosives\b"
            r"|\bexplosives?[\s-]+(?:laden|packed|rigged)\s+(?:cars?|motorcycles?|motorbikes?|trucks?"
            r"|vehicles?|pickups?)\s+(?:exploded|went\s+off|blew\s+up|detonated)\b"
            r"|\bbomb\s+(?:exploded|blast|went\s+off)\b|\b(?:land)?mines?\s+(?:exploded|blasts?"
            r"|went\s+off|killed|wounded|injured|hit|struck)\b|\b(?:land)?mine\s+(?:blast|explosion)s?\b"
            # "two deminers were wounded by a mine near Zangilan".
            r"|\b(?:killed|wounded|injured|hurt|maimed)\s+by\s+(?:an?\s+)?(?:[\w-]+\s+)?(?:land)?mines?\b"
            r"|\b(?:stepped\s+on|ran\s+over|drove\s+over|hit|struck)\s+an?\s+(?:land)?mine\b"
            r"|\bexplosive\s+device\b|\bbombs?\s+(?:damaged|destroyed|wrecked)\b"
            # "its fighters had blown up an Israeli tank" (not "blew himself up").
            r"|\b(?:blew|blown|blowing)\s+up\b(?!\s+(?:himself|herself|themselves)\b)"
            # "a landmine planted by the Houthis exploded under a car".
            r"|\b(?:bombs?|(?:land)?mines?|devices?)\s+(?:[\w-]+\s+){1,5}?(?:exploded|went\s+off)\b"
        ),
    ),
    (
        "air strike",
        caseless(
            # (Not "air raid alerts", "air raid sirens": warnings, no raid.)
            r"\bair[\s-]*strikes?\b|\bair\s+raids?\b(?!\s+(?:alerts?|sirens?|warnings?|alarms?"
            r"|shelters?|signals?))|\bbomb(?:ed|ing|ings)\b|\bbombard(?:ed|ment)\b"
            # "conducted air interdiction on terrorists' enclaves", as Nigeria's forces write.
            r"|\bair\s+interdictions?\b"
        ),
    ),
]
# What armed men take, after "seized", "captured", "took control of": a place
# named ("Rubaya", case told) or "the town", "the army base" (not "weapons",
# "three soldiers" or "the tanker").
_TAKEN_PLACE = re.compile(
    # "overran the army's 15th Infantry Division base in Ardamata": an owner, then a unit.
    r"[\"”’']?\s+(?:(?:the|an?|its|their|two|three|four|five|six|seven|eight|nine|ten|several"
    r"|\d+)\s+(?:[\w-]+['’]s?\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:towns?|villages|settlements|localities|positions"
    r"|town"
    r"|city|village|base|camp|district|area|locality|hill|airport|air\s*base|border\s+crossing"
    r"|crossing|port|outskirts|neighbou?rhood|garrison|headquarters|barracks|outpost|post"
    r"|military\s+post|checkpoint|positions?|township|county|province|region|side)\b"
    # A name, with an Arabic article before its capital: "al-Busayrah".
    r"|(?:(?:al|el|ad|ar|as|ash|at|an|az|ed|es|et)-)?[A-Z][\w'’-]+(?![\w'’-]*\s+(?:soldiers?"
    r"|fighters?|troops|vessels?|ships?|tankers?|drones?|weapons|commanders?|militants|officers?)\b))"
)
# Words one of which each match of a kind's pattern holds (lower case): a
# report without any is not scanned with the pattern, most reports having
# none of the rarer kinds.
KIND_WORDS = {
    "weapons seized": (
        "workshop",
        "factor",
        "laborator",
        " lab",
        "cache",
        "depot",
        "store",
        "stockpile",
        "bomb",
        "ied",
        "explosive",
        "mine",
        "defused",
        "rocket",
        "vest",
        "belt",
        "detonator",
        "grenade",
        "mortar",
        "rpg",
    ),
    "arrests": ("arrested", "detained", "apprehended", "rounded up"),
    "looting": ("loot", "ransacked", "pillaged", "torched", "set ", "burn", "razed"),
    "grenade attack": ("grenade",),
    "riot": ("stone", "rocks", "molotov", "petrol bomb", "firebomb"),
    "seizure": ("boarded", "seized", "hijacked", "commandeered"),
    "harassment": (
        "water cannon",
        "rammed",
        "sideswiped",
        "expelled",
        "shadowed",
        "manoeuvre",
        "crossed",
        "rounds",
        "airspace",
    ),
    "territory": ("seized", "captured", "overr", "control of", "retook", "recaptured", "liberated"),
    "abduction": ("abduct", "kidnap", "hostage", " away "),
    "killing": (
        "massacred",
        "executed",
        "beheaded",
        "slaughtered",
        "murdered",
        "assassinated",
        "shot dead",
        "shot and",
        " dead",
        "gunned down",
        "killing",
        "hacked",
        "burned alive",
        "killed",
    ),
    "suicide bombing": ("suicide", "blew", "detonated"),
}
# Kinds that tell the toll of the event told before them in their sentence,
# and an event of their own only when first ("ambushed an army truck ...,
# hurling grenades that set it ablaze": the ambush's damage, no looting).
TOLL_KINDS = frozenset({"killing", "looting"})
_TOLL_WORDS = re.compile(r"killed\b", re.I)


def _is_toll(trigger: tuple[Span, str | None]) -> bool:
    """Return whether a trigger after another in its sentence only tells that event's toll."""
    return trigger[1] in TOLL_KINDS or bool(_TOLL_WORDS.match(trigger[0].text))


GENERIC_TRIGGER = caseless(
    # "A judge struck down the order": a ruling, not a strike.
    # Not inside a compound: "the worst-hit villages", "hit-and-run".
    r"\battack(?:ed|s)?\b|\bstruck\b(?!\s+down\b)|\bstrikes?\b(?!\s+down\b)|(?<!-)\bhit\b(?!-)"
    r"|\bpounded\b"
    # Verbs only: "the raid", "the assault" name again the event the report tells.
    r"|\bstormed\b|\braided\b|\bassaulted\b|\bset\s+fire\s+to\b"
    r"|\bfired\s+(?:[\w-]+\s+){0,3}?(?:at|on|upon|toward|towards)\b|\bdestroyed\b"
    # "launched drones at a bulk carrier", "launched two ballistic missiles toward".
    # (Not "launched 120 drones and 8 missiles at Ukraine": a night's count, told by its hits.)
    r"|\blaunched\s+(?:(?!\d{2,}|dozens|hundreds|scores)[\w,-]+\s+){0,4}?"
    r"(?:drones?|UAVs?|missiles?|rockets?|projectiles?)\s+"
    r"(?:at|on|toward|towards|against|into)\b"
    # "fired a salvo of rockets at", "fired a barrage of more than 50 rockets into",
    # "fired mortars and small arms at": further from its object when what was
    # fired is told.
    r"|\bfired\s+(?:[\w,-]+\s+){3,7}?(?:rockets?|missiles?|shells|rounds|mortars?|projectiles?"
    r"|drones?|arms|guns|weapons|bullets)\s+(?:at|on|upon|toward|towards|into)\b"
    r"|\btarget(?:ed|ing)\b|\bopened\s+(?:[\w-]+\s+)?fire\b"
    # "troops resorted to unprovoked ceasefire violations along the LoC": firing
    # across a line, told in the armies' own words.
    r"|\bcease-?fire\s+violations?\b|\bviolated\s+the\s+cease-?fire\b"
    # "Indian troops resorted to unprovoked firing with mortars on ...".
    r"|\bresorted\s+to\s+(?:unprovoked\s+|indiscriminate\s+|heavy\s+)*(?:firing|shelling)\b"
    r"|\bunprovoked\s+firing\b"
    # "a drone dropped a munition near the patrol": what dropped it gives the type.
    # "Russian forces dropped guided aerial bombs on Zaporizhzhia": two modifiers.
    r"|\bdropped\s+(?:(?:a|an|two|three|several|its|\d+)\s+)?(?:[\w-]+\s+){0,2}(?:munitions?|bombs?"
    r"|explosives?|ordnance|payloads?|grenades?)\b"
)
