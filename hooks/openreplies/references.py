"""The webmaster's reference registries: policy documents and session meetings.

`policies.yaml` gives a 文号 its official title, issuer, date and link; `sessions.yaml` gives a
session (届次) its year and meeting dates, shown where a reply carries no date of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from .model import Body
from .reading.numbers import normalize_doc_number
from .registry import read_yaml
from .registry_models import (
    Count,
    Key,
    OptionalDate,
    OptionalText,
    RegistryFile,
    RegistryModel,
    Text,
    choice,
    expected,
    section,
    validate_file,
)


@dataclass(frozen=True)
class PolicyInfo:
    """What the registry knows about one policy document."""

    doc_number: str
    title: str | None
    issuer: str | None
    date: str | None
    url: str | None


@dataclass(frozen=True)
class MeetingInfo:
    """When one session (届次) met."""

    year: int | None
    dates: str | None
    """The meeting dates as the webmaster wrote them (2019年1月6日至10日)."""


MeetingKey = tuple[str, Body, int, int]
"""region, body, term, session."""

_YEAR_RE = re.compile(r"\d{4}")


def load_policies(path: Path) -> dict[str, PolicyInfo]:
    """Read policies.yaml: a mapping of 文号 → title, issuer, date, url (all optional).

    Raises:
        RegistryError: invalid YAML or an entry of the wrong shape (with its line).
    """
    if not path.is_file():
        return {}
    policies = validate_file(read_yaml(path), PoliciesFile).policies
    result: dict[str, PolicyInfo] = {}
    for written, entry in policies.items():
        number = normalize_doc_number(written)
        result[number] = PolicyInfo(number, entry.title, entry.issuer, entry.date, entry.url)
    return result


def load_meetings(path: Path) -> dict[MeetingKey, MeetingInfo]:
    """Read sessions.yaml: a list of {region, body, term, session, year, dates}.

    Raises:
        RegistryError: invalid YAML or an entry of the wrong shape (with its line).
    """
    if not path.is_file():
        return {}
    sessions = validate_file(read_yaml(path), SessionsFile).sessions
    return {(s.region, s.body, s.term, s.session): MeetingInfo(s.year, s.dates) for s in sessions}


class PolicyEntry(RegistryModel):
    """What policies.yaml says of one 文号."""

    shape = "包含 title、issuer、date、url 的映射"
    title: OptionalText = None
    issuer: OptionalText = None
    date: OptionalDate = None
    url: OptionalText = None


class PoliciesFile(RegistryFile):
    """registry/policies.yaml."""

    shape = "映射（policies: 下以文号为键的映射）"
    policies: Annotated[dict[Key, PolicyEntry], section(dict, "以文号为键的映射")] = Field(
        default_factory=dict
    )


def _year(value: Any) -> int | None:
    """Four digits (2019 or "2019"); blank is none."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return value
    if isinstance(value, str) and _YEAR_RE.fullmatch(value.strip()):
        return int(value.strip())
    raise expected("四位数字的年份（如 2019）")


class SessionEntry(RegistryModel):
    """One session of sessions.yaml: which, and when it met."""

    shape = "包含 region、body、term、session、year、dates 的映射"
    region: Text
    body: Annotated[Body, BeforeValidator(choice({b.value: b for b in Body}, " 政协 或 人大"))]
    term: Count
    session: Count
    year: Annotated[int | None, BeforeValidator(_year)] = None
    dates: OptionalText = None


class SessionsFile(RegistryFile):
    """registry/sessions.yaml."""

    shape = "映射（sessions: 下的列表）"
    sessions: Annotated[
        tuple[SessionEntry, ...], section(list, "列表，每条有 region、body、term、session")
    ] = ()
