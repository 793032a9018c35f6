"""The ``geo`` command group: maps, extraction, zones and geocoding from the shell."""

import click

from geo import __version__
from geo.cli.extract import extract_command
from geo.cli.geocode import geocode_command
from geo.cli.map import map_command
from geo.cli.zone import zone_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geo")
def cli() -> None:
    """Turn news reports of military incidents into sourced, interactive maps.

    Data goes to stdout (or -o), notes and errors to stderr, so commands pipe:
    geo extract seeds/ | geo map - -o maps/x.html
    """


cli.add_command(map_command)
cli.add_command(extract_command)
cli.add_command(zone_command)
cli.add_command(geocode_command)
