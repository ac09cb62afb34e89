"""The search page in Debian's Chromium, on the sample site, the shared corpus and a small
site made for it: what a citizen types, what comes first, what is marked, what goes wrong."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

import pytest
import yaml
from browser import chromium, serve
from openreplies.search.planner import plan_query
from openreplies.search.terms import doc_number_term
from sitebuild import BuiltSite, build_site, reply_text, write_file

pytestmark = pytest.mark.browser

SEED_URL = "yichang/zx/6-3/257/"
QUERIES = ["产教融合", "职业教育", "257", "宜府发〔2018〕62号", "民进", "教育局"]
MANY = 45
"""Replies of the small site: three pages of results (20 a page), the second one needing
result records (16 a file) that the first did not."""


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


@pytest.fixture(scope="module")
def sample(sample_site: BuiltSite) -> Iterator[str]:
    with serve(sample_site.root) as url:
        yield url


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site of MANY replies of 宜昌市教育局: one says 人民进入, one 民进宜昌市委."""
    folder = tmp_path_factory.mktemp("small")
    bodies = {1: "人民进入新时代，市民进行职业培训。", 2: "民进宜昌市委提出的意见已经采纳。"}
    for number in range(1, MANY + 1):
        body = bodies.get(number, "我局认真研究办理。")
        write_file(
            folder / "replies",
            f"{number}.txt",
            reply_text(number, f"关于第{number}项工作的建议", body),
        )
    built = build_site(folder, folder / "replies", strict=True)
    assert built.returncode == 0, built.log
    with serve(built.root) as url:
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


def submit(page: Any, query: str) -> None:
    """Type a query into the search page's box and press Enter."""
    page.fill("#or-search input[name=q]", query)
    page.press("#or-search input[name=q]", "Enter")


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


def urls(page: Any) -> list[str]:
    return [site_path(h["url"]) for h in hits(page)]


def marks(page: Any) -> list[str]:
    """The text of every mark in the snippets, once the first snippet is filled."""
    page.locator(".or-hit__snippet mark").first.wait_for()
    return page.locator(".or-hit__snippet mark").all_inner_texts()  # type: ignore[no-any-return]


@pytest.mark.parametrize("query", QUERIES)
def test_each_query_finds_the_seed_reply_in_the_top_three(
    browser: Any, base: str, query: str
) -> None:
    """Check that the issue's queries rank the seed reply (第257号提案) among the first three."""
    page = search(browser, base, "q=" + quote(query))
    assert SEED_URL in urls(page)[:3]
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


def test_number_matches_exactly_and_shows_where(browser: Any, sample: str) -> None:
    """Check that 257 lists proposal 257 first, with the number marked in its metadata (the
    reply's text has no 257), and that 2570 does not find it."""
    page = search(browser, sample, "q=257")
    assert urls(page)[0] == SEED_URL
    snippet = page.locator(".or-hit__snippet").first
    snippet.locator("mark").wait_for()
    assert snippet.inner_text() == "编号：第257号提案"
    assert snippet.locator("mark").inner_text() == "257"
    page.close()
    page = search(browser, sample, "q=2570")
    assert SEED_URL not in urls(page)
    page.close()


def _citing(site_root: Path, doc_number: str) -> set[str]:
    records = json.loads((site_root / "data" / "replies.json").read_text(encoding="utf-8"))
    term = doc_number_term(doc_number)
    return {
        urlparse(r["url"]).path.lstrip("/")
        for r in records
        if term in {doc_number_term(p["doc_number"]) for p in r["policies"] if p["doc_number"]}
    }


def test_doc_number_lists_exactly_its_citers_and_suggests_the_policy(
    browser: Any, sample: str, sample_site: BuiltSite
) -> None:
    """Check that a 文号 typed in another style lists exactly the replies citing it, and
    offers the policy's own page above them."""
    page = search(browser, sample, "q=" + quote("宜府发（2018）第062号"))
    citing = _citing(sample_site.root, "宜府发〔2018〕62号")
    assert citing and set(urls(page)) == citing
    link = page.locator(".or-search-reading a")
    assert link.inner_text() == "《关于进一步推进职业教育发展的意见》"
    assert site_path(link.get_attribute("href")) == "policies/yifufa-2018-62/"
    page.close()


def test_a_typed_department_narrows_like_a_filter_and_can_be_removed(
    browser: Any, sample: str
) -> None:
    """Check that 教育局 in a query keeps only that department's replies, says so above the
    results, and that removing it searches the word instead."""
    page = search(browser, sample, "q=" + quote("教育局 产教融合"))
    reading = page.locator(".or-search-reading")
    assert reading.inner_text().replace("×", "") == "承办单位：教育局 · 检索：产教融合"
    narrowed = hits(page)
    assert narrowed and all("答复单位：宜昌市教育局" in h["meta"] for h in narrowed)
    page.get_by_role("button", name="不按此条件缩小范围：承办单位：教育局").click()
    page.wait_for_url("**q=%22%E6%95%99%E8%82%B2%E5%B1%80%22**")
    page.wait_for_selector("#or-search[data-state=done]", state="attached")
    assert page.input_value("#or-search input[name=q]") == '"教育局" 产教融合'
    assert reading.is_hidden()
    page.close()


def test_a_party_name_is_marked_only_where_it_is_a_word(browser: Any, small: str) -> None:
    """Check that 民进 is never marked inside 人民进入 or 市民进行, and is marked in 民进宜昌市委."""
    page = search(browser, small, "q=" + quote("民进"))
    assert set(urls(page)) == {"yichang/zx/6-3/1/", "yichang/zx/6-3/2/"}
    assert marks(page) == ["民进"]
    texts = page.locator(".or-hit__snippet").all_inner_texts()
    assert any("人民进入" in t for t in texts)
    page.close()


def test_a_traditional_query_is_a_full_match(browser: Any, sample: str) -> None:
    """Check that 產教融合 finds what 产教融合 finds, in the same order, as a full match."""
    page = search(browser, sample, "q=" + quote("产教融合"))
    simplified = urls(page)
    page.close()
    page = search(browser, sample, "q=" + quote("產教融合"))
    assert urls(page) == simplified
    status = page.locator(".or-search-status").inner_text()
    assert "部分匹配" not in status and f"共找到 {len(simplified)} 件答复" in status
    assert marks(page)[0] == "产教融合"
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
    assert urls(page)[0] == SEED_URL
    page.close()


def test_searching_puts_the_query_and_filters_in_the_address(browser: Any, base: str) -> None:
    """Check that typing a query and choosing a filter updates the URL for sharing."""
    page = search(browser, base, "")
    submit(page, "教育局")
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
    assert SEED_URL in urls(page)[:3]
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


def test_a_failed_fetch_is_shown_logged_and_retried(browser: Any, small: str) -> None:
    """Check that when the index cannot be fetched the page says so and logs it, and that
    searching again once the network is back finds the replies (nothing failed is kept)."""
    page = browser.new_page()
    logged: list[str] = []
    page.on("console", lambda message: logged.append(message.type))
    page.route("**/search/index/manifest.json", lambda route: route.abort())
    page.goto(small + "search/")
    page.wait_for_selector("#or-search[data-state=error]", state="attached")
    assert page.locator(".or-search-status").inner_text() == "检索索引加载失败，请检查网络后再试。"
    page.unroute("**/search/index/manifest.json")
    page.route("**/search/index/b/*.json", lambda route: route.abort())
    submit(page, "职业培训")
    page.wait_for_selector("#or-search[data-state=error]", state="attached")
    assert page.locator(".or-search-status").inner_text() == "检索出错，请稍后再试。"
    assert logged.count("error") >= 2
    page.unroute("**/search/index/b/*.json")
    submit(page, "职业培训")
    page.wait_for_selector("#or-search[data-state=done]", state="attached")
    assert urls(page) == ["yichang/zx/6-3/1/"]
    page.close()


def test_show_more_keeps_its_page_when_loading_fails(browser: Any, small: str) -> None:
    """Check that a page of results that fails to load is not skipped: the list stays as it
    was, 显示更多 stays, and the next click shows that page."""
    page = search(browser, small, "q=" + quote("教育局"))
    items = page.locator(".or-search-results > li")
    more = page.get_by_role("button", name="显示更多")
    assert items.count() == 20 and more.is_visible()
    page.route("**/search/index/d/*.json", lambda route: route.abort())
    more.click()
    page.wait_for_selector("#or-search[data-state=error]", state="attached")
    assert items.count() == 20 and more.is_visible()
    assert page.locator(".or-search-status").inner_text() == "结果加载失败，请稍后再试。"
    page.unroute("**/search/index/d/*.json")
    more.click()
    page.wait_for_function("document.querySelectorAll('.or-search-results > li').length === 40")
    assert more.is_visible()
    more.click()
    page.wait_for_function(
        f"document.querySelectorAll('.or-search-results > li').length === {MANY}"
    )
    assert more.is_hidden()
    assert len(set(urls(page))) == MANY
    page.close()


def test_browser_plans_queries_as_the_python_planner(browser: Any, sample: str) -> None:
    """Check in Chromium that search.js reads queries (traditional ones too) as
    search/planner.py does with the site's names table, and hashes terms as zlib does."""
    page = search(browser, sample, "")
    names = page.evaluate("fetch('index/manifest.json').then(r => r.json()).then(m => m.names)")
    queries = [*QUERIES, "宜府发[2018]第062号", "ＡＢＣ２５７", "第2025D048号", "水", "羅慶華委員",
               "市发改委 营商环境", "六届三次 2019年", '"民进"', "產教融合"]  # fmt: skip
    for query in queries:
        planned = page.evaluate(
            """q => fetch('index/t2s.json').then(r => r.json()).then(t2s =>
                 fetch('index/manifest.json').then(r => r.json()).then(m =>
                   window.OpenRepliesSearch.plan(q, m.names, window.OpenRepliesSearch.charMap(t2s))))""",
            query,
        )
        assert planned == [part.to_json() for part in plan_query(query, names)], query
    for term in ["产教", "#d教育局", "宜府发〔2018〕62号"]:
        key = term[2:] if term.startswith("#") else term
        assert page.evaluate("t => window.OpenRepliesSearch.crc32(t)", key) == zlib.crc32(
            key.encode()
        )
    page.close()


def _withheld(shared_dir: Path) -> list[dict[str, Any]]:
    expected = yaml.safe_load((shared_dir / "corpus" / "expected.yaml").read_text("utf-8"))
    return [e for e in expected if e.get("sentinel")]


def test_withheld_replies_are_never_results(
    browser: Any, corpus_site: BuiltSite, shared_dir: Path
) -> None:
    """Check that no index file holds a withheld reply's secret phrase, that the phrase finds
    no reply having it (at most a partial match of other words), and that neither it nor the
    withheld title brings up the withheld reply."""
    withheld = _withheld(shared_dir)
    assert withheld
    index_text = "".join(
        p.read_text(encoding="utf-8") for p in (corpus_site.root / "search").rglob("*.json")
    )
    with serve(corpus_site.root) as url:
        for entry in withheld:
            assert entry["sentinel"] not in index_text
            for query in (entry["sentinel"], entry["title"]):
                page = search(browser, url, "q=" + quote(query))
                status = page.locator(".or-search-status").inner_text()
                if query == entry["sentinel"]:
                    assert not hits(page) or "部分匹配" in status, status
                for hit in hits(page):
                    assert not (
                        f"第{entry['number']}号" in hit["meta"]
                        and entry["department"] in hit["meta"]
                    )
                page.close()
