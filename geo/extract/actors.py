"""Actors: who struck whom in each event of an article, as ACLED names them.

Each sentence gives its event's roles (``geo.extract.roles``); across an
article (``parties_of``) the parties are named as ACLED names them where the
event is, a sentence that names no doer continues the story, and a claim
names the doer of an unclaimed event.
"""

import re
from bisect import bisect_left, bisect_right

from geo.extract.acled import ACLED_TYPES, REMOTE_VIOLENCE
from geo.extract.civilians import CIVILIANS, NATIONALITY
from geo.extract.not_events import DONE_BY_BEFORE
from geo.extract.parties import (
    _CLAIMED,
    ANAPHOR,
    ARMED_GROUP,
    COMMUNAL,
    HOME_FORCES,
    HOME_POLICE,
    OCCUPYING_FORCES,
    OCCUPYING_POLICE,
    UNIDENTIFIED_MILITARY,
    _actors_between,
)
from geo.extract.party_lexicon import (
    AMBIGUOUS,
    FORCES_HELD_BY,
    OCCUPIER_OF,
    _lexicon,
    _sense,
    country_code,
    country_display_name,
    held_by,
    held_countries,
    state_forces,
)
from geo.extract.patterns import caseless, search_caseless
from geo.extract.roles import (
    _ACTS,
    PRONOUN_SUBJECT,
    _actor_index,
    actors_of,
    event_told_beside,
)
from geo.extract.text import Span, words_before
from geo.extract.triggers import is_passive

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
    firing: tuple[int, str] | None = None  # who fired the weapons told last, and where
    stopped: tuple[int, str] | None = None  # whose weapons were intercepted last
    group: str | None = None  # the non-state party told last, for "the militants"
    only: list[str | None] = []  # the one armed group the article names, once read
    for m in mentions:
        country = m.place.country if m.place is not None else None
        at_sea = m.place is not None and _at_sea(m.place)
        # Unnamed forces in an area another state holds are the holder's (Crimea).
        held = held_by(m.place) if country in held_countries() else None
        doer, target = actors_of(text, m.sentence, m.trigger)
        if target == ARMED_GROUP:
            # "troops killed 12 militants" in a report naming one group: its fighters.
            # (Not the doer: unnamed attackers stay unidentified unless the text says.)
            if not only:
                only.append(_only_group(text, sentences))
            target = only[0] or target
        a1, a2 = (
            _named(group if a == ANAPHOR and group else a, country, at_sea, held)
            for a in (doer, target)
        )
        if a2 is None and m.event_type in _ON_PEOPLE:
            a2 = _named(CIVILIANS, country, at_sea, held)  # "gunmen killed five villagers"
        elif a2 is None and search_caseless(
            _HURT_WORDS, text, max(m.sentence.start, m.trigger.start - 200), m.trigger.start
        ):
            a2 = _named(
                CIVILIANS, country, at_sea, held
            )  # "a man was wounded by Ukrainian shelling"
        elif a2 is None and (hurt := _party_hurt_before(text, m.sentence, m.trigger)):
            # "Three Nigerien soldiers were killed when their vehicle struck a landmine".
            named = _named(hurt, country, at_sea, held)
            a2 = named if named != a1 else None
        if m.event_type == "territory" and a2 is None and a1 and not a1.startswith(_STATES):
            # A group that takes a place takes it from the state's forces there.
            a2 = _named(HOME_FORCES, country, at_sea, held)
        elif (
            m.event_type == "territory"
            and (a2 is None or a2.startswith(CIVILIANS))
            and a1
            and a1.startswith("Military Forces")
            and (home := _named(HOME_FORCES, country, at_sea, held)) not in (None, a1)
        ):
            # "Russian troops captured the village of Novoselivka": from Ukraine's forces.
            a2 = home
        if (
            m.event_type == "riot"
            and country
            and _CROWD_BEFORE.search(
                text, max(m.sentence.start, m.trigger.start - 60), m.trigger.start
            )
        ):
            # "young men threw stones at armoured vehicles": ACLED's rioters, by country,
            # whoever the sentence named before them.
            a1 = f"Rioters ({_bare(country_display_name(country))})"
            a2 = a2 if a2 != a1 else None
        for a in (a1, a2):
            if a and not a.startswith(_STATES):
                group = a
        at = bisect_right(starts, m.sentence.start) - 1
        family = ACLED_TYPES.get(m.event_type, (m.event_type,))[0]
        if m.event_type in _INTERCEPTIONS and (a1 or is_passive(text, m.sentence, m.trigger)):
            # "13 were shot down over Odesa region": the defences of the country
            # it happened over, on the weapons of who was firing them just before.
            if a1 is None and country and not at_sea:
                a1 = _named(HOME_FORCES, country, at_sea, held)
            if a2 is None:
                a2 = _named(_launched_from(text, m.sentence, m.trigger), country, at_sea, held)
            owner = firing or stopped  # the last strike's doer, else the last weapons' owner
            if a2 is None and owner is not None and at - owner[0] <= OWNER_SENTENCES:
                a2 = owner[1] if owner[1] != a1 else None
        if (
            a1 is None
            and last is not None
            and at - last[0] <= CARRY_SENTENCES
            and last[1] not in (a2, None)
            # "struck Gaza, hours after a rocket attack on Sderot": not the striker's.
            and not (at == last[0] and event_told_beside(text, m.sentence, m.trigger))
            # "On Tuesday they shelled the camp": a pronoun goes on with the doer
            # told last, whatever it did; else only an event of the same family.
            and (
                last[2] == family
                or PRONOUN_SUBJECT.search(words_before(text, m.sentence, m.trigger)) is not None
            )
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
                    # "The militia continues to shell ...": the group told before.
                    named = _named(
                        group if doer == ANAPHOR and group else doer, country, at_sea, held
                    )
                    a1 = named if named != a2 else None
                    break
        if a1 is None or a1.startswith(ARMED_GROUP):
            # "Al-Shabaab claimed the attack": who claims an unattributed event did it.
            # The claim may come later in the event's paragraph, or just after it.
            reach = max(at + 3, _paragraph_end(text, sentences, at, CLAIM_SENTENCES))
            claimant = next((claims[k] for k in range(at, reach) if k in claims), None)
            named = _named(claimant, country, at_sea, held) if claimant else None
            if named and named != a2:
                a1 = named
        last = (at, a1, family)
        if m.event_type in _INTERCEPTIONS and a2:
            firing = stopped = (at, a2)
        elif family == REMOTE_VIOLENCE:
            firing = (at, a1) if a1 else None  # a strike by nobody named: owner unknown
        out.append((a1, a2 if a2 != a1 else None))
    return out


def one_event_one_pair(
    mentions: list, parties: list[tuple[str | None, str | None]]
) -> list[tuple[str | None, str | None]]:
    """Return ``parties`` with the tellings of one event in one sentence given its fullest pair.

    "heavy fighting since Tuesday, when Congolese troops ... clashed with the
    rebels": two words of one sentence tell one event, kept once when merging
    (its first telling); the parties the later word names are the event's.
    """
    best: dict[tuple, tuple[str | None, str | None]] = {}
    keys = []
    for m, pair in zip(mentions, parties, strict=True):
        key = (m.sentence.start, m.event_type, m.date, m.place.id if m.place else None, m.event_no)
        keys.append(key)
        kept = best.get(key)
        if kept is None or (pair[0] is not None, pair[1] is not None) > (
            kept[0] is not None,
            kept[1] is not None,
        ):
            best[key] = pair
    return [best[key] for key in keys]


# "a missile launched from Houthi-controlled areas": whose ground it was fired from.
_LAUNCHED_FROM = re.compile(
    r"\b(?:launched|fired)\s+(?:from|by)\s+(?:the\s+)?"
    r"(?P<who>[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*)?)-(?:controlled|held)\b"
)


def _launched_from(text: str, sentence: Span, trigger: Span) -> str | None:
    """Return the party whose ground the intercepted weapon was fired from, if told."""
    m = _LAUNCHED_FROM.search(text, trigger.end, sentence.end)
    if m is None:
        return None
    who = m["who"]
    party = _lexicon()[1].get(who.lower())
    if party is None and (code := country_code(who)) is not None:
        party = state_forces(code)
    return party


# Interceptions, and how many sentences back the weapons' owner may be told
# ("Russian drones hit the port ... 13 were shot down"): the doer of the last
# strike, or the owner of the last weapons intercepted.
_INTERCEPTIONS = frozenset({"shoot-down"})
OWNER_SENTENCES = 6


# A claim later in the paragraph that told the event names its doer, this far on.
CLAIM_SENTENCES = 6


def _paragraph_end(text: str, sentences: list[Span], at: int, most: int) -> int:
    """Return the index after the last sentence of ``at``'s paragraph, at most ``most`` on."""
    k = at
    while k + 1 < len(sentences) and k + 1 < at + most:
        if "\n\n" in text[sentences[k].end : sentences[k + 1].start]:
            break
        k += 1
    return k + 1


def _claims(text: str, sentences: list[Span]) -> dict[int, str]:
    """Return, by sentence index, the party a sentence says claimed an attack."""
    found: dict[int, str] = {}
    low = text.lower()
    if not any(word in low for word in _CLAIM_WORDS):
        return found
    for i, sentence in enumerate(sentences):
        here = low[sentence.start : sentence.end]
        if not any(word in here for word in _CLAIM_WORDS):
            continue
        for start, end, who in _actors_between(text, sentence.start, sentence.end):
            if who.startswith(_STATES) or who == ANAPHOR:
                continue
            # "... claimed the attack", "assessed to have been conducted by Houthi forces".
            done_by = DONE_BY_BEFORE.search(text, max(sentence.start, start - 40), start)
            # "Local sources attributed the strike to the RSF", "blamed the attack on ...".
            blamed = _ATTRIBUTED_TO.search(text, max(sentence.start, start - 50), start)
            if _CLAIMED.match(text, end) or done_by or blamed:
                found[i] = who
                break
    return found


_CLAIM_WORDS = ("claimed", " by ", "attributed", "blamed")
_ATTRIBUTED_TO = re.compile(
    r"\b(?:attributed|attributing|blamed|blaming)\s+(?:the|this|that|it|them)?\s*"
    r"(?:(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|shelling|bombing|killings?|assault|raid)"
    r"\s+)?(?:to|on)\s+(?:the\s+)?$"
    # "The attack was claimed the same day by JNIM", "police blamed al-Shabaab militants".
    r"|\bclaimed\s+(?:[\w-]+\s+){0,4}?by\s+(?:the\s+)?$|\b(?:blamed|blames)\s+(?:the\s+)?$",
    re.I,
)


# Parties of the lexicon that are a state's bodies or no armed group.
_STATE_LIKE = re.compile(
    r"Coast\s+Guard|coalition|Border\s+(?:Guard|Service)|National\s+Guard|Mission|Maritime\s+Militia"
    r"|Settlers|Bureau|Fleet|Navy|Air\s+Force|Ministry|Government|Army\s+of",
    re.I,
)


def _only_group(text: str, sentences: list[Span]) -> str | None:
    """Return the one non-state armed party an article names, if it names exactly one.

    "Suspected jihadists attacked ..." in a report that names JNIM and no
    other group are JNIM's, as an analyst codes them; with two groups named,
    unnamed fighters stay unidentified.
    """
    named: set[str] = set()
    for sentence in sentences:
        for _start, _end, who in _actors_between(text, sentence.start, sentence.end):
            if who in (ANAPHOR, CIVILIANS) or who.startswith((*_STATES, AMBIGUOUS)):
                continue
            if _STATE_LIKE.search(who):
                continue
            named.add(who)
            if len(named) > 1:
                return None
    return next(iter(named), None)


def _doer_of(text: str, sentence: Span) -> str | None:
    """Return the party a sentence tells acting ("the Russian army carried out"), if any."""
    for _start, end, who in _actors_between(text, sentence.start, sentence.end):
        if who == CIVILIANS:
            continue
        if _GOES_ON.match(text, end) or (who != ANAPHOR and _ACTS.match(text, end)):
            return who  # "the militia continues to shell": the group told before
    return None


# A party that goes on acting: "continues to shell", "kept firing".
_GOES_ON = re.compile(
    r"\s+(?:continues|continued|continue|keeps|kept)\s+(?:to\s+[a-z]+|[a-z]+ing)\b", re.I
)


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
# Tried where its first words begin, not at each of 200 characters.
_HURT_WORDS = caseless(_HURT_BEFORE.pattern)
# A party the sentence says was hurt before its trigger: "soldiers were killed when ...".
_WAS_HURT = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:was|were|had\s+been|have\s+been)\s+(?:killed|wounded|injured|hurt"
    r"|martyred)\b",
    re.I,
)
HURT_CHARS = 200  # how far before its trigger the hurt party may be named


def _party_hurt_before(text: str, sentence: Span, trigger: Span) -> str | None:
    """Return the party a sentence tells was killed or wounded before its trigger, if any."""
    window = max(sentence.start, trigger.start - HURT_CHARS)
    found, starts, ends, _following = _actor_index(text, sentence.start, sentence.end)
    # Only the parties in the window before the trigger, found by bisection: a run-on
    # "sentence" of a megabyte has thousands of parties and of triggers.
    for k in range(bisect_left(starts, window), bisect_right(ends, trigger.start)):
        start, end, who = found[k]
        if _WAS_HURT.match(text, end, trigger.start):
            return who
    return None


# The people who riot, right before what they threw: "young men threw stones".
_CROWD_BEFORE = re.compile(
    r"\b(?:young\s+m[ae]n|youths?|teenagers|protesters|demonstrators|residents|villagers"
    r"|rioters|crowds?|mobs?|people|men|boys|settlers)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
# Kinds of event whose trigger names people outside any armed party as the target.
_ON_PEOPLE = frozenset({"killing", "abduction", "arrests"})


# Parties that are no armed group: "the militants" does not point back at them.
_STATES = ("Military Forces", "Police Forces", CIVILIANS, UNIDENTIFIED_MILITARY, ARMED_GROUP)


def _named(
    actor: str | None, country: str | None, at_sea: bool = False, held: str | None = None
) -> str | None:
    """Return a party as ACLED names it where the event happened.

    ``held``: the forces holding the area the event is in, if another state's.
    """
    if actor == HOME_FORCES and held:
        return held
    if actor and actor.startswith(AMBIGUOUS):
        return _sense(actor[len(AMBIGUOUS) :], country)
    if actor and actor.startswith(CIVILIANS + NATIONALITY):
        # "a Vietnamese fishing boat": civilians of the country the text names with them.
        return f"{CIVILIANS} ({_bare(country_display_name(actor[len(CIVILIANS) + 1 :]))})"
    if actor == CIVILIANS:
        # ACLED names civilians by their country: "Civilians (Ukraine)"; a
        # ship's crew at sea is of no country the place tells.
        return (
            f"{CIVILIANS} ({_bare(country_display_name(country))})"
            if country and not at_sea
            else CIVILIANS
        )
    if actor and actor.startswith(COMMUNAL):
        group = f"{actor[len(COMMUNAL) :]} Militia"
        return f"{group} ({_bare(country_display_name(country))})" if country else group
    if actor in (ARMED_GROUP, ANAPHOR):
        return f"{ARMED_GROUP} ({_bare(country_display_name(country))})" if country else ARMED_GROUP
    if actor in (OCCUPYING_FORCES, OCCUPYING_POLICE):
        occupier = OCCUPIER_OF.get(country or "")
        kind = HOME_POLICE if actor == OCCUPYING_POLICE else HOME_FORCES
        return f"{kind} of {country_display_name(occupier)}" if occupier else None
    if actor == HOME_FORCES and country in FORCES_HELD_BY:
        return FORCES_HELD_BY[country]
    if actor in (HOME_FORCES, HOME_POLICE):
        return f"{actor} of {country_display_name(country)}" if country else None
    return actor
