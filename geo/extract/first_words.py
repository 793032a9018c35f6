"""The words a pattern's matches can begin with, and where a stretch of text has them.

A pattern such as ``\\b(?:car|truck)\\s+bombs?\\b|\\bieds?\\b`` can only match
where a word of a short list begins ("car", "truck", "ied", "ieds"). Python's
``re`` does not know that: it tries every branch at every position of the
text, which over a whole article costs far more than the few places where a
match can start. ``first_words`` reads the list off the pattern itself (its
parsed form, the same one ``re`` compiles); ``WordIndex`` holds the words of a
lower-cased stretch of text, so that the places to try are found by set
intersection and a literal search per word.

Every derivation errs on the side of more places: a word that may go on past
the end of what the pattern says ("bomb" in a pattern that ends there) is kept
as a prefix, and so are the letters before a piece that cannot be spelled out
("19" in ``19\\d\\d``); look-aheads are ignored. A pattern that begins with
such a piece (``\\w+``, ``.``) gets no list at all (None) and is scanned the
plain way, except digits: a pattern that begins with ``\\d`` may begin at any
word that starts with a digit.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import chain, repeat
from re import _constants as sre  # type: ignore[attr-defined]  # what re itself compiles
from re import _parser  # type: ignore[attr-defined]

# More first words than this and the list is no help (and not worth building).
MOST_WORDS = 20_000
# A repeat of word characters is spelled out up to this many times ("s?", "(?:ed|es)?").
MOST_REPEATS = 3
# A character range is spelled out up to this many characters ("[0-3]").
MOST_RANGE = 40


class _NoList(Exception):
    """The pattern's first word is not a short list of words."""


@dataclass(frozen=True)
class FirstWords:
    """The words (whole) and prefixes (of longer words) that every match begins with.

    ``digits``: a match may also begin with any word that starts with a digit.
    """

    words: frozenset[str]
    prefixes: tuple[str, ...]
    digits: bool = False


def may_begin(first: FirstWords, words: frozenset[str]) -> bool:
    """Return whether a text whose words are ``words`` may hold a match of ``first``'s pattern."""
    # (map, not a generator: the words are tested without a Python frame each.)
    return (
        not first.words.isdisjoint(words)
        or (bool(first.prefixes) and any(map(str.startswith, words, repeat(first.prefixes))))
        or (first.digits and any(w[0].isdecimal() for w in words))
    )


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _class_chars(items: list) -> tuple[set[str], bool]:
    """Return a character class's word characters, and whether it holds any other character.

    Raises ``_NoList`` for a class too large to spell out (``\\w``, ``\\d``,
    ``[^x]``, a wide range).
    """
    chars: set[str] = set()
    other = False
    for op, av in items:
        if op is sre.LITERAL:
            ch = chr(av)
            if _is_word(ch):
                chars.add(ch)
            else:
                other = True
        elif op is sre.RANGE and av[1] - av[0] <= MOST_RANGE:
            for code in range(av[0], av[1] + 1):
                if _is_word(chr(code)):
                    chars.add(chr(code))
                else:
                    other = True
        elif op is sre.CATEGORY and av in (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD):
            other = True
        else:
            raise _NoList
    return chars, other


def _only_other(items: list) -> bool:
    """Return whether a repeated piece can only be non-word characters (``\\s``, ``[\\s-]``)."""
    if len(items) != 1:
        return False
    op, av = items[0]
    if op is sre.LITERAL:
        return not _is_word(chr(av))
    if op is sre.IN:
        try:
            chars, _ = _class_chars(av)
        except _NoList:
            return False
        return not chars
    return False


def _leads_with_digit(items: list) -> bool:
    """Return whether a character class holds only digits (``\\d``, ``[0-9]``)."""
    for op, av in items:
        if op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            continue
        if op is sre.LITERAL and chr(av).isdecimal():
            continue
        if op is sre.RANGE and all(chr(c).isdecimal() for c in range(av[0], av[1] + 1)):
            continue
        return False
    return True


def _digits_only(items: list) -> bool:
    """Return whether a repeated piece is one class of digits."""
    return len(items) == 1 and items[0][0] is sre.IN and _leads_with_digit(items[0][1])


def _no_word_char(op: object, av: object, direction: int) -> bool:
    """Return whether a look-around is ``(?!\\w...)`` (direction 1) or ``(?<!\\w...)`` (-1)."""
    if op is not sre.ASSERT_NOT or av[0] != direction:  # type: ignore[index]
        return False
    body = list(av[1])  # type: ignore[index]
    word = (sre.CATEGORY, sre.CATEGORY_WORD)
    return len(body) == 1 and body[0][0] is sre.IN and word in body[0][1]


class _Reader:
    def __init__(self) -> None:
        self.words: set[str] = set()
        self.prefixes: set[str] = set()
        self.digits = False

    def _add(self, into: set[str], word: str, bounded: bool) -> None:
        # A match must begin at a word's start with a letter or digit.
        if not word or not bounded:
            raise _NoList
        into.add(word)
        if len(self.words) + len(self.prefixes) > MOST_WORDS:
            raise _NoList

    def _unread(self, word: str, bounded: bool) -> None:
        """What follows cannot be spelled out: the letters so far begin the word, if any."""
        if not word:
            raise _NoList
        self._add(self.prefixes, word, bounded)

    def read(self, items: list, word: str, bounded: bool) -> None:
        """Follow ``items`` from a match's start, ``word`` the letters read so far."""
        i = 0
        while i < len(items):
            op, av = items[i]
            rest = items[i + 1 :]
            if op is sre.LITERAL:
                ch = chr(av)
                if not _is_word(ch):
                    self._add(self.words, word, bounded)
                    return
                word += ch
            elif op is sre.AT:
                if av is not sre.AT_BOUNDARY:
                    self._unread(word, bounded)
                    return
                if word:  # a boundary after letters: the word ends here
                    self._add(self.words, word, bounded)
                    return
                bounded = True
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                if word and _no_word_char(op, av, 1):
                    self._add(self.words, word, bounded)
                    return
                bounded = bounded or (not word and _no_word_char(op, av, -1))
            elif op in (sre.SUBPATTERN, sre.ATOMIC_GROUP):
                inner = av[-1] if op is sre.SUBPATTERN else av
                self.read(list(inner) + rest, word, bounded)
                return
            elif op is sre.BRANCH:
                for alternative in av[1]:
                    self.read(list(alternative) + rest, word, bounded)
                return
            elif op is sre.IN and not word and bounded and _leads_with_digit(av):
                self.digits = True  # "[0-3]?\\d", "\\d{1,2}": any word that starts with a digit
                return
            elif op is sre.IN:
                try:
                    chars, other = _class_chars(av)
                except _NoList:
                    self._unread(word, bounded)
                    return
                if other:
                    self._add(self.words, word, bounded)
                for ch in sorted(chars):
                    self.read(rest, word + ch, bounded)
                return
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                low, high, body = av
                body = list(body)
                if not word and bounded and _digits_only(body):
                    if low > 0:
                        self.digits = True
                        return
                    self.digits = True  # none of it: what follows may begin the word
                    self.read(rest, word, bounded)
                    return
                if _only_other(body):
                    if low == 0:
                        self.read(rest, word, bounded)
                    self._add(self.words, word, bounded)
                    return
                if high is sre.MAXREPEAT or high > MOST_REPEATS:
                    self._unread(word, bounded)
                    return
                for times in range(low, high + 1):
                    self.read(body * times + rest, word, bounded)
                return
            else:
                self._unread(word, bounded)
                return
            i += 1
        # The pattern ends: the text's word may go on.
        self._add(self.prefixes, word, bounded)


def first_words(source: str, flags: int = 0) -> FirstWords | None:
    """Return the words every match of ``source`` (lower-case letters) begins with, or None.

    Each match begins at a word's start (after ``\\b`` or ``(?<!\\w)``) with
    one of ``words`` as the whole word, or with a word that starts with one of
    ``prefixes``. None when that cannot be read off the pattern.
    """
    try:
        tree = _parser.parse(source, flags)
        reader = _Reader()
        reader.read(list(tree), "", False)
    except (_NoList, re.error, RecursionError):
        return None
    return FirstWords(frozenset(reader.words), tuple(sorted(reader.prefixes)), reader.digits)


_SPLIT_WORDS = re.compile(r"(\w+)")
_WORD_RUN = re.compile(r"\w+")


@dataclass
class WordIndex:
    """The words of a lower-cased text, and where each begins.

    One index serves every stretch of the text: ``starts`` answers for
    ``low[start:end]`` as if the stretch were all there is after its start
    (a word cut by ``end`` is the word as cut, as ``re`` sees it with an end
    position), with the character before ``start`` deciding whether a word
    begins there.
    """

    low: str
    # Each word of the text, and where it begins.
    at: dict[str, list[int]]
    _numbers: set[str] | None = None
    _sorted: list[str] | None = None  # the words in order, for those with a prefix
    # By pattern (its ``FirstWords``, kept to tell a reused id): where its words start.
    _lists: dict[int, tuple[FirstWords, list[int]]] = field(default_factory=dict)

    @classmethod
    def of(cls, low: str) -> WordIndex:
        at: dict[str, list[int]] = {}
        # Split rather than match: words and the gaps between them alternate,
        # and no match object is made per word (a fifth faster).
        parts = _SPLIT_WORDS.split(low)
        pos = len(parts[0])
        rest = iter(parts)
        next(rest)
        add = at.setdefault
        for word, gap in zip(rest, rest, strict=True):
            add(word, []).append(pos)
            pos += len(word) + len(gap)
        return cls(low, at)

    def starts(self, first: FirstWords, start: int = 0, end: int | None = None) -> list[int]:
        """Return, in order, where in ``low[start:end]`` a word of ``first`` begins."""
        low = self.low
        end = len(low) if end is None else end
        begins = self._listed(first)
        stop = bisect_left(begins, end)
        at = begins[bisect_left(begins, start) : stop]
        # Does a word go on past ``end``? (Most stretches end at a space or a stop.)
        cut = end < len(low) and ((after := low[end]).isalnum() or after == "_")
        # Words do not overlap: only the last can run on past ``end``, and then
        # the stretch holds only its part before ``end``.
        if at and cut:
            word = _WORD_RUN.match(low, at[-1])
            if word is not None and word.end() > end:
                at.pop()
        if cut and start < end and _is_word(low[end - 1]):
            begin = end - 1
            while begin > start and _is_word(low[begin - 1]):
                begin -= 1
            part = low[begin:end]
            if (begin > start or begin == 0 or not _is_word(low[begin - 1])) and (
                part in first.words
                or part.startswith(first.prefixes)
                or (first.digits and part[0].isdecimal())
            ):
                at.append(begin)  # after every whole word of the stretch
        return at

    def _listed(self, first: FirstWords) -> list[int]:
        """Return where the words of ``first`` begin in the whole text, in order."""
        kept = self._lists.get(id(first))
        if kept is not None and kept[0] is first:
            return kept[1]
        found = self.at.keys() & first.words
        if first.prefixes:
            found |= self._beginning(first.prefixes)
        if first.digits:
            found |= self.numbers()
        # Plain offsets sort faster than (start, end) pairs; where a word ends is
        # read off the text for the one word that needs it (``starts``).
        # Every word found is one of the text's; their positions chained in C.
        listed = sorted(chain.from_iterable(map(self.at.__getitem__, found)))
        self._lists[id(first)] = (first, listed)
        return listed

    def _beginning(self, prefixes: tuple[str, ...]) -> set[str]:
        """Return the words that begin with one of ``prefixes``."""
        if self._sorted is None:
            self._sorted = sorted(self.at)
        ordered = self._sorted
        found: set[str] = set()
        for prefix in prefixes:
            i = bisect_left(ordered, prefix)
            while i < len(ordered) and ordered[i].startswith(prefix):
                found.add(ordered[i])
                i += 1
        return found

    def numbers(self) -> set[str]:
        """Return the words that begin with a digit ("55", "3rd", "2017")."""
        if self._numbers is None:
            self._numbers = {w for w in self.at if w[0].isdecimal()}
        return self._numbers
