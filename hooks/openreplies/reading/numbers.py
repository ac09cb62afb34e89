"""Numbers as replies write them: Chinese numerals, full-width digits, 文号 and dates.

Pure functions, each idempotent where it normalises (a normalised value normalises to itself)
and none raising on arbitrary text: what cannot be read comes back as None.
"""

from __future__ import annotations

import datetime as dt
import re

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH |= {code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)}  # Ａ-Ｚ
_FULLWIDTH |= {code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)}  # ａ-ｚ
_FULLWIDTH |= {0x3000: " ", 0xFF0D: "-"}  # ideographic space, full-width hyphen

_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS)
"""Every character `parse_int` reads as part of a Chinese numeral."""

_WS_RE = re.compile(r"\s+")
_YEAR_BRACKETS_RE = re.compile(r"[〔\[【（(［﹝〖{]([0-9]{4})[〕\]】）)］﹞〗}]")
_SERIAL_RE = re.compile(r"〕[第0]+(?=[0-9]+号)")
DOC_NUMBER_PATTERN = (
    r"[^\s，。、；：:（()）《》“”〔\[【［]{1,20}?"
    r"[〔\[【（(［﹝〖]\s*[0-9]{4}\s*[〕\]】）)］﹞〗]\s*第?\s*[0-9]{1,5}\s*[号號]"
)
"""A 文号 as written: issuer, year in any bracket, optional 第, serial, 号 (digits half-width)."""

_DATE_RE = re.compile(
    r"(?P<y>[0-9]{4}|[〇零○一二三四五六七八九]{4})\s*年\s*"
    r"(?P<m>[0-9]{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*"
    r"(?P<d>[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
_ISO_DATE_RE = re.compile(r"(?P<y>[0-9]{4})[-./](?P<m>[0-9]{1,2})[-./](?P<d>[0-9]{1,2})")


_HAS_FULLWIDTH_RE = re.compile("[\u3000\uff0d\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def to_halfwidth(text: str) -> str:
    """Full-width digits and Latin letters (and the ideographic space) as half-width."""
    # str.translate looks up every character; most lines have nothing to translate.
    return text.translate(_FULLWIDTH) if _HAS_FULLWIDTH_RE.search(text) else text


def parse_int(text: str) -> int | None:
    """An integer written in Arabic or Chinese numerals (六 → 6, 十三 → 13, 一百零五 → 105).

    Digit-by-digit forms (二〇二三 → 2023) are read too. None when `text` is not a number.
    """
    text = to_halfwidth(text).strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    if not any(ch in _UNITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    return _parse_with_units(text)


def _parse_with_units(text: str) -> int | None:
    total = 0
    digit: int | None = None
    last_unit = 10_000
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and _DIGITS[ch] != 0:
                return None  # two digits in a row (三四十)
            digit = _DIGITS[ch] if _DIGITS[ch] != 0 else None
            continue
        unit = _UNITS[ch]
        if unit >= last_unit:
            return None  # units must fall (十百 is no number)
        total += (1 if digit is None else digit) * unit
        digit, last_unit = None, unit
    return total + (digit or 0)


def parse_proposal_number(text: str) -> int | str | None:
    """A proposal number: 0257 → 257, ２５７ → 257, 2025d048 → '2025D048', 十二 → 12.

    Numbers with letters stay text (half-width, upper case, no leading zeros); None when
    `text` holds no number.
    """
    text = _WS_RE.sub("", to_halfwidth(text))
    if text.isascii() and text.isalnum():
        if text.isdigit():
            return int(text)
        return text.upper().lstrip("0") or "0"
    if _PREFIXED_NUMBER_RE.fullmatch(text):
        return text.upper()  # 温36: a delegation's numbering
    return parse_int(text)


_PREFIXED_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,2}[0-9][0-9A-Za-z]*")


def normalize_doc_number(text: str) -> str:
    """A 文号 in one form: 〔〕 around the year, half-width digits, no spaces, no 第.

    宜府发[2018]62号, 宜府发（2018）62号 and 宜府发 〔2018〕 第 062 号 all give
    宜府发〔2018〕62号. 第 and leading zeros of the serial are dropped so that two citations of
    one document compare equal. Text without a bracketed year is only cleaned of spaces.
    """
    text = _WS_RE.sub("", to_halfwidth(text)).replace("號", "号")
    text = _YEAR_BRACKETS_RE.sub(r"〔\1〕", text)
    return _SERIAL_RE.sub("〕", text)


def parse_date(text: str) -> str | None:
    """The first date in `text` as YYYY-MM-DD, or None when there is none or it is invalid.

    Reads 2023年6月18日, 2023 年 6 月 20 日, ２０２３年…, 二〇二三年六月十八日 and 2023-06-18.
    """
    text = to_halfwidth(text)
    match = _DATE_RE.search(text) or _ISO_DATE_RE.search(text)
    if match is None:
        return None
    parts = [parse_int(match[key]) for key in ("y", "m", "d")]
    if None in parts:
        return None
    year, month, day = (p for p in parts if p is not None)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def is_date_line(text: str) -> bool:
    """True when the whole line is one date (the reply's date under its signature)."""
    return line_date(text) is not None


_DAMAGED_DATE_RES = (
    re.compile(r"(?P<y>(?:19|20)[0-9]{2})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日?"),
    re.compile(r"(?P<y>(?:19|20)[0-9]{2})年?(?P<md>[0-9]{2,4})日?"),
)
"""Dates whose 年/月/日 conversion lost (2017821, 2024年72, 2018年7月3)."""


def line_date(text: str) -> str | None:
    """The date a line consists of, as YYYY-MM-DD, or None.

    Besides the forms of `parse_date`, reads a date whose 年/月/日 were lost in conversion when
    its digits allow one reading only: 2017821 is 2017-08-21 (82 is no month), 2021111 is None
    (1-11 or 11-1).
    """
    flat = _WS_RE.sub("", to_halfwidth(text))
    if _DATE_RE.fullmatch(flat) or _ISO_DATE_RE.fullmatch(flat):
        return parse_date(flat)
    for pattern in _DAMAGED_DATE_RES:
        match = pattern.fullmatch(flat)
        if match:
            return _unique_date(match)
    return None


def _unique_date(match: re.Match[str]) -> str | None:
    year = int(match["y"])
    groups = match.groupdict()
    if groups.get("md") is None:
        splits = [(match["m"], match["d"])]
    else:
        md = match["md"]
        splits = [(md[:i], md[i:]) for i in (1, 2) if 1 <= len(md) - i <= 2]
    found = set()
    for month, day in splits:
        try:
            found.add(dt.date(year, int(month), int(day)).isoformat())
        except ValueError:
            continue
    return found.pop() if len(found) == 1 else None


_TRAILING_DATE_RE = re.compile(
    r"(?P<date>(?:[0-9]{4}|[〇零○一二三四五六七八九]{4})年[0-9一二三四五六七八九十]{1,2}月"
    r"[0-9一二三四五六七八九十]{1,3}日)$"
)


def split_dated(flat: str) -> tuple[str, str] | None:
    """(what precedes, YYYY-MM-DD) for a line that ends with a date (宜昌市教育局2023年6月18日)."""
    match = _TRAILING_DATE_RE.search(_WS_RE.sub("", to_halfwidth(flat)))
    if match is None:
        return None
    date = parse_date(match["date"])
    return (match.string[: match.start()], date) if date else None


_LABELLED_NUMBER_RE = re.compile(
    r"^第?(?P<n>[0-9A-Za-z]{1,12}|[〇零一二三四五六七八九十百千两]{1,8})号?$"
)


def parse_labelled_number(value: str) -> int | str | None:
    """The number of a 提案号/编号 label: 第0257号, 0257, 2025D048 → 257, 257, '2025D048'."""
    match = _LABELLED_NUMBER_RE.match(_WS_RE.sub("", to_halfwidth(value)).replace("號", "号"))
    return parse_proposal_number(match["n"]) if match else None
