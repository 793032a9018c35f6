"""The contract: the GeoJSON FeatureCollection every stage meets at.

``geo extract`` writes it, ``geo map`` and every renderer read it, and a user may
edit it by hand in between. RFC 7946: longitude, latitude, WGS84. Each feature
has ``properties.kind``, one of:

``"place"``
    Point. ``name`` (canonical), ``country`` (ISO 3166-1 alpha-2),
    ``gazetteer_id``, ``mentions``: list of spans. A country named in the text
    is a place with ``place_type: "country"`` and a null geometry: a dot in the
    middle of a country says nothing to a reader.
``"zone"``
    Polygon (MultiPolygon when split at the antimeridian). ``center`` (canonical
    place name), ``center_lonlat``, ``radius_m``, ``reported``:
    ``{value, unit, text}``, ``sources``: list of spans.
``"incident"``
    Point. ``date`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``),
    ``date_precision`` (``day``/``month``/``year``), ``event_type``, ``place``
    (canonical name), ``summary``, ``sources``: list of spans.

A span is ``{document, text, start, end}`` with ``article_text[start:end] ==
text``; sources of zones and incidents are the sentences, with ``match`` the
span of the words that triggered them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

from geo.errors import InputFormatError

KINDS = ("place", "zone", "incident")
COORD_DECIMALS = 7  # 1e-7 degree is about 1 cm: well inside the 1 m zone tolerance


def feature_collection(features: Iterable[dict], **members: Any) -> dict:
    """Return a FeatureCollection of ``features`` with extra top-level ``members``."""
    return {"type": "FeatureCollection", **members, "features": list(features)}


def feature(geometry: dict | None, properties: dict) -> dict:
    """Return a GeoJSON Feature."""
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def point(lon: float, lat: float) -> dict:
    """Return a GeoJSON Point geometry."""
    return {"type": "Point", "coordinates": [lon, lat]}


def round_coords(value: Any) -> Any:
    """Return ``value`` with every float rounded to the contract's 1e-7 degree."""
    if isinstance(value, float):
        return round(value, COORD_DECIMALS)
    if isinstance(value, list | tuple):
        return [round_coords(v) for v in value]
    return value


def _rounded_geometry(geometry: dict | None) -> dict | None:
    if geometry is None:
        return None
    return {**geometry, "coordinates": round_coords(geometry["coordinates"])}


def _stable(obj: dict) -> dict:
    if obj.get("type") == "Feature":
        return {**obj, "geometry": _rounded_geometry(obj.get("geometry"))}
    return {**obj, "features": [_stable(f) for f in obj.get("features", [])]}


def dumps(obj: dict, *, indent: int | None = None) -> str:
    """Return a FeatureCollection or Feature as stable JSON text: sorted keys, rounded coordinates.

    The same input gives the same bytes, so outputs can be diffed and cached.
    """
    return (
        json.dumps(_stable(obj), ensure_ascii=False, sort_keys=True, indent=indent, allow_nan=False)
        + "\n"
    )


def _is_number(value: Any) -> bool:
    """Return whether ``value`` is a finite JSON number (true/false are not numbers)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_position(pos: Any, where: str) -> None:
    if not isinstance(pos, list | tuple) or len(pos) < 2 or not all(map(_is_number, pos[:2])):
        raise InputFormatError(f"{where}: coordinates are not [longitude, latitude] numbers")
    lon, lat = pos[0], pos[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InputFormatError(f"{where}: position {lon}, {lat} is out of range")


def _check_geometry(geometry: Any, where: str) -> None:
    if geometry is None:
        return
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise InputFormatError(f"{where}: geometry is not a GeoJSON object")
    gtype, coords = geometry["type"], geometry.get("coordinates")
    try:
        if gtype == "Point":
            _check_position(coords, where)
        elif gtype == "Polygon":
            for ring in coords:
                for pos in ring:
                    _check_position(pos, where)
        elif gtype == "MultiPolygon":
            for poly in coords:
                for ring in poly:
                    for pos in ring:
                        _check_position(pos, where)
        else:
            raise InputFormatError(f"{where}: geometry type {gtype!r} is not used by geo")
    except TypeError as exc:
        raise InputFormatError(f"{where}: malformed {gtype} coordinates") from exc


def _check_zone(props: dict, where: str) -> None:
    radius = props.get("radius_m")
    if not _is_number(radius) or radius <= 0:
        raise InputFormatError(f"{where}: zone radius_m {radius!r} is not a positive number")
    centre = props.get("center_lonlat")
    if centre is not None:
        _check_position(centre, f"{where}: zone center_lonlat")


def _check_meta(meta: Any, source: str) -> None:
    if meta is None:
        return
    if not isinstance(meta, dict):
        raise InputFormatError(f"{source}: the 'geo' member is not an object")
    documents = meta.get("documents", [])
    if not isinstance(documents, list) or not all(
        isinstance(d, dict) and isinstance(d.get("id"), str) for d in documents
    ):
        raise InputFormatError(f"{source}: geo.documents is not a list of objects with an 'id'")
    for key in ("attribution", "findings"):
        if not isinstance(meta.get(key, []), list):
            raise InputFormatError(f"{source}: geo.{key} is not a list")


def validate(collection: Any, source: str = "<input>") -> dict:
    """Return ``collection`` if it is a FeatureCollection geo can render.

    A lone Feature is not accepted here; ``loads`` wraps one. Raises
    ``InputFormatError`` naming ``source`` and the first bad feature.
    """
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise InputFormatError(f"{source}: not a GeoJSON FeatureCollection")
    _check_meta(collection.get("geo"), source)
    features = collection.get("features")
    if not isinstance(features, list):
        raise InputFormatError(f"{source}: 'features' is not a list")
    for i, feat in enumerate(features):
        where = f"{source}: feature {i}"
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            raise InputFormatError(f"{where} is not a GeoJSON Feature")
        props = feat.get("properties")
        if not isinstance(props, dict):
            raise InputFormatError(f"{where} has no properties")
        kind = props.get("kind")
        if kind not in KINDS:
            raise InputFormatError(f"{where}: properties.kind is {kind!r}, not one of {KINDS}")
        _check_geometry(feat.get("geometry"), where)
        if kind == "zone":
            _check_zone(props, where)
        for key in ("date", "date_precision"):
            value = props.get(key)
            if value is not None and not isinstance(value, str | int):
                raise InputFormatError(f"{where}: {key} {value!r} is not text")
    return collection


def loads(text: str, source: str = "<input>") -> dict:
    """Return the FeatureCollection in ``text``, validated; errors name ``source``.

    A single Feature (as ``geo zone`` writes for one radius) becomes a
    collection of one.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFormatError(
            f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except (RecursionError, ValueError) as exc:
        raise InputFormatError(f"{source}: not usable JSON ({type(exc).__name__})") from exc
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = feature_collection([data])
    return validate(data, source)


def spans_of(props: dict, key: str) -> list[dict]:
    """Return the spans under ``props[key]`` (sources, mentions), skipping malformed ones."""
    value = props.get(key)
    return [s for s in value if isinstance(s, dict)] if isinstance(value, list) else []


def documents_of(spans: Iterable[dict]) -> list[str]:
    """Return the documents of ``spans``, each once, in order of first appearance."""
    return list(dict.fromkeys(str(s["document"]) for s in spans if s.get("document")))


def finite_number(value: Any) -> float | None:
    """Return ``value`` as a float if it is a finite JSON number (not true/false), else None."""
    return float(value) if _is_number(value) else None


def of_kind(collection: dict, kind: str) -> list[dict]:
    """Return the features of ``collection`` whose ``properties.kind`` is ``kind``."""
    return [f for f in collection["features"] if f["properties"].get("kind") == kind]
