"""Indexes and related links on small hand-built reply lists."""

from __future__ import annotations

from dataclasses import replace

from openreplies.catalog import build_catalog
from openreplies.indexes import build_indexes, is_group, pinyin_key
from openreplies.model import Body, PolicyCitation, Reply, Role
from openreplies.references import PolicyInfo
from openreplies.related import build_related, title_bigrams

BASE = Reply(
    file="a.txt", disclosure="公开", body=Body.CPPCC, region="宜昌市", term=6, session=3,
    number=1, category="A", proposer="张三等2位委员", proposer_canonical="张三",
    title="关于推进社区养老服务设施建设的建议", department="宜昌市民政局", role=Role.LEAD,
    co_departments=("宜昌市财政局",), date="2024-06-01", policies=(), leader=None,
    handler=None, phones=(), postcode=None, public=True,
)  # fmt: skip


def reply(file: str, **changes: object) -> Reply:
    return replace(BASE, file=file, **changes)


def test_policy_cited_by_title_only_joins_the_document_with_that_title() -> None:
    """Check that a citation without 文号 lands on the page of the same title's 文号."""
    with_number = PolicyCitation("宜昌市养老服务条例", "宜人大〔2020〕3号")
    title_only = PolicyCitation("宜昌市 养老服务条例", None)
    other = PolicyCitation("某个没有文号的规划", None)
    replies = [reply("a.txt", policies=(with_number,)),
               reply("b.txt", number=2, policies=(title_only, other))]  # fmt: skip
    indexes = build_indexes(build_catalog(replies), {})
    assert [(p.doc_number, len(p.citing)) for p in indexes.policies] == [
        ("宜人大〔2020〕3号", 2),
        (None, 1),
    ]
    assert indexes.policy(title_only).uri == "policies/yirenda-2020-3/index.md"


def test_registry_title_and_issuer_win_over_the_reply() -> None:
    """Check that policies.yaml's title and issuer are used for a registered 文号."""
    cited = PolicyCitation("养老条例", "宜人大〔2020〕3号")
    info = PolicyInfo("宜人大〔2020〕3号", "宜昌市养老服务条例", "宜昌市人大常委会", None, None)
    [entry] = build_indexes(
        build_catalog([reply("a.txt", policies=(cited,))]), {info.doc_number: info}
    ).policies
    assert (entry.title, entry.issuer, entry.year) == (
        "宜昌市养老服务条例",
        "宜昌市人大常委会",
        2020,
    )


def test_departments_split_lead_co_and_named_only() -> None:
    """Check lead replies, a co-handler's own reply, and a co-handler only named by the lead."""
    lead = reply("a.txt", co_departments=("宜昌市财政局", "宜昌市卫生健康委员会"))
    co = reply("b.txt", department="宜昌市财政局", role=Role.CO, co_departments=("宜昌市民政局",))
    indexes = build_indexes(build_catalog([lead, co]), {})
    assert [r.file for r in indexes.department("宜昌市民政局").led] == ["a.txt"]
    assert [r.file for r in indexes.department("宜昌市财政局").co] == ["b.txt"]
    assert indexes.department("宜昌市财政局").named_co == ()
    assert len(indexes.department("宜昌市卫生健康委员会").named_co) == 1


def test_proposers_are_grouped_and_ordered_by_pinyin() -> None:
    """Check that parties are groups, members are not, and the directory is in pinyin order."""
    assert is_group("中国民主促进会") and is_group("九三学社") and not is_group("欧阳明月")
    names = ["张三", "安娜", "中国民主同盟", "李四"]
    assert sorted(names, key=pinyin_key) == ["安娜", "李四", "张三", "中国民主同盟"]


def test_topic_raised_again_in_another_session_is_related() -> None:
    """Check that a similar title in another session is related and one in the same is not."""
    replies = [
        reply("a.txt"),
        reply("b.txt", session=4, title="关于加快社区养老服务设施布局的提案"),
        reply("c.txt", number=2, title="关于社区养老服务设施运营的建议"),
        reply("d.txt", session=4, number=3, title="关于治理城区噪声污染的建议"),
    ]
    catalog = build_catalog(replies)
    related = build_related(catalog, build_indexes(catalog, {}))
    assert [r.file for r in related["a.txt"].same_topic] == ["b.txt"]
    assert [p.first.file for p in related["a.txt"].same_proposer] == ["b.txt", "d.txt", "c.txt"]
    assert "养老" in title_bigrams("关于推进社区养老服务的建议")
    assert "关于" not in title_bigrams("关于推进社区养老服务的建议")
