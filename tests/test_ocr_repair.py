"""OCR stage 4 (issue 18, item 3): certain repairs, what must never be changed, doubts, and the marks
they leave on accounts and in every output (JSON, CSV, terminal, workbook)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date

import pytest

from creditgap import fields as F
from creditgap.judge.platforms import attach_platforms
from creditgap.judge.rules import analyze
from creditgap.lenders import default_matcher
from creditgap.model import Check, Liability, Source, to_json
from creditgap.outputs.csv_out import todo_csv
from creditgap.outputs.json_out import json_text
from creditgap.outputs.terminal import accounts_table, analysis_view, todo_table
from creditgap.outputs.todo_rows import CSV_HEADERS
from creditgap.outputs.wording import OCR_DOUBT
from creditgap.parse.doubts import id_checksum_ok, mark_doubts
from creditgap.read.ocr.repair import LOW_SCORE, repair
from creditgap.read.ocr.types import Doubt
from tests.factories import HEADER, account, agreement, report

# --- cells: repairs the format makes certain ---------------------------------------------------

REPAIRED_CELLS = [
    ("38.114", "38,114"),  # a three-digit group after a dot in a number: thousands (amounts have no decimals)
    ("1.500.000", "1,500,000"),
    ("38,1l4", "38,114"),  # l → 1 in a numeric cell
    ("3O,000", "30,000"),  # O → 0
    ("5〇0", "500"),
    ("3一,000", "31,000"),  # 1 read as 一 inside a number
    ("2025,01.03", "2025.01.03"),  # a date's stray separator
    ("2O25.01.03", "2025.01.03"),
    ("2025一01一03", "2025-01-03"),  # 一 between a date's parts is a dash: 1 would give no date
    ("2025.01 25", "2025.01.25"),  # a separator read as a space, or dropped (a phone photo of a sample)
    ("2025 .08.16", "2025.08.16"),
    ("2021.0628", "2021.06.28"),
    ("202504.12", "2025.04.12"),
    ("2025.052216:42:22", "2025.05.22 16:42:22"),  # 报告时间 with a dot and the space lost
    ("191 ,000", "191,000"),  # a space around a separator
    ("2023,11", "2023.11"),  # a month
    ("。", "*"),  # the repayment grid's * (no other cell prints 。 or 非 alone)
    ("非", "*"),
    ("一一", "--"),
    ("_", "--"),  # a summary's -- on a scan of simplified-online
    ("深圳前海徽众银行股份有限公司", "深圳前海微众银行股份有限公司"),  # 徽众 → 微众 through the lender matcher
    ("深圳前海徽众银行股份有限公司上海分行", "深圳前海微众银行股份有限公司上海分行"),
    ("重庆京东盛际小额货款有限公司", "重庆京东盛际小额贷款有限公司"),  # 货 → 贷: the legal name spelt right
]


@pytest.mark.parametrize("printed, value", REPAIRED_CELLS)
def test_a_cell_the_format_makes_certain_is_repaired_and_doubted(printed, value):
    out, doubts = repair(printed, 0.99, cell=True, page=4)
    assert out == value
    assert doubts == [Doubt(page=4, printed=printed, value=value, reason="repaired")]


def test_repaired_values_parse_as_their_fields():
    assert F.amount(repair("38.114", 0.99, cell=True, page=1)[0]) == 38114
    assert F.day(repair("2025,01.03", 0.99, cell=True, page=1)[0]) == date(2025, 1, 3)
    assert F.month(repair("2023,11", 0.99, cell=True, page=1)[0]) == "2023-11"
    assert F.amount(repair("一一", 0.99, cell=True, page=1)[0]) is None  # a placeholder, not 0


def test_a_label_and_its_value_in_one_cell_repairs_the_value_only():
    out, doubts = repair("报告编号：2O25031104013907986945", 0.99, cell=True, page=1)
    assert out == "报告编号：2025031104013907986945"
    assert doubts == [Doubt(1, "2O25031104013907986945", "2025031104013907986945", "repaired")]


# --- cells: what must never change ---------------------------------------------------------------

UNCHANGED_CELLS = ["--", "0", "38,114", "1,500,000", "437", "2025.01.03", "2025-01-03", "2023.11", "N", "*", "C", "#",
                   "深圳前海微众银行股份有限公司", "奇瑞徽银汽车金融有限公司",  # a real 徽 (徽银): no known reading differs
                   "重庆京东盛际小额贷款有限公司", "B10512900H0001000001", "CR6221000000001234", "人民币元", "正常",
                   "信用/免担保", "13812345678", "报告时间：2026.07.19 09:08:07", "逾期31—60天未还本金"]


@pytest.mark.parametrize("text", UNCHANGED_CELLS)
def test_a_right_cell_is_left_exactly_as_read(text):
    assert repair(text, 0.99, cell=True, page=2) == (text, [])


def test_an_empty_inked_cell_is_unread_and_doubted_never_zero():
    out, doubts = repair("", 0.99, cell=True, inked=True, page=3)
    assert out == F.UNREAD and doubts == [Doubt(3, "", F.UNREAD, "ink_no_text")]
    for parse in (F.amount, F.count, F.day, F.day_or_month, F.text, F.currency):  # unknown: never 0, never absent
        with pytest.raises(F.FieldError):
            parse(out)
    assert repair("", 0.99, cell=True, inked=False, page=3) == ("", [])  # a truly empty cell
    assert repair("  ", 0.2, cell=True, inked=False, page=3) == ("  ", [])


BAD_FORMAT = ["38.11",  # two decimals: amounts are whole yuan, and a dropped digit is not certain to repair
              "2025.13.01",  # no 13th month
              "5,0000",  # a group of four
              "O", "I", "l"]  # a letter no cell holds alone (a grid symbol or a ruling line?)


def test_a_lone_level_stroke_is_the_placeholder_and_a_doubt():
    """A dash printed as — reads as 一 (a 1 is upright: never read as 一); issue 26's wrapped 详版 lost its
    信息提示 rows' names to it."""
    assert repair("一", 0.99, cell=True, page=5) == ("--", [Doubt(5, "一", "--", "repaired")])


@pytest.mark.parametrize("text", BAD_FORMAT)
def test_a_value_that_fails_its_format_is_kept_as_read_and_doubted(text):
    out, doubts = repair(text, 0.99, cell=True, page=5)
    assert out == text
    assert doubts == [Doubt(5, text, text, "bad_format")]


def test_a_low_score_value_is_doubted_but_a_label_is_not():
    assert LOW_SCORE == 0.9
    assert repair("正常", 0.6, cell=True, page=2) == ("正常", [Doubt(2, "正常", "正常", "low_score")])
    assert repair("38,114", 0.89, cell=True, page=2)[1] == [Doubt(2, "38,114", "38,114", "low_score")]
    assert repair("38,114", 0.9, cell=True, page=2)[1] == []
    assert repair("余额", 0.5, cell=True, page=2) == ("余额", [])  # a label is not a value
    assert repair("账户授信额度", 0.5, cell=True, page=2) == ("账户授信额度", [])
    # a repair says "repaired", whatever the score
    assert repair("38.114", 0.5, cell=True, page=2)[1][0].reason == "repaired"


# --- lines (简版 sentences, headers) --------------------------------------------------------------

SENTENCE = ("2.2019年05月1O日重庆京东盛际小额贷款有限公司发放的5,000元（人民币）个人消费贷款，2020年05月10日到期。"
            "截至2021年06月，余额38.114。")


def test_a_sentence_gets_its_amount_and_date_tokens_repaired_only():
    out, doubts = repair(SENTENCE, 0.99, cell=False, page=2)
    assert out == SENTENCE.replace("1O日", "10日").replace("38.114", "38,114")
    assert doubts == [Doubt(2, "2019年05月1O日", "2019年05月10日", "repaired"), Doubt(2, "38.114", "38,114", "repaired")]


@pytest.mark.parametrize("line, fixed, token", [
    ("…截至2026年03月，信用额度35.200元（人民币），余额为18,253，当前无逾期。", "35,200", "35.200"),
    ("…截至2025年12月，信用额度38,000，已使用额度44O。", "440", "44O"),
    ("1.2019年05月10日中国银行发放的1.000元（人民币）个人消费贷款", "1,000", "1.000"),
])
def test_amounts_in_sentences(line, fixed, token):
    out, doubts = repair(line, 0.99, cell=False, page=1)
    assert out == line.replace(token, fixed) and doubts == [Doubt(1, token, fixed, "repaired")]


@pytest.mark.parametrize("line", [
    "1.2019年05月10日重庆京东盛际小额贷款有限公司发放的5,000元（人民币）其他个人消费贷款，2018年01月已结清。",  # the ordinal 1.
    "2020年11月27日广发银行股份有限公司信用卡中心发放的贷记卡（人民币账户，卡片尾号：1019）。截至2025年12月，信用额度38,000，已使用额度440。",
    "截至2021年06月，余额0。",
    "报告编号：2025031104013907986945 报告时间：2025-03-11 04:01:39",
    "第 1 页，共 6 页",
    "系统中没有您最近5年内的欠税记录、民事判决记录、强制执行记录、行政处罚记录及电信欠费记录。",
])
def test_a_right_line_is_left_exactly_as_read(line):
    assert repair(line, 0.99, cell=False, page=1) == (line, [])


def test_header_line_numbers_are_repaired_where_the_format_is_all_digits():
    out, doubts = repair("报告编号：2O25031104013907986945 报告时间：2025-03-11 O4:01:39", 0.99, cell=False, page=1)
    assert out == "报告编号：2025031104013907986945 报告时间：2025-03-11 04:01:39"
    assert [d.reason for d in doubts] == ["repaired", "repaired"]
    out, doubts = repair("姓名：张三 证件类型：身份证 证件号码：11010519491231002x 已婚", 0.99, cell=False, page=1)
    assert "证件号码：11010519491231002X 已婚" in out and doubts[0].value == "11010519491231002X"



def test_a_report_time_that_lost_its_colons_is_repaired_as_fourteen_digits_and_doubted():
    """Issue 26: on the 详版 phone photos the small 报告时间 read 2024.10.18042358 and was left unread
    (no field, no doubt). Its format is always a date and HH:MM:SS, so the digits place the colons."""
    line = "报告编号：2024101804235855922532 报告时间：2024.10.18042358"
    out, doubts = repair(line, 0.99, cell=False, page=1)
    assert out == "报告编号：2024101804235855922532 报告时间：2024.10.18 04:23:58"
    assert [(d.printed, d.value, d.reason) for d in doubts] == [("2024.10.18042358", "2024.10.18 04:23:58", "repaired")]
    assert repair("报告时间：2024.10.18042358", 0.99, cell=True, page=1)[0] == "报告时间：2024.10.18 04:23:58"
    out, doubts = repair("报告时间：2024.10.18256100", 0.99, cell=False, page=1)  # no hour 25: not certain
    assert out == "报告时间：2024.10.18256100" and [d.reason for d in doubts] == ["bad_format"]
    assert repair("余额：2024.10.18042358", 0.99, cell=True, page=1)[1][0].reason == "bad_format"  # only 报告时间

def test_a_low_score_line_doubts_its_amounts_and_dates_not_the_whole_line():
    out, doubts = repair("截至2021年06月，余额33,103。", 0.5, cell=False, page=6)
    assert out == "截至2021年06月，余额33,103。"
    assert {(d.printed, d.reason) for d in doubts} == {("2021年06月", "low_score"), ("33,103", "low_score")}
    assert repair("说 明", 0.5, cell=False, page=6) == ("说 明", [])


# --- the ID checksum (GB 11643) ----------------------------------------------------------------


def test_id_checksum():
    assert id_checksum_ok("11010519491231002X") is True
    assert id_checksum_ok("11010519491231002x") is True
    assert id_checksum_ok("110101199003077897") is True
    assert id_checksum_ok("110101199003077898") is False  # one digit off
    assert id_checksum_ok("110101199001011234") is False  # the factories' made-up number
    assert id_checksum_ok("1101**********002X") is None  # masked: nothing to check
    assert id_checksum_ok("11010519491231") is None
    assert id_checksum_ok(None) is None


# --- mark_doubts -------------------------------------------------------------------------------

GOOD_HEADER = replace(HEADER, subject_id="11010519491231002X")


def _report(*records, header=GOOD_HEADER, **kw):
    return replace(report(*records), header=header, **kw)


def _refs(r):
    return {x.ref for x in (*r.accounts, *r.agreements, *r.liabilities) if x.ocr_doubt}


def test_a_doubt_goes_to_the_record_on_its_pages_with_that_value():
    r = _report(account("A1", "招商银行股份有限公司", balance=38114, page=3),
                account("A2", "招商银行股份有限公司", balance=500, page=3),
                account("A3", "中国银行股份有限公司", balance=38114, page=6))
    out = mark_doubts(r, [Doubt(3, "38.114", "38,114", "repaired")])
    assert _refs(out) == {"A1"}  # A3 has the value too, but its block starts three pages later
    assert [c.code for c in out.checks] == ["ocr_doubt"]
    assert "A1" in out.checks[0].message and "?" in out.checks[0].message


def test_a_block_runs_onto_the_next_page():
    r = _report(account("A1", "招商银行股份有限公司", balance=7000, page=3),
                account("A2", "中国银行股份有限公司", balance=500, page=5))
    assert _refs(mark_doubts(r, [Doubt(4, "7.000", "7,000", "repaired")])) == {"A1"}
    assert _refs(mark_doubts(r, [Doubt(6, "5OO", "500", "repaired")])) == {"A2"}  # the last block: its next page too


def test_dates_ids_and_lender_names_are_matched_as_their_fields_parse():
    r = _report(account("A1", "深圳前海微众银行股份有限公司", opened=date(2019, 5, 10), page=2, account_id="B10512900H0001"),
                account("A2", "招商银行股份有限公司", opened=date(2020, 1, 1), page=2, as_of="2021-06"))
    assert _refs(mark_doubts(r, [Doubt(2, "2O19.05.10", "2019.05.10", "repaired")])) == {"A1"}
    assert _refs(mark_doubts(r, [Doubt(2, "2019年05月1O日", "2019年05月10日", "repaired")])) == {"A1"}
    assert _refs(mark_doubts(r, [Doubt(2, "2021年O6月", "2021年06月", "repaired")])) == {"A2"}
    assert _refs(mark_doubts(r, [Doubt(2, "深圳前海徽众银行股份有限公司", "深圳前海微众银行股份有限公司", "repaired")])) == {"A1"}
    assert _refs(mark_doubts(r, [Doubt(2, "B1O512900H0001", "B10512900H0001", "low_score")])) == {"A1"}


def test_agreements_and_liabilities_are_marked_too():
    liability = Liability(ref="L1", lender="华夏银行股份有限公司", opened=date(2025, 2, 20), for_whom="企业", role="保证人",
                          amount=550000, balance=1370000, as_of="2025-02-21", page=7)
    r = _report(account("A1", "招商银行股份有限公司", page=2), agreement("P1", "中国银行股份有限公司", "B1"),
                liabilities=(liability,))
    r = replace(r, agreements=(replace(r.agreements[0], page=5, limit=88000),))
    out = mark_doubts(r, [Doubt(5, "88.000", "88,000", "repaired"), Doubt(7, "55O,000", "550,000", "repaired")])
    assert _refs(out) == {"P1", "L1"}


def test_an_empty_cell_no_field_warns_about_is_only_counted():
    """Issue 26: a doubt names its field. An inked cell read empty that no parser warning names (a
    cell of a field the program does not keep) fed no field: counted in the JSON, never listed."""
    r = _report(account("A1", "招商银行股份有限公司", page=3), account("A2", "中国银行股份有限公司", page=4),
                account("A3", "中国银行股份有限公司", page=4))
    out = mark_doubts(r, [Doubt(3, "", "", "ink_no_text"), Doubt(4, "", "", "ink_no_text")])
    assert _refs(out) == set() and out.unattributed_doubts == 2 and out.doubts == ()
    assert not [c for c in out.checks if c.code.startswith("ocr_doubt")]


def test_an_unread_cell_names_its_block_through_the_parsers_warning_among_several_on_a_page():
    r = _report(account("A1", "招商银行股份有限公司", page=2), account("A2", "中国银行股份有限公司", page=2),
                account("A3", "中国银行股份有限公司", page=3))
    r = replace(r, accounts=tuple(replace(a, account_id=None if a.ref == "A2" else f"ID{a.ref}") for a in r.accounts),
                checks=(Check("warning", "unreadable_field", f"第2页 账户标识 无法识别：{F.UNREAD}", ""),))
    assert _refs(mark_doubts(r, [Doubt(2, "", F.UNREAD, "ink_no_text")])) == {"A2"}


def test_an_unread_name_marks_its_record():
    r = _report(account("A1", "招商银行股份有限公司", page=2), account("A2", F.UNREAD, page=2))
    assert _refs(mark_doubts(r, [])) == {"A2"}


def test_doubts_in_the_header_name_their_field_never_their_text():
    r = _report(account("A1", "招商银行股份有限公司", page=3, balance=0),
                header=replace(GOOD_HEADER, report_no="20250311040139000001"))
    doubts = [Doubt(1, "2O25031104013900000l", "20250311040139000001", "repaired"),
              Doubt(1, "11010519491231002x", "11010519491231002X", "repaired"),
              Doubt(2, "l2", "12", "repaired")]  # 12 is in no field of this report
    out = mark_doubts(r, doubts)
    assert _refs(out) == set()
    assert out.doubts == ("report.report_no", "report.subject_id") and out.unattributed_doubts == 1
    (named,) = [c for c in out.checks if c.code == "ocr_doubt_fields"]
    assert "报告头的报告编号、报告头的证件号码" in named.message and "the header's ID number" in named.message_en
    for c in out.checks:
        assert "11010519491231002" not in c.message + c.message_en and "2025031104" not in c.message
    assert out.complete  # doubts warn; only the report's own counts make a read partial



def test_a_header_value_every_report_prints_but_ocr_did_not_read_is_a_doubt_on_it():
    """Never a wrong value without a doubt: a 报告时间 the parse left empty (its colons lost on a photo)
    is named, and a repaired one is put on report.report_time by its time of day."""
    r = _report(account("A1", "招商银行股份有限公司", page=3), header=replace(GOOD_HEADER, report_time=None))
    out = mark_doubts(r, [Doubt(1, "2025.03.11040139", "2025.03.11040139", "bad_format")])
    assert out.doubts == ("report.report_time",) and _refs(out) == set()
    (named,) = [c for c in out.checks if c.code == "ocr_doubt_fields"]
    assert "报告头的报告时间" in named.message
    out = mark_doubts(_report(account("A1", "招商银行股份有限公司", page=3)),
                      [Doubt(1, "2025.03.11040139", "2025.03.11 04:01:39", "repaired")])
    assert out.doubts == ("report.report_time",)
    # read from the text layer on page 1, OCR elsewhere: the header is what the report printed
    text_header = replace(r, source=Source(file="x.pdf", pages=6, sha256="0" * 64, ocr_pages=(3,)))
    assert mark_doubts(text_header, []).doubts == ()


def test_a_detailed_accounts_field_every_account_prints_but_left_empty_is_a_doubt_on_it():
    """A 详版 block whose rulings were lost is read as loose lines: its lender, 开立日期 or a loan's
    借款金额 come back empty. Never a silent gap: each is a doubt on its field (not in a 简版)."""
    r = _report(account("A1", "", page=3, opened=None, amount=None), account("A2", "招商银行股份有限公司", page=3))
    out = mark_doubts(r, [])
    assert set(out.accounts[0].doubts) == {"lender", "opened", "amount"}
    assert not out.accounts[1].ocr_doubt
    simplified = replace(r, header=replace(GOOD_HEADER, layout="simplified"))
    assert not mark_doubts(simplified, []).accounts[0].ocr_doubt

def test_a_value_the_parser_could_not_read_is_put_on_its_block_through_the_parser_warning():
    warn = Check("warning", "unreadable_field", "第3页 余额 无法识别：38.11", "page 3: cannot read 余额: 38.11")
    r = _report(account("A1", "招商银行股份有限公司", page=3, balance=None),
                account("A2", "中国银行股份有限公司", page=3, balance=0), checks=(warn,))
    out = mark_doubts(r, [Doubt(3, "38.11", "38.11", "bad_format")])
    assert _refs(out) == {"A1"}


def test_an_id_number_that_fails_its_checksum_warns_without_showing_it():
    out = mark_doubts(_report(account("A1", "招商银行股份有限公司", page=3), header=HEADER), [])
    (check,) = [c for c in out.checks if c.code == "ocr_id_checksum"]
    assert check.level == "warning" and HEADER.subject_id not in check.message and "1234" not in check.message
    assert not any(c.code == "ocr_id_checksum" for c in mark_doubts(_report(account("A1", "x", page=3)), []).checks)
    masked = replace(GOOD_HEADER, subject_id="**************2121")
    assert not any(c.code == "ocr_id_checksum" for c in mark_doubts(_report(header=masked), []).checks)


def test_dates_out_of_order_put_a_doubt_on_the_account():
    r = _report(account("A1", "招商银行股份有限公司", opened=date(2023, 5, 10), as_of="2022-01", page=3),  # 截至 before 开立
                account("A2", "招商银行股份有限公司", opened=date(2023, 5, 10), as_of="2026-01-31", page=3),  # after 报告时间
                account("A3", "招商银行股份有限公司", opened=date(2023, 5, 10), as_of="2023-05", page=3),  # same month: fine
                account("A4", "招商银行股份有限公司", opened=date(2023, 5, 10), due=date(2022, 5, 10), page=4),
                account("A5", "招商银行股份有限公司", opened=date(2023, 5, 10), closed_on="2023-04", page=4),
                account("A6", "招商银行股份有限公司", opened=date(2023, 5, 10), closed_on="2024-04", as_of="2025-02", page=4))
    out = mark_doubts(r, [])
    assert _refs(out) == {"A1", "A2", "A4", "A5"}
    (check,) = [c for c in out.checks if c.code == "ocr_date_order"]
    assert check.message.startswith("A1、A2、A4、A5 ")


def test_identifiers_out_of_format_put_a_doubt_on_the_account():
    r = _report(account("A1", "x", page=3, account_id="B1O512900H0001"), account("A2", "x", page=3, card_tail="1O19"),
                account("A3", "x", page=3, balance=-5), account("A4", "x", page=3, account_id="B10512900H0001", card_tail="1019"))
    assert _refs(mark_doubts(r, [])) == {"A1", "A2", "A3"}


def test_the_report_number_check_says_ocr_may_have_misread_it():
    header = replace(GOOD_HEADER, report_no="20250311040193000001")
    r = _report(account("A1", "x", page=3), header=header,
                checks=(Check("warning", "report_number_mismatch", "报告编号的前14位与报告时间不一致：报告可能被修改过，请核对原件"),))
    out = mark_doubts(r, [])
    (check,) = [c for c in out.checks if c.code == "report_number_mismatch"]
    assert "识别" in check.message
    assert not any(c.code == "report_number_mismatch" for c in mark_doubts(_report(account("A1", "x", page=3)), []).checks)


def test_a_lender_known_only_by_a_fuzzy_match_takes_the_known_name_and_is_marked():
    r = _report(account("A1", "重庆京东盛记小额贷款有限公司", page=3), account("A2", "招商银行股份有限公司", page=3))
    out = mark_doubts(r, [])
    assert out.accounts[0].lender == "重庆京东盛际小额贷款有限公司" and out.accounts[0].ocr_doubt
    assert out.accounts[1].lender == "招商银行股份有限公司" and not out.accounts[1].ocr_doubt
    assert attach_platforms(out).accounts[0].platforms[0].via == "exact"


def test_a_report_without_doubts_is_unchanged():
    r = _report(account("A1", "招商银行股份有限公司", page=3, account_id="B10512900H0001"))
    assert mark_doubts(r, []) == r


# --- the marks in every output -------------------------------------------------------------------


@pytest.fixture
def ocr_report():
    """Two open credit lines (to close), the first read with a doubtful balance on an OCR page."""
    r = _report(account("A1", "深圳前海微众银行股份有限公司", balance=0, page=3, account_id="B10512900H0001"),
                account("A2", "招商银行股份有限公司", balance=0, page=5),
                source=Source(file="scan.pdf", pages=6, sha256="0" * 64, ocr_pages=(3, 4, 5)))
    r = mark_doubts(r, [Doubt(3, "B1O512900H0001", "B10512900H0001", "repaired")])
    return analyze(attach_platforms(r), default_matcher())


def test_json_has_ocr_doubt_on_each_record_and_the_ocr_pages(ocr_report):
    data = json.loads(json_text(ocr_report))
    assert [a["ocr_doubt"] for a in data["accounts"]] == [True, False]
    assert [a["doubts"] for a in data["accounts"]] == [["account_id"], []]  # issue 26: the field, additively
    assert data["source"]["ocr_pages"] == [3, 4, 5]
    assert data["ocr_doubts"] == {"fields": [], "unattributed": 0}
    assert list(data["accounts"][0])[-3:] == ["ocr_doubt", "doubts", "is_open"]  # an addition: every other key as before


def test_csv_has_the_ocr_doubt_column_last_and_says_why(ocr_report):
    rows = list(csv.reader(io.StringIO(todo_csv(ocr_report))))
    assert rows[0] == CSV_HEADERS["zh"] and rows[0][14] == "识别存疑" and rows[0][:12] == [
        "序号", "平台", "放款机构", "账户", "操作", "原因", "涉及额度", "操作步骤", "客服电话", "预计生效", "匹配置信度", "办理日期"]
    by_refs = {row[3]: row for row in rows[1:]}
    assert by_refs["A1"][14] == "是" and "请对照纸质报告核对" in by_refs["A1"][5]
    assert by_refs["A2"][14] == "" and "识别存疑" not in by_refs["A2"][5]
    en = list(csv.reader(io.StringIO(todo_csv(ocr_report, "en"))))
    assert en[0][14] == "ocr_doubt" and {r[3]: r[14] for r in en[1:]} == {"A1": "true", "A2": ""}


def test_terminal_marks_doubtful_refs_and_says_the_report_was_read_by_ocr(ocr_report):
    view = analysis_view(ocr_report, show_accounts=True)
    assert "第 3、4、5 页没有文字层，是用文字识别（OCR）读出的。" in view
    assert OCR_DOUBT[0] in view
    todo = todo_table(ocr_report)
    assert "A1?" in todo and "A2?" not in todo
    table = accounts_table(ocr_report)
    assert "A1?" in table and "A2?" not in table
    assert "Page(s) 3, 4, 5 had no text layer" in analysis_view(ocr_report, lang="en")


def test_workbook_marks_the_doubtful_account_and_item(ocr_report):
    openpyxl = pytest.importorskip("openpyxl")
    from creditgap.outputs.xlsx import todo_workbook

    wb = openpyxl.load_workbook(io.BytesIO(todo_workbook(ocr_report)))
    todo, accounts, guide = wb.worksheets[:3]
    head = [c.value for c in todo[1]]
    assert head[14] == "识别存疑"  # then 凭证/备注 (issue 27)
    marks = {row[3]: row[14] for row in todo.iter_rows(min_row=2, values_only=True) if row[0] is not None}
    assert marks == {"A1": "是", "A2": None}
    heads = [c.value for c in accounts[1]]
    assert heads[-1] == "识别存疑"
    assert [row[-1] for row in accounts.iter_rows(min_row=2, values_only=True)] == ["是", None]
    assert OCR_DOUBT[0] in [c.value for c in guide["A"]]


def test_a_report_read_from_its_text_layer_shows_no_ocr_mark(ocr_report):
    plain = analyze(attach_platforms(_report(account("A1", "深圳前海微众银行股份有限公司", balance=0, page=3))), default_matcher())
    view = analysis_view(plain, show_accounts=True)
    assert "OCR" not in view and "?" not in todo_table(plain) and "A1?" not in view
    rows = list(csv.reader(io.StringIO(todo_csv(plain))))
    assert all(row[14] == "" for row in rows[1:])
    data = to_json(plain)
    assert data["source"] is None and all(a["ocr_doubt"] is False for a in data["accounts"])


def test_a_text_layer_sample_differs_from_before_only_by_the_new_keys_and_column():
    """The JSON of a sample read from its text layer, with the added keys taken out, has exactly the
    keys it had before issue 18; the CSV, with its last column taken out, the columns it had."""
    from creditgap.api import analyze_report
    from tests.helpers import SAMPLES

    parsed = analyze_report(SAMPLES / "detailed-online.pdf")
    data = to_json(parsed)
    assert data["source"].pop("ocr_pages") == []
    assert set(data["source"]) == {"file", "pages", "sha256"}
    for key in ("accounts", "agreements", "liabilities"):
        for record in data[key]:
            assert record.pop("ocr_doubt") is False
            assert "ocr" not in "".join(record)
    rows = list(csv.reader(io.StringIO(todo_csv(parsed))))
    assert [row[14] for row in rows] == ["识别存疑"] + [""] * (len(rows) - 1)
    assert rows[0][:14] == ["序号", "平台", "放款机构", "账户", "操作", "原因", "涉及额度", "操作步骤", "客服电话", "预计生效",
                            "匹配置信度", "办理日期", "报告编号", "读取完整"]
    assert not any("识别存疑" in row[5] for row in rows[1:])


def test_with_some_pages_by_ocr_only_what_was_read_on_them_is_checked():
    source = Source(file="mixed.pdf", pages=8, sha256="0" * 64, ocr_pages=(6, 7))
    r = _report(account("A1", "重庆京东盛记小额贷款有限公司", page=3, as_of="2022-01"),  # text layer: as printed
                account("A2", "重庆京东盛记小额贷款有限公司", page=6, as_of="2022-01"),  # OCR page
                account("A3", "招商银行股份有限公司", page=4), header=HEADER, source=source)
    out = mark_doubts(r, [])
    assert out.accounts[0] == r.accounts[0]
    assert out.accounts[1].ocr_doubt and out.accounts[1].lender == "重庆京东盛际小额贷款有限公司"
    assert not any(c.code == "ocr_id_checksum" for c in out.checks)  # page 1 came from the text layer
    assert any(c.code == "ocr_id_checksum" for c in mark_doubts(replace(r, source=replace(source, ocr_pages=(1,))), []).checks)


@pytest.mark.parametrize("line, fixed", [
    ("12018年06月13日招商银行股份有限公司信用卡中心发放的贷记卡（人民币账户）。", "1.2018年06月13日"),
    ("102024年05月12日吉林亿联银行股份有限公司发放的34,500元（人民币）", "10.2024年05月12日"),
    ("余额0。112024年05月25日重庆京东盛际小额贷款有限公司发放的42,000元", "余额0。11.2024年05月25日"),
    ("122023年07月19日重庆蚂蚁消费金融有限公司为其他个人消费贷款授信，额度长期有效", "12.2023年07月19日"),
    ("162025年02月20日，为上海某某科技有限公司（证件类型：中征码", "16.2025年02月20日"),
])
def test_an_items_ordinal_that_lost_its_dot_gets_it_back(line, fixed):
    """A phone photo of simplified-online lost 13 of 16 ordinals' dots: without it the items run together."""
    out, doubts = repair(line, 0.99, cell=False, page=1)
    assert out.startswith(fixed) and out.replace(".", "", 1) == line.replace(".", "", 1) and doubts == []


@pytest.mark.parametrize("line", ["12024年10月01日中国工商银行股份有限公司上海市分行贷款审批",  # an inquiry row prints no dot
                                  "2018年06月13日招商银行股份有限公司发放的贷记卡"])
def test_no_dot_where_the_line_is_no_item(line):
    assert repair(line, 0.99, cell=False, page=1) == (line, [])


def test_a_doubtful_0_or_grid_symbol_names_no_block_by_its_value():
    r = _report(account("A1", "招商银行股份有限公司", balance=0, page=3), account("A2", "中国银行股份有限公司", balance=0, page=3),
                account("A3", "中国银行股份有限公司", balance=0, page=5))
    out = mark_doubts(r, [Doubt(3, "0", "0", "low_score"), Doubt(3, "N", "N", "low_score")])
    assert _refs(out) == set() and out.unattributed_doubts == 2
    # an unsure 0 is in no field (a grid figure): it names no block, nor does a lone letter or an
    # inked cell read empty that no parser warning names (issue 26: a doubt names its field or none)
    assert _refs(mark_doubts(r, [Doubt(5, "0", "0", "low_score")])) == set()
    assert _refs(mark_doubts(r, [Doubt(5, "o", "o", "bad_format")])) == set()
    assert _refs(mark_doubts(r, [Doubt(5, "", "", "ink_no_text")])) == set()


def test_a_status_out_of_the_vocabulary_or_a_credit_line_account_without_its_agreement_is_doubted():
    """A phone photo of detailed-online: 结清 misread (status other: an open account that is settled) and
    headings whose 授信协议标识 was lost."""
    from creditgap.model import Family, Status

    r = _report(replace(account("A1", "x", page=3, status=Status.OTHER), status_raw="结消"),
                account("A2", "x", page=3, status=Status.SETTLED),
                account("A3", "x", page=4, family=Family.REVOLVING_SUB, agreement_id=None),
                account("A4", "x", page=4, family=Family.REVOLVING, agreement_id="B10512900H0001"),
                replace(account("A5", "x", page=5, family=Family.CREDIT_CARD), status_raw=None))
    assert _refs(mark_doubts(r, [])) == {"A1", "A3"}


# --- issue 26: every doubt names its field --------------------------------------------------------


def test_a_doubt_names_the_record_and_field_its_value_fed():
    r = _report(account("A1", "招商银行股份有限公司", page=4, balance=7000, amount=12000, opened=date(2021, 3, 4)),
                account("A2", "中国银行股份有限公司", page=4, balance=0, amount=7000))
    out = mark_doubts(r, [Doubt(4, "7.000", "7,000", "repaired"), Doubt(4, "2021.O3.04", "2021.03.04", "repaired")])
    assert {a.ref: a.doubts for a in out.accounts} == {"A1": ("opened", "balance"), "A2": ("amount",)}
    (check,) = [c for c in out.checks if c.code == "ocr_doubt"]
    assert "A1 的开立日期、余额；A2 的金额" in check.message and "A1: opened, balance" in check.message_en


def test_an_inquiry_reason_out_of_the_vocabulary_or_named_by_a_doubt_is_that_inquirys_field():
    from creditgap.model import Inquiry

    inquiries = (Inquiry(date(2025, 1, 2), "招商银行股份有限公司", "贷后管理"),
                 Inquiry(date(2025, 1, 3), "本人", "本人宣询(自助查询机)"),  # 查 misread: no such reason
                 Inquiry(date(2025, 1, 4), "本人", "本人查询（自助查询机）"))
    r = replace(_report(account("A1", "招商银行股份有限公司", page=3)), inquiries=inquiries)
    out = mark_doubts(r, [Doubt(6, "2025.0l.04", "2025.01.04", "repaired")])
    assert out.doubts == ("inquiries[2].reason", "inquiries[3].date")
    assert "查询记录第 2 条的查询原因" in next(c.message for c in out.checks if c.code == "ocr_doubt_fields")


def test_a_value_mixing_bracket_widths_takes_the_full_width_and_is_a_doubt():
    text, doubts = repair("中国工商银行股份有限公司牡丹卡中心（厦门分中心)", 0.99, cell=True, page=2)
    assert text == "中国工商银行股份有限公司牡丹卡中心（厦门分中心）" and [d.reason for d in doubts] == ["repaired"]
    assert repair("本人查询(自助查询机)", 0.99, cell=True, page=2) == ("本人查询(自助查询机)", [])
