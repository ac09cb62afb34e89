"""Page HTML kept on disk between Markdown rendering and template rendering.

MkDocs renders every page's Markdown first and only then passes each page through the theme
and writes it, so at the end of the first pass it holds every page's HTML (hundreds of MB at
10,000 replies, more than a GB at 50,000). `HtmlSpool.put` moves one page's HTML to an
anonymous temporary file and returns a `SpooledHtml` in its place, which reads it back when the
theme prints it (`{{ page.content }}`) or looks into it (`"<h1" in page.content`).
"""

from __future__ import annotations

import os
import tempfile
from typing import IO


class SpooledHtml:
    """A page's HTML in the spool: behaves as the string where templates use it."""

    __slots__ = ("_length", "_offset", "_spool")

    def __init__(self, spool: HtmlSpool, offset: int, length: int) -> None:
        self._spool = spool
        self._offset = offset
        self._length = length

    def __str__(self) -> str:
        return self._spool.read(self._offset, self._length)

    def __html__(self) -> str:
        return str(self)

    def __contains__(self, part: str) -> bool:
        return part in str(self)

    def __len__(self) -> int:
        return len(str(self))

    def __bool__(self) -> bool:
        return self._length > 0

    def __add__(self, other: str) -> str:
        return str(self) + other

    def __radd__(self, other: str) -> str:
        return other + str(self)

    def __eq__(self, other: object) -> bool:
        return str(self) == (str(other) if isinstance(other, SpooledHtml) else other)

    def __hash__(self) -> int:
        return hash(str(self))


class HtmlSpool:
    """One build's spooled HTML: an anonymous file, gone when closed (or when the process ends)."""

    def __init__(self) -> None:
        # Open across MkDocs events, closed by `close` (or when the process ends).
        self._file: IO[bytes] | None = tempfile.TemporaryFile(prefix="openreplies-html-")  # noqa: SIM115
        self._end = 0

    def put(self, html: str) -> SpooledHtml:
        """Move `html` to the spool."""
        if self._file is None:
            raise ValueError("the HTML spool is closed")
        data = html.encode("utf-8")
        self._file.seek(self._end)
        self._file.write(data)
        offset, self._end = self._end, self._end + len(data)
        return SpooledHtml(self, offset, len(data))

    def read(self, offset: int, length: int) -> str:
        """The HTML put at `offset`."""
        if self._file is None:
            raise ValueError("the HTML spool is closed")
        self._file.flush()
        return os.pread(self._file.fileno(), length, offset).decode("utf-8")

    @property
    def size(self) -> int:
        """Bytes spooled so far."""
        return self._end

    def close(self) -> None:
        """Delete the spool."""
        if self._file is not None:
            self._file.close()
            self._file = None
