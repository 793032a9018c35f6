"""Incidents: the events a report tells (air strikes, drone strikes, shoot-downs, attacks).

Rule-based: a trigger word in a sentence is an event mention unless the words
around it say it did not happen as a specific event (an infinitive "to hit", a
modal "could be subject to attack", a negation, a generic plural "other
strikes"). Each mention takes

- its type from the trigger, or for a bare verb ("struck", "hit") from the
  nearest drone or aircraft word in the sentence, else from the mention before;
- its date from the nearest date in the sentence, else from the narrative (the
  last date the article named), never from a date that bounds a period
  ("since May 18");
- its place from the nearest place named in the sentence, else from the
  article's main place (the town or site it names most; never a region or a sea,
  whose centre is no place of an event), and says which.

Mentions with the same type, date and place are one incident, across articles.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from geo.extract.acled import ACLED_TYPES
from geo.extract.dates import DateMention
from geo.extract.event_dates import date_for, entry_time, told_on
from geo.extract.event_places import can_locate, heading_place, place_for, town_told_before
from geo.extract.not_events import (
    ATTRIBUTED_AFTER,
    is_denied,
    is_hedged,
    is_many_or_imagined,
    is_tally,
)
from geo.extract.patterns import caseless, finditer_caseless, may_hold, short_words
from geo.extract.places import PlaceMention
from geo.extract.retold import (
    ALSO_DID,
    BARE_STRIKE,
    SECONDARY_ACTS,
    ToldSoFar,
    as_told_before,
    of_a_past_year,
    strikes_of,
)
from geo.extract.text import Span, clip_around, words_before
from geo.extract.triggers import (
    DEVICE_STRUCK,
    REMAINDER_BEFORE,
    REPORTING,
    STRUCK,
    SUBORDINATE_BEFORE,
    Cues,
    inner_cue,
    instrument_cue,
    is_passive,
    triggers_by_sentence,
)
from geo.geocode.areas import WIDE_TYPES
from geo.geocode.gazetteer import Place
from geo.read.articles import Article


@dataclass(frozen=True)
class Mention:
    """One telling of an event in one article."""

    article: Article
    sentence: Span
    trigger: Span
    event_type: str
    date: str | None
    date_precision: str | None
    date_basis: str
    place: Place | None
    place_basis: str
    previous: Span | None = None
    # 1 for "a second strike" after a first of the same type, date and place
    # in the same article (2 for a third...): told apart from it when merging.
    event_no: int = 0

    @property
    def article_id(self) -> str:
        return self.article.id

    @property
    def sentence_start(self) -> int:
        return self.sentence.start


class Told(Protocol):
    """What merging reads of a telling: a ``Mention``, or the record a batch keeps of one."""

    event_type: str
    date: str | None
    date_precision: str | None
    place: Place | None
    event_no: int

    @property
    def article_id(self) -> str: ...

    @property
    def sentence_start(self) -> int: ...


TellingT = TypeVar("TellingT", bound=Told)


@dataclass(slots=True)
class Incident(Generic[TellingT]):
    """An event, told by one or more tellings (mentions, or a batch's records of them)."""

    event_type: str
    date: str | None
    date_precision: str | None
    place: Place | None
    mentions: list[TellingT] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        """Return what makes two mentions one incident: type, date, place."""
        return (self.event_type, self.date, self.place.id if self.place else None)


def main_place(places: list[PlaceMention]) -> Place | None:
    """Return the local place an article names most (ties: the first named)."""
    counts: dict[str, list] = {}
    for i, pm in enumerate(places):
        if pm.place.is_country or pm.place.lat is None or pm.place.place_type in WIDE_TYPES:
            continue
        entry = counts.setdefault(pm.place.id, [0, i, pm.place])
        entry[0] += 1
    if not counts:
        return None
    return max(counts.values(), key=lambda e: (e[0], -e[1]))[2]


# Between two names of one list: "Sotk, Goris and Jermuk", "Kfar Kila or Khiam".
_BARE_COMMA = re.compile(r"\s*,\s*")
_LIST_GOES_ON = re.compile(r",?\s+(?:and|or)\s")  # "Beryslav, Antonivka and the city of"
_LIST_GAP = re.compile(
    r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+"
    # "eleven drones over the Black Sea and one over the north of the Crimean
    # peninsula", "12 over Belgorod, three over Kursk": counted by place.
    r"|\s*(?:,|\s+and)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+|another)\s+"
    r"(?:[\w-]+\s+)?(?:over|in|near|above|off|at|on)\s+(?:the\s+)?"
    r"(?:(?:(?:north|south|east|west)(?:ern|-?(?:east|west)(?:ern)?)?)\s+(?:part\s+)?of\s+(?:the\s+)?)?"
    # "a radar site near the port of Ras Isa and a coastal drone launch site on
    # Kamaran Island", "as well as a Hezbollah military structure in the area of
    # Khiam": targets listed each with its place (no verb between).
    # "an oil facility near Qamishli and a checkpoint of the Syrian Democratic Forces
    # (SDF) on the outskirts of Amuda".
    # ("... Maroun al-Ras in southern Lebanon, as well as": the first place's country told.)
    r"|(?:\s+in\s+(?:the\s+)?(?:(?:north|south|east|west)\w*\s+)?(?-i:[A-Z])[\w'’-]+)?"
    r"\s*(?:,?\s+and|,?\s+as\s+well\s+as)\s+(?:an?|the|two|three|several)\s+"
    r"(?:(?!was\b|were\b|is\b|are\b|had\b|has\b|have\b|been\b|said\b|says\b)[\w'’()-]+\s+){1,7}?"
    r"(?:in|on|at|near)\s+(?:the\s+)?(?:(?:area|areas|village|town|city|port|outskirts|edge"
    r"|entrance|centre|center)\s+of\s+(?:the\s+)?)?",
    re.I,
)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.I)


class _Sentence:
    """What the events of one sentence are read against, each found once.

    Places, dates, reporting words and cues are kept in text order with their
    offsets, so that each trigger finds the nearest by bisection: reading the
    whole sentence again for every trigger made a long run-on sentence (a
    scraped page with no full stops) take time as the cube of its length.
    """

    def __init__(
        self,
        text: str,
        span: Span,
        dates: list[DateMention],
        places: list[PlaceMention],
        taken: bytearray,
    ):
        self.text, self.span, self.taken = text, span, taken
        self.dates = [d for d in dates if not d.period_bound]
        self.date_starts = [d.start for d in self.dates]
        # Places that can locate an event; and those that can start another one.
        # A facility the gazetteer lacks is still where its event happened: "place needs review".
        self.local = [pm for pm in places if not pm.place.is_country and can_locate(pm.place)]
        self.local_starts = [pm.span.start for pm in self.local]
        self.other_place_starts = [pm.span.start for pm in places if not pm.place.is_country]
        self._reporting: tuple[list[int], list[int]] | None = None
        self._cues: Cues | None = None

    @property
    def cues(self) -> Cues:
        if self._cues is None:
            self._cues = Cues(self.text, self.span, self.taken)
        return self._cues

    def listed_with(self, named: PlaceMention | None) -> list[PlaceMention]:
        """Return the other places of the list ``named`` stands in: "Sotk, Goris and Jermuk"."""
        if named is None:
            return []
        i = bisect_left(self.local_starts, named.span.start)
        if i >= len(self.local) or self.local[i] is not named:
            return []
        first = last = i
        while first > 0 and _LIST_GAP.fullmatch(
            self.text, self.local[first - 1].span.end, self.local[first].span.start
        ):
            first -= 1
        while last + 1 < len(self.local) and _LIST_GAP.fullmatch(
            self.text, self.local[last].span.end, self.local[last + 1].span.start
        ):
            last += 1
        if (
            first == last - 1
            and _BARE_COMMA.fullmatch(
                self.text, self.local[first].span.end, self.local[last].span.start
            )
            and not _LIST_GOES_ON.match(self.text, self.local[last].span.end)
        ) or _BETWEEN.search(
            self.text,
            max(self.span.start, self.local[first].span.start - 40),
            self.local[first].span.start,
        ):
            # "the road between al-Bukamal and al-Mayadeen": a route, no list;
            # "the Black Sea, 60 km west of Cape Tarkhankut": one place told twice.
            return []
        return [pm for k, pm in enumerate(self.local[first : last + 1], first) if k != i]

    def reported_between(self, start: int, end: int) -> bool:
        """Return whether words introducing a speaker lie inside ``text[start:end]``."""
        if self._reporting is None:
            found = list(
                finditer_caseless(_REPORTING_WORDS, self.text, self.span.start, self.span.end)
            )
            self._reporting = ([m.start() for m in found], [m.end() for m in found])
        starts, ends = self._reporting
        # Matches do not overlap: the first to start inside ends first.
        i = bisect_left(starts, start)
        return i < len(starts) and ends[i] <= end

    def date_between(self, start: int, end: int) -> bool:
        """Return whether a date of the sentence starts in ``[start, end)``."""
        return bisect_left(self.date_starts, start) < bisect_left(self.date_starts, end)

    def place_between(self, start: int, end: int) -> bool:
        """Return whether a place (not a country) of the sentence starts in ``[start, end)``."""
        starts = self.other_place_starts
        return bisect_left(starts, start) < bisect_left(starts, end)


def find_mentions(
    article: Article,
    sentences: list[Span],
    places: list[PlaceMention],
    dates: list[DateMention],
    header_date: DateMention | None = None,
) -> list[Mention]:
    """Return the event mentions of one article, in text order.

    ``header_date``: the day a headline, a dateline or a live blog's header gives ("Wednesday,
    9 October"), the day of what follows until a sentence names another.
    """
    text = article.text
    fallback_place = main_place(places)
    # (value, precision, the words it came from)
    narrative: tuple[str | None, str, str] | None = (
        (header_date.value, header_date.precision or "day", header_date.text)
        if header_date is not None and header_date.value
        else None
    )
    mentions: list[Mention] = []
    told = ToldSoFar()
    previous: Span | None = None
    # Places and dates by sentence, found by bisection: scanning them all for
    # every sentence made long articles quadratic.
    place_starts = [pm.span.start for pm in places]
    date_starts = [d.start for d in dates]
    scanned = triggers_by_sentence(text, sentences)
    previous_told = False  # whether the sentence before told an event
    for sentence, (triggers, taken) in zip(sentences, scanned, strict=True):
        told_before = len(mentions)
        facts = _Sentence(
            text,
            sentence,
            within(dates, date_starts, sentence),
            within(places, place_starts, sentence) if triggers else [],
            taken,
        )
        in_sentence = facts.dates
        # A day of its own: "the second carried out this week" names no other event.
        own_date = any(
            d.value and not d.relative and d.precision not in ("week", "month", "year")
            for d in in_sentence
        )
        # The date of the sentence's first dated event: (value, precision, words).
        lead: tuple[str | None, str, str] | None = None
        for trigger, kind in triggers:
            if (
                is_hedged(text, sentence, trigger)
                or is_many_or_imagined(text, sentence, trigger)
                or is_denied(text, sentence, trigger)
            ):
                continue
            if (mentions or len(triggers) > 1) and is_tally(text, sentence, trigger):
                continue  # "downed 83 of the 154 drones": the salvo told before, counted
            if of_a_past_year(words_before(text, sentence, trigger), article.published):
                continue  # "sentenced two men to death for a 2023 bombing": history
            if mentions and ATTRIBUTED_AFTER.match(text, trigger.end, sentence.end):
                continue  # who did the event told before (see actors.parties_of)
            if (
                mentions
                and not facts.local
                and not facts.dates
                and ALSO_DID.search(words_before(text, sentence, trigger))
            ):
                continue  # "The assailants also set fire to shelters": more of the same event
            typed = kind is not None
            retold = False
            # "The remaining two hit the port": the weapons of the strike just told.
            rest = (
                told.last_strike
                if kind is None and _of_the_rest(words_before(text, sentence, trigger))
                else None
            )
            if rest is not None:
                kind = rest.event_type
            if kind is None:
                # "They were also destroyed" names no attacker: the event is of the
                # kind told just before. An active "fighters attacked" is an attack.
                passive = is_passive(text, sentence, trigger)
                retold = bool(passive and mentions and not facts.local and not facts.dates)
                inherited = mentions[-1].event_type if mentions and passive else None
                # The weapon inside the trigger ("fired two missiles at") is its own.
                inner = inner_cue(trigger.text) or instrument_cue(text, trigger, sentence.end)
                # "a vehicle struck an improvised explosive device": the device's explosion.
                struck = STRUCK.search(trigger.text)
                if struck and DEVICE_STRUCK.match(text, trigger.end, sentence.end):
                    inner = "bombing"
                cue = (inner, True) if inner else facts.cues.nearest_type(trigger, passive)
                # "the drone attack was the first time they had fired at us": a
                # bare verb after a typed event of its sentence tells that event,
                # unless a date or place between them starts another ("... hit
                # Kharkiv on Monday, and troops attacked Avdiivka").
                earlier = mentions[-1] if mentions and mentions[-1].sentence == sentence else None
                told_here = (
                    earlier.event_type
                    if earlier is not None
                    # "Strikes overnight also hit ...": the noun's own verb, past its time.
                    and (
                        BARE_STRIKE.fullmatch(earlier.trigger.text)
                        or not facts.date_between(earlier.trigger.end, trigger.start)
                    )
                    and not facts.place_between(earlier.trigger.end, trigger.start)
                    else None
                )
                if cue and cue[1]:
                    kind = cue[0]
                else:
                    kind = (
                        told_here
                        or (cue and cue[0])
                        or inherited
                        or strikes_of(trigger, told.last_strike)
                    )
            date, precision, basis, used = date_for(
                trigger, facts.dates, facts.date_starts, narrative, article
            )
            if date is None and article.published and entry_time(text, sentence):
                # "13:05 A drone strike hit ...": a live blog's entry of the day it is published.
                date, precision = article.published.isoformat(), "day"
                basis = "a live blog's entry by its time: the day of publication"
            if retold and date == mentions[-1].date:
                # "... when they were hit": the event just told, told again with
                # neither a place nor a day of its own.
                continue
            if (
                used is not None
                and lead is None
                and not SUBORDINATE_BEFORE.search(words_before(text, sentence, trigger))
            ):
                lead = (date, precision or "day", used.text)
            place, place_basis, named = place_for(trigger, facts, fallback_place)
            if rest is not None and named is None:
                place, place_basis = rest.place, rest.place_basis
            elif named is None and (
                town := town_told_before(text, sentence, trigger, places, place_starts)
            ):
                place, place_basis = town
            elif (
                named is None
                and not previous_told
                and (heading := heading_place(text, previous, sentence, places, place_starts))
            ):
                place, place_basis = heading
            # "troops raided the camp and exchanged fire": two words of one
            # sentence for one event of ACLED's at one place are one event.
            # "raided the camp near Tulkarm and exchanged fire": the second verb
            # of one clause joined by "and" goes on with the first one's event.
            prior = mentions[-1] if mentions and mentions[-1].sentence == sentence else None
            if (
                prior is not None
                and kind in SECONDARY_ACTS
                and prior.event_type != kind
                and (named is None or prior.place == place)
                and _same_clause(text, prior.trigger, trigger)
            ):
                # "killed 14 villagers and abducted 30 others", "arrested nine
                # suspects and seized two boats": what the doers did besides, in
                # one clause, is part of the event just told, as ACLED codes it.
                continue
            if (
                prior is not None
                and prior.event_type != kind
                and ACLED_TYPES.get(prior.event_type) == ACLED_TYPES.get(kind)
                and (prior.place == place or _same_clause(text, prior.trigger, trigger))
            ):
                kind, place, place_basis = prior.event_type, prior.place, prior.place_basis
            # "struck Aita al-Shaab and Kfar Kila": an event at each place of the
            # list, as ACLED codes one event per location.
            at = [(place, place_basis)] + [
                (pm.place, f"named in the sentence (“{pm.span.text}”), listed with the first")
                for pm in facts.listed_with(named)
            ]
            for place, place_basis in at:
                mention = Mention(
                    article,
                    sentence,
                    trigger,
                    kind,
                    date,
                    precision,
                    basis,
                    place,
                    place_basis,
                    previous,
                )
                mention = as_told_before(mention, told, own_date, typed)
                mentions.append(mention)
                told.add(mention)
        # The story's date goes on from here: the date of the sentence's first
        # dated event not named to date another ("after the Jan. 28 attack"),
        # else the last date the sentence names.
        for d in reversed(in_sentence):
            if d.value and not d.relative and not told_on(text, sentence, d):
                narrative = (d.value, d.precision or "day", d.text)
                break
        else:
            # "The AA announced on Sunday that it had captured ...", no event read: the
            # day it was told is the day the story goes on from ("Two days earlier, ...").
            said = next((d for d in reversed(in_sentence) if d.value and not d.relative), None)
            if said is not None and lead is None:
                narrative = (said.value, said.precision or "day", said.text)
        narrative = lead or narrative
        previous = sentence
        previous_told = len(mentions) > told_before
    return mentions


# REPORTING tried where its words begin (see patterns.caseless), not at every character.
_REPORTING_WORDS = caseless(REPORTING.pattern)
# Words one of which every match of REMAINDER_BEFORE holds whole.
_REMAINDER_WORDS = frozenset({"remaining", "rest", "others", "other", "them"})


def _of_the_rest(before: str) -> bool:
    """Return whether the words before a trigger name the rest of the weapons told before.

    Most hold none of the words that say so, and are not searched.
    """
    return may_hold(short_words(before), _REMAINDER_WORDS) and bool(REMAINDER_BEFORE.search(before))


_AND_ONLY = re.compile(r"[^;,]*\band\b[^;,]*$")


def _same_clause(text: str, first: Span, second: Span) -> bool:
    """Return whether two verbs are joined by "and" with no comma or semicolon between."""
    return bool(_AND_ONLY.match(text, first.end, second.start))


def within(items: list, starts: list[int], sentence: Span) -> list:
    """Return the items (sorted, with ``starts`` their offsets) that begin inside ``sentence``."""
    return items[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]


def merge(mentions: Sequence[TellingT]) -> list[Incident[TellingT]]:
    """Return incidents: mentions with the same type, date and place, merged in first-told order.

    Two triggers of one event in one sentence ("attacked ... by a drone that
    hit") are one source, not two. An event another report dates only to its
    month ("in May") joins the one event of its type and place dated to a day
    of that month, when there is exactly one (and neither is a numbered new
    event). ``mentions`` come in reading order (article by article, each in
    text order), so a sentence that tells an event twice does so in a row.
    """
    incidents: dict[tuple, Incident[TellingT]] = {}
    for m in mentions:
        key = (m.event_type, m.date, m.place.id if m.place else None, m.event_no)
        incident = incidents.get(key)
        if incident is None:
            incident = incidents[key] = Incident(m.event_type, m.date, m.date_precision, m.place)
        last = incident.mentions[-1] if incident.mentions else None
        if last is None or (last.article_id, last.sentence_start) != (
            m.article_id,
            m.sentence_start,
        ):
            incident.mentions.append(m)
    # Day-dated events by type, place and month, for the month-dated to find.
    by_month: dict[tuple, list[Incident[TellingT]]] = {}
    for key, other in incidents.items():
        if other.date_precision == "day" and key[3] == 0 and other.place is not None:
            month = (other.date or "")[:7]
            by_month.setdefault((other.event_type, other.place.id, month), []).append(other)
    for key, incident in list(incidents.items()):
        if incident.date_precision != "month" or incident.place is None or key[3] != 0:
            continue
        articles = {m.article_id for m in incident.mentions}
        days = [
            other
            for other in by_month.get((incident.event_type, incident.place.id, incident.date), ())
            if (other.date or "").startswith(f"{incident.date}-")
            # Another report's dating: an article's own month and day may be two events.
            and not articles & {m.article_id for m in other.mentions}
        ]
        if len(days) == 1:
            day = days[0]
            seen = {(m.article_id, m.sentence_start) for m in day.mentions}
            day.mentions += [
                m for m in incident.mentions if (m.article_id, m.sentence_start) not in seen
            ]
            del incidents[key]
    return list(incidents.values())


_CLAUSE_END = re.compile(r"[,;:—]")
SUMMARY_CHARS = 200


def summary(mention: Mention) -> str:
    """Return a short summary of an event from the clause around its first trigger.

    A very long sentence is read around the trigger only (``clip_around``).
    """
    text = mention.article.text
    s = clip_around(text, mention.sentence, mention.trigger)
    m = _CLAUSE_END.search(text, mention.trigger.end, s.end)
    clause_end = m.start() if m else s.end
    clause = text[s.start : clause_end].strip(" \"“”'‘’,;")
    if len(clause) < 60 and mention.previous is not None:
        # "They were also destroyed." says little without the sentence before it.
        # (What lies past the first 200 characters is cut anyway.)
        clause = f"{mention.previous.text[: SUMMARY_CHARS + 1]} {clause}"
    if len(clause) > SUMMARY_CHARS:
        clause = clause[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
    return clause
