"""Ranking (search/ranking.py and the Python lookup) on the fixed cases search.js passes too."""

from __future__ import annotations

from typing import Any

import pytest
from openreplies.search.lookup import IndexReader
from openreplies.search.ranking import TermScores, Ties, Weights, rank
from searchcases import cases, write_case_index

CASES = cases()


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> IndexReader:
    out = write_case_index(tmp_path_factory.mktemp("cases"), tmp_path_factory.mktemp("registry"))
    return IndexReader(out)


def _scores(spec: dict[str, Any]) -> TermScores:
    fields = {int(f): {int(d): s for d, s in docs.items()} for f, docs in spec["fields"].items()}
    positions = {int(d): p for d, p in spec["positions"].items()}
    return TermScores(spec["term"], fields, positions)


@pytest.mark.parametrize("case", CASES["ranks"], ids=lambda c: c["about"])
def test_rank(case: dict[str, Any]) -> None:
    """Check the exact order: title phrase and adjacency bonus, title over text, ties newest
    session first, partial matches by the number of terms."""
    terms = {spec["term"]: _scores(spec) for spec in case["terms"]}
    w = CASES["rank_weights"]
    weights = Weights(tuple(w["fields"]), w["title"], w["phrase"], w["adjacent"])
    docs, partial = rank(
        [terms[t] for t in case["required"]],
        [terms[t] for t in case["optional"]],
        [set(m) for m in case["must"]],
        case["runs"],
        weights,
        Ties.of(CASES["rank_sessions"]),
    )
    assert (docs, partial) == (case["docs"], case["partial"])


@pytest.mark.parametrize("case", CASES["searches"], ids=lambda c: c["query"])
def test_search(reader: IndexReader, case: dict[str, Any]) -> None:
    """Check each query's replies in order on five replies: 文号 exactly its citers with the
    policy page suggested, names narrowing like a filter, numbers exact, 届次 and years,
    traditional characters, and the fallback to a partial match."""
    found = reader.find(case["query"])
    assert [reader.record(doc)[0] for doc in found.docs] == case["found"]
    assert found.partial == case.get("partial", False)
    assert [list(name) for name in found.applied.values()] == case.get("applied", [])
    assert [list(page) for page in found.policies] == case.get("policies", [])


def test_ranking_weights_come_from_the_manifest(reader: IndexReader) -> None:
    """Check that the manifest carries the weights the browser uses, title heaviest of the
    text fields (title ≫ 文号 and cited titles ≫ text)."""
    weights = dict(zip(reader.manifest["fields"], reader.manifest["weights"], strict=True))
    assert weights["t"] > weights["w"] > weights["x"]
