"""Labelled fields of a reply (责任领导：…, 联系电话：…, 分类：A, 公开情况：…) and its date.

Labels may carry spaces (联 系 人), share a line (联系人:张 雷 联系电话:…) or sit in brackets
((联系人:刘成勇)). Works on recognition text: simplified characters, half-width digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .numbers import is_date_line, parse_date

_LABELS: dict[str, tuple[str, ...]] = {
    "leader": ("责任领导", "签发人", "签批人", "签发领导", "领导签字", "单位负责人", "负责人"),
    "handler": ("承办人", "联系人", "经办人", "承办人员", "具体承办人"),
    "phone": ("联系单位及电话", "联系电话", "电话", "手机", "联系方式"),
    "postcode": ("邮政编码", "邮编"),
    "disclosure": (
        "是否同意公开", "是否公开", "公开情况", "公开属性", "公开方式", "公开类型", "信息公开属性",
    ),
    "category": ("分类标识", "答复类别", "办理类别", "办理结果", "分类", "类别"),
    "date": ("成文日期", "答复日期", "日期"),
    "doc_number": ("发文字号", "文号"),
    # Read only so that they end the value before them.
    "other": (
        "抄送", "抄报", "联系单位", "联系地址", "地址", "传真", "主送", "承办单位", "索引号",
        "发布机构", "发布日期", "主题分类", "体裁分类", "来源", "发布时间", "签收人", "标题",
    ),
}  # fmt: skip
_FIELD_OF = {label: name for name, labels in _LABELS.items() for label in labels}
_LABEL_ALTERNATION = "|".join(
    r"\s*".join(label) for label in sorted(_FIELD_OF, key=lambda label: -len(label))
)
LABEL_RE = re.compile(
    rf"(?:^|(?<=[\s（(，,;；、。]))(?P<label>{_LABEL_ALTERNATION})\s*(?:[:：]|(?=[【\[]))"
)
"""A field label followed by a colon (or by 【 as in 是否同意公开【主动公开】)."""

_VALUE_END_RE = re.compile(r"[）);；,，]")
_NAME_END_RE = re.compile(r"[（(]")
_WS_RE = re.compile(r"\s+")
_EDGE_PUNCT = "。.:：、"
_CATEGORY_RE = re.compile(r"[【\[（(「]?(?P<c>[A-Da-d]|[甲乙丙丁])[】\]）)」]?类?")
_CATEGORY_LETTERS = {"甲": "A", "乙": "B", "丙": "C", "丁": "D"}
_DIGIT_RUN_RE = re.compile(r"[0-9][0-9\-—–()（）]*[0-9]")
_POSTCODE_RE = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")
_OFFICIAL = r"(?:副?(?:主任|局长|主席|书记|部长|厅长|处长|科长|区长|县长|市长|院长|秘书长)|同志)"
_OFFICIAL_TITLE_RE = re.compile(rf"(?<=..){_OFFICIAL}$")
_SIGNED_RE = re.compile(
    r"此(?:复函|答复函|答复|函|件|文|意见)已?经(?P<name>[\u4e00-\u9fff·]{2,4}?)"
    rf"{_OFFICIAL}?审(?:签|定|核|阅)"
)
MARKINGS = frozenset(
    {"公开", "主动公开", "同意公开", "不同意公开", "依申请公开", "不予公开", "不公开", "部分公开"}
)
"""Disclosure values that count as a marking when they stand alone on a line (同意公开)."""
_BRACKETS_RE = re.compile(r"[【】\[\]〔〕「」]")


@dataclass(frozen=True)
class Fields:
    """What the labelled lines of one reply say."""

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
    """The first line after the title that is only a date; else 成文日期 / 日期."""
    doc_number: str | None = None
    """发文字号 / 文号 as written (web metadata)."""


def labelled_values(line: str) -> list[tuple[str, str]]:
    """The (field, value) pairs of one line: 联 系 人:张 雷 联系电话:123 → handler, phone."""
    matches = list(LABEL_RE.finditer(line))
    pairs = []
    ends = [m.start() for m in matches[1:]] + [len(line)] if matches else []
    for match, end in zip(matches, ends, strict=True):
        field = _FIELD_OF[_WS_RE.sub("", match["label"])]
        value = line[match.end() : end]
        cut = _VALUE_END_RE.search(value)
        # A disclosure value is kept whole: 主动公开，部分内容除外 is not 主动公开 (fail closed).
        if cut and field != "disclosure":
            value = value[: cut.start()]
        pairs.append((field, value.strip()))
    return pairs


def is_label_line(line: str) -> bool:
    """True when the line starts with a field label (分类：A, 抄送：…)."""
    match = LABEL_RE.match(line.strip())
    return match is not None


def read_fields(lines: Sequence[str], after_title: Sequence[str]) -> Fields:
    """The fields of a reply from all its lines; the date from the lines after its title."""
    values: dict[str, list[str]] = {}
    for line in lines:
        for name, value in labelled_values(line):
            values.setdefault(name, []).append(value)
    return Fields(
        leader=_first(_name(v) for v in values.get("leader", ())) or _signed_by(lines),
        handler=_first(_name(v) for v in values.get("handler", ())),
        phones=tuple(dict.fromkeys(p for v in values.get("phone", ()) for p in _phones(v))),
        postcode=_first(_postcode(v) for v in values.get("postcode", ())),
        disclosure=_disclosure(values.get("disclosure", []), lines),
        category=_first(_category(v) for v in values.get("category", ())),
        date=read_date(after_title) or _first(parse_date(v) for v in values.get("date", ())),
        doc_number=_first(v or None for v in values.get("doc_number", ())),
    )


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


def _name(value: str) -> str | None:
    cut = _NAME_END_RE.search(value)
    name = _WS_RE.sub("", value[: cut.start()] if cut else value).strip(_EDGE_PUNCT)
    name = _OFFICIAL_TITLE_RE.sub("", name)
    return name if 0 < len(name) <= 12 else None


def _signed_by(lines: Sequence[str]) -> str | None:
    """The signer named only in prose: 此复函已经张玉林主任审签 → 张玉林."""
    for line in lines:
        match = _SIGNED_RE.search(_WS_RE.sub("", line))
        if match:
            return match["name"]
    return None


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


def _disclosure(labelled: list[str], lines: Sequence[str]) -> str | None:
    """The marking as written; two different markings are joined with '/' (never publishable)."""
    markings = [_BRACKETS_RE.sub("", _WS_RE.sub("", v)).strip(_EDGE_PUNCT) for v in labelled]
    markings += [m for m in (_bare_marking(line) for line in lines) if m]
    distinct = list(dict.fromkeys(m for m in markings if m))
    return "/".join(distinct) if distinct else None


def _bare_marking(line: str) -> str | None:
    flat = _BRACKETS_RE.sub("", _WS_RE.sub("", line)).strip(_EDGE_PUNCT)
    return flat if flat in MARKINGS else None


def read_date(lines: Iterable[str]) -> str | None:
    """The first line that is only a date (the date under the signature), as YYYY-MM-DD."""
    return next((parse_date(line) for line in lines if is_date_line(line)), None)
