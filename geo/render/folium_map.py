"""The Leaflet map as folium builds it: base layers, layer groups, zones, places, controls.

folium is used here and nowhere else in geo. Two of its habits are tamed:

* **Byte-identical.** branca gives every element a random id. The folium
  classes used here override branca's ``_generate_id`` hook to draw ids from a
  counter that lives in a :class:`~contextvars.ContextVar` for the duration of
  one :func:`deterministic_ids` block (one render). Nothing global is patched.
* **No templates for article text.** folium's ``Popup``/``Tooltip`` put raw
  HTML inside a JavaScript template literal, and branca compiles each rendered
  script snippet as a Jinja template again, so ``{{ ... }}`` in an article
  would be evaluated in Python. Zones and places are written as JavaScript
  expressions assembled here from JSON-encoded values, never compiled.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import folium
import shapely
import shapely.geometry
import xyzservices.providers as tile_providers
from branca.element import Element, Figure, MacroElement

from geo.features import documents_of, finite_number, round_coords, spans_of
from geo.render.contract import Bounds, Document, zone_radius
from geo.render.escape import h, js
from geo.render.incidents import IncidentBlock
from geo.render.popups import (
    ZONE_NAME,
    offset_tooltip,
    place_tooltip,
    swatch,
    unique,
    zone_popup,
    zone_preposition,
)
from geo.render.strings import words
from geo.render.style import INCIDENT_COLOUR, PLACE_COLOUR, SHAPE_ORDER, SHAPES
from geo.wedges import uncertainty_area

FIT_MAX_ZOOM = 9  # a lone point opens with towns and rivers around it, not a blank field
MAX_ZOOM = 18
POPUP_OPTIONS = {"maxWidth": 380, "maxHeight": 320}
PERMANENT_LABELS_UP_TO = 30  # more place names than this crowd the map
# The base layers, by the interface word that names them.
ONLINE_LAYERS = (
    ("layerOsm", tile_providers.OpenStreetMap.Mapnik),
    ("layerSatellite", tile_providers.Esri.WorldImagery),
)
OFFLINE_LAYER = "layerOffline"

_id_counter: ContextVar[tuple[str, Iterator[int]] | None] = ContextVar(
    "geo_render_ids", default=None
)


@contextmanager
def deterministic_ids(prefix: str) -> Iterator[None]:
    """Return a context whose elements get the ids ``prefix_1``, ``prefix_2``... (this context)."""
    token = _id_counter.set((prefix, itertools.count(1)))
    try:
        yield
    finally:
        _id_counter.reset(token)


class _CountedIds:
    """Mixin: draw the branca element id from the render's counter when there is one."""

    @classmethod
    def _generate_id(cls) -> str:
        state = _id_counter.get()
        if state is None:  # built outside a render: keep branca's behaviour
            return super()._generate_id()  # type: ignore[misc]
        prefix, counter = state
        return f"{prefix}_{next(counter)}"


class _Map(_CountedIds, folium.Map):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Per instance, never on the class: folium's lists are shared by every map.
        self.default_js: list[tuple[str, str]] = []
        self.default_css: list[tuple[str, str]] = []


class _TileLayer(_CountedIds, folium.TileLayer):
    pass


class _FeatureGroup(_CountedIds, folium.FeatureGroup):
    pass


class _LayerControl(_CountedIds, folium.LayerControl):
    pass


class _FitBounds(_CountedIds, folium.FitBounds):
    pass


class _Raw(Element):
    """Literal text in the page, never compiled as a Jinja template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


class _Vector(_CountedIds, MacroElement):
    """A Leaflet layer made by a JavaScript expression, added to its parent layer.

    The expression is assembled by this module from JSON-encoded values, and is
    written out as is: a MacroElement's usual path would compile it as a Jinja
    template, which must never see article text.
    """

    def __init__(self, name: str, expression: str) -> None:
        super().__init__()
        self._name = name
        self._expression = expression

    def render(self, **kwargs: Any) -> str:
        figure, parent = self.get_root(), self._parent
        assert isinstance(figure, Figure), "render the map, not a lone layer"
        assert parent is not None, "add the layer to a map or a group first"
        figure.script.add_child(
            _Raw(f"{self._expression}.addTo({parent.get_name()});\n"),
            name=self.get_name(),
        )
        return ""  # it writes script, no HTML of its own


class _Statement(_CountedIds, MacroElement):
    """A JavaScript statement of the map script, written out as is (never a template)."""

    def __init__(self, statement: str) -> None:
        super().__init__()
        self._name = "statement"
        self._statement = statement

    def render(self, **kwargs: Any) -> str:
        figure = self.get_root()
        assert isinstance(figure, Figure), "render the map, not a lone statement"
        figure.script.add_child(_Raw(self._statement + "\n"), name=self.get_name())
        return ""  # it writes script, no HTML of its own


def render_parts(fmap: folium.Map) -> tuple[str, str]:
    """Return the map's HTML (its div) and its script, without folium's page furniture.

    folium's page header sets page-wide styles (``html, body``) and globals that
    would restyle a report the map is pasted into; geo's own style replaces it.
    """
    figure = fmap.get_root()
    assert isinstance(figure, Figure), "folium puts every map in a Figure"
    for child in list(figure._children.values()):
        child.render()
    return figure.html.render(), figure.script.render()


def build(
    zones: list[dict],
    zone_shapes: list[dict],
    colours: list[str],
    places: list[dict],
    block: IncidentBlock,
    bounds: Bounds,
    docs: dict[str, Document],
    root_id: str,
    runtime: dict | None = None,
) -> folium.Map:
    """Return the folium map: base layers, layer groups, controls and the runtime's start.

    ``runtime``: more options for the map's script (the first view, the wheel,
    the interface words).
    """
    # Quarter zoom steps let fitBounds frame the content tightly.
    w = words()
    fmap = _Map(location=None, tiles=None, control_scale=True, zoom_start=2, zoom_snap=0.25)
    # The offline countries are the default base layer, so the page is never blank;
    # the online ones are offered beside them and load only when chosen.
    offline = _FeatureGroup(name=h(w(OFFLINE_LAYER)), overlay=False, control=True, show=True)
    offline.add_to(fmap)
    for key, provider in ONLINE_LAYERS:
        _TileLayer(
            provider, name=h(w(key)), overlay=False, control=True, show=False, max_zoom=MAX_ZOOM
        ).add_to(fmap)

    taken: set[str] = set()
    incidents_group = None
    if block.count:
        name = unique(f"{swatch(INCIDENT_COLOUR)}{h(w.n('incidentsCount', block.count))}", taken)
        incidents_group = _FeatureGroup(name=name).add_to(fmap)
    places_group = _add_places(fmap, places, taken)
    zone_groups = _add_zones(fmap, zones, zone_shapes, colours, taken, docs)

    control = _LayerControl(collapsed=False).add_to(fmap)
    if not bounds.empty:
        _FitBounds(bounds.as_leaflet(), padding=(24, 24), max_zoom=FIT_MAX_ZOOM).add_to(fmap)
    options = {
        "colour": INCIDENT_COLOUR,
        "maxZoom": MAX_ZOOM,
        "popup": POPUP_OPTIONS,
        "root": root_id,
        "shapes": [SHAPES[s] for s in SHAPE_ORDER],
        # Framed again once the panels are on the map, in the room they leave.
        "fit": None if bounds.empty else bounds.as_leaflet(),
        "fitMaxZoom": FIT_MAX_ZOOM,
        **(runtime or {}),
    }
    # Each overlay with the legend entry it draws, so the legend follows the layer list.
    legend: list[tuple[Element, str]] = [(group, f"zone-{i}") for i, group in zone_groups]
    if places_group is not None:
        legend.append((places_group, "places"))
    if incidents_group is not None:
        legend.append((incidents_group, "incidents"))
    legend_js = ",".join(f"[{group.get_name()},{js(key)}]" for group, key in legend)
    layers = f"{{basemap:{offline.get_name()},control:{control.get_name()},legend:[{legend_js}]" + (
        f",incidents:{incidents_group.get_name()}}}" if incidents_group else "}"
    )
    _Statement(f"GeoMap.init({fmap.get_name()},{js(options)},{layers});").add_to(fmap)
    return fmap


def _bind(
    expression: str,
    tooltip: str,
    popup: str | None,
    sticky: bool = False,
    tooltip_options: dict | None = None,
) -> str:
    options = {**({"sticky": True} if sticky else {}), **(tooltip_options or {})}
    expression += f".bindTooltip({js(tooltip)}{',' + js(options) if options else ''})"
    if popup is not None:
        expression += f".bindPopup({js(popup)},{js(POPUP_OPTIONS)})"
    return expression


def _circle(feature: dict, style: dict) -> str:
    lon, lat = feature["geometry"]["coordinates"][:2]
    return f"L.circleMarker({js(round_coords([lat, lon]))},{js(style)})"


def _add_places(fmap: folium.Map, places: list[dict], taken: set[str]) -> Element | None:
    if not places:
        return None
    name = unique(f"{swatch('#ffffff')}{h(words().n('placesCount', len(places)))}", taken)
    group = _FeatureGroup(name=name).add_to(fmap)
    # The shadow pane lies between the zones (overlay pane) and incidents (marker pane).
    style = {
        "radius": 4,
        "color": PLACE_COLOUR,
        "weight": 1.5,
        "fillColor": "#ffffff",
        "fillOpacity": 1,
        "pane": "shadowPane",
    }
    for feat in places:
        wedge = offset_wedge(feat["properties"])
        if wedge is not None:
            # Where an offset position may lie: drawn from its facts, under its point.
            expression = f"L.geoJSON({js(wedge)},{{style:{js(WEDGE_STYLE)}}})"
            _Vector("wedge", _bind(expression, offset_tooltip(feat["properties"]), None)).add_to(
                group
            )
        # A few named places orient the reader beside the country names.
        label = (
            {
                "permanent": True,
                "direction": "right",
                "offset": [6, 0],
                "className": "geo-place-label",
            }
            if len(places) <= PERMANENT_LABELS_UP_TO
            else None
        )
        details = place_tooltip(feat["properties"])
        if label:
            name = h(feat["properties"].get("name") or "")
            expression = _bind(_circle(feat, style), name, details, tooltip_options=label)
        else:
            expression = _bind(_circle(feat, style), details, None)
        _Vector("place", expression).add_to(group)
    return group


# An offset's uncertainty wedge: dashed, so it reads as "somewhere in here", not a zone.
WEDGE_STYLE = {
    "color": PLACE_COLOUR,
    "weight": 1.5,
    "dashArray": "5 4",
    "fillColor": PLACE_COLOUR,
    "fillOpacity": 0.06,
    "smoothFactor": 0.25,
}


def offset_wedge(props: dict) -> dict | None:
    """Return the wedge a place given as an offset may lie in, unwrapped, or None."""
    offset = props.get("offset")
    if not isinstance(offset, dict):
        return None
    area, _ = uncertainty_area(offset)
    shape = unwrapped(area, offset.get("reference_lonlat"))
    return {"type": shape["type"], "coordinates": round_coords(shape["coordinates"])}


def unwrapped(geometry: dict, centre: Any) -> dict:
    """Return a zone split at the antimeridian with its far parts moved next to its centre.

    RFC 7946 splits a ring at 180 degrees, but Leaflet draws longitudes as they
    are: the part at -179 would appear on the far side of the world. Shifting
    it by 360 degrees draws one ring (Web Mercator repeats every 360 degrees,
    so the drawn shape is unchanged) and lets the view fit it.
    """
    if geometry["type"] != "MultiPolygon" or not (
        isinstance(centre, list | tuple) and centre and finite_number(centre[0]) is not None
    ):
        return geometry
    centre_lon = float(centre[0])
    parts = []
    for polygon in geometry["coordinates"]:
        lons = [pos[0] for ring in polygon for pos in ring]
        mean = sum(lons) / len(lons) if lons else centre_lon
        shift = 360.0 if mean - centre_lon < -180 else -360.0 if mean - centre_lon > 180 else 0.0
        parts.append([[[pos[0] + shift, *pos[1:]] for pos in ring] for ring in polygon])
    # Joined again, the parts lose the seam that would be stroked along 180 degrees.
    joined = shapely.union_all([shapely.geometry.Polygon(p[0], p[1:]) for p in parts])
    return shapely.geometry.mapping(joined)


def _add_zones(
    fmap: folium.Map,
    zones: list[dict],
    shapes: list[dict],
    colours: list[str],
    taken: set[str],
    docs: dict[str, Document],
) -> list[tuple[int, Element]]:
    """Add each zone as an overlay of its own; return (zone index, its group)."""
    w = words()
    groups = []
    # Largest first, so a smaller zone is drawn on top and stays clickable.
    order = sorted(
        range(len(zones)),
        key=lambda i: -(finite_number(zones[i]["properties"].get("radius_m")) or 0.0),
    )
    for i in order:
        props, colour, geometry = zones[i]["properties"], colours[i], shapes[i]
        radius = zone_radius(props)
        centre = h(props.get("center") or w("unknownCentre"))
        documents = documents_of(spans_of(props, "sources"))
        cited = ", ".join(h(d) for d in documents) if documents else h(w("noSource"))
        named = ZONE_NAME[zone_preposition(props)]
        label = w(named, radius=h(radius), centre=centre)
        label += f'<span class="geo-layer-src">{cited}</span>'
        name = unique(swatch(colour) + label, taken)
        group = _FeatureGroup(name=name).add_to(fmap)

        shape = {"type": geometry["type"], "coordinates": round_coords(geometry["coordinates"])}
        # Leaflet simplifies lines to 1 px by default, which shows as facets on a
        # circle; a finer factor keeps the drawn ring round at every zoom.
        style = {
            "color": colour,
            "weight": 2,
            "opacity": 0.9,
            "fillColor": colour,
            "fillOpacity": 0.12,
            "smoothFactor": 0.25,
        }
        expression = f"L.geoJSON({js(shape)},{{style:{js(style)}}})"
        tooltip = w(named, radius=f"<b>{h(radius)}</b>", centre=centre)
        expression = _bind(expression, tooltip, zone_popup(props, radius, docs), sticky=True)
        _Vector("zone", expression).add_to(group)
        groups.append((i, group))
    return groups
