"""Ranking platform candidates from the report's own evidence (issue 13, item 2): joint loans opened
the same day, loan inquiries on or shortly before the opening date."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest

from creditgap.api import analyze_report
from creditgap.judge.platforms import INQUIRY_WINDOW_DAYS, contenders, rank_by_evidence
from creditgap.judge.rules import RuleSettings, analyze
from creditgap.lenders import match_lender
from creditgap.model import Inquiry, to_json
from creditgap.outputs.terminal import todo_table
from tests.factories import account, report
from tests.helpers import SAMPLES

DAY = date(2024, 7, 30)
YILIAN = "吉林亿联银行股份有限公司"  # alone: 亿联银行 100, 美团借钱 40, then its listed partners (分期乐 …), 万达普惠 30
MEITUAN = "重庆美团三快小额贷款有限公司"  # 美团借钱 100, 美团月付 80
BAIXIN = "中信百信银行股份有限公司"  # alone: 度小满 70, 百信银行 60, 360借条 40, 拍拍贷 30
DXM = "重庆度小满小额贷款有限公司"  # 度小满
QIFU = "福州三六零网络小额贷款有限公司"  # 360借条
WANGSHANG = "浙江网商银行股份有限公司"  # 网商贷 100, 借呗 40, 花呗 40
GUANGFA = "广发银行股份有限公司信用卡中心"  # 广发银行 100, 借呗 20


def ranked(*records, inquiries=(), lang="zh"):
    return rank_by_evidence(replace(report(*records), inquiries=tuple(inquiries)), lang=lang)


def first(r, ref):
    record = next(x for x in r.accounts + r.agreements if x.ref == ref)
    return record.platforms[0]


def platforms(r, ref):
    return [p.platform for p in next(x for x in r.accounts if x.ref == ref).platforms]


def ask(days: int, who: str, why: str = "贷款审批") -> Inquiry:
    return Inquiry(DAY - timedelta(days=days), who, why)


def test_same_day_account_at_the_platforms_own_lender_decides():
    r = ranked(account("A1", YILIAN, opened=DAY), account("A2", MEITUAN, opened=DAY))
    best = first(r, "A1")
    assert best.platform == "美团借钱"
    assert best.evidence == (f"同日有{MEITUAN}开立的账户",)
    assert best.score == 40.0  # the mapping's score is kept; only the order changes
    mapping = [p.platform for p in match_lender(YILIAN)]
    assert platforms(r, "A1") == ["美团借钱"] + [p for p in mapping if p != "美团借钱"]  # then the mapping's own order


@pytest.mark.parametrize("days, why", [(0, "贷款审批"), (3, "授信审批"), (INQUIRY_WINDOW_DAYS, "额度审批"), (1, "融资审批")])
def test_loan_inquiry_within_the_window_decides(days, why):
    r = ranked(account("A1", YILIAN, opened=DAY), inquiries=[ask(days, MEITUAN, why)])
    best = first(r, "A1")
    assert best.platform == "美团借钱"
    when = "同日" if days == 0 else f"开立前{days}天"
    assert best.evidence == (f"{when}有{MEITUAN}的{why}查询",)


@pytest.mark.parametrize("inquiry", [
    ask(INQUIRY_WINDOW_DAYS + 1, MEITUAN),  # outside the window
    ask(-1, MEITUAN),  # the day after opening: another application, or 贷后管理
    ask(0, MEITUAN, "贷后管理"),  # not a loan application
    ask(0, MEITUAN, "信用卡审批"),
    ask(0, YILIAN),  # the record's own lender querying says nothing about the platform
    ask(0, GUANGFA),  # shares no platform with 亿联银行
])
def test_what_is_no_evidence(inquiry):
    r = ranked(account("A1", YILIAN, opened=DAY), inquiries=[inquiry])
    assert platforms(r, "A1") == [p.platform for p in match_lender(YILIAN)]
    assert platforms(r, "A1")[:2] == ["亿联银行", "美团借钱"]
    assert all(p.evidence == () for p in next(iter(r.accounts)).platforms)


def test_a_partners_weak_row_is_no_evidence():
    # 广发 funds 借呗 at weight 0.2: a card centre's loan inquiry before a 网商银行 loan does not make it 借呗
    r = ranked(account("A1", WANGSHANG, opened=DAY), inquiries=[ask(2, GUANGFA)])
    assert platforms(r, "A1") == ["网商贷", "借呗", "花呗"]


def test_evidence_for_two_platforms_stays_ambiguous_and_asks():
    # 度小满's own lender opened an account that day, 360's own lender queried that day
    records = (account("A1", BAIXIN, opened=DAY), account("A2", DXM, opened=DAY, balance=300))
    r = ranked(*records, inquiries=[ask(0, QIFU)])
    top = next(iter(r.accounts)).platforms
    assert [(p.platform, len(p.evidence)) for p in top[:2]] == [("度小满", 1), ("360借条", 1)]
    assert [p.platform for p in contenders(top)] == ["度小满", "360借条"]
    item = next(t for t in analyze(r).todo if t.lender == BAIXIN)
    assert "请问这笔贷款是通过哪个平台借的？" in item.reason and "报告里的依据指向不同平台（度小满、360借条）" in item.reason
    assert f"度小满：同日有{DXM}开立的账户" in item.reason and f"360借条：同日有{QIFU}的贷款审批查询" in item.reason
    assert item.confidence < 0.7


def test_two_pieces_for_one_platform_beat_one_for_another():
    r = ranked(account("A1", BAIXIN, opened=DAY), account("A2", DXM, opened=DAY, balance=300),
               inquiries=[ask(0, QIFU), ask(1, DXM)])
    best = first(r, "A1")
    assert best.platform == "度小满" and len(best.evidence) == 2
    assert contenders(next(iter(r.accounts)).platforms) == (best,)


def test_no_evidence_leaves_everything_as_it_was():
    before = replace(report(account("A1", BAIXIN, opened=DAY), account("A2", YILIAN, opened=DAY + timedelta(days=1))),
                     inquiries=(ask(30, QIFU), ask(0, "某某村镇银行股份有限公司")))
    assert rank_by_evidence(before) == before


def test_an_institution_counts_once_for_its_nearest_inquiry():
    r = ranked(account("A1", YILIAN, opened=DAY), inquiries=[ask(6, MEITUAN), ask(2, MEITUAN), ask(2, MEITUAN)])
    assert first(r, "A1").evidence == (f"开立前2天有{MEITUAN}的贷款审批查询",)


def test_agreements_count_too():
    from tests.factories import agreement

    g = replace(agreement("P1", MEITUAN, "M1"), effective=DAY)
    r = ranked(account("A1", YILIAN, opened=DAY), g)
    assert first(r, "A1").evidence == (f"同日有{MEITUAN}的授信协议",)


def test_english_evidence():
    r = ranked(account("A1", YILIAN, opened=DAY), account("A2", MEITUAN, opened=DAY), inquiries=[ask(2, MEITUAN)],
               lang="en")
    assert first(r, "A1").evidence == (f"an account opened the same day at {MEITUAN}",
                                       f"a loan approval inquiry by {MEITUAN} 2 days before opening")
    items = analyze(r, settings=RuleSettings(lang="en")).todo
    assert "Evidence: an account opened the same day" in next(t for t in items if t.lender == YILIAN).reason


def test_the_mapping_alone_undecided_asks_and_shares_the_confidence():
    items = analyze(ranked(account("A1", "重庆京东盛际小额贷款有限公司", opened=DAY))).todo  # 京东金条 100 / 京东白条 90
    assert items[0].platform == "京东金条"
    assert "可能是京东金条，也可能是京东白条" in items[0].reason and "请问这笔贷款是通过哪个平台借的？" in items[0].reason
    assert items[0].confidence == round(100 / 190, 2)
    clear = analyze(ranked(account("A1", "深圳前海微众银行股份有限公司", opened=DAY))).todo  # one candidate
    assert "请问" not in clear[0].reason and clear[0].confidence == 1.0


def test_evidence_singles_out_a_weakly_mapped_platform_with_confidence():
    items = analyze(ranked(account("A1", YILIAN, opened=DAY), inquiries=[ask(0, MEITUAN)])).todo
    assert items[0].platform == "美团借钱" and items[0].confidence == 0.9
    assert items[0].reason.endswith(f"依据：同日有{MEITUAN}的贷款审批查询")
    assert "请问" not in items[0].reason


def test_terminal_shows_the_evidence_on_its_own_line():
    result = analyze(ranked(account("A1", YILIAN, opened=DAY), inquiries=[ask(0, MEITUAN)]))
    lines = todo_table(result).splitlines()
    assert any(line.strip() == f"依据：同日有{MEITUAN}的贷款审批查询" for line in lines)
    assert not any(line.startswith("1. ") and "依据" in line for line in lines)


# --- the committed samples: what the generator meant ----------------------------------------

EVIDENCE_CASES = {BAIXIN: ("360借条", f"同日有{QIFU}的贷款审批查询"),
                  YILIAN: ("美团借钱", f"开立前3天有{MEITUAN}的贷款审批查询")}


@pytest.mark.parametrize("name", ["detailed-kitchen", "simplified-kitchen"])
def test_sample_inquiries_decide_the_platform_the_generator_meant(name):
    truth = json.loads((SAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))
    result = analyze_report(SAMPLES / f"{name}.pdf")
    meant = {(i["lender"], tuple(i["accounts"])): i["platform"] for i in truth["expected_todo"]}
    got = {(t.lender, t.accounts): t.platform for t in result.todo}
    assert got == meant  # every item, the evidence cases included
    data = to_json(result)
    for lender, (platform, evidence) in EVIDENCE_CASES.items():
        assert meant[next(k for k in meant if k[0] == lender)] == platform  # the generator's own record
        item = next(t for t in result.todo if t.lender == lender)
        assert item.platform == platform and item.reason.endswith("依据：" + evidence)
        account = next(a for a in data["accounts"] if a["lender"] == lender)
        assert account["platforms"][0]["platform"] == platform and account["platforms"][0]["evidence"] == [evidence]
    # 重庆度小满小额贷款 also queried, 12 days before the 百信 loan: outside the window, so not evidence
    assert not any("度小满" in e for a in data["accounts"] for p in a["platforms"] for e in p["evidence"])


def test_samples_first_candidate_is_the_generators_platform_more_often():
    """Before/after on the committed samples' to-do records (the figure issue 13 asks for)."""
    from creditgap.judge.platforms import attach_platforms
    from creditgap.parse.layouts import parse_report

    total = before = after = 0
    for name in ("detailed-online", "detailed-kitchen", "simplified-online", "simplified-kitchen", "simplified-gen1"):
        truth = json.loads((SAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))
        meant = {ref: i["platform"] for i in truth["expected_todo"] for ref in i["accounts"] + i["agreements"]}
        plain = attach_platforms(parse_report(SAMPLES / f"{name}.pdf"))
        ranked_ = rank_by_evidence(plain)
        for a, b in zip(plain.accounts + plain.agreements, ranked_.accounts + ranked_.agreements):
            if meant.get(a.ref) and a.platforms:
                total += 1
                before += a.platforms[0].platform == meant[a.ref]
                after += b.platforms[0].platform == meant[a.ref]
    assert (total, before, after) == (65, 58, 65)
