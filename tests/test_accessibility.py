"""axe-core in Debian's Chromium on the main kinds of page: no serious or critical violation.

axe-core comes from npm (package.json, installed by scripts/setup into node_modules/); it is
injected into each page with Playwright after the page has loaded from a local server.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import chromium, serve
from sitebuild import REPO, BuiltSite

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "",
    "session index": "yichang/zx/6-3/",
    "reply": "yichang/zx/6-3/257/",
    "search": "search/",
    "search results": "search/?q=教育",
}
BLOCKING = ("serious", "critical")


def require_axe() -> Path:
    """axe.min.js; skips on a developer machine without it, fails under CI."""
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI=true but {AXE} is missing (scripts/setup runs npm ci)")
        pytest.skip("axe-core is not installed (run scripts/setup, which runs npm ci)")
    return AXE


@pytest.fixture(scope="module")
def browser_on_site(sample_site: BuiltSite) -> Iterator[tuple[object, str]]:
    """A Chromium browser and the base URL of the sample site served on localhost."""
    require_axe()
    with serve(sample_site.root) as base, chromium() as browser:
        yield browser, base


def violations(browser: object, url: str, viewport: dict[str, int]) -> list[dict]:
    """axe-core's violations on one page, as JSON objects."""
    page = browser.new_page(viewport=viewport)  # type: ignore[attr-defined]
    try:
        page.goto(url, wait_until="networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    finally:
        page.close()
    return result["violations"]


def summary(found: list[dict]) -> list[str]:
    """One line per violation: impact, rule, help and the first elements it concerns."""
    return [
        f"{v['impact']} {v['id']}: {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in found
    ]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])  # fmt: skip
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_or_critical_axe_violation(
    name: str,
    viewport: dict[str, int],
    browser_on_site: tuple[object, str],
    sample_site: BuiltSite,
) -> None:
    """Check with axe-core that the page has no violation of serious or critical impact."""
    url = PAGES[name]
    if name.startswith("search") and not (sample_site.root / "search" / "index.html").is_file():
        pytest.skip("the site has no search page (search/) yet")
    browser, base = browser_on_site
    found = violations(browser, base + url, viewport)
    assert summary([v for v in found if v["impact"] in BLOCKING]) == []


def test_axe_reports_a_serious_violation_it_is_shown(
    browser_on_site: tuple[object, str], tmp_path: Path
) -> None:
    """Check that the harness sees violations: an image without alt text and an unlabeled input."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="zh"><head><title>t</title></head><body><main>'
        '<img src="x.png"><input type="text"></main></body></html>',
        encoding="utf-8",
    )
    browser, _base = browser_on_site
    with serve(tmp_path) as base:
        found = violations(browser, base, {"width": 800, "height": 600})
    assert {"image-alt", "label"} <= {v["id"] for v in found if v["impact"] in BLOCKING}
