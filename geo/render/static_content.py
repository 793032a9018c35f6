"""What the print map draws, read from the collection: zones, incident spots, places, texts.

Article text is made drawable here: one line, no control characters, at most
so many characters for a label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import shapely
import shapely.affinity
from shapely.geometry import shape

from geo.features import documents_of, finite_number, spans_of
from geo.render.basemap import ATTRIBUTION as BASEMAP_ATTRIBUTION
from geo.render.contract import (
    review_reason,
    undated_documents,
    undated_phrase,
    unplaced_facilities,
    unplaced_zones,
    with_geometry,
    zone_preposition,
    zone_radius,
)
from geo.render.static_view import mercator, to_mercator
from geo.render.style import TypeTable, incident_type, zone_colours
from geo.wedges import uncertainty_area

MAX_LABEL_CHARS = 60

# Characters XML 1.0 forbids (the SVG would not parse) and lone surrogates (no UTF-8).
_UNDRAWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Zone:
    geometry: shapely.Geometry  # Web Mercator
    colour: str
    radius_m: float | None
    legend: str


@dataclass
class Spot:
    """Incidents or a place at one position."""

    xy: tuple[float, float]  # Web Mercator
    label: str
    count: int = 1
    weight: int = 0  # mentions: the most mentioned places are named first
    area: shapely.Geometry | None = None  # where an offset position may lie (Web Mercator)
    # Incidents of one type: its symbol and colour (``geo.render.style``); several: None.
    symbol: tuple[str, str] | None = None


def line(value: Any) -> str:
    """Return ``value`` as one line of drawable text (no control characters)."""
    return " ".join(_UNDRAWABLE.sub("\ufffd", str(value)).split()) if value is not None else ""


def label_text(value: Any, limit: int = MAX_LABEL_CHARS) -> str:
    """Return ``value`` as one line of at most ``limit`` characters for a label."""
    text = line(value)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _unwrapped(geometry: shapely.Geometry, centre_lon: float | None) -> shapely.Geometry:
    """Return a zone split at the antimeridian as one shape next to its centre.

    RFC 7946 cuts such a ring at 180 degrees; drawn as it is, half of it would
    land on the far side of the world and the view would span the globe.
    """
    if centre_lon is None or geometry.geom_type != "MultiPolygon":
        return geometry
    parts = []
    for part in geometry.geoms:
        offset = part.centroid.x - centre_lon
        shift = -360.0 if offset > 180 else 360.0 if offset < -180 else 0.0
        parts.append(shapely.affinity.translate(part, xoff=shift) if shift else part)
    return shapely.union_all(parts)


def drawn_zones(collection: dict) -> list[Zone]:
    """Return the zones to draw, largest first (a smaller ring stays visible on top)."""
    features = with_geometry(collection, "zone", ("Polygon", "MultiPolygon"))
    # The HTML map's colours: rings around one centre never share one, and one
    # ring reported by several documents keeps its colour.
    colours = zone_colours(features)
    drawn = []
    for i, feat in enumerate(features):
        props = feat["properties"]
        radius = finite_number(props.get("radius_m"))
        centre = props.get("center_lonlat")
        centre_lon = (
            finite_number(centre[0]) if isinstance(centre, list | tuple) and centre else None
        )
        geometry = mercator(_unwrapped(shape(feat["geometry"]), centre_lon))
        if geometry.is_empty:
            continue
        size = zone_radius(props) if radius else "zone"
        around = (
            f" {zone_preposition(props)} {label_text(props['center'], 40)}"
            if props.get("center")
            else ""
        )
        documents = documents_of(spans_of(props, "sources"))
        cited = ", ".join(label_text(d, 40) for d in documents) if documents else "no source"
        drawn.append(Zone(geometry, colours[i], radius, f"{size}{around} — {cited}"))
    drawn.sort(key=lambda z: -(z.radius_m or 0.0))
    return drawn


def _project_point(feat: dict) -> tuple[float, float]:
    lon, lat = feat["geometry"]["coordinates"][:2]
    x, y = to_mercator(lon, lat)
    return float(x), float(y)


def _type_table(collection: dict) -> TypeTable:
    """Return the incident types of ``collection``, counted as the HTML map counts them."""
    table = TypeTable()
    for feat in with_geometry(collection, "incident", ("Point",)):
        table.add(feat["properties"])
    return table


def incident_spots(collection: dict) -> list[Spot]:
    """Return one spot per position with incidents, with how many happened there.

    Incidents of one type at a spot take the type's symbol, the one the HTML
    map gives it; a spot of several types is a plain circle, as there.
    """
    symbols = _type_table(collection).symbols()
    at: dict[tuple[float, float], list[dict]] = {}
    for feat in with_geometry(collection, "incident", ("Point",)):
        lon, lat = feat["geometry"]["coordinates"][:2]
        at.setdefault((round(lon, 7), round(lat, 7)), []).append(feat)
    spots = []
    for here in at.values():
        types = {incident_type(f["properties"]) for f in here}
        spots.append(
            Spot(
                _project_point(here[0]),
                label_text(here[0]["properties"].get("place")),
                len(here),
                symbol=symbols[types.pop()] if len(types) == 1 else None,
            )
        )
    return spots


def incident_types(collection: dict) -> list[tuple[str, int, tuple[str, str]]]:
    """Return each incident type on the map, how many, and its symbol, the commonest first.

    Named, counted and drawn as the HTML map's legend has them.
    """
    table = _type_table(collection)
    symbols = table.symbols()
    return [(label_text(n, 40), table.counts[table.ids[n]], symbols[n]) for n in table.commonest()]


def place_spots(collection: dict) -> list[Spot]:
    """Return one spot per place, weighed by how often the reports mention it.

    A position given as an offset carries its uncertainty wedge, drawn from
    its facts as the HTML map draws it.
    """
    return [
        Spot(
            _project_point(f),
            label_text(f["properties"].get("name")),
            weight=len(spans_of(f["properties"], "mentions")),
            area=_offset_area(f["properties"]),
        )
        for f in with_geometry(collection, "place", ("Point",))
    ]


def _offset_area(props: dict) -> shapely.Geometry | None:
    offset = props.get("offset")
    if not isinstance(offset, dict):
        return None
    area, _ = uncertainty_area(offset)
    centre = offset.get("reference_lonlat")
    centre_lon = finite_number(centre[0]) if isinstance(centre, list) and centre else None
    return mercator(_unwrapped(shape(area), centre_lon))


def finding_lines(collection: dict) -> list[str]:
    """Return the collection's findings (where sources agree or differ) as lines of text."""
    meta = collection.get("geo")
    items = meta.get("findings") if isinstance(meta, dict) else None
    if not isinstance(items, list):
        items = []
    found = [
        ("Sources agree: " if f.get("agree") else "Sources differ: ") + line(f["text"])
        for f in items
        if isinstance(f, dict) and f.get("text")
    ]
    for f in unplaced_zones(collection):
        reported = f["properties"].get("reported")
        said = line(reported.get("text") if isinstance(reported, dict) else "a zone")
        found.append(
            f"Centre needs review: “{said}” is not drawn: {review_reason(f['properties'])}."
        )
    for name in unplaced_facilities(collection):
        found.append(f"Place needs review: “{line(name)}” is not in the gazetteer; not drawn.")
    for doc, n in undated_documents(collection):
        found.append(
            f"No date: “{line(doc)}” gives no date (in its text, metadata.csv or --date): "
            f"{undated_phrase(n)}."
        )
    return found


def attribution(collection: dict) -> str:
    """Return the credit line: basemap, GeoNames when its places are shown, the documents."""
    parts = [f"{BASEMAP_ATTRIBUTION}."]
    places = [f for f in collection["features"] if f["properties"].get("kind") == "place"]
    if any(str(f["properties"].get("gazetteer_id") or "").startswith("geonames:") for f in places):
        parts.append("Place coordinates: GeoNames (geonames.org), CC BY 4.0.")
    spans = [
        s
        for f in collection["features"]
        for key in ("sources", "mentions")
        for s in spans_of(f["properties"], key)
    ]
    documents = documents_of(spans)
    meta = collection.get("geo")
    described = {
        str(d.get("id")): d
        for d in (meta.get("documents") or [] if isinstance(meta, dict) else [])
        if isinstance(d, dict)
    }
    shown = []
    for doc in documents:
        info = described.get(doc, {})
        extra = [str(info[k]) for k in ("outlet", "published", "url") if info.get(k)]
        shown.append(
            label_text(doc, 80)
            + (f" ({', '.join(label_text(e, 80) for e in extra)})" if extra else "")
        )
    if shown:
        parts.append("Sources: " + "; ".join(shown) + ".")
    return " ".join(parts)
