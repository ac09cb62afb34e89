"""The benchmark's synthetic replies: every one parses, is published and is about 3,000 chars."""

from __future__ import annotations

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
    assert all(r.category in "ABCD" for r in loaded.published if r.category)


def test_synthetic_replies_are_deterministic_and_long() -> None:
    """Check that a reply is the same on every call and about 3,000 characters long."""
    assert render_reply(7) == render_reply(7)
    lengths = [len(render_reply(i)) for i in range(50)]
    assert 2500 <= sum(lengths) / len(lengths) <= 3600
