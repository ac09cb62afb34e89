"""Catalog → the Markdown of the reply, proposal, session and home pages.

All text from replies goes through `esc`, so nothing in a reply is interpreted; links are
Markdown links between src URIs, so MkDocs checks every one of them. The index pages (proposers,
departments, policies, outcomes) are in `index_pages`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .catalog import Catalog, Proposal, Session
from .display import (
    MISSING,
    category_label,
    number_label,
    proposer_label,
    reply_session,
    reply_title,
    role_label,
)
from .indexes import Indexes
from .markdown import esc, link, table
from .memo import UNCHANGED, Memo, digest
from .model import Block, PolicyCitation, Reply, Role
from .reading.policies import bracketed
from .references import MeetingInfo, MeetingKey
from .related import RelatedLinks
from .settings import note_for
from .urls import (
    DEPARTMENTS_URI,
    OUTCOMES_URI,
    POLICIES_URI,
    PROPOSERS_URI,
    SESSIONS_URI,
    outcome_uri,
)

HOME_URI = "index.md"
_SPACE_RE = re.compile(r"\s+")
LATEST_COUNT = 10


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes and its Markdown (front matter included)."""

    uri: str
    markdown: str


@dataclass(frozen=True)
class SiteContent:
    """Everything the pages are made from: published replies only."""

    catalog: Catalog
    indexes: Indexes
    related: dict[str, RelatedLinks]
    notes: dict[str, str]
    """A file or folder (ending with /) of the replies folder → a note for its pages."""
    meetings: dict[MeetingKey, MeetingInfo]
    memo: Memo | None = field(default=None, compare=False)
    """The last build's pages by their inputs: an unchanged reply page is not made again."""


def front_matter(title: str, **extra: object) -> str:
    """YAML front matter; the title is escaped because the theme prints it unescaped."""
    # JSON (ASCII, \u escapes) is valid YAML and much faster to write than yaml.safe_dump.
    lines = [f"{key}: {json.dumps(value)}"
             for key, value in {"title": esc(title), **extra}.items()]  # fmt: skip
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def build_reply_pages(content: SiteContent) -> Iterator[Page]:
    """The home, session, proposal and reply pages, in a stable order."""
    catalog = content.catalog
    yield Page(HOME_URI, render_home(catalog))
    for session in catalog.sessions:
        yield Page(session.uri, render_session(session, content))
    for proposal in catalog.proposals:
        if len(proposal.replies) > 1:
            yield Page(proposal.uri, render_proposal(proposal, content))
        for reply in proposal.replies:
            uri = catalog.reply_uris[reply.file]
            memo = content.memo
            if memo is not None and memo.stored(uri, reply_page_key(reply, content)):
                yield Page(uri, UNCHANGED)
            else:
                yield Page(uri, render_reply(reply, content))


def reply_page_key(reply: Reply, content: SiteContent) -> str:
    """A digest of everything `render_reply` reads: the reply (text included), its page and
    the pages it links to (proposal, session, proposer, departments, policies), its note and
    meeting, and each related reply's title, session, number and page."""
    assert content.memo is not None
    state, catalog, indexes = content.memo.state, content.catalog, content.indexes
    proposal = catalog.proposal_of(reply)
    session = catalog.session_of(proposal) if proposal else None
    related = content.related[reply.file]

    def uri_of(entry: object) -> str | None:
        return getattr(entry, "uri", None)

    return digest(
        state(reply),
        catalog.reply_uris[reply.file],
        (proposal.uri, len(proposal.replies)) if proposal else None,
        (session.uri, session.name) if session else None,
        note_for(content.notes, reply.file),
        content.meetings.get((reply.region, reply.body, reply.term, reply.session)),
        uri_of(indexes.proposer(reply.proposer_canonical)),
        uri_of(indexes.department(reply.department)),
        tuple(uri_of(indexes.department(name)) for name in reply.co_departments),
        tuple(uri_of(indexes.policy(citation)) for citation in reply.policies),
        tuple((state(p.first), p.uri) for p in related.same_proposer),
        tuple((state(r), catalog.reply_uris[r.file]) for r in related.same_policy),
        tuple((state(r), catalog.reply_uris[r.file]) for r in related.same_topic),
    )


def render_reply(reply: Reply, content: SiteContent) -> str:
    """A reply's page: breadcrumbs, metadata panel, its own text, cited policies, related."""
    catalog = content.catalog
    uri = catalog.reply_uris[reply.file]
    proposal = catalog.proposal_of(reply)
    session = catalog.session_of(proposal) if proposal else None
    heading = f"{reply.department}对{reply_session(reply)}{number_label(reply)}的答复"
    title = reply_title(reply)
    parts = [front_matter(title), _breadcrumbs(reply, uri, session, proposal)]
    parts += [f"# {esc(title)}\n", f"{esc(heading)}\n"]
    note = note_for(content.notes, reply.file)
    if note:
        parts.append(f'!!! note "示例"\n    {esc(note)}\n')
    parts.append(_metadata_panel(reply, uri, session, proposal, content))
    parts.append("## 答复全文\n")
    links = _policy_links(reply, content.indexes)
    parts.extend(render_block(block, links, uri) for block in reply.blocks)
    if reply.policies:
        parts.append("## 引用的政策文件\n")
        parts.extend(_policy_item(p, content.indexes, uri) for p in reply.policies)
        parts.append("")
    parts.append(_related(content.related[reply.file], catalog, uri))
    return "\n".join(parts)


def _breadcrumbs(reply: Reply, uri: str, session: Session | None, proposal: Proposal | None) -> str:
    """首页 › 届次 › the session › the proposal (when the reply has a page of its own)."""
    crumbs = _session_crumbs(uri, session)
    if proposal is not None and proposal.uri != uri:
        crumbs.append(link(number_label(reply), proposal.uri, uri))
    return " › ".join(crumbs) + "\n"


def _session_crumbs(uri: str, session: Session | None) -> list[str]:
    crumbs = [link("首页", HOME_URI, uri), link("届次", SESSIONS_URI, uri)]
    if session is not None:
        crumbs.append(link(session.name, session.uri, uri))
    return crumbs


def maybe_link(text: object, target: str | None, current: str) -> str:
    """A link when there is a page to link to, else the escaped text."""
    return link(text, target, current) if target else esc(text)


def _metadata_panel(
    reply: Reply,
    uri: str,
    session: Session | None,
    proposal: Proposal | None,
    content: SiteContent,
) -> str:
    indexes = content.indexes
    role = role_label(reply.role)
    proposer = indexes.proposer(reply.proposer_canonical)
    department = indexes.department(reply.department)
    others = "、".join(_department_link(d, indexes, uri) for d in reply.co_departments)
    session_uri = session.uri if session else None
    outcomes = outcome_uri(session.directory, reply.category) if session else None
    rows = [
        ("标题", MISSING if reply.title is None else ""),
        ("届次", maybe_link(reply_session(reply), session_uri, uri)),
        ("编号", esc(number_label(reply))),
        ("提案者" if reply.kind == "提案" else "代表",
         maybe_link(proposer_label(reply), proposer.uri if proposer else None, uri)),
        ("答复单位", maybe_link(reply.department, department.uri if department else None, uri)
         + (esc(f"（{role}）") if role else "")),
        ("会办单位" if reply.role is Role.LEAD else "其他承办单位", others),
        ("答复类别", maybe_link(category_label(reply.category), outcomes, uri)),
        ("答复日期", esc(reply.date or _meeting_hint(reply, content))),
        ("文号", esc(reply.doc_number or "")),
        ("责任领导", esc(reply.leader or "")),
        ("承办人", esc(reply.handler or "")),
        ("联系电话", esc("、".join(reply.phones))),
    ]  # fmt: skip
    if proposal is not None and len(proposal.replies) > 1 and proposal.uri != uri:
        rows.append(
            ("同一提案的全部答复", link(f"{len(proposal.replies)} 件答复", proposal.uri, uri))
        )
    return table(("项目", "内容"), [(esc(k), v) for k, v in rows if v]) + "\n"


def _department_link(name: str, indexes: Indexes, uri: str) -> str:
    entry = indexes.department(name)
    return maybe_link(name, entry.uri if entry else None, uri)


def _policy_links(reply: Reply, indexes: Indexes) -> dict[str, str]:
    """Cited title → its policy page, for linking citations in the text."""
    links: dict[str, str] = {}
    for citation in reply.policies:
        entry = indexes.policy(citation)
        if entry is not None:
            links[citation.title] = entry.uri
    return links


def _meeting_hint(reply: Reply, content: SiteContent) -> str:
    meeting = content.meetings.get((reply.region, reply.body, reply.term, reply.session))
    if meeting and meeting.dates:
        return f"未注明（会议：{meeting.dates}）"
    if meeting and meeting.year:
        return f"未注明（会议于 {meeting.year} 年召开）"
    return "未注明"


def render_block(block: Block, policy_links: dict[str, str], uri: str) -> str:
    """One block of the reply's text as Markdown, its citations linked to policy pages."""
    if block.kind == "heading":
        return f"### {esc(block.text)}\n"
    if block.kind == "subheading":
        return f"#### {esc(block.text)}\n"
    if block.kind == "table" and block.rows:
        header, *rows = block.rows
        return table([esc(c) for c in header], ([esc(c) for c in row] for row in rows)) + "\n"
    return f"{linked_text(block.text, policy_links, uri)}\n"


def linked_text(text: str, policy_links: dict[str, str], uri: str) -> str:
    """Escaped text in which each 《cited title》 links to its policy page."""
    if not policy_links or "《" not in text:
        return esc(text)
    parts: list[str] = []
    position = 0
    for start, end in bracketed(text, "《", "》"):
        target = policy_links.get(_SPACE_RE.sub("", text[start:end]))
        if target is None:
            continue
        parts.append(esc(text[position : start - 1]))
        parts.append(link(text[start - 1 : end + 1], target, uri))
        position = end + 1
    parts.append(esc(text[position:]))
    return "".join(parts)


def _policy_item(citation: PolicyCitation, indexes: Indexes, uri: str) -> str:
    entry = indexes.policy(citation)
    number = f"（{esc(citation.doc_number)}）" if citation.doc_number else ""
    return f"- {maybe_link(f'《{citation.title}》', entry.uri if entry else None, uri)}{number}"


def _related(related: RelatedLinks, catalog: Catalog, uri: str) -> str:
    sections = [
        ("同一提案者的其他提案", [(p.first, p.uri) for p in related.same_proposer]),
        (
            "其他届次引用相同政策的答复",
            [(r, catalog.reply_uris[r.file]) for r in related.same_policy],
        ),
        ("其他届次的相关答复", [(r, catalog.reply_uris[r.file]) for r in related.same_topic]),
    ]
    parts = []
    for heading, items in sections:
        if items:
            parts.append(f"### {heading}\n")
            parts.extend(
                f"- {link(reply_title(r), target, uri)}"
                f"（{esc(reply_session(r))}{esc(number_label(r))}）"
                for r, target in items
            )
            parts.append("")
    return ("## 相关答复\n\n" + "\n".join(parts)) if parts else ""


def render_proposal(proposal: Proposal, content: SiteContent) -> str:
    """A proposal answered by several departments: every reply, lead first."""
    catalog = content.catalog
    first = proposal.first
    session = catalog.session_of(proposal)
    title = reply_title(first)
    crumbs = " › ".join(_session_crumbs(proposal.uri, session))
    parts = [front_matter(title), f"{crumbs}\n", f"# {esc(title)}\n"]
    proposer = content.indexes.proposer(first.proposer_canonical)
    who = maybe_link(proposer_label(first), proposer.uri if proposer else None, proposal.uri)
    where = maybe_link(reply_session(first), session.uri if session else None, proposal.uri)
    parts.append(f"{where} {esc(number_label(first))}，提案者：{who}\n")
    rows = [
        (link(r.department, catalog.reply_uris[r.file], proposal.uri),
         esc(role_label(r.role) or "未注明"), esc(r.category or ""), esc(r.date or ""))
        for r in proposal.replies
    ]  # fmt: skip
    parts.append(table(("答复单位", "办理方式", "类别", "日期"), rows) + "\n")
    return "\n".join(parts)


def render_session(session: Session, content: SiteContent) -> str:
    """One session's proposals in number order, a number lookup and the outcome counts."""
    uri = session.uri
    kind = session.proposals[0].first.kind
    parts = [front_matter(session.name), f"# {esc(session.name)}\n"]
    meeting = content.meetings.get((session.region, session.body, session.term, session.session))
    if meeting and (meeting.dates or meeting.year):
        parts.append(f"会议时间：{esc(meeting.dates or f'{meeting.year}年')}\n")
    parts.append(
        f"本次会议已公开答复 {session.reply_count} 件，涉及{esc(kind)} {len(session.proposals)} 件。\n"
    )
    parts.append(number_lookup(session, kind))
    counts = {c: len(rs) for c, rs in session.replies_by_category().items()}
    parts.append("答复类别：" + "，".join(
        link(f"{c or '未标注'}类 {n} 件" if c else f"未标注 {n} 件",
             outcome_uri(session.directory, c), uri)
        for c, n in counts.items()
    ) + "\n")  # fmt: skip
    rows = []
    for proposal in session.proposals:
        r = proposal.first
        rows.append((esc(r.number), link(reply_title(r), proposal.uri, uri), esc(proposer_label(r)),
                     esc(r.department), esc(r.category or ""), esc(r.date or "")))  # fmt: skip
    parts.append(table(("编号", "标题", "提案者", "主办单位", "类别", "日期"), rows) + "\n")
    return "\n".join(parts)


def number_lookup(session: Session, kind: str) -> str:
    """A small form that goes to the proposal with the typed number (按号查找)."""
    numbers = " ".join(sorted(str(p.first.number).lower() for p in session.proposals))
    return (
        f'<form class="or-lookup" data-numbers="{numbers}" role="search" aria-label="按号查找">\n'
        f'<label>按号查找 <input name="n" inputmode="numeric" autocomplete="off" '
        f'placeholder="{kind}号"></label> <button type="submit">查找</button>\n'
        '<output aria-live="polite"></output>\n</form>\n'
    )


def render_home(catalog: Catalog) -> str:
    """The home page: the ways in, sessions newest first with counts, the latest replies."""
    parts = [front_matter("公开答复"), "# 公开答复\n",
             "政协提案和人大建议的办理答复。按"
             + "、".join(link(t, u, HOME_URI) for t, u in (
                 ("届次", SESSIONS_URI), ("提案者", PROPOSERS_URI), ("承办单位", DEPARTMENTS_URI),
                 ("政策文件", POLICIES_URI), ("答复类别", OUTCOMES_URI)))
             + "查阅。\n", "## 届次\n"]  # fmt: skip
    rows = [(link(s.name, s.uri, HOME_URI), str(len(s.proposals)), str(s.reply_count))
            for s in catalog.sessions]  # fmt: skip
    parts.append(table(("届次", "提案/建议", "答复"), rows) + "\n")
    dated = sorted((r for r in catalog.replies if r.date), key=lambda r: (r.date or "", r.file),
                   reverse=True)[:LATEST_COUNT]  # fmt: skip
    if dated:
        parts.append("## 最新答复\n")
        parts.extend(
            f"- {esc(r.date)} {link(reply_title(r), catalog.reply_uris[r.file], HOME_URI)}"
            f"（{esc(r.department)}）" for r in dated
        )  # fmt: skip
        parts.append("")
    return "\n".join(parts)
