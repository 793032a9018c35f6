"""Where geo's sourced data files are, installed or run from a checkout."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # the geo package


def data_dir() -> Path:
    """Return the folder holding geo's data files (``data/`` of the project)."""
    installed = _PACKAGE / "_data"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "data"
