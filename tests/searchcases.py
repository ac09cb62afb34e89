"""The shared search cases (tests/js/cases.json) and the small index their searches run on.

Both the Python twin (test_query_planner.py, test_ranking.py) and search.js (tests/js/, run by
test_search_js.py) read this one file, so the two query planners and rankers cannot drift.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openreplies.generate import build_content
from openreplies.model import Block, Body, PolicyCitation, Reply, Role
from openreplies.search.documents import index_input
from openreplies.search.index import IndexExtras, write_index
from openreplies.settings import load_registry

CASES_FILE = Path(__file__).parent / "js" / "cases.json"


def cases() -> dict[str, Any]:
    """The whole case file."""
    return json.loads(CASES_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def case_replies() -> list[Reply]:
    """The case file's replies as published records."""
    replies = []
    for spec in cases()["replies"]:
        replies.append(
            Reply(
                file=spec["file"],
                disclosure="公开",
                body=Body(spec["body"]),
                region=spec["region"],
                term=spec["term"],
                session=spec["session"],
                number=spec["number"],
                category="A",
                proposer=spec["proposer"],
                proposer_canonical=spec["proposer_canonical"],
                title=spec["title"],
                department=spec["department"],
                role=Role.LEAD,
                co_departments=(),
                date=spec["date"],
                policies=tuple(PolicyCitation(t, n) for t, n in spec["policies"]),
                leader=None,
                handler=None,
                phones=(),
                postcode=None,
                blocks=(Block("paragraph", spec["text"], 1),),
                public=True,
            )
        )
    return replies


def write_case_index(out: Path, empty_registry: Path) -> Path:
    """Build the index of the case replies into `out` (as a build does); returns `out`."""
    registry, errors = load_registry(empty_registry)
    assert not errors
    content = build_content(case_replies(), registry)
    search = index_input(content, registry.names.tables, lambda uri: uri[: -len("index.md")])
    write_index(search.docs, search.words, out, IndexExtras(search.names, search.policies))
    return out
