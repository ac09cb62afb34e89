"""Whole builds fed with mangled replies: the build always finishes, and every file that gets
no page is named in the log.

Valid replies are mangled the way files arrive damaged: lines dropped, split or doubled, the
text cut short, full-width punctuation turned half-width. Hypothesis drives in-process builds
(the plain library functions, fast); one real `mkdocs build` runs a fixed mangled corpus.
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openreplies.generate import Options, generate_site
from openreplies.pipeline import load_replies
from openreplies.settings import load_registry
from sitebuild import REPO, build_site, reply_text, write_file

SAMPLES = REPO / "replies" / "示例"
BASES = [
    reply_text(257, "关于推进职业教育产教融合的建议", "一、已经开展的工作\n\n我局会同有关单位推进。"),
    reply_text(12, "关于加强社区养老服务的建议", "正文。", department="宜昌市 教育局", day=9),
    reply_text("2025D048", "关于优化公交线网的建议", "正文。", marking="公开属性：主动公开"),
    *(
        (SAMPLES / name).read_text(encoding="utf-8")
        for name in ("yichang-zx-6-3-101-jiaotong.txt", "yichang-zx-6-3-101-guihua.txt",
                     "yichang-rd-7-2-35.txt")
    ),
]  # fmt: skip
"""Valid replies: the shared template in three shapes, and three of the sample replies."""

HALF_WIDTH = str.maketrans({"：": ":", "，": ",", "（": "(", "）": ")", "。": "."})
OPERATIONS = ("drop", "split", "duplicate", "truncate", "half-width")

Operation = tuple[str, int]
"""A mangling and the number that places it (a line, a position in the text)."""


def mangle(text: str, operations: list[Operation]) -> str:
    """Apply each operation in turn; positions wrap around the text as it is by then."""
    for kind, at in operations:
        lines = text.split("\n")
        line = at % len(lines)
        if kind == "drop":
            del lines[line]
        elif kind == "split":
            cut = at % (len(lines[line]) + 1)
            lines[line : line + 1] = [lines[line][:cut], lines[line][cut:]]
        elif kind == "duplicate":
            lines.insert(line, lines[line])
        elif kind == "truncate":
            lines = text[: at % (len(text) + 1)].split("\n")
        else:
            lines = text.translate(HALF_WIDTH).split("\n")
        text = "\n".join(lines)
    return text


def write_corpus(replies: Path, files: list[tuple[int, list[Operation]]]) -> list[str]:
    """The mangled files m0.txt, m1.txt … of the replies folder; their names."""
    names = []
    for index, (base, operations) in enumerate(files):
        name = f"m{index}.txt"
        write_file(replies, name, mangle(BASES[base], operations))
        names.append(name)
    return names


OPERATION = st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 100_000))
FILES = st.lists(
    st.tuples(st.integers(0, len(BASES) - 1), st.lists(OPERATION, max_size=5)),
    min_size=1,
    max_size=5,
)


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(files=FILES)
def test_mangled_replies_never_stop_an_in_process_build(
    files: list[tuple[int, list[Operation]]],
) -> None:
    """Check that generation finishes on any mangled corpus, that every published reply has
    its page, and that each file without a page is named in a problem."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        names = write_corpus(folder / "replies", files)
        registry, errors = load_registry(folder / "registry")
        assert errors == []
        loaded = load_replies(folder / "replies", registry.names, registry.decisions,
                              registry.metadata)  # fmt: skip
        generated = generate_site(loaded.published, registry, Options(draft=True))
    uris = generated.content.catalog.reply_uris
    assert set(uris.values()) <= {page.uri for page in generated.outputs.pages}
    messages = [p.message for p in loaded.problems] + [d.message for d in generated.dropped]
    for name in names:
        if name not in uris:
            assert any(name in m for m in messages), (name, messages)


def test_a_real_build_of_mangled_replies_finishes_and_names_each_file(tmp_path: Path) -> None:
    """Check a real, non-strict build of a fixed mangled corpus: exit 0, no traceback, every
    file without a page named on a line of the log, every published one with its page."""
    chance = random.Random(2024)
    files = [
        (chance.randrange(len(BASES)),
         [(chance.choice(OPERATIONS), chance.randrange(100_000)) for _ in range(chance.randrange(4))])
        for _ in range(12)
    ]  # fmt: skip
    names = write_corpus(tmp_path / "replies", files)
    site = build_site(tmp_path / "build", tmp_path / "replies")
    assert site.returncode == 0, site.log
    assert "Traceback" not in site.log
    records = json.loads((site.root / "data/replies.json").read_text(encoding="utf-8"))
    published = {record["file"] for record in records}
    assert published and published != set(names), "the corpus should both publish and withhold"
    for record in records:
        assert (site.root / record["url"].split("/", 3)[3] / "index.html").is_file()
    lines = site.log.splitlines()
    for name in set(names) - published:
        assert any(name in line for line in lines), f"{name} not in the log:\n{site.log}"
