"""The index fields and the search document: what the index weighs and what a result shows.

Kept free of heavy imports, since the index worker unpickles these documents.
"""

from __future__ import annotations

from dataclasses import dataclass

FIELDS: tuple[tuple[str, float], ...] = (
    ("t", 12.0),  # the proposal's title
    ("d", 2.0),  # the answering department and its short forms; facet terms #d…
    ("p", 2.0),  # the proposer as written, its canonical name and short forms; facet terms #p…
    ("n", 20.0),  # the proposal number: 257 finds proposal 257 first
    ("w", 4.0),  # the reply's own 文号 and the cited ones (each also one whole term), cited titles
    ("m", 1.0),  # session, kind, number label, co-handling departments
    ("x", 1.0),  # the reply's text
)
"""Index fields (short names keep the index small) and their weights. The index stores each
field's BM25 score unweighted; the browser multiplies by these (from the manifest), so they
were tuned on the relevance benchmark's known items without rebuilding (openreplies.relevance)."""
PHRASE = 1.0
"""A run of the query found contiguously in a title adds this share of its title score."""
ADJACENT = 1.0
"""Two runs of the query found one right after the other in a title add this share again."""


@dataclass(frozen=True)
class SearchDoc:
    """One published reply as the search sees it."""

    id: int
    """Its position in the index (also its lunr document ref): sessions in catalog order,
    within a session the newest reply first, so that ties can go newest first."""
    url: str
    """The reply page's URL relative to the site root (yichang/zx/6-3/257/)."""
    session: str
    """The session's folder key (yichang/zx/6-3), stable across builds: used in shared URLs."""
    session_name: str
    kind: str
    fields: tuple[str, ...]
    """The text of each index field, in the order of FIELDS."""
    exact: tuple[tuple[str, ...], ...]
    """Terms added whole to each field: 文号 and facet terms."""
    record: tuple[str, ...]
    """What a result shows: url, title, number label, proposer, department (role), category,
    date."""
    department: str
    proposer: str
    """The canonical proposer (for the filter)."""
    category: str
    """A–D, or empty."""
    date: str = ""
    """The reply's date (YYYY-MM-DD), or empty."""
    meeting: tuple[int, int, int] = (0, 0, 0)
    """The session's term, session and year (0 when unknown), for 届次 and year queries."""
