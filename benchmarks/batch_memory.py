"""Peak memory and output size of `geo extract` on batches of 500, 2,000 and 10,000 reports.

Run: .venv/bin/python benchmarks/batch_memory.py [--sizes 500,2000,10000] [--zone-share 1.0]

A batch must cost memory close to linear in its size, with a small slope,
and write output linear in its features: before, every incident listed its
distance from every zone of the batch, and 2,000 reports that each give a
zone peaked at 6.4 GB. Here each batch is made of the varied reports of
benchmarks/corpus.py (ten theatres, a zone told in ``--zone-share`` of
the reports, about 3 KB each), written to a temporary folder, and given to
`geo extract FOLDER -o out.geojson` in a fresh process. Printed for each:
the peak resident memory of that process, its wall time, the output's size,
its features and bytes per feature; then the slope of peak memory per report
between consecutive sizes.

Beside it, the plain way measured in the same run: geopandas reading the
same output and writing it back as GeoJSON (``read_file`` + ``to_file``),
in a fresh process: what holding these features the usual way costs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Runs a command and prints its peak RSS (KB, from the kernel's own count) and seconds.
_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - start, code)
"""
_GEOPANDAS = """
import sys, geopandas
frame = geopandas.read_file(sys.argv[1])
frame.to_file(sys.argv[2], driver="GeoJSON")
"""


def measure(command: list[str]) -> tuple[float, float]:
    """Return (peak RSS in MB, seconds) of ``command`` run in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True
    )
    kb, seconds, code = out.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} failed with exit code {code}")
    return int(kb) / 1024, float(seconds)


def write_batch(folder: Path, count: int, zone_share: float, seed: int) -> None:
    from benchmarks.corpus import make_reports

    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(make_reports(count, seed=seed, zone_share=zone_share)):
        (folder / f"report-{i:06d}.txt").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,10000")
    parser.add_argument("--zone-share", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-plain", action="store_true", help="skip the geopandas figures")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    geo = [sys.executable, "-m", "geo.cli", "extract", "-q"]

    print(f"geo extract on varied reports, a zone in {args.zone_share:.0%} of them")
    print(
        f"{'reports':>8} | {'peak MB':>8} | {'seconds':>8} | {'output MB':>9} | {'features':>8}"
        f" | {'B/feature':>9} | {'plain: geopandas peak MB, s':>27}"
    )
    print("-" * 94)
    peaks: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory(prefix="geo-batch-") as tmp:
        for size in sizes:
            folder = Path(tmp) / f"batch-{size}"
            write_batch(folder, size, args.zone_share, args.seed)
            out = Path(tmp) / f"out-{size}.geojson"
            peak, seconds = measure([*geo, str(folder), "-o", str(out)])
            output_mb = out.stat().st_size / 1e6
            with open(out, encoding="utf-8") as handle:
                features = len(json.load(handle)["features"])
            plain = "skipped"
            if not args.no_plain:
                again = Path(tmp) / f"again-{size}.geojson"
                plain_run = [sys.executable, "-c", _GEOPANDAS, str(out), str(again)]
                p_peak, p_seconds = measure(plain_run)
                plain = f"{p_peak:8.0f} MB {p_seconds:7.1f} s"
                again.unlink()
            print(
                f"{size:>8,} | {peak:>8.0f} | {seconds:>8.1f} | {output_mb:>9.1f} | {features:>8,}"
                f" | {out.stat().st_size / max(features, 1):>9,.0f} | {plain:>27}"
            )
            peaks.append((size, peak))
            out.unlink()
    for (a, pa), (b, pb) in zip(peaks, peaks[1:], strict=False):
        slope = (pb - pa) * 1024 / (b - a)
        print(f"slope {a:,} -> {b:,} reports: {slope:.1f} KB of peak per report")
    return 0


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"(benchmark took {time.perf_counter() - started:.0f} s)")
    raise SystemExit(code)
