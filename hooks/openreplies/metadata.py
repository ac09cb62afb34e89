"""Values the webmaster supplies for replies whose text lacks them: registry/metadata.yaml.

Portals file replies by department and session, and the unit is often only in the portal's
metadata (the text says 我局). A folder entry fills what the text lacks, a file entry overrides
the text (a correction); the most specific path wins, key by key. `disclosure` and `public` are
never touched: whether a reply is published stays the disclosure gate's decision alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import RegistryError
from .model import Body, Reply, Role, Source
from .reading.names import NameRegistry
from .reading.numbers import parse_int, parse_proposal_number
from .registry import (
    ItemLines,
    PathEntry,
    all_covering,
    is_folder,
    list_item_lines,
    load_yaml,
    normalize_path,
    registry_label,
)

METADATA_LABEL = "registry/metadata.yaml"
SECTION = "metadata"
VALUE_KEYS = ("department", "region", "body", "kind", "term", "session", "number", "proposer",
              "category", "date", "title", "role", "co_departments")  # fmt: skip
"""The SCHEMA keys an entry may supply (kind is stored as the body it implies)."""
ENTRY_KEYS = ("path", "by", "when")
"""What every entry needs besides the values: where, who supplied them, when."""
_GATE_KEYS = ("public", "disclosure")
_RAW_KEYS = frozenset({"term", "session", "number"})
"""Read from the text as written: YAML would read number: 0257 as the octal 175."""
_ISO_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class MetadataEntry:
    """One entry of metadata.yaml: values for a file, or for every file of a folder."""

    path: str
    """A file, or a folder ending with /, relative to the replies folder ("" is all of it)."""
    values: Mapping[str, Any]
    """Record key → its checked value (Body, Role, int, str, or a tuple of names)."""
    by: str
    """Who supplied the values."""
    when: str
    """When they were supplied, YYYY-MM-DD (not the reply's date)."""
    line: int | None = field(default=None, compare=False)
    written: str = field(default="", compare=False)
    """The path as the file wrote it, for messages."""
    label: str = field(default=METADATA_LABEL, compare=False)

    @property
    def overrides(self) -> bool:
        """A file entry corrects the text; a folder entry only fills what the text lacks."""
        return not is_folder(self.path)

    @property
    def source(self) -> Source:
        """Where its values came from, as `check` shows it."""
        return Source(registry=f"{self.label}：{self.path or './'}（{self.by}，{self.when}）")


class Metadata:
    """The entries of metadata.yaml, looked up by file and then by each enclosing folder."""

    def __init__(
        self, entries: Iterable[MetadataEntry] = (), *, label: str = METADATA_LABEL
    ) -> None:
        self._by_path: dict[str, MetadataEntry] = {}
        for entry in entries:
            self._by_path.setdefault(entry.path, entry)
        self.label = label
        """How messages name the file (registry/metadata.yaml)."""

    def __iter__(self) -> Iterator[MetadataEntry]:
        return iter(self._by_path.values())

    def __len__(self) -> int:
        return len(self._by_path)

    def rooted(self, root_name: str) -> Metadata:
        """The entries with a leading `<root_name>/` (the replies folder's name) removed."""
        entries = (replace(e, path=normalize_path(e.path, root_name)) for e in self)
        return Metadata(entries, label=self.label)

    def path_entries(self) -> list[PathEntry]:
        """Each entry's path, for the check that it matches a file."""
        return [PathEntry(e.written, e.path, e.line) for e in self]

    def for_file(self, file: str) -> list[MetadataEntry]:
        """The entries covering `file`, most specific first."""
        return all_covering(self._by_path, file)

    def apply(self, reply: Reply, names: NameRegistry) -> Reply:
        """`reply` with what the entries covering its file supply (see `apply_metadata`)."""
        return apply_metadata(reply, self, names)


def apply_metadata(reply: Reply, metadata: Metadata, names: NameRegistry) -> Reply:
    """The reply with the registry's values: a file entry's always, a folder's where the text
    has none. Each value supplied gets its `sources` entry and clears the parser's doubts
    about that key; department names are canonicalised, the canonical proposer recomputed."""
    supplied = _supplied(reply, metadata.for_file(reply.file))
    if not supplied:
        return reply
    values = _canonical({k: v for k, (v, _) in supplied.items()}, reply, names)
    sources = {**reply.sources, **{k: entry.source for k, (_, entry) in supplied.items()}}
    if "proposer" in supplied:
        sources["proposer_canonical"] = sources["proposer"]
    doubts = tuple(d for d in reply.doubts if d.field not in values)
    assert not set(values) & {"file", *_GATE_KEYS}, "metadata never decides publication"
    return replace(reply, **values, sources=sources, doubts=doubts)


def _supplied(reply: Reply, entries: list[MetadataEntry]) -> dict[str, tuple[Any, MetadataEntry]]:
    """Key → (value, entry): the most specific entry giving each key, kept when it is a file
    entry or the reply has no value for the key."""
    chosen: dict[str, tuple[Any, MetadataEntry]] = {}
    for entry in entries:
        for key, value in entry.values.items():
            chosen.setdefault(key, (value, entry))
    return {
        key: (value, entry)
        for key, (value, entry) in chosen.items()
        if entry.overrides or getattr(reply, key) in (None, "", ())
    }


def _canonical(values: dict[str, Any], reply: Reply, names: NameRegistry) -> dict[str, Any]:
    """Department names in their canonical full form; proposer_canonical from the proposer."""
    region = values.get("region", reply.region)
    if "department" in values:
        values["department"] = names.department(values["department"], region)
    if "co_departments" in values:
        values["co_departments"] = tuple(
            names.department(name, region) for name in values["co_departments"]
        )
    if "proposer" in values:
        values["proposer_canonical"] = names.proposer(values["proposer"])
    return values


def load_metadata(path: Path | None) -> Metadata:
    """Read metadata.yaml; an absent file means no entries.

    Raises:
        RegistryError: invalid YAML, or an entry that is incomplete, names an unknown key or
            holds a value of the wrong form (with the file and the entry's line).
    """
    if path is None or not path.is_file():
        return Metadata(label=registry_label(path) if path else METADATA_LABEL)
    items = _items(path, load_yaml(path))
    lines = list_item_lines(path, SECTION)
    label = registry_label(path)
    entries: list[MetadataEntry] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items, start=1):
        at = lines[index - 1] if index <= len(lines) else ItemLines()
        entry = _entry(path, index, item, at, label)
        if entry.path in seen:
            raise RegistryError(
                str(path),
                f"第 {index} 条（{entry.written}）与第 {seen[entry.path]} 条的 path 相同："
                "请合并为一条",
                line=entry.line,
            )
        seen[entry.path] = index
        entries.append(entry)
    return Metadata(entries, label=label)


def _items(path: Path, data: Any) -> list[Any]:
    """The list under `metadata:` (an empty file or `metadata:` with nothing is no entries)."""
    if data is None:
        return []
    if not isinstance(data, dict):
        raise RegistryError(str(path), "应为 `metadata:` 下的列表", line=1)
    unknown = [key for key in data if key != SECTION]
    if unknown:
        raise RegistryError(str(path), f"未知的段落 {unknown[0]!r}：只能是 metadata")
    items = data.get(SECTION) or []
    if not isinstance(items, list):
        raise RegistryError(str(path), "`metadata:` 下应为列表，每条以 - path: 开头")
    return items


def _entry(path: Path, index: int, item: Any, lines: ItemLines, label: str) -> MetadataEntry:
    where = f"第 {index} 条"
    if not isinstance(item, dict):
        raise RegistryError(
            str(path), f"{where}应为映射：path、by、when 和要填写的字段", line=lines.line
        )
    _check_keys(path, where, item, lines)
    missing = [key for key in ENTRY_KEYS if item.get(key) in (None, "")]
    if missing:
        raise RegistryError(str(path), f"{where}缺少 {'、'.join(missing)}", line=lines.line)
    written = str(item["path"]).strip()
    where = f"第 {index} 条（{written}）"
    values = {key: _value(path, where, key, item, lines) for key in VALUE_KEYS if key in item}
    if not values:
        raise RegistryError(
            str(path), f"{where}没有要填写的字段：可填写 {'、'.join(VALUE_KEYS)}", line=lines.line
        )
    return MetadataEntry(
        path=normalize_path(written),
        values=_agreed_body(path, where, values, lines),
        by=str(item["by"]).strip(),
        when=_checked(path, where, "when", _date, item["when"], lines),
        line=lines.keys.get("path", lines.line),
        written=written,
        label=label,
    )


def _check_keys(path: Path, where: str, item: dict[Any, Any], lines: ItemLines) -> None:
    for key in item:
        if key in _GATE_KEYS:
            raise RegistryError(
                str(path),
                f"{where}：{key} 不能在这里填写：是否公开只由答复的公开标注和 disclosure.yaml 决定",
                line=lines.keys.get(str(key), lines.line),
            )
        if key not in ENTRY_KEYS and key not in VALUE_KEYS:
            raise RegistryError(
                str(path),
                f"{where}：未知的字段 {key!r}：可填写 {'、'.join(VALUE_KEYS)}（及 path、by、when）",
                line=lines.keys.get(str(key), lines.line),
            )


def _value(path: Path, where: str, key: str, item: dict[str, Any], lines: ItemLines) -> Any:
    raw = lines.plain.get(key) if key in _RAW_KEYS else None
    value = item[key] if raw is None or item[key] is None else raw
    if value is None:
        raise RegistryError(
            str(path),
            f"{where}：{key} 没有填写值（不需要就删去这一行）",
            line=lines.keys.get(key, lines.line),
        )
    return _checked(path, where, key, _VALIDATORS[key], value, lines)


def _checked(
    path: Path,
    where: str,
    key: str,
    convert: Callable[[Any], Any],
    value: Any,
    lines: ItemLines,
) -> Any:
    try:
        return convert(value)
    except ValueError as exc:
        raise RegistryError(
            str(path), f"{where}：{key} {exc}", line=lines.keys.get(key, lines.line)
        ) from None


def _agreed_body(
    path: Path, where: str, values: dict[str, Any], lines: ItemLines
) -> dict[str, Any]:
    """`kind` folded into `body` (提案 → 政协, 建议 → 人大); both given must agree."""
    kind = values.pop("kind", None)
    body = values.get("body")
    if kind is not None and body is not None and kind is not body:
        raise RegistryError(
            str(path),
            f"{where}：body {body} 与 kind {kind.kind} 不一致（政协的是提案，人大的是建议）",
            line=lines.keys.get("kind", lines.line),
        )
    if kind is not None:
        values["body"] = kind
    return values


def _text(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ValueError(f"应为文字，而不是 {value!r}")


def _name(value: Any) -> str:
    """A name without spaces (宜昌市 交通运输局 → 宜昌市交通运输局)."""
    return "".join(_text(value).split())


def _count(value: Any) -> int:
    """届 or 次: 6, "6" or 六."""
    if isinstance(value, int) and not isinstance(value, bool):
        number: int | None = value
    else:
        number = parse_int(value) if isinstance(value, str) else None
    if number is None or number < 1:
        raise ValueError(f'应为正整数（6、"6" 或 六），而不是 {value!r}')
    return number


def _number(value: Any) -> int | str:
    """A proposal number, normalised as the parser does (0257 → 257, 2025d048 → 2025D048)."""
    ok = isinstance(value, int | str) and not isinstance(value, bool)
    number = parse_proposal_number(str(value)) if ok else None
    if number is None or number in (0, "0"):
        raise ValueError(f"应为提案号/建议号（257、0257 或 2025D048），而不是 {value!r}")
    return number


def _choice(table: Mapping[str, Any], expected: str) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        key = value.strip() if isinstance(value, str) else value
        if isinstance(key, str) and key in table:
            return table[key]
        raise ValueError(f"应为 {expected}，而不是 {value!r}")

    return convert


_CATEGORIES = {"A": "A", "B": "B", "C": "C", "D": "D", "甲": "A", "乙": "B", "丙": "C"}


def _category(value: Any) -> str:
    """A–D (a, A类, 甲类 → A)."""
    key = value.strip().upper().removesuffix("类") if isinstance(value, str) else None
    if key in _CATEGORIES:
        return _CATEGORIES[key]
    raise ValueError(f"应为 A、B、C 或 D，而不是 {value!r}")


def _date(value: Any) -> str:
    """YYYY-MM-DD (YAML reads an unquoted date as a date object)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE_RE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ValueError(f"应为日期 YYYY-MM-DD，而不是 {value!r}")


def _departments(value: Any) -> tuple[str, ...]:
    if isinstance(value, list) and value:
        return tuple(_name(name) for name in value)
    raise ValueError(f"应为单位名称的列表（[宜昌市财政局, …]），而不是 {value!r}")


_VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "department": _name,
    "region": _name,
    "body": _choice({"政协": Body.CPPCC, "人大": Body.CONGRESS}, "政协 或 人大"),
    "kind": _choice({"提案": Body.CPPCC, "建议": Body.CONGRESS}, "提案 或 建议"),
    "term": _count,
    "session": _count,
    "number": _number,
    "proposer": _name,
    "category": _category,
    "date": _date,
    "title": _text,
    "role": _choice(
        {"lead": Role.LEAD, "co": Role.CO, "主办": Role.LEAD, "会办": Role.CO, "协办": Role.CO},
        "lead、co、主办 或 会办",
    ),
    "co_departments": _departments,
}
