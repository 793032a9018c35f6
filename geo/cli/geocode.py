"""``geo geocode``: one GeoJSON Feature per name, one per line, in the order asked."""

import json
import sys

import click

from geo.cli.options import geo_errors, note, online_options, quiet_option
from geo.errors import GeocodeError
from geo.geocode.gazetteer import default_gazetteer
from geo.geocode.lookup import geocode_batch


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
def geocode_command(names, country, show_all, provider, online_url, quiet):
    """Geocode place NAMES offline (- reads names from stdin, one a line).

    Names asked together are read together: a name with one meaning anchors
    the others, as in an article. Each line says how many candidates a name
    had and why the chosen one won. With --online, names the gazetteer cannot
    place are asked of an online provider (answers are cached on disk, so
    nothing is asked twice). Exits 1 when some name was not found; its line
    has a null geometry.
    """
    countries = tuple(c.strip().upper() for c in country.split(",") if c.strip())
    known = {p.country for p in default_gazetteer().candidates_of_kind("country")}
    unknown = [c for c in countries if c not in known]
    if unknown:
        raise GeocodeError(f"--country {','.join(unknown)}: not an ISO 3166-1 alpha-2 code")
    wanted = []
    for name in names:
        if name == "-":
            wanted += [line.strip() for line in sys.stdin if line.strip()]
        else:
            wanted.append(name)
    results = geocode_batch(wanted, countries=countries, alternatives=show_all)
    failed: set[int] = set()
    if provider or online_url:
        failed = _ask_online(results, provider or "nominatim", online_url, countries, quiet)
    missing = 0
    for i, result in enumerate(results):
        if not result["properties"]["found"]:
            missing += 1
            if i in failed:
                continue  # its failure was said already: "not found" would be untrue
            where = "online either" if provider or online_url else "in the gazetteer"
            note(f"{result['properties']['query']!r}: not found {where}", quiet=quiet)
    if results:
        click.echo("\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in results))
    if missing:
        sys.exit(1)


def _ask_online(results, provider, url, countries, quiet):
    """Fill in, from the online provider, the results the offline gazetteer left empty.

    Return the indexes of the names the provider failed on or was not asked.
    Each failure is one note; the names not asked are one note at the end.
    """
    from geo.errors import OnlineNotAskedError
    from geo.geocode.online import OnlineGeocoder, geocode_many

    failed = set()
    unplaced = [i for i, r in enumerate(results) if not r["properties"]["found"]]
    if not unplaced:
        return failed
    with OnlineGeocoder(provider, url=url, notify=lambda m: note(m, quiet=quiet)) as online:
        answers = geocode_many(
            online, [results[i]["properties"]["query"] for i in unplaced], countries=countries
        )
        for i, (_name, found, error) in zip(unplaced, answers, strict=True):
            if error is not None:
                failed.add(i)
                if not isinstance(error, OnlineNotAskedError):
                    note(str(error), quiet=quiet)
            elif found is not None:
                results[i] = found
    return failed
