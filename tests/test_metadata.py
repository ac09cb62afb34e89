"""registry/metadata.yaml: values for replies whose text lacks them, and replies withheld
because they still lack what a page needs. Replies are built directly where the parser (being
reworked) is not the subject; one test goes through the real parser end to end."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openreplies import pipeline
from openreplies.disclosure import Decisions
from openreplies.errors import RegistryError
from openreplies.generate import build_content
from openreplies.metadata import Metadata, MetadataEntry, load_metadata
from openreplies.model import Body, Doubt, Reply, Role, Source
from openreplies.pipeline import load_replies
from openreplies.reading.names import load_names
from openreplies.report import build_report
from openreplies.settings import load_registry

NAMES = load_names(None)
FOLDER_SOURCE = Source(registry="registry/metadata.yaml：交通局/（张三，2024-07-01）")
WITHHELD = (
    "交通局/12.txt: 不发布：缺少 次（session）、答复单位（department）："
    "请在 registry/metadata.yaml 中为该文件或其所在文件夹填写 session、department"
)
FOLDER_ENTRY = """\
metadata:
  - path: 交通局/
    department: 市交通运输局
    session: 三
    by: 张三
    when: 2024-07-01
"""


def make_reply(file: str = "交通局/12.txt", **fields: Any) -> Reply:
    """A complete, publicly marked reply; `fields` override its values."""
    reply = Reply(
        file=file, disclosure="主动公开", body=Body.CPPCC, region="宜昌市", term=6, session=3,
        number=12, category="B", proposer="王芳委员", proposer_canonical="王芳",
        title="关于优化城区公交站点布局的建议", department="宜昌市交通运输局", role=Role.LEAD,
        co_departments=(), date="2024-06-20", policies=(), leader="李强", handler="赵敏",
        phones=("07166666666",), postcode="443000", digest=file,
        sources={"term": Source(line=1), "session": Source(line=1), "department": Source(line=20)},
    )  # fmt: skip
    return replace(reply, **fields)


def stripped_reply(file: str = "交通局/12.txt") -> Reply:
    """The text says only 我局 and its title lost the session digit (六届次会议)."""
    return make_reply(file, department=None, session=None, sources={"term": Source(line=1)})


def metadata_of(tmp_path: Path, text: str) -> Metadata:
    path = tmp_path / "registry" / "metadata.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_metadata(path)


def entry(path: str, by: str = "张三", **values: Any) -> MetadataEntry:
    return MetadataEntry(path, values, by, "2024-07-01")


@pytest.mark.parametrize(
    ("entries", "reply", "department", "source"),
    [
        # A folder entry fills what the text lacks ...
        ([entry("交通局/", department="宜昌市公安局")], stripped_reply(), "宜昌市公安局",
         Source(registry="registry/metadata.yaml：交通局/（张三，2024-07-01）")),
        # ... and leaves what the text has.
        ([entry("交通局/", department="宜昌市公安局")], make_reply(), "宜昌市交通运输局",
         Source(line=20)),
        # A file entry overrides the text (a correction).
        ([entry("交通局/12.txt", department="宜昌市公安局")], make_reply(), "宜昌市公安局",
         Source(registry="registry/metadata.yaml：交通局/12.txt（张三，2024-07-01）")),
        # The whole replies folder (./) is a folder too.
        ([entry("", department="宜昌市公安局")], stripped_reply(), "宜昌市公安局",
         Source(registry="registry/metadata.yaml：./（张三，2024-07-01）")),
        # An entry for another folder does nothing.
        ([entry("教育局/", department="宜昌市公安局")], stripped_reply(), None, None),
    ],
)  # fmt: skip
def test_folder_fills_only_missing_and_file_overrides(
    entries: list[MetadataEntry], reply: Reply, department: str | None, source: Source | None
) -> None:
    """Check that a folder entry fills only None fields and a file entry overrides the text."""
    done = Metadata(entries).apply(reply, NAMES)
    assert (done.department, done.sources.get("department")) == (department, source)


def test_most_specific_wins_key_by_key() -> None:
    """Check that file > deeper folder > shallower folder, each key from the most specific."""
    metadata = Metadata([
        entry("a/", by="甲", department="宜昌市公安局", session=3, category="C"),
        entry("a/b/", by="乙", department="宜昌市财政局"),
        entry("a/b/12.txt", by="丙", category="A"),
    ])  # fmt: skip
    done = metadata.apply(stripped_reply("a/b/12.txt"), NAMES)
    assert (done.department, done.session, done.category) == ("宜昌市财政局", 3, "A")
    assert {k: str(done.sources[k]) for k in ("department", "session", "category")} == {
        "department": "registry/metadata.yaml：a/b/（乙，2024-07-01）",
        "session": "registry/metadata.yaml：a/（甲，2024-07-01）",
        "category": "registry/metadata.yaml：a/b/12.txt（丙，2024-07-01）",
    }


@pytest.mark.parametrize(
    ("line", "key", "value"),
    [
        ("term: 6", "term", 6),
        ('term: "6"', "term", 6),
        ("term: 六", "term", 6),
        ("session: 十三", "session", 13),
        ("number: 0257", "number", 257),  # YAML alone would read the octal 175
        ('number: "２５７"', "number", 257),
        ("number: 2025d048", "number", "2025D048"),
        ("kind: 建议", "body", Body.CONGRESS),
        ("body: 政协", "body", Body.CPPCC),
        ("category: a", "category", "A"),
        ("category: 乙类", "category", "B"),
        ("date: 2024-06-20", "date", "2024-06-20"),
        ('date: "2024-06-20"', "date", "2024-06-20"),
        ("role: 会办", "role", Role.CO),
        ("role: lead", "role", Role.LEAD),
        ("co_departments: [市财政局, 宜昌市 公安局]", "co_departments",
         ("宜昌市财政局", "宜昌市公安局")),
        ("department: 市交通运输局", "department", "宜昌市交通运输局"),
        ("proposer: 民进宜昌市委", "proposer_canonical", "中国民主促进会"),
        ("title: 关于加强公交站点建设的建议", "title", "关于加强公交站点建设的建议"),
    ],
)  # fmt: skip
def test_values_are_checked_and_normalised(
    tmp_path: Path, line: str, key: str, value: object
) -> None:
    """Check that each value is read in the parser's form, names canonicalised in context."""
    text = f"metadata:\n  - path: 交通局/12.txt\n    {line}\n    by: 张三\n    when: 2024-07-01\n"
    metadata = metadata_of(tmp_path, text)
    done = metadata.apply(stripped_reply(), NAMES)
    assert getattr(done, key) == value
    assert str(done.sources[key]) == "registry/metadata.yaml：交通局/12.txt（张三，2024-07-01）"


def test_supplied_values_settle_the_parsers_doubts() -> None:
    """Check that a value the registry supplies drops the parser's doubt about that key only."""
    doubts = (Doubt("department", "单位名称未登记"), Doubt("proposer", "提案者未登记"))
    reply = replace(stripped_reply(), doubts=doubts)
    done = Metadata([entry("交通局/", department="宜昌市公安局")]).apply(reply, NAMES)
    assert done.doubts == (doubts[1],)


ENTRY_HEAD = "metadata:\n  - path: 交通局/\n    by: 张三\n    when: 2024-07-01\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ENTRY_HEAD + "    session: x\n", ":5: 第 1 条（交通局/）：session 应为正整数（6、\"6\" 或 六），而不是 'x'"),
        (ENTRY_HEAD + "    term: 0\n", ":5: 第 1 条（交通局/）：term 应为正整数（6、\"6\" 或 六），而不是 '0'"),
        (ENTRY_HEAD + "    number: 第十二号\n", ":5: 第 1 条（交通局/）：number 应为提案号/建议号（257、0257 或 2025D048），而不是 '第十二号'"),
        (ENTRY_HEAD + "    body: 政府\n", ":5: 第 1 条（交通局/）：body 应为 政协 或 人大，而不是 '政府'"),
        (ENTRY_HEAD + "    body: 政协\n    kind: 建议\n", ":6: 第 1 条（交通局/）：kind 应为 提案（body 为 政协：政协的是提案，人大的是建议），而不是 '建议'"),
        (ENTRY_HEAD + "    category: E\n", ":5: 第 1 条（交通局/）：category 应为 A、B、C 或 D，而不是 'E'"),
        (ENTRY_HEAD + "    date: 2024年6月\n", ":5: 第 1 条（交通局/）：date 应为日期 YYYY-MM-DD，而不是 '2024年6月'"),
        (ENTRY_HEAD + "    role: 牵头\n", ":5: 第 1 条（交通局/）：role 应为 lead、co、主办 或 会办，而不是 '牵头'"),
        (ENTRY_HEAD + "    co_departments: 市财政局\n", ":5: 第 1 条（交通局/）：co_departments 应为单位名称的列表（[宜昌市财政局, …]），而不是 '市财政局'"),
        (ENTRY_HEAD + "    session:\n", ":5: 第 1 条（交通局/）：session 没有填写值（不需要就删去这一行）"),
        (ENTRY_HEAD + "    public: true\n", ":5: 第 1 条（交通局/）：public 不能在这里填写：是否公开只由答复的公开标注和 disclosure.yaml 决定"),
        (ENTRY_HEAD + "    disclosure: 主动公开\n", ":5: 第 1 条（交通局/）：disclosure 不能在这里填写：是否公开只由答复的公开标注和 disclosure.yaml 决定"),
        (ENTRY_HEAD + "    departmnet: 宜昌市公安局\n", ":5: 第 1 条（交通局/）：departmnet 不是可用的字段：只能是 department、region、body、kind、term、session、number、proposer、category、date、title、role、co_departments（及 path、by、when）"),
        (ENTRY_HEAD, ":2: 第 1 条（交通局/）：没有要填写的字段：可填写 department、region、body、kind、term、session、number、proposer、category、date、title、role、co_departments"),
        ("metadata:\n  - path: 交通局/\n    session: 3\n", ":2: 第 1 条（交通局/）：缺少 by、when"),
        ("metadata:\n  - 交通局/\n", ":2: 第 1 条：应为映射（path、by、when 和要填写的字段），而不是 '交通局/'"),
        (ENTRY_HEAD.replace("2024-07-01", "7月1日") + "    session: 3\n", ":4: 第 1 条（交通局/）：when 应为日期 YYYY-MM-DD，而不是 '7月1日'"),
        (ENTRY_HEAD + "    session: 3\n" + ENTRY_HEAD.removeprefix("metadata:\n").replace("交通局/", "./交通局\\") + "    term: 6\n",
         ":6: 第 2 条（./交通局\\）：path 与第 1 条的 path 相同：请合并为一条"),
        ("metadata:\n  path: 交通局/\n", ":1: metadata 应为列表，每条以 - path: 开头，而不是 映射 {'path': '交通局/'}"),
        ("metadata: []\nmeta: []\n", ":2: meta 不是可用的段落：只能是 metadata"),
        ("metadata:\n  - path: [交通局/\n", ":3: YAML 语法错误：expected ',' or ']', but got '<stream end>'"),
        (ENTRY_HEAD + "    date: 2024-02-30\n", ":5: 无效的值：day is out of range for month"),
    ],
)  # fmt: skip
def test_invalid_entries_name_the_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    """Check that every invalid entry is a RegistryError with the file, the line and why."""
    with pytest.raises(RegistryError) as caught:
        metadata_of(tmp_path, text)
    assert str(caught.value) == f"{tmp_path / 'registry' / 'metadata.yaml'}{message}"


@pytest.mark.parametrize("disclosure", ["主动公开", "不予公开", None])
@pytest.mark.parametrize("public", [True, False])
def test_metadata_never_changes_public_or_disclosure(disclosure: str | None, public: bool) -> None:
    """Check that applying any entry, file or folder, leaves `public` and `disclosure` alone."""
    reply = replace(stripped_reply(), disclosure=disclosure, public=public)
    everything = {"department": "宜昌市公安局", "session": 3, "category": "A", "number": 7}
    for metadata in (Metadata([entry("交通局/", **everything)]),
                     Metadata([entry("交通局/12.txt", **everything)])):  # fmt: skip
        done = metadata.apply(reply, NAMES)
        assert (done.public, done.disclosure, done.file) == (public, disclosure, reply.file)


def test_broken_metadata_file_is_reported_and_ignored(tmp_path: Path) -> None:
    """Check that a broken metadata.yaml is one registry error and supplies nothing."""
    registry = tmp_path / "registry"
    registry.mkdir()
    (registry / "metadata.yaml").write_text(FOLDER_ENTRY + "    role: 牵头\n", encoding="utf-8")
    loaded, errors = load_registry(registry)
    assert [e.line for e in errors] == [7] and len(loaded.metadata) == 0
    assert loaded.decisions.unreadable is None  # the decisions are untouched


@pytest.fixture
def fake_parser(monkeypatch: pytest.MonkeyPatch) -> dict[str, Reply]:
    """The pipeline with the parser replaced: file → the Reply it returns."""
    replies: dict[str, Reply] = {}

    def read(path: Path, root: Path, names: object) -> Reply:
        return replies[path.relative_to(root).as_posix()]

    monkeypatch.setattr(pipeline, "read_reply", read)
    return replies


def replies_folder(tmp_path: Path, replies: dict[str, Reply], *given: Reply) -> Path:
    root = tmp_path / "replies"
    for reply in given:
        (root / reply.file).parent.mkdir(parents=True, exist_ok=True)
        (root / reply.file).write_text("（答复）", encoding="utf-8")
        replies[reply.file] = reply
    return root


def test_reply_lacking_session_and_department_is_withheld_until_supplied(
    tmp_path: Path, fake_parser: dict[str, Reply]
) -> None:
    """Check the 我局 reply: withheld naming both fields; published once the folder's entry
    supplies them, with the registry as their source."""
    root = replies_folder(tmp_path, fake_parser, stripped_reply())
    before = load_replies(root, NAMES, Decisions())
    assert (before.published, [p.message for p in before.problems]) == ([], [WITHHELD])
    assert before.problems[0].warning and before.verdicts["交通局/12.txt"].public is False
    after = load_replies(root, NAMES, Decisions(), metadata_of(tmp_path, FOLDER_ENTRY))
    [published] = after.published
    assert (published.department, published.session, after.problems) == ("宜昌市交通运输局", 3, [])
    assert published.sources["department"] == published.sources["session"] == FOLDER_SOURCE


def test_metadata_cannot_publish_a_reply_the_gate_withholds(
    tmp_path: Path, fake_parser: dict[str, Reply]
) -> None:
    """Check that completing an unmarked reply without a decision still withholds it."""
    root = replies_folder(tmp_path, fake_parser, replace(stripped_reply(), disclosure=None))
    loaded = load_replies(root, NAMES, Decisions(), metadata_of(tmp_path, FOLDER_ENTRY))
    assert loaded.published == [] and loaded.replies[0].department == "宜昌市交通运输局"
    assert [p.message for p in loaded.problems] == [
        "交通局/12.txt: 不发布：文件中没有公开标注，也没有登记公开决定：经审定可以公开的，"
        "请在 registry/disclosure.yaml 中登记（path: 交通局/12.txt，decision: 主动公开，"
        "by: 决定人，date: 决定日期）"
    ]


def test_unmatched_metadata_paths_warn_and_other_spellings_match(
    tmp_path: Path, fake_parser: dict[str, Reply]
) -> None:
    """Check that a path matching no file warns with its line, and `\\`, `./` and `replies/`
    forms of a real path match."""
    root = replies_folder(tmp_path, fake_parser, stripped_reply())
    metadata = metadata_of(tmp_path, """\
        metadata:
          - {path: 'replies\\交通局\\', department: 宜昌市交通运输局, by: 张三, when: 2024-07-01}
          - {path: ./交通局/12.txt, session: 3, by: 张三, when: 2024-07-01}
          - {path: 2024/教育局/, session: 3, by: 张三, when: 2024-07-01}
        """)  # fmt: skip
    loaded = load_replies(root, NAMES, Decisions(), metadata)
    assert [p.message for p in loaded.problems] == [
        "registry/metadata.yaml:4: path “2024/教育局/” 不对应 replies 中的任何文件"
    ]
    assert [r.file for r in loaded.published] == ["交通局/12.txt"]


def test_report_lists_missing_and_doubtful_fields_of_published_replies_only(
    tmp_path: Path, fake_parser: dict[str, Reply]
) -> None:
    """Check the build report's two new sections, and that a withheld reply is not in them."""
    shown = make_reply("a/1.txt", title=None, category=None,
                       doubts=(Doubt("proposer", "提案者名称未登记", line=5),))  # fmt: skip
    hidden = make_reply("a/2.txt", number=2, disclosure="不予公开", title=None)
    root = replies_folder(tmp_path, fake_parser, shown, hidden)
    registry, _ = load_registry(tmp_path / "registry")
    content = build_content(load_replies(root, NAMES, Decisions()).published, registry)
    report = build_report(content.catalog, content.indexes, NAMES)
    assert report.sections()[-2:] == [
        ("缺少的字段", (("a/1.txt", ("答复类别", "标题")),)),
        ("存疑的字段", (("a/1.txt", ("提案者：提案者名称未登记（第 5 行）",)),)),
    ]
    assert report.log_lines()[-2:] == [
        "a/1.txt：缺少 答复类别、标题",
        "a/1.txt：存疑 提案者：提案者名称未登记（第 5 行）",
    ]


STRIPPED_TEXT = """\
关于政协宜昌市六届次会议第12号提案的答复

分类：B

王芳委员：

您提出的“关于优化城区公交站点布局的建议”收悉。经认真研究，现答复如下：

我局高度重视城区公交站点布局工作，已会同有关方面对城区公交站点进行了全面梳理。

感谢您对我局工作的关心和支持。

2024年6月20日

公开情况：主动公开
"""


def test_end_to_end_stripped_reply_through_the_parser(tmp_path: Path) -> None:
    """Check through the real parser: withheld naming session and department, then published
    once metadata.yaml supplies them for its folder."""
    root = tmp_path / "replies"
    (root / "交通局").mkdir(parents=True)
    (root / "交通局" / "12.txt").write_text(STRIPPED_TEXT, encoding="utf-8")
    before = load_replies(root, NAMES, Decisions())
    assert [p.message for p in before.problems] == [WITHHELD] and before.published == []
    after = load_replies(root, NAMES, Decisions(), metadata_of(tmp_path, FOLDER_ENTRY))
    [published] = after.published
    assert (published.department, published.session, published.term) == ("宜昌市交通运输局", 3, 6)
    assert published.sources["department"] == FOLDER_SOURCE
