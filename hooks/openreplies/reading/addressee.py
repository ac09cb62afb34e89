"""Whom the reply answers: the addressee line, or the proposer named in the opening sentence.

The addressee stands between the title and the opening (中国民主促进会：, 尊敬的王爱珍代表：,
高松代表), sometimes glued to the opening (崔银雷委员：现将您提出的…). Courtesy words and
pronouns (您, 你们, 各位委员, 贵局) are never names; a co-handler's letter may be addressed to
the lead unit instead, and then the proposer is named, if at all, in its opening sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lines import Line
from .names import strip_courtesy
from .title import is_noise, is_paragraph
from .units import is_pronoun

_ADDRESSEE_END_RE = re.compile(r"(?:：|(?:代表|委员|同志)们?)$")
_GREETING_RE = re.compile(r"您好|你好")
_GLUED_RE = re.compile(r"^(?P<who>[^：，。；]{2,30}?)：(?=.{8,})")
_INLINE_RE = re.compile(
    r"(?P<who>[\u4e00-\u9fff、·]{2,40}?(?:等[0-9一二三四五六七八九十]{0,3}[位名人]?)?(?:委员|代表)们?)"
    r"(?:您好|你好)?[！]?：(?=您|你|现|首先|根据)"
)
_INLINE_CUT_RE = re.compile(r"答复函|答复|复函|的函|尊敬的|尊敬|号|签发人[\u4e00-\u9fff]{2,3}")
_NOT_NAMES = frozenset(
    {"您", "你", "你们", "您们", "各位", "各位委员", "各位代表", "委员", "代表", "同志", "同志们",
     "委员们", "代表们", "尊敬的委员", "尊敬的代表", "领导", "主任"}
)  # fmt: skip
_NOT_ADDRESSEE_RE = re.compile(r"提案|建议的|答复|会议|关于|收悉|[0-9]{3}")
_PROPOSER_IN_TEXT_RES = (
    re.compile(
        r"(?:委员|代表)(?P<who>[\u4e00-\u9fff·]{2,4}(?:等[0-9一二三四五六七八九十]*[位名](?:委员|代表)?)?)"
        r"(?:同志)?(?:在[^。，]{2,30}?)?所?提出的"
    ),
    re.compile(
        r"(?:^|[，、：。的由是据])(?P<who>[\u4e00-\u9fff·]{2,4}?(?:等[0-9一二三四五六七八九十]*[位名])?"
        r"(?:委员|代表))(?:同志)?(?:在[^。，]{2,30}?)?所?(?:提出|领衔提出)的"
    ),
)


def read_addressee(opening: Sequence[Line]) -> tuple[str, int] | None:
    """The addressee as written, without courtesy words and colon, and its line."""
    for line in opening:
        inline = _inline(line.flat)
        if inline:
            return inline, line.number
        if is_noise(line):
            continue
        glued = _GLUED_RE.match(line.flat)
        if glued and (name := _clean(glued["who"])):
            return name, line.number  # 崔银雷委员：现将您提出的…
        if is_paragraph(line):
            break
        if _ADDRESSEE_END_RE.search(line.flat) or _GREETING_RE.search(line.flat):
            name = _clean(line.flat)
            if name:
                return name, line.number
    return None


def _inline(flat: str) -> str | None:
    """An addressee run into the line before it (…的答复张阳委员：您提出的…)."""
    match = _INLINE_RE.search(flat)
    if match is None:
        return None
    who = _INLINE_CUT_RE.split(match["who"])[-1]
    return _clean(who)


def _clean(text: str) -> str | None:
    name = strip_courtesy(text)
    if not name or name in _NOT_NAMES or is_pronoun(name) or _NOT_ADDRESSEE_RE.search(name):
        return None
    return name


def proposer_in_text(opening: Sequence[Line]) -> tuple[str, int] | None:
    """The proposer named in the opening sentence (区政协委员张三提出的…, 张三代表提出的…)."""
    for line in opening:
        for pattern in _PROPOSER_IN_TEXT_RES:
            match = pattern.search(line.flat)
            if match and not is_pronoun(match["who"]):
                return match["who"], line.number
    return None
