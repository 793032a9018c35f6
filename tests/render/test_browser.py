"""The HTML map in a real (headless, offline) Chromium: it draws, filters, measures, and
nothing hostile runs."""

from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pyproj import Geod

from geo.features import feature, feature_collection, point
from geo.render import render_html
from geo.render.assets import leaflet_js, map_js, mgrs_js
from tests.render import browser
from tests.render.test_html import HOSTILE, collection

pytestmark = pytest.mark.slow  # processes, browsers or servers: `-m "not slow"` leaves it out

N_ZONES, N_INCIDENTS, N_PLACES = 2, 1, 2

# The map's own hook: the first (or only) geo map on the page.
API = "var api = document.querySelector('.geo-root').geoMap;"

# Opens every popup and tooltip, so hostile content reaches the DOM: the zones' and
# places' (bound by the page) and the incidents' (built on demand from the data).
OPEN_EVERYTHING = (
    API
    + """
var map = api.map, popups = 0, tooltips = 0;
map.eachLayer(function (layer) {
  if (layer.getPopup && layer.getPopup()) {
    layer.getPopup().options.autoClose = false;
    layer.openPopup(); popups++;
  }
  if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); tooltips++; }
});
// The incidents are drawn on a canvas: each item drawn (a site, or a cluster) in turn.
api.drawn().items.forEach(function (item) {
  if (item.site >= 0) {
    api.openSite(item.site, {autoClose: false, closeOnClick: false}); popups++;
  }
  var tip = api.showTooltip(item);
  if (tip) { tip.classList.add('geo-kept'); tooltips++; }
});
return {pwned: window.__pwned || 0, popups: popups, tooltips: tooltips,
        openPopups: document.querySelectorAll('.leaflet-popup').length,
        openTooltips: document.querySelectorAll('.leaflet-tooltip').length};
"""
)

# What is on screen: incident sites drawn one by one, clusters and their counts (the
# incidents' canvas says what it drew in view).
ON_SCREEN = """
function onScreen(root) {
  var drawn = root.geoMap.drawn();
  return {sites: drawn.sites, clusters: drawn.clusters, shown: root.geoMap.shown()};
}
"""

# A reader's click on the map's box at the first drawn item (the canvas finds what is there).
CLICK_FIRST = """
function clickFirst(api) {
  var item = api.drawn().items[0], box = api.map.getContainer().getBoundingClientRect();
  var x = box.left + item.x, y = box.top + item.y;
  document.elementFromPoint(x, y).dispatchEvent(
    new MouseEvent('click', {bubbles: true, cancelable: true, clientX: x, clientY: y}));
}
"""


class _DomStats(HTMLParser):
    """Count what the tests look for in the dumped DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.classes: set[str] = set()
        self.interactive_paths = 0
        self.images: list[dict[str, str | None]] = []
        self._pane: list[str] = []
        self.basemap_paths = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        classes = (attr.get("class") or "").split()
        self.classes.update(classes)
        if tag == "path" and "leaflet-interactive" in classes:
            self.interactive_paths += 1
        if tag == "path" and self._pane and self._pane[-1] == "leaflet-geoBasemap-pane":
            self.basemap_paths += 1
        if tag == "img":
            self.images.append(attr)
        if tag == "div":
            panes = [c for c in classes if c.endswith("-pane") and c != "leaflet-pane"]
            self._pane.append(panes[0] if panes else (self._pane[-1] if self._pane else ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._pane:
            self._pane.pop()


def _stats(dom: str) -> _DomStats:
    stats = _DomStats()
    stats.feed(dom)
    return stats


def _probe(tmp_path: Path, page: str, js: str, **kwargs) -> tuple[dict, str]:
    out, dom = browser.run_probe(tmp_path / "map.html", page, js, **kwargs)
    assert out["errors"] == [], out["errors"]
    return out["result"], dom


def _incident(lon: float, lat: float, **props) -> dict:
    return feature(point(lon, lat), {"kind": "incident", "event_type": "Battles", **props})


# --- drawing -------------------------------------------------------------------


def test_leaflet_runs_offline_and_draws_everything(tmp_path: Path) -> None:
    result, dom = _probe(
        tmp_path,
        render_html(collection(), title="Browser test"),
        API + "return {ready: api.root.getAttribute('data-geo-ready'), shown: api.shown(),"
        " drawn: api.drawn().sites};",
    )
    assert result == {"ready": "1", "shown": N_INCIDENTS, "drawn": N_INCIDENTS}
    stats = _stats(dom)
    assert {"leaflet-container", "leaflet-control-layers", "leaflet-control-scale"} <= stats.classes
    assert {"leaflet-control-scale-line", "leaflet-control-layers-overlays"} <= stats.classes
    # Zones and places as SVG paths; the incidents on their canvas, in the marker pane.
    assert stats.interactive_paths >= N_ZONES + N_PLACES
    assert re.search(r'<canvas class="geo-sites', dom)
    # The offline basemap: Natural Earth countries as SVG paths, under the data.
    assert stats.basemap_paths >= 5
    assert "geo-country-label" in stats.classes and ">Syria</span>" in dom
    # Legend, cursor coordinates and the tools are Leaflet controls on the map.
    legend = re.search(r'<section class="geo-legend[^"]*leaflet-control"', dom)
    assert legend, "the legend is not on the map"
    assert re.search(r'class="geo-coords[^"]*leaflet-control"', dom)
    assert re.search(r'class="geo-tools leaflet-bar leaflet-control"', dom)
    assert 'class="geo-fullscreen"' in dom and 'class="geo-measure"' in dom
    # No tile was requested: the online basemaps are only offered.
    assert not any("leaflet-tile" in (img.get("class") or "") for img in stats.images)


def test_online_basemap_can_be_chosen_and_the_offline_one_restored(tmp_path: Path) -> None:
    result, _ = _probe(
        tmp_path,
        render_html(collection()),
        API
        + """
      function count() {
        return {countries: api.root.querySelectorAll('.leaflet-geoBasemap-pane path').length,
                tiles: api.root.querySelectorAll('.leaflet-tile-pane .leaflet-layer').length};
      }
      function choose(name) {
        var labels = api.root.querySelectorAll('.leaflet-control-layers-base label');
        Array.prototype.forEach.call(labels, function (label) {
          if (label.textContent.indexOf(name) >= 0) { label.querySelector('input').click(); }
        });
        return count();
      }
      return {start: count(), osm: choose('OpenStreetMap'), esri: choose('Satellite'),
              back: choose('Natural Earth')};
    """,
    )
    start, osm, esri, back = (result[k] for k in ("start", "osm", "esri", "back"))
    assert start["countries"] > 5 and start["tiles"] == 0
    assert osm == {"countries": 0, "tiles": 1} and esri == {"countries": 0, "tiles": 1}
    assert back == start


def test_hostile_payload_does_not_execute(tmp_path: Path) -> None:
    page = render_html(collection(HOSTILE), title=f"Hostile{HOSTILE}")
    result, dom = _probe(tmp_path, page, OPEN_EVERYTHING)
    assert result["pwned"] == 0, result
    # Every zone, incident and place had its popup and tooltip opened.
    assert result["popups"] == N_ZONES + N_INCIDENTS + N_PLACES
    assert result["openPopups"] == N_ZONES + N_INCIDENTS + N_PLACES
    assert result["tooltips"] == N_ZONES + N_INCIDENTS + N_PLACES
    assert result["openTooltips"] >= N_ZONES + N_INCIDENTS + N_PLACES
    stats = _stats(dom)
    assert stats.interactive_paths >= N_ZONES + N_PLACES
    # No <img> came from the article (the only images allowed are basemap tiles).
    assert all("leaflet-tile" in (img.get("class") or "") for img in stats.images), stats.images
    # The hostile text is on screen as text, in the incident's popup built from the data.
    assert re.search(r"<h3>airstrike&lt;img src=x onerror=", dom)
    assert re.search(r"<q>On 3 March jets struck Dumayr&lt;img src=x onerror=", dom)
    assert "{{ 7 * 191 }}" in dom


def test_incident_popup_shows_every_field(tmp_path: Path) -> None:
    coll = collection()
    coll["geo"] = {
        "documents": [
            {
                "id": "report-a.txt",
                "outlet": "Wire",
                "published": "2024-03-04",
                "url": "https://example.org/a",
            }
        ]
    }
    props = coll["features"][2]["properties"]
    props.update(
        actor1="Military Forces of Syria",
        actor2="Civilians (Syria)",
        date_basis="the article's date line",
        sub_event_type="Air/drone strike",
        summary="jets struck Dumayr",
        fatalities=4,
        sources=[
            {
                **props["sources"][0],
                "match": {"document": "report-a.txt", "text": "struck", "start": 316, "end": 322},
            }
        ],
        zones=[
            {
                "center": "Damascus",
                "radius_m": 55000.0,
                "label": "55 km",
                "distance_m": 31234.0,
                "inside": True,
            }
        ],
    )
    result, _ = _probe(
        tmp_path,
        render_html(coll),
        CLICK_FIRST
        + API
        + """
      // A click on the drawn site is what opens it for a reader.
      clickFirst(api);
      var node = document.querySelector('.leaflet-popup');
      return {text: node.textContent, html: node.querySelector('.geo-popup').innerHTML,
              link: node.querySelector('cite a').href};
    """,
    )
    text = result["text"]
    for part in (
        "airstrike: Air/drone strike",
        "2024-03-03 (day precision)",
        "the article's date line",
        "Actor 1Military Forces of Syria",
        "Actor 2Civilians (Syria)",
        "PlaceDumayr",
        "Fatalities4",
        "33.70000° N, 38.90000° E",
        "MGRS 37S",
        "31.2 km from Damascus: inside the 55 km zone",
        "jets struck Dumayr",
        "On 3 March jets struck Dumayr.",
        "Wire · report-a.txt · 2024-03-04",
    ):
        assert part in text, (part, text)
    assert "<mark>struck</mark>" in result["html"]
    assert result["link"] == "https://example.org/a"


def test_incidents_at_one_place_share_a_marker_listing_them_by_date(tmp_path: Path) -> None:
    base = collection()
    extra = [
        _incident(
            38.9,
            33.7,
            date=f"2024-03-0{d}",
            date_precision="day",
            place="Dumayr",
            summary=f"Event {d}.",
        )
        for d in (2, 1)
    ]
    page = render_html(feature_collection(base["features"] + extra))
    result, _ = _probe(
        tmp_path,
        page,
        ON_SCREEN
        + API
        + """
      var popup = api.openSite(0);
      return {screen: onScreen(api.root), text: popup.getElement().textContent};
    """,
    )
    assert result["screen"] == {"sites": 1, "clusters": [], "shown": 3}
    text = result["text"]
    assert text.startswith("3 incidents at Dumayr")
    assert text.index("Event 1.") < text.index("Event 2.") < text.index("Jets struck an airbase")


# --- time filter ---------------------------------------------------------------

TIMED = feature_collection(
    [
        _incident(30.0, 30.0, date="2024-03-03", date_precision="day", place="A"),
        _incident(36.0, 30.0, date="2024-02", date_precision="month", place="B"),
        _incident(42.0, 30.0, date="2023", date_precision="year", place="C"),
        _incident(30.0, 36.0, place="D"),  # undated
        _incident(36.0, 36.0, date="2024-05-10", date_precision="day", place="E"),
    ]
)


def test_time_filter_moves_markers_in_and_out(tmp_path: Path) -> None:
    result, dom = _probe(
        tmp_path,
        render_html(TIMED),
        ON_SCREEN
        + API
        + """
      var out = {all: onScreen(api.root)};
      api.setRange('2024-02-15', '2024-02-20');   // B (all February) and D (undated)
      out.february = onScreen(api.root);
      out.label = api.root.querySelector('.geo-time-count').textContent;
      api.setRange('2023-06-01', '2024-03-03');   // A, B, C (all 2023), D
      out.winter = onScreen(api.root);
      api.setRange('2024-03-04', '2024-05-09');   // only D
      out.spring = onScreen(api.root);
      api.root.querySelector('.geo-time-reset').click();
      out.reset = onScreen(api.root);
      return out;
    """,
    )
    assert result["all"] == {"sites": 5, "clusters": [], "shown": 5}
    assert result["february"] == {"sites": 2, "clusters": [], "shown": 2}
    assert result["label"] == "2 of 5 shown"
    assert result["winter"] == {"sites": 4, "clusters": [], "shown": 4}
    assert result["spring"] == {"sites": 1, "clusters": [], "shown": 1}
    assert result["reset"] == {"sites": 5, "clusters": [], "shown": 5}
    assert re.search(r'class="geo-time[^"]*leaflet-control"', dom)


def test_clicking_a_type_in_the_legend_hides_its_incidents_and_again_shows_them(
    tmp_path: Path,
) -> None:
    typed = feature_collection(
        [
            _incident(30.0, 30.0, label="clash", date="2024-03-03"),
            _incident(36.0, 30.0, label="clash", date="2024-03-04"),
            _incident(
                42.0,
                30.0,
                label="shelling",
                event_type="Explosions/Remote violence",
                date="2024-03-05",
            ),
        ]
    )
    result, _ = _probe(
        tmp_path,
        render_html(typed),
        ON_SCREEN
        + API
        + """
      var items = api.root.querySelectorAll('.geo-legend [data-geo-type]');
      var clash = Array.prototype.filter.call(items, function (li) {
        return li.textContent.indexOf('clash') === 0;
      })[0];
      var out = {items: items.length, all: onScreen(api.root)};
      clash.click();
      out.hidden = onScreen(api.root);
      out.pressed = clash.getAttribute('aria-pressed');
      out.off = clash.classList.contains('geo-off');
      out.label = api.root.querySelector('.geo-time-count').textContent;
      clash.click();
      out.again = onScreen(api.root);
      return out;
    """,
    )
    assert result["items"] == 2
    assert result["all"] == {"sites": 3, "clusters": [], "shown": 3}
    assert result["hidden"] == {"sites": 1, "clusters": [], "shown": 1}
    assert result["pressed"] == "false" and result["off"] is True
    assert result["label"] == "1 of 3 shown"
    assert result["again"] == {"sites": 3, "clusters": [], "shown": 3}


def test_clusters_count_incidents_and_follow_the_filter(tmp_path: Path) -> None:
    rnd = random.Random(3)
    near = [
        _incident(38 + rnd.random() * 0.05, 33 + rnd.random() * 0.05, date=f"2024-0{1 + k % 2}-10")
        for k in range(30)
    ]
    far = [_incident(44.0, 30.0, date="2024-01-10"), _incident(44.0, 30.0, date="2024-02-10")]
    result, _ = _probe(
        tmp_path,
        render_html(feature_collection(near + far)),
        ON_SCREEN
        + API
        + """
      var out = {all: onScreen(api.root)};
      api.setRange('2024-01-01', '2024-01-31');
      out.january = onScreen(api.root);
      return out;
    """,
    )
    assert result["all"] == {"sites": 1, "clusters": [30], "shown": 32}
    assert result["january"] == {"sites": 1, "clusters": [15], "shown": 16}


# --- tools ---------------------------------------------------------------------


def test_measure_tool_gives_geodesic_km_and_miles(tmp_path: Path) -> None:
    points = [[33.50583, 38.61778], [36.2021, 37.1343], [33.3152, 44.3661]]
    result, dom = _probe(
        tmp_path,
        render_html(collection()),
        API
        + f"""
      var metres = api.measure({json.dumps(points)});
      return {{metres: metres, text: api.measureText(),
               measuring: api.root.classList.contains('geo-measuring')}};
    """,
    )
    geod = Geod(ellps="WGS84")
    legs = zip(points[:-1], points[1:], strict=True)
    expected = sum(geod.inv(a[1], a[0], b[1], b[0])[2] for a, b in legs)
    assert abs(result["metres"] - expected) < 0.01
    km, mi = expected / 1000, expected / 1609.344
    assert f"Distance: {km:,.0f} km ({mi:,.0f} mi)" in result["text"]
    assert "Last leg:" in result["text"] and result["measuring"]
    assert "geo-measure-line" in dom


def test_coordinates_under_the_cursor_in_degrees_and_mgrs(tmp_path: Path) -> None:
    result, _ = _probe(
        tmp_path,
        render_html(collection()),
        API
        + """
      api.map.fire('mousemove', {latlng: L.latLng(33.50583, 38.61778)});
      var north = api.root.querySelector('.geo-coords').textContent;
      api.map.fire('mousemove', {latlng: L.latLng(-33.9, 378.4)});
      return [north, api.root.querySelector('.geo-coords').textContent];
    """,
    )
    assert result == [
        "33.50583° N, 38.61778° E · MGRS 37S DT 64499 07430",
        "33.90000° S, 18.40000° E · MGRS 34H BH 59583 45888",
    ]


def _mgrs_points() -> list[tuple[float, float]]:
    """Both hemispheres, zone and band edges, the Norway and Svalbard exceptions."""
    return [
        (33.50583, 38.61778),
        (-33.9, 18.4),
        (0.0, 0.0),
        (-0.000001, 0.0),
        (0.0, 6.0),
        (10.0, 5.9999999),
        (10.0, 6.0000001),
        (59.9, 5.5),
        (56.0, 3.0),
        (63.99, 11.99),
        (72.0, 8.999999),
        (72.0, 9.0),
        (78.0, 10.0),
        (83.99, 41.99),
        (-80.0, 0.0),
        (-79.9, -179.9),
        (83.9, 179.9),
        (51.4778, -0.0015),
        (-45.0, 170.0),
        (40.0, -180.0),
        (40.0, 180.0),
        (-16.5, 179.99),
        (47.999999, 12.0),
        (-8.0, -120.0),
        (64.0, 6.0),
    ]


def test_mgrs_matches_the_python_mgrs_package(tmp_path: Path) -> None:
    mgrs = pytest.importorskip("mgrs")
    points = _mgrs_points()
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><script>'
        f"{mgrs_js()}</script></head><body></body></html>"
    )
    result, _ = _probe(
        tmp_path,
        page,
        f"""
      return {json.dumps(points)}.map(function (p) {{
        return [GeoMGRS.forward(p[0], p[1], 5), GeoMGRS.format(p[0], p[1], 5)];
      }});
    """,
    )
    converter = mgrs.MGRS()
    for (lat, lon), (ours, spaced) in zip(points, result, strict=True):
        theirs = converter.toMGRS(lat, lon, MGRSPrecision=5)
        theirs = theirs.decode() if isinstance(theirs, bytes) else theirs
        assert ours and spaced.replace(" ", "") == ours
        if ours != theirs:  # only a truncation at a metre boundary may differ
            zone_a, hemi_a, east_a, north_a = converter.MGRSToUTM(ours)
            zone_b, hemi_b, east_b, north_b = converter.MGRSToUTM(theirs)
            assert (zone_a, hemi_a) == (zone_b, hemi_b), (lat, lon, ours, theirs)
            assert abs(east_a - east_b) <= 1 and abs(north_a - north_b) <= 1, (ours, theirs)
    # The polar caps are UPS, which the converter leaves to others.
    assert result[0][1] == "37S DT 64499 07430"


def test_geodesic_distance_matches_pyproj(tmp_path: Path) -> None:
    pairs = [
        ((33.5, 38.6), (33.3, 44.4)),
        ((0.0, 0.0), (0.5, 179.5)),
        ((-33.9, 18.4), (51.5, -0.1)),
        ((10.0, 10.0), (10.0, 10.0)),
    ]
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><script>'
        f"{leaflet_js()}{map_js()}</script></head><body></body></html>"
    )
    result, _ = _probe(
        tmp_path,
        page,
        f"""
      return {json.dumps(pairs)}.map(function (p) {{
        return GeoMap.geodesic(p[0][0], p[0][1], p[1][0], p[1][1]);
      }});
    """,
    )
    geod = Geod(ellps="WGS84")
    for ((lat1, lon1), (lat2, lon2)), metres in zip(pairs, result, strict=True):
        expected = geod.inv(lon1, lat1, lon2, lat2)[2]
        # Vincenty is within a millimetre; near antipodes the sphere stands in (0.5 %).
        assert abs(metres - expected) <= max(0.001, 0.005 * expected), (metres, expected)


# --- embedding -----------------------------------------------------------------


def test_two_fragments_on_one_page_are_two_working_maps(tmp_path: Path) -> None:
    first = render_html(collection(), title="First map", embed=True)
    second = render_html(TIMED, title="Second map", embed=True)
    host = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Report</title>'
        "<style>body { font-family: serif; margin: 2em; }</style></head><body>"
        f"<h1>Report</h1><p>Before the maps.</p>{first}<p>Between the maps.</p>{second}"
        "<p>After the maps.</p></body></html>"
    )
    result, dom = _probe(
        tmp_path,
        host,
        ON_SCREEN
        + """
      var roots = document.querySelectorAll('.geo-root');
      return {
        maps: Array.prototype.map.call(roots, function (root) {
          return {id: root.id, screen: onScreen(root),
                  containers: root.querySelectorAll('.leaflet-container').length,
                  legend: !!root.querySelector('.leaflet-control .geo-legend, .geo-legend'),
                  height: root.querySelector('.leaflet-container').clientHeight};
        }),
        leafletSheets: document.querySelectorAll('style[id^="geo-css-leaflet"]').length,
        mapSheets: document.querySelectorAll('style#geo-css-map').length,
        bodyMargin: getComputedStyle(document.body).marginTop
      };
    """,
    )
    first_map, second_map = result["maps"]
    assert first_map["id"] != second_map["id"]
    assert first_map["containers"] == second_map["containers"] == 1
    assert first_map["screen"]["sites"] == 1 and second_map["screen"]["sites"] == 5
    assert first_map["legend"] and second_map["legend"]
    assert first_map["height"] > 200 and second_map["height"] > 200
    # Each stylesheet once, and the report's own style untouched.
    assert result["leafletSheets"] == 1 and result["mapSheets"] == 1
    assert result["bodyMargin"] == "32px"
    assert dom.count('class="leaflet-container') + dom.count(" leaflet-container") >= 2
