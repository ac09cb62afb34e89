"""The only MkDocs-aware module: one build's state, and pages wrapped as generated files.

`SiteBuild.prepare` runs the plain pipeline (registry → replies → gate → content → pages) and
keeps its result for the events that follow; the hook module only forwards events here.
No event lets an exception out: whatever fails becomes a warning of the build log (so
`--strict` fails) naming what was left out, and the rest of the site is built.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as Page_

from .errors import RegistryError
from .generate import NAV_PAGES, Generated, GenerationError, Options, Outputs, generate_site
from .manifest import load_manifest, write_checksums
from .model import Reply
from .offline import write_offline_zip
from .pages import SiteContent
from .pipeline import LoadedReplies, load_replies
from .search.documents import search_input
from .search.page import INDEX_DIR, SEARCH_URI, asset_files, render_search_page
from .search.worker import IndexJob
from .settings import Registry, Settings, load_registry
from .site_address import warn_example_site_url

log = logging.getLogger("mkdocs.plugins.openreplies")
"""Under `mkdocs.`, so `mkdocs build --strict` counts its warnings."""


@dataclass
class SiteBuild:
    """What one build read and generated."""

    settings: Settings
    registry: Registry
    content: SiteContent | None
    """The published replies and their indexes; released once the pages are handed over."""
    outputs: Outputs
    page_dates: dict[str, str]
    """Reply page → its reply's date, for dated replies."""
    search_job: IndexJob | None = None
    """The search index build started in `add_pages`, finished in `write_outputs`."""

    @classmethod
    def prepare(cls, config: MkDocsConfig) -> SiteBuild:
        """Read everything for one build and log each problem found."""
        base = Path(config.config_file_path).parent
        settings = Settings.from_options(base, config.extra.get("openreplies"))
        warn_example_site_url(config.site_url, log.warning)
        registry, registry_errors = load_registry(settings.registry_dir)
        for error in registry_errors:
            log.warning("openreplies: %s；已改用安全的默认设置", error)
        loaded = _load(settings, registry)
        options = Options(
            base_url=config.site_url or "",
            # The report is a page only for a draft (non-strict) build; a release stays clean.
            draft=not config.strict,
            previous_manifest=_previous_manifest(settings),
            offline_zip=settings.offline_zip,
        )
        generated = _generate(loaded.published, registry, options)
        if generated is None:
            return cls(settings, registry, None, Outputs([], []), {})
        for line in generated.report.log_lines():
            log.info("openreplies: %s", line)
        catalog = generated.content.catalog
        published = len(catalog.replies)
        log.info("openreplies: %d 件答复已发布，%d 件不发布，%d 个文件有错误", published,
                 len(loaded.replies) - published, len(loaded.errors))  # fmt: skip
        dates = {catalog.reply_uris[r.file]: r.date for r in catalog.replies if r.date}
        return cls(settings, registry, generated.content, generated.outputs, dates)

    def add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """Add the generated pages; a hand-written page of the same path wins, with a warning."""
        for page in self.outputs.pages:
            if files.get_file_from_path(page.uri) is not None:
                log.warning("openreplies: docs/%s 与生成的页面同名，已保留手写页面", page.uri)
                continue
            # Reply pages stay out of the nav: a nav of thousands of pages is rendered into
            # every page (measured: 2,000 replies in the nav, 130 s and 586 KB a page).
            in_nav = page.uri in NAV_PAGES
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.uri, content=page.markdown,
                                        inclusion=inclusion))  # fmt: skip
        for data in self.outputs.files:
            files.append(File.generated(config, data.path, content=data.content))
        if self.content is not None:
            with reported("生成检索索引"):
                self.add_search(files, config)
        # The files hold the pages now, and the search worker its documents: keeping the
        # pages and replies too would hold them twice while MkDocs renders (its peak).
        self.outputs = replace(self.outputs, pages=[])
        self.content = None
        return files

    def add_search(self, files: Files, config: MkDocsConfig) -> None:
        """Add the search page and its browser files; start building the index beside the
        page rendering (in a second process), into site/search/index/."""
        files.append(File.generated(config, SEARCH_URI, content=render_search_page()))
        for uri, source in asset_files().items():
            files.append(File.generated(config, uri, abs_src_path=str(source)))
        assert self.content is not None, "add_search runs once per build, with content"
        urls = {file.src_uri: file.url for file in files}
        docs, words = search_input(
            self.content.catalog, self.registry.names.tables, urls.__getitem__
        )
        self.search_job = IndexJob.start(docs, words, Path(config.site_dir) / INDEX_DIR)

    def release_source(self, page: Page_) -> None:
        """Drop a generated page's Markdown from its file once MkDocs has read it: the page
        keeps its own copy, and at 10,000 replies the second one costs hundreds of MB."""
        if page.file.generated_by is not None and page.markdown is not None:
            page.file.content_string = ""

    def date_page(self, page: Page_) -> None:
        """Give a page a date from the replies rather than the clock, so rebuilds are identical.

        A reply page gets its reply's date; every other page the newest reply date. The
        sitemap's <lastmod> and the gzip header of sitemap.xml.gz come from these dates. An
        explicit SOURCE_DATE_EPOCH (reproducible-builds convention) wins.
        """
        if "SOURCE_DATE_EPOCH" in os.environ:
            return
        date = self.page_dates.get(page.file.src_uri, self.newest_date)
        if date:
            page.update_date = date

    @cached_property
    def newest_date(self) -> str | None:
        """The newest date of any published reply."""
        return max(self.page_dates.values(), default=None)

    def write_outputs(self, config: MkDocsConfig) -> None:
        """Write what needs the finished site; the checksums last, over every other file."""
        site_dir = Path(config.site_dir)
        site_dir.mkdir(parents=True, exist_ok=True)
        if self.search_job is not None:
            with reported("生成检索索引"):
                log.info("openreplies: 检索索引 %s", self.search_job.finish().summary())
        if self.settings.offline_zip:
            with reported("生成离线版"):
                zipped = site_dir / self.settings.offline_zip
                count = write_offline_zip(site_dir, zipped, INDEX_DIR)
                log.info("openreplies: 离线版 %s（%d 个文件）", self.settings.offline_zip, count)
        with reported("生成 SHA256SUMS"):
            write_checksums(site_dir)


@contextmanager
def reported(what: str, then: str = "已跳过") -> Iterator[None]:
    """Run a step of the build; an exception becomes a warning (its traceback is logged at
    debug level, `mkdocs build -v`) and the build goes on without the rest of the step."""
    try:
        yield
    except Exception as exc:
        log.warning("openreplies: %s时出错（%s: %s），%s", what, type(exc).__name__, exc, then)
        log.debug("openreplies: %s", what, exc_info=True)


def _load(settings: Settings, registry: Registry) -> LoadedReplies:
    """Every reply read and judged, each problem logged; nothing at all if reading fails."""
    loaded = LoadedReplies()
    with reported("读取答复", "本次不发布任何答复"):
        loaded = load_replies(
            settings.replies_dir, registry.names, registry.decisions, registry.metadata
        )
    for problem in loaded.problems:
        log.log(logging.WARNING if problem.warning else logging.INFO, problem.message)
    return loaded


def _generate(published: list[Reply], registry: Registry, options: Options) -> Generated | None:
    """The generated site, each dropped reply logged; None (logged) if nothing can be made."""
    try:
        generated = generate_site(published, registry, options)
    except GenerationError as error:
        log.warning("openreplies: 生成网站时出错（%s），本次不发布任何答复", error)
        return None
    for dropped in generated.dropped:
        log.warning("openreplies: %s", dropped.message)
        if dropped.detail:
            log.debug("openreplies: %s\n%s", dropped.file, dropped.detail)
    return generated


def _previous_manifest(settings: Settings) -> dict[str, Any] | None:
    if settings.previous_manifest is None:
        return None
    try:
        return load_manifest(settings.previous_manifest)
    except RegistryError as error:
        log.warning("openreplies: %s", error)
        return None
