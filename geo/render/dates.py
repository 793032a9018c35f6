"""The period a date stands for, in days since 1970-01-01 (the map's script has the same rule)."""

from __future__ import annotations

import datetime as dt
from typing import Any

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def _day(year: int, month: int, day: int) -> int:
    return dt.date(year, month, day).toordinal() - _EPOCH_ORDINAL


def period(date: Any, precision: Any) -> tuple[int, int] | None:
    """Return the first and last day (days since 1970-01-01) ``date`` covers, or None.

    ``YYYY-MM-DD`` is one day, ``YYYY-MM`` its month and ``YYYY`` its year; a
    ``date_precision`` of week widens a day to the seven days it starts, and
    one of month or year to its month or year.
    """
    if not isinstance(date, str) or len(date) not in (4, 7, 10):
        return None
    try:
        year = int(date[:4])
        month = int(date[5:7]) if len(date) >= 7 and date[4] == "-" else 0
        day = int(date[8:10]) if len(date) == 10 and date[7] == "-" else 0
        if len(date) >= 7 and not month or len(date) == 10 and not day:
            return None
        level = 0 if day else 1 if month else 2
        if precision == "week" and day:
            # A week told ("last week"): its Monday and the six days after it.
            first = _day(year, month, day)
            return first, first + 6
        if precision == "month" and month:
            level = max(level, 1)
        elif precision == "year":
            level = 2
        if level == 0:
            first = _day(year, month, day)
            return first, first
        if level == 1:
            last = _day(year + month // 12, month % 12 + 1, 1) - 1
            return _day(year, month, 1), last
        return _day(year, 1, 1), _day(year, 12, 31)
    except ValueError:
        return None


def iso(day: int) -> str:
    """Return the ISO date (YYYY-MM-DD) of ``day``, counted from 1970-01-01."""
    return dt.date.fromordinal(day + _EPOCH_ORDINAL).isoformat()
