"""Allow ``python -m geo.cli``."""

from geo.cli.main import cli

cli()
