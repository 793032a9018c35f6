"""What every geocoder answers: a place name and its context in, the candidates out.

The offline ``Gazetteer`` and each online provider (``OnlineGeocoder``) are
``Geocoder``s; ``geo.geocode.chain`` composes them, the online one asked only
for what the offline one cannot place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from geo.geocode.place import Choice


@dataclass(frozen=True)
class Context:
    """What is known around a name when it is looked up.

    ``countries``: ISO alpha-2 codes of the countries named with it (an
    article's, or a batch's): places in them are preferred. ``near``: (lon,
    lat) points of other places named with it: places near them are
    preferred. ``only_in``: ISO codes the place must lie in (none: anywhere).
    """

    countries: tuple[str, ...] = ()
    near: tuple[tuple[float, float], ...] = ()
    only_in: tuple[str, ...] = ()


NO_CONTEXT = Context()


class Geocoder(Protocol):
    """Anything that reads a place name in its context.

    ``choose`` returns the candidates best first with the reason the first
    won (a ``Choice``; no place when it knows none), and raises
    ``geo.errors.GeocodeError`` when it cannot answer at all (an online
    provider that failed). ``name`` says which geocoder it is, as a
    ``Choice``'s ``geocoder`` does.
    """

    @property
    def name(self) -> str: ...

    def choose(self, name: str, context: Context = NO_CONTEXT) -> Choice: ...
