"""What the cluster tests share: the sample corpus, its one-process extraction, and a comparison."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from tests.helpers import TESTS

SAMPLE = TESTS / "fixtures" / "corpus_sample"


def sample_files() -> list[str]:
    return [str(p) for p in sorted(SAMPLE.iterdir()) if p.name.startswith("reports-")]


def features_of(path: Path | str) -> tuple[list[str], list[str]]:
    """Return the features and the reports of an output (a file or a dataset folder), sorted.

    Each as its JSON text with sorted keys, so two outputs compare feature by feature.
    """
    from geo.read.inputs import read

    found = read([path])
    assert found.problems == []
    [collection] = found.collections
    return (
        sorted(json.dumps(f, sort_keys=True) for f in collection["features"]),
        sorted(json.dumps(d, sort_keys=True) for d in collection["geo"]["documents"]),
    )


@lru_cache(maxsize=1)
def one_process() -> tuple[list[str], list[str]]:
    """Return what `geo extract` in one process writes for the sample corpus (GeoParquet).

    Computed once for the test session.
    """
    import tempfile

    from click.testing import CliRunner

    from geo.cli.main import cli

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "one.parquet"
        result = CliRunner().invoke(cli, ["extract", *sample_files(), "-o", str(out), "--quiet"])
        assert result.exit_code == 0, result.output
        return features_of(out)


def told_in_other_files(features: list[str]) -> int:
    """Return how many incidents have sources from reports in two files or more."""
    from geo.read.corpus import read_corpus

    file_of = {a.id: path for path in sample_files() for a in read_corpus(path, [])}
    count = 0
    for text in features:
        props = json.loads(text)["properties"]
        if props["kind"] == "incident":
            files = {file_of[s["document"]] for s in props["sources"]}
            count += len(files) > 1
    return count
