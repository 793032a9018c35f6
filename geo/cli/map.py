"""``geo map``: articles or an extracted FeatureCollection to a standalone HTML map."""

import sys
from pathlib import Path

import click

from geo.cli.options import (
    date_option,
    follow_links_option,
    geo_errors,
    note,
    online_geocoder,
    online_options,
    output_option,
    program_gazetteer,
    quiet_option,
)
from geo.errors import OutputError
from geo.extract.batch import extract
from geo.features import dumps, loads
from geo.read.articles import safe_name
from geo.read.inputs import combine, read_inputs
from geo.relations import relate
from geo.render.static import FORMATS as STATIC_FORMATS
from geo.render.static import render_static
from geo.support.output import write_atomic

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
@follow_links_option
@online_options
@quiet_option
@geo_errors
def map_command(
    inputs, output, default_date, title, embed, follow_links, provider, online_url, quiet
):
    """Make a standalone HTML map from articles or a `geo extract` GeoJSON.

    INPUTS are article files, folders, .geojson files, or - for stdin. With no
    INPUTS, maps the seeds/ folder into maps/seeds.html.
    """
    inputs = inputs or (DEFAULT_INPUT,)
    output = output or default_output(inputs)
    suffix = output.suffix.lower()
    if suffix not in (".html", ".htm", *STATIC_FORMATS):
        raise OutputError(
            f"{output}: geo map writes .html (interactive) or .png, .svg, .pdf (print)"
        )
    if embed and suffix in STATIC_FORMATS:
        raise OutputError(f"{output}: --embed makes an HTML fragment; write it to a .html file")
    collections, articles, problems = read_inputs(inputs, default_date, follow_links=follow_links)
    for p in problems:
        note(p, quiet=quiet)
    if articles:
        shown = len(problems)
        with online_geocoder(provider, online_url, quiet=quiet) as online:
            result = extract(articles, program_gazetteer(), online=online)
        # Files that could not be read, met as the articles were read one by one.
        for p in problems[shown:] + result.problems:
            note(p, quiet=quiet)
        # Render the contract exactly as `geo extract` writes it, so a map made in
        # one step and one made through a GeoJSON file are the same bytes.
        collections.append(loads(dumps(result.collection), "extraction"))
    combined = combine(collections)
    drawable = [f for f in combined["features"] if f.get("geometry") is not None]
    if not drawable:
        note("error: nothing to map (no place, zone or incident could be located)")
        sys.exit(1)
    count = len({d["id"] for d in combined["geo"]["documents"]})
    if title:
        # Typed in a shell whose bytes are not UTF-8: kept, escaped, like a file name.
        title = safe_name(title)
    else:
        title = (
            f"Incidents and zones from {count} report{'s' if count != 1 else ''}"
            if count
            else "Incidents and zones"
        )
    # Recomputed on every map: a collection edited by hand stays consistent.
    related = relate(combined)
    if suffix in STATIC_FORMATS:
        render_static(related, output, title=title)
    else:
        # Imported here, so a print map never loads folium and the HTML map's modules.
        from geo.render.html import render_html

        write_atomic(output, render_html(related, title=title, embed=embed))
    kinds = {}
    for f in drawable:
        kinds[f["properties"]["kind"]] = kinds.get(f["properties"]["kind"], 0) + 1
    summary = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(kinds.items()))
    note(f"wrote {output} ({summary})", quiet=quiet)
