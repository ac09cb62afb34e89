"""No broken internal link: every local href and src of every built page points to a file.

Relative links, absolute-path links (the 404 page uses them) and links to the site's own
`site_url` are resolved inside the built site; a folder address means its index.html. Pages
must load nothing from other hosts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from sitebuild import BuiltSite

BASE = "http://site.invalid/"
"""A stand-in origin to resolve links against: the site's root."""
RESOURCE_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "apple-touch-icon",
                 "manifest", "preconnect", "dns-prefetch", "mask-icon"}  # fmt: skip
"""`<link rel>` values that make the browser fetch something (or open a connection)."""
SKIPPED_SCHEMES = ("mailto:", "tel:", "data:")


def site_url(site: BuiltSite) -> str | None:
    """The `site_url` of the config the site was built with, if any."""
    config = (site.root.parent / "mkdocs.yml").read_text(encoding="utf-8")
    found = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", config, re.MULTILINE)
    return found[1].rstrip("/") + "/" if found else None


def references(page: Path, root: Path) -> Iterator[tuple[str, str, bool]]:
    """(attribute value, tag, loads a resource) for every link and source on a page."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag in soup.find_all(href=True):
        rels = set(tag.get("rel") or []) if tag.name == "link" else set()
        yield tag["href"], tag.name, bool(rels & RESOURCE_RELS)
    for tag in soup.find_all(src=True):
        yield tag["src"], tag.name, True
    for tag in soup.find_all(srcset=True):
        for candidate in tag["srcset"].split(","):
            if candidate.strip():
                yield candidate.split()[0], tag.name, True
    for tag in soup.find_all("form", action=True):
        yield tag["action"], "form", False


def target_file(root: Path, page: Path, href: str, own_url: str | None) -> Path | None:
    """The file a local link points to, or None when the link leaves the site."""
    if own_url and href.startswith(own_url):
        href = "/" + href.removeprefix(own_url)
    page_url = BASE + page.relative_to(root).as_posix()
    resolved = urlparse(urljoin(page_url, href))
    if f"{resolved.scheme}://{resolved.netloc}/" != BASE:
        return None
    path = unquote(resolved.path).lstrip("/")
    target = root / path
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def check_site(site: BuiltSite) -> tuple[list[str], list[str], int]:
    """Broken local links, resources loaded from other hosts, and how many links were checked."""
    root, own_url = site.root, site_url(site)
    broken: list[str] = []
    external: list[str] = []
    checked = 0
    for page in sorted(root.rglob("*.html")):
        name = page.relative_to(root).as_posix()
        for href, tag, loads in references(page, root):
            href = href.strip()
            if not href or href.startswith("#") or href.lower().startswith(SKIPPED_SCHEMES):
                continue
            target = target_file(root, page, href, own_url)
            if target is None:
                if loads:
                    external.append(f"{name}: <{tag}> {href}")
                continue
            checked += 1
            if not target.is_file():
                broken.append(f"{name}: <{tag}> {href}")
    return broken, external, checked


@pytest.mark.parametrize("which", ["sample_site", "corpus_site"])
def test_every_local_link_and_source_points_to_a_file(
    which: str, request: pytest.FixtureRequest
) -> None:
    """Check that each local href/src on every page of the sample and corpus sites resolves."""
    site: BuiltSite = request.getfixturevalue(which)
    broken, _external, checked = check_site(site)
    pages = len(list(site.root.rglob("*.html")))
    assert checked > pages * 10
    assert broken == []


@pytest.mark.parametrize("which", ["sample_site", "corpus_site"])
def test_no_page_loads_anything_from_another_host(
    which: str, request: pytest.FixtureRequest
) -> None:
    """Check that no script, stylesheet, image or other resource comes from an http(s) host."""
    site: BuiltSite = request.getfixturevalue(which)
    assert check_site(site)[1] == []


def test_sitemap_lists_only_pages_that_exist(sample_site: BuiltSite) -> None:
    """Check that every address in sitemap.xml is a page of the built site."""
    sitemap = (sample_site.root / "sitemap.xml").read_text(encoding="utf-8")
    own_url = site_url(sample_site) or ""
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locations) > 20
    missing = [
        loc
        for loc in locations
        if not (sample_site.root / loc.removeprefix(own_url) / "index.html").is_file()
    ]
    assert missing == []


def test_checker_reports_a_broken_link_and_an_external_script(tmp_path: Path) -> None:
    """Check that the checker itself catches a missing target and a script from another host."""
    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_text(
        '<a href="../b/">b</a><a href="/a/">a</a><a href="#top">top</a>'
        '<a href="https://example.org/">out</a><img src="x.png">'
        '<script src="https://cdn.example.org/x.js"></script>',
        encoding="utf-8",
    )
    (root / "a" / "x.png").write_bytes(b"")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    broken, external, checked = check_site(BuiltSite(root, 0, ""))
    assert broken == ["a/index.html: <a> ../b/"]
    assert external == ["a/index.html: <script> https://cdn.example.org/x.js"]
    assert checked == 3
