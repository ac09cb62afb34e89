"""Building real sites in tests: the repository's mkdocs.yml pointed at other replies."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class BuiltSite:
    """The outcome of one `mkdocs build`."""

    root: Path
    """The built site folder."""
    returncode: int
    log: str

    def page(self, url: str) -> str:
        """The HTML of a page by its URL path (yichang/zx/6-3/257/)."""
        return (self.root / url / "index.html").read_text(encoding="utf-8")

    def page_file(self, path: str) -> str:
        """A file of the site by its path (data/replies.json)."""
        return (self.root / path).read_text(encoding="utf-8")

    def files(self) -> list[Path]:
        """Every output file."""
        return sorted(p for p in self.root.rglob("*") if p.is_file())


def write_config(folder: Path, replies: Path, registry: Path) -> Path:
    """A copy of the repository's mkdocs.yml that reads `replies` and `registry`."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {REPO / 'docs'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    text = text.replace(
        "- hooks/openreplies_hooks.py", f"- {REPO / 'hooks' / 'openreplies_hooks.py'}"
    )
    text = text.replace("replies: replies ", f"replies: {replies} ")
    text = text.replace("registry: registry ", f"registry: {registry} ")
    text = text.replace("  - replies\n", f"  - {replies}\n").replace(
        "  - registry\n", f"  - {registry}\n"
    )
    config = folder / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def build_site(
    folder: Path,
    replies: Path,
    registry: Path | None = None,
    *,
    strict: bool = False,
    epoch: str | None = "1700000000",
    previous_manifest: Path | None = None,
) -> BuiltSite:
    """Run `mkdocs build` (in a subprocess, as the webmaster would) into folder/site.

    `epoch` sets SOURCE_DATE_EPOCH; None leaves it unset, as a webmaster's build would.
    """
    folder.mkdir(parents=True, exist_ok=True)
    registry = registry or folder / "registry"
    registry.mkdir(parents=True, exist_ok=True)
    config = write_config(folder, replies, registry)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-f",
        str(config),
        "-d",
        str(folder / "site"),
    ]
    if strict:
        command.append("--strict")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    env.pop("OPENREPLIES_PREVIOUS_MANIFEST", None)
    if previous_manifest is not None:
        env["OPENREPLIES_PREVIOUS_MANIFEST"] = str(previous_manifest)
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    return BuiltSite(folder / "site", done.returncode, done.stdout + done.stderr)


def withheld_markers(expected: list[dict]) -> list[str]:
    """Text that must never be published: sentinels and titles of withheld example files."""
    markers = []
    for record in expected:
        if record.get("error") or record["public"]:
            continue
        markers += [record["sentinel"], record["title"]]
    return markers


def output_blobs(root: Path) -> Iterator[tuple[str, bytes]]:
    """Every output file's name and bytes, gzip decompressed and each zip member on its own."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        data = path.read_bytes()
        if path.suffix == ".gz":
            yield name, gzip.decompress(data)
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield f"{name}!{member}", archive.read(member)
        else:
            yield name, data


def scan(site: BuiltSite, markers: list[str]) -> list[str]:
    """Every `file: marker` where a marker appears in any output file, gzip and zip included."""
    hits = []
    for name, data in output_blobs(site.root):
        text = data.decode("utf-8", errors="replace")
        hits += [f"{name}: {m}" for m in markers if m in text]
    return hits


REPLY_TEMPLATE = """{department}

关于政协宜昌市六届三次会议第{number}号提案的答复

分类：A

张三等2位委员：

你们提出的“{title}”的提案收悉。现答复如下：

{body}

宜昌市教育局
2024年6月{day}日

{marking}
"""


def reply_text(
    number: int | str,
    title: str,
    body: str = "正文。",
    marking: str = "公开情况：公开",
    *,
    department: str = "宜昌市教育局",
    day: int = 1,
) -> str:
    """A small 政协 reply of 宜昌市 六届三次 for site tests; pass marking="" to leave it out."""
    return REPLY_TEMPLATE.format(
        department=department, number=number, title=title, body=body, marking=marking, day=day
    )


def write_file(folder: Path, name: str, content: str | bytes) -> Path:
    """Write a reply file (text as UTF-8), creating folders as needed."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


NUMERALS = ("零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
            "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十")  # fmt: skip
"""Chinese numerals written out by hand: the tests' own oracle, not the library's function."""


def assert_strict_failure(site: BuiltSite) -> None:
    """The strict build failed because warnings were counted, not because something crashed."""
    assert site.returncode == 1, site.log
    assert "Traceback" not in site.log, site.log
    assert re.search(r"Aborted with \d+ warnings? in strict mode", site.log), site.log
