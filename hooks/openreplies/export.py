"""Open data: the published records as JSON and CSV, per session too, and their JSON Schema.

The records have the keys of shared/corpus/SCHEMA.md, in its order, plus `url`. Only the catalog
(published replies) is exported, so the counts equal those of the pages.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog, Session
from .memo import Memo, digest
from .model import RECORD_KEYS, REQUIRED_TO_PUBLISH, RecordKey, Reply, record_keys

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


def build_exports(catalog: Catalog, base_url: str, memo: Memo | None = None) -> Iterator[DataFile]:
    """Every export file: all replies, each session, and the schema (made one at a time: at
    50,000 replies they hold hundreds of MB together). Each reply's record is written as JSON
    and CSV once, and its text reused by the file of its session (with a `memo`, taken from
    the last build when the reply and its address did not change)."""
    rows = _Rows(catalog, base_url, memo)
    yield DataFile(ALL_JSON, rows.json(catalog.replies))
    yield DataFile(ALL_CSV, rows.csv(catalog.replies))
    yield DataFile(SCHEMA_JSON, json_bytes(record_schema()))
    for session in catalog.sessions:
        replies = session.replies
        stem = f"{DATA_DIR}/sessions/{session_file_stem(session)}"
        yield DataFile(f"{stem}.json", rows.json(replies))
        yield DataFile(f"{stem}.csv", rows.csv(replies))


class _Rows:
    """Each reply's record as a JSON array element and as a CSV line, made once."""

    def __init__(self, catalog: Catalog, base_url: str, memo: Memo | None = None) -> None:
        self.catalog = catalog
        self.base_url = base_url
        self.memo = memo
        self._json: dict[str, str] = {}
        self._csv: dict[str, str] = {}

    def _make(self, reply: Reply) -> None:
        if self.memo is None:
            made = self._record_texts(reply)
        else:
            # export_record reads the reply and its address only.
            key = digest(self.memo.state(reply), reply_url(reply, self.catalog, self.base_url))
            made = self.memo.value(("export", reply.file), key, lambda: self._record_texts(reply))
        self._json[reply.file], self._csv[reply.file] = made

    def _record_texts(self, reply: Reply) -> tuple[str, str]:
        record = export_record(reply, self.catalog, self.base_url)
        # An element of an array dumped with indent=1 is the element's own dump, each of its
        # lines one space further in (what json.dumps([...], indent=1) writes).
        text = json.dumps(record, ensure_ascii=False, indent=1)
        return " " + text.replace("\n", "\n "), _csv_line(
            [csv_cell(record[k]) for k in EXPORT_KEYS]
        )

    def json(self, replies: Iterable[Reply]) -> bytes:
        """The same bytes as `to_json(replies, ...)`."""
        items = [self._of(self._json, r) for r in replies]
        text = "[\n" + ",\n".join(items) + "\n]" if items else "[]"
        return (text + "\n").encode("utf-8")

    def csv(self, replies: Iterable[Reply]) -> bytes:
        """The same bytes as `to_csv(replies, ...)`."""
        lines = [_csv_line(list(EXPORT_KEYS)), *(self._of(self._csv, r) for r in replies)]
        return ("\ufeff" + "".join(lines)).encode("utf-8")

    def _of(self, made: dict[str, str], reply: Reply) -> str:
        if reply.file not in made:
            self._make(reply)
        return made[reply.file]


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


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


URL_KEY = RecordKey(len(RECORD_KEYS), "答复页面的地址", {"type": "string"})
"""The one exported key that is no part of the reply's record: its page's address."""


def export_keys() -> dict[str, RecordKey]:
    """Every exported key with its documentation: the record's keys, then `url`."""
    return {**record_keys(), "url": URL_KEY}


FIELD_DOCS: dict[str, str] = {key: spec.doc for key, spec in export_keys().items()}
"""Each exported field in words, for the 开放数据 page and the schema's descriptions."""


def record_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of one exported record, from the record's own definition."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "公开答复记录",
        "type": "object",
        "required": list(EXPORT_KEYS),
        "additionalProperties": False,
        "properties": {
            key: _published(key, spec.schema) | {"description": spec.doc}
            for key, spec in export_keys().items()
        },
    }


def _published(key: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A key's schema for a published record: what a page needs is never null there."""
    if key not in (*REQUIRED_TO_PUBLISH, "kind"):
        return schema
    narrowed = dict(schema)
    if "enum" in narrowed:
        narrowed["enum"] = [v for v in narrowed["enum"] if v is not None]
    if isinstance(narrowed.get("type"), list):
        types = [t for t in narrowed["type"] if t != "null"]
        narrowed["type"] = types[0] if len(types) == 1 else types
    return narrowed
