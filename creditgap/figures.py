"""The check-up's records: what a lender's review counts, today and after the to-do list.

``judge.readiness`` computes them from an analysed report; ``Report.readiness`` holds them and
``Readiness.to_json`` gives the contract's ``readiness`` object. Plain data: this module imports
nothing of the package.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class Drop:
    """The next day a window's hard count falls (no new inquiries assumed), and what it falls to."""

    count: int
    on: date
    to: int


@dataclass(frozen=True, slots=True)
class Inquiries:
    hard: dict[str, int | None]  # window key ("1m" …) → hard inquiries in it
    soft: dict[str, int | None]  # … soft inquiries (贷后管理, 本人查询 …)
    hard_institutions: dict[str, int | None]  # distinct institutions behind the hard inquiries
    hard_online: dict[str, int | None]  # hard inquiries by institutions the mapping knows as online lenders
    by_reason: dict[str, dict[str, int | None]]  # vocabulary reason → window counts (hard and soft)
    drops: dict[str, Drop | None]  # window key → when its hard count next falls; None when it is 0
    unclassified: tuple[str, ...] = ()  # reasons outside the vocabulary, as printed


@dataclass(frozen=True, slots=True)
class Pair:
    """One figure today and after the to-do list is done."""

    now: Any
    after: Any


@dataclass(frozen=True, slots=True)
class Figures:
    open_loan_accounts: Pair  # open 非循环贷 + 循环额度下分账户 + 循环贷 accounts (cards and 被追偿 not included)
    open_online_loan_accounts: Pair  # … of those, at lenders the mapping marks online
    online_lenders_with_balance: Pair  # distinct online lenders with an open loan account whose 余额 > 0
    open_lenders: Pair  # distinct institutions with an open account (被追偿 excluded) or an agreement in force
    credit_granted: Pair  # yuan: open credit lines in CNY (an agreement covers its accounts), 被追偿 excluded
    credit_used: Pair  # yuan: what is drawn on those lines (cards' 已用额度, loans' 余额), where the report says
    credit_used_unknown: Pair  # lines whose drawn amount the report does not give (left out of credit_used)
    foreign_lines: Pair  # open lines in another currency: counted here, never added to the yuan sums
    card_limit: Pair  # yuan: limits of open CNY 贷记卡 (inactive cards included: their limit counts)
    card_used: Pair  # yuan: their 已用额度
    card_utilisation: Pair  # percent, 1 decimal: card_used / card_limit; None without a card
    card_utilisation_max: Pair  # percent: the highest single card
    card_max_ref: Pair  # the ref of that card
    opened_6m: Pair  # accounts opened in the 6-month window (settled ones too; 被追偿 not counted)
    opened_12m: Pair  # … 12-month window
    overdue_now: Pair  # open accounts now 逾期 or 呆账 (被追偿 in 催收 included)
    overdue_5y_accounts: Pair  # accounts with overdue months in the 5-year record (any status), or overdue now
    overdue_5y_months: Pair  # the sum of the 5-year overdue months the report gives
    overdue_5y_unknown: Pair  # accounts for which the report gives no 5-year overdue figure
    overdue_2y_min: Pair  # accounts certainly overdue within 2 years (see overdue_2y)
    overdue_2y_max: Pair  # accounts possibly overdue within 2 years
    liabilities: Pair  # 相关还款责任 / 为他人担保 records
    liabilities_balance: Pair  # yuan: their balance


@dataclass(frozen=True, slots=True)
class Hint:
    """One row of mappings/review_hints.csv: a threshold public material mentions, with its source."""

    figure: str  # a Figures field, or hard_inquiries_1m … hard_inquiries_24m
    operator: str  # ">" or ">=": the figure is highlighted when ``figure operator threshold``
    threshold: float
    wording_zh: str
    wording_en: str
    source_url: str
    source_title: str
    published: str  # the source's own date, or "" when it shows none
    recorded: str  # the day the row was read from the source


@dataclass(frozen=True, slots=True)
class HintCheck:
    hint: Hint
    now: Any  # the figure today (None: not computed)
    after: Any
    above_now: bool | None
    above_after: bool | None


@dataclass(frozen=True, slots=True)
class Readiness:
    as_of: date | None  # the report date every window counts back from; None when the report gives no time
    inquiries: Inquiries
    figures: Figures
    hints: tuple[HintCheck, ...] = ()

    @property
    def above(self) -> tuple[HintCheck, ...]:
        """The hints a figure is above today."""
        return tuple(c for c in self.hints if c.above_now)

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        i = self.inquiries
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "inquiries": {
                "hard": dict(i.hard), "soft": dict(i.soft), "hard_institutions": dict(i.hard_institutions),
                "hard_online": dict(i.hard_online), "by_reason": {r: dict(c) for r, c in i.by_reason.items()},
                "drops": {k: (None if d is None else {"count": d.count, "on": d.on.isoformat(), "to": d.to})
                          for k, d in i.drops.items()},
                "unclassified": list(i.unclassified),
            },
            "figures": {f.name: {"now": getattr(self.figures, f.name).now, "after": getattr(self.figures, f.name).after}
                        for f in fields(self.figures)},
            "hints": [{"figure": c.hint.figure, "threshold": c.hint.threshold,
                       "operator": c.hint.operator, "wording": c.hint.wording_en if lang == "en" else c.hint.wording_zh,
                       "source_url": c.hint.source_url, "source_title": c.hint.source_title,
                       "published": c.hint.published or None, "recorded": c.hint.recorded,
                       "now": c.now, "after": c.after, "above_now": c.above_now, "above_after": c.above_after}
                      for c in self.hints],
        }
