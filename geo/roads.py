"""Roads that zones are drawn along, from ``data/roads.csv``.

"A strip 5 km wide along the road that links Khankendi with Armenia" is a zone
along a road. A road is found by a name news gives it ("the Lachin corridor",
"the M4 highway", "the Lachin-Khankendi road") or by its two ends ("the road
that links Khankendi with Armenia", "the road between Saraqib and Latakia",
"the Khankendi-Kornidzor road"). Each row's route runs through the GeoNames
points of the places the road passes, straight between them; the row's note
says how far that may lie from the road itself.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from geo.geocode.rank import distance_km
from geo.support.paths import data_dir

ROADS_FILE = "roads.csv"
# A road this far from every place a report names is another road of that name.
NEAR_KM = 250.0

_DASHES = re.compile(r"\s*[‐‑‒–—-]\s*")


def _key(text: str) -> str:
    """Return ``text`` as names are compared: casefolded, one dash, single spaces, no article."""
    key = " ".join(_DASHES.sub("-", text.casefold()).split())
    return key.removeprefix("the ").strip(" .,;:'’\"")


@dataclass(frozen=True)
class Road:
    """A road of the data: its names, the places at its two ends, its route and source."""

    name: str
    names: tuple[str, ...]  # the name and its aliases, as ``_key`` writes them
    ends: tuple[frozenset[str], frozenset[str]]  # the names of each end, as ``_key`` writes them
    route: tuple[tuple[float, float], ...]  # (lon, lat) of the places it passes, in order
    source: str

    def geometry(self) -> dict:
        """Return the route as a GeoJSON MultiLineString (the shape rivers have too)."""
        return {"type": "MultiLineString", "coordinates": [[list(p) for p in self.route]]}

    def near(self, points: tuple[tuple[float, float], ...] | list, km: float = NEAR_KM) -> bool:
        """Return whether some (lon, lat) of ``points`` lies within ``km`` of the route.

        Measured to the route's points and the middles of its legs, which is
        close enough for telling this road from a namesake on another continent.
        """
        legs = zip(self.route, self.route[1:], strict=False)
        marks = list(self.route) + [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in legs]
        return any(distance_km(p, m) <= km for p in points for m in marks)


@lru_cache(maxsize=1)
def roads() -> tuple[Road, ...]:
    """Return the roads of ``data/roads.csv``."""
    found = []
    with open(data_dir() / ROADS_FILE, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names = [row["name"], *row["aliases"].split("|")]
            first, second = row["ends"].split(";")
            route = []
            for point in row["waypoints"].split("|"):
                _, lon, lat = point.split()
                route.append((float(lon), float(lat)))
            found.append(
                Road(
                    name=row["name"],
                    names=tuple(_key(n) for n in names if n.strip()),
                    ends=(
                        frozenset(_key(n) for n in first.split("|")),
                        frozenset(_key(n) for n in second.split("|")),
                    ),
                    route=tuple(route),
                    source=row["source_url"],
                )
            )
    return tuple(found)


_ROAD_WORD = r"(?:road|highway|motorway|route|corridor)"
# "the road that links X with Y", "the road between X and Y", "the highway from X to Y".
_BY_ENDS = re.compile(
    r"\b(?:links?|linking|connects?|connecting|joins?|joining|between|from)\s+"
    r"(?P<a>[^,;()]+?)\s+(?:with|and|to)\s+(?P<b>[^,;()]+)"
)
# "the Khankendi-Kornidzor road": two ends written with a dash.
_DASHED = re.compile(rf"(?P<a>[\w'’. ]+?)-(?P<b>[\w'’. ]+?)\s+{_ROAD_WORD}\b")


def _ends_match(road: Road, a: str, b: str) -> bool:
    """Return whether ``a`` and ``b`` name the road's two ends.

    ``b`` may run on past the end's name ("Latakia was declared"): its first
    words are tried, longest first.
    """
    first, second = road.ends
    a = _key(a)
    words = _key(b).split()
    for size in range(len(words), 0, -1):
        b = " ".join(words[:size])
        if (a in first and b in second) or (a in second and b in first):
            return True
    return False


def road_named(text: str) -> Road | None:
    """Return the road that ``text`` (a line's words: "the road that links X with Y") names.

    None when the phrase names no road of the data: by a name or alias
    standing whole in it, or by the places at its two ends.
    """
    key = _key(text)
    for road in roads():
        for name in road.names:
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", key):
                return road
    ends = _BY_ENDS.search(key)
    dashed = _DASHED.search(key)
    for road in roads():
        if ends is not None and _ends_match(road, ends["a"], ends["b"]):
            return road
        if dashed is not None:
            words = dashed["a"].split()
            # "the key Khankendi-Kornidzor road": the first end is the last words before the dash.
            for i in range(len(words)):
                if _ends_match(road, " ".join(words[i:]), dashed["b"]):
                    return road
    return None


def road_by_name(name: str) -> Road | None:
    """Return the road of the data whose name is ``name`` (as a zone's line records it)."""
    key = _key(name)
    return next((r for r in roads() if _key(r.name) == key), None)
