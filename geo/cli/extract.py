"""``geo extract``: articles to the GeoJSON FeatureCollection of places, zones, incidents."""

import sys

import click

from geo.cli.options import date_option, geo_errors, note, output_option, quiet_option, read_inputs
from geo.extract import extract
from geo.features import dumps
from geo.output import write_atomic


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@output_option
@date_option
@quiet_option
@geo_errors
def extract_command(inputs, output, default_date, quiet):
    """Extract places, zones and incidents from articles (files, folders, - for stdin)."""
    collections, articles, problems = read_inputs(inputs, default_date)
    for p in problems:
        note(p, quiet=quiet)
    if collections:
        note("GeoJSON inputs are for `geo map`; `geo extract` reads articles", quiet=quiet)
    if not articles:
        note("error: no article could be read", quiet=False)
        sys.exit(1)
    result = extract(articles)
    for p in result.problems:
        note(p, quiet=quiet)
    text = dumps(result.collection, indent=1)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        note(f"wrote {output}", quiet=quiet)
