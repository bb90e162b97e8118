"""The 详版 parser against models the sample generator rendered (parse(render(model)) == model)."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from creditgap.model import Family, Status
from creditgap.parse.layouts import parse_report
from samples.render_detailed import DetailedStyle, render_detailed
from samples.synth import random_report

from tests.helpers import SAMPLES, assert_matches_truth, assert_sample_reads

DETAILED_SAMPLES = ["detailed-clean", "detailed-online", "detailed-kitchen", "detailed-statuses"]


@pytest.mark.parametrize("name", DETAILED_SAMPLES)
def test_committed_sample_matches_its_truth(name):
    assert_sample_reads(name, "detailed")


# Each example renders and parses a PDF (~0.5 s), so: a fixed number, derandomized, no shrinking
# (a failing seed pair is printed and replays directly).
@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.generate])
@given(st.integers(0, 2**32), st.integers(0, 2**32))
def test_round_trip_random_models(tmp_path_factory, model_seed, style_seed):
    model = random_report(random.Random(model_seed), "mixed")
    path = tmp_path_factory.mktemp("rt") / "r.pdf"
    truth = render_detailed(model, str(path), DetailedStyle.random(random.Random(style_seed)))
    assert_matches_truth(parse_report(path), truth)


def test_every_style_variant_reads_the_same(tmp_path):
    model = random_report(random.Random(5), "kitchen")
    for i, style in enumerate([
        DetailedStyle(label_cells=4, one_table=False, as_of_in_table=True, full_width=False),
        DetailedStyle(label_cells=6, one_table=True, watermark=True, dash="－"),
        DetailedStyle(label_cells=8, one_table=False, header_every_page=False, zero_summary="--"),
    ]):
        path = tmp_path / f"s{i}.pdf"
        truth = render_detailed(model, str(path), style)
        assert_matches_truth(parse_report(path), truth)


def test_wrapped_lender_name_is_joined_without_spaces(tmp_path):
    long_name = "中国工商银行股份有限公司银行卡业务部（牡丹卡中心）"
    model = random_report(random.Random(7), "clean")
    model = replace(model, accounts=tuple(replace(a, lender=long_name) if a.family is Family.CREDIT_CARD else a
                                          for a in model.accounts))
    truth = render_detailed(model, str(tmp_path / "w.pdf"), DetailedStyle(label_cells=8))
    parsed = parse_report(tmp_path / "w.pdf")
    assert long_name in {a.lender for a in parsed.accounts}
    assert_matches_truth(parsed, truth)


def test_placeholder_balance_is_null_not_zero(tmp_path):
    model = random_report(random.Random(8), "clean")
    loan = next(a for a in model.accounts if a.status is Status.NORMAL and a.family is Family.LOAN)
    model = replace(model, accounts=tuple(replace(a, balance=None) if a is loan else a for a in model.accounts))
    truth = render_detailed(model, str(tmp_path / "p.pdf"))
    parsed = parse_report(tmp_path / "p.pdf")
    assert next(a for a in parsed.accounts if a.ref == loan.ref).balance is None
    assert_matches_truth(parsed, truth)


def test_missing_account_is_reported_against_the_summary(tmp_path):
    """The report's own summary says more open loans than the blocks hold: an error check."""
    model = random_report(random.Random(9), "online")
    dropped = next(a for a in model.accounts if a.family is Family.LOAN and a.is_open)
    thinner = replace(model, accounts=tuple(a for a in model.accounts if a is not dropped))  # summary kept
    render_detailed(thinner, str(tmp_path / "m.pdf"))
    parsed = parse_report(tmp_path / "m.pdf")
    codes = {c.code for c in parsed.checks if c.level == "error"}
    assert "summary_accounts_mismatch" in codes
    assert "account_total_mismatch" in codes
    message = next(c.message for c in parsed.checks if c.code == "summary_accounts_mismatch")
    assert "非循环贷账户" in message


def test_page_of_each_account_is_where_its_heading_is():
    report = parse_report(SAMPLES / "detailed-kitchen.pdf")
    pages = [a.page for a in report.accounts]
    assert pages == sorted(pages) and pages[-1] > 3


def test_fake_bold_headings_are_deduplicated(tmp_path):
    """Headings drawn twice (fake bold) read once with dedupe_chars, and doubled without it."""
    from creditgap.read.items import TextSettings

    model = random_report(random.Random(6), "online")
    path = tmp_path / "bold.pdf"
    truth = render_detailed(model, str(path), DetailedStyle(fake_bold=True))
    assert_matches_truth(parse_report(path), truth)
    # pdfplumber keeps both copies unless told to dedupe (pdfium's text page drops overlapping copies itself)
    undeduped = parse_report(path, settings=TextSettings(dedupe=False, engine="pdfplumber"))
    assert len(undeduped.accounts) < len(truth.accounts)  # "账账户户1" is no heading


def test_label_value_pairs_in_one_row(tmp_path):
    """A producer that prints 管理机构 | 重庆… | 账户标识 | B105… in one row reads the same."""
    model = random_report(random.Random(10), "kitchen")
    for cells in (4, 6, 8):
        path = tmp_path / f"inline{cells}.pdf"
        truth = render_detailed(model, str(path), DetailedStyle(label_cells=cells, inline_pairs=True, as_of_in_table=True))
        assert_matches_truth(parse_report(path), truth)


def test_label_rows_with_labels_never_seen_still_pair():
    """A producer adds a label we do not know (账户类型); the known ones around it still read."""
    from creditgap.parse.detailed import DetailedParser
    from tests.helpers import TextDoc

    doc = TextDoc([["个人信用报告", "（本人版）", "报告编号：20250311040139000001 报告时间：2025.03.11 04:01:39",
                    "三 信贷交易信息明细", "（二）非循环贷账户", "账户1",
                    ("管理机构", "账户标识", "开立日期", "到期日期", "借款金额", "账户币种"),
                    ("重庆京东盛际小额贷款有限公司", "X1", "2022.03.15", "2023.03.15", "5,000", "人民币元"),
                    "截至2023年05月31日",
                    ("账户状态", "账户类型", "余额", "五级分类"), ("正常", "D1", "0", "--"),
                    ("业务种类", "担保方式", "共同借款标志"), ("其他个人消费贷款", "信用/免担保", "无"),
                    "四 查询记录"]])
    report = DetailedParser().extract(doc)
    [a] = report.accounts
    assert (a.lender, a.balance, a.status, a.amount, a.business_type) == (
        "重庆京东盛际小额贷款有限公司", 0, Status.NORMAL, 5000, "其他个人消费贷款")
    assert a.as_of == "2023-05-31" and a.page == 1
