"""The build and search benchmark: `python -m openreplies.bench --replies N`.

Writes N synthetic replies (openreplies.synthetic: shared policy pools and proposers, Zipf-like)
into a folder, then, in one run so that both see the same load of the machine:

- builds the site with this repository's mkdocs.yml from an empty cache (`build_s`, the
  first build a webmaster runs), its memory (`peak_rss_mb`: the MkDocs process and every
  process it starts, sampled, or the sum of MkDocs' and the index worker's own peaks when
  that is higher), pages, site and index sizes;
- builds a bare mkdocs-material site of the N reply pages only (`bare_replies_s`): the same
  reply pages as files in docs/, links as plain text, no hook, no search, no index pages —
  what a site of these replies costs without this project; `replies_ratio` is build_s over it
  (`replies_ratio_cpu` the same for CPU time, all processes: steadier on a shared machine);
- edits one reply (its title and a sentence) and runs `mkdocs build --dirty`: `edit_s` is the
  time from the command's start until the reply's page shows the edit, `edit_build_s` until
  the command ends (search index and checksums included);
- opens the search page in headless Chromium (/usr/bin/chromium) once per query, each time with
  an empty cache, and measures the bytes a visitor downloads until the first result (gzip -6
  sizes of every file fetched) and the time from submitting the query to the first result.

`load` is the 1-minute load average at the start and at the end. The last line printed is one
JSON object. A developer tool: never run as a timed test.
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
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from .synthetic import write_replies

if TYPE_CHECKING:
    from .model import Reply

REPO = Path(__file__).resolve().parents[2]
QUERIES = ("产教融合", "教育局", "257")
"""A phrase, a department and a proposal number."""
CHROMIUM = "/usr/bin/chromium"
RUNNER = """
import atexit, json, resource, sys
def report():
    usage = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    sys.stderr.write("OPENREPLIES_RSS_KB " + json.dumps([u.ru_maxrss for u in usage]) + "\\n")
    cpu = sum(u.ru_utime + u.ru_stime for u in usage)
    sys.stderr.write("OPENREPLIES_CPU_S " + json.dumps(cpu) + "\\n")
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
    tree_rss_mb: float = 0.0
    """The highest total of the MkDocs process and its children, sampled every 0.1 s."""
    cpu_seconds: float = 0.0
    """CPU time (user and system) of the MkDocs process and its children: less disturbed
    than the wall time by other work on a shared machine."""

    @property
    def worker_rss_mb(self) -> float:
        """The index worker's peak memory, from its line in the build log (0 without one)."""
        match = re.search(r"内存峰值 ([0-9.]+) MB", self.log)
        return float(match.group(1)) if match else 0.0

    @property
    def peak_rss_mb(self) -> float:
        """The sampled peak of all the build's processes, or MkDocs' peak plus the index
        worker's when higher (what the two can hold at once at most)."""
        return round(max(self.tree_rss_mb, self.main_rss_mb + self.worker_rss_mb))


def run_build(
    config: Path,
    site: Path,
    env: dict[str, str],
    *,
    dirty: bool = False,
    watch: Watch | None = None,
) -> Build:
    """Build `config` into `site` in a fresh process, timing it and reading its peak memory;
    `watch` records when a page first holds a text."""
    command = [sys.executable, "-c", RUNNER, "build", "-f", str(config), "-d", str(site)]
    if dirty:
        command.append("--dirty")
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)  # fmt: skip
    sampler = TreeSampler(process.pid)
    sampler.start()
    if watch is not None:
        watch.follow(process, start)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{stdout}{stderr}")
    rss = next(line for line in stderr.splitlines() if line.startswith("OPENREPLIES_RSS_KB"))
    own, _ = json.loads(rss.split(" ", 1)[1])  # a spawned child's ru_maxrss counts its parent
    cpu = next(line for line in stderr.splitlines() if line.startswith("OPENREPLIES_CPU_S"))
    return Build(round(seconds, 1), round(own / 1024), stderr, round(sampler.peak_mb),
                 round(float(cpu.split(" ", 1)[1]), 1))  # fmt: skip


class TreeSampler(threading.Thread):
    """The highest total resident memory of a process and all its descendants, sampled."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_mb = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.pid))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


def tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and its descendants now (Linux /proc), in MB."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier += children
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


@dataclass
class Watch:
    """Polls a file until it holds `text`: when a dirty build has rebuilt a page."""

    path: Path
    text: str
    seconds: float | None = None

    def follow(self, process: subprocess.Popen[str], start: float) -> None:
        """Record the time since `start` at which the file first holds the text."""

        def poll() -> None:
            while process.poll() is None and self.seconds is None:
                try:
                    if self.text in self.path.read_text(encoding="utf-8"):
                        self.seconds = round(time.perf_counter() - start, 1)
                        return
                except (OSError, UnicodeDecodeError):
                    pass
                time.sleep(0.05)

        threading.Thread(target=poll, daemon=True).start()


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


_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def published_replies(config: Path) -> tuple[list[Reply], dict[str, str]]:
    """The published replies of a built site (from its parse cache) and their page URIs."""
    from mkdocs.config import load_config

    from .build_cache import BuildCache
    from .catalog import build_catalog
    from .pipeline import load_replies
    from .settings import Settings, load_registry

    mkdocs_config = load_config(str(config))
    settings = Settings.from_options(config.parent, mkdocs_config.extra.get("openreplies"))
    registry, _ = load_registry(settings.registry_dir)
    cache = BuildCache.beside(config)
    parsed = cache.parse_cache(registry.names) if cache else None
    loaded = load_replies(settings.replies_dir, registry.names, registry.decisions,
                          registry.metadata, cache=parsed)  # fmt: skip
    catalog = build_catalog(loaded.published)
    return list(catalog.replies), catalog.reply_uris


def bare_replies_config(work: Path, store: Path, uris: list[str]) -> Path:
    """A bare material site of the reply pages only: each generated reply page (from the
    build cache) as a file in docs/, its links made plain text (their targets are not there)."""
    docs = work / "bare" / "docs"
    shutil.copytree(REPO / "docs" / "assets", docs / "assets")  # the site's CSS and script
    for uri in uris:
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        markdown = (store / uri).read_text(encoding="utf-8")
        path.write_text(_LINK_RE.sub(r"\1", markdown), encoding="utf-8")
    (docs / "index.md").write_text("# 公开答复\n\n答复页面。\n", encoding="utf-8")
    lines = (REPO / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(line for line in lines if "custom_dir" not in line)
    text = text.replace("docs_dir: docs", f"docs_dir: {docs}")
    text = text.replace("hooks:\n  - hooks/openreplies_hooks.py\n", "")
    text = text.replace("watch:\n  - replies\n  - registry\n", "")
    # One page in the nav (without a nav MkDocs lists every page in every page).
    text = (
        text[: text.index("nav:\n")] + "nav:\n  - 首页: index.md\n" + text[text.index("extra:\n") :]
    )
    bare = work / "bare" / "mkdocs.yml"
    bare.write_text(text, encoding="utf-8")
    return bare


def edit_reply(path: Path) -> str:
    """Change one reply's title and a sentence of its text; returns the new title."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r"“(关于[^”]+)”", text)
    if match is None:
        raise SystemExit(f"{path}: no quoted title to edit")
    title = match[1].replace("关于", "关于进一步", 1)
    text = text.replace(match[1], title).replace("现答复如下", "现将办理情况答复如下", 1)
    path.write_text(text, encoding="utf-8")
    return title


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


def html_pages(site: Path) -> int:
    """Pages of a built site (its HTML files, the 404 page left out)."""
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


def gzip_bytes(folder: Path) -> int:
    """Total of every file under `folder` gzipped on its own (level 6)."""
    return sum(len(gzip.compress(p.read_bytes(), 6)) for p in folder.rglob("*") if p.is_file())


def load_average() -> float:
    """The 1-minute load average (`uptime`)."""
    return round(os.getloadavg()[0], 2)


def run(replies: int, work: Path, *, serial: bool) -> dict[str, Any]:
    """The whole benchmark in `work`; prints its figures and returns the summary."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    load = [load_average()]
    print(f"load average {load[0]} ({os.cpu_count()} CPUs)", flush=True)
    start = time.perf_counter()
    paths = write_replies(work / "replies", replies)
    print(f"wrote {replies} replies in {time.perf_counter() - start:.1f} s", flush=True)
    config = site_config(work, work / "replies")
    if serial:
        env["OPENREPLIES_SEARCH_SERIAL"] = env["OPENREPLIES_SERIAL"] = "1"
    site = run_build(config, work / "site", env)
    print(
        f"site build: {site.seconds} s, MkDocs {site.main_rss_mb:.0f} MB"
        f" + index worker {site.worker_rss_mb:.0f} MB, all processes {site.tree_rss_mb:.0f} MB",
        flush=True,
    )
    for line in site.log.splitlines():
        if "检索索引" in line:
            print(line.strip(), flush=True)
    published, uris = published_replies(config)
    reply_uris = [uris[r.file] for r in published]
    store = work / ".cache" / "openreplies" / "site"
    bare_env = {k: v for k, v in env.items() if not k.startswith("OPENREPLIES_")}
    bare = run_build(bare_replies_config(work, store, reply_uris), work / "bare" / "site", bare_env)
    print(
        f"bare material, reply pages only: {bare.seconds} s, {bare.main_rss_mb:.0f} MB", flush=True
    )
    edited = published[len(published) // 2]
    title = edit_reply(work / "replies" / edited.file)
    page = work / "site" / uris[edited.file].removesuffix("index.md") / "index.html"
    watch = Watch(page, title)
    dirty = run_build(config, work / "site", env, dirty=True, watch=watch)
    print(f"edit one reply, mkdocs build --dirty: page after {watch.seconds} s,"
          f" build done after {dirty.seconds} s", flush=True)  # fmt: skip
    queries = measure_browser(work / "site")
    for q in queries:
        print(json.dumps(q, ensure_ascii=False), flush=True)
    load.append(load_average())
    pages = html_pages(work / "site")
    return {
        "replies": replies,
        "build_s": site.seconds,
        "bare_replies_s": bare.seconds,
        "replies_ratio": round(site.seconds / bare.seconds, 2),
        "build_cpu_s": site.cpu_seconds,
        "bare_replies_cpu_s": bare.cpu_seconds,
        "replies_ratio_cpu": round(site.cpu_seconds / bare.cpu_seconds, 2),
        "peak_rss_mb": site.peak_rss_mb,
        "pages": pages,
        "pages_per_reply": round(pages / replies, 2),
        "site_bytes": folder_bytes(work / "site"),
        "index_bytes_total": folder_bytes(work / "site" / "search" / "index"),
        "index_bytes_gz": gzip_bytes(work / "site" / "search" / "index"),
        "edit_s": watch.seconds,
        "edit_build_s": dirty.seconds,
        "edit_peak_rss_mb": dirty.peak_rss_mb,
        "first_result_bytes_gz": max(q["bytes_gz"] for q in queries),
        "first_result_ms": max(q["first_result_ms"] for q in queries),
        "load": load,
        "files": len(paths),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m openreplies.bench", description=__doc__)
    parser.add_argument("--replies", type=int, default=1000, help="synthetic replies to build")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument(
        "--serial", action="store_true", help="one process only (no index worker, no parse pool)"
    )
    # Further measurements (e.g. search relevance) add their option here and their figures to
    # the summary below, before it is printed.
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
