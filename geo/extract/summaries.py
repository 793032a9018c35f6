"""A sea or a region told first, and the position inside it told after: one event.

A report often sums up before it details: "the Houthis fired missiles at two
ships, one in the Red Sea and one in the Gulf of Aden", then "a vessel
reported two explosions some 70 nautical miles west of Hodeidah". ACLED codes
the event once, at the most precise place the report gives. An event of one
article placed on an area (a sea, a strait, a first-level division) whose
outline holds exactly one event of the same kind and day, told in another
sentence of the same article at a more precise place, is that event: it is
moved there, and its sentence becomes one more source of it. With two or
more precise events in the area the summary cannot say which it is, and
stays where it was told.
"""

from __future__ import annotations

from dataclasses import replace

import shapely

from geo.extract.containment import km_outside, outline_of
from geo.extract.incidents import Mention
from geo.geocode.areas import is_area
from geo.geocode.gazetteer import Gazetteer
from geo.geocode.place import Place

# A point this near an area's outline lies in it: outlines are simplified, and
# a position "off" a coast may fall just outside a sea drawn at 1:10m.
EDGE_KM = 10.0


def told_in_detail(mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Return one article's mentions, each told on an area moved to the one place in it."""
    coarse = [k for k, m in enumerate(mentions) if m.place is not None and is_area(m.place)]
    if not coarse:
        return mentions
    # The precise tellings of each kind, day and number, once: each summary
    # reads only its own group, not the whole article.
    groups: dict[tuple, list[Mention]] = {}
    for m in mentions:
        if m.place is not None and not is_area(m.place):
            groups.setdefault((m.event_type, m.date, m.event_no), []).append(m)
    out = list(mentions)
    for k in coarse:
        m = mentions[k]
        area = m.place
        assert area is not None
        group = groups.get((m.event_type, m.date, m.event_no))
        outline = outline_of(gazetteer, area) if group else None
        if outline is None:
            continue
        inside: dict[str, Place] = {}
        for other in group or ():
            place = other.place
            assert place is not None
            # In a sentence of its own: not the summary's own list.
            if other.sentence == m.sentence or place.id in inside:
                continue
            if _lies_in(place, outline):
                inside[place.id] = place
                if len(inside) > 1:
                    break  # two events there: the summary cannot say which
        if len(inside) == 1:
            (place,) = inside.values()
            basis = f"{m.place_basis}; told in detail at {place.name} in the same report"
            out[k] = replace(m, place=place, place_basis=basis)
    return out


def _lies_in(place: Place, outline: shapely.Geometry) -> bool:
    if place.lat is None or place.lon is None:
        return False
    return km_outside(place.lon, place.lat, outline) <= EDGE_KM
