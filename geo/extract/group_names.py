"""The name of an armed group the lexicon does not know, read from the words before its men.

"3R fighters", "Kuki militants", "Viv Ansanm gunmen": one or two capitalised
words right before a word for armed men name the group, unless they open a
sentence or a clause ("The", "Suspected"), name a country ("Palestinian
militants") or a place ("Idlib rebels"). ``geo.extract.parties`` asks here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from geo.extract.party_lexicon import country_code

# A name right before armed men: "3R", "Kuki", "Viv Ansanm" (one or two capitalised words).
_GROUP_NAME_BEFORE = re.compile(
    r"(?<![\w'’-])(?P<name>[A-Z0-9][\w'’-]*(?:\s+[A-Z0-9][\w'’-]*)?)\s+$"
)


def group_name(text: str, start: int, end: int) -> tuple[str, int] | None:
    """Return the name written right before armed men, and where it starts, if one is.

    Not a word that opens a sentence or says what the men are ("The", "Suspected"),
    nor a country's ("Palestinian militants" are of a country, not a group).
    """
    m = _GROUP_NAME_BEFORE.search(text, start, end)
    if m is None:
        return None
    name, at = m["name"], m.start("name")
    first, _, rest = name.partition(" ")
    if rest and first in NOT_GROUP_NAMES:
        name, at = rest, at + len(first) + 1  # "Suspected Kuki militants": Kuki
    if (
        name in NOT_GROUP_NAMES
        or not any(c.isupper() for c in name)
        or any(country_code(w) for w in name.split())
        or _names_an_area(name)
    ):
        return None
    return name, at


@lru_cache(maxsize=512)
def _names_an_area(name: str) -> bool:
    """Return whether a name is a region's or a big city's: "Idlib rebels" are of a place."""
    from geo.geocode.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    if any(
        p.place_type in ("region", "country") or p.population >= 100_000
        for p in gazetteer.candidates(name)
    ):
        return True
    return any(
        gazetteer.candidates(f"{name} {division}")
        for division in ("governorate", "province", "region", "oblast", "state", "district")
    )


# Capitalised words that open a sentence or a clause before armed men, not a name.
NOT_GROUP_NAMES = frozenset(
    {
        "The",
        "A",
        "An",
        "Some",
        "Several",
        "Suspected",
        "Armed",
        "Unidentified",
        "Unknown",
        "Masked",
        "Islamist",
        "Jihadist",
        # Words that say what the men are, not which group: "Separatist fighters".
        "Separatist",
        "Separatists",
        "Rebel",
        "Insurgent",
        "Militant",
        "Extremist",
        "Terrorist",
        "Tribal",
        "Ethnic",
        "Enemy",
        "Local",
        "Rival",
        "Heavily",
        "Many",
        "Other",
        "Hundreds",
        "Dozens",
        "Two",
        "Three",
        "Four",
        "Five",
        "Six",
        "Seven",
        "Eight",
        "Nine",
        "Ten",
        "About",
        "Around",
        "Nearly",
        "More",
        "Most",
        "All",
        "Both",
        "These",
        "Those",
        "Their",
        "His",
        "Her",
        "Its",
        "Our",
        "When",
        "After",
        "As",
        "While",
        "Where",
        "Then",
        "And",
        "But",
        "On",
        "In",
        "At",
    }
)
