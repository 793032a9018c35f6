"""Place names as keys: how spellings news varies are folded together.

``normalize_name`` gives a name's exact key (case, marks, separators and the
Arabic article folded); ``loose_key`` its consonant skeleton, the fallback
for transliterations that differ in vowels and digraphs; ``loosely_alike``
says whether two keys are spellings of one name. The ``...s`` forms do the
same over whole lists at once, for the one-time index build.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The Arabic definite article as English transliterations write it before a name.
_ARTICLE = re.compile(r"^(?:al|el|ul|as|ash|at|ath|ad|adh|ar|az|an|es|ez|ed|er|et)[\s-]+(?=\S)")
_INNER_ARTICLE = re.compile(r"(?<= )(?:al|el|ul|as|ash|at|ath|ad|adh|ar|az|an|es|ez|ed|er|et)(?= )")
_MARKS = dict.fromkeys(map(ord, "ʿʾʻʼ'’‘`´"), None)
_SEPARATOR_MARKS = "-‐‑–—_.,"
_SEPARATORS = re.compile(rf"[\s{re.escape(_SEPARATOR_MARKS)}]+")
# A letter that the same letter follows: deleting it makes doubled letters single
# (a plain deletion is quicker than a pattern that puts back a group).
_DOUBLED = re.compile(r"(?=(\w)\1)\w")
# The same for a name's key, less oo and ee: English writes them for other
# vowels than o and e (room is no spelling of Rom, nor deer of Der).
_DOUBLED_IN_KEY = re.compile(r"(?=([^\Woe])\1)\w")


def normalize_name(name: str) -> str:
    """Return the key under which ``name`` is looked up.

    News transliterates Arabic names many ways; the key folds the differences
    that do not tell places apart:

    - case, diacritics and letter marks (Ḩamāh -> hamah, ʿAyn -> ayn);
    - apostrophes and ʿayn/hamza marks are dropped;
    - hyphens, dots and runs of spaces become one space;
    - a leading Arabic article (al-, al , el-, as-, ash-, at-, ad-, ar-, ...)
      is dropped, so al-Tanf, At Tanf and Tanf share a key;
    - an article inside a name is written "al" whatever its assimilated form
      (Deir ez-Zor, Deir el-Zor and Deir al-Zor share a key);
    - doubled letters become single (Aleppo / Alepo, Deir ez-Zor / Deir ezZor),
      but for oo and ee, which English writes for other vowels: Room is no
      spelling of Rom, a name of Rome. Transliterations that write them for
      long vowels (Tadmoor, Idleeb) match loosely.
    """
    if name.isascii():
        text = name.lower().translate(_MARKS)
    else:
        text = unicodedata.normalize("NFKD", name).translate(_MARKS)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _SEPARATORS.sub(" ", text).strip()
    text = _ARTICLE.sub("", text)
    text = _INNER_ARTICLE.sub("al", text)
    return _DOUBLED_IN_KEY.sub("", text)


# The same rules over many names joined by newlines: one pass of each pattern
# over one long string instead of one call per name. Line breaks never occur in
# a name, and no pattern here matches or crosses one.
_ARTICLE_LINES = re.compile(
    r"^(?:al|el|ul|as|ash|at|ath|ad|adh|ar|az|an|es|ez|ed|er|et) (?=\S)", re.M
)
_ARTICLE_FORM_LINES = re.compile(
    r"^(?:al|el|ul|as|ash|at|ath|ad|adh|ar|az|an|es|ez|ed|er|et)(?:[^\S\n]|-)+\S[^\n]*", re.M
)


def normalize_names(names: list[str]) -> list[str]:
    """Return ``[normalize_name(n) for n in names]``, computed in one pass.

    Building the index normalises 665,000 names; one pass of each rule over
    the names joined by newlines takes a fraction of one call per name.
    """
    if not names:
        return []
    text = "\n".join(names)
    if text.count("\n") != len(names) - 1:
        return [normalize_name(n) for n in names]  # a name with a line break in it
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
    chars = set(text)
    marks = "".join(ch for ch in chars if ord(ch) in _MARKS or unicodedata.combining(ch))
    if marks:
        text = re.sub(f"[{re.escape(marks)}]+", "", text)
    # The separators of _SEPARATORS less the line break, as one class of the
    # characters present: much quicker than an alternation.
    separators = "".join(
        ch for ch in chars if ch in _SEPARATOR_MARKS or (ch.isspace() and ch != "\n")
    )
    text = text.lower()
    if separators:
        text = re.sub(f"[{re.escape(separators)}]+", " ", text)
    # Each line has at most one space at each end now.
    text = text.replace("\n ", "\n").replace(" \n", "\n").strip(" ")
    text = _ARTICLE_LINES.sub("", text)
    text = _INNER_ARTICLE.sub("al", text)
    return _DOUBLED_IN_KEY.sub("", text).split("\n")


# The three memos below are kept for the process, not on a gazetteer or a run:
# each maps a short name (or two keys) to what the rules above make of it,
# the same whatever gazetteer or text asks, and each holds 65,536 answers at
# most (a few MB of short strings), the oldest let go first.
@lru_cache(maxsize=1 << 16)
def cached_loose_key(key: str) -> str:
    """Return ``loose_key(key)``, remembered."""
    return loose_key(key)


@lru_cache(maxsize=1 << 16)
def cached_key(name: str) -> str:
    """Return ``normalize_name(name)``, remembered: news repeats its names."""
    return normalize_name(name)


_DIGRAPHS = {
    "kh": "k",
    "gh": "g",
    "sh": "s",
    "th": "t",
    "dh": "d",
    "ph": "f",
    "ck": "k",
    "dj": "g",
    "q": "k",
    "c": "k",
    "j": "g",
}
_DIGRAPH_ORDER = [
    (p, _DIGRAPHS[p]) for p in ("kh", "gh", "sh", "th", "dj", "dh", "ph", "q", "c", "j")
]
_DIGRAPH = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_LOOSE_VOWELS = re.compile(r"(?<=.)[aeiouyw]")
MIN_LOOSE_LENGTH = 4  # shorter skeletons ("dr", "hms") match too many names


def loose_key(key: str) -> str:
    """Return the consonant skeleton of a normalised key, for spellings news varies.

    Transliterations of one Arabic name differ in vowels, in digraphs and in
    whether the article is glued on: Deir ez-Zor / Dayr az Zawr, Albukamal /
    Al-Bukamal, Qamishli / Kamishli, Hama / Hamah. The skeleton keeps the first
    letter and the consonants: vowels, y and w after the first letter go,
    kh/gh/sh/th/dh become k/g/s/t/d, q and c become k, j becomes g, a final h
    after a vowel goes, a glued-on "al" goes, and doubled letters become one.
    It is a fallback, used only where the exact key finds nothing.
    """
    s = key.replace(" ", "")
    if s.startswith("al") and len(s) > 6:
        s = s[2:]
    s = _FINAL_H.sub("", s)
    s = _DIGRAPH.sub(_digraph, s)
    s = _LOOSE_VOWELS.sub("", s)
    return _DOUBLED.sub("", s)


def spelled_key(key: str) -> str:
    """Return a normalised key under ``loose_key``'s letter rules, vowels kept.

    What ``spelling_distance`` compares: two spellings with one skeleton
    differ only in the vowels (and y, w) this form still has.
    """
    s = key.replace(" ", "")
    if s.startswith("al") and len(s) > 6:
        s = s[2:]
    s = _FINAL_H.sub("", s)
    s = _DIGRAPH.sub(_digraph, s)
    return _DOUBLED.sub("", s)


_VOWELS = frozenset("aeiou")
# A vowel written one way or another is the usual difference between two
# transliterations (Menbej / Manbij); y and w only for i and u (Qamishly / Qamishli).
_NEAR_LETTERS = frozenset({("y", "i"), ("i", "y"), ("w", "u"), ("u", "w")})
VOWEL_EDIT = 0.5
LETTER_EDIT = 1.0


def _edit(letter: str) -> float:
    return VOWEL_EDIT if letter in _VOWELS else LETTER_EDIT


def _swap(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if (a in _VOWELS and b in _VOWELS) or (a, b) in _NEAR_LETTERS:
        return VOWEL_EDIT
    return LETTER_EDIT


def spelling_distance(a: str, b: str) -> float:
    """Return the edit distance between two spelled keys, a vowel's edit costing half.

    Adding, dropping or changing a vowel (a, e, i, o, u; y for i, w for u)
    costs 0.5, any other letter 1.
    """
    previous = [0.0]
    for letter in b:
        previous.append(previous[-1] + _edit(letter))
    for x in a:
        current = [previous[0] + _edit(x)]
        for j, y in enumerate(b):
            current.append(
                min(previous[j] + _swap(x, y), previous[j + 1] + _edit(x), current[j] + _edit(y))
            )
        previous = current
    return previous[-1]


def loose_allowance(spelled: str) -> float:
    """Return how far (``spelling_distance``) a loose match may be from a spelling.

    One vowel's difference; for names of ten letters or more, one per five
    letters' worth of vowels (Maarat Numan / Moaret Numan is two).
    """
    return max(VOWEL_EDIT, len(spelled) / 10)


@lru_cache(maxsize=1 << 16)
def loosely_alike(key: str, other: str) -> bool:
    """Return whether two normalised keys are spellings of one name, by the loose rules.

    They share a skeleton (``loose_key``), and their spelled forms are within
    ``loose_allowance`` of each other. One skeleton alone joins words no one
    would take for each other: Northwest and North East, Qwertyville and
    Qiryat HaYovel.
    """
    if cached_loose_key(key) != cached_loose_key(other):
        return False
    spelled = spelled_key(key)
    return spelling_distance(spelled, spelled_key(other)) <= loose_allowance(spelled)


_GLUED_ARTICLE_LINES = re.compile(r"^al(?=[^\n]{5})", re.M)
_FINAL_H_LINES = re.compile(r"(?<=[aeiou])h$", re.M)
_LOOSE_VOWELS_LINES = re.compile(r"(?<=[^\n])[aeiouyw]")


def loose_keys(keys: list[str]) -> list[str]:
    """Return ``[loose_key(k) for k in keys]`` (keys from ``normalize_name``) in one pass."""
    if not keys:
        return []
    text = "\n".join(keys).replace(" ", "")
    if text.count("\n") != len(keys) - 1 or "\x01" in text:
        return [loose_key(k) for k in keys]  # a line break, or the placeholder below
    text = _GLUED_ARTICLE_LINES.sub("", text)
    text = _FINAL_H_LINES.sub("", text)
    # The digraph rule as plain replacements, in an order that gives what the
    # pattern's leftmost-longest matching gives: "ck" first (held as \x01 so
    # "ckh" is not read as c + "kh"), "dj" before "dh" ("dhj" is d + j).
    text = text.replace("ck", "\x01")
    for pair, letter in _DIGRAPH_ORDER:
        text = text.replace(pair, letter)
    text = _LOOSE_VOWELS_LINES.sub("", text.replace("\x01", "k"))
    return _DOUBLED.sub("", text).split("\n")


def _digraph(match: re.Match) -> str:
    return _DIGRAPHS[match[0]]


def surface_form(name: str) -> str:
    """Return a name as written, but for case and runs of spaces and hyphens."""
    return re.sub(r"[\s-]+", " ", name.lower()).strip()


def article_forms(names: list[str]) -> set[str]:
    """Return the surface forms of the names written with a leading Arabic article ("at tanf").

    They tell the article from the English preposition: "at Tanf" is a name,
    "at Aleppo" a preposition and a name.
    """
    joined = "\n".join(names).lower()
    if joined.count("\n") == len(names) - 1:
        return {surface_form(m[0]) for m in _ARTICLE_FORM_LINES.finditer(joined)}
    # A name with a line break in it: one at a time.
    return {surface_form(n) for n in names if _ARTICLE.match(n.lower())}


# Directions: GeoNames has towns called West and North East (and "North" as an
# alternate name), which a text naming the United States would otherwise
# place there ("the West", "North of Aleppo").
COMPASS_WORDS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
    }
)
