"""Escaping for the HTML map: article text reaches the page as text, never as markup or code.

Beyond :func:`html.escape`, braces and ``$``/backtick never reach a template
engine or a JavaScript template literal in readable form, and the JavaScript
line separators U+2028/U+2029 are defused.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from typing import Any

_EXTRA_HTML = str.maketrans(
    {
        "{": "&#123;",
        "}": "&#125;",
        "$": "&#36;",
        "`": "&#96;",
        "\u2028": "&#8232;",
        "\u2029": "&#8233;",
    }
)
_JS_UNSAFE = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)
# In a JSON list of strings, every one of these is inside a string, where the
# \\uXXXX escape means the same: article text keeps no "<", "{{", "${" or "`"
# anywhere in the page, even in the data block no engine reads.
_STRING_TABLE_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
    ("$", "\\u0024"),
    ("`", "\\u0060"),
    ("{", "\\u007b"),
    ("}", "\\u007d"),
)


def h(value: Any) -> str:
    """Return ``value`` as text escaped for HTML content and attribute values."""
    text = "" if value is None else str(value)
    return html.escape(text, quote=True).translate(_EXTRA_HTML)


def js(value: Any) -> str:
    """Return ``value`` as a JavaScript literal that is safe inside ``<script>``."""
    text = json.dumps(
        value, ensure_ascii=False, sort_keys=True, allow_nan=False, separators=(",", ":")
    )
    # These characters only occur inside JSON strings, where \\uXXXX means the same.
    return text.translate(_JS_UNSAFE)


def string_table(strings: Iterable[str]) -> str:
    """Return a JSON array of ``strings`` that is safe inside ``<script>`` and any template."""
    text = json.dumps(list(strings), ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _STRING_TABLE_ESCAPES:  # str.replace: C speed on megabytes
        text = text.replace(raw, escaped)
    return text
