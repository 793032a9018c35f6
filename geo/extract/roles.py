"""Roles: who acted and who was acted on in one event, from its sentence alone.

The parties a sentence names (``geo.extract.parties``) take their roles from
the trigger: the party named before an active verb is ``actor1`` and the one
after it, in its clause, ``actor2``; with a passive verb and "by" ("were
bombed by American jets") it is the other way round. Asides, owners of things,
those who struck a mine, who planted it, and who a passive or "came under"
names are read here; which people a strike hit, in :mod:`geo.extract.civilians`.
``geo.extract.actors`` carries the roles across an article.
"""

import re
from bisect import bisect_left, bisect_right

from geo.extract.civilians import (
    CIVILIAN_SHIP,
    CIVILIAN_TOLL,
    CIVILIANS,
    PEOPLE_HIT_BEFORE,
    PEOPLE_OBJECT,
    civilian_target,
    civilians_of,
    inner_civilians,
    toll_later,
)
from geo.extract.parties import (
    ARMED_GROUP,
    HOME_FORCES,
    HOME_POLICE,
    _actors_between,
)
from geo.extract.party_lexicon import (
    country_code,
    state_forces,
)
from geo.extract.patterns import (
    caseless,
    finditer_caseless,
    search_short,
    text_cache,
)
from geo.extract.text import Span, words_before
from geo.extract.triggers import DEVICE_STRUCK, STRUCK, VERB_TRIGGER


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
# Those who fought an attack off were attacked: "repelled a Ukrainian attack",
# "fought off bandits".
_REPELLED = re.compile(r"repelled\b|repulsed\b|(?:fought|beat)\s+off\b|beat\s+back\b", re.I)
# A pronoun that is the subject of the trigger's verb: "they shelled", "It also struck".
PRONOUN_SUBJECT = re.compile(
    r"(?:^|[,;]\s*|\b(?:and|then|but|when|after)\s+|\b(?:on|late|early)\s+\w+\s+)(?:they|it)\s+"
    r"(?:(?:also|then|later|again|reportedly|allegedly|had|have|has)\s+){0,2}$",
    re.I,
)
# Verbs of two sides at once, and the "and" that joins the sides before them.
RECIPROCAL = re.compile(
    r"(?:clash\w*|fought|battl\w*|exchanged\s+(?:gun\s*)?fire|(?:are|were|was|is)\s+fighting)\b",
    re.I,
)
_ADJECTIVE_AND = re.compile(r"\b([A-Z][a-z]+)\s+and\s+$")
# Joint doers of a one-sided verb, with no comma (", and" begins a clause of its own).
JOINT_AND = re.compile(r"\s+and\s+(?:the\s+)?", re.I)
# ("the army's 16th Infantry Division and the RSF": the first side by one of its units.)
AND_JOINED = re.compile(
    r"(?:['’]s(?:\s+[\w-]+){1,4}?)?\s*(?:\([^()]{1,20}\)\s*)?,?\s+and\s+(?:the\s+)?", re.I
)


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


# A target that is the state's own: "a military base", "an army convoy", "a police station".
_STATE_TARGET = re.compile(
    r"\b(?:(?:military|army)\s+(?:base|post|camp|convoy|position|outpost|checkpoint|patrol"
    r"|vehicle|barracks|detachment|garrison)|air\s*base|airbase|naval\s+base|(?P<police>police)\s+(?:station|post|van|vehicle|patrol|checkpoint"
    r"|headquarters))s?\b",
    re.I,
)
# A unit of the forces named by what it is, before a passive verb.
_UNIT_BEFORE = re.compile(
    r"\b(?:units?|patrols?|convoys?|checkpoints?|outposts?|garrisons?)\b|\bon\s+patrol\b", re.I
)
# Where a clause that tells another event or another teller begins: ", and an
# Israeli drone struck", "and that its air defences", "; ", " while ".
_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:and|but|while|whereas|which|who)\b|\band\s+that\b"
    r"|\b(?:while|where|after|before|when|because|until|once)\b"
    # "fired rockets at Israel, the first response to Israeli air strikes": what
    # the event answered is no target of it.
    r"|,\s+(?:(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,2}?)?(?:response|retaliation|reply|revenge)\b"
    r"|\bin\s+(?:response|retaliation|reply|revenge)\b",
    re.I,
)
# A clause of its own whose subject is no party: "after the drone had fired at":
# the doer is not a party named before the clause.
_OWN_SUBJECT = re.compile(
    r"\b(?:after|before|when|because|until|once|while|where)\s+(?:[\w'’-]+\s+){1,3}?"
    r"(?:(?:had|has|have|was|were|also)\s+)?$",
    re.I,
)
# "after a drone attack on", not "after an exchange of fire with" (both sides fired).
_EVENT_BEFORE_AFTER = re.compile(
    r"\b(?:after|before|following|since)\s+(?:an?|the|last\s+\w+['’]s)\s+"
    r"(?:(?!of\b|exchanges?\b)[\w'’-]+\s+){0,2}?$",
    re.I,
)
_TWO_SIDED = re.compile(
    r"(?:clash\w*|fight\w*|battl\w*|exchanges?\s+of|firefights?|gunfights?|skirmish\w*)", re.I
)
_OWN_SUBJECT_WORDS = ("after", "before", "when", "because", "until", "once", "while", "where")


# "an army vehicle struck an improvised explosive device": the device is the trigger.
_STRUCK_BEFORE = re.compile(
    r"\b(?:struck|hit|ran\s+over|drove\s+over|stepped\s+on|triggered)\s+(?:an?\s+|the\s+)?$", re.I
)
# "a device planted by the CJNG", "a mine laid by the Houthis".
_PLANTED_BY = re.compile(
    r"(?:\s+(?:device|devices|bomb|bombs|mine|mines|IED|IEDs))?\s+(?:planted|laid|placed|hidden)"
    r"\s+by\s+(?:the\s+)?",
    re.I,
)
# The forces' men who were hurt: "Two soldiers were killed when ...".
_FORCES_MEN = r"(?:soldiers|troops|servicemen|policemen)"
_PASSIVE_HIT = re.compile(rf"\b{_FORCES_MEN}\s+(?:were|was)\s+(?:killed|wounded)\b", re.I)
# A party as the owner of a thing, not a doer: "the junta's Northeastern Command
# headquarters" (but "Russia's forces", "the RSF's fighters" act).
_OWNER_OF_A_THING = re.compile(
    r"['’]s?\s+(?!(?:own\s+)?(?:forces|troops|fighters|soldiers|army|militants|men|units|aircraft"
    r"|jets|drones?|warplanes|navy|artillery|militia|militiamen|police|gunmen|air\s+force"
    r"|military|marines|special\s+forces)\b)(?:[\w-]+\s+){0,4}?(?:headquarters|base|bases"
    r"|positions?|command|posts?|garrisons?|airbase|airport|depots?|barracks|camps?"
    r"|checkpoints?|compounds?|offices?)\b"
)
# A party inside an aside between the subject and its verb: "The SDF said its units,
# backed by the US-led coalition, had arrested", "the SPLM-N, an ally of the RSF, shelled".
_APPOSITIVE_BEFORE = re.compile(
    r",\s*(?:(?:backed|supported|aided|assisted|helped|accompanied|trained|armed)\s+by"
    r"|(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:ally|allies|affiliate|partner|offshoot|proxy|wing)\s+of"
    r"|(?:allied|loyal|linked|close)\s+to)\s+(?:the\s+)?$",
    re.I,
)
# The words between a party and an aside that describes it: "(CRP), a new armed group".
_DESCRIBED = re.compile(r"\s*(?:\([^()]{1,12}\))?\s*,\s+an?\s", re.I)
# "by" and the party after it, past a place or two: "..., south of Eilat, by Israeli jets".
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+|an?\s+)?$", re.I)
LATE_AGENT_CHARS = 120


def _late_agent(text: str, trigger: Span, sentence: Span, found: list, after: int) -> str | None:
    """Return the party a passive trigger names as its doer farther on, after "by"."""
    stop = min(sentence.end, trigger.end + LATE_AGENT_CHARS)
    for a, _, who in found[after:]:
        if a >= stop:
            break
        if _BY_BEFORE.search(text, max(trigger.end, a - 12), a):
            return who
    return None


# A party followed by what it did: "security forces killed", "the army had repelled".
_ACTS = re.compile(
    r"\s+(?:(?:had|has|have|also|then|later)\s+)?(?:[a-z]+ed|struck|hit|shot|fought|took|began"
    r"|sent|threw|overran|seized|stormed|opened)\b"
)


# How far after a trigger its clause is read at most: a run-on sentence of a
# megabyte is read in time linear in its length, not once per trigger.
CLAUSE_CHARS = 250


# Searched on the lower-cased stretch with a twin that has no leading "\b" (see
# ``geo.extract.patterns.caseless``): re.IGNORECASE tried every branch at every character.
_CLAUSE_BREAK_QUICK = caseless(_CLAUSE_BREAK.pattern)


@text_cache(maxsize=16)  # several rules ask where one trigger's clause ends
def _clause_end(text: str, start: int, end: int) -> int:
    end = min(end, start + CLAUSE_CHARS)
    m = next(finditer_caseless(_CLAUSE_BREAK_QUICK, text, start, end), None)
    return m.start() if m else end


# "Two civilians were killed by a Russian drone": the trigger holds its doer after "by".
_BY_INSIDE = re.compile(r"(?:killed|wounded|injured|hit|struck)\s+by\s+", re.I)
# Who a passive trigger hurt, told before it: people are civilians, soldiers the forces.
_FORCES_HURT_BEFORE = re.compile(rf"\b{_FORCES_MEN}\s+(?:was|were)\s+$", re.I)


def _last_before(found: tuple, at: int) -> str | None:
    """Return the last of a sentence's parties ``found`` that ends before ``at``."""
    return next((who for _, end, who in reversed(found) if end <= at), None)


def hurt_by(
    text: str, sentence: Span, trigger: Span, found: tuple
) -> tuple[str | None, str | None] | None:
    """Return (actor1, actor2) of a trigger that holds its doer after "by", else None.

    "Two civilians were killed by a Russian drone", "a fisherman was killed by
    shells fired from an Israeli navy boat": the party inside the trigger after
    its "by", or after "fired from"/"fired by" right after it, did it; the
    party told before was hit, else the people or soldiers the clause names
    as hurt. ``found`` are the sentence's parties.
    """
    by = _BY_INSIDE.match(trigger.text)
    if by is None:
        return None
    after_by = trigger.start + by.end()
    stop = _clause_end(text, trigger.end, sentence.end)
    agent = next(
        (
            who
            for start, end, who in found
            if (after_by <= start < trigger.end)
            or (trigger.end <= start < stop and _FIRED_FROM.match(text, trigger.end, start + 1))
        ),
        None,
    )
    if agent is None:
        return None  # the doer is not told with it: read as any other trigger
    patient = _last_before(found, trigger.start)
    if patient is None:
        told = words_before(text, sentence, trigger)
        if search_short(PEOPLE_HIT_BEFORE, told) or search_short(CIVILIAN_SHIP, told):
            patient = CIVILIANS
        elif search_short(_FORCES_HURT_BEFORE, told):
            patient = HOME_FORCES
    return agent, patient if patient != agent else None


# "shells fired from an Israeli navy boat", "a drone launched by Russian forces".
_FIRED_FROM = re.compile(
    r"\s+(?:fired|launched|dropped|flown)\s+(?:from|by)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?\S",
    re.I,
)


# "Army troops came under fire", "a convoy came under attack from JNIM fighters",
# "positions came under heavy Russian shelling": the subject was acted on.
_CAME_UNDER = re.compile(r"(?:c[ao]mes?|coming)\s+under\b", re.I)
_UNDER_BEFORE = re.compile(r"\b(?:c[ao]mes?|coming)\s+under\s+(?:[\w-]+\s+){0,2}$", re.I)
_FROM_BEFORE = re.compile(r"\b(?:from|by)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}$", re.I)


def came_under(
    text: str, sentence: Span, trigger: Span, found: tuple
) -> tuple[str | None, str | None] | None:
    """Return (actor1, actor2) of a trigger told as what its subject came under, else None.

    The party before "came under" is acted on; the doer is the party inside
    the trigger's words ("heavy Russian shelling") or after "from" or "by"
    within the clause, else not told. ``found`` are the sentence's parties.
    """
    if _CAME_UNDER.match(trigger.text):
        under = trigger.start
    else:
        told = words_before(text, sentence, trigger)
        m = search_short(_UNDER_BEFORE, told)
        if m is None:
            return None
        under = trigger.start - len(told) + m.start()
    stop = _clause_end(text, trigger.end, sentence.end)
    patient = _last_before(found, under)
    agent = next(
        (
            who
            for start, end, who in found
            if (under < start and end <= trigger.end + 1 and start < trigger.end)
            or (
                trigger.end <= start < stop
                and _FROM_BEFORE.search(text, max(trigger.end, start - 40), start)
            )
        ),
        None,
    )
    return agent, patient if patient != agent else None


def event_told_beside(text: str, sentence: Span, trigger: Span) -> re.Match | None:
    """Return the words that tell a noun trigger as what came before or after another event.

    "struck Ariha, hours after a drone attack on a ceremony in Homs": that
    attack has a doer of its own, not the sentence's subject. Not a verb (its
    subject is its own), nor both sides of an exchange of fire.
    """
    if VERB_TRIGGER.match(trigger.text) or _TWO_SIDED.match(trigger.text):
        return None
    window = max(sentence.start, trigger.start - 60)
    return _EVENT_BEFORE_AFTER.search(text, window, trigger.start)


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
    if before + 1 < len(found) and found[before + 1][0] < trigger.start < found[before + 1][1]:
        before += 1  # "A Ukrainian drone attack": the party runs into the trigger's words
    after = bisect_left(starts, trigger.end)
    while before >= 0 and (
        (
            text[found[before][1] : found[before][1] + 1] in ("'", "’")
            and _OWNER_OF_A_THING.match(text, found[before][1], trigger.start)
        )
        or (
            "," in text[found[before][1] : trigger.start]
            and (
                _APPOSITIVE_BEFORE.search(
                    text, max(sentence.start, found[before][0] - 30), found[before][0]
                )
                # "the CRP, a new armed group recruiting among the Hema, clashed":
                # the group told again, described.
                or (
                    before >= 1
                    and found[before][2] == ARMED_GROUP
                    and _DESCRIBED.match(text, found[before - 1][1], found[before][0] + 3)
                )
            )
        )
    ):
        # "it had seized the junta's headquarters ... and taken full control": the
        # owner of a thing the clause names is no subject; the party before it is.
        before -= 1
    last_before = found[before][2] if before >= 0 else None
    within: str | None = None  # a party inside the trigger after its verb: "killed 12 militants"
    planted = (
        _PLANTED_BY.match(text, trigger.end, min(sentence.end, trigger.end + 40))
        if " by " in text[trigger.end : trigger.end + 40]
        else None
    )
    if planted is not None and after < len(found) and found[after][0] == planted.end():
        # "an explosive device planted by the CJNG went off under their vehicle":
        # who planted it did it, to whoever the sentence names before.
        layer = found[after][2]
        hit = last_before if last_before != layer else None
        if hit is None and _PASSIVE_HIT.search(text, sentence.start, trigger.start):
            hit = HOME_FORCES  # "Two soldiers were killed when a device planted by ..."
        return layer, hit
    if last_before is not None and (
        (STRUCK.search(trigger.text) and DEVICE_STRUCK.match(text, trigger.end, sentence.end))
        or (
            _STRUCK_BEFORE.search(text, max(sentence.start, trigger.start - 40), trigger.start)
            and DEVICE_STRUCK.match(text, trigger.start - 1, sentence.end)
        )
    ):
        # "a vehicle of the Defence and Security Forces struck an improvised
        # explosive device": who struck the device was hit by it; who laid it
        # is not told here.
        return None, last_before
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
            elif inside[0] > trigger.start:
                within = inside[2]
    if (
        _REPELLED.match(trigger.text)
        and last_before is None
        and after < len(found)
        and found[after][0] - trigger.end <= 30
    ):
        # "members of a vigilante force fought off bandits": the bandits attacked;
        # who fought them off the lexicon does not know.
        return found[after][2], None
    if (
        _REPELLED.match(trigger.text)
        and last_before is not None
        and not (after < len(found) and _PASSIVE_BY.match(text, trigger.end, found[after][0] + 1))
    ):
        # "the FAMa had repelled a complex terrorist attack": who attacked them is
        # not told here (a claim may tell it), the repellers were attacked.
        return None, last_before
    if (under := came_under(text, sentence, trigger, found)) is not None:
        return under
    if (hurt := hurt_by(text, sentence, trigger, found)) is not None:
        return hurt
    window = max(sentence.start, trigger.start - 60)
    # Only a verb has a subject of its own: "after a brief exchange of fire" is
    # no clause, "after the drone had fired at" is.
    own = (
        _OWN_SUBJECT.search(text, window, trigger.start)
        if VERB_TRIGGER.match(trigger.text)
        and any(w in text[window : trigger.start].lower() for w in _OWN_SUBJECT_WORDS)
        else None
    )
    if own is None:
        own = event_told_beside(text, sentence, trigger)
    if own is not None and (before < 0 or found[before][1] <= own.start()):
        last_before = None  # "after the drone had fired at": its doer is not named before
    passive = bool(search_short(_PASSIVE, words_before(text, sentence, trigger)))
    if after < len(found) and _BETWEEN.search(
        text, max(trigger.end, found[after][0] - 60), found[after][0]
    ):
        # "clashes between the army and the RSF": the two sides, in the order told.
        k = following[after]
        return found[after][2], found[k][2] if k < len(found) else None
    if (
        before >= 1
        and last_before == found[before][2]
        and found[before - 1][2] != last_before
        and RECIPROCAL.match(trigger.text)
        and AND_JOINED.fullmatch(text, found[before - 1][1], found[before][0])
    ):
        # "the ENDF and the OLA fought for several hours": the two sides, as told.
        return found[before - 1][2], last_before
    if before >= 0 and last_before == found[before][2] and RECIPROCAL.match(trigger.text):
        # "Indian and Pakistani troops exchanged fire": the first side by its adjective.
        first = _ADJECTIVE_AND.search(
            text, max(sentence.start, found[before][0] - 30), found[before][0]
        )
        code = country_code(first[1]) if first else None
        if code is not None and state_forces(code) != last_before:
            return state_forces(code), last_before
    by_after = after < len(found) and _PASSIVE_BY.match(text, trigger.end, found[after][0] + 1)
    if by_after and (passive or _NOUN_BY.match(text, trigger.end)):
        # "were bombed by American jets", "an attack by the RSF"
        agent, patient = found[after][2], last_before
    elif passive and (late := _late_agent(text, trigger, sentence, found, after)) is not None:
        # "was shot down over the Gulf of Aqaba, south of Eilat, by Israeli fighter jets"
        agent, patient = late, last_before
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
        if (
            before >= 1
            and last_before == found[before][2]
            and found[before - 1][2] != last_before
            and JOINT_AND.fullmatch(text, found[before - 1][1], found[before][0])
        ):
            # "U.S. and U.K. aircraft struck": joint doers; ACLED names the first.
            agent = found[before - 1][2]
        patient = None
        if after < len(found):
            # The first party after the trigger that is not the agent, in its clause.
            k = after if found[after][2] != agent else following[after]
            stop = _clause_end(text, trigger.end, sentence.end)
            # "detained a man in Bryansk on suspicion of passing ... air defence
            # units": people right after the verb are its object, not the party after.
            near = PEOPLE_OBJECT.match(text, trigger.end, stop)
            if k < len(found) and found[k][0] < stop and not (near and near.end() <= found[k][0]):
                patient = found[k][2]
    if patient is None and passive and _UNIT_BEFORE.search(words_before(text, sentence, trigger)):
        # "a unit on patrol near Banibangou was attacked by terrorists": a unit,
        # patrol or convoy of no party named is the forces of where it was.
        patient = HOME_FORCES
    if patient is None and within is not None and within != agent and not passive:
        patient = within  # "security forces killed 12 militants"
    if patient is None and not passive:
        # "attacked a military base", "a police station": the state's forces or police
        # there; inside the trigger too when it spans its object ("missiles reached
        # the Nevatim airbase").
        target = _STATE_TARGET.search(
            text, trigger.start, _clause_end(text, trigger.end, sentence.end)
        )
        if target is not None:
            patient = HOME_POLICE if target["police"] else HOME_FORCES
    if patient is None and search_short(CIVILIAN_SHIP, words_before(text, sentence, trigger)):
        # "A bulk carrier reported two explosions", "Bulk carrier struck by a missile".
        patient = CIVILIANS
    if (
        patient is None
        and passive
        and search_short(PEOPLE_HIT_BEFORE, words_before(text, sentence, trigger))
    ):
        # "A 17-year-old was killed by Israeli tank fire", "A minibus carrying
        # volunteers was hit by a Russian FPV drone": people, or what carries them.
        patient = CIVILIANS
    if patient is None and not passive and (target := civilian_target(text, sentence, trigger)):
        # "rammed a Vietnamese fishing boat": civilians of the country named with them.
        patient = civilians_of(target.group())
    if (
        patient is None
        and (not passive or agent is not None)
        and (
            (not passive and PEOPLE_OBJECT.match(text, trigger.end, sentence.end))
            or CIVILIAN_TOLL.search(text, trigger.end, _clause_end(text, trigger.end, sentence.end))
            # "The SDF shelled Dhiban with mortars, and at least four civilians were killed".
            or toll_later(text, trigger.end, min(sentence.end, trigger.end + CLAUSE_CHARS))
        )
    ):
        patient = CIVILIANS
    if agent is None:
        # "A drone struck a rebel position, an M23 spokesman said, blaming the
        # Congolese army": who the teller blames did it, as ACLED codes it.
        for a, _, who in found[after:]:
            if a - trigger.end > _BLAME_REACH:
                break  # parties are in text order: the rest lie farther on
            if _BLAMED_BEFORE.search(text, max(sentence.start, a - 20), a):
                agent = who
                break
    if (inner := inner_civilians(text, trigger)) is not None and patient != within:
        # "VDP volunteers killed 12 civilians ..., accusing them of feeding the
        # jihadists": the people the trigger names were hit, not the party after.
        patient = inner
    if agent is not None and agent.startswith(CIVILIANS):
        # "..., killing nine civilians, hours after a drone attack on a ceremony in
        # Homs": people hit by one event do not do the next one.
        agent = None
    return agent, patient if patient != agent else None


_BLAME_REACH = 200  # "..., an M23 spokesman said, blaming the Congolese army"
_BLAMED_BEFORE = re.compile(r"\b(?:blaming|blamed|accusing|accused)\s+(?:the\s+)?$", re.I)
