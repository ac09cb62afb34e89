"""How record values are written on the pages: numerals, session names, roles, categories."""

from __future__ import annotations

from .model import CATEGORY_MEANINGS, Body, Reply, Role

_DIGITS = "零一二三四五六七八九"
MISSING = "未注明"
"""What a page shows where a reply does not give a value."""


def chinese_numeral(n: int) -> str:
    """6 → 六, 13 → 十三, 20 → 二十, 105 → 一百零五 (for 届 and 次, always small)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + _DIGITS[rest]
    else:
        tail = chinese_numeral(rest) if rest >= 20 else "一" + chinese_numeral(rest)
    return _DIGITS[n // 100] + "百" + tail if n < 1000 else str(n)


def session_name(region: str, body: Body, term: int, session: int) -> str:
    """政协宜昌市六届三次会议 or 宜昌市六届人大三次会议, as replies write them."""
    t, s = chinese_numeral(term), chinese_numeral(session)
    if body is Body.CPPCC:
        return f"政协{region}{t}届{s}次会议"
    return f"{region}{t}届人大{s}次会议"


def reply_session(reply: Reply) -> str:
    """The session name of one reply."""
    return session_name(reply.region, reply.body, reply.term, reply.session)


def number_label(reply: Reply) -> str:
    """第257号提案 / 第12号建议."""
    return f"第{reply.number}号{reply.kind}"


def reply_title(reply: Reply) -> str:
    """The proposal's title, or 第257号提案的答复 when the reply never quotes it."""
    return reply.title or f"{number_label(reply)}的答复"


def proposer_label(reply: Reply) -> str:
    """The proposer as written (else its canonical name), or 未注明."""
    return reply.proposer or reply.proposer_canonical or MISSING


def role_label(role: Role | None) -> str:
    """主办, 会办, or empty when the reply does not say."""
    return {Role.LEAD: "主办", Role.CO: "会办"}.get(role, "") if role else ""


def category_label(category: str | None) -> str:
    """A：meaning, or 未标注."""
    if category is None:
        return "未标注"
    return f"{category}类：{CATEGORY_MEANINGS.get(category, '')}"
