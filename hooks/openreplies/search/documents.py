"""Published replies → search documents: the fields the index weighs and what a result shows.

Only the catalog's replies (the published ones) become documents, in catalog order, so the
replies of one session have consecutive ids and a session filter is an id range. Names are
indexed with their short forms (中国民主促进会 also as 民进, 宜昌市发展和改革委员会 also as 发改委).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..catalog import Catalog
from ..display import MISSING, number_label, reply_session, reply_title, role_label
from ..model import Reply
from ..reading.names import NameTables
from ..urls import session_dir
from .fields import FIELDS, SearchDoc
from .page import policy_words

__all__ = ["FIELDS", "SearchDoc", "build_documents", "name_aliases", "search_input", "user_words"]

Aliases = Callable[[str], list[str]]
"""A canonical name → its short forms."""


def name_aliases(tables: NameTables) -> Aliases:
    """Short forms of parties (exact name) and departments (by the name's ending)."""
    parties = tables.parties
    departments = sorted(tables.departments.items(), key=lambda item: -len(item[0]))

    def aliases(name: str) -> list[str]:
        if name in parties:
            return list(parties[name])
        for full, short in departments:
            if name.endswith(full):
                return list(short)
        return []

    return aliases


def build_documents(
    catalog: Catalog, aliases: Aliases, url_of: Callable[[str], str]
) -> Iterator[SearchDoc]:
    """One document per published reply, in catalog order.

    `url_of` turns a page's src URI (yichang/zx/6-3/257/index.md) into its URL.
    """
    for index, reply in enumerate(catalog.replies):
        yield _document(index, reply, aliases, url_of(catalog.reply_uris[reply.file]))


def _document(index: int, reply: Reply, aliases: Aliases, url: str) -> SearchDoc:
    session = reply_session(reply)
    text = "\n".join(_block_texts(reply))
    role = role_label(reply.role)
    numbers = [reply.doc_number, *(p.doc_number for p in reply.policies)]
    proposers = [n for n in (reply.proposer, reply.proposer_canonical) if n]
    canonical = reply.proposer_canonical
    fields = (
        reply.title or "",
        " ".join([reply.department, *aliases(reply.department)]),
        " ".join([*proposers, *(aliases(canonical) if canonical else [])]),
        str(reply.number),
        " ".join(n for n in numbers if n),
        " ".join(
            [session, reply.kind, number_label(reply), *reply.co_departments]
            + [p.title for p in reply.policies]
        ),
        text,
    )
    record = (
        url,
        reply_title(reply),
        f"{session}{number_label(reply)}",
        _proposer_label(reply),
        reply.department + (f"（{role}）" if role else ""),
        reply.category or "",
        reply.date or "",
    )
    return SearchDoc(
        id=index,
        url=url,
        session=session_dir(reply.region, reply.body, reply.term, reply.session).rstrip("/"),
        session_name=session,
        kind=reply.kind,
        fields=fields,
        record=record,
        department=reply.department,
        proposer=reply.proposer_canonical or "",
        category=reply.category or "",
    )


def _proposer_label(reply: Reply) -> str:
    """The proposer as written, with the canonical name when it says more (民进宜昌市委
    （中国民主促进会）), so that a result found by the proposer filter shows why."""
    written, canonical = reply.proposer, reply.proposer_canonical
    if not written or not canonical or canonical in written:
        return written or canonical or MISSING
    return f"{written}（{canonical}）"


def _block_texts(reply: Reply) -> Iterator[str]:
    for block in reply.blocks:
        if block.kind == "table":
            yield from ("\t".join(row) for row in block.rows)
        else:
            yield block.text


def user_words(catalog: Catalog, tables: NameTables, extra: list[str]) -> list[str]:
    """The segmenter's user dictionary: every department, party and proposer name the catalog
    uses, the name tables' full and short names, and policy terms (data/search_words.txt)."""
    words = set(extra)
    for full, short in (*tables.departments.items(), *tables.parties.items()):
        words.update([full, *short])
    for reply in catalog.replies:
        words.update([reply.department, reply.proposer_canonical or "", *reply.co_departments])
    return sorted(w for w in words if len(w) >= 2)


def search_input(
    catalog: Catalog, tables: NameTables, url_of: Callable[[str], str]
) -> tuple[Iterator[SearchDoc], list[str]]:
    """The documents to index (published replies only, made one at a time) and the
    segmenter's user dictionary."""
    docs = build_documents(catalog, name_aliases(tables), url_of)
    return docs, user_words(catalog, tables, policy_words())
