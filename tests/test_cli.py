"""The `check` command: records as JSON, errors by file, exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml


def run_check(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "openreplies", "check", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def test_check_json_matches_expected_records(
    shared_dir: Path, tmp_path: Path, schema_keys: list[str]
) -> None:
    """Check that `check --json` on the corpus gives expected.yaml's records key for key."""
    done = run_check(str(shared_dir / "corpus" / "replies"), "--json", cwd=tmp_path)
    assert done.returncode == 1  # the corpus holds one file that is not a reply
    records = {r["file"]: r for r in json.loads(done.stdout)}
    expected = yaml.safe_load((shared_dir / "corpus" / "expected.yaml").read_text("utf-8"))
    assert sorted(records) == sorted(e["file"] for e in expected)
    for want in expected:
        got = records[want["file"]]
        if want.get("error"):
            assert set(got) == {"file", "error"}
            assert got["error"].startswith(want["file"])
            continue
        assert list(got) == schema_keys
        for key in schema_keys:
            assert got[key] == want[key], (want["file"], key)


def test_check_table_lists_withheld_files_and_problems(shared_dir: Path, tmp_path: Path) -> None:
    """Check the readable output: every file with its state, then the problems."""
    done = run_check(str(shared_dir / "corpus" / "replies"), cwd=tmp_path)
    rows = {line.split()[1]: line.split()[0] for line in done.stdout.split("\n\n")[1].splitlines()}
    assert rows["文件"] == "状态"  # the header
    assert (rows["shiyan-zx-5-2-76.txt"], rows["yichang-zx-6-3-257.txt"]) == ("不公开", "公开")
    assert rows["jingzhou-notice-2023.txt"] == "错误"
    assert "jingzhou-notice-2023.txt" in done.stdout.split("问题：")[1]


def test_check_of_the_sample_site_uses_its_registry() -> None:
    """Check that `check` run in the repository finds mkdocs.yml and reads registry/: the
    sample's decision publishes its unmarked file, and no registry path is unmatched."""
    repo = Path(__file__).resolve().parents[1]
    done = run_check(cwd=repo / "replies" / "示例")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:3] == [
        f"配置文件：{repo / 'mkdocs.yml'}",
        f"答复文件夹：{repo / 'replies'}",
        f"登记文件夹：{repo / 'registry'}",
    ]
    rows = [line.split()[:2] for line in done.stdout.splitlines()[4:]]
    assert ["公开", "示例/yichang-zx-6-4-22.txt"] in rows and "不对应" not in done.stdout


def test_check_exits_zero_on_a_clean_folder(tmp_path: Path) -> None:
    """Check that a folder without errors gives exit status 0 and an empty list."""
    (tmp_path / "replies").mkdir()
    done = run_check(str(tmp_path / "replies"), "--json", cwd=tmp_path)
    assert (done.returncode, json.loads(done.stdout)) == (0, [])
