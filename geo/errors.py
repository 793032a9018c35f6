"""The exceptions geo raises: one root, each subclass also a matching builtin.

Callers can catch ``GeoError`` for anything geo-specific, or the builtin they
already handle (``OSError`` for unreadable files, ``ValueError`` for bad values).
The CLI turns any ``GeoError`` into one line on stderr, never a traceback.
"""


class GeoError(Exception):
    """Root of every error geo raises on purpose."""


class ArticleReadError(GeoError, OSError):
    """An article file or folder could not be read as text."""


class InputFormatError(GeoError, ValueError):
    """An input (GeoJSON, CSV, metadata) is not in the form geo expects."""


class RadiusError(GeoError, ValueError):
    """A radius text or value is not a usable zone radius."""


class CoordinateError(GeoError, ValueError):
    """A centre or point is not a valid longitude/latitude pair."""


class GeocodeError(GeoError, LookupError):
    """A place name could not be resolved."""


class OutputError(GeoError, OSError):
    """An output file could not be written."""


class PageError(GeoError, ValueError):
    """A print map's page cannot be made as asked: size, resolution, orientation or extent."""


class OnlineConfigError(GeocodeError, ValueError):
    """An online lookup that cannot be made as asked: unknown provider, missing key, bad url."""


class OnlineProviderError(GeocodeError, OSError):
    """An online provider gave no usable answer, after whatever retries could help."""


class OnlineNotAskedError(OnlineProviderError):
    """A name the provider was not asked, since it had failed too often earlier in the run.

    The geocoder says so once, when it is closed, for all such names together.
    """


# A message is one line, and a quoted value in it no longer than this.
MESSAGE_CHARS = 200


def one_line(text: object, limit: int | None = MESSAGE_CHARS) -> str:
    """Return ``text`` with its whitespace runs (newlines too) as single spaces, cut to ``limit``.

    A cut line ends in "…"; ``limit=None`` keeps it whole.
    """
    flat = " ".join(str(text).split())
    if limit is None or len(flat) <= limit:
        return flat
    return flat[: limit - 1] + "…"
