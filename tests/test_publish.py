"""`python -m openreplies publish`: only a passing strict build replaces the site; the example
site_url fails a strict build."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import openreplies.publish
import pytest
from openreplies.publish import replace_folder
from openreplies.site_address import EXAMPLE_SITE_URL, is_example_site_url
from sitebuild import reply_text, write_config, write_file

REAL_URL = "https://www.test.gov.cn/dafu/"


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command of the webmaster's, in `cwd`, with its output captured."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    command = [str(a) for a in args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def publish(folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "openreplies", "publish", "--site-url", REAL_URL, *extra,
               cwd=folder)  # fmt: skip


def site_folder(tmp_path: Path) -> Path:
    """A site (the repository's mkdocs.yml) with one public reply, its output not built."""
    folder = tmp_path / "web"
    write_file(folder / "replies", "5.txt", reply_text(5, "关于第一件答复的建议"))
    write_config(folder, folder / "replies", folder / "registry")
    (folder / "registry").mkdir()
    return folder


def fingerprint(root: Path) -> dict[str, str]:
    """Every file under `root` with a digest of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def leftovers(folder: Path) -> list[str]:
    """Temporary folders (.site.new-…, .site.old-…) and configs (.mkdocs.publish-….yml) that
    publish must not leave behind."""
    prefixes = (".site.", ".mkdocs.publish-")
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(prefixes))


def test_publish_replaces_the_site_only_when_the_strict_build_passes(tmp_path: Path) -> None:
    """Check that a good build is published, a failing one (an empty reply) leaves the old site
    byte for byte with the reason and exit 1, and the next good build replaces it."""
    folder = site_folder(tmp_path)
    first = publish(folder)
    assert first.returncode == 0, first.stdout + first.stderr
    page = folder / "site/yichang/zx/6-3/5/index.html"
    assert "关于第一件答复的建议" in page.read_text(encoding="utf-8")
    assert f'href="{REAL_URL}yichang/zx/6-3/5/"' in page.read_text(encoding="utf-8")
    before = fingerprint(folder / "site")

    write_file(folder / "replies", "empty.txt", "")
    write_file(folder / "replies", "6.txt", reply_text(6, "关于第二件答复的建议"))
    failed = publish(folder)
    assert failed.returncode == 1
    assert "保持不变" in failed.stderr
    assert any("empty.txt" in line and "文件是空的" in line for line in failed.stderr.splitlines())
    assert fingerprint(folder / "site") == before
    assert leftovers(folder) == []

    (folder / "replies" / "empty.txt").unlink()
    second = publish(folder)
    assert second.returncode == 0, second.stdout + second.stderr
    assert (folder / "site/yichang/zx/6-3/6/index.html").is_file()
    assert leftovers(folder) == []


def test_publish_refuses_an_output_folder_it_would_wrongly_delete(tmp_path: Path) -> None:
    """Check that publish will not replace a folder that is not a built site, nor the site's
    own folder: exit 1, a reason, nothing touched."""
    folder = site_folder(tmp_path)
    documents = tmp_path / "documents"
    write_file(documents, "工作记录.txt", "不要删除")
    refused = publish(folder, "-d", str(documents))
    assert refused.returncode == 1
    assert "不是以前生成的网站" in refused.stderr
    assert (documents / "工作记录.txt").read_text(encoding="utf-8") == "不要删除"
    itself = publish(folder, "-d", str(tmp_path))
    assert itself.returncode == 1
    assert "包含网站的源文件" in itself.stderr
    assert (folder / "mkdocs.yml").is_file()


def test_example_site_url_fails_a_strict_build_and_warns_in_a_draft(tmp_path: Path) -> None:
    """Check that the example site_url makes `mkdocs build --strict` fail with a warning that
    names it, and a draft build warn but finish."""
    folder = site_folder(tmp_path)
    config = folder / "mkdocs.yml"
    text = re.sub(r"(?m)^site_url:.*$", f"site_url: {EXAMPLE_SITE_URL}", config.read_text("utf-8"))
    config.write_text(text, encoding="utf-8")
    build = (sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "out"))
    strict = run(*build, "--strict", cwd=folder)
    assert strict.returncode == 1
    warnings = [line for line in strict.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [
        f"WARNING -  openreplies: mkdocs.yml 中的 site_url 仍是示例地址 {EXAMPLE_SITE_URL}："
        "页面地址、站点地图、开放数据和订阅源都会使用这个地址。"
        "请改为本站的正式地址（例如 https://www.本站域名.gov.cn/dafu/）后再发布"
    ]
    draft = run(*build, cwd=folder)
    assert draft.returncode == 0
    assert "site_url 仍是示例地址" in draft.stderr
    unchanged = publish(folder, "--site-url", EXAMPLE_SITE_URL)
    assert unchanged.returncode == 1 and "site_url 仍是示例地址" in unchanged.stderr
    assert not (folder / "site").exists()


@pytest.mark.parametrize(
    ("site_url", "example"),
    [
        (EXAMPLE_SITE_URL, True),
        ("http://REPLIES.example.gov.cn:8080/dafu/", True),
        ("https://www.yichang.gov.cn/dafu/", False),
        ("https://example.gov.cn/", False),
        ("", False),
        (None, False),
    ],
)
def test_example_site_url_is_recognised_in_any_spelling(
    site_url: str | None, example: bool
) -> None:
    """Check that the example host is recognised whatever the scheme, case, port or path."""
    assert is_example_site_url(site_url) is example


def test_replacing_without_an_atomic_exchange_keeps_the_old_site_until_the_new_is_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Check the two-rename fallback (systems without renameat2): new site in place, old gone."""
    monkeypatch.setattr(openreplies.publish, "_exchange", lambda first, second: False)
    old, new = tmp_path / "site", tmp_path / ".site.new"
    write_file(old, "index.html", "old")
    write_file(new, "index.html", "new")
    replace_folder(new, old)
    assert (old / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
