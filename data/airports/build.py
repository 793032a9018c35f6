"""Build ``airports.csv``, the airports and airbases a report can name, from PyPI airportsdata.

Usage, from the repository root::

    pip download --no-deps -d /tmp airportsdata==20260905
    .venv/bin/python data/airports/build.py /tmp/airportsdata-20260905-py3-none-any.whl

The wheel is read in place; nothing of it is kept but the rows below. Only
airports with an ICAO location indicator (four letters) are kept: the
package's other rows are private strips of North America and Australia with
a local code only, which war reports do not name. Columns: ``icao``,
``iata``, ``name``, ``city``, ``subdivision``, ``country`` (ISO alpha-2),
``latitude``, ``longitude``.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import zipfile
from pathlib import Path

_ICAO = re.compile(r"[A-Z]{4}")
COLUMNS = ["icao", "iata", "name", "city", "subdivision", "country", "latitude", "longitude"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="airportsdata-*.whl")
    args = parser.parse_args()
    with zipfile.ZipFile(args.wheel) as wheel:
        text = wheel.read("airportsdata/airports.csv").decode("utf-8")
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        if not _ICAO.fullmatch(row["icao"]):
            continue
        rows.append(
            [
                row["icao"],
                row["iata"],
                row["name"].strip(),
                row["city"].strip(),
                row["subd"].strip(),
                row["country"].strip(),
                f"{float(row['lat']):.5f}",
                f"{float(row['lon']):.5f}",
            ]
        )
    out = Path(__file__).with_name("airports.csv")
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(sorted(rows))
    print(f"{out}: {len(rows)} airports")


if __name__ == "__main__":
    main()
