"""The words that tell an event, and the words around them that say it did not happen.

A trigger is a word or phrase that tells a military event (the words of each
kind are in :mod:`geo.extract.event_words`): typed ones ("drone strike", "shot
down") give its kind; bare verbs ("struck", "hit") take theirs from the drone
or aircraft words of the sentence (:class:`Cues`). The
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

from geo.extract.event_words import (
    _TAKEN_PLACE,
    GENERIC_TRIGGER,
    KIND_WORDS,
    TYPED_TRIGGERS,
    _is_toll,
)
from geo.extract.patterns import (
    Caseless,
    candidate_starts,
    caseless,
    finditer_caseless,
    lowered,
    search_short,
    text_cache,
    trie_pattern,
)
from geo.extract.text import Span, words_before
from geo.support.paths import data_dir

_DRONE_CUES = (
    r"drones?|UAVs?|quadcopters?|(?:unmanned|uncrewed)\s+aerial\s+vehicles?|(?:unmanned|uncrewed)\s+aircraft"
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
# ("mortar fire was reported in Nowshera": the passive names no speaker.)
REPORTING = re.compile(
    r"\b(?:said|says|told|tells|announced|stated|according\s+to|claimed"
    r"|(?<!was\s)(?<!were\s)(?<!been\s)(?<!is\s)(?<!are\s)reported)\b",
    re.I,
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
    return bool(search_short(_PASSIVE_BEFORE, words_before(text, sentence, trigger)))


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
    # Where a pattern's first words are indexed: its matches, sentence by sentence,
    # found in one pass over the report rather than one call per sentence.
    matched: list[dict[int, list[re.Match]] | None] = [None] * len(kinds)
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
                matched[k] = found_in = _matched_by_sentence(
                    patterns.pattern, text, sentences, starts, begin
                )
                hits.update(found_in)
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
        # A sentence that ends inside a word (a body cut short) is read on its own.
        cut = sentence.end < len(text) and _is_word(text[sentence.end].lower())
        for k, (kind, patterns) in enumerate(kinds):
            sentences_hit = may[k]
            if sentences_hit is not None and i not in sentences_hit and not cut:
                continue
            by_sentence = matched[k]
            for m in (
                by_sentence.get(i, ())
                if by_sentence is not None and not cut
                else finditer_caseless(patterns, text, sentence.start, sentence.end)
            ):
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


def _matched_by_sentence(
    pattern: re.Pattern, text: str, sentences: list[Span], starts: list[int], begin: list[int]
) -> dict[int, list[re.Match]]:
    """Return, by sentence, the matches of ``pattern`` that begin at ``begin`` (in order).

    What ``finditer_caseless`` yields sentence by sentence: each match ends
    within its sentence, and the next is tried past it. Places between
    sentences (a headline left out) belong to none.
    """
    found: dict[int, list[re.Match]] = {}
    i, pos, end = -1, 0, -1
    for at in begin:
        if at >= end:
            i = bisect_right(starts, at) - 1
            if i < 0 or at >= sentences[i].end:
                continue
            pos, end = sentences[i].start, sentences[i].end
        if at < pos:
            continue
        m = pattern.match(text, at, end)
        if m is not None:
            found.setdefault(i, []).append(m)
            pos = max(m.end(), at + 1)
    return found


def _is_word(ch: str) -> bool:
    """Return whether ``ch`` is a character ``\\w`` matches."""
    return ch.isalnum() or ch == "_"


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
