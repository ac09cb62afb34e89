"""The disclosure gate publishes only explicit public markings or recorded decisions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openreplies import pipeline
from openreplies.disclosure import (
    Decision,
    Decisions,
    is_publishable_marking,
    judge,
    load_decisions,
)
from openreplies.errors import RegistryError
from openreplies.model import Body, Reply
from openreplies.pipeline import load_replies
from openreplies.reading.names import load_names
from openreplies.registry import most_specific, normalize_path
from openreplies.settings import note_for


def make_reply(file: str = "a/1.txt", disclosure: str | None = "公开") -> Reply:
    return Reply(
        file=file,
        disclosure=disclosure,
        body=Body.CPPCC,
        region="宜昌市",
        term=6,
        session=3,
        number=1,
        category=None,
        proposer="张三",
        proposer_canonical="张三",
        title="关于…的建议",
        department="宜昌市教育局",
        role=None,
        co_departments=(),
        date=None,
        policies=(),
        leader=None,
        handler=None,
        phones=(),
        postcode=None,
    )


@pytest.mark.parametrize(
    ("marking", "public"),
    [
        ("公开", True),
        ("主动公开", True),
        ("同意公开", True),
        ("【主动公开】", True),
        (" 公 开 ", True),
        ("是", True),
        ("依申请公开", False),
        ("不予公开", False),
        ("不公开", False),
        ("不同意公开", False),
        ("部分公开", False),
        ("免予公开", False),
        ("", False),
        ("公幵", False),
        ("主动公开/不予公开", False),
        ("否", False),
        (None, False),
    ],
)
def test_only_explicit_public_markings_publish(marking: str | None, public: bool) -> None:
    """Check that a marking publishes only when it is 公开, 主动公开, 同意公开 or 是."""
    assert is_publishable_marking(marking) is public
    assert judge(make_reply(disclosure=marking), Decisions()).public is public


def decision(path: str, public: bool) -> Decision:
    return Decision(path, public, "主动公开" if public else "不予公开", "办公室", "2024-01-02")


def test_unmarked_reply_is_withheld_and_flagged_without_decision() -> None:
    """Check that a file with no marking and no decision stays withheld and is reported with
    the decisions file and the entry that would publish it."""
    verdict = judge(make_reply("2024/a.txt", None), Decisions())
    assert (verdict.public, verdict.problem) == (False, True)
    assert verdict.reason == (
        "文件中没有公开标注，也没有登记公开决定：经审定可以公开的，请在 registry/disclosure.yaml "
        "中登记（path: 2024/a.txt，decision: 主动公开，by: 决定人，date: 决定日期）"
    )


def test_recorded_decision_publishes_unmarked_file_and_folder_rules_apply() -> None:
    """Check that a decision for a folder covers its files and the most specific path wins."""
    decisions = Decisions([decision("a/", True), decision("a/2.txt", False)])
    assert judge(make_reply("a/1.txt", None), decisions).public is True
    assert judge(make_reply("a/2.txt", None), decisions).public is False
    assert judge(make_reply("b/1.txt", None), decisions).public is False


def test_marking_contradicted_by_decision_is_withheld_and_reported() -> None:
    """Check that a marking and a decision that disagree withhold the reply, either way."""
    public_marked = judge(make_reply(disclosure="公开"), Decisions([decision("a/", False)]))
    withheld_marked = judge(make_reply(disclosure="不予公开"), Decisions([decision("a/", True)]))
    for verdict in (public_marked, withheld_marked):
        assert (verdict.public, verdict.problem) == (False, True)
        assert "不一致" in verdict.reason


def test_decisions_file_is_read_and_checked(tmp_path: Path) -> None:
    """Check that the decisions file loads, and that a bad value names the entry."""
    good = tmp_path / "disclosure.yaml"
    good.write_text(
        "decisions:\n  - {path: x/, decision: 主动公开, by: 办公室, date: 2024-05-01}\n",
        encoding="utf-8",
    )
    [loaded] = list(load_decisions(good))
    assert (loaded.path, loaded.public, loaded.date) == ("x/", True, "2024-05-01")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "decisions:\n  - {path: x/, decision: 公开吧, by: a, date: 2024-05-01}\n", encoding="utf-8"
    )
    with pytest.raises(RegistryError) as caught:
        load_decisions(bad)
    assert str(caught.value) == (
        f"{bad}:2: 第 1 条决定（x/）：decision 应为 主动公开 或 不予公开，而不是 '公开吧'"
    )


def test_decisions_file_syntax_error_names_its_line(tmp_path: Path) -> None:
    """Check that a YAML syntax error in the decisions file reports the file and the line."""
    bad = tmp_path / "disclosure.yaml"
    bad.write_text("decisions:\n  - path: x/\n    decision: [主动公开\n", encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_decisions(bad)
    assert caught.value.line is not None and caught.value.line >= 3
    assert str(caught.value).startswith(f"{bad}:{caught.value.line}: YAML 语法错误")


@pytest.mark.parametrize(
    ("written", "path"),
    [
        ("2024/教育局/", "2024/教育局/"),
        ("2024\\教育局\\", "2024/教育局/"),
        ("./2024/教育局/", "2024/教育局/"),
        (".\\2024\\x.txt", "2024/x.txt"),
        ("/2024//教育局/", "2024/教育局/"),
        ("replies/2024/x.txt", "2024/x.txt"),
        ("replies\\2024\\", "2024/"),
        ("./replies/./2024/", "2024/"),
        ("replies/", ""),
        ("./", ""),
        ("其他/replies/x.txt", "其他/replies/x.txt"),
        ("repliesx/a.txt", "repliesx/a.txt"),
        (" 2024/x.txt ", "2024/x.txt"),
    ],
)
def test_registry_paths_are_normalised(written: str, path: str) -> None:
    """Check that `\\`, `./`, doubled slashes and a leading `replies/` are normalised away."""
    assert normalize_path(written, "replies") == path
    assert normalize_path(normalize_path(written, "replies")) == path  # idempotent


@pytest.mark.parametrize(
    ("paths", "file", "expected"),
    [
        (["a/", "a/b/", "a/b/1.txt"], "a/b/1.txt", "a/b/1.txt"),
        (["a/", "a/b/"], "a/b/1.txt", "a/b/"),
        (["a/", ""], "a/b/1.txt", "a/"),
        ([""], "a/b/1.txt", ""),
        (["a/b", "a/b/1"], "a/b/1.txt", None),  # a folder needs its trailing /
        (["b/"], "a/b/1.txt", None),
        (["a/b/1.txt/"], "a/b/1.txt", None),
    ],
)
def test_most_specific_entry_is_shared_by_decisions_notes_and_metadata(
    paths: list[str], file: str, expected: str | None
) -> None:
    """Check the one rule: file > deeper folder > shallower folder > the whole folder."""
    assert most_specific({p: p for p in paths}, file) == expected
    assert note_for({p: p for p in paths}, file) == expected
    found = Decisions([decision(p, True) for p in paths]).for_file(file)
    assert (found.path if found else None) == expected


def unmarked(path: Path, root: Path) -> Reply:
    """An unmarked reply numbered after its file name (2.txt → 第2号)."""
    return replace(make_reply(path.relative_to(root).as_posix(), None), number=int(path.stem))


DECISIONS = """\
decisions:
  - {path: 'replies\\示例\\1.txt', decision: 主动公开, by: 办公室, date: 2024-05-01}
  - {path: ./示例/2.txt, decision: 主动公开, by: 办公室, date: 2024-05-01}
  - {path: replies/示例/sub/, decision: 主动公开, by: 办公室, date: 2024-05-01}
  - path: 2024/教育局/
    decision: 主动公开
    by: 办公室
    date: 2024-05-01
  - {path: 示例/3.txt, decision: 主动公开, by: 办公室, date: 2024-05-01}
"""


def test_unmatched_decision_paths_warn_and_windows_and_replies_forms_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Check that a path matching no file is a warning naming the file, line and path, and
    that `\\`, `./` and `replies/` spellings of real paths publish their unmarked files."""
    root = tmp_path / "replies"
    for file in ("示例/1.txt", "示例/2.txt", "示例/sub/4.txt"):
        (root / file).parent.mkdir(parents=True, exist_ok=True)
        (root / file).write_text("（答复）", encoding="utf-8")
    monkeypatch.setattr(pipeline, "read_reply", lambda path, root, names: unmarked(path, root))
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "disclosure.yaml").write_text(DECISIONS, encoding="utf-8")
    decisions = load_decisions(tmp_path / "registry" / "disclosure.yaml")
    loaded = load_replies(root, load_names(None), decisions)
    assert [p.message for p in loaded.problems if p.warning] == [
        "registry/disclosure.yaml:5: path “2024/教育局/” 不对应 replies 中的任何文件",
        "registry/disclosure.yaml:9: path “示例/3.txt” 不对应 replies 中的任何文件",
    ]
    assert sorted(r.file for r in loaded.published) == [
        "示例/1.txt",
        "示例/2.txt",
        "示例/sub/4.txt",
    ]


def test_decision_errors_name_their_line(tmp_path: Path) -> None:
    """Check that an incomplete decision or a wrong value names the entry's line."""
    bad = tmp_path / "disclosure.yaml"
    bad.write_text(
        "decisions:\n  - path: x/\n    by: a\n    date: 2024-05-01\n"
        "  - path: y/\n    decision: 公开吧\n    by: a\n    date: 2024-05-01\n",
        encoding="utf-8",
    )
    with pytest.raises(RegistryError) as caught:
        load_decisions(bad)
    assert str(caught.value) == f"{bad}:2: 第 1 条决定（x/）：缺少 decision（另有 1 处错误）"
    bad.write_text(
        bad.read_text("utf-8").replace("  - path: x/\n    by: a\n    date: 2024-05-01\n", ""),
        "utf-8",
    )
    with pytest.raises(RegistryError) as caught:
        load_decisions(bad)
    assert (
        str(caught.value)
        == f"{bad}:3: 第 1 条决定（y/）：decision 应为 主动公开 或 不予公开，而不是 '公开吧'"
    )


def test_an_impossible_date_is_a_registry_error_not_a_crash(tmp_path: Path) -> None:
    """Check that date: 2024-02-30 (valid YAML, no date) is reported with its line."""
    bad = tmp_path / "disclosure.yaml"
    bad.write_text(
        "decisions:\n  - {path: x/, decision: 主动公开, by: a, date: 2024-02-30}\n", "utf-8"
    )
    with pytest.raises(RegistryError) as caught:
        load_decisions(bad)
    assert str(caught.value) == f"{bad}:2: 无效的值：day is out of range for month"
