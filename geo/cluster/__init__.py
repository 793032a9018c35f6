"""Extracting a corpus of millions of reports on a Dask cluster (``geo extract --workers``)."""
