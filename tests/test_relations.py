import pytest
from pyproj import Geod

from geo.features import feature, feature_collection, point
from geo.relations import relate
from geo.render import render_html
from tests.helpers import of_kind, seed_collection
from tests.render.test_html import data_block

GEOD = Geod(ellps="WGS84")
CENTRE = [38.61778, 33.50583]


def zone(radius_m, value, unit, centre=CENTRE, name="At Tanf garrison", drawn=False):
    return feature(
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 1], [0, 0]]]},
        {
            "kind": "zone",
            "center": name,
            "center_lonlat": centre,
            "radius_m": radius_m,
            "reported": {"value": value, "unit": unit, "text": f"{value} {unit}"},
            "sources": []
            if drawn
            else [
                {
                    "document": f"{value}{unit}.txt",
                    "text": f"a {value} {unit} zone",
                    "start": 0,
                    "end": 9 + len(f"{value}{unit}"),
                }
            ],
        },
    )


def incident(lon, lat):
    return feature(point(lon, lat), {"kind": "incident", "event_type": "air strike", "sources": []})


def test_distance_and_inside_for_every_incident_and_zone():
    # A point 60 km due north of the centre: outside 54.7 km, inside 88.5 km.
    lon, lat, _ = GEOD.fwd(CENTRE[0], CENTRE[1], 0, 60_000)
    related = relate(
        feature_collection(
            [zone(54_717.696, 34, "mi"), zone(88_513.92, 55, "mi"), incident(lon, lat)]
        )
    )
    [inc] = of_kind(related, "incident")
    assert [(z["distance_m"], z["inside"]) for z in inc["properties"]["zones"]] == [
        (pytest.approx(60_000, abs=0.1), False),
        (pytest.approx(60_000, abs=0.1), True),
    ]
    assert [z["properties"]["incidents_inside"] for z in of_kind(related, "zone")] == [0, 1]


def test_km_mi_slip_is_named_and_both_rings_stay():
    related = relate(feature_collection([zone(54_717.696, 34, "mi"), zone(88_513.92, 55, "mi")]))
    [finding] = related["geo"]["findings"]
    assert finding["agree"] is False
    assert "34 mi = 54.7 km" in finding["text"] and "55 mi = 88.5 km" in finding["text"]
    assert "55 mi looks like a km/mi slip: 55 km = 34.2 mi" in finding["text"]
    assert len(of_kind(related, "zone")) == 2


def test_figures_within_one_percent_agree():
    related = relate(feature_collection([zone(54_717.696, 34, "mi"), zone(55_000, 55, "km")]))
    [finding] = related["geo"]["findings"]
    assert finding["agree"] is True
    assert "34 mi = 54.7 km and 55 km = 34.2 mi: they agree within 1%" in finding["text"]


def test_each_radius_is_compared_with_the_next_larger_one():
    related = relate(
        feature_collection(
            [zone(88_513.92, 55, "mi"), zone(54_717.696, 34, "mi"), zone(55_000, 55, "km")]
        )
    )
    texts = [f["text"] for f in related["geo"]["findings"]]
    assert len(texts) == 2  # not the three pairs: k radii give k - 1 findings
    assert "34 mi = 54.7 km and 55 km = 34.2 mi: they agree" in texts[0]
    assert "55 km = 34.2 mi and 55 mi = 88.5 km" in texts[1] and "km/mi slip" in texts[1]
    counts = {
        z["properties"]["radius_m"]: len(z["properties"]["comparison"])
        for z in of_kind(related, "zone")
    }
    assert counts == {54_717.696: 1, 55_000: 2, 88_513.92: 1}


def test_different_centres_are_not_compared():
    related = relate(
        feature_collection(
            [zone(55_000, 55, "km"), zone(88_000, 88, "km", centre=[37.16, 36.2], name="Aleppo")]
        )
    )
    assert related["geo"]["findings"] == []


def test_relate_does_not_change_its_input():
    original = feature_collection([zone(55_000, 55, "km"), incident(38.6, 33.6)])
    relate(original)
    assert "zones" not in original["features"][1]["properties"]


def test_seed_popups_and_header_carry_distances_and_the_finding():
    page = render_html(relate(seed_collection()))
    # The incidents' zone lines travel in their data block, read back here.
    strings = "\n".join(data_block(page)["s"])
    assert (
        "327 km from At Tanf garrison: outside the 54.7 km (34 mi) zone, outside the 88.5 km"
        in strings
    )
    assert "Sources differ." in page and "looks like a km/mi slip" in page


def test_rings_a_user_drew_are_not_compared():
    related = relate(
        feature_collection(
            [zone(55_000, 55, "km", drawn=True), zone(100_000, 100, "km", drawn=True)]
        )
    )
    assert related["geo"]["findings"] == []


def _story_incident(lon, lat, document):
    return feature(
        point(lon, lat),
        {
            "kind": "incident",
            "event_type": "air strike",
            "sources": [{"document": document, "text": "x", "start": 0, "end": 1}],
        },
    )


def test_an_incident_is_related_only_to_zones_that_concern_it():
    # 55 km zone at At Tanf. An incident 120 km away (within three radii) is
    # related; one 400 km away is not, unless its own report names At Tanf.
    near_lon, near_lat, _ = GEOD.fwd(CENTRE[0], CENTRE[1], 90, 120_000)
    far_lon, far_lat, _ = GEOD.fwd(CENTRE[0], CENTRE[1], 0, 400_000)
    tanf = zone(55_000, 55, "km")
    tanf["properties"]["center_gazetteer_id"] = "domain:tanf"
    place = feature(
        point(*CENTRE),
        {
            "kind": "place",
            "name": "At Tanf garrison",
            "gazetteer_id": "domain:tanf",
            "mentions": [{"document": "story.txt", "text": "At Tanf", "start": 0, "end": 7}],
        },
    )
    related = relate(
        feature_collection(
            [
                tanf,
                place,
                _story_incident(near_lon, near_lat, "other.txt"),
                _story_incident(far_lon, far_lat, "elsewhere.txt"),
                _story_incident(far_lon, far_lat, "story.txt"),
            ]
        )
    )
    near, far, told = of_kind(related, "incident")
    assert [z["distance_m"] for z in near["properties"]["zones"]] == [
        pytest.approx(120_000, abs=0.1)
    ]
    assert far["properties"]["zones"] == []
    assert [z["center"] for z in told["properties"]["zones"]] == ["At Tanf garrison"]
    assert told["properties"]["zones"][0]["inside"] is False


def test_a_digest_naming_many_zone_centres_is_no_one_zones_story():
    from geo.relations import MAX_ZONES_PER_INCIDENT

    # One report names the centres of eleven zones; its incident lies far from all.
    places, zones = [], []
    for k in range(MAX_ZONES_PER_INCIDENT + 1):
        centre = [30.0 + k, 50.0]
        z = zone(10_000, 10, "km", centre=centre, name=f"Town {k}")
        z["properties"]["center_gazetteer_id"] = f"g:{k}"
        zones.append(z)
        places.append(
            feature(
                point(*centre),
                {
                    "kind": "place",
                    "name": f"Town {k}",
                    "gazetteer_id": f"g:{k}",
                    "mentions": [{"document": "digest.txt", "text": "T", "start": 0, "end": 1}],
                },
            )
        )
    far = _story_incident(10.0, 10.0, "digest.txt")
    related = relate(feature_collection(zones + places + [far]))
    [inc] = of_kind(related, "incident")
    assert inc["properties"]["zones"] == []
    # With one zone centre fewer, the report is those zones' story again.
    related = relate(feature_collection(zones[1:] + places[1:] + [far]))
    [inc] = of_kind(related, "incident")
    assert len(inc["properties"]["zones"]) == MAX_ZONES_PER_INCIDENT


def test_nearby_zones_are_found_as_every_pair_would_find_them():
    """Zones anywhere (poles, the antimeridian, any size): the spatial index misses none."""
    import random

    from geo.relations import MAX_ZONES_PER_INCIDENT, NEAR_RADII

    rng = random.Random(20240607)
    zones, incidents = [], []
    for k in range(60):
        if k % 3 == 0:  # close to the antimeridian
            centre = [rng.choice([-1, 1]) * rng.uniform(175, 180), rng.uniform(-60, 60)]
        elif k % 3 == 1:  # close to a pole
            centre = [rng.uniform(-180, 180), rng.choice([-1, 1]) * rng.uniform(75, 89.9)]
        else:
            centre = [rng.uniform(-180, 180), rng.uniform(-70, 70)]
        radius = rng.choice([5_000, 55_000, 400_000, 2_500_000])
        zones.append(zone(radius, radius / 1000, "km", centre=centre, name=f"Z{k}", drawn=True))
        for _ in range(6):
            lon, lat, _ = GEOD.fwd(
                centre[0], centre[1], rng.uniform(0, 360), rng.uniform(0, 4.5 * radius)
            )
            incidents.append(incident(lon, lat))
    related = relate(feature_collection(zones + incidents))
    capped = 0
    for inc in of_kind(related, "incident"):
        lon, lat = inc["geometry"]["coordinates"]
        near = []
        for j, z in enumerate(zones):
            c, r = z["properties"]["center_lonlat"], z["properties"]["radius_m"]
            d = GEOD.inv(c[0], c[1], lon, lat)[2]
            if d <= NEAR_RADII * r:
                entry = (z["properties"]["center"], round(d, 1), d <= r)
                near.append((d > r, abs(d - r), j, entry))
        # Those inside first, then the nearest rings; listed in the collection's order.
        chosen = sorted(sorted(near)[:MAX_ZONES_PER_INCIDENT], key=lambda n: n[2])
        got = [(z["center"], z["distance_m"], z["inside"]) for z in inc["properties"]["zones"]]
        assert got == [n[3] for n in chosen]
        left_out = len(near) - len(chosen)
        assert inc["properties"].get("zones_not_listed", 0) == left_out
        capped += left_out > 0
    assert capped  # the big zones crowd some incidents past the cap
    counts = {
        z["properties"]["center"]: z["properties"]["incidents_inside"]
        for z in of_kind(related, "zone")
    }
    for z in zones:
        c, r = z["properties"]["center_lonlat"], z["properties"]["radius_m"]
        inside = sum(GEOD.inv(c[0], c[1], *i["geometry"]["coordinates"])[2] <= r for i in incidents)
        assert counts[z["properties"]["center"]] == inside


def test_relating_in_chunks_of_incidents_gives_the_same_result(monkeypatch):
    """Story zones first, then inside, then nearest, ten at most: as every pair would rank them."""
    import random

    import geo.relations
    from geo.relations import MAX_ZONES_PER_INCIDENT, NEAR_RADII

    rng = random.Random(7)
    features, centres = [], []
    for c in range(12):
        centre = [rng.uniform(33, 37), rng.uniform(31, 35)]
        centres.append(centre)
        features.append(
            feature(
                point(*centre),
                {
                    "kind": "place",
                    "name": f"C{c}",
                    "gazetteer_id": f"g:{c}",
                    "mentions": [{"document": f"{c % 5}.txt", "text": "C", "start": 0, "end": 1}],
                },
            )
        )
        for radius in rng.sample([10_000, 20_000, 40_000, 60_000, 90_000], 3):
            z = zone(radius, radius / 1000, "km", centre=centre, name=f"C{c}", drawn=True)
            z["properties"]["center_gazetteer_id"] = f"g:{c}"
            features.append(z)
    for k in range(700):  # more incidents than one chunk holds
        features.append(_story_incident(rng.uniform(32, 38), rng.uniform(30, 36), f"{k % 9}.txt"))
    whole = relate(feature_collection(features))
    zones = [f["properties"] for f in features if f["properties"]["kind"] == "zone"]
    story_docs = {f"g:{c}": {f"{c % 5}.txt"} for c in range(12)}
    capped = storied = 0
    for inc in of_kind(whole, "incident"):
        lon, lat = inc["geometry"]["coordinates"]
        doc = inc["properties"]["sources"][0]["document"]
        ranked = []
        for j, z in enumerate(zones):
            d = GEOD.inv(*z["center_lonlat"], lon, lat)[2]
            story = doc in story_docs[z["center_gazetteer_id"]]
            if story or d <= NEAR_RADII * z["radius_m"]:
                inside = d <= z["radius_m"]
                ranked.append(
                    (
                        (not story, not inside, abs(d - z["radius_m"]), j),
                        (z["center"], round(d, 1), inside),
                    )
                )
        chosen = sorted(sorted(ranked)[:MAX_ZONES_PER_INCIDENT], key=lambda r: r[0][3])
        assert [
            (z["center"], z["distance_m"], z["inside"]) for z in inc["properties"]["zones"]
        ] == [r[1] for r in chosen]
        left_out = len(ranked) - len(chosen)
        assert inc["properties"].get("zones_not_listed", 0) == left_out
        capped += left_out > 0
        storied += any(r[0][0] is False for r in chosen)
    assert capped and storied
    monkeypatch.setattr(geo.relations, "_CHUNK", 7)
    assert relate(feature_collection(features)) == whole


@pytest.mark.slow
def test_a_hand_moved_zone_centre_moves_its_ring(tmp_path):
    """The contract is the truth: edit a zone's centre or radius and map it again."""
    import json
    import subprocess
    import sys

    from geo.features import dumps as dumps_
    from tests.helpers import ROOT

    collection = seed_collection()
    zones = of_kind(collection, "zone")
    edited = json.loads(dumps_(collection))
    [first, second] = of_kind(edited, "zone")
    first["properties"]["center_lonlat"] = [37.16117, 36.20124]  # moved to Aleppo
    second["properties"]["radius_m"] = 20_000.0  # and the other ring shrunk
    related = relate(edited)
    moved, shrunk = of_kind(related, "zone")
    for z, centre, radius in (
        (moved, [37.16117, 36.20124], zones[0]["properties"]["radius_m"]),
        (shrunk, zones[1]["properties"]["center_lonlat"], 20_000.0),
    ):
        ring = z["geometry"]["coordinates"][0]
        _, _, dist = GEOD.inv(
            [centre[0]] * len(ring),
            [centre[1]] * len(ring),
            [p[0] for p in ring],
            [p[1] for p in ring],
        )
        assert max(abs(d - radius) for d in dist) < 0.05
    assert shrunk["properties"]["label"] == "20 km (12.4 mi)"
    # An incident at the garrison is now outside the moved ring, 327 km from its centre.
    [at_tanf] = [
        i for i in of_kind(related, "incident") if i["properties"]["place"] == "At Tanf garrison"
    ][:1]
    [to_moved] = [
        z
        for z in at_tanf["properties"]["zones"]
        if z["radius_m"] == zones[0]["properties"]["radius_m"]
    ]
    assert to_moved["inside"] is False and 320_000 < to_moved["distance_m"] < 335_000
    # And `geo map` draws the moved ring, not the one in the file.
    path = tmp_path / "edited.geojson"
    path.write_text(dumps_(edited), encoding="utf-8")
    out = tmp_path / "edited.svg"
    subprocess.run(
        [sys.executable, "-m", "geo.cli", "map", str(path), "-o", str(out), "-q"],
        cwd=ROOT,
        check=True,
    )
    redrawn = tmp_path / "redrawn.svg"  # the rings drawn right in the file itself
    path.write_text(dumps_(related), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "geo.cli", "map", str(path), "-o", str(redrawn), "-q"],
        cwd=ROOT,
        check=True,
    )
    unedited = tmp_path / "seeds.svg"
    path.write_text(dumps_(collection), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "geo.cli", "map", str(path), "-o", str(unedited), "-q"],
        cwd=ROOT,
        check=True,
    )
    assert out.read_bytes() == redrawn.read_bytes() != unedited.read_bytes()


def test_a_ring_that_fits_its_zone_is_left_as_it_is():
    collection = seed_collection()
    related = relate(collection)
    for before, after in zip(of_kind(collection, "zone"), of_kind(related, "zone"), strict=True):
        assert after["geometry"] is before["geometry"]
