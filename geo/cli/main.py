"""The ``geo`` command group: maps, extraction, zones and geocoding from the shell."""

import difflib
import importlib

import click

from geo import __version__

# Each command's module is imported only when that command runs (or --help lists
# them): `geo geocode` then starts without loading folium, pandas and matplotlib,
# which only `geo map` needs.
COMMANDS = {
    "map": "geo.cli.map:map_command",
    "extract": "geo.cli.extract:extract_command",
    "zone": "geo.cli.zone:zone_command",
    "geocode": "geo.cli.geocode:geocode_command",
}


class LazyGroup(click.Group):
    """A command group that imports a command's module when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple:
        """Resolve as click does, suggesting the nearest command for a typo."""
        if args and args[0] not in COMMANDS and not args[0].startswith("-"):
            suggestion = difflib.get_close_matches(args[0], COMMANDS, n=1)
            hint = f" Did you mean '{suggestion[0]}'?" if suggestion else ""
            ctx.fail(f"No such command '{args[0]}'.{hint}")
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, name = target.split(":")
        return getattr(importlib.import_module(module), name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geo")
def cli() -> None:
    """Turn news reports of military incidents into sourced, interactive maps.

    Data goes to stdout (or -o), notes and errors to stderr, so commands pipe:
    geo extract seeds/ | geo map - -o maps/x.html
    """
