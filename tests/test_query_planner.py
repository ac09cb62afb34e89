"""The query planner (search/planner.py) on the cases search.js passes too (tests/js/cases.json)."""

from __future__ import annotations

import zlib
from typing import Any

import pytest
from openreplies.search.index import term_hash
from openreplies.search.planner import chinese_number, covering, plan_query, query_terms
from openreplies.search.ranking import TermInfo, choose
from openreplies.search.terms import bigrams, doc_number_term
from searchcases import cases

CASES = cases()


@pytest.mark.parametrize("case", CASES["plans"], ids=lambda c: c["query"])
def test_plan(case: dict[str, Any]) -> None:
    """Check that a query is read into the expected 文号, 届次, years, numbers, runs and names."""
    assert [part.to_json() for part in plan_query(case["query"], CASES["names"])] == case["parts"]


@pytest.mark.parametrize(("text", "value"), CASES["numbers"])
def test_chinese_number(text: str, value: int | None) -> None:
    """Check that the numerals of 届 and 次 are read and anything else is not."""
    assert chinese_number(text) == value


@pytest.mark.parametrize("case", CASES["terms"], ids=lambda c: c["query"])
def test_query_terms(case: dict[str, Any]) -> None:
    """Check that runs read as names give no terms and a missing 文号 gives its pieces."""
    parts = plan_query(case["query"], CASES["names"])
    terms = query_terms(parts, set(case["applied"]), set(case["missing"]))
    assert terms.required == tuple(case["required"])
    assert terms.optional == tuple(case["optional"])
    assert [list(run) for run in terms.runs] == case["runs"]


@pytest.mark.parametrize(("term", "expected"), CASES["hashes"])
def test_facet_terms_hash_as_their_name(term: str, expected: int | str) -> None:
    """Check that a term's bucket is the CRC-32 of its name (a facet term's without #d/#p)."""
    crc = expected if isinstance(expected, int) else zlib.crc32(expected.encode())
    assert term_hash(term) == crc


@pytest.mark.parametrize("case", CASES["choose"], ids=str)
def test_choose(case: dict[str, Any]) -> None:
    """Check that common terms are skipped beside a rare one, else used within the budget."""
    infos = [TermInfo(term, rare, count) for term, rare, count in case["required"]]
    assert [info.term for info in choose(infos, case["budget"])] == case["used"]


@pytest.mark.parametrize(
    "spelling",
    ["宜府发〔2018〕62号", "宜府发[2018]62号", "宜府发（2018）第062号", "宜府发 〔2018〕 62 號"],
)
def test_query_doc_number_is_the_indexed_term(spelling: str) -> None:
    """Check that a 文号 typed in any style is the term the index holds for the parsed one."""
    (part,) = plan_query(spelling, CASES["names"])
    assert part.text == doc_number_term("宜府发[2018]62号") == "宜府发〔2018〕62号"


@pytest.mark.parametrize(("run", "expected"), CASES["covering"])
def test_covering_bigrams(run: str, expected: list[str]) -> None:
    """Check that the bigrams required of a run are every other one and the last."""
    assert covering(bigrams(run)) == expected
