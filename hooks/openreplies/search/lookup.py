"""A Python twin of the browser's lookup (assets/search.js), over a written index folder.

Loads only the buckets of the query's terms with lunr.py (which scores as lunr.js does) and
plans as the browser does: a common term (one with a file of its own) is skipped when the query
has a rarer required term, and when every required term is common only the rarest is used.
A result has every required term used; its score is the sum over the terms used. Tests use it
to check ranking without a browser; it also helps to look into a built index.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from lunr.index import Index

from .index import term_hash
from .terms import query_terms


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


@dataclass
class IndexReader:
    """A written index folder (site/search/index/), read lazily."""

    folder: Path
    _files: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """manifest.json."""
        return self._json("manifest.json")  # type: ignore[no-any-return]

    def _json(self, name: str) -> Any:
        if name not in self._files:
            self._files[name] = json.loads((self.folder / name).read_text(encoding="utf-8"))
        return self._files[name]

    def _index(self, name: str) -> Index:
        key = name + "#index"
        if key not in self._files:
            self._files[key] = Index.load(self._json(name))
        return self._files[key]

    def info(self, term: str) -> TermInfo:
        """Whether a term is rare, common (with its postings and file) or absent."""
        name = f"b/{term_hash(term) % self.manifest['buckets']}.json"
        if term in self._index(name).inverted_index:
            return TermInfo(term, True, 0)
        count, path = self._json(name).get("common", {}).get(term, (0, None))
        return TermInfo(term, False, count, path)

    def scores(self, info: TermInfo) -> dict[int, float]:
        """Document id → score of one term (empty when absent)."""
        if not info.rare and info.path is None:
            return {}
        index = self._index(
            info.path or f"b/{term_hash(info.term) % self.manifest['buckets']}.json"
        )
        query = index.create_query()
        query.term(info.term, use_pipeline=False)
        return {int(hit["ref"]): hit["score"] for hit in index.query(query)}

    def search(self, text: str) -> list[int]:
        """Ids of the documents having every required term used, best first."""
        terms = query_terms(text)
        infos = {t: self.info(t) for t in (*terms.required, *terms.optional)}
        required = [infos[t] for t in terms.required]
        used = [i for i in required if i.rare or not i.count]
        if not any(i.rare for i in required) and any(i.count for i in required):
            used.append(min((i for i in required if i.count), key=lambda i: (i.count, i.term)))
        if not used:
            return []
        optional = [infos[t] for t in terms.optional if infos[t].rare]
        found = {i.term: self.scores(i) for i in [*used, *optional]}
        docs = set.intersection(*(set(found[i.term]) for i in used))
        total = {d: sum(scores.get(d, 0.0) for scores in found.values()) for d in docs}
        return sorted(docs, key=lambda d: (-total[d], d))

    def record(self, doc: int) -> list[str]:
        """The result record of a document: url, title, number label, proposer, department…"""
        size = self.manifest["chunk"]
        return self._json(f"d/{doc // size}.json")[doc % size]  # type: ignore[no-any-return]
