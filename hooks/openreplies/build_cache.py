"""The build cache folder, `.cache/openreplies/` beside mkdocs.yml (never inside docs/ or site/).

    parsed/                 parse results by file content and parser version (parse_cache)
    site/                   the generated pages and data files, written when they change
                            (incremental), so that `mkdocs build --dirty` skips the others
    memo.pickle             each generated page's and feed's digest of its inputs (memo)
    checksums-<site>.json   size, modification time and SHA-256 of each file of a built site

It holds nothing that is not derived from the replies folder and the registry, and nothing of
a withheld reply is ever published from it: the gate runs after the parse cache on every build,
pages come only from published replies, and what a build no longer makes is removed from it.
Delete the folder at any time; the next build is a full one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .incremental import OutputStore
from .memo import Memo
from .parse_cache import ParseCache
from .reading.names import NameRegistry

CACHE_DIR = Path(".cache") / "openreplies"
CHECKSUM_CACHES = 4
"""Checksum caches kept (one per site folder: `mkdocs serve` builds into a new one each run)."""


class BuildCache:
    """The cache folder of one site."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def beside(cls, config_file: str | Path | None) -> BuildCache | None:
        """The cache of the site configured by `config_file`; None when there is no such file
        or the folder cannot be written (the build then keeps everything in memory)."""
        if not config_file:
            return None
        root = Path(config_file).resolve().parent / CACHE_DIR
        try:
            root.mkdir(parents=True, exist_ok=True)
            probe = root / ".writable"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError:
            return None
        return cls(root)

    def parse_cache(self, names: NameRegistry) -> ParseCache:
        """Parse results for replies canonicalised with `names`."""
        return ParseCache(self.root / "parsed", names)

    def output_store(self) -> OutputStore:
        """The generated pages and data files."""
        return OutputStore(self.root / "site")

    def memo(self, store: OutputStore) -> Memo:
        """What the last build generated, by its inputs (`memo.pickle`)."""
        return Memo(self.root / "memo.pickle", store.exists)

    def checksums_file(self, site_dir: Path) -> Path:
        """The checksum cache of one built site; older ones beyond CHECKSUM_CACHES are removed."""
        name = hashlib.sha256(str(site_dir.resolve()).encode("utf-8")).hexdigest()[:16]
        path = self.root / f"checksums-{name}.json"
        others = sorted(
            (p for p in self.root.glob("checksums-*.json") if p != path),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in others[CHECKSUM_CACHES - 1 :]:
            old.unlink(missing_ok=True)
        return path
