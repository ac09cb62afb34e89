"""Where a site keeps its replies and registry files, and reading the registry folder.

Defaults suit the layout of this repository (`replies/`, `registry/` beside mkdocs.yml); a site
can move them under `extra: openreplies:` in mkdocs.yml, which `check` finds and reads too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .disclosure import Decisions, load_decisions
from .errors import RegistryError
from .metadata import Metadata, load_metadata
from .reading.names import NameRegistry, load_names
from .references import MeetingInfo, MeetingKey, PolicyInfo, load_meetings, load_policies
from .registry import load_yaml, most_specific, normalize_path, registry_label

CONFIG_FILE = "mkdocs.yml"
NAMES_FILE = "names.yaml"
DISCLOSURE_FILE = "disclosure.yaml"
METADATA_FILE = "metadata.yaml"
NOTES_FILE = "notes.yaml"
POLICIES_FILE = "policies.yaml"
SESSIONS_FILE = "sessions.yaml"
PREVIOUS_MANIFEST_ENV = "OPENREPLIES_PREVIOUS_MANIFEST"

T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """The folders a build reads."""

    replies_dir: Path
    registry_dir: Path
    previous_manifest: Path | None = None
    """The previous release's manifest.json, for the 更新记录 page (option or environment)."""
    offline_zip: str | None = None
    """Where in the site to write the offline copy (download/offline.zip); None: no copy."""

    @classmethod
    def from_options(cls, base: Path, options: dict[str, Any] | None) -> Settings:
        """Resolve `replies` and `registry` (relative to `base`, the mkdocs.yml folder)."""
        options = options or {}
        previous = os.environ.get(PREVIOUS_MANIFEST_ENV) or options.get("previous_manifest")
        return cls(
            replies_dir=(base / str(options.get("replies", "replies"))).resolve(),
            registry_dir=(base / str(options.get("registry", "registry"))).resolve(),
            previous_manifest=(base / str(previous)).resolve() if previous else None,
            offline_zip=str(options["offline_zip"]).strip("/")
            if options.get("offline_zip")
            else None,
        )

    @classmethod
    def from_config_file(cls, config_file: Path) -> Settings:
        """The settings of the site whose mkdocs.yml is `config_file` (`extra: openreplies:`).

        Raises:
            RegistryError: the file cannot be read or is not valid YAML.
        """
        data = load_yaml(config_file, _ConfigLoader)
        extra = data.get("extra") if isinstance(data, dict) else None
        options = extra.get("openreplies") if isinstance(extra, dict) else None
        return cls.from_options(config_file.resolve().parent, _mapping(options))


class _ConfigLoader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' `!!python/name:…` and `!ENV` tags as nothing."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_multi_constructor("", _ignore_tag)


def _mapping(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def find_config(start: Path) -> Path | None:
    """The nearest mkdocs.yml in `start` or a folder above it, like `mkdocs` looks for it."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class Registry:
    """The webmaster's YAML files, read."""

    names: NameRegistry
    decisions: Decisions
    notes: dict[str, str]
    """A file or folder (ending with /) → a note shown on its pages (示例)."""
    policies: dict[str, PolicyInfo] = field(default_factory=dict)
    """文号 → what the registry knows of the document."""
    meetings: dict[MeetingKey, MeetingInfo] = field(default_factory=dict)
    """Session → its year and meeting dates."""
    metadata: Metadata = field(default_factory=Metadata)
    """Values supplied for files or folders whose text lacks them (metadata.yaml)."""


def load_registry(folder: Path) -> tuple[Registry, list[RegistryError]]:
    """Read the registry files from `folder`; each may be absent.

    A file that cannot be used is reported and replaced by the safe default: built-in names,
    no notes, policies, meetings or metadata, and, for disclosure.yaml, decisions that withhold
    every reply (a broken decisions file must never publish what it would have withheld).
    Ignoring metadata can only withhold more: it never decides publication.
    """
    errors: list[RegistryError] = []

    def read(loader: Callable[[Path], T], name: str, default: T) -> T:
        try:
            return loader(folder / name)
        except RegistryError as error:
            errors.append(error)
            return default

    registry = Registry(
        names=read(lambda p: load_names(p if p.is_file() else None), NAMES_FILE, load_names(None)),
        decisions=read(
            load_decisions, DISCLOSURE_FILE, Decisions(unreadable=str(folder / DISCLOSURE_FILE))
        ),
        notes=read(_notes_raw, NOTES_FILE, {}),
        policies=read(load_policies, POLICIES_FILE, {}),
        meetings=read(load_meetings, SESSIONS_FILE, {}),
        metadata=read(
            load_metadata, METADATA_FILE, Metadata(label=registry_label(folder / METADATA_FILE))
        ),
    )
    return registry, errors


def _notes_raw(path: Path) -> dict[str, str]:
    """The notes file as path prefix → note; resolved per reply file by `note_for`."""
    if not path.is_file():
        return {}
    data = load_yaml(path)
    entries = data.get("notes") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and e.get("path") and e.get("note") for e in entries
    ):
        raise RegistryError(str(path), "应为 `notes:` 下的列表，每条有 path 和 note")
    return {normalize_path(str(e["path"])): str(e["note"]).strip() for e in entries}


def note_for(notes: dict[str, str], file: str) -> str | None:
    """The note of the most specific path (a file, or a folder ending with /) covering `file`."""
    return most_specific(notes, file)
