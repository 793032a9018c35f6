"""How geo's maps look, shared by the HTML map and the print map: colours and symbols.

Both renderers take their colours from here, so a zone, an incident or the
land has one colour whichever way the map is drawn.
"""

from __future__ import annotations

import math

from geo.features import finite_number

# Distinct, colour-blind-friendly hues (Okabe-Ito plus two); red is kept for
# incidents so a zone never looks like an incident.
ZONE_PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#7a5195",
    "#8c6d31",
)
INCIDENT_COLOUR = "#c0392b"
PLACE_COLOUR = "#333333"
# The offline basemap.
LAND_COLOUR = "#f3f1ec"
BORDER_COLOUR = "#9a9a9a"
WATER_COLOUR = "#e4eef5"
RIVER_COLOUR = "#7ea8cf"  # rivers, and the shores of lakes
WATER_LABEL_COLOUR = "#4f7aa3"  # names of seas, lakes and rivers

# Incident symbols: polygons around (0, 0) in units of the marker radius, y down;
# None is the plain circle, which also marks a site holding several types.
SHAPES: dict[str, list[tuple[float, float]] | None] = {
    "circle": None,
    "triangle": [(0.0, -1.35), (1.2, 0.75), (-1.2, 0.75)],
    "diamond": [(0.0, -1.35), (1.25, 0.0), (0.0, 1.35), (-1.25, 0.0)],
    "triangle-down": [(0.0, 1.35), (1.2, -0.75), (-1.2, -0.75)],
    "square": [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)],
    "pentagon": [
        (round(1.2 * math.sin(a), 3), round(-1.2 * math.cos(a), 3))
        for a in (2 * math.pi * k / 5 for k in range(5))
    ],
    "hexagon": [
        (round(1.15 * math.cos(a), 3), round(1.15 * math.sin(a), 3))
        for a in (2 * math.pi * k / 6 for k in range(6))
    ],
    "star": [
        (round(r * math.sin(a), 3), round(-r * math.cos(a), 3))
        for r, a in ((1.45 if k % 2 == 0 else 0.65, math.pi * k / 5) for k in range(10))
    ],
}
SHAPE_ORDER = tuple(SHAPES)
# ACLED's event types (geo's incidents use its codebook) keep their symbol from
# map to map; other types take the free shapes, the most frequent first.
PREFERRED_SHAPES = {
    "Explosions/Remote violence": "star",
    "Battles": "triangle",
    "Violence against civilians": "diamond",
    "Strategic developments": "square",
    "Riots": "pentagon",
    "Protests": "hexagon",
}


# ACLED's event types, each with one colour on every map (red stays the
# colour of explosions and remote violence, the events most maps show).
EVENT_COLOURS = {
    "Explosions/Remote violence": INCIDENT_COLOUR,
    "Battles": "#7b3294",
    "Violence against civilians": "#e66101",
    "Strategic developments": "#2c3e50",
    "Riots": "#a6761d",
    "Protests": "#1b7837",
}


def event_colour(event_type: str | None) -> str:
    """Return the colour of an ACLED event type (incidents of other types: red)."""
    return EVENT_COLOURS.get(event_type or "", INCIDENT_COLOUR)


# ACLED's sub-event types, each with one symbol on every map (within an event
# type no two share one), so a star is a shelling or missile attack wherever it is.
SUB_EVENT_SHAPES = {
    "Air/drone strike": "triangle-down",
    "Shelling/artillery/missile attack": "star",
    "Remote explosive/landmine/IED": "hexagon",
    "Grenade": "pentagon",
    "Suicide bomb": "diamond",
    "Chemical weapon": "square",
    "Armed clash": "triangle",
    "Government regains territory": "square",
    "Non-state actor overtakes territory": "diamond",
    "Attack": "diamond",
    "Abduction/forced disappearance": "square",
    "Sexual violence": "pentagon",
    "Disrupted weapons use": "square",
    "Other": "hexagon",
    "Looting/property destruction": "pentagon",
    "Arrests": "triangle",
    "Change to group/activity": "star",
    "Headquarters or base established": "triangle-down",
    "Non-violent transfer of territory": "diamond",
    "Violent demonstration": "pentagon",
    "Mob violence": "triangle",
    "Peaceful protest": "hexagon",
    "Protest with intervention": "triangle",
    "Excessive force against protesters": "star",
}


# The symbols as matplotlib markers, for the print map.
MPL_MARKERS = {
    "circle": "o",
    "triangle": "^",
    "triangle-down": "v",
    "diamond": "D",
    "square": "s",
    "pentagon": "p",
    "hexagon": "h",
    "star": "*",
}


def type_shapes(counts: dict[str, int], subs: dict[str, str] | None = None) -> dict[str, str]:
    """Return a symbol per incident type on a map.

    A type whose ACLED sub-event type ``subs`` gives has that sub-event's
    fixed symbol; an ACLED event type its own; others take the free shapes,
    the most frequent first.
    """
    sub_of = subs or {}
    shapes = {n: SUB_EVENT_SHAPES[sub_of[n]] for n in counts if sub_of.get(n) in SUB_EVENT_SHAPES}
    shapes.update(
        {n: PREFERRED_SHAPES[n] for n in counts if n in PREFERRED_SHAPES and n not in shapes}
    )
    taken = list(shapes.values())
    # Free shapes, those no type on this map claims first; "circle" means "several types".
    spare = [s for s in SHAPE_ORDER if s != "circle" and s not in PREFERRED_SHAPES.values()]
    free = spare + [s for s in SHAPE_ORDER if s != "circle" and s not in taken + spare]
    for name in sorted(counts, key=lambda n: (-counts[n], n)):
        if name not in shapes:
            shapes[name] = free.pop(0) if free else "circle"
    return shapes


def incident_type(props: dict) -> str:
    """Return the name an incident's type goes by on every map and legend.

    The tool's short label ("air strike") reads better than ACLED's event
    type, which ACLED rows (having no label) still show.
    """
    for key in ("label", "event_type"):
        value = props.get(key)
        if value is not None and not isinstance(value, dict | list) and str(value):
            return str(value)
    return "incident"


class TypeTable:
    """The incident types of one map, met one incident at a time, and their symbols.

    Both renderers fill one, so a type has the same shape and colour on the
    HTML map and in print: its shape by the ACLED sub-event type of its first
    incident (else its event type, else a free shape, the commonest type
    first), its colour by its ACLED event type.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.counts: list[int] = []
        self._subs: dict[str, str] = {}
        self._colours: dict[str, str] = {}

    def add(self, props: dict, count: int = 1) -> int:
        """Count ``count`` incidents with properties ``props``; return their type's index."""
        name = incident_type(props)
        t = self.ids.get(name)
        if t is None:
            t = self.ids[name] = len(self.ids)
            self.counts.append(0)
            sub = props.get("sub_event_type")
            if isinstance(sub, str) and sub:
                self._subs[name] = sub
            event = props.get("event_type")
            self._colours[name] = event_colour(event if isinstance(event, str) and event else name)
        self.counts[t] += count
        return t

    def symbols(self) -> dict[str, tuple[str, str]]:
        """Return each type's ``(shape, colour)``, in the order the types were met."""
        shapes = type_shapes(dict(zip(self.ids, self.counts, strict=True)), self._subs)
        return {name: (shapes[name], self._colours[name]) for name in self.ids}

    def commonest(self) -> list[str]:
        """Return the type names, the commonest first (ties by name)."""
        return sorted(self.ids, key=lambda n: (-self.counts[self.ids[n]], n))


def zone_colours(zones: list[dict]) -> list[str]:
    """Return a colour per zone: radii around one centre never share a colour.

    Each centre (in order of first appearance) takes the next run of palette
    entries, one per distinct radius, smallest radius first.
    """
    radii: dict[str, list[float]] = {}
    for z in zones:
        radii.setdefault(str(z["properties"].get("center")), []).append(
            finite_number(z["properties"].get("radius_m")) or 0.0
        )
    slot: dict[tuple[str, float], int] = {}
    offset = 0
    for centre, values in radii.items():
        for rank, radius in enumerate(sorted(set(values))):
            slot[(centre, radius)] = offset + rank
        offset += len(set(values))
    return [
        ZONE_PALETTE[
            slot[
                (
                    str(z["properties"].get("center")),
                    finite_number(z["properties"].get("radius_m")) or 0.0,
                )
            ]
            % len(ZONE_PALETTE)
        ]
        for z in zones
    ]
