"""The contract: the GeoJSON FeatureCollection every stage meets at.

``geo extract`` writes it, ``geo map`` and every renderer read it, and a user may
edit it by hand in between. RFC 7946: longitude, latitude, WGS84. Each feature
has ``properties.kind``, one of:

``"place"``
    Point. ``name`` (canonical), ``country`` (ISO 3166-1 alpha-2; null for a
    sea), ``gazetteer_id``, ``place_type``, ``geo_precision`` (ACLED's: 1 the
    place itself, 3 a region, sea or country, whose point is its admin
    centre or a point inside it), ``mentions``: list of spans. A country
    named in the text is a place with ``place_type: "country"`` and a null
    geometry: a dot in the middle of a country says nothing to a reader.
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

The TypedDicts below write the contract down, property by property: what
``geo extract`` writes (``PlaceProperties``, ``ZoneProperties``,
``IncidentProperties``), what ``relate`` derives on every map (marked
derived), and the collection's ``geo`` member. Readers accept more (an
ACLED row, a hand edit) as long as ``validate`` does.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from typing import Any, Literal, TypedDict

from geo.errors import InputFormatError


class Match(TypedDict):
    """The words of a sentence that made it a source (a trigger, a radius)."""

    text: str
    start: int
    end: int


class Span(TypedDict):
    """A stretch of an article: ``article_text[start:end] == text``."""

    document: str
    text: str
    start: int
    end: int


class Mention(Span, total=False):
    """Where a place is named; ``role: "dateline"`` where it says where a report was filed."""

    role: str


class Source(Span, total=False):
    """The sentence a zone or an incident comes from, with the words that made it one.

    ``clipped``: the sentence was longer than 1,500 characters and is quoted
    around ``match``. ``outlet`` and ``line``: an ACLED row's source and its
    line in the export.
    """

    match: Match
    clipped: bool
    outlet: str
    line: int


class _NamedPlace(TypedDict):
    """What every place has."""

    kind: Literal["place"]
    name: str
    country: str | None  # ISO 3166-1 alpha-2; null for a sea or strait
    gazetteer_id: str  # "geonames:…", "geo:…" (the supplement), "ne:…" (an area), or online
    # "city", "airbase", "camp", …; "country"; "region" (a first-level division or a
    # well-known area); "sea", "gulf", "strait", "bay", "channel", "ocean", "shoal",
    # "reef"; "island", "islands"
    place_type: str
    # ACLED's: 1 the place itself, 2 near it (an offset), 3 a region, sea, archipelago or country
    geo_precision: int
    gazetteer_source: str  # where the entry's coordinates come from
    candidates: int  # how many places go by that name
    chosen_because: str
    mentions: list[Mention]


class PlaceProperties(_NamedPlace, total=False):
    """A place named in the reports (a country has a null geometry).

    A position stated as an offset ("70 nm W of Hodeidah") is a place too,
    of ``place_type`` "offset", with these:
    """

    offset: Offset
    uncertainty_m: float  # radius about the point holding the whole wedge


class OffsetUncertainty(TypedDict):
    """How far an offset may be off: half the compass sector, the distance, the place's size."""

    bearing_deg: float  # ±: 45 for W, 22.5 for NW, 11.25 for WNW
    distance_m: float  # ±: half the last digit, or 10 % when hedged ("about")
    reference_extent_m: float  # the reference place's own radius


class Offset(TypedDict):
    """A position given as distance and direction from a place: the facts its point and wedge
    are drawn from (edit them and the map follows)."""

    reference: str
    reference_gazetteer_id: str
    reference_lonlat: list[float]  # [lon, lat]
    bearing_deg: float  # 0 north, 90 east
    direction: str  # as written: "west", "WNW"
    distance_m: float
    reported: dict[str, Any]  # {value, unit, text}
    about: bool  # hedged: "about", "some", "approximately"
    uncertainty: OffsetUncertainty


class Reported(TypedDict, total=False):
    """A radius as a source gave it: ``{value, unit, text}``, and the figure it gave beside."""

    value: float
    unit: str  # "km", "mi", "nmi", "m"
    text: str
    equivalent: dict[str, Any]  # {value, unit}


class Comparison(TypedDict):
    """A zone's radius beside the next one reported for its centre (derived)."""

    other_radius_m: float
    other_label: str
    relative_difference: float
    agree: bool
    note: str


class ZoneLine(TypedDict, total=False):
    """The line a strip zone runs along: the land border of two countries, or a named line.

    A border has ``between`` and ``side``; a river or road has ``name``.
    ``source`` is the data the line was drawn from, None for a line the data
    lacks (the zone then has no geometry and needs review).
    """

    between: list[str]  # ISO 3166-1 alpha-2 codes
    side: str | None  # the country the strip lies in, None for both sides
    name: str  # "Dnipro", "the road that links Khankendi with Armenia"
    source: str | None
    # [lon, lat] of the places the report names: of a border in several pieces, or
    # a long river, the strip runs along the stretch nearest them
    near: list[list[float]]


class DirectionalSize(TypedDict):
    """How far a zone reaches toward one direction: "10 km in the north"."""

    bearing_deg: float  # 0 north, 90 east
    radius_m: float


class ZoneProperties(TypedDict, total=False):
    """A zone: a geodesic ring of ``radius_m`` around ``center_lonlat``, drawn from them.

    A ``shape`` "strip" is every point within ``radius_m`` of its ``line`` (a
    border), on one side or both; its ``center`` names the border. A
    ``shape`` "sectors" reaches from its centre as far as ``by_direction``
    says toward each direction (the nearest stated one), ``radius_m`` being
    the widest reach.
    """

    kind: Literal["zone"]
    shape: Literal["strip", "coast", "sectors"]  # absent for a ring
    by_direction: list[DirectionalSize]  # a "sectors" zone's sizes
    line: ZoneLine  # a strip's border
    coast: str  # a coastal zone's country (ISO alpha-2): the sea within radius_m of its coast
    center: str
    center_gazetteer_id: str
    center_lonlat: list[float]  # [lon, lat]
    center_basis: str
    radius_m: float
    label: str  # "55 km (34.2 mi)", derived from radius_m ("10 km N, 5 km S" for sectors)
    tolerance_m: float  # the ring as drawn stays this close to the true circle
    reported: Reported
    sources: list[Source]
    incidents_inside: int  # derived
    comparison: list[Comparison]  # derived


class ZoneRelation(TypedDict):
    """An incident's distance from a zone's centre, and whether it lies inside (derived)."""

    center: str
    radius_m: float
    label: str
    distance_m: float
    inside: bool


class IncidentProperties(TypedDict, total=False):
    """An event the reports tell, in ACLED's vocabulary where ACLED has one."""

    kind: Literal["incident"]
    label: str  # "air strike", "shoot-down", …
    event_type: str  # ACLED's
    sub_event_type: str  # ACLED's
    date: str | None  # YYYY-MM-DD, YYYY-MM or YYYY
    date_precision: str | None  # "day", "week", "month", "year"
    time_precision: int | None  # ACLED's: 1 day, 2 week, 3 month or less
    date_basis: str
    date_conflict: str | None
    place: str | None
    place_basis: str
    geo_precision: int  # ACLED's: 1 the place itself, 2 nearby or the region
    offset: Offset  # placed at an offset from a place (see PlaceProperties)
    uncertainty_m: float
    actor1: str | None
    actor2: str | None
    summary: str
    notes: str
    sources: list[Source]
    origin: str  # "acled" for a row of an ACLED export
    acled_event_id: str | None  # ACLED's event_id_cnty
    acled_event_date: str
    fatalities: int  # ACLED rows
    zones: list[ZoneRelation]  # derived
    zones_not_listed: int  # derived


class Document(TypedDict):
    """A report the collection was made from."""

    id: str
    published: str | None
    published_basis: str | None
    outlet: str | None
    url: str | None


class Finding(TypedDict):
    """Two radii reported for one centre, side by side (derived)."""

    center: str
    agree: bool
    text: str


class CollectionMeta(TypedDict, total=False):
    """The collection's ``geo`` member."""

    version: str
    documents: list[Document]
    attribution: list[str]
    findings: list[Finding]  # derived


KINDS = ("place", "zone", "incident")
COORD_DECIMALS = 7  # 1e-7 degree is about 1 cm: well inside the 1 m zone tolerance
# Bad features of one input named one a line; past these, one line counts the rest.


def feature_collection(features: Iterable[dict], **members: Any) -> dict:
    """Return a FeatureCollection of ``features`` with extra top-level ``members``."""
    return {"type": "FeatureCollection", **members, "features": list(features)}


def feature(geometry: dict | None, properties: dict) -> dict:
    """Return a GeoJSON Feature."""
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def point(lon: float, lat: float) -> dict:
    """Return a GeoJSON Point geometry."""
    return {"type": "Point", "coordinates": [lon, lat]}


def round_coords(value: Any, decimals: int = COORD_DECIMALS) -> Any:
    """Return ``value`` with every float rounded, by default to the contract's 1e-7 degree.

    Nested lists and tuples (GeoJSON coordinates) come back as lists.
    """
    if isinstance(value, float):
        return round(value, decimals)
    if isinstance(value, list | tuple):
        return [round_coords(v, decimals) for v in value]
    return value


def rounded_geometry(geometry: dict | None, decimals: int = COORD_DECIMALS) -> dict | None:
    """Return a GeoJSON geometry with its coordinates rounded (see :func:`round_coords`)."""
    if geometry is None:
        return None
    return {**geometry, "coordinates": round_coords(geometry["coordinates"], decimals)}


def _stable(obj: dict) -> dict:
    if obj.get("type") == "Feature":
        return {**obj, "geometry": rounded_geometry(obj.get("geometry"))}
    return {**obj, "features": [_stable(f) for f in obj.get("features", [])]}


def dumps(obj: dict, *, indent: int | None = None) -> str:
    """Return a FeatureCollection or Feature as stable JSON text: sorted keys, rounded coordinates.

    The same input gives the same bytes, so outputs can be diffed and cached.
    """
    return _json_text(_stable(obj), indent) + "\n"


class _Unusual(Exception):
    """A value the fast indented encoder leaves to the json module (see ``_json_text``)."""


_QUOTED = json.encoder.encode_basestring  # the C function when _json is built, as it is
_INT = int.__repr__
_FLOAT = float.__repr__
_LABELS: dict[str, str] = {}  # '"key": ' of the keys met, the contract's being few
_MAX_LABELS = 10_000


def _leaf(value: Any) -> str:
    """Return a value that holds no other as the json module writes it (``_Unusual`` if odd).

    The common types are written by the very functions the json module uses.
    """
    kind = type(value)
    if kind is str:
        return _QUOTED(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return _INT(value)
    if kind is float and value - value == 0:  # finite: NaN and infinities are not JSON
        return _FLOAT(value)
    raise _Unusual


def _label(key: Any) -> str:
    label = _LABELS.get(key)
    if label is None:
        if type(key) is not str:
            raise _Unusual
        label = _QUOTED(key) + ": "
        if len(_LABELS) < _MAX_LABELS:
            _LABELS[key] = label
    return label


def _indented(value: Any, pad: str, step: str) -> str:
    """Return ``value`` as the json module writes it with ``indent``, ``sort_keys``, no NaN.

    ``pad`` is the line break and indentation of the value's own level. The
    json module indents with its pure-Python encoder, a generator per
    container yielding each key, separator and value on its own; here a
    container is one call building one string, its leaves written by the
    same functions the json module uses (the C string escaper,
    ``int.__repr__``, ``float.__repr__``). A value less usual (a subclass,
    a key that is not a string, NaN) raises ``_Unusual``.
    """
    kind = type(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = pad + step
        items = []
        for key in sorted(value):
            item = value[key]
            kind = type(item)
            if kind is str:
                text = _QUOTED(item)
            elif item is None:
                text = "null"
            elif kind is int:
                text = _INT(item)
            elif kind is float and item - item == 0:
                text = _FLOAT(item)
            elif kind is dict or kind is list or kind is tuple:
                text = _indented(item, inner, step)
            else:
                text = _leaf(item)
            items.append(_label(key) + text)
        return "{" + inner + ("," + inner).join(items) + pad + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = pad + step
        texts = []
        for item in value:
            kind = type(item)
            if kind is float and item - item == 0:
                texts.append(_FLOAT(item))
            elif kind is str:
                texts.append(_QUOTED(item))
            elif kind is dict or kind is list or kind is tuple:
                texts.append(_indented(item, inner, step))
            else:
                texts.append(_leaf(item))
        return "[" + inner + ("," + inner).join(texts) + pad + "]"
    return _leaf(value)


def _json_text(value: Any, indent: int | None, level: int = 0) -> str:
    """Return ``json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent,
    allow_nan=False)``, the same text, indented faster (see ``_indented``).

    ``level`` indents every line after the first as if ``value`` were that
    deep in a larger document (what ``write_collection`` needs).
    """
    if indent is not None:
        step = " " * indent
        try:
            return _indented(value, "\n" + step * level, step)
        except (_Unusual, RecursionError):
            pass  # the json module says what is wrong, or writes what is unusual
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent, allow_nan=False)
        return text.replace("\n", "\n" + step * level)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)


def write_collection(
    write: Callable[[str], Any],
    features: Iterable[dict],
    members: dict[str, Any],
    *,
    indent: int | None = None,
) -> int:
    """Write a FeatureCollection one feature at a time; return how many features.

    The text is exactly ``dumps(feature_collection(features, **members),
    indent=indent)``, but only one feature is held as text at a time, so a
    batch of any size is written in the memory of its largest feature.
    """

    def dump(value: Any) -> str:
        return _json_text(value, indent)

    top = {"type": "FeatureCollection", **members, "features": None}
    if indent is None:
        item_sep, key_sep, open_list, close_list, pad, inner = ", ", ", ", "[", "]", "", ""
        head, tail = "{", "}"
    else:
        pad, inner = " " * indent, " " * (2 * indent)
        item_sep, key_sep = ",\n" + inner, ",\n" + pad
        open_list, close_list = "[\n" + inner, "\n" + pad + "]"
        head, tail = "{\n" + pad, "\n}"
    count = 0
    write(head)
    for n, key in enumerate(sorted(top)):
        if n:
            write(key_sep)
        write(dump(key) + ": ")
        if key != "features":
            write(dump(top[key]).replace("\n", "\n" + pad))
            continue
        for count, f in enumerate(features, 1):  # noqa: B007 - the count is returned
            # Indented as a feature two levels down, so the text needs no re-indenting.
            text = _json_text(_stable(f), indent, 2)
            write((item_sep if count > 1 else open_list) + text)
        write(close_list if count else "[]")
    write(tail + "\n")
    return count


def validate(collection: Any, source: str = "<input>", problems: list[str] | None = None) -> dict:
    """Return ``collection`` if it is a FeatureCollection geo can render (see ``geo.validation``).

    Problems raise ``InputFormatError`` naming ``source`` (and the feature),
    or with a ``problems`` list each bad feature is one line there and left out.
    """
    from geo.validation import validate_collection

    return validate_collection(collection, source, problems)


def loads(text: str, source: str = "<input>", problems: list[str] | None = None) -> dict:
    """Return the FeatureCollection in ``text``, validated; errors name ``source``.

    A single Feature (as ``geo zone`` writes for one radius) becomes a
    collection of one. With a ``problems`` list, bad features are reported
    there and left out rather than refusing the whole text (see ``validate``).
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFormatError(
            f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except (RecursionError, ValueError) as exc:
        raise InputFormatError(f"{source}: not usable JSON ({type(exc).__name__})") from exc
    except MemoryError:
        raise InputFormatError(f"{source}: too large to read in the memory available") from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = feature_collection([data])
    return validate(data, source, problems)


def spans_of(props: dict, key: str) -> list[dict]:
    """Return the spans under ``props[key]`` (sources, mentions), skipping malformed ones."""
    value = props.get(key)
    return [s for s in value if isinstance(s, dict)] if isinstance(value, list) else []


def documents_of(spans: Iterable[dict]) -> list[str]:
    """Return the documents of ``spans``, each once, in order of first appearance."""
    return list(dict.fromkeys(str(s["document"]) for s in spans if s.get("document")))


def _is_number(value: Any) -> bool:
    """Return whether ``value`` is a finite JSON number (true/false are not numbers)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def finite_number(value: Any) -> float | None:
    """Return ``value`` as a float if it is a finite JSON number (not true/false), else None."""
    return float(value) if _is_number(value) else None


def of_kind(collection: dict, kind: str) -> list[dict]:
    """Return the features of ``collection`` whose ``properties.kind`` is ``kind``."""
    return [f for f in collection["features"] if f["properties"].get("kind") == kind]
