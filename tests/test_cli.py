"""The `check` command: records as JSON, errors by file, exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from openreplies.model import RECORD_KEYS


def run_check(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "openreplies", "check", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def test_check_json_matches_expected_records(shared_dir: Path, tmp_path: Path) -> None:
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
        assert list(got) == list(RECORD_KEYS)
        for key in RECORD_KEYS:
            assert got[key] == want[key], (want["file"], key)


def test_check_table_lists_withheld_files_and_problems(shared_dir: Path, tmp_path: Path) -> None:
    """Check the readable output: every file with its state, then the problems."""
    done = run_check(str(shared_dir / "corpus" / "replies"), cwd=tmp_path)
    assert "不公开\tshiyan-zx-5-2-76.txt" in done.stdout
    assert "公开\tyichang-zx-6-3-257.txt" in done.stdout
    assert "jingzhou-notice-2023.txt" in done.stdout.split("问题：")[1]


def test_check_exits_zero_on_a_clean_folder(tmp_path: Path) -> None:
    """Check that a folder without errors gives exit status 0 and an empty list."""
    (tmp_path / "replies").mkdir()
    done = run_check(str(tmp_path / "replies"), "--json", cwd=tmp_path)
    assert (done.returncode, json.loads(done.stdout)) == (0, [])
