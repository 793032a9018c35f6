"""What a batch keeps of each article it extracts, and the features made of it at the end.

Reading an article gives place mentions, zone reports and the tellings of
events; each is kept as a small record (the article's text is let go), and
turned into the contract's features (``geo.features``) only when written.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import shapely
from shapely.geometry import mapping, shape

from geo.errors import GeoError
from geo.extract.acled import ACLED_TIME_PRECISION, acled_type
from geo.extract.event_dates import DATE_CONFLICT
from geo.extract.incidents import Incident
from geo.extract.places import PlaceMention
from geo.extract.radii import RadiusMention
from geo.extract.strips import CoastMention, LineMention, StripMention
from geo.extract.text import Span, clip_around
from geo.features import feature, point
from geo.geocode.gazetteer import Place
from geo.geocode.lookup import place_properties
from geo.read.articles import Article
from geo.strips import (
    KnownLine,
    border_between,
    border_name,
    coastal_zone,
    coastline,
    country_name,
    country_shape,
    geodesic_strip,
    line_part,
    river_stretch,
    stretches_near,
)
from geo.units import format_by_direction, format_distance
from geo.wedges import uncertainty_area
from geo.zones import geodesic_rings

ZONE_TOLERANCE_M = 1.0


@dataclass
class StripReport:
    """A zone along a border, as one sentence reports it."""

    strip: StripMention
    source: Source


@dataclass
class ZoneReport:
    center: Place
    center_basis: str
    radius: RadiusMention
    source: Source


class PlaceMentions:
    """Where a batch names one place: its first mention, then each one's document and span.

    Kept as parallel arrays (a batch names places hundreds of thousands of
    times): a mention costs four references, not a tuple and two integers.
    """

    __slots__ = ("first", "documents", "texts", "starts", "ends", "datelines")

    def __init__(self, first: PlaceMention):
        self.first = first
        self.documents: list[str] = []
        self.texts: list[str] = []
        self.starts = array("q")
        self.ends = array("q")
        self.datelines: list[int] = []  # which mentions are the report's dateline

    def add(self, document: str, text: str, start: int, end: int, dateline: bool) -> None:
        if dateline:
            self.datelines.append(len(self.documents))
        self.documents.append(document)
        self.texts.append(text)
        self.starts.append(start)
        self.ends.append(end)

    def spans(self) -> list[dict]:
        """Return the mentions as the contract writes them."""
        found = [
            {"document": d, "text": t, "start": a, "end": b}
            for d, t, a, b in zip(self.documents, self.texts, self.starts, self.ends, strict=True)
        ]
        for i in self.datelines:
            found[i]["role"] = "dateline"
        return found


@dataclass(slots=True)
class Telling:
    """One telling of an event, as kept once its article's text is let go.

    What the incident feature needs of it (its source, summary and parties)
    is read from the text when the article is extracted, so a batch holds
    these small records, not every article's text.
    """

    event_type: str
    date: str | None
    date_precision: str | None
    place: Place | None
    event_no: int
    article_id: str
    sentence_start: int
    date_basis: str
    place_basis: str
    source: Source
    summary: str
    actors: tuple[str | None, str | None]


def span_dict(article: Article, span: Span) -> dict:
    """Return a span of ``article`` as the contract writes it."""
    return {"document": article.id, "text": span.text, "start": span.start, "end": span.end}


def source_dict(article: Article, sentence: Span, match: Span) -> dict:
    """Return a source: the sentence, with ``match`` the words that triggered it.

    A very long sentence is quoted around its match (``clip_around``), and
    says so with ``clipped``.
    """
    return source_of(source_tuple(article, sentence, match))


# A source as kept between reading and writing: (document, text, start, end,
# clipped, match text, match start, match end). A tuple is a third of a dict.
Source = tuple[str, str, int, int, bool, str, int, int]


def source_tuple(article: Article, sentence: Span, match: Span) -> Source:
    quoted = clip_around(article.text, sentence, match)
    return (
        article.id,
        quoted.text,
        quoted.start,
        quoted.end,
        quoted != sentence,
        match.text,
        match.start,
        match.end,
    )


def source_of(source: Source) -> dict:
    document, text, start, end, clipped, match_text, match_start, match_end = source
    found = {"document": document, "text": text, "start": start, "end": end}
    if clipped:
        found["clipped"] = True
    found["match"] = {"text": match_text, "start": match_start, "end": match_end}
    return found


def lonlat(place: Place) -> tuple[float, float]:
    """Return (lon, lat) of a place that has them: a zone's centre, a located incident's place."""
    if place.lon is None or place.lat is None:
        raise ValueError(f"{place.name} has no coordinates")
    return place.lon, place.lat


def located(place: Place | None) -> bool:
    """Return whether ``place`` is a point on the map (countries are not)."""
    return place is not None and place.lon is not None and place.lat is not None


def place_feature(mentions: PlaceMentions, offsets: dict[str, dict] | None = None) -> dict:
    first = mentions.first
    place = first.place
    geometry = point(*lonlat(place)) if located(place) and not place.is_country else None
    props = {
        **place_properties(place),
        "candidates": first.candidates,
        "chosen_because": first.reason,
        "mentions": mentions.spans(),
    }
    offset = (offsets or {}).get(place.id)
    if offset is not None:
        props.update(offset_properties(offset))
    return feature(geometry, props)


def offset_properties(offset: dict) -> dict:
    """Return what a place or incident at an offset position says of it.

    ``geo_precision`` 2 is ACLED's "near the place named"; ``uncertainty_m``
    the radius around the point that holds the whole uncertainty wedge.
    """
    _, reach = uncertainty_area(offset)
    return {"offset": offset, "geo_precision": 2, "uncertainty_m": round(reach, 1)}


def zone_groups(reports: list[ZoneReport]) -> tuple[list[list[ZoneReport]], list[str]]:
    """Return the zone reports grouped by centre and radius, less those that cannot be drawn.

    A radius near half the Earth's circumference folds over near the centre's
    antipode; that is found only by drawing it, so each group is tried once
    here and a group that cannot be drawn is named and left out.
    """
    groups: dict[tuple, list[ZoneReport]] = {}
    for r in reports:
        # A zone sized by direction is its own zone, not the ring of its widest reach.
        key = (r.center.id, round(r.radius.radius_m, 1), r.radius.directions)
        groups.setdefault(key, []).append(r)
    kept, problems = [], []
    for group in groups.values():
        first = group[0]
        if first.radius.radius_m > FOLD_RISK_M:
            try:
                geodesic_rings(
                    [lonlat(first.center)],
                    [first.radius.radius_m],
                    tolerance_m=ZONE_TOLERANCE_M,
                )
            except GeoError as exc:
                documents = ", ".join(dict.fromkeys(r.source[0] for r in group))
                problems.append(f"{documents}: zone “{first.radius.text}”: {exc}; left out")
                continue
        kept.append(group)
    return kept, problems


# Only radii this large can fold over near the antipode (geo.zones checks from 19,900 km).
FOLD_RISK_M = 19_000_000.0


def zone_properties(group: list[ZoneReport]) -> dict:
    first = group[0]
    reported = {
        "value": first.radius.value,
        "unit": first.radius.unit,
        "text": first.radius.text,
    }
    if first.radius.equivalent:
        reported["equivalent"] = {
            "value": first.radius.equivalent[0],
            "unit": first.radius.equivalent[1],
        }
    props = {
        "kind": "zone",
        "center": first.center.name,
        "center_gazetteer_id": first.center.id,
        "center_lonlat": [first.center.lon, first.center.lat],
        "center_basis": first.center_basis,
        "radius_m": first.radius.radius_m,
        "label": format_distance(first.radius.radius_m),
        "tolerance_m": ZONE_TOLERANCE_M,
        "reported": reported,
        "sources": [source_of(r.source) for r in group],
    }
    if first.radius.directions:
        # "10 km in the north and 5 km in the south": radius_m is the widest reach.
        props["shape"] = "sectors"
        props["by_direction"] = [
            {"bearing_deg": bearing, "radius_m": metres}
            for bearing, metres in first.radius.directions
        ]
        props["label"] = format_by_direction(list(first.radius.directions))
    return props


def incident_feature(incident: Incident, offsets: dict[str, dict] | None = None) -> dict:
    first = incident.mentions[0]
    # The first telling that names the most of the parties says who acted on
    # whom: the doer first ("pro-Assad forces had fired at coalition forces"
    # over "the drone fired at coalition forces").
    actor1, actor2 = max(
        (m.actors for m in incident.mentions),
        key=lambda pair: (pair[0] is not None, pair[1] is not None),
        default=(None, None),
    )
    # A telling that names one side leaves the other to another telling that
    # agrees with it: "a terrorist attack by the Kyiv regime" and "drones had
    # hit an air-defence system at the airbase" give doer and target.
    for a1, a2 in (m.actors for m in incident.mentions):
        if actor2 is None and a2 is not None and a2 != actor1 and a1 in (None, actor1):
            actor2 = a2
        if actor1 is None and a1 is not None and a1 != actor2 and a2 in (None, actor2):
            actor1 = a1
    acled = acled_type(incident.event_type, actor1, actor2)
    place = incident.place
    geometry = point(*lonlat(place)) if place is not None and located(place) else None
    found = feature(
        geometry,
        {
            "kind": "incident",
            "label": incident.event_type,
            "event_type": acled[0],
            "sub_event_type": acled[1],
            "date": incident.date,
            "date_precision": incident.date_precision,
            "time_precision": ACLED_TIME_PRECISION.get(incident.date_precision or "", None),
            "date_basis": first.date_basis,
            "date_conflict": next(
                (
                    m.date_basis.split("; ", 1)[1]
                    for m in incident.mentions
                    if DATE_CONFLICT in m.date_basis
                ),
                None,
            ),
            "place": place.name if place else None,
            "place_basis": first.place_basis,
            # ACLED's geo_precision: 1 the place itself was named, 2 a place nearby or
            # the region the report is about.
            "geo_precision": 1 if first.place_basis.startswith("named") else 2,
            "actor1": actor1,
            "actor2": actor2,
            "summary": first.summary,
            "notes": first.summary,
            "sources": [source_of(m.source) for m in incident.mentions],
        },
    )
    offset = (offsets or {}).get(place.id) if place is not None else None
    if offset is not None:
        found["properties"].update(offset_properties(offset))
    return found


def strip_zones(reports: list[StripReport]) -> list[tuple[dict, Callable[[], dict]]]:
    """Return one zone per border, side and width, with every report that gives it.

    The zone is the strip within the width of the border line (both sides, or
    the side the text names), labelled with the border instead of a centre.
    Each comes as its properties and a function that draws it (the geodesic
    buffer costs most; findings need only the properties).
    """
    groups: dict[tuple, list[StripReport]] = {}
    for r in reports:
        key = (r.strip.countries, r.strip.side, round(r.strip.width_m, 1), r.strip.directions)
        groups.setdefault(key, []).append(r)
    found: list[tuple[dict, Callable[[], dict]]] = []
    for (countries, side, _, parts), group in groups.items():
        first = group[0].strip
        border = border_between(*countries)
        if border is None:
            continue
        near = {p for r in group for p in r.strip.near}
        name = border_name(*countries)
        if side:
            side_name = (
                border_name(*countries).split(" border")[0].split("–")[countries.index(side)]
            )
            name += f", {side_name} side"
        line_props: dict = {
            "between": list(countries),
            "side": side,
            "source": "Natural Earth 1:50m land borders",
            "near": _points(near),
        }
        props = {
            "kind": "zone",
            "shape": "strip",
            "center": name,
            "center_basis": f"the border the report names (“{first.border_text}”)",
            "line": line_props,
            "radius_m": first.width_m,
            "label": format_distance(first.width_m),
            "tolerance_m": round(first.width_m * 0.001, 3),
            "reported": {"value": first.value, "unit": first.unit, "text": first.span.text},
            "sources": [source_of(r.source) for r in group],
        }
        if parts:
            # "15 km from the line in the east and 10 km in the west": each half its width.
            props["by_part"] = [{"part": part, "width_m": metres} for part, metres in parts]
            props["label"] = ", ".join(f"{format_distance(m)} in the {p}" for p, m in parts)
            line_props["parts"] = "halves of the line's extent"
        found.append((props, partial(_draw_strip, border, near, side, first.width_m, parts)))
    return found


def coast_zones(
    reports: list[tuple[CoastMention, Source]],
) -> list[tuple[dict, Callable[[], dict]]]:
    """Return one zone per coast and width (the sea within the width of a country's coast).

    As properties and a function that draws it, like ``strip_zones``.
    """
    groups: dict[tuple, list[tuple[CoastMention, Source]]] = {}
    for coast, source in reports:
        groups.setdefault((coast.country, round(coast.width_m, 1)), []).append((coast, source))
    found: list[tuple[dict, Callable[[], dict]]] = []
    for (country, _), group in groups.items():
        first = group[0][0]
        if coastline(country) is None:
            continue
        props = {
            "kind": "zone",
            "shape": "coast",
            "center": f"{country_name(country)} coast",
            "center_basis": f"the coast the report names (“{first.span.text}”)",
            "coast": country,
            "radius_m": first.width_m,
            "label": format_distance(first.width_m),
            "tolerance_m": round(first.width_m * 0.001, 3),
            "reported": {"value": first.value, "unit": first.unit, "text": first.span.text},
            "sources": [source_of(s) for _, s in group],
        }
        found.append((props, partial(_draw_coast, country, first.width_m)))
    return found


def line_zones(
    reports: list[tuple[LineMention, KnownLine, Source, tuple]],
) -> list[tuple[dict, Callable[[], dict]]]:
    """Return one zone per river or road and width: the land and water within the width of it.

    ``reports`` are (mention, the river or road, source, the (lon, lat) of the
    places its sentence or article names). Along a river the strip runs along
    its stretch near those places (``geo.strips.river_stretch``); along a road,
    its whole route. A width told across the line ("5 km wide") is half of it
    on each side (``radius_m``, the distance from the line).
    """
    groups: dict[tuple, list[tuple[LineMention, KnownLine, Source, tuple]]] = {}
    for report in reports:
        mention, known = report[0], report[1]
        key = (known.kind, known.name, round(mention.width_m, 1), mention.across)
        groups.setdefault(key, []).append(report)
    found: list[tuple[dict, Callable[[], dict]]] = []
    for group in groups.values():
        first, known = group[0][0], group[0][1]
        near = {p for *_, points in group for p in points}
        props = {
            "kind": "zone",
            "shape": "strip",
            "center": known.label,
            "center_basis": f"the {known.kind} the report names (“{first.line_text}”)",
            "line": {
                "name": known.name,
                "kind": known.kind,
                "source": known.source,
                "near": _points(near),
            },
            "radius_m": first.width_m,
            "label": format_distance(first.width_m),
            "tolerance_m": round(first.width_m * 0.001, 3),
            "reported": {"value": first.value, "unit": first.unit, "text": first.span.text},
            "sources": [source_of(s) for _, _, s, _ in group],
        }
        each_side = first.width_m
        if first.across:  # "5 km wide": 2.5 km each side of the line
            each_side = first.width_m / 2
            props["radius_m"] = each_side
            props["across_m"] = first.width_m
            props["label"] = f"{format_distance(first.width_m)} wide"
            props["tolerance_m"] = round(each_side * 0.001, 3)
        draw = _draw_river if known.kind == "river" else _draw_road
        found.append((props, partial(draw, known.geometry, near, each_side)))
    return found


def _points(near: set) -> list[list[float]]:
    """Return the points a line's stretch was chosen by, in order, as the contract writes them."""
    return [[round(lon, 5), round(lat, 5)] for lon, lat in sorted(near)]


def _draw_river(river: dict, near: set, width_m: float) -> dict:
    return geodesic_strip(river_stretch(river, near), width_m)


def _draw_road(road: dict, near: set, width_m: float) -> dict:
    return geodesic_strip(road, width_m)


def _draw_strip(
    border: dict,
    near: set,
    side: str | None,
    width_m: float,
    parts: tuple[tuple[str, float], ...] = (),
) -> dict:
    inside = country_shape(side) if side else None
    line = stretches_near(border, near)
    if not parts:
        return geodesic_strip(line, width_m, inside=inside)
    drawn = []
    for part, metres in parts:
        half = line_part(line, part)
        if half is not None:
            drawn.append(shape(geodesic_strip(half, metres, inside=inside)))
    return mapping(shapely.make_valid(shapely.union_all(drawn)))


def _draw_coast(country: str, width_m: float) -> dict:
    drawn = coastal_zone(country, width_m)
    if drawn is None:  # coastline() said there is one
        raise ValueError(f"no coast of {country} to draw")
    return drawn
