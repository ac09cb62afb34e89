"""Sessions newest first, those of one region and body together (catalog.order_sessions).

Terms are numbered per region and body, so 襄阳's 十四届 is not newer than 宜昌's 六届: the
groups are ordered by their newest reply, and inside a group term and session decide.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from browser import chromium, serve
from openreplies.catalog import build_catalog
from openreplies.model import Body, Reply, Role
from sitebuild import BuiltSite

BASE = Reply(
    file="a.txt", disclosure="公开", body=Body.CPPCC, region="宜昌市", term=6, session=3,
    number=1, category="A", proposer="张三", proposer_canonical="张三",
    title="关于推进社区养老服务设施建设的建议", department="宜昌市民政局", role=Role.LEAD,
    co_departments=(), date=None, policies=(), leader=None, handler=None, phones=(),
    postcode=None, public=True,
)  # fmt: skip

REPLIES = [
    # 襄阳 政协 十四届: the highest term, but its newest reply is older than 宜昌 人大's.
    replace(BASE, file="x1.txt", region="襄阳市", term=14, session=2, date="2021-06-21"),
    # 宜昌 政协: 六届三次 got a late reply (2022), yet 六届四次 is the later meeting.
    replace(BASE, file="y1.txt", term=6, session=3, date="2022-03-01"),
    replace(BASE, file="y2.txt", term=6, session=4, date="2020-08-20"),
    replace(BASE, file="y3.txt", term=5, session=1),
    # 宜昌 人大 七届二次: the newest reply of all.
    replace(BASE, file="r1.txt", body=Body.CONGRESS, term=7, session=2, date="2023-07-01"),
    # 十堰: no reply dated, so it comes last.
    replace(BASE, file="s1.txt", region="十堰市", term=5, session=2),
]
EXPECTED = [
    "宜昌市七届人大二次会议",
    "政协宜昌市六届四次会议",
    "政协宜昌市六届三次会议",
    "政协宜昌市五届一次会议",
    "政协襄阳市十四届二次会议",
    "政协十堰市五届二次会议",
]


def test_sessions_go_newest_first_grouped_by_region_and_body() -> None:
    """Check the order: groups by newest reply date, undated last; term and session inside."""
    assert [s.name for s in build_catalog(REPLIES).sessions] == EXPECTED


def test_session_order_does_not_depend_on_file_order() -> None:
    """Check that the replies in any order give the same session order."""
    for seed in range(5):
        shuffled = REPLIES[:]
        random.Random(seed).shuffle(shuffled)
        assert [s.name for s in build_catalog(shuffled).sessions] == EXPECTED


def test_groups_with_the_same_newest_date_keep_a_fixed_order() -> None:
    """Check that two groups whose newest replies share a date are ordered by region, body."""
    same_day = [replace(r, date="2024-01-01") for r in REPLIES if r.term != 5]
    names = [s.name for s in build_catalog(same_day).sessions]
    assert names == [s.name for s in build_catalog(list(reversed(same_day))).sessions]
    assert names.index("宜昌市七届人大二次会议") < names.index("政协宜昌市六届四次会议")


@pytest.mark.browser
def test_home_and_sessions_pages_list_the_newest_sessions_first(corpus_site: BuiltSite) -> None:
    """Check in Chromium that the corpus site's home and 届次 pages show the sessions by date,
    not 襄阳 十四届 first because 14 is the highest term."""
    with serve(corpus_site.root) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base)
        home = page.locator("article table").first.locator("tbody tr td:first-child")
        assert home.all_inner_texts() == [
            "十堰市六届人大三次会议",
            "政协荆州市六届三次会议",
            "政协十堰市五届二次会议",
            "政协襄阳市十四届二次会议",
            "荆州市六届人大三次会议",
            "政协宜昌市六届四次会议",
            "政协宜昌市六届三次会议",
        ]
        page.goto(base + "sessions/")
        tables = page.locator("article table")
        first_column = [
            tables.nth(i).locator("tbody tr td:first-child").all_inner_texts() for i in (0, 1)
        ]
        assert first_column == [
            ["政协荆州市六届三次会议", "政协十堰市五届二次会议", "政协襄阳市十四届二次会议",
             "政协宜昌市六届四次会议", "政协宜昌市六届三次会议"],
            ["十堰市六届人大三次会议", "荆州市六届人大三次会议"],
        ]  # fmt: skip
