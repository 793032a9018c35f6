"""The words that tell an event, and the words around them that say it did not happen.

A trigger is a word or phrase that tells a military event: typed ones ("drone
strike", "shot down") give its kind; bare verbs ("struck", "hit") take theirs
from the drone or aircraft words of the sentence (:class:`Cues`). The
patterns around a trigger tell when it names no single, real event: hedged
("could strike"), generic ("other strikes"), many at once ("a series of
attacks", "19 times"), a weapon rather than an event ("attack drones"), or a
new event rather than one told before ("another strike", "hours later").
:mod:`geo.extract.incidents` reads sentences with them.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from geo.extract.patterns import (
    Caseless,
    candidate_starts,
    caseless,
    finditer_caseless,
    lowered,
    text_cache,
    trie_pattern,
)
from geo.extract.text import Span, words_before
from geo.support.paths import data_dir

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
            r"(?:tankers?|vessels?|ships?|boats?|freighters?|carriers?|dhows?)\b"
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
            r"|\bblocked\s+and\s+shadowed\b|\bdangerous\s+manoeuvres?\b"
            r"|\bcrossed\s+(?:the\s+)?(?:Military\s+Demarcation\s+Line|MDL|demarcation\s+line)\b"
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
        ),
    ),
    (
        # A killing of people outside any armed party, told with no other
        # event word before it ("gunmen killed five villagers"; "an air strike
        # killed ten civilians" is the air strike's toll).
        "killing",
        caseless(
            r"\bshot\s+(?:him|her|them)\s+dead\b"
            # "gunmen shot dead a member of the Indigenous Guard": whoever it was.
            r"|\b(?:shot\s+dead|gunned\s+down)\s+(?:an?|the|two|three|four|five|\d+)\s+(?=[\w-])"
            # (Not armed men: "shot dead a Palestinian gunman" is a clash's toll.)
            r"(?!(?:[\w-]+\s+){0,2}(?:gunm[ae]n|militants?|fighters?|insurgents?|terrorists?"
            r"|attackers?|assailants?|bandits?|soldiers?|troops|rebels?|jihadists?)\b)"
            r"|\b(?:massacred|executed|beheaded|slaughtered|murdered|assassinated|shot\s+dead|gunned\s+down"
            r"|hacked\s+to\s+death|burned\s+alive|killed)\s+(?:at\s+least\s+|more\s+than\s+"
            r"|some\s+|about\s+|nearly\s+|up\s+to\s+)?(?:\d+|two|three|four|five|six|seven|eight"
            r"|nine|ten|a\s+dozen|dozens\s+of|scores\s+of|hundreds\s+of|several|a|an)?\s*"
            r"(?:[\w-]+\s+){0,2}?(?:civilians?|villagers|farmers|residents|worshippers|people"
            r"|passengers|herders|fishermen|miners|students|children|women|men|traders|displaced"
            r"|persons|family|families|man|woman|boy|girl"
            # "shot dead a district administrator": people by their office or trade.
            r"|officials?|administrators?|chiefs?|elders?|teachers?|doctors?|nurses?|journalists?"
            r"|clerics?|imams?|priests?|judges?|councillors?|mayors?|politicians?|activists?"
            r"|drivers?|shepherds?|farmer|trader|aid\s+workers?)\b"
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
            r"(?:[\w-]+\s+){0,3}?(?:assaults?|attacks?|attempts?|offensives?|advances?"
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
            r"|\b(?:killed|wounded|injured|hit)\s+by\s+(?:an?\s+)?drones?\b"
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
            # "a fisherman was killed by shells fired from a navy boat".
            # (A party's adjective is left out of the event's words: "killed by Russian
            # artillery fire" is the fire's, by Russia.)
            r"|\b(?:killed|wounded|injured|hit)\s+by\s+(?:an?\s+)?(?:shells?|shellfire|mortars?"
            r"|mortar\s+rounds?|rockets?|missiles?)\b"
            # "a missile impacting the water", "20 launches were identified crossing".
            r"|\b(?:missiles?|rockets?|projectiles?)\s+(?:impact(?:ed|ing)|land(?:ed|ing)|splash(?:ed|ing))\b"
            # "a handful of ballistic missiles reached the Nevatim airbase".
            r"|\b(?:missiles?|rockets?)\s+reached\s+(?:the\s+)?(?:[A-Z][\w'’-]+\s+){0,3}?(?:air\s*base"
            r"|airbase|base|city|town|port|village|airport)\b"
            r"|\blaunches\s+(?:were\s+)?(?:identified|detected|fired)\b"
            r"|\bexplosions?\s+(?:in\s+close\s+proximity|nearby|near\s+(?:the|a)\s+(?:vessel|ship))\b"
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
            r"|went\s+off|killed|wounded|injured|hit|struck)\b|\blandmine\s+(?:blast|explosion)s?\b"
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
            r"\bair[\s-]*strikes?\b|\bair\s+raids?\b|\bbomb(?:ed|ing|ings)\b|\bbombard(?:ed|ment)\b"
            # "conducted air interdiction on terrorists' enclaves", as Nigeria's forces write.
            r"|\bair\s+interdictions?\b"
        ),
    ),
]
# What armed men take, after "seized", "captured", "took control of": a place
# named ("Rubaya", case told) or "the town", "the army base" (not "weapons",
# "three soldiers" or "the tanker").
_TAKEN_PLACE = re.compile(
    r"[\"”’']?\s+(?:(?:the|an?)\s+(?:[\w-]+\s+){0,2}?(?:town"
    r"|city|village|base|camp|district|area|locality|hill|airport|air\s*base|border\s+crossing"
    r"|crossing|port|outskirts|neighbou?rhood|garrison|headquarters|barracks|outpost|post"
    r"|military\s+post|checkpoint|positions?|township|county|province|region)\b|[A-Z][\w'’-]+(?![\w'’-]*\s+(?:soldiers?"
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
        "expelled",
        "shadowed",
        "manoeuvre",
        "crossed",
        "rounds",
        "airspace",
    ),
    "territory": ("seized", "captured", "overr", "control of", "retook", "recaptured", "liberated"),
    "abduction": ("abduct", "kidnap", "hostage"),
    "killing": (
        "massacred",
        "executed",
        "beheaded",
        "slaughtered",
        "murdered",
        "assassinated",
        "shot dead",
        " dead",
        "gunned down",
        "hacked",
        "burned alive",
        "killed",
    ),
    "suicide bombing": ("suicide", "blew", "detonated"),
}
# Kinds that tell the toll of the event told before them in their sentence,
# and an event of their own only when first.
TOLL_KINDS = frozenset({"killing"})
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
    # "fired a salvo of rockets at", "fired a barrage of more than 50 rockets into":
    # further from its object when what was fired is told.
    r"|\bfired\s+(?:[\w,-]+\s+){3,7}?(?:rockets?|missiles?|shells|rounds|mortars?|projectiles?"
    r"|drones?)\s+(?:at|on|upon|toward|towards|into)\b"
    r"|\btarget(?:ed|ing)\b|\bopened\s+(?:[\w-]+\s+)?fire\b"
    # "troops resorted to unprovoked ceasefire violations along the LoC": firing
    # across a line, told in the armies' own words.
    r"|\bcease-?fire\s+violations?\b|\bviolated\s+the\s+cease-?fire\b"
    # "a drone dropped a munition near the patrol": what dropped it gives the type.
    # "Russian forces dropped guided aerial bombs on Zaporizhzhia": two modifiers.
    r"|\bdropped\s+(?:(?:a|an|two|three|several|its|\d+)\s+)?(?:[\w-]+\s+){0,2}(?:munitions?|bombs?"
    r"|explosives?|ordnance|payloads?|grenades?)\b"
)
_DRONE_CUES = (
    r"drones?|UAVs?|(?:unmanned|uncrewed)\s+aerial\s+vehicles?|(?:unmanned|uncrewed)\s+aircraft"
    # Drone boats: ACLED codes their attacks as drone strikes.
    r"|(?:unmanned|uncrewed)\s+surface\s+vessels?|USVs?|loitering\s+munitions?"
)
# Missiles, rockets and guns: "a Houthi missile struck", "opened fire with artillery".
_FIRE_CUES = (
    r"missiles?|rockets?|artillery|mortars?|shells|projectiles?|howitzers?|MLRS|Grads?|Katyushas?"
    r"|multiple\s+rocket\s+launchers?|rocket\s+launchers?|tanks?"
    # Big guns only: "armed with machetes and guns" are small arms.
    r"|(?:artillery|naval|field|heavy|self-propelled|anti-aircraft|deck|tank|howitzer)\s+guns?"
)
_AIR_CUES = (
    r"aircraft|jets?|warplanes?|fighter\s+(?:jets?|planes?|aircraft)|bombers?|air\s+force|helicopters?"
    r"|gunships?|planes?|air[\s-]*strikes?"
    # Bombs dropped from the air: "a guided aerial bomb hit", "a glide bomb struck".
    r"|(?:guided\s+)?aerial\s+bombs?|glide\s+bombs?|guided\s+bombs?|barrel\s+bombs?|air\s+support"
)
# "a convoy struck an improvised explosive device", "hit a landmine": the
# thing struck is the weapon, and the event an explosion of it.
DEVICE_STRUCK = re.compile(
    r"\s+(?:an?\s+|the\s+)?(?:(?:anti-(?:tank|personnel)|roadside|buried|makeshift|homemade)\s+)?"
    r"(?:improvised\s+explosive\s+devices?|IEDs?|landmines?|(?<=\s)mines?|(?<=\s)roadside\s+bombs?"
    r"|explosive\s+devices?)\b",
    re.I,
)
STRUCK = re.compile(r"(?:struck|hit|hits|strikes|ran\s+over|drove\s+over|triggered)$", re.I)
# An event named to date another: "in retaliation for the Jan. 28 attack",
# "days after the strike": not the sentence's own event.
SUBORDINATE_BEFORE = re.compile(
    r"\b(?:after|since|following|before|for)\s+(?:the\s+)?(?:[\w.'’-]+\s+){0,3}$", re.I
)
# Words that introduce who said something: a place before them belongs to the
# speaker ("the spokesman in Baghdad told reporters"), not to the event.
REPORTING = re.compile(
    r"\b(?:said|says|told|tells|announced|stated|according\s+to|claimed|reported)\b", re.I
)
# An event named again: "the strike", "either attack", "Monday's attack" after
# the article has told one. Ordinals and "another" name a new one instead.
DEFINITE_BEFORE = re.compile(
    r"\b(?:the|that|this|these|those|either|both|its|their|(?:mon|tues|wednes|thurs|fri|satur|sun)"
    r"day['’]s|yesterday['’]s|last\s+week['’]s)\s+(?:[\w.'’-]+\s+){0,2}$",
    re.I,
)
ORDINAL_BEFORE = re.compile(
    r"\b(?:another|second|third|fourth|fifth|new|fresh|separate|further|latest|first)\s+"
    r"(?:[\w.'’-]+\s+){0,1}$",
    re.I,
)
NEW_EVENT_BEFORE = re.compile(
    r"\b(?:another|(?:a|the)\s+(?:second|third|fourth|fifth|new|fresh|separate|further))\s+"
    r"(?:[\w.'’-]+\s+){0,1}$",
    re.I,
)
# Triggers that are verbs: "the drone had fired at" does not name an event again.
VERB_TRIGGER = re.compile(
    r"(?:struck|hit|fired|destroyed|target(?:ed|ing)|attacked|shot|shoots?|shooting|downed"
    r"|shell(?:ed|ing)|bomb(?:ed|ing)|bombarded|dropped|pounded|opened|intercepted|ambushed"
    r"|clashed|rammed|boarded|seized|stormed|raided|assaulted|captured|overran|abducted|kidnapped"
    r"|massacred|executed|killed|murdered|repelled|liberated|set)\b",
    re.I,
)
NEW_EVENT_IN_SENTENCE = re.compile(
    r"\b(?:hours|minutes|a\s+day|days)\s+later\b|\blater\s+(?:that|the\s+same)\s+"
    r"(?:day|morning|afternoon|evening|night)\b|\bagain\b",
    re.I,
)


@lru_cache(maxsize=1)
def weapon_type_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the drone and the aircraft type names of ``data/weapon_systems.csv``, lower case."""
    drones: list[str] = []
    aircraft: list[str] = []
    path = data_dir() / "weapon_systems.csv"
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names = [row["name"], *row["aliases"].split("|")]
            target = drones if row["class"].strip() == "drone" else aircraft
            target += [n.strip().lower() for n in names if n.strip()]
    return tuple(drones), tuple(aircraft)


@lru_cache(maxsize=1)
def _weapon_cues() -> tuple[str, str]:
    """Return regex alternations of drone and aircraft type names from the data folder."""
    drones, aircraft = weapon_type_names()
    return trie_pattern(list(drones)), trie_pattern(list(aircraft))


@lru_cache(maxsize=1)
def cue_patterns() -> tuple[Caseless, ...]:
    drones, aircraft = _weapon_cues()
    return (
        caseless(rf"\b(?:{_DRONE_CUES}|{drones})(?!\w)"),
        caseless(rf"\b(?:{_AIR_CUES}|{aircraft})(?!\w)"),
        caseless(rf"\b(?:{_FIRE_CUES})(?!\w)"),
    )


# The type each kind of cue gives a bare verb, in ``cue_patterns`` order.
CUE_KINDS = ("drone strike", "air strike", "shelling")


def inner_cue(trigger: str) -> str | None:
    """Return the type a weapon inside a bare trigger gives it: "fired two missiles at"."""
    for (pattern, *_), kind in zip(cue_patterns(), CUE_KINDS, strict=True):
        if pattern.search(trigger):
            return kind
    return None


# The rest of the weapons told before, as the subject of a bare verb: "The
# remaining two hit the port", "one of them struck a house".
REMAINDER_BEFORE = re.compile(
    r"(?:^|[,;]\s*|\b(?:and|but)\s+)(?:the\s+)?(?:remaining|rest|others|other\s+(?:two|three|\d+))"
    r"(?:\s+(?:two|three|four|five|\d+))?(?:\s+of\s+them)?\s+(?:(?:had|have)\s+)?$"
    r"|\b(?:one|two|three|four|five|\d+|some|most)\s+of\s+them\s+(?:(?:had|have)\s+)?$",
    re.I,
)


# "opened fire with artillery", "attacked using drones": the weapon the verb
# names as its instrument, right after it.
_WITH = re.compile(r"\s+(?:\w+\s+){0,2}?(?:with|using)\s+(?:an?\s+|the\s+|its\s+|their\s+)?", re.I)
_WITH_REACH = 30


def instrument_cue(text: str, trigger: Span, end: int) -> str | None:
    """Return the type the weapon a verb is told to act with gives it, if one follows."""
    m = _WITH.match(text, trigger.end, min(end, trigger.end + _WITH_REACH))
    if m is None:
        return None
    # The weapon itself, perhaps after a word or two: "with heavy artillery".
    stop = min(end, m.end() + _WITH_REACH)
    hits = []
    for (pattern, *_), kind in zip(cue_patterns(), CUE_KINDS, strict=True):
        hit = pattern.search(text, m.end(), stop)
        if hit is not None and not _CLAUSE_STOP.search(text, m.end(), hit.start()):
            hits.append((hit.start(), kind))
    return min(hits)[1] if hits else None


_CLAUSE_STOP = re.compile(r"[,;:]|\b(?:and|at|on|in|near|against)\b", re.I)


class Cues:
    """The drone and aircraft words of one sentence that lie outside its triggers.

    Found once per sentence, so that each bare verb finds its nearest cue by
    bisection instead of scanning the sentence again.
    """

    def __init__(self, text: str, sentence: Span, taken: bytearray):
        self.kinds: list[tuple[str, list[int], list[int]]] = []
        for pattern, kind in zip(cue_patterns(), CUE_KINDS, strict=True):
            starts, ends = [], []
            for m in finditer_caseless(pattern, text, sentence.start, sentence.end):
                # Words inside a trigger ("the Jan. 28 drone attack") belong to its event.
                if 1 in taken[m.start() - sentence.start : m.end() - sentence.start]:
                    continue
                starts.append(m.start())
                ends.append(m.end())
            self.kinds.append((kind, starts, ends))

    def nearest_type(self, trigger: Span, passive: bool) -> tuple[str, bool] | None:
        """Return the type a bare verb takes from the drone or aircraft words around it.

        The doer comes first: "bombers ... hit drone storage sites" is an air
        strike, so a cue before an active verb wins over one after it (after a
        passive one, "hit by drones", the doer follows); then the nearer cue,
        and a drone word before an aircraft word. Returns the type and whether
        its word stands on the doer's side.
        """
        best: tuple[tuple[int, bool, int], str] | None = None
        for kind, starts, ends in self.kinds:
            # One kind's words do not overlap, so the nearest before the verb is
            # the last to end before it, the nearest after the first to start after.
            candidates = []
            i = bisect_right(ends, trigger.start) - 1
            if i >= 0:
                candidates.append(((0 if not passive else 1), trigger.start - ends[i]))
            j = bisect_left(starts, trigger.end)
            if j < len(starts):
                candidates.append(((0 if passive else 1), starts[j] - trigger.end))
            for side, distance in candidates:
                # On one side, an aircraft or drone outranks guns and rockets:
                # "aircraft and artillery struck" is an air strike.
                rank = (side, kind == "shelling", distance)
                if best is None or rank < best[0]:
                    best = (rank, kind)
        return (best[1], best[0][0] == 0) if best else None


_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|been|being|is|are|be|got|get)\s+(?:\w+\s+){0,2}$", re.I
)


def is_passive(text: str, sentence: Span, trigger: Span) -> bool:
    """Return whether the trigger is a passive verb ("were struck"), which hides the agent."""
    return bool(_PASSIVE_BEFORE.search(words_before(text, sentence, trigger)))


def triggers_by_sentence(
    text: str, sentences: list[Span]
) -> list[tuple[list[tuple[Span, str | None]], bytearray]]:
    """Return each sentence's triggers, in order, each with its type (None for a bare verb).

    Each sentence is scanned on its own: a match may not run past its end. A
    match is kept unless an earlier pattern (a more specific type) already
    took its words. With the triggers comes the sentence's map of the
    characters they took (1 for taken), which tells overlaps at once.
    """
    found = []
    kinds = (*TYPED_TRIGGERS, (None, GENERIC_TRIGGER))
    # Each pattern's quick twin (see ``geo.extract.patterns.caseless``) run once
    # over the whole report says which sentences it may match in: most patterns
    # match in few sentences or none, which then are not read with them.
    starts = [s.start for s in sentences]
    may: list[set[int] | None] = [None] * len(kinds)
    whole = lowered(text, sentences[0].start, sentences[-1].end) if sentences else None
    if whole is not None:
        low, offset = whole
        base = sentences[0].start - offset
        for k, (kind, patterns) in enumerate(kinds):
            hits: set[int] = set()
            may[k] = hits
            # Where its first words begin, when the pattern tells them: no scan.
            begin = candidate_starts(patterns, text, sentences[0].start, sentences[-1].end)
            if begin == []:
                continue
            gate = KIND_WORDS.get(kind) if kind else None
            if gate is not None and not any(word in low for word in gate):
                continue  # none of the words each of its matches holds: no sentence
            if begin is not None:
                hits.update(bisect_right(starts, at) - 1 for at in begin)
                continue
            search, pos = patterns[1].search, 0
            # One hit per sentence is enough: on from the next sentence's start.
            while (hit := search(low, pos)) is not None:
                i = bisect_right(starts, hit.start() + base) - 1
                hits.add(i)
                if i + 1 >= len(starts):
                    break
                pos = max(hit.start() + 1, starts[i + 1] - base)
    for i, sentence in enumerate(sentences):
        taken: list[tuple[Span, str | None]] = []
        chars = bytearray(sentence.end - sentence.start)
        for k, (kind, patterns) in enumerate(kinds):
            sentences_hit = may[k]
            if sentences_hit is not None and i not in sentences_hit:
                continue
            for m in finditer_caseless(patterns, text, sentence.start, sentence.end):
                a, b = m.start() - sentence.start, m.end() - sentence.start
                if 1 in chars[a:b] or (
                    kind == "territory" and not _TAKEN_PLACE.match(text, m.end())
                ):
                    continue
                chars[a:b] = b"\x01" * (b - a)
                taken.append((Span(m.start(), m.end(), m.group()), kind))
        ordered = sorted(taken, key=lambda t: t[0].start)
        if len(ordered) > 1:
            ordered = ordered[:1] + [t for t in ordered[1:] if not _is_toll(t)]
        found.append((_fire_read(text, sentence, ordered), chars))
    return found


# A weapon in flight after a firing verb: "fired about 100 rounds at the
# drones", "opened fire on an incoming missile". Not what launches or steers it.
_AT_WEAPON_IN_FLIGHT = re.compile(
    r"[^.;]{0,40}?\b(?:at|on|upon|toward|towards)\s+(?:the|an?|incoming|two|three|several"
    r"|hostile|enemy)?\s*(?:[\w-]+\s+){0,2}?(?:drones?|UAVs?|missiles?|rockets?|projectiles?"
    r"|balloons?)\b(?!['’]|[\s-]+(?:launch|sites?|bases?|positions?|crews?|operators?|teams?|units?"
    r"|factor|depots?|storage))",
    re.I,
)
# A weapon just before a firing verb: "a rocket fired at Beersheba", "drones
# launched from Yemen" (the weapon, described by where it was fired).
_WEAPON_JUST_BEFORE = re.compile(
    r"\b(?:drones?|UAVs?|missiles?|rockets?|projectiles?|shells?)\s+$", re.I
)
_FIRING = re.compile(r"(?:fired|launched|opened)\b", re.I)
_WEAPON_REACH = 30  # "a longer-range rocket fired": the weapon is the word just before


def _fire_read(
    text: str, sentence: Span, ordered: list[tuple[Span, str | None]]
) -> list[tuple[Span, str | None]]:
    """Return a sentence's triggers with firing at weapons read as interceptions.

    Firing at a weapon in flight ("fired about 100 rounds at the drones") is
    an attempt to intercept it. A weapon described by its firing ("a rocket
    fired at Beersheba was shot down") tells no event but the interception.
    """
    out = []
    # Whether an interception is told after each trigger, read from the end once.
    downs_after = [False] * len(ordered)
    seen = False
    for k in range(len(ordered) - 1, -1, -1):
        downs_after[k] = seen
        seen = seen or ordered[k][1] == "shoot-down"
    for k, (span, kind) in enumerate(ordered):
        if kind is None and _FIRING.match(span.text):
            shot_down = downs_after[k]
            before = max(sentence.start, span.start - _WEAPON_REACH)
            if shot_down and _WEAPON_JUST_BEFORE.search(text, before, span.start):
                continue
            if _AT_WEAPON_IN_FLIGHT.match(text, span.start, sentence.end) and not shot_down:
                kind = "shoot-down"
        out.append((span, kind))
    return out


@text_cache(maxsize=64)
def tells_a_new_event(text: str, start: int, end: int) -> bool:
    """Return whether a sentence says its event is another one ("hours later", "again")."""
    return NEW_EVENT_IN_SENTENCE.search(text, start, end) is not None
