"""``geo map``: articles or an extracted FeatureCollection to a standalone HTML map."""

import sys
import threading
from pathlib import Path

import click

from geo.cli.options import (
    date_option,
    follow_links_option,
    geo_errors,
    layout_options,
    note,
    online_geocoder,
    online_options,
    output_option,
    place_option,
    print_options,
    program_gazetteer,
    quiet_option,
)
from geo.pipeline import (
    HTML_FORMATS,
    check_map_output,
    drawn_kinds,
    map_collection,
    map_title,
    write_map,
)
from geo.read.articles import safe_name
from geo.read.inputs import read as read_all
from geo.support.collector import collector_paused

DEFAULT_INPUT = "seeds"
MAPS_DIR = Path("maps")


def _warm_page() -> None:
    """Import the HTML map's modules and read its basemap files, saying nothing.

    Whatever fails here fails again, and is told, when the map is made.
    """
    try:
        from geo.render.basemap_block import warm
        from geo.render.html import render_html  # noqa: F401 (imported: folium's import time)

        warm()
    except Exception:  # noqa: BLE001, S110 (told where the map is made)
        pass


def default_output(inputs: tuple[str, ...]) -> Path:
    """Return maps/<name of the first input>.html."""
    first = inputs[0]
    stem = "stdin" if first == "-" else Path(first.rstrip("/\\")).stem or "map"
    return MAPS_DIR / f"{stem}.html"


@click.command("map")
@click.argument("inputs", nargs=-1)
@output_option
@date_option
@click.option("--title", default=None, help="Title shown on the map.")
@click.option(
    "--embed",
    is_flag=True,
    help="Write an HTML fragment (no html/head/body) to paste into a report page.",
)
@layout_options
@follow_links_option
@place_option
@online_options
@quiet_option
# The print map's page: --size, --dpi, --orientation, --bounds, as one print_request.
@print_options
@geo_errors
def map_command(
    inputs,
    output,
    default_date,
    title,
    embed,
    view,
    height,
    caption,
    lang,
    scroll_zoom,
    follow_links,
    pins,
    provider,
    online_url,
    quiet,
    print_request,
):
    """Map articles, a `geo extract` GeoJSON or an ACLED export: HTML, or a print map.

    \b
    INPUTS, any mix of:
      articles   news text: .txt, .html (its markup is skipped) or .md files
                 named one by one, folders of .txt files (with their
                 metadata.csv), or - for stdin
      GeoJSON    .geojson or .json, as `geo extract` writes it
      ACLED      .csv, an event export from acleddata.com (bad rows are
                 named by line and skipped)

    \b
    Output, chosen by the suffix of -o:
      .html      interactive map, a standalone page (or a fragment with --embed)
      .png       print map, raster
      .svg       print map, vector
      .pdf       print map, vector

    With no INPUTS, maps the seeds/ folder into maps/seeds.html; with no -o,
    writes maps/<first input's name>.html. A print map takes a page: --size A4
    --orientation landscape is exactly 3508 x 2480 pixels at 300 dpi.
    """
    inputs = inputs or (DEFAULT_INPUT,)
    output = output or default_output(inputs)
    check_map_output(output, embed=embed)
    print_request.check(output)
    if output.suffix.lower() in HTML_FORMATS:
        # The page's modules and basemap files, loaded while the inputs are read (an
        # export is parsed with the interpreter let go).
        threading.Thread(target=_warm_page, name="geo-warm", daemon=True).start()
    # An ACLED export is a million small objects, none in a cycle, kept to the end:
    # read with the collector paused, then out of its sight (frozen), so that the
    # collections of later steps do not walk them again and again.
    with collector_paused(keep=True):
        read = read_all(inputs, date=default_date, follow_links=follow_links, event_tables=True)
    read.pins += pins
    for p in read.problems:
        note(p, quiet=quiet)
    # One ACLED export and nothing else, on an HTML map: its page is made from its
    # columns, with nothing to combine or relate. Anything else maps features.
    events = read.only_events() if output.suffix.lower() in HTML_FORMATS else None
    if events is not None:
        collection, problems = read.collections[0], []
    else:
        read.as_features()
        with online_geocoder(provider, online_url, quiet=quiet) as online:
            collection, problems = map_collection(
                read, online=online, load_gazetteer=program_gazetteer
            )
    for p in problems:
        note(p, quiet=quiet)
    kinds = drawn_kinds(collection, events)
    if not kinds:
        note("error: nothing to map (no place, zone or incident could be located)")
        sys.exit(1)
    # Typed in a shell whose bytes are not UTF-8: kept, escaped, like a file name.
    title = safe_name(title) if title else map_title(collection, lang, events)
    from geo.render.layout import Layout

    layout = Layout(
        view=view,
        bounds=print_request.lonlat_bounds(),
        height=height,
        caption=safe_name(caption) if caption else None,
        lang=lang,
        scroll_zoom=scroll_zoom,
    )
    print_page = {
        "page": print_request.page(),
        "dpi": print_request.default_page_dpi(),
        "bounds": print_request.lonlat_bounds(),
    }
    write_map(
        collection,
        output,
        title=title,
        embed=embed,
        layout=layout,
        print_page=print_page,
        events=events,
    )
    summary = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(kinds.items()))
    note(f"wrote {output} ({summary})", quiet=quiet)
