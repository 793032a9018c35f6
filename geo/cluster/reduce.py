"""The reduction: the parts' records brought together by key, with the rules of one batch.

``make_plan`` takes what every part shares (zones, zones along lines, offset
positions), in the corpus's order, and makes the run's ``ZoneSet`` as a
batch would. ``gather_bucket`` brings one bucket of every part together: a
place's mentions from all parts in order, and the tellings of events merged
by ``geo.extract.incidents.merge``, the rule a batch follows, so the same
event told by many outlets in many parts is one incident with their sources.
``finish_bucket`` then makes the bucket's features with the zones that
concern its incidents; each zone's count of incidents inside is the sum of
the buckets' counts.

Every step sees its records in the corpus's order (parts in order, rows in
order within a part), so first mentions and the order of sources are those
one process gives.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.cluster.state import Shared, read_bucket
from geo.extract.assemble import PlaceMentions, Telling, place_feature
from geo.extract.finished import ZoneSet, incident_features, on_the_map
from geo.extract.incidents import Incident, merge
from geo.extract.offsets import same_position
from geo.support.collector import collector_paused


@dataclass
class Plan:
    """What every reducer is given: the run's zones and offset positions."""

    zones: ZoneSet
    unplaced: list
    offsets: dict[str, dict]
    aliases: dict[str, Any]  # an offset place's id -> the Place that first stated its position
    centre_ids: frozenset[str]


def make_plan(shared: Iterable[Shared]) -> Plan:
    """Return the run's plan from the parts' shared records, given in the corpus's order.

    One offset position told by two parts in two forms ("70 nm", "130 km")
    is the first part's place, as it is in one batch (``same_position``).
    """
    zones: list = []
    strips: list = []
    coasts: list = []
    lines: list = []
    unplaced: list = []
    offsets: dict[str, dict] = {}
    aliases: dict[str, Any] = {}
    by_key: dict[tuple, list[str]] = {}
    for part in shared:
        zones += part.zones
        strips += part.strips
        coasts += part.coasts
        lines += part.lines
        unplaced += part.unplaced_zones
        for place_id, facts in part.offsets.items():
            if place_id in offsets or place_id in aliases:
                continue
            key = (facts["reference_gazetteer_id"], facts["bearing_deg"])
            known = next((k for k in by_key.get(key, ()) if same_position(offsets[k], facts)), None)
            if known is None:
                offsets[place_id] = facts
                by_key.setdefault(key, []).append(place_id)
                aliases[place_id] = part.offset_places[place_id]
            else:
                aliases[place_id] = aliases[known]
    zone_set = ZoneSet(zones, strips, coasts, lines)
    centres = frozenset(
        str(z["center_gazetteer_id"]) for z in zone_set.rings if z.get("center_gazetteer_id")
    )
    return Plan(zone_set, unplaced, offsets, aliases, centres)


@dataclass
class Gathered:
    """One bucket of every part, brought together: its places and its merged incidents."""

    bucket: int
    places: dict[str, PlaceMentions]
    incidents: list[Incident]
    documents: list[dict]
    centre_documents: dict[str, set[str]] = field(default_factory=dict)


def _join(into: PlaceMentions, more: PlaceMentions) -> None:
    shift = len(into.documents)
    into.datelines += [i + shift for i in more.datelines]
    into.documents += more.documents
    into.texts += more.texts
    into.starts.extend(more.starts)
    into.ends.extend(more.ends)


def _canonical(telling: Telling, aliases: dict[str, Any]) -> Telling:
    place = telling.place
    if place is None or not place.id.startswith("offset:"):
        return telling
    first = aliases.get(place.id, place)
    return telling if first.id == place.id else dataclasses.replace(telling, place=first)


def gather_bucket(bucket: int, states: Sequence[Path | str], plan: Plan) -> Gathered:
    """Return bucket ``bucket`` of the parts' state files ``states`` (in order), merged."""
    with collector_paused():  # many small records, no cycles; see geo.support.collector
        return _gather(bucket, states, plan)


def _gather(bucket: int, states: Sequence[Path | str], plan: Plan) -> Gathered:
    places: dict[str, PlaceMentions] = {}
    tellings: list[Telling] = []
    documents: list[dict] = []
    for state in states:
        part = read_bucket(Path(state), bucket)
        for place_id, mentions in part.places.items():
            if place_id.startswith("offset:") and place_id in plan.aliases:
                place_id = plan.aliases[place_id].id
            known = places.get(place_id)
            if known is None:
                places[place_id] = mentions
            else:
                _join(known, mentions)
        tellings += [_canonical(t, plan.aliases) for t in part.tellings]
        documents += part.documents
    gathered = Gathered(bucket, places, merge(tellings), documents)
    gathered.centre_documents = {
        place_id: set(mentions.documents)
        for place_id, mentions in places.items()
        if place_id in plan.centre_ids
    }
    return gathered


def centre_documents_of(gathered: Gathered) -> dict[str, set[str]]:
    """Return the reports naming each zone centre among a bucket's places."""
    return gathered.centre_documents


@dataclass
class Finished:
    """A bucket's features, and how many of its incidents lie inside each zone."""

    bucket: int
    features: list[dict]
    documents: list[dict]
    ring_counts: list[int]
    shape_counts: list[int]
    geonames: bool


def finish_bucket(
    gathered: Gathered, plan: Plan, centre_documents: dict[str, set[str]]
) -> Finished:
    """Return the features of a gathered bucket: places, then incidents with their zones."""
    with collector_paused():
        return _finish(gathered, plan, centre_documents)


def _finish(gathered: Gathered, plan: Plan, centre_documents: dict[str, set[str]]) -> Finished:
    rings, shapes = plan.zones.relations(on_the_map(gathered.incidents), centre_documents)
    features = [place_feature(m, plan.offsets) for m in gathered.places.values()]
    features += incident_features(gathered.incidents, plan.offsets, rings, shapes)
    return Finished(
        gathered.bucket,
        features,
        gathered.documents,
        rings.inside_counts,
        shapes.inside_counts,
        any(place_id.startswith("geonames:") for place_id in gathered.places),
    )


def counts_of(finished: Finished) -> tuple[list[int], list[int], bool]:
    """Return a bucket's counts of incidents inside each ring and shape, and its GeoNames use."""
    return finished.ring_counts, finished.shape_counts, finished.geonames


def summed(counts: Iterable[Sequence[int]], size: int) -> list[int]:
    """Return the sums of several buckets' counts, zone by zone."""
    total = [0] * size
    for each in counts:
        for k, n in enumerate(each):
            total[k] += n
    return total
