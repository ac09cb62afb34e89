"""read → parse → metadata → gate: the whole replies folder into records, errors and verdicts.

Both the MkDocs hook and the `check` command call `load_replies`; neither reads or parses
anything itself. Problems come back as data, and the caller decides how to report them. A reply
the gate lets through but that lacks what a page needs is withheld like any other. A build
passes a `ParseCache`: only the parse itself is cached (by file content and parser version);
metadata.yaml and the gate are applied to every reply on every build.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .catalog import proposal_key
from .disclosure import Decisions, Verdict, apply_gate
from .errors import ReplyError
from .metadata import Metadata
from .model import FIELD_LABELS, Reply
from .parse_cache import ParseCache
from .parse_pool import parse_files
from .reading.intake import MAX_BYTES, SUPPORTED_SUFFIXES, read_source
from .reading.names import NameRegistry
from .reading.parsing import parse_reply
from .registry import unmatched_paths


@dataclass(frozen=True)
class Problem:
    """Something the webmaster should see in the build log."""

    message: str
    """The full message, starting with the file (and line) it concerns."""
    warning: bool
    """True when it must fail `mkdocs build --strict`; False for information."""


@dataclass
class LoadedReplies:
    """The outcome of reading a replies folder."""

    replies: list[Reply] = field(default_factory=list)
    """Every parsed reply, public or not, with `public` set by the gate."""
    errors: list[ReplyError] = field(default_factory=list)
    """Files that could not be read or are not replies."""
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    """The gate's verdict for each parsed file."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def published(self) -> list[Reply]:
        """The replies that may appear in the site."""
        return [r for r in self.replies if r.public]


def iter_reply_files(root: Path) -> Iterator[Path]:
    """Every file under the replies folder in a stable order, hidden files and folders skipped."""
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if path.is_file() and not any(part.startswith(".") for part in parts):
            yield path


def read_reply(path: Path, root: Path, names: NameRegistry) -> Reply:
    """Read and parse one file; whatever goes wrong becomes a `ReplyError` naming the file.

    A bug of ours on an odd file must cost that file its page, never the build.
    """
    try:
        return parse_reply(read_source(path, root), names)
    except ReplyError:
        raise
    except OSError as exc:
        raise ReplyError(_relative(path, root), f"无法读取文件：{exc.strerror or exc}") from None
    except Exception as exc:  # any failure on one file is reported, never raised
        raise ReplyError(
            _relative(path, root), f"读取时出错（{type(exc).__name__}: {exc}），请报告此文件"
        ) from None


def read_outcome(path: Path, root: Path, names: NameRegistry) -> Reply | ReplyError:
    """`read_reply`, its error returned rather than raised."""
    try:
        return read_reply(path, root, names)
    except ReplyError as error:
        return error


def read_all(
    paths: list[Path], root: Path, names: NameRegistry, cache: ParseCache | None = None
) -> list[Reply | ReplyError]:
    """Each file's parse or error, in the order of `paths`: from `cache` where it holds the
    file's current bytes, the others parsed (on both CPUs when there are many) and stored."""
    if cache is None:
        return list(parse_files(paths, root, names))
    outcomes: list[Reply | ReplyError | None] = []
    missing: list[tuple[int, Path, str | None]] = []
    for path in paths:
        key = _cache_key(cache, path, root)
        found = cache.get(key) if key else None
        if found is None:
            missing.append((len(outcomes), path, key))
        outcomes.append(found)
    parsed = parse_files([path for _, path, _ in missing], root, names)
    for (position, _, key), outcome in zip(missing, parsed, strict=True):
        outcomes[position] = cache.put(key, outcome) if key else outcome
    return [outcome for outcome in outcomes if outcome is not None]


def _cache_key(cache: ParseCache, path: Path, root: Path) -> str | None:
    """The cache entry of a file, or None for one the reader rejects before reading it."""
    try:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES or path.stat().st_size > MAX_BYTES:
            return None
        return cache.key(_relative(path, root), path.read_bytes())
    except OSError:
        return None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_replies(
    root: Path,
    names: NameRegistry,
    decisions: Decisions,
    metadata: Metadata | None = None,
    *,
    cache: ParseCache | None = None,
) -> LoadedReplies:
    """Read, parse, complete from `metadata` and judge every file under `root`.

    Paths in the registry may start with the replies folder's own name (replies/2024/); a
    path that matches no file is a warning. With a `cache`, parse results are taken from it
    and stored in it (metadata and the gate are applied afterwards all the same).
    """
    decisions = decisions.rooted(root.name)
    metadata = (metadata if metadata is not None else Metadata()).rooted(root.name)
    paths = list(iter_reply_files(root))
    loaded = LoadedReplies()
    loaded.problems += _unmatched(root, paths, decisions, metadata)
    for outcome in read_all(paths, root, names, cache):
        if isinstance(outcome, ReplyError):
            loaded.errors.append(outcome)
            loaded.problems.append(Problem(f"{outcome}；该文件未发布", warning=True))
            continue
        _judge(loaded, metadata.apply(outcome, names), decisions, metadata)
    _withhold_conflicting_duplicates(loaded)
    return loaded


def _judge(loaded: LoadedReplies, reply: Reply, decisions: Decisions, metadata: Metadata) -> None:
    """Gate one reply, withhold it when it lacks what a page needs, and record the outcome."""
    reply, verdict = apply_gate(reply, decisions)
    if verdict.public and reply.missing_required():
        verdict = Verdict(False, _incomplete_reason(reply, metadata), problem=True)
        reply = replace(reply, public=False)
        loaded.problems.append(Problem(f"{reply.file}: 不发布：{verdict.reason}", warning=True))
    elif not verdict.public:
        loaded.problems.append(
            Problem(
                f"{reply.file}: 不发布：{verdict.reason}",
                warning=verdict.problem and reply.disclosure is not None,
            )
        )
    loaded.replies.append(reply)
    loaded.verdicts[reply.file] = verdict


def _incomplete_reason(reply: Reply, metadata: Metadata) -> str:
    """缺少 次（session）、答复单位（department）：请在 registry/metadata.yaml 中…填写 session、department."""
    missing = reply.missing_required()
    labels = "、".join(f"{FIELD_LABELS[key]}（{key}）" for key in missing)
    return f"缺少 {labels}：请在 {metadata.label} 中为该文件或其所在文件夹填写 {'、'.join(missing)}"


def _unmatched(
    root: Path, paths: list[Path], decisions: Decisions, metadata: Metadata
) -> list[Problem]:
    """A warning for each registry path that matches no file of the replies folder."""
    files = [_relative(path, root) for path in paths]
    messages = unmatched_paths(decisions.label, decisions.path_entries(), files, root.name)
    messages += unmatched_paths(metadata.label, metadata.path_entries(), files, root.name)
    return [Problem(message, warning=True) for message in messages]


def _withhold_conflicting_duplicates(loaded: LoadedReplies) -> None:
    """Two files for one department's reply to one proposal: same text → keep the first;
    different text → publish neither, since nobody can tell which one is right."""
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for index, reply in enumerate(loaded.replies):
        if reply.public:
            groups[(*proposal_key(reply), reply.department)].append(index)
    for indexes in groups.values():
        if len(indexes) < 2:
            continue
        first, *others = (loaded.replies[i] for i in indexes)
        same = all(first.digest == other.digest for other in others)
        drop = indexes[1:] if same else indexes
        for i in drop:
            loaded.replies[i] = replace(loaded.replies[i], public=False)
        files = "、".join(loaded.replies[i].file for i in indexes)
        if same:
            loaded.problems.append(
                Problem(f"{first.file}: 与 {files} 内容相同，只发布第一个", False)
            )
        else:
            loaded.problems.append(
                Problem(
                    f"{first.file}: {files} 都是{first.department}对同一{first.kind}的答复但内容不同，"
                    "均不发布：请删除错误的版本",
                    warning=True,
                )
            )
