from datetime import date, datetime

import pytest
from hypothesis import given, strategies as st

from creditgap import fields as F
from creditgap.model import Status


@pytest.mark.parametrize("raw, value", [
    ("1,500,000", 1500000), ("0", 0), ("5,000元", 5000), ("--", None), ("", None), (None, None),
    ("12\n345", 12345), (" 437 ", 437), ("1,500.00", 1500), ("99.50", 100), ("-3", -3),
])
def test_amount(raw, value):
    assert F.amount(raw) == value


@pytest.mark.parametrize("raw", ["1.555", "abc", "1,50", "12元5", "1.2.3"])
def test_amount_rejects_non_amounts(raw):
    with pytest.raises(F.FieldError):
        F.amount(raw)


@given(st.integers(min_value=0, max_value=10**12))
def test_amount_round_trips_thousands_separators(n):
    assert F.amount(f"{n:,}") == n


@pytest.mark.parametrize("raw, value", [
    ("2014.09.30", date(2014, 9, 30)), ("2019年05月10日", date(2019, 5, 10)), ("2019年5月1日", date(2019, 5, 1)),
    ("2014-09-30", date(2014, 9, 30)), ("--", None), ("长期", None), ("2014.0\n9.30", date(2014, 9, 30)),
])
def test_day(raw, value):
    assert F.day(raw) == value


@pytest.mark.parametrize("raw", ["2014.13.01", "2014.02.30", "yesterday"])
def test_day_rejects(raw):
    with pytest.raises(F.FieldError):
        F.day(raw)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_day_round_trips_both_notations(d):
    assert F.day(f"{d:%Y.%m.%d}") == d
    assert F.day(f"{d.year}年{d.month}月{d.day}日") == d


@pytest.mark.parametrize("raw, value", [("2023.11", "2023-11"), ("2018年2月", "2018-02"), ("--", None)])
def test_month(raw, value):
    assert F.month(raw) == value


def test_day_or_month_keeps_precision():
    assert F.day_or_month("2021.02.23") == "2021-02-23"
    assert F.day_or_month("2023.11") == "2023-11"


@pytest.mark.parametrize("raw, value", [
    ("2025-03-11 04:01:39", datetime(2025, 3, 11, 4, 1, 39)),
    ("2026.07.19 09:08:07", datetime(2026, 7, 19, 9, 8, 7)),
])
def test_timestamp(raw, value):
    assert F.timestamp(raw) == value


@pytest.mark.parametrize("raw, value", [
    ("正常", Status.NORMAL), ("结清", Status.SETTLED), ("已结清", Status.SETTLED), ("销户", Status.CLOSED),
    ("未激活", Status.INACTIVE), ("转出", Status.TRANSFERRED), ("呆账", Status.BAD_DEBT), ("银行止付", Status.STOPPED),
    ("司法追偿", Status.OTHER), ("催收", Status.OVERDUE),
])
def test_status(raw, value):
    assert F.status(raw) is value


@pytest.mark.parametrize("raw, code", [("人民币元", "CNY"), ("人民币", "CNY"), ("美元", "USD"), ("日元", "JPY"), ("--", "CNY")])
def test_currency(raw, code):
    assert F.currency(raw) == code


@given(st.text(max_size=30))
def test_junk_raises_only_field_error(text):
    for parse in (F.amount, F.day, F.month, F.day_or_month, F.currency):
        try:
            parse(text)
        except F.FieldError:
            pass
