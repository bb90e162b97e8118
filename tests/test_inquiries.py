"""查询记录 read by its columns' labels, both layouts (issue 12, item 4): with or without a
查询操作员 column, reasons wrapped onto two lines, 本人查询 with its channel in brackets."""

from __future__ import annotations

import random
from datetime import date

import pytest

from creditgap.model import Inquiry
from creditgap.parse.detailed import DetailedParser
from creditgap.parse.simplified import SimplifiedParser
from samples.render_detailed import DetailedStyle, detailed_items
from samples.synth import random_report
from tests.helpers import TextDoc
from tests.test_page_breaks import ItemDoc

D_HEAD = ["个人信用报告", "（本人版）", "报告编号：20250311040139000001 报告时间：2025.03.11 04:01:39", "四 查询记录"]
S_HEAD = ["个人信用报告", "报告编号：2025031104013907986945 报告时间：2025-03-11 04:01:39",
          "姓名：张三 证件类型：身份证 证件号码：110101199001011234 已婚", "信贷记录", "查询记录"]
ICBC = "中国工商银行股份有限公司上海市分行"
WANT = [Inquiry(date(2024, 10, 1), ICBC, "贷款审批"),
        Inquiry(date(2024, 12, 3), "本人", "本人查询（互联网个人信用信息服务平台）")]


def detailed(rows: list) -> list[Inquiry]:
    return list(DetailedParser().extract(TextDoc([D_HEAD + rows])).inquiries)


def simplified(lines: list) -> list[Inquiry]:
    return list(SimplifiedParser().extract(TextDoc([S_HEAD + lines])).inquiries)


def test_detailed_with_an_operator_column():
    rows = ["机构查询记录明细", ("编号", "查询日期", "查询机构", "查询操作员", "查询原因"),
            ("1", "2024.10.01", ICBC, "czy0001", "贷款审批"),
            "本人查询记录明细", ("编号", "查询日期", "查询机构", "查询操作员", "查询原因"),
            ("1", "2024.12.03", "本人", "--", "本人查询（互联网个人信用信息服务平台）")]
    assert detailed(rows) == WANT


def test_detailed_with_the_operator_in_place_of_the_institution_and_columns_reordered():
    rows = [("编号", "查询日期", "查询原因", "查询操作员"), ("1", "2024.10.01", "贷款审批", ICBC),
            ("2", "2024.12.03", "本人查询（互联网个人信用信息服务平台）", "本人")]
    assert detailed(rows) == WANT


def test_detailed_reason_wrapped_onto_a_row_of_its_own():
    rows = [("编号", "查询日期", "查询机构", "查询原因"), ("1", "2024.10.01", "中国工商银行股份有限公司", "贷款审批"),
            ("", "", "上海市分行", ""), ("2", "2024.12.03", "本人", "本人查询（互联网个"), ("", "", "", "人信用信息服务平台）")]
    assert detailed(rows) == WANT


def test_detailed_self_query_table_without_an_institution_column():
    rows = ["本人查询记录明细", ("编号", "查询日期", "查询原因"), ("1", "2024.12.03", "本人查询（自助查询机）")]
    assert detailed(rows) == [Inquiry(date(2024, 12, 3), "本人", "本人查询（自助查询机）")]


def test_simplified_with_the_first_generation_operator_column():
    lines = ["机构查询记录明细", "编号 查询日期 查询操作员 查询原因", f"1 2024年10月01日 {ICBC} 贷款审批",
             "个人查询记录明细", "编号 查询日期 查询操作员 查询原因", "1 2024年12月03日 本人 本人查询（互联网个人信用信息服务平台）"]
    assert simplified(lines) == WANT


def test_simplified_self_query_without_本人_and_its_reason_wrapped():
    """Regression: a 本人查询 row with nothing printed as the institution was not read."""
    lines = ["机构查询记录明细", "编号 查询日期 查询机构 查询原因", "1 2024年10月01日 中国工商银行股份有限公司上海市", "分行 贷款审批",
             "本人查询记录明细", "编号 查询日期 查询机构 查询原因", "1 2024年12月03日 本人查询（互联网个人信用信息服务平", "台）"]
    assert simplified(lines) == WANT


def test_simplified_bare_self_query_reason():
    lines = ["个人查询记录明细", "1 2018年3月6日 本人 本人查询"]
    assert simplified(lines) == [Inquiry(date(2018, 3, 6), "本人", "本人查询")]


@pytest.mark.parametrize("columns", ["institution", "operator", "both"])
@pytest.mark.parametrize("wrap_rows", [False, True])
def test_detailed_generator_variants_read_back(columns, wrap_rows):
    model = random_report(random.Random(3), "kitchen")
    pages, truth = detailed_items(model, DetailedStyle(inquiry_columns=columns, inquiry_wrap_rows=wrap_rows))
    assert DetailedParser().extract(ItemDoc(pages)).inquiries == truth.inquiries
