"""`geo extract --workers`: what cannot run is one line, said before any cluster starts."""

from __future__ import annotations

from click.testing import CliRunner

from geo.cli.main import cli
from tests.cluster.helpers import sample_files


def _run(*args: str):
    return CliRunner().invoke(cli, ["extract", *args])


def test_a_cluster_run_needs_an_output_folder():
    result = _run(sample_files()[0], "--workers", "2")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "geo: error: a run on a cluster writes a GeoParquet dataset folder: give -o NAME"
    ]


def test_a_folder_that_is_not_a_dataset_is_not_written_over(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = _run(sample_files()[0], "--workers", "2", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert f"{tmp_path}: a folder that is not a geo dataset; name another output" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_inputs_that_are_no_corpus_are_named_and_none_left_is_an_error(tmp_path):
    article = tmp_path / "one.txt"
    article.write_text("Drones struck Kharkiv on Monday.", encoding="utf-8")
    result = _run(str(article), str(tmp_path / "none-*.jsonl"), "--workers", "1", "-o", "x.parquet")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == f"geo: {tmp_path / 'none-*.jsonl'}: no file matches this pattern"
    assert lines[1].startswith(f"geo: {article}: not a corpus table")
    assert lines[-1] == "geo: error: no corpus table to read"
    assert "Traceback" not in result.output
