"""A query → its parts: 文号, 届次, years, numbers and runs of words, some of them names.

The Python twin of search.js `plan` (tests/js/cases.json holds the cases both must pass):

- a 文号 in any bracket style, with or without 第 and 号 (宜府发[2018]第062号), is one part whose
  text is the index's term (宜府发〔2018〕62号);
- a 届次 (六届三次, 第十四届第二次会议, 6届3次) and a year (2023年) are parts the manifest's
  sessions resolve;
- 第257号 is the number 257;
- a Chinese run that starts or ends with a department or party form of the names table
  (教育局, 市发改委, 宜昌市教育局, 民进) is cut there, and the name becomes a run whose facet
  term is known (#d教育局, #p中国民主促进会); any other run of 2–20 characters may be a
  proposer's or a department's name the table does not know (#p王刚), which the index decides;
- text in quotes ("教育局") is never read as a name, a 届次 or a year.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .terms import (
    CJK,
    DEPARTMENT_FACET,
    MIN_WORD,
    PROPOSER_FACET,
    RUN_RE,
    bigrams,
    is_cjk,
    normalize,
    number_term,
)

QUOTES = '"“”「」『』'
_OPEN = "〔\\[【(（［﹝〖{"
_CLOSE = "〕\\]】)）］﹞〗}"
DOCNUM_RE = re.compile(
    f"([{CJK}]{{1,12}})\\s*(?:[{_OPEN}]\\s*([0-9]{{4}})\\s*[{_CLOSE}]\\s*第?\\s*([0-9]{{1,6}})\\s*号?"
    "|([0-9]{4})\\s*年?\\s*第?\\s*([0-9]{1,6})\\s*号)"
)
_LEAD_RE = re.compile("^(?:关于|根据|按照|依据|落实|执行|贯彻|参照|对照|印发|转发)+(?=.)")
_NUMERAL = "[0-9]+|[零一二两三四五六七八九十百]+"
SESSION_RE = re.compile(
    f"第?({_NUMERAL})届(?:全国)?(人大|政协)?(?:委员会)?第?({_NUMERAL})次(?:全体)?(?:会议)?"
    "|(?<![0-9—–~～至到-])([0-9]{4})年度?"
)
_ORDINAL_RE = re.compile("第\\s*(?=[0-9])")
_SUFFIX_RE = re.compile("(?<=[0-9])\\s*号")
LEVELS = "市县区省州"
MIN_DEPARTMENT = 3
MAX_NAME = 20
"""Longest run that may be a name the table does not know."""

Names = Mapping[str, Mapping[str, str]]
"""The manifest's names table: places, departments (form → full name without the place) and
parties (form → national name), all normalised."""


@dataclass(frozen=True)
class Part:
    """One part of a query, in the order typed."""

    kind: str
    """docnum, session, year, number or run."""
    text: str
    """The part as the index spells it (a run, a number, a 文号); for a 届次 or year, as typed."""
    quoted: bool = False
    names: tuple[tuple[str, str, str], ...] = ()
    """Facet candidates of a run, best first: (field d or p, facet term, label)."""
    values: tuple[int, ...] = ()
    """A 届次's term and session, or a year."""
    body: str = ""
    """政协 or 人大 when a 届次 says so."""

    def to_json(self) -> dict[str, Any]:
        """The part as tests/js/cases.json writes it (empty values left out)."""
        out: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.quoted:
            out["quoted"] = True
        if self.names:
            out["names"] = [list(n) for n in self.names]
        if self.values:
            out["values"] = list(self.values)
        if self.body:
            out["body"] = self.body
        return out


@dataclass(frozen=True)
class QueryTerms:
    """The text terms of a plan once its names are resolved."""

    required: tuple[str, ...]
    """Numbers and the bigrams that cover each run: a result contains each (in any field)."""
    optional: tuple[str, ...]
    """Whole runs of three or more characters: they only add score."""
    runs: tuple[tuple[str, ...], ...] = field(default=())
    """Each run's bigrams in order, all of them (for the title phrase bonus)."""


MEETINGS = ("session", "year")
MIN_KEY = 4
"""Shortest title key (terms.title_key) indexed and looked up whole."""


def plan_query(query: str, names: Names) -> list[Part]:
    """The parts of a query."""
    parts: list[Part] = []
    for text, quoted in _quoted_segments(normalize(query)):
        at = 0
        for match in DOCNUM_RE.finditer(text):
            parts += _plan_text(text[at : match.start()], quoted, names)
            parts.append(Part("docnum", _doc_number(match)))
            at = match.end()
        parts += _plan_text(text[at:], quoted, names)
    return parts


def _quoted_segments(text: str) -> Iterator[tuple[str, bool]]:
    quoted, start = False, 0
    for at, char in enumerate(text):
        if char in QUOTES:
            yield text[start:at], quoted
            quoted, start = not quoted, at + 1
    yield text[start:], quoted


def _doc_number(match: re.Match[str]) -> str:
    code = _LEAD_RE.sub("", match[1])
    year, serial = (match[2], match[3]) if match[2] else (match[4], match[5])
    return f"{code}〔{year}〕{int(serial)}号"


def _plan_text(text: str, quoted: bool, names: Names) -> list[Part]:
    if quoted:
        return _plan_words(text, quoted, names)
    parts: list[Part] = []
    at = 0
    for match in SESSION_RE.finditer(text):
        part = _session_or_year(match)
        if part is None:
            continue
        parts += _plan_words(text[at : match.start()], quoted, names)
        parts.append(part)
        at = match.end()
    return parts + _plan_words(text[at:], quoted, names)


def _session_or_year(match: re.Match[str]) -> Part | None:
    if match[4]:
        year = int(match[4])
        return Part("year", match[0], values=(year,)) if 1900 <= year <= 2099 else None
    term, session = chinese_number(match[1]), chinese_number(match[3])
    if not term or not session:
        return None
    return Part("session", match[0], values=(term, session), body=match[2] or "")


def chinese_number(text: str) -> int | None:
    """6, 六 → 6; 十三 → 13; 二十一 → 21 (届 and 次 are small); None when it is no numeral."""
    if text.isdigit():
        return int(text)
    tens, ten, ones = text.partition("十")
    if not ten:
        return _digit(text) or None
    high = _digit(tens) if tens else 1
    low = _digit(ones) if ones else 0
    return high * 10 + low if high and low is not None and high > 0 else None


def _digit(text: str) -> int | None:
    """一 → 1 … 九 → 9, 两 → 2, 零 → 0; None for anything else."""
    if text == "两":
        return 2
    found = "零一二三四五六七八九".find(text) if len(text) == 1 else -1
    return found if found >= 0 else None


def _plan_words(text: str, quoted: bool, names: Names) -> list[Part]:
    text = _SUFFIX_RE.sub(" ", _ORDINAL_RE.sub(" ", text))
    parts: list[Part] = []
    for run in RUN_RE.findall(text):
        if not is_cjk(run):
            parts.append(Part("number", number_term(run)))
        elif quoted:
            parts.append(Part("run", run, quoted=True))
        else:
            for piece, name in split_names(run, names):
                parts.append(Part("run", piece, names=(name,) if name else _candidates(piece)))
    return parts


def _candidates(piece: str) -> tuple[tuple[str, str, str], ...]:
    if not 2 <= len(piece) <= MAX_NAME:
        return ()
    return (("p", PROPOSER_FACET + piece, piece), ("d", DEPARTMENT_FACET + piece, piece))


def split_names(run: str, names: Names) -> list[tuple[str, tuple[str, str, str] | None]]:
    """A run cut where a known name starts or ends it (民进教育 → 民进, 教育); a piece left
    over is at least two characters."""
    for length in range(len(run), 1, -1):
        rest = run[length:]
        name = match_name(run[:length], names)
        if name and len(rest) != 1:
            return [(run[:length], name), *(split_names(rest, names) if rest else [])]
    for length in range(len(run) - 2, 1, -1):
        name = match_name(run[-length:], names)
        if name:
            return [*split_names(run[:-length], names), (run[-length:], name)]
    return [(run, None)]


def match_name(text: str, names: Names) -> tuple[str, str, str] | None:
    """A known party or department form → (field, facet term, label), else None.

    宜昌市发改委 and 宜昌发改委 are 宜昌市's 发展和改革委员会; 发改委 and 市发改委 are every
    place's (the generic facet term #d发展和改革委员会). A department form is three characters
    or more: 政府 and 教委 are words too often to narrow a query."""
    parties, departments, places = names["parties"], names["departments"], names["places"]
    if text in parties:
        return ("p", PROPOSER_FACET + parties[text], parties[text])
    if len(text) < MIN_DEPARTMENT:
        return None
    if text in departments:
        return ("d", DEPARTMENT_FACET + departments[text], departments[text])
    if text[0] in LEVELS and text[1:] in departments:
        return ("d", DEPARTMENT_FACET + departments[text[1:]], departments[text[1:]])
    for cut in range(len(text) - 2, 1, -1):
        place, rest = text[:cut], text[cut:]
        if place in places and rest in departments:
            full = places[place] + departments[rest]
            return ("d", DEPARTMENT_FACET + full, full)
    return None


def query_terms(
    parts: list[Part], applied: set[int], missing: set[int], plain: bool = False
) -> QueryTerms:
    """The text terms of a plan: every part but the runs read as names (`applied`) and the
    届次 and years (unless `plain`: then they are words too); a 文号 the index lacks
    (`missing`) gives its pieces instead. A query of several words, none a name, also looks up
    its title key whole (all its characters and digits in a row), which every title and cited
    document's title is indexed under: a whole title finds that title first."""
    required: list[str] = []
    optional: list[str] = []
    runs: list[tuple[str, ...]] = []
    key = ""
    for index, part in enumerate(parts):
        if part.kind == "number":
            required.append(part.text)
        elif (part.kind == "docnum" and index in missing) or (part.kind in MEETINGS and plain):
            required += _pieces(part.text)
        elif part.kind == "run" and index not in applied and len(part.text) >= 2:
            grams = bigrams(part.text)
            required += covering(grams)
            runs.append(tuple(grams))
            if len(part.text) >= MIN_WORD:
                optional.append(part.text)
        if part.kind in ("number", "run"):
            key += part.text
    whole = len(parts) > 1 and not applied and all(p.kind in ("number", "run") for p in parts)
    if whole and len(key) >= MIN_KEY:
        optional.append(key)
    return QueryTerms(tuple(dict.fromkeys(required)), tuple(dict.fromkeys(optional)), tuple(runs))


def covering(grams: list[str]) -> list[str]:
    """Bigrams that cover every character of a run, every other one and the last (产教融合 →
    产教, 融合): a result must contain these; the others add nothing a result lacks often,
    and each costs a file. The phrase bonus still checks that they line up in the title."""
    return [g for i, g in enumerate(grams) if i % 2 == 0 or i == len(grams) - 1]


def _pieces(doc_number: str) -> list[str]:
    pieces: list[str] = []
    for run in RUN_RE.findall(doc_number):
        pieces += bigrams(run) if is_cjk(run) else [number_term(run)]
    return pieces
