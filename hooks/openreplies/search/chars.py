"""Traditional → simplified characters, one for one, from OpenCC's own character table.

The index and the browser convert with the same map (written into the site as `t2s.json`), so a
query typed in traditional characters (產教融合) makes the terms the index holds. Only
characters that OpenCC always changes are mapped (乾 and 於 stay: they are also simplified
characters), and only one-for-one pairs in the Basic Multilingual Plane, so a position in the
converted text is a position in the original (the browser marks snippets with it).
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

TS_CHARACTERS = "dictionary/TSCharacters.txt"
"""OpenCC's traditional → simplified character table, inside the opencc package."""
BITS_FROM, BITS_TO = 0x3400, 0xA000
"""The code points the manifest's bitset covers (every mapped character is among them)."""


def _table_path() -> Path:
    import opencc

    return Path(opencc.__file__).parent / TS_CHARACTERS


def _is_bmp_char(text: str) -> bool:
    return len(text) == 1 and ord(text) < 0x10000


@cache
def char_pairs() -> tuple[str, str]:
    """(traditional, simplified): two strings of equal length, in the table's order."""
    sources, targets = [], []
    for row in _table_path().read_text(encoding="utf-8").splitlines():
        key, _, values = row.partition("\t")
        choices = values.split()
        if not choices or key in choices:
            continue
        if _is_bmp_char(key) and _is_bmp_char(choices[0]):
            sources.append(key)
            targets.append(choices[0])
    return "".join(sources), "".join(targets)


@cache
def _translation() -> dict[int, int]:
    sources, targets = char_pairs()
    return str.maketrans(sources, targets)


def to_simplified_chars(text: str) -> str:
    """`text` with every mapped traditional character replaced (產教融合 → 产教融合)."""
    return text.translate(_translation())


def char_map_file() -> dict[str, str]:
    """The map as the browser reads it: {"from": traditional, "to": simplified}."""
    sources, targets = char_pairs()
    return {"from": sources, "to": targets}


def char_bits() -> dict[str, object]:
    """Which characters the map changes, as a bitset for the manifest (about 2 KB gzip), so
    that the browser fetches t2s.json (13 KB gzip) only for a query that needs it."""
    bits = bytearray((BITS_TO - BITS_FROM) // 8)
    for char in char_pairs()[0]:
        code = ord(char) - BITS_FROM
        if not 0 <= code < BITS_TO - BITS_FROM:
            raise ValueError(f"{char!r} is outside the bitset of the character map")
        bits[code // 8] |= 1 << (code % 8)
    return {"from": BITS_FROM, "bits": base64.b64encode(bytes(bits)).decode("ascii")}
