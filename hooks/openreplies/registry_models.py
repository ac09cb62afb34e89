"""The shapes of the registry files as pydantic models, and their errors as our messages.

Each registry file has one model (a `RegistryFile`); the value types below say in Chinese what
they expect. pydantic reports where a value is wrong (('metadata', 0, 'session')), and
`validate_file` turns that place into the file's line and the entry's name, so every message
reads `file:line: 第 1 条（交通局/）：session 应为…，而不是 …` (the entry, the key, what
was expected and what was found).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Annotated, Any, ClassVar, TypeVar

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, model_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from .errors import RegistryError
from .reading.numbers import parse_int
from .registry import Loc, YamlDocument

EXPECTED = "expected"
"""Our validators' error type: the value is not what the key takes (ctx: expected)."""
EMPTY = "empty"
"""A key written without a value (`session:`)."""
MISSING = "missing"
"""A key the entry needs is absent or blank (pydantic's own type, which we share)."""
PROBLEM = "problem"
"""Anything else, said in full (ctx: problem)."""
AT = "at"
"""Context key: the key of the entry the error is about, when a whole-entry check fails."""


def expected(what: str, *, at: str | None = None) -> PydanticCustomError:
    """The error for a value that is not `what` (应为 `what`)."""
    context: dict[str, Any] = {"expected": what}
    if at is not None:
        context[AT] = at
    return PydanticCustomError(EXPECTED, "应为{expected}", context)


def problem(text: str, *, at: str | None = None) -> PydanticCustomError:
    """An error said in full (`text`), about the key `at` of the entry, if given."""
    context: dict[str, Any] = {"problem": text}
    if at is not None:
        context[AT] = at
    return PydanticCustomError(PROBLEM, "{problem}", context)


def missing() -> PydanticCustomError:
    """The error for a required key left blank (reported as if absent)."""
    return PydanticCustomError(MISSING, "缺少")


def empty() -> PydanticCustomError:
    """The error for a key written with no value."""
    return PydanticCustomError(EMPTY, "没有填写值（不需要就删去这一行）")


class RegistryModel(BaseModel):
    """A mapping of known keys: anything else is refused with its line."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    shape: ClassVar[str] = "映射"
    """What the whole mapping must be, for a message (包含 path、note 的映射)."""
    key_noun: ClassVar[str] = "字段"
    """What its keys are called in messages (字段; a file's top-level keys are 段落)."""
    allowed: ClassVar[str | None] = None
    """The keys that may be written, as messages list them; default: the fields."""
    refused: ClassVar[Mapping[str, str]] = {}
    """Keys refused with a reason of their own (metadata cannot set `public`)."""

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise expected(cls.shape)
        for key in data:
            if key in cls.refused:
                raise problem(cls.refused[key], at=str(key))
            if key not in cls.model_fields:
                allowed = cls.allowed or "、".join(cls.model_fields)
                raise problem(f"不是可用的{cls.key_noun}：只能是 {allowed}", at=str(key))
        return data


class RegistryFile(RegistryModel):
    """A whole registry file: its top-level keys are its sections."""

    key_noun = "段落"
    entry_noun: ClassVar[str] = "条"
    """A list item in messages is 第 n `entry_noun` (条, 条决定)."""
    entry_label: ClassVar[str | None] = None
    """The key whose value names a list item in messages: 第 1 条（交通局/）."""
    empty_ok: ClassVar[bool] = True
    """Whether an empty file means no entries (False: it is an error)."""


F = TypeVar("F", bound=RegistryFile)


def validate_file(document: YamlDocument, model: type[F]) -> F:
    """The file's data checked against `model`.

    Raises:
        RegistryError: the first problem in file order, with its line, the entry and the key,
            what was expected and what was found (and how many more problems there are).
    """
    data = {} if document.data is None and model.empty_ok else document.data
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise _registry_error(document, model, error.errors(include_url=False)) from None


def _registry_error(
    document: YamlDocument, model: type[RegistryFile], errors: list[ErrorDetails]
) -> RegistryError:
    """One RegistryError for pydantic's `errors` of `document`: the first in file order."""
    placed = [(_place(error), index, error) for index, error in enumerate(errors)]
    ordered = sorted(placed, key=lambda p: (document.line_at(p[0]), p[1]))  # file order
    loc, _, first = ordered[0]
    if first["type"] == MISSING:
        loc = loc[:-1]
        keys = [str(p[-1]) for p, _, e in ordered if e["type"] == MISSING and p[:-1] == loc]
        what, counted = f"缺少 {'、'.join(dict.fromkeys(keys))}", len(keys)
    else:
        what, counted = _what(document, loc, first), 1
    more = len(errors) - counted
    message = describe(document, model, loc, what) + (f"（另有 {more} 处错误）" if more else "")
    return RegistryError(str(document.path), message, line=document.line_at(loc))


def _place(error: ErrorDetails) -> Loc:
    """The error's place, with the key a whole-entry check names (ctx `at`)."""
    loc = tuple(part for part in error["loc"] if part != "[key]")
    at = (error.get("ctx") or {}).get(AT)
    return (*loc, at) if at is not None else loc


def describe(document: YamlDocument, model: type[RegistryFile], loc: Loc, what: str) -> str:
    """The message `what` about the place `loc` of a file of `model`, named as the file reads:
    第 1 条（交通局/）：session 应为…; 第 1 条（交通局/）：缺少 by、when."""
    names = _entry_names(document, model, loc)
    if not names:
        return what
    after_key = bool(loc) and not isinstance(loc[-1], int) and names[-1] == str(loc[-1])
    return "：".join(names) + (" " if after_key else "：") + what


def _entry_names(document: YamlDocument, model: type[RegistryFile], loc: Loc) -> list[str]:
    """How messages name the place `loc`: sections and keys as written, list items as
    第 n 条（label）; the section of a file with only one is left out inside its entries."""
    names: list[str] = []
    data = document.data
    for depth, part in enumerate(loc):
        if isinstance(part, int) and isinstance(data, list):
            item = data[part] if 0 <= part < len(data) else None
            names.append(f"第 {part + 1} {model.entry_noun}{_label(item, model.entry_label)}")
            data = item
            continue
        if not (depth == 0 and len(loc) > 1 and len(model.model_fields) == 1):
            names.append(str(part))
        data = data.get(part) if isinstance(data, dict) else None
    return names


def _label(item: Any, key: str | None) -> str:
    value = item.get(key) if key is not None and isinstance(item, dict) else None
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
        return f"（{str(value).strip()}）"
    return ""


def _what(document: YamlDocument, loc: Loc, error: ErrorDetails) -> str:
    """What is wrong at `loc`: 应为…，而不是 <what the file has there>."""
    kind = error["type"]
    if "[key]" in error["loc"]:  # a mapping key itself is wrong: show it, not its value
        return f"{error['msg']}，而不是 {error['input']!r}"
    if kind == EXPECTED:
        return f"{error['msg']}，而不是 {_found(document, loc, error['input'])}"
    if kind in (EMPTY, PROBLEM):
        return error["msg"]
    # Our validators say what they expect; pydantic's own checks (a model's plain types) are
    # a backstop, reported with pydantic's words.
    return f"无效的值（{error['msg']}），而不是 {_found(document, loc, error['input'])}"


def _found(document: YamlDocument, loc: Loc, value: Any) -> str:
    """What the file has at `loc`, for 而不是 …: a scalar as written, quoted; 空值; 空文件;
    列表 or 映射 with a short view of it."""
    node = document.node_at(loc)
    if node is None and not loc and document.root is None:
        return "空文件"
    if isinstance(node, yaml.ScalarNode):
        return "空值" if node.tag == "tag:yaml.org,2002:null" else repr(str(node.value))
    if isinstance(node, yaml.SequenceNode) or isinstance(value, list | tuple):
        return f"列表 {_short(value)}"
    if isinstance(node, yaml.MappingNode) or isinstance(value, dict):
        return f"映射 {_short(value)}"
    return "空值" if value is None else repr(value)


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- value types shared by the files ---------------------------------------------------------


def _text(value: Any) -> str:
    """A required text: blank is missing; numbers as YAML read them (by: 2024 → "2024")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise missing()
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise expected("文字")
    return str(value).strip()


def _key(value: Any) -> str:
    """A mapping key: a non-blank text, stripped."""
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    raise expected("非空的文字")


def _optional_text(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _text(value)


def _date_or_text(value: Any) -> str:
    """A YAML date as YYYY-MM-DD, else the text as written (2018年12月)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(value)


def _optional_date(value: Any) -> str | None:
    blank = value is None or (isinstance(value, str) and not value.strip())
    return None if blank else _date_or_text(value)


def count(value: Any) -> int:
    """届 or 次: 6, "6" or 六."""
    if value is None:
        raise missing()
    if isinstance(value, int) and not isinstance(value, bool):
        number: int | None = value
    else:
        number = parse_int(value.strip()) if isinstance(value, str) else None
    if number is None or number < 1:
        raise expected('正整数（6、"6" 或 六）')
    return number


Text = Annotated[str, BeforeValidator(_text)]
"""A non-blank text, stripped."""
Key = Annotated[str, BeforeValidator(_key)]
"""A mapping key (a name, a 文号): a non-blank text, stripped."""
OptionalText = Annotated[str | None, BeforeValidator(_optional_text)]
"""A text, or None when blank or absent."""
DateOrText = Annotated[str, BeforeValidator(_date_or_text)]
"""A date as YAML reads it (2024-05-01 → "2024-05-01") or as written."""
OptionalDate = Annotated[str | None, BeforeValidator(_optional_date)]
"""A `DateOrText`, or None when blank or absent."""
Count = Annotated[int, BeforeValidator(count)]
"""A positive count: 届 or 次 (6, "6", 六)."""


def choice(table: Mapping[str, Any], wanted: str) -> Callable[[Any], Any]:
    """A check that a value is one of `table`'s keys (stripped), read as that key's value."""

    def convert(value: Any) -> Any:
        if value is None:
            raise missing()
        key = value.strip() if isinstance(value, str) else value
        if isinstance(key, str) and key in table:
            return table[key]
        raise expected(wanted)

    return convert


def section(kind: type[list[Any]] | type[dict[Any, Any]], wanted: str) -> BeforeValidator:
    """A file's section: a list or a mapping (`kind`); written without entries, it is empty."""

    def convert(value: Any) -> Any:
        if value is None:
            return kind()
        if isinstance(value, kind):
            return value
        raise expected(wanted)

    return BeforeValidator(convert)


def filled(convert: Callable[[Any], Any]) -> BeforeValidator:
    """An optional key's value, checked by `convert`; written with no value, it is refused
    (删去这一行), where a required key's blank value is missing."""

    def check(value: Any) -> Any:
        if value is None:
            raise empty()
        return convert(value)

    return BeforeValidator(check)
