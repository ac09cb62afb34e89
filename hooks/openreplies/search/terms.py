"""Text → index terms, and a query → the terms the browser looks up.

Chinese runs give every character bigram (产教融合 → 产教, 教融, 融合) and, beside them, the
segmenter's words of three characters or more (产教融合, 宜昌市教育局); digits and Latin letters
give exact terms (257 is not 2570; leading zeros dropped); a 文号 gives one whole term
(宜府发〔2018〕62号) besides its parts. The browser (assets/search.js, `queryTerms`) has no
segmenter: it requires every bigram and number of the query and only adds the whole runs and 文号
as optional terms, so a query that the segmenter would cut differently still matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..reading.names import to_simplified
from ..reading.numbers import normalize_doc_number

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""The ideographs indexed (all in the Basic Multilingual Plane, so Python's and JavaScript's
string orders agree, which lunr.js needs when it loads the sorted terms)."""
_CJK_RE = re.compile(f"[{CJK}]")
_RUN_RE = re.compile(f"[{CJK}]+|[0-9a-z]+")
_QUERY_DOC_NUMBER_RE = re.compile(
    f"[{CJK}]{{1,12}}[〔\\[【(（［]\\s*[0-9]{{4}}\\s*[〕\\]】)）］]\\s*第?\\s*[0-9]{{1,6}}\\s*号"
)
MIN_WORD = 3
"""Segmenter words shorter than this are bigrams already."""


def normalize(text: str) -> str:
    """Simplified characters, NFKC (half-width digits and letters), lower case."""
    return unicodedata.normalize("NFKC", to_simplified(text)).lower()


def bigrams(run: str) -> list[str]:
    """Every pair of neighbouring characters: 教育局 → 教育, 育局."""
    return [run[i : i + 2] for i in range(len(run) - 1)]


def number_term(run: str) -> str:
    """A digit run without leading zeros (0257 → 257); letters and digits stay as they are."""
    return (run.lstrip("0") or "0") if run.isdigit() else run


def doc_number_term(doc_number: str) -> str:
    """The one term of a 文号: 宜府发[2018]第062号 → 宜府发〔2018〕62号."""
    return normalize(normalize_doc_number(doc_number))


@dataclass
class Segmenter:
    """rjieba (the Rust port of jieba) with a user dictionary of the site's names."""

    words: Iterable[str] = ()
    """Department, party and policy names that must stay one word (宜昌市教育局, 产教融合)."""
    _jieba: object = field(init=False, repr=False)

    def __post_init__(self) -> None:
        import rjieba

        self._jieba = rjieba.Jieba()
        for word in sorted(set(self.words)):
            self._jieba.add_word(word, None, None)  # type: ignore[attr-defined]

    def cut(self, run: str) -> list[str]:
        """The segmenter's words of a Chinese run, sub-words included (search mode)."""
        return self._jieba.cut_for_search(run, True)  # type: ignore[attr-defined, no-any-return]


def text_terms(text: str, segmenter: Segmenter | None) -> list[str]:
    """Every index term of a text, in order, repeated as often as it occurs."""
    terms: list[str] = []
    for run in _RUN_RE.findall(normalize(text)):
        if not _CJK_RE.match(run):
            terms.append(number_term(run))
            continue
        terms += bigrams(run)
        if segmenter is not None and len(run) >= MIN_WORD:
            terms += [word for word in segmenter.cut(run) if len(word) >= MIN_WORD]
    return terms


@dataclass(frozen=True)
class QueryTerms:
    """What a query looks up: terms every result must contain, and terms that rank higher."""

    required: tuple[str, ...]
    """Bigrams, numbers and Latin words: a result contains each (in any field)."""
    optional: tuple[str, ...]
    """Whole Chinese runs of three or more characters and whole 文号: they only add score."""


def query_terms(query: str) -> QueryTerms:
    """The terms of a query, as assets/search.js makes them (without a segmenter)."""
    text = normalize(query)
    optional = [doc_number_term(m) for m in _QUERY_DOC_NUMBER_RE.findall(text)]
    required: list[str] = []
    for run in _RUN_RE.findall(text):
        if not _CJK_RE.match(run):
            required.append(number_term(run))
            continue
        required += bigrams(run)
        if len(run) >= MIN_WORD:
            optional.append(run)
    return QueryTerms(tuple(dict.fromkeys(required)), tuple(dict.fromkeys(optional)))
