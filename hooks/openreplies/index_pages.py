"""The index pages: sessions, proposers, departments, policies and outcomes, and the report.

Each directory page lists entries with links to their own pages; every count counts published
replies only, because the catalog holds nothing else. Long lists (a policy cited by hundreds of
replies, the proposer directory) are split over numbered pages (`paging`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from .catalog import Catalog, Proposal, Session
from .display import category_label, number_label, reply_session, reply_title, role_label
from .index_keys import department_key, policy_key, proposer_key
from .indexes import DepartmentEntry, PolicyEntry, ProposerEntry
from .markdown import esc, link, table
from .memo import UNCHANGED
from .model import CATEGORIES, CATEGORY_MEANINGS, Body, Reply
from .pages import Page, SiteContent, front_matter
from .paging import ITEMS, PageSlice, pager, slices
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
    proposers = _directory_order(indexes.proposers)
    for page in slices(len(proposers), PROPOSERS_URI, ITEMS):
        yield Page(page.uri, render_proposers(proposers, page))
    memo = content.memo
    for proposer in indexes.proposers:
        for page in slices(len(proposer.proposals), proposer.uri):
            if memo and memo.stored(page.uri, proposer_key(proposer, catalog, page, memo)):
                yield Page(page.uri, UNCHANGED)
            else:
                yield Page(page.uri, render_proposer(proposer, catalog, page))
    yield Page(DEPARTMENTS_URI, render_departments(indexes.departments))
    for department in indexes.departments:
        for page in slices(_department_rows(department), department.uri):
            if memo and memo.stored(page.uri, department_key(department, catalog, page, memo)):
                yield Page(page.uri, UNCHANGED)
            else:
                yield Page(page.uri, render_department(department, catalog, page))
    for page in slices(len(indexes.policies), POLICIES_URI, ITEMS):
        yield Page(page.uri, render_policies(indexes.policies, page))
    for policy in indexes.policies:
        for page in slices(len(policy.citing), policy.uri):
            if memo and memo.stored(page.uri, policy_key(policy, catalog, page, memo)):
                yield Page(page.uri, UNCHANGED)
            else:
                yield Page(page.uri, render_policy(policy, catalog, page))
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


def render_proposers(proposers: Iterable[ProposerEntry], page: PageSlice | None = None) -> str:
    """The proposer directory in pinyin order, parties and groups apart from members (`page`:
    the part of `_directory_order(proposers)` this page shows)."""
    entries = _directory_order(proposers)
    title = page.title("提案者") if page else "提案者"
    parts = [front_matter(title), "# 提案者\n", "按姓名或名称的拼音排序。\n"]
    if page is not None:
        entries = page.rows(entries)
        parts.append(pager(page))
    for group, heading in ((True, "党派、团体和组织"), (False, "委员和代表")):
        chosen = [e for e in entries if e.group is group]
        if chosen:
            parts.append(f"## {heading}\n")
            here = page.uri if page else PROPOSERS_URI
            parts.extend(f"- {link(e.name, e.uri, here)}（{len(e.proposals)} 件）"
                         for e in chosen)  # fmt: skip
            parts.append("")
    return "\n".join(parts)


def render_proposer(entry: ProposerEntry, catalog: Catalog, page: PageSlice | None = None) -> str:
    """One proposer: outcome counts, then every proposal across sessions with its replies
    (`page`: the part of them this page shows)."""
    title = page.title(entry.name) if page else entry.name
    parts = [front_matter(title), f"# {esc(entry.name)}\n"]
    counts = "，".join(f"{k}类 {v} 件" if k != "未标注" else f"未标注 {v} 件"
                      for k, v in entry.outcome_counts().items())  # fmt: skip
    parts.append(f"共 {len(entry.proposals)} 件已公开答复的提案或建议；答复类别：{esc(counts)}。\n")
    if page is not None:
        parts.append(pager(page))
    here = page.uri if page else entry.uri
    rows = []
    for proposal in page.rows(entry.proposals) if page else entry.proposals:
        first = proposal.first
        answers = "、".join(
            link(r.department + (f"（{role_label(r.role)}）" if r.role else ""),
                 catalog.reply_uris[r.file], here)
            for r in proposal.replies
        )  # fmt: skip
        rows.append((esc(reply_session(first) + number_label(first)),
                     link(reply_title(first), proposal.uri, here), answers,
                     esc(first.category or "")))  # fmt: skip
    parts.append(table(("届次和编号", "标题", "答复单位", "类别"), rows) + "\n")
    return "\n".join(parts)


def render_departments(departments: Iterable[DepartmentEntry]) -> str:
    """The department directory in pinyin order, with lead and co-handling counts."""
    rows = [(link(d.name, d.uri, DEPARTMENTS_URI), str(len(d.led)), str(len(d.co) + len(d.named_co)))
            for d in departments]  # fmt: skip
    return "\n".join([front_matter("承办单位"), "# 承办单位\n",
                      table(("单位", "主办答复", "会办"), rows) + "\n"])  # fmt: skip


def render_department(
    entry: DepartmentEntry, catalog: Catalog, page: PageSlice | None = None
) -> str:
    """One department: per session, the replies it led (with A/B/C counts) and co-handled
    (`page`: the rows of led, co-handled and named proposals, in that order, it shows)."""
    title = page.title(entry.name) if page else entry.name
    parts = [front_matter(title), f"# {esc(entry.name)}\n"]
    shown = _department_window(entry, page)
    uri = page.uri if page else entry.uri
    if page is not None:
        parts.append(pager(page))
    by_session: dict[str, list[Reply]] = defaultdict(list)
    for reply in entry.led:
        by_session[reply_session(reply)].append(reply)
    for session_name, replies in by_session.items():
        rows = [r for r in replies if id(r) in shown]
        if not rows:
            continue
        counts = defaultdict(int)
        for reply in replies:
            counts[reply.category or "未标注"] += 1
        summary = "，".join(f"{k} {v} 件" for k, v in sorted(counts.items()))
        parts.append(f"## {esc(session_name)}：主办 {len(replies)} 件（{esc(summary)}）\n")
        parts.append(table(REPLY_HEADER, reply_rows(rows, catalog, uri)) + "\n")
    co = [r for r in entry.co if id(r) in shown]
    if co:
        parts.append("## 作为会办单位的答复\n")
        parts.append(table(REPLY_HEADER, reply_rows(co, catalog, uri)) + "\n")
    named_lead = [p for p in entry.named_lead if id(p) in shown]
    if named_lead:
        parts.append("## 作为主办单位的提案和建议\n")
        parts.extend(_named_item(p, uri) for p in named_lead)
        parts.append("")
    named_co = [p for p in entry.named_co if id(p) in shown]
    if named_co:
        parts.append("## 参与会办的提案和建议\n")
        parts.extend(_named_item(p, uri) for p in named_co)
        parts.append("")
    return "\n".join(parts)


def _department_rows(entry: DepartmentEntry) -> int:
    """The rows of a department's page: its replies led and co-handled, its named proposals."""
    return len(entry.led) + len(entry.co) + len(entry.named_lead) + len(entry.named_co)


def _department_window(entry: DepartmentEntry, page: PageSlice | None) -> set[int]:
    """The identities of the rows (replies, proposals) that `page` shows."""
    rows: list[object] = [*entry.led, *entry.co, *entry.named_lead, *entry.named_co]
    return {id(row) for row in (page.rows(rows) if page else rows)}


def _directory_order(proposers: Iterable[ProposerEntry]) -> list[ProposerEntry]:
    """Parties and groups first, then members, each in pinyin order (the directory's order)."""
    entries = list(proposers)
    return [e for e in entries if e.group] + [e for e in entries if not e.group]


def _named_item(proposal: Proposal, uri: str) -> str:
    """A proposal a department is named in without a published reply of its own."""
    first = proposal.first
    answered = role_label(first.role) or "答复"
    return (f"- {link(reply_title(first), proposal.uri, uri)}（{esc(reply_session(first))}"
            f"{esc(number_label(first))}，{answered}：{esc(first.department)}）")  # fmt: skip


def render_policies(policies: Iterable[PolicyEntry], page: PageSlice | None = None) -> str:
    """The policy index grouped by issuer, then year (newest first); `page`: the part of it
    this page shows."""
    entries = list(policies)
    parts = [
        front_matter(page.title("政策文件") if page else "政策文件"),
        "# 政策文件\n",
        "答复中引用的政策文件，按发文机关和年份排列。\n",
    ]
    if page is not None:
        entries = page.rows(entries)
        parts.append(pager(page))
    current = None
    for policy in entries:
        if policy.issuer != current:
            current = policy.issuer
            parts.append(f"\n## {esc(current)}\n")
        year = f"{policy.year}年 " if policy.year else ""
        number = f"（{esc(policy.doc_number)}）" if policy.doc_number else ""
        here = page.uri if page else POLICIES_URI
        parts.append(f"- {esc(year)}{link(f'《{policy.title}》', policy.uri, here)}"
                     f"{number}：{len(policy.citing)} 件答复引用")  # fmt: skip
    return "\n".join(parts) + "\n"


def render_policy(entry: PolicyEntry, catalog: Catalog, page: PageSlice | None = None) -> str:
    """One policy document: what is known of it and every reply citing it (`page`: the part
    of them this page shows)."""
    title = page.title(entry.title) if page else entry.title
    parts = [front_matter(title), f"# 《{esc(entry.title)}》\n"]
    rows = [("文号", esc(entry.doc_number or "未注明")), ("发文机关", esc(entry.issuer))]
    if entry.info and entry.info.date:
        rows.append(("成文日期", esc(entry.info.date)))
    if entry.info and entry.info.url:
        rows.append(
            ("原文", f"<{entry.info.url}>" if _is_web_url(entry.info.url) else esc(entry.info.url))
        )
    parts.append(table(("项目", "内容"), rows) + "\n")
    parts.append(f"## 引用本文件的答复（{len(entry.citing)} 件）\n")
    uri, citing = (page.uri, page.rows(entry.citing)) if page else (entry.uri, entry.citing)
    if page is not None:
        parts.append(pager(page))
    parts.append(table(REPLY_HEADER, reply_rows(citing, catalog, uri)) + "\n")
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
