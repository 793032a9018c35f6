"""Corpus tables: one report a row, in JSON Lines, CSV or Parquet, compressed or not.

Each row is an article as a file would be; a bad row is one line naming the
file and line, and the rows after it are still read.
"""

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from geo.read.corpus import (
    CorpusColumns,
    corpus_parts,
    count_rows,
    expand_globs,
    is_corpus_file,
    read_corpus,
    read_part,
)
from geo.read.inputs import read

STRIKE = "Russian forces struck a bridge near Kharkiv on Monday."
DRONE = "A drone hit a depot in Odesa on Tuesday, officials said."


def _jsonl(rows: list) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in rows)


ROWS = [
    {"text": STRIKE, "date": "2024-03-04", "outlet": "Wire", "url": "https://a.example/1"},
    b"{not json",
    {"text": ""},
    {"text": DRONE, "date": "2024-03-05T09:30:00Z", "id": "story-7"},
    {"text": STRIKE, "date": "last week"},
    ["a list"],
]


def _read(path: Path, **kwargs) -> tuple[list, list[str]]:
    problems: list[str] = []
    return list(read_corpus(str(path), problems, **kwargs)), problems


def _check_rows(articles: list, problems: list[str], name: str) -> None:
    assert [(a.id, str(a.published), a.outlet, a.url) for a in articles] == [
        (f"{name}:1", "2024-03-04", "Wire", "https://a.example/1"),
        ("story-7", "2024-03-05", None, None),
    ]
    assert articles[0].text == STRIKE
    assert problems == [
        f"{name}, line 2: not JSON (Expecting property name enclosed in double quotes:"
        " line 1 column 2 (char 1)); row skipped",
        f"{name}, line 3: no text in its 'text' column; row skipped",
        f"{name}, line 5: date 'last week' is not a date (YYYY-MM-DD); row skipped",
        f"{name}, line 6: not a JSON object; row skipped",
    ]


@pytest.mark.parametrize("ending", ["", ".gz", ".zst"])
def test_json_lines_plain_gzip_and_zstd(tmp_path, ending):
    data = _jsonl(ROWS)
    path = tmp_path / f"news.jsonl{ending}"
    if ending == ".gz":
        data = gzip.compress(data)
    if ending == ".zst":
        sink = pa.BufferOutputStream()
        with pa.CompressedOutputStream(sink, "zstd") as out:
            out.write(data)
        data = sink.getvalue().to_pybytes()
    path.write_bytes(data)
    articles, problems = _read(path)
    _check_rows(articles, [p.replace(str(path), path.name) for p in problems], path.name)
    assert count_rows(str(path)) == 6


def test_csv_with_named_columns_and_newlines_in_a_field(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text(
        "body,published,source\n"
        f'"{STRIKE}\nSecond paragraph.",2024-03-04,Wire\n'
        ",2024-03-04,Wire\n"
        f'"{DRONE}",2024-03-05,Agency\n',
        encoding="utf-8",
    )
    columns = CorpusColumns(text="body", date="published", outlet="source")
    assert is_corpus_file(path, columns) and not is_corpus_file(path)
    articles, problems = _read(path, columns=columns)
    assert [(a.id, a.outlet, str(a.published)) for a in articles] == [
        ("news.csv:2", "Wire", "2024-03-04"),
        ("news.csv:5", "Agency", "2024-03-05"),
    ]
    assert problems == [f"{path}, line 4: no text in its 'body' column; row skipped"]


def test_parquet_parts_are_row_groups_and_rows_are_numbered(tmp_path):
    path = tmp_path / "news.parquet"
    texts = [STRIKE, None, DRONE, STRIKE, DRONE]
    pq.write_table(pa.table({"text": texts, "date": ["2024-03-04"] * 5}), path, row_group_size=2)
    parts = corpus_parts(str(path), rows_per_part=3)
    assert [(p.start, p.stop) for p in parts] == [(0, 2), (2, 3)]
    problems: list[str] = []
    ids = [a.id for p in parts for a in read_part(p, problems)]
    assert ids == ["news.parquet:1", "news.parquet:3", "news.parquet:4", "news.parquet:5"]
    assert problems == [f"{path}, row 2: no text in its 'text' column; row skipped"]


def test_json_lines_parts_cover_every_row_once(tmp_path):
    path = tmp_path / "news.jsonl"
    rows = [{"text": f"{STRIKE} Report {n}.", "id": str(n)} for n in range(23)]
    path.write_bytes(_jsonl(rows))
    parts = corpus_parts(str(path), rows_per_part=5)
    assert len(parts) == 5 and [p.first_line for p in parts] == [1, 6, 11, 16, 21]
    problems: list[str] = []
    assert [a.id for p in parts for a in read_part(p, problems)] == [str(n) for n in range(23)]
    assert problems == []


def test_a_row_over_the_article_limit_is_named_and_the_next_is_read(tmp_path, monkeypatch):
    import geo.read.corpus as corpus

    monkeypatch.setattr(corpus, "MAX_ARTICLE_BYTES", 200)
    monkeypatch.setattr(corpus, "_SCAN_BYTES", 64)
    path = tmp_path / "news.jsonl"
    path.write_bytes(_jsonl([{"text": "x" * 1000}, {"text": STRIKE}]))
    articles, problems = _read(path)
    assert [a.id for a in articles] == ["news.jsonl:2"]
    assert problems == [
        f"{path}, line 1: longer than the 200-byte limit for one article; row skipped"
    ]


def test_a_pattern_names_its_files_and_one_matching_nothing_is_said(tmp_path):
    for n in (1, 2):
        (tmp_path / f"part-{n}.jsonl").write_bytes(_jsonl([{"text": STRIKE}]))
    found, problems = expand_globs((str(tmp_path / "part-*.jsonl"), str(tmp_path / "no-*.csv")))
    assert [Path(f).name for f in found] == ["part-1.jsonl", "part-2.jsonl"]
    assert problems == [f"{tmp_path / 'no-*.csv'}: no file matches this pattern"]


def test_corpus_rows_are_articles_of_the_batch_beside_text_files(tmp_path):
    (tmp_path / "one.txt").write_text(f"date 2024-03-04 {DRONE}", encoding="utf-8")
    (tmp_path / "news.jsonl").write_bytes(_jsonl(ROWS[:3]))
    inputs = read([tmp_path / "one.txt", tmp_path / "news.jsonl"])
    assert len(inputs.articles) == 4  # one file, three rows
    assert [a.id for a in inputs.articles] == ["one.txt", "news.jsonl:1"]
    assert len(inputs.problems) == 2 and all("news.jsonl, line" in p for p in inputs.problems)


def test_geo_extract_reads_a_compressed_corpus_by_pattern(tmp_path):
    for n, text in enumerate((STRIKE, DRONE)):
        row = {"txt": text, "date": "2024-03-04", "outlet": f"Outlet {n}"}
        (tmp_path / f"day-{n}.jsonl.gz").write_bytes(gzip.compress(_jsonl([row, b"{"])))
    out = tmp_path / "out.geojson"
    result = CliRunner().invoke(
        cli,
        ["extract", str(tmp_path / "day-*.jsonl.gz"), "--text-column", "txt", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    collection = json.loads(out.read_text(encoding="utf-8"))
    places = {f["properties"].get("name") for f in collection["features"]}
    assert {"Kharkiv", "Odesa"} <= places
    docs = {d["id"]: d["outlet"] for d in collection["geo"]["documents"]}
    assert docs == {"day-0.jsonl.gz:1": "Outlet 0", "day-1.jsonl.gz:1": "Outlet 1"}
    assert result.output.count("line 2: not JSON") == 2
    assert "Traceback" not in result.output
