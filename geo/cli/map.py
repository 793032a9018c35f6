"""``geo map``: articles or an extracted FeatureCollection to a standalone HTML map."""

import sys
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
    program_gazetteer,
    quiet_option,
)
from geo.pipeline import check_map_output, drawn_kinds, map_collection, map_title, write_map
from geo.read.articles import safe_name
from geo.read.inputs import read as read_all

DEFAULT_INPUT = "seeds"
MAPS_DIR = Path("maps")


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
):
    """Make a standalone HTML map from articles or a `geo extract` GeoJSON.

    INPUTS are article files, folders, .geojson files, or - for stdin. With no
    INPUTS, maps the seeds/ folder into maps/seeds.html.
    """
    inputs = inputs or (DEFAULT_INPUT,)
    output = output or default_output(inputs)
    check_map_output(output, embed=embed)
    read = read_all(inputs, date=default_date, follow_links=follow_links)
    read.pins += pins
    for p in read.problems:
        note(p, quiet=quiet)
    with online_geocoder(provider, online_url, quiet=quiet) as online:
        collection, problems = map_collection(read, online=online, load_gazetteer=program_gazetteer)
    for p in problems:
        note(p, quiet=quiet)
    kinds = drawn_kinds(collection)
    if not kinds:
        note("error: nothing to map (no place, zone or incident could be located)")
        sys.exit(1)
    # Typed in a shell whose bytes are not UTF-8: kept, escaped, like a file name.
    title = safe_name(title) if title else map_title(collection, lang)
    from geo.render.layout import Layout

    layout = Layout(
        view=view,
        height=height,
        caption=safe_name(caption) if caption else None,
        lang=lang,
        scroll_zoom=scroll_zoom,
    )
    write_map(collection, output, title=title, embed=embed, layout=layout)
    summary = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(kinds.items()))
    note(f"wrote {output} ({summary})", quiet=quiet)
