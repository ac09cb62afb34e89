"""The reply record and the small value types it is made of.

Every field says which label of the document it comes from, so this module doubles as the
glossary of what the parser extracts. The keys of `Reply.to_record()` are those of
`shared/corpus/SCHEMA.md`, in its order. A record may be partial: a field the document does not
carry is None, and only the fields of `REQUIRED_TO_PUBLISH` are needed for a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class Body(StrEnum):
    """Whose member filed the proposal."""

    CPPCC = "政协"
    """政协: the people's political consultative conference; its items are 提案."""
    CONGRESS = "人大"
    """人大: the people's congress; its items are 建议."""

    @property
    def kind(self) -> str:
        """The item's kind: 提案 for 政协, 建议 for 人大."""
        return "提案" if self is Body.CPPCC else "建议"


class Role(StrEnum):
    """How the answering department handled the proposal (主办 / 会办)."""

    LEAD = "lead"
    """主办: the lead department, which merges the others' opinions."""
    CO = "co"
    """会办 / 协办: a co-handling department."""


CATEGORY_MEANINGS: dict[str, str] = {
    "A": "所提问题已经解决或基本解决，或所提建议已被采纳",
    "B": "所提问题正在解决或已列入计划逐步解决",
    "C": "所提问题因条件限制暂时不能解决，或留作参考",
    "D": "所提建议留作工作参考",
}
"""分类 / 答复类别: what each outcome category means (definitions differ a little by place)."""

CATEGORIES: tuple[str | None, ...] = ("A", "B", "C", "D", None)
"""The outcome categories in display order; None is a reply that states none (未标注)."""


@dataclass(frozen=True)
class PolicyCitation:
    """A policy document cited in the reply: 《title》 and, when given, its 文号."""

    title: str
    """The title inside 《》, without the brackets (the first title seen for a 文号)."""
    doc_number: str | None
    """文号 normalised: 〔〕 around the year, half-width digits (宜府发〔2018〕62号)."""


@dataclass(frozen=True)
class Block:
    """One piece of the reply's text, in document order, for rendering."""

    kind: str
    """'heading' (一、…), 'subheading' ((一)…), 'paragraph' or 'table'."""
    text: str
    """The text as written (for a table: empty)."""
    line: int
    """The 1-based line (or Word paragraph) where the block starts."""
    rows: tuple[tuple[str, ...], ...] = ()
    """For a table: its rows of cell texts."""


@dataclass(frozen=True)
class Source:
    """Where one value of a record came from: a line of the text, or a registry entry."""

    line: int | None = None
    """The 1-based line (Word: paragraph or table row) the value was read from."""
    registry: str | None = None
    """The registry entry that supplied it (registry/metadata.yaml: 示例/, 张三, 2024-07-01)."""

    def __str__(self) -> str:
        if self.registry:
            return self.registry
        return f"正文第 {self.line} 行" if self.line else "正文"


@dataclass(frozen=True)
class Doubt:
    """Something about a published reply that the webmaster should look at."""

    field: str
    """The record key concerned (proposer, department …)."""
    message: str
    """What is doubtful, in Chinese."""
    line: int | None = None


REQUIRED_TO_PUBLISH: tuple[str, ...] = ("body", "region", "term", "session", "number", "department")
"""What a page needs: its address (body, region, term, session, number) and who answered."""

FIELD_LABELS: dict[str, str] = {
    "body": "政协/人大", "kind": "提案/建议", "region": "地区", "term": "届", "session": "次",
    "number": "编号", "category": "答复类别", "proposer": "提案者", "title": "标题",
    "department": "答复单位", "role": "办理方式", "co_departments": "会办单位", "date": "答复日期",
    "leader": "责任领导", "handler": "承办人", "phones": "联系电话", "postcode": "邮政编码",
    "disclosure": "公开标注", "proposer_canonical": "提案者统一名称", "policies": "引用的政策文件",
}  # fmt: skip
"""The Chinese name of each record key, for messages."""


@dataclass(frozen=True)
class RecordKey:
    """How one field of `Reply` appears in the SCHEMA.md record (check --json, open data)."""

    order: int
    """Its position in SCHEMA.md."""
    doc: str
    """What it holds, in Chinese, for the 开放数据 page and the JSON Schema."""
    schema: dict[str, Any]
    """Its JSON Schema (2020-12) type."""


_TEXT: dict[str, Any] = {"type": "string"}
_TEXT_OR_NULL: dict[str, Any] = {"type": ["string", "null"]}
_TEXTS: dict[str, Any] = {"type": "array", "items": _TEXT}


def _key(order: int, doc: str, schema: dict[str, Any], **options: Any) -> Any:
    """A dataclass field that is a key of the record (`options` go to `dataclasses.field`)."""
    return field(metadata={"record": RecordKey(order, doc, schema)}, **options)


@dataclass(frozen=True)
class Reply:
    """One department's reply to one proposal (提案) or suggestion (建议).

    The fields made with `_key` are the record of SCHEMA.md: `to_record`, `RECORD_KEYS`, the
    JSON Schema, the CSV columns and the open-data field list are all derived from them.
    """

    file: str = _key(0, "答复文件在答复文件夹中的路径", _TEXT)
    """The file's path relative to the replies folder, with forward slashes."""
    disclosure: str | None = _key(
        2,
        "文件中的公开标注原文（公开、主动公开……），没有标注时为空（由网站登记的决定公开）",
        _TEXT_OR_NULL,
    )
    """公开情况 / 公开属性 / 公开方式 / 是否公开: the marking as written, None when absent."""
    body: Body | None = _key(3, "政协 或 人大", {"enum": ["政协", "人大", None]})  # noqa: RUF009
    """政协 or 人大, from the session line (政协宜昌市六届三次会议, 市六届人大三次会议)."""
    region: str | None = _key(5, "会议所在的市或省，如 宜昌市", _TEXT_OR_NULL)
    """The conference's city or province (宜昌市), from the session line or the department."""
    term: int | None = _key(6, "届，如 六届 → 6", {"type": ["integer", "null"], "minimum": 1})
    """届: 六届 → 6, 第十三届 → 13."""
    session: int | None = _key(
        7, "次，如 三次会议 → 3", {"type": ["integer", "null"], "minimum": 1}
    )
    """次: 三次会议 → 3 (None when conversion lost the digit: 六届次会议)."""
    number: int | str | None = _key(
        8,
        "提案号或建议号；含字母的编号为字符串（如 2025D048）",
        {"type": ["integer", "string", "null"]},
    )
    """提案号 / 建议号: 第 257 号 → 257; with letters a string (第2025D048号 → '2025D048')."""
    category: str | None = _key(
        9,
        "答复类别 A、B、C、D（甲乙丙类按 A、B、C），未标注为空",
        {"enum": ["A", "B", "C", "D", None]},
    )
    """分类 / 答复类别 / 类别: A, B, C or D (甲类/乙类/丙类 → A/B/C), None when not stated."""
    proposer: str | None = _key(
        10, "答复中写的提案者（抬头），去掉空格和冒号；答复未写明时为空", _TEXT_OR_NULL
    )
    """The addressee line as written, without spaces and colon (中国民主促进会); None when the
    reply names nobody (你们提出的…, or a co-handler's letter to the lead unit)."""
    proposer_canonical: str | None = _key(
        11,
        "提案者的统一名称：党派为全国性全称，联名提案为第一人，个人为姓名；未写明时为空",
        _TEXT_OR_NULL,
    )
    """One stable name per proposer (民进宜昌市委 → 中国民主促进会; 张三等5位委员 → 张三)."""
    title: str | None = _key(12, "提案或建议的标题；答复中没有引述标题时为空", _TEXT_OR_NULL)
    """The proposal's title as quoted in the reply (“…” or 《…》), None when never quoted."""
    department: str | None = _key(13, "答复单位的规范全称", _TEXT_OR_NULL)
    """The answering department, canonical full name (宜昌市 教育局 → 宜昌市教育局)."""
    role: Role | None = _key(  # noqa: RUF009 (_key returns a dataclasses.field)
        14, "lead（主办）、co（会办/协办），答复未说明时为空", {"enum": ["lead", "co", None]}
    )
    """主办 → lead, 会办/协办 → co, None when the reply does not say."""
    co_departments: tuple[str, ...] = _key(
        15, "答复中写明的会办/协办单位（会办答复中为主办单位）", _TEXTS
    )
    """The other handling units the reply names as 会办/协办 (or the 主办, in a co reply)."""
    date: str | None = _key(
        16,
        "答复日期 YYYY-MM-DD，没有日期时为空",
        {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    )
    """The reply's date (2023年6月18日 → 2023-06-18), None when absent."""
    policies: tuple[PolicyCitation, ...] = _key(
        17,
        "引用的政策文件：标题和文号（文号统一为〔〕和半角数字，没有文号时为空）",
        {"type": "array", "items": {
            "type": "object", "required": ["title", "doc_number"], "additionalProperties": False,
            "properties": {"title": _TEXT, "doc_number": _TEXT_OR_NULL}}},
    )  # fmt: skip
    """The distinct policy documents cited, in order of first citation."""
    leader: str | None = _key(18, "责任领导或签发人", _TEXT_OR_NULL)
    """责任领导 / 签发人."""
    handler: str | None = _key(19, "承办人或联系人", _TEXT_OR_NULL)
    """承办人 / 联系人."""
    phones: tuple[str, ...] = _key(
        20,
        "联系电话，只保留数字",
        {"type": "array", "items": {"type": "string", "pattern": r"^\d+$"}},
    )
    """联系电话, digits only (0716-8228015 → 07168228015)."""
    postcode: str | None = _key(21, "邮政编码", _TEXT_OR_NULL)
    """邮政编码."""
    doc_number: str | None = None
    """The reply's own 文号 (荆建函〔2023〕15号), normalised like a policy's."""
    blocks: tuple[Block, ...] = ()
    """The reply's text after its title, re-joined across page breaks, for rendering."""
    public: bool = _key(
        1, "是否公开；导出的记录都是公开的（true）", {"type": "boolean"}, default=False
    )
    """Whether the reply may be published; set by the disclosure gate, never by the parser."""
    digest: str = field(default="", repr=False, compare=False)
    """SHA-1 of the source text without whitespace: two files with one digest hold one reply.

    Kept instead of the text itself, which would double the memory of a 10,000-reply build."""
    sources: Mapping[str, Source] = field(default_factory=dict, repr=False, compare=False)
    """Record key → where its value came from (a text line or a registry entry)."""
    doubts: tuple[Doubt, ...] = field(default=(), repr=False, compare=False)
    """What the parser was unsure of (a name it does not know, a guessed value)."""

    @property
    def kind(self) -> str | None:
        """提案 or 建议 (None when the body is unknown)."""
        return self.body.kind if self.body is not None else None

    def missing_required(self) -> tuple[str, ...]:
        """The keys of REQUIRED_TO_PUBLISH that have no value: the reply cannot have a page."""
        return tuple(key for key in REQUIRED_TO_PUBLISH if getattr(self, key) in (None, ""))

    def missing(self) -> tuple[str, ...]:
        """Every record key without a value (None, empty text or an empty list)."""
        record = self.to_record()
        return tuple(key for key, value in record.items() if value in (None, "", []))

    def to_record(self) -> dict[str, Any]:
        """The SCHEMA.md record: plain JSON-ready values, keys in the schema's order."""
        return {key: _plain(getattr(self, key)) for key in RECORD_KEYS}


KIND = RecordKey(4, "提案（政协）或 建议（人大）", {"enum": ["提案", "建议", None]})
"""The one record key that is no field of its own: `Reply.kind`, derived from the body."""


def _plain(value: Any) -> Any:
    """A field's value as JSON: enums as their text, tuples as lists, citations as objects."""
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, PolicyCitation):
        return {"title": value.title, "doc_number": value.doc_number}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def record_keys() -> dict[str, RecordKey]:
    """Every record key with its documentation, in SCHEMA.md's order."""
    keys = {f.name: f.metadata["record"] for f in fields(Reply) if "record" in f.metadata}
    keys["kind"] = KIND
    return dict(sorted(keys.items(), key=lambda item: item[1].order))


RECORD_KEYS: tuple[str, ...] = tuple(record_keys())
"""The keys of SCHEMA.md in order; `Reply.to_record()` produces exactly these."""
