"""How geo maps ACLED exports of 10,000 to 1,000,000 rows, beside folium and lonboard, in one run.

    .venv/bin/python benchmarks/map_scale.py [--rows 10000,100000,300000,1000000]
        [--data DIR] [--keep DIR] [--lonboard-python PYTHON] [--budget-s 90]

For each size an ACLED-like export is written once (kept in ``--data``, by size
and seed): every column of ACLED's codebook, notes of 200 to 400 characters,
about 2,000 actors and 6,000 places in eight countries, ten years of dates,
ACLED's event and sub-event types in their usual mix, fatalities. Each way of
mapping it then runs as a command in a process of its own, from the CSV to
the written page, as its user would run it:

- ``geo map events.csv -o page.html``;
- folium ``GeoJson`` with a ``GeoJsonPopup`` of the text fields (pandas reads
  the CSV, the rows become GeoJSON features);
- folium ``FastMarkerCluster`` of the positions (no popups);
- lonboard: a ``ScatterplotLayer`` from geopandas, ``Map.to_html`` (run with
  ``--lonboard-python``, an interpreter that has lonboard, pyarrow and
  geopandas: it is no dependency of geo).

Printed for each: the whole command's wall time and peak memory (max RSS,
from ``/usr/bin/time``), the page's size; and for the HTML maps, in headless
Chromium with no network (through Playwright, ``/usr/bin/chromium``): the time
from navigation to the first incident drawn (geo's ``data-geo-first-marker-ms``;
for folium's pages, the first marker or cluster element), the JavaScript heap
then, and any JavaScript error. A page that draws nothing within ``--budget-s``
says so. lonboard draws with WebGL into a canvas, whose first frame a page
cannot tell: its page is measured for size only.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.read.acled_file import COLUMNS  # noqa: E402

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
# Eight countries, each a box its places are drawn in (west, south, east, north).
COUNTRIES = {
    "Syria": (760, (35.8, 32.4, 42.2, 37.2)),
    "Iraq": (368, (39.0, 29.2, 48.4, 37.3)),
    "Yemen": (887, (42.6, 12.6, 52.0, 18.9)),
    "Ukraine": (804, (22.3, 44.5, 40.2, 52.3)),
    "Sudan": (729, (21.9, 8.7, 38.5, 22.0)),
    "Mali": (466, (-12.2, 10.2, 4.2, 24.9)),
    "Myanmar": (104, (92.2, 9.8, 101.1, 28.5)),
    "Somalia": (706, (41.0, -1.6, 51.4, 11.9)),
}
SOURCES = ["Reuters", "AFP", "AP", "Local Source", "SOHR", "Shafaq News", "Kyiv Independent",
           "Sudan Tribune", "Radio Dabanga", "Irrawaddy", "Garowe Online", "Twitter"]  # fmt: skip
SCALES = ["National", "International", "Subnational", "Local partner-National", "Other"]
FATALITY_WEIGHTS = (55, 15, 10, 8, 6, 4, 2)
FATALITIES = (0, 1, 2, 3, 5, 10, 30)
SEED = 15

_SYLLABLES = ["al", "ra", "tan", "qa", "mi", "sh", "dar", "ko", "bu", "el", "ha", "zu", "ni",
              "ye", "ov", "ka", "ba", "ti", "mo", "ur", "sa", "lin", "go", "de"]  # fmt: skip
_VERBS = ["attacked", "shelled", "clashed with", "struck", "ambushed", "raided", "fired on",
          "abducted", "detained", "looted"]  # fmt: skip
_NOTE_WORDS = ["positions", "near", "village", "checkpoint", "convoy", "reportedly", "killing",
               "injuring", "residents", "forces", "according", "local", "sources", "the", "a",
               "after", "with", "drones", "artillery", "market", "road", "outskirts", "district",
               "no", "casualties", "were", "reported", "several", "houses", "damaged", "during",
               "night", "morning", "members", "of", "armed", "group", "unidentified"]  # fmt: skip


def _name(rnd: random.Random, parts: int) -> str:
    return "".join(rnd.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def write_acled_like(path: Path, rows: int, seed: int = SEED) -> Path:
    """Write an ACLED-like export of ``rows`` events to ``path``; return ``path``."""
    rnd = random.Random(seed)
    places = []
    for country, (_, (west, south, east, north)) in COUNTRIES.items():
        admin1 = [f"{_name(rnd, 2)} {rnd.choice(['Governorate', 'Oblast', 'State', 'Region'])}"
                  for _ in range(14)]  # fmt: skip
        for _ in range(750):
            places.append(
                (
                    country,
                    rnd.choice(admin1),
                    _name(rnd, rnd.randint(2, 4)),
                    round(rnd.uniform(south, north), 4),
                    round(rnd.uniform(west, east), 4),
                )
            )
    weights = [rnd.paretovariate(1.2) for _ in places]  # a few places see most events
    actors = [
        f"{kind} ({country})"
        for country in COUNTRIES
        for kind in ["Military Forces of " + country, "Police Forces of " + country,
                     "Civilians", "Protesters", "Rioters", "Unidentified Armed Group"]
    ] + [f"{_name(rnd, 3)} {rnd.choice(['Militia', 'Brigade', 'Movement', 'Front'])}"
         for _ in range(1950)]  # fmt: skip
    types = list(EVENT_TYPES)
    first_day = dt.date(2015, 1, 1)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, fieldnames=COLUMNS)
        out.writeheader()
        for k in range(rows):
            country, admin1, location, lat, lon = rnd.choices(places, weights)[0]
            iso = COUNTRIES[country][0]
            event = rnd.choices(types, TYPE_WEIGHTS)[0]
            sub = rnd.choice(EVENT_TYPES[event])
            day = first_day + dt.timedelta(days=rnd.randrange(3650))
            actor1, actor2 = rnd.sample(actors, 2)
            note = f"On {day:%-d %B %Y}, {actor1} {rnd.choice(_VERBS)} {actor2} in {location}"
            target = rnd.randint(200, 400)
            while len(note) < target:
                note += " " + rnd.choice(_NOTE_WORDS)
            fatalities = rnd.choices(FATALITIES, FATALITY_WEIGHTS)[0]
            out.writerow(
                {
                    "event_id_cnty": f"{country[:3].upper()}{k:07d}",
                    "event_date": day.isoformat(),
                    "year": day.year,
                    "time_precision": rnd.choices((1, 2, 3), (85, 12, 3))[0],
                    "disorder_type": "Political violence",
                    "event_type": event,
                    "sub_event_type": sub,
                    "actor1": actor1,
                    "actor2": actor2,
                    "iso": iso,
                    "region": "Synthetic",
                    "country": country,
                    "admin1": admin1,
                    "location": location,
                    "latitude": f"{lat:.4f}",
                    "longitude": f"{lon:.4f}",
                    "geo_precision": rnd.choices((1, 2, 3), (75, 20, 5))[0],
                    "source": "; ".join(rnd.sample(SOURCES, rnd.choice((1, 1, 2)))),
                    "source_scale": rnd.choice(SCALES),
                    "notes": note[:target].rstrip() + ".",
                    "fatalities": fatalities,
                    "timestamp": 1_600_000_000 + k,
                }
            )
    return path


# --- the plain ways, each a script run as its own command -------------------------

FOLIUM_GEOJSON = """
import sys, folium, pandas as pd
rows = pd.read_csv(sys.argv[1], keep_default_na=False)
fields = ["event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
          "fatalities", "notes"]
features = [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
     "properties": dict(zip(fields, values))}
    for lon, lat, *values in zip(rows.longitude, rows.latitude,
                                  *(rows[f].astype(str) for f in fields))
]
m = folium.Map(location=[float(rows.latitude.mean()), float(rows.longitude.mean())], zoom_start=5)
folium.GeoJson({"type": "FeatureCollection", "features": features},
               popup=folium.GeoJsonPopup(fields=fields)).add_to(m)
m.save(sys.argv[2])
"""

FOLIUM_FAST = """
import sys, folium, pandas as pd
from folium.plugins import FastMarkerCluster
rows = pd.read_csv(sys.argv[1], usecols=["latitude", "longitude"])
m = folium.Map(location=[float(rows.latitude.mean()), float(rows.longitude.mean())], zoom_start=5)
FastMarkerCluster(rows[["latitude", "longitude"]].values.tolist()).add_to(m)
m.save(sys.argv[2])
"""

LONBOARD = """
import sys, geopandas as gpd, pandas as pd
from lonboard import Map, ScatterplotLayer
rows = pd.read_csv(sys.argv[1], keep_default_na=False)
frame = gpd.GeoDataFrame(rows, geometry=gpd.points_from_xy(rows.longitude, rows.latitude),
                         crs="EPSG:4326")
Map(ScatterplotLayer.from_geopandas(frame, get_radius=2000)).to_html(sys.argv[2])
"""


def run_timed(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Return (wall seconds, peak MB, error text) of ``command`` run under /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", stats.name, *command],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        lines = [line for line in open(stats.name).read().splitlines() if line.strip()]
    peak_mb = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    error = "" if done.returncode == 0 else (done.stderr.strip().splitlines() or ["failed"])[-1]
    return seconds, peak_mb, error


# Set before the page's own scripts: errors, and when the first marker, cluster or
# incident element appears (folium's pages; geo's page says so itself).
PROBE = """<script>
window.__benchErrors = [];
window.addEventListener('error', function (e) { window.__benchErrors.push(String(e.message)); });
window.__benchFirst = null;
new MutationObserver(function (list, observer) {
  if (document.querySelector('.leaflet-marker-icon, .marker-cluster, ' +
      '.leaflet-overlay-pane path.leaflet-interactive, .leaflet-marker-pane path')) {
    window.__benchFirst = performance.now();
    observer.disconnect();
  }
}).observe(document.documentElement, {childList: true, subtree: true});
</script>"""


def offline(text: str) -> str:
    """Return a folium page with Leaflet and markercluster inlined and other CDN links dropped.

    folium links its scripts from CDNs; with no network its page would draw
    nothing. The same Leaflet (and Leaflet.markercluster) geo inlines stand in
    for them, so both maps are measured offline on the same library.
    """
    from geo.render.assets import leaflet_css, leaflet_js

    def markercluster(name: str) -> str:
        # Leaflet.markercluster as PyPI's XStatic package ships it (pip install
        # XStatic-Leaflet-MarkerCluster): geo no longer uses it, FastMarkerCluster does.
        try:
            import xstatic.pkg.leaflet_markercluster as package  # type: ignore[import-not-found]
        except ImportError:
            return ""
        return (Path(package.BASE_DIR) / name).read_text(encoding="utf-8")

    def script(m: re.Match) -> str:
        src = m["src"]
        if src.endswith("/leaflet.js"):
            return "<script>" + leaflet_js() + "</script>"
        if "markercluster" in src:
            return "<script>" + markercluster("leaflet.markercluster.js") + "</script>"
        if "awesome-markers" in src:
            # FastMarkerCluster's default marker asks Leaflet.awesome-markers for an
            # icon: Leaflet's default icon stands in for that CDN library.
            return (
                "<script>L.AwesomeMarkers = {icon: function () {"
                " return new L.Icon.Default(); }};</script>"
            )
        return ""

    def sheet(m: re.Match) -> str:
        href = m["href"]
        if href.endswith("/leaflet.css"):
            return "<style>" + leaflet_css() + "</style>"
        if "MarkerCluster" in href:
            return "<style>" + markercluster("MarkerCluster.css") + "</style>"
        return ""

    text = re.sub(r'<script src="(?P<src>https?://[^"]+)"[^>]*>\s*</script>', script, text)
    return re.sub(r'<link rel="stylesheet" href="(?P<href>https?://[^"]+)"[^>]*/?>', sheet, text)


def browser_figures(page: Path, budget_s: float) -> dict:
    """Return first-drawn ms, JS heap MB and errors of ``page`` in headless Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "playwright is not installed"}
    probed = page.with_name(page.stem + "-probe.html")
    text = page.read_text(encoding="utf-8")
    if 'class="geo-root' not in text:
        text = offline(text)
    at = text.find("<head>")
    probed.write_text(
        text[: at + 6] + PROBE + text[at + 6 :] if at >= 0 else PROBE + text, encoding="utf-8"
    )
    first_js = """() => {
      var root = document.querySelector('.geo-root');
      var own = root && root.getAttribute('data-geo-first-marker-ms');
      return own ? +own : window.__benchFirst;
    }"""
    with sync_playwright() as p:
        chrome = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--enable-precise-memory-info",
                "--host-resolver-rules=MAP * ~NOTFOUND",
            ],
        )
        try:
            tab = chrome.new_page(viewport={"width": 1280, "height": 900})
            tab.set_default_timeout(budget_s * 1000)
            try:
                tab.goto(probed.as_uri(), wait_until="commit")
                tab.wait_for_function(first_js, polling=100)
            except Exception:  # noqa: BLE001 (a timeout is the figure: "never within budget")
                return {"first_ms": None, "error": f"nothing drawn within {budget_s:.0f} s"}
            figures = tab.evaluate(
                "() => ({first: (" + first_js + ")(), errors: window.__benchErrors,"
                " heap: performance.memory ? performance.memory.usedJSHeapSize : null})"
            )
        finally:
            chrome.close()
    return {
        "first_ms": figures["first"],
        "heap_mb": figures["heap"] / 1e6 if figures["heap"] else None,
        "errors": figures["errors"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="10000,100000,300000,1000000")
    parser.add_argument("--data", type=Path, default=None, help="keep the CSVs here")
    parser.add_argument("--keep", type=Path, default=None, help="keep the pages here")
    parser.add_argument("--lonboard-python", default=None, help="an interpreter with lonboard")
    parser.add_argument("--budget-s", type=float, default=90.0)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--browser-skip",
        action="append",
        default=[],
        metavar="WAY[@ROWS]",
        help="leave this way's page out of the browser (at this size only), e.g. 'GeoJson@1000000':"
        " a page Chromium cannot draw within the budget holds it far longer than the budget",
    )
    args = parser.parse_args()
    sizes = [int(v.replace("_", "")) for v in args.rows.split(",")]
    scratch = Path(tempfile.mkdtemp(prefix="geo-map-scale-"))
    data = args.data or scratch
    pages = args.keep or scratch
    data.mkdir(parents=True, exist_ok=True)
    pages.mkdir(parents=True, exist_ok=True)
    geo = str(ROOT / ".venv" / "bin" / "geo")
    ways: list[tuple[str, list[str] | None, str]] = [
        ("geo map", [geo, "map", "{csv}", "-o", "{out}", "-q"], ".html"),
        ("folium GeoJson + popup", [sys.executable, "-c", FOLIUM_GEOJSON, "{csv}", "{out}"],
         ".html"),
        ("folium FastMarkerCluster", [sys.executable, "-c", FOLIUM_FAST, "{csv}", "{out}"],
         ".html"),
        ("lonboard to_html",
         [args.lonboard_python, "-c", LONBOARD, "{csv}", "{out}"] if args.lonboard_python
         else None, ".html"),
    ]  # fmt: skip
    results = []
    try:
        for n in sizes:
            csv_path = data / f"acled_like_{n}_{SEED}.csv"
            if not csv_path.exists():
                start = time.perf_counter()
                write_acled_like(csv_path, n)
                print(f"wrote {csv_path.name} ({csv_path.stat().st_size / 1e6:.0f} MB) "
                      f"in {time.perf_counter() - start:.0f} s", flush=True)  # fmt: skip
            for name, template, suffix in ways:
                if template is None:
                    results.append((n, name, None))
                    continue
                out = pages / f"{name.split()[0]}_{name.split()[-1]}_{n}{suffix}"
                command = [
                    part.replace("{csv}", str(csv_path)).replace("{out}", str(out))
                    for part in template
                ]
                seconds, peak, error = run_timed(command, ROOT)
                row = {"s": seconds, "peak_mb": peak, "error": error}
                if not error:
                    row["mb"] = out.stat().st_size / 1e6
                    skipped = any(
                        way in name and (not size or int(size) == n)
                        for way, _, size in (skip.partition("@") for skip in args.browser_skip)
                    )
                    if skipped:
                        row["error"] = "not opened in the browser (--browser-skip)"
                    elif not args.no_browser and not name.startswith("lonboard"):
                        row.update(browser_figures(out, args.budget_s))
                results.append((n, name, row))
                print(f"{n:>9,} {name:26} {json.dumps(row)}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print()
    print(f"{'rows':>9} {'way':26} {'build s':>8} {'peak MB':>8} {'page MB':>8} "
          f"{'first ms':>9} {'heap MB':>8}  errors")  # fmt: skip
    for n, name, row in results:
        if row is None:
            print(f"{n:>9,} {name:26} {'(--lonboard-python not given)':>44}")
            continue
        if row.get("error") and "mb" not in row:
            print(f"{n:>9,} {name:26} failed: {row['error']}")
            continue
        first = row.get("first_ms")
        heap = row.get("heap_mb")
        print(
            f"{n:>9,} {name:26} {row['s']:8.1f} {row['peak_mb']:8.0f} {row['mb']:8.1f} "
            f"{(f'{first:9,.0f}' if first else '        -')} "
            f"{(f'{heap:8.0f}' if heap else '       -')}  "
            f"{row.get('error') or len(row.get('errors') or [])}"
        )


if __name__ == "__main__":
    main()
