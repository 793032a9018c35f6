"""Maps in reports, in a real (headless, offline) Chromium: the same fragment twice on
one page, a wheel that scrolls the report until the map is clicked, tiles that cannot
load, narrow columns and phones, and the author's layout options."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from geo.render import render_html
from geo.render.layout import Layout
from tests.render import browser
from tests.render.test_html import collection

pytestmark = pytest.mark.slow  # browsers: `-m "not slow"` leaves it out


def _probe(tmp_path: Path, page: str, js: str, **kwargs) -> dict:
    out, _ = browser.run_probe(tmp_path / "map.html", page, js, **kwargs)
    assert out["errors"] == [], out["errors"]
    return out["result"]


def _report(*fragments: str, filler: int = 0) -> str:
    between = "".join(f"<p>Paragraph {i} of the report.</p>" for i in range(filler))
    body = between.join(fragments) if fragments else ""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Report</title>'
        "<style>body { font-family: serif; margin: 2em; max-width: 820px; }</style></head>"
        f"<body><h1>Report</h1>{between}{body}{between}</body></html>"
    )


def test_the_same_fragment_twice_draws_two_maps(tmp_path: Path) -> None:
    fragment = render_html(collection(), title="Summary map", embed=True)
    result = _probe(
        tmp_path,
        _report(fragment, fragment),
        """
      var roots = document.querySelectorAll('.geo-root');
      return Array.prototype.map.call(roots, function (root) {
        return {ready: root.getAttribute('data-geo-ready'),
                api: !!root.geoMap,
                containers: root.querySelectorAll('.leaflet-container').length,
                zones: root.querySelectorAll('.leaflet-overlay-pane path').length,
                tiles: root.querySelectorAll('.leaflet-geoBasemap-pane path').length,
                zoom: root.geoMap ? root.geoMap.map.getZoom() : null};
      });
    """,
    )
    assert len(result) == 2
    first, second = result
    assert first["ready"] == second["ready"] == "1"
    assert first["containers"] == second["containers"] == 1
    # Each copy draws its own zones and basemap, at the same view.
    assert first["zones"] == second["zones"] > 0
    assert first["tiles"] == second["tiles"] > 0
    assert first["zoom"] == second["zoom"]


def test_an_online_layer_that_cannot_load_says_so_and_the_offline_map_comes_back(
    tmp_path: Path,
) -> None:
    page = render_html(collection(), title="Offline")
    # The reader picks OpenStreetMap as the page loads; the probe reads the map once
    # the tiles have failed (every host name resolves to nothing in these tests).
    out, _ = browser.run_probe(
        tmp_path / "tiles.html",
        page.replace(
            "</body>",
            "<script>window.addEventListener('load', function () {"
            "var labels = document.querySelectorAll('.leaflet-control-layers-base label');"
            "Array.prototype.forEach.call(labels, function (label) {"
            "if (/OpenStreetMap/.test(label.textContent)) {"
            " label.querySelector('input').click(); } }); });</script></body>",
            1,
        ),
        """
      var root = document.querySelector('.geo-root');
      var notice = root.querySelector('.geo-notice');
      var checked = root.querySelector('.leaflet-control-layers-base input:checked');
      return {state: root.getAttribute('data-geo-tiles'),
              shown: notice && !notice.hidden,
              text: notice ? notice.textContent : '',
              land: root.querySelectorAll('.leaflet-geoBasemap-pane path').length,
              checked: checked ? checked.parentNode.textContent : ''};
    """,
        delay_ms=2000,
    )
    assert out["errors"] == [], out["errors"]
    found = out["result"]
    assert found["state"] == "failed" and found["shown"]
    assert "OpenStreetMap" in found["text"] and "could not load" in found["text"]
    # The offline countries are back, and the layer list says so.
    assert found["land"] > 0
    assert "offline" in found["checked"]


def test_layout_options_view_height_caption_and_language(tmp_path: Path) -> None:
    layout = Layout(view=(36.0, 33.5, 7), height="420px", caption="Source: two reports", lang="fr")
    fragment = render_html(collection(), title="Laid out", embed=True, layout=layout)
    result = _probe(
        tmp_path,
        _report(fragment),
        """
      var root = document.querySelector('.geo-root'), map = root.geoMap.map;
      var c = map.getCenter();
      return {lat: c.lat, lon: c.lng, zoom: map.getZoom(), height: root.offsetHeight,
              caption: root.querySelector('.geo-user-caption').textContent,
              hint: root.querySelector('.geo-wheel-hint').textContent,
              lang: root.getAttribute('lang')};
    """,
    )
    # (Leaflet keeps the centre to whole pixels: at zoom 7 a pixel is about 1 km.)
    assert abs(result["lat"] - 33.5) < 0.01 and abs(result["lon"] - 36.0) < 0.01
    assert result["zoom"] == 7
    assert result["height"] == 420
    assert result["caption"] == "Source: two reports"
    assert result["lang"] == "fr" and "molette" in result["hint"]


# --- a reader's wheel, with real input events ------------------------------------


def _playwright():
    """Return Playwright's sync API, or skip (fail when the browser is required)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("GEO_REQUIRE_BROWSER") == "1":
            pytest.fail("playwright is not installed, and GEO_REQUIRE_BROWSER=1")
        pytest.skip("playwright is not installed")
    return sync_playwright


def test_the_wheel_scrolls_the_report_until_the_map_is_clicked(tmp_path: Path) -> None:
    sync_playwright = _playwright()
    executable = browser.chromium()
    fragment = render_html(collection(), title="In a report", embed=True)
    page_file = tmp_path / "report.html"
    page_file.write_text(_report(fragment, filler=6), encoding="utf-8")
    with sync_playwright() as p:
        chrome = p.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = chrome.new_page(viewport={"width": 1000, "height": 700})
            page.goto(page_file.as_uri())
            page.wait_for_selector(".geo-root[data-geo-ready]")
            box = page.locator(".geo-root .leaflet-container").bounding_box()
            page.evaluate(f"window.scrollTo(0, {box['y'] - 100})")
            box = page.locator(".geo-root .leaflet-container").bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            zoom = page.evaluate("document.querySelector('.geo-root').geoMap.map.getZoom()")
            before = page.evaluate("window.scrollY")
            page.mouse.move(x, y)
            page.mouse.wheel(0, 240)
            page.wait_for_timeout(400)
            scrolled = page.evaluate("window.scrollY")
            hint = page.evaluate(
                "document.querySelector('.geo-wheel-hint').classList.contains('geo-shown')"
            )
            assert scrolled > before, "the wheel over the map did not scroll the report"
            assert page.evaluate("document.querySelector('.geo-root').geoMap.map.getZoom()") == zoom
            assert hint, "no hint said how to zoom"
            # Clicked, the map takes the wheel: it zooms and the report stays put.
            box = page.locator(".geo-root .leaflet-container").bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.click(x, y)
            held = page.evaluate("window.scrollY")
            page.mouse.wheel(0, -240)
            page.wait_for_timeout(600)
            assert page.evaluate("window.scrollY") == held
            assert page.evaluate("document.querySelector('.geo-root').geoMap.map.getZoom()") != zoom
        finally:
            chrome.close()


@pytest.mark.parametrize("width", [390, 820])
def test_on_a_narrow_column_nothing_labelled_hides_under_a_control(
    tmp_path: Path, width: int
) -> None:
    fragment = render_html(collection(), title="Narrow", embed=True)
    host = _report(f'<div style="width: {width}px">{fragment}</div>').replace(
        "max-width: 820px;", ""
    )
    result = _probe(
        tmp_path,
        host,
        """
      var root = document.querySelector('.geo-root');
      var box = root.querySelector('.leaflet-container').getBoundingClientRect();
      var controls = Array.prototype.map.call(
        root.querySelectorAll('.leaflet-control'), function (c) {
          return c.getBoundingClientRect(); });
      function hit(r, q) {
        return r.left < q.right && q.left < r.right && r.top < q.bottom && q.top < r.bottom;
      }
      // The place labels, and the incidents drawn on their canvas (a site, a cluster).
      var marks = Array.prototype.map.call(root.querySelectorAll('.geo-place-label'),
        function (m) { return {r: m.getBoundingClientRect(), textContent: m.textContent}; });
      root.geoMap.drawn().items.forEach(function (item) {
        var x = box.left + item.x, y = box.top + item.y;
        marks.push({r: {left: x - item.r, right: x + item.r, top: y - item.r,
                        bottom: y + item.r}, textContent: 'incidents: ' + item.n});
      });
      var hidden = [], outside = [];
      marks.forEach(function (m) {
        var r = m.r;
        if (controls.some(function (q) { return hit(r, q); })) { hidden.push(m.textContent); }
        if (r.left < box.left || r.right > box.right || r.top < box.top ||
            r.bottom > box.bottom) { outside.push(m.textContent); }
      });
      var list = root.querySelector('.leaflet-control-layers');
      return {marks: marks.length, hidden: hidden, outside: outside,
              compact: root.classList.contains('geo-compact'),
              histogram: !!(root.querySelector('.geo-time-hist') &&
                root.querySelector('.geo-time-hist').getBoundingClientRect().height),
              listOpen: list.classList.contains('leaflet-control-layers-expanded'),
              mapWidth: box.width, mapHeight: box.height};
    """,
    )
    assert result["mapWidth"] <= width
    assert result["marks"] >= 3
    assert result["hidden"] == [] and result["outside"] == []
    # The layer list waits behind its button: open, it would cover the data.
    assert not result["listOpen"]
    # A small map (a phone; a short map) keeps its panels small: no histogram.
    small = result["mapWidth"] < 640 or result["mapHeight"] < 420
    assert result["compact"] == small
    assert not (small and result["histogram"])
    if width < 640:
        assert small


# --- saying what the map shows ----------------------------------------------------


def test_the_legend_follows_the_layer_list(tmp_path: Path) -> None:
    result = _probe(
        tmp_path,
        render_html(collection(), title="Toggles"),
        """
      var root = document.querySelector('.geo-root');
      function dimmed() {
        return Array.prototype.map.call(
          root.querySelectorAll('.geo-legend [data-geo-legend]'), function (e) {
            return e.getAttribute('data-geo-legend') + ':' +
              (e.classList.contains('geo-layer-off') ? 'off' : 'on'); });
      }
      var before = dimmed();
      var labels = root.querySelectorAll('.leaflet-control-layers-overlays label');
      var zone = null;
      Array.prototype.forEach.call(labels, function (label) {
        if (!zone && / around /.test(label.textContent)) { zone = label; }
      });
      zone.querySelector('input').click();
      var after = dimmed();
      zone.querySelector('input').click();
      return {before: before, after: after, again: dimmed()};
    """,
    )
    assert result["before"] and all(e.endswith(":on") for e in result["before"])
    turned_off = [e for e in result["after"] if e.endswith(":off")]
    assert len(turned_off) == 1 and turned_off[0].startswith("zone-")
    assert result["again"] == result["before"]


def test_a_popup_closes_the_hover_tooltip(tmp_path: Path) -> None:
    result = _probe(
        tmp_path,
        render_html(collection(), title="Tooltip"),
        """
      var map = document.querySelector('.geo-root').geoMap.map, zone = null;
      map.eachLayer(function (layer) {
        var tip = layer.getTooltip && layer.getTooltip();
        if (!zone && tip && tip.options.sticky && layer.getPopup && layer.getPopup()) {
          zone = layer;
        }
      });
      zone.openTooltip();
      var hovered = zone.isTooltipOpen();
      zone.openPopup();
      return {hovered: hovered, tooltip: zone.isTooltipOpen(), popup: zone.isPopupOpen(),
              labels: document.querySelectorAll('.geo-place-label').length};
    """,
    )
    assert result["hovered"] and result["popup"]
    assert not result["tooltip"]
    assert result["labels"] > 0  # the permanent place labels stay


def test_an_acled_map_is_titled_by_its_events_and_its_popups_name_them(
    tmp_path: Path,
) -> None:
    from geo.pipeline import map_collection, map_title
    from geo.read.inputs import read as read_all

    read = read_all(("tests/data/acled_sample.csv",))
    collection_, _ = map_collection(read)
    title = map_title(collection_)
    result = _probe(
        tmp_path,
        render_html(collection_, title=title),
        """
      var api = document.querySelector('.geo-root').geoMap;
      return {title: document.querySelector('.geo-title').textContent,
              popup: api.incidentNode(0).textContent};
    """,
    )
    assert result["title"] == title
    assert re.fullmatch(r"\d+ events? from acled_sample\.csv", title)
    assert "ACLED eventSYR90001" in result["popup"]
    assert "time_precision 1: the day is known" in result["popup"]
    assert "geo_precision 2" in result["popup"]


def test_a_phone_keeps_the_time_filter_small(tmp_path: Path) -> None:
    from tests.render.test_browser import TIMED

    fragment = render_html(TIMED, title="Dated", embed=True)
    result = _probe(
        tmp_path,
        _report(f'<div style="width: 390px">{fragment}</div>'),
        """
      var root = document.querySelector('.geo-root');
      var slider = root.querySelector('.geo-time');
      return {compact: root.classList.contains('geo-compact'),
              slider: slider ? slider.offsetHeight : 0,
              histogram: root.querySelector('.geo-time-hist').getBoundingClientRect().height};
    """,
    )
    assert result["compact"]
    assert result["slider"] > 0 and result["histogram"] == 0
