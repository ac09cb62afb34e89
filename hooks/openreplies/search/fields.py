"""The index fields and the search document: what the index weighs and what a result shows.

Kept free of heavy imports, since the index worker unpickles these documents.
"""

from __future__ import annotations

from dataclasses import dataclass

FIELDS: tuple[tuple[str, float], ...] = (
    ("t", 3.0),  # the proposal's title
    ("d", 3.0),  # the answering department and its short forms
    ("p", 3.0),  # the proposer as written, its canonical name and short forms
    ("n", 10.0),  # the proposal number: 257 finds proposal 257 first
    ("w", 5.0),  # the reply's own 文号 and the cited ones, each one whole term
    ("m", 1.0),  # session, kind, number label, co-handling departments, cited titles
    ("x", 1.0),  # the reply's text
)
"""Index fields (short names keep the index small) and their boosts."""


@dataclass(frozen=True)
class SearchDoc:
    """One published reply as the search sees it."""

    id: int
    """Its position in catalog order (also its lunr document ref)."""
    url: str
    """The reply page's URL relative to the site root (yichang/zx/6-3/257/)."""
    session: str
    """The session's folder key (yichang/zx/6-3), stable across builds: used in shared URLs."""
    session_name: str
    kind: str
    fields: tuple[str, ...]
    """The text of each index field, in the order of FIELDS."""
    record: tuple[str, ...]
    """What a result shows: url, title, number label, proposer, department (role), category,
    date."""
    department: str
    proposer: str
    """The canonical proposer (for the filter)."""
    category: str
    """A–D, or empty."""
