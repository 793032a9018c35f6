"""What the zones tell: incident distances, inside or outside, and where sources disagree.

``relate`` reads a FeatureCollection and returns a new one with

- on each incident, ``zones``: for every zone that concerns it, the geodesic
  distance from its centre and whether the incident lies inside it. A zone
  concerns an incident when its centre is a place the incident's own reports
  name (or the zone was reported in them), or when the incident lies within
  ``NEAR_RADII`` radii of its centre. Zones are found through a spatial index,
  so a batch of many reports costs close to n log n, not every incident times
  every zone;
- on each zone, ``incidents_inside``: how many incidents lie inside it, and
  ``comparison``: how its radius compares with the other radii reported for the
  same centre;
- at the top, ``geo.findings``: those comparisons, each ``{center, agree, text}``.

It runs on every map, not only on extraction, so a collection edited by hand
(a zone dropped, an incident moved) is always told consistently.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pyproj
import shapely
import shapely.geometry
from pyproj import Geod

from geo.errors import GeoError, RadiusError
from geo.features import point, round_coords
from geo.findings import LINE_SHAPES, compare_radii, compare_widths
from geo.units import check_radius, format_distance
from geo.wedges import offset_point, point_fits, sectored_zone
from geo.zones import geodesic_ring, ring_fits

_GEOD = Geod(ellps="WGS84")


# Properties relate() writes: derived from the rest, never a source of truth.
DERIVED_PROPERTIES = ("zones", "zones_not_listed", "incidents_inside", "comparison")


def without_relations(feature: dict) -> dict:
    """Return ``feature`` without the properties ``relate`` derives."""
    props = {k: v for k, v in feature["properties"].items() if k not in DERIVED_PROPERTIES}
    return {**feature, "properties": props}


_DERIVED = frozenset(DERIVED_PROPERTIES)


def _underived(props: dict) -> dict:
    """Return a copy of ``props`` without what ``relate`` derives (a hand-edit may carry stale)."""
    if _DERIVED.isdisjoint(props):
        return props.copy()
    return {k: v for k, v in props.items() if k not in DERIVED_PROPERTIES}


def relate(collection: dict) -> dict:
    """Return a copy of ``collection`` with distances, inside/outside and radius findings."""
    # New feature and property dicts, shared geometries: relate writes only
    # properties, and copying every zone's vertices cost a fifth of extraction.
    result = {
        **collection,
        "features": [
            {**f, "properties": _underived(f.get("properties") or {})}
            for f in collection["features"]
        ],
    }
    features = result["features"]
    _redraw_edited_rings(features)
    _move_edited_offsets(features)
    zones = relatable_zones(f["properties"] for f in features)
    incidents = [
        f
        for f in features
        if f["properties"].get("kind") == "incident"
        and (f.get("geometry") or {}).get("type") == "Point"
    ]
    if zones:  # (an ACLED export alone has none: nothing to measure)
        relations = ZoneRelations(
            zones,
            [f["geometry"]["coordinates"][:2] for f in incidents],
            [documents_of(f["properties"], "sources") for f in incidents],
            place_documents(f["properties"] for f in features),
        )
        for i, f in enumerate(incidents):
            relations.set_on(i, f["properties"])
        for z, n in zip(zones, relations.inside_counts, strict=True):
            z["incidents_inside"] = n
    else:
        for f in incidents:
            f["properties"]["zones"] = []
    shaped = [
        f
        for f in features
        if f["properties"].get("kind") == "zone" and f["properties"].get("shape") in SHAPED
    ]
    if shaped:
        shapes = ShapeRelations(
            [(f["properties"], f.get("geometry")) for f in shaped],
            [f["geometry"]["coordinates"][:2] for f in incidents],
        )
        for i, f in enumerate(incidents):
            shapes.set_on(i, f["properties"])
        for f, n in zip(shaped, shapes.inside_counts, strict=True):
            f["properties"]["incidents_inside"] = n
    findings = compare_radii(zones) + compare_widths(
        [f["properties"] for f in features if f["properties"].get("shape") in LINE_SHAPES]
    )
    meta = dict(result.get("geo") or {})
    meta["findings"] = findings
    result["geo"] = meta
    return result


def _move_edited_offsets(features: list[dict]) -> None:
    """Put each place or incident given as an offset at the point its offset's facts give.

    The contract is the truth here too: an edited bearing, distance or
    reference moves the point (and the wedge, which is drawn from the facts).
    """
    for i, f in enumerate(features):
        offset = f["properties"].get("offset")
        if not isinstance(offset, dict) or f.get("geometry") is None:
            continue
        if point_fits(f.get("geometry"), offset):
            continue
        features[i] = {**f, "geometry": point(*round_coords(list(offset_point(offset))))}


def _redraw_edited_rings(features: list[dict]) -> None:
    """Draw again the ring of each zone whose centre or radius no longer fits it.

    The contract is the truth: a zone is its centre and radius, and its ring
    is drawn from them. When a hand edit moved the centre or changed the
    radius, the ring (and the label) would contradict the distances; they
    are made again from the edited facts.
    """
    for i, f in enumerate(features):
        props = f["properties"]
        if props.get("kind") != "zone":
            continue
        centre, radius = _centre(props), props.get("radius_m")
        if centre is None or not isinstance(radius, int | float) or isinstance(radius, bool):
            continue
        if props.get("shape") == "sectors":
            _redraw_sectors(features, i, centre)
            continue
        if ring_fits(f.get("geometry"), centre, float(radius)):
            continue
        tolerance = props.get("tolerance_m")
        if not isinstance(tolerance, int | float) or isinstance(tolerance, bool) or tolerance <= 0:
            tolerance = 1.0
        try:
            ring = geodesic_ring(centre, float(radius), float(tolerance))
        except GeoError as exc:
            raise type(exc)(f"feature {i} (zone around {props.get('center')}): {exc}") from exc
        props["label"] = format_distance(float(radius))
        # At the contract's precision: the map is then what the file, written, would give.
        features[i] = {**f, "geometry": {**ring, "coordinates": round_coords(ring["coordinates"])}}


def _redraw_sectors(features: list[dict], i: int, centre: tuple[float, float]) -> None:
    """Draw a zone sized by direction from its facts (``by_direction``), as edited."""
    f = features[i]
    legs = f["properties"].get("by_direction")
    try:
        directions = [(float(leg["bearing_deg"]), float(leg["radius_m"])) for leg in legs]
    except (TypeError, KeyError, ValueError) as exc:
        raise RadiusError(
            f"feature {i} (zone around {f['properties'].get('center')}): "
            f"by_direction is not a list of bearing_deg and radius_m ({exc})"
        ) from exc
    if not directions:
        raise RadiusError(f"feature {i}: by_direction is empty")
    for _, metres in directions:
        try:
            check_radius(metres)
        except RadiusError as exc:
            raise RadiusError(f"feature {i} (by_direction): {exc}") from exc
    zone = sectored_zone(centre[0], centre[1], directions)
    features[i] = {**f, "geometry": {**zone, "coordinates": round_coords(zone["coordinates"])}}


def relatable_zones(properties: Iterable[dict]) -> list[dict]:
    """Return the rings among zone ``properties``: a centre and a radius, and no other shape.

    Strips, coastal bands and zones sized by direction are related by their
    shapes (``ShapeRelations``).
    """
    return [
        p
        for p in properties
        if p.get("kind") == "zone"
        and p.get("shape") not in SHAPED
        and _centre(p) is not None
        and isinstance(p.get("radius_m"), int | float)
    ]


# Zones that are no ring around a centre: their incidents are those inside their shape.
SHAPED = ("strip", "coast", "sectors")


class ShapeRelations:
    """The incidents inside each strip, coastal band or zone sized by direction.

    ``zones`` are (properties, GeoJSON geometry) of such zones; ``points`` the
    incidents' (lon, lat). An incident inside one gets a ``zones`` entry (as
    for rings): its distance from the line the zone runs along (from the
    centre for one sized by direction), and ``inside``. Each zone's
    ``incidents_inside`` counts them.
    """

    def __init__(self, zones: Sequence[tuple[dict, dict | None]], points: Sequence) -> None:
        self.entries: list[list[dict]] = [[] for _ in points]
        self.inside_counts = [0] * len(zones)
        if not len(points):
            return
        lons = np.array([float(p[0]) for p in points])
        lats = np.array([float(p[1]) for p in points])
        for k, (props, geometry) in enumerate(zones):
            if not geometry:
                continue
            area = shapely.geometry.shape(geometry)
            shapely.prepare(area)
            inside = np.flatnonzero(shapely.contains_xy(area, lons, lats))
            self.inside_counts[k] = len(inside)
            for i in inside:
                self.entries[i].append(
                    {
                        "center": str(props.get("center") or ""),
                        "radius_m": float(props["radius_m"]),
                        "label": str(props.get("label") or ""),
                        "distance_m": round(_distance_from(props, lons[i], lats[i]), 1),
                        "inside": True,
                    }
                )

    def set_on(self, i: int, props: dict) -> None:
        """Add incident ``i``'s entries to its ``zones`` (after any rings')."""
        if self.entries[i]:
            props["zones"] = list(props.get("zones") or []) + self.entries[i]


def _distance_from(props: dict, lon: float, lat: float) -> float:
    """Return metres from (lon, lat) to what a shaped zone is measured from: line or centre."""
    if props.get("shape") == "sectors":
        centre = _centre(props)
        return float(_GEOD.inv(centre[0], centre[1], lon, lat)[2]) if centre else math.nan
    from geo.strips import zone_line  # the lines live with the strips

    line = zone_line(props)
    if line is None:
        return math.nan
    # Distances from the incident are true in a projection centred on it.
    aeqd = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs"
    to_local = pyproj.Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
    local = shapely.transform(
        line, lambda xy: np.column_stack(to_local.transform(xy[:, 0], xy[:, 1]))
    )
    return float(local.distance(shapely.geometry.Point(0.0, 0.0)))


def place_documents(properties: Iterable[dict]) -> dict[str, set[str]]:
    """Return, for each place's gazetteer id, the documents that name it."""
    found: dict[str, set[str]] = {}
    for p in properties:
        if p.get("kind") == "place" and p.get("gazetteer_id"):
            found.setdefault(str(p["gazetteer_id"]), set()).update(documents_of(p, "mentions"))
    return found


def documents_of(props: dict, key: str) -> set[str]:
    """Return the documents the spans under ``props[key]`` come from."""
    spans = props.get(key)
    if not isinstance(spans, list):
        return set()
    return {str(s["document"]) for s in spans if isinstance(s, dict) and s.get("document")}


def _centre(props: dict) -> tuple[float, float] | None:
    c = props.get("center_lonlat")
    if isinstance(c, list | tuple) and len(c) == 2 and all(isinstance(v, int | float) for v in c):
        return float(c[0]), float(c[1])
    return None


# An incident is related to a zone it lies within this many radii of (from
# the centre): inside, or up to two radii beyond the ring.
NEAR_RADII = 3.0
# At most this many zones are listed on one incident: those of its own story
# first, then those it lies inside, then the nearest rings. Where zones crowd
# (hundreds of reported radii around the towns of one front), the rest are
# counted, not listed, so output stays linear in the number of incidents.
MAX_ZONES_PER_INCIDENT = 10
# The least radius of curvature of the WGS84 ellipsoid (the meridian's, at the
# equator): an angle of reach computed with it is never too small.
_LEAST_RADIUS_M = 6_335_439.0


class ZoneRelations:
    """The zones that concern each incident, with distances, and how many lie inside each zone.

    ``zones`` are zone properties (``center``, ``center_lonlat``,
    ``radius_m``, ``center_gazetteer_id``, ``sources``); ``points`` the
    incidents' (lon, lat); ``incident_documents`` the reports each incident
    was told in; ``place_documents`` the reports that name each place (by
    gazetteer id). Only arrays are kept: an incident's list is made when asked
    for, so a long batch can be written one feature at a time.
    """

    def __init__(
        self,
        zones: list[dict],
        points: list,
        incident_documents: Sequence[set[str]],
        place_documents: dict[str, set[str]],
    ):
        n_zones, n_incidents = len(zones), len(points)
        self.per_zone = [
            (z.get("center"), float(z["radius_m"]), format_distance(float(z["radius_m"])))
            for z in zones
        ]
        # Per chunk: (starts, zone, distance, inside) of the pairs listed.
        self._chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self.not_listed = np.zeros(n_incidents, dtype=np.int64)
        self.inside_counts = [0] * n_zones
        if not n_zones or not n_incidents:
            return
        coords = np.asarray(points, dtype=float).reshape(-1, 2)
        centres = np.array([_centre(z) for z in zones], dtype=float).reshape(-1, 2)
        radii = np.array([z["radius_m"] for z in zones], dtype=float)
        rings = _Rings(centres, radii)
        zones_of_document = _zones_of_documents(zones, place_documents)
        inside_counts = np.zeros(len(rings.zone) + 1, dtype=np.int64)  # over rings.zone's order
        # In chunks of incidents: where zones crowd, the pairs to weigh are many
        # more than those listed, and only a chunk's are held at once.
        self._chunk = _CHUNK
        for first in range(0, n_incidents, self._chunk):
            last = min(first + self._chunk, n_incidents)
            # Zones near each incident: one distance per centre; the radii
            # around it, sorted, say at once which rings hold the incident
            # (radius >= distance) and which reach it (three radii >= distance).
            inc, centre, dist, lo, ins, end = rings.near(coords, first, last)
            np.add.at(inside_counts, rings.offset[centre] + ins, 1)
            np.add.at(inside_counts, rings.offset[centre] + end, -1)
            # Only the rings nearest the incident's distance can be listed:
            # up to ten inside and ten outside of it, around each centre.
            a, b = (
                np.maximum(lo, ins - MAX_ZONES_PER_INCIDENT),
                np.minimum(end, ins + MAX_ZONES_PER_INCIDENT),
            )
            rows = np.repeat(np.arange(len(inc)), b - a)
            at = np.arange(len(rows)) - np.repeat(np.cumsum(b - a) - (b - a), b - a) + a[rows]
            near_inc, near_dist = inc[rows], dist[rows]
            near_zone = rings.zone[rings.offset[centre[rows]] + at]
            near_inside = at >= ins[rows]
            # Zones of the incident's own story, wherever they are.
            story_pairs = _pairs_by_story(
                n_zones, incident_documents[first:last], zones_of_document, first
            )
            s_inc, s_zone = story_pairs // n_zones, story_pairs % n_zones
            _, _, s_dist = _GEOD.inv(
                centres[s_zone, 0], centres[s_zone, 1], coords[s_inc, 0], coords[s_inc, 1]
            )
            s_dist = np.asarray(s_dist, dtype=float).reshape(-1)
            s_reach = s_dist <= NEAR_RADII * radii[s_zone]
            pairs = np.concatenate([near_inc * n_zones + near_zone, story_pairs])
            pairs, where = np.unique(pairs, return_index=True)
            inc_of, zone_of = pairs // n_zones, pairs % n_zones
            dist = np.concatenate([near_dist, s_dist])[where]
            inside = np.concatenate([near_inside, s_dist <= radii[s_zone]])[where]
            story = np.isin(pairs, story_pairs)
            # Every zone within reach counts, listed or not, and story zones beyond it.
            weighed = np.bincount(inc - first, weights=end - lo, minlength=last - first)
            weighed += np.bincount(s_inc[~s_reach] - first, minlength=last - first)
            listed = _listed(inc_of, zone_of, dist, inside, story, radii)
            self.not_listed[first:last] = weighed.astype(np.int64) - np.bincount(
                inc_of[listed] - first, minlength=last - first
            )
            # Pairs are sorted by incident, then zone: the chunk's incident k has
            # its pairs at starts[k]:starts[k + 1].
            starts = np.searchsorted(inc_of[listed], np.arange(first, last + 1))
            self._chunks.append(
                (starts, zone_of[listed].astype(np.int32), dist[listed], inside[listed])
            )
        per_ring = np.cumsum(inside_counts)[:-1]
        counts = np.zeros(n_zones, dtype=np.int64)
        counts[rings.zone] = per_ring
        self.inside_counts = counts.tolist()

    def zones_of(self, i: int) -> list[dict]:
        """Return incident ``i``'s ``zones``: one entry per zone that concerns it."""
        if not self._chunks:
            return []
        starts, zone_of, dist, inside = self._chunks[i // self._chunk]
        k = i % self._chunk
        a, b = int(starts[k]), int(starts[k + 1])
        found = []
        for j, d, within in zip(
            zone_of[a:b].tolist(), dist[a:b].tolist(), inside[a:b].tolist(), strict=True
        ):
            center, radius, label = self.per_zone[j]
            found.append(
                {
                    "center": center,
                    "radius_m": radius,
                    "label": label,
                    "distance_m": round(d, 1),
                    "inside": within,
                }
            )
        return found

    def set_on(self, i: int, props: dict) -> None:
        """Write incident ``i``'s ``zones`` (and ``zones_not_listed``, if any) into ``props``."""
        props["zones"] = self.zones_of(i)
        if self.not_listed[i]:
            props["zones_not_listed"] = int(self.not_listed[i])


def _listed(
    inc_of: np.ndarray,
    zone_of: np.ndarray,
    dist: np.ndarray,
    inside: np.ndarray,
    story: np.ndarray,
    radii: np.ndarray,
) -> np.ndarray:
    """Return which pairs to list: per incident, its story's zones, then inside, then nearest."""
    listed = np.zeros(len(inc_of), dtype=bool)
    if not len(inc_of):
        return listed
    ring_gap = np.abs(dist - radii[zone_of])
    order = np.lexsort((zone_of, ring_gap, ~inside, ~story, inc_of))
    grouped = inc_of[order]
    start_of_group = np.searchsorted(grouped, grouped, side="left")
    rank = np.arange(len(order)) - start_of_group
    listed[order[rank < MAX_ZONES_PER_INCIDENT]] = True
    return listed


# Incidents related at a time: bounds the pairs held where zones crowd.
_CHUNK = 256


def _reach_boxes(centres: np.ndarray, radii: np.ndarray) -> tuple[list, list[int]]:
    """Return lon/lat boxes holding every point within NEAR_RADII radii of each zone's centre.

    A spherical cap of a slightly larger angle than the reach bounds it; a cap
    holding a pole spans every longitude, and one crossing the antimeridian is
    two boxes. Returns the boxes and the zone of each.
    """
    boxes, owners = [], []
    for j, ((lon, lat), radius) in enumerate(zip(centres.tolist(), radii.tolist(), strict=True)):
        angle = min(math.pi, NEAR_RADII * radius / _LEAST_RADIUS_M * 1.01 + 1e-9)
        phi = math.radians(max(-90.0, min(90.0, lat)))
        south = math.degrees(phi - angle)
        north = math.degrees(phi + angle)
        if north >= 90.0 or south <= -90.0:
            parts = [(-180.0, max(-90.0, south), 180.0, min(90.0, north))]
        else:
            dlon = math.degrees(math.asin(min(1.0, math.sin(angle) / math.cos(phi))))
            west = (lon - dlon + 180.0) % 360.0 - 180.0
            east = west + 2 * dlon
            if 2 * dlon >= 360.0:
                parts = [(-180.0, south, 180.0, north)]
            elif east <= 180.0:
                parts = [(west, south, east, north)]
            else:
                parts = [(west, south, 180.0, north), (-180.0, south, east - 360.0, north)]
        for part in parts:
            boxes.append(shapely.box(*part))
            owners.append(j)
    return boxes, owners


class _Rings:
    """The zones grouped by centre, each centre's radii sorted, in one spatial index.

    ``zone``, ``radius`` and ``reach`` (``NEAR_RADII`` radii) run centre by
    centre, each centre's rings by radius (then zone): centre ``c`` holds
    ``offset[c]:offset[c + 1]``. One reach box per centre, for its largest ring.
    """

    def __init__(self, centres: np.ndarray, radii: np.ndarray):
        keys: dict[tuple[float, float], list[int]] = {}
        for j, (lon, lat) in enumerate(centres.tolist()):
            keys.setdefault((lon, lat), []).append(j)
        groups = [sorted(js, key=lambda j: (radii[j], j)) for js in keys.values()]
        self.zone = np.array([j for g in groups for j in g], dtype=np.int64)
        self.radius = radii[self.zone]
        self.reach = NEAR_RADII * self.radius
        sizes = np.array([len(g) for g in groups], dtype=np.int64)
        self.offset = np.concatenate([[0], np.cumsum(sizes)])
        self.centre = np.array(list(keys), dtype=float).reshape(-1, 2)
        largest = self.radius[self.offset[1:] - 1]
        boxes, owners = _reach_boxes(self.centre, largest)
        self.tree = shapely.STRtree(boxes)
        self.owners = np.asarray(owners, dtype=np.int64)

    def near(self, coords: np.ndarray, first: int, last: int) -> tuple[np.ndarray, ...]:
        """Return, for incidents ``first:last`` and each centre whose reach box holds one:

        the incident, the centre, the distance between them, and where, among
        the centre's rings, the rings that reach the incident begin (``lo``),
        those that hold it begin (``ins``), and the rings end (``end``).
        """
        points = coords[first:last]
        lon = (points[:, 0] + 180.0) % 360.0 - 180.0
        found = self.tree.query(shapely.points(lon, points[:, 1]), predicate="intersects")
        pairs = np.unique(
            (found[0].astype(np.int64) + first) * len(self.centre) + self.owners[found[1]]
        )
        inc, centre = pairs // len(self.centre), pairs % len(self.centre)
        _, _, dist = _GEOD.inv(
            self.centre[centre, 0], self.centre[centre, 1], coords[inc, 0], coords[inc, 1]
        )
        dist = np.asarray(dist, dtype=float).reshape(-1)
        lo, ins = np.empty(len(inc), dtype=np.int64), np.empty(len(inc), dtype=np.int64)
        # Pairs are sorted by incident; by centre, each centre's radii are searched once.
        by_centre = np.argsort(centre, kind="stable")
        bounds = np.searchsorted(centre[by_centre], np.arange(len(self.centre) + 1))
        for c in np.flatnonzero(np.diff(bounds)).tolist():
            sel = by_centre[bounds[c] : bounds[c + 1]]
            a, b = self.offset[c], self.offset[c + 1]
            lo[sel] = np.searchsorted(self.reach[a:b], dist[sel], side="left")
            ins[sel] = np.searchsorted(self.radius[a:b], dist[sel], side="left")
        end = self.offset[centre + 1] - self.offset[centre]
        keep = lo < end  # the box is larger than the reach
        return inc[keep], centre[keep], dist[keep], lo[keep], ins[keep], end[keep]


def _zones_of_documents(
    zones: list[dict], place_documents: dict[str, set[str]]
) -> Callable[[str], set[int]]:
    """Return a function giving a report's story zones: those it gave or whose centre it names.

    Memoised: a report tells many incidents.
    """
    given: dict[str, set[int]] = {}
    by_centre: dict[str, list[int]] = {}
    for j, z in enumerate(zones):
        for doc in documents_of(z, "sources"):
            given.setdefault(doc, set()).add(j)
        centre_id = z.get("center_gazetteer_id")
        if centre_id:
            by_centre.setdefault(str(centre_id), []).append(j)
    # Report -> the zone centres it names (a report names a few places; a
    # place may be named by thousands of reports).
    named: dict[str, list[str]] = {}
    for place_id, docs in place_documents.items():
        if place_id in by_centre:
            for doc in docs:
                named.setdefault(doc, []).append(place_id)

    def of(doc: str) -> set[int]:
        found = set(given.get(doc, ()))
        for place_id in named.get(doc, ()):
            found.update(by_centre[place_id])
        # A report that names the centres of more zones than an incident lists
        # (a digest of a whole front) is no one zone's story: its incidents are
        # related to the zones near them only, and the work stays linear.
        return found if len(found) <= MAX_ZONES_PER_INCIDENT else set()

    return functools.lru_cache(maxsize=4096)(of)


def _pairs_by_story(
    n_zones: int,
    incident_documents: Sequence[set[str]],
    zones_of_document: Callable[[str], set[int]],
    first: int,
) -> np.ndarray:
    """Return ``incident * n_zones + zone`` for zones of the story of each incident.

    Incidents are numbered from ``first``.
    """
    found: list[int] = []
    for i, docs in enumerate(incident_documents, first):
        related: set[int] = set()
        for doc in docs:
            related |= zones_of_document(doc)
        found += [i * n_zones + j for j in related]
    return np.array(sorted(found), dtype=np.int64)
