"""The HTML map: offline assets, byte-identical output, escaping, and content."""

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
from geo.render.assets import leaflet_css, leaflet_js

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
    """Return the page's last <script> element: the map, with every article string."""
    return page.rsplit("<script>", 1)[1].split("</script>", 1)[0]


def overlay_names(page: str) -> list[str]:
    """Return the layer control's overlay names as plain text."""
    block = re.search(r"overlays\s*:\s*\{(.*?)\},\s*\};", page, re.S)
    assert block, "no layer control in the page"
    keys = re.findall(r'("(?:[^"\\]|\\.)*")\s*:\s*feature_group_\d+', block[1])
    return [html.unescape(re.sub(r"<[^>]+>", " ", json.loads(k))).strip() for k in keys]


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
    for cdn in ("cdn.jsdelivr", "code.jquery", "cdnjs", "bootstrapcdn", "bootstrap.", "jquery"):
        assert cdn not in page


def test_leaflet_is_inlined(page: str) -> None:
    assert leaflet_js() in page
    assert leaflet_css() in page
    assert "sourceMappingURL" not in page
    # Leaflet's control images are data: URIs, so no relative file is ever requested.
    assert "url(images/" not in page
    assert "data:image/png;base64," in leaflet_css()


def test_meta_charset_and_title(page: str) -> None:
    head = page.split("</head>")[0]
    assert head.index('<meta charset="utf-8">') < 200
    assert "<title>Damascus zones</title>" in head
    assert "<h1>Damascus zones</h1>" in page


def test_folium_class_defaults_untouched() -> None:
    before_js, before_css = list(folium.Map.default_js), list(folium.Map.default_css)
    render_html(collection())
    assert folium.Map.default_js == before_js and folium.Map.default_css == before_css
    # A map built outside render_html still gets folium's usual random ids.
    assert re.fullmatch(r"map_[0-9a-f]{32}", folium.Map().get_name())


# --- determinism ---------------------------------------------------------------


def test_same_bytes_twice_in_one_process(page: str) -> None:
    again = render_html(collection(), title="Damascus zones")
    assert again == page
    ours = page.replace(leaflet_js(), "").replace(leaflet_css(), "")
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
    )
    subprocess.run(
        [sys.executable, "-c", code, str(src), str(out)],
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
    )
    here = render_html(json.loads(src.read_text(encoding="utf-8")), title="t")
    assert out.read_bytes() == here.encode("utf-8")


# --- escaping ------------------------------------------------------------------


def test_hostile_text_never_appears_raw(hostile_page: str) -> None:
    script = map_script(hostile_page)
    assert "<img src=x onerror" not in hostile_page
    assert 'onerror="window' not in hostile_page
    assert "window.__pwned=2</script>" not in hostile_page
    assert hostile_page.count("</script>") == page_script_count(hostile_page)
    # No template literal anywhere in the map script, and no "${" from the article.
    assert "`" not in script and "${" not in script
    # Jinja never saw the text: "{{ 7 * 191 }}" would have become 1337.
    assert "1337" not in hostile_page and "{{" not in hostile_page and "{%" not in hostile_page
    assert "\u2028" not in hostile_page and "\u2029" not in hostile_page


def page_script_count(page: str) -> int:
    return len(re.findall(r"<script>", page))


def test_hostile_text_is_still_shown_as_text(hostile_page: str) -> None:
    names = overlay_names(hostile_page)
    shown = html.unescape(HOSTILE)
    assert any(f"around Damascus{shown}" in n for n in names), names
    assert any(f"report-a{shown}.txt" in n for n in names), names
    assert "<title>Title&lt;img src=x onerror=&quot;" in hostile_page


@pytest.mark.parametrize("field", ["place", "summary", "event_type"])
def test_each_incident_field_is_escaped(field: str) -> None:
    coll = collection()
    coll["features"][2]["properties"][field] = HOSTILE
    out = render_html(coll)
    assert "<img src=x" not in out and "${window" not in out and "1337" not in out


def test_json_strings_are_script_safe(hostile_page: str) -> None:
    script = map_script(hostile_page)
    for string in re.findall(r'"(?:[^"\\]|\\.)*"', script):
        assert "<" not in string and ">" not in string and "&" not in string, string


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


def test_incident_popup_has_date_type_place_summary_sources(page: str) -> None:
    popups = [json.loads(p) for p in re.findall(r'\.bindPopup\(("(?:[^"\\]|\\.)*")', page)]
    incident = next(p for p in popups if "airstrike" in p)
    for text in (
        "2024-03-03",
        "day precision",
        "Dumayr",
        "Jets struck an airbase.",
        "On 3 March jets struck Dumayr.",
        "report-a.txt",
    ):
        assert text in incident, text


def test_places_are_labelled_and_count_mentions(page: str) -> None:
    tooltips = [json.loads(t) for t in re.findall(r'\.bindTooltip\(("(?:[^"\\]|\\.)*")', page)]
    assert "Dumayr" in tooltips and "Damascus" in tooltips  # permanent name labels
    popups = [json.loads(t) for t in re.findall(r'\.bindPopup\(("(?:[^"\\]|\\.)*")', page)]
    assert "<b>Dumayr</b> (SY)<br>mentioned 2 times" in popups
    assert "<b>Damascus</b> (SY)<br>mentioned once" in popups


def test_zones_round_one_centre_get_different_colours(page: str) -> None:
    colours = re.findall(r'L\.geoJSON\(.*?\{style:\{"color":"(#[0-9a-f]{6})"', page)
    assert len(colours) == 2 and colours[0] != colours[1]


def test_null_geometry_is_skipped(page: str) -> None:
    assert "Nullland" not in page
    assert page.count("L.circleMarker(") == 3  # one incident, two places
    assert page.count("L.geoJSON(") == 2


def test_controls_scale_and_bounds(page: str) -> None:
    assert "L.control.layers(" in page and "L.control.scale()" in page
    fit = re.search(r"\.fitBounds\(\s*(\[\[.*?\]\])", page)
    assert fit
    (south, west), (north, east) = json.loads(fit[1])
    assert south < 33.0 < 34.3 < north and west < 37.6 < 39.6 < east


def test_geonames_attribution_only_when_used(page: str) -> None:
    assert "GeoNames" in page and "CC BY 4.0" in page
    coll = collection()
    for f in coll["features"]:
        if f["properties"]["kind"] == "place":
            f["properties"]["gazetteer_id"] = "custom:1"
    assert "GeoNames" not in render_html(coll)


def test_empty_collection_renders_a_map() -> None:
    out = render_html(feature_collection([]))
    assert "L.map(" in out and ".fitBounds(" not in map_script(out)


def test_invalid_input_is_an_input_format_error() -> None:
    with pytest.raises(InputFormatError):
        render_html({"type": "Feature"})


def test_incidents_at_one_place_share_one_dot_listing_them_all():
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
    page = render_html(feature_collection(base["features"] + extra))
    incident_dots = re.findall(r"L\.circleMarker\(\[33\.7,38\.9\]", page)
    assert len(incident_dots) == 1
    assert "3 incidents" in page
    # Date order in the shared popup: the earlier events come first.
    assert page.index("Event 1.") < page.index("Event 2.") < page.index("Jets struck an airbase")


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
    [fit] = re.findall(r"map_\d+\.fitBounds\(\s*(\[\[.*?\]\])", page)
    (south, west), (north, east) = json.loads(fit)
    assert east - west < 7  # the view frames the zone, not the whole world
