"""How long the print map takes: the seed map and ACLED-like exports, on an A4 page.

    .venv/bin/python benchmarks/print_scale.py [--rows 5000] [--keep DIR]

The ACLED-like CSV (:func:`write_acled_csv`) is shaped like a real export of
Syria and Iraq: every column of the codebook, events at the coordinates of
real towns (ACLED codes an event at its town, so many share one position),
the larger towns more often, and at villages around them, ACLED's event and
sub-event types in its usual mix. Each map is made by the ``geo map`` command,
as a user makes it, and timed from start to written file (Python's start-up and imports included).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from map_scale import EVENT_TYPES  # noqa: E402  (the same mix of ACLED types)

from geo.read.acled_file import COLUMNS  # noqa: E402
from geo.render.basemap import towns_in  # noqa: E402

BOX = (35.5, 31.0, 46.0, 37.5)  # west, south, east, north: Syria and northern Iraq
TYPE_WEIGHTS = (45, 25, 14, 8, 5, 3)
ACTORS = ["Military Forces of Syria", "Islamic State", "SDF", "Military Forces of Turkey"]


def write_acled_csv(path: Path, rows: int, seed: int = 14) -> Path:
    """Write an ACLED-like export of ``rows`` events to ``path``; return ``path``."""
    rnd = random.Random(seed)
    towns = towns_in(BOX, min_population=15_000)
    # ACLED codes many events at villages: a few around each town, each its own position.
    villages = [
        (
            round(lat + rnd.uniform(-0.3, 0.3), 4),
            round(lon + rnd.uniform(-0.3, 0.3), 4),
            2_000,
            f"{name} countryside {k + 1}",
        )
        for lat, lon, _, name in towns
        for k in range(6)
    ]
    # The larger the town, the more events are coded there (as in real exports).
    sites = towns + villages
    weights = [max(t[2], 2_000) ** 0.6 for t in sites]
    types = list(EVENT_TYPES)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, fieldnames=COLUMNS)
        out.writeheader()
        for k in range(rows):
            lat, lon, _, name = rnd.choices(sites, weights)[0]
            event = rnd.choices(types, TYPE_WEIGHTS)[0]
            sub = rnd.choice(EVENT_TYPES[event])
            day = dt.date(2017, 1, 1) + dt.timedelta(days=rnd.randrange(365))
            actor1, actor2 = rnd.sample(ACTORS, 2)
            out.writerow(
                {
                    "event_id_cnty": f"SYR{k:06d}",
                    "event_date": day.strftime("%d %B %Y"),
                    "year": day.year,
                    "time_precision": 1,
                    "disorder_type": "Political violence",
                    "event_type": event,
                    "sub_event_type": sub,
                    "actor1": actor1,
                    "actor2": actor2,
                    "iso": 760,
                    "region": "Middle East",
                    "country": "Syria" if lon < 41.5 else "Iraq",
                    "admin1": name,
                    "location": name,
                    "latitude": f"{lat:.4f}",
                    "longitude": f"{lon:.4f}",
                    "geo_precision": 1,
                    "source": rnd.choice(["SOHR", "Reuters", "Shafaq News"]),
                    "source_scale": "National",
                    "notes": f"On {day:%d %B %Y}, {actor1} and {actor2}: {sub.lower()} in {name}.",
                    "fatalities": rnd.choice([0, 0, 0, 1, 2, 5]),
                    "timestamp": 1_500_000_000 + k,
                }
            )
    return path


def timed_map(inputs: list[str], output: Path, *extra: str) -> float:
    """Return the seconds ``geo map INPUTS -o OUTPUT EXTRA`` took."""
    start = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "geo"), "map", *inputs, "-o", str(output), "-q", *extra],
        check=True,
        cwd=ROOT,
    )
    return time.perf_counter() - start


# The plain way: geopandas and matplotlib, the export read as points and drawn over
# the countries on an A4 landscape figure at 300 dpi, in a process of its own.
PLAIN = """
import sys, time
t0 = time.perf_counter()
import geopandas as gpd, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
rows = pd.read_csv(sys.argv[1])
points = gpd.GeoDataFrame(rows, geometry=gpd.points_from_xy(rows.longitude, rows.latitude),
                          crs="EPSG:4326")
land = gpd.read_file(sys.argv[3])
fig, ax = plt.subplots(figsize=(11.69, 8.27))
west, south, east, north = points.total_bounds
land.plot(ax=ax, color="#f2f0eb", edgecolor="#888888", linewidth=0.5)
points.plot(ax=ax, column="event_type", markersize=6, legend=True)
ax.set_xlim(west - 0.5, east + 0.5); ax.set_ylim(south - 0.5, north + 0.5)
ax.set_title("ACLED events")
fig.savefig(sys.argv[2], dpi=300)
"""


def timed_plain(csv_path: Path, out: Path) -> float:
    """Return the seconds the plain geopandas script takes, start-up included."""
    land = ROOT / "data" / "naturalearth" / "countries-110m.geojson"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", PLAIN, str(csv_path), str(out), str(land)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--keep", type=Path, default=None, help="write the maps here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        where = args.keep or Path(scratch)
        where.mkdir(parents=True, exist_ok=True)
        a4 = ("--size", "A4", "--orientation", "landscape")
        seconds = timed_map(["seeds"], where / "seeds_a4.png", *a4)
        print(f"seed map, A4 landscape PNG at 300 dpi: {seconds:.1f} s")
        acled = write_acled_csv(where / f"acled_{args.rows}.csv", args.rows)
        seconds = timed_map([str(acled)], where / f"acled_{args.rows}_a4.png", *a4)
        print(f"ACLED-like CSV of {args.rows:,} rows, A4 landscape PNG at 300 dpi: {seconds:.1f} s")
        plain = timed_plain(acled, where / f"acled_{args.rows}_plain.png")
        print(
            f"  the plain way (geopandas .plot of the points over the countries, no labels,"
            f" inset, counts or hexagons), same page: {plain:.1f} s"
        )


if __name__ == "__main__":
    main()
