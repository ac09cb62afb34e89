"""Writing build outputs only when their bytes change, and removing the ones a build no longer makes.

An unchanged file keeps its modification time, which is what `mkdocs build --dirty` (and
`mkdocs serve --dirty`) compare to decide what to render again, what a deployment by rsync
uploads, and what the checksum cache trusts. Every writer of the site calls `write_if_changed`:
exports, feeds, manifest, checksums, the generated pages' sources and the search index.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` (folders created) unless the file already holds exactly these
    bytes; True when it was written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    except NotADirectoryError:
        pass
    # A new file beside the old one, then a rename: a reader (mkdocs serve) never sees half a
    # file, and a failed write leaves the old one.
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)
    return True


def remove_except(folder: Path, keep: Iterable[Path]) -> list[Path]:
    """Delete every file under `folder` that is not in `keep`, then the folders left empty.

    Names starting with a dot are left alone at the top of `folder`, as MkDocs' clean build
    leaves them. Returns the files removed, sorted.
    """
    if not folder.is_dir():
        return []
    kept = {os.path.normpath(p) for p in keep}
    removed: list[Path] = []
    for top in sorted(folder.iterdir()):
        if top.name.startswith("."):
            continue
        candidates = [top] if top.is_file() or top.is_symlink() else sorted(top.rglob("*"))
        for path in candidates:
            if (path.is_file() or path.is_symlink()) and os.path.normpath(path) not in kept:
                path.unlink()
                removed.append(path)
        if top.is_dir():
            _remove_empty_folders(top)
    return sorted(removed)


def remove_files(folder: Path, paths: Iterable[Path]) -> list[Path]:
    """Delete these files (all under `folder`) and the folders they leave empty; returns the
    files removed, sorted."""
    removed = sorted(p for p in set(paths) if p.is_file() or p.is_symlink())
    for path in removed:
        path.unlink()
    root = os.path.normpath(folder)
    for parent in sorted({p.parent for p in removed}, key=lambda p: -len(p.parts)):
        while os.path.normpath(parent) != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return removed


def sync_folder(source: Path, target: Path) -> int:
    """Make `target` hold exactly the files of `source`, moving over only those whose bytes
    differ (the others keep their modification time), then delete `source`. Returns the
    files moved."""
    moved = 0
    wanted: set[Path] = set()
    for path in sorted(files_under(source)):
        destination = target / path.relative_to(source)
        wanted.add(destination)
        try:
            same = destination.stat().st_size == path.stat().st_size and (
                destination.read_bytes() == path.read_bytes()
            )
        except FileNotFoundError:
            same = False
        if not same:
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, destination)
            moved += 1
    remove_files(target, files_under(target) - wanted)
    shutil.rmtree(source, ignore_errors=True)
    return moved


def files_under(folder: Path) -> set[Path]:
    """Every file under `folder` (none when it does not exist)."""
    return {p for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else set()


def _remove_empty_folders(folder: Path) -> None:
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(path.iterdir()):
            path.rmdir()
    if not any(folder.iterdir()):
        folder.rmdir()
