"""Canonical names: answering departments (region-aware short forms) and proposers.

The table ships as `data/names.yaml`; a site adds to or overrides it with a file of the same
shape. The registry's `department` and `proposer` are pure and idempotent; names come back in
simplified characters with half-width digits and no spaces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from ..registry import read_yaml
from ..registry_models import Key, RegistryFile, expected, section, validate_file
from .numbers import to_halfwidth

BUILTIN_NAMES = Path(__file__).parent.parent / "data" / "names.yaml"
"""The built-in table (package data)."""

SECTIONS = ("departments", "department_aliases", "parties", "proposers")
"""The top-level keys of a names file."""

LEVEL_CHARS = "省市州盟县区旗"
"""The last character of a place at any level (宜昌市, 沙坪坝区, 潼关县, 恩施州 …)."""
PLACE = (
    r"(?!(?:城|市|社|园|景|街|小|辖|片|全|本|该|我|各|省|湖|山)[市区县]|共青团|中共|中国|国网|国家)"
    r"[\u4e00-\u9fff]{1,10}?(?:州(?![市县区])|[省市盟县区旗])"
)
"""One place name, shortest first: 宜昌市, 沙坪坝区, 岫岩满族自治县 (荆州市, not 荆州)."""
PLACE_CHAIN_RE = re.compile(rf"(?:{PLACE})+")
"""One or more places in a row: 宜昌市, 重庆市沙坪坝区."""
_PREFIX_RE = re.compile(rf"(?:[\u4e00-\u9fff]{{0,10}}?[{LEVEL_CHARS}])+")
"""What may stand before a known department name: places, or a bare 市/县/区 (市市场监管局)."""

_WS_RE = re.compile(r"\s+")
_COURTESY_RE = re.compile(
    r"^(?:尊敬的|敬爱的|亲爱的|尊敬)|(?:[,，!！]?(?:您好|你好|您们好|你们好|同志))$"
)
_TRAILING_RE = re.compile(r"[：:,，!！;；。.、]+$")
_COUNT = r"[0-9一二两三四五六七八九十百]*"
_JOINT_RE = re.compile(rf"^(?P<names>[^等]+?)等{_COUNT}[位名个]?(?:委员|代表|同志|人)?们?$")
_SINGLE_RE = re.compile(r"^(?P<names>.+?)(?:委员|代表|同志)们?$")
_NAME_SPLIT_RE = re.compile(r"[、，,;；/]")
_PERSON_RE = re.compile(r"[\u4e00-\u9fff·]{2,10}")
_NOT_PERSONS = frozenset({"各位", "全体", "诸位", "政协", "人大", "市政协", "市人大"})
_PARTY_REST_RE = re.compile(
    rf"(?:中央|{PLACE})*(?:委员会|委会|委|工委|支部|总支|总会|分会|商会|基层委员会)?"
)

_TS_CHARACTERS = "dictionary/TSCharacters.txt"


@cache
def _traditional_chars() -> frozenset[str] | None:
    """Characters that t2s changes, for a cheap test; None when the table is not found."""
    import opencc

    table = Path(opencc.__file__).parent / _TS_CHARACTERS
    try:
        rows = table.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    chars = (row.split("\t") for row in rows if "\t" in row)
    return frozenset(key for key, values in chars if key not in values.split())


@cache
def _converter() -> Any:
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """`text` in simplified characters (羅慶華委員 → 罗庆华委员); cheap when already simplified."""
    chars = _traditional_chars()
    if chars is not None and chars.isdisjoint(text):
        return text
    return str(_converter().convert(text))


def clean_name(text: str) -> str:
    """A name without spaces, in simplified characters and half-width digits (楊 強 → 杨强)."""
    return to_simplified(_WS_RE.sub("", to_halfwidth(text)))


def resolve_prefix(prefix: str, region: str | None) -> str:
    """A bare 市/县/区/省 prefix made explicit from the reply's region (市 + 宜昌市 → 宜昌市).

    重庆市沙坪坝区 gives 重庆市 for 市 and 重庆市沙坪坝区 for 区. A prefix the region cannot
    explain, and any longer prefix, stay as written.
    """
    if len(prefix) != 1 or prefix not in LEVEL_CHARS or not region or region == "全国":
        return prefix
    end = region.rfind(prefix)
    return region[: end + 1] if end >= 0 else prefix


@dataclass(frozen=True)
class NameTables:
    """The four sections of a names file, as plain mappings."""

    departments: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """部门全称 (without place) → its short forms."""
    department_aliases: dict[str, str] = field(default_factory=dict)
    """An exact written form → its canonical full name."""
    parties: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """A party's or organisation's national name → its short forms."""
    proposers: dict[str, str] = field(default_factory=dict)
    """An exact written proposer → its canonical name."""

    def merged(self, site: NameTables) -> NameTables:
        """These tables with a site's entries added; the site wins on a shared short form."""
        return NameTables(
            _union(self.departments, site.departments),
            {**self.department_aliases, **site.department_aliases},
            _union(self.parties, site.parties),
            {**self.proposers, **site.proposers},
        )


def _union(
    base: Mapping[str, Sequence[str]], extra: Mapping[str, Sequence[str]]
) -> dict[str, tuple[str, ...]]:
    out = {key: tuple(values) for key, values in base.items()}
    for key, values in extra.items():
        out[key] = tuple(dict.fromkeys((*out.get(key, ()), *values)))
    return out


def _alternation(names: Sequence[str]) -> str:
    """A regex alternation of `names`, longest first; one that never matches when empty."""
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    return "|".join(re.escape(n) for n in ordered) if ordered else "(?!)"


class NameRegistry:
    """Canonical department and proposer names, from the built-in and the site's tables."""

    def __init__(self, tables: NameTables) -> None:
        self.tables = tables
        self._departments: dict[str, str] = {}
        for canonical, short_forms in tables.departments.items():
            self._departments[clean_name(canonical)] = clean_name(canonical)
            for short in short_forms:
                self._departments[clean_name(short)] = clean_name(canonical)
        self._department_aliases = {
            clean_name(k): clean_name(v) for k, v in tables.department_aliases.items()
        }
        self._parties: dict[str, str] = {}
        for canonical, short_forms in tables.parties.items():
            for form in (canonical, *short_forms):
                self._parties[clean_name(form)] = clean_name(canonical)
        self._proposers = {clean_name(k): clean_name(v) for k, v in tables.proposers.items()}
        self._suffix_re = re.compile(rf"(?:{_alternation(list(self._departments))})$")
        self._party_re = re.compile(rf"(?:{PLACE})*(?P<form>{_alternation(list(self._parties))})")
        self._cache: dict[tuple[str, str | None], str] = {}

    def department(self, name: str, region: str | None = None) -> str:
        """The department's canonical full name (市发改委 in a 宜昌 reply → 宜昌市发展和改革委员会).

        Short forms in the table are expanded and a bare 市/县/区 prefix takes the reply's
        region; an unknown name comes back cleaned, with such a prefix resolved the same way.
        """
        key = (name, region)
        if key not in self._cache:
            region = clean_name(region) if region else region
            cleaned = clean_name(name)
            cleaned = self._department_aliases.get(cleaned, cleaned)
            self._cache[key] = self._canonical_department(cleaned, region)
        return self._cache[key]

    def _canonical_department(self, name: str, region: str | None) -> str:
        match = self._known_suffix(name)
        if match is not None:
            prefix = resolve_prefix(name[: match.start()], region)
            return prefix + self._departments[match.group()]
        prefix = resolve_prefix(name[:1], region) if len(name) > 1 else ""
        # An unknown name keeps its own place, or takes the region for a bare 市/县/区.
        return name if name.startswith(prefix) else prefix + name[1:]

    def place_of(self, name: str) -> str | None:
        """The place a department name starts with (荆州市卫健委 → 荆州市), None without one."""
        cleaned = self._department_aliases.get(clean_name(name), clean_name(name))
        match = self._suffix_re.search(cleaned)
        head = cleaned[: match.start()] if match else cleaned
        place = PLACE_CHAIN_RE.match(head)
        return place.group() if place else None

    def is_known_department(self, name: str) -> bool:
        """True when the name is in the table (as written, or as a place + a known name)."""
        cleaned = clean_name(name)
        if cleaned in self._department_aliases:
            return True
        return self._known_suffix(cleaned) is not None

    def _known_suffix(self, name: str) -> re.Match[str] | None:
        """The longest known department name that ends `name` after a place prefix."""
        match = self._suffix_re.search(name)
        if match is None or not (
            match.start() == 0 or _PREFIX_RE.fullmatch(name, 0, match.start())
        ):
            return None
        return match

    def proposer(self, name: str) -> str:
        """The proposer's canonical name (SCHEMA.md `proposer_canonical`).

        A party's or the 工商联's local committee → its national name (民进宜昌市委 →
        中国民主促进会); a joint proposal → the first person (张三等5位委员 → 张三); one member
        or deputy → the bare name (刘建国代表 → 刘建国); anything else as written, cleaned.
        """
        current = clean_name(name)
        for _ in range(8):  # each step shortens or canonicalises; bounded against cycles in data
            following = self._proposer_step(current)
            if following == current:
                break
            current = following
        return current

    def _proposer_step(self, name: str) -> str:
        name = strip_courtesy(name)
        if name in self._proposers:
            return self._proposers[name]
        party = self._party(name)
        if party is not None:
            return party
        return _first_person(name) or name

    def _party(self, name: str) -> str | None:
        match = self._party_re.match(name)
        if match is None or not _PARTY_REST_RE.fullmatch(name, match.end()):
            return None
        return self._parties[match["form"]]

    def is_known_proposer(self, name: str) -> bool:
        """True for a party or organisation in the table, a listed proposer or named people."""
        cleaned = strip_courtesy(clean_name(name))
        return (
            cleaned in self._proposers
            or self._party(cleaned) is not None
            or _first_person(cleaned) is not None
        )


def strip_courtesy(name: str) -> str:
    """尊敬的王爱珍代表您好： → 王爱珍代表 (greeting words and trailing punctuation removed)."""
    while True:
        stripped = _COURTESY_RE.sub("", _TRAILING_RE.sub("", name))
        if stripped == name:
            return name
        name = stripped


def _first_person(name: str) -> str | None:
    """The first person of 张三等5位委员, 马青、周丽等委员, 刘建国代表; None for other names."""
    match = _JOINT_RE.match(name) or _SINGLE_RE.match(name)
    if match is None:
        return None
    first = _NAME_SPLIT_RE.split(match["names"])[0]
    if first in _NOT_PERSONS or not _PERSON_RE.fullmatch(first):
        return None
    return first


def load_names(site_file: Path | None = None) -> NameRegistry:
    """The built-in name table merged with the site's file, when it exists.

    Raises:
        RegistryError: the site's file is not valid YAML or not of the names shape (with line).
    """
    tables = _builtin_tables()
    if site_file is not None and site_file.is_file():
        tables = tables.merged(read_tables(site_file))
    return NameRegistry(tables)


@cache
def _builtin_tables() -> NameTables:
    return read_tables(BUILTIN_NAMES)


def read_tables(path: Path) -> NameTables:
    """Read and check one names file (an empty file is empty tables).

    Raises:
        RegistryError: invalid YAML, an unknown section or an entry of the wrong shape.
    """
    names = validate_file(read_yaml(path), NamesFile)
    return NameTables(
        dict(names.departments),
        dict(names.department_aliases),
        dict(names.parties),
        dict(names.proposers),
    )


def _forms(value: Any) -> tuple[str, ...]:
    """The short forms of a name: [简称, …]; nothing written is none (a known full name)."""
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    raise expected("简称的列表（全称: [简称, …]，没有简称时写 []）")


def _one_name(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise expected("一个名称（写法: 规范名称）")


Forms = Annotated[tuple[str, ...], BeforeValidator(_forms)]
OneName = Annotated[str, BeforeValidator(_one_name)]
_TABLE = "映射（全称: [简称, …]）"
_ALIASES = "映射（写法: 规范名称）"


class NamesFile(RegistryFile):
    """A names file: the built-in table, or the site's registry/names.yaml."""

    shape = f"映射（{'、'.join(SECTIONS)}）"
    departments: Annotated[dict[Key, Forms], section(dict, _TABLE)] = Field(default_factory=dict)
    department_aliases: Annotated[dict[Key, OneName], section(dict, _ALIASES)] = Field(
        default_factory=dict
    )
    parties: Annotated[dict[Key, Forms], section(dict, _TABLE)] = Field(default_factory=dict)
    proposers: Annotated[dict[Key, OneName], section(dict, _ALIASES)] = Field(default_factory=dict)
