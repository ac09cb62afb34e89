"""Published replies → search documents: the fields the index weighs and what a result shows.

Only the catalog's replies (the published ones) become documents: the sessions in catalog
order, so that a session filter is an id range, and within a session the newest reply first,
so that equal scores can be ordered newest first. Names are indexed with their short forms
(中国民主促进会 also as 民进) and as facet terms (#d宜昌市教育局 and #d教育局, #p中国民主促进会),
every 文号 also whole, and the title and each cited document's title also under its title key
(terms.title_key), so that a whole title typed finds exactly the replies with that title. `names_table` is what the browser needs to recognise a name typed in any
of its forms, and `policy_pages` which policy page a 文号 query suggests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..catalog import Catalog
from ..display import MISSING, number_label, reply_session, reply_title, role_label
from ..model import Reply
from ..reading.names import NameTables
from ..references import MeetingInfo, MeetingKey
from ..urls import session_dir
from .fields import FIELDS, SearchDoc
from .page import policy_words
from .planner import LEVELS, MIN_KEY
from .terms import (
    DEPARTMENT_FACET,
    PROPOSER_FACET,
    doc_number_term,
    facet_term,
    normalize,
    title_key,
)

if TYPE_CHECKING:
    from ..pages import SiteContent

__all__ = [
    "FIELDS",
    "SearchDoc",
    "SearchInput",
    "build_documents",
    "index_input",
    "search_input",
    "user_words",
]

Aliases = Callable[[str], list[str]]
"""A canonical name → its short forms."""
Meetings = Callable[[Reply], int]
"""A reply → the year its session met (0 when unknown)."""


@dataclass(frozen=True)
class SearchInput:
    """Everything the index build needs (picklable, for the worker process)."""

    docs: Iterator[SearchDoc] | list[SearchDoc]
    """The documents, in id order, made one at a time."""
    words: list[str]
    """The segmenter's user dictionary."""
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    """The names table of the manifest (planner.Names)."""
    policies: dict[str, tuple[str, str]] = field(default_factory=dict)
    """文号 term → (policy page URL, title)."""


class NameForms:
    """Departments' and parties' short forms, from the name tables."""

    def __init__(self, tables: NameTables) -> None:
        self.parties = tables.parties
        self.departments = sorted(tables.departments.items(), key=lambda item: -len(item[0]))

    def generic(self, name: str) -> str | None:
        """The table's full name that a department's name ends with (宜昌市教育局 → 教育局)."""
        return next((full for full, _ in self.departments if name.endswith(full)), None)

    def aliases(self, name: str) -> list[str]:
        """Short forms of a party (exact name) or a department (by the name's ending)."""
        if name in self.parties:
            return list(self.parties[name])
        generic = self.generic(name)
        return list(dict(self.departments).get(generic, ())) if generic else []


def build_documents(
    catalog: Catalog,
    forms: NameForms,
    url_of: Callable[[str], str],
    meetings: Mapping[MeetingKey, MeetingInfo] | None = None,
) -> Iterator[SearchDoc]:
    """One document per published reply, in id order (see the module's docstring).

    `url_of` turns a page's src URI (yichang/zx/6-3/257/index.md) into its URL; `meetings`
    (sessions.yaml) gives the sessions' years.
    """
    known = meetings or {}

    def year(reply: Reply) -> int:
        key = (reply.region, reply.body, reply.term, reply.session)
        info = known.get(key) if None not in key else None  # type: ignore[arg-type]
        return info.year if info and info.year else 0

    for index, reply in enumerate(ordered_replies(catalog.replies)):
        url = url_of(catalog.reply_uris[reply.file])
        yield _document(index, reply, forms, url, year)


def ordered_replies(replies: tuple[Reply, ...] | list[Reply]) -> list[Reply]:
    """Sessions in the given order, within each the newest reply first (undated last)."""
    groups: dict[tuple[object, ...], list[Reply]] = {}
    for reply in replies:
        groups.setdefault((reply.region, reply.body, reply.term, reply.session), []).append(reply)
    return [
        reply
        for group in groups.values()
        for reply in sorted(group, key=lambda r: r.date or "", reverse=True)
    ]


def _document(index: int, reply: Reply, forms: NameForms, url: str, year: Meetings) -> SearchDoc:
    region, body, term, number = reply.region, reply.body, reply.term, reply.session
    if region is None or body is None or term is None or number is None:
        raise ValueError(f"{reply.file}: 没有届次的答复不能检索")  # never published so
    session = reply_session(reply)
    department = reply.department or ""
    role = role_label(reply.role)
    record = (
        url,
        reply_title(reply),
        f"{session}{number_label(reply)}",
        _proposer_label(reply),
        department + (f"（{role}）" if role else ""),
        reply.category or "",
        reply.date or "",
    )
    return SearchDoc(
        id=index,
        url=url,
        session=session_dir(region, body, term, number).rstrip("/"),
        session_name=session,
        kind=reply.kind or "",
        fields=_fields(reply, forms, session),
        exact=_exact(reply, forms),
        record=record,
        department=department,
        proposer=reply.proposer_canonical or "",
        category=reply.category or "",
        date=reply.date or "",
        meeting=(term, number, year(reply)),
    )


def _doc_numbers(reply: Reply) -> list[str]:
    return [n for n in (reply.doc_number, *(p.doc_number for p in reply.policies)) if n]


def _proposers(reply: Reply) -> list[str]:
    return [n for n in (reply.proposer, reply.proposer_canonical) if n]


def _fields(reply: Reply, forms: NameForms, session: str) -> tuple[str, ...]:
    """The text of each field of FIELDS."""
    department = reply.department or ""
    canonical = reply.proposer_canonical
    return (
        reply.title or "",
        " ".join([department, *forms.aliases(department)]),
        " ".join([*_proposers(reply), *(forms.aliases(canonical) if canonical else [])]),
        str(reply.number),
        " ".join([*_doc_numbers(reply), *(p.title for p in reply.policies)]),
        " ".join([session, reply.kind or "", number_label(reply), *reply.co_departments]),
        "\n".join(_block_texts(reply)),
    )


def _exact(reply: Reply, forms: NameForms) -> tuple[tuple[str, ...], ...]:
    """The terms added whole to each field: title keys, facet terms, 文号."""
    department = reply.department or ""
    generic = forms.generic(department)
    departments = [department, *([generic] if generic else [])]
    titles = [title_key(reply.title or "")]
    cited = [title_key(p.title) for p in reply.policies]
    numbers = [doc_number_term(n) for n in _doc_numbers(reply)]
    return (
        tuple(k for k in titles if len(k) >= MIN_KEY),
        tuple(dict.fromkeys(facet_term(DEPARTMENT_FACET, n) for n in departments if n)),
        tuple(dict.fromkeys(facet_term(PROPOSER_FACET, n) for n in _proposers(reply))),
        (),
        tuple(dict.fromkeys([*numbers, *(k for k in cited if len(k) >= MIN_KEY)])),
        (),
        (),
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


def user_words(replies: tuple[Reply, ...], tables: NameTables, extra: list[str]) -> list[str]:
    """The segmenter's user dictionary: every department, party and proposer name the catalog
    uses, the name tables' full and short names, and policy terms (data/search_words.txt)."""
    words = set(extra)
    for full, short in (*tables.departments.items(), *tables.parties.items()):
        words.update([full, *short])
    for reply in replies:
        words.update([reply.department or "", reply.proposer_canonical or ""])
        words.update(reply.co_departments)
    return sorted(w for w in words if len(w) >= 2)


def names_table(replies: tuple[Reply, ...], forms: NameForms) -> dict[str, dict[str, str]]:
    """The forms the browser recognises as names (planner.Names): every department and party
    form of the tables, and the places the published departments' names start with."""
    departments: dict[str, str] = {}
    for full, short in sorted(forms.departments):
        for form in (full, *short):
            departments.setdefault(normalize(form), normalize(full))
    parties: dict[str, str] = {}
    for full, short in sorted(forms.parties.items()):
        for form in (full, *short):
            parties.setdefault(normalize(form), normalize(full))
    places: dict[str, str] = {}
    for reply in replies:
        department = reply.department or ""
        generic = forms.generic(department)
        place = normalize(department[: -len(generic)]) if generic else ""
        if place:
            places[place] = place
            if len(place) > 2 and place[-1] in LEVELS:
                places.setdefault(place[:-1], place)
    return {
        "places": dict(sorted(places.items())),
        "departments": dict(sorted(departments.items())),
        "parties": dict(sorted(parties.items())),
    }


def policy_pages(content: SiteContent, url_of: Callable[[str], str]) -> dict[str, tuple[str, str]]:
    """文号 term → (URL, title) of every policy page with a 文号."""
    return {
        doc_number_term(entry.doc_number): (url_of(entry.uri), entry.title)
        for entry in content.indexes.policies
        if entry.doc_number
    }


def search_input(
    catalog: Catalog, tables: NameTables, url_of: Callable[[str], str]
) -> tuple[Iterator[SearchDoc], list[str]]:
    """The documents of the published replies (made one at a time) and the segmenter's user
    dictionary (what `generate` checks; the build uses `index_input`)."""
    docs = build_documents(catalog, NameForms(tables), url_of)
    return docs, user_words(catalog.replies, tables, policy_words())


def index_input(
    content: SiteContent, tables: NameTables, url_of: Callable[[str], str]
) -> SearchInput:
    """What the index is built from: published replies only (documents made one at a time),
    the segmenter's words, the names table and the policy pages."""
    forms = NameForms(tables)
    replies = content.catalog.replies
    return SearchInput(
        docs=build_documents(content.catalog, forms, url_of, content.meetings),
        words=user_words(replies, tables, policy_words()),
        names=names_table(replies, forms),
        policies=policy_pages(content, url_of),
    )
