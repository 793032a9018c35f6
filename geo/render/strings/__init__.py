"""The map's interface words in the reader's language (``geo map --lang``).

All of them live in one file, ``interface.json``: a table per language, English
first. A language that lacks a word falls back to English, so a partial
translation still gives a whole interface.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DEFAULT_LANG = "en"
_FILE = Path(__file__).with_name("interface.json")


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, str]]:
    raw = json.loads(_FILE.read_text(encoding="utf-8"))
    return {lang: table for lang, table in raw.items() if not lang.startswith("_")}


def languages() -> list[str]:
    """Return the language codes the interface is written in, English first."""
    return sorted(_tables(), key=lambda code: (code != DEFAULT_LANG, code))


def strings(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """Return every interface word in ``lang``, English where it has none.

    Raises ``ValueError`` naming the languages there are for an unknown code.
    """
    tables = _tables()
    if lang not in tables:
        have = ", ".join(languages())
        raise ValueError(f"--lang {lang}: no interface in that language (have: {have})")
    return {**tables[DEFAULT_LANG], **tables[lang]}
