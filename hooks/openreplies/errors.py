"""The one error type for bad input: a file that cannot be read, or is not a reply.

Its text reads like a compiler message, `path:line: field: what is wrong`, so a webmaster can
open the file at the right place. Library code raises it; the hook turns it into a warning.
"""

from __future__ import annotations


class ReplyError(Exception):
    """A reply file that cannot be read or parsed."""

    def __init__(
        self, path: str, message: str, *, line: int | None = None, field: str | None = None
    ) -> None:
        self.path = path
        """The file, relative to the replies folder."""
        self.line = line
        """The 1-based line (Word: paragraph) where the problem is, when it has one."""
        self.field = field
        """The label or record key concerned (分类, number, ...), when there is one."""
        self.message = message
        """What is wrong and, where it helps, what to do."""
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = self.message if self.field is None else f"{self.field}: {self.message}"
        return f"{where}: {what}"


class RegistryError(Exception):
    """A site registry YAML file (names, disclosure decisions) that cannot be used."""

    def __init__(self, path: str, message: str, *, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"
