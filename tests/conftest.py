"""Shared fixtures: where the shared corpus lives, and a runner for real MkDocs builds."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from sitebuild import BuiltSite, build_site

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


def read_schema_keys(schema: Path) -> list[str]:
    """The record keys of SCHEMA.md, in its order: the first column of its key table."""
    keys = []
    for line in schema.read_text(encoding="utf-8").splitlines():
        first = line.split("|")[1] if line.startswith("|") else ""
        keys += re.findall(r"`([a-z_]+)`", first)  # a row may hold two: `leader`, `handler`
    return keys


@pytest.fixture(scope="session")
def schema_keys(shared_dir: Path) -> list[str]:
    """The keys of ../shared/corpus/SCHEMA.md, the contract of check --json and open data."""
    keys = read_schema_keys(shared_dir / "corpus" / "SCHEMA.md")
    assert len(keys) >= 20, "SCHEMA.md's key table was not found"
    return keys


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    """The example replies of the shared corpus."""
    return shared_dir / "corpus" / "replies"


@pytest.fixture(scope="session")
def expected(shared_dir: Path) -> list[dict]:
    """The right parse of each corpus file (expected.yaml)."""
    return yaml.safe_load((shared_dir / "corpus" / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> BuiltSite:
    """The site built (not strict) from the shared corpus as it is, notice included."""
    site = build_site(tmp_path_factory.mktemp("corpus"), corpus_dir)
    assert site.returncode == 0, site.log
    return site


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The repository's own sample site (replies/ and registry/), built once, not strict."""
    site = build_site(tmp_path_factory.mktemp("sample"), REPO / "replies", REPO / "registry")
    assert site.returncode == 0, site.log
    return site
