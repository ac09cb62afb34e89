"""The release manifest: a fingerprint of every published reply, and the changes since the last.

`manifest.json` lists each published reply by its address with a hash of its record and text;
given the previous release's manifest, `diff_manifests` tells which replies were added, changed
or withdrawn. `SHA256SUMS` (written after the build) checksums every file of the site.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .display import number_label, reply_session, reply_title
from .errors import RegistryError
from .export import DataFile, json_bytes
from .memo import Memo, digest
from .model import Reply
from .writing import write_if_changed

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"


def reply_fingerprint(reply: Reply) -> str:
    """SHA-256 of what a reader sees of a reply: its record and its text."""
    record = reply.to_record()
    text = "\n".join(block.text or "\t".join(map("|".join, block.rows)) for block in reply.blocks)
    payload = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n" + text
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def build_manifest(catalog: Catalog, memo: Memo | None = None) -> dict[str, Any]:
    """Address → fingerprint and the fields the 更新记录 page shows (with a `memo`, the
    fingerprint of a reply that did not change is not computed again)."""
    replies = {}
    for reply in catalog.replies:
        address = catalog.reply_uris[reply.file].removesuffix("index.md")
        if memo is None:
            fingerprint = reply_fingerprint(reply)
        else:
            key = digest(memo.state(reply))
            fingerprint = memo.value(
                ("sha256", reply.file), key, lambda r=reply: reply_fingerprint(r)
            )
        replies[address] = {
            "sha256": fingerprint,
            "title": reply_title(reply),
            "session": reply_session(reply),
            "number": number_label(reply),
            "department": reply.department,
        }
    return {"format": 1, "replies": replies}


def manifest_file(manifest: dict[str, Any]) -> DataFile:
    """manifest.json."""
    return DataFile(MANIFEST, json_bytes(manifest))


def load_manifest(path: Path) -> dict[str, Any]:
    """Read a previous release's manifest.json.

    Raises:
        RegistryError: the file cannot be read or is not a manifest.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RegistryError(str(path), f"上一版清单无法读取：{exc}") from None
    replies = data.get("replies") if isinstance(data, dict) else None
    if not isinstance(replies, dict):
        raise RegistryError(str(path), "不是本站生成的 manifest.json（缺少 replies）")
    if not all(isinstance(entry, dict) for entry in replies.values()):
        raise RegistryError(str(path), "不是本站生成的 manifest.json（replies 的条目应为映射）")
    return data


@dataclass(frozen=True)
class Changes:
    """Replies added, changed and withdrawn since the previous manifest (addresses, sorted)."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    withdrawn: tuple[str, ...]


def diff_manifests(previous: dict[str, Any], current: dict[str, Any]) -> Changes:
    """Compare two manifests by reply address."""
    old, new = previous["replies"], current["replies"]
    return Changes(
        added=tuple(sorted(set(new) - set(old))),
        changed=tuple(
            sorted(a for a in set(new) & set(old) if new[a]["sha256"] != old[a].get("sha256"))
        ),
        withdrawn=tuple(sorted(set(old) - set(new))),
    )


def write_checksums(site_dir: Path, cache: Path | None = None) -> None:
    """SHA256SUMS of every file of the built site, in `sha256sum -c` format.

    With a `cache` (a JSON file of the build cache), a file whose size and modification time
    are those recorded there keeps its recorded digest: a dirty build reads only what changed.
    """
    known = _read_checksum_cache(cache)
    lines, seen = [], {}
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() and p.name != CHECKSUMS):
        name = path.relative_to(site_dir).as_posix()
        stat = path.stat()
        entry = known.get(name)
        if (
            isinstance(entry, list)
            and entry[:2] == [stat.st_size, stat.st_mtime_ns]
            and len(entry) == 3
        ):
            digest = entry[2]
        else:
            with path.open("rb") as file:
                digest = hashlib.file_digest(file, "sha256").hexdigest()
        seen[name] = [stat.st_size, stat.st_mtime_ns, digest]
        lines.append(f"{digest}  {name}\n")
    write_if_changed(site_dir / CHECKSUMS, "".join(lines).encode("utf-8"))
    if cache is not None:
        write_if_changed(cache, json.dumps(seen, separators=(",", ":")).encode("utf-8"))


def _read_checksum_cache(cache: Path | None) -> dict[str, list[Any]]:
    if cache is None:
        return {}
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
