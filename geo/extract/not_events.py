"""What a trigger word tells that is no single event of its own.

A word for an attack can hedge it ("vowed to strike"), count many ("more
than 300 attacks", "a series of strikes"), tell a habit ("frequently
shells"), a sum over a period ("strikes have killed 300 since October"),
an imagined one ("a drone attack would be only a matter of time"), a
weapon ("attack drones"), or only who did the event just told ("Attack
assessed to have been conducted by Houthi forces"). The patterns here say
so from the words around the trigger; ``geo.extract.triggers`` finds the
triggers themselves.
"""

from __future__ import annotations

import re

from geo.extract.patterns import (
    caseless,
    finditer_caseless,
    may_hold,
    search_where_words_may,
    short_words,
    stretch_words,
)
from geo.extract.text import Span, words_before
from geo.extract.triggers import ORDINAL_BEFORE, VERB_TRIGGER

_QUOTES = r"\"“”'‘’"
_HEDGE_BEFORE = re.compile(
    # "to" of an aim ("vowed to strike"), not of a deed ("resorted to shelling").
    r"\b(?:(?<!resorted\s)(?<!turned\s)(?<!led\s)(?<!due\s)(?<!according\s)(?<!subjected\s)"
    r"(?<!exposed\s)to|could|would|may"
    r"|might|will|can|should|must|if|unless|whenever|as\s+long\s+as|not|never|no|nobody|none"
    r"|no\s+one|without|threatened"
    rf"|threatens|plans?|planned|vowed)\b[\s{_QUOTES}]+(?:\w+[\s{_QUOTES}]+){{0,2}}$"
    # A denial or an accusation is no report of the event: "denied that the
    # army had targeted civilians", "accused Ukraine of shelling", "blamed
    # terrorist organisations for the attack".
    r"|\b(?:denied|denies|deny|denying|accused|accuses|accusing|blamed|blames|blaming)\b"
    # ... but not past a clause of its own: "accused the troops of reprisals after two
    # soldiers were killed when a device went off" tells the blast.
    r"(?:(?!\b(?:after|when|following|because|since)\b)[^.;]){0,80}$"
    # Events stopped or named as a cause, not told: "the truce halted air
    # strikes", "militants behind an attack", "in retaliation for the attack".
    r"|\b(?:halted|halts?|stopped|stops?|ended|ends|suspended|suspends?|ceased|paused|banned"
    r"|behind|responsible\s+for|retaliation\s+for|revenge\s+for|avenge"
    # "detained 12 people for questioning in connection with the ambush".
    r"|in\s+connection\s+with|questioning\s+over|suspected\s+of\s+(?:involvement\s+in|taking\s+part\s+in)"
    # A reaction to an event told: "officials condemned the attack".
    r"|condemned|condemns|condemning|denounced|denounces|deplored|deplores|mourned"
    r"|investigating|investigate|probe\s+into|inquiry\s+into)"
    rf"[\s{_QUOTES}]+(?:(?:an?|the|its|their|any|all|further)\s+)?(?:[\w-]+\s+){{0,1}}$"
    # "A full-scale war would likely see Israel strike Beirut": what a modal imagines.
    r"|\b(?:would|could|might)\s+(?:likely\s+|probably\s+|also\s+)?(?:see|mean|force|lead)\s+"
    r"(?:[\w'’-]+\s+){1,3}$"
    # An attack to come, further from its modal: "Russia may launch a new missile attack".
    r"|\b(?:may|might|could|would|will|can|plans?\s+to|threatens?\s+to|threatened\s+to"
    r"|vowed\s+to|intends?\s+to|is\s+preparing\s+to|are\s+preparing\s+to)\s+(?:also\s+)?"
    r"(?:launch|carry\s+out|conduct|stage|mount|unleash)\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)
_NEGATED_BEFORE = re.compile(rf"n't[\s{_QUOTES}]+(?:\w+[\s{_QUOTES}]+){{0,2}}$", re.I)
# A sentence whose subject is "no" one: "No U.S. vessel has been hit", "None of the
# crew was hurt", "Neither ship was struck".
_NO_SUBJECT = re.compile(
    rf"[\s{_QUOTES}]*(?:No|None\s+of\s+(?:the|its|their)\s+[\w-]+|Neither\s+[\w-]+)\s+"
    r"(?:[\w.'’-]+\s+){0,3}?(?:has|have|had|was|were|is|are)\s+(?:been\s+|reportedly\s+)?"
)
# Right before the event's noun: "the next strike", "any attack" ("the next
# day drones struck" tells one).
_UNREAL_JUST_BEFORE = re.compile(r"\b(?:next|future|any|possible|potential)\s+$", re.I)
_GENERIC_QUANTIFIER = re.compile(
    r"\b(?:other|several|many|some|frequent|repeated|previous|past|more|multiple|such|numerous|"
    r"regular|further|future|earlier|recent|its|their)\s+(?:\w+\s+){0,1}$",
    re.I,
)
# A count of events, not one: "more than 300 attacks", "1,600 air strikes",
# "hundreds of strikes" ("three air strikes hit the town" is one day's event
# at one place, as ACLED codes it).
_COUNTED_BEFORE = re.compile(
    r"(?:\b(?:more\s+than|over|at\s+least|nearly|almost|some|about|around)\s+\d[\d,]*"
    r"|(?<![\d,.])(?:\d{1,3}(?:,\d{3})+|\d{2,})|\b(?:hundreds|thousands|dozens|scores|tens)(?:\s+of)?)"
    r"\s+(?:[\w-]+\s+){0,1}$",
    re.I,
)
# Nouns of events, counted: not "rounds into the waters" (what was fired).
_EVENT_PLURAL = re.compile(
    r"(?:attacks|strikes|raids|bombings|shellings|incidents|assaults|ambushes|clashes"
    r"|explosions|blasts|violations)$",
    re.I,
)
_EVENT_PLURAL_AFTER = re.compile(
    r"[\s-]+(?:attacks|strikes|raids|bombings|blasts|explosions|incidents|assaults|ambushes)\b",
    re.I,
)
# A habit, not an event: "frequently attacks hotels", "shelled almost daily".
# A verb in the present, after "it" or "he": what a party does, not what it did.
_PRESENT_S = re.compile(
    r"(?:strikes|attacks|targets|shells|bombs|fires|hits|raids|kills|detains|arrests)", re.I
)
_IT_BEFORE = re.compile(
    r"\b(?:it|he|she)\s+(?:only\s+|never\s+|always\s+|not\s+|does\s+not\s+)?$", re.I
)
_HABITUAL_BEFORE = re.compile(
    r"\b(?:frequently|regularly|routinely|often|repeatedly|usually|constantly|daily|nightly"
    r"|sometimes|occasionally|typically|generally|commonly|habitually)\s+(?:\w+\s+){0,1}$",
    re.I,
)
HABITUAL_AFTER = re.compile(
    # "have exchanged fire across the Line of Control almost every night".
    # Not across a clause of its own: "a bakery where residents queue daily".
    r"\s+(?:(?!(?:where|that|which|who|whom|when)\b)[\w'’-]+\s+){0,8}?(?:almost\s+|nearly\s+)?"
    r"(?:daily|every\s+(?:day|night|week)|nightly"
    r"|regularly|repeatedly|routinely|frequently)\b",
    re.I,
)
NTH_IN_A_PERIOD = re.compile(
    r"[^.;]{0,50}?\b(?:in\s+(?:a|one|the\s+(?:past|last))\s+(?:week|month|year)|this\s+(?:week|month"
    r"|year)|since\b"
    # "the fifth attack in the Jammu region in six weeks".
    r"|in\s+(?:the\s+(?:past|last)\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|several|a\s+few"
    r"|\d+)\s+(?:days|weeks|months|years))",
    re.I,
)
# "prepared as car bombs", "turned into IEDs", "seized 14 rockets, three suicide
# vests and detonators": a device, not its explosion.
AS_A_THING_BEFORE = re.compile(
    r"\b(?:as|into)\s+(?:an?\s+)?$"
    r"|\b(?:seized|seizing|confiscated|recovered|found|discovered|uncovered|defused|dismantled"
    r"|captured|impounded)\b[^.;:]{0,80}$",
    re.I,
)
DEVICE = re.compile(r"bombs?$|IEDs?$|devices?$|explosives?$|vests?$|belts?$", re.I)
# Many events told as one: "a series of attacks", "attacked ... at least 19 times".
AGGREGATE_BEFORE = re.compile(
    r"\b(?:series|spate|wave|string|campaign|dozens|hundreds|scores|number|barrage|streak)"
    r"\s+of\s+(?:[\w-]+\s+){0,2}$"
    # "The coast guard has recorded 47 dangerous manoeuvres by Chinese vessels this year".
    r"|\b(?:recorded|counted|registered|documented|logged|tallied|verified)\s+(?:more\s+than\s+"
    r"|at\s+least\s+|over\s+|some\s+|nearly\s+|almost\s+)?(?:\d[\d,]*|dozens|hundreds|scores)"
    r"\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
# ... but a crowd that does one thing: "hundreds of settlers stormed the town".
CROWD_BEFORE = re.compile(
    r"\b(?:dozens|hundreds|scores|thousands)\s+of\s+(?:[\w-]+\s+)?(?:settlers|people|protesters"
    r"|fighters|gunmen|men|troops|soldiers|militants|youths|residents|rioters|attackers"
    r"|assailants|insurgents|jihadists|rebels)\s+$",
    re.I,
)
# "rammed the ship three times", "struck the depot twice": one encounter, as ACLED
# codes repeats at one place on one day; "at least 19 times" sums many.
TIMES_AFTER = re.compile(
    r"[^.;:]{0,80}?\b(?:(?:[5-9]|\d\d+)|five|six|seven|eight|nine|ten|several|many|dozens\s+of)"
    # "three times the toll of last week" compares; it counts no events.
    r"\s+(?:more\s+)?times\b(?!\s+(?:the|as|more|higher|larger|greater|that|what)\b)",
    re.I,
)
# "Strikes have killed 300 people since October", "militants have attacked
# convoys since 2022": a sum over a period, told in the present perfect with
# "since", is no single event. The trigger is the perfect's participle, or heads
# its subject ("attacks by groups linked to al Qaeda have spread ... since").
PERFECT_BEFORE = re.compile(
    r"\b(?:has|have)\s+(?:(?:also|repeatedly|regularly|now|already|been|carried\s+out|conducted"
    r"|launched|staged|mounted)\s+){0,2}$"
    # "1,500 people have been killed in militant attacks ... this year"
    r"|\b(?:has|have)\s+been\s+(?:killed|wounded|injured|displaced)\s+(?:in|by)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
PERFECT_AFTER = re.compile(
    r"(?:\s+(?!(?:which|who|that|but|said|says)\b)[\w'’-]+){0,10}?\s+(?:has|have)\s", re.I
)
# "Attack assessed to have been conducted by Houthi forces": an advisory's
# word on who did the event it has just told, no event of its own.
ATTRIBUTED_AFTER = re.compile(
    r"\s+(?:(?:is|was|are|were)\s+)?(?:assessed|believed|thought|understood|suspected|likely)\s+"
    r"to\s+have\s+been\s+(?:conducted|carried\s+out|launched|perpetrated|committed)\s+by\s",
    re.I,
)
DONE_BY_BEFORE = re.compile(
    r"\b(?:conducted|carried\s+out|launched|perpetrated|committed)\s+by\s+(?:the\s+)?$", re.I
)
# The period a sum runs over: "since January", "this year", "so far in 2024".
SINCE = re.compile(
    r"\bsince\b|\b(?:so\s+far\s+)?this\s+(?:year|month)\b|\bso\s+far\b|\bto\s+date\b"
    r"|\b(?:in|over|during)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:months|years|weeks)\b",
    re.I,
)
# Words one of which every match of these patterns holds whole: a sentence
# without any is not matched at each of its triggers.
_TIMES_WORDS = frozenset({"times"})
_HABITUAL_WORDS = frozenset(
    {"daily", "every", "nightly", "regularly", "repeatedly", "routinely", "frequently"}
)
_DENIED_WORDS = frozenset(
    {"false", "baseless", "untrue", "fabricated", "unfounded", "groundless", "lies", "lie"}
    | {"true", "propaganda", "fake", "correspond"}
)
SINCE_CHARS = 200  # how far from the trigger its "since" may stand
# Its words are looked up where they begin, not searched for at every character.
_SINCE_WORDS = caseless(SINCE.pattern)
# "A drone attack on the border would then be only a matter of time": an
# indefinite event followed by a modal verb is imagined, not told.
INDEFINITE_BEFORE = re.compile(r"\b(?:a|an)\s+(?:[\w-]+\s+)?$", re.I)
# The modal must belong to the event's own clause (no "that", "and", "as"
# between) and not be negated ("rescuers could not reach it" tells the event).
_CLAUSE_WORD = r"(?!(?:that|which|who|and|as|but|while|when|because|so|said|says)\b)[\w'’-]+"
MODAL_AFTER = re.compile(
    rf"(?:\s+{_CLAUSE_WORD}){{0,8}}?\s+(?:would|could|might)\b(?!\s+not\b|n't)", re.I
)
# "one-way attack drones", "F-15E Strike Eagle", "carrier strike group": the
# noun names a weapon or a unit, not an event ("bombed fighters" is a verb).
WEAPON_AFTER = re.compile(
    r"[\s-]+(?:drones?|helicopters?|aircraft|jets?|fighters?|planes?|eagles?|craft"
    r"|submarines?|group|package|capabilit(?:y|ies)|uavs?)\b",
    re.I,
)


def is_hedged(text: str, sentence: Span, trigger: Span) -> bool:
    before = words_before(text, sentence, trigger)
    seen = short_words(before)
    if (
        search_where_words_may(_HEDGE_BEFORE, before, seen)
        or _NEGATED_BEFORE.search(before)
        or _NO_SUBJECT.fullmatch(text, sentence.start, trigger.start)
        or search_where_words_may(_UNREAL_JUST_BEFORE, before, seen)
        or search_where_words_may(_HABITUAL_BEFORE, before, seen)
        # "Azerbaijan says it strikes only military targets": a practice, not an event.
        or (_PRESENT_S.fullmatch(trigger.text) and _IT_BEFORE.search(before))
    ):
        return True
    # A plural noun of events ("its attacks"), not a verb whose object is plural
    # ("its soldiers killed four militants").
    plural = (
        trigger.text.lower().endswith("s")
        and not trigger.text.lower().endswith("ss")
        and not VERB_TRIGGER.match(trigger.text)
    )
    # "more than 40 IED attacks": the trigger heads a counted plural.
    if _EVENT_PLURAL_AFTER.match(text, trigger.end, sentence.end) and _COUNTED_BEFORE.search(
        before
    ):
        return True
    return plural and bool(
        search_where_words_may(_GENERIC_QUANTIFIER, before, seen)
        or (_EVENT_PLURAL.search(trigger.text) and _COUNTED_BEFORE.search(before))
    )


_DOWNING = re.compile(r"(?:shot\s+down|downed|intercepted|destroyed)\b", re.I)
_SHARE = (
    r"(?:\d[\d,]*|most|all|many|some|several|dozens|the\s+(?:great\s+)?majority)\s+of\s+(?:the\s+)?"
    r"(?:(?:more\s+than\s+|about\s+|some\s+)?\d[\d,]*\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:drones|missiles|rockets|projectiles|UAVs|shells)\b"
)
SHARE_AFTER = re.compile(r"\s+" + _SHARE, re.I)
SHARE_BEFORE = re.compile(r"\b" + _SHARE + r"\s+(?:were|was)\s+$", re.I)


def is_tally(text: str, sentence: Span, trigger: Span) -> bool:
    """Return whether a shoot-down counts a share of a salvo's weapons.

    "downed 83 of the 154 drones Russia launched", "most of the rockets were
    intercepted": told after the salvo, the tally is its outcome, no event of
    its own (the caller asks only when an event was told before).
    """
    if not _DOWNING.match(trigger.text):
        return False
    before = words_before(text, sentence, trigger)
    return bool(SHARE_AFTER.match(text, trigger.end, sentence.end) or SHARE_BEFORE.search(before))


def is_many_or_imagined(text: str, sentence: Span, trigger: Span) -> bool:
    """Return whether the trigger tells many events at once, or one that has not happened.

    "a series of attacks", "attacked ... at least 19 times", "strikes have
    killed 300 since October", and "a drone attack ... would then be only a
    matter of time" are no single event;
    "attack drones" and the "Strike Eagle" are weapons, not events.
    """
    before = words_before(text, sentence, trigger)
    seen = short_words(before)
    # Matched in place, from the trigger on: a copy of the rest of the sentence
    # per trigger made a long run-on sentence quadratic.
    after, end = trigger.end, sentence.end
    weapon = WEAPON_AFTER.match(text, after, end) and not VERB_TRIGGER.match(trigger.text)
    thing = search_where_words_may(AS_A_THING_BEFORE, before, seen) and DEVICE.search(trigger.text)
    # "the fourth attack on the port in a month": a count of the one just told.
    counted = search_where_words_may(ORDINAL_BEFORE, before, seen) and NTH_IN_A_PERIOD.match(
        text, after, end
    )
    # "since" in the trigger's stretch of the sentence: a scraped run-on
    # "sentence" of a megabyte is not read whole for each of its triggers.
    near = next(
        finditer_caseless(
            _SINCE_WORDS,
            text,
            max(sentence.start, trigger.start - SINCE_CHARS),
            min(end, after + SINCE_CHARS),
        ),
        None,
    )
    summed = near and (PERFECT_BEFORE.search(before) or PERFECT_AFTER.match(text, after, end))
    said = stretch_words(text, sentence.start, end)
    return bool(
        weapon
        or thing
        or counted
        or summed
        # ("hundreds of settlers stormed the town": a crowd, not many events.)
        or (
            search_where_words_may(AGGREGATE_BEFORE, before, seen)
            and not (VERB_TRIGGER.match(trigger.text) and CROWD_BEFORE.search(before))
        )
        or (may_hold(said, _TIMES_WORDS) and TIMES_AFTER.match(text, after, end))
        or (may_hold(said, _HABITUAL_WORDS) and HABITUAL_AFTER.match(text, after, end))
        or (
            search_where_words_may(INDEFINITE_BEFORE, before, seen)
            and MODAL_AFTER.match(text, after, end)
        )
    )


# "The Houthis' claim that they struck a U.S. aircraft carrier is false", "The
# statement of the Ministry of Defence of Azerbaijan that Armenian units fired
# ... does not correspond to reality": an event a teller says did not happen.
_CLAIM_BEFORE = re.compile(
    r"\b(?:claims?|statements?|reports?|allegations?|assertions?|accusations?)\b"
    r"[^;:]{0,80}?\b(?:that|of)\b",
    re.I,
)
_DENIED_AFTER = re.compile(
    r"[^;:]{0,160}?\b(?:(?:is|are|was|were)\s+(?:completely\s+|entirely\s+|totally\s+)?"
    r"(?:false|baseless|untrue|fabricated|unfounded|groundless|lies|a\s+lie|not\s+true"
    r"|propaganda|fake)\b|(?:does|do)\s+not\s+correspond\s+to\s+(?:reality|the\s+truth))",
    re.I,
)


def is_denied(text: str, sentence: Span, trigger: Span) -> bool:
    """Return whether the trigger tells a claim the sentence calls false."""
    return bool(
        may_hold(stretch_words(text, sentence.start, sentence.end), _DENIED_WORDS)
        and _DENIED_AFTER.match(text, trigger.end, sentence.end)
        and _CLAIM_BEFORE.search(words_before(text, sentence, trigger))
    )
