"""The `check` command: what the parser and the gate make of a replies folder.

`python -m openreplies check DIR [--json] [--registry DIR]` prints a table and every problem,
or with --json one SCHEMA.md record per file (or {"file", "error"}). Exit 1 when any file has
an error. It is a local tool and shows withheld files too.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .display import number_label, reply_session
from .pipeline import LoadedReplies, load_replies
from .settings import load_registry


def check_records(loaded: LoadedReplies) -> list[dict[str, Any]]:
    """One JSON object per file, in file order: the record, or the file and its error."""
    records: list[dict[str, Any]] = [r.to_record() for r in loaded.replies]
    records += [{"file": e.path, "error": str(e)} for e in loaded.errors]
    return sorted(records, key=lambda r: r["file"])


def print_table(loaded: LoadedReplies, out: TextIO) -> None:
    """A readable summary: one line per reply, then every problem."""
    for reply in sorted(loaded.replies, key=lambda r: r.file):
        state = "公开" if reply.public else "不公开"
        out.write(
            f"{state}\t{reply.file}\t{reply_session(reply)}{number_label(reply)}\t"
            f"{reply.department}\t{reply.category or '-'}\t{reply.title}\n"
        )
    if loaded.problems:
        out.write("\n问题：\n")
        for problem in loaded.problems:
            level = "警告" if problem.warning else "提示"
            out.write(f"  [{level}] {problem.message}\n")
    published = sum(1 for r in loaded.replies if r.public)
    out.write(
        f"\n共 {len(loaded.replies) + len(loaded.errors)} 个文件：{published} 件发布，"
        f"{len(loaded.replies) - published} 件不发布，{len(loaded.errors)} 个错误\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m openreplies`."""
    parser = argparse.ArgumentParser(prog="python -m openreplies")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="parse a replies folder and report every file")
    check.add_argument("directory", type=Path)
    check.add_argument("--json", action="store_true", help="print SCHEMA.md records as JSON")
    check.add_argument(
        "--registry",
        type=Path,
        default=Path("registry"),
        help="folder with names.yaml and disclosure.yaml (default: ./registry)",
    )
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        parser.error(f"{args.directory} 不是文件夹")
    registry, registry_errors = load_registry(args.registry)
    for error in registry_errors:
        print(f"错误：{error}（已改用安全的默认设置）", file=sys.stderr)
    loaded = load_replies(args.directory, registry.names, registry.decisions)
    if args.json:
        json.dump(check_records(loaded), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_table(loaded, sys.stdout)
    return 1 if loaded.errors or registry_errors else 0
