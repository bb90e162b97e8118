"""Helpers both layouts share: page furniture patterns, header fields, summary checks."""

from __future__ import annotations

import re
from datetime import datetime

from .. import fields as F
from ..model import Check, Family, Header, Report

# 第X页，共Y页 in every spacing and comma width (spec §2.4), after ascii_punct + squash.
FOOTER = re.compile(r"第\d+页,?共\d+页")
# How a report says it has no credit history: 系统中没有您的信贷交易记录 (2nd generation) or
# 系统中没有您最近5年内的信贷记录 (1st generation); only then may zero accounts be an answer.
NO_CREDIT_HISTORY = re.compile(r"系统中没有您(?:最近\d+年内)?的信贷")

FAMILY_NAMES_EN = {
    Family.RECOVERED: "recovered accounts",
    Family.LOAN: "non-revolving loans",
    Family.REVOLVING_SUB: "revolving sub-accounts",
    Family.REVOLVING: "revolving credit lines",
    Family.CREDIT_CARD: "credit cards",
    Family.SEMI_CREDIT_CARD: "semi-credit cards",
}
FAMILY_NAMES = {
    Family.RECOVERED: "被追偿账户",
    Family.LOAN: "非循环贷账户",
    Family.REVOLVING_SUB: "循环贷账户一",
    Family.REVOLVING: "循环贷账户二",
    Family.CREDIT_CARD: "贷记卡账户",
    Family.SEMI_CREDIT_CARD: "准贷记卡账户",
}


def header_fields(text: str) -> tuple[str | None, datetime | None]:
    """报告编号 and 报告时间 from the header line(s)."""
    flat = F.ascii_punct(text)
    number = re.search(r"报告编号:\s*([0-9A-Za-z]+)", flat)
    when = re.search(r"报告时间:\s*([0-9.\-/年月日]+\s*\d{1,2}:\d{2}:\d{2})", flat)
    try:
        report_time = F.timestamp(when.group(1)) if when else None
    except F.FieldError:
        report_time = None
    return (number.group(1) if number else None), report_time


def check_summary(report: Report) -> list[Check]:
    """Compare the parsed accounts with the report's own 授信及负债 summary (详版)."""
    checks: list[Check] = []
    for key, s in report.summary.debt.items():
        try:
            family = Family(key)
        except ValueError:
            continue
        open_ = [a for a in report.accounts if a.family is family and a.is_open]
        name = FAMILY_NAMES[family]
        if s.accounts is not None and s.accounts != len(open_):
            checks.append(Check("error", "summary_accounts_mismatch",
                                f"{name}：报告概要显示 {s.accounts} 个未结清/未销户账户，解析到 {len(open_)} 个，可能有账户没有读出",
                                f"{FAMILY_NAMES_EN[family]}: the report's summary lists {s.accounts} open accounts, "
                                f"{len(open_)} were read; some may be missing"))
        if family is Family.CREDIT_CARD:  # its summary states 已用额度, not 余额
            parsed_balance = sum(a.used or 0 for a in open_)
        else:
            parsed_balance = sum(a.balance or 0 for a in open_)
        if s.balance is not None and s.balance != parsed_balance and s.accounts == len(open_):
            checks.append(Check("warning", "summary_balance_mismatch",
                                f"{name}：报告概要余额 {s.balance:,}，解析到的账户合计 {parsed_balance:,}",
                                f"{FAMILY_NAMES_EN[family]}: summary balance {s.balance:,}, parsed accounts add up to {parsed_balance:,}"))
    total = report.summary.account_total
    if total is not None:
        parsed = sum(1 for a in report.accounts if a.family is not Family.RECOVERED)
        if parsed != total:
            checks.append(Check("error", "account_total_mismatch",
                                f"信贷交易信息提示：报告共列 {total} 个账户，解析到 {parsed} 个，可能有账户没有读出",
                                f"The report counts {total} credit accounts, {parsed} were read; some may be missing"))
    return checks


def check_report_number(header: Header) -> list[Check]:
    """A 2nd-generation 报告编号 starts with its 报告时间 (spec §2.1); a mismatch hints at an edited report."""
    if header.generation != 2 or not header.report_no or header.report_time is None:
        return []
    if header.report_no.startswith(header.report_time.strftime("%Y%m%d%H%M%S")):
        return []
    return [Check("warning", "report_number_mismatch",
                  "报告编号的前14位与报告时间不一致：报告可能被修改过，请核对原件",
                  "The report number does not start with the report time: the report may have been edited")]


def check_read_complete(report: Report) -> list[Check]:
    """Zero is never a quiet answer: a report that reads no account, or whose own summary was not
    found, is partial unless it says it has no credit history."""
    if report.summary.no_credit_history:
        return []
    checks: list[Check] = []
    if not report.accounts:
        checks.append(Check("error", "no_accounts_read",
                            "没有读出任何信贷账户，而报告并没有说“系统中没有您的信贷交易记录”：报告可能没有读全",
                            "No credit account was read, yet the report does not say it has no credit history: "
                            "it may have been read only in part"))
    if not report.summary.debt and report.summary.account_total is None:
        checks.append(Check("error", "summary_missing",
                            "没有找到报告自己的账户统计（信息概要），无法核对账户是否读全",
                            "The report's own account counts (信息概要) were not found, so the accounts read cannot be checked"))
    return checks
