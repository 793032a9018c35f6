"""Dates in report text, resolved against the article's publication date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from geo.extract.patterns import caseless, finditer_caseless, trie_pattern

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
# Small counts written out: "two days ago", "a day earlier".
_COUNTS = {
    w: i for i, w in enumerate("a two three four five six seven eight nine ten".split(), start=1)
} | {"one": 1}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# A month ends its word ("3 Marines" holds no date); its dot is optional.
_MONTH = rf"(?P<month>{trie_pattern(MONTHS)})(?![A-Za-z])\.?"
# Month names that are also English words count only with a capital.
_WORD_MONTHS = {"may", "mar"}
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = rf"(?P<weekday>{trie_pattern(WEEKDAYS)})"
# Between a date's words: spaces, or one line break of hard-wrapped text, never a
# paragraph break.
_GAP = r"(?:[ \t\u00a0]+|[ \t]*\n[ \t]*)"

# Ordered: the first pattern that matches at a place wins. All are caseless.
_PATTERNS = [
    ("iso", caseless(rf"\b{_YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    # "on the night of 7 to 8 June": the night begins on the first day.
    (
        "night_of",
        caseless(
            rf"\bnight\s+of\s+{_DAY}\s*(?:to|and|into|-|–|/)\s*[0-3]?\d(?:st|nd|rd|th)?\s+{_MONTH}"
            rf"(?:,?\s+{_YEAR}\b)?"
        ),
    ),
    # A clock after a paragraph break is no day of the month: "9 October\n\n06:48 ...".
    ("month_day", caseless(rf"\b{_MONTH}{_GAP}{_DAY}\b(?![:.]\d)(?:,?{_GAP}{_YEAR}\b)?")),
    ("day_month", caseless(rf"\b{_DAY}{_GAP}{_MONTH}(?:,?{_GAP}{_YEAR}\b)?")),
    ("month_year", caseless(rf"\b{_MONTH}{_GAP}(?:of\s+)?{_YEAR}\b")),
    # A weekday of the week before ("Wednesday last week", "last Wednesday"),
    # only the week or the month ("last week", "earlier this month": ACLED's
    # time_precision 2 and 3), days counted back ("two days ago"), and a night
    # report's "overnight", the night into the day it is published: one
    # pattern, its named groups telling which (scanned once, not once each).
    (
        "relative_day",
        caseless(
            rf"\b(?P<lastweekday>{_WEEKDAY}\s+(?:of\s+)?last\s+week)\b"
            rf"|\blast\s+(?P<lastday>{trie_pattern(WEEKDAYS)})\b"
            r"|\b(?P<period>(?:earlier\s+)?(?:last|this)\s+(?:week|month))\b"
            # "days ago" first, the count before it read back when resolved: a
            # pattern that began with the count would try every digit and "a".
            r"|\b(?P<ago>days?\s+ago)\b"
            # (Not "overnight on Tuesday", "overnight into Sunday": those days; but
            # "air strikes overnight on homes" is that night.)
            r"|\b(?P<overnight>overnight)\b(?!\s+(?:into|to|of|from|between)\b"
            r"|\s+on\s+(?:the\s+)?(?:\d|night\b|[Mm]on|[Tt]ue|[Ww]ed|[Tt]hu|[Ff]ri|[Ss]at|[Ss]un))"
        ),
    ),
    ("weekday", caseless(rf"\b{_WEEKDAY}(?:'s|’s)?\b")),
    # Days counted from the event just told: "two days earlier", "the next day".
    (
        "shifted",
        caseless(
            r"\b(?P<count>a|one|two|three|four|five|six|seven)\s+days?\s+(?P<dir>earlier|before|later|after)\b"
            r"|\bthe\s+(?:day|night)\s+(?P<dir2>before|after)\b"
            r"|\bthe\s+(?P<next>next|following)\s+day\b"
        ),
    ),
    (
        "same_day",
        caseless(
            r"\b(?:earlier|later)\s+(?:in\s+the|that|the\s+same)\s+day\b|\bthe\s+same\s+day\b"
            r"|\bearlier\s+that\s+(?:morning|afternoon|evening)\b|\blater\s+that\s+(?:morning|afternoon|evening|night)\b"
        ),
    ),
    ("today", caseless(r"\b(?:today|this\s+morning|this\s+afternoon|tonight)\b")),
    # "Over the past day" in a morning report: the day before it.
    (
        "yesterday",
        caseless(
            r"\b(?:yesterday|last\s+night)\b"
            r"|\b(?:over|in|during|for)\s+the\s+(?:past|last|previous)\s+(?:day|24\s+hours)\b"
        ),
    ),
    ("year", caseless(rf"\b(?:in|of|during)\s+{_YEAR}\b")),
]
# Words one of which every match of a pattern holds: a text without them is
# not scanned with it.
_GATES = {
    "relative_day": (
        "week",
        "month",
        "ago",
        "overnight",
        "last mon",
        "last tue",
        "last wed",
        "last thu",
        "last fri",
        "last sat",
        "last sun",
    ),
    "shifted": (
        "days",
        "day before",
        "day after",
        "night before",
        "night after",
        "next day",
        "following day",
        "day earlier",
        "day later",
    ),
    "night_of": ("night of",),
}
# A date that opens a period ("since May 18") or bounds it is no event's date.
_PERIOD_BEFORE = re.compile(
    r"\b(?:since|until|till|before|by|from|between|through)\s+(?:at\s+least\s+)?$", re.I
)


@dataclass(frozen=True)
class DateMention:
    """A date named in the text, resolved where the reference date allows.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (None when a relative
    date had nothing to resolve against); ``relative`` marks dates that need
    the narrative's current date ("earlier in the day").
    """

    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    kind: str
    period_bound: bool = False
    relative: bool = False
    # For a date counted from the event told before ("two days earlier"): the days.
    shift: int = 0


def _most_recent_weekday(reference: dt.date, weekday: int) -> dt.date:
    """Return the latest date on or before ``reference`` falling on ``weekday``."""
    return reference - dt.timedelta(days=(reference.weekday() - weekday) % 7)


def _day_in_year_before(reference: dt.date | None, month: int, day: int) -> dt.date | None:
    """Return month/day in the reference year, or the year before if that is later than it."""
    if reference is None:
        return None
    try:
        candidate = dt.date(reference.year, month, day)
        if candidate > reference + dt.timedelta(days=1):
            candidate = dt.date(reference.year - 1, month, day)
    except ValueError:
        return None
    return candidate


def find_dates(text: str, start: int, end: int, reference: dt.date | None) -> list[DateMention]:
    """Return the dates in ``text[start:end]``, resolved against ``reference``.

    ``reference`` is the publication date. Weekdays resolve to the latest such
    day on or before it; a month and day without a year take its year (or the
    year before, for a day later than it). ``reference`` None leaves relative
    dates unresolved (``value`` None).
    """
    found: list[DateMention] = []
    taken = bytearray(end - start)  # characters an earlier pattern already read as a date
    low = text[start:end].lower()
    for kind, patterns in _PATTERNS:
        gate = _GATES.get(kind)
        if gate is not None and not any(word in low for word in gate):
            continue  # none of the words every match of the pattern holds
        # Lower-cased scanning; _resolve reads the capitals of the text itself.
        matches = finditer_caseless(patterns, text, start, end)
        for m in matches:
            if any(taken[m.start() - start : m.end() - start]):
                continue
            mention = _resolve(kind, m, reference)
            if mention is None:
                continue
            bound = bool(_PERIOD_BEFORE.search(text[max(start, m.start() - 30) : m.start()]))
            found.append(
                DateMention(
                    m.start(),
                    m.end(),
                    m.group(),
                    mention[0],
                    mention[1],
                    kind,
                    bound,
                    relative=kind in ("same_day", "shifted"),
                    shift=_shift(m) if kind == "shifted" else 0,
                )
            )
            taken[m.start() - start : m.end() - start] = b"\x01" * (m.end() - m.start())
    found.sort(key=lambda d: d.start)
    return _combine_weekday_with_date(text, found)


def _resolve(
    kind: str, m: re.Match, reference: dt.date | None
) -> tuple[str | None, str | None] | None:
    g = m.groupdict()
    if kind == "iso":
        try:
            return dt.date(int(g["year"]), int(g["m"]), int(g["d"])).isoformat(), "day"
        except ValueError:
            return None
    if g.get("month") and g["month"].lower() in _WORD_MONTHS and not g["month"][0].isupper():
        return None
    if kind == "shifted":
        return None, "day"
    if kind in ("month_day", "day_month", "night_of"):
        month, day = MONTHS[g["month"].lower().rstrip(".")], int(g["day"])
        if g.get("year"):
            try:
                return dt.date(int(g["year"]), month, day).isoformat(), "day"
            except ValueError:
                return None
        if not 1 <= day <= 31:
            return None
        date = _day_in_year_before(reference, month, day)
        return (date.isoformat() if date else None), "day"
    if kind == "month_year":
        return f"{int(g['year']):04d}-{MONTHS[g['month'].lower().rstrip('.')]:02d}", "month"
    if kind == "year":
        return g["year"], "year"
    if kind == "weekday":
        # "May" is a month and a verb; a bare weekday needs a capital letter.
        if not m.group()[0].isupper():
            return None
        if reference is None:
            return None, "day"
        weekday = WEEKDAYS.index(g["weekday"].lower())
        return _most_recent_weekday(reference, weekday).isoformat(), "day"
    if kind == "relative_day":
        g["_text_before"] = m.string[max(0, m.start() - 12) : m.start()]
        return _relative_day(g, reference)
    if kind == "today":
        return (reference.isoformat() if reference else None), "day"
    if kind == "yesterday":
        return ((reference - dt.timedelta(days=1)).isoformat() if reference else None), "day"
    if kind == "same_day":
        return None, "day"
    return None


_COUNT_BEFORE = re.compile(
    r"\b(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+$", re.I
)


def _count_before(before: str) -> int | None:
    """Return the number of days written right before "days ago", or None."""
    m = _COUNT_BEFORE.search(before)
    if m is None:
        return None
    n = m["n"].lower()
    return int(n) if n.isdigit() else _COUNTS[n]


def _shift(m: re.Match) -> int:
    """Return the days a ``shifted`` match counts from the event told before."""
    if m["next"]:
        return 1
    if m["dir2"]:
        return -1 if m["dir2"].lower() == "before" else 1
    days = _COUNTS[m["count"].lower()]
    return -days if m["dir"].lower() in ("earlier", "before") else days


def _relative_day(g: dict, reference: dt.date | None) -> tuple[str | None, str | None] | None:
    """Resolve a ``relative_day`` match: a day, a week (its Monday) or a month."""
    period = (g.get("period") or "").lower().split()
    precision = "week" if "week" in period else "month" if period else "day"
    if reference is None:
        return None, precision
    if g.get("overnight"):
        return reference.isoformat(), "day"
    if g.get("ago"):
        days = _count_before(g["_text_before"])
        if days is None:
            return None  # "for days ago" names no day
        return (reference - dt.timedelta(days=days)).isoformat(), "day"
    if g.get("lastday"):
        # "last Wednesday" in a Wednesday's report is a week before it.
        weekday = WEEKDAYS.index(g["lastday"].lower())
        return _most_recent_weekday(reference - dt.timedelta(days=1), weekday).isoformat(), "day"
    if g.get("lastweekday"):
        weekday = WEEKDAYS.index(g["weekday"].lower())
        monday = reference - dt.timedelta(days=reference.weekday() + 7)
        return (monday + dt.timedelta(days=weekday)).isoformat(), "day"
    last = "last" in period
    if precision == "week":
        monday = reference - dt.timedelta(days=reference.weekday() + (7 if last else 0))
        return monday.isoformat(), "week"
    year, month = reference.year, reference.month
    if last:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return f"{year:04d}-{month:02d}", "month"


def _combine_weekday_with_date(text: str, found: list[DateMention]) -> list[DateMention]:
    """Return ``found`` with "Tuesday, June 6" and "Thursday (May 18)" made one mention.

    The explicit date wins over the weekday; a conflict between them is kept in
    the mention's kind as ``"weekday_conflict"`` for the incident to note.
    """
    out: list[DateMention] = []
    i = 0
    while i < len(found):
        cur = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (
            cur.kind in ("yesterday", "today")
            and nxt is not None
            and nxt.kind == "weekday"
            and _BRACKETED.fullmatch(text, cur.end, nxt.start)
        ):
            # "yesterday (Thursday)", told in a statement of another day: the weekday says which.
            out.append(_joined(text, cur, nxt, "weekday"))
            i += 2
            continue
        if (
            cur.kind == "weekday"
            and nxt is not None
            and nxt.kind in ("month_day", "day_month", "iso")
            and nxt.start - cur.end <= 3
        ):
            kind = nxt.kind
            if nxt.value and cur.text and _weekday_of(nxt.value) != cur.text[:3].lower():
                kind = "weekday_conflict"
            out.append(_joined(text, cur, nxt, kind))
            i += 2
            continue
        out.append(cur)
        i += 1
    return out


def _joined(text: str, first: DateMention, second: DateMention, kind: str) -> DateMention:
    """Return two mentions read as one date: the second's value over both's words."""
    return DateMention(
        first.start,
        second.end,
        text[first.start : second.end],
        second.value,
        second.precision,
        kind,
        first.period_bound,
    )


_BRACKETED = re.compile(r"\s*[(\[,]\s*")


def _weekday_of(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%a").lower()
