"""The date of an event: the one its sentence gives nearest its words, else the story's.

A sentence's own date wins, unless it is a week or a month that holds the
story's day ("the second this week"); a date counted from the event told
before ("two days earlier") or told relative to it ("earlier in the day") is
read from the story's day; the day a report was told ("reported on Tuesday")
does not date the story after it.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left

from geo.extract.dates import DateMention
from geo.extract.text import ENTRY_TIME, Span, after_entry_time
from geo.read.articles import Article


def near_span(items: list, starts: list[int], span: Span) -> list:
    """Return the items that can be nearest to ``span``, in their order.

    ``items`` are sorted by ``starts`` and do not overlap one another: the
    nearest before the span is one of the last two starting before it (the
    last may overlap it), the nearest after it the first starting after its
    end; those starting inside it overlap it.
    """
    return items[max(0, bisect_left(starts, span.start) - 2) : bisect_left(starts, span.end) + 1]


def gap(a_start: int, a_end: int, span: Span) -> int:
    return min(abs(a_start - span.end), abs(span.start - a_end))


# "the administration reported on Tuesday morning": the day of the telling.
_TOLD_ON = re.compile(
    r"\b(?:said|says|reported|told\s+(?:\w+\s+){0,2}?|announced|stated|added)\s+(?:on\s+|late\s+|early\s+)?$",
    re.I,
)


def told_on(text: str, sentence: Span, date: DateMention) -> bool:
    """Return whether a date is the day something was told, not the day of the story."""
    return bool(_TOLD_ON.search(text, max(sentence.start, date.start - 40), date.start))


DATE_CONFLICT = "conflict: the weekday the text gives does not fall on that date; the date wins"


def date_for(
    trigger: Span,
    dates: list[DateMention],
    date_starts: list[int],
    narrative: tuple[str | None, str, str] | None,
    article: Article,
) -> tuple[str | None, str | None, str, DateMention | None]:
    """Return the date of the event the trigger tells, its precision, why, and the date used.

    The date used is the sentence's own date the event took, or None.
    """
    if dates:
        nearest = min(
            near_span(dates, date_starts, trigger),
            key=lambda d: gap(d.start, d.end, trigger),
        )
        if nearest.value and narrative and within_period(narrative, nearest):
            # "the second carried out this week" in a story of Thursday's strike: Thursday.
            return (
                narrative[0],
                narrative[1],
                f"“{nearest.text}”: the day of “{narrative[2]}” within it",
                nearest,
            )
        if nearest.value and not nearest.relative:
            note = f"; {DATE_CONFLICT}" if nearest.kind == "weekday_conflict" else ""
            basis = f"“{nearest.text}”"
            if nearest.kind in ("weekday", "month_day", "day_month") and article.published:
                basis += f", read against the publication date {article.published.isoformat()}"
            return nearest.value, nearest.precision, basis + note, nearest
        if nearest.relative and narrative:
            shifted = shifted_day(narrative, nearest)
            if shifted is not None:
                return (
                    shifted,
                    "day",
                    f"“{nearest.text}”: counted from the day of “{narrative[2]}”",
                    None,
                )
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


def shifted_day(narrative: tuple[str | None, str, str], date: DateMention) -> str | None:
    """Return the day "two days earlier" names, counted from the story's day, or None."""
    day = narrative[0]
    if not date.shift or narrative[1] != "day" or not day or len(day) != 10:
        return None
    return (dt.date.fromisoformat(day) + dt.timedelta(days=date.shift)).isoformat()


def within_period(narrative: tuple[str | None, str, str], date: DateMention) -> bool:
    """Return whether the story's day lies in the week or month a date names."""
    day = narrative[0]
    if narrative[1] != "day" or not day or len(day) != 10 or not date.value:
        return False
    if date.precision == "month":
        return day.startswith(date.value)
    if date.precision == "week":
        first = dt.date.fromisoformat(date.value)
        return 0 <= (dt.date.fromisoformat(day) - first).days <= 6
    return False


def entry_time(text: str, sentence: Span) -> bool:
    """Return whether a sentence opens a live blog's entry that gives only its time.

    "13:05\nA drone strike hit", "⚡️ 04:10 Air defence shot down".
    """
    return ENTRY_TIME.match(text, sentence.start) is not None or after_entry_time(
        text, sentence.start
    )
