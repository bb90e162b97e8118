"""Builders for small hand-made reports (no PDF), for the rule and comparison tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from creditgap.judge.platforms import attach_platforms
from creditgap.model import Account, Agreement, Family, Header, Report, Status

HEADER = Header(layout="detailed", generation=2, report_no="20250311040139000001", report_time=datetime(2025, 3, 11, 4, 1, 39),
                subject_name="张三", subject_id="110101199001011234")
RAW = {Status.NORMAL: "正常", Status.SETTLED: "结清", Status.CLOSED: "销户", Status.OVERDUE: "逾期",
       Status.BAD_DEBT: "呆账", Status.INACTIVE: "未激活", Status.TRANSFERRED: "转出"}


def account(ref: str, lender: str, family: Family = Family.LOAN, status: Status = Status.NORMAL, balance: int | None = 0,
            opened: date = date(2023, 5, 10), **kw: Any) -> Account:
    defaults: dict[str, Any] = {"amount": 10000} if family in (Family.LOAN, Family.REVOLVING_SUB) else {"credit_limit": 20000}
    defaults.update(kw)
    defaults.setdefault("status_raw", RAW.get(status))
    return Account(ref=ref, family=family, lender=lender, opened=opened, status=status, balance=balance, **defaults)


def agreement(ref: str, lender: str, agreement_id: str, limit: int = 30000, used: int | None = 0) -> Agreement:
    return Agreement(ref=ref, lender=lender, agreement_id=agreement_id, effective=date(2022, 1, 1), expires=None,
                     purpose="循环贷款额度", limit=limit, used=used)


def report(*records: Account | Agreement) -> Report:
    accounts = tuple(r for r in records if isinstance(r, Account))
    agreements = tuple(r for r in records if isinstance(r, Agreement))
    return attach_platforms(Report(header=HEADER, accounts=accounts, agreements=agreements))
