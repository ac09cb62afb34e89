"""The disclosure gate publishes only explicit public markings or recorded decisions."""

from __future__ import annotations

from pathlib import Path

import pytest
from openreplies.disclosure import (
    Decision,
    Decisions,
    is_publishable_marking,
    judge,
    load_decisions,
)
from openreplies.errors import RegistryError
from openreplies.model import Body, Reply


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
    """Check that a file with no marking and no decision stays withheld and is reported."""
    verdict = judge(make_reply(disclosure=None), Decisions())
    assert (verdict.public, verdict.problem) == (False, True)
    assert "没有公开标注" in verdict.reason


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
    with pytest.raises(RegistryError, match="第 1 条决定：decision 应为 主动公开 或 不予公开"):
        load_decisions(bad)


def test_decisions_file_syntax_error_names_its_line(tmp_path: Path) -> None:
    """Check that a YAML syntax error in the decisions file reports the file and the line."""
    bad = tmp_path / "disclosure.yaml"
    bad.write_text("decisions:\n  - path: x/\n    decision: [主动公开\n", encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_decisions(bad)
    assert caught.value.line is not None and caught.value.line >= 3
    assert str(caught.value).startswith(f"{bad}:{caught.value.line}: YAML 语法错误")
