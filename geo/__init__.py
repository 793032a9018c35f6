"""geo: turn news reports of military incidents into sourced, interactive maps.

The pipeline as plain functions, each taking what the one before gives::

    import geo
    inputs = geo.read(["seeds/"])               # articles, GeoJSON, ACLED exports
    result = geo.extract(inputs)                # places, zones, incidents: a FeatureCollection
    result                                      # in a notebook: the map
    places, zones, incidents = geo.to_geodataframes(result.collection)
    geo.export(result.collection, "seeds.gpkg")  # .geojson, .gpkg, .kml, .csv
    page = geo.render_html(geo.relate(collection), title="...")
    geo.render_static(collection, "map.png")    # the print version: .png, .svg, .pdf

``geo.read``, ``geo.extract`` and ``geo.export`` are also the packages and
module that do the work (``geo.extract.places``, ...). Names are imported
when first used, so ``import geo`` costs nothing until then.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# Front door name: (module, attribute), None for a stage module that is itself called.
_FRONT_DOORS: dict[str, tuple[str, str | None]] = {
    "read": ("geo.read", None),
    "extract": ("geo.extract", None),
    "relate": ("geo.relations", "relate"),
    "render_html": ("geo.render", "render_html"),
    "render_static": ("geo.render.static", "render_static"),
    "export": ("geo.export", None),
    "to_geodataframes": ("geo.export", "to_geodataframes"),
}

__all__ = ["__version__", *_FRONT_DOORS]


def __getattr__(name: str) -> Any:
    if name not in _FRONT_DOORS:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    module_name, attribute = _FRONT_DOORS[name]
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_FRONT_DOORS})
