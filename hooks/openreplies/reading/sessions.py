"""The 届次 of a reply's title: body (政协/人大), term (届), session (次) and the place.

Covers the spellings of FORMATS §2: 政协宜昌市六届三次会议, 市十五届人大一次会议, 政协第十一届
花都区委员会第三次会议, 镇康县第十八届人民代表大会第四次会议, 十三届全国人大二次会议, ….
Works on text without whitespace, in simplified characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Body
from .names import LEVEL_CHARS, PLACE, PLACE_CHAIN_RE
from .numbers import parse_int

_TERM = r"[〇零○一二两三四五六七八九十百0-9]{1,4}"
_CHAIN = rf"(?:{PLACE})+"
_MEETING = rf"第?(?P<session>{_TERM})次(?:全体)?会议"
_SESSION_RES: tuple[tuple[re.Pattern[str], Body | None], ...] = (
    (
        re.compile(
            rf"(?P<nat>全国)?政协(?P<place>{_CHAIN})?第?(?P<term>{_TERM})届"
            rf"(?:(?P<place2>{_CHAIN})?委员会)?{_MEETING}"
        ),
        Body.CPPCC,
    ),
    (
        re.compile(rf"第?(?P<term>{_TERM})届(?P<nat>全国)?(?:人大|人民代表大会){_MEETING}"),
        Body.CONGRESS,
    ),
    (re.compile(rf"第?(?P<term>{_TERM})届(?P<nat>全国)?政协{_MEETING}"), Body.CPPCC),
    (
        re.compile(rf"(?P<nat>全国)?(?:人大|人民代表大会)第?(?P<term>{_TERM})届{_MEETING}"),
        Body.CONGRESS,
    ),
    # No 政协/人大 at all (市六届三次会议): the kind word of the title decides.
    (re.compile(rf"第?(?P<term>{_TERM})届(?:(?P<place2>{_CHAIN})?委员会)?{_MEETING}"), None),
)
_TAIL_SPLIT_RE = re.compile(r"关于对|关于|对|在|就|[，,。；;：:、（(“”《》]")
NATIONAL = "全国"
"""The region of a national conference or congress."""


@dataclass(frozen=True)
class Session:
    """One 届次 as a title names it."""

    body: Body
    term: int
    session: int
    region: str | None
    """The place named with the session (宜昌市), 全国 for a national one, else None."""
    hint: str | None
    """A bare 市/县/区 before the session (对市六届人大三次会议), else None."""


def read_session(text: str, title: str) -> Session | None:
    """The first 届次 in `text`; `title` (with 提案 or 建议) decides a bare one's body."""
    best: tuple[re.Match[str], Body | None] | None = None
    for pattern, body in _SESSION_RES:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0].start()):
            best = (match, body)
    if best is None:
        return None
    match, body = best
    term, session = parse_int(match["term"]), parse_int(match["session"])
    if not term or not session:
        return None
    body = body or (Body.CPPCC if "提案" in title else Body.CONGRESS)
    return Session(body, term, session, *_place(text, match))


def _place(text: str, match: re.Match[str]) -> tuple[str | None, str | None]:
    """(region, hint): 政协宜昌市… → 宜昌市; 对市六届… → hint 市; 十三届全国人大 → 全国."""
    groups = match.groupdict()
    if groups.get("nat"):
        return NATIONAL, None
    place = groups.get("place") or groups.get("place2")
    if place:
        return place, None
    tail = _TAIL_SPLIT_RE.split(text[: match.start()])[-1]
    if tail == NATIONAL:
        return NATIONAL, None
    if PLACE_CHAIN_RE.fullmatch(tail):
        return tail, None
    if tail and tail[-1] in LEVEL_CHARS:
        return None, tail[-1]
    return None, None
