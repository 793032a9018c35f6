"""``geo extract``: articles and ACLED exports to the FeatureCollection of the contract."""

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from geo.cli.options import (
    date_option,
    follow_links_option,
    geo_errors,
    note,
    online_geocoder,
    online_options,
    place_option,
    program_gazetteer,
    quiet_option,
)
from geo.errors import OutputError
from geo.export import FORMATS, output_format
from geo.extract.batch import extract_batch
from geo.pipeline import join_acled, write_extraction
from geo.read.acled_file import is_acled_collection
from geo.read.corpus import DEFAULT_ROWS_PER_PART, CorpusColumns
from geo.read.inputs import read as read_all
from geo.read.pins import Pin


def corpus_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the names of a corpus table's columns: --text-column, --date-column, ..."""
    defaults = CorpusColumns()
    for field, what in reversed(
        (
            ("text", "the report's text"),
            ("date", "its publication date (YYYY-MM-DD or an ISO timestamp)"),
            ("url", "its address"),
            ("outlet", "who published it"),
            ("id", "its id (default: FILE:LINE)"),
        )
    ):
        default = getattr(defaults, field)
        func = click.option(
            f"--{field}-column",
            f"{field}_column",
            default=default,
            show_default=True,
            metavar="NAME",
            help=f"Corpus tables (.jsonl, .csv, .parquet): the column of {what}.",
        )(func)
    return func


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write here instead of stdout; with --workers or --scheduler, a dataset folder.",
)
@click.option(
    "--format",
    "output_kind",
    type=click.Choice(list(FORMATS)),
    default=None,
    help="Output format where -o's suffix names none, and on stdout (default geojson).",
)
@date_option
@follow_links_option
@place_option
@online_options
@corpus_options
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Run on a local Dask cluster of this many processes; -o names a dataset folder.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    envvar="DASK_SCHEDULER_ADDRESS",
    help="Run on the Dask cluster at this address (tcp://HOST:8786); also DASK_SCHEDULER_ADDRESS.",
)
@click.option(
    "--rows-per-part",
    type=click.IntRange(min=1),
    default=DEFAULT_ROWS_PER_PART,
    show_default=True,
    help="With --workers or --scheduler: reports a task reads (a JSON Lines or Parquet file's).",
)
@quiet_option
@geo_errors
def extract_command(
    inputs: tuple[str, ...],
    output: Path | None,
    output_kind: str | None,
    default_date: dt.date | None,
    follow_links: bool,
    pins: list[Pin],
    provider: str | None,
    online_url: str | None,
    text_column: str,
    date_column: str,
    url_column: str,
    outlet_column: str,
    id_column: str,
    workers: int | None,
    scheduler: str | None,
    rows_per_part: int,
    quiet: bool,
) -> None:
    """Extract places, zones and incidents from articles (files, folders, - for stdin).

    A corpus of one report a row (JSON Lines, CSV or Parquet, .gz or .zst
    compressed, or a pattern such as 'corpus/*.jsonl.gz') is read row by row;
    a bad row is named by file and line and skipped.

    An ACLED export (.csv from acleddata.com) given as an input is converted:
    its events become incidents beside the articles' (bad rows are named by
    line and skipped). Writes GeoJSON to stdout, or with -o the format its
    suffix names: .geojson, .gpkg (GeoPackage), .kml (Google Earth), .csv,
    .parquet (GeoParquet) or .fgb (FlatGeobuf), or that --format names.

    With --workers N (a local Dask cluster) or --scheduler ADDRESS (one
    running elsewhere), corpus tables are extracted in parts on the cluster
    into a GeoParquet dataset folder, -o out.parquet; the same command run
    again after an interruption does only what is missing.
    """
    if output is not None and output.is_dir() and not (workers or scheduler):
        raise OutputError(
            f"{output}: is a folder; one process writes a file (a dataset folder is written"
            " with --workers or --scheduler)"
        )
    columns = CorpusColumns(text_column, date_column, url_column, outlet_column, id_column)
    if workers or scheduler:
        from geo.cli.cluster import run_on_cluster

        run_on_cluster(
            inputs,
            output,
            quiet=quiet,
            workers=workers,
            scheduler=scheduler,
            columns=columns,
            default_date=default_date,
            rows_per_part=rows_per_part,
        )
        return
    output_format(output, output_kind)  # a wrong output is said before any work
    read = read_all(inputs, date=default_date, follow_links=follow_links, columns=columns)
    articles, problems = read.articles, read.problems
    for p in problems:
        note(p, quiet=quiet)
    events = [c for c in read.collections if is_acled_collection(c)]
    if skipped := len(read.collections) - len(events):
        note(
            f"skipped {skipped} GeoJSON input{'s' if skipped != 1 else ''}: `geo map` maps"
            " GeoJSON; `geo extract` reads articles and ACLED exports",
            quiet=quiet,
        )
    shown = len(problems)
    result = None
    if articles:
        # Each article is read when its turn comes, and let go once extracted.
        with online_geocoder(provider, online_url, quiet=quiet) as online:
            result = extract_batch(
                articles, program_gazetteer(), online=online, pins=read.pins + pins
            )
    # Files that could not be read, met as the articles were read one by one.
    for p in problems[shown:]:
        note(p, quiet=quiet)
    if not events and (not articles or not articles.read):
        note("error: no article or ACLED export could be read", quiet=False)
        sys.exit(1)
    if result is not None:
        for p in result.problems:
            note(p, quiet=quiet)
        if not articles.read:
            result = None  # every article file failed: only the ACLED events are written
    if result is None and not any(c["features"] for c in events):
        names = ", ".join(d["id"] for c in events for d in c["geo"]["documents"])
        note(f"error: {names}: no ACLED event could be read, so nothing is written", quiet=False)
        sys.exit(1)
    write_extraction(join_acled(result, events), output, output_kind)
    if output is not None:
        note(f"wrote {output}", quiet=quiet)
