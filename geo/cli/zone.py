"""``geo zone``: geodesic zones around a place or a position."""

from pathlib import Path

import click

from geo.center import resolve_center
from geo.cli.options import geo_errors, note, output_option, program_gazetteer, quiet_option
from geo.features import dumps
from geo.pipeline import zones_around
from geo.support.output import write_atomic


@click.command("zone")
@click.option(
    "--center",
    "center_text",
    required=True,
    metavar="NAME|LON,LAT",
    help="Place name from the gazetteer, or a position: LON,LAT in degrees (longitude"
    " first), or with hemisphere letters in either order: 33.5N 38.6E, 33°30'N 38°36'E,"
    " 33 30 00 N, 38 36 00 E (S and W negative). Says on stderr how it read a pair that"
    " could be lat,lon, and which place it took of several of one name.",
)
@click.option(
    "--radius",
    "radii",
    required=True,
    multiple=True,
    metavar="TEXT",
    help='Radius with unit: "55 km", "34 mi", "50 nmi", "10 m". Repeat for several rings.',
)
@click.option(
    "--tolerance",
    default="1 m",
    show_default=True,
    help="Largest distance of the drawn boundary from the true circle.",
)
@output_option
@quiet_option
@geo_errors
def zone_command(
    center_text: str, radii: tuple[str, ...], tolerance: str, output: Path | None, quiet: bool
) -> None:
    """Write a geodesic zone as a GeoJSON Feature (several radii: a FeatureCollection)."""
    center = resolve_center(center_text, load_gazetteer=program_gazetteer)
    zones = zones_around(center, radii, tolerance)
    # Said once the whole command line is good, so an error is the only line of a bad one.
    for line in center.notes:
        note(line, quiet=quiet)
    if output is None:
        click.echo(dumps(zones), nl=False)
    else:
        write_atomic(output, dumps(zones))
        note(f"wrote {output}", quiet=quiet)
