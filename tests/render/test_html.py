"""The HTML map: offline assets, byte-identical output, escaping, content, the data block."""

from __future__ import annotations

import html
import json
import math
import re
import subprocess
import sys
import threading
from pathlib import Path

import folium
import pytest

from geo.errors import InputFormatError
from geo.features import feature, feature_collection, point
from geo.render import render_html
from geo.render.assets import (
    fragment_assets,
    leaflet_css,
    leaflet_js,
    map_css,
    map_js,
)
from geo.render.dates import period
from geo.render.incidents import decode_block

CENTRE = (38.61778, 33.50583)  # lon, lat

HOSTILE = (
    '<img src=x onerror="window.__pwned=1">'
    "</script><script>window.__pwned=2</script>"
    "${window.__pwned=3}`+(window.__pwned=4)+`"
    "{{ 7 * 191 }}{% raw %}\u2028\u2029'\"&"
)


def ring(lon: float, lat: float, radius_m: float, n: int = 48) -> dict:
    """Return a Polygon approximating a circle (good enough for rendering tests)."""
    pts = []
    for i in range(n + 1):
        a = 2 * math.pi * (i % n) / n
        dlat = radius_m / 111_320 * math.cos(a)
        dlon = radius_m / (111_320 * math.cos(math.radians(lat))) * math.sin(a)
        pts.append([round(lon + dlon, 7), round(lat + dlat, 7)])
    return {"type": "Polygon", "coordinates": [pts]}


def span(doc: str, text: str, start: int = 0, match: str | None = None) -> dict:
    """Return a sentence span at ``start`` in the article, with ``match`` its trigger words."""
    out = {"document": doc, "text": text, "start": start, "end": start + len(text)}
    if match:
        lo = text.index(match)
        out["match"] = {
            "document": doc,
            "text": match,
            "start": start + lo,
            "end": start + lo + len(match),
        }
    return out


def collection(x: str = "") -> dict:
    """Return a small map: two zones round one centre, one incident, places; ``x`` is
    appended to every text field, so a hostile ``x`` reaches every context."""
    s_zone = span(
        f"report-a{x}.txt", f"Drones were seen within 55 km of Damascus{x}.", 100, match="55 km"
    )
    s_zone2 = span(
        f"report-b{x}.txt", f"A 100 km exclusion zone{x} was declared.", 7, match="100 km"
    )
    s_inc = span(f"report-a{x}.txt", f"On 3 March jets struck Dumayr{x}.", 300)
    return feature_collection(
        [
            feature(
                ring(*CENTRE, 55_000),
                {
                    "kind": "zone",
                    "center": f"Damascus{x}",
                    "center_lonlat": list(CENTRE),
                    "radius_m": 55_000.0,
                    "reported": {"value": 55, "unit": "km", "text": f"55 km{x}"},
                    "sources": [s_zone],
                },
            ),
            feature(
                ring(*CENTRE, 100_000),
                {
                    "kind": "zone",
                    "center": f"Damascus{x}",
                    "center_lonlat": list(CENTRE),
                    "radius_m": 100_000.0,
                    "reported": {"value": 100, "unit": "km", "text": f"100 km{x}"},
                    "sources": [s_zone2],
                },
            ),
            feature(
                point(38.9, 33.7),
                {
                    "kind": "incident",
                    "date": "2024-03-03",
                    "date_precision": "day",
                    "event_type": f"airstrike{x}",
                    "place": f"Dumayr{x}",
                    "summary": f"Jets struck an airbase{x}.",
                    "sources": [s_inc],
                },
            ),
            feature(
                point(38.3, 33.4),
                {
                    "kind": "place",
                    "name": f"Dumayr{x}",
                    "country": "SY",
                    "gazetteer_id": "geonames:170000",
                    "mentions": [s_inc, s_inc],
                },
            ),
            feature(
                point(*CENTRE),
                {
                    "kind": "place",
                    "name": f"Damascus{x}",
                    "country": "SY",
                    "gazetteer_id": "geonames:170654",
                    "mentions": [s_zone],
                },
            ),
            feature(
                None,
                {
                    "kind": "place",
                    "name": "Nullland",
                    "place_type": "country",
                    "country": "SY",
                    "gazetteer_id": None,
                    "mentions": [],
                },
            ),
        ]
    )


def map_script(page: str) -> str:
    """Return the page's last <script> element: the map, with every zone and place string."""
    return page.rsplit("<script>", 1)[1].split("</script>", 1)[0]


def data_block(page: str, kind: str = "incidents") -> dict:
    """Return the data block of ``kind`` the page carries: the incidents read back as lists
    (geo.render.incidents.decode_block), the basemap as its JSON."""
    if kind == "incidents":
        parts = re.findall(
            r'<script type="application/octet-stream" class="geo-data-incidents"'
            r' data-geo-block="(\w+)" data-geo-encoding="(\w+)"[^>]*>([A-Za-z0-9+/=]*)</script>',
            page,
        )
        assert parts, "no incidents data block"
        return decode_block([(name, text) for name, _, text in parts], parts[0][1])
    found = re.search(
        rf'<script type="application/json" class="geo-data-{kind}">(.*?)</script>', page, re.S
    )
    assert found, f"no {kind} data block"
    return json.loads(found[1])


def overlay_names(page: str) -> list[str]:
    """Return the layer control's overlay names as plain text."""
    block = re.search(r"overlays\s*:\s*\{(.*?)\},\s*\};", page, re.S)
    assert block, "no layer control in the page"
    keys = re.findall(r'("(?:[^"\\]|\\.)*")\s*:\s*feature_group_[0-9a-f]{8}_\d+', block[1])
    return [html.unescape(re.sub(r"<[^>]+>", " ", json.loads(k))).strip() for k in keys]


def base_layer_names(page: str) -> list[str]:
    """Return the layer control's base layer names."""
    block = re.search(r"base_layers\s*:\s*\{(.*?)\},", page, re.S)
    assert block, "no layer control in the page"
    return [json.loads(k) for k in re.findall(r'("(?:[^"\\]|\\.)*")\s*:', block[1])]


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(collection(), title="Damascus zones")


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return render_html(collection(HOSTILE), title=f"Title{HOSTILE}")


# --- offline -------------------------------------------------------------------


def test_no_external_script_or_stylesheet(page: str) -> None:
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page, re.I)
    assert not [t for t in tags if re.search(r"https?://", t)], tags
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    for cdn in (
        "cdn.jsdelivr",
        "code.jquery",
        "cdnjs",
        "bootstrapcdn",
        "bootstrap.",
        "jquery",
        "unpkg",
    ):
        assert cdn not in page


def test_leaflet_and_geo_script_are_inlined(page: str) -> None:
    for asset in (
        leaflet_js(),
        leaflet_css(),
        map_js(),
        map_css(),
    ):
        assert asset in page
    assert "sourceMappingURL" not in page
    # Leaflet's control images are data: URIs, so no relative file is ever requested.
    assert "url(images/" not in page
    assert "data:image/png;base64," in leaflet_css()
    # geo's MGRS converter comes from its own file, read at run time.
    assert "window.GeoMGRS" not in page or "GeoMGRS = {" in map_js()


def test_meta_charset_and_title(page: str) -> None:
    head = page.split("</head>")[0]
    assert head.index('<meta charset="utf-8">') < 200
    assert "<title>Damascus zones</title>" in head
    assert '<h1 class="geo-title">Damascus zones</h1>' in page


def test_folium_class_defaults_untouched() -> None:
    before_js, before_css = list(folium.Map.default_js), list(folium.Map.default_css)
    render_html(collection())
    assert folium.Map.default_js == before_js and folium.Map.default_css == before_css
    # A map built outside render_html still gets folium's usual random ids.
    assert re.fullmatch(r"map_[0-9a-f]{32}", folium.Map().get_name())


def test_online_basemaps_are_offered_but_the_offline_one_is_the_default(page: str) -> None:
    assert base_layer_names(page) == [
        "Countries: Natural Earth (offline)",
        "OpenStreetMap (online)",
        "Satellite: Esri World Imagery (online)",
    ]
    script = map_script(page)
    # Tile layers come from xyzservices, with their attribution, and are not shown at first.
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in script
    assert "World_Imagery/MapServer/tile/{z}/{y}/{x}" in script
    assert "OpenStreetMap" in script and "Esri" in script
    tiles = re.findall(r"var (tile_layer_\w+) = L\.tileLayer", script)
    assert len(tiles) == 2
    for name in tiles:
        assert f"{name}.addTo(" not in script
    offline = re.search(r'"Countries: Natural Earth \(offline\)"\s*:\s*(feature_group_\w+)', script)
    assert offline and f"{offline[1]}.addTo(map_" in script


def test_offline_basemap_carries_the_countries_around_the_data(page: str) -> None:
    basemap = data_block(page, "basemap")
    names = {f["properties"].get("name") for layer in basemap["layers"] for f in layer["features"]}
    assert {"Syria", "Lebanon", "Jordan", "Iraq", "France", "Brazil"} <= names
    # The finer 1:50m layer covers the data; the coarse world the rest.
    detail = basemap["layers"][1]["features"]
    assert {"Syria", "Lebanon", "Jordan"} <= {f["properties"].get("name") for f in detail}
    assert "Brazil" not in {f["properties"].get("name") for f in detail}
    # Countries cut at the layer's edge are fills; their borders are lines that never
    # run along the cut (which would draw a border where there is none).
    cut = [f for f in detail if f["properties"].get("e")]
    lines = [f["geometry"] for f in detail if "LineString" in f["geometry"]["type"]]
    assert cut and lines
    polygons = json.dumps([f["geometry"] for f in detail if "Polygon" in f["geometry"]["type"]])
    xs = [float(x) for x in re.findall(r"\[(-?[\d.]+),", polygons)]
    west, east = min(xs), max(xs)  # the detail box's edges
    for line in lines:
        parts = line["coordinates"] if line["type"] == "MultiLineString" else [line["coordinates"]]
        for part in parts:
            for a, b in zip(part[:-1], part[1:], strict=True):
                assert not (a[0] == b[0] and a[0] in (west, east)), (a, b)
    labels = {lab[3] for lab in basemap["labels"]}
    assert "Syria" in labels and "Natural Earth" in basemap["attribution"]


# --- determinism ---------------------------------------------------------------


def test_same_bytes_twice_in_one_process(page: str) -> None:
    again = render_html(collection(), title="Damascus zones")
    assert again == page
    ours = page
    for asset in (leaflet_js(), leaflet_css()):
        ours = ours.replace(asset, "")
    assert not re.search(r"[0-9a-f]{32}", ours), "a random branca id leaked"


def test_same_bytes_across_threads() -> None:
    results: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        out = render_html(collection(HOSTILE))
        with lock:
            results.append(out)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 6 and len(set(results)) == 1


def test_same_bytes_in_another_process(tmp_path: Path) -> None:
    src = tmp_path / "map.geojson"
    src.write_text(json.dumps(collection(HOSTILE)), encoding="utf-8")
    out = tmp_path / "map.html"
    code = (
        "import json, sys\n"
        "from geo.render import render_html\n"
        "c = json.loads(open(sys.argv[1], encoding='utf-8').read())\n"
        "open(sys.argv[2], 'w', encoding='utf-8').write(render_html(c, title='t'))\n"
        "open(sys.argv[3], 'w', encoding='utf-8').write(render_html(c, title='t', embed=True))\n"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(src), str(out), str(tmp_path / "frag.html")],
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
    )
    here = json.loads(src.read_text(encoding="utf-8"))
    assert out.read_bytes() == render_html(here, title="t").encode("utf-8")
    frag = render_html(here, title="t", embed=True)
    assert (tmp_path / "frag.html").read_bytes() == frag.encode("utf-8")


# --- escaping ------------------------------------------------------------------


def script_count(page: str) -> int:
    return len(re.findall(r"<script\b", page))


def test_hostile_text_never_appears_raw(hostile_page: str) -> None:
    script = map_script(hostile_page)
    assert "<img src=x onerror" not in hostile_page
    assert 'onerror="window' not in hostile_page
    assert "window.__pwned=2</script>" not in hostile_page
    assert hostile_page.count("</script>") == script_count(hostile_page)
    # No template literal anywhere in the map script, and no "${" from the article.
    assert "`" not in script and "${" not in hostile_page
    # Jinja never saw the text: "{{ 7 * 191 }}" would have become 1337.
    assert "1337" not in hostile_page and "{{" not in hostile_page and "{%" not in hostile_page
    assert "\u2028" not in hostile_page and "\u2029" not in hostile_page


def test_hostile_text_is_kept_in_the_data_block_as_plain_strings(hostile_page: str) -> None:
    data = data_block(hostile_page)
    # Decoded, the strings are the article's text exactly: the map script shows them as text.
    assert f"airstrike{HOSTILE}" in data["s"]
    assert f"On 3 March jets struck Dumayr{HOSTILE}." in data["s"]


def test_hostile_text_is_still_shown_as_text(hostile_page: str) -> None:
    names = overlay_names(hostile_page)
    shown = html.unescape(HOSTILE)
    assert any(f"around Damascus{shown}" in n for n in names), names
    assert any(f"report-a{shown}.txt" in n for n in names), names
    assert "<title>Title&lt;img src=x onerror=&quot;" in hostile_page


@pytest.mark.parametrize("field", ["place", "summary", "event_type", "actor1", "date_basis"])
def test_each_incident_field_is_escaped(field: str) -> None:
    coll = collection()
    coll["features"][2]["properties"][field] = HOSTILE
    out = render_html(coll)
    assert "<img src=x" not in out and "${window" not in out and "1337" not in out
    assert HOSTILE in data_block(out)["s"]


def test_json_strings_are_script_safe(hostile_page: str) -> None:
    script = map_script(hostile_page)
    for string in re.findall(r'"(?:[^"\\]|\\.)*"', script):
        assert "<" not in string and ">" not in string and "&" not in string, string


def test_links_only_to_web_addresses() -> None:
    coll = collection()
    coll["geo"] = {
        "documents": [
            {"id": "report-a.txt", "outlet": "Wire", "url": "javascript:alert(1)"},
            {"id": "report-b.txt", "outlet": "Paper", "url": "https://example.org/b?x=1&y=2"},
        ]
    }
    out = render_html(coll)
    assert "javascript:alert" not in out.split("<script>")[0] + map_script(out)
    assert 'href="https://example.org/b?x=1&amp;y=2"' in out


# --- content -------------------------------------------------------------------


def test_each_zone_is_a_named_layer(page: str) -> None:
    names = overlay_names(page)
    assert "Incidents (1)" in names
    assert "Places (2)" in names
    assert any(
        n.startswith("55 km (34.2 mi) around Damascus") and "report-a.txt" in n for n in names
    ), names
    assert any(
        n.startswith("100 km (62.1 mi) around Damascus") and "report-b.txt" in n for n in names
    ), names
    assert len(names) == 4


def test_zone_popup_has_radius_reported_text_sentences_and_centre(page: str) -> None:
    popups = [json.loads(p) for p in re.findall(r'\.bindPopup\(("(?:[^"\\]|\\.)*")', page)]
    zone = next(p for p in popups if "<td>55 km (34.2 mi)</td>" in p)
    assert "55 km (34.2 mi)" in zone and "<q>55 km</q>" in zone
    assert "Drones were seen within <mark>55 km</mark> of Damascus." in zone
    assert "report-a.txt" in zone


def test_incident_data_has_date_type_place_summary_sources(page: str) -> None:
    data = data_block(page)
    strings = data["s"]
    assert len(data["type"]) == 1 and len(data["lat"]) == 1
    assert strings[data["types"][data["type"][0]][0]] == "airstrike"
    assert strings[data["date"][0]] == "2024-03-03"
    assert strings[data["prec"][0]] == "day"
    assert strings[data["place"][0]] == "Dumayr"
    assert strings[data["sum"][0]] == "Jets struck an airbase."
    [[doc, text, lo, hi]] = data["src"][0]
    assert strings[text] == "On 3 March jets struck Dumayr."
    assert strings[data["docs"][doc][0]] == "report-a.txt"
    assert (data["lat"][0], data["lon"][0]) == (3_370_000, 3_890_000)


def test_summary_cut_from_its_sentence_is_stored_once() -> None:
    coll = collection()
    props = coll["features"][2]["properties"]
    props["summary"] = "jets struck Dumayr…"
    data = data_block(render_html(coll))
    assert data["sum"][0] == [11, 29, 1]  # the sentence's slice, and an ellipsis
    assert "jets struck Dumayr…" not in data["s"]


def test_incident_actors_and_zone_lines_travel_with_it() -> None:
    coll = collection()
    props = coll["features"][2]["properties"]
    props.update(
        actor1="Military Forces of Syria",
        actor2="Civilians (Syria)",
        fatalities=3,
        sub_event_type="Air/drone strike",
        zones=[
            {
                "center": "Damascus",
                "radius_m": 55000.0,
                "label": "55 km",
                "distance_m": 327123.0,
                "inside": False,
            },
            {
                "center": "Damascus",
                "radius_m": 100000.0,
                "label": "100 km",
                "distance_m": 327123.0,
                "inside": False,
            },
        ],
    )
    data = data_block(render_html(coll))
    strings = data["s"]
    assert strings[data["a1"][0]] == "Military Forces of Syria"
    assert strings[data["a2"][0]] == "Civilians (Syria)"
    assert strings[data["sub"][0]] == "Air/drone strike" and data["fat"] == [3]
    assert strings[data["zl"][0]] == (
        "327 km from Damascus: outside the 55 km zone, outside the 100 km zone"
    )


def test_zones_left_unlisted_are_counted_in_the_popup() -> None:
    coll = collection()
    props = coll["features"][2]["properties"]
    props.update(
        zones_not_listed=4,
        zones=[
            {
                "center": "Damascus",
                "radius_m": 55000.0,
                "label": "55 km",
                "distance_m": 327123.0,
                "inside": False,
            }
        ],
    )
    data = data_block(render_html(coll))
    assert [data["s"][k] for k in data["zl"][0]] == [
        "327 km from Damascus: outside the 55 km zone",
        "4 more zones nearby, not listed",
    ]


def test_columns_no_incident_fills_are_left_out(page: str) -> None:
    data = data_block(page)
    for column in ("a1", "a2", "db", "pb", "sub", "fat", "zl"):
        assert column not in data


def test_places_are_labelled_and_count_mentions(page: str) -> None:
    tooltips = [json.loads(t) for t in re.findall(r'\.bindTooltip\(("(?:[^"\\]|\\.)*")', page)]
    assert "Dumayr" in tooltips and "Damascus" in tooltips  # permanent name labels
    popups = [json.loads(t) for t in re.findall(r'\.bindPopup\(("(?:[^"\\]|\\.)*")', page)]
    assert "<b>Dumayr</b> (SY)<br>mentioned 2 times" in popups
    assert "<b>Damascus</b> (SY)<br>mentioned once" in popups


def test_zones_round_one_centre_get_different_colours(page: str) -> None:
    colours = re.findall(r'L\.geoJSON\(.*?\{style:\{"color":"(#[0-9a-f]{6})"', map_script(page))
    assert len(colours) == 2 and colours[0] != colours[1]


def test_null_geometry_is_skipped(page: str) -> None:
    assert "Nullland" not in page
    script = map_script(page)
    assert script.count("L.circleMarker(") == 2  # two places; the incident is in the data
    assert script.count("L.geoJSON(") == 2
    assert len(data_block(page)["type"]) == 1


def test_controls_scale_and_bounds(page: str) -> None:
    assert "L.control.layers(" in page and "L.control.scale()" in page
    fit = re.search(r"\.fitBounds\(\s*(\[\[.*?\]\])", page)
    assert fit
    (south, west), (north, east) = json.loads(fit[1])
    assert south < 33.0 < 34.3 < north and west < 37.6 < 39.6 < east


def test_legend_lists_types_places_and_each_ring_with_its_source(page: str) -> None:
    legend = re.search(r'<section class="geo-legend.*?</section>', page, re.S)
    assert legend
    text = html.unescape(re.sub(r"<[^>]+>", " ", legend[0]))
    text = re.sub(r"\s+", " ", text)
    assert "Incidents (1)" in text and "airstrike (1)" in text
    assert "Places (2)" in text
    assert "55 km (34.2 mi) around Damascus report-a.txt" in text
    assert "100 km (62.1 mi) around Damascus report-b.txt" in text
    assert text.count("<svg") == 0 and legend[0].count("<svg") >= 5


def test_time_filter_spans_the_whole_periods_of_the_dates() -> None:
    coll = collection()
    extra = [
        feature(
            point(36.0, 35.0),
            {
                "kind": "incident",
                "date": "2023-11",
                "date_precision": "month",
                "event_type": "shelling",
            },
        ),
        feature(
            point(36.5, 35.5),
            {
                "kind": "incident",
                "date": "2025",
                "date_precision": "year",
                "event_type": "shelling",
            },
        ),
        feature(point(37.0, 36.0), {"kind": "incident", "event_type": "shelling"}),
    ]
    out = render_html(feature_collection(coll["features"] + extra))
    box = re.search(r'<section class="geo-time.*?</section>', out, re.S)
    assert box
    lo = re.search(r'class="geo-time-lo"[^>]*min="(\d+)" max="(\d+)"', box[0])
    assert lo
    assert (int(lo[1]), int(lo[2])) == period("2023-11", "month")[:1] + period("2025", None)[1:]
    assert "2023-11-01" in box[0] and "2025-12-31" in box[0]
    assert "1 undated incident is always shown" in box[0]


def test_no_time_filter_for_one_day(page: str) -> None:
    assert 'class="geo-time' not in page.split('<div class="geo-parts"')[1].split("</div>")[0]


@pytest.mark.parametrize(
    ("date", "precision", "first", "last"),
    [
        ("2017-06-08", "day", "2017-06-08", "2017-06-08"),
        ("2017-06", "month", "2017-06-01", "2017-06-30"),
        ("2016-02", None, "2016-02-01", "2016-02-29"),
        ("2017-12", "month", "2017-12-01", "2017-12-31"),
        ("2015", "year", "2015-01-01", "2015-12-31"),
        ("2017-06-08", "month", "2017-06-01", "2017-06-30"),
        ("2017-06-08", "year", "2017-01-01", "2017-12-31"),
        ("2017-05-29", "week", "2017-05-29", "2017-06-04"),
    ],
)
def test_period_of_a_date(date: str, precision: str | None, first: str, last: str) -> None:
    import datetime as dt

    start, end = period(date, precision)
    epoch = dt.date(1970, 1, 1)
    assert (epoch + dt.timedelta(days=start)).isoformat() == first
    assert (epoch + dt.timedelta(days=end)).isoformat() == last


@pytest.mark.parametrize("date", ["2017-13-01", "2017-02-30", "June 2017", "", None, 2017])
def test_period_of_a_bad_date_is_none(date) -> None:
    assert period(date, "day") is None


def test_caption_names_sources_and_every_data_attribution() -> None:
    coll = collection()
    coll["geo"] = {
        "documents": [
            {
                "id": "report-a.txt",
                "outlet": "Wire",
                "published": "2024-03-04",
                "url": "https://example.org/a",
            }
        ],
        "attribution": ["ACLED (Armed Conflict Location & Event Data), acleddata.com"],
    }
    out = render_html(coll)
    caption = re.search(r'<p class="geo-caption">(.*?)</p>', out, re.S)
    assert caption
    text = html.unescape(re.sub(r"<[^>]+>", "", caption[1]))
    assert "Sources: Wire · report-a.txt · 2024-03-04 · link; report-b.txt." in text
    assert "Natural Earth" in text
    assert "ACLED (Armed Conflict Location & Event Data), acleddata.com." in text
    assert "GeoNames" in text and "CC BY 4.0" in text
    assert "OpenStreetMap contributors" in text and "Esri" in text


def test_geonames_attribution_only_when_used(page: str) -> None:
    assert "Place coordinates: GeoNames" in page and "CC BY 4.0" in page
    coll = collection()
    for f in coll["features"]:
        if f["properties"]["kind"] == "place":
            f["properties"]["gazetteer_id"] = "custom:1"
    other = render_html(coll)
    assert "Place coordinates: GeoNames" not in other
    assert "towns: geonames (cc by 4.0)" in other.lower()  # the basemap's towns still are


def test_empty_collection_renders_a_map() -> None:
    out = render_html(feature_collection([]))
    assert "L.map(" in out and ".fitBounds(" not in map_script(out)
    assert 'class="geo-data-incidents"' not in out and "GeoMap.init(" in map_script(out)


def test_invalid_input_is_an_input_format_error() -> None:
    with pytest.raises(InputFormatError):
        render_html({"type": "Feature"})


def test_incidents_at_one_place_share_one_site():
    base = collection()
    here = point(38.9, 33.7)
    extra = [
        feature(
            here,
            {
                "kind": "incident",
                "date": f"2024-03-0{d}",
                "date_precision": "day",
                "event_type": "shoot-down",
                "place": "Dumayr",
                "summary": f"Event {d}.",
                "sources": [],
            },
        )
        for d in (1, 2)
    ]
    extra.append(feature(point(38.95, 33.7), {"kind": "incident", "event_type": "shelling"}))
    data = data_block(render_html(feature_collection(base["features"] + extra)))
    assert data["si"] == [0, 0, 0, 1]
    assert (data["lat"], data["lon"]) == ([3_370_000, 3_370_000], [3_890_000, 3_895_000])


def test_zone_split_at_the_antimeridian_is_drawn_as_one_ring_beside_its_centre():
    from geo.zones import geodesic_ring

    split = geodesic_ring((179.9, -16.5), 300_000)
    assert split["type"] == "MultiPolygon"
    page = render_html(
        feature_collection(
            [
                feature(
                    split,
                    {
                        "kind": "zone",
                        "center": "Fiji",
                        "center_lonlat": [179.9, -16.5],
                        "radius_m": 300_000.0,
                        "sources": [],
                    },
                )
            ]
        )
    )
    [drawn] = re.findall(r"L\.geoJSON\((\{.*?\}),\{style", page)
    shape = json.loads(drawn)
    assert shape["type"] == "Polygon"
    lons = [pos[0] for pos in shape["coordinates"][0]]
    assert min(lons) > 176 and max(lons) < 183  # east of 180, not at -180
    [fit] = re.findall(r"map_[0-9a-f]{8}_\d+\.fitBounds\(\s*(\[\[.*?\]\])", page)
    (south, west), (north, east) = json.loads(fit)
    assert east - west < 7  # the view frames the zone, not the whole world
    # The basemap's detailed countries are shifted beside the zone too.
    detail = data_block(page, "basemap")["layers"][1]["features"]
    assert any(f["properties"]["name"] == "Fiji" for f in detail)


# --- embedding -----------------------------------------------------------------


@pytest.fixture(scope="module")
def fragment() -> str:
    return render_html(collection(), title="Damascus zones", embed=True)


def test_fragment_is_not_a_page(fragment: str) -> None:
    for tag in ("<!DOCTYPE", "<html", "<head", "<body", "<title", "<meta"):
        assert not re.search(re.escape(tag) + r"\b", fragment, re.I), tag
    assert fragment.startswith('<div class="geo-root geo-embed" id="geo-')
    assert fragment.rstrip().endswith("</div>")
    assert '<h2 class="geo-title">Damascus zones</h2>' in fragment
    # No page-wide style: the report around the map keeps its own.
    assert "html, body" not in fragment and "body >" not in fragment


def test_fragment_loads_its_assets_once(fragment: str) -> None:
    assert fragment_assets() in fragment
    assets = fragment_assets()
    assert "if (!window.L) {" in assets
    assert "MarkerCluster" not in assets  # the incidents' clusters are geo's own now
    assert "if (document.getElementById(sheet[0])) { return; }" in assets
    assert "if (root.GeoMap) { return; }" in assets and "if (root.GeoMGRS) { return; }" in assets


def test_fragment_ids_are_unique_per_map_and_deterministic(fragment: str) -> None:
    other = render_html(collection(), title="Another title", embed=True)
    assert render_html(collection(), title="Damascus zones", embed=True) == fragment

    def ids(text: str) -> set[str]:
        return set(re.findall(r'\bid="([^"]+)"', text)) | set(
            re.findall(r"\bvar ((?:map|feature_group|tile_layer|layer_control)_\w+)", text)
        )

    mine, theirs = ids(fragment), ids(other)
    assert mine and theirs and not (mine & theirs)
    root = re.match(r'<div class="geo-root geo-embed" id="(geo-[0-9a-f]{8})"', fragment)
    assert root and f'"root":"{root[1]}"' in map_script(fragment)


def test_page_and_fragment_draw_the_same_map(page: str, fragment: str) -> None:
    def script_without_prefix(text: str) -> str:
        prefix = re.search(r'class="geo-root geo-\w+" id="geo-([0-9a-f]{8})"', text)
        assert prefix
        return re.sub(r'"scrollZoom":"\w+"', "", map_script(text).replace(prefix[1], "PREFIX"))

    assert script_without_prefix(page) == script_without_prefix(fragment)
    # Only the wheel differs: a fragment waits for a click, a page zooms unless framed.
    assert '"scrollZoom":"top"' in map_script(page)
    assert '"scrollZoom":"click"' in map_script(fragment)
    assert data_block(page) == data_block(fragment)


def test_strings_come_back_exactly_from_the_numbered_words() -> None:
    odd = ["", " ", "  two  spaces ", "tab\there", "emoji 🚀 and é", "end ", HOSTILE]
    coll = collection()
    for k, text in enumerate(odd):
        coll["features"][2]["properties"][
            ["place", "actor1", "actor2", "date_basis", "place_basis", "sub_event_type", "summary"][
                k
            ]
        ] = text
    data = data_block(render_html(coll))
    for text in odd[1:]:
        assert text in data["s"], text


def test_sites_are_sized_by_their_dead_and_the_legend_says_so(page: str) -> None:
    assert "larger still: more people killed" not in page
    coll = collection()
    coll["features"][2]["properties"]["fatalities"] = 12
    with_dead = render_html(coll)
    assert "larger still: more people killed" in with_dead
    assert data_block(with_dead)["fat"] == [12]
