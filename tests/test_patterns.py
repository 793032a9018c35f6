"""Quick patterns: tries of word lists, and lower-cased scanning that finds what re.I finds."""

import datetime as dt
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.dates import MONTHS, find_dates
from geo.patterns import lowered, trie_pattern

DEVSET = Path(__file__).parent / "fixtures" / "devset"
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
