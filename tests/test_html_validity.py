"""The Nu HTML checker (vnu.jar from npm's vnu-jar, run with Java) on a page of each type.

Every error fails the test except the few that material's own templates cause (MATERIAL,
each with the markup it comes from and why it is material's). The checker runs offline from
node_modules/; without Java or the jar the tests skip, except under CI=true.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import SAMPLE_PAGES
from sitebuild import REPO, BuiltSite

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class Known:
    """An error of material's markup: the message's start and the markup it points at."""

    message: str
    markup: str
    why: str


MATERIAL = (
    Known(
        "Attribute “autocomplete” is only allowed when the input type is",
        '<input class="md-toggle" data-md-toggle=',
        "base.html's hidden checkboxes __drawer and __search (the drawer and search toggles) "
        'carry autocomplete="off", which HTML allows on text-like inputs only',
    ),
    Known(
        "The value of the “for” attribute of the “label” element must be the ID of a "
        "non-hidden form control.",
        '<label class="md-nav__title" for="__toc">',
        "partials/toc.html labels the checkbox __toc, which partials/nav-item.html writes only "
        "for a page listed in the nav; reply, department and policy pages are kept out of the "
        "nav (README, Pages and addresses), so on them the label has no control",
    ),
)


def page_files(site: BuiltSite) -> dict[str, Path]:
    """The HTML file of each page type of the sample site (the search page once)."""
    files = {}
    for kind, url in SAMPLE_PAGES.items():
        path = "404.html" if kind == "404" else url.partition("?")[0] + "index.html"
        files.setdefault(path, kind)
    return {kind: site.root / path for path, kind in files.items()}


def require_checker() -> list[str]:
    """The command that runs the checker; skips without Java or vnu.jar, fails under CI."""
    java = shutil.which("java")
    missing = [what for what, there in (("java", java), (str(VNU), VNU.is_file())) if not there]
    if missing:
        message = f"the Nu HTML checker needs {' and '.join(missing)}"
        hint = "(apt-get install openjdk-17-jre-headless; scripts/setup runs npm ci for vnu-jar)"
        if os.environ.get("CI"):
            pytest.fail(f"CI=true but {message} {hint}")
        pytest.skip(f"{message} {hint}")
    return [str(java), "-jar", str(VNU)]


def check(files: list[Path]) -> list[dict]:
    """The checker's errors for the files (its JSON messages of type error)."""
    done = subprocess.run(
        [*require_checker(), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    messages = json.loads(done.stderr)["messages"]
    return [m for m in messages if m["type"] in ("error", "non-document-error")]


def highlighted(message: dict) -> str:
    """The markup the message points at."""
    extract = message.get("extract", "")
    start = message.get("hiliteStart", 0)
    return extract[start : start + message.get("hiliteLength", len(extract))]


def material_cause(message: dict) -> Known | None:
    """The known material error this message is, if it is one."""
    for known in MATERIAL:
        if message["message"].startswith(known.message) and known.markup in highlighted(message):
            return known
    return None


def describe(message: dict) -> str:
    where = message.get("url", "").rsplit("/site/", 1)[-1]
    return f"{where}:{message.get('lastLine', '?')}: {message['message']} [{highlighted(message)}]"


def test_pages_of_every_type_have_no_html_error_of_our_own(sample_site: BuiltSite) -> None:
    """Check that the Nu HTML checker finds no error on any page type except material's own,
    and that each of material's filtered errors still occurs (else remove it from MATERIAL)."""
    files = page_files(sample_site)
    assert all(path.is_file() for path in files.values()), files
    errors = check(list(files.values()))
    ours = [describe(m) for m in errors if material_cause(m) is None]
    assert ours == []
    seen = {material_cause(m) for m in errors}
    assert [k.why for k in MATERIAL if k not in seen] == []


def test_the_checker_reports_errors_and_the_filter_keeps_ours(tmp_path: Path) -> None:
    """Check that the checker sees an empty form action and two errors like material's in
    markup that is not material's, and that none of the three is filtered."""
    page = tmp_path / "index.html"
    page.write_text(
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>t</title></head>'
        '<body><form action="" role="search"><input type="checkbox" class="or-x" '
        'autocomplete="off" aria-label="x"></form><label for="__nothing">x</label>'
        "</body></html>",
        encoding="utf-8",
    )
    errors = check([page])
    assert [material_cause(m) for m in errors] == [None, None, None]
    assert any("“action”" in m["message"] for m in errors)
