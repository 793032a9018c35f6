"""The parties a sentence names, where, in the order it names them.

Parties of the lexicon (``geo.extract.party_lexicon``), a state's forces by
its adjective or name ("a Russian drone", "North Korea fired"), forces named
without their country ("the army", "our air defences") and armed men named by
what they are ("gunmen", "the militants", "the 3R armed group"). Those two are
placeholders here, named by the event's country once its place is known
(``geo.extract.actors``). A party that only tells ("the army said") is left out.
"""

from __future__ import annotations

import re

from geo.extract.group_names import NOT_GROUP_NAMES, group_name
from geo.extract.party_lexicon import _lexicon, country_code, state_forces
from geo.extract.patterns import caseless, finditer_caseless, text_cache
from geo.extract.text import Span
from geo.extract.weapon_owners import owned_weapons_dropped, weapon_names


def actors_in(text: str, sentence: Span) -> list[tuple[int, int, str]]:
    """Return (start, end, actor) for each party the sentence names, in order."""
    return list(_actors_between(text, sentence.start, sentence.end))


@text_cache(maxsize=256)  # a sentence that tells several events is read once
def _actors_between(text: str, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
    patterns, names = _lexicon()
    found = []
    itself = -1  # where a party that tells of its own act ends: "Hezbollah said it fired"
    for lexed in finditer_caseless(patterns, text, start, end):
        if lexed.group()[:9].lower() == "coalition" and _OTHER_COALITION.search(
            text, max(start, lexed.start() - 30), lexed.start()
        ):
            continue  # "the CSP-PSD rebel coalition", "the Saudi-led coalition": another
        if _TELLS.match(text, lexed.end(), end):
            continue  # "the coalition spokesman": who tells of the event
        if _SPEAKS.match(text, lexed.end(), end) and not _CLAIMED.match(text, lexed.end(), end):
            if not _SAYS_ITSELF.match(text, lexed.end(), end):
                continue
            itself = lexed.end()
        found.append((lexed.start(), lexed.end(), names[lexed.group().lower()]))
    # "M23 rebels", "Hamas fighters": a word for fighters after a party is that party.
    found = [
        f
        for i, f in enumerate(found)
        if not (i and found[i - 1][1] + 1 >= f[0] - 1 >= found[i - 1][1])
    ]
    # A state's forces by the country's adjective or name, where the lexicon
    # names no party: "a Russian drone", "Armenian positions", "North Korea fired".
    pos = start
    while (m := _STATE_FORCES.search(text, pos, end)) is not None:
        who, at, stop = m["who"], m.start("who"), m.end("who")
        code = country_code(who)
        if code is None and " " in who:
            first, last = who.split(" ", 1)
            code = country_code(last)  # "A Russian drone": the article is no country
            if code is not None:
                at += len(first) + 1
            else:
                code = country_code(first)  # "Armenia's Defence Ministry"
                stop = at + len(first)
        if code is None:
            # "on Tuesday that Azerbaijani forces": read on from the next
            # capitalised word inside the match, if there is one.
            again = _CAPITAL.search(text, m.start() + 1, m.end())
            pos = again.start() if again else m.end()
            continue
        pos = m.end()
        # "U.S. and U.K. aircraft struck": the state named first is a party too.
        joint = _JOINT_BEFORE.search(text, max(start, at - 24), at)
        if (
            joint is not None
            and (first_code := country_code(joint["first"])) is not None
            and first_code != code
            and not any(a < joint.end("first") and joint.start("first") < b for a, b, _ in found)
        ):
            found.append((joint.start("first"), joint.end("first"), state_forces(first_code)))
        if m["verb"] is not None and _WHERE_BEFORE.search(text, max(start, at - 12), at):
            continue  # "a missile fired from Lebanon hit": where it came from, not who
        if m["verb"] is None and _CIVIL_CRAFT.search(m.group()):
            continue  # "a Vietnamese fishing boat", "a Greek-owned cargo ship": no forces
        overlapping = any(a < m.end() and at < b for a, b, _ in found)
        inside = [f for f in found if f[0] < m.end() and at < f[1]] if overlapping else []
        if inside and all(text[a:b].lower() in weapon_names() for a, b, _ in inside):
            # "Iraqi Air Force F-16 aircraft": the owner's, not the type's usual flier.
            found = [f for f in found if f not in inside]
            inside = []
        if inside or (m["verb"] is None and _TELLS.match(text, m.end(), end)):
            continue  # "an Indian army spokesman": who tells, not who acted
        if _SPEAKS.match(text, m.end(), end):
            if not _SAYS_ITSELF.match(text, m.end(), end):
                continue  # "the Israeli military said": who tells, not who acted
            itself = m.end()
        if m["verb"] is None and stop == m.end("who") and not _EVENT_NOUN_END.search(m.group()):
            stop = m.end()  # "Russian army": the party's words run to its forces' noun
        found.append((at, stop, state_forces(code)))
    # Armed men named by what they are, not who: "gunmen", "suspected jihadists";
    # "the militants" points back at a group told before.
    low = text[start:end].lower()
    generic = any(word in low for word in _GENERIC_WORDS)
    for m in finditer_caseless(_GENERIC_HEAD, text, start, end) if generic else ():
        head = m["head"].lower()
        stop = m.end()
        window = max(start, m.start() - 60)
        before = _GENERIC_BEFORE.search(text, window, m.start())
        at = before.start() if before is not None and before.end() > before.start() else m.start()
        lead = text[max(start, m.start() - 20) : m.start()].lower()
        if (
            "allied" in lead or "affiliated" in lead or "loyalist" in lead or "auxiliary" in lead
        ) and (_ALLIED_BEFORE.search(text, max(start, m.start() - 20), m.start())):
            continue  # "government forces and allied gunmen": the first side's associates
        near = text[window : m.start()].lower()
        communal = (
            _COMMUNAL_BEFORE.search(text, window, m.start())
            if "tribal" in near or "ethnic" in near or "clan" in near or "communal" in near
            else None
        )
        if (
            communal is not None
            and communal["name"] not in NOT_GROUP_NAMES
            and country_code(communal["name"]) is None
        ):
            # "Arab tribal fighters", "Hawiye clan militia": ACLED's communal militias,
            # named by the event's country once its place is known.
            kind = "Clan" if communal["kind"].lower() == "clan" else "Ethnic"
            found.append((communal.start("name"), stop, f"{COMMUNAL}{communal['name']} {kind}"))
            continue
        if head in ("herders", "herdsmen"):
            if not _HERDERS_ACT.match(text, stop, end):
                continue  # "gunmen killed five herders": people hit, not a party
            named = _NAME_BEFORE.search(text, window, m.start())
            if (
                named is not None
                and named["name"] not in NOT_GROUP_NAMES
                and country_code(named["name"]) is None
            ):
                found.append((named.start("name"), stop, f"{COMMUNAL}{named['name']} Ethnic"))
                continue
        if head in _VEHICLES:
            if not _UNSEEN_BEFORE.search(text, window, m.start()):
                continue  # "aircraft", "drones": weapons, not who flew them
            who = UNIDENTIFIED_MILITARY
        elif head in ("group", "militia", "cartel", "gang"):
            if text[max(start, m.start() - 4) : m.start()].lower() != "the ":
                continue  # "a group", "armed group" aside: only "the group" points back
            who = ANAPHOR
        elif before is not None and before["the"] and not before["qualified"]:
            who = ANAPHOR
        else:
            who = ARMED_GROUP
        if any(
            a < stop and (at - 2 <= b or (at - b <= 25 and _ACRONYM_GAP.fullmatch(text, b, at)))
            for a, b, _ in found
        ) or _SPEAKS.match(text, stop, end):
            continue  # "Boko Haram insurgents", "Tehreek-e-Taliban Pakistan (TTP) fighters"
        if 0 <= at - itself < 80 and _OWN_BEFORE.search(text, max(start, at - 8), at):
            continue  # "Hamas said its fighters had blown up": the teller's own
        group = group_name(text, window, at) if who != UNIDENTIFIED_MILITARY else None
        if group is not None:
            # "the 3R armed group", "Kuki militants": a group the lexicon does not
            # know, named as the report names it.
            who, at = group
        found.append((at, stop, who))
    # Forces named without their country ("the army", "troops", "our air
    # defences") are the forces of the country the event is in: the
    # incident names them once its place is known.
    home = any(word in low for word in _HOME_WORDS)
    for m in finditer_caseless(_HOME_HEAD, text, start, end) if home else ():
        at, stop = m.start("what"), m.end("what")
        if (acting := _OFFICERS_ACT.match(text, stop, end)) is not None:
            stop = acting.end("officers")  # "coast guard officers detained": they act
        if any(a < stop and at < b for a, b, _ in found) or (
            _NOT_ACTING.match(text, stop, end) and not _SAYS_ITSELF.match(text, stop, end)
        ):
            continue
        owner = _WHOSE_BEFORE.search(text, max(start, at - 30), at)
        whose = owner["whose"].lower() if owner is not None else ""
        what = m["what"].lower()
        if (
            (
                what == "military"
                and not _MILITARY_AGENTS.match(text, stop, end)
                and not _MILITARY_PLACES.match(text, stop, end)
            )
            or (what == "army" and not _ARMY_THINGS.match(text, stop, end))
        ) and (not _AS_NOUN.match(text, stop, end)):
            continue  # "a military vehicle", "an army post": a word about a thing
        if not whose and _OWNER_BEFORE.search(text, max(start, at - 40), at):
            continue  # "the Russian army", "Pakistan Army troops": the owner is named
        if m["what"].lower() == "forces" and whose not in ("our", "its", "their"):
            continue  # bare "forces" names nobody: "joint forces", "forces loyal to"
        if whose in ("its", "their") and 0 <= at - itself < 80:
            continue  # "the U.S. military said its forces": the teller's own
        if _SPEAKS.match(text, stop, end):
            if not _SAYS_ITSELF.match(text, stop, end):
                continue
            itself = stop  # "The army said its soldiers killed": the teller did it
        if what == "enemy" and (whose != "the" or not _AS_NOUN.match(text, stop, end)):
            continue  # "struck enemy positions": the teller's foe, whoever tells
        police = bool(_POLICE_HEAD.match(m["what"]))
        if what.startswith(("occupiers", "invaders", "occupying", "enemy")):
            found.append((at, stop, OCCUPYING_FORCES))
            continue
        if what.startswith("occupation"):
            police = what.endswith("police")
            found.append((at, stop, OCCUPYING_POLICE if police else OCCUPYING_FORCES))
            continue
        found.append((at, stop, HOME_POLICE if police else HOME_FORCES))
    if "(" in text[start:end]:
        found += _groups_by_acronym(text, start, end, found)
    return tuple(owned_weapons_dropped(text, sorted(found)))


def _groups_by_acronym(
    text: str, start: int, end: int, found: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Return armed groups the lexicon does not know, written "Full Name (ACRONYM)".

    "Chin National Army (CNA) troops attacked", "fighters of the Convention for
    the Popular Revolution (CRP)": named as ACLED names a group, "CNA: Chin
    National Army", when the acronym is the name's initials and the words
    around say armed men (a ministry or a newspaper is no party).
    """
    added = []
    for m in _NAME_AND_ACRONYM.finditer(text, start, end):
        full, acronym = m["full"], m["acronym"]
        words = [w for w in re.split(r"[\s-]+", full) if w[:1].isupper()]
        while words and len(words) > len(acronym) and words[0][0] != acronym[0]:
            words = words[1:]
        initials = "".join(w[0] for w in words).upper()
        letters = acronym.upper().replace("-", "")
        # "Convention for the Popular Revolution (CRP)": the acronym of a name in
        # another language has the same letters in another order.
        if initials != letters and sorted(initials) != sorted(letters):
            continue
        at = text.index(words[0], m.start("full")) if words else m.start("full")
        if any(a < m.end() and at < b for a, b, _ in found):
            continue  # a party the lexicon knows
        if words and words[-1] in _STATE_BODY_WORDS:
            continue  # "Internal Security Forces (ISF)", "State Border Guard Service": the state's
        if _SPEAKS.match(text, m.end(), end) and not _SAYS_ITSELF.match(text, m.end(), end):
            continue  # "members of the Civilian Joint Task Force (CJTF) said": who tells
        armed = _ARMED_AFTER.match(text, m.end(), end) or _ARMED_BEFORE.search(
            text, max(start, at - 30), at
        )
        if armed:
            added.append((at, m.end(), f"{acronym}: {text[at : m.end('full')]}"))
    return added


# The last words of a state body's name: no armed group of its own.
_STATE_BODY_WORDS = frozenset(
    {"Police", "Service", "Services", "Guard", "Guards", "Ministry", "Forces", "Agency"}
    | {"Directorate", "Office", "Committee", "Commission", "Gendarmerie"}
)
# "Chin National Army (CNA)", "the Convention for the Popular Revolution (CRP)".
_NAME_AND_ACRONYM = re.compile(
    r"(?P<full>[A-Z][\w'’]*(?:[\s-]+(?:[A-Z][\w'’]*|of|the|for|and|de|du|des|la|le|el|al)){1,7})"
    r"\s+\((?P<acronym>[A-Z][A-Za-z0-9-]{1,9})\)"
)
# Armed men said to be the group's: "(CNA) troops attacked", "fighters of the ...".
_ARMED_AFTER = re.compile(
    r"\s+(?:troops|fighters|forces|militants|members|rebels|gunmen|militiamen|soldiers|combatants"
    r"|units|(?:had\s+|has\s+|have\s+)?(?:attacked|clashed|ambushed|seized|captured|overran"
    r"|killed|abducted|stormed|raided|shelled|fired|struck|launched))\b"
)
_ARMED_BEFORE = re.compile(
    r"\b(?:fighters|members|troops|militants|combatants|gunmen|militiamen|rebels)\s+of\s+(?:the\s+)?$",
    re.I,
)


# "Al-Shabaab claimed the attack", "ISWAP claimed responsibility": the group
# before the claim (not "No group claimed it").
_CLAIMED = re.compile(
    # "Hezbollah claimed", "the Hezbollah terrorist organization later claimed",
    # "the Ambazonia Defence Forces (ADF) claimed".
    r"(?:\s+\([^()]{1,20}\))?(?:\s+(?!(?:said|says|and|but|denied|which|that|who|of)\b)[\w-]+){0,2}?"
    r"\s+(?:(?:has|had|later|also|quickly)\s+)?claimed\s+(?:responsibility|the\s+(?:attack|bombing"
    r"|strike|assault|killing|killings|abduction|ambush|raid)s?|it\b)",
    re.I,
)


# A party that reports ("the Israeli military said") is the source, not the doer.
_SPEAKS = re.compile(
    r"\s+(?:(?:also|later|earlier|then)\s+)?(?:said|says|told|reported|announced|stated|claimed"
    r"|confirmed|denied)\b",
    re.I,
)


# A party that tells of its own act is the doer: "Hezbollah said it fired",
# "the China Coast Guard said on Monday it had taken", "the army said its
# units repelled".
_SAYS_ITSELF = re.compile(
    r"\s+(?:(?:also|later|earlier|then)\s+)?(?:said|says|claimed|announced|stated|confirmed"
    r"|reported)\s+(?:(?:on|late|early|earlier|in|last)\s+\w+(?:\s+\w+)?\s+)?(?:that\s+)?"
    r"(?:it|they|(?:(?:one|two|three|some)\s+of\s+)?its\s+(?:\w+\s+)?(?:forces|troops|units?|fighters"
    r"|teams?|squads?|task\s+force"
    r"|soldiers|men|personnel|marines|commandos|gunners|artillery|police|officers"
    r"|aircraft|jets|air\s+defen[cs]es|navy|vessels|ships|drones|frigates?|destroyers?|warships?"
    r"|helicopters?|planes?|fighter\s+jets?))"
    # "The SDF said its units, backed by the US-led coalition, had arrested".
    r"(?:\s*,[^,.;]{1,60},)?\s+(?:(?:had|has|have|also|then)\s+)?"
    r"(?!(?:been|was|were|is|are|be|would|will|could|may|might|not|did\s+not)\b)[a-z]+",
    re.I,
)

_OWN_BEFORE = re.compile(r"\b(?:its|their)\s+$", re.I)
# Between a party and the word for its fighters: "Tehreek-e-Taliban Pakistan (TTP) fighters".
_ACRONYM_GAP = re.compile(r"\s*\([^()]{1,20}\)\s*")

# Placeholders for forces named without their country, resolved by the
# country of the event's place: "Military Forces of Sudan", "Police Forces of India".
# A communal militia by its group's name ("Arab Ethnic", "Hawiye Clan"), named in full
# ("Arab Ethnic Militia (Syria)") by the event's country.
COMMUNAL = "communal militia: "
_COMMUNAL_BEFORE = re.compile(
    r"(?<![\w'’-])(?P<name>[A-Z][\w'’-]+)\s+(?P<kind>[Tt]ribal|[Ee]thnic|[Cc]lan|[Cc]ommunal)\s+$"
)
# Officers of a force who act, not tell: "military intelligence officers detained a man".
_OFFICERS_ACT = re.compile(
    r"\s+(?P<officers>officers|officer|agents|personnel|commandos)"
    r"(?=(?:\s+(?!said\b|says\b|told\b)[\w-]+){0,4}?\s+(?:detained|arrested|seized|raided|shot"
    r"|killed|opened\s+fire|fired|stopped|intercepted|boarded|stormed|attacked|abducted|beat"
    r"|confiscated|demolished)\b)",
    re.I,
)
# Herders who act: "Fulani herders killed", "herdsmen attacked", "herders allegedly raided".
_HERDERS_ACT = re.compile(
    r"\s+(?:(?:allegedly|reportedly|also|then|had|have|has|on\s+\w+)\s+)*(?:killed|attacked"
    r"|raided|stormed|ambushed|opened\s+fire|shot|burned|torched|set\s+fire|abducted|kidnapped"
    r"|invaded|overran)\b",
    re.I,
)
# The people's name right before them: "suspected Fulani herders".
_NAME_BEFORE = re.compile(r"(?<![\w'’-])(?P<name>[A-Z][\w'’-]+)\s+$")
HOME_FORCES = "Military Forces"
HOME_POLICE = "Police Forces"
# The forces and police of the state occupying the country the event is in.
OCCUPYING_FORCES = "Military Forces (occupying)"
OCCUPYING_POLICE = "Police Forces (occupying)"
# The noun found first (a pattern that began with an optional "the" tried every
# place), then whose it is read back: "the army", "our heroic forces".
_HOME_HEAD = caseless(
    # "Occupation forces stormed Balata camp": the forces of the state occupying the
    # country the event is in, as its own outlets name them.
    r"\b(?P<what>occupation\s+(?:forces|army|troops|soldiers|police)"
    # "The 118th Mechanised Brigade says its soldiers repelled": a state's numbered unit.
    r"|\d+(?:st|nd|rd|th)\s+(?:[a-z][\w-]+\s+){0,3}(?:brigade|division|battalion|regiment|corps)"
    # "The occupiers shelled Nikopol", "the enemy struck Marhanets": as the
    # occupied country's own officials name the occupying state's forces.
    r"|occupiers|invaders|occupying\s+(?:forces|troops|army|soldiers)|enemy"
    r"|army|military\s+council|military\s+intelligence|military|armed\s+forces|security\s+forces|defen[cs]e\s+forces|troops|rangers"
    r"|soldiers?|servicem[ae]n|air\s+force|air\s+defen[cs]es?|air\s+support|navy|gendarmes"
    # "National Guard troops found", "a coast guard patrol boat fired": the state's forces.
    r"|national\s+guard|coast\s+guard"
    r"|gendarmerie|police\s+officers?|police(?:men)?|junta"
    # "Government aircraft dropped barrel bombs", "struck government tanks".
    r"|government\s+(?:forces|troops|soldiers|army|aircraft|warplanes|jets|drones|helicopters"
    r"|artillery|tanks|positions|units)"
    # "Agents of the National Security Service arrested": the state's police.
    # "the State Security Service said it had detained": the state's own, whatever its title.
    r"|(?:(?:national|state|general|federal|internal)\s+)?(?:security|intelligence)\s+services?"
    r"|security\s+agents|intelligence\s+agents"
    # "regime forces", "regime aircraft": the government's, in Syria or Myanmar alike.
    r"|regime\s+(?:navy\s+)?(?:forces|troops|soldiers|army|aircraft|warplanes|jets|artillery|drones"
    r"|navy|vessels|warships|gunboats|ships|helicopters)|forces)\b"
)
_WHOSE_BEFORE = re.compile(
    r"\b(?P<whose>the|its|our|their|his|her)\s+(?:(?:own|heroic|brave|valiant|regular)\s+)?$",
    re.I,
)
# Placeholders for armed men named by what they are: an unnamed group,
# resolved by the event's country ("Unidentified Armed Group (Mali)"), or
# "the militants" / "the group", the non-state party told last.
ARMED_GROUP = "Unidentified Armed Group"
ANAPHOR = "the group told before"
UNIDENTIFIED_MILITARY = "Unidentified Military Forces"
_VEHICLES = frozenset({"aircraft", "warplanes", "jets", "drone", "drones", "helicopters"})
_GENERIC_HEAD = caseless(
    r"\b(?P<head>aircraft|warplanes|jets|drones?|helicopters|militants|gunmen|insurgents"
    r"|jihadists|terrorists|assailants|attackers|armed\s+men|armed\s+groups?|bandits"
    r"|militiamen|fighters|rebels|rebel\s+forces|guerrillas?|separatists|gangs|gang\s+members"
    r"|gangsters|group|militia|cartel|gang"
    # "Four robbers armed with knives boarded a tanker", "pirates hijacked a dhow".
    r"|pirates|robbers|kidnappers|abductors|hijackers"
    # "An explosive device planted by unknown persons": men the text says are unknown.
    r"|(?:unknown|unidentified)\s+(?:persons|people|individuals|men|perpetrators)"
    # "suspected Fulani herders killed seven farmers": a communal militia, when they act.
    r"|herders|herdsmen"
    # "an IAF aircraft struck a terrorist cell near Mount Dov".
    r"|(?:terrorist|militant|insurgent|jihadist|sleeper|armed)\s+cells?)\b"
    # "fighters of the SDF", "a group of drones": whose they are follows.
    r"(?!\s+(?:of|from|loyal\s+to|linked\s+to|allied\s+(?:to|with)|backed\s+by)\b)"
)
# What stands before such a noun: "the", and words that say what the men are.
_GENERIC_BEFORE = re.compile(
    r"(?:\b(?P<the>the)\s+)?(?P<qualified>(?:\b(?:suspected|armed|unidentified|unknown"
    r"|masked|heavily\s+armed|jihadist|islamist)\s+)+)?$",
    re.I,
)
_UNSEEN_BEFORE = re.compile(r"\b(?:unidentified|unknown|unmarked)\s+$", re.I)
# "the army" as a party is followed by what it did, its possessions, or the clause's end.
_AS_NOUN = re.compile(
    r"['’]s\b|\s*(?:[,.;:)\"”]|$)|\s+(?:\w+ed|struck|hit|shot|fought|took|began|sent|says|said"
    r"|has|had|have|is|was|were|will|would|also|then|later|and|or|on|in|at|near|with|from)\b",
    re.I,
)
# "an army checkpoint": the army's own, a target that is the army.
_ARMY_THINGS = re.compile(
    r"\s+(?:checkpoints?|posts?|camps?|bases?|positions?|convoys?|patrols?|units?|barracks"
    r"|outposts?|garrisons?|headquarters|trucks?|vehicles?"
    # "army warplanes bombed the market": the army's own, acting.
    r"|warplanes?|aircraft|jets?|drones?|helicopters?|gunships?|troops|soldiers|artillery|tanks)\b",
    re.I,
)
# The state's police, of the heads above: "police officers", "the gendarmerie",
# "the National Security Service" (not "security forces", the state's forces).
_POLICE_HEAD = re.compile(
    r"police|gendarm|(?:(?:national|state|general|federal|internal)\s+)?(?:security|intelligence)"
    r"\s+(?:services?|agents)",
    re.I,
)
_ALLIED_BEFORE = re.compile(r"\b(?:allied|affiliated|loyalist|auxiliary)\s+$", re.I)
# "military aircraft struck": the forces acting, not a word about a thing.
_MILITARY_AGENTS = re.compile(
    r"\s+(?:warplanes|aircraft|jets|drones?|helicopters|gunships|troops|soldiers|artillery)\b", re.I
)
# "a drone attack on a military graduation ceremony", "stormed a military base":
# where the forces are, a target that is the forces (not "a military vehicle",
# which may carry anyone).
_MILITARY_PLACES = re.compile(
    r"\s+(?:(?:graduation\s+)?ceremony|graduation|parade|academy|college|bases?|posts?|outposts?"
    r"|checkpoints?|camps?|positions?|barracks|garrisons?|headquarters|installations?|airfields?"
    r"|convoys?|patrols?)\b",
    re.I,
)
# (Not an article or a word that opens a sentence: "An army drone struck", "A Navy patrol boat".)
_OWNER_BEFORE = re.compile(
    r"(?:(?!(?:A|An|The|This|That|These|Those|Its|Their|Our|One|Two|Three|Several|Some)\s)"
    r"[A-Z][\w'’.-]*|\([A-Z][\w-]*\))(?:['’]s?)?\s+$"
)
# Words one of which each match of _GENERIC or _HOME_FORCES holds: a sentence
# without any is not scanned with the pattern (most sentences have none).
_GENERIC_WORDS = (
    "pirate",
    "robber",
    "kidnapper",
    "abductor",
    "hijacker",
    "herders",
    "herdsmen",
    "militant",
    "gunmen",
    "insurgent",
    "jihadist",
    "terrorist",
    "assailant",
    "attacker",
    "armed",
    "bandit",
    "militia",
    "fighters",
    "group",
    "unidentified",
    "unknown",
    "unmarked",
    "rebel",
    "guerrilla",
    "separatist",
    "gang",
    "cartel",
    " cell",
)
_HOME_WORDS = (
    "brigade",
    "division",
    "battalion",
    "regiment",
    "corps",
    "occup",
    "invader",
    "enemy",
    "guard",
    "ranger",
    "government",
    "security",
    "intelligence",
    "army",
    "military",
    "forces",
    "troops",
    "soldier",
    "servicem",
    "air force",
    "air defen",
    "air support",
    "navy",
    "gendarm",
    "police",
    "junta",
    "regime",
)
# "the army spokesman", "military sources": who tells of the event, not a party to it.
_TELLERS = (
    r"(?:['’]s)?\s+(?:spokes\w*|officials?|sources?|statement|chief|commanders?|officers?"
    # ("Houthi command-and-control sites" are a target, not a teller.)
    r"|medical|hospital|doctors?|analysts?|experts?|intelligence|administration"
    # "the military's media wing said", "the army's press service": its voice.
    r"|media\s+(?:wing|office|centre|center|department)|press\s+(?:service|office|wing|centre|center)"
    r"|command\b(?![-\s]and[-\s])"
)
# "soldiers of an Army Reserve unit": whose they are follows, unless it is
# an operation's or a unit's name ("troops of Operation Hadin Kai").
_NOT_ACTING = re.compile(
    _TELLERS + r"|of\b(?!\s+(?:Operation|the\s+\d+(?:st|nd|rd|th)|the\s+(?:[A-Z][\w'’-]*\s+){0,3}"
    # "troops of the Brigade", "soldiers of the Northern Command": the forces' own unit.
    r"(?-i:Brigade|Division|Battalion|Regiment|Corps|Command|Task\s+Force)))|from\b)",
    re.I,
)
# (Officers act too: "FSB officers detained a resident"; they tell only when they say so.
# So do commanders: "killed two Hamas commanders".)
_TELLS = re.compile(
    _TELLERS + r")(?<!officers)(?<!officer)(?<!commanders)(?<!commander)"
    r"|(?:['’]s)?\s+(?:officers?|commanders?)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:said|says|say|told|reported|stated)\b",
    re.I,
)


# A coalition the lexicon's bare "coalition" (the U.S.-led one) is not.
_OTHER_COALITION = re.compile(
    r"(?:\b(?i:rebel|opposition|saudi-led|saudi|arab|armed|jihadist|political|ruling|electoral"
    r"|militia|tribal|separatist|islamist|emirati-led|governing|new|broad)|\b[A-Z][A-Z-]{2,})\s+$"
)
# A state's civilian craft: "a Vietnamese fishing boat" is no state's forces.
_CIVIL_CRAFT = re.compile(
    r"\b(?:fishing|cargo|merchant|commercial|civilian|passenger|container|tourist|supply|resupply)\s",
    re.I,
)
_JOINT_BEFORE = re.compile(r"(?<![\w.])(?P<first>[A-Z][\w.'’-]*)\s+and\s+$")
# A country named as a place before a verb: "a missile fired from Lebanon hit".
_WHERE_BEFORE = re.compile(r"\b(?:from|in|into|at|near|over|across|towards?)\s+$", re.I)
# "Ukrainian shelling", "Israeli air strikes": the noun is the event, the adjective its doer.
_EVENT_NOUN_END = re.compile(r"(?:shelling|strikes?|raids?|shells)$", re.I)
_CAPITAL = re.compile(r"(?<![\w'’.-])[A-Z]")


# What a state fights with, after its adjective or name.
_MILITARY = (
    r"(?:armed\s+)?forces|troops|army|military|soldiers|artillery|aircraft|warplanes|jets"
    r"|fighter\s+jets|drones?|quadcopters?|UAVs?|missiles?|rockets?|navy|naval\s+forces|air\s+force"
    r"|air\s+defen[cs]es|marines|gunboats|warships|helicopters|tanks?|units?|positions?"
    r"|paratroopers|infantry|special\s+forces|bombers|shelling|gunners|snipers|patrols?"
    r"|(?:air\s+)?strikes?|raids?|shells|vessels?|ships?|boats?|coast\s+guard|border\s+guards?"
    r"|frigates?|destroyers?|corvettes?|cruisers?|submarines?|aircraft\s+carriers?"
    r"|soldier|(?:defen[cs]e\s+)?ministry|occupiers|invaders|occupation\s+forces"
    # "fired at Indian posts", "shelled Armenian outposts": where its soldiers stand.
    r"|(?<!telegram\s)(?<!social\s)(?<!media\s)(?:out)?posts?|bases|checkpoints?|bunkers?|trenches"
    r"|garrisons?|convoys?"
    # "a Russian glide bomb hit": what a state drops or fires is its forces'.
    r"|bombs?|munitions?|mortars?|grenades?"
    # "Israeli gunfire hit a UN vehicle", "Russian fire killed two men".
    r"|gunfire|(?:tank\s+|sniper\s+|naval\s+)?fire(?!\s+(?:brigades?|fighters?|services?|departments?"
    r"|trucks?|stations?|engines?|crews?))"
)
# Verbs of a state named as the doer: "North Korea fired", "Israel struck".
_STATE_VERB = (
    r"fired|struck|hit|shelled|bombed|launched|attacked|shot|opened|intercepted|seized"
    r"|boarded|sent|flew|deployed|pounded|targeted|raided|downed|rammed|expelled"
)
_STATE_FORCES = re.compile(
    # A capital first, then the word boundary before it (a look-behind): a
    # pattern that begins with a class lets re skip to the capitals.
    r"(?P<who>[A-Z](?<!\w[A-Z])[\w'’.-]*(?:[\s-][A-Z][\w'’-]+)?)(?:['’]s?)?\s+"
    rf"(?:(?:(?!said\b|says\b|and\b|or\b|of\b|in\b|militants\b|gunmen\b|insurgents\b"
    rf"|rebels\b|jihadists\b|militiamen\b)[\w'’-]+\s+){{0,2}}?(?i:{_MILITARY})\b"
    rf"|(?:(?:also|then|later|had|has|have)\s+)?(?P<verb>{_STATE_VERB})\b)"
)
