"""The only MkDocs-aware module: one build's state, and pages wrapped as generated files.

`SiteBuild.prepare` runs the plain pipeline (registry → replies → gate → content → pages) and
keeps its result for the events that follow; the hook module only forwards events here.
No event lets an exception out: whatever fails becomes a warning of the build log (so
`--strict` fails) naming what was left out, and the rest of the site is built.

Incremental builds (README, "Incremental builds"): parse results come from the build cache,
each generated page is a file of the cache written only when it changes (so that `--dirty`
renders only the pages that changed), the pages of a dirty build are dated like those of a
clean one, and what a build no longer makes is removed from the site. Memory stays bounded:
each page's HTML waits on disk between MkDocs' two passes over the pages.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as Page_

from .build_cache import BuildCache
from .errors import RegistryError
from .generate import NAV_PAGES, Generated, GenerationError, Options, Outputs, generate_site
from .html_spool import HtmlSpool
from .incremental import OutputStore, render_stamp, theme_files
from .manifest import CHECKSUMS, load_manifest, write_checksums
from .model import Reply
from .offline import write_offline_zip
from .pages import SiteContent
from .parse_cache import ParseCache
from .pipeline import LoadedReplies, load_replies
from .search.documents import index_input
from .search.page import INDEX_DIR, SEARCH_URI, asset_files, render_search_page
from .search.worker import IndexJob
from .settings import Registry, Settings, load_registry
from .site_address import warn_example_site_url
from .writing import files_under, remove_files

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
    cache: BuildCache | None = None
    """The build cache (None: everything is kept in memory, as for a site without a config
    file or with a read-only folder)."""
    store: OutputStore | None = None
    """The generated pages and files, as files of the cache (`outputs.stored` lists them)."""
    files: Files | None = None
    """MkDocs' files of this build, from `add_pages` on."""
    existing: set[Path] = field(default_factory=set)
    """The files in the site folder when this build began to write (after MkDocs' clean)."""
    dirty: bool = False
    """The site folder held an earlier build when this one began (`--dirty`: MkDocs empties
    it otherwise)."""
    spool: HtmlSpool = field(default_factory=HtmlSpool)
    _rendered: Page_ | None = None
    _dated: bool = False

    @classmethod
    def prepare(cls, config: MkDocsConfig) -> SiteBuild:
        """Read everything for one build and log each problem found."""
        base = Path(config.config_file_path).parent
        settings = Settings.from_options(base, config.extra.get("openreplies"))
        warn_example_site_url(config.site_url, log.warning)
        registry, registry_errors = load_registry(settings.registry_dir)
        for error in registry_errors:
            log.warning("openreplies: %s；已改用安全的默认设置", error)
        cache = BuildCache.beside(config.config_file_path)
        parsed = cache.parse_cache(registry.names) if cache else None
        loaded = _load(settings, registry, parsed)
        store = cache.output_store() if cache else None
        memo = cache.memo(store) if cache and store else None
        if store is not None:
            store.begin()
        options = Options(
            base_url=config.site_url or "",
            # The report is a page only for a draft (non-strict) build; a release stays clean.
            draft=not config.strict,
            previous_manifest=_previous_manifest(settings),
            offline_zip=settings.offline_zip,
            sink=store,
            memo=memo,
        )
        generated = _generate(loaded.published, registry, options)
        if parsed is not None and loaded.replies:
            parsed.prune()
        if generated is None:
            if store is not None:
                store.reset()
                store.prune()
            return cls(settings, registry, None, Outputs([], []), {}, cache=cache, store=store)
        if store is not None:
            store.prune()
        if memo is not None:
            memo.save()
            log.info("openreplies: %d 个页面和文件与上次相同，未重新生成", memo.hits)
        for line in generated.report.log_lines():
            log.info("openreplies: %s", line)
        catalog = generated.content.catalog
        published = len(catalog.replies)
        log.info("openreplies: %d 件答复已发布，%d 件不发布，%d 个文件有错误", published,
                 len(loaded.replies) - published, len(loaded.errors))  # fmt: skip
        dates = {catalog.reply_uris[r.file]: r.date for r in catalog.replies if r.date}
        return cls(settings, registry, generated.content, generated.outputs, dates,
                   cache=cache, store=store)  # fmt: skip

    def add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """Add the generated pages; a hand-written page of the same path wins, with a warning."""
        self.files = files
        site_dir = Path(config.site_dir)
        self.existing = files_under(site_dir)
        self.dirty = any(
            not p.relative_to(site_dir).parts[0].startswith(".") for p in self.existing
        )
        restamped = self.store is not None and self.store.restamp(_render_stamp(config), site_dir)
        if self.store is not None:
            for uri in self.outputs.stored:
                self._add(files, config, uri, abs_src_path=str(self.store.path_of(uri)))
        for page in self.outputs.pages:
            self._add(files, config, page.uri, content=page.markdown)
        for data in self.outputs.files:
            files.append(File.generated(config, data.path, content=data.content))
        if restamped and self.dirty:
            # The theme or mkdocs.yml changed: MkDocs compares only a page's source with what
            # it built, so every built page goes, and a dirty build renders them all again.
            for file in files.documentation_pages():
                Path(file.abs_dest_path).unlink(missing_ok=True)
        if self.content is not None:
            with reported("生成检索索引"):
                self.add_search(files, config)
        # The files hold the pages now, and the search worker its documents: keeping the
        # pages and replies too would hold them twice while MkDocs renders (its peak).
        self.outputs = replace(self.outputs, pages=[])
        self.content = None
        return files

    def _add(self, files: Files, config: MkDocsConfig, uri: str, **source: str) -> None:
        """One generated page (from its Markdown or its file in the cache) or data file."""
        if not uri.endswith(".md"):
            files.append(File.generated(config, uri, **source))
            return
        if files.get_file_from_path(uri) is not None:
            log.warning("openreplies: docs/%s 与生成的页面同名，已保留手写页面", uri)
            return
        # Reply pages stay out of the nav: a nav of thousands of pages is rendered into
        # every page (measured: 2,000 replies in the nav, 130 s and 586 KB a page).
        inclusion = InclusionLevel.UNDEFINED if uri in NAV_PAGES else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, uri, inclusion=inclusion, **source))

    def add_search(self, files: Files, config: MkDocsConfig) -> None:
        """Add the search page and its browser files; start building the index beside the
        page rendering (in a second process), into site/search/index/."""
        files.append(File.generated(config, SEARCH_URI, content=render_search_page()))
        for uri, source in asset_files().items():
            files.append(File.generated(config, uri, abs_src_path=str(source)))
        assert self.content is not None, "add_search runs once per build, with content"
        urls = {file.src_uri: file.url for file in files}
        search = index_input(self.content, self.registry.names.tables, urls.__getitem__)
        # A dirty build renders few pages, so a second process would save nothing: the index
        # is built after the pages (in write_outputs), and the edited page shows sooner.
        parallel = None if not self.dirty else False
        self.search_job = IndexJob.start(search, Path(config.site_dir) / INDEX_DIR,
                                         parallel=parallel)  # fmt: skip

    def release_source(self, page: Page_) -> None:
        """Drop a generated page's Markdown from its file once MkDocs has read it: the page
        keeps its own copy, and at 10,000 replies the second one costs hundreds of MB. (A
        page backed by a file of the cache holds nothing to drop.)"""
        if page.file.generated_by is not None and page.file.abs_src_path is None:
            page.file.content_string = ""

    def date_page(self, page: Page_) -> None:
        """Give pages a date from the replies rather than the clock, so rebuilds are identical
        (runs before each page's Markdown is rendered, on_pre_page).

        A reply page gets its reply's date; every other page the newest reply date. The
        sitemap's <lastmod> and the gzip header of sitemap.xml.gz come from these dates. An
        explicit SOURCE_DATE_EPOCH (reproducible-builds convention) wins. The first call dates
        every page: a dirty build renders only some, but its sitemap lists them all. The page
        rendered before this one has its HTML moved to the spool.
        """
        self._spool_rendered()
        self._rendered = page
        if "SOURCE_DATE_EPOCH" in os.environ:
            return
        if not self._dated and self.files is not None:
            self._dated = True
            for file in self.files.documentation_pages():
                if file.page is not None:
                    self._date(file.page)
        self._date(page)

    def _date(self, page: Page_) -> None:
        date = self.page_dates.get(page.file.src_uri, self.newest_date)
        if date:
            page.update_date = date

    def _spool_rendered(self) -> None:
        """Move the HTML of the page rendered last to disk until the theme prints it; its
        Markdown is not needed any more (the title is in its front matter or its HTML)."""
        page = self._rendered
        if page is not None and isinstance(page.content, str):
            page.content = self.spool.put(page.content)  # type: ignore[assignment]
            if page.markdown is not None:
                page.markdown = ""

    @cached_property
    def newest_date(self) -> str | None:
        """The newest date of any published reply."""
        return max(self.page_dates.values(), default=None)

    def write_outputs(self, config: MkDocsConfig) -> None:
        """Write what needs the finished site; the checksums last, over every other file."""
        site_dir = Path(config.site_dir)
        site_dir.mkdir(parents=True, exist_ok=True)
        self.spool.close()
        if self.search_job is not None:
            with reported("生成检索索引"):
                log.info("openreplies: 检索索引 %s", self.search_job.finish().summary())
        if self.files is not None:
            with reported("清理不再生成的文件"):
                self.remove_stale(config)
        if self.settings.offline_zip:
            with reported("生成离线版"), _set_aside(site_dir / CHECKSUMS):
                # The zip holds the site as a clean build has it then: without checksums.
                zipped = site_dir / self.settings.offline_zip
                count = write_offline_zip(site_dir, zipped, INDEX_DIR)
                log.info("openreplies: 离线版 %s（%d 个文件）", self.settings.offline_zip, count)
        with reported("生成 SHA256SUMS"):
            cached = self.cache.checksums_file(site_dir) if self.cache else None
            write_checksums(site_dir, cached)

    def remove_stale(self, config: MkDocsConfig) -> None:
        """Remove what an earlier build wrote into the site folder and this one does not make:
        a dirty build leaves it (a withdrawn reply's page, among others); a clean build has
        nothing to remove. Only files that were there before this build wrote anything can go."""
        assert self.files is not None
        site_dir = Path(config.site_dir)
        keep = [Path(file.abs_dest_path) for file in self.files]
        keep += [site_dir / name for name in config.theme.static_templates]
        keep += [site_dir / "sitemap.xml.gz", site_dir / CHECKSUMS]
        keep += [site_dir / name for name in config.extra_templates]
        if self.settings.offline_zip:
            keep.append(site_dir / self.settings.offline_zip)
        kept = {os.path.normpath(p) for p in keep}
        index = os.path.normpath(site_dir / INDEX_DIR) + os.sep
        # The index folder is the worker's: it removes what it no longer writes.
        stale = [p for p in self.existing
                 if os.path.normpath(p) not in kept and not os.path.normpath(p).startswith(index)]  # fmt: skip
        removed = remove_files(site_dir, stale)
        if removed:
            log.info("openreplies: 删除了 %d 个不再生成的文件", len(removed))


@contextmanager
def reported(what: str, then: str = "已跳过") -> Iterator[None]:
    """Run a step of the build; an exception becomes a warning (its traceback is logged at
    debug level, `mkdocs build -v`) and the build goes on without the rest of the step."""
    try:
        yield
    except Exception as exc:
        log.warning("openreplies: %s时出错（%s: %s），%s", what, type(exc).__name__, exc, then)
        log.debug("openreplies: %s", what, exc_info=True)


def _load(settings: Settings, registry: Registry, cache: ParseCache | None) -> LoadedReplies:
    """Every reply read and judged, each problem logged; nothing at all if reading fails."""
    loaded = LoadedReplies()
    with reported("读取答复", "本次不发布任何答复"):
        loaded = load_replies(
            settings.replies_dir, registry.names, registry.decisions, registry.metadata,
            cache=cache,
        )  # fmt: skip
    for problem in loaded.problems:
        log.log(logging.WARNING if problem.warning else logging.INFO, problem.message)
    if cache is not None:
        read = cache.hits + cache.misses
        log.info("openreplies: 读取 %d 个文件，%d 个来自解析缓存", read, cache.hits)
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


@contextmanager
def _set_aside(path: Path) -> Iterator[None]:
    """Move a file out of the site for a while (keeping its modification time)."""
    if not path.is_file():
        yield
        return
    with tempfile.TemporaryDirectory(prefix="openreplies-") as folder:
        aside = Path(folder) / path.name
        shutil.move(path, aside)
        try:
            yield
        finally:
            shutil.move(aside, path)


_RENDERING = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")
"""Packages whose version changes how the same Markdown renders."""


def _render_stamp(config: MkDocsConfig) -> str:
    """What shapes every page's HTML besides its own source: mkdocs.yml, the site's address,
    the theme's templates and the rendering packages."""
    parts: list[str | bytes] = [config.site_url or "", str(config.theme.name)]
    if config.config_file_path and Path(config.config_file_path).is_file():
        parts.append(Path(config.config_file_path).read_bytes())
    for package in _RENDERING:
        try:
            parts.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            parts.append(package)
    for template in theme_files(config.theme.dirs):
        parts += [str(template), template.read_bytes()]
    return render_stamp(parts)


def _previous_manifest(settings: Settings) -> dict[str, Any] | None:
    if settings.previous_manifest is None:
        return None
    try:
        return load_manifest(settings.previous_manifest)
    except RegistryError as error:
        log.warning("openreplies: %s", error)
        return None
