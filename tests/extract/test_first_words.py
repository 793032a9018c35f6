"""The first words of a pattern, and the places in a text where a match may begin."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.extract.first_words import WordIndex, first_words
from geo.extract.patterns import caseless, finditer_caseless, reading


def test_a_list_of_words_each_ended_by_a_boundary_or_a_space():
    first = first_words(r"\b(?:car|truck)\s+bombs?\b|\bieds?\b")
    assert first is not None
    assert first.words == {"car", "truck", "ied", "ieds"} and first.prefixes == ()


def test_letters_the_pattern_leaves_open_are_a_prefix():
    # "bomb" may go on ("bomber"); "19" goes on with digits the list cannot spell.
    assert first_words(r"\bbomb").prefixes == ("bomb",)
    assert first_words(r"\b(?:19|20)\d\d-").prefixes == ("19", "20")
    assert first_words(r"\bair[\s-]*strikes?\b").words == {"air", "airstrike", "airstrikes"}


def test_a_pattern_that_may_begin_inside_a_word_or_with_anything_has_no_list():
    assert first_words(r"ied") is None  # no boundary before: "carried" holds it
    assert first_words(r"\b\w+ forces") is None
    assert first_words(r"\b(?:x|.)") is None
    assert first_words(r"(?<![\w-])hamas(?![\w-])").words == {"hamas"}


def test_digits_open_the_list_to_every_number():
    first = first_words(r"\b[0-3]?\d(?:st|nd|rd|th)?\s+june")
    assert first is not None and first.digits and not first.words


def test_the_index_reads_a_stretch_as_re_does_with_its_bounds():
    low = "the attacked base; attack"
    index = WordIndex.of(low)
    first = first_words(r"\battack\b")
    assert index.starts(first) == [19]
    # Cut after "attack" of "attacked": the stretch ends the word there.
    assert index.starts(first, 0, 10) == [4]
    # A stretch that begins inside a word: no word begins at its start.
    assert index.starts(first, 5, len(low)) == [19]


PIECES = [
    "Attack",
    "attacked",
    "55 km",
    "12 June",
    "June 12",
    "2017-06-08",
    "٣ June",
    "3rd",
    "the border",
    "Border",
    "front line",
    "frontline",
    "Russian forces",
    "gunmen",
    "Armed men",
    "a day later",
    "the same day",
    "70 nm west of Hodeidah",
    "18NM W of Mocha",
    "the port of Ras Isa",
    "airbase",
    "İ",
    "_",
    "x",
    " ",
    ". ",
    "-",
    "\n",
]


def _patterns():
    from geo.extract import (
        dates,
        facilities,
        offsets,
        parties,
        party_lexicon,
        radii,
        strips,
        triggers,
        zone_words,
    )

    found = [p for _, p in triggers.TYPED_TRIGGERS] + [triggers.GENERIC_TRIGGER]
    found += [p for _, p in dates._PATTERNS] + [party_lexicon._lexicon()[0]]
    found += [parties._HOME_HEAD, parties._GENERIC_HEAD, radii._DISTANCE, strips._BORDER_WORD]
    found += [offsets._OFFSET, facilities._LISTED_WORD]
    return found + [zone_words.LINE_HINT, caseless(r"\bfoo(?:bar)?")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.integers(0, 9), st.integers(0, 9))
def test_matches_found_at_the_index_are_the_matches_of_re_i(pieces, cut_start, cut_end):
    text = "".join(pieces)
    start, end = min(cut_start, len(text)), max(len(text) - cut_end, 0)
    start = min(start, end)
    with reading():  # the index of the text is kept while it is read
        for patterns in _patterns():
            expected = [m.span() for m in patterns[0].finditer(text, start, end)]
            got = [m.span() for m in finditer_caseless(patterns, text, start, end)]
            assert got == expected, patterns[0].pattern[:60]


def test_most_patterns_of_the_reading_have_first_words():
    # The speed of reading rests on it: a pattern that loses its list is scanned whole.
    listed = [p for p in _patterns() if p.first is not None]
    assert len(listed) >= len(_patterns()) - 1, [
        p.pattern.pattern[:40] for p in _patterns() if p.first is None
    ]


def test_the_derived_list_matches_what_the_pattern_finds_in_words():
    pattern = re.compile(r"\b(?:shell(?:ed|ing)|artillery\s+fire)\b")
    first = first_words(pattern.pattern)
    for word in ["shelled", "shelling", "artillery", "shell", "shells"]:
        listed = word in first.words
        assert listed == bool(pattern.match(word + " fire")), word


BEFORE_PIECES = [
    "could",
    "Would",
    "no",
    "didn't",
    "a",
    "An",
    "series of",
    "the fourth",
    "as",
    "into",
    "frequently",
    "other",
    "next",
    "denied that",
    "troops",
    "İ",
    " ",
    "  ",
    ", ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(BEFORE_PIECES), max_size=10))
def test_searches_skipped_by_the_words_before_a_trigger_would_have_found_nothing(pieces):
    from geo.extract import not_events
    from geo.extract.patterns import search_where_words_may, short_words

    before = "".join(pieces)
    seen = short_words(before)
    for pattern in [
        not_events._HEDGE_BEFORE,
        not_events._UNREAL_JUST_BEFORE,
        not_events._HABITUAL_BEFORE,
        not_events._GENERIC_QUANTIFIER,
        not_events.AS_A_THING_BEFORE,
        not_events.ORDINAL_BEFORE,
        not_events.AGGREGATE_BEFORE,
        not_events.INDEFINITE_BEFORE,
    ]:
        got = search_where_words_may(pattern, before, seen)
        expected = pattern.search(before)
        assert (got and got.span()) == (expected and expected.span()), pattern.pattern[:40]
