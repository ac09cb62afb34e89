"""Live editing: `mkdocs serve` rebuilds when a reply or the registry changes, no restart.

One real `mkdocs serve` runs for the module on a free port of 127.0.0.1, over a temporary copy
of the sample replies and registry. Every wait is bounded; the server is always stopped.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sitebuild import REPO, write_config

SEED = "000_4a107d630228771d.txt"
SEED_URL = "yichang/zx/6-3/257/"
STARTUP = 120.0
"""Seconds for the first build and the server to come up."""
REBUILD = 60.0
"""Seconds for a change to show."""

NEW_REPLY = """宜昌市民政局

关于政协宜昌市六届三次会议第{number}号提案的答复

分类：B

王秀兰委员：

您提出的“{title}”的提案收悉。现答复如下：

我局认真研究了您的提案，{sentence}

宜昌市民政局
2024年6月1日

公开情况：公开
"""


@dataclass
class LiveSite:
    """A running `mkdocs serve` and the folders it watches."""

    base: str
    """The served root, e.g. http://127.0.0.1:38123/."""
    replies: Path
    registry: Path
    process: subprocess.Popen[bytes]
    log: Path

    def fetch(self, url: str) -> tuple[int, str]:
        """HTTP status and text of a page."""
        try:
            with urllib.request.urlopen(self.base + url, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", errors="replace")

    def wait_for(self, url: str, ok: Callable[[int, str], bool], timeout: float) -> tuple[int, str]:
        """Poll a page until `ok(status, text)`; fails with the server log after `timeout`."""
        deadline = time.monotonic() + timeout
        status, text = 0, ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"mkdocs serve exited ({self.process.returncode}):\n{self.tail()}")
            try:
                status, text = self.fetch(url)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                status, text = 0, ""
            if ok(status, text):
                return status, text
            time.sleep(0.5)
        pytest.fail(f"{url}: still {status} after {timeout:.0f} s\n{self.tail()}")

    def tail(self) -> str:
        """The end of the server's log."""
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ctrl-C first, so `mkdocs serve` removes its temporary site; then terminate, then kill."""
    for send in (lambda: process.send_signal(signal.SIGINT), process.terminate, process.kill):
        if process.poll() is not None:
            return
        send()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    """`mkdocs serve` over a copy of the sample replies, up and serving the seed's page."""
    folder = tmp_path_factory.mktemp("serve")
    replies, registry = folder / "replies", folder / "registry"
    shutil.copytree(REPO / "replies", replies)
    shutil.copytree(REPO / "registry", registry)
    config = write_config(folder, replies, registry)
    port = free_port()
    log = folder / "serve.log"
    # MkDocs serves from a mkdtemp() folder; under the test's own folder it never outlives it.
    (folder / "tmp").mkdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000",
           "TMPDIR": str(folder / "tmp")}  # fmt: skip
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config),
               "-a", f"127.0.0.1:{port}"]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
        )
    try:
        site = LiveSite("", replies, registry, process, log)
        deadline = time.monotonic() + STARTUP
        while not (found := re.search(r"Serving on (http://127\.0\.0\.1:\d+/\S*)", site.tail())):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"mkdocs serve did not start:\n{site.tail()}")
            time.sleep(0.5)
        site.base = found[1]
        site.wait_for(SEED_URL, lambda status, _text: status == 200, STARTUP)
        yield site
    finally:
        stop(process)


def write_reply(live: LiveSite, name: str, number: int, title: str, sentence: str) -> None:
    text = NEW_REPLY.format(number=number, title=title, sentence=sentence)
    (live.replies / name).write_text(text, encoding="utf-8")


def test_editing_a_reply_updates_its_page_without_restart(live: LiveSite) -> None:
    """Check that a changed sentence in a reply file shows on its served page."""
    seed = live.replies / SEED
    text = seed.read_text(encoding="utf-8")
    old = "开设了 31 个订单班"
    assert old in text and old in live.fetch(SEED_URL)[1]
    seed.write_text(text.replace(old, "开设了 32 个实时编辑订单班"), encoding="utf-8")
    _status, page = live.wait_for(SEED_URL, lambda _s, html: "32 个实时编辑订单班" in html, REBUILD)
    assert old not in page
    assert live.process.poll() is None


def test_a_new_reply_file_gets_its_page(live: LiveSite) -> None:
    """Check that a reply file dropped into replies/ is served at its address."""
    assert live.fetch("yichang/zx/6-3/88/")[0] == 404
    write_reply(live, "new-88.txt", 88, "关于实时新增答复甲的建议", "新增答复的正文甲。")
    _status, page = live.wait_for("yichang/zx/6-3/88/", lambda status, _t: status == 200, REBUILD)
    assert "关于实时新增答复甲的建议" in page and "新增答复的正文甲。" in page


def test_withholding_in_disclosure_yaml_removes_the_page(live: LiveSite) -> None:
    """Check that a 不予公开 decision for a served reply makes its page 404 and its title vanish
    from the session page."""
    write_reply(live, "new-89.txt", 89, "关于实时撤回答复乙的建议", "撤回答复的正文乙。")
    live.wait_for("yichang/zx/6-3/89/", lambda status, _t: status == 200, REBUILD)
    decisions = live.registry / "disclosure.yaml"
    decisions.write_text(
        decisions.read_text(encoding="utf-8")
        + "  - path: new-89.txt\n    decision: 不予公开\n    by: 测试\n    date: 2024-07-01\n",
        encoding="utf-8",
    )
    live.wait_for("yichang/zx/6-3/89/", lambda status, _t: status == 404, REBUILD)
    status, session = live.fetch("yichang/zx/6-3/")
    assert status == 200 and "关于实时撤回答复乙的建议" not in session
    assert "撤回答复的正文乙" not in live.fetch("yichang/zx/6-3/89/")[1]
