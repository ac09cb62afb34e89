"""Invented replies in the many shapes real ones take, for tests that need a big replies folder.

`generate(count, seed)` plans `count` reply files (both bodies, five cities, several 届次
spellings, padded and full-width numbers, .txt in UTF-8/BOM/GB18030/UTF-16/CRLF and .docx), a
share of them withheld in every way the gate knows, each withheld one carrying a unique sentinel
and a unique title; `write_corpus` writes them and the registry's disclosure decisions.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REGIONS = {"宜昌市": "yichang", "荆州市": "jingzhou", "襄阳市": "xiangyang", "十堰市": "shiyan",
           "黄石市": "huangshi"}  # fmt: skip
"""The cities replies come from, and their address slugs (written out, not computed)."""

SESSIONS = {"政协": ((5, 2), (6, 3), (14, 2)), "人大": ((6, 3), (7, 1), (18, 4))}
"""(届, 次) per body; every city has all three of each."""

DEPARTMENTS = (
    ("教育局", "教育局"), ("发展和改革委员会", "发改委"), ("财政局", "财政局"),
    ("民政局", "民政局"), ("住房和城乡建设局", "住建局"), ("交通运输局", "交通局"),
    ("文化和旅游局", "文旅局"), ("卫生健康委员会", "卫健委"), ("市场监督管理局", "市场监管局"),
    ("人力资源和社会保障局", "人社局"), ("农业农村局", "农业农村局"), ("生态环境局", "生态环境局"),
    ("城市管理局", "城管局"), ("医疗保障局", "医保局"), ("科学技术局", "科技局"),
)  # fmt: skip
"""(full name without the place, a short form replies use)."""

PARTIES = (("中国民主促进会", "民进"), ("中国民主同盟", "民盟"), ("中国民主建国会", "民建"),
           ("中国农工民主党", "农工党"), ("九三学社", "九三学社"))  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("建国", "秀兰", "海燕", "卫东", "志强", "丽华", "国庆", "晓明", "红梅", "文博", "玉林",
         "振华", "春燕", "德明", "桂英")  # fmt: skip

VERBS = (
    "加强",
    "推进",
    "完善",
    "加快",
    "优化",
    "支持",
    "规范",
    "提升",
    "健全",
    "促进",
    "深化",
    "扩大",
)
PLACES = ("城区", "乡村", "社区", "园区", "校园", "景区", "港区", "山区", "老城区", "新城", "库区")
OBJECTS = ("停车设施建设", "养老服务供给", "垃圾分类处理", "公共交通接驳", "中小学课后服务",
           "农产品冷链物流", "医疗急救网络", "文物保护利用", "河道生态治理", "夜间经济发展",
           "电动车充电设施", "职业技能培训", "食品安全监管", "老旧小区改造", "便民市场管理",
           "体育场地开放", "数字政务服务", "小微企业融资", "旅游厕所建设", "防汛排涝设施")  # fmt: skip
AIMS = ("工作", "体系", "机制", "能力", "水平", "保障")

SENTENCES = (
    "我们对这一{kind}高度重视，组织专门力量进行了认真研究。",
    "近年来，我市围绕这项工作出台了一系列措施，取得了阶段性成效。",
    "全市已累计投入资金{money}万元，完成项目{count}个，惠及群众约{people}万人。",
    "下一步，我们将会同有关部门加强统筹协调，细化工作措施，确保各项任务落到实处。",
    "目前仍存在资金保障不足、基层力量薄弱等问题，需要在今后工作中逐步解决。",
    "我们将把{kind}中的意见建议吸收到年度工作计划中，分步推进、逐项落实。",
    "{year}年以来，共组织专项检查{count}次，发现并整改问题{people}个。",
    "感谢您对我市经济社会发展的关心和支持，欢迎继续提出宝贵意见。",
)
HEADINGS = ("一、基本情况", "二、主要做法", "三、存在的问题", "四、下一步工作打算")

PUBLIC_MARKINGS = ("公开情况：公开", "公开属性：主动公开", "是否同意公开【主动公开】", "同意公开",
                   "公开方式：主动公开", "是否公开：是", "公 开 情 况：公开")  # fmt: skip
WITHHELD_MARKINGS = ("公开属性：不予公开", "公开方式：依申请公开", "公开情况：部分公开",
                     "公开情况：不公开", "是否同意公开【不同意公开】", "公开情况：主动公幵",
                     "是否公开：否")  # fmt: skip
CONFLICTING = "公开情况：公开\n公开属性：依申请公开"

UNMARKED_FOLDER = "未标注/"
"""Files without a marking go here; disclosure.yaml makes the folder 主动公开."""

FORMATS = ("utf-8", "utf-8", "utf-8", "utf-8-sig", "gb18030", "gb18030", "crlf", "utf-16", "docx")
CATEGORY_FORMS = {"A": ("分类：A", "答复类别：A类", "办理结果：甲类"), "B": ("答复类别：B类", "类别：B",
                  "答复类别：乙类"), "C": ("分类：C", "类别：【C】"), "D": ("分类标识【D】",),
                  None: ("",)}  # fmt: skip
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_NUMERALS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """5 → 五, 14 → 十四, 18 → 十八 (届 and 次 are small)."""
    if n < 10:
        return _NUMERALS[n]
    return ("" if n < 20 else _NUMERALS[n // 10]) + "十" + (_NUMERALS[n % 10] if n % 10 else "")


@dataclass(frozen=True)
class Policy:
    """A policy document replies cite by title and 文号."""

    title: str
    code: str
    year: int
    serial: int

    @property
    def doc_number(self) -> str:
        """The 文号 as the site normalises it: 宜府发〔2018〕62号."""
        return f"{self.code}〔{self.year}〕{self.serial}号"

    def cited(self, rng: random.Random) -> str:
        """The citation as a department might type it, in one of many bracket styles."""
        year, serial = str(self.year), str(self.serial)
        if rng.random() < 0.15:
            year, serial = year.translate(_FULL_WIDTH), serial.translate(_FULL_WIDTH)
        left, right = rng.choice((("〔", "〕"), ("[", "]"), ("【", "】"), ("(", ")"), ("（", "）")))
        number = f"{self.code}{left}{year}{right}{'第' if rng.random() < 0.2 else ''}{serial}号"
        outer = rng.choice((("（", "）"), ("(", ")")))
        return f"《{self.title}》{outer[0]}{number}{outer[1]}"


@dataclass
class Reply:
    """One planned reply file and what the site must make of it."""

    index: int
    region: str
    body: str
    term: int
    session: int
    number: int
    department: str
    """Full name without the place (教育局)."""
    short: str
    title: str
    category: str | None
    role: str | None
    """lead, co or None."""
    co_with: str | None
    """The other department of a two-department proposal (short name)."""
    proposer: str
    fmt: str
    policies: tuple[Policy, ...]
    marking: str | None
    """The disclosure lines written in the file, None for none."""
    public: bool
    """What the gate must decide."""
    folder: str
    sentinel: str = ""
    """ZXLEAK0001QX in a withheld reply, ZXSHOWN0002QX in a public one."""
    seed: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def proposer_canonical(self) -> str:
        """The proposer's one name across files: a party's national name, else the first person."""
        for full, short in PARTIES:
            if self.proposer in (full, f"{short}{self.region}委"):
                return full
        return self.proposer[:3]

    @property
    def kind(self) -> str:
        """提案 for 政协, 建议 for 人大."""
        return "提案" if self.body == "政协" else "建议"

    @property
    def key(self) -> tuple[str, str, int, int, int]:
        """The proposal this reply answers."""
        return (self.region, self.body, self.term, self.session, self.number)

    @property
    def proposal_url(self) -> str:
        """yichang/zx/6-3/257/."""
        return f"{session_url(self.region, self.body, self.term, self.session)}{self.number}/"

    @property
    def file(self) -> str:
        """Its path under the replies folder."""
        suffix = ".docx" if self.fmt == "docx" else ".txt"
        return f"{self.folder}{REGIONS[self.region]}-{self.index:04d}{suffix}"

    @property
    def full_department(self) -> str:
        """宜昌市教育局."""
        return self.region + self.department


def session_url(region: str, body: str, term: int, session: int) -> str:
    """yichang/zx/6-3/."""
    return f"{REGIONS[region]}/{'zx' if body == '政协' else 'rd'}/{term}-{session}/"


@dataclass
class Corpus:
    """The planned replies and the decisions the registry must record for them."""

    replies: list[Reply]
    decisions: list[dict[str, str]]

    @property
    def public(self) -> list[Reply]:
        """The replies the site must publish."""
        return [r for r in self.replies if r.public]

    @property
    def withheld(self) -> list[Reply]:
        """The replies that must appear nowhere."""
        return [r for r in self.replies if not r.public]

    def withheld_only_proposals(self) -> list[Reply]:
        """One reply per proposal none of whose replies is public."""
        public_keys = {r.key for r in self.public}
        found: dict[tuple[str, str, int, int, int], Reply] = {}
        for reply in self.withheld:
            if reply.key not in public_keys:
                found.setdefault(reply.key, reply)
        return list(found.values())

    def public_counts(self) -> Counter[str]:
        """Published replies per session URL."""
        return Counter(session_url(*r.key[:4]) for r in self.public)


def generate(count: int, seed: int = 5) -> Corpus:
    """Plan `count` replies; about a quarter withheld, one in ten answered by two departments."""
    rng = random.Random(seed)
    policies = _policies(rng)
    titles: set[str] = set()
    numbers: dict[tuple[str, str, int, int], int] = Counter()
    replies: list[Reply] = []
    decisions: list[dict[str, str]] = [_decision(UNMARKED_FOLDER, "主动公开")]
    while len(replies) < count:
        region, body = rng.choice(list(REGIONS)), rng.choice(("政协", "人大"))
        term, session = rng.choice(SESSIONS[body])
        numbers[(region, body, term, session)] += rng.randint(1, 4)
        number = numbers[(region, body, term, session)]
        pair = rng.random() < 0.1 and len(replies) + 2 <= count
        departments = rng.sample(DEPARTMENTS, 2 if pair else 1)
        title = _title(rng, titles)
        proposer = _proposer(rng, body, region)
        for position, (department, short) in enumerate(departments):
            role = ("lead" if position == 0 else "co") if pair else rng.choice(("lead", None))
            co_with = departments[1 - position][1] if pair else None
            reply = Reply(
                index=len(replies), region=region, body=body, term=term, session=session,
                number=number, department=department, short=short, title=title,
                category=rng.choice(("A", "A", "B", "B", "C", "D", None)) if role != "co" else None,
                role=role, co_with=co_with, proposer=proposer, fmt=rng.choice(FORMATS),
                policies=tuple(rng.sample(policies[region], rng.choice((0, 1, 1, 2)))),
                marking=None, public=True, folder=f"{region}/{body}/", seed=rng.randrange(10**9),
            )  # fmt: skip
            _disclose(reply, rng, decisions)
            replies.append(reply)
        if pair and replies[-1].public != replies[-2].public:
            # A withheld reply's title must be its own: the public member keeps the shared one.
            withheld = replies[-1] if replies[-2].public else replies[-2]
            withheld.title = _title(rng, titles)
    for reply in replies:
        # Withheld replies carry a sentinel that must appear nowhere; public ones a marker that
        # must be found, which proves the scan reads every kind of output.
        reply.sentinel = f"ZX{'SHOWN' if reply.public else 'LEAK'}{reply.index:04d}QX"
        reply.lines = render(reply)
    corpus = Corpus(replies, decisions)
    _check_markers_unique(corpus)
    return corpus


def _disclose(reply: Reply, rng: random.Random, decisions: list[dict[str, str]]) -> None:
    """Choose how the file is marked; a quarter of the replies end up withheld."""
    roll = rng.random()
    if roll < 0.62:
        reply.marking = rng.choice(PUBLIC_MARKINGS)
    elif roll < 0.75:
        reply.folder = UNMARKED_FOLDER + reply.folder  # no marking: the folder decision publishes
    elif roll < 0.88:
        reply.marking, reply.public = rng.choice(WITHHELD_MARKINGS), False
    elif roll < 0.91:
        reply.marking, reply.public = CONFLICTING, False
    elif roll < 0.94:
        reply.public = False  # no marking and no decision
    elif roll < 0.97:
        # Marked public, but the recorded decision says 不予公开: the contradiction withholds.
        reply.marking, reply.public = rng.choice(PUBLIC_MARKINGS), False
        decisions.append(_decision(reply.file, "不予公开"))
    else:
        # No marking inside the 主动公开 folder, but a decision of its own withholds it.
        reply.folder, reply.public = UNMARKED_FOLDER + reply.folder, False
        decisions.append(_decision(reply.file, "不予公开"))


def _decision(path: str, decision: str) -> dict[str, str]:
    return {"path": path, "decision": decision, "by": "市政府办公室（测试）", "date": "2024-07-01"}


def _policies(rng: random.Random) -> dict[str, list[Policy]]:
    """Six policies per city, each with a 文号 of the city's government or offices."""
    codes = {
        "宜昌市": "宜府",
        "荆州市": "荆政",
        "襄阳市": "襄政",
        "十堰市": "十政",
        "黄石市": "黄政",
    }
    found: dict[str, list[Policy]] = {}
    for region, code in codes.items():
        found[region] = [
            Policy(f"{region}关于{rng.choice(VERBS)}{obj}的实施意见",
                   code + rng.choice(("发", "办发", "函")), rng.randint(2016, 2023), serial)
            for serial, obj in zip(range(11, 17), rng.sample(OBJECTS, 6), strict=True)
        ]  # fmt: skip
    return found


def _title(rng: random.Random, taken: set[str]) -> str:
    for _ in range(1000):
        place = rng.choice(PLACES)
        title = f"关于{rng.choice(VERBS)}{place}{rng.choice(OBJECTS)}{rng.choice(AIMS)}的建议"
        if title not in taken:
            taken.add(title)
            return title
    raise RuntimeError("ran out of distinct titles")


def _proposer(rng: random.Random, body: str, region: str) -> str:
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    member = "委员" if body == "政协" else "代表"
    if body == "政协" and rng.random() < 0.3:
        full, short = rng.choice(PARTIES)
        return rng.choice((full, f"{short}{region}委"))
    return rng.choice((f"{name}{member}", f"{name}等{rng.randint(2, 9)}位{member}",
                       f"{name}等{rng.randint(2, 9)}名{member}"))  # fmt: skip


def number_text(number: int, rng: random.Random) -> str:
    """第 257 号, 第0257号, 第２５７号 or 第257号."""
    written = rng.choice((f"{number}", f" {number} ", f"{number:04d}", f"{number:03d}",
                          str(number).translate(_FULL_WIDTH)))  # fmt: skip
    return f"第{written}号"


def title_lines(reply: Reply, rng: random.Random) -> list[str]:
    """The reply's own title in one of the 届次 spellings of FORMATS.md §2, maybe on two lines."""
    t, s, place, kind = chinese(reply.term), chinese(reply.session), reply.region, reply.kind
    number = number_text(reply.number, rng)
    if reply.body == "政协":
        session = rng.choice((f"政协{place}{t}届{s}次会议", f"政协{place}第{t}届委员会第{s}次会议",
                              f"市政协{t}届{s}次会议", f"{place}政协{t}届第{s}次会议"))  # fmt: skip
    else:
        session = rng.choice((f"市{t}届人大{s}次会议", f"{place}第{t}届人民代表大会第{s}次会议",
                              f"{place}{t}届人大{s}次会议", f"市第{t}届人民代表大会第{s}次会议"))  # fmt: skip
    opening = rng.choice(("关于", "对", "关于对"))
    ending = "会办意见" if reply.role == "co" and rng.random() < 0.3 else "的答复"
    if rng.random() < 0.25:
        return [f"{opening}{session}", f"{number}{kind}{ending}"]
    return [f"{opening}{session}{number}{kind}{ending}"]


def render(reply: Reply) -> list[str]:
    """The reply file's lines (without line endings)."""
    rng = random.Random(reply.seed)
    department = rng.choice((f"{reply.region} {reply.department}", reply.full_department,
                             f"{reply.region}{reply.short}"))  # fmt: skip
    lines = [department, ""]
    if rng.random() < 0.3:
        code = {"教育局": "教", "财政局": "财"}.get(reply.department, "办")
        lines += [f"{reply.region[:1]}{code}函〔2023〕{rng.randint(1, 300)}号", ""]
    lines += [*title_lines(reply, rng), ""]
    category = rng.choice(CATEGORY_FORMS[reply.category])
    if category:
        lines += [category, ""]
    lines += [f"{reply.proposer}：", "", _opening(reply, rng), ""]
    lines += _body(reply, rng)
    lines += ["", reply.full_department, f"2023年{rng.randint(5, 8)}月{rng.randint(1, 28)}日", ""]
    lines += [f"责任领导：{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
              f"承办人：{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
              f"联系电话：{rng.randint(6000000, 6999999)}", "邮政编码：443000"]  # fmt: skip
    if reply.marking:
        lines += reply.marking.split("\n")
    return lines


def _opening(reply: Reply, rng: random.Random) -> str:
    you = rng.choice(("你们", "您"))
    quoted = rng.choice((f"“{reply.title}”", f"《{reply.title}》"))
    tail = f"的{reply.kind}" if reply.kind == "提案" else ""
    if reply.role == "co":
        unit = "我局" if reply.department.endswith("局") else "我委"
        how = f"该{reply.kind}由市{reply.co_with}主办，{unit}为会办单位。现将有关情况答复如下："
    elif reply.role == "lead" and reply.co_with:
        how = f"现综合市{reply.co_with}会办意见答复如下："
    elif reply.role == "lead":
        how = "现综合市财政局会办意见答复如下："
    else:
        how = "现答复如下："
    return f"{you}提出的{quoted}{tail}收悉。{how}"


def _body(reply: Reply, rng: random.Random) -> list[str]:
    lines: list[str] = []
    citations = [p.cited(rng) for p in reply.policies]
    for heading in rng.sample(HEADINGS, rng.randint(2, 3)):
        lines += [heading, ""]
        sentences = [_sentence(reply, rng) for _ in range(rng.randint(2, 4))]
        if citations:
            sentences.insert(1, f"我们认真落实{citations.pop()}的要求，逐项推进相关工作。")
        lines += ["".join(sentences), ""]
    if reply.sentinel:
        lines.insert(rng.randrange(2, len(lines)), f"情况说明：{reply.sentinel}另行处理。")
    return lines


def _sentence(reply: Reply, rng: random.Random) -> str:
    return rng.choice(SENTENCES).format(
        kind=reply.kind, money=rng.randint(100, 9000), count=rng.randint(3, 90),
        people=rng.randint(1, 60), year=rng.randint(2019, 2023),
    )  # fmt: skip


def _check_markers_unique(corpus: Corpus) -> None:
    """A withheld title must not occur in any public reply, or the leak scan proves nothing."""
    public_text = "\n".join("\n".join(r.lines) for r in corpus.public)
    clashes = [r.title for r in corpus.withheld if r.title in public_text]
    if clashes:
        raise AssertionError(f"withheld titles shared with public replies: {clashes[:3]}")


def write_corpus(corpus: Corpus, replies: Path, registry: Path) -> None:
    """Write every reply file in its format, and registry/disclosure.yaml."""
    for reply in corpus.replies:
        write_reply(reply, replies / reply.file)
    registry.mkdir(parents=True, exist_ok=True)
    decisions = yaml.safe_dump({"decisions": corpus.decisions}, allow_unicode=True)
    (registry / "disclosure.yaml").write_text(decisions, encoding="utf-8")


def write_reply(reply: Reply, path: Path) -> None:
    """One file: .txt in its encoding and line ending, or a .docx of one paragraph a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if reply.fmt == "docx":
        _write_docx(reply.lines, path)
        return
    newline = "\r\n" if reply.fmt == "crlf" else "\n"
    encoding = "utf-8" if reply.fmt == "crlf" else reply.fmt
    path.write_bytes((newline.join(reply.lines) + newline).encode(encoding))


def _write_docx(lines: Iterable[str], path: Path) -> None:
    import docx

    document = docx.Document()
    for line in lines:
        if line:
            document.add_paragraph(line)
    document.save(str(path))
