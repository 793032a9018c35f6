"""Places the user pins (--place, places.csv): the user's point wins over any reading."""

import pytest

from geo.errors import InputFormatError
from geo.extract.batch import extract
from geo.read.inputs import read
from geo.read.pins import parse_pin, read_pins

TEXT = (
    "date: 2024-04-08\n\nDrones struck the Zaporizhzhia nuclear power plant on Sunday, and the "
    "agency asked for a 30-kilometre exclusion zone around the Zaporizhzhia nuclear power plant.\n"
)


def test_a_pin_is_name_equals_lon_lat():
    pin = parse_pin("Khiam = 35.613, 33.328")
    assert (pin.name, pin.lon, pin.lat, pin.kind) == ("Khiam", 35.613, 33.328, "place")
    for bad in ("Khiam", "Khiam=35.6", "Khiam=x,33", "=35,33", "Khiam=200,33"):
        with pytest.raises(InputFormatError, match="--place"):
            parse_pin(bad)


def test_a_places_csv_beside_the_articles_pins_its_names(tmp_path):
    (tmp_path / "plant.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "places.csv").write_text(
        "name,lon,lat,kind,note\n"
        "Zaporizhzhia nuclear power plant,34.586,47.512,nuclear_power_plant,the user's point\n"
        "Nowhere,abc,1,,\n",
        encoding="utf-8",
    )
    inputs = read(tmp_path)
    assert [p.name for p in inputs.pins] == ["Zaporizhzhia nuclear power plant"]
    assert any("places.csv: line 3" in p for p in inputs.problems)
    features = extract(inputs).collection["features"]
    (zone,) = [f for f in features if f["properties"]["kind"] == "zone"]
    assert zone["properties"]["center_lonlat"] == [34.586, 47.512]
    strike = next(f for f in features if f["properties"].get("label") == "drone strike")
    assert strike["geometry"]["coordinates"] == [34.586, 47.512]


def test_a_places_csv_without_its_columns_is_one_line(tmp_path):
    (tmp_path / "places.csv").write_text("place;x;y\n", encoding="utf-8")
    pins, problems = read_pins(tmp_path / "places.csv")
    assert pins == [] and len(problems) == 1 and "name,lon,lat" in problems[0]
