"""Synthetic replies for the benchmark: varied, about 3,000 characters, in the parser's forms.

`write_replies(folder, count)` writes `count` invented reply files (three header layouts seen in
real replies: the seed's, a 人大 reply with 答复类别, a 政协 reply with its own 文号), every one
marked 公开, deterministic for a given seed. The vocabulary lives in `data/synthetic.yaml`.

The spread is meant to look like a real province's replies, not like independent random draws:

- cited policies come from shared pools, ranked and drawn Zipf-like (weight 1/rank): each
  region's own documents per topic, and the province's per topic, so a few documents are cited
  by hundreds of replies and many by one or two (at 10,000 replies, about 0.5 policy pages a
  reply, the most cited one by several hundred replies);
- proposers are members and deputies drawn Zipf-like from a pool per region, body and term (some
  file many proposals), joint proposals (张三等5位委员, 李四等12名代表), the local committees of the
  parties and 工商联 (民进宜昌市委 → 中国民主促进会).
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .display import chinese_numeral

VOCABULARY = Path(__file__).parent / "data" / "synthetic.yaml"
TARGET_CHARS = 3000
PER_SESSION = 400
"""Proposals numbered per session before the next session starts."""
REGION_POLICIES = 40
"""Documents of one region on one topic, ranked by how often replies cite them."""
PROVINCE_POLICIES = 40
"""Documents of the province on one topic."""
PROVINCE_SHARE = 0.4
"""Citations of a provincial document rather than the region's own."""
MEMBERS = 300
"""Members (or deputies) of one body of one region in one term who file proposals."""
GROUPS = ("民进{r}委", "九三学社{r}委", "农工党{r}委", "民建{r}委", "民盟{r}委", "民革{r}委",
          "致公党{r}委", "{r}工商联")  # fmt: skip
"""Collective proposers as addressee lines write them ({r}: the region, 宜昌市 → 宜昌市)."""


@cache
def _zipf_cumulative(size: int) -> list[float]:
    """Cumulative weights 1/rank for ranks 1..size."""
    return list(itertools.accumulate(1 / rank for rank in range(1, size + 1)))


def zipf_rank(rng: random.Random, size: int) -> int:
    """A rank in 0..size-1, rank r drawn with weight 1/(r+1)."""
    cumulative = _zipf_cumulative(size)
    return min(size - 1, bisect.bisect(cumulative, rng.random() * cumulative[-1]))


@cache
def vocabulary() -> dict[str, Any]:
    """The word lists of `data/synthetic.yaml`."""
    return yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Slot:
    """Where one synthetic reply sits: region, body, session and number."""

    region: str
    cppcc: bool
    term: int
    session: int
    number: int

    @classmethod
    def of(cls, index: int) -> Slot:
        """The index-th reply: regions and bodies interleaved, numbers counted per session."""
        regions = list(vocabulary()["regions"])
        lanes = len(regions) * 2
        lane, rank = index % lanes, index // lanes
        nth_session, number = divmod(rank, PER_SESSION)
        return cls(
            regions[lane // 2], lane % 2 == 0, 6 + nth_session // 5, 1 + nth_session % 5, number + 1
        )


class Writer:
    """Random choices for one reply, from one seeded generator."""

    def __init__(self, rng: random.Random, slot: Slot) -> None:
        self.rng = rng
        self.slot = slot
        self.v = vocabulary()
        self.topic = rng.choice(self.v["topics"])
        self.words = rng.sample(self.topic["words"], 4)

    def person(self) -> str:
        """A two- or three-character name."""
        given = "".join(self.rng.sample(self.v["given"], self.rng.choice((1, 2))))
        return self.rng.choice(self.v["surnames"]) + given

    def member(self) -> str:
        """A member of this reply's body, region and term, drawn Zipf-like from a fixed pool."""
        s = self.slot
        rank = zipf_rank(self.rng, MEMBERS)
        pool = random.Random(f"member:{s.region}:{s.cppcc}:{s.term}:{rank}")
        given = "".join(pool.sample(self.v["given"], pool.choice((1, 2))))
        return pool.choice(self.v["surnames"]) + given

    def proposer_line(self) -> str:
        """The addressee: a member (half), a joint proposal, or (政协) a party or 工商联."""
        s, draw = self.slot, self.rng.random()
        who = "委员" if s.cppcc else "代表"
        if draw < 0.5:
            return f"{self.member()}{who}："
        if draw < 0.75:
            count = self.rng.randint(2, 12)
            return f"{self.member()}等{count}{'位委员' if s.cppcc else '名代表'}："
        if s.cppcc:
            return self.rng.choice(GROUPS).format(r=s.region) + "："
        return f"{self.member()}等{self.rng.randint(10, 30)}名代表："

    def policy(self) -> tuple[str, str]:
        """A cited document (title, 文号): the region's own or the province's, on this reply's
        topic, ranked and drawn Zipf-like, so that the same documents recur across replies."""
        provincial = self.rng.random() < PROVINCE_SHARE
        size = PROVINCE_POLICIES if provincial else REGION_POLICIES
        rank = zipf_rank(self.rng, size)
        issuer = "湖北省" if provincial else self.slot.region
        prefix = "鄂" if provincial else self.v["regions"][issuer]["prefix"]
        topic = self.v["topics"].index(self.topic)
        pool = random.Random(f"policy:{issuer}:{topic}:{rank}")
        words = pool.sample(self.topic["words"], 4)
        year = pool.randint(2016, 2023)
        values = dict(zip(("w1", "w2", "w3", "w4"), words, strict=True), region=issuer)
        title = pool.choice(self.v["policy_titles"]).format(**values)
        kind = pool.choice(self.v["docno_kinds"])
        return title, f"{prefix}{kind}〔{year}〕{topic * size + rank + 1}号"

    def department(self) -> str:
        """Another department of the region (for 会办 and citations)."""
        topic = self.rng.choice(self.v["topics"])
        return self.slot.region + topic["dept"]

    def doc_number(self, year: int) -> str:
        """A 文号 of the region: 宜府发〔2018〕62号."""
        prefix = self.v["regions"][self.slot.region]["prefix"]
        kind = self.rng.choice(self.v["docno_kinds"])
        return f"{prefix}{kind}〔{year}〕{self.rng.randint(1, 150)}号"

    def fill(self, template: str) -> str:
        """A template with its slots filled from this reply's topic and random figures."""
        year = self.rng.randint(2016, 2023)
        w1, w2, w3, w4 = self.words
        values = {
            "w1": w1,
            "w2": w2,
            "w3": w3,
            "w4": w4,
            "year": year,
            "future": year + self.rng.randint(2, 5),
            "n1": self.rng.randint(3, 900),
            "n2": self.rng.randint(2, 300),
            "n3": self.rng.randint(2, 40),
            "money": round(self.rng.uniform(0.5, 30), 1),
            "pct": self.rng.randint(30, 99),
            "pct2": self.rng.randint(90, 100),
            "small": self.rng.randint(2, 20),
            "dept": self.slot.region + self.topic["dept"],
            "dept2": self.department(),
            "region": self.slot.region,
        }
        if "{policy" in template:
            values["policy"], values["docno"] = self.policy()
            values["policy2"], values["docno2"] = self.policy()
        return template.format(**values)

    def paragraph(self) -> str:
        """Four to six sentences."""
        count = self.rng.randint(4, 6)
        return "".join(self.fill(s) for s in self.rng.sample(self.v["sentences"], count))

    def body(self) -> list[str]:
        """Headed sections of paragraphs, about TARGET_CHARS characters in all."""
        lines: list[str] = []
        size = 0
        sections = self.v["headings"]
        for number, heading in enumerate(sections):
            lines.append(heading)
            for sub in self.v["subheadings"][: self.rng.randint(2, 4)]:
                text = self.paragraph()
                lines.append(sub + text if number % 2 else text)
                size += len(text)
                if size > TARGET_CHARS * (number + 1) / len(sections):
                    break
        return lines

    def header(self) -> list[str]:
        """Department, title, category, addressee and opening, in one of three layouts."""
        s = self.slot
        title = f"关于{self.topic['theme']}的{'提案' if s.cppcc else '建议'}"
        dept = s.region + self.topic["dept"]
        t, n = chinese_numeral(s.term), chinese_numeral(s.session)
        category = self.rng.choice("ABCD")
        co = self.department()
        if not s.cppcc:
            return [
                dept,
                f"对{s.region}{t}届人大{n}次会议第{s.number}号建议的答复",
                f"答复类别：{category}类",
                self.proposer_line(),
                f"你们提出的“{title}”收悉。本建议由我局主办，{co}会办。现答复如下：",
            ]
        if s.number % 2:
            return [
                dept.replace(s.region, s.region + " ", 1),
                f"关于政协{s.region}{t}届{n}次会议 第 {s.number} 号提案的答复",
                f"分类：{category}",
                self.proposer_line(),
                f"您们提出的“{title}”的提案收悉，现综合{co}会办意见答复如下：",
            ]
        return [
            dept,
            self.doc_number(2023),
            f"关于对政协{s.region}{t}届{n}次会议第{s.number}号提案的答复",
            f"类别：{category}",
            self.proposer_line(),
            f"您提出的“{title}”的提案收悉。经认真研究，现答复如下：",
        ]

    def footer(self) -> list[str]:
        """Signature, date and the labelled contact fields."""
        region = self.v["regions"][self.slot.region]
        month, day = self.rng.randint(5, 9), self.rng.randint(1, 28)
        return [
            self.slot.region + self.topic["dept"],
            f"2023年{month}月{day}日",
            f"责任领导: {self.person()}",
            f"联系电话: {self.rng.randint(6000000, 8999999)}",
            f"承办人: {self.person()}",
            f"邮政编码: {region['postcode']}",
            "公开情况: 公开",
        ]


def render_reply(index: int, seed: int = 0) -> str:
    """The text of the index-th synthetic reply."""
    writer = Writer(random.Random(f"{seed}:{index}"), Slot.of(index))
    return "\n\n".join([*writer.header(), *writer.body(), *writer.footer()]) + "\n"


def write_replies(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """Write `count` synthetic replies into `folder` (UTF-8 .txt), one sub-folder per 1,000."""
    paths = []
    for index in range(count):
        path = folder / f"{index // 1000:03d}" / f"{index:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_reply(index, seed), encoding="utf-8")
        paths.append(path)
    return paths
