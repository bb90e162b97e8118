"""The typed report model: the records every layer hands on.

Frozen dataclasses; money is int yuan; ``None`` means "not in the report" (a printed ``--``
included), never 0. ``to_json`` gives contract.md's ``analyze`` JSON (schema_version 1): the
record's own form. The check-up's records are in ``figures``; this module imports nothing else
of the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .figures import Readiness

SCHEMA_VERSION = 1


class Family(StrEnum):
    """Account family; the order is the report's own section order (被追偿 first)."""

    RECOVERED = "recovered"  # 被追偿信息: 资产处置, 垫款 (C1)
    LOAN = "loan"  # 非循环贷账户 (D1)
    REVOLVING_SUB = "revolving_sub"  # 循环贷账户一 / 循环额度下分账户 (R4)
    REVOLVING = "revolving"  # 循环贷账户二 / 循环贷账户 (R1); 简版 授信 sentences
    CREDIT_CARD = "credit_card"  # 贷记卡 (R2)
    SEMI_CREDIT_CARD = "semi_credit_card"  # 准贷记卡 (R3)


FAMILY_ORDER = tuple(Family)
CARD_FAMILIES = (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD)


class Status(StrEnum):
    NORMAL = "normal"
    OVERDUE = "overdue"
    SETTLED = "settled"
    CLOSED = "closed"
    TRANSFERRED = "transferred"
    BAD_DEBT = "bad_debt"
    INACTIVE = "inactive"
    FROZEN = "frozen"
    STOPPED = "stopped"
    OTHER = "other"


CLOSED_STATUSES = frozenset({Status.SETTLED, Status.CLOSED, Status.TRANSFERRED})


@dataclass(frozen=True, slots=True)
class PlatformMatch:
    platform: str
    score: float
    via: str  # exact | alias | fuzzy
    # What the report itself says for this platform (judge.platforms.rank_by_evidence), one sentence each in the
    # --lang language, e.g. "同日有重庆美团三快小额贷款有限公司的贷款审批查询"; () when it says nothing.
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Where:
    """Where a record is printed: its 1-based page and the box covering its row(s) or sentence(s),
    (x0, top, x1, bottom) in PDF points from the page's top-left, from the reader's own geometry."""

    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Account:
    ref: str
    family: Family
    lender: str
    opened: date | None
    due: date | None = None
    amount: int | None = None
    credit_limit: int | None = None
    # 共享授信额度 (详版 cards): the limit this account shares with others, e.g. the 人民币 and 美元
    # accounts of one dual-currency card; 0 where it shares none, None where not printed.
    shared_limit: int | None = None
    currency: str = "CNY"
    business_type: str | None = None
    status: Status = Status.NORMAL
    status_raw: str | None = None
    five_class: str | None = None  # 五级分类 as printed (详版 loans: 正常, 关注, 次级, 可疑, 损失); None where not printed
    balance: int | None = None
    used: int | None = None
    as_of: str | None = None  # YYYY-MM-DD or YYYY-MM, as printed
    closed_on: str | None = None  # YYYY-MM-DD or YYYY-MM
    account_id: str | None = None
    agreement_id: str | None = None
    card_tail: str | None = None
    overdue_months_5y: int | None = None
    page: int | None = None
    where: Where | None = None
    platforms: tuple[PlatformMatch, ...] = ()
    ocr_doubt: bool = False  # read by OCR, and some value of it is doubtful (repaired, bad format, low score)
    doubts: tuple[str, ...] = ()  # the fields read with doubt ("lender", "balance"); in the JSON of OCR reads only

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES


@dataclass(frozen=True, slots=True)
class Agreement:
    """授信协议: a credit agreement (详版 only)."""

    ref: str
    lender: str
    agreement_id: str | None
    effective: date | None
    expires: date | None  # None for 长期
    purpose: str | None
    limit: int | None
    cap: int | None = None  # 授信限额
    used: int | None = None
    currency: str = "CNY"
    page: int | None = None
    where: Where | None = None
    platforms: tuple[PlatformMatch, ...] = ()
    ocr_doubt: bool = False
    doubts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Liability:
    """相关还款责任 / 为他人担保: someone else's debt the subject answers for. Not an account of the
    subject (never counted or closed here), kept because lenders weigh it. The other party's name
    and ID number are not kept."""

    ref: str
    lender: str
    opened: date | None
    for_whom: str  # 个人 | 企业
    role: str | None  # 责任人类型: 保证人, 共同借款人 …
    amount: int | None  # 相关还款责任金额 / 担保金额
    balance: int | None
    as_of: str | None
    page: int | None = None
    where: Where | None = None
    ocr_doubt: bool = False
    doubts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Inquiry:
    date: date
    institution: str
    reason: str


@dataclass(frozen=True, slots=True)
class Check:
    level: str  # warning | error
    code: str
    message: str  # Chinese, as shown by default
    message_en: str = ""  # shown with --lang en; not part of the JSON key set


@dataclass(frozen=True, slots=True)
class DebtSummary:
    """One row of 信贷交易授信及负债信息概要 (open accounts only), or of 简版 信息概要."""

    institutions: int | None = None
    accounts: int | None = None
    open_accounts: int | None = None
    credit_total: int | None = None
    balance: int | None = None
    overdue_accounts: int | None = None  # 简版: 发生过逾期的账户数
    overdue_90_accounts: int | None = None  # 简版: 发生过90天以上逾期的账户数


@dataclass(frozen=True, slots=True)
class CountSummary:
    """A row of a 详版 信息概要 table that counts accounts and their balance (被追偿信息汇总, 呆账信息汇总)."""

    accounts: int | None = None
    balance: int | None = None


@dataclass(frozen=True, slots=True)
class OverdueSummary:
    """A row of 逾期（透支）信息汇总 (详版): accounts with overdue months in the last 5 years."""

    accounts: int | None = None
    months: int | None = None  # 月份数
    max_amount: int | None = None  # 单月最高逾期/透支总额
    max_months: int | None = None  # 最长逾期/透支月数


@dataclass(frozen=True, slots=True)
class Summary:
    """The report's own counts, used to check that nothing was lost while parsing.

    ``debt`` maps a Family (详版) or a 简版 信息概要 column name to its figures;
    ``account_total`` is 信贷交易信息提示 合计 (详版), and nothing else: each summary table's own
    合计 stays with its table (spec §7.4).
    """

    debt: dict[str, DebtSummary] = field(default_factory=dict)
    account_total: int | None = None
    no_credit_history: bool = False  # the report says 系统中没有您的信贷交易记录 (or its 1st-generation form)
    # 详版 信息概要, each table by its own labels (spec §3.4):
    # 信贷交易信息提示 rows by their printed 业务类型 (个人住房贷款, 贷记卡, …; 合计 is account_total);
    tip: dict[str, int | None] = field(default_factory=dict)
    # 被追偿信息汇总: "asset_disposal" (资产处置业务), "advance" (垫款业务), "total" (合计);
    recovered: dict[str, CountSummary] = field(default_factory=dict)
    bad_debt: CountSummary | None = None  # 呆账信息汇总
    overdue: dict[str, OverdueSummary] = field(default_factory=dict)  # 逾期（透支）信息汇总 by Family


@dataclass(frozen=True, slots=True)
class Header:
    layout: str  # detailed | simplified
    generation: int
    report_no: str | None
    report_time: datetime | None
    subject_name: str | None
    subject_id: str | None


@dataclass(frozen=True, slots=True)
class Source:
    file: str
    pages: int
    sha256: str
    ocr_pages: tuple[int, ...] = ()  # 1-based pages read by OCR (no text layer, or --ocr)


@dataclass(frozen=True, slots=True)
class TodoItem:
    id: int
    platform: str | None
    lender: str
    accounts: tuple[str, ...]
    agreements: tuple[str, ...]
    action: str
    reason: str
    credit_limit: int | None
    steps: str | None
    phone: str | None
    expected_update: str | None
    expected_update_days: int | None
    confidence: float


@dataclass(frozen=True, slots=True)
class Impact:
    open_accounts_before: int
    open_accounts_after: int
    open_credit_limit_before: int
    open_credit_limit_after: int
    lenders_before: int
    lenders_after: int


@dataclass(frozen=True, slots=True)
class Report:
    header: Header
    accounts: tuple[Account, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    inquiries: tuple[Inquiry, ...] = ()
    liabilities: tuple[Liability, ...] = ()
    summary: Summary = field(default_factory=Summary)
    checks: tuple[Check, ...] = ()
    source: Source | None = None
    todo: tuple[TodoItem, ...] = ()
    impact: Impact | None = None
    readiness: Readiness | None = None  # judge.readiness.assess, after the closure rules
    # OCR reads: the values outside accounts, agreements and liabilities read with doubt, each by
    # its place in the JSON ("report.subject_id", "inquiries[4].reason", "summary.account_total"),
    # and how many doubtful fragments fed no field at all (counted, never listed)
    doubts: tuple[str, ...] = ()
    unattributed_doubts: int = 0

    def with_checks(self, *extra: Check) -> Report:
        return replace(self, checks=self.checks + tuple(extra))

    @property
    def complete(self) -> bool:
        """False when any ``error`` check says part of the report was not read: no conclusion
        ("nothing to close", "closure confirmed") may rest on such a reading."""
        return not any(c.level == "error" for c in self.checks)


@dataclass(frozen=True, slots=True)
class FileResult:
    """One file of a batch: its analysed report, or the error it gave (code and both messages)."""

    path: Path
    report: Report | None
    exit_code: int = 0
    error_zh: str = ""
    error_en: str = ""


# --- serialisation -----------------------------------------------------------------------


def mask_name(name: str | None) -> str | None:
    if not name:
        return name
    return name[0] + "*" * (len(name) - 1)


def mask_id(number: str | None) -> str | None:
    """Keep the first 4 and last 4 characters of an ID number (a masked one stays masked)."""
    if not number or len(number) <= 8:
        return number
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, Where):  # a tenth of a point: enough to crop, stable across runs
        return {"page": value.page, "box": [round(v, 1) for v in value.box]}
    if isinstance(value, tuple | list):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _value(getattr(value, f.name)) for f in fields(value)}
    return value


def account_json(account: Account) -> dict[str, Any]:
    data = _value(account)
    data["is_open"] = account.is_open
    return data


def check_json(check: Check, lang: str = "zh") -> dict[str, Any]:
    message = check.message_en if lang == "en" and check.message_en else check.message
    return {"level": check.level, "code": check.code, "message": message}


def to_json(report: Report, show_pii: bool = False, lang: str = "zh") -> dict[str, Any]:
    """contract.md's analyze JSON; name and ID masked unless ``show_pii``."""
    h = report.header
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "complete": report.complete,
        "source": _value(report.source) if report.source else None,
        "report": {
            "layout": h.layout,
            "generation": h.generation,
            "report_no": h.report_no,
            "report_time": _value(h.report_time),
            "subject_name": h.subject_name if show_pii else mask_name(h.subject_name),
            "subject_id": h.subject_id if show_pii else mask_id(h.subject_id),
        },
        "accounts": [account_json(a) for a in report.accounts],
        "agreements": [_value(a) for a in report.agreements],
        "inquiries": [_value(i) for i in report.inquiries],
        "liabilities": [_value(liability) for liability in report.liabilities],  # beyond the contract's keys
        "summary": _value(report.summary),
        "checks": [check_json(c, lang) for c in report.checks],
        "todo": [_value(t) for t in report.todo],
        "impact": _value(report.impact),
        "readiness": report.readiness.to_json(lang) if report.readiness else None,
    }
    if report.source and report.source.ocr_pages:  # additive: only where OCR read a page
        out["ocr_doubts"] = {"fields": list(report.doubts), "unattributed": report.unattributed_doubts}
    else:  # a text-layer read has no doubts: its JSON stays as it was
        for kind in ("accounts", "agreements", "liabilities"):
            for record in out[kind]:
                record.pop("doubts", None)
    return out
