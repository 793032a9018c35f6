"""`import geo`: the pipeline as plain functions, and a result that shows itself."""

import json
import re
import subprocess
import sys

import geo
from geo.features import dumps, feature, feature_collection, point
from tests.helpers import ROOT, SEEDS, of_kind, seed_collection


def test_import_geo_loads_nothing_heavy_until_used():
    code = (
        "import sys, geo; heavy = ('geo.extract', 'geo.render', 'folium', 'pandas', 'numpy',"
        " 'matplotlib'); print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stderr


def test_read_then_extract_is_what_geo_extract_writes(tmp_path):
    result = geo.extract(geo.read(SEEDS))
    assert result.problems == []
    assert result.collection == seed_collection()
    written = tmp_path / "seeds.geojson"
    cli = subprocess.run(
        [sys.executable, "-m", "geo.cli", "extract", str(SEEDS), "-o", str(written), "-q"],
        cwd=ROOT,
        check=True,
    )
    assert cli.returncode == 0
    assert written.read_text(encoding="utf-8") == dumps(result.collection, indent=1)


def test_stage_packages_are_called_and_keep_their_modules(tmp_path):
    assert geo.extract.places.__name__ == "geo.extract.places"
    assert geo.read.articles.__name__ == "geo.read.articles"
    out = tmp_path / "seeds.kml"
    assert geo.export(seed_collection(), out) == out
    again = tmp_path / "again.kml"
    geo.export.export(seed_collection(), again)
    assert out.read_bytes() == again.read_bytes()
    assert callable(geo.relate) and callable(geo.render_html) and callable(geo.render_static)


def test_extracting_what_read_found_joins_its_collections(tmp_path):
    edited = tmp_path / "events.geojson"
    event = feature(point(36.0, 34.0), {"kind": "incident", "label": "air strike"})
    edited.write_text(json.dumps(feature_collection([event])), encoding="utf-8")
    result = geo.extract(geo.read([SEEDS, edited, tmp_path / "missing.txt"]))
    assert (
        len(of_kind(result.collection, "incident"))
        == len(of_kind(seed_collection(), "incident")) + 1
    )
    assert len(result.problems) == 1 and "missing.txt" in result.problems[0]
    # Related again as a whole: the added event knows the zones near it.
    [added] = [
        f
        for f in of_kind(result.collection, "incident")
        if f["geometry"]["coordinates"] == [36.0, 34.0]
    ]
    assert "zones" in added["properties"]


def test_one_typed_geodataframe_per_kind():
    places, zones, incidents = geo.to_geodataframes(seed_collection())
    assert (len(places), len(zones), len(incidents)) == tuple(
        len(of_kind(seed_collection(), k)) for k in ("place", "zone", "incident")
    )
    assert str(zones.crs) == "EPSG:4326"
    assert str(zones["radius_m"].dtype) == "Float64"
    assert set(incidents.geometry.geom_type) == {"Point"}
    assert json.loads(incidents["sources"].iloc[0])[0]["document"].endswith(".txt")


def test_the_readme_notebook_recipe_runs_as_written():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [recipe] = re.findall(r"```python\n(import geo\n.*?)```", readme, re.S)
    namespace: dict = {}
    exec(compile(recipe.replace('["seeds"]', f"[{str(SEEDS)!r}]"), "README", "exec"), namespace)
    result = namespace["result"]
    frame = result._repr_html_()
    assert frame.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;') and "sandbox=" in frame
    assert "&lt;script" in frame and "<script" not in frame  # the page, escaped into srcdoc
    assert result.__geo_interface__["type"] == "FeatureCollection"
