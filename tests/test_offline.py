"""The offline copy: a zip of the site that works from file://, search included."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from browser import chromium
from openreplies.offline import OFFLINE_FOLDER, offline_html
from sitebuild import BuiltSite

ZIP = "download/openreplies-offline.zip"


@pytest.fixture(scope="module")
def unpacked(sample_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(sample_site.root / ZIP) as archive:
        archive.extractall(target)
    return target / OFFLINE_FOLDER


def test_folder_links_point_at_index_files() -> None:
    """Check that links to folders get index.html, and anchors, files and other hosts do not."""
    html = ('<a href="../257/">a</a><a href="#x">b</a><a href=".">c</a>'
            '<link href="../assets/x.css"><a href="https://example.org/">d</a>'
            '<form action="../../search/"></form><a href="../../#top">e</a>')  # fmt: skip
    assert offline_html(html) == (
        '<a href="../257/index.html">a</a><a href="#x">b</a><a href="index.html">c</a>'
        '<link href="../assets/x.css"><a href="https://example.org/">d</a>'
        '<form action="../../search/index.html"></form><a href="../../index.html#top">e</a>'
    )


def test_zip_holds_the_whole_site_with_search_scripts(
    sample_site: BuiltSite, unpacked: Path
) -> None:
    """Check that every page is in the zip, no page links to a bare folder, and each search
    index file has its script twin."""
    pages = {p.relative_to(sample_site.root) for p in sample_site.root.rglob("*.html")}
    assert pages == {p.relative_to(unpacked) for p in unpacked.rglob("*.html")}
    folder_link = re.compile(r'(?:href|src|action)="(?![a-z]+:)[^"#?]*/(?:[#?][^"]*)?"')
    for page in unpacked.rglob("*.html"):
        assert not folder_link.findall(page.read_text("utf-8")), page
    index = unpacked / "search/index"
    jsons = sorted(index.rglob("*.json"))
    assert jsons and all(Path(f"{p}.js").is_file() for p in jsons)
    assert not (unpacked / ZIP).exists()


@pytest.mark.browser
def test_offline_search_finds_the_seed_reply_from_file(unpacked: Path) -> None:
    """Check in Chromium, from file://, that searching 产教融合 finds the seed and opens it."""
    with chromium() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto((unpacked / "index.html").as_uri())
        page.fill("form.or-header-search input", "产教融合")
        page.press("form.or-header-search input", "Enter")
        first = page.locator(".or-search-results a").first
        first.wait_for(timeout=15000)
        assert first.get_attribute("href").endswith("yichang/zx/6-3/257/index.html")
        first.click()
        page.wait_for_load_state()
        assert page.locator("h1").first.inner_text() == "关于深化产教融合 引领转型发展的建议"
        assert page.url.startswith("file://")


def test_404_links_from_the_site_root_become_relative() -> None:
    """Check that 404.html's root links (/dafu/assets/…) point into the zip's own folder."""
    from openreplies.offline import root_relative

    html = (
        '<link href="/dafu/assets/main.css"><a href="/dafu/">首页</a><a href="https://x.cn/">x</a>'
    )
    assert root_relative(html) == (
        '<link href="./assets/main.css"><a href="./">首页</a><a href="https://x.cn/">x</a>'
    )
