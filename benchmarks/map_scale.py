"""How geo's HTML map scales: 100,000 incidents against plain folium, in one run.

    .venv/bin/python benchmarks/map_scale.py [--incidents 100000] [--keep DIR]

Both maps are built from the same synthetic FeatureCollection: incidents shaped
like geo's own (a date with its precision and basis, an ACLED event type and
sub-type, actors, a place, a summary cut from the source sentence, one or two
source sentences with their trigger words, and the distance to each of two
zones, as ``geo map`` computes them), every incident at its own random
position, the worst case for clustering. "plain folium" is what a folium user
writes for that collection: ``folium.GeoJson`` with a ``GeoJsonPopup`` of its
text fields.

Printed: build time (collection to HTML text, in this process), file size, and
for geo's page, in headless Chromium with no network, when the first cluster
marker was added (``performance.now()``, from the start of navigation: parsing
the page, reading the data block, clustering) and any JavaScript error.
The goals (issue #6): at most half folium's build time, at most 40 % of its
size, first clusters within 3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.features import feature, feature_collection, point  # noqa: E402
from geo.relations import relate  # noqa: E402
from geo.render import render_html  # noqa: E402

CENTRE = (38.61778, 33.50583)  # At Tanf garrison (lon, lat)
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
TYPE_WEIGHTS = (40, 25, 15, 10, 6, 4)
BOX = (35.0, 29.0, 48.0, 38.0)  # west, south, east, north: Syria, Iraq, Jordan
ERROR_PROBE = (
    "<script>window.__geoErrors=[];window.addEventListener('error',function(e)"
    "{window.__geoErrors.push(String(e.message))});</script>"
)
RESULT_PROBE = """<script>
window.addEventListener('load', function () {
  setTimeout(function () {
    var root = document.querySelector('.geo-root');
    document.body.setAttribute('data-bench', JSON.stringify({
      errors: window.__geoErrors,
      firstMarkerMs: +root.getAttribute('data-geo-first-marker-ms'),
      clusteredMs: +root.getAttribute('data-geo-clustered-ms'),
      clusters: document.querySelectorAll('.geo-cluster').length,
      shown: root.geoMap ? root.geoMap.shown() : null
    }));
  }, 500);
});
</script>"""


def _words(rnd: random.Random, vocabulary: list[str], n: int) -> str:
    return " ".join(rnd.choice(vocabulary) for _ in range(n))


def synthetic_collection(n: int, seed: int = 6) -> dict:
    """Return a FeatureCollection of ``n`` incidents and two zones, related as ``geo map`` does."""
    rnd = random.Random(seed)
    syllables = ["al", "ra", "tan", "qa", "mi", "sh", "dar", "ko", "bu", "el", "ha", "zu", "ni"]
    vocabulary = [
        "".join(rnd.choice(syllables) for _ in range(rnd.randint(1, 4))) for _ in range(5000)
    ]
    towns = [_words(rnd, vocabulary, rnd.randint(1, 2)).title() for _ in range(3000)]
    actors = [f"{_words(rnd, vocabulary, 2).title()} Forces" for _ in range(60)]
    outlets = ["Reuters", "AP", "AFP", "Al Jazeera", "BBC", "foreignpolicy", None]
    documents = [
        {
            "id": f"report-{k:05d}.txt",
            "outlet": rnd.choice(outlets),
            "published": (dt.date(2015, 1, 1) + dt.timedelta(days=rnd.randrange(3650))).isoformat(),
            "url": f"https://news.example.org/{k}" if k % 3 else None,
            "published_basis": "metadata",
        }
        for k in range(4000)
    ]
    types = list(EVENT_TYPES)
    features = []
    for k in range(2):
        radius = (55_000.0, 88_513.92)[k]
        features.append(
            feature(
                _circle(*CENTRE, radius),
                {
                    "kind": "zone",
                    "center": "At Tanf garrison",
                    "center_lonlat": list(CENTRE),
                    "radius_m": radius,
                    "reported": {
                        "value": (55, 55)[k],
                        "unit": ("km", "mi")[k],
                        "text": ("55 km", "55 miles")[k],
                    },
                    "sources": [],
                },
            )
        )
    for _ in range(n):
        event_type = rnd.choices(types, TYPE_WEIGHTS)[0]
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rnd.randrange(3652))
        precision = rnd.choices(["day", "month", "year"], (90, 8, 2))[0]
        date = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}
        town = rnd.choice(towns)
        trigger = rnd.choice(["struck", "shelled", "attacked", "clashed with", "shot down"])
        spans = []
        for _ in range(rnd.choice((1, 1, 1, 2))):
            before = _words(rnd, vocabulary, rnd.randint(4, 12)).capitalize()
            text = (
                f"{before} {trigger} {_words(rnd, vocabulary, rnd.randint(6, 14))}, "
                f"near {town}, {_words(rnd, vocabulary, rnd.randint(4, 10))}."
            )
            start = rnd.randrange(5000)
            doc = rnd.choice(documents)["id"]
            at = len(before) + 1
            spans.append(
                {
                    "document": doc,
                    "text": text,
                    "start": start,
                    "end": start + len(text),
                    "match": {
                        "document": doc,
                        "text": trigger,
                        "start": start + at,
                        "end": start + at + len(trigger),
                    },
                }
            )
        summary = spans[0]["text"].split(",")[0]
        props = {
            "kind": "incident",
            "date": date[precision],
            "date_precision": precision,
            "date_basis": rnd.choice(
                [
                    "the article's date line",
                    f"“Thursday”, read against the publication date {day}",
                    "the narrative date",
                ]
            ),
            "event_type": event_type,
            "sub_event_type": rnd.choice(EVENT_TYPES[event_type]),
            "actor1": rnd.choice(actors),
            "actor2": rnd.choice(actors + [None] * 30),
            "place": town,
            "place_basis": rnd.choice(
                [
                    "named in the sentence",
                    "not named in the sentence; the place the article names most",
                ]
            ),
            "summary": summary,
            "sources": spans,
        }
        lon = round(rnd.uniform(BOX[0], BOX[2]), 7)
        lat = round(rnd.uniform(BOX[1], BOX[3]), 7)
        features.append(feature(point(lon, lat), props))
    collection = feature_collection(
        features,
        geo={"documents": documents, "attribution": ["Synthetic incidents for a benchmark"]},
    )
    return relate(collection)


def _circle(lon: float, lat: float, radius_m: float) -> dict:
    from geo.zones import geodesic_ring

    return geodesic_ring((lon, lat), radius_m)


def build_geo(collection: dict) -> tuple[float, str]:
    """Return the seconds geo's render_html took and the page."""
    start = time.perf_counter()
    page = render_html(collection, title="Benchmark: synthetic incidents")
    return time.perf_counter() - start, page


def build_folium(collection: dict) -> tuple[float, str]:
    """Return the seconds plain folium took (GeoJson + GeoJsonPopup) and the page."""
    import folium

    start = time.perf_counter()
    incidents = feature_collection(
        [f for f in collection["features"] if f["properties"]["kind"] == "incident"]
    )
    fmap = folium.Map(location=[33.5, 41.5], zoom_start=6)
    folium.GeoJson(
        incidents,
        popup=folium.GeoJsonPopup(
            fields=[
                "date",
                "date_precision",
                "event_type",
                "sub_event_type",
                "actor1",
                "actor2",
                "place",
                "summary",
            ]
        ),
    ).add_to(fmap)
    page = fmap.get_root().render()
    return time.perf_counter() - start, page


def chromium_figures(page: Path, budget_ms: int = 30000) -> dict | None:
    """Return what the probe recorded when Chromium opened ``page``, or None without Chromium."""
    binary = os.environ.get("GEO_CHROMIUM", "/usr/bin/chromium")
    if not os.access(binary, os.X_OK):
        binary = shutil.which("chromium") or ""
    if not binary:
        return None
    text = page.read_text(encoding="utf-8")
    probed = page.with_name(page.stem + "-probe.html")
    probed.write_text(
        text.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + ERROR_PROBE, 1).replace(
            "</body>", RESULT_PROBE + "</body>", 1
        ),
        encoding="utf-8",
    )
    with tempfile.TemporaryDirectory(prefix="geo-bench-") as profile:
        result = subprocess.run(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                f"--virtual-time-budget={budget_ms}",
                "--window-size=1280,900",
                f"--user-data-dir={profile}",
                "--dump-dom",
                probed.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    found = re.search(r'data-bench="([^"]*)"', result.stdout)
    if not found:
        return {"errors": [f"no result (chromium exit {result.returncode})"]}
    import html

    return json.loads(html.unescape(found[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write both pages into this folder")
    args = parser.parse_args()

    start = time.perf_counter()
    collection = synthetic_collection(args.incidents)
    made = time.perf_counter() - start
    geo_s, geo_page = build_geo(collection)
    folium_s, folium_page = build_folium(collection)
    geo_mb = len(geo_page.encode("utf-8")) / 1e6
    folium_mb = len(folium_page.encode("utf-8")) / 1e6

    folder = args.keep or Path(tempfile.mkdtemp(prefix="geo-map-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    geo_file = folder / "geo.html"
    geo_file.write_text(geo_page, encoding="utf-8")
    if args.keep:
        (folder / "folium.html").write_text(folium_page, encoding="utf-8")
    figures = chromium_figures(geo_file)

    n = args.incidents
    print(
        f"{n:,} synthetic incidents, 2 zones, 4,000 documents "
        f"(made and related in {made:.1f} s); one build each, same process"
    )
    print()
    print(f"{'':28} {'build (s)':>10} {'file (MB)':>10}")
    print(f"{'geo render_html':28} {geo_s:10.2f} {geo_mb:10.1f}")
    print(f"{'folium GeoJson + popup':28} {folium_s:10.2f} {folium_mb:10.1f}")
    print(
        f"{'geo / folium':28} {geo_s / folium_s:10.0%} {geo_mb / folium_mb:10.0%}"
        "   (goals: at most 50 % and 40 %)"
    )
    print()
    if figures is None:
        print("Chromium not found: page load not measured")
    else:
        errors = figures.get("errors") or []
        first = figures.get("firstMarkerMs")
        print("geo page in headless Chromium (no network), ms since navigation start:")
        print(
            f"  first cluster marker added  {first:10,.0f}   (goal: at most 3,000)"
            if first
            else "  first cluster marker added  never"
        )
        if figures.get("clusteredMs"):
            print(f"  all incidents clustered     {figures['clusteredMs']:10,.0f}")
        print(f"  clusters on screen          {figures.get('clusters', 0):10,}")
        print(f"  incidents shown             {figures.get('shown') or 0:10,}")
        print(
            f"  JavaScript errors           {len(errors):10,}"
            + (f"   {errors[:3]}" if errors else "")
        )
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
