"""Reading the small YAML files a webmaster edits (names, decisions, metadata, notes).

One loader for all of them, so every syntax error reads the same way: the file, the line and
what YAML found wrong. Also the one rule for the paths they name: how a path is written, which
entry covers a file (the most specific), and which paths match no file at all.
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


def load_yaml(path: Path, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> Any:
    """Parse one YAML file (with `loader`, a safe loader or a subclass of it).

    Raises:
        RegistryError: the file cannot be read or is not valid YAML (with its line).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(str(path), f"无法读取：{exc}") from None
    try:
        return yaml.load(text, Loader=loader)  # a SafeLoader: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise RegistryError(str(path), f"YAML 语法错误：{problem}", line=line) from None
    except (ValueError, OverflowError) as exc:  # a well-formed but impossible date: 2024-02-30
        line = _bad_scalar_line(text)
        raise RegistryError(str(path), f"无效的值：{exc}", line=line) from None


def _bad_scalar_line(text: str) -> int | None:
    """The line of the first scalar that YAML parses but cannot construct (2024-02-30)."""
    loader = yaml.SafeLoader(text)
    try:
        nodes = [loader.get_single_node()]
        while nodes:
            node = nodes.pop(0)
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node)
                except (ValueError, OverflowError):
                    return node.start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode):
                nodes.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                nodes.extend(n for pair in node.value for n in pair)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def registry_label(path: Path) -> str:
    """How messages name a registry file: its folder and name (registry/disclosure.yaml)."""
    return f"{path.parent.name}/{path.name}"


@dataclass(frozen=True)
class ItemLines:
    """Where one item of a YAML list is, for messages: its first line and each key's line."""

    line: int | None = None
    keys: Mapping[str, int] = field(default_factory=dict)
    plain: Mapping[str, str] = field(default_factory=dict)
    """Key → the scalar exactly as written, for unquoted scalars (YAML reads 012 as 10)."""


def list_item_lines(path: Path, section: str) -> list[ItemLines]:
    """The lines of each item of the list under the top-level key `section`.

    Empty when the file cannot be composed or has no such list (the loader reports why).
    """
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    node = next((v for k, v in root.value if str(k.value) == section), None)
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [_item_lines(item) for item in node.value]


def _item_lines(item: yaml.Node) -> ItemLines:
    if not isinstance(item, yaml.MappingNode):
        return ItemLines(item.start_mark.line + 1)
    keys = {str(k.value): k.start_mark.line + 1 for k, _ in item.value}
    plain = {
        str(k.value): str(v.value)
        for k, v in item.value
        if isinstance(v, yaml.ScalarNode) and v.style is None
    }
    return ItemLines(item.start_mark.line + 1, keys, plain)


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
