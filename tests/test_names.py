"""Canonical department and proposer names, the names files, and robustness on any text."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openreplies.errors import RegistryError, ReplyError
from openreplies.reading.intake import SourceLine, SourceText
from openreplies.reading.names import NameRegistry, load_names, read_tables, to_simplified
from openreplies.reading.parsing import parse_reply

NAME_CHARS = "市县区省州宜昌重庆沙坪坝发改委卫健住建局政府办公室教育民进农工党九三学社等位名代表委员、：尊敬的您好 0１"
REGIONS = st.sampled_from([None, "宜昌市", "重庆市沙坪坝区", "全国", "市"]) | st.text(
    alphabet=NAME_CHARS, max_size=6
)
REPLY = (
    "宜昌市教育局\n关于政协宜昌市六届三次会议第257号提案的答复\n分类：A\n中国民主促进会：\n"
    "你们提出的“关于深化产教融合的建议”的提案收悉。现综合市发改委会办意见答复如下：\n"
    "{}\n宜昌市教育局\n2023年6月1日\n责任领导：张三\n联系电话：6449804\n公开情况：公开\n"
)
REPLY_CHARS = "关于对政协人大市县区六届三次会议第257号提案建议的答复：:A类委员代表等、，。《》“”（）〔〕[]【】局委会办我经综合意见公开联系电话\n "


@cache
def builtin() -> NameRegistry:
    """The registry of the built-in table only."""
    return load_names(None)


@pytest.mark.parametrize(
    ("name", "region", "canonical"),
    [
        ("市发改委", "宜昌市", "宜昌市发展和改革委员会"),
        ("宜昌市发改委", None, "宜昌市发展和改革委员会"),
        ("荆州市卫健委", None, "荆州市卫生健康委员会"),
        ("荆州市卫健委", "荆州市", "荆州市卫生健康委员会"),
        ("市市场监管局", "十堰市", "十堰市市场监督管理局"),
        ("十堰市市场监管局", None, "十堰市市场监督管理局"),
        ("市住建局", "荆州市", "荆州市住房和城乡建设局"),
        ("市医保局", "荆州市", "荆州市医疗保障局"),
        ("市经信局", "宜昌市", "宜昌市经济和信息化局"),
        ("市人社局", "宜昌市", "宜昌市人力资源和社会保障局"),
        ("市自然资源和规划局", "荆州市", "荆州市自然资源和规划局"),
        ("宜昌市 教育局", None, "宜昌市教育局"),
        ("市政务服务和大数据管理局", "宜昌市", "宜昌市政务服务和大数据管理局"),
        ("市住房城乡建设委", "重庆市", "重庆市住房和城乡建设委员会"),
        ("區發改局", "重庆市沙坪坝区", "重庆市沙坪坝区发展和改革局"),
        ("市委宣传部", "重庆市沙坪坝区", "重庆市委宣传部"),
        ("合川区政府", "重庆市", "合川区人民政府"),
        ("市发改委", None, "市发展和改革委员会"),
        ("市发改委", "全国", "市发展和改革委员会"),
        ("县发改局", "宜昌市", "县发展和改革局"),
        ("教育部", "全国", "教育部"),
        ("长春市住房保障和房屋管理局", "长春市", "长春市住房保障和房屋管理局"),
        ("市某某中心", "宜昌市", "宜昌市某某中心"),
        ("襄阳市某某中心", "宜昌市", "襄阳市某某中心"),
    ],
)
def test_department(name: str, region: str | None, canonical: str) -> None:
    """Check that short forms expand and a bare 市/县/区 takes the reply's region."""
    assert builtin().department(name, region) == canonical


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("民进宜昌市委", "中国民主促进会"),
        ("中国民主促进会", "中国民主促进会"),
        ("中国民主促进会宜昌市委员会", "中国民主促进会"),
        ("农工党荆州市委", "中国农工民主党"),
        ("农工党", "中国农工民主党"),
        ("中国农工民主党", "中国农工民主党"),
        ("民盟襄阳市委", "中国民主同盟"),
        ("民建", "中国民主建国会"),
        ("民建十堰市委", "中国民主建国会"),
        ("民建长春市委员会", "中国民主建国会"),
        ("九三学社十堰市委", "九三学社"),
        ("民革", "中国国民党革命委员会"),
        ("致公党", "中国致公党"),
        ("台盟", "台湾民主自治同盟"),
        ("工商联", "中华全国工商业联合会"),
        ("襄阳市工商联", "中华全国工商业联合会"),
        ("张三等5位委员", "张三"),
        ("周文博等6位委员", "周文博"),
        ("陈红梅等12名代表", "陈红梅"),
        ("杨文强等3名代表", "杨文强"),
        ("马青、周丽等委员", "马青"),
        ("郭胜利、陈爱珍委员", "郭胜利"),
        ("刘鲜兰、王金燕、马秀梅代表", "刘鲜兰"),
        ("刘建国代表", "刘建国"),
        ("李荣委员", "李荣"),
        ("楊 強代表：", "杨强"),
        ("羅慶華委員", "罗庆华"),
        ("尊敬的王爱珍代表:", "王爱珍"),
        ("尊敬的于广海委员您好:", "于广海"),
        ("民建国代表", "民建国"),
        ("市政协经济委员会", "市政协经济委员会"),
    ],
)
def test_proposer(name: str, canonical: str) -> None:
    """Check that parties map to national names and joint proposals to the first person."""
    assert builtin().proposer(name) == canonical


@pytest.mark.parametrize(
    ("name", "known"),
    [("宜昌市教育局", True), ("市卫健委", True), ("宜昌市某某中心", False), ("教育部", False)],
)
def test_is_known_department(name: str, known: bool) -> None:
    """Check that only names in the table (after a place) count as known departments."""
    assert builtin().is_known_department(name) is known


@pytest.mark.parametrize(
    ("name", "known"),
    [("民进宜昌市委", True), ("张三等5位委员", True), ("市政协经济委员会", False)],
)
def test_is_known_proposer(name: str, known: bool) -> None:
    """Check that parties and named people are known, other organisations are not."""
    assert builtin().is_known_proposer(name) is known


def test_place_of() -> None:
    """Check that a department's leading place is read whole (荆州市, not 荆州)."""
    names = builtin()
    assert names.place_of("荆州市卫健委") == "荆州市"
    assert names.place_of("广州市花都区卫生健康局") == "广州市花都区"
    assert names.place_of("市发改委") is None


def test_to_simplified() -> None:
    """Check that traditional characters are converted and simplified text is left alone."""
    assert to_simplified("關於政協第十一屆花都區委員會") == "关于政协第十一届花都区委员会"
    assert to_simplified("宜昌市教育局") == "宜昌市教育局"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "names.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_site_file_adds_and_overrides(tmp_path: Path) -> None:
    """Check that a site's names file adds short forms and overrides built-in ones."""
    path = write(
        tmp_path,
        "departments:\n  发展和改革委员会: [发展委]\n  城市更新局: [更新局]\n"
        "  发展和改革局: [发改委]\n"
        "department_aliases:\n  宜昌市 教 育 局: 宜昌市教育局\n"
        "parties:\n  中国民主促进会: [促进会]\n"
        "proposers:\n  王 刚代表: 王刚\n",
    )
    names = load_names(path)
    assert names.department("市发展委", "宜昌市") == "宜昌市发展和改革委员会"
    assert names.department("市更新局", "宜昌市") == "宜昌市城市更新局"
    assert names.department("市发改委", "宜昌市") == "宜昌市发展和改革局"
    assert names.department("市卫健委", "宜昌市") == "宜昌市卫生健康委员会"
    assert names.proposer("促进会宜昌市委") == "中国民主促进会"
    assert names.proposer("王刚代表") == "王刚"


def test_missing_or_empty_site_file(tmp_path: Path) -> None:
    """Check that an absent or empty site file leaves the built-in table."""
    assert load_names(tmp_path / "absent.yaml").department("市卫健委", "宜昌市").endswith("委员会")
    assert load_names(write(tmp_path, "{}\n")).proposer("民进") == "中国民主促进会"
    assert load_names(write(tmp_path, "# only a comment\n")).proposer("民进") == "中国民主促进会"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("departments:\n  卫健委: [a\n", "YAML 语法错误：expected ',' or ']', but got '<stream end>'", 3),
        ("- 卫健委\n", "应为映射（departments、department_aliases、parties、proposers），而不是 列表 ['卫健委']", 1),
        ("departments: {}\nparty:\n  民进: []\n", "party 不是可用的段落：只能是 departments、department_aliases、parties、proposers", 2),
        ("departments:\n  教育局: []\n  卫生健康委员会: 卫健委\n", "departments：卫生健康委员会 应为简称的列表（全称: [简称, …]，没有简称时写 []），而不是 '卫健委'", 3),
        ("proposers:\n  王 刚代表: [王刚]\n", "proposers：王 刚代表 应为一个名称（写法: 规范名称），而不是 列表 ['王刚']", 2),
        ("parties: [民进]\n", "parties 应为映射（全称: [简称, …]），而不是 列表 ['民进']", 1),
        ("department_aliases:\n  宜昌市 教育局:\n", "department_aliases：宜昌市 教育局 应为一个名称（写法: 规范名称），而不是 空值", 2),
        ("departments:\n  '  ': [卫健委]\n", "departments：   应为非空的文字，而不是 '  '", 2),
        ("departments:\n  教育局: [教委, 3]\n  卫生健康委员会: 卫健委\n", "departments：教育局 应为简称的列表（全称: [简称, …]，没有简称时写 []），而不是 列表 ['教委', 3]（另有 1 处错误）", 2),
    ],
)  # fmt: skip
def test_bad_site_file(tmp_path: Path, text: str, message: str, line: int) -> None:
    """Check that a broken names file is refused with its path, line and what is wrong."""
    path = write(tmp_path, text)
    with pytest.raises(RegistryError) as raised:
        load_names(path)
    assert (raised.value.path, raised.value.line) == (str(path), line)
    assert raised.value.message == message


def test_builtin_table_is_valid() -> None:
    """Check that the shipped table reads cleanly and every short form is distinct."""
    tables = read_tables(Path(__file__).parents[1] / "hooks/openreplies/data/names.yaml")
    forms = [f for canonical, short in tables.departments.items() for f in (canonical, *short)]
    assert len(forms) == len(set(forms))


@given(st.one_of(st.text(), st.text(alphabet=NAME_CHARS, max_size=12)), REGIONS)
def test_department_is_idempotent(name: str, region: str | None) -> None:
    """Check that a canonical department name canonicalises to itself, for any text."""
    once = builtin().department(name, region)
    assert builtin().department(once, region) == once


@given(st.one_of(st.text(), st.text(alphabet=NAME_CHARS, max_size=12)))
def test_proposer_is_idempotent(name: str) -> None:
    """Check that a canonical proposer name canonicalises to itself, for any text."""
    once = builtin().proposer(name)
    assert builtin().proposer(once) == once
    builtin().is_known_proposer(name)
    builtin().is_known_department(name)


def source(text: str) -> SourceText:
    lines = tuple(SourceLine(i, line) for i, line in enumerate(text.split("\n"), start=1))
    return SourceText("fuzz.txt", lines)


@given(st.text())
def test_parse_reply_on_any_text_raises_only_reply_error(text: str) -> None:
    """Check that arbitrary text is parsed or rejected with ReplyError, nothing else."""
    try:
        parse_reply(source(text), builtin())
    except ReplyError as error:
        assert error.path == "fuzz.txt"


@given(st.text(alphabet=REPLY_CHARS, max_size=200), st.sampled_from(["body", "title", "names"]))
def test_parse_reply_on_damaged_replies_raises_only_reply_error(text: str, where: str) -> None:
    """Check that a reply with random text in its body, title or names never crashes."""
    reply = REPLY.format("") if where != "body" else REPLY.format(text)
    if where == "title":
        reply = reply.replace("第257号提案的答复", text)
    if where == "names":
        reply = reply.replace("宜昌市教育局", text).replace("中国民主促进会", text)
    try:
        parse_reply(source(reply), builtin())
    except ReplyError as error:
        assert error.path == "fuzz.txt"
