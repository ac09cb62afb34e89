"""The only MkDocs-aware module: one build's state, and pages wrapped as generated files.

`SiteBuild.prepare` runs the plain pipeline (registry → replies → gate → catalog → pages) and
keeps its result for the events that follow; the hook module only forwards events here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from .catalog import Catalog, build_catalog
from .errors import RegistryError
from .pages import HOME_URI, Page, build_pages
from .pipeline import LoadedReplies, load_replies
from .settings import Registry, Settings, load_registry

log = logging.getLogger("mkdocs.plugins.openreplies")
"""Under `mkdocs.`, so `mkdocs build --strict` counts its warnings."""


@dataclass
class SiteBuild:
    """What one build read and generated."""

    settings: Settings
    registry: Registry
    loaded: LoadedReplies
    catalog: Catalog
    pages: list[Page]

    @classmethod
    def prepare(cls, config: MkDocsConfig) -> SiteBuild:
        """Read everything for one build and log each problem found.

        Raises:
            PluginError: a registry file is invalid (nothing can be trusted without it).
        """
        base = Path(config.config_file_path).parent
        settings = Settings.from_options(base, config.extra.get("openreplies"))
        try:
            registry = load_registry(settings.registry_dir)
        except RegistryError as error:
            raise PluginError(f"openreplies: {error}") from None
        loaded = load_replies(settings.replies_dir, registry.names, registry.decisions)
        for problem in loaded.problems:
            log.log(logging.WARNING if problem.warning else logging.INFO, problem.message)
        catalog = build_catalog(loaded.published)
        pages = list(build_pages(catalog, registry.notes))
        log.info(
            "openreplies: %d 件答复已发布，%d 件不发布，%d 个文件有错误",
            len(catalog.replies),
            len(loaded.replies) - len(catalog.replies),
            len(loaded.errors),
        )
        return cls(settings, registry, loaded, catalog, pages)

    def add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """Add the generated pages, outside the nav; a hand-written page of the same path wins."""
        for page in self.pages:
            if files.get_file_from_path(page.uri) is not None:
                log.warning("openreplies: docs/%s 与生成的页面同名，已保留手写页面", page.uri)
                continue
            # Reply pages stay out of the nav: a nav of thousands of pages is rendered into
            # every page (measured: 2,000 replies in the nav, 130 s and 586 KB a page).
            inclusion = (
                InclusionLevel.UNDEFINED if page.uri == HOME_URI else InclusionLevel.NOT_IN_NAV
            )
            files.append(
                File.generated(config, page.uri, content=page.markdown, inclusion=inclusion)
            )
        return files

    def write_outputs(self, config: MkDocsConfig) -> None:
        """Write the site's files that are not pages, into the built site folder."""
        site_dir = Path(config.site_dir)
        site_dir.mkdir(parents=True, exist_ok=True)

    @property
    def watched(self) -> list[str]:
        """Folders `mkdocs serve` must watch."""
        return [str(self.settings.replies_dir), str(self.settings.registry_dir)]
