"""A finished batch: its features made one at a time, with their relations and findings.

``Extractor.finish()`` (``geo.extract.batch``) returns one. Zones along lines
are drawn at once (which incidents lie inside needs their shapes); rings,
places and incidents are made as the features are read, a batch of rings at
a time, so a big batch never holds all its geometries twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import shapely.errors

from geo import __version__
from geo.errors import GeoError
from geo.extract.assemble import (
    ZONE_TOLERANCE_M,
    coast_zones,
    incident_feature,
    line_zones,
    located,
    lonlat,
    place_feature,
    source_of,
    strip_zones,
    zone_groups,
    zone_properties,
)
from geo.extract.incidents import Incident, merge
from geo.features import feature, feature_collection
from geo.findings import compare_radii, compare_widths
from geo.geocode.index import GEONAMES_ATTRIBUTION
from geo.relations import ShapeRelations, ZoneRelations, relatable_zones
from geo.units import format_distance
from geo.wedges import sectored_zone
from geo.zones import geodesic_rings

if TYPE_CHECKING:
    from geo.extract.batch import Extractor


class ZoneSet:
    """A run's zones: grouped, drawn where a shape is needed, compared, and what relates them.

    ``Finished`` makes one from a batch's records; ``geo.cluster`` from those
    of every part of a corpus, which are few beside its places and incidents.
    """

    def __init__(self, zones: list, strips: list, coasts: list, lines: list):
        # Zones along lines, drawn now: which incidents lie inside needs their shapes.
        self.lines = [
            _drawn(props, draw)
            for props, draw in strip_zones(strips) + coast_zones(coasts) + line_zones(lines)
        ]
        self.groups, self.problems = zone_groups(zones)
        self.props = [zone_properties(group) for group in self.groups]
        self.rings = relatable_zones(self.props)
        # Zones sized by direction, and those along lines: related by their shapes.
        self.sectors = {
            id(props): sectored_zone(*lonlat(group[0].center), list(group[0].radius.directions))
            for group, props in zip(self.groups, self.props, strict=True)
            if group[0].radius.directions
        }
        self.shaped = [(props, drawn) for props, drawn in self.lines if drawn is not None] + [
            (props, self.sectors[id(props)]) for props in self.props if id(props) in self.sectors
        ]
        self.findings: list[dict] = []

    def relations(
        self, incidents: list[Incident], place_documents: dict[str, set[str]]
    ) -> tuple[ZoneRelations, ShapeRelations]:
        """Return how ``incidents`` (those on the map) relate to the rings and the shapes."""
        points = [lonlat(i.place) for i in incidents if i.place is not None]
        rings = ZoneRelations(self.rings, points, _Documents(incidents), place_documents)
        return rings, ShapeRelations(self.shaped, points)

    def count_inside(self, rings: Sequence[int], shapes: Sequence[int]) -> None:
        """Set each zone's ``incidents_inside``, and compare the radii and widths told."""
        for z, n in zip(self.rings, rings, strict=True):
            z["incidents_inside"] = n
        # Radii compared around each centre (rings only, as relate() does), widths along lines.
        self.findings = compare_radii(self.rings) + compare_widths([p for p, _ in self.lines])
        for (props, _), n in zip(self.shaped, shapes, strict=True):
            props["incidents_inside"] = n

    def features(self, unplaced: list) -> Iterator[dict]:
        """Yield the zones: rings (a batch of them drawn at a time), lines, then ``unplaced``."""
        for start in range(0, len(self.groups), _ZONE_BATCH):
            groups = self.groups[start : start + _ZONE_BATCH]
            rings = geodesic_rings(
                [lonlat(g[0].center) for g in groups],
                [g[0].radius.radius_m for g in groups],
                tolerance_m=ZONE_TOLERANCE_M,
            )
            for props, ring in zip(self.props[start:], rings, strict=False):
                # Sized by direction: the reach of each, not the ring of the widest.
                yield feature(self.sectors.get(id(props), ring), props)
        for props, drawn in self.lines:
            yield feature(drawn, props)
        for radius, basis, source, line in unplaced:
            review: dict[str, Any] = {
                "kind": "zone",
                "center": None,
                "center_basis": basis,
                "radius_m": radius.radius_m,
                "label": format_distance(radius.radius_m),
                "reported": {"value": radius.value, "unit": radius.unit, "text": radius.text},
                "sources": [source_of(source)],
            }
            if line is not None:
                # Along a line the data lacks: a strip whose line needs review.
                review["shape"] = "strip"
                review["line"] = {"name": line, "source": None}
            yield feature(None, review)


def incident_features(
    incidents: list[Incident],
    offsets: dict[str, dict],
    rings: ZoneRelations,
    shapes: ShapeRelations,
) -> Iterator[dict]:
    """Yield the features of ``incidents``, those on the map with the zones that concern them."""
    on_map = 0
    for incident in incidents:
        f = incident_feature(incident, offsets)
        if f["geometry"] is not None:
            rings.set_on(on_map, f["properties"])
            shapes.set_on(on_map, f["properties"])
            on_map += 1
        yield f


def on_the_map(incidents: list[Incident]) -> list[Incident]:
    """Return the incidents with a position (in order): those related to the zones."""
    return [i for i in incidents if i.place is not None and located(i.place)]


class Finished:
    """The features of an extracted batch, made one at a time, with their relations."""

    def __init__(self, extractor: Extractor):
        self.problems = extractor.problems + extractor._notes
        self._places = extractor._places
        self._offsets = extractor.offsets
        self._unplaced_zones = extractor._unplaced_zones
        self.zones = ZoneSet(
            extractor._zones, extractor._strips, extractor._coasts, extractor._lines
        )
        self.zone_groups = self.zones.groups
        self.problems += self.zones.problems
        self._incidents = merge(extractor._tellings)
        self._relations, self._shapes = self.zones.relations(
            on_the_map(self._incidents),
            {place_id: set(mentions.documents) for place_id, mentions in self._places.items()},
        )
        self.zones.count_inside(self._relations.inside_counts, self._shapes.inside_counts)
        self.findings = self.zones.findings
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
            yield place_feature(mentions, self._offsets)
        yield from self.zones.features(self._unplaced_zones)
        yield from incident_features(self._incidents, self._offsets, self._relations, self._shapes)

    def collection(self) -> dict:
        """Return the whole FeatureCollection."""
        return feature_collection(self.features(), geo=self.meta)


def _drawn(props: dict, draw: Callable[[], dict]) -> tuple[dict, dict | None]:
    """Return a zone along a line with its shape; one that cannot be drawn is kept for review."""
    try:
        return props, draw()
    except (GeoError, ValueError, shapely.errors.GEOSException) as exc:
        return {**props, "center_basis": f"needs review: could not be drawn ({exc})"}, None


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
