"""search.js's own tests (tests/js/, `node --test`), on the index the Python indexer builds
from the shared cases, so both planners and rankers are held to the same expected results."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openreplies.search.page import LUNR_JS
from searchcases import write_case_index

JS_TESTS = Path(__file__).parent / "js"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("CI=true but node is missing (it runs search.js's tests)")
        pytest.skip("node is not installed")
    return node


def test_search_js_passes_its_node_tests(tmp_path: Path) -> None:
    """Check that every test of tests/js/ passes under `node --test`, none skipped."""
    node = _node()
    index = write_case_index(tmp_path / "index", tmp_path / "registry")
    env = {**os.environ, "OPENREPLIES_CASE_INDEX": str(index), "LUNR_JS": str(LUNR_JS)}
    files = sorted(str(p) for p in JS_TESTS.glob("*.test.js"))
    done = subprocess.run(
        [node, "--test", *files], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "# fail 0" in done.stdout
    assert "# skipped 0" in done.stdout
    assert "# pass 0" not in done.stdout
