"""What the renderers read from a FeatureCollection in the contract of :mod:`geo.features`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from geo.features import documents_of, finite_number, spans_of
from geo.render.strings import Words, words
from geo.units import format_by_direction, format_distance


def with_geometry(collection: dict, kind: str, types: tuple[str, ...]) -> list[dict]:
    """Return the features of ``kind`` whose geometry is one of ``types`` (the ones drawn)."""
    return [
        f
        for f in collection["features"]
        if f["properties"].get("kind") == kind
        and isinstance(f.get("geometry"), dict)
        and f["geometry"].get("type") in types
    ]


def positions(geometry: dict) -> Iterator[tuple[float, float]]:
    """Return every (lon, lat) of a Point, Polygon or MultiPolygon."""
    coords = geometry["coordinates"]
    if geometry["type"] == "Point":
        yield coords[0], coords[1]
    elif geometry["type"] == "Polygon":
        for ring in coords:
            for pos in ring:
                yield pos[0], pos[1]
    elif geometry["type"] == "MultiPolygon":
        for poly in coords:
            for ring in poly:
                for pos in ring:
                    yield pos[0], pos[1]


def as_text(value: Any) -> str | None:
    """Return ``value`` as text, or None when it is missing or empty."""
    if value is None or isinstance(value, dict | list):
        return None
    shown = str(value)
    return shown or None


def web_url(value: Any) -> str | None:
    """Return ``value`` if it is an http(s) address a link may point to."""
    shown = as_text(value)
    if shown and shown.lower().startswith(("http://", "https://")):
        return shown
    return None


@dataclass
class Bounds:
    """The smallest lat/lon box around everything drawn."""

    south: float = 90.0
    west: float = 180.0
    north: float = -90.0
    east: float = -180.0
    empty: bool = True

    def extend(self, positions: Iterable[tuple[float, float]]) -> None:
        for lon, lat in positions:
            self.south, self.north = min(self.south, lat), max(self.north, lat)
            self.west, self.east = min(self.west, lon), max(self.east, lon)
            self.empty = False

    def as_leaflet(self) -> list[list[float]]:
        return [[self.south, self.west], [self.north, self.east]]


@dataclass(frozen=True)
class Document:
    """A source document as the collection describes it (its id is its name)."""

    name: str
    outlet: str | None = None
    published: str | None = None
    url: str | None = None


def document_table(collection: dict) -> dict[str, Document]:
    """Return the documents ``collection["geo"]["documents"]`` describes, by id, in order."""
    meta = collection.get("geo")
    documents = meta.get("documents") if isinstance(meta, dict) else None
    table: dict[str, Document] = {}
    for d in documents if isinstance(documents, list) else []:
        if isinstance(d, dict) and as_text(d.get("id")):
            name = str(d["id"])
            table.setdefault(
                name,
                Document(
                    name,
                    as_text(d.get("outlet")),
                    as_text(d.get("published")),
                    web_url(d.get("url")),
                ),
            )
    return table


def review_reason(props: dict) -> str:
    """Return why a zone has no centre, without the "centre needs review" it starts with."""
    basis = str(props.get("center_basis") or "no centre was found")
    return basis.removeprefix("centre needs review: ")


def unplaced_zones(collection: dict) -> list[dict]:
    """Return the zones kept without a ring because their centre is not known."""
    return [
        f
        for f in collection.get("features", [])
        if (f.get("properties") or {}).get("kind") == "zone" and f.get("geometry") is None
    ]


def unplaced_facilities(collection: dict) -> list[str]:
    """Return the names of facilities the reports name that the gazetteer does not have."""
    return [
        str(f["properties"].get("name") or "")
        for f in collection.get("features", [])
        if (f.get("properties") or {}).get("kind") == "place"
        and f.get("geometry") is None
        and str(f["properties"].get("gazetteer_id") or "").startswith("facility:")
    ]


def undated_documents(collection: dict) -> list[tuple[str, int]]:
    """Return each report that gives no date, with how many of its incidents have none.

    A report with no date in its text, its metadata or ``--date`` leaves its
    incidents undated: the map says so, rather than show them silently
    outside its date range.
    """
    meta = collection.get("geo")
    documents = meta.get("documents") if isinstance(meta, dict) else None
    dateless = {
        str(d.get("id"))
        for d in documents or []
        if isinstance(d, dict) and d.get("id") and not d.get("published")
    }
    counts: dict[str, int] = {}
    for f in collection.get("features", []):
        props = f.get("properties") or {}
        if props.get("kind") != "incident" or props.get("date"):
            continue
        for doc in documents_of(spans_of(props, "sources")):
            if doc in dateless:
                counts[doc] = counts.get(doc, 0) + 1
    return sorted(counts.items())


def undated_phrase(n: int) -> str:
    """Return "its incident has no date" or "its 3 incidents have no date"."""
    return words().n("docUndatedCount", n)


def zone_preposition(props: dict) -> str:
    """Return how a zone lies by what it is named after: "around" a point, "along" a border."""
    return "along" if props.get("shape") in ("strip", "coast") else "around"


def zone_radius(props: dict) -> str:
    """Return the zone's radius in km and mi, or "unknown radius"."""
    w = words()
    radius = finite_number(props.get("radius_m"))
    legs = props.get("by_direction")
    if props.get("shape") == "sectors" and isinstance(legs, list) and legs:
        try:
            return w.numbers(
                format_by_direction(
                    [(float(leg["bearing_deg"]), float(leg["radius_m"])) for leg in legs]
                )
            )
        except (TypeError, KeyError, ValueError):
            pass  # not as the contract writes it: the widest reach, as for a ring
    parts = props.get("by_part")
    if props.get("shape") == "strip" and isinstance(parts, list) and parts:
        try:  # "15 km (9.3 mi) in the east, 10 km (6.2 mi) in the west"
            return ", ".join(_in_part(w, float(p["width_m"]), str(p["part"])) for p in parts)
        except (TypeError, KeyError, ValueError):
            pass
    across = finite_number(props.get("across_m"))
    if props.get("shape") == "strip" and across is not None and across > 0:
        # "a strip 5 km wide along the road": the whole width, half of it each side.
        return w("widthAcross", width=w.numbers(format_distance(across)))
    if radius is not None and radius > 0:
        return w.numbers(format_distance(radius))
    return w("unknownRadius")


def _in_part(w: Words, width_m: float, part: str) -> str:
    """Return "15 km (9.3 mi) in the east": a strip's width in one part of it."""
    size = w.numbers(format_distance(width_m))
    key = f"radiusInPart_{part}"
    return w(key, size=size) if key in w.table else w("radiusInPart", size=size, part=part)
