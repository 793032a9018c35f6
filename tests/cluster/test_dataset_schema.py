"""The parts of a dataset share one schema, whatever each part's features hold."""

from __future__ import annotations

import io

import pyarrow.parquet as pq

from geo.features import feature, point
from geo.tables import column_kinds, joined_kinds, parquet_bytes, read_table


def _part(props: list[dict]) -> list[dict]:
    return [feature(point(30.0 + n, 50.0), {"kind": "place", **p}) for n, p in enumerate(props)]


def test_a_column_of_two_kinds_in_two_parts_is_json_text_in_both():
    first = _part([{"name": "A", "n": 1, "flag": True}])
    second = _part([{"name": "B", "n": 2.5}, {"name": None, "only_here": [1, 2]}])
    kinds = joined_kinds([column_kinds(first), column_kinds(second)])
    assert kinds == {"kind": "str", "name": "str", "n": "json", "flag": "bool", "only_here": "json"}
    tables = []
    for features in (first, second):
        data = parquet_bytes({"type": "FeatureCollection", "features": features}, kinds)
        tables.append(pq.read_table(io.BytesIO(data)))
        back = read_table(data, ".parquet", "part")["features"]
        assert [f["properties"] for f in back] == [f["properties"] for f in features]
    assert tables[0].schema.remove_metadata() == tables[1].schema.remove_metadata()
    assert tables[0].schema.field("n").type == "string"  # JSON text: 1 and 2.5 read back apart
