"""The search page in Debian's Chromium, on the sample site and on the shared corpus."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

import pytest
import yaml
from browser import chromium, serve
from openreplies.search.terms import query_terms
from sitebuild import BuiltSite

pytestmark = pytest.mark.browser

SEED_URL = "yichang/zx/6-3/257/"
QUERIES = ["产教融合", "职业教育", "257", "宜府发〔2018〕62号", "民进", "教育局"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module", params=["sample", "corpus"])
def site(request: pytest.FixtureRequest) -> BuiltSite:
    """The sample site and the site built from the shared corpus."""
    return request.getfixturevalue(f"{request.param}_site")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def base(site: BuiltSite) -> Iterator[str]:
    with serve(site.root) as url:
        yield url


def search(browser: Any, base: str, params: str, **page_options: Any) -> Any:
    """Open the search page at `search/?params` and wait for it to finish."""
    page = browser.new_page(**page_options)
    page.goto(base + "search/?" + params)
    if params:
        page.wait_for_selector("#or-search[data-state=done]", state="attached")
    else:
        page.wait_for_function("window.openRepliesSearch !== undefined")
    return page


def hits(page: Any) -> list[dict[str, str]]:
    """Every result shown: its link (relative to the site root) and its metadata line."""
    return page.eval_on_selector_all(
        ".or-hit",
        """items => items.map(item => ({
            url: item.querySelector('a').getAttribute('href'),
            meta: item.querySelector('.or-hit__meta').textContent,
        }))""",
    )  # type: ignore[no-any-return]


def site_path(url: str) -> str:
    """A result link without the leading ../ to the site root."""
    return url.split("../")[-1] if url.startswith("../") else url


@pytest.mark.parametrize("query", QUERIES)
def test_each_query_finds_the_seed_reply_in_the_top_three(
    browser: Any, base: str, query: str
) -> None:
    """Check that the issue's queries rank the seed reply (第257号提案) among the first three."""
    page = search(browser, base, "q=" + quote(query))
    urls = [site_path(h["url"]) for h in hits(page)[:3]]
    assert SEED_URL in urls
    page.close()


def test_result_shows_metadata_and_a_highlighted_snippet(browser: Any, base: str) -> None:
    """Check that a result shows title, 届次 and number, proposer, department, category and a
    snippet whose hit is marked."""
    page = search(browser, base, "q=" + quote("宜府发〔2018〕62号"))
    first = page.locator(".or-hit").first
    assert first.locator("a").inner_text() == "关于深化产教融合 引领转型发展的建议"
    meta = first.locator(".or-hit__meta").inner_text()
    for part in ("政协宜昌市六届三次会议第257号提案", "中国民主促进会", "宜昌市教育局", "A类"):
        assert part in meta
    first.locator(".or-hit__snippet mark").first.wait_for()
    assert first.locator(".or-hit__snippet mark").first.inner_text() == "宜府发〔2018〕62号"
    page.close()


def test_number_matches_exactly(browser: Any, base: str) -> None:
    """Check that 257 lists proposal 257 first and 2570 does not find it."""
    page = search(browser, base, "q=257")
    assert site_path(hits(page)[0]["url"]) == SEED_URL
    page.close()
    page = search(browser, base, "q=2570")
    assert SEED_URL not in [site_path(h["url"]) for h in hits(page)]
    page.close()


@pytest.mark.parametrize(
    ("param", "value", "expected"),
    [
        ("kind", "建议", "建议"),
        ("kind", "提案", "提案"),
        ("cat", "A", "答复类别：A类"),
        ("session", "yichang/zx/6-3", "政协宜昌市六届三次会议"),
        ("dept", "宜昌市教育局", "答复单位：宜昌市教育局"),
        ("proposer", "中国民主促进会", "中国民主促进会"),
    ],
)
def test_filters_narrow_the_list(
    browser: Any, base: str, param: str, value: str, expected: str
) -> None:
    """Check that each filter keeps only the replies that have the chosen value."""
    page = search(browser, base, "q=" + quote("答复"))
    everything = hits(page)
    page.close()
    page = search(browser, base, f"q={quote('答复')}&{param}={quote(value)}")
    kept = hits(page)
    page.close()
    assert kept
    assert len(kept) <= len(everything)
    assert all(expected in h["meta"] for h in kept)
    assert all(h in everything for h in kept)


def test_shared_url_restores_query_and_filters(browser: Any, base: str) -> None:
    """Check that a shared address fills the form and shows the same filtered results."""
    page = search(browser, base, "q=%E4%BA%A7%E6%95%99%E8%9E%8D%E5%90%88&kind=提案&cat=A")
    assert page.input_value("#or-search input[name=q]") == "产教融合"
    assert page.input_value("select[name=kind]") == "提案"
    assert page.input_value("select[name=cat]") == "A"
    assert page.locator("details.or-search__filters").get_attribute("open") is not None
    assert site_path(hits(page)[0]["url"]) == SEED_URL
    page.close()


def test_searching_puts_the_query_and_filters_in_the_address(browser: Any, base: str) -> None:
    """Check that typing a query and choosing a filter updates the URL for sharing."""
    page = search(browser, base, "")
    page.fill("#or-search input[name=q]", "教育局")
    page.press("#or-search input[name=q]", "Enter")
    page.locator(".or-hit").first.wait_for()
    page.locator("details.or-search__filters summary").click()
    page.select_option("select[name=cat]", "A")
    page.wait_for_url("**cat=A**")
    assert "q=%E6%95%99%E8%82%B2%E5%B1%80" in page.url
    page.close()


def test_header_search_box_opens_the_search_page(browser: Any, base: str) -> None:
    """Check that the box in the header of a reply page searches this index."""
    page = browser.new_page()
    page.goto(base + SEED_URL)
    page.fill(".or-header-search input[name=q]", "民进")
    page.press(".or-header-search input[name=q]", "Enter")
    page.locator(".or-hit").first.wait_for()
    assert urlparse(page.url).path == "/search/"
    assert SEED_URL in [site_path(h["url"]) for h in hits(page)[:3]]
    page.close()


def test_search_works_on_a_phone_and_stays_on_this_host(browser: Any, base: str) -> None:
    """Check on a phone-sized screen that results fit and every request goes to the site."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    hosts: set[str] = set()
    errors: list[str] = []
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + "search/?q=" + quote("产教融合"))
    page.locator(".or-hit__snippet mark").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert hosts == {urlparse(base).netloc}
    assert errors == []
    page.close()


def test_browser_makes_the_same_terms_and_hashes_as_the_build(browser: Any, base: str) -> None:
    """Check that search.js's query terms and CRC-32 equal the Python ones."""
    page = search(browser, base, "")
    for query in [*QUERIES, "宜府发[2018]第062号", "ＡＢＣ２５７", "第2025D048号", "水", "羅慶華"]:
        terms = page.evaluate("q => window.openRepliesTerms(q)", query)
        expected = query_terms(query)
        if query != "羅慶華":  # the browser has no traditional → simplified table
            assert (tuple(terms["required"]), tuple(terms["optional"])) == (
                expected.required,
                expected.optional,
            )
        for term in terms["required"]:
            assert page.evaluate("t => window.openRepliesHash(t)", term) == zlib.crc32(
                term.encode()
            )
    page.close()


def _withheld(shared_dir: Path) -> list[dict[str, Any]]:
    expected = yaml.safe_load((shared_dir / "corpus" / "expected.yaml").read_text("utf-8"))
    return [e for e in expected if e.get("sentinel")]


def test_withheld_replies_are_never_results(
    browser: Any, corpus_site: BuiltSite, shared_dir: Path
) -> None:
    """Check that neither a withheld reply's secret phrase nor its title finds it, and that no
    index file holds the phrase."""
    withheld = _withheld(shared_dir)
    assert withheld
    index_text = "".join(
        p.read_text(encoding="utf-8") for p in (corpus_site.root / "search").rglob("*.json")
    )
    with serve(corpus_site.root) as url:
        for entry in withheld:
            assert entry["sentinel"] not in index_text
            page = search(browser, url, "q=" + quote(entry["sentinel"]))
            assert hits(page) == [] or all("保密" not in h["meta"] for h in hits(page))
            page.close()
            page = search(browser, url, "q=" + quote(entry["title"]))
            for hit in hits(page):
                assert not (
                    f"第{entry['number']}号" in hit["meta"] and entry["department"] in hit["meta"]
                )
            page.close()
