"""geo.errors: one root for geo's exceptions, and messages on one line."""

import pytest

from geo.errors import MESSAGE_CHARS, ArticleReadError, GeoError, InputFormatError, one_line


def test_each_error_is_geo_s_and_the_builtin_callers_already_catch():
    assert issubclass(ArticleReadError, GeoError) and issubclass(ArticleReadError, OSError)
    assert issubclass(InputFormatError, GeoError) and issubclass(InputFormatError, ValueError)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("a\nb\r\n\tc  d", None, "a b c d"),
        ("  padded  ", None, "padded"),
        (ValueError("bad\nvalue"), None, "bad value"),
        ("abcdef", 4, "abc…"),
        ("abcd", 4, "abcd"),
    ],
)
def test_one_line_flattens_whitespace_and_cuts_at_the_limit(text, limit, expected):
    assert one_line(text, limit) == expected


def test_a_message_is_cut_by_default_a_value_kept_whole():
    long = "x" * (MESSAGE_CHARS + 50)
    assert len(one_line(long)) == MESSAGE_CHARS and one_line(long).endswith("…")
    assert one_line(long, limit=None) == long
