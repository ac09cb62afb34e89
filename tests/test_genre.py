"""Replies as portals hold them: each form class of issue 9, in texts written for these tests.

The texts are our own, in the shapes seen on government portals (FORMATS.md and the stored
pages of the search tool); the people, numbers and documents in them are invented.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

import docx
import pytest
from openreplies.model import Reply
from openreplies.reading.intake import decode_source
from openreplies.reading.names import NameRegistry, load_names
from openreplies.reading.parsing import parse_reply


@cache
def names() -> NameRegistry:
    """The built-in name table."""
    return load_names(None)


def parse(text: str) -> Reply:
    """Parse a reply given as text, through the intake of a UTF-8 .txt file."""
    return parse_reply(decode_source("r.txt", text.encode("utf-8"), ".txt"), names())


def check(reply: Reply, **expected: Any) -> None:
    """The record's keys named in `expected` (and doc_number) have these values."""
    record = reply.to_record() | {"doc_number": reply.doc_number}
    assert {key: record[key] for key in expected} == expected


OPENING = "您提出的《关于加快老旧小区加装电梯的建议》收悉，现答复如下："
BODY = "一、基本情况\n\n我局高度重视，组织专人开展调研，形成了办理方案，逐项落实了建议中提出的各项工作。"


# --- titles: 函 and 复函, 文号 or 签发人 on the title line, split anywhere, lost ------------


@pytest.mark.parametrize(
    ("head", "number", "term", "session"),
    [
        ("关于市政协八届二次会议第31号提案的复函", 31, 8, 2),
        ("关于市政协八届二次会议第31号提案办理情况的函", 31, 8, 2),
        ("关于市政协八届二次会议第31号提案协办意见的函", 31, 8, 2),
        ("关于市政协八届二次会议第31号提案的答复函 岳城管函〔2024〕12号", 31, 8, 2),
        ("关于市政协八届二次会议第31号提案的复函 签发人：周　涛", 31, 8, 2),
        ("关于市政协八届\n二次会议第31号提案的复函", 31, 8, 2),
        ("关于市政协八届二次会议第3\n1号提案的复函", 31, 8, 2),
        ("关于市政协八届二次会议第31号\n提\n案的复函", 31, 8, 2),
        ("岳城管函〔2024〕12号\n关于市政协八届二次会议第31号提案的答复", 31, 8, 2),
        ("政协委员提案\n岳阳市城市管理局关于市政协八届二次会议第31号提案的复函", 31, 8, 2),
    ],
)
def test_title_forms(head: str, number: int, term: int, session: int) -> None:
    """Check 函/复函 titles, a 文号 or 签发人 on the title line, and titles split anywhere."""
    text = f"岳阳市城市管理局\n\n{head}\n\n李华委员：\n\n{OPENING}\n\n{BODY}\n\n岳阳市城市管理局\n2024年6月3日"
    reply = parse(text)
    check(reply, number=number, term=term, session=session, department="岳阳市城市管理局",
          proposer="李华委员", region="岳阳市")  # fmt: skip
    assert reply.blocks[0].text == "李华委员："


def test_title_with_signer_gives_leader_and_doc_number() -> None:
    """Check that a 文号 and 签发人 on the title's line are read, not taken as the title."""
    reply = parse(
        "关于市政协八届二次会议第31号提案的复函 岳城管函〔2024〕12号 签发人：周涛\n"
        f"李华委员：\n{OPENING}\n{BODY}\n岳阳市城市管理局\n2024年6月3日"
    )
    check(reply, number=31, doc_number="岳城管函〔2024〕12号", leader="周涛")


def test_portal_page_title_then_document_title() -> None:
    """Check that the portal's page title above the document's own is skipped, even damaged."""
    reply = parse(
        "当前位置：首页 > 政务公开 > 建议提案办理\n"
        "对县九届人大三次会议第43号建议的答复\n"
        "发布时间：2021-09-07  来源：县教育局  浏览量：12  【字号：大 中 小】 打印\n"
        "对县九届人大次会议\n43号建议的答复\n"
        f"王芳代表：\n{OPENING}\n{BODY}\n新宾满族自治县教育局\n2021年9月1日"
    )
    check(reply, number=43, term=9, session=3, body="人大", proposer="王芳代表",
          department="新宾满族自治县教育局", region="新宾满族自治县", date="2021-09-01")  # fmt: skip
    assert reply.blocks[0].text == "王芳代表："


@pytest.mark.parametrize(
    "start",
    [
        "赵磊委员：\n\n您在县政协十届三次会议上提出的第56号提案收悉，现答复如下：",
        "赵磊委员：现将您在县政协十届三次会议上提出的第56号提案办理情况答复如下：",
        "尊敬的赵磊委员：\n您好！\n您在县政协十届三次会议上提出的第56号提案已交我局办理，现答复如下：",
        "赵磊委员您好：\n您在县政协十届三次会议上提出的《关于修缮文庙的提案》（第56号）收悉。",
    ],
)
def test_title_lost_opening_makes_a_reply(start: str) -> None:
    """Check that a reply whose title is lost is read from its addressee and opening."""
    reply = parse(f"{start}\n\n{BODY}\n\n潼关县文化和旅游局\n2024年7月9日")
    check(reply, number=56, term=10, session=3, body="政协", proposer="赵磊委员",
          department="潼关县文化和旅游局", region="潼关县")  # fmt: skip
    assert [d.field for d in reply.doubts] == ["title"]


# --- conversion damage ----------------------------------------------------------------------


def test_session_numeral_lost_keeps_the_term() -> None:
    """Check that 六届次会议 gives term 6 and no session, with a doubt saying so."""
    reply = parse(
        "宜昌市民政局\n关于政协宜昌市六届次会议第88号提案的答复\n"
        f"张敏委员：\n{OPENING}\n{BODY}\n宜昌市民政局\n2020年6月1日"
    )
    check(reply, term=6, session=None, number=88, region="宜昌市")
    assert reply.missing_required() == ("session",)
    assert [(d.field, d.message) for d in reply.doubts] == [("session", "届次中的“次”数字缺失")]


def test_half_width_punctuation_everywhere() -> None:
    """Check a copy whose colons, commas and brackets were all made half-width."""
    reply = parse(
        "宜昌市教育局\n关于政协宜昌市六届三次会议第257号提案的答复\n分类:B\n"
        "民进宜昌市委:\n"
        '你们提出的"关于推进职业教育的建议"的提案收悉,现综合市发改委,市财政局会办意见答复如下:\n'
        "一,工作情况\n按照《关于推进职业教育的意见》(宜府发(2018)62号)要求,我局开展了工作,取得了成效。\n"
        "宜昌市教育局\n2023年6月18日\n责任领导:赵国英\n承办人:石希峰\n联系电话:(0717)6449804\n公开情况:公开"
    )
    check(reply, category="B", proposer="民进宜昌市委", proposer_canonical="中国民主促进会",
          title="关于推进职业教育的建议", role="lead",
          co_departments=["宜昌市发展和改革委员会", "宜昌市财政局"],
          policies=[{"title": "关于推进职业教育的意见", "doc_number": "宜府发〔2018〕62号"}],
          leader="赵国英", handler="石希峰", phones=["07176449804"], disclosure="公开")  # fmt: skip


def test_runs_of_spaces_and_stray_fragments() -> None:
    """Check indentation, spaces inside names and stray fragments on lines of their own."""
    reply = parse(
        "      宜 昌 市 交 通 运 输 局\n\n"
        "   关于政协宜昌市六届三次会议   第 101 号提案的答复\n\n"
        "               九三学社宜昌市委 ：\n\n"
        "    你们提出的“关于优化公交线网的建议”的提案收悉。现答复如下：\n\n"
        "    一、基本情况\n\n     城区现有公交线路82条，日均客运量约36万人次，部分线路\n\n"
        "满载率较高。\n\n页\n\n- 2 -\n\n     宜昌市交通运输局\n       2019 年 7 月 12 日"
    )
    check(reply, number=101, department="宜昌市交通运输局", proposer="九三学社宜昌市委",
          title="关于优化公交线网的建议", date="2019-07-12")  # fmt: skip


def test_run_together_date_is_read_when_unambiguous() -> None:
    """Check 2021629 (年月日 lost) as 2021-06-29 under the signature, and 2021111 as none."""
    text = f"宜昌市民政局\n关于政协宜昌市六届三次会议第8号提案的答复\n张敏委员：\n{OPENING}\n{BODY}\n宜昌市民政局\n"
    check(parse(text + "2021629"), date="2021-06-29")
    check(parse(text + "2021111"), date=None)


def test_character_missing_inside_a_name_still_gives_a_department() -> None:
    """Check a signature whose last character was lost: it is still the answering unit."""
    reply = parse(
        "对县八届人大二次会议第72号建议答复\n高松代表\n"
        f"{OPENING}\n{BODY}\n清原满族自治县住房和城乡建设\n2023年5月6日"
    )
    check(reply, department="清原满族自治县住房和城乡建设", region="清原满族自治县",
          proposer="高松代表", number=72)  # fmt: skip


def test_pinyin_glosses_of_mirror_sites_are_dropped() -> None:
    """Check a traditional-character mirror that inserted pinyin after characters."""
    reply = parse(
        "莽永橋等代表:\n"
        "你們在鎮(zhèn)康縣第十七屆人民代表大會(huì)第二次會(huì)議期間提出的《關(guān)于村道硬化的建議》,"
        "已交由我局辦理。現(xiàn)將辦理情況答復(fù)如下:\n"
        "接到該建議后,我局高度重視,已經(jīng)開工建設(shè)。\n鎮(zhèn)康縣交通運(yùn)輸局\n2018年6月10日"
    )
    check(reply, term=17, session=2, body="人大", proposer="莽永桥等代表",
          proposer_canonical="莽永桥", title="关于村道硬化的建议", department="镇康县交通运输局",
          region="镇康县", date="2018-06-10")  # fmt: skip


# --- numbers only in the opening or after the title, with letters or zeros ------------------


@pytest.mark.parametrize(
    ("opening", "number"),
    [
        ("您提出的《关于修缮文庙的提案》（第056号）收悉。", 56),
        ("您提出的《关于修缮文庙的提案》(编号:D022)收悉。", "D022"),
        ("您在县政协十届三次会议期间提出的第0056号提案收悉。", 56),
        ("您提出的关于修缮文庙的提案（56号）收悉。", 56),
        ("您在县政协十届三次会议第56号《关于修缮文庙的提案》收悉。", 56),
        ("您在省十三届人大一次会议上提出的温36号《关于修缮文庙的建议》收悉。", "温36"),
    ],
)
def test_number_only_in_the_opening(opening: str, number: int | str) -> None:
    """Check numbers given only in the opening sentence or in brackets after the title."""
    reply = parse(
        f"潼关县文化和旅游局\n关于对县政协十届三次会议赵磊委员提案的答复\n赵磊委员：\n{opening}现答复如下：\n{BODY}"
    )
    check(reply, number=number)


# --- answering units beyond 局/委/办 ------------------------------------------------------


@pytest.mark.parametrize(
    "unit",
    [
        "宜昌市妇女联合会",
        "共青团宜昌市委员会",
        "宜昌市总工会",
        "宜昌市中级人民法院",
        "宜昌市人民检察院",
        "国网宜昌供电公司",
        "宜昌市西陵区学院街道办事处",
        "宜昌市公安局交通警察支队",
        "宜昌高新技术产业开发区管理委员会",
    ],
)
def test_any_organisation_in_masthead_or_signature(unit: str) -> None:
    """Check units the registry does not know, in the masthead and in the signature."""
    title = "关于政协宜昌市六届三次会议第9号提案的答复"
    tail = f"李华委员：\n{OPENING}\n{BODY}"
    check(parse(f"{unit}\n{title}\n{tail}"), department=unit, region="宜昌市")
    check(parse(f"{title}\n{tail}\n{unit}\n2024年6月3日"), department=unit, region="宜昌市")


def test_only_我局_leaves_the_department_unknown() -> None:
    """Check that a reply naming its unit only as 我局 has no department (never 我局)."""
    reply = parse(
        "关于政协宜昌市六届三次会议第9号提案的答复\n李华委员：\n"
        "您提出的提案收悉。我局高度重视，现答复如下：\n一、工作情况\n我局开展了大量工作，取得了一定成效。\n2024年6月3日"
    )
    check(reply, department=None, region="宜昌市", number=9)


# --- addressees -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("addressee", "proposer", "canonical"),
    [
        ("尊敬的王爱珍等5位代表：", "王爱珍等5位代表", "王爱珍"),
        ("尊敬王爱珍代表：", "王爱珍代表", "王爱珍"),
        ("王爱珍代表您好！", "王爱珍代表", "王爱珍"),
        ("王爱珍、李强、周平代表：", "王爱珍、李强、周平代表", "王爱珍"),
        ("九三学社宜昌市委员会：", "九三学社宜昌市委员会", "九三学社"),
        ("各位代表：", None, None),
        ("您好：", None, None),
    ],
)
def test_addressee_courtesy_and_counts(
    addressee: str, proposer: str | None, canonical: str | None
) -> None:
    """Check courtesy words and counts of co-signers around the name; pronouns are no names."""
    reply = parse(
        f"宜昌市教育局\n关于宜昌市七届人大二次会议第9号建议的答复\n{addressee}\n{OPENING}\n{BODY}"
    )
    check(reply, proposer=proposer, proposer_canonical=canonical)


@pytest.mark.parametrize("pronoun", ["贵局", "贵委", "贵单位", "你局", "你们", "您", "我局"])
def test_pronouns_are_never_names(pronoun: str) -> None:
    """Check that an addressee or a unit written as a pronoun is no proposer, no department."""
    reply = parse(
        f"关于政协宜昌市六届三次会议第9号提案的答复\n{pronoun}：\n"
        f"你们提出的提案收悉。现答复如下：\n{BODY}\n{pronoun}\n2024年6月3日"
    )
    check(reply, proposer=None, department=None)


def test_co_handler_letter_to_the_lead_department() -> None:
    """Check a co-handler's letter addressed to the lead unit, which speaks of 贵局."""
    reply = parse(
        "宜昌市财政局\n关于政协宜昌市六届三次会议第101号提案的会办意见\n宜昌市交通运输局：\n"
        "贵局主办的张华委员提出的《关于优化公交线网的提案》收悉。经研究，现提出会办意见如下：\n"
        "一、资金保障\n我局将按照预算管理规定，统筹安排公交运营补贴资金，支持线网优化工作开展。\n"
        "宜昌市财政局\n2019年6月20日"
    )
    check(reply, role="co", co_departments=["宜昌市交通运输局"], proposer="张华委员",
          proposer_canonical="张华", department="宜昌市财政局")  # fmt: skip


# --- co-handling said in a sentence ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "role", "co"),
    [
        ("我委会同市民政局、市卫健委研究办理，现答复如下：", "lead",
         ["宜昌市民政局", "宜昌市卫生健康委员会"]),
        ("本件由市发改委牵头，我局配合办理，现将有关情况答复如下：", "co",
         ["宜昌市发展和改革委员会"]),
        ("该提案由市住建局牵头办理，我局为协办单位，现答复如下：", "co",
         ["宜昌市住房和城乡建设局"]),
        ("我局牵头，联合市财政局、市人社局认真研究办理，现答复如下：", "lead",
         ["宜昌市财政局", "宜昌市人力资源和社会保障局"]),
        ("综合市委编办意见，现答复如下：", "lead", ["宜昌市委编办"]),
        ("我局会同市公安局开展了联合执法，现答复如下：", None, []),
    ],
)  # fmt: skip
def test_co_handling_in_a_sentence(sentence: str, role: str | None, co: list[str]) -> None:
    """Check 会同/牵头/配合 sentences: lead with the named co-handlers, or co with the lead."""
    reply = parse(
        f"宜昌市教育局\n关于政协宜昌市六届三次会议第9号提案的答复\n李华委员：\n"
        f"您提出的《关于发展社区养老的提案》收悉。{sentence}\n{BODY}"
    )
    check(reply, role=role, co_departments=co)


# --- Word files whose header is a table -------------------------------------------------------


def docx_bytes(rows: list[list[str]], paragraphs: list[str]) -> bytes:
    """A Word file: a header table with these rows, then these paragraphs."""
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=False):
            cell.text = text
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


WORD_BODY = [
    "关于政协宜昌市六届四次会议第18号提案的答复",
    "周文博等6位委员：",
    "你们提出的提案收悉。现答复如下：",
    "一、基本情况",
    "我局高度重视，组织专人调研，制定了办理方案，逐项落实了提案中提出的工作。",
    "宜昌市卫生健康委员会",
    "2024年6月28日",
]


@pytest.mark.parametrize(
    "rows",
    [
        [
            ["提案号", "第0018号"],
            ["提案人", "周文博等6位委员"],
            ["案由", "关于加强社区卫生服务的建议"],
            ["办理方式", "主办"],
            ["答复类别", "B类"],
            ["公开属性", "主动公开"],
            ["签发人", "陈立"],
            ["联系人", "孙悦"],
            ["联系电话", "0717-6226010"],
            ["邮政编码", "443000"],
            ["抄送", "市政协提案委"],
        ],
        [
            ["提案号", "第0018号", "提案人", "周文博等6位委员"],
            ["案由", "关于加强社区卫生服务的建议", "办理方式", "主办"],
            ["答复类别", "B类", "公开属性", "主动公开"],
            ["签发人", "陈立", "联系人", "孙悦"],
            ["联系电话", "0717-6226010", "邮政编码", "443000"],
            ["抄送", "市政协提案委", "抄送", "市政协提案委"],
        ],
    ],
    ids=["two-column", "four-column"],
)
def test_word_header_table(rows: list[list[str]]) -> None:
    """Check a Word file whose header is a label | value grid, disclosure marking included."""
    source = decode_source("w.docx", docx_bytes(rows, WORD_BODY), ".docx")
    reply = parse_reply(source, names())
    check(reply, number=18, category="B", disclosure="主动公开", role="lead", leader="陈立",
          handler="孙悦", phones=["07176226010"], postcode="443000",
          title="关于加强社区卫生服务的建议", proposer="周文博等6位委员",
          department="宜昌市卫生健康委员会", term=6, session=4, date="2024-06-28")  # fmt: skip
    assert reply.sources["category"].line == 1  # the table is the first item of the document


def test_word_header_table_alone_gives_number_and_proposer() -> None:
    """Check a Word reply whose number and proposer are only in its header table."""
    rows = [["建议号", "2025D048", "领衔代表", "刘建国"], ["届次", "七届二次", "办理方式", "会办"]]
    paragraphs = ["刘建国代表：", "您提出的建议收悉。现答复如下：", *WORD_BODY[3:]]
    reply = parse_reply(decode_source("w.docx", docx_bytes(rows, paragraphs), ".docx"), names())
    check(reply, number="2025D048", proposer="刘建国代表", term=7, session=2, body="人大",
          role="co")  # fmt: skip


# --- citations, leaders in prose, phones ---------------------------------------------------


def test_citation_with_doc_number_before_the_title() -> None:
    """Check 湘政发〔2020〕7号文件《…》: the 文号 written before the title."""
    reply = parse(
        "湖南省交通运输厅\n关于省十三届人大三次会议第1418号建议的答复\n唐军代表：\n"
        f"{OPENING}\n一、政策依据\n根据湘政发〔2020〕7号文件《湖南省农村公路条例实施办法》要求，"
        "结合国办发[2019]45号印发的《农村公路养护管理办法》，我厅开展了工作。"
    )
    check(reply, policies=[
        {"title": "湖南省农村公路条例实施办法", "doc_number": "湘政发〔2020〕7号"},
        {"title": "农村公路养护管理办法", "doc_number": "国办发〔2019〕45号"},
    ])  # fmt: skip


@pytest.mark.parametrize(
    ("footer", "leader"),
    [
        ("此复函已经张玉林主任审签。", "张玉林"),
        ("此件已经由李明局长签发。", "李明"),
        ("领导签发：王强", "王强"),
        ("承办负责人：郑新宇", "郑新宇"),
    ],
)
def test_leader_named_in_prose_or_label(footer: str, leader: str) -> None:
    """Check the signer named in a sentence or under the labels portals use."""
    reply = parse(
        f"宜昌市教育局\n关于政协宜昌市六届三次会议第9号提案的答复\n李华委员：\n{OPENING}\n{BODY}\n{footer}"
    )
    check(reply, leader=leader)


@pytest.mark.parametrize(
    ("footer", "phones"),
    [
        ("联系电话：0716-8228015", ["07168228015"]),
        ("联系电话：（0716）8228015", ["07168228015"]),
        ("联系电话：0878—6034678、13907404982", ["08786034678", "13907404982"]),
        ("承办人及联系电话：竺仁杰  13907404982", ["13907404982"]),
        ("主办单位：某县人民政府办公室 地址：某县人民路1号 电话：55080000 网站标识码：123", []),
    ],
)
def test_phones_with_area_codes(footer: str, phones: list[str]) -> None:
    """Check phone numbers with area codes in every bracket and dash, and no portal footer."""
    reply = parse(
        f"宜昌市教育局\n关于政协宜昌市六届三次会议第9号提案的答复\n李华委员：\n{OPENING}\n{BODY}\n{footer}"
    )
    check(reply, phones=phones)


# --- the end of a reply: undated signatures, closing lines, the portal's footer -------------


def test_signature_without_a_date_and_the_portal_footer_after_it() -> None:
    """Check a unit signing the last line without a date, and that the portal's footer below
    it gives no phone, postcode or department."""
    reply = parse(
        "关于区政协十届三次会议第25号提案的答复\n尊敬的陈宝艳委员：\n"
        "您提出的关于安装红绿灯的提案已收悉。作为牵头单位，我们及时进行了研究，现答复如下：\n"
        f"{BODY}\n盘锦市公安局大洼分局交通安全管理大队\n"
        "主办单位：大洼区人民政府 版权所有：盘锦市人民政府办公室 网站地图\n"
        "网站标识码：2111210003 ICP备案序号：辽ICP备19013029号-1\n"
        "联系电话：0427-3530118 邮编：124200"
    )
    check(reply, department="盘锦市公安局大洼分局交通安全管理大队", role="lead", phones=[],
          postcode=None, date=None)  # fmt: skip


def test_date_at_the_end_of_a_closing_line() -> None:
    """Check a date run into the last label line (联 系 人：陈 香 2022年6月29日)."""
    reply = parse(
        f"关于政协闽侯县十届一次会议第9号提案的答复\n李华委员：\n{OPENING}\n{BODY}\n"
        "领导签名：张其标 闽侯县文化体育和旅游局\n联 系 人：陈 香 2022年6月29日\n联系电话：15960757270"
    )
    check(reply, date="2022-06-29", leader="张其标", handler="陈香", phones=["15960757270"])


def test_city_session_answered_by_a_district_unit_has_no_region() -> None:
    """Check that a 市 congress answered by a district's unit gets no region (the city is not
    named), with a doubt, rather than the district's name."""
    reply = parse(
        "市中区人民政府\n关于市十七届人大二次会议第21号代表建议的答复\n韩邦亭代表：\n"
        f"{OPENING}\n{BODY}\n市中区人民政府\n2023年9月5日"
    )
    check(reply, region=None, term=17, session=2, number=21)
    assert any(d.field == "region" for d in reply.doubts)


def test_portal_metadata_labels_give_date_and_publisher() -> None:
    """Check 成文时间 and a publisher named as the page's 作者 when the text names no unit."""
    reply = parse(
        "对秦皇岛市第十四届人民代表大会第四次会议第86号建议的答复\n"
        "作者：秦皇岛市林业局  浏览量：657  发布时间：2019-09-19 14:00:20\n"
        "成文时间：2019年07月31日\n杨春波代表：\n您提出的建议收悉。现答复如下：\n一、工作情况\n"
        "我局开展了大量工作，取得了一定成效，具体情况如下所述，请审阅。"
    )
    check(reply, department="秦皇岛市林业局", date="2019-07-31", region="秦皇岛市")
