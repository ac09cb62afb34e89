"""The ways into the catalog: by proposer, by department and by cited policy document.

Pure groupings of the published replies, each entry with the address of its page. A policy is
one document per 文号 however it was bracketed; a citation without 文号 joins the document whose
title it shares, or stands alone under its normalised title.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pypinyin import lazy_pinyin

from .catalog import Catalog, Proposal, ProposalKey, number_sort_key
from .model import PolicyCitation, Reply, Role
from .reading.policies import title_key
from .references import PolicyInfo
from .urls import page_uri, policy_slug, unique_slugs

_DOC_YEAR_RE = re.compile(r"〔(\d{4})〕")
_DATE_YEAR_RE = re.compile(r"(\d{4})")
_GROUP_SUFFIXES = ("党", "会", "社", "盟", "联", "团", "组", "界", "委", "局", "院", "处", "室")


def pinyin_key(name: str) -> tuple[str, str]:
    """Sort key for Chinese names in pinyin order (ties broken by the characters)."""
    return (" ".join(lazy_pinyin(name)), name)


def is_group(name: str) -> bool:
    """A party, organisation or committee rather than one member: long, or ends like one."""
    return len(name) > 4 or (len(name) == 4 and name.endswith(_GROUP_SUFFIXES))


@dataclass(frozen=True)
class ProposerEntry:
    """One proposer (canonical name) and every proposal of theirs that has a published reply."""

    name: str
    uri: str
    group: bool
    """True for a party, group or committee; False for a member or deputy."""
    proposals: tuple[Proposal, ...]
    """Newest session first, then by number."""

    def outcome_counts(self) -> dict[str, int]:
        """Proposals per outcome category of their lead (or first) reply; 未标注 when none."""
        counts: dict[str, int] = defaultdict(int)
        for proposal in self.proposals:
            counts[proposal.first.category or "未标注"] += 1
        return dict(sorted(counts.items()))


@dataclass(frozen=True)
class DepartmentEntry:
    """One department (canonical name): what it answered, as lead or co-handler."""

    name: str
    uri: str
    led: tuple[Reply, ...]
    """Its replies as 主办, or where the reply does not say (role null)."""
    co: tuple[Reply, ...]
    """Its own replies as 会办/协办."""
    named_co: tuple[Proposal, ...]
    """Proposals whose lead (or role-less) reply names it as 会办 but which have no published
    reply of its own."""
    named_lead: tuple[Proposal, ...] = ()
    """Proposals whose co-handler's reply names it as the 主办 but which have no published
    reply of its own (its reply is withheld, or not yet in)."""


@dataclass(frozen=True)
class PolicyEntry:
    """One cited policy document and every published reply that cites it."""

    key: str
    """Its 文号, or `title:` and the normalised title when it has none."""
    title: str
    doc_number: str | None
    info: PolicyInfo | None
    uri: str
    citing: tuple[Reply, ...]

    @property
    def issuer(self) -> str:
        """The registry's issuer, else the 文号's issuer code (宜府发), else 未注明文号."""
        if self.info and self.info.issuer:
            return self.info.issuer
        if self.doc_number and "〔" in self.doc_number:
            return self.doc_number.split("〔", 1)[0]
        return "未注明文号"

    @property
    def year(self) -> int | None:
        """The year in the 文号 (〔2018〕), else the registry date's year; None when neither
        has four digits (宜府发〔18〕62号)."""
        found = _DOC_YEAR_RE.search(self.doc_number or "")
        if found is None and self.info and self.info.date:
            found = _DATE_YEAR_RE.match(self.info.date)
        return int(found[1]) if found else None


@dataclass(frozen=True)
class Indexes:
    """Every proposer, department and policy of the published replies."""

    proposers: tuple[ProposerEntry, ...]
    departments: tuple[DepartmentEntry, ...]
    policies: tuple[PolicyEntry, ...]
    _proposer: dict[str, ProposerEntry] = field(repr=False, compare=False)
    _department: dict[str, DepartmentEntry] = field(repr=False, compare=False)
    _policy: dict[str, PolicyEntry] = field(repr=False, compare=False)
    _title_to_doc: dict[str, str] = field(repr=False, compare=False)

    def proposer(self, name: str | None) -> ProposerEntry | None:
        """The entry of a canonical proposer name (None for a name no reply gives)."""
        return self._proposer.get(name) if name else None

    def department(self, name: str | None) -> DepartmentEntry | None:
        """The entry of a canonical department name (None for a name no reply gives)."""
        return self._department.get(name) if name else None

    def policy(self, citation: PolicyCitation) -> PolicyEntry | None:
        """The document a citation refers to (None for a citation no reply makes)."""
        return self._policy.get(policy_key(citation, self._title_to_doc))


def policy_key(citation: PolicyCitation, title_to_doc: Mapping[str, str]) -> str:
    """A citation's document: its 文号, the 文号 of the same title cited elsewhere, or its title."""
    if citation.doc_number:
        return citation.doc_number
    key = title_key(citation.title)
    return title_to_doc.get(key, f"title:{key}")


def build_indexes(catalog: Catalog, policy_info: Mapping[str, PolicyInfo]) -> Indexes:
    """Group the catalog's replies by proposer, department and cited policy."""
    proposers = _proposers(catalog.proposals)
    departments = _departments(catalog)
    title_to_doc = _title_to_doc(catalog.replies, policy_info)
    policies = _policies(catalog.replies, policy_info, title_to_doc)
    return Indexes(
        proposers, departments, policies,
        {p.name: p for p in proposers}, {d.name: d for d in departments},
        {p.key: p for p in policies}, title_to_doc,
    )  # fmt: skip


def _session_order(proposal: Proposal) -> tuple[object, ...]:
    r = proposal.first
    return (-r.term, -r.session, r.region, str(r.body), number_sort_key(r.number))


def _proposers(proposals: Iterable[Proposal]) -> tuple[ProposerEntry, ...]:
    grouped: dict[str, list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        # Every reply's proposer: two replies to one proposal may name different addressees.
        for name in dict.fromkeys(r.proposer_canonical for r in proposal.replies):
            if name:
                grouped[name].append(proposal)
    slugs = unique_slugs(list(grouped))
    entries = [
        ProposerEntry(name, page_uri(f"proposers/{slugs[name]}/"), is_group(name),
                      tuple(sorted(group, key=_session_order)))
        for name, group in grouped.items()
    ]  # fmt: skip
    return tuple(sorted(entries, key=lambda e: pinyin_key(e.name)))


def _departments(catalog: Catalog) -> tuple[DepartmentEntry, ...]:
    led: dict[str, list[Reply]] = defaultdict(list)
    co: dict[str, list[Reply]] = defaultdict(list)
    named_co: dict[str, dict[ProposalKey, Proposal]] = defaultdict(dict)
    named_lead: dict[str, dict[ProposalKey, Proposal]] = defaultdict(dict)
    for proposal in catalog.proposals:
        answering = {r.department for r in proposal.replies}
        for reply in proposal.replies:
            (co if reply.role is Role.CO else led)[reply.department].append(reply)
        # Every unit any reply names (a co reply names the 主办), so that each has a page.
        for reply in proposal.replies:
            named = named_lead if reply.role is Role.CO else named_co
            for name in reply.co_departments:
                if name not in answering:
                    named[name].setdefault(proposal.key, proposal)
    names = set(led) | set(co) | set(named_co) | set(named_lead)
    slugs = unique_slugs(list(names))
    entries = [
        DepartmentEntry(name, page_uri(f"departments/{slugs[name]}/"), tuple(led[name]),
                        tuple(co[name]), tuple(named_co[name].values()),
                        tuple(named_lead[name].values()))
        for name in names
    ]  # fmt: skip
    return tuple(sorted(entries, key=lambda e: pinyin_key(e.name)))


def _title_to_doc(
    replies: Iterable[Reply], policy_info: Mapping[str, PolicyInfo]
) -> dict[str, str]:
    """Normalised title → 文号, from citations with both and from the registry (first wins)."""
    mapping: dict[str, str] = {}
    for info in policy_info.values():
        if info.title:
            mapping.setdefault(title_key(info.title), info.doc_number)
    for reply in replies:
        for citation in reply.policies:
            if citation.doc_number:
                mapping.setdefault(title_key(citation.title), citation.doc_number)
    return mapping


def _policies(
    replies: Iterable[Reply], policy_info: Mapping[str, PolicyInfo], title_to_doc: dict[str, str]
) -> tuple[PolicyEntry, ...]:
    citing: dict[str, list[Reply]] = defaultdict(list)
    first: dict[str, PolicyCitation] = {}
    for reply in replies:
        for key in dict.fromkeys(policy_key(c, title_to_doc) for c in reply.policies):
            citing[key].append(reply)
        for citation in reply.policies:
            first.setdefault(policy_key(citation, title_to_doc), citation)
    slugs = unique_slugs(list(first), make=_policy_slug)
    entries = []
    for key, citation in first.items():
        doc = None if key.startswith("title:") else key
        info = policy_info.get(doc) if doc else None
        title = info.title if info and info.title else citation.title
        uri = page_uri(f"policies/{slugs[key]}/")
        entries.append(PolicyEntry(key, title, doc, info, uri, tuple(citing[key])))
    return tuple(sorted(entries, key=lambda e: (e.issuer, -(e.year or 0), e.key)))


def _policy_slug(key: str) -> str:
    if key.startswith("title:"):
        return policy_slug(None, key.removeprefix("title:"))
    return policy_slug(key, key)
