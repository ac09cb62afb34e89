"""Property test: any reply written in the accepted forms parses back to the fields it was made of."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st
from openreplies.reading.intake import decode_source
from openreplies.reading.names import NameRegistry, load_names
from openreplies.reading.parsing import parse_reply
from sitebuild import NUMERALS

SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗"
GIVEN = "明华伟芳军丽强敏静磊洋艳勇杰娟涛超霞平刚"
TOPICS = ("城市更新", "社区养老", "农村公路", "职业教育", "数字政府", "水源保护", "文化旅游",
          "校园安全", "医疗保障", "营商环境", "垃圾分类", "停车设施")  # fmt: skip
REGIONS = ("宜昌市", "荆州市", "襄阳市", "十堰市", "黄石市")
DEPARTMENTS = (
    "教育局",
    "财政局",
    "民政局",
    "交通运输局",
    "生态环境局",
    "文化和旅游局",
    "农业农村局",
)
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True)
class Made:
    """The fields a generated reply was written from."""

    text: str
    fields: dict[str, object]


@cache
def names() -> NameRegistry:
    return load_names(None)


person = st.builds(lambda s, g: s + g, st.sampled_from(SURNAMES),
                   st.text(alphabet=GIVEN, min_size=1, max_size=2))  # fmt: skip


@st.composite
def replies(draw: st.DrawFn) -> Made:
    body = draw(st.sampled_from(["政协", "人大"]))
    region = draw(st.sampled_from(REGIONS))
    term, session = draw(st.integers(1, 19)), draw(st.integers(1, 7))
    number = draw(st.integers(1, 9999))
    written = draw(st.sampled_from([str(number), f"{number:04d}", str(number).translate(FULLWIDTH),
                                    f" {number} "]))  # fmt: skip
    t, s = NUMERALS[term], NUMERALS[session]
    kind = "提案" if body == "政协" else "建议"
    head = draw(st.sampled_from(
        [f"关于政协{region}{t}届{s}次会议第{written}号提案的答复",
         f"关于政协{region}第{t}届委员会第{s}次会议第{written}号提案的答复"]
        if body == "政协" else
        [f"对{region}{t}届人大{s}次会议第{written}号建议的答复",
         f"关于{region}第{t}届人民代表大会第{s}次会议第{written}号建议的答复"]
    ))  # fmt: skip
    department = region + draw(st.sampled_from(DEPARTMENTS))
    category = draw(st.sampled_from(["A", "B", "C", None]))
    first = draw(person)
    count = draw(st.integers(2, 12))
    proposer = f"{first}等{count}位委员" if body == "政协" else f"{first}等{count}名代表"
    title = "关于加强" + draw(st.sampled_from(TOPICS)) + "工作的建议"
    year, month, day = (
        draw(st.integers(2015, 2025)),
        draw(st.integers(1, 12)),
        draw(st.integers(1, 28)),
    )
    leader, handler = draw(person), draw(person)
    phone = draw(st.from_regex(r"[2-8][0-9]{6}", fullmatch=True))
    postcode = draw(st.from_regex(r"4[0-9]{5}", fullmatch=True))
    marking = draw(st.sampled_from(["公开", "主动公开", "依申请公开", "不予公开"]))
    label = f"分类：{category}\n\n" if category else ""
    text = (
        f"{department}\n\n{head}\n\n{label}{proposer}：\n\n"
        f"你们提出的“{title}”的{kind}收悉。现答复如下：\n\n"
        "一、工作情况\n\n我们认真研究了所提意见，会同有关部门开展了大量工作，取得了阶段性成效。\n\n"
        f"{department}\n{year}年{month}月{day}日\n\n责任领导：{leader}\n承办人：{handler}\n"
        f"联系电话：{phone}\n邮政编码：{postcode}\n公开情况：{marking}\n"
    )
    fields = {
        "body": body, "kind": kind, "region": region, "term": term, "session": session,
        "number": number, "category": category, "proposer": proposer,
        "proposer_canonical": first, "title": title, "department": department,
        "date": f"{year:04d}-{month:02d}-{day:02d}", "leader": leader, "handler": handler,
        "phones": [phone], "postcode": postcode, "disclosure": marking,
    }  # fmt: skip
    return Made(text, fields)


@settings(max_examples=150, deadline=None)
@given(replies())
def test_generated_reply_round_trips_every_field(made: Made) -> None:
    """Check that each field a reply was written with comes back from the parser."""
    source = decode_source("made.txt", made.text.encode("utf-8"), ".txt")
    record = parse_reply(source, names()).to_record()
    assert {k: record[k] for k in made.fields} == made.fields
