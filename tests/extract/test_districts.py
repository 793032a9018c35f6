"""A part of a city: "the X district of Y" is in Y, whatever else is called X."""

from geo.extract.districts import read_districts
from geo.extract.places import PlaceFinder
from geo.geocode.gazetteer import default_gazetteer
from geo.geocode.rank import distance_km


def read(text: str):
    gazetteer = default_gazetteer()
    return read_districts(text, PlaceFinder(gazetteer).find(text), gazetteer)


def test_a_district_read_as_a_far_place_is_placed_in_its_city():
    found = read("Shelling hit the Salem district of Gaza City on Monday.")
    district = next(m for m in found if m.place.place_type == "district")
    city = next(m for m in found if m.place.place_type == "city")
    assert district.place.name == "Salem (Gaza)" and district.span.text.startswith("Salem")
    assert (district.place.lon, district.place.lat) == (city.place.lon, city.place.lat)
    assert not any(m.place.name == "Jerusalem District" for m in found)


def test_a_real_place_near_the_city_is_kept():
    # "Beit Lahia ... of Gaza" is a town a few km away: within the city's reach, kept as it is.
    names = [m.place.name for m in read("Strikes hit the Beit Lahia area of Gaza on Monday.")]
    assert not any("(" in n for n in names)


def test_a_city_named_alone_is_untouched():
    found = read("Shelling hit Kharkiv and Odesa on Monday.")
    assert {m.place.place_type for m in found} == {"city"}


def test_a_town_named_with_its_division_is_the_division_at_its_centre():
    from geo.extract.districts import read_divisions

    # (Two stories: a town far from everything else a story names is a stray.)
    divisions = {}
    for text in (
        "Shelling hit the Tyre district of southern Lebanon on Monday.",
        "Shelling hit Poonch district on Monday, Indian officials said.",
    ):
        found = read_divisions(text, read(text))
        divisions |= {m.span.text: m.place for m in found if m.place.place_type == "region"}
    assert set(divisions) == {"Tyre district", "Poonch district"}
    town = next(m.place for m in PlaceFinder(default_gazetteer()).find("Shelling hit Tyre."))
    # At its seat, the town (the supplement's row for the district, or the town's point).
    tyre = divisions["Tyre district"]
    assert distance_km((tyre.lon, tyre.lat), (town.lon, town.lat)) < 1.0
    # A part of a city stays with the city: no division of a town called after it.
    city_part = "Troops entered the Salem district of Gaza City."
    assert not any(
        m.place.place_type == "region" for m in read_divisions(city_part, read(city_part))
    )


def test_a_flag_state_is_no_place():
    names = [m.span.text for m in read("A Barbados-flagged bulk carrier was hit off Aden.")]
    assert "Barbados" not in names and "Aden" in names


def test_a_part_of_a_city_the_gazetteer_lacks_is_read_as_that_part():
    text = "A bomb hit a block of flats in the Saltivskyi district of Kharkiv, wounding nine."
    found = {m.span.text: m.place for m in read(text)}
    district = found["Saltivskyi"]
    assert district.place_type == "district" and district.name == "Saltivskyi (Kharkiv)"
    # Placed at Saltivka, the place of Kharkiv it is named after (GeoNames 6722148,
    # 50.022, 36.349), not at the city's centre 8 km away, nor at a far namesake.
    assert (round(district.lat, 3), round(district.lon, 3)) == (50.022, 36.349)
    from geo.geocode.areas import geo_precision

    assert geo_precision(district) == 2  # a part of the city


def test_a_part_of_a_city_with_no_place_of_its_name_there_is_at_the_city():
    text = "A bomb hit a block of flats in the Zvezdny district of Kharkiv, wounding nine."
    found = {m.span.text: m.place for m in read(text)}
    district = found["Zvezdny"]
    assert district.place_type == "district" and district.name == "Zvezdny (Kharkiv)"
    assert (district.lon, district.lat) == (found["Kharkiv"].lon, found["Kharkiv"].lat)


def test_lower_case_parts_and_articles_are_no_district():
    for text in (
        "Shelling hit the industrial area of Kharkiv.",
        "Troops entered The area of Kharkiv.",
    ):
        assert [m.place.place_type for m in read(text)] == ["city"]


def test_who_holds_an_area_is_not_its_name():
    assert [m.place.place_type for m in read("Shelling hit the Russian-held area of Kherson.")] == [
        "city"
    ]
    # Spaced oddly, the part's span is still its name.
    (part, _) = read("A bomb hit the Saltivskyi  district of Kharkiv.")
    assert part.span.text.startswith("Saltivskyi") and part.place.place_type == "district"


def test_a_sector_of_a_district_is_the_town_of_its_name_within_the_district():
    # GeoNames: Keran (1267253) 34.654, 73.953 is 31 km from Kupwara, the district's seat.
    found = read("Militants were killed in the Keran sector of Kupwara district.")
    (keran,) = [m for m in found if m.span.text == "Keran"]
    assert keran.place.name == "Keran" and keran.place.place_type == "city"


def test_a_sector_spelled_unlike_the_gazetteer_is_the_namesake_there_not_a_far_town():
    # "Nowshera" is a Pakistani town 270 km away; GeoNames spells the Rajouri one Nāushahra.
    found = read("Mortar fire was reported in the Nowshera sector of Rajouri district.")
    (sector,) = [m for m in found if m.span.text == "Nowshera"]
    assert sector.place.name == "Nāushahra" and sector.place.country == "IN"


def test_the_citys_district_is_a_part_of_the_city_told_before():
    from geo.extract.batch import extract
    from geo.read.articles import article_from_text
    from tests.helpers import of_kind

    article = article_from_text(
        "date 2024-11-25 Kharkiv: a Russian drone hit a residential building in the city's "
        "Kyivskyi district on Monday.",
        "t.txt",
        default_date=None,
    )
    (feature,) = of_kind(extract([article]).collection, "incident")
    assert feature["properties"]["place"] == "Kyivskyi (Kharkiv)"
