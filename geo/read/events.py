"""A table of events as columns: what an ACLED export's good rows say, one array per property.

``geo.read.acled`` checks an export column by column and keeps its good rows
here, as numbers and as codes into each column's distinct values, never as
one Python dict per event. The map's page is built from these columns
directly (``geo.render.event_block``); whatever needs the events as GeoJSON
features (``geo extract``, a print map, a map that joins them with articles)
asks :meth:`EventTable.features` for them, the same features the row-by-row
reader made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from geo.features import feature, point
from geo.read.acled_file import ACLED_URL

SUMMARY_CHARS = 300
ATTRIBUTION = "ACLED (Armed Conflict Location & Event Data), acleddata.com"
MONTH_PRECISION = 3  # ACLED's time_precision for "within its month"


@dataclass
class Coded:
    """A column as a code per event into the column's distinct values (None: none)."""

    codes: np.ndarray
    values: list[Any]

    def objects(self) -> np.ndarray:
        """Return the distinct values as a numpy array of Python objects."""
        return objects(self.values)

    def at(self) -> list[Any]:
        """Return the value of each event, as a list."""
        return self.objects()[self.codes].tolist()


def objects(values: Iterable[Any]) -> np.ndarray:
    """Return ``values`` as a numpy array of Python objects (never split into a 2-D array)."""
    items = list(values)
    array = np.empty(len(items), dtype=object)
    for i, value in enumerate(items):
        array[i] = value
    return array


@dataclass
class EventTable:
    """The good rows of one ACLED export, in file order, as columns.

    ``notes`` and ``ids`` are pyarrow string arrays, stripped ("" for none);
    ``tidy`` says which notes hold single spaces only (no line breaks, tabs or
    runs of spaces), so their summary is a plain cut of them. ``day`` codes
    into ``datetime.date`` values, ``monthly`` tells the events whose date is
    known to the month only (ACLED's time_precision 3). A code may point at a
    value no kept event has (None, for a date that was bad).
    """

    source: str
    lon: np.ndarray
    lat: np.ndarray
    lines: np.ndarray
    day: Coded
    monthly: np.ndarray
    time_precision: Coded
    geo_precision: Coded
    fatalities: Coded
    event_type: Coded
    sub_event_type: Coded
    actor1: Coded
    actor2: Coded
    place: Coded
    outlet: Coded
    notes: pa.ChunkedArray
    ids: pa.ChunkedArray
    tidy: np.ndarray

    def __len__(self) -> int:
        return int(self.lon.size)

    def documents(self) -> list[dict]:
        """Return the collection's documents: the export itself."""
        return [
            {
                "id": self.source,
                "outlet": "ACLED",
                "published": None,
                "published_basis": None,
                "url": ACLED_URL,
            }
        ]

    def dates(self) -> tuple[np.ndarray, np.ndarray]:
        """Return each distinct day as ISO text and as its month ("2017-06"), by ``day``'s codes."""
        iso = objects(d.isoformat() if d else None for d in self.day.values)
        month = objects(d.strftime("%Y-%m") if d else None for d in self.day.values)
        return iso, month

    def features(self) -> list[dict]:
        """Return the events as GeoJSON features of ``kind: "incident"``, in file order."""
        from geo.read.acled import summary_of  # the one rule for summaries, where it lives

        iso, month = self.dates()
        day = self.day.codes
        # Within a week (2) is still given as a day: the map shows time_precision beside it.
        date_text = np.where(self.monthly, month[day], iso[day]).tolist()
        date_precision = objects(("day", "month"))[self.monthly.astype(np.intp)].tolist()
        notes = self.notes.to_pylist()
        ids = self.ids.to_pylist()
        source = self.source
        return [
            feature(
                point(x, y),
                {
                    "kind": "incident",
                    "origin": "acled",
                    "acled_event_id": event_id or None,
                    "date": text,
                    "date_precision": precision,
                    "date_basis": "acled",
                    "acled_event_date": acled_date,
                    "time_precision": time,
                    "event_type": kind,
                    "sub_event_type": sub,
                    "actor1": first_actor,
                    "actor2": second_actor,
                    "fatalities": dead,
                    "place": place,
                    "place_basis": "acled",
                    "geo_precision": where,
                    "summary": summary_of(note, tidy),
                    "notes": note,
                    "sources": [
                        {
                            "document": source,
                            "text": note,
                            "start": 0,
                            "end": len(note),
                            "line": line,
                            "outlet": told_by,
                        }
                    ],
                },
            )
            for (
                x,
                y,
                text,
                precision,
                acled_date,
                time,
                kind,
                sub,
                first_actor,
                second_actor,
                dead,
                place,
                where,
                line,
                told_by,
                note,
                event_id,
                tidy,
            ) in zip(
                self.lon.tolist(),
                self.lat.tolist(),
                date_text,
                date_precision,
                iso[day].tolist(),
                self.time_precision.at(),
                self.event_type.at(),
                self.sub_event_type.at(),
                self.actor1.at(),
                self.actor2.at(),
                self.fatalities.at(),
                self.place.at(),
                self.geo_precision.at(),
                self.lines.tolist(),
                self.outlet.at(),
                notes,
                ids,
                self.tidy.tolist(),
                strict=True,
            )  # fmt: skip
        ]
