"""How fast `geo extract` starts and reads news, beside a naive gazetteer scan.

Run: .venv/bin/python benchmarks/extraction_speed.py [--articles 1000] [--seed 20240128]

Everything runs on one core (the process is pinned to one CPU, and numerical
libraries to one thread). Measured in this run:

- start-up: a fresh Python process that loads the gazetteer from a warm cache
  (the index already built in a temporary cache folder), best of three: the
  load itself, timed inside the process, and the whole process, interpreter
  and imports included;
- extract: 1,000 articles of about 500 words, made by recombining the dev
  set's sentences (tests/fixtures/devset) with a fixed random seed, each with a
  publication date; articles per second when each article is extracted on its
  own (a stream), and when all go through one `extract` call (places,
  zones and incidents merged across articles); the gazetteer loaded as
  `geo extract` loads it (kept out of the garbage collector's sight), each
  way timed over ``--runs`` passes and given as the slowest to the fastest;
- naive: one compiled regular expression per gazetteer name, every pattern
  run over every article. Compiling and running ~666,000 patterns is out of
  reach, so it is built for the ~500 most populous names plus every name of the
  domain supplement (data/gazetteer.csv), timed on the same articles, and the
  cost extrapolated linearly to the full gazetteer's number of names. A second
  measurement with ten times the patterns (on fewer articles) checks that the
  cost does grow linearly. The naive figures only find names: no
  disambiguation, radii, dates or incidents, so they flatter the naive way.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "fixtures" / "devset"
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
WORDS_PER_ARTICLE = 500
NAIVE_TOP = 500
NAIVE_CHECK_FACTOR = 10
NAIVE_CHECK_ARTICLES = 100


def pin_to_one_core() -> str:
    """Pin this process (and the processes it starts) to one CPU; return which."""
    for var in THREAD_VARS:
        os.environ[var] = "1"
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"CPU {cpu} of {os.cpu_count()}"
    except (AttributeError, OSError):  # not Linux: say so rather than pretend
        return "not pinned (no sched_setaffinity here)"


# --------------------------------------------------------------------------- articles

_TAG = re.compile(r"<[^>]*>|<!--.*?-->", re.S)
_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[A-Z\"“‘(])|\n\s*\n")


def devset_sentences(folder: Path = DEVSET) -> list[str]:
    """Return the sentences of the dev set's article bodies (markup and entities removed)."""
    from geo.read.articles import read_articles

    articles, _ = read_articles([folder])
    result = []
    for article in articles:
        body = html.unescape(_TAG.sub(" ", article.body))
        for piece in _SPLIT.split(body):
            sentence = " ".join(piece.split())
            if len(sentence.split()) >= 4:
                result.append(sentence)
    return result


def make_articles(count: int, seed: int, sentences: list[str]) -> list[str]:
    """Return ``count`` texts of about 500 words, recombined from ``sentences``, seeded."""
    rng = random.Random(seed)
    first, span = dt.date(2017, 1, 1), (dt.date(2024, 12, 31) - dt.date(2017, 1, 1)).days
    texts = []
    for _ in range(count):
        chosen, words = [], 0
        while words < WORDS_PER_ARTICLE:
            sentence = rng.choice(sentences)
            chosen.append(sentence)
            words += len(sentence.split())
        paragraphs, i = [], 0
        while i < len(chosen):
            size = rng.randint(2, 4)
            paragraphs.append(" ".join(chosen[i : i + size]))
            i += size
        published = first + dt.timedelta(days=rng.randrange(span))
        texts.append(f"date {published.isoformat()} " + "\n\n".join(paragraphs) + "\n")
    return texts


# --------------------------------------------------------------------------- start-up

_STARTUP = """
import json, time
t0 = time.perf_counter()
from geo.geocode.gazetteer import default_gazetteer
default_gazetteer()
t1 = time.perf_counter()
from geo.read.articles import article_from_text
from geo.extract.batch import extract
extract([article_from_text("Drones struck the At Tanf garrison on Monday.", "x.txt")])
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "first_extract": t2 - t0}))
"""


def startup_times(cache: str, runs: int = 3) -> dict:
    """Return best-of-``runs`` start-up times of fresh processes with a warm cache."""
    env = {**os.environ, "GEO_CACHE_DIR": cache}
    subprocess.run([sys.executable, "-c", _STARTUP], check=True, env=env, capture_output=True)
    best: dict[str, float] = {}
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", _STARTUP], check=True, env=env, capture_output=True, text=True
        )
        wall = time.perf_counter() - start
        inside = json.loads(out.stdout.strip().splitlines()[-1])
        for key, value in {**inside, "process": wall}.items():
            best[key] = min(best.get(key, value), value)
    return best


# --------------------------------------------------------------------------- naive


def gazetteer_names() -> tuple[list[tuple[int, str]], list[str], int, str]:
    """Return (population, name) of GeoNames, the supplement's names, and the total name count.

    The total counts every distinct name and alternate name of every place, as
    the gazetteer indexes them (before normalisation).
    """
    from geo.geocode.index import SUPPLEMENT_FILE, geonames_places, read_supplement
    from geo.support.paths import data_dir

    geonames = geonames_places()
    supplement = read_supplement(data_dir() / SUPPLEMENT_FILE)
    ranked = [(p.population, p.name) for p in geonames]
    domain = sorted({n for p in supplement for n in (p.name, *p.alternate_names)})
    total = sum(len({p.name, *p.alternate_names}) for p in geonames + supplement)
    return ranked, domain, total, "GeoNames names and alternate names plus the supplement's"


def naive_patterns(names: list[str]) -> tuple[list[re.Pattern], float]:
    """Return one compiled pattern per name, and the seconds compiling took.

    Case-sensitive, the name's literal first so the regex engine can use its
    fast literal search (a leading ``\\b`` or look-behind makes it some 40 times
    slower); the word boundary before the name is checked on each match.
    """
    re.purge()  # no help from re's cache of compiled patterns
    start = time.perf_counter()
    patterns = [re.compile(re.escape(n) + r"(?!\w)") for n in names]
    return patterns, time.perf_counter() - start


def naive_scan(patterns: list[re.Pattern], texts: list[str]) -> tuple[float, int]:
    """Return (seconds, matches at a word start) for every pattern over every text."""
    found = 0
    start = time.perf_counter()
    for text in texts:
        for pattern in patterns:
            for m in pattern.finditer(text):
                at = m.start()
                if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):
                    found += 1
    return time.perf_counter() - start, found


def top_names(ranked: list[tuple[int, str]], count: int, skip: set[str]) -> list[str]:
    names: list[str] = []
    seen = set(skip)
    for _, name in sorted(ranked, key=lambda pn: -pn[0]):
        if name not in seen:
            seen.add(name)
            names.append(name)
            if len(names) == count:
                break
    return names


# --------------------------------------------------------------------------- main


def _rate_range(count: int, seconds: list[float]) -> str:
    """Return the slowest and fastest rate of the passes, "152.0 to 171.3"."""
    return f"{count / max(seconds):,.1f} to {count / min(seconds):,.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240128)
    parser.add_argument("--runs", type=int, default=3, help="passes over the articles")
    args = parser.parse_args(argv)
    core = pin_to_one_core()

    with tempfile.TemporaryDirectory() as cache:
        startup = startup_times(cache)
        os.environ["GEO_CACHE_DIR"] = cache
        from geo.extract.batch import extract
        from geo.geocode.gazetteer import default_gazetteer
        from geo.read.articles import article_from_text

        # Loaded as `geo extract` loads it: kept to the end of the process, out
        # of the garbage collector's sight (see geo.support.collector).
        default_gazetteer(freeze=True)
        sentences = devset_sentences()
        texts = make_articles(args.articles, args.seed, sentences)
        words = sum(len(t.split()) - 2 for t in texts) / len(texts)
        articles = [article_from_text(t, f"gen-{i:04d}.txt") for i, t in enumerate(texts)]
        extract(articles[:5])  # warm: lazy tables, caches

        streams, batches = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            counts = [0, 0, 0]
            for article in articles:
                for f in extract([article]).collection["features"]:
                    kind = f["properties"]["kind"]
                    counts[("place", "zone", "incident").index(kind)] += 1
            streams.append(time.perf_counter() - start)

            start = time.perf_counter()
            batch_features = len(extract(articles).collection["features"])
            batches.append(time.perf_counter() - start)

        ranked, domain, total_names, counted = gazetteer_names()
        names = domain + top_names(ranked, NAIVE_TOP, set(domain))
        patterns, compile_s = naive_patterns(names)
        scan_s, naive_found = naive_scan(patterns, texts)
        check_names = domain + top_names(ranked, NAIVE_TOP * NAIVE_CHECK_FACTOR, set(domain))
        check_patterns, check_compile = naive_patterns(check_names)
        check_texts = texts[:NAIVE_CHECK_ARTICLES]
        check_s, _ = naive_scan(check_patterns, check_texts)

    per_pattern_article = scan_s / (len(patterns) * len(texts))
    check_per = check_s / (len(check_patterns) * len(check_texts))
    full_scan = per_pattern_article * total_names  # seconds per article, all names
    full_compile = compile_s / len(patterns) * total_names

    print(
        "Extraction speed, one core "
        f"({core}; Python {sys.version.split()[0]}; {len(texts):,} articles of"
        f" {words:,.0f} words on average, seed {args.seed}, from"
        f" {len(sentences)} dev-set sentences)"
    )
    print()
    print("Start-up, fresh process, warm cache (best of 3)")
    print(f"  gazetteer load (timed in the process):     {startup['load']:6.2f} s")
    print(f"  to the first extraction (imports included): {startup['first_extract']:6.2f} s")
    print(f"  whole process (interpreter + imports):      {startup['process']:6.2f} s")
    print()
    print(f"geo.extract.batch.extract ({args.runs} passes: slowest to fastest)")
    print(
        f"  one call per article:  {_rate_range(len(texts), streams)} articles/s"
        f"  ({max(streams):.2f} to {min(streams):.2f} s; {counts[0]:,} places,"
        f" {counts[1]:,} zones, {counts[2]:,} incidents)"
    )
    print(
        f"  one call, all {len(texts):,}:  {_rate_range(len(texts), batches)} articles/s"
        f"  ({max(batches):.2f} to {min(batches):.2f} s; {batch_features:,} features after merging)"
    )
    print()
    print("Naive: one compiled regex per gazetteer name, every pattern over every article")
    print(
        f"  measured, {len(patterns):,} patterns ({NAIVE_TOP} most populous GeoNames names"
        f" + {len(domain)} supplement names):"
    )
    print(
        f"    compile {compile_s:6.2f} s; scan {len(texts) / scan_s:8,.1f} articles/s"
        f" ({scan_s:.2f} s, {naive_found:,} matches, no disambiguation)"
    )
    print(
        f"  check, {len(check_patterns):,} patterns on {len(check_texts)} articles:"
        f" {check_per * 1e6:.2f} us per pattern and article"
        f" (vs {per_pattern_article * 1e6:.2f} us above; compile {check_compile:.2f} s)"
    )
    print(
        f"  EXTRAPOLATED (not measured) to the full gazetteer, {total_names:,} names ({counted}):"
    )
    print(
        f"    compile ~{full_compile:,.0f} s; scan ~{1 / full_scan:,.2f} articles/s"
        f" (~{full_scan:,.1f} s per article)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
