"""Hardening: markings end to end, bad input and broken registries, byte-identical rebuilds."""

from __future__ import annotations

import datetime as dt
import filecmp
import shutil
from pathlib import Path

import pytest
from openreplies.disclosure import Decisions, apply_gate
from openreplies.reading.intake import decode_source
from openreplies.reading.names import load_names
from openreplies.reading.parsing import parse_reply
from sitebuild import REPO, assert_strict_failure, build_site, reply_text, scan
from sitebuild import write_file as write

LABELS = ("公开情况", "公开属性", "公开方式", "是否公开")
VALUES = {
    "公开": True,
    "主动公开": True,
    "同意公开": True,
    "依申请公开": False,
    "不予公开": False,
    "不公开": False,
    "部分公开": False,
    "免予公开": False,
    "": False,
    "公幵": False,
    "主动公开，部分内容除外": False,
}


def gate(text: str) -> bool:
    source = decode_source("x.txt", text.encode("utf-8"), ".txt")
    reply, _ = apply_gate(parse_reply(source, load_names(None)), Decisions())
    return reply.public


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize(("value", "public"), VALUES.items())
def test_only_unambiguous_public_markings_publish(label: str, value: str, public: bool) -> None:
    """Check every disclosure label with every value, parsed from a whole reply."""
    text = reply_text(1, "关于甲的建议", marking=f"{label}：{value}")
    assert gate(text) is public


@pytest.mark.parametrize(
    ("marking", "public"),
    [
        ("是否公开：是", True),
        ("是否公开：否", False),
        ("公开情况：公开\n公开属性：不予公开", False),
        ("公开属性：不予公开\n公开情况：公开", False),
        ("", False),
    ],
)
def test_conflicting_or_missing_markings_withhold(marking: str, public: bool) -> None:
    """Check that two conflicting markings, or none, withhold the reply."""
    text = reply_text(1, "关于乙的建议", marking=marking)
    assert gate(text) is public


def good(number: int, title: str, body: str = "正文。") -> str:
    return reply_text(number, title, body)


def test_more_bad_input_is_named_and_the_rest_builds(tmp_path: Path) -> None:
    """Check a 20 MB file, undecodable bytes and conflicting duplicates: named, rest built."""
    replies = tmp_path / "replies"
    write(replies, "ok.txt", good(5, "关于好的建议"))
    write(replies, "huge.txt", "答" * (7 * 1024 * 1024))
    write(replies, "bytes.txt", b"\xff\xfe\xfd" * 3 + b"\x81\x30" + b"\xfe" * 101)
    write(replies, "dup-a.txt", good(6, "关于重复的建议", "第一个版本的正文，独一无二甲。"))
    write(replies, "dup-b.txt", good(6, "关于重复的建议", "第二个版本的正文，独一无二乙。"))
    write(replies, "same-a.txt", good(7, "关于同文的建议"))
    write(replies, "same-b.txt", good(7, "关于同文的建议").replace("\n", "\r\n"))
    site = build_site(tmp_path / "a", replies)
    assert site.returncode == 0, site.log
    assert "关于好的建议" in site.page("yichang/zx/6-3/5")
    lines = site.log.splitlines()
    assert any("huge.txt" in line and "文件过大" in line and "WARNING" in line for line in lines)
    assert any("bytes.txt" in line and "WARNING" in line for line in lines)
    assert any("dup-a.txt" in line and "内容不同" in line and "WARNING" in line for line in lines)
    assert scan(site, ["独一无二甲", "独一无二乙"]) == []
    assert not (site.root / "yichang/zx/6-3/6").exists()
    assert "关于同文的建议" in site.page("yichang/zx/6-3/7")
    assert_strict_failure(build_site(tmp_path / "b", replies, strict=True))


def test_broken_registry_file_is_named_with_its_line(tmp_path: Path) -> None:
    """Check that a names.yaml syntax error names file and line, the site builds, strict fails."""
    replies = tmp_path / "replies"
    write(replies, "ok.txt", good(5, "关于好的建议"))
    registry = tmp_path / "registry"
    write(registry, "names.yaml", "departments:\n  发改委: [a\n  b: c\n")
    site = build_site(tmp_path / "a", replies, registry)
    assert site.returncode == 0, site.log
    assert any(f"{registry / 'names.yaml'}:" in line and "YAML 语法错误" in line
               for line in site.log.splitlines() if "WARNING" in line)  # fmt: skip
    assert "关于好的建议" in site.page("yichang/zx/6-3/5")
    assert_strict_failure(build_site(tmp_path / "b", replies, registry, strict=True))


def test_broken_decisions_file_publishes_nothing(tmp_path: Path) -> None:
    """Check that an unreadable disclosure.yaml withholds every reply, marked public or not."""
    replies = tmp_path / "replies"
    write(replies, "ok.txt", good(5, "关于本应公开的建议"))
    registry = tmp_path / "registry"
    write(registry, "disclosure.yaml", "decisions:\n  - path: ok.txt\n    decision: [不予公开\n")
    site = build_site(tmp_path / "a", replies, registry)
    assert site.returncode == 0, site.log
    assert scan(site, ["关于本应公开的建议"]) == []
    assert "disclosure.yaml" in site.log


def test_two_builds_are_byte_identical_and_dated_by_the_replies(tmp_path: Path) -> None:
    """Check that rebuilding the sample site changes no byte, with no date from the clock."""
    first = build_site(tmp_path / "one", REPO / "replies", REPO / "registry", epoch=None)
    second = build_site(tmp_path / "two", REPO / "replies", REPO / "registry", epoch=None)
    assert first.returncode == second.returncode == 0
    names = [p.relative_to(first.root) for p in first.files()]
    assert names == [p.relative_to(second.root) for p in second.files()]
    different = [
        n for n in names if not filecmp.cmp(first.root / n, second.root / n, shallow=False)
    ]
    assert different == []
    sitemap = (first.root / "sitemap.xml").read_text(encoding="utf-8")
    assert dt.date.today().isoformat() not in sitemap
    assert "<lastmod>2022-07-08</lastmod>" in sitemap
    shutil.rmtree(tmp_path)
