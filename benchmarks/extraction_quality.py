"""How right `geo.extract.batch.extract` is on news it was not tuned to: the issue #5 dev set.

Run: .venv/bin/python benchmarks/extraction_quality.py [--json]

Reads ``tests/fixtures/devset/`` with ``read_articles`` (so its ``metadata.csv``
applies), runs ``extract`` once over all of it, and compares the result with the
hand-written ``expected.json`` of that folder (its README says how it was
written). Prints, per file and overall:

- places: precision and recall; a predicted place matches an expected one
  within 10 km (one to one, nearest first); a place whose every mention in the
  file is marked ``role: "dateline"`` is not counted as a place of the file.
  Countries are compared by ISO code, separately. ``optional_places`` and
  ``optional_countries`` (metonymy, names inside a road's name) count neither
  way;
- datelines: an expected dateline is detected when every place mention inside
  it carries ``role: "dateline"`` and, for a dateline that names a gazetteer
  place, there is such a mention;
- radii: precision and recall of the distinct zone radii of each file (within
  1 m), and how many ``not_radii`` phrases became zones;
- incidents: recall and precision, a match needing the same date (``None``
  for a date the text does not let anyone resolve; a day inside an expected
  month counts when another report's telling, merged into the same incident,
  gives that day and is annotated with that event), the same ``event_type``
  and a place within 25 km; date accuracy over the incidents matched by type
  and place alone; whether weekday/date conflicts are noted; ACLED fields and
  actors where both sides have them; and whether each event told by several
  articles became one incident.

Then it lists every miss and false positive. It is a report: the exit code is
0 whatever the figures. ``tests/extract/test_devset.py`` imports
``evaluate`` from here and asserts the issue's thresholds.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "fixtures" / "devset"
EXPECTED = "expected.json"

PLACE_MATCH_KM = 10.0
INCIDENT_MATCH_KM = 25.0
RADIUS_MATCH_M = 1.0
EVENT_TYPES = ("air strike", "drone strike", "shoot-down", "attack")
_CONFLICT_WORDS = ("conflict", "contradict", "disagree", "mismatch", "inconsistent")


# --------------------------------------------------------------------------- helpers


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points (sphere, R = 6371.0088 km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Return the (start, end) of every occurrence of ``phrase`` in ``text``."""
    spans, start = [], text.find(phrase)
    while start >= 0:
        spans.append((start, start + len(phrase)))
        start = text.find(phrase, start + 1)
    return spans


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def greedy_match(pairs: list[tuple[tuple, int, int]]) -> dict[int, int]:
    """Return expected index -> predicted index, one to one, best-scored pairs first."""
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(pairs, key=lambda p: p[0]):
        if i not in matched and j not in used:
            matched[i] = j
            used.add(j)
    return matched


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().replace("-", " ").replace(".", "").split())


def actor_agrees(expected: str, predicted: str) -> bool:
    """Loose agreement: one normalised name contains the other, or they are one party.

    The annotations give the phrase the report uses ("Iranian-backed
    militia"); the tool gives the party its lexicon (data/actors.csv) files
    that exact phrase under ("pro-regime forces"), so one name reads the same
    across reports. A phrase the lexicon files under the predicted party agrees.
    """
    from geo.extract.parties import actors_in
    from geo.extract.text import Span

    e, p = _norm(expected), _norm(predicted)
    if not (e and p):
        return False
    phrase = expected.strip()
    parties = actors_in(phrase, Span(0, len(phrase), phrase))
    whole = [actor for start, end, actor in parties if (start, end) == (0, len(phrase))]
    return e in p or p in e or whole == [predicted]


def notes_conflict(props: dict) -> bool:
    """Return whether an incident's properties note a conflict in its date.

    Looks at keys about the date (``date_basis``, ``date_note``, ...) and keys
    naming a conflict, not at the summary, whose sentence may say "conflict".
    """
    for key, value in props.items():
        low = key.lower()
        if "conflict" in low and value:
            return True
        if low.startswith("date") and low not in {"date", "date_precision"}:
            text = json.dumps(value).lower()
            if any(word in text for word in _CONFLICT_WORDS):
                return True
    return False


def incident_label(props: dict) -> str | None:
    """Return the tool's short label of an incident ("air strike", ...).

    The contract first wrote it as ``event_type``; since incidents follow
    ACLED's codebook it is ``label``, and ``event_type`` is ACLED's.
    """
    return props.get("label") or props.get("event_type")


def acled_fields(props: dict) -> dict:
    """Return an incident's ACLED event and sub-event types and actors, where it has them."""
    label = incident_label(props)
    event_type = props.get("acled_event_type")
    if event_type is None and props.get("event_type") != label:
        event_type = props.get("event_type")
    return {
        "acled_event_type": event_type,
        "acled_sub_event_type": props.get("acled_sub_event_type") or props.get("sub_event_type"),
        "actor1": props.get("actor1"),
        "actor2": props.get("actor2"),
    }


def types_agree(expected: dict, props: dict) -> bool:
    """Return whether a predicted incident is of the expected type.

    The labels must be equal; a label the tool has beyond the four the dev set
    uses ("shelling", "bombing") agrees when its ACLED sub-event type equals
    the expected one (shelling is an "attack" of sub-event type
    Shelling/artillery/missile attack). "air strike" and "drone strike" stay
    apart although ACLED files both under Air/drone strike.
    """
    label = incident_label(props)
    if label == expected["event_type"]:
        return True
    sub = acled_fields(props)["acled_sub_event_type"]
    return (
        label not in EVENT_TYPES
        and bool(sub)
        and _norm(sub) == _norm(expected.get("acled_sub_event_type"))
    )


# --------------------------------------------------------------------------- expected


def load_expected(folder: Path = DEVSET) -> dict:
    """Return ``expected.json`` of ``folder``, checked against the article texts.

    Every phrase it quotes must be in its file, and every incident's place must
    be one of the file's places (case-insensitively), so a typo in the expected
    results fails loudly instead of scoring as a miss.
    """
    expected = json.loads((folder / EXPECTED).read_text(encoding="utf-8"))
    errors = []
    for name, exp in expected["files"].items():
        path = folder / name
        if not path.is_file():
            errors.append(f"{name}: no such file")
            continue
        text = path.read_text(encoding="utf-8")
        quoted = [d.get("in", d["text"]) for d in exp.get("datelines", [])]
        quoted += exp.get("not_radii", []) + exp.get("not_places", [])
        quoted += [i["sentence_contains"] for i in exp.get("incidents", [])]
        quoted += [p["name"] for p in exp.get("places", []) + exp.get("optional_places", [])]
        for phrase in quoted:
            if phrase not in text:
                errors.append(f"{name}: {phrase!r} is not in the text")
        for d in exp.get("datelines", []):
            if d["text"] not in d.get("in", d["text"]):
                errors.append(f"{name}: dateline {d['text']!r} is not in {d['in']!r}")
        names = {p["name"].lower() for p in exp.get("places", []) + exp.get("optional_places", [])}
        for inc in exp.get("incidents", []):
            if inc["place"].lower() not in names:
                errors.append(f"{name}: incident place {inc['place']!r} is not among its places")
            if inc["event_type"] not in EVENT_TYPES:
                errors.append(
                    f"{name}: event_type {inc['event_type']!r} is not one of {EVENT_TYPES}"
                )
    for group in expected.get("same_event", []):
        if group.get("event_type") not in EVENT_TYPES:
            errors.append(f"same_event: {group.get('what')!r} has no event_type of {EVENT_TYPES}")
        for file, phrase in group["tellings"]:
            if file not in expected["files"]:
                errors.append(f"same_event: {file} is not in files")
            elif phrase not in (folder / file).read_text(encoding="utf-8"):
                errors.append(f"same_event: {phrase!r} is not in {file}")
    if errors:
        raise ValueError("expected.json does not fit the dev set:\n  " + "\n  ".join(errors))
    return expected


def _place_coords(exp: dict, name: str) -> tuple[float, float]:
    for p in exp.get("places", []) + exp.get("optional_places", []):
        if p["name"].lower() == name.lower():
            return p["lat"], p["lon"]
    raise KeyError(name)


# --------------------------------------------------------------------------- results


@dataclass
class FileResult:
    """What one file scored, and what went wrong in it."""

    name: str
    place_tp: int = 0
    place_expected: int = 0
    place_predicted: int = 0  # predicted places that count (not optional)
    country_tp: int = 0
    country_expected: int = 0
    country_predicted: int = 0
    datelines_ok: int = 0
    datelines: int = 0
    radius_tp: int = 0
    radius_expected: int = 0
    radius_predicted: int = 0
    not_radii_zoned: int = 0
    not_radii: int = 0
    incident_tp: int = 0
    incident_expected: int = 0
    incident_predicted: int = 0
    typed_place_matched: int = 0  # matched by type and place only
    date_correct: int = 0
    conflicts: int = 0
    conflicts_noted: int = 0
    field_checks: dict = field(default_factory=dict)  # field -> [agree, disagree, absent]
    misses: dict = field(default_factory=dict)  # phenomenon -> list of lines

    def miss(self, kind: str, line: str) -> None:
        self.misses.setdefault(kind, []).append(line)


@dataclass
class Report:
    """Results per file, the same-event checks, and the problems extraction reported."""

    files: list[FileResult]
    same_event: list[tuple[str, bool, str]]
    problems: list[str]

    def total(self, attr: str) -> int:
        return sum(getattr(f, attr) for f in self.files)

    @staticmethod
    def ratio(num: int, den: int) -> float | None:
        return num / den if den else None

    @property
    def place_precision(self) -> float | None:
        return self.ratio(self.total("place_tp"), self.total("place_predicted"))

    @property
    def place_recall(self) -> float | None:
        return self.ratio(self.total("place_tp"), self.total("place_expected"))

    @property
    def country_precision(self) -> float | None:
        return self.ratio(self.total("country_tp"), self.total("country_predicted"))

    @property
    def country_recall(self) -> float | None:
        return self.ratio(self.total("country_tp"), self.total("country_expected"))

    @property
    def radius_precision(self) -> float | None:
        return self.ratio(self.total("radius_tp"), self.total("radius_predicted"))

    @property
    def radius_recall(self) -> float | None:
        return self.ratio(self.total("radius_tp"), self.total("radius_expected"))

    @property
    def incident_precision(self) -> float | None:
        return self.ratio(self.total("incident_tp"), self.total("incident_predicted"))

    @property
    def incident_recall(self) -> float | None:
        return self.ratio(self.total("incident_tp"), self.total("incident_expected"))

    @property
    def date_accuracy(self) -> float | None:
        return self.ratio(self.total("date_correct"), self.total("typed_place_matched"))

    @property
    def not_radii_zoned(self) -> int:
        return self.total("not_radii_zoned")

    def summary(self) -> dict:
        """Return the overall figures as a plain dict (for --json and the test)."""
        fields: dict[str, list[int]] = {}
        for f in self.files:
            for key, counts in f.field_checks.items():
                acc = fields.setdefault(key, [0, 0, 0])
                for k in range(3):
                    acc[k] += counts[k]
        return {
            "place_precision": self.place_precision,
            "place_recall": self.place_recall,
            "country_precision": self.country_precision,
            "country_recall": self.country_recall,
            "datelines_detected": [self.total("datelines_ok"), self.total("datelines")],
            "radius_precision": self.radius_precision,
            "radius_recall": self.radius_recall,
            "not_radii_zoned": [self.not_radii_zoned, self.total("not_radii")],
            "incident_precision": self.incident_precision,
            "incident_recall": self.incident_recall,
            "incident_date_accuracy": self.date_accuracy,
            "date_conflicts_noted": [self.total("conflicts_noted"), self.total("conflicts")],
            "fields_agree_disagree_absent": fields,
            "same_event_merged": [sum(ok for _, ok, _ in self.same_event), len(self.same_event)],
        }


# --------------------------------------------------------------------------- predicted


def _doc_mentions(props: dict, doc: str) -> list[dict]:
    return [m for m in props.get("mentions", []) if m.get("document") == doc]


def _is_country(feature: dict) -> bool:
    return feature["properties"].get("place_type") == "country"


def _predicted_places(collection: dict, doc: str) -> tuple[list[dict], set[str], list[dict]]:
    """Return (places with coordinates, country codes, all mentions) the file names."""
    places, countries, mentions = [], set(), []
    for f in collection["features"]:
        props = f["properties"]
        if props.get("kind") != "place":
            continue
        ms = _doc_mentions(props, doc)
        if not ms:
            continue
        mentions += [{**m, "_feature": props.get("name")} for m in ms]
        in_body = [m for m in ms if m.get("role") != "dateline"]
        if not in_body:
            continue
        if _is_country(f):
            countries.add(props.get("country"))
        elif f.get("geometry") and f["geometry"].get("type") == "Point":
            lon, lat = f["geometry"]["coordinates"][:2]
            places.append(
                {
                    "name": props.get("name"),
                    "lat": lat,
                    "lon": lon,
                    "said": sorted({m["text"] for m in in_body}),
                }
            )
    return places, countries, mentions


def _predicted_zones(collection: dict, doc: str) -> list[dict]:
    zones = []
    for f in collection["features"]:
        props = f["properties"]
        if props.get("kind") != "zone":
            continue
        sources = [s for s in props.get("sources", []) if s.get("document") == doc]
        if sources:
            zones.append(
                {
                    "radius_m": props.get("radius_m"),
                    "center": props.get("center"),
                    "sources": sources,
                }
            )
    return zones


def _predicted_incidents(collection: dict, doc: str) -> list[dict]:
    incidents = []
    for index, f in enumerate(collection["features"]):
        props = f["properties"]
        if props.get("kind") != "incident":
            continue
        sources = [s for s in props.get("sources", []) if s.get("document") == doc]
        if not sources:
            continue
        coords = None
        if f.get("geometry") and f["geometry"].get("type") == "Point":
            lon, lat = f["geometry"]["coordinates"][:2]
            coords = (lat, lon)
        incidents.append({"index": index, "props": props, "coords": coords, "sources": sources})
    return incidents


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------- scoring


def _score_places(res: FileResult, exp: dict, places: list[dict], countries: set[str]) -> None:
    required = exp.get("places", [])
    optional = exp.get("optional_places", [])
    pairs = []
    for i, e in enumerate(required):
        for j, p in enumerate(places):
            d = distance_km((e["lat"], e["lon"]), (p["lat"], p["lon"]))
            if d <= PLACE_MATCH_KM:
                pairs.append(((d,), i, j))
    matched = greedy_match(pairs)
    used = set(matched.values())
    extra = [p for j, p in enumerate(places) if j not in used]
    counted_extra = [
        p
        for p in extra
        if not any(
            # An area (a sea, a province) has no one point: it is matched by what the text says.
            any(o["name"].lower() == s.lower() for s in p["said"])
            if o.get("lat") is None
            else distance_km((o["lat"], o["lon"]), (p["lat"], p["lon"])) <= PLACE_MATCH_KM
            for o in optional
        )
    ]
    res.place_expected = len(required)
    res.place_tp = len(matched)
    res.place_predicted = len(matched) + len(counted_extra)
    for i, e in enumerate(required):
        if i not in matched:
            here = (e["lat"], e["lon"])
            near = sorted(places, key=lambda p: distance_km(here, (p["lat"], p["lon"])))
            hint = ""
            if near:
                p = near[0]
                hint = (
                    f" (nearest predicted: {p['name']}, "
                    f"{distance_km(here, (p['lat'], p['lon'])):,.0f} km)"
                )
            res.miss("place missed", f"{e['name']!r}{hint}")
    for p in counted_extra:
        said = ", ".join(map(repr, p["said"]))
        where = f"({p['lat']:.3f}, {p['lon']:.3f})"
        res.miss("place false positive", f"{p['name']} {where} from {said}")

    want = set(exp.get("countries", []))
    optional_c = set(exp.get("optional_countries", []))
    got = countries - optional_c
    res.country_expected = len(want)
    res.country_tp = len(want & got)
    res.country_predicted = len(got)
    for c in sorted(want - got):
        res.miss("country missed", c)
    for c in sorted(got - want):
        res.miss("country false positive", c)


def _score_datelines(res: FileResult, exp: dict, text: str, mentions: list[dict]) -> None:
    for d in exp.get("datelines", []):
        res.datelines += 1
        line = occurrences(text, d.get("in", d["text"]))[0]
        offset = text.index(d["text"], line[0])
        span = (offset, offset + len(d["text"]))
        inside = [m for m in mentions if overlaps(span, (m["start"], m["end"]))]
        wrong = [m for m in inside if m.get("role") != "dateline"]
        ok = not wrong and (inside or not d.get("place"))
        if ok:
            res.datelines_ok += 1
        elif wrong:
            res.miss(
                "dateline taken as a place in the story",
                f"{d['text']!r} -> {', '.join(sorted({str(m['_feature']) for m in wrong}))}",
            )
        else:
            res.miss(
                "dateline place not recognised",
                f"{d['text']!r} (no place mention there, so none marked dateline)",
            )


def _score_radii(res: FileResult, exp: dict, text: str, zones: list[dict]) -> None:
    want = sorted(set(exp.get("radii_m", [])))
    got = sorted({round(z["radius_m"], 3) for z in zones})
    matched_got = set()
    for r in want:
        hit = next((g for g in got if abs(g - r) <= RADIUS_MATCH_M and g not in matched_got), None)
        if hit is None:
            res.miss("radius missed", f"{r:,.1f} m")
        else:
            matched_got.add(hit)
    res.radius_expected = len(want)
    res.radius_tp = len(matched_got)
    res.radius_predicted = len(got)
    for g in got:
        if g in matched_got:
            continue
        said = sorted(
            {
                s["match"]["text"]
                for z in zones
                if round(z["radius_m"], 3) == g
                for s in z["sources"]
            }
        )
        res.miss("radius false positive", f"{g:,.1f} m from {', '.join(map(repr, said))}")
    for phrase in exp.get("not_radii", []):
        res.not_radii += 1
        spans = occurrences(text, phrase)
        hits = [
            z
            for z in zones
            for s in z["sources"]
            if any(overlaps(sp, (s["match"]["start"], s["match"]["end"])) for sp in spans)
        ]
        if hits:
            res.not_radii_zoned += 1
            res.miss(
                "distance that is not a zone became a zone",
                f"{phrase!r} -> {hits[0]['radius_m']:,.1f} m around {hits[0]['center']}",
            )


def _sentence_has(pred: dict, phrase: str) -> bool:
    return any(phrase in s.get("text", "") for s in pred["sources"])


def _describe(pred: dict) -> str:
    p = pred["props"]
    sentence = pred["sources"][0].get("text", "")
    return f"{incident_label(p)} {p.get('date')} at {p.get('place')}: “{_short(sentence)}”"


def date_agrees(expected: str | None, pred: dict, document: str, files: dict) -> bool:
    """Return whether an incident's date is the one expected for ``document``'s telling.

    Equal dates agree. So does a day inside an expected month when another
    report merged into the same incident is expected, in its own annotation,
    to tell an event of that type on that day within 25 km: the event was
    merged across reports rightly, and the other report dated it precisely.
    """
    props = pred["props"]
    got = props.get("date")
    if got == expected:
        return True
    if expected is None or got is None or len(expected) != 7 or not got.startswith(expected + "-"):
        return False
    if pred["coords"] is None:
        return False
    others = {s.get("document") for s in props.get("sources", [])} - {document}
    return any(
        types_agree(e, props)
        and e["date"] == got
        and distance_km(_place_coords(files[other], e["place"]), pred["coords"])
        <= INCIDENT_MATCH_KM
        for other in others
        if other in files
        for e in files[other].get("incidents", [])
    )


def _score_incidents(
    res: FileResult, exp: dict, preds: list[dict], document: str, files: dict
) -> None:
    wanted = exp.get("incidents", [])
    res.incident_expected = len(wanted)
    res.incident_predicted = len(preds)
    coords = [_place_coords(exp, e["place"]) for e in wanted]

    def place_ok(i: int, j: int) -> float | None:
        if preds[j]["coords"] is None:
            return None
        d = distance_km(coords[i], preds[j]["coords"])
        return d if d <= INCIDENT_MATCH_KM else None

    strict, loose = [], []
    for i, e in enumerate(wanted):
        for j, p in enumerate(preds):
            if not types_agree(e, p["props"]):
                continue
            d = place_ok(i, j)
            if d is None:
                continue
            in_sentence = 0 if _sentence_has(p, e["sentence_contains"]) else 1
            same_date = date_agrees(e["date"], p, document, files)
            loose.append(((in_sentence, 0 if same_date else 1, d), i, j))
            if same_date:
                strict.append(((in_sentence, d), i, j))
    matched = greedy_match(strict)
    typed = greedy_match(loose)
    res.incident_tp = len(matched)
    res.typed_place_matched = len(typed)
    res.date_correct = sum(
        date_agrees(wanted[i]["date"], preds[j], document, files) for i, j in typed.items()
    )

    for i, e in enumerate(wanted):
        label = f"{e['event_type']} {e['date']} at {e['place']} [{e.get('date_form', '')}]"
        if e.get("date_conflict"):
            res.conflicts += 1
            j = matched.get(i, typed.get(i))
            if j is not None and notes_conflict(preds[j]["props"]):
                res.conflicts_noted += 1
            else:
                res.miss("weekday/date conflict not noted", label)
        if i in matched:
            _check_fields(res, e, preds[matched[i]]["props"])
            continue
        if i in typed:
            got = preds[typed[i]]["props"].get("date")
            res.miss("incident date wrong", f"{label}: dated {got}")
            continue
        # Why not: the nearest telling of the same sentence, if any.
        same = [p for p in preds if _sentence_has(p, e["sentence_contains"])]
        if same:
            why = "; ".join(
                f"got {incident_label(q)} {q.get('date')} at {q.get('place')}"
                for q in (p["props"] for p in same[:2])
            )
        else:
            why = "no incident from that sentence"
        res.miss("incident missed", f"{label}: {why}")
    used = set(matched.values()) | set(typed.values())
    for j, p in enumerate(preds):
        if j not in used:
            res.miss("incident false positive", _describe(p))


def _check_fields(res: FileResult, expected: dict, props: dict) -> None:
    got = acled_fields(props)
    for key in ("acled_event_type", "acled_sub_event_type", "actor1", "actor2"):
        if key not in expected:
            continue
        counts = res.field_checks.setdefault(key, [0, 0, 0])
        if not got[key]:
            counts[2] += 1
        elif key.startswith("actor"):
            agree = actor_agrees(expected[key], got[key])
            counts[0 if agree else 1] += 1
            if not agree:
                res.miss(
                    "ACLED field or actor wrong",
                    f"{expected['event_type']} {expected['date']} {key}: "
                    f"{got[key]!r}, expected {expected[key]!r}",
                )
        else:
            agree = _norm(expected[key]) == _norm(got[key])
            counts[0 if agree else 1] += 1
            if not agree:
                res.miss(
                    "ACLED field or actor wrong",
                    f"{expected['event_type']} {expected['date']} {key}: "
                    f"{got[key]!r}, expected {expected[key]!r}",
                )


def _score_same_event(expected: dict, collection: dict) -> list[tuple[str, bool, str]]:
    results = []
    for group in expected.get("same_event", []):
        found = []
        want = {"event_type": group["event_type"]}
        for file, phrase in group["tellings"]:
            indices = {
                p["index"]
                for p in _predicted_incidents(collection, file)
                if _sentence_has(p, phrase) and types_agree(want, p["props"])
            }
            found.append((file, indices))
        common = set.intersection(*(ix for _, ix in found)) if found else set()
        ok = bool(common)
        detail = "; ".join(f"{file}: {len(ix)} incident(s)" for file, ix in found)
        results.append((group["what"], ok, detail))
    return results


# --------------------------------------------------------------------------- run


def run_extraction(folder: Path = DEVSET):
    """Return (articles, extraction) for the dev set, read the way `geo extract` reads it."""
    from geo.extract.batch import extract
    from geo.read.articles import read_articles

    articles, problems = read_articles([folder])
    extraction = extract(articles)
    return articles, extraction, problems


def evaluate(folder: Path = DEVSET) -> Report:
    """Return the scores of `extract` on the dev set in ``folder``."""
    expected = load_expected(folder)
    articles, extraction, read_problems = run_extraction(folder)
    collection = extraction.collection
    by_id = {a.id: a for a in articles}
    results = []
    for name, exp in expected["files"].items():
        res = FileResult(name)
        article = by_id.get(name)
        if article is None:
            res.miss("file not read", name)
            results.append(res)
            continue
        text = article.text
        places, countries, mentions = _predicted_places(collection, name)
        _score_places(res, exp, places, countries)
        _score_datelines(res, exp, text, mentions)
        _score_radii(res, exp, text, _predicted_zones(collection, name))
        _score_incidents(res, exp, _predicted_incidents(collection, name), name, expected["files"])
        for phrase in exp.get("not_places", []):
            spans = occurrences(text, phrase)
            hit = sorted(
                {
                    f"{m['text']!r} -> {m['_feature']}"
                    for m in mentions
                    if m.get("role") != "dateline"
                    and any(overlaps(sp, (m["start"], m["end"])) for sp in spans)
                }
            )
            if hit:
                res.miss("name or common word taken as a place", f"{phrase!r}: {', '.join(hit)}")
        if article.published is None and exp.get("published"):
            res.miss("publication date not read", f"expected {exp['published']}")
        elif article.published and article.published.isoformat() != exp.get("published"):
            res.miss(
                "publication date not read",
                f"got {article.published}, expected {exp.get('published')}",
            )
        results.append(res)
    return Report(
        results, _score_same_event(expected, collection), read_problems + list(extraction.problems)
    )


# --------------------------------------------------------------------------- printing


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.2f}"


def _frac(num: int, den: int) -> str:
    return f"{num}/{den}" if den else "-"


def format_report(report: Report) -> str:
    lines = [
        "Extraction quality on the issue #5 dev set "
        f"({len(report.files)} files, tests/fixtures/devset)",
        "",
        f"{'file':40} {'plc P':>6} {'plc R':>6} {'ctry R':>6} {'datel':>5} {'rad R':>5}"
        f" {'!zone':>5} {'inc R':>6} {'inc P':>6} {'date':>5}",
        "-" * 99,
    ]
    for f in report.files:
        lines.append(
            f"{f.name[:40]:40}"
            f" {_frac(f.place_tp, f.place_predicted):>6} {_frac(f.place_tp, f.place_expected):>6}"
            f" {_frac(f.country_tp, f.country_expected):>6}"
            f" {_frac(f.datelines_ok, f.datelines):>5}"
            f" {_frac(f.radius_tp, f.radius_expected):>5}"
            f" {_frac(f.not_radii_zoned, f.not_radii):>5}"
            f" {_frac(f.incident_tp, f.incident_expected):>6}"
            f" {_frac(f.incident_tp, f.incident_predicted):>6}"
            f" {_frac(f.date_correct, f.typed_place_matched):>5}"
        )
    s = report.summary()
    t = report.total
    lines += [
        "-" * 99,
        "plc P / plc R: places matched/predicted and matched/expected; ctry R: countries"
        " found/expected; datel: datelines detected;",
        "rad R: radii found/expected; !zone: distances that are not zones but became zones;"
        " inc R / inc P: incidents matched/expected",
        "and matched/predicted; date: right dates among incidents matched by type and place.",
        "",
        "Overall",
        f"  places     precision {_pct(s['place_precision'])}  recall {_pct(s['place_recall'])}"
        f"   ({t('place_tp')} matched, {t('place_predicted')} predicted,"
        f" {t('place_expected')} expected; within {PLACE_MATCH_KM:g} km)",
        f"  countries  precision {_pct(s['country_precision'])}  recall {_pct(s['country_recall'])}"
        f"   ({t('country_tp')} matched, {t('country_predicted')} predicted,"
        f" {t('country_expected')} expected; ISO codes)",
        f"  datelines  detected {_frac(*s['datelines_detected'])}",
        f"  radii      precision {_pct(s['radius_precision'])}  recall {_pct(s['radius_recall'])}"
        f"   ({t('radius_tp')} matched, {t('radius_predicted')} predicted,"
        f" {t('radius_expected')} expected; within {RADIUS_MATCH_M:g} m)",
        f"  not-zone distances that became zones: {_frac(*s['not_radii_zoned'])}",
        f"  incidents  precision {_pct(s['incident_precision'])}  recall"
        f" {_pct(s['incident_recall'])}   ({t('incident_tp')} matched on date+type+place"
        f" within {INCIDENT_MATCH_KM:g} km, {t('incident_predicted')} predicted,"
        f" {t('incident_expected')} expected)",
        f"  incident date accuracy {_pct(s['incident_date_accuracy'])}"
        f"   ({t('date_correct')} of {t('typed_place_matched')} matched by type+place)",
        f"  weekday/date conflicts noted: {_frac(*s['date_conflicts_noted'])}",
        f"  one event in several articles is one incident: {_frac(*s['same_event_merged'])}",
    ]
    fields = s["fields_agree_disagree_absent"]
    if fields:
        lines.append("  ACLED fields and actors on matched incidents (agree / disagree / absent):")
        for key, (a, d, n) in sorted(fields.items()):
            lines.append(f"    {key:22} {a:3} / {d:3} / {n:3}")
    groups: dict[str, list[str]] = {}
    for f in report.files:
        for kind, items in f.misses.items():
            groups.setdefault(kind, []).extend(f"{f.name}: {item}" for item in items)
    for what, ok, detail in report.same_event:
        if not ok:
            groups.setdefault("one event told twice not merged", []).append(f"{what} ({detail})")
    lines += ["", "Misses and false positives, by kind"]
    if not groups:
        lines.append("  none")
    for kind in sorted(groups):
        lines.append(f"  {kind} ({len(groups[kind])})")
        lines += [f"    - {item}" for item in groups[kind]]
    if report.problems:
        lines += ["", "Problems the extractor reported"]
        lines += [f"  {p}" for p in report.problems]
    return "\n".join(lines)


def report_main(
    argv: list[str] | None, name: str, default: Path, evaluate_folder, formatted, what: str
) -> int:
    """Run a dev-set report from the command line: the text report, or ``--json`` figures.

    A report never fails: what went wrong is printed and the exit code is 0.
    """
    parser = argparse.ArgumentParser(description=what)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("folder", nargs="?", default=str(default), help="the dev set folder")
    args = parser.parse_args(argv)
    try:
        report = evaluate_folder(Path(args.folder))
    except Exception:  # noqa: BLE001 - a report never fails; it says what went wrong
        print(f"{name}: could not evaluate the dev set:", file=sys.stderr)
        traceback.print_exc()
        return 0
    if args.json:
        print(json.dumps(report.summary(), indent=2))
    else:
        print(formatted(report))
    return 0


def main(argv: list[str] | None = None) -> int:
    return report_main(
        argv,
        "extraction_quality",
        DEVSET,
        evaluate,
        format_report,
        __doc__.splitlines()[0],
    )


if __name__ == "__main__":
    sys.exit(main())
