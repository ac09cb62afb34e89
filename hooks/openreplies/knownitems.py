"""Known-item queries for the relevance benchmark, drawn from a built site's open data.

Each query is what a citizen would type to find one drawn reply, in one of six kinds: its
title, its number, a 文号 it cites (in a random bracket and digit style), its department and a
word of its title, its party and a word of its title, or the title of a document it cites
(free text). A result is a hit when it fits the query as well as the drawn reply does: the
same title, the same number, citing the same 文号, the same department (or any place's
department of that name, when the query names no place) with the word in its title, and so on.
Only `data/replies.json` and the manifest's names table are read, so the queries know nothing
the site does not publish.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .search.terms import Segmenter, doc_number_term, normalize

KINDS = ("title", "number", "docnum", "department", "party", "free")
"""Query kinds, in report order."""
GENERIC = frozenset(
    [
        "关于",
        "建议",
        "提案",
        "进一步",
        "加快",
        "加强",
        "推进",
        "推动",
        "促进",
        "完善",
        "提升",
        "提高",
        "实施",
        "开展",
        "深化",
        "强化",
        "做好",
        "落实",
        "建立",
        "健全",
        "构建",
        "打造",
        "我市",
        "全市",
        "工作",
        "问题",
        "发展",
        "建设",
        "有关",
        "相关",
        "全面",
        "支持",
        "规范",
        "优化",
        "方便",
        "引领",
        "若干",
        "措施",
        "意见",
        "方案",
        "办法",
        "试行",
        "通知",
        "行动",
        "三年",
        "管理",
    ]
)
"""Words of a title that say nothing about its topic."""
_SPACE_RE = re.compile(r"\s+")
_DOC_NUMBER_RE = re.compile(r"(.+)〔(\d{4})〕(\d+)号")
_FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
Record = dict[str, Any]


@dataclass(frozen=True)
class KnownItem:
    """One query and what counts as a hit for it."""

    kind: str
    query: str
    fits: Callable[[Record], bool]
    """Whether a result's record fits the query as well as the drawn reply."""


def site_path(url: str) -> str:
    """A reply's address relative to the site root, from an absolute or relative URL."""
    path = re.sub(r"^[a-z]+://[^/]+/", "", url)
    return re.sub(r"^(?:\.\./|\./)+", "", path)


def _same(text: str | None) -> str:
    return _SPACE_RE.sub("", normalize(text or ""))


def draw(
    records: Sequence[Record], names: dict[str, dict[str, str]], per_kind: int, seed: int = 1
) -> list[KnownItem]:
    """`per_kind` known items of every kind (fewer when the site lacks them)."""
    rng = random.Random(seed)
    segmenter = Segmenter([*names.get("parties", {}), *names.get("departments", {})])
    makers: dict[str, Callable[[Record], KnownItem | None]] = {
        "title": lambda r: _title(rng, r),
        "number": lambda r: _number(rng, r),
        "docnum": lambda r: _docnum(rng, r),
        "department": lambda r: _department(rng, r, names, segmenter),
        "party": lambda r: _party(rng, r, names, segmenter),
        "free": lambda r: _free(rng, r),
    }
    items: list[KnownItem] = []
    for kind in KINDS:
        found = 0
        order = list(range(len(records)))
        rng.shuffle(order)
        for index in order:
            item = makers[kind](records[index])
            if item is not None:
                items.append(item)
                found += 1
                if found == per_kind:
                    break
    return items


def _title(rng: random.Random, record: Record) -> KnownItem | None:
    title = record.get("title")
    if not title:
        return None
    core = re.sub(r"^关于|的(?:提案|建议)$", "", title)
    if rng.random() < 0.5:
        return KnownItem("title", title, lambda r: _same(r.get("title")) == _same(title))
    return KnownItem("title", core, lambda r: _same(core) in _same(r.get("title")))


def _number(rng: random.Random, record: Record) -> KnownItem | None:
    number = str(record["number"])
    query = rng.choice([number, f"第{number}号", f"第{number}号{record['kind']}"])
    return KnownItem("number", query, lambda r: str(r["number"]) == number)


def _docnum(rng: random.Random, record: Record) -> KnownItem | None:
    cited = [p["doc_number"] for p in record.get("policies", []) if p.get("doc_number")]
    shaped = [n for n in cited if _DOC_NUMBER_RE.fullmatch(n)]
    if not shaped:
        return None
    number = rng.choice(shaped)
    parts = _DOC_NUMBER_RE.fullmatch(number)
    assert parts is not None
    code, year, serial = parts[1], parts[2], parts[3]
    left, right = rng.choice([("〔", "〕"), ("[", "]"), ("（", "）"), ("(", ")"), ("【", "】")])
    serial = rng.choice([serial, "0" + serial, "第" + serial])
    query = f"{code}{left}{year}{right}{serial}{rng.choice(['号', '号', ''])}"
    if rng.random() < 0.3:
        query = query.translate(_FULL_DIGITS)
    term = doc_number_term(number)
    return KnownItem("docnum", query, lambda r: term in _cited(r))


def _cited(record: Record) -> set[str]:
    return {
        doc_number_term(p["doc_number"]) for p in record.get("policies", []) if p.get("doc_number")
    }


def _topic(rng: random.Random, record: Record, segmenter: Segmenter) -> str | None:
    """A word of the title that says what it is about (高校毕业生's 毕业生, not its 业生: only
    the segmenter's longest words, generic ones left out)."""
    words: set[str] = set()
    for run in re.findall(r"[\u4e00-\u9fff]+", normalize(record.get("title") or "")):
        cut = [w for w in segmenter.cut(run) if len(w) >= 2 and w != run]
        words.update(w for w in cut if not any(w != o and w in o for o in cut))
    words -= GENERIC
    return rng.choice(sorted(words)) if words else None


def _department(
    rng: random.Random, record: Record, names: dict[str, dict[str, str]], segmenter: Segmenter
) -> KnownItem | None:
    department = normalize(record["department"])
    departments = names.get("departments", {})
    generic = max(
        (g for g in set(departments.values()) if department.endswith(g)), key=len, default=None
    )
    topic = _topic(rng, record, segmenter)
    if generic is None or topic is None or generic == department:
        return None
    place = department[: -len(generic)]
    forms = sorted(f for f, g in departments.items() if g == generic and len(f) >= 3)
    form = rng.choice(forms)
    exact = rng.random() < 0.4
    typed = (
        (place + form)
        if exact
        else rng.choice([form, "市" + form if place.endswith("市") else form])
    )
    query = f"{typed} {topic}" if rng.random() < 0.7 else f"{topic} {typed}"

    def fits(r: Record) -> bool:
        name = normalize(r["department"])
        right = name == department if exact else name.endswith(generic) and name != generic
        return right and topic in _same(r.get("title"))

    return KnownItem("department", query, fits)


def _party(
    rng: random.Random, record: Record, names: dict[str, dict[str, str]], segmenter: Segmenter
) -> KnownItem | None:
    parties = names.get("parties", {})
    party = normalize(record.get("proposer_canonical") or "")
    topic = _topic(rng, record, segmenter)
    if party not in parties.values() or topic is None:
        return None
    form = rng.choice(sorted(f for f, p in parties.items() if p == party))
    query = f"{form} {topic}"
    return KnownItem(
        "party",
        query,
        lambda r: (
            normalize(r.get("proposer_canonical") or "") == party and topic in _same(r.get("title"))
        ),
    )


def _free(rng: random.Random, record: Record) -> KnownItem | None:
    titles = [p["title"] for p in record.get("policies", []) if p.get("title")]
    if not titles:
        return None
    title = rng.choice(titles)
    return KnownItem(
        "free",
        title,
        lambda r: _same(title) in {_same(p.get("title")) for p in r.get("policies", [])},
    )


@dataclass(frozen=True)
class Scores:
    """hit@1, hit@10 and MRR (over the first 10) of one kind."""

    kind: str
    queries: int
    hit1: float
    hit10: float
    mrr: float


def score(items: Sequence[KnownItem], results: Sequence[Sequence[Record | None]]) -> list[Scores]:
    """Per kind, from each item's first results (records, None for an unknown address)."""
    out = []
    for kind in KINDS:
        ranks = []
        for item, found in zip(items, results, strict=True):
            if item.kind != kind:
                continue
            hits = [i for i, r in enumerate(found[:10]) if r is not None and item.fits(r)]
            ranks.append(hits[0] + 1 if hits else None)
        if ranks:
            n = len(ranks)
            out.append(
                Scores(
                    kind,
                    n,
                    sum(r == 1 for r in ranks) / n,
                    sum(r is not None for r in ranks) / n,
                    sum(1 / r for r in ranks if r) / n,
                )
            )
    return out
