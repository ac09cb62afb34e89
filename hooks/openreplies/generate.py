"""Published replies and the registry → the site's content, pages and data files.

The plain-function core of a build, shared by the hook and the tests: no MkDocs objects here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

from .catalog import build_catalog
from .data_pages import (
    CHANGES_URI,
    DATA_URI,
    STATS_URI,
    render_changes,
    render_open_data,
    render_stats,
)
from .export import DataFile, build_exports
from .feeds import Feed, build_feeds, list_feeds
from .index_pages import build_index_pages, report_page
from .indexes import build_indexes
from .manifest import build_manifest, diff_manifests, manifest_file
from .model import Reply
from .pages import Page, SiteContent, build_reply_pages
from .related import build_related
from .report import Report
from .settings import Registry
from .urls import DEPARTMENTS_URI, OUTCOMES_URI, POLICIES_URI, PROPOSERS_URI, SESSIONS_URI

NAV_PAGES = frozenset({"index.md", SESSIONS_URI, PROPOSERS_URI, DEPARTMENTS_URI, POLICIES_URI,
                       OUTCOMES_URI, STATS_URI, DATA_URI})  # fmt: skip
"""Generated pages that mkdocs.yml lists in `nav` (as tabs); every other one stays out of it."""

NO_DATE = "1970-01-01"


@dataclass(frozen=True)
class Outputs:
    """Everything a build generates: pages and other files."""

    pages: list[Page]
    files: list[DataFile]


def build_content(published: Iterable[Reply], registry: Registry) -> SiteContent:
    """Catalog, indexes and related links of the published replies."""
    catalog = build_catalog(published)
    indexes = build_indexes(catalog, registry.policies)
    related = build_related(catalog, indexes)
    return SiteContent(catalog, indexes, related, registry.notes, registry.meetings)


def build_outputs(
    content: SiteContent,
    *,
    base_url: str = "",
    report: Report | None = None,
    previous_manifest: dict[str, Any] | None = None,
    offline_zip: str | None = None,
) -> Outputs:
    """Every generated page and data file; the report page only when a report is given."""
    catalog, indexes = content.catalog, content.indexes
    site_date = max((r.date for r in catalog.replies if r.date), default=NO_DATE)
    feeds = list_feeds(catalog, indexes)
    manifest = build_manifest(catalog)
    changes = diff_manifests(previous_manifest, manifest) if previous_manifest else None
    pages = [*build_reply_pages(content), *build_index_pages(content)]
    pages += [
        Page(STATS_URI, render_stats(catalog, indexes)),
        Page(DATA_URI, render_open_data(catalog, offline_zip)),
        Page(CHANGES_URI, render_changes(changes, previous_manifest, manifest)),
    ]
    if report is not None:
        pages.append(report_page(report))
    by_page = {feed.page_uri: feed for feed in feeds}
    pages = [with_feed(page, by_page[page.uri]) if page.uri in by_page else page for page in pages]
    files = [*build_exports(catalog, base_url), *build_feeds(feeds, catalog, base_url, site_date)]
    files.append(manifest_file(manifest))
    return Outputs(pages, files)


def with_feed(page: Page, feed: Feed) -> Page:
    """The page advertising its feed: front matter for <link rel="alternate">, and a link."""
    meta = yaml.safe_dump({"feed": feed.path, "feed_title": feed.title}, allow_unicode=True)
    body = page.markdown.removeprefix("---\n")
    depth = page.uri.count("/")
    target = "../" * depth + feed.path
    subscribe = f"\n[订阅本页的更新（Atom）]({target})\n"
    return Page(page.uri, "---\n" + meta + body + subscribe)
