"""The 详版 信息概要, each table by its own labels (issue 22, item 2; spec §3.4, §7.4).

Several tables end in 合计. The issue's report: 被追偿信息汇总 (资产处置 and 垫款, 合计 2) printed after
信贷交易信息提示 (合计 8) set the account total to 2, and 8 accounts read made a false
``account_total_mismatch``. Each 合计 now stays with its table, and each is compared with the
accounts it counts.
"""

from __future__ import annotations

import random

from creditgap.model import CountSummary, Family, OverdueSummary, Report, Status, Summary
from creditgap.parse.common import check_summary
from creditgap.parse.detailed import DetailedParser
from creditgap.parse.layouts import parse_report
from samples.render_detailed import DetailedStyle, render_detailed
from samples.synth import random_report
from tests.factories import HEADER, account
from tests.helpers import TextDoc, assert_matches_truth
from tests.test_page_breaks import ItemDoc, row, text

SUMMARY_HEAD = ["个人信用报告", "（本人版）", "报告编号：20250311040139000001 报告时间：2025.03.11 04:01:39", "二 信息概要"]
TIP = [("业务类型", "", "账户数", "首笔业务发放月份"),
       ("贷款", "个人住房贷款", "1", "2015.06"), ("", "其他类贷款", "5", "2019.05"),
       ("信用卡", "贷记卡", "2", "2012.03"), ("", "准贷记卡", "--", "--"), ("其他", "", "--", "--"),
       ("合计", "", "8", "--")]
RECOVERED = [("业务类型", "账户数", "余额"), ("资产处置业务", "1", "5,000"), ("垫款业务", "1", "0"), ("合计", "2", "5,000")]


def summary_of(lines: list) -> Summary:
    return DetailedParser().extract(TextDoc([SUMMARY_HEAD + lines])).summary


def test_each_total_stays_with_its_table():
    s = summary_of(["（一）信贷交易信息提示", *TIP, "（二）信贷交易违约信息概要", "被追偿信息汇总", *RECOVERED,
                    "呆账信息汇总", ("账户数", "余额"), ("1", "3,000"),
                    "逾期（透支）信息汇总", ("账户类型", "账户数", "月份数", "单月最高逾期/透支总额", "最长逾期/透支月数"),
                    ("非循环贷账户", "2", "5", "3,000", "2"), ("贷记卡账户", "--", "--", "--", "--")])
    assert s.account_total == 8
    assert s.tip == {"个人住房贷款": 1, "其他类贷款": 5, "贷记卡": 2, "准贷记卡": None, "其他": None}
    assert s.recovered == {"asset_disposal": CountSummary(1, 5000), "advance": CountSummary(1, 0),
                           "total": CountSummary(2, 5000)}
    assert s.bad_debt == CountSummary(1, 3000)
    assert s.overdue == {"loan": OverdueSummary(2, 5, 3000, 2), "credit_card": OverdueSummary(None, None, None, None)}


def test_tables_without_captions_are_known_by_their_labels():
    """No heading, no caption: 首笔业务发放月份 marks the tip, 业务类型 + 余额 the 被追偿 table, 账户数 + 余额 alone 呆账."""
    s = summary_of([*TIP, *RECOVERED, ("账户数", "余额"), ("--", "--")])
    assert s.account_total == 8 and s.recovered["total"] == CountSummary(2, 5000)
    assert s.bad_debt == CountSummary(None, None)


def test_the_recovered_table_first_and_its_total_on_the_next_page():
    """被追偿 before the tip (another producer's order), its 合计 opening page 2 after the page header."""
    p1 = [text(1, i, t) for i, t in enumerate(SUMMARY_HEAD)]
    p1 += [text(1, 10, "被追偿信息汇总"), row(1, 11, RECOVERED[0]), row(1, 12, RECOVERED[1]), row(1, 13, RECOVERED[2]),
           text(1, 99, "第1页，共2页")]
    p2 = [text(2, 0, "个人信用报告 报告编号：20250311040139000001"),
          row(2, 1, ("合计", "2", "5,000"), widths=[515 / 3 + 40, 515 / 3 - 40, 515 / 3]),
          text(2, 2, "信贷交易信息提示"), *(row(2, 3 + i, r) for i, r in enumerate(TIP)), text(2, 99, "第2页，共2页")]
    s = DetailedParser().extract(ItemDoc([p1, p2])).summary
    assert s.account_total == 8 and s.recovered["total"] == CountSummary(2, 5000)


def test_a_text_layer_without_tables():
    s = summary_of(["信贷交易信息提示", "业务类型 账户数 首笔业务发放月份", "贷款 其他类贷款 6 2019.05", "合计 6 --",
                    "被追偿信息汇总", "业务类型 账户数 余额", "资产处置业务 1 500", "合计 1 500"])
    assert s.account_total == 6 and s.tip["其他类贷款"] == 6 and s.recovered["total"] == CountSummary(1, 500)


def test_an_unused_table_does_not_lend_its_rows():
    """相关还款责任信息汇总 (为个人/为企业 with 账户数) is read past; the debt table before it keeps its figures."""
    s = summary_of([*TIP, "贷记卡账户信息汇总", ("发卡机构数", "账户数", "授信总额", "已用额度"), ("1", "2", "30,000", "500"),
                    "相关还款责任信息汇总", ("责任类型", "账户数", "还款责任金额", "余额"), ("为个人", "7", "90,000", "10")])
    assert (s.debt["credit_card"].accounts, s.debt["credit_card"].balance) == (2, 500) and s.account_total == 8


# --- the audit: like with like -----------------------------------------------------------------

CMB = "招商银行股份有限公司信用卡中心"
JD = "重庆京东盛际小额贷款有限公司"


def audited(accounts, **summary) -> dict[str, str]:
    r = Report(header=HEADER, accounts=tuple(accounts), summary=Summary(**summary))
    return {c.code: c.message for c in check_summary(r) if c.level == "error"}


def test_the_tip_total_counts_every_account_but_recovered():
    accounts = [account("A1", "某资产管理公司", family=Family.RECOVERED, status=Status.OVERDUE, balance=500),
                account("A2", JD), account("A3", CMB, family=Family.CREDIT_CARD, status=Status.CLOSED, balance=None)]
    assert audited(accounts, account_total=2) == {}
    missing = audited(accounts[:2], account_total=2, tip={"其他类贷款": 1, "贷记卡": 1})
    assert "贷记卡：报告 1 个，读出 0 个" in missing["account_total_mismatch"]  # a closed card: only the total knew it


def test_recovered_and_bad_debt_totals_are_checked_against_their_own():
    recovered = account("A1", "某资产管理公司", family=Family.RECOVERED, status=Status.OVERDUE, balance=500)
    card = account("A2", CMB, family=Family.CREDIT_CARD, status=Status.BAD_DEBT, balance=900, used=900)
    ok = dict(account_total=1, recovered={"total": CountSummary(1, 500)}, bad_debt=CountSummary(1, 900))
    assert audited([recovered, card], **ok) == {}
    assert "被追偿" in audited([card], **ok)["summary_recovered_mismatch"]
    # a 呆账 read as anything else must not pass: the closure advice rests on it
    misread = account("A2", CMB, family=Family.CREDIT_CARD, balance=900, used=900)
    assert "呆账" in audited([recovered, misread], **ok)["summary_bad_debt_mismatch"]


def test_a_summary_without_its_tip_total_cannot_vouch_for_settled_accounts():
    from creditgap.model import DebtSummary

    codes = audited([account("A1", JD, status=Status.SETTLED, balance=None)], debt={"loan": DebtSummary(accounts=0)})
    assert "summary_total_missing" in codes


# --- through the PDF: the report shape --------------------------------------------------

def test_official_summary_with_recovered_accounts_reads_complete(tmp_path):
    model = random_report(random.Random(13), "kitchen")  # 2 被追偿 accounts and 17 others
    for style in (DetailedStyle(official_summary=True, label_cells=8),
                  DetailedStyle(official_summary=True, violation_captions=False, zero_summary="--", one_table=False),
                  DetailedStyle(official_summary=True, tip_caption_in_table=True, tip_two_level=False, total_span=True)):
        truth = render_detailed(model, str(tmp_path / "k.pdf"), style)
        report = parse_report(tmp_path / "k.pdf")
        assert report.complete, [c.message for c in report.checks if c.level == "error"]
        assert report.summary.account_total == sum(a.family is not Family.RECOVERED for a in model.accounts) == 17
        assert report.summary.recovered["total"].accounts == 2
        assert_matches_truth(report, truth)
    # the kitchen model has overdue months: 逾期（透支）信息汇总 is printed, a row per family
    assert set(report.summary.overdue) == {"loan", "revolving_sub", "revolving", "credit_card", "semi_credit_card"}
