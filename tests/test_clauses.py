"""简版 items read as a head and clauses in any order (issue 12, item 3).

The property tests take random models, project them onto what a 简版 states, print every item
with its clauses shuffled and optional ones dropped (``Words.permuted``), and read each back with
``parse_sentence``: no PDF, so hundreds of models per generation in a few seconds. One more test
runs the same through PDFs."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from creditgap.model import Account, Family, Status
from creditgap.parse.layouts import parse_report
from creditgap.parse.simplified import SimplifiedParser, parse_sentence
from samples.render_simplified import SimplifiedStyle, Words, render_simplified, simplified_view
from samples.synth import random_report
from tests.helpers import TextDoc, assert_matches_truth

FAST = dict(deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])


def section_of(a: Account) -> str:
    if a.family is Family.RECOVERED:
        return "资产处置信息" if a.business_type == "资产处置" else "垫款信息"
    return "信用卡" if a.family in (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD) else "贷款"


def read_back(text: str, a: Account) -> Account:
    unknown: list[str] = []
    fields = parse_sentence(text, section_of(a), unknown)
    assert unknown == [], text
    return Account(**{**fields, "ref": a.ref, "page": None})


@pytest.mark.parametrize("generation", [1, 2])
@settings(max_examples=300, **FAST)
@given(seed=st.integers(0, 2**32))
def test_clauses_in_any_order_with_optional_ones_dropped(generation, seed):
    rng = random.Random(seed)
    view, _ = simplified_view(random_report(rng, rng.choice(["mixed", "mixed", "kitchen"])), generation)
    words = Words(SimplifiedStyle(generation=generation, full_width=rng.random() < 0.7))
    for a in view.accounts:
        text, stated = words.permuted(a, rng, drop=rng.choice([0.0, 0.3, 0.7]))
        assert read_back(text, a) == replace(stated, page=None), text


@pytest.mark.parametrize("generation", [1, 2])
def test_permuted_clauses_through_the_pdf(tmp_path, generation):
    for seed in range(40):
        rng = random.Random(seed)
        model = random_report(rng, "kitchen" if seed % 3 == 0 else "mixed")
        style = SimplifiedStyle(generation=generation, permute_clauses=True, clause_seed=seed, drop_optional=0.4,
                                full_width=rng.random() < 0.6, inquiry_operator=rng.random() < 0.5,
                                self_blank=rng.random() < 0.5)
        path = tmp_path / f"c{seed}.pdf"
        truth, _ = render_simplified(model, str(path), style, break_before={a.ref for a in model.accounts if rng.random() < 0.4})
        parsed = parse_report(path)
        assert_matches_truth(parsed, truth)
        assert [c for c in parsed.checks if c.level == "error"] == []


# --- named cases: the real wording and what the property tests found ------------------

HEADER = ["个人信用报告", "报告编号：2025031104013907986945 报告时间：2025-03-11 04:01:39",
          "姓名：张三 证件类型：身份证 证件号码：110101199001011234 已婚", "信贷记录"]


def read(section: str, sentence: str):
    return SimplifiedParser().extract(TextDoc([HEADER + [section, "1." + sentence, "查询记录"]]))


def test_card_whose_brackets_hold_only_the_tail_with_an_expiry_month_and_no_as_of():
    """The issue's real wording: (卡片尾号：…), then …年…月到期, the limit and the usage, no 截至."""
    report = read("信用卡", "2020年11月27日广发银行股份有限公司信用卡中心发放的贷记卡（卡片尾号：1019），2028年11月到期，"
                  "信用额度38,000，已使用额度440。")
    [a] = report.accounts
    assert (a.card_tail, a.currency, a.credit_limit, a.used, a.as_of, a.status) == ("1019", "CNY", 38000, 440, None, Status.NORMAL)
    assert report.checks == ()


def test_first_generation_closed_card_is_as_of_and_closed_in_the_same_month():
    [a] = read("信用卡", "2007年8月3日交通银行发放的贷记卡（人民币账户），截至2014年1月已销户。").accounts
    assert (a.as_of, a.closed_on, a.status, a.status_raw) == ("2014-01", "2014-01", Status.CLOSED, "已销户")


def test_an_unknown_clause_keeps_the_account_with_a_warning_naming_it():
    report = read("贷款", "2025年11月10日河南中原消费金融股份有限公司发放的49,180元（人民币）其他个人消费贷款，"
                  "2026年11月10日到期，按月归还。截至2026年03月，余额33,103。")
    [a] = report.accounts
    assert (a.balance, a.due.isoformat(), a.as_of) == (33103, "2026-11-10", "2026-03")
    [check] = report.checks
    assert (check.level, check.code) == ("warning", "unknown_clause") and "按月归还" in check.message


def test_an_unreadable_head_is_an_error_and_the_item_is_not_counted():
    report = read("贷款", "2025年11月10日某机构以新方式提供的服务，截至2026年03月，余额33,103。")
    assert report.accounts == ()
    assert [c.code for c in report.checks] == ["unparsed_sentence"]


def test_clauses_in_reverse_order():
    [a] = read("贷款", "2023年03月23日重庆蚂蚁消费金融有限公司为其他个人消费贷款授信，当前无逾期，余额为18,253，"
               "信用额度35,200元（人民币）。截至2026年03月，可循环使用，额度有效期至2029年03月23日。").accounts
    assert (a.family, a.credit_limit, a.balance, a.as_of, a.due.isoformat()) == (
        Family.REVOLVING, 35200, 18253, "2026-03", "2029-03-23")


def test_amounts_with_thousands_commas_do_not_end_a_clause():
    [a] = read("贷款", "2017年5月29日深圳前海微众银行股份有限公司发放的1,024,000元（人民币）个人消费贷款，"
               "2019年1月24日到期。截至2018年1月，余额1,014,400，逾期金额1,000。").accounts
    assert (a.amount, a.balance, a.status) == (1024000, 1014400, Status.OVERDUE)


def test_an_amount_followed_by_a_comma_and_a_date_keeps_its_own_digits():
    """Regression (property test, generation 1, seed 405): 累计代偿金额67,600，2022年3月已结清 was
    read as 67,600,202 and a clause 2年3月已结清."""
    [a] = read("垫款信息", "2021年7月7日以来重庆三峡融资担保集团股份有限公司累计代偿金额67,600，2022年3月已结清。").accounts
    assert (a.amount, a.status, a.closed_on) == (67600, Status.SETTLED, "2022-03")
