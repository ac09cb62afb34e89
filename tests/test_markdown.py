"""Reply text is escaped so that Markdown, HTML and templates never act on it."""

from __future__ import annotations

import markdown
from hypothesis import given
from hypothesis import strategies as st
from openreplies.markdown import esc, link

DANGEROUS = "<script>alert(1)</script> **bold** {{ config }} [x](javascript:alert(1)) \"' `c`"


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "admonition", "toc"])


def test_dangerous_text_renders_literally() -> None:
    """Check that HTML, Markdown and template syntax in reply text show as typed."""
    html = render(esc(DANGEROUS))
    assert "<script>" not in html and "<strong>" not in html and "<a " not in html
    assert "<code>" not in html


@given(st.text())
def test_any_text_renders_as_one_plain_paragraph(text: str) -> None:
    """Check that escaped text never produces any tag other than the one paragraph."""
    html = render(esc(text))
    stripped = html.removeprefix("<p>").removesuffix("</p>")
    assert "<" not in stripped and ">" not in stripped


def test_numbers_and_chinese_stay_as_written() -> None:
    """Check that digits and CJK characters are not touched by escaping."""
    assert esc("开设了 31 个订单班、3479 位学生") == "开设了 31 个订单班、3479 位学生"


def test_links_are_relative_between_generated_pages() -> None:
    """Check that a link from one generated page to another is relative to the first."""
    assert link("六届三次", "yichang/zx/6-3/index.md", "yichang/zx/6-3/257/index.md") == (
        "[六届三次](../index.md)"
    )
