"""How right `geo extract` is on places and shapes anywhere: the issue #12 world dev set.

Run: .venv/bin/python benchmarks/world_quality.py [--json]

Reads ``tests/fixtures/devset_world/`` the way `geo extract` reads a folder
(``read_articles``, then ``extract`` once over all forty reports, in process),
and compares the result with the hand-written ``expected.json`` of that folder
(its README gives the schema and the judgement calls). Prints, per theatre and
overall, then lists the misses by cause. The thresholds:

- places: a found place matches an expected one by name and by distance. By
  name: one of its mentions in the report overlaps an occurrence of the
  expected name or an alias (occurrences inside a longer expected name belong
  to that name: "Zaporizhzhia" in "Zaporizhzhia nuclear power plant" is the
  plant; occurrences inside a dateline count for nothing), or, for a mention
  that overlaps no expected name, shares a word of 4+ letters with it. By
  distance (``PLACE_KM``): within 25 km for towns, districts, facilities and
  other points (capes, peaks), within 100 km for regions (they are given at
  their admin centre, so this also takes the admin centre itself) and islands
  (Luzon, the Spratlys), within 150 km for water. A found region or water
  body with an outline in geo's areas data (``data/areas/outlines.json``, by
  its ``gazetteer_id``) is as far from the expected point as the outline is:
  0 when the point lies inside (the Red Sea named for a ship hit off Hodeidah
  is the Red Sea, whichever point the annotator gave it). Recall is over ``places`` that are
  points (lines, ``kind: country_border``, are scored apart: whether a strip
  is drawn along them); precision over the found places of a report that are
  not countries (not annotated in this set) and not offsets (scored below);
  places that only name an optional place or a line count neither way;
- wrong same-name: a found place within ``TRAP_KM`` of a ``must_not_place_at``
  point and nearer to it than to the expected place its name matches, or
  matching an expected place by name but more than ``WRONG_NAME_KM`` from it;
- kind: for matched places, geo's ``place_type`` mapped to the annotation's
  kinds (``KIND_OF_TYPE``) against the annotated kind; region-vs-town mix-ups
  are also counted on their own;
- offsets: the offsets geo wrote (places of type ``offset`` and incidents with
  ``properties.offset``) whose words overlap the expected offset's words (or
  any offset within ``OFFSET_FOUND_KM`` of the true position); the nearest is
  scored: its distance from the true position (goal: within
  ``OFFSET_GOAL_KM``) and whether its uncertainty wedge
  (``geo.wedges.uncertainty_area``) contains the true position;
- zones: a geo zone is tied to an expected zone when its words overlap the
  zone's text or its size is the zone's within ``ZONE_SIZE_TOLERANCE`` (1 %;
  a size given by direction or sector takes any of its values). A ring is
  right when geo drew a ring of that radius centred within ``ZONE_CENTRE_KM``
  of the expected centre; a strip when geo drew a strip of that width along
  the border of the same two countries on the expected side (``both`` is geo's
  two-sided strip). Coast buffers are counted as missed (geo draws none);
- incidents: an expected incident is matched, one to one, by a predicted one
  of the same date (``YYYY-MM`` as written) placed within ``INCIDENT_KM`` of
  the expected place (a sea, island or region: within its ``PLACE_KM``, as
  in the place scoring) or its offset's true position, or giving the same offset
  (reference within 25 km, same bearing and distance); an incident the text
  gives no point for (``place: null``) by the date and its sentence. Event
  type agreement is ACLED's ``event_type`` over the matched incidents;
  date accuracy, over the expected incidents that an incident telling their
  sentence places within ``INCIDENT_KM`` (whatever its date): one of them has
  the expected date;
  actor agreement, ``actor1`` and ``actor2`` each over the matched incidents
  (``same_actor``: ACLED's names without the years it adds to a state's
  forces, one containing the other; both empty agree, one empty does not);
  "placed far" counts predicted incidents telling an expected incident's
  sentence more than ``FAR_KM`` from its place.

It is a report: the exit code is 0 whatever the figures.
``tests/extract/test_devset_world.py`` imports ``evaluate`` from here and
holds the figures to floors.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from extraction_quality import (  # noqa: E402 - the benchmarks folder is not a package
    _frac,
    _pct,
    _score_datelines,
    _short,
    distance_km,
    greedy_match,
    occurrences,
    overlaps,
    report_main,
    run_extraction,
)

ROOT = HERE.parent
WORLD = ROOT / "tests" / "fixtures" / "devset_world"
EXPECTED = "expected.json"

PLACE_KM = {
    "town": 25.0,
    "district": 25.0,
    "facility": 25.0,
    "other": 25.0,
    "region": 100.0,
    "island": 100.0,
    "water": 150.0,
}
WRONG_NAME_KM = 300.0
TRAP_KM = 3.0
OFFSET_GOAL_KM = 10.0
OFFSET_FOUND_KM = 100.0
ZONE_SIZE_TOLERANCE = 0.01
ZONE_CENTRE_KM = 10.0
INCIDENT_KM = 25.0
FAR_KM = 100.0

# geo's place types (GeoNames "city", the supplement's facility types, an online
# provider's OSM types) as the annotation's kinds; None: not scored for kind.
KIND_OF_TYPE = {
    **dict.fromkeys(
        ("city", "town", "village", "hamlet", "locality", "populated place", "municipality"),
        "town",
    ),
    **dict.fromkeys(
        # geo's "district" is a part of a city ("the X district of Y"); its
        # divisions are "region".
        (
            "district",
            "suburb",
            "quarter",
            "neighbourhood",
            "neighborhood",
            "city_district",
            "borough",
        ),
        "district",
    ),
    **dict.fromkeys(
        (
            "region",
            "state",
            "province",
            "county",
            "governorate",
            "oblast",
            "division",
            "administrative",
            "peninsula",
            "valley",
            "area",
            "desert",
            "mountains",
            "plain",
            "plateau",
            "coast",
        ),
        "region",
    ),
    **dict.fromkeys(
        (
            "sea",
            "gulf",
            "strait",
            "bay",
            "ocean",
            "lake",
            "reservoir",
            "river",
            "water",
            "shoal",
            "reef",
            "channel",
        ),
        "water",
    ),
    **dict.fromkeys(("island", "islands", "islet", "archipelago", "atoll"), "island"),
    **dict.fromkeys(
        (
            "airbase",
            "airport",
            "aerodrome",
            "border_crossing",
            "camp",
            "military_base",
            "naval_base",
            "oil_field",
            "outpost",
            "nuclear_power_plant",
            "power_plant",
            "port",
            "dam",
            "facility",
            "bridge",
            "crossing",
            "mosque",
            "office",
            "building",
            "landmark",
        ),
        "facility",
    ),
    **dict.fromkeys(("cape", "mountain", "peak"), "other"),
    "offset": None,
    "country": None,
}

# Words that name the kind of a place, not the place: "Kherson region" is looked
# up as "Kherson" too when asking the gazetteer why a place was missed.
_GENERIC = re.compile(
    r"\b(?:the|port|of|region|oblast|province|governorate|district|state|county|division|"
    r"peninsula|island|islands|camp|displacement|refugee|airbase|air base|airport|crossing|"
    r"dam|oil field|headquarters|sector|valley|mountains)\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- helpers


def _fold(text: str | None) -> str:
    """Lower-case ``text`` without accents, apostrophes or punctuation: 'Ren’ai' -> 'renai'."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\u2019'`ʼ]", "", text.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def name_spans(text: str, name: str) -> list[tuple[int, int]]:
    """Return the case-insensitive, whole-word occurrences of ``name`` in ``text``."""
    pattern = r"(?<![\w])" + re.escape(name) + r"(?![\w])"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]


def optional_name(entry) -> str:
    """Return the name of an optional place: "Kyiv (government, ...)" -> "Kyiv"."""
    if isinstance(entry, dict):
        return entry.get("name", "")
    return re.split(r"\s*[(:]", entry, maxsplit=1)[0].strip()


def sizes(value) -> list[float]:
    """Return a zone's sizes in metres: a number, or every value of a per-direction dict."""
    if isinstance(value, dict):
        return [float(v) for v in value.values() if isinstance(v, (int, float))]
    return [] if value is None else [float(value)]


def size_fits(got: float | None, want: list[float]) -> bool:
    return got is not None and any(abs(got - w) <= ZONE_SIZE_TOLERANCE * w for w in want)


def geo_kind(place_type: str | None) -> str | None:
    """Return the annotation's kind for geo's ``place_type`` ("unknown" when unmapped)."""
    if place_type in KIND_OF_TYPE:
        return KIND_OF_TYPE[place_type]
    return "unknown"


def wedge_contains(offset: dict, lat: float, lon: float) -> bool | None:
    """Return whether an offset's uncertainty wedge contains (lat, lon); None if none drawn."""
    from shapely.geometry import Point, shape

    from geo.wedges import uncertainty_area

    try:
        polygon, _reach = uncertainty_area(offset)
    except (KeyError, TypeError, ValueError):
        return None
    return shape(polygon).covers(Point(lon, lat))


def _lonlat(feature: dict) -> tuple[float, float] | None:
    """Return (lat, lon) of a point feature, None for another or no geometry."""
    geometry = feature.get("geometry")
    if geometry and geometry.get("type") == "Point":
        lon, lat = geometry["coordinates"][:2]
        return lat, lon
    return None


# --------------------------------------------------------------------------- expected


def load_expected(folder: Path = WORLD) -> dict:
    """Return ``expected.json`` of ``folder``, checked against the report texts.

    Every phrase it quotes (names, not-places, datelines, offsets and their
    forms, zones, not-zones, incident sentences) must be in its report, and
    every incident's place must be one of its places or offsets, so a typo in
    the annotations fails loudly instead of scoring as a miss.
    """
    expected = json.loads((folder / EXPECTED).read_text(encoding="utf-8"))
    errors = []
    for name, exp in expected["files"].items():
        path = folder / name
        if not path.is_file():
            errors.append(f"{name}: no such file")
            continue
        text = path.read_text(encoding="utf-8")
        low = text.lower()
        for p in exp.get("places", []):
            # "as_written": a name the text gives only inside a plural phrase
            # ("Beni and Lubero territories").
            if not any(w.lower() in low for w in (p["name"], p.get("as_written")) if w):
                errors.append(f"{name}: place {p['name']!r} is not in the text")
        for phrase in exp.get("not_places", []):
            if phrase.lower() not in low:
                errors.append(f"{name}: {phrase!r} is not in the text")
        quoted = list(exp.get("not_zones", []))
        quoted += [d["in"] for d in exp.get("datelines", [])]
        quoted += [z["text"] for z in exp.get("zones", [])]
        quoted += [i["sentence_contains"] for i in exp.get("incidents", [])]
        for o in exp.get("offsets", []):
            quoted += [o["text"], *o.get("forms", [])]
        for phrase in quoted:
            if phrase not in text:
                errors.append(f"{name}: {phrase!r} is not in the text")
        for inc in exp.get("incidents", []):
            if inc.get("place") is not None and _incident_target(exp, inc) is None:
                errors.append(
                    f"{name}: incident place {inc['place']!r} is neither place nor offset"
                )
    for group in expected.get("same_event", []):
        for file, phrase in group["tellings"]:
            if file not in expected["files"]:
                errors.append(f"same_event: {file} is not in files")
            elif phrase not in (folder / file).read_text(encoding="utf-8"):
                errors.append(f"same_event: {phrase!r} is not in {file}")
    if errors:
        raise ValueError("expected.json does not fit the world dev set:\n  " + "\n  ".join(errors))
    return expected


def _incident_target(exp: dict, inc: dict) -> dict | None:
    """Return where an expected incident is: {"lat", "lon", "offset"?}, None if unknown."""
    want = (inc.get("place") or "").lower()
    for o in exp.get("offsets", []):
        if want == o["text"].lower() or want in (f.lower() for f in o.get("forms", [])):
            return {"lat": o["true_lat"], "lon": o["true_lon"], "offset": o}
    for p in exp.get("places", []):
        names = [p["name"], *p.get("aliases", [])]
        if want in (n.lower() for n in names) and p.get("lat") is not None:
            # A sea or a region is where the place scoring says it is: an
            # incident "over the southern Red Sea" is on the Red Sea whichever
            # point stands for it, as the place itself is (``PLACE_KM``).
            km = max(INCIDENT_KM, PLACE_KM.get(p.get("kind", ""), INCIDENT_KM))
            return {"lat": p["lat"], "lon": p["lon"], "km": km}
    return None


# --------------------------------------------------------------------------- results


@dataclass
class FileScore:
    """What one report scored, and what went wrong in it."""

    name: str
    theatre: str
    place_expected: int = 0
    place_found: int = 0  # expected places matched (recall)
    place_predicted: int = 0  # found places that count (precision)
    place_right: int = 0  # found places that match an expected one
    wrong_same_name: int = 0
    kind_checked: int = 0
    kind_right: int = 0
    region_town: int = 0  # region read as a town, or a town as a region
    not_places: int = 0
    not_places_taken: int = 0
    lines: int = 0
    lines_drawn: int = 0
    datelines: int = 0
    datelines_ok: int = 0
    offsets: int = 0
    offsets_found: int = 0
    offsets_close: int = 0  # within OFFSET_GOAL_KM of the true position
    offsets_wedge: int = 0  # wedge contains the true position
    zones: int = 0
    zones_found: int = 0
    zones_right: int = 0
    zones_wrong: int = 0
    zones_missed: int = 0
    not_zones: int = 0
    not_zones_zoned: int = 0
    incidents: int = 0
    incidents_matched: int = 0
    incidents_predicted: int = 0
    types_right: int = 0
    actor1_right: int = 0
    actor2_right: int = 0
    dates_checked: int = 0  # expected incidents told by an incident at their place
    dates_right: int = 0
    incidents_far: int = 0
    incidents_on_trap: int = 0
    offset_rows: list = field(default_factory=list)
    zone_rows: list = field(default_factory=list)
    misses: dict = field(default_factory=dict)  # cause -> lines

    def miss(self, cause: str, line: str) -> None:
        self.misses.setdefault(cause, []).append(f"{self.name}: {line}")


COUNTERS = [
    f.name for f in FileScore.__dataclass_fields__.values() if f.type == "int" or f.type is int
]


@dataclass
class Report:
    """Scores per report, the one-event-two-reports checks, and extraction's problems."""

    files: list[FileScore]
    same_event: list[tuple[str, bool, str]]
    problems: list[str]
    folder: str = "tests/fixtures/devset_world"

    def theatres(self) -> list[str]:
        return list(dict.fromkeys(f.theatre for f in self.files))

    def total(self, attr: str, theatre: str | None = None) -> int:
        return sum(getattr(f, attr) for f in self.files if theatre in (None, f.theatre))

    def figures(self, theatre: str | None = None) -> dict:
        """Return the figures of one theatre, or overall, as a plain dict."""

        def t(attr: str) -> int:
            return self.total(attr, theatre)

        def ratio(num: str, den: str) -> float | None:
            return t(num) / t(den) if t(den) else None

        return {
            "files": sum(1 for f in self.files if theatre in (None, f.theatre)),
            "place_recall": ratio("place_found", "place_expected"),
            "place_precision": ratio("place_right", "place_predicted"),
            "wrong_same_name": t("wrong_same_name"),
            "kind_accuracy": ratio("kind_right", "kind_checked"),
            "region_town_confusions": t("region_town"),
            "not_places_taken": t("not_places_taken"),
            "lines_drawn": ratio("lines_drawn", "lines"),
            "datelines_ok": ratio("datelines_ok", "datelines"),
            "offsets_found": ratio("offsets_found", "offsets"),
            "offsets_within_goal": ratio("offsets_close", "offsets"),
            "offsets_wedge_contains_truth": ratio("offsets_wedge", "offsets"),
            "zones_found": ratio("zones_found", "zones"),
            "zones_right": ratio("zones_right", "zones"),
            "zones_wrong": t("zones_wrong"),
            "zones_missed": t("zones_missed"),
            "not_zones_zoned": t("not_zones_zoned"),
            "incident_recall": ratio("incidents_matched", "incidents"),
            "incident_precision": ratio("incidents_matched", "incidents_predicted"),
            "event_type_agreement": ratio("types_right", "incidents_matched"),
            "date_accuracy": ratio("dates_right", "dates_checked"),
            "actor1_agreement": ratio("actor1_right", "incidents_matched"),
            "actor2_agreement": ratio("actor2_right", "incidents_matched"),
            "incidents_placed_far": t("incidents_far"),
            "incidents_on_trap_point": t("incidents_on_trap"),
            "counts": {attr: t(attr) for attr in COUNTERS},
        }

    def summary(self) -> dict:
        """Return the overall and per-theatre figures (for --json and the test)."""
        return {
            "overall": self.figures(),
            "theatres": {name: self.figures(name) for name in self.theatres()},
            "same_event_merged": [sum(ok for _, ok, _ in self.same_event), len(self.same_event)],
        }

    def causes(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for f in self.files:
            for cause, lines in f.misses.items():
                groups.setdefault(cause, []).extend(lines)
        for what, ok, detail in self.same_event:
            if not ok:
                groups.setdefault("one event told twice not merged", []).append(
                    f"{what} ({detail})"
                )
        return groups


# --------------------------------------------------------------------------- predicted


def _features_of(collection: dict, doc: str) -> dict[str, list[dict]]:
    """Return the report's places, offsets, zones and incidents from the collection."""
    out: dict[str, list[dict]] = {"places": [], "offsets": [], "zones": [], "incidents": []}
    for index, f in enumerate(collection["features"]):
        props = f["properties"]
        kind = props.get("kind")
        if kind == "place":
            mentions = [m for m in props.get("mentions", []) if m.get("document") == doc]
            if not mentions:
                continue
            item = {"index": index, "props": props, "at": _lonlat(f), "mentions": mentions}
            if props.get("place_type") == "offset" or props.get("offset"):
                out["offsets"].append(item)
            else:
                out["places"].append(item)
        elif kind in ("zone", "incident"):
            sources = [s for s in props.get("sources", []) if s.get("document") == doc]
            if not sources:
                continue
            item = {"index": index, "props": props, "at": _lonlat(f), "sources": sources}
            out[kind + "s"].append(item)
            if kind == "incident" and props.get("offset"):
                out["offsets"].append({**item, "mentions": []})
    return out


# --------------------------------------------------------------------------- places


_OUTLINES: list = []


def _outline(gazetteer_id: str | None):
    """Return the shapely outline of an area geo placed, None for a place without one."""
    if not gazetteer_id:
        return None
    if not _OUTLINES:
        from geo.geocode.areas import OUTLINES_FILE, Outlines
        from geo.support.paths import data_dir

        _OUTLINES.append(Outlines(data_dir() / OUTLINES_FILE))
    geometry = _OUTLINES[0].geometry(gazetteer_id)
    if geometry is None:
        return None
    from shapely.geometry import shape

    return shape(geometry)


def place_km(found: dict, lat: float, lon: float, kind: str = "region") -> float:
    """Return how far a found place is from (lat, lon): from its outline if it has one.

    The outline counts only for an expected region, water body or island: a
    region found for a town is not the town, wherever the region's edge is.
    """
    here = found["at"]
    if kind not in ("region", "water", "island"):
        return distance_km(here, (lat, lon))
    outline = _outline(found["props"].get("gazetteer_id"))
    if outline is None:
        return distance_km(here, (lat, lon))
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    truth = Point(lon, lat)
    if outline.covers(truth):
        return 0.0
    edge = nearest_points(outline, truth)[0]
    return distance_km((edge.y, edge.x), (lat, lon))


def _occurrence_owners(text: str, exp: dict) -> list[tuple[tuple[int, int], int]]:
    """Return ((start, end), place index) of the expected names' occurrences in ``text``.

    An occurrence inside a longer occurrence of another place's name belongs
    to that name only, and occurrences inside a dateline are left out.
    """
    datelines = [occurrences(text, d["in"])[0] for d in exp.get("datelines", [])]
    found = []
    for i, p in enumerate(exp.get("places", [])):
        for name in dict.fromkeys([p["name"], *p.get("aliases", [])]):
            for span in name_spans(text, name):
                if not any(overlaps(span, d) for d in datelines):
                    found.append((span, i))
    kept = []
    for span, i in found:
        inside_longer = any(
            j != i and s[0] <= span[0] and span[1] <= s[1] and s[1] - s[0] > span[1] - span[0]
            for s, j in found
        )
        if not inside_longer:
            kept.append((span, i))
    return kept


def _words(text: str) -> set[str]:
    return {w for w in _fold(text).split() if len(w) >= 4}


def _place_words(p: dict) -> set[str]:
    """Return the words of 4+ letters of an expected place's names and GeoNames spelling."""
    return _words(" ".join([p["name"], *p.get("aliases", []), p.get("gazetteer_name", "")]))


def _gazetteer_hint(p: dict, text: str) -> tuple[str, str]:
    """Return (cause, detail) for an expected place geo did not name at all.

    Asks the gazetteer (exact keys, then loose spellings, as geo does) for the
    names the report uses, with and without their generic words ("Kherson
    region" as "Kherson" too), and for GeoNames' own spelling.
    """
    from geo.geocode.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    here = (p["lat"], p["lon"])
    limit = PLACE_KM.get(p["kind"], 25.0)

    def candidates(names: list[str]) -> tuple[list, list]:
        near, far = [], []
        for n in dict.fromkeys(n for n in names if n):
            for c in gazetteer.choose(n).candidates:
                if c.lat is None:
                    continue
                d = distance_km(here, (c.lat, c.lon))
                (near if d <= limit else far).append((d, n, c))
        return near, far

    said = [n for n in [p["name"], *p.get("aliases", [])] if name_spans(text, n)]
    said += [" ".join(_GENERIC.sub(" ", n).split()) for n in said]
    near, far = candidates(said)
    if near:
        d, n, c = min(near, key=lambda x: x[0])
        return (
            "named but rejected",
            f"gazetteer has {c.name!r} ({c.place_type}) as {n!r}, {d:,.0f} km",
        )
    if p.get("gazetteer_name") and candidates([p["gazetteer_name"]])[0]:
        return (
            "spelling not in gazetteer",
            f"GeoNames has it only as {p['gazetteer_name']!r}",
        )
    if far:
        d, n, c = min(far, key=lambda x: x[0])
        return (
            "place not in gazetteer",
            f"only same-name places elsewhere ({c.name!r}, {c.country}, {d:,.0f} km)",
        )
    return "place not in gazetteer", "no entry under any of its names"


def _score_places(res: FileScore, exp: dict, text: str, found: list[dict]) -> None:
    places = exp.get("places", [])
    points = [i for i, p in enumerate(places) if p.get("lat") is not None]
    lines = [p for p in places if p.get("lat") is None]
    owners = _occurrence_owners(text, exp)
    traps = exp.get("must_not_place_at", [])
    neutral_spans = [
        s for o in exp.get("optional_places", []) for s in name_spans(text, optional_name(o))
    ] + [s for p in lines for s in name_spans(text, p["name"])]
    not_place_spans = {ph: occurrences(text, ph) for ph in exp.get("not_places", [])}
    dateline_spans = [occurrences(text, d["in"])[0] for d in exp.get("datelines", [])]

    matched: dict[int, list[tuple[float, dict]]] = {}  # expected index -> (km, found place)
    # expected index -> (geo's kind or "wrong", what geo did with its name) where it missed
    tried: dict[int, list[tuple[str | None, str]]] = {}
    for f in found:
        if f["props"].get("place_type") == "country" or f["at"] is None:
            continue
        body = [m for m in f["mentions"] if m.get("role") != "dateline"]
        if not body:
            continue
        here = f["at"]
        name = f["props"].get("name")
        said = ", ".join(sorted({repr(m["text"]) for m in body}))
        right = wrong = named = False
        for m in body:
            span = (m["start"], m["end"])
            owners_here = {i for s, i in owners if overlaps(s, span)}
            if not owners_here:
                owners_here = {
                    i
                    for i in points
                    if _words(m["text"]) & _place_words(places[i])
                    and distance_km(here, (places[i]["lat"], places[i]["lon"]))
                    <= PLACE_KM.get(places[i]["kind"], 25.0)
                }
            for i in owners_here:
                p = places[i]
                if p.get("lat") is None:
                    continue
                named = True
                d = place_km(f, p["lat"], p["lon"], p["kind"])
                trap = next(
                    (
                        t
                        for t in traps
                        if distance_km(here, (t["lat"], t["lon"])) <= TRAP_KM
                        and distance_km(here, (t["lat"], t["lon"])) < d
                    ),
                    None,
                )
                what = f"{m['text']!r} -> {name} ({here[0]:.3f}, {here[1]:.3f})"
                if trap is not None:
                    wrong = True
                    tried.setdefault(i, []).append(("wrong", f"{what}, on {trap['name']}"))
                elif d <= PLACE_KM.get(p["kind"], 25.0):
                    right = True
                    matched.setdefault(i, []).append((d, f))
                elif d > WRONG_NAME_KM:
                    wrong = True
                    tried.setdefault(i, []).append(("wrong", f"{what}, {d:,.0f} km off"))
                else:
                    kind = geo_kind(f["props"].get("place_type"))
                    tried.setdefault(i, []).append((kind, f"{what}, {d:,.0f} km off"))
        if not named:
            trap = next(
                (t for t in traps if distance_km(here, (t["lat"], t["lon"])) <= TRAP_KM), None
            )
            spans = [(m["start"], m["end"]) for m in body]
            hit_not = [
                ph
                for ph, sp in not_place_spans.items()
                if any(overlaps(a, b) for a in sp for b in spans)
            ]
            if trap is not None:
                wrong = True
                res.miss(
                    "wrong same-name",
                    f"{said} -> {name}, on {trap['name']} ({_short(trap.get('why', ''), 60)})",
                )
            elif any(overlaps(a, b) for a in neutral_spans for b in spans):
                continue  # an optional place or a line: neither right nor wrong
            elif not hit_not and not any(overlaps(a, b) for a in dateline_spans for b in spans):
                # (not-places and datelines are listed by their own checks)
                res.miss("place not expected", f"{said} -> {name} ({here[0]:.3f}, {here[1]:.3f})")
        res.place_predicted += 1
        res.place_right += right
        res.wrong_same_name += wrong

    # A place named only in a dateline ("Ouagadougou, 14 May 2025" over a communique) is
    # scored by the datelines check: where a report was filed is no place of its story.
    owned = {i for _, i in owners}
    dateline_only = {
        i
        for i in points
        if i not in owned
        and any(
            overlaps(span, d)
            for name in dict.fromkeys([places[i]["name"], *places[i].get("aliases", [])])
            for span in name_spans(text, name)
            for d in dateline_spans
        )
    }
    points = [i for i in points if i not in dateline_only]
    res.place_expected = len(points)
    res.place_found = len([i for i in matched if i in points])
    for i in points:
        p = places[i]
        if i in matched:
            for how, t in tried.get(i, []):
                if how == "wrong":
                    res.miss(
                        "wrong same-name",
                        f"{p['name']!r} ({p['kind']}), besides the right one: {t}",
                    )
            # Of equally near matches (a division given at its admin centre, and
            # that town), the one of the annotated kind.
            d, f = min(
                matched[i],
                key=lambda x: (
                    round(x[0], 1),
                    geo_kind(x[1]["props"].get("place_type")) != p["kind"],
                ),
            )
            got = geo_kind(f["props"].get("place_type"))
            if got is None:
                continue
            res.kind_checked += 1
            if got == p["kind"]:
                res.kind_right += 1
                continue
            kinds = {got, p["kind"]}
            detail = f"{p['name']!r} -> {f['props'].get('name')} ({f['props'].get('place_type')})"
            if kinds == {"region", "town"}:
                res.region_town += 1
                res.miss(f"{p['kind']} read as {'city' if got == 'town' else got}", detail)
            else:
                res.miss(f"{p['kind']} read as {got}", detail)
            continue
        if i in tried:
            how = {k for k, _ in tried[i]}
            if "wrong" in how:
                cause = "wrong same-name"
            elif p["kind"] != "town" and how == {"town"}:
                cause = f"{p['kind']} placed at a same-name town"
            else:
                cause = "placed off"
            offs = "; ".join(t for _, t in tried[i][:2])
            res.miss(cause, f"{p['name']!r} ({p['kind']}): {offs}")
            continue
        cause, detail = _gazetteer_hint(p, text)
        res.miss(cause, f"{p['name']!r} ({p['kind']}): {detail}")

    for phrase, spans in not_place_spans.items():
        res.not_places += 1
        hits = sorted(
            {
                f"{m['text']!r} -> {f['props'].get('name')}"
                for f in found
                for m in f["mentions"]
                if m.get("role") != "dateline"
                and any(overlaps(s, (m["start"], m["end"])) for s in spans)
            }
        )
        if hits:
            res.not_places_taken += 1
            res.miss("not a place taken as a place", f"{phrase!r}: {', '.join(hits)}")


def _score_lines(res: FileScore, exp: dict, zones: list[dict]) -> None:
    drawn = [
        frozenset(z["props"]["line"].get("between") or ())
        for z in zones
        if isinstance(z["props"].get("line"), dict)
    ]
    for p in exp.get("places", []):
        if p.get("lat") is not None:
            continue
        res.lines += 1
        pair = frozenset((p.get("line") or {}).get("between") or ())
        if pair and pair in drawn:
            res.lines_drawn += 1


# --------------------------------------------------------------------------- offsets


def _score_offsets(res: FileScore, exp: dict, text: str, found: list[dict], places) -> None:
    for o in exp.get("offsets", []):
        res.offsets += 1
        truth = (o["true_lat"], o["true_lon"])
        spans = [s for form in [o["text"], *o.get("forms", [])] for s in occurrences(text, form)]
        worded = [
            f
            for f in found
            if f["at"] is not None
            and any(overlaps(s, (m["start"], m["end"])) for s in spans for m in f["mentions"])
        ]
        near = [
            f
            for f in found
            if f["at"] is not None and distance_km(f["at"], truth) <= OFFSET_FOUND_KM
        ]
        pool = worded or near
        row = {"file": res.name, "text": o["text"], "found": bool(pool)}
        res.offset_rows.append(row)
        if not pool:
            ref = (o["reference_lat"], o["reference_lon"])
            at_ref = [
                p["props"].get("name")
                for p in places
                if p["at"] is not None
                and distance_km(p["at"], ref) <= 25
                and any(overlaps(s, (m["start"], m["end"])) for s in spans for m in p["mentions"])
            ]
            if at_ref:
                what = f"placed at the reference {at_ref[0]}"
            elif not any(p["at"] and distance_km(p["at"], ref) <= 25 for p in places):
                what = f"its reference {o['reference']!r} was not found"
            else:
                what = "no point from its words"
            res.miss("offset not read", f"{o['text']!r}: {what}")
            continue
        best = min(pool, key=lambda f: distance_km(f["at"], truth))
        km = distance_km(best["at"], truth)
        offset = best["props"]["offset"]
        inside = wedge_contains(offset, *truth)
        ref = offset.get("reference_lonlat") or [None, None]
        ref_km = (
            distance_km((ref[1], ref[0]), (o["reference_lat"], o["reference_lon"]))
            if None not in ref
            else None
        )
        row.update(km=km, wedge=inside, reference_km=ref_km, got=best["props"].get("name"))
        res.offsets_found += 1
        res.offsets_close += km <= OFFSET_GOAL_KM
        res.offsets_wedge += bool(inside)
        if km > OFFSET_GOAL_KM:
            res.miss(
                "offset more than 10 km from the truth",
                f"{o['text']!r} -> {row['got']}: {km:,.1f} km"
                + ("" if ref_km is None else f" (reference {ref_km:,.1f} km off)"),
            )
        if not inside:
            res.miss(
                "offset wedge misses the truth",
                f"{o['text']!r} -> {row['got']}: truth {km:,.1f} km from the point",
            )


# --------------------------------------------------------------------------- zones


def _zone_spans(z: dict) -> list[tuple[int, int]]:
    spans = []
    for s in z["sources"]:
        match = s.get("match") or {}
        if "start" in match:
            spans.append((match["start"], match["end"]))
    return spans


def _side_fits(want: str, got: str | None) -> bool:
    if want == "both":
        return got in (None, "both")
    return got == want


def _judge_zone(z: dict, g: dict) -> tuple[bool, str, str]:
    """Return (right, cause, detail) for expected zone ``z`` drawn as geo zone ``g``."""
    props = g["props"]
    shape = props.get("shape") or "ring"
    radius = props.get("radius_m")
    want = sizes(z.get("radius_m", z.get("width_m")))
    if str(z.get("width_is", "")).startswith("total"):  # "5 km wide": 2.5 km each side
        want = [w / 2 for w in want]
    drawn = f"{shape} {radius:,.0f} m" if radius is not None else shape
    if z["kind"] == "ring":
        # A ring whose size the text gives by direction is drawn as sectors.
        if shape not in ("ring", "sectors"):
            return False, "zone of the wrong shape", f"ring drawn as {drawn}"
        if not size_fits(radius, want):
            return False, "zone of the wrong size", f"{drawn}, expected {want}"
        centre = props.get("center_lonlat")
        c = z["centre"]
        if not centre:
            basis = _short(props.get("center_basis") or "no centre", 70)
            return False, "zone centre left for review", f"{drawn}, {basis}"
        km = distance_km((centre[1], centre[0]), (c["lat"], c["lon"]))
        if km > ZONE_CENTRE_KM:
            return (
                False,
                "zone centre on wrong place",
                f"{drawn} around {props.get('center')}, {km:,.0f} km from {c['name']}",
            )
        return True, "", f"{drawn} around {props.get('center')} ({km:,.1f} km)"
    if z["kind"] == "strip":
        line = props.get("line") if isinstance(props.get("line"), dict) else {}
        where = f"{drawn} along {props.get('center')}"
        if shape != "strip":
            return (
                False,
                "zone of the wrong shape",
                f"strip drawn as {drawn} around {props.get('center')}",
            )
        if not size_fits(radius, want):
            return False, "zone of the wrong size", f"{where}, expected {want}"
        pair = frozenset((z.get("line") or {}).get("between") or ())
        named = (z.get("line") or {}).get("named")
        if not pair and named:
            # A line that is no border (a river, a road): the same name, and drawn.
            plain = {"river", "road", "the", "corridor", "line"}
            want_words = set(re.findall(r"\w+", named.casefold())) - plain
            got_words = set(re.findall(r"\w+", str(line.get("name") or "").casefold())) - plain
            if not line.get("source"):  # no data for the line: kept for review
                return False, "line zone left for review", f"{where}, expected {named}"
            if not want_words & got_words:
                return False, "strip on the wrong line", f"{where}, expected {named}"
            return True, "", where
        if not pair or frozenset(line.get("between") or ()) != pair:
            named = (z.get("line") or {}).get("named") or "-".join(sorted(pair))
            return False, "strip on the wrong line", f"{where}, expected {named}"
        if not _side_fits(z.get("side", "both"), line.get("side")):
            side = line.get("side") or "both sides"
            return False, "strip on the wrong side", f"{where} ({side}), expected {z.get('side')}"
        return True, "", where
    # A coast buffer: geo writes shape "coast" and the country whose coast it measures from.
    where = f"{drawn} along {props.get('center')}"
    if shape != "coast":
        return False, "coast buffer not drawn", f"drawn as {drawn} around {props.get('center')}"
    if not size_fits(radius, want):
        return False, "zone of the wrong size", f"{where}, expected {want}"
    country = ((z.get("coast") or {}).get("country") or "").upper()
    if country and props.get("coast") != country:
        return False, "coast of the wrong country", f"{where}, expected {country}"
    return True, "", where


def _score_zones(res: FileScore, exp: dict, text: str, zones: list[dict]) -> None:
    wanted = exp.get("zones", [])
    pairs = []
    for i, z in enumerate(wanted):
        spans = occurrences(text, z["text"])
        want = sizes(z.get("radius_m", z.get("width_m")))
        for j, g in enumerate(zones):
            worded = any(overlaps(s, g_span) for s in spans for g_span in _zone_spans(g))
            sized = size_fits(g["props"].get("radius_m"), want)
            if worded or sized:
                pairs.append(((0 if worded else 1, 0 if sized else 1), i, j))
    tied = greedy_match(pairs)
    for i, z in enumerate(wanted):
        res.zones += 1
        row = {"file": res.name, "kind": z["kind"], "text": z["text"]}
        res.zone_rows.append(row)
        if i not in tied:
            row["status"] = "missed"
            res.zones_missed += 1
            cause = "coast buffer not drawn" if z["kind"] == "coast" else f"{z['kind']} zone missed"
            res.miss(cause, f"{z['text']!r}: no zone")
            continue
        right, cause, detail = _judge_zone(z, zones[tied[i]])
        row["detail"] = detail
        if z["kind"] == "coast" and cause == "coast buffer not drawn":
            row["status"] = "missed"
            res.zones_missed += 1
            res.miss(cause, f"{z['text']!r}: {detail}")
            continue
        res.zones_found += 1
        if right:
            row["status"] = "right"
            res.zones_right += 1
        else:
            row["status"] = "wrong"
            res.zones_wrong += 1
            res.miss(cause, f"{z['text']!r}: {detail}")
    used = set(tied.values())
    for phrase in exp.get("not_zones", []):
        res.not_zones += 1
        spans = occurrences(text, phrase)
        hits = [g for g in zones if any(overlaps(s, gs) for s in spans for gs in _zone_spans(g))]
        if hits:
            res.not_zones_zoned += 1
            used |= {zones.index(g) for g in hits}
            g = hits[0]["props"]
            res.miss(
                "distance that is not a zone became a zone",
                f"{phrase!r} -> {g.get('radius_m'):,.0f} m around {g.get('center')}",
            )
    for j, g in enumerate(zones):
        if j not in used:
            p = g["props"]
            said = ", ".join(repr(s.get("match", {}).get("text")) for s in g["sources"])
            res.miss(
                "zone not expected",
                f"{said} -> {p.get('radius_m'):,.0f} m around {p.get('center')}",
            )


# --------------------------------------------------------------------------- incidents


def _same_offset(want: dict, got: dict | None) -> bool:
    if not got:
        return False
    ref = got.get("reference_lonlat") or [None, None]
    if None in ref:
        return False
    return (
        distance_km((ref[1], ref[0]), (want["reference_lat"], want["reference_lon"])) <= INCIDENT_KM
        and abs(float(got["bearing_deg"]) - want["bearing_deg"]) <= 1.0
        and abs(float(got["distance_m"]) - want["distance_m"]) <= 0.01 * want["distance_m"]
    )


def _actor_key(name: str | None) -> str:
    """Return an actor's name as compared: ACLED's years and a leading "the" left out."""
    if not name:
        return ""
    name = re.sub(r"\s*\((?:\d{4})?-?(?:\d{4})?\)\s*$", "", str(name))
    name = re.sub(r"\s*[–—-]\s*", " ", name)  # "Islamic State – Sahel Province"
    name = re.sub(r"[()]", " ", name)  # "Islamic State (Mozambique)"
    key = " ".join(re.sub(r"^the\s+", "", name.strip(), flags=re.I).casefold().split())
    # Annotators spell ACLED's "Unidentified Armed Group (X)" in their own words.
    return _UNNAMED_GROUP.sub("unidentified armed group", key)


_UNNAMED_GROUP = re.compile(
    r"^(?:(?:unnamed|unidentified|unknown)\s+(?:armed\s+group|gunmen|militants|attackers)"
    r"|militants\s+unidentified)\b"
)


_UNNAMED_QUALIFIED = re.compile(
    r"\s*(?:unnamed|unidentified|unknown)\s+armed\s+group\s*\((?P<qualifier>[^()]+)\)\s*$", re.I
)


def same_actor(expected: str | None, got: str | None) -> bool:
    """Return whether geo names the party the annotation names (both empty agree).

    ACLED's names, compared without the years ACLED adds to a state's forces
    ("Military Forces of Russia (2000-)"), or one containing the other
    ("Houthis" in "Houthis (Ansar Allah)"). An annotation naming joint forces
    ("Military Forces of Syria / Russia") is right for either, as ACLED names
    one actor1 and the other its associate.
    """
    if expected and " / " in expected:
        first, *others = str(expected).split(" / ")
        stem = first.rsplit(" ", 1)[0] + " " if first.startswith("Military Forces of ") else ""
        options = [first] + [o if " " in o else stem + o for o in others]
        return any(same_actor(option, got) for option in options)
    e, g = _actor_key(expected), _actor_key(got)
    if not e or not g:
        return not e and not g
    if _unnamed_anywhere(str(expected)) and g.startswith("unidentified armed group"):
        return True
    return e == g or e in g or g in e or bool(_acronyms(e) & _acronyms(g))


def _unnamed_anywhere(name: str) -> bool:
    """Return whether an annotation names an unidentified armed group of no country.

    ACLED qualifies "Unidentified Armed Group" by the event's country only; an
    annotation that qualifies it otherwise ("Unidentified armed group
    (jihadist)") says no more than that the group is not named, as geo's
    "Unidentified Armed Group (Burkina Faso)" says.
    """
    from geo.extract.party_lexicon import country_code

    m = _UNNAMED_QUALIFIED.match(name)
    return m is not None and country_code(m["qualifier"]) is None


def _acronyms(key: str) -> set[str]:
    """Return the acronyms an ACLED name opens with ("jnim: ..." gives {"jnim"}).

    ACLED names a group "ACRONYM: Full name"; the full name's transliteration
    varies between coders ("Jama'at Nusrat al-Islam wal-Muslimin", "Group for
    Support of Islam and Muslims"), the acronym does not.
    """
    head, sep, _ = key.partition(":")
    return {a for a in head.split("/") if a} if sep and " " not in head.strip() else set()


def _tells(pred: dict, phrase: str) -> bool:
    return any(phrase in s.get("text", "") for s in pred["sources"])


def _date_agrees(props: dict, expected: dict) -> bool:
    """Return whether geo's date is the annotation's (or one it also accepts).

    An annotation that gives only a month ("2024-08" for "last week", as the
    dev sets write a week) agrees with a date in that month that geo gives at
    week or month precision: geo writes ACLED's event date, a day, with
    ``time_precision`` saying how much of it is known.
    """
    got = props.get("date")
    if got in (expected["date"], *expected.get("date_also_ok", ())):
        return True
    want = str(expected["date"])
    return (
        len(want) == 7
        and isinstance(got, str)
        and got.startswith(want + "-")
        and props.get("date_precision") in ("week", "month")
    )


def _score_incidents(res: FileScore, exp: dict, preds: list[dict]) -> None:
    wanted = exp.get("incidents", [])
    res.incidents = len(wanted)
    res.incidents_predicted = len(preds)
    targets = [_incident_target(exp, e) for e in wanted]
    pairs = []
    for i, e in enumerate(wanted):
        for j, p in enumerate(preds):
            # A date another careful coder could give (a night across midnight) also counts.
            if not _date_agrees(p["props"], e):
                continue
            told = _tells(p, e["sentence_contains"])
            target = targets[i]
            if target is None:
                if e.get("place") is None and told:
                    pairs.append(((0, 0.0), i, j))
                continue
            km = distance_km(p["at"], (target["lat"], target["lon"])) if p["at"] else None
            if (km is not None and km <= target.get("km", INCIDENT_KM)) or (
                "offset" in target and _same_offset(target["offset"], p["props"].get("offset"))
            ):
                pairs.append(((0 if told else 1, km or 0.0), i, j))
    matched = greedy_match(pairs)
    res.incidents_matched = len(matched)
    for i, e in enumerate(wanted):
        label = (
            f"{e['acled_event_type']} / {e.get('acled_sub_event_type')} {e['date']} at "
            f"{e.get('place')}"
        )
        if i in matched:
            props = preds[matched[i]]["props"]
            got = props.get("event_type")
            if got == e["acled_event_type"]:
                res.types_right += 1
            else:
                res.miss("event type differs", f"{label}: geo says {got}")
            for role in ("actor1", "actor2"):
                if same_actor(e.get(role), props.get(role)):
                    setattr(res, f"{role}_right", getattr(res, f"{role}_right") + 1)
                else:
                    res.miss(
                        f"{role} differs",
                        f"{label}: expected {e.get(role)!r}, geo says {props.get(role)!r}",
                    )
            continue
        same = [p for p in preds if _tells(p, e["sentence_contains"])]
        if same:
            why = "; ".join(
                f"got {q['props'].get('event_type')} {q['props'].get('date')} at "
                f"{q['props'].get('place')}"
                for q in same[:2]
            )
        else:
            why = "no incident from that sentence"
        res.miss("incident missed", f"{label}: {why}")
    far = 0
    for p in preds:
        if p["at"] is None:
            continue
        told = [
            (distance_km(p["at"], (t["lat"], t["lon"])), e)
            for e, t in zip(wanted, targets, strict=True)
            if t is not None and _tells(p, e["sentence_contains"])
        ]
        if told and min(km for km, _ in told) > FAR_KM:
            km, e = min(told, key=lambda x: x[0])
            far += 1
            res.miss(
                "incident placed > 100 km off",
                f"{e.get('place')!r}: at {p['props'].get('place')}, {km:,.0f} km away",
            )
    res.incidents_far = far
    # Dates apart from matching: an expected incident that an incident telling its
    # sentence places within its reach (INCIDENT_KM; a sea or region, PLACE_KM),
    # whatever its date, is dated right or not.
    for e, target in zip(wanted, targets, strict=True):
        if target is None:
            continue
        here = [
            p
            for p in preds
            if p["at"] is not None
            and _tells(p, e["sentence_contains"])
            and distance_km(p["at"], (target["lat"], target["lon"]))
            <= target.get("km", INCIDENT_KM)
        ]
        if not here:
            continue
        res.dates_checked += 1
        if any(_date_agrees(p["props"], e) for p in here):
            res.dates_right += 1
        else:
            got = sorted({str(p["props"].get("date")) for p in here})
            res.miss(
                "incident date wrong",
                f"{e.get('place')!r} {e['date']} ({e.get('date_form') or 'as written'}): "
                f"geo says {', '.join(got)}",
            )
    used = set(matched.values())
    for j, p in enumerate(preds):
        if j not in used:
            told = (p["sources"][0].get("text", "") if p["sources"] else "")[:90]
            kind = p["props"].get("label") or p["props"].get("event_type")
            res.miss(
                "incident not expected",
                f"{kind} {p['props'].get('date')} at {p['props'].get('place')}: “{told}”",
            )
    event_points = [(t["lat"], t["lon"]) for t in targets if t is not None]
    for p in preds:
        if p["at"] is None:
            continue
        for trap in exp.get("must_not_place_at", []):
            point = (trap["lat"], trap["lon"])
            if distance_km(p["at"], point) <= TRAP_KM and not any(
                distance_km(q, point) <= TRAP_KM for q in event_points
            ):
                res.incidents_on_trap += 1
                res.miss(
                    "incident on a wrong same-name place",
                    f"{p['props'].get('event_type')} at {p['props'].get('place')}: {trap['name']}",
                )
                break


def _score_same_event(expected: dict, collection: dict) -> list[tuple[str, bool, str]]:
    results = []
    for group in expected.get("same_event", []):
        found = []
        for file, phrase in group["tellings"]:
            preds = _features_of(collection, file)["incidents"]
            found.append((file, {p["index"] for p in preds if _tells(p, phrase)}))
        common = set.intersection(*(ix for _, ix in found)) if found else set()
        detail = "; ".join(f"{file[:2]}: {len(ix)} incident(s)" for file, ix in found)
        results.append((group["what"], bool(common), detail))
    return results


# --------------------------------------------------------------------------- run


def evaluate(folder: Path = WORLD) -> Report:
    """Return the scores of `geo extract` on the world dev set in ``folder``."""
    expected = load_expected(folder)
    articles, extraction, read_problems = run_extraction(folder)
    collection = extraction.collection
    by_id = {a.id: a for a in articles}
    results = []
    for name, exp in expected["files"].items():
        res = FileScore(name, exp.get("theatre", "?"))
        article = by_id.get(name)
        if article is None:
            res.miss("report not read", name)
            results.append(res)
            continue
        text = article.text
        got = _features_of(collection, name)
        _score_places(res, exp, text, got["places"])
        _score_lines(res, exp, got["zones"])
        mentions = [
            {**m, "_feature": f["props"].get("name")}
            for f in got["places"] + got["offsets"]
            for m in f["mentions"]
        ]
        _score_datelines(res, exp, text, mentions)
        _score_offsets(res, exp, text, got["offsets"], got["places"])
        _score_zones(res, exp, text, got["zones"])
        _score_incidents(res, exp, got["incidents"])
        results.append(res)
    try:
        shown = str(folder.resolve().relative_to(ROOT))
    except ValueError:
        shown = str(folder)
    return Report(
        results,
        _score_same_event(expected, collection),
        read_problems + list(extraction.problems),
        shown,
    )


# --------------------------------------------------------------------------- printing


def _cell(report: Report, num: str, den: str, theatre: str | None) -> str:
    return _frac(report.total(num, theatre), report.total(den, theatre))


def format_report(report: Report) -> str:
    theatres = report.theatres()
    rows = [*theatres, None]
    width = max(len(t) for t in theatres) + 1

    def name(t: str | None) -> str:
        return f"{(t or 'overall'):{width}}"

    places_head = (
        f"{'theatre':{width}} {'files':>5} {'plc R':>7} {'plc P':>7} {'wrong':>5}"
        f" {'kind':>7} {'reg/ct':>6} {'!place':>6} {'lines':>5} {'datel':>5}"
    )
    lines = [
        f"geo extract on a dev set of reports from many theatres ({len(report.files)} reports, "
        f"{report.folder})",
        "",
        "Places",
        places_head,
        "-" * len(places_head),
    ]
    for t in rows:
        if t is None:
            lines.append("-" * len(places_head))
        lines.append(
            f"{name(t)} {report.figures(t)['files']:>5}"
            f" {_cell(report, 'place_found', 'place_expected', t):>7}"
            f" {_cell(report, 'place_right', 'place_predicted', t):>7}"
            f" {report.total('wrong_same_name', t):>5}"
            f" {_cell(report, 'kind_right', 'kind_checked', t):>7}"
            f" {report.total('region_town', t):>6}"
            f" {_cell(report, 'not_places_taken', 'not_places', t):>6}"
            f" {_cell(report, 'lines_drawn', 'lines', t):>5}"
            f" {_cell(report, 'datelines_ok', 'datelines', t):>5}"
        )
    shapes_head = (
        f"{'theatre':{width}} {'off':>5} {'<=10km':>6} {'wedge':>5} {'zones':>5} {'right':>5}"
        f" {'wrong':>5} {'miss':>4} {'!zone':>5} {'inc R':>6} {'inc P':>6} {'type':>6}"
        f" {'far':>3} {'trap':>4}"
    )
    lines += ["", "Offsets, zones, incidents", shapes_head, "-" * len(shapes_head)]
    for t in rows:
        if t is None:
            lines.append("-" * len(shapes_head))
        lines.append(
            f"{name(t)} {_cell(report, 'offsets_found', 'offsets', t):>5}"
            f" {_cell(report, 'offsets_close', 'offsets', t):>6}"
            f" {_cell(report, 'offsets_wedge', 'offsets', t):>5}"
            f" {_cell(report, 'zones_found', 'zones', t):>5}"
            f" {report.total('zones_right', t):>5}"
            f" {report.total('zones_wrong', t):>5}"
            f" {report.total('zones_missed', t):>4}"
            f" {_cell(report, 'not_zones_zoned', 'not_zones', t):>5}"
            f" {_cell(report, 'incidents_matched', 'incidents', t):>6}"
            f" {_cell(report, 'incidents_matched', 'incidents_predicted', t):>6}"
            f" {_cell(report, 'types_right', 'incidents_matched', t):>6}"
            f" {report.total('incidents_far', t):>3}"
            f" {report.total('incidents_on_trap', t):>4}"
        )
    s = report.figures()
    lines += [
        "",
        "plc R / plc P: expected places matched / found places that match (name + distance:"
        f" {PLACE_KM['town']:g} km towns, districts, facilities,",
        f"  capes; {PLACE_KM['region']:g} km regions and islands; {PLACE_KM['water']:g} km water);"
        f" wrong: found places on a must-not point (<= {TRAP_KM:g} km) or >"
        f" {WRONG_NAME_KM:g} km from a same-name expected one;",
        "  kind: matched places whose geo type is the annotated kind; reg/ct: region read as"
        " city or city as region; !place: not-places taken as places;",
        "  lines: borders named whose pair has a strip drawn; datel: datelines detected.",
        "off: offsets found; <=10km: within 10 km of the true position; wedge: uncertainty wedge"
        " contains it; zones: found (right + wrong) / expected;",
        f"  right: ring radius +-1 % and centre <= {ZONE_CENTRE_KM:g} km, or strip width +-1 %"
        " on the same country pair and side; coast: same size and country; miss: no zone;",
        "  !zone: not-zone distances that became zones; inc R / inc P: incidents matched on date"
        f" + place <= {INCIDENT_KM:g} km (or same offset) / expected and / predicted;",
        f"  type: ACLED event_type agrees; far: incidents placed > {FAR_KM:g} km from the"
        " expected place; trap: incidents on a must-not point.",
        "",
        "Overall",
        f"  places     recall {_pct(s['place_recall'])}  precision {_pct(s['place_precision'])}"
        f"  wrong same-name {s['wrong_same_name']}  kind accuracy {_pct(s['kind_accuracy'])}"
        f"  region/city confusions {s['region_town_confusions']}",
        f"  offsets    found {_pct(s['offsets_found'])}  within {OFFSET_GOAL_KM:g} km"
        f" {_pct(s['offsets_within_goal'])}  wedge holds the truth"
        f" {_pct(s['offsets_wedge_contains_truth'])}",
        f"  zones      found {_pct(s['zones_found'])}  right {_pct(s['zones_right'])}"
        f"  wrong {s['zones_wrong']}  missed {s['zones_missed']}"
        f"  not-zones zoned {s['not_zones_zoned']}",
        f"  incidents  recall {_pct(s['incident_recall'])}  precision"
        f" {_pct(s['incident_precision'])}  event type agrees {_pct(s['event_type_agreement'])}"
        f"  placed > {FAR_KM:g} km off {s['incidents_placed_far']}",
        f"  dates      right {_pct(s['date_accuracy'])}   (of expected incidents an incident"
        " telling their sentence places within 25 km, a sea or region within its PLACE_KM,"
        " whatever its date)",
        f"  actors     actor1 right {_pct(s['actor1_agreement'])}  actor2 right"
        f" {_pct(s['actor2_agreement'])}   (of matched incidents; both empty agree)",
        "  one event in two reports is one incident: "
        f"{_frac(sum(ok for _, ok, _ in report.same_event), len(report.same_event))}",
        "",
        "Offsets",
    ]
    for f in report.files:
        for r in f.offset_rows:
            if r["found"]:
                wedge = {True: "wedge holds it", False: "WEDGE MISSES", None: "no wedge"}[
                    r["wedge"]
                ]
                lines.append(f"  {r['file'][:2]} {r['text'][:48]:48} {r['km']:7.1f} km  {wedge}")
            else:
                lines.append(f"  {r['file'][:2]} {r['text'][:48]:48}  MISSED")
    lines += ["", "Zones"]
    for f in report.files:
        for r in f.zone_rows:
            detail = f": {r['detail']}" if r.get("detail") else ""
            lines.append(
                f"  {r['file'][:2]} {r['kind']:5} {r['status']:6} {_short(r['text'], 60)}{detail}"
            )
    groups = report.causes()
    lines += ["", "Misses by cause (most first)"]
    if not groups:
        lines.append("  none")
    for cause in sorted(groups, key=lambda c: (-len(groups[c]), c)):
        lines.append(f"  {cause} ({len(groups[cause])})")
        lines += [f"    - {item}" for item in groups[cause]]
    if report.problems:
        lines += ["", "Problems the extractor reported"]
        lines += [f"  {p}" for p in report.problems]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return report_main(
        argv, "world_quality", WORLD, evaluate, format_report, __doc__.splitlines()[0]
    )


if __name__ == "__main__":
    sys.exit(main())
