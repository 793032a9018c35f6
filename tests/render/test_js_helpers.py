"""The map runtime's helpers (geo/render/js/helpers.js) against the Python they mirror.

Python computes the expected values here and writes them to a JSON file;
``node --test tests/render/js/helpers.test.mjs`` loads helpers.js as it is and
compares. The test skips where Node is missing, except in CI (``CI=true`` or
``GEO_REQUIRE_BROWSER=1``), where that fails it.

The twins: ``period`` and ``isoDay`` are :func:`geo.render.dates.period` and
:func:`geo.render.dates.iso`; ``geodesic`` is pyproj's inverse geodesic on WGS84,
as :mod:`geo.zones` uses it; ``distanceText`` writes kilometres as
:func:`geo.render.popups.km` does, miles by :data:`geo.units.METRES_PER`; and
``latLonText`` writes a position as ``geo zone`` names a ``LON,LAT`` centre (with
a comma between the two).

Left out on purpose, because the two sides differ there, and geo's extraction and
ACLED reader never write such text (a hand-edited GeoJSON file could): impossible
calendar dates (``2023-02-29``, month 13; Python says None, the script rolls over to
a real day), years below 100 (the script's ``Date.UTC`` reads them as 19xx),
December 9999 as a month (Python's month end falls in year 10000, which ``datetime``
has not, so it says None), and what only Python's ``int`` accepts (``" 202"``,
``"2024-+1"``, digits of other scripts). Rounding of exact binary ties (12.25 km,
1/64 degree) differs too: the script rounds them up, Python to even. Inputs here are
not ties.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pyproj import Geod

from geo.render.assets import map_js
from geo.render.dates import iso, period
from geo.render.popups import km
from geo.units import METRES_PER

NODE_TEST = Path(__file__).parent / "js" / "helpers.test.mjs"
HELPERS = Path(__file__).parents[2] / "geo" / "render" / "js" / "helpers.js"
_GEOD = Geod(ellps="WGS84")
# Vincenty's series is good to well under a millimetre; where it cannot settle, near
# the antipode, the script takes a sphere, which its comment puts within 0.5 %.
_TOLERANCE_M = 0.001
_NEAR_ANTIPODE_M = 19_900_000
_SPHERE_SHARE = 0.005


def _node() -> str:
    path = shutil.which("node")
    if path:
        return path
    if os.environ.get("CI") == "true" or os.environ.get("GEO_REQUIRE_BROWSER") == "1":
        pytest.fail("Node.js (node) is not on PATH, and CI needs it for the script's tests")
    pytest.skip("Node.js (node) is not on PATH")


def _period_cases() -> list[list]:
    dates: list[str] = []
    for year in (100, 1000, 1582, 1899, 1900, 1969, 1970, 2000, 2023, 2024, 2100, 9998):
        dates.append(f"{year:04d}")
        for month in range(1, 13):
            dates.append(f"{year:04d}-{month:02d}")
            first, last = period(f"{year:04d}-{month:02d}", None) or (0, 0)
            # The first and last day of every month: month ends and 29 February.
            dates += [iso(first), iso(last)]
    dates += ["1970-01-01", "1969-12-31", "2017-06-08", "9999", "9999-11", "9999-11-30"]
    # Text both sides refuse.
    bad: list[str | None] = [
        "",
        "abc",
        "2024-1-01",
        "2024-01-1",
        "2024/01/01",
        "20240101",
        "2024-01-01T00:00",
        "2024-1",
        "24",
        "June 2017",
        None,
    ]
    cases = []
    for date in [*dates, *bad]:
        for precision in (None, "day", "week", "month", "year", "", "century"):
            cases.append([date, precision, period(date, precision)])
    return cases


def _geodesic_cases() -> list[list[float]]:
    pairs = [
        (0, 0, 0, 0),
        (33.5, 38.6, 33.5, 38.6),
        (33.5, 38.6, 33.51, 38.61),
        (45, 10, 45.000000001, 10),
        (1e-9, 0, 0, 0),
        # Across the antimeridian.
        (0, 179.9, 0, -179.9),
        (60, 179.5, 60, -179.5),
        (-16.5, 179.99, -16.4, -179.99),
        # Poles: along a meridian, over a pole, and one pole to itself.
        (90, 0, -90, 0),
        (89.9, 0, 89.9, 180),
        (90, 0, 90, 120),
        (-90, 0, 0, 0),
        (-89.99, -45, -89.99, 135),
        # Along the equator, where the azimuth is 90 degrees throughout.
        (0, 0, 0, 90),
        (0, 0, 0, 179),
        # Long ways: Damascus to Baghdad, Cape Town to London, London to Sydney.
        (33.5, 36.3, 33.3, 44.4),
        (-33.9, 18.4, 51.5, -0.1),
        (51.5, -0.13, -33.87, 151.2),
        # Nearly antipodal, where the iteration may not settle.
        (0, 0, 0, 179.4),
        (0, 0, 0, 179.5),
        (0, 0, 0.5, 179.7),
        (0, 0, 0, 180),
        (10, 20, -10, -160.1),
    ]
    rng = random.Random(11)
    for _ in range(150):
        pairs.append(
            (
                rng.uniform(-90, 90),
                rng.uniform(-180, 180),
                rng.uniform(-90, 90),
                rng.uniform(-180, 180),
            )
        )
    for _ in range(30):
        lat, lon = rng.uniform(-89, 89), rng.uniform(-180, 180)
        pairs.append((lat, lon, -lat + rng.uniform(-1, 1), lon + 180 + rng.uniform(-1, 1)))
    for _ in range(30):  # short legs, as a reader measures them
        lat, lon = rng.uniform(-80, 80), rng.uniform(-180, 180)
        pairs.append((lat, lon, lat + rng.uniform(-0.01, 0.01), lon + rng.uniform(-0.01, 0.01)))
    cases = []
    for lat1, lon1, lat2, lon2 in pairs:
        metres = _GEOD.inv(lon1, lat1, lon2, lat2)[2]
        within = _SPHERE_SHARE * metres if metres > _NEAR_ANTIPODE_M else _TOLERANCE_M
        cases.append([lat1, lon1, lat2, lon2, metres, within])
    return cases


def _distance_text(metres: float) -> str:
    miles = metres / METRES_PER["mi"]
    if metres < 1000:
        return f"{round(metres)} m ({miles:.2f} mi)"
    return f"{km(metres)} ({miles:,.{1 if metres < 100_000 else 0}f} mi)"


def _distance_cases() -> list[list]:
    metres = [
        0.0,
        0.4,
        1.0,
        12.3456,
        499.7,
        999.4,
        999.6,
        1000.0,
        1609.344,
        12_345.6,
        99_949.0,
        99_951.0,
        100_000.0,
        123_456.7,
        1_234_567.8,
        20_003_931.46,
    ]
    rng = random.Random(12)
    metres += [10 ** rng.uniform(-1, 7.3) for _ in range(200)]
    return [[m, _distance_text(m)] for m in metres]


def _lat_lon_text(lat: float, lon: float) -> str:
    lon = ((lon + 180) % 360 + 360) % 360 - 180
    return (
        f"{abs(lat):.5f}\u00b0 {'N' if lat >= 0 else 'S'}, "
        f"{abs(lon):.5f}\u00b0 {'E' if lon >= 0 else 'W'}"
    )


def _lat_lon_cases() -> list[list]:
    points = [
        (0.0, 0.0),
        (-0.0, -0.0),
        (33.50583, 38.61778),
        (-33.9, 18.4),
        (90.0, 180.0),
        (-90.0, -180.0),
        (12.3, 190.0),
        (12.3, -190.0),
        (45.0, 540.0),
        (-0.000001, 0.000001),
        (51.4778, -0.0015),
        (10.0, 359.999994),
    ]
    rng = random.Random(13)
    points += [(rng.uniform(-90, 90), rng.uniform(-540, 540)) for _ in range(100)]
    return [[lat, lon, _lat_lon_text(lat, lon)] for lat, lon in points]


def cases() -> dict[str, list]:
    """Return the inputs and the Python twins' answers, by helper."""
    periods = _period_cases()
    days = sorted({d for *_, p in periods if p for d in p} | {-719162, -1, 0, 1, 2932896})
    return {
        "period": periods,
        "isoDay": [[day, iso(day)] for day in days],
        "dayOf": [
            [date, p[0] if p else None] for date, precision, p in periods if precision is None
        ],
        "geodesic": _geodesic_cases(),
        "distanceText": _distance_cases(),
        "latLonText": _lat_lon_cases(),
    }


@pytest.mark.slow
def test_the_scripts_helpers_match_their_python_twins(tmp_path: Path) -> None:
    node = _node()
    data = tmp_path / "cases.json"
    data.write_text(json.dumps(cases()), encoding="utf-8")
    result = subprocess.run(
        [node, "--test", "--test-reporter=tap", str(NODE_TEST)],
        env={**os.environ, "GEO_JS_CASES": str(data)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    # Without the cases the Node test skips: make sure it really compared.
    assert re.search(r"^# fail 0$", result.stdout, re.MULTILINE), report
    assert re.search(r"^# skip(ped)? 0$", result.stdout, re.MULTILINE), report


def test_the_page_carries_the_helpers_inside_the_runtime_without_their_header() -> None:
    page = map_js()
    header, body = HELPERS.read_text(encoding="utf-8").split("*/\n", 1)
    # The page runs the code, not the comments for readers of helpers.js or ESLint.
    assert header.startswith("/*") and header not in page and "/* global" not in page
    indented = "".join(
        "  " + line if line.strip() else line
        for line in body.lstrip("\n").splitlines(keepends=True)
    )
    # Inside map.js's function (after its opening lines), in strict mode like the rest.
    assert page.index('  "use strict";\n  if (root.GeoMap)') < page.index(indented)
