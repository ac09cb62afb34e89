"""Shared fixtures: where the shared corpus lives, and a runner for real MkDocs builds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's shared folder (corpus, seed), beside the repository.

    Skips when it is absent on a developer machine; in CI its absence is a failure.
    """
    if not (SHARED / "corpus" / "expected.yaml").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI=true but the shared corpus is missing at {SHARED}")
        pytest.skip(f"the shared corpus is not beside the repository ({SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    """The example replies of the shared corpus."""
    return shared_dir / "corpus" / "replies"
