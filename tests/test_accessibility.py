"""axe-core in Debian's Chromium on every kind of page: no serious or critical violation, and
no two landmarks of one role with the same name (landmark-unique).

axe-core comes from npm (package.json, installed by scripts/setup into node_modules/); it is
injected into each page with Playwright after the page has loaded from a local server.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, SAMPLE_PAGES, chromium, serve
from sitebuild import REPO, BuiltSite

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
ALWAYS = ("landmark-unique",)
"""Rules that fail the test whatever their impact (landmark-unique is "moderate")."""


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


def violations(browser: object, url: str, viewports: list[dict[str, int]]) -> list[dict]:
    """axe-core's violations on one page at each screen size in turn, as JSON objects."""
    page = browser.new_page(viewport=viewports[0])  # type: ignore[attr-defined]
    found = []
    try:
        # The search page fills itself from the index: wait until nothing more loads.
        page.goto(url, wait_until="networkidle" if "/search/" in url else "load")
        page.add_script_tag(path=str(AXE))
        for viewport in viewports:
            page.set_viewport_size(viewport)
            result = page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})"
            )
            found += [{**v, "viewport": viewport["width"]} for v in result["violations"]]
    finally:
        page.close()
    return found


def summary(found: list[dict]) -> list[str]:
    """One line per violation: impact, rule, help and the first elements it concerns."""
    return [
        f"{v['viewport']} px: {v['impact']} {v['id']}: {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in found
    ]


@pytest.mark.parametrize("name", list(SAMPLE_PAGES))
def test_page_has_no_serious_or_critical_axe_violation(
    name: str, browser_on_site: tuple[object, str]
) -> None:
    """Check with axe-core, on a desktop and then a phone screen, that the page has no
    violation of serious or critical impact and no landmark sharing its role and name with
    another (two unnamed role=search forms)."""
    browser, base = browser_on_site
    found = violations(browser, base + SAMPLE_PAGES[name], [DESKTOP, PHONE])
    assert summary([v for v in found if v["impact"] in BLOCKING or v["id"] in ALWAYS]) == []


def test_axe_reports_a_serious_violation_it_is_shown(
    browser_on_site: tuple[object, str], tmp_path: Path
) -> None:
    """Check that the harness sees violations: an image without alt text, an unlabeled input
    and two search landmarks without names (landmark-unique)."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="zh"><head><title>t</title></head><body><main>'
        '<img src="x.png"><input type="text">'
        '<form role="search"><input type="search" aria-label="a"></form>'
        '<form role="search"><input type="search" aria-label="b"></form></main></body></html>',
        encoding="utf-8",
    )
    browser, _base = browser_on_site
    with serve(tmp_path) as base:
        found = violations(browser, base, [{"width": 800, "height": 600}])
    blocking = {v["id"] for v in found if v["impact"] in BLOCKING or v["id"] in ALWAYS}
    assert {"image-alt", "label", "landmark-unique"} <= blocking
