"""GeoParquet and FlatGeobuf: the contract as one table, written and read back.

A FeatureCollection becomes one table for all kinds: a ``kind`` column, one
column per property (typed like the GeoPackage export's: booleans, whole
numbers, numbers, text; lists, objects and columns of mixed types as JSON
text), and the geometry (EPSG:4326; points, polygons and multipolygons side
by side, none for a place without a position). GeoParquet also gets a
``bbox`` covering column, so a reader can skip row groups outside a window;
FlatGeobuf gets its spatial index when every feature has a geometry (its
index cannot hold a feature without one).

What a table cannot say by itself rides in the file's metadata under
``geo_contract``: the collection's ``geo`` member (documents, attribution,
findings), which columns are JSON text, and which properties are set to
null rather than absent. So reading a table that geo wrote gives back the
collection it was written from: ``geo map events.parquet`` draws the map
``geo map events.geojson`` draws. A GeoParquet or FlatGeobuf file from
elsewhere is read too: every non-null cell is a property, text stays text.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from geo.errors import InputFormatError, OutputError, one_line
from geo.features import feature, round_coords, rounded_geometry, validate
from geo.support.collector import collector_paused
from geo.support.output import temporary_folder

CONTRACT_KEY = "geo_contract"  # the metadata entry holding what the table cannot say
CONTRACT_VERSION = 1
GEOMETRY = "geometry"
# Column names a table keeps for itself (GDAL's and GeoParquet's); a property by
# such a name gets an underscore.
_RESERVED = {"fid", "geometry", "geom", "bbox", "wkb_geometry", "ogc_fid"}
_INT64 = (-(2**63), 2**63 - 1)


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)


def _column_name(key: str, taken: set[str]) -> str:
    name = key
    while name.lower() in _RESERVED or name in taken:
        name += "_"
    return name


def value_kind(values: list[Any]) -> str | None:
    """Return how a column of ``values`` is written: bool, int, float, str or json (None: empty).

    A column keeps its values' type only if they all have it (ints that fit
    in 64 bits, finite floats); anything else is JSON text, so each value
    reads back exactly as it was.
    """
    types = {type(v) for v in values if v is not None}
    if not types:
        return None
    if types == {bool}:
        return "bool"
    if types == {int} and all(_INT64[0] <= v <= _INT64[1] for v in values if v is not None):
        return "int"
    if types == {float} and all(math.isfinite(v) for v in values if v is not None):
        return "float"
    return "str" if types == {str} else "json"


def column_kinds(features: list[dict]) -> dict[str, str | None]:
    """Return how each property of ``features`` is written (see ``value_kind``), kind first."""
    properties = [f["properties"] for f in features]
    keys = dict.fromkeys(["kind", *(k for p in properties for k in p)])
    return {key: value_kind([p.get(key) for p in properties]) for key in keys}


def joined_kinds(parts: list[dict[str, str | None]]) -> dict[str, str | None]:
    """Return the column kinds of a table written in parts: one kind per column for all.

    A column of two kinds in two parts is JSON text in every part, as it
    would be in one table holding both.
    """
    joined: dict[str, str | None] = {}
    for part in parts:
        for key, kind in part.items():
            known = joined.get(key)
            joined[key] = kind if known is None else known if kind in (None, known) else "json"
    return joined


_ARROW_TYPES = {"bool": "bool_", "int": "int64", "float": "float64", "str": "string"}


def _typed(values: list[Any], kind: str | None = None) -> tuple[Any, bool]:
    """Return ``values`` as a pandas array of one type, and whether they became JSON text.

    ``kind`` (from ``value_kind``) says how; by default, as the values are.
    """
    import pandas as pd

    kind = kind or value_kind(values)
    if kind == "bool":
        return pd.array(values, dtype="boolean"), False
    if kind == "int":
        return pd.array(values, dtype="Int64"), False
    if kind == "float":
        return pd.array(values, dtype="Float64"), False
    if kind != "json":
        return pd.array(values, dtype=object), False
    texts = [None if v is None else "[]" if v == [] else _json_text(v) for v in values]
    return pd.array(texts, dtype=object), True


def _shapes(features: list[dict]) -> Any:
    """Return the geometries of ``features`` as a shapely array (None where there is none)."""
    import shapely
    from shapely.geometry import shape

    geometries = np.empty(len(features), dtype=object)
    points = [
        i
        for i, f in enumerate(features)
        if (g := f.get("geometry")) and g.get("type") == "Point" and len(g["coordinates"]) == 2
    ]
    # Coordinates rounded as the GeoJSON output rounds them (geo.features.dumps), so
    # a table and a GeoJSON file of one collection hold the same positions.
    if points:
        xy = [round_coords(features[i]["geometry"]["coordinates"]) for i in points]
        geometries[points] = shapely.points(np.array(xy, dtype=float))
    done = set(points)
    for i, f in enumerate(features):
        if i not in done and f.get("geometry"):
            geometries[i] = shape(rounded_geometry(f["geometry"]))
    return geometries


def _frame(
    collection: dict, *, no_nul: bool = False, kinds: dict[str, str | None] | None = None
) -> tuple[Any, dict]:
    """Return the GeoDataFrame of ``collection`` and the contract's metadata for it.

    ``kinds`` (``column_kinds``) fixes the columns, their order and how each
    is written, so that the parts of one dataset share their schema.
    """
    import geopandas as gpd

    features = collection["features"]
    properties = [f["properties"] for f in features]
    keys = list(kinds or dict.fromkeys(["kind", *(k for p in properties for k in p)]))
    # Keys every feature of a kind has: a null there is the property's value.
    every: dict[str, set[str]] = {}
    for p in properties:
        kind = p.get("kind")
        every[kind] = every[kind] & p.keys() if kind in every else set(p)
    columns: dict[str, Any] = {}
    described: list[dict[str, Any]] = []
    taken: set[str] = set()
    for key in keys:
        raw = [p.get(key) for p in properties]
        if no_nul:
            # GDAL's C strings end at a NUL: the text after it would silently vanish.
            raw = [v.replace("\x00", "\ufffd") if type(v) is str else v for v in raw]
        values, as_json = _typed(raw, (kinds or {}).get(key))
        name = _column_name(key, taken)
        taken.add(name)
        columns[name] = values
        described.append({"column": name, "key": key, "json": as_json})
    # A null outside those keys is told per feature (rare: the contract's keys are fixed).
    nulls = [
        [k for k, v in p.items() if v is None and k not in every[p.get("kind")]] or None
        for p in properties
    ]
    nulls_column = None
    if any(nulls) or kinds is not None:
        nulls_column = _column_name("null_properties", taken)
        columns[nulls_column] = _typed(nulls, "json")[0]
    meta = {
        "version": CONTRACT_VERSION,
        "members": {k: v for k, v in collection.items() if k not in ("type", "features")},
        "columns": described,
        "null_keys": {str(kind): sorted(keys) for kind, keys in every.items()},
        "null_properties": nulls_column,
    }
    frame = gpd.GeoDataFrame(columns, geometry=_shapes(features), crs="EPSG:4326")
    return frame, meta


def parquet_bytes(collection: dict, kinds: dict[str, str | None] | None = None) -> bytes:
    """Return ``collection`` as a GeoParquet file (with a bbox covering column).

    ``kinds``: the columns of a dataset's part, as ``_frame`` takes them; a
    column none of its features fills is still typed as the others' parts.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq
    from geopandas.io.arrow import _geopandas_to_arrow

    with collector_paused():
        frame, meta = _frame(collection, kinds=kinds)
    try:
        # geopandas' own conversion (what GeoDataFrame.to_parquet writes), to which
        # the contract's metadata is added before the file is written.
        table = _geopandas_to_arrow(frame, index=False, write_covering_bbox=True)
        for d in meta["columns"] if kinds is not None else ():
            kind = "str" if d["json"] else (kinds or {}).get(d["key"]) or "str"
            at = table.schema.get_field_index(d["column"])
            table = table.set_column(
                at, d["column"], table.column(at).cast(getattr(pa, _ARROW_TYPES[kind])())
            )
        table = table.replace_schema_metadata(
            {**table.schema.metadata, CONTRACT_KEY.encode(): _json_text(meta).encode()}
        )
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
    except (pa.ArrowException, ValueError, TypeError) as exc:
        raise OutputError(f"GeoParquet: {one_line(exc)}") from exc
    return sink.getvalue().to_pybytes()


def flatgeobuf_bytes(collection: dict) -> bytes:
    """Return ``collection`` as a FlatGeobuf file (one layer, ``geo``)."""
    import pyogrio

    with collector_paused():
        frame, meta = _frame(collection, no_nul=True)
    indexed = bool(frame.geometry.notna().all()) and len(frame) > 0
    if indexed:
        # The spatial index sorts the features along a curve; their place in the
        # collection (the order a map draws and lists them in) is kept in a column.
        meta["order"] = _column_name("feature_order", set(frame.columns))
        frame.insert(len(frame.columns) - 1, meta["order"], range(len(frame)))
    with temporary_folder("fgb") as folder:
        path = Path(folder) / "export.fgb"
        try:
            pyogrio.write_dataframe(
                frame,
                path,
                layer="geo",
                driver="FlatGeobuf",
                geometry_type="Unknown",  # points and polygons in one layer
                layer_metadata={CONTRACT_KEY: _json_text(meta)},
                layer_options={"SPATIAL_INDEX": "YES" if indexed else "NO"},
            )
        except Exception as exc:  # pyogrio/GDAL errors have no common base class
            raise OutputError(f"FlatGeobuf: {one_line(exc)}") from exc
        return path.read_bytes()


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def _lists(value: Any) -> Any:
    """Return GeoJSON coordinates with tuples as lists (the contract's JSON arrays)."""
    if isinstance(value, tuple | list):
        return [_lists(v) for v in value]
    return value


def _geojson_geometries(wkb: list[bytes | None]) -> list[dict | None]:
    """Return GeoJSON geometries of WKB values, points by the column, exactly."""
    import shapely
    from shapely.geometry import mapping

    shapes = shapely.from_wkb(np.array(wkb, dtype=object))
    out: list[dict | None] = [None] * len(shapes)
    is_point = shapely.get_type_id(shapes) == 0
    is_point &= ~shapely.is_empty(shapes) & ~shapely.has_z(shapes)
    points = np.flatnonzero(is_point)
    xs = shapely.get_x(shapes[points]).tolist()
    ys = shapely.get_y(shapes[points]).tolist()
    for i, x, y in zip(points.tolist(), xs, ys, strict=True):
        out[i] = {"type": "Point", "coordinates": [x, y]}
    for i in np.flatnonzero(~is_point & ~shapely.is_missing(shapes)).tolist():
        geometry = mapping(shapes[i])
        out[i] = {"type": geometry["type"], "coordinates": _lists(geometry["coordinates"])}
    return out


def _parsed(texts: list[str | None]) -> list[Any]:
    """Return JSON texts parsed, in one call of the parser for the whole column."""
    present = [text for text in texts if text is not None]
    parsed = iter(json.loads("[" + ",".join(present) + "]") if present else [])
    return [None if text is None else next(parsed) for text in texts]


def _collection(
    columns: dict[str, list[Any]], geometries: list[dict | None], meta: dict | None
) -> dict:
    """Return the FeatureCollection of a table's columns, as the contract's metadata says."""
    if meta is None:  # a table from elsewhere: its cells as they are
        meta = {
            "members": {},
            "columns": [{"column": c, "key": c, "json": False} for c in columns],
            "null_keys": {},
            "null_properties": None,
        }
    described: list[dict[str, Any]] = [d for d in meta["columns"] if d["column"] in columns]
    null_keys = {kind: set(keys) for kind, keys in meta.get("null_keys", {}).items()}
    kinds = columns.get(next((d["column"] for d in described if d["key"] == "kind"), ""), [])
    rows = len(geometries)
    properties: list[dict] = [{} for _ in range(rows)]
    for d in described:
        key, values = d["key"], columns[d["column"]]
        if d["json"]:
            values = _parsed(values)
        for p, value, kind in zip(properties, values, kinds or [None] * rows, strict=True):
            if value is not None or key in null_keys.get(kind, ()):
                p[key] = value
    if (nulls := meta.get("null_properties")) and nulls in columns:
        for p, keys in zip(properties, columns[nulls], strict=True):
            for key in json.loads(keys) if isinstance(keys, str) else keys or ():
                p[key] = None
    features = [feature(g, p) for g, p in zip(geometries, properties, strict=True)]
    if (order := meta.get("order")) and order in columns:
        ranked = sorted(zip(columns[order], features, strict=True), key=lambda pair: pair[0])
        features = [f for _, f in ranked]
    return {"type": "FeatureCollection", **meta["members"], "features": features}


def _contract(raw: bytes | str | None) -> dict | None:
    if raw is None:
        return None
    meta = json.loads(raw)
    if not isinstance(meta, dict) or meta.get("version") != CONTRACT_VERSION:
        return None
    return meta


def _from_parquet(data: bytes) -> tuple[dict[str, list], list[bytes | None], dict | None]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(pa.BufferReader(data))
    metadata = table.schema.metadata or {}
    geo = json.loads(metadata.get(b"geo", b"{}"))
    primary = geo.get("primary_column", GEOMETRY)
    covering = (geo.get("columns", {}).get(primary, {}).get("covering") or {}).get("bbox", {})
    skipped = {primary} | {v[0] for v in covering.values() if isinstance(v, list) and v}
    if primary not in table.column_names:
        raise ValueError(f"no geometry column {primary!r}")
    columns = {n: table.column(n).to_pylist() for n in table.column_names if n not in skipped}
    contract = _contract(metadata.get(CONTRACT_KEY.encode()))
    return columns, table.column(primary).to_pylist(), contract


def _from_flatgeobuf(data: bytes) -> tuple[dict[str, list], list[bytes | None], dict | None]:
    import pyogrio
    from pyogrio.raw import read

    # pyogrio's arrow reading garbles FlatGeobuf's null geometries: read as numpy,
    # where a missing whole number is NaN, its type told by the layer's field types.
    meta, _, wkb, fields = read(io.BytesIO(data))
    info = pyogrio.read_info(io.BytesIO(data))
    columns: dict[str, list] = {}
    for name, kind, subtype, values in zip(
        meta["fields"], meta["ogr_types"], meta["ogr_subtypes"], fields, strict=True
    ):
        if kind in ("OFTInteger", "OFTInteger64") or subtype == "OFSTBoolean":
            make = bool if subtype == "OFSTBoolean" else int
            cells = [None if v != v else make(v) for v in values.tolist()]  # NaN: null
        elif kind == "OFTReal":
            cells = [None if v != v else v for v in values.tolist()]
        else:
            cells = values.tolist()
        columns[str(name)] = cells
    layer_metadata = info.get("layer_metadata") or {}
    wkb_list = list(wkb) if wkb is not None else [None] * info["features"]
    return columns, wkb_list, _contract(layer_metadata.get(CONTRACT_KEY))


TABLE_SUFFIXES = {
    ".parquet": ("GeoParquet", _from_parquet),
    ".fgb": ("FlatGeobuf", _from_flatgeobuf),
}


def read_table(data: bytes, suffix: str, source: str, problems: list[str] | None = None) -> dict:
    """Return the FeatureCollection in a GeoParquet (``.parquet``) or FlatGeobuf (``.fgb``) file.

    ``data`` is the file's bytes. Raises ``InputFormatError``, one line
    naming ``source``, when it is not such a file; with a ``problems`` list a
    feature the contract refuses is one line there and left out (see
    ``geo.features.validate``).
    """
    what, reader = TABLE_SUFFIXES[suffix]
    try:
        with collector_paused():  # many new dicts, none in a cycle
            columns, wkb, meta = reader(data)
            collection = _collection(columns, _geojson_geometries(wkb), meta)
    except InputFormatError:
        raise
    except Exception as exc:  # pyarrow, pyogrio and shapely errors share no base class
        raise InputFormatError(
            f"{source}: not a {what} file geo can read ({one_line(exc)})"
        ) from exc
    return validate(collection, source, problems)
