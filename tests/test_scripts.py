"""scripts/dev.py (behind scripts/site, scripts/test and .ci/run): a strict build that fails on a
bad reply, a site that needs Python only, and test tools whose absence is one line."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from sitebuild import reply_text, write_config, write_file

REPO = Path(__file__).resolve().parents[1]


def load_dev() -> ModuleType:
    """scripts/dev.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("dev", REPO / "scripts" / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dev = load_dev()


def failing_tools(folder: Path) -> tuple[dict[str, str], Path]:
    """An environment whose npm and apt-get fail (as when the registries are unreachable),
    and the file each writes its arguments to when called."""
    calls = folder / "calls.txt"
    bin_dir = folder / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("npm", "apt-get"):
        tool = bin_dir / name
        tool.write_text(f'#!/bin/sh\necho "{name} $*" >> "{calls}"\nexit 1\n', encoding="utf-8")
        tool.chmod(0o755)
    path = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path, "NO_MKDOCS_2_WARNING": "1"}, calls


def test_the_scripts_strict_build_fails_on_an_empty_reply_and_passes_on_the_sample(
    tmp_path: Path,
) -> None:
    """Check that the strict build scripts/site and scripts/test run exits 1 naming an empty
    .txt among good replies (its warnings are counted), and 0 on the repository's sample."""
    replies = tmp_path / "replies"
    write_file(replies, "5.txt", reply_text(5, "关于好的建议"))
    write_file(replies, "empty.txt", "")
    (tmp_path / "registry").mkdir()
    config = write_config(tmp_path, replies, tmp_path / "registry")
    command = dev.strict_build_command(Path(sys.executable), config, tmp_path / "site")
    bad = subprocess.run(command, capture_output=True, text=True, check=False)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    reasons = bad.stderr.splitlines()
    assert any("empty.txt" in line and "文件是空的" in line for line in reasons), bad.stderr
    assert not (tmp_path / "site").exists()

    command = dev.strict_build_command(Path(sys.executable), REPO / "mkdocs.yml", tmp_path / "ok")
    good = subprocess.run(command, capture_output=True, text=True, check=False)
    assert good.returncode == 0, good.stdout + good.stderr
    assert (tmp_path / "ok/yichang/zx/6-3/257/index.html").is_file()


@pytest.mark.skipif(os.name == "nt", reason="the npm and apt-get stand-ins are shell scripts")
def test_site_builds_the_sample_without_npm_or_chromium(tmp_path: Path) -> None:
    """Check that `scripts/site --build-only` builds the sample with npm and apt-get failing,
    and never calls them nor looks for axe-core (the site needs Python only)."""
    env, calls = failing_tools(tmp_path)
    site = tmp_path / "site"
    done = subprocess.run(
        [str(REPO / "scripts" / "site"), "--build-only", "--site-dir", str(site)],
        env=env, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (site / "index.html").is_file()
    assert "==> 严格构建示例网站" in done.stdout
    assert not calls.exists(), calls.read_text(encoding="utf-8")
    assert "axe-core" not in done.stdout + done.stderr


@pytest.mark.skipif(os.name == "nt", reason="the npm stand-in is a shell script")
def test_a_failing_npm_is_one_line_and_the_set_up_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check that when npm fails, or is missing, the set-up says so in one line naming what it
    affects (tests only) and carries on."""
    root = tmp_path / "repo"
    write_file(root, "package-lock.json", (REPO / "package-lock.json").read_text("utf-8"))
    env, calls = failing_tools(tmp_path)
    assert dev.install_axe(root, env) is False
    assert calls.read_text(encoding="utf-8").startswith("npm ci")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert "npm ci 失败" in lines[0] and "只影响无障碍和 HTML 测试" in lines[0]

    assert dev.install_axe(root, {**env, "PATH": str(tmp_path / "empty")}) is False
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("注意：找不到 npm") and "不影响网站" in line


def test_pytest_options_are_passed_through_and_others_refused() -> None:
    """Check that `dev.py test -k x -x tests/a.py` hands every option to pytest, and that an
    unknown option of another command is an error."""
    commands = dev.parser()
    args, rest = commands.parse_known_args(["test", "-k", "disclosure", "-x", "tests/a.py"])
    assert (args.command, rest) == ("test", ["-k", "disclosure", "-x", "tests/a.py"])
    with pytest.raises(SystemExit):
        dev.main(["site", "--verbose"])
