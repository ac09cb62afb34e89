"""The built sample site in a real browser: it loads from this host alone and reads right."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from browser import (
    DESKTOP,
    PHONE,
    SAMPLE_PAGES,
    chromium,
    offline_address,
    problems_loading,
    serve,
    unpack_offline_zip,
)
from sitebuild import BuiltSite, build_site, reply_text, write_file

pytestmark = pytest.mark.browser

OFFLINE_ZIP = "download/openreplies-offline.zip"
CJK_SPACE_RE = re.compile(
    r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef] +[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
)
"""A space between two Chinese characters or punctuation marks: a line break of the source."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for the module."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def base(sample_site: BuiltSite) -> Iterator[str]:
    """The sample site served on localhost."""
    with serve(sample_site.root) as url:
        yield url


@pytest.fixture(scope="module")
def offline(sample_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site's offline zip, unpacked."""
    return unpack_offline_zip(sample_site.root / OFFLINE_ZIP, tmp_path_factory.mktemp("offline"))


def open_page(browser: Any, url: str, viewport: dict[str, int] = DESKTOP) -> Any:
    """A new tab showing `url` once nothing more loads."""
    page = browser.new_page(viewport=viewport)
    page.goto(url, wait_until="networkidle")
    return page


def test_no_page_over_http_logs_an_error_or_a_failed_request(browser: Any, base: str) -> None:
    """Check over HTTP that loading a page of each type logs nothing and every request succeeds
    (material fetched feeds/…/sitemap.xml beside each feed link: a 404 on every such page)."""
    urls = {kind: base + url for kind, url in SAMPLE_PAGES.items()}
    found = problems_loading(browser, urls, {"404": 404})
    assert {kind: problems for kind, problems in found.items() if problems} == {}


def test_no_page_from_the_offline_zip_logs_an_error_or_a_failed_request(
    browser: Any, offline: Path
) -> None:
    """Check from file:// that loading a page of each type logs nothing and every file loads
    (material's sitemap fetch beside a feed link was a CORS error there)."""
    urls = {kind: offline_address(offline, url) for kind, url in SAMPLE_PAGES.items()
            if kind != "404"}  # fmt: skip
    found = problems_loading(browser, urls)
    assert {kind: problems for kind, problems in found.items() if problems} == {}


def test_the_offline_404_page_loads_its_files(browser: Any, offline: Path) -> None:
    """Check that 404.html opened from the unpacked zip loads its styles and scripts (MkDocs
    writes its links from the site's root, which the zip makes relative)."""
    found = problems_loading(browser, {"404": offline_address(offline, "404.html")})
    assert found == {"404": []}


def test_pages_request_nothing_from_other_hosts(browser: Any, base: str) -> None:
    """Check that home and a reply page load every resource from the site's own host."""
    page = browser.new_page()
    hosts: set[str] = set()
    errors: list[str] = []
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.on("pageerror", lambda error: errors.append(str(error)))
    for url in ("", "yichang/zx/6-3/257/"):
        page.goto(base + url, wait_until="networkidle")
    assert hosts == {urlparse(base).netloc}
    assert errors == []
    page.close()


def test_pages_still_announce_their_feed(browser: Any, base: str) -> None:
    """Check that a session page announces its Atom feed to feed readers and that it loads."""
    page = open_page(browser, base + SAMPLE_PAGES["session"])
    feed = page.locator('link[rel~="alternate"][type="application/atom+xml"]')
    assert feed.count() == 1
    response = page.request.get(feed.evaluate("link => link.href"))
    assert response.status == 200 and b"<feed" in response.body()
    page.close()


def test_reply_page_shows_metadata_and_text_on_a_phone(browser: Any, base: str) -> None:
    """Check on a phone-sized screen that the seed's page shows its panel and its text."""
    page = open_page(browser, base + "yichang/zx/6-3/257/", PHONE)
    assert page.locator("h1").first.inner_text() == "关于深化产教融合 引领转型发展的建议"
    panel = page.locator("article table").first
    assert "宜昌市教育局（主办）" in panel.inner_text()
    assert page.get_by_role("heading", name="一、已经落实的工作").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.close()


def test_number_lookup_on_a_session_page_finds_the_proposal(browser: Any, base: str) -> None:
    """Check that typing a number (full-width or with 第…号) on a session page opens it."""
    page = open_page(browser, base + "yichang/zx/6-3/")
    page.fill("form.or-lookup input", "第２５７号")
    page.click("form.or-lookup button")
    page.wait_for_url(base + "yichang/zx/6-3/257/")
    page.goto(base + "yichang/zx/6-3/")
    page.fill("form.or-lookup input", "999")
    page.click("form.or-lookup button")
    assert "没有已公开答复的第 999 号" in page.locator("form.or-lookup output").inner_text()
    page.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_number_lookup_box_and_button_are_tap_targets(
    viewport: dict[str, int], browser: Any, base: str
) -> None:
    """Check that the 按号查找 box and its button are at least 44 px tall (they were 22 px)."""
    page = open_page(browser, base + SAMPLE_PAGES["session"], viewport)
    for part in ("form.or-lookup input", "form.or-lookup button"):
        box = page.locator(part).bounding_box()
        assert box is not None and box["height"] >= 44, (part, box)
    page.close()


def test_proposal_page_has_breadcrumbs_to_its_session(browser: Any, base: str) -> None:
    """Check that a proposal answered by several departments shows 首页 › 届次 › its session,
    each a link, and that the session's crumb opens the session page."""
    page = open_page(browser, base + SAMPLE_PAGES["proposal with several replies"])
    crumbs = page.locator("article p").first
    assert crumbs.inner_text() == "首页 › 届次 › 政协宜昌市六届三次会议"
    assert crumbs.locator("a").all_inner_texts() == ["首页", "届次", "政协宜昌市六届三次会议"]
    crumbs.get_by_role("link", name="政协宜昌市六届三次会议").click()
    page.wait_for_url(base + SAMPLE_PAGES["session"])
    page.close()


def test_a_missing_address_shows_the_chinese_404_page(browser: Any, base: str) -> None:
    """Check that an address the site lacks, however deep, shows a Chinese page whose styles
    load and whose links lead back into the site."""
    page = browser.new_page()
    response = page.goto(base + "yichang/zx/9-9/no-such-page/", wait_until="networkidle")
    assert response is not None and response.status == 404
    assert page.title() == "页面不存在 - 公开答复"
    assert page.locator("article h1").inner_text() == "页面不存在（404）"
    assert "Not found" not in page.locator("body").inner_text()
    # material's stylesheet loaded: its header is fixed-height, not an unstyled block.
    assert page.locator("header.md-header").evaluate("h => getComputedStyle(h).position") in (
        "sticky",
        "fixed",
    )
    page.locator("article").get_by_role("link", name="按届次浏览").click()
    page.wait_for_url(base + "sessions/")
    assert page.locator("article h1").inner_text() == "届次"
    page.close()


def test_footer_says_what_the_site_is_and_links_to_about(browser: Any, base: str) -> None:
    """Check that the footer is no empty bar: it says what the site publishes and its 关于本站
    and 开放数据 links open those pages."""
    page = open_page(browser, base + SAMPLE_PAGES["reply"])
    footer = page.locator("footer.md-footer")
    assert "只发布标注为公开的答复" in footer.inner_text()
    assert footer.get_by_role("link").all_inner_texts() == ["关于本站", "开放数据"]
    footer.get_by_role("link", name="关于本站").click()
    page.wait_for_url(base + "about/")
    assert page.locator("article h1").inner_text() == "关于本站"
    page.close()


def test_about_page_shows_no_space_inside_chinese_text(browser: Any, base: str) -> None:
    """Check that no paragraph of 关于 shows a space between Chinese characters (a line break
    inside a Markdown paragraph rendered as 页面， 按届次)."""
    page = open_page(browser, base + SAMPLE_PAGES["about"])
    texts = page.locator("article :is(p, li)").all_inner_texts()
    assert texts and [t for t in texts if CJK_SPACE_RE.search(t)] == []
    page.close()


def test_search_landmarks_have_distinct_names(browser: Any, base: str) -> None:
    """Check that the search page's two search landmarks (header and page) are told apart."""
    page = open_page(browser, base + SAMPLE_PAGES["search"])
    names = [f.get_attribute("aria-label") or "" for f in page.get_by_role("search").all()]
    assert sorted(names) == ["全站检索", "检索答复"]
    page.close()


@pytest.fixture(scope="module")
def many_replies_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A site of 25 replies that all match 教育局: more than one page of results."""
    folder = tmp_path_factory.mktemp("many")
    for number in range(1, 26):
        write_file(
            folder / "replies", f"{number}.txt", reply_text(number, f"关于第{number}项工作的建议")
        )
    site = build_site(folder, folder / "replies")
    assert site.returncode == 0, site.log
    return site


def test_more_button_shows_only_when_there_are_more_results(
    browser: Any, base: str, many_replies_site: BuiltSite
) -> None:
    """Check that 显示更多 is hidden when every result is shown (material's .md-button
    display beat the hidden attribute) and shown, and working, when there are more."""
    page = open_page(browser, base + "search/?q=产教融合")
    page.locator(".or-search-results li").first.wait_for()
    assert page.locator(".or-search-more").is_hidden()
    page.close()
    with serve(many_replies_site.root) as many:
        page = open_page(browser, many + "search/?q=教育局")
        hits = page.locator(".or-search-results > li")
        hits.first.wait_for()
        more = page.get_by_role("button", name="显示更多")
        assert more.is_visible() and hits.count() < 25
        more.click()
        page.wait_for_function("document.querySelectorAll('.or-search-results > li').length === 25")
        assert more.is_hidden()
        page.close()
