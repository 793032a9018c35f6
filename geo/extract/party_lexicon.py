"""The parties' lexicon: how news names each party, and how ACLED names a state's forces.

``data/actors.csv`` maps the phrases reports use ("coalition aircraft",
"Iranian-backed militias", "ISIS") to one name per party, so the same actor
reads the same across reports; a phrase of several parties ("IAF") is named
by the event's country. A state's forces are named from its adjective or
name ("Military Forces of Russia").
"""

from __future__ import annotations

import csv
from functools import lru_cache
from typing import Any

from geo.extract.patterns import Caseless, caseless, finditer_caseless, trie_pattern
from geo.extract.text import Span
from geo.support.paths import data_dir


@lru_cache(maxsize=1)
def _lexicon() -> tuple[Caseless, dict[str, str]]:
    names: dict[str, str] = {}
    for phrase, senses in _senses().items():
        # A phrase of several parties ("IAF": Israel's or India's air force) is
        # named once the event's country is known (``_named``).
        names[phrase] = senses[0][0] if len(senses) == 1 else AMBIGUOUS + phrase
    # A trie prefers the longer phrase: "coalition aircraft" before "coalition".
    return caseless(rf"(?<![\w-])(?:{trie_pattern(names)})(?![\w-])"), names


# The mark of a phrase that names several parties, before the phrase itself.
AMBIGUOUS = "\x00"


@lru_cache(maxsize=1)
def _senses() -> dict[str, list[tuple[str, str]]]:
    """Return each phrase of ``data/actors.csv`` with the (party, country) rows it names."""
    senses: dict[str, list[tuple[str, str]]] = {}
    with open(data_dir() / "actors.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for phrase in row["phrases"].split("|"):
                if phrase.strip():
                    sense = (row["actor"].strip(), (row.get("country") or "").strip().upper())
                    found = senses.setdefault(phrase.strip().lower(), [])
                    if sense not in found:
                        found.append(sense)
    return senses


def _sense(phrase: str, country: str | None) -> str:
    """Return the party a phrase of several names where the event is.

    The party of the event's country, else of a country bordering it ("the
    IAF" striking in Lebanon is Israel's), else the first row's.
    """
    senses = _senses()[phrase]
    if country:
        from geo.strips import has_border

        for party, home in senses:
            if home == country:
                return party
        for party, home in senses:
            if home and has_border(home, country):
                return party
    return senses[0][0]


def inside_party_name(text: str, span: Span) -> bool:
    """Return whether a name stands inside a longer name of a party of the lexicon.

    A place inside one is the party's name, not a place of the story: "Africa"
    in "Islamic State West Africa Province", "Iraq" in "Islamic Resistance in Iraq".
    Only names that some longer phrase holds are looked at, around themselves.
    """
    if not any(word in _phrase_words() for word in span.text.lower().split()):
        return False
    patterns, _ = _lexicon()
    start, end = max(0, span.start - _PHRASE_REACH), min(len(text), span.end + _PHRASE_REACH)
    return any(
        m.start() <= span.start
        and span.end <= m.end()
        and m.end() - m.start() > span.end - span.start
        for m in finditer_caseless(patterns, text, start, end)
    )


_PHRASE_REACH = 80  # characters around a name that a party's longer name may run over


@lru_cache(maxsize=1)
def _phrase_words() -> frozenset[str]:
    """Return the words of the lexicon's phrases of several words."""
    return frozenset(w for phrase in _senses() if " " in phrase for w in phrase.split())


@lru_cache(maxsize=512)
def country_code(word: str) -> str | None:
    """Return the ISO code of the country a word names or is the adjective of, else None."""
    from geo.extract.strips import country_of_word
    from geo.geocode.gazetteer import default_gazetteer

    return country_of_word(word, default_gazetteer())


@lru_cache(maxsize=256)
def state_forces(code: str) -> str:
    """Return ACLED's name for a state's military: "Military Forces of Russia".

    ACLED codes no military of Palestine: the Palestinian Authority's security
    forces are its "Police Forces of Palestine".
    """
    if code == "PS":
        return f"Police Forces of {country_display_name(code)}"
    return f"Military Forces of {country_display_name(code)}"


# Territories whose unnamed "troops", "soldiers" or "army" are another state's:
# ACLED codes no military of Palestine (its security forces are "Police Forces
# of Palestine"); the soldiers who raid Jenin or fight in Gaza are Israel's.
FORCES_HELD_BY = {"PS": "Military Forces of Israel"}
# Whose forces "the occupation forces" are, by the country the event is in, as
# the outlets there write it: Palestinian outlets (WAFA) of Israel's army in the
# West Bank and Gaza, Lebanese ones (NNA) of Israel's in south Lebanon, Ukrainian
# ones of Russia's (occupied since 2014 and 2022), Georgian ones of Russia's in
# Abkhazia and South Ossetia (since 2008). Elsewhere the phrase names nobody.
OCCUPIER_OF = {"PS": "IL", "LB": "IL", "UA": "RU", "GE": "RU"}

HELD_AREAS_FILE = "held_areas.csv"


@lru_cache(maxsize=1)
def _held_rows() -> tuple[tuple[str, str], ...]:
    """Return (area id, forces) of each row of ``data/held_areas.csv``, read once."""
    with open(data_dir() / HELD_AREAS_FILE, encoding="utf-8", newline="") as fh:
        return tuple((row["area_id"], row["held_by"].strip()) for row in csv.DictReader(fh))


@lru_cache(maxsize=1)
def _held_areas() -> list[tuple[Any, str]]:
    """Return (prepared outline, forces) of each area another state holds (held_areas.csv)."""
    import shapely
    from shapely.geometry import shape

    from geo.geocode.gazetteer import default_gazetteer

    outlines = default_gazetteer().outlines
    held = []
    for area_id, forces in _held_rows():
        geometry = outlines.geometry(area_id) if outlines is not None else None
        if geometry is not None:
            outline = shape(geometry)
            shapely.prepare(outline)
            held.append((outline, forces))
    return held


@lru_cache(maxsize=1)
def held_countries() -> frozenset[str]:
    """Return the countries whose areas ``data/held_areas.csv`` lists ("ne:admin1:UA:crimea")."""
    return frozenset(area_id.split(":")[2] for area_id, _ in _held_rows())


def held_by(place) -> str | None:
    """Return the forces that hold the area a place lies in ("Military Forces of Russia" in Crimea).

    Unnamed "troops" or "air defences" in Sevastopol, or an airbase at Saky,
    are the holder's, though ACLED files the event under Ukraine.
    """
    if place is None or place.lon is None or place.lat is None:
        return None
    from shapely.geometry import Point

    point = Point(place.lon, place.lat)
    for outline, forces in _held_areas():
        if outline.covers(point):
            return forces
    return None


# Where ACLED's country name is not GeoNames' (ACLED writes "Palestine").
_ACLED_COUNTRY = {"PS": "Palestine", "CD": "Democratic Republic of Congo"}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    from geo.geocode.gazetteer import default_gazetteer

    return {p.country: p.name for p in default_gazetteer().candidates_of_kind("country")}


@lru_cache(maxsize=256)
def country_display_name(code: str) -> str:
    """Return a country's name as ACLED writes it in an actor: "the United States", "Syria"."""
    name = _ACLED_COUNTRY.get(code) or _country_names().get(code, code)
    if name.startswith(("United ", "Democratic Republic", "Central African", "Republic")) or (
        name.endswith("s") and name not in ("Laos",)
    ):
        return f"the {name}"
    return name
