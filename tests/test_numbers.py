"""Chinese numerals, full-width digits, 文号 and dates (openreplies.reading.numbers)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openreplies.reading.numbers import (
    is_date_line,
    normalize_doc_number,
    parse_date,
    parse_int,
    parse_proposal_number,
    to_halfwidth,
)

CJK_NUMBERS = st.text(alphabet="〇零一二两三四五六七八九十百千0123456789０１２３", max_size=8)
DOC_TEXT = st.text(alphabet="宜府发号第〔〕[]【】（）() 0123456789０１２３號", max_size=20)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("六", 6),
        ("十", 10),
        ("十三", 13),
        ("十四", 14),
        ("二十", 20),
        ("二十一", 21),
        ("一百零五", 105),
        ("一百一十", 110),
        ("两", 2),
        ("二〇二三", 2023),
        ("二零一九", 2019),
        ("257", 257),
        ("２５７", 257),
        ("", None),
        ("三四十", None),
        ("十十", None),
        ("十X", None),
        ("٣", None),
    ],
)
def test_parse_int(text: str, value: int | None) -> None:
    """Check that Arabic and Chinese numerals read as integers, and anything else as None."""
    assert parse_int(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("257", 257),
        ("0257", 257),
        ("025", 25),
        (" 257 ", 257),
        ("２５７", 257),
        ("20250688", 20250688),
        ("2025D048", "2025D048"),
        ("２０２５Ｄ０４８", "2025D048"),
        ("2025d048", "2025D048"),
        ("DH0271", "DH0271"),
        ("十二", 12),
        ("号", None),
    ],
)
def test_parse_proposal_number(text: str, value: int | str | None) -> None:
    """Check that numbers lose zero padding and width, and numbers with letters stay text."""
    assert parse_proposal_number(text) == value


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("宜府发〔2018〕62号", "宜府发〔2018〕62号"),
        ("长城检办[2025]1号", "长城检办〔2025〕1号"),
        ("荆政办发（2022）18号", "荆政办发〔2022〕18号"),
        ("荆政办发(2022)18号", "荆政办发〔2022〕18号"),
        ("潼民发【2024】275号", "潼民发〔2024〕275号"),
        ("十市监发［2023］5号", "十市监发〔2023〕5号"),
        ("宜府发 〔 2018 〕 62 号", "宜府发〔2018〕62号"),
        ("宜府发〔２０１８〕６２号", "宜府发〔2018〕62号"),
        ("教建议〔2017〕第39号", "教建议〔2017〕39号"),
        ("宜府发〔2018〕062号", "宜府发〔2018〕62号"),
        ("花衛函〔2023〕30號", "花衛函〔2023〕30号"),
        ("宜府发62号", "宜府发62号"),
    ],
)
def test_normalize_doc_number(text: str, normal: str) -> None:
    """Check that every bracket, width and 第 form of a 文号 gives the one 〔〕 form."""
    assert normalize_doc_number(text) == normal


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2023年6月18日", "2023-06-18"),
        ("2023 年 6 月 20 日", "2023-06-20"),
        ("２０２３年６月１８日", "2023-06-18"),
        ("二〇二三年六月十八日", "2023-06-18"),
        ("二〇二三年十二月三十一日", "2023-12-31"),
        ("2023-06-18", "2023-06-18"),
        ("2023.6.18", "2023-06-18"),
        ("2023年13月1日", None),
        ("2023年2月30日", None),
        ("2017821", None),
        ("0二十六日", None),
        ("", None),
    ],
)
def test_parse_date(text: str, date: str | None) -> None:
    """Check that dates in every width and numeral read as YYYY-MM-DD, invalid ones as None."""
    assert parse_date(text) == date


@pytest.mark.parametrize(
    ("line", "is_date"),
    [("2023年6月18日", True), ("2023 年 6 月 20 日", True), ("于2023年6月召开", False)],
)
def test_is_date_line(line: str, is_date: bool) -> None:
    """Check that only a line holding nothing but a date counts as the reply's date line."""
    assert is_date_line(line) is is_date


def test_to_halfwidth() -> None:
    """Check that full-width digits, letters and spaces become half-width, punctuation stays."""
    assert to_halfwidth("第１２３号　ＡＢｃ（试行）：") == "第123号 ABc（试行）："


@given(st.one_of(st.text(), DOC_TEXT))
def test_normalize_doc_number_is_idempotent(text: str) -> None:
    """Check that a normalised 文号 normalises to itself, for any text."""
    once = normalize_doc_number(text)
    assert normalize_doc_number(once) == once


@given(st.one_of(st.text(), CJK_NUMBERS))
def test_readers_never_raise(text: str) -> None:
    """Check that the number and date readers return None instead of raising on any text."""
    parse_int(text)
    parse_proposal_number(text)
    parse_date(text)
    is_date_line(text)
