"""Postings spooled to disk in groups, so an index build's memory does not grow with the corpus.

Postings (term, document, field, term frequency) are packed as four unsigned ints into one of
GROUPS files, by the term's hash; `parts` reads back the groups that make up one part of the
buckets, grouped by term. Buckets are `hash % buckets` and groups `hash % GROUPS`; both are
powers of two, so a part is either one group (many buckets) or several groups (one bucket).
Only the vocabulary (each distinct term once) stays in memory.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

GROUPS = 64
FLUSH_AT = 1_000_000
"""Postings held in memory before they are appended to the group files (16 bytes each)."""

Posting = tuple[int, int, int]
"""document id, field number, term frequency."""


class Spool:
    """Group files of postings under a temporary folder."""

    def __init__(self, folder: Path, hash_of: Callable[[str], int]) -> None:
        self.paths = [folder / f"{group}.bin" for group in range(GROUPS)]
        self.buffers = [array("I") for _ in range(GROUPS)]
        self.hash_of = hash_of
        self.ids: dict[str, int] = {}
        self.terms: list[str] = []
        self.groups: list[int] = []
        self.counts = array("I")
        """Postings of each term (by id)."""
        self.pending = 0
        self.postings = 0

    def add(self, doc: int, field: int, counts: Counter[str]) -> None:
        """The postings of one field of one document."""
        ids, groups, buffers, postings = self.ids, self.groups, self.buffers, self.counts
        for term, tf in counts.items():
            tid = ids.get(term)
            if tid is None:
                tid = ids[term] = len(self.terms)
                self.terms.append(term)
                groups.append(self.hash_of(term) % GROUPS)
                postings.append(0)
            buffers[groups[tid]].extend((tid, doc, field, tf))
            postings[tid] += 1
        self.pending += len(counts)
        self.postings += len(counts)
        if self.pending >= FLUSH_AT:
            self.flush()

    def postings_below(self, limit: int) -> int:
        """The postings of the terms that have fewer than `limit` postings."""
        return sum(n for n in self.counts if n < limit)

    def flush(self) -> None:
        """Append every buffered posting to its group file."""
        for group, path in enumerate(self.paths):
            buffer = self.buffers[group]
            if buffer:
                with path.open("ab") as file:
                    buffer.tofile(file)
                self.buffers[group] = array("I")
        self.pending = 0

    @staticmethod
    def stride(buckets: int) -> int:
        """How many parts the buckets are built in (and the step between a part's buckets)."""
        return min(buckets, GROUPS)

    def parts(self, buckets: int) -> Iterator[tuple[int, dict[str, list[Posting]]]]:
        """(part, term → postings in document order) for each part; part p holds the buckets
        b ≡ p (mod stride)."""
        self.flush()
        stride = self.stride(buckets)
        for part in range(stride):
            by_id: dict[int, list[Posting]] = defaultdict(list)
            for group in range(part, GROUPS, stride):
                packed = array("I")
                if self.paths[group].exists():
                    packed.frombytes(self.paths[group].read_bytes())
                values = iter(packed)
                for tid, doc, field, tf in zip(values, values, values, values, strict=True):
                    by_id[tid].append((doc, field, tf))
            yield part, {self.terms[tid]: postings for tid, postings in by_id.items()}
