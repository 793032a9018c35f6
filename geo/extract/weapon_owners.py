"""A weapon's type as a party, and the owner that overrides it.

The lexicon names an aircraft or drone type for the force that flies it most
("F-16": the United States); an owner named just before it ("Iraqi Air Force
F-16 aircraft") says whose it is. :mod:`geo.extract.parties` asks.
"""

from __future__ import annotations

from functools import lru_cache

from geo.extract.triggers import weapon_type_names


def owned_weapons_dropped(
    text: str, found: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Return ``found`` without a weapon's type that follows the party owning it.

    "Iraqi Air Force F-16 aircraft", "a Ukrainian F-16": the lexicon names
    the type for the force that flies it most (the F-16 for the US), but an
    owner named just before it says whose it is.
    """
    kept: list[tuple[int, int, str]] = []
    for at, stop, who in found:
        if (
            kept
            and 0 <= at - kept[-1][1] <= 2
            and text[at:stop].lower() in weapon_names()
            and who != kept[-1][2]
        ):
            continue
        kept.append((at, stop, who))
    return kept


@lru_cache(maxsize=1)
def weapon_names() -> frozenset[str]:
    """Return the aircraft and drone types of ``data/weapon_systems.csv``, lower case."""
    drones, aircraft = weapon_type_names()
    return frozenset(drones + aircraft)
