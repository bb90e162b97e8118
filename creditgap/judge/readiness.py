"""The check-up: what a lender's review will count, today and after the to-do list (its records: ``figures``).

Pure functions over an analysed Report (platforms, to-do list filled in by ``rules``). Nothing here predicts an
outcome: the figures are counts read from the report, and ``mappings/review_hints.csv`` only says
which of them public material commonly mentions ("常见审核关注点"), with its source.

Windows. An inquiry (or an account opened) on day ``d`` is in the N-month window of a report
printed on day ``T`` when ``months_back(T, N) <= d <= T``: ``T`` moved back N calendar months, same
day of month, clamped to that month's last day (2025-03-31 → 6 months back → 2024-09-30).

"After the to-do list": every item of ``report.todo`` is taken as done, and an item closes every
account and agreement it names (a ``repay_then_close`` item is repaid, then closed; a
``resolve_overdue`` item is settled). History stays: inquiries, opening dates and overdue months
are in the report whatever is closed, so those figures are the same before and after.
"""

from __future__ import annotations

import calendar
import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..figures import Drop, Figures, Hint, HintCheck, Inquiries, Pair, Readiness
from ..lenders import Matcher, default_matcher, is_online
from ..model import Account, Family, Inquiry, Report, Status
from .credit import credit_lines, unknown_status

WINDOWS = (1, 3, 6, 12, 24)
WINDOW_KEYS = tuple(f"{n}m" for n in WINDOWS)

HARD = "hard"
SOFT = "soft"
SELF = "本人查询"
# Every 查询原因 of report-format.md §4.4, decided. Hard: the inquiry was made because someone asked
# for credit (or for the subject to back credit); a reviewer reads it as an application. Soft: the
# inquiry watches credit already granted, or is not about credit at all.
REASON_KIND: dict[str, str] = {
    "贷款审批": HARD,  # a loan application
    "信用卡审批": HARD,  # a card application
    "担保资格审查": HARD,  # the subject offered as a guarantor for a new loan: new exposure for them
    "保前审查": HARD,  # a guarantor or credit insurer checking before it backs a new loan to the subject
    "融资审批": HARD,  # a financing application (leasing, micro-lenders' wording)
    "额度审批": HARD,  # a credit-limit application or increase
    "资信审查": HARD,  # a creditworthiness check for an application
    "客户准入资格审查": HARD,  # screening a new customer for a credit product
    "法人代表、负责人、高管等资信审查": HARD,  # a company's credit application that checks its officers
    "贷后管理": SOFT,  # an existing lender monitoring its own loan
    "保后管理": SOFT,  # an existing guarantor monitoring what it backs
    "特约商户实名审查": SOFT,  # a card-acquiring merchant check (POS): not an application for credit
    "司法调查": SOFT,  # a court or authority: not an application for credit
    "公积金提取复核": SOFT,  # housing-fund withdrawal check
    "异议处理": SOFT,  # the subject's own dispute being handled
    "其他": SOFT,  # PBOC's catch-all; not identifiable as an application
    SELF: SOFT,  # 本人查询（…）, every channel
}
REASON_NOTE = (
    "Reasons outside the vocabulary (a misread or a new code) count as hard when they contain 审批 or 审查, "
    "else soft; they are listed in ``unclassified``."
)
LOAN_FAMILIES = (Family.LOAN, Family.REVOLVING_SUB, Family.REVOLVING)
OVERDUE_STATUSES = (Status.OVERDUE, Status.BAD_DEBT)


# --- dates -----------------------------------------------------------------------------------


@lru_cache(maxsize=4096)  # asked thousands of times for the same report day: every inquiry and account, every window
def months_back(day: date, months: int) -> date:
    """``day`` moved back ``months`` calendar months, the day of month clamped to the month's end."""
    y, m = divmod(day.month - 1 - months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def in_window(d: date | None, today: date, months: int) -> bool:
    return d is not None and months_back(today, months) <= d <= today


def _month_end(text: str | None) -> date | None:
    """A YYYY-MM-DD date, or the last day of a YYYY-MM month; None when absent or unreadable."""
    if not text:
        return None
    try:
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            return date(year, month, calendar.monthrange(year, month)[1])
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


# --- inquiries -------------------------------------------------------------------------------


def reason_key(reason: str) -> str:
    """The vocabulary name of a printed 查询原因 (widths and spaces folded; every 本人查询 channel → 本人查询)."""
    text = "".join(unicodedata.normalize("NFKC", reason).split())
    if text.startswith(("本人查询", "个人查询")):
        return SELF
    for known in REASON_KIND:
        if unicodedata.normalize("NFKC", known) == text:
            return known
    return text


def kind_of(reason: str) -> str:
    """hard or soft for a printed 查询原因 (see REASON_KIND and REASON_NOTE)."""
    key = reason_key(reason)
    if key in REASON_KIND:
        return REASON_KIND[key]
    return HARD if ("审批" in key or "审查" in key) else SOFT


def _counts(dates: list[date], today: date | None) -> dict[str, int | None]:
    return {k: (None if today is None else sum(in_window(d, today, n) for d in dates)) for k, n in zip(WINDOW_KEYS, WINDOWS)}


def next_drop(dates: list[date], today: date, months: int) -> Drop | None:
    """When the count of ``dates`` in the ``months`` window next falls, counting from ``today``."""
    inside = [d for d in dates if in_window(d, today, months)]
    if not inside:
        return None
    oldest = min(inside)
    day = today + timedelta(days=1)
    while months_back(day, months) <= oldest:
        day += timedelta(days=1)
    start = months_back(day, months)
    return Drop(count=len(inside), on=day, to=sum(1 for d in inside if d >= start))


def inquiries_of(report: Report, today: date | None, matcher: Matcher) -> Inquiries:
    rows: list[Inquiry] = list(report.inquiries)
    hard = [i for i in rows if kind_of(i.reason) == HARD]
    soft = [i for i in rows if kind_of(i.reason) == SOFT]

    def institutions(n: int) -> int | None:
        return None if today is None else len({i.institution for i in hard if in_window(i.date, today, n)})

    online = [i for i in hard if is_online(i.institution, matcher)]
    reasons: dict[str, list[date]] = {}
    for i in rows:
        reasons.setdefault(reason_key(i.reason), []).append(i.date)
    hard_dates = [i.date for i in hard]
    return Inquiries(
        hard=_counts(hard_dates, today),
        soft=_counts([i.date for i in soft], today),
        hard_institutions={k: institutions(n) for k, n in zip(WINDOW_KEYS, WINDOWS)},
        hard_online=_counts([i.date for i in online], today),
        by_reason={r: _counts(ds, today) for r, ds in sorted(reasons.items())},
        drops={k: (None if today is None else next_drop(hard_dates, today, n)) for k, n in zip(WINDOW_KEYS, WINDOWS)},
        unclassified=tuple(sorted({reason_key(i.reason) for i in rows} - set(REASON_KIND))),
    )


# --- the summary, before and after ----------------------------------------------------------


def drawn(a: Account) -> int | None:
    """What is used on an account: a card's 已用额度, otherwise 余额; an inactive card has used nothing."""
    if a.status is Status.INACTIVE:
        return 0
    if a.family is Family.CREDIT_CARD:
        return a.used if a.used is not None else a.balance
    return a.balance


def closed_by_todo(report: Report) -> set[str]:
    """Refs of the accounts and agreements that doing every to-do item closes (an item that asks what
    an unknown status means closes nothing)."""
    unknown = {a.ref for a in report.accounts if unknown_status(a)}
    return {ref for t in report.todo for ref in t.accounts + t.agreements} - unknown


def _lender_key(name: str, matcher: Matcher) -> str:
    found = matcher.resolve(name)
    return found[0] if found else name


@dataclass(frozen=True, slots=True)
class _State:
    """The report's open accounts and agreements at one moment (now, or after the to-do list)."""

    accounts: tuple[Account, ...]  # open accounts
    agreement_refs: frozenset[str]  # agreements still in force


def _state(report: Report, closed: set[str]) -> _State:
    return _State(tuple(a for a in report.accounts if a.is_open and a.ref not in closed),
                  frozenset(g.ref for g in report.agreements if g.ref not in closed))


def _credit(report: Report, state: _State) -> tuple[int, int, int, int]:
    """(granted, used, lines with used unknown, foreign lines) over the open lines of ``state``."""
    lines = credit_lines(report, loans=True)  # 授信总额: loans at their amount too
    by_ref = {a.ref: a for a in report.accounts}
    agreements = {g.ref: g for g in report.agreements}
    open_refs = {a.ref for a in state.accounts}
    granted = used = unknown = foreign = 0
    for ref, limit in lines.items():
        if ref in agreements:
            g = agreements[ref]
            if ref not in state.agreement_refs:
                continue
            if g.currency != "CNY":
                foreign += 1
                continue
            linked = [a for a in report.accounts if g.agreement_id and a.agreement_id == g.agreement_id]
            if linked:
                values = [drawn(a) for a in linked if a.ref in open_refs]
                value: int | None = None if any(v is None for v in values) else sum(v or 0 for v in values)
            else:
                value = g.used
        else:
            a = by_ref[ref]
            if ref not in open_refs or a.family is Family.RECOVERED:
                continue
            if a.currency != "CNY":
                foreign += 1
                continue
            value = drawn(a)
        granted += limit or 0
        if value is None:
            unknown += 1
        else:
            used += value
    return granted, used, unknown, foreign


def _cards(state: _State) -> tuple[int, int, float | None, float | None, str | None]:
    """(limit, used, utilisation %, highest card %, its ref) over open CNY 贷记卡 with a limit."""
    cards = [a for a in state.accounts if a.family is Family.CREDIT_CARD and a.currency == "CNY"
             and (a.credit_limit or 0) > 0 and drawn(a) is not None]
    if not cards:
        return 0, 0, None, None, None
    limit = sum(a.credit_limit or 0 for a in cards)
    used = sum(drawn(a) or 0 for a in cards)
    top = max(cards, key=lambda a: ((drawn(a) or 0) / (a.credit_limit or 1), a.credit_limit or 0))
    return limit, used, _pct(used, limit), _pct(drawn(top) or 0, top.credit_limit or 1), top.ref


def _pct(part: int, whole: int) -> float:
    return round(part * 100 / whole, 1)


def _overdue_2y(report: Report, today: date | None) -> tuple[int | None, int | None]:
    """Accounts (min, max) with an overdue month within 2 years. The report gives a 5-year count per
    account, not the months, so: certainly, when the account is overdue now or was opened within the
    2-year window with overdue months; possibly, unless its record ended before the window or it
    never had an overdue month (a 0 in the 5-year count) or was never activated."""
    if today is None:
        return None, None
    start = months_back(today, 24)
    low = high = 0
    for a in report.accounts:
        now = a.is_open and a.status in OVERDUE_STATUSES
        months = a.overdue_months_5y
        low += now or bool(months and a.opened and a.opened >= start)
        ended = _month_end(a.closed_on)
        possible = months != 0 and a.status is not Status.INACTIVE and not (ended and ended < start)
        high += now or possible
    return low, high


def _figures_at(report: Report, state: _State, today: date | None, matcher: Matcher) -> dict[str, Any]:
    loans = [a for a in state.accounts if a.family in LOAN_FAMILIES]
    online = [a for a in loans if is_online(a.lender, matcher)]
    granted, used, unknown, foreign = _credit(report, state)
    card_limit, card_used, util, util_max, max_ref = _cards(state)
    counted = [a for a in report.accounts if a.family is not Family.RECOVERED]
    return {
        "open_loan_accounts": len(loans),
        "open_online_loan_accounts": len(online),
        "online_lenders_with_balance": len({_lender_key(a.lender, matcher) for a in online if (a.balance or 0) > 0}),
        "open_lenders": len({_lender_key(a.lender, matcher) for a in state.accounts if a.family is not Family.RECOVERED}
                            | {_lender_key(g.lender, matcher) for g in report.agreements if g.ref in state.agreement_refs}),
        "credit_granted": granted, "credit_used": used, "credit_used_unknown": unknown, "foreign_lines": foreign,
        "card_limit": card_limit, "card_used": card_used, "card_utilisation": util, "card_utilisation_max": util_max,
        "card_max_ref": max_ref,
        "opened_6m": None if today is None else sum(in_window(a.opened, today, 6) for a in counted),
        "opened_12m": None if today is None else sum(in_window(a.opened, today, 12) for a in counted),
        "overdue_now": sum(1 for a in state.accounts if a.status in OVERDUE_STATUSES),
    }


def figures_of(report: Report, today: date | None, matcher: Matcher) -> Figures:
    now = _figures_at(report, _state(report, set()), today, matcher)
    after = _figures_at(report, _state(report, closed_by_todo(report)), today, matcher)
    history = {  # the same before and after: closing an account does not remove its record
        "overdue_5y_accounts": sum(1 for a in report.accounts if (a.overdue_months_5y or 0) > 0
                                   or (a.is_open and a.status in OVERDUE_STATUSES)),
        "overdue_5y_months": sum(a.overdue_months_5y or 0 for a in report.accounts),
        "overdue_5y_unknown": sum(1 for a in report.accounts
                                  if a.overdue_months_5y is None and a.status is not Status.INACTIVE),
        "liabilities": len(report.liabilities),
        "liabilities_balance": sum(x.balance or 0 for x in report.liabilities),
    }
    low, high = _overdue_2y(report, today)
    history.update(overdue_2y_min=low, overdue_2y_max=high)
    values = {name: Pair(now[name], after[name]) for name in now}
    values.update({name: Pair(v, v) for name, v in history.items()})
    return Figures(**values)


# --- review hints ----------------------------------------------------------------------------

HINT_COLUMNS = ("figure", "operator", "threshold", "wording_zh", "wording_en", "source_url", "source_title", "published", "recorded")


def read_hints(text: str) -> tuple[Hint, ...]:
    rows = list(csv.DictReader(io.StringIO(text)))
    for r in rows:
        if (r.get("operator") or ">").strip() not in (">", ">="):
            raise ValueError(f"review hint {r.get('figure')}: operator must be > or >=")
    return tuple(Hint(**{c: (float(r[c]) if c == "threshold" else (r.get(c) or "").strip()) for c in HINT_COLUMNS})
                 for r in rows if (r.get("figure") or "").strip())


@cache
def bundled_hints() -> tuple[Hint, ...]:
    return read_hints(resources.files("creditgap.mappings").joinpath("review_hints.csv").read_text(encoding="utf-8-sig"))


def load_hints(path: str | Path | None = None) -> tuple[Hint, ...]:
    return bundled_hints() if path is None else read_hints(Path(path).read_text(encoding="utf-8-sig"))


def figure_value(inquiries: Inquiries, figures: Figures, name: str) -> Pair | None:
    """A hint's figure, today and after; None for a figure this module does not compute."""
    if name.startswith("hard_inquiries_") and name[len("hard_inquiries_"):] in WINDOW_KEYS:
        v = inquiries.hard[name[len("hard_inquiries_"):]]
        return Pair(v, v)
    if name in Figures.__dataclass_fields__:
        return getattr(figures, name)
    return None


def check_hints(inquiries: Inquiries, figures: Figures, hints: tuple[Hint, ...]) -> tuple[HintCheck, ...]:
    out = []
    for h in hints:
        pair = figure_value(inquiries, figures, h.figure) or Pair(None, None)
        above = [None if v is None else (v >= h.threshold if h.operator == ">=" else v > h.threshold)
                 for v in (pair.now, pair.after)]
        out.append(HintCheck(h, pair.now, pair.after, above[0], above[1]))
    return tuple(out)


# --- the whole ------------------------------------------------------------------------------


def assess(report: Report, matcher: Matcher | None = None, hints: tuple[Hint, ...] | None = None) -> Readiness:
    """The readiness figures of an analysed report (its ``todo`` filled in by ``rules.analyze``)."""
    matcher = matcher or default_matcher()
    today = report.header.report_time.date() if report.header.report_time else None
    inquiries = inquiries_of(report, today, matcher)
    figures = figures_of(report, today, matcher)
    return Readiness(today, inquiries, figures, check_hints(inquiries, figures, load_hints() if hints is None else hints))
