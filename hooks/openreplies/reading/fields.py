"""Labelled fields of a reply (责任领导：…, 联系电话：…, 分类：A, 公开情况：…, 提案号：…) and its date.

Labels may carry spaces (联 系 人), share a line (联系人：张 雷 联系电话：…), sit in brackets
((联系人：刘成勇)) or in the cells of a Word header table (read as `label：value` lines). Works on
recognition lines (reading/lines.py): simplified characters, half-width digits, full-width colons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .lines import Line
from .numbers import line_date, parse_date, split_dated
from .units import UNIT_RE

_LABELS: dict[str, tuple[str, ...]] = {
    "leader": ("责任领导", "签发人", "签批人", "签发领导", "领导签字", "领导签名", "领导签发", "单位负责人",
               "承办负责人", "分管领导", "领导署名", "负责人", "签发"),
    "handler": ("承办人", "联系人", "经办人", "承办人员", "具体承办人", "具体经办人", "拟稿人",
                "承办人姓名", "联系人姓名"),
    "handler_phone": ("联系人及电话", "联系人及联系电话", "承办人及电话", "承办人及联系电话"),
    "unit_phone": ("联系单位及电话", "承办单位及电话"),
    "unit_handler": ("联系单位及联系人", "承办单位及联系人"),
    "phone": ("联系电话", "办公电话", "承办人电话", "联系人电话", "电话", "手机", "联系方式"),
    "postcode": ("邮政编码", "邮编"),
    "disclosure": ("是否同意公开", "是否公开", "公开情况", "公开属性", "公开方式", "公开类型",
                   "信息公开属性", "公开选项"),
    "category": ("分类标识", "答复类别", "办理类别", "办复类别", "办理结果类别", "办理结果", "答复类型",
                 "分类", "类别"),
    "date": ("成文日期", "成文时间", "答复日期", "复文日期", "办结日期", "日期"),
    "doc_number": ("发文字号", "发文号", "文号"),
    "number": ("提案号", "建议号", "议案号", "提案编号", "建议编号", "案号", "编号"),
    "proposer": ("提案人", "提案者", "提出人", "领衔人", "领衔委员", "领衔代表", "提案单位",
                 "建议人", "代表姓名", "委员姓名"),
    "title": ("提案标题", "建议标题", "提案题目", "建议题目", "提案名称", "建议名称", "案由",
              "题目"),
    "handling": ("办理方式", "承办方式", "办理类型", "承办类型", "主协办"),
    "unit": ("答复单位", "承办单位", "办理单位", "联系单位", "办理部门", "承办部门", "答复部门"),
    "lead_unit": ("主办单位", "牵头单位"),
    "co_units": ("会办单位", "协办单位", "配合单位"),
    "session": ("届次", "会议届次", "届别"),
    "publisher": ("发布机构", "发文机关", "编辑", "作者"),
    # Read only so that they end the value before them.
    "other": ("抄送", "抄报", "地址", "联系地址", "传真", "主送", "索引号", "主题分类", "体裁分类",
              "来源", "发布日期", "发布时间", "签收人", "标题", "附件", "字号", "字体", "浏览次数",
              "浏览", "浏览量", "访问量", "点击数", "点击", "信息来源", "生成日期", "有效性",
              "时间", "文章来源", "责任编辑", "所属主题", "生效日期", "废止日期", "发文日期", "处理状态",
              "签发日期", "名称", "文件名称", "成文机关", "效力状态", "发文时间", "所属分类"),
}  # fmt: skip
_FIELD_OF = {label: name for name, labels in _LABELS.items() for label in labels}
_LABEL_ALTERNATION = "|".join(
    r"\s*".join(label) for label in sorted(_FIELD_OF, key=lambda label: -len(label))
)
LABEL_RE = re.compile(
    rf"(?:^|(?<=[\s（，；、。【]))(?P<label>{_LABEL_ALTERNATION})\s*(?:：|(?=[【\[]))"
)
"""A field label followed by a colon (or by 【 as in 是否同意公开【主动公开】)."""

_VALUE_END_RE = re.compile(r"[）；，]")
_PHONE_END_RE = re.compile(r"[；，]|）(?![0-9])")
_PAIR_END_RE = re.compile(r"[；]|）(?![0-9])")
_SITE_FOOTER_RE = re.compile(
    r"网站标识码|ICP|备案号|版权所有|Copyright|技术支持|网站地图|公网安备|不良信息举报|网站声明"
    r"|设为首页|加入收藏|主办单位[^。]{0,40}(?:地址|电话|承办|版权)"
)
_NAME_END_RE = re.compile(r"[（(]")
_WS_RE = re.compile(r"\s+")
_EDGE_PUNCT = "。.：、，"
_CATEGORY_RE = re.compile(r"[【\[（「]?(?P<c>[A-Da-d]|[甲乙丙丁])[】\]）」]?类?")
_CATEGORY_LETTERS = {"甲": "A", "乙": "B", "丙": "C", "丁": "D"}
_DIGIT_RUN_RE = re.compile(r"[0-9][0-9\-—–－（）]*[0-9]")
_POSTCODE_RE = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")
_OFFICIAL = (
    r"(?:副?(?:主任|局长|主席|书记|部长|厅长|处长|科长|区长|县长|市长|镇长|院长|秘书长|行长|"
    r"经理|总经理|董事长|检察长|庭长|理事长|会长|队长|站长|所长)|同志)"
)
_OFFICIAL_TITLE_RE = re.compile(rf"(?<=..){_OFFICIAL}$")
_SIGNED_RE = re.compile(
    r"此(?:复函|答复函|答复|函|件|文|意见)已?经(?:由)?(?P<name>[\u4e00-\u9fff·]{2,4}?)"
    rf"{_OFFICIAL}?(?:审签|审定|审核|审阅|签发|签批)"
)
MARKINGS = frozenset(
    {"公开", "主动公开", "同意公开", "不同意公开", "依申请公开", "不予公开", "不公开", "部分公开"}
)
"""Disclosure values that count as a marking when they stand alone on a line (同意公开)."""
_BRACKETS_RE = re.compile(r"[【】\[\]〔〕「」]")
_ROLE_WORDS = (("主办", "lead"), ("牵头", "lead"), ("会办", "co"), ("协办", "co"), ("配合", "co"))


@dataclass(frozen=True)
class Fields:
    """What the labelled lines of one reply say, and on which line each value was found."""

    leader: str | None = None
    """责任领导 / 签发人 / 领导签字, or the signer of 此复函已经…审签."""
    handler: str | None = None
    """承办人 / 联系人 / 经办人."""
    phones: tuple[str, ...] = ()
    """联系电话 / 电话 / 手机, digits only, in order, without repeats."""
    postcode: str | None = None
    """邮政编码 / 邮编."""
    disclosure: str | None = None
    """公开情况 / 公开属性 / 公开方式 / 是否公开 …, or a bare 同意公开 line; conflicts joined by /."""
    category: str | None = None
    """分类 / 答复类别 / 类别 / 办理结果 when A–D or 甲/乙/丙/丁 (类别：提案 is none)."""
    date: str | None = None
    """The reply's date: under the signature, else the first date line, else 成文日期 / 日期."""
    doc_number: str | None = None
    """发文字号 / 文号 as written (web metadata)."""
    number: str | None = None
    """提案号 / 建议号 / 编号 as written (a Word header table)."""
    proposer: str | None = None
    """提案人 / 领衔代表 … as written."""
    title: str | None = None
    """提案标题 / 案由 … as written."""
    role: str | None = None
    """办理方式: lead for 主办/牵头, co for 会办/协办/配合."""
    units: tuple[str, ...] = ()
    """答复单位 / 承办单位 / 联系单位 (the answering unit) as written, in order."""
    lead_unit: str | None = None
    """主办单位 / 牵头单位 as written."""
    co_units: str | None = None
    """会办单位 / 协办单位 as written (a list in one value)."""
    session: str | None = None
    """届次 as written (六届三次)."""
    publisher: str | None = None
    """发布机构 of a portal's metadata block: usually the answering unit."""
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    """Field name → the line its value was read from."""


def site_footer_start(lines: Sequence[Line], after_title: int) -> int:
    """Where the portal's own footer begins (网站标识码, ICP, 版权所有 …): nothing from there on
    is the reply's, not even a 联系电话 or 邮编. len(lines) when there is none."""
    start = max(after_title, len(lines) // 2)
    for index in range(start, len(lines)):
        if _SITE_FOOTER_RE.search(lines[index].flat):
            return index
    return len(lines)


def labelled_values(line: str) -> list[tuple[str, str]]:
    """The (field, value) pairs of one line: 联 系 人：张 雷 联系电话：123 → handler, phone."""
    matches = list(LABEL_RE.finditer(line))
    pairs = []
    ends = [m.start() for m in matches[1:]] + [len(line)] if matches else []
    for match, end in zip(matches, ends, strict=True):
        name = _FIELD_OF[_WS_RE.sub("", match["label"])]
        value = line[match.end() : end]
        cut = _VALUE_END_RE.search(value)
        # A disclosure value is kept whole: 主动公开，部分内容除外 is not 主动公开 (fail closed).
        # Lists (会办单位：甲、乙) and titles keep their commas too.
        if name in ("phone", "unit_phone"):
            cut = _PHONE_END_RE.search(value)  # (0716)8228015 keeps its area code
        elif name in ("handler_phone", "unit_handler"):
            cut = _PAIR_END_RE.search(value)  # 联系人及电话：骆永仙，13887859117
        if cut and name not in ("disclosure", "co_units", "title", "unit", "lead_unit", "handler"):
            value = value[: cut.start()]
        pairs.append((name, value.strip()))
    return pairs


def is_label_line(line: str) -> bool:
    """True when the line starts with a field label (分类：A, 抄送：…) or is one (索引号)."""
    stripped = line.strip()
    return LABEL_RE.match(stripped) is not None or _WS_RE.sub("", stripped) in _FIELD_OF


def read_fields(lines: Sequence[Line], after_title: int) -> Fields:
    """The fields of a reply from all its lines; the date from the lines from `after_title` on."""
    values: dict[str, list[tuple[str, int]]] = {}
    footer = site_footer_start(lines, after_title)
    for position, line in enumerate(lines[:footer]):
        if _SITE_FOOTER_RE.search(line.flat):
            continue  # the portal's own address and telephone, not the reply's
        text = line.text
        following = lines[position + 1] if position + 1 < len(lines) else None
        if line.flat in _FIELD_OF and following and following.flat not in _FIELD_OF:
            text = f"{line.flat}：{following.text}"  # 索引号 / 11500000…/2025-00019
        for name, value in labelled_values(text):
            values.setdefault(name, []).append((value, line.number))
    found: dict[str, tuple[object, int]] = {}

    def first(name: str, convert: object, key: str | None = None) -> None:
        for value, number in values.get(name, ()):
            converted = convert(value)  # type: ignore[operator]
            if converted:
                found.setdefault(key or name, (converted, number))
                return

    first("leader", _name)
    first("handler", _name)
    first("handler_phone", _name, "handler")
    first("unit_handler", _last_name, "handler")
    first("postcode", _postcode)
    first("category", _category)
    first("doc_number", _text)
    first("number", _text)
    first("proposer", _text)
    first("title", _title)
    first("handling", _role, "role")
    first("lead_unit", _text)
    first("co_units", _text)
    first("session", _text)
    first("publisher", _unit)
    leader_signed = _signed_by(lines)
    if "leader" not in found and leader_signed:
        found["leader"] = leader_signed
    phones = _all_phones(values)
    disclosure = _disclosure(values.get("disclosure", []), lines)
    date = (
        read_date(lines[after_title:footer])
        or _labelled_date(values)
        or _closing_date(lines[after_title:footer])
    )
    unit_values = [*values.get("unit", ()), *values.get("unit_phone", ()),
                   *values.get("unit_handler", ())]  # fmt: skip
    units = tuple(dict.fromkeys(u for u in (_unit(v) for v, _ in unit_values) if u))
    plain = {key: value for key, (value, _) in found.items()}
    where = {key: number for key, (_, number) in found.items()}
    for key, pair in (("phones", phones), ("disclosure", disclosure), ("date", date)):
        if pair is not None and pair[1]:
            where[key] = pair[1]
    if units:
        where["units"] = unit_values[0][1]
    return Fields(
        phones=phones[0] if phones else (),
        disclosure=disclosure[0] if disclosure else None,
        date=date[0] if date else None,
        units=units,
        lines=where,
        **plain,  # type: ignore[arg-type]
    )


def _text(value: str) -> str | None:
    cleaned = value.strip().strip(_EDGE_PUNCT)
    return cleaned or None


def _title(value: str) -> str | None:
    cleaned = (_text(value) or "").strip('“”"《》「」')
    return cleaned if len(cleaned) >= 4 else None


def _unit(value: str) -> str | None:
    """The unit part of 联系单位及电话：郑州市上街区城市管理局 68118611."""
    cleaned = re.split(r"\s|[0-9（]", value.strip(), maxsplit=1)[0].strip(_EDGE_PUNCT)
    return cleaned if len(cleaned) >= 2 else None


def _role(value: str) -> str | None:
    flat = _WS_RE.sub("", value)
    return next((role for word, role in _ROLE_WORDS if word in flat), None)


def _name(value: str) -> str | None:
    value = re.split(r"[0-9]", value, maxsplit=1)[0]  # 张三 8228015
    parts = [p for p in re.split(r"[，；、）)]", value) if p.strip()]
    if len(parts) > 1 and UNIT_RE.fullmatch(_WS_RE.sub("", parts[0])):
        value = parts[1]  # 联系人：浙江省公路管理局计财处，戴京国
    elif parts:
        value = parts[0]
    cut = _NAME_END_RE.search(value)
    name = _first_words(value[: cut.start()] if cut else value).strip(_EDGE_PUNCT)
    name = _OFFICIAL_TITLE_RE.sub("", name)
    return name if 0 < len(name) <= 12 else None


def _last_name(value: str) -> str | None:
    """The person of 联系单位及联系人：凤县交通运输局 阮绪平."""
    words = value.split()
    return _name(words[-1]) if len(words) > 1 else None


def _first_words(value: str) -> str:
    """A name ends at a space, except the space padding a two-character name (张 雷)."""
    words = value.split()
    if not words:
        return ""
    if len(words) > 1 and len(words[0]) == 1 and len(words[1]) <= 2:
        return words[0] + words[1]
    return words[0]


def _signed_by(lines: Sequence[Line]) -> tuple[str, int] | None:
    """The signer named only in prose: 此复函已经张玉林主任审签 → 张玉林."""
    for line in lines:
        match = _SIGNED_RE.search(line.flat)
        if match:
            return match["name"], line.number
    return None


def _all_phones(values: dict[str, list[tuple[str, int]]]) -> tuple[tuple[str, ...], int] | None:
    found: list[str] = []
    first_line = 0
    for name in ("phone", "handler_phone", "unit_phone"):
        for value, number in values.get(name, ()):
            digits = _phones(value)
            if digits and not first_line:
                first_line = number
            found += digits
    return (tuple(dict.fromkeys(found)), first_line) if found else None


def _phones(value: str) -> list[str]:
    digits = (re.sub(r"[^0-9]", "", run) for run in _DIGIT_RUN_RE.findall(value))
    return [d for d in digits if 7 <= len(d) <= 12]


def _postcode(value: str) -> str | None:
    match = _POSTCODE_RE.search(_WS_RE.sub("", value))
    return match.group() if match else None


def _category(value: str) -> str | None:
    match = _CATEGORY_RE.fullmatch(_WS_RE.sub("", value).strip(_EDGE_PUNCT))
    if match is None:
        return None
    letter = match["c"].upper()
    return _CATEGORY_LETTERS.get(letter, letter)


def category_line(line: str) -> str | None:
    """The category of a bare line such as `A` or `乙类` (R14 puts one above its 文号)."""
    flat = _WS_RE.sub("", line)
    if len(flat) == 1 or (len(flat) <= 4 and flat.endswith("类")):
        return _category(flat)
    return None


def _disclosure(labelled: list[tuple[str, int]], lines: Sequence[Line]) -> tuple[str, int] | None:
    """The marking as written; two different markings are joined with '/' (never publishable)."""
    markings = [
        (_BRACKETS_RE.sub("", _WS_RE.sub("", v)).strip(_EDGE_PUNCT), n) for v, n in labelled
    ]
    markings += [(m, line.number) for line in lines if (m := _bare_marking(line.flat))]
    distinct = list(dict.fromkeys(m for m, _ in markings if m))
    if not distinct:
        return None
    first_line = next(n for m, n in markings if m)
    return "/".join(distinct), first_line


def _bare_marking(flat: str) -> str | None:
    cleaned = _BRACKETS_RE.sub("", flat).strip(_EDGE_PUNCT)
    return cleaned if cleaned in MARKINGS else None


def read_date(lines: Iterable[Line]) -> tuple[str, int] | None:
    """The first line that is only a date, as (YYYY-MM-DD, line)."""
    for line in lines:
        date = line_date(line.flat)
        if date:
            return date, line.number
    return None


_CLOSING_LINES = 8
_CHROME_DATE_RE = re.compile(r"发布|来源|浏览|点击|更新|访问")


def _closing_date(lines: Sequence[Line]) -> tuple[str, int] | None:
    """A date at the end of a line of the closing block (联系人：陈 香 2022年6月29日), when no
    line is a date of its own: the last one of the reply's last lines, not a portal's."""
    for line in reversed(lines[-_CLOSING_LINES:]):
        if _CHROME_DATE_RE.search(line.flat):
            continue
        dated = split_dated(line.flat)
        if dated is not None:
            return dated[1], line.number
    return None


def _labelled_date(values: dict[str, list[tuple[str, int]]]) -> tuple[str, int] | None:
    for value, number in values.get("date", ()):
        date = parse_date(value)
        if date:
            return date, number
    return None
