"""Parse results kept on disk, by file content and parser version, and reply text read on demand.

An entry is keyed by a SHA-256 of the parser's own source code, the name tables, the file's
path in the replies folder and its bytes, so an edited file, a changed `names.yaml` or a new
parser version simply misses. It holds what `parse_reply` returned (or the `ReplyError` it
raised), before `metadata.yaml` and the disclosure gate: both are applied after the cache on
every build, so no cached value ever decides what is published.

A reply's text (its blocks) is stored apart from its record: the replies of a build carry a
`StoredBlocks` that reads the text back when a page, a search document or the manifest asks,
so a build never holds the text of every reply at once. Entries no build used are removed at
the end of each build (`prune`), so a deleted file's text does not stay in the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, overload

from .errors import ReplyError
from .model import Block, Reply
from .reading.names import NameRegistry
from .writing import write_if_changed

FORMAT = 1
"""Bump when the layout of an entry changes."""
_PACKAGE = Path(__file__).resolve().parent
_CODE = ("reading", "model.py", "errors.py", "parse_cache.py", "data/names.yaml")
"""What a parse result depends on besides the file and the site's name tables."""


@cache
def parser_version() -> str:
    """A hash of the parser's source files: any change to the parser invalidates the cache."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    for name in _CODE:
        path = _PACKAGE / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def names_version(names: NameRegistry) -> str:
    """A hash of the name tables a parse canonicalises with."""
    tables = json.dumps(asdict(names.tables), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(tables.encode("utf-8")).hexdigest()


class StoredBlocks(Sequence[Block]):
    """A reply's text blocks, read from the cache each time they are asked for."""

    def __init__(self, path: Path, count: int) -> None:
        self._path = path
        self._count = count

    @property
    def key(self) -> str:
        """The cache entry the text belongs to (a digest of the file's bytes)."""
        return self._path.stem

    def _load(self) -> tuple[Block, ...]:
        blocks: tuple[Block, ...] = pickle.loads(self._path.read_bytes())
        return blocks

    def __iter__(self) -> Iterator[Block]:
        return iter(self._load())

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Block: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Block]: ...
    def __getitem__(self, index: int | slice) -> Block | Sequence[Block]:
        return self._load()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StoredBlocks):
            return self._path == other._path
        return isinstance(other, tuple) and self._load() == other

    def __hash__(self) -> int:
        return hash(self._path)

    def __repr__(self) -> str:
        return f"StoredBlocks({self._count} blocks)"

    def __reduce__(self) -> tuple[Any, ...]:
        # A reply sent to another process takes its text along, not a path into this cache.
        return (tuple, (self._load(),))


@dataclass(frozen=True)
class _Failure:
    """A cached `ReplyError` (exceptions with keyword-only arguments do not pickle)."""

    path: str
    message: str
    line: int | None
    field: str | None

    def error(self) -> ReplyError:
        return ReplyError(self.path, self.message, line=self.line, field=self.field)


class ParseCache:
    """Parse results under `folder` (`.cache/openreplies/parsed/` beside mkdocs.yml)."""

    def __init__(self, folder: Path, names: NameRegistry) -> None:
        self.folder = folder
        self._salt = f"{parser_version()}\n{names_version(names)}\n"
        self._used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def key(self, rel: str, data: bytes) -> str:
        """The entry of file `rel` (relative to the replies folder) holding `data`."""
        digest = hashlib.sha256(self._salt.encode("utf-8"))
        digest.update(rel.encode("utf-8") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.folder / key[:2]
        return folder / f"{key}.reply", folder / f"{key}.text"

    def get(self, key: str) -> Reply | ReplyError | None:
        """The cached outcome of this entry, or None when there is none (or it is unreadable)."""
        record, text = self._paths(key)
        try:
            found = pickle.loads(record.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return None
        self._used.add(key)
        self.hits += 1
        if isinstance(found, _Failure):
            return found.error()
        reply, count = found
        if not text.is_file():
            self._used.discard(key)
            self.hits -= 1
            self.misses += 1
            return None
        return replace(reply, blocks=StoredBlocks(text, count))  # type: ignore[arg-type]

    def put(self, key: str, outcome: Reply | ReplyError) -> Reply | ReplyError:
        """Store an outcome; a reply comes back with its text read from the cache."""
        record, text = self._paths(key)
        self._used.add(key)
        if isinstance(outcome, ReplyError):
            failure = _Failure(outcome.path, outcome.message, outcome.line, outcome.field)
            write_if_changed(record, pickle.dumps(failure, pickle.HIGHEST_PROTOCOL))
            return outcome
        blocks = tuple(outcome.blocks)
        write_if_changed(text, pickle.dumps(blocks, pickle.HIGHEST_PROTOCOL))
        bare = replace(outcome, blocks=())
        write_if_changed(record, pickle.dumps((bare, len(blocks)), pickle.HIGHEST_PROTOCOL))
        return replace(outcome, blocks=StoredBlocks(text, len(blocks)))  # type: ignore[arg-type]

    def prune(self) -> int:
        """Remove every entry this build did not use; returns how many were removed."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        for folder in self.folder.iterdir():
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if path.stem not in self._used:
                    path.unlink()
                    removed += path.suffix == ".reply"
            if not any(folder.iterdir()):
                os.rmdir(folder)
        return removed
