"""What the last build generated, by a digest of everything it was made from.

Generating every page's Markdown again is most of a dirty build's work, although one edited
reply changes a handful of pages. So each memoised output (a reply page, a feed, a reply's
manifest fingerprint) is stored with a digest of all its inputs: the values the function
reads, and the source code of the package. When the digest is the same, so is the output, and
the build takes the last one (a page or feed from the output store, which is left untouched).
Only what a build uses is kept for the next one, so a withdrawn reply's entries go with it.

A digest must cover every input of what it stands for: each key function sits next to the
function whose output it memoises and lists what that function reads.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from .model import Reply
from .parse_cache import StoredBlocks
from .writing import write_if_changed

_PACKAGE = Path(__file__).resolve().parent
FORMAT = 1

UNCHANGED = "\0unchanged\0"
"""Stands for a page's Markdown (by identity) when the stored page is still right."""
UNCHANGED_BYTES = b"\0unchanged\0"
"""The same for a data file's bytes."""


@cache
def code_version() -> str:
    """A hash of the package's source files: any change of code makes every digest new."""
    digest = hashlib.sha256(f"memo {FORMAT}\n".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def digest(*values: object) -> str:
    """A digest of values whose repr identifies them (str, int, tuples, `reply_state`)."""
    text = repr((code_version(), values))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()


def reply_state(reply: Reply) -> str:
    """Everything of a reply that any output can show: its record and other fields, and its
    text (by the cached text's content address, or the blocks themselves)."""
    blocks = reply.blocks
    text = blocks.key if isinstance(blocks, StoredBlocks) else repr(tuple(blocks))
    return f"{reply!r}\n{text}"


class Memo:
    """The last build's digests (and small outputs), and this build's."""

    def __init__(self, path: Path, exists: Callable[[str], bool]) -> None:
        self.path = path
        self._exists = exists
        try:
            found = pickle.loads(path.read_bytes())
            self._old: dict[Any, tuple[str, Any]] = found if isinstance(found, dict) else {}
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self._old = {}
        self._new: dict[Any, tuple[str, Any]] = {}
        self._attempts = 0
        self._states: dict[str, str] = {}
        self.missed: set[str] = set()
        """The outputs (src URIs) made again in this build."""
        self.hits = 0

    def state(self, reply: Reply) -> str:
        """A digest of `reply_state`, computed once per build."""
        found = self._states.get(reply.file)
        if found is None:
            text = reply_state(reply).encode("utf-8")
            found = self._states[reply.file] = hashlib.blake2b(text, digest_size=16).hexdigest()
        return found

    def reset(self) -> None:
        """Start a generation attempt. After a failed one (bisection is looking for a bad
        reply) nothing of the last build is trusted: the failed attempt may have rewritten
        stored files from other inputs."""
        if self._attempts:
            self._old = {}
        self._attempts += 1
        self._new = {}
        self.missed = set()
        self.hits = 0

    def stored(self, uri: str, key: str) -> bool:
        """True when the output store's file `uri` was made from inputs with digest `key`
        (and is still there); either way `key` is what `uri` is made from in this build."""
        old = self._old.get(("file", uri))
        self._new[("file", uri)] = (key, None)
        if old is not None and old[0] == key and self._exists(uri):
            self.hits += 1
            return True
        self.missed.add(uri)
        return False

    def value(self, slot: object, key: str, make: Callable[[], Any]) -> Any:
        """The value last made for `slot` from inputs with digest `key`, else `make()`."""
        old = self._old.get(slot)
        if old is not None and old[0] == key:
            self._new[slot] = old
            return old[1]
        made = make()
        self._new[slot] = (key, made)
        return made

    def save(self) -> None:
        """Keep this build's entries (and only them) for the next build."""
        write_if_changed(self.path, pickle.dumps(self._new, pickle.HIGHEST_PROTOCOL))
