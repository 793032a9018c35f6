"""The map's interface in the reader's language (``geo map --lang``): one file of words,
every one of them translated, and each map of a page keeping its own language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from geo.features import feature, feature_collection, point
from geo.pipeline import map_title
from geo.render import render_html
from geo.render.escape import h
from geo.render.layout import Layout
from geo.render.strings import (
    BROWSER_WORDS,
    Words,
    browser_strings,
    languages,
    placeholders,
    strings,
)
from tests.render import browser
from tests.render.test_html import collection, data_block, span

FILE = Path(__file__).parents[2] / "geo" / "render" / "strings" / "interface.json"
MAP_JS = Path(__file__).parents[2] / "geo" / "render" / "js" / "map.js"


def _tables() -> dict[str, dict[str, str]]:
    raw = json.loads(FILE.read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


# --- the file ----------------------------------------------------------------------


def test_the_file_says_what_is_never_translated() -> None:
    about = json.loads(FILE.read_text(encoding="utf-8"))["_about"]
    for never in ("article text", "place", "ACLED", "findings", "file names"):
        assert never in about


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_english_word_is_translated_with_its_placeholders(lang: str) -> None:
    tables = _tables()
    english, other = tables["en"], tables[lang]
    assert set(other) == set(english), set(english) ^ set(other)
    for key, text in english.items():
        assert other[key].strip(), key
        assert placeholders(text) <= placeholders(other[key]), (key, other[key])
        # A translation takes no value the English phrase does not give it.
        assert placeholders(other[key]) <= placeholders(text) | {"n"}, (key, other[key])


def test_a_phrase_with_a_count_has_both_forms() -> None:
    english = _tables()["en"]
    for key in english:
        base, _, form = key.rpartition("_")
        if form in ("one", "other"):
            assert f"{base}_one" in english and f"{base}_other" in english, key
            assert "n" in placeholders(english[f"{base}_other"]), key


def test_the_map_script_asks_only_for_words_that_travel_with_the_map() -> None:
    # Every t("key") and t.n("key") of map.js is a word the page carries, and each
    # word the page carries is used (a dynamic "precision_" + code names the rest).
    used = set(re.findall(r'\bt(?:\.n)?\("(\w+)"', MAP_JS.read_text(encoding="utf-8")))
    english = strings("en")
    for key in used - {"precision_"}:
        assert key in BROWSER_WORDS, key
        assert key in english or f"{key}_one" in english, key
    assert set(BROWSER_WORDS) - used == {k for k in BROWSER_WORDS if k.startswith("precision_")}
    assert set(browser_strings("fr")) < set(english)


def test_counts_numbers_and_french_elision() -> None:
    en, fr, es = Words("en"), Words("fr"), Words("es")
    assert en.n("incidents", 1) == "1 incident" and en.n("incidents", 0) == "0 incidents"
    assert fr.n("incidents", 0) == "0 incident"  # French: 0 is singular
    assert es.n("incidents", 2) == "2 incidentes"
    assert en.number(12345) == "12,345"
    assert fr.number(12345) == "12\u202f345" and fr.number(21.25, 1) == "21,2"
    assert es.number(1234) == "1234" and es.number(12345) == "12.345"
    assert fr("zoneAround", radius="10 km", centre="Alep") == "10 km autour d\u2019Alep"
    assert fr("zoneAround", radius="10 km", centre="Beyrouth") == "10 km autour de Beyrouth"
    # Only the phrase's own "de": a place name keeps its words.
    assert fr("zoneAround", radius="1 km", centre="Ciudad de Este").endswith("de Ciudad de Este")


def test_the_default_title_is_in_the_maps_language() -> None:
    c = collection()
    c["geo"] = {"documents": [{"id": "a.txt"}, {"id": "b.txt"}]}
    assert map_title(c) == "Incidents and zones from 2 reports"
    assert map_title(c, "fr") == "Incidents et zones d'après 2 rapports"
    assert map_title(c, "es") == "Incidentes y zonas según 2 informes"


def test_an_unknown_language_is_one_line_naming_the_languages_there_are(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["map", "--lang", "xx", "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if "Error" in line]
    assert len(lines) == 1, result.output
    for code in languages():
        assert code in lines[0]
    assert not (tmp_path / "m.html").exists()


# --- the page ------------------------------------------------------------------------

# Words each page shows (as the page writes them, HTML-escaped), which the other must not.
SHOWN = ("legend", "allDates", "measureTool", "coordsHint", "typeToggle", "layerOffline")


def _written(text: str, page: str) -> bool:
    """Return whether ``page`` shows ``text``: in its HTML, or in its script's JSON."""
    return h(text) in page or json.dumps(h(text))[1:-1] in page


def _page(lang: str, **kwargs) -> str:
    return render_html(busy(), title="T", layout=Layout(lang=lang), **kwargs)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_an_english_page_has_no_translated_words_and_a_translated_page_no_english(
    lang: str,
) -> None:
    english, other = _page("en"), _page(lang)
    en_words, other_words = strings("en"), strings(lang)
    for key in SHOWN:
        assert _written(en_words[key], english) and not _written(en_words[key], other), key
        assert _written(other_words[key], other) and not _written(other_words[key], english), key
    assert "Incidents et zones" not in english
    # The words the map's script shows travel with the map, in its language only.
    assert json.dumps(browser_strings(lang)["rowPlace"]) in other
    assert '"rowPlace":"Place"' in english and '"rowPlace":"Place"' not in other


def test_a_french_page_writes_its_numbers_and_zones_in_french() -> None:
    page = _page("fr")
    assert "Zone autour de Damascus" in page  # the zone popup's title; the place name stays
    assert "Incidents (3)" in page and "Lieux (2)" in page
    assert "cité 2 fois" in page
    # Zone lines in the incidents' data: "à 12,3 km de ..." with a decimal comma.
    data = data_block(page)
    assert any(re.match(r"à \d+(,\d)? km de Damascus", s) for s in data["s"]), data["s"]


# --- in Chromium -------------------------------------------------------------------

SITE = (36.9, 33.8)


def busy() -> dict:
    """Return the small map of test_html plus two incidents at one site, days apart."""
    c = collection()
    for day in ("2024-03-05", "2024-03-09"):
        s = span("report-b.txt", f"On {day} shelling hit Nabk.", 40)
        c["features"].append(
            feature(
                point(*SITE),
                {
                    "kind": "incident",
                    "date": day,
                    "date_precision": "day",
                    "event_type": "shelling",
                    "place": "Nabk",
                    "zones": [
                        {
                            "center": "Damascus",
                            "label": "55 km",
                            "radius_m": 55000.0,
                            "distance_m": 12345.0,
                            "inside": True,
                        }
                    ],
                    "sources": [s],
                },
            )
        )
    return feature_collection(c["features"])


PROBE = """
  var out = [];
  Array.prototype.forEach.call(document.querySelectorAll('.geo-root'), function (root) {
    var api = root.geoMap, D = api.data, single = -1, shared = -1;
    for (var k = 0; k < D.nSites; k++) {
      if (D.at(k).length === 1 && single < 0) { single = k; }
      if (D.at(k).length > 1) { shared = k; }
    }
    var popup = api.openSite(single).getContent().textContent;
    var many = api.openSite(shared).getContent().textContent;
    var tooltip = api.tooltipNode(shared).textContent;
    var count = root.querySelector('.geo-time-count').textContent;
    api.setRange('2024-03-05', '2024-03-05');
    var narrowed = root.querySelector('.geo-time-count').textContent;
    api.setRange(null, null);
    api.measure([[33.5, 36.3], [33.9, 36.9], [34.2, 37.4]]);
    var marked = root.closest('[lang]');
    out.push({lang: marked ? marked.getAttribute('lang') : 'en', popup: popup, many: many,
              tooltip: tooltip, count: count, narrowed: narrowed,
              measure: api.measureText(),
              legend: root.querySelector('.geo-legend').textContent,
              zoom: root.querySelector('.leaflet-control-zoom-in').title});
  });
  return out;
"""


def _probe(tmp_path: Path, page: str) -> list[dict]:
    out, _ = browser.run_probe(tmp_path / "lang.html", page, PROBE)
    assert out["errors"] == [], out["errors"]
    return out["result"]


def _report(*fragments: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Report</title></head>'
        f"<body>{''.join(fragments)}</body></html>"
    )


def _assert_french(found: dict) -> None:
    assert found["lang"] == "fr"
    assert "Lieu" in found["popup"] and "Place" not in found["popup"]
    assert "(précision\u00a0: jour)" in found["popup"]
    assert "Source (1)" in found["popup"]
    assert "2 incidents à Nabk" in found["many"] and "Avant" not in found["many"]
    assert "à 12,3 km de Damascus" in found["many"]
    assert "2 incidents à Nabk" in found["tooltip"]
    assert found["count"] == "3 sur 3 affichés"
    assert found["narrowed"] == "1 sur 3 affiché"
    assert "Distance\u00a0:" in found["measure"] and "Dernier segment" in found["measure"]
    assert "3 points. Géodésique" in found["measure"]
    assert re.search(r"\d,\d km", found["measure"]), found["measure"]
    assert "Légende" in found["legend"] and "Legend" not in found["legend"]
    assert found["zoom"] == "Zoom avant"


def _assert_english(found: dict) -> None:
    assert found["lang"] == "en"
    assert "Place" in found["popup"] and "Lieu" not in found["popup"]
    assert "(day precision)" in found["popup"]
    assert "2 incidents at Nabk" in found["many"]
    assert "12.3 km from Damascus" in found["many"]
    assert found["count"] == "3 of 3 shown" and found["narrowed"] == "1 of 3 shown"
    assert "Distance:" in found["measure"] and "3 points. Geodesic" in found["measure"]
    assert re.search(r"\d\.\d km", found["measure"]), found["measure"]
    assert "Legend" in found["legend"]
    assert found["zoom"] == "Zoom in"


@pytest.mark.slow
def test_a_french_map_speaks_french_in_chromium(tmp_path: Path) -> None:
    (found,) = _probe(tmp_path, _page("fr"))
    _assert_french(found)


@pytest.mark.slow
def test_two_maps_on_one_page_each_keep_their_language(tmp_path: Path) -> None:
    english = render_html(busy(), title="En", embed=True)
    french = render_html(busy(), title="Fr", embed=True, layout=Layout(lang="fr"))
    # French first: the English map, started second, must not take the French words.
    fr, en = _probe(tmp_path, _report(french, english))
    _assert_french(fr)
    _assert_english(en)
