"""Reading the small YAML files a webmaster edits (names, decisions, metadata, notes, ...).

One loader for all of them, so every syntax error reads the same way (the file, the line and
what YAML found wrong), and every later message can name the line of any place in the file.
Also the one rule for the paths they name: how a path is written, which entry covers a file
(the most specific), and which paths match no file at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .errors import RegistryError

T = TypeVar("T")

_SLASHES_RE = re.compile(r"/{2,}")


Loc = tuple[str | int, ...]
"""A place in a YAML document: keys and list indexes from the top (('decisions', 0, 'date')),
as pydantic reports it."""


@dataclass(frozen=True)
class YamlDocument:
    """One YAML file, read: its data, and its node tree, which knows the line of every place."""

    path: Path
    data: Any
    root: yaml.Node | None = field(default=None, repr=False, compare=False)
    """The composed node tree (None for an empty file)."""

    def line_at(self, loc: Loc) -> int:
        """The 1-based line of the place `loc`: a mapping entry's key line, a list item's first
        line; for a place that is not there, the line of the deepest part that is (1 when
        the file is empty)."""
        return self._walk(loc)[1]

    def node_at(self, loc: Loc) -> yaml.Node | None:
        """The node at `loc`, None when the file has no such place."""
        node, _, found = self._walk(loc)
        return node if found else None

    def written(self, loc: Loc) -> str | None:
        """The scalar at `loc` exactly as written (YAML reads 0257 as 175), else None."""
        node = self.node_at(loc)
        return str(node.value) if isinstance(node, yaml.ScalarNode) else None

    def _walk(self, loc: Loc) -> tuple[yaml.Node | None, int, bool]:
        node = self.root
        line = node.start_mark.line + 1 if node is not None else 1
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                pair = next((p for p in node.value if _is_key(p[0], part)), None)
                if pair is None:
                    return node, line, False
                line, node = pair[0].start_mark.line + 1, pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return node, line, False
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return node, line, False
        return node, line, True


def _is_key(node: yaml.Node, part: str | int) -> bool:
    return isinstance(node, yaml.ScalarNode) and str(node.value) == str(part)


def read_yaml(path: Path, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> YamlDocument:
    """Parse one YAML file (with `loader`, a safe loader or a subclass of it), keeping its node
    tree for the lines of messages.

    Raises:
        RegistryError: the file cannot be read or is not valid YAML (with its line).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(str(path), f"无法读取：{exc}") from None
    parser = loader(text)  # a SafeLoader: no arbitrary objects
    root: yaml.Node | None = None
    try:
        root = parser.get_single_node()
        data = parser.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise RegistryError(str(path), f"YAML 语法错误：{problem}", line=line) from None
    except (ValueError, OverflowError) as exc:  # a well-formed but impossible date: 2024-02-30
        line = _unconstructible_line(root, loader) if root is not None else None
        raise RegistryError(str(path), f"无效的值：{exc}", line=line) from None
    finally:
        parser.dispose()
    return YamlDocument(path, data, root)


def load_yaml(path: Path, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> Any:
    """The data of one YAML file (see `read_yaml`).

    Raises:
        RegistryError: the file cannot be read or is not valid YAML (with its line).
    """
    return read_yaml(path, loader).data


def _unconstructible_line(root: yaml.Node, loader: type[yaml.SafeLoader]) -> int | None:
    """The line of the first scalar that YAML parses but cannot construct (2024-02-30)."""
    probe = loader("")  # a fresh constructor: the failed one keeps its half-built state
    nodes = [root]
    try:
        while nodes:
            node = nodes.pop(0)
            if isinstance(node, yaml.ScalarNode):
                try:
                    probe.construct_object(node)
                except (ValueError, OverflowError):
                    return node.start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode):
                nodes.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                nodes.extend(n for pair in node.value for n in pair)
    except yaml.YAMLError:
        return None
    finally:
        probe.dispose()
    return None


def registry_label(path: Path) -> str:
    """How messages name a registry file: its folder and name (registry/disclosure.yaml)."""
    return f"{path.parent.name}/{path.name}"


def normalize_path(text: str, root_name: str | None = None) -> str:
    """A registry path in one form: `/` separators, no leading `./` or `/`.

    `2024\\教育局\\` → `2024/教育局/`; with `root_name` (the replies folder's own name), a
    leading `replies/` goes too. A folder keeps its trailing `/`; "" is the whole folder.
    """
    path = _SLASHES_RE.sub("/", text.strip().replace("\\", "/"))
    path = _strip_dots(path)
    if root_name and (path == root_name or path.startswith(root_name + "/")):
        path = _strip_dots(path[len(root_name) :])
    return path


def _strip_dots(path: str) -> str:
    while path.startswith(("./", "/")) or path == ".":
        path = path[2:] if path.startswith("./") else path[1:]
    return path


def is_folder(path: str) -> bool:
    """A folder path ends with `/`; "" is the whole replies folder."""
    return path == "" or path.endswith("/")


def covering_paths(file: str) -> list[str]:
    """Every path that covers `file`, most specific first: the file itself, its folders from
    the deepest up, and "" (the whole replies folder)."""
    parts = file.split("/")[:-1]
    folders = ("/".join(parts[:depth]) + "/" for depth in range(len(parts), 0, -1))
    return [file, *folders, ""]


def covers(path: str, file: str) -> bool:
    """Whether the registry path `path` (a file, or a folder ending with /) covers `file`."""
    return path == file or (is_folder(path) and file.startswith(path))


def most_specific(entries: Mapping[str, T], file: str) -> T | None:
    """The entry of the most specific path covering `file` (file > deeper folder), if any."""
    return next((entries[p] for p in covering_paths(file) if p in entries), None)


def all_covering(entries: Mapping[str, T], file: str) -> list[T]:
    """Every entry whose path covers `file`, most specific first."""
    return [entries[p] for p in covering_paths(file) if p in entries]


@dataclass(frozen=True)
class PathEntry:
    """A path as one registry file wrote it, for the check that it matches some file."""

    written: str
    path: str
    """Normalised, relative to the replies folder."""
    line: int | None = None


def unmatched_paths(
    label: str, entries: Iterable[PathEntry], files: Iterable[str], root_name: str
) -> list[str]:
    """A message for each entry whose path covers none of `files` (relative to the replies
    folder): `registry/disclosure.yaml:5: path “2024/教育局/” 不对应 replies 中的任何文件`."""
    covered = {path for file in files for path in covering_paths(file)}
    messages = []
    for entry in entries:
        if entry.path not in covered:
            where = label if entry.line is None else f"{label}:{entry.line}"
            shown = entry.written or entry.path
            messages.append(f"{where}: path “{shown}” 不对应 {root_name} 中的任何文件")
    return messages
