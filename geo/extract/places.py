"""Place mentions: the stretches of an article that name a gazetteer place."""

from __future__ import annotations

import csv
import re
import weakref
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from operator import itemgetter

from geo.extract.name_runs import (
    NAME_PARTICLES,
    NEVER_PLACES,
    WORD_MEMORY,
    is_capitalised,
    joined,
    longest_name_at,
    shared_designators,
    word_kind,
)
from geo.extract.nearby import PointIndex, lies_near
from geo.extract.standing import in_context, quoted_term, stands_alone
from geo.extract.strays import without_strays
from geo.extract.text import Span, words
from geo.geocode.areas import TOWN_TYPES, designated_base
from geo.geocode.gazetteer import Choice, Gazetteer, Place
from geo.geocode.names import cached_key
from geo.geocode.protocol import Context
from geo.geocode.rank import distance_km
from geo.support.paths import data_dir


@dataclass(frozen=True)
class PlaceMention:
    """A place named in an article, at ``span`` of its text."""

    place: Place
    span: Span
    candidates: int
    reason: str = ""


# Words before a person's name. A title that begins a place's name ("General Santos",
# "King Faisal Air Base") is read as that name first.
_TITLES = frozenset(
    {
        *("Mr", "Mrs", "Ms", "Dr", "Sir", "Lord", "Lady", "Dame", "Prof", "Professor"),
        *("President", "Vice", "Prime", "Minister", "Secretary", "Chancellor", "Premier"),
        *("General", "Gen", "Colonel", "Col", "Lieutenant", "Lt", "Captain", "Capt", "Major"),
        *("Maj", "Brigadier", "Brig", "Admiral", "Adm", "Sergeant", "Sgt", "Commander", "Cmdr"),
        *("Senator", "Sen", "Rep", "Ambassador", "Envoy", "Mayor", "Governor", "Gov", "Judge"),
        *("Prince", "Princess", "Queen", "King", "Pope", "Ayatollah", "Imam", "Rev", "Marshal"),
        *("Spokesman", "Spokeswoman", "Spokesperson"),
    }
)
_LOWER_TITLES = frozenset(
    {
        *("spokesman", "spokeswoman", "spokesperson", "president", "minister", "commander"),
        *("governor", "mayor", "envoy", "ambassador", "colonel", "captain"),
        *("lieutenant", "brigadier", "admiral", "sergeant", "secretary", "senator"),
    }
)


def _past_person(text: str, toks: list[Span], i: int, people: set[str]) -> int:
    """Return the index past a title at ``i`` and the name after it (its words into ``people``)."""
    j = i + 1
    while (
        j < len(toks)
        and is_capitalised(toks[j].text)
        and joined(text, toks[j - 1], toks[j])
        and not toks[j].text.isupper()
    ):
        if toks[j].text not in _TITLES:
            people.add(toks[j].text)
        j += 1
    return j


# Lower-casing never shortens a word: one longer than this is no particle.
_LONGEST_PARTICLE = max(len(p) for p in NAME_PARTICLES)


def _may_open(word: str) -> bool:
    """Return whether a word may begin what ``PlaceFinder.read`` reads.

    Only a capital, a particle or a lower-case title can: most words are
    passed over in one sweep. (A word longer than every particle is not
    lower-cased to be looked up.)
    """
    return (
        word[:1].isupper()
        or word in _LOWER_TITLES
        or (len(word) <= _LONGEST_PARTICLE and word.lower() in NAME_PARTICLES)
    )


# "Pakistan Army troops", "Israel's military": a country named for its forces.
_FORCES_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:Army|Navy|Air\s+Force|Armed\s+Forces|Coast\s+Guard|Rangers|Marines"
    r"|army|navy|military|troops|forces|soldiers)\b"
)


class PlaceFinder:
    """Finds the places texts name, in one gazetteer; one finder serves a run of many texts.

    How one capitalised word reads alone (does it name a place? is it an
    adjective of one, like "Syrian"?) depends on the word and the gazetteer
    only, and news repeats its words: a finder remembers the last
    ``WORD_MEMORY`` words of each kind for as long as it lives, not for the
    life of the process.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.names_a_place_alone = lru_cache(maxsize=WORD_MEMORY)(self._names_a_place_alone)
        self.is_adjective = lru_cache(maxsize=WORD_MEMORY)(self._is_adjective)
        self.adjective_country = lru_cache(maxsize=WORD_MEMORY)(self._adjective_country)
        self.country_of_name = lru_cache(maxsize=WORD_MEMORY)(self._country_of_name)
        self.country_named = lru_cache(maxsize=WORD_MEMORY)(self._country_named)
        # A name's reading in the light of the countries a text names, for every
        # text that names those countries: news repeats both.
        self.choose_in = lru_cache(maxsize=WORD_MEMORY)(self._choose_in)
        # Whether a word may begin what ``read`` reads, and how it may open a
        # gazetteer name (``opens_name``).
        self.may_open = lru_cache(maxsize=WORD_MEMORY)(_may_open)
        self.opens_name = lru_cache(maxsize=WORD_MEMORY)(self._opens_name)
        self.word_kind = lru_cache(maxsize=WORD_MEMORY)(self._word_kind)
        # Runs of capitalised words and how each reads (``_longest_of_several_remembered``).
        self.runs: dict[tuple[str, str], tuple[int, int] | None] = {}

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[PlaceMention]:
        """Return the place names in ``text[start:end]``, longest match first, then by position.

        A name must end in a capitalised word; lower-case articles and particles
        may stand inside it or before it. Ambiguous names are resolved by the
        countries the same text names.
        """
        return self.read(text, start, end)[0]

    def read(
        self, text: str, start: int = 0, end: int | None = None
    ) -> tuple[list[PlaceMention], list[str]]:
        """Return ``find``'s place names, and the countries the text names only by
        adjective or for its forces ("a Pakistani drone", "Pakistan Army troops"),
        in the order it first names them.
        """
        toks = words(text, start, end)
        found: list[Span] = []
        # The countries the text names by adjective ("the Sudanese army"), in order.
        adjectives: dict[str, None] = {}
        # The names of people it names after a title: "Kovel said" later is the person.
        people: set[str] = set()
        # Only a capital, a particle or a lower-case title can begin what is
        # read here (``_may_open``): most words are passed over in one sweep,
        # each asked once per finder and remembered, all in C (news repeats its words).
        begins = list(compress(count(), map(self.may_open, map(itemgetter(2), toks))))
        i = 0
        for n in begins:
            if n < i:
                continue  # inside a name or a person's name already read
            i = n
            word = toks[i].text
            # "spokesman John Kirby": a person's name after a role, not a place.
            if word in _LOWER_TITLES:
                i = _past_person(text, toks, i, people)
                continue
            match = longest_name_at(text, toks, i, self)
            if match is None:
                if (
                    word.endswith(_ADJECTIVE_LAST)
                    and (code := self.adjective_country(word))
                    and not _language(text, toks[i])
                ) or (
                    (code := self.country_of_name(word)) and _FORCES_AFTER.match(text, toks[i].end)
                ):
                    # "the Sudanese army", "Pakistan Army troops": the country is named.
                    adjectives[code] = None
                # "Mr Tripoli", "President Ferdinand Marcos": a title, then a person.
                i = _past_person(text, toks, i, people) if word in _TITLES else i + 1
                continue
            span, i = match
            if (
                span.text == word
                and word.endswith(_ADJECTIVE_LAST)
                and (code := self.adjective_country(word))
                and not _language(text, toks[n])
            ):
                # "Moroccan" also reads as a loose spelling of some name: an
                # adjective of a country all the same ("the Moroccan army").
                adjectives[code] = None
            # "03:00 Kyiv time", "the Kyiv regime": a clock and a government, not places.
            if not _NOT_A_PLACE_AFTER.match(text, span.end) and span.text not in people:
                found.append(span)
            i += 1
        placed = self._placed(text, found, shared_designators(text, found), set(adjectives))
        return placed, list(adjectives)

    def _placed(
        self,
        text: str,
        found: list[Span],
        read_as: dict[int, str] | None = None,
        adjectives: set[str] | None = None,
    ) -> list[PlaceMention]:
        """Return the names ``found`` in ``text`` that name a place in the light of each other.

        ``read_as`` gives, by a name's start, the name to look up in its place
        ("Donetsk regions" for the Donetsk of "the Donetsk and Luhansk regions");
        ``adjectives``, the countries the text names by adjective ("Sudanese").
        """
        gazetteer = self.gazetteer
        if read_as:
            found = [Span(s.start, s.end, read_as.get(s.start, s.text)) for s in found]
        # The countries named: names whose best candidate, out of context, is a country.
        named = {code for s in found for code in self.country_named(s.text)}
        countries = tuple(sorted(named | (adjectives or set())))
        # Anchors: names that mean one place whatever the context. Other names are
        # then read near them ("Palmyra" in a text naming Homs is Tadmur).
        # A text repeats its names: each distinct name (and context) is chosen once.
        plain_choices: dict[str, Choice] = {}
        for span in found:
            if span.text not in plain_choices:
                plain_choices[span.text] = self.choose_in(span.text, countries)
        first = [(span, plain_choices[span.text]) for span in found]
        anchors = {
            span.start: c.anchor
            for span, c in first
            if c.anchor is not None
            and c.place is not None
            and stands_alone(text, span, c.place, countries)
        }
        mentions = []
        # Names no anchor supported, with their readings: placed names may vouch for them.
        waiting: list[tuple[Span, tuple[Place, ...]]] = []
        near_choices: dict[tuple, Choice] = {}
        bare_of = lru_cache(maxsize=None)(gazetteer.bare_divisions)
        index = PointIndex(anchors.values())
        # The names each anchoring point was written as: "Smara" three times is one
        # name, and no evidence for the reading it was given out of context.
        written: dict[tuple, set[str]] = {}
        for span, _ in first:
            if span.start in anchors:
                written.setdefault(anchors[span.start], set()).add(span.text)
        for span, plain in first:
            own = anchors.get(span.start)
            # Each anchoring place once, and not the name itself (a place is near
            # itself) unless the text names it elsewhere too, by another name. Only
            # anchors near a candidate can tell the candidates apart.
            exclude = (
                own
                if own is not None and (index.count[own] == 1 or written[own] == {span.text})
                else None
            )
            # One candidate needs no second reading in the light of the others,
            # and its anchors only when its country is not named (below).
            near: tuple | None = None
            choice = plain
            if len(plain.candidates) != 1:
                # The story's places near any reading, a division of the bare name too.
                near = index.near(plain.candidates + tuple(bare_of(span.text)), exclude)
                key = (span.text, near)
                if key not in near_choices:
                    context = Context(countries=countries, near=near)
                    near_choices[key] = gazetteer.choose(span.text, context)
                choice = near_choices[key]
            place = choice.place
            if place is None or (not place.is_country and _STATE_BY_ITS_CITY.match(text, span.end)):
                continue
            if quoted_term(text, span, place):
                continue
            if choice.loose and _NISBA.fullmatch(span.text):
                continue  # "al-Zintani", a man from Zintan, is a surname: no place
            if len(choice.candidates) == 1 and place.country not in countries:
                place = self._division_town(span.text, place, countries, index) or place
            strong = stands_alone(text, span, place, countries, loose=choice.loose)
            if near is None and (
                choice.loose or not (strong or place.is_country or place.country in countries)
            ):
                near = index.near(plain.candidates, exclude)
            if choice.loose and not lies_near(place, near or ()):
                # A loose spelling is trusted only beside places it lies near:
                # "Coalition" has the skeleton of a Clayton somewhere.
                continue
            if not strong and not in_context(place, countries, near or ()):
                # The supplement's "Houla (Lebanon)" in a report from Lebanon, where
                # the bare name's reading (a Houla in Syria) has no support.
                place = next(
                    (
                        q
                        for q in gazetteer.qualified(span.text)
                        if q.country in countries or lies_near(q, near or ())
                    ),
                    None,
                )
                if place is None:
                    if not choice.loose:
                        waiting.append((span, plain.candidates))
                    continue
            if read_as and span.start in read_as:
                span = Span(span.start, span.end, text[span.start : span.end])
            mentions.append(PlaceMention(place, span, len(choice.candidates), choice.reason))
        kept = without_strays(_without_far_parts(text, mentions), countries, gazetteer)
        if waiting and kept:
            # Vouched for only by places that stand in the story (strays are gone).
            kept = self._beside_the_placed(text, kept, waiting, read_as)
        return kept

    @staticmethod
    def _beside_the_placed(
        text: str,
        mentions: list[PlaceMention],
        waiting: list[tuple[Span, tuple[Place, ...]]],
        read_as: dict[int, str] | None,
    ) -> list[PlaceMention]:
        """Return ``mentions`` with the names left waiting that the placed names vouch for.

        A name no anchor supported ("Marawi" beside "Iligan", itself chosen
        among several of its name) is taken when exactly one of its readings
        lies near a town the text has placed under another name.
        """
        towns = [
            (pm.span.text, (pm.place.lon, pm.place.lat))
            for pm in mentions
            if pm.place.lon is not None
            and pm.place.lat is not None
            and not pm.place.is_country
            and pm.place.place_type != "region"
        ]
        added = []
        taken = [(pm.span.start, pm.span.end) for pm in mentions]
        for span, candidates in waiting:
            if any(a < span.end and span.start < b for a, b in taken):
                continue  # part of a name placed whole
            points = tuple(p for name, p in towns if name != span.text)
            beside = [c for c in candidates if lies_near(c, points)]
            if len(beside) != 1:
                continue
            if read_as and span.start in read_as:
                span = Span(span.start, span.end, text[span.start : span.end])
            reason = "the one reading near the other places named"
            added.append(PlaceMention(beside[0], span, len(candidates), reason))
        if not added:
            return mentions
        return sorted([*mentions, *added], key=lambda pm: pm.span.start)

    def _division_town(
        self, name: str, division: Place, countries: tuple[str, ...], index: PointIndex
    ) -> Place | None:
        """Return the town a division's name means where the division lies far from the text.

        "Lamu county" in a report on Kenya, whose counties the data lacks, is
        not the Maldives' Laamu (a spelling of the same name), 3,600 km from
        every other place named: it is Kenya's Lamu, which the reader then
        names the county (see ``geo.extract.districts``). Only for a name
        written with a designator whose one reading lies over
        ``FAR_DIVISION_KM`` from all the text's anchors, and a town of its
        base name near one of them.
        """
        base = designated_base(cached_key(name))
        if base is None or division.lat is None or division.lon is None or not index.count:
            return None
        itself = (division.lon, division.lat)  # the division may anchor itself
        if index.nearest(division.lon, division.lat, FAR_DIVISION_KM, itself) is not None:
            return None
        head = name.rsplit(None, 1)[0]
        for town in self.gazetteer.candidates(head):
            if (
                town.place_type in TOWN_TYPES
                and cached_key(town.name) == base
                and town.lat is not None
                and town.lon is not None
                and index.nearest(town.lon, town.lat, FAR_DIVISION_KM, itself) is not None
            ):
                return town
        return None

    def _choose_in(self, name: str, countries: tuple[str, ...]) -> Choice:
        return self.gazetteer.choose(name, Context(countries=countries))

    def _opens_name(self, word: str) -> tuple[bool, bool]:
        """Return whether some name (exact or loose) begins with this word, and some
        name of the domain supplement does."""
        return self.gazetteer.may_begin_name(word), self.gazetteer.may_begin_domain_name(word)

    def _word_kind(self, word: str) -> tuple[bool, bool, bool, bool, bool]:
        return word_kind(word, self.gazetteer)

    def _names_a_place_alone(self, word: str) -> bool:
        """Return whether one capitalised word standing alone is a gazetteer name (exact or loose).

        The single-word case of ``_longest_of_several``: not an acronym of four
        capitals or fewer, not a word of ``NEVER_PLACES``, not an adjective.
        """
        if not is_capitalised(word) or (word.isupper() and len(word) <= 4):
            return False
        if word.lower() in NEVER_PLACES or self.is_adjective(word):
            return False
        key = cached_key(word)
        return self.gazetteer.has_key(key) or self.gazetteer.has_loose_key(key)

    def _country_named(self, name: str) -> tuple[str, ...]:
        """Return (its country,) when a name's best candidate out of context is a country, else ().

        Every text's names are looked up so: the candidates, sorted, once per name.
        """
        head = self.gazetteer.candidates(name)[:1]
        return tuple(p.country for p in head if p.is_country)

    def _country_of_name(self, word: str) -> str | None:
        """Return the country a capitalised word is the name of ("Pakistan": PK), else None."""
        if not is_capitalised(word) or word.isupper():
            return None
        head = self.gazetteer.candidates(word)[:1]
        return head[0].country if head and head[0].is_country else None

    def _adjective_country(self, word: str) -> str | None:
        """Return the country a word is the adjective of ("Sudanese": SD), else None."""
        lower = re.sub(r"['’]s?$", "", word.lower())
        irregular = irregular_demonyms().get(lower)
        if irregular:
            return irregular
        if not self.is_adjective(word):
            return None
        for ending in ADJECTIVE_ENDINGS:
            stem = lower[: -len(ending)]
            if lower.endswith(ending) and len(stem) >= 3:
                for candidate in (stem, stem + "a", stem + "e", stem + "y"):
                    for p in self.gazetteer.candidates(candidate):
                        if p.is_country:
                            return p.country
        return None

    def _is_adjective(self, word: str) -> bool:
        """Return whether a word is an adjective of a place ("Syrian", "Iraqi", "Turkish").

        Either it ends like one and, without the ending, names a place ("Iraqi" is
        "Iraq" + "i"), or it ends in -ish or -ese, which English place names do not.
        """
        lower = word.lower()
        if lower.endswith(("ish", "ese")) and len(lower) > 5:
            return True
        for ending in ADJECTIVE_ENDINGS:
            stem = lower[: -len(ending)]
            if lower.endswith(ending) and len(stem) >= 3:
                for candidate in (stem, stem + "a", stem + "e", stem + "y"):
                    if any(p.is_country for p in self.gazetteer.candidates(candidate)):
                        return True
        return False


_FINDERS: weakref.WeakKeyDictionary[Gazetteer, PlaceFinder] = weakref.WeakKeyDictionary()


def finder_for(gazetteer: Gazetteer) -> PlaceFinder:
    """Return the finder of one gazetteer, made once: its word memory serves every run.

    A stream of single articles (``extract([article])`` per report) would
    otherwise start each with an empty memory and read every word afresh.
    """
    finder = _FINDERS.get(gazetteer)
    if finder is None:
        finder = _FINDERS[gazetteer] = PlaceFinder(gazetteer)
    return finder


@lru_cache(maxsize=1)
def irregular_demonyms() -> dict[str, str]:
    """Return adjectives of countries that are no country name plus an ending ("Turkish": TR)."""
    found = {}
    with open(data_dir() / "demonyms.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for word in row["adjectives"].split("|"):
                found[word.strip().lower()] = row["iso_a2"].strip().upper()
    return found


def find_place_mentions(
    text: str, gazetteer: Gazetteer, start: int = 0, end: int | None = None
) -> list[PlaceMention]:
    """Return the place names in ``text[start:end]``, as ``PlaceFinder.find`` does.

    For one text; a run over many keeps one ``PlaceFinder`` for them all.
    """
    return finder_for(gazetteer).find(text, start, end)


# "Mogadishu's Lido beach", "Kharkiv's Saltivskyi district": a part of the place before.
_POSSESSIVE_GAP = re.compile(r"['’]s\s+$")
PART_KM = 150  # a place told as a part of another lies this near it, at most
# A division this far from every anchor of a text, where a town of its name lies
# near one, is not the division the text means ("Lamu county").
FAR_DIVISION_KM = 1000.0


def _without_far_parts(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Return ``mentions`` without names told as a part of a place ("Y's X") that lie far from it.

    "Mogadishu's Lido beach" is a beach of Mogadishu, not the Lido of Venice;
    a reading of X more than ``PART_KM`` from Y is another place of that name.
    """
    kept: list[PlaceMention] = []
    for i, m in enumerate(mentions):
        owner = mentions[i - 1] if i else None
        if (
            owner is not None
            and owner.place.lat is not None
            and owner.place.lon is not None
            and m.place.lat is not None
            and m.place.lon is not None
            and not owner.place.is_country
            and _POSSESSIVE_GAP.fullmatch(text, owner.span.end, m.span.start)
            and distance_km((owner.place.lon, owner.place.lat), (m.place.lon, m.place.lat))
            > PART_KM
        ):
            continue
        kept.append(m)
    return kept


# "translated from Spanish", "(in Arabic)": a language, not the country of the story.
_TRANSLATED_BEFORE = re.compile(r"\btranslat\w*\s+(?:from\s+)?$", re.I)
_IN_A_LANGUAGE = re.compile(r"\b(?:from|into|in)\s+$", re.I)
_LANGUAGE_AFTER = re.compile(r"\s*[),;:]|\s+(?:language|text|original|version)\b", re.I)


def _language(text: str, word: Span) -> bool:
    """Return whether an adjective of a country names a language here."""
    before = text[max(0, word.start - 30) : word.start]
    if _TRANSLATED_BEFORE.search(before):
        return True
    return bool(_IN_A_LANGUAGE.search(before) and _LANGUAGE_AFTER.match(text, word.end))


_NOT_A_PLACE_AFTER = re.compile(
    r"\s+(?:time|regime|militias?|brigades?|battalions?|regiments?)\b|-(?:flagged|registered|owned)\b",
    re.I,
)
# "as Moscow's forces pressed their offensive": the state, not its capital (a country
# so named is still named: "Russia's forces").
_STATE_BY_ITS_CITY = re.compile(
    r"['’]s?\s+(?:forces|troops|army|soldiers|invasion|offensive|allies|proxies)(?![\w-])",
    re.I,
)

# Endings of adjectives and demonyms: "Syrian", "Jordanian", "Turkish", "Israeli".
ADJECTIVE_ENDINGS = ("ian", "ean", "ish", "ese", "an", "i", "n")
# The last letters of the adjectives of countries, regular ("Syrian", "Israeli",
# "Turkish", "Sudanese") or not ("Saudi", "Thai", "Dutch", "Greek", "Czech", "Swiss").
_ADJECTIVE_LAST = ("n", "i", "h", "e", "é", "k", "s", "o", "c", "t", "d", "z")


# An Arabic surname of origin: "al-Zintani", "el-Masri" (of Zintan, of Egypt).
_NISBA = re.compile(r"(?:[Aa]l|[Ee]l)[-\s][A-Z][\w'’]+i")
