"""Every 详版 账户状态 (issue 22, item 3) through a rendered PDF, and what the to-do list says of each.

One PDF holds an account in every state each family may print (spec §4.2), a dual-currency card,
both 被追偿 kinds, a loan in 以资抵债 and one in a word no vocabulary holds (核销, listed by one code
table variant only). None of them may read as normal; the bad records are settled first, never
closed; the unknown word gets no closing advice.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from creditgap.api import analyze_report
from creditgap.judge.rules import RuleSettings, analyze
from creditgap.model import Family, Status
from creditgap.outputs.terminal import summary_header
from creditgap.outputs.wording import impact_line
from creditgap.parse.detailed import DetailedParser
from samples.render_detailed import DetailedStyle, render_detailed
from samples.synth import random_report
from tests.factories import account, report
from tests.helpers import TextDoc, assert_matches_truth

EXPECTED = {
    "正常": Status.NORMAL, "逾期": Status.OVERDUE, "结清": Status.SETTLED, "呆账": Status.BAD_DEBT,
    "转出": Status.TRANSFERRED, "担保物不足": Status.OTHER, "强制平仓": Status.OTHER, "司法追偿": Status.OTHER,
    "以资抵债": Status.OTHER, "销户": Status.CLOSED, "冻结": Status.FROZEN, "止付": Status.STOPPED,
    "银行止付": Status.STOPPED, "未激活": Status.INACTIVE,
}
BAD = ("逾期", "呆账", "担保物不足", "强制平仓", "司法追偿", "以资抵债")
CMB = "招商银行股份有限公司信用卡中心"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """(path, truth, analysed report) of the every-state model with 以资抵债 and 核销 loans added."""
    model = random_report(random.Random(15), "statuses")
    loans = [a for a in model.accounts if a.family is Family.LOAN and a.status is Status.NORMAL]
    odd = {loans[0].ref: ("以资抵债", Status.OTHER), loans[1].ref: ("核销", Status.OTHER)}
    model = replace(model, accounts=tuple(replace(a, status_raw=odd[a.ref][0], status=odd[a.ref][1]) if a.ref in odd else a
                                          for a in model.accounts))
    path = tmp_path_factory.mktemp("statuses") / "statuses.pdf"
    truth = render_detailed(model, str(path), DetailedStyle(official_summary=True, shared_limit="zero", label_cells=8))
    return path, truth, analyze_report(path)


def test_the_every_state_report_reads_whole(rendered):
    _, truth, result = rendered
    assert_matches_truth(result, truth)
    assert result.complete, [c.message for c in result.checks if c.level == "error"]
    [unknown] = [c for c in result.checks if c.code == "unknown_status"]
    assert "核销" in unknown.message


@pytest.mark.parametrize("word", list(EXPECTED))
def test_each_status_reads_as_itself_never_normal(rendered, word):
    _, truth, result = rendered
    read = [a for a in result.accounts if a.status_raw == word]
    assert read, f"no account read in {word}"
    assert {a.status for a in read} == {EXPECTED[word]}
    assert [a.ref for a in read] == [a.ref for a in truth.accounts if a.status_raw == word]
    if word != "正常":
        assert Status.NORMAL not in {a.status for a in read}


def test_five_class_is_kept_where_printed(rendered):
    _, _, result = rendered
    loans = {a.status_raw: a.five_class for a in result.accounts
             if a.family in (Family.LOAN, Family.REVOLVING_SUB, Family.REVOLVING)}
    assert loans["司法追偿"] == "可疑" and loans["正常"] == "正常" and loans["结清"] is None
    assert all(a.five_class is None for a in result.accounts if a.family in (Family.CREDIT_CARD, Family.RECOVERED))


@pytest.mark.parametrize("word", BAD)
def test_a_bad_record_is_settled_first_never_closed(rendered, word):
    _, _, result = rendered
    for a in (a for a in result.accounts if a.status_raw == word):
        [item] = [t for t in result.todo if a.ref in t.accounts]
        assert item.action == "resolve_overdue", (word, item.action)
        assert word in item.reason and "关闭额度" not in item.reason


def test_no_bad_record_or_unknown_status_gets_a_closing_item(rendered):
    _, _, result = rendered
    by_ref = {a.ref: a for a in result.accounts}
    for t in result.todo:
        if t.action in ("close_credit_line", "cancel_card", "repay_then_close"):
            assert all(by_ref[r].status_raw not in (*BAD, "核销") for r in t.accounts), t


def test_the_recovered_debt_is_a_bad_record_at_its_collector(rendered):
    _, _, result = rendered
    [collected] = [a for a in result.accounts if a.family is Family.RECOVERED and a.is_open]
    [item] = [t for t in result.todo if collected.ref in t.accounts]
    assert item.action == "resolve_overdue" and collected.lender in item.reason


def test_an_unknown_status_asks_the_lender_and_closes_nothing(rendered):
    _, _, result = rendered
    [odd] = [a for a in result.accounts if a.status_raw == "核销"]
    assert odd.status is Status.OTHER
    [item] = [t for t in result.todo if odd.ref in t.accounts]
    assert item.action == "contact_lender" and item.accounts == (odd.ref,) and "核销" in item.reason
    assert "不据此给出关闭建议" in item.reason


def test_frozen_and_stopped_cards_are_listed_without_include_cards(rendered):
    _, _, result = rendered
    for a in (a for a in result.accounts if a.status in (Status.FROZEN, Status.STOPPED)):
        [item] = [t for t in result.todo if a.ref in t.accounts]
        drawn = a.used if a.family is Family.CREDIT_CARD else a.balance
        want = "repay_then_close" if drawn else ("cancel_card" if a.family in (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD)
                                                 else "close_credit_line")
        assert item.action == want or (item.action == "contact_lender" and not drawn), (a.status_raw, item)
        assert a.status_raw in item.reason or item.action == "contact_lender"


def test_rules_unit_bad_unknown_and_stopped():
    jd = "重庆京东盛际小额贷款有限公司"
    items = analyze(report(account("A1", jd, status=Status.OTHER, balance=0, status_raw="已变成司法追偿"))).todo
    assert [(t.action, "司法追偿" in t.reason) for t in items] == [("resolve_overdue", True)]
    # a status word not known, balance 0: without the guard this would be "close the credit line"
    items = analyze(report(account("A1", jd, status=Status.OTHER, balance=0, status_raw="核销"))).todo
    assert [t.action for t in items] == ["contact_lender"] and items[0].platform == "京东金条"
    card = account("A1", CMB, family=Family.CREDIT_CARD, status=Status.FROZEN, balance=0, used=0, status_raw="冻结")
    assert [t.action for t in analyze(report(card)).todo] == ["cancel_card"]
    owed = replace(card, status=Status.STOPPED, status_raw="止付", balance=500, used=500)
    [item] = analyze(report(owed)).todo
    assert item.action == "repay_then_close" and "500" in item.reason


# --- reduced status tables and sentences (spec §3.5.3) ----------------------------------------

HEAD = ["个人信用报告", "（本人版）", "报告编号：20250311040139000001 报告时间：2025.03.11 04:01:39",
        "三 信贷交易信息明细", "（一）非循环贷账户", "账户1",
        ("管理机构", "账户标识", "开立日期", "到期日期", "借款金额", "账户币种"),
        ("重庆京东盛际小额贷款有限公司", "X1", "2022.03.15", "2023.03.15", "5,000", "人民币元"),
        "截至2023年05月31日"]


def read_one(*status_lines):
    result = DetailedParser().extract(TextDoc([HEAD + list(status_lines) + ["四 查询记录"]]))
    [a] = result.accounts
    return a, result.checks


@pytest.mark.parametrize("rows, status, closed_on", [
    ([("账户状态", "账户关闭日期"), ("结清", "2021.02.23")], Status.SETTLED, "2021-02-23"),
    ([("账户状态", "账户关闭日期"), ("2021.02.23结清", "")], Status.SETTLED, "2021-02-23"),  # text run together
    ([("账户状态", "转出月份"), ("转出", "2023.11")], Status.TRANSFERRED, "2023-11"),
    ([("账户状态", "余额", "最近一次还款日期"), ("呆账", "3,000", "--")], Status.BAD_DEBT, None),
])
def test_reduced_status_tables(rows, status, closed_on):
    a, checks = read_one(*rows)
    assert (a.status, a.closed_on) == (status, closed_on)
    assert not [c for c in checks if c.level == "error"]


def test_status_in_a_sentence():
    result = DetailedParser().extract(TextDoc([HEAD[:-1] + ["截至2023年05月31日，账户状态为“销户”。", "四 查询记录"]]))
    [a] = result.accounts
    assert (a.status, a.status_raw, a.as_of) == (Status.CLOSED, "销户", "2023-05-31")


def test_a_placeholder_status_is_an_error_not_a_status():
    a, checks = read_one(("账户状态", "余额"), ("--", "100"))
    assert a.status is Status.OTHER and "missing_status" in {c.code for c in checks if c.level == "error"}


# --- item 9: the totals in the header -------------------------------------------------------------


def dual(used_usd: int = 0, **kw):
    cny = account("A1", CMB, family=Family.CREDIT_CARD, balance=0, used=0, credit_limit=20000, card_tail="6041", **kw)
    usd = replace(cny, ref="A2", currency="USD", balance=used_usd, used=used_usd)
    return cny, usd


def test_a_dual_currency_card_counts_its_limit_once():
    cny, usd = dual()
    result = analyze(report(cny, usd), settings=RuleSettings(include_cards=True))
    assert result.impact.open_credit_limit_before == 20000
    [item] = result.todo
    assert item.accounts == ("A1", "A2") and item.credit_limit == 20000
    assert result.impact.open_credit_limit_after == 0
    # the 美元 side in use: cancelling the 人民币 side removes no limit
    cny, usd = dual(used_usd=300)
    result = analyze(report(cny, usd), settings=RuleSettings(include_cards=True))
    [item] = result.todo
    assert item.accounts == ("A1",) and item.credit_limit is None
    assert result.impact.open_credit_limit_after == result.impact.open_credit_limit_before == 20000
    # without a tail, the 共享授信额度 they share says the same (详版)
    cny, usd = (replace(a, card_tail=None, shared_limit=20000) for a in dual())
    assert analyze(report(cny, usd)).impact.open_credit_limit_before == 20000
    # two cards of one bank with the same limit but no shared limit are two limits
    other = replace(dual()[1], currency="CNY", card_tail="1010")
    assert analyze(report(dual()[0], other)).impact.open_credit_limit_before == 40000


def test_the_after_line_counts_repay_then_close_as_the_todo_does():
    jd = "重庆京东盛际小额贷款有限公司"
    line = account("A1", "深圳前海微众银行股份有限公司", family=Family.REVOLVING, balance=800, credit_limit=30000)
    result = analyze(report(line, account("A2", jd, status=Status.OVERDUE, balance=100)))
    assert [t.action for t in result.todo] == ["resolve_overdue", "repay_then_close"]
    i = result.impact
    assert (i.open_accounts_before, i.open_accounts_after) == (2, 1)  # the overdue loan stays open
    assert (i.open_credit_limit_before, i.open_credit_limit_after) == (30000, 0)
    closing = [t for t in result.todo if t.action != "resolve_overdue"]
    assert i.open_credit_limit_before - i.open_credit_limit_after == sum(t.credit_limit or 0 for t in closing)


def test_the_header_says_what_the_total_adds_up(rendered):
    _, _, result = rendered
    header = "\n".join(summary_header(result))
    assert f"授信额度合计 ¥{result.impact.open_credit_limit_before:,}（信用卡额度和授信额度，不含贷款金额）" in header
    assert "not loan amounts" in "\n".join(summary_header(result, lang="en"))
    assert "先还清再关闭" in impact_line(result)
    # the dual-currency card of this report counts once: its two accounts share one line
    tails = [a for a in result.accounts if a.family is Family.CREDIT_CARD and a.shared_limit]
    pair = [a for a in tails if sum(b.card_tail == a.card_tail and b.opened == a.opened for b in tails) == 2]
    assert len(pair) == 2 and {a.currency for a in pair} == {"CNY", "USD"}
