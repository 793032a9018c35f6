"""Options and helpers shared by the geo commands, defined once."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import click

from geo.acled import is_acled_csv, read_acled
from geo.documents import Article, read_article_bytes, read_articles
from geo.errors import ArticleReadError, GeoError, InputFormatError
from geo.features import loads

GEOJSON_SUFFIXES = (".geojson", ".json")


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of the default (stdout for data, maps/ for maps).",
)
date_option = click.option(
    "--date",
    "default_date",
    callback=_parse_date,
    default=None,
    metavar="YYYY-MM-DD",
    help="Publication date for articles that carry none (in their text or metadata.csv).",
)
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print no notes on stderr.")


def note(message: str, *, quiet: bool = False) -> None:
    """Print one line for the user on stderr."""
    if not quiet:
        click.echo(f"geo: {message}", err=True)


def geo_errors(func: Callable) -> Callable:
    """Wrap a command so a GeoError becomes one line on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except GeoError as exc:
            click.echo(f"geo: error: {exc}", err=True)
            sys.exit(1)
        except BrokenPipeError:
            # The reader went away (`geo extract ... | head`): not an error of ours.
            sys.stderr.close()
            sys.exit(1)
        except OSError as exc:
            # Writing to stdout failed (disk full, closed descriptor).
            click.echo(f"geo: error: cannot write output ({exc.strerror or exc})", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("geo: interrupted", err=True)
            sys.exit(130)

    return wrapper


def read_inputs(
    inputs: tuple[str, ...], default_date: dt.date | None
) -> tuple[list[dict], list[Article], list[str]]:
    """Return the FeatureCollections and articles named by ``inputs``, and the problems.

    ``-`` reads standard input: a FeatureCollection when it starts with ``{``,
    else one article called ``<stdin>``. Files ending in .geojson or .json are
    FeatureCollections, .csv files with ACLED's columns are ACLED events;
    everything else is articles (files or folders).
    """
    collections: list[dict] = []
    article_paths: list[str] = []
    articles: list[Article] = []
    problems: list[str] = []
    for item in inputs:
        if item == "-":
            raw = sys.stdin.buffer.read()
            if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
                try:
                    collections.append(loads(raw.decode("utf-8-sig"), "<stdin>"))
                except UnicodeDecodeError:
                    problems.append("<stdin>: GeoJSON is not UTF-8 text")
                except InputFormatError as exc:
                    problems.append(str(exc))
            else:
                try:
                    articles.append(read_article_bytes(raw, "<stdin>", default_date=default_date))
                except ArticleReadError as exc:
                    problems.append(str(exc))
        elif Path(item).suffix.lower() in GEOJSON_SUFFIXES and Path(item).is_file():
            try:
                collections.append(loads(Path(item).read_text(encoding="utf-8-sig"), item))
            except (InputFormatError, UnicodeDecodeError) as exc:
                problems.append(
                    str(exc) if isinstance(exc, InputFormatError) else f"{item}: not UTF-8 text"
                )
            except OSError as exc:
                problems.append(f"{item}: cannot read ({exc.strerror or exc})")
        elif is_acled_csv(item):
            # An ACLED export: its events go on the map beside the extracted ones.
            try:
                collection, trouble = read_acled(item, source=Path(item).name)
                collections.append(collection)
                problems += trouble
            except GeoError as exc:
                problems.append(str(exc))
        else:
            article_paths.append(item)
    if article_paths:
        found, trouble = read_articles(article_paths, default_date=default_date)
        articles += found
        problems += trouble
    return collections, articles, problems


def online_options(func: Callable) -> Callable:
    """Add --online PROVIDER and --online-url URL, shared by every command that geocodes."""
    func = click.option(
        "--online-url",
        default=None,
        metavar="URL",
        help="Address of a self-hosted server for --online (e.g. your own Nominatim).",
    )(func)
    return click.option(
        "--online",
        "provider",
        default=None,
        metavar="PROVIDER",
        help="Also ask this geopy provider (e.g. nominatim) for names the offline gazetteer "
        "cannot place; answers are cached on disk. Keys come from GEO_<PROVIDER>_API_KEY.",
    )(func)


@contextmanager
def online_resolver(provider: str | None, url: str | None, *, quiet: bool = False):
    """Yield a function asking an online provider for one name (None when not asked for).

    A provider failure for one name becomes one line on stderr; the run goes on.
    The names not asked once the provider failed too often are one line at the end.
    """
    if not (provider or url):
        yield None
        return
    from geo.online import OnlineGeocoder, OnlineNotAskedError

    with OnlineGeocoder(
        provider or "nominatim", url=url, notify=lambda message: note(message, quiet=quiet)
    ) as geocoder:

        def resolve(name: str, countries: tuple[str, ...] = ()) -> dict | None:
            try:
                return geocoder.geocode(name, countries=countries)
            except OnlineNotAskedError:
                return None  # counted, and said once when the geocoder closes
            except GeoError as exc:
                note(str(exc), quiet=quiet)
                return None

        yield resolve
