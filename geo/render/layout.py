"""How a report's author lays an HTML map out: kept apart, so the command line needs no folium."""

from __future__ import annotations

import dataclasses

from geo.render.strings import DEFAULT_LANG


@dataclasses.dataclass(frozen=True)
class Layout:
    """How a report's author wants the map laid out (``geo map`` options).

    ``view``: (lon, lat, zoom) of the first view; ``bounds``: (west, south,
    east, north) to frame instead of the data; ``height``: a CSS length for
    the map (an embed is 640px high by default, a page fills the window);
    ``caption``: a line under the map; ``lang``: the interface's language;
    ``scroll_zoom``: the wheel always zooms (otherwise only once the reader
    clicked the map, or when a page is not framed in another).
    """

    view: tuple[float, float, float] | None = None
    bounds: tuple[float, float, float, float] | None = None
    height: str | None = None
    caption: str | None = None
    lang: str = DEFAULT_LANG
    scroll_zoom: bool = False
