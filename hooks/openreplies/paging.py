"""Long lists split over numbered pages: `x/`, `x/page-2/`, `x/page-3/` …

A policy cited by a thousand replies, a party's proposals over ten years or the directory of
every proposer would make one page of megabytes, slow to build and unusable on a phone. Such a
list is cut into pages of at most a fixed number of rows, every page with the same heading and
counts and a pager (第 2 页，共 5 页) linking the others. Addresses of page 1 do not change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from .markdown import link

T = TypeVar("T")

ROWS = 200
"""Rows of a table on one page (a reply list: policy, proposer, department)."""
ITEMS = 500
"""Entries of a directory list on one page (proposers, policies)."""


@dataclass(frozen=True)
class PageSlice:
    """One page of a list: rows `start` to `end` of `total`."""

    number: int
    """1-based."""
    count: int
    """Pages in all."""
    start: int
    end: int
    base: str
    """The src URI of page 1 (policies/x/index.md)."""

    @property
    def uri(self) -> str:
        """This page's src URI."""
        return page_uri(self.base, self.number)

    def title(self, title: str) -> str:
        """The page's title: the list's, with the page number after page 1."""
        return title if self.number == 1 else f"{title}（第 {self.number} 页）"

    def rows(self, items: Sequence[T]) -> list[T]:
        """The part of `items` this page shows."""
        return list(items[self.start : self.end])


def page_uri(base: str, number: int) -> str:
    """policies/x/index.md, page 3 → policies/x/page-3/index.md."""
    if number == 1:
        return base
    return f"{base.removesuffix('index.md')}page-{number}/index.md"


def slices(total: int, base: str, size: int = ROWS) -> list[PageSlice]:
    """The pages of a list of `total` rows (one page, possibly empty, for a short list)."""
    count = max(1, -(-total // size))
    return [
        PageSlice(n + 1, count, n * size, min(total, (n + 1) * size), base) for n in range(count)
    ]


def pager(page: PageSlice) -> str:
    """第 2 页，共 5 页：1 2 3 4 5 (the others linked), or nothing for a one-page list."""
    if page.count == 1:
        return ""
    numbers = [
        str(n) if n == page.number else link(str(n), page_uri(page.base, n), page.uri)
        for n in range(1, page.count + 1)
    ]
    return f"第 {page.number} 页，共 {page.count} 页：" + " ".join(numbers) + "\n"
