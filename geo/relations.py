"""What the zones tell: incident distances, inside or outside, and where sources disagree.

``relate`` reads a FeatureCollection and returns a new one with

- on each incident, ``zones``: for every zone, the geodesic distance from its
  centre and whether the incident lies inside it;
- on each zone, ``incidents_inside``: how many incidents lie inside it, and
  ``comparison``: how its radius compares with the other radii reported for the
  same centre;
- at the top, ``geo.findings``: those comparisons, each ``{center, agree, text}``.

It runs on every map, not only on extraction, so a collection edited by hand
(a zone dropped, an incident moved) is always told consistently.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from pyproj import Geod

from geo.units import METRES_PER, format_distance

_GEOD = Geod(ellps="WGS84")
AGREE_WITHIN = 0.01  # radii within 1 % of each other are the same figure, rounded
_UNIT_NAMES = {"km": "km", "mi": "mi", "nmi": "nmi", "m": "m"}


# Properties relate() writes: derived from the rest, never a source of truth.
DERIVED_PROPERTIES = ("zones", "incidents_inside", "comparison")


def without_relations(feature: dict) -> dict:
    """Return ``feature`` without the properties ``relate`` derives."""
    props = {k: v for k, v in feature["properties"].items() if k not in DERIVED_PROPERTIES}
    return {**feature, "properties": props}


def _zone_key(props: dict) -> str:
    return str(props.get("center_gazetteer_id") or props.get("center"))


def relate(collection: dict) -> dict:
    """Return a copy of ``collection`` with distances, inside/outside and radius findings."""
    # New feature and property dicts, shared geometries: relate writes only
    # properties, and copying every zone's vertices cost a fifth of extraction.
    result = {
        **collection,
        "features": [
            {**f, "properties": dict(f.get("properties") or {})} for f in collection["features"]
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
    _distances(zones, incidents)
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


def _distances(zones: list[dict], incidents: list[dict]) -> None:
    if not incidents:
        for z in zones:
            z["properties"]["incidents_inside"] = 0
        return
    if not zones:
        for inc in incidents:
            inc["properties"]["zones"] = []
        return
    # Every (incident, zone) pair in one vectorised inverse-geodesic call.
    n_i, n_z = len(incidents), len(zones)
    inc_lon = np.array([f["geometry"]["coordinates"][0] for f in incidents], dtype=float)
    inc_lat = np.array([f["geometry"]["coordinates"][1] for f in incidents], dtype=float)
    centres = np.array([_centre(z["properties"]) for z in zones], dtype=float)
    radii = np.array([z["properties"]["radius_m"] for z in zones], dtype=float)
    _, _, dist = _GEOD.inv(
        np.repeat(centres[:, 0][None, :], n_i, axis=0).ravel(),
        np.repeat(centres[:, 1][None, :], n_i, axis=0).ravel(),
        np.repeat(inc_lon, n_z),
        np.repeat(inc_lat, n_z),
    )
    dist = np.asarray(dist).reshape(n_i, n_z)
    inside = dist <= radii[None, :]
    # What each zone contributes is the same for every incident: made once,
    # and the arrays read as Python lists (a pair costs no numpy scalar).
    per_zone = [
        (z["properties"].get("center"), r, format_distance(r))
        for z, r in zip(zones, radii.tolist(), strict=True)
    ]
    for inc, row, row_inside in zip(incidents, dist.tolist(), inside.tolist(), strict=True):
        inc["properties"]["zones"] = [
            {
                "center": center,
                "radius_m": radius,
                "label": label,
                "distance_m": round(d, 1),
                "inside": within,
            }
            for (center, radius, label), d, within in zip(per_zone, row, row_inside, strict=True)
        ]
    for j, z in enumerate(zones):
        z["properties"]["incidents_inside"] = int(inside[:, j].sum())


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
