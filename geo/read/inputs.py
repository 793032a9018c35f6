"""Reading what the commands are given: articles, folders, stdin, GeoJSON and ACLED exports.

``read_inputs`` sorts a command line's inputs by what they hold and reads
each within its limit; ``combine`` makes one FeatureCollection of several.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import ArticleReadError, GeoError, InputFormatError
from geo.features import feature_collection, loads
from geo.read import articles as documents
from geo.read.acled import event_collection, read_acled_events
from geo.read.acled_file import is_acled_csv
from geo.read.articles import (
    ARTICLE_LIMIT,
    DATA_LIMIT,
    Article,
    ArticleFiles,
    read_article_bytes,
    read_at_most,
    read_file,
    safe_name,
    too_long,
)
from geo.read.corpus import (
    CorpusColumns,
    CorpusFiles,
    corpus_files_in,
    expand_globs,
    is_corpus_file,
)
from geo.read.events import EventTable
from geo.read.pins import PINS_FILE, read_pins
from geo.relations import without_relations
from geo.support.collector import collector_paused

GEOJSON_SUFFIXES = (".geojson", ".json")
TABLE_SUFFIXES = (".parquet", ".fgb")  # GeoParquet and FlatGeobuf (see geo.tables)


@dataclass
class Inputs:
    """What ``read`` found: articles (read one at a time when iterated), collections, problems.

    ``problems`` grows while the articles are read: a file that cannot be
    read is named when its turn comes.
    """

    articles: Articles
    collections: list[dict]
    problems: list[str]
    # Names the user placed: a places.csv in an input folder, and --place options.
    pins: list = field(default_factory=list)
    # ACLED exports read as columns (``read(..., event_tables=True)``), by the index
    # of their collection in ``collections``, which holds their documents only.
    tables: dict[int, EventTable] = field(default_factory=dict)

    def only_events(self) -> EventTable | None:
        """Return the one event table that is all there is to map, else None."""
        if len(self.tables) == 1 and len(self.collections) == 1 and not len(self.articles):
            return self.tables[0]
        return None

    def as_features(self) -> None:
        """Turn the event tables into the features of their collections, as ``read`` makes."""
        with collector_paused():
            for at, events in self.tables.items():
                self.collections[at]["features"] = events.features()
        self.tables = {}


def read(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    date: dt.date | str | None = None,
    follow_links: bool = False,
    event_tables: bool = False,
    columns: CorpusColumns | None = None,
) -> Inputs:
    """Return the articles and collections that files, folders or ``-`` (stdin) hold.

    Article files (``*.txt``, folders of them with their ``metadata.csv``),
    GeoJSON FeatureCollections (``.geojson``, ``.json``), GeoParquet
    (``.parquet``) and FlatGeobuf (``.fgb``) tables, and ACLED exports
    (``.csv``), and corpus tables of one report a row (``geo.read.corpus``:
    JSON Lines, CSV or Parquet with a text column, named in ``columns``);
    a pattern ("reports/*.jsonl.gz") stands for the files it matches.
    ``date`` is the publication date of articles that carry none.
    Nothing that cannot be read stops the others: each is one line in
    ``problems``. With ``event_tables``, ACLED exports stay columns
    (``Inputs.tables``) until ``Inputs.as_features`` is asked for.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    names, unmatched = expand_globs(tuple(os.fspath(p) for p in paths))
    tables: dict[int, EventTable] = {}
    collections, articles, problems = read_inputs(
        names,
        date,
        follow_links=follow_links,
        tables=tables if event_tables else None,
        columns=columns,
    )
    problems[:0] = unmatched
    pins = []
    for name in names:
        table = Path(name) / PINS_FILE
        if name != "-" and table.is_file():
            found, trouble = read_pins(table)
            pins += found
            problems += trouble
    return Inputs(articles, collections, problems, pins, tables)


def read_inputs(
    inputs: tuple[str, ...],
    default_date: dt.date | None,
    *,
    follow_links: bool = False,
    tables: dict[int, EventTable] | None = None,
    columns: CorpusColumns | None = None,
) -> tuple[list[dict], Articles, list[str]]:
    """Return the FeatureCollections and articles named by ``inputs``, and the problems.

    ``-`` reads standard input: a FeatureCollection when it starts with ``{``,
    else one article called ``<stdin>``. Files ending in .geojson or .json are
    FeatureCollections, as are .parquet and .fgb tables; .csv files with
    ACLED's columns are ACLED events;
    everything else is articles (files or folders). Each input that cannot be
    read is one line in the problems and the others go on. Nothing is read
    past its limit (``geo.read.articles.MAX_ARTICLE_BYTES`` for an article,
    ``MAX_DATA_BYTES`` for GeoJSON and tables, ``MAX_TABLE_BYTES`` for ACLED
    exports), be it a file, a pipe or a device.
    Symbolic links in a folder that lead out of it are read only with
    ``follow_links`` (see ``geo.read.articles.read_articles``). Given
    ``tables``, ACLED exports are kept there as columns, by the index of their
    collection (whose features are then left empty).
    """
    collections: list[dict] = []
    article_paths: list[str] = []
    corpus_paths: list[str] = []
    columns = columns or CorpusColumns()
    read: list[Article] = []
    problems: list[str] = []
    for item in inputs:
        try:
            if item == "-":
                found = _read_stdin(default_date)
                if isinstance(found, Article):
                    read.append(found)
                else:
                    collections.append(found[0])
                    problems += found[1]
            elif os.path.isfile(item) and is_corpus_file(item, columns):
                corpus_paths.append(item)
            elif os.path.isdir(item) and (in_folder := corpus_files_in(item, columns)):
                # A folder of corpus tables; its text files, if any, are articles too.
                corpus_paths += in_folder
                if any(Path(item).glob("*.txt")):
                    article_paths.append(item)
            elif (data := _read_data_input(item, tables is not None)) is not None:
                collection, trouble, events = data
                if events is not None and tables is not None:
                    tables[len(collections)] = events
                collections.append(collection)
                problems += trouble
            else:
                article_paths.append(item)
        except GeoError as exc:
            problems.append(str(exc))
    files = ArticleFiles(
        article_paths, default_date=default_date, follow_links=follow_links, problems=problems
    )
    corpus = CorpusFiles(corpus_paths, problems, columns=columns, default_date=default_date)
    return collections, Articles(read, files, corpus), problems


class Articles:
    """Articles already read, then those of files and corpus rows read one at a time.

    Files that cannot be read add their line to the problems list as they
    are met. ``len()`` counts the articles and files; ``read`` how many
    articles the iteration has given so far.
    """

    def __init__(self, read: list[Article], files: ArticleFiles, corpus: CorpusFiles | None = None):
        self._read, self._files = read, files
        self.corpus = corpus or CorpusFiles([], files.problems)
        self.read = 0

    def __len__(self) -> int:
        return len(self._read) + len(self._files) + len(self.corpus)

    def __iter__(self) -> Iterator[Article]:
        for article in itertools.chain(self._read, self._files, self.corpus):
            self.read += 1
            yield article


def _looks_like_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _geojson(data: bytes, name: str) -> tuple[dict, list[str]]:
    """Return the FeatureCollection in ``data`` and one line per feature left out of it.

    Errors name ``name``: the whole input when it is not a FeatureCollection,
    else each bad feature by its index while the others are kept.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFormatError(f"{name}: not UTF-8 text") from None
    problems: list[str] = []
    return loads(text, name, problems), problems


def _read_stdin(default_date: dt.date | None) -> tuple[dict, list[str]] | Article:
    """Return the article on standard input, or its FeatureCollection and problems."""
    name = "<stdin>"
    if sys.stdin is None:
        raise ArticleReadError(f"{name}: there is no standard input")
    try:
        stream = sys.stdin.buffer
        # An article's limit first: a FeatureCollection may then go on to its own.
        head = read_at_most(stream, documents.MAX_ARTICLE_BYTES + 1)
        if _looks_like_json(head):
            limit = documents.MAX_DATA_BYTES
            data = head + read_at_most(stream, limit + 1 - len(head))
            if len(data) > limit:
                raise ArticleReadError(too_long(name, limit, DATA_LIMIT))
            return _geojson(data, name)
    except OSError as exc:
        if isinstance(exc, GeoError):
            raise
        raise ArticleReadError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    if len(head) > documents.MAX_ARTICLE_BYTES:
        raise ArticleReadError(too_long(name, documents.MAX_ARTICLE_BYTES, ARTICLE_LIMIT))
    return read_article_bytes(head, name, default_date=default_date)


def _read_data_input(
    item: str, as_table: bool = False
) -> tuple[dict, list[str], EventTable | None] | None:
    """Return the collection of a GeoJSON, table or ACLED input and its problems; else None.

    An ACLED export's events come as features, or with ``as_table`` as columns
    (third), its collection holding none. Raises ``GeoError`` naming the input
    when it cannot be read.
    """
    path = Path(item)
    suffix = path.suffix.lower()
    if suffix not in (*GEOJSON_SUFFIXES, *TABLE_SUFFIXES, ".csv") and not path.is_dir():
        return None
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # missing or unreachable: read_articles names what is wrong
    if stat.S_ISDIR(mode):
        # A GeoParquet dataset folder (`geo extract --workers`), else a folder of articles.
        found = _read_dataset(path)
        return None if found is None else (*found, None)
    name = safe_name(item)
    limit = documents.MAX_DATA_BYTES
    if suffix in GEOJSON_SUFFIXES:
        return (*_geojson(read_file(path, limit, DATA_LIMIT, name), name), None)
    if suffix in TABLE_SUFFIXES:
        from geo.tables import read_table

        problems: list[str] = []
        data = read_file(path, limit, DATA_LIMIT, name)
        return read_table(data, suffix, name, problems), problems, None
    if stat.S_ISREG(mode) and not is_acled_csv(path):
        return None  # a .csv that is not ACLED's is read as an article, as ever
    # A stream can be read once only, so a .csv pipe is taken for ACLED's. Read by
    # the ACLED reader itself (within its limit), which lets the bytes go once parsed.
    events, trouble = read_acled_events(path, source=safe_name(path.name), name=name)
    if as_table:
        return event_collection(events, []), trouble, events
    with collector_paused():  # a million new dicts, none in a cycle
        return event_collection(events, events.features()), trouble, None


def _read_dataset(folder: Path) -> tuple[dict, list[str]] | None:
    """Return the collection of a folder of GeoParquet parts, None for a folder of articles.

    A folder is a dataset when it holds ``.parquet`` files and no article
    (``*.txt``) (one of corpus tables is read before it comes here); its
    parts' features and reports make one collection.
    """
    from geo.tables import read_table

    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return None  # read_articles names what is wrong
    parts = [
        p
        for p in entries
        if p.suffix.lower() == ".parquet" and p.name[0] not in "._" and p.is_file()
    ]
    if not parts or any(p.suffix.lower() in documents.ARTICLE_SUFFIXES for p in entries):
        return None
    problems: list[str] = []
    features: list[dict] = []
    meta: dict[str, list] = {"documents": [], "attribution": []}
    for part in parts:
        name = safe_name(part)
        try:
            data = read_file(part, documents.MAX_DATA_BYTES, DATA_LIMIT, name)
            collection = read_table(data, ".parquet", name, problems)
        except GeoError as exc:
            problems.append(str(exc))
            continue
        features += collection["features"]
        for key, found in meta.items():
            found += [v for v in (collection.get("geo") or {}).get(key, []) if v not in found]
    return feature_collection(features, geo=meta), problems


def combine(collections: list[dict]) -> dict:
    """Return one FeatureCollection holding the features and documents of ``collections``.

    The same feature from two inputs (an article and its earlier extraction)
    is one feature; relations are recomputed anyway. Features are compared by
    a cheap key first (kind, position, date, name) and written out in full only
    where two share it, so a million ACLED events from one export are not each
    encoded to be compared with nothing.
    """
    features: list[dict] = []
    documents: list = []
    attribution: list = []
    seen_documents: set[str] = set()
    seen_attribution: set[str] = set()
    by_cheap: dict[tuple, list[str | None]] = {}
    kept_at: dict[tuple, list[int]] = {}
    several = sum(1 for c in collections if c["features"]) > 1
    for c in collections:
        for f in c["features"]:
            if several and not _first_of_its_kind(f, features, by_cheap, kept_at):
                continue
            features.append(f)
        meta = c.get("geo") or {}
        for d in meta.get("documents", []):
            if (key := json.dumps(d, sort_keys=True)) not in seen_documents:
                seen_documents.add(key)
                documents.append(d)
        for a in meta.get("attribution", []):
            if (key := json.dumps(a, sort_keys=True)) not in seen_attribution:
                seen_attribution.add(key)
                attribution.append(a)
    return feature_collection(features, geo={"documents": documents, "attribution": attribution})


def _cheap_key(f: dict) -> tuple:
    props = f.get("properties") or {}
    geometry = f.get("geometry") or {}
    coords = geometry.get("coordinates") if geometry.get("type") == "Point" else None
    return (
        props.get("kind"),
        repr(coords) if coords is not None else geometry.get("type"),
        repr(props.get("date")),
        repr(props.get("name") or props.get("label") or props.get("event_type")),
    )


def _first_of_its_kind(
    f: dict,
    features: list[dict],
    by_cheap: dict[tuple, list[str | None]],
    kept_at: dict[tuple, list[int]],
) -> bool:
    """Return whether ``f`` is no feature kept already (and note it as kept if so)."""
    cheap = _cheap_key(f)
    keys = by_cheap.get(cheap)
    if keys is None:
        by_cheap[cheap] = [None]  # its full key is written only if another shares the cheap one
        kept_at[cheap] = [len(features)]
        return True
    full = json.dumps(without_relations(f), sort_keys=True)
    for k, known in enumerate(keys):
        if known is None:
            known = keys[k] = json.dumps(
                without_relations(features[kept_at[cheap][k]]), sort_keys=True
            )
        if known == full:
            return False
    keys.append(full)
    kept_at[cheap].append(len(features))
    return True
