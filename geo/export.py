"""Exports of the contract for other tools: GeoJSON, GeoPackage, KML, CSV, GeoParquet, FlatGeobuf.

:func:`export` reads a FeatureCollection in the contract of :mod:`geo.features`
and writes the format its path's suffix (or ``format``) names, whole or not at all.

* ``.geojson``: the contract itself, as ``geo extract`` writes it.
* ``.gpkg``: one layer per kind (``places``, ``zones``, ``incidents``) in
  EPSG:4326; lists and objects (sources, mentions, reported, zones) become
  JSON text columns; features without a geometry are kept.
* ``.kml``: a Document with a style and a Folder per kind; each Placemark has
  a name, an HTML description in CDATA (every article string HTML-escaped
  first, so an article can never add markup), a TimeStamp for dated
  incidents, and its simple properties as ExtendedData.
* ``.csv``: one row per place, zone (its centre and ``radius_m``) and incident.
  Text cells that a spreadsheet would run as a formula are prefixed with an
  apostrophe.
* ``.parquet`` (GeoParquet) and ``.fgb`` (FlatGeobuf): one table for all
  kinds, a ``kind`` column and one per property, typed as for ``.gpkg``;
  the collection's ``geo`` member rides in the file's metadata, so geo reads
  them back as the collection they came from (see :mod:`geo.tables`).
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import math
import re
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple
from xml.sax.saxutils import escape, quoteattr

from geo.errors import OutputError
from geo.features import (
    KINDS,
    documents_of,
    finite_number,
    of_kind,
    round_coords,
    spans_of,
    validate,
    write_collection,
)
from geo.render.contract import zone_preposition, zone_radius
from geo.support.output import temporary_folder, write_atomic
from geo.support.stage import make_callable

LAYERS = {"place": "places", "zone": "zones", "incident": "incidents"}
CSV_COLUMNS = (
    "kind",
    "name",
    "label",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "date",
    "date_precision",
    "latitude",
    "longitude",
    "place",
    "radius_m",
    "summary",
    "sources",
    "source_text",
)
DOCUMENT_NAME = "geo: places, zones and incidents"

# Characters XML 1.0 forbids even escaped, and lone surrogates (not encodable).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# A spreadsheet reads a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export(
    collection: dict,
    path: Path | str,
    *,
    title: str = DOCUMENT_NAME,
    format: str | None = None,
) -> Path:
    """Return ``path`` after writing ``collection`` there in the format its suffix names.

    ``.geojson``, ``.gpkg``, ``.kml``, ``.csv``, ``.parquet`` or ``.fgb``, or
    ``format`` (one of ``FORMATS``) whatever the suffix; anything else raises
    ``OutputError``. ``title`` names the KML document. ``collection`` is
    validated first (``InputFormatError`` names the first bad feature). The
    file is written whole or not at all.
    """
    target = Path(path)
    return write_atomic(target, export_bytes(collection, output_format(target, format), title))


def output_format(path: Path | None, format: str | None = None) -> str:
    """Return the format (a key of ``FORMATS``) ``path`` is written in, ``format`` if given.

    Without either, GeoJSON (standard output). Raises ``OutputError`` when
    ``path``'s suffix names no format and ``format`` is not given, when
    ``format`` is none of them, or when the suffix names another format.
    """
    if format is not None and format not in FORMATS:
        raise OutputError(f"unknown format '{format}'; use {', '.join(FORMATS)}")
    if path is None:
        return format or "geojson"
    named = SUFFIX_FORMATS.get(path.suffix.lower())
    if format is None and named is None:
        shown = f"'{path.suffix}'" if path.suffix else "no suffix"
        suffixes = ", ".join(SUFFIX_FORMATS)
        raise OutputError(
            f"{path}: cannot export to {shown}; use {suffixes} or --format {'|'.join(FORMATS)}"
        )
    if format is not None and named is not None and named != format:
        raise OutputError(f"{path}: the suffix says {named}, --format says {format}")
    return format or named  # type: ignore[return-value]


def export_bytes(collection: dict, format: str, title: str = DOCUMENT_NAME) -> bytes:
    """Return the bytes of ``collection`` in ``format`` (a key of ``FORMATS``), validated first."""
    validate(collection)
    return _WRITERS[FORMATS[format]](collection, title)


# --------------------------------------------------------------------------
# Shared
# --------------------------------------------------------------------------


def _point(feature: dict) -> tuple[float, float] | None:
    """Return (lon, lat) of a Point feature, or None."""
    geometry = feature.get("geometry")
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        lon, lat = geometry["coordinates"][:2]
        return float(lon), float(lat)
    return None


def _zone_centre(props: dict) -> tuple[float, float] | None:
    centre = props.get("center_lonlat")
    if isinstance(centre, list | tuple) and len(centre) >= 2:
        lon, lat = finite_number(centre[0]), finite_number(centre[1])
        if lon is not None and lat is not None:
            return lon, lat
    return None


def _zone_name(props: dict) -> str:
    radius = finite_number(props.get("radius_m"))
    size = zone_radius(props) if radius else "Zone"
    return f"{size} {zone_preposition(props)} {props['center']}" if props.get("center") else size


def _incident_name(props: dict) -> str:
    kind_of = props.get("label") or props.get("sub_event_type") or props.get("event_type")
    parts = [props.get("date"), kind_of or "incident", props.get("place")]
    return " · ".join(str(p) for p in parts if p)


# --------------------------------------------------------------------------
# GeoJSON
# --------------------------------------------------------------------------


def _geojson(collection: dict, title: str) -> bytes:
    # dumps(collection, indent=1), written a feature at a time as geo extract does: the
    # same text without building the whole of it as one value first.
    parts: list[str] = []
    members = {k: v for k, v in collection.items() if k not in ("type", "features")}
    write_collection(parts.append, collection["features"], members, indent=1)
    return "".join(parts).encode("utf-8")


# --------------------------------------------------------------------------
# GeoPackage
# --------------------------------------------------------------------------

# Column names GeoPackage or GDAL keep for themselves.
_RESERVED_COLUMNS = {"fid", "geometry", "geom"}


def _column_name(key: str) -> str:
    return f"{key}_" if key.lower() in _RESERVED_COLUMNS else key


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False, default=str)


def _columns(rows: list[dict]) -> dict[str, list[Any]]:
    """Return one typed column per property key (JSON text where types mix or nest)."""
    keys = list(dict.fromkeys(k for row in rows for k in row))
    columns: dict[str, list[Any]] = {}
    for key in keys:
        values = [row.get(key) for row in rows]
        present = [v for v in values if v is not None]
        if all(isinstance(v, bool) for v in present):
            column = values
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            column = values
        elif all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
            # NaN and infinities are not JSON: the contract never has them, but an
            # edited file might; they become empty.
            column = [float(v) if v is not None and math.isfinite(v) else None for v in values]
        elif all(isinstance(v, str) for v in present):
            column = values
        else:
            column = [None if v is None else _json_text(v) for v in values]
        # SQLite's C strings end at a NUL: the text after it would silently vanish.
        columns[_column_name(key)] = [
            v.replace("\x00", "\ufffd") if isinstance(v, str) else v for v in column
        ]
    return columns


def _layer_frame(features: list[dict]):
    """Return a GeoDataFrame of ``features`` (one kind), EPSG:4326."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import shape

    rows = [f["properties"] for f in features]
    columns = _columns(rows)
    frame_columns = {}
    for name, values in columns.items():
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, bool) for v in present):
            frame_columns[name] = pd.array(values, dtype="boolean")
        elif present and all(isinstance(v, int) for v in present):
            frame_columns[name] = pd.array(values, dtype="Int64")
        elif present and all(isinstance(v, float) for v in present):
            frame_columns[name] = pd.array(values, dtype="Float64")
        else:
            frame_columns[name] = pd.array(values, dtype=object)
    geometries = [shape(f["geometry"]) if f.get("geometry") else None for f in features]
    if not features:
        # An empty layer still tells a reader what a feature of this kind holds.
        frame_columns = {"kind": pd.array([], dtype=object)}
    return gpd.GeoDataFrame(frame_columns, geometry=geometries, crs="EPSG:4326")


class GeoDataFrames(NamedTuple):
    """One GeoDataFrame per kind of feature, EPSG:4326, typed columns (``to_geodataframes``)."""

    places: Any
    zones: Any
    incidents: Any


def to_geodataframes(collection: dict) -> GeoDataFrames:
    """Return the places, zones and incidents of ``collection`` as three GeoDataFrames.

    Columns are the contract's properties, typed (booleans, nullable integers
    and floats, text); lists and objects (sources, mentions, relations) are
    JSON text, as the GeoPackage export writes them. Unpack them
    (``places, zones, incidents = geo.to_geodataframes(c)``) or read them by name.
    """
    return GeoDataFrames(*(_layer_frame(of_kind(collection, kind)) for kind in KINDS))


def _gpkg(collection: dict, title: str) -> bytes:
    import pyogrio

    # pyogrio writes to a path; the file is built in a private folder and its
    # bytes handed to write_atomic, so a reader never sees a half-made package.
    with temporary_folder("gpkg") as folder:
        path = Path(folder) / "export.gpkg"
        for kind in KINDS:
            frame = _layer_frame(of_kind(collection, kind))
            geometry_type = "MultiPolygon" if kind == "zone" else "Point"
            try:
                pyogrio.write_dataframe(
                    frame,
                    path,
                    layer=LAYERS[kind],
                    driver="GPKG",
                    geometry_type=geometry_type,
                    promote_to_multi=kind == "zone",
                    append=path.exists(),
                )
            except Exception as exc:  # pyogrio/GDAL errors have no common base class
                raise OutputError(f"GeoPackage layer {LAYERS[kind]}: {exc}") from exc
        # GDAL stamps each layer with the time of writing; a fixed stamp makes
        # the same input give the same bytes, as every other output does.
        with contextlib.closing(sqlite3.connect(path)) as db:
            db.execute("UPDATE gpkg_contents SET last_change = '1970-01-01T00:00:00.000Z'")
            db.commit()
            db.execute("VACUUM")
        # SQLite's header counts the writes made to the file (bytes 24-27, and
        # 92-95 says for which count the version at 96 holds); GDAL does not
        # always make the same number, so both are set to one.
        data = bytearray(path.read_bytes())
        data[24:28] = data[92:96] = (1).to_bytes(4, "big")
        return bytes(data)


# --------------------------------------------------------------------------
# KML
# --------------------------------------------------------------------------

# KML colours are aabbggrr.
_KML_STYLES = {
    "place": (
        "<IconStyle><color>ff333333</color><scale>0.8</scale><Icon>"
        "<href>http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png</href>"
        "</Icon></IconStyle><LabelStyle><scale>0.9</scale></LabelStyle>"
    ),
    "zone": (
        "<LineStyle><color>ffb27200</color><width>2</width></LineStyle>"
        "<PolyStyle><color>33b27200</color><fill>1</fill><outline>1</outline></PolyStyle>"
    ),
    "incident": (
        "<IconStyle><color>ff2b39c0</color><scale>1.1</scale><Icon>"
        "<href>http://maps.google.com/mapfiles/kml/shapes/caution.png</href>"
        "</Icon></IconStyle>"
    ),
}
_KML_FOLDERS = {"place": "Places", "zone": "Zones", "incident": "Incidents"}


def _xml_text(value: Any) -> str:
    """Return ``value`` as XML character data: markup escaped, forbidden characters replaced."""
    return escape(_XML_INVALID.sub("\ufffd", str(value)))


def _cdata(markup: str) -> str:
    """Return ``markup`` in a CDATA section; a ``]]>`` inside is split so it cannot end it."""
    safe = _XML_INVALID.sub("\ufffd", markup).replace("]]>", "]]]]><![CDATA[>")
    return f"<![CDATA[{safe}]]>"


def _h(value: Any) -> str:
    """Return ``value`` escaped as HTML text (quotes too: it may sit in an attribute)."""
    return html.escape(str(value), quote=True)


def _coordinate(x: float) -> str:
    """Return a coordinate without exponent notation, which KML readers may reject."""
    text = f"{round_coords(float(x)):.7f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _positions(ring: Iterable) -> str:
    return " ".join(f"{_coordinate(p[0])},{_coordinate(p[1])}" for p in ring)


def _kml_polygon(rings: list) -> str:
    outer = (
        f"<outerBoundaryIs><LinearRing><coordinates>{_positions(rings[0])}"
        "</coordinates></LinearRing></outerBoundaryIs>"
    )
    inner = "".join(
        f"<innerBoundaryIs><LinearRing><coordinates>{_positions(r)}</coordinates>"
        "</LinearRing></innerBoundaryIs>"
        for r in rings[1:]
    )
    return f"<Polygon><tessellate>1</tessellate>{outer}{inner}</Polygon>"


def _kml_geometry(geometry: dict | None) -> str:
    if not geometry:
        return ""
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Point":
        return f"<Point><coordinates>{_positions([coords])}</coordinates></Point>"
    if kind == "Polygon":
        return _kml_polygon(coords)
    if kind == "MultiPolygon":
        return "<MultiGeometry>" + "".join(_kml_polygon(p) for p in coords) + "</MultiGeometry>"
    return ""


def _html_sources(spans: list[dict], heading: str) -> str:
    if not spans:
        return ""
    items = "".join(
        f"<li>“{_h(s.get('text', ''))}”<br><i>{_h(s.get('document', ''))}</i></li>" for s in spans
    )
    return f"<p><b>{_h(heading)}</b></p><ol>{items}</ol>"


def _html_rows(rows: list[tuple[str, Any]]) -> str:
    cells = "".join(
        f"<tr><th align='left'>{_h(label)}</th><td>{_h(value)}</td></tr>"
        for label, value in rows
        if value not in (None, "", [])
    )
    return f"<table>{cells}</table>" if cells else ""


def _description(feature: dict) -> str:
    """Return the Placemark's HTML: its facts and the sentences it came from."""
    props = feature["properties"]
    kind = props.get("kind")
    if kind == "incident":
        date = props.get("date")
        if date and props.get("date_precision"):
            date = f"{date} ({props['date_precision']} precision)"
        kind_of = props.get("label") or props.get("sub_event_type") or props.get("event_type")
        rows = [("Date", date), ("Type", kind_of), ("Place", props.get("place"))]
        zones = props.get("zones") if isinstance(props.get("zones"), list) else []
        for z in zones:
            if isinstance(z, dict) and finite_number(z.get("distance_m")) is not None:
                state = "inside" if z.get("inside") else "outside"
                rows.append(
                    (
                        "Zone",
                        f"{z['distance_m'] / 1000:,.1f} km from {z.get('center')}:"
                        f" {state} the {z.get('label') or ''} zone",
                    )
                )
        more = props.get("zones_not_listed")
        if isinstance(more, int) and not isinstance(more, bool) and more > 0:
            rows.append(("Zone", f"{more} more zone{'s' if more != 1 else ''} nearby, not listed"))
        summary = f"<p>{_h(props['summary'])}</p>" if props.get("summary") else ""
        return _html_rows(rows) + summary + _html_sources(spans_of(props, "sources"), "Sources")
    if kind == "zone":
        reported = props.get("reported")
        rows = [
            ("Radius", _zone_name(props).split(" around ")[0]),
            ("Reported", reported.get("text") if isinstance(reported, dict) else None),
            ("Centre", props.get("center")),
            ("Incidents inside", props.get("incidents_inside")),
        ]
        notes = [c.get("note") for c in props.get("comparison") or [] if isinstance(c, dict)]
        rows += [("Compared", n) for n in notes if n]
        return _html_rows(rows) + _html_sources(spans_of(props, "sources"), "Sources")
    mentions = spans_of(props, "mentions")
    rows = [
        ("Country", props.get("country")),
        ("Type", props.get("place_type")),
        ("Gazetteer", props.get("gazetteer_id")),
        (
            "Mentioned",
            f"{len(mentions)} times in {', '.join(documents_of(mentions))}" if mentions else None,
        ),
    ]
    if not feature.get("geometry"):
        rows.append(("Location", "none (a country is not shown as a point)"))
    return _html_rows(rows)


def _extended_data(props: dict) -> str:
    simple = {
        k: v
        for k, v in sorted(props.items())
        if isinstance(v, str | int | float) and not isinstance(v, bool) and k != "kind"
    }
    if not simple:
        return ""
    data = "".join(
        f"<Data name={quoteattr(_XML_INVALID.sub(chr(0xFFFD), str(k)))}>"
        f"<value>{_xml_text(v)}</value></Data>"
        for k, v in simple.items()
    )
    return f"<ExtendedData>{data}</ExtendedData>"


def _placemark(feature: dict) -> str:
    props = feature["properties"]
    kind = props.get("kind")
    if kind == "incident":
        name = _incident_name(props)
    elif kind == "zone":
        name = _zone_name(props)
    else:
        name = props.get("name") or "unnamed place"
    when = ""
    if kind == "incident" and isinstance(props.get("date"), str) and _DATE.match(props["date"]):
        when = f"<TimeStamp><when>{props['date']}</when></TimeStamp>"
    return (
        f"<Placemark><name>{_xml_text(name)}</name>"
        f"<description>{_cdata(_description(feature))}</description>{when}"
        f"<styleUrl>#{kind}</styleUrl>{_extended_data(props)}"
        f"{_kml_geometry(feature.get('geometry'))}</Placemark>"
    )


def _kml_document_description(collection: dict) -> str:
    meta = collection.get("geo")
    meta = meta if isinstance(meta, dict) else {}
    findings = [f.get("text") for f in meta.get("findings") or [] if isinstance(f, dict)]
    credits = [a for a in meta.get("attribution") or [] if isinstance(a, str)]
    parts = [f"<p>{_h(t)}</p>" for t in findings if t]
    parts += [f"<p><small>{_h(c)}</small></p>" for c in credits]
    return "".join(parts)


def _kml(collection: dict, title: str) -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<kml xmlns="http://www.opengis.net/kml/2.2">',
        f"<Document><name>{_xml_text(title)}</name>",
    ]
    description = _kml_document_description(collection)
    if description:
        lines.append(f"<description>{_cdata(description)}</description>")
    lines += [f'<Style id="{kind}">{style}</Style>' for kind, style in _KML_STYLES.items()]
    # Zones first in the folder list: they are what a reader switches on and off.
    for kind in ("zone", "incident", "place"):
        features = of_kind(collection, kind)
        if not features:
            continue
        lines.append(f"<Folder><name>{_KML_FOLDERS[kind]} ({len(features)})</name>")
        lines += [_placemark(f) for f in features]
        lines.append("</Folder>")
    lines += ["</Document>", "</kml>", ""]
    return "\n".join(lines).encode("utf-8")


# --------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    """Return a text cell a spreadsheet shows as text (never runs as a formula)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_row(feature: dict) -> dict[str, Any]:
    props = feature["properties"]
    kind = props.get("kind")
    row: dict[str, Any] = {"kind": kind}
    if kind == "zone":
        position = _zone_centre(props)
        spans = spans_of(props, "sources")
        row.update(
            name=_zone_name(props),
            place=props.get("center"),
            radius_m=finite_number(props.get("radius_m")),
        )
    elif kind == "incident":
        position = _point(feature)
        spans = spans_of(props, "sources")
        row.update(
            label=props.get("label") or props.get("sub_event_type") or props.get("event_type"),
            event_type=props.get("event_type"),
            sub_event_type=props.get("sub_event_type"),
            actor1=props.get("actor1"),
            actor2=props.get("actor2"),
            date=props.get("date"),
            date_precision=props.get("date_precision"),
            place=props.get("place"),
            summary=props.get("summary"),
        )
    else:
        position = _point(feature)
        spans = spans_of(props, "mentions")
        row.update(name=props.get("name"), place=props.get("name"))
    if position is not None:
        row["longitude"], row["latitude"] = round_coords(position[0]), round_coords(position[1])
    row["sources"] = "; ".join(documents_of(spans))
    if kind != "place":  # a place's mentions are its own name, not worth repeating
        row["source_text"] = " | ".join(" ".join(str(s.get("text", "")).split()) for s in spans)
    return {key: _cell(value) for key, value in row.items() if value is not None}


def _csv(collection: dict, title: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for feature in collection["features"]:
        writer.writerow(_csv_row(feature))
    return buffer.getvalue().encode("utf-8")


def _parquet(collection: dict, title: str) -> bytes:
    from geo.tables import parquet_bytes

    return parquet_bytes(collection)


def _fgb(collection: dict, title: str) -> bytes:
    from geo.tables import flatgeobuf_bytes

    return flatgeobuf_bytes(collection)


# Each takes the collection and a title (used where the format has a place for one).
_WRITERS: dict[str, Callable[[dict, str], bytes]] = {
    ".geojson": _geojson,
    ".gpkg": _gpkg,
    ".kml": _kml,
    ".csv": _csv,
    ".parquet": _parquet,
    ".fgb": _fgb,
}
# The formats by name (``geo extract --format``), and the suffixes that name them.
FORMATS = {
    "geojson": ".geojson",
    "gpkg": ".gpkg",
    "kml": ".kml",
    "csv": ".csv",
    "parquet": ".parquet",
    "fgb": ".fgb",
}
SUFFIX_FORMATS = {suffix: name for name, suffix in FORMATS.items()}


# `geo.export(collection, path)`, beside this module's names (see geo.support.stage).
make_callable(__name__, export)
