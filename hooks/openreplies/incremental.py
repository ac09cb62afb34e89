"""The generated pages and data files, kept as files in the build cache so builds can be dirty.

MkDocs' dirty mode (`mkdocs build --dirty`, `mkdocs serve --dirty`) renders a page again only
when its source file is newer than the page it built before. A generated page has no source
file of its own, so each one gets a file here (`.cache/openreplies/site/<src uri>`), written
only when its content changes: its modification time then moves only when the page must be
built again, and MkDocs skips every other page. Data files (exports, feeds, manifest) live here
too, so MkDocs copies them only when they change. A build holds none of this in memory: each
page goes to disk as it is generated.

Files a build no longer makes are removed (`prune`), so a withdrawn reply's page leaves the
cache as well. When anything besides a page's Markdown changes how pages render (mkdocs.yml,
the theme, the Markdown packages: `render_stamp`), `restamp` says so, and the build removes
every built page so that MkDocs renders them all.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from .writing import remove_except, remove_files, write_if_changed

STAMP = ".render-stamp"
STAMPS = 4
"""Site folders whose stamp is kept besides the current one."""
LISTING = ".listing"
"""What the last build made, one src URI a line: what to remove when a build makes less."""


class OutputStore:
    """Generated pages and files on disk, one build's worth, in the order they were made."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.uris: list[str] = []
        """Every page and file of the current attempt, in the order generated."""
        self.written = 0
        """Files whose content changed in this build."""
        self._previous: set[str] | None = None

    def path_of(self, uri: str) -> Path:
        """Where the page or file `uri` (a src URI: yichang/zx/6-3/257/index.md) is kept."""
        return self.folder / uri

    def begin(self) -> None:
        """Start a build: take the list of what the last one made (and remove it, so that a
        build that fails before `prune` leaves the next one to look at every file)."""
        listing = self.folder / LISTING
        try:
            self._previous = set(listing.read_text(encoding="utf-8").splitlines())
            listing.unlink()
        except OSError:
            self._previous = None

    def reset(self) -> None:
        """Start over (a generation attempt that failed is followed by one with fewer replies)."""
        self.uris = []

    def add(self, uri: str, content: str | bytes) -> None:
        """Keep one page's Markdown or one file's bytes."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.written += write_if_changed(self.path_of(uri), data)
        self.uris.append(uri)

    def keep(self, uri: str) -> None:
        """Keep one page or file as the last build made it (its file is left untouched)."""
        self.uris.append(uri)

    def exists(self, uri: str) -> bool:
        """Whether the page or file `uri` is kept."""
        return os.path.isfile(os.path.join(self.folder, uri))

    def prune(self) -> int:
        """Remove every kept file the current attempt did not make; returns how many."""
        if self._previous is None:
            removed = len(remove_except(self.folder, [self.path_of(uri) for uri in self.uris]))
        else:
            gone = self._previous.difference(self.uris)
            removed = len(remove_files(self.folder, [self.path_of(uri) for uri in gone]))
        write_if_changed(self.folder / LISTING, "\n".join(self.uris).encode("utf-8"))
        self._previous = set(self.uris)
        return removed

    def restamp(self, stamp: str, site_dir: Path) -> bool:
        """Record what shaped the pages built into `site_dir` besides their sources
        (`render_stamp`); True when it differs from the last build's there: every page must
        then be rendered again. (One record per site folder: `mkdocs serve` builds elsewhere.)"""
        name = hashlib.sha256(str(site_dir.resolve()).encode("utf-8")).hexdigest()[:16]
        marker = self.folder / f"{STAMP}-{name}"
        try:
            if marker.read_text(encoding="utf-8") == stamp:
                return False
        except OSError:
            pass
        write_if_changed(marker, stamp.encode("utf-8"))
        others = sorted(self.folder.glob(f"{STAMP}-*"), key=lambda p: p.stat().st_mtime)
        for old in [p for p in others if p != marker][:-STAMPS]:
            old.unlink(missing_ok=True)
        return True


def render_stamp(parts: Iterable[str | bytes]) -> str:
    """A hash of everything besides a page's own source that shapes its HTML."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def theme_files(folders: Iterable[str | Path]) -> list[Path]:
    """The template files of the theme folders (what decides a page's HTML around its content)."""
    found: list[Path] = []
    for folder in folders:
        root = Path(folder)
        if root.is_dir():
            found += sorted(p for p in root.rglob("*.html") if p.is_file())
    return found
