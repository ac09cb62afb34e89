"""The `check` command: the site's config and registry found, the aligned table, each value's
source, missing and doubtful fields, and JSON records that stay SCHEMA.md's key for key."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from openreplies import pipeline
from openreplies.cli import format_table, main, text_width
from openreplies.errors import ReplyError
from openreplies.model import Doubt, Reply
from test_metadata import FOLDER_ENTRY, make_reply, stripped_reply

CONFIG = """\
site_name: 测试
markdown_extensions:
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra:
  openreplies:
    replies: 答复
    registry: 登记
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Reply]:
    """A site folder (mkdocs.yml naming 答复/ and 登记/), the parser replaced: file → Reply."""
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "登记").mkdir()
    (tmp_path / "答复").mkdir()
    (tmp_path / "docs").mkdir()
    replies: dict[str, Reply] = {}

    def read(path: Path, root: Path, names: object) -> Reply:
        file = path.relative_to(root).as_posix()
        if file not in replies:
            raise ReplyError(file, "不是提案或建议的答复", line=1)
        return replies[file]

    monkeypatch.setattr(pipeline, "read_reply", read)
    monkeypatch.chdir(tmp_path / "docs")  # check finds mkdocs.yml upwards
    return replies


def add(tmp_path: Path, replies: dict[str, Reply], reply: Reply, folder: str = "答复") -> None:
    path = tmp_path / folder / reply.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("（答复）", encoding="utf-8")
    replies[reply.file] = reply


def column_starts(line: str) -> tuple[int, ...]:
    """The display column where each space-separated cell of `line` starts."""
    starts, width, after_space = [], 0, True
    for ch in line:
        if ch != " " and after_space:
            starts.append(width)
        after_space = ch == " "
        width += text_width(ch)
    return tuple(starts)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_reads_the_sites_replies_and_registry_from_mkdocs_yml(
    tmp_path: Path, site: dict[str, Reply], capsys: pytest.CaptureFixture[str]
) -> None:
    """Check that without DIR the config found upwards names the folders, and is printed."""
    add(tmp_path, site, stripped_reply())
    (tmp_path / "登记" / "metadata.yaml").write_text(FOLDER_ENTRY, encoding="utf-8")
    code, out, _ = run(capsys)
    assert code == 0
    assert out.splitlines()[:3] == [
        f"配置文件：{tmp_path / 'mkdocs.yml'}",
        f"答复文件夹：{tmp_path / '答复'}",
        f"登记文件夹：{tmp_path / '登记'}",
    ]
    assert "共 1 个文件：1 件发布，0 件不发布，0 个错误" in out


@pytest.mark.parametrize(
    ("args", "replies", "registry"),
    [
        (["-f", "../mkdocs.yml"], "答复", "登记"),
        (["--config-file", "../mkdocs.yml", "--registry", "../别处"], "答复", "别处"),
        (["../其他"], "其他", "登记"),  # DIR: the config's registry still
        (["../其他", "--registry", "../别处"], "其他", "别处"),
    ],
)
def test_check_options_choose_config_replies_and_registry(
    tmp_path: Path,
    site: dict[str, Reply],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    replies: str,
    registry: str,
) -> None:
    """Check -f, DIR and --registry: each replaces what the config names, nothing more."""
    (tmp_path / "其他").mkdir()
    (tmp_path / "别处").mkdir()
    code, out, _ = run(capsys, *args)
    lines = out.splitlines()
    assert code == 0 and lines[0].endswith("mkdocs.yml")
    assert Path(lines[1].removeprefix("答复文件夹：")).resolve() == tmp_path / replies
    assert Path(lines[2].removeprefix("登记文件夹：")).resolve() == tmp_path / registry


def test_check_without_config_or_dir_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check that with no mkdocs.yml anywhere up and no DIR it stops with a usage error."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as caught:
        main(["check"])
    assert caught.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"python -m openreplies: error: 在 {tmp_path} 及其上级文件夹中找不到 mkdocs.yml："
        "请在网站文件夹中运行，或用 -f 指定配置文件，或给出答复文件夹"
    )


def test_check_shows_the_registry_as_source_of_supplied_fields(
    tmp_path: Path, site: dict[str, Reply], capsys: pytest.CaptureFixture[str]
) -> None:
    """Check the 我局 reply: withheld naming both fields, then with metadata.yaml published and
    its department and session shown as coming from the registry entry."""
    add(tmp_path, site, stripped_reply())
    _, before, _ = run(capsys, "--sources")
    assert (
        "  [警告] 交通局/12.txt: 不发布：缺少 次（session）、答复单位（department）："
        "请在 登记/metadata.yaml 中为该文件或其所在文件夹填写 session、department"
    ) in before.splitlines()
    (tmp_path / "登记" / "metadata.yaml").write_text(
        FOLDER_ENTRY.replace("by: 张三", "by: 市政府办公室 张三"), encoding="utf-8"
    )
    _, after, _ = run(capsys, "--sources")
    details = after.split("详情：\n")[1].split("\n\n")[0].splitlines()
    assert details == [
        "  交通局/12.txt",
        "    届 六届 ← 正文第 1 行",
        "    次 三次 ← 登记/metadata.yaml：交通局/（市政府办公室 张三，2024-07-01）",
        "    答复单位 宜昌市交通运输局 ← 登记/metadata.yaml：交通局/（市政府办公室 张三，2024-07-01）",
    ]


def test_check_lists_missing_and_doubtful_fields_and_joins_term_and_session(
    tmp_path: Path, site: dict[str, Reply], capsys: pytest.CaptureFixture[str]
) -> None:
    """Check the detail lines: 缺少, 存疑, and one 届次 line when both come from one line."""
    doubt = Doubt("proposer", "提案者名称未登记", line=5)
    add(tmp_path, site, make_reply(title=None, category=None, doubts=(doubt,)))
    _, out, _ = run(capsys, "--sources")
    details = out.split("详情：\n")[1].split("\n\n")[0].splitlines()
    assert details == [
        "  交通局/12.txt",
        "    缺少：答复类别、标题",
        "    存疑：提案者：提案者名称未登记（第 5 行）",
        "    届次 六届三次 ← 正文第 1 行",
        "    答复单位 宜昌市交通运输局 ← 正文第 20 行",
    ]
    _, quiet, _ = run(capsys)  # without --sources: what is missing or doubtful only
    assert "届次 六届三次" not in quiet and "    缺少：答复类别、标题" in quiet


def test_check_table_has_a_header_and_aligned_columns(
    tmp_path: Path, site: dict[str, Reply], capsys: pytest.CaptureFixture[str]
) -> None:
    """Check the table: a header, every column starting at one display width on each line,
    what is unknown shown as ？ or -, and a file with an error listed as 错误."""
    add(tmp_path, site, make_reply("a/宜昌市交通运输局第12号.txt"))
    add(tmp_path, site, replace(stripped_reply("b.txt"), region=None, number=None))
    (tmp_path / "答复" / "c.txt").write_text("x", encoding="utf-8")  # not in the fake parser
    _, out, _ = run(capsys)
    table = out.splitlines()[4:8]
    assert [line.split() for line in table] == [
        ["状态", "文件", "届次", "编号", "答复单位", "类别", "标题"],
        ["公开", "a/宜昌市交通运输局第12号.txt", "政协宜昌市六届三次会议", "第12号提案",
         "宜昌市交通运输局", "B", "关于优化城区公交站点布局的建议"],
        ["不公开", "b.txt", "政协？六届？次会议", "-", "-", "B", "关于优化城区公交站点布局的建议"],
        ["错误", "c.txt", "-", "-", "-", "-", "-"],
    ]  # fmt: skip
    assert len({column_starts(line) for line in table}) == 1
    assert out.splitlines()[-1] == "共 3 个文件：1 件发布，1 件不发布，1 个错误"


@pytest.mark.parametrize(
    ("rows", "lines"),
    [
        ([["状态", "文件"], ["公开", "a.txt"]], ["状态  文件", "公开  a.txt"]),
        ([["不公开", "x"], ["公开", "y"]], ["不公开  x", "公开    y"]),
        ([["a", "宜昌", "z"], ["宜昌市", "b", "z"]], ["a       宜昌  z", "宜昌市  b     z"]),
        ([["é", "x"], ["ab", "y"]], ["é   x", "ab  y"]),  # a combining accent takes no column
    ],
)
def test_format_table_pads_by_display_width(rows: list[list[str]], lines: list[str]) -> None:
    """Check that Chinese characters count two columns, so the columns line up."""
    assert format_table(rows) == lines


def test_json_stays_schema_records_and_sources_is_one_more_key_on_request(
    tmp_path: Path,
    site: dict[str, Reply],
    capsys: pytest.CaptureFixture[str],
    schema_keys: list[str],
) -> None:
    """Check --json: exactly SCHEMA.md's keys (and errors as {file, error}) in file order;
    --sources adds only `sources`. Info and problems go to stderr, so stdout is JSON."""
    add(tmp_path, site, stripped_reply())
    (tmp_path / "答复" / "0.txt").write_text("x", encoding="utf-8")
    (tmp_path / "登记" / "metadata.yaml").write_text(FOLDER_ENTRY, encoding="utf-8")
    code, out, err = run(capsys, "--json")
    records = json.loads(out)
    assert code == 1 and [r["file"] for r in records] == ["0.txt", "交通局/12.txt"]
    assert list(records[0]) == ["file", "error"] and list(records[1]) == schema_keys
    assert "配置文件：" in err and "问题：" in err
    _, out, _ = run(capsys, "--json", "--sources")
    record = json.loads(out)[1]
    assert list(record) == [*schema_keys, "sources"]
    assert record["sources"] == {
        "term": "正文第 1 行",
        "session": "登记/metadata.yaml：交通局/（张三，2024-07-01）",
        "department": "登记/metadata.yaml：交通局/（张三，2024-07-01）",
    }


def test_check_exits_one_when_a_registry_file_is_invalid(
    tmp_path: Path, site: dict[str, Reply], capsys: pytest.CaptureFixture[str]
) -> None:
    """Check that a broken metadata.yaml is reported with its line and exits 1, and that its
    entries are ignored (the reply stays withheld for lack of the fields it would supply)."""
    add(tmp_path, site, stripped_reply())
    path = tmp_path / "登记" / "metadata.yaml"
    path.write_text(FOLDER_ENTRY.replace("session: 三", "session: 第三"), encoding="utf-8")
    code, out, err = run(capsys)
    assert code == 1
    assert f"错误：{path}:4: 第 1 条（交通局/）：session 应为正整数" in err
    assert "共 1 个文件：0 件发布，1 件不发布，0 个错误" in out
