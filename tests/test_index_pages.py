"""Every way in on a site built from the shared corpus: each index lists exactly the right replies."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from sitebuild import BuiltSite, build_site

WITHHELD_URLS = ("jingzhou/rd/6-3/88", "xiangyang/rd/18-2/107", "shiyan/zx/5-2/76")
JINGZHOU_45 = "jingzhou/zx/6-3/45"


def article(site: BuiltSite, url: str) -> BeautifulSoup:
    soup = BeautifulSoup(site.page(url), "html.parser")
    found = soup.select_one("article")
    assert found is not None
    return found


def linked_pages(site: BuiltSite, url: str) -> list[str]:
    """The site paths an index page links to from its content, in order (no duplicates)."""
    base = f"/{url.strip('/')}/"
    paths: list[str] = []
    for anchor in article(site, url).find_all("a", href=True):
        href = anchor["href"]
        if href.startswith(("http", "#")):
            continue
        resolved = _resolve(base, href)
        if resolved not in paths:
            paths.append(resolved)
    return paths


def _resolve(base: str, href: str) -> str:
    parts = [p for p in base.split("/") if p]
    for piece in href.split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def test_three_written_forms_of_one_proposer_share_one_page(corpus_site: BuiltSite) -> None:
    """Check that 农工党荆州市委, 农工党 and 中国农工民主党 land on one page with both proposals."""
    directory = article(corpus_site, "proposers")
    names = [a.get_text() for a in directory.find_all("a")]
    assert names.count("中国农工民主党") == 1
    assert not any(n in names for n in ("农工党", "农工党荆州市委"))
    parties = directory.find("h2", string="党派、团体和组织").find_next("ul").get_text()
    assert "中国农工民主党" in parties
    links = linked_pages(corpus_site, "proposers/zhongguononggongminzhudang")
    proposals = [p for p in links if p.startswith("jingzhou/zx/6-3/") and p.count("/") == 3]
    assert proposals == [JINGZHOU_45, "jingzhou/zx/6-3/123"]


def test_policy_cited_in_three_spellings_has_one_page_with_its_replies(
    corpus_site: BuiltSite,
) -> None:
    """Check that 荆政办发〔2022〕18号 in 〔〕, [] and （） is one page listing its three replies."""
    index = corpus_site.page("policies")
    assert index.count("荆政办发〔2022〕18号") == 1
    links = linked_pages(corpus_site, "policies/jingzhengbanfa-2022-18")
    assert links == [
        "jingzhou/rd/6-3/12",
        "jingzhou/zx/6-3/45/zhufanghechengxiangjiansheju",
        "jingzhou/zx/6-3/45/fazhanhegaigeweiyuanhui",
    ]


def test_two_department_proposal_page_shows_both_replies_lead_first(
    corpus_site: BuiltSite,
) -> None:
    """Check that proposal 45's page lists the 主办 reply before the 会办 one."""
    rows = article(corpus_site, JINGZHOU_45).select("table tr")[1:]
    cells = [[td.get_text() for td in row.find_all("td")][:2] for row in rows]
    assert cells == [["荆州市住房和城乡建设局", "主办"], ["荆州市发展和改革委员会", "会办"]]


def test_no_page_links_to_or_counts_a_withheld_reply(corpus_site: BuiltSite) -> None:
    """Check that withheld replies have no page, no link, and no count anywhere."""
    for url in WITHHELD_URLS:
        assert not (corpus_site.root / url).exists()
    for path in corpus_site.root.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for url in WITHHELD_URLS:
            assert url not in html, f"{path} links to {url}"
    # 十堰 政协 5-2 has two replies, one withheld; 襄阳 人大 18-2 has only a withheld one.
    assert "已公开答复 1 件" in corpus_site.page("shiyan/zx/5-2")
    assert not (corpus_site.root / "xiangyang/rd/18-2").exists()
    sessions = article(corpus_site, "sessions").get_text()
    assert "襄阳市十八届人大二次会议" not in sessions


def test_department_page_separates_lead_and_co_handling(corpus_site: BuiltSite) -> None:
    """Check the lead, the co-handler's own reply and a co-handler named only in the lead reply."""
    lead = article(corpus_site, "departments/jingzhoushizhufanghechengxiangjiansheju").get_text()
    assert "政协荆州市六届三次会议：主办 1 件（B 1 件）" in lead
    co = article(corpus_site, "departments/jingzhoushifazhanhegaigeweiyuanhui")
    assert co.find("h2", string="作为会办单位的答复") is not None
    named = article(corpus_site, "departments/jingzhoushicaizhengju")
    assert "关于加快推进老旧小区改造中加装电梯工作的建议" in named.get_text()


def test_outcome_pages_list_each_category_of_a_session(corpus_site: BuiltSite) -> None:
    """Check that the A and B lists of 荆州 政协 6-3 hold exactly 123 and 45's lead reply."""
    assert linked_pages(corpus_site, "jingzhou/zx/6-3/outcome-a") == ["jingzhou/zx/6-3/123"]
    assert linked_pages(corpus_site, "jingzhou/zx/6-3/outcome-b") == [
        "jingzhou/zx/6-3/45/zhufanghechengxiangjiansheju"
    ]
    assert "所提问题已经解决" in corpus_site.page("outcomes")


def test_reply_page_links_every_way_in(corpus_site: BuiltSite) -> None:
    """Check a reply page's links: session, proposer, departments, category, policies in text."""
    links = linked_pages(corpus_site, "jingzhou/rd/6-3/12")
    for target in (
        "sessions",
        "jingzhou/rd/6-3",
        "proposers/chenhongmei",
        "departments/jingzhoushijiaotongyunshuju",
        "jingzhou/rd/6-3/outcome-a",
        "policies/jingzhengbanfa-2022-18",
    ):
        assert target in links
    text = article(corpus_site, "jingzhou/rd/6-3/12")
    cited = text.find("a", string=re.compile("荆州市城市更新行动实施方案"))
    assert cited is not None and cited.find_parent("p") is not None
    # The same policy cited by 政协 replies: related replies of another session.
    related = text.find("h3", string="其他届次引用相同政策的答复").find_next("ul").get_text()
    assert "关于加快推进老旧小区改造中加装电梯工作的建议" in related


def test_corpus_site_has_no_broken_link_in_strict_build(tmp_path: Path, corpus_dir: Path) -> None:
    """Check that the corpus without its notice builds with --strict: no broken link, no warning."""
    replies = tmp_path / "replies"
    shutil.copytree(corpus_dir, replies)
    (replies / "jingzhou-notice-2023.txt").unlink()
    site = build_site(tmp_path, replies, strict=True)
    assert site.returncode == 0, site.log
    assert not (site.root / "report").exists()


def test_report_page_lists_unknown_names_without_withheld_ones(corpus_site: BuiltSite) -> None:
    """Check that the draft build's report names policies without 文号 and nothing withheld."""
    report = article(corpus_site, "report").get_text()
    assert "荆州市“十四五”综合交通运输发展规划" in report
    assert "jingzhou-rd-6-3-12.txt" in report
    for withheld in (
        "jingzhou-rd-6-3-88.txt",
        "shiyan-zx-5-2-76.txt",
        "xiangyang-rd-18-2-0107.txt",
    ):
        assert withheld not in report
    assert "report/" not in BeautifulSoup(corpus_site.page(""), "html.parser").nav.decode()
    missing = article(corpus_site, "report").find("h2", string=re.compile("^缺少的字段"))
    assert "registry/metadata.yaml" in missing.find_next("p").get_text()
    items = [li.get_text() for li in missing.find_next("ul").find_all("li")]
    assert "yichang-zx-6-3-257.txt：答复日期" in items  # the seed has no date


def test_registries_add_policy_details_and_meeting_dates(sample_site: BuiltSite) -> None:
    """Check that policies.yaml gives the issuer and sessions.yaml the date of an undated reply."""
    policy = article(sample_site, "policies/yifufa-2018-62").get_text()
    assert "宜昌市人民政府" in policy and "2018-12-20" in policy
    seed = article(sample_site, "yichang/zx/6-3/257").get_text()
    assert "未注明（会议：2019年1月（示例））" in seed
