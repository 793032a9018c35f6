"""The straightforward reading of incidents, kept as a reference for the quick one.

``geo.extract.incidents`` finds the nearest place, date and cue of each trigger by
bisection over a sentence's facts, indexes the events told so far, and reads
what follows a trigger in place; ``geo.extract.roles`` finds the roles by
bisection. Those are only faster ways to give the same answers as the plain
scans below (every trigger against every place, date and cue of its sentence,
every mention against every one told before), which took time as the cube of
a sentence's length. The tests compare the two on generated reports.
"""

from __future__ import annotations

import re
from dataclasses import replace

from geo.extract import acled
from geo.extract import event_dates as ed
from geo.extract import event_places as evp
from geo.extract import incidents as inc
from geo.extract import not_events as notev
from geo.extract import retold as rt
from geo.extract import triggers as trig
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
from geo.extract.parties import ARMED_GROUP, HOME_FORCES, HOME_POLICE, actors_in
from geo.extract.party_lexicon import country_code, state_forces
from geo.extract.patterns import finditer_caseless
from geo.extract.roles import (
    _APPOSITIVE_BEFORE,
    _CLAUSE_BREAK,
    _DESCRIBED,
    _EVENT_BEFORE_AFTER,
    _OWN_SUBJECT,
    _OWNER_OF_A_THING,
    _PASSIVE,
    _PASSIVE_HIT,
    _PLANTED_BY,
    _REPELLED,
    _STATE_TARGET,
    _STRUCK_BEFORE,
    _TWO_SIDED,
    _UNIT_BEFORE,
    AND_JOINED,
    CLAUSE_CHARS,
    LATE_AGENT_CHARS,
    RECIPROCAL,
    _adjective_party,
    came_under,
    hurt_by,
)
from geo.extract.text import Span, words_before
from geo.geocode.areas import TOWN_TYPES, WIDE_TYPES

# The patterns that read what follows a trigger, anchored to be run on a slice.
_WEAPON_AFTER = re.compile("^" + notev.WEAPON_AFTER.pattern, notev.WEAPON_AFTER.flags)
_TIMES_AFTER = re.compile("^" + notev.TIMES_AFTER.pattern, notev.TIMES_AFTER.flags)
_MODAL_AFTER = re.compile("^" + notev.MODAL_AFTER.pattern, notev.MODAL_AFTER.flags)
_PASSIVE_BY = re.compile("^" + r"\s*(?:\w+\s+){0,3}?by\b", re.I)


def triggers_by_sentence(text, sentences):
    found = []
    for sentence in sentences:
        taken = []
        for kind, patterns in (*trig.TYPED_TRIGGERS, (None, trig.GENERIC_TRIGGER)):
            for m in finditer_caseless(patterns, text, sentence.start, sentence.end):
                if any(m.start() < s.end and s.start < m.end() for s, _ in taken):
                    continue
                if kind == "territory" and not trig._TAKEN_PLACE.match(text, m.end()):
                    continue
                taken.append((Span(m.start(), m.end(), m.group()), kind))
        ordered = sorted(taken, key=lambda t: t[0].start)
        # A killing told after another event word is that event's toll.
        ordered = ordered[:1] + [t for t in ordered[1:] if not trig._is_toll(t)]
        found.append(trig._fire_read(text, sentence, ordered))
    return found


def nearest_cue_type(text, sentence, trigger, others, passive):
    best = None
    for pattern, kind in zip(trig.cue_patterns(), trig.CUE_KINDS, strict=True):
        for m in finditer_caseless(pattern, text, sentence.start, sentence.end):
            if any(m.start() < t.end and t.start < m.end() for t in (trigger, *others)):
                continue
            before = m.end() <= trigger.start
            distance = min(abs(m.start() - trigger.end), abs(trigger.start - m.end()))
            # Guns and rockets yield to an aircraft or drone on the same side.
            rank = (0 if before != passive else 1, kind == "shelling", distance)
            if best is None or rank < best[0]:
                best = (rank, kind)
    return (best[1], best[0][0] == 0) if best else None


def is_many_or_imagined(text, sentence, trigger):
    before = words_before(text, sentence, trigger)
    after = text[trigger.end : sentence.end]
    weapon = _WEAPON_AFTER.match(after) and not trig.VERB_TRIGGER.match(trigger.text)
    thing = notev.AS_A_THING_BEFORE.search(before) and notev.DEVICE.search(trigger.text)
    counted = trig.ORDINAL_BEFORE.search(before) and re.match(
        notev.NTH_IN_A_PERIOD.pattern, after, notev.NTH_IN_A_PERIOD.flags
    )
    window = text[
        max(sentence.start, trigger.start - notev.SINCE_CHARS) : min(
            sentence.end, trigger.end + notev.SINCE_CHARS
        )
    ]
    summed = notev.SINCE.search(window) and (
        notev.PERFECT_BEFORE.search(before) or re.match(notev.PERFECT_AFTER.pattern, after, re.I)
    )
    return bool(
        weapon
        or thing
        or counted
        or summed
        or notev.AGGREGATE_BEFORE.search(before)
        or re.match(notev.HABITUAL_AFTER.pattern, after, notev.HABITUAL_AFTER.flags)
        or _TIMES_AFTER.match(after)
        or (notev.INDEFINITE_BEFORE.search(before) and _MODAL_AFTER.match(after))
    )


def date_for(trigger, in_sentence, narrative, article):
    if in_sentence:
        nearest = min(
            in_sentence, key=lambda d: min(abs(d.start - trigger.end), abs(trigger.start - d.end))
        )
        if nearest.value and narrative and ed.within_period(narrative, nearest):
            # "the second carried out this week" in a story of Thursday's strike: Thursday.
            return (
                narrative[0],
                narrative[1],
                f"“{nearest.text}”: the day of “{narrative[2]}” within it",
                nearest,
            )
        if nearest.value and not nearest.relative:
            note = f"; {ed.DATE_CONFLICT}" if nearest.kind == "weekday_conflict" else ""
            basis = f"“{nearest.text}”"
            if nearest.kind in ("weekday", "month_day", "day_month") and article.published:
                basis += f", read against the publication date {article.published.isoformat()}"
            return nearest.value, nearest.precision, basis + note, nearest
        if nearest.relative and narrative:
            shifted = ed.shifted_day(narrative, nearest)
            if shifted is not None:
                basis = f"“{nearest.text}”: counted from the day of “{narrative[2]}”"
                return shifted, "day", basis, None
            return (
                narrative[0],
                narrative[1],
                f"“{nearest.text}”: the day of “{narrative[2]}”",
                None,
            )
        if nearest.relative and article.published:
            published = article.published.isoformat()
            return published, "day", f"“{nearest.text}”: the publication date", None
    if narrative:
        return (
            narrative[0],
            narrative[1],
            f"no date in the sentence; the article's last date, “{narrative[2]}”",
            None,
        )
    return None, None, "no date found", None


def place_for(text, trigger, in_sentence, fallback):
    own_deed = evp._TELLER_DID.search(text[max(0, trigger.start - 40) : trigger.start])
    local = [
        pm
        for pm in in_sentence
        if not pm.place.is_country
        and inc.can_locate(pm.place)
        and (
            (own_deed and pm.span.end <= trigger.start)
            or not trig.REPORTING.search(
                text[min(pm.span.end, trigger.end) : max(pm.span.start, trigger.start)]
            )
            or evp.WITNESSES_OF.search(text[max(0, pm.span.start - 30) : pm.span.start])
        )
        and not evp._OFFICE_BEFORE.search(
            text[max(0, pm.span.start - evp.FROM_CHARS) : pm.span.start]
        )
    ]
    here = [
        pm
        for pm in local
        if not evp._FROM_BEFORE.search(text[max(0, pm.span.start - evp.FROM_CHARS) : pm.span.start])
        and not (
            evp._SPEAKS_AFTER.match(text[pm.span.end : pm.span.end + 20])
            and not evp._IN_BEFORE.search(text[max(0, pm.span.start - 12) : pm.span.start])
        )
    ]
    local = here or local
    if local:
        nearest = min(
            local,
            key=lambda pm: min(abs(pm.span.start - trigger.end), abs(trigger.start - pm.span.end)),
        )
        if _new_clause(text, nearest, trigger):
            ahead = [pm for pm in local if pm.span.start >= trigger.end]
            if (
                ahead
                and ahead[0].span.start - trigger.end <= evp.CLAUSE_WINDOW
                and not evp._CLAUSE_BREAK.search(text[trigger.end : ahead[0].span.start])
            ):
                nearest = ahead[0]
        every = [pm for pm in in_sentence if not pm.place.is_country and inc.can_locate(pm.place)]
        k = every.index(nearest)
        if (
            nearest.place.place_type != "offset"
            and k + 1 < len(every)
            and every[k + 1] in local
            and every[k + 1].place.place_type == "offset"
            and re.fullmatch(r"\s*,\s*", text[nearest.span.end : every[k + 1].span.start])
        ):
            nearest = every[k + 1]
        elif (
            nearest.place.place_type in WIDE_TYPES
            and k > 0
            and every[k - 1] in local
            and every[k - 1].place.place_type not in WIDE_TYPES
            and evp._LIES_IN.fullmatch(text[every[k - 1].span.end : nearest.span.start])
            and not _new_clause(text, nearest, trigger)
        ):
            nearest = every[k - 1]
        ahead = [
            pm
            for pm in local
            if pm.span.start >= trigger.end and pm.place.place_type not in WIDE_TYPES
        ]
        if (
            nearest.place.place_type in WIDE_TYPES
            and ahead
            and nearest.span.end <= trigger.start
            and ahead[0].span.start - trigger.end <= evp.CLAUSE_WINDOW
            and not evp._CLAUSE_BREAK.search(text[trigger.end : ahead[0].span.start])
        ):
            nearest = ahead[0]
        k = every.index(nearest)
        if (
            nearest.place.place_type == "offset"
            and k > 0
            and every[k - 1] in local
            and every[k - 1].place.place_type in TOWN_TYPES
            and re.fullmatch(r"\s*,\s*", text[every[k - 1].span.end : nearest.span.start])
        ):
            nearest = every[k - 1]
        return [(nearest.place, f"named in the sentence (“{nearest.span.text}”)")] + [
            (pm.place, f"named in the sentence (“{pm.span.text}”), listed with the first")
            for pm in listed_with(text, in_sentence, nearest)
        ]
    if fallback is not None:
        return [(fallback, "not named in the sentence; the place the article names most")]
    return [(None, "no place found")]


def _new_clause(text, before, trigger):
    if before.span.end > trigger.start:
        return False
    stretch = text[max(before.span.end, trigger.start - evp.CLAUSE_WINDOW) : trigger.start]
    return evp._NEW_CLAUSE.search(stretch) is not None


def listed_with(text, in_sentence, named):
    """Return the other places of the list ``named`` stands in, by walking the sentence."""
    local = [pm for pm in in_sentence if not pm.place.is_country and inc.can_locate(pm.place)]
    i = next(k for k, pm in enumerate(local) if pm is named)
    gap = inc._LIST_GAP
    first = last = i
    while first > 0 and gap.fullmatch(text[local[first - 1].span.end : local[first].span.start]):
        first -= 1
    while last + 1 < len(local) and gap.fullmatch(
        text[local[last].span.end : local[last + 1].span.start]
    ):
        last += 1
    before = text[max(0, local[first].span.start - 40) : local[first].span.start]
    apposition = (
        first == last - 1
        and re.fullmatch(r"\s*,\s*", text[local[first].span.end : local[last].span.start])
        and not re.match(r",?\s+(?:and|or)\s", text[local[last].span.end :])
    )
    if (
        first == last
        or apposition
        or re.search(r"\bbetween\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", before, re.I)
    ):
        return []
    return [pm for k, pm in enumerate(local) if first <= k <= last and k != i]


def as_told_before(mention, told, in_sentence, typed):
    text = mention.article.text
    before = words_before(text, mention.sentence, mention.trigger)
    same_key = [
        m
        for m in told
        if (m.event_type, m.date, m.place) == (mention.event_type, mention.date, mention.place)
    ]
    if trig.NEW_EVENT_BEFORE.search(before):
        if same_key:
            return replace(mention, event_no=max(m.event_no for m in same_key) + 1)
        return mention
    definite = bool(
        told
        and (
            not trig.VERB_TRIGGER.match(mention.trigger.text)
            or re.fullmatch(r"[a-z]+ing", mention.trigger.text, re.I)
        )
        and trig.DEFINITE_BEFORE.search(before)
        and not trig.ORDINAL_BEFORE.search(before)
    ) or bool(
        told
        and (
            rt._REPELLED_THE.match(text, mention.trigger.start, mention.sentence.end)
            or rt._CLAIMED_BEFORE.search(before)
        )
    )
    own_date = any(
        d.value and not d.relative and d.precision not in ("week", "month", "year")
        for d in in_sentence
    )
    own_place = mention.place_basis.startswith("named in the sentence")
    if (
        not definite
        and told
        and told[-1].sentence == mention.previous
        and not own_place
        and not own_date
        and rt.SAID_IT_HAD.search(before)
    ) or (
        told
        and told[-1].sentence in (mention.sentence, mention.previous)
        and not own_place
        and not own_date
        and rt.OF_THEM.search(mention.trigger.text)
    ):
        return rt.retold(mention, told[-1])
    if (
        not definite
        and told
        and 0 <= mention.sentence.start - told[-1].sentence.end <= rt.ANSWER_CHARS
        and not own_date
        and (
            rt._same_spot(mention, told[-1])
            if own_place
            else (not typed or rt._same_family(mention, told[-1]))
        )
        and (
            text[mention.sentence.start : mention.sentence.start + 1] in rt.QUOTES
            or (not typed and rt.RESPONSE_BEFORE.search(before))
        )
    ):
        return rt.retold(mention, told[-1])
    if not definite:
        if same_key and trig.NEW_EVENT_IN_SENTENCE.search(
            text, mention.sentence.start, mention.sentence.end
        ):
            here = [m for m in same_key if m.sentence == mention.sentence]
            if here:
                return replace(mention, event_no=here[-1].event_no)
            return replace(mention, event_no=max(m.event_no for m in same_key) + 1)
        return mention
    earlier = next(
        (
            m
            for m in reversed(told)
            if (not typed or m.event_type == mention.event_type)
            and (not own_date or m.date == mention.date)
        ),
        None,
    )
    if (
        earlier is None
        and typed
        and not own_place
        and not own_date
        and acled.ACLED_TYPES[told[-1].event_type][0] == acled.ACLED_TYPES[mention.event_type][0]
    ):
        earlier = told[-1]
    if earlier is None:
        return mention
    if own_place and mention.place != earlier.place:
        at = next(
            (
                m
                for m in reversed(told)
                if mention.place is not None
                and m.place is not None
                and m.place.id == mention.place.id
            ),
            None,
        )
        if at is None or own_date or (typed and at.event_type != mention.event_type):
            return mention
        earlier = at
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


def find_mentions(article, sentences, places, dates):
    """Return the mentions as ``geo.extract.incidents.find_mentions`` does, by plain scans."""
    text = article.text
    fallback_place = inc.main_place(places)
    narrative = None
    mentions = []
    previous = None
    for sentence, triggers in zip(sentences, triggers_by_sentence(text, sentences), strict=True):
        in_sentence = [
            d for d in dates if sentence.start <= d.start < sentence.end and not d.period_bound
        ]
        sentence_places = [pm for pm in places if sentence.start <= pm.span.start < sentence.end]
        lead = None
        for trigger, kind in triggers:
            if (
                notev.is_hedged(text, sentence, trigger)
                or is_many_or_imagined(text, sentence, trigger)
                or notev.is_denied(text, sentence, trigger)
            ):
                continue
            if (mentions or len(triggers) > 1) and notev.is_tally(text, sentence, trigger):
                continue
            if rt.of_a_past_year(words_before(text, sentence, trigger), article.published):
                continue
            if mentions and re.match(
                notev.ATTRIBUTED_AFTER.pattern, text[trigger.end : sentence.end], re.I
            ):
                continue
            if (
                mentions
                and not [
                    pm
                    for pm in sentence_places
                    if not pm.place.is_country and inc.can_locate(pm.place)
                ]
                and not in_sentence
                and rt.ALSO_DID.search(words_before(text, sentence, trigger))
            ):
                continue
            typed = kind is not None
            retold = False
            rest = None
            if kind is None and trig.REMAINDER_BEFORE.search(words_before(text, sentence, trigger)):
                rest = next(
                    (
                        m
                        for m in reversed(mentions)
                        if acled.ACLED_TYPES.get(m.event_type, ("",))[0]
                        == "Explosions/Remote violence"
                    ),
                    None,
                )
            if rest is not None:
                kind = rest.event_type
            if kind is None:
                passive = trig.is_passive(text, sentence, trigger)
                retold = (
                    passive
                    and mentions
                    and not [
                        pm
                        for pm in sentence_places
                        if not pm.place.is_country and inc.can_locate(pm.place)
                    ]
                    and not in_sentence
                )
                inherited = mentions[-1].event_type if mentions and passive else None
                others = [t for t, _ in triggers if t != trigger]
                inner = trig.inner_cue(trigger.text) or trig.instrument_cue(
                    text, trigger, sentence.end
                )
                if trig.STRUCK.search(trigger.text) and re.match(
                    trig.DEVICE_STRUCK.pattern, text[trigger.end : sentence.end], re.I
                ):
                    inner = "bombing"
                cue = (
                    (inner, True)
                    if inner
                    else nearest_cue_type(text, sentence, trigger, others, passive)
                )
                earlier = next((m for m in reversed(mentions) if m.sentence == sentence), None)
                told_here = (
                    earlier.event_type
                    if earlier is not None
                    and (
                        rt.BARE_STRIKE.fullmatch(earlier.trigger.text)
                        or not any(
                            earlier.trigger.end <= d.start < trigger.start for d in in_sentence
                        )
                    )
                    and not any(
                        earlier.trigger.end <= pm.span.start < trigger.start
                        for pm in sentence_places
                        if not pm.place.is_country
                    )
                    else None
                )
                if cue and cue[1]:
                    kind = cue[0]
                else:
                    kind = (
                        told_here
                        or (cue and cue[0])
                        or inherited
                        or rt.strikes_of(
                            trigger,
                            next(
                                (
                                    m
                                    for m in reversed(mentions)
                                    if acled.ACLED_TYPES.get(m.event_type, ("",))[0]
                                    == acled.REMOTE_VIOLENCE
                                ),
                                None,
                            ),
                        )
                    )
            date, precision, basis, used = date_for(trigger, in_sentence, narrative, article)
            if retold and date == mentions[-1].date:
                continue
            if (
                used is not None
                and lead is None
                and not trig.SUBORDINATE_BEFORE.search(words_before(text, sentence, trigger))
            ):
                lead = (date, precision or "day", used.text)
            spots = place_for(text, trigger, sentence_places, fallback_place)
            if rest is not None and not spots[0][1].startswith("named in the sentence"):
                spots = [(rest.place, rest.place_basis)]
            elif not spots[0][1].startswith("named in the sentence") and (
                town := evp.town_told_before(
                    text, sentence, trigger, places, [pm.span.start for pm in places]
                )
            ):
                spots = [town]
            elif (
                not spots[0][1].startswith("named in the sentence")
                and not any(m.sentence == previous for m in mentions)
                and (
                    heading := evp.heading_place(
                        text, previous, sentence, places, [pm.span.start for pm in places]
                    )
                )
            ):
                spots = [heading]
            # One event of ACLED's told by two words of a sentence at one place.
            here = [m for m in mentions if m.sentence == sentence]
            if (
                here
                and kind in rt.SECONDARY_ACTS
                and here[-1].event_type != kind
                and (
                    not spots[0][1].startswith("named in the sentence")
                    or here[-1].place == spots[0][0]
                )
                and re.fullmatch(r"[^;,]*\band\b[^;,]*", text[here[-1].trigger.end : trigger.start])
            ):
                continue
            if (
                here
                and here[-1].event_type != kind
                and acled.ACLED_TYPES.get(here[-1].event_type) == acled.ACLED_TYPES.get(kind)
            ):
                prior = here[-1]
                between = text[prior.trigger.end : trigger.start]
                joined = re.fullmatch(r"[^;,]*\band\b[^;,]*", between) is not None
                if prior.place == spots[0][0] or joined:
                    kind = prior.event_type
                    spots = [(prior.place, prior.place_basis)] + spots[1:]
            for place, place_basis in spots:
                mention = inc.Mention(
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
                mentions.append(as_told_before(mention, mentions, in_sentence, typed))
        plain = [
            d
            for d in in_sentence
            if d.value and not d.relative and not ed.told_on(text, sentence, d)
        ]
        for d in plain:
            narrative = (d.value, d.precision or "day", d.text)
        told = [d for d in in_sentence if d.value and not d.relative]
        if not plain and told and lead is None:
            narrative = (told[-1].value, told[-1].precision or "day", told[-1].text)
        narrative = lead or narrative
        previous = sentence
    return mentions


def merge(mentions):
    """Return the incidents as ``geo.extract.incidents.merge`` does, by plain scans."""
    incidents = {}
    told = set()
    for m in mentions:
        key = (m.event_type, m.date, m.place.id if m.place else None, m.event_no)
        if key not in incidents:
            incidents[key] = inc.Incident(m.event_type, m.date, m.date_precision, m.place)
        source = (key, m.article_id, m.sentence_start)
        if source not in told:
            told.add(source)
            incidents[key].mentions.append(m)
    for key, incident in list(incidents.items()):
        if incident.date_precision != "month" or incident.place is None or key[3] != 0:
            continue
        articles = {m.article_id for m in incident.mentions}
        days = [
            other
            for other_key, other in incidents.items()
            if other.date_precision == "day"
            and other_key[3] == 0
            and other.event_type == incident.event_type
            and other.place is not None
            and other.place.id == incident.place.id
            and (other.date or "").startswith(f"{incident.date}-")
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


def actors_of(text, sentence, trigger):
    """Return (actor1, actor2) as ``geo.extract.roles.actors_of`` does, by plain scans."""
    found = actors_in(text, sentence)
    before = [a for a in found if a[1] <= trigger.start or a[0] < trigger.start < a[1]]
    after = [a for a in found if a[0] >= trigger.end]
    skipped = False
    while before and (
        _OWNER_OF_A_THING.match(text, before[-1][1], trigger.start)
        or (
            "," in text[before[-1][1] : trigger.start]
            and (
                _APPOSITIVE_BEFORE.search(
                    text[max(sentence.start, before[-1][0] - 30) : before[-1][0]]
                )
                or (
                    len(before) >= 2
                    and before[-1][2] == ARMED_GROUP
                    and _DESCRIBED.match(text, before[-2][1], before[-1][0] + 3)
                )
            )
        )
    ):
        before.pop()
        skipped = True
    last_before = before[-1][2] if before else None
    inside = [] if skipped else [a for a in found if trigger.start <= a[0] and a[1] <= trigger.end]
    planted = _PLANTED_BY.match(text, trigger.end, min(sentence.end, trigger.end + 40))
    if planted is not None and " by " in text[trigger.end : trigger.end + 40]:
        if after and after[0][0] == planted.end():
            layer = after[0][2]
            hit = last_before if last_before != layer else None
            if hit is None and _PASSIVE_HIT.search(text[sentence.start : trigger.start]):
                hit = HOME_FORCES
            return layer, hit
    if last_before is not None and (
        (
            trig.STRUCK.search(trigger.text)
            and trig.DEVICE_STRUCK.match(text[trigger.end : sentence.end])
        )
        or (
            _STRUCK_BEFORE.search(text[max(sentence.start, trigger.start - 40) : trigger.start])
            and trig.DEVICE_STRUCK.match(text[trigger.start - 1 : sentence.end])
        )
    ):
        return None, last_before
    attacker = _adjective_party(trigger.text) if _REPELLED.match(trigger.text) else None
    if attacker:
        return attacker, last_before if last_before != attacker else None
    if inside and _REPELLED.match(trigger.text):
        return inside[0][2], last_before if last_before != inside[0][2] else None
    if (
        _REPELLED.match(trigger.text)
        and not inside
        and last_before is None
        and after
        and after[0][0] - trigger.end <= 30
    ):
        return after[0][2], None
    if (
        _REPELLED.match(trigger.text)
        and not inside
        and last_before is not None
        and not (after and _PASSIVE_BY.match(text[trigger.end : after[0][0] + 1]))
    ):
        return None, last_before
    within = None
    if last_before is None and inside:
        last_before = inside[0][2]
    elif inside and inside[0][0] > trigger.start:
        within = inside[0][2]
    if (under := came_under(text, sentence, trigger, tuple(found))) is not None:
        return under
    if (hurt := hurt_by(text, sentence, trigger, tuple(found))) is not None:
        return hurt
    own = (
        _OWN_SUBJECT.search(text[max(sentence.start, trigger.start - 60) : trigger.start])
        if trig.VERB_TRIGGER.match(trigger.text)
        else None
    )
    if own is None and not (
        trig.VERB_TRIGGER.match(trigger.text) or _TWO_SIDED.match(trigger.text)
    ):
        own = _EVENT_BEFORE_AFTER.search(
            text[max(sentence.start, trigger.start - 60) : trigger.start]
        )
    if own is not None and (
        not before or before[-1][1] <= max(sentence.start, trigger.start - 60) + own.start()
    ):
        last_before = None
    if after and re.search(
        r"\b(?:between|pitting)\s+(?:\w+\s+){0,3}?$",
        text[max(trigger.end, after[0][0] - 60) : after[0][0]],
        re.I,
    ):
        other = next((a[2] for a in after if a[2] != after[0][2]), None)
        return after[0][2], other
    if (
        len(before) >= 2
        and last_before == before[-1][2]
        and before[-2][2] != last_before
        and re.match(RECIPROCAL.pattern, trigger.text, re.I)
        and re.fullmatch(AND_JOINED.pattern, text[before[-2][1] : before[-1][0]], re.I)
    ):
        return before[-2][2], last_before
    if before and last_before == before[-1][2] and re.match(RECIPROCAL.pattern, trigger.text, re.I):
        first = re.search(
            r"\b([A-Z][a-z]+)\s+and\s+$",
            text[max(sentence.start, before[-1][0] - 30) : before[-1][0]],
        )
        code = country_code(first[1]) if first else None
        if code is not None and state_forces(code) != last_before:
            return state_forces(code), last_before
    passive = bool(_PASSIVE.search(words_before(text, sentence, trigger)))
    acts = bool(after) and re.match(
        r"\s+(?:(?:had|has|have|also|then|later)\s+)?(?:[a-z]+ed|struck|hit|shot|fought|took|began"
        r"|sent|threw|overran|seized|stormed|opened)\b",
        text[after[0][1] :],
    )
    by_after = bool(after) and _PASSIVE_BY.match(text[trigger.end : after[0][0] + 1])
    late = next(
        (
            who
            for a, _, who in after
            if a < min(sentence.end, trigger.end + LATE_AGENT_CHARS)
            and re.search(r"\bby\s+(?:the\s+|an?\s+)?$", text[max(trigger.end, a - 12) : a], re.I)
        ),
        None,
    )
    if by_after and (passive or re.match(r"\s+by\b", text[trigger.end :], re.I)):
        agent, patient = after[0][2], last_before
    elif passive and late is not None:
        agent, patient = late, last_before
    elif passive:
        agent, patient = None, last_before
    elif last_before is None and acts:
        rest = text[after[0][1] : min(sentence.end, after[0][1] + CLAUSE_CHARS)]
        brk = _CLAUSE_BREAK.search(rest)
        stop = after[0][1] + (brk.start() if brk else len(rest))
        other = next((a for a in after[1:] if a[2] != after[0][2]), None)
        agent = after[0][2]
        patient = other[2] if other and other[0] < stop else None
    else:
        agent = last_before
        if (
            len(before) >= 2
            and last_before == before[-1][2]
            and before[-2][2] != last_before
            and re.fullmatch(r"\s+and\s+(?:the\s+)?", text[before[-2][1] : before[-1][0]], re.I)
        ):
            agent = before[-2][2]  # joint doers: the first
        # The first other party, if it is in the trigger's clause.
        rest = text[trigger.end : min(sentence.end, trigger.end + CLAUSE_CHARS)]
        brk = _CLAUSE_BREAK.search(rest)
        stop = trigger.end + (brk.start() if brk else len(rest))
        other = next((a for a in after if a[2] != agent), None)
        near = PEOPLE_OBJECT.match(text, trigger.end, stop)
        patient = (
            other[2]
            if other and other[0] < stop and not (near and near.end() <= other[0])
            else None
        )
    if patient is None and passive and _UNIT_BEFORE.search(words_before(text, sentence, trigger)):
        patient = HOME_FORCES
    if patient is None and within is not None and within != agent and not passive:
        patient = within
    if patient is None and not passive:
        rest = text[trigger.end : sentence.end]
        brk = _CLAUSE_BREAK.search(rest[:CLAUSE_CHARS])
        target = _STATE_TARGET.search(
            text[trigger.start : trigger.end]
            + (rest[: brk.start()] if brk else rest[:CLAUSE_CHARS])
        )
        if target is not None:
            patient = HOME_POLICE if target["police"] else HOME_FORCES
    if patient is None and CIVILIAN_SHIP.search(words_before(text, sentence, trigger)):
        patient = CIVILIANS
    if (
        patient is None
        and passive
        and PEOPLE_HIT_BEFORE.search(words_before(text, sentence, trigger))
    ):
        patient = CIVILIANS
    # A target outside any armed party, read from the rest of the sentence.
    rest = text[trigger.end : sentence.end]
    brk = _CLAUSE_BREAK.search(rest[:CLAUSE_CHARS])
    clause = rest[: brk.start()] if brk else rest[:CLAUSE_CHARS]
    if patient is None and not passive and (target := civilian_target(text, sentence, trigger)):
        patient = civilians_of(target.group())
    if (
        patient is None
        and (not passive or agent is not None)
        and (
            (not passive and PEOPLE_OBJECT.match(rest))
            or CIVILIAN_TOLL.search(clause)
            or toll_later(text, trigger.end, min(sentence.end, trigger.end + CLAUSE_CHARS))
        )
    ):
        patient = CIVILIANS
    if agent is None:
        agent = next(
            (
                who
                for a, _, who in after
                if a - trigger.end <= 200
                and re.search(
                    r"\b(?:blaming|blamed|accusing|accused)\s+(?:the\s+)?$",
                    text[max(sentence.start, a - 20) : a],
                    re.I,
                )
            ),
            None,
        )
    if (inner := inner_civilians(text, trigger)) is not None and patient != within:
        patient = inner
    if agent is not None and agent.startswith(CIVILIANS):
        agent = None
    return agent, patient if patient != agent else None
