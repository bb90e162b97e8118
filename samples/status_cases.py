"""Report models with every account state a 简版 prints (report-format.md §7.2) and the wording of §7.3.

``with_states(report, rng)`` puts some open accounts of a model into the other states: overdue
(a card's 逾期金额, a 准贷记卡 overdrawn more than 60 days, a credit line's 当前有逾期), 呆账, 司法追偿,
冻结, 止付, and a wording no parser knows. ``every_state(rng)`` is a kitchen-sink model with each of
them at least once, 其他业务 (融资租赁, 约定购回, 股票质押), a dual-currency card (two accounts sharing
one limit and tail) and a loan in US dollars that came from another institution. Names and IDs are
synthetic; lenders are public institutions.
"""

from __future__ import annotations

import random
from dataclasses import replace

from creditgap.model import FAMILY_ORDER, Account, Family, Report, Status

from .simplified_words import OTHER_BUSINESS
from .synth import BANKS, CARD_ISSUERS, _Builder, random_report, summarise

# A state wording no 简版 reader knows: read as ``other`` with this wording, never as normal.
UNKNOWN_WORDING = "已核销"
# The states each family can take beyond the generator's own (synth._Builder), as (status, 详版 word).
CARD_STATES = [(Status.OVERDUE, "逾期"), (Status.FROZEN, "冻结"), (Status.STOPPED, "止付"), (Status.OTHER, "司法追偿"),
               (Status.BAD_DEBT, "呆账"), (Status.OTHER, UNKNOWN_WORDING)]
SEMI_STATES = [(Status.OVERDUE, "逾期")]
LOAN_STATES = [(Status.OVERDUE, "逾期"), (Status.BAD_DEBT, "呆账"), (Status.OTHER, "司法追偿"), (Status.OTHER, UNKNOWN_WORDING)]
LINE_STATES = [(Status.OVERDUE, "逾期")]
OTHER_BUSINESS_LENDERS = ("平安国际融资租赁有限公司", "中信证券股份有限公司", "华泰证券股份有限公司")


def put_in_state(a: Account, status: Status, raw: str) -> Account:
    """``a`` (open) in ``status``: a debt left where the state needs one (逾期金额, 余额 of a bad record)."""
    if a.family in (Family.CREDIT_CARD, Family.SEMI_CREDIT_CARD):
        used = max(a.used or 0, 1000) if a.family is Family.CREDIT_CARD else None
        balance = max(a.balance or 0, 1000)
        return replace(a, status=status, status_raw=raw, used=used, balance=used if used is not None else balance)
    return replace(a, status=status, status_raw=raw, balance=max(a.balance or 0, 1000))


def _states(a: Account) -> list[tuple[Status, str]]:
    if a.status is not Status.NORMAL or a.business_type == "大额专项分期卡":
        return []
    return {Family.CREDIT_CARD: CARD_STATES, Family.SEMI_CREDIT_CARD: SEMI_STATES, Family.LOAN: LOAN_STATES,
            Family.REVOLVING_SUB: LOAN_STATES, Family.REVOLVING: LINE_STATES}.get(a.family, [])


def with_states(report: Report, rng: random.Random, share: float = 0.35) -> Report:
    """``report`` with about ``share`` of its normal accounts put in another state a 简版 prints."""
    accounts = []
    for a in report.accounts:
        states = _states(a)
        if states and rng.random() < share:
            a = put_in_state(a, *rng.choice(states))
        accounts.append(a)
    return replace(report, accounts=tuple(accounts), summary=summarise(accounts))


def every_state(rng: random.Random) -> Report:
    """A kitchen-sink model with every state of §7.2 and the wording of §7.3 at least once."""
    base = random_report(rng, "kitchen")
    assert base.header.report_time is not None
    b = _Builder(rng, base.header.report_time.date())
    extra: list[Account] = []
    for state in CARD_STATES:
        extra.append(put_in_state(b.card(rng.choice(CARD_ISSUERS)), *state))
    extra += [put_in_state(b.semi_card(BANKS[9]), *SEMI_STATES[0])]
    for state in LOAN_STATES:
        extra.append(put_in_state(b.loan(rng.choice(BANKS[:2]), state="open"), *state))
    extra.append(put_in_state(b.revolving(BANKS[0], "open"), *LINE_STATES[0]))
    for kind, lender in zip(OTHER_BUSINESS, OTHER_BUSINESS_LENDERS):
        extra.append(b.loan(lender, business_type=kind, big=True))
    extra.append(b.loan(lender, business_type=OTHER_BUSINESS[0], state="settled"))
    rmb = b.card(CARD_ISSUERS[1], currency="CNY")
    extra += [replace(rmb, card_tail=rmb.card_tail or "6041"),  # one card, two currencies, one limit
              replace(rmb, card_tail=rmb.card_tail or "6041", currency="USD", used=0, balance=0,
                      account_id=(rmb.account_id or "") + "U")]
    extra.append(replace(b.loan(BANKS[0], business_type="住房贷款", big=True), currency="USD"))
    extra += [b.loan(BANKS[1], business_type=kind, big=True) for kind in ("汽车贷款", "个人经营性贷款")]
    ordered = [a for family in FAMILY_ORDER for a in list(base.accounts) + extra if a.family is family]
    accounts = tuple(replace(a, ref=f"A{n}") for n, a in enumerate(ordered, 1))
    return replace(base, accounts=accounts, summary=summarise(accounts))
