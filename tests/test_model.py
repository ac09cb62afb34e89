"""The record: one definition in `Reply`, checked against SCHEMA.md key for key."""

from __future__ import annotations

from pathlib import Path

import jsonschema
from openreplies.export import EXPORT_KEYS, FIELD_DOCS, record_schema
from openreplies.model import RECORD_KEYS, Body, PolicyCitation, Reply, Role


def reply(**fields: object) -> Reply:
    """A complete reply record with the given fields changed."""
    base: dict[str, object] = dict(
        file="a.txt", disclosure="公开", body=Body.CPPCC, region="宜昌市", term=6, session=3,
        number=257, category="A", proposer="张三等5位委员", proposer_canonical="张三",
        title="关于X的建议", department="宜昌市教育局", role=Role.LEAD,
        co_departments=("宜昌市财政局",), date="2024-06-01",
        policies=(PolicyCitation("某办法", "宜府发〔2018〕62号"),), leader="赵六",
        handler="钱七", phones=("6449804",), postcode="443000", public=True,
    )  # fmt: skip
    return Reply(**(base | fields))  # type: ignore[arg-type]


def test_record_keys_are_schema_md_keys_in_order(schema_keys: list[str]) -> None:
    """Check that the dataclass defines exactly SCHEMA.md's keys, in SCHEMA.md's order."""
    assert list(RECORD_KEYS) == schema_keys
    assert list(reply().to_record()) == schema_keys


def test_exports_and_docs_follow_the_record(schema_keys: list[str]) -> None:
    """Check that CSV columns, the field list and the JSON Schema all come from the record."""
    assert list(EXPORT_KEYS) == [*schema_keys, "url"]
    assert list(FIELD_DOCS) == [*schema_keys, "url"]
    schema = record_schema()
    assert list(schema["properties"]) == [*schema_keys, "url"]
    assert all(schema["properties"][key]["description"] for key in EXPORT_KEYS)


def test_record_values_are_plain_json() -> None:
    """Check enums as text, tuples as lists and citations as objects in the record."""
    record = reply().to_record()
    assert (record["body"], record["kind"], record["role"]) == ("政协", "提案", "lead")
    assert record["co_departments"] == ["宜昌市财政局"]
    assert record["policies"] == [{"title": "某办法", "doc_number": "宜府发〔2018〕62号"}]
    assert reply(body=None).to_record()["kind"] is None


def test_schema_accepts_a_published_record_and_refuses_a_partial_one() -> None:
    """Check the export schema: a complete record passes, one without its address does not."""
    schema = record_schema()
    record = reply().to_record() | {"url": "/yichang/zx/6-3/257/"}
    jsonschema.validate(record, schema)
    partial = reply(title=None, proposer=None, proposer_canonical=None).to_record()
    jsonschema.validate(partial | {"url": "/x/"}, schema)
    for key in ("term", "department", "body"):
        broken = reply(**{key: None}).to_record() | {"url": "/x/"}
        try:
            jsonschema.validate(broken, schema)
        except jsonschema.ValidationError:
            continue
        raise AssertionError(f"a published record without {key} passed the schema")


def test_schema_reader_reads_the_table(tmp_path: Path) -> None:
    """Check the SCHEMA.md reader on a small table, so a changed layout cannot pass silently."""
    from conftest import read_schema_keys

    schema = tmp_path / "SCHEMA.md"
    schema.write_text("| key | type |\n|---|---|\n| `file` | str |\n| `a`, `b` | str |\n")
    assert read_schema_keys(schema) == ["file", "a", "b"]
