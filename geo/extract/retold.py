"""An event told again: "the strike", "The army said it had hit ...", "the assailants also".

A report tells an event, then tells it again in other words: a definite noun
("the bombing"), a party's own account right after it, what its doers did
besides. ``ToldSoFar`` indexes the events an article has told, and
``as_told_before`` reads each new mention as one of them or as a new event
("another strike", "hours later"). Words that tell no event of the day (a
year before publication's, "a 2023 bombing") are read here too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from geo.extract.acled import ACLED_TYPES, REMOTE_VIOLENCE
from geo.extract.patterns import search_short
from geo.extract.text import Span, words_before
from geo.extract.triggers import (
    DEFINITE_BEFORE,
    NEW_EVENT_BEFORE,
    ORDINAL_BEFORE,
    VERB_TRIGGER,
    tells_a_new_event,
)
from geo.geocode.rank import distance_km

if TYPE_CHECKING:
    from geo.extract.incidents import Mention

# What attackers do besides in the act they are told doing: no event of its own.
SECONDARY_ACTS = frozenset({"abduction", "looting", "seizure", "weapons seized"})
_GERUND = re.compile(r"[a-z]+ing", re.I)
# "Our forces engaged them and killed five of the attackers": the attack just told.
OF_THEM = re.compile(r"\bof\s+(?:them|the\s+\w+)$", re.I)
# "The army said it had hit", "the RSF said its fighters had destroyed": a party's
# account of what it did, told right after the event.
SAID_IT_HAD = re.compile(
    r"\b(?:said|says|claimed|stated|announced)\s+(?:that\s+)?(?:it|they|(?:its|their)\s+[\w-]+)"
    r"\s+(?:had|have|has)\s+(?:[\w-]+\s+)?$",
    re.I,
)

# An event named by its year: "a 2023 bombing", "the 2019 attack on the base".
_YEAR_BEFORE = re.compile(
    r"\b(?:a|an|the|its|their|his|her|that|this)\s+((?:19|20)\d\d)\s+(?:[\w-]+\s+)?$", re.I
)


def of_a_past_year(before: str, published: dt.date | None) -> bool:
    """Return whether the words before a trigger name it by a year before publication's."""
    if published is None or not ("19" in before or "20" in before):
        return False  # no year in the words: no pattern is run over them
    m = _YEAR_BEFORE.search(before)
    return m is not None and int(m[1]) < published.year


# What the doers of the event just told also did, told with no place or day of its
# own: "The assailants also set fire to shelters before fleeing".
ALSO_DID = re.compile(
    r"\b(?:they|the\s+(?:assailants|attackers|gunmen|militants|fighters|raiders|insurgents))"
    # "The assailants, who arrived on motorcycles, also looted": a relative clause between.
    r"(?:\s*,\s*(?:who|which)\b[^,;]{1,80},)?"
    # "also looted food stocks and burned": each verb of the clause.
    r"\s+(?:had\s+)?also\s+(?:[\w'’-]+\s+){0,6}?(?:and\s+)?$",
    re.I,
)
# The noun "strike", bare: "Strikes overnight also hit the outskirts of Nabatieh".
BARE_STRIKE = re.compile(r"strikes?", re.I)


def strikes_of(trigger: Span, last: Mention | None) -> str:
    """Return the kind of an untyped trigger: "attack", or for the noun "strikes" the last strike's.

    A report that has told an air strike and goes on "strikes overnight also
    hit ..." tells more of them, not a battle.
    """
    if BARE_STRIKE.fullmatch(trigger.text):
        if last is not None:
            return last.event_type
    return "attack"


class ToldSoFar:
    """The events an article has told so far, indexed for "the strike" and "another strike"."""

    def __init__(self) -> None:
        self.count = 0
        self.last: Mention | None = None
        self.last_of_type: dict[str, Mention] = {}
        self.last_of_date: dict[str | None, Mention] = {}
        self.last_of_type_date: dict[tuple[str, str | None], Mention] = {}
        self.last_at: dict[str, Mention] = {}  # by place id
        self.last_strike: Mention | None = None  # the last explosion or remote violence
        # (type, date, place) -> (the highest event number, the last mention)
        self.by_key: dict[tuple, tuple[int, Mention]] = {}

    def add(self, m: Mention) -> None:
        self.count += 1
        self.last = m
        self.last_of_type[m.event_type] = m
        self.last_of_date[m.date] = m
        self.last_of_type_date[(m.event_type, m.date)] = m
        if m.place is not None:
            self.last_at[m.place.id] = m
        if ACLED_TYPES.get(m.event_type, ("",))[0] == REMOTE_VIOLENCE:
            self.last_strike = m
        key = (m.event_type, m.date, m.place)
        best = self.by_key.get(key)
        self.by_key[key] = (max(best[0], m.event_no) if best else m.event_no, m)

    def last_told(self, event_type: str | None, date: str | None, own_date: bool) -> Mention | None:
        """Return the last event told (of ``event_type`` unless None, of ``date`` if own)."""
        if event_type is None:
            return self.last_of_date.get(date) if own_date else self.last
        if own_date:
            return self.last_of_type_date.get((event_type, date))
        return self.last_of_type.get(event_type)


def as_told_before(mention: Mention, told: ToldSoFar, own_date: bool, typed: bool) -> Mention:
    """Return ``mention`` as the event it names again, or numbered as a new one.

    After an article has told an event, "the strike" or "Monday's attack"
    names that event again (the last one told of the same type, or of any
    type for a bare "attack", and of the sentence's own date if it gives
    one), unless the sentence names another place of its own. "Another
    strike", "a second attack" or "hours later" tell a new event, even of the
    same type, date and place as one before: it gets the next ``event_no`` so
    merging keeps the two apart. ``own_date``: the sentence names a date of
    its own (not one relative to another).
    """
    text = mention.article.text
    before = words_before(text, mention.sentence, mention.trigger)
    same_key = told.by_key.get((mention.event_type, mention.date, mention.place))
    # (Each pattern searched only where the words before hold one of its first words.)
    if search_short(NEW_EVENT_BEFORE, before):  # "another drone strike": always a new one
        if same_key:
            return replace(mention, event_no=same_key[0] + 1)
        return mention
    definite = bool(
        told.count
        # "the bombing", "the shelling": after a determiner, a noun, not a verb.
        and (
            not VERB_TRIGGER.match(mention.trigger.text) or _GERUND.fullmatch(mention.trigger.text)
        )
        and search_short(DEFINITE_BEFORE, before)
        and not search_short(ORDINAL_BEFORE, before)
    ) or bool(
        told.count
        # "The gendarmes repelled the attack", "The Houthi military spokesman
        # claimed a missile attack on the vessel": the event told before.
        and (
            _REPELLED_THE.match(text, mention.trigger.start, mention.sentence.end)
            or _CLAIMED_BEFORE.search(before)
        )
    )
    own_place = mention.place_basis.startswith("named in the sentence")
    if (
        not definite
        and told.last is not None
        and told.last.sentence == mention.previous
        and not own_place
        and not own_date
        and SAID_IT_HAD.search(before)
    ) or (
        told.last is not None
        and told.last.sentence in (mention.sentence, mention.previous)
        and not own_place
        and not own_date
        and OF_THEM.search(mention.trigger.text)
    ):
        # "Government aircraft dropped barrel bombs on Nasir ... The army said
        # it had hit 'militia positions'": the doer's own word for the event
        # just told, with neither a place nor a day of its own.
        return retold(mention, told.last)
    if (
        not definite
        and told.last is not None
        and 0 <= mention.sentence.start - told.last.sentence.end <= ANSWER_CHARS
        and not own_date
        # At the event's spot, or with no place of its own and of its family of
        # events: the quoted "pro-regime UAV ... was shot down" is no air strike.
        and (
            _same_spot(mention, told.last)
            if own_place
            else (not typed or _same_family(mention, told.last))
        )
        and (
            text[mention.sentence.start : mention.sentence.start + 1] in QUOTES
            # The answer in one exchange, told by a bare verb: "responded effectively,
            # targeting" (not "retaliated with air strikes", a strike of its own).
            or (not typed and RESPONSE_BEFORE.search(before))
        )
    ):
        # '"Takfiri elements attacked a security checkpoint south of Arish ...,"
        # said the statement', "Pakistan Army troops responded effectively,
        # targeting the Indian posts": a quoted account, or the answer in the
        # same exchange, of the event just told.
        return retold(mention, told.last)
    if not definite:
        # "Hours later", "again" in the sentence: a new event, unless the
        # sentence already told it ("another drone attack hit the patrol").
        if same_key and tells_a_new_event(text, mention.sentence.start, mention.sentence.end):
            # Mentions come in text order: if this sentence told the event, it
            # is the last telling of it.
            last = same_key[1]
            if last.sentence == mention.sentence:
                return replace(mention, event_no=last.event_no)
            return replace(mention, event_no=same_key[0] + 1)
        return mention
    # With a date of its own ("Monday's attack"), the event is the last one
    # told of that date; without, the last one told.
    earlier = told.last_told(mention.event_type if typed else None, mention.date, own_date)
    if earlier is None and typed and not own_place and not own_date and told.last is not None:
        # "a suicide bomber blew herself up ... the governor attributed the
        # bombing to Boko Haram": a word of the same family of events, with
        # neither a place nor a day of its own, names the last one told.
        family = ACLED_TYPES[mention.event_type][0]
        if ACLED_TYPES[told.last.event_type][0] == family:
            earlier = told.last
    if earlier is None:
        return mention
    if own_place and mention.place != earlier.place:
        # "the strikes killed one member of the coast guard on Kamaran Island":
        # the strike told before at that place, if one was.
        at = told.last_at.get(mention.place.id) if mention.place is not None else None
        if at is None or own_date or (typed and at.event_type != mention.event_type):
            return mention
        earlier = at
    return retold(mention, earlier)


_REPELLED_THE = re.compile(
    r"(?:repelled|repulsed|foiled|(?:fought|beat)\s+off|beat\s+back)\s+the\s", re.I
)
_CLAIMED_BEFORE = re.compile(
    r"\bclaimed\s+(?:responsibility\s+for\s+)?(?:an?|the)\s+(?:[\w-]+\s+){0,2}$", re.I
)
# A statement quoted whole: its sentence opens with a quotation mark.
QUOTES = ('"', "“")
# The other side's answer in one exchange: "responded effectively, targeting".
RESPONSE_BEFORE = re.compile(
    r"\b(?:responded|retaliated|hit\s+back|struck\s+back|returned\s+fire)\b[^.;]{0,60}$", re.I
)
SAME_SPOT_KM = 25.0  # a place this near the event told before is its place told again
ANSWER_CHARS = 400  # how far after the event a quoted account or an answer may come


def _same_spot(mention: Mention, earlier: Mention) -> bool:
    """Return whether two mentions' places are one spot ("south of Arish", "south of El Arish")."""
    a, b = mention.place, earlier.place
    if a is None or b is None or a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return False
    return a.id == b.id or distance_km((a.lon, a.lat), (b.lon, b.lat)) <= SAME_SPOT_KM


def _same_family(mention: Mention, earlier: Mention) -> bool:
    """Return whether two mentions' kinds are of one ACLED event type."""
    return ACLED_TYPES[mention.event_type][0] == ACLED_TYPES[earlier.event_type][0]


def retold(mention: Mention, earlier: Mention) -> Mention:
    """Return ``mention`` as a telling again of the event ``earlier`` told."""
    return replace(
        mention,
        event_type=earlier.event_type,
        date=earlier.date,
        date_precision=earlier.date_precision,
        date_basis=f"the event told before (“{earlier.trigger.text}”): {earlier.date_basis}",
        place=earlier.place,
        place_basis=f"the event told before (“{earlier.trigger.text}”): {earlier.place_basis}",
        event_no=earlier.event_no,
    )
