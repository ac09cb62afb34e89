"""Reply file → `Reply`: one small recogniser per header field, run on a recognition copy.

The copy is in simplified characters with half-width digits, so a traditional-character mirror
reads like its original; the record's names and titles come from it, while `text` and `blocks`
keep the source as written. A file that is not a reply raises `ReplyError` (line and field).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import ReplyError
from ..model import Reply, Role
from .fields import category_line, is_label_line, read_fields
from .handling import UNIT_RE, read_handlers, read_role
from .intake import SourceText
from .names import NameRegistry, strip_courtesy, to_simplified
from .numbers import (
    DOC_NUMBER_PATTERN,
    is_date_line,
    normalize_doc_number,
    parse_proposal_number,
    to_halfwidth,
)
from .policies import bracketed, read_policies
from .sessions import Session, read_session
from .text import build_blocks

NOT_A_REPLY = (
    "不是提案或建议的答复：开头找不到答复标题（如“关于政协××市×届×次会议第×号提案的答复”）"
)
NO_NUMBER = "找不到提案号/建议号：标题和正文开头都没有“第…号”"
NO_SESSION = "找不到届次：标题和正文开头都没有“×届×次会议”"
NO_DEPARTMENT = "找不到答复单位：标题上方、标题开头和落款处都没有单位名称"
NO_REGION = "找不到地区：届次和答复单位名称中都没有地名（可在 names.yaml 的 department_aliases 中写明单位全称）"

_HEAD_LINES = 40
"""The title is looked for among this many non-empty lines (web metadata may come first)."""
_TITLE_MAX_LINES = 3
_TITLE_MAX_CHARS = 120
_OPENING_LINES = 8
"""Lines after the title that may hold category, addressee and the opening paragraph."""
_PARAGRAPH_MIN = 40
_ABOVE = 6
"""Lines above the title searched for the department (文号, category, marking may come between)."""

_WS_RE = re.compile(r"\s+")
_TITLE_START_RE = re.compile(r"关于|对|政协|人大|人民代表大会|会议|第[0-9A-Za-z]+号")
_TITLE_KIND_RE = re.compile(r"提案|建议|议案")
_TITLE_END_RE = re.compile(r"(?:答复|复函|答复函|的函|回复|会办意见|协办意见|办理情况|答复意见)$")
_SENTENCE_RE = re.compile(r"[。；;]")
_NUM = r"[0-9A-Za-z]{1,12}|[〇零一二三四五六七八九十百千两]{1,8}"
_NUMBER_RE = re.compile(rf"(?<![〕\]】）)])第(?P<n>{_NUM})号")
_BODY_NUMBER_RE = re.compile(
    rf"(?<![〕\]】）)])第(?P<n>{_NUM})号(?:代表|委员|集体)?(?:提案|建议|议案)"
    rf"|编号[:：]?第?(?P<m>{_NUM})号?"
    rf"|提出的?第(?P<k>{_NUM})号"
)
_DOC_LINE_RE = re.compile(rf"^(?:发文字号|文号)?[:：]?(?P<doc>{DOC_NUMBER_PATTERN})")
_TITLE_PREFIX_RE = re.compile(r"^(?P<unit>.{2,40}?)(?:关于|对)")
_MASTHEAD_RE = re.compile(r"(?:文件|（函）|\(函\))$")
_NOT_UNIT_RE = re.compile(r"关于|提案|建议|答复|会议|[:：]")
_ADDRESSEE_END_RE = re.compile(r"(?:[:：]|(?:代表|委员)们?)$")
_GREETING_RE = re.compile(r"您好|你好")
_LEAD_UNIT_RE = re.compile(r"(?:局|街道|人民政府|政府|办事处|管委会)$")
_PROPOSER_IN_TEXT_RE = re.compile(
    r"(?:委员|代表)(?P<who>[\u4e00-\u9fff·]{2,4}(?:等[0-9一二三四五六七八九十]*[位名](?:委员|代表)?)?)"
    r"(?:同志)?所?提出的"
)
_QUOTE_PAIRS = (("“", "”"), ("《", "》"), ("「", "」"), ("『", "』"))
_ASCII_QUOTE_RE = re.compile(r'"([^"]+)"')
_PROPOSAL_SHAPE_RE = re.compile(r"^关于|(?:建议|提案|议案|意见)$")
_BARE_TITLE_RE = re.compile(r"提出的?(?P<t>关于[^。，,；《》“”]{2,100}?的(?:建议|提案|议案))")
_PROPOSED_RE = re.compile(r"(?:提出|所提|提交)的?\s*(?:第[0-9A-Za-z]{1,12}号)?\s*$")


@dataclass(frozen=True)
class _Line:
    number: int
    """1-based line of the source file."""
    index: int
    """Position in `SourceText.lines`."""
    text: str
    """Recognition text: simplified, half-width digits, stripped."""
    flat: str
    """`text` without whitespace."""


@dataclass(frozen=True)
class _Title:
    first: int
    """Index (in the prepared lines) of the title's first line."""
    last: int
    text: str
    """The title's lines joined, without whitespace."""


@dataclass(frozen=True)
class _Header:
    title: _Title
    opening: list[_Line]
    """The lines after the title up to and including the opening paragraph."""
    number: int | str
    session: Session
    region: str
    department: str
    """Canonical full name."""


def parse_reply(source: SourceText, names: NameRegistry) -> Reply:
    """Parse one reply file; `public` is left False for the disclosure gate to set.

    Raises:
        ReplyError: the file is not a reply, or its number, session, department or region
            cannot be found (message in Chinese, with the line and the field).
    """
    lines = _prepare(source)
    header = _read_header(source.path, lines, names)
    after = lines[header.title.last + 1 :]
    body = "\n".join(line.flat for line in after)
    role, handlers, proposer = _handling(header, body, names)
    proposal_title = _proposal_title(header.title, header.opening)
    fields = read_fields([line.text for line in lines], [line.text for line in after])
    head = _head(lines, header)
    return Reply(
        file=source.path,
        disclosure=fields.disclosure,
        body=header.session.body,
        region=header.region,
        term=header.session.term,
        session=header.session.session,
        number=header.number,
        category=fields.category or _bare_category(head),
        proposer=proposer,
        proposer_canonical=names.proposer(proposer) if proposer else "",
        title=proposal_title,
        department=header.department,
        role=role,
        co_departments=handlers,
        date=fields.date,
        policies=read_policies(body, [proposal_title] if proposal_title else []),
        leader=fields.leader,
        handler=fields.handler,
        phones=fields.phones,
        postcode=fields.postcode,
        doc_number=_doc_number(fields.doc_number, head),
        blocks=build_blocks(source.lines[lines[header.title.last].index + 1 :]),
        digest=text_digest(source.text),
    )


def text_digest(text: str) -> str:
    """SHA-1 of `text` without any whitespace (line endings and conversion spaces differ)."""
    return hashlib.sha1("".join(text.split()).encode("utf-8")).hexdigest()


def _read_header(path: str, lines: list[_Line], names: NameRegistry) -> _Header:
    """Title, number, 届次, department and region, or the error that rejects the file."""
    title = _find_title(lines)
    if title is None:
        raise ReplyError(path, NOT_A_REPLY, line=lines[0].number if lines else None, field="标题")
    where = lines[title.first].number
    opening = _opening(lines, title)
    number = _find_number(title, opening)
    if number is None:
        kind = "建议号" if "建议" in title.text and "提案" not in title.text else "提案号"
        raise ReplyError(path, NO_NUMBER, line=where, field=kind)
    session = _find_session(title, opening)
    if session is None:
        raise ReplyError(path, NO_SESSION, line=where, field="届次")
    candidates = _department_candidates(lines, title)
    if not candidates:
        raise ReplyError(path, NO_DEPARTMENT, line=where, field="答复单位")
    region = _region(session, candidates, names)
    if region is None:
        raise ReplyError(path, NO_REGION, line=where, field="地区")
    department = _department(candidates, region, names)
    return _Header(title, opening, number, session, region, department)


def _handling(
    header: _Header, body: str, names: NameRegistry
) -> tuple[Role | None, tuple[str, ...], str]:
    """The role, the other handling units (canonical) and the proposer as written."""
    role = read_role(header.title.text, body)
    handlers = [names.department(unit, header.region) for unit in read_handlers(body, role)]
    proposer = _addressee(header.opening)
    if proposer and role is Role.CO and _is_lead_unit(proposer, names):
        handlers.insert(0, names.department(proposer, header.region))
        proposer = _proposer_in_text(header.opening)
    return role, _others(handlers, header.department), proposer


def _others(handlers: list[str], department: str) -> tuple[str, ...]:
    """The handling units without the answering one (R8 lists itself as 区卫生健康局)."""
    return tuple(dict.fromkeys(h for h in handlers if not department.endswith(h)))


def _prepare(source: SourceText) -> list[_Line]:
    prepared = []
    for index, line in enumerate(source.lines):
        text = line.text.strip()
        if text:
            text = to_halfwidth(to_simplified(text)).strip()
            prepared.append(_Line(line.number, index, text, _WS_RE.sub("", text)))
    return prepared


def _is_title_part(line: _Line) -> bool:
    flat = line.flat
    return (
        len(flat) <= _TITLE_MAX_CHARS
        and not _SENTENCE_RE.search(flat)
        and not flat.endswith((":", "："))
        and not is_label_line(line.text)
        and not _DOC_LINE_RE.match(flat)
    )


def _find_title(lines: list[_Line]) -> _Title | None:
    """The reply's title: 关于…第…号提案的答复, possibly broken over up to three lines."""
    for first, line in enumerate(lines[:_HEAD_LINES]):
        if _is_title_part(line) and _TITLE_START_RE.search(line.flat):
            title = _extend_title(lines, first)
            if title is not None:
                return title
    return None


def _extend_title(lines: list[_Line], first: int) -> _Title | None:
    text = ""
    for last in range(first, min(first + _TITLE_MAX_LINES, len(lines))):
        if last > first and not _is_title_part(lines[last]):
            break
        text += lines[last].flat
        if _TITLE_KIND_RE.search(text) and _TITLE_END_RE.search(text):
            return _Title(first, last, text)
    alone = lines[first].flat
    if _TITLE_KIND_RE.search(alone) and _NUMBER_RE.search(alone) and read_session(alone, alone):
        return _Title(first, first, alone)  # a title without 的答复
    return None


def _opening(lines: list[_Line], title: _Title) -> list[_Line]:
    """The lines after the title up to and including the opening paragraph."""
    opening = []
    for line in lines[title.last + 1 : title.last + 1 + _OPENING_LINES]:
        opening.append(line)
        if _is_paragraph(line):
            break
    return opening


def _is_paragraph(line: _Line) -> bool:
    return len(line.flat) > _PARAGRAPH_MIN or "。" in line.flat


def _find_number(title: _Title, opening: Sequence[_Line]) -> int | str | None:
    """第 257 号 in the title, else 第12号提案 / 编号:第3011号 in the opening lines."""
    match = _NUMBER_RE.search(title.text)
    if match:
        return parse_proposal_number(match["n"])
    for line in opening:
        match = _BODY_NUMBER_RE.search(line.flat)
        if match:
            return parse_proposal_number(match["n"] or match["m"] or match["k"])
    return None


def _find_session(title: _Title, opening: Sequence[_Line]) -> Session | None:
    for text in (title.text, *(line.flat for line in opening)):
        session = read_session(text, title.text)
        if session is not None:
            return session
    return None


def _unit_name(flat: str) -> str | None:
    name = _MASTHEAD_RE.sub("", flat)
    if len(name) > 40 or _NOT_UNIT_RE.search(name) or not UNIT_RE.fullmatch(name):
        return None
    return name


def _department_candidates(lines: list[_Line], title: _Title) -> list[str]:
    """The answering department as written: above the title, opening it, or above the date."""
    above = (lines[i].flat for i in range(title.first - 1, max(-1, title.first - _ABOVE), -1))
    header = next((name for name in map(_unit_name, above) if name), None)
    prefix = _TITLE_PREFIX_RE.match(title.text)
    opening = _unit_name(prefix["unit"]) if prefix else None
    return [name for name in (header, opening, _signature(lines, title)) if name]


def _signature(lines: list[_Line], title: _Title) -> str | None:
    """The unit signing above (or just below) the reply's date."""
    for index in range(title.last + 1, len(lines)):
        if is_date_line(lines[index].flat):
            near = (index - 1, index - 2, index + 1)
            found = (_unit_name(lines[i].flat) for i in near if title.last < i < len(lines))
            return next((name for name in found if name), None)
    return None


def _region(session: Session, candidates: list[str], names: NameRegistry) -> str | None:
    """The session's place, else the department's (cut to the hint's level: 市 of 重庆市沙坪坝区)."""
    if session.region:
        return session.region
    place = next((p for p in map(names.place_of, candidates) if p), None)
    if place and session.hint and session.hint in place:
        return place[: place.rfind(session.hint) + 1]
    return place


def _department(candidates: list[str], region: str, names: NameRegistry) -> str:
    canonical = [names.department(name, region) for name in candidates]
    return next((name for name in canonical if names.is_known_department(name)), canonical[0])


def _addressee(opening: Sequence[_Line]) -> str:
    """The addressee line without courtesy words and colon (中国民主促进会, 王爱珍代表)."""
    for line in opening:
        if _is_paragraph(line):
            break
        if is_label_line(line.text) or _DOC_LINE_RE.match(line.flat):
            continue
        if _ADDRESSEE_END_RE.search(line.flat) or _GREETING_RE.search(line.flat):
            name = strip_courtesy(line.flat)
            if name:
                return name
    return ""


def _proposer_in_text(opening: Sequence[_Line]) -> str:
    """The proposer named in the opening sentence (区政协委员张三提出的…), else empty."""
    match = _PROPOSER_IN_TEXT_RE.search("".join(line.flat for line in opening))
    return match["who"] if match else ""


def _is_lead_unit(addressee: str, names: NameRegistry) -> bool:
    """A co-handler's letter addressed to the lead unit (双龙湖街道：), not to the proposer."""
    return names.is_known_department(addressee) or bool(_LEAD_UNIT_RE.search(addressee))


def _proposal_title(title: _Title, opening: Sequence[_Line]) -> str:
    """The proposal's title as quoted, best evidence first.

    A quote right after 提出的 (“…” or 《…》), then 提出的关于…的建议 unquoted, then a quote in
    the header (R19), then a quote that reads like a proposal, then any quote.
    """
    text = "\n".join(line.text for line in opening)
    quotes = _quotes(text)
    after = (q for start, q in quotes if _PROPOSED_RE.search(text, max(0, start - 16), start - 1))
    bare = _BARE_TITLE_RE.search(_WS_RE.sub("", text))
    header = (q for _, q in _quotes(title.text))
    shaped = (q for _, q in quotes if _PROPOSAL_SHAPE_RE.search(_WS_RE.sub("", q)))
    candidates = (next(after, None), bare and bare["t"], next(header, None), next(shaped, None))
    return next((c for c in candidates if c), quotes[0][1] if quotes else "")


def _quotes(text: str) -> list[tuple[int, str]]:
    """(start, content) of each quoted passage of four characters or more, in order."""
    spans = [span for pair in _QUOTE_PAIRS for span in bracketed(text, *pair)]
    spans += [match.span(1) for match in _ASCII_QUOTE_RE.finditer(text)]
    quoted = ((start, text[start:end].strip()) for start, end in sorted(spans))
    return [(start, q) for start, q in quoted if len(_WS_RE.sub("", q)) >= 4]


def _head(lines: list[_Line], header: _Header) -> list[_Line]:
    """Lines above the title and between it and the opening paragraph."""
    between = [line for line in header.opening if not _is_paragraph(line)]
    return lines[: header.title.first] + between


def _bare_category(head: list[_Line]) -> str | None:
    found = (category_line(line.flat) for line in head)
    return next((c for c in found if c), None)


def _doc_number(labelled: str | None, head: list[_Line]) -> str | None:
    """The reply's own 文号: 发文字号 label, or a 文号 line near the title (with 签发人)."""
    if labelled:
        return normalize_doc_number(labelled)
    for line in head:
        match = _DOC_LINE_RE.match(line.flat)
        if match:
            return normalize_doc_number(match["doc"])
    return None
