"""`python -m openreplies init DIR`: a new site without sample data that builds strictly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from openreplies.newsite import TEMPLATE
from openreplies.site_address import EXAMPLE_SITE_URL
from sitebuild import output_blobs, write_file

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DATA = ("示例", "2019年1月", "关于进一步推进职业教育发展的意见")
"""The sample's own data: its 示例 notes and replies, the meeting dates of 宜昌 六届三次 in its
sessions.yaml, the title its policies.yaml gives 宜府发〔2018〕62号."""
REPLY = """宜昌市教育局

关于政协宜昌市六届三次会议第45号提案的答复

分类：B

李四委员：

您提出的“关于加快职业院校实训基地建设的建议”收悉。现答复如下：

我局将按照《关于职业教育的意见》（宜府发〔2018〕62号）推进实训基地建设。

宜昌市教育局

公开情况：主动公开
"""
"""A reply of the session the sample's registry knows, without a date (so the page would show
that session's meeting dates) and citing the 文号 the sample's policies.yaml names."""


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    command = [str(a) for a in args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def init(folder: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "openreplies", "init", folder, cwd=cwd)


def test_a_new_site_builds_strictly_once_its_address_is_set_and_holds_no_sample_data(
    tmp_path: Path,
) -> None:
    """Check that an initialised site with one public reply fails --strict on the placeholder
    site_url, builds once it is set, and no output file holds the sample's data."""
    site = tmp_path / "新网站"
    made = init(site, tmp_path)
    assert made.returncode == 0, made.stderr
    assert "site_url" in made.stdout and "openreplies publish" in made.stdout
    assert list((site / "replies").iterdir()) == []
    write_file(site / "replies", "2024/住建局/45.txt", REPLY)
    build = (sys.executable, "-m", "mkdocs", "build", "--strict", "-d", tmp_path / "out")
    placeholder = run(*build, cwd=site)
    assert placeholder.returncode == 1
    assert "site_url 仍是示例地址" in placeholder.stderr

    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(EXAMPLE_SITE_URL, "https://www.yichang.test/dafu/"), "utf-8")
    built = run(*build, cwd=site)
    assert built.returncode == 0, built.stderr
    page = tmp_path / "out/yichang/zx/6-3/45/index.html"
    assert "关于加快职业院校实训基地建设的建议" in page.read_text(encoding="utf-8")
    hits = [
        f"{name}: {word}"
        for name, data in output_blobs(tmp_path / "out")
        for word in SAMPLE_DATA
        if word in data.decode("utf-8", errors="replace")
    ]
    assert hits == []


def test_check_in_a_new_site_reads_its_own_registry(tmp_path: Path) -> None:
    """Check that `check`, run in the new site's replies folder, reads that site's config and
    registry (the templates are valid: no error)."""
    site = tmp_path / "site"
    assert init(site, tmp_path).returncode == 0
    write_file(site / "replies", "45.txt", REPLY)
    checked = run(sys.executable, "-m", "openreplies", "check", cwd=site / "replies")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"配置文件：{site / 'mkdocs.yml'}" in checked.stdout
    assert f"登记文件夹：{site / 'registry'}\n" in checked.stdout
    assert "1 件发布，0 件不发布，0 个错误" in checked.stdout


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    """Check that init writes nothing into a folder that holds a file, and says why."""
    site = tmp_path / "site"
    write_file(site, "mkdocs.yml", "site_name: 旧网站\n")
    refused = init(site, tmp_path)
    assert refused.returncode == 1
    assert "不是空文件夹" in refused.stderr
    assert sorted(p.name for p in site.iterdir()) == ["mkdocs.yml"]
    assert (site / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: 旧网站\n"


class _Tagged(yaml.SafeLoader):
    """Reads MkDocs' `!!python/…` tags as (tag, value), so two configs can be compared."""


_Tagged.add_multi_constructor(
    "", lambda loader, tag, node: (tag, loader.construct_mapping(node, deep=True))
)


def settings(config: Path) -> dict[str, Any]:
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Tagged)
    assert isinstance(data, dict)
    return data


def test_a_new_site_has_the_repository_settings_but_its_own_hook_file(tmp_path: Path) -> None:
    """Check that the new site's mkdocs.yml is the repository's except for the hook shim and the
    address (the sample's is local, the new site's a placeholder that strict builds refuse), so
    a change of theme, nav or extensions in one cannot be forgotten in the other."""
    new, repo = settings(TEMPLATE / "mkdocs.yml"), settings(REPO / "mkdocs.yml")
    assert new.pop("hooks") == ["hooks/openreplies_site.py"]
    repo.pop("hooks")
    assert new.pop("site_url") == "https://replies.example.gov.cn/"
    assert repo.pop("site_url") == "http://127.0.0.1:8000/"
    assert new == repo


def test_template_files_hold_no_sample_data() -> None:
    """Check that no file a new site gets from the package names the sample's data."""
    for path in TEMPLATE.rglob("*"):
        if path.is_file() and path.suffix != ".pyc":
            text = path.read_text(encoding="utf-8")
            assert [w for w in SAMPLE_DATA if w in text] == [], path
