"""Extraction: from article text to places, zone radii, dates, incidents and their parties.

``geo.extract.batch`` runs the stage over a batch; the other modules each
read one thing in the text (``places``, ``radii``, ``dates``, ``incidents``,
``actors``), on top of ``text`` (sentences, words) and ``patterns`` (quick
regular expressions).
"""

from geo.extract.batch import Extraction, Extractor, extract, extract_batch

__all__ = ["Extraction", "Extractor", "extract", "extract_batch"]
