"""Whether a name read as a place stands on its own, or needs the story's support.

A country, a domain-gazetteer entry or a town of some size named by its own
name stands alone; a one-word GeoNames alternate name ("Ryan", "But"), a
small town, a name that only opens a sentence or one quoted as a term needs
its country or a place near it named too. :mod:`geo.extract.places` asks.
"""

from __future__ import annotations

from geo.extract.name_runs import sentence_start
from geo.extract.nearby import lies_near
from geo.extract.strays import BIG_TOWN, CITY, SMALL_TOWN
from geo.extract.text import Span
from geo.geocode.gazetteer import Place
from geo.geocode.names import cached_key, cached_loose_key, loosely_alike

_QUOTES = "\"“”'‘’«»"


def quoted_term(text: str, span: Span, place: Place) -> bool:
    """Return whether a name stands alone in quotes as a term, not a place.

    'the OLA, which the government calls "Shene"', '300 "Shene" members': a word
    quoted on its own is what someone calls something. A country or a city of
    ``BIG_TOWN`` people is still itself ("the 'Kyiv' regime" names Kyiv's).
    """
    if span.start == 0 or span.end >= len(text):
        return False
    if text[span.start - 1] not in _QUOTES or text[span.end] not in _QUOTES:
        return False
    return not place.is_country and place.population < BIG_TOWN and place.id.startswith("geonames:")


def in_context(place: Place, countries: tuple[str, ...], near: tuple) -> bool:
    """Return whether the text around a name supports the place: its country, or a place near it."""
    if place.is_country or place.country in countries:
        return True
    if not place.id.startswith("geonames:") and place.place_type != "region":
        return True
    return lies_near(place, near)


def stands_alone(
    text: str,
    span: Span,
    place: Place,
    countries: tuple[str, ...],
    *,
    loose: bool = False,
) -> bool:
    """Return whether a match stands on its own, without support from the context.

    A country, a domain-gazetteer entry, or a town of some size named by its
    own name mid-sentence stands alone. A one-word GeoNames alternate name
    of a town under 100,000 (alternates include "Ryan" and "But"), a capital
    that only opens a sentence, or a small town needs its country or a nearby
    place named too.
    """
    one_word = " " not in span.text.strip()
    opens_sentence = sentence_start(text, span)
    # "Maritime advisers": a one-word region opening a sentence needs its country named.
    if place.place_type == "region" and one_word and opens_sentence:
        return False
    if place.is_country or not place.id.startswith("geonames:"):
        return True
    if one_word and opens_sentence and place.population < BIG_TOWN:
        return False
    if (
        one_word
        and weak_match(span.text, place, loose)
        and (opens_sentence or place.population < CITY)
    ):
        return False
    return place.population >= SMALL_TOWN


def weak_match(surface: str, place: Place, loose: bool = False) -> bool:
    """Return whether a match rests only on a one-word GeoNames alternate name.

    Alternate names include common English words ("Ryan", "But"); such a match
    counts only when the article also names the place's country. A spelling
    the gazetteer lists (not a ``loose`` match) of the place's own name is no
    alternate name: "Hama" for Ḩamāh (``loosely_alike``), or "Hodeidah" for Al
    Ḩudaydah (article and vowels aside, the same consonants).
    """
    if not place.id.startswith("geonames:") or place.is_country or " " in surface.strip():
        return False
    key, own = cached_key(surface), cached_key(place.name)
    if key == own or loose:
        return key != own
    return not loosely_alike(key, own) and cached_loose_key(key) != cached_loose_key(own)
