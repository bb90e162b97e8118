"""Helpers both layouts share: page furniture patterns, header fields, summary checks."""

from __future__ import annotations

import re
from typing import Any
from datetime import datetime

from .. import fields as F
from ..model import Check, Family, Header, Report, Status

# 第X页，共Y页 in every spacing and comma width (spec §2.4), after ascii_punct + squash.
FOOTER = re.compile(r"第(\d+)页,?共(\d+)页")
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
    """Compare the parsed accounts with the report's own 信息概要 (详版), like with like: each
    授信及负债 table with the open accounts of its family, the 信贷交易信息提示 合计 with every account
    it counts (all but 被追偿, settled ones too), 被追偿信息汇总 with the 被追偿 accounts and 呆账信息汇总
    with the accounts in 呆账 (spec §3.4, §7.4)."""
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
    return checks + _check_total(report) + _check_recovered(report) + _check_bad_debt(report)


# 信贷交易信息提示 rows that count one family each; the other rows (个人住房贷款, 其他类贷款, 其他 …) count loans.
TIP_CARD_ROWS = {"贷记卡": Family.CREDIT_CARD, "准贷记卡": Family.SEMI_CREDIT_CARD}


def _check_total(report: Report) -> list[Check]:
    summary = report.summary
    counted = [a for a in report.accounts if a.family is not Family.RECOVERED]
    total = summary.account_total
    if total is None:
        if summary.debt and counted and not summary.no_credit_history:
            return [Check("error", "summary_total_missing",
                          "没有读到“信贷交易信息提示”的合计：已结清、已销户的账户是否读全无法核对",
                          "The 合计 of 信贷交易信息提示 was not read: whether settled and closed accounts were all read "
                          "cannot be checked")]
        return []
    if len(counted) == total:
        return []
    # which kind the difference is in, where the table's rows say (a "--" row counts none)
    loan_rows = [n or 0 for row, n in summary.tip.items() if row not in TIP_CARD_ROWS]
    groups = [("贷款", "loans", sum(loan_rows), sum(1 for a in counted if a.family not in TIP_CARD_ROWS.values()))] \
        if loan_rows else []
    groups += [(row, FAMILY_NAMES_EN[f], summary.tip[row] or 0, sum(1 for a in counted if a.family is f))
               for row, f in TIP_CARD_ROWS.items() if row in summary.tip]
    detail_zh = [f"{zh}：报告 {printed} 个，读出 {read} 个" for zh, _, printed, read in groups if printed != read]
    detail_en = [f"{en}: {printed} in the report, {read} read" for _, en, printed, read in groups if printed != read]
    zh = f"（{'；'.join(detail_zh)}）" if detail_zh else ""
    en = f" ({'; '.join(detail_en)})" if detail_en else ""
    return [Check("error", "account_total_mismatch",
                  f"信贷交易信息提示：报告共列 {total} 个账户，解析到 {len(counted)} 个{zh}，可能有账户没有读出",
                  f"The report counts {total} credit accounts, {len(counted)} were read{en}; some may be missing")]


def _check_recovered(report: Report) -> list[Check]:
    """被追偿信息汇总 合计 (or its rows added up) against the 被追偿 accounts read."""
    rows = report.summary.recovered
    if "total" in rows:
        printed = rows["total"].accounts
    else:
        parts = [r.accounts for k, r in rows.items() if k != "total"]
        printed = sum(p or 0 for p in parts) if parts and any(p is not None for p in parts) else None
    if printed is None:
        return []
    read = sum(1 for a in report.accounts if a.family is Family.RECOVERED)
    if read == printed:
        return []
    return [Check("error", "summary_recovered_mismatch",
                  f"被追偿信息汇总：报告共 {printed} 个被追偿账户（资产处置、垫款），解析到 {read} 个，可能有账户没有读出",
                  f"被追偿信息汇总: the report counts {printed} recovered accounts (资产处置, 垫款), {read} were read; "
                  "some may be missing")]


def _check_bad_debt(report: Report) -> list[Check]:
    """呆账信息汇总 against the accounts read in 呆账: a 呆账 read as anything else must not pass."""
    printed = report.summary.bad_debt.accounts if report.summary.bad_debt else None
    if printed is None:
        return []
    read = sum(1 for a in report.accounts if a.status is Status.BAD_DEBT)
    if read == printed:
        return []
    return [Check("error", "summary_bad_debt_mismatch",
                  f"呆账信息汇总：报告共 {printed} 个呆账账户，读出 {read} 个状态为呆账的账户，可能有账户或状态没有读对",
                  f"呆账信息汇总: the report counts {printed} accounts in 呆账 (bad debt), {read} were read as such; "
                  "an account or its status may be misread")]


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


def page_numbers(doc: Any) -> tuple[list[tuple[int, int, int]], list[int]]:
    """The 第X页，共Y页 footers of a read document as (page, X, Y), and its pages with no text at all
    that OCR did not read (a page whose content was lost still exists, empty)."""
    footers: list[tuple[int, int, int]] = []
    blank: list[int] = []
    ocr = set(getattr(doc, "ocr_pages", ()))
    for index in range(doc.page_count):
        lines = doc.lines(index)
        if not lines and index not in ocr:
            blank.append(index + 1)
        for item in lines:
            text = item.joined()
            if "页" in text and (m := FOOTER.fullmatch(F.squash(F.ascii_punct(text)))):
                footers.append((index + 1, int(m.group(1)), int(m.group(2))))
    return footers, blank


def check_pages(footers: list[tuple[int, int, int]], page_count: int, blank: list[int] = ()) -> list[Check]:
    """第X页，共Y页 (``footers``: page, X, Y) against the file: the numbers a report prints and the file
    does not hold are pages whose content was not read; so are ``blank`` pages inside the report.

    Only when every footer read agrees on Y. With fewer pages than Y, the numbers never read are
    missing (a 2-up print holds two numbers a page, all read). With Y pages, each holding exactly
    one footer, a number no page shows means a page holds another's content. A footer that was not
    read (OCR) is never taken for a page missing. A blank page is a loss when the footers count it
    (page ≤ Y) or, without footers, when a page with text follows it; a blank page printed after
    the last one (duplex printing) is not.
    """
    totals = {y for _, _, y in footers}
    missing: set[int] = set()
    if len(totals) == 1:
        total = totals.pop()
        one_each = sorted(p for p, _, _ in footers) == list(range(1, page_count + 1))
        if page_count < total or (page_count == total and one_each):
            missing = set(range(1, total + 1)) - {x for _, x, _ in footers}
        missing |= {p for p in blank if p <= total}
    elif not totals:
        missing = {p for p in blank if any(q > p and q not in blank for q in range(1, page_count + 1))}
    if not missing:
        return []
    pages = "、".join(map(str, sorted(missing)[:5]))
    return [Check("error", "pages_missing",
                  f"报告的第 {pages} 页不在这个文件里，或是空白的：这些页上的内容没有读到，请用完整的报告",
                  f"Page(s) {pages.replace('、', ', ')} of the report are not in this file, or blank: what they hold "
                  "was not read; use the whole report")]


def check_damage(damaged_streams: int) -> list[Check]:
    """Content streams cut or corrupt (creditgap.streams): what they held may not have been read."""
    if not damaged_streams:
        return []
    return [Check("error", "damaged_file",
                  f"文件有 {damaged_streams} 处数据损坏，页面内容可能没有读全：请重新下载或重新打印报告",
                  f"The file has {damaged_streams} damaged data stream(s), so page content may be missing: "
                  "download or print the report again")]
