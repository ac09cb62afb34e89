"""The reply's running text → blocks (headings, paragraphs, tables) for its page.

Each source line is a paragraph, as in Word. A paragraph that a page break split (the seed's
工 / 作。) is re-joined: the first piece is long, stops without closing punctuation and is
followed, after blank lines, by text that is not a heading, a label or a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Block
from .intake import SourceLine

_NUMERAL = "一二三四五六七八九十百零〇"
HEADING_RE = re.compile(rf"^\s*[{_NUMERAL}]+\s*[、．.]")
"""一、 二、 …: the reply's own top-level headings."""
SUBHEADING_RE = re.compile(rf"^\s*[（(]\s*[{_NUMERAL}]+\s*[）)]")
"""（一） (一) …: second-level headings."""
_HEADING_MAX = 40
"""A line longer than this is a paragraph that opens with a numbered lead-in, not a heading."""

_SENTENCE_END = "。！？!?；;：:…”’」』）)》>"
_DATE_RE = re.compile(r"^\s*[0-9０-９〇零一二三四五六七八九]{2,4}\s*年")
_LABEL_RE = re.compile(r"^\s*[^\s：:，。]{1,8}\s*[：:]")
_JOIN_MIN = 30
"""Only a long line can be the first half of a split paragraph; short ones are signatures."""


def heading_kind(text: str) -> str | None:
    """'heading' or 'subheading' when the line is one of the reply's own headings."""
    stripped = text.strip()
    if len(stripped) > _HEADING_MAX and re.search(r"[。；;]", stripped[:-1]):
        return None
    if HEADING_RE.match(stripped):
        return "heading"
    if SUBHEADING_RE.match(stripped):
        return "subheading"
    return None


def build_blocks(lines: Iterable[SourceLine]) -> tuple[Block, ...]:
    """Group the lines after the reply's title into blocks, re-joining split paragraphs."""
    blocks: list[Block] = []
    gap = False
    for line in lines:
        if line.rows is not None:
            blocks.append(Block("table", "", line.number, line.rows))
            gap = False
            continue
        text = line.text.strip()
        if not text:
            gap = True
            continue
        kind = heading_kind(text) or "paragraph"
        previous = blocks[-1] if blocks else None
        if gap and kind == "paragraph" and previous and _continues(previous, text):
            blocks[-1] = Block("paragraph", previous.text + text, previous.line)
        else:
            blocks.append(Block(kind, text, line.number))
        gap = False
    return tuple(blocks)


def _continues(previous: Block, text: str) -> bool:
    return (
        previous.kind == "paragraph"
        and len(previous.text) >= _JOIN_MIN
        and previous.text[-1] not in _SENTENCE_END
        and not _DATE_RE.match(text)
        and not _LABEL_RE.match(text)
    )
