"""One style for both maps: the HTML and the print renderer colour every zone and marker alike."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from geo.features import feature, feature_collection, point
from geo.render import render_html
from geo.render.static import render_static_bytes
from geo.render.style import INCIDENT_COLOUR, PLACE_COLOUR
from geo.zones import geodesic_ring
from tests.helpers import ROOT

A = (38.61778, 33.50583)  # lon, lat
B = (39.6, 34.2)


def _zone(centre: str, lonlat: tuple[float, float], radius_m: float, document: str) -> dict:
    sentence = f"A {radius_m / 1000:g} km zone around {centre}."
    return feature(
        geodesic_ring(lonlat, radius_m),
        {
            "kind": "zone",
            "center": centre,
            "center_lonlat": list(lonlat),
            "radius_m": radius_m,
            "sources": [{"document": document, "text": sentence, "start": 0, "end": len(sentence)}],
        },
    )


def two_centres() -> dict:
    """Return zones A 55 km (reported by two documents), B 20 km, an incident and a place."""
    return feature_collection(
        [
            _zone("A", A, 55_000.0, "first.txt"),
            _zone("A", A, 55_000.0, "second.txt"),
            _zone("B", B, 20_000.0, "first.txt"),
            feature(
                point(*A),
                {"kind": "incident", "event_type": "Battles", "date": "2024-01-02", "place": "A"},
            ),
            feature(point(*B), {"kind": "place", "name": "B", "mentions": []}),
        ]
    )


def html_zone_colours(page: str) -> list[tuple[str, str]]:
    """Return (radius, colour) of each zone in the HTML legend, where every zone has its ring."""
    return sorted(
        re.findall(
            r'<circle cx="9" cy="9" r="7" fill="(#[0-9a-f]{6})" fill-opacity="0\.15" '
            r'stroke="#[0-9a-f]{6}" stroke-width="2"/></svg><span>([\d.,]+ k?m) \(',
            page,
        ),
        key=lambda pair: (pair[1], pair[0]),
    )


def svg_zone_colours(svg: str) -> list[tuple[str, str]]:
    """Return (radius, colour) of each radius written on a ring of the print map."""
    return sorted(
        re.findall(
            r'<text style="font-weight: 700; font-size: 8\.5px; [^"]*fill: (#[0-9a-f]{6})"[^>]*>'
            r"([\d.,]+ k?m)</text>",
            svg,
        ),
        key=lambda pair: (pair[1], pair[0]),
    )


def test_html_and_print_maps_give_each_zone_the_same_colour() -> None:
    collection = two_centres()
    in_html = html_zone_colours(render_html(collection, title="Zones"))
    in_print = svg_zone_colours(render_static_bytes(collection, "svg", title="Zones").decode())
    assert [radius for _, radius in in_html] == ["20 km", "55 km", "55 km"]
    assert [(radius, colour) for colour, radius in in_print] == [
        (radius, colour) for colour, radius in in_html
    ]
    # One ring reported twice is one ring: one colour; the other centre gets its own.
    (b_colour, _), (a_first, _), (a_second, _) = in_html
    assert a_first == a_second != b_colour


def test_html_and_print_maps_draw_incidents_and_places_in_the_same_colours() -> None:
    collection = two_centres()
    page = render_html(collection, title="Markers")
    svg = render_static_bytes(collection, "svg", title="Markers").decode()
    assert f'"colour":"{INCIDENT_COLOUR}"' in page  # the runtime's incident fill
    assert f'"color":"{PLACE_COLOUR}"' in page  # the place circles' outline
    assert f"fill: {INCIDENT_COLOUR}" in svg and f"stroke: {PLACE_COLOUR}" in svg


# The modules a print map may load: its own, the shared style and the collection's reading.
PRINT_MODULES = {
    "geo.render",
    "geo.render.basemap",
    "geo.render.contract",
    "geo.render.static",
    "geo.render.static_content",
    "geo.render.static_inset",
    "geo.render.static_map",
    "geo.render.static_page",
    "geo.render.static_scale",
    "geo.render.static_view",
    "geo.render.strings",  # the interface words: the print map's are English
    "geo.render.style",
}


def test_print_map_loads_neither_folium_nor_the_html_map(tmp_path: Path) -> None:
    source = tmp_path / "collection.json"
    source.write_text(json.dumps(two_centres()), encoding="utf-8")
    png = tmp_path / "map.png"
    script = (
        "import json, sys\n"
        "from geo.render import render_static\n"
        "render_static(json.load(open(sys.argv[1])), sys.argv[2], title='Print')\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(source), str(png)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    # XStatic's namespace packages are imported at interpreter start by their .pth
    # files; only what rendering added counts.
    listing = "import json, sys; print(json.dumps(sorted(sys.modules)))"
    at_start = subprocess.run(
        [sys.executable, "-c", listing],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded = set(json.loads(result.stdout)) - set(json.loads(at_start.stdout))
    assert not {m for m in loaded if m.split(".")[0] in ("folium", "branca", "xstatic")}
    assert {m for m in loaded if m.startswith("geo.render")} <= PRINT_MODULES


def test_a_sub_event_type_has_one_symbol_on_every_map_whatever_else_it_shows():
    from geo.render.style import SUB_EVENT_SHAPES, type_shapes

    subs = {
        "shelling": "Shelling/artillery/missile attack",
        "air strike": "Air/drone strike",
        "drone strike": "Air/drone strike",
        "clash": "Armed clash",
    }
    one = type_shapes({"shelling": 9, "air strike": 1}, subs)
    other = type_shapes({"clash": 4, "drone strike": 7, "shelling": 1}, subs)
    assert one["shelling"] == other["shelling"] == "star"
    assert one["air strike"] == other["drone strike"] == "triangle-down"
    assert other["clash"] == "triangle"
    # Within one event type, no two sub-event types share a symbol.
    explosions = [
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Suicide bomb",
        "Chemical weapon",
    ]
    assert len({SUB_EVENT_SHAPES[s] for s in explosions}) == len(explosions)


def test_each_acled_event_type_has_one_colour_and_symbol_in_html_and_print() -> None:
    from geo.render.style import EVENT_COLOURS

    def incident(lon, lat, label, event_type, sub_event_type):
        return feature(
            point(lon, lat),
            {
                "kind": "incident",
                "label": label,
                "event_type": event_type,
                "sub_event_type": sub_event_type,
                "date": "2024-03-04",
            },
        )

    collection = feature_collection(
        [
            incident(36.2, 34.4, "clash", "Battles", "Armed clash"),
            incident(
                36.9,
                35.1,
                "shelling",
                "Explosions/Remote violence",
                "Shelling/artillery/missile attack",
            ),
        ]
    )
    page = render_html(collection, title="Types")
    svg = render_static_bytes(collection, "svg", title="Types").decode()
    battles, explosions = EVENT_COLOURS["Battles"], EVENT_COLOURS["Explosions/Remote violence"]
    assert battles != explosions
    # The runtime's types carry each type's colour; the legend draws it.
    from tests.render.test_html import data_block

    colours = [colour for _, _, colour in data_block(page)["types"]]
    assert battles in colours and explosions in colours
    assert f'fill="{battles}"' in page and f'fill="{explosions}"' in page
    # The print map draws the same colours, and names each type in its legend.
    assert f"fill: {battles}" in svg and f"fill: {explosions}" in svg
    assert "clash (1)" in svg and "shelling (1)" in svg


def test_types_without_acled_codes_take_the_same_free_symbol_in_html_and_print() -> None:
    """Types the codebook does not know get their shape by frequency, once, for both maps."""
    from geo.render.contract import Document
    from geo.render.incidents import incident_block
    from geo.render.static_content import incident_spots, incident_types
    from geo.render.style import EVENT_COLOURS

    def incident(lon: float, lat: float, label: str) -> dict:
        return feature(point(lon, lat), {"kind": "incident", "label": label})

    features = [incident(36.0 + k / 10, 34.0, "raid") for k in range(3)]
    features += [incident(37.0, 35.0, "ambush")]
    # An air strike's sub-event has a fixed symbol whatever else the map holds.
    features.append(
        feature(
            point(38.0, 35.5),
            {
                "kind": "incident",
                "label": "air strike",
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Air/drone strike",
            },
        )
    )
    collection = feature_collection(features)
    html = {
        name: (shape, colour)
        for name, _, shape, colour, _ in incident_block(features, {"d": Document("d")}).types
    }
    print_types = {name: symbol for name, _, symbol in incident_types(collection)}
    assert print_types == html
    assert html["raid"][0] != html["ambush"][0]  # two unknown types, two shapes
    assert html["air strike"] == ("triangle-down", EVENT_COLOURS["Explosions/Remote violence"])
    # The marker of each spot is its type's symbol.
    spots = {s.xy: s.symbol for s in incident_spots(collection)}
    assert sorted(set(spots.values())) == sorted(set(html.values()))
