"""Readiness (issue 16): every figure against answers known in advance.

Hand-made reports carry their answers written out; for the committed samples the answers come from
the truth files (the model each PDF was rendered from, and the to-do list the generator meant),
computed here with dateutil's calendar arithmetic, never from the analyzer's own output.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache

import pytest
from dateutil.relativedelta import relativedelta

from creditgap.api import analyze_report
from creditgap.figures import Hint
from creditgap.judge.readiness import HARD, REASON_KIND, SOFT, assess, kind_of, load_hints, months_back, next_drop, read_hints
from creditgap.judge.rules import RuleSettings, analyze
from creditgap.model import Family, Header, Inquiry, Liability, Report, Status, to_json
from creditgap.outputs.readiness_view import readiness_lines
from creditgap.outputs.terminal import analysis_view
from creditgap.outputs.text import width
from samples.synth import INQUIRING_LENDERS, ONLINE_LENDERS
from tests.factories import account, agreement, report
from tests.helpers import SAMPLES

JD = "重庆京东盛际小额贷款有限公司"
WEBANK = "深圳前海微众银行股份有限公司"
MAYI = "重庆蚂蚁消费金融有限公司"
CCB = "中国建设银行股份有限公司上海市分行"
CMB = "招商银行股份有限公司信用卡中心"
KEYS = ("1m", "3m", "6m", "12m", "24m")
# What the generator (samples/synth.py REASONS, SELF_REASONS) means as applications: the rest is soft.
GENERATOR_HARD = {"贷款审批", "信用卡审批", "担保资格审查"}


def header(day: date) -> Header:
    return Header(layout="detailed", generation=2, report_no="x", report_time=datetime(day.year, day.month, day.day, 9, 30),
                  subject_name="张三", subject_id="110101199001011234")


def with_inquiries(day: date, *rows: tuple[date, str, str]) -> Report:
    return Report(header=header(day), inquiries=tuple(Inquiry(d, who, why) for d, who, why in rows))


def readiness_of(r: Report, **settings: object):
    return assess(analyze(r, settings=RuleSettings(**settings)))  # type: ignore[arg-type]


# --- windows ---------------------------------------------------------------------------------


@pytest.mark.parametrize("day, months, start", [
    (date(2025, 3, 31), 6, date(2024, 9, 30)),  # clamped to the month's end
    (date(2025, 3, 31), 1, date(2025, 2, 28)),
    (date(2024, 3, 31), 1, date(2024, 2, 29)),  # leap year
    (date(2024, 2, 29), 12, date(2023, 2, 28)),
    (date(2025, 1, 15), 3, date(2024, 10, 15)),  # across a year
    (date(2025, 5, 22), 24, date(2023, 5, 22)),
    (date(2025, 12, 31), 12, date(2024, 12, 31)),
])
def test_months_back(day, months, start):
    assert months_back(day, months) == start
    assert months_back(day, months) == day - relativedelta(months=months)


def test_inquiries_exactly_at_window_edges():
    # report 2025-03-31: windows start 2025-02-28, 2024-12-31, 2024-09-30, 2024-03-31, 2023-03-31
    r = readiness_of(with_inquiries(
        date(2025, 3, 31),
        (date(2025, 3, 31), "招商银行", "贷款审批"),  # the report day itself: every window
        (date(2025, 2, 28), "招商银行", "贷款审批"),  # the 1-month edge (clamped): counts
        (date(2025, 2, 27), "招商银行", "信用卡审批"),  # one day earlier: 3 months, not 1
        (date(2024, 12, 31), JD, "贷款审批"),  # the 3-month edge
        (date(2024, 12, 30), JD, "贷款审批"),  # one day earlier: 6 months, not 3
        (date(2024, 9, 30), WEBANK, "担保资格审查"),  # the 6-month edge (30 September, not 31)
        (date(2024, 9, 29), WEBANK, "保前审查"),  # one day earlier: 12 months, not 6
        (date(2024, 3, 31), CCB, "融资审批"),  # the 12-month edge
        (date(2024, 3, 30), CCB, "额度审批"),  # one day earlier: 24 months only
        (date(2023, 3, 31), CCB, "资信审查"),  # the 24-month edge
        (date(2023, 3, 30), CCB, "贷款审批"),  # one day earlier: in no window
        (date(2025, 3, 20), JD, "贷后管理"),
        (date(2024, 9, 29), "本人", "本人查询（互联网个人信用信息服务平台）"),
        (date(2024, 9, 30), "本人", "本人查询(自助查询机)"),  # half-width brackets
    ))
    q = r.inquiries
    assert q.hard == {"1m": 2, "3m": 4, "6m": 6, "12m": 8, "24m": 10}
    assert q.soft == {"1m": 1, "3m": 1, "6m": 2, "12m": 3, "24m": 3}
    assert q.hard_institutions == {"1m": 1, "3m": 2, "6m": 3, "12m": 4, "24m": 4}
    assert q.hard_online == {"1m": 0, "3m": 1, "6m": 3, "12m": 4, "24m": 4}  # 京东 and 微众 are online lenders
    assert q.by_reason["本人查询"] == {"1m": 0, "3m": 0, "6m": 1, "12m": 2, "24m": 2}
    assert q.by_reason["贷款审批"] == {"1m": 2, "3m": 3, "6m": 4, "12m": 4, "24m": 4}
    assert q.unclassified == ()


def test_json_shape_of_the_inquiry_windows():
    data = to_json(analyze_with_readiness(with_inquiries(date(2025, 3, 31), (date(2025, 3, 1), "招商银行", "贷款审批"))))
    assert list(data)[list(data).index("impact") + 1] == "readiness"
    assert data["readiness"]["inquiries"]["hard"] == {"1m": 1, "3m": 1, "6m": 1, "12m": 1, "24m": 1}
    assert data["readiness"]["inquiries"]["soft"] == {"1m": 0, "3m": 0, "6m": 0, "12m": 0, "24m": 0}
    assert set(data["readiness"]) == {"as_of", "inquiries", "figures", "hints"}
    assert data["readiness"]["figures"]["open_loan_accounts"] == {"now": 0, "after": 0}
    json.dumps(data)  # serialisable as it is


def analyze_with_readiness(r: Report) -> Report:
    from dataclasses import replace

    done = analyze(r)
    return replace(done, readiness=assess(done))


def test_every_reason_of_the_vocabulary_is_decided():
    vocabulary = ("贷后管理 贷款审批 信用卡审批 担保资格审查 司法调查 公积金提取复核 特约商户实名审查 保前审查 保后管理 "
                  "法人代表、负责人、高管等资信审查 客户准入资格审查 融资审批 资信审查 额度审批 异议处理 其他").split()
    assert set(vocabulary) | {"本人查询"} == set(REASON_KIND)
    hard = {"贷款审批", "信用卡审批", "担保资格审查", "保前审查", "融资审批", "额度审批", "资信审查", "客户准入资格审查",
            "法人代表、负责人、高管等资信审查"}
    assert {r for r in vocabulary if kind_of(r) == HARD} == hard
    for channel in ("本人查询（临柜）", "本人查询（自助查询机）", "本人查询（互联网个人信用信息服务平台）",
                    "本人查询（商业银行网上银行）", "本人查询（征信中心柜台）", "本人查询(临柜)"):
        assert kind_of(channel) == SOFT
    assert kind_of(" 贷款 审批 ") == HARD  # spaces from a wrapped cell
    assert kind_of("贷后管理") == SOFT


def test_a_reason_outside_the_vocabulary_is_listed_and_decided_by_its_words():
    r = readiness_of(with_inquiries(date(2025, 3, 31), (date(2025, 3, 1), "某机构", "个人贷款审批复核"),
                                    (date(2025, 3, 2), "某机构", "保单查询")))
    assert r.inquiries.hard["1m"] == 1 and r.inquiries.soft["1m"] == 1
    assert r.inquiries.unclassified == ("个人贷款审批复核", "保单查询")


# --- when a window's count falls -------------------------------------------------------------


def test_next_drop_like_the_issue_example():
    # 近6个月贷款审批查询 7 次; the two oldest (same day) leave together
    today = date(2026, 9, 13)
    dates = [date(2026, 3, 13), date(2026, 3, 13), date(2026, 3, 20), date(2026, 5, 1), date(2026, 6, 1),
             date(2026, 8, 1), date(2026, 9, 1)]
    drop = next_drop(dates, today, 6)
    assert (drop.count, drop.on, drop.to) == (7, date(2026, 9, 14), 5)
    assert next_drop([], today, 6) is None


def test_next_drop_over_a_clamped_month_end():
    # report 2025-02-28: the 6-month window starts 2024-08-28. On 2025-03-01 it starts 2024-09-01 (no
    # 29-31 February), so the inquiries of 28, 29 and 31 August leave on the same day.
    dates = [date(2024, 8, 28), date(2024, 8, 29), date(2024, 8, 31), date(2024, 9, 1), date(2025, 1, 5)]
    first = next_drop(dates, date(2025, 2, 28), 6)
    assert (first.count, first.on, first.to) == (5, date(2025, 3, 1), 2)


def test_drops_in_the_readiness_and_the_terminal_wording():
    r = with_inquiries(date(2026, 9, 13), *[(d, "招商银行", "贷款审批") for d in
                                            (date(2026, 3, 13), date(2026, 3, 13), date(2026, 6, 1))])
    done = analyze_with_readiness(r)
    assert done.readiness.inquiries.drops["6m"].on == date(2026, 9, 14)
    assert done.readiness.inquiries.drops["1m"] is None
    assert "近6个月硬查询 3 次，到 2026-09-14 降到 1 次" in "\n".join(readiness_lines(done))
    assert "6-month count 3 → 1 on 2026-09-14" in "\n".join(readiness_lines(done, "en"))


# --- the summary, before and after -----------------------------------------------------------


def test_loans_lenders_and_credit_before_and_after():
    r = Report(header=header(date(2025, 3, 11)), accounts=(
        account("A1", JD, balance=0, amount=5000),  # settled, still open: closed by the list
        account("A2", WEBANK, balance=3000, amount=8000),  # online with a balance: repaid, then closed
        account("A3", MAYI, family=Family.REVOLVING, balance=0, credit_limit=20000),  # unused line: closed
        account("A4", CCB, balance=800000, amount=1000000, business_type="个人住房商业贷款"),  # mortgage: stays
        account("A5", JD, status=Status.SETTLED, balance=None),  # settled: not open
        account("A6", CMB, family=Family.CREDIT_CARD, balance=4000, used=4000, credit_limit=10000),
        account("A7", CMB, family=Family.CREDIT_CARD, balance=0, used=0, credit_limit=30000),  # unused card
        account("A8", CCB, family=Family.CREDIT_CARD, status=Status.INACTIVE, balance=None, credit_limit=10000),
    ))
    f = readiness_of(r).figures
    assert (f.open_loan_accounts.now, f.open_loan_accounts.after) == (4, 1)
    assert (f.open_online_loan_accounts.now, f.open_online_loan_accounts.after) == (3, 0)
    assert (f.online_lenders_with_balance.now, f.online_lenders_with_balance.after) == (1, 0)
    assert (f.open_lenders.now, f.open_lenders.after) == (5, 2)  # 京东, 微众, 蚂蚁, 建行, 招行 → 建行, 招行
    assert (f.credit_granted.now, f.credit_granted.after) == (5000 + 8000 + 20000 + 1000000 + 50000, 1000000 + 50000)
    assert (f.credit_used.now, f.credit_used.after) == (3000 + 800000 + 4000, 800000 + 4000)
    assert (f.card_limit.now, f.card_used.now) == (50000, 4000)
    assert (f.card_utilisation.now, f.card_utilisation_max.now, f.card_max_ref.now) == (8.0, 40.0, "A6")
    assert f.card_utilisation.after == 8.0  # cards are listed only on request: nothing closed
    with_cards = readiness_of(r, include_cards=True).figures  # closing the unused cards raises utilisation
    assert (with_cards.card_limit.after, with_cards.card_utilisation.after, with_cards.card_max_ref.after) == (10000, 40.0, "A6")


def test_an_agreement_covers_its_accounts_and_foreign_currency_is_not_added():
    r = Report(header=header(date(2025, 3, 11)), accounts=(
        account("A1", JD, family=Family.REVOLVING_SUB, balance=700, agreement_id="X1"),
        account("A2", JD, family=Family.REVOLVING_SUB, balance=300, agreement_id="X1"),
        account("A3", CMB, family=Family.CREDIT_CARD, balance=100, used=100, credit_limit=2000, currency="USD"),
    ), agreements=(agreement("P1", JD, "X1", limit=30000, used=1000),))
    f = readiness_of(r).figures
    assert (f.credit_granted.now, f.credit_used.now, f.foreign_lines.now) == (30000, 1000, 1)
    assert f.card_utilisation.now is None  # no CNY card
    assert (f.credit_granted.after, f.credit_used.after) == (30000, 0)  # both repaid and closed; the agreement stays


def test_used_unknown_is_counted_not_guessed():
    r = Report(header=header(date(2025, 3, 11)), accounts=(account("A1", CCB, balance=None, amount=50000),))
    f = readiness_of(r).figures
    assert (f.credit_granted.now, f.credit_used.now, f.credit_used_unknown.now) == (50000, 0, 1)


def test_recent_accounts_overdue_and_liabilities():
    day = date(2025, 3, 31)
    r = Report(header=header(day), accounts=(
        account("A1", JD, opened=date(2024, 9, 30), balance=0, overdue_months_5y=0),  # 6-month edge: counts
        account("A2", JD, opened=date(2024, 9, 29), status=Status.SETTLED, balance=None, closed_on="2024-12",
                overdue_months_5y=0),  # 12 months only
        account("A3", CCB, opened=date(2024, 3, 31), balance=5000, status=Status.OVERDUE, overdue_months_5y=2),
        account("A4", CCB, opened=date(2019, 5, 1), status=Status.SETTLED, balance=None, overdue_months_5y=4,
                closed_on="2022-06-30"),  # overdue, but its record ended before the 2 years
        account("A5", CMB, family=Family.CREDIT_CARD, opened=date(2018, 1, 1), balance=0, used=0, overdue_months_5y=1),
        account("A6", CMB, family=Family.CREDIT_CARD, opened=date(2024, 1, 1), status=Status.INACTIVE, balance=None),
        account("A7", "中国信达资产管理股份有限公司", family=Family.RECOVERED, opened=date(2025, 1, 2), status=Status.OVERDUE,
                balance=900, amount=1000),  # 被追偿: not a new account, overdue now
    ), liabilities=(Liability("L1", CCB, date(2020, 1, 1), "个人", "保证人", 100000, 60000, "2025-03"),
                    Liability("L2", CCB, date(2021, 1, 1), "企业", "保证人", 50000, None, "2025-03")))
    f = readiness_of(r).figures
    assert (f.opened_6m.now, f.opened_12m.now) == (1, 3)  # A1; A1, A2, A3 (A7 is 被追偿)
    assert (f.opened_6m.after, f.opened_12m.after) == (1, 3)  # closing does not remove history
    assert (f.overdue_now.now, f.overdue_now.after) == (2, 0)  # A3, A7 resolved by the list
    assert (f.overdue_5y_accounts.now, f.overdue_5y_months.now) == (4, 7)  # A3, A4, A5 + A7 (overdue now)
    assert f.overdue_5y_unknown.now == 1  # A7: the report gives no 5-year count; A6 never activated
    assert (f.overdue_2y_min.now, f.overdue_2y_max.now) == (2, 3)  # A3, A7 certain; A5 possible; A4 ended
    assert (f.liabilities.now, f.liabilities_balance.now) == (2, 60000)
    assert (f.liabilities.after, f.overdue_5y_accounts.after) == (2, 4)


# --- review hints ----------------------------------------------------------------------------


def test_bundled_hints_are_sourced_and_name_known_figures():
    hints = load_hints()
    assert hints
    for h in hints:
        assert h.source_url.startswith("http") and h.recorded and h.wording_zh and h.wording_en
        assert h.operator in (">", ">=")
        assert "银行规定" not in h.wording_zh  # worded as a common claim, never as a bank's rule
        assert h.wording_zh.startswith("常见说法")
    figures = set(readiness_of(with_inquiries(date(2025, 1, 1))).figures.__dataclass_fields__)
    computable = figures | {f"hard_inquiries_{k}" for k in KEYS}
    assert {h.figure for h in hints} - computable == {"overdue_months_2y"}  # documented as not compared


def test_a_figure_above_a_hint_is_highlighted_not_predicted():
    hint = Hint("hard_inquiries_6m", ">", 2, "常见说法：测试", "a test", "https://example.org", "t", "", "2026-12-01")
    r = with_inquiries(date(2025, 3, 31), *[(date(2025, 3, n), "招商银行", "贷款审批") for n in (1, 2, 3)])
    done = analyze(r)
    result = assess(done, hints=(hint,))
    assert [(c.now, c.above_now, c.above_after) for c in result.hints] == [(3, True, True)]
    at = assess(done, hints=(Hint("hard_inquiries_6m", ">", 3, "", "", "", "", "", ""),))
    assert at.hints[0].above_now is False  # equal is not above for ">"
    ge = assess(done, hints=(Hint("hard_inquiries_6m", ">=", 3, "", "", "", "", "", ""),))
    assert ge.hints[0].above_now is True
    from dataclasses import replace

    text = "\n".join(readiness_lines(replace(done, readiness=result)))
    assert "3*(>2)" in text and "不预示审批结果" in text


def test_hint_file_with_a_bad_operator_is_refused():
    with pytest.raises(ValueError):
        read_hints("figure,operator,threshold,wording_zh,wording_en,source_url,source_title,published,recorded\n"
                   "open_lenders,<,3,x,x,http://x,x,,2026-12-01\n")


# --- the committed samples, against their truth files ---------------------------------------

SAMPLE_NAMES = ["detailed-online", "detailed-kitchen", "simplified-gen1", "simplified-kitchen"]


@cache
def analysed(name: str) -> Report:
    return analyze_report(SAMPLES / f"{name}.pdf")


@cache
def truth(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))


def expected_windows(dates: list[date], day: date) -> dict[str, int]:
    return {f"{n}m": sum(1 for d in dates if day - relativedelta(months=n) <= d <= day) for n in (1, 3, 6, 12, 24)}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_inquiry_windows_equal_the_generators_model(name):
    t = truth(name)
    day = datetime.fromisoformat(t["report"]["report_time"]).date()
    rows = [(date.fromisoformat(i["date"]), i["institution"], i["reason"]) for i in t["inquiries"]]
    hard = [d for d, _, why in rows if why in GENERATOR_HARD]
    soft = [d for d, _, why in rows if why not in GENERATOR_HARD]
    online = [d for d, who, why in rows if why in GENERATOR_HARD and who in ONLINE_LENDERS + INQUIRING_LENDERS]
    q = analysed(name).readiness.inquiries
    assert q.hard == expected_windows(hard, day)
    assert q.soft == expected_windows(soft, day)
    assert q.hard_online == expected_windows(online, day)
    for n in (1, 3, 6, 12, 24):
        start = day - relativedelta(months=n)
        assert q.hard_institutions[f"{n}m"] == len({who for d, who, why in rows if why in GENERATOR_HARD and start <= d})
    if t["report"]["generation"] == 1:  # 1st-generation dates (2018年3月6日, un-padded) read back exactly
        assert analysed(name).header.generation == 1 and q.hard["24m"] == len(hard) > 0


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_figures_equal_the_generators_model_and_intent(name):
    t = truth(name)
    day = datetime.fromisoformat(t["report"]["report_time"]).date()
    closed = {ref for item in t["expected_todo"] for ref in item["accounts"]}  # what the generator meant closed
    accounts = t["accounts"]
    opened = [a for a in accounts if a["family"] != "recovered"]
    loans = [a for a in accounts if a["is_open"] and a["family"] in ("loan", "revolving_sub", "revolving")]
    online = [a for a in loans if a["lender"] in ONLINE_LENDERS]
    with_balance = {a["lender"] for a in online if (a["balance"] or 0) > 0}
    overdue = [a for a in accounts if a["is_open"] and a["status"] in ("overdue", "bad_debt")]
    cards = [a for a in accounts if a["is_open"] and a["family"] == "credit_card" and a["currency"] == "CNY"
             and a["credit_limit"]]
    # a card's 已用额度, or its 余额 where the report gives only that (简版 大额专项分期卡); never activated: 0
    used = {a["ref"]: 0 if a["status"] == "inactive" else a["used"] if a["used"] is not None else a["balance"]
            for a in cards}
    f = analysed(name).readiness.figures
    assert (f.open_loan_accounts.now, f.open_loan_accounts.after) == (len(loans), sum(a["ref"] not in closed for a in loans))
    assert (f.open_online_loan_accounts.now, f.open_online_loan_accounts.after) == (
        len(online), sum(a["ref"] not in closed for a in online))
    assert (f.online_lenders_with_balance.now, f.online_lenders_with_balance.after) == (
        len(with_balance), len({a["lender"] for a in online if (a["balance"] or 0) > 0 and a["ref"] not in closed}))
    for n, figure in ((6, f.opened_6m), (12, f.opened_12m)):
        start = day - relativedelta(months=n)
        expected = sum(1 for a in opened if start <= date.fromisoformat(a["opened"]) <= day)
        assert (figure.now, figure.after) == (expected, expected)
    assert (f.overdue_now.now, f.overdue_now.after) == (len(overdue), sum(a["ref"] not in closed for a in overdue))
    assert f.overdue_5y_months.now == sum(a["overdue_months_5y"] or 0 for a in accounts)
    assert f.overdue_5y_accounts.now == len({a["ref"] for a in accounts if (a["overdue_months_5y"] or 0) > 0}
                                            | {a["ref"] for a in overdue})
    assert f.liabilities.now == len(t["liabilities"])
    assert f.liabilities_balance.now == sum(x["balance"] or 0 for x in t["liabilities"])
    if cards and any(v is not None for v in used.values()):
        known = [a for a in cards if used[a["ref"]] is not None]
        total = sum(a["credit_limit"] for a in known)
        assert f.card_limit.now == total
        assert f.card_utilisation.now == round(sum(used[a["ref"]] for a in known) * 100 / total, 1)
        assert f.card_utilisation_max.now == max(round(used[a["ref"]] * 100 / a["credit_limit"], 1) for a in known)


def test_sample_json_carries_readiness_after_impact():
    from click.testing import CliRunner

    from creditgap.cli import cli

    result = CliRunner().invoke(cli, ["analyze", str(SAMPLES / "detailed-online.pdf"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data)[list(data).index("impact") + 1] == "readiness"
    assert set(data["readiness"]["inquiries"]["hard"]) == set(KEYS)
    assert all(isinstance(v, int) for v in data["readiness"]["inquiries"]["soft"].values())


# --- the terminal block ----------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLE_NAMES + ["detailed-clean", "simplified-online"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_terminal_block_fits_12_lines_of_100_columns(name, lang):
    lines = readiness_lines(analysed(name), lang)
    assert 8 <= len(lines) <= 12
    assert all(width(line) <= 100 for line in lines)
    assert not any(line.endswith("…") for line in lines)  # fits without being cut
    view = analysis_view(analysed(name), lang, show_readiness=True)
    assert "\n".join(lines) in view
    assert lines[0] not in analysis_view(analysed(name), lang)  # only when asked


def test_cli_readiness_flag():
    from click.testing import CliRunner

    from creditgap.cli import cli

    result = CliRunner().invoke(cli, ["analyze", str(SAMPLES / "detailed-kitchen.pdf"), "--readiness"])
    assert result.exit_code == 0, result.output
    assert "体检：" in result.output and "硬查询" in result.output
    en = CliRunner().invoke(cli, ["analyze", str(SAMPLES / "detailed-kitchen.pdf"), "--readiness", "--lang", "en"])
    assert "Check-up:" in en.output


def test_a_report_without_a_time_has_no_windows():
    r = Report(header=Header("detailed", 2, None, None, None, None),
               inquiries=(Inquiry(date(2025, 1, 1), "招商银行", "贷款审批"),), accounts=(account("A1", JD, balance=0),))
    x = readiness_of(r)
    assert x.as_of is None and x.inquiries.hard == dict.fromkeys(KEYS)
    assert x.figures.opened_6m.now is None and x.figures.open_loan_accounts.now == 1


def test_factories_report_is_analysed_too():
    r = readiness_of(report(account("A1", JD, balance=0), agreement("P1", JD, "Z9", limit=1000)))
    assert r.figures.open_loan_accounts.after == 0


def test_models_are_frozen():
    with pytest.raises(AttributeError):
        readiness_of(with_inquiries(date(2025, 1, 1))).as_of = None  # type: ignore[misc]



# --- compare: OLD → NEW ----------------------------------------------------------------------


def test_compare_shows_readiness_old_to_new_from_the_generators_pair():
    import random

    from click.testing import CliRunner

    from creditgap.api import compare_files
    from creditgap.cli import cli
    from creditgap.outputs.readiness_view import readiness_change_lines
    from samples.pairs import later
    from samples.synth import random_case

    model, intent = random_case(random.Random(12), "online")  # samples/generate.py: detailed-online → compare-later
    new_model, _, _ = later(model, intent, random.Random(99))

    def open_loans(r: Report) -> int:
        return sum(1 for a in r.accounts if a.is_open and a.family in (Family.LOAN, Family.REVOLVING_SUB, Family.REVOLVING))

    _, old, new = compare_files(SAMPLES / "detailed-online.pdf", SAMPLES / "compare-later.pdf")
    assert (old.readiness.figures.open_loan_accounts.now, new.readiness.figures.open_loan_accounts.now) == (
        open_loans(model), open_loans(new_model))
    day = new_model.header.report_time.date()
    hard = [i.date for i in new_model.inquiries if i.reason in GENERATOR_HARD]
    assert new.readiness.inquiries.hard == expected_windows(hard, day)
    for lang in ("zh", "en"):
        lines = readiness_change_lines(old, new, lang)
        assert len(lines) <= 6 and all(width(line) <= 100 and not line.endswith("…") for line in lines)
    text = "\n".join(readiness_change_lines(old, new))
    assert f"未结清贷款账户 {open_loans(model)} → {open_loans(new_model)}（0）" in text
    result = CliRunner().invoke(cli, ["compare", str(SAMPLES / "detailed-online.pdf"), str(SAMPLES / "compare-later.pdf"),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)["readiness"]
    assert data["figures"]["open_loan_accounts"] == {"old": open_loans(model), "new": open_loans(new_model), "expected": 0}
    assert data["inquiries"]["hard"]["new"] == expected_windows(hard, day)
