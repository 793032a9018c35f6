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

from geo.read.acled import COLUMNS  # noqa: E402
from geo.render.basemap import towns_in  # noqa: E402

BOX = (35.5, 31.0, 46.0, 37.5)  # west, south, east, north: Syria and northern Iraq
EVENT_TYPES = {
    "Explosions/Remote violence": [
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
    ],
    "Battles": ["Armed clash", "Government regains territory"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Strategic developments": ["Disrupted weapons use", "Looting/property destruction"],
    "Protests": ["Peaceful protest"],
    "Riots": ["Violent demonstration"],
}
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


if __name__ == "__main__":
    main()
