"""Open data: the published records as JSON and CSV, per session too, and their JSON Schema.

The records have the keys of shared/corpus/SCHEMA.md, in its order, plus `url`. Only the catalog
(published replies) is exported, so the counts equal those of the pages.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog, Session
from .model import RECORD_KEYS, Reply

DATA_DIR = "data"
ALL_JSON = f"{DATA_DIR}/replies.json"
ALL_CSV = f"{DATA_DIR}/replies.csv"
SCHEMA_JSON = f"{DATA_DIR}/reply.schema.json"
EXPORT_KEYS = (*RECORD_KEYS, "url")
_LIST_SEPARATOR = "；"


@dataclass(frozen=True)
class DataFile:
    """One file of the site that is not a page."""

    path: str
    content: bytes


def reply_url(reply: Reply, catalog: Catalog, base_url: str) -> str:
    """The address of a reply's page: absolute under `base_url`, else from the site's root."""
    path = catalog.reply_uris[reply.file].removesuffix("index.md")
    return f"{base_url.rstrip('/')}/{path}" if base_url else f"/{path}"


def export_record(reply: Reply, catalog: Catalog, base_url: str) -> dict[str, Any]:
    """The SCHEMA.md record of a published reply, plus `url`."""
    return reply.to_record() | {"url": reply_url(reply, catalog, base_url)}


def session_file_stem(session: Session) -> str:
    """data/sessions/<stem>.json: yichang-zx-6-3."""
    return session.uri.removesuffix("/index.md").replace("/", "-")


def build_exports(catalog: Catalog, base_url: str) -> list[DataFile]:
    """Every export file: all replies, each session, and the schema."""
    files = [
        DataFile(ALL_JSON, to_json(catalog.replies, catalog, base_url)),
        DataFile(ALL_CSV, to_csv(catalog.replies, catalog, base_url)),
        DataFile(SCHEMA_JSON, json_bytes(record_schema())),
    ]
    for session in catalog.sessions:
        replies = session.replies
        stem = f"{DATA_DIR}/sessions/{session_file_stem(session)}"
        files.append(DataFile(f"{stem}.json", to_json(replies, catalog, base_url)))
        files.append(DataFile(f"{stem}.csv", to_csv(replies, catalog, base_url)))
    return files


def json_bytes(data: object) -> bytes:
    """Readable UTF-8 JSON (Chinese as characters, not escapes), stable key order."""
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def to_json(replies: Iterable[Reply], catalog: Catalog, base_url: str) -> bytes:
    """A JSON array of records."""
    return json_bytes([export_record(r, catalog, base_url) for r in replies])


def to_csv(replies: Iterable[Reply], catalog: Catalog, base_url: str) -> bytes:
    """CSV with a BOM so that Excel opens it as UTF-8; lists joined with ；."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_KEYS)
    for reply in replies:
        record = export_record(reply, catalog, base_url)
        writer.writerow(csv_cell(record[key]) for key in EXPORT_KEYS)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_cell(value: object) -> str:
    """One CSV cell: true/false, empty for null, lists joined, policies as 《title》（文号）."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return _LIST_SEPARATOR.join(
            f"《{v['title']}》" + (f"（{v['doc_number']}）" if v["doc_number"] else "")
            if isinstance(v, dict) else str(v)
            for v in value
        )  # fmt: skip
    return str(value)


FIELD_DOCS: dict[str, str] = {
    "file": "答复文件在答复文件夹中的路径",
    "public": "是否公开；导出的记录都是公开的（true）",
    "disclosure": "文件中的公开标注原文（公开、主动公开……），没有标注时为空（由网站登记的决定公开）",
    "body": "政协 或 人大",
    "kind": "提案（政协）或 建议（人大）",
    "region": "会议所在的市或省，如 宜昌市",
    "term": "届，如 六届 → 6",
    "session": "次，如 三次会议 → 3",
    "number": "提案号或建议号；含字母的编号为字符串（如 2025D048）",
    "category": "答复类别 A、B、C、D（甲乙丙类按 A、B、C），未标注为空",
    "proposer": "答复中写的提案者（抬头），去掉空格和冒号；答复未写明时为空",
    "proposer_canonical": "提案者的统一名称：党派为全国性全称，联名提案为第一人，个人为姓名；未写明时为空",
    "title": "提案或建议的标题；答复中没有引述标题时为空",
    "department": "答复单位的规范全称",
    "role": "lead（主办）、co（会办/协办），答复未说明时为空",
    "co_departments": "答复中写明的会办/协办单位（会办答复中为主办单位）",
    "date": "答复日期 YYYY-MM-DD，没有日期时为空",
    "policies": "引用的政策文件：标题和文号（文号统一为〔〕和半角数字，没有文号时为空）",
    "leader": "责任领导或签发人",
    "handler": "承办人或联系人",
    "phones": "联系电话，只保留数字",
    "postcode": "邮政编码",
    "url": "答复页面的地址",
}
"""Each exported field in words, for the 开放数据 page and the schema's descriptions."""


def record_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of one exported record."""
    text = {"type": "string"}
    nullable = {"type": ["string", "null"]}
    types: dict[str, dict[str, Any]] = {
        "file": text, "public": {"type": "boolean"}, "disclosure": nullable,
        "body": {"enum": ["政协", "人大"]}, "kind": {"enum": ["提案", "建议"]}, "region": text,
        "term": {"type": "integer", "minimum": 1}, "session": {"type": "integer", "minimum": 1},
        "number": {"type": ["integer", "string"]},
        "category": {"enum": ["A", "B", "C", "D", None]},
        "proposer": nullable, "proposer_canonical": nullable, "title": nullable, "department": text,
        "role": {"enum": ["lead", "co", None]},
        "co_departments": {"type": "array", "items": text},
        "date": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "policies": {"type": "array", "items": {
            "type": "object", "required": ["title", "doc_number"], "additionalProperties": False,
            "properties": {"title": text, "doc_number": nullable}}},
        "leader": nullable, "handler": nullable,
        "phones": {"type": "array", "items": {"type": "string", "pattern": r"^\d+$"}},
        "postcode": nullable, "url": text,
    }  # fmt: skip
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "公开答复记录",
        "type": "object",
        "required": list(EXPORT_KEYS),
        "additionalProperties": False,
        "properties": {k: types[k] | {"description": FIELD_DOCS[k]} for k in EXPORT_KEYS},
    }
