"""read → parse → gate: the whole replies folder into records, errors and verdicts.

Both the MkDocs hook and the `check` command call `load_replies`; neither reads or parses
anything itself. Problems come back as data, and the caller decides how to report them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .catalog import proposal_key
from .disclosure import Decisions, Verdict, apply_gate
from .errors import ReplyError
from .model import Reply
from .reading.intake import read_source
from .reading.names import NameRegistry
from .reading.parsing import parse_reply


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


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_replies(root: Path, names: NameRegistry, decisions: Decisions) -> LoadedReplies:
    """Read, parse and judge every file under `root`."""
    loaded = LoadedReplies()
    for path in iter_reply_files(root):
        try:
            reply = read_reply(path, root, names)
        except ReplyError as error:
            loaded.errors.append(error)
            loaded.problems.append(Problem(f"{error}；该文件未发布", warning=True))
            continue
        reply, verdict = apply_gate(reply, decisions)
        loaded.replies.append(reply)
        loaded.verdicts[reply.file] = verdict
        if not verdict.public:
            loaded.problems.append(
                Problem(
                    f"{reply.file}: 不发布：{verdict.reason}",
                    warning=verdict.problem and reply.disclosure is not None,
                )
            )
    _withhold_conflicting_duplicates(loaded)
    return loaded


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
