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


class Finished:
    """The features of an extracted batch, made one at a time, with their relations."""

    def __init__(self, extractor: Extractor):
        self.problems = extractor.problems + extractor._notes
        self._places = extractor._places
        self._offsets = extractor.offsets
        # Zones along lines, drawn now: which incidents lie inside needs their shapes.
        self._lines = [
            _drawn(props, draw)
            for props, draw in strip_zones(extractor._strips)
            + coast_zones(extractor._coasts)
            + line_zones(extractor._lines)
        ]
        self._unplaced_zones = extractor._unplaced_zones
        self.zone_groups, zone_problems = zone_groups(extractor._zones)
        self.problems += zone_problems
        self._zone_props = [zone_properties(group) for group in self.zone_groups]
        self._incidents = merge(extractor._tellings)
        on_map = [i for i in self._incidents if i.place is not None and located(i.place)]
        points = [lonlat(i.place) for i in on_map if i.place is not None]
        rings = relatable_zones(self._zone_props)
        self._relations = ZoneRelations(
            rings,
            points,
            _Documents(on_map),
            {place_id: set(mentions.documents) for place_id, mentions in self._places.items()},
        )
        for z, n in zip(rings, self._relations.inside_counts, strict=True):
            z["incidents_inside"] = n
        # Radii compared around each centre (rings only, as relate() does), widths along lines.
        self.findings = compare_radii(rings) + compare_widths([props for props, _ in self._lines])
        # Zones sized by direction, and those along lines: related by their shapes.
        self._sectors = {
            id(props): sectored_zone(*lonlat(group[0].center), list(group[0].radius.directions))
            for group, props in zip(self.zone_groups, self._zone_props, strict=True)
            if group[0].radius.directions
        }
        shaped = [(props, drawn) for props, drawn in self._lines if drawn is not None] + [
            (props, self._sectors[id(props)])
            for props in self._zone_props
            if id(props) in self._sectors
        ]
        self._shapes = ShapeRelations(shaped, points)
        for (props, _), n in zip(shaped, self._shapes.inside_counts, strict=True):
            props["incidents_inside"] = n
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
        for start in range(0, len(self.zone_groups), _ZONE_BATCH):
            groups = self.zone_groups[start : start + _ZONE_BATCH]
            rings = geodesic_rings(
                [lonlat(g[0].center) for g in groups],
                [g[0].radius.radius_m for g in groups],
                tolerance_m=ZONE_TOLERANCE_M,
            )
            for props, ring in zip(self._zone_props[start:], rings, strict=False):
                # Sized by direction: the reach of each, not the ring of the widest.
                yield feature(self._sectors.get(id(props), ring), props)
        for props, drawn in self._lines:
            yield feature(drawn, props)
        for radius, basis, source, line in self._unplaced_zones:
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
        located = 0
        for incident in self._incidents:
            f = incident_feature(incident, self._offsets)
            if f["geometry"] is not None:
                self._relations.set_on(located, f["properties"])
                self._shapes.set_on(located, f["properties"])
                located += 1
            yield f

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
