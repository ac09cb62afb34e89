"""Reply text becomes headings and paragraphs, re-joined across page breaks."""

from __future__ import annotations

from openreplies.reading.intake import SourceLine
from openreplies.reading.text import build_blocks


def lines(text: str) -> list[SourceLine]:
    return [SourceLine(i, t) for i, t in enumerate(text.split("\n"), start=1)]


def test_paragraph_split_by_page_break_is_rejoined() -> None:
    """Check that a long paragraph cut mid-word by blank lines becomes one paragraph."""
    first = "市政府成立职业教育工作领导小组，统筹协调、指导全市职业教育改革发展工"
    blocks = build_blocks(lines(f"{first}\n\n\n作。各县（市、区）人民政府要成立相应组织机构。"))
    assert [b.kind for b in blocks] == ["paragraph"]
    assert blocks[0].text == first + "作。各县（市、区）人民政府要成立相应组织机构。"


def test_headings_and_finished_paragraphs_are_not_joined() -> None:
    """Check that 一、 and （一） lines are headings and a finished sentence stays apart."""
    text = (
        "一、已经落实的工作\n\n（一）加强领导，建立高位统筹机制。\n\n"
        "市发改委历来高度重视职业教育发展，不断推动产教融合，牵头编制了规划。\n\n"
        "市教育局着力强化产教融合统筹机制建设。\n\n(二) 加大投入"
    )
    kinds = [(b.kind, b.text[:4]) for b in build_blocks(lines(text))]
    assert kinds == [
        ("heading", "一、已经"),
        ("subheading", "（一）加"),
        ("paragraph", "市发改委"),
        ("paragraph", "市教育局"),
        ("subheading", "(二) "),
    ]


def test_signature_and_date_are_not_joined() -> None:
    """Check that a department signature and its date stay two lines."""
    blocks = build_blocks(lines("荆州市交通运输局\n\n2023 年 6 月 20 日\n\n责任领导: 梅振华"))
    assert [b.text for b in blocks] == [
        "荆州市交通运输局",
        "2023 年 6 月 20 日",
        "责任领导: 梅振华",
    ]


def test_long_numbered_paragraph_is_not_a_heading() -> None:
    """Check that a paragraph opening with （一） and going on for sentences stays a paragraph."""
    text = "（一）健全政策制度。2022年，市政府办公室印发实施方案，把既有住宅加装电梯列为城市更新的重点任务之一。"
    assert build_blocks(lines(text))[0].kind == "paragraph"
