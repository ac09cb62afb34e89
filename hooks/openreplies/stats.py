"""Statistics of the published replies: per session, per department and per month.

Counts only; they give context (how a session's replies were answered), so departments are
listed in pinyin order, never ranked. `charts` draws them; the page shows the same numbers in a
table beside each chart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .catalog import Catalog
from .indexes import Indexes
from .model import Reply, Role

OUTCOMES = ("A", "B", "C", "D", "未标注")


@dataclass(frozen=True)
class Tally:
    """Counts of one group of replies."""

    label: str
    uri: str
    replies: int
    lead: int
    co: int
    outcomes: dict[str, int]
    """A, B, C, D and 未标注 → count."""

    def share(self, outcome: str) -> float:
        """The outcome's share of the replies, 0–100."""
        return 100 * self.outcomes[outcome] / self.replies if self.replies else 0.0


def tally(label: str, uri: str, replies: Iterable[Reply]) -> Tally:
    """Count replies by role and outcome."""
    replies = list(replies)
    outcomes = Counter(r.category or "未标注" for r in replies)
    return Tally(
        label=label,
        uri=uri,
        replies=len(replies),
        lead=sum(1 for r in replies if r.role is Role.LEAD),
        co=sum(1 for r in replies if r.role is Role.CO),
        outcomes={o: outcomes.get(o, 0) for o in OUTCOMES},
    )


def session_tallies(catalog: Catalog) -> list[Tally]:
    """One tally per session, newest first."""
    return [tally(s.name, s.uri, s.replies) for s in catalog.sessions]


def department_tallies(indexes: Indexes) -> list[Tally]:
    """One tally per department that wrote a reply, in pinyin order."""
    return [tally(d.name, d.uri, [*d.led, *d.co]) for d in indexes.departments if d.led or d.co]


def monthly_counts(replies: Iterable[Reply]) -> dict[str, int]:
    """Replies per month (YYYY-MM) for the dated replies, in time order, gaps filled with 0."""
    months = Counter(r.date[:7] for r in replies if r.date)
    if not months:
        return {}
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:])
    result: dict[str, int] = {}
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        result[key] = months.get(key, 0)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result
