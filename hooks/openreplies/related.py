"""Related replies for a reply page: same proposer, same policy, same topic in other sessions.

A topic is "raised again" when two titles in different sessions share at least two uncommon
character pairs (bigrams) after the generic words of proposal titles are removed. An inverted
index over the uncommon bigrams keeps this linear in the number of replies.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .catalog import Catalog, Proposal, proposal_key
from .indexes import Indexes
from .model import Reply

MAX_LINKS = 8
MAX_POSTINGS = 500
"""A title bigram shared by more titles than this is common, however large the corpus."""
_GENERIC_RE = re.compile(
    r"关于|建议|提案|议案|进一步|加快|加强|推进|推动|促进|完善|提升|提高|实施|开展|深化|强化|"
    r"做好|落实|建立|健全|构建|打造|我市|全市|工作|问题|发展|建设|有关|相关|的|和|与|及|在|对"
)
_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]{2,}")
_MIN_SHARED = 2


@dataclass(frozen=True)
class RelatedLinks:
    """What a reply page links to beside the reply itself."""

    same_proposer: tuple[Proposal, ...]
    same_policy: tuple[Reply, ...]
    """Replies in other sessions that cite a policy this reply cites."""
    same_topic: tuple[Reply, ...]
    """Replies in other sessions whose titles share this one's key terms."""


def title_bigrams(title: str) -> frozenset[str]:
    """The character pairs of a title's specific words (generic proposal words removed)."""
    text = _GENERIC_RE.sub(" ", title)
    return frozenset(
        run[i : i + 2] for run in _CJK_RUN_RE.findall(text) for i in range(len(run) - 1)
    )


class TopicIndex:
    """Finds replies whose titles share uncommon bigrams with a given reply's title."""

    def __init__(self, replies: Sequence[Reply]) -> None:
        self._replies = replies
        self._grams = [title_bigrams(r.title or "") for r in replies]
        postings: dict[str, list[int]] = defaultdict(list)
        for index, grams in enumerate(self._grams):
            for gram in grams:
                postings[gram].append(index)
        # Uncommon: in at most 5 % of the titles, and never more than MAX_POSTINGS of them
        # (the bound keeps `similar` linear in the corpus; it changes nothing up to 10,000).
        common = min(MAX_POSTINGS, max(5, len(replies) // 20))
        self._postings = {g: ids for g, ids in postings.items() if len(ids) <= common}
        total = len(replies) or 1
        self._idf = {g: math.log(total / len(ids)) + 1 for g, ids in self._postings.items()}

    def similar(self, index: int) -> list[Reply]:
        """Replies of other sessions sharing at least two uncommon bigrams, best first."""
        reply = self._replies[index]
        scores: dict[int, float] = defaultdict(float)
        shared: dict[int, int] = defaultdict(int)
        for gram in self._grams[index]:
            for other in self._postings.get(gram, ()):
                scores[other] += self._idf[gram]
                shared[other] += 1
        found = [
            i for i in scores
            if shared[i] >= _MIN_SHARED
            and proposal_key(self._replies[i])[:4] != proposal_key(reply)[:4]
        ]  # fmt: skip
        found.sort(key=lambda i: (-scores[i], self._replies[i].file))
        return [self._replies[i] for i in found[:MAX_LINKS]]


def build_related(catalog: Catalog, indexes: Indexes) -> dict[str, RelatedLinks]:
    """Reply file → its related links."""
    topics = TopicIndex(catalog.replies)
    related: dict[str, RelatedLinks] = {}
    for position, reply in enumerate(catalog.replies):
        own = proposal_key(reply)
        proposer = indexes.proposer(reply.proposer_canonical)
        same = proposer.proposals if proposer else ()
        related[reply.file] = RelatedLinks(
            same_proposer=tuple(p for p in same if p.key != own)[:MAX_LINKS],
            same_policy=_same_policy(reply, indexes),
            same_topic=tuple(topics.similar(position)),
        )
    return related


def _same_policy(reply: Reply, indexes: Indexes) -> tuple[Reply, ...]:
    """The first MAX_LINKS replies of other sessions citing this reply's policies, in citation
    order. It stops at MAX_LINKS: a policy cited by k replies would otherwise cost k² (a
    province's key documents are cited by thousands)."""
    session = proposal_key(reply)[:4]
    found: dict[str, Reply] = {}
    for citation in reply.policies:
        entry = indexes.policy(citation)
        for other in entry.citing if entry else ():
            if len(found) == MAX_LINKS:
                return tuple(found.values())
            if other.session != reply.session or proposal_key(other)[:4] != session:
                found.setdefault(other.file, other)
    return tuple(found.values())
