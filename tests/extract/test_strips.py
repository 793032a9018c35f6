"""Reading zones along borders: which distance is a strip's width, and which border it follows."""

import datetime as dt

import pytest

from geo.extract.batch import Extractor
from geo.extract.strips import country_of_word, find_coasts, find_lines, find_strips
from geo.extract.text import Span
from geo.geocode.gazetteer import default_gazetteer
from geo.read.articles import Article


def strips(text: str, article_countries=()):
    return find_strips(text, Span(0, len(text), text), list(article_countries), default_gazetteer())


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Syrian", "SY"),
        ("Jordanian", "JO"),
        ("Turkish", "TR"),
        ("Lebanese", "LB"),
        ("Belarus", "BY"),
        ("Syria's", "SY"),
        ("Ukrainian", "UA"),
        ("Polish", "PL"),
        ("Azerbaijani", "AZ"),
        ("Monday", None),
        ("Ankara", None),
    ],
)
def test_a_word_names_a_country_or_is_its_adjective(word, code):
    assert country_of_word(word, default_gazetteer()) == code


@pytest.mark.parametrize(
    ("text", "width_m", "countries", "side"),
    [
        (
            "Ankara wants a 32-kilometre security corridor along the Syrian-Turkish border.",
            32_000.0,
            {"SY", "TR"},
            None,
        ),
        (
            "Troops hold a 30 km deep buffer zone inside Syria along the Turkish border.",
            30_000.0,
            {"SY", "TR"},
            "SY",
        ),
        (
            "Warsaw barred flights within 15 km of the frontier with Belarus, Poland said.",
            15_000.0,
            {"BY", "PL"},
            "PL",  # the border "with Belarus": the strip is on this side
        ),
        (
            "Israel cleared a 3-km-wide strip along its border with Lebanon.",
            3_000.0,
            {"IL", "LB"},
            "IL",
        ),
        (
            "Baku said a 5 mile buffer along the Armenian border was mined by Azerbaijani units.",
            8_046.72,
            {"AM", "AZ"},
            "AZ",  # "the Armenian border", in Azerbaijan's words
        ),
        # Named lines between two countries, and a zone on both sides of one.
        ("Schools within 5 km of the LoC in Poonch stayed shut.", 5_000.0, {"IN", "PK"}, None),
        (
            "The DMZ extends 2 km on either side of the Military Demarcation Line.",
            2_000.0,
            {"KP", "KR"},
            None,
        ),
    ],
)
def test_a_width_along_a_named_border_is_a_strip(text, width_m, countries, side):
    (found,) = strips(text)
    assert found.width_m == pytest.approx(width_m)
    assert set(found.countries) == countries and found.side == side


def test_the_side_the_sentence_stands_on_when_the_phrase_names_no_country():
    (found,) = strips(
        "Armenia ordered villages within 15 km of the frontier to prepare shelters.",
        ["AM", "AZ"],
    )
    assert set(found.countries) == {"AM", "AZ"} and found.side == "AM"
    (found,) = strips(
        "The army declared a zone extending 5 km from the border fence on the Jordanian side.",
        ["JO", "SY"],
    )
    assert found.width_m == 5_000.0 and found.side == "JO"


def test_one_country_in_the_sentence_and_another_in_the_article_make_the_border():
    text = "Jordan declared the 25-kilometre border strip a closed military zone."
    assert strips(text) == []  # one country: which border is not known
    (found,) = strips(text, ["SY", "JO"])
    assert set(found.countries) == {"JO", "SY"}


@pytest.mark.parametrize(
    "text",
    [
        "Russian troops massed 20 km from the Ukrainian border.",
        "The convoy came within 17 miles of At Tanf.",
        "A 55 km zone around At Tanf garrison was declared.",
        "Shelling hit villages 5 km north of the border town of Azaz, Syria and Turkey said.",
    ],
)
def test_distances_that_are_no_strip_width_give_none(text):
    assert strips(text, ["SY", "TR", "UA", "RU"]) == []


def test_an_extracted_strip_is_a_zone_along_the_border_and_no_ring():
    extractor = Extractor(default_gazetteer())
    text = (
        "Turkey wants a 32-kilometre security zone along the Syrian-Turkish border near Azaz, "
        "officials said."
    )
    extractor.add(Article("strip.txt", text, dt.date(2024, 3, 4), "test"))
    zones = [
        f for f in extractor.finish().collection()["features"] if f["properties"]["kind"] == "zone"
    ]
    assert len(zones) == 1
    props = zones[0]["properties"]
    assert (
        props["shape"] == "strip" and props["center"] == "Syria–Turkey border"
    )  # as the text names it
    assert props["radius_m"] == 32_000.0 and props["line"]["between"] in (
        ["SY", "TR"],
        ["TR", "SY"],
    )
    assert props["reported"]["text"].startswith("32-kilometre security zone along")
    assert zones[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


@pytest.mark.parametrize(
    ("text", "width_m", "country"),
    [
        (
            "Ships should keep more than 30NM off the Yemeni coast, the advisory said.",
            55_560.0,
            "YE",
        ),
        ("Waters within 12 nautical miles of the Odesa region coast were mined.", 22_224.0, "UA"),
        ("The tanker was seized in Iran's 12-nautical-mile territorial waters.", 22_224.0, "IR"),
        (
            "Boats entered the Philippines' 200-nautical-mile exclusive economic zone.",
            370_400.0,
            "PH",
        ),
    ],
)
def test_a_width_from_a_country_s_coast_is_a_coastal_zone(text, width_m, country):
    (found,) = find_coasts(text, Span(0, len(text), text), [], default_gazetteer())
    assert found.width_m == pytest.approx(width_m) and found.country == country


@pytest.mark.parametrize(
    "text",
    [
        "China claims a 12-nautical-mile territorial sea around the shoal.",
        "The ship sank 20 km off Aden.",
        "A 55 km zone around At Tanf was declared.",
    ],
)
def test_distances_not_from_a_coast_give_no_coastal_zone(text):
    assert find_coasts(text, Span(0, len(text), text), [], default_gazetteer()) == []


def test_a_coastal_zone_is_sea_within_the_width_of_the_coast():
    import shapely.geometry

    from geo.strips import coastal_zone, country_shape

    zone = shapely.geometry.shape(coastal_zone("YE", 55_560.0))
    land = shapely.geometry.shape(country_shape("YE"))
    assert zone.is_valid and zone.intersection(land).area < 1e-6 * zone.area + 1e-9
    aden_sea = shapely.geometry.Point(45.1, 12.5)  # about 30 km off Aden, at sea
    far_sea = shapely.geometry.Point(45.0, 10.5)  # about 250 km out
    assert zone.contains(aden_sea) and not zone.contains(far_sea)


def _strip_zones(text: str) -> list[dict]:
    extractor = Extractor(default_gazetteer())
    extractor.add(Article("strip.txt", text, dt.date(2024, 3, 4), "test"))
    return [
        f for f in extractor.finish().collection()["features"] if f["properties"]["kind"] == "zone"
    ]


def test_the_places_of_the_report_tell_the_other_country_of_a_border():
    # The report never names Ukraine: its towns do.
    (zone,) = _strip_zones(
        "Shelling hit Vovchansk and Kharkiv overnight. Officials ordered families to leave "
        "a 10-kilometre strip along the Russian border."
    )
    assert zone["properties"]["line"]["between"] in (["RU", "UA"], ["UA", "RU"])
    assert zone["properties"]["line"]["side"] == "UA"


def test_a_fence_is_a_border_and_its_stretch_is_the_one_near_the_places_named():
    from shapely.geometry import shape

    (zone,) = _strip_zones(
        "Israel's military ordered farmers near Sderot to stay at least 1 km from the "
        "Gaza perimeter fence."
    )
    line = zone["properties"]["line"]
    assert sorted(line["between"]) == ["IL", "PS"] and line["side"] == "IL"
    # Along Gaza's stretch only: not around the West Bank, 40 km east.
    assert shape(zone["geometry"]).bounds[2] < 34.7


def test_a_border_with_a_territory_named_with_the():
    (zone,) = _strip_zones(
        "The army cleared a 5-kilometre buffer zone along the border with the Gaza Strip "
        "in the Egyptian town of Rafah."
    )
    line = zone["properties"]["line"]
    assert sorted(line["between"]) == ["EG", "PS"] and line["side"] == "EG"


def test_the_side_is_where_the_sentences_places_lie():
    (zone,) = _strip_zones(
        "Officials ordered schools within 5 km of the LoC in Poonch and Rajouri districts "
        "to stay closed."
    )
    assert zone["properties"]["line"]["side"] == "IN"


def test_widths_reported_along_one_border_are_compared_as_a_finding():
    from geo.relations import relate

    extractor = Extractor(default_gazetteer())
    extractor.add(
        Article(
            "a.txt",
            "Turkey wants a 30-km-deep security strip along its border inside Syria.",
            dt.date(2024, 3, 4),
            "test",
        )
    )
    extractor.add(
        Article(
            "b.txt",
            "Ankara seeks a 32-kilometre security corridor along the Syrian-Turkish border.",
            dt.date(2024, 3, 5),
            "test",
        )
    )
    collection = extractor.finish().collection()
    (finding,) = collection["geo"]["findings"]
    assert finding["center"] == "Syria–Turkey border" and not finding["agree"]
    text = finding["text"]
    assert text.startswith("Along Syria–Turkey border, sources give 30 km")
    assert "(Syria side)" in text and "differ by 7%" in text and "Both strips are shown" in text
    zones = [f for f in collection["features"] if f["properties"]["kind"] == "zone"]
    assert all(len(z["properties"]["comparison"]) == 1 for z in zones)
    # Read back as a contract, the same finding.
    assert relate(collection)["geo"]["findings"] == collection["geo"]["findings"]


def test_a_strip_on_one_side_lies_in_that_country_beyond_the_old_detail_box():
    from pyproj import Geod
    from shapely.geometry import Point, shape

    # The Russia-Ukraine border north of Kharkiv lies beyond 45°N, where the
    # countries' 1:50m polygons once stopped; the strip must still be Ukraine's side.
    (zone,) = _strip_zones(
        "Shelling hit Vovchansk and Kharkiv overnight. Officials ordered families to leave "
        "a 10-kilometre strip along the Russian border."
    )
    area = shape(zone["geometry"])
    geod = Geod(ellps="WGS84")
    # Vovchansk (UA) lies about 5 km from the border; a point 5 km further north-east is Russia.
    assert area.contains(Point(36.94, 50.29))
    lon, lat, _ = geod.fwd(36.94, 50.29, 30.0, 12_000.0)
    assert not area.contains(Point(lon, lat))
    # And Russia's side is Russia's (with the countries cut at 45°N it was drawn in Ukraine).
    (zone,) = _strip_zones(
        "Shelling hit Belgorod overnight. Moscow declared a 10-kilometre buffer zone inside "
        "Russia along the Ukrainian border."
    )
    area = shape(zone["geometry"])
    assert area.contains(Point(lon, lat)) and not area.contains(Point(36.94, 50.29))


@pytest.mark.parametrize(
    ("text", "basis"),
    [
        (
            "Troops declared a strip 5 km wide along the road that links Mosul with Erbil.",
            "line needs review: “the road that links Mosul with Erbil”",
        ),
        (
            "Kyiv ordered the evacuation of villages within 10 km of the front line near Kupiansk.",
            "line needs review: “the front line”",
        ),
    ],
)
def test_a_zone_along_a_line_the_data_lacks_needs_review(text, basis):
    (zone,) = _strip_zones(text)
    props = zone["properties"]
    assert zone["geometry"] is None and props["center_basis"].startswith(basis)
    assert props["shape"] == "strip" and props["line"]["source"] is None


def test_a_zone_along_a_river_follows_the_river_near_the_report():
    from shapely.geometry import Point, shape

    (zone,) = _strip_zones(
        "Shelling hit Kherson again. Officials urged residents of areas within 3 km of the "
        "Dnipro to evacuate."
    )
    props = zone["properties"]
    assert props["center"] == "Dnipro river" and props["line"]["name"] == "Dnipro"
    area = shape(zone["geometry"])
    # The river at Kherson, not its whole course: Kyiv's stretch is not in it.
    assert area.distance(Point(32.6, 46.65)) < 0.1
    assert not area.intersects(Point(30.55, 50.45).buffer(0.3))


def test_the_river_written_with_its_article_is_no_town():
    extractor = Extractor(default_gazetteer())
    extractor.add(
        Article(
            "r.txt",
            "Ukrainian troops held positions on the east bank of the Dnipro near Kherson.",
            dt.date(2024, 3, 4),
            "test",
        )
    )
    names = [
        f["properties"]["name"]
        for f in extractor.finish().collection()["features"]
        if f["properties"]["kind"] == "place"
    ]
    assert "Dnipro" not in names and "Kherson" in names


def test_the_legend_names_strips_as_strips():
    from geo.render.html import render_html

    extractor = Extractor(default_gazetteer())
    extractor.add(
        Article(
            "s.txt",
            "Turkey wants a 30-km-deep security strip along its border inside Syria.",
            dt.date(2024, 3, 4),
            "test",
        )
    )
    page = render_html(extractor.finish().collection())
    assert "Zones: each strip as a source reports it" in page
    assert "each ring as" not in page


@pytest.mark.parametrize(
    ("text", "side"),
    [
        # Where fire came from is not where the zone is.
        (
            "Ukraine evacuated villages within 5 km of the border after Russian shelling "
            "from Belgorod.",
            "UA",
        ),
        ("Officials closed schools within 5 km of the LoC in Poonch district.", "IN"),
        # A country named in passing is no subject; the city the talks are in is.
        (
            "Diplomats shuttling between Beirut and Israel discussed a plan under which the "
            "group would keep its fighters at least 10 km from the frontier.",
            "LB",
        ),
        # The agent of a passive is a government, not where the zone lies.
        (
            "Under a 2018 agreement, since suspended by Seoul, drones were barred within 15 km "
            "of the Military Demarcation Line.",
            None,
        ),
    ],
)
def test_the_side_is_where_the_phrase_puts_the_zone(text, side):
    (zone,) = _strip_zones(text)
    assert zone["properties"]["line"]["side"] == side


@pytest.mark.parametrize(
    "text",
    [
        # A facility's fence is no border.
        "Shelling struck within 300 metres of the perimeter fence of the Zaporizhzhia "
        "nuclear plant, Russia and Ukraine said.",
        "Iranian missiles landed within 2 km of the Nevatim base fence, Israel said.",
    ],
)
def test_a_facilitys_fence_draws_no_border_strip(text):
    assert not [z for z in _strip_zones(text) if z["properties"].get("shape") == "strip"]


@pytest.mark.parametrize(
    "text",
    [
        "Troops advanced to within 2 km of the road.",
        "Shells landed up to 10 km from the front line.",
        "Ukraine pushed Russian forces back up to 8 km from the Dnipro river.",
    ],
)
def test_where_troops_got_to_or_shells_fell_is_no_zone_along_a_line(text):
    assert find_lines(text, Span(0, len(text), text), []) == []


@pytest.mark.parametrize(
    "text",
    [
        "Residents within 5000 km of the Dnipro in Kherson were told to leave.",
        "Officials closed villages within 0 km of the border with Russia near Kharkiv.",
    ],
)
def test_an_impossible_width_along_a_line_is_one_problem_not_a_crash(text):
    extractor = Extractor(default_gazetteer())
    extractor.add(Article("w.txt", text, dt.date(2024, 3, 4), "test"))
    finished = extractor.finish()
    assert not [f for f in finished.collection()["features"] if f["properties"]["kind"] == "zone"]
    assert any("along a line is no zone" in p for p in finished.problems)


@pytest.mark.parametrize(
    ("text", "kept"),
    [("The Dnipro mayor said the metro was hit.", True), ("Troops crossed the Dnipro.", False)],
)
def test_the_city_of_a_rivers_name_is_the_river_only_where_a_river_stands(text, kept):
    extractor = Extractor(default_gazetteer())
    extractor.add(Article("r.txt", text, dt.date(2024, 3, 4), "test"))
    names = [
        f["properties"]["name"]
        for f in extractor.finish().collection()["features"]
        if f["properties"]["kind"] == "place"
    ]
    assert ("Dnipro" in names) is kept


def test_fire_from_a_list_of_towns_does_not_set_the_side():
    (zone,) = _strip_zones(
        "Israel closed communities within 5 km of the border with Lebanon after rockets "
        "fired from Nabatieh and Tyre."
    )
    assert zone["properties"]["line"]["side"] == "IL"


def test_an_incident_inside_a_strip_says_so_and_the_strip_counts_it():
    from geo.relations import relate

    extractor = Extractor(default_gazetteer())
    extractor.add(
        Article(
            "s.txt",
            "Turkey wants a 30-km-deep security strip along its border inside Syria. "
            "Turkish drones struck Azaz on Monday, officials said.",
            dt.date(2024, 3, 4),
            "test",
        )
    )
    collection = extractor.finish().collection()
    (zone,) = [f for f in collection["features"] if f["properties"]["kind"] == "zone"]
    (strike,) = [f for f in collection["features"] if f["properties"]["kind"] == "incident"]
    assert zone["properties"]["incidents_inside"] == 1
    (entry,) = strike["properties"]["zones"]
    assert entry["inside"] and entry["center"] == zone["properties"]["center"]
    # Azaz lies a few km south of the border: within 10 km of the line, not tens.
    assert 0 <= entry["distance_m"] < 10_000
    again = relate(collection)
    (strike_again,) = [f for f in again["features"] if f["properties"]["kind"] == "incident"]
    assert strike_again["properties"]["zones"] == strike["properties"]["zones"]


_DMZ = (
    "North Korean soldiers briefly crossed the Military Demarcation Line on Sunday, the JCS "
    "said. The DMZ extends 2 km on either side of the Military Demarcation Line. Under a 2018 "
    "agreement, a no-fly zone for drones reached 15 km from the line in the east and 10 km in "
    "the west."
)


def test_from_the_line_is_the_named_line_told_before_with_a_width_for_each_half():
    import numpy as np
    import shapely
    from shapely.geometry import Point, shape

    zones = {round(z["properties"]["radius_m"]): z for z in _strip_zones(_DMZ)}
    assert set(zones) == {2000, 15000}
    drone = zones[15000]["properties"]
    assert sorted(drone["line"]["between"]) == ["KP", "KR"] and drone["line"]["side"] is None
    assert drone["by_part"] == [
        {"part": "east", "width_m": 15000.0},
        {"part": "west", "width_m": 10000.0},
    ]
    assert drone["label"].startswith("15 km") and "10 km (6.2 mi) in the west" in drone["label"]
    # Each half of the zone reaches its own width from the line: measured in a local
    # plane (km), the zone's outline west of the middle lies within 10 km of the
    # line, east of it out to 15 km.
    from geo.strips import border_between, line_of

    line = line_of(border_between("KP", "KR"))
    west, _, east, _ = line.bounds
    middle = (west + east) / 2

    def km(geometry):
        return shapely.transform(
            geometry, lambda xy: np.column_stack([xy[:, 0] * 87.7, xy[:, 1] * 110.9])
        )

    line_km = km(line)
    outline = shape(zones[15000]["geometry"]).exterior.coords
    reach = {"west": 0.0, "east": 0.0}
    for lon, lat in outline:
        if abs(lon - middle) < 0.3:
            continue  # where the halves meet
        d = line_km.distance(km(Point(lon, lat)))
        half = "west" if lon < middle else "east"
        reach[half] = max(reach[half], d)
    assert 9.5 < reach["west"] < 10.6 and 14.3 < reach["east"] < 15.9


def test_two_sizes_in_one_report_are_two_zones_not_sources_that_disagree():
    extractor = Extractor(default_gazetteer())
    extractor.add(Article("dmz.txt", _DMZ, dt.date(2024, 6, 10), "test"))
    collection = extractor.finish().collection()
    assert collection["geo"]["findings"] == []
    zones = [f for f in collection["features"] if f["properties"]["kind"] == "zone"]
    assert len(zones) == 2 and all(z["properties"]["comparison"] == [] for z in zones)


def test_a_country_named_only_by_adjective_is_the_other_side_of_the_border():
    from geo.extract.batch import extract
    from geo.read.articles import article_from_text

    text = (
        "date 2023-04-22 JAMMU - The Border Security Force fired at a Pakistani drone that "
        "crossed the border near R.S. Pura on Thursday night. Authorities banned the flying of "
        "drones within 10 km of the border in Jammu district.\n"
    )
    zones = [
        f["properties"]
        for f in extract([article_from_text(text, "t.txt")]).collection["features"]
        if f["properties"]["kind"] == "zone"
    ]
    assert [(z["shape"], z["radius_m"], sorted(z["line"]["between"])) for z in zones] == [
        ("strip", 10000.0, ["IN", "PK"])
    ]


def test_an_armed_force_that_orders_residents_does_not_put_the_strip_on_its_side():
    # The story is told from Lebanon's villages; the order comes from across the line.
    (zone,) = _strip_zones(
        "Shelling hit Khiam, Marjayoun and Bint Jbeil on Friday. The Israeli military warned "
        "people against going back to homes within 2 km of the Blue Line."
    )
    assert zone["properties"]["line"]["side"] == "LB"


def test_a_country_that_orders_its_own_villages_still_puts_the_strip_on_its_side():
    (zone,) = _strip_zones(
        "Armenia ordered villages within 15 km of the frontier with Azerbaijan to prepare shelters."
    )
    assert zone["properties"]["line"]["side"] == "AM"


def test_the_story_s_places_give_the_side_a_sentence_does_not():
    # Three Ukrainian towns, one Russian: the evacuation is on Ukraine's side.
    (zone,) = _strip_zones(
        "Glide bombs hit Vovchansk and Kupiansk, and drones struck Balakliia. Ukrainian drones "
        "hit a depot near Belgorod. Families were ordered to leave villages within 10 km of "
        "the border."
    )
    assert zone["properties"]["line"]["side"] == "UA"


def test_a_zone_both_states_agreed_lies_on_both_sides():
    (zone,) = _strip_zones(
        "Artillery fired near Cheorwon, Yeoncheon and Paju. Under the 2018 agreement, no live "
        "fire was allowed within 5 km of the Military Demarcation Line."
    )
    assert zone["properties"]["line"]["side"] is None
