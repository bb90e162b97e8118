"""The 简版 as the reference centre prints it (issue 22): the official 二代 信息概要 grid, every
status wording, numbered items as account boundaries, and the wording of spec §7.3 — on text,
on PDFs the generator prints in the official layout, and as properties over the generator (no
false alarm on a complete report; a report with something removed is partial and says what)."""

from __future__ import annotations

import random
from dataclasses import replace

import pikepdf
import pdfplumber
import pytest

from creditgap.api import compare_files
from creditgap.model import Family, Status
from creditgap.parse.common import check_pages
from creditgap.parse.layouts import parse_report
from creditgap.parse.simplified import SimplifiedParser
from creditgap.parse.simplified_summary import brief_column
from creditgap.read.items import TextSettings
from samples.pairs import later
from samples.render_simplified import SimplifiedStyle, render_simplified
from samples.simplified_words import OTHER_BUSINESS
from samples.status_cases import UNKNOWN_WORDING, every_state, with_states
from samples.synth import random_report, random_truth
from tests.helpers import TextDoc, assert_matches_truth
from tests.test_simplified import HEADER

OFFICIAL = SimplifiedStyle(official=True)
LOAN_ITEM = "1.2017年12月16日深圳前海微众银行股份有限公司发放的10,000元（人民币）其他个人消费贷款，2018年01月已结清。"
CARD_ITEM = "1.2020年11月27日广发银行股份有限公司信用卡中心发放的贷记卡（人民币账户，卡片尾号：1019）。截至2025年12月，信用额度38,000，已使用额度440。"
DISPOSAL_ITEM = "1.2020年05月12日，中国长城资产管理股份有限公司接收债权，金额为30,000。截至2025年03月01日，余额为12,000。"

# spec §7.1, as pdfplumber's extract_text gives it (the small table first), and the same page as
# a text layer in drawing order gives it (pdfium: each header cell of the spanning rows on a line).
GRID_BY_HEIGHT = ["信息概要", "资产处置信息 垫款信息", "账户数 1 --", "贷款", "逾期记录可能影响对您的信用评", "信用卡 其他业务",
                  "购房 其他 价。", "账户数 1 -- 1 -- 购房贷款，包括个人住房商业贷款、",
                  "未结清/未销户账户数 1 -- -- -- 个人商用房（包括商住两用）贷款和", "发生过逾期的账户数 -- -- -- -- 个人住房公积金贷款。",
                  "发生过90天以上逾期的账户数 -- -- -- --", "为个人 为企业", "相关还款责任账户数 -- --"]
GRID_IN_DRAWING_ORDER = ["信息概要", "信用卡", "贷款", "其他业务", "逾期记录可能影响对您的信用评", "购房 其他 价。",
                         "账户数 1 -- 1 -- 购房贷款，包括个人住房商业贷款、",
                         "未结清/未销户账户数 1 -- -- -- 个人商用房（包括商住两用）贷款和",
                         "发生过逾期的账户数 -- -- -- -- 个人住房公积金贷款。", "发生过90天以上逾期的账户数 -- -- -- --",
                         "资产处置信息 垫款信息", "账户数 1 --", "为个人 为企业", "相关还款责任账户数 -- --"]
ITEMS = ["资产处置信息", DISPOSAL_ITEM, "信用卡", "从未逾期过的贷记卡及透支未超过60天的准贷记卡账户明细如下：", CARD_ITEM,
         "贷款", "从未发生过逾期的账户明细如下：", LOAN_ITEM, "查询记录"]


def extract(lines: list[object], pages: list[list[object]] | None = None):
    return SimplifiedParser().extract(TextDoc([HEADER + lines] + (pages or [])))


@pytest.mark.parametrize("grid", [GRID_BY_HEIGHT, GRID_IN_DRAWING_ORDER], ids=["by-height", "drawing-order"])
def test_the_official_grid_is_read_by_its_labels_and_the_lone_loan_line_is_a_header_cell(grid):
    report = extract(grid + ITEMS)
    assert report.checks == ()
    debt = report.summary.debt
    assert (debt["信用卡"].accounts, debt["购房贷款"].accounts, debt["其他贷款"].accounts, debt["其他业务"].accounts) == (1, None, 1, None)
    assert (debt["信用卡"].open_accounts, debt["其他贷款"].open_accounts) == (1, None)
    assert (debt["资产处置"].accounts, debt["垫款"].accounts, debt["为个人"].accounts) == (1, None, None)
    assert [a.family for a in report.accounts] == [Family.RECOVERED, Family.CREDIT_CARD, Family.LOAN]


def test_side_notes_on_the_header_lines_and_the_small_table_after_the_grid():
    grid = ["信息概要", "贷款 逾期记录可能影响对您的信用评价。", "信用卡 其他业务", "购房 其他 购房贷款，包括个人住房商业贷款、个人商用房（",
            "包括商住两用）贷款和个人住房公积金贷款。", "账户数 1 -- 1 -- 发生过逾期的信用卡账户，指曾经“未按时还最低",
            "未结清/未销户账户数 1 -- -- -- 还款额”的贷记卡账户和“透支超过60天”的准贷", "记卡账户。",
            "发生过逾期的账户数 -- -- -- --", "发生过90天以上逾期的账户数 -- -- -- --", "资产处置信息 垫款信息", "账户数 1 --",
            "为个人 为企业", "相关还款责任账户数 -- --"]
    assert extract(grid + ITEMS).checks == ()


def test_a_grid_figure_that_disagrees_is_named_by_its_own_column():
    grid = [line.replace("账户数 1 -- 1 --", "账户数 1 -- 2 --") for line in GRID_BY_HEIGHT]
    [check] = extract(grid + ITEMS).checks
    assert check.code == "summary_accounts_mismatch" and check.message.startswith("其他贷款：信息概要账户数为 2")


def official_page_one(path, **style) -> list[str]:
    model = random_report(random.Random(13), "kitchen")
    render_simplified(model, str(path), replace(OFFICIAL, **style))
    with pdfplumber.open(path) as pdf:
        return pdf.pages[0].extract_text().splitlines()


def test_the_rendered_official_grid_gives_the_line_order_of_the_spec(tmp_path):
    lines = official_page_one(tmp_path / "o.pdf", small_first=True)
    at = lines.index("贷款")
    assert lines[at - 2:at] == ["资产处置信息 垫款信息", "账户数 1 1"]
    assert lines[at + 1:at + 4] == ["逾期记录可能影响对您的信用评", "信用卡 其他业务", "购房 其他 价。"]
    assert lines[at + 4].startswith("账户数 ") and lines[at + 4].endswith("购房贷款，包括个人住房商业贷款、")
    assert lines[at + 5].startswith("未结清/未销户账户数 ") and lines[at + 5].endswith("个人商用房（包括商住两用）贷款和")
    assert "为个人 为企业" in lines[at:] and any(x.startswith("相关还款责任账户数 ") for x in lines[at:])


def test_the_rendered_official_grid_with_the_notes_beside_shares_lines_with_the_rows(tmp_path):
    lines = official_page_one(tmp_path / "b.pdf", notes_beside=True)
    assert "贷款 逾期记录可能影响对您的信用评价。" in lines
    assert any(x.startswith("账户数 ") and "发生过逾期的信用卡账户" in x for x in lines)


OFFICIAL_VARIANTS = [dict(notes_beside=b, small_first=s, logo=lg, spaced_dates=sp, full_width=fw)
                     for b in (False, True) for s in (False, True) for lg, sp, fw in ((False, False, True), (True, True, False))]


@pytest.mark.parametrize("variant", OFFICIAL_VARIANTS, ids=[str(n) for n in range(len(OFFICIAL_VARIANTS))])
def test_every_state_in_every_official_variant_reads_whole_on_both_engines(tmp_path, variant):
    model = every_state(random.Random(len(str(variant))))
    path = tmp_path / "e.pdf"
    truth, _ = render_simplified(model, str(path), replace(OFFICIAL, **variant, break_sections=("贷款", "其他业务")))
    for engine in ("pdfium", "pdfplumber"):
        report = parse_report(path, settings=TextSettings(engine=engine))
        assert_matches_truth(report, truth)
        assert report.complete, report.checks


def test_every_complete_report_the_generator_prints_reads_complete(tmp_path):
    """No false alarm: random models (with every state) in random styles, the official grid among them."""
    official = 0
    for seed in range(150):
        rng = random.Random(seed)
        model = with_states(random_report(rng, rng.choice(["mixed", "mixed", "kitchen", "online", "clean"])), rng)
        style = SimplifiedStyle.random(rng)
        official += style.official
        path = tmp_path / f"r{seed}.pdf"
        truth, _ = render_simplified(model, str(path), style, break_before={a.ref for a in model.accounts if rng.random() < 0.2})
        report = parse_report(path)
        assert_matches_truth(report, truth)
        assert report.complete, (seed, style, report.checks)
    assert official >= 20


# --- statuses, through PDFs ---------------------------------------------------------------------

WORDINGS = [  # (printed, status, status_raw, family)
    ("已变成呆账", Status.BAD_DEBT, "呆账", Family.CREDIT_CARD), ("已变成呆账", Status.BAD_DEBT, "呆账", Family.LOAN),
    ("逾期金额", Status.OVERDUE, None, Family.CREDIT_CARD), ("逾期金额", Status.OVERDUE, None, Family.LOAN),
    ("当前有逾期", Status.OVERDUE, None, Family.REVOLVING), ("当前透支超过60天", Status.OVERDUE, None, Family.SEMI_CREDIT_CARD),
    ("司法追偿", Status.OTHER, "司法追偿", Family.CREDIT_CARD), ("司法追偿", Status.OTHER, "司法追偿", Family.LOAN),
    ("尚未激活", Status.INACTIVE, "尚未激活", Family.CREDIT_CARD), ("已冻结", Status.FROZEN, "冻结", Family.CREDIT_CARD),
    ("已止付", Status.STOPPED, "止付", Family.CREDIT_CARD), ("销户", Status.CLOSED, None, Family.CREDIT_CARD),
    ("已结清", Status.SETTLED, "已结清", Family.LOAN), ("已转出", Status.TRANSFERRED, "已转出", Family.LOAN),
    (UNKNOWN_WORDING, Status.OTHER, UNKNOWN_WORDING, Family.LOAN),
]


@pytest.fixture(scope="module", params=[1, 2])
def every_state_read(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("states") / "s.pdf"
    style = OFFICIAL if request.param == 2 else SimplifiedStyle(generation=1)
    truth, _ = render_simplified(every_state(random.Random(7)), str(path), style)
    with pdfplumber.open(path) as pdf:
        text = "".join("".join(p.extract_text().split()) for p in pdf.pages)
    return truth, parse_report(path), text


@pytest.mark.parametrize("printed, status, raw, family", WORDINGS, ids=[f"{w[0]}-{w[3].value}" for w in WORDINGS])
def test_each_status_wording_read_from_the_pdf(every_state_read, printed, status, raw, family):
    truth, report, text = every_state_read
    assert printed in text
    meant = [a for a in truth.accounts if a.status is status and a.family is family and (raw is None or a.status_raw == raw)]
    assert meant, "the generator prints this state"
    read = {a.ref: a for a in report.accounts}
    for a in meant:
        assert (read[a.ref].status, read[a.ref].status_raw) == (a.status, a.status_raw)


def test_no_state_but_normal_reads_as_normal_and_an_unknown_one_is_named(every_state_read):
    truth, report, _ = every_state_read
    assert report.complete
    assert [a.ref for a in report.accounts if a.status is Status.NORMAL] == [a.ref for a in truth.accounts if a.status is Status.NORMAL]
    unknown = [c for c in report.checks if c.code == "unknown_status"]
    assert len(unknown) == 2 and all(UNKNOWN_WORDING in c.message and c.level == "warning" for c in unknown)


@pytest.mark.parametrize("clause, status, raw", [
    ("已变成司法追偿", Status.OTHER, "司法追偿"), ("被司法追偿", Status.OTHER, "司法追偿"), ("已冻结", Status.FROZEN, "冻结"),
    ("已止付", Status.STOPPED, "止付"), ("已变成呆账", Status.BAD_DEBT, "呆账"), ("被强制平仓", Status.OTHER, "强制平仓"),
    ("已被银行止付", Status.STOPPED, "银行止付"), ("账户状态为“冻结”", Status.FROZEN, "冻结"),
    ("处于暂停使用状态", Status.OTHER, "处于暂停使用状态"), ("已核销", Status.OTHER, "已核销")])
def test_state_clauses_in_a_card_sentence(clause, status, raw):
    report = extract(["信用卡", f"1.2019年08月06日平安银行股份有限公司信用卡中心发放的贷记卡（人民币账户）。截至2025年06月，"
                                f"信用额度20,000，已使用额度18,200，{clause}。", "查询记录"])
    [a] = report.accounts
    assert (a.status, a.status_raw) == (status, raw)
    assert [c.code for c in report.checks] == ([] if raw in ("司法追偿", "冻结", "止付", "呆账", "强制平仓", "银行止付")
                                               else ["unknown_status"])


def test_a_semi_credit_card_overdrawn_more_than_60_days_is_overdue():
    report = extract(["信用卡", "1.2010年3月5日中国银行发放的准贷记卡（人民币账户）。截至2018年2月，信用额度5,000，透支余额1,200，"
                                "当前透支超过60天。", "查询记录"])
    [a] = report.accounts
    assert (a.family, a.status, a.balance) == (Family.SEMI_CREDIT_CARD, Status.OVERDUE, 1200) and report.checks == ()


# --- numbered items are account boundaries ------------------------------------------------------

LOANS = ["贷款", "从未发生过逾期的账户明细如下：",
         "1.2024年01月05日浙江网商银行股份有限公司发放的80,000元（人民币）其他个人消费贷款，2027年01月05日到期。截至2025年06月，余额80,000"]
OTHER = "2019年05月12日平安国际融资租赁有限公司办理的30,000元（人民币）融资租赁业务，2020年05月已结清。"


def test_the_first_other_business_item_at_the_top_of_a_page_is_not_swallowed():
    """The issue's case: the last 贷款 item ends a page without its 。, 其他业务's first item opens the next."""
    report = extract(LOANS + ["其他业务"], [["报告编号：2025031104013907986945 报告时间：2025-03-11 04:01:39", "1.", OTHER, "查询记录"]])
    assert [(a.business_type, a.status, a.balance) for a in report.accounts] == [
        ("其他个人消费贷款", Status.NORMAL, 80000), ("融资租赁业务", Status.SETTLED, None)]
    assert report.checks == ()


def test_an_item_whose_ordinal_follows_a_number_on_the_line_is_still_an_item():
    report = extract(LOANS[:2] + [LOANS[2] + "2." + OTHER.replace("平安国际融资租赁有限公司办理的30,000元（人民币）融资租赁业务",
                                                                  "中国银行股份有限公司发放的30,000元（人民币）其他个人消费贷款"),
                                  "查询记录"])
    assert [a.balance for a in report.accounts] == [80000, None] and report.checks == ()


@pytest.mark.parametrize("ordinal_line", ["2. 2009 年 5 月 12 日中国银行股份有限公司发放的", "2.", "2．2009年5月12日中国银行股份有限公司发放的"])
def test_ordinals_before_a_spaced_date_alone_or_full_width(ordinal_line):
    rest = "30,000元（人民币）其他个人消费贷款，2020年05月已结清。"
    second = [ordinal_line, "2009年5月12日中国银行股份有限公司发放的" + rest] if ordinal_line == "2." else [ordinal_line + rest]
    report = extract(LOANS[:2] + [LOANS[2] + "。", "第 1 页，共 2 页"],
                     [["报告编号：2025031104013907986945", *second, "查询记录", "第 2 页，共 2 页"]])
    assert [a.opened.isoformat() for a in report.accounts] == ["2024-01-05", "2009-05-12"] and report.checks == ()


def test_a_skipped_number_is_an_error_naming_the_section_and_the_item():
    items = [f"{n}." + LOAN_ITEM[2:] for n in (1, 2, 4)]
    report = extract(["贷款", "从未发生过逾期的账户明细如下：", *items, "查询记录"])
    assert len(report.accounts) == 3
    [check] = [c for c in report.checks if c.level == "error"]
    assert check.code == "missing_item" and "“贷款”第3条" in check.message


def test_numbering_runs_on_through_subgroups_or_starts_again():
    late = "发生过逾期的账户明细如下："
    for numbers in ((1, 2, 3), (1, 1, 2)):
        items = [f"{n}." + LOAN_ITEM[2:] for n in numbers]
        report = extract(["贷款", late, items[0], "从未发生过逾期的账户明细如下：", *items[1:], "查询记录"])
        assert len(report.accounts) == 3 and report.checks == ()


# --- names and wording (spec §7.3) ---------------------------------------------------------------

def test_disposal_and_advance_names_without_the_comma_and_a_full_width_comma_in_the_amount():
    report = extract(["资产处置信息", "1.2020年05月12日，中国东方资产管理股份有限公司接收债权，金额为30，000。截至2025年03月01日，余额为12,000。",
                      "垫款信息", "1.2019年04月01日以来中国人寿保险股份有限公司累计代偿金额45，000。", "查询记录"])
    assert [(a.family, a.lender, a.amount, a.business_type) for a in report.accounts] == [
        (Family.RECOVERED, "中国东方资产管理股份有限公司", 30000, "资产处置"),
        (Family.RECOVERED, "中国人寿保险股份有限公司", 45000, "垫款")]


def test_a_converted_loan_from_another_institution_and_the_other_business_kinds():
    report = extract(["贷款", "1.2015年07月21日中国建设银行股份有限公司发放的350,000元（美元折人民币）住房贷款（其他机构转入），"
                      "2045年07月21日到期。截至2016 年 3", "月，余额300,000。", "其他业务",
                      "1.2024年01月05日中信证券股份有限公司办理的80,000元（人民币）约定购回式证券交易，2027年01月05日到期。截至2025年06月，余额41,000。",
                      "2.2024年02月05日华泰证券股份有限公司办理的90,000元（人民币）股票质押式回购交易，2025年05月已结清。", "查询记录"])
    [loan, repo, pledge] = report.accounts
    assert (loan.currency, loan.business_type, loan.as_of, loan.amount) == ("USD", "住房贷款", "2016-03", 350000)
    assert (repo.business_type, pledge.status) == ("约定购回式证券交易", Status.SETTLED)
    assert report.checks == ()


def test_logo_and_notice_text_inside_a_sentence_are_page_furniture():
    report = extract(["信用卡", "1.2020年11月27日广发银行股份有限公司信用卡中心发放的贷记卡（美元账户）。截至2025年12月，",
                      "中国人民银行征信中心", "本报告仅供您了解自身信用状况，请妥善保管。", "信用额度38,000，已使用额度440。",
                      "2.2020年11月27日广发银行股份有限公司信用卡中心发放的贷记卡（人民币账户）。截至2025年12月，信用额度38,000，已使用额度0。",
                      "查询记录"])
    assert [(a.currency, a.credit_limit, a.used) for a in report.accounts] == [("USD", 38000, 440), ("CNY", 38000, 0)]
    assert report.checks == ()


# --- something removed: read in part, and said -----------------------------------------------------

@pytest.fixture(scope="module")
def full_official(tmp_path_factory):
    model = every_state(random.Random(3))
    path = tmp_path_factory.mktemp("full") / "full.pdf"
    render_simplified(model, str(path), OFFICIAL)
    assert parse_report(path).complete
    return model, path


def section_of(a) -> str:
    """The 简版 section an account is printed in."""
    if a.family is Family.RECOVERED:
        return f"{a.business_type}信息"
    if a.family in (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD):
        return "信用卡"
    return "其他业务" if a.business_type in OTHER_BUSINESS else "贷款"


def test_any_one_account_sentence_removed_reads_partial_and_names_it(full_official, tmp_path):
    """Each item left out in turn, its number kept (a gap) or closed up: the 信息概要 column that
    counts it names the column; a gap before the next item names the section and the number."""
    model, _ = full_official
    for n, a in enumerate(model.accounts):
        path = tmp_path / f"minus-{a.ref}.pdf"
        renumber = n % 2 == 1
        truth, refs = render_simplified(model, str(path), OFFICIAL, remove={a.ref}, renumber=renumber)
        report = parse_report(path, settings=TextSettings(engine="pdfium"))
        errors = [c for c in report.checks if c.level == "error"]
        assert not report.complete and len(report.accounts) == len(model.accounts) - 1, a.ref
        printed = list(truth.accounts)
        at = next(i for i, b in enumerate(printed) if b.ref == refs[a.ref])
        section = section_of(printed[at])
        column = brief_column(printed[at], section)
        assert any(c.code == "summary_accounts_mismatch" and c.message.startswith(f"{column}：") for c in errors), (a.ref, errors)
        if not renumber and at + 1 < len(printed) and section_of(printed[at + 1]) == section:
            assert any(c.code == "missing_item" and f"“{section}”第" in c.message for c in errors), (a.ref, errors)


def test_a_page_removed_reads_partial_and_names_it(full_official, tmp_path):
    _, full = full_official
    with pikepdf.open(full) as pdf:
        pages = len(pdf.pages)
    for page in range(pages):
        path = tmp_path / f"minus-page-{page + 1}.pdf"
        with pikepdf.open(full) as pdf:
            del pdf.pages[page]
            pdf.save(path)
        report = parse_report(path)
        assert not report.complete
        assert any(c.code == "pages_missing" and f"第 {page + 1} 页不在" in c.message for c in report.checks)


def test_the_summary_removed_reads_partial(tmp_path):
    model = random_report(random.Random(5), "kitchen")
    path = tmp_path / "no-summary.pdf"
    render_simplified(model, str(path), OFFICIAL, remove={"summary"})
    report = parse_report(path)
    assert not report.complete and "summary_missing" in {c.code for c in report.checks}


def test_page_numbers_name_only_pages_the_file_cannot_hold():
    assert check_pages([(1, 1, 3), (2, 3, 3)], 2)[0].code == "pages_missing"
    assert check_pages([(1, 1, 3), (3, 3, 3)], 3) == []  # a footer not read (OCR) is not a page missing
    assert check_pages([(1, 1, 4), (1, 2, 4), (2, 3, 4), (2, 4, 4)], 2) == []  # 2-up: every number read
    assert check_pages([(1, 1, 4), (1, 2, 4), (2, 4, 4)], 2)[0].message.count("第 3 页不在") == 1
    assert check_pages([(1, 1, 3), (2, 2, 5)], 2) == []  # footers that disagree prove nothing
    # every page has its footer, but page 2 shows page 1's: page 2's content is not in the file
    assert "第 2 页不在" in check_pages([(1, 1, 3), (2, 1, 3), (3, 3, 3)], 3)[0].message
    assert check_pages([(1, 1, 3), (2, 2, 3), (3, 3, 3)], 3) == []
    # a page left blank: lost when the footers count it, or when text follows it; not after the last
    assert "第 2 页" in check_pages([(1, 1, 2)], 2, blank=[2])[0].message
    assert check_pages([(1, 1, 2), (2, 2, 2)], 3, blank=[3]) == []
    assert "第 2 页" in check_pages([], 3, blank=[2])[0].message
    assert check_pages([], 3, blank=[3]) == []


# --- compare on complete 简版 pairs in the official layout ------------------------------------------

def test_compare_official_simplified_pair_gives_the_verdicts_the_truth_says(tmp_path):
    model, intent, _ = random_truth(random.Random(12), "online")
    new, refs, verdicts = later(model, intent, random.Random(99))
    old_path, new_path = tmp_path / "old.pdf", tmp_path / "new.pdf"
    _, old_refs = render_simplified(model, str(old_path), replace(OFFICIAL, logo=True))
    _, new_refs = render_simplified(new, str(new_path), replace(OFFICIAL, notes_beside=True, small_first=True))
    result, old, new_read = compare_files(old_path, new_path)
    assert old.complete and new_read.complete
    got = {(i.old_ref, i.new_ref): i.verdict for i in result.items}
    want = {}
    for ref, verdict in verdicts.items():
        if ref.startswith("new:"):
            want[(None, new_refs[ref[4:]])] = verdict
        elif ref in old_refs:
            want[(old_refs[ref], new_refs.get(refs.get(ref, ""), None))] = verdict
    assert got == want
    assert {"gone", "new_account", "confirmed"} <= set(got.values())
