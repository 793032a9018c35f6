"""``geo zone``: geodesic zones around a place or a longitude,latitude."""

from pathlib import Path

import click

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
    help="Place name from the gazetteer, or longitude,latitude in degrees.",
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
    zones = zones_around(center_text, radii, tolerance, load_gazetteer=program_gazetteer)
    if output is None:
        click.echo(dumps(zones), nl=False)
    else:
        write_atomic(output, dumps(zones))
        note(f"wrote {output}", quiet=quiet)
