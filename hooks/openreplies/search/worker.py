"""Building the search index in a second process while MkDocs renders the pages.

`IndexJob.start` is called once the catalog is known (on_files): it writes the documents to a
temporary file, one pickle each, and starts a spawned process that reads them back one at a
time, so neither process holds a second copy of the corpus. `IndexJob.finish` waits for it
(on_post_build). With one CPU, or OPENREPLIES_SEARCH_SERIAL=1, the index is built in `finish`
instead. The files written are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from .fields import SearchDoc
from .index import IndexStats, write_index

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


def build_from_file(path: Path, words: list[str], out: Path) -> IndexStats:
    """The worker's task: the index of the documents in `path`."""
    return write_index(read_docs(path), words, out)


@dataclass
class IndexJob:
    """One index build, running in another process or waiting to run here."""

    docs: Iterable[SearchDoc]
    words: list[str]
    out: Path
    _future: Future[IndexStats] | None = field(default=None, repr=False)
    _pool: ProcessPoolExecutor | None = field(default=None, repr=False)
    _spool: Path | None = field(default=None, repr=False)
    _seconds: float = field(default=0.0, repr=False)

    @classmethod
    def start(cls, docs: Iterable[SearchDoc], words: list[str], out: Path) -> IndexJob:
        """Start building into `out` (in a spawned process when allowed)."""
        job = cls(docs, words, out)
        started = time.perf_counter()
        if parallel_allowed():
            handle, name = tempfile.mkstemp(prefix="openreplies-docs-", suffix=".pickle")
            job._spool = Path(name)
            with os.fdopen(handle, "wb") as file:
                for doc in docs:
                    pickle.dump(doc, file, protocol=pickle.HIGHEST_PROTOCOL)
            job.docs = ()
            context = multiprocessing.get_context("spawn")
            job._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            job._future = job._pool.submit(build_from_file, job._spool, words, out)
        job._seconds = time.perf_counter() - started
        return job

    def finish(self) -> IndexStats:
        """Wait for the build (or run it now) and return what it wrote."""
        started = time.perf_counter()
        if self._future is None:
            stats = write_index(self.docs, self.words, self.out)
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
