"""Sentences and words of an article, with their character offsets."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate, repeat
from typing import NamedTuple

# Abbreviations that end in a full stop without ending a sentence.
ABBREVIATIONS = {
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "col",
    "gen",
    "lt",
    "maj",
    "capt",
    "sgt",
    "cpl",
    "pvt",
    "adm",
    "brig",
    "cmdr",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "no",
    "vs",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "sen",
    "rep",
    "gov",
    "pres",
    "approx",
    "est",
    "inc",
    "corp",
    "co",
    "ltd",
    "mt",
    "ft",
}
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+|$)|\n\s*\n")
# A word ends in a letter or digit, so a trailing dot (of a sentence or an
# abbreviation) is never part of it.
_WORD = re.compile(r"[^\W_](?:[\w'’ʿʾ.]*[^\W_]|)|[^\W_]", re.UNICODE)
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
INITIALS = re.compile(r"^(?:[A-Z]\.)*[A-Z]\.?$")
_INITIAL = re.compile(r"(?:^|\s)(?:[A-Z]\.)+[A-Z]?$")
# The last word of a stretch (``([\w.]+)$``), matched from the end of the reversed
# stretch: a search for the first would try every position of it.
_LAST_WORD_REVERSED = re.compile(r"\n?([\w.]+)")
_LOWER_NEXT = re.compile(r"[ \t]+[a-z]")
TAIL_CHARS = 64
_NOT_WORD = re.compile(r"[^\w'’]")


def _tail(text: str, start: int, end: int, chars: int = TAIL_CHARS) -> str:
    """Return ``text[start:end]``, or its last words if longer than ``chars``.

    What is asked of the text before a point (the last word before a full
    stop, the few words before an event's trigger) lies in its last words; a
    pattern anchored at the end would otherwise be tried at every position of
    a long sentence. The cut is made at whitespace, so the first word kept is
    whole, as at a sentence start; with no whitespace (a scraped run of
    hyphenated words), after the first character that is not a letter or
    digit, else at ``chars`` from the end: never the whole stretch, which
    made each of a run's many triggers read it all again.
    """
    if end - start <= chars:
        return text[start:end]
    cut = end - chars
    while cut < end and not text[cut].isspace():
        cut += 1
    if cut < end:
        return text[cut:end]
    m = _NOT_WORD.search(text, end - chars, end)
    return text[m.end() : end] if m else text[end - chars : end]


SOURCE_CHARS = 1_500  # a source sentence longer than this is quoted around its match


class Span(NamedTuple):
    """A stretch of an article's text: ``text == article_text[start:end]``.

    A named tuple rather than a dataclass: an article of 500 words makes 500
    of them, and a tuple is made in half the time.
    """

    start: int
    end: int
    text: str


def _last_word(stretch: str) -> str | None:
    """Return the run of letters, digits and dots that ends ``stretch`` (before a final newline).

    What ``re.search(r"([\\w.]+)$", stretch)`` finds, or None.
    """
    m = _LAST_WORD_REVERSED.match(stretch[::-1])
    return None if m is None else m[1][::-1]


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Return the sentences of ``text[start:end]`` as spans of ``text``, whitespace trimmed."""
    end = len(text) if end is None else end
    result: list[Span] = []
    cursor = start
    for m in _SENTENCE_END.finditer(text, start, end):
        # Only a full stop may follow an abbreviation: the words before "!" are not read.
        before = _tail(text, cursor, m.start()) if text[m.start()] == "." else ""
        if before and (last_word := _last_word(before)):
            word = last_word.lower().rstrip(".")
            # "U.S." or "Col." or "J." end no sentence, unless a paragraph break follows.
            followed_by_break = "\n" in text[m.end() : m.end() + 3]
            if not followed_by_break and (
                word in ABBREVIATIONS
                or _ends_in_initials(before)
                # "at 8:30 a.m. on Tuesday": a sentence does not go on in lower case.
                or _LOWER_NEXT.match(text, m.end())
            ):
                continue
        _append_trimmed(result, text, cursor, m.end())
        cursor = m.end()
    _append_trimmed(result, text, cursor, end)
    return result


def _ends_in_initials(before: str) -> bool:
    """Return whether ``_INITIAL`` finds initials ending ``before`` ("J.", "U.S").

    Searched only where the stretch ends as initials do (in a capital or a dot,
    before a final newline): most end in a small letter, and a search anchored
    at the end would try every position of the stretch.
    """
    last = before[-2:-1] if before.endswith("\n") else before[-1:]
    return (last == "." or "A" <= last <= "Z") and _INITIAL.search(before) is not None


def _append_trimmed(out: list[Span], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    out.append(Span(s, s + len(stripped), stripped))


def words(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Return the words of ``text[start:end]`` (letters and digits, inner dots/apostrophes)."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    # Split rather than match: words and the gaps between them alternate, and
    # no match object is made per word. Where each part begins is summed in C,
    # and the spans made in C too: an article has hundreds of words.
    parts = _WORD_SPLIT.split(chunk)
    at = list(accumulate(map(len, parts), initial=start))
    stops = at[2::2]
    found = list(map(tuple.__new__, repeat(Span), zip(at[1:-1:2], stops, parts[1::2], strict=True)))
    # "Iran's" names Iran: the possessive is not part of the word (of more than three letters).
    for m in _POSSESSIVE.finditer(chunk):
        stop = m.end() + start
        i = bisect_left(stops, stop)
        if i < len(found) and stops[i] == stop and stop - found[i].start > 3:
            word = found[i]
            found[i] = Span(word.start, stop - 2, word.text[:-2])
    return found


# The end of a possessive: every word that ends so is found by one search.
_POSSESSIVE = re.compile(r"['’][sS]")


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_MONTH_DAY = rf"{_MONTH}\s+\d{{1,2}}"
# "Oct 17" or, as outlets outside the US write it, "17 Oct": "Beirut, 17 March (NNA) -".
_DATE_DM = rf"(?:{_MONTH_DAY}|\d{{1,2}}\s+{_MONTH})"
_DATELINE = re.compile(
    # "BEIRUT —", "TAMPA, Fla. —", "NEW YORK, May 19 (Reuters) -"
    # "POPAYÁN -", "CUCUTA (Voz del Catatumbo, translated from Spanish) -".
    r"[ \t]*(?P<where>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\- ]*[A-ZÀ-ÖØ-Þ](?:,\s*[A-Z][A-Za-z'’.\- ]*?)?)"
    rf"(?:,?\s+{_DATE_DM}(?:,\s+\d{{4}})?)?"
    # (On its line: "KEY TAKEAWAYS" over a list of "- " points is a heading.)
    r"[ \t]*(?:\([^()\n]{1,60}\))?[ \t]*(?:—|–|--|-)\s"
    # "Damascus, June 18 (SNN) —": a name in title case needs the date and agency.
    rf"|[ \t]*(?P<titled>[A-Z][a-z'’]+(?:[ -][A-Z][a-z'’]+)*),\s+{_DATE_DM}(?:,\s+\d{{4}})?"
    r"\s*\([A-Za-z .&-]{1,30}\)\s*(?:—|–|--|-)\s"
    # "RAWALPINDI, July 14: Indian troops": a colon after the date.
    rf"|[ \t]*(?P<colon>[A-Z][A-Z'’.\- ]*[A-Z](?:,\s*[A-Z][A-Za-z'’.\- ]*?)?),?\s+{_DATE_DM}"
    r"(?:,\s+\d{4})?\s*(?:\([A-Za-z .&-]{1,30}\))?\s*:\s"
    # "PESHAWAR: Seven soldiers were martyred", as South Asian papers file.
    r"|[ \t]*(?P<bare>[A-Z][A-Z'’.\-]*[A-Z](?:\s[A-Z][A-Z'’.\-]*[A-Z]){0,2}):\s"
    # A line of its own: "Baghdad, 10 March 2025" under a statement's title.
    # "Rawalpindi - February 27, 2019", as a release's line of issue writes it.
    rf"|[ \t]*(?P<lined>[A-Z][\w'’.\-]+(?:[ -][A-Z][\w'’.\-]+){{0,3}})(?:,|[ \t]+[-–—|])\s+"
    rf"(?:\d{{1,2}}\s+{_MONTH}|{_MONTH_DAY})(?:,?\s+\d{{4}})?[ \t]*(?=\n|$)"
    # A statement's heading that ends with where and when it was issued: "... by the
    # spokesperson, Hà Nội, 19 July 2019 (unofficial translation)".
    rf"|[^\n]{{0,200}}?,[ \t]+(?P<commaed>[A-Z][\w'’.\-]+(?:[ -][A-Z][\w'’.\-]+){{0,3}}),[ \t]+"
    rf"(?:\d{{1,2}}\s+{_MONTH}|{_MONTH_DAY})(?:,?\s+\d{{4}})(?:[ \t]*\([^()\n]{{1,80}}\))?"
    r"[ \t]*(?=\n|$)"
    # A byline with the town it was filed from: "By Our Correspondent, MANDERA",
    # "By our correspondent | Bhaderwah".
    r"|[^\n|]{0,80}?\|?[ \t]*By\s+[^,|\n]{2,60}?\s*[,|]\s*(?P<byline>[A-Z][A-Za-z'’.\-]+"
    r"(?:[ \t]+[A-Z][A-Za-z'’.\-]+){0,3})[ \t]*(?=\n|$|\|)"
    # The town, then the byline: "Nablus - by our correspondent Khaled Duma".
    r"|[ \t]*(?P<bytown>[A-Z][\w'’.\-]+(?:[ \t]+[A-Z][\w'’.\-]+){0,3})[ \t]+(?:-|–|—|\|)"
    r"[ \t]+[Bb]y\s+(?:our|a|the|staff|special)\b[^\n]{0,60}(?=\n|$)"
    # A release's line of issue: "PRESS RELEASE No PR-219/2025-ISPR | Rawalpindi, 20 November 2025".
    r"|[^\n|]{2,80}\|\s*(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)"
    rf"(?P<piped>[A-Z][\w'’.\-]+(?:[ -][A-Z][\w'’.\-]+){{0,3}})(?:,|[ \t]*\|)\s+"
    rf"(?:\d{{1,2}}\s+{_MONTH}|{_MONTH_DAY})(?:,?\s+\d{{4}})?[ \t]*(?=\n|$)"
)
# A broadcast's correspondent: "ANCHOR: ... Our correspondent Park Ji-hoon reports from Incheon."
_REPORTING_FROM = re.compile(
    r"[^\n]{0,300}?\b(?:correspondent|reporter)\b[^\n.!?]{0,60}?\b(?:reports?|reporting)"
    r"\s+(?:live\s+)?from\s+(?P<reporting>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,2})(?=\s*[.:])"
)
# Words that open a line as datelines do but say what the text is, not where it is from.
_LABELS = frozenset(
    {"UPDATE", "UPDATED", "NOTE", "BREAKING", "EXCLUSIVE", "CORRECTION", "CORRECTED", "WATCH"}
    | {"ANALYSIS", "OPINION", "EDITORIAL", "LIVE", "FLASH", "URGENT", "ALERT", "REFILE"}
    | {"EDITOR'S", "EDITORS'", "EDITOR’S", "FACT", "DEVELOPING", "VIDEO", "PHOTOS", "READ"}
    | {"WARNING", "SOURCE", "SOURCES", "PHOTO", "AUDIO", "TEXT", "SUMMARY", "BACKGROUND"}
    | {"CONTEXT", "STATEMENT", "NOTICE", "ADVISORY", "IMPORTANT", "DISCLAIMER", "KEY", "TOP"}
    | {"MORE", "ALSO", "RELATED", "SEE", "WHAT", "WHY", "HOW", "UPDATES", "Q", "A", "FULL"}
)
DATELINE_LINES = (
    8  # a dateline may follow a headline, a date and a release number (blank lines aside)
)


def dateline(text: str, start: int = 0, end: int | None = None) -> Span | None:
    """Return the dateline near the top of ``text[start:end]`` ("BEIRUT —", "TAMPA, Fla. —").

    It may open the text or one of its first lines, after a headline. A
    dateline says where the report was filed, not where anything happened.
    """
    end = len(text) if end is None else end
    line_start = start
    lines = 0
    while lines < DATELINE_LINES:
        line_end = text.find("\n", line_start, end)
        line = text[line_start : end if line_end < 0 else line_end]
        told = (
            _REPORTING_FROM.match(text, line_start, end)
            if "correspondent" in line or "reporter" in line
            else None
        )
        if told:
            return Span(told.start("reporting"), told.end(), told["reporting"])
        m = _DATELINE.match(text, line_start, end)
        if m:
            where = next(
                g
                for g in (
                    "where",
                    "colon",
                    "titled",
                    "bare",
                    "lined",
                    "byline",
                    "bytown",
                    "piped",
                    "commaed",
                )
                if m[g]
            )
            if where in ("colon", "bare") and m[where].split()[0].strip(",").upper() in _LABELS:
                pass  # "UPDATE, June 5:": a label, not where the report was filed
            elif where == "where" and _title_after(text, m.end(), end):
                pass  # "SECURITY MEDIA CELL - STATEMENT (translated)": a kicker, no dateline
            elif (
                where in ("titled", "lined", "byline", "bytown", "piped", "commaed")
                or sum(ch.isupper() for ch in m[where]) >= 3
            ):
                return Span(m.start(where), m.end(), text[m.start(where) : m.end()].rstrip())
        newline = text.find("\n", line_start, end)
        if newline < 0:
            return None
        # Blank lines (a page's blanked markup) count for nothing.
        lines += bool(text[line_start:newline].strip())
        line_start = newline + 1
    return None


def _title_after(text: str, at: int, end: int) -> bool:
    """Return whether the rest of a line is a short title (words, no full stop), not a story."""
    newline = text.find("\n", at, end)
    rest = text[at : end if newline < 0 else newline].strip()
    if _BYLINE_REST.match(rest):
        return False  # "QAMISHLI - Translated from Kurdish by ...", "BUNIA - By Beni Kasereka"
    return 0 < len(rest) < 80 and not re.search(r"[.!?]", rest)


_BYLINE_REST = re.compile(r"(?:By|Translated|Reporting|Reported|From)\b")


def headline(text: str, start: int = 0, end: int | None = None) -> Span | None:
    """Return the headline opening ``text[start:end]``: a short first line with no full stop.

    Headlines tell events in shorthand ("DRONES HIT AL-TANF BASE") that the
    story then tells properly; counting both would tell one event twice.
    """
    end = len(text) if end is None else end
    # Blank lines may come first (a page's blanked <html><body> before its <h1>).
    # A kicker may stand above it ("DEFENCE HEADQUARTERS PRESS RELEASE"), a byline
    # below it ("By our correspondent, Taganrog").
    m = re.match(
        r"\s*(\S[^\n]{2,159}?(?:\n[ \t]*\S[^\n]{2,159}?){0,2})[ \t]*\n[ \t]*\n", text[start:end]
    )
    if not m or any(line.rstrip()[-1:] in '.!?"”' for line in m.group(1).split("\n")):
        return None
    # "Northern Valleys News | Translated from Arabic", then the title: a masthead
    # line, or a title and its deck, stand as short blocks of their own.
    more = _SHORT_BLOCK.match(text, start + m.end(), end)
    if more and more.group(1).rstrip()[-1:] not in '.!?"”:':
        return Span(start + m.start(1), more.end(1), text[start + m.start(1) : more.end(1)])
    return Span(start + m.start(1), start + m.end(1), m.group(1))


_SHORT_BLOCK = re.compile(r"[ \t]*(\S[^\n]{2,159}?)[ \t]*\n[ \t]*\n")


def summary_blocks(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Return the blocks of bullet points under a "HIGHLIGHTS" or "KEY POINTS" line.

    A report's summary tells in shorthand the events its body then tells
    properly, as a headline does ("- Drone strike on a market in Omdurman
    kills at least 21 civilians"): counted too, each would be told twice.
    A block that is the story itself (``_is_the_story``) is no summary.
    """
    end = len(text) if end is None else end
    low = text[start:end].lower()
    if not any(word in low for word in _SUMMARY_WORDS):
        return []  # most reports have no such block: no pattern is run over them
    # Each block begins a line, or the body ("date ... HIGHLIGHTS" in a file's first line).
    found = [m for m in (_SUMMARY_BLOCK.match(text, start, end),) if m is not None]
    found += _SUMMARY_LINE.finditer(text, start, end)
    spans = {(m.start(), m.end()) for m in found if not _is_the_story(text, m, end)}
    return [Span(a, b, text[a:b]) for a, b in sorted(spans)]


def _is_the_story(text: str, block: re.Match, end: int) -> bool:
    """Return whether a block of points is the report's story, not its summary.

    A daily update's "KEY POINTS" that tell each event in sentences of their
    own ("Army aircraft struck ... on Tuesday. Residents said ...") over a
    shorter rest tell the events there; one-line points stay shorthand.
    """
    points = [line for line in block.group().splitlines()[1:] if line.strip()]
    told = sum(len(_SENTENCE_END.findall(line)) for line in points)
    rest = len(text[block.end() : end].strip())
    return rest < block.end() - block.start() and told >= 1.5 * len(points)


_SUMMARY_WORDS = ("highlights", "key ", "at a glance", "in brief", "summary", "what we know")
# The header on a line of its own, then bullet lines up to a blank line.
_SUMMARY = (
    r"[ \t]*(?:highlights|key\s+(?:points|developments|facts)|at\s+a\s+glance|in\s+brief"
    r"|summary|what\s+we\s+know(?:\s+so\s+far)?)[ \t]*:?[ \t]*\n"
    r"(?:[ \t]*[-•*–][ \t]+[^\n]*(?:\n|$))+"
)
_SUMMARY_BLOCK = re.compile(_SUMMARY, re.I)
_SUMMARY_LINE = re.compile("(?m)^" + _SUMMARY, re.I)


BEFORE_CHARS = 100  # the words before a trigger that its patterns read


def words_before(text: str, sentence: Span, trigger: Span) -> str:
    """Return the last words of ``sentence`` before ``trigger`` (about 100 characters)."""
    return _tail(text, sentence.start, trigger.start, BEFORE_CHARS)


def clip_around(text: str, outer: Span, inner: Span, chars: int = SOURCE_CHARS) -> Span:
    """Return ``outer``, or the stretch of about ``chars`` of it centred on ``inner`` if longer.

    A "sentence" of a scraped page with no full stops can run to megabytes;
    quoting it whole as the source of each of its events would make output
    grow as the square of the text. The cut falls at whitespace, so words
    stay whole, and the span still points into ``text``.
    """
    if outer.end - outer.start <= chars:
        return outer
    room = max(0, chars - (inner.end - inner.start)) // 2
    start = max(outer.start, inner.start - room)
    end = min(outer.end, inner.end + room)
    # Give the room a side could not use to the other side.
    start = max(outer.start, min(start, end - chars))
    end = min(outer.end, max(end, start + chars))
    if start > outer.start:
        cut = text.find(" ", start, min(inner.start, start + 40))
        start = cut + 1 if cut >= 0 else start
    if end < outer.end:
        cut = text.rfind(" ", max(inner.end, end - 40), end)
        end = cut if cut >= 0 else end
    return Span(start, end, text[start:end])


# A live blog's entry time, alone on its line or opening it: "09:30", "⚡️ 04:10 -"
# (a channel's mark may stand before the time).
ENTRY_TIME = re.compile(
    r"[ \t]*(?:[^\w\s]{1,4}[ \t]*)?\d{1,2}[:.h]\d{2}(?!\d|[.:]\d)"
    r"(?:\s*(?:[AaPp]\.?[Mm]\.?|GMT|UTC|local\s+time))?[ \t]*[-–—:|]?"
)


def after_entry_time(text: str, at: int) -> bool:
    """Return whether ``at`` follows a live blog's entry time: "09:30 In Zawiya", "13:05\nA drone".

    The time stands alone on the line before or opens the line; the line is
    read from its start only (most fail at their first character).
    """
    before = text[max(0, at - 40) : at].rstrip()
    line_at = before.rfind("\n") + 1
    return (
        bool(before)
        and (line_at > 0 or at <= 40)
        and ENTRY_TIME.fullmatch(before, line_at) is not None
    )
