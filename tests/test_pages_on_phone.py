"""Tables and charts in Chromium on a phone (390 px) and a laptop (1366 px): nothing cut off.

A table of four or more columns reads as cards on a phone (each cell under its column's
heading); a cell that a scrolling box or the window cuts off counts as not shown, because a
reader does not know it is there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import PHONE, SAMPLE_PAGES, chromium, serve
from sitebuild import BuiltSite

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
REPLY_WITH_TABLE = "yichang/rd/7-2/61/"
"""A reply whose Word file holds a table (replies/示例/yichang-rd-7-2-61.docx)."""
TABLE_PAGES = [
    "home",
    "sessions",
    "session",
    "proposal with several replies",
    "reply",
    "reply of several",
    "proposer",
    "departments",
    "department",
    "policy",
    "outcomes",
    "outcome list",
    "stats",
    "open data",
]
MIN_CHART_TEXT_PX = 11

CUT_CELLS = """() => {
  // Every table cell of the article whose text is not wholly on screen: not rendered, or cut
  // by a box that clips (overflow other than visible, such as material's scrolling table
  // wrapper) or by the window's edge. A column heading may be hidden only when every cell of
  // its column shows the heading's text as its label instead (the cards of a phone).
  const width = document.documentElement.clientWidth;
  const screen = {left: 0, right: width, top: -Infinity, bottom: Infinity};
  const outside = (r, b) => r.left < b.left - 0.5 || r.right > b.right + 0.5 ||
    r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5;
  const shown = (cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length || getComputedStyle(cell).visibility !== "visible") return false;
    const boxes = [screen];
    for (let node = cell; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.overflowX !== "visible" || style.overflowY !== "visible") {
        boxes.push(node.getBoundingClientRect());
      }
    }
    return !rects.some((r) => boxes.some((b) => outside(r, b)));
  };
  const cut = [];
  for (const table of document.querySelectorAll("article table")) {
    const headings = table.tHead ? Array.from(table.tHead.rows[0].cells) : [];
    const headingShown = headings.map(shown);
    for (const cell of table.querySelectorAll("tbody td, tbody th")) {
      const text = cell.textContent.trim();
      if (text && !shown(cell)) cut.push(`${text}: cut off`);
      const heading = headings[cell.cellIndex];
      if (heading && !headingShown[cell.cellIndex]) {
        const label = getComputedStyle(cell, "::before").content;
        if (label !== JSON.stringify(heading.textContent.trim())) {
          cut.push(`${text}: its heading ${heading.textContent.trim()} is not shown`);
        }
      }
    }
  }
  return cut;
}"""

CHART_TEXT_SIZES = """() => Array.from(document.querySelectorAll("article svg text")).map((text) =>
  [text.textContent, parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a])"""


@pytest.fixture(scope="module")
def site(sample_site: BuiltSite) -> Iterator[tuple[Any, str]]:
    """A Chromium browser and the sample site served on localhost."""
    with serve(sample_site.root) as base, chromium() as browser:
        yield browser, base


def cut_cells(site: tuple[Any, str], url: str, viewport: dict[str, int]) -> list[str]:
    """The table cells of the page that a reader with this screen cannot see."""
    browser, base = site
    page = browser.new_page(viewport=viewport)
    try:
        page.goto(base + url, wait_until="networkidle")
        assert page.locator("article table").count() > 0, url
        return page.evaluate(CUT_CELLS)
    finally:
        page.close()


@pytest.mark.parametrize("kind", [*TABLE_PAGES, "reply with a table"])
def test_every_table_cell_shows_on_a_phone(kind: str, site: tuple[Any, str]) -> None:
    """Check at 390 px that each table cell's text is on screen, under its column's heading
    (dates, 主办单位, 类别 and the A–D shares were cut off behind a sideways scroll)."""
    url = REPLY_WITH_TABLE if kind == "reply with a table" else SAMPLE_PAGES[kind]
    assert cut_cells(site, url, PHONE) == []


def test_statistics_tables_show_every_column_on_a_laptop(site: tuple[Any, str]) -> None:
    """Check at 1366 px that the statistics tables show all nine columns (D and 未标注 were
    cut off behind a sideways scroll)."""
    assert cut_cells(site, SAMPLE_PAGES["stats"], LAPTOP) == []


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_chart_text_stays_readable(viewport: dict[str, int], site: tuple[Any, str]) -> None:
    """Check that every label and legend of the statistics charts is drawn at 11 px or more
    (scaled down to fit a phone, they were 6–7 px)."""
    browser, base = site
    page = browser.new_page(viewport=viewport)
    page.goto(base + SAMPLE_PAGES["stats"])
    sizes = page.evaluate(CHART_TEXT_SIZES)
    page.close()
    assert len(sizes) > 10
    assert [(text, round(px, 1)) for text, px in sizes if px < MIN_CHART_TEXT_PX] == []


def test_charts_fit_the_phone_screen(site: tuple[Any, str]) -> None:
    """Check at 390 px that no chart is wider than the page: the whole chart is on screen."""
    browser, base = site
    page = browser.new_page(viewport=PHONE)
    page.goto(base + SAMPLE_PAGES["stats"])
    right = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('article svg text, article svg rect'),"
        " (e) => e.getBoundingClientRect().right))"
    )
    width = page.evaluate("document.documentElement.clientWidth")
    page.close()
    assert right <= width
