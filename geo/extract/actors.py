"""Actors: who struck whom, from a lexicon of how news names the parties.

``data/actors.csv`` maps the phrases reports use ("coalition aircraft",
"Iranian-backed militias", "ISIS") to one name per party, so the same actor
reads the same across reports. In a trigger's sentence, the party named
before an active verb is ``actor1`` and the one after it ``actor2``; with a
passive verb and "by" ("were bombed by American jets") it is the other way
round.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from geo.extract.incidents import ACLED_TYPES
from geo.extract.patterns import caseless, finditer_caseless, text_cache, trie_pattern
from geo.extract.text import Span, words_before
from geo.extract.triggers import VERB_TRIGGER
from geo.support.paths import data_dir


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[re.Pattern, re.Pattern], dict[str, str]]:
    names: dict[str, str] = {}
    for phrase, senses in _senses().items():
        # A phrase of several parties ("IAF": Israel's or India's air force) is
        # named once the event's country is known (``_named``).
        names[phrase] = senses[0][0] if len(senses) == 1 else AMBIGUOUS + phrase
    # A trie prefers the longer phrase: "coalition aircraft" before "coalition".
    return caseless(rf"(?<![\w-])(?:{trie_pattern(names)})(?![\w-])"), names


# The mark of a phrase that names several parties, before the phrase itself.
AMBIGUOUS = "\x00"


@lru_cache(maxsize=1)
def _senses() -> dict[str, list[tuple[str, str]]]:
    """Return each phrase of ``data/actors.csv`` with the (party, country) rows it names."""
    senses: dict[str, list[tuple[str, str]]] = {}
    with open(data_dir() / "actors.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for phrase in row["phrases"].split("|"):
                if phrase.strip():
                    sense = (row["actor"].strip(), (row.get("country") or "").strip().upper())
                    found = senses.setdefault(phrase.strip().lower(), [])
                    if sense not in found:
                        found.append(sense)
    return senses


def _sense(phrase: str, country: str | None) -> str:
    """Return the party a phrase of several names where the event is.

    The party of the event's country, else of a country bordering it ("the
    IAF" striking in Lebanon is Israel's), else the first row's.
    """
    senses = _senses()[phrase]
    if country:
        from geo.strips import has_border

        for party, home in senses:
            if home == country:
                return party
        for party, home in senses:
            if home and has_border(home, country):
                return party
    return senses[0][0]


def inside_party_name(text: str, span: Span) -> bool:
    """Return whether a name stands inside a longer name of a party of the lexicon.

    A place inside one is the party's name, not a place of the story: "Africa"
    in "Islamic State West Africa Province", "Iraq" in "Islamic Resistance in Iraq".
    Only names that some longer phrase holds are looked at, around themselves.
    """
    if not any(word in _phrase_words() for word in span.text.lower().split()):
        return False
    patterns, _ = _lexicon()
    start, end = max(0, span.start - _PHRASE_REACH), min(len(text), span.end + _PHRASE_REACH)
    return any(
        m.start() <= span.start
        and span.end <= m.end()
        and m.end() - m.start() > span.end - span.start
        for m in finditer_caseless(patterns, text, start, end)
    )


_PHRASE_REACH = 80  # characters around a name that a party's longer name may run over


@lru_cache(maxsize=1)
def _phrase_words() -> frozenset[str]:
    """Return the words of the lexicon's phrases of several words."""
    return frozenset(w for phrase in _senses() if " " in phrase for w in phrase.split())


def actors_in(text: str, sentence: Span) -> list[tuple[int, int, str]]:
    """Return (start, end, actor) for each party the sentence names, in order."""
    return list(_actors_between(text, sentence.start, sentence.end))


@text_cache(maxsize=256)  # a sentence that tells several events is read once
def _actors_between(text: str, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
    patterns, names = _lexicon()
    found = []
    itself = -1  # where a party that tells of its own act ends: "Hezbollah said it fired"
    for lexed in finditer_caseless(patterns, text, start, end):
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
        if any(a < m.end() and at < b for a, b, _ in found) or (
            m["verb"] is None and _TELLS.match(text, m.end(), end)
        ):
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
        if head in _VEHICLES:
            if not _UNSEEN_BEFORE.search(text, window, m.start()):
                continue  # "aircraft", "drones": weapons, not who flew them
            who = UNIDENTIFIED_MILITARY
        elif head in ("group", "militia"):
            if text[max(start, m.start() - 4) : m.start()].lower() != "the ":
                continue  # "a group", "armed group" aside: only "the group" points back
            who = ANAPHOR
        elif before is not None and before["the"] and not before["qualified"]:
            who = ANAPHOR
        else:
            who = ARMED_GROUP
        if any(a < stop and at - 2 <= b for a, b, _ in found) or _SPEAKS.match(text, stop, end):
            continue  # "Boko Haram insurgents": the group named is who they are
        group = _group_name(text, window, at) if who != UNIDENTIFIED_MILITARY else None
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
        if any(a < stop and at < b for a, b, _ in found) or _NOT_ACTING.match(text, stop, end):
            continue
        owner = _WHOSE_BEFORE.search(text, max(start, at - 30), at)
        whose = owner["whose"].lower() if owner is not None else ""
        what = m["what"].lower()
        if (
            what == "military" or (what == "army" and not _ARMY_THINGS.match(text, stop, end))
        ) and (not _AS_NOUN.match(text, stop, end)):
            continue  # "a military vehicle", "an army post": a word about a thing
        if not whose and _OWNER_BEFORE.search(text, max(start, at - 40), at):
            continue  # "the Russian army", "Pakistan Army troops": the owner is named
        if m["what"].lower() == "forces" and whose not in ("our", "its", "their"):
            continue  # bare "forces" names nobody: "joint forces", "forces loyal to"
        if whose in ("its", "their") and 0 <= at - itself < 80:
            continue  # "the U.S. military said its forces": the teller's own
        if _SPEAKS.match(text, stop, end):
            continue
        police = m["what"].lower().startswith(("police", "gendarm"))
        found.append((at, stop, HOME_POLICE if police else HOME_FORCES))
    return tuple(sorted(found))


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
    r"(?:it|they|its\s+(?:\w+\s+)?(?:forces|troops|units|fighters|aircraft|jets|air\s+defen[cs]es"
    r"|navy|vessels|ships|drones))\s+(?:(?:had|has|have|also|then)\s+)?"
    r"(?!(?:been|was|were|is|are|be|would|will|could|may|might|not|did\s+not)\b)[a-z]+",
    re.I,
)

# Placeholders for forces named without their country, resolved by the
# country of the event's place: "Military Forces of Sudan", "Police Forces of India".
HOME_FORCES = "Military Forces"
HOME_POLICE = "Police Forces"
# The noun found first (a pattern that began with an optional "the" tried every
# place), then whose it is read back: "the army", "our heroic forces".
_HOME_HEAD = caseless(
    r"\b(?P<what>army|military|armed\s+forces|security\s+forces|defen[cs]e\s+forces|troops"
    r"|soldiers?|servicem[ae]n|air\s+force|air\s+defen[cs]es?|air\s+support|navy|gendarmes"
    r"|gendarmerie|police\s+officers?|police(?:men)?|government\s+forces|junta"
    # "regime forces", "regime aircraft": the government's, in Syria or Myanmar alike.
    r"|regime\s+(?:forces|troops|soldiers|army|aircraft|warplanes|jets|artillery|drones)|forces)\b"
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
    r"|gangsters|group|militia)\b"
    # "fighters of the SDF", "a group of drones": whose they are follows.
    r"(?!\s+(?:of|from|loyal\s+to|linked\s+to|allied\s+(?:to|with)|backed\s+by)\b)"
)
# What stands before such a noun: "the", and words that say what the men are.
_GENERIC_BEFORE = re.compile(
    r"(?:\b(?P<the>the)\s+)?(?P<qualified>(?:\b(?:suspected|armed|unidentified|unknown"
    r"|masked|heavily\s+armed|jihadist|islamist)\s+)+)?$",
    re.I,
)
# A name right before armed men: "3R", "Kuki", "Viv Ansanm" (one or two capitalised words).
_GROUP_NAME_BEFORE = re.compile(
    r"(?<![\w'’-])(?P<name>[A-Z0-9][\w'’-]*(?:\s+[A-Z0-9][\w'’-]*)?)\s+$"
)


def _group_name(text: str, start: int, end: int) -> tuple[str, int] | None:
    """Return the name written right before armed men, and where it starts, if one is.

    Not a word that opens a sentence or says what the men are ("The", "Suspected"),
    nor a country's ("Palestinian militants" are of a country, not a group).
    """
    m = _GROUP_NAME_BEFORE.search(text, start, end)
    if m is None:
        return None
    name, at = m["name"], m.start("name")
    first, _, rest = name.partition(" ")
    if rest and first in _NOT_GROUP_NAMES:
        name, at = rest, at + len(first) + 1  # "Suspected Kuki militants": Kuki
    if (
        name in _NOT_GROUP_NAMES
        or not any(c.isupper() for c in name)
        or any(country_code(w) for w in name.split())
        or _names_an_area(name)
    ):
        return None
    return name, at


@lru_cache(maxsize=512)
def _names_an_area(name: str) -> bool:
    """Return whether a name is a region's or a big city's: "Idlib rebels" are of a place."""
    from geo.geocode.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    if any(
        p.place_type in ("region", "country") or p.population >= 100_000
        for p in gazetteer.candidates(name)
    ):
        return True
    return any(
        gazetteer.candidates(f"{name} {division}")
        for division in ("governorate", "province", "region", "oblast", "state", "district")
    )


# Capitalised words that open a sentence or a clause before armed men, not a name.
_NOT_GROUP_NAMES = frozenset(
    {
        "The",
        "A",
        "An",
        "Some",
        "Several",
        "Suspected",
        "Armed",
        "Unidentified",
        "Unknown",
        "Masked",
        "Islamist",
        "Jihadist",
        "Local",
        "Rival",
        "Heavily",
        "Many",
        "Other",
        "Hundreds",
        "Dozens",
        "Two",
        "Three",
        "Four",
        "Five",
        "Six",
        "Seven",
        "Eight",
        "Nine",
        "Ten",
        "About",
        "Around",
        "Nearly",
        "More",
        "Most",
        "All",
        "Both",
        "These",
        "Those",
        "Their",
        "His",
        "Her",
        "Its",
        "Our",
        "When",
        "After",
        "As",
        "While",
        "Where",
        "Then",
        "And",
        "But",
        "On",
        "In",
        "At",
    }
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
    r"|outposts?|garrisons?|headquarters|trucks?|vehicles?)\b",
    re.I,
)
_OWNER_BEFORE = re.compile(r"[A-Z][\w'’.-]*(?:['’]s?)?\s+$")
# Words one of which each match of _GENERIC or _HOME_FORCES holds: a sentence
# without any is not scanned with the pattern (most sentences have none).
_GENERIC_WORDS = (
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
)
_HOME_WORDS = (
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
    r"|medical|hospital|doctors?|analysts?|experts?|intelligence|administration|command\b"
)
# "soldiers of an Army Reserve unit": whose they are follows, unless it is
# an operation's or a unit's name ("troops of Operation Hadin Kai").
_NOT_ACTING = re.compile(
    _TELLERS + r"|of\b(?!\s+(?:Operation|the\s+\d+(?:st|nd|rd|th)))|from\b)", re.I
)
_TELLS = re.compile(_TELLERS + ")", re.I)


# "Ukrainian shelling", "Israeli air strikes": the noun is the event, the adjective its doer.
_EVENT_NOUN_END = re.compile(r"(?:shelling|strikes?|raids?|shells)$", re.I)
_CAPITAL = re.compile(r"(?<![\w'’.-])[A-Z]")


# What a state fights with, after its adjective or name.
_MILITARY = (
    r"(?:armed\s+)?forces|troops|army|military|soldiers|artillery|aircraft|warplanes|jets"
    r"|fighter\s+jets|drones?|missiles?|rockets?|navy|naval\s+forces|air\s+force"
    r"|air\s+defen[cs]es|marines|gunboats|warships|helicopters|tanks|units|positions"
    r"|paratroopers|infantry|special\s+forces|bombers|shelling|gunners|snipers|patrols?"
    r"|(?:air\s+)?strikes?|raids?|shells|vessels?|ships?|boats?|coast\s+guard|border\s+guards?"
    r"|soldier|(?:defen[cs]e\s+)?ministry"
)
# Verbs of a state named as the doer: "North Korea fired", "Israel struck".
_STATE_VERB = (
    r"fired|struck|hit|shelled|bombed|launched|attacked|shot|opened|intercepted|seized"
    r"|boarded|sent|flew|deployed|pounded|targeted|raided|downed|rammed|expelled"
)
_STATE_FORCES = re.compile(
    r"\b(?P<who>[A-Z][\w'’.-]*(?:[\s-][A-Z][\w'’-]+)?)(?:['’]s?)?\s+"
    rf"(?:(?:(?!said\b|says\b|and\b|or\b|of\b|in\b|militants\b|gunmen\b|insurgents\b"
    rf"|rebels\b|jihadists\b|militiamen\b)[\w'’-]+\s+){{0,2}}?(?i:{_MILITARY})\b"
    rf"|(?:(?:also|then|later|had|has|have)\s+)?(?P<verb>{_STATE_VERB})\b)"
)


@lru_cache(maxsize=512)
def country_code(word: str) -> str | None:
    """Return the ISO code of the country a word names or is the adjective of, else None."""
    from geo.extract.strips import country_of_word
    from geo.geocode.gazetteer import default_gazetteer

    return country_of_word(word, default_gazetteer())


@lru_cache(maxsize=256)
def state_forces(code: str) -> str:
    """Return ACLED's name for a state's military: "Military Forces of Russia"."""
    return f"Military Forces of {country_display_name(code)}"


# Where ACLED's country name is not GeoNames' (ACLED writes "Palestine").
_ACLED_COUNTRY = {"PS": "Palestine", "CD": "Democratic Republic of Congo"}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    from geo.geocode.gazetteer import default_gazetteer

    return {p.country: p.name for p in default_gazetteer().candidates_of_kind("country")}


@lru_cache(maxsize=256)
def country_display_name(code: str) -> str:
    """Return a country's name as ACLED writes it in an actor: "the United States", "Syria"."""
    name = _ACLED_COUNTRY.get(code) or _country_names().get(code, code)
    if name.startswith(("United ", "Democratic Republic", "Central African", "Republic")) or (
        name.endswith("s") and name not in ("Laos",)
    ):
        return f"the {name}"
    return name


@text_cache(maxsize=256)
def _actor_index(text: str, start: int, end: int) -> tuple:
    """Return a sentence's parties with their starts, ends, and where a different one follows.

    ``following[i]`` is the index of the first party after party ``i`` that
    is another actor (or the number of parties): a trigger finds its parties
    by bisection instead of reading a long sentence's list again.
    """
    found = _actors_between(text, start, end)
    following = [len(found)] * len(found)
    for i in range(len(found) - 2, -1, -1):
        following[i] = i + 1 if found[i + 1][2] != found[i][2] else following[i + 1]
    return found, [a[0] for a in found], [a[1] for a in found], following


_BETWEEN = re.compile(r"\b(?:between|pitting)\s+(?:\w+\s+){0,3}?$", re.I)
_REPELLED = re.compile(r"repelled\b", re.I)


def _adjective_party(words: str) -> str | None:
    """Return the state whose adjective stands in a trigger's words ("a Ukrainian attack")."""
    for word in re.findall(r"\b[A-Z][\w'’-]+", words):
        code = country_code(word)
        if code is not None:
            return state_forces(code)
    return None


_NOUN_BY = re.compile(r"\s+by\b", re.I)
_PASSIVE_BY = re.compile(r"\s*(?:\w+\s+){0,3}?by\b", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|got)\s+(?:\w+\s+){0,2}$", re.I)


# The target is people or property outside any armed party: ACLED's "Civilians".
CIVILIANS = "Civilians"
_CIVILIAN_TARGET = re.compile(
    r"[^.;,]{0,40}?\b(?:civilians?|residents?|homes?|houses?|residential|apartments?|hospitals?"
    r"|schools?|markets?|fishermen|fishing\s+(?:boats?|vessels?)|merchant\s+(?:vessels?|ships?)"
    r"|tankers?|bulk\s+carriers?|cargo\s+ships?|container\s+ships?|villagers|farmers"
    r"|passers?-by|drivers|buses|bus\b|power\s+(?:plants?|stations?|grid)|energy\s+infrastructure"
    r"|displaced|refugees|worshippers|journalists|aid\s+workers|humanitarian)\b"
    # "civilians said": who tells, not the target.
    r"(?!\s+(?:(?:also|later)\s+)?(?:said|says|told|reported)\b)",
    re.I,
)


# A target that is the state's own: "a military base", "an army convoy", "a police station".
_STATE_TARGET = re.compile(
    r"\b(?:(?:military|army)\s+(?:base|post|camp|convoy|position|outpost|checkpoint|patrol"
    r"|vehicle|barracks)|(?P<police>police)\s+(?:station|post|van|vehicle|patrol|checkpoint"
    r"|headquarters))s?\b",
    re.I,
)
# A merchant ship named before the event that hit it, and no warship.
_CIVILIAN_SHIP = re.compile(
    r"\b(?:merchant|commercial|cargo|bulk|container|crude|oil|chemical|LPG|LNG)\s+"
    r"(?:vessels?|ships?|carriers?|tankers?)\b|\b(?:tankers?|bulk\s+carriers?|freighters?"
    r"|fishing\s+(?:boats?|vessels?|dhows?)|dhows?)\b(?![^.;]{0,40}\b(?:navy|naval|warship))",
    re.I,
)
# Where a clause that tells another event or another teller begins: ", and an
# Israeli drone struck", "and that its air defences", "; ", " while ".
_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:and|but|while|whereas|which|who)\b|\band\s+that\b"
    r"|\b(?:while|where|after|before|when|because|until|once)\b",
    re.I,
)
# A clause of its own whose subject is no party: "after the drone had fired at":
# the doer is not a party named before the clause.
_OWN_SUBJECT = re.compile(
    r"\b(?:after|before|when|because|until|once|while|where)\s+(?:[\w'’-]+\s+){1,3}?"
    r"(?:(?:had|has|have|was|were|also)\s+)?$",
    re.I,
)
_OWN_SUBJECT_WORDS = ("after", "before", "when", "because", "until", "once", "while", "where")
# The toll of an attack on people outside any armed party: "killing a 64-year-old
# man", "wounding nine people", "damaging a school".
_CIVILIAN_TOLL = re.compile(
    r"\b(?:killing|killed|wounding|wounded|injuring|injured|damaging|damaged|destroying"
    r"|hitting)\s+(?:at\s+least\s+|more\s+than\s+|about\s+|some\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:civilians?|people|persons|residents|m[ae]n|wom[ae]n|child(?:ren)?|girls?|boys?"
    r"|famil(?:y|ies)|passengers|drivers?|farmers|villagers|houses?|homes?|schools?|hospitals?"
    r"|mosques?|churches|markets?|(?:block|blocks)\s+of\s+flats|apartment\s+blocks?"
    r"|residential\s+(?:buildings?|areas?))\b",
    re.I,
)


# A party followed by what it did: "security forces killed", "the army had repelled".
_ACTS = re.compile(
    r"\s+(?:(?:had|has|have|also|then|later)\s+)?(?:[a-z]+ed|struck|hit|shot|fought|took|began"
    r"|sent|threw|overran|seized|stormed|opened)\b"
)


# How far after a trigger its clause is read at most: a run-on sentence of a
# megabyte is read in time linear in its length, not once per trigger.
CLAUSE_CHARS = 250


def _clause_end(text: str, start: int, end: int) -> int:
    end = min(end, start + CLAUSE_CHARS)
    m = _CLAUSE_BREAK.search(text, start, end)
    return m.start() if m else end


def actors_of(text: str, sentence: Span, trigger: Span) -> tuple[str | None, str | None]:
    """Return (actor1, actor2): who acted in the event the trigger tells, and on whom.

    With no party after the trigger, a target of people or property outside
    any armed party ("struck a residential building", "fired at a tanker") is
    ``CIVILIANS``, which the incident names by its place's country.
    """
    found, starts, ends, following = _actor_index(text, sentence.start, sentence.end)
    # Parties do not overlap: the last ending before the trigger is the
    # nearest before it, the first starting after it the nearest after.
    before = bisect_right(ends, trigger.start) - 1
    after = bisect_left(starts, trigger.end)
    last_before = found[before][2] if before >= 0 else None
    if _REPELLED.match(trigger.text) and (attacker := _adjective_party(trigger.text)):
        # "its troops repelled a Ukrainian attack": the attacker did it, to them.
        return attacker, last_before if last_before != attacker else None
    if 0 <= before + 1 < len(found):
        inside = found[before + 1]
        if trigger.start <= inside[0] and inside[1] <= trigger.end:
            if _REPELLED.match(trigger.text):
                # "its troops repelled a Ukrainian attack": the attacker did it, to them.
                return inside[2], last_before if last_before != inside[2] else None
            if last_before is None:
                last_before = inside[2]  # "air defences destroyed": the doer is in the trigger
    window = max(sentence.start, trigger.start - 60)
    # Only a verb has a subject of its own: "after a brief exchange of fire" is
    # no clause, "after the drone had fired at" is.
    own = (
        _OWN_SUBJECT.search(text, window, trigger.start)
        if VERB_TRIGGER.match(trigger.text)
        and any(w in text[window : trigger.start].lower() for w in _OWN_SUBJECT_WORDS)
        else None
    )
    if own is not None and (before < 0 or found[before][1] <= own.start()):
        last_before = None  # "after the drone had fired at": its doer is not named before
    passive = bool(_PASSIVE.search(words_before(text, sentence, trigger)))
    if after < len(found) and _BETWEEN.search(
        text, max(trigger.end, found[after][0] - 60), found[after][0]
    ):
        # "clashes between the army and the RSF": the two sides, in the order told.
        k = following[after]
        return found[after][2], found[k][2] if k < len(found) else None
    by_after = after < len(found) and _PASSIVE_BY.match(text, trigger.end, found[after][0] + 1)
    if by_after and (passive or _NOUN_BY.match(text, trigger.end)):
        # "were bombed by American jets", "an attack by the RSF"
        agent, patient = found[after][2], last_before
    elif passive:
        # "a convoy escorted by soldiers was ambushed": who was acted on, by nobody named
        agent, patient = None, last_before
    elif last_before is None and after < len(found) and _ACTS.match(text, found[after][1]):
        # "in raids on Sunday, security forces killed 12 militants": the doer of
        # an event named first is the subject of the clause that tells it.
        k = following[after]
        stop = _clause_end(text, found[after][1], sentence.end)
        agent = found[after][2]
        patient = found[k][2] if k < len(found) and found[k][0] < stop else None
    else:
        agent = last_before
        patient = None
        if after < len(found):
            # The first party after the trigger that is not the agent, in its clause.
            k = after if found[after][2] != agent else following[after]
            stop = _clause_end(text, trigger.end, sentence.end)
            patient = found[k][2] if k < len(found) and found[k][0] < stop else None
    if patient is None and not passive:
        # "attacked a military base", "a police station": the state's forces or police there.
        target = _STATE_TARGET.search(
            text, trigger.end, _clause_end(text, trigger.end, sentence.end)
        )
        if target is not None:
            patient = HOME_POLICE if target["police"] else HOME_FORCES
    if patient is None and _CIVILIAN_SHIP.search(words_before(text, sentence, trigger)):
        # "A bulk carrier reported two explosions", "Bulk carrier struck by a missile".
        patient = CIVILIANS
    if (
        patient is None
        and not passive
        and (
            _CIVILIAN_TARGET.match(text, trigger.end, sentence.end)
            or _CIVILIAN_TOLL.search(
                text, trigger.end, _clause_end(text, trigger.end, sentence.end)
            )
        )
    ):
        patient = CIVILIANS
    return agent, patient if patient != agent else None


# How many sentences back a sentence that names no doer ("the occupiers
# dropped", "another hit a house") looks for the doer of the event told before.
CARRY_SENTENCES = 2


def parties_of(
    text: str, sentences: list[Span], mentions: list
) -> list[tuple[str | None, str | None]]:
    """Return (actor1, actor2) for each of an article's event mentions, in text order.

    The parties of each sentence (``actors_of``) are named as ACLED names
    them by the country of the event's place: civilians ("Civilians
    (Ukraine)") and forces named without their country ("the army" in El
    Fasher is "Military Forces of Sudan"). A sentence that names no doer
    continues the story just told: its doer is the last one named at most
    ``CARRY_SENTENCES`` sentences before, unless that party is its target.
    """
    starts = [s.start for s in sentences]
    claims = _claims(text, sentences) if mentions else {}
    out: list[tuple[str | None, str | None]] = []
    last: tuple[int, str | None, str] | None = None  # the mention just told
    group: str | None = None  # the non-state party told last, for "the militants"
    for m in mentions:
        country = m.place.country if m.place is not None else None
        at_sea = m.place is not None and _at_sea(m.place)
        a1, a2 = (
            _named(group if a == ANAPHOR and group else a, country, at_sea)
            for a in actors_of(text, m.sentence, m.trigger)
        )
        if a2 is None and m.event_type in _ON_PEOPLE:
            a2 = _named(CIVILIANS, country, at_sea)  # "gunmen killed five villagers"
        elif a2 is None and _HURT_BEFORE.search(
            text, max(m.sentence.start, m.trigger.start - 200), m.trigger.start
        ):
            a2 = _named(CIVILIANS, country, at_sea)  # "a man was wounded by Ukrainian shelling"
        if m.event_type == "territory" and a2 is None and a1 and not a1.startswith(_STATES):
            # A group that takes a place takes it from the state's forces there.
            a2 = _named(HOME_FORCES, country, at_sea)
        for a in (a1, a2):
            if a and not a.startswith(_STATES):
                group = a
        at = bisect_right(starts, m.sentence.start) - 1
        family = ACLED_TYPES.get(m.event_type, (m.event_type,))[0]
        if (
            a1 is None
            and last is not None
            and at - last[0] <= CARRY_SENTENCES
            and last[1] not in (a2, None)
            and last[2] == family
        ):
            a1 = last[1]
        elif a1 is None:
            # A sentence just before that told no event of its own but who was
            # acting: "the Russian army carried out 87 attacks ... Residential
            # quarters came under fire".
            since = last[0] + 1 if last is not None else 0
            for k in range(at - 1, max(since, at - CARRY_SENTENCES) - 1, -1):
                doer = _doer_of(text, sentences[k])
                if doer:
                    a1 = _named(doer, country, at_sea) if doer != a2 else None
                    break
        if a1 is None or a1.startswith(ARMED_GROUP):
            # "Al-Shabaab claimed the attack": who claims an unattributed event did it.
            claimant = next((claims[k] for k in range(at, at + 3) if k in claims), None)
            if claimant and claimant != a2:
                a1 = _named(claimant, country, at_sea)
        last = (at, a1, family)
        out.append((a1, a2 if a2 != a1 else None))
    return out


# "Al-Shabaab claimed the attack", "ISWAP claimed responsibility": the group
# before the claim (not "No group claimed it").
_CLAIMED = re.compile(
    r"\s+(?:(?:has|had|later|also|quickly)\s+)?claimed\s+(?:responsibility|the\s+(?:attack|bombing"
    r"|strike|assault|killing|killings|abduction|ambush|raid)s?|it\b)",
    re.I,
)


def _claims(text: str, sentences: list[Span]) -> dict[int, str]:
    """Return, by sentence index, the party a sentence says claimed an attack."""
    found: dict[int, str] = {}
    low = text.lower()
    if "claimed" not in low:
        return found
    for i, sentence in enumerate(sentences):
        if "claimed" not in low[sentence.start : sentence.end]:
            continue
        for _start, end, who in _actors_between(text, sentence.start, sentence.end):
            if not who.startswith(_STATES) and who != ANAPHOR and _CLAIMED.match(text, end):
                found[i] = who
                break
    return found


def _doer_of(text: str, sentence: Span) -> str | None:
    """Return the party a sentence tells acting ("the Russian army carried out"), if any."""
    for _start, end, who in _actors_between(text, sentence.start, sentence.end):
        if who not in (ANAPHOR, CIVILIANS) and _ACTS.match(text, end):
            return who
    return None


def _bare(country: str) -> str:
    """Return a country's name without its article, as ACLED writes it in brackets."""
    return country[4:] if country.startswith("the ") else country


def _at_sea(place) -> bool:
    """Return whether a place is open water: a sea, or a position told in nautical miles."""
    from geo.geocode.areas import WATER_TYPES

    return place.place_type in WATER_TYPES or (
        place.place_type == "offset" and bool(_NAUTICAL.search(place.name))
    )


_NAUTICAL = re.compile(r"nautical|\bnm\b", re.I)


# People outside any armed party hurt, told before the event that hurt them.
_HURT_BEFORE = re.compile(
    r"\b(?:civilians?|people|persons|residents|m[ae]n|wom[ae]n|child(?:ren)?|girls?|boys?"
    r"|passengers|villagers|farmers|drivers?)\s+(?:\w+\s+){0,2}?(?:was|were|had\s+been|have\s+been)"
    r"\s+(?:killed|wounded|injured|hurt)\b",
    re.I,
)
# Kinds of event whose trigger names people outside any armed party as the target.
_ON_PEOPLE = frozenset({"killing", "abduction", "arrests"})


# Parties that are no armed group: "the militants" does not point back at them.
_STATES = ("Military Forces", "Police Forces", CIVILIANS, UNIDENTIFIED_MILITARY, ARMED_GROUP)


def _named(actor: str | None, country: str | None, at_sea: bool = False) -> str | None:
    """Return a party as ACLED names it where the event happened."""
    if actor and actor.startswith(AMBIGUOUS):
        return _sense(actor[len(AMBIGUOUS) :], country)
    if actor == CIVILIANS:
        # ACLED names civilians by their country: "Civilians (Ukraine)"; a
        # ship's crew at sea is of no country the place tells.
        return (
            f"{CIVILIANS} ({_bare(country_display_name(country))})"
            if country and not at_sea
            else CIVILIANS
        )
    if actor in (ARMED_GROUP, ANAPHOR):
        return f"{ARMED_GROUP} ({_bare(country_display_name(country))})" if country else ARMED_GROUP
    if actor in (HOME_FORCES, HOME_POLICE):
        return f"{actor} of {country_display_name(country)}" if country else None
    return actor
