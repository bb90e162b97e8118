"""简版: the 信息概要 tables and the audit of the accounts read against them (spec §5.1, §7.1).

信息概要 holds up to three small tables, each read by its own labels: the grid (columns 信用卡,
购房, 其他, 其他业务; rows 账户数, 未结清/未销户账户数, 发生过逾期的账户数, 发生过90天以上逾期的账户数),
资产处置信息 | 垫款信息 with its 账户数, and 为个人 | 为企业 with 相关还款责任账户数. In the official 二代
grid 贷款 is a header cell over 购房 and 其他, so the text layer gives it a line of its own, then
``信用卡 其他业务``, then ``购房 其他``; printed side notes share lines with the rows, after the
figures. A row takes as many figures as its table has columns; what follows is a side note.
"""

from __future__ import annotations

import re

from .. import fields as F
from ..model import Account, Check, DebtSummary, Family, Report

SUMMARY_ROWS = {"账户数": "accounts", "未结清/未销户账户数": "open_accounts", "发生过逾期的账户数": "overdue_accounts",
                "发生过90天以上逾期的账户数": "overdue_90_accounts", "相关还款责任账户数": "accounts"}
COLUMN_WORDS = {"信用卡": "信用卡", "购房贷款": "购房贷款", "购房": "购房贷款", "其他贷款": "其他贷款", "其他": "其他贷款",
                "其他业务": "其他业务", "贷款": "贷款", "资产处置信息": "资产处置", "垫款信息": "垫款",
                "为个人": "为个人", "为企业": "为企业"}
LOAN_PARTS = ("购房贷款", "其他贷款")  # the columns under a spanning 贷款
# The grid's column order (spec §7.1), used only to place a 贷款 printed on a line of its own.
_ORDER = ("信用卡", "贷款", "其他业务")
# A row label (spaces allowed between its characters, as re-typeset copies print them), then its figures.
_ROW = re.compile("^(" + "|".join(r"\s*".join(map(re.escape, label)) for label in
                                  sorted(SUMMARY_ROWS, key=len, reverse=True)) + ")")
_FIGURE = re.compile(r"\s*(\d+|--|-|—|－－|——)(?=\s|$)")
# Which 信息概要 column the accounts of each 简版 section count in.
SECTION_COLUMNS = {"信用卡": "信用卡", "购房贷款": "购房贷款", "其他贷款": "其他贷款", "其他业务": "其他业务",
                   "资产处置信息": "资产处置", "垫款信息": "垫款", "保证人代偿信息": "垫款"}


class BriefSummary:
    """Reads 信息概要 line by line: header lines set the columns, a row line fills them."""

    def __init__(self) -> None:
        self.header: list[list[str]] = []  # header lines since the last row, as column names
        self.columns: list[str] = []
        self.debt: dict[str, dict[str, int | None]] = {}
        self.checks: list[Check] = []

    def header_cell(self, word: str) -> None:
        """A column word printed on a line of its own (贷款 over 购房 and 其他)."""
        self.header.append([COLUMN_WORDS[word]])
        self.columns = _compose(self.header)

    def line(self, text: str) -> None:
        """One line of 信息概要, its cells joined with spaces; anything else on it is a side note."""
        flat = F.ascii_punct(text).replace("／", "/")
        if row := _ROW.match(flat):
            self.header = []
            self._row(F.squash(row.group(1)), flat[row.end():])
            return
        words: list[str] = []
        for token in flat.split():
            if token not in COLUMN_WORDS:
                break  # the rest of the line is a side note
            words.append(COLUMN_WORDS[token])
        if len(words) >= 2 or words[:1] in (["信用卡"], ["贷款"], ["其他业务"]):  # one cell, a side note after it
            self.header.append(words)
            self.columns = _compose(self.header)

    def _row(self, label: str, rest: str) -> None:
        if not self.columns:
            return
        figures: list[str] = []
        at = 0
        while len(figures) < len(self.columns) and (m := _FIGURE.match(rest, at)):
            figures.append(m.group(1))
            at = m.end()
        key = SUMMARY_ROWS[label]
        for column, value in zip(self.columns, figures):
            self.debt.setdefault(column, {})[key] = F.count(value)
        if len(figures) < len(self.columns):
            self.checks.append(Check("warning", "unreadable_field",
                                     f"信息概要 {label}：{len(self.columns)} 栏只读出 {len(figures)} 个数",
                                     f"summary {label}: {len(figures)} of {len(self.columns)} figures read"))


def _compose(header: list[list[str]]) -> list[str]:
    """The columns of consecutive header lines: a spanning 贷款 replaced by 购房 and 其他 under it.

    Lines of one cell each are the cells of one header row (a text layer in drawing order gives
    信用卡 / 贷款 / 其他业务 one line each); a 贷款 alone on its line goes where the grid prints it.
    """
    top: list[str] = []
    parts: list[str] = []
    lone_loan = False
    for words in header:
        if all(w in LOAN_PARTS for w in words) and (lone_loan or "贷款" in top):
            parts = words
        elif words == ["贷款"]:
            lone_loan = True
        elif len(words) == 1:
            top += [w for w in words if w not in top]
        else:
            top = list(words)
    if lone_loan and "贷款" not in top:  # after 信用卡, before 其他业务 (spec §7.1)
        rank = _ORDER.index("贷款")
        top.insert(sum(1 for w in top if w in _ORDER and _ORDER.index(w) < rank), "贷款")
    if parts and "贷款" in top:
        at = top.index("贷款")
        top[at:at + 1] = parts
    return top


def brief_column(a: Account, section: str | None = None) -> str | None:
    """The 信息概要 column an account counts in: by the section it was listed in, when known."""
    if section in SECTION_COLUMNS:
        return SECTION_COLUMNS[section]
    if a.family in (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD):
        return "信用卡"
    if a.family is Family.RECOVERED:
        return a.business_type
    bt = a.business_type or ""
    if section is None and ("融资租赁" in bt or "证券" in bt or "回购" in bt):
        return "其他业务"
    # 购房贷款, as the side note defines it: 个人住房商业贷款, 个人商用房（包括商住两用）贷款, 个人住房公积金贷款
    return "购房贷款" if ("住房" in bt or "商用房" in bt) else "其他贷款"


def check_brief_summary(report: Report, sections: dict[str, str] | None = None) -> list[Check]:
    """Compare the accounts read with the 信息概要 counts, each table with what it counts (``--`` is zero).

    ``sections`` maps an account's ref to the 简版 section it was listed in.
    """
    sections = sections or {}
    checks: list[Check] = []
    for column, s in report.summary.debt.items():
        if column in ("为个人", "为企业"):  # 相关还款责任账户数
            found = sum(1 for liability in report.liabilities if liability.for_whom == column[1:])
            if (s.accounts or 0) != found:
                checks.append(Check("error", "summary_liabilities_mismatch",
                                    f"相关还款责任{column}：信息概要为 {s.accounts or 0} 笔，解析到 {found} 笔",
                                    f"liabilities {column}: the summary says {s.accounts or 0}, {found} were read"))
            continue
        items = [a for a in report.accounts if brief_column(a, sections.get(a.ref)) == column]
        for label, expected, parsed in (("账户数", s.accounts, len(items)),
                                        ("未结清/未销户账户数", s.open_accounts, sum(a.is_open for a in items))):
            if expected is None and label == "未结清/未销户账户数" and s.accounts is None and parsed == 0:
                continue
            if (expected or 0) != parsed and not (expected is None and column in ("资产处置", "垫款")):
                checks.append(Check("error", "summary_accounts_mismatch",
                                    f"{column}：信息概要{label}为 {expected or 0}，解析到 {parsed}，可能有账户没有读出",
                                    f"{column}: the summary says {label} {expected or 0}, {parsed} were read; "
                                    "some may be missing"))
    return checks


def summary_debt(reader: BriefSummary) -> dict[str, DebtSummary]:
    return {k: DebtSummary(**v) for k, v in reader.debt.items()}
