"""The places a text names near each other: its anchors indexed by where they lie.

A name that means one place whatever the context (an anchor) tells the
other names of its text apart: "Palmyra" in a text naming Homs is Tadmur.
``PointIndex`` finds each candidate's nearest anchor without scanning them
all; ``lies_near`` says whether a place lies near one of the points found.
Points are (lon, lat).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from geo.geocode.place import Place
from geo.geocode.rank import EARTH_RADIUS_KM, distance_km

NEAR_KM = 300  # a place this close to another named in the text lies near it

# Anchors farther than this from every candidate of a name change nothing in
# its choice: the nearness score (geo.geocode.rank) is nil from 600 km on, and
# "near" here is NEAR_KM.
RANKING_KM = 600.0
_KM_PER_DEGREE = math.radians(1.0) * EARTH_RADIUS_KM
# Up to this many anchors, measuring to each is quicker than walking the cells.
FEW_POINTS = 16


class PointIndex:
    """The anchor points of a text in one-degree cells, for "the anchor nearest this place".

    Scanning every anchor for every name made a text that names thousands of
    places take time as the square of its length. A name's choice depends on
    each candidate's nearest anchor only (its distance ranks the candidate, and
    says whether the chosen place lies near another named one), so the index
    gives each candidate's nearest, searching rows of cells outwards.
    """

    def __init__(self, points: Iterable[tuple[float, float]]):
        self.count = Counter(points)
        self.rows: dict[int, dict[int, list[tuple[float, float]]]] = {}
        for lon, lat in sorted(self.count, key=_south_to_north):
            row = self.rows.setdefault(math.floor(lat), {})
            row.setdefault(math.floor((lon + 180.0) % 360.0), []).append((lon, lat))
        self._near: dict[tuple, tuple[tuple[float, float], ...]] = {}

    def nearest(
        self, lon: float, lat: float, limit_km: float, exclude: tuple[float, float] | None
    ) -> tuple[float, float] | None:
        """Return the point nearest (lon, lat) within ``limit_km`` (by ``distance_km``), or None."""
        best, best_km = None, limit_km
        if len(self.count) <= FEW_POINTS:  # a few anchors: each measured, no cells walked
            # distance_km((lon, lat), point) written out, the query's latitude in
            # radians once: a call and a tuple per anchor and candidate saved.
            lat1 = math.radians(lat)
            for point in self.count:
                if point != exclude:
                    lat2 = math.radians(point[1])
                    dlon = math.radians((point[0] - lon + 180.0) % 360.0 - 180.0)
                    x = dlon * math.cos((lat1 + lat2) / 2)
                    d = EARTH_RADIUS_KM * math.hypot(x, lat2 - lat1)
                    if d <= best_km and (best is None or d < best_km):
                        best, best_km = point, d
            return best
        first = math.floor(lat)
        column = (lon + 180.0) % 360.0
        k = 0
        # Rows k away lie at least k - 1 degrees of latitude away.
        while max(0, k - 1) * _KM_PER_DEGREE <= best_km:
            for r in {first - k, first + k}:
                cells = self.rows.get(r)
                if not cells:
                    continue
                # distance_km scales longitude by the cosine of the mean
                # latitude, which is no farther from the equator than this.
                widest = min(89.999, max(abs(lat), abs(r), abs(r + 1)))
                dlon = best_km / (_KM_PER_DEGREE * math.cos(math.radians(widest)))
                if dlon >= 179.0:
                    columns = list(cells)
                else:
                    west, east = math.floor(column - dlon), math.floor(column + dlon)
                    columns = [c % 360 for c in range(west, east + 1)]
                for c in columns:
                    for point in cells.get(c, ()):
                        if point == exclude:
                            continue
                        d = distance_km((lon, lat), point)
                        if d <= best_km and (best is None or d < best_km):
                            best, best_km = point, d
            k += 1
            if k > 181:
                break
        return best

    def near(
        self, candidates: Iterable[Place], exclude: tuple[float, float] | None
    ) -> tuple[tuple[float, float], ...]:
        """Return each candidate's nearest anchor within RANKING_KM, less ``exclude``, sorted."""
        points = [(p.id, p.lon, p.lat) for p in candidates]
        located = [(i, lon, lat) for i, lon, lat in points if lon is not None and lat is not None]
        key = (tuple(i for i, _, _ in located), exclude)
        found = self._near.get(key)
        if found is None:
            nearest = {self.nearest(lon, lat, RANKING_KM, exclude) for _, lon, lat in located}
            found = self._near[key] = tuple(
                sorted((p for p in nearest if p is not None), key=_south_to_north)
            )
        return found


def _south_to_north(point: tuple[float, float]) -> tuple[float, float]:
    """Return the sort key of a (lon, lat) point: by latitude, then longitude."""
    return point[1], point[0]


def lies_near(place: Place, points: tuple[tuple[float, float], ...]) -> bool:
    """Return whether ``place`` lies within ``NEAR_KM`` of one of the (lon, lat) ``points``."""
    return (
        place.lon is not None
        and place.lat is not None
        and any(distance_km((place.lon, place.lat), p) <= NEAR_KM for p in points)
    )
