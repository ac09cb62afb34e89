"""The index pages: sessions, proposers, departments, policies and outcomes, and the report.

Each directory page lists entries with links to their own pages; every count counts published
replies only, because the catalog holds nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from .catalog import Catalog, Proposal, Session
from .display import category_label, number_label, reply_session, reply_title, role_label
from .indexes import DepartmentEntry, PolicyEntry, ProposerEntry
from .markdown import esc, link, table
from .model import CATEGORIES, CATEGORY_MEANINGS, Body, Reply
from .pages import Page, SiteContent, front_matter
from .report import SECTION_HINTS, Report
from .urls import (
    DEPARTMENTS_URI,
    OUTCOMES_URI,
    POLICIES_URI,
    PROPOSERS_URI,
    REPORT_URI,
    SESSIONS_URI,
    outcome_uri,
)


def build_index_pages(content: SiteContent) -> Iterator[Page]:
    """Every index page, directories first, in a stable order."""
    catalog, indexes = content.catalog, content.indexes
    yield Page(SESSIONS_URI, render_sessions(catalog))
    yield Page(PROPOSERS_URI, render_proposers(indexes.proposers))
    for proposer in indexes.proposers:
        yield Page(proposer.uri, render_proposer(proposer, catalog))
    yield Page(DEPARTMENTS_URI, render_departments(indexes.departments))
    for department in indexes.departments:
        yield Page(department.uri, render_department(department, catalog))
    yield Page(POLICIES_URI, render_policies(indexes.policies))
    for policy in indexes.policies:
        yield Page(policy.uri, render_policy(policy, catalog))
    yield Page(OUTCOMES_URI, render_outcomes(catalog))
    for session in catalog.sessions:
        for category, replies in session.replies_by_category().items():
            uri = outcome_uri(session.directory, category)
            yield Page(uri, render_outcome(session, category, replies, uri, catalog))


def reply_rows(replies: Iterable[Reply], catalog: Catalog, uri: str) -> list[tuple[str, ...]]:
    """Table rows: session and number, title, department and role, category, date."""
    return [
        (esc(reply_session(r) + number_label(r)),
         link(reply_title(r), catalog.reply_uris[r.file], uri),
         esc(r.department + (f"（{role_label(r.role)}）" if r.role else "")),
         esc(r.category or ""), esc(r.date or ""))
        for r in replies
    ]  # fmt: skip


REPLY_HEADER = ("届次和编号", "标题", "答复单位", "类别", "日期")


def render_sessions(catalog: Catalog) -> str:
    """All sessions newest first, 政协 and 人大 apart."""
    parts = [front_matter("届次"), "# 届次\n"]
    for body, heading in ((Body.CPPCC, "政协提案"), (Body.CONGRESS, "人大建议")):
        sessions = [s for s in catalog.sessions if s.body is body]
        if sessions:
            parts.append(f"## {heading}\n")
            rows = [(link(s.name, s.uri, SESSIONS_URI), str(len(s.proposals)), str(s.reply_count))
                    for s in sessions]  # fmt: skip
            parts.append(table(("届次", f"{body.kind}数", "答复数"), rows) + "\n")
    return "\n".join(parts)


def render_proposers(proposers: Iterable[ProposerEntry]) -> str:
    """The proposer directory in pinyin order, parties and groups apart from members."""
    entries = list(proposers)
    parts = [front_matter("提案者"), "# 提案者\n", "按姓名或名称的拼音排序。\n"]
    for group, heading in ((True, "党派、团体和组织"), (False, "委员和代表")):
        chosen = [e for e in entries if e.group is group]
        if chosen:
            parts.append(f"## {heading}\n")
            parts.extend(f"- {link(e.name, e.uri, PROPOSERS_URI)}（{len(e.proposals)} 件）"
                         for e in chosen)  # fmt: skip
            parts.append("")
    return "\n".join(parts)


def render_proposer(entry: ProposerEntry, catalog: Catalog) -> str:
    """One proposer: outcome counts, then every proposal across sessions with its replies."""
    parts = [front_matter(entry.name), f"# {esc(entry.name)}\n"]
    counts = "，".join(f"{k}类 {v} 件" if k != "未标注" else f"未标注 {v} 件"
                      for k, v in entry.outcome_counts().items())  # fmt: skip
    parts.append(f"共 {len(entry.proposals)} 件已公开答复的提案或建议；答复类别：{esc(counts)}。\n")
    rows = []
    for proposal in entry.proposals:
        first = proposal.first
        answers = "、".join(
            link(r.department + (f"（{role_label(r.role)}）" if r.role else ""),
                 catalog.reply_uris[r.file], entry.uri)
            for r in proposal.replies
        )  # fmt: skip
        rows.append((esc(reply_session(first) + number_label(first)),
                     link(reply_title(first), proposal.uri, entry.uri), answers,
                     esc(first.category or "")))  # fmt: skip
    parts.append(table(("届次和编号", "标题", "答复单位", "类别"), rows) + "\n")
    return "\n".join(parts)


def render_departments(departments: Iterable[DepartmentEntry]) -> str:
    """The department directory in pinyin order, with lead and co-handling counts."""
    rows = [(link(d.name, d.uri, DEPARTMENTS_URI), str(len(d.led)), str(len(d.co) + len(d.named_co)))
            for d in departments]  # fmt: skip
    return "\n".join([front_matter("承办单位"), "# 承办单位\n",
                      table(("单位", "主办答复", "会办"), rows) + "\n"])  # fmt: skip


def render_department(entry: DepartmentEntry, catalog: Catalog) -> str:
    """One department: per session, the replies it led (with A/B/C counts) and co-handled."""
    parts = [front_matter(entry.name), f"# {esc(entry.name)}\n"]
    by_session: dict[str, list[Reply]] = defaultdict(list)
    for reply in entry.led:
        by_session[reply_session(reply)].append(reply)
    for session_name, replies in by_session.items():
        counts = defaultdict(int)
        for reply in replies:
            counts[reply.category or "未标注"] += 1
        summary = "，".join(f"{k} {v} 件" for k, v in sorted(counts.items()))
        parts.append(f"## {esc(session_name)}：主办 {len(replies)} 件（{esc(summary)}）\n")
        parts.append(table(REPLY_HEADER, reply_rows(replies, catalog, entry.uri)) + "\n")
    if entry.co:
        parts.append("## 作为会办单位的答复\n")
        parts.append(table(REPLY_HEADER, reply_rows(entry.co, catalog, entry.uri)) + "\n")
    if entry.named_lead:
        parts.append("## 作为主办单位的提案和建议\n")
        parts.extend(_named_item(p, entry.uri) for p in entry.named_lead)
        parts.append("")
    if entry.named_co:
        parts.append("## 参与会办的提案和建议\n")
        parts.extend(_named_item(p, entry.uri) for p in entry.named_co)
        parts.append("")
    return "\n".join(parts)


def _named_item(proposal: Proposal, uri: str) -> str:
    """A proposal a department is named in without a published reply of its own."""
    first = proposal.first
    answered = role_label(first.role) or "答复"
    return (f"- {link(reply_title(first), proposal.uri, uri)}（{esc(reply_session(first))}"
            f"{esc(number_label(first))}，{answered}：{esc(first.department)}）")  # fmt: skip


def render_policies(policies: Iterable[PolicyEntry]) -> str:
    """The policy index grouped by issuer, then year (newest first)."""
    parts = [
        front_matter("政策文件"),
        "# 政策文件\n",
        "答复中引用的政策文件，按发文机关和年份排列。\n",
    ]
    current = None
    for policy in policies:
        if policy.issuer != current:
            current = policy.issuer
            parts.append(f"\n## {esc(current)}\n")
        year = f"{policy.year}年 " if policy.year else ""
        number = f"（{esc(policy.doc_number)}）" if policy.doc_number else ""
        parts.append(f"- {esc(year)}{link(f'《{policy.title}》', policy.uri, POLICIES_URI)}"
                     f"{number}：{len(policy.citing)} 件答复引用")  # fmt: skip
    return "\n".join(parts) + "\n"


def render_policy(entry: PolicyEntry, catalog: Catalog) -> str:
    """One policy document: what is known of it and every reply citing it."""
    parts = [front_matter(entry.title), f"# 《{esc(entry.title)}》\n"]
    rows = [("文号", esc(entry.doc_number or "未注明")), ("发文机关", esc(entry.issuer))]
    if entry.info and entry.info.date:
        rows.append(("成文日期", esc(entry.info.date)))
    if entry.info and entry.info.url:
        rows.append(
            ("原文", f"<{entry.info.url}>" if _is_web_url(entry.info.url) else esc(entry.info.url))
        )
    parts.append(table(("项目", "内容"), rows) + "\n")
    parts.append(f"## 引用本文件的答复（{len(entry.citing)} 件）\n")
    parts.append(table(REPLY_HEADER, reply_rows(entry.citing, catalog, entry.uri)) + "\n")
    return "\n".join(parts)


def _is_web_url(url: str) -> bool:
    return url.startswith(("https://", "http://")) and not any(c in url for c in " <>\"'`")


def render_outcomes(catalog: Catalog) -> str:
    """What each category means, and each session's counts linking to the lists."""
    parts = [front_matter("答复类别"), "# 答复类别\n"]
    parts.append(
        table(("类别", "含义"), [(k, esc(v)) for k, v in CATEGORY_MEANINGS.items()]) + "\n"
    )
    parts.append(
        "各地对类别的定义略有不同，以答复所在地的规定为准。甲类、乙类、丙类按 A、B、C 计。\n"
    )
    rows = []
    for session in catalog.sessions:
        cells = [link(session.name, session.uri, OUTCOMES_URI)]
        counts = {c: len(rs) for c, rs in session.replies_by_category().items()}
        for category in CATEGORIES:
            n = counts.get(category, 0)
            target = outcome_uri(session.directory, category)
            cells.append(link(str(n), target, OUTCOMES_URI) if n else "0")
        rows.append(cells)
    parts.append(table(("届次", "A", "B", "C", "D", "未标注"), rows) + "\n")
    return "\n".join(parts)


def render_outcome(
    session: Session, category: str | None, replies: list[Reply], uri: str, catalog: Catalog
) -> str:
    """One session's replies of one category."""
    title = f"{session.name} {category}类答复" if category else f"{session.name} 未标注类别的答复"
    parts = [front_matter(title), f"# {esc(title)}\n"]
    if category:
        parts.append(f"{esc(category_label(category))}\n")
    parts.append(table(REPLY_HEADER, reply_rows(replies, catalog, uri)) + "\n")
    return "\n".join(parts)


def render_report(report: Report) -> str:
    """Names the registry does not know, with the files they come from (published only)."""
    parts = [front_matter("构建报告", search={"exclude": True}), "# 构建报告\n",
             "已发布答复中需要网站管理员核对的内容。"
             "本页只在非 --strict 构建时生成，不出现在导航和检索中。\n"]  # fmt: skip
    for heading, items in report.sections():
        parts.append(f"## {esc(heading)}（{len(items)}）\n")
        if heading in SECTION_HINTS:
            parts.append(f"{esc(SECTION_HINTS[heading])}\n")
        parts.extend(f"- {esc(name)}：{esc('、'.join(files))}" for name, files in items)
        parts.append("")
    return "\n".join(parts)


def report_page(report: Report) -> Page:
    """The report page."""
    return Page(REPORT_URI, render_report(report))
