"""Checking a FeatureCollection against the contract of :mod:`geo.features` before it is drawn.

Hand-edited and foreign GeoJSON reaches ``geo map``: every value a renderer
reads is checked here, and a bad one is one line naming the file, the
feature and what is wrong, never a traceback.
"""

from __future__ import annotations

import json
import math
from typing import Any

from geo.errors import InputFormatError
from geo.features import KINDS, finite_number
from geo.units import MAX_RADIUS_M

MAX_FEATURE_PROBLEMS = 20
_SHOWN_CHARS = 60  # a value quoted in a problem line is cut here


def _is_number(value: Any) -> bool:
    """Return whether ``value`` is a finite JSON number (true/false are not numbers)."""
    return finite_number(value) is not None


def _shown(value: Any) -> str:
    """Return ``value`` as quoted in a problem line: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def _check_position(pos: Any, where: str) -> None:
    # RFC 7946: longitude, latitude and at most an altitude, all numbers.
    if not isinstance(pos, list | tuple) or not 2 <= len(pos) <= 3 or not all(map(_is_number, pos)):
        raise InputFormatError(f"{where}: coordinates are not [longitude, latitude] numbers")
    lon, lat = pos[0], pos[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InputFormatError(f"{where}: position {lon}, {lat} is out of range")


def _check_polygon(rings: Any, where: str) -> None:
    """Check Polygon coordinates: rings of at least four positions, each closed.

    RFC 7946 asks this of every linear ring, and the renderers and exports
    cannot draw less (a ring of three positions is a line).
    """
    if not isinstance(rings, list | tuple):
        raise InputFormatError(f"{where}: Polygon coordinates are not a list of rings")
    if not rings:
        raise InputFormatError(f"{where}: Polygon has no rings")
    for i, ring in enumerate(rings):
        if not isinstance(ring, list | tuple):
            raise InputFormatError(f"{where}: ring {i} is not a list of positions")
        if len(ring) < 4:
            count = f"{len(ring)} position{'' if len(ring) == 1 else 's'}"
            raise InputFormatError(f"{where}: ring {i} has {count}; a ring needs at least 4")
        for pos in ring:
            _check_position(pos, where)
        if list(ring[0]) != list(ring[-1]):
            raise InputFormatError(
                f"{where}: ring {i} is not closed (its first and last positions differ)"
            )


def _check_geometry(geometry: Any, where: str) -> None:
    if geometry is None:
        return
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise InputFormatError(f"{where}: geometry is not a GeoJSON object")
    gtype, coords = geometry["type"], geometry.get("coordinates")
    if gtype == "Point":
        _check_position(coords, where)
    elif gtype == "Polygon":
        _check_polygon(coords, where)
    elif gtype == "MultiPolygon":
        if not isinstance(coords, list | tuple):
            raise InputFormatError(f"{where}: MultiPolygon coordinates are not a list of polygons")
        if not coords:
            raise InputFormatError(f"{where}: MultiPolygon has no polygons")
        for i, polygon in enumerate(coords):
            _check_polygon(polygon, f"{where}: polygon {i}")
    else:
        raise InputFormatError(f"{where}: geometry type {_shown(gtype)} is not used by geo")


def _unwritable(value: Any) -> str | None:
    """Return why ``value`` cannot be written back as UTF-8 JSON, or None when it can.

    JSON text may hold what no output can: NaN, Infinity and 1e999 (read as
    floats), a lone surrogate spelled ``\\udcff``, or nesting deeper than a
    writer goes.
    """
    try:
        json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except UnicodeEncodeError:
        return "holds text that is not valid Unicode (a lone surrogate)"
    except ValueError:
        return "holds a number that is not finite (NaN or Infinity)"
    except RecursionError:
        return "is nested too deeply"
    except TypeError:
        return "holds a value that is not JSON"
    return None


def _check_writable(feat: dict, where: str) -> None:
    if _unwritable(feat) is None:
        return
    # Name the member at fault (only on this rare path).
    props = feat.get("properties") or {}
    for key, value in props.items():
        if (why := _unwritable({key: value})) is not None:
            raise InputFormatError(f"{where}: property {_shown(key)} {why}")
    for key, value in feat.items():
        if key != "properties" and (why := _unwritable({key: value})) is not None:
            raise InputFormatError(f"{where}: member {_shown(key)} {why}")
    raise InputFormatError(f"{where}: {_unwritable(feat)}")


# A zone smaller than this is no zone (and its ratio to another radius overflows).
MIN_RADIUS_M = 0.01


def _check_zone(props: dict, where: str) -> None:
    radius = props.get("radius_m")
    if not _is_number(radius) or radius is None or radius <= 0:
        raise InputFormatError(f"{where}: zone radius_m {_shown(radius)} is not a positive number")
    if radius < MIN_RADIUS_M or radius > MAX_RADIUS_M:
        raise InputFormatError(
            f"{where}: zone radius_m {_shown(radius)} is not between {MIN_RADIUS_M} m and half"
            f" the Earth's circumference ({MAX_RADIUS_M:,.0f} m)"
        )
    centre = props.get("center_lonlat")
    if centre is not None:
        _check_position(centre, f"{where}: zone center_lonlat")
    if props.get("shape") == "sectors":
        _check_by_direction(props.get("by_direction"), float(radius), where)


def _check_by_direction(legs: Any, radius: float, where: str) -> None:
    """Check a zone sized by direction: its legs, and radius_m its widest reach."""
    if not isinstance(legs, list) or not legs:
        raise InputFormatError(f"{where}: zone by_direction is not a list of sizes")
    reaches = []
    for leg in legs:
        if not isinstance(leg, dict) or not _is_number(leg.get("bearing_deg")):
            raise InputFormatError(f"{where}: zone by_direction {_shown(leg)} has no bearing_deg")
        metres = leg.get("radius_m")
        reach = float(metres) if _is_number(metres) and metres is not None else math.nan
        if not MIN_RADIUS_M <= reach <= MAX_RADIUS_M:
            raise InputFormatError(
                f"{where}: zone by_direction radius_m {_shown(metres)} is not between"
                f" {MIN_RADIUS_M} m and {MAX_RADIUS_M:,.0f} m"
            )
        reaches.append(reach)
    if abs(max(reaches) - radius) > 1.0:
        raise InputFormatError(
            f"{where}: zone radius_m {radius:,.0f} is not its widest reach by direction"
            f" ({max(reaches):,.0f} m)"
        )


def _check_offset(offset: Any, where: str) -> None:
    """Check what an offset's point and wedge are drawn from (see ``Offset``)."""
    if not isinstance(offset, dict):
        raise InputFormatError(f"{where}: offset is not an object")
    _check_position(offset.get("reference_lonlat"), f"{where}: offset reference_lonlat")
    bearing, distance = offset.get("bearing_deg"), offset.get("distance_m")
    if not _is_number(bearing):
        raise InputFormatError(f"{where}: offset bearing_deg {_shown(bearing)} is not a number")
    if not _is_number(distance) or not 0 < float(distance or 0) <= MAX_RADIUS_M:
        raise InputFormatError(
            f"{where}: offset distance_m {_shown(distance)} is not a positive distance"
        )
    spread = offset.get("uncertainty")
    if not isinstance(spread, dict) or not all(
        _is_number(spread.get(k)) and spread[k] >= 0
        for k in ("bearing_deg", "distance_m", "reference_extent_m")
    ):
        raise InputFormatError(
            f"{where}: offset uncertainty is not bearing_deg, distance_m and reference_extent_m"
            " (numbers, 0 or more)"
        )


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
    if (why := _unwritable(meta)) is not None:
        raise InputFormatError(f"{source}: the 'geo' member {why}")


def _check_feature(feat: Any, where: str, writable: bool = False) -> None:
    """Raise ``InputFormatError`` (one line starting with ``where``) if ``feat`` is unusable.

    ``writable``: the feature is known to encode as JSON (its whole collection did).
    """
    if not isinstance(feat, dict) or feat.get("type") != "Feature":
        raise InputFormatError(f"{where} is not a GeoJSON Feature")
    props = feat.get("properties")
    if not isinstance(props, dict):
        raise InputFormatError(f"{where} has no properties")
    kind = props.get("kind")
    if kind not in KINDS:
        raise InputFormatError(f"{where}: properties.kind is {_shown(kind)}, not one of {KINDS}")
    _check_geometry(feat.get("geometry"), where)
    if kind == "zone":
        _check_zone(props, where)
    if "offset" in props:
        _check_offset(props["offset"], where)
    for key in ("date", "date_precision"):
        value = props.get(key)
        if value is not None and not isinstance(value, str | int):
            raise InputFormatError(f"{where}: {key} {_shown(value)} is not text")
    if not writable:
        _check_writable(feat, where)


def validate_collection(
    collection: Any, source: str = "<input>", problems: list[str] | None = None
) -> dict:
    """Return ``collection`` if it is a FeatureCollection geo can render.

    A lone Feature is not accepted here; ``loads`` wraps one. Problems of the
    collection as a whole (not a FeatureCollection, a bad ``geo`` member) raise
    ``InputFormatError`` naming ``source``. A bad feature raises too, naming
    ``source`` and the feature's index, unless a ``problems`` list is given:
    then each bad feature is one line added to it (at most
    ``MAX_FEATURE_PROBLEMS``, then one line counting the rest) and the
    collection returned holds the other features.
    """
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise InputFormatError(f"{source}: not a GeoJSON FeatureCollection")
    _check_meta(collection.get("geo"), source)
    features = collection.get("features")
    if not isinstance(features, list):
        raise InputFormatError(f"{source}: 'features' is not a list")
    kept: list[Any] = []
    refused = 0
    # One encoding of all the features says whether each can be written: a
    # feature at a time (to name the one at fault) only when some cannot.
    writable = _unwritable(features) is None
    for i, feat in enumerate(features):
        try:
            _check_feature(feat, f"{source}: feature {i}", writable)
        except InputFormatError as exc:
            if problems is None:
                raise
            refused += 1
            if refused <= MAX_FEATURE_PROBLEMS:
                problems.append(str(exc))
            continue
        kept.append(feat)
    if not refused:
        return collection
    if problems is not None and refused > MAX_FEATURE_PROBLEMS:
        problems.append(f"{source}: {refused - MAX_FEATURE_PROBLEMS} more bad features left out")
    return {**collection, "features": kept}
