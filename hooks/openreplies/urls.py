"""The one place that turns a reply's identity into a page address.

Addresses are ASCII and typeable: region in pinyin, zx (政协) or rd (人大), term-session, then
the proposal number, and the department in pinyin only when one proposal has several replies:
`yichang/zx/6-3/257/`, `jingzhou/zx/6-3/45/fazhanhegaigeweiyuanhui/`. Titles never enter them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
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
    text = str(number).lower()
    return text if text.isascii() else slug(text)


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


SESSIONS_URI = "sessions/index.md"
PROPOSERS_URI = "proposers/index.md"
DEPARTMENTS_URI = "departments/index.md"
POLICIES_URI = "policies/index.md"
OUTCOMES_URI = "outcomes/index.md"
REPORT_URI = "report/index.md"

_DOC_NUMBER_PARTS_RE = re.compile(r"^(?P<code>.*?)〔(?P<year>\d{4})〕(?P<serial>[^号]*)号?$")


def unique_slugs(names: list[str], make: Callable[[str], str] = slug) -> dict[str, str]:
    """A slug per name; names whose slugs collide (同音) get a short hash of the name added."""
    by_slug: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        by_slug.setdefault(make(name), []).append(name)
    result: dict[str, str] = {}
    for base, group in by_slug.items():
        for name in group:
            result[name] = base if len(group) == 1 else f"{base}-{short_hash(name)}"
    return result


def short_hash(text: str) -> str:
    """Eight hex digits that identify `text` (stable across builds and machines)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def policy_slug(doc_number: str | None, title_key: str) -> str:
    """宜府发〔2018〕62号 → yifufa-2018-62; a policy known only by title → t-<hash of title>."""
    if doc_number:
        parts = _DOC_NUMBER_PARTS_RE.match(doc_number)
        if parts:
            serial = _NON_SLUG_RE.sub("", parts["serial"].lower()) or "0"
            return f"{slug(parts['code'])}-{parts['year']}-{serial}"
        return f"d-{short_hash(doc_number)}"
    return f"t-{short_hash(title_key)}"


def outcome_uri(session_directory: str, category: str | None) -> str:
    """One session's replies of one category: yichang/zx/6-3/outcome-a/."""
    return page_uri(f"{session_directory}outcome-{(category or 'none').lower()}/")
