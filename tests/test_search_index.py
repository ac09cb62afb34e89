"""The search index builder: terms, exact numbers, only published replies, determinism."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from lunr.builder import Builder
from lunr.index import Index
from openreplies.catalog import build_catalog
from openreplies.pipeline import load_replies
from openreplies.search import index as index_module
from openreplies.search import spool as spool_module
from openreplies.search.documents import search_input
from openreplies.search.fields import FIELDS, SearchDoc
from openreplies.search.index import bucket_count, lunr_bucket, term_hash, write_index
from openreplies.search.lookup import IndexReader
from openreplies.search.terms import Segmenter, doc_number_term, query_terms, text_terms
from openreplies.settings import load_registry
from sitebuild import REPO

SEGMENTER = Segmenter(["产教融合", "宜昌市教育局", "中国民主促进会"])


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "深化产教融合",
            {"深化", "化产", "产教", "教融", "融合", "产教融合"},
            {"产", "深化产教融合"},
        ),
        ("宜昌市教育局", {"宜昌", "昌市", "市教", "教育", "育局", "宜昌市教育局"}, {"局"}),
        ("第0257号提案", {"257", "号提", "提案"}, {"0257", "第", "号"}),
        ("第２５７号", {"257"}, {"２５７"}),
        ("宜府发〔2018〕62号", {"宜府", "府发", "2018", "62"}, {"〔2018〕62"}),
        ("第2025D048号", {"2025d048"}, {"2025"}),
        ("羅慶華委員", {"罗庆", "庆华", "华委", "委员"}, {"羅慶"}),
    ],
)
def test_text_terms(text: str, present: set[str], absent: set[str]) -> None:
    """Check that text gives bigrams, dictionary words and exact numbers, and nothing else."""
    terms = set(text_terms(text, SEGMENTER))
    assert present <= terms
    assert not absent & terms


@pytest.mark.parametrize(
    ("query", "required", "optional"),
    [
        ("产教融合", ("产教", "教融", "融合"), ("产教融合",)),
        ("257", ("257",), ()),
        ("第 257 号", ("257",), ()),
        ("民进", ("民进",), ()),
        ("教育局", ("教育", "育局"), ("教育局",)),
        ("宜府发〔2018〕62号", ("宜府", "府发", "2018", "62"), ("宜府发〔2018〕62号", "宜府发")),
        ("宜府发[2018]第062号", ("宜府", "府发", "2018", "62"), ("宜府发〔2018〕62号", "宜府发")),
        ("水", (), ()),
    ],
)
def test_query_terms(query: str, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
    """Check that a query requires its bigrams and numbers and only prefers whole runs and 文号."""
    terms = query_terms(query)
    assert (terms.required, terms.optional) == (required, optional)


def test_doc_number_term_matches_the_parser_form() -> None:
    """Check that every spelling of a 文号 gives the one term the index holds."""
    spellings = [
        "宜府发〔2018〕62号",
        "宜府发[2018]62号",
        "宜府发（2018）第062号",
        "宜府发 〔2018〕 62 號",
    ]
    assert {doc_number_term(s) for s in spellings} == {"宜府发〔2018〕62号"}


def _doc(
    index: int, title: str, number: str, text: str, session: str = "yichang/zx/6-3"
) -> SearchDoc:
    fields = (title, "宜昌市教育局", "中国民主促进会 民进", number, "", "", text)
    record = (f"r/{index}/", title, f"第{number}号提案", "民进", "宜昌市教育局", "A", "")
    return SearchDoc(
        index,
        f"r/{index}/",
        session,
        "政协宜昌市六届三次会议",
        "提案",
        fields,
        record,
        "宜昌市教育局",
        "中国民主促进会",
        "A",
    )


DOCS = [
    _doc(0, "关于深化产教融合的建议", "257", "职业教育和产教融合，宜府发〔2018〕62号。"),
    _doc(1, "关于城乡公交的建议", "2570", "公交线路257条以外的内容，经费2570万元。"),
    _doc(2, "关于养老服务的建议", "12", "居家养老和社区养老服务。", "yichang/rd/7-2"),
]


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("index")
    write_index(DOCS, ["产教融合"], out)
    return out


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("257", [0, 1]),
        ("2570", [1]),
        ("产教融合", [0]),
        ("宜府发〔2018〕62号", [0]),
        ("养老", [2]),
        ("城乡公交", [1]),
        ("民进", [0, 1, 2]),
        ("不存在的词", []),
    ],
)
def test_lookup_finds_exact_numbers_and_words(
    small_index: Path, query: str, ids: list[int]
) -> None:
    """Check that 257 finds proposal 257 first and 2570 only 2570, and words match as phrases."""
    assert IndexReader(small_index).search(query) == ids


def test_index_is_plain_utf8_json(small_index: Path) -> None:
    """Check that every index file is UTF-8 JSON with Chinese as characters, not \\u escapes."""
    for path in small_index.rglob("*.json"):
        text = path.read_text(encoding="utf-8")
        json.loads(text)
        assert "\\u" not in text, path


def test_manifest_lists_sessions_as_id_ranges(small_index: Path) -> None:
    """Check that the manifest gives each session its stable key and consecutive ids."""
    manifest = json.loads((small_index / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["count"] == 3
    assert manifest["sessions"] == [
        ["yichang/zx/6-3", "政协宜昌市六届三次会议", "提案", 0, 2],
        ["yichang/rd/7-2", "政协宜昌市六届三次会议", "提案", 2, 3],
    ]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_index_is_byte_identical_and_independent_of_spooling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_index: Path
) -> None:
    """Check that a second build, even one spooling every few postings, writes the same bytes."""
    write_index(DOCS, ["产教融合"], tmp_path / "again")
    monkeypatch.setattr(spool_module, "FLUSH_AT", 7)
    write_index(DOCS, ["产教融合"], tmp_path / "spooled")
    assert _tree(tmp_path / "again") == _tree(small_index)
    assert _tree(tmp_path / "spooled") == _tree(small_index)


def test_every_term_sits_in_the_bucket_of_its_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Check that with many buckets each term is in exactly one, the one its CRC-32 names."""
    monkeypatch.setattr(index_module, "TARGET_POSTINGS", 4)
    write_index(DOCS, [], tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["buckets"] > 1
    seen: set[str] = set()
    for path in (tmp_path / "b").iterdir():
        for term, _ in json.loads(path.read_text(encoding="utf-8"))["invertedIndex"]:
            assert term_hash(term) == zlib.crc32(term.encode())
            assert term_hash(term) % manifest["buckets"] == int(path.stem)
            assert term not in seen
            seen.add(term)
    assert "257" in seen and "产教" in seen


@pytest.mark.parametrize(
    ("postings", "buckets"), [(0, 1), (1999, 1), (2001, 2), (4001, 4), (10**9, 16384)]
)
def test_bucket_count(postings: int, buckets: int) -> None:
    """Check that the bucket count is a power of two growing with the postings, capped."""
    assert bucket_count(postings) == buckets


def test_one_bucket_scores_as_lunr_builder_does(tmp_path: Path) -> None:
    """Check that a bucket holding every term scores each term exactly as lunr.py's Builder."""
    table = index_module.DocTable(tmp_path)
    builder = Builder()
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost)
    postings: dict[str, list[tuple[int, int, int]]] = {}
    for doc in DOCS:
        tokens = [text_terms(text, None) for text in doc.fields]
        table.add(doc, [len(t) for t in tokens])
        builder.add({"id": str(doc.id), **{n: t for (n, _), t in zip(FIELDS, tokens, strict=True)}})
        for field, terms in enumerate(tokens):
            for term in dict.fromkeys(terms):
                postings.setdefault(term, []).append((doc.id, field, terms.count(term)))
    ours = Index.load(lunr_bucket(postings, table))
    theirs = builder.build()
    for term in postings:
        assert _term_scores(ours, term) == pytest.approx(_term_scores(theirs, term), abs=1e-3)


def _term_scores(index: Index, term: str) -> dict[str, float]:
    query = index.create_query()
    query.term(term, use_pipeline=False)
    return {hit["ref"]: hit["score"] for hit in index.query(query)}


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[SearchDoc]]:
    registry, _ = load_registry(REPO / "registry")
    loaded = load_replies(REPO / "replies", registry.names, registry.decisions)
    catalog = build_catalog(loaded.published)
    docs, words = search_input(catalog, registry.names.tables, lambda uri: uri[: -len("index.md")])
    docs = list(docs)
    out = tmp_path_factory.mktemp("sample-index")
    write_index(docs, words, out)
    withheld = [r for r in loaded.replies if not r.public]
    assert withheld, "the sample replies include withheld ones"
    return out, docs


def test_only_published_replies_are_indexed(sample_index: tuple[Path, list[SearchDoc]]) -> None:
    """Check that the documents are the published replies and no withheld text is in the index."""
    out, docs = sample_index
    registry, _ = load_registry(REPO / "registry")
    loaded = load_replies(REPO / "replies", registry.names, registry.decisions)
    assert len(docs) == len(loaded.published)
    index_text = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.json"))
    for reply in loaded.replies:
        if not reply.public:
            assert reply.file not in index_text
            for block in reply.blocks[:5]:
                if len(block.text) > 12:
                    assert block.text[:12] not in index_text


@pytest.mark.parametrize(
    "query", ["产教融合", "职业教育", "257", "宜府发〔2018〕62号", "民进", "教育局"]
)
def test_sample_queries_find_the_seed_reply(
    sample_index: tuple[Path, list[SearchDoc]], query: str
) -> None:
    """Check that each query of the issue ranks the seed reply (257) in the top three."""
    reader = IndexReader(sample_index[0])
    urls = [reader.record(doc)[0] for doc in reader.search(query)[:3]]
    assert "yichang/zx/6-3/257/" in urls


def test_common_terms_get_files_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Check that a term in most documents moves to its own file, is skipped beside a rarer
    term, and is used alone when every term of the query is common."""
    monkeypatch.setattr(index_module, "COMMON_MIN", 3)
    stats = write_index(DOCS, [], tmp_path)
    assert stats.common > 0
    reader = IndexReader(tmp_path)
    info = reader.info("民进")
    assert (info.rare, info.count) == (False, 3)
    assert info.path is not None and (tmp_path / info.path).is_file()
    assert reader.search("民进") == [0, 1, 2]
    assert reader.search("257 民进") == [0, 1]
    assert reader.search("养老") == [2]
