"""Where a reply's header ends: its title (in any of its forms), or else its opening sentence.

A title names the item (提案, 建议, 议案, 建议、批评和意见) and ends like a reply (答复, 复函,
答复函, …的函, 会办意见, 办理情况): 关于政协…第257号提案的答复, 对…建议的复函. It may be broken
over several lines at any point, repeated (the portal's page title, then the document's), or
damaged. A reply whose title is lost is still a reply when an addressee is followed by an
opening such as …收悉…答复如下.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from .fields import is_label_line
from .lines import Line
from .numbers import DOC_NUMBER_PATTERN, is_date_line

HEAD_LINES = 60
"""The title is looked for among this many non-empty lines (a portal's page may come first)."""
_TITLE_MAX_LINES = 4
_TITLE_PART_MAX = 80
_REPEAT_WINDOW = 16
"""Lines after a title in which the document repeats it (page title first, then document)."""
_OPENING_LINES = 8
_PARAGRAPH_MIN = 40

_KIND_RE = re.compile(r"提案|建议|议案|批评")
_REPLY_WORDS = (
    r"答复|复函|答复函|的函|回复|会办意见|协办意见|办理意见|答复意见|办理情况|办理结果|复文"
)
_TRAILER_RE = re.compile(
    rf"^(?P<core>.*?(?:{_REPLY_WORDS})(?:（[A-Da-d甲乙丙]类?）)?)"
    rf"(?P<trailer>(?:[\[【（]?{DOC_NUMBER_PATTERN}|签发人|签发|（?[A-D]类）?$).*)$"
)
"""A title line that goes on with the reply's 文号 or 签发人 (…提案的复函 子交函〔2023〕34号)."""
_REPLY_END_RE = re.compile(
    r"(?:答复|复函|答复函|的函|回复|会办意见|协办意见|办理意见|答复意见|办理情况|办理结果|复文|意见的函)"
    r"(?:（[A-Da-d甲乙丙]类?）|[A-D]类?)?$"
)
_TITLE_START_RE = re.compile(
    r"关于|对|政协|人大|人民代表大会|会议|届|第\s*[0-9A-Za-z]+\s*号|提案|建议|议案|答复|复函"
)
"""What the first line of a title holds: a line with none of these is a masthead, not a title."""
_NOT_REPLY_END_RE = re.compile(r"(?:通知|通报|决定|公告|纪要|总结|报告|汇报|方案|办法|意见)$")
_NUMBER_RE = re.compile(r"(?<![〕\]】）])第\s*[0-9A-Za-z〇零一二三四五六七八九十百]{1,12}\s*号")
_SESSION_HINT_RE = re.compile(r"届|次会议")
_DOC_LINE_RE = re.compile(rf"^(?:发文字号|文号)?：?(?P<doc>{DOC_NUMBER_PATTERN})")
_OPENING_RE = re.compile(
    r"收悉|(?:提出|所提|领衔|转来|交办)的[^。]{0,80}?(?:已?收到|已悉)|(?:答复|函复|回复)如下"
    r"|现答复|现将[^。]{0,40}?(?:答复|函复|回复)"
)
_HEADING_RE = re.compile(r"^[一二三四五六七八九十]+、")
_ITEM_IN_OPENING_RE = re.compile(r"提出的|所提|提案|建议|议案|您|你们|贵")
_CHROME_RE = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|相关|当前位置|您当前的位置|首页|【|\[)")
"""Portal navigation: links to other replies are not this reply's title."""


@dataclass(frozen=True)
class Title:
    """The reply's title (or, when it is lost, the place where its header ends)."""

    first: int
    """Index in the prepared lines of the title's first line."""
    last: int
    """Index of its last line; the reply's text starts after it."""
    text: str
    """The title's lines joined without whitespace; empty when the title is lost."""
    plain: str = ""
    """`text` with its punctuation as written (for a title quoted inside it)."""
    alternatives: tuple[str, ...] = ()
    """Earlier copies of the title (a portal's page title), which may be less damaged."""

    @property
    def found(self) -> bool:
        """False when the reply has no readable title and was recognised by its opening."""
        return bool(self.text)


def is_paragraph(line: Line) -> bool:
    """A line of running text rather than a header line."""
    return len(line.flat) > _PARAGRAPH_MIN or "。" in line.flat


def is_doc_number_line(line: Line) -> bool:
    """A line that starts with a 文号 (the reply's own: 潼民发【2024】275号)."""
    return _DOC_LINE_RE.match(line.flat) is not None


def doc_number_of(line: Line) -> str | None:
    """The 文号 a line starts with, as written."""
    match = _DOC_LINE_RE.match(line.flat)
    return match["doc"] if match else None


def title_core(flat: str) -> str:
    """A title line without the 文号 or 签发人 that may follow it on the same line."""
    match = _TRAILER_RE.match(flat)
    return match["core"] if match else flat


def title_trailer(flat: str) -> str:
    """What follows the title on its line (子交函〔2023〕34号 签发人：…), or ''."""
    match = _TRAILER_RE.match(flat)
    return match["trailer"] if match else ""


def _is_title_part(line: Line) -> bool:
    flat = line.flat
    return (
        len(flat) <= _TITLE_PART_MAX
        and "。" not in flat
        and not flat.endswith("：")
        and not is_label_line(line.text)
        and not is_doc_number_line(line)
        and not is_date_line(flat)
        and not line.table
        and not _CHROME_RE.match(flat)
    )


def _is_title(text: str) -> bool:
    if not _KIND_RE.search(text):
        return False
    if _REPLY_END_RE.search(text):
        return True
    return bool(_NUMBER_RE.search(text) and _SESSION_HINT_RE.search(text)) and not (
        _NOT_REPLY_END_RE.search(text)
    )


def _window(lines: Sequence[Line], first: int) -> Title | None:
    """The shortest run of title lines from `first` that reads as a reply title."""
    if not _TITLE_START_RE.search(lines[first].flat):
        return None
    text = ""
    for last in range(first, min(first + _TITLE_MAX_LINES, len(lines))):
        if not _is_title_part(lines[last]):
            break
        text += title_core(lines[last].flat)
        if _REPLY_END_RE.search(text) and _KIND_RE.search(text):
            return _without_heading(lines, _title(lines, first, last))
    # A title without a reply word (its end lost): one line with the item's number and 届次.
    alone = title_core(lines[first].flat) if _is_title_part(lines[first]) else ""
    if alone and _is_title(alone):
        return _title(lines, first, first)
    return None


def _title(lines: Sequence[Line], first: int, last: int) -> Title:
    """The title made of lines first..last, each without a trailing 文号 or 签发人."""
    text = plain = ""
    for line in lines[first : last + 1]:
        core = title_core(line.flat)
        text += core
        plain += line.plain_flat[: len(core)]
    return Title(first, last, text, plain)


_OPENS_TITLE_RE = re.compile(r"^(?:.{2,40}?)?(?:关于|对)")


def _without_heading(lines: Sequence[Line], title: Title) -> Title:
    """The title without a portal's column heading glued above it (政协委员提案 / 镇坪县…局
    关于…的复函): leading lines are dropped while the rest opens like a title on its own."""
    for first in range(title.first + 1, title.last + 1):
        rest = "".join(title_core(line.flat) for line in lines[first : title.last + 1])
        if _OPENS_TITLE_RE.match(lines[first].flat) and _KIND_RE.search(rest):
            return _title(lines, first, title.last)
    return title


def find_title(lines: Sequence[Line]) -> Title | None:
    """The reply's title, or None when no line of the header reads as one.

    When the title is repeated (a portal's page title above the document's own), the last
    repetition is taken, so the reply's text starts after the document's title.
    """
    limit = min(HEAD_LINES, len(lines))
    candidates: list[Title] = []
    first = 0
    while first < limit:
        title = _window(lines, first)
        if title is None:
            first += 1
            continue
        candidates.append(title)
        first = title.last + 1
    if not candidates:
        return _labelled_title(lines, limit)
    # A title the reply's opening follows beats one in a list of other replies (portal links).
    opened = (c for c in candidates if _opens(lines, c))
    return _last_repetition(lines, next(opened, candidates[0]))


_LABELLED_TITLE_RE = re.compile(r"^(?:标题|名称|文章标题)：(?P<t>.+)$")


def _labelled_title(lines: Sequence[Line], limit: int) -> Title | None:
    """A title that only a portal's metadata gives (标题：关于…第119号提案的答复)."""
    for index in range(limit):
        match = _LABELLED_TITLE_RE.match(lines[index].flat)
        if match and _is_title(match["t"]):
            offset = len(lines[index].flat) - len(match["t"])
            return Title(index, index, match["t"], lines[index].plain_flat[offset:])
    return None


def _opens(lines: Sequence[Line], title: Title) -> bool:
    """True when an addressee or an opening sentence follows the title closely."""
    for line in opening_lines(lines, title):
        if _looks_like_addressee(line) or _OPENING_RE.search(line.flat):
            return True
    return False


def _last_repetition(lines: Sequence[Line], title: Title) -> Title:
    """The document's own copy of a title the portal printed first; earlier copies are kept
    as alternatives, since conversion may have damaged either (九届次会议)."""
    best = title
    seen: list[str] = []
    key = _title_key(title.text)
    index = title.last + 1
    end = min(len(lines), title.last + 1 + _REPEAT_WINDOW)
    while index < end:
        if is_paragraph(lines[index]):
            break
        again = _window(lines, index)
        if again is not None and _same_title(_title_key(again.text), key):
            seen.append(best.text)
            best = again
            index = again.last + 1
            end = min(len(lines), again.last + 1 + _REPEAT_WINDOW)
            continue
        index += 1
    return replace(best, alternatives=tuple(seen)) if seen else best


def _same_title(one: str, other: str) -> bool:
    return one == other or SequenceMatcher(None, one, other, autojunk=False).ratio() >= 0.85


def _title_key(text: str) -> str:
    """A title without its unit prefix and punctuation, to spot a repetition."""
    start = text.find("关于")
    core = text[start:] if start >= 0 else text
    return re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", core)


def find_opening(lines: Sequence[Line]) -> Title | None:
    """For a reply whose title is lost: the header ends before the addressee or the opening.

    The opening is a sentence such as 你们提出的…收悉，现答复如下 within the first lines; the
    addressee line (ending in ：) just above it, if any, starts the reply's text.
    """
    limit = min(HEAD_LINES, len(lines))
    for index in range(limit):
        flat = lines[index].flat
        if _HEADING_RE.match(flat):
            return None  # the text has begun: an opening comes before the first heading
        if _looks_like_addressee(lines[index]) and _mentions_item(lines[index + 1 : index + 4]):
            return Title(index, index - 1, "")  # 于靖娇代表您好： / 关于…的建议，…
        if _OPENING_RE.search(flat) and _ITEM_IN_OPENING_RE.search(flat):
            start = index
            if index > 0 and _looks_like_addressee(lines[index - 1]):
                start = index - 1
            return Title(start, start - 1, "")
    return None


_ITEM_RE = re.compile(r"提案|建议|议案")


def _mentions_item(lines: Sequence[Line]) -> bool:
    """True when these lines speak of the proposal or suggestion (an answer's opening)."""
    return any(_ITEM_RE.search(line.flat[:200]) for line in lines if not is_noise(line))


_PERSON_ADDRESSEE_RE = re.compile(
    r"^(?:尊敬的)?[\u4e00-\u9fff、·]{2,30}(?:等[0-9一二三四五六七八九十]{0,3}[位名人]?)?"
    r"(?:委员|代表|同志)们?(?:您好|你好)?[！!]?：?$"
)


def _looks_like_addressee(line: Line) -> bool:
    """张三委员：, 尊敬的王爱珍代表您好：, 民建长春市委员会： (not a label, not chrome)."""
    flat = line.flat
    if len(flat) > 40 or is_noise(line) or _CHROME_RE.match(flat):
        return False
    if _PERSON_ADDRESSEE_RE.match(flat) or re.search(r"您好|你好", flat):
        return True
    return flat.endswith("：") and not re.search(r"[，。；0-9]", flat)


_NOISE_RE = re.compile(
    r"字体|字号|打印|关闭|浏览|访问量|点击|分享|扫一扫|【|】|背景色|^[-—\s0-9：:]+$"
)
"""Portal chrome between a title and the document (字体：大 中 小, 扫一扫在手机打开)."""
_NOISE_SCAN = 30


def is_noise(line: Line) -> bool:
    """A header line that is no part of the reply's own opening: labels, 文号, portal chrome."""
    return (
        is_label_line(line.text)
        or is_doc_number_line(line)
        or (len(line.flat) <= 60 and bool(_NOISE_RE.search(line.flat)))
    )


def opening_lines(lines: Sequence[Line], title: Title) -> list[Line]:
    """The lines after the title up to and including the opening paragraph.

    Labels, 文号 lines and portal chrome in between are kept but not counted.
    """
    opening = []
    counted = 0
    for line in lines[title.last + 1 : title.last + 1 + _NOISE_SCAN]:
        opening.append(line)
        if is_noise(line):
            continue
        counted += 1
        if is_paragraph(line) or counted >= _OPENING_LINES:
            break
    return opening
