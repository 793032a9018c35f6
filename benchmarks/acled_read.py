"""How long reading an ACLED export takes: geo's reader beside pandas + geopandas.

    .venv/bin/python benchmarks/acled_read.py [--rows 100000] [--bad-every 0] [--keep DIR]

Writes an ACLED-like CSV (:func:`write_acled_csv`: every column of the
codebook, notes of 200-400 characters, a few dozen actors, events at real
towns of Syria and Iraq and at villages around them), then reads it in a
fresh process each way and prints the seconds and the peak memory (maximum
resident set size) of each:

* ``geo``: ``geo.read.inputs.read_inputs`` on the file, what ``geo map`` and
  ``geo extract`` do with it (read, check every row, make the incidents);
* ``plain``: ``pandas.read_csv`` and ``geopandas.points_from_xy`` into a
  GeoDataFrame, which checks nothing and makes no incidents.

Each process's time includes Python's start-up and its imports. A million rows
of this export are some 520 MB, within the 2 GB limit of an ACLED export.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from map_scale import EVENT_TYPES  # noqa: E402  (ACLED's types and sub-event types)
from print_scale import BOX, TYPE_WEIGHTS  # noqa: E402

from geo.read.acled_file import COLUMNS  # noqa: E402
from geo.render.basemap import towns_in  # noqa: E402

ACTORS = [
    f"{force} {country}" if force.endswith(" of") else f"{force} ({country})"
    for country in ("Syria", "Iraq", "Turkey", "Iran", "Russia")
    for force in (
        "Military Forces of", "Police Forces of", "Unidentified Armed Group",
        "Islamic State", "Civilians", "Protesters", "Rioters",
    )
] + ["SDF: Syrian Democratic Forces", "HTS: Hayat Tahrir al Sham", "Hezbollah", "PKK"]  # fmt: skip
OUTLETS = ["SOHR", "Reuters", "Shafaq News", "Rudaw", "SANA", "Enab Baladi", "Kurdistan 24"]
# Sentences a note is built from until it is 200-400 characters long.
SENTENCES = [
    "On {day}, {actor1} {verb} {actor2} in {place} ({admin}).",
    "{count} people were reported killed and several others wounded, according to local sources.",
    "The attack took place near the main road leading out of {place}, close to a checkpoint.",
    "Property damage was reported to houses and a school in the area.",
    "{actor2} later claimed responsibility in a statement circulated online.",
    "Fatalities coded as {count}; figures from {outlet} could not be independently verified.",
    "Residents said the shelling continued intermittently through the night.",
]
VERBS = ["clashed with", "shelled positions of", "struck", "ambushed", "attacked"]


def _notes(rnd: random.Random, **words: object) -> str:
    text = SENTENCES[0].format(**words)
    while len(text) < 200:
        text += " " + rnd.choice(SENTENCES[1:]).format(**words)
    return text[:400]


def write_acled_csv(path: Path, rows: int, *, seed: int = 15, bad_every: int = 0) -> Path:
    """Write an ACLED-like export of ``rows`` events to ``path``; return ``path``.

    With ``bad_every`` N, every Nth row has one of ACLED's usual defects (a
    coordinate that is not a number, a date that is not one, a missing field,
    a repeated event id, an empty line).
    """
    rnd = random.Random(seed)
    towns = towns_in(BOX, min_population=15_000)
    villages = [
        (round(lat + rnd.uniform(-0.3, 0.3), 4), round(lon + rnd.uniform(-0.3, 0.3), 4),
         2_000, f"{name} countryside {k + 1}")
        for lat, lon, _, name in towns
        for k in range(6)
    ]  # fmt: skip
    sites = towns + villages
    weights = [max(t[2], 2_000) ** 0.6 for t in sites]
    types = list(EVENT_TYPES)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS)
        for k in range(rows):
            lat, lon, _, name = rnd.choices(sites, weights)[0]
            event = rnd.choices(types, TYPE_WEIGHTS)[0]
            sub = rnd.choice(EVENT_TYPES[event])
            day = dt.date(2015, 1, 1) + dt.timedelta(days=rnd.randrange(3_000))
            actor1, actor2 = rnd.sample(ACTORS, 2)
            outlet = rnd.choice(OUTLETS)
            fatalities = rnd.choice([0, 0, 0, 1, 2, 5, 12])
            country = "Syria" if lon < 41.5 else "Iraq"
            admin = name.split(" countryside")[0]
            row = {
                "event_id_cnty": f"{country[:3].upper()}{k:07d}",
                "event_date": day.strftime("%d %B %Y"),
                "year": day.year,
                "time_precision": rnd.choice([1, 1, 1, 2, 3]),
                "disorder_type": "Political violence",
                "event_type": event,
                "sub_event_type": sub,
                "actor1": actor1,
                "assoc_actor_1": rnd.choice(["", "", "Tribal Militia"]),
                "inter1": rnd.randrange(1, 9),
                "actor2": actor2,
                "inter2": rnd.randrange(0, 9),
                "interaction": rnd.randrange(10, 90),
                "iso": 760 if country == "Syria" else 368,
                "region": "Middle East",
                "country": country,
                "admin1": admin,
                "admin2": admin,
                "location": name,
                "latitude": f"{lat:.4f}",
                "longitude": f"{lon:.4f}",
                "geo_precision": rnd.choice([1, 1, 2, 3]),
                "source": outlet,
                "source_scale": "National",
                "notes": _notes(
                    rnd,
                    day=f"{day:%d %B %Y}",
                    actor1=actor1,
                    actor2=actor2,
                    place=name,
                    admin=admin,
                    verb=rnd.choice(VERBS),
                    count=fatalities,
                    outlet=outlet,
                ),  # fmt: skip
                "fatalities": fatalities,
                "tags": rnd.choice(["", "", "crowd size=no report"]),
                "timestamp": 1_600_000_000 + k,
            }
            if bad_every and k % bad_every == bad_every - 1:
                defect = (k // bad_every) % 5
                if defect == 0:
                    row["latitude"] = "n/a"
                elif defect == 1:
                    row["event_date"] = "31 Juin 2017"
                elif defect == 2:
                    out.writerow([row.get(c, "") for c in COLUMNS][:-3])
                    continue
                elif defect == 3:
                    row["event_id_cnty"] = f"{country[:3].upper()}{k - 1:07d}"
                else:
                    handle.write("\r\n")
            out.writerow([row.get(c, "") for c in COLUMNS])
    return path


GEO = """
from geo.read.inputs import read_inputs
collections, _, problems = read_inputs((PATH,), None)
print(len(collections[0]["features"]), len(problems))
"""
PLAIN = """
import geopandas, pandas
frame = pandas.read_csv(PATH)
frame = geopandas.GeoDataFrame(
    frame, geometry=geopandas.points_from_xy(frame.longitude, frame.latitude), crs=4326
)
print(len(frame), 0)
"""


def timed(code: str, path: Path) -> tuple[float, float, str]:
    """Return the seconds and peak MiB of running ``code`` in a fresh Python, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code.replace("PATH", repr(str(path)))],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest of any child so far: run the lighter one first.
    return seconds, max(peak, before) / 1024, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--bad-every", type=int, default=0, help="make every Nth row bad")
    parser.add_argument("--keep", type=Path, help="write the CSV into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"acled_{args.rows}.csv"
        write_acled_csv(path, args.rows, bad_every=args.bad_every)
        print(f"{args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB")
        for name, code in (("plain", PLAIN), ("geo", GEO)):
            seconds, peak, out = timed(code, path)
            rows, problems = out.split()
            print(
                f"  {name:6}{seconds:7.1f} s {peak:8.0f} MiB peak  "
                f"{int(rows):,} rows, {int(problems):,} problems"
            )


if __name__ == "__main__":
    main()
