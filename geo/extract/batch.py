"""From articles to the FeatureCollection: places, zones and incidents with their sources."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence, Sized
from dataclasses import dataclass, field, replace
from typing import Any

from geo.errors import GeoError
from geo.extract.actors import one_event_one_pair, parties_of
from geo.extract.assemble import (
    PlaceMentions,
    Source,
    StripReport,
    Telling,
    ZoneReport,
    source_tuple,
)
from geo.extract.containment import read_containment
from geo.extract.dates import find_dates
from geo.extract.districts import read_districts, read_divisions
from geo.extract.facilities import read_facilities, read_landmarks, read_listed
from geo.extract.finished import Finished
from geo.extract.incidents import (
    Mention,
    find_mentions,
    summary,
    within,
)
from geo.extract.offsets import Offset, find_offsets, same_position
from geo.extract.party_lexicon import inside_party_name
from geo.extract.patterns import reading
from geo.extract.pins import apply_pins
from geo.extract.places import PlaceFinder, PlaceMention, finder_for
from geo.extract.radii import RadiusMention, radii_by_sentence
from geo.extract.strips import (
    LINE_WORD,
    CoastMention,
    LineMention,
    find_coasts,
    find_lines,
    known_line,
    sentence_places,
    strips_by_sentence,
)
from geo.extract.summaries import told_in_detail
from geo.extract.text import Span, dateline, headline, sentences, summary_blocks
from geo.extract.unplaced import find_unplaced_names
from geo.extract.zone_words import (
    COAST,
    COAST_HOLDS,
    LINE_HINT,
    MAX_LINE_ZONE_M,
    names_a_river,
    sentences_with,
    zone_center,
)
from geo.features import dumps, loads
from geo.geocode.gazetteer import Gazetteer, Place, default_gazetteer
from geo.geocode.protocol import Context, Geocoder
from geo.read.articles import Article
from geo.read.inputs import Inputs, combine
from geo.read.pins import Pin
from geo.relations import (
    relate,
)
from geo.strips import KnownLine
from geo.support.collector import collector_paused
from geo.support.progress import Progress
from geo.units import format_distance
from geo.zones import check_radius


@dataclass
class Extraction:
    """What the extract stage found: the collection and one line per problem.

    In a notebook it shows itself as the map; ``__geo_interface__`` hands the
    collection to geopandas and shapely (``GeoDataFrame.from_features``), and
    ``to_geodataframes()`` gives one typed table per kind of feature.
    """

    collection: dict
    problems: list[str] = field(default_factory=list)

    @property
    def __geo_interface__(self) -> dict:
        return self.collection

    def to_geodataframes(self) -> Any:
        """Return the places, zones and incidents as three GeoDataFrames (EPSG:4326)."""
        from geo.export import to_geodataframes

        return to_geodataframes(self.collection)

    def _repr_html_(self) -> str:
        """Return the map as a notebook shows it: the standalone page in a sandboxed frame."""
        from geo.render import render_html

        count = len((self.collection.get("geo") or {}).get("documents", []))
        title = f"Incidents and zones from {count} report{'s' if count != 1 else ''}"
        page = render_html(self.collection, title=title)
        return (
            f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
            'style="width:100%;height:540px;border:0" title="geo map"></iframe>'
        )


_FOUND_ONLINE = "not in the offline gazetteer; found online"


def _online_mentions(
    text: str, known: list[PlaceMention], start: int, end: int, online: Geocoder
) -> list[PlaceMention]:
    """Return the places ``online`` finds for the names the offline reading left unplaced.

    The reading of the text is the offline step here: only the names it left
    unplaced in locative position ("near Qaryatayn") are asked, each only in
    the countries the text names.
    """
    countries = tuple(sorted({m.place.country for m in known if m.place.is_country}))
    context = Context(only_in=countries)
    found = []
    for span in find_unplaced_names(text, known, start, end):
        choice = online.choose(span.text, context)
        place = choice.place
        if place is not None:
            # A place of the contract has a type: "place" when the provider said none.
            place = replace(place, place_type=place.place_type or "place")
            found.append(PlaceMention(place, span, len(choice.candidates), _FOUND_ONLINE))
    return found


# A dateline that opens with a word in capitals ("SUMY, Ukraine", "NEW YORK").
_IN_CAPITALS = re.compile(r"\s*\W*[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]")


def _with_dateline_places(
    text: str, filed: Span, named: list[PlaceMention], finder: PlaceFinder
) -> list[PlaceMention]:
    """Return ``named`` with the dateline's place added when capitals hid it ("NEW YORK").

    Also when the country after it was read ("SUMY, Ukraine, Aug 14"): the
    town in capitals is the dateline's place.
    """
    own = [m for m in named if filed.start <= m.span.start < filed.end]
    if own and not _IN_CAPITALS.match(filed.text):
        return named  # it opens with no word in capitals: the place read is the dateline's
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
        for m in finder.find(titled, filed.start, filed.end)
        if not any(o.span.start < m.span.end and m.span.start < o.span.end for o in own)
    ]
    return sorted(named + found, key=lambda m: m.span.start)


def _named_again(
    article: Article, places: list[PlaceMention], offsets: list[Offset]
) -> list[PlaceMention]:
    """Return the other mentions of names only an offset phrase vouched for.

    "approx 32NM SSW of Mokha" makes Mokha a place of the story; "avoid
    transiting within 30NM of Mokha" further on names the same place, though
    the reading alone would not trust the name there.
    """
    text, end = article.text, article.body_end or len(article.text)
    vouched = {
        o.reference.span.text: o.reference
        for o in offsets
        if not any(pm.span.start == o.reference.span.start for pm in places)
    }
    taken = [(pm.span.start, pm.span.end) for pm in places] + [
        (o.span.start, o.span.end) for o in offsets
    ]
    found = []
    for surface, ref in vouched.items():
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(surface)}(?![\w'’-])", text):
            if m.start() < article.body_start or m.start() >= end:
                continue
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            span = Span(m.start(), m.end(), m.group())
            found.append(
                PlaceMention(ref.place, span, ref.candidates, "named again after an offset's")
            )
    return found


class Extractor:
    """Extract articles one at a time; the collection comes out at the end.

    Each article is read whole when added and then let go: what the output
    needs of it (place mentions, zone reports, the tellings of events with
    their sources) is kept in small records. ``finish().features()`` then
    makes the features one at a time, so ``geo.features.write_collection``
    can write a batch of any size without holding its whole collection.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        online: Geocoder | None = None,
        pins: Sequence[Pin] = (),
    ):
        self.gazetteer = gazetteer or default_gazetteer()
        self.online = online
        self.pins = list(pins)  # names the user placed: they win over any reading
        # How the run's words read, remembered for the run (see PlaceFinder).
        self._finder = finder_for(self.gazetteer)
        self.problems: list[str] = []
        self.documents: list[dict] = []
        self._places: dict[str, PlaceMentions] = {}
        self._zones: list[ZoneReport] = []
        self._tellings: list[Telling] = []
        self._strings: dict[str, str] = {}
        self._known: dict[str, Place] = {}  # one object per place
        self._pairs: dict[tuple, tuple] = {}  # one tuple per pair of parties
        self._notes: list[str] = []
        # Positions stated as offsets ("70 nm W of Hodeidah"): their facts by place id,
        # and the ids by (reference, bearing), so one position told two ways is one.
        self._strips: list[StripReport] = []
        self._coasts: list[tuple[CoastMention, Source]] = []
        self._lines: list[tuple[LineMention, KnownLine, Source, tuple]] = []
        # Zones whose centre the report does not make clear: kept, without a ring.
        # (size, why, source, the line's words when it is a strip along an unknown line)
        self._unplaced_zones: list[tuple[RadiusMention, str, Source, str | None]] = []
        self.offsets: dict[str, dict] = {}
        self._offset_ids: dict[tuple[str, float], list[str]] = {}

    def _shared(self, text: str) -> str:
        """Return one string object for equal texts (bases and names repeat a lot)."""
        return self._strings.setdefault(text, text)

    def add(self, article: Article) -> int:
        """Extract one article; return how many places it names."""
        # The caches of this article's reading, let go with its text. Reading
        # makes tens of thousands of short-lived spans, matches and tuples, which
        # reference counting frees: the cyclic collector, paused, walks what
        # remains once, not every few hundred allocations (~1.5% of the time).
        with reading(), collector_paused():
            return self._add(article)

    def _add(self, article: Article) -> int:
        text = article.text
        sents = sentences(text, article.body_start, article.body_end)
        body_end = article.body_end or len(text)
        named, adjectival = self._finder.read(text, article.body_start, body_end)
        if self.online is not None:
            named += _online_mentions(text, named, article.body_start, body_end, self.online)
            named.sort(key=lambda m: m.span.start)
        if not named:
            self.problems.append(f"{article.id}: no place found in the text")
        named = read_listed(text, read_facilities(text, named, self.gazetteer))
        named = read_landmarks(text, named, self.gazetteer)
        named = read_districts(text, named, self.gazetteer)
        named = read_containment(text, read_divisions(text, named), self.gazetteer)
        named = [pm for pm in named if not names_a_river(text, pm)]
        named = _outside_party_names(text, named)
        named = apply_pins(text, named, self.pins)
        filed = dateline(text, article.body_start, body_end)
        if filed:
            named = _with_dateline_places(text, filed, named, self._finder)
        for pm in named:
            mentions = self._places.get(pm.place.id)
            if mentions is None:
                mentions = self._places[pm.place.id] = PlaceMentions(pm)
            mentions.add(
                article.id,
                self._shared(pm.span.text),
                pm.span.start,
                pm.span.end,
                bool(filed and pm.span.start < filed.end),
            )
        # Where a report was filed is not where its events happened.
        places = [pm for pm in named if not (filed and pm.span.start < filed.end)]
        offsets = find_offsets(text, article.body_start, body_end, places, self.gazetteer)
        if offsets:
            places = self._with_offsets(article, places, offsets)
        all_dates = find_dates(text, article.body_start, body_end, article.published)
        dates = [d for d in all_dates if not (filed and d.start < filed.end)]
        # A headline tells in shorthand what the story then tells: its events
        # would be told twice, and undated.
        title = headline(text, article.body_start, body_end)
        # A block of highlights tells the story's events in shorthand, as a headline does.
        digests = summary_blocks(text, article.body_start, body_end)
        story = [
            s
            for s in sents
            if not (title and s.start < title.end)
            and not any(d.start <= s.start < d.end for d in digests)
        ]
        place_starts = [pm.span.start for pm in places]
        # The countries the article names, first named first: which border a strip runs along.
        countries = list(dict.fromkeys(pm.place.country for pm in places if pm.place.is_country))
        # Then the countries of its other places: "the Russian border" in a report
        # from Kharkiv that never names Ukraine.
        named_at = sorted(
            (
                (pm.span.start, pm.span.end, pm.place.country, _lonlat(pm.place))
                for pm in places
                if not pm.place.is_country and pm.place.country
            ),
            key=lambda p: p[0],
        )
        # Last, the countries it names only by adjective (``adjectival``: "a Pakistani
        # drone crossed the border"): the other side of "the border" in a story set in India.
        strips = strips_by_sentence(
            text,
            story,
            list(dict.fromkeys(countries + [c for _, _, c, _ in named_at] + adjectival)),
            self.gazetteer,
            named_at,
        )
        told_centre: Place | None = None  # the centre of the zone the article told last
        radii = radii_by_sentence(text, story)
        everywhere = tuple(p for *_, p in named_at if p)  # the article's places' points
        # The sentences that may measure from a coast or a line: one scan each.
        coastal = sentences_with(COAST, text, story, COAST_HOLDS)
        lined = sentences_with(LINE_HINT, text, story)
        for n, (sentence, found, along) in enumerate(zip(story, radii, strips, strict=True)):
            for strip in along:
                if self._width_problem(article, strip.span.text, strip.width_m):
                    continue
                source = source_tuple(article, sentence, strip.span)
                self._strips.append(StripReport(strip, source))
            coasts = find_coasts(text, sentence, countries, self.gazetteer) if n in coastal else []
            for coast in coasts:
                if self._width_problem(article, coast.span.text, coast.width_m):
                    continue
                self._coasts.append((coast, source_tuple(article, sentence, coast.span)))
            # A width along a border or from a coast is no radius around a place.
            taken = [a.span for a in along] + [c.span for c in coasts]
            if n in lined:
                here = tuple(p for *_, p in sentence_places(named_at, sentence) if p)
                near = here or everywhere
                lines = find_lines(text, sentence, taken)
                taken += self._line_zones(article, sentence, lines, near)
            found = [
                r for r in found if not any(r.start < s.end and s.start < r.end for s in taken)
            ]
            if not found:
                continue
            local = [
                pm
                for pm in within(places, place_starts, sentence)
                if not pm.place.is_country and pm.place.lat is not None
            ]
            local_starts = [pm.span.start for pm in local]
            for radius in found:
                center, basis = zone_center(
                    text, sentence, radius, local, local_starts, places, told_centre
                )
                if center is None:
                    self.problems.append(f"{article.id}: zone “{radius.text}”: {basis}")
                    match = Span(radius.start, radius.end, radius.text)
                    self._unplaced_zones.append(
                        (radius, basis, source_tuple(article, sentence, match), None)
                    )
                    continue
                problem = _radius_problem(radius)
                if problem:
                    self.problems.append(f"{article.id}: zone “{radius.text}”: {problem}; left out")
                    continue
                match = Span(radius.start, radius.end, radius.text)
                source = source_tuple(article, sentence, match)
                self._zones.append(ZoneReport(center, basis, radius, source))
                told_centre = center
        # The day a headline, a dateline or a live blog's header gives ("Friday, 2
        # June") dates what follows it until a sentence names another.
        head_end = max(title.end if title else 0, filed.end if filed else 0)
        header_date = next(
            (d for d in reversed(all_dates) if d.start < head_end and d.value and not d.relative),
            None,
        )
        told = told_in_detail(
            find_mentions(article, story, places, dates, header_date), self.gazetteer
        )
        parties = one_event_one_pair(told, parties_of(article.text, story, told))
        tellings = [self._telling(m, p) for m, p in zip(told, parties, strict=True)]
        self._tellings += tellings
        undated = sum(1 for t in tellings if not t.date)
        if article.published is None and undated:
            self.problems.append(
                f"{article.id}: no date in its text, metadata.csv or --date: "
                + ("its incident has no date" if undated == 1 else f"{undated} incidents have none")
            )
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

    def _width_problem(self, article: Article, said: str, width_m: float) -> bool:
        """Say so and return True when a width along a line cannot be a zone's."""
        if 0 < width_m <= MAX_LINE_ZONE_M:
            return False
        self.problems.append(
            f"{article.id}: zone “{said}”: {format_distance(width_m)} along a line is no zone"
            f" (at most {format_distance(MAX_LINE_ZONE_M)}); left out"
        )
        return True

    def _line_zones(
        self,
        article: Article,
        sentence: Span,
        lines: list[LineMention],
        near: tuple[tuple[float, float], ...],
    ) -> list[Span]:
        """Keep the zones along roads, rivers and front lines; return the spans they took.

        A river or road the data has is a strip along it (``known_line``); a
        front line, or a river or road the data lacks, is a zone whose line
        needs review (said on stderr and on the maps), never drawn around some
        place instead. A capitalised name that is no line is left to others.
        """
        spans = []
        for line in lines:
            if self._width_problem(article, line.span.text, line.width_m):
                spans.append(line.span)
                continue
            known = known_line(line, near)
            if known is None and line.name and not re.search(LINE_WORD, line.line_text, re.I):
                continue  # "within 3 km of the Kremlin": no line at all
            spans.append(line.span)
            source = source_tuple(article, sentence, line.span)
            if known is not None:
                self._lines.append((line, known, source, near))
                continue
            basis = f"line needs review: “{line.line_text}” is no line in the data"
            self.problems.append(f"{article.id}: zone “{line.span.text}”: {basis}")
            size = RadiusMention(
                line.value, line.unit, line.width_m, line.span.start, line.span.end, line.span.text
            )
            self._unplaced_zones.append((size, basis, source, line.line_text))
        return spans

    def _with_offsets(
        self, article: Article, places: list[PlaceMention], offsets: list[Offset]
    ) -> list[PlaceMention]:
        """Return ``places`` with each offset's position in place of its reference.

        "70 nm west of Hodeidah" places what happened there, not in Hodeidah:
        the position is a place of its own (mapped, with its mentions), and
        the reference is still a place the article names.
        """
        replaced = {id(o.reference) for o in offsets}
        kept = [pm for pm in places if id(pm) not in replaced]
        for offset in offsets:
            ref = offset.reference
            if not any(pm is ref for pm in places):
                # A reference only the offset phrase vouched for is a place named too.
                named = self._places.get(ref.place.id)
                if named is None:
                    named = self._places[ref.place.id] = PlaceMentions(ref)
                named.add(
                    article.id, self._shared(ref.span.text), ref.span.start, ref.span.end, False
                )
            place = self._offset_place(offset)
            mention = PlaceMention(
                place, offset.span, 1, f"offset from {offset.reference.place.name}"
            )
            mentions = self._places.get(place.id)
            if mentions is None:
                mentions = self._places[place.id] = PlaceMentions(mention)
            mentions.add(
                article.id,
                self._shared(offset.span.text),
                offset.span.start,
                offset.span.end,
                False,
            )
            kept.append(mention)
        kept += _named_again(article, kept, offsets)
        kept.sort(key=lambda pm: pm.span.start)
        return kept

    def _offset_place(self, offset: Offset) -> Place:
        """Return the place of an offset: the one already told if it states the same position."""
        facts = offset.properties()
        key = (offset.reference.place.id, offset.bearing_deg)
        for known in self._offset_ids.get(key, []):
            if same_position(self.offsets[known], facts):
                return self._known[known]
        place = offset.place()
        self._known[place.id] = place
        self.offsets[place.id] = facts
        self._offset_ids.setdefault(key, []).append(place.id)
        return place

    def _telling(self, m: Mention, actors: tuple[str | None, str | None]) -> Telling:
        shared = self._shared
        return Telling(
            m.event_type,
            m.date and shared(m.date),
            m.date_precision,
            m.place and self._known.setdefault(m.place.id, m.place),
            m.event_no,
            m.article.id,
            m.sentence.start,
            shared(m.date_basis),
            shared(m.place_basis),
            source_tuple(m.article, m.sentence, m.trigger),
            summary(m),
            self._pairs.setdefault(actors, actors),
        )

    def finish(self) -> Finished:
        """Return what the batch found, ready to be made into features."""
        return Finished(self)


def _outside_party_names(text: str, named: list[PlaceMention]) -> list[PlaceMention]:
    """Return the place mentions that are no part of a party's longer name."""
    return [pm for pm in named if not inside_party_name(text, pm.span)]


def extract(
    articles: Iterable[Article] | Inputs,
    gazetteer: Gazetteer | None = None,
    *,
    online: Geocoder | None = None,
    progress: bool | None = None,
) -> Extraction:
    """Return the places, zones and incidents of ``articles`` as a FeatureCollection.

    ``articles`` may also be what ``geo.read`` returns: then the GeoJSON and
    ACLED collections it read join the extraction (related again, as `geo
    map` does), and its problems come first. ``online``, when given, is a
    ``geo.geocode.protocol.Geocoder`` asked for capitalised names in locative
    position ("near Qaryatayn") that the offline reading does not place
    (``geo.geocode.chain.reporting`` makes its failures notes, not errors).
    A batch shows a progress bar on stderr when it is a terminal
    (``progress=None``).
    """
    if isinstance(articles, Inputs):
        inputs = articles
        finished = extract_batch(
            inputs.articles, gazetteer, online=online, progress=progress, pins=inputs.pins
        )
        collection = finished.collection()
        if inputs.collections:
            extracted = loads(dumps(collection), "extraction")
            collection = relate(combine([*inputs.collections, extracted]))
        return Extraction(collection, [*inputs.problems, *finished.problems])
    finished = extract_batch(articles, gazetteer, online=online, progress=progress)
    return Extraction(finished.collection(), finished.problems)


def extract_batch(
    articles: Iterable[Article],
    gazetteer: Gazetteer | None = None,
    *,
    online: Geocoder | None = None,
    progress: bool | None = None,
    pins: Sequence[Pin] = (),
) -> Finished:
    """Return the extraction of ``articles``, its features to be made one at a time.

    ``pins`` are names the user placed (``geo.extract.pins``): they win.
    """
    extractor = Extractor(gazetteer, online=online, pins=pins)
    total = len(articles) if isinstance(articles, Sized) else None
    bar = Progress("extracting", total, enabled=progress if total is None or total > 1 else False)
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


def _lonlat(place: Place) -> tuple[float, float] | None:
    """Return a place's (lon, lat), None for a place without a point."""
    return None if place.lon is None or place.lat is None else (place.lon, place.lat)
