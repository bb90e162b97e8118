"""The 二 信息概要 of the 详版 generator (report-format.md §3.4, §7.4) and what it states.

Every style prints （一）信贷交易信息提示 (its rows and 合计) and the 授信及负债 tables. The official
layout (``DetailedStyle.official_summary``) adds what the reference center's 本人版 prints: the
首笔业务发放月份 column filled in, and （二）信贷交易违约信息概要 with 被追偿信息汇总 (资产处置业务, 垫款业务,
合计), 呆账信息汇总, 逾期（透支）信息汇总 where an account was ever overdue, and 相关还款责任信息汇总;
the 授信及负债 tables become （三）. ``printed_summary`` is the truth: each figure as printed, a zero
printed as ``--`` read back as not reported.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from creditgap.model import Account, CountSummary, DebtSummary, Family, OverdueSummary, Report, Summary

from .detailed_tables import _table, breakable, cell, grid_statuses
from .pdfkit import H3, para

if TYPE_CHECKING:
    from .render_detailed import DetailedStyle

SUMMARY_TITLES = {
    Family.LOAN: "非循环贷账户信息汇总",
    Family.REVOLVING_SUB: "循环贷账户一信息汇总",
    Family.REVOLVING: "循环贷账户二信息汇总",
    Family.CREDIT_CARD: "贷记卡账户信息汇总",
    Family.SEMI_CREDIT_CARD: "准贷记卡账户信息汇总",
}
OVERDUE_ROWS = {
    Family.LOAN: "非循环贷账户",
    Family.REVOLVING_SUB: "循环贷账户一",
    Family.REVOLVING: "循环贷账户二",
    Family.CREDIT_CARD: "贷记卡账户",
    Family.SEMI_CREDIT_CARD: "准贷记卡账户",
}
LOAN_FAMILIES = (Family.LOAN, Family.REVOLVING_SUB, Family.REVOLVING)


def tip_rows(report: Report) -> list[tuple[str, str, list[Account]]]:
    """信贷交易信息提示: (业务大类, 业务小类, the accounts the row counts), in print order."""
    loans = [a for a in report.accounts if a.family in LOAN_FAMILIES]
    home = [a for a in loans if a.business_type in ("个人住房商业贷款", "个人住房公积金贷款")]
    shop = [a for a in loans if a.business_type and a.business_type.startswith("个人商用房")]
    return [("贷款", "个人住房贷款", home), ("", "个人商用房贷款（包括商住两用房）", shop),
            ("", "其他类贷款", [a for a in loans if a not in home and a not in shop]),
            ("信用卡", "贷记卡", [a for a in report.accounts if a.family is Family.CREDIT_CARD]),
            ("", "准贷记卡", [a for a in report.accounts if a.family is Family.SEMI_CREDIT_CARD]),
            ("其他", "", [])]


def overdue_figures(accounts: list[Account]) -> OverdueSummary:
    """逾期（透支）信息汇总 of a family, from the grids as printed: accounts with an overdue month,
    overdue months, the highest overdue amount of a month and the longest overdue (in months)."""
    months = [(s, amount) for a in accounts for _, s, amount in grid_statuses(a) if s.isdigit()]
    hit = sum(1 for a in accounts if any(s.isdigit() for _, s, _ in grid_statuses(a)))
    return OverdueSummary(accounts=hit, months=len(months), max_amount=max((m for _, m in months), default=0),
                          max_months=max((int(s) for s, _ in months), default=0))


def official_figures(report: Report) -> tuple[dict[str, CountSummary], CountSummary, dict[str, OverdueSummary]]:
    """被追偿信息汇总 by row, 呆账信息汇总 and 逾期（透支）信息汇总 (empty when no account was ever overdue)."""
    recovered = [a for a in report.accounts if a.family is Family.RECOVERED]
    rows = {}
    for key, kind in (("asset_disposal", "资产处置"), ("advance", "垫款")):
        group = [a for a in recovered if a.business_type == kind]
        rows[key] = CountSummary(len(group), sum(a.balance or 0 for a in group))
    rows["total"] = CountSummary(len(recovered), sum(a.balance or 0 for a in recovered))
    bad = [a for a in report.accounts if a.status_raw == "呆账"]
    bad_debt = CountSummary(len(bad), sum(a.balance or 0 for a in bad))
    overdue: dict[str, OverdueSummary] = {}
    if any(a.family is not Family.RECOVERED and a.overdue_months_5y for a in report.accounts):
        overdue = {str(f): overdue_figures([a for a in report.accounts if a.family is f]) for f in OVERDUE_ROWS}
    return rows, bad_debt, overdue


def printed_summary(report: Report, style: DetailedStyle) -> Summary:
    """The summary as the PDF states it: a zero printed as ``--`` reads back as not reported."""
    z = (lambda v: None if v == 0 else v) if style.zero_summary == "--" else (lambda v: v)  # noqa: E731
    s = report.summary
    summary = replace(s, tip={name or group: z(len(accounts)) for group, name, accounts in tip_rows(report)},
                      account_total=z(s.account_total))
    if style.zero_summary == "--":
        summary = replace(summary, debt={k: replace(d, institutions=z(d.institutions), accounts=z(d.accounts),
                                                    credit_total=z(d.credit_total), balance=z(d.balance))
                                         for k, d in s.debt.items()})
    if style.official_summary:
        rows, bad, overdue = official_figures(report)
        summary = replace(summary, recovered={k: CountSummary(z(r.accounts), z(r.balance)) for k, r in rows.items()},
                          bad_debt=CountSummary(z(bad.accounts), z(bad.balance)),
                          overdue={k: OverdueSummary(*(z(getattr(o, f)) for f in ("accounts", "months", "max_amount",
                                                                                   "max_months")))
                                   for k, o in overdue.items()})
    return summary


def _show(style: DetailedStyle):  # type: ignore[no-untyped-def]
    z = style.zero_summary
    return lambda n: z if not n else f"{n:,}"


def _first_month(accounts: list[Account]) -> str:
    opened = [a.opened for a in accounts if a.opened]
    return f"{min(opened):%Y.%m}" if opened else "--"


def summary_story(report: Report, style: DetailedStyle) -> list[object]:
    show = _show(style)
    story: list[object] = []
    tip: list[object] = [para("（一）信贷交易信息提示", H3)] if style.tip_heading else []
    rows = [["业务类型", "", "账户数", "首笔业务发放月份"]]
    rows += [[group, name, show(len(accounts)), _first_month(accounts) if style.official_summary else "--"]
             for group, name, accounts in tip_rows(report)]
    rows.append(["合计", "", show(report.summary.account_total or 0), "--"])
    cell_spans = [(len(rows) - 1, 0, 1)] if style.total_span else []
    if not style.tip_two_level:  # 业务类型 one column: the 小类 where there is one
        rows = [[r[1] or r[0], *r[2:]] for r in rows]
        cell_spans = []
    n = len(rows[0])
    spans = []
    if style.tip_caption_in_table:
        rows = [["信贷交易信息提示"] + [""] * (n - 1), *rows]
        spans = [0]
        cell_spans = [(r + 1, a, b) for r, a, b in cell_spans]
    tip.append(_table([[cell(c) for c in r] for r in rows], n, spans, values=set(range(len(rows))) - {0, *spans} - ({1} if spans else set()),
                      cell_spans=cell_spans))
    story += breakable("tip", tip, style)
    if style.official_summary:
        story += violation_story(report, style)
    story.append(para(f"（{'三' if style.official_summary else '二'}）信贷交易授信及负债信息概要", H3))
    for family, title in SUMMARY_TITLES.items():
        s = report.summary.debt.get(str(family))
        if s is not None:
            story += debt_table(family, title, s, style)
    if style.official_summary and report.liabilities:
        story += _row_table("liabilities", "相关还款责任信息汇总", ["责任类型", "账户数", "还款责任金额", "余额"],
                            [[f"为{whom}", show(len(group)), show(sum(x.amount or 0 for x in group)),
                              show(sum(x.balance or 0 for x in group))]
                             for whom in ("个人", "企业") if (group := [x for x in report.liabilities if x.for_whom == whom])],
                            style)
    return story


def debt_table(family: Family, title: str, s: DebtSummary, style: DetailedStyle) -> list[object]:
    z = style.zero_summary
    show = lambda n: z if n == 0 else str(n)  # noqa: E731
    if family is Family.CREDIT_CARD:
        pairs = [("发卡机构数", show(s.institutions or 0)), ("账户数", show(s.accounts or 0)),
                 ("授信总额", show(s.credit_total or 0)), ("单家机构最高授信额", "--"), ("单家机构最低授信额", "--"),
                 ("已用额度", show(s.balance or 0)), ("最近6个月平均使用额度", "--")]
    elif family is Family.SEMI_CREDIT_CARD:
        pairs = [("发卡机构数", show(s.institutions or 0)), ("账户数", show(s.accounts or 0)),
                 ("授信总额", show(s.credit_total or 0)), ("单家机构最高授信额", "--"), ("单家机构最低授信额", "--"),
                 ("透支余额", show(s.balance or 0)), ("最近6个月平均透支余额", "--")]
    else:
        pairs = [("管理机构数", show(s.institutions or 0)), ("账户数", show(s.accounts or 0)),
                 ("授信总额", show(s.credit_total or 0)), ("余额", show(s.balance or 0)), ("最近6个月平均应还款", "--")]
    pairs = [(k, v if v in ("--", z) else f"{int(v):,}") for k, v in pairs]
    if style.one_table:
        title_row = [cell(title)] + [""] * (len(pairs) - 1)
        t = _table([title_row, [cell(k) for k, _ in pairs], [cell(v) for _, v in pairs]], len(pairs), spans=[0],
                   values={2})
        return breakable(str(family), [t], style)
    return breakable(str(family), [para(title), _table([[cell(k) for k, _ in pairs], [cell(v) for _, v in pairs]],
                                                       len(pairs), values={1})], style)


def violation_story(report: Report, style: DetailedStyle) -> list[object]:
    """（二）信贷交易违约信息概要: 被追偿信息汇总, 呆账信息汇总, 逾期（透支）信息汇总 (spec §3.4)."""
    show = _show(style)
    rows, bad, overdue = official_figures(report)
    story: list[object] = [para("（二）信贷交易违约信息概要", H3)]
    story += _row_table("recovered", "被追偿信息汇总", ["业务类型", "账户数", "余额"],
                        [[label, show(rows[key].accounts), show(rows[key].balance)]
                         for key, label in (("asset_disposal", "资产处置业务"), ("advance", "垫款业务"), ("total", "合计"))],
                        style)
    story += _row_table("bad_debt", "呆账信息汇总", ["账户数", "余额"], [[show(bad.accounts), show(bad.balance)]], style)
    if overdue:
        story += _row_table("overdue", "逾期（透支）信息汇总",
                            ["账户类型", "账户数", "月份数", "单月最高逾期/透支总额", "最长逾期/透支月数"],
                            [[OVERDUE_ROWS[Family(k)], show(o.accounts), show(o.months), show(o.max_amount),
                              show(o.max_months)] for k, o in overdue.items()], style)
    return story


def _row_table(key: str, caption: str, labels: list[str], body: list[list[str]], style: DetailedStyle) -> list[object]:
    """A captioned table: its caption a line above it or its first row (as the tip's), labels, rows.
    Without ``violation_captions`` the tables the labels name alone go without (the reader infers them)."""
    n = len(labels)
    rows = [labels, *body]
    spans: list[int] = []
    lead: list[object] = []
    if style.tip_caption_in_table:
        rows = [[caption] + [""] * (n - 1), *rows]
        spans = [0]
    elif style.violation_captions or key == "liabilities":
        lead = [para(caption)]
    first = len(spans) + 1
    table = _table([[cell(c) for c in r] for r in rows], n, spans, values=set(range(first, len(rows))))
    return breakable(key, [*lead, table], style)
