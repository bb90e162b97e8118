"""Closure rules, grouping, priority and impact, on small hand-made reports."""

from __future__ import annotations

import json
from datetime import date

import pytest

from creditgap.api import analyze_report
from creditgap.model import Family, Status
from creditgap.judge.rules import (
    RuleSettings,
    analyze,
    balance_left,
    settled_not_closed,
    unused_agreement,
    unused_card,
    unused_credit_line,
)
from tests.factories import account, agreement, report
from tests.helpers import SAMPLES

JD = "重庆京东盛际小额贷款有限公司"
WEBANK = "深圳前海微众银行股份有限公司"
CCB = "中国建设银行股份有限公司上海市分行"


def todo_of(*records, **settings):
    return analyze(report(*records), settings=RuleSettings(**settings)).todo


@pytest.mark.parametrize("name", ["detailed-clean", "detailed-online", "detailed-kitchen", "detailed-statuses"])
def test_sample_todo_equals_what_the_generator_meant(name):
    truth = json.loads((SAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))
    result = analyze_report(SAMPLES / f"{name}.pdf")
    got = sorted(({"platform": t.platform, "lender": t.lender, "action": t.action, "accounts": list(t.accounts),
                   "agreements": list(t.agreements)} for t in result.todo),
                 key=lambda i: (i["lender"], i["action"], i["accounts"], i["agreements"]))
    assert got == truth["expected_todo"]
    assert [t.id for t in result.todo] == list(range(1, len(result.todo) + 1))


def test_settled_not_closed_needs_a_zero_balance_not_a_placeholder():
    assert settled_not_closed(account("A1", JD, balance=0))
    assert settled_not_closed(account("A1", JD, balance=None)) is None  # "--": not reported, not zero
    assert settled_not_closed(account("A1", JD, balance=12)) is None
    assert settled_not_closed(account("A1", JD, status=Status.SETTLED, balance=None)) is None
    assert settled_not_closed(account("A1", JD, family=Family.REVOLVING_SUB, balance=0))


def test_unused_credit_line():
    assert unused_credit_line(account("A1", WEBANK, family=Family.REVOLVING, balance=0))
    assert unused_credit_line(account("A1", WEBANK, family=Family.REVOLVING, balance=500)) is None
    assert unused_credit_line(account("A1", WEBANK, family=Family.LOAN, balance=0)) is None


def test_agreement_rules():
    g = agreement("P1", JD, "X1", used=0)
    assert unused_agreement(g, [])  # listed, nothing used, no account
    assert unused_agreement(agreement("P1", JD, "X1", used=None), [])
    assert unused_agreement(agreement("P1", JD, "X1", used=5000), []) is None
    settled = account("A1", JD, status=Status.SETTLED, balance=None, agreement_id="X1")
    assert unused_agreement(agreement("P1", JD, "X1", used=5000), [settled])  # its accounts are all settled
    drawn = account("A2", JD, balance=300, agreement_id="X1")
    assert unused_agreement(g, [settled, drawn]) is None


def test_cards_only_on_request():
    card = account("A1", CCB, family=Family.CREDIT_CARD, balance=0, used=0)
    assert unused_card(card)
    assert unused_card(account("A1", CCB, family=Family.CREDIT_CARD, status=Status.INACTIVE, balance=None))
    assert unused_card(account("A1", CCB, family=Family.CREDIT_CARD, balance=300, used=300)) is None
    assert todo_of(card) == ()
    items = todo_of(card, include_cards=True)
    assert [(t.action, t.platform) for t in items] == [("cancel_card", "建设银行")]


def test_balance_left_only_at_online_lenders():
    assert balance_left(account("A1", JD, balance=800), online=True)
    assert balance_left(account("A1", JD, balance=800), online=False) is None
    mortgage = account("A1", CCB, balance=900000, amount=1000000, business_type="个人住房商业贷款")
    assert todo_of(mortgage) == ()


def test_overdue_cannot_be_closed_yet():
    items = todo_of(account("A1", JD, status=Status.OVERDUE, balance=3000))
    assert [t.action for t in items] == ["resolve_overdue"]
    assert "结清前无法关闭" in items[0].reason
    # the app's closing path is no advice for a bad record; the institution's phone is
    assert items[0].steps is None and items[0].platform == "京东金条"


def test_agreement_is_merged_with_its_lenders_accounts():
    items = todo_of(account("A1", JD, family=Family.REVOLVING_SUB, balance=0, agreement_id="X1"),
                    account("A2", JD, balance=0), agreement("P1", JD, "X1", limit=30000))
    assert len(items) == 1
    assert items[0].accounts == ("A1", "A2") and items[0].agreements == ("P1",)
    # the agreement covers A1; A2 is a loan: its 借款金额 is no credit line (issue 22, item 9)
    assert items[0].credit_limit == 30000


def test_agreement_without_any_account():
    items = todo_of(agreement("P1", "招联消费金融股份有限公司", "Z1", limit=20000))
    assert [(t.platform, t.agreements, t.credit_limit) for t in items] == [("招联金融", ("P1",), 20000)]


def test_same_lender_two_platforms_uses_the_best_and_reports_confidence():
    items = todo_of(account("A1", "江苏银行股份有限公司", balance=0))
    assert items[0].platform == "江苏银行" and items[0].confidence == 1.0
    # 度小满 70 / 百信银行 60: the mapping alone does not tell them apart, so the confidence is shared
    # between the two (0.7 × 70/130) and the item says what to ask (issue 13, lenders.contenders)
    items = todo_of(account("A1", "中信百信银行股份有限公司", balance=0))
    assert items[0].platform == "度小满" and items[0].confidence == 0.38
    assert "也可能是百信银行" in items[0].reason and "请问这笔贷款是通过哪个平台借的" in items[0].reason


def test_joint_loan_same_day_goes_to_the_shared_platform():
    day = date(2024, 7, 30)
    items = todo_of(account("A1", "重庆度小满小额贷款有限公司", opened=day), account("A2", "中信百信银行股份有限公司", opened=day))
    assert {t.platform for t in items} == {"度小满"}
    assert all("联合贷款" in t.reason for t in items)
    other_day = todo_of(account("A1", "重庆度小满小额贷款有限公司", opened=day),
                        account("A2", "中信百信银行股份有限公司", opened=date(2024, 8, 1)))
    assert all("联合贷款" not in t.reason for t in other_day)


def test_unknown_lender_gets_a_question_to_ask():
    items = todo_of(account("A1", "甘肃陇原村镇银行股份有限公司", balance=0, opened=date(2021, 3, 4)))
    assert items[0].action == "contact_lender" and items[0].platform is None
    assert "甘肃陇原村镇银行股份有限公司" in items[0].reason and "2021年3月4日" in items[0].reason
    assert items[0].confidence == 0.0
    en = todo_of(account("A1", "甘肃陇原村镇银行股份有限公司", balance=0), lang="en")
    assert "Which platform" in en[0].reason


def test_priority_online_first_then_larger_limits_then_slower_updates():
    items = todo_of(
        account("A1", "中国农业银行股份有限公司", family=Family.REVOLVING, balance=0, credit_limit=90000),
        account("A2", WEBANK, family=Family.REVOLVING, balance=0, credit_limit=10000),
        account("A3", "重庆蚂蚁消费金融有限公司", family=Family.REVOLVING, balance=0, credit_limit=50000),
        # 45 days to update; opened another day: 新网银行 lists 借呗 as a partner, so a 新网银行 account opened the
        # same day as a 蚂蚁消金 one would be a 借呗 joint loan (issue 25)
        account("A4", "四川新网银行股份有限公司", family=Family.REVOLVING, balance=0, credit_limit=10000, opened=date(2023, 6, 1)),
        account("A5", JD, balance=500),  # repay first: after what can be closed now
    )
    assert [t.accounts[0] for t in items] == ["A3", "A4", "A2", "A1", "A5"]


def test_impact_counts_what_closing_removes():
    result = analyze(report(account("A1", JD, balance=0, amount=5000),
                            account("A2", WEBANK, family=Family.REVOLVING, balance=0, credit_limit=20000),
                            account("A3", CCB, balance=800000, amount=1000000),
                            account("A4", JD, status=Status.SETTLED, balance=None)))
    i = result.impact
    assert (i.open_accounts_before, i.open_accounts_after) == (3, 1)
    # card limits and credit lines only: the loans' amounts (A1's 5,000, the mortgage's 1,000,000) are no
    # credit line (issue 22, item 9); closing A2 removes its 20,000
    assert (i.open_credit_limit_before, i.open_credit_limit_after) == (20000, 0)
    assert (i.lenders_before, i.lenders_after) == (3, 1)
