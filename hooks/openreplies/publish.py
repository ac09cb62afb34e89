"""Publishing only a good build: a strict build into a new folder, swapped in on success.

`python -m openreplies publish [-f mkdocs.yml] [-d site] [--site-url URL]` runs
`mkdocs build --strict` into a temporary folder beside the output and, only when it passes,
puts it in the output's place by renaming (an atomic exchange on Linux). A failed build leaves
the published site as it was and ends with its reasons.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import RegistryError
from .registry import load_yaml

REASON_LEVELS = ("WARNING", "ERROR")
"""MkDocs log lines that explain a failed strict build."""


class PublishError(Exception):
    """Publishing cannot start (message in Chinese, for the webmaster)."""


@dataclass
class Outcome:
    """What one publish did."""

    published: bool
    reasons: list[str] = field(default_factory=list)
    """The build's warnings and errors (or its last lines), when it failed."""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without constructing MkDocs' `!!python/…` and `!ENV` tags."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_dir_of(config: Path, site_dir: Path | None) -> Path:
    """The output folder: `site_dir` (relative to the current folder), else mkdocs.yml's
    `site_dir`, else `site`, both relative to mkdocs.yml's folder as MkDocs has them."""
    if site_dir is not None:
        return site_dir.resolve()
    try:
        data = load_yaml(config, _ConfigLoader)
    except RegistryError as error:
        raise PublishError(f"配置文件无法读取：{error}") from None
    configured = data.get("site_dir") if isinstance(data, dict) else None
    return (config.resolve().parent / str(configured or "site")).resolve()


def check_target(config: Path, target: Path) -> None:
    """Refuse an output folder whose replacement would delete anything but a built site.

    Raises:
        PublishError: the folder holds the site's own files, is a file, or is a non-empty
            folder without index.html (not a site built before).
    """
    source = config.resolve().parent
    if source == target or source.is_relative_to(target):
        raise PublishError(
            f"输出文件夹 {target} 包含网站的源文件（{config.name}），请换一个输出文件夹"
        )
    if target.exists() and not target.is_dir():
        raise PublishError(f"输出位置 {target} 是一个文件，不是文件夹")
    if target.is_dir() and any(target.iterdir()) and not (target / "index.html").is_file():
        raise PublishError(
            f"输出文件夹 {target} 不是以前生成的网站（其中没有 index.html）；"
            "为免误删，请指定一个空文件夹或以前发布的网站文件夹"
        )


def publish(
    config: Path,
    target: Path,
    *,
    site_url: str | None = None,
    echo: Callable[[str], None] = print,
) -> Outcome:
    """Build `config` strictly into a folder beside `target`; replace `target` if it passed.

    Every line of the build is passed to `echo` as it comes (a long build shows progress).

    Raises:
        PublishError: the output folder cannot be used (see `check_target`).
    """
    check_target(config, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        with _config_for(config, site_url) as build_config:
            status, reasons = _build(build_config, fresh, echo)
        if status != 0:
            return Outcome(False, reasons or [f"mkdocs build 退出码 {status}"])
        replace_folder(fresh, target)
        return Outcome(True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


@contextmanager
def _config_for(config: Path, site_url: str | None) -> Iterator[Path]:
    """`config`, or with another `site_url` a temporary config beside it that inherits it
    (MkDocs' `INHERIT`; beside it, so that its relative paths mean the same)."""
    if site_url is None:
        yield config
        return
    text = f"INHERIT: {json.dumps(config.name)}\nsite_url: {json.dumps(site_url)}\n"
    child = config.parent / f".{config.stem}.publish-{uuid.uuid4().hex[:8]}.yml"
    child.write_text(text, encoding="utf-8")
    try:
        yield child
    finally:
        child.unlink(missing_ok=True)


def _build(config: Path, site_dir: Path, echo: Callable[[str], None]) -> tuple[int, list[str]]:
    """Run the strict build; its exit status and its warning and error lines."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "-f", str(config), "-d", str(site_dir)]  # fmt: skip
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    reasons: list[str] = []
    tail: list[str] = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        env=env, encoding="utf-8", errors="replace",
    ) as process:  # fmt: skip
        assert process.stdout is not None
        for raw in process.stdout:
            line = raw.rstrip("\n")
            echo(line)
            tail = [*tail[-4:], line]
            if line.startswith(REASON_LEVELS):
                reasons.append(line)
    status = process.returncode
    return status, reasons or (tail if status != 0 else [])


def replace_folder(fresh: Path, target: Path) -> None:
    """Put `fresh` where `target` is: an atomic exchange where the system has one (Linux),
    else two renames, the old site kept until the new one is in place; then delete the old."""
    if not target.exists():
        fresh.rename(target)
        return
    if _exchange(fresh, target):
        shutil.rmtree(fresh)  # now the old site
        return
    old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    target.rename(old)
    try:
        fresh.rename(target)
    except OSError:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`); False when the
    system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                       _RENAME_EXCHANGE)  # fmt: skip
    return result == 0
