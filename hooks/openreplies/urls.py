"""The one place that turns a reply's identity into a page address.

Addresses are ASCII and typeable: region in pinyin, zx (政协) or rd (人大), term-session, then
the proposal number, and the department in pinyin only when one proposal has several replies:
`yichang/zx/6-3/257/`, `jingzhou/zx/6-3/45/fazhanhegaigeweiyuanhui/`. Titles never enter them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import lazy_pinyin

from .model import Body, Reply

_BODY_SLUGS = {Body.CPPCC: "zx", Body.CONGRESS: "rd"}
_REGION_SUFFIX_RE = re.compile(r"(?<=..)(市|省|县|区|自治州|自治县|地区|盟)$")
_NON_SLUG_RE = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def slug(name: str) -> str:
    """Lowercase ASCII letters and digits from a Chinese name, via pinyin."""
    return _NON_SLUG_RE.sub("", "".join(lazy_pinyin(name)).lower()) or "x"


def region_slug(region: str) -> str:
    """宜昌市 → yichang; the administrative suffix is dropped when the name stays two long."""
    return slug(_REGION_SUFFIX_RE.sub("", region))


def session_dir(region: str, body: Body, term: int, session: int) -> str:
    """The folder of one session's pages: `yichang/zx/6-3/`."""
    return f"{region_slug(region)}/{_BODY_SLUGS[body]}/{term}-{session}/"


def number_slug(number: int | str) -> str:
    """The proposal number as it appears in an address (letters lowercased)."""
    return str(number).lower()


def proposal_dir(reply: Reply) -> str:
    """The folder of the proposal a reply answers: `yichang/zx/6-3/257/`."""
    base = session_dir(reply.region, reply.body, reply.term, reply.session)
    return f"{base}{number_slug(reply.number)}/"


def department_slug(department: str, region: str) -> str:
    """The department's pinyin without its region: 荆州市财政局 → caizhengju."""
    name = department.removeprefix(region) if department != region else department
    return slug(name)


def page_uri(directory: str) -> str:
    """The src URI of the generated page for a folder address."""
    return f"{directory}index.md"
