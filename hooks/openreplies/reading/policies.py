"""The policy documents a reply cites: every 《title》 that is a document, with its 文号.

《…》 also wraps the proposal's own title and short names (以下简称《建议》); those are left
out. Citations of one document are merged: one 文号 is one document (its first title kept), and a
title cited without 文号 joins the same title cited with one.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from ..model import PolicyCitation
from .numbers import DOC_NUMBER_PATTERN, normalize_doc_number

_DOC_AFTER_RE = re.compile(rf"\s*[（(]\s*(?P<doc>{DOC_NUMBER_PATTERN})\s*[）)]")
_DOC_BEFORE_RE = re.compile(
    rf"(?P<doc>{DOC_NUMBER_PATTERN})\s*(?:文件|号文|文)?\s*(?:印发的?|下发的?|的)?\s*$"
)
_LEAD_WORDS_RE = re.compile(r"^.*[据照合实行了是和及与以的在对经又并已将按依出印制转]")
"""What stands before an issuer code in a sentence (根据湘政发… → 湘政发…): cut at its last
function word or verb, which issuer codes do not contain."""
_WS_RE = re.compile(r"\s+")
_SHORT_NAME_MARKERS = ("简称", "下称", "称为")
_PROPOSAL_BEFORE_RE = re.compile(r"(?:提出的?|所提|提交的?|您的|你们的|贵党的?)\s*$")
_PROPOSAL_ENDINGS = ("建议", "提案", "议案")
_PROPOSAL_AFTER_RE = re.compile(r"\s*[（(]?\s*(?:编号[:：]?)?第[0-9A-Za-z]+号")
_MEDIA_RE = re.compile(r"(?:日报|晚报|早报|时报|商报|杂志|周刊|月刊|栏目|节目)$")
_MAX_TITLE = 120


def bracketed(text: str, opener: str, closer: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the content of each outermost opener…closer pair; nesting kept inside.

    A pair never spans lines, so one unclosed opener loses only its own line.
    """
    # Jump from one bracket or line end to the next: a reply is thousands of characters with
    # only a few brackets, and a loop over every character was the slowest part of parsing.
    marks = re.compile(f"[\n{re.escape(opener)}{re.escape(closer)}]")
    depth = 0
    start = 0
    for match in marks.finditer(text):
        char, index = match[0], match.start()
        if char == "\n":
            depth = 0
        elif char == opener:
            if depth == 0:
                start = index + 1
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                yield start, index


def title_key(title: str) -> str:
    """A title for comparison: no spaces, half-width brackets."""
    return _WS_RE.sub("", title).replace("（", "(").replace("）", ")")


def read_policies(text: str, not_policies: Collection[str] = ()) -> tuple[PolicyCitation, ...]:
    """The distinct policy documents cited in `text`, in order of first citation.

    `not_policies` are titles that are not documents (the proposal's own title).
    """
    excluded = {title_key(t) for t in not_policies}
    found: list[PolicyCitation] = []
    for start, end in bracketed(text, "《", "》"):
        title = _WS_RE.sub("", text[start:end])
        if title_key(title) in excluded or not _is_document(text, start, end, title):
            continue
        doc = _DOC_AFTER_RE.match(text, end + 1)
        number = doc["doc"] if doc else _doc_before(text, start - 1)
        _add(found, PolicyCitation(title, normalize_doc_number(number) if number else None))
    return tuple(found)


def _doc_before(text: str, opener: int) -> str | None:
    """The 文号 written before the title: 湘政发〔2020〕7号文件《…》, 国办发〔2019〕5号印发的《…》."""
    match = _DOC_BEFORE_RE.search(text, max(0, opener - 40), opener)
    if match is None:
        return None
    return _LEAD_WORDS_RE.sub("", match["doc"]) or None


def _is_document(text: str, start: int, end: int, title: str) -> bool:
    before = text[max(0, start - 8) : start - 1]
    if not title or len(title) > _MAX_TITLE or _MEDIA_RE.search(title):
        return False
    if any(marker in before[-4:] for marker in _SHORT_NAME_MARKERS):
        return False
    proposal_like = title.endswith(_PROPOSAL_ENDINGS)
    if proposal_like and _PROPOSAL_BEFORE_RE.search(before):
        return False
    return not (proposal_like and _PROPOSAL_AFTER_RE.match(text, end + 1))


def _add(found: list[PolicyCitation], citation: PolicyCitation) -> None:
    """Append `citation` unless it is a document already in `found` (which it may complete)."""
    key = title_key(citation.title)
    for index, known in enumerate(found):
        if citation.doc_number is not None and known.doc_number == citation.doc_number:
            return
        if title_key(known.title) != key:
            continue
        if known.doc_number is None or citation.doc_number in (None, known.doc_number):
            if known.doc_number is None and citation.doc_number is not None:
                found[index] = PolicyCitation(known.title, citation.doc_number)
            return
    found.append(citation)
