"""The fail-closed disclosure gate: which replies may be published, and why not.

A reply is published only when its marking says 公开, 主动公开 or 同意公开 (是 under 是否公开),
or, for a file with no marking, when the webmaster recorded 主动公开 for it in the decisions
file. Every other value, a missing marking, and a marking that a decision contradicts, withhold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator

from .model import Reply
from .registry import (
    PathEntry,
    covers,
    most_specific,
    normalize_path,
    read_yaml,
    registry_label,
)
from .registry_models import (
    DateOrText,
    RegistryFile,
    RegistryModel,
    Text,
    choice,
    section,
    validate_file,
)

DISCLOSURE_LABEL = "registry/disclosure.yaml"

PUBLISHABLE = frozenset({"公开", "主动公开", "同意公开", "是"})
"""The only markings that publish. Anything else, including typos, withholds."""

_DECISION_VALUES = {"主动公开": True, "公开": True, "同意公开": True, "不予公开": False}
_CLEAN_RE = re.compile(r"[\s【】\[\]〔〕「」“”\"'。.]")


def normalize_marking(marking: str) -> str:
    """The marking without spaces, brackets and trailing full stop (【主动公开】 → 主动公开)."""
    return _CLEAN_RE.sub("", marking)


def is_publishable_marking(marking: str | None) -> bool:
    """True only for an explicit public marking; None (no marking) is never publishable."""
    return marking is not None and normalize_marking(marking) in PUBLISHABLE


@dataclass(frozen=True)
class Decision:
    """A disclosure decision the webmaster recorded for a file or a folder of replies."""

    path: str
    """A file or folder under the replies folder (a folder ends with /)."""
    public: bool
    """True for 主动公开, False for 不予公开."""
    value: str
    """The decision as written."""
    by: str
    """Who decided (an office or a person)."""
    date: str
    """When, YYYY-MM-DD."""
    line: int | None = field(default=None, compare=False)
    """The entry's line in the decisions file, for messages."""
    written: str = field(default="", compare=False)
    """The path as the file wrote it (replies\\2024\\), for messages."""

    def covers(self, file: str) -> bool:
        """Whether this decision applies to the reply file `file`."""
        return covers(self.path, file)


@dataclass(frozen=True)
class Verdict:
    """The gate's answer for one reply."""

    public: bool
    reason: str
    """Why, in words for the build report."""
    problem: bool = False
    """True when the webmaster must act: no marking and no decision, or a contradiction."""


class Decisions:
    """The recorded decisions, looked up by file and then by each enclosing folder."""

    def __init__(
        self,
        decisions: Iterable[Decision] = (),
        *,
        unreadable: str | None = None,
        label: str = DISCLOSURE_LABEL,
    ) -> None:
        self._items = sorted(decisions, key=lambda d: (-len(d.path), d.path))
        self._by_path = {d.path: d for d in reversed(self._items)}
        self.unreadable = unreadable
        """Why the decisions file could not be read; then nothing may be published."""
        self.label = label
        """How messages name the decisions file (registry/disclosure.yaml)."""

    def __iter__(self) -> Iterator[Decision]:
        return iter(self._items)

    def for_file(self, file: str) -> Decision | None:
        """The most specific decision that covers `file`, if any."""
        return most_specific(self._by_path, file)

    def rooted(self, root_name: str) -> Decisions:
        """The decisions with a leading `<root_name>/` (the replies folder's name) removed."""
        items = (replace(d, path=normalize_path(d.path, root_name)) for d in self._items)
        return Decisions(items, unreadable=self.unreadable, label=self.label)

    def path_entries(self) -> list[PathEntry]:
        """Each decision's path, for the check that it matches a file."""
        return [PathEntry(d.written, d.path, d.line) for d in self._items]


def judge(reply: Reply, decisions: Decisions) -> Verdict:
    """Decide whether one reply is published, from its marking and the recorded decisions."""
    if decisions.unreadable is not None:
        return Verdict(
            False, f"公开决定登记文件有错误，全部不发布：{decisions.unreadable}", problem=True
        )
    marking = reply.disclosure
    decision = decisions.for_file(reply.file)
    if marking is None and decision is None:
        return Verdict(False, unmarked_reason(reply.file, decisions.label), problem=True)
    if marking is None:
        assert decision is not None
        return Verdict(
            decision.public, f"登记的决定：{decision.value}（{decision.by}，{decision.date}）"
        )
    marked_public = is_publishable_marking(marking)
    if decision is not None and decision.public != marked_public:
        return Verdict(
            False,
            f"文件标注“{marking}”与登记的决定“{decision.value}”（{decision.by}，{decision.date}）不一致",
            problem=True,
        )
    if marked_public:
        return Verdict(True, f"文件标注：{marking}")
    return Verdict(False, f"文件标注：{marking}")


def unmarked_reason(file: str, label: str) -> str:
    """Why a file without marking or decision is withheld, and how to publish it."""
    return (
        f"文件中没有公开标注，也没有登记公开决定：经审定可以公开的，请在 {label} 中登记"
        f"（path: {file}，decision: 主动公开，by: 决定人，date: 决定日期）"
    )


def apply_gate(reply: Reply, decisions: Decisions) -> tuple[Reply, Verdict]:
    """The reply with `public` set by the gate, and the verdict that set it."""
    verdict = judge(reply, decisions)
    return replace(reply, public=verdict.public), verdict


def load_decisions(path: Path | None) -> Decisions:
    """Read the webmaster's decisions file; an absent file means no decisions.

    The file holds a list under `decisions:`, each with `path`, `decision` (主动公开 or
    不予公开), `by` and `date`. An empty file is an error: the caller publishes nothing.

    Raises:
        RegistryError: the file is not valid YAML or an entry is incomplete (with its line).
    """
    if path is None or not path.is_file():
        return Decisions(label=registry_label(path) if path else DISCLOSURE_LABEL)
    document = read_yaml(path)
    entries = validate_file(document, DisclosureFile).decisions
    return Decisions(
        (
            _decision(entry, document.line_at(("decisions", i, "path")))
            for i, entry in enumerate(entries)
        ),
        label=registry_label(path),
    )


def _decision(entry: DecisionEntry, line: int) -> Decision:
    return Decision(
        path=normalize_path(entry.path),
        public=_DECISION_VALUES[entry.decision],
        value=entry.decision,
        by=entry.by,
        date=entry.date,
        line=line,
        written=entry.path,
    )


_DECISION_NAMES = {value: value for value in _DECISION_VALUES}
_LIST = "列表，每条有 path、decision、by、date"


class DecisionEntry(RegistryModel):
    """One decision: a path, 主动公开 or 不予公开, who decided and when."""

    shape = "包含 path、decision、by、date 的映射"
    path: Text
    decision: Annotated[str, BeforeValidator(choice(_DECISION_NAMES, " 主动公开 或 不予公开"))]
    by: Text
    date: DateOrText


class DisclosureFile(RegistryFile):
    """registry/disclosure.yaml. An empty file is refused: it may have lost decisions."""

    shape = "映射（decisions: 下的列表）"
    entry_noun = "条决定"
    entry_label = "path"
    empty_ok = False
    decisions: Annotated[tuple[DecisionEntry, ...], section(list, _LIST)] = ()
