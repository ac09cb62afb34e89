"""A Python twin of the browser's lookup (assets/search.js `find`), over a written index folder.

Plans the query (planner), learns from each term's bucket whether it is rare, common or absent
and whether a run is a name (its facet term exists), then fetches the scores of the terms
`ranking.choose` picks and orders the replies with `ranking.rank`, as the browser does. When
the names, 届次 and years read into a query leave no reply, the query is read again with them
as plain words.
Tests use it to check ranking without a browser, and the relevance benchmark to tune weights.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from lunr.index import Index

from .index import term_hash
from .planner import Part, plan_query, query_terms
from .ranking import TermInfo, TermScores, Ties, Weights, choose, rank, worth


@dataclass(frozen=True)
class Found:
    """The outcome of one query."""

    docs: list[int]
    partial: bool
    parts: list[Part]
    applied: dict[int, tuple[str, str, str]]
    """Part number → the name it was read as (field, facet term, label)."""
    policies: list[tuple[str, str]] = field(default_factory=list)
    """(URL, title) of the policy page of each 文号 of the query."""


@dataclass
class IndexReader:
    """A written index folder (site/search/index/), read lazily."""

    folder: Path
    weights: Weights | None = None
    """Overrides the manifest's weights (the relevance benchmark tunes them)."""
    _files: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """manifest.json."""
        return self._json("manifest.json")  # type: ignore[no-any-return]

    @cached_property
    def manifest_weights(self) -> Weights:
        """The weights the browser uses."""
        m = self.manifest
        return Weights(tuple(m["weights"]), m["fields"].index("t"), m["phrase"], m["adjacent"])

    @cached_property
    def ties(self) -> Ties:
        """The tie-break of the manifest's sessions."""
        return Ties.of(self.manifest["sessions"])

    def _json(self, name: str) -> Any:
        if name not in self._files:
            self._files[name] = json.loads((self.folder / name).read_text(encoding="utf-8"))
        return self._files[name]

    def _index(self, name: str) -> Index:
        key = name + "#index"
        if key not in self._files:
            self._files[key] = Index.load(self._json(name))
        return self._files[key]

    def _bucket(self, term: str) -> str:
        return f"b/{term_hash(term) % self.manifest['buckets']}.json"

    def info(self, term: str) -> TermInfo:
        """Whether a term is rare, common (with its postings and file) or absent."""
        name = self._bucket(term)
        if term in self._index(name).inverted_index:
            return TermInfo(term, True, 0, name)
        count, path = self._json(name).get("common", {}).get(term, (0, None))
        return TermInfo(term, False, count, path)

    def scores(self, info: TermInfo) -> TermScores:
        """One term's scores in each field, and its offsets in the titles."""
        found = TermScores(info.term)
        if info.path is None:
            return found
        index = self._index(info.path)
        posting = index.inverted_index[info.term]
        for number, name in enumerate(self.manifest["fields"]):
            if not posting.get(name):
                continue
            query = index.create_query([name])
            query.term(info.term, use_pipeline=False)
            found.fields[number] = {int(hit["ref"]): hit["score"] for hit in index.query(query)}
        for ref, metadata in posting.get("t", {}).items():
            if metadata.get("p"):
                found.positions[int(ref)] = list(metadata["p"])
        return found

    def policy(self, term: str) -> tuple[str, str] | None:
        """The policy page (URL, title) of a 文号 term, if it has one."""
        page = self._json(self._bucket(term)).get("policies", {}).get(term)
        return (page[0], page[1]) if page else None

    def search(self, text: str) -> list[int]:
        """Ids of the documents found, best first."""
        return self.find(text).docs

    def find(self, text: str) -> Found:
        """Everything the browser works out for a query."""
        parts = plan_query(text, self.manifest["names"])
        applied: dict[int, tuple[str, str, str]] = {}
        for number, part in enumerate(parts):
            name = next((n for n in part.names if self.info(n[1]).exists), None)
            if name is not None:
                applied[number] = name
        missing = {
            number
            for number, part in enumerate(parts)
            if part.kind == "docnum" and not self.info(part.text).exists
        }
        found = self._rank(parts, applied, missing)
        if not found.docs and (applied or any(p.kind in ("session", "year") for p in parts)):
            found = self._rank(parts, {}, missing, plain=True)
        pages = [self.policy(p.text) for i, p in enumerate(parts) if p.kind == "docnum"]
        return replace(found, policies=[p for p in pages if p])

    def _rank(
        self,
        parts: list[Part],
        applied: dict[int, tuple[str, str, str]],
        missing: set[int],
        plain: bool = False,
    ) -> Found:
        terms = query_terms(parts, set(applied), missing, plain)
        budget = self.manifest["budget"]
        used = choose([self.info(t) for t in terms.required], budget)
        optional = [info for info in map(self.info, terms.optional) if worth(info, budget)]
        docnums = [
            self.scores(self.info(p.text))
            for i, p in enumerate(parts)
            if p.kind == "docnum" and i not in missing
        ]
        must = [scores.docs() for scores in docnums]
        by_field: dict[str, set[int]] = {}
        for _, term, _ in applied.values():
            by_field.setdefault(term[:2], set()).update(self.scores(self.info(term)).docs())
        must += [by_field[key] for key in sorted(by_field)]
        must += [] if plain else self._meetings(parts)
        if not used and not must:
            return Found([], False, parts, applied)
        docs, partial = rank(
            [self.scores(info) for info in used],
            [*docnums, *(self.scores(info) for info in optional)],
            must,
            terms.runs,
            self.weights or self.manifest_weights,
            self.ties,
        )
        return Found(docs, partial, parts, applied)

    def _meetings(self, parts: list[Part]) -> list[set[int]]:
        """The ids of the sessions a query's 届次 and years name (one set for each kind)."""
        sets: dict[str, set[int]] = {}
        for part in parts:
            if part.kind not in ("session", "year"):
                continue
            ids = sets.setdefault(part.kind, set())
            for s in self.manifest["sessions"]:
                if _meeting_matches(part, s):
                    ids.update(range(s[3], s[4]))
        return [sets[kind] for kind in sorted(sets)]

    def record(self, doc: int) -> list[str]:
        """The result record of a document: url, title, number label, proposer, department…"""
        size = self.manifest["chunk"]
        return self._json(f"d/{doc // size}.json")[doc % size]  # type: ignore[no-any-return]


def _meeting_matches(part: Part, session: list[Any]) -> bool:
    """Whether a manifest session is the 届次 (and body) or in the year a part names."""
    if part.kind == "year":
        return bool(session[7] == part.values[0])
    body_ok = not part.body or (part.body == "政协") == (session[2] == "提案")
    return body_ok and [session[5], session[6]] == list(part.values)
