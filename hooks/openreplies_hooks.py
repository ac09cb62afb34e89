"""MkDocs hooks of Open Replies: each event forwards to the `openreplies` library.

Listed under `hooks:` in mkdocs.yml. No parsing or page text lives here. No event lets an
exception out: a failure is a warning of the build log (`--strict` fails), never a traceback.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from openreplies.site import SiteBuild, reported

_build: SiteBuild | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read the registry and every reply (runs once per build, before any page)."""
    global _build
    _build = None
    with reported("准备构建", "本次不生成任何答复页面"):
        _build = SiteBuild.prepare(config)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add one generated page per published reply, proposal and session."""
    if _build is not None:
        with reported("添加生成的页面"):
            files = _build.add_pages(files, config)
    return files


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """Date each page from the replies, not the clock (runs before each page is rendered)."""
    if _build is not None:
        with reported(f"为 {page.file.src_uri} 注明日期"):
            _build.date_page(page)
    return page


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Free the generated page's source once read (runs for each page, before rendering)."""
    if _build is not None:
        _build.release_source(page)
    return markdown


def on_post_build(config: MkDocsConfig) -> None:
    """Write the outputs that are not pages (runs once, after every page is written)."""
    if _build is not None:
        with reported("写入检索索引和校验文件"):
            _build.write_outputs(config)
