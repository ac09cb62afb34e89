"""Search documents → the files the browser reads, under `search/index/` of the built site.

    manifest.json  bucket count, chunk size, fields and their weights, sessions (key, name,
                   kind, first id, end, term, session, year, newest date), the names table
    b/<k>.json     a lunr index over the terms whose CRC-32 (of `bucket_key`) is k modulo the
                   bucket count; extra keys: "common" lists the bucket's common terms
                   (term → [postings, file]), "policies" the policy page of its 文号 terms
    c/<k>-<i>.json a lunr index of one common term (one in more than COMMON_SHARE of replies)
    d/<k>.json     result records, CHUNK documents a file
    f.json         facets for the filters: department, proposer, category of every document
    t2s.json       the traditional → simplified character map (chars.py); the manifest's
                   "traditional" bitset says which characters it changes

Scores are stored unweighted (every field's boost is 1); the browser weighs the fields with
the manifest's weights. A title posting carries its term's offsets in the title (metadata
"p"), for the phrase bonus. Snippets come from the reply pages themselves.

A term lives in exactly one bucket with all its postings, and every bucket is scored with the
corpus-wide document count and field lengths, so a term's scores are what one big lunr index
would give. Common terms (发展, 工作, 教育…) have files of their own, so that they neither weigh
on the buckets they hash to nor get fetched when a query has rarer terms: the browser fetches a
common term only when every term of the query is common, and then only the rarest one.
Memory stays bounded: postings are spooled to disk in groups while documents are read, then
built one group at a time; only seven field lengths per document stay in memory.
The output depends on the input alone (sorted terms, fixed hashing), so it is byte-identical.
"""

from __future__ import annotations

import json
import math
import tempfile
import time
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from lunr.idf import idf as lunr_idf
from lunr.index import Index
from lunr.pipeline import Pipeline

from .chars import char_bits, char_map_file
from .fields import ADJACENT, FIELDS, PHRASE, SearchDoc
from .spool import Posting, Spool
from .terms import Segmenter, bucket_key, text_terms, title_key, title_positions

FIELD_NAMES = [name for name, _ in FIELDS]
TITLE = FIELD_NAMES.index("t")
CHUNK = 16
"""Result records per file: a page of results touches few small files."""
TARGET_POSTINGS = 500
"""About this many postings per bucket (besides those of the terms a query asks for)."""
MAX_BUCKETS = 16384
COMMON_SHARE = 0.05
COMMON_MIN = 250
"""A term is common from max(COMMON_MIN, COMMON_SHARE × documents) postings on."""
COMMON_BUDGET = 3000
"""When every term of a query is common, the rarest ones are used up to this many postings
(at least one term): enough to narrow 促进文旅融合发展, bounded in bytes."""
K1, B = 1.2, 0.75
"""lunr's BM25 parameters."""
FORMAT = 2


def term_hash(term: str) -> int:
    """CRC-32 of the UTF-8 bytes of the term's bucket key (assets/search.js computes the same)."""
    return zlib.crc32(bucket_key(term).encode("utf-8"))


@dataclass(frozen=True)
class IndexExtras:
    """What the index carries besides the documents' terms."""

    names: dict[str, dict[str, str]] = field(default_factory=dict)
    """The names table (planner.Names), written into the manifest."""
    policies: dict[str, tuple[str, str]] = field(default_factory=dict)
    """文号 term → (policy page URL, title), written into the term's bucket."""


def bucket_count(postings: int) -> int:
    """A power of two giving about TARGET_POSTINGS postings a bucket (1 to MAX_BUCKETS)."""
    wanted = max(1, postings // TARGET_POSTINGS)
    return min(MAX_BUCKETS, 1 << math.ceil(math.log2(wanted)))


@dataclass(frozen=True)
class IndexStats:
    """What one index build wrote and cost."""

    documents: int
    buckets: int
    terms: int
    common: int
    """Terms with files of their own."""
    postings: int
    files: int
    bytes: int
    seconds: float
    peak_rss_mb: float
    """Peak resident memory of the process that built the index."""
    main_seconds: float = 0.0
    """Time the MkDocs process spent on the search (documents, waiting for the worker)."""

    def summary(self) -> str:
        """One line for the build log."""
        return (
            f"{self.documents} 件答复，{self.terms} 个检索词（{self.common} 个常见词），"
            f"{self.buckets} 个分桶，"
            f"{self.files} 个文件 {self.bytes / 1e6:.1f} MB，用时 {self.seconds} 秒，"
            f"内存峰值 {self.peak_rss_mb:.0f} MB；主进程用时 {self.main_seconds} 秒"
        )


class DocTable:
    """Per-document data kept during a build: field lengths, records, facets, sessions."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.lengths = [array("I") for _ in FIELDS]
        self.records: list[list[str]] = []
        self.sessions: list[list[Any]] = []
        self.names: dict[str, dict[str, int]] = {"d": {}, "p": {}}
        self.facets: dict[str, array[int]] = {"d": array("I"), "p": array("I")}
        self.categories: list[str] = []
        self.titles: list[str] = []
        """Each document's title key (terms.title_key), for title positions."""
        self.years: list[Counter[int]] = []
        self._norms: list[list[float]] | None = None

    @property
    def count(self) -> int:
        """Documents added so far."""
        return len(self.lengths[0])

    def add(self, doc: SearchDoc, lengths: list[int]) -> None:
        """Record one document (documents come in id order)."""
        if doc.id != self.count:
            raise ValueError(f"search documents out of order: {doc.id} after {self.count}")
        for number, length in enumerate(lengths):
            self.lengths[number].append(length)
        term, session, year = doc.meeting
        if not self.sessions or self.sessions[-1][0] != doc.session:
            self.sessions.append(
                [doc.session, doc.session_name, doc.kind, doc.id, doc.id, term, session, year, ""]
            )
            self.years.append(Counter())
        entry = self.sessions[-1]
        entry[4] = doc.id + 1
        entry[8] = max(entry[8], doc.date)
        if doc.date[:4].isdigit():
            self.years[-1][int(doc.date[:4])] += 1
        self.titles.append(title_key(doc.fields[TITLE]))
        for key, name in (("d", doc.department), ("p", doc.proposer)):
            self.facets[key].append(self.names[key].setdefault(name, len(self.names[key])))
        self.categories.append(doc.category or "-")
        self.records.append(list(doc.record))
        if len(self.records) == CHUNK:
            self.flush_records()

    def flush_records(self) -> None:
        """Write the pending result records as one chunk file."""
        if self.records:
            chunk = (self.count - 1) // CHUNK
            write_json(self.out / "d" / f"{chunk}.json", self.records)
            self.records = []

    @cached_property
    def refs(self) -> list[str]:
        """Each document's lunr ref (its id as text)."""
        return [str(doc) for doc in range(self.count)]

    def norms(self) -> list[list[float]]:
        """BM25's length normalisation k1·(1 − b + b·length/average) per field and document."""
        if self._norms is None:
            self._norms = []
            for lengths in self.lengths:
                average = sum(lengths) / max(1, len(lengths)) or 1.0
                self._norms.append([K1 * (1 - B + B * n / average) for n in lengths])
        return self._norms

    def session_entries(self) -> list[list[Any]]:
        """The manifest's sessions; a session's year is the meeting's (sessions.yaml), else the
        year most of its replies are dated (the earlier on a tie), else 0."""
        for entry, years in zip(self.sessions, self.years, strict=True):
            if not entry[7] and years:
                entry[7] = min(years, key=lambda y: (-years[y], y))
        return self.sessions

    def facet_file(self) -> dict[str, Any]:
        """Names sorted, and each document's index into them."""
        result: dict[str, Any] = {}
        for key, names in self.names.items():
            ordered = sorted(names)
            position = {names[name]: i for i, name in enumerate(ordered)}
            result[key + "names"] = ordered
            result[key] = [position[i] for i in self.facets[key]]
        result["c"] = "".join(self.categories)
        return result


def write_json(path: Path, data: object) -> None:
    """Plain UTF-8 JSON, compact, no \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")


def write_index(
    docs: Iterable[SearchDoc], words: list[str], out: Path, extras: IndexExtras | None = None
) -> IndexStats:
    """Write the whole search index for `docs` (in id order) into `out`."""
    start = time.perf_counter()
    extras = extras or IndexExtras()
    for folder in ("b", "c", "d"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    segmenter = Segmenter(words)
    table = DocTable(out)
    with tempfile.TemporaryDirectory(prefix="openreplies-search-") as tmp:
        spool = Spool(Path(tmp), term_hash)
        for doc in docs:
            lengths = []
            for number, (text, exact) in enumerate(zip(doc.fields, doc.exact, strict=True)):
                counts = Counter(text_terms(text, segmenter))
                counts.update(exact)
                spool.add(doc.id, number, counts)
                lengths.append(sum(counts.values()))
            table.add(doc, lengths)
        table.flush_records()
        common_at = max(COMMON_MIN, math.ceil(COMMON_SHARE * table.count))
        buckets = bucket_count(spool.postings_below(common_at))
        terms, common = _write_buckets(spool, buckets, table, out, common_at, extras.policies)
    write_json(out / "f.json", table.facet_file())
    write_json(out / "t2s.json", char_map_file())
    write_json(out / "manifest.json", _manifest(table, buckets, extras.names))
    files = [p for p in out.rglob("*") if p.is_file()]
    return IndexStats(
        documents=table.count,
        buckets=buckets,
        terms=terms,
        common=common,
        postings=spool.postings,
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        seconds=round(time.perf_counter() - start, 2),
        peak_rss_mb=peak_rss_mb(),
    )


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM when readable: ru_maxrss of a spawned
    process also counts what its parent held when it forked (kept across exec)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        status = ""
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    try:
        import resource  # Unix only: the hook must import on Windows too
    except ImportError:
        return 0.0
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _manifest(table: DocTable, buckets: int, names: dict[str, dict[str, str]]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "count": table.count,
        "buckets": buckets,
        "chunk": CHUNK,
        "fields": FIELD_NAMES,
        "weights": [weight for _, weight in FIELDS],
        "phrase": PHRASE,
        "adjacent": ADJACENT,
        "budget": COMMON_BUDGET,
        "sessions": table.session_entries(),
        "names": names,
        "traditional": char_bits(),
    }


def _write_buckets(
    spool: Spool,
    buckets: int,
    table: DocTable,
    out: Path,
    common_at: int,
    policies: dict[str, tuple[str, str]],
) -> tuple[int, int]:
    """Build and write every bucket, one spool part at a time; returns (terms, common terms)."""
    terms = common = 0
    for part, postings in spool.parts(buckets):
        by_bucket: dict[int, dict[str, list[Posting]]] = defaultdict(dict)
        for term, plist in postings.items():
            by_bucket[term_hash(term) % buckets][term] = plist
        terms += len(postings)
        for bucket in range(part, buckets, spool.stride(buckets)):
            found = by_bucket.get(bucket, {})
            common += _write_bucket(bucket, found, table, out, common_at, policies)
    return terms, common


def _write_bucket(
    bucket: int,
    terms: dict[str, list[Posting]],
    table: DocTable,
    out: Path,
    common_at: int,
    policies: dict[str, tuple[str, str]],
) -> int:
    """One bucket file, and a file per common term; returns the number of common terms."""
    common = sorted(term for term, postings in terms.items() if len(postings) >= common_at)
    rare = {term: postings for term, postings in terms.items() if len(postings) < common_at}
    index = lunr_bucket(rare, table)
    if common:
        index["common"] = {}
        for number, term in enumerate(common):
            name = f"c/{bucket}-{number}.json"
            write_json(out / name, lunr_bucket({term: terms[term]}, table))
            index["common"][term] = [len(terms[term]), name]
    pages = {term: list(policies[term]) for term in sorted(terms) if term in policies}
    if pages:
        index["policies"] = pages
    write_json(out / "b" / f"{bucket}.json", index)
    return len(common)


class _Elements(list):  # type: ignore[type-arg]
    """A field vector already rounded as lunr rounds it (lunr's Vector would round again)."""

    def serialize(self) -> list[float]:
        return self


_NO_METADATA: dict[str, Any] = {}


def lunr_bucket(terms: dict[str, list[Posting]], table: DocTable) -> dict[str, Any]:
    """One bucket as a serialised lunr index, scored as lunr's Builder scores (BM25).

    Postings come in document order. The idf counts documents over all fields, as lunr's does.
    Every field's boost is 1 (the browser weighs them); a title posting's metadata "p" lists
    the term's offsets in the title.
    """
    refs, norms, count, titles = table.refs, table.norms(), table.count, table.titles
    inverted: dict[str, dict[str, Any]] = {}
    vectors: dict[tuple[int, int], _Elements] = defaultdict(_Elements)
    for position, term in enumerate(sorted(terms)):
        fields: list[dict[str, Any]] = [{} for _ in FIELD_NAMES]
        postings = terms[term]
        for doc, number, _ in postings:
            offsets = title_positions(term, titles[doc]) if number == TITLE else []
            fields[number][refs[doc]] = {"p": offsets} if offsets else _NO_METADATA
        inverted[term] = {"_index": position, **dict(zip(FIELD_NAMES, fields, strict=True))}
        scale = lunr_idf(inverted[term], count) * (K1 + 1) * 1000
        for doc, number, tf in postings:
            score = scale * tf / (norms[number][doc] + tf)
            vectors[(doc, number)] += (position, int(score + 0.5) / 1000)
    field_vectors = {
        f"{FIELD_NAMES[f]}/{refs[doc]}": vectors[(doc, f)] for doc, f in sorted(vectors)
    }
    # Index.load rebuilds the token set from the sorted terms (lunr.js and lunr.py alike).
    return Index(inverted, field_vectors, None, FIELD_NAMES, Pipeline()).serialize()  # type: ignore[no-any-return]
