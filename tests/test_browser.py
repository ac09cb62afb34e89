"""The built sample site in a real browser: it loads from this host alone and reads right."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from browser import chromium, serve
from sitebuild import BuiltSite

pytestmark = pytest.mark.browser


def test_pages_request_nothing_from_other_hosts(sample_site: BuiltSite) -> None:
    """Check that home and a reply page load every resource from the site's own host."""
    with serve(sample_site.root) as base, chromium() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        hosts: set[str] = set()
        errors: list[str] = []
        page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
        page.on("pageerror", lambda error: errors.append(str(error)))
        for url in ("", "yichang/zx/6-3/257/"):
            page.goto(base + url, wait_until="networkidle")
        assert hosts == {urlparse(base).netloc}
        assert errors == []


def test_reply_page_shows_metadata_and_text_on_a_phone(sample_site: BuiltSite) -> None:
    """Check on a phone-sized screen that the seed's page shows its panel and its text."""
    with serve(sample_site.root) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
        page.goto(base + "yichang/zx/6-3/257/")
        assert page.locator("h1").first.inner_text() == "关于深化产教融合 引领转型发展的建议"
        panel = page.locator("article table").first
        assert "宜昌市教育局（主办）" in panel.inner_text()
        assert page.get_by_role("heading", name="一、已经落实的工作").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390


def test_number_lookup_on_a_session_page_finds_the_proposal(sample_site: BuiltSite) -> None:
    """Check that typing a number (full-width or with 第…号) on a session page opens it."""
    with serve(sample_site.root) as base, chromium() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(base + "yichang/zx/6-3/")
        page.fill("form.or-lookup input", "第２５７号")
        page.click("form.or-lookup button")
        page.wait_for_url(base + "yichang/zx/6-3/257/")
        page.goto(base + "yichang/zx/6-3/")
        page.fill("form.or-lookup input", "999")
        page.click("form.or-lookup button")
        assert "没有已公开答复的第 999 号" in page.locator("form.or-lookup output").inner_text()
