"""The stages end to end, as the commands run them: the library does the work, ``geo.cli`` talks.

Each function here is one command's work without its arguments and messages:
:func:`map_collection` and :func:`write_map` for ``geo map``,
:func:`write_extraction` (and :func:`join_acled`) for ``geo extract``,
:func:`zones_around` for ``geo zone`` (its centre read by ``geo.center``).
Problems that do not stop the work come back as lines for the caller to show.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo import __version__
from geo.center import Center, resolve_center
from geo.errors import OutputError
from geo.features import dumps, feature, feature_collection, loads, write_collection
from geo.read.inputs import Inputs, combine
from geo.relations import relate
from geo.support.collector import collector_paused
from geo.support.output import atomic_file, write_atomic
from geo.units import format_distance, parse_radius, parse_tolerance
from geo.zones import check_center, geodesic_rings

if TYPE_CHECKING:
    from geo.geocode.gazetteer import Gazetteer
    from geo.geocode.protocol import Geocoder
    from geo.read.events import EventTable
    from geo.render.layout import Layout

# How a function that may need the gazetteer gets it, only when it does: by
# default the process's shared one (``geo.geocode.gazetteer.default_gazetteer``).
GazetteerLoader = Callable[[], "Gazetteer"]

# What a print map is written as; everything else a map writes is HTML.
PRINT_FORMATS = (".png", ".svg", ".pdf")
HTML_FORMATS = (".html", ".htm")


# --------------------------------------------------------------------------
# geo map
# --------------------------------------------------------------------------


def check_map_output(output: Path, *, embed: bool = False) -> None:
    """Raise OutputError when ``output`` is no kind of map ``geo map`` writes."""
    suffix = output.suffix.lower()
    if suffix not in (*HTML_FORMATS, *PRINT_FORMATS):
        raise OutputError(
            f"{output}: geo map writes .html (interactive) or .png, .svg, .pdf (print)"
        )
    if embed and suffix in PRINT_FORMATS:
        raise OutputError(f"{output}: --embed makes an HTML fragment; write it to a .html file")


def map_collection(
    inputs: Inputs,
    *,
    online: Geocoder | None = None,
    load_gazetteer: GazetteerLoader | None = None,
) -> tuple[dict, list[str]]:
    """Return the FeatureCollection a map draws, and the problems met making it.

    The articles of ``inputs`` are extracted (read one at a time) and join its
    GeoJSON and ACLED collections; what derives from the facts (rings,
    distances, inside or outside) is computed again, so a collection edited by
    hand stays consistent. The problems are those of files read as their turn
    came and of the extraction; ``inputs.problems`` holds those met before.
    ``online`` is asked for the names the gazetteer cannot place (see
    ``geo.extract.batch.extract``); ``load_gazetteer`` is called only if
    there are articles to read.
    """
    from geo.extract.batch import extract_batch

    collections = list(inputs.collections)
    shown = len(inputs.problems)
    problems: list[str] = []
    if inputs.articles:
        gazetteer = load_gazetteer() if load_gazetteer is not None else None
        result = extract_batch(inputs.articles, gazetteer, online=online, pins=inputs.pins)
        problems = inputs.problems[shown:] + result.problems
        # The contract exactly as `geo extract` writes it, so a map made in one
        # step and one made through a GeoJSON file are the same bytes.
        collections.append(loads(dumps(result.collection()), "extraction"))
    # Hundreds of thousands of small dicts and lists, none in a cycle: the
    # collector would walk them again and again for nothing.
    with collector_paused(keep=True):  # (kept to the end too: frozen after)
        return relate(combine(collections)), problems


def drawn_kinds(collection: dict, events: EventTable | None = None) -> dict[str, int]:
    """Return how many features of each kind (and ``events``) have a geometry to draw."""
    kinds: dict[str, int] = {"incident": len(events)} if events is not None and len(events) else {}
    for f in collection["features"]:
        if f.get("geometry") is not None:
            kind = f["properties"]["kind"]
            kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def map_title(collection: dict, lang: str = "en", events: EventTable | None = None) -> str:
    """Return the title a map takes when none is given: how many reports it draws from.

    In ``lang``, the language of the map's interface; ``events`` are drawn beside
    the collection's features.
    """
    from geo.render.strings import Words

    w = Words(lang)
    documents = [d["id"] for d in collection["geo"]["documents"]]
    count = len(set(documents))
    features = collection.get("features") or []
    extra = len(events) if events is not None else 0
    acled = sum(1 for f in features if f["properties"].get("origin") == "acled") + extra
    if acled and acled == len(features) + extra:
        # An ACLED export: its events, from the files they came in.
        names = ", ".join(dict.fromkeys(documents)) if count <= 2 else w.n("titleFiles", count)
        return w.n("titleEvents", acled, names=names)
    if not count:
        return w("titleNoReports")
    return w.n("titleReports", count)


def write_map(
    collection: dict,
    output: Path,
    *,
    title: str,
    embed: bool = False,
    layout: Layout | None = None,
    print_page: dict[str, Any] | None = None,
    events: EventTable | None = None,
) -> None:
    """Write the map of a related collection: HTML, or a print map by ``output``'s suffix.

    ``layout``: how the HTML map is laid out; ``print_page`` holds a print map's
    ``page``, ``dpi`` and ``bounds`` (see ``geo.render.static.render_static``).
    ``events``, drawn beside the collection's features, are for an HTML map only.
    """
    check_map_output(output, embed=embed)
    if output.suffix.lower() in PRINT_FORMATS:
        if events is not None:
            raise ValueError("a print map draws features: turn the events into them first")
        from geo.render.static import render_static

        render_static(collection, output, title=title, **(print_page or {}))
        return
    # Imported here, so a print map never loads folium and the HTML map's modules.
    from geo.render.html import render_html

    with collector_paused():  # the page's columns: many objects, no cycles
        page = render_html(collection, title=title, embed=embed, layout=layout, events=events)
    write_atomic(output, page)


# --------------------------------------------------------------------------
# geo extract
# --------------------------------------------------------------------------


def write_extraction(finished: Any, output: Path | None, format: str | None = None) -> None:
    """Write an extraction to ``output`` (stdout when None) in the format its suffix names.

    ``format`` (a key of ``geo.export.FORMATS``) says it when the suffix does
    not. GeoJSON (the default on stdout, ``.geojson``) is written one feature
    at a time, so a batch of any size fits in memory; ``.gpkg``, ``.kml``,
    ``.csv``, ``.parquet`` and ``.fgb`` go through :mod:`geo.export`.
    """
    from geo.export import export_bytes, output_format

    kind = output_format(output, format)
    if output is None:
        if sys.stdout is None:
            raise OutputError("there is no standard output to write to; use -o FILE")
        out = sys.stdout.buffer
        if kind == "geojson":
            _stream(finished, lambda text: out.write(text.encode("utf-8")))
        else:
            out.write(export_bytes(finished.collection(), kind))
        out.flush()
    elif kind == "geojson":
        try:
            with atomic_file(output) as handle:
                _stream(finished, lambda text: handle.write(text.encode("utf-8")))
        except OSError as exc:
            raise OutputError(f"{output}: cannot write ({exc.strerror or exc})") from exc
    else:
        write_atomic(output, export_bytes(finished.collection(), kind))


def _stream(finished: Any, write: Callable[[str], Any]) -> None:
    write_collection(write, finished.features(), {"geo": finished.meta}, indent=1)


class Joined:
    """An extraction joined with ACLED events, written as :func:`write_extraction` writes one."""

    def __init__(self, collection: dict) -> None:
        self._collection = collection
        self.meta = collection["geo"]

    def features(self) -> Iterator[dict]:
        """Yield the features: the articles' first, then the ACLED incidents."""
        return iter(self._collection["features"])

    def collection(self) -> dict:
        """Return the whole FeatureCollection."""
        return self._collection


def join_acled(finished: Any | None, events: list[dict]) -> Any:
    """Return the extraction ``finished`` (None: no article) with ACLED ``events`` joined.

    ``events`` are collections ``geo.read.acled.read_acled`` made. The result
    is in the contract ``geo extract`` writes (version, documents, attribution,
    findings), related again so an ACLED incident inside an article's zone
    says so; an event given twice is kept once. Without events, ``finished``
    itself is returned, so an extraction of articles alone is written exactly
    as before, one feature at a time.
    """
    if not events:
        return finished
    parts = list(events)
    if finished is not None:
        # Through its text, as `geo map` reads it: a map of the written file is this map.
        parts.insert(0, loads(dumps(finished.collection()), "extraction"))
    joined = combine(parts)
    joined["geo"] = {"version": __version__, **joined["geo"]}
    return Joined(relate(joined))


# --------------------------------------------------------------------------
# geo zone
# --------------------------------------------------------------------------


def zones_around(
    center: str | Center,
    radii: list[str] | tuple[str, ...],
    tolerance: str = "1 m",
    *,
    load_gazetteer: GazetteerLoader | None = None,
) -> dict:
    """Return geodesic zones around ``center``, one per radius text.

    ``center`` is a name or a position as ``geo.center.resolve_center`` reads
    them (``LON,LAT``, ``33.5N 38.6E``), or what it returned, whose notes the
    caller has shown. One radius gives a Feature, several a
    FeatureCollection; the same radius asked twice ("5 km", "5000 m") is one ring.
    """
    if isinstance(center, str):
        center = resolve_center(center, load_gazetteer=load_gazetteer)
    name, lon, lat = center.name, center.lon, center.lat
    check_center(lon, lat)
    asked: dict[float, tuple[float, str, float, str]] = {}
    for text in radii:
        value, unit, radius_m = parse_radius(text)
        asked.setdefault(radius_m, (value, unit, radius_m, text))
    parsed = list(asked.values())
    tolerance_m = parse_tolerance(tolerance)
    rings = geodesic_rings(
        [(lon, lat)] * len(parsed), [p[2] for p in parsed], tolerance_m=tolerance_m
    )
    features = [
        feature(
            ring,
            {
                "kind": "zone",
                "center": name,
                "center_lonlat": [lon, lat],
                "radius_m": radius_m,
                "label": format_distance(radius_m),
                "tolerance_m": tolerance_m,
                "reported": {"value": value, "unit": unit, "text": text},
                "sources": [],
            },
        )
        for (value, unit, radius_m, text), ring in zip(parsed, rings, strict=True)
    ]
    return features[0] if len(features) == 1 else feature_collection(features)
