"""``geo extract``: articles to the GeoJSON FeatureCollection of places, zones, incidents."""

import sys

import click

from geo.cli.options import (
    date_option,
    follow_links_option,
    geo_errors,
    note,
    online_options,
    online_resolver,
    output_option,
    quiet_option,
    read_inputs,
)
from geo.export import export
from geo.extract import extract
from geo.features import dumps


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@output_option
@date_option
@follow_links_option
@online_options
@quiet_option
@geo_errors
def extract_command(inputs, output, default_date, follow_links, provider, online_url, quiet):
    """Extract places, zones and incidents from articles (files, folders, - for stdin).

    Writes GeoJSON to stdout, or with -o the format its suffix names: .geojson,
    .gpkg (GeoPackage), .kml (Google Earth) or .csv.
    """
    collections, articles, problems = read_inputs(inputs, default_date, follow_links=follow_links)
    for p in problems:
        note(p, quiet=quiet)
    if collections:
        note(
            "GeoJSON and ACLED inputs are mapped by `geo map`; `geo extract` reads articles",
            quiet=quiet,
        )
    if not articles:
        note("error: no article could be read", quiet=False)
        sys.exit(1)
    with online_resolver(provider, online_url, quiet=quiet) as online:
        result = extract(articles, online=online)
    for p in result.problems:
        note(p, quiet=quiet)
    if output is None:
        click.echo(dumps(result.collection, indent=1), nl=False)
    else:
        # .geojson, .gpkg, .kml or .csv, by the suffix: GIS tools read them directly.
        export(result.collection, output)
        note(f"wrote {output}", quiet=quiet)
