"""Where a run of words in a text is a gazetteer name, and where it is something else.

The place finder (``geo.extract.places``) reads each capitalised word (or a
particle such as "al") as the start of a possible name and asks here for the
longest name that begins there: through capitals, particles, numbers and a
designator ("Kherson region"), exact before loose, and not inside a longer
proper name ("U.S. Central Command", "Colonel Ryan Dillon"), an
organisation's ("Islamic State of Iraq"), a paper's ("New York Times") or a
plain English word ("On", "May"). A finder remembers the reading of each run.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from geo.extract.dates import MONTHS, WEEKDAYS
from geo.extract.text import ABBREVIATIONS, INITIALS, Span, after_entry_time
from geo.geocode.areas import PLURAL_DESIGNATORS, is_designator
from geo.geocode.names import COMPASS_WORDS, cached_key

if TYPE_CHECKING:
    from geo.extract.places import PlaceFinder
    from geo.geocode.gazetteer import Gazetteer

# Weekday and month names: never places, and free to stand next to one.
CALENDAR_WORDS = frozenset(WEEKDAYS) | {m for m in MONTHS if len(m) > 3} | {"may"}

# Lower-case words that may stand inside or in front of a place name
# ("Deir ez-Zor", "Ayn al Arab", "al-Tanf").
# Portuguese, Italian and French particles ("Mocímboa da Praia", "Ponta do Ouro"): inside
# a name only; a capitalised one begins a name of its own ("Da Nang", "Di Linh").
INNER_PARTICLES = frozenset({"da", "do", "dos", "das", "di", "du", "des"})
NAME_PARTICLES = {
    "al",
    "el",
    "ul",
    "as",
    "ash",
    "at",
    "ath",
    "ad",
    "adh",
    "ar",
    "az",
    "an",
    "es",
    "ez",
    "ed",
    "er",
    "et",
    "de",
    "del",
    "of",
    "bin",
    "ibn",
    "abu",
    *INNER_PARTICLES,
}
# Words that begin names of things that are not places: "Russia 24", "New York
# Times" and "Islamic State of Iraq and Syria" are a channel, a paper and an army.
NOT_A_PLACE_AFTER = re.compile(
    r"[\s-]*(?:\d+\b|Times\b|Post\b|Journal\b|Herald\b|Tribune\b|Daily\b|Today\b|TV\b|"
    r"Television\b|Radio\b|News\b|Press\b|Airlines?\b|Airways\b|University\b|FC\b|Club\b)"
    # "Damascus-backed", "Iran-led": a place made into an adjective names no place.
    r"|-(?:backed|based|led|made|controlled|allied|aligned|held|funded|supported|linked"
    r"|affiliated|sponsored|built|run|owned|friendly)\b"
)
_ORGANISATION_CONTEXT = re.compile(
    r"(?:Islamic State|Army|Front|Party|Council|Forces|Resistance|Movement|Brigades?|Units?)"
    r"\s+(?:of|in)\s+"
    r"(?:[A-Z][\w-]*\s+(?:and|&)\s+)?$"
)
# Capitalised words that may stand next to a place name without making it part
# of a longer proper name ("Aleppo Province", "Syria Thursday").
_FREE_NEIGHBOURS = {
    "province",
    "governorate",
    "oblast",
    "state",
    "city",
    "district",
    "region",
    *CALENDAR_WORDS,
}


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def joined(text: str, left: Span, right: Span) -> bool:
    """Return whether two words are parts of one name (only a space or hyphen between)."""
    gap = text[left.end : right.start]
    return gap in (" ", "-", "‐", "‑") or (gap.strip() == "" and "\n" not in gap and len(gap) <= 2)


# How many single words a PlaceFinder remembers the reading of, of each kind.
WORD_MEMORY = 1 << 14

# Words of English that name no place wherever they stand: GeoNames has a town
# called "On" and alternate names like "May", but news means the words.
NEVER_PLACES = {
    "on",
    "in",
    "at",
    "the",
    "a",
    "an",
    "and",
    "but",
    "or",
    "of",
    "to",
    "for",
    "with",
    "by",
    "from",
    "as",
    "is",
    "was",
    "are",
    "were",
    "it",
    "he",
    "she",
    "they",
    "we",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "no",
    "not",
    "all",
    "any",
    "some",
    "one",
    "two",
    "after",
    "before",
    "while",
    "when",
    "where",
    "if",
    "long",
    "mr",
    "mrs",
    *CALENDAR_WORDS,
    "coalition",
    "officials",
    "forces",
    "president",
    "minister",
    # The words of this domain's reports: GeoNames has villages whose names
    # or skeletons they match ("Drones" is a loose spelling of Derinsu).
    "drone",
    "drones",
    "jet",
    "jets",
    "warplanes",
    "aircraft",
    "bombers",
    "helicopters",
    "rockets",
    "missiles",
    "militia",
    "militias",
    "militiamen",
    "troops",
    "rebels",
    "fighters",
    "soldiers",
    "marines",
    "strikes",
    "attacks",
    *COMPASS_WORDS,
}

MAX_NAME_WORDS = 6  # "Ras al Ayn" is three; longer runs of capitals are not place names


def longest_name_at(
    text: str, toks: list[Span], i: int, finder: PlaceFinder
) -> tuple[Span, int] | None:
    gazetteer = finder.gazetteer
    first = toks[i]
    word_kind = finder.word_kind
    capitalised, starts_with_particle, _, _, _ = word_kind(first.text)
    if not (capitalised or starts_with_particle):
        return None
    # Most capitalised words begin no name at all: a set look-up of the first
    # word saves normalising every run of words that follows them.
    head = toks[i + 1] if starts_with_particle and i + 1 < len(toks) else first
    # Names run on through capitals, particles and numbers; lower-case words
    # only in the domain gazetteer's names ("al-Tanf border crossing").
    begins, domain_head = finder.opens_name(head.text)
    if not begins:
        return None
    last_possible = i
    longest = min(gazetteer.max_name_words, MAX_NAME_WORDS)  # once, not per word
    # The next word's kind is asked before the gap to it: most names end at a
    # lower-case word, and the gap is then never read.
    while last_possible + 1 < len(toks) and last_possible - i + 1 < longest:
        following = toks[last_possible + 1]
        _, _, goes_on, goes_on_in_domain, _ = word_kind(following.text)
        if not (goes_on or (domain_head and goes_on_in_domain)) or not joined(
            text, toks[last_possible], following
        ):
            break
        last_possible += 1
    # "Kherson region", "Idlib province": a lower-case designator ends a division's
    # name, unless it names the division's town ("the Kherson region capital").
    after = last_possible + 1
    if (
        after < len(toks)
        and word_kind(toks[after].text)[4]
        and designates(text, toks[after])
        and joined(text, toks[last_possible], toks[after])
    ):
        last_possible = after
    # Exact names first, at any length; a loose spelling only when none matches.
    if last_possible == i:
        # One word alone, as most capitalised words stand: its reading depends
        # on the word only, and is remembered.
        chosen = (i, first) if finder.names_a_place_alone(first.text) else None
    else:
        chosen = _longest_of_several_remembered(text, toks, i, last_possible, finder)
    for j, span in [chosen] if chosen else []:
        last = toks[j]
        if starts_with_particle and not _particle_belongs(
            span.text, cached_key(span.text), gazetteer
        ):
            # "at Aleppo": the English preposition, not part of the name.
            return None
        if (
            NOT_A_PLACE_AFTER.match(text, last.end)
            or _ORGANISATION_CONTEXT.search(text[max(0, first.start - 40) : first.start])
            or _inside_longer_name(text, toks, i, j, finder)
        ):
            return None
        return span, j
    return None


def word_kind(word: str, gazetteer: Gazetteer) -> tuple[bool, bool, bool, bool, bool]:
    """Return how a word stands in a run of words that may be a name.

    Whether it is capitalised; whether it opens a name as a lower-case particle
    ("al Tanf", not the "Da" of "Da Nang"); whether a name goes on through it
    (a capital, a particle, a number) and whether only a domain supplement's
    name does ("border crossing"); whether it may be a designator that ends a
    division's name ("region": ``designates`` then reads what follows).
    A finder remembers the answer for each word (``PlaceFinder.word_kind``).
    """
    lower = word.lower()
    capitalised = word[:1].isupper()
    return (
        capitalised,
        lower in NAME_PARTICLES and not (capitalised and lower in INNER_PARTICLES),
        capitalised or lower in NAME_PARTICLES or word.isdigit(),
        gazetteer.may_continue_domain_name(word),
        word.islower() and (lower in _MAY_DESIGNATE or is_designator(lower)),
    )


def _longest_of_several_remembered(
    text: str, toks: list[Span], i: int, last_possible: int, finder: PlaceFinder
) -> tuple[int, Span] | None:
    """Return ``_longest_of_several``, remembered by the words and what follows them.

    Its answer depends only on the run of words and the few characters after
    it (a designator's "capital"): news repeats its names, so a finder keeps
    the answer for each run it has read.
    """
    first, end = toks[i].start, toks[last_possible].end
    key = (text[first:end], text[end : end + _AFTER_CHARS])
    memo = finder.runs
    if key in memo:
        found = memo[key]
        if found is None:
            return None
        rel, length = found
        return i + rel, Span(first, first + length, text[first : first + length])
    chosen = _longest_of_several(text, toks, i, last_possible, finder)
    if len(memo) >= WORD_MEMORY:
        memo.clear()
    memo[key] = None if chosen is None else (chosen[0] - i, len(chosen[1].text))
    return chosen


_AFTER_CHARS = 24  # what follows a run of words that can change its reading


def _longest_of_several(
    text: str, toks: list[Span], i: int, last_possible: int, finder: PlaceFinder
) -> tuple[int, Span] | None:
    """Return (last word, span) of the longest gazetteer name among words i..last_possible."""
    gazetteer = finder.gazetteer
    first = toks[i]
    pairs = []
    for j in range(last_possible, i - 1, -1):
        span = Span(first.start, toks[j].end, text[first.start : toks[j].end])
        key = cached_key(span.text)
        word = toks[j].text
        if not (
            (
                is_capitalised(word)
                and not (word.isupper() and len(word) <= 4 and text[toks[j].start - 1] != "-")
            )
            # "Tower 22": a number may end a name that begins with a capital.
            or (word.isdigit() and j > i)
            # "Conoco gas field", "al-Tanf border crossing": lower-case words may
            # end a name the domain gazetteer lists that way.
            or (j > i and gazetteer.has_domain_key(key))
            # "Kherson region": a designator ends a division's name, unless it
            # names the division's town ("the Zaporizhzhia region capital").
            or (j > i and designates(text, toks[j]))
        ):
            continue
        if j == i and (first.text.lower() in NEVER_PLACES or finder.is_adjective(first.text)):
            continue
        if all(w.lower() in COMPASS_WORDS for w in re.split(r"[\s-]+", span.text)):
            continue  # "North-East", "South West": directions, however written
        pairs.append(((j, span), key))
    return next((c for c, k in pairs if gazetteer.has_key(k)), None) or next(
        (c for c, k in pairs if gazetteer.has_loose_key(k)), None
    )


# After a designator, words that make the phrase the division's town, not the division.
_TOWN_OF_REGION = re.compile(r"[\s-]+(?:capital|centre|center|seat|town|city)\b", re.I)
# After "regional", the bodies that make "the Belgorod regional governor" the region's.
_GOVERNING = re.compile(
    r"\s+(?:military\s+|civil(?:ian)?\s+|state\s+)?(?:governor|governorate|administration"
    r"|authorities|authority|government|head|chief|council|police|prosecutor|officials?"
    r"|emergency|health|security|defen[cs]e|duma|legislature|parliament|leader)\b",
    re.I,
)


# Words that may end a division's name besides the designators (see ``designates``).
_MAY_DESIGNATE = frozenset({"regional", "countryside"})


def designates(text: str, word: Span) -> bool:
    """Return whether ``word``, after a name, makes it a division's name ("Kherson region").

    Not when the phrase names the division's town ("the Kherson region
    capital"); "regional" only before a governing body ("the Belgorod
    regional governor", not "the Kharkiv regional hospital"); "countryside"
    ("the eastern Deir ez-Zor countryside") always.
    """
    lower = word.text.lower()
    if lower == "regional":
        return _GOVERNING.match(text, word.end) is not None
    if lower == "countryside":
        return True
    return is_designator(lower) and not _TOWN_OF_REGION.match(text, word.end)


# Between names that share the designator after the last ("Donetsk and Luhansk regions").
_LIST_GAP = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)")


def shared_designators(text: str, found: list[Span]) -> dict[int, str]:
    """Return the names that share a plural designator after a later name, read with it.

    "the Donetsk and Luhansk regions", "Kherson, Zaporizhzhia and Donetsk
    oblasts": each name of the list is a division, as the last is. Keys are the
    names' starts, values the names to look up ("Donetsk regions").
    """
    read_as: dict[int, str] = {}
    for n, span in enumerate(found):
        last = span.text.rsplit(" ", 1)[-1]
        if last.lower() not in PLURAL_DESIGNATORS:
            continue
        later = span
        for before in reversed(found[:n]):
            if not _LIST_GAP.fullmatch(text, before.end, later.start):
                break
            read_as[before.start] = f"{before.text} {last}"
            later = before
    return read_as


def _inside_longer_name(text: str, toks: list[Span], i: int, j: int, finder: PlaceFinder) -> bool:
    """Return whether capitalised words joined to the match make it a longer name.

    "U.S. Central Command" is no place called Central; "Colonel Ryan Dillon"
    no place called Ryan; but "the Armenians of Karabakh" are people of a place.
    """
    neighbours = []
    left = i - 1
    # "Maghaweir al-Thawra": look past a particle to the word before it.
    people = False
    if left > 0 and toks[left].text.lower() in NAME_PARTICLES and joined(text, toks[left], toks[i]):
        left -= 1
        people = toks[left + 1].text == "of" and _people_of(toks[left].text, finder)
    if (
        not people
        and left >= 0
        and (
            joined(text, toks[left], toks[left + 1])
            # "George H.W. Bush": initials and their dot join the name they begin.
            or (
                text[toks[left].end : toks[left + 1].start] == ". "
                and INITIALS.match(toks[left].text + ".") is not None
            )
        )
        and not sentence_start(text, toks[left])
    ):
        neighbours.append(toks[left].text)
    if j + 1 < len(toks) and joined(text, toks[j], toks[j + 1]):
        neighbours.append(toks[j + 1].text)
    # "54NM East of Djibouti", "Southern Lebanon": a direction is no part of a name.
    return any(
        is_capitalised(w)
        and w.lower().rstrip(".") not in _FREE_NEIGHBOURS
        and w.lower() not in COMPASS_WORDS
        for w in neighbours
    )


def _people_of(word: str, finder: PlaceFinder) -> bool:
    """Return whether a word names the people of a country ("Armenians", "Syrians")."""
    return word.endswith("s") and finder.is_adjective(word[:-1])


_DATE_HEADER = re.compile(r"(?:^|\n)date \d{4}-\d{2}-\d{2}$")
_POINT_START = re.compile(r"(?:^|\n)[ \t]*(?:[-–—•*▪·]|\d{1,2}/\d{1,2}|\d{1,2}\))$")
_ABBREVIATED = re.compile(r"([\w.]+)\.$")
# The last characters _DATE_HEADER and _POINT_START can end with, besides a digit.
_POINT_MARKS = "-–—•*▪·)"


def sentence_start(text: str, word: Span) -> bool:
    """Return whether ``word`` opens a sentence, where capitals are no evidence of a name.

    A full stop after an abbreviation ("Capt. Jeff Davis") ends no sentence.
    """
    before = text[max(0, word.start - 40) : word.start].rstrip()
    if not before:
        return True  # the first word of a report
    # Most words follow a letter: a date head and a list's point end in a digit
    # or a mark, and the two searches are saved.
    marked = before[-1].isdecimal() or before[-1] in _POINT_MARKS
    if marked and _DATE_HEADER.search(before):
        return True  # after its "date YYYY-MM-DD" line head
    # A live blog's entry: "09:30 In Zawiya, ...", "10:45 - Ukraine's ...".
    if after_entry_time(text, word.start):
        return True
    # A list's point ("- In Nyala, ..."), a thread's post ("5/7 In Oudalan, ..."), a
    # paragraph's number ("3) The army ...") opens a sentence as a new line does.
    if marked and _POINT_START.search(before):
        return True
    if before[-1] == "." and (last := _ABBREVIATED.search(before)):
        if last.group(1).lower() in ABBREVIATIONS or INITIALS.match(last.group(1) + "."):
            return False
    return before[-1] in '.!?"“”\n'


def _particle_belongs(surface: str, key: str, gazetteer: Gazetteer) -> bool:
    """Return whether a lower-case leading particle is written as part of the name.

    "al Tanf" and "at Tanf" are spellings of the place's own name; "at Aleppo"
    is English. A lower-case particle counts when the gazetteer lists the name
    with that article, or when it is hyphen-joined or "al"/"el" (not English).
    """
    particle = surface.split()[0].split("-")[0].lower()
    # "Abu Dhabi", "Abu Kamal", "Bin Jawad": no English word opens them.
    if "-" in surface.split()[0] or particle in ("al", "el", "abu", "bin", "ibn"):
        return True
    return gazetteer.written_with_article(surface)
