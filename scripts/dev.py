#!/usr/bin/env python3
"""Set up, build, serve and test Open Replies with one Python command (Linux, macOS, Windows).

    python scripts/dev.py site [--build-only] [--site-dir DIR]   # scripts/site
    python scripts/dev.py test [PYTEST OPTIONS]                   # scripts/test, .ci/run
    python scripts/dev.py setup [--browser]                       # scripts/setup

It runs before `.venv` exists, so it uses the standard library only, with any Python 3.11+;
everything else runs with `.venv`'s Python, which it creates. The site needs Python packages
only: axe-core (npm) and Chromium are installed for `test` alone, and when they cannot be, one
line says so and the set-up goes on (those tests skip, or fail under CI=true). pip and npm read
their mirrors from the environment (PIP_INDEX_URL, npm_config_registry); no host is named here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIN_PYTHON = (3, 11)
SAMPLE_SITE_URL = "http://127.0.0.1:8000/"
"""The sample site's address: where `site` serves it (its mkdocs.yml keeps the example one)."""
STAMP = "openreplies-setup.json"
"""In .venv: what pyproject.toml was installed with which extras, to skip an unchanged pip run."""
RUFF_PATHS = ("hooks", "tests", "scripts")


def say(message: str) -> None:
    """One line of progress (flushed, so it shows before a child process's output)."""
    print(message, flush=True)


def note(message: str) -> None:
    """One line about something skipped, on stderr."""
    print(f"注意：{message}", file=sys.stderr, flush=True)


class StepFailed(Exception):
    """A step that the command cannot do without; its message says what to do."""


def venv_python(root: Path = ROOT) -> Path:
    """The virtualenv's Python (`.venv/bin/python`, or `.venv\\Scripts\\python.exe`)."""
    if os.name == "nt":
        return root / ".venv" / "Scripts" / "python.exe"
    return root / ".venv" / "bin" / "python"


def child_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of every command run here (the caller's, mirrors included)."""
    result = dict(os.environ if env is None else env)
    result.setdefault("NO_MKDOCS_2_WARNING", "1")
    return result


def run(
    command: Sequence[str | Path],
    env: Mapping[str, str],
    *,
    quiet: bool = False,
    stdin: int | None = None,
) -> int:
    """Run a command in the repository, its output shown as it comes (none when `quiet`)."""
    output = subprocess.DEVNULL if quiet else None
    done = subprocess.run([str(part) for part in command], cwd=ROOT, env=dict(env), check=False,
                          stdin=stdin, stdout=output, stderr=output)  # fmt: skip
    return done.returncode


# --- Python ---------------------------------------------------------------------------------


def create_venv(root: Path, env: Mapping[str, str]) -> Path:
    """`.venv` with this Python, unless it is there; its Python."""
    python = venv_python(root)
    if python.is_file():
        return python
    if sys.version_info < MIN_PYTHON:
        raise StepFailed(
            f"需要 Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} 或更高版本，当前是 {sys.version.split()[0]}"
        )
    say(f"==> 创建虚拟环境 {root / '.venv'}（Python {sys.version.split()[0]}）")
    if run([sys.executable, "-m", "venv", root / ".venv"], env) != 0 or not python.is_file():
        raise StepFailed("无法创建 .venv（Debian/Ubuntu 上请先安装 python3-venv）")
    return python


def install_python(root: Path, python: Path, extras: str, env: Mapping[str, str]) -> None:
    """`pip install -e .[extras]` with pip's own progress, skipped when nothing changed."""
    wanted = {"pyproject": _digest(root / "pyproject.toml"), "extras": extras}
    stamp = root / ".venv" / STAMP
    if _installed(stamp, wanted) and _imports(python, env):
        say("==> Python 依赖已安装（pyproject.toml 未变），跳过 pip")
        return
    index = env.get("PIP_INDEX_URL") or "pip 的配置（可用 PIP_INDEX_URL 指定镜像）"
    target = f".[{extras}]" if extras else "."
    say(f"==> 安装 Python 依赖：pip install -e {target}（源：{index}）")
    command = [python, "-m", "pip", "install", "--disable-pip-version-check", "-e", target]
    if run(command, env) != 0:
        raise StepFailed("pip 安装失败：请检查网络，或用 PIP_INDEX_URL 指定可访问的镜像后重试")
    stamp.write_text(json.dumps(wanted), encoding="utf-8")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _installed(stamp: Path, wanted: dict[str, str]) -> bool:
    """Whether the stamp records this pyproject.toml with these extras (test includes none)."""
    try:
        done = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return done.get("pyproject") == wanted["pyproject"] and wanted["extras"] in (
        "",
        done.get("extras"),
    )


def _imports(python: Path, env: Mapping[str, str]) -> bool:
    """Whether the virtualenv still imports the hook and MkDocs."""
    check = [python, "-c", "import openreplies_hooks, mkdocs"]
    return run(check, env, quiet=True) == 0


# --- test tools (optional) -------------------------------------------------------------------


def node_modules_current(root: Path) -> bool:
    """Whether node_modules holds every package of package-lock.json at its locked version."""
    try:
        lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
        for path, entry in lock.get("packages", {}).items():
            if path and "version" in entry:
                installed = json.loads((root / path / "package.json").read_text(encoding="utf-8"))
                if installed.get("version") != entry["version"]:
                    return False
    except (OSError, ValueError):
        return False
    return True


def install_axe(root: Path, env: Mapping[str, str]) -> bool:
    """`npm ci` for axe-core when node_modules is not current; False (one line said why) if
    npm is missing or fails: only the accessibility and HTML tests need it."""
    if node_modules_current(root):
        say("==> axe-core 已安装（node_modules 与 package-lock.json 一致）")
        return True
    affects = "只影响无障碍和 HTML 测试（本机跳过，CI=true 时失败），不影响网站"
    npm = shutil.which("npm", path=env.get("PATH"))
    if npm is None:
        note(f"找不到 npm，未安装 axe-core：{affects}")
        return False
    registry = env.get("npm_config_registry") or "npm 的配置（可用 npm_config_registry 指定镜像）"
    say(f"==> 安装 axe-core：npm ci（仅测试需要；源：{registry}）")
    npm_env = {"npm_config_fetch_retries": "1", "npm_config_fetch_timeout": "60000", **env}
    # --ignore-scripts: vnu-jar's postinstall would download a JDK; Java comes from apt.
    status = run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], npm_env,
                 stdin=subprocess.DEVNULL)  # fmt: skip
    if status != 0:
        note(f"npm ci 失败（退出码 {status}），未安装 axe-core：{affects}")
        return False
    return True


def install_chromium(env: Mapping[str, str]) -> bool:
    """Debian's Chromium by apt when missing and root; False (one line said why) otherwise:
    only the browser tests need it."""
    if Path("/usr/bin/chromium").exists():
        return True
    return install_debian(
        "chromium", "Chromium", "只影响浏览器测试（本机跳过，CI=true 时失败），不影响网站", env
    )


def install_java(env: Mapping[str, str]) -> bool:
    """A Java runtime by apt when missing and root, for the Nu HTML checker (vnu.jar)."""
    if shutil.which("java", path=env.get("PATH")):
        return True
    return install_debian(
        "default-jre-headless",
        "Java",
        "只影响 HTML 校验测试（本机跳过，CI=true 时失败），不影响网站",
        env,
    )


def install_debian(package: str, name: str, affects: str, env: Mapping[str, str]) -> bool:
    """One Debian package by apt-get, when run as root; False (one line said why) otherwise."""
    apt = shutil.which("apt-get", path=env.get("PATH"))
    if apt is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        note(f"找不到 {name}，且无法用 apt-get（需要 root）安装：{affects}")
        return False
    say(f"==> 安装 {name}：apt-get install {package}（仅测试需要）")
    apt_env = {**env, "DEBIAN_FRONTEND": "noninteractive"}
    for command in ([apt, "update", "-qq"], [apt, "install", "-y", "-qq", package]):
        if run(command, apt_env, stdin=subprocess.DEVNULL) != 0:
            note(f"apt-get 安装 {name} 失败：{affects}")
            return False
    return True


def setup(root: Path, *, extras: str, browser: bool, env: Mapping[str, str]) -> Path:
    """Everything a command needs; the virtualenv's Python. Only Python failures stop it."""
    python = create_venv(root, env)
    install_python(root, python, extras, env)
    if browser:
        install_axe(root, env)
        install_chromium(env)
        install_java(env)
    return python


# --- commands ------------------------------------------------------------------------------


def strict_build_command(python: Path, config: Path, site_dir: Path) -> list[str]:
    """The project's strict build of a site (`openreplies publish`): into `site_dir`, which it
    replaces only when the build has no warning; exit status 1 with the reasons otherwise."""
    return [str(python), "-m", "openreplies", "publish", "-f", str(config), "-d", str(site_dir),
            "--site-url", SAMPLE_SITE_URL]  # fmt: skip


def site(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Set up (Python only), build the sample site strictly, serve it unless --build-only."""
    python = setup(ROOT, extras="", browser=False, env=env)
    site_dir = Path(args.site_dir).resolve() if args.site_dir else ROOT / "site"
    say(f"==> 严格构建示例网站到 {site_dir}")
    status = run(strict_build_command(python, ROOT / "mkdocs.yml", site_dir), env)
    if status != 0 or args.build_only:
        return status
    say(f"==> 预览：{SAMPLE_SITE_URL}（Ctrl+C 停止）")
    try:
        # --dirty: after the first build, a save re-renders only the pages whose content changed
        return run(
            [python, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", "127.0.0.1:8000"], env
        )
    except KeyboardInterrupt:
        return 0


def test(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Set up everything, then ruff, a strict build of the sample and pytest (args passed on)."""
    python = setup(ROOT, extras="test", browser=True, env=env)
    with tempfile.TemporaryDirectory(prefix="openreplies-build-") as folder:
        steps = [
            ("ruff check", [python, "-m", "ruff", "check", *RUFF_PATHS]),
            ("ruff format --check", [python, "-m", "ruff", "format", "--check", *RUFF_PATHS]),
            ("严格构建示例网站", strict_build_command(python, ROOT / "mkdocs.yml", Path(folder) / "site")),
            ("pytest", [python, "-m", "pytest", *args.pytest_args]),
        ]  # fmt: skip
        for name, command in steps:
            say(f"==> {name}")
            status = run(command, env)
            if status != 0:
                print(f"失败：{name}（退出码 {status}）", file=sys.stderr)
                return status
    return 0


def setup_only(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Only the set-up (scripts/setup): Python, and with --browser the test tools too."""
    setup(ROOT, extras="test", browser=args.browser, env=env)
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line: site, test, setup."""
    main = argparse.ArgumentParser(prog="python scripts/dev.py", description=__doc__.split("\n")[0])
    commands = main.add_subparsers(dest="command", required=True)
    site_command = commands.add_parser("site", help="build the sample site strictly and serve it")
    site_command.add_argument("--build-only", action="store_true", help="stop after the build")
    site_command.add_argument("--site-dir", help="build into this folder (default: site/)")
    site_command.set_defaults(run=site)
    test_command = commands.add_parser(
        "test", help="ruff, a strict build and pytest (other options are passed to pytest)"
    )
    test_command.set_defaults(run=test)
    setup_command = commands.add_parser("setup", help="only create .venv and install")
    setup_command.add_argument("--browser", action="store_true", help="axe-core and Chromium too")
    setup_command.set_defaults(run=setup_only)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run one command; a failed step is one line and exit status 1."""
    commands = parser()
    args, rest = commands.parse_known_args(argv)
    if rest and args.command != "test":
        commands.error(f"unrecognized arguments: {' '.join(rest)}")
    args.pytest_args = rest
    try:
        return args.run(args, child_env())
    except StepFailed as error:
        print(f"错误：{error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
