"""The pages about the site as data: 开放数据 (exports), 统计 (statistics), 更新记录 (changes)."""

from __future__ import annotations

from typing import Any

from .catalog import Catalog
from .charts import month_columns, outcome_bars
from .display import MISSING
from .export import ALL_CSV, ALL_JSON, EXPORT_KEYS, FIELD_DOCS, SCHEMA_JSON, session_file_stem
from .feeds import ALL_FEED
from .indexes import Indexes
from .manifest import MANIFEST, Changes
from .markdown import esc, link, table
from .pages import front_matter
from .stats import OUTCOMES, Tally, department_tallies, monthly_counts, session_tallies

DATA_URI = "data/index.md"
STATS_URI = "stats/index.md"
CHANGES_URI = "changes/index.md"


def render_open_data(catalog: Catalog, offline_zip: str | None = None) -> str:
    """Where to download the records and the offline copy, and what each field means."""
    uri = DATA_URI
    parts = [front_matter("开放数据"), "# 开放数据\n",
             f"本站全部 {len(catalog.replies)} 件公开答复的结构化数据，可自由下载使用。\n",
             "## 下载\n",
             f"- {link('全部答复（JSON）', ALL_JSON, uri)}：一个记录数组",
             f"- {link('全部答复（CSV）', ALL_CSV, uri)}：UTF-8 带 BOM，Excel 可直接打开；"
             "列表字段用“；”分隔，政策文件写作《标题》（文号）",
             f"- {link('记录的 JSON Schema', SCHEMA_JSON, uri)}",
             f"- {link('订阅最新答复（Atom）', ALL_FEED, uri)}"]  # fmt: skip
    if offline_zip:
        # Raw HTML: the zip is written after the pages, so MkDocs cannot check a Markdown link.
        parts.append(f'- <a href="../{offline_zip}" download>离线版（zip）</a>：整个网站，解压后'
                     "用浏览器打开其中的 index.html，无需联网，检索也可用")  # fmt: skip
    parts.append("")
    rows = []
    for session in catalog.sessions:
        stem = f"data/sessions/{session_file_stem(session)}"
        rows.append((link(session.name, session.uri, uri), str(session.reply_count),
                     link("JSON", f"{stem}.json", uri) + " · " + link("CSV", f"{stem}.csv", uri)))  # fmt: skip
    parts += ["## 按届次下载\n", table(("届次", "答复数", "文件"), rows) + "\n", "## 字段说明\n"]
    parts.append(
        table(("字段", "含义"), [(f"`{k}`", esc(FIELD_DOCS[k])) for k in EXPORT_KEYS]) + "\n"
    )
    return "\n".join(parts)


def render_stats(catalog: Catalog, indexes: Indexes) -> str:
    """Per session, per month and per department, each chart beside a table of its numbers."""
    uri = STATS_URI
    parts = [front_matter("统计"), "# 统计\n",
             "只统计已公开的答复。各地对答复类别的定义略有不同，数字用于了解办理情况，不作排名。\n"]  # fmt: skip
    sessions = session_tallies(catalog)
    parts += ["## 各届次答复类别\n", _figure(outcome_bars("各届次答复类别构成", sessions)),
              _tally_table("届次", sessions, uri)]  # fmt: skip
    months = monthly_counts(catalog.replies)
    if months:
        rows = [(m, str(n)) for m, n in months.items()]
        parts += ["## 每月答复数（有日期的答复）\n", _figure(month_columns("每月答复数", months)),
                  table(("月份", "答复数"), rows) + "\n"]  # fmt: skip
    departments = department_tallies(indexes)
    parts += ["## 各承办单位（按拼音排序）\n", _figure(outcome_bars("各承办单位答复类别构成", departments)),
              _tally_table("承办单位", departments, uri)]  # fmt: skip
    return "\n".join(parts)


def _figure(svg: str) -> str:
    return f'<figure class="or-figure">{svg}</figure>\n' if svg else ""


def _tally_table(first: str, tallies: list[Tally], uri: str) -> str:
    rows = []
    for t in tallies:
        shares = [f"{t.outcomes[o]}（{t.share(o):.0f}%）" for o in OUTCOMES]
        rows.append((link(t.label, t.uri, uri), str(t.replies), str(t.lead), str(t.co), *shares))
    return table((first, "答复", "主办", "会办", *OUTCOMES), rows) + "\n"


def render_changes(
    changes: Changes | None, previous: dict[str, Any] | None, current: dict[str, Any]
) -> str:
    """Replies added, changed and withdrawn since the previous release's manifest."""
    parts = [front_matter("更新记录"), "# 更新记录\n"]
    if changes is None or previous is None:
        parts.append(f"构建时没有提供上一版的 {MANIFEST}，因此无法比较。"
                     "本次发布的清单见网站根目录的 manifest.json。\n")  # fmt: skip
        return "\n".join(parts)
    uri = CHANGES_URI
    new, old = current["replies"], previous["replies"]
    parts.append(f"与上一版相比：新增 {len(changes.added)} 件，修改 {len(changes.changed)} 件，"
                 f"撤下 {len(changes.withdrawn)} 件。\n")  # fmt: skip
    for heading, addresses in (("新增的答复", changes.added), ("修改的答复", changes.changed)):
        if addresses:
            parts.append(f"## {heading}\n")
            parts.extend(f"- {link(_field(new[a], 'title'), a + 'index.md', uri)}（{_where(new[a])}）"
                         for a in addresses)  # fmt: skip
            parts.append("")
    if changes.withdrawn:
        # A withdrawn reply may now be withheld: say which one, never what it said.
        parts.append("## 撤下的答复\n")
        parts.extend(f"- {_where(old[a])}" for a in changes.withdrawn)
        parts.append("")
    return "\n".join(parts)


def _field(entry: dict[str, Any], key: str) -> str:
    """One field of a manifest entry as text; 未注明 where an older manifest lacks it."""
    value = entry.get(key)
    return str(value) if value not in (None, "") else MISSING


def _where(entry: dict[str, Any]) -> str:
    """Session, number and department of a manifest entry: never its title or text."""
    return (f"{esc(_field(entry, 'session'))}{esc(_field(entry, 'number'))}，"
            f"{esc(_field(entry, 'department'))}")  # fmt: skip
