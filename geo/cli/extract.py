"""``geo extract``: articles to the GeoJSON FeatureCollection of places, zones, incidents."""

import datetime as dt
import sys
from pathlib import Path

import click

from geo.cli.options import (
    date_option,
    follow_links_option,
    geo_errors,
    note,
    online_geocoder,
    online_options,
    output_option,
    place_option,
    program_gazetteer,
    quiet_option,
)
from geo.extract.batch import extract_batch
from geo.pipeline import write_extraction
from geo.read.inputs import read as read_all
from geo.read.pins import Pin


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@output_option
@date_option
@follow_links_option
@place_option
@online_options
@quiet_option
@geo_errors
def extract_command(
    inputs: tuple[str, ...],
    output: Path | None,
    default_date: dt.date | None,
    follow_links: bool,
    pins: list[Pin],
    provider: str | None,
    online_url: str | None,
    quiet: bool,
) -> None:
    """Extract places, zones and incidents from articles (files, folders, - for stdin).

    Writes GeoJSON to stdout, or with -o the format its suffix names: .geojson,
    .gpkg (GeoPackage), .kml (Google Earth) or .csv.
    """
    read = read_all(inputs, date=default_date, follow_links=follow_links)
    collections, articles, problems = read.collections, read.articles, read.problems
    for p in problems:
        note(p, quiet=quiet)
    if collections:
        note(
            "GeoJSON and ACLED inputs are mapped by `geo map`; `geo extract` reads articles",
            quiet=quiet,
        )
    shown = len(problems)
    if articles:
        # Each article is read when its turn comes, and let go once extracted.
        with online_geocoder(provider, online_url, quiet=quiet) as online:
            result = extract_batch(
                articles, program_gazetteer(), online=online, pins=read.pins + pins
            )
    # Files that could not be read, met as the articles were read one by one.
    for p in problems[shown:]:
        note(p, quiet=quiet)
    if not articles or not articles.read:
        note("error: no article could be read", quiet=False)
        sys.exit(1)
    for p in result.problems:
        note(p, quiet=quiet)
    write_extraction(result, output)
    if output is not None:
        note(f"wrote {output}", quiet=quiet)
