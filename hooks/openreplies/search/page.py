"""The search page (检索) and the browser files it needs.

The page's Markdown is only its title and a short help text; the form and the result list are
in the theme template `overrides/search.html`, and the index in `search/index/` of the site.
"""

from __future__ import annotations

from pathlib import Path

import mkdocs

SEARCH_URI = "search/index.md"
INDEX_DIR = "search/index"
"""Where the index files go, relative to the built site."""
ASSETS = Path(__file__).resolve().parent.parent / "assets"
LUNR_JS = Path(mkdocs.__file__).parent / "contrib" / "search" / "templates" / "search" / "lunr.js"
"""lunr.js 2.3.9 as the mkdocs package ships it (copied into the site, never into the repo)."""


def render_search_page() -> str:
    """The Markdown of the search page."""
    return (
        "---\ntitle: 检索\ntemplate: search.html\nhide:\n  - toc\n---\n\n"
        "# 检索\n\n"
        "在全部已公开的答复中检索标题、正文、编号、文号、提案者和答复单位；"
        "可以按届次、类型、答复单位、提案者和答复类别筛选。"
        "检索词中的单位、党派、提案者或届次会直接缩小范围，"
        "例如“教育局 产教融合”“民进 教育”“六届三次 养老”；"
        "文号可以用任何括号写法，如 宜府发[2018]62号；繁体字会按简体检索。"
        "检索结果的网址包含检索词和筛选条件，可以直接分享。\n"
    )


def asset_files() -> dict[str, Path]:
    """Site path → source file of every browser file the search needs."""
    return {
        "assets/openreplies/lunr.js": LUNR_JS,
        "assets/openreplies/search.js": ASSETS / "search.js",
        "assets/openreplies/search.css": ASSETS / "search.css",
    }


POLICY_WORDS = Path(__file__).resolve().parent.parent / "data" / "search_words.txt"


def policy_words() -> list[str]:
    """The policy terms of data/search_words.txt (comments and blank lines skipped)."""
    lines = POLICY_WORDS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
