"""The search index builder: terms, exact numbers, only published replies, determinism."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path

import pytest
from lunr.builder import Builder
from lunr.index import Index
from openreplies.catalog import build_catalog
from openreplies.generate import build_content
from openreplies.pipeline import load_replies
from openreplies.search import index as index_module
from openreplies.search import spool as spool_module
from openreplies.search.chars import char_pairs
from openreplies.search.documents import index_input, ordered_replies
from openreplies.search.fields import FIELDS, SearchDoc
from openreplies.search.index import (
    IndexExtras,
    bucket_count,
    lunr_bucket,
    term_hash,
    write_index,
)
from openreplies.search.lookup import IndexReader
from openreplies.search.terms import Segmenter, bucket_key, doc_number_term, text_terms
from openreplies.settings import load_registry
from searchcases import case_replies
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
        ("宜昌市 教育局", {"市教", "宜昌市教育局"}, {"市 教"}),
    ],
)
def test_text_terms(text: str, present: set[str], absent: set[str]) -> None:
    """Check that text gives bigrams, dictionary words and exact numbers, and nothing else."""
    terms = set(text_terms(text, SEGMENTER))
    assert present <= terms
    assert not absent & terms


def test_doc_number_term_matches_the_parser_form() -> None:
    """Check that every spelling of a 文号 gives the one term the index holds."""
    spellings = [
        "宜府发〔2018〕62号",
        "宜府发[2018]62号",
        "宜府发（2018）第062号",
        "宜府发 〔2018〕 62 號",
    ]
    assert {doc_number_term(s) for s in spellings} == {"宜府发〔2018〕62号"}


NAMES = {
    "places": {"宜昌市": "宜昌市"},
    "departments": {"教育局": "教育局"},
    "parties": {"民进": "中国民主促进会", "中国民主促进会": "中国民主促进会"},
}


def _doc(
    index: int, title: str, number: str, text: str, session: str = "yichang/zx/6-3"
) -> SearchDoc:
    fields = (title, "宜昌市教育局", "中国民主促进会 民进", number, "", "", text)
    exact = ((), ("#d宜昌市教育局", "#d教育局"), ("#p中国民主促进会",), (), (), (), ())
    if "宜府发" in text:
        exact = (*exact[:4], ("宜府发〔2018〕62号",), *exact[5:])
    record = (f"r/{index}/", title, f"第{number}号提案", "民进", "宜昌市教育局", "A", "")
    return SearchDoc(
        index,
        f"r/{index}/",
        session,
        "政协宜昌市六届三次会议",
        "提案",
        fields,
        exact,
        record,
        "宜昌市教育局",
        "中国民主促进会",
        "A",
        "2019-06-01",
        (6, 3, 2019),
    )


DOCS = [
    _doc(0, "关于深化产教融合的建议", "257", "职业教育和产教融合，宜府发〔2018〕62号。"),
    _doc(1, "关于城乡公交的建议", "2570", "公交线路257条以外的内容，经费2570万元。"),
    _doc(2, "关于养老服务的建议", "12", "居家养老和社区养老服务。", "yichang/rd/7-2"),
]
EXTRAS = IndexExtras(NAMES, {"宜府发〔2018〕62号": ("policies/yifufa-2018-62/", "意见")})


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("index")
    write_index(DOCS, ["产教融合"], out, EXTRAS)
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
        ("宜府发〔2018〕62号", [0]),
        ("不存在的词", []),
    ],
)
def test_lookup_finds_exact_numbers_and_words(
    small_index: Path, query: str, ids: list[int]
) -> None:
    """Check that 257 finds proposal 257 first and 2570 only 2570, words match as phrases,
    a 文号 only its citer and a party name every reply of the party."""
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
        ["yichang/zx/6-3", "政协宜昌市六届三次会议", "提案", 0, 2, 6, 3, 2019, "2019-06-01"],
        ["yichang/rd/7-2", "政协宜昌市六届三次会议", "提案", 2, 3, 6, 3, 2019, "2019-06-01"],
    ]
    assert manifest["names"] == NAMES


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_index_is_byte_identical_and_independent_of_spooling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_index: Path
) -> None:
    """Check that a second build, even one spooling every few postings, writes the same bytes."""
    write_index(DOCS, ["产教融合"], tmp_path / "again", EXTRAS)
    monkeypatch.setattr(spool_module, "FLUSH_AT", 7)
    write_index(DOCS, ["产教融合"], tmp_path / "spooled", EXTRAS)
    assert _tree(tmp_path / "again") == _tree(small_index)
    assert _tree(tmp_path / "spooled") == _tree(small_index)


def test_every_term_sits_in_the_bucket_of_its_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Check that with many buckets each term is in exactly one, the one the CRC-32 of its
    name names (a facet term #d教育局 is in the bucket of 教育局)."""
    monkeypatch.setattr(index_module, "TARGET_POSTINGS", 4)
    write_index(DOCS, [], tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["buckets"] > 1
    seen: set[str] = set()
    for path in (tmp_path / "b").iterdir():
        for term, _ in json.loads(path.read_text(encoding="utf-8"))["invertedIndex"]:
            assert term_hash(term) == zlib.crc32(bucket_key(term).encode())
            assert term_hash(term) % manifest["buckets"] == int(path.stem)
            assert term not in seen
            seen.add(term)
    assert {"257", "产教", "#d教育局", "宜府发〔2018〕62号"} <= seen
    facet = term_hash("#d教育局") % manifest["buckets"]
    assert facet == zlib.crc32("教育局".encode()) % manifest["buckets"]


@pytest.mark.parametrize(
    ("postings", "buckets"), [(0, 1), (999, 1), (1001, 2), (2001, 4), (10**9, 16384)]
)
def test_bucket_count(postings: int, buckets: int) -> None:
    """Check that the bucket count is a power of two growing with the postings, capped."""
    assert bucket_count(postings) == buckets


def test_one_bucket_scores_as_lunr_builder_does(tmp_path: Path) -> None:
    """Check that a bucket holding every term scores each term exactly as lunr.py's Builder
    (every field's boost 1: the browser weighs the fields)."""
    table = index_module.DocTable(tmp_path)
    builder = Builder()
    builder.ref("id")
    for name, _ in FIELDS:
        builder.field(name)
    postings: dict[str, list[tuple[int, int, int]]] = {}
    for doc in DOCS:
        tokens = [
            text_terms(text, None) + list(exact)
            for text, exact in zip(doc.fields, doc.exact, strict=True)
        ]
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
    loaded = load_replies(REPO / "replies", registry.names, registry.decisions, registry.metadata)
    content = build_content(loaded.published, registry)
    search = index_input(content, registry.names.tables, lambda uri: uri[: -len("index.md")])
    docs = list(search.docs)
    out = tmp_path_factory.mktemp("sample-index")
    write_index(docs, search.words, out, IndexExtras(search.names, search.policies))
    withheld = [r for r in loaded.replies if not r.public]
    assert withheld, "the sample replies include withheld ones"
    return out, docs


def test_only_published_replies_are_indexed(sample_index: tuple[Path, list[SearchDoc]]) -> None:
    """Check that the documents are the published replies and no withheld text is in the index."""
    out, docs = sample_index
    registry, _ = load_registry(REPO / "registry")
    loaded = load_replies(REPO / "replies", registry.names, registry.decisions, registry.metadata)
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
    stats = write_index(DOCS, [], tmp_path, EXTRAS)
    assert stats.common > 0
    reader = IndexReader(tmp_path)
    info = reader.info("民进")
    assert (info.rare, info.count) == (False, 3)
    assert info.path is not None and (tmp_path / info.path).is_file()
    assert reader.search("民进") == [0, 1, 2]
    assert reader.search("257 民进") == [0, 1]
    assert reader.search("养老") == [2]


def test_title_postings_carry_their_offsets(small_index: Path) -> None:
    """Check that a title term's posting lists where it stands in the title (for the phrase
    bonus), and a text term's lists nothing."""
    reader = IndexReader(small_index)
    scores = reader.scores(reader.info("融合"))
    assert scores.positions == {0: [6]}  # 关于深化产教融合的建议 → 融合 at offset 6
    assert reader.scores(reader.info("居家")).positions == {}


def test_a_doc_number_term_carries_its_policy_page(small_index: Path) -> None:
    """Check that the bucket of a 文号 names the policy page a 文号 query suggests."""
    assert IndexReader(small_index).policy("宜府发〔2018〕62号") == (
        "policies/yifufa-2018-62/",
        "意见",
    )


def test_character_map_is_opencc_one_for_one(small_index: Path) -> None:
    """Check that t2s.json is OpenCC's character table one for one, without the characters
    that are simplified too (乾, 於), and that the index converts with it."""
    data = json.loads((small_index / "t2s.json").read_text(encoding="utf-8"))
    pairs = dict(zip(data["from"], data["to"], strict=True))
    assert (data["from"], data["to"]) == char_pairs()
    assert (pairs["產"], pairs["羅"], pairs["業"]) == ("产", "罗", "业")
    assert "乾" not in pairs and "於" not in pairs and len(pairs) > 2000


def test_documents_go_newest_first_within_a_session() -> None:
    """Check that ids keep sessions together, the newest reply of each first."""
    replies = build_catalog(case_replies()).replies  # in number order within a session
    assert [r.number for r in replies[1:4]] == [12, 257, 2570]
    order = [(r.region, r.term, r.session, r.date) for r in ordered_replies(replies)]
    assert order == [
        ("宜昌市", 7, 2, "2023-05-01"),
        ("宜昌市", 6, 3, "2019-07-01"),
        ("宜昌市", 6, 3, "2019-06-01"),
        ("宜昌市", 6, 3, "2019-05-01"),
        ("荆州市", 7, 2, "2023-06-01"),
    ]


def test_manifest_flags_exactly_the_mapped_characters(small_index: Path) -> None:
    """Check that the manifest's bitset has a bit for each character t2s.json changes and
    none for another, so that the browser fetches the map exactly when a query needs it."""
    manifest = json.loads((small_index / "manifest.json").read_text(encoding="utf-8"))
    bits = base64.b64decode(manifest["traditional"]["bits"])
    start = manifest["traditional"]["from"]
    flagged = {chr(start + i) for i in range(len(bits) * 8) if bits[i // 8] >> (i % 8) & 1}
    assert flagged == set(char_pairs()[0])
