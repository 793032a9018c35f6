"""How fast the offline gazetteer starts and answers, against a naive look-up.

Run: .venv/bin/python benchmarks/geocode_speed.py

Prints the time of the first call on a fresh install (the index built from
GeoNames and written to an empty cache folder), of later start-ups (the index
read back), the same two for the whole `geo geocode Aleppo` command, the names
per second `geo geocode -` answers in one process, and the same names looked
up the naive way (a scan of every GeoNames name, case folded, per query) for
comparison. All figures are measured in this run.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES = [r["query"] for r in csv.DictReader((ROOT / "tests/data/region_names.csv").open())]


def timed_start(cache: str) -> float:
    # Loaded as the commands load it (geo.cli.options.program_gazetteer).
    code = "from geo.geocode.gazetteer import Gazetteer; Gazetteer.load(freeze=True, fork=True)"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code], check=True, env={**os.environ, "GEO_CACHE_DIR": cache}
    )
    return time.perf_counter() - start


def timed_command(cache: str) -> float:
    """Return the seconds `geo geocode Aleppo` takes, start to exit, with ``cache``."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "geo.cli", "geocode", "Aleppo"],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "GEO_CACHE_DIR": cache},
    )
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as fresh:
        command_cold = timed_command(fresh)
        command_warm = min(timed_command(fresh) for _ in range(3))
    with tempfile.TemporaryDirectory() as cache:
        cold = timed_start(cache)
        warm = min(timed_start(cache) for _ in range(3))
        os.environ["GEO_CACHE_DIR"] = cache
        from geo.geocode.gazetteer import Gazetteer
        from geo.geocode.lookup import geocode_batch

        gazetteer = Gazetteer.load()
        queries = (NAMES * (20_000 // len(NAMES) + 1))[:20_000]
        start = time.perf_counter()
        answers = geocode_batch(queries, gazetteer=gazetteer)
        ours = len(queries) / (time.perf_counter() - start)
        found = sum(a["geometry"] is not None for a in answers)

        # The naive way: compare the query with every name and alternate name.
        names = [(p.name.casefold(), p) for p in gazetteer.places]
        sample = queries[:20]
        start = time.perf_counter()
        naive_found = sum(any(n == q.casefold() for n, _ in names) for q in sample)
        naive = len(sample) / (time.perf_counter() - start)

    print(f"first call on a fresh install (build + cache): {cold:6.2f} s")
    print(f"start-up with the cached index:                {warm:6.2f} s (best of 3)")
    print(f"`geo geocode Aleppo`, fresh install:           {command_cold:6.2f} s")
    print(f"`geo geocode Aleppo`, cached index:            {command_warm:6.2f} s (best of 3)")
    print(
        f"geo geocode, one process:     {ours:10,.0f} names/s ({found:,} of {len(queries):,} found)"
    )
    print(
        f"naive scan of primary names:  {naive:10,.0f} names/s"
        f" ({naive_found} of {len(sample)} found,"
        " no spelling variants)"
    )


if __name__ == "__main__":
    main()
