"""`python -m openreplies`: `check` (below), `init` (a new site) and `publish` (a good build).

The `check` command: what the parser, the registry and the gate make of a replies folder.

`python -m openreplies check [DIR] [-f mkdocs.yml] [--registry DIR] [--json] [--sources]` reads
the replies and registry that mkdocs.yml names (found upwards from the current folder) and
prints a table, each file's missing and doubtful fields (and with --sources where every value
came from) and every problem; with --json one SCHEMA.md record per file (or {"file", "error"}).
Exit 1 when any file has an error or a registry file is invalid. It shows withheld files too.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .display import chinese_numeral
from .errors import RegistryError
from .model import RECORD_KEYS, Body, Reply
from .newsite import NewSiteError, create_site, next_steps
from .pipeline import LoadedReplies, Problem, load_replies
from .publish import PublishError, check_target, publish, site_dir_of
from .report import doubt_text, field_label, missing_fields
from .settings import CONFIG_FILE, Settings, find_config, load_registry

HEADER = ("状态", "文件", "届次", "编号", "答复单位", "类别", "标题")
"""The table's columns."""


@dataclass(frozen=True)
class Target:
    """What one `check` reads: the site's config (when found), its replies and registry."""

    config: Path | None
    replies: Path
    registry: Path


class UsageError(Exception):
    """The command line names nothing that can be checked (message in Chinese)."""


def resolve_target(
    directory: Path | None, config_file: Path | None, registry: Path | None, cwd: Path
) -> Target:
    """The folders to read: DIR, else the config's replies; --registry, else the config's.

    Without -f the config is the nearest mkdocs.yml in `cwd` or above; without any config the
    registry is ./registry.

    Raises:
        UsageError: no DIR and no config, a missing -f file, or a config that cannot be read.
    """
    if config_file is not None and not config_file.is_file():
        raise UsageError(f"找不到配置文件 {config_file}")
    config = config_file or find_config(cwd)
    try:
        settings = Settings.from_config_file(config) if config else None
    except RegistryError as error:
        raise UsageError(f"配置文件无法读取：{error}") from None
    default_registry = settings.registry_dir if settings else Path("registry")
    if directory is not None:
        return Target(config, directory, registry or default_registry)
    if settings is not None:
        return Target(config, settings.replies_dir, registry or default_registry)
    raise UsageError(
        f"在 {cwd} 及其上级文件夹中找不到 {CONFIG_FILE}：请在网站文件夹中运行，"
        "或用 -f 指定配置文件，或给出答复文件夹"
    )


def check_records(loaded: LoadedReplies, *, sources: bool = False) -> list[dict[str, Any]]:
    """One JSON object per file, in file order: the record, or the file and its error.

    With `sources`, each record gets one more key, `sources` (key → where its value came
    from); without it the objects are exactly SCHEMA.md's.
    """
    records: list[dict[str, Any]] = [_record(r, sources) for r in loaded.replies]
    records += [{"file": e.path, "error": str(e)} for e in loaded.errors]
    return sorted(records, key=lambda r: r["file"])


def _record(reply: Reply, sources: bool) -> dict[str, Any]:
    record = reply.to_record()
    if sources:
        record["sources"] = {k: str(reply.sources[k]) for k in RECORD_KEYS if k in reply.sources}
    return record


def text_width(text: str) -> int:
    """Columns `text` takes in a terminal: two for Chinese (wide) characters, none for marks."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def pad(text: str, width: int) -> str:
    """`text` with spaces after it up to `width` terminal columns."""
    return text + " " * (width - text_width(text))


def format_table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as lines with every column aligned (the last is not padded)."""
    widths = [max(text_width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [pad(cell, width) for cell, width in zip(row[:-1], widths, strict=True)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines


def session_label(reply: Reply) -> str:
    """政协宜昌市六届三次会议, with ？ for what is unknown (政协宜昌市六届？次会议)."""
    region = reply.region or "？"
    term = chinese_numeral(reply.term) if reply.term else "？"
    session = chinese_numeral(reply.session) if reply.session else "？"
    if reply.body is Body.CONGRESS:
        return f"{region}{term}届人大{session}次会议"
    prefix = "政协" if reply.body is Body.CPPCC else ""
    return f"{prefix}{region}{term}届{session}次会议"


def _row(reply: Reply) -> list[str]:
    number = f"第{reply.number}号{reply.kind or ''}" if reply.number is not None else "-"
    return ["公开" if reply.public else "不公开", reply.file, session_label(reply), number,
            reply.department or "-", reply.category or "-", reply.title or "-"]  # fmt: skip


def table_lines(loaded: LoadedReplies) -> list[str]:
    """The table: a header, then one row per file (a file with an error says 错误)."""
    rows = [_row(reply) for reply in loaded.replies]
    rows += [["错误", error.path, "-", "-", "-", "-", "-"] for error in loaded.errors]
    return format_table([list(HEADER), *sorted(rows, key=lambda row: row[1])])


def _shown(key: str, value: Any) -> str:
    """A record value as the detail view shows it."""
    if value is None or value == []:
        return "（无）"
    if key == "term":
        return f"{chinese_numeral(value)}届"
    if key == "session":
        return f"{chinese_numeral(value)}次"
    if key == "number":
        return f"第{value}号"
    if isinstance(value, list):
        return "、".join(f"《{v['title']}》" if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def source_lines(reply: Reply) -> list[str]:
    """Where each value came from: `答复单位 宜昌市交通运输局 ← registry/metadata.yaml：示例/…`.

    届 and 次 read from one place are one line: `届次 六届三次 ← 正文第 3 行`.
    """
    record, sources = reply.to_record(), reply.sources
    together = "term" in sources and sources.get("term") == sources.get("session")
    lines = []
    for key in RECORD_KEYS:
        if key not in sources or (together and key == "session"):
            continue
        if together and key == "term":
            shown = _shown("term", record["term"]) + _shown("session", record["session"])
            lines.append(f"届次 {shown} ← {sources[key]}")
            continue
        lines.append(f"{field_label(key)} {_shown(key, record[key])} ← {sources[key]}")
    return lines


def detail_lines(reply: Reply, *, sources: bool) -> list[str]:
    """The file, what it lacks and what is doubtful (and where values came from), or nothing."""
    lines = []
    missing = missing_fields(reply)
    if missing:
        lines.append(f"缺少：{'、'.join(map(field_label, missing))}")
    lines += [f"存疑：{doubt_text(doubt)}" for doubt in reply.doubts]
    if sources:
        lines += source_lines(reply)
    return [reply.file, *(f"  {line}" for line in lines)] if lines else []


def print_table(loaded: LoadedReplies, out: TextIO, *, sources: bool = False) -> None:
    """A readable summary: the table, each file's details, every problem, the counts."""
    out.writelines(f"{line}\n" for line in table_lines(loaded))
    details = [detail_lines(r, sources=sources) for r in sorted(loaded.replies, key=_file)]
    if any(details):
        out.write("\n详情：\n")
        out.writelines(f"  {line}\n" for lines in details for line in lines)
    print_problems(loaded.problems, out)
    published = sum(1 for r in loaded.replies if r.public)
    out.write(
        f"\n共 {len(loaded.replies) + len(loaded.errors)} 个文件：{published} 件发布，"
        f"{len(loaded.replies) - published} 件不发布，{len(loaded.errors)} 个错误\n"
    )


def _file(reply: Reply) -> str:
    return reply.file


def print_problems(problems: Sequence[Problem], out: TextIO) -> None:
    """问题： then one line per problem, 警告 (fails --strict) or 提示."""
    if problems:
        out.write("\n问题：\n")
        for problem in problems:
            level = "警告" if problem.warning else "提示"
            out.write(f"  [{level}] {problem.message}\n")


def target_lines(target: Target) -> list[str]:
    """Which config, replies and registry folder were read."""
    config = str(target.config) if target.config else f"未找到 {CONFIG_FILE}（使用默认设置）"
    registry = str(target.registry)
    if not target.registry.is_dir():
        registry += "（不存在：只用内置的名称表，没有登记的公开决定）"
    return [f"配置文件：{config}", f"答复文件夹：{target.replies}", f"登记文件夹：{registry}"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m openreplies")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="parse a replies folder and report every file")
    check.add_argument(
        "directory", type=Path, nargs="?", help="the replies folder (default: mkdocs.yml's)"
    )
    check.add_argument(
        "-f", "--config-file", type=Path, help="the site's mkdocs.yml (default: found upwards)"
    )
    check.add_argument("--json", action="store_true", help="print SCHEMA.md records as JSON")
    check.add_argument(
        "--sources", action="store_true", help="where each value came from (JSON: 'sources')"
    )
    check.add_argument("--registry", type=Path, help="the registry folder (default: mkdocs.yml's)")
    check.set_defaults(run=_check)
    init = commands.add_parser("init", help="write a new, empty site into a new or empty folder")
    init.add_argument("directory", type=Path, help="the new site's folder")
    init.set_defaults(run=_init)
    release = commands.add_parser(
        "publish", help="build strictly into a new folder; replace the site only on success"
    )
    release.add_argument(
        "-f", "--config-file", type=Path, help="the site's mkdocs.yml (default: found upwards)"
    )
    release.add_argument(
        "-d", "--site-dir", type=Path, help="the output folder (default: mkdocs.yml's, or site/)"
    )
    release.add_argument("--site-url", help="build for this address instead of site_url")
    release.set_defaults(run=_publish)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m openreplies`."""
    parser = _parser()
    args = parser.parse_args(argv)
    return int(args.run(args, parser))


def _init(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`init DIR`: a new site, then what to do next."""
    try:
        create_site(args.directory)
    except NewSiteError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 1
    print("\n".join(next_steps(args.directory.resolve(), _python_command())))
    return 0


def _python_command() -> str:
    """How to run this Python again: its path, quoted when it has a space."""
    return f'"{sys.executable}"' if " " in sys.executable else sys.executable


def _publish(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`publish`: a strict build swapped in on success; exit 1 with the reasons otherwise."""
    if args.config_file is not None and not args.config_file.is_file():
        parser.error(f"找不到配置文件 {args.config_file}")
    config = args.config_file or find_config(Path.cwd())
    if config is None:
        parser.error(f"在 {Path.cwd()} 及其上级文件夹中找不到 {CONFIG_FILE}：请用 -f 指定配置文件")
    try:
        target = site_dir_of(config, args.site_dir)
        check_target(config, target)
        print(f"发布：严格构建 {config}，成功后替换 {target}", flush=True)
        outcome = publish(config, target, site_url=args.site_url, echo=_echo)
    except (PublishError, OSError) as error:
        print(f"发布失败：{error}", file=sys.stderr)
        return 1
    if not outcome.published:
        print(f"\n发布失败：严格构建没有通过，{target} 保持不变。原因：", file=sys.stderr)
        for reason in outcome.reasons:
            print(f"  {reason}", file=sys.stderr)
        return 1
    print(f"已发布：{target}")
    return 0


def _echo(line: str) -> None:
    print(line, flush=True)


def _check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`check`: the table (or JSON) of what was read; exit 1 on any error."""
    try:
        target = resolve_target(args.directory, args.config_file, args.registry, Path.cwd())
    except UsageError as error:
        parser.error(str(error))
    if not target.replies.is_dir():
        parser.error(f"{target.replies} 不是文件夹")
    info = sys.stderr if args.json else sys.stdout
    info.writelines(f"{line}\n" for line in [*target_lines(target), ""])
    registry, registry_errors = load_registry(target.registry)
    for error in registry_errors:
        print(f"错误：{error}（已改用安全的默认设置）", file=sys.stderr)
    loaded = load_replies(target.replies, registry.names, registry.decisions, registry.metadata)
    if args.json:
        records = check_records(loaded, sources=args.sources)
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        print_problems(loaded.problems, sys.stderr)
    else:
        print_table(loaded, sys.stdout, sources=args.sources)
    return 1 if loaded.errors or registry_errors else 0
