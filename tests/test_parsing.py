"""Reply text → record: the shared corpus key by key, the header forms of FORMATS.md, errors."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from openreplies.disclosure import is_publishable_marking
from openreplies.errors import ReplyError
from openreplies.model import Reply
from openreplies.reading.intake import decode_source, read_source
from openreplies.reading.names import NameRegistry, load_names
from openreplies.reading.parsing import NOT_A_REPLY, parse_reply, text_digest

EXPECTED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "expected.yaml"
CORPUS = yaml.safe_load(EXPECTED.read_text(encoding="utf-8")) if EXPECTED.is_file() else []


@cache
def names() -> NameRegistry:
    """The built-in name table."""
    return load_names(None)


def parse_text(text: str, path: str = "reply.txt") -> Reply:
    """Parse a reply given as text, through the real intake of a UTF-8 .txt file."""
    return parse_reply(decode_source(path, text.encode("utf-8"), ".txt"), names())


def assert_parses(text: str, **expected: Any) -> Reply:
    """Parse `text` and check the record's keys (and `doc_number`) named in `expected`."""
    reply = parse_text(text)
    record = reply.to_record() | {"doc_number": reply.doc_number}
    assert {key: record[key] for key in expected} == expected
    return reply


OPENING = "你们提出的“关于深化产教融合的建议”的提案收悉。现答复如下："
BODY = "一、工作情况\n我局认真研究了提案，开展了大量工作，取得了一定成效，具体情况如下所述。"
FOOTER = "宜昌市教育局\n2023年6月18日\n责任领导：赵国英\n承办人：石希峰\n联系电话：6449804"


def reply_text(
    head: str = "宜昌市教育局\n关于政协宜昌市六届三次会议第257号提案的答复",
    labels: str = "分类：A",
    addressee: str = "中国民主促进会：",
    opening: str = OPENING,
    body: str = BODY,
    footer: str = FOOTER,
) -> str:
    """A small reply, blank lines between paragraphs as in the seed; pass '' to leave a part out."""
    parts = (head, labels, addressee, opening, body, footer)
    return "\n\n".join(part for part in parts if part)


# --- the shared corpus -------------------------------------------------------------------


@pytest.mark.parametrize("expected", CORPUS or [{"file": "(no corpus)"}], ids=lambda e: e["file"])
def test_corpus_file(expected: dict[str, Any], corpus_dir: Path) -> None:
    """Check that each corpus file parses to its expected.yaml record, key by key."""
    source = read_source(corpus_dir / expected["file"], corpus_dir)
    if expected.get("error"):
        with pytest.raises(ReplyError) as raised:
            parse_reply(source, names())
        assert str(raised.value) == f"{expected['file']}:1: 标题: {NOT_A_REPLY}"
        return
    reply = parse_reply(source, names())
    # `public` is the disclosure gate's decision; for files with a marking it is the marking's.
    record = reply.to_record() | {"public": is_publishable_marking(reply.disclosure)}
    record["title"] = "".join(record["title"].split())
    want = {key: value for key, value in expected.items() if key != "sentinel"}
    want["title"] = "".join(want["title"].split())
    assert {key: record[key] for key in want} == want


def test_corpus_reply_keeps_source_and_blocks(corpus_dir: Path) -> None:
    """Check the reply's digest of its source, its 文号 and the blocks after its title."""
    source = read_source(corpus_dir / "jingzhou-zx-6-3-0045-zhujian.txt", corpus_dir)
    reply = parse_reply(source, names())
    assert reply.digest == text_digest(source.text.replace("\n", "\r\n  "))
    assert reply.public is False
    assert reply.doc_number == "荆建函〔2023〕15号"
    assert reply.blocks[0].text == "答复类别：B类"
    assert reply.blocks[0].line == 7
    assert next(b.text for b in reply.blocks if b.kind == "heading") == "一、基本情况"


def test_seed_page_break_is_rejoined(shared_dir: Path) -> None:
    """Check that the seed's 工 / 作。 split across a page break is one paragraph again."""
    seed = shared_dir / "seed"
    reply = parse_reply(read_source(seed / "000_4a107d630228771d.txt", seed), names())
    assert any("职业教育改革发展工作。各县" in block.text for block in reply.blocks)


# --- FORMATS §1–2: titles, 届 and 次 -------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "region", "body", "term", "session"),
    [
        ("宜昌市 教育局\n关于政协宜昌市六届三次会议 第 257 号提案的答复", "宜昌市", "政协", 6, 3),
        ("长春市住房保障和房屋管理局\n对市政协第十四届第四次会议第1号提案的答复", "长春市", "政协", 14, 4),
        ("屏边县住房和城乡建设局\n关于政协屏边县九届五次会议第12号提案的答复", "屏边县", "政协", 9, 5),
        ("潼关县民政局\n关于对政协十届三次会议第52号提案的答复", "潼关县", "政协", 10, 3),
        ("安宁市交通运输局关于对安宁市人大六届二次会议第28号 建议、批评和意见的答复", "安宁市", "人大", 6, 2),
        ("银川市交通运输局\n关于对市十五届人大一次会议第40号建议办理情况的答复", "银川市", "人大", 15, 1),
        ("重庆市沙坪坝区交通运输委员会\n关于区十九届人大第六次会议第1号建议办理情况的复函", "重庆市沙坪坝区", "人大", 19, 6),
        ("广州市花都区卫生健康局\n政协第十一届花都区委员会第三次会议第3011号提案答复的函", "广州市花都区", "政协", 11, 3),
        ("高平市卫生健康和体育局\n关于对市七届人大五次会议第71号建议的答复", "高平市", "人大", 7, 5),
        ("教育部\n教育部对十二届全国人大五次会议第7508号建议的答复", "全国", "人大", 12, 5),
        ("人力资源社会保障部对十三届全国人大二次会议第2321号建议的答复", "全国", "人大", 13, 2),
        ("镇康县农业农村局\n关于镇康县第十八届 人民代表大会第四次会议代表第0038号 建议的答复函", "镇康县", "人大", 18, 4),
        ("高平市水务局\n关于市政协七届三次会议第261号提案的答复", "高平市", "政协", 7, 3),
        ("高平市水务局\n关于高平市政协七届三次会议第261号提案的答复", "高平市", "政协", 7, 3),
        ("重庆市文化和旅游发展委员会\n关于市六届人大三次会议第1153号代表建议办理情况的答复函", "重庆市", "人大", 6, 3),
        ("重庆市渝北区城市管理局\n关于区政协十六届第一次会议第201号提案的答复", "重庆市渝北区", "政协", 16, 1),
        ("宁陕县住房和城乡建设局\n关于对宁陕县第十八届人民代表大会第四次会议第223号建议的复函", "宁陕县", "人大", 18, 4),
        ("岫岩满族自治县住房和城乡建设局\n对县政协十届第二次会议第025号提案的答复", "岫岩满族自治县", "政协", 10, 2),
        ("清原满族自治县住房和城乡建设局\n对县八届人大二次会议第72号建议答复", "清原满族自治县", "人大", 8, 2),
        ("砚山县交通运输局\n关于砚山县第十六届人民代表大会第二次会议第4号代表建议的答复", "砚山县", "人大", 16, 2),
        ("湖北省经济和信息化厅\n关于省政协十二届二次会议第5号提案的答复", "湖北省", "政协", 12, 2),
        ("南京市财政局\n关于市政协第十三届二次会议第0487号提案的答复", "南京市", "政协", 13, 2),
        ("襄阳市文化和旅游局\n关于政协襄阳市第十四届委员会第二次会议第31号提案的答复", "襄阳市", "政协", 14, 2),
        ("宜昌市教育局\n关于市六届三次会议第5号提案的答复", "宜昌市", "政协", 6, 3),
    ],
)  # fmt: skip
def test_session_spellings(head: str, region: str, body: str, term: int, session: int) -> None:
    """Check every 届次 spelling of FORMATS §2, with the region from the department if needed."""
    text = reply_text(head=head, footer="")
    assert_parses(text, region=region, body=body, term=term, session=session)


@pytest.mark.parametrize(
    "head",
    [
        "长春市住房保障和房屋管理局\n对市政协第十四届第四次会议\n第2025D048号集体提案的答复",
        "高平市卫生健康和体育局\n关于对市七届人大五次会议第71号建议的\n答 复",
        "教育部\n教育部对十二届全国人大五次会议\n第7508号建议的答复",
        "重庆市文化和旅游发展委员会\n关于市六届人大三次会议第1153号代表\n建议办理情况的答复函",
        "清原满族自治县住房和城乡建设局\n对县八届人大二次会议\n第72号建议答复",
        "宜昌市教育局\n关于政协宜昌市\n六届三次会议第257号\n提案的答复",
    ],
)
def test_title_broken_over_lines(head: str) -> None:
    """Check that a title broken over two or three lines is read whole and skipped in blocks."""
    reply = parse_text(reply_text(head=head, footer=""))
    assert reply.blocks[0].text == "分类：A"


@pytest.mark.parametrize(
    ("head", "department", "doc_number"),
    [
        ("宜昌市 教育局\n关于政协宜昌市六届三次会议第257号提案的答复", "宜昌市教育局", None),
        ("潼关县民政局文件\n潼民发【2024】275号\n关于对政协十届三次会议第52号提案的答复", "潼关县民政局", "潼民发〔2024〕275号"),
        ("长春市住房保障和房屋管理局\n长房议字〔2025〕11号 签发人:赵洪利\n对市政协第十四届第四次会议第1号提案的答复", "长春市住房保障和房屋管理局", "长房议字〔2025〕11号"),
        ("高平市水务局\n关于市政协七届三次会议第261号提案的答复\n高水字〔2023〕93号", "高平市水务局", "高水字〔2023〕93号"),
        ("教育部\n教育部对十二届全国人大五次会议第7508号建议的答复\n教建议〔2017〕第39号", "教育部", "教建议〔2017〕39号"),
        ("重庆市文化和旅游发展委员会\n渝文旅函字〔2025〕283号\nA\n同意公开\n关于市六届人大三次会议第1153号建议的答复函", "重庆市文化和旅游发展委员会", "渝文旅函字〔2025〕283号"),
        ("荆州市卫健委\n对市六届人大三次会议第88号建议的答复", "荆州市卫生健康委员会", None),
        ("十堰市市场监管局\n对十堰市第六届人民代表大会第三次会议第203号建议的答复", "十堰市市场监督管理局", None),
        ("安宁市交通运输局关于对安宁市人大六届二次会议第28号建议的答复", "安宁市交通运输局", None),
    ],
)  # fmt: skip
def test_department_and_doc_number(head: str, department: str, doc_number: str | None) -> None:
    """Check the answering department (line above, masthead, title opening) and the 文号."""
    assert_parses(reply_text(head=head, footer=""), department=department, doc_number=doc_number)


def test_department_from_signature() -> None:
    """Check that without a department above the title the signature above the date is used."""
    text = reply_text(
        head="对市政协第十四届第四次会议第1号提案的答复",
        footer="长春市住房保障和房屋管理局\n2025年12月1日",
    )
    assert_parses(text, department="长春市住房保障和房屋管理局", region="长春市", date="2025-12-01")


def test_web_metadata_above_the_document() -> None:
    """Check that a portal's metadata block before the title is skipped, its 文号 kept."""
    head = (
        "索引号: 11500000MB1A/2025-00019\n主题分类: 文化、广电、旅游\n体裁分类: 人大建议办理\n"
        "发布机构: 重庆市文化和旅游发展委员会\n发文字号: 渝文旅函字〔2025〕283号\n"
        "成文日期: 2025-07-09\n发布日期: 2025-07-09\n"
        "标题: 关于市六届人大三次会议第1153号代表建议办理情况的答复函\n"
        "重庆市文化和旅游发展委员会\n关于市六届人大三次会议第1153号代表建议办理情况的答复函"
    )
    text = reply_text(head=head, labels="", footer="重庆市文化和旅游发展委员会\n2025年6月30日")
    reply = assert_parses(
        text,
        department="重庆市文化和旅游发展委员会",
        doc_number="渝文旅函字〔2025〕283号",
        number=1153,
        date="2025-06-30",
        category=None,
    )
    assert reply.blocks[0].text == "中国民主促进会："  # the document title, not the portal's


# --- FORMATS §3: numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("第257号", 257),
        ("第 257 号", 257),
        ("第0038号", 38),
        ("第025号", 25),
        ("第２５７号", 257),
        ("第3011號", 3011),
        ("第20250688号", 20250688),
        ("第2025D048号", "2025D048"),
        ("第DH0271号", "DH0271"),
        ("第２０２５Ｄ０４８号", "2025D048"),
    ],
)
def test_number_in_title(written: str, number: int | str) -> None:
    """Check the number forms of FORMATS §3: spaces, zero padding, full width, letters."""
    head = f"宜昌市教育局\n关于政协宜昌市六届三次会议{written}提案的答复"
    assert_parses(reply_text(head=head), number=number)


@pytest.mark.parametrize(
    "opening",
    [
        "您提出的《关于加快县城老旧小区改造的建议》第12号提案收悉。现答复如下：",
        "您提出的第12号“关于加快县城老旧小区改造的建议”收悉。现答复如下：",
        "您提出的《关于加快县城老旧小区改造的建议》(编号:第12号)收悉。现答复如下：",
    ],
)
def test_number_only_in_body(opening: str) -> None:
    """Check that a number missing from the title is read from the opening sentence."""
    head = "屏边县住房和城乡建设局\n关于对政协屏边县九届五次会议李荣委员提案的答复"
    text = reply_text(head=head, addressee="李荣委员:", opening=opening)
    assert_parses(text, number=12, title="关于加快县城老旧小区改造的建议")


# --- FORMATS §4: categories -------------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "category"),
    [
        ("分类：A", "A"),
        ("分类: B", "B"),
        ("答复类别：A类", "A"),
        ("类别:B", "B"),
        ("办理结果：C类", "C"),
        ("分类标识【D】", "D"),
        ("分类：Ａ", "A"),
        ("答复类别：甲类", "A"),
        ("答复类别：乙类", "B"),
        ("类别：丙类", "C"),
        ("类别:提案", None),
        ("办理结果：已解决", None),
        ("A", "A"),
        ("", None),
    ],
)
def test_category(labels: str, category: str | None) -> None:
    """Check the category labels and values of FORMATS §4 (类别：提案 is no category)."""
    assert_parses(reply_text(labels=labels), category=category)


# --- FORMATS §5: addressees -------------------------------------------------------------


@pytest.mark.parametrize(
    ("addressee", "proposer", "canonical"),
    [
        ("中国民主促进会：", "中国民主促进会", "中国民主促进会"),
        ("民建长春市委员会:", "民建长春市委员会", "中国民主建国会"),
        ("李荣委员:", "李荣委员", "李荣"),
        ("尊敬的王爱珍代表:\n\n您好!", "王爱珍代表", "王爱珍"),
        ("尊敬的王玉川委员:", "王玉川委员", "王玉川"),
        ("尊敬的于广海委员您好:", "于广海委员", "于广海"),
        ("高松代表", "高松代表", "高松"),
        ("郭胜利、陈爱珍委员:", "郭胜利、陈爱珍委员", "郭胜利"),
        ("刘鲜兰、王金燕、马秀梅代表:", "刘鲜兰、王金燕、马秀梅代表", "刘鲜兰"),
        ("马青、周丽等委员:", "马青、周丽等委员", "马青"),
        ("杨文强等3名代表:", "杨文强等3名代表", "杨文强"),
        ("张三等５位委员：", "张三等5位委员", "张三"),
        ("楊 強代表:", "杨强代表", "杨强"),
        ("", None, None),
    ],
)
def test_addressee(addressee: str, proposer: str | None, canonical: str | None) -> None:
    """Check the addressee forms of FORMATS §5: courtesy words, no colon, padded names."""
    assert_parses(reply_text(addressee=addressee), proposer=proposer, proposer_canonical=canonical)


# --- FORMATS §6: the proposal's title ---------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "title"),
    [
        ("您们提出的“关于深化产教融合 引领转型发展的建议”的提案收悉。", "关于深化产教融合 引领转型发展的建议"),
        ("你们提出的《关于加快推进城市体检的提案》收悉。", "关于加快推进城市体检的提案"),
        ("您提出的关于加快发展技工教育的建议收悉。现答复如下：", "关于加快发展技工教育的建议"),
        ("您提出的关于《关于加强城市管理的建议》的建议收悉。", "关于加强城市管理的建议"),
        ("您提出的《关于亮化美化交叉口 “银箭”雕塑的建议》收悉。", "关于亮化美化交叉口 “银箭”雕塑的建议"),
        ("您提出的《关于推进物流发展的建议》（第1153号建议）收悉。", "关于推进物流发展的建议"),
        ("您提出的“关于推进‘一网通办’的建议”收悉。", "关于推进‘一网通办’的建议"),
    ],
)  # fmt: skip
def test_proposal_title(opening: str, title: str) -> None:
    """Check the quoting forms of FORMATS §6, and that the quoted title is not a policy."""
    assert_parses(reply_text(opening=opening), title=title, policies=[])


def test_proposal_title_from_header() -> None:
    """Check that a title quoted only in the header (R19) is used when the body has none."""
    head = "岫岩满族自治县住房和城乡建设局\n对县政协十届第二次会议《关于城镇棚户区改造的提案》第025号提案的答复"
    text = reply_text(head=head, opening="您的提案收悉。现答复如下：")
    assert_parses(text, title="关于城镇棚户区改造的提案", number=25)


# --- FORMATS §7: lead and co-handling ---------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "role", "co_departments"),
    [
        ("现综合宜昌市发改委、宜昌市财政局会办意见答复如下：", "lead", ["宜昌市发展和改革委员会", "宜昌市财政局"]),
        ("现综合协办单位市民政局、市卫健委意见答复如下：", "lead", ["宜昌市民政局", "宜昌市卫生健康委员会"]),
        ("现结合会办单位市民政局、市医保局意见答复如下：", "lead", ["宜昌市民政局", "宜昌市医疗保障局"]),
        ("本提案由我局主办，市市场监管局、市财政局会办。现答复如下：", "lead", ["宜昌市市场监督管理局", "宜昌市财政局"]),
        ("我局作为主办单位，会同会办单位市水利和湖泊局、市农业农村局认真研究，现答复如下：", "lead", ["宜昌市水利和湖泊局", "宜昌市农业农村局"]),
        ("经综合市教育局、市发改局、市财政局等会办单位意见，现答复如下：", "lead", ["宜昌市发展和改革局", "宜昌市财政局"]),
        ("经合川区政府、市住房城乡建设委、市委宣传部等协办单位共同研究办理，现答复如下：", "lead", ["合川区人民政府", "宜昌市住房和城乡建设委员会", "宜昌市委宣传部"]),
        ("该提案由市住建局主办，我局为会办单位。现将有关工作答复如下：", "co", ["宜昌市住房和城乡建设局"]),
        ("该提案已转由我局协办，现将协办意见答复如下：", "co", []),
        ("我局为配合部门，现答复如下：", "co", []),
        ("经商发展改革委、教育部，现答复如下：", None, []),
        ("由我局与规划局分办。会同市公安局开展了工作，现答复如下：", None, []),
    ],
)  # fmt: skip
def test_handling(opening: str, role: str | None, co_departments: list[str]) -> None:
    """Check 主办/会办 wording (FORMATS §7): co-handlers named as such, never the answerer."""
    text = reply_text(opening="你们提出的提案收悉。" + opening)
    assert_parses(text, role=role, co_departments=co_departments)


def test_co_handler_letter_to_lead_unit() -> None:
    """Check a co-handler's letter addressed to the lead unit (R17): that unit is no proposer."""
    text = reply_text(
        head="重庆市渝北区城市管理局\n关于区政协十六届第一次会议第201号提案协办意见的函",
        labels="",
        addressee="双龙湖街道:",
        opening="区政协委员张三提出的《关于加强背街小巷管理的提案》已转由我局协办。现将协办意见函告如下。",
        footer="此复函已经唐贤源局长审签。\n（联系人：张淮铭；联系电话：67210092）",
    )
    assert_parses(
        text,
        role="co",
        co_departments=["双龙湖街道"],
        proposer="张三",
        proposer_canonical="张三",
        leader="唐贤源",
        handler="张淮铭",
        phones=["67210092"],
    )


def test_co_opinion_title() -> None:
    """Check that a title ending 会办意见 (S1) marks a co-handler's reply."""
    head = "宜昌市财政局\n关于政协宜昌市六届三次会议第257号提案的会办意见"
    assert_parses(reply_text(head=head), role="co")


# --- FORMATS §8: footers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("footer", "fields"),
    [
        ("责任领导: 赵国英\n\n联系电话: 6449804\n\n承办人: 石希峰\n\n联系电话: 6467885\n\n邮政编码: 443000",
         {"leader": "赵国英", "handler": "石希峰", "phones": ["6449804", "6467885"], "postcode": "443000"}),
        ("签发人：吴德平\n联系人：胡佳\n联系电话：0716-8228015",
         {"leader": "吴德平", "handler": "胡佳", "phones": ["07168228015"]}),
        ("签发人：万国庆\n承办人：蔡琳\n联系电话：6911027、6911035",
         {"leader": "万国庆", "handler": "蔡琳", "phones": ["6911027", "6911035"]}),
        ("领导签字:\n承办人:赵六", {"leader": None, "handler": "赵六"}),
        ("联系单位:新密市住房和城乡建设局\n联 系 人:张 雷 联系电话:0371-69821234\n抄 报:市政府",
         {"handler": "张雷", "phones": ["037169821234"]}),
        ("联系单位及电话:郑州市上街区城市管理局 68118611\n联 系 人:王五",
         {"handler": "王五", "phones": ["68118611"]}),
        ("(联系人:刘成勇)", {"handler": "刘成勇", "phones": []}),
        ("(聯系人:吳成鋼,電話:39949404)", {"handler": "吴成钢", "phones": ["39949404"]}),
        ("(联系人:张淮铭;联系电话:67210092)", {"handler": "张淮铭", "phones": ["67210092"]}),
        ("联系人:范宝欣   联系电话:13519502465", {"handler": "范宝欣", "phones": ["13519502465"]}),
        ("联系人:李晓毅             联系电话:18165053858", {"handler": "李晓毅", "phones": ["18165053858"]}),
        ("此复函已经张玉林主任审签。", {"leader": "张玉林"}),
        ("承办单位:清原满族自治县住房和城乡建设\n单位负责人:\n抄送:市人大代选工委(1市政府督查室(1份))",
         {"leader": None, "handler": None, "phones": []}),
        ("抄送：區政協提案委,區政府辦公室,區發改局,區財政局。", {"leader": None, "co_departments": []}),
    ],
)  # fmt: skip
def test_footer(footer: str, fields: dict[str, Any]) -> None:
    """Check the footer forms of FORMATS §8: spaced labels, fields sharing a line, brackets."""
    assert_parses(reply_text(footer="宜昌市教育局\n2024年6月27日\n" + footer), **fields)


@pytest.mark.parametrize(
    ("footer", "date"),
    [
        ("宜昌市教育局\n2023 年 6 月 20 日", "2023-06-20"),
        ("宜昌市教育局\n２０２３年６月１８日", "2023-06-18"),
        ("宜昌市教育局\n二〇二三年六月十八日", "2023-06-18"),
        ("宜昌市教育局\n2017821", "2017-08-21"),
        ("宜昌市教育局\n2021111", None),
        ("宜昌市教育局\n0二十六日", None),
        ("2024年6月27日\n联系单位:宜昌市教育局", "2024-06-27"),
        ("", None),
    ],
)
def test_date(footer: str, date: str | None) -> None:
    """Check the reply's date line in every width, and dates damaged by conversion as None."""
    assert_parses(reply_text(footer=footer), date=date)


# --- FORMATS §9: disclosure markings ----------------------------------------------------


@pytest.mark.parametrize(
    ("marking", "disclosure"),
    [
        ("公开情况: 公开", "公开"),
        ("公开属性：主动公开", "主动公开"),
        ("公开方式：依申请公开", "依申请公开"),
        ("公开属性：不予公开", "不予公开"),
        ("是否同意公开【主动公开】", "主动公开"),
        ("是否公开：是", "是"),
        ("同意公开", "同意公开"),
        ("【同意公开】", "同意公开"),
        ("公开方式:主動公開", "主动公开"),
        ("公开情况：公开\n公开属性：依申请公开", "公开/依申请公开"),
        ("公开情况：公开\n公开情况：公开", "公开"),
        ("以上意见可主动公开。", None),
        ("公开情况：", None),
        ("", None),
    ],
)
def test_disclosure(marking: str, disclosure: str | None) -> None:
    """Check that the marking is kept as written; two different ones join into a withheld one."""
    reply = assert_parses(reply_text(footer=FOOTER + "\n" + marking), disclosure=disclosure)
    assert reply.public is False


# --- FORMATS §10: cited policies --------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "policies"),
    [
        ("按照《关于进一步推进职业教育发展的意见》（宜府发〔2018〕62号）要求。",
         [("关于进一步推进职业教育发展的意见", "宜府发〔2018〕62号")]),
        ("印发了《建设产教融合型企业实施办法(试行)》(发改社会〔2019〕590号)。",
         [("建设产教融合型企业实施办法(试行)", "发改社会〔2019〕590号")]),
        ("按照《关于印发<长春市2025年城市体检工作方案>的通知》(长城检办[2025]1号)。",
         [("关于印发<长春市2025年城市体检工作方案>的通知", "长城检办〔2025〕1号")]),
        ("依据《荆州市城市更新行动实施方案》（荆政办发（2022）18号）。",
         [("荆州市城市更新行动实施方案", "荆政办发〔2022〕18号")]),
        ("依据《襄阳市文旅产业高质量发展三年行动方案（2022—2024年）》（襄政办发〔2022〕9号）。",
         [("襄阳市文旅产业高质量发展三年行动方案（2022—2024年）", "襄政办发〔2022〕9号")]),
        ("《重庆都市圈发展规划》和《合广长协同发展示范区总体方案》。",
         [("重庆都市圈发展规划", None), ("合广长协同发展示范区总体方案", None)]),
        ("《关于进一步推进职业教育发展的意见》（宜府发〔2018〕62号）\n"
         "《市人民政府关于进一步推进职业教育发展的意见》(宜府发〔2018〕62号)",
         [("关于进一步推进职业教育发展的意见", "宜府发〔2018〕62号")]),
        ("《城市更新方案》推进。\n《城市更新方案》（宜政发〔2021〕3号）。",
         [("城市更新方案", "宜政发〔2021〕3号")]),
        ("关于您的建议(以下简称《建议》)，《宜昌日报》作了报道。", []),
        ("依据《关于印发《宜昌市XX方案》的通知》（宜政办发〔2020〕3号）。",
         [("关于印发《宜昌市XX方案》的通知", "宜政办发〔2020〕3号")]),
    ],
)  # fmt: skip
def test_policies(body: str, policies: list[tuple[str, str | None]]) -> None:
    """Check the citation forms of FORMATS §10 and the merging of one document's citations."""
    expected = [{"title": title, "doc_number": number} for title, number in policies]
    assert_parses(reply_text(body="一、工作情况\n" + body), policies=expected)


# --- traditional characters and conversion damage (FORMATS §11) ---------------------------


def test_traditional_mirror() -> None:
    """Check that a traditional-character mirror reads like its simplified original."""
    text = reply_text(
        head="廣州市花都區衛生健康局\n花衛函〔2023〕30號\n關於政協第十一屆花都區委員會第三次會議第3011號提案答復的函",
        labels="",
        addressee="羅慶華委員:",
        opening="您提出的《關於加強社區醫療的提案》(編號:第3011號)收悉。經綜合區衛生健康局、區發改局、區財政局等會辦單位意見，現答復如下：",
        footer="廣州市花都區衛生健康局\n2023年6月1日\n(聯系人:吳成鋼,電話:39949404)\n公開方式:主動公開",
    )
    assert_parses(
        text,
        department="广州市花都区卫生健康局",
        doc_number="花卫函〔2023〕30号",
        number=3011,
        term=11,
        proposer="罗庆华委员",
        proposer_canonical="罗庆华",
        title="关于加强社区医疗的提案",
        role="lead",
        co_departments=["广州市花都区发展和改革局", "广州市花都区财政局"],
        handler="吴成钢",
        disclosure="主动公开",
    )


def test_conversion_damage() -> None:
    """Check spaces in names and labels, HTML leftovers and a reply pasted twice."""
    once = reply_text(
        head="宜昌市 教育局\n关于政协宜昌市六届三次会议 第 257 号提案的\n答 复",
        addressee="中国民主促进会 ：",
        footer="宜昌市 教育局\n2023 年 6 月 18 日\n责 任 领 导：赵 国英\n联 系 电 话：6449804\n<!--EndFragment-->",
    )
    assert_parses(
        once + "\n" + once,
        department="宜昌市教育局",
        number=257,
        proposer="中国民主促进会",
        leader="赵国英",
        phones=["6449804"],
        date="2023-06-18",
    )


# --- errors, asserted verbatim ----------------------------------------------------------


NOTICE = (
    "荆州市人民政府督查室\n\n"
    "关于召开市六届人大三次会议代表建议和政协荆州市六届三次会议委员提案交办会的通知\n\n"
    "各县（市、区）人民政府，市政府各部门：\n\n经市人民政府同意，定于近期召开交办会。"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (NOTICE, f"notice.txt:1: 标题: {NOT_A_REPLY}"),
        ("\n\n随便写的一段文字。", f"notice.txt:3: 标题: {NOT_A_REPLY}"),
    ],
)
def test_not_a_reply(text: str, message: str) -> None:
    """Check that a file that does not read as a reply is rejected, message verbatim."""
    with pytest.raises(ReplyError) as raised:
        parse_text(text, path="notice.txt")
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        (reply_text(head="宜昌市教育局\n关于政协宜昌市六届三次会议提案的答复"), ("number",)),
        (reply_text(head="宜昌市教育局\n\n对市七届人大二次会议代表建议的答复"), ("number",)),
        (reply_text(head="宜昌市教育局\n关于第257号提案的答复"), ("term", "session")),
        (reply_text(head="宜昌市教育局\n关于政协宜昌市六届次会议第257号提案的答复"), ("session",)),
        (reply_text(head="关于政协宜昌市六届三次会议第257号提案的答复", footer=""), ("department",)),
        (reply_text(head="教育局\n关于政协六届三次会议第257号提案的答复", footer=""), ("region",)),
    ],
)  # fmt: skip
def test_partial_record(text: str, missing: tuple[str, ...]) -> None:
    """Check that a reply lacking a field needed for its page is still read, that field None."""
    reply = parse_text(text)
    assert reply.missing_required() == missing
    assert reply.title == "关于深化产教融合的建议"


def test_unquoted_proposal_title_beside_a_cited_policy() -> None:
    """Check that an unquoted proposal title wins over a policy quoted in the same sentence."""
    opening = (
        "您提出的关于加快发展技工教育的建议收悉。根据《关于进一步推进职业教育发展的意见》"
        "（宜府发〔2018〕62号），现答复如下："
    )
    policy = {"title": "关于进一步推进职业教育发展的意见", "doc_number": "宜府发〔2018〕62号"}
    assert_parses(
        reply_text(opening=opening), title="关于加快发展技工教育的建议", policies=[policy]
    )
