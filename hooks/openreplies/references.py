"""The webmaster's reference registries: policy documents and session meetings.

`policies.yaml` gives a 文号 its official title, issuer, date and link; `sessions.yaml` gives a
session (届次) its year and meeting dates, shown where a reply carries no date of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import RegistryError
from .model import Body
from .reading.numbers import normalize_doc_number
from .registry import load_yaml


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
    """Read policies.yaml: a mapping of 文号 → title, issuer, date, url (all optional)."""
    if not path.is_file():
        return {}
    data = load_yaml(path) or {}
    entries = data.get("policies") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise RegistryError(str(path), "应为 `policies:` 下以文号为键的映射")
    result: dict[str, PolicyInfo] = {}
    for raw_number, entry in entries.items():
        if not isinstance(entry, dict):
            raise RegistryError(
                str(path), f"{raw_number}: 应为包含 title、issuer、date、url 的映射"
            )
        number = normalize_doc_number(str(raw_number))
        result[number] = PolicyInfo(
            number, _text(entry, "title"), _text(entry, "issuer"), _date(entry), _text(entry, "url")
        )
    return result


def load_meetings(path: Path) -> dict[MeetingKey, MeetingInfo]:
    """Read sessions.yaml: a list of {region, body, term, session, year, dates}."""
    if not path.is_file():
        return {}
    data = load_yaml(path) or {}
    entries = data.get("sessions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise RegistryError(str(path), "应为 `sessions:` 下的列表")
    result: dict[MeetingKey, MeetingInfo] = {}
    for index, entry in enumerate(entries, start=1):
        try:
            key = (
                str(entry["region"]),
                Body(entry["body"]),
                int(entry["term"]),
                int(entry["session"]),
            )
        except (KeyError, TypeError, ValueError):
            raise RegistryError(
                str(path), f"第 {index} 条应有 region、body（政协或人大）、term、session"
            ) from None
        result[key] = MeetingInfo(_year(entry, path, index), _text(entry, "dates"))
    return result


def _year(entry: dict[str, Any], path: Path, index: int) -> int | None:
    """The entry's `year`: four digits (2019), else a RegistryError naming file and entry."""
    year = entry.get("year")
    if year in (None, ""):
        return None
    if isinstance(year, int) and not isinstance(year, bool) and 1000 <= year <= 9999:
        return year
    if isinstance(year, str) and _YEAR_RE.fullmatch(year.strip()):
        return int(year.strip())
    raise RegistryError(
        str(path), f"第 {index} 条的 year 应为四位数字的年份（如 2019），而不是 {year!r}"
    )


def _text(entry: dict[str, Any], key: str) -> str | None:
    value = entry.get(key)
    return str(value).strip() if value not in (None, "") else None


def _date(entry: dict[str, Any]) -> str | None:
    value = entry.get("date")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(entry, "date")
