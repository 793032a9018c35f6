"""From articles to the FeatureCollection: places, zones and incidents with their sources."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

from geo import __version__
from geo.actors import actors_of
from geo.dates import find_dates
from geo.documents import Article
from geo.features import feature, feature_collection, point
from geo.gazetteer import GEONAMES_ATTRIBUTION, Gazetteer, Place, default_gazetteer
from geo.geocode import place_properties
from geo.incidents import (
    ACLED_TIME_PRECISION,
    ACLED_TYPES,
    DATE_CONFLICT,
    Mention,
    find_mentions,
    main_place,
    merge,
    summary,
    within,
)
from geo.places import PlaceMention, find_place_mentions, find_unplaced_names
from geo.progress import Progress
from geo.radii import RadiusMention, radii_by_sentence
from geo.relations import relate
from geo.text import Span, clip_around, dateline, headline, sentences
from geo.units import format_distance
from geo.zones import geodesic_rings

ZONE_TOLERANCE_M = 1.0


@dataclass
class _ZoneReport:
    center: Place
    center_basis: str
    radius: RadiusMention
    article: Article
    sentence: Span


@dataclass
class Extraction:
    """What the extract stage found: the collection and one line per problem."""

    collection: dict
    problems: list[str] = field(default_factory=list)


def span_dict(article: Article, span: Span) -> dict:
    """Return a span of ``article`` as the contract writes it."""
    return {"document": article.id, "text": span.text, "start": span.start, "end": span.end}


def source_dict(article: Article, sentence: Span, match: Span) -> dict:
    """Return a source: the sentence, with ``match`` the words that triggered it.

    A very long sentence is quoted around its match (``clip_around``), and
    says so with ``clipped``.
    """
    quoted = clip_around(article.text, sentence, match)
    clipped = {"clipped": True} if quoted != sentence else {}
    return {
        **span_dict(article, quoted),
        **clipped,
        "match": {"text": match.text, "start": match.start, "end": match.end},
    }


def _zone_center(
    radius: RadiusMention, local: list[PlaceMention], starts: list[int], fallback: Place | None
) -> tuple[Place | None, str]:
    """Return the centre of a zone the radius sizes, and why.

    ``local`` are the places of the radius's sentence that can be a centre, in
    text order, with ``starts`` their offsets: the first named after the
    radius ("a 55 km zone around At Tanf"), else the last named before it.
    """
    if local:
        i = bisect_left(starts, radius.end)
        nearest = local[i] if i < len(local) else local[-1]
        return nearest.place, f"named in the sentence (“{nearest.span.text}”)"
    if fallback is not None:
        return fallback, "not named in the sentence; the place the article names most"
    return None, "no place found"


# Given a name and the countries its article names, an online geocoder's Feature or None.
OnlineResolver = Callable[[str, tuple[str, ...]], dict | None]


def place_from_feature(feature: dict) -> Place | None:
    """Return a Place for a geocoder's Feature (None when it has no point)."""
    geometry, props = feature.get("geometry"), feature["properties"]
    if not geometry or geometry.get("type") != "Point":
        return None
    lon, lat = geometry["coordinates"][:2]
    return Place(
        id=str(props.get("gazetteer_id")),
        name=str(props.get("name") or props.get("query")),
        country=str(props.get("country") or ""),
        place_type=str(props.get("place_type") or "place"),
        lat=float(lat),
        lon=float(lon),
        source=str(props.get("gazetteer_source") or ""),
    )


def _online_mentions(
    text: str, known: list[PlaceMention], start: int, end: int, online: OnlineResolver
) -> list[PlaceMention]:
    countries = tuple(sorted({m.place.country for m in known if m.place.is_country}))
    found = []
    for span in find_unplaced_names(text, known, start, end):
        feature = online(span.text, countries)
        place = place_from_feature(feature) if feature else None
        if place is not None:
            found.append(PlaceMention(place, span, 1, "not in the offline gazetteer; found online"))
    return found


def _with_dateline_places(
    text: str, filed: Span, named: list[PlaceMention], gazetteer: Gazetteer
) -> list[PlaceMention]:
    """Return ``named`` with the dateline's place added when capitals hid it ("NEW YORK")."""
    if any(filed.start <= m.span.start < filed.end for m in named):
        return named
    # The dateline's words in title case, at the same offsets, so spans still
    # point into the article's own text.
    titled = text[: filed.start] + filed.text.title() + text[filed.start + len(filed.text) :]
    found = [
        PlaceMention(
            m.place,
            Span(m.span.start, m.span.end, text[m.span.start : m.span.end]),
            m.candidates,
            m.reason,
        )
        for m in find_place_mentions(titled, gazetteer, filed.start, filed.end)
    ]
    return sorted(named + found, key=lambda m: m.span.start)


def extract(
    articles: list[Article],
    gazetteer: Gazetteer | None = None,
    *,
    online: OnlineResolver | None = None,
    progress: bool | None = None,
) -> Extraction:
    """Return the places, zones and incidents of ``articles`` as a FeatureCollection.

    ``online``, when given, is asked for capitalised names in locative position
    ("near Qaryatayn") that the offline gazetteer does not know. A batch shows
    a progress bar on stderr when it is a terminal (``progress=None``).
    """
    gazetteer = gazetteer or default_gazetteer()
    problems: list[str] = []
    place_mentions: dict[str, tuple[PlaceMention, list[dict]]] = {}
    zone_reports: list[_ZoneReport] = []
    event_mentions: list[Mention] = []

    bar = Progress("extracting", len(articles), enabled=progress if len(articles) > 1 else False)
    for article in articles:
        text = article.text
        sents = sentences(text, article.body_start, article.body_end)
        body_end = article.body_end or len(text)
        named = find_place_mentions(text, gazetteer, article.body_start, body_end)
        if online is not None:
            named += _online_mentions(text, named, article.body_start, body_end, online)
            named.sort(key=lambda m: m.span.start)
        if not named:
            problems.append(f"{article.id}: no place found in the text")
        filed = dateline(text, article.body_start, body_end)
        if filed:
            named = _with_dateline_places(text, filed, named, gazetteer)
        for pm in named:
            mention = span_dict(article, pm.span)
            if filed and pm.span.start < filed.end:
                mention["role"] = "dateline"
            place_mentions.setdefault(pm.place.id, (pm, []))[1].append(mention)
        # Where a report was filed is not where its events happened.
        places = [pm for pm in named if not (filed and pm.span.start < filed.end)]
        fallback = main_place(places)
        dates = [
            d
            for d in find_dates(text, article.body_start, body_end, article.published)
            if not (filed and d.start < filed.end)
        ]
        # A headline tells in shorthand what the story then tells: its events
        # would be told twice, and undated.
        title = headline(text, article.body_start, body_end)
        story = [s for s in sents if not (title and s.start < title.end)]
        place_starts = [pm.span.start for pm in places]
        for sentence, found in zip(story, radii_by_sentence(text, story), strict=True):
            if not found:
                continue
            local = [
                pm
                for pm in within(places, place_starts, sentence)
                if not pm.place.is_country and pm.place.lat is not None
            ]
            local_starts = [pm.span.start for pm in local]
            for radius in found:
                center, basis = _zone_center(radius, local, local_starts, fallback)
                if center is None:
                    problems.append(
                        f"{article.id}: zone radius “{radius.text}” has no place to centre on"
                    )
                    continue
                zone_reports.append(_ZoneReport(center, basis, radius, article, sentence))
        event_mentions += find_mentions(article, story, places, dates)
        bar.step(places=len(named))
    bar.finish()

    features = [_place_feature(pm, ms) for pm, ms in place_mentions.values()]
    features += _zone_features(zone_reports)
    features += [_incident_feature(i) for i in merge(event_mentions)]
    documents = [
        {
            "id": a.id,
            "published": a.published.isoformat() if a.published else None,
            "published_basis": a.published_basis,
            "outlet": a.outlet,
            "url": a.url,
        }
        for a in articles
    ]
    attribution = []
    if any(
        f["properties"]["gazetteer_id"].startswith("geonames:")
        for f in features
        if f["properties"]["kind"] == "place"
    ):
        attribution.append(GEONAMES_ATTRIBUTION)
    for a in articles:
        for note in a.notes:
            problems.append(f"{a.id}: {note}")
    collection = feature_collection(
        features, geo={"version": __version__, "documents": documents, "attribution": attribution}
    )
    return Extraction(relate(collection), problems)


def _place_feature(first: PlaceMention, mentions: list[dict]) -> dict:
    place = first.place
    geometry = (
        point(place.lon, place.lat) if place.lat is not None and not place.is_country else None
    )
    return feature(
        geometry,
        {
            **place_properties(place),
            "candidates": first.candidates,
            "chosen_because": first.reason,
            "mentions": mentions,
        },
    )


def _zone_features(reports: list[_ZoneReport]) -> list[dict]:
    groups: dict[tuple[str, float], list[_ZoneReport]] = {}
    for r in reports:
        groups.setdefault((r.center.id, round(r.radius.radius_m, 1)), []).append(r)
    if not groups:
        return []
    firsts = [g[0] for g in groups.values()]
    rings = geodesic_rings(
        [(r.center.lon, r.center.lat) for r in firsts],
        [r.radius.radius_m for r in firsts],
        tolerance_m=ZONE_TOLERANCE_M,
    )
    features = []
    for group, ring in zip(groups.values(), rings, strict=True):
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
        features.append(
            feature(
                ring,
                {
                    "kind": "zone",
                    "center": first.center.name,
                    "center_gazetteer_id": first.center.id,
                    "center_lonlat": [first.center.lon, first.center.lat],
                    "center_basis": first.center_basis,
                    "radius_m": first.radius.radius_m,
                    "label": format_distance(first.radius.radius_m),
                    "tolerance_m": ZONE_TOLERANCE_M,
                    "reported": reported,
                    "sources": [
                        source_dict(
                            r.article, r.sentence, Span(r.radius.start, r.radius.end, r.radius.text)
                        )
                        for r in group
                    ],
                },
            )
        )
    return features


def _incident_feature(incident) -> dict:
    first = incident.mentions[0]
    # The first telling that names the parties says who acted on whom.
    actor1 = actor2 = None
    for m in incident.mentions:
        actor1, actor2 = actors_of(m.article.text, m.sentence, m.trigger)
        if actor1 or actor2:
            break
    place = incident.place
    geometry = point(place.lon, place.lat) if place is not None and place.lat is not None else None
    return feature(
        geometry,
        {
            "kind": "incident",
            "label": incident.event_type,
            "event_type": ACLED_TYPES[incident.event_type][0],
            "sub_event_type": ACLED_TYPES[incident.event_type][1],
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
            "summary": summary(first),
            "notes": summary(first),
            "sources": [source_dict(m.article, m.sentence, m.trigger) for m in incident.mentions],
        },
    )
