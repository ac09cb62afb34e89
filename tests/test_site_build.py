"""End-to-end: real `mkdocs build` runs over the corpus, the samples and bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup
from sitebuild import (
    REPO,
    BuiltSite,
    assert_strict_failure,
    build_site,
    reply_text,
    scan,
    withheld_markers,
)
from sitebuild import write_file as write

SEED_URL = "yichang/zx/6-3/257"


def test_no_withheld_text_in_any_output_file(corpus_site: BuiltSite, expected: list[dict]) -> None:
    """Check that no sentinel or title of a withheld example appears anywhere in the site."""
    markers = withheld_markers(expected)
    assert len(markers) == 6
    assert scan(corpus_site, markers) == []


def test_every_public_example_has_a_page(corpus_site: BuiltSite, expected: list[dict]) -> None:
    """Check that each public example has a page of its own, headed by its title and naming its
    department, and that the notice is reported."""
    urls = {r["file"]: r["url"] for r in json.loads(corpus_site.page_file("data/replies.json"))}
    public = [r for r in expected if not r.get("error") and r["public"]]
    assert sorted(urls) == sorted(r["file"] for r in public)
    for record in public:
        path = urlparse(urls[record["file"]]).path.strip("/")
        soup = BeautifulSoup(corpus_site.page(path), "html.parser")
        heading = "".join(soup.select_one("article h1").get_text().split())
        assert heading == "".join(record["title"].split()), record["file"]
        assert record["department"] in soup.select_one("article table").get_text()
    assert "WARNING -  jingzhou-notice-2023.txt:1: 标题: 不是提案或建议的答复" in corpus_site.log


def test_seed_page_reads_like_the_document(corpus_site: BuiltSite) -> None:
    """Check the seed's page: headings, re-joined paragraph, three distinct policies."""
    soup = BeautifulSoup(corpus_site.page(SEED_URL), "html.parser")
    article = soup.select_one("article")
    assert article is not None
    headings = [h.get_text(strip=True) for h in article.find_all(["h3", "h4"])]
    assert headings[:2] == ["一、已经落实的工作", "（一）加强领导，建立高位统筹机制。"]
    assert "二、下一阶段工作思路" in headings
    text = article.get_text()
    assert "指导全市职业教育改革发展工作。各县（市、区）人民政府" in text
    policies = soup.find("h2", string="引用的政策文件").find_next("ul").find_all("li")
    assert [li.get_text() for li in policies] == [
        "《宜昌市国民经济和社会发展第十三个五年规划纲要》",
        "《关于进一步推进职业教育发展的意见》（宜府发〔2018〕62号）",
        "《建设产教融合型企业实施办法(试行)》（发改社会〔2019〕590号）",
    ]
    assert "开设了 31 个订单班、3479 位学生" in text


def test_sample_site_builds_strict_and_hides_its_withheld_samples(tmp_path: Path) -> None:
    """Check the repository's own sample site: strict build, 示例 note, nothing withheld shown."""
    site = build_site(tmp_path, REPO / "replies", REPO / "registry", strict=True)
    assert site.returncode == 0, site.log
    assert "虚构的示例" in site.page("yichang/zx/6-3/101/jiaotongyunshuju")
    assert scan(site, ["示例不公开短语甲", "示例未标注短语乙"]) == []
    # The unmarked sample that the decisions file publishes has its page.
    assert "三峡工业遗产" in site.page("yichang/zx/6-4/22")


def test_bad_files_are_reported_by_name_and_fail_strict(tmp_path: Path) -> None:
    """Check that unreadable files are named in warnings, the rest builds, --strict fails."""
    replies = tmp_path / "replies"
    write(replies, "good.txt", reply_text(5, "关于好的建议", department="宜昌市 教育局"))
    write(replies, "empty.txt", "")
    write(replies, "scan.pdf", b"%PDF-1.4 binary")
    write(replies, "old.doc", b"\xd0\xcf\x11\xe0 binary")
    write(replies, "garbage.txt", bytes(range(256)) * 20)
    write(replies, "broken.docx", b"PK\x03\x04 truncated")
    write(
        replies,
        "nonumber.txt",
        reply_text("", "关于无号的建议").replace("第号", ""),
    )
    site = build_site(tmp_path / "a", replies)
    assert site.returncode == 0, site.log
    assert "关于好的建议" in site.page("yichang/zx/6-3/5")
    for name in ("empty.txt", "scan.pdf", "old.doc", "garbage.txt", "broken.docx", "nonumber.txt"):
        warning = [line for line in site.log.splitlines() if name in line]
        assert warning and "WARNING" in warning[0], f"{name} not reported:\n{site.log}"
    assert "另存为 .docx" in site.log
    assert_strict_failure(build_site(tmp_path / "b", replies, strict=True))


def test_injection_in_any_field_renders_literally(tmp_path: Path) -> None:
    """Check that HTML, script, Markdown and Jinja in a title or text show as typed."""
    replies = tmp_path / "replies"
    body = "<script>alert(1)</script> **bold** {{ config }} [x](javascript:alert(1)) \"' <img src=x onerror=alert(2)>"
    write(
        replies,
        "x.txt",
        reply_text(7, "关于<b>加粗</b>和{{ config }}的建议", body),
    )
    site = build_site(tmp_path, replies, strict=True)
    assert site.returncode == 0, site.log
    html = site.page("yichang/zx/6-3/7")
    soup = BeautifulSoup(html, "html.parser")
    assert not [s for s in soup.find_all("script") if "alert" in s.get_text()]
    assert soup.find("img", attrs={"onerror": True}) is None
    assert soup.find("a", href=lambda h: h and h.startswith("javascript")) is None
    assert not soup.select("article strong, article b")
    text = soup.select_one("article").get_text()
    assert body in text
    assert "关于<b>加粗</b>和{{ config }}的建议" in soup.title.get_text()
    shutil.rmtree(site.root)
