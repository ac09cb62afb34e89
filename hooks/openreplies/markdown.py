"""Writing Markdown in which nothing from a reply is ever interpreted.

Every ASCII punctuation character of reply text becomes a numeric HTML entity, so Markdown,
HTML, attribute quotes and template braces all render literally, while CJK text and digits
stay as they are (numbers untouched, pages small).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_PUNCT_RE = re.compile(r"[!-/:-@\[-`{-~]")
"""ASCII punctuation: every character Markdown, HTML or a template could act on."""
_ENTITIES = {chr(c): f"&#{c};" for c in range(0x21, 0x7F) if _PUNCT_RE.match(chr(c))}
_CONTROL_SPACE_RE = re.compile(r"[\t\r\n\x0b\x0c]")


def esc(text: object) -> str:
    """Escape any value for use in Markdown text, a table cell, a heading or link text."""
    flat = _CONTROL_SPACE_RE.sub(" ", str(text)).strip()
    return _PUNCT_RE.sub(lambda match: _ENTITIES[match[0]], flat)


def relative(target: str, current: str) -> str:
    """The path from the page `current` to `target` (both src URIs, no `..` inside)."""
    here = current.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def link(text: object, target: str, current: str) -> str:
    """A Markdown link from the page `current` to the page `target` (both src URIs)."""
    return f"[{esc(text)}]({relative(target, current)})"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table whose cells are already Markdown (escape them with `esc`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)
