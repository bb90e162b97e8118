"""The lender mapping: institution names → the platforms (apps) that close their accounts.

The report names the funding institution (管理机构); the user needs the app. ``Matcher`` loads
``mappings/lender_to_platform.csv`` and ``mappings/platforms.csv`` (plus an optional extra CSV
whose rows take precedence), normalises names, and looks them up: exact legal name → alias →
rapidfuzz. It returns ranked candidates, one per platform.

A vocabulary several layers read, so it sits at the bottom beside the model: OCR repair spells a
misread institution name the way the mapping knows it, the judging stages attach platforms
(``judge.platforms``) and count online lenders, the outputs show where to close.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .errors import LenderDataError
from .model import PlatformMatch

LENDER_COLUMNS = ("lender", "aliases", "platform", "lender_type", "online", "weight", "confidence", "source")
# Optional (issue 25): the kind of the pair's strongest source, that source's date, how many sources name the pair.
SOURCE_COLUMNS = ("source_kind", "source_date", "sources")
# Source kinds, strongest first: the lender's own channel, the institution's own partner list, a platform's list or
# agreement, news; ``research`` is the project's earlier hand-made rows (seed tables, lender facts).
SOURCE_KINDS = ("own_channel", "institution_list", "platform_list", "research", "news")
PLATFORM_COLUMNS = ("platform", "action", "steps", "phone", "expected_update", "expected_update_days", "notes",
                    "source", "last_verified")

# Everything after the legal form is a branch or department (分行, 信用卡中心, 银行卡业务部 …).
_LEGAL = re.compile(r"股份有限公司|有限责任公司|股份公司|有限公司|公司")
_BRANCH = re.compile(r"^(.+?银行)(.{0,12}?)(分行|支行|营业部|信用卡中心|个人信贷部|信贷部|卡中心|中心)$")
_BRACKETS = re.compile(r"\([^()]*\)")
# OCR slips first (贷/货, 额/颔, spec §7), then the usual abbreviations.
_ABBREVIATIONS = (("货款", "贷款"), ("颔", "额"), ("小额贷款", "小贷"), ("消费金融", "消金"))
_PLACES = ("内蒙古", "黑龙江", "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "江苏", "浙江", "安徽",
           "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
           "广西", "西藏", "宁夏", "新疆", "深圳", "广州", "杭州", "南京", "武汉", "成都", "西安", "福州", "厦门", "无锡",
           "苏州", "宁波", "温州", "梅州", "吉安", "威海", "前海", "两江新区", "哈尔滨", "珠海", "长沙", "郑州", "济南",
           "青岛", "大连", "沈阳", "长春", "合肥", "南昌", "昆明", "贵阳", "南宁", "海口", "兰州", "西宁", "银川", "乌鲁木齐",
           "呼和浩特", "石家庄", "太原", "佛山", "东莞", "常州", "徐州", "扬州", "绍兴", "台州", "嘉兴", "湖州", "金华", "泉州",
           "漳州", "赣州", "九江", "烟台", "潍坊", "洛阳", "宜昌", "襄阳", "株洲", "桂林", "柳州", "绵阳", "泸州", "遵义")
_PLACE = re.compile("^(?:" + "|".join(_PLACES) + ")(?:省|市|自治区)?")
_GENERIC = re.compile(r"^(?:农村商业|农商|商业|村镇|城市商业)?(?:银行|小贷|消金|信托|担保)$")
# The legal-form tail of a normalised name → (category, tail). Fuzzy matching compares only the distinctive part
# in front of the tail, and only against names of the same category, so 民泰/泰隆, 中原银行/中原消金 never meet.
_KINDS = (("rural_bank", r"(?:农村商业银行|农商银行|农商行|农村合作银行)"), ("village_bank", r"村镇银行"),
          ("bank", r"(?:商业银行|银行|商行)"), ("consumer_finance", r"消金"), ("microcredit", r"(?:网络)?小贷"),
          ("trust", r"(?:国际)?信托(?:投资)?"), ("guarantee", r"(?:融资)?担保(?:集团)?"))
_TAIL = [(kind, re.compile(f"^(.*?){tail}$")) for kind, tail in _KINDS]


def normalize(name: str) -> str:
    """The comparable core of an institution name: widths, spaces, legal form, branch, OCR slips."""
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"\s+", "", text)
    text = _BRACKETS.sub("", text)
    if m := _LEGAL.search(text):
        text = text[: m.start()]
    elif m := _BRANCH.match(text):
        text = m.group(1)
    for long, short in _ABBREVIATIONS:
        text = text.replace(long, short)
    return re.sub(r"[^\w]", "", text)


def without_place(key: str) -> str | None:
    """``key`` without its leading province/city names, when what is left is still specific."""
    rest = key
    while m := _PLACE.match(rest):
        rest = rest[m.end():]
    if rest == key or len(rest) < 3 or _GENERIC.match(rest):
        return None
    return rest


def distinctive(key: str) -> tuple[str, str]:
    """(category, distinctive part) of a normalised name: place, legal form and generic words set aside.

    ``distinctive(normalize("浙江民泰商业银行股份有限公司")) == ("bank", "民泰")``; a name that is only a place
    plus a generic word keeps the place (``"哈尔滨银行"`` → ``("bank", "哈尔滨")``).
    """
    kind, core = "other", key
    for name, pattern in _TAIL:
        if m := pattern.match(key):
            kind, core = name, m.group(1)
            break
    rest = core
    while m := _PLACE.match(rest):
        rest = rest[m.end():]
    return kind, (rest if len(rest) >= 2 else core)


@dataclass(frozen=True, slots=True)
class LenderRow:
    lender: str
    aliases: tuple[str, ...]
    platform: str
    lender_type: str
    online: bool
    weight: float
    confidence: str
    source: str
    source_kind: str = ""
    source_date: str = ""
    sources: int = 1


@dataclass(frozen=True, slots=True)
class Platform:
    platform: str
    action: str
    steps: str
    phone: str
    expected_update: str
    expected_update_days: int | None
    notes: str
    source: str
    last_verified: str


@dataclass(frozen=True, slots=True)
class MatchSettings:
    score_cutoff: float = 85.0  # rapidfuzz ratio below which a name is "unknown"

    def __post_init__(self) -> None:
        if not 0 < self.score_cutoff <= 100:
            raise ValueError("score_cutoff must be in (0, 100]")


def _read_csv(path: Path | str, columns: tuple[str, ...], text: str | None = None) -> list[dict[str, str]]:
    try:
        content = text if text is not None else Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise LenderDataError(f"无法读取映射文件 {Path(path).name}：{e.__class__.__name__}",
                              f"Cannot read mapping file {Path(path).name}: {e.__class__.__name__}") from e
    rows = list(csv.DictReader(content.splitlines()))
    missing = [c for c in columns if rows and c not in rows[0]] or ([] if rows or text else list(columns))
    if missing:
        raise LenderDataError(f"映射文件 {Path(path).name} 缺少列：{', '.join(missing)}",
                              f"Mapping file {Path(path).name} lacks columns: {', '.join(missing)}")
    return rows


def _lender_row(row: dict[str, str]) -> LenderRow:
    try:
        return LenderRow(
            lender=row["lender"].strip(), aliases=tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
            platform=row["platform"].strip(), lender_type=(row.get("lender_type") or "other").strip(),
            online=(row.get("online") or "").strip().lower() in ("yes", "y", "true", "1", "是"),
            weight=float(row.get("weight") or 1.0), confidence=(row.get("confidence") or "").strip(),
            source=(row.get("source") or "").strip(), source_kind=(row.get("source_kind") or "").strip(),
            source_date=(row.get("source_date") or "").strip(), sources=int(row.get("sources") or 1),
        )
    except ValueError as e:
        raise LenderDataError(f"映射行无法读取：{row.get('lender')}", f"Bad mapping row: {row.get('lender')}") from e


def _platform_row(row: dict[str, str]) -> Platform:
    days = (row.get("expected_update_days") or "").strip()
    return Platform(
        platform=row["platform"].strip(), action=(row.get("action") or "").strip(), steps=(row.get("steps") or "").strip(),
        phone=(row.get("phone") or "").strip(), expected_update=(row.get("expected_update") or "").strip(),
        expected_update_days=int(days) if days.isdigit() else None, notes=(row.get("notes") or "").strip(),
        source=(row.get("source") or "").strip(), last_verified=(row.get("last_verified") or "").strip(),
    )


def _bundled(name: str) -> str:
    return resources.files("creditgap.mappings").joinpath(name).read_text(encoding="utf-8-sig")


class Matcher:
    """Lender name → ranked platform candidates. Build once; ``match`` is cheap."""

    def __init__(self, rows: list[LenderRow], platforms: dict[str, Platform], settings: MatchSettings | None = None):
        self.settings = settings or MatchSettings()
        self.platforms = platforms
        self.rows_by_lender: dict[str, list[LenderRow]] = {}
        for row in rows:
            self.rows_by_lender.setdefault(row.lender, []).append(row)
        self.exact: dict[str, str] = {}  # normalised legal name → lender
        self.alias: dict[str, str] = {}  # normalised alias or place-less name → lender
        for lender, lender_rows in self.rows_by_lender.items():
            self.exact.setdefault(normalize(lender), lender)
            for alias in {a for r in lender_rows for a in r.aliases}:
                self.alias.setdefault(normalize(alias), lender)
        placeless: dict[str, set[str]] = {}
        for key, lender in list(self.exact.items()) + list(self.alias.items()):
            if short := without_place(key):
                placeless.setdefault(short, set()).add(lender)
        for short, lenders in placeless.items():
            if len(lenders) == 1 and short not in self.exact:
                self.alias.setdefault(short, next(iter(lenders)))
        self.choices = list(self.exact) + [k for k in self.alias if k not in self.exact]
        cores: dict[tuple[str, str], set[str]] = {}
        for key in self.choices:
            cores.setdefault(distinctive(key), set()).add({**self.alias, **self.exact}[key])
        # distinctive part → lender, per category; a part two lenders share is no evidence and is left out
        self.cores: dict[str, dict[str, str]] = {}
        for (kind, core), owners in cores.items():
            if len(owners) == 1 and core:
                self.cores.setdefault(kind, {})[core] = next(iter(owners))
        self._resolved: dict[str, tuple[str, float, str] | None] = {}
        self.owner = {**self.alias, **self.exact}

    @classmethod
    def load(cls, extra: str | Path | None = None, settings: MatchSettings | None = None) -> Matcher:
        """The bundled mapping, with the rows of ``extra`` (same columns) taking precedence.

        Without ``extra`` and ``settings`` this is the one bundled matcher, built once per process.
        """
        if extra is None and settings is None:
            return default_matcher()
        rows, platforms = list(_bundled_rows()), dict(_bundled_platforms())
        if extra is not None:
            extra_rows = [_lender_row(r) for r in _read_csv(extra, LENDER_COLUMNS[:3])]
            replaced = {r.lender for r in extra_rows}
            rows = extra_rows + [r for r in rows if r.lender not in replaced]
            for row in extra_rows:
                platforms.setdefault(row.platform, Platform(row.platform, "contact", "", "", "", None, "", "extra", ""))
        return cls(rows, platforms, settings)

    def lender_rows(self, lender: str) -> list[LenderRow]:
        return self.rows_by_lender.get(lender, [])

    def resolve(self, name: str) -> tuple[str, float, str] | None:
        """(bundled lender, score 0–100, via) for a printed name, or None when unknown."""
        if name not in self._resolved:  # one report names the same lender many times
            self._resolved[name] = self._resolve(name)
        return self._resolved[name]

    def _resolve(self, name: str) -> tuple[str, float, str] | None:
        key = normalize(name)
        if not key:
            return None
        if key in self.exact:
            return self.exact[key], 100.0, "exact"
        if key in self.alias:
            return self.alias[key], 100.0, "alias"
        short = without_place(key)
        if short and short in self.alias:
            return self.alias[short], 97.0, "alias"
        kind, core = distinctive(key)
        same_kind = self.cores.get(kind, {})
        if core in same_kind:
            return same_kind[core], 95.0, "core"
        if len(core) < 3:  # one character apart in a two-character name is another institution (民泰/泰隆)
            return None
        from rapidfuzz import fuzz, process  # only names no table holds get this far

        best = process.extractOne(core, list(same_kind), scorer=fuzz.ratio, score_cutoff=self.settings.score_cutoff)
        if best is not None:
            return same_kind[best[0]], round(float(best[1]), 1), "fuzzy"
        # One character typed wrong in a name of four or more (京东盛记 for 京东盛际, 招连 for 招联) scores
        # only 75: take it when exactly one known name of the same kind is that one substitution away.
        if len(core) >= 4:
            near = [c for c in same_kind if len(c) == len(core) and sum(a != b for a, b in zip(c, core)) == 1]
            if len(near) == 1:
                return same_kind[near[0]], 90.0, "fuzzy"
        return None

    def platform_lenders(self, name: str) -> list[LenderRow]:
        """The lenders that fund a platform named as the user knows it (微粒贷, 花呗), strongest first."""
        key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
        rows = [r for lender_rows in self.rows_by_lender.values() for r in lender_rows if r.platform == key]
        return sorted(rows, key=lambda r: -r.weight)

    def match(self, name: str) -> tuple[PlatformMatch, ...]:
        """Ranked candidates (best first); () when the lender is unknown."""
        found = self.resolve(name)
        if found is None:
            return ()
        lender, score, via = found
        ranked = sorted(self.lender_rows(lender), key=_rank)
        return tuple(PlatformMatch(r.platform, round(score * r.weight, 1), via) for r in ranked)


def _rank(row: LenderRow) -> tuple[float, int, int]:
    """Candidates' order without the report's evidence: the row's weight (for partner-list rows it
    already says the kind of source and how many: tools/build_partners.py), then the kind of source,
    then how many sources name the pair."""
    kind = SOURCE_KINDS.index(row.source_kind) if row.source_kind in SOURCE_KINDS else len(SOURCE_KINDS)
    return -row.weight, kind, -row.sources


@cache
def _bundled_rows() -> tuple[LenderRow, ...]:
    return tuple(_lender_row(r) for r in _read_csv("lender_to_platform.csv", LENDER_COLUMNS, _bundled("lender_to_platform.csv")))


@cache
def _bundled_platforms() -> dict[str, Platform]:
    rows = _read_csv("platforms.csv", PLATFORM_COLUMNS, _bundled("platforms.csv"))
    return {p.platform: p for p in map(_platform_row, rows)}


@cache
def default_matcher() -> Matcher:
    return Matcher(list(_bundled_rows()), dict(_bundled_platforms()))


def match_lender(name: str, matcher: Matcher | None = None) -> tuple[PlatformMatch, ...]:
    """Platform candidates for a lender name as printed on a report."""
    return (matcher or default_matcher()).match(name)


def is_online(lender: str, matcher: Matcher) -> bool:
    """Whether the mapping knows ``lender`` as one that lends mainly through apps."""
    found = matcher.resolve(lender)
    return bool(found) and any(r.online for r in matcher.lender_rows(found[0]))
