"""Finding text in every output file of a built site, however the file encodes it.

A withheld title may leave the site as plain UTF-8, as HTML entities, as JSON `\\uXXXX` escapes
(material's search index writes every Chinese character that way), percent-encoded in a URL,
gzip-compressed, inside the offline zip, or broken by tags and line breaks. `find_markers` decodes all of these and looks
for many markers in one pass per file (a trie-shaped regex), case-insensitively.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from sitebuild import output_blobs

_JSON_ESCAPE_RE = re.compile(r"\\u([0-9a-fA-F]{4})")
_TAG_RE = re.compile(r"<[^<>]{0,2000}>")
_SPACE_RE = re.compile(r"\s+")


def readable_views(data: bytes) -> tuple[str, str]:
    """The file's text decoded every way, lower-cased; and the same without tags and spaces."""
    text = data.decode("utf-8", errors="replace")
    text = _JSON_ESCAPE_RE.sub(lambda m: chr(int(m[1], 16)), text)
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", errors="replace")
    text = unquote(html.unescape(text)).lower()
    return text, _SPACE_RE.sub("", _TAG_RE.sub("", text))


def trie_pattern(markers: Iterable[str]) -> re.Pattern[str]:
    """One regex that matches any of the markers, shaped as a trie so it runs in one pass."""
    trie: dict[str, dict] = {}
    for marker in markers:
        node = trie
        for char in marker:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(build(trie))


def find_markers(root: Path, markers: Iterable[str]) -> dict[str, set[str]]:
    """marker → the output files (relative to root) where it appears, for each marker found.

    Markers are matched lower-cased and without whitespace in the text with tags and spaces
    removed, and as given in the decoded text.
    """
    original: dict[str, str] = {}
    for marker in markers:
        original[marker.lower()] = original["".join(marker.lower().split())] = marker
    wanted = [m.lower() for m in set(original.values())]
    pattern = trie_pattern(wanted)
    flat_pattern = trie_pattern("".join(m.split()) for m in wanted)
    found: dict[str, set[str]] = defaultdict(set)
    for name, data in output_blobs(root):
        text, stripped = readable_views(data)
        for hit in {*pattern.findall(text), *flat_pattern.findall(stripped)}:
            found[original[hit]].add(name)
    return dict(found)
