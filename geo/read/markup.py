"""What a pasted web page carries besides its report: markup, links, credits, captions.

Each is blanked character for character (a block tag to a paragraph break), so
every offset still points at the same place in the file.
"""

from __future__ import annotations

import re

_MARKUP_START = re.compile(r"\A\s*(?:<!DOCTYPE\s+html|<html\b|<\?xml)", re.I)
_TAG = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|</?[A-Za-z][^<>]*>", re.I | re.S)


def blank_markup(text: str) -> str:
    """Return ``text`` with HTML markup (tags, scripts, styles) turned into spaces.

    News pasted from a web page carries its markup; blanking it character for
    character keeps every offset pointing at the same place in the file.
    Plain text, even with a stray "<", is returned unchanged.
    """
    tags = list(_TAG.finditer(text))
    tag_chars = sum(m.end() - m.start() for m in tags)
    if not (_MARKUP_START.match(text) or (len(tags) >= 5 and tag_chars * 20 > len(text))):
        return text
    return _TAG.sub(_blank_tag, text)


# Lines of a page that are no part of the report: a bare link ("https://...",
# "Source: https://..."), a photo credit or caption ("Photo: Reuters", "(Image
# credit: AFP)"). Their words must not make an event or a place.
_FURNITURE = re.compile(
    r"^[ \t]*(?:(?:Source|Link|URL|Read\s+more|Originally\s+published\s+(?:at|on))\s*[:»]\s*)?"
    r"(?:https?://|www\.)\S+[ \t]*$"
    r"|^[ \t]*[(\[]?(?:Photo|Photograph|Image|Picture|File\s+photo|Caption|Credit)s?"
    r"(?:\s+(?:credit|by|courtesy(?:\s+of)?))?(?:\s*[:/|]|\s+[–—-]\s)[^\n]{0,300}$"
    # A link to another story, with its headline: "Read more: UNIFIL says ...".
    r"|^[ \t]*(?:Read\s+(?:more|also|next)|Also\s+read|See\s+also|Related(?:\s+(?:stories|articles?"
    r"|coverage|reading))?|More\s+on\s+this(?:\s+story)?|Recommended|Watch|Listen)\s*[:»|][^\n]{0,300}$"
    # A caption marked by a camera ("📷 A destroyed house in Orikhiv.").
    r"|^[ \t]*(?:📷|📸|🖼|🎥)[^\n]{0,300}$"
    # A site's breadcrumb trail: "Home > World > Asia > Korean Peninsula".
    # (Each part capitalised, no sentence's full stop at the end.)
    r"|^[ \t]*(?-i:[A-Z])[\w &'’-]{0,39}(?:[ \t]*[>›][ \t]*(?-i:[A-Z])[\w &'’-]{0,39}){2,}[ \t]*$",
    re.M | re.I,
)


def blank_furniture(text: str) -> str:
    """Return ``text`` with link, credit and caption lines turned into spaces, offsets kept."""
    if (
        "http" not in text
        and "www." not in text
        and not _FURNITURE_WORD.search(text)
        and not _FURNITURE_SIGN.search(text)
    ):
        return text
    return _FURNITURE.sub(lambda m: " " * len(m.group()), text)


_FURNITURE_SIGN = re.compile(r"[📷📸🖼🎥>›]")
_FURNITURE_WORD = re.compile(
    r"\b(?:Photo|Photograph|Image|Picture|Caption|Credit|Read|Also|See|Related|More|Recommended"
    r"|Watch|Listen)",
    re.I,
)


# Tags that end a paragraph or a line: blanked to a paragraph break, so the
# headline, byline and paragraphs of a page are not read as one sentence.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|br|li|ul|ol|tr|td|th|table|blockquote|section|article|header|footer"
    r"|aside|figure|figcaption|nav|main|hr|dt|dd)\b",
    re.I,
)


def _blank_tag(m: re.Match) -> str:
    blank = re.sub(r"[^\n]", " ", m.group())
    if _BLOCK_TAG.match(m.group()) and len(blank) >= 2:
        return "\n\n" + blank[2:]
    return blank
