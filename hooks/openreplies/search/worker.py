"""Building the search index in a second process while MkDocs renders the pages.

`IndexJob.start` is called once the catalog is known (on_files) with the `SearchInput` of
`documents.index_input`: it writes the documents to a temporary file, one pickle each, and starts a spawned process that reads them back one at a
time, so neither process holds a second copy of the corpus. `IndexJob.finish` waits for it
(on_post_build). With one CPU, or OPENREPLIES_SEARCH_SERIAL=1, the index is built in `finish`
instead. The files written are the same either way. The index is written beside its folder
and moved in file by file (`build_into`): files that did not change keep their modification
time, and files no longer written are removed.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..writing import sync_folder
from .fields import SearchDoc
from .index import IndexExtras, IndexStats, write_index

if TYPE_CHECKING:
    from .documents import SearchInput

SERIAL_ENV = "OPENREPLIES_SEARCH_SERIAL"


def parallel_allowed() -> bool:
    """A second process is used when there is a second CPU and it is not switched off."""
    return (os.cpu_count() or 1) > 1 and os.environ.get(SERIAL_ENV, "") in ("", "0")


def read_docs(path: Path) -> Iterator[SearchDoc]:
    """The documents of a file written by `IndexJob.start`, one at a time."""
    with path.open("rb") as file:
        while True:
            try:
                yield pickle.load(file)
            except EOFError:
                return


def build_from_file(path: Path, words: list[str], out: Path, extras: IndexExtras) -> IndexStats:
    """The worker's task: the index of the documents in `path`."""
    return build_into(read_docs(path), words, out, extras)


def build_into(
    docs: Iterable[SearchDoc], words: list[str], out: Path, extras: IndexExtras
) -> IndexStats:
    """Write the index into a folder beside `out`, then move into `out` only the files that
    changed and delete those no longer written: an unchanged file keeps its modification
    time (dirty builds, checksums, deployments), and a file an earlier build wrote never
    stays behind."""
    staging = out.with_name(f".{out.name}-staging")
    shutil.rmtree(staging, ignore_errors=True)
    stats = write_index(docs, words, staging, extras)
    sync_folder(staging, out)
    return stats


@dataclass
class IndexJob:
    """One index build, running in another process or waiting to run here."""

    docs: Iterable[SearchDoc]
    words: list[str]
    out: Path
    extras: IndexExtras = field(default_factory=IndexExtras)
    _future: Future[IndexStats] | None = field(default=None, repr=False)
    _pool: ProcessPoolExecutor | None = field(default=None, repr=False)
    _spool: Path | None = field(default=None, repr=False)
    _seconds: float = field(default=0.0, repr=False)

    @classmethod
    def start(cls, search: SearchInput, out: Path, *, parallel: bool | None = None) -> IndexJob:
        """Start building into `out` (in a spawned process when allowed; `parallel=False`
        builds it in `finish`, in this process)."""
        extras = IndexExtras(search.names, search.policies)
        job = cls(search.docs, search.words, out, extras)
        started = time.perf_counter()
        if parallel_allowed() if parallel is None else parallel:
            handle, name = tempfile.mkstemp(prefix="openreplies-docs-", suffix=".pickle")
            job._spool = Path(name)
            with os.fdopen(handle, "wb") as file:
                for doc in search.docs:
                    pickle.dump(doc, file, protocol=pickle.HIGHEST_PROTOCOL)
            job.docs = ()
            context = multiprocessing.get_context("spawn")
            job._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            job._future = job._pool.submit(build_from_file, job._spool, job.words, out, extras)
        job._seconds = time.perf_counter() - started
        return job

    def finish(self) -> IndexStats:
        """Wait for the build (or run it now) and return what it wrote."""
        started = time.perf_counter()
        if self._future is None:
            stats = build_into(self.docs, self.words, self.out, self.extras)
        else:
            try:
                stats = self._future.result()
            finally:
                self._close()
        seconds = self._seconds + time.perf_counter() - started
        return replace(stats, main_seconds=round(seconds, 2))

    def _close(self) -> None:
        assert self._pool is not None and self._spool is not None
        self._pool.shutdown()
        self._spool.unlink(missing_ok=True)
