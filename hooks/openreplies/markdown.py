"""Writing Markdown in which nothing from a reply is ever interpreted.

Every ASCII punctuation character of reply text becomes a numeric HTML entity, so Markdown,
HTML, attribute quotes and template braces all render literally, while CJK text and digits
stay as they are (numbers untouched, pages small).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence

_ESCAPED = {ord(c): f"&#{ord(c)};" for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"}
_SPACES = {ord("\t"): " ", ord("\r"): " ", ord("\n"): " ", 0x0B: " ", 0x0C: " "}


def esc(text: object) -> str:
    """Escape any value for use in Markdown text, a table cell, a heading or link text."""
    return str(text).translate(_SPACES).strip().translate(_ESCAPED)


def link(text: object, target: str, current: str) -> str:
    """A Markdown link from the page `current` to the page `target` (both src URIs)."""
    rel = posixpath.relpath(target, posixpath.dirname(current) or ".")
    return f"[{esc(text)}]({rel})"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table whose cells are already Markdown (escape them with `esc`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)
