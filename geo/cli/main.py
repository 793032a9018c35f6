"""The ``geo`` command group: maps, extraction, zones and geocoding from the shell."""

import difflib
import importlib
import logging
import signal
import sys

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


class Terminated(BaseException):
    """SIGTERM arrived: the run unwinds (removing what it was writing) and exits 143.

    A BaseException, as KeyboardInterrupt is: no ``except Exception`` may
    swallow it, and every ``finally`` and ``except BaseException`` clean-up runs.
    """


def _terminate(signum, frame) -> None:
    # A second SIGTERM ends the process at once, as without geo's handler.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise Terminated


class _NoteHandler(logging.Handler):
    """Writes the notes of geo's modules (log records) as ``geo:`` lines on stderr.

    The library logs; only the CLI prints. A command run with --quiet prints none.
    """

    def emit(self, record: logging.LogRecord) -> None:
        ctx = click.get_current_context(silent=True)
        if ctx is not None and ctx.params.get("quiet"):
            return
        try:
            click.echo(f"geo: {record.getMessage()}", err=True)
        except Exception:  # noqa: BLE001 - a note that cannot be written is no reason to fail
            self.handleError(record)


class LazyGroup(click.Group):
    """A command group that imports a command's module when the command is asked for."""

    def main(self, *args, **kwargs):
        """Run the command line, with SIGTERM an orderly exit and library notes on stderr.

        SIGTERM unwinds the run (so files being written are removed) and exits
        143; the notes geo's modules log become ``geo:`` lines.
        """
        previous = None
        try:
            # A SIGTERM the caller chose to ignore stays ignored.
            if signal.getsignal(signal.SIGTERM) is not signal.SIG_IGN:
                previous = signal.signal(signal.SIGTERM, _terminate)
        except ValueError:  # not the main thread (an embedding program): signals are its own
            pass
        notes = _NoteHandler(logging.WARNING)
        logging.getLogger("geo").addHandler(notes)
        try:
            return super().main(*args, **kwargs)
        except Terminated:
            try:
                click.echo("geo: terminated", err=True)
            except OSError:
                pass  # stderr is gone too: the exit code still says it
            sys.exit(128 + signal.SIGTERM)
        finally:
            logging.getLogger("geo").removeHandler(notes)
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

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
