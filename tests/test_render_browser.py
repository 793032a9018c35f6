"""The HTML map in a real (headless, offline) Chromium: Leaflet runs, nothing hostile does."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from geo.render import render_html

try:  # tests/ is not a package: pytest put the folder itself on sys.path
    import browser
    from test_render_html import HOSTILE, collection
except ImportError:  # tests/ became a package
    from tests import browser  # type: ignore[no-redef]
    from tests.test_render_html import HOSTILE, collection  # type: ignore[no-redef]

N_ZONES, N_INCIDENTS, N_PLACES = 2, 1, 2

# Appended by the test only, after the map's own script: opens every popup and
# tooltip so hostile content reaches the DOM, then records what happened. If a
# payload ran, window.__pwned is set (or an element appeared).
PROBE = """<script>
(function () {
  var map = window[document.querySelector('.folium-map').id];
  var popups = 0, tooltips = 0;
  map.eachLayer(function (layer) {
    if (layer.getPopup && layer.getPopup()) {
      layer.getPopup().options.autoClose = false;
      layer.openPopup(); popups++;
    }
    if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); tooltips++; }
  });
  setTimeout(function () {
    document.body.setAttribute('data-probe', JSON.stringify({
      pwned: window.__pwned || 0, popups: popups, tooltips: tooltips,
      openPopups: document.querySelectorAll('.leaflet-popup').length
    }));
  }, 1500);
})();
</script>
"""


class _DomStats(HTMLParser):
    """Count what the tests look for in the dumped DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.classes: set[str] = set()
        self.interactive_paths = 0
        self.images: list[dict[str, str | None]] = []
        self.probe: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        classes = (attr.get("class") or "").split()
        self.classes.update(classes)
        if tag == "path" and "leaflet-interactive" in classes:
            self.interactive_paths += 1
        if tag == "img":
            self.images.append(attr)
        if tag == "body" and attr.get("data-probe"):
            self.probe = json.loads(attr["data-probe"] or "{}")


def _run(tmp_path: Path, page: str) -> tuple[_DomStats, str]:
    path = tmp_path / "map.html"
    path.write_text(page, encoding="utf-8")
    dom = browser.dump_dom(path)
    stats = _DomStats()
    stats.feed(dom)
    return stats, dom


def test_leaflet_runs_offline_and_draws_everything(tmp_path: Path) -> None:
    stats, _ = _run(tmp_path, render_html(collection(), title="Browser test"))
    assert {"leaflet-container", "leaflet-control-layers", "leaflet-control-scale"} <= stats.classes
    assert {"leaflet-control-scale-line"} <= stats.classes
    assert stats.interactive_paths >= N_ZONES + N_INCIDENTS + N_PLACES
    # Four overlay entries (incidents, places, two zones) in the layer control.
    assert "leaflet-control-layers-overlays" in stats.classes


def test_hostile_payload_does_not_execute(tmp_path: Path) -> None:
    page = render_html(collection(HOSTILE), title=f"Hostile{HOSTILE}")
    stats, dom = _run(tmp_path, page.replace("</html>", PROBE + "</html>"))
    assert stats.probe is not None, "the probe did not run: the map script failed"
    assert stats.probe["pwned"] == 0, stats.probe
    # Every zone, incident and place layer had its popup/tooltip opened.
    assert stats.probe["popups"] == N_ZONES + N_INCIDENTS + N_PLACES
    assert stats.probe["openPopups"] == N_ZONES + N_INCIDENTS + N_PLACES
    assert stats.probe["tooltips"] == N_ZONES + N_INCIDENTS + N_PLACES
    assert stats.interactive_paths >= N_ZONES + N_INCIDENTS + N_PLACES
    # No <img> came from the article (the only images allowed are basemap tiles).
    assert all("leaflet-tile" in (img.get("class") or "") for img in stats.images), stats.images
    # The hostile text is on screen as text.
    assert re.search(r"airstrike&lt;img src=x onerror=", dom)
    assert "{{ 7 * 191 }}" in dom
