"""No single reply may take the build down: one bad file costs one page, never the site.

Failures are injected into each stage for one reply of several (in-process, through the plain
library functions), and the replies that used to crash the build are built for real.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import jsonschema
import openreplies.catalog
import openreplies.export
import openreplies.feeds
import openreplies.generate
import openreplies.index_pages
import openreplies.indexes
import openreplies.manifest
import openreplies.pages
import openreplies.pipeline
import openreplies.related
import openreplies.search.documents
import openreplies.site
import openreplies.stats
import pytest
import yaml
from openreplies.catalog import Proposal
from openreplies.errors import RegistryError
from openreplies.export import ALL_CSV, ALL_JSON, SCHEMA_JSON
from openreplies.generate import Generated, GenerationError, Options, Outputs, generate_site
from openreplies.indexes import PolicyEntry
from openreplies.manifest import load_manifest
from openreplies.model import Block, Body, PolicyCitation, Reply, Role
from openreplies.pipeline import LoadedReplies, load_replies
from openreplies.references import PolicyInfo, load_meetings
from openreplies.search.documents import search_input
from openreplies.settings import Registry, Settings, load_registry
from sitebuild import REPO, build_site, reply_text, scan, write_file

BAD = "c.txt"
BAD_TITLE = "关于独有标题丙的建议"
BAD_MARKERS = ["独有标题丙", "独有正文丙"]
OTHERS = {
    "a.txt": "yichang/zx/6-3/1/jiaoyuju/index.md",
    "b.txt": "yichang/zx/6-3/1/caizhengju/index.md",
    "d.txt": "yichang/zx/6-3/4/index.md",
}


# --- building in-process -------------------------------------------------------------------


def write_replies(folder: Path) -> Path:
    """Four replies: proposal 1 answered by two departments, 3 (the bad one) and 4."""
    replies = folder / "replies"
    write_file(replies, "a.txt", reply_text(1, "关于独有标题甲的建议", "独有正文甲。", day=1))
    other = reply_text(1, "关于独有标题甲的建议", "会办正文乙。", day=2)
    write_file(replies, "b.txt", other.replace("宜昌市教育局", "宜昌市财政局"))
    write_file(replies, BAD, reply_text(3, BAD_TITLE, "独有正文丙。", day=3))
    write_file(replies, "d.txt", reply_text(4, "关于独有标题丁的建议", "独有正文丁。", day=4))
    return replies


def registry_of(folder: Path) -> Registry:
    registry, errors = load_registry(folder)
    assert errors == []
    return registry


def generate(folder: Path, replies: Path) -> tuple[LoadedReplies, Generated, Registry]:
    """Read, judge and generate as a build does, without MkDocs."""
    registry = registry_of(folder / "registry")
    loaded = load_replies(replies, registry.names, registry.decisions, registry.metadata)
    options = Options(base_url="https://example.org/", draft=True)
    return loaded, generate_site(loaded.published, registry, options), registry


def output_texts(generated: Generated, registry: Registry) -> Iterator[tuple[str, str]]:
    """Every page, data file, search document and report line the build would write."""
    for page in generated.outputs.pages:
        yield page.uri, page.markdown
    for data in generated.outputs.files:
        yield data.path, data.content.decode("utf-8")
    docs, words = search_input(generated.content.catalog, registry.names.tables, str)
    for doc in docs:
        yield f"search:{doc.url}", "\n".join([*doc.fields, *doc.record])
    yield "search:words", "\n".join(words)
    yield "report", "\n".join(generated.report.log_lines())


def leaks(generated: Generated, registry: Registry, markers: list[str]) -> list[str]:
    """Where a marker (as written, or \\u-escaped as in front matter) appears in the outputs."""
    forms = {m: (m, json.dumps(m)[1:-1]) for m in markers}
    return [f"{name}: {m}" for name, text in output_texts(generated, registry)
            for m, written in forms.items() if any(w in text for w in written)]  # fmt: skip


def warnings(loaded: LoadedReplies, generated: Generated) -> list[str]:
    found = [p.message for p in loaded.problems if p.warning]
    return found + [d.message for d in generated.dropped]


def involves(value: object) -> bool:
    """Whether a stage's argument is, holds or names the bad reply."""
    if isinstance(value, Reply):
        return value.file == BAD
    if isinstance(value, Proposal):
        return any(involves(r) for r in value.replies)
    if isinstance(value, list | tuple):
        return any(involves(v) for v in value)
    if isinstance(value, Path):
        return value.name == BAD
    if isinstance(value, str):
        return value in (BAD, BAD_TITLE)
    return getattr(value, "path", None) == BAD  # the source text of a file


def inject(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> None:
    """Make `module.name` raise whenever one of its arguments involves the bad reply."""
    original: Callable[..., object] = getattr(module, name)

    def injected(*args: object, **kwargs: object) -> object:
        args = tuple(list(a) if isinstance(a, Iterator) else a for a in args)
        if any(involves(a) for a in (*args, *kwargs.values())):
            raise RuntimeError("注入的故障")
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, injected)


STAGES = [
    ("reading", openreplies.pipeline, "read_source"),
    ("parsing", openreplies.pipeline, "parse_reply"),
    ("grouping", openreplies.catalog, "proposal_dir"),
    ("indexes", openreplies.indexes, "_session_order"),
    ("related", openreplies.related, "title_bigrams"),
    ("reply page", openreplies.pages, "render_reply"),
    ("index page rows", openreplies.index_pages, "reply_rows"),
    ("exports", openreplies.export, "export_record"),
    ("feeds", openreplies.feeds, "_add_entry"),
    ("manifest", openreplies.manifest, "reply_fingerprint"),
    ("statistics", openreplies.stats, "tally"),
    ("search documents", openreplies.search.documents, "_document"),
]


@pytest.mark.parametrize(("stage", "module", "name"), STAGES, ids=[s[0] for s in STAGES])
def test_a_failure_in_any_stage_costs_only_that_reply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str, module: ModuleType, name: str
) -> None:
    """Check that an exception for one reply in a stage drops that reply alone, with a
    warning naming its file, and that nothing of it is in any output."""
    inject(monkeypatch, module, name)
    loaded, generated, registry = generate(tmp_path, write_replies(tmp_path))
    named = [m for m in warnings(loaded, generated) if m.startswith(BAD)]
    assert named and "注入的故障" in named[0], warnings(loaded, generated)
    catalog = generated.content.catalog
    assert catalog.reply_uris == OTHERS
    uris = {page.uri for page in generated.outputs.pages}
    assert set(OTHERS.values()) <= uris
    assert leaks(generated, registry, BAD_MARKERS) == []
    files = {data.path: data.content for data in generated.outputs.files}
    assert len(json.loads(files[ALL_JSON])) == 3


def test_nothing_is_retried_when_nothing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Check that a sound build generates the site once (the guard costs nothing)."""
    calls: list[int] = []
    original = openreplies.generate._generate

    def counted(*args: object) -> Generated:
        calls.append(len(args[0]))  # type: ignore[arg-type]
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(openreplies.generate, "_generate", counted)
    _, generated, _ = generate(tmp_path, write_replies(tmp_path))
    assert calls == [4] and generated.dropped == ()


def test_replies_that_fail_only_together_drop_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Check that a failure needing two replies drops the one that completes it, named."""
    original = openreplies.catalog.build_catalog

    def clash(published: list[Reply]) -> object:
        published = list(published)
        if {"a.txt", "d.txt"} <= {r.file for r in published}:
            raise ValueError("两件答复冲突")
        return original(published)

    monkeypatch.setattr(openreplies.catalog, "build_catalog", clash)
    monkeypatch.setattr(openreplies.generate, "build_catalog", clash)
    _, generated, _ = generate(tmp_path, write_replies(tmp_path))
    assert [d.file for d in generated.dropped] == ["d.txt"]
    assert "两件答复冲突" in generated.dropped[0].message
    assert sorted(generated.content.catalog.reply_uris) == ["a.txt", "b.txt", BAD]


def test_a_fault_in_no_reply_is_not_blamed_on_the_replies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Check that a failure even without replies is a GenerationError, not a dropped reply."""

    def broken(*args: object) -> str:
        raise RuntimeError("首页出错")

    monkeypatch.setattr(openreplies.pages, "render_home", broken)
    with pytest.raises(GenerationError, match="首页出错"):
        generate(tmp_path, write_replies(tmp_path))


def test_site_events_turn_failures_into_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Check that a failure in a build step is a warning of the strict-counted logger."""

    def broken(*args: object) -> None:
        raise OSError("磁盘已满")

    monkeypatch.setattr(openreplies.site, "write_checksums", broken)
    build = openreplies.site.SiteBuild(
        Settings(tmp_path / "replies", tmp_path / "registry"),
        registry_of(tmp_path / "registry"), None, Outputs([], []), {},
    )  # fmt: skip
    config = type("Config", (), {"site_dir": str(tmp_path / "site")})()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.openreplies"):
        build.write_outputs(config)  # type: ignore[arg-type]
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert record.name == "mkdocs.plugins.openreplies"
    assert "SHA256SUMS" in record.getMessage() and "磁盘已满" in record.getMessage()


# --- replies that used to crash the build ---------------------------------------------------

BASE = Reply(
    file="a.txt", disclosure="公开", body=Body.CPPCC, region="宜昌市", term=6, session=3,
    number=1, category="A", proposer="张三等2位委员", proposer_canonical="张三",
    title="关于推进社区养老服务设施建设的建议", department="宜昌市民政局", role=Role.LEAD,
    co_departments=("宜昌市财政局",), date="2024-06-01", policies=(), leader=None,
    handler=None, phones=(), postcode=None, public=True,
    blocks=(Block("paragraph", "正文。", 9),),
)  # fmt: skip


def reply(file: str, **changes: object) -> Reply:
    return replace(BASE, file=file, **changes)


def generate_replies(tmp_path: Path, replies: list[Reply]) -> Generated:
    return generate_site(replies, registry_of(tmp_path / "registry"), Options(draft=True))


def pages_of(generated: Generated) -> dict[str, str]:
    return {page.uri: page.markdown for page in generated.outputs.pages}


def files_of(generated: Generated) -> dict[str, bytes]:
    return {data.path: data.content for data in generated.outputs.files}


def sample_with_lead_withheld(folder: Path) -> Path:
    """A copy of the sample registry whose decisions withhold proposal 101's lead reply."""
    registry = folder / "registry"
    shutil.copytree(REPO / "registry", registry)
    path = registry / "disclosure.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["decisions"].append({"path": "示例/yichang-zx-6-3-101-jiaotong.txt", "decision": "不予公开",
                              "by": "宜昌市人民政府办公室（示例）", "date": "2020-08-10"})  # fmt: skip
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return registry


LEAD_101_TEXT = ["城区现有公交线路82条", "陈立华", "6222018"]


def test_withheld_lead_reply_leaves_its_co_reply_published(tmp_path: Path) -> None:
    """Check the sample site with 101's lead withheld (used to be KeyError: '宜昌市交通运输局')."""
    registry = registry_of(sample_with_lead_withheld(tmp_path))
    loaded = load_replies(REPO / "replies", registry.names, registry.decisions,
                          registry.metadata)  # fmt: skip
    generated = generate_site(loaded.published, registry, Options(draft=True))
    assert generated.dropped == ()
    pages = pages_of(generated)
    co = pages["yichang/zx/6-3/101/index.md"]
    assert "[宜昌市交通运输局](../../../../departments/yichangshijiaotongyunshuju/index.md)" in co
    lead = pages["departments/yichangshijiaotongyunshuju/index.md"]
    assert "## 作为主办单位的提案和建议" in lead and "101" in lead
    assert leaks(generated, registry, LEAD_101_TEXT) == []


def test_sample_site_with_the_lead_withheld_builds(tmp_path: Path) -> None:
    """Check a real build of the documented 不予公开 decision: the site builds, the withheld
    reply is named in a warning and none of its text is in any output file."""
    site = build_site(tmp_path, REPO / "replies", sample_with_lead_withheld(tmp_path))
    assert site.returncode == 0, site.log
    assert "Traceback" not in site.log
    assert any("yichang-zx-6-3-101-jiaotong.txt" in line and "WARNING" in line
               for line in site.log.splitlines())  # fmt: skip
    assert "我局为会办单位" in site.page("yichang/zx/6-3/101")
    assert scan(site, LEAD_101_TEXT) == []


def test_co_reply_to_another_addressee_has_its_proposer_page(tmp_path: Path) -> None:
    """Check two replies to one proposal with different addressees (a co reply to 贵局), and a
    reply without role naming co-handlers: every name has a page (used to be KeyError)."""
    lead = reply("a.txt")
    co = reply("b.txt", department="宜昌市财政局", role=Role.CO, proposer="贵局",
               proposer_canonical="贵局", co_departments=("宜昌市交通运输局",))  # fmt: skip
    loose = reply("c.txt", number=2, role=None, co_departments=("宜昌市住房和城乡建设局",))
    generated = generate_replies(tmp_path, [lead, co, loose])
    assert generated.dropped == ()
    indexes = generated.content.indexes
    for name, numbers in (("张三", ["1", "2"]), ("贵局", ["1"])):
        entry = indexes.proposer(name)
        assert entry is not None and [p.key[4] for p in entry.proposals] == numbers
    for name in ("宜昌市交通运输局", "宜昌市住房和城乡建设局"):
        assert indexes.department(name) is not None
    assert indexes.proposer("无人") is None and indexes.department("无单位") is None
    page = pages_of(generated)[generated.content.catalog.reply_uris["b.txt"]]
    assert "[贵局](../../../../../proposers/guiju/index.md)" in page


def test_two_digit_policy_year_is_no_year(tmp_path: Path) -> None:
    """Check 宜府发〔18〕62号 and a registry date 18-12-20 (used to be ValueError)."""
    citation = PolicyCitation("关于进一步推进职业教育发展的意见", "宜府发〔18〕62号")
    info = PolicyInfo("宜府发〔18〕62号", None, None, "18-12-20", None)
    assert PolicyEntry("k", "t", "宜府发〔18〕62号", info, "u", ()).year is None
    assert PolicyEntry("k", "t", None, replace(info, date="2018年"), "u", ()).year == 2018
    registry = replace(registry_of(tmp_path), policies={info.doc_number: info})
    generated = generate_site([reply("a.txt", policies=(citation,))], registry, Options())
    assert generated.dropped == ()
    assert "《关于进一步推进职业教育发展的意见》" in pages_of(generated)["policies/index.md"]


@pytest.mark.parametrize("year", ["2020年", "二〇二〇", "20", "[2020]"])
def test_session_year_that_is_no_year_is_a_registry_error(tmp_path: Path, year: str) -> None:
    """Check that sessions.yaml's year: 2020年 names the file and entry (used to be ValueError)."""
    path = tmp_path / "sessions.yaml"
    entry = {"region": "宜昌市", "body": "政协", "term": 6, "session": 3, "year": year}
    path.write_text(yaml.safe_dump({"sessions": [entry]}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RegistryError) as raised:
        load_meetings(path)
    assert (
        str(raised.value)
        == f"{path}:6: 第 1 条：year 应为四位数字的年份（如 2019），而不是 {year!r}"
    )
    _, errors = load_registry(tmp_path)
    assert [e.path for e in errors] == [str(path)]


def test_departments_with_one_slug_get_a_page_each(tmp_path: Path) -> None:
    """Check that 宜昌市教育局 and 教育局 answering one proposal both have a page (one used to
    vanish), at addresses that stay the same from build to build."""
    replies = [reply("a.txt", department="宜昌市教育局", blocks=(Block("paragraph", "甲的正文", 9),)),
               reply("b.txt", department="教育局", role=Role.CO,
                     blocks=(Block("paragraph", "乙的正文", 9),))]  # fmt: skip
    generated = generate_replies(tmp_path, replies)
    uris = generated.content.catalog.reply_uris
    assert len(set(uris.values())) == 2
    assert all(u.startswith("yichang/zx/6-3/1/jiaoyuju-") for u in uris.values())
    pages = pages_of(generated)
    assert "甲的正文" in pages[uris["a.txt"]] and "乙的正文" in pages[uris["b.txt"]]
    again = generate_replies(tmp_path, list(reversed(replies)))
    assert again.content.catalog.reply_uris == uris
    assert pages_of(again) == pages


def test_two_sessions_at_one_address_are_never_silent(tmp_path: Path) -> None:
    """Check that 宜昌市 and 宜昌县 (both yichang/zx/6-3/) publish one, and name the other."""
    replies = [reply("a.txt"), reply("z.txt", region="宜昌县", department="宜昌县民政局")]
    generated = generate_replies(tmp_path, replies)
    assert [d.file for d in generated.dropped] == ["z.txt"]
    assert "地址相同" in generated.dropped[0].message
    assert list(generated.content.catalog.reply_uris) == ["a.txt"]


def test_reply_without_title_or_proposer_shows_missing_values(tmp_path: Path) -> None:
    """Check a reply with no title and no proposer on its page, in the indexes, the exports,
    the feeds and the search documents."""
    bare = reply("a.txt", number=5, title=None, proposer=None, proposer_canonical=None)
    generated = generate_replies(tmp_path, [bare, reply("b.txt", number=6)])
    assert generated.dropped == ()
    page = pages_of(generated)["yichang/zx/6-3/5/index.md"]
    assert "# 第5号提案的答复\n" in page
    assert "| 标题 | 未注明 |" in page and "| 提案者 | 未注明 |" in page
    assert "None" not in page
    session = pages_of(generated)["yichang/zx/6-3/index.md"]
    assert "[第5号提案的答复]" in session and "None" not in session
    indexes = generated.content.indexes
    assert [(e.name, len(e.proposals)) for e in indexes.proposers] == [("张三", 1)]
    files = files_of(generated)
    records = {r["file"]: r for r in json.loads(files[ALL_JSON])}
    schema = json.loads(files[SCHEMA_JSON])
    for record in records.values():
        jsonschema.validate(record, schema)
    assert (records["a.txt"]["title"], records["a.txt"]["proposer"]) == (None, None)
    rows = list(csv.DictReader(io.StringIO(files[ALL_CSV].decode("utf-8-sig"))))
    assert (rows[0]["title"], rows[0]["proposer_canonical"]) == ("", "")
    assert "<title>第5号提案的答复</title>" in files["feeds/all.xml"].decode("utf-8")
    registry = registry_of(tmp_path / "registry")
    docs, _ = search_input(generated.content.catalog, registry.names.tables, str)
    first = next(docs)
    assert (first.record[1], first.record[3], first.proposer) == ("第5号提案的答复", "未注明", "")


def test_reply_lacking_what_a_page_needs_is_dropped_by_name(tmp_path: Path) -> None:
    """Check that a partial record that reaches generation is named, not a crash."""
    generated = generate_replies(tmp_path, [reply("a.txt", region=None), reply("b.txt", number=2)])
    assert [d.message for d in generated.dropped] == [
        "a.txt: 生成页面时出错（缺少地区），该答复未发布"
    ]
    assert list(generated.content.catalog.reply_uris) == ["b.txt"]


def test_previous_manifest_of_another_shape_is_reported_or_read(tmp_path: Path) -> None:
    """Check an older manifest without titles, and one that is not a manifest at all."""
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"replies": {"yichang/zx/6-3/9/": {"sha256": "x"}}}), "utf-8")
    previous = load_manifest(path)
    options = Options(previous_manifest=previous)
    generated = generate_site([reply("a.txt")], registry_of(tmp_path / "registry"), options)
    changes = pages_of(generated)["changes/index.md"]
    assert "撤下 1 件" in changes and "未注明未注明，未注明" in changes
    path.write_text(json.dumps({"replies": {"yichang/zx/6-3/9/": "x"}}), "utf-8")
    with pytest.raises(RegistryError, match="manifest"):
        load_manifest(path)
