"""The search benchmark: `python -m openreplies.bench --replies N`.

Writes N synthetic replies (openreplies.synthetic) into a temporary folder, builds the site with
this repository's mkdocs.yml, builds a bare mkdocs-material site of the same pages (the same
Markdown as files in docs/, no hook, no search), then opens the search page in headless
Chromium (/usr/bin/chromium) once per query, each time with an empty cache, and measures the
bytes a visitor downloads until the first result (gzip -6 sizes of every file fetched) and the
time from submitting the query to the first result. The last line printed is one JSON object.
A developer tool: never run as a timed test.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from .synthetic import write_replies

REPO = Path(__file__).resolve().parents[2]
QUERIES = ("产教融合", "教育局", "257")
"""A phrase, a department and a proposal number."""
CHROMIUM = "/usr/bin/chromium"
RUNNER = """
import atexit, json, resource, sys
def report():
    usage = [resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    sys.stderr.write("OPENREPLIES_RSS_KB " + json.dumps(usage) + "\\n")
atexit.register(report)
sys.argv = ["mkdocs", *sys.argv[1:]]
from mkdocs.__main__ import cli
cli()
"""


@dataclass(frozen=True)
class Build:
    """One timed `mkdocs build`."""

    seconds: float
    main_rss_mb: float
    """The MkDocs process's peak memory."""
    log: str

    @property
    def worker_rss_mb(self) -> float:
        """The index worker's peak memory, from its line in the build log (0 without one)."""
        match = re.search(r"内存峰值 ([0-9.]+) MB", self.log)
        return float(match.group(1)) if match else 0.0

    @property
    def peak_rss_mb(self) -> float:
        """MkDocs' peak plus the worker's: what the two processes can hold at once at most."""
        return round(self.main_rss_mb + self.worker_rss_mb)


def run_build(config: Path, site: Path, env: dict[str, str]) -> Build:
    """Build `config` into `site` in a fresh process, timing it and reading its peak memory."""
    command = [sys.executable, "-c", RUNNER, "build", "-f", str(config), "-d", str(site)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{done.stdout}{done.stderr}")
    rss = next(line for line in done.stderr.splitlines() if line.startswith("OPENREPLIES_RSS_KB"))
    own, _ = json.loads(rss.split(" ", 1)[1])  # a spawned child's ru_maxrss counts its parent
    return Build(round(seconds, 1), round(own / 1024), done.stderr)


def site_config(work: Path, replies: Path) -> Path:
    """This repository's mkdocs.yml with absolute paths, reading `replies`."""
    registry = work / "registry"
    registry.mkdir(exist_ok=True)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {REPO / 'docs'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    text = text.replace("- hooks/openreplies_hooks.py", f"- {REPO / 'hooks/openreplies_hooks.py'}")
    text = text.replace("replies: replies ", f"replies: {replies} ")
    text = text.replace("registry: registry ", f"registry: {registry} ")
    text = text.replace("  - replies\n", f"  - {replies}\n").replace("  - registry\n", "")
    # The offline zip is an extra copy of the whole site, not part of what is compared here.
    text = "".join(line for line in text.splitlines(keepends=True) if "offline_zip:" not in line)
    config = work / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def bare_config(work: Path, site_config_path: Path) -> Path:
    """A bare material site with the same pages: every generated page written into docs/."""
    from mkdocs.config import load_config

    from .search.page import SEARCH_URI, render_search_page
    from .site import SiteBuild

    docs = work / "bare" / "docs"
    shutil.copytree(REPO / "docs", docs)
    config = load_config(str(site_config_path))
    pages = {p.uri: p.markdown for p in SiteBuild.prepare(config).outputs.pages}
    pages[SEARCH_URI] = render_search_page().replace("template: search.html\n", "")
    for uri, markdown in pages.items():
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    lines = (REPO / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(line for line in lines if "custom_dir" not in line)
    text = text.replace("docs_dir: docs", f"docs_dir: {docs}")
    text = text.replace("hooks:\n  - hooks/openreplies_hooks.py\n", "")
    text = text.replace("watch:\n  - replies\n  - registry\n", "")
    bare = work / "bare" / "mkdocs.yml"
    bare.write_text(text, encoding="utf-8")
    return bare


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve a folder on a free localhost port."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def gzip_size(root: Path, url: str) -> int:
    """Bytes of the file behind `url` once gzipped (level 6, as web servers commonly send)."""
    path = root / unquote(urlparse(url).path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return len(gzip.compress(path.read_bytes(), 6)) if path.is_file() else 0


def measure_query(browser: Any, base: str, root: Path, query: str) -> dict[str, Any]:
    """One query with an empty cache: bytes until the first result, and the time it took."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + "search/")
        page.wait_for_function(
            "window.openRepliesSearch && document.querySelector('select[name=session] option[value]:not([value=\"\"])')"
        )
        page.fill("#or-search input[name=q]", query)
        page.press("#or-search input[name=q]", "Enter")
        page.wait_for_function("window.openRepliesSearch.runs.length > 0", timeout=60_000)
        run = page.evaluate("window.openRepliesSearch.runs[0]")
        page.wait_for_load_state("networkidle")
        everything = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    finally:
        context.close()
    before = [base + "search/", *run["resources"]]
    return {
        "query": query,
        "hits": run["hits"],
        "first_result_ms": round(run["ms"], 1),
        "bytes_gz": sum(gzip_size(root, url) for url in before),
        "index_bytes_gz": sum(gzip_size(root, u) for u in before if "/search/index/" in u),
        "with_snippets_bytes_gz": sum(gzip_size(root, u) for u in [base + "search/", *everything]),
    }


def measure_browser(root: Path) -> list[dict[str, Any]]:
    """Every query of QUERIES in headless Chromium."""
    from playwright.sync_api import sync_playwright

    with serve(root) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            return [measure_query(browser, base, root, query) for query in QUERIES]
        finally:
            browser.close()


def folder_bytes(folder: Path) -> int:
    """Total size of the files under `folder`."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(replies: int, work: Path, *, serial: bool) -> dict[str, Any]:
    """The whole benchmark in `work`; prints its figures and returns the summary."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    write_replies(work / "replies", replies)
    print(f"wrote {replies} replies in {time.perf_counter() - start:.1f} s", flush=True)
    config = site_config(work, work / "replies")
    bare = run_build(bare_config(work, config), work / "bare" / "site", env)
    print(f"bare material build: {bare.seconds} s, {bare.main_rss_mb:.0f} MB", flush=True)
    if serial:
        env["OPENREPLIES_SEARCH_SERIAL"] = "1"
    site = run_build(config, work / "site", env)
    print(
        f"site build: {site.seconds} s, MkDocs {site.main_rss_mb:.0f} MB"
        f" + index worker {site.worker_rss_mb:.0f} MB",
        flush=True,
    )
    for line in site.log.splitlines():
        if "检索索引" in line:
            print(line.strip(), flush=True)
    queries = measure_browser(work / "site")
    for q in queries:
        print(json.dumps(q, ensure_ascii=False), flush=True)
    return {
        "replies": replies,
        "build_s": site.seconds,
        "bare_build_s": bare.seconds,
        "build_ratio": round(site.seconds / bare.seconds, 2),
        "peak_rss_mb": site.peak_rss_mb,
        "index_bytes_total": folder_bytes(work / "site" / "search" / "index"),
        "first_result_bytes_gz": max(q["bytes_gz"] for q in queries),
        "first_result_ms": max(q["first_result_ms"] for q in queries),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m openreplies.bench", description=__doc__)
    parser.add_argument("--replies", type=int, default=1000, help="synthetic replies to build")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--serial", action="store_true", help="build the index without a worker")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=False)
        summary = run(args.replies, args.keep, serial=args.serial)
    else:
        with tempfile.TemporaryDirectory(prefix="openreplies-bench-") as work:
            summary = run(args.replies, Path(work), serial=args.serial)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
