"""Quick patterns: tries of word lists, and lower-cased scanning that finds what re.I finds."""

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.extract import dates as dates_module
from geo.extract.dates import MONTHS, find_dates
from geo.extract.patterns import caseless, finditer_caseless, lowered, trie_pattern
from geo.extract.radii import find_radii, radii_by_sentence
from geo.extract.text import sentences
from tests.helpers import DEVSET

WORDS = st.lists(st.text(alphabet="abc .-", min_size=1, max_size=5), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.text(alphabet="abc .-x", max_size=40))
def test_trie_finds_what_the_longest_first_alternation_finds(words, text):
    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    plain = [m.span() for m in re.finditer(f"(?:{alternation})", text)]
    trie = [m.span() for m in re.finditer(f"(?:{trie_pattern(words)})", text)]
    assert trie == plain


def test_trie_of_the_months_matches_each_month_and_nothing_longer():
    pattern = re.compile(trie_pattern(MONTHS))
    assert all(pattern.fullmatch(m) for m in MONTHS)
    assert not pattern.fullmatch("septem") and not pattern.fullmatch("junee")


def test_lowered_keeps_offsets_or_says_it_cannot():
    text = "In Aleppo ON Monday"
    low, offset = lowered(text, 3, len(text))
    assert low[offset:] == "aleppo on monday" and low[offset - 1] == " "
    assert lowered("Dİyarbakır, May 2", 0, 12) is None  # İ lower-cases to two letters


def test_dates_found_in_lower_case_are_the_dates_found_with_re_i():
    # A dotted capital I at the end makes find_dates use the re.I patterns on
    # the text itself; both ways must give the same dates in every dev text.
    reference = dt.date(2017, 6, 20)
    for path in sorted(DEVSET.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        quick = find_dates(text, 0, len(text), reference)
        slow = find_dates(text + " İ", 0, len(text) + 2, reference)
        assert quick == slow, path.name
        assert quick, path.name


def _every_caseless_pattern():
    from geo.extract import party_lexicon, triggers

    found = [p for _, p in triggers.TYPED_TRIGGERS] + [triggers.GENERIC_TRIGGER]
    found += list(triggers.cue_patterns()) + [party_lexicon._lexicon()[0]]
    return found + [p for _, p in dates_module._PATTERNS]


PIECES = [
    "May 18",
    "may",
    "Mayor",
    "2017-06-08",
    "x2017-06-08",
    "Tuesday's",
    "Monday",
    "amonday",
    "shot it down",
    "reshot down",
    "air strikes",
    "airstrike",
    "drone attack",
    "drones",
    "the coalition",
    "Coalition-aircraft",
    "ISIS",
    "earlier in the day",
    "İ",
    "ſ",
    " ",
    ", ",
    ". ",
    "-",
    "\n",
    "F-15E",
    "MQ-9 Reaper",
    "fired ten rockets at",
    "IEDs",
    "bombed",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16), st.integers(0, 5), st.integers(0, 5))
def test_finditer_caseless_finds_what_re_i_finds(pieces, cut_start, cut_end):
    text = "".join(pieces)
    start, end = min(cut_start, len(text)), max(len(text) - cut_end, 0)
    start = min(start, end)
    for patterns in _every_caseless_pattern():
        expected = [m.span() for m in patterns[0].finditer(text, start, end)]
        got = [m.span() for m in finditer_caseless(patterns, text, start, end)]
        assert got == expected, patterns[0].pattern[:60]


def test_quick_twins_lose_their_leading_boundaries():
    quick = caseless(r"\bab|\bc(d)|(?<![\w-])(?:x|y)(?![\w-])|[\b]z|(\bq)")[1].pattern
    assert quick == r"ab|c(d)|(?:x|y)(?![\w-])|[\b]z|(\bq)"


RADIUS_PIECES = [
    "55 km",
    "55-km",
    "fifty-five kilometres",
    "34 mile radius",
    "a zone of 55 km",
    "zone",
    "radius",
    " ",
    ". ",
    "\n\n",
    "one",
    "hundred",
    "m",
    "mi",
    "nmi",
    "The",
    "deconfliction",
    "around the base",
    "55km",
    "17 miles",
    "(34 mi)",
    "İ",
    "ſ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(RADIUS_PIECES), max_size=20))
def test_radii_by_sentence_reads_what_every_sentence_holds(pieces):
    text = "".join(pieces)
    spans = sentences(text)
    assert radii_by_sentence(text, spans) == [find_radii(text, s.start, s.end) for s in spans]
