"""Which terms to fetch, and the order of the replies found: the Python twin of search.js
`choose` and `rank`, tested against the same cases (tests/js/cases.json).

A reply's score is, over the terms used, each field's BM25 score times the field's weight;
a run of the query found contiguously in the title adds `phrase` times that run's title score,
and two runs found one right after the other in the title add `adjacent` times both again.
Equal scores go newest session first, then by id (within a session, newest reply first).
The sums are made in one fixed order (terms as planned, fields as indexed), so Python and
JavaScript add the same floating-point numbers in the same order and agree on every tie.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

PARTIAL_SHARE = 0.5
"""A partial match may miss this share of the query's terms (at least one)."""


@dataclass(frozen=True)
class TermInfo:
    """What the bucket of a term says about it."""

    term: str
    rare: bool
    """In the bucket's own index (False for a common or an absent term)."""
    count: int
    """Postings of a common term; 0 otherwise."""
    path: str | None = None
    """The file of a common term."""

    @property
    def exists(self) -> bool:
        """Some reply has the term."""
        return self.rare or self.count > 0


@dataclass
class TermScores:
    """One term's unweighted scores: field number → document → score, and title offsets."""

    term: str
    fields: dict[int, dict[int, float]] = field(default_factory=dict)
    positions: dict[int, list[int]] = field(default_factory=dict)

    def docs(self) -> set[int]:
        """Every document having the term in some field."""
        return set().union(*(set(scores) for scores in self.fields.values()))


@dataclass(frozen=True)
class Weights:
    """How scores add up (from the manifest)."""

    fields: tuple[float, ...]
    title: int
    """The title field's number."""
    phrase: float
    adjacent: float


def choose(required: Sequence[TermInfo], budget: int) -> list[TermInfo]:
    """The required terms to fetch: every rare (and absent) one, the common ones skipped; when
    every present term is common, the rarest up to `budget` postings (at least one). In plan
    order."""
    if any(info.rare for info in required):
        return [info for info in required if info.rare or not info.count]
    common = sorted((i for i in required if i.count), key=lambda i: (i.count, i.term))
    taken: set[str] = set()
    total = 0
    for info in common:
        if taken and total + info.count > budget:
            break
        taken.add(info.term)
        total += info.count
    return [info for info in required if not info.count or info.term in taken]


def worth(info: TermInfo, budget: int) -> bool:
    """Whether an optional term is fetched: when rare, or common within `budget` postings."""
    return info.rare or 0 < info.count <= budget


def session_order(sessions: Sequence[Sequence[object]]) -> list[int]:
    """Each manifest session's rank: newest date first (undated last), then manifest order."""
    order = sorted(range(len(sessions)), key=lambda i: str(sessions[i][8]), reverse=True)
    ranks = [0] * len(sessions)
    for rank, index in enumerate(order):
        ranks[index] = rank
    return ranks


@dataclass(frozen=True)
class Ties:
    """The tie-break of equal scores: the session's rank, then the id."""

    firsts: list[int]
    ranks: list[int]

    @classmethod
    def of(cls, sessions: Sequence[Sequence[object]]) -> Ties:
        """From the manifest's sessions (sorted by first id)."""
        return cls([int(str(s[3])) for s in sessions], session_order(sessions))

    def key(self, doc: int) -> tuple[int, int]:
        """Sort key of a document among equal scores."""
        at = bisect.bisect_right(self.firsts, doc) - 1
        return (self.ranks[at] if at >= 0 else len(self.ranks), doc)


def rank(
    required: Sequence[TermScores],
    optional: Sequence[TermScores],
    must: Sequence[set[int]],
    runs: Sequence[Sequence[str]],
    weights: Weights,
    ties: Ties,
) -> tuple[list[int], bool]:
    """The documents found, best first, and whether the match is partial.

    A document has every required term and is in every set of `must` (文号, names, sessions);
    when none has every required term, those missing at most PARTIAL_SHARE of them (at least
    one) are found instead, most terms first.
    """
    sets = [scores.docs() for scores in required]
    if not sets and not must:
        return [], False
    pool = set.intersection(*must) if must else set.union(*sets)
    counts = {doc: sum(doc in s for s in sets) for doc in pool}
    need = len(sets)
    found = [doc for doc, n in counts.items() if n == need]
    partial = not found and need > 1
    if partial:
        least = need - max(1, math.floor(need * PARTIAL_SHARE))
        found = [doc for doc, n in counts.items() if n >= least]
    scored = [*required, *optional]
    by_term: dict[str, TermScores] = {}
    for term in scored:
        by_term.setdefault(term.term, term)
    total = {doc: score(doc, scored, by_term, runs, weights) for doc in found}
    found.sort(key=lambda d: (-counts[d] if partial else 0, -total[d], *ties.key(d)))
    return found, partial


def score(
    doc: int,
    scored: Sequence[TermScores],
    by_term: dict[str, TermScores],
    runs: Sequence[Sequence[str]],
    weights: Weights,
) -> float:
    """One document's score (see the module's docstring); `by_term` is the first of `scored`
    with each text."""
    total = 0.0
    for term in scored:
        for number in sorted(term.fields):
            value = term.fields[number].get(doc)
            if value is not None:
                total += weights.fields[number] * value
    previous: tuple[list[int], int, float] | None = None
    for run in runs:
        bases, part = _phrase(doc, run, by_term, weights)
        if bases:
            total += weights.phrase * part
            if previous and any(b + previous[1] in bases for b in previous[0]):
                total += weights.adjacent * (previous[2] + part)
            previous = (bases, len(run) + 1, part)
        else:
            previous = None
    return total


def _phrase(
    doc: int, run: Sequence[str], by_term: dict[str, TermScores], weights: Weights
) -> tuple[list[int], float]:
    """Where in the title a run's fetched bigrams all line up (start offsets), and their
    weighted title score; ([], 0) when they do not."""
    bases: set[int] | None = None
    part = 0.0
    for offset, gram in enumerate(run):
        term = by_term.get(gram)
        if term is None:
            continue
        starts = {p - offset for p in term.positions.get(doc, ())}
        bases = starts if bases is None else bases & starts
        if not bases:
            return [], 0.0
        part += weights.fields[weights.title] * term.fields.get(weights.title, {}).get(doc, 0.0)
    return (sorted(bases), part) if bases else ([], 0.0)
