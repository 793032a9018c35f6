"""From articles to the FeatureCollection: places, zones and incidents with their sources."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass, field

from geo import __version__
from geo.errors import GeoError
from geo.extract.actors import actors_of
from geo.extract.dates import find_dates
from geo.extract.incidents import (
    ACLED_TIME_PRECISION,
    ACLED_TYPES,
    DATE_CONFLICT,
    Incident,
    Mention,
    find_mentions,
    main_place,
    merge,
    summary,
    within,
)
from geo.extract.patterns import forget_texts
from geo.extract.places import PlaceMention, find_place_mentions, find_unplaced_names
from geo.extract.radii import RadiusMention, radii_by_sentence
from geo.extract.text import Span, clip_around, dateline, headline, sentences
from geo.features import feature, feature_collection, point
from geo.geocode.gazetteer import GEONAMES_ATTRIBUTION, Gazetteer, Place, default_gazetteer
from geo.geocode.lookup import place_properties
from geo.read.articles import Article
from geo.relations import ZoneRelations, compare_radii, relatable_zones
from geo.support.progress import Progress
from geo.units import format_distance
from geo.zones import check_radius, geodesic_rings

ZONE_TOLERANCE_M = 1.0


@dataclass
class _ZoneReport:
    center: Place
    center_basis: str
    radius: RadiusMention
    source: _Source


class _PlaceMentions:
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
class _Telling:
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
    source: _Source
    summary: str
    actors: tuple[str | None, str | None]


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
    return _source_of(_source(article, sentence, match))


# A source as kept between reading and writing: (document, text, start, end,
# clipped, match text, match start, match end). A tuple is a third of a dict.
_Source = tuple[str, str, int, int, bool, str, int, int]


def _source(article: Article, sentence: Span, match: Span) -> _Source:
    quoted = clip_around(article.text, sentence, match)
    return (
        article.id, quoted.text, quoted.start, quoted.end, quoted != sentence,
        match.text, match.start, match.end,
    )


def _source_of(source: _Source) -> dict:
    document, text, start, end, clipped, match_text, match_start, match_end = source
    found = {"document": document, "text": text, "start": start, "end": end}
    if clipped:
        found["clipped"] = True
    found["match"] = {"text": match_text, "start": match_start, "end": match_end}
    return found


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


class Extractor:
    """Extract articles one at a time; the collection comes out at the end.

    Each article is read whole when added and then let go: what the output
    needs of it (place mentions, zone reports, the tellings of events with
    their sources) is kept in small records. ``finish().features()`` then
    makes the features one at a time, so ``geo.features.write_collection``
    can write a batch of any size without holding its whole collection.
    """

    def __init__(
        self, gazetteer: Gazetteer | None = None, *, online: OnlineResolver | None = None
    ):
        self.gazetteer = gazetteer or default_gazetteer()
        self.online = online
        self.problems: list[str] = []
        self.documents: list[dict] = []
        self._places: dict[str, _PlaceMentions] = {}
        self._zones: list[_ZoneReport] = []
        self._tellings: list[_Telling] = []
        self._strings: dict[str, str] = {}
        self._known: dict[str, Place] = {}  # one object per place
        self._pairs: dict[tuple, tuple] = {}  # one tuple per pair of parties
        self._notes: list[str] = []

    def _shared(self, text: str) -> str:
        """Return one string object for equal texts (bases and names repeat a lot)."""
        return self._strings.setdefault(text, text)

    def add(self, article: Article) -> int:
        """Extract one article; return how many places it names."""
        try:
            return self._add(article)
        finally:
            forget_texts()  # the caches that read this article hold its text

    def _add(self, article: Article) -> int:
        gazetteer = self.gazetteer
        text = article.text
        sents = sentences(text, article.body_start, article.body_end)
        body_end = article.body_end or len(text)
        named = find_place_mentions(text, gazetteer, article.body_start, body_end)
        if self.online is not None:
            named += _online_mentions(text, named, article.body_start, body_end, self.online)
            named.sort(key=lambda m: m.span.start)
        if not named:
            self.problems.append(f"{article.id}: no place found in the text")
        filed = dateline(text, article.body_start, body_end)
        if filed:
            named = _with_dateline_places(text, filed, named, gazetteer)
        for pm in named:
            mentions = self._places.get(pm.place.id)
            if mentions is None:
                mentions = self._places[pm.place.id] = _PlaceMentions(pm)
            mentions.add(
                article.id, self._shared(pm.span.text), pm.span.start, pm.span.end,
                bool(filed and pm.span.start < filed.end),
            )
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
                    self.problems.append(
                        f"{article.id}: zone radius “{radius.text}” has no place to centre on"
                    )
                    continue
                problem = _radius_problem(radius)
                if problem:
                    self.problems.append(f"{article.id}: zone “{radius.text}”: {problem}; left out")
                    continue
                match = Span(radius.start, radius.end, radius.text)
                source = _source(article, sentence, match)
                self._zones.append(_ZoneReport(center, basis, radius, source))
        self._tellings += [self._telling(m) for m in find_mentions(article, story, places, dates)]
        self.documents.append(
            {
                "id": article.id,
                "published": article.published.isoformat() if article.published else None,
                "published_basis": article.published_basis,
                "outlet": article.outlet,
                "url": article.url,
            }
        )
        self._notes += [f"{article.id}: {note}" for note in article.notes]
        return len(named)

    def _telling(self, m: Mention) -> _Telling:
        shared = self._shared
        actors = actors_of(m.article.text, m.sentence, m.trigger)
        return _Telling(
            m.event_type,
            m.date and shared(m.date),
            m.date_precision,
            m.place and self._known.setdefault(m.place.id, m.place),
            m.event_no,
            m.article.id,
            m.sentence.start,
            shared(m.date_basis),
            shared(m.place_basis),
            _source(m.article, m.sentence, m.trigger),
            summary(m),
            self._pairs.setdefault(actors, actors),
        )

    def finish(self) -> Finished:
        """Return what the batch found, ready to be made into features."""
        return Finished(self)


class Finished:
    """The features of an extracted batch, made one at a time, with their relations."""

    def __init__(self, extractor: Extractor):
        self.problems = extractor.problems + extractor._notes
        self._places = extractor._places
        self._zone_groups, zone_problems = _zone_groups(extractor._zones)
        self.problems += zone_problems
        self._zone_props = [_zone_properties(group) for group in self._zone_groups]
        self._incidents = merge(extractor._tellings)
        self.findings = compare_radii(self._zone_props)
        located = [i for i in self._incidents if i.place is not None and i.place.lat is not None]
        self._relations = ZoneRelations(
            relatable_zones(self._zone_props),
            [(i.place.lon, i.place.lat) for i in located],
            _Documents(located),
            {
                place_id: set(mentions.documents)
                for place_id, mentions in self._places.items()
            },
        )
        for z, n in zip(self._zone_props, self._relations.inside_counts, strict=True):
            z["incidents_inside"] = n
        attribution = []
        if any(place_id.startswith("geonames:") for place_id in self._places):
            attribution.append(GEONAMES_ATTRIBUTION)
        self.meta = {
            "version": __version__,
            "documents": extractor.documents,
            "attribution": attribution,
            "findings": self.findings,
        }

    def features(self) -> Iterator[dict]:
        """Yield the features: places, then zones, then incidents."""
        for mentions in self._places.values():
            yield _place_feature(mentions)
        for start in range(0, len(self._zone_groups), _ZONE_BATCH):
            groups = self._zone_groups[start : start + _ZONE_BATCH]
            rings = geodesic_rings(
                [(g[0].center.lon, g[0].center.lat) for g in groups],
                [g[0].radius.radius_m for g in groups],
                tolerance_m=ZONE_TOLERANCE_M,
            )
            for props, ring in zip(self._zone_props[start:], rings, strict=False):
                yield feature(ring, props)
        located = 0
        for incident in self._incidents:
            f = _incident_feature(incident)
            if f["geometry"] is not None:
                self._relations.set_on(located, f["properties"])
                located += 1
            yield f

    def collection(self) -> dict:
        """Return the whole FeatureCollection."""
        return feature_collection(self.features(), geo=self.meta)


class _Documents(Sequence):
    """The reports each incident was told in, made when asked for (a batch has many)."""

    def __init__(self, incidents: list[Incident]):
        self._incidents = incidents

    def __len__(self) -> int:
        return len(self._incidents)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [{m.article_id for m in inc.mentions} for inc in self._incidents[i]]
        return {m.article_id for m in self._incidents[i].mentions}


# Zones are drawn this many at a time: their vertices are the bulk of a batch.
_ZONE_BATCH = 64


def extract(
    articles: Iterable[Article],
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
    finished = extract_batch(articles, gazetteer, online=online, progress=progress)
    return Extraction(finished.collection(), finished.problems)


def extract_batch(
    articles: Iterable[Article],
    gazetteer: Gazetteer | None = None,
    *,
    online: OnlineResolver | None = None,
    progress: bool | None = None,
) -> Finished:
    """Return the extraction of ``articles``, its features to be made one at a time."""
    extractor = Extractor(gazetteer, online=online)
    total = len(articles) if isinstance(articles, Sized) else None
    bar = Progress(
        "extracting", total, enabled=progress if total is None or total > 1 else False
    )
    for article in articles:
        bar.step(places=extractor.add(article))
    bar.finish()
    return extractor.finish()


def _radius_problem(radius: RadiusMention) -> str | None:
    """Return why a zone of this radius cannot be drawn, or None (folding is found later)."""
    try:
        check_radius(radius.radius_m)
    except GeoError as exc:
        return str(exc)
    return None


def _place_feature(mentions: _PlaceMentions) -> dict:
    first = mentions.first
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
            "mentions": mentions.spans(),
        },
    )


def _zone_groups(reports: list[_ZoneReport]) -> tuple[list[list[_ZoneReport]], list[str]]:
    """Return the zone reports grouped by centre and radius, less those that cannot be drawn.

    A radius near half the Earth's circumference folds over near the centre's
    antipode; that is found only by drawing it, so each group is tried once
    here and a group that cannot be drawn is named and left out.
    """
    groups: dict[tuple[str, float], list[_ZoneReport]] = {}
    for r in reports:
        groups.setdefault((r.center.id, round(r.radius.radius_m, 1)), []).append(r)
    kept, problems = [], []
    for group in groups.values():
        first = group[0]
        if first.radius.radius_m > _FOLD_RISK_M:
            try:
                geodesic_rings(
                    [(first.center.lon, first.center.lat)],
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
_FOLD_RISK_M = 19_000_000.0


def _zone_properties(group: list[_ZoneReport]) -> dict:
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
    return {
        "kind": "zone",
        "center": first.center.name,
        "center_gazetteer_id": first.center.id,
        "center_lonlat": [first.center.lon, first.center.lat],
        "center_basis": first.center_basis,
        "radius_m": first.radius.radius_m,
        "label": format_distance(first.radius.radius_m),
        "tolerance_m": ZONE_TOLERANCE_M,
        "reported": reported,
        "sources": [_source_of(r.source) for r in group],
    }


def _incident_feature(incident: Incident) -> dict:
    first = incident.mentions[0]
    # The first telling that names the parties says who acted on whom.
    actor1 = actor2 = None
    for m in incident.mentions:
        actor1, actor2 = m.actors
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
            "summary": first.summary,
            "notes": first.summary,
            "sources": [_source_of(m.source) for m in incident.mentions],
        },
    )
