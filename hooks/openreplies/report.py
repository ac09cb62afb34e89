"""The build report: what the webmaster should look at in the published replies.

Names the registry does not know (add aliases to names.yaml), policies without 文号 (add them to
policies.yaml), and each reply's missing and doubtful fields. Only published replies are looked
at: the report is a page of the site when the build is not strict, and reveals nothing withheld.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .catalog import Catalog
from .indexes import Indexes
from .model import FIELD_LABELS, Doubt, Reply
from .reading.names import NameRegistry

Items = tuple[tuple[str, tuple[str, ...]], ...]
"""(name, the files or fields it concerns), sorted."""

NOT_EXPECTED = frozenset({"disclosure", "co_departments", "policies"})
"""Keys whose absence is normal: a decision instead of a marking, no co-handlers, no policy."""
_IMPLIED_BY = {"kind": "body", "proposer_canonical": "proposer"}
"""A key that is missing whenever the one it derives from is: reported once, as that one."""

SECTION_HINTS: dict[str, str] = {
    "未登记的单位名称": "若是简称或错别字，请在 registry/names.yaml 中登记。",
    "未登记的提案者名称": "若是简称或错别字，请在 registry/names.yaml 中登记。",
    "没有文号的政策文件": "可在 registry/policies.yaml 中登记其文号和链接。",
    "缺少的字段": "答复中没有这些信息；可在 registry/metadata.yaml 中为该文件或其文件夹补充。",
    "存疑的字段": "解析时不能确定；请核对原文，必要时在 registry/metadata.yaml 中更正。",
}
"""What the webmaster can do about each section, for the report page."""


def missing_fields(reply: Reply) -> tuple[str, ...]:
    """The record keys without a value that the webmaster could supply."""
    keys = reply.missing()
    return tuple(
        key for key in keys if key not in NOT_EXPECTED and _IMPLIED_BY.get(key) not in keys
    )


def field_label(key: str) -> str:
    """The Chinese name of a record key (答复单位 for department)."""
    return FIELD_LABELS.get(key, key)


def doubt_text(doubt: Doubt) -> str:
    """提案者：… （第 5 行）: one doubt, in words."""
    where = f"（第 {doubt.line} 行）" if doubt.line else ""
    return f"{field_label(doubt.field)}：{doubt.message}{where}"


@dataclass(frozen=True)
class Report:
    """Unknown names with the files they appear in; missing and doubtful fields per file."""

    departments: Items
    proposers: Items
    policies: Items
    """Policies cited without 文号 (the registry cannot give them an official link)."""
    missing: Items = ()
    """File → the Chinese names of its fields without a value."""
    doubts: Items = ()
    """File → what the parser was unsure of."""

    def sections(self) -> list[tuple[str, Items]]:
        """The non-empty sections with their headings."""
        named = [*self._name_sections(), ("缺少的字段", self.missing),
                 ("存疑的字段", self.doubts)]  # fmt: skip
        return [(heading, items) for heading, items in named if items]

    def _name_sections(self) -> list[tuple[str, Items]]:
        return [("未登记的单位名称", self.departments), ("未登记的提案者名称", self.proposers),
                ("没有文号的政策文件", self.policies)]  # fmt: skip

    def log_lines(self) -> list[str]:
        """One line per unknown name, and per file with missing or doubtful fields."""
        lines = [f"{heading}：{name}（{'、'.join(files)}）"
                 for heading, items in self._name_sections() for name, files in items]  # fmt: skip
        lines += [f"{file}：缺少 {'、'.join(labels)}" for file, labels in self.missing]
        lines += [f"{file}：存疑 {'；'.join(texts)}" for file, texts in self.doubts]
        return lines


def build_report(catalog: Catalog, indexes: Indexes, names: NameRegistry) -> Report:
    """Collect the unknown names and the missing or doubtful fields of the published replies."""
    departments: dict[str, set[str]] = defaultdict(set)
    proposers: dict[str, set[str]] = defaultdict(set)
    for reply in catalog.replies:
        for name in (reply.department, *reply.co_departments):
            if name and not names.is_known_department(name):
                departments[name].add(reply.file)
        if reply.proposer and not names.is_known_proposer(reply.proposer):
            proposers[reply.proposer].add(reply.file)
    policies = {
        f"《{p.title}》": {r.file for r in p.citing} for p in indexes.policies if not p.doc_number
    }
    return Report(
        _sorted(departments),
        _sorted(proposers),
        _sorted(policies),
        missing=_per_file(catalog.replies, lambda r: tuple(map(field_label, missing_fields(r)))),
        doubts=_per_file(catalog.replies, lambda r: tuple(map(doubt_text, r.doubts))),
    )


def _per_file(replies: Iterable[Reply], describe: Callable[[Reply], tuple[str, ...]]) -> Items:
    found = ((reply.file, describe(reply)) for reply in replies)
    return tuple(sorted((file, texts) for file, texts in found if texts))


def _sorted(found: dict[str, set[str]]) -> Items:
    return tuple((name, tuple(sorted(files))) for name, files in sorted(found.items()))
