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

import math
from itertools import combinations

import numpy as np
import shapely
from pyproj import Geod

from geo.units import METRES_PER, format_distance

_GEOD = Geod(ellps="WGS84")
AGREE_WITHIN = 0.01  # radii within 1 % of each other are the same figure, rounded
_UNIT_NAMES = {"km": "km", "mi": "mi", "nmi": "nmi", "m": "m"}


# Properties relate() writes: derived from the rest, never a source of truth.
DERIVED_PROPERTIES = ("zones", "zones_not_listed", "incidents_inside", "comparison")


def without_relations(feature: dict) -> dict:
    """Return ``feature`` without the properties ``relate`` derives."""
    props = {k: v for k, v in feature["properties"].items() if k not in DERIVED_PROPERTIES}
    return {**feature, "properties": props}


def _underived(props: dict) -> dict:
    """Return a copy of ``props`` without what ``relate`` derives (a hand-edit may carry stale)."""
    if not any(k in props for k in DERIVED_PROPERTIES):
        return dict(props)
    return {k: v for k, v in props.items() if k not in DERIVED_PROPERTIES}


def _zone_key(props: dict) -> str:
    return str(props.get("center_gazetteer_id") or props.get("center"))


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
    zones = [
        f
        for f in features
        if f["properties"].get("kind") == "zone"
        and _centre(f["properties"]) is not None
        and isinstance(f["properties"].get("radius_m"), int | float)
    ]
    incidents = [
        f
        for f in features
        if f["properties"].get("kind") == "incident"
        and (f.get("geometry") or {}).get("type") == "Point"
    ]
    places = [f for f in features if f["properties"].get("kind") == "place"]
    _distances(zones, incidents, places)
    findings = _compare_radii(zones)
    meta = dict(result.get("geo") or {})
    meta["findings"] = findings
    result["geo"] = meta
    return result


def _centre(props: dict) -> tuple[float, float] | None:
    c = props.get("center_lonlat")
    if isinstance(c, list | tuple) and len(c) == 2 and all(isinstance(v, int | float) for v in c):
        return float(c[0]), float(c[1])
    return None


def _distances(zones: list[dict], incidents: list[dict], places: list[dict]) -> None:
    if not incidents:
        for z in zones:
            z["properties"]["incidents_inside"] = 0
        return
    if not zones:
        for inc in incidents:
            inc["properties"]["zones"] = []
        return
    story_pairs = _pairs_by_story(zones, incidents, places)
    pairs = np.unique(np.concatenate([_pairs_nearby(zones, incidents), story_pairs]))
    inc_of, zone_of = pairs // len(zones), pairs % len(zones)
    centres = np.array([_centre(z["properties"]) for z in zones], dtype=float).reshape(-1, 2)
    radii = np.array([z["properties"]["radius_m"] for z in zones], dtype=float)
    points = np.array(
        [f["geometry"]["coordinates"][:2] for f in incidents], dtype=float
    ).reshape(-1, 2)
    if len(pairs):
        _, _, dist = _GEOD.inv(
            centres[zone_of, 0], centres[zone_of, 1], points[inc_of, 0], points[inc_of, 1]
        )
        dist = np.asarray(dist, dtype=float)
    else:
        dist = np.zeros(0)
    inside = dist <= radii[zone_of]
    story = np.isin(pairs, story_pairs)
    # A pair found nearby by its box is kept when it really lies that near.
    keep = story | (dist <= NEAR_RADII * radii[zone_of])
    counts = np.bincount(zone_of[keep & inside], minlength=len(zones))
    for z, n in zip(zones, counts.tolist(), strict=True):
        z["properties"]["incidents_inside"] = n
    inc_of, zone_of, dist, inside, story = (
        a[keep] for a in (inc_of, zone_of, dist, inside, story)
    )
    listed, not_listed = _listed(inc_of, zone_of, dist, inside, story, radii, len(incidents))
    inc_of, zone_of, dist, inside = inc_of[listed], zone_of[listed], dist[listed], inside[listed]
    # What each zone contributes is the same for every incident: made once.
    per_zone = [
        (z["properties"].get("center"), r, format_distance(r))
        for z, r in zip(zones, radii.tolist(), strict=True)
    ]
    for inc in incidents:
        inc["properties"]["zones"] = []
    # Pairs are sorted by incident, then zone: each incident's zones in collection order.
    for i, j, d, within in zip(
        inc_of.tolist(), zone_of.tolist(), dist.tolist(), inside.tolist(), strict=True
    ):
        center, radius, label = per_zone[j]
        incidents[i]["properties"]["zones"].append(
            {
                "center": center,
                "radius_m": radius,
                "label": label,
                "distance_m": round(d, 1),
                "inside": within,
            }
        )
    for i in np.flatnonzero(not_listed).tolist():
        incidents[i]["properties"]["zones_not_listed"] = int(not_listed[i])


# At most this many zones are listed on one incident: those of its own story
# first, then those it lies inside, then the nearest rings. Where zones crowd
# (hundreds of reported radii around the towns of one front), the rest are
# counted, not listed, so output stays linear in the number of incidents.
MAX_ZONES_PER_INCIDENT = 10


def _listed(
    inc_of: np.ndarray,
    zone_of: np.ndarray,
    dist: np.ndarray,
    inside: np.ndarray,
    story: np.ndarray,
    radii: np.ndarray,
    n_incidents: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Return which pairs to list (in their order) and how many each incident leaves out."""
    if not len(inc_of):
        return np.zeros(0, dtype=bool), np.zeros(n_incidents, dtype=np.int64)
    ring_gap = np.abs(dist - radii[zone_of])
    order = np.lexsort((zone_of, ring_gap, ~inside, ~story, inc_of))
    grouped = inc_of[order]
    first = np.searchsorted(grouped, grouped, side="left")
    rank = np.arange(len(order)) - first
    listed = np.zeros(len(inc_of), dtype=bool)
    listed[order[rank < MAX_ZONES_PER_INCIDENT]] = True
    not_listed = np.bincount(inc_of[~listed], minlength=n_incidents)
    return listed, not_listed


# An incident is related to a zone it lies within this many radii of (from
# the centre): inside, or up to two radii beyond the ring.
NEAR_RADII = 3.0
# The least radius of curvature of the WGS84 ellipsoid (the meridian's, at the
# equator): an angle of reach computed with it is never too small.
_LEAST_RADIUS_M = 6_335_439.0


def _reach_boxes(zones: list[dict]) -> tuple[list, list[int]]:
    """Return lon/lat boxes holding every point within NEAR_RADII radii of each zone's centre.

    A spherical cap of a slightly larger angle than the reach bounds it; a cap
    holding a pole spans every longitude, and one crossing the antimeridian is
    two boxes. Returns the boxes and the zone of each.
    """
    boxes, owners = [], []
    for j, z in enumerate(zones):
        lon, lat = _centre(z["properties"])
        reach = NEAR_RADII * float(z["properties"]["radius_m"])
        angle = min(math.pi, reach / _LEAST_RADIUS_M * 1.01 + 1e-9)
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


def _pairs_nearby(zones: list[dict], incidents: list[dict]) -> np.ndarray:
    """Return ``incident * len(zones) + zone`` for incidents inside a zone's reach box."""
    boxes, owners = _reach_boxes(zones)
    tree = shapely.STRtree(boxes)
    coords = np.array(
        [f["geometry"]["coordinates"][:2] for f in incidents], dtype=float
    ).reshape(-1, 2)
    lon = (coords[:, 0] + 180.0) % 360.0 - 180.0
    found = tree.query(shapely.points(lon, coords[:, 1]), predicate="intersects")
    return found[0].astype(np.int64) * len(zones) + np.asarray(owners, dtype=np.int64)[found[1]]


def _documents(props: dict, key: str) -> set[str]:
    spans = props.get(key)
    if not isinstance(spans, list):
        return set()
    return {str(s["document"]) for s in spans if isinstance(s, dict) and s.get("document")}


def _pairs_by_story(zones: list[dict], incidents: list[dict], places: list[dict]) -> np.ndarray:
    """Return ``incident * len(zones) + zone`` for zones around places of the incident's story.

    That is: the zone's centre is a place one of the incident's reports
    names, or one of those reports gave the zone.
    """
    zones_of_document: dict[str, set[int]] = {}
    by_centre: dict[str, list[int]] = {}
    for j, z in enumerate(zones):
        props = z["properties"]
        centre_id = props.get("center_gazetteer_id")
        if centre_id:
            by_centre.setdefault(str(centre_id), []).append(j)
        for doc in _documents(props, "sources"):
            zones_of_document.setdefault(doc, set()).add(j)
    for f in places:
        js = by_centre.get(str(f["properties"].get("gazetteer_id")))
        if js:
            for doc in _documents(f["properties"], "mentions"):
                zones_of_document.setdefault(doc, set()).update(js)
    found: list[int] = []
    for i, inc in enumerate(incidents):
        related: set[int] = set()
        for doc in _documents(inc["properties"], "sources"):
            related |= zones_of_document.get(doc, set())
        found += [i * len(zones) + j for j in related]
    return np.array(sorted(found), dtype=np.int64)


def _reported(props: dict) -> tuple[float, str] | None:
    rep = props.get("reported")
    if (
        isinstance(rep, dict)
        and isinstance(rep.get("value"), int | float)
        and rep.get("unit") in METRES_PER
    ):
        return float(rep["value"]), rep["unit"]
    return None


def _figure(value: float, unit: str) -> str:
    text = f"{value:,.1f}".removesuffix(".0")
    return f"{text} {_UNIT_NAMES[unit]}"


def _in_other_unit(radius_m: float, unit: str) -> str:
    other = "km" if unit in ("mi", "nmi") else "mi"
    return _figure(radius_m / METRES_PER[other], other)


def _compare_radii(zones: list[dict]) -> list[dict]:
    """Return findings comparing the radii reported for each centre; set ``comparison``."""
    by_centre: dict[str, list[dict]] = {}
    for z in zones:
        z["properties"]["comparison"] = []
        # Only radii that sources reported are findings; rings a user drew
        # (`geo zone` with several radii) differ on purpose.
        if z["properties"].get("sources"):
            by_centre.setdefault(_zone_key(z["properties"]), []).append(z)
    findings: list[dict] = []
    for group in by_centre.values():
        for z in group:
            z["properties"]["comparison"] = []
        if len(group) < 2:
            continue
        centre = group[0]["properties"].get("center")
        for a, b in combinations(sorted(group, key=lambda z: z["properties"]["radius_m"]), 2):
            pa, pb = a["properties"], b["properties"]
            ra, rb = float(pa["radius_m"]), float(pb["radius_m"])
            diff = abs(rb - ra) / min(ra, rb)
            sentence = _pair_sentence(centre, pa, pb, ra, rb, diff)
            findings.append({"center": centre, "agree": diff <= AGREE_WITHIN, "text": sentence})
            for p, other in ((pa, pb), (pb, pa)):
                p["comparison"].append(
                    {
                        "other_radius_m": float(other["radius_m"]),
                        "other_label": format_distance(float(other["radius_m"])),
                        "relative_difference": round(diff, 4),
                        "agree": diff <= AGREE_WITHIN,
                        "note": sentence,
                    }
                )
    return findings


def _pair_sentence(centre, pa: dict, pb: dict, ra: float, rb: float, diff: float) -> str:
    def said(p: dict, r: float) -> str:
        rep = _reported(p)
        if rep is None:
            return format_distance(r)
        value, unit = rep
        return f"{_figure(value, unit)} = {_in_other_unit(r, unit)}"

    head = f"Around {centre}, sources give {said(pa, ra)} and {said(pb, rb)}"
    if diff <= AGREE_WITHIN:
        return f"{head}: they agree within {AGREE_WITHIN:.0%}."
    slip = _unit_slip(pa, ra, pb, rb) or _unit_slip(pb, rb, pa, ra)
    text = f"{head}: they differ by {diff:.0%}."
    if slip:
        text += f" {slip}"
    return text + " Both rings are shown."


def _unit_slip(p: dict, r: float, other: dict, other_r: float) -> str | None:
    """Return a note when ``p``'s figure, read in the other unit, matches ``other``'s radius."""
    rep = _reported(p)
    if rep is None or rep[1] not in ("km", "mi"):
        return None
    value, unit = rep
    swapped_unit = "km" if unit == "mi" else "mi"
    swapped_m = value * METRES_PER[swapped_unit]
    if abs(swapped_m - other_r) / other_r <= AGREE_WITHIN:
        return (
            f"{_figure(value, unit)} looks like a km/mi slip: {_figure(value, swapped_unit)}"
            f" = {_in_other_unit(swapped_m, swapped_unit)} matches the other figure."
        )
    return None
