"""The offline copy: a zip of the built site that works when opened from disk (file://).

Browsers open a folder address such as `../257/` from disk as a directory listing, not as
`index.html`, so every local link to a folder gets `index.html` added. Files are stored in a
fixed order with a fixed timestamp, so the same site gives the same zip.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

OFFLINE_FOLDER = "公开答复"
"""The folder the zip unpacks into."""

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_LOCAL_FOLDER_LINK_RE = re.compile(
    r'(?P<attr>\b(?:href|src|action)=")(?P<url>(?![a-z][a-z0-9+.-]*:)[^"#?]*)(?P<rest>[#?][^"]*)?"'
)


def offline_html(html: str) -> str:
    """The page with `index.html` added to every local link that ends at a folder."""
    return _LOCAL_FOLDER_LINK_RE.sub(
        lambda m: f'{m["attr"]}{with_index(m["url"])}{m["rest"] or ""}"', html
    )


_ROOT_BASE_RE = re.compile(r'\b(?:href|src)="(?P<base>/[^"]*?)assets/')
"""The site's root as 404.html writes it (MkDocs renders that page with root links, since it
is served at any depth): /assets/… or /dafu/assets/…."""


def root_relative(html: str) -> str:
    """404.html with its links from the site root made relative to the root folder, where the
    page lies: a browser resolves /assets/… on disk against the disk's root."""
    match = _ROOT_BASE_RE.search(html)
    if match is None:
        return html
    base = re.escape(match["base"])
    return re.sub(rf'\b(?P<attr>href|src|action)="{base}', r'\g<attr>="./', html)


def with_index(url: str) -> str:
    """`../257/` → `../257/index.html`; `.` → `index.html`; a file or an empty (#anchor) link
    stays as it is."""
    if url in (".", "./"):
        return "index.html"
    if url == "..":
        return "../index.html"
    return url + "index.html" if url.endswith("/") else url


def site_files(site_dir: Path, skip: Iterable[Path] = ()) -> list[Path]:
    """Every file of the built site in a stable order, except those in `skip`."""
    skipped = {p.resolve() for p in skip}
    return sorted(p for p in site_dir.rglob("*") if p.is_file() and p.resolve() not in skipped)


def script_wrapper(key: str, data: bytes) -> bytes:
    """A JSON file as a script that stores it under `key` (the offline search client loads
    these instead of fetching, which browsers refuse for files on disk)."""
    return (
        f"(window.openRepliesFiles = window.openRepliesFiles || {{}})[{json.dumps(key)}] = ".encode()
        + data.strip()
        + b";\n"
    )


def write_offline_zip(site_dir: Path, target: Path, index_dir: str) -> int:
    """Zip the site for reading from disk; returns the number of files stored.

    `index_dir` is the search index folder inside the site: each JSON file there is stored
    with a script twin (`x.json.js`) for the search page.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    files = site_files(site_dir, skip=[target])
    index_root = site_dir / index_dir
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in files:
            relative = path.relative_to(site_dir).as_posix()
            data = path.read_bytes()
            if path.suffix == ".html":
                html = data.decode("utf-8")
                if relative == "404.html":
                    html = root_relative(html)
                data = offline_html(html).encode("utf-8")
            _store(archive, relative, data)
            if path.suffix == ".json" and path.is_relative_to(index_root):
                key = path.relative_to(index_root).as_posix()
                _store(archive, f"{relative}.js", script_wrapper(key, data))
    return len(files)


def _store(archive: zipfile.ZipFile, relative: str, data: bytes) -> None:
    info = zipfile.ZipInfo(f"{OFFLINE_FOLDER}/{relative}", date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)
