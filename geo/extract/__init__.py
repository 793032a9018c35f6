"""Extraction: from article text to places, zone radii, dates, incidents and their parties.

``geo.extract(articles)`` (this package, called) is ``geo.extract.batch.extract``.
``batch`` runs the stage over a batch and ``assemble`` makes the features; the
other modules each read one thing in the text (``places``, ``radii``,
``dates``, ``incidents``, ``actors``), on top of ``text`` (sentences, words)
and ``patterns`` (quick regular expressions).
"""

from geo.extract.batch import Extraction, Extractor, extract, extract_batch
from geo.support.stage import make_callable

__all__ = ["Extraction", "Extractor", "extract", "extract_batch"]

make_callable(__name__, extract)
