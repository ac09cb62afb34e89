"""Driving Debian's Chromium with Playwright over a built site served on localhost."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

SAMPLE_PAGES = {
    "home": "",
    "sessions": "sessions/",
    "session": "yichang/zx/6-3/",
    "proposal with several replies": "yichang/zx/6-3/101/",
    "reply": "yichang/zx/6-3/257/",
    "reply of several": "yichang/zx/6-3/101/jiaotongyunshuju/",
    "proposers": "proposers/",
    "proposer": "proposers/jiusanxueshe/",
    "departments": "departments/",
    "department": "departments/yichangshijiaoyuju/",
    "policies": "policies/",
    "policy": "policies/yifufa-2018-62/",
    "outcomes": "outcomes/",
    "outcome list": "yichang/zx/6-3/outcome-a/",
    "stats": "stats/",
    "open data": "data/",
    "changes": "changes/",
    "about": "about/",
    "search": "search/",
    "search results": "search/?q=教育",
    "404": "no/such/page/",
}
"""One page of each type of the sample site (replies/): its address under the site root.
The 404 type is an address the site does not have, which `serve` answers with 404.html."""


def require_chromium() -> str:
    """Chromium's path; skips on a developer machine without it, fails under CI."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI=true but /usr/bin/chromium is missing (scripts/setup --browser)")
        pytest.skip("Debian's chromium is not installed (run scripts/setup --browser as root)")
    return CHROMIUM


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Like a web host: an address the site does not have gets the site's 404.html.
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve a folder on a free localhost port (404.html for a missing address, as a web
    host does); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser driven by Playwright."""
    from playwright.sync_api import sync_playwright

    path = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def unpack_offline_zip(zip_path: Path, target: Path) -> Path:
    """Unpack the offline copy; returns its folder (the one holding index.html)."""
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(target)
    (folder,) = [p for p in target.iterdir() if p.is_dir()]
    return folder


def offline_address(folder: Path, url: str) -> str:
    """The file:// address of a page of the unpacked offline copy (`search/?q=x` →
    `…/search/index.html?q=x`), as its own links give it."""
    path, _, query = url.partition("?")
    page = path if path.endswith(".html") else path + "index.html"
    return (folder / page).as_uri() + (f"?{query}" if query else "")


class PageProblems:
    """What a user's browser console would show while a page loads: script errors, console
    errors and warnings, and requests that failed or got an HTTP error status."""

    def __init__(self, page: Any) -> None:
        self.found: list[str] = []
        self.expected_status: dict[str, int] = {}
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"script error: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def expect_status(self, url: str, status: int) -> None:
        """Expect `url` to answer `status` (the 404 page itself), with its console line."""
        self.expected_status[url] = status

    def _console(self, message: Any) -> None:
        if message.type not in ("error", "warning"):
            return
        where = message.location.get("url", "")
        if where in self.expected_status and str(self.expected_status[where]) in message.text:
            return
        self.found.append(f"console {message.type}: {message.text} ({where})")

    def _failed(self, request: Any) -> None:
        self.found.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and self.expected_status.get(response.url) != response.status:
            self.found.append(f"HTTP {response.status}: {response.url}")


def problems_loading(browser: Any, urls: dict[str, str], statuses: dict[str, int] | None = None,
                     batch: int = 6) -> dict[str, list[str]]:  # fmt: skip
    """Load each page (name → URL) once nothing more loads; name → what its console showed
    and which of its requests failed. Pages load a few tabs at a time, so the half second
    each waits for the network to go quiet is spent side by side."""
    statuses = statuses or {}
    found: dict[str, list[str]] = {}
    names = list(urls)
    for start in range(0, len(names), batch):
        tabs = []
        for name in names[start : start + batch]:
            page = browser.new_page()
            problems = PageProblems(page)
            status = statuses.get(name, 200)
            if status != 200:
                problems.expect_status(urls[name], status)
            response = page.goto(urls[name], wait_until="commit")
            if response is not None and response.status != status:
                problems.found.append(f"HTTP {response.status} for the page itself")
            tabs.append((name, page, problems))
        for name, page, problems in tabs:
            page.wait_for_load_state("networkidle")
            found[name] = problems.found
            page.close()
    return found
