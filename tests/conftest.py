"""Test-wide settings: caches go to a temporary folder, never the user's home."""

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    folder = tmp_path_factory.mktemp("geo-cache")
    old = os.environ.get("GEO_CACHE_DIR")
    os.environ["GEO_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("GEO_CACHE_DIR", None)
    else:
        os.environ["GEO_CACHE_DIR"] = old
