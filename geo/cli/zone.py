"""``geo zone``: geodesic zones around a place or a longitude,latitude."""

import re
from pathlib import Path

import click

from geo.cli.options import geo_errors, note, output_option, program_gazetteer, quiet_option
from geo.errors import CoordinateError, GeocodeError
from geo.features import dumps, feature, feature_collection
from geo.support.output import write_atomic
from geo.units import format_distance, parse_radius, parse_tolerance
from geo.zones import check_center, geodesic_rings

_LONLAT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([+-]?\d+(?:\.\d+)?)\s*$")


def resolve_center(text: str) -> tuple[str, float, float]:
    """Return ``(name, lon, lat)`` for a ``LON,LAT`` pair or a gazetteer name."""
    m = _LONLAT.match(text)
    if m:
        lon, lat = check_center(float(m.group(1)), float(m.group(2)))
        ns, ew = "N" if lat >= 0 else "S", "E" if lon >= 0 else "W"
        return f"{abs(lat):.5f}° {ns} {abs(lon):.5f}° {ew}", lon, lat
    if re.fullmatch(r"[\s\d.,+-]+", text):
        raise CoordinateError(f"centre {text!r} is not LON,LAT (e.g. 38.61778,33.50583)")
    place, _count = program_gazetteer().lookup(text)
    if place is None or place.lat is None or place.lon is None:
        raise GeocodeError(f"centre {text!r} is not in the gazetteer; give LON,LAT instead")
    return place.name, place.lon, place.lat


@click.command("zone")
@click.option(
    "--center",
    "center_text",
    required=True,
    metavar="NAME|LON,LAT",
    help="Place name from the gazetteer, or longitude,latitude in degrees.",
)
@click.option(
    "--radius",
    "radii",
    required=True,
    multiple=True,
    metavar="TEXT",
    help='Radius with unit: "55 km", "34 mi", "50 nmi", "10 m". Repeat for several rings.',
)
@click.option(
    "--tolerance",
    default="1 m",
    show_default=True,
    help="Largest distance of the drawn boundary from the true circle.",
)
@output_option
@quiet_option
@geo_errors
def zone_command(
    center_text: str, radii: tuple[str, ...], tolerance: str, output: Path | None, quiet: bool
) -> None:
    """Write a geodesic zone as a GeoJSON Feature (several radii: a FeatureCollection)."""
    name, lon, lat = resolve_center(center_text)
    # The same radius asked twice ("5 km", "5000 m") is one ring.
    rings_asked: dict[float, tuple[float, str, float, str]] = {}
    for text in radii:
        value, unit, radius_m = parse_radius(text)
        rings_asked.setdefault(radius_m, (value, unit, radius_m, text))
    parsed = list(rings_asked.values())
    tolerance_m = parse_tolerance(tolerance)
    rings = geodesic_rings(
        [(lon, lat)] * len(parsed), [p[2] for p in parsed], tolerance_m=tolerance_m
    )
    features = [
        feature(
            ring,
            {
                "kind": "zone",
                "center": name,
                "center_lonlat": [lon, lat],
                "radius_m": radius_m,
                "label": format_distance(radius_m),
                "tolerance_m": tolerance_m,
                "reported": {"value": value, "unit": unit, "text": text},
                "sources": [],
            },
        )
        for (value, unit, radius_m, text), ring in zip(parsed, rings, strict=True)
    ]
    text = dumps(features[0] if len(features) == 1 else feature_collection(features))
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        note(f"wrote {output}", quiet=quiet)
