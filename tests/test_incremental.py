"""Incremental builds: after editing replies, `mkdocs build --dirty` gives the clean build's site.

One module-scoped scenario, as a webmaster lives it: a site of synthetic and hand-written
replies is built; then one reply is edited (title, proposer, department, cited policy, a new
word), one public reply is withheld by its marking, and one unmarked reply by a changed decision
in disclosure.yaml (same file bytes: its parse comes from the cache, the gate must still run);
then the site is built again with --dirty, and compared with a clean build of the same input in
another folder without any cache. Builds run as the webmaster runs them: no SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from openreplies.search.lookup import IndexReader
from openreplies.synthetic import write_replies
from sitebuild import output_blobs, write_config, write_file

EDITED = "手写/edited.txt"
WITHHELD = "手写/withheld.txt"
DECIDED = "手写/decided.txt"
KEPT = "手写/kept.txt"
"""Another reply of the edited reply's first department and policy, left as it is."""
UNRELATED_URL = "jingzhou/zx/6-1/1/"
"""A synthetic reply that no edit touches (the second synthetic file)."""

REPLY = """{department}

关于政协宜昌市六届三次会议第{number}号提案的答复

分类：B

{proposer}委员：

您提出的“{title}”的提案收悉。现答复如下：

一、基本情况

按照《{policy}》（{doc_number}）的要求，我们{sentence}

{department}
2024年6月{day}日

{marking}
"""

BEFORE = {
    "department": "宜昌市教育局",
    "proposer": "欧阳明远",
    "title": "关于建设城市绿道的提案",
    "policy": "宜昌市绿道建设规划",
    "doc_number": "宜府发〔2020〕911号",
    "sentence": "已在全市建成绿道八十公里。",
}
AFTER = {
    "department": "宜昌市民政局",
    "proposer": "司马青云",
    "title": "关于建设城市绿道和口袋公园的提案",
    "policy": "宜昌市口袋公园建设导则",
    "doc_number": "宜府办发〔2023〕927号",
    "sentence": "已在全市建成绿道八十公里，并在沿线设置了绿道驿站。",
}
WITHHELD_SENTINEL = "示例撤回句乙只在这份后来不公开的答复中"
DECIDED_SENTINEL = "示例决定句丙只在这份登记后不公开的答复中"


def reply(number: int, marking: str = "公开情况：公开", day: int = 3, **fields: str) -> str:
    """A 宜昌市 政协 六届三次 reply citing one policy."""
    return REPLY.format(number=number, marking=marking, day=day, **{**BEFORE, **fields})


def decisions(decision: str) -> str:
    """registry/disclosure.yaml deciding on the unmarked reply."""
    return (
        "decisions:\n"
        f"  - path: {DECIDED}\n    decision: {decision}\n    by: 市政府办公室 张三\n"
        "    date: 2024-07-01\n"
    )


def write_site_input(folder: Path) -> None:
    """The replies and registry of the site before the edits."""
    write_replies(folder / "replies", 16)
    write_file(folder / "replies", EDITED, reply(901))
    write_file(folder / "replies", WITHHELD, reply(902, title="关于改造老旧小区的提案",
                                                  sentence=WITHHELD_SENTINEL + "。"))  # fmt: skip
    write_file(folder / "replies", DECIDED, reply(903, marking="", title="关于增设公交线路的提案",
                                                  sentence=DECIDED_SENTINEL + "。"))  # fmt: skip
    write_file(folder / "replies", KEPT, reply(904, title="关于开展课后服务的提案"))
    write_file(folder / "registry", "disclosure.yaml", decisions("主动公开"))


def edit_site_input(folder: Path) -> None:
    """Edit one reply, withhold one by its marking and one by the registry."""
    write_file(folder / "replies", EDITED, reply(901, **AFTER))
    write_file(folder / "replies", WITHHELD, reply(902, marking="公开情况：不予公开",
                                                   title="关于改造老旧小区的提案",
                                                   sentence=WITHHELD_SENTINEL + "。"))  # fmt: skip
    write_file(folder / "registry", "disclosure.yaml", decisions("不予公开"))


def mkdocs_build(folder: Path, *, dirty: bool = False) -> str:
    """`mkdocs build [--dirty]` of folder/mkdocs.yml into folder/site, as a webmaster runs it."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(folder / "mkdocs.yml"),
               "-d", str(folder / "site")]  # fmt: skip
    if dirty:
        command.append("--dirty")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOURCE_DATE", "OPENREPLIES"))}
    env["NO_MKDOCS_2_WARNING"] = "1"
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stderr


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by its relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@dataclass(frozen=True)
class Scenario:
    """The site built, edited and built again with --dirty, and a clean build of the same."""

    dirty: Path
    """The site folder built first clean, then --dirty after the edits."""
    clean: Path
    """A clean build of the edited input, in a folder with no cache."""
    cache: Path
    """The dirty site's build cache."""
    first_mtimes: dict[str, int]
    """Modification time of each page of the first build."""
    dirty_log: str


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    """Build, edit, build --dirty; and build the edited input clean elsewhere."""
    work = tmp_path_factory.mktemp("incremental")
    write_site_input(work)
    write_config(work, work / "replies", work / "registry")
    mkdocs_build(work)
    mtimes = {p.relative_to(work / "site").as_posix(): p.stat().st_mtime_ns
              for p in (work / "site").rglob("index.html")}  # fmt: skip
    edit_site_input(work)
    log = mkdocs_build(work, dirty=True)
    fresh = tmp_path_factory.mktemp("clean")
    shutil.copytree(work / "replies", fresh / "replies")
    shutil.copytree(work / "registry", fresh / "registry")
    write_config(fresh, fresh / "replies", fresh / "registry")
    mkdocs_build(fresh)
    return Scenario(work / "site", fresh / "site", work / ".cache", mtimes, log)


def page(site: Path, url: str) -> str:
    """The HTML of the page at `url`."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_dirty_rebuild_after_edits_equals_clean_build(scenario: Scenario) -> None:
    """Check that the site after `mkdocs build --dirty` is byte for byte the clean build's:
    the same files, the same bytes, nothing left over from the first build."""
    dirty, clean = tree(scenario.dirty), tree(scenario.clean)
    assert sorted(set(dirty) - set(clean)) == []
    assert sorted(set(clean) - set(dirty)) == []
    assert sorted(name for name in clean if dirty[name] != clean[name]) == []


def test_edited_reply_reaches_its_index_pages_and_search(scenario: Scenario) -> None:
    """Check that the edit shows on the reply's page, its new proposer's, department's,
    session's and policy's pages, that the old ones no longer list it, and that search finds
    the new word at the reply's address."""
    site, title, old = scenario.dirty, AFTER["title"], BEFORE["title"]
    assert title in page(site, "yichang/zx/6-3/901")
    for url in ("proposers/simaqingyun", "departments/yichangshiminzhengju", "yichang/zx/6-3",
                "policies/yifubanfa-2023-927"):  # fmt: skip
        assert title in page(site, url), url
    assert not (site / "proposers" / "ouyangmingyuan").exists() or old not in page(
        site, "proposers/ouyangmingyuan"
    )
    for url in ("departments/yichangshijiaoyuju", "policies/yifufa-2020-911"):
        assert "关于开展课后服务的提案" in page(site, url), url
        assert old not in page(site, url), url
    for name, data in output_blobs(site):
        assert old.encode() not in data, name
    reader = IndexReader(site / "search" / "index")
    chunk = reader.manifest["chunk"]
    found = [
        json.loads((site / "search/index/d" / f"{i // chunk}.json").read_text("utf-8"))[i % chunk]
        for i in reader.search("绿道驿站")
    ]
    assert [record[0].strip("/") for record in found] == ["yichang/zx/6-3/901"]


def test_withheld_replies_leave_every_output_and_the_page_cache(scenario: Scenario) -> None:
    """Check that a reply withheld by its marking, and one withheld by a new decision while its
    file (and so its cached parse) stayed the same, are gone from every file of the site, the
    search index included, and from the cached pages."""
    for url in ("yichang/zx/6-3/902", "yichang/zx/6-3/903"):
        assert not (scenario.dirty / url).exists()
    hits = [
        name
        for name, data in output_blobs(scenario.dirty)
        if WITHHELD_SENTINEL.encode() in data or DECIDED_SENTINEL.encode() in data
    ]
    assert hits == []
    cached_pages = scenario.cache / "openreplies" / "site"
    assert [name for name, data in tree(cached_pages).items()
            if WITHHELD_SENTINEL.encode() in data or DECIDED_SENTINEL.encode() in data] == []  # fmt: skip


def test_dirty_build_renders_only_what_changed(scenario: Scenario) -> None:
    """Check that a page the edits do not touch is not rendered again (its file is the first
    build's), while the edited reply's page is, and that only the edited files are parsed."""
    after = {p.relative_to(scenario.dirty).as_posix(): p.stat().st_mtime_ns
             for p in scenario.dirty.rglob("index.html")}  # fmt: skip
    untouched = UNRELATED_URL + "index.html"
    assert after[untouched] == scenario.first_mtimes[untouched]
    assert (
        after["yichang/zx/6-3/901/index.html"]
        != scenario.first_mtimes["yichang/zx/6-3/901/index.html"]
    )
    unchanged = sum(after[name] == mtime for name, mtime in scenario.first_mtimes.items()
                    if name in after)  # fmt: skip
    assert unchanged > len(after) // 2
    assert "20 个文件，18 个来自解析缓存" in scenario.dirty_log
