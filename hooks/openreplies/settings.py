"""Where a site keeps its replies and registry files, and reading the registry folder.

Defaults suit the layout of this repository (`replies/`, `registry/` beside mkdocs.yml); a site
can move them under `extra: openreplies:` in mkdocs.yml, which `check` finds and reads too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, TypeVar

import yaml
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import ConfigurationError

from .disclosure import Decisions, load_decisions
from .errors import RegistryError
from .metadata import Metadata, load_metadata
from .reading.names import NameRegistry, load_names
from .references import MeetingInfo, MeetingKey, PolicyInfo, load_meetings, load_policies
from .registry import most_specific, normalize_path, read_yaml, registry_label
from .registry_models import RegistryFile, RegistryModel, Text, section, validate_file

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
    def from_options(
        cls, base: Path, options: object, *, config_file: Path | None = None
    ) -> Settings:
        """Resolve `extra: openreplies:` (`replies`, `registry`: relative to `base`, the
        mkdocs.yml folder); `config_file` names the file in messages.

        Raises:
            RegistryError: the options are not a mapping, name an unknown key or give a key
                a value of the wrong type (`extra.openreplies.<key>: 应为…，而不是 …`).
        """
        label = str(config_file) if config_file else CONFIG_FILE
        try:
            checked = read_options(options)
        except OptionsError as error:
            raise RegistryError(label, str(error)) from None
        return cls._resolved(base, checked)

    @classmethod
    def from_config_file(cls, config_file: Path) -> Settings:
        """The settings of the site whose mkdocs.yml is `config_file` (`extra: openreplies:`).

        Raises:
            RegistryError: the file cannot be read, is not valid YAML or has invalid options
                (with the line).
        """
        document = read_yaml(config_file, _ConfigLoader)
        data = document.data
        extra = data.get("extra") if isinstance(data, dict) else None
        options = extra.get("openreplies") if isinstance(extra, dict) else None
        try:
            checked = read_options(options)
        except OptionsError as error:
            line = document.line_at(("extra", "openreplies", *error.key))
            raise RegistryError(str(config_file), str(error), line=line) from None
        return cls._resolved(config_file.resolve().parent, checked)

    @classmethod
    def _resolved(cls, base: Path, options: SiteOptions) -> Settings:
        previous = os.environ.get(PREVIOUS_MANIFEST_ENV) or options.previous_manifest
        return cls(
            replies_dir=(base / options.replies).resolve(),
            registry_dir=(base / options.registry).resolve(),
            previous_manifest=(base / previous).resolve() if previous else None,
            offline_zip=(options.offline_zip or "").strip("/") or None,
        )


class SiteOptions(Config):  # type: ignore[no-untyped-call]  # MkDocs types no __init_subclass__
    """`extra: openreplies:` in mkdocs.yml, checked with MkDocs' own config options."""

    replies = c.Type(str, default="replies")
    """The folder of reply documents, relative to mkdocs.yml."""
    registry = c.Type(str, default="registry")
    """The folder of the registry files, relative to mkdocs.yml."""
    offline_zip = c.Optional(c.Type(str))
    """Where in the site to write the offline copy; absent: none."""
    previous_manifest = c.Optional(c.Type(str))
    """The previous release's manifest.json (the environment variable wins)."""


_OPTION_EXPECTED = {
    "replies": "文字（答复文件夹的路径，相对于 mkdocs.yml）",
    "registry": "文字（登记文件夹的路径，相对于 mkdocs.yml）",
    "offline_zip": "文字（离线版 zip 在网站中的路径，如 download/offline.zip）",
    "previous_manifest": "文字（上一版 manifest.json 的路径）",
}


class OptionsError(Exception):
    """`extra: openreplies:` that cannot be used; `key` is the option's place under it."""

    def __init__(self, key: tuple[str, ...], message: str) -> None:
        self.key = key
        super().__init__(".".join(("extra.openreplies", *key)) + ": " + message)


def read_options(options: object) -> SiteOptions:
    """`extra: openreplies:` validated by MkDocs (`Config.validate`), None being all defaults.

    Raises:
        OptionsError: not a mapping, an unknown key, or a value of the wrong type.
    """
    checked = SiteOptions()
    known = "、".join(_OPTION_EXPECTED)
    try:
        checked.load_dict({} if options is None else options)  # type: ignore[arg-type]
    except ConfigurationError:
        raise OptionsError((), f"应为映射（{known}），而不是 {options!r}") from None
    failed, warnings = checked.validate()
    if failed:
        key = failed[0][0]
        given = options.get(key) if isinstance(options, dict) else None
        raise OptionsError((key,), f"应为{_OPTION_EXPECTED[key]}，而不是 {given!r}")
    unknown = [key for key, _ in warnings if key not in _OPTION_EXPECTED]
    if unknown:  # MkDocs only warns of an unknown key: a typo here must not pass unnoticed
        raise OptionsError((unknown[0],), f"未知的设置：只能是 {known}")
    return checked


class _ConfigLoader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' `!!python/name:…` and `!ENV` tags as nothing."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_multi_constructor("", _ignore_tag)


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
    notes = validate_file(read_yaml(path), NotesFile).notes
    return {normalize_path(entry.path): entry.note for entry in notes}


class NoteEntry(RegistryModel):
    """One note of notes.yaml: the file or folder it is shown on, and its text."""

    shape = "包含 path、note 的映射"
    path: Text
    note: Text


class NotesFile(RegistryFile):
    """registry/notes.yaml."""

    shape = "映射（notes: 下的列表）"
    entry_label = "path"
    notes: Annotated[tuple[NoteEntry, ...], section(list, "列表，每条有 path 和 note")] = ()


def note_for(notes: dict[str, str], file: str) -> str | None:
    """The note of the most specific path (a file, or a folder ending with /) covering `file`."""
    return most_specific(notes, file)
