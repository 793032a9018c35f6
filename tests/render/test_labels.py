"""Town names on the offline basemap: none over another, none over the data's own names."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.render.basemap import towns_in
from geo.render.html import render_html
from tests.helpers import seed_collection
from tests.render.browser import run_probe

# Every town name and data place name on screen, and the pairs whose boxes overlap.
OVERLAPS = """
function boxes(selector) {
  return Array.from(document.querySelectorAll(selector)).map(function (e) {
    return [e.textContent, e.getBoundingClientRect()];
  });
}
function over(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
var towns = boxes('.geo-town-name'), places = boxes('.geo-place-label'), found = [];
towns.forEach(function (t, i) {
  towns.slice(i + 1).concat(places).forEach(function (o) {
    if (over(t[1], o[1])) { found.push([t[0], o[0]]); }
  });
});
return {towns: towns.length, places: places.length, overlaps: found};
"""


@pytest.mark.slow  # a browser
def test_town_names_clear_each_other_and_the_data_on_the_seed_map(tmp_path: Path) -> None:
    page = render_html(seed_collection(), title="Labels")
    probe, _ = run_probe(tmp_path / "labels.html", page, OVERLAPS, delay_ms=500)
    assert probe["errors"] == []
    result = probe["result"]
    assert result["towns"] >= 10 and result["places"] >= 2  # the check saw labels
    assert result["overlaps"] == []


def test_a_suburb_listed_beside_its_city_is_not_named_twice() -> None:
    towns = towns_in((42.5, 35.5, 44.0, 37.0))  # around Mosul
    names = [t[3] for t in towns]
    assert "Mosul" in names and not any("Mawşil" in n for n in names)
    for i, a in enumerate(towns):
        for b in towns[i + 1 :]:
            assert abs(a[0] - b[0]) >= 0.12 or abs(a[1] - b[1]) >= 0.12, (a[3], b[3])
