"""Published replies → the catalog the pages are generated from.

Groups replies by proposal (one proposal may have a lead reply and co-handlers' replies from
different files), orders everything deterministically, and assigns each page its address.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .display import session_name
from .model import CATEGORIES, Body, Reply, Role
from .urls import department_slug, page_uri, proposal_dir, session_dir, short_hash

ProposalKey = tuple[str, Body, int, int, str]
"""region, body, term, session, number (as text): one proposal of one session."""

_ROLE_ORDER = {Role.LEAD: 0, None: 1, Role.CO: 2}


def proposal_key(reply: Reply) -> ProposalKey:
    """The identity of the proposal a reply answers."""
    return (reply.region, reply.body, reply.term, reply.session, str(reply.number))


def number_sort_key(number: int | str) -> tuple[int, int, str]:
    """Numbers in numeric order, numbers with letters after them in text order."""
    return (0, number, "") if isinstance(number, int) else (1, 0, number)


def reply_sort_key(reply: Reply) -> tuple[object, ...]:
    """Session, then number, then lead before co-handlers, then department."""
    return (
        reply.region,
        str(reply.body),
        reply.term,
        reply.session,
        number_sort_key(reply.number),
        _ROLE_ORDER[reply.role],
        reply.department,
        reply.file,
    )


@dataclass(frozen=True)
class Proposal:
    """One proposal and every published reply to it, lead first."""

    key: ProposalKey
    replies: tuple[Reply, ...]
    uri: str
    """The src URI of the proposal's page (the reply's own page when it has one reply)."""

    @property
    def first(self) -> Reply:
        """The lead reply, or the first one."""
        return self.replies[0]


@dataclass(frozen=True)
class Session:
    """One session (届次) of one body in one region, with its proposals in number order."""

    region: str
    body: Body
    term: int
    session: int
    proposals: tuple[Proposal, ...]
    uri: str

    @property
    def name(self) -> str:
        """政协宜昌市六届三次会议 / 宜昌市六届人大三次会议."""
        return session_name(self.region, self.body, self.term, self.session)

    @property
    def reply_count(self) -> int:
        """Published replies in this session."""
        return sum(len(p.replies) for p in self.proposals)

    @property
    def directory(self) -> str:
        """The folder of the session's pages: yichang/zx/6-3/."""
        return self.uri.removesuffix("index.md")

    @property
    def replies(self) -> list[Reply]:
        """Every published reply of the session, proposals in number order, lead first."""
        return [r for p in self.proposals for r in p.replies]

    def replies_by_category(self) -> dict[str | None, list[Reply]]:
        """The session's replies per outcome category, in CATEGORIES order, empty ones left out."""
        found: dict[str | None, list[Reply]] = {}
        for reply in self.replies:
            found.setdefault(reply.category, []).append(reply)
        return {c: found[c] for c in CATEGORIES if c in found}


@dataclass(frozen=True)
class Catalog:
    """Everything the pages show: published replies only."""

    replies: tuple[Reply, ...]
    proposals: tuple[Proposal, ...]
    sessions: tuple[Session, ...]
    reply_uris: dict[str, str]
    """Reply file → src URI of its page."""
    _proposals: dict[ProposalKey, Proposal] = field(repr=False, compare=False)
    _sessions: dict[tuple[str, Body, int, int], Session] = field(repr=False, compare=False)

    def proposal_of(self, reply: Reply) -> Proposal | None:
        """The proposal a published reply belongs to (None for a reply not in the catalog)."""
        return self._proposals.get(proposal_key(reply))

    def session_of(self, proposal: Proposal) -> Session | None:
        """The session a proposal was filed in (None for a proposal not in the catalog)."""
        return self._sessions.get(proposal.key[:4])


def build_catalog(published: Iterable[Reply]) -> Catalog:
    """Group and order the published replies and give each page its address."""
    replies = tuple(sorted(published, key=reply_sort_key))
    grouped: dict[ProposalKey, list[Reply]] = defaultdict(list)
    for reply in replies:
        grouped[proposal_key(reply)].append(reply)
    proposals: list[Proposal] = []
    reply_uris: dict[str, str] = {}
    for key, group in grouped.items():
        directory = proposal_dir(group[0])
        proposals.append(Proposal(key, tuple(group), page_uri(directory)))
        reply_uris.update(_reply_uris(group, directory))
    sessions = _sessions(proposals)
    return Catalog(
        replies,
        tuple(proposals),
        sessions,
        reply_uris,
        {p.key: p for p in proposals},
        {(s.region, s.body, s.term, s.session): s for s in sessions},
    )


def _reply_uris(group: list[Reply], directory: str) -> dict[str, str]:
    """Reply file → page: the proposal's own page for a single reply, else one page per
    department; departments with one slug (宜昌市教育局 and 教育局) get a hash each."""
    if len(group) == 1:
        return {group[0].file: page_uri(directory)}
    slugs = {r.file: department_slug(r.department, r.region) for r in group}
    taken = Counter(slugs.values())
    departments = Counter(r.department for r in group)
    uris: dict[str, str] = {}
    for reply in group:
        name = slugs[reply.file]
        if taken[name] > 1:
            # A hash of the name stays when files are renamed; one department twice (the
            # pipeline normally keeps one) needs the file too. Slugs have no "-" of their own.
            unique = departments[reply.department] == 1
            name += "-" + short_hash(
                reply.department if unique else f"{reply.department}\n{reply.file}"
            )
        uris[reply.file] = page_uri(f"{directory}{name}/")
    return uris


def _sessions(proposals: list[Proposal]) -> tuple[Session, ...]:
    grouped: dict[tuple[str, Body, int, int], list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        grouped[proposal.key[:4]].append(proposal)
    sessions = [
        Session(
            region,
            body,
            term,
            number,
            tuple(group),
            page_uri(session_dir(region, body, term, number)),
        )
        for (region, body, term, number), group in grouped.items()
    ]
    return tuple(order_sessions(sessions))


def order_sessions(sessions: Iterable[Session]) -> list[Session]:
    """Newest first, the sessions of one region and body together.

    Terms are numbered per region and body (襄阳's 十四届 is not later than 宜昌's 六届), so
    only within one region and body do term and session give the order, and there they give
    it exactly, whatever late reply an old session got. The groups go by their newest reply
    date; a group without any dated reply comes last. Region and body break ties, so the
    order depends on the replies alone.
    """
    groups: dict[tuple[str, str], list[Session]] = defaultdict(list)
    for session in sessions:
        groups[(session.region, str(session.body))].append(session)
    newest = {key: max((r.date or "" for s in group for r in s.replies), default="")
              for key, group in groups.items()}  # fmt: skip
    keys = sorted(groups)  # region and body, for ties
    keys.sort(key=newest.__getitem__, reverse=True)  # stable: ties keep that order
    return [
        session
        for key in keys
        for session in sorted(groups[key], key=lambda s: (s.term, s.session), reverse=True)
    ]
