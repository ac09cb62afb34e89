"""Published replies and the registry → the site's content, pages and data files.

The plain-function core of a build, shared by the hook and the tests: no MkDocs objects here.
`generate_site` is what a build calls: no reply, however odd, may stop it. Everything made from
the replies (catalog, indexes, related links, pages, exports, feeds, manifest, report, search
documents) is one function of the list of replies; when it raises, bisection finds the replies
that make it raise, each is dropped with a warning naming its file, and the site is generated
again from the others. A reply that fails only together with another (two pages at one address)
is found too: the one whose addition makes the failure appear is dropped. Nothing is retried
when nothing fails, so a sound build pays nothing for this.

A build passes a sink (`Options.sink`, the build cache's `OutputStore`): each page and file
goes to it as soon as it is made, so the Markdown of every page is never in memory at once.
Without a sink (tests, tools) `Outputs` holds them all.
"""

from __future__ import annotations

import itertools
import json
import re
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from .catalog import build_catalog
from .data_pages import (
    CHANGES_URI,
    DATA_URI,
    STATS_URI,
    render_changes,
    render_open_data,
    render_stats,
)
from .export import DataFile, build_exports
from .feeds import Feed, build_feeds, list_feeds
from .index_pages import build_index_pages, report_page
from .indexes import build_indexes
from .manifest import build_manifest, diff_manifests, manifest_file
from .memo import UNCHANGED, UNCHANGED_BYTES, Memo
from .model import FIELD_LABELS, Reply
from .pages import Page, SiteContent, build_reply_pages
from .related import build_related
from .report import Report, build_report
from .search.documents import SearchDoc, search_input
from .settings import Registry
from .urls import DEPARTMENTS_URI, OUTCOMES_URI, POLICIES_URI, PROPOSERS_URI, SESSIONS_URI

NAV_PAGES = frozenset({"index.md", SESSIONS_URI, PROPOSERS_URI, DEPARTMENTS_URI, POLICIES_URI,
                       OUTCOMES_URI, STATS_URI, DATA_URI})  # fmt: skip
"""Generated pages that mkdocs.yml lists in `nav` (as tabs); every other one stays out of it."""

NO_DATE = "1970-01-01"


@dataclass(frozen=True)
class Outputs:
    """Everything a build generates: pages and other files."""

    pages: list[Page]
    files: list[DataFile]
    stored: tuple[str, ...] = ()
    """With a sink: the src URI of every page and path of every file it received, in order
    (`pages` and `files` are then empty)."""

    def uris(self) -> list[str]:
        """Every address generated, pages and files."""
        return [p.uri for p in self.pages] + [f.path for f in self.files] + list(self.stored)


class Sink(Protocol):
    """Where generated pages and files go as they are made (incremental.OutputStore)."""

    uris: list[str]

    def reset(self) -> None:
        """Forget what an earlier, failed attempt sent."""

    def add(self, uri: str, content: str | bytes) -> None:
        """One page's Markdown or one file's bytes."""

    def keep(self, uri: str) -> None:
        """One page or file as the last build made it."""


def build_content(
    published: Iterable[Reply], registry: Registry, memo: Memo | None = None
) -> SiteContent:
    """Catalog, indexes and related links of the published replies."""
    catalog = build_catalog(published)
    indexes = build_indexes(catalog, registry.policies)
    related = build_related(catalog, indexes)
    return SiteContent(catalog, indexes, related, registry.notes, registry.meetings, memo)


def build_outputs(
    content: SiteContent,
    *,
    base_url: str = "",
    report: Report | None = None,
    previous_manifest: dict[str, Any] | None = None,
    offline_zip: str | None = None,
) -> Outputs:
    """Every generated page and data file; the report page only when a report is given."""
    return _collect(iter_outputs(content, base_url=base_url, report=report,
                                 previous_manifest=previous_manifest, offline_zip=offline_zip))  # fmt: skip


def iter_outputs(
    content: SiteContent,
    *,
    base_url: str = "",
    report: Report | None = None,
    previous_manifest: dict[str, Any] | None = None,
    offline_zip: str | None = None,
) -> Iterator[Page | DataFile]:
    """`build_outputs`, one page or file at a time: pages first, then the data files."""
    catalog, indexes = content.catalog, content.indexes
    site_date = max((r.date for r in catalog.replies if r.date), default=NO_DATE)
    feeds = list_feeds(catalog, indexes)
    manifest = build_manifest(catalog, content.memo)
    changes = diff_manifests(previous_manifest, manifest) if previous_manifest else None
    by_page = {feed.page_uri: feed for feed in feeds}
    for page in itertools.chain(build_reply_pages(content), build_index_pages(content)):
        # An unchanged page is kept whole, its feed link included (the feed's path and title
        # come from the page's address and name, both in its digest).
        unchanged = page.markdown is UNCHANGED
        yield with_feed(page, by_page[page.uri]) if page.uri in by_page and not unchanged else page
    extra = [
        Page(STATS_URI, render_stats(catalog, indexes)),
        Page(DATA_URI, render_open_data(catalog, offline_zip)),
        Page(CHANGES_URI, render_changes(changes, previous_manifest, manifest)),
    ]
    if report is not None:
        extra.append(report_page(report))
    for page in extra:
        yield with_feed(page, by_page[page.uri]) if page.uri in by_page else page
    yield from build_exports(catalog, base_url, content.memo)
    yield from build_feeds(feeds, catalog, base_url, site_date, content.memo)
    yield manifest_file(manifest)


def with_feed(page: Page, feed: Feed) -> Page:
    """The page advertising its feed: front matter for <link rel="alternate">, and a link."""
    # JSON strings are YAML, and much faster to write than yaml.safe_dump (as front_matter).
    meta = f"feed: {json.dumps(feed.path)}\nfeed_title: {json.dumps(feed.title)}\n"
    body = page.markdown.removeprefix("---\n")
    depth = page.uri.count("/")
    target = "../" * depth + feed.path
    subscribe = f"\n[订阅本页的更新（Atom）]({target})\n"
    return Page(page.uri, "---\n" + meta + body + subscribe)


@dataclass(frozen=True)
class Options:
    """What a build asks of the generation besides the replies and the registry."""

    base_url: str = ""
    draft: bool = False
    """A draft (non-strict) build also gets the report page."""
    previous_manifest: dict[str, Any] | None = None
    offline_zip: str | None = None
    sink: Sink | None = field(default=None, compare=False)
    """Where pages and files go as they are made; None: kept in `Outputs`."""
    memo: Memo | None = field(default=None, compare=False)
    """The last build's outputs by their inputs (only with a sink, which holds them)."""


@dataclass(frozen=True)
class Dropped:
    """A published reply left out of the site because generating it failed."""

    file: str
    reason: str
    """What went wrong, in one line (ExcType: message, or the missing fields)."""
    detail: str = field(default="", repr=False)
    """The traceback, for the debug log."""

    @property
    def message(self) -> str:
        """The build log's warning, starting with the file."""
        return f"{self.file}: 生成页面时出错（{self.reason}），该答复未发布"


@dataclass(frozen=True)
class Generated:
    """One build's generated site and the replies it had to leave out."""

    content: SiteContent
    outputs: Outputs
    report: Report
    dropped: tuple[Dropped, ...] = ()


class GenerationError(Exception):
    """Not even a site without replies could be generated (a fault in no reply)."""


def generate_site(published: Iterable[Reply], registry: Registry, options: Options) -> Generated:
    """The whole generated site from the published replies, leaving out each reply that makes
    generation fail (named in `dropped`), so that one bad file costs one page, never the site.

    Raises:
        GenerationError: generation fails even without any reply.
    """
    ready, incomplete = _complete(published)

    def attempt(replies: Sequence[Reply]) -> Generated:
        return _generate(replies, registry, options)

    generated, failed = survive(ready, attempt)
    return Generated(generated.content, generated.outputs, generated.report,
                     (*incomplete, *failed))  # fmt: skip


def _complete(published: Iterable[Reply]) -> tuple[list[Reply], list[Dropped]]:
    """The replies that have every field a page needs, and the others as dropped."""
    ready: list[Reply] = []
    dropped: list[Dropped] = []
    for reply in published:
        missing = reply.missing_required()
        if missing:
            labels = "、".join(FIELD_LABELS.get(key, key) for key in missing)
            dropped.append(Dropped(reply.file, f"缺少{labels}"))
        else:
            ready.append(reply)
    return ready, dropped


def _generate(replies: Sequence[Reply], registry: Registry, options: Options) -> Generated:
    """Everything made from these replies, checked: every address once, search documents text."""
    memo = options.memo if options.sink is not None else None
    if memo is not None:
        memo.reset()
    content = build_content(replies, registry, memo)
    report = build_report(content.catalog, content.indexes, registry.names)
    items = iter_outputs(
        content,
        base_url=options.base_url,
        report=report if options.draft else None,
        previous_manifest=options.previous_manifest,
        offline_zip=options.offline_zip,
    )
    outputs = _collect(items) if options.sink is None else _send(items, options.sink)
    check_addresses(outputs)
    # A reply whose page is unchanged was checked when it was made.
    catalog = content.catalog
    if memo is not None:
        catalog = build_catalog(r for r in replies if catalog.reply_uris[r.file] in memo.missed)
    docs, _ = search_input(catalog, registry.names.tables, _default_url)
    for doc in docs:
        check_document(doc)
    return Generated(content, outputs, report)


def _collect(items: Iterable[Page | DataFile]) -> Outputs:
    pages: list[Page] = []
    files: list[DataFile] = []
    for item in items:
        if isinstance(item, Page):
            pages.append(item)
        else:
            files.append(item)
    return Outputs(pages, files)


def _send(items: Iterable[Page | DataFile], sink: Sink) -> Outputs:
    sink.reset()
    for item in items:
        uri, made = (
            (item.uri, item.markdown) if isinstance(item, Page) else (item.path, item.content)
        )
        if made is UNCHANGED or made is UNCHANGED_BYTES:
            sink.keep(uri)
        else:
            sink.add(uri, made)
    return Outputs([], [], tuple(sink.uris))


def _default_url(src_uri: str) -> str:
    return src_uri.removesuffix("index.md")


def check_addresses(outputs: Outputs) -> None:
    """Raise when two generated pages or files share an address (one would vanish)."""
    counts = Counter(outputs.uris())
    clashes = sorted(uri for uri, n in counts.items() if n > 1)
    if clashes:
        raise ValueError(f"两个页面的地址相同：{clashes[0]}")


def check_document(doc: SearchDoc) -> None:
    """Raise when a search document holds anything but text where the index expects text."""
    values = (doc.url, doc.session, doc.session_name, doc.kind, doc.department, doc.proposer,
              doc.category, *doc.fields, *doc.record)  # fmt: skip
    if not all(isinstance(v, str) for v in values):
        raise TypeError(f"检索文档 {doc.url} 含有非文本的字段")


T = TypeVar("T")
_SPACE_RE = re.compile(r"\s+")
_REASON_LENGTH = 300


@dataclass(frozen=True)
class Failure:
    """What one attempt raised."""

    reason: str
    detail: str


def survive(
    replies: Sequence[Reply], attempt: Callable[[Sequence[Reply]], T]
) -> tuple[T, list[Dropped]]:
    """`attempt(replies)`, leaving out the replies that make it raise.

    Raises:
        GenerationError: attempt([]) raises too, so no reply is to blame.
    """
    survivors = list(replies)
    dropped: list[Dropped] = []
    result, failure = run(attempt, survivors)
    if failure is not None:
        _, empty = run(attempt, [])
        if empty is not None:
            raise GenerationError(empty.reason)
    while failure is not None:
        culprits = _culprits(survivors, attempt, failure)
        dropped += culprits
        bad = {d.file for d in culprits}
        survivors = [r for r in survivors if r.file not in bad]
        result, failure = run(attempt, survivors)
    return result, dropped


def run(
    attempt: Callable[[Sequence[Reply]], T], replies: Sequence[Reply]
) -> tuple[T | None, Failure | None]:
    """The attempt's result, or what it raised (any Exception: a bug must not stop the build)."""
    try:
        return attempt(replies), None
    except Exception as exc:
        reason = _SPACE_RE.sub(" ", f"{type(exc).__name__}: {exc}").strip()
        return None, Failure(reason[:_REASON_LENGTH], traceback.format_exc())


def _culprits(
    replies: list[Reply], attempt: Callable[[Sequence[Reply]], T], failure: Failure
) -> list[Dropped]:
    """Replies to drop from `replies`, which fail together with `failure`: each one that fails
    within its half (down to alone), or else the one that completes a failing combination."""
    if len(replies) == 1:
        return [Dropped(replies[0].file, failure.reason, failure.detail)]
    half = len(replies) // 2
    found: list[Dropped] = []
    for part in (replies[:half], replies[half:]):
        _, part_failure = run(attempt, part)
        if part_failure is not None:
            found += _culprits(part, attempt, part_failure)
    return found or [_completing(replies[:half], replies[half:], attempt, failure)]


def _completing(
    left: list[Reply], right: list[Reply], attempt: Callable[[Sequence[Reply]], T], failure: Failure
) -> Dropped:
    """`left` and `right` pass alone but fail together: the first reply of `right` whose
    addition to `left` (with the ones before it) makes the attempt fail."""
    passing, failing = 0, len(right)
    while failing - passing > 1:
        middle = (passing + failing) // 2
        _, found = run(attempt, [*left, *right[:middle]])
        if found is None:
            passing = middle
        else:
            failing, failure = middle, found
    culprit = right[failing - 1]
    return Dropped(culprit.file, failure.reason, failure.detail)
