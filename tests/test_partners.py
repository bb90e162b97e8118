"""The partner lists, inverted (issue 25): the held-out list, the sourced rows, the order of candidates.

``tests/data/partner_holdout.tsv`` holds a third of each source's usable (institution, platform)
pairs, held back by ``tools/build_partners.py`` (a hash of source URL, institution and platform)
before the mapping was built from the rest. Scoring the matcher on it measures what the mapping
knows about partners it was not built from: a held-out pair can only be found when another source
(or the project's earlier research) names it too. These are the coverage numbers the README gives.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from creditgap.judge.rules import CONTACT, analyze
from creditgap.lenders import LenderRow, Matcher, default_matcher
from tests.factories import account, report

ROOT = Path(__file__).parent.parent
HOLDOUT = Path(__file__).parent / "data" / "partner_holdout.tsv"
SOURCES = ROOT / "mappings" / "sources.tsv"
MAPPING = ROOT / "mappings" / "lender_to_platform.csv"
KINDS = ("institution_list", "platform_list", "news")


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def holdout_rows() -> list[dict[str, str]]:
    return _tsv(HOLDOUT)


def partner_sources() -> list[dict[str, str]]:
    return [r for r in _tsv(SOURCES) if r["origin"] == "partner_list"]


def holdout_measures(matcher: Matcher | None = None) -> dict[str, float]:
    """Share of held-out names that resolve; share of held-out pairs whose platform is among the
    candidates, and first (also printed by bench/bench_match.py)."""
    matcher = matcher or default_matcher()
    rows = holdout_rows()
    names = {r["institution"] for r in rows}
    resolved = {n for n in names if matcher.match(n)}
    among = first = 0
    for r in rows:
        found = [m.platform for m in matcher.match(r["institution"])]
        among += r["platform"] in found
        first += bool(found) and found[0] == r["platform"]
    return {"names": len(names), "pairs": len(rows), "resolves": len(resolved) / len(names),
            "among": among / len(rows), "first": first / len(rows)}


def test_the_held_out_list_is_a_third_of_the_sources_and_well_formed():
    rows = holdout_rows()
    assert list(rows[0]) == ["institution", "platform", "source_url", "source_kind", "published"]
    assert len(rows) >= 60 and all(r["institution"] and r["platform"] and r["source_url"].startswith("http") for r in rows)
    assert {r["source_kind"] for r in rows} <= set(KINDS)
    assert all(r["published"] == "" or date.fromisoformat(r["published"]) for r in rows)
    built = partner_sources()
    share = len(rows) / (len(rows) + len(built))
    assert 0.2 <= share <= 0.4, share  # a third of each source, less the sources the mapping had already seen
    for url in {r["source_url"] for r in rows}:  # no source gives more than its third (rounded up)
        held = sum(r["source_url"] == url for r in rows)
        total = held + sum(r["source"] == url for r in built)
        assert held <= -(-total // 3) + (total < 3), (url, held, total)


def test_no_held_out_pair_is_in_the_mapping_on_its_own_source():
    """A held-out pair may be a candidate only when another source (or a hand-made row) names it."""
    matcher = default_matcher()
    by_pair: dict[tuple[str, str], set[str]] = {}
    for r in partner_sources():
        by_pair.setdefault((r["lender_legal_name"], r["platforms"]), set()).add(r["source"])
    for r in holdout_rows():
        found = matcher.resolve(r["institution"])
        if found is None:
            continue
        lender = found[0]
        urls = by_pair.get((lender, r["platform"]), set())
        assert r["source_url"] not in urls, r
        rows = [x for x in matcher.lender_rows(lender) if x.platform == r["platform"]]
        if rows:
            assert urls or rows[0].source != "partner_list", r


def test_every_partner_row_has_its_source_rows():
    matcher = default_matcher()
    sources: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in partner_sources():
        sources.setdefault((r["lender_legal_name"], r["platforms"]), []).append(r)
        assert r["source"].startswith("http") and r["recorded"] and r["source_kind"] in KINDS, r
    partner_rows = [row for rows in matcher.rows_by_lender.values() for row in rows if row.source == "partner_list"]
    assert len(partner_rows) >= 100
    for row in partner_rows:
        mine = sources.get((row.lender, row.platform))
        assert mine, row
        assert row.sources == len({s["source"] for s in mine})
        assert row.source_kind == min((s["source_kind"] for s in mine), key=KINDS.index)
        assert row.platform in matcher.platforms


# Measured on the held-out list (the README's numbers: 92.5 %, 30.7 %, 1.3 % of 40 names / 75 pairs): floors at
# what the mapping reaches, not at the targets (95 % resolve, 90 % among), which it does not reach: most
# pairs were named by one source only.
FLOORS = {"resolves": 0.92, "among": 0.30, "first": 0.01}


def test_coverage_on_the_held_out_list():
    m = holdout_measures()
    assert m["names"] >= 30
    assert all(m[k] >= floor for k, floor in FLOORS.items()), m


# Similar names of different institutions around the partner lists: none may resolve to the other.
PARTNER_NEAR_MISSES = [
    ("蒙商银行股份有限公司", "蒙商消费金融股份有限公司"), ("江苏银行股份有限公司", "苏银凯基消费金融有限公司"),
    ("宁波银行股份有限公司", "浙江宁银消费金融股份有限公司"), ("哈尔滨银行股份有限公司", "哈银消费金融有限责任公司"),
    ("中国邮政储蓄银行股份有限公司", "中邮消费金融有限公司"), ("四川新网银行股份有限公司", "浙江网商银行股份有限公司"),
    ("广州银行股份有限公司", "广州农村商业银行股份有限公司"), ("重庆富民银行股份有限公司", "富滇银行股份有限公司"),
    ("威海蓝海银行股份有限公司", "威海市商业银行股份有限公司"), ("天津银行股份有限公司", "天津金城银行股份有限公司"),
    ("恒丰银行股份有限公司", "恒生银行（中国）有限公司"), ("华夏银行股份有限公司", "广东华兴银行股份有限公司"),
    ("徽商银行股份有限公司", "晋商银行股份有限公司"), ("渤海银行股份有限公司", "渤海国际信托股份有限公司"),
    ("重庆小米消费金融有限公司", "重庆小米小额贷款有限公司"), ("北京中关村银行股份有限公司", "北京农村商业银行股份有限公司"),
]


@pytest.mark.parametrize("a, b", PARTNER_NEAR_MISSES)
def test_partner_near_misses_never_match(a, b):
    full = default_matcher()
    for x, y in ((a, b), (b, a)):
        alone = Matcher([LenderRow(y, (), "P", "other", False, 1.0, "high", "test")], {})
        assert alone.resolve(x) is None
        fx, fy = full.resolve(x), full.resolve(y)
        assert fx is None or fy is None or fx[0] != fy[0]


def row(platform: str, weight: float, kind: str, sources: int = 1) -> LenderRow:
    return LenderRow("测试消费金融有限公司", (), platform, "consumer_finance", True, weight, "high", "test", kind, "", sources)


def test_without_evidence_candidates_follow_weight_then_source_kind_then_count():
    matcher = Matcher([row("新闻里", 0.35, "news", 3), row("平台名单", 0.35, "platform_list"),
                       row("机构名单两处", 0.35, "institution_list", 2), row("机构名单", 0.35, "institution_list"),
                       row("自有", 1.0, "own_channel")], {})
    assert [m.platform for m in matcher.match("测试消费金融有限公司")] == ["自有", "机构名单两处", "机构名单", "平台名单", "新闻里"]


def test_partners_become_candidates_behind_the_own_channel():
    found = [m.platform for m in default_matcher().match("苏州银行股份有限公司")]
    assert found[0] == "苏州银行" and {"借呗", "抖音放心借", "网商贷"} <= set(found)


def test_tied_partners_are_all_named_and_the_question_asked():
    # 开泰银行（中国）: no own consumer channel; its list names three platforms, none stronger
    todo = analyze(report(account("A1", "开泰银行（中国）有限公司", opened=date(2025, 11, 3)))).todo
    assert len(todo) == 1
    reason = todo[0].reason
    assert all(p in reason for p in ("微粒贷", "海尔消费金融", "百信银行")) and "请问这笔贷款是通过哪个平台借的" in reason


def test_a_lender_no_list_names_is_sent_to_the_institution_itself():
    # a rural bank in no list: no platform is guessed; the item asks the institution itself, as printed
    lender = "湖南湘乡农村商业银行股份有限公司"
    todo = analyze(report(account("A1", lender, opened=date(2024, 3, 5)))).todo
    assert todo[0].platform is None and todo[0].action == CONTACT and lender in todo[0].reason
    assert f"致电{lender}" in todo[0].reason and "请问是通过哪个平台借的" in todo[0].reason


def test_the_lenders_command_shows_source_kind_and_date():
    import json

    from click.testing import CliRunner

    from creditgap.cli import cli

    out = CliRunner().invoke(cli, ["lenders", "苏州银行股份有限公司"]).output
    assert "机构合作名单" in out and "自有渠道" in out and "2026-01-25" in out
    data = json.loads(CliRunner().invoke(cli, ["lenders", "--format", "json", "苏州银行股份有限公司"]).output)
    candidates = data[0]["candidates"]
    assert set(candidates[0]) == {"platform", "score", "via", "source", "source_kind", "source_date"}
    assert candidates[0]["source_kind"] == "own_channel"
    assert any(c["source_kind"] == "institution_list" and c["source_date"] == "2026-01-25" for c in candidates)


def test_a_loan_inquiry_before_a_card_is_no_evidence_for_the_banks_partners():
    # 上海银行 lists 京东金条 as a partner; its credit card is its own, whoever queried before it was issued
    from dataclasses import replace

    from creditgap.judge.platforms import rank_by_evidence
    from creditgap.model import Family, Inquiry

    day = date(2024, 2, 9)
    card = account("A1", "上海银行股份有限公司信用卡中心", family=Family.CREDIT_CARD, opened=day)
    loan = account("A2", "上海银行股份有限公司", opened=day)
    ask = Inquiry(date(2024, 2, 3), "重庆京东盛际小额贷款有限公司", "贷款审批")
    ranked = rank_by_evidence(replace(report(card, loan), inquiries=(ask,)))
    assert ranked.accounts[0].platforms[0].platform == "上海银行" and not ranked.accounts[0].platforms[0].evidence
    assert ranked.accounts[1].platforms[0].platform == "京东金条"  # a loan: the inquiry speaks for the partner
