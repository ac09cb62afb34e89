"""Leak proof at scale: about 1,000 invented replies, a quarter withheld, one real build.

Every withheld reply carries a unique sentinel and a unique title; no output file (pages,
search index, sitemap and its .gz, 404, anything a later feature adds) may contain either, and
every count on the site counts public replies only. The build runs once for the module.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from leakscan import find_markers
from replygen import (
    CONFLICTING,
    WITHHELD_MARKINGS,
    Corpus,
    Reply,
    generate,
    session_url,
    write_corpus,
)
from sitebuild import NUMERALS, BuiltSite, build_site

COUNT = 1000
CATEGORY_COLUMNS = ("A", "B", "C", "D", None)


@dataclass(frozen=True)
class LeakSite:
    corpus: Corpus
    replies: Path
    registry: Path
    site: BuiltSite


@pytest.fixture(scope="module")
def leak_site(tmp_path_factory: pytest.TempPathFactory) -> LeakSite:
    """The generated replies and the site built from them (not strict: contradictions warn)."""
    folder = tmp_path_factory.mktemp("leaks")
    corpus = generate(COUNT)
    replies, registry = folder / "replies", folder / "registry"
    write_corpus(corpus, replies, registry)
    site = build_site(folder, replies, registry)
    assert site.returncode == 0, site.log[-3000:]
    return LeakSite(corpus, replies, registry, site)


def withheld_markers(corpus: Corpus) -> list[str]:
    """Sentinels, titles, file names, the session-and-number of proposals with no public reply,
    policies cited by withheld replies alone, and the sentinels' common prefix."""
    markers = ["ZXLEAK"]
    for reply in corpus.withheld:
        markers += [reply.sentinel, reply.title]
    for reply in corpus.withheld_only_proposals():
        markers.append(f"{shown_session(reply)}第{reply.number}号")
    markers += [Path(reply.file).name for reply in corpus.withheld]
    public_policies = {p for r in corpus.public for p in r.policies}
    for policy in {p for r in corpus.withheld for p in r.policies} - public_policies:
        markers += [policy.title, policy.doc_number]
    return markers


def shown_session(reply: Reply) -> str:
    """The session's name as the site writes it (政协宜昌市六届三次会议)."""
    t, s = NUMERALS[reply.term], NUMERALS[reply.session]
    return (
        f"政协{reply.region}{t}届{s}次会议"
        if reply.body == "政协"
        else f"{reply.region}{t}届人大{s}次会议"
    )


def page_soup(site: BuiltSite, url: str) -> BeautifulSoup:
    return BeautifulSoup(site.page(url), "html.parser")


def site_path(page_url: str, href: str) -> str:
    """The folder address a link on `page_url` points to (yichang/zx/6-3/)."""
    path = urlparse(urljoin(f"http://site/{page_url}", href)).path.lstrip("/")
    return path.removesuffix("index.html")


def linked_rows(site: BuiltSite, url: str) -> dict[str, list[str]]:
    """Each table row of a page keyed by the address its first cell links to: the other cells."""
    rows = {}
    for row in page_soup(site, url).select("article table tr"):
        cells = row.find_all("td")
        anchor = cells[0].find("a", href=True) if cells else None
        if anchor is not None:
            rows[site_path(url, anchor["href"])] = [c.get_text(strip=True) for c in cells[1:]]
    return rows


def sessions_of(replies: list[Reply]) -> dict[str, list[Reply]]:
    """The replies grouped by their session's address."""
    found: dict[str, list[Reply]] = {}
    for reply in replies:
        found.setdefault(session_url(*reply.key[:4]), []).append(reply)
    return found


def test_parser_reads_every_generated_reply_as_planned(leak_site: LeakSite) -> None:
    """Check that `openreplies check --json` reads each generated file the way it was written."""
    done = subprocess.run(
        [sys.executable, "-m", "openreplies", "check", str(leak_site.replies), "--json",
         "--registry", str(leak_site.registry)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    records = {record["file"]: record for record in json.loads(done.stdout)}
    formats = Counter(r.fmt for r in leak_site.corpus.replies)
    assert len(formats) >= 6 and formats["docx"] >= 20
    wrong = []
    for reply in leak_site.corpus.replies:
        record = records[reply.file]
        planned = {
            "public": reply.public, "body": reply.body, "region": reply.region,
            "term": reply.term, "session": reply.session, "number": reply.number,
            "category": reply.category, "title": reply.title,
            "department": reply.full_department, "role": reply.role,
            "proposer_canonical": reply.proposer_canonical,
            "policies": sorted(p.doc_number for p in reply.policies),
        }  # fmt: skip
        read = {**record, "policies": sorted(p["doc_number"] for p in record.get("policies", []))}
        wrong += [f"{reply.file} {k}: {read.get(k)!r} != {v!r}" for k, v in planned.items()
                  if read.get(k) != v]  # fmt: skip
    assert wrong == []


def test_no_withheld_sentinel_title_or_number_in_any_output_file(leak_site: LeakSite) -> None:
    """Check that nothing of a withheld reply appears in any output file, however encoded."""
    corpus = leak_site.corpus
    assert len(corpus.withheld) >= COUNT // 5
    assert len(corpus.withheld_only_proposals()) >= COUNT // 6
    assert find_markers(leak_site.site.root, withheld_markers(corpus)) == {}


def test_scan_finds_every_public_reply_in_pages_and_search_index(leak_site: LeakSite) -> None:
    """Check that the scan sees what is published: each public sentinel and title is found, the
    titles also outside the HTML pages (the search index, escaped)."""
    corpus = leak_site.corpus
    found = find_markers(leak_site.site.root, [m for r in corpus.public
                                               for m in (r.sentinel, r.title)])  # fmt: skip
    assert [r.file for r in corpus.public if r.sentinel not in found] == []
    assert [r.file for r in corpus.public if r.title not in found] == []
    outside_html = [r.title for r in corpus.public
                    if not any(not f.endswith(".html") for f in found[r.title])]  # fmt: skip
    assert outside_html == []


def test_proposals_answered_only_by_withheld_replies_have_no_page(leak_site: LeakSite) -> None:
    """Check that a proposal whose replies are all withheld has no folder, and that a public
    reply's proposal has one, with a sub-page per reply only when several are public."""
    root = leak_site.site.root
    assert [r.proposal_url for r in leak_site.corpus.withheld_only_proposals()
            if (root / r.proposal_url).exists()] == []  # fmt: skip
    public = Counter(r.proposal_url for r in leak_site.corpus.public)
    for url, replies in public.items():
        pages = sorted(p.parent for p in (root / url).rglob("index.html"))
        assert len(pages) == (1 if replies == 1 else replies + 1), url


def test_session_pages_count_and_list_public_replies_only(leak_site: LeakSite) -> None:
    """Check each session page's 已公开答复 and proposal counts and the numbers it lists."""
    site, corpus = leak_site.site, leak_site.corpus
    public = sessions_of(corpus.public)
    for url in sessions_of(corpus.replies):
        replies = public.get(url, [])
        if not replies:
            assert not (site.root / url).exists()
            continue
        soup = page_soup(site, url)
        counts = re.search(r"已公开答复 (\d+) 件，涉及\w+ (\d+) 件", soup.get_text())
        assert counts, url
        numbers = {r.number for r in replies}
        assert (int(counts[1]), int(counts[2])) == (len(replies), len(numbers)), url
        listed = {int(row.find("td").get_text()) for row in soup.select("article table tr")
                  if row.find("td")}  # fmt: skip
        assert listed == numbers, url


def test_home_and_sessions_directory_count_public_replies_only(leak_site: LeakSite) -> None:
    """Check the proposal and reply counts per session on the home page and /sessions/."""
    public = sessions_of(leak_site.corpus.public)
    expected = {url: [str(len({r.number for r in rs})), str(len(rs))] for url, rs in public.items()}
    for page in ("", "sessions/"):
        assert linked_rows(leak_site.site, page) == expected, page


def test_outcome_counts_and_pages_cover_public_replies_only(leak_site: LeakSite) -> None:
    """Check /outcomes/ counts per session and category, and which category pages exist."""
    site = leak_site.site
    public = sessions_of(leak_site.corpus.public)
    expected = {
        url: [str(sum(r.category == c for r in rs)) for c in CATEGORY_COLUMNS]
        for url, rs in public.items()
    }
    assert linked_rows(site, "outcomes/") == expected
    for url in sessions_of(leak_site.corpus.replies):
        for category in CATEGORY_COLUMNS:
            has = any(r.category == category for r in public.get(url, []))
            page = site.root / url / f"outcome-{(category or 'none').lower()}" / "index.html"
            assert page.exists() == has, page


def test_department_and_proposer_directories_count_public_replies_only(
    leak_site: LeakSite,
) -> None:
    """Check each department's 主办 count and each proposer's proposal count."""
    site, public = leak_site.site, leak_site.corpus.public
    led = Counter(r.full_department for r in public if r.role != "co")
    departments = page_soup(site, "departments").select("article table tr")
    shown = {row.a.get_text(): int(row.find_all("td")[1].get_text())
             for row in departments if row.find("a")}  # fmt: skip
    assert shown == {name: led.get(name, 0) for name in shown}
    assert set(led) <= set(shown)
    proposals = Counter(dict.fromkeys((r.proposer_canonical, r.key) for r in public))
    expected = Counter(name for name, _key in proposals)
    items = page_soup(site, "proposers").select("article li")
    listed = {}
    for item in items:
        count = re.search(r"（(\d+) 件）$", item.get_text())
        assert count, item.get_text()
        listed[item.a.get_text()] = int(count[1])
    assert listed == dict(expected)


def test_policy_index_counts_public_citations_only(leak_site: LeakSite) -> None:
    """Check that each cited 文号's count on /policies/ counts public replies only."""
    expected = Counter(p.doc_number for r in leak_site.corpus.public for p in r.policies)
    listed = {}
    for item in page_soup(leak_site.site, "policies").select("article li"):
        found = re.search(r"（([^（）]+号)）：(\d+) 件答复引用$", item.get_text())
        assert found, item.get_text()
        listed[found[1]] = int(found[2])
    assert listed == dict(expected)


def test_record_exports_list_exactly_the_public_replies(leak_site: LeakSite) -> None:
    """Check that every JSON or CSV output with one record per reply file lists public ones
    only, and that one of them lists them all."""
    root = leak_site.site.root
    public = {r.file for r in leak_site.corpus.public}
    listings: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*")):
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = data if isinstance(data, list) else []
        elif path.suffix == ".csv":
            rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        else:
            continue
        files = {row["file"] for row in rows if isinstance(row, dict) and "file" in row}
        if files:
            listings[str(path.relative_to(root))] = files
    assert {name: files - public for name, files in listings.items() if files - public} == {}
    assert any(files == public for files in listings.values()), sorted(listings)


def test_statistics_count_public_replies_only(leak_site: LeakSite) -> None:
    """Check the per-session category counts of the statistics page, when the site has one."""
    page = leak_site.site.root / "stats" / "index.html"
    names = {url: shown_session(rs[0]) for url, rs in sessions_of(leak_site.corpus.replies).items()}
    expected = {
        f"{names[url]} {label}：{n} 件"
        for url, replies in sessions_of(leak_site.corpus.public).items()
        for label, n in Counter(r.category or "未标注" for r in replies).items()
    }
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    labels = [t.get_text(strip=True) for t in soup.select("article svg title")]
    shown = {t for t in labels if t.split(" ")[0] in names.values()}
    assert shown == expected


def test_generated_replies_cover_every_spelling_and_way_of_withholding(
    leak_site: LeakSite,
) -> None:
    """Check that the generator wrote every 届次 spelling, number form and withholding case."""
    corpus = leak_site.corpus
    text = "\n".join("\n".join(r.lines) for r in corpus.replies)
    for form in ("政协宜昌市六届三次会议", "第十四届委员会第二次会议", "市六届人大三次会议",
                 "第六届人民代表大会第三次会议", "第 ", "第00", "第１", "〔", "[", "【"):  # fmt: skip
        assert form in text, form
    markings = {r.marking for r in corpus.withheld}
    assert {*WITHHELD_MARKINGS, CONFLICTING, None} <= markings
    contradicted = {d["path"] for d in corpus.decisions if d["decision"] == "不予公开"}
    assert any(r.marking for r in corpus.withheld if r.file in contradicted)
    assert any(r.marking is None for r in corpus.withheld if r.file in contradicted)
    assert any(r.marking is None for r in corpus.public)
