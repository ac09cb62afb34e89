"""Source lines → recognition lines, on which every recogniser of the parser works.

`Line.text` is the line in simplified characters, half-width digits and letters, and one set of
punctuation (the half-width `: , ; ( ) ! ?` of converted copies made full-width), so one pattern
reads every copy; `Line.plain` is the same text with its punctuation as written, character for
character, for values kept as written (quoted titles). A Word table becomes one line per row,
its label and value cells paired as `label：value`, so a header grid reads like labelled lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .intake import SourceLine, SourceText
from .names import to_simplified
from .numbers import to_halfwidth

_PUNCTUATION = str.maketrans(
    {":": "：", ",": "，", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？", "﹕": "："}
)
_WS_RE = re.compile(r"\s+")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ"
_PINYIN_GLOSS_RE = re.compile(
    rf"(?<=[\u4e00-\u9fffa-z])[(（](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]"
    rf"|[?？](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]"
)
"""A pinyin gloss that mirror sites insert after characters (會(huì)議): not the document's."""
_BULLET_RE = re.compile(r"^\s*[•●▪◆■□◇◎★☆]+\s*")
"""List bullets of a portal's metadata block (• 新郑市公安局)."""
_LABEL_CELL_RE = re.compile(r"^[\u4e00-\u9fff（）()、/]{1,10}[:：]?$")
"""A table cell that can be a label: a few Chinese characters, perhaps a colon."""


@dataclass(frozen=True)
class Line:
    """One non-empty line of a reply, ready for recognition."""

    number: int
    """1-based line of the source file (Word: position of the paragraph or table)."""
    index: int
    """Position of its source line in `SourceText.lines`."""
    text: str
    """Recognition text: simplified, half-width digits, full-width punctuation, stripped."""
    plain: str
    """`text` with the punctuation as written (same length, same positions)."""
    flat: str
    """`text` without whitespace."""
    table: bool = False
    """True for a row of a Word table."""

    @property
    def plain_flat(self) -> str:
        """`plain` without whitespace (aligned with `flat`)."""
        return _WS_RE.sub("", self.plain)


def normalize(text: str) -> tuple[str, str]:
    """(recognition text, plain text) of one line; both stripped, equally long."""
    text = _PINYIN_GLOSS_RE.sub("", text).replace("|", " ").replace("｜", " ")
    text = _BULLET_RE.sub("", text)
    plain = to_halfwidth(to_simplified(text)).strip()
    unified = plain.translate(_PUNCTUATION)
    return unified, plain


def prepare_lines(source: SourceText) -> list[Line]:
    """The non-empty lines of a reply; each Word table row becomes a line of its own."""
    prepared: list[Line] = []
    for index, line in enumerate(source.lines):
        texts = _row_texts(line) if line.rows is not None else [line.text]
        for text in texts:
            if not text.strip():
                continue
            unified, plain = normalize(text)
            if len(plain) != len(unified):  # never happens with str.translate; kept as a guard
                plain = unified
            prepared.append(
                Line(line.number, index, unified, plain, _WS_RE.sub("", unified),
                     table=line.rows is not None)
            )  # fmt: skip
    return prepared


def _row_texts(line: SourceLine) -> list[str]:
    """Each row of a table as one text: label cells joined to the value after them."""
    rows = line.rows or ()
    return [_row_text(_distinct(row)) for row in rows]


def _distinct(row: Sequence[str]) -> list[str]:
    """The row's cells, a merged cell (repeated by python-docx) kept once."""
    cells: list[str] = []
    for cell in row:
        text = cell.strip()
        if text and (not cells or cells[-1] != text):
            cells.append(text)
    return cells


def _row_text(cells: list[str]) -> str:
    parts: list[str] = []
    position = 0
    while position < len(cells):
        cell = cells[position]
        label = _WS_RE.sub("", cell)
        if _LABEL_CELL_RE.match(label) and position + 1 < len(cells):
            parts.append(label.rstrip(":：") + "：" + cells[position + 1])
            position += 2
        else:
            parts.append(cell)
            position += 1
    return "\u3000\u3000".join(parts)
