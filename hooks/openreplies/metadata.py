"""Values the webmaster supplies for replies whose text lacks them: registry/metadata.yaml.

Portals file replies by department and session, and the unit is often only in the portal's
metadata (the text says 我局). A folder entry fills what the text lacks, a file entry overrides
the text (a correction); the most specific path wins, key by key. `disclosure` and `public` are
never touched: whether a reply is published stays the disclosure gate's decision alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, model_validator

from .errors import RegistryError
from .model import Body, Reply, Role, Source
from .reading.names import NameRegistry
from .reading.numbers import parse_proposal_number
from .registry import (
    PathEntry,
    YamlDocument,
    all_covering,
    is_folder,
    normalize_path,
    read_yaml,
    registry_label,
)
from .registry_models import (
    RegistryFile,
    RegistryModel,
    Text,
    choice,
    count,
    describe,
    expected,
    filled,
    missing,
    problem,
    section,
    validate_file,
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
    """Read metadata.yaml; an absent or empty file means no entries.

    Raises:
        RegistryError: invalid YAML, or an entry that is incomplete, names an unknown key,
            holds a value of the wrong form or repeats another's path (with the file, the
            line, the entry and the key).
    """
    if path is None or not path.is_file():
        return Metadata(label=registry_label(path) if path else METADATA_LABEL)
    document = read_yaml(path)
    _numbers_as_written(document)
    items = validate_file(document, MetadataFile).metadata
    label = registry_label(path)
    entries: dict[str, int] = {}
    for index, item in enumerate(items):
        key = normalize_path(item.path)
        if key in entries:
            place = (SECTION, index, "path")
            twice = f"与第 {entries[key] + 1} 条的 path 相同：请合并为一条"
            raise RegistryError(
                str(path),
                describe(document, MetadataFile, place, twice),
                line=document.line_at(place),
            )
        entries[key] = index
    return Metadata(
        (_entry(document, index, items[index], label) for index in entries.values()),
        label=label,
    )


def _numbers_as_written(document: YamlDocument) -> None:
    """term, session and number as the file wrote them: YAML reads number: 0257 as 175."""
    data = document.data
    items = data.get(SECTION) if isinstance(data, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else ()):
        for key in _RAW_KEYS & set(item if isinstance(item, dict) else ()):
            if isinstance(item[key], int) and not isinstance(item[key], bool):
                item[key] = document.written((SECTION, index, key)) or item[key]


def _entry(document: YamlDocument, index: int, item: EntryModel, label: str) -> MetadataEntry:
    return MetadataEntry(
        path=normalize_path(item.path),
        values=item.values(),
        by=item.by,
        when=item.when,
        line=document.line_at((SECTION, index, "path")),
        written=item.path,
        label=label,
    )


def _name(value: Any) -> str:
    """A name without spaces (宜昌市 交通运输局 → 宜昌市交通运输局)."""
    return "".join(_words(value).split())


def _words(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise expected("文字")


def _number(value: Any) -> int | str:
    """A proposal number, normalised as the parser does (0257 → 257, 2025d048 → 2025D048)."""
    ok = isinstance(value, int | str) and not isinstance(value, bool)
    number = parse_proposal_number(str(value)) if ok else None
    if number is None or number in (0, "0"):
        raise expected("提案号/建议号（257、0257 或 2025D048）")
    return number


_CATEGORIES = {"A": "A", "B": "B", "C": "C", "D": "D", "甲": "A", "乙": "B", "丙": "C"}


def _category(value: Any) -> str:
    """A–D (a, A类, 甲类 → A)."""
    key = value.strip().upper().removesuffix("类") if isinstance(value, str) else None
    if key in _CATEGORIES:
        return _CATEGORIES[key]
    raise expected(" A、B、C 或 D")


def _date(value: Any) -> str:
    """YYYY-MM-DD (YAML reads an unquoted date as a date object)."""
    if value is None:
        raise missing()
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE_RE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise expected("日期 YYYY-MM-DD")


def _departments(value: Any) -> tuple[str, ...]:
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(_name(name) for name in value)
    raise expected("单位名称的列表（[宜昌市财政局, …]）")


_BODIES = {"政协": Body.CPPCC, "人大": Body.CONGRESS}
_KINDS = {"提案": Body.CPPCC, "建议": Body.CONGRESS}
_ROLES = {"lead": Role.LEAD, "co": Role.CO, "主办": Role.LEAD, "会办": Role.CO, "协办": Role.CO}
_GATE = "不能在这里填写：是否公开只由答复的公开标注和 disclosure.yaml 决定"
Name = Annotated[str | None, filled(_name)]


class EntryModel(RegistryModel):
    """One entry of metadata.yaml as written: where, who, when, and the values it supplies."""

    shape = "映射（path、by、when 和要填写的字段）"
    allowed = f"{'、'.join(VALUE_KEYS)}（及 {'、'.join(ENTRY_KEYS)}）"
    refused: ClassVar[Mapping[str, str]] = dict.fromkeys(_GATE_KEYS, _GATE)
    path: Text
    by: Text
    when: Annotated[str, BeforeValidator(_date)]
    department: Name = None
    region: Name = None
    body: Annotated[Body | None, filled(choice(_BODIES, " 政协 或 人大"))] = None
    kind: Annotated[Body | None, filled(choice(_KINDS, " 提案 或 建议"))] = None
    term: Annotated[int | None, filled(count)] = None
    session: Annotated[int | None, filled(count)] = None
    number: Annotated[int | str | None, filled(_number)] = None
    proposer: Name = None
    category: Annotated[str | None, filled(_category)] = None
    date: Annotated[str | None, filled(_date)] = None
    title: Annotated[str | None, filled(_words)] = None
    role: Annotated[Role | None, filled(choice(_ROLES, " lead、co、主办 或 会办"))] = None
    co_departments: Annotated[tuple[str, ...] | None, filled(_departments)] = None

    @model_validator(mode="after")
    def _supplies_something_consistent(self) -> EntryModel:
        if not self.model_fields_set & set(VALUE_KEYS):
            raise problem(f"没有要填写的字段：可填写 {'、'.join(VALUE_KEYS)}")
        if self.kind is not None and self.body is not None and self.kind is not self.body:
            agreeing = f" {self.body.kind}（body 为 {self.body}：政协的是提案，人大的是建议）"
            raise expected(agreeing, at="kind")
        return self

    def values(self) -> dict[str, Any]:
        """Record key → value for each key the entry gives, `kind` stored as its `body`."""
        values = {key: getattr(self, key) for key in VALUE_KEYS if key in self.model_fields_set}
        kind = values.pop("kind", None)
        if kind is not None:
            values["body"] = kind
        return values


class MetadataFile(RegistryFile):
    """registry/metadata.yaml."""

    shape = "映射（metadata: 下的列表）"
    entry_label = "path"
    metadata: Annotated[tuple[EntryModel, ...], section(list, "列表，每条以 - path: 开头")] = ()
