"""Corpus tables of synthetic reports, as an archive comes: JSON Lines, CSV and Parquet.

The reports come from the repository's generators (``benchmarks.corpus``
for short varied wire reports, ``benchmarks.extraction_speed.make_articles``
for reports of about 500 words); this module only lays them out in files of
one report a row, the way a news archive is delivered, with a share of them
retold by other outlets (wire copy run again under another name), so that
one event has many sources, often in other files.

    .venv/bin/python benchmarks/corpus_files.py tests/fixtures/corpus_sample

writes the sample corpus the README's recipe and the tests use.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OUTLETS = ["Wire", "Regional Daily", "Defence Weekly", "Evening Post", "News Agency", "Monitor"]
_DATE_LINE = re.compile(r"\Adate (\d{4}-\d{2}-\d{2})\s*")
_SOURCE_LINE = re.compile(r"\n*Source » (.+)\n*\Z")


def rows_of(texts: list[str], *, seed: int, retold_share: float, prefix: str) -> list[dict]:
    """Return one row per report (text, date, url, outlet, id), some retold by other outlets.

    The date and outlet lines a generator writes into the text become columns,
    as an archive keeps them; a retelling is the same text under another outlet.
    """
    rng = random.Random(seed)
    rows = []
    for n, text in enumerate(texts):
        date = None
        if m := _DATE_LINE.match(text):
            date, text = m[1], text[m.end() :]
        outlet = rng.choice(OUTLETS)
        if m := _SOURCE_LINE.search(text):
            outlet, text = m[1], text[: m.start()] + "\n"
        rows.append(
            {
                "id": f"{prefix}-{n:06d}",
                "text": text,
                "date": date,
                "outlet": outlet,
                "url": f"https://news.example/{prefix}/{n}",
            }
        )
    retold = []
    for row in rows:
        if rng.random() < retold_share:
            other = rng.choice([o for o in OUTLETS if o != row["outlet"]])
            n = len(rows) + len(retold)
            retold.append(
                {**row, "id": f"{prefix}-{n:06d}", "outlet": other, "url": f"{row['url']}-{other}"}
            )
    # Retellings land anywhere in the archive: in other files, other parts.
    every = rows + retold
    rng.shuffle(every)
    return every


def write_jsonl(path: Path, rows: list[dict]) -> None:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0) if path.suffix == ".gz" else data)


def write_csv(path: Path, rows: list[dict]) -> None:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "date", "outlet", "url", "text"])
        writer.writeheader()
        writer.writerows(rows)


def write_parquet(path: Path, rows: list[dict], row_group: int = 10) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=row_group)


def write_sample(folder: Path, *, seed: int = 16) -> list[Path]:
    """Write the sample corpus: ~120 short reports in four files of three formats.

    Two rows are bad on purpose (one not JSON, one without text), to show how
    a bad row is named and skipped.
    """
    from benchmarks.corpus import make_report, theatre_towns

    rng = random.Random(seed)
    towns = theatre_towns()
    texts = [make_report(rng, towns, zone=rng.random() < 0.3, target_chars=500) for _ in range(90)]
    rows = rows_of(texts, seed=seed, retold_share=0.35, prefix="sample")
    folder.mkdir(parents=True, exist_ok=True)
    quarter = len(rows) // 4
    files = [
        folder / "reports-1.jsonl.gz",
        folder / "reports-2.jsonl",
        folder / "reports-3.csv",
        folder / "reports-4.parquet",
    ]
    write_jsonl(files[0], rows[:quarter])
    plain = rows[quarter : 2 * quarter]
    data = [json.dumps(r, ensure_ascii=False) for r in plain]
    data.insert(7, '{"id": "broken", "text": "An unfinished row')
    data.insert(15, json.dumps({"id": "empty", "text": "", "date": "2024-01-01"}))
    files[1].write_text("\n".join(data) + "\n", encoding="utf-8")
    write_csv(files[2], rows[2 * quarter : 3 * quarter])
    write_parquet(files[3], rows[3 * quarter :])
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    for path in write_sample(args.folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
