"""The build report: names in published replies that the registry does not know.

Listed with the files they come from, so the webmaster can add aliases to names.yaml or the
documents to policies.yaml. Only published replies are looked at: the report is a page of the
site when the build is not strict, and must not reveal anything withheld.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .catalog import Catalog
from .indexes import Indexes
from .reading.names import NameRegistry


@dataclass(frozen=True)
class Report:
    """Unknown names, each with the files it appears in, sorted."""

    departments: tuple[tuple[str, tuple[str, ...]], ...]
    proposers: tuple[tuple[str, tuple[str, ...]], ...]
    policies: tuple[tuple[str, tuple[str, ...]], ...]
    """Policies cited without 文号 (the registry cannot give them an official link)."""

    def sections(self) -> list[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]]:
        """The non-empty sections with their headings."""
        named = [("未登记的单位名称", self.departments), ("未登记的提案者名称", self.proposers),
                 ("没有文号的政策文件", self.policies)]  # fmt: skip
        return [(heading, items) for heading, items in named if items]

    def log_lines(self) -> list[str]:
        """One line per unknown name, for the build log."""
        return [f"{heading}：{name}（{'、'.join(files)}）"
                for heading, items in self.sections() for name, files in items]  # fmt: skip


def build_report(catalog: Catalog, indexes: Indexes, names: NameRegistry) -> Report:
    """Collect the unknown names of the published replies."""
    departments: dict[str, set[str]] = defaultdict(set)
    proposers: dict[str, set[str]] = defaultdict(set)
    for reply in catalog.replies:
        for name in (reply.department, *reply.co_departments):
            if not names.is_known_department(name):
                departments[name].add(reply.file)
        if reply.proposer and not names.is_known_proposer(reply.proposer):
            proposers[reply.proposer].add(reply.file)
    policies = {
        f"《{p.title}》": {r.file for r in p.citing} for p in indexes.policies if not p.doc_number
    }
    return Report(_sorted(departments), _sorted(proposers), _sorted(policies))


def _sorted(found: dict[str, set[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((name, tuple(sorted(files))) for name, files in sorted(found.items()))
