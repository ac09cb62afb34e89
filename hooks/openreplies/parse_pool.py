"""Parsing many reply files on both CPUs: the first build of a large folder, or a new parser.

Parsing is the one part of preparing a build that splits cleanly by file, so the files the
parse cache does not hold are parsed in spawned processes, in chunks, and come back in order.
With one CPU, few files, or OPENREPLIES_SERIAL=1 they are parsed here, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .errors import ReplyError
from .model import Reply
from .reading.names import NameRegistry, NameTables

SERIAL_ENV = "OPENREPLIES_SERIAL"
MIN_FILES = 200
"""Below this many files, starting the processes costs more than it saves."""
CHUNK = 50
WORKERS = 2

Outcome = Reply | ReplyError
_Packed = Reply | tuple[str, str, int | None, str | None]


def parse_files(paths: Sequence[Path], root: Path, names: NameRegistry) -> Iterator[Outcome]:
    """Each file's parse (or its error), in the order of `paths`."""
    from .pipeline import read_outcome

    done = 0
    if len(paths) >= MIN_FILES and _parallel_allowed():
        chunks = [list(paths[i : i + CHUNK]) for i in range(0, len(paths), CHUNK)]
        context = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as pool:
                for packed in pool.map(_parse_chunk, chunks, [root] * len(chunks),
                                       [names.tables] * len(chunks)):  # fmt: skip
                    for item in packed:
                        yield _unpack(item)
                        done += 1
        except (OSError, BrokenProcessPool):
            pass  # a worker that could not start or died: the rest is parsed here
    for path in paths[done:]:
        yield read_outcome(path, root, names)


def _parallel_allowed() -> bool:
    return (os.cpu_count() or 1) > 1 and os.environ.get(SERIAL_ENV, "") in ("", "0")


def _parse_chunk(paths: list[Path], root: Path, tables: NameTables) -> list[_Packed]:
    """A worker's task: parse `paths` (ReplyError does not pickle: it goes back as a tuple)."""
    from .pipeline import read_outcome

    names = _registry(tables)
    packed: list[_Packed] = []
    for path in paths:
        outcome = read_outcome(path, root, names)
        if isinstance(outcome, ReplyError):
            packed.append((outcome.path, outcome.message, outcome.line, outcome.field))
        else:
            packed.append(outcome)
    return packed


_REGISTRIES: dict[int, NameRegistry] = {}


def _registry(tables: NameTables) -> NameRegistry:
    """One NameRegistry per worker process (building it compiles the name patterns)."""
    key = hash(repr(tables))
    if key not in _REGISTRIES:
        _REGISTRIES[key] = NameRegistry(tables)
    return _REGISTRIES[key]


def _unpack(item: _Packed) -> Outcome:
    if isinstance(item, tuple):
        path, message, line, field = item
        return ReplyError(path, message, line=line, field=field)
    return item
