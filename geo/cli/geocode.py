"""``geo geocode``: one GeoJSON Feature per name, one per line, in the order asked."""

import json
import sys

import click

from geo.cli.options import geo_errors, note, quiet_option
from geo.geocode import geocode


@click.command("geocode")
@click.argument("names", nargs=-1, required=True)
@click.option(
    "--country",
    default="",
    metavar="CC,CC",
    help="Prefer places in these ISO countries (e.g. SY,IQ,JO).",
)
@quiet_option
@geo_errors
def geocode_command(names, country, quiet):
    """Geocode place NAMES offline (- reads names from stdin, one a line).

    Exits 1 when some name was not found; its line has a null geometry.
    """
    countries = tuple(c.strip().upper() for c in country.split(",") if c.strip())
    wanted = []
    for name in names:
        if name == "-":
            wanted += [line.strip() for line in sys.stdin if line.strip()]
        else:
            wanted.append(name)
    missing = 0
    for name in wanted:
        result = geocode(name, countries=countries)
        if not result["properties"]["found"]:
            missing += 1
            note(f"{name!r}: not found in the gazetteer", quiet=quiet)
        click.echo(json.dumps(result, ensure_ascii=False, sort_keys=True))
    if missing:
        sys.exit(1)
