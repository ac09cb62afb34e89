"""Published replies and the registry → the site's content and every generated page.

The plain-function core of a build, shared by the hook and the tests: no MkDocs objects here.
"""

from __future__ import annotations

from collections.abc import Iterable

from .catalog import build_catalog
from .index_pages import build_index_pages, report_page
from .indexes import build_indexes
from .model import Reply
from .pages import Page, SiteContent, build_reply_pages
from .related import build_related
from .report import Report
from .settings import Registry
from .urls import DEPARTMENTS_URI, OUTCOMES_URI, POLICIES_URI, PROPOSERS_URI, SESSIONS_URI

NAV_PAGES = frozenset({"index.md", SESSIONS_URI, PROPOSERS_URI, DEPARTMENTS_URI, POLICIES_URI,
                       OUTCOMES_URI})  # fmt: skip
"""Generated pages that mkdocs.yml lists in `nav` (as tabs); every other one stays out of it."""


def build_content(published: Iterable[Reply], registry: Registry) -> SiteContent:
    """Catalog, indexes and related links of the published replies."""
    catalog = build_catalog(published)
    indexes = build_indexes(catalog, registry.policies)
    related = build_related(catalog, indexes)
    return SiteContent(catalog, indexes, related, registry.notes, registry.meetings)


def build_pages(content: SiteContent, report: Report | None = None) -> list[Page]:
    """Every generated page; the report page only when a report is given."""
    pages = [*build_reply_pages(content), *build_index_pages(content)]
    if report is not None:
        pages.append(report_page(report))
    return pages
