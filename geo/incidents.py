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
  article's main place (the place it names most), and says which.

Mentions with the same type, date and place are one incident, across articles.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from geo.dates import DateMention
from geo.documents import Article
from geo.gazetteer import Place
from geo.paths import data_dir
from geo.patterns import caseless, finditer_caseless, trie_pattern
from geo.places import PlaceMention
from geo.text import Span

# The tool's kinds of event in ACLED's codebook (event_type, sub_event_type), so
# extractions merge with the ACLED data analysts already use.
ACLED_TYPES = {
    "air strike": ("Explosions/Remote violence", "Air/drone strike"),
    "drone strike": ("Explosions/Remote violence", "Air/drone strike"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "bombing": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "shoot-down": ("Strategic developments", "Disrupted weapons use"),
    "attack": ("Battles", "Armed clash"),
}
# ACLED's time_precision: 1 the day is known, 2 the week, 3 only the month (or less).
ACLED_TIME_PRECISION = {"day": 1, "month": 3, "year": 3}

# Each caseless: a case-insensitive pattern and its quick twin (geo.patterns).
_TYPED_TRIGGERS = [
    (
        "shoot-down",
        caseless(r"\b(?:shot|shoots?|shooting)\s+down\b|\bshoot-?downs?\b|\bdowned\b"),
    ),
    ("drone strike", caseless(r"\bdrone\s+(?:attacks?|strikes?)\b")),
    (
        "shelling",
        caseless(
            r"\bshell(?:ed|ing)\b|\bartillery\s+(?:fire|strikes?|barrage)\b|\brockets?\s+(?:fire|attacks?)\b"
            r"|\bmortar\s+(?:fire|attacks?|rounds?)\b"
        ),
    ),
    (
        "bombing",
        caseless(
            r"\b(?:car|truck|roadside|suicide)\s+bombs?\b|\bIEDs?\b|\bimprovised\s+explosive\b"
            r"|\bbomb\s+(?:exploded|blast|went\s+off)\b"
        ),
    ),
    (
        "air strike",
        caseless(
            r"\bair[\s-]*strikes?\b|\bair\s+raids?\b|\bbomb(?:ed|ing|ings)\b|\bbombard(?:ed|ment)\b"
        ),
    ),
]
_GENERIC_TRIGGER = caseless(
    r"\battack(?:ed|s)?\b|\bstruck\b|\bstrikes?\b|\bhit\b|\bfired\s+(?:at|on|upon)\b"
    r"|\bdestroyed\b|\btargeted\b"
)
_DRONE_CUES = r"drones?|UAVs?|unmanned\s+aerial\s+vehicles?|unmanned\s+aircraft"
_AIR_CUES = (
    r"aircraft|jets?|warplanes?|fighter\s+(?:jets?|planes?|aircraft)|bombers?|air\s+force|helicopters?"
    r"|gunships?|planes?|air[\s-]*strikes?"
)
_QUOTES = r"\"“”'‘’"
_HEDGE_BEFORE = re.compile(
    r"(?:\b(?:to|could|would|may|might|will|can|should|must|if|not|never|no|without|threatened"
    rf"|threatens|plans?|planned|vowed)\b|n't)[\s{_QUOTES}]+(?:\w+[\s{_QUOTES}]+){{0,2}}$",
    re.I,
)
# Words that introduce who said something: a place before them belongs to the
# speaker ("the spokesman in Baghdad told reporters"), not to the event.
_REPORTING = re.compile(
    r"\b(?:said|says|told|tells|announced|stated|according\s+to|claimed|reported)\b", re.I
)
_GENERIC_QUANTIFIER = re.compile(
    r"\b(?:other|several|many|some|frequent|repeated|previous|past|more|multiple|such|numerous|"
    r"regular|further|future)\s+(?:\w+\s+){0,1}$",
    re.I,
)


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


@dataclass
class Incident:
    """An event, told by one or more mentions."""

    event_type: str
    date: str | None
    date_precision: str | None
    place: Place | None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        """Return what makes two mentions one incident: type, date, place."""
        return (self.event_type, self.date, self.place.id if self.place else None)


@lru_cache(maxsize=1)
def _weapon_cues() -> tuple[str, str]:
    """Return regex alternations of drone and aircraft type names from the data folder."""
    drones, aircraft = [], []
    path = data_dir() / "weapon_systems.csv"
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names = [row["name"], *row["aliases"].split("|")]
            target = drones if row["class"].strip() == "drone" else aircraft
            target += [n.strip().lower() for n in names if n.strip()]
    return trie_pattern(drones), trie_pattern(aircraft)


@lru_cache(maxsize=1)
def _cue_patterns() -> tuple[tuple[re.Pattern, re.Pattern], tuple[re.Pattern, re.Pattern]]:
    drones, aircraft = _weapon_cues()
    return (
        caseless(rf"\b(?:{_DRONE_CUES}|{drones})(?!\w)"),
        caseless(rf"\b(?:{_AIR_CUES}|{aircraft})(?!\w)"),
    )


def _nearest_cue_type(text: str, sentence: Span, trigger: Span) -> str | None:
    drone, air = _cue_patterns()
    best: tuple[int, str] | None = None
    for pattern, kind in ((drone, "drone strike"), (air, "air strike")):
        for m in finditer_caseless(pattern, text, sentence.start, sentence.end):
            if m.start() < trigger.end and trigger.start < m.end():
                continue
            distance = min(abs(m.start() - trigger.end), abs(trigger.start - m.end()))
            if best is None or distance < best[0]:
                best = (distance, kind)
    return best[1] if best else None


def _is_hedged(text: str, sentence: Span, trigger: Span) -> bool:
    before = text[sentence.start : trigger.start]
    if _HEDGE_BEFORE.search(before):
        return True
    plural = trigger.text.lower().endswith("s") and not trigger.text.lower().endswith("ss")
    return plural and bool(_GENERIC_QUANTIFIER.search(before))


_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|been|being|is|are|be|got|get)\s+(?:\w+\s+){0,2}$", re.I
)


def _is_passive(text: str, sentence: Span, trigger: Span) -> bool:
    """Return whether the trigger is a passive verb ("were struck"), which hides the agent."""
    return bool(_PASSIVE_BEFORE.search(text[sentence.start : trigger.start]))


def _triggers(text: str, sentence: Span) -> list[tuple[Span, str | None]]:
    """Return trigger spans in ``sentence`` with their type (None for a bare verb)."""
    found: list[tuple[Span, str | None]] = []
    for kind, patterns in _TYPED_TRIGGERS:
        for m in finditer_caseless(patterns, text, sentence.start, sentence.end):
            if any(m.start() < s.end and s.start < m.end() for s, _ in found):
                continue
            found.append((Span(m.start(), m.end(), m.group()), kind))
    for m in finditer_caseless(_GENERIC_TRIGGER, text, sentence.start, sentence.end):
        if any(m.start() < s.end and s.start < m.end() for s, _ in found):
            continue
        found.append((Span(m.start(), m.end(), m.group()), None))
    return sorted(found, key=lambda t: t[0].start)


def main_place(places: list[PlaceMention]) -> Place | None:
    """Return the local place an article names most (ties: the first named)."""
    counts: dict[str, list] = {}
    for i, pm in enumerate(places):
        if pm.place.is_country or pm.place.lat is None:
            continue
        entry = counts.setdefault(pm.place.id, [0, i, pm.place])
        entry[0] += 1
    if not counts:
        return None
    return max(counts.values(), key=lambda e: (e[0], -e[1]))[2]


def find_mentions(
    article: Article,
    sentences: list[Span],
    places: list[PlaceMention],
    dates: list[DateMention],
) -> list[Mention]:
    """Return the event mentions of one article, in text order."""
    text = article.text
    fallback_place = main_place(places)
    narrative: tuple[str, str, str] | None = None  # (value, precision, the words it came from)
    mentions: list[Mention] = []
    previous: Span | None = None
    # Places and dates by sentence, found by bisection: scanning them all for
    # every sentence made long articles quadratic.
    place_starts = [pm.span.start for pm in places]
    date_starts = [d.start for d in dates]
    for sentence in sentences:
        in_sentence = [d for d in within(dates, date_starts, sentence) if not d.period_bound]
        sentence_places = within(places, place_starts, sentence)
        for trigger, kind in _triggers(text, sentence):
            if _is_hedged(text, sentence, trigger):
                continue
            if kind is None:
                # "They were also destroyed" names no attacker: the event is of the
                # kind told just before. An active "fighters attacked" is an attack.
                inherited = (
                    mentions[-1].event_type
                    if mentions and _is_passive(text, sentence, trigger)
                    else None
                )
                kind = _nearest_cue_type(text, sentence, trigger) or inherited or "attack"
            date, precision, basis = _date_for(trigger, in_sentence, narrative, article)
            place, place_basis = _place_for(text, trigger, sentence_places, fallback_place)
            mentions.append(
                Mention(
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
            )
        for d in in_sentence:
            if d.value and not d.relative:
                narrative = (d.value, d.precision or "day", d.text)
        previous = sentence
    return mentions


DATE_CONFLICT = "conflict: the weekday the text gives does not fall on that date; the date wins"


def _date_for(
    trigger: Span,
    in_sentence: list[DateMention],
    narrative: tuple[str, str, str] | None,
    article: Article,
) -> tuple[str | None, str | None, str]:
    if in_sentence:
        nearest = min(
            in_sentence, key=lambda d: min(abs(d.start - trigger.end), abs(trigger.start - d.end))
        )
        if nearest.value and not nearest.relative:
            note = f"; {DATE_CONFLICT}" if nearest.kind == "weekday_conflict" else ""
            basis = f"“{nearest.text}”"
            if nearest.kind in ("weekday", "month_day", "day_month") and article.published:
                basis += f", read against the publication date {article.published.isoformat()}"
            return nearest.value, nearest.precision, basis + note
        if nearest.relative and narrative:
            return narrative[0], narrative[1], f"“{nearest.text}”: the day of “{narrative[2]}”"
        if nearest.relative and article.published:
            return article.published.isoformat(), "day", f"“{nearest.text}”: the publication date"
    if narrative:
        return (
            narrative[0],
            narrative[1],
            f"no date in the sentence; the article's last date, “{narrative[2]}”",
        )
    return None, None, "no date found"


def within(items: list, starts: list[int], sentence: Span) -> list:
    """Return the items (sorted, with ``starts`` their offsets) that begin inside ``sentence``."""
    return items[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]


def _place_for(
    text: str, trigger: Span, in_sentence: list[PlaceMention], fallback: Place | None
) -> tuple[Place | None, str]:
    local = [
        pm
        for pm in in_sentence
        if not pm.place.is_country
        and pm.place.lat is not None
        and not _REPORTING.search(
            text[min(pm.span.end, trigger.end) : max(pm.span.start, trigger.start)]
        )
    ]
    if local:
        nearest = min(
            local,
            key=lambda pm: min(abs(pm.span.start - trigger.end), abs(trigger.start - pm.span.end)),
        )
        return nearest.place, f"named in the sentence (“{nearest.span.text}”)"
    if fallback is not None:
        return fallback, "not named in the sentence; the place the article names most"
    return None, "no place found"


def merge(mentions: list[Mention]) -> list[Incident]:
    """Return incidents: mentions with the same type, date and place, merged in first-told order.

    Two triggers of one event in one sentence ("attacked ... by a drone that
    hit") are one source, not two.
    """
    incidents: dict[tuple, Incident] = {}
    told: set[tuple] = set()
    for m in mentions:
        key = (m.event_type, m.date, m.place.id if m.place else None)
        if key not in incidents:
            incidents[key] = Incident(m.event_type, m.date, m.date_precision, m.place)
        source = (key, m.article.id, m.sentence.start)
        if source not in told:
            told.add(source)
            incidents[key].mentions.append(m)
    return list(incidents.values())


def summary(mention: Mention) -> str:
    """Return a short summary of an event from the clause around its first trigger."""
    text = mention.article.text
    s = mention.sentence
    clause_end = s.end
    m = re.search(r"[,;:—]", text[mention.trigger.end : s.end])
    if m:
        clause_end = mention.trigger.end + m.start()
    clause = text[s.start : clause_end].strip(" \"“”'‘’,;")
    if len(clause) < 60 and mention.previous is not None:
        # "They were also destroyed." says little without the sentence before it.
        clause = f"{mention.previous.text} {clause}"
    if len(clause) > 200:
        clause = clause[:200].rsplit(" ", 1)[0] + "…"
    return clause
