"""Markup in a reply stays text in every output: pages, exports, feeds and search results."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from browser import chromium, serve
from bs4 import BeautifulSoup
from sitebuild import BuiltSite, build_site, reply_text

TITLE = "关于<b>加粗</b>和{{ config }}的建议\"'"
POLICY = "<script>alert(3)</script>管理办法"
BODY = (
    "<script>alert(1)</script> **bold** {{ config }} [x](javascript:alert(1)) \"' "
    f"<img src=x onerror=alert(2)> 依据《{POLICY}》（宜府发〔2020〕1号）办理。"
)
REPLY = reply_text(7, TITLE, BODY)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    folder = tmp_path_factory.mktemp("inject")
    (folder / "replies").mkdir()
    (folder / "replies" / "x.txt").write_text(REPLY, encoding="utf-8")
    built = build_site(folder, folder / "replies", strict=True)
    assert built.returncode == 0, built.log
    return built


def assert_inert(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    assert not [s for s in soup.find_all("script") if "alert" in s.get_text()]
    assert soup.find("img", attrs={"onerror": True}) is None
    assert soup.find("a", href=lambda h: h and h.startswith("javascript")) is None
    article = soup.select_one("article")
    assert article is not None and not article.select("strong, b")


@pytest.mark.parametrize(
    "url",
    ["", "yichang/zx/6-3", "yichang/zx/6-3/7", "proposers/zhangsan", "policies/yifufa-2020-1"],
)
def test_pages_show_markup_as_text(site: BuiltSite, url: str) -> None:
    """Check that no page turns reply text into elements, and the reply page shows it all."""
    html = site.page(url)
    assert_inert(html)
    if url.endswith("/7"):
        text = BeautifulSoup(html, "html.parser").select_one("article").get_text()
        assert TITLE in text and "{{ config }} [x](javascript:alert(1))" in text


def test_exports_and_feeds_keep_the_text_exactly(site: BuiltSite) -> None:
    """Check JSON, CSV and Atom: the title and policy come back exactly as written."""
    [record] = json.loads((site.root / "data/replies.json").read_text("utf-8"))
    assert record["title"] == TITLE
    assert record["policies"] == [{"title": POLICY, "doc_number": "宜府发〔2020〕1号"}]
    rows = list(
        csv.DictReader(io.StringIO((site.root / "data/replies.csv").read_text("utf-8-sig")))
    )
    assert rows[0]["title"] == TITLE
    feed = site.root / "feeds/all.xml"
    assert b"<b>" not in feed.read_bytes()
    entry = ET.parse(feed).getroot().find("{http://www.w3.org/2005/Atom}entry")
    assert entry is not None
    assert entry.findtext("{http://www.w3.org/2005/Atom}title") == TITLE


@pytest.mark.browser
def test_search_results_show_markup_as_text(site: BuiltSite) -> None:
    """Check in Chromium that a search result shows the title as typed and runs nothing."""
    with serve(site.root) as base, chromium() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base + "search/?q=加粗")
        first = page.locator(".or-search-results li").first
        first.wait_for(timeout=15000)
        assert TITLE in first.inner_text()
        assert page.locator(".or-search-results b, .or-search-results img").count() == 0
        page.wait_for_timeout(500)
        assert dialogs == []
