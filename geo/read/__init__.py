"""Reading inputs: article files, folders and stdin, ACLED CSV exports, GeoJSON collections.

``geo.read(paths)`` (this package, called) is ``geo.read.inputs.read``.
"""

from geo.read.inputs import Inputs, read
from geo.support.stage import make_callable

__all__ = ["Inputs", "read"]

make_callable(__name__, read)
