"""The benchmark's synthetic replies: every one parses, is published and is about 3,000 chars."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from openreplies.pipeline import load_replies
from openreplies.settings import load_registry
from openreplies.synthetic import render_reply, write_replies


def test_synthetic_replies_parse_and_are_published(tmp_path: Path) -> None:
    """Check that 48 synthetic replies (all three layouts, both bodies) parse without a problem."""
    write_replies(tmp_path / "replies", 48)
    registry, _ = load_registry(tmp_path / "registry")
    loaded = load_replies(tmp_path / "replies", registry.names, registry.decisions)
    assert loaded.errors == []
    assert len(loaded.published) == 48
    assert {r.kind for r in loaded.published} == {"提案", "建议"}
    assert {r.number for r in loaded.published} == {1, 2, 3}
    categories = [r.category for r in loaded.published]
    assert None not in categories and set(categories) <= {"A", "B", "C", "D"}


def test_synthetic_replies_are_deterministic_and_long() -> None:
    """Check that a reply is the same on every call and about 3,000 characters long."""
    assert render_reply(7) == render_reply(7)
    lengths = [len(render_reply(i)) for i in range(50)]
    assert 2500 <= sum(lengths) / len(lengths) <= 3600


def test_synthetic_replies_spread_like_a_province(tmp_path: Path) -> None:
    """Check that cited policies recur (a few cited by many replies, a long tail cited by one
    or two), and that proposers are members filing several proposals, joint proposals and the
    parties' local committees, named as the site names them."""
    write_replies(tmp_path / "replies", 400)
    registry, _ = load_registry(tmp_path / "registry")
    published = load_replies(tmp_path / "replies", registry.names, registry.decisions).published
    citing = Counter(d for r in published for d in {p.doc_number for p in r.policies})
    counts = sorted(citing.values(), reverse=True)
    assert counts[0] >= 8 * counts[len(counts) // 2]
    assert sum(1 for n in counts if n <= 2) > len(counts) / 3
    proposers = Counter(r.proposer_canonical for r in published)
    assert {"中国民主促进会", "九三学社", "中华全国工商业联合会"} <= set(proposers)
    assert any(r.proposer and "等" in r.proposer for r in published)
    members = [n for name, n in proposers.items() if name and len(name) <= 3]
    assert max(members) >= 3
    assert None not in proposers
