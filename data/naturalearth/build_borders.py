"""Build ``borders-50m.geojson``: the land border between each pair of neighbouring countries.

Usage, from the repository root (the same tarball as ``build.py``)::

    cd /tmp && npm pack world-atlas@2.0.2
    .venv/bin/python data/naturalearth/build_borders.py /tmp/world-atlas-2.0.2.tgz

In a TopoJSON topology two neighbours share the arcs of their common
boundary: an arc used by exactly two countries is part of the border between
them, taken as the data has it, with no geometric intersection to go wrong.
Each pair of countries is one feature: a MultiLineString of its arcs (joined
where they meet), with both countries' names and ISO codes. Coordinates are
snapped to 4 decimals as in ``build.py``, features sorted by their codes and
written one a line, so a rebuild from the same tarball gives the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import shapely
from shapely.geometry import MultiLineString, mapping

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import HERE, _rounded, alpha_codes, decode_arcs, dump, read_package  # noqa: E402


def arc_indices(obj: dict) -> list[int]:
    """Return the (non-negative) arc indices a country's polygons use."""
    polygons = [obj["arcs"]] if obj["type"] == "Polygon" else obj.get("arcs", [])
    return [i if i >= 0 else ~i for polygon in polygons for ring in polygon for i in ring]


def build(topology: dict, source: str) -> dict:
    """Return the shared borders of ``topology``'s countries as a FeatureCollection."""
    arcs = decode_arcs(topology)
    codes = alpha_codes()
    users: dict[int, list[dict]] = {}
    for obj in topology["objects"]["countries"]["geometries"]:
        if obj.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        for i in set(arc_indices(obj)):
            users.setdefault(i, []).append(obj)
    pairs: dict[tuple[str, str], tuple[list[dict], list[list]]] = {}
    for i, objs in users.items():
        if len(objs) != 2:
            continue  # a coast (one country) or a tripoint artefact
        a, b = sorted(objs, key=lambda o: o.get("id") or o["properties"]["name"])
        key = (a.get("id") or a["properties"]["name"], b.get("id") or b["properties"]["name"])
        pairs.setdefault(key, ([a, b], []))[1].append(arcs[i])
    features = []
    for (_, _), (objs, lines) in pairs.items():
        # Arcs of one border meet end to end: merged, a border is one line where it is one.
        merged = shapely.line_merge(MultiLineString(lines))
        parts = [merged] if merged.geom_type == "LineString" else list(merged.geoms)
        geometry = mapping(MultiLineString(parts))
        geometry = {"type": "MultiLineString", "coordinates": _rounded(geometry["coordinates"])}
        countries = []
        for obj in objs:
            numeric = obj.get("id")
            iso_a2 = codes.get(numeric, (None, None))[0] if numeric else None
            countries.append({"name": obj["properties"]["name"], "iso_a2": iso_a2})
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "countries": [c["name"] for c in countries],
                    "iso_a2": [c["iso_a2"] for c in countries],
                },
                "geometry": geometry,
            }
        )
    features.sort(
        key=lambda f: ([c or "" for c in f["properties"]["iso_a2"]], f["properties"]["countries"])
    )
    return {
        "type": "FeatureCollection",
        "source": source,
        "license": "Public domain (Natural Earth, naturalearthdata.com)",
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    """Return 0 after writing ``borders-50m.geojson``; the command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", type=Path, help="world-atlas-*.tgz from `npm pack world-atlas`")
    parser.add_argument("-o", "--output-dir", type=Path, default=HERE)
    args = parser.parse_args(argv)
    topologies, version = read_package(args.tarball)
    collection = build(
        topologies["50m"],
        f"Natural Earth 1:50m Admin 0 countries (v4.1.0), via npm world-atlas@{version}:"
        " the arcs each pair of neighbours shares",
    )
    path = args.output_dir / "borders-50m.geojson"
    path.write_text(dump(collection), encoding="utf-8")
    print(f"wrote {path} ({len(collection['features'])} borders)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
