"""Building regular expressions that stay quick over whole articles.

Python's ``re`` tries each branch of an alternation in turn at every position
of the text, and under ``re.IGNORECASE`` it cannot skip a branch by its first
letter. Word lists (months, weapon names, actors) are therefore written as a
trie (``trie_pattern``) and run over lower-cased text (``lowered``) without
the flag: the same matches at a third of the cost.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, NamedTuple

from geo.extract.first_words import FirstWords, WordIndex, first_words, may_begin


def trie_pattern(words: Iterable[str]) -> str:
    """Return a regex (no groups) matching exactly ``words``, preferring longer ones.

    ``["jan", "january"]`` gives ``jan(?:uary)?``. At each letter only one
    branch can go on, and a longer word is tried before a shorter one that it
    extends, as in an alternation sorted longest first.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[None] = True  # a word ends here
    return _branches(trie)


def _branches(node: dict) -> str:
    ends = None in node
    branches = [
        re.escape(ch) + _branches(child)
        for ch, child in sorted(
            ((k, v) for k, v in node.items() if k is not None), key=lambda kv: kv[0]
        )
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


class Reading:
    """The caches of one article's reading: what several stages read in a row, kept once.

    Reading a sentence's parties, its "hours later", or a lower-cased stretch
    happens once per trigger or pattern; memoised for the article being read,
    they cost once. The caches belong to this reading (``reading()``), not to
    the module: they hold the article's text, and go when it is read.
    """

    def __init__(self) -> None:
        self.memos: dict[Callable, Callable] = {}
        # The text whose word index was asked for last, and the index: asked
        # for once per pattern and sentence, it is kept at hand.
        self.indexed: tuple[str, WordIndex | None] | None = None


_READING: ContextVar[Reading | None] = ContextVar("geo_reading", default=None)


@contextmanager
def reading() -> Iterator[Reading]:
    """Yield the caches of one article's reading; functions marked ``text_cache`` use them."""
    token = _READING.set(Reading())
    try:
        yield _READING.get()  # type: ignore[misc]
    finally:
        _READING.reset(token)


def text_cache(maxsize: int) -> Callable[[Callable], Callable]:
    """Return a decorator memoising a function of an article's text during its ``reading()``.

    Outside a reading the function is simply called.
    """

    def wrap(func: Callable) -> Callable:
        @functools.wraps(func)
        def cached(*args: Any) -> Any:
            current = _READING.get()
            if current is None:
                return func(*args)
            memo = current.memos.get(func)
            if memo is None:
                memo = current.memos[func] = lru_cache(maxsize=maxsize)(func)
            return memo(*args)

        return cached

    return wrap


# Stretches up to this long are remembered: several patterns scan the same
# article or sentence in a row. Longer ones (a 5 MB file) are not kept.
REMEMBER_CHARS = 100_000


def lowered(text: str, start: int, end: int) -> tuple[str, int] | None:
    """Return ``text[start - 1:end].lower()`` and the offset of ``start`` (see ``_lowered``)."""
    if end - start > REMEMBER_CHARS:
        return _lowered.__wrapped__(text, start, end)  # type: ignore[attr-defined]
    return _lowered(text, start, end)


@text_cache(maxsize=64)
def _lowered(text: str, start: int, end: int) -> tuple[str, int] | None:
    """Return ``text[start - 1:end].lower()`` and the offset of ``start`` in it.

    The character before ``start`` is kept so that a pattern's look-behind
    sees what it would see in ``text``. None when lower-casing changes the
    length (a few letters, e.g. "İ", become two), so offsets would not carry
    over, or when it holds ſ or ı, which ``re.IGNORECASE`` matches as s and i
    but lower-casing keeps: callers then match the original text with the flag.
    """
    base = max(0, start - 1)
    chunk = text[base:end]
    low = chunk.lower()
    if len(low) != len(chunk) or "ſ" in low or "ı" in low:
        return None  # offsets would shift, or re.I would read ſ as s and ı as i
    return low, start - base


def led_by(pattern: re.Pattern, lead: str) -> Caseless:
    """Return ``pattern`` with the quick twin and first words of ``lead``, which begins it.

    For a pattern that ``caseless`` cannot take (it turns case sensitivity
    off for a part, ``(?-i:...)``): every match of ``pattern`` must begin
    with a match of ``lead``, a caseless pattern, so that the places ``lead``
    may begin at are the places to try ``pattern``. ``finditer_caseless``
    then yields what ``pattern.finditer`` yields.
    """
    twin = caseless(lead)
    return Caseless(pattern, twin.quick, twin.first)


@text_cache(maxsize=16)  # several rules read the words before one trigger in a row
def short_words(short: str) -> frozenset[str] | None:
    """Return the lower-cased words of a short string, or None where lower-casing shifts it.

    With ``search_where_words_may``, several patterns are asked of the same
    few words before a trigger, each only when one of its first words is there.
    """
    low = short.lower()
    if len(low) != len(short) or "ſ" in low or "ı" in low:
        return None  # re.IGNORECASE would not read these words as lower-casing does
    return frozenset(_WORD_RUN.findall(low))


@text_cache(maxsize=16)
def stretch_words(text: str, start: int, end: int) -> frozenset[str] | None:
    """Return ``short_words(text[start:end])``: a sentence's words, read once for its triggers."""
    return short_words(text[start:end])


def may_hold(words: frozenset[str] | None, wanted: frozenset[str]) -> bool:
    """Return whether a stretch with these ``short_words`` may hold one of ``wanted``.

    For a case-insensitive pattern each of whose matches holds one of
    ``wanted`` as a whole word: where it holds none, the pattern need not be
    run. None (words unknown) may hold anything.
    """
    return words is None or not words.isdisjoint(wanted)


_WORD_RUN = re.compile(r"\w+")


def search_where_words_may(
    pattern: re.Pattern, short: str, words: frozenset[str] | None
) -> re.Match | None:
    """Return ``pattern.search(short)``, skipped when none of ``words`` can begin a match.

    ``pattern`` is case-insensitive; ``words`` are ``short_words(short)``.
    """
    if words is not None:
        # By the pattern's id: a compiled pattern's hash reads its whole code
        # (2 us for a long one), twice per call; the pattern is kept with it.
        kept = _FIRST_OF.get(id(pattern))
        if kept is None or kept[0] is not pattern:
            first = _first_of(pattern)
            kept = _FIRST_OF[id(pattern)] = (pattern, first, _word_finder(pattern, first))
        first, finder = kept[1], kept[2]
        if first is not None and not may_begin(first, words):
            return None
        if finder is not None and len(low := short.lower()) == len(short):
            # Tried only where its first words stand: a search tries every
            # character, and a long pattern (a hedge's dozen branches behind
            # look-behinds) costs at each. Every match begins at one of them,
            # so the first that matches is what the search finds.
            for word in finder.finditer(low):
                m = pattern.match(short, word.start())
                if m is not None:
                    return m
            return None
    return pattern.search(short)


def _word_finder(pattern: re.Pattern, first: FirstWords | None) -> re.Pattern | None:
    """Return a pattern finding, in lower-cased text, the whole words ``first`` lists
    (the first words of ``pattern``).

    Only for a pattern with look-behinds: one tried at every character is
    dear there, while a plain one searches faster than the words are found.
    None then, and when matches may also begin with a prefix or a number.
    """
    if first is None or first.prefixes or first.digits or not first.words:
        return None
    if "(?<" not in pattern.pattern:
        return None
    return re.compile(rf"(?<!\w)(?:{trie_pattern(first.words)})(?!\w)")


def search_short(pattern: re.Pattern, short: str) -> re.Match | None:
    """Return ``pattern.search(short)`` (case-insensitive), skipped where none of its first
    words is among the words of ``short`` (read once for the reading, ``short_words``).
    """
    return search_where_words_may(pattern, short, short_words(short))


def _first_of(pattern: re.Pattern) -> FirstWords | None:
    if not pattern.flags & re.I or "(?-i" in pattern.pattern:
        return None
    return first_words(_lower_source(pattern.pattern), pattern.flags & ~re.I)


# By id(pattern): the pattern, its first words and their finder (a few, module-level).
_FIRST_OF: dict[int, tuple[re.Pattern, FirstWords | None, re.Pattern | None]] = {}

_SOURCE_PARTS = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)|.", re.S)


def _lower_source(source: str) -> str:
    """Return a pattern's source with its letters lower-cased, escapes and group names kept."""
    return _SOURCE_PARTS.sub(lambda m: m[0] if len(m[0]) > 1 else m[0].lower(), source)


class Caseless(NamedTuple):
    """A pattern compiled with ``re.IGNORECASE``, its quick twin, and its first words."""

    pattern: re.Pattern
    quick: re.Pattern
    first: FirstWords | None


def caseless(source: str, flags: int = 0) -> Caseless:
    """Return ``source`` compiled with ``re.IGNORECASE``, and a quick twin for lower-cased text.

    The twin has its letters lower-cased, except escapes (``\\S``, ``\\W``) and
    group names, and its branches lose a leading word-boundary check (``\\b``,
    ``(?<!...)``): a branch that begins with letters lets ``re`` skip ahead to
    the places where those letters occur. ``finditer_caseless`` runs the twin
    and checks each place it finds with the first, so callers see exactly the
    matches of the original pattern on the original text. ``source`` must not
    turn the flag off again (``(?-i``), use ``\\x``/``\\N`` escapes for letters,
    or name groups with capitals. With them come the words every match
    begins with, where the pattern says (``first_words``).
    """
    if "(?-i" in source:
        raise ValueError("a caseless pattern cannot turn case sensitivity back on")
    lower = _lower_source(source)
    quick = _without_leading_boundaries(lower)
    return Caseless(
        re.compile(source, flags | re.I),
        re.compile(quick, flags & ~re.I),
        first_words(lower, flags & ~re.I),
    )


_LEADING_BOUNDARY = re.compile(r"\\b|\(\?<!(?:[^()\\]|\\.)*\)")


def _without_leading_boundaries(source: str) -> str:
    """Return ``source`` less a ``\\b`` or a negative look-behind opening a top-level branch.

    The result matches wherever ``source`` does (and perhaps elsewhere too).
    """
    out: list[str] = []
    depth, i, in_class, branch_start = 0, 0, False, True
    while i < len(source):
        if branch_start and depth == 0 and not in_class:
            m = _LEADING_BOUNDARY.match(source, i)
            if m:
                i = m.end()
                continue
        branch_start = False
        ch = source[i]
        if ch == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if source[i + 1 : i + 2] == "]":  # "[]...]": a "]" first is a member
                out.append("[]")
                i += 2
                continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branch_start = True
        out.append(ch)
        i += 1
    return "".join(out)


@text_cache(maxsize=4)
def word_index(text: str) -> WordIndex | None:
    """Return the index of the words of ``text`` lower-cased, or None (see ``lowered``)."""
    low = lowered(text, 0, len(text))
    return None if low is None else WordIndex.of(low[0])


def candidate_starts(patterns: Caseless, text: str, start: int, end: int) -> list[int] | None:
    """Return where in ``text[start:end]`` a match of ``patterns`` may begin, in order.

    Every place a match begins is among them (and others too). None when the
    text is too long to keep its index, or the pattern's first words are not
    known: scan it.
    """
    if patterns.first is None or len(text) > REMEMBER_CHARS:
        return None
    current = _READING.get()
    if current is not None and current.indexed is not None and current.indexed[0] is text:
        index = current.indexed[1]
    else:
        index = word_index(text)
        if current is not None:
            current.indexed = (text, index)
    return None if index is None else index.starts(patterns.first, start, end)


def finditer_caseless(patterns: Caseless, text: str, start: int, end: int) -> Iterator[re.Match]:
    """Return what ``patterns[0].finditer(text, start, end)`` yields, found the quick way.

    The quick twin (see ``caseless``) searches the lower-cased stretch; each
    place it matches is matched again by the case-insensitive pattern on
    ``text`` itself. Where that match fails (the twin does not check word
    boundaries), the search goes on from the next character, so no match of
    the original is skipped; groups and capitals read as in the original.
    Over a long stretch, only the places where the pattern's first words
    begin are tried (``candidate_starts``).
    """
    starts = candidate_starts(patterns, text, start, end)
    if starts is None:
        return _scanned(patterns, text, start, end)
    # Most stretches hold none of a pattern's first words: no generator for them.
    return _matched_at(patterns.pattern, text, starts, start, end) if starts else iter(())


def search_caseless(patterns: Caseless, text: str, start: int, end: int) -> re.Match | None:
    """Return ``patterns[0].search(text, start, end)``, found as ``finditer_caseless`` finds."""
    return next(finditer_caseless(patterns, text, start, end), None)


def _matched_at(
    pattern: re.Pattern, text: str, starts: list[int], start: int, end: int
) -> Iterator[re.Match]:
    """Yield the matches of ``pattern`` in ``text[start:end]`` that begin at ``starts``."""
    pos = start
    for at in starts:
        if at < pos:
            continue
        m = pattern.match(text, at, end)
        if m is not None:
            yield m
            pos = max(m.end(), at + 1)


def _scanned(patterns: Caseless, text: str, start: int, end: int) -> Iterator[re.Match]:
    """Yield the matches of ``patterns`` in ``text[start:end]``, the quick twin searching."""
    pattern, quick, _ = patterns
    low = lowered(text, start, end)
    if low is None:
        yield from pattern.finditer(text, start, end)
        return
    chunk, pos = low
    base = start - pos
    search = quick.search
    while (q := search(chunk, pos)) is not None:
        m = pattern.match(text, q.start() + base, end)
        if m is None:
            pos = q.start() + 1
        else:
            yield m
            pos = max(m.end() - base, q.start() + 1)
