"""Where sources disagree: the sizes reported for one zone, compared.

Radii reported around one centre (``compare_radii``) and widths reported
along one border or coast (``compare_widths``), each beside the next larger
one, in both units: "34 mi = 54.7 km and 55 km = 34.2 mi agree within 1 %".
``geo.relations.relate`` writes them as ``geo.findings`` and each zone's
``comparison``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from geo.units import METRES_PER, format_distance

AGREE_WITHIN = 0.01  # radii within 1 % of each other are the same figure, rounded


def _zone_key(props: dict) -> str:
    return str(props.get("center_gazetteer_id") or props.get("center"))


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
    return f"{text} {unit}"


def _in_other_unit(radius_m: float, unit: str) -> str:
    other = "km" if unit in ("mi", "nmi") else "mi"
    return _figure(radius_m / METRES_PER[other], other)


def compare_radii(zones: list[dict]) -> list[dict]:
    """Return findings comparing the radii reported for each centre; set ``comparison``.

    ``zones`` are zone properties. Each radius is compared with the next larger
    one reported for its centre.
    """
    by_centre: dict[str, list[dict]] = {}
    for z in zones:
        z["comparison"] = []
        # Only radii that sources reported are findings; rings a user drew
        # (`geo zone` with several radii) differ on purpose.
        if z.get("sources"):
            by_centre.setdefault(_zone_key(z), []).append(z)
    return _compare(by_centre.values(), lambda first: first.get("center"))


def _compare(groups: Iterable[list[dict]], name_of: Callable[[dict], Any], **wording) -> list[dict]:
    """Return the findings of each group of zones, each size beside the next larger one.

    k sizes are k - 1 findings, not every pair (a centre told with many radii
    would make a square of them); each zone's ``comparison`` gets its pairs.
    ``wording`` goes to ``_pair_sentence``.
    """
    findings: list[dict] = []
    for group in groups:
        if len(group) < 2:
            continue
        ordered = sorted(group, key=lambda z: z["radius_m"])
        name = name_of(ordered[0])
        for pa, pb in zip(ordered, ordered[1:], strict=False):
            ra, rb = float(pa["radius_m"]), float(pb["radius_m"])
            if ra <= 0 or rb <= 0 or _one_report(pa, pb):
                continue
            diff = abs(rb - ra) / min(ra, rb)
            sentence = _pair_sentence(name, pa, pb, ra, rb, diff, **wording)
            findings.append({"center": name, "agree": diff <= AGREE_WITHIN, "text": sentence})
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


def _one_report(a: dict, b: dict) -> bool:
    """Return whether two zones come from one and the same report only.

    Two sizes in one report are two zones it tells ("the DMZ extends 2 km
    ...; a no-fly zone reached 15 km"), not sources that disagree.
    """
    documents = [
        {s.get("document") for s in z.get("sources") or () if isinstance(s, dict)} for z in (a, b)
    ]
    return len(documents[0]) == 1 and documents[0] == documents[1]


# Zones measured from a line, not a centre: a border strip, a coastal band.
LINE_SHAPES = ("strip", "coast")


def _line_key(props: dict) -> tuple | None:
    """Return what a strip or coastal zone runs along: its border's two countries, or its coast."""
    if props.get("shape") == "coast":
        return ("coast", str(props.get("coast")))
    line = props.get("line")
    between = line.get("between") if isinstance(line, dict) else None
    if not isinstance(between, list) or len(between) != 2:
        return None
    return ("strip", *sorted(str(c) for c in between))


def compare_widths(zones: list[dict]) -> list[dict]:
    """Return findings comparing the widths reported along each border or coast; set ``comparison``.

    ``zones`` are the properties of strip and coastal zones. As for rings
    (``compare_radii``), each width is compared with the next larger one
    reported along the same line; a strip on one side and one on both are
    widths along the same border, and the sentence says which side each is.
    """
    by_line: dict[tuple, list[dict]] = {}
    for z in zones:
        z["comparison"] = []
        key = _line_key(z)
        if key is not None and z.get("sources") and isinstance(z.get("radius_m"), int | float):
            by_line.setdefault(key, []).append(z)
    return _compare(by_line.values(), _line_name, where="Along", drawn="strips", sides=True)


def _line_name(props: dict) -> str:
    """Return the line's name without a side, its countries in order: "Syria–Turkey border"."""
    name = str(props.get("center") or "the line").split(", ")[0]
    if props.get("shape") == "strip" and name.endswith(" border") and "–" in name:
        name = "–".join(sorted(name[: -len(" border")].split("–"))) + " border"
    return name


def _side_of(props: dict) -> str:
    centre = str(props.get("center") or "")
    return f" ({centre.split(', ', 1)[1]})" if ", " in centre else ""


def _pair_sentence(
    centre,
    pa: dict,
    pb: dict,
    ra: float,
    rb: float,
    diff: float,
    *,
    where: str = "Around",
    drawn: str = "rings",
    sides: bool = False,
) -> str:
    def said(p: dict, r: float) -> str:
        rep = _reported(p)
        if rep is None:
            return format_distance(r)
        value, unit = rep
        return f"{_figure(value, unit)} = {_in_other_unit(r, unit)}"

    a, b = said(pa, ra), said(pb, rb)
    if sides:
        a, b = a + _side_of(pa), b + _side_of(pb)
    head = f"{where} {centre}, sources give {a} and {b}"
    if diff <= AGREE_WITHIN:
        return f"{head}: they agree within {AGREE_WITHIN:.0%}."
    slip = _unit_slip(pa, ra, pb, rb) or _unit_slip(pb, rb, pa, ra)
    text = f"{head}: they differ by {diff:.0%}."
    if slip:
        text += f" {slip}"
    return text + f" Both {drawn} are shown."


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
