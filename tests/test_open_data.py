"""Open data, feeds, statistics, print and the release manifest, on real builds."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from browser import chromium, serve
from bs4 import BeautifulSoup
from sitebuild import REPO, BuiltSite, build_site, reply_text, scan

ATOM = "{http://www.w3.org/2005/Atom}"


def public_records(expected: list[dict]) -> list[dict]:
    return [r for r in expected if not r.get("error") and r["public"]]


def test_json_export_holds_exactly_the_public_records(
    corpus_site: BuiltSite, expected: list[dict], schema_keys: list[str]
) -> None:
    """Check replies.json: the public records key for key with their url, nothing withheld."""
    records = json.loads((corpus_site.root / "data/replies.json").read_text("utf-8"))
    want = {r["file"]: r for r in public_records(expected)}
    assert sorted(r["file"] for r in records) == sorted(want)
    schema = json.loads((corpus_site.root / "data/reply.schema.json").read_text("utf-8"))
    for record in records:
        jsonschema.validate(record, schema)
        assert list(record) == [*schema_keys, "url"]
        assert {k: record[k] for k in schema_keys} == {
            k: want[record["file"]][k] for k in schema_keys
        }
        page = corpus_site.root / record["url"].split("/", 3)[3] / "index.html"
        assert page.is_file(), record["url"]


def test_csv_export_opens_with_bom_and_counts_equal_the_pages(corpus_site: BuiltSite) -> None:
    """Check the CSV (BOM, one row a reply) and that every count agrees with the pages."""
    raw = (corpus_site.root / "data/replies.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    records = json.loads((corpus_site.root / "data/replies.json").read_text("utf-8"))
    assert [r["file"] for r in rows] == [r["file"] for r in records]
    assert rows[0]["policies"].startswith("《")
    per_session = sorted((corpus_site.root / "data/sessions").glob("*.json"))
    assert sum(len(json.loads(p.read_text("utf-8"))) for p in per_session) == len(records)
    home = BeautifulSoup(corpus_site.page(""), "html.parser")
    counted = sum(
        int(tr.find_all("td")[2].get_text()) for tr in home.select("article table tr")[1:]
    )
    assert counted == len(records)


def entries(feed: Path) -> list[str]:
    root = ET.parse(feed).getroot()
    assert root.tag == f"{ATOM}feed"
    return [e.findtext(f"{ATOM}title") or "" for e in root.iter(f"{ATOM}entry")]


def test_feeds_parse_as_atom_and_list_the_right_replies(
    corpus_site: BuiltSite, expected: list[dict]
) -> None:
    """Check the site feed and a proposer's feed, and that pages advertise their feed."""
    titles = entries(corpus_site.root / "feeds/all.xml")
    assert len(titles) == len(public_records(expected))
    proposer = entries(corpus_site.root / "feeds/proposers/zhongguononggongminzhudang.xml")
    assert sorted(proposer) == sorted(
        r["title"] for r in public_records(expected) if r["proposer_canonical"] == "中国农工民主党"
    )
    page = BeautifulSoup(corpus_site.page("proposers/zhongguononggongminzhudang"), "html.parser")
    alternate = page.find("link", rel="alternate", type="application/atom+xml")
    assert alternate["href"] == "../../feeds/proposers/zhongguononggongminzhudang.xml"
    assert scan(corpus_site, ["示例保密短语"]) == []


def test_charts_and_tables_agree(corpus_site: BuiltSite) -> None:
    """Check that each bar of the session chart equals the number in the table beside it."""
    soup = BeautifulSoup(corpus_site.page("stats"), "html.parser")
    bars = {(r["data-label"], r["data-outcome"]): int(r["data-value"])
            for r in soup.select("figure")[0].find_all("rect", attrs={"data-outcome": True})}  # fmt: skip
    table = soup.select("article table")[0]
    header = [th.get_text() for th in table.find_all("th")]
    checked = 0
    for row in table.find_all("tr")[1:]:
        cells = [td.get_text() for td in row.find_all("td")]
        for outcome in ("A", "B", "C", "D", "未标注"):
            count = int(cells[header.index(outcome)].split("（")[0])
            assert bars.get((cells[0], outcome), 0) == count
            checked += count
    assert checked == sum(bars.values()) > 0


def reply(number: int, title: str, body: str = "正文。", marking: str = "公开") -> str:
    return reply_text(number, title, body, f"公开情况：{marking}", day=number)


def test_manifest_diff_reports_added_changed_and_withdrawn(tmp_path: Path) -> None:
    """Check the 更新记录 page against the previous release's manifest."""
    replies = tmp_path / "replies"
    replies.mkdir()
    files = {"1.txt": reply(1, "关于保持不变的建议"), "2.txt": reply(2, "关于将被修改的建议"),
             "3.txt": reply(3, "关于将被撤下的建议", "撤下前的正文。")}  # fmt: skip
    for name, text in files.items():
        (replies / name).write_text(text, encoding="utf-8")
    first = build_site(tmp_path / "one", replies)
    assert first.returncode == 0, first.log
    previous = tmp_path / "previous-manifest.json"
    shutil.copy(first.root / "manifest.json", previous)
    (replies / "2.txt").write_text(
        reply(2, "关于将被修改的建议", "修改后的正文。"), encoding="utf-8"
    )
    (replies / "3.txt").write_text(
        reply(3, "关于将被撤下的建议", marking="不予公开"), encoding="utf-8"
    )
    (replies / "4.txt").write_text(reply(4, "关于新增的建议"), encoding="utf-8")
    second = build_site(tmp_path / "two", replies, previous_manifest=previous)
    assert second.returncode == 0, second.log
    page = BeautifulSoup(second.page("changes"), "html.parser").select_one("article")
    sections = {h.get_text(): h.find_next("ul").get_text() for h in page.find_all("h2")}
    assert "关于新增的建议" in sections["新增的答复"]
    assert "关于将被修改的建议" in sections["修改的答复"]
    assert "第3号提案" in sections["撤下的答复"]
    assert scan(second, ["关于将被撤下的建议", "撤下前的正文"]) == []
    assert "关于保持不变的建议" not in page.get_text()
    sums = (second.root / "SHA256SUMS").read_text("utf-8").splitlines()
    assert any(line.endswith("  index.html") for line in sums)


@pytest.mark.browser
def test_reply_prints_like_the_document(tmp_path: Path) -> None:
    """Check the print view: no navigation; title, panel, text and the page's address."""
    site = build_site(tmp_path, REPO / "replies", REPO / "registry")
    assert site.returncode == 0, site.log
    with serve(site.root) as base, chromium() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(base + "yichang/zx/6-3/257/")
        page.emulate_media(media="print")
        assert not page.locator(".md-header").is_visible()
        assert not page.locator(".md-sidebar--primary").is_visible()
        assert page.locator("h1").first.is_visible()
        assert "宜昌市教育局" in page.locator("article table").first.inner_text()
        address = page.locator(".or-print-only")
        assert address.is_visible()
        assert "yichang/zx/6-3/257/" in address.inner_text()
        page.emulate_media(media="screen")
        assert not address.is_visible()
