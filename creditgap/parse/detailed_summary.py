"""The 详版 二 信息概要, each table read by its own labels (report-format.md §3.4, §7.4).

信息概要 holds several tables, and some end in a 合计 row: 信贷交易信息提示, 被追偿信息汇总, 呆账信息汇总
where printed. Each 合计 belongs to its own table; the report's account total is the 合计 of
信贷交易信息提示 only. The reader knows which table it is in from the table's caption (a heading
line, or a first row spanning the table) or, without one, from the table's column labels
(首笔业务发放月份 → 信息提示; 业务类型 + 余额 → 被追偿; 月份数 → 逾期（透支）; 账户数 + 余额 alone → 呆账).
Rows are named by their own label cell (个人住房贷款, 资产处置业务, 贷记卡账户, 合计) and their figures
read under their column labels, so label rows of any width, a table split across pages (state
carries over the page header) and ``--`` for none all read the same.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .. import fields as F
from ..model import Check, CountSummary, DebtSummary, Family, OverdueSummary, Summary
from ..read.items import Item
from ..vocab import LABELS, norm_label
from .detailed_rows import Span, aligned, inline_pairs, is_label_row, row_xs

SUB = re.compile(r"^\([一二三四五六七八九十]+\)(.+)$")

TIP, RECOVERED, BAD_DEBT, OVERDUE, OTHER = "tip", "recovered", "bad_debt", "overdue", "other"
DEBT_TITLES: dict[str, Family] = {
    "非循环贷账户信息汇总": Family.LOAN,
    "循环贷账户一信息汇总": Family.REVOLVING_SUB,
    "循环额度下分账户信息汇总": Family.REVOLVING_SUB,
    "循环贷账户二信息汇总": Family.REVOLVING,
    "循环贷账户信息汇总": Family.REVOLVING,
    "贷记卡账户信息汇总": Family.CREDIT_CARD,
    "准贷记卡账户信息汇总": Family.SEMI_CREDIT_CARD,
}
CAPTIONS: dict[str, str] = {
    "信贷交易信息提示": TIP,
    "被追偿信息汇总": RECOVERED,
    "呆账信息汇总": BAD_DEBT,
    "逾期(透支)信息汇总": OVERDUE,
    "逾期透支信息汇总": OVERDUE,
} | {title: str(family) for title, family in DEBT_TITLES.items()}
# Rows of 逾期（透支）信息汇总 (spec §4.1 order) and of 被追偿信息汇总.
OVERDUE_ROWS: dict[str, Family] = {
    "非循环贷账户": Family.LOAN, "循环贷账户一": Family.REVOLVING_SUB, "循环额度下分账户": Family.REVOLVING_SUB,
    "循环贷账户二": Family.REVOLVING, "循环贷账户": Family.REVOLVING, "贷记卡账户": Family.CREDIT_CARD,
    "准贷记卡账户": Family.SEMI_CREDIT_CARD,
}
RECOVERED_ROWS = {"资产处置": "asset_disposal", "垫款": "advance", "代偿": "advance", "合计": "total"}
TOTAL = "合计"
# Column labels of the 信息概要 tables besides the account blocks' (spec §3.4), both bracket forms.
SUMMARY_LABELS = LABELS | frozenset("""
业务类型 业务大类 业务小类 首笔业务发放月份 账户类型 月份数 单月最高逾期/透支总额 单月最高逾期(透支)总额
最长逾期/透支月数 最长逾期(透支)月数 担保金额 欠费账户数 欠费金额 信息类型 记录数 涉及金额
""".split())
_NUMBER = re.compile(r"^-?\d[\d,]*$")
_VALUE = re.compile(r"^[\d,.:\-/年月日]+$")


def _is_figure(text: str) -> bool:
    return bool(_VALUE.match(text)) or F.is_placeholder(text)


def infer(labels: list[str]) -> str | None:
    """The table a label row heads, from its labels alone; None when they do not say."""
    names = {label for label in labels if label}
    if "首笔业务发放月份" in names:
        return TIP
    if "月份数" in names or any(n.startswith("最长逾期") for n in names):
        return OVERDUE
    if {"业务类型", "账户数", "余额"} <= names:
        return RECOVERED
    if names == {"账户数", "余额"}:
        return BAD_DEBT
    return None


class SummaryReader:
    """Reads the items of 信息概要 in order; ``summary()`` gives what was read."""

    def __init__(self) -> None:
        self.table: str | None = None  # None: the first table (信息提示 stands first), until told otherwise
        self.labels: list[str] | None = None
        self.xs: tuple[Span | None, ...] | None = None
        self.values: dict[str, str] = {}  # a 授信及负债 table's label → value
        self.page = 0
        self.debt: dict[str, DebtSummary] = {}
        self.account_total: int | None = None
        self.tip: dict[str, int | None] = {}
        self.recovered: dict[str, CountSummary] = {}
        self.bad_debt: CountSummary | None = None
        self.overdue: dict[str, OverdueSummary] = {}
        self.checks: list[Check] = []
        self.seen = False  # any table of 信息概要 read

    def summary(self, no_credit_history: bool) -> Summary:
        self.end_table()
        return Summary(debt=self.debt, account_total=self.account_total, no_credit_history=no_credit_history,
                       tip=self.tip, recovered=self.recovered, bad_debt=self.bad_debt, overdue=self.overdue)

    def feed(self, item: Item, text: str) -> None:
        if m := SUB.match(text):  # (一)信贷交易信息提示, (二)信贷交易违约信息概要, …
            self.start(TIP if "信贷交易信息提示" in m.group(1) else OTHER)
            return
        if text in CAPTIONS:
            self.start(CAPTIONS[text])
            return
        if text.endswith("汇总") and len([c for c in item.cells or (text,) if c]) == 1:
            self.start(OTHER)  # a table this reader does not use (相关还款责任信息汇总, 公共信息汇总 …)
            return
        if not item.is_row:
            if self.table in (None, TIP, RECOVERED, OVERDUE, BAD_DEBT):
                self.row(item, item.joined().split(), None)  # a text layer without tables
            return
        if is_label_row(item, SUMMARY_LABELS):
            labels = [norm_label(c) for c in item.cells or ()]
            kind = infer(labels)
            if kind is not None and kind != self.table:
                self.start(kind)
            self.labels, self.xs = labels, row_xs(item, len(labels))
            return
        self.row(item, [c or "" for c in item.cells or ()], self.labels)

    def start(self, table: str) -> None:
        self.end_table()
        self.table = table

    def end_table(self) -> None:
        if self.table in {str(f) for f in DEBT_TITLES.values()} and self.values:
            count = lambda *labels: self.number(F.count, *labels)  # noqa: E731
            self.debt[self.table] = DebtSummary(  # type: ignore[index]
                institutions=count("管理机构数", "发卡机构数"), accounts=count("账户数"), credit_total=count("授信总额"),
                balance=count("余额", "已用额度", "透支余额"))
        self.labels = self.xs = None
        self.values = {}

    def number(self, parse: object, *labels: str, pairs: dict[str, str] | None = None) -> int | None:
        source = self.values if pairs is None else pairs
        for label in labels:
            if label in source:
                try:
                    return parse(source[label])  # type: ignore[operator, no-any-return]
                except F.FieldError:
                    self.checks.append(Check("warning", "unreadable_field",
                                             f"第{self.page}页 信息概要 {label} 无法识别：{source[label][:20]}",
                                             f"page {self.page}: cannot read 信息概要 {label}: {source[label][:20]}"))
                    return None
        return None

    # -- rows ---------------------------------------------------------------------------------
    def row(self, item: Item, cells: list[str], labels: list[str] | None) -> None:
        self.page = item.page
        table = self.table or TIP
        if table == OTHER:
            return
        if table not in (TIP, RECOVERED, OVERDUE, BAD_DEBT):  # a 授信及负债 table: label rows and value rows
            got = aligned(labels, self.xs, item) if labels is not None and item.is_row else \
                [(k, v or "") for k, v in inline_pairs(item.cells or ())]
            for label, value in got:
                if label and value:
                    self.values.setdefault(label, value)
            self.labels = self.xs = None
            return
        tokens = [F.squash(c) for c in cells if F.squash(c)]
        names = [t for t in tokens if not _VALUE.match(t) and not F.is_placeholder(t)]
        printed = names[-1] if names else ""  # the row's own label: 小类 where the row has two
        name = norm_label(printed)
        # figures under their column labels; the row's own label cells left out, so that a row on a
        # shifted grid does not run its name into the figure beside it
        figures_only = replace(item, cells=tuple(c if c and _is_figure(F.squash(c)) else "" for c in item.cells or ()))
        pairs = dict(aligned(labels, self.xs, figures_only)) if labels is not None and item.is_row else {}
        # without labels, or where the labels do not place a figure: the row's figures in print order
        figures = [t for t in tokens if _NUMBER.match(t) or F.is_placeholder(t)]
        if not name and not figures:
            return
        self.seen = True

        def fig(n: int, parse: object, *keys: str) -> int | None:
            found = [k for k in pairs if any(k == key or k.startswith(key) for key in keys)]
            if found:
                return self.number(parse, *found, pairs=pairs)
            return self.number(parse, "_", pairs={"_": figures[n]}) if n < len(figures) else None

        if table == TIP:
            if not name or not figures and not pairs:
                return
            if name == TOTAL:
                if self.account_total is None:
                    self.account_total = fig(0, F.count, "账户数")
            elif printed not in self.tip:
                self.tip[printed] = fig(0, F.count, "账户数")
        elif table == RECOVERED:
            key = next((v for k, v in RECOVERED_ROWS.items() if k in name), None)
            if key is not None and key not in self.recovered:
                self.recovered[key] = CountSummary(fig(0, F.count, "账户数"), fig(1, F.amount, "余额"))
        elif table == BAD_DEBT:
            if self.bad_debt is None and figures:
                self.bad_debt = CountSummary(fig(0, F.count, "账户数"), fig(1, F.amount, "余额"))
        elif (family := OVERDUE_ROWS.get(name)) is not None and str(family) not in self.overdue:
            self.overdue[str(family)] = OverdueSummary(
                fig(0, F.count, "账户数"), fig(1, F.count, "月份数"), fig(2, F.amount, "单月最高"), fig(3, F.count, "最长逾期"))
