"""Geocoders composed: the offline gazetteer first, an online provider for what it leaves.

``chain(offline, online)`` is itself a ``Geocoder``: a name the offline one
places never reaches the online one, so the network is asked only for what
the gazetteer does not know. ``reporting`` wraps a geocoder whose failures
should be said and the run go on, rather than raised.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from geo.errors import GeocodeError, OnlineNotAskedError
from geo.geocode.place import Choice
from geo.geocode.protocol import NO_CONTEXT, Context, Geocoder
from geo.support.progress import Progress


class Chain:
    """The offline geocoder, then the online one for the names it cannot place."""

    def __init__(self, offline: Geocoder, online: Geocoder | None = None) -> None:
        self.offline = offline
        self.online = online

    @property
    def name(self) -> str:
        if self.online is None:
            return self.offline.name
        return f"{self.offline.name}, then {self.online.name}"

    def choose(self, name: str, context: Context = NO_CONTEXT) -> Choice:
        """Return the offline choice when it has a place, else the online one."""
        choice = self.offline.choose(name, context)
        if choice.place is not None or self.online is None:
            return choice
        return self.online.choose(name, context)

    def choose_all(
        self,
        asked: Sequence[tuple[str, Context]],
        *,
        offline: Sequence[Choice] | None = None,
        progress: bool | None = False,
    ) -> list[Choice]:
        """Return the choice for each ``(name, context)``, in order, as ``choose`` makes it.

        Every name is read offline first (``offline``, when given, are the
        offline geocoder's choices for ``asked`` already made); then the
        online geocoder is asked for those left without a place, in order,
        with a progress bar on stderr (``progress=None``: only when stderr is
        a terminal).
        """
        if offline is None:
            offline = [self.offline.choose(name, context) for name, context in asked]
        choices = list(offline)
        if self.online is None:
            return choices
        unplaced = [i for i, choice in enumerate(choices) if choice.place is None]
        if not unplaced:
            return choices
        bar = Progress("geocoding online", len(unplaced), stream=sys.stderr, enabled=progress)
        try:
            for i in unplaced:
                name, context = asked[i]
                choices[i] = self.online.choose(name, context)
                bar.step()
        finally:
            bar.finish()
        return choices


def chain(offline: Geocoder, online: Geocoder | None = None) -> Chain:
    """Return the geocoder that asks ``online`` only for what ``offline`` cannot place.

    As geopy composes a ``RateLimiter`` around a geocoding function, the
    chain is a geocoder made of geocoders: with no ``online`` it is the
    offline one alone.
    """
    return Chain(offline, online)


class Reporting:
    """A geocoder whose failures are said through ``report`` and answered as failed.

    Each ``GeocodeError`` becomes one line for ``report`` and a ``Choice``
    with no place and ``failed`` set, so one name's failure does not stop a
    run. A name not asked because the provider failed too often earlier
    (``OnlineNotAskedError``) is not said: the provider says how many once,
    when it is closed.
    """

    def __init__(self, geocoder: Geocoder, report: Callable[[str], None]) -> None:
        self.geocoder = geocoder
        self.report = report

    @property
    def name(self) -> str:
        return self.geocoder.name

    def choose(self, name: str, context: Context = NO_CONTEXT) -> Choice:
        try:
            return self.geocoder.choose(name, context)
        except OnlineNotAskedError:
            pass
        except GeocodeError as exc:
            self.report(str(exc))
        return Choice(None, reason="failed", geocoder=self.geocoder.name, failed=True)


def reporting(geocoder: Geocoder, report: Callable[[str], None]) -> Reporting:
    """Return ``geocoder`` with its failures said through ``report`` rather than raised."""
    return Reporting(geocoder, report)
