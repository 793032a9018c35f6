"""What every local worker needs, loaded once in the fork server the workers are forked from.

Imported by that server only (``geo.cluster.local.start_fork_server``),
never by hand: Dask and geo's modules, the gazetteer (``warm_up``, as the
worker plugin loads it), and the GeoParquet writer. A worker forked from
the server has them already, their pages shared with the server's until
written. Whatever fails here is left for each worker to load, and to
report, as it would without a fork server.
"""

from __future__ import annotations

import contextlib

with contextlib.suppress(Exception):
    from geo.cluster.run import warm_up

    warm_up()

with contextlib.suppress(Exception):
    import geopandas.io.arrow  # noqa: F401
    import pyarrow.parquet  # noqa: F401

with contextlib.suppress(Exception):
    import geo.cli.main  # noqa: F401  (the `geo` script, which each worker runs as its main)
