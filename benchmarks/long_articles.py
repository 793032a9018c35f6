"""How the time to extract one article grows with its length: 10 KB, 100 KB and 1 MB.

Run: .venv/bin/python benchmarks/long_articles.py [--runs 3] [--sizes 10000,100000,1000000]

Every stage of extraction must be close to linear in the article's length:
a scraped page with no full stops is one "sentence" of megabytes, and a
reading that is quadratic in a sentence's length stalls a whole batch on it.
For each kind of text below, one article of each size is extracted (in this
process, after the gazetteer is loaded), best and worst of ``--runs``; the
last column is the time per KB at the largest size over the time per KB at
the smallest (1.0 is linear; the cubic reading of earlier versions took
minutes at 25 KB and never finished a megabyte).

Beside it, the plain way measured in the same run: one pass of a regular
expression splitting the same text into words, the least any reading of
every word costs.

The kinds of text:

- prose: the dev set's sentences recombined (tests/fixtures/devset);
- run-on: the issue's sentence repeated with commas and no full stop
  ("A drone strike hit At Tanf on Thursday near Aleppo and Homs, ");
- reports: the scale benchmarks' varied reports (benchmarks/corpus.py) run together;
- towns: a comma-separated list of thousands of distinct GeoNames towns;
- dense: event words, places, dates, radii and parties with no punctuation;
- hyphens: a run of words joined by hyphens, with no space at all
  ("attacked-Aleppo-on-Monday-attacked-..."), as some scrapes give.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUN_ON = "A drone strike hit At Tanf on Thursday near Aleppo and Homs, "
DENSE = (
    "drone strike air strike shelled struck hit attacked fired at shot down At Tanf Aleppo "
    "Homs Kharkiv Hodeidah Russian forces Houthi forces coalition aircraft on Thursday "
    "June 8 a 55-kilometre zone around Damascus 34 miles said near "
).split(" ")


def texts(size: int, seed: int = 1) -> dict[str, str]:
    """Return one text of about ``size`` characters of each kind."""
    from benchmarks.corpus import make_reports
    from benchmarks.extraction_speed import devset_sentences
    from geo.geocode.gazetteer import default_gazetteer

    rng = random.Random(seed)

    def fill(pieces: list[str], sep: str) -> str:
        out, n = [], 0
        while n < size:
            piece = rng.choice(pieces)
            out.append(piece)
            n += len(piece) + len(sep)
        return sep.join(out)[:size]

    towns = sorted(
        {p.name for p in default_gazetteer().places if p.population >= 20_000 and p.name.isascii()}
    )
    reports = [r.split("\n", 1)[1] for r in make_reports(max(4, size // 3000 + 1), seed=seed)]
    return {
        "prose": fill(devset_sentences(), " "),
        "run-on": (RUN_ON * (size // len(RUN_ON) + 1))[:size],
        "reports": "\n\n".join(reports)[:size],
        "towns": fill(towns, ", "),
        "dense": fill([w for w in DENSE if w], " "),
        "hyphens": ("attacked-Aleppo-on-Monday-" * (size // 26 + 1))[:size],
    }


def time_extract(text: str, runs: int) -> tuple[float, float]:
    """Return the best and worst seconds to extract ``text`` as one article."""
    from geo.extract.batch import extract
    from geo.read.articles import article_from_text

    times = []
    for _ in range(runs):
        article = article_from_text("date 2017-06-08 " + text, "long.txt")
        start = time.perf_counter()
        extract([article], progress=False)
        times.append(time.perf_counter() - start)
    return min(times), max(times)


def time_words(text: str, runs: int) -> float:
    """Return the best seconds of one regular-expression pass over the words of ``text``."""
    word = re.compile(r"\w+")
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        sum(1 for _ in word.finditer(text))
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    from geo.geocode.gazetteer import default_gazetteer

    default_gazetteer()  # loaded once, not timed
    by_size = {size: texts(size) for size in sizes}
    kinds = list(by_size[sizes[0]])
    print(f"Seconds to extract one article (best-worst of {args.runs} runs), and ms per KB")
    header = f"{'text':<9}" + "".join(f"| {s // 1000:>7,} KB {'':>13}" for s in sizes)
    print(header + "| per KB, largest/smallest")
    print("-" * len(header) + "-" * 26)
    for kind in kinds:
        row, per_kb = f"{kind:<9}", []
        for size in sizes:
            best, worst = time_extract(by_size[size][kind], args.runs)
            per_kb.append(best / (size / 1000))
            row += f"| {best:6.2f}-{worst:5.2f} s {per_kb[-1] * 1000:6.2f} ms "
        print(row + f"| {per_kb[-1] / per_kb[0]:5.2f}")
    row = f"{'words':<9}"
    for size in sizes:
        best = time_words(by_size[size]["prose"], args.runs)
        row += f"| {best:6.3f} s        {best / (size / 1000) * 1000:6.3f} ms "
    print(row + "| (the plain way: one regex pass over the words)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
