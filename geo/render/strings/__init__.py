"""The map's interface words in the reader's language (``geo map --lang``).

All of them live in one file, ``interface.json``: a table per language, English
first. A language that lacks a word falls back to English, so a partial
translation still gives a whole interface.

A phrase that carries a count has two forms, ``KEY_one`` and ``KEY_other``
(:meth:`Words.n` picks one); values go in by name (``{n}``, ``{place}``), so a
translation puts them where its grammar wants them.

One render speaks one language: :func:`speaking` sets it for the render (a
context variable, like the render's element ids), and the code that writes the
page's words asks :func:`words` for it. Outside a render (the print map, the
exports) it is English.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

DEFAULT_LANG = "en"
_FILE = Path(__file__).with_name("interface.json")

# How each language writes a number: the thousands separator (Chromium's Intl
# writes French with a narrow no-break space), the decimal mark, and the fewest
# digits before a separator is used (Spanish writes 1234 but 12.345).
_NUMBERS = {
    "en": (",", ".", 4),
    "fr": ("\u202f", ",", 4),
    "es": (".", ",", 5),
}
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# French elides "de" before a vowel: "autour d'Alep", not "autour de Alep" (only
# the phrase's own "de" before a value, never a word inside the value).
_FRENCH_DE = re.compile(r"\bde \{(\w+)\}")
_VOWEL = re.compile(r"[AEIOUYÂÉÈÊÎÏÔÛaeiouyâéèêîïôû]")


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


# The words the map's script puts on screen itself (popups, counts, the measure
# readout...): only these travel in the page, with each map's options. A phrase
# with a count is named without its _one/_other.
BROWSER_WORDS = (
    "andMore",
    "cluster",
    "clusterDated",
    "earlier",
    "fullScreen",
    "incident",
    "incidents",
    "incidentsAt",
    "later",
    "layers",
    "leaveFullScreen",
    "link",
    "measureDistance",
    "measureLastLeg",
    "measureNote",
    "measureStart",
    "mgrsNone",
    "moreOutside",
    "noSourceSentence",
    "pageRange",
    "precisionNote",
    "precision_day",
    "precision_month",
    "precision_week",
    "precision_year",
    "rowAcledEvent",
    "rowActor1",
    "rowActor2",
    "rowDate",
    "rowFatalities",
    "rowPlace",
    "rowPosition",
    "rowZones",
    "shown",
    "sources",
    "tilesFailed",
    "typeSub",
    "undated",
    "unknown",
    "unknownDocument",
    "wheelHint",
    "zoomIn",
    "zoomOut",
)


def browser_strings(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """Return the words of :data:`BROWSER_WORDS` in ``lang``, for the map's script."""
    table = strings(lang)
    return {
        key: text
        for key, text in table.items()
        if key in BROWSER_WORDS or key.rpartition("_")[0] in BROWSER_WORDS
    }


def placeholders(text: str) -> set[str]:
    """Return the names of the values a phrase takes (``{n}``, ``{place}``)."""
    return set(_PLACEHOLDER.findall(text))


class Words:
    """The interface words of one language, filled with their values."""

    def __init__(self, lang: str = DEFAULT_LANG) -> None:
        self.lang = lang
        self.table = strings(lang)
        self._group, self._decimal, self._min = _NUMBERS.get(lang, _NUMBERS[DEFAULT_LANG])

    def __call__(self, key: str, **values: object) -> str:
        """Return the phrase ``key`` with its ``{name}`` placeholders filled (as given)."""
        text = self.table[key]
        if self.lang == "fr" and "de {" in text:
            text = _FRENCH_DE.sub(
                lambda m: f"d\u2019{{{m[1]}}}" if _VOWEL.match(str(values.get(m[1], ""))) else m[0],
                text,
            )
        return _PLACEHOLDER.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], text)

    def one(self, count: int) -> bool:
        """Return whether ``count`` takes the singular: 1 (and in French 0 too)."""
        return count == 1 or (self.lang == "fr" and count == 0)

    def n(self, key: str, count: int, **values: object) -> str:
        """Return the singular or plural of ``key`` for ``count``, which fills ``{n}``."""
        form = f"{key}_one" if self.one(count) else f"{key}_other"
        return self(form, n=self.number(count), **values)

    def number(self, value: float, digits: int | None = None) -> str:
        """Return ``value`` written as the language writes numbers (``digits`` decimals)."""
        text = f"{value:,.{digits}f}" if digits is not None else f"{value:,}"
        return self.numbers(text)

    def numbers(self, text: str) -> str:
        """Return ``text`` with the English-written numbers in it written this language's way."""
        if self.lang == DEFAULT_LANG:
            return text

        def local(m: re.Match[str]) -> str:
            whole, _, fraction = m[0].partition(".")
            digits = whole.replace(",", "")
            if len(digits) >= self._min:
                groups: list[str] = []
                while len(digits) > 3:
                    digits, tail = digits[:-3], digits[-3:]
                    groups.insert(0, tail)
                digits = self._group.join([digits, *groups])
            return digits + (self._decimal + fraction if fraction else "")

        return _NUMBER.sub(local, text)


_current: ContextVar[Words | None] = ContextVar("geo_render_words", default=None)


@lru_cache(maxsize=8)
def _words(lang: str) -> Words:
    return Words(lang)


def words() -> Words:
    """Return the words of the render under way (English outside one)."""
    return _current.get() or _words(DEFAULT_LANG)


@contextmanager
def speaking(lang: str) -> Iterator[Words]:
    """Return a context in which the render's words are in ``lang``."""
    token = _current.set(_words(lang))
    try:
        yield _words(lang)
    finally:
        _current.reset(token)
