"""Reply file → `Reply`: the recognisers of each field family, run on recognition lines.

A document that reads as a reply (a title in any of its forms, or an addressee and an opening
such as …收悉…答复如下) is a reply: what it does not carry is None in the record, every value
keeps the line it came from (`Reply.sources`), and what is guessed becomes a `Doubt`. Only a
file that does not read as a reply at all raises `ReplyError`. Names and titles come from the
recognition copy (simplified, half-width digits); `blocks` keep the text as written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import ReplyError
from ..model import Body, Doubt, Reply, Role, Source
from .addressee import proposer_in_text, read_addressee
from .fields import Fields, category_line, read_fields
from .handling import read_handlers, read_role
from .intake import SourceText
from .lines import Line, prepare_lines
from .names import PLACE, NameRegistry
from .numbers import normalize_doc_number, parse_labelled_number, parse_proposal_number
from .policies import bracketed, read_policies
from .sessions import NATIONAL, Session, read_session, read_session_value
from .text import build_blocks
from .title import (
    Title,
    doc_number_of,
    find_opening,
    find_title,
    is_paragraph,
    opening_lines,
    title_trailer,
)
from .units import Signature, is_pronoun, read_signature, unit_name

NOT_A_REPLY = (
    "不是提案或建议的答复：开头找不到答复标题（如“关于政协××市×届×次会议第×号提案的答复”），"
    "也没有“……收悉……答复如下”这样的开头"
)

_ABOVE = 6
"""Lines above the title searched for the department (文号, category, marking may come between)."""
_BODY_SESSION_LINES = 3
"""Paragraphs after the opening in which a 届次 is still looked for (您在市…会议上提出的)."""
_WS_RE = re.compile(r"\s+")
_NUM = r"[0-9A-Za-z]{1,12}|[〇零一二三四五六七八九十百千两]{1,8}"
_NUMBER_RE = re.compile(rf"(?<![〕\]】）])第(?P<n>{_NUM})号")
_BARE_NUMBER_RE = re.compile(
    r"(?<![0-9A-Za-z〕\]】）第])(?P<n>[0-9][0-9A-Za-z]{0,11})号(?:代表|委员|集体|重点)?(?:提案|建议|议案)"
)
_BODY_NUMBER_RE = re.compile(
    rf"(?<![〕\]】）])第(?P<n>{_NUM})号(?:代表|委员|集体|重点)?(?:提案|建议|议案)"
    rf"|编号：?第?(?P<m>{_NUM})号?"
    rf"|提出的?第?(?P<k>{_NUM}|[\u4e00-\u9fff][0-9][0-9A-Za-z]{{0,10}})号"
    rf"|[（(]第?(?P<j>{_NUM})号(?:提案|建议)?[）)]"
)
PLACE_PART_RE = re.compile(PLACE)
"""One part of a place chain (重庆市, 沙坪坝区)."""
_MEETING_NUMBER_RE = re.compile(
    r"会议(?:期间)?第?(?P<n>[\u4e00-\u9fff]?[0-9][0-9A-Za-z]{0,11})号(?!文)"
)
"""The number right after the session (…第二次会议第70号…, 温36号建议): an item's number."""
_TITLE_PREFIX_RE = re.compile(r"^(?:[0-9]{4}年度?)?(?P<unit>.{2,40}?)(?:关于|对)")
_CHROME_RE = re.compile(r"首页|当前位置|>>|》》|>|您现在的位置|网站")
_LEAD_UNIT_RE = re.compile(r"(?:局|街道|人民政府|政府|办事处|管委会|中心|公司|办公室|厅|委)$")
_QUOTE_PAIRS = (("“", "”"), ("《", "》"), ("「", "」"), ("『", "』"))
_ASCII_QUOTE_RE = re.compile(r'"([^"]+)"')
_PROPOSAL_SHAPE_RE = re.compile(r"^关于|(?:建议|提案|议案|意见)$")
_BARE_TITLE_RE = re.compile(
    r"(?:提出|所提|提交|领衔提出)的?(?P<t>关于[^。，；《》“”]{2,100}?的(?:建议|提案|议案))"
)
_TITLE_BARE_RE = re.compile(r"(?P<t>关于[^《》“”]{2,100}?的(?:建议|提案|议案))(?:的|办理)")
_PROPOSED_RE = re.compile(r"(?:提出|所提|提交)的?\s*(?:第[0-9A-Za-z]{1,12}号)?\s*$")
_ITEM_KIND_RE = re.compile(
    r"(提案|建议|议案)(?=(?:已|均已|现已)?(?:收悉|收到|的答复|答复)|[》”]?$)"
)
_TITLE_CATEGORY_RE = re.compile(r"[（(]?(?P<c>[A-D])类?[）)]?$")


@dataclass
class _Found:
    """Values found so far, with the line each came from and the doubts raised."""

    sources: dict[str, Source] = field(default_factory=dict)
    doubts: list[Doubt] = field(default_factory=list)

    def at(self, key: str, value: object, line: int | None) -> None:
        """Record where a found value came from (a value of None records nothing)."""
        if value not in (None, "", ()) and line is not None:
            self.sources[key] = Source(line=line)

    def doubt(self, key: str, message: str, line: int | None = None) -> None:
        self.doubts.append(Doubt(key, message, line))


def parse_reply(source: SourceText, names: NameRegistry) -> Reply:
    """Parse one reply file; `public` is left False for the disclosure gate to set.

    Raises:
        ReplyError: the file does not read as a reply (no title and no opening).
    """
    lines = prepare_lines(source)
    title = find_title(lines) or find_opening(lines)
    if title is None:
        raise ReplyError(
            source.path, NOT_A_REPLY, line=lines[0].number if lines else None, field="标题"
        )
    found = _Found()
    if not title.found:
        found.doubt("title", "没有找到答复标题，按开头的“收悉……答复如下”认定为答复",
                    lines[title.first].number)  # fmt: skip
    opening = opening_lines(lines, title)
    fields = read_fields(lines, title.last + 1)
    head = _head(lines, title, opening)
    after = lines[title.last + 1 :]
    session = _session(title, fields, opening, after, lines, found)
    number = _number(title, fields, opening, lines, found)
    signature = read_signature(lines, title.last + 1, names)
    candidates = _unit_candidates(lines, title, fields, signature, names)
    region = _region(session, [name for name, _, _ in candidates], names, found)
    department = _department(candidates, region, names, found)
    body_text = "\n".join(line.flat for line in after)
    role, handlers, proposer = _handling(title, body_text, opening, fields, region, names, found)
    proposal_title = _proposal_title(title, opening, fields, lines, found)
    plain_body = "\n".join(line.plain_flat for line in after)
    others = _others(handlers, department)
    category = _category(fields, head, title, lines, found)
    date = signature.date or fields.date
    found.at("date", date, signature.date_line if signature.date else fields.lines.get("date"))
    for key in ("leader", "handler", "phones", "postcode", "disclosure", "role"):
        found.at(key, getattr(fields, key), fields.lines.get(key))
    doc_number = _doc_number(fields, head, lines, title, found)
    found.at("proposer_canonical", proposer, found.sources.get("proposer", Source()).line)
    return Reply(
        file=source.path,
        disclosure=fields.disclosure,
        body=session.body if session else _body_from_kind(title, opening),
        region=region,
        term=session.term if session else None,
        session=session.session if session else None,
        number=number,
        category=category,
        proposer=proposer,
        proposer_canonical=names.proposer(proposer) if proposer else None,
        title=proposal_title,
        department=department,
        role=role,
        co_departments=others,
        date=date,
        policies=read_policies(plain_body, [proposal_title] if proposal_title else []),
        leader=fields.leader,
        handler=fields.handler,
        phones=fields.phones,
        postcode=fields.postcode,
        doc_number=doc_number,
        blocks=build_blocks(source.lines[_text_start(lines, title) :]),
        digest=text_digest(source.text),
        sources=found.sources,
        doubts=tuple(found.doubts),
    )


def text_digest(text: str) -> str:
    """SHA-1 of `text` without any whitespace (line endings and conversion spaces differ)."""
    return hashlib.sha1("".join(text.split()).encode("utf-8")).hexdigest()


def _text_start(lines: Sequence[Line], title: Title) -> int:
    """The source line where the reply's own text starts (after its title)."""
    if title.found:
        return lines[title.last].index + 1
    return lines[title.first].index if title.first < len(lines) else len(lines)


def _head(lines: Sequence[Line], title: Title, opening: Sequence[Line]) -> list[Line]:
    """Lines above the title and between it and the opening paragraph."""
    between = [line for line in opening if not is_paragraph(line)]
    return [*lines[: title.first], *between]


# --- 届次 and number ------------------------------------------------------------------------


def _session(
    title: Title,
    fields: Fields,
    opening: Sequence[Line],
    after: Sequence[Line],
    lines: Sequence[Line],
    found: _Found,
) -> Session | None:
    """The 届次: title, a 届次 label, the opening, the first paragraphs, then the header."""
    kind_text = title.text or "".join(line.flat for line in opening)
    where: list[tuple[str, int | None]] = []
    if title.found:
        where.append((title.text, lines[title.first].number))
        where += [(text, lines[title.first].number) for text in title.alternatives]
    if fields.session:
        labelled = read_session_value(fields.session, kind_text)
        if labelled is not None:
            found.at("session", labelled, fields.lines.get("session"))
            return _with_sources(labelled, found, fields.lines.get("session"))
    where += [(line.flat, line.number) for line in opening]
    paragraphs = [line for line in after[len(opening) :] if is_paragraph(line)]
    where += [(line.flat, line.number) for line in paragraphs[:_BODY_SESSION_LINES]]
    where += [(line.flat, line.number) for line in lines[: title.first]]
    best: tuple[Session, int | None] | None = None
    for text, number in where:
        session = read_session(text, kind_text)
        if session is None:
            continue
        if session.term and session.session:
            return _with_sources(session, found, number)
        best = best or (session, number)  # a damaged one, if nothing better comes
    if best is not None:
        return _with_sources(best[0], found, best[1])
    return None


def _with_sources(session: Session, found: _Found, line: int | None) -> Session:
    for key in ("body", "term", "session"):
        found.at(key, getattr(session, key), line)
    if session.term is None or session.session is None:
        lost = "届" if session.term is None else "次"
        found.doubt("session" if lost == "次" else "term", f"届次中的“{lost}”数字缺失", line)
    return session


def _body_from_kind(title: Title, opening: Sequence[Line]) -> Body | None:
    """政协 or 人大 from the item's kind when no 届次 says it (提案 → 政协, 建议 → 人大)."""
    texts = (title.text, "".join(line.flat for line in opening))
    for text in texts:
        if "政协" in text or "委员会" in text:
            return Body.CPPCC
        if "人大" in text or "人民代表大会" in text:
            return Body.CONGRESS
        kinds = _ITEM_KIND_RE.findall(text)
        if kinds:  # the item word nearest to 收悉 or 第…号: 《关于…的建议》的提案收悉 is a 提案
            return Body.CPPCC if kinds[-1] == "提案" else Body.CONGRESS
    for text in texts:
        proposal, suggestion = "提案" in text, "建议" in text or "议案" in text
        if proposal != suggestion:
            return Body.CPPCC if proposal else Body.CONGRESS
    whole = "".join(texts)
    members, deputies = "委员" in whole, "代表" in whole
    if members != deputies:  # 张三委员 answers a 提案, 李四代表 a 建议
        return Body.CPPCC if members else Body.CONGRESS
    return None


def _number(
    title: Title, fields: Fields, opening: Sequence[Line], lines: Sequence[Line], found: _Found
) -> int | str | None:
    """第 257 号 in the title, else a 提案号 label, else 第12号提案 / (第12号) in the opening."""
    for text in (title.text, *title.alternatives) if title.found else ():
        for pattern in (_NUMBER_RE, _MEETING_NUMBER_RE, _BARE_NUMBER_RE):
            match = pattern.search(text)
            if match:
                number = parse_proposal_number(match["n"])
                if number is not None:
                    found.at("number", number, _line_of(lines, title, match.start()))
                    return number
    if fields.number:
        number = parse_labelled_number(fields.number)
        if number is not None:
            found.at("number", number, fields.lines.get("number"))
            return number
    for line in opening:
        flat = line.flat
        match = (
            _BODY_NUMBER_RE.search(flat)
            or _MEETING_NUMBER_RE.search(flat)
            or _BARE_NUMBER_RE.search(flat)
        )
        if match:
            groups = [g for g in match.groups() if g]
            number = parse_proposal_number(groups[0]) if groups else None
            if number is not None:
                found.at("number", number, line.number)
                return number
    return None


def _line_of(lines: Sequence[Line], title: Title, offset: int) -> int:
    """The source line of a position in the joined title text."""
    position = 0
    for line in lines[title.first : title.last + 1]:
        position += len(line.flat)
        if offset < position:
            return line.number
    return lines[title.last].number


# --- the answering unit and the region ------------------------------------------------------


def _unit_candidates(
    lines: Sequence[Line],
    title: Title,
    fields: Fields,
    signature: Signature,
    names: NameRegistry,
) -> list[tuple[str, int, int]]:
    """The answering unit as written, best evidence first, each with its line.

    The masthead or a unit line just above the title, the title's own opening (XX局关于…),
    the signature above the date, a 答复单位/承办单位 label, a portal's 发布机构.
    """
    found: list[tuple[str, int, int]] = []
    for i in range(title.first - 1, max(-1, title.first - _ABOVE), -1):
        if _CHROME_RE.search(lines[i].flat):
            break  # a portal's breadcrumb: what is above it is the site, not the reply
        name = unit_name(lines[i].flat, names)
        if name:
            masthead = lines[i].flat != name  # 潼关县民政局文件
            found.append((name, lines[i].number, 3 if masthead else 2))
            break
    if title.found:
        prefix = _TITLE_PREFIX_RE.match(title.text)
        name = unit_name(prefix["unit"], names) if prefix else None
        if name:
            found.append((name, lines[title.first].number, 2))
    if signature.unit and signature.unit_line is not None:
        found.append((signature.unit, signature.unit_line, 3))
    for value in fields.units:
        name = unit_name(value, names, signature=True)
        if name:
            found.append((name, fields.lines.get("units", 0), 1))
    if fields.publisher:
        name = unit_name(fields.publisher, names)
        if name:
            found.append((name, fields.lines.get("publisher", 0), 1))
    return found


def _region(
    session: Session | None, candidates: list[str], names: NameRegistry, found: _Found
) -> str | None:
    """The session's place, else the department's (cut to the hint's level: 市 of 重庆市沙坪坝区).

    A place named with the session is made as specific as the department's (花都区 of
    广州市花都区卫生健康局 → 广州市花都区); a word before the session that only looks like a
    place (答复县 of 关于答复县政协…) gives way to the department's place.
    """
    place = next((p for p in map(names.place_of, candidates) if p), None)
    line = found.sources.get("term", found.sources.get("session", Source())).line
    region: str | None = None
    if session is not None and session.region:
        region = session.region
        if place and place.endswith(region) and region != NATIONAL:
            region = place
    elif session is not None and session.tail and place and session.tail in place:
        region = place[: place.find(session.tail) + len(session.tail)]
    elif place and session is not None and session.hint and _cut_to_level(place, session.hint):
        region = _cut_to_level(place, session.hint)
    elif session is not None and session.tail and _plausible_place(session.tail):
        region = session.tail
    elif place and session is not None and session.hint:
        found.doubt("region", f"届次是“{session.hint}”一级的会议，答复单位的地名是{place}")
        return None
    else:
        return place
    found.at("region", region, line)
    return region


def _cut_to_level(place: str, level: str) -> str | None:
    """The place up to its last part of the session's level: 重庆市沙坪坝区 at 市 → 重庆市; None
    when no part is of that level (市中区 for a 市 congress: the city is not named)."""
    end = None
    for part in PLACE_PART_RE.finditer(place):
        if part.group().endswith(level):
            end = part.end()
    return place[:end] if end else None


def _plausible_place(tail: str) -> bool:
    return not any(ch in _NOT_PLACE_CHARS for ch in tail)


_NOT_PLACE_CHARS = frozenset("答复办理提出转交协会同就在的对关于请将此该本我贵你您")


def _department(
    candidates: list[tuple[str, int, int]], region: str | None, names: NameRegistry, found: _Found
) -> str | None:
    """The answering unit most evidence names: each position weighs, a known name wins ties."""
    if not candidates:
        return None
    scores: dict[str, int] = {}
    lines: dict[str, int] = {}
    for name, line, weight in candidates:
        canonical = names.department(name, region)
        scores[canonical] = scores.get(canonical, 0) + weight
        lines.setdefault(canonical, line)
    order = list(scores)
    best = max(
        order,
        key=lambda n: (scores[n], names.is_known_department(n), -order.index(n)),
    )
    found.at("department", best, lines[best])
    if region and "region" not in found.sources:
        found.at("region", region, lines[best])
    return best


def _others(handlers: list[str], department: str | None) -> tuple[str, ...]:
    """The handling units without the answering one (R8 lists itself as 区卫生健康局)."""
    if department is None:
        return tuple(dict.fromkeys(handlers))
    return tuple(dict.fromkeys(h for h in handlers if not department.endswith(h)))


# --- handling, proposer, title --------------------------------------------------------------


def _handling(
    title: Title,
    body: str,
    opening: Sequence[Line],
    fields: Fields,
    region: str | None,
    names: NameRegistry,
    found: _Found,
) -> tuple[Role | None, list[str], str | None]:
    """The role, the other handling units (canonical) and the proposer as written."""
    role = read_role(title.text, body)
    if role is None and fields.role:
        role = Role(fields.role)
    handlers = [names.department(unit, region) for unit in read_handlers(body, role)]
    if role is Role.CO and fields.lead_unit:
        handlers.insert(0, names.department(fields.lead_unit, region))
    elif fields.co_units:
        handlers += [
            names.department(u, region) for u in re.split(r"[、，；]", fields.co_units) if u
        ]
    addressee = read_addressee(opening)
    proposer, line = addressee if addressee else (None, None)
    if proposer and _is_lead_unit(proposer, body, names):
        handlers.insert(0, names.department(proposer, region))
        role = role or Role.CO
        proposer, line = proposer_in_text(opening) or (None, None)
    if proposer is None and fields.proposer and not is_pronoun(fields.proposer):
        proposer, line = _WS_RE.sub("", fields.proposer), fields.lines.get("proposer")
    if proposer is None:
        proposer, line = proposer_in_text(opening) or (None, None)
    found.at("proposer", proposer, line)
    found.at("co_departments", tuple(handlers), fields.lines.get("co_units"))
    return role, handlers, proposer


def _is_lead_unit(addressee: str, body: str, names: NameRegistry) -> bool:
    """A co-handler's letter addressed to the lead unit (双龙湖街道：), not to the proposer."""
    if names.is_known_proposer(addressee) and not names.is_known_department(addressee):
        return False
    if names.is_known_department(addressee) or bool(_LEAD_UNIT_RE.search(addressee)):
        return True
    return "贵" in body[:200] and bool(re.search(r"(?:会|协)办|配合", body[:400]))


def _proposal_title(
    title: Title, opening: Sequence[Line], fields: Fields, lines: Sequence[Line], found: _Found
) -> str | None:
    """The proposal's title as quoted, best evidence first.

    A quote right after 提出的 (“…” or 《…》), then 提出的关于…的建议 unquoted, then a quote in
    the header (R19), then a 提案标题/案由 label, then a quote that reads like a proposal, then
    any quote, then 关于…的提案 in the title itself.
    """
    text = "\n".join(line.plain for line in opening)
    quotes = _quotes(text)
    after = (q for start, q in quotes if _PROPOSED_RE.search(text, max(0, start - 16), start - 1))
    bare = _BARE_TITLE_RE.search(_WS_RE.sub("", text))
    header = (q for _, q in _quotes(title.plain or title.text))
    shaped = (q for _, q in quotes if _PROPOSAL_SHAPE_RE.search(_WS_RE.sub("", q)))
    in_title = _TITLE_BARE_RE.search(title.text) if title.found else None
    candidates: list[tuple[str | None, int | None]] = [
        (next(after, None), None),
        (bare["t"] if bare else None, None),
        (next(header, None), lines[title.first].number if title.found else None),
        (fields.title, fields.lines.get("title")),
        (next(shaped, None), None),
        (quotes[0][1] if quotes else None, None),
        (in_title["t"] if in_title else None, lines[title.first].number if title.found else None),
    ]
    for value, line in candidates:
        if value:
            found.at("title", value, line or _line_with(opening, value))
            return value
    return None


def _line_with(opening: Sequence[Line], value: str) -> int | None:
    key = _WS_RE.sub("", value)[:8]
    return next((line.number for line in opening if key in line.plain_flat), None)


def _quotes(text: str) -> list[tuple[int, str]]:
    """(start, content) of each quoted passage of four characters or more, in order."""
    spans = [span for pair in _QUOTE_PAIRS for span in bracketed(text, *pair)]
    spans += [match.span(1) for match in _ASCII_QUOTE_RE.finditer(text)]
    quoted = ((start, text[start:end].strip()) for start, end in sorted(spans))
    return [(start, q) for start, q in quoted if len(_WS_RE.sub("", q)) >= 4]


# --- category and 文号 ---------------------------------------------------------------------


def _category(
    fields: Fields, head: Sequence[Line], title: Title, lines: Sequence[Line], found: _Found
) -> str | None:
    if fields.category:
        found.at("category", fields.category, fields.lines.get("category"))
        return fields.category
    for line in head:
        category = category_line(line.flat)
        if category:
            found.at("category", category, line.number)
            return category
    if title.found:
        trailer = title_trailer(lines[title.last].flat)
        match = _TITLE_CATEGORY_RE.search(title.text) or _TITLE_CATEGORY_RE.search(trailer)
        if match and re.search(r"类|[（(]", match.group()):
            found.at("category", match["c"], lines[title.last].number)
            return match["c"]
    return None


def _doc_number(
    fields: Fields, head: Sequence[Line], lines: Sequence[Line], title: Title, found: _Found
) -> str | None:
    """The reply's own 文号: 发文字号 label, a 文号 line near the title, or on its line."""
    if fields.doc_number:
        return normalize_doc_number(fields.doc_number)
    for line in head:
        doc = doc_number_of(line)
        if doc:
            return normalize_doc_number(doc)
    if title.found:
        for line in lines[title.first : title.last + 1]:
            doc = doc_number_of_text(title_trailer(line.flat))
            if doc:
                return normalize_doc_number(doc)
    return None


def doc_number_of_text(text: str) -> str | None:
    """The 文号 a text starts with."""
    from .title import _DOC_LINE_RE

    match = _DOC_LINE_RE.match(text)
    return match["doc"] if match else None


__all__ = ["NATIONAL", "NOT_A_REPLY", "parse_reply", "text_digest"]
