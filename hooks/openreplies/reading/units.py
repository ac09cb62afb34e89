"""Organisations: what a unit's name looks like, and where a reply names its answering unit.

Any organisation in the masthead or signature position is a unit, whether or not the registry
knows it: bureaus and commissions, people's organisations (妇联, 团市委), courts, state companies,
sub-district offices. Pronouns and courtesy forms (我局, 贵局, 你们, 本单位) are never names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .lines import Line
from .names import PLACE_CHAIN_RE, NameRegistry
from .numbers import line_date, split_dated

_SUFFIX = (
    r"(?:局|委|委员会|办公室|办|厅|部|人民政府|政府|法院|检察院|院|中心|会|处|所|站|馆|队|公司|"
    r"集团|街道|镇|乡|社|署|联|团|银行|支行|分行|学校|中学|小学|大学|学院|医院|监狱|海关|台|场|"
    r"园|区委|市委|县委|工委|党校|组|科|室|司)"
)
UNIT_RE = re.compile(rf"[\u4e00-\u9fff（）()·]{{1,40}}{_SUFFIX}")
"""A name that ends like an organisation (…局, …委员会, …街道, …公司, …人民法院)."""
_PRONOUN_RE = re.compile(
    r"^(?:我|贵|你|您|本|该|此|其)(?:们|局|委|办|厅|部|院|单位|公司|中心|会|处|所|站|馆|队|府|行|"
    r"校|社|司|市|县|区|镇|乡|街道|部门|机关)?$"
)
_GENERIC_RE = re.compile(
    r"^(?:主办|会办|协办|承办|配合|牵头|相关|有关|各|各级|其他|上级|责任|职能|业务)(?:单位|部门|机关)$"
)
_NOT_A_NAME_RE = re.compile(
    r"关于|提案|建议|答复|会议|复函|[：:，。；？！“”《》]|^(?:此致|敬礼|特此)"
)
_SENTENCE_WORDS_RE = re.compile(r"[您你我他她对的了是在将请谢]")
"""Words of a sentence, never of a unit's name (感谢您对我省 is no signature)."""
_MASTHEAD_RE = re.compile(r"(?:文件|（函）|\(函\)|函件|（盖章）|\(盖章\)|（印章）)$")


def is_pronoun(name: str) -> bool:
    """True for 我局, 贵局, 你们, 本单位, 主办单位 … : words that stand for a unit, never its name."""
    return bool(_PRONOUN_RE.match(name) or _GENERIC_RE.match(name))


def unit_name(flat: str, names: NameRegistry, *, signature: bool = False) -> str | None:
    """The unit a short line names (潼关县民政局文件 → 潼关县民政局), or None.

    In the signature position a name that starts with a place is taken even when its ending was
    lost in conversion (清原满族自治县住房和城乡建设).
    """
    name = _MASTHEAD_RE.sub("", flat)
    if not 2 <= len(name) <= 40 or _NOT_A_NAME_RE.search(name) or re.search(r"[0-9]", name):
        return None
    if is_pronoun(name):
        return None
    if UNIT_RE.fullmatch(name) or names.is_known_department(name):
        return name
    if (
        signature
        and len(name) >= 5
        and PLACE_CHAIN_RE.match(name)
        and _all_chinese(name)
        and not _SENTENCE_WORDS_RE.search(name)
    ):
        return name
    return None


def _all_chinese(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


@dataclass(frozen=True)
class Signature:
    """The unit signing the reply and the date under it."""

    unit: str | None
    unit_line: int | None
    date: str | None
    date_line: int | None


def read_signature(lines: Sequence[Line], start: int, names: NameRegistry) -> Signature:
    """The signature block after `start`: a unit above (or beside) a date line.

    A date line with a unit just above it (or a `unit date` line) wins over a bare date.
    """
    bare: Signature | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        date = line_date(line.flat)
        if date:
            near = [i for i in (index - 1, index - 2, index + 1) if start <= i < len(lines)]
            for i in near:
                unit = unit_name(lines[i].flat, names, signature=True)
                if unit:
                    return Signature(unit, lines[i].number, date, line.number)
            bare = bare or Signature(None, None, date, line.number)
            continue
        dated = split_dated(line.flat)
        if dated is not None and dated[0]:
            unit = unit_name(dated[0], names, signature=True)
            if unit:
                return Signature(unit, line.number, dated[1], line.number)
    unit, unit_line = _undated_signature(lines, start, names)
    if bare is not None:
        return Signature(unit, unit_line, bare.date, bare.date_line)
    return Signature(unit, unit_line, None, None)


_SIGNATURE_SCAN = 8
"""The last lines of a reply searched for a signing unit without a date."""


def _undated_signature(
    lines: Sequence[Line], start: int, names: NameRegistry
) -> tuple[str | None, int | None]:
    """A unit signing the reply's last lines, when no date stands under it (调兵山市…局 alone
    at the end); the search stops at the last paragraph of text."""
    for index in range(len(lines) - 1, max(start, len(lines) - _SIGNATURE_SCAN) - 1, -1):
        flat = lines[index].flat
        if len(flat) > 40 or "。" in flat:
            break
        unit = unit_name(flat, names, signature=True)
        if unit:
            return unit, lines[index].number
    return None, None
