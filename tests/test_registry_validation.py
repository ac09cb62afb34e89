"""The registry files and `extra: openreplies:` checked declaratively: pydantic models for the
files, MkDocs' own config options for mkdocs.yml; every problem a RegistryError naming the file,
the line, the entry, the key, what was expected and what was found."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from openreplies.cli import UsageError, resolve_target
from openreplies.errors import RegistryError
from openreplies.metadata import ENTRY_KEYS, VALUE_KEYS, EntryModel
from openreplies.pipeline import load_replies
from openreplies.registry import read_yaml
from openreplies.registry_models import RegistryFile, RegistryModel, Text, validate_file
from openreplies.settings import Settings, SiteOptions, load_registry
from sitebuild import BuiltSite, assert_strict_failure, reply_text, write_config, write_file

# --- the shared YAML reader: every place has its line ---------------------------------------

PLACES = """\
# a comment
decisions:
  - path: a/
    by: 甲
  - {path: b/, number: 0257}
"""


@pytest.mark.parametrize(
    ("loc", "line"),
    [
        ((), 2),  # the first node, after comments
        (("decisions",), 2),
        (("decisions", 0), 3),
        (("decisions", 0, "by"), 4),
        (("decisions", 0, "date"), 3),  # absent: the entry's line
        (("decisions", 1, "number"), 5),
        (("decisions", 7, "path"), 2),  # no such item: the list's line
        (("other", "x"), 2),
    ],
)
def test_every_place_of_a_document_has_a_line(tmp_path: Path, loc: tuple, line: int) -> None:
    """Check that a pydantic-style location maps to the line of that place in the file."""
    path = tmp_path / "x.yaml"
    path.write_text(PLACES, encoding="utf-8")
    assert read_yaml(path).line_at(loc) == line


def test_a_scalar_is_kept_as_written(tmp_path: Path) -> None:
    """Check that `written` gives the text YAML read as a number (0257 is the octal 175)."""
    path = tmp_path / "x.yaml"
    path.write_text(PLACES, encoding="utf-8")
    document = read_yaml(path)
    assert document.data["decisions"][1]["number"] == 175
    assert document.written(("decisions", 1, "number")) == "0257"
    assert document.written(("decisions", 1)) is None  # a mapping is not a scalar


# --- each file's shape, through load_registry: one error, the safe default in its place -----

CASES = [
    ("notes.yaml", "notes:\n  - path: 示例/\n", ":2: 第 1 条（示例/）：缺少 note"),
    ("notes.yaml", "notes:\n  - path: 示例/\n    note: 示例\n    color: red\n",
     ":4: 第 1 条（示例/）：color 不是可用的字段：只能是 path、note"),
    ("notes.yaml", "notes: 示例\n", ":1: notes 应为列表，每条有 path 和 note，而不是 '示例'"),
    ("policies.yaml", "policies:\n  宜府发〔2018〕62号: 关于职业教育的意见\n",
     ":2: 宜府发〔2018〕62号 应为包含 title、issuer、date、url 的映射，而不是 '关于职业教育的意见'"),
    ("policies.yaml", "policies:\n  宜府发〔2018〕62号:\n    tilte: 关于职业教育的意见\n",
     ":3: 宜府发〔2018〕62号：tilte 不是可用的字段：只能是 title、issuer、date、url"),
    ("policies.yaml", "policies:\n  - 宜府发〔2018〕62号\n",
     ":1: policies 应为以文号为键的映射，而不是 列表 ['宜府发〔2018〕62号']"),
    ("sessions.yaml", "sessions:\n  - {region: 宜昌市, term: 6, session: 3}\n",
     ":2: 第 1 条：缺少 body"),
    ("sessions.yaml", "sessions:\n  - {region: 宜昌市, body: 政府, term: 6, session: 3}\n",
     ":2: 第 1 条：body 应为 政协 或 人大，而不是 '政府'"),
    ("sessions.yaml", "sessions:\n  - region: 宜昌市\n    body: 政协\n    term: 第六\n    session: 3\n",
     ":4: 第 1 条：term 应为正整数（6、\"6\" 或 六），而不是 '第六'"),
    ("sessions.yaml", "sessions:\n  - {region: 宜昌市, body: 政协, term: 6, session: 3, year: 2020年}\n",
     ":2: 第 1 条：year 应为四位数字的年份（如 2019），而不是 '2020年'"),
    ("sessions.yaml", "sesions: []\n", ":1: sesions 不是可用的段落：只能是 sessions"),
    ("metadata.yaml", "metadata:\n  - {path: a/, by: 甲, when: 2024-07-01, term: x, session: y, date: z}\n",
     ":2: 第 1 条（a/）：term 应为正整数（6、\"6\" 或 六），而不是 'x'（另有 2 处错误）"),
    # the first problem in file order, not in the model's order of keys
    ("metadata.yaml", "metadata:\n  - path: a/\n    date: 6月\n    term: x\n    by: 甲\n    when: 2024-07-01\n",
     ":3: 第 1 条（a/）：date 应为日期 YYYY-MM-DD，而不是 '6月'（另有 1 处错误）"),
    ("names.yaml", "departments:\n  教育局: 教委\n", ":2: departments：教育局 应为简称的列表（全称: [简称, …]，没有简称时写 []），而不是 '教委'"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "message"), CASES)
def test_each_registry_file_reports_its_first_problem(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    """Check that a file of the wrong shape is one RegistryError: file, line, entry, key,
    expected and found (and how many more problems there are), and that the others load."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    registry, errors = load_registry(tmp_path)
    assert [str(e) for e in errors] == [f"{tmp_path / name}{message}"]
    assert (registry.notes, registry.policies, registry.meetings, len(registry.metadata)) == (
        {}, {}, {}, 0,
    )  # fmt: skip
    assert registry.decisions.unreadable is None
    assert registry.names.department("市卫健委", "宜昌市") == "宜昌市卫生健康委员会"  # built-in


SAMPLE = {
    "notes.yaml": "notes:\n  - {path: ./示例/, note: ' 示例 '}\n",
    "policies.yaml": "policies:\n  宜府发[2018]62号: {title: 意见, date: 2018-12-20, url: ''}\n",
    "sessions.yaml": "sessions:\n  - {region: 宜昌市, body: 人大, term: 七, session: '2', year: '2022'}\n",
}


def test_valid_files_are_read_in_the_sites_terms(tmp_path: Path) -> None:
    """Check what the models make of good files: paths and 文号 normalised, dates and counts
    read, blank values absent."""
    for name, text in SAMPLE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    registry, errors = load_registry(tmp_path)
    assert errors == []
    assert registry.notes == {"示例/": "示例"}
    [(number, policy)] = registry.policies.items()
    assert (number, policy.title, policy.date, policy.url) == (
        "宜府发〔2018〕62号", "意见", "2018-12-20", None,
    )  # fmt: skip
    [(key, meeting)] = registry.meetings.items()
    assert (key, meeting.year, meeting.dates) == (("宜昌市", "人大", 7, 2), 2022, None)


@pytest.mark.parametrize(
    "name", ["names.yaml", "notes.yaml", "policies.yaml", "sessions.yaml", "metadata.yaml"]
)
@pytest.mark.parametrize("text", ["", "# 只有注释\n"])
def test_an_empty_file_is_no_entries(tmp_path: Path, name: str, text: str) -> None:
    """Check that an empty registry file (other than disclosure.yaml) is simply no entries."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    _, errors = load_registry(tmp_path)
    assert errors == []


# --- disclosure.yaml fails closed: a file that cannot be used publishes nothing --------------

BROKEN_DECISIONS = [
    ("", ":1: 应为映射（decisions: 下的列表），而不是 空文件"),
    ("decision:\n  - {path: a/, decision: 主动公开, by: 甲, date: 2024-05-01}\n",
     ":1: decision 不是可用的段落：只能是 decisions"),
    ("decisions: a/\n", ":1: decisions 应为列表，每条有 path、decision、by、date，而不是 'a/'"),
    ("decisions:\n  - a/\n", ":2: 第 1 条决定：应为包含 path、decision、by、date 的映射，而不是 'a/'"),
    ("decisions:\n  - {path: a/, decision: 主动公开, date: 2024-05-01}\n",
     ":2: 第 1 条决定（a/）：缺少 by"),
    ("decisions:\n  - {path: a/, decision: 公开吧, by: 甲, date: 2024-05-01}\n",
     ":2: 第 1 条决定（a/）：decision 应为 主动公开 或 不予公开，而不是 '公开吧'"),
    ("decisions:\n  - {path: a/, decision: 主动公开, by: 甲, date: 2024-05-01, why: 无}\n",
     ":2: 第 1 条决定（a/）：why 不是可用的字段：只能是 path、decision、by、date"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), BROKEN_DECISIONS)
def test_a_broken_decisions_file_publishes_nothing(tmp_path: Path, text: str, message: str) -> None:
    """Check that a disclosure.yaml of the wrong shape is reported with its line and withholds
    every reply, even one marked 公开 that no decision concerns."""
    registry = tmp_path / "registry"
    registry.mkdir()
    (registry / "disclosure.yaml").write_text(text, encoding="utf-8")
    loaded, errors = load_registry(registry)
    assert [str(e) for e in errors] == [f"{registry / 'disclosure.yaml'}{message}"]
    replies = tmp_path / "replies"
    write_file(replies, "a/5.txt", reply_text(5, "关于本应公开的建议"))
    result = load_replies(replies, loaded.names, loaded.decisions, loaded.metadata)
    assert [r.file for r in result.replies] == ["a/5.txt"] and result.published == []
    assert result.verdicts["a/5.txt"].reason.startswith("公开决定登记文件有错误，全部不发布")


def test_the_same_reply_is_published_with_a_good_decisions_file(tmp_path: Path) -> None:
    """Check the counterpart of the test above: the reply itself is publishable."""
    registry = tmp_path / "registry"
    registry.mkdir()
    (registry / "disclosure.yaml").write_text("decisions:\n", encoding="utf-8")
    loaded, errors = load_registry(registry)
    replies = tmp_path / "replies"
    write_file(replies, "a/5.txt", reply_text(5, "关于本应公开的建议"))
    result = load_replies(replies, loaded.names, loaded.decisions, loaded.metadata)
    assert (errors, [r.file for r in result.published]) == ([], ["a/5.txt"])


def test_the_metadata_model_takes_exactly_the_documented_keys() -> None:
    """Check that the entry model's fields are the entry keys, the record keys and the two
    refused gate keys, nothing else (README lists the keys)."""
    assert set(EntryModel.model_fields) == {*ENTRY_KEYS, *VALUE_KEYS}
    assert set(EntryModel.refused) == {"public", "disclosure"}


class _Plain(RegistryModel):
    count: int
    name: Text


class _PlainFile(RegistryFile):
    items: tuple[_Plain, ...] = ()


def test_pydantics_own_checks_are_reported_with_the_place(tmp_path: Path) -> None:
    """Check that a plain-typed field's error (pydantic's words) still names file, line, entry
    and key, and shows what was found."""
    path = tmp_path / "x.yaml"
    path.write_text("items:\n  - name: 甲\n    count: 许多\n", encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        validate_file(read_yaml(path), _PlainFile)
    assert caught.value.line == 3
    assert caught.value.message.startswith("第 1 条：count 无效的值（Input should be a valid")
    assert caught.value.message.endswith("），而不是 '许多'")


# --- extra: openreplies: in mkdocs.yml, checked by MkDocs' config options -------------------

OPTION_ERRORS = [
    ("replies", "extra.openreplies: 应为映射（replies、registry、offline_zip、previous_manifest），"
                "而不是 'replies'"),
    ("[replies, registry]", "extra.openreplies: 应为映射（replies、registry、offline_zip、"
                            "previous_manifest），而不是 ['replies', 'registry']"),
    ("{replies: [a, b]}", "extra.openreplies.replies: 应为文字（答复文件夹的路径，相对于 "
                          "mkdocs.yml），而不是 ['a', 'b']"),
    ("{registry: 3}", "extra.openreplies.registry: 应为文字（登记文件夹的路径，相对于 mkdocs.yml），"
                      "而不是 3"),
    ("{offline_zip: true}", "extra.openreplies.offline_zip: 应为文字（离线版 zip 在网站中的路径，"
                            "如 download/offline.zip），而不是 True"),
    ("{previous_manifest: {a: 1}}", "extra.openreplies.previous_manifest: 应为文字（上一版 "
                                    "manifest.json 的路径），而不是 {'a': 1}"),
    ("{registy: 登记}", "extra.openreplies.registy: 未知的设置：只能是 replies、registry、"
                       "offline_zip、previous_manifest"),
]  # fmt: skip


def site_config(folder: Path, options: str) -> Path:
    """A minimal mkdocs.yml whose `extra: openreplies:` is `options` (YAML, on one line)."""
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(f"site_name: 测试\nextra:\n  openreplies: {options}\n", encoding="utf-8")
    return config


@pytest.mark.parametrize(("options", "message"), OPTION_ERRORS)
def test_wrong_options_are_errors_naming_the_key(
    tmp_path: Path, options: str, message: str
) -> None:
    """Check that `extra.openreplies`, as MkDocs loads it, is refused naming the option, what
    it takes and what it was, never an AttributeError; and that check names its line too."""
    config_file = site_config(tmp_path, options)
    config = load_config(config_file=str(config_file))
    with pytest.raises(RegistryError) as caught:
        Settings.from_options(tmp_path, config.extra.get("openreplies"), config_file=config_file)
    assert str(caught.value) == f"{config_file}: {message}"
    with pytest.raises(RegistryError) as caught:
        Settings.from_config_file(config_file)
    assert str(caught.value) == f"{config_file}:3: {message}"
    with pytest.raises(UsageError) as usage:
        resolve_target(None, None, None, tmp_path)
    assert str(usage.value) == f"配置文件无法读取：{config_file}:3: {message}"


@pytest.mark.parametrize(
    ("options", "replies", "registry", "offline_zip"),
    [
        ("", "replies", "registry", None),  # openreplies: with nothing: every default
        ("{}", "replies", "registry", None),
        ("{replies: 答复, offline_zip: /download/x.zip}", "答复", "registry", "download/x.zip"),
        ("{replies: null, registry: 登记, offline_zip: ''}", "replies", "登记", None),
    ],
)
def test_good_options_resolve_against_the_config_folder(
    tmp_path: Path, options: str, replies: str, registry: str, offline_zip: str | None
) -> None:
    """Check the defaults and the values of valid options, relative to mkdocs.yml's folder."""
    config_file = site_config(tmp_path, options)
    config = load_config(config_file=str(config_file))
    for settings in (
        Settings.from_options(tmp_path, config.extra.get("openreplies")),
        Settings.from_config_file(config_file),
    ):
        assert (settings.replies_dir, settings.registry_dir, settings.offline_zip) == (
            (tmp_path / replies).resolve(), (tmp_path / registry).resolve(), offline_zip,
        )  # fmt: skip


def test_every_option_says_what_it_takes() -> None:
    """Check that the MkDocs schema and the Chinese expectations name the same options."""
    for key in dict(SiteOptions._schema):
        with pytest.raises(
            RegistryError, match=rf"^mkdocs\.yml: extra\.openreplies\.{key}: 应为文字"
        ):
            Settings.from_options(Path("."), {key: 3})


def build(folder: Path, options_block: str, *, strict: bool) -> BuiltSite:
    """`mkdocs build` of the repository's mkdocs.yml with its `extra: openreplies:` replaced."""
    replies = folder / "replies"
    write_file(replies, "a/5.txt", reply_text(5, "关于本应公开的建议"))
    (folder / "registry").mkdir()
    config = write_config(folder, replies, folder / "registry")
    text = config.read_text(encoding="utf-8")
    start = text.index("  openreplies:\n")
    lines = text[start:].splitlines(keepends=True)
    block = 1 + next((i for i, line in enumerate(lines[1:]) if not line.startswith("    ")),
                     len(lines) - 1)  # fmt: skip
    config.write_text(text[:start] + options_block + "".join(lines[block:]), encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d",
               str(folder / "site"), *(["--strict"] if strict else [])]  # fmt: skip
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("OPENREPLIES_PREVIOUS_MANIFEST", None)
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    return BuiltSite(folder / "site", done.returncode, done.stdout + done.stderr)


def test_a_non_mapping_option_block_fails_a_strict_build_with_a_warning(tmp_path: Path) -> None:
    """Check through a real strict build that `openreplies: replies` is a counted warning
    naming extra.openreplies, not a traceback."""
    site = build(tmp_path, "  openreplies: replies\n", strict=True)
    assert_strict_failure(site)
    [warning] = [line for line in site.log.splitlines() if "extra.openreplies" in line]
    assert warning.startswith("WARNING -  openreplies: 准备构建时出错（")
    assert "mkdocs.yml: extra.openreplies: 应为映射（replies、registry、offline_zip、" in warning


def test_a_wrong_typed_option_builds_the_site_without_any_reply(tmp_path: Path) -> None:
    """Check through a real build that a wrong-typed key is a warning naming it, and that the
    site is built with nothing published (the folders it names cannot be known)."""
    site = build(tmp_path, "  openreplies:\n    replies: [a, b]\n", strict=False)
    assert site.returncode == 0 and "Traceback" not in site.log, site.log
    assert any("extra.openreplies.replies: 应为文字" in line for line in site.log.splitlines()
               if line.startswith("WARNING"))  # fmt: skip
    assert (site.root / "about" / "index.html").is_file()  # the hand-written pages are built
    assert not (site.root / "yichang" / "zx" / "6-3" / "5").exists()
