"""Catalog → the Markdown of every generated page (reply, proposal, session, home).

All text from replies goes through `esc`, so nothing in a reply is interpreted; links are
Markdown links between src URIs, so MkDocs checks every one of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from .catalog import Catalog, Proposal, Session
from .display import category_label, number_label, reply_session, role_label
from .markdown import esc, link, table
from .model import Block, Reply
from .settings import note_for

HOME_URI = "index.md"
LATEST_COUNT = 10


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes and its Markdown (front matter included)."""

    uri: str
    markdown: str


def build_pages(catalog: Catalog, notes: dict[str, str]) -> Iterator[Page]:
    """Every page of the site's generated part, in a stable order.

    `notes` maps a file or folder (ending with /) of the replies folder to a note for its pages.
    """
    yield Page(HOME_URI, render_home(catalog))
    for session in catalog.sessions:
        yield Page(session.uri, render_session(session, catalog))
    for proposal in catalog.proposals:
        if len(proposal.replies) > 1:
            yield Page(proposal.uri, render_proposal(proposal, catalog))
        for reply in proposal.replies:
            uri = catalog.reply_uris[reply.file]
            yield Page(uri, render_reply(reply, uri, catalog, note_for(notes, reply.file)))


def front_matter(title: str, **extra: object) -> str:
    """YAML front matter; the title is escaped because the theme prints it unescaped."""
    data = {"title": esc(title), **extra}
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n"


def render_reply(reply: Reply, uri: str, catalog: Catalog, note: str | None) -> str:
    """A reply's page: metadata panel, its own text, and the policies it cites."""
    proposal = catalog.proposal_of(reply)
    session = catalog.session_of(proposal)
    heading = f"{reply.department}对{reply_session(reply)}{number_label(reply)}的答复"
    parts = [front_matter(reply.title), f"# {esc(reply.title)}\n", f"{esc(heading)}\n"]
    if note:
        parts.append(f'!!! note "示例"\n    {esc(note)}\n')
    parts.append(_metadata_panel(reply, uri, session, proposal))
    parts.append("## 答复全文\n")
    parts.extend(render_block(block) for block in reply.blocks)
    if reply.policies:
        parts.append("## 引用的政策文件\n")
        parts.extend(
            f"- 《{esc(p.title)}》" + (f"（{esc(p.doc_number)}）" if p.doc_number else "")
            for p in reply.policies
        )
        parts.append("")
    return "\n".join(parts)


def _metadata_panel(reply: Reply, uri: str, session: Session, proposal: Proposal) -> str:
    role = role_label(reply.role)
    rows = [
        ("届次", link(session.name, session.uri, uri)),
        ("编号", esc(number_label(reply))),
        ("提案者" if reply.kind == "提案" else "代表", esc(reply.proposer)),
        ("答复单位", esc(reply.department + (f"（{role}）" if role else ""))),
        (
            "会办单位" if reply.role is not None and reply.role.value == "lead" else "其他承办单位",
            esc("、".join(reply.co_departments)),
        ),
        ("答复类别", esc(category_label(reply.category))),
        ("答复日期", esc(reply.date or "未注明")),
        ("文号", esc(reply.doc_number or "")),
        ("责任领导", esc(reply.leader or "")),
        ("承办人", esc(reply.handler or "")),
        ("联系电话", esc("、".join(reply.phones))),
    ]
    if len(proposal.replies) > 1 and proposal.uri != uri:
        rows.append(("同一提案的全部答复", link("查看", proposal.uri, uri)))
    shown = [(esc(k), v) for k, v in rows if v]
    return table(("项目", "内容"), shown) + "\n"


def render_block(block: Block) -> str:
    """One block of the reply's text as Markdown."""
    if block.kind == "heading":
        return f"### {esc(block.text)}\n"
    if block.kind == "subheading":
        return f"#### {esc(block.text)}\n"
    if block.kind == "table" and block.rows:
        header, *rows = block.rows
        return table([esc(c) for c in header], ([esc(c) for c in row] for row in rows)) + "\n"
    return f"{esc(block.text)}\n"


def render_proposal(proposal: Proposal, catalog: Catalog) -> str:
    """A proposal answered by several departments: every reply, lead first."""
    first = proposal.first
    session = catalog.session_of(proposal)
    parts = [front_matter(first.title), f"# {esc(first.title)}\n"]
    parts.append(
        f"{link(session.name, session.uri, proposal.uri)} {esc(number_label(first))}，"
        f"提案者：{esc(first.proposer)}\n"
    )
    rows = [
        (
            link(r.department, catalog.reply_uris[r.file], proposal.uri),
            esc(role_label(r.role) or "未注明"),
            esc(r.category or ""),
            esc(r.date or ""),
        )
        for r in proposal.replies
    ]
    parts.append(table(("答复单位", "办理方式", "类别", "日期"), rows) + "\n")
    return "\n".join(parts)


def render_session(session: Session, catalog: Catalog) -> str:
    """One session's proposals in number order."""
    rows = []
    for proposal in session.proposals:
        r = proposal.first
        rows.append(
            (
                esc(r.number),
                link(r.title, proposal.uri, session.uri),
                esc(r.proposer),
                esc(r.department),
                esc(r.category or ""),
                esc(r.date or ""),
            )
        )
    parts = [
        front_matter(session.name),
        f"# {esc(session.name)}\n",
        f"本次会议已公开答复 {session.reply_count} 件，涉及{esc(session.proposals[0].first.kind)} "
        f"{len(session.proposals)} 件。\n",
        table(("编号", "标题", "提案者", "主办单位", "类别", "日期"), rows) + "\n",
    ]
    return "\n".join(parts)


def render_home(catalog: Catalog) -> str:
    """The home page: sessions newest first with counts, then the latest replies."""
    parts = [
        front_matter("公开答复"),
        "# 公开答复\n",
        "政协提案和人大建议的办理答复，按届次、编号、提案者和承办单位查阅。\n",
        "## 届次\n",
    ]
    rows = [
        (link(s.name, s.uri, HOME_URI), str(len(s.proposals)), str(s.reply_count))
        for s in catalog.sessions
    ]
    parts.append(table(("届次", "提案/建议", "答复"), rows) + "\n")
    dated = sorted(
        (r for r in catalog.replies if r.date), key=lambda r: (r.date, r.file), reverse=True
    )[:LATEST_COUNT]
    if dated:
        parts.append("## 最新答复\n")
        parts.extend(
            f"- {esc(r.date)} {link(r.title, catalog.reply_uris[r.file], HOME_URI)}"
            f"（{esc(r.department)}）"
            for r in dated
        )
        parts.append("")
    return "\n".join(parts)
