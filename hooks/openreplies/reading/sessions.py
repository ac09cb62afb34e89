"""The 届次 of a reply: body (政协/人大), term (届), session (次) and the place.

Covers the spellings of FORMATS §2 (政协宜昌市六届三次会议, 市十五届人大一次会议, 政协第十一届
花都区委员会第三次会议, 镇康县第十八届人民代表大会第四次会议, 十三届全国人大二次会议, …) and
their conversion damage: a numeral lost (六届次会议 keeps the term, the session is None).
Works on recognition text without whitespace, in simplified characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Body
from .names import LEVEL_CHARS, PLACE, PLACE_CHAIN_RE
from .numbers import parse_int

_NUMERAL = r"[〇零○一二两三四五六七八九十百0-9]{1,4}"
_CHAIN = rf"(?:{PLACE})+"
_MEETING = rf"第?(?P<session>{_NUMERAL})?次(?:全体)?(?:会议|大会)?"
_TERM = rf"第?(?P<term>{_NUMERAL})?届"
_CONGRESS = r"(?:人大|人民代表大会)"
_SESSION_RES: tuple[tuple[re.Pattern[str], Body | None], ...] = (
    (
        re.compile(
            rf"(?P<nat>全国)?政协(?P<place>{_CHAIN})?(?:委员会)?{_TERM}"
            rf"(?:(?P<place2>{_CHAIN}|全国)?委员会)?{_MEETING}"
        ),
        Body.CPPCC,
    ),
    (re.compile(rf"{_TERM}(?P<nat>全国)?{_CONGRESS}(?:常委会)?{_MEETING}"), Body.CONGRESS),
    (re.compile(rf"{_TERM}(?P<nat>全国)?政协{_MEETING}"), Body.CPPCC),
    (re.compile(rf"(?P<nat>全国)?{_CONGRESS}{_TERM}{_MEETING}"), Body.CONGRESS),
    # No 政协/人大 at all (市六届三次会议): the kind word of the title decides.
    (re.compile(rf"{_TERM}(?:(?P<place2>{_CHAIN})?委员会)?{_MEETING}"), None),
)
_NOT_BEFORE_LOST_TERM = "历本每上下首新换往各两该此连"
"""Characters that make a bare 届 a word (历届, 本届), not a 届次 whose numeral was lost."""
_TAIL_SPLIT_RE = re.compile(r"关于对|关于|对|在|就|[，。；：、（）“”《》]")
NATIONAL = "全国"
"""The region of a national conference or congress."""


@dataclass(frozen=True)
class Session:
    """One 届次 as a reply names it; a numeral lost in conversion is None."""

    body: Body
    term: int | None
    session: int | None
    region: str | None
    """The place named with the session (宜昌市), 全国 for a national one, else None."""
    hint: str | None
    """A bare 市/县/区 before the session (对市六届人大三次会议), else None."""
    tail: str | None = None
    """What stands before the session and may be a place (牟定县, or 答复县 of 关于答复县政协…):
    the caller checks it against the department's place."""


def read_session(text: str, title: str) -> Session | None:
    """The first 届次 in `text`; `title` (with 提案 or 建议) decides a bare one's body."""
    best: tuple[re.Match[str], Body | None] | None = None
    for pattern, body in _SESSION_RES:
        for match in pattern.finditer(text):
            if _plausible(text, match):
                if best is None or match.start() < best[0].start():
                    best = (match, body)
                break
    if best is None:
        return None
    match, body = best
    term, session = _numeral(match["term"]), _numeral(match["session"])
    body = body or (Body.CPPCC if "提案" in title else Body.CONGRESS)
    return Session(body, term, session, *_place(text, match))


def _numeral(text: str | None) -> int | None:
    value = parse_int(text) if text else None
    return value if value else None


def _plausible(text: str, match: re.Match[str]) -> bool:
    """A 届次 needs a numeral for its term or its session, and its own words."""
    if not match["term"] and not match["session"]:
        return False
    if not match["term"]:
        at = match.start("term") if match.start("term") >= 0 else match.start()
        before = text[at - 1 : at] if at > 0 else ""
        if before and before in _NOT_BEFORE_LOST_TERM:
            return False
    meeting = match.group(0)
    return "会" in meeting or _followed_by_item(text, match.end())


def _followed_by_item(text: str, end: int) -> bool:
    """六届三次第257号提案: the meeting word may be left out before the item."""
    return bool(re.match(r"(?:第|[0-9]|提案|建议|议案|代表|委员)", text[end : end + 2]))


def _place(text: str, match: re.Match[str]) -> tuple[str | None, str | None, str | None]:
    """(region, hint, tail): 政协宜昌市… → 宜昌市; 对市六届… → hint 市; 十三届全国人大 → 全国;
    牟定县政协… → tail 牟定县 (with hint 县)."""
    groups = match.groupdict()
    if groups.get("nat"):
        return NATIONAL, None, None
    place = groups.get("place") or groups.get("place2")
    if place:
        return place, None, None
    tail = _TAIL_SPLIT_RE.split(text[: match.start()])[-1]
    tail = tail.removesuffix("第")
    if tail == NATIONAL:
        return NATIONAL, None, None
    hint = tail[-1] if tail and tail[-1] in LEVEL_CHARS else None
    if len(tail) > 1 and PLACE_CHAIN_RE.fullmatch(tail):
        return None, hint, tail
    return None, hint, None


def read_session_value(value: str, title: str) -> Session | None:
    """A labelled 届次 (届次：六届三次), which may leave out 会议."""
    flat = re.sub(r"\s+", "", value)
    return read_session(flat if flat.endswith("会议") else flat + "会议", title)
