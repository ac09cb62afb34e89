"""Digests of what each entry page of the indexes is made from (see `memo`).

`index_pages.render_proposer`, `render_department` and `render_policy` read an entry and, for
each reply or proposal they list, the reply and its page: so a page's digest is the entry's
own values, the state and page of every reply it lists (all of them: the counts cover every
page of a long list) and which part of the list the page shows. Keep each key function in step
with the function it stands for.
"""

from __future__ import annotations

from .catalog import Catalog, Proposal
from .indexes import DepartmentEntry, PolicyEntry, ProposerEntry
from .memo import Memo, digest
from .model import Reply
from .paging import PageSlice


def _reply(reply: Reply, catalog: Catalog, memo: Memo) -> tuple[str, str]:
    return memo.state(reply), catalog.reply_uris[reply.file]


def _proposal(proposal: Proposal, catalog: Catalog, memo: Memo) -> tuple[object, ...]:
    return proposal.uri, tuple(_reply(r, catalog, memo) for r in proposal.replies)


def _slice(page: PageSlice) -> tuple[int, int, int, int, str]:
    return page.number, page.count, page.start, page.end, page.base


def proposer_key(entry: ProposerEntry, catalog: Catalog, page: PageSlice, memo: Memo) -> str:
    """What `render_proposer` reads."""
    proposals = tuple(_proposal(p, catalog, memo) for p in entry.proposals)
    return digest("proposer", entry.name, entry.uri, entry.group, proposals, _slice(page))


def department_key(entry: DepartmentEntry, catalog: Catalog, page: PageSlice, memo: Memo) -> str:
    """What `render_department` reads."""
    replies = tuple(tuple(_reply(r, catalog, memo) for r in part) for part in (entry.led, entry.co))
    named = tuple(
        tuple(_proposal(p, catalog, memo) for p in part)
        for part in (entry.named_lead, entry.named_co)
    )
    return digest("department", entry.name, entry.uri, replies, named, _slice(page))


def policy_key(entry: PolicyEntry, catalog: Catalog, page: PageSlice, memo: Memo) -> str:
    """What `render_policy` reads."""
    citing = tuple(_reply(r, catalog, memo) for r in entry.citing)
    own = (entry.key, entry.title, entry.doc_number, repr(entry.info), entry.issuer, entry.uri)
    return digest("policy", own, citing, _slice(page))
