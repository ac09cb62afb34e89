"""A new, empty site: `python -m openreplies init DIR`.

It writes mkdocs.yml (the repository's theme and hook settings, the example site_url to be
replaced), an empty replies/ folder, registry/ with commented templates, docs/about.md, a hook
shim that loads the installed Open Replies, a .gitignore, and a copy of the theme files
(overrides/, docs/assets/) that MkDocs can only read from the site's own folders. No sample data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "site_template"
"""The files of a new site, as they are written (package data)."""
CHECKOUT = Path(__file__).resolve().parents[2]
"""The Open Replies folder this package is installed from (pip install -e)."""
THEME = ("overrides", "docs/assets")
"""Theme folders of the checkout copied into a new site (MkDocs reads them by path)."""


GITIGNORE = (
    "# 生成的网站、发布时的临时文件夹和构建缓存，不必纳入版本管理\nsite/\n.site.*\n.cache/\n"
)
"""A new site's .gitignore (a site kept in git, e.g. for GitLab Pages, commits its sources)."""


class NewSiteError(Exception):
    """The site cannot be created (message in Chinese, for the webmaster)."""


def create_site(folder: Path) -> list[Path]:
    """Write a new site into `folder` (absent or empty); the files written, sorted.

    Raises:
        NewSiteError: `folder` is a file or a non-empty folder, or the theme files are not
            beside the installed package.
    """
    if folder.exists() and not folder.is_dir():
        raise NewSiteError(f"{folder} 是一个文件，不是文件夹")
    if folder.is_dir() and any(folder.iterdir()):
        raise NewSiteError(f"{folder} 不是空文件夹：为免覆盖已有文件，请指定一个新的或空的文件夹")
    missing = [name for name in THEME if not (CHECKOUT / name).is_dir()]
    if missing:
        raise NewSiteError(
            f"在 {CHECKOUT} 中找不到主题文件夹 {'、'.join(missing)}：请从 Open Replies 的代码"
            "文件夹以可编辑方式安装（pip install -e .，scripts/site 就是这样安装的）"
        )
    written = _copy_tree(TEMPLATE, folder)
    for name in THEME:
        written += _copy_tree(CHECKOUT / name, folder / name)
    (folder / "replies").mkdir()
    ignore = folder / ".gitignore"
    ignore.write_text(GITIGNORE, encoding="utf-8")
    return sorted([*written, ignore])


def _copy_tree(source: Path, target: Path) -> list[Path]:
    """Copy the files under `source` to `target` (no caches); the files written."""
    written = []
    for path in sorted(source.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        written.append(destination)
    return written


def next_steps(folder: Path, python: str) -> list[str]:
    """What the webmaster does next, as lines to print (Chinese)."""
    return [
        f"已创建新网站：{folder}",
        "下一步：",
        f"  1. 在 {folder / 'mkdocs.yml'} 中把 site_url 改为本站的正式地址",
        f"  2. 把答复文件放进 {folder / 'replies'}（可以分文件夹）",
        f"  3. 在 {folder} 中运行 {python} -m openreplies check，查看每个文件的解析结果",
        f"  4. 运行 {python} -m openreplies publish，严格构建并生成 site/（失败时保留原网站）",
    ]
