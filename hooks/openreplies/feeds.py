"""Atom feeds of new replies: the whole site, and per session, department and proposer.

Written with feedgen. Dates come from the replies (an undated reply takes the newest date of the
site), so the feeds are the same on every rebuild. The pages of sessions, departments and
proposers advertise their feed with <link rel="alternate"> through their front matter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from .catalog import Catalog
from .display import category_label, number_label, reply_session, reply_title, role_label
from .export import DataFile, reply_url
from .indexes import Indexes
from .memo import UNCHANGED_BYTES, Memo, digest
from .model import Reply

FEEDS_DIR = "feeds"
ALL_FEED = f"{FEEDS_DIR}/all.xml"
LATEST = 50
"""Entries in the site-wide feed; the other feeds list every reply they cover."""


@dataclass(frozen=True)
class Feed:
    """One feed: its file, title, and the page it belongs to."""

    path: str
    title: str
    page_uri: str
    replies: tuple[Reply, ...]


def feed_path(page_uri: str) -> str:
    """The feed of an index page: departments/x/index.md → feeds/departments/x.xml;
    a session yichang/zx/6-3/index.md → feeds/sessions/yichang-zx-6-3.xml."""
    stem = page_uri.removesuffix("index.md").strip("/")
    if stem.startswith(("departments/", "proposers/")):
        return f"{FEEDS_DIR}/{stem}.xml"
    return f"{FEEDS_DIR}/sessions/{stem.replace('/', '-')}.xml"


def list_feeds(catalog: Catalog, indexes: Indexes) -> list[Feed]:
    """Every feed of the site, the site-wide one first."""
    feeds = [
        Feed(ALL_FEED, "公开答复：最新答复", "index.md", tuple(newest(catalog.replies)[:LATEST]))
    ]
    for session in catalog.sessions:
        replies = session.replies
        feeds.append(Feed(feed_path(session.uri), f"{session.name}：答复", session.uri,
                          tuple(newest(replies))))  # fmt: skip
    for department in indexes.departments:
        replies = [*department.led, *department.co]
        if replies:
            feeds.append(Feed(feed_path(department.uri), f"{department.name}：答复",
                              department.uri, tuple(newest(replies))))  # fmt: skip
    for proposer in indexes.proposers:
        replies = [r for p in proposer.proposals for r in p.replies]
        feeds.append(Feed(feed_path(proposer.uri), f"{proposer.name}：提案和建议的答复",
                          proposer.uri, tuple(newest(replies))))  # fmt: skip
    return feeds


def newest(replies: Iterable[Reply]) -> list[Reply]:
    """Newest first; undated replies after the dated ones, each group in file order."""
    # A reversed sort keeps equal keys in their order (file order, from the first sort), and
    # an undated reply's "" sorts after every date.
    by_file = sorted(replies, key=lambda r: r.file)
    return sorted(by_file, key=lambda r: r.date or "", reverse=True)


def render_feed(feed: Feed, catalog: Catalog, base_url: str, site_date: str) -> bytes:
    """The Atom XML of one feed."""
    generator = FeedGenerator()
    generator.id(_absolute(base_url, feed.path))
    generator.title(feed.title)
    generator.link(
        href=_absolute(base_url, feed.page_uri.removesuffix("index.md")), rel="alternate"
    )
    generator.link(href=_absolute(base_url, feed.path), rel="self")
    generator.language("zh")
    generator.generator("openreplies")
    dates = [r.date for r in feed.replies if r.date]
    generator.updated(_timestamp(max(dates, default=site_date)))
    for reply in reversed(feed.replies):  # feedgen puts the last added entry first
        _add_entry(generator, reply, catalog, base_url, site_date)
    return generator.atom_str(pretty=True)


def _add_entry(
    generator: FeedGenerator, reply: Reply, catalog: Catalog, base_url: str, site_date: str
) -> None:
    entry = generator.add_entry()
    url = reply_url(reply, catalog, base_url)
    entry.id(url if base_url else _absolute("", url))
    entry.title(reply_title(reply))
    entry.link(href=url)
    entry.updated(_timestamp(reply.date or site_date))
    entry.author(name=reply.department)
    role = role_label(reply.role)
    entry.summary(
        f"{reply_session(reply)}{number_label(reply)}，{reply.department}"
        f"{f'（{role}）' if role else ''}答复，{category_label(reply.category)}"
    )


def _absolute(base_url: str, path: str) -> str:
    if base_url:
        return f"{base_url.rstrip('/')}/{path.lstrip('/')}"
    return f"urn:openreplies:{path.lstrip('/')}"


def _timestamp(date: str) -> dt.datetime:
    return dt.datetime.fromisoformat(date).replace(tzinfo=dt.UTC)


def build_feeds(
    feeds: Sequence[Feed], catalog: Catalog, base_url: str, site_date: str, memo: Memo | None = None
) -> Iterator[DataFile]:
    """The Atom file of each feed, one at a time (with a `memo`, a feed whose inputs are the
    last build's is not made again)."""
    for feed in feeds:
        if memo is not None and memo.stored(
            feed.path, feed_key(feed, catalog, base_url, site_date, memo)
        ):
            yield DataFile(feed.path, UNCHANGED_BYTES)
        else:
            yield DataFile(feed.path, render_feed(feed, catalog, base_url, site_date))


def feed_key(feed: Feed, catalog: Catalog, base_url: str, site_date: str, memo: Memo) -> str:
    """A digest of everything `render_feed` reads: the feed, the site's address and date, and
    each entry's reply and page."""
    entries = tuple((memo.state(r), catalog.reply_uris[r.file]) for r in feed.replies)
    return digest(feed.path, feed.title, feed.page_uri, base_url, site_date, entries)
