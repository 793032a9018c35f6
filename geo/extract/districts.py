"""Parts of a city: "the X district of Y" lies in Y, never in another place called X.

District and neighbourhood names are rarely in a gazetteer, and when a name
like one is, it is often another place far away (a town of that name, or a
region the loose spelling match finds). The phrase itself says where the
district is: in the city named after "of". A place read for X that does not
lie within ``_IN_CITY_KM`` of Y becomes the district, placed at Y.
"""

from __future__ import annotations

import math
import re

from geo.extract.places import PlaceMention
from geo.extract.text import Span
from geo.geocode.areas import DESIGNATORS, TOWN_TYPES
from geo.geocode.gazetteer import Gazetteer
from geo.geocode.place import Place
from geo.geocode.rank import distance_km

_PART = r"district|neighbou?rhood|quarter|suburb|area|sector|borough|municipality"
# Between the district's name and the city's: its kind of part, and "of" or "in".
_BETWEEN = re.compile(rf"\s+(?:{_PART})\s+(?:of|in)\s+(?:the\s+(?:city|town)\s+of\s+)?$", re.I)
_DESIGNATED = re.compile(rf"\s+(?:{_PART})$", re.I)
_IN_CITY_KM = 30.0
_IN_DIVISION_KM = 80.0  # a district's places lie this near its admin centre


def _part_of(label: str, city: Place, at: Place | None = None) -> Place:
    """Return the part of ``city`` called ``label``, placed at the city (geo_precision 2).

    ``at``: a place of the city spelled like the part, which it is named after
    ("Saltivskyi district" after Saltivka): the part is placed there.
    """
    where = at or city
    return Place(
        id=f"district:{city.id}:{label.casefold()}",
        name=f"{label} ({city.name})",
        country=city.country,
        place_type="district",
        lat=where.lat,
        lon=where.lon,
        source=where.source,
    )


def _apart_km(a: Place, b: Place) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    return distance_km((a.lon, a.lat), (b.lon, b.lat))


# "the Saltivskyi district of Kharkiv": a part of a city, named before the city.
_UNNAMED_PART = re.compile(
    rf"(?P<name>(?:[A-Z][\w'’]*(?:-[\w'’]+)*)(?:\s+[A-Z][\w'’]*(?:-[\w'’]+)*){{0,2}})"
    rf"\s+(?:{_PART})\s+(?:of|in)\s+(?:the\s+(?:city|town)\s+of\s+)?$"
)
_HELD = re.compile(r"-(?:held|controlled|occupied|run|backed|led|administered)$", re.I)
_NOT_A_NAME = frozenset(
    {"The", "A", "An", "This", "That", "Its", "Their", "In", "On", "At", "Old", "New"}
)


def read_districts(
    text: str, named: list[PlaceMention], gazetteer: Gazetteer
) -> list[PlaceMention]:
    """Return ``named`` with each "X district of Y" read as a part of Y.

    X read as a place far from Y is the place near Y spelled like X when the
    gazetteer has one ("the Nowshera sector of Rajouri district": Nāushahra),
    else it becomes the district; X the gazetteer does not know ("the
    Saltivskyi district of Kharkiv") is added as one. Y named as a division
    ("the Keran sector of Kupwara district") holds places up to
    ``_IN_DIVISION_KM`` from its centre.
    """
    found = _unknown_parts(text, named, gazetteer)
    named = found
    found = list(named)
    for i, city in enumerate(named):
        if city.place.is_country or city.place.lat is None:
            continue
        # The mention just before the city, joined to it by "district of".
        for j in range(i - 1, max(-1, i - 3), -1):
            part = named[j]
            gap = text[part.span.end : city.span.start]
            name_end = part.span.end
            if _BETWEEN.fullmatch(gap) is None:
                # "Salem district" read as one name: its designator is inside the span.
                inner = _DESIGNATED.search(part.span.text)
                if inner is None or not re.fullmatch(r"\s+(?:of|in)\s+", gap, re.I):
                    continue
                name_end = part.span.start + inner.start()
            division = city.place.place_type == "region" or _DIVISION_AFTER.match(
                text, city.span.end
            )
            within = _IN_DIVISION_KM if division else _IN_CITY_KM
            if _apart_km(part.place, city.place) <= within:
                break
            label = text[part.span.start : name_end]
            known = _in_place(gazetteer, label, city, text)
            if known is not None:
                found[j] = PlaceMention(known[0], part.span, 1, known[1])
                break
            district = _part_of(label, city.place)
            span = Span(part.span.start, part.span.end, part.span.text)
            found[j] = PlaceMention(
                district, span, 1, f"a part of {city.span.text}, as the text says"
            )
            break
    return _parts_of_the_city(text, found, gazetteer)


# "the city's Kyivskyi district": a part of the city told just before.
_THE_CITYS = re.compile(r"\bthe\s+(?:city|town|capital)['’]s\s+$", re.I)
_CITY_BEFORE_CHARS = 300


def _parts_of_the_city(
    text: str, named: list[PlaceMention], gazetteer: Gazetteer
) -> list[PlaceMention]:
    """Return ``named`` with each "the city's X district" read as a part of that city."""
    found = list(named)
    for j, part in enumerate(named):
        if not _THE_CITYS.search(text, max(0, part.span.start - 20), part.span.start):
            continue
        name_end = part.span.end
        inner = _DESIGNATED.search(part.span.text)
        if inner is not None:
            name_end = part.span.start + inner.start()
        elif not re.match(rf"\s+(?:{_PART})\b", text[part.span.end :], re.I):
            continue
        city = None
        for c in reversed(named[:j]):
            if part.span.start - c.span.end > _CITY_BEFORE_CHARS:
                break  # mentions are in text order: the rest lie farther back
            if c.place.place_type in TOWN_TYPES and c.place.lat is not None:
                city = c
                break
        if city is None or _apart_km(part.place, city.place) <= _IN_CITY_KM:
            continue
        label = text[part.span.start : name_end]
        known = _in_place(gazetteer, label, city, text)
        if known is not None:
            found[j] = PlaceMention(known[0], part.span, 1, known[1])
        else:
            found[j] = PlaceMention(
                _part_of(label, city.place),
                part.span,
                1,
                f"a part of {city.span.text}, as the text says",
            )
    return found


# A town named with the kind of division it gives its name to ("Tyre district",
# "Poonch district", "Nabatieh governorate"), where no division was found.
# Also the second levels news names that Natural Earth's first level lacks: Congo's
# territories ("Djugu territory"), Myanmar's townships, the "countryside" of a
# Syrian city, and "the Sumy regional administration".
_DIVISION_AFTER = re.compile(
    r"\s+(?P<kind>district|governorate|province|oblast|region|county|prefecture|raion"
    r"|territory|township|countryside|regional(?=\s+(?:military\s+)?(?:governor|administration"
    r"|authorities|council|government|head|police|officials?)\b))\b",
    re.I,
)
_DIVISION_LAST = re.compile(rf"\s(?P<kind>{'|'.join(sorted(DESIGNATORS))})$", re.I)
_OF = re.compile(r"\s+(?:of|in)\s+", re.I)
_CLAUSE_END = re.compile(r"[.;:!?]")


def read_divisions(text: str, named: list[PlaceMention]) -> list[PlaceMention]:
    """Return ``named`` with each "X district" that was read as the town X made the division.

    The division's outline is not in the data (districts are a second level);
    as ACLED codes such a place, it stands at its admin centre, the town,
    with the kind of a region, so it is never taken for the town itself.
    """
    found = []
    for i, pm in enumerate(named):
        town = pm.place.place_type in TOWN_TYPES
        # "Lamu county" read as the town Lamu (the data has no such county there).
        inside = _DIVISION_LAST.search(pm.span.text) if town else None
        after = _DIVISION_AFTER.match(text, pm.span.end) if town and not inside else None
        of = _OF.match(text, after.end()) if after is not None else None
        if of is not None:
            # "the X district of Y": a part of the city Y (see read_districts), unless
            # Y is a country ("the Tyre district of southern Lebanon").
            following = next((m for m in named[i + 1 :] if m.span.start >= of.end()), None)
            gap = text[of.end() : following.span.start] if following is not None else ""
            if following is not None and len(gap) < 20 and not _CLAUSE_END.search(gap):
                if not following.place.is_country:
                    after = None
        if inside is not None:
            kind, end = inside["kind"].lower(), pm.span.end
        elif after is not None:
            kind, end = after["kind"].lower(), after.end()
        else:
            found.append(pm)
            continue
        label = text[pm.span.start : end]
        name = " ".join(label.split())
        if kind == "regional":  # "the Sumy regional administration": the Sumy region's
            kind, name = "region", f"{pm.span.text} region"
        division = Place(
            id=f"division:{pm.place.id}:{kind}",
            name=name,
            country=pm.place.country,
            place_type="region",
            lat=pm.place.lat,
            lon=pm.place.lon,
            source=pm.place.source,
        )
        span = Span(pm.span.start, end, label)
        found.append(
            PlaceMention(
                division, span, pm.candidates, f"the {kind} of {pm.place.name}, at its centre"
            )
        )
    return found


def _in_place(
    gazetteer: Gazetteer, label: str, city: PlaceMention, text: str
) -> tuple[Place, str] | None:
    """Return what ``label`` names in the city (or division) named, from a place spelled like it.

    In a division ("the Keran sector of Kupwara district") the place is the
    town; in a city ("the Saltivskyi district of Kharkiv") the part, placed
    where the place of its name is. None when no such place lies there.
    """
    place = city.place
    if place.lat is None or place.lon is None:
        return None
    division = (
        place.place_type == "region" or _DIVISION_AFTER.match(text, city.span.end) is not None
    )
    within = _IN_DIVISION_KM if division else _IN_CITY_KM
    near = gazetteer.namesakes_near(label, place.lon, place.lat, within)
    town = next((p for p in near if p.place_type in TOWN_TYPES and p.id != place.id), None)
    if town is None:
        return None
    if division:
        return town, f"in {city.span.text}, as the text says"
    return _part_of(label, place, town), f"a part of {city.span.text}, where {town.name} is"


def _unknown_parts(
    text: str, named: list[PlaceMention], gazetteer: Gazetteer
) -> list[PlaceMention]:
    """Return ``named`` with the parts of cities it lacks: "the Saltivskyi district of Kharkiv".

    A name the finder left out is read by ``_in_place`` first.
    """
    added = []
    taken = [(m.span.start, m.span.end) for m in named]
    for city in named:
        if (
            city.place.is_country
            or city.place.lat is None
            or city.place.place_type not in TOWN_TYPES | {"region"}
        ):
            continue
        m = _UNNAMED_PART.search(text, max(0, city.span.start - 80), city.span.start)
        if m is None:
            continue
        words = list(re.finditer(r"\S+", m["name"]))
        while words and words[0].group() in _NOT_A_NAME:
            words = words[1:]
        # "the Russian-held area of Kherson": who holds it, not its name.
        if not words or any(_HELD.search(w.group()) for w in words):
            continue
        start = m.start("name") + words[0].start()
        label = " ".join(w.group() for w in words)
        if any(a < m.end("name") and start < b for a, b in taken):
            continue  # the name was read: read_districts decides
        span = Span(start, m.end("name"), text[start : m.end("name")])
        known = _in_place(gazetteer, label, city, text)
        if known is not None:
            added.append(PlaceMention(known[0], span, 1, known[1]))
            continue
        district = _part_of(label, city.place)
        added.append(
            PlaceMention(district, span, 0, f"a part of {city.span.text}, as the text says")
        )
    if not added:
        return named
    return sorted([*named, *added], key=lambda pm: pm.span.start)
