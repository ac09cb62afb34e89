"""Who handled the proposal: the answering department's role (主办 or 会办) and the others.

Read from the reply's wording: 现综合市发改委、市财政局会办意见 (lead, two co-handlers),
我委会同市民政局、市卫健委研究办理 (lead, two co-handlers), 该提案由市住建局主办，我委为会办单位
and 本件由市发改委牵头，我局配合办理 (co, the lead named). Units mentioned in the body for other
reasons (会同市公安局开展了检查) are not handling units. Works on recognition text.
"""

from __future__ import annotations

import re

from ..model import Role
from .units import UNIT_RE, is_pronoun

_UNIT = (
    r"(?:我|本)(?:局|委|办|厅|部|中心|院|会|处|所|站|馆|队|单位|公司|司|行|社|府|部门|街道|镇|乡)"
)
_ITEM = r"(?:该|本|此|这)?(?:件|项)?(?:提案|建议|议案)?的?"
_HANDLE = r"(?:认真|共同|一起|进行|联合|专题|对该?(?:提案|建议)(?:进行)?)?(?:研究|办理|会商|调研|答复|商议)"
_MERGED = (
    r"(?:[\u4e00-\u9fff（）]{2,30}?(?:局|委|办|厅|部|政府|中心|院|会)(?<!会办)(?<!协办)(?<!主办)、?)"
    r"{1,8}?(?:等单位|等部门)?"
)
"""A list of units whose opinions a lead reply merges (综合市委编办、市财政局意见)."""
_CO_RES = (
    re.compile(rf"{_UNIT}(?:为|是|作为){_ITEM}(?:会办|协办|配合)(?:单位|部门)"),
    re.compile(r"作为(?:该|本|此)(?:件|项)?(?:提案|建议|议案)的?(?:会办|协办|配合)(?:单位|部门)"),
    re.compile(rf"(?:转由|交由|由){_UNIT}(?:会办|协办|配合办理)"),
    re.compile(rf"牵头[^。]{{0,12}}?[，]?{_UNIT}(?:负责)?(?:配合|协助|协办|会办|参与)"),
    re.compile(r"贵(?:局|委|办|厅|部|单位|中心|院|公司|街道|镇|乡|府)(?:主办|牵头)"),
    re.compile(r"(?:会办|协办)意见(?:的函)?$"),
)
_LEAD_RES = (
    re.compile(rf"{_UNIT}(?:为|是|作为){_ITEM}(?:主办|牵头)(?:单位|部门)"),
    re.compile(rf"由{_UNIT}(?:负责|牵头)?主办"),
    re.compile(rf"由?{_UNIT}(?:负责)?牵头(?!单位)"),
    re.compile(r"作为(?:该|本|此)?(?:件|项)?(?:提案|建议|议案)?的?(?:主办|牵头)(?:单位|部门)"),
    re.compile(rf"(?:综合|结合|汇总|吸收)了?{_MERGED}的?意见"),
    re.compile(r"(?:综合|结合|汇总|吸收)[^。\n]{0,80}?(?:会办|协办)[^。\n]{0,40}?意见"),
    re.compile(r"(?:会同|与)(?:会办|协办)(?:单位|部门)"),
    re.compile(r"等(?:会办|协办)(?:单位|部门)"),
    re.compile(
        rf"{_UNIT}(?:会同|联合|协同|商请)[^。；，\n]{{2,120}}?(?:等单位|等部门|等)?{_HANDLE}"
    ),
)
_LIST = r"(?P<list>[^。；：\n]{2,160}?)"
_CO_LIST_RES = (
    re.compile(
        rf"(?:经综合|综合|结合|汇总|征求|经)了?{_LIST}等?(?:会办|协办)(?:单位|部门)?的?"
        r"(?:意见|共同|研究|认真)"
    ),
    re.compile(
        rf"(?:会办|协办)(?:单位|部门)(?:为|是|有|包括)?{_LIST}(?:等单位|等部门|等)?的?"
        r"(?:意见|认真|共同|研究|进行|办理|，|。|\n|$)"
    ),
    re.compile(rf"由{_UNIT}(?:负责|牵头)?主办，{_LIST}(?:等单位|等部门|等)?(?:会办|协办)"),
    re.compile(
        rf"(?:{_UNIT}|牵头，?)(?:会同|联合|协同|商请)(?P<list>[^。；：，\n]{{2,120}}?)(?:等单位|等部门|等)?{_HANDLE}"
    ),
    re.compile(rf"(?:综合|结合|汇总|吸收)了?(?P<list>{_MERGED})的?意见"),
)
_LEAD_LIST_RES = (
    re.compile(r"由(?P<list>[^，。、；我\n]{2,40}?)(?:负责|牵头)?主办"),
    re.compile(r"主办(?:单位|部门)(?:为|是)(?P<list>[^，。；\n]{2,40}?)[，。；]"),
    re.compile(r"由(?P<list>[^，。；我\n]{2,60}?)牵头"),
)
_SPLIT_RE = re.compile(r"[、，]|以及|及")
_ROLE_PREFIX_RE = re.compile(r"^(?:会办|协办|配合|主办)(?:单位|部门)")


def read_role(title: str, body: str) -> Role | None:
    """co when the department answers as 会办/协办, lead when it merges others' opinions or
    says 主办, None when the reply does not say. `body` is the text after the title."""
    if any(r.search(body) for r in _CO_RES[:-1]) or _CO_RES[-1].search(title):
        return Role.CO
    if any(r.search(body) for r in _LEAD_RES):
        return Role.LEAD
    return None


def read_handlers(body: str, role: Role | None) -> list[str]:
    """The other handling units as written: co-handlers in a lead reply, the lead in a co one."""
    if role is None:
        return []
    patterns = _CO_LIST_RES if role is Role.LEAD else _LEAD_LIST_RES
    found = [
        (m.start(), item)
        for pattern in patterns
        for m in pattern.finditer(body)
        for item in _units(m["list"])
    ]
    found.sort(key=lambda pair: pair[0])  # stable: a list keeps its own order
    return list(dict.fromkeys(item for _, item in found))


def _units(listing: str) -> list[str]:
    items = (
        _ROLE_PREFIX_RE.sub(
            "", item.strip().removeprefix("和").removeprefix("与").removesuffix("等")
        )
        for item in _SPLIT_RE.split(listing)
    )
    return [
        item
        for item in items
        if not item.startswith(("我", "贵", "本"))
        and not is_pronoun(item)
        and UNIT_RE.fullmatch(item)
    ]
