"""``geo extract --workers N`` / ``--scheduler ADDRESS``: a corpus extracted on Dask."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

from geo.cli.options import note
from geo.errors import OutputError
from geo.read.articles import safe_name
from geo.read.corpus import CorpusColumns, corpus_files_in, expand_globs, is_corpus_file


def run_on_cluster(
    inputs: tuple[str, ...],
    output: Path | None,
    *,
    quiet: bool,
    workers: int | None,
    scheduler: str | None,
    columns: CorpusColumns,
    default_date: dt.date | None,
    rows_per_part: int,
) -> None:
    """Run the corpus files among ``inputs`` on a cluster into the dataset folder ``output``."""
    if output is None:
        raise OutputError("a run on a cluster writes a GeoParquet dataset folder: give -o NAME")
    if not scheduler and importlib.util.find_spec("distributed"):
        from geo.cluster.local import start_fork_server

        # The workers' gazetteer loads in it while this process imports Dask
        # and reads the corpus's manifest.
        start_fork_server()
    try:
        from geo.cluster.run import run_corpus
    except ImportError as exc:
        raise OutputError(
            f"--workers and --scheduler need Dask ({exc.name} is not installed):"
            " pip install 'geo[dask]'"
        ) from None
    names, problems = expand_globs(inputs)
    corpus = []
    for name in names:
        if Path(name).is_file() and is_corpus_file(name, columns):
            corpus.append(name)
        elif Path(name).is_dir() and (tables := corpus_files_in(name, columns)):
            corpus += tables
        else:
            problems.append(
                f"{safe_name(name)}: not a corpus table (.jsonl, .csv or .parquet with a"
                f" {columns.text!r} column, .gz or .zst); a cluster run reads those only; skipped"
            )
    for p in problems:
        note(p, quiet=quiet)
    if not corpus:
        note("error: no corpus table to read", quiet=False)
        sys.exit(1)
    summary = run_corpus(
        corpus,
        output,
        lambda line: note(line, quiet=quiet),
        workers=workers,
        scheduler=scheduler,
        columns=columns,
        default_date=default_date,
        rows_per_part=rows_per_part,
        show_progress=None if not quiet else False,
    )
    if summary.done_before:
        note(
            f"{summary.done_before} of {summary.parts} parts were done by an earlier run",
            quiet=quiet,
        )
    note(
        f"wrote {output}: {len(summary.written)} parts, {summary.articles:,} reports read now",
        quiet=quiet,
    )
