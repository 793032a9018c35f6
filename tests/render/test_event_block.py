"""An ACLED export's page made from its columns says what the page made from its features says.

``geo map events.csv`` builds the incidents' block straight from the export's
columns (``geo.render.event_block``); every other map builds it feature by
feature (``geo.render.incidents``). Both blocks are read back here and each
incident resolved to what its popup, symbol and filters use: they must agree.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import subprocess
import sys
from pathlib import Path

import pytest

import geo.render.event_block as event_block_module
from geo.read.acled import event_collection, read_acled_events
from geo.render.contract import document_table
from geo.render.event_block import event_block
from geo.render.incidents import IncidentBlock, decode_block, incident_block
from tests.helpers import DATA, ROOT
from tests.render import browser
from tests.render.test_html import data_block

COLUMNS = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
           "actor1", "actor2", "admin1", "country", "location", "latitude", "longitude",
           "geo_precision", "source", "notes", "fatalities"]  # fmt: skip
STRING_COLUMNS = ("place", "a1", "a2", "db", "pb", "sub", "id")
LONG = "Militants attacked a checkpoint near the bridge, according to local sources, " * 6


def resolved(block: IncidentBlock) -> tuple[list[tuple], list[tuple]]:
    """Return each incident as the page shows it (all strings as text), and the types."""
    block.ready()
    d = decode_block(block.parts, block.encoding)
    s = d["s"]

    def text(k: object) -> str | None:
        return s[k] if isinstance(k, int) and k >= 0 else None

    rows = []
    n = len(d["si"])
    for i in range(n):
        site = d["si"][i]
        spans = []
        for doc, sentence, lo, hi, *rest in d["src"][i]:
            outlet = text(rest[0]) if rest else None
            spans.append(([text(v) for v in d["docs"][doc]], text(sentence), lo, hi, outlet))
        summary = d["sum"][i] if "sum" in d else -1
        if isinstance(summary, list):
            first = spans[0][1] or ""
            summary = first[summary[0] : summary[1]] + ("…" if len(summary) == 3 else "")
        else:
            summary = text(summary)
        strings = [text(d[c][i]) if c in d else None for c in STRING_COLUMNS]
        fat = d["fat"][i] if "fat" in d else None
        rows.append(
            (d["lat"][site], d["lon"][site], text(d["types"][d["type"][i]][0]), d["periods"][i],
             text(d["date"][i]), text(d["prec"][i]), fat, summary, spans, *strings)
        )  # fmt: skip
    return rows, [(text(t[0]), t[1], t[2]) for t in d["types"]]


def both_blocks(source: str | Path | bytes) -> tuple[IncidentBlock, IncidentBlock]:
    """Return the block made feature by feature and the one made from columns."""
    events, _ = read_acled_events(source, source="events.csv")
    collection = event_collection(events, events.features())
    docs = document_table(collection)
    return incident_block(collection["features"], docs), event_block(events, docs).ready()


def awkward_export() -> str:
    """Return an export whose rows take every way through the block's columns."""
    rows = [
        ["E1", "2020-01-05", "1", "Battles", "Armed clash", "Army", "Rebels", "North", "Mali",
         "Gao", "16.27", "-0.04", "1", "AFP", "Clashes in Gao.", "3"],
        # The same site, another type: a mixed site; a note cut at a word, with an ellipsis.
        ["E2", "2020-02-10", "3", "Riots", "Violent demonstration", "Rioters", "", "North",
         "Mali", "Gao", "16.27", "-0.04", "2", "Reuters; AFP", LONG, ""],
        # Notes with a line break and runs of spaces: summarised by the feature rule.
        ["", "2020-03-01", "2", "Protests", "", "Protesters", "", "South", "Mali", "Bamako",
         "12.64", "-8.0", "3", "", "Protesters  gathered\nin the square.  " + LONG, "0"],
        # Not ASCII and long; and a note made of what a cut summary drops.
        ["E4", "08 June 2017", "1", "", "", "Forces armées", "", "Région de Kidal", "Mali",
         "Tessalit", "20.2", "1.01", "1", "Le Monde", "Des combats à Tessalit — " + LONG, "12"],
        ["E5", "2017-06-09", "1", "Battles", "Armed clash", "Army", "", "", "Mali", "",
         "20.3", "1.02", "", "", ",;: " * 100, "1"],
        # No type and a note that says what happened; an ellipsis inside the note.
        ["E6", "2019-12-31", "", "", "", "", "", "", "", "", "-3.5", "29.9", "", "",
         "Shelling reported… " + LONG, "x"],
    ]  # fmt: skip
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


# One pass; two halves, the second renumbered into the first; many pieces of a few strings.
@pytest.mark.parametrize(("pieces_from", "piece"), [(50_000, 125_000), (2, 125_000), (2, 3)])
def test_the_sample_and_awkward_rows_read_the_same_from_columns(monkeypatch, pieces_from, piece):
    monkeypatch.setattr(event_block_module, "_HALVES_FROM", pieces_from)
    monkeypatch.setattr(event_block_module, "_PIECE_STRINGS", piece)
    for source in (DATA / "acled_sample.csv", awkward_export()):
        by_features, by_columns = both_blocks(source)
        rows, types = resolved(by_features)
        assert resolved(by_columns) == (rows, types)
        for name in ("count", "sites", "types", "first_day", "last_day", "undated", "histogram",
                     "corners", "shared_sites", "mixed_sites", "fatalities"):  # fmt: skip
            assert getattr(by_columns, name) == getattr(by_features, name), name
    # The awkward rows did take those ways: a cut summary, an odd one, a mixed site.
    assert by_columns.mixed_sites and any(r[7] and r[7].endswith("…") for r in rows)
    assert any(r[7] and "\n" not in r[7] and "Protesters gathered in" in r[7] for r in rows)


def test_an_empty_table_is_an_empty_block():
    header = ",".join(COLUMNS) + "\n"
    bad = header + "E1,2020-01-05,1,Battles,,,,,,,,,,,no place,\n"
    events, problems = read_acled_events(bad, source="events.csv")
    assert len(events) == 0 and problems
    block = event_block(events, {})
    assert block.count == 0 and block.parts == [] and block.script_elements() == ""


def _map_scale():
    spec = importlib.util.spec_from_file_location("map_scale", ROOT / "benchmarks/map_scale.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_an_export_of_50k_events_maps_from_columns_with_popups_filter_and_legend(tmp_path):
    browser.chromium()
    n = 50_000
    export = _map_scale().write_acled_like(tmp_path / "events.csv", n, seed=7)
    with export.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    page_path = tmp_path / "events.html"
    done = subprocess.run(
        [sys.executable, "-m", "geo.cli", "map", str(export), "-o", str(page_path), "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page = page_path.read_text(encoding="utf-8")
    assert f'data-geo-count="{n}"' in page
    types = data_block(page)["type"]
    chosen = 31_415
    in_2018 = sum(1 for r in rows if r["event_date"].startswith("2018"))
    out, _ = browser.run_probe(
        tmp_path / "probe.html",
        page,
        f"""
      var root = document.querySelector('.geo-root'), api = root.geoMap;
      var out = {{shown: api.shown(), first: +root.getAttribute('data-geo-first-marker-ms'),
                 clusters: api.drawn().clusters.length}};
      out.site = api.openSite(api.siteOf({chosen})).getElement().textContent;
      out.popup = api.incidentNode({chosen}).textContent;
      out.year = api.setRange('2018-01-01', '2018-12-31');
      api.setRange(null, null);
      out.typeOff = api.toggleType(api.data.type[0]) ? -1 : api.shown();
      out.legend = root.querySelectorAll('[data-geo-type]').length;
      return out;
    """,
        wait_for="document.querySelector('.geo-root').getAttribute('data-geo-incidents')"
        " === 'ready'",
        budget_ms=120_000,
    )
    assert out["errors"] == [], out["errors"]
    result = out["result"]
    assert result["shown"] == n and result["first"] > 0 and result["clusters"] > 5
    row = rows[chosen]
    # Its popup, from the columns: the notes, actors, place and id; its site's popup opens.
    for value in (row["notes"], row["actor1"], row["location"], row["event_id_cnty"]):
        assert value in result["popup"]
    assert row["location"] in result["site"]
    assert result["year"] == in_2018  # the time filter counts whole days of 2018
    assert result["typeOff"] == n - types.count(types[0])  # the legend turns a type off
    assert result["legend"] >= 6


def test_a_big_block_is_deflated_in_pieces_into_one_gzip_stream(monkeypatch):
    import gzip
    import zlib

    import geo.render.block_bytes as block_bytes

    monkeypatch.setattr(block_bytes, "PIECE_BYTES", 1000)
    raw = bytes(range(256)) * 40 + b"the same words again " * 400
    packed = block_bytes._gzip(raw, 1)
    assert gzip.decompress(packed) == raw == zlib.decompress(packed, wbits=31)
    assert packed != zlib.compress(raw, 1, wbits=31)  # (it was made in pieces)


@pytest.mark.slow
def test_a_block_deflated_in_pieces_reads_back_in_chromium(tmp_path, monkeypatch):
    import geo.render.block_bytes as block_bytes
    from geo.render.html import render_html

    browser.chromium()
    monkeypatch.setattr(block_bytes, "PIECE_BYTES", 4096)
    export = _map_scale().write_acled_like(tmp_path / "events.csv", 3000, seed=3)
    events, _ = read_acled_events(export, source="events.csv")
    collection = event_collection(events, [])
    page = render_html(collection, title="Pieces", events=events)
    notes = events.notes.to_pylist()
    out, _ = browser.run_probe(
        tmp_path / "pieces.html",
        page,
        """
      var api = document.querySelector('.geo-root').geoMap;
      return {shown: api.shown(), popup: api.incidentNode(2999).textContent};
    """,
        wait_for="document.querySelector('.geo-root').getAttribute('data-geo-incidents')"
        " === 'ready'",
    )
    assert out["errors"] == [], out["errors"]
    assert out["result"]["shown"] == 3000 and notes[2999] in out["result"]["popup"]
