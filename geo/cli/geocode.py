"""``geo geocode``: one GeoJSON Feature per name, one per line, in the order asked."""

import json
import sys

import click

from geo.cli.options import geo_errors, note, quiet_option
from geo.geocode import geocode_batch


@click.command("geocode")
@click.argument("names", nargs=-1, required=True)
@click.option(
    "--country",
    default="",
    metavar="CC,CC",
    help="Only places in these ISO countries (e.g. SY,IQ,JO).",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="List the other candidates of each name too (properties.alternatives).",
)
@quiet_option
@geo_errors
def geocode_command(names, country, show_all, quiet):
    """Geocode place NAMES offline (- reads names from stdin, one a line).

    Names asked together are read together: a name with one meaning anchors
    the others, as in an article. Each line says how many candidates a name
    had and why the chosen one won. Exits 1 when some name was not found; its
    line has a null geometry.
    """
    countries = tuple(c.strip().upper() for c in country.split(",") if c.strip())
    wanted = []
    for name in names:
        if name == "-":
            wanted += [line.strip() for line in sys.stdin if line.strip()]
        else:
            wanted.append(name)
    missing = 0
    out = []
    for result in geocode_batch(wanted, countries=countries, alternatives=show_all):
        if not result["properties"]["found"]:
            missing += 1
            note(f"{result['properties']['query']!r}: not found in the gazetteer", quiet=quiet)
        out.append(json.dumps(result, ensure_ascii=False, sort_keys=True))
    if out:
        click.echo("\n".join(out))
    if missing:
        sys.exit(1)
