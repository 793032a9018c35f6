"""Stage packages that can be called: ``geo.read(paths)`` beside ``geo.read.articles``."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any


def make_callable(module_name: str, front_door: Callable[..., Any]) -> None:
    """Make the package ``module_name`` callable as ``front_door``.

    ``import geo`` offers the pipeline as plain functions (``geo.read``,
    ``geo.extract``), as geopandas does; those names are also the stages'
    packages. A function bound to the name would hide the package's modules
    (``geo.extract.places``); a package whose class calls the function keeps
    both.
    """

    class Stage(types.ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return front_door(*args, **kwargs)

    Stage.__call__.__doc__ = front_door.__doc__
    sys.modules[module_name].__class__ = Stage
