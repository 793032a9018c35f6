"""``geo geocode``: one GeoJSON Feature per name, one per line, in the order asked."""

import json
import sys

import click

from geo.cli.options import (
    geo_errors,
    note,
    online_geocoder,
    online_options,
    program_gazetteer,
    quiet_option,
)
from geo.errors import GeocodeError
from geo.geocode.lookup import choice_feature, choose_batch


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
@online_options
@quiet_option
@geo_errors
def geocode_command(
    names: tuple[str, ...],
    country: str,
    show_all: bool,
    provider: str | None,
    online_url: str | None,
    quiet: bool,
) -> None:
    """Geocode place NAMES offline (- reads names from stdin, one a line).

    Names asked together are read together: a name with one meaning anchors
    the others, as in an article. Each line says how many candidates a name
    had and why the chosen one won. With --online, names the gazetteer cannot
    place are asked of an online provider (answers are cached on disk, so
    nothing is asked twice). Exits 1 when some name was not found; its line
    has a null geometry.
    """
    countries = tuple(c.strip().upper() for c in country.split(",") if c.strip())
    gazetteer = program_gazetteer()
    known = {p.country for p in gazetteer.candidates_of_kind("country")}
    unknown = [c for c in countries if c not in known]
    if unknown:
        raise GeocodeError(f"--country {','.join(unknown)}: not an ISO 3166-1 alpha-2 code")
    wanted: list[str] = []
    for name in names:
        if name == "-":
            wanted += [line.strip() for line in sys.stdin if line.strip()]
        else:
            wanted.append(name)
    # The provider is set up only if some name is left for it, and closed
    # (saying how many names it was not asked) before the names not found are said.
    with online_geocoder(provider, online_url, quiet=quiet, when_asked=True) as online:
        choices = choose_batch(
            wanted, gazetteer=gazetteer, countries=countries, online=online, progress=None
        )
    missing = 0
    for name, choice in zip(wanted, choices, strict=True):
        if choice.place is None:
            missing += 1
            if choice.failed:
                continue  # its failure was said already: "not found" would be untrue
            where = "online either" if online is not None else "in the gazetteer"
            note(f"{name!r}: not found {where}", quiet=quiet)
    if choices:
        click.echo(
            "\n".join(
                json.dumps(
                    choice_feature(name, choice, alternatives=show_all),
                    ensure_ascii=False,
                    sort_keys=True,
                )
                for name, choice in zip(wanted, choices, strict=True)
            )
        )
    if missing:
        sys.exit(1)
