"""Options and helpers shared by the geo commands, defined once."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from geo.errors import GeoError
from geo.geocode.protocol import NO_CONTEXT, Context, Geocoder
from geo.read.articles import safe_name

if TYPE_CHECKING:
    from geo.geocode.gazetteer import Gazetteer
    from geo.geocode.place import Choice


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


def _pins(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> list:
    from geo.errors import GeoError
    from geo.read.pins import parse_pin

    try:
        return [parse_pin(v) for v in value]
    except GeoError as exc:
        raise click.BadParameter(str(exc)) from None


place_option = click.option(
    "--place",
    "pins",
    multiple=True,
    metavar="NAME=LON,LAT",
    callback=_pins,
    help="Pin a name the articles use to a point (repeatable); a places.csv beside the"
    " articles does the same.",
)

follow_links_option = click.option(
    "--follow-links",
    is_flag=True,
    help="Read symbolic links in an input folder that lead out of it (skipped by default).",
)


def note(message: str, *, quiet: bool = False) -> None:
    """Print one line for the user on stderr."""
    if not quiet:
        click.echo(f"geo: {safe_name(message)}", err=True)


def geo_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a command so a GeoError becomes one line on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GeoError as exc:
            click.echo(f"geo: error: {safe_name(str(exc))}", err=True)
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


def program_gazetteer() -> Gazetteer:
    """Return the gazetteer a geo command reads with, loaded as a program loads it.

    A command keeps the gazetteer to its end, so the loaded index is moved out
    of the garbage collector's sight, and a first run builds it with a forked
    helper: the program's choices, which the library leaves off by default
    (see ``Gazetteer.load``). Loaded at its first use in the run, so a command
    that needs none (a map of GeoJSON) never loads it, nor imports it.
    """
    from geo.geocode.gazetteer import default_gazetteer

    return default_gazetteer(freeze=True, fork=True)


def online_options(func: Callable[..., Any]) -> Callable[..., Any]:
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
def online_geocoder(
    provider: str | None, url: str | None, *, quiet: bool = False, when_asked: bool = False
) -> Iterator[Geocoder | None]:
    """Yield the online geocoder --online and --online-url ask for (None when not asked for).

    A provider failure for one name becomes one line on stderr and the run
    goes on (``geo.geocode.chain.reporting``); the names not asked once the
    provider failed too often are one line when the block ends. The provider
    is set up at once, so a bad --online is said before any input is read;
    with ``when_asked``, at the first name asked of it, so a run that places
    every name offline never sets it up.
    """
    if not (provider or url):
        yield None
        return
    from geo.geocode.chain import reporting
    from geo.geocode.online import OnlineGeocoder

    def say(message: str) -> None:
        note(message, quiet=quiet)

    with ExitStack() as stack:

        def opened() -> Geocoder:
            online = OnlineGeocoder(provider or "nominatim", url=url, notify=say)
            return reporting(stack.enter_context(online), say)

        if when_asked:
            yield _OpenedWhenAsked(opened, (provider or "nominatim").strip().lower())
        else:
            yield opened()


class _OpenedWhenAsked:
    """A geocoder set up at the first name asked of it."""

    def __init__(self, open_geocoder: Callable[[], Geocoder], name: str) -> None:
        self._open = open_geocoder
        self._geocoder: Geocoder | None = None
        self.name = name

    def _opened(self) -> Geocoder:
        if self._geocoder is None:
            self._geocoder = self._open()
        return self._geocoder

    def choose(self, name: str, context: Context = NO_CONTEXT) -> Choice:
        return self._opened().choose(name, context)


# --------------------------------------------------------------------------
# The interactive map's layout (geo map, HTML output)
# --------------------------------------------------------------------------

_CSS_LENGTH = r"^\d+(?:\.\d+)?(?:px|vh|em|rem|%)?$"


def _parse_view(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> tuple[float, float, float] | None:
    if value is None:
        return None
    parts = value.replace(" ", "").split(",")
    try:
        lon, lat, zoom = (float(p) for p in parts)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not LON,LAT,ZOOM (e.g. 38.6,33.5,8)") from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90 and 0 <= zoom <= 18):
        raise click.BadParameter(
            f"{value!r}: longitude must lie in -180..180, latitude in -90..90, zoom in 0..18"
        )
    return lon, lat, zoom


def _parse_height(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    import re

    if value is None:
        return None
    text = value.strip()
    if not re.match(_CSS_LENGTH, text):
        raise click.BadParameter(f"{value!r} is not a height such as 600, 600px, 70vh or 100%")
    return text + "px" if re.match(r"^\d+(?:\.\d+)?$", text) else text


def _parse_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from geo.render.strings import strings

    try:
        strings(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc).split(": ", 1)[1]) from None
    return value


def layout_options(command: Callable) -> Callable:
    """Add the options a report's author lays the HTML map out with."""
    from geo.render.strings import DEFAULT_LANG

    for option in reversed(
        (
            click.option(
                "--view",
                callback=_parse_view,
                metavar="LON,LAT,ZOOM",
                help="First view of the map (instead of framing the data).",
            ),
            click.option(
                "--height",
                callback=_parse_height,
                metavar="CSS",
                help="Height of the map: 600 (pixels), 600px, 70vh or 100%"
                " (an embed is 640px by default, a page fills the window).",
            ),
            click.option("--caption", default=None, help="A line under the map (source, note)."),
            click.option(
                "--lang",
                default=DEFAULT_LANG,
                callback=_parse_lang,
                show_default=True,
                help="Language of the map's interface words (en, fr, es).",
            ),
            click.option(
                "--scroll-zoom",
                is_flag=True,
                help="The mouse wheel always zooms the map. By default an embedded map"
                " zooms by wheel only after a click, so the report scrolls past it.",
            ),
        )
    ):
        command = option(command)
    return command


# --------------------------------------------------------------------------
# The print map's page (geo map -o x.png|.svg|.pdf)
# --------------------------------------------------------------------------

PRINT_OPTION_NAMES = ("--size", "--dpi", "--orientation", "--bounds")


class PrintRequest:
    """The print options as typed; read (and said wrong, in one line) when the map is made.

    They are checked in the command, not by click, so a bad value is one
    ``geo: error:`` line naming it, as every other bad input is.
    """

    def __init__(
        self,
        size: str | None,
        dpi: str | None,
        orientation: str | None,
        bounds: str | None,
    ) -> None:
        self.size, self.dpi, self.orientation, self.bounds = size, dpi, orientation, bounds

    def given(self) -> list[str]:
        """Return the print options given, as their flags."""
        values = (self.size, self.dpi, self.orientation, self.bounds)
        return [flag for flag, v in zip(PRINT_OPTION_NAMES, values, strict=True) if v is not None]

    def check(self, output: Path) -> None:
        """Raise PageError for a bad value, or print options given for an HTML map."""
        from geo.errors import PageError
        from geo.pipeline import PRINT_FORMATS

        # --bounds frames the HTML map too; the page options make sense on paper only.
        paper = [flag for flag in self.given() if flag != "--bounds"]
        if paper and output.suffix.lower() not in PRINT_FORMATS:
            raise PageError(
                f"{', '.join(paper)} make a print map: write it to .png, .svg or .pdf"
                f" (not {output.name})"
            )
        if self.orientation is not None and self.size is None:
            raise PageError("--orientation turns the page --size gives: give --size too")
        self.page()
        self.lonlat_bounds()

    def page(self) -> Any:
        """Return the ``geo.render.static_page.Page`` --size asks for, or None (default page)."""
        from geo.render.static_page import parse_page

        return parse_page(self.size, self.dpi, self.orientation) if self.size else None

    def default_page_dpi(self) -> int | None:
        """Return the resolution --dpi asks for the default page (no --size), or None."""
        from geo.render.static_page import SCREEN_DPI, parse_dpi

        return parse_dpi(self.dpi, SCREEN_DPI) if self.size is None and self.dpi else None

    def lonlat_bounds(self) -> tuple[float, float, float, float] | None:
        from geo.render.static_page import parse_bounds

        return parse_bounds(self.bounds) if self.bounds is not None else None


def print_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the print map's page options; the command gets them as one ``print_request``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["print_request"] = PrintRequest(
            kwargs.pop("size"), kwargs.pop("dpi"), kwargs.pop("orientation"), kwargs.pop("bounds")
        )
        return func(*args, **kwargs)

    options = [
        click.option(
            "--size",
            default=None,
            metavar="A4|A3|letter|WxHmm|WxHpx",
            help="Print map: the page, a paper size or width x height in mm or pixels"
            " (e.g. 180x120mm, 1600x900px). Default: 10 inches wide, as tall as the map needs.",
        ),
        click.option(
            "--dpi",
            default=None,
            metavar="N",
            help="Print map: dots per inch (default 300 for paper and mm sizes, 150 for pixel"
            " sizes and the default page). Pixel sizes stay as given; dpi sets how large"
            " text is on them.",
        ),
        click.option(
            "--orientation",
            default=None,
            metavar="portrait|landscape",
            help="Print map: turn the --size page (default for paper: the way the map fits best).",
        ),
        click.option(
            "--bounds",
            default=None,
            metavar="W,S,E,N",
            help="The extent to show, in degrees of longitude and latitude"
            " (e.g. 35,29,48,38), on the print map and as the HTML map's first view."
            " Default: fit the data.",
        ),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper
