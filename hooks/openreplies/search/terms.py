"""Text → index terms: character bigrams, segmenter words, exact numbers, whole names and 文号.

Chinese runs give every character bigram (产教融合 → 产教, 教融, 融合) and, beside them, the
segmenter's words of three characters or more (产教融合, 宜昌市教育局); digits and Latin letters
give exact terms (257 is not 2570; leading zeros dropped). Whole 文号 and names are added to
their fields as exact terms by `documents`: a 文号 as its normalised text (宜府发〔2018〕62号), a
department or proposer as a *facet term* (#d宜昌市教育局, #p中国民主促进会), which lives in the
bucket of the name itself so that the browser learns whether a word it looks up is a name
without fetching anything more. The query side is `planner`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..reading.numbers import normalize_doc_number
from .chars import to_simplified_chars

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""The ideographs indexed (all in the Basic Multilingual Plane, so Python's and JavaScript's
string orders agree, which lunr.js needs when it loads the sorted terms)."""
_CJK_RE = re.compile(f"[{CJK}]")
RUN_RE = re.compile(f"[{CJK}]+|[0-9a-z]+")
_JOIN_RE = re.compile(f"(?<=[{CJK}])\\s+(?=[{CJK}])")
_TITLE_DROP_RE = re.compile(f"[^{CJK}0-9a-z]+")
MIN_WORD = 3
"""Segmenter words shorter than this are bigrams already."""
FACET_PREFIX = "#"
DEPARTMENT_FACET = "#d"
PROPOSER_FACET = "#p"


def normalize(text: str) -> str:
    """NFKC (half-width digits and letters), simplified characters (one for one), lower case.

    The browser does the same (search.js `normalize`) with the same character map.
    """
    return to_simplified_chars(unicodedata.normalize("NFKC", text)).lower()


def index_text(text: str) -> str:
    """A field's text as the index reads it: normalised, Chinese joined across the spaces that
    conversion from Word or PDF leaves inside words (宜昌市 教育局)."""
    return _JOIN_RE.sub("", normalize(text))


def title_key(text: str) -> str:
    """A title with only its ideographs, digits and letters: positions of title terms are
    offsets into this, so a phrase matches across the title's spaces and punctuation."""
    return _TITLE_DROP_RE.sub("", index_text(text))


def bigrams(run: str) -> list[str]:
    """Every pair of neighbouring characters: 教育局 → 教育, 育局."""
    return [run[i : i + 2] for i in range(len(run) - 1)]


def number_term(run: str) -> str:
    """A digit run without leading zeros (0257 → 257); letters and digits stay as they are."""
    return (run.lstrip("0") or "0") if run.isdigit() else run


def doc_number_term(doc_number: str) -> str:
    """The one term of a 文号: 宜府发[2018]第062号 → 宜府发〔2018〕62号."""
    return normalize(normalize_doc_number(doc_number))


def facet_term(prefix: str, name: str) -> str:
    """A department's or proposer's facet term: #d宜昌市教育局."""
    return prefix + re.sub(r"\s+", "", normalize(name))


def bucket_key(term: str) -> str:
    """What a term is hashed by: a facet term by its name (#d教育局 by 教育局)."""
    return term[2:] if term.startswith(FACET_PREFIX) else term


def is_cjk(run: str) -> bool:
    """Whether a run of RUN_RE is Chinese (else digits and letters)."""
    return bool(_CJK_RE.match(run))


@dataclass
class Segmenter:
    """rjieba (the Rust port of jieba) with a user dictionary of the site's names."""

    words: Iterable[str] = ()
    """Department, party and policy names that must stay one word (宜昌市教育局, 产教融合)."""
    _jieba: Any = field(init=False, repr=False)

    def __post_init__(self) -> None:
        import rjieba

        self._jieba = rjieba.Jieba()
        for word in sorted(set(self.words)):
            self._jieba.add_word(word, None, None)

    def cut(self, run: str) -> list[str]:
        """The segmenter's words of a Chinese run, sub-words included (search mode)."""
        words: list[str] = self._jieba.cut_for_search(run, True)
        return words


def text_terms(text: str, segmenter: Segmenter | None) -> list[str]:
    """Every index term of a text, in order, repeated as often as it occurs."""
    terms: list[str] = []
    for run in RUN_RE.findall(index_text(text)):
        if not is_cjk(run):
            terms.append(number_term(run))
            continue
        terms += bigrams(run)
        if segmenter is not None and len(run) >= MIN_WORD:
            terms += [word for word in segmenter.cut(run) if len(word) >= MIN_WORD]
    return terms


def title_positions(term: str, key: str) -> list[int]:
    """Every offset of `term` in a title key (title_key)."""
    found, at = [], key.find(term)
    while at >= 0:
        found.append(at)
        at = key.find(term, at + 1)
    return found
